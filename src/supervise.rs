//! Supervision: vx stays as the command's parent when it cannot simply exec (it is
//! PID 1, `--subreaper`, or `--supervise`), and makes itself invisible: signals
//! reach the command once, stops take the whole process group down, and vx exits
//! the way the command did.
//!
//! The command runs in its own process group. On a terminal where vx is in the
//! foreground, that group is handed the terminal, as a shell does for a job:
//! Ctrl-C then reaches the command from the terminal alone and vx, no longer in the
//! foreground group, does not deliver it a second time. Off a terminal, a signal
//! sent to vx's group does not reach the command's group either, so vx's
//! forwarding is the only delivery.
//!
//! One thread, one loop: every supervised signal is blocked (see `signals`) and
//! taken with `sigtimedwait`. SIGCHLD means "reap"; anything else is forwarded.
//! The loop sleeps in the kernel while nothing happens.

use std::ffi::OsString;
use std::os::fd::{BorrowedFd, RawFd};
use std::os::unix::process::CommandExt;
use std::time::{Duration, Instant};

use anyhow::Result;
use nix::errno::Errno;
use nix::sys::signal::{Signal, kill};
use nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid};
use nix::unistd::{Pid, getpgrp, tcgetpgrp, tcsetpgrp};

use crate::exec;
use crate::signals::{self, Received};

/// Signals that ask the command to stop: forwarded to its whole process group
/// (grandchildren included), and they start the kill timeout.
const STOP_SIGNALS: [Signal; 3] = [Signal::SIGTERM, Signal::SIGINT, Signal::SIGQUIT];

/// Job-control signals go to the whole group, as a terminal sends them.
const JOB_SIGNALS: [Signal; 4] = [
    Signal::SIGTSTP,
    Signal::SIGTTIN,
    Signal::SIGTTOU,
    Signal::SIGCONT,
];

/// How often the group is checked for leftovers that are not vx's children (and
/// so send no SIGCHLD), once the main child has exited.
const LEFTOVER_POLL: Duration = Duration::from_millis(25);

/// How long vx waits for the group to vanish after SIGKILL before giving up on a
/// process stuck in the kernel.
const AFTER_KILL: Duration = Duration::from_secs(2);

pub struct Options {
    pub kill_signal: Signal,
    pub kill_timeout: Duration,
    /// Adopt orphans (PR_SET_CHILD_SUBREAPER); PID 1 does so by nature.
    pub subreaper: bool,
}

/// How the command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Exited(i32),
    Signaled(Signal),
}

/// Spawns the command and supervises it until it and its process group are gone.
/// Supervised signals must already be blocked (`signals::block`).
pub fn run(
    command: &[OsString],
    env: &[(OsString, OsString)],
    options: &Options,
) -> Result<Outcome> {
    if options.subreaper {
        nix::sys::prctl::set_child_subreaper(true)
            .map_err(|errno| anyhow::anyhow!("cannot become a subreaper: {}", errno.desc()))?;
    }
    let terminal = foreground_terminal();
    let child = spawn(command, env, terminal)?;
    tracing::info!("supervising {} as pid {child}", command[0].display());
    let mut supervisor = Supervisor {
        child,
        terminal,
        options,
        status: None,
        kill_at: None,
        killed_at: None,
    };
    let outcome = supervisor.run();
    if let Some(fd) = terminal {
        // Take the terminal back for whoever started vx.
        let _ = tcsetpgrp(borrow(fd), getpgrp());
    }
    outcome
}

struct Supervisor<'a> {
    /// The main child; also its process group's id.
    child: Pid,
    terminal: Option<RawFd>,
    options: &'a Options,
    /// The main child's end, once reaped.
    status: Option<Outcome>,
    /// When the group gets SIGKILL if it is still there.
    kill_at: Option<Instant>,
    killed_at: Option<Instant>,
}

