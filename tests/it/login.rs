//! Logging in for real with each auth method OpenBao offers here, `vx login` and
//! its sink, namespaces, and the token cache. Every failure case checks status 125
//! and that the credential appears nowhere in the output.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use crate::harness::{Out, Vx, bao, bao_tls, unique, vx};

const POLICY: &str = "login-read";

fn read_policy() {
    bao().write_policy(POLICY, "path \"secret/*\" { capabilities = [\"read\"] }");
}

/// A secret only a logged-in token (not the root token we remove) can reveal.
fn secret(value: &str) -> String {
    let path = unique("login");
    bao().kv2_put(&path, &json!({"k": value}));
    format!("secret/{path}#k")
}

/// `vx` without a token.
fn anonymous() -> Vx {
    vx().env_remove("VAULT_TOKEN")
}

fn assert_fails_without_leaking(out: &Out, credential: &str) {
    assert_eq!(out.code, Some(125), "{out:?}");
    assert!(
        !out.stderr.contains(credential),
        "credential in stderr: {}",
        out.stderr
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains(credential));
}

fn openssl(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// An RS256 JWT of `claims`, signed with the PEM key at `key` by openssl.
fn jwt(dir: &Path, key: &Path, claims: &Value) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    let signing_input = format!("{header}.{payload}");
    let input = dir.join(format!("{}.txt", unique("jwt-input")));
    std::fs::write(&input, &signing_input).unwrap();
    let signature = openssl(
        dir,
        &[
            "dgst",
            "-sha256",
            "-sign",
            key.to_str().unwrap(),
            input.to_str().unwrap(),
        ],
    );
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

struct JwtSetup {
    mount: String,
    dir: tempfile::TempDir,
}

impl JwtSetup {
    fn key(&self) -> std::path::PathBuf {
        self.dir.path().join("key.pem")
    }

    fn token(&self, audience: &str) -> String {
        let claims = json!({"sub": "pipeline-1", "aud": audience, "iat": now(), "nbf": now() - 5, "exp": now() + 300});
        jwt(self.dir.path(), &self.key(), &claims)
    }
}

/// A JWT auth mount trusting a key pair made here, with role `ci` bound to the
/// audience `vx-test`.
fn jwt_setup() -> &'static JwtSetup {
    static SETUP: OnceLock<JwtSetup> = OnceLock::new();
    SETUP.get_or_init(|| {
        read_policy();
        let dir = tempfile::tempdir().unwrap();
        openssl(dir.path(), &["genrsa", "-out", "key.pem", "2048"]);
        openssl(dir.path(), &["rsa", "-in", "key.pem", "-pubout", "-out", "pub.pem"]);
        let public = std::fs::read_to_string(dir.path().join("pub.pem")).unwrap();
        let mount = unique("jwt");
        bao().api("POST", &format!("sys/auth/{mount}"), Some(json!({"type": "jwt"})));
        bao().api("POST", &format!("auth/{mount}/config"), Some(json!({"jwt_validation_pubkeys": [public]})));
        bao().api(
            "POST",
            &format!("auth/{mount}/role/ci"),
            Some(json!({"role_type": "jwt", "bound_audiences": ["vx-test"], "user_claim": "sub", "token_policies": [POLICY]})),
        );
        JwtSetup { mount, dir }
    })
}

/// `vx --auth jwt --auth-mount ... --role ci` without a token.
fn as_ci(setup: &JwtSetup) -> Vx {
    anonymous().args([
        "--auth",
        "jwt",
        "--auth-mount",
        &setup.mount,
        "--role",
        "ci",
    ])
}

#[test]
fn jwt_from_an_environment_variable_logs_in_and_is_hidden_from_the_child() {
    let setup = jwt_setup();
    let reference = secret("jwt-value");
    let token = setup.token("vx-test");
    let out = as_ci(setup)
        .env("CI_ID_TOKEN", &token)
        .args(["run", "--jwt-env", "CI_ID_TOKEN"])
        .args([
            "--env",
            &format!("V={reference}"),
            "--",
            "/usr/bin/env",
            "-0",
        ])
        .run();
    out.assert_success();
    let env = out.child_env();
    assert_eq!(env["V"], b"jwt-value");
    assert!(
        !env.contains_key("CI_ID_TOKEN"),
        "the JWT reached the child"
    );
}

