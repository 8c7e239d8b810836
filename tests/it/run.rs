//! `vx run` doing its main job against the real server: references and templates
//! resolved, each path read once, the command exec'd with the values byte for byte.

use serde_json::json;

use crate::harness::{ConnCounter, bao, database_engine, pg_login, unique, vx};

/// `env -0`, so the test sees the child's environment byte for byte.
const PRINT_ENV: [&str; 2] = ["/usr/bin/env", "-0"];

fn child_var(out: &crate::harness::Out, name: &str) -> String {
    let env = out.child_env();
    let value = env
        .get(name)
        .unwrap_or_else(|| panic!("child has no {name}: {out:?}"));
    String::from_utf8(value.clone()).unwrap()
}

#[test]
fn kv2_and_kv1_values_reach_the_child() {
    let path = unique("app");
    bao().kv2_put(&path, &json!({"password": "kv2-pass", "port": 5432}));
    bao().kv1_put(&path, &json!({"token": "kv1-token"}));
    let out = vx()
        .args(["run", "--env", &format!("PASS=secret/{path}#password")])
        .args(["--env", &format!("PORT=vault:secret/{path}#port")])
        .args(["--env", &format!("TOKEN=kv1/{path}#token"), "--"])
        .args(PRINT_ENV)
        .run();
    out.assert_success();
    assert_eq!(child_var(&out, "PASS"), "kv2-pass");
    assert_eq!(child_var(&out, "PORT"), "5432");
    assert_eq!(child_var(&out, "TOKEN"), "kv1-token");
}

#[test]
fn an_older_kv2_version_is_read_when_asked() {
    let path = unique("versions");
    bao().kv2_put(&path, &json!({"v": "one"}));
    bao().kv2_put(&path, &json!({"v": "two"}));
    let out = vx()
        .args(["run", "--env", &format!("OLD=secret/{path}?version=1#v")])
        .args(["--env", &format!("NEW=secret/{path}#v"), "--"])
        .args(PRINT_ENV)
        .run();
    out.assert_success();
    assert_eq!(child_var(&out, "OLD"), "one");
    assert_eq!(child_var(&out, "NEW"), "two");
}

#[test]
fn database_username_and_password_come_from_one_lease() {
    let mount = database_engine();
    let role = unique("role");
    let statements =
        "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';";
    bao().api(
        "POST",
        &format!("{mount}/roles/{role}"),
        Some(json!({"db_name": "pg", "creation_statements": [statements], "default_ttl": "1h"})),
    );
    let path = format!("{mount}/creds/{role}");
    let out = vx()
        .args(["run", "--env", &format!("DB_USER={path}#username")])
        .args(["--env", &format!("DB_PASS={path}#password"), "--"])
        .args(PRINT_ENV)
        .run();
    out.assert_success();
    let (user, password) = (child_var(&out, "DB_USER"), child_var(&out, "DB_PASS"));
    assert!(pg_login(&user, &password), "the pair from vx cannot log in");
    assert_eq!(bao().audit_reads(&path), 1, "one read, so one lease");
}

#[test]
fn template_mixes_text_and_two_secrets() {
    let (db, kv) = (unique("db"), unique("kv"));
    bao().kv2_put(&db, &json!({"username": "u$er", "password": "p@ss:w/rd"}));
    bao().kv2_put(&kv, &json!({"host": "db.internal"}));
    let template = format!(
        "postgres://{{{{ secret(\"secret/{db}\").username }}}}:{{{{ secret(\"secret/{db}#password\") }}}}@{{{{ secret(\"secret/{kv}#host\") }}}}:5432/app"
    );
    let out = vx()
        .args(["run", "--env", &format!("DSN={template}"), "--"])
        .args(PRINT_ENV)
        .run();
    out.assert_success();
    assert_eq!(
        child_var(&out, "DSN"),
        "postgres://u$er:p@ss:w/rd@db.internal:5432/app"
    );
    let reads = bao().audit_reads(&format!("secret/data/{db}"));
    assert_eq!(
        reads, 1,
        "one read for the map and the key of the same path"
    );
}

