//! The watcher: keeps what the command was given valid while it runs, for
//! `--watch`. It renews leases and the token, re-reads what cannot be renewed,
//! polls KV, logs in again when the token runs out, and tells the supervisor when
//! the command's environment actually changed.
//!
//! It runs on a thread of its own with the async runtime and the connection that
//! did the first resolution. The supervisor's thread sleeps in `sigtimedwait`, so
//! the watcher hands it an event through a channel and then wakes it with a
//! signal sent to vx itself (see `signals::WAKE`).
//!
//! Every task (one per path, one for the token) has its own time and its own
//! back-off: a failing path never delays a healthy one, and an outage costs a
//! bounded number of requests (see `schedule`). A Vault outage never touches the
//! command; only a credential that has really expired brings `--on-expiry` into
//! play.

use std::collections::HashMap;
use std::ffi::OsString;
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use anyhow::Result;
use serde_json::json;
use tokio::runtime::Runtime;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

use crate::assignment::Assignment;
use crate::auth::{self, TokenInfo};
use crate::childenv;
use crate::evaluate::{self, Vault};
use crate::reference::SecretPath;
use crate::resolve::{Freshness, Lease};
use crate::schedule::{self, random_unit};
use crate::secret::Secret;
use crate::signals;

/// What the watcher tells the supervisor.
#[derive(Debug)]
pub enum Event {
    /// The command's environment changed. `expired` says the old values had
    /// expired, so the command needs the new ones whatever `--on-change` says.
    Changed {
        env: Vec<(OsString, OsString)>,
        expired: bool,
    },
    /// A credential the command holds has expired and could not be replaced.
    Expired,
}

pub struct Options {
    pub poll_interval: Duration,
}

/// Everything the watcher needs to rebuild the command's environment.
pub struct Inputs {
    pub vault: Vault,
    pub assignments: Vec<Assignment>,
    pub resolved: Vec<(String, Secret)>,
    pub inherited: Vec<(OsString, OsString)>,
    pub env_options: childenv::Options,
}

/// The supervisor's handle on the watcher.
pub struct Control {
    revoke: UnboundedSender<std::sync::mpsc::Sender<()>>,
}

impl Control {
    /// Asks the watcher to revoke every lease it holds, and waits for it at most
    /// `timeout`.
    pub fn revoke(&self, timeout: Duration) {
        let (done, wait) = std::sync::mpsc::channel();
        if self.revoke.send(done).is_ok() && wait.recv_timeout(timeout).is_err() {
            tracing::warn!("revoking leases did not finish within {timeout:?}");
        }
    }
}

