//! A second OpenBao dev server, this one serving TLS (`-dev-tls`) with a CA it
//! generates, for tests of certificate verification. Started on first use, like
//! the plain one, and killed with the test process.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

use super::bao::{binary, server_command};
use super::process::{on_free_port, once, spawn_owned, wait_ready};
use super::scratch::scratch_dir;

const ROOT_TOKEN: &str = "root";

pub struct BaoTls {
    addr: String,
    cert_dir: PathBuf,
    _server: Child,
}

pub fn bao_tls() -> &'static BaoTls {
    static BAO_TLS: OnceLock<Result<BaoTls, String>> = OnceLock::new();
    once(&BAO_TLS, start)
}

impl BaoTls {
    /// `https://127.0.0.1:PORT`; the certificate also names `localhost`.
    pub fn addr(&self) -> &str {
        &self.addr
    }

    pub fn root_token(&self) -> &str {
        ROOT_TOKEN
    }

    /// The PEM file of the CA that signed the server's certificate.
    pub fn ca_file(&self) -> PathBuf {
        self.cert_dir.join("vault-ca.pem")
    }

    /// A directory holding only the CA, for `VAULT_CAPATH`.
    pub fn ca_dir(&self) -> PathBuf {
        let dir = self.cert_dir.parent().unwrap().join("ca-only");
        fs::create_dir_all(&dir).unwrap();
        fs::copy(self.ca_file(), dir.join("ca.pem")).unwrap();
        dir
    }

    /// Writes a KV v2 secret with the `bao` CLI, which trusts the CA.
    pub fn kv2_put(&self, path: &str, pairs: &[&str]) {
        let status = self
            .cli()
            .args(["kv", "put", &format!("secret/{path}")])
            .args(pairs)
            .stdout(Stdio::null())
            .status()
            .expect("cannot run bao");
        assert!(status.success(), "bao kv put secret/{path} failed");
    }

    /// Runs the `bao` CLI against this server with the root token, feeding
    /// `stdin`; panics unless it succeeds.
    pub fn bao_cli(&self, args: &[&str], stdin: &str) {
        use std::io::Write;
        let mut child = self
            .cli()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cannot run bao");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "bao {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn cli(&self) -> Command {
        let mut cmd = Command::new(binary());
        cmd.env_clear()
            .env("VAULT_ADDR", &self.addr)
            .env("VAULT_TOKEN", ROOT_TOKEN)
            .env("VAULT_CACERT", self.ca_file());
        cmd
    }
}

fn start() -> BaoTls {
    let bin = binary();
    let dir = scratch_dir().join("bao-tls");
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    on_free_port("the OpenBao TLS dev server", |port| {
        launch(&bin, &dir, port)
    })
}

fn launch(bin: &Path, dir: &Path, port: u16) -> Result<BaoTls, String> {
    let cert_dir = dir.join(format!("certs-{port}"));
    fs::create_dir_all(&cert_dir).map_err(|e| e.to_string())?;
    let (mut cmd, log_path) = server_command(bin, dir)?;
    cmd.args(["-dev", "-dev-tls", "-dev-no-store-token"])
        .arg(format!("-dev-tls-cert-dir={}", cert_dir.display()))
        .arg(format!("-dev-root-token-id={ROOT_TOKEN}"))
        .arg(format!("-dev-listen-address=127.0.0.1:{port}"));
    let mut server =
        spawn_owned(cmd).unwrap_or_else(|e| panic!("cannot run {}: {e}", bin.display()));
    let addr = format!("https://127.0.0.1:{port}");
    let ca = cert_dir.join("vault-ca.pem");
    // The harness's HTTP client has no TLS; curl, on every machine of this
    // kind, checks health with the generated CA.
    wait_ready(&mut server, &log_path, || {
        ca.is_file()
            && Command::new("curl")
                .args(["-fs", "-o", "/dev/null", "--cacert"])
                .arg(&ca)
                .arg(format!("{addr}/v1/sys/health"))
                .status()
                .is_ok_and(|status| status.success())
    })?;
    Ok(BaoTls {
        addr,
        cert_dir,
        _server: server,
    })
}
