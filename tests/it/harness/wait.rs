//! Waiting on what a child wrote, always with a deadline: tests synchronise on
//! markers in files, never on fixed sleeps.

use std::path::Path;
use std::time::{Duration, Instant};

/// The lines of `log`, once `done` holds for them; panics after `limit`.
pub fn wait_lines(
    log: &Path,
    limit: Duration,
    what: &str,
    done: impl Fn(&[String]) -> bool,
) -> Vec<String> {
    let deadline = Instant::now() + limit;
    loop {
        let lines = lines(log);
        if done(&lines) {
            return lines;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; log: {lines:?}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Returns once `done` holds; panics after `limit`.
pub fn wait_until(limit: Duration, what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + limit;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The lines of `log` now; none when it does not exist yet.
pub fn lines(log: &Path) -> Vec<String> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect()
}
