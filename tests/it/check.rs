//! `vx check`: every problem reported at once, no value printed anywhere.

use serde_json::json;

use crate::harness::{bao, unique, vx};

#[test]
fn check_lists_every_problem_and_prints_no_value() {
    let path = unique("check");
    bao().kv2_put(&path, &json!({"pw": "CHECK-VALUE-1"}));
    let run = vx();
    std::fs::write(
        run.home().join("app.env"),
        format!("GOOD=vault:secret/{path}#pw\nTYPO=vault:secret/{path}#pww\nLITERAL=plain\n"),
    )
    .unwrap();
    let out = run
        .args(["check", "--env-file", "app.env"])
        .args([
            "--env",
            "MOUNT=nomount/x#y",
            "--env",
            &format!("TPL={{{{ secret(\"secret/{path}#pw\") }}}}"),
        ])
        .run();
    assert_eq!(out.code, Some(125), "{out:?}");
    assert!(out.stdout.is_empty());
    assert!(!out.stderr.contains("CHECK-VALUE-1"), "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!(
            "key `pww` not found in `secret/{path}`; it has: pw"
        )),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("no secrets engine is mounted at `nomount/`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .ends_with("vx: 2 of 5 variables do not resolve\n"),
        "{}",
        out.stderr
    );

    let out = vx()
        .args(["check", "--env", &format!("GOOD=secret/{path}#pw")])
        .run();
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(out.stderr, "vx: 1 variable resolves\n");
    assert!(out.stdout.is_empty());
}

#[test]
fn env_output_reads_back_byte_for_byte() {
    let path = unique("env-format");
    let awkward = "a \"q\" 'sq' $HOME `x` \\ back\nline2\tüñï ✓\n";
    bao().kv2_put(&path, &json!({"v": awkward}));
    let reference = format!("A=secret/{path}#v");
    let print = |format: &str| {
        let out = vx()
            .args(["env", "--format", format, "--env", &reference])
            .run();
        out.assert_success();
        out.stdout
    };

    let run = crate::harness::Vx::new("sh");
    std::fs::write(run.home().join("vars.sh"), print("shell")).unwrap();
    let out = run.args(["-c", ". ./vars.sh && printf %s \"$A\""]).run();
    assert_eq!(out.stdout_str(), awkward);

    let run = vx();
    std::fs::write(run.home().join("vars.env"), print("dotenv")).unwrap();
    let out = run
        .args(["run", "--env-file", "vars.env", "--", "/usr/bin/env", "-0"])
        .run();
    assert_eq!(out.child_env()["A"], awkward.as_bytes());

    let json: serde_json::Value = serde_json::from_slice(&print("json")).unwrap();
    assert_eq!(json, json!({"A": awkward}));

    let github = String::from_utf8(print("github")).unwrap();
    let (head, rest) = github.split_once('\n').unwrap();
    let delimiter = head.strip_prefix("A<<").unwrap();
    assert_eq!(rest, format!("{awkward}\n{delimiter}\n"));
}
