//! Supervision with real processes and real signals: forwarding, stopping, exit
//! statuses, process groups, PID 1 in a new PID namespace, and a terminal.
//! The children are the fixtures in `tests/fixtures/`; every wait synchronises on
//! what they write, under a deadline.

use std::io::Write;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::harness::{Running, Vx, vx_no_server, wait_lines};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Lines of `log`, once `done` holds for them, within 10 s.
fn wait_for(log: &Path, what: &str, done: impl Fn(&[String]) -> bool) -> Vec<String> {
    wait_lines(log, Duration::from_secs(10), what, done)
}

fn count(lines: &[String], name: &str) -> usize {
    lines.iter().filter(|line| *line == name).count()
}

/// `vx run --supervise [extra] -- python3 signal_logger.py LOG [logger args]`,
/// started, with its log path, once the logger is ready.
fn start_logger(extra: &[&str], logger_args: &[&str]) -> (Running, PathBuf) {
    let vx = vx_no_server();
    let log = vx.home().join("signals.log");
    let running = vx
        .args(["run", "--supervise"])
        .args(extra)
        .args(["--", "python3"])
        .arg(fixture("signal_logger.py"))
        .arg(&log)
        .args(logger_args)
        .start();
    wait_for(&log, "the logger to start", |lines| {
        count(lines, "ready") == 1
    });
    (running, log)
}

#[test]
fn every_signal_reaches_the_child_exactly_once() {
    let (running, log) = start_logger(&["--kill-timeout", "60s"], &[]);
    let signals = [
        (libc::SIGHUP, "SIGHUP"),
        (libc::SIGINT, "SIGINT"),
        (libc::SIGQUIT, "SIGQUIT"),
        (libc::SIGUSR1, "SIGUSR1"),
        (libc::SIGUSR2, "SIGUSR2"),
        (libc::SIGWINCH, "SIGWINCH"),
        (libc::SIGALRM, "SIGALRM"),
        (libc::SIGCONT, "SIGCONT"),
        (libc::SIGPIPE, "SIGPIPE"),
        (libc::SIGTSTP, "SIGTSTP"),
        (libc::SIGTTIN, "SIGTTIN"),
        (libc::SIGTTOU, "SIGTTOU"),
        (libc::SIGUSR1, "SIGUSR1"),
    ];
    let mut expected = std::collections::BTreeMap::new();
    for (number, name) in signals {
        *expected.entry(name).or_insert(0) += 1;
        let want = expected[name];
        running.signal(number);
        wait_for(&log, name, |lines| count(lines, name) >= want);
    }
    running.signal(libc::SIGTERM);
    let out = running.wait();
    assert_eq!(out.code, Some(0), "{out:?}");
    let lines = wait_for(&log, "the end", |lines| {
        lines.last().is_some_and(|l| l == "exiting")
    });
    for (name, times) in expected {
        assert_eq!(count(&lines, name), times, "{name} in {lines:?}");
    }
    assert_eq!(count(&lines, "SIGTERM"), 1, "{lines:?}");
}

#[test]
fn a_stop_waits_for_the_childs_cleanup_and_returns_its_code() {
    let (running, _log) = start_logger(&[], &["--cleanup", "2", "--code", "7"]);
    let stopped = Instant::now();
    running.signal(libc::SIGTERM);
    let out = running.wait();
    assert_eq!(out.code, Some(7), "{out:?}");
    assert!(
        stopped.elapsed() >= Duration::from_secs(2),
        "{:?}",
        stopped.elapsed()
    );
}

#[test]
fn a_child_ignoring_term_is_killed_after_the_kill_timeout() {
    let (running, log) = start_logger(
        &["--kill-timeout", "1s"],
        &["--ignore", "TERM", "--exit-on", "USR2"],
    );
    let stopped = Instant::now();
    running.signal(libc::SIGTERM);
    let out = running.wait();
    let took = stopped.elapsed();
    assert_eq!(out.status.signal(), Some(libc::SIGKILL), "{out:?}");
    assert!(
        took >= Duration::from_secs(1) && took < Duration::from_secs(5),
        "{took:?}"
    );
    assert_eq!(
        count(
            &std::fs::read_to_string(log)
                .unwrap()
                .lines()
                .map(str::to_owned)
                .collect::<Vec<_>>(),
            "exiting"
        ),
        0
    );
}