impl Supervisor<'_> {
    fn run(&mut self) -> Result<Outcome> {
        loop {
            if let Some(outcome) = self.status
                && (self.group_is_gone() || self.gave_up_after_kill())
            {
                return Ok(outcome);
            }
            match signals::wait(self.timeout())? {
                None => self.on_timer(),
                Some(signal) if signal.is(Signal::SIGCHLD) => self.reap(),
                Some(signal) => self.forward(signal),
            }
        }
    }

    fn timeout(&self) -> Option<Duration> {
        let until_kill = self
            .kill_at
            .map(|at| at.saturating_duration_since(Instant::now()));
        match (self.status, until_kill) {
            (Some(_), Some(until_kill)) => Some(until_kill.min(LEFTOVER_POLL)),
            (Some(_), None) => Some(LEFTOVER_POLL),
            (None, until_kill) => until_kill,
        }
    }

    fn on_timer(&mut self) {
        if self.kill_at.is_some_and(|at| Instant::now() >= at) {
            tracing::info!(
                "process group {} still running after {:?}: sending SIGKILL",
                self.child,
                self.options.kill_timeout
            );
            let _ = kill(Pid::from_raw(-self.child.as_raw()), Signal::SIGKILL);
            self.kill_at = None;
            self.killed_at = Some(Instant::now());
        }
    }

    /// Reaps every child that has changed state: the main child, and orphans
    /// adopted as PID 1 or subreaper. SIGCHLD coalesces, so one signal may stand
    /// for many exits: loop until none is left.
    fn reap(&mut self) {
        let flags = if self.terminal.is_some() {
            WaitPidFlag::WNOHANG | WaitPidFlag::WUNTRACED
        } else {
            WaitPidFlag::WNOHANG
        };
        loop {
            match waitpid(Pid::from_raw(-1), Some(flags)) {
                Ok(WaitStatus::Exited(pid, code)) => self.ended(pid, Outcome::Exited(code)),
                Ok(WaitStatus::Signaled(pid, signal, _)) => {
                    self.ended(pid, Outcome::Signaled(signal))
                }
                Ok(WaitStatus::Stopped(pid, signal)) if pid == self.child => {
                    self.suspend_with_child(signal)
                }
                Ok(WaitStatus::StillAlive) | Err(Errno::ECHILD) => return,
                Ok(_) => {}
                Err(Errno::EINTR) => {}
                Err(errno) => {
                    tracing::warn!("waitpid failed: {}", errno.desc());
                    return;
                }
            }
        }
    }

    fn ended(&mut self, pid: Pid, outcome: Outcome) {
        if pid != self.child {
            tracing::debug!("reaped orphan {pid}: {outcome:?}");
            return;
        }
        tracing::info!("command {pid} ended: {outcome:?}");
        self.status = Some(outcome);
        // Whatever the command left running in its group goes with it, so a
        // restart never finds the old server still holding its port.
        if !self.group_is_gone() && self.kill_at.is_none() && self.killed_at.is_none() {
            tracing::info!(
                "stopping what is left of process group {pid} with {}",
                self.options.kill_signal
            );
            let _ = kill(Pid::from_raw(-pid.as_raw()), self.options.kill_signal);
            self.kill_at = Some(Instant::now() + self.options.kill_timeout);
        }
    }

    fn forward(&mut self, signal: Received) {
        let Ok(known) = Signal::try_from(signal.number) else {
            // A real-time signal: nix has no name for it, libc can send it.
            // SAFETY: kill(2) with a pid and a signal number has no memory effects.
            unsafe { libc::kill(self.child.as_raw(), signal.number) };
            return;
        };
        // The kernel stops a background process that touches its terminal with
        // TTIN/TTOU. Aimed at vx's own I/O, it is not the command's business.
        let own_terminal = matches!(known, Signal::SIGTTIN | Signal::SIGTTOU) && signal.from_kernel;
        if own_terminal || self.status.is_some() {
            return;
        }
        let group = STOP_SIGNALS.contains(&known) || JOB_SIGNALS.contains(&known);
        let target = if group {
            Pid::from_raw(-self.child.as_raw())
        } else {
            self.child
        };
        tracing::debug!(
            "forwarding {} to {}{}",
            known,
            if group { "group " } else { "" },
            self.child
        );
        if let Err(errno) = kill(target, known) {
            // The command may have exited a moment ago and not been reaped yet.
            tracing::debug!("forwarding {known} failed: {}", errno.desc());
        }
        if STOP_SIGNALS.contains(&known) && self.kill_at.is_none() {
            self.kill_at = Some(Instant::now() + self.options.kill_timeout);
        }
    }

    /// The command was stopped from the terminal (Ctrl-Z): stop vx too, so the
    /// shell sees its job stopped, and when the shell continues vx, hand the
    /// terminal back and continue the command.
    fn suspend_with_child(&mut self, signal: Signal) {
        let Some(fd) = self.terminal else { return };
        tracing::debug!("command stopped by {signal}; stopping too");
        let _ = tcsetpgrp(borrow(fd), getpgrp());
        let _ = kill(Pid::this(), Signal::SIGSTOP);
        let _ = tcsetpgrp(borrow(fd), self.child);
        let _ = kill(Pid::from_raw(-self.child.as_raw()), Signal::SIGCONT);
    }

    /// No process is left in the command's group. Zombies count as present until
    /// reaped, which `reap` does first.
    fn group_is_gone(&self) -> bool {
        kill(Pid::from_raw(-self.child.as_raw()), None) == Err(Errno::ESRCH)
    }

    fn gave_up_after_kill(&self) -> bool {
        let gave_up = self.killed_at.is_some_and(|at| at.elapsed() > AFTER_KILL);
        if gave_up {
            tracing::warn!(
                "process group {} survived SIGKILL; exiting anyway",
                self.child
            );
        }
        gave_up
    }
}

fn spawn(
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
    // SAFETY: the closure only makes async-signal-safe calls (sigprocmask,
    // tcsetpgrp, getpid) between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            if let Some(fd) = terminal {
                take_terminal(fd, libc::getpid());
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
fn foreground_terminal() -> Option<RawFd> {
    (0..3).find(|&fd| {
        let foreground = tcgetpgrp(borrow(fd));
        foreground.is_ok_and(|group| group == getpgrp())
    })
}

fn borrow(fd: RawFd) -> BorrowedFd<'static> {
    // SAFETY: fds 0-2 stay open for vx's whole life.
    unsafe { BorrowedFd::borrow_raw(fd) }
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

fn reraise(signal: Signal) {
    use nix::sys::resource::{Resource, setrlimit};
    use nix::sys::signal::{SigHandler, SigSet, SigmaskHow, sigprocmask};

    // The command dumped core already; vx must not add a core of its own.
    let _ = setrlimit(Resource::RLIMIT_CORE, 0, 0);
    // SAFETY: restoring the default action installs no handler.
    let _ = unsafe { nix::sys::signal::signal(signal, SigHandler::SigDfl) };
    let mut only = SigSet::empty();
    only.add(signal);
    let _ = sigprocmask(SigmaskHow::SIG_UNBLOCK, Some(&only), None);
    let _ = nix::sys::signal::raise(signal);
}
