//! Runs a program, normally the `vx` binary under test, the way a test needs:
//! a known minimal environment, a fresh HOME, optional stdin, and a deadline,
//! so that a hang fails its test instead of stalling the whole run.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fmt;
use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use tempfile::TempDir;

use super::bao::bao;
use super::process::kill_with_parent;
use super::scratch::scratch_dir;

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const PATH: &str = "/usr/local/bin:/usr/bin:/bin";

/// A run being prepared. Starts from an empty environment plus `PATH` and
/// `HOME`, and runs in that HOME, so nothing of the developer's setup (a
/// `.env` file, `~/.vault-token`, `VAULT_*` variables) leaks in. The
/// program gets a process group of its own, which a hung run is killed with.
pub struct Vx {
    cmd: Command,
    home: TempDir,
    stdin: Option<Vec<u8>>,
    timeout: Duration,
}

/// What a finished run left.
pub struct Out {
    pub status: ExitStatus,
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    /// Decoded lossily: error messages are text.
    pub stderr: String,
    home: TempDir,
}

/// The `vx` binary, pointed at the shared OpenBao server with its root token.
pub fn vx() -> Vx {
    vx_no_server().with_bao()
}

/// The `vx` binary with no `VAULT_ADDR` or `VAULT_TOKEN`.
pub fn vx_no_server() -> Vx {
    Vx::new(env!("CARGO_BIN_EXE_vx"))
}