#[test]
fn exit_codes_and_signal_deaths_come_back() {
    for code in [0, 1, 2, 42, 255] {
        let out = vx_no_server()
            .args([
                "run",
                "--supervise",
                "--",
                "sh",
                "-c",
                &format!("exit {code}"),
            ])
            .run();
        assert_eq!(out.code, Some(code), "{out:?}");
    }
    for (signal, name) in [(libc::SIGKILL, "KILL"), (libc::SIGSEGV, "SEGV")] {
        let out = vx_no_server()
            .args([
                "run",
                "--supervise",
                "--",
                "sh",
                "-c",
                &format!("kill -{name} $$"),
            ])
            .run();
        assert_eq!(out.status.signal(), Some(signal), "{out:?}");
        assert_eq!(out.stderr, "", "a signal death is not an error of vx");
    }
}

#[test]
fn the_child_starts_with_no_blocked_signal() {
    let out = vx_no_server()
        .args([
            "run",
            "--supervise",
            "--",
            "grep",
            "-E",
            "^Sig(Blk|Ign)",
            "/proc/self/status",
        ])
        .run();
    out.assert_success();
    // Ignored signals pass through exec and spawn unchanged, as without vx: the
    // child has the test process's own, less SIGPIPE, which Rust ignores in
    // itself and restores for the processes it spawns.
    let own = std::fs::read_to_string("/proc/self/status").unwrap();
    let ignored = own
        .lines()
        .find_map(|line| line.strip_prefix("SigIgn:\t"))
        .unwrap();
    let ignored = u64::from_str_radix(ignored, 16).unwrap() & !(1 << (libc::SIGPIPE - 1));
    assert_eq!(
        out.stdout_str(),
        format!("SigBlk:\t0000000000000000\nSigIgn:\t{ignored:016x}\n")
    );
}

fn is_running(pid: i32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state follows the command name in parentheses; Z is a zombie.
        Ok(stat) => !stat
            .rsplit_once(") ")
            .is_some_and(|(_, rest)| rest.starts_with('Z')),
        Err(_) => false,
    }
}

