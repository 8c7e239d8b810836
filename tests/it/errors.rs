//! Failures before the command starts: each gives one message in the documented
//! shape, exit status 125, and never runs the command.

use serde_json::json;

use crate::harness::{Out, bao, unique, vx, vx_no_server};

/// Runs `vx run --env NAME=VALUE -- touch MARKER` and checks that it failed
/// before the command started.
fn fails(run: crate::harness::Vx, name: &str, value: &str) -> Out {
    let marker = run.home().join("command-ran");
    let out = run
        .args(["run", "--env", &format!("{name}={value}"), "--", "touch"])
        .arg(&marker)
        .run();
    assert_eq!(out.code, Some(125), "{out:?}");
    assert!(!marker.exists(), "the command ran despite the failure");
    out
}

#[test]
fn malformed_reference_points_at_the_bad_part() {
    let out = fails(vx_no_server(), "DB", "secret/app?ver=2#pw");
    assert_eq!(
        out.stderr,
        "vx: in `--env DB=...`\n  caused by: bad reference `secret/app?ver=2#pw`: unknown parameter `ver`; only `?version=N` is allowed\n"
    );
    let out = fails(vx_no_server(), "DB", "secret/app");
    assert_eq!(
        out.stderr,
        "vx: in `--env DB=...`\n  caused by: bad reference `secret/app`: `#KEY` is missing after the path\n  hint: write `secret/app#KEY` to pick one value of the secret\n"
    );
}

#[test]
fn unknown_mount_and_unknown_path() {
    let out = fails(vx(), "DB", "nosuchmount/app#pw");
    assert_eq!(
        out.stderr,
        "vx: resolving `DB` (`nosuchmount/app#pw` from --env)\n  caused by: no secrets engine is mounted at `nosuchmount/` (or the token from VAULT_TOKEN may not use it)\n  hint: list the mounts with `bao secrets list`\n"
    );
    let path = unique("absent");
    let out = fails(vx(), "DB", &format!("secret/{path}#pw"));
    assert_eq!(
        out.stderr,
        format!(
            "vx: resolving `DB` (`secret/{path}#pw` from --env)\n  caused by: no secret at `secret/{path}`\n  hint: check the path with `bao kv get secret/{path}`\n"
        )
    );
}

#[test]
fn missing_key_lists_key_names_never_values() {
    let path = unique("keys");
    bao().kv2_put(
        &path,
        &json!({"password": "VALUE-NOT-SHOWN", "username": "bob-not-shown"}),
    );
    let out = fails(vx(), "DB", &format!("secret/{path}#pasword"));
    assert_eq!(
        out.stderr,
        format!(
            "vx: resolving `DB` (`secret/{path}#pasword` from --env)\n  caused by: key `pasword` not found in `secret/{path}`; it has: password, username\n  hint: did you mean `password`?\n"
        )
    );
}

#[test]
fn missing_key_in_a_template_is_an_error_not_an_empty_string() {
    let path = unique("tplkeys");
    bao().kv2_put(&path, &json!({"user": "bob"}));
    let value = format!("x{{{{ secret(\"secret/{path}\").usr }}}}y");
    let out = fails(vx(), "T", &value);
    assert_eq!(
        out.stderr,
        format!(
            "vx: resolving `T` (from --env)\n  caused by: key `usr` not found in `secret/{path}`; it has: user\n  hint: did you mean `user`?\n"
        )
    );
}

#[test]
fn permission_denied_names_the_path_and_the_token_source() {
    let (allowed, denied) = (unique("allowed"), unique("denied"));
    bao().kv2_put(&allowed, &json!({"k": "v"}));
    bao().kv2_put(&denied, &json!({"k": "v"}));
    let policy = unique("policy");
    bao().write_policy(
        &policy,
        &format!("path \"secret/data/{allowed}\" {{ capabilities = [\"read\"] }}"),
    );
    let token = bao().create_token(&[&policy]);
    let out = fails(
        vx().env("VAULT_TOKEN", &token),
        "K",
        &format!("secret/{denied}#k"),
    );
    assert_eq!(
        out.stderr,
        format!(
            "vx: resolving `K` (`secret/{denied}#k` from --env)\n  caused by: permission denied to read `secret/{denied}` with the token from VAULT_TOKEN\n  hint: the token's policies must grant `read` on `secret/data/{denied}`\n"
        )
    );
    assert!(!out.stderr.contains(&token));
}