#[test]
fn jwt_from_a_file_and_bound_audience_enforced() {
    let setup = jwt_setup();
    let reference = secret("jwt-file-value");
    let run = as_ci(setup);
    std::fs::write(run.home().join("id_token"), setup.token("vx-test")).unwrap();
    let out = run
        .args(["read", "--jwt-file", "id_token"])
        .arg(&reference)
        .run();
    out.assert_success();
    assert_eq!(out.stdout_str(), "jwt-file-value");

    let wrong = setup.token("someone-else");
    let out = as_ci(setup)
        .env("CI_ID_TOKEN", &wrong)
        .args(["read", "--jwt-env", "CI_ID_TOKEN"])
        .arg(&reference)
        .run();
    assert_fails_without_leaking(&out, &wrong);
    assert!(
        out.stderr.starts_with(&format!(
            "vx: JWT login at `auth/{}/login` as role `ci` failed: the server answered 400",
            setup.mount
        )),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("hint: check the role's bound claims"),
        "{}",
        out.stderr
    );
}

/// A stand-in for the Kubernetes API's TokenReview endpoint: this machine has no
/// cluster, so the test answers the review the auth method asks for, and records
/// the token it was asked about.
struct TokenReview {
    addr: String,
    reviewed: Arc<Mutex<Vec<String>>>,
}

fn token_review() -> TokenReview {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = format!("http://{}", listener.local_addr().unwrap());
    let reviewed = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&reviewed);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            let body = read_http_body(&mut stream);
            let review: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            if let Some(token) = review["spec"]["token"].as_str() {
                seen.lock().unwrap().push(token.to_owned());
            }
            let answer = json!({
                "apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview",
                "status": {"authenticated": true, "user": {
                    "username": "system:serviceaccount:default:app", "uid": "uid-1",
                    "groups": ["system:serviceaccounts"]}}
            })
            .to_string();
            let _ = write!(
                stream,
                "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                answer.len()
            );
        }
    });
    TokenReview { addr, reviewed }
}

fn read_http_body(stream: &mut std::net::TcpStream) -> Vec<u8> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = stream.read(&mut buf).unwrap_or(0);
        if n == 0 {
            return Vec::new();
        }
        data.extend_from_slice(&buf[..n]);
        let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&data[..end]).to_lowercase();
        let length: usize = head
            .lines()
            .find_map(|line| line.strip_prefix("content-length:"))
            .map_or(0, |n| n.trim().parse().unwrap_or(0));
        while data.len() < end + 4 + length {
            let n = stream.read(&mut buf).unwrap_or(0);
            if n == 0 {
                break;
            }
            data.extend_from_slice(&buf[..n]);
        }
        return data[end + 4..].to_vec();
    }
}

