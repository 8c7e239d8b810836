//! Signals as the supervisor receives them: blocked from before the command is
//! spawned and taken one at a time with `sigtimedwait`, so none is lost during
//! start-up, none kills vx, and no handler runs in an awkward context.
//!
//! Blocking instead of installing handlers also works as PID 1: the kernel drops
//! signals with the default disposition aimed at a namespace's init, but a blocked
//! signal stays pending until it is taken.

use std::time::Duration;

use anyhow::{Context, Result};
use nix::errno::Errno;
use nix::sys::signal::{SigSet, SigmaskHow, Signal, sigprocmask};

/// SIGKILL and SIGSTOP cannot be blocked. Everything else is, fault signals
/// included: one sent with kill(2) is the command's, and a real fault of vx's own
/// (SIGSEGV from a bad access) still kills vx, since the kernel does not let a
/// blocked signal defer a synchronous fault.
const NOT_SUPERVISED: [Signal; 2] = [Signal::SIGKILL, Signal::SIGSTOP];

/// One signal taken from the pending set.
#[derive(Debug, Clone, Copy)]
pub struct Received {
    pub number: i32,
    /// The kernel sent it (a terminal, a timer) rather than a process.
    pub from_kernel: bool,
    /// The pid of the process that sent it, for signals a process sent.
    pub sender: i32,
}

impl Received {
    pub fn is(&self, signal: Signal) -> bool {
        self.number == signal as i32
    }

    /// vx's watcher thread asking the supervisor to look at its events.
    pub fn is_wake(&self) -> bool {
        self.number == wake_signal() && self.sender == std::process::id() as i32
    }
}

/// The signal the watcher thread sends vx itself to wake the supervisor: a
/// real-time signal, which queues instead of coalescing. The same signal from
/// another process is forwarded to the command like any other.
pub fn wake_signal() -> i32 {
    libc::SIGRTMIN() + 2
}

/// Wakes the supervisor's `wait`.
pub fn wake_supervisor() {
    // SAFETY: kill(2) with our own pid and a valid signal number.
    unsafe { libc::kill(libc::getpid(), wake_signal()) };
}

/// The set the supervisor blocks and waits for.
pub fn supervised() -> SigSet {
    let mut set = SigSet::all();
    for signal in NOT_SUPERVISED {
        set.remove(signal);
    }
    set
}

/// Blocks every supervised signal in this (single) thread. Threads started later
/// inherit the mask; `std::process::Command` empties it in the child.
pub fn block() -> Result<()> {
    sigprocmask(SigmaskHow::SIG_BLOCK, Some(&supervised()), None)
        .context("cannot block signals for supervision")
}

/// Waits for the next supervised signal, or `None` when `timeout` passes first.
/// With no timeout it sleeps until a signal comes: no polling while idle.
pub fn wait(timeout: Option<Duration>) -> Result<Option<Received>> {
    let set = supervised();
    let mut info = std::mem::MaybeUninit::<libc::siginfo_t>::zeroed();
    loop {
        let timespec = timeout.map(|timeout| libc::timespec {
            tv_sec: timeout.as_secs() as libc::time_t,
            tv_nsec: timeout.subsec_nanos() as libc::c_long,
        });
        let timespec_ptr = timespec
            .as_ref()
            .map_or(std::ptr::null(), |t| t as *const libc::timespec);
        // SAFETY: `set` is a valid, initialised signal set; `info` is writable
        // memory of the right size; `timespec_ptr` is null or points to a value
        // that lives until the call returns.
        let number = unsafe { libc::sigtimedwait(set.as_ref(), info.as_mut_ptr(), timespec_ptr) };
        if number >= 0 {
            // SAFETY: sigtimedwait filled `info` for the signal it returned.
            let info = unsafe { info.assume_init_ref() };
            return Ok(Some(Received {
                number,
                from_kernel: info.si_code == libc::SI_KERNEL,
                // SAFETY: si_pid is valid to read for any siginfo; for kernel
                // signals it holds 0 or an unrelated value, which is never our pid
                // sending the wake signal.
                sender: unsafe { info.si_pid() },
            }));
        }
        match Errno::last() {
            Errno::EAGAIN => return Ok(None),
            Errno::EINTR => continue,
            errno => return Err(errno).context("cannot wait for signals"),
        }
    }
}

/// Resolves once TERM, INT or QUIT is pending: while a supervising vx is still
/// reading secrets, such a signal is blocked, and `docker stop` must not have to
/// wait for the deadline. Polls every 50 ms, during start-up only.
pub async fn stop_requested() -> i32 {
    loop {
        // SAFETY: sigpending writes into a valid sigset_t.
        let pending = unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigpending(&mut set);
            set
        };
        for signal in [libc::SIGTERM, libc::SIGINT, libc::SIGQUIT] {
            // SAFETY: sigismember reads a valid, initialised set.
            if unsafe { libc::sigismember(&pending, signal) } == 1 {
                return signal;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A signal's name for logs: "SIGTERM", or the number for real-time signals.
pub fn name(number: i32) -> String {
    Signal::try_from(number).map_or_else(|_| format!("signal {number}"), |s| s.as_str().to_owned())
}

/// Parses `TERM`, `SIGTERM` or `15`.
pub fn parse(text: &str) -> Option<Signal> {
    let upper = text.trim().to_ascii_uppercase();
    if let Ok(number) = upper.parse::<i32>() {
        return Signal::try_from(number).ok();
    }
    let full = if upper.starts_with("SIG") {
        upper
    } else {
        format!("SIG{upper}")
    };
    full.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers_parse() {
        assert_eq!(parse("TERM"), Some(Signal::SIGTERM));
        assert_eq!(parse("sigusr1"), Some(Signal::SIGUSR1));
        assert_eq!(parse("9"), Some(Signal::SIGKILL));
        assert_eq!(parse("NOPE"), None);
        assert_eq!(name(15), "SIGTERM");
    }

    #[test]
    fn all_but_kill_and_stop_are_supervised() {
        let set = supervised();
        assert!(set.contains(Signal::SIGTERM) && set.contains(Signal::SIGCHLD));
        assert!(set.contains(Signal::SIGSEGV) && !set.contains(Signal::SIGKILL));
    }
}