#[test]
fn a_token_file_is_named_as_the_source() {
    let run = vx().env_remove("VAULT_TOKEN");
    let file = run.home().join("token");
    std::fs::write(&file, "not-a-real-token\n").unwrap();
    let out = fails(run.arg("--token-file").arg(&file), "K", "secret/x#k");
    assert_eq!(
        out.stderr,
        format!(
            "vx: resolving `K` (`secret/x#k` from --env)\n  caused by: permission denied to look up the mount of `secret/x` with the token from file `{}` (--token-file)\n  hint: the token may be expired or revoked, or its policies may not cover this path\n",
            file.display()
        )
    );
    assert!(!out.stderr.contains("not-a-real-token"));
}

#[test]
fn no_token_at_all() {
    let out = fails(vx().env_remove("VAULT_TOKEN"), "K", "secret/x#k");
    assert_eq!(
        out.stderr,
        "vx: no token to authenticate with\n  hint: set VAULT_TOKEN or BAO_TOKEN, pass --token-file, or log in with --auth\n"
    );
}

#[test]
fn unreachable_server_gives_up_within_the_deadline() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let run = vx()
        .env("VAULT_ADDR", format!("http://127.0.0.1:{port}"))
        .env("VX_DEADLINE", "3s");
    let started = std::time::Instant::now();
    let out = fails(run, "K", "secret/x#k");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(
        out.stderr,
        format!(
            "vx: cannot reach the server at `http://127.0.0.1:{port}/` (address from VAULT_ADDR) (3 attempts): Connection refused (os error 111)\n  hint: check the address and that the server is running and reachable from here\n"
        )
    );
}

#[test]
fn address_without_scheme_is_rejected_up_front() {
    let out = fails(
        vx_no_server().env("VAULT_ADDR", "127.0.0.1:8200"),
        "K",
        "secret/x#k",
    );
    assert_eq!(
        out.stderr,
        "vx: bad server address `127.0.0.1:8200` (from VAULT_ADDR): the scheme (http:// or https://) is missing\n  hint: write `https://127.0.0.1:8200`, or `http://127.0.0.1:8200` for a dev server\n"
    );
}

#[test]
fn https_to_a_plain_http_server_is_a_clear_error() {
    let addr = bao().addr().replace("http://", "https://");
    let out = fails(
        vx().env("VAULT_ADDR", &addr).env("VAULT_MAX_RETRIES", "0"),
        "K",
        "secret/x#k",
    );
    assert!(
        out.stderr.starts_with(&format!(
            "vx: TLS failed with the server at `{addr}/` (address from VAULT_ADDR) (1 attempt): "
        )),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.ends_with(
            "  hint: the server does not speak TLS there; use http:// if it serves plain HTTP\n"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn a_value_too_large_for_exec_names_the_variable() {
    let path = unique("big");
    bao().kv2_put(&path, &json!({"blob": "x".repeat(200 * 1024)}));
    let out = fails(vx(), "BLOB", &format!("secret/{path}#blob"));
    assert_eq!(
        out.stderr,
        "vx: variable `BLOB` is too large to pass to a command: 204806 bytes, and Linux allows 131072 per variable\n  hint: write the value to a file and pass its path instead\n"
    );
}

#[test]
fn control_characters_from_the_server_are_escaped() {
    let path = unique("ctl");
    bao().kv2_put(&path, &json!({"a\u{1b}[2Jb": "v"}));
    let out = fails(vx(), "K", &format!("secret/{path}#zz"));
    assert!(
        out.stderr.contains("it has: a\\u{1b}[2Jb"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains('\u{1b}'));
}

#[test]
fn templates_cannot_read_vx_credentials_unless_kept() {
    let out = fails(vx(), "T", "{{ env(\"VAULT_TOKEN\") }}");
    assert_eq!(
        out.stderr,
        "vx: resolving `T` (from --env)\n  caused by: `VAULT_TOKEN` holds a credential of vx's; env() does not give it\n  hint: pass --keep-token-env to hand vx's credentials to the command\n"
    );
    let out = vx()
        .args([
            "run",
            "--keep-token-env",
            "--env",
            "T={{ env(\"VAULT_TOKEN\") }}",
            "--",
            "/usr/bin/env",
            "-0",
        ])
        .run();
    out.assert_success();
    assert_eq!(out.child_env()["T"], bao().root_token().as_bytes());
}