#[test]
fn kubernetes_login_sends_the_service_account_token_for_review() {
    read_policy();
    let review = token_review();
    let mount = unique("kubernetes");
    bao().api(
        "POST",
        &format!("sys/auth/{mount}"),
        Some(json!({"type": "kubernetes"})),
    );
    // The stand-in speaks plain HTTP, but the method insists on a CA.
    let ca_dir = tempfile::tempdir().unwrap();
    openssl(
        ca_dir.path(),
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-keyout",
            "ca-key.pem",
            "-out",
            "ca.pem",
            "-subj",
            "/CN=stand-in",
        ],
    );
    let ca = std::fs::read_to_string(ca_dir.path().join("ca.pem")).unwrap();
    bao().api(
        "POST",
        &format!("auth/{mount}/config"),
        Some(json!({"kubernetes_host": review.addr, "disable_local_ca_jwt": true, "kubernetes_ca_cert": ca})),
    );
    bao().api(
        "POST",
        &format!("auth/{mount}/role/app"),
        Some(json!({"bound_service_account_names": ["app"], "bound_service_account_namespaces": ["default"], "token_policies": [POLICY]})),
    );
    let setup = jwt_setup();
    let claims = json!({
        "iss": "kubernetes/serviceaccount",
        "sub": "system:serviceaccount:default:app",
        "kubernetes.io/serviceaccount/namespace": "default",
        "kubernetes.io/serviceaccount/service-account.name": "app",
        "kubernetes.io/serviceaccount/service-account.uid": "uid-1",
    });
    let sa_token = jwt(setup.dir.path(), &setup.key(), &claims);
    let reference = secret("k8s-value");
    let run = anonymous();
    std::fs::write(run.home().join("sa-token"), &sa_token).unwrap();
    let out = run
        .args([
            "read",
            "--auth",
            "kubernetes",
            "--auth-mount",
            &mount,
            "--role",
            "app",
            "--k8s-token-file",
            "sa-token",
        ])
        .arg(&reference)
        .run();
    out.assert_success();
    assert_eq!(out.stdout_str(), "k8s-value");
    assert_eq!(*review.reviewed.lock().unwrap(), [sa_token]);

    let out = anonymous()
        .args([
            "read",
            "--auth",
            "kubernetes",
            "--auth-mount",
            &mount,
            "--k8s-token-file",
            "/nonexistent/token",
        ])
        .arg(&reference)
        .run();
    assert_eq!(out.code, Some(125));
    assert_eq!(
        out.stderr,
        "vx: Kubernetes login needs a role\n  hint: pass --role ROLE or set VX_ROLE\n"
    );
}

#[test]
fn certificate_login_against_a_tls_server() {
    let server = bao_tls();
    let dir = tempfile::tempdir().unwrap();
    let make_cert = |name: &str| {
        openssl(
            dir.path(),
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-keyout",
                &format!("{name}-key.pem"),
                "-out",
                &format!("{name}.pem"),
                "-subj",
                &format!("/CN={name}"),
                "-addext",
                "extendedKeyUsage=clientAuth",
            ],
        );
    };
    make_cert("trusted");
    make_cert("stranger");
    let mount = unique("cert");
    let trusted = dir.path().join("trusted.pem");
    server.bao_cli(
        &["policy", "write", POLICY, "-"],
        "path \"secret/*\" { capabilities = [\"read\"] }",
    );
    server.bao_cli(&["auth", "enable", &format!("-path={mount}"), "cert"], "");
    server.bao_cli(
        &[
            "write",
            &format!("auth/{mount}/certs/app"),
            &format!("certificate=@{}", trusted.display()),
            &format!("token_policies={POLICY}"),
        ],
        "",
    );
    let path = unique("cert-secret");
    server.kv2_put(&path, &["k=cert-value"]);
    let login = |name: &str| {
        crate::harness::vx_no_server()
            .env("VAULT_ADDR", server.addr())
            .env("VAULT_CACERT", server.ca_file())
            .env("VAULT_CLIENT_CERT", dir.path().join(format!("{name}.pem")))
            .env(
                "VAULT_CLIENT_KEY",
                dir.path().join(format!("{name}-key.pem")),
            )
            .args([
                "read",
                "--auth",
                "cert",
                "--auth-mount",
                &mount,
                "--role",
                "app",
            ])
            .arg(format!("secret/{path}#k"))
            .run()
    };
    let out = login("trusted");
    out.assert_success();
    assert_eq!(out.stdout_str(), "cert-value");
    let out = login("stranger");
    assert_eq!(out.code, Some(125), "{out:?}");
    assert!(
        out.stderr.starts_with(&format!("vx: certificate login at `auth/{mount}/login` as role `app` failed: the server answered")),
        "{}",
        out.stderr
    );
}

