//! Tests of the harness itself, so that a failing `vx` test points at `vx`
//! rather than at its test setup.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::json;

use crate::harness::{
    ConnCounter, Vx, bao, database_engine, parse_env0, pg_login, postgres, unique,
};

#[test]
fn bao_answers_health_checks() {
    let (status, health) = bao().request("", "GET", "sys/health", None);
    assert_eq!(status, 200, "{health}");
    assert_eq!(health["initialized"], true);
    assert_eq!(health["sealed"], false);
}

#[test]
fn kv2_and_kv1_writes_read_back() {
    let (bao, path) = (bao(), unique("selftest/kv"));
    bao.kv2_put(&path, &json!({ "password": "two" }));
    bao.kv1_put(&path, &json!({ "password": "one" }));
    let v2 = bao.api("GET", &format!("secret/data/{path}"), None);
    let v1 = bao.api("GET", &format!("/v1/kv1/{path}"), None);
    assert_eq!(v2["data"]["data"]["password"], "two");
    assert_eq!(v1["data"]["password"], "one");
    let listed = bao.api("LIST", "secret/metadata/selftest", None);
    let name = path.trim_start_matches("selftest/");
    assert!(
        listed["data"]["keys"]
            .as_array()
            .unwrap()
            .contains(&json!(name)),
        "{listed}"
    );
}

#[test]
fn api_errors_are_reported_with_status() {
    let (status, answer) = bao().request("not-a-token", "GET", "secret/data/x", None);
    assert_eq!(status, 403, "{answer}");
    assert!(answer["errors"][0].is_string(), "{answer}");
}

#[test]
fn audit_count_counts_each_answer_to_the_exact_path() {
    let (bao, path) = (bao(), unique("selftest/audit"));
    let api_path = format!("secret/data/{path}");
    bao.kv2_put(&path, &json!({ "k": "v" }));
    let before = bao.audit_count(&api_path);
    assert_eq!(before, 1, "the write itself is audited");
    bao.api("GET", &api_path, None);
    bao.api("GET", &api_path, None);
    assert_eq!(bao.audit_count(&api_path), before + 2);
    assert_eq!(bao.audit_count(&api_path[..api_path.len() - 1]), 0);
}

#[test]
fn tokens_get_exactly_their_policies() {
    let (bao, path) = (bao(), unique("selftest/policy"));
    let policy = unique("selftest-reader");
    let hcl = format!(r#"path "secret/data/{path}" {{ capabilities = ["read"] }}"#);
    bao.write_policy(&policy, &hcl);
    bao.kv2_put(&path, &json!({ "k": "v" }));
    let token = bao.create_token(&[&policy]);
    let allowed = bao.request(&token, "GET", &format!("secret/data/{path}"), None);
    let denied = bao.request(&token, "GET", &format!("secret/data/{path}-other"), None);
    assert_eq!((allowed.0, denied.0), (200, 403));
}

#[test]
fn database_creds_log_in_until_revoked() {
    let mount = database_engine();
    let lease = bao().api("GET", &format!("{mount}/creds/app"), None);
    let user = lease["data"]["username"].as_str().expect("a username");
    let password = lease["data"]["password"].as_str().expect("a password");
    assert!(pg_login(user, password), "{user} cannot log in");
    assert!(!pg_login(user, "wrong-password"));
    let revoke = json!({ "lease_id": lease["lease_id"] });
    bao().api("PUT", "sys/leases/revoke", Some(revoke));
    assert!(
        !pg_login(user, password),
        "{user} still logs in after revocation"
    );
}

#[test]
fn postgres_rejects_a_wrong_superuser_password() {
    let pg = postgres();
    assert!(pg_login(pg.superuser(), pg.superuser_password()));
    assert!(!pg_login(pg.superuser(), "wrong-password"));
}

#[test]
fn conn_counter_forwards_and_counts_concurrent_connections() {
    let counter = ConnCounter::start(bao().addr());
    let target = counter.addr().trim_start_matches("http://").to_owned();
    let mut first = TcpStream::connect(&target).expect("connect to the proxy");
    let mut second = TcpStream::connect(&target).expect("connect to the proxy");
    for stream in [&mut first, &mut second] {
        let request = "GET /v1/sys/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        stream
            .write_all(request.as_bytes())
            .expect("send through the proxy");
    }
    // Both stay open until the counts are read, so the maximum is exactly 2.
    for stream in [&mut first, &mut second] {
        let mut answer = String::new();
        stream
            .read_to_string(&mut answer)
            .expect("read through the proxy");
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    }
    assert_eq!((counter.max_concurrent(), counter.total()), (2, 2));
}

#[test]
fn runs_get_a_clean_environment_and_a_fresh_home() {
    let out = Vx::new("/usr/bin/env")
        .arg("-0")
        .env("ODD", "line\nbreak=and equals")
        .with_bao()
        .run();
    let vars = out.assert_success().child_env();
    let names: BTreeSet<&str> = vars.keys().map(String::as_str).collect();
    let expected = BTreeSet::from(["HOME", "ODD", "PATH", "VAULT_ADDR", "VAULT_TOKEN"]);
    assert_eq!(names, expected);
    assert_eq!(vars["ODD"], b"line\nbreak=and equals");
    assert_eq!(vars["HOME"], out.home().as_os_str().as_encoded_bytes());
    assert_eq!(vars["VAULT_ADDR"], bao().addr().as_bytes());
}

#[test]
fn runs_take_stdin_and_report_exit_code_and_stderr() {
    let out = Vx::new("/bin/sh")
        .args(["-c", "cat; echo oops >&2; exit 3"])
        .stdin_bytes("fed")
        .env_remove("HOME")
        .run();
    assert_eq!(
        (out.code, out.stdout_str(), out.stderr.as_str()),
        (Some(3), "fed".into(), "oops\n")
    );
}

#[test]
#[should_panic(expected = "hung")]
fn runs_past_the_deadline_panic() {
    // The background sleep holds the output open too: the whole group is killed.
    Vx::new("/bin/sh")
        .args(["-c", "sleep 30 & sleep 30"])
        .timeout(Duration::from_millis(300))
        .run();
}

#[test]
#[should_panic(expected = "variable set twice")]
fn parse_env0_rejects_a_repeated_name() {
    parse_env0(b"A=1\0A=2\0");
}