impl Vx {
    /// Any program, prepared like `vx`.
    pub fn new(program: impl AsRef<OsStr>) -> Vx {
        let home = tempfile::Builder::new()
            .prefix("home-")
            .tempdir_in(scratch_dir())
            .expect("cannot create a HOME directory");
        let mut cmd = Command::new(program);
        cmd.env_clear()
            .env("PATH", PATH)
            .env("HOME", home.path())
            .current_dir(home.path());
        Vx {
            cmd,
            home,
            stdin: None,
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// Sets `VAULT_ADDR` and `VAULT_TOKEN` for the shared OpenBao server.
    pub fn with_bao(self) -> Vx {
        let bao = bao();
        self.env("VAULT_ADDR", bao.addr())
            .env("VAULT_TOKEN", bao.root_token())
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Vx {
        self.cmd.arg(arg);
        self
    }

    pub fn args<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(mut self, args: I) -> Vx {
        self.cmd.args(args);
        self
    }

    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Vx {
        self.cmd.env(key, value);
        self
    }

    pub fn env_remove(mut self, key: impl AsRef<OsStr>) -> Vx {
        self.cmd.env_remove(key);
        self
    }

    /// Runs somewhere other than the fresh HOME.
    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Vx {
        self.cmd.current_dir(dir);
        self
    }

    /// Bytes to write to stdin, which is otherwise `/dev/null`.
    pub fn stdin_bytes(mut self, bytes: impl Into<Vec<u8>>) -> Vx {
        self.stdin = Some(bytes.into());
        self
    }

    /// How long the run may take, output included, before it counts as hung.
    pub fn timeout(mut self, timeout: Duration) -> Vx {
        self.timeout = timeout;
        self
    }

    /// The run's HOME, to put files in before the run.
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// Runs to completion. Panics if the program cannot start, or if it (or
    /// anything holding its output open) outlives the deadline.
    pub fn run(self) -> Out {
        self.start().wait()
    }

    /// Starts the run and returns at once, for tests that signal it while it
    /// runs; `Running::wait` finishes it as `run` would.
    pub fn start(mut self) -> Running {
        let shown = self.shown();
        let deadline = Instant::now() + self.timeout;
        let mut child = self.spawn(&shown);
        feed(&mut child, self.stdin.take());
        let stdout = drain(child.stdout.take());
        let stderr = drain(child.stderr.take());
        let guard = GroupGuard {
            group: child.id().cast_signed(),
            armed: true,
        };
        Running {
            shown,
            deadline,
            timeout: self.timeout,
            child,
            stdout,
            stderr,
            home: self.home,
            guard,
        }
    }

    fn shown(&self) -> String {
        let words = std::iter::once(self.cmd.get_program()).chain(self.cmd.get_args());
        words
            .map(|word| word.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn spawn(&mut self, shown: &str) -> Child {
        let stdin = if self.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        };
        self.cmd
            .stdin(stdin)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // So that a hung run is killed with everything it started.
        self.cmd.process_group(0);
        kill_with_parent(&mut self.cmd);
        self.cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run `{shown}`: {e}"))
    }
}

/// A run under way.
pub struct Running {
    shown: String,
    deadline: Instant,
    timeout: Duration,
    child: Child,
    stdout: Receiver<Vec<u8>>,
    stderr: Receiver<Vec<u8>>,
    home: TempDir,
    guard: GroupGuard,
}

/// Kills a run's process group when a test drops the run without waiting for it
/// (it panicked first), so no supervisor and no command outlives the test.
struct GroupGuard {
    group: i32,
    armed: bool,
}

impl Drop for GroupGuard {
    fn drop(&mut self) {
        if self.armed {
            // SAFETY: kill has no memory effects; the group is the run's own.
            unsafe { libc::kill(-self.group, libc::SIGKILL) };
        }
    }
}

impl Running {
    pub fn pid(&self) -> i32 {
        self.child.id() as i32
    }

    /// The run's HOME.
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// Sends `signal` (a libc signal number) to the running program.
    pub fn signal(&self, signal: i32) {
        // SAFETY: kill(2) has no memory effects.
        let sent = unsafe { libc::kill(self.pid(), signal) };
        assert_eq!(sent, 0, "cannot signal `{}`", self.shown);
    }

    /// Waits for the end, within the run's deadline.
    pub fn wait(mut self) -> Out {
        self.guard.armed = false;
        let Some(status) = wait_until(&mut self.child, self.deadline) else {
            hung(&self.shown, self.timeout, self.child, &self.stderr)
        };
        let stdout = collect(&self.shown, &self.stdout, self.deadline);
        let stderr = collect(&self.shown, &self.stderr, self.deadline);
        Out {
            status,
            code: status.code(),
            stdout,
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
            home: self.home,
        }
    }
}

impl Out {
    /// Stdout as text, decoded lossily.
    pub fn stdout_str(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    /// The environment the run printed, if it ended by running `env -0`.
    pub fn child_env(&self) -> BTreeMap<String, Vec<u8>> {
        parse_env0(&self.stdout)
    }

    /// The run's HOME, to look at files it left there.
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// Panics, showing the run's output, unless it exited with status 0.
    pub fn assert_success(&self) -> &Out {
        assert!(self.status.success(), "expected success, got {self:?}");
        self
    }
}

impl fmt::Debug for Out {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Out")
            .field("status", &self.status)
            .field("stdout", &self.stdout_str())
            .field("stderr", &self.stderr)
            .finish_non_exhaustive()
    }
}

/// Reads the output of `env -0` (`NAME=value` entries, each ended by a NUL)
/// into a map, byte for byte. Panics on a malformed entry or a name that
/// appears twice, which a correct environment never has.
pub fn parse_env0(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut vars = BTreeMap::new();
    for entry in bytes
        .split(|&byte| byte == 0)
        .filter(|entry| !entry.is_empty())
    {
        let shown = String::from_utf8_lossy(entry);
        let eq = entry.iter().position(|&byte| byte == b'=');
        let eq = eq.unwrap_or_else(|| panic!("environment entry without '=': {shown:?}"));
        let name = String::from_utf8(entry[..eq].to_vec())
            .unwrap_or_else(|_| panic!("environment name is not UTF-8: {shown:?}"));
        let value = entry[eq + 1..].to_vec();
        assert!(
            vars.insert(name, value).is_none(),
            "variable set twice: {shown:?}"
        );
    }
    vars
}

/// Writes stdin from a thread, so a program that writes before it reads
/// cannot deadlock with us. A program that exits without reading all of it
/// is its own business, so write errors are ignored.
fn feed(child: &mut Child, bytes: Option<Vec<u8>>) {
    if let (Some(mut stdin), Some(bytes)) = (child.stdin.take(), bytes) {
        thread::spawn(move || stdin.write_all(&bytes));
    }
}

/// Reads a pipe to its end in a thread; the receiver gets everything read.
fn drain(pipe: Option<impl Read + Send + 'static>) -> Receiver<Vec<u8>> {
    let (done, receiver) = mpsc::channel();
    let mut pipe = pipe.expect("the pipe was set up");
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        let _ = done.send(bytes);
    });
    receiver
}

fn collect(shown: &str, output: &Receiver<Vec<u8>>, deadline: Instant) -> Vec<u8> {
    let left = deadline.saturating_duration_since(Instant::now());
    output.recv_timeout(left).unwrap_or_else(|_| {
        panic!("`{shown}` exited, but something it started kept its output open past the deadline")
    })
}

/// Waits for the child to exit, polling so that the wait can end at the deadline.
fn wait_until(child: &mut Child, deadline: Instant) -> Option<ExitStatus> {
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(status) = child.try_wait().expect("cannot wait for the child") {
            return Some(status);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return None;
        }
        thread::sleep(pause.min(left));
        pause = (pause * 2).min(Duration::from_millis(10));
    }
}

fn hung(shown: &str, timeout: Duration, mut child: Child, stderr: &Receiver<Vec<u8>>) -> ! {
    let group = -child.id().cast_signed();
    // SAFETY: kill has no memory effects; the group is the child's own.
    unsafe { libc::kill(group, libc::SIGKILL) };
    // In case it left its group: then only the child itself is reachable.
    let _ = child.kill();
    let _ = child.wait();
    // Its stderr may still be held open by a process outside the group.
    let stderr = stderr
        .recv_timeout(Duration::from_secs(1))
        .unwrap_or_default();
    panic!(
        "`{shown}` hung: still running after {timeout:?}, so it was killed. Its stderr: {:?}",
        String::from_utf8_lossy(&stderr)
    )
}
