//! Replacing vx with the command: `execve` with the argv as given (never through a
//! shell) and the built environment, so the command keeps vx's PID and its own
//! exit status and signals.
//!
//! Everything that would make `execve` fail for a reason the user can fix is checked
//! first, so the error names the variable rather than showing a bare `E2BIG`.

use std::ffi::{CString, OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use nix::errno::Errno;
use nix::sys::signal::{SigHandler, Signal, signal};

use crate::exit::{CANNOT_EXECUTE, Failure, NOT_FOUND};

/// Linux's limit on one argument or `NAME=value` string (`MAX_ARG_STRLEN`, 32
/// pages).
const MAX_ARG_STRLEN: usize = 32 * 4096;

/// Where to look for a command when neither the child's environment nor vx's has a
/// `PATH`, as glibc's `execvp` does.
const DEFAULT_PATH: &str = "/usr/local/bin:/usr/bin:/bin";

/// Execs `command` with `env`. Returns only on failure.
pub fn exec(command: &[OsString], env: &[(OsString, OsString)]) -> anyhow::Error {
    match prepare(command, env) {
        Ok(prepared) => run(prepared),
        Err(failure) => failure.into(),
    }
}

/// A command checked for what `execve` would refuse, with the files to try.
pub(crate) struct Prepared {
    name: OsString,
    candidates: Vec<PathBuf>,
    argv: Vec<CString>,
    envp: Vec<CString>,
}

impl Prepared {
    /// The file to spawn, for supervision: the first candidate that is an
    /// executable file, else the first that exists (spawning it reports why it
    /// cannot run), as `execvp` would settle it.
    pub(crate) fn program(&self) -> anyhow::Result<PathBuf> {
        use nix::unistd::{AccessFlags, access};

        let executable = self
            .candidates
            .iter()
            .find(|path| path.is_file() && access(path.as_path(), AccessFlags::X_OK).is_ok());
        let existing = || self.candidates.iter().find(|path| path.exists());
        match executable.or_else(existing) {
            Some(path) => Ok(path.clone()),
            None => Err(not_found(&self.name)),
        }
    }
}

/// The error for a command that could not be spawned.
pub(crate) fn spawn_failure(name: &OsStr, path: &Path, error: std::io::Error) -> anyhow::Error {
    match error.raw_os_error().map(Errno::from_raw) {
        Some(Errno::ENOENT) if !path.is_file() => not_found(name),
        Some(errno) => failed(name, path, errno),
        None => failed(name, path, Errno::EIO),
    }
}

pub(crate) fn prepare(
    command: &[OsString],
    env: &[(OsString, OsString)],
) -> Result<Prepared, Failure> {
    let name = command
        .first()
        .cloned()
        .filter(|name| !name.is_empty())
        .ok_or_else(|| Failure::new("the command name is empty").status(NOT_FOUND))?;
    let argv = command
        .iter()
        .map(|arg| {
            to_cstring(arg.as_bytes().to_vec(), || {
                format!("an argument of `{}`", name.display())
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let envp = environment(env)?;
    check_total(&argv, &envp)?;
    let search_path = env
        .iter()
        .find(|(key, _)| key == "PATH")
        .map(|(_, value)| value.clone())
        .or_else(|| std::env::var_os("PATH"))
        .unwrap_or_else(|| DEFAULT_PATH.into());
    Ok(Prepared {
        candidates: candidates(&name, &search_path),
        name,
        argv,
        envp,
    })
}

/// The environment as `execve` takes it, or why it would refuse it.
fn environment(env: &[(OsString, OsString)]) -> Result<Vec<CString>, Failure> {
    let mut envp = Vec::with_capacity(env.len());
    for (key, value) in env {
        let mut entry = key.as_bytes().to_vec();
        entry.push(b'=');
        entry.extend_from_slice(value.as_bytes());
        let variable = || format!("variable `{}`", key.display());
        if entry.len() + 1 > MAX_ARG_STRLEN {
            return Err(Failure::new(format!(
                "{} is too large to pass to a command: {} bytes, and Linux allows {} per variable",
                variable(),
                entry.len() + 1,
                MAX_ARG_STRLEN
            ))
            .hint("write the value to a file and pass its path instead"));
        }
        envp.push(to_cstring(entry, variable)?);
    }
    Ok(envp)
}

/// Whether a command could be started with `env`: for `--watch`, which must not
/// stop a running command for values the next one could not receive.
pub(crate) fn check_environment(env: &[(OsString, OsString)]) -> Result<(), Failure> {
    environment(env).map(drop)
}

fn to_cstring(bytes: Vec<u8>, what: impl Fn() -> String) -> Result<CString, Failure> {
    CString::new(bytes).map_err(|_| {
        Failure::new(format!(
            "{} holds a NUL byte, which no command can receive",
            what()
        ))
    })
}

/// The kernel refuses argv and environment together larger than `ARG_MAX`; each
/// string also costs a pointer.
fn check_total(argv: &[CString], envp: &[CString]) -> Result<(), Failure> {
    let limit = nix::unistd::sysconf(nix::unistd::SysconfVar::ARG_MAX)
        .ok()
        .flatten()
        .map_or(2 * 1024 * 1024, |limit| limit as usize);
    let size = |strings: &[CString]| -> usize {
        strings
            .iter()
            .map(|s| s.as_bytes_with_nul().len() + size_of::<usize>())
            .sum()
    };
    let total = size(argv) + size(envp);
    if total > limit {
        return Err(Failure::new(format!(
            "the command's arguments and environment take {total} bytes, more than the system's limit of {limit}"
        ))
        .hint("pass large values in files, or start from --pristine"));
    }
    Ok(())
}

/// The files to try: the name itself when it has a slash, else each `PATH` entry.
fn candidates(name: &OsStr, search_path: &OsStr) -> Vec<PathBuf> {
    if name.as_bytes().contains(&b'/') {
        return vec![PathBuf::from(name)];
    }
    std::env::split_paths(search_path)
        .map(|dir| {
            // An empty entry means the current directory, as in POSIX shells.
            let dir = if dir.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                dir
            };
            dir.join(name)
        })
        .collect()
}

fn run(prepared: Prepared) -> anyhow::Error {
    // Rust ignores SIGPIPE at start-up, and an ignored disposition survives
    // `execve`: without this the command would not die on a closed pipe.
    // SAFETY: no handler is installed, only the default action restored; nothing
    // else runs concurrently that relies on SIGPIPE being ignored.
    let _ = unsafe { signal(Signal::SIGPIPE, SigHandler::SigDfl) };

    let mut denied: Option<PathBuf> = None;
    for candidate in &prepared.candidates {
        let Ok(path) = CString::new(candidate.as_os_str().as_bytes()) else {
            continue;
        };
        tracing::debug!("exec {}", candidate.display());
        let errno = match nix::unistd::execve(&path, &prepared.argv, &prepared.envp) {
            Err(errno) => errno,
            Ok(never) => match never {},
        };
        match errno {
            // The file is there but its `#!` interpreter is not.
            Errno::ENOENT if candidate.is_file() => {
                return failed(&prepared.name, candidate, errno);
            }
            // As execvp does: keep looking, but remember a file that exists.
            Errno::ENOENT | Errno::ENOTDIR => {}
            Errno::EACCES => {
                denied.get_or_insert_with(|| candidate.clone());
            }
            other => return failed(&prepared.name, candidate, other),
        }
    }
    match denied {
        Some(path) => failed(&prepared.name, &path, Errno::EACCES),
        None => not_found(&prepared.name),
    }
}

fn failed(name: &OsStr, path: &Path, errno: Errno) -> anyhow::Error {
    // `app` (`/usr/bin/app`), or just `./app` when the name was the path.
    let shown = if path.as_os_str() == name {
        format!("{}`", name.display())
    } else {
        format!("{}` (`{}`)", name.display(), path.display())
    };
    let failure = match errno {
        Errno::EACCES if path.is_dir() => {
            Failure::new(format!("cannot execute `{shown}: it is a directory"))
        }
        Errno::ENOENT => {
            let interpreter = interpreter(path).unwrap_or_else(|| "?".to_owned());
            Failure::new(format!(
                "cannot execute `{shown}: its interpreter `{interpreter}` does not exist"
            ))
            .hint("fix the script's `#!` line")
        }
        Errno::EACCES => Failure::new(format!("cannot execute `{shown}: permission denied"))
            .hint("check that the file is executable (chmod +x) and not on a noexec mount"),
        Errno::ENOEXEC => {
            Failure::new(format!("cannot execute `{shown}: not an executable format"))
                .hint("a script needs a `#!` line naming its interpreter")
        }
        Errno::E2BIG => Failure::new(format!(
            "cannot execute `{shown}: the arguments and environment are too large"
        )),
        other => Failure::new(format!("cannot execute `{shown}: {}", other.desc())),
    };
    failure.status(CANNOT_EXECUTE).into()
}

/// The interpreter a script's `#!` line names.
fn interpreter(path: &Path) -> Option<String> {
    use std::io::Read;
    let mut head = [0u8; 256];
    let read = std::fs::File::open(path).ok()?.read(&mut head).ok()?;
    let line = head[..read]
        .strip_prefix(b"#!")?
        .split(|&b| b == b'\n')
        .next()?;
    let line = String::from_utf8_lossy(line);
    line.split_whitespace().next().map(str::to_owned)
}

fn not_found(name: &OsStr) -> anyhow::Error {
    let shown = name.display();
    let failure = if name.as_bytes().contains(&b'/') {
        Failure::new(format!("command `{shown}` not found"))
    } else {
        Failure::new(format!("command `{shown}` not found in PATH"))
            .hint("check the name, or give its full path")
    };
    failure.status(NOT_FOUND).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(OsString, OsString)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect()
    }

    #[test]
    fn oversized_variable_is_named() {
        let big = "x".repeat(200 * 1024);
        let error = prepare(&["true".into()], &env(&[("SMALL", "a"), ("BIG", &big)]))
            .err()
            .unwrap();
        assert_eq!(
            error.to_string(),
            "variable `BIG` is too large to pass to a command: 204805 bytes, and Linux allows 131072 per variable"
        );
    }

    #[test]
    fn nul_bytes_are_refused() {
        let error = prepare(&["true".into()], &env(&[("A", "x\0y")]))
            .err()
            .unwrap();
        assert_eq!(
            error.to_string(),
            "variable `A` holds a NUL byte, which no command can receive"
        );
    }

    #[test]
    fn candidates_follow_the_path() {
        assert_eq!(
            candidates("./app".as_ref(), "/bin".as_ref()),
            [PathBuf::from("./app")]
        );
        assert_eq!(
            candidates("app".as_ref(), "/a::/b".as_ref()),
            [
                PathBuf::from("/a/app"),
                PathBuf::from("./app"),
                PathBuf::from("/b/app")
            ]
        );
    }
}