#[test]
fn env_file_mixes_literals_references_templates_and_multiline_values() {
    let path = unique("file");
    let awkward = "line one\nline \"two\" = 'x' $HOME ünïcödé\n";
    bao().kv2_put(&path, &json!({"cert": awkward, "user": "bob"}));
    let out = vx();
    let file = out.home().join("app.env");
    std::fs::write(
        &file,
        format!(
            "# comment\nLITERAL='plain text #1'\nREF=vault:secret/{path}#cert\nTPL='user={{{{ secret(\"secret/{path}#user\") }}}}!'\nMULTI=\"first\nsecond\"\nLOOKS_LIKE_REF=secret/{path}#user\n"
        ),
    )
    .unwrap();
    let out = out
        .args(["run", "--env-file"])
        .arg(&file)
        .arg("--")
        .args(PRINT_ENV)
        .run();
    out.assert_success();
    assert_eq!(child_var(&out, "LITERAL"), "plain text #1");
    assert_eq!(child_var(&out, "REF"), awkward);
    assert_eq!(child_var(&out, "TPL"), "user=bob!");
    assert_eq!(child_var(&out, "MULTI"), "first\nsecond");
    assert_eq!(
        child_var(&out, "LOOKS_LIKE_REF"),
        format!("secret/{path}#user")
    );
}

