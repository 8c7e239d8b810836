//! The committed man page and completion scripts match what the clap definitions
//! produce. Regenerate them with `VX_UPDATE_GENERATED=1 cargo test --test it generated`.

use std::path::{Path, PathBuf};

use clap_complete::Shell;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every generated file with the content the code produces now.
fn expected() -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::Elvish,
        Shell::PowerShell,
    ] {
        let mut script = Vec::new();
        clap_complete::generate(shell, &mut vx::cli::command(), "vx", &mut script);
        let name = match shell {
            Shell::Bash => "vx.bash",
            Shell::Zsh => "_vx",
            Shell::Fish => "vx.fish",
            Shell::Elvish => "vx.elv",
            _ => "_vx.ps1",
        };
        files.push((root().join("completions").join(name), script));
    }
    files.push((root().join("man/vx.1"), vx::cli::man_page()));
    files
}

#[test]
fn generated_files_match_the_code() {
    let update = std::env::var_os("VX_UPDATE_GENERATED").is_some();
    let mut stale = Vec::new();
    for (path, content) in expected() {
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &content).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(&content[..]) {
            stale.push(relative(&path));
        }
    }
    assert!(
        stale.is_empty(),
        "out of date: {stale:?}; run `VX_UPDATE_GENERATED=1 cargo test --test it generated`"
    );
}

#[test]
fn completions_command_prints_the_committed_script() {
    let out = crate::harness::vx_no_server()
        .args(["completions", "bash"])
        .run();
    out.assert_success();
    assert_eq!(
        out.stdout,
        std::fs::read(root().join("completions/vx.bash")).unwrap()
    );
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}
