//! Running a command on a pseudo-terminal: `script` gives it one whose input is a
//! pipe the test writes keystrokes into (Ctrl-C, Ctrl-Z, a typed password).

use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Starts `command` (a shell command line) on a terminal of its own, with a clean
/// environment plus `env`. Its stdin is piped; its stdout too when `capture`.
pub fn on_a_terminal(command: &str, env: &[(&str, &str)], capture: bool) -> Child {
    let mut script = Command::new("script");
    script
        .args(["-qfec", command, "/dev/null"])
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("SHELL", "/bin/sh")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(if capture {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stderr(Stdio::null());
    script.spawn().expect("cannot run script")
}

/// Waits for `child` to end; panics after `limit`, killing it.
pub fn wait_exit(child: &mut Child, limit: Duration) -> ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("cannot wait") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the command on the terminal did not end within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}
