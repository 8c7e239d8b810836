//! Getting a token: reading it from where the settings say, or logging in with
//! AppRole. Credentials are read here and nowhere else, into `Secret`s.
//!
//! A token is not checked with a lookup before use: that would cost a round trip on
//! every run, and a bad token shows up anyway as a 403 on the first read, whose
//! message names where the token came from.

use std::time::Duration;

use anyhow::{Context, Result};
use serde_json::{Value, json};

use crate::client::Client;
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

/// Whether `auth` can log in again by itself when its token runs out. A token
/// handed to vx cannot be replaced by vx.
pub fn can_login(auth: &Auth) -> bool {
    matches!(auth, Auth::AppRole { .. })
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
            .hint("set VAULT_TOKEN or BAO_TOKEN, pass --token-file, or use --auth approle")
            .into()),
        Auth::AppRole {
            mount,
            role_id,
            secret_id,
        } => approle(client, mount, role_id.as_ref(), secret_id.as_ref())
            .await
            .map(Some),
    }
}

/// The TTL and renewability of the current token, from `lookup-self`.
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

async fn approle(
    client: &mut Client,
    mount: &str,
    role_id: Option<&Credential>,
    secret_id: Option<&Credential>,
) -> Result<TokenInfo> {
    let Some(role_id_source) = role_id else {
        return Err(Failure::new("AppRole login needs a role id")
            .hint("pass --role-id-file FILE, or set VX_ROLE_ID or VX_ROLE_ID_FILE")
            .into());
    };
    let mut body = json!({ "role_id": read(role_id_source, "role id")?.into_exposed() });
    if let Some(source) = secret_id {
        body["secret_id"] = Value::String(read(source, "secret id")?.into_exposed());
    }
    let path = format!("auth/{mount}/login");
    let answer = client
        .post(&path, &body)
        .await
        .with_context(|| format!("logging in with AppRole at `{path}`"))?;
    if !answer.is_success() {
        let sources = match secret_id {
            Some(secret) => format!("role id from {role_id_source}, secret id from {secret}"),
            None => format!("role id from {role_id_source}, no secret id"),
        };
        return Err(Failure::new(format!(
            "AppRole login at `{path}` failed: {}",
            answer.describe()
        ))
        .hint(format!(
            "check the role id and secret id ({sources}) and the mount (--auth-mount)"
        ))
        .into());
    }
    let token = answer
        .body
        .pointer("/auth/client_token")
        .and_then(Value::as_str)
        .ok_or_else(|| Failure::new(format!("the answer to `{path}` holds no token")))?;
    let info = TokenInfo {
        ttl: Duration::from_secs(answer.body["auth"]["lease_duration"].as_u64().unwrap_or(0)),
        renewable: answer.body["auth"]["renewable"].as_bool().unwrap_or(false),
    };
    tracing::info!(
        "logged in with AppRole at {path} (token ttl {}s)",
        info.ttl.as_secs()
    );
    client.set_token(
        Secret::new(token),
        format!("token from AppRole login at {path}"),
    );
    Ok(info)
}

/// Reads a credential; a file's content is trimmed of surrounding white space, as
/// editors and `echo` add a final newline.
fn read(credential: &Credential, what: &str) -> Result<Secret> {
    let value = match credential {
        Credential::Env(name) => std::env::var(name).unwrap_or_default(),
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
