//! The command line as clap sees it: raw flags, nothing validated.
//!
//! Turning these into settings (with environment variables and defaults, each value
//! remembering where it came from) is `settings`' job. The man page and the
//! completion scripts are generated from `command()`, so help text written here is
//! what users read everywhere.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::supervise::{OnChange, OnExpiry};

/// Put secrets from OpenBao or HashiCorp Vault into a program that knows nothing
/// about Vault.
#[derive(Debug, Parser)]
#[command(name = "vx", version, max_term_width = 100)]
#[command(after_long_help = AFTER_HELP)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

const AFTER_HELP: &str = "\
A reference names one value: PATH#KEY or PATH?version=N#KEY (KV v2 only), optionally
prefixed `vault:`. PATH is written as for `bao kv get` or `bao read`: no `data/` for
KV v2. A value containing `{{` is a template with secret(\"PATH\"), secret(\"PATH#KEY\")
and env(\"NAME\").

Exit status: the command's own once it runs; 125 when vx fails before the command
starts; 126 when the command cannot be executed; 127 when it is not found.

With --auth token (the default) the token comes from --token-file, BAO_TOKEN,
VAULT_TOKEN or ~/.vault-token, in that order; never from the command line.";

const RUN_AFTER_HELP: &str = "\
vx resolves every value first: each distinct PATH is read once (so `#username` and
`#password` of one database path come from one lease), distinct paths concurrently
over at most 16 connections. Any failure stops vx with status 125 before the command
starts; no placeholder or empty value is ever passed on.

Then, by default, vx replaces itself with COMMAND (execve): the command keeps vx's
PID, receives signals directly and its exit status is the one the caller sees.
COMMAND is looked up in the PATH of the environment it gets (vx's own when that has
none).

vx supervises instead when it is PID 1 (a container's entrypoint), with --subreaper,
or with --supervise; --exec forbids it. A supervising vx starts COMMAND in its own
process group (handing it the terminal when vx is a foreground job, as a shell
does), forwards every signal it receives except SIGCHLD to it once, reaps orphans as
PID 1 or subreaper, and exits as the command did: its exit code, or death by the same
signal (128+N as PID 1, where a signal cannot kill vx). TERM, INT and QUIT go to the
command's whole process group and start --kill-timeout, after which the group gets
SIGKILL; job-control signals (TSTP, TTIN, TTOU, CONT) also go to the group; all
others go to the command alone. When the command exits, whatever it left running in
its group is sent --kill-signal, then SIGKILL after --kill-timeout. Reaping covers
orphans only: a zombie whose parent is alive is that parent's to reap.

With --watch, vx keeps what it gave the command valid, with Vault Agent's timing:
renewable leases and the token are renewed at 2/3 of their remaining TTL less 10-20%
jitter; a lease that cannot be renewed further is read anew at the same point of
what remains; non-renewable leases are re-read at 85-95% of their TTL; KV is polled
every --poll-interval times 0.85-0.95. When the token cannot be renewed, an AppRole
login is made again (a token given to vx cannot be replaced). Only a real change of
the command's environment triggers --on-change; there is no delay before the first
start. While the server is unreachable or failing, the command keeps running on its
values and vx retries each task with back-off from 1s to 30s; --on-expiry applies
only once a credential the command holds has expired. Leases die with the token that
read them: keep the token's max TTL above the leases'.

The command's environment is vx's own (unless --pristine), without the credentials
vx used (BAO_TOKEN, VAULT_TOKEN, VX_ROLE_ID, VX_SECRET_ID, VX_PASSWORD, the --jwt-env
variable; unless --keep-token-env), plus the resolved variables, which replace
inherited ones. Env files are read first, in order, then --env flags; a later NAME
replaces an earlier one. Env files expand no `$VAR`: a value is literal unless it is
prefixed `vault:` or contains `{{`.";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Resolve secrets into the environment, then exec or supervise COMMAND
    #[command(after_long_help = RUN_AFTER_HELP)]
    Run(RunArgs),

    /// Print one secret value to stdout, without a final newline
    Read(ReadArgs),

    /// Resolve every --env and --env-file value and report every problem; print no value
    Check(CheckArgs),

    /// Print the resolved variables, quoted for a consumer to read back byte for byte
    Env(EnvArgs),

    /// Log in with the --auth method and write the token to a sink file or stdout
    Login(LoginArgs),

    /// Print a completion script for SHELL to stdout
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// More log output on stderr (-v info, -vv debug, -vvv trace); never secret values
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,

    /// Server address, with scheme [env: BAO_ADDR, VAULT_ADDR] [default: https://127.0.0.1:8200]
    #[arg(long, value_name = "URL", global = true)]
    pub address: Option<String>,

    /// Namespace for every request [env: BAO_NAMESPACE, VAULT_NAMESPACE]
    #[arg(long, value_name = "NAME", global = true)]
    pub namespace: Option<String>,

    /// PEM file of CA certificates to trust [env: BAO_CACERT, VAULT_CACERT]
    #[arg(long, value_name = "FILE", global = true)]
    pub ca_cert: Option<PathBuf>,

    /// Directory of PEM CA certificates to trust [env: BAO_CAPATH, VAULT_CAPATH]
    #[arg(long, value_name = "DIR", global = true)]
    pub ca_path: Option<PathBuf>,

    /// PEM client certificate for TLS [env: BAO_CLIENT_CERT, VAULT_CLIENT_CERT]
    #[arg(long, value_name = "FILE", global = true)]
    pub client_cert: Option<PathBuf>,

    /// PEM private key of the client certificate [env: BAO_CLIENT_KEY, VAULT_CLIENT_KEY]
    #[arg(long, value_name = "FILE", global = true)]
    pub client_key: Option<PathBuf>,

    /// Do not verify the server's certificate (insecure) [env: BAO_SKIP_VERIFY, VAULT_SKIP_VERIFY]
    #[arg(long, global = true)]
    pub tls_skip_verify: bool,

    /// Name to verify the server's certificate against [env: BAO_TLS_SERVER_NAME, VAULT_TLS_SERVER_NAME]
    #[arg(long, value_name = "NAME", global = true)]
    pub tls_server_name: Option<String>,

    /// Time limit for one request [env: VX_REQUEST_TIMEOUT] [default: 10s]
    #[arg(long, value_name = "DURATION", global = true)]
    pub request_timeout: Option<String>,

    /// Time limit for all of vx's work before the command starts, retries included
    /// [env: VX_DEADLINE] [default: 30s]
    #[arg(long, value_name = "DURATION", global = true)]
    pub deadline: Option<String>,

    /// Retries of a request that failed in transport or with 5xx/429
    /// [env: BAO_MAX_RETRIES, VAULT_MAX_RETRIES] [default: 2]
    #[arg(long, value_name = "N", global = true)]
    pub max_retries: Option<String>,

    /// How vx logs in [env: VX_AUTH] [default: token]
    #[arg(long, value_enum, value_name = "METHOD", global = true)]
    pub auth: Option<AuthMethod>,

    /// Mount path of the auth method [env: VX_AUTH_MOUNT] [default: the method's name]
    #[arg(long, value_name = "PATH", global = true)]
    pub auth_mount: Option<String>,

    /// File holding the token, for --auth token [env: VX_TOKEN_FILE]
    #[arg(long, value_name = "FILE", global = true)]
    pub token_file: Option<PathBuf>,

    /// File holding the AppRole role id [env: VX_ROLE_ID_FILE; or the id itself in VX_ROLE_ID]
    #[arg(long, value_name = "FILE", global = true)]
    pub role_id_file: Option<PathBuf>,

    /// File holding the AppRole secret id [env: VX_SECRET_ID_FILE; or the id itself in VX_SECRET_ID]
    #[arg(long, value_name = "FILE", global = true)]
    pub secret_id_file: Option<PathBuf>,

    /// The AppRole secret id is a response-wrapping token: unwrap it first
    /// [env: VX_SECRET_ID_WRAPPED]
    #[arg(long, global = true)]
    pub secret_id_wrapped: bool,

    /// Delete the secret id file once read [env: VX_REMOVE_SECRET_ID_FILE]
    #[arg(long, global = true)]
    pub remove_secret_id_file: bool,

    /// Role to log in as, for jwt, kubernetes and cert [env: VX_ROLE]
    #[arg(long, value_name = "ROLE", global = true)]
    pub role: Option<String>,

    /// File holding the JWT for --auth jwt [env: VX_JWT_FILE]
    #[arg(long, value_name = "FILE", global = true)]
    pub jwt_file: Option<PathBuf>,

    /// Environment variable holding the JWT for --auth jwt, such as a CI job's
    /// identity token; the command does not inherit it [env: VX_JWT_ENV]
    #[arg(long, value_name = "NAME", global = true)]
    pub jwt_env: Option<String>,

    /// Service account token for --auth kubernetes [env: VX_K8S_TOKEN_FILE]
    /// [default: /var/run/secrets/kubernetes.io/serviceaccount/token]
    #[arg(long, value_name = "FILE", global = true)]
    pub k8s_token_file: Option<PathBuf>,

    /// User name for --auth userpass and ldap [env: VX_USERNAME]
    #[arg(long, value_name = "NAME", global = true)]
    pub username: Option<String>,

    /// File holding the password for userpass and ldap [env: VX_PASSWORD_FILE; or
    /// the password itself in VX_PASSWORD; else asked on the terminal]
    #[arg(long, value_name = "FILE", global = true)]
    pub password_file: Option<PathBuf>,

    /// Keep the login's token in FILE and reuse it while it is valid for at least
    /// --token-min-ttl; safe for concurrent runs [env: VX_TOKEN_CACHE]
    #[arg(long, value_name = "FILE", global = true)]
    pub token_cache: Option<PathBuf>,

    /// A cached token with less time left is replaced by a new login
    /// [env: VX_TOKEN_MIN_TTL] [default: 1m]
    #[arg(long, value_name = "DURATION", global = true)]
    pub token_min_ttl: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuthMethod {
    /// A token from --token-file, BAO_TOKEN, VAULT_TOKEN or ~/.vault-token
    Token,
    /// AppRole login with a role id and a secret id
    Approle,
    /// JWT/OIDC login with --role and a token from --jwt-file or --jwt-env
    Jwt,
    /// Kubernetes login with --role and the service account token
    Kubernetes,
    /// TLS client certificate login (--client-cert, --client-key), --role optional
    Cert,
    /// Username and password login
    Userpass,
    /// LDAP username and password login
    Ldap,
}

impl AuthMethod {
    /// Where the method is mounted unless --auth-mount says otherwise.
    pub fn default_mount(self) -> &'static str {
        match self {
            Self::Token => "token",
            Self::Approle => "approle",
            Self::Jwt => "jwt",
            Self::Kubernetes => "kubernetes",
            Self::Cert => "cert",
            Self::Userpass => "userpass",
            Self::Ldap => "ldap",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Token => "token",
            Self::Approle => "AppRole",
            Self::Jwt => "JWT",
            Self::Kubernetes => "Kubernetes",
            Self::Cert => "certificate",
            Self::Userpass => "userpass",
            Self::Ldap => "LDAP",
        }
    }
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Set NAME to a reference (PATH#KEY, `vault:` optional) or a template ({{ ... }})
    #[arg(short, long = "env", value_name = "NAME=VALUE")]
    pub env: Vec<String>,

    /// Read NAME=VALUE lines (dotenv syntax); values prefixed `vault:` are references,
    /// values with `{{` are templates, the rest stay literal
    #[arg(long = "env-file", value_name = "FILE")]
    pub env_files: Vec<PathBuf>,

    /// Start the command with only the resolved variables, not vx's environment
    #[arg(long)]
    pub pristine: bool,

    /// Let the command inherit the credentials vx used (BAO_TOKEN, VAULT_TOKEN,
    /// VX_ROLE_ID, VX_SECRET_ID, VX_PASSWORD, the --jwt-env variable), and let
    /// templates read them with env(); by default they are removed
    #[arg(long)]
    pub keep_token_env: bool,

    /// Stay as the command's parent: forward signals, reap, exit as it did
    /// (the default when vx is PID 1)
    #[arg(long, conflicts_with = "exec")]
    pub supervise: bool,

    /// Always replace vx with the command, even as PID 1
    #[arg(long)]
    pub exec: bool,

    /// Adopt and reap orphaned descendants (PR_SET_CHILD_SUBREAPER); implies --supervise
    #[arg(long, conflicts_with = "exec")]
    pub subreaper: bool,

    /// Signal vx sends the command's process group when vx itself decides to stop
    /// it [env: VX_KILL_SIGNAL] [default: TERM]
    #[arg(long, value_name = "SIGNAL")]
    pub kill_signal: Option<String>,

    /// How long a stopping command gets before its process group is sent SIGKILL
    /// [env: VX_KILL_TIMEOUT] [default: 30s]
    #[arg(long, value_name = "DURATION")]
    pub kill_timeout: Option<String>,

    /// Keep the secrets fresh while the command runs: renew leases, re-read what
    /// cannot be renewed, poll KV, and act on changes (--on-change); implies
    /// --supervise
    #[arg(
        long,
        env = "VX_WATCH",
        hide_env_values = true,
        conflicts_with = "exec"
    )]
    pub watch: bool,

    /// How often --watch re-reads KV secrets (each time 85-95% of this);
    /// `?version=` references are never polled
    #[arg(long, value_name = "DURATION", env = "VX_POLL_INTERVAL", hide_env_values = true, requires = "watch", default_value = "5m",
          value_parser = parse_poll_interval)]
    pub poll_interval: Duration,

    /// What --watch does when the command's environment changes: restart, exit
    /// (stop it and exit), ignore, or signal:NAME (send it a signal, e.g. signal:HUP)
    #[arg(long, value_name = "ACTION", env = "VX_ON_CHANGE", hide_env_values = true, requires = "watch", default_value = "restart",
          value_parser = parse_on_change)]
    pub on_change: OnChange,

    /// Wait this long after a change before restarting, so that changes arriving
    /// together cause one restart
    #[arg(long, value_name = "DURATION", env = "VX_RESTART_DELAY", hide_env_values = true, requires = "watch", default_value = "0s",
          value_parser = parse_duration)]
    pub restart_delay: Duration,

    /// When a credential the command holds has expired and could not be replaced:
    /// restart (with fresh values once the server answers), exit, or keep
    #[arg(long, value_name = "POLICY", env = "VX_ON_EXPIRY", hide_env_values = true, requires = "watch", default_value = "restart",
          value_parser = parse_on_expiry)]
    pub on_expiry: OnExpiry,

    /// Start the command again when it exits by itself, after 0.5s doubling to 60s
    /// while it keeps failing; implies --supervise
    #[arg(
        long,
        env = "VX_RESTART_ON_EXIT",
        hide_env_values = true,
        conflicts_with = "exec"
    )]
    pub restart_on_exit: bool,

    /// Revoke the leases vx read when it exits (with --watch)
    #[arg(
        long,
        env = "VX_REVOKE_ON_EXIT",
        hide_env_values = true,
        requires = "watch"
    )]
    pub revoke_on_exit: bool,

    /// The command and its arguments, passed as given, never through a shell
    #[arg(required = true, last = true, value_name = "COMMAND")]
    pub command: Vec<OsString>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// NAME=VALUE as for `vx run`
    #[arg(short, long = "env", value_name = "NAME=VALUE")]
    pub env: Vec<String>,

    /// An env file as for `vx run`
    #[arg(long = "env-file", value_name = "FILE")]
    pub env_files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct EnvArgs {
    #[command(flatten)]
    pub values: CheckArgs,

    /// Output format
    #[arg(long, value_enum, default_value = "dotenv")]
    pub format: crate::format::Format,
}

