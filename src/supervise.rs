//! Supervision: vx stays as the command's parent when it cannot simply exec (it is
//! PID 1, `--subreaper`, `--supervise`, or `--watch`), and makes itself invisible:
//! signals reach the command once, stops take the whole process group down, and vx
//! exits the way the command did.
//!
//! The command runs in its own process group (see `child`). On a terminal where vx
//! is in the foreground, that group is handed the terminal, as a shell does for a
//! job: Ctrl-C then reaches the command from the terminal alone and vx, no longer
//! in the foreground group, does not deliver it a second time. Off a terminal, a
//! signal sent to vx's group does not reach the command's group either, so vx's
//! forwarding is the only delivery.
//!
//! One thread, one loop: every supervised signal is blocked (see `signals`) and
//! taken with `sigtimedwait`. SIGCHLD means "reap", the watcher's wake signal means
//! "read its events", anything else is forwarded. The loop sleeps in the kernel
//! while nothing happens; its only timers are the kill timeout, a pending restart,
//! and, once the command has exited, a short poll for what it left in its group.

use std::ffi::OsString;
use std::os::fd::RawFd;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use anyhow::Result;
use nix::errno::Errno;
use nix::sys::signal::{Signal, kill};
use nix::unistd::{Pid, getpgrp, tcsetpgrp};

use crate::child::{self, Outcome, borrow};
use crate::schedule;
use crate::signals::{self, Received};
use crate::watch::Event;

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

/// The status vx exits with after `--on-change exit` or `--on-expiry exit`:
/// EX_TEMPFAIL from sysexits.h, "try again", whatever the stopped command
/// returned, so that a restart-on-failure policy starts the container again.
const EXIT_TO_RESTART: i32 = 75;

/// A command that ran this long before exiting is not crash-looping: the restart
/// back-off starts over.
const HEALTHY_RUN: Duration = Duration::from_secs(60);

pub struct Options {
    pub kill_signal: Signal,
    pub kill_timeout: Duration,
    /// Adopt orphans (PR_SET_CHILD_SUBREAPER); PID 1 does so by nature.
    pub subreaper: bool,
    /// Start the command again when it exits by itself, with back-off.
    pub restart_on_exit: bool,
    pub watch: Option<Watching>,
}

/// What to do with the watcher's news.
pub struct Watching {
    pub events: Receiver<Event>,
    pub on_change: OnChange,
    pub restart_delay: Duration,
    pub on_expiry: OnExpiry,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnChange {
    Restart,
    Signal(Signal),
    Exit,
    Ignore,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnExpiry {
    Restart,
    Exit,
    Keep,
}

/// Why the command is being stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// Someone signalled vx to stop: no restart afterwards.
    Requested,
    /// To start it again with a new environment.
    Restart,
    /// `--on-change exit` or `--on-expiry exit`.
    Exit,
}

/// Spawns the command and supervises it until it and its process group are gone.
/// Supervised signals must already be blocked (`signals::block`).
pub fn run(
    command: &[OsString],
    env: Vec<(OsString, OsString)>,
    options: &Options,
) -> Result<Outcome> {
    if options.subreaper {
        nix::sys::prctl::set_child_subreaper(true)
            .map_err(|errno| anyhow::anyhow!("cannot become a subreaper: {}", errno.desc()))?;
    }
    let terminal = child::foreground_terminal();
    let pid = child::spawn(command, &env, terminal)?;
    tracing::info!("supervising {} as pid {pid}", command[0].display());
    let mut supervisor = Supervisor {
        command,
        env,
        terminal,
        options,
        child: pid,
        started_at: Instant::now(),
        status: None,
        kill_at: None,
        killed_at: None,
        stopping: None,
        restart_at: None,
        crashes: 0,
    };
    let outcome = supervisor.run();
    if let Some(fd) = terminal {
        // Take the terminal back for whoever started vx.
        let _ = tcsetpgrp(borrow(fd), getpgrp());
    }
    outcome
}

struct Supervisor<'a> {
    command: &'a [OsString],
    /// The environment the next start gets: the watcher's latest.
    env: Vec<(OsString, OsString)>,
    terminal: Option<RawFd>,
    options: &'a Options,
    /// The current child; also its process group's id.
    child: Pid,
    started_at: Instant,
    /// The current child's end, once reaped.
    status: Option<Outcome>,
    /// When the group gets SIGKILL if it is still there.
    kill_at: Option<Instant>,
    killed_at: Option<Instant>,
    stopping: Option<Stop>,
    /// When a pending restart happens: the stop of a running child for a change,
    /// or the start of a new one after an exit.
    restart_at: Option<Instant>,
    crashes: u32,
}

