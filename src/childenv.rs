//! The child's environment: vx's own (unless `--pristine`), minus the credentials
//! vx used (unless `--keep-token-env`), plus the resolved variables.

use std::ffi::OsString;

use crate::secret::Secret;

/// Variables that hold the credentials vx itself logs in with. A child that needs
/// one must say so with `--keep-token-env`: otherwise a compromised or chatty child
/// (a crash reporter dumping its environment) would hold vx's token.
pub const CREDENTIALS: &[&str] = &[
    "BAO_TOKEN",
    "VAULT_TOKEN",
    "VX_ROLE_ID",
    "VX_SECRET_ID",
    "VX_PASSWORD",
];

#[derive(Debug, Clone)]
pub struct Options {
    pub pristine: bool,
    pub keep_credentials: bool,
    /// Further variables that held credentials, such as the one `--jwt-env` names.
    pub more_credentials: Vec<String>,
}

/// Builds the child's environment from `inherited` (vx's own) and `resolved`.
/// A resolved variable replaces an inherited one of the same name.
pub fn build(
    inherited: impl IntoIterator<Item = (OsString, OsString)>,
    resolved: Vec<(String, Secret)>,
    options: &Options,
) -> Vec<(OsString, OsString)> {
    let mut env: Vec<(OsString, OsString)> = Vec::new();
    if !options.pristine {
        for (name, value) in inherited {
            let credential = CREDENTIALS.iter().any(|c| name == *c)
                || options.more_credentials.iter().any(|c| name == c.as_str());
            let replaced = resolved
                .iter()
                .any(|(resolved, _)| name == resolved.as_str());
            if (credential && !options.keep_credentials) || replaced {
                continue;
            }
            env.push((name, value));
        }
    }
    env.extend(
        resolved
            .into_iter()
            .map(|(name, value)| (OsString::from(name), OsString::from(value.into_exposed()))),
    );
    env
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(env: &[(OsString, OsString)]) -> Vec<String> {
        env.iter()
            .map(|(name, value)| format!("{}={}", name.to_string_lossy(), value.to_string_lossy()))
            .collect()
    }

    fn inherited() -> Vec<(OsString, OsString)> {
        [
            ("PATH", "/bin"),
            ("VAULT_TOKEN", "t"),
            ("BAO_TOKEN", "b"),
            ("DB", "old"),
        ]
        .into_iter()
        .map(|(k, v)| (k.into(), v.into()))
        .collect()
    }

    fn resolved() -> Vec<(String, Secret)> {
        vec![("DB".to_owned(), Secret::new("new"))]
    }

    #[test]
    fn credentials_are_dropped_and_resolved_values_win() {
        let options = Options {
            pristine: false,
            keep_credentials: false,
            more_credentials: Vec::new(),
        };
        assert_eq!(
            names(&build(inherited(), resolved(), &options)),
            ["PATH=/bin", "DB=new"]
        );
    }

    #[test]
    fn credentials_kept_on_request() {
        let options = Options {
            pristine: false,
            keep_credentials: true,
            more_credentials: Vec::new(),
        };
        assert_eq!(
            names(&build(inherited(), resolved(), &options)),
            ["PATH=/bin", "VAULT_TOKEN=t", "BAO_TOKEN=b", "DB=new"]
        );
    }

    #[test]
    fn pristine_starts_empty() {
        let options = Options {
            pristine: true,
            keep_credentials: true,
            more_credentials: Vec::new(),
        };
        assert_eq!(names(&build(inherited(), resolved(), &options)), ["DB=new"]);
    }
}
