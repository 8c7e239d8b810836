//! Reading secrets: which engine serves a path, the API path built from it, and one
//! read per distinct path, distinct paths read concurrently.
//!
//! The engine is asked of the server (`sys/internal/ui/mounts/<path>`) once per
//! mount, not once per path: paths are grouped by their first segment, one path of
//! each group is looked up, and the mount it reports serves every path under it.
//! Reads then go out together, bounded by the client's connection limit.
//!
//! A failure that concerns one path (denied, missing, deleted) is kept with that
//! path, so that the variable using it can be named in the error. A failure that
//! concerns the server (unreachable, deadline) ends the whole resolution at once.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::Value;

use crate::client::{Answer, Client};
use crate::exit::Failure;
use crate::reference::{Reference, SecretPath};
use crate::secret::{Secret, SecretData};

/// What is known of each path read so far.
pub type Cache = HashMap<SecretPath, Result<SecretData, Failure>>;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Engine {
    Kv1,
    Kv2,
    Other(String),
}

#[derive(Debug, Clone)]
struct Mount {
    /// With its final slash, as the server reports it: `secret/`.
    path: String,
    engine: Engine,
}

impl Mount {
    fn serves(&self, path: &str) -> bool {
        !self.path.is_empty() && format!("{path}/").starts_with(&self.path)
    }
}

/// How a secret that was read stays fresh, as its answer tells.
#[derive(Debug, Clone)]
pub enum Freshness {
    /// KV, or any answer without a lease: polled.
    Unleased,
    /// A `?version=` reference: that version never changes.
    Pinned,
    /// No lease, but the answer says when the value changes (`data.ttl`, as
    /// database static roles give): read again just after that.
    Rotating(Duration),
    Leased(Lease),
}

#[derive(Debug, Clone)]
pub struct Lease {
    /// Never logged whole: see `short_id`.
    pub id: Secret,
    pub ttl: Duration,
    pub renewable: bool,
}

impl Lease {
    /// The lease id's last segment's first characters, enough to tell leases
    /// apart in a log without handing out the id.
    pub fn short_id(&self) -> String {
        let id = self.id.expose();
        let last = id.rsplit('/').next().unwrap_or(id);
        format!("…{}", last.chars().take(6).collect::<String>())
    }
}

pub struct Resolver {
    client: Client,
    mounts: Vec<Mount>,
    cache: Arc<Cache>,
    freshness: HashMap<SecretPath, Freshness>,
}

