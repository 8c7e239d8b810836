//! Getting a token: reading it from where the settings say, or logging in with
//! AppRole, JWT/OIDC, Kubernetes, a TLS certificate, userpass or LDAP.
//! Credentials are read here and nowhere else, into `Secret`s, and never appear
//! in a message: errors name where a credential came from, not what it was.
//!
//! A given token is not checked with a lookup before use: that would cost a round
//! trip on every run, and a bad token shows up anyway as a 403 on the first read,
//! whose message names where the token came from.

use std::io::IsTerminal;
use std::time::Duration;

use anyhow::{Context, Result};
use serde_json::{Map, Value, json};

use crate::cli::AuthMethod;
use crate::client::{As, Client, Extra};
use crate::exit::Failure;
use crate::secret::Secret;
use crate::settings::{Auth, Credential};

/// What a login answer says of the token it issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenInfo {
    /// Zero for a token that never expires.
    pub ttl: Duration,
    pub renewable: bool,
}

/// A token a login produced, or the wrapping token standing for it.
pub struct Login {
    pub token: Secret,
    pub info: TokenInfo,
    /// "token from AppRole login at auth/approle/login", for messages.
    pub source: String,
}

/// Sets `client`'s token according to `auth`, logging in if the method needs it.
/// Returns what a login said of the token; a given token says nothing.
pub async fn authenticate(client: &mut Client, auth: &Auth) -> Result<Option<TokenInfo>> {
    match auth {
        Auth::Token(Some(credential)) => {
            let token = read(credential, "token")?;
            client.set_token(token, format!("token from {credential}"));
            Ok(None)
        }
        Auth::Token(None) => Err(Failure::new("no token to authenticate with")
            .hint("set VAULT_TOKEN or BAO_TOKEN, pass --token-file, or log in with --auth")
            .into()),
        _ => {
            let login = login(client, auth, None).await?;
            let info = login.info;
            client.set_token(login.token, login.source);
            Ok(Some(info))
        }
    }
}

/// Logs in with `auth`, which must be a login method. With `wrap_ttl` the server
/// wraps its answer and the token returned is the wrapping token.
pub async fn login(client: &Client, auth: &Auth, wrap_ttl: Option<Duration>) -> Result<Login> {
    let request = build(client, auth).await?;
    let extra = Extra {
        token: As::Anonymous,
        wrap_ttl,
    };
    let answer = client
        .post_with(&request.path, &Value::Object(request.body), &extra)
        .await
        .with_context(|| format!("logging in with {}", request.describe))?;
    if !answer.is_success() {
        return Err(Failure::new(format!(
            "{} failed: {}",
            request.describe,
            answer.describe()
        ))
        .hint(request.hint)
        .into());
    }
    let (token, ttl, renewable) = match wrap_ttl {
        Some(_) => (
            answer.body.pointer("/wrap_info/token"),
            answer.body.pointer("/wrap_info/ttl"),
            None,
        ),
        None => (
            answer.body.pointer("/auth/client_token"),
            answer.body.pointer("/auth/lease_duration"),
            answer.body.pointer("/auth/renewable"),
        ),
    };
    let token = token.and_then(Value::as_str).ok_or_else(|| {
        Failure::new(format!("the answer to {} holds no token", request.describe))
    })?;
    let info = TokenInfo {
        ttl: Duration::from_secs(ttl.and_then(Value::as_u64).unwrap_or(0)),
        renewable: renewable.and_then(Value::as_bool).unwrap_or(false),
    };
    tracing::info!(
        "{} succeeded (token ttl {}s)",
        request.describe,
        info.ttl.as_secs()
    );
    Ok(Login {
        token: Secret::new(token),
        info,
        source: format!("token from {}", request.describe),
    })
}

/// The TTL and renewability of the client's token, from `lookup-self`.
pub async fn lookup_self(client: &Client) -> Result<TokenInfo> {
    let answer = client.get("auth/token/lookup-self").await?;
    if !answer.is_success() {
        return Err(Failure::new(format!(
            "cannot look up the {}: {}",
            client.token_source(),
            answer.describe()
        ))
        .into());
    }
    Ok(TokenInfo {
        ttl: Duration::from_secs(answer.body["data"]["ttl"].as_u64().unwrap_or(0)),
        renewable: answer.body["data"]["renewable"].as_bool().unwrap_or(false),
    })
}

