//! `--token-cache FILE`: the token of one login reused by later runs, such as the
//! steps of one CI pipeline, while it stays valid for at least `--token-min-ttl`.
//!
//! Runs that start together must not all log in: a lock file beside the cache
//! (`FILE.lock`) is held from reading the cache to writing a new token, so the
//! first run logs in and the others find its token. The cache is replaced
//! atomically (a temporary file renamed over it) and created 0600. It records the
//! server and namespace it belongs to: a token is never sent to another server.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use nix::fcntl::{Flock, FlockArg};
use serde::{Deserialize, Serialize};

use crate::auth::{self, TokenInfo};
use crate::client::Client;
use crate::exit::Failure;
use crate::secret::Secret;
use crate::settings::{Settings, TokenCache};

/// How long a run waits for another run's login before giving up.
const LOCK_WAIT: Duration = Duration::from_secs(30);

const FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Entry {
    vx_token_cache: u32,
    address: String,
    namespace: Option<String>,
    /// Who logged in: a run with another method, mount, role or user must not
    /// borrow this token's rights.
    login: String,
    token: String,
}

/// Sets `client`'s token from the cache when it is still good enough, else logs in
/// and caches the new token.
pub async fn authenticate(
    client: &mut Client,
    settings: &Settings,
    cache: &TokenCache,
) -> Result<Option<TokenInfo>> {
    if !settings.auth.can_login() {
        return Err(Failure::new("--token-cache needs a login method")
            .hint("a given token needs no cache; use --auth approle, jwt, kubernetes, cert, userpass or ldap")
            .into());
    }
    let _lock = lock(&cache.path).await?;
    if let Some(token) = read(&cache.path, settings)? {
        client.set_token(
            token,
            format!("token from the cache `{}`", cache.path.display()),
        );
        match auth::lookup_self(client).await {
            Ok(info) if info.ttl.is_zero() || info.ttl >= cache.min_ttl => {
                tracing::info!("using the cached token ({}s left)", info.ttl.as_secs());
                return Ok(Some(info));
            }
            Ok(info) => tracing::info!(
                "the cached token has {}s left: logging in",
                info.ttl.as_secs()
            ),
            Err(error) => tracing::info!("the cached token is not usable ({error:#}): logging in"),
        }
    }
    let info = auth::authenticate(client, &settings.auth).await?;
    let token = client.token().context("no token after logging in")?;
    write(&cache.path, settings, token)?;
    Ok(info)
}

async fn lock(cache: &Path) -> Result<Flock<File>> {
    let path = cache.with_file_name(format!(
        "{}.lock",
        cache
            .file_name()
            .map(|name| name.to_string_lossy())
            .unwrap_or_default()
    ));
    let mut file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .open(&path)
        .map_err(|error| {
            Failure::new(format!(
                "cannot open the token cache lock `{}`: {error}",
                path.display()
            ))
        })?;
    let deadline = Instant::now() + LOCK_WAIT;
    loop {
        match Flock::lock(file, FlockArg::LockExclusiveNonblock) {
            Ok(lock) => return Ok(lock),
            Err((returned, _)) if Instant::now() < deadline => {
                file = returned;
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            Err(_) => {
                return Err(Failure::new(format!(
                    "another run held the token cache lock `{}` for {LOCK_WAIT:?}",
                    path.display()
                ))
                .into());
            }
        }
    }
}

/// The cached token, if the file exists and belongs to this server.
fn read(path: &Path, settings: &Settings) -> Result<Option<Secret>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => {
            return Err(Failure::new(format!(
                "cannot read the token cache `{}`: {error}",
                path.display()
            ))
            .into());
        }
    };
    // An empty file is a cache not yet written (`mktemp` makes one).
    if text.trim().is_empty() {
        return Ok(None);
    }
    let entry: Entry = serde_json::from_str(&text)
        .ok()
        .filter(|entry: &Entry| entry.vx_token_cache == FORMAT)
        .ok_or_else(|| {
            Failure::new(format!("`{}` is not a vx token cache", path.display()))
                .hint("remove it, or point --token-cache at a file of vx's own")
        })?;
    let address = settings.address.value.as_str();
    let namespace = settings.namespace.as_ref().map(|n| n.value.clone());
    if entry.address != address || entry.namespace != namespace {
        let place = |address: &str, namespace: &Option<String>| match namespace {
            Some(namespace) => format!("`{address}` namespace `{namespace}`"),
            None => format!("`{address}`"),
        };
        return Err(Failure::new(format!(
            "the token cache `{}` belongs to {}, not {}",
            path.display(),
            place(&entry.address, &entry.namespace),
            place(address, &namespace)
        ))
        .hint("use one cache file per server and namespace")
        .into());
    }
    if entry.login != identity(settings) {
        tracing::info!(
            "the cached token is another login's ({}): logging in",
            entry.login
        );
        return Ok(None);
    }
    Ok(Some(Secret::new(entry.token)))
}

fn write(path: &Path, settings: &Settings, token: &Secret) -> Result<()> {
    let entry = Entry {
        vx_token_cache: FORMAT,
        address: settings.address.value.as_str().to_owned(),
        namespace: settings.namespace.as_ref().map(|n| n.value.clone()),
        login: identity(settings),
        token: token.expose().to_owned(),
    };
    let text = serde_json::to_string(&entry).context("cannot encode the token cache")?;
    write_atomically(path, text.as_bytes(), 0o600)
        .with_context(|| format!("cannot write the token cache `{}`", path.display()))
}

/// "userpass at auth/userpass as alice": the method, the mount and who, never
/// a credential itself.
fn identity(settings: &Settings) -> String {
    use crate::settings::Auth;
    match &settings.auth {
        Auth::Token(_) => "token".to_owned(),
        Auth::AppRole { mount, role_id, .. } => {
            let who = role_id
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            format!("approle at auth/{mount} with the role id from {who}")
        }
        Auth::Jwt {
            method,
            mount,
            role,
            ..
        }
        | Auth::Password {
            method,
            mount,
            username: role,
            ..
        } => {
            format!(
                "{} at auth/{mount} as {}",
                method.name(),
                role.as_deref().unwrap_or("the default role")
            )
        }
        Auth::Cert { mount, role } => {
            format!(
                "certificate at auth/{mount} as {}",
                role.as_deref().unwrap_or("any role")
            )
        }
    }
}

/// Writes `contents` to `path` through a temporary file in the same directory,
/// renamed over it, so that a reader sees the old file or the new one, never half.
pub fn write_atomically(path: &Path, contents: &[u8], mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    // tempfile creates the file 0600; the mode is set before any byte is written.
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.as_file()
        .set_permissions(std::fs::Permissions::from_mode(mode))?;
    file.write_all(contents)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|error| error.error)?;
    Ok(())
}
