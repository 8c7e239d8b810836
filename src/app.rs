//! The commands: parse the command line, run one command, print the failure and
//! map it to an exit status.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::Parser;

use crate::assignment::{self, Assignment, Origin};
use crate::cli::{CheckArgs, Cli, Command, CompletionsArgs, EnvArgs, LoginArgs, ReadArgs, RunArgs};
use crate::client::Client;
use crate::evaluate::{self, Vault};
use crate::exit::{self, Failure};
use crate::reference::{PREFIX, Reference, Spec};
use crate::secret::Secret;
use crate::settings::{self, Settings};
use crate::{
    auth, child, childenv, cli, exec, format, logging, signals, supervise, template, token_cache,
    watch,
};

pub fn main() -> ExitCode {
    let started = Instant::now();
    cli::normalize_env();
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
        Command::Check(args) => check(&cli, args, started),
        Command::Env(args) => env(&cli, args, started),
        Command::Login(args) => login(&cli, args, started),
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
    if !args.keep_token_env {
        hide_credentials(&settings);
    }
    let runtime = runtime()?;
    let mut vault = Vault::new(settings, started);
    let resolved = runtime.block_on(async {
        if supervision.is_none() {
            return evaluate::evaluate(&mut vault, &assignments).await;
        }
        tokio::select! {
            resolved = evaluate::evaluate(&mut vault, &assignments) => resolved,
            signal = signals::stop_requested() => {
                tracing::info!("{} before the command started: stopping", signals::name(signal));
                std::process::exit(child::exit_like(child::Outcome::Signaled(signal)).into())
            }
        }
    })?;
    tracing::info!(
        "resolved {} in {:?}",
        count(resolved.len(), "variable"),
        started.elapsed()
    );
    for (name, _) in &resolved {
        tracing::trace!("the command gets {name}");
    }
    let env_options = childenv::Options {
        pristine: args.pristine,
        keep_credentials: args.keep_token_env,
        more_credentials: vault.settings().auth.credential_vars(),
    };
    let inherited: Vec<(OsString, OsString)> = std::env::vars_os().collect();
    let env = childenv::build(inherited.clone(), resolved.clone(), &env_options);
    let Some(mut supervision) = supervision else {
        drop(runtime);
        return Err(exec::exec(&args.command, &env));
    };
    let mut control = None;
    if args.watch {
        let (events, received) = std::sync::mpsc::channel();
        let inputs = watch::Inputs {
            vault,
            assignments,
            resolved,
            inherited,
            env_options,
        };
        let options = watch::Options {
            poll_interval: args.poll_interval,
        };
        control = Some(watch::start(runtime, inputs, options, events));
        supervision.watch = Some(supervise::Watching {
            events: received,
            on_change: args.on_change,
            restart_delay: args.restart_delay,
            on_expiry: args.on_expiry,
        });
    } else {
        drop(runtime);
    }
    let outcome = supervise::run(&args.command, env, &supervision)?;
    if let Some(control) = control.filter(|_| args.revoke_on_exit) {
        control.revoke(Duration::from_secs(10));
    }
    std::process::exit(child::exit_like(outcome).into())
}

