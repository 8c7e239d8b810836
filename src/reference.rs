//! Secret references: `PATH#KEY` and `PATH?version=N#KEY`, with an optional `vault:`
//! prefix, and the decision whether a value is a reference, a template or a literal.
//!
//! This module only parses. Finding out which engine serves PATH, and reading it, is
//! `resolve`'s job.

use std::fmt;

use crate::exit::Failure;

pub const PREFIX: &str = "vault:";

/// Longer paths are typos or abuse; no secrets engine needs them.
const MAX_PATH: usize = 1024;

/// What one environment value asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spec {
    Literal(String),
    Reference(Reference),
    Template(String),
}

impl Spec {
    /// A value from `--env`: every value is a reference or a template there, so the
    /// `vault:` prefix is optional.
    pub fn from_flag(value: &str) -> Result<Self, Failure> {
        if is_template(value) {
            return Ok(Self::Template(value.to_owned()));
        }
        let bare = value.strip_prefix(PREFIX).unwrap_or(value);
        if !bare.contains('#') && (bare.contains(char::is_whitespace) || !bare.contains('/')) {
            return Err(Failure::new(format!(
                "`{value}` is neither a reference (PATH#KEY) nor a template ({{{{ ... }}}})"
            ))
            .hint(
                "--env takes only secrets; pass a literal value in vx's environment or an env file",
            ));
        }
        Reference::parse(bare).map(Self::Reference)
    }

    /// A value from an env file: only the `vault:` prefix makes a reference.
    pub fn from_file(value: &str) -> Result<Self, Failure> {
        if is_template(value) {
            return Ok(Self::Template(value.to_owned()));
        }
        match value.strip_prefix(PREFIX) {
            Some(bare) => Reference::parse(bare).map(Self::Reference),
            None => Ok(Self::Literal(value.to_owned())),
        }
    }
}

fn is_template(value: &str) -> bool {
    value.contains("{{")
}

/// The part of a reference that is read from the server: a path and, for KV v2, a
/// version. Two references with the same `SecretPath` are served by one read.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SecretPath {
    pub path: String,
    pub version: Option<u64>,
}

impl SecretPath {
    /// Parses `PATH` or `PATH?version=N`, as `secret("...")` in a template takes it.
    pub fn parse(text: &str) -> Result<Self, Failure> {
        Self::parse_within(text, text)
    }

    /// Parses `part`, reporting errors against `whole`, the text the user wrote.
    fn parse_within(whole: &str, part: &str) -> Result<Self, Failure> {
        let (path, query) = match part.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (part, None),
        };
        let path = path.trim_matches('/');
        if path.is_empty() {
            return Err(bad(whole, "the path is empty"));
        }
        if path.len() > MAX_PATH {
            return Err(bad(
                whole,
                &format!("the path is longer than {MAX_PATH} characters"),
            ));
        }
        if path
            .split('/')
            .any(|segment| matches!(segment, "" | "." | ".."))
        {
            return Err(bad(whole, "the path has an empty, `.` or `..` segment"));
        }
        let version = query.map(|query| parse_version(whole, query)).transpose()?;
        Ok(Self {
            path: path.to_owned(),
            version,
        })
    }
}

impl fmt::Display for SecretPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.version {
            Some(version) => write!(f, "{}?version={version}", self.path),
            None => f.write_str(&self.path),
        }
    }
}

/// One value in the server: a path and a key in the secret's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub path: SecretPath,
    pub key: String,
}

impl Reference {
    /// Parses `PATH#KEY` or `PATH?version=N#KEY` (without the `vault:` prefix).
    pub fn parse(text: &str) -> Result<Self, Failure> {
        let Some((path, key)) = text.split_once('#') else {
            let hint = format!("write `{text}#KEY` to pick one value of the secret");
            return Err(bad(text, "`#KEY` is missing after the path").hint(hint));
        };
        if key.is_empty() {
            return Err(bad(text, "the key after `#` is empty"));
        }
        Ok(Self {
            path: SecretPath::parse_within(text, path)?,
            key: key.to_owned(),
        })
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.path, self.key)
    }
}

