//! The command as a child of vx: spawning it in its own process group with a
//! clean signal mask, handing it the terminal, and ending vx the way it ended.

use std::ffi::OsString;
use std::os::fd::{BorrowedFd, RawFd};
use std::os::unix::process::CommandExt;

use anyhow::Result;
use nix::unistd::{Pid, getpgrp, tcgetpgrp};

use crate::exec;

/// How the command ended. Signals are raw numbers: a real-time signal (34-64)
/// has no name in `nix` but kills a process all the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Exited(i32),
    Signaled(i32),
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Exited(code) => write!(f, "exit code {code}"),
            Self::Signaled(signal) => write!(f, "killed by {}", crate::signals::name(*signal)),
        }
    }
}

/// What one `waitpid` reported.
pub enum Change {
    Ended(Pid, Outcome),
    Stopped(Pid),
    /// Nothing more to reap now.
    Nothing,
}

/// Reaps one child that changed state, without blocking. Uses the raw status:
/// `nix`'s decoding fails on a death by a real-time signal, which would leave a
/// zombie and a supervisor waiting for ever.
pub fn reap_one(stopped_too: bool) -> Change {
    let flags = libc::WNOHANG | if stopped_too { libc::WUNTRACED } else { 0 };
    let mut status = 0;
    loop {
        // SAFETY: waitpid writes the status into a valid i32.
        let pid = unsafe { libc::waitpid(-1, &mut status, flags) };
        if pid > 0 {
            let pid = Pid::from_raw(pid);
            return if libc::WIFEXITED(status) {
                Change::Ended(pid, Outcome::Exited(libc::WEXITSTATUS(status)))
            } else if libc::WIFSIGNALED(status) {
                Change::Ended(pid, Outcome::Signaled(libc::WTERMSIG(status)))
            } else if libc::WIFSTOPPED(status) {
                Change::Stopped(pid)
            } else {
                continue;
            };
        }
        if pid < 0 && nix::errno::Errno::last() == nix::errno::Errno::EINTR {
            continue;
        }
        return Change::Nothing;
    }
}

pub fn spawn(
    command: &[OsString],
    env: &[(OsString, OsString)],
    terminal: Option<RawFd>,
) -> Result<Pid> {
    let prepared = exec::prepare(command, env)?;
    let program = prepared.program()?;
    let mut cmd = std::process::Command::new(&program);
    cmd.arg0(&command[0])
        .args(&command[1..])
        .env_clear()
        .envs(env.iter().map(|(name, value)| (name, value)))
        .process_group(0);
    let parent = std::process::id() as libc::pid_t;
    // SAFETY: the closure only makes async-signal-safe calls (sigprocmask,
    // tcsetpgrp, getpid) between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            if let Some(fd) = terminal {
                take_terminal(fd, libc::getpid());
            }
            // Should vx itself be killed (SIGKILL cannot be caught), the
            // command is told to stop rather than left running as an orphan.
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM) != 0 || libc::getppid() != parent
            {
                return Err(std::io::Error::from_raw_os_error(libc::ESRCH));
            }
            // The mask survives exec, and std leaves vx's in place: without
            // this the command would start with every signal blocked.
            let empty = nix::sys::signal::SigSet::empty();
            nix::sys::signal::sigprocmask(
                nix::sys::signal::SigmaskHow::SIG_SETMASK,
                Some(&empty),
                None,
            )?;
            Ok(())
        });
    }
    let child = cmd
        .spawn()
        .map_err(|error| exec::spawn_failure(&command[0], &program, error))?;
    let pid = Pid::from_raw(child.id() as i32);
    if let Some(fd) = terminal {
        // Done in both processes, as shells do, so neither order of running
        // after fork leaves the command in the background.
        take_terminal(fd, pid.as_raw());
    }
    Ok(pid)
}

/// Makes `group` the terminal's foreground group. SIGTTOU is blocked around the
/// call: a background process changing the foreground group is sent one.
fn take_terminal(fd: RawFd, group: libc::pid_t) {
    // SAFETY: plain system calls on a valid signal set and file descriptor.
    unsafe {
        let mut ttou: libc::sigset_t = std::mem::zeroed();
        let mut old: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut ttou);
        libc::sigaddset(&mut ttou, libc::SIGTTOU);
        libc::sigprocmask(libc::SIG_BLOCK, &ttou, &mut old);
        libc::tcsetpgrp(fd, group);
        libc::sigprocmask(libc::SIG_SETMASK, &old, std::ptr::null_mut());
    }
}

/// The terminal on stdin, stdout or stderr whose foreground group is vx's own,
/// if any: only then is vx a foreground job that may hand the terminal on.
pub fn foreground_terminal() -> Option<RawFd> {
    (0..3).find(|&fd| {
        let foreground = tcgetpgrp(borrow(fd));
        foreground.is_ok_and(|group| group == getpgrp())
    })
}

pub fn borrow(fd: RawFd) -> BorrowedFd<'static> {
    // SAFETY: fds 0-2 stay open for vx's whole life.
    unsafe { BorrowedFd::borrow_raw(fd) }
}

/// Whether any process of group `group` is alive (not a zombie), from /proc.
/// Only asked once the group still answers `kill(-group, 0)`.
pub fn group_has_live_member(group: Pid) -> bool {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return true;
    };
    entries.flatten().any(|entry| {
        let is_pid = entry
            .file_name()
            .to_str()
            .is_some_and(|name| name.bytes().all(|b| b.is_ascii_digit()));
        if !is_pid {
            return false;
        }
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            return false;
        };
        // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses,
        // so the fields are counted from the last `)`.
        let Some((_, rest)) = stat.rsplit_once(") ") else {
            return false;
        };
        let mut fields = rest.split(' ');
        let state = fields.next();
        let pgrp = fields.nth(1).and_then(|pgrp| pgrp.parse::<i32>().ok());
        pgrp == Some(group.as_raw()) && state != Some("Z")
    })
}

/// Ends vx the way the command ended: its exit code, or death by the same signal
/// so vx's parent sees a signal death. Where the signal cannot kill vx (as PID 1,
/// or a signal whose default is to be ignored), 128+N, as a shell reports it.
pub fn exit_like(outcome: Outcome) -> u8 {
    match outcome {
        Outcome::Exited(code) => code as u8,
        Outcome::Signaled(signal) => {
            if Pid::this().as_raw() != 1 {
                reraise(signal);
            }
            128u8.wrapping_add(signal as u8)
        }
    }
}

fn reraise(signal: i32) {
    use nix::sys::resource::{Resource, setrlimit};

    // The command dumped core already; vx must not add a core of its own.
    let _ = setrlimit(Resource::RLIMIT_CORE, 0, 0);
    // SAFETY: restoring the default action and unblocking one signal install no
    // handler; raise sends the signal to this thread, which then dies of it.
    unsafe {
        libc::signal(signal, libc::SIG_DFL);
        let mut only: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut only);
        libc::sigaddset(&mut only, signal);
        libc::sigprocmask(libc::SIG_UNBLOCK, &only, std::ptr::null_mut());
        libc::raise(signal);
    }
}