/// One login request, with what to say when it fails.
struct Request {
    path: String,
    body: Map<String, Value>,
    /// "AppRole login at `auth/approle/login`", with the role when there is one.
    describe: String,
    hint: String,
}

async fn build(client: &Client, auth: &Auth) -> Result<Request> {
    match auth {
        Auth::Token(_) => unreachable!("a token is not a login"),
        Auth::AppRole {
            mount,
            role_id,
            secret_id,
            wrapped,
            remove_file,
        } => {
            approle(
                client,
                mount,
                role_id.as_ref(),
                secret_id.as_ref(),
                *wrapped,
                *remove_file,
            )
            .await
        }
        Auth::Jwt {
            method,
            mount,
            role,
            jwt,
        } => jwt_request(*method, mount, role.as_deref(), jwt.as_ref()),
        Auth::Cert { mount, role } => Ok(cert(client, mount, role.as_deref())),
        Auth::Password {
            method,
            mount,
            username,
            password,
        } => password_request(*method, mount, username.as_deref(), password.as_ref()),
    }
}

async fn approle(
    client: &Client,
    mount: &str,
    role_id: Option<&Credential>,
    secret_id: Option<&Credential>,
    wrapped: bool,
    remove_file: bool,
) -> Result<Request> {
    let Some(role_id_source) = role_id else {
        return Err(Failure::new("AppRole login needs a role id")
            .hint("pass --role-id-file FILE, or set VX_ROLE_ID or VX_ROLE_ID_FILE")
            .into());
    };
    let mut body = Map::new();
    body.insert(
        "role_id".into(),
        read(role_id_source, "role id")?.into_exposed().into(),
    );
    let sources = match secret_id {
        Some(source) => {
            let secret = secret_id_once(client, source, wrapped, remove_file).await?;
            body.insert("secret_id".into(), secret.into_exposed().into());
            format!("role id from {role_id_source}, secret id from {source}")
        }
        None => format!("role id from {role_id_source}, no secret id"),
    };
    let path = format!("auth/{mount}/login");
    Ok(Request {
        describe: format!("AppRole login at `{path}`"),
        hint: format!("check the role id and secret id ({sources}) and the mount (--auth-mount)"),
        path,
        body,
    })
}

/// The secret id read (and unwrapped) by the first login. A removed file or a
/// used wrapping token cannot give it again, and `--watch` logs in again when the
/// token runs out: like Vault Agent, vx keeps it in memory for those logins.
static SECRET_ID: std::sync::Mutex<Option<Secret>> = std::sync::Mutex::new(None);

async fn secret_id_once(
    client: &Client,
    source: &Credential,
    wrapped: bool,
    remove_file: bool,
) -> Result<Secret> {
    let single_use = wrapped || remove_file;
    let kept = SECRET_ID
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    if let Some(secret) = kept.filter(|_| single_use) {
        return Ok(secret);
    }
    let mut secret = read(source, "secret id")?;
    if remove_file && let Credential::File { path, .. } = source {
        std::fs::remove_file(path)
            .with_context(|| format!("cannot remove the secret id file `{}`", path.display()))?;
    }
    if wrapped {
        secret = unwrap_secret_id(client, &secret, source).await?;
    }
    if single_use {
        *SECRET_ID
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(secret.clone());
    }
    Ok(secret)
}

/// A response-wrapped secret id, as a CI system or an orchestrator hands it out:
/// a single-use token whose wrapped answer holds the secret id.
async fn unwrap_secret_id(
    client: &Client,
    wrapping: &Secret,
    source: &Credential,
) -> Result<Secret> {
    let extra = Extra {
        token: As::Token(wrapping),
        wrap_ttl: None,
    };
    let answer = client
        .post_with("sys/wrapping/unwrap", &json!({}), &extra)
        .await
        .context("unwrapping the secret id")?;
    if !answer.is_success() {
        return Err(Failure::new(format!(
            "cannot unwrap the secret id from {source}: {}",
            answer.describe()
        ))
        .hint("a wrapping token works once and expires; ask for a new wrapped secret id")
        .into());
    }
    let secret_id = answer
        .body
        .pointer("/data/secret_id")
        .and_then(Value::as_str);
    let secret_id = secret_id.ok_or_else(|| {
        Failure::new(format!(
            "the wrapped answer from {source} holds no secret id"
        ))
    })?;
    Ok(Secret::new(secret_id))
}