impl Resolver {
    pub fn new(client: Client) -> Self {
        Self {
            client,
            mounts: Vec::new(),
            cache: Arc::default(),
            freshness: HashMap::new(),
        }
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    pub fn client_mut(&mut self) -> &mut Client {
        &mut self.client
    }

    /// Every path read successfully, with how it stays fresh.
    pub fn freshness(&self) -> &HashMap<SecretPath, Freshness> {
        &self.freshness
    }

    /// Reads `path` again. On success the new data replaces the old; a failure
    /// leaves the old data in place (the command keeps what it has) and is
    /// returned. The outer error is the server's (unreachable).
    pub async fn reread(&mut self, path: &SecretPath) -> Result<Result<(), Failure>> {
        let Some(mount) = self.mount_of(&path.path).cloned() else {
            return Ok(Err(no_mount(&self.client, &path.path)));
        };
        match read(&self.client, &mount, path).await? {
            Ok((data, freshness)) => {
                if let Freshness::Leased(lease) = &freshness {
                    tracing::debug!("new lease {} for {path}", lease.short_id());
                }
                Arc::make_mut(&mut self.cache).insert(path.clone(), Ok(data));
                self.freshness.insert(path.clone(), freshness);
                Ok(Ok(()))
            }
            Err(failure) => Ok(Err(failure)),
        }
    }

    /// What has been read, shared with templates while they render.
    pub fn cache(&self) -> Arc<Cache> {
        Arc::clone(&self.cache)
    }

    /// Reads every path in `paths` that has not been read yet.
    pub async fn fetch(&mut self, paths: BTreeSet<SecretPath>) -> Result<()> {
        let wanted: Vec<SecretPath> = paths
            .into_iter()
            .filter(|path| !self.cache.contains_key(path))
            .collect();
        if wanted.is_empty() {
            return Ok(());
        }
        let mut found = self.discover_mounts(&wanted).await?;
        let client = &self.client;
        let reads = wanted
            .iter()
            .filter(|path| !found.contains_key(*path))
            .map(|path| {
                let mount = self.mount_of(&path.path).cloned();
                async move {
                    let data = match mount {
                        Some(mount) => read(client, &mount, path).await?,
                        None => Err(no_mount(client, &path.path)),
                    };
                    anyhow::Ok((path.clone(), data))
                }
            });
        for outcome in join_all(reads).await {
            let (path, data) = outcome?;
            let data = data.map(|(data, freshness)| {
                log_read(&path, &freshness);
                self.freshness.insert(path.clone(), freshness);
                data
            });
            found.insert(path, data);
        }
        Arc::make_mut(&mut self.cache).extend(found);
        Ok(())
    }

    /// Looks up the mounts serving `paths`, one lookup per first path segment and
    /// round. Returns the paths whose lookup failed, with the failure.
    async fn discover_mounts(&mut self, paths: &[SecretPath]) -> Result<Cache> {
        let mut failed = Cache::new();
        loop {
            let mut groups: HashMap<&str, &SecretPath> = HashMap::new();
            for path in paths {
                if self.mount_of(&path.path).is_none() && !failed.contains_key(path) {
                    let first = path.path.split('/').next().unwrap_or_default();
                    groups.entry(first).or_insert(path);
                }
            }
            if groups.is_empty() {
                return Ok(failed);
            }
            let client = &self.client;
            let lookups = groups
                .into_values()
                .map(|path| async move { (path, lookup_mount(client, &path.path).await) });
            for (path, outcome) in join_all(lookups).await {
                match outcome? {
                    Ok(mount) if mount.serves(&path.path) => self.mounts.push(mount),
                    Ok(_) => {
                        failed.insert(path.clone(), Err(no_mount(&self.client, &path.path)));
                    }
                    Err(failure) => {
                        failed.insert(path.clone(), Err(failure));
                    }
                }
            }
        }
    }

    fn mount_of(&self, path: &str) -> Option<&Mount> {
        self.mounts
            .iter()
            .filter(|mount| mount.serves(path))
            .max_by_key(|mount| mount.path.len())
    }
}

/// The value `reference` names, from what has been read.
pub fn value(cache: &Cache, reference: &Reference) -> Result<Secret, Failure> {
    let data = match cache.get(&reference.path) {
        Some(Ok(data)) => data,
        Some(Err(failure)) => return Err(failure.clone()),
        None => return Err(Failure::new(format!("`{}` was not read", reference.path))),
    };
    data.get(&reference.key)
        .ok_or_else(|| missing_key(&reference.path, &reference.key, data))
}

/// "key `pasword` not found in `secret/app`; it has: password, user", with the
/// closest name as a hint. Only key names are shown, never values.
pub fn missing_key(path: &SecretPath, key: &str, data: &SecretData) -> Failure {
    let keys: Vec<&str> = data.keys().collect();
    let present = if keys.is_empty() {
        "it has no keys".to_owned()
    } else {
        format!("it has: {}", keys.join(", "))
    };
    let failure = Failure::new(format!("key `{key}` not found in `{path}`; {present}"));
    let closest = keys
        .iter()
        .map(|candidate| (strsim::jaro_winkler(key, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match closest {
        Some((_, name)) => failure.hint(format!("did you mean `{name}`?")),
        None => failure,
    }
}

async fn lookup_mount(client: &Client, path: &str) -> Result<Result<Mount, Failure>> {
    let answer = client
        .get(&format!("sys/internal/ui/mounts/{path}"))
        .await?;
    if answer.status == StatusCode::FORBIDDEN && answer.errors().contains("preflight") {
        return Ok(Err(no_mount(client, path)));
    }
    if answer.status == StatusCode::FORBIDDEN {
        return Ok(Err(denied(client, path, "look up the mount of")));
    }
    if !answer.is_success() {
        let failure = Failure::new(format!(
            "cannot find the secrets engine of `{path}`: {}",
            answer.describe()
        ));
        let failure = match client.namespace() {
            Some(namespace) if answer.errors().contains("namespace") => failure.hint(format!(
                "the namespace is `{namespace}` ({}); check it with `bao namespace list`",
                client.namespace_source()
            )),
            _ => failure,
        };
        return Ok(Err(failure));
    }
    let data = &answer.body["data"];
    let mount_path = data["path"].as_str().unwrap_or_default().to_owned();
    let engine = match (data["type"].as_str(), data.pointer("/options/version")) {
        (Some("kv"), Some(Value::String(version))) if version == "2" => Engine::Kv2,
        (Some("kv" | "generic"), _) => Engine::Kv1,
        (Some(other), _) => Engine::Other(other.to_owned()),
        (None, _) => Engine::Other(String::new()),
    };
    let kind = match &engine {
        Engine::Kv1 => "KV v1",
        Engine::Kv2 => "KV v2",
        Engine::Other(kind) => kind,
    };
    tracing::debug!("mount {mount_path} is {kind}");
    Ok(Ok(Mount {
        path: mount_path,
        engine,
    }))
}

/// Reads one path from its mount. The outer error is the server's (unreachable);
/// the inner one concerns this path only.
async fn read(
    client: &Client,
    mount: &Mount,
    path: &SecretPath,
) -> Result<Result<(SecretData, Freshness), Failure>> {
    let api_path = match api_path(mount, path) {
        Ok(api_path) => api_path,
        Err(failure) => return Ok(Err(failure)),
    };
    let answer = client.get(&api_path).await?;
    Ok(interpret(client, mount, path, &api_path, answer))
}

fn api_path(mount: &Mount, path: &SecretPath) -> Result<String, Failure> {
    let inner = path
        .path
        .strip_prefix(&mount.path)
        .filter(|inner| !inner.is_empty())
        .ok_or_else(|| {
            Failure::new(format!("`{}` is a mount, not a secret", path.path)).hint(format!(
                "name a secret under it, as in `{}/NAME#KEY`",
                path.path
            ))
        })?;
    match (&mount.engine, path.version) {
        (Engine::Kv2, None) => Ok(format!("{}data/{inner}", mount.path)),
        (Engine::Kv2, Some(version)) => Ok(format!("{}data/{inner}?version={version}", mount.path)),
        (_, None) => Ok(path.path.clone()),
        (engine, Some(_)) => Err(Failure::new(format!(
            "`?version=` needs a KV v2 mount, and `{}` is {}",
            mount.path,
            match engine {
                Engine::Kv1 => "KV v1".to_owned(),
                Engine::Other(kind) => format!("a `{kind}` engine"),
                Engine::Kv2 => unreachable!("KV v2 takes versions"),
            }
        ))),
    }
}

fn interpret(
    client: &Client,
    mount: &Mount,
    path: &SecretPath,
    api_path: &str,
    answer: Answer,
) -> Result<(SecretData, Freshness), Failure> {
    match answer.status {
        status if status.is_success() => {
            let data = match mount.engine {
                Engine::Kv2 => &answer.body["data"]["data"],
                _ => &answer.body["data"],
            };
            let freshness = freshness_of(path, &answer.body);
            match data {
                Value::Object(map) => Ok((SecretData::new(map.clone()), freshness)),
                _ => Err(Failure::new(format!(
                    "the answer for `{path}` holds no data"
                ))),
            }
        }
        StatusCode::NOT_FOUND => Err(not_found(mount, path, &answer)),
        StatusCode::FORBIDDEN => Err(denied(client, &path.path, "read").hint(format!(
            "the token's policies must grant `read` on `{}`",
            api_path.split('?').next().unwrap_or(api_path)
        ))),
        _ => Err(Failure::new(format!(
            "cannot read `{path}`: {}",
            answer.describe()
        ))),
    }
}

fn freshness_of(path: &SecretPath, body: &Value) -> Freshness {
    let id = body["lease_id"].as_str().unwrap_or_default();
    let ttl = body["lease_duration"].as_u64().unwrap_or(0);
    let rotation = body["data"]["ttl"].as_u64().unwrap_or(0);
    if path.version.is_some() {
        Freshness::Pinned
    } else if (id.is_empty() || ttl == 0) && rotation > 0 {
        Freshness::Rotating(Duration::from_secs(rotation))
    } else if id.is_empty() || ttl == 0 {
        Freshness::Unleased
    } else {
        Freshness::Leased(Lease {
            id: Secret::new(id),
            ttl: Duration::from_secs(ttl),
            renewable: body["renewable"].as_bool().unwrap_or(false),
        })
    }
}

fn log_read(path: &SecretPath, freshness: &Freshness) {
    match freshness {
        Freshness::Leased(lease) => tracing::info!(
            "read {path} (lease {}, ttl {}s, renewable: {})",
            lease.short_id(),
            lease.ttl.as_secs(),
            lease.renewable
        ),
        _ => tracing::info!("read {path}"),
    }
}

fn not_found(mount: &Mount, path: &SecretPath, answer: &Answer) -> Failure {
    let metadata = &answer.body["data"]["metadata"];
    let which = match path.version {
        Some(version) => format!("version {version} of `{}`", path.path),
        None => format!("the latest version of `{}`", path.path),
    };
    if metadata["destroyed"].as_bool() == Some(true) {
        return Failure::new(format!("{which} is destroyed"));
    }
    if metadata["deletion_time"]
        .as_str()
        .is_some_and(|time| !time.is_empty())
    {
        return Failure::new(format!("{which} is deleted")).hint(format!(
            "undelete it with `bao kv undelete`, or name another version with `{}?version=N#KEY`",
            path.path
        ));
    }
    let command = if mount.engine == Engine::Kv1 || mount.engine == Engine::Kv2 {
        "bao kv get"
    } else {
        "bao read"
    };
    match path.version {
        Some(version) => Failure::new(format!("`{}` has no version {version}", path.path)).hint(
            format!("list its versions with `bao kv metadata get {}`", path.path),
        ),
        None => Failure::new(format!("no secret at `{}`", path.path))
            .hint(format!("check the path with `{command} {}`", path.path)),
    }
}

fn no_mount(client: &Client, path: &str) -> Failure {
    let first = path.split('/').next().unwrap_or(path);
    Failure::new(format!(
        "no secrets engine is mounted at `{first}/` (or the {} may not use it)",
        client.token_source()
    ))
    .hint("list the mounts with `bao secrets list`")
}

fn denied(client: &Client, path: &str, action: &str) -> Failure {
    Failure::new(format!(
        "permission denied to {action} `{path}` with the {}",
        client.token_source()
    ))
    .hint("the token may be expired or revoked, or its policies may not cover this path")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mount(path: &str, engine: Engine) -> Mount {
        Mount {
            path: path.to_owned(),
            engine,
        }
    }

    fn secret_path(text: &str) -> SecretPath {
        SecretPath::parse(text).unwrap()
    }

    #[test]
    fn api_paths_per_engine() {
        let kv2 = mount("secret/", Engine::Kv2);
        assert_eq!(
            api_path(&kv2, &secret_path("secret/app")).unwrap(),
            "secret/data/app"
        );
        assert_eq!(
            api_path(&kv2, &secret_path("secret/a/b?version=3")).unwrap(),
            "secret/data/a/b?version=3"
        );
        let kv1 = mount("kv1/", Engine::Kv1);
        assert_eq!(api_path(&kv1, &secret_path("kv1/app")).unwrap(), "kv1/app");
        let db = mount("database/", Engine::Other("database".into()));
        assert_eq!(
            api_path(&db, &secret_path("database/creds/app")).unwrap(),
            "database/creds/app"
        );
    }

    #[test]
    fn versions_need_kv2_and_mounts_are_not_secrets() {
        let kv1 = mount("kv1/", Engine::Kv1);
        let error = api_path(&kv1, &secret_path("kv1/app?version=2")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "`?version=` needs a KV v2 mount, and `kv1/` is KV v1"
        );
        let kv2 = mount("secret/", Engine::Kv2);
        let error = api_path(&kv2, &secret_path("secret")).unwrap_err();
        assert_eq!(error.to_string(), "`secret` is a mount, not a secret");
    }

    #[test]
    fn missing_key_lists_names_and_suggests_the_closest() {
        let map = serde_json::json!({"password": "hunter2", "username": "bob"});
        let data = SecretData::new(map.as_object().unwrap().clone());
        let failure = missing_key(&secret_path("secret/app"), "pasword", &data);
        assert_eq!(
            crate::exit::render(&failure.into()),
            "vx: key `pasword` not found in `secret/app`; it has: password, username\n  hint: did you mean `password`?"
        );
        let unrelated = missing_key(&secret_path("secret/app"), "zzz", &data);
        assert!(!crate::exit::render(&unrelated.into()).contains("hint"));
    }
}