/// Whether to supervise, and how: vx supervises when asked, when it must adopt
/// orphans, watch secrets or restart the command, or when it is PID 1, where an
/// exec'd command would inherit PID 1's duties without knowing it; `--exec` keeps
/// the exec even then.
fn supervision(args: &RunArgs) -> Result<Option<supervise::Options>> {
    let pid1 = std::process::id() == 1;
    let needed = args.supervise || args.subreaper || args.watch || args.restart_on_exit;
    if args.exec || !(needed || pid1) {
        return Ok(None);
    }
    let env = |name: &str| std::env::var(name).ok();
    let (kill_signal, kill_timeout) =
        settings::stopping(&args.kill_signal, &args.kill_timeout, &env)?;
    Ok(Some(supervise::Options {
        kill_signal,
        kill_timeout,
        subreaper: args.subreaper,
        restart_on_exit: args.restart_on_exit,
        watch: None,
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
    write_stdout(value.expose().as_bytes())
}

/// Resolves everything as `vx run` would and prints each problem, then a summary
/// on stderr; stdout stays empty, so no value can end up in a CI log.
fn check(cli: &Cli, args: &CheckArgs, started: Instant) -> Result<()> {
    let assignments = assignment::collect(&args.env_files, &args.env)?;
    let settings = Settings::from_process(&cli.global)?;
    hide_credentials(&settings);
    let runtime = runtime()?;
    let mut vault = Vault::new(settings, started);
    let outcomes = runtime.block_on(evaluate::evaluate_each(&mut vault, &assignments))?;
    let failures: Vec<anyhow::Error> = outcomes.into_iter().filter_map(Result::err).collect();
    for failure in &failures {
        eprintln!("{}", exit::render(failure));
    }
    let total = count(assignments.len(), "variable");
    if failures.is_empty() {
        let verb = if assignments.len() == 1 {
            "resolves"
        } else {
            "resolve"
        };
        eprintln!("vx: {total} {verb}");
        return Ok(());
    }
    Err(Failure::new(format!("{} of {total} do not resolve", failures.len())).into())
}

/// Prints the resolved variables (only those, not vx's environment) for another
/// program to read. Refused on a terminal, where values would stay in scrollback.
fn env(cli: &Cli, args: &EnvArgs, started: Instant) -> Result<()> {
    if std::io::stdout().is_terminal() {
        return Err(
            Failure::new("refusing to print secret values to a terminal")
                .hint("redirect it: vx env > app.env, or use vx check to test references")
                .into(),
        );
    }
    let assignments = assignment::collect(&args.values.env_files, &args.values.env)?;
    let settings = Settings::from_process(&cli.global)?;
    hide_credentials(&settings);
    let resolved = resolve(&settings, &assignments, started)?;
    write_stdout(format::render(args.format, &resolved).as_bytes())
}

fn login(cli: &Cli, args: &LoginArgs, started: Instant) -> Result<()> {
    let settings = Settings::from_process(&cli.global)?;
    if !settings.auth.can_login() {
        return Err(Failure::new("vx login needs a login method")
            .hint("pass --auth approle, jwt, kubernetes, cert, userpass or ldap")
            .into());
    }
    if args.print && std::io::stdout().is_terminal() {
        return Err(Failure::new("refusing to print a token to a terminal")
            .hint("use --sink FILE, or capture the output: TOKEN=$(vx login --print)")
            .into());
    }
    let runtime = runtime()?;
    let login = runtime.block_on(async {
        let client = Client::new(&settings, started)?;
        auth::login(&client, &settings.auth, args.wrap_ttl).await
    })?;
    if let Some(sink) = &args.sink {
        token_cache::write_atomically(sink, login.token.expose().as_bytes(), args.sink_mode)
            .map_err(|error| {
                Failure::new(format!(
                    "cannot write the sink `{}`: {error}",
                    sink.display()
                ))
            })?;
        tracing::info!("wrote the token to {}", sink.display());
    }
    if args.print {
        write_stdout(format!("{}\n", login.token.expose()).as_bytes())?;
    }
    Ok(())
}

fn completions(args: &CompletionsArgs) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cli::command(), "vx", &mut script);
    write_stdout(&script)
}

/// Writes to stdout. A reader that went away early (`| head`) is not an error of
/// vx's; a failing stdout (a full disk) is. (A stdout closed before vx started is
/// /dev/null by the time vx runs: Rust's start-up opens it in its place.)
fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to stdout"),
    }
}

/// Keeps vx's own credentials out of `env()` in templates, as they are kept out
/// of the command's inherited environment.
fn hide_credentials(settings: &Settings) {
    let mut names: Vec<String> = childenv::CREDENTIALS
        .iter()
        .map(|name| (*name).to_owned())
        .collect();
    names.extend(settings.auth.credential_vars());
    template::hide_from_env(names);
}

/// "1 variable", "2 variables".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

fn resolve(
    settings: &Settings,
    assignments: &[Assignment],
    started: Instant,
) -> Result<Vec<(String, Secret)>> {
    let runtime = runtime()?;
    runtime.block_on(async {
        let mut vault = Vault::new(settings.clone(), started);
        evaluate::evaluate(&mut vault, assignments).await
    })
}