fn jwt_request(
    method: AuthMethod,
    mount: &str,
    role: Option<&str>,
    jwt: Option<&Credential>,
) -> Result<Request> {
    let Some(source) = jwt else {
        return Err(Failure::new("JWT login needs a token")
            .hint("pass --jwt-file FILE or --jwt-env NAME (a CI job's identity token)")
            .into());
    };
    if method == AuthMethod::Kubernetes && role.is_none() {
        return Err(Failure::new("Kubernetes login needs a role")
            .hint("pass --role ROLE or set VX_ROLE")
            .into());
    }
    let mut body = Map::new();
    body.insert("jwt".into(), read(source, "token")?.into_exposed().into());
    if let Some(role) = role {
        body.insert("role".into(), role.into());
    }
    let path = format!("auth/{mount}/login");
    let hint = match method {
        AuthMethod::Kubernetes => format!(
            "check the role's bound service account names and namespaces, and the token (from {source})"
        ),
        _ => format!(
            "check the role's bound claims (audience, subject, issuer) and the token (from {source})"
        ),
    };
    Ok(Request {
        describe: describe(method, &path, role),
        hint,
        path,
        body,
    })
}

fn cert(client: &Client, mount: &str, role: Option<&str>) -> Request {
    let mut body = Map::new();
    if let Some(role) = role {
        body.insert("name".into(), role.into());
    }
    let path = format!("auth/{mount}/login");
    let hint = if client.has_client_certificate() {
        "check that the role trusts the client certificate (VAULT_CLIENT_CERT, --client-cert)"
    } else {
        "set VAULT_CLIENT_CERT and VAULT_CLIENT_KEY (or --client-cert and --client-key)"
    };
    Request {
        describe: describe(AuthMethod::Cert, &path, role),
        hint: hint.to_owned(),
        path,
        body,
    }
}

fn password_request(
    method: AuthMethod,
    mount: &str,
    username: Option<&str>,
    password: Option<&Credential>,
) -> Result<Request> {
    let Some(username) = username else {
        return Err(
            Failure::new(format!("{} login needs a username", method.name()))
                .hint("pass --username NAME or set VX_USERNAME")
                .into(),
        );
    };
    let (password, from) = match password {
        Some(source) => (read(source, "password")?, source.to_string()),
        None => (prompt_password(username)?, "the terminal".to_owned()),
    };
    let mut body = Map::new();
    body.insert("password".into(), password.into_exposed().into());
    let path = format!("auth/{mount}/login/{username}");
    Ok(Request {
        describe: format!("{} login at `{path}`", method.name()),
        hint: format!(
            "check the username, the password (from {from}) and the mount (--auth-mount)"
        ),
        path,
        body,
    })
}

/// Asks for the password on the terminal, without echo. Only on a terminal: a
/// prompt nobody can answer would hang a CI job.
fn prompt_password(username: &str) -> Result<Secret> {
    if !std::io::stdin().is_terminal() {
        return Err(Failure::new("no password to log in with")
            .hint("set VX_PASSWORD or pass --password-file; vx asks only on a terminal")
            .into());
    }
    let password = rpassword::prompt_password(format!("Password for {username}: "))
        .context("cannot read the password from the terminal")?;
    Ok(Secret::new(password))
}

fn describe(method: AuthMethod, path: &str, role: Option<&str>) -> String {
    match role {
        Some(role) => format!("{} login at `{path}` as role `{role}`", method.name()),
        None => format!("{} login at `{path}`", method.name()),
    }
}

/// Reads a credential; a file's content is trimmed of surrounding white space, as
/// editors and `echo` add a final newline.
fn read(credential: &Credential, what: &str) -> Result<Secret> {
    let value = match credential {
        Credential::Env(name) => std::env::var(name).map_err(|_| {
            Failure::new(format!(
                "the {what} should be in `{name}`, which is not set"
            ))
        })?,
        Credential::File { path, .. } => std::fs::read_to_string(path)
            .map_err(|error| {
                Failure::new(format!("cannot read the {what} from {credential}: {error}"))
            })?
            .trim()
            .to_owned(),
    };
    if value.is_empty() {
        return Err(Failure::new(format!("the {what} from {credential} is empty")).into());
    }
    Ok(Secret::new(value))
}