/// A userpass mount with user `alice`, in `namespace` when given.
fn userpass(namespace: Option<&str>, password: &str, ttl: &str) -> String {
    read_policy();
    let mount = unique("userpass");
    let headers: Vec<(&str, &str)> = namespace
        .map(|ns| ("X-Vault-Namespace", ns))
        .into_iter()
        .collect();
    bao().api_with(
        &headers,
        "POST",
        &format!("sys/auth/{mount}"),
        Some(json!({"type": "userpass"})),
    );
    if namespace.is_some() {
        let policy = json!({"policy": "path \"secret/*\" { capabilities = [\"read\"] }"});
        bao().api_with(
            &headers,
            "PUT",
            &format!("sys/policies/acl/{POLICY}"),
            Some(policy),
        );
    }
    bao().api_with(
        &headers,
        "POST",
        &format!("auth/{mount}/users/alice"),
        Some(json!({"password": password, "token_policies": [POLICY], "token_ttl": ttl})),
    );
    mount
}

#[test]
fn userpass_with_the_password_in_the_environment_or_a_file() {
    let mount = userpass(None, "correct-horse-1", "5m");
    let reference = secret("userpass-value");
    let out = anonymous()
        .env("VX_PASSWORD", "correct-horse-1")
        .args([
            "run",
            "--auth",
            "userpass",
            "--auth-mount",
            &mount,
            "--username",
            "alice",
        ])
        .args([
            "--env",
            &format!("V={reference}"),
            "--",
            "/usr/bin/env",
            "-0",
        ])
        .run();
    out.assert_success();
    let env = out.child_env();
    assert_eq!(env["V"], b"userpass-value");
    assert!(!env.contains_key("VX_PASSWORD"));

    let run = anonymous();
    std::fs::write(run.home().join("password"), "correct-horse-1\n").unwrap();
    let out = run
        .args([
            "read",
            "--auth",
            "userpass",
            "--auth-mount",
            &mount,
            "--username",
            "alice",
            "--password-file",
            "password",
        ])
        .arg(&reference)
        .run();
    out.assert_success();

    let out = anonymous()
        .env("VX_PASSWORD", "wrong-horse-2")
        .args([
            "read",
            "--auth",
            "userpass",
            "--auth-mount",
            &mount,
            "--username",
            "alice",
        ])
        .arg(&reference)
        .run();
    assert_fails_without_leaking(&out, "wrong-horse-2");
    assert_eq!(
        out.stderr,
        format!(
            "vx: userpass login at `auth/{mount}/login/alice` failed: the server answered 400: invalid username or password\n  hint: check the username, the password (from VX_PASSWORD) and the mount (--auth-mount)\n"
        )
    );
    let out = anonymous()
        .args([
            "read",
            "--auth",
            "userpass",
            "--auth-mount",
            &mount,
            "--username",
            "alice",
        ])
        .arg(&reference)
        .run();
    assert_eq!(out.code, Some(125));
    assert_eq!(
        out.stderr,
        "vx: no password to log in with\n  hint: set VX_PASSWORD or pass --password-file; vx asks only on a terminal\n"
    );
}

#[test]
fn a_namespace_applies_to_login_and_reads() {
    let namespace = unique("ns");
    bao().api(
        "POST",
        &format!("sys/namespaces/{namespace}"),
        Some(json!({})),
    );
    let headers = [("X-Vault-Namespace", namespace.as_str())];
    bao().api_with(
        &headers,
        "POST",
        "sys/mounts/secret",
        Some(json!({"type": "kv", "options": {"version": "2"}})),
    );
    bao().api_with(
        &headers,
        "POST",
        "secret/data/app",
        Some(json!({"data": {"k": "in-namespace"}})),
    );
    let mount = userpass(Some(&namespace), "ns-password-1", "5m");
    let out = anonymous()
        .env("VAULT_NAMESPACE", &namespace)
        .env("VX_PASSWORD", "ns-password-1")
        .args([
            "read",
            "--auth",
            "userpass",
            "--auth-mount",
            &mount,
            "--username",
            "alice",
            "secret/app#k",
        ])
        .run();
    out.assert_success();
    assert_eq!(out.stdout_str(), "in-namespace");
    let outside = vx().args(["read", "secret/app#k"]).run();
    assert_eq!(
        outside.code,
        Some(125),
        "the root namespace has no secret/app: {outside:?}"
    );
}