#[test]
fn argv_reaches_the_child_unchanged_and_the_shell_sees_the_childs_env() {
    let path = unique("argv");
    bao().kv2_put(&path, &json!({"pw": "from-vault"}));
    let out = vx()
        .env("DB_PASS", "from-caller")
        .args(["run", "--env", &format!("DB_PASS=secret/{path}#pw"), "--"])
        .args(["sh", "-c", r#"printf '[%s]' "$@"; echo " $DB_PASS""#, "sh"])
        .args(["two words", "\"quoted\"", "$VAR", "it's", ""])
        .run();
    out.assert_success();
    assert_eq!(
        out.stdout_str(),
        "[two words][\"quoted\"][$VAR][it's][] from-vault\n"
    );
}

#[test]
fn exec_keeps_the_pid() {
    let vx_path = env!("CARGO_BIN_EXE_vx");
    // The outer shell prints its PID, then becomes vx, which becomes the inner
    // shell: all three are one process if vx execs.
    let script = r#"echo $$; exec "$0" run -- sh -c 'echo $$'"#;
    let out = crate::harness::Vx::new("sh")
        .args(["-c", script, vx_path])
        .run();
    out.assert_success();
    let pids: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(pids.len(), 2, "{out:?}");
    assert_eq!(pids[0], pids[1]);
}

#[test]
fn the_childs_exit_status_comes_back_unchanged() {
    for code in [0, 1, 2, 42, 255] {
        let out = vx()
            .args(["run", "--", "sh", "-c", &format!("exit {code}")])
            .run();
        assert_eq!(out.code, Some(code), "{out:?}");
    }
}

#[test]
fn not_executable_is_126_and_not_found_is_127() {
    let run = vx();
    let script = run.home().join("script.sh");
    std::fs::write(&script, "#!/bin/sh\necho hi\n").unwrap();
    let out = run.args(["run", "--"]).arg(&script).run();
    assert_eq!(out.code, Some(126), "{out:?}");
    assert_eq!(
        out.stderr,
        format!(
            "vx: cannot execute `{}`: permission denied\n  hint: check that the file is executable (chmod +x) and not on a noexec mount\n",
            script.display()
        )
    );

    let out = vx().args(["run", "--", "no-such-command-here"]).run();
    assert_eq!(out.code, Some(127), "{out:?}");
    assert_eq!(
        out.stderr,
        "vx: command `no-such-command-here` not found in PATH\n  hint: check the name, or give its full path\n"
    );
}

#[test]
fn credentials_are_hidden_from_the_child_unless_kept() {
    let out = vx()
        .args(["run", "--"])
        .args(PRINT_ENV)
        .env("BAO_TOKEN", "bao")
        .run();
    out.assert_success();
    let env = out.child_env();
    assert!(
        !env.contains_key("VAULT_TOKEN") && !env.contains_key("BAO_TOKEN"),
        "{env:?}"
    );
    assert!(env.contains_key("VAULT_ADDR") && env.contains_key("HOME"));

    let out = vx()
        .args(["run", "--keep-token-env", "--"])
        .args(PRINT_ENV)
        .run();
    out.assert_success();
    assert_eq!(child_var(&out, "VAULT_TOKEN"), bao().root_token());
}

#[test]
fn pristine_starts_from_an_empty_environment() {
    let path = unique("pristine");
    bao().kv2_put(&path, &json!({"k": "v"}));
    let out = vx()
        .args([
            "run",
            "--pristine",
            "--env",
            &format!("ONLY=secret/{path}#k"),
            "--",
        ])
        .args(PRINT_ENV)
        .run();
    out.assert_success();
    assert_eq!(out.child_env().into_keys().collect::<Vec<_>>(), ["ONLY"]);
}

#[test]
fn two_hundred_paths_use_at_most_sixteen_connections() {
    let prefix = unique("many");
    let mut run = vx().arg("run");
    for i in 0..200 {
        bao().kv2_put(
            &format!("{prefix}/s{i}"),
            &json!({"v": format!("value-{i}")}),
        );
        run = run.args(["--env", &format!("S{i}=secret/{prefix}/s{i}#v")]);
    }
    let counter = ConnCounter::start(bao().addr());
    let out = run
        .env("VAULT_ADDR", counter.addr())
        .arg("--")
        .args(PRINT_ENV)
        .run();
    out.assert_success();
    let env = out.child_env();
    for i in 0..200 {
        assert_eq!(env[&format!("S{i}")], format!("value-{i}").into_bytes());
    }
    assert!(
        counter.max_concurrent() <= 16,
        "{} connections",
        counter.max_concurrent()
    );
    assert!(counter.max_concurrent() > 1, "reads were not concurrent");
}

#[test]
fn fifty_references_to_one_path_read_it_once() {
    let path = unique("once");
    let keys: serde_json::Map<String, serde_json::Value> = (0..50)
        .map(|i| (format!("k{i}"), json!(format!("v{i}"))))
        .collect();
    bao().kv2_put(&path, &serde_json::Value::Object(keys));
    let mut run = vx().arg("run");
    for i in 0..50 {
        run = run.args(["--env", &format!("K{i}=secret/{path}#k{i}")]);
    }
    let out = run.arg("--").args(PRINT_ENV).run();
    out.assert_success();
    assert_eq!(child_var(&out, "K49"), "v49");
    assert_eq!(bao().audit_reads(&format!("secret/data/{path}")), 1);
}

#[test]
fn verbose_logs_hold_no_secret_and_no_token() {
    let path = unique("planted");
    let planted = "PLANTED-d41d8cd98f00b204";
    bao().kv2_put(&path, &json!({"pw": planted}));
    let token = bao().create_token(&["root"]);
    let out = vx()
        .env("VAULT_TOKEN", &token)
        .args(["-vvv", "run", "--env", &format!("A=secret/{path}#pw")])
        .args([
            "--env",
            &format!("B=x-{{{{ secret(\"secret/{path}#pw\") }}}}"),
            "--",
            "true",
        ])
        .run();
    out.assert_success();
    assert!(
        out.stderr.contains(&format!("read secret/{path}")),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains(planted), "{}", out.stderr);
    assert!(!out.stderr.contains(&token), "{}", out.stderr);
}

#[test]
fn run_option_variables_read_like_the_other_settings() {
    // An empty variable is unset; a switch takes 1 as well as true.
    let out = vx()
        .env("VX_WATCH", "1")
        .env("VX_ON_CHANGE", "")
        .env("VX_POLL_INTERVAL", "")
        .args(["-v", "run", "--", "true"])
        .run();
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stderr.contains("supervising true"), "{}", out.stderr);
    let out = vx()
        .env("VX_WATCH", "0")
        .args(["-v", "run", "--", "true"])
        .run();
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(!out.stderr.contains("supervising"), "{}", out.stderr);
}
