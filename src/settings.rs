//! Settings: the flags, then `BAO_*`/`VAULT_*`/`VX_*` environment variables, then
//! defaults, each value remembering where it came from so an error can say "address
//! from VAULT_ADDR" instead of leaving the user to guess.
//!
//! A `BAO_X` that is set wins over `VAULT_X`, as in OpenBao. A variable set to the
//! empty string counts as unset. Credentials are not read here: this module only
//! records where they are to be found; `auth` reads them.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use reqwest::Url;

use crate::cli::{AuthMethod, GlobalArgs};
use crate::exit::Failure;

const DEFAULT_ADDRESS: &str = "https://127.0.0.1:8200";
const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_DEADLINE: Duration = Duration::from_secs(30);
const DEFAULT_MAX_RETRIES: u32 = 2;
const DEFAULT_TOKEN_MIN_TTL: Duration = Duration::from_secs(60);
const KUBERNETES_TOKEN_FILE: &str = "/var/run/secrets/kubernetes.io/serviceaccount/token";

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag(&'static str),
    Env(&'static str),
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Flag(name) => write!(f, "--{name}"),
            Self::Env(name) => f.write_str(name),
            Self::Default => f.write_str("the default"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced<T> {
    pub value: T,
    pub source: Source,
}

/// Where a credential is read from. The value itself is read by `auth`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// An environment variable holds the credential itself.
    Env(String),
    /// A file holds it; `source` says who named the file.
    File { path: PathBuf, source: Source },
}

impl fmt::Display for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Env(name) => f.write_str(name),
            Self::File { path, source } => write!(f, "file `{}` ({source})", path.display()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    Token(Option<Credential>),
    AppRole {
        mount: String,
        role_id: Option<Credential>,
        secret_id: Option<Credential>,
        /// The secret id is a response-wrapping token to unwrap first.
        wrapped: bool,
        /// Delete the secret id's file once read, as Vault Agent can.
        remove_file: bool,
    },
    /// JWT/OIDC and Kubernetes: a role and a signed token.
    Jwt {
        method: AuthMethod,
        mount: String,
        role: Option<String>,
        jwt: Option<Credential>,
    },
    /// TLS certificate login: the client certificate of the TLS settings.
    Cert {
        mount: String,
        role: Option<String>,
    },
    /// Userpass and LDAP.
    Password {
        method: AuthMethod,
        mount: String,
        username: Option<String>,
        /// None: ask on the terminal.
        password: Option<Credential>,
    },
}

impl Auth {
    /// Whether vx can log in again by itself when its token runs out. A token
    /// handed to vx cannot be replaced by vx.
    pub fn can_login(&self) -> bool {
        !matches!(self, Self::Token(_))
    }

    /// Environment variables that hold credentials of this method, which the
    /// command does not inherit unless asked.
    pub fn credential_vars(&self) -> Vec<String> {
        let from = |credential: &Option<Credential>| match credential {
            Some(Credential::Env(name)) => vec![name.clone()],
            _ => Vec::new(),
        };
        match self {
            Self::Jwt { jwt, .. } => from(jwt),
            _ => Vec::new(),
        }
    }
}

/// `--token-cache`: a file where a login's token is kept for the next run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenCache {
    pub path: PathBuf,
    /// A cached token with less time left than this is replaced.
    pub min_ttl: Duration,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tls {
    pub ca_cert: Option<Sourced<PathBuf>>,
    pub ca_path: Option<Sourced<PathBuf>>,
    pub client_cert: Option<Sourced<PathBuf>>,
    pub client_key: Option<Sourced<PathBuf>>,
    pub skip_verify: bool,
    pub server_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub address: Sourced<Url>,
    pub namespace: Option<Sourced<String>>,
    pub tls: Tls,
    pub request_timeout: Duration,
    pub deadline: Duration,
    pub max_retries: u32,
    pub auth: Auth,
    pub token_cache: Option<TokenCache>,
}

/// Reads one environment variable; tests pass a map instead of the process's
/// environment.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

impl Settings {
    pub fn from_process(args: &GlobalArgs) -> Result<Self, Failure> {
        let env = |name: &str| std::env::var(name).ok();
        let home = std::env::var_os("HOME").map(PathBuf::from);
        Self::load(args, &env, home)
    }

    pub fn load(args: &GlobalArgs, env: Env, home: Option<PathBuf>) -> Result<Self, Failure> {
        let lookup = Lookup { env };
        let address = lookup
            .text(&args.address, "address", &["BAO_ADDR", "VAULT_ADDR"])
            .unwrap_or(Sourced {
                value: DEFAULT_ADDRESS.to_owned(),
                source: Source::Default,
            });
        Ok(Self {
            address: parse_address(address)?,
            namespace: lookup.text(
                &args.namespace,
                "namespace",
                &["BAO_NAMESPACE", "VAULT_NAMESPACE"],
            ),
            tls: lookup.tls(args)?,
            request_timeout: lookup
                .duration(
                    &args.request_timeout,
                    "request-timeout",
                    &["VX_REQUEST_TIMEOUT"],
                )?
                .unwrap_or(DEFAULT_REQUEST_TIMEOUT),
            deadline: lookup
                .duration(&args.deadline, "deadline", &["VX_DEADLINE"])?
                .unwrap_or(DEFAULT_DEADLINE),
            max_retries: lookup.retries(&args.max_retries)?,
            auth: lookup.auth(args, home)?,
            token_cache: lookup.token_cache(args)?,
        })
    }
}

/// How a supervised command is stopped: `--kill-signal`/`VX_KILL_SIGNAL` and
/// `--kill-timeout`/`VX_KILL_TIMEOUT`, defaulting to TERM and 30 s as Vault Agent
/// and envconsul do.
pub fn stopping(
    kill_signal: &Option<String>,
    kill_timeout: &Option<String>,
    env: Env,
) -> Result<(nix::sys::signal::Signal, Duration), Failure> {
    let lookup = Lookup { env };
    let signal = match lookup.text(kill_signal, "kill-signal", &["VX_KILL_SIGNAL"]) {
        None => nix::sys::signal::Signal::SIGTERM,
        Some(sourced) => crate::signals::parse(&sourced.value).ok_or_else(|| {
            Failure::new(format!(
                "unknown signal `{}` (from {})",
                sourced.value, sourced.source
            ))
            .hint("name a signal such as TERM, INT, QUIT or HUP, or give its number")
        })?,
    };
    let timeout = lookup
        .duration(kill_timeout, "kill-timeout", &["VX_KILL_TIMEOUT"])?
        .unwrap_or(Duration::from_secs(30));
    Ok((signal, timeout))
}

struct Lookup<'a> {
    env: Env<'a>,
}

impl Lookup<'_> {
    /// The flag if given, else the first of `vars` that is set and not empty.
    fn text(
        &self,
        flag: &Option<String>,
        flag_name: &'static str,
        vars: &[&'static str],
    ) -> Option<Sourced<String>> {
        if let Some(value) = flag {
            return Some(Sourced {
                value: value.clone(),
                source: Source::Flag(flag_name),
            });
        }
        vars.iter().find_map(|&name| {
            let value = (self.env)(name).filter(|value| !value.is_empty())?;
            Some(Sourced {
                value,
                source: Source::Env(name),
            })
        })
    }

    fn path(
        &self,
        flag: &Option<PathBuf>,
        flag_name: &'static str,
        vars: &[&'static str],
    ) -> Option<Sourced<PathBuf>> {
        let flag = flag
            .as_ref()
            .map(|path| path.to_string_lossy().into_owned());
        self.text(&flag, flag_name, vars).map(|sourced| Sourced {
            value: PathBuf::from(sourced.value),
            source: sourced.source,
        })
    }

    fn duration(
        &self,
        flag: &Option<String>,
        flag_name: &'static str,
        vars: &[&'static str],
    ) -> Result<Option<Duration>, Failure> {
        let Some(sourced) = self.text(flag, flag_name, vars) else {
            return Ok(None);
        };
        parse_duration(&sourced.value).map(Some).ok_or_else(|| {
            Failure::new(format!(
                "bad duration `{}` (from {})",
                sourced.value, sourced.source
            ))
            .hint("write a duration such as `10s`, `1m30s` or `500ms`")
        })
    }

    fn retries(&self, flag: &Option<String>) -> Result<u32, Failure> {
        let vars = ["BAO_MAX_RETRIES", "VAULT_MAX_RETRIES"];
        let Some(sourced) = self.text(flag, "max-retries", &vars) else {
            return Ok(DEFAULT_MAX_RETRIES);
        };
        sourced.value.parse().map_err(|_| {
            Failure::new(format!(
                "bad retry count `{}` (from {}): expected a whole number",
                sourced.value, sourced.source
            ))
        })
    }

    fn flag(
        &self,
        flag: bool,
        flag_name: &'static str,
        vars: &[&'static str],
    ) -> Result<bool, Failure> {
        let flag = flag.then(|| "true".to_owned());
        let Some(sourced) = self.text(&flag, flag_name, vars) else {
            return Ok(false);
        };
        match sourced.value.to_ascii_lowercase().as_str() {
            "1" | "t" | "true" | "yes" | "on" => Ok(true),
            "0" | "f" | "false" | "no" | "off" => Ok(false),
            _ => Err(Failure::new(format!(
                "bad boolean `{}` (from {}): expected true or false",
                sourced.value, sourced.source
            ))),
        }
    }

    fn tls(&self, args: &GlobalArgs) -> Result<Tls, Failure> {
        Ok(Tls {
            ca_cert: self.path(&args.ca_cert, "ca-cert", &["BAO_CACERT", "VAULT_CACERT"]),
            ca_path: self.path(&args.ca_path, "ca-path", &["BAO_CAPATH", "VAULT_CAPATH"]),
            client_cert: self.path(
                &args.client_cert,
                "client-cert",
                &["BAO_CLIENT_CERT", "VAULT_CLIENT_CERT"],
            ),
            client_key: self.path(
                &args.client_key,
                "client-key",
                &["BAO_CLIENT_KEY", "VAULT_CLIENT_KEY"],
            ),
            skip_verify: self.flag(
                args.tls_skip_verify,
                "tls-skip-verify",
                &["BAO_SKIP_VERIFY", "VAULT_SKIP_VERIFY"],
            )?,
            server_name: self
                .text(
                    &args.tls_server_name,
                    "tls-server-name",
                    &["BAO_TLS_SERVER_NAME", "VAULT_TLS_SERVER_NAME"],
                )
                .map(|sourced| sourced.value),
        })
    }

    fn auth(&self, args: &GlobalArgs, home: Option<PathBuf>) -> Result<Auth, Failure> {
        let method = match (args.auth, self.text(&None, "auth", &["VX_AUTH"])) {
            (Some(method), _) => method,
            (None, None) => AuthMethod::Token,
            (None, Some(sourced)) => parse_method(&sourced)?,
        };
        let mount = self
            .text(&args.auth_mount, "auth-mount", &["VX_AUTH_MOUNT"])
            .map(|sourced| sourced.value.trim_matches('/').to_owned())
            .unwrap_or_else(|| method.default_mount().to_owned());
        let role = self.text(&args.role, "role", &["VX_ROLE"]).map(|s| s.value);
        Ok(match method {
            AuthMethod::Token => Auth::Token(self.token(args, home)),
            AuthMethod::Approle => Auth::AppRole {
                mount,
                role_id: self.credential(
                    &args.role_id_file,
                    "role-id-file",
                    ["VX_ROLE_ID_FILE", "VX_ROLE_ID"],
                ),
                secret_id: self.credential(
                    &args.secret_id_file,
                    "secret-id-file",
                    ["VX_SECRET_ID_FILE", "VX_SECRET_ID"],
                ),
                wrapped: self.flag(
                    args.secret_id_wrapped,
                    "secret-id-wrapped",
                    &["VX_SECRET_ID_WRAPPED"],
                )?,
                remove_file: self.flag(
                    args.remove_secret_id_file,
                    "remove-secret-id-file",
                    &["VX_REMOVE_SECRET_ID_FILE"],
                )?,
            },
            AuthMethod::Jwt => Auth::Jwt {
                method,
                mount,
                role,
                jwt: self.jwt(args),
            },
            AuthMethod::Kubernetes => {
                let file = self
                    .path(
                        &args.k8s_token_file,
                        "k8s-token-file",
                        &["VX_K8S_TOKEN_FILE"],
                    )
                    .unwrap_or(Sourced {
                        value: PathBuf::from(KUBERNETES_TOKEN_FILE),
                        source: Source::Default,
                    });
                Auth::Jwt {
                    method,
                    mount,
                    role,
                    jwt: Some(Credential::File {
                        path: file.value,
                        source: file.source,
                    }),
                }
            }
            AuthMethod::Cert => Auth::Cert { mount, role },
            AuthMethod::Userpass | AuthMethod::Ldap => Auth::Password {
                method,
                mount,
                username: self
                    .text(&args.username, "username", &["VX_USERNAME"])
                    .map(|s| s.value),
                password: self.credential(
                    &args.password_file,
                    "password-file",
                    ["VX_PASSWORD_FILE", "VX_PASSWORD"],
                ),
            },
        })
    }

    /// `--jwt-file` or `VX_JWT_FILE`, else the variable `--jwt-env` or
    /// `VX_JWT_ENV` names (a CI system's identity token).
    fn jwt(&self, args: &GlobalArgs) -> Option<Credential> {
        if let Some(file) = self.path(&args.jwt_file, "jwt-file", &["VX_JWT_FILE"]) {
            return Some(Credential::File {
                path: file.value,
                source: file.source,
            });
        }
        self.text(&args.jwt_env, "jwt-env", &["VX_JWT_ENV"])
            .map(|name| Credential::Env(name.value))
    }

    fn token_cache(&self, args: &GlobalArgs) -> Result<Option<TokenCache>, Failure> {
        let Some(path) = self.path(&args.token_cache, "token-cache", &["VX_TOKEN_CACHE"]) else {
            return Ok(None);
        };
        let min_ttl = self
            .duration(&args.token_min_ttl, "token-min-ttl", &["VX_TOKEN_MIN_TTL"])?
            .unwrap_or(DEFAULT_TOKEN_MIN_TTL);
        Ok(Some(TokenCache {
            path: path.value,
            min_ttl,
        }))
    }

    /// `--token-file`, `VX_TOKEN_FILE`, `BAO_TOKEN`, `VAULT_TOKEN`, then
    /// `~/.vault-token` when it exists, as the Vault CLI does.
    fn token(&self, args: &GlobalArgs, home: Option<PathBuf>) -> Option<Credential> {
        if let Some(file) = self.path(&args.token_file, "token-file", &["VX_TOKEN_FILE"]) {
            return Some(Credential::File {
                path: file.value,
                source: file.source,
            });
        }
        for name in ["BAO_TOKEN", "VAULT_TOKEN"] {
            if (self.env)(name).is_some_and(|value| !value.is_empty()) {
                return Some(Credential::Env(name.to_owned()));
            }
        }
        let helper_file = home?.join(".vault-token");
        helper_file.is_file().then_some(Credential::File {
            path: helper_file,
            source: Source::Default,
        })
    }

    /// A credential from `--X-file`, `VX_X_FILE`, or the value itself in `VX_X`.
    fn credential(
        &self,
        flag: &Option<PathBuf>,
        flag_name: &'static str,
        [file_var, var]: [&'static str; 2],
    ) -> Option<Credential> {
        if let Some(file) = self.path(flag, flag_name, &[file_var]) {
            return Some(Credential::File {
                path: file.value,
                source: file.source,
            });
        }
        (self.env)(var)
            .filter(|value| !value.is_empty())
            .map(|_| Credential::Env(var.to_owned()))
    }
}

fn parse_method(sourced: &Sourced<String>) -> Result<AuthMethod, Failure> {
    use clap::ValueEnum;
    AuthMethod::from_str(&sourced.value, true).map_err(|_| {
        Failure::new(format!(
            "unknown auth method `{}` (from {})",
            sourced.value, sourced.source
        ))
        .hint("use token, approle, jwt, kubernetes, cert, userpass or ldap")
    })
}

fn parse_address(sourced: Sourced<String>) -> Result<Sourced<Url>, Failure> {
    let text = sourced.value.trim();
    register_password(text);
    let bad = |reason: &str| {
        Failure::new(format!(
            "bad server address `{text}` (from {}): {reason}",
            sourced.source
        ))
    };
    let rest = text.split_once("://").map_or(text, |(_, rest)| rest);
    let hint = format!("write `https://{rest}`, or `http://{rest}` for a dev server");
    let url = Url::parse(text).map_err(|error| match error {
        url::ParseError::RelativeUrlWithoutBase => {
            bad("the scheme (http:// or https://) is missing").hint(&hint)
        }
        other => bad(&other.to_string()).hint(&hint),
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(bad("the scheme must be http:// or https://").hint(hint));
    }
    Ok(Sourced {
        value: url,
        source: sourced.source,
    })
}

/// An address may carry `user:password@`: the password is kept out of every
/// message, even when the address does not parse.
fn register_password(address: &str) {
    let authority = address.split_once("://").map_or(address, |(_, rest)| rest);
    let authority = authority.split(['/', '?', '#']).next().unwrap_or(authority);
    if let Some((userinfo, _)) = authority.rsplit_once('@')
        && let Some((_, password)) = userinfo.split_once(':')
    {
        crate::redact::register(password);
    }
}

/// Accepts `humantime` durations (`10s`, `1m30s`) and bare seconds, as
/// `VAULT_CLIENT_TIMEOUT` takes them.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let duration = match text.parse::<u64>() {
        Ok(seconds) => Duration::from_secs(seconds),
        Err(_) => humantime::parse_duration(text).ok()?,
    };
    // Added to an `Instant`, a longer one overflows; no timeout needs a decade.
    (duration <= MAX_DURATION).then_some(duration)
}

const MAX_DURATION: Duration = Duration::from_secs(10 * 365 * 24 * 3600);

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use clap::Parser;

    use super::*;
    use crate::cli::Cli;

    fn load(argv: &[&str], vars: &[(&str, &str)]) -> Result<Settings, Failure> {
        let mut full = vec!["vx"];
        full.extend_from_slice(argv);
        full.extend_from_slice(&["read", "a#b"]);
        let cli = Cli::try_parse_from(full).unwrap();
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let env = move |name: &str| vars.get(name).cloned();
        Settings::load(&cli.global, &env, None)
    }

    #[test]
    fn flag_beats_bao_beats_vault_beats_default() {
        let vars = [
            ("BAO_ADDR", "http://bao:1"),
            ("VAULT_ADDR", "http://vault:2"),
        ];
        let flagged = load(&["--address", "http://flag:3"], &vars).unwrap();
        assert_eq!(flagged.address.value.as_str(), "http://flag:3/");
        assert_eq!(flagged.address.source, Source::Flag("address"));

        let bao = load(&[], &vars).unwrap();
        assert_eq!(bao.address.value.as_str(), "http://bao:1/");
        assert_eq!(bao.address.source, Source::Env("BAO_ADDR"));

        let vault = load(&[], &[("BAO_ADDR", ""), ("VAULT_ADDR", "http://vault:2")]).unwrap();
        assert_eq!(vault.address.source, Source::Env("VAULT_ADDR"));

        let default = load(&[], &[]).unwrap();
        assert_eq!(default.address.value.as_str(), "https://127.0.0.1:8200/");
        assert_eq!(default.address.source, Source::Default);
    }

    #[test]
    fn address_without_scheme_is_rejected_with_a_hint() {
        for text in ["127.0.0.1:8200", "localhost:8200", "ftp://host:1"] {
            let error = load(&[], &[("VAULT_ADDR", text)]).unwrap_err();
            assert!(
                error
                    .to_string()
                    .starts_with(&format!("bad server address `{text}` (from VAULT_ADDR)")),
                "{error}"
            );
            assert!(crate::exit::render(&error.into()).contains("hint: write `https://"));
        }
    }

    #[test]
    fn token_sources_in_order() {
        let both = [("BAO_TOKEN", "b"), ("VAULT_TOKEN", "v")];
        assert_eq!(
            load(&[], &both).unwrap().auth,
            Auth::Token(Some(Credential::Env("BAO_TOKEN".into())))
        );
        let file = load(&["--token-file", "/t"], &both).unwrap();
        assert_eq!(
            file.auth,
            Auth::Token(Some(Credential::File {
                path: "/t".into(),
                source: Source::Flag("token-file")
            }))
        );
        assert_eq!(load(&[], &[]).unwrap().auth, Auth::Token(None));
    }

    #[test]
    fn approle_credentials_from_files_or_env() {
        let settings = load(
            &["--auth", "approle", "--secret-id-file", "/s"],
            &[("VX_ROLE_ID", "r"), ("VX_SECRET_ID", "ignored")],
        )
        .unwrap();
        assert_eq!(
            settings.auth,
            Auth::AppRole {
                mount: "approle".into(),
                role_id: Some(Credential::Env("VX_ROLE_ID".into())),
                secret_id: Some(Credential::File {
                    path: "/s".into(),
                    source: Source::Flag("secret-id-file")
                }),
                wrapped: false,
                remove_file: false,
            }
        );
        let env = load(&[], &[("VX_AUTH", "AppRole"), ("VX_AUTH_MOUNT", "/ci/")]).unwrap();
        assert!(matches!(env.auth, Auth::AppRole { ref mount, .. } if mount == "ci"));
        assert!(load(&[], &[("VX_AUTH", "magic")]).is_err());
    }

    #[test]
    fn login_methods_and_their_defaults() {
        let k8s = load(&["--auth", "kubernetes", "--role", "app"], &[]).unwrap();
        assert_eq!(
            k8s.auth,
            Auth::Jwt {
                method: AuthMethod::Kubernetes,
                mount: "kubernetes".into(),
                role: Some("app".into()),
                jwt: Some(Credential::File {
                    path: KUBERNETES_TOKEN_FILE.into(),
                    source: Source::Default
                }),
            }
        );
        let jwt = load(
            &["--auth", "jwt"],
            &[("VX_JWT_ENV", "CI_JOB_JWT"), ("VX_ROLE", "ci")],
        )
        .unwrap();
        assert_eq!(jwt.auth.credential_vars(), ["CI_JOB_JWT"]);
        let ldap = load(
            &["--auth", "ldap", "--username", "ann"],
            &[("VX_PASSWORD", "pw")],
        )
        .unwrap();
        assert_eq!(
            ldap.auth,
            Auth::Password {
                method: AuthMethod::Ldap,
                mount: "ldap".into(),
                username: Some("ann".into()),
                password: Some(Credential::Env("VX_PASSWORD".into())),
            }
        );
        let cache = load(&["--token-cache", "/c"], &[("VX_TOKEN_MIN_TTL", "5m")]).unwrap();
        assert_eq!(
            cache.token_cache,
            Some(TokenCache {
                path: "/c".into(),
                min_ttl: Duration::from_secs(300)
            })
        );
    }

    #[test]
    fn stopping_settings() {
        use nix::sys::signal::Signal;
        let none = |_: &str| None;
        assert_eq!(
            stopping(&None, &None, &none).unwrap(),
            (Signal::SIGTERM, Duration::from_secs(30))
        );
        let env = |name: &str| (name == "VX_KILL_SIGNAL").then(|| "INT".to_owned());
        let (signal, timeout) = stopping(&Some("QUIT".into()), &Some("2s".into()), &env).unwrap();
        assert_eq!((signal, timeout), (Signal::SIGQUIT, Duration::from_secs(2)));
        assert_eq!(stopping(&None, &None, &env).unwrap().0, Signal::SIGINT);
        let error = stopping(&Some("NOPE".into()), &None, &none).unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown signal `NOPE` (from --kill-signal)"
        );
    }

    #[test]
    fn durations_booleans_and_retries() {
        let settings = load(
            &["--request-timeout", "1500ms"],
            &[
                ("VX_DEADLINE", "5"),
                ("VAULT_SKIP_VERIFY", "true"),
                ("VAULT_MAX_RETRIES", "0"),
            ],
        )
        .unwrap();
        assert_eq!(settings.request_timeout, Duration::from_millis(1500));
        assert_eq!(settings.deadline, Duration::from_secs(5));
        assert!(settings.tls.skip_verify);
        assert_eq!(settings.max_retries, 0);
        let error = load(&[], &[("VX_DEADLINE", "soon")]).unwrap_err();
        assert_eq!(error.to_string(), "bad duration `soon` (from VX_DEADLINE)");
        assert!(load(&[], &[("VAULT_SKIP_VERIFY", "maybe")]).is_err());
    }
}
