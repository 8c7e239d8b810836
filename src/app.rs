//! The commands: parse the command line, run one command, print the failure and
//! map it to an exit status.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Parser;

use crate::assignment::{self, Assignment, Origin};
use crate::cli::{Cli, Command, CompletionsArgs, ReadArgs, RunArgs};
use crate::evaluate::{self, Vault};
use crate::exit::{self, Failure};
use crate::reference::{PREFIX, Reference, Spec};
use crate::secret::Secret;
use crate::settings::{self, Settings};
use crate::{childenv, cli, exec, logging, signals, supervise};

pub fn main() -> ExitCode {
    let started = Instant::now();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            // Usage errors are failures before the command starts (DESIGN.md);
            // --help and --version are not errors at all.
            let status = if error.use_stderr() {
                exit::VX_FAILED
            } else {
                0
            };
            return ExitCode::from(status);
        }
    };
    logging::init(cli.global.verbose);
    let outcome = match &cli.command {
        Command::Run(args) => run(&cli, args, started),
        Command::Read(args) => read(&cli, args, started),
        Command::Completions(args) => completions(args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}", exit::render(&error));
            ExitCode::from(exit::status_of(&error))
        }
    }
}

fn run(cli: &Cli, args: &RunArgs, started: Instant) -> Result<()> {
    let supervision = supervision(args)?;
    if supervision.is_some() {
        // From here on a signal waits for the command instead of killing vx.
        signals::block()?;
    }
    let assignments = assignment::collect(&args.env_files, &args.env)?;
    let settings = Settings::from_process(&cli.global)?;
    let resolved = resolve(&settings, &assignments, started)?;
    tracing::info!(
        "resolved {} variables in {:?}",
        resolved.len(),
        started.elapsed()
    );
    let options = childenv::Options {
        pristine: args.pristine,
        keep_credentials: args.keep_token_env,
    };
    let env = childenv::build(std::env::vars_os(), resolved, &options);
    match supervision {
        None => Err(exec::exec(&args.command, &env)),
        Some(options) => {
            let outcome = supervise::run(&args.command, &env, &options)?;
            std::process::exit(supervise::exit_like(outcome).into())
        }
    }
}

/// Whether to supervise, and how: vx supervises when asked, when it must adopt
/// orphans, or when it is PID 1, where an exec'd command would inherit PID 1's
/// duties without knowing it; `--exec` keeps the exec even then.
fn supervision(args: &RunArgs) -> Result<Option<supervise::Options>> {
    let pid1 = std::process::id() == 1;
    if args.exec || !(args.supervise || args.subreaper || pid1) {
        return Ok(None);
    }
    let env = |name: &str| std::env::var(name).ok();
    let (kill_signal, kill_timeout) =
        settings::stopping(&args.kill_signal, &args.kill_timeout, &env)?;
    Ok(Some(supervise::Options {
        kill_signal,
        kill_timeout,
        subreaper: args.subreaper,
    }))
}

fn read(cli: &Cli, args: &ReadArgs, started: Instant) -> Result<()> {
    let text = args
        .reference
        .strip_prefix(PREFIX)
        .unwrap_or(&args.reference);
    let assignment = Assignment {
        name: "REF".to_owned(),
        spec: Spec::Reference(Reference::parse(text)?),
        origin: Origin::Argument,
    };
    let settings = Settings::from_process(&cli.global)?;
    let resolved = resolve(&settings, std::slice::from_ref(&assignment), started)?;
    let value = resolved.into_iter().next().map(|(_, value)| value);
    let value = value.ok_or_else(|| Failure::new("nothing was resolved"))?;
    // The value alone, without a newline, as `bao kv get -field=KEY` prints it.
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(value.expose().as_bytes())
        .and_then(|()| stdout.flush())
        .context("cannot write to stdout")
}

fn completions(args: &CompletionsArgs) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut cli::command(), "vx", &mut stdout);
    Ok(())
}

fn resolve(
    settings: &Settings,
    assignments: &[Assignment],
    started: Instant,
) -> Result<Vec<(String, Secret)>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let mut vault = Vault::new(settings, started);
        evaluate::evaluate(&mut vault, assignments).await
    })
}