/// Starts the watcher thread.
pub fn start(runtime: Runtime, inputs: Inputs, options: Options, events: Sender<Event>) -> Control {
    let (revoke, requests) = tokio::sync::mpsc::unbounded_channel();
    let spawned = std::thread::Builder::new()
        .name("watch".to_owned())
        .spawn(move || runtime.block_on(watch(inputs, options, events, requests)));
    if let Err(error) = spawned {
        tracing::error!("cannot start the watcher: {error}; secrets will not be kept fresh");
    }
    Control { revoke }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Task {
    Path(SecretPath),
    Token,
}

#[derive(Debug, Clone)]
enum Action {
    Renew(Lease),
    Reread,
    Poll,
    RenewToken(TokenInfo),
    Login,
}

#[derive(Debug)]
struct Due {
    at: Instant,
    action: Action,
    failures: u32,
    /// When what the command holds from this task stops being valid.
    expires: Option<Instant>,
}

struct Watcher {
    inputs: Inputs,
    options: Options,
    events: Sender<Event>,
    due: HashMap<Task, Due>,
    /// Set when an expiry was reported, so the next change forces a restart.
    expired: bool,
}

async fn watch(
    inputs: Inputs,
    options: Options,
    events: Sender<Event>,
    mut revoke: UnboundedReceiver<std::sync::mpsc::Sender<()>>,
) {
    let mut watcher = Watcher {
        inputs,
        options,
        events,
        due: HashMap::new(),
        expired: false,
    };
    if let Err(error) = watcher.prepare().await {
        tracing::error!("cannot watch secrets: {error:#}; the command keeps its values");
        return;
    }
    loop {
        let next = watcher.next();
        // With nothing scheduled, only a revoke request can come.
        let far = Instant::now() + Duration::from_secs(86400 * 365);
        let at = next.as_ref().map_or(far, |(_, at)| *at);
        tokio::select! {
            () = tokio::time::sleep_until(at.into()) => {
                if let Some((task, _)) = next {
                    watcher.run(task).await;
                }
            }
            Some(done) = revoke.recv() => {
                watcher.revoke_all().await;
                let _ = done.send(());
            }
        }
    }
}

impl Watcher {
    /// Schedules every path that was read and the token.
    async fn prepare(&mut self) -> Result<()> {
        let login_info = self.inputs.vault.login_token_info();
        let Some(resolver) = self.inputs.vault.resolver_mut() else {
            return Ok(());
        };
        resolver.client_mut().watch_mode();
        let token = match login_info {
            Some(info) => info,
            None => auth::lookup_self(resolver.client()).await?,
        };
        let freshness: Vec<(SecretPath, Freshness)> = resolver
            .freshness()
            .iter()
            .map(|(path, freshness)| (path.clone(), freshness.clone()))
            .collect();
        for (path, freshness) in freshness {
            self.schedule_path(path, &freshness, 0);
        }
        self.schedule_token(token);
        Ok(())
    }

    fn next(&self) -> Option<(Task, Instant)> {
        self.due
            .iter()
            .min_by_key(|(_, due)| due.at)
            .map(|(task, due)| (task.clone(), due.at))
    }

    fn schedule_path(&mut self, path: SecretPath, freshness: &Freshness, failures: u32) {
        let now = Instant::now();
        let jitter = random_unit();
        let (after, action, expires) = match freshness {
            Freshness::Pinned => {
                self.due.remove(&Task::Path(path));
                return;
            }
            Freshness::Unleased => (
                schedule::poll_after(self.options.poll_interval, jitter),
                Action::Poll,
                None,
            ),
            Freshness::Rotating(ttl) => (
                schedule::after_rotation(*ttl),
                Action::Poll,
                Some(now + *ttl),
            ),
            Freshness::Leased(lease) if lease.renewable => (
                schedule::renew_after(lease.ttl, jitter),
                Action::Renew(lease.clone()),
                Some(now + lease.ttl),
            ),
            Freshness::Leased(lease) => (
                schedule::reread_after(lease.ttl, jitter),
                Action::Reread,
                Some(now + lease.ttl),
            ),
        };
        let due = Due {
            at: now + after,
            action,
            failures,
            expires,
        };
        self.due.insert(Task::Path(path), due);
    }

    fn schedule_token(&mut self, token: TokenInfo) {
        if token.ttl.is_zero() {
            tracing::debug!("the token does not expire");
            self.due.remove(&Task::Token);
            return;
        }
        let jitter = random_unit();
        let can_login = self.inputs.vault.settings().auth.can_login();
        let (after, action) = if token.renewable {
            (
                schedule::renew_after(token.ttl, jitter),
                Action::RenewToken(token),
            )
        } else if can_login {
            (schedule::replace_after(token.ttl, jitter), Action::Login)
        } else {
            tracing::warn!(
                "the token expires in {}s and cannot be renewed; vx cannot log in again with it",
                token.ttl.as_secs()
            );
            self.due.remove(&Task::Token);
            return;
        };
        let now = Instant::now();
        let due = Due {
            at: now + after,
            action,
            failures: 0,
            expires: Some(now + token.ttl),
        };
        self.due.insert(Task::Token, due);
    }

    async fn run(&mut self, task: Task) {
        let Some(due) = self.due.remove(&task) else {
            return;
        };
        let outcome = match (&task, &due.action) {
            (Task::Path(path), Action::Renew(lease)) => self.renew(path, lease).await,
            (Task::Path(path), Action::Reread) => self.reread(path, "lease ends").await,
            (Task::Path(path), Action::Poll) => self.reread(path, "poll").await,
            (Task::Token, Action::RenewToken(token)) => self.renew_token(*token).await,
            (Task::Token, Action::Login) => self.login("token ends").await,
            (task, action) => {
                tracing::error!("no way to do {action:?} for {task:?}");
                Ok(())
            }
        };
        if let Err(error) = outcome {
            self.retry_later(task, due, &error);
        }
    }

    /// Puts a failed task back with a growing delay, and reports an expiry once
    /// the credential it guards is past its end.
    fn retry_later(&mut self, task: Task, due: Due, error: &anyhow::Error) {
        let delay = schedule::backoff(due.failures, random_unit());
        tracing::warn!(
            "{}: {}; retrying in {:.1}s",
            describe(&task, &due.action),
            crate::exit::sanitize(&format!("{error:#}")),
            delay.as_secs_f64()
        );
        if due.expires.is_some_and(|end| Instant::now() >= end) && !self.expired {
            let what = match &task {
                Task::Path(path) => format!("the lease of {path}"),
                Task::Token => "the token".to_owned(),
            };
            tracing::warn!("{what} has expired");
            self.expired = true;
            self.send(Event::Expired);
        }
        let retry = Due {
            at: Instant::now() + delay,
            failures: due.failures + 1,
            ..due
        };
        self.due.insert(task, retry);
    }

    async fn renew(&mut self, path: &SecretPath, lease: &Lease) -> Result<()> {
        let client = self.client()?;
        let body = json!({
            "lease_id": lease.id.expose(),
            "increment": lease.ttl.as_secs(),
        });
        let answer = client.post("sys/leases/renew", &body).await?;
        if answer.status.is_server_error() || answer.status.as_u16() == 429 {
            anyhow::bail!("{}", answer.describe());
        }
        if !answer.is_success() {
            // Revoked, expired or unknown: only a new read helps.
            tracing::info!(
                "lease {} of {path} cannot be renewed ({}); reading it anew",
                lease.short_id(),
                answer.describe()
            );
            return self.reread(path, "renewal refused").await;
        }
        let granted = Duration::from_secs(answer.body["lease_duration"].as_u64().unwrap_or(0));
        tracing::info!(
            "renewed {path} (lease {}, ttl {}s)",
            lease.short_id(),
            granted.as_secs()
        );
        let now = Instant::now();
        let jitter = random_unit();
        let (after, action) = if schedule::renewal_capped(lease.ttl, granted) {
            // The max TTL is near: replace the secret while the old one is valid.
            (schedule::replace_after(granted, jitter), Action::Reread)
        } else {
            (
                schedule::renew_after(granted, jitter),
                Action::Renew(lease.clone()),
            )
        };
        let due = Due {
            at: now + after,
            action,
            failures: 0,
            expires: Some(now + granted),
        };
        self.due.insert(Task::Path(path.clone()), due);
        Ok(())
    }

    /// Reads `path` again and, if the command's environment changed, says so.
    async fn reread(&mut self, path: &SecretPath, reason: &str) -> Result<()> {
        let resolver = self
            .inputs
            .vault
            .resolver_mut()
            .ok_or_else(|| anyhow::anyhow!("not connected"))?;
        resolver.reread(path).await??;
        let freshness = resolver.freshness().get(path).cloned();
        match &freshness {
            Some(Freshness::Leased(lease)) => tracing::info!(
                "re-read {path} ({reason}): lease {}, ttl {}s",
                lease.short_id(),
                lease.ttl.as_secs()
            ),
            _ => tracing::info!("re-read {path} ({reason})"),
        }
        if let Some(freshness) = freshness {
            self.schedule_path(path.clone(), &freshness, 0);
        }
        self.publish().await;
        Ok(())
    }

    async fn renew_token(&mut self, token: TokenInfo) -> Result<()> {
        let client = self.client()?;
        let body = json!({ "increment": token.ttl.as_secs() });
        let answer = client.post("auth/token/renew-self", &body).await?;
        if answer.status.is_server_error() || answer.status.as_u16() == 429 {
            anyhow::bail!("{}", answer.describe());
        }
        if !answer.is_success() {
            tracing::info!("the token cannot be renewed ({})", answer.describe());
            if !self.inputs.vault.settings().auth.can_login() {
                // Retrying cannot help: the task ends, the command keeps running.
                tracing::warn!(
                    "the {} is no longer valid and vx cannot replace a token it was given; \
                     use a login method (--auth) to let vx log in again",
                    self.client()?.token_source()
                );
                return Ok(());
            }
            // A revoked token took its leases with it: read everything anew.
            self.login("token revoked").await?;
            return self.reread_all().await;
        }
        let granted = TokenInfo {
            ttl: Duration::from_secs(answer.body["auth"]["lease_duration"].as_u64().unwrap_or(0)),
            renewable: answer.body["auth"]["renewable"].as_bool().unwrap_or(false),
        };
        tracing::info!("renewed the token (ttl {}s)", granted.ttl.as_secs());
        let capped = schedule::renewal_capped(token.ttl, granted.ttl);
        if capped && self.inputs.vault.settings().auth.can_login() {
            let now = Instant::now();
            let due = Due {
                at: now + schedule::replace_after(granted.ttl, random_unit()),
                action: Action::Login,
                failures: 0,
                expires: Some(now + granted.ttl),
            };
            self.due.insert(Task::Token, due);
        } else {
            // Keep asking for the original increment: the server grants what it can.
            self.schedule_token(TokenInfo {
                ttl: granted.ttl,
                ..token
            });
        }
        Ok(())
    }

    async fn login(&mut self, reason: &str) -> Result<()> {
        let auth = self.inputs.vault.settings().auth.clone();
        let resolver = self
            .inputs
            .vault
            .resolver_mut()
            .ok_or_else(|| anyhow::anyhow!("not connected"))?;
        let info = auth::authenticate(resolver.client_mut(), &auth).await?;
        tracing::info!("logged in again ({reason})");
        if let Some(info) = info {
            self.schedule_token(info);
        }
        Ok(())
    }

    async fn revoke_all(&mut self) {
        let Some(resolver) = self.inputs.vault.resolver_mut() else {
            return;
        };
        let leases: Vec<(SecretPath, Lease)> = resolver
            .freshness()
            .iter()
            .filter_map(|(path, freshness)| match freshness {
                Freshness::Leased(lease) => Some((path.clone(), lease.clone())),
                _ => None,
            })
            .collect();
        let Ok(client) = self.client() else { return };
        for (path, lease) in leases {
            let body = json!({ "lease_id": lease.id.expose() });
            match client.post("sys/leases/revoke", &body).await {
                Ok(answer) if answer.is_success() => {
                    tracing::info!("revoked lease {} of {path}", lease.short_id())
                }
                Ok(answer) => tracing::warn!("cannot revoke {path}: {}", answer.describe()),
                Err(error) => tracing::warn!("cannot revoke {path}: {error:#}"),
            }
        }
    }

    async fn reread_all(&mut self) -> Result<()> {
        let paths: Vec<SecretPath> = self
            .due
            .keys()
            .filter_map(|task| match task {
                Task::Path(path) => Some(path.clone()),
                Task::Token => None,
            })
            .collect();
        for path in paths {
            if let Err(error) = self.reread(&path, "after a new login").await {
                tracing::warn!("cannot re-read {path}: {error:#}");
            }
        }
        Ok(())
    }

    /// Evaluates every assignment against what is known now and tells the
    /// supervisor when the result differs from what the command has.
    async fn publish(&mut self) {
        let resolved =
            match evaluate::evaluate(&mut self.inputs.vault, &self.inputs.assignments).await {
                Ok(resolved) => resolved,
                Err(error) => {
                    tracing::warn!(
                        "the new values do not resolve; the command keeps its own: {}",
                        crate::exit::sanitize(&format!("{error:#}"))
                    );
                    return;
                }
            };
        if resolved == self.inputs.resolved {
            tracing::debug!("values unchanged");
            return;
        }
        let changed: Vec<&str> = resolved
            .iter()
            .zip(&self.inputs.resolved)
            .filter(|(new, old)| new != old)
            .map(|(new, _)| new.0.as_str())
            .collect();
        tracing::info!("changed: {}", changed.join(", "));
        let env = childenv::build(
            self.inputs.inherited.clone(),
            resolved.clone(),
            &self.inputs.env_options,
        );
        if let Err(failure) = crate::exec::check_environment(&env) {
            tracing::warn!(
                "the new values cannot be passed on ({failure}); the command keeps its own"
            );
            return;
        }
        self.inputs.resolved = resolved;
        let expired = std::mem::take(&mut self.expired);
        self.send(Event::Changed { env, expired });
    }

    fn send(&self, event: Event) {
        if self.events.send(event).is_ok() {
            signals::wake_supervisor();
        }
    }

    fn client(&mut self) -> Result<&crate::client::Client> {
        self.inputs
            .vault
            .resolver_mut()
            .map(|resolver| &*resolver.client_mut())
            .ok_or_else(|| anyhow::anyhow!("not connected"))
    }
}

fn describe(task: &Task, action: &Action) -> String {
    match (task, action) {
        (Task::Path(path), Action::Renew(_)) => format!("renewing {path}"),
        (Task::Path(path), _) => format!("reading {path}"),
        (Task::Token, Action::Login) => "logging in".to_owned(),
        (Task::Token, _) => "renewing the token".to_owned(),
    }
}