fn wait_gone(pid: i32) -> bool {
    let deadline = Instant::now() + Duration::from_secs(5);
    while is_running(pid) {
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    true
}

#[test]
fn stopping_vx_leaves_nothing_of_the_tree_running() {
    let vx = vx_no_server();
    let pid_file = vx.home().join("grandchild.pid");
    let running = vx
        .args(["run", "--supervise", "--", "sh"])
        .arg(fixture("grandchild.sh"))
        .arg(&pid_file)
        .start();
    let lines = wait_for(&pid_file, "the grandchild's pid", |lines| !lines.is_empty());
    let grandchild: i32 = lines[0].parse().unwrap();
    assert!(is_running(grandchild));
    running.signal(libc::SIGTERM);
    let out = running.wait();
    assert_eq!(out.status.signal(), Some(libc::SIGTERM), "{out:?}");
    assert!(wait_gone(grandchild), "grandchild {grandchild} survived");
}

#[test]
fn what_the_child_leaves_in_its_group_is_stopped_when_it_exits() {
    let vx = vx_no_server();
    let pid_file = vx.home().join("leftover.pid");
    let script = format!("sleep 1000 & echo $! > {}", pid_file.display());
    let out = vx
        .args(["run", "--supervise", "--", "sh", "-c", &script])
        .run();
    assert_eq!(out.code, Some(0), "{out:?}");
    let leftover: i32 = std::fs::read_to_string(&pid_file)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(wait_gone(leftover), "leftover {leftover} survived");
}

/// `unshare --pid --fork --mount-proc vx run ARGS`: vx as PID 1 of a new namespace.
fn as_pid1(args: &[&str]) -> Vx {
    Vx::new("unshare")
        .args([
            "--pid",
            "--fork",
            "--mount-proc",
            env!("CARGO_BIN_EXE_vx"),
            "run",
        ])
        .args(args)
}

#[test]
fn as_pid1_orphans_are_reaped() {
    let out = as_pid1(&["--", "sh"])
        .arg(fixture("orphans.sh"))
        .arg("100")
        .run();
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(out.stdout_str(), "zombies=0\n");
}

#[test]
fn as_pid1_a_signal_death_is_reported_as_128_plus_n() {
    let out = as_pid1(&["--", "sh", "-c", "kill -SEGV $$"]).run();
    assert_eq!(out.code, Some(128 + libc::SIGSEGV), "{out:?}");
}

#[test]
fn as_pid1_term_reaches_the_child() {
    let vx = as_pid1(&[]);
    let log = vx.home().join("pid1.log");
    let running = vx
        .args(["--", "python3"])
        .arg(fixture("signal_logger.py"))
        .arg(&log)
        .start();
    wait_for(&log, "the logger to start", |lines| {
        count(lines, "ready") == 1
    });
    // unshare forks vx; vx is PID 1 inside, and unshare's only child outside.
    let children = format!("/proc/{0}/task/{0}/children", running.pid());
    let vx_pid: i32 = std::fs::read_to_string(children)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // SAFETY: kill(2) has no memory effects.
    assert_eq!(unsafe { libc::kill(vx_pid, libc::SIGTERM) }, 0);
    let out = running.wait();
    assert_eq!(out.code, Some(0), "{out:?}");
    let lines = wait_for(&log, "the end", |lines| {
        lines.last().is_some_and(|l| l == "exiting")
    });
    assert_eq!(count(&lines, "SIGTERM"), 1, "{lines:?}");
}

#[test]
fn two_hundred_supervised_runs_in_a_row() {
    for run in 0..200 {
        let out = vx_no_server()
            .args(["run", "--supervise", "--", "/bin/true"])
            .run();
        assert!(
            out.code == Some(0) && out.stderr.is_empty(),
            "run {run}: {out:?}"
        );
    }
}

#[test]
fn ctrl_c_on_a_terminal_reaches_the_child_once() {
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("tty.log");
    let inner = format!(
        "{} run --supervise -- python3 {} {} --exit-on INT",
        env!("CARGO_BIN_EXE_vx"),
        fixture("signal_logger.py").display(),
        log.display()
    );
    // `script` gives the command a pseudo-terminal whose input is our pipe.
    let mut script = crate::harness::on_a_terminal(&inner, &[], false);
    wait_for(&log, "the logger to start", |lines| {
        count(lines, "ready") == 1
    });
    let mut stdin = script.stdin.take().unwrap();
    stdin.write_all(b"\x03").unwrap();
    stdin.flush().unwrap();
    let status = crate::harness::wait_exit(&mut script, Duration::from_secs(10));
    drop(stdin);
    let lines = wait_for(&log, "the end", |lines| {
        lines.last().is_some_and(|l| l == "exiting")
    });
    assert_eq!(count(&lines, "SIGINT"), 1, "{lines:?}");
    assert_eq!(status.code(), Some(0));
}

/// A TCP proxy to `target` that holds every connection for `delay` before
/// passing bytes, so that vx is still resolving when a test signals it. The
/// flag turns true once vx has connected.
fn slow_proxy(target: &str, delay: Duration) -> (String, Arc<AtomicBool>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = format!("http://{}", listener.local_addr().unwrap());
    let target = target.trim_start_matches("http://").to_owned();
    let connected = Arc::new(AtomicBool::new(false));
    let seen = Arc::clone(&connected);
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            seen.store(true, Ordering::SeqCst);
            let target = target.clone();
            std::thread::spawn(move || {
                std::thread::sleep(delay);
                let Ok(server) = std::net::TcpStream::connect(&target) else {
                    return;
                };
                let (mut client_in, mut server_out) =
                    (client.try_clone().unwrap(), server.try_clone().unwrap());
                let upstream = std::thread::spawn(move || {
                    let _ = std::io::copy(&mut client_in, &mut server_out);
                    let _ = server_out.shutdown(std::net::Shutdown::Write);
                });
                let (mut server_in, mut client_out) = (server, client);
                let _ = std::io::copy(&mut server_in, &mut client_out);
                let _ = client_out.shutdown(std::net::Shutdown::Write);
                let _ = upstream.join();
            });
        }
    });
    (addr, connected)
}

