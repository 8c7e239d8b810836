//! Turning assignments into values: which paths the references and templates need,
//! reading them in as few rounds as possible, then the value of each variable.
//!
//! The server is contacted (and logged in to) only when some value needs it: an env
//! file of literals, or templates that only call `env()`, cost no request.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};

use crate::assignment::{Assignment, Origin};
use crate::auth;
use crate::client::Client;
use crate::reference::{SecretPath, Spec};
use crate::resolve::{self, Cache, Resolver};
use crate::secret::Secret;
use crate::settings::Settings;
use crate::template::{self, Pass};
use crate::token_cache;

/// A template whose secrets name further secrets (`secret(secret("a#b"))`) needs
/// one more round per level; this bounds the levels.
const MAX_ROUNDS: usize = 8;

/// The server, connected to on first use.
pub struct Vault {
    settings: Settings,
    started: Instant,
    resolver: Option<Resolver>,
    /// The token's TTL and renewability, when the login told them.
    token: Option<auth::TokenInfo>,
}

impl Vault {
    pub fn new(settings: Settings, started: Instant) -> Self {
        Self {
            settings,
            started,
            resolver: None,
            token: None,
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The connection, once something has been read.
    pub fn resolver_mut(&mut self) -> Option<&mut Resolver> {
        self.resolver.as_mut()
    }

    /// What the first login said of the token, if it was a login.
    pub fn login_token_info(&self) -> Option<auth::TokenInfo> {
        self.token
    }

    async fn fetch(&mut self, paths: BTreeSet<SecretPath>) -> Result<()> {
        if paths.is_empty() {
            return Ok(());
        }
        if self.resolver.is_none() {
            let mut client = Client::new(&self.settings, self.started)?;
            self.token = match &self.settings.token_cache {
                Some(cache) => {
                    token_cache::authenticate(&mut client, &self.settings, cache).await?
                }
                None => auth::authenticate(&mut client, &self.settings.auth).await?,
            };
            self.resolver = Some(Resolver::new(client));
        }
        let resolver = self.resolver.as_mut().expect("connected just above");
        resolver.fetch(paths).await
    }

    fn cache(&self) -> Arc<Cache> {
        self.resolver
            .as_ref()
            .map(Resolver::cache)
            .unwrap_or_default()
    }
}

/// The value of every assignment, in order.
pub async fn evaluate(
    vault: &mut Vault,
    assignments: &[Assignment],
) -> Result<Vec<(String, Secret)>> {
    evaluate_each(vault, assignments)
        .await?
        .into_iter()
        .collect()
}

/// The value of every assignment, or why it has none, each on its own: for
/// `vx check`, which reports every problem rather than the first. The outer error
/// concerns the server (unreachable, login refused) and so every assignment.
pub async fn evaluate_each(
    vault: &mut Vault,
    assignments: &[Assignment],
) -> Result<Vec<Result<(String, Secret)>>> {
    let mut wanted: BTreeSet<SecretPath> = assignments
        .iter()
        .filter_map(|assignment| match &assignment.spec {
            Spec::Reference(reference) => Some(reference.path.clone()),
            _ => None,
        })
        .collect();
    for _ in 0..MAX_ROUNDS {
        wanted.extend(discover(assignments, &vault.cache()));
        if wanted.is_empty() {
            break;
        }
        vault.fetch(std::mem::take(&mut wanted)).await?;
    }

    let cache = vault.cache();
    Ok(assignments
        .iter()
        .map(|assignment| {
            let value = value_of(assignment, &cache).with_context(|| describe(assignment))?;
            Ok((assignment.name.clone(), value))
        })
        .collect())
}

/// The paths templates ask for that have not been read yet.
fn discover(assignments: &[Assignment], cache: &Arc<Cache>) -> BTreeSet<SecretPath> {
    let mut misses = BTreeSet::new();
    for assignment in assignments {
        if let Spec::Template(source) = &assignment.spec {
            misses.extend(template::render(&assignment.name, source, cache, Pass::Discover).misses);
        }
    }
    misses
}

fn value_of(assignment: &Assignment, cache: &Arc<Cache>) -> Result<Secret> {
    Ok(match &assignment.spec {
        Spec::Literal(text) => Secret::new(text.clone()),
        Spec::Reference(reference) => resolve::value(cache, reference)?,
        Spec::Template(source) => {
            template::render(&assignment.name, source, cache, Pass::Final).rendered?
        }
    })
}

/// "resolving `DB_PASS` (`secret/app#password` from --env)"
fn describe(assignment: &Assignment) -> String {
    let from = match (&assignment.origin, &assignment.spec) {
        (Origin::Argument, Spec::Reference(reference)) => return format!("reading `{reference}`"),
        (Origin::Argument, _) => return "reading".to_owned(),
        (Origin::Flag, _) => "from --env".to_owned(),
        (Origin::File(_), _) => format!("from {}", assignment.origin),
    };
    match &assignment.spec {
        Spec::Reference(reference) => {
            format!("resolving `{}` (`{reference}` {from})", assignment.name)
        }
        _ => format!("resolving `{}` ({from})", assignment.name),
    }
}
