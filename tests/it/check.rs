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