#[test]
fn a_stop_during_start_up_stops_vx_at_once() {
    let path = crate::harness::unique("slow");
    crate::harness::bao().kv2_put(&path, &serde_json::json!({"k": "v"}));
    let (proxy, connected) = slow_proxy(crate::harness::bao().addr(), Duration::from_millis(3000));
    let running = crate::harness::vx()
        .env("VAULT_ADDR", &proxy)
        .args([
            "-v",
            "run",
            "--supervise",
            "--env",
            &format!("K=secret/{path}#k"),
            "--",
        ])
        .args(["sh", "-c", "sleep 5"])
        .start();
    // Once vx has connected it is resolving, with its signals already blocked.
    crate::harness::wait_until(Duration::from_secs(10), "vx to connect", || {
        connected.load(Ordering::SeqCst)
    });
    let stopped = Instant::now();
    running.signal(libc::SIGTERM);
    let out = running.wait();
    assert_eq!(out.status.signal(), Some(libc::SIGTERM), "{out:?}");
    assert!(
        out.stderr
            .contains("SIGTERM before the command started: stopping"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("supervising"), "{}", out.stderr);
    assert!(
        stopped.elapsed() < Duration::from_secs(2),
        "{:?}",
        stopped.elapsed()
    );
}

fn state(pid: i32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(") ")?.1.chars().next()
}

#[test]
fn ctrl_z_on_a_terminal_stops_the_command_and_vx_and_cont_resumes_both() {
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("job.log");
    let child = format!(
        "echo \"vx $PPID\" >> {log}; i=0; while [ $i -lt 20 ]; do echo tick >> {log}; sleep 0.1; i=$((i+1)); done",
        log = log.display()
    );
    let inner = format!(
        "{} run --supervise -- sh -c '{child}'",
        env!("CARGO_BIN_EXE_vx")
    );
    let mut script = crate::harness::on_a_terminal(&inner, &[], false);
    let lines = wait_for(&log, "the first tick", |l| count(l, "tick") >= 1);
    let vx_pid: i32 = lines[0].strip_prefix("vx ").unwrap().parse().unwrap();
    let mut stdin = script.stdin.take().unwrap();
    stdin.write_all(b"\x1a").unwrap();
    stdin.flush().unwrap();
    crate::harness::wait_until(Duration::from_secs(10), "vx to stop", || {
        state(vx_pid) == Some('T')
    });
    let ticks = count(&crate::harness::lines(&log), "tick");
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(
        count(&crate::harness::lines(&log), "tick"),
        ticks,
        "the command kept running"
    );

    // What `fg` does: continue the job.
    // SAFETY: kill(2) has no memory effects.
    assert_eq!(unsafe { libc::kill(vx_pid, libc::SIGCONT) }, 0);
    wait_for(&log, "all ticks", |l| count(l, "tick") == 20);
    let status = crate::harness::wait_exit(&mut script, Duration::from_secs(10));
    drop(stdin);
    assert_eq!(status.code(), Some(0));
}

#[test]
fn a_death_by_a_real_time_signal_comes_back_and_fault_signals_are_forwarded() {
    let out = vx_no_server()
        .args(["run", "--supervise", "--", "sh", "-c", "kill -40 $$"])
        .run();
    assert_eq!(out.status.signal(), Some(40), "{out:?}");

    // SEGV sent with kill(2) is the command's, not a fault of vx's.
    let (running, log) = start_logger(&[], &["--exit-on", "SEGV"]);
    running.signal(libc::SIGSEGV);
    let out = running.wait();
    assert_eq!(out.code, Some(0), "{out:?}");
    let lines = wait_for(&log, "the end", |l| {
        l.last().is_some_and(|x| x == "exiting")
    });
    assert_eq!(count(&lines, "SIGSEGV"), 1, "{lines:?}");
}
