//! Assignments: the `NAME=VALUE` pairs from `--env` flags and `--env-file` files,
//! each with what its value asks for and where it was written.
//!
//! Env files follow `envfile`'s syntax (no `$VAR` expansion). Files come first in
//! the order given, then flags; a later assignment of a name replaces an earlier one
//! before anything is read, so a replaced reference costs no request.

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::envfile;
use crate::exit::Failure;
use crate::reference::Spec;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Flag,
    File(PathBuf),
    /// The argument of `vx read`.
    Argument,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Flag => f.write_str("--env"),
            Self::File(path) => write!(f, "`{}`", path.display()),
            Self::Argument => f.write_str("the command line"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub name: String,
    pub spec: Spec,
    pub origin: Origin,
}

/// Collects the assignments of env files then flags, later ones replacing earlier
/// ones of the same name.
pub fn collect(env_files: &[PathBuf], flags: &[String]) -> Result<Vec<Assignment>> {
    let mut all = Vec::new();
    for path in env_files {
        all.extend(from_file(path)?);
    }
    for flag in flags {
        all.push(from_flag(flag)?);
    }
    let mut kept: Vec<Assignment> = Vec::with_capacity(all.len());
    for assignment in all {
        kept.retain(|earlier| earlier.name != assignment.name);
        kept.push(assignment);
    }
    Ok(kept)
}

fn from_flag(flag: &str) -> Result<Assignment> {
    let Some((name, value)) = flag.split_once('=') else {
        return Err(Failure::new(format!("`--env {flag}` is not NAME=VALUE"))
            .hint(format!("write `--env {flag}=PATH#KEY`"))
            .into());
    };
    check_name(name, "--env")?;
    let spec = Spec::from_flag(value).with_context(|| format!("in `--env {name}=...`"))?;
    Ok(Assignment {
        name: name.to_owned(),
        spec,
        origin: Origin::Flag,
    })
}

fn from_file(path: &Path) -> Result<Vec<Assignment>> {
    let origin = Origin::File(path.to_owned());
    let text = read_file(path, &origin)?;
    let entries =
        envfile::parse(&text).with_context(|| format!("cannot parse env file {origin}"))?;
    let mut assignments = Vec::new();
    for entry in entries {
        let place = format!("line {} of {origin}", entry.line);
        check_name(&entry.name, &place)?;
        let spec = Spec::from_file(&entry.value)
            .with_context(|| format!("in `{}` on {place}", entry.name))?;
        assignments.push(Assignment {
            name: entry.name,
            spec,
            origin: origin.clone(),
        });
    }
    Ok(assignments)
}

fn read_file(path: &Path, origin: &Origin) -> Result<String> {
    use std::io::Read;
    let file = std::fs::File::open(path)
        .map_err(|error| Failure::new(format!("cannot read env file {origin}: {error}")))?;
    let mut text = String::new();
    file.take(envfile::MAX_SIZE + 1)
        .read_to_string(&mut text)
        .map_err(|error| Failure::new(format!("cannot read env file {origin}: {error}")))?;
    if text.len() as u64 > envfile::MAX_SIZE {
        return Err(Failure::new(format!(
            "env file {origin} is larger than {} MiB",
            envfile::MAX_SIZE / 1024 / 1024
        ))
        .into());
    }
    Ok(text)
}

/// The same rule for flags and files: what a shell, `env` and `execve` all pass
/// through unchanged.
fn check_name(name: &str, place: &str) -> Result<(), Failure> {
    let bad = name.is_empty()
        || name.contains('=')
        || name.chars().any(|c| c.is_whitespace() || c.is_control());
    if bad {
        return Err(Failure::new(format!(
            "bad variable name `{name}` in {place}: names are non-empty, without `=`, spaces or control characters"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::reference::Reference;

    fn env_file(text: &str) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(text.as_bytes()).unwrap();
        file
    }

    #[test]
    fn env_file_mixes_literals_references_templates_and_multiline() {
        let file = env_file(concat!(
            "# a comment\n",
            "PLAIN=\"hello world\"\n",
            "REF=vault:secret/app#password\n",
            "NOT_A_REF=secret/app#password\n",
            "TPL='user={{ secret(\"secret/app#user\") }}'\n",
            "CERT=\"line one\nline two\"\n",
            "export QUOTED='a \"b\" $c'\n",
        ));
        let got = collect(&[file.path().to_owned()], &[]).unwrap();
        let specs: Vec<(&str, &Spec)> = got.iter().map(|a| (a.name.as_str(), &a.spec)).collect();
        assert_eq!(
            specs,
            [
                ("PLAIN", &Spec::Literal("hello world".into())),
                (
                    "REF",
                    &Spec::Reference(Reference::parse("secret/app#password").unwrap())
                ),
                ("NOT_A_REF", &Spec::Literal("secret/app#password".into())),
                (
                    "TPL",
                    &Spec::Template("user={{ secret(\"secret/app#user\") }}".into())
                ),
                ("CERT", &Spec::Literal("line one\nline two".into())),
                ("QUOTED", &Spec::Literal("a \"b\" $c".into())),
            ]
        );
    }

    #[test]
    fn flags_replace_file_entries_of_the_same_name() {
        let file = env_file("A=one\nB=two\n");
        let got = collect(&[file.path().to_owned()], &["A=secret/x#y".into()]).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].name, "B");
        assert_eq!(got[1].name, "A");
        assert_eq!(got[1].origin, Origin::Flag);
    }

    #[test]
    fn bad_input_is_named() {
        let error = collect(&[], &["DB_PASS".into()]).unwrap_err();
        assert_eq!(error.to_string(), "`--env DB_PASS` is not NAME=VALUE");
        let error = collect(&[], &["X=kv/creds".into()]).unwrap_err();
        assert_eq!(
            crate::exit::render(&error),
            "vx: in `--env X=...`\n  caused by: bad reference `kv/creds`: `#KEY` is missing after the path\n  hint: write `kv/creds#KEY` to pick one value of the secret"
        );
        let unclosed = env_file("A=1\nB='two words\n");
        let error = collect(&[unclosed.path().to_owned()], &[]).unwrap_err();
        assert_eq!(
            crate::exit::render(&error),
            format!(
                "vx: cannot parse env file `{}`\n  caused by: line 2: the ' quote that opens the value is never closed",
                unclosed.path().display()
            )
        );
        let bad_name = env_file("GOOD=1\nA B=2\n");
        let error = collect(&[bad_name.path().to_owned()], &[]).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("bad variable name `A B` in line 2 of"),
            "{error}"
        );
        let missing = collect(&["/nonexistent/app.env".into()], &[]).unwrap_err();
        assert!(
            missing
                .to_string()
                .starts_with("cannot read env file `/nonexistent/app.env`")
        );
    }
}