fn parse_version(text: &str, query: &str) -> Result<u64, Failure> {
    let Some(number) = query.strip_prefix("version=") else {
        let name = query.split('=').next().unwrap_or(query);
        return Err(bad(
            text,
            &format!("unknown parameter `{name}`; only `?version=N` is allowed"),
        ));
    };
    match number.parse::<u64>() {
        Ok(version) if version > 0 => Ok(version),
        _ => Err(bad(
            text,
            &format!("`{number}` is not a version; versions are whole numbers from 1"),
        )),
    }
}

fn bad(text: &str, reason: &str) -> Failure {
    Failure::new(format!("bad reference `{text}`: {reason}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(text: &str) -> Reference {
        Reference::parse(text).unwrap()
    }

    #[test]
    fn plain_reference() {
        let r = reference("kv-v2/creds#password");
        assert_eq!(r.path.path, "kv-v2/creds");
        assert_eq!(r.path.version, None);
        assert_eq!(r.key, "password");
        assert_eq!(r.to_string(), "kv-v2/creds#password");
    }

    #[test]
    fn versioned_reference() {
        let r = reference("kv-v2/creds?version=3#password");
        assert_eq!(r.path.version, Some(3));
        assert_eq!(r.to_string(), "kv-v2/creds?version=3#password");
    }

    #[test]
    fn slashes_around_the_path_are_dropped_and_keys_keep_everything() {
        let r = reference("/secret/app/#a#b");
        assert_eq!(r.path.path, "secret/app");
        assert_eq!(r.key, "a#b");
    }

    #[test]
    fn errors_name_the_bad_part() {
        let cases = [
            (
                "kv/creds",
                "bad reference `kv/creds`: `#KEY` is missing after the path",
            ),
            (
                "kv/creds#",
                "bad reference `kv/creds#`: the key after `#` is empty",
            ),
            ("#key", "bad reference `#key`: the path is empty"),
            (
                "kv/c?ver=3#k",
                "bad reference `kv/c?ver=3#k`: unknown parameter `ver`; only `?version=N` is allowed",
            ),
            (
                "kv/c?version=x#k",
                "bad reference `kv/c?version=x#k`: `x` is not a version; versions are whole numbers from 1",
            ),
            (
                "kv/c?version=0#k",
                "bad reference `kv/c?version=0#k`: `0` is not a version; versions are whole numbers from 1",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(Reference::parse(text).unwrap_err().to_string(), expected);
        }
    }

    #[test]
    fn odd_paths_are_refused() {
        for text in ["secret/../sys/health#x", "secret/./a#x", "secret//a#x"] {
            let error = Reference::parse(text).unwrap_err().to_string();
            assert!(
                error.ends_with("the path has an empty, `.` or `..` segment"),
                "{error}"
            );
        }
        let long = format!("secret/{}#k", "a".repeat(2000));
        assert!(
            Reference::parse(&long)
                .unwrap_err()
                .to_string()
                .ends_with("longer than 1024 characters")
        );
    }

    #[test]
    fn flag_values_are_references_or_templates() {
        assert_eq!(
            Spec::from_flag("vault:a/b#c").unwrap(),
            Spec::Reference(reference("a/b#c"))
        );
        assert_eq!(
            Spec::from_flag("a/b#c").unwrap(),
            Spec::Reference(reference("a/b#c"))
        );
        assert!(matches!(
            Spec::from_flag("x {{ env('A') }}"),
            Ok(Spec::Template(_))
        ));
        assert!(Spec::from_flag("just text").is_err());
    }

    #[test]
    fn file_values_need_the_prefix() {
        assert_eq!(
            Spec::from_file("a/b#c").unwrap(),
            Spec::Literal("a/b#c".to_owned())
        );
        assert_eq!(
            Spec::from_file("vault:a/b#c").unwrap(),
            Spec::Reference(reference("a/b#c"))
        );
        assert!(Spec::from_file("vault:a/b").is_err());
    }
}
