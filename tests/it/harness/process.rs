//! Processes the harness owns: servers spawned so that they die with the test
//! process, free ports for them, and waiting until they are ready.

use std::any::Any;
use std::fs;
use std::io;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::panic;
use std::path::Path;
use std::process::{Child, Command};
use std::sync::OnceLock;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::{Duration, Instant};

/// How long a server may take to answer after it was spawned.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);

/// A command to spawn and where to send the result.
type Job = (Command, Sender<io::Result<Child>>);

/// Spawns a server that is killed as soon as the test process exits.
///
/// The kernel sends the parent-death signal when the *thread* that forked the
/// child exits, not the process, and test threads come and go. So every
/// server is forked by one keeper thread that lives as long as the process.
pub fn spawn_owned(mut cmd: Command) -> io::Result<Child> {
    kill_with_parent(&mut cmd);
    let (reply, answer) = mpsc::channel();
    keeper()
        .send((cmd, reply))
        .expect("the keeper thread never exits");
    answer.recv().expect("the keeper thread always replies")
}

fn keeper() -> &'static Sender<Job> {
    static KEEPER: OnceLock<Sender<Job>> = OnceLock::new();
    KEEPER.get_or_init(|| {
        let (jobs, inbox) = mpsc::channel();
        thread::Builder::new()
            .name("server-keeper".into())
            .spawn(move || keep(inbox))
            .expect("cannot start the server keeper thread");
        jobs
    })
}

fn keep(inbox: Receiver<Job>) {
    for (mut cmd, reply) in inbox {
        // The requester blocks on this answer, so the send cannot fail.
        let _ = reply.send(cmd.spawn());
    }
    // Unreachable while the static sender lives. Parked all the same: this
    // thread exiting would kill every server it started.
    loop {
        thread::park();
    }
}

/// Makes the child get SIGKILL when the thread that spawns it exits.
///
/// std runs `pre_exec` hooks after it applies `Command::uid`/`gid`; that
/// order matters, because a credential change clears the parent-death signal.
pub fn kill_with_parent(cmd: &mut Command) {
    let parent = std::process::id();
    // SAFETY: the hook runs between fork and exec, where only
    // async-signal-safe calls are allowed; it makes two system calls and
    // builds errors from raw codes, which does not allocate.
    unsafe {
        cmd.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                return Err(io::Error::last_os_error());
            }
            // The parent may have died before the signal was armed.
            if libc::getppid().cast_unsigned() != parent {
                return Err(io::Error::from_raw_os_error(libc::ESRCH));
            }
            Ok(())
        });
    }
}

/// Runs `start` for the first caller only and hands every caller its result.
/// A failed start is remembered: the other tests then fail at once with the
/// same message, instead of each trying again.
pub fn once<T: Send + Sync>(
    cell: &'static OnceLock<Result<T, String>>,
    start: fn() -> T,
) -> &'static T {
    let started = cell.get_or_init(|| panic::catch_unwind(start).map_err(panic_message));
    started.as_ref().unwrap_or_else(|why| panic!("{why}"))
}

fn panic_message(payload: Box<dyn Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(message) => *message,
        Err(payload) => payload
            .downcast_ref::<&str>()
            .map_or("(no message)", |m| m)
            .to_owned(),
    }
}

/// Starts a server on a free port. Another process may take the port between
/// our probe and the server's bind, so that one failure is retried.
pub fn on_free_port<T>(what: &str, mut start: impl FnMut(u16) -> Result<T, String>) -> T {
    let mut failures = Vec::new();
    for _ in 0..3 {
        match start(free_port()) {
            Ok(server) => return server,
            Err(why) if why.to_lowercase().contains("address already in use") => failures.push(why),
            Err(why) => panic!("{what} did not start: {why}"),
        }
    }
    panic!("{what} did not start:\n{}", failures.join("\n---\n"))
}

pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("cannot bind a port on 127.0.0.1");
    listener
        .local_addr()
        .expect("bound socket has an address")
        .port()
}

/// Polls `ready` until it holds. Fails early, with the end of the server's
/// log, if the server exits; kills it if it is not ready in time.
pub fn wait_ready(
    child: &mut Child,
    log: &Path,
    mut ready: impl FnMut() -> bool,
) -> Result<(), String> {
    let deadline = Instant::now() + STARTUP_TIMEOUT;
    while !ready() {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("exited with {status}:\n{}", log_tail(log)));
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "not ready after {STARTUP_TIMEOUT:?}:\n{}",
                log_tail(log)
            ));
        }
        thread::sleep(Duration::from_millis(20));
    }
    Ok(())
}

fn log_tail(log: &Path) -> String {
    let text = fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}