#[derive(Debug, Args)]
pub struct ReadArgs {
    /// The reference: PATH#KEY or PATH?version=N#KEY
    #[arg(value_name = "REF")]
    pub reference: String,
}

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// Write the token to FILE, atomically
    #[arg(long, value_name = "FILE", required_unless_present = "print")]
    pub sink: Option<PathBuf>,

    /// Permissions of the sink file, in octal
    #[arg(long, value_name = "MODE", default_value = "0600", value_parser = parse_mode)]
    pub sink_mode: u32,

    /// Write a response-wrapping token of this TTL instead of the token itself
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub wrap_ttl: Option<Duration>,

    /// Print the token to stdout, for `$(vx login --print)`; refused when stdout is
    /// a terminal
    #[arg(long)]
    pub print: bool,
}

fn parse_mode(text: &str) -> Result<u32, String> {
    u32::from_str_radix(text.trim_start_matches("0o"), 8)
        .ok()
        .filter(|mode| *mode <= 0o777)
        .ok_or_else(|| "expected an octal mode such as 0600".to_owned())
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

fn parse_duration(text: &str) -> Result<Duration, String> {
    crate::settings::parse_duration(text)
        .ok_or_else(|| "expected a duration up to 10 years, such as `30s` or `5m`".to_owned())
}

/// `--poll-interval`: below a second, polling is a load test of the server.
fn parse_poll_interval(text: &str) -> Result<Duration, String> {
    let interval = parse_duration(text)?;
    if interval < Duration::from_secs(1) {
        return Err("the poll interval must be at least 1s".to_owned());
    }
    Ok(interval)
}

fn parse_on_change(text: &str) -> Result<OnChange, String> {
    match text {
        "restart" => Ok(OnChange::Restart),
        "exit" => Ok(OnChange::Exit),
        "ignore" => Ok(OnChange::Ignore),
        other => match other.strip_prefix("signal:").map(crate::signals::parse) {
            Some(Some(signal)) => Ok(OnChange::Signal(signal)),
            Some(None) => Err(format!("unknown signal in `{other}`")),
            None => Err("expected restart, exit, ignore or signal:NAME".to_owned()),
        },
    }
}

fn parse_on_expiry(text: &str) -> Result<OnExpiry, String> {
    match text {
        "restart" => Ok(OnExpiry::Restart),
        "exit" => Ok(OnExpiry::Exit),
        "keep" => Ok(OnExpiry::Keep),
        _ => Err("expected restart, exit or keep".to_owned()),
    }
}

/// The variables clap reads for `vx run`'s options, and which of them are switches.
const CLAP_ENV: [(&str, bool); 7] = [
    ("VX_WATCH", true),
    ("VX_RESTART_ON_EXIT", true),
    ("VX_REVOKE_ON_EXIT", true),
    ("VX_POLL_INTERVAL", false),
    ("VX_ON_CHANGE", false),
    ("VX_RESTART_DELAY", false),
    ("VX_ON_EXPIRY", false),
];

/// Brings the variables clap reads in line with vx's other settings before
/// parsing: an empty one counts as unset, and a switch takes 1/0, yes/no and
/// on/off as well as true/false.
pub fn normalize_env() {
    for (name, switch) in CLAP_ENV {
        let Some(value) = std::env::var_os(name) else {
            continue;
        };
        let value = value.to_string_lossy().to_ascii_lowercase();
        let replacement = match value.as_str() {
            "" => None,
            "1" | "yes" | "on" | "t" if switch => Some("true"),
            "0" | "no" | "off" | "f" if switch => Some("false"),
            _ => continue,
        };
        // SAFETY: called first thing in main, before vx starts any thread, so no
        // other thread reads the environment while it changes.
        unsafe {
            match replacement {
                Some(value) => std::env::set_var(name, value),
                None => std::env::remove_var(name),
            }
        }
    }
}

/// The clap command, for the parser, the man page and the completion scripts.
pub fn command() -> clap::Command {
    Cli::command()
}

/// `man/vx.1`: the top-level page, then a section for each subcommand with its
/// synopsis, description and options.
pub fn man_page() -> Vec<u8> {
    let command = command();
    let mut page = Vec::new();
    let man = clap_mangen::Man::new(command.clone());
    man.render(&mut page)
        .expect("writing to memory cannot fail");
    for sub in command.get_subcommands() {
        let sub = sub.clone().name(format!("vx {}", sub.get_name()));
        let man = clap_mangen::Man::new(sub.clone());
        page.extend_from_slice(format!(".SH \"{}\"\n", sub.get_name().to_uppercase()).as_bytes());
        man.render_synopsis_section(&mut page)
            .expect("writing to memory cannot fail");
        man.render_description_section(&mut page)
            .expect("writing to memory cannot fail");
        man.render_options_section(&mut page)
            .expect("writing to memory cannot fail");
        if sub.get_after_long_help().is_some() {
            man.render_extra_section(&mut page)
                .expect("writing to memory cannot fail");
        }
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definition_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn run_takes_command_after_double_dash() {
        let cli =
            Cli::try_parse_from(["vx", "run", "-e", "A=x#y", "--", "sh", "-c", "echo $A"]).unwrap();
        let Command::Run(run) = cli.command else {
            panic!("expected run")
        };
        assert_eq!(run.env, ["A=x#y"]);
        assert_eq!(run.command, ["sh", "-c", "echo $A"]);
    }

    #[test]
    fn no_token_flag_exists() {
        assert!(Cli::try_parse_from(["vx", "--token", "x", "read", "a#b"]).is_err());
    }
}
