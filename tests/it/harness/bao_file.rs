//! An OpenBao server with raft storage, owned by one test: it can be stopped and
//! started again on the same port with its data, which an outage test needs (a
//! dev server forgets everything when it stops). Initialised with one unseal key,
//! unsealed after every start, with KV v2 at `secret/`.

use std::fs::{self, File};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use ureq::Agent;

use super::bao::{binary, server_command};
use super::process::{free_port, on_free_port, spawn_owned, wait_ready};
use super::scratch::scratch_dir;

pub struct BaoFile {
    port: u16,
    dir: PathBuf,
    cluster_port: u16,
    server: Option<Child>,
    agent: Agent,
    unseal_key: String,
    root_token: String,
}

impl BaoFile {
    /// Starts, initialises and unseals a new server.
    pub fn start() -> BaoFile {
        let dir = tempfile::Builder::new()
            .prefix("bao-file-")
            .tempdir_in(scratch_dir())
            .expect("cannot create a directory for the server")
            .keep();
        let agent = Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .new_agent();
        let mut bao = on_free_port("the file-backed OpenBao server", |port| {
            let mut bao = BaoFile {
                port,
                dir: dir.clone(),
                cluster_port: 0,
                server: None,
                agent: agent.clone(),
                unseal_key: String::new(),
                root_token: String::new(),
            };
            bao.launch()?;
            Ok(bao)
        });
        let init = bao.call(
            "",
            "PUT",
            "sys/init",
            Some(json!({"secret_shares": 1, "secret_threshold": 1})),
        );
        bao.unseal_key = init["keys_base64"][0]
            .as_str()
            .expect("an unseal key")
            .to_owned();
        bao.root_token = init["root_token"]
            .as_str()
            .expect("a root token")
            .to_owned();
        bao.unseal();
        let kv2 = json!({"type": "kv", "options": {"version": "2"}});
        bao.api("POST", "sys/mounts/secret", Some(kv2));
        bao
    }

    pub fn addr(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn root_token(&self) -> &str {
        &self.root_token
    }

    /// Kills the server, as a crash or a network cut would end it.
    pub fn stop(&mut self) {
        if let Some(mut server) = self.server.take() {
            let _ = server.kill();
            let _ = server.wait();
        }
    }

    /// Starts the server again on the same port, with its data, and unseals it.
    pub fn restart(&mut self) {
        self.launch()
            .unwrap_or_else(|why| panic!("the server did not start again: {why}"));
        self.unseal();
    }

    pub fn kv2_put(&self, path: &str, data: &Value) {
        self.api(
            "POST",
            &format!("secret/data/{path}"),
            Some(json!({"data": data})),
        );
    }

    pub fn api(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(&self.root_token, method, path, body)
    }

    fn launch(&mut self) -> Result<(), String> {
        let config = self.dir.join("config.hcl");
        let storage = self.dir.join("data");
        fs::create_dir_all(&storage).map_err(|e| e.to_string())?;
        // OpenBao has no file storage; single-node raft keeps data on disk just
        // as well. Its cluster port is the API port + 1 when free, found once.
        if self.cluster_port == 0 {
            self.cluster_port = free_port();
        }
        fs::write(
            &config,
            format!(
                "storage \"raft\" {{\n  path = {storage:?}\n  node_id = \"n1\"\n}}\nlistener \"tcp\" {{\n  address = \"127.0.0.1:{port}\"\n  cluster_address = \"127.0.0.1:{cluster}\"\n  tls_disable = true\n}}\napi_addr = \"http://127.0.0.1:{port}\"\ncluster_addr = \"http://127.0.0.1:{cluster}\"\n",
                storage = storage.display().to_string(),
                port = self.port,
                cluster = self.cluster_port,
            ),
        )
        .map_err(|e| e.to_string())?;
        let (mut cmd, log_path) = server_command(&binary(), &self.dir)?;
        cmd.arg(format!("-config={}", config.display()));
        let mut server = spawn_owned(cmd).map_err(|e| e.to_string())?;
        let agent = self.agent.clone();
        let health = format!("{}/v1/sys/health", self.addr());
        // Sealed or not initialised, the server answers health with a non-200
        // status; any answer means it listens.
        wait_ready(&mut server, &log_path, || agent.get(&health).call().is_ok())?;
        self.server = Some(server);
        Ok(())
    }

    /// Unseals, then waits until the node is the active one: raft elects its
    /// leader a moment after unsealing, and answers 5xx until then.
    fn unseal(&self) {
        let answer = self.call(
            "",
            "PUT",
            "sys/unseal",
            Some(json!({"key": self.unseal_key})),
        );
        assert_eq!(
            answer["sealed"], false,
            "the server did not unseal: {answer}"
        );
        let health = format!("{}/v1/sys/health", self.addr());
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let active = self
                .agent
                .get(&health)
                .call()
                .is_ok_and(|r| r.status() == 200);
            if active {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the server did not become active"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn call(&self, token: &str, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/v1/{path}", self.addr());
        let request = ureq::http::Request::builder()
            .method(method)
            .uri(&url)
            .header("X-Vault-Token", token);
        let sent = match body {
            Some(body) => self.agent.run(request.body(body.to_string()).unwrap()),
            None => self.agent.run(request.body(()).unwrap()),
        };
        let mut response = sent.unwrap_or_else(|e| panic!("{method} {url} failed: {e}"));
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap_or_default();
        assert!(status < 400, "{method} {path} answered {status}: {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }
}

impl Drop for BaoFile {
    fn drop(&mut self) {
        self.stop();
    }
}
