//! Logging in with AppRole for real, and what the child gets of the credentials.

use std::sync::OnceLock;

use serde_json::json;

use crate::harness::{bao, unique, vx};

/// An AppRole mount with a role that may read `secret/`; returns (mount, role id).
fn approle() -> &'static (String, String) {
    static APPROLE: OnceLock<(String, String)> = OnceLock::new();
    APPROLE.get_or_init(|| {
        let mount = unique("approle");
        bao().write_policy(
            "read-secret",
            "path \"secret/*\" { capabilities = [\"read\"] }",
        );
        let params = json!({"token_policies": ["read-secret"], "token_ttl": "5m"});
        let role_id = bao().approle(&mount, "ci", params);
        (mount, role_id)
    })
}

fn new_secret_id(mount: &str) -> String {
    bao().secret_id(mount, "ci")
}

#[test]
fn approle_from_files_reads_secrets() {
    let (mount, role_id) = approle();
    let secret_id = new_secret_id(mount);
    let path = unique("approle-read");
    bao().kv2_put(&path, &json!({"pw": "approle-value"}));
    let run = vx().env_remove("VAULT_TOKEN");
    std::fs::write(run.home().join("role_id"), role_id).unwrap();
    std::fs::write(run.home().join("secret_id"), &secret_id).unwrap();
    let out = run
        .args(["run", "--auth", "approle", "--auth-mount", mount])
        .args(["--role-id-file", "role_id", "--secret-id-file", "secret_id"])
        .args([
            "--env",
            &format!("PW=secret/{path}#pw"),
            "--",
            "/usr/bin/env",
            "-0",
        ])
        .run();
    out.assert_success();
    assert_eq!(out.child_env()["PW"], b"approle-value");
}

#[test]
fn approle_from_env_hides_the_secret_id_from_the_child() {
    let (mount, role_id) = approle();
    let secret_id = new_secret_id(mount);
    let path = unique("approle-env");
    bao().kv2_put(&path, &json!({"pw": "v"}));
    let out = vx()
        .env_remove("VAULT_TOKEN")
        .env("VX_AUTH", "approle")
        .env("VX_AUTH_MOUNT", mount)
        .env("VX_ROLE_ID", role_id)
        .env("VX_SECRET_ID", &secret_id)
        .args([
            "-vvv",
            "run",
            "--env",
            &format!("PW=secret/{path}#pw"),
            "--",
            "/usr/bin/env",
            "-0",
        ])
        .run();
    out.assert_success();
    let env = out.child_env();
    assert!(
        !env.contains_key("VX_SECRET_ID") && !env.contains_key("VX_ROLE_ID"),
        "{env:?}"
    );
    assert!(!out.stderr.contains(&secret_id), "{}", out.stderr);
}

#[test]
fn wrong_secret_id_fails_with_125_and_names_the_sources() {
    let (mount, role_id) = approle();
    let out = vx()
        .env_remove("VAULT_TOKEN")
        .env("VX_ROLE_ID", role_id)
        .env("VX_SECRET_ID", "00000000-0000-0000-0000-000000000000")
        .args(["run", "--auth", "approle", "--auth-mount", mount])
        .args(["--env", "PW=secret/x#pw", "--", "true"])
        .run();
    assert_eq!(out.code, Some(125), "{out:?}");
    assert_eq!(
        out.stderr,
        format!(
            "vx: AppRole login at `auth/{mount}/login` failed: the server answered 400: invalid role or secret ID\n  hint: check the role id and secret id (role id from VX_ROLE_ID, secret id from VX_SECRET_ID) and the mount (--auth-mount)\n"
        )
    );
}
