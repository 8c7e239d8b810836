//! TLS against a real `-dev-tls` server: the CA settings, the server name, and
//! what a certificate that does not verify looks like.

use crate::harness::{BaoTls, Out, bao_tls, unique, vx_no_server};

fn read(server: &BaoTls, reference: &str, env: &[(&str, &str)]) -> Out {
    let mut run = vx_no_server()
        .env("VAULT_ADDR", server.addr())
        .env("VAULT_TOKEN", server.root_token());
    for (name, value) in env {
        run = run.env(name, value);
    }
    run.args(["read", reference]).run()
}

#[test]
fn the_ca_from_cacert_or_capath_is_trusted() {
    let server = bao_tls();
    let path = unique("tls");
    server.kv2_put(&path, &["pw=over-tls"]);
    let reference = format!("secret/{path}#pw");

    let ca_file = server.ca_file();
    let out = read(
        server,
        &reference,
        &[("VAULT_CACERT", ca_file.to_str().unwrap())],
    );
    out.assert_success();
    assert_eq!(out.stdout_str(), "over-tls");

    let ca_dir = server.ca_dir();
    let out = read(
        server,
        &reference,
        &[("BAO_CAPATH", ca_dir.to_str().unwrap())],
    );
    out.assert_success();
    assert_eq!(out.stdout_str(), "over-tls");
}

#[test]
fn an_unknown_ca_fails_at_once_with_a_hint() {
    let server = bao_tls();
    let out = read(server, "secret/x#y", &[]);
    assert_eq!(out.code, Some(125), "{out:?}");
    assert_eq!(
        out.stderr,
        format!(
            "vx: TLS failed with the server at `{}/` (address from VAULT_ADDR) (1 attempt): invalid peer certificate: UnknownIssuer\n  hint: set VAULT_CACERT (or --ca-cert) to the CA that signed the server's certificate\n",
            server.addr()
        )
    );
}

#[test]
fn the_server_name_setting_is_what_the_certificate_must_hold() {
    let server = bao_tls();
    let path = unique("sni");
    server.kv2_put(&path, &["k=v"]);
    let ca_file = server.ca_file();
    let ca = ("VAULT_CACERT", ca_file.to_str().unwrap());

    let out = read(
        server,
        &format!("secret/{path}#k"),
        &[ca, ("VAULT_TLS_SERVER_NAME", "localhost")],
    );
    out.assert_success();
    assert_eq!(out.stdout_str(), "v");

    let out = read(
        server,
        &format!("secret/{path}#k"),
        &[ca, ("VAULT_TLS_SERVER_NAME", "wrong.example")],
    );
    assert_eq!(out.code, Some(125), "{out:?}");
    assert!(
        out.stderr
            .contains("certificate not valid for name \"wrong.example\""),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.ends_with("  hint: use a name the certificate holds in the address, or set VAULT_TLS_SERVER_NAME to one\n"),
        "{}",
        out.stderr
    );
}

#[test]
fn skip_verify_trusts_anything_and_says_so() {
    let server = bao_tls();
    let path = unique("skip");
    server.kv2_put(&path, &["k=v"]);
    let out = read(
        server,
        &format!("secret/{path}#k"),
        &[("VAULT_SKIP_VERIFY", "true")],
    );
    out.assert_success();
    assert_eq!(out.stdout_str(), "v");
    assert!(
        out.stderr
            .contains("not verifying the server's TLS certificate"),
        "{}",
        out.stderr
    );
}