/// A fresh AppRole mount and role; returns (mount, role id).
fn approle() -> (String, String) {
    read_policy();
    let mount = unique("approle-login");
    let role_id = bao().approle(&mount, "ci", json!({"token_policies": [POLICY]}));
    (mount, role_id)
}

#[test]
fn approle_with_a_wrapped_secret_id_and_file_removal() {
    let (mount, role_id) = approle();
    let wrapped = bao().api_with(
        &[("X-Vault-Wrap-TTL", "120")],
        "POST",
        &format!("auth/{mount}/role/ci/secret-id"),
        Some(json!({})),
    )["wrap_info"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let reference = secret("wrapped-value");
    let run = anonymous().env("VX_ROLE_ID", &role_id);
    let file = run.home().join("secret_id");
    std::fs::write(&file, &wrapped).unwrap();
    let out = run
        .args([
            "read",
            "--auth",
            "approle",
            "--auth-mount",
            &mount,
            "--secret-id-wrapped",
        ])
        .args(["--secret-id-file", "secret_id", "--remove-secret-id-file"])
        .arg(&reference)
        .run();
    out.assert_success();
    assert_eq!(out.stdout_str(), "wrapped-value");
    assert!(!file.exists(), "the secret id file was not removed");

    // A wrapping token works once.
    let out = anonymous()
        .env("VX_ROLE_ID", &role_id)
        .env("VX_SECRET_ID", &wrapped)
        .args([
            "read",
            "--auth",
            "approle",
            "--auth-mount",
            &mount,
            "--secret-id-wrapped",
        ])
        .arg(&reference)
        .run();
    assert_fails_without_leaking(&out, &wrapped);
    assert!(
        out.stderr.starts_with(
            "vx: cannot unwrap the secret id from VX_SECRET_ID: the server answered 400"
        ),
        "{}",
        out.stderr
    );
}

/// `vx --auth userpass ... --username alice` with alice's password in VX_PASSWORD.
fn as_alice(mount: &str, password: &str) -> Vx {
    anonymous().env("VX_PASSWORD", password).args([
        "--auth",
        "userpass",
        "--auth-mount",
        mount,
        "--username",
        "alice",
    ])
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn token_works(token: &str) -> bool {
    bao()
        .request(token, "GET", "auth/token/lookup-self", None)
        .0
        == 200
}

#[test]
fn login_writes_the_sink_with_its_mode_or_a_wrapped_token() {
    let mount = userpass(None, "sink-password-1", "5m");
    let run = as_alice(&mount, "sink-password-1");
    let sink = run.home().join("token");
    let out = run
        .args(["login", "--sink", "token", "--sink-mode", "0640"])
        .run();
    out.assert_success();
    assert_eq!(mode(&sink), 0o640);
    let token = std::fs::read_to_string(&sink).unwrap();
    assert!(token_works(&token));
    assert!(!out.stderr.contains(&token));

    let run = as_alice(&mount, "sink-password-1");
    let sink = run.home().join("wrapped");
    let out = run
        .args(["login", "--sink", "wrapped", "--wrap-ttl", "60s"])
        .run();
    out.assert_success();
    assert_eq!(mode(&sink), 0o600);
    let wrapping = std::fs::read_to_string(&sink).unwrap();
    let (status, unwrapped) =
        bao().request(&wrapping, "POST", "sys/wrapping/unwrap", Some(json!({})));
    assert_eq!(status, 200, "{unwrapped}");
    assert!(token_works(
        unwrapped["auth"]["client_token"].as_str().unwrap()
    ));

    let out = as_alice(&mount, "sink-password-1")
        .args(["login", "--print"])
        .run();
    out.assert_success();
    assert!(token_works(out.stdout_str().trim_end()));
}

/// Runs `vx read` with userpass login through the token cache in `home`.
fn cached_read(mount: &str, home: &Path, extra: &[&str], reference: &str) -> Vx {
    as_alice(mount, "cache-password-1")
        .env("VX_TOKEN_CACHE", home.join("token-cache"))
        .arg("read")
        .args(extra)
        .arg(reference)
}

#[test]
fn the_token_cache_saves_logins_even_under_concurrency() {
    let mount = userpass(None, "cache-password-1", "10m");
    let reference = secret("cached-value");
    let home = tempfile::tempdir().unwrap();
    let login_path = format!("auth/{mount}/login/alice");
    let logins = || bao().audit_count(&login_path);

    let runs: Vec<_> = (0..8)
        .map(|_| cached_read(&mount, home.path(), &[], &reference).start())
        .collect();
    for run in runs {
        let out = run.wait();
        out.assert_success();
        assert_eq!(out.stdout_str(), "cached-value");
    }
    assert_eq!(logins(), 1, "8 concurrent runs should share one login");
    let cache = home.path().join("token-cache");
    assert_eq!(mode(&cache), 0o600);

    cached_read(&mount, home.path(), &[], &reference)
        .run()
        .assert_success();
    assert_eq!(logins(), 1, "a warm cache needs no login");

    // A token with less time left than asked for is replaced.
    cached_read(&mount, home.path(), &["--token-min-ttl", "1h"], &reference)
        .run()
        .assert_success();
    assert_eq!(logins(), 2);

    // Another login (another user here) does not borrow alice's token.
    bao().api_with(
        &[],
        "POST",
        &format!("auth/{mount}/users/bob"),
        Some(json!({"password": "cache-password-1", "token_policies": [POLICY]})),
    );
    let out = anonymous()
        .env("VX_PASSWORD", "cache-password-1")
        .env("VX_TOKEN_CACHE", home.path().join("token-cache"))
        .args([
            "--auth",
            "userpass",
            "--auth-mount",
            &mount,
            "--username",
            "bob",
            "read",
        ])
        .arg(&reference)
        .run();
    out.assert_success();
    assert_eq!(bao().audit_count(&format!("auth/{mount}/login/bob")), 1);

    // A given token needs no cache, and is never put in one.
    let out = vx()
        .env("VX_TOKEN_CACHE", home.path().join("token-cache"))
        .args(["read", &reference])
        .run();
    assert_eq!(out.code, Some(125));
    assert!(
        out.stderr
            .starts_with("vx: --token-cache needs a login method"),
        "{}",
        out.stderr
    );

    std::fs::write(&cache, "not a cache").unwrap();
    let out = cached_read(&mount, home.path(), &[], &reference).run();
    assert_eq!(out.code, Some(125));
    assert_eq!(
        out.stderr,
        format!(
            "vx: `{}` is not a vx token cache\n  hint: remove it, or point --token-cache at a file of vx's own\n",
            cache.display()
        )
    );
}

#[test]
fn on_a_terminal_the_password_is_asked_for_without_echo() {
    let mount = userpass(None, "typed-password-1", "5m");
    let reference = secret("typed-value");
    let inner = format!(
        "{} read --auth userpass --auth-mount {mount} --username alice {reference}",
        env!("CARGO_BIN_EXE_vx")
    );
    // `script` gives vx a pseudo-terminal; its input and output are our pipes.
    let mut script = crate::harness::on_a_terminal(&inner, &[("VAULT_ADDR", bao().addr())], true);
    let mut stdout = script.stdout.take().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let reader = {
        let seen = Arc::clone(&seen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 256];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                seen.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        })
    };
    let text = || String::from_utf8_lossy(&seen.lock().unwrap()).into_owned();
    crate::harness::wait_until(std::time::Duration::from_secs(10), "the prompt", || {
        text().contains("Password for alice: ")
    });
    let mut stdin = script.stdin.take().unwrap();
    stdin.write_all(b"typed-password-1\n").unwrap();
    stdin.flush().unwrap();
    crate::harness::wait_until(std::time::Duration::from_secs(10), "the value", || {
        text().contains("typed-value")
    });
    drop(stdin);
    let status = script.wait().unwrap();
    reader.join().unwrap();
    assert!(status.success(), "{}", text());
    assert!(
        !text().contains("typed-password-1"),
        "the password was echoed: {}",
        text()
    );
}