impl Supervisor<'_> {
    fn run(&mut self) -> Result<Outcome> {
        loop {
            if let Some(outcome) = self.status
                && (self.group_is_gone() || self.gave_up_after_kill())
                && let Some(done) = self.after_end(outcome)?
            {
                return Ok(done);
            }
            match signals::wait(self.timeout())? {
                None => self.on_timer(),
                Some(signal) if signal.is(Signal::SIGCHLD) => self.reap(),
                Some(signal) if signal.is_wake() => self.read_events(),
                Some(signal) => self.forward(signal),
            }
        }
    }

    /// The command and its group are gone: finish, or start it again now or
    /// later. Returns the outcome to exit with when vx is done.
    fn after_end(&mut self, outcome: Outcome) -> Result<Option<Outcome>> {
        // Ctrl-C or Ctrl-\ on a terminal goes to the command's group, not to vx:
        // if the command died of it while being stopped for a restart, the user
        // wants out, not a new command.
        let interrupted = matches!(outcome, Outcome::Signaled(n) if n == libc::SIGINT || n == libc::SIGQUIT)
            && !matches!(self.options.kill_signal, Signal::SIGINT | Signal::SIGQUIT);
        if self.stopping == Some(Stop::Restart) && interrupted {
            self.stopping = Some(Stop::Requested);
        }
        match self.stopping {
            Some(Stop::Requested) => return Ok(Some(outcome)),
            // An orchestrator restarts a container on failure: say "try again".
            Some(Stop::Exit) => return Ok(Some(Outcome::Exited(EXIT_TO_RESTART))),
            Some(Stop::Restart) => {
                self.restart_at.get_or_insert_with(Instant::now);
            }
            None if self.options.restart_on_exit => {
                if self.restart_at.is_none() {
                    if self.started_at.elapsed() >= HEALTHY_RUN {
                        self.crashes = 0;
                    }
                    let delay = schedule::restart_backoff(self.crashes);
                    self.crashes += 1;
                    tracing::info!(
                        "command ended ({outcome}); starting it again in {:.1}s",
                        delay.as_secs_f64()
                    );
                    self.restart_at = Some(Instant::now() + delay);
                }
            }
            None => return Ok(Some(outcome)),
        }
        if self.restart_at.is_some_and(|at| Instant::now() >= at) {
            self.respawn()?;
        }
        Ok(None)
    }

    fn respawn(&mut self) -> Result<()> {
        let pid = child::spawn(self.command, &self.env, self.terminal)?;
        tracing::info!("started {} again as pid {pid}", self.command[0].display());
        self.child = pid;
        self.started_at = Instant::now();
        self.status = None;
        self.kill_at = None;
        self.killed_at = None;
        self.stopping = None;
        self.restart_at = None;
        Ok(())
    }

    fn timeout(&self) -> Option<Duration> {
        let now = Instant::now();
        let until = |at: Option<Instant>| at.map(|at| at.saturating_duration_since(now));
        let poll = self.status.map(|_| LEFTOVER_POLL);
        [until(self.kill_at), until(self.restart_at), poll]
            .into_iter()
            .flatten()
            .min()
    }

    fn on_timer(&mut self) {
        let now = Instant::now();
        if self.kill_at.is_some_and(|at| now >= at) {
            tracing::info!(
                "process group {} still running after {:?}: sending SIGKILL",
                self.child,
                self.options.kill_timeout
            );
            let _ = kill(self.group(), Signal::SIGKILL);
            self.kill_at = None;
            self.killed_at = Some(now);
        }
        // A restart for a change: stop the running command first; `after_end`
        // starts the new one once the old group is gone.
        if self.status.is_none() && self.restart_at.is_some_and(|at| now >= at) {
            self.restart_at = None;
            self.stop(Stop::Restart);
        }
    }

    /// Sends the group `--kill-signal` and starts the kill timeout.
    fn stop(&mut self, why: Stop) {
        if self.stopping == Some(Stop::Requested) {
            return;
        }
        self.stopping = Some(why);
        if self.status.is_some() {
            return;
        }
        let reason = match why {
            Stop::Requested => "asked to stop",
            Stop::Restart => "to restart it",
            Stop::Exit => "to exit",
        };
        tracing::info!(
            "stopping {} {reason} with {}",
            self.child,
            self.options.kill_signal
        );
        let _ = kill(self.group(), self.options.kill_signal);
        self.kill_at
            .get_or_insert(Instant::now() + self.options.kill_timeout);
    }

    /// Reaps every child that has changed state: the main child, and orphans
    /// adopted as PID 1 or subreaper. SIGCHLD coalesces, so one signal may stand
    /// for many exits: loop until none is left.
    fn reap(&mut self) {
        loop {
            match child::reap_one(self.terminal.is_some()) {
                child::Change::Ended(pid, outcome) => self.ended(pid, outcome),
                child::Change::Stopped(pid) if pid == self.child => self.suspend_with_child(),
                child::Change::Stopped(_) => {}
                child::Change::Nothing => return,
            }
        }
    }

    fn ended(&mut self, pid: Pid, outcome: Outcome) {
        if pid != self.child || self.status.is_some() {
            tracing::debug!("reaped orphan {pid} ({outcome})");
            return;
        }
        tracing::info!("command {pid} ended ({outcome})");
        self.status = Some(outcome);
        // Whatever the command left running in its group goes with it, so a
        // restart never finds the old server still holding its port.
        if !self.group_is_gone() && self.kill_at.is_none() && self.killed_at.is_none() {
            tracing::info!(
                "stopping what is left of process group {pid} with {}",
                self.options.kill_signal
            );
            let _ = kill(self.group(), self.options.kill_signal);
            self.kill_at = Some(Instant::now() + self.options.kill_timeout);
        }
    }

    fn read_events(&mut self) {
        let Some(watch) = &self.options.watch else {
            return;
        };
        while let Ok(event) = watch.events.try_recv() {
            match event {
                Event::Changed { env, expired } => {
                    self.env = env;
                    let action = if expired && watch.on_expiry == OnExpiry::Restart {
                        OnChange::Restart
                    } else {
                        watch.on_change
                    };
                    self.on_change(action, watch.restart_delay);
                }
                Event::Expired if watch.on_expiry == OnExpiry::Exit => {
                    tracing::warn!(
                        "a credential of the command expired: stopping (--on-expiry exit)"
                    );
                    self.stop(Stop::Exit);
                }
                Event::Expired => {}
            }
        }
    }

    fn on_change(&mut self, action: OnChange, restart_delay: Duration) {
        if self.status.is_some() {
            // Not running: the next start gets the new environment anyway.
            return;
        }
        match action {
            OnChange::Restart => {
                // The first change sets the time; later ones within the delay
                // only update the environment, so changes arriving together
                // cost one restart.
                self.restart_at
                    .get_or_insert(Instant::now() + restart_delay);
            }
            OnChange::Signal(signal) => {
                tracing::info!("secrets changed: sending {signal} to {}", self.child);
                let _ = kill(self.child, signal);
            }
            OnChange::Exit => {
                tracing::info!("secrets changed: stopping and exiting (--on-change exit)");
                self.stop(Stop::Exit);
            }
            OnChange::Ignore => tracing::info!("secrets changed: not telling the command"),
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
        if own_terminal {
            return;
        }
        let stop = STOP_SIGNALS.contains(&known);
        if stop {
            self.stopping = Some(Stop::Requested);
            self.restart_at = None;
        }
        if self.status.is_some() {
            if stop && self.restart_at.is_none() && self.group_is_gone() {
                // No command runs (between restarts): vx itself was asked to
                // stop, and ends the way it was asked to.
                self.status = Some(Outcome::Signaled(signal.number));
            } else {
                tracing::debug!("no command running: {known} not forwarded");
            }
            return;
        }
        let group = stop || JOB_SIGNALS.contains(&known);
        let target = if group { self.group() } else { self.child };
        tracing::debug!(
            "forwarding {known} to {}{}",
            if group { "group " } else { "" },
            self.child
        );
        if let Err(errno) = kill(target, known) {
            // The command may have exited a moment ago and not been reaped yet.
            tracing::debug!("forwarding {known} failed: {}", errno.desc());
        }
        if stop && self.kill_at.is_none() {
            self.kill_at = Some(Instant::now() + self.options.kill_timeout);
        }
    }

    /// The command was stopped from the terminal (Ctrl-Z): stop vx too, so the
    /// shell sees its job stopped, and when the shell continues vx, hand the
    /// terminal back and continue the command.
    fn suspend_with_child(&mut self) {
        let Some(fd) = self.terminal else { return };
        tracing::debug!("command stopped; stopping too");
        let _ = tcsetpgrp(borrow(fd), getpgrp());
        let _ = kill(Pid::this(), Signal::SIGSTOP);
        let _ = tcsetpgrp(borrow(fd), self.child);
        let _ = kill(self.group(), Signal::SIGCONT);
    }

    fn group(&self) -> Pid {
        Pid::from_raw(-self.child.as_raw())
    }

    /// No live process is left in the command's group. A zombie does not count:
    /// vx reaps its own first, and one whose parent is some other process (an init
    /// that does not reap, in many containers) would otherwise hold vx forever.
    fn group_is_gone(&self) -> bool {
        kill(self.group(), None) == Err(Errno::ESRCH) || !child::group_has_live_member(self.child)
    }

    fn gave_up_after_kill(&self) -> bool {
        let gave_up = self.killed_at.is_some_and(|at| at.elapsed() > AFTER_KILL);
        if gave_up {
            tracing::warn!("process group {} survived SIGKILL; going on", self.child);
        }
        gave_up
    }
}
