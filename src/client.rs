//! The HTTP client for the OpenBao/Vault API: TLS, namespace and token headers,
//! the connection limit, retries with back-off, and the deadline.
//!
//! It knows nothing of secrets engines or auth methods; `resolve` and `auth` give
//! meaning to the answers. A request that fails in transport, or with 5xx or 429, is
//! retried with jittered exponential back-off; every other answer goes back to the
//! caller, which knows what a 403 or a 404 means for what it asked.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Result;
use backon::{ExponentialBuilder, Retryable};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode, Url};
use serde_json::Value;
use tokio::sync::Semaphore;

use crate::exit::Failure;
use crate::secret::Secret;
use crate::settings::{Settings, Sourced};
use crate::tls;

/// At most this many requests, and so connections, are open to the server at once,
/// however many references a run has.
pub const MAX_CONNECTIONS: usize = 16;

/// The largest answer vx reads.
const MAX_ANSWER: usize = 32 * 1024 * 1024;

/// A retry is only worth making with at least this much of the deadline left.
const MIN_ATTEMPT_TIME: Duration = Duration::from_millis(50);

pub struct Client {
    http: reqwest::Client,
    base: Url,
    /// The address as the user gave it, and where it came from, for messages.
    address: String,
    token: Option<(Secret, String)>,
    limit: Arc<Semaphore>,
    request_timeout: Duration,
    max_retries: usize,
    /// None once the command runs: a watcher retries on its own schedule.
    deadline: Option<Instant>,
    deadline_source: Duration,
    client_certificate: bool,
    namespace: Option<Sourced<String>>,
}

/// Which token a request carries.
#[derive(Debug, Clone, Copy, Default)]
pub enum As<'a> {
    /// The client's own, if it has one.
    #[default]
    Client,
    /// None: a login, which must not depend on an old token.
    Anonymous,
    /// Another one, such as a wrapping token to unwrap.
    Token(&'a Secret),
}

/// What a request carries beyond its body.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extra<'a> {
    pub token: As<'a>,
    /// Ask the server to wrap the answer in a single-use token of this TTL.
    pub wrap_ttl: Option<Duration>,
}

/// A decoded answer with a status the caller has to interpret.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
}

impl Answer {
    pub fn is_success(&self) -> bool {
        self.status.is_success()
    }

    /// The server's `errors` list as one line. OpenBao wraps some errors in a
    /// multi-line "1 error occurred: * ..." block; only the items are kept.
    pub fn errors(&self) -> String {
        let Some(errors) = self.body.get("errors").and_then(Value::as_array) else {
            return String::new();
        };
        let mut items = Vec::new();
        for error in errors.iter().filter_map(Value::as_str) {
            let bullets: Vec<&str> = error
                .lines()
                .filter_map(|line| line.trim().strip_prefix("* "))
                .collect();
            if bullets.is_empty() {
                items.push(error.trim().to_owned());
            } else {
                items.extend(bullets.into_iter().map(str::to_owned));
            }
        }
        items.join("; ")
    }

    /// "the server answered 403: permission denied"
    pub fn describe(&self) -> String {
        match self.errors() {
            errors if errors.is_empty() => format!("the server answered {}", self.status.as_u16()),
            errors => format!("the server answered {}: {errors}", self.status.as_u16()),
        }
    }
}

impl Client {
    pub fn new(settings: &Settings, started: Instant) -> Result<Self> {
        let address = &settings.address;
        let mut builder = reqwest::Client::builder()
            .user_agent(concat!("vx/", env!("CARGO_PKG_VERSION")))
            .pool_max_idle_per_host(MAX_CONNECTIONS)
            .connect_timeout(settings.request_timeout)
            .default_headers(namespace_header(
                settings.namespace.as_ref().map(|n| n.value.as_str()),
            )?)
            .redirect(reqwest::redirect::Policy::limited(3));
        let mut base = address.value.clone();
        if address.value.scheme() == "https" {
            builder = tls::configure(builder, &settings.tls)?;
            if let Some(name) = &settings.tls.server_name {
                (builder, base) = tls::verify_as(builder, &address.value, name)?;
            }
        } else {
            // Loading the system's CA store costs milliseconds that a plain-HTTP
            // address (a dev server, a sidecar on loopback) has no use for.
            builder = builder.tls_built_in_root_certs(false);
        }
        Ok(Self {
            http: builder.build().map_err(|error| {
                let failure = Failure::new(format!("cannot set up TLS: {}", innermost(&error)));
                match settings.tls.client_cert.is_some() {
                    true => {
                        failure.hint("check that the client key belongs to the client certificate")
                    }
                    false => failure,
                }
            })?,
            base,
            address: format!("`{}` (address from {})", address.value, address.source),
            token: None,
            limit: Arc::new(Semaphore::new(MAX_CONNECTIONS)),
            request_timeout: settings.request_timeout,
            max_retries: settings.max_retries as usize,
            deadline: Some(started + settings.deadline),
            deadline_source: settings.deadline,
            client_certificate: settings.tls.client_cert.is_some(),
            namespace: settings.namespace.clone(),
        })
    }

    /// Sets the token sent with every request; `source` says where it came from,
    /// for messages ("token from VAULT_TOKEN").
    pub fn set_token(&mut self, token: Secret, source: String) {
        self.token = Some((token, source));
    }

    /// The token requests carry, for writing it where the user asked.
    pub fn token(&self) -> Option<&Secret> {
        self.token.as_ref().map(|(token, _)| token)
    }

    /// Where the token came from, for messages.
    pub fn token_source(&self) -> &str {
        self.token.as_ref().map_or("no token", |(_, source)| source)
    }

    /// The namespace every request names, if any.
    pub fn namespace(&self) -> Option<&str> {
        self.namespace
            .as_ref()
            .map(|namespace| namespace.value.as_str())
    }

    /// Where the namespace came from: "from VAULT_NAMESPACE".
    pub fn namespace_source(&self) -> String {
        self.namespace
            .as_ref()
            .map_or_else(String::new, |namespace| {
                format!("from {}", namespace.source)
            })
    }

    pub fn has_client_certificate(&self) -> bool {
        self.client_certificate
    }

    pub fn address(&self) -> &str {
        &self.address
    }

    pub async fn get(&self, path: &str) -> Result<Answer> {
        self.send(Method::GET, path, None, &Extra::default()).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Result<Answer> {
        self.send(Method::POST, path, Some(body), &Extra::default())
            .await
    }

    /// A POST with another token than the client's, or none, or a wrapped answer.
    pub async fn post_with(&self, path: &str, body: &Value, extra: &Extra<'_>) -> Result<Answer> {
        self.send(Method::POST, path, Some(body), extra).await
    }

    /// Sends one API request, retrying transport errors, 5xx and 429 with back-off
    /// within the retry count and the deadline.
    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        extra: &Extra<'_>,
    ) -> Result<Answer> {
        let url = self.url_for(path)?;
        let backoff = ExponentialBuilder::default()
            .with_min_delay(Duration::from_millis(100))
            .with_max_delay(Duration::from_secs(2))
            .with_max_times(self.max_retries)
            .with_jitter();
        let attempts = std::cell::Cell::new(0);
        let attempt = || {
            attempts.set(attempts.get() + 1);
            self.attempt(method.clone(), url.clone(), body, extra)
        };
        let outcome = attempt
            .retry(backoff)
            .when(|error: &Attempt| error.is_retryable() && self.remaining() > MIN_ATTEMPT_TIME)
            // Never sleep past the deadline: the last attempt gets the time left.
            .adjust(|_, delay| delay.map(|delay| delay.min(self.remaining() - MIN_ATTEMPT_TIME)))
            .notify(|error, delay| {
                tracing::debug!("{method} {path}: {error}; retrying in {delay:?}");
            })
            .await;
        match outcome {
            Ok(answer) | Err(Attempt::Answer(answer)) => Ok(answer),
            Err(Attempt::Transport(error)) => Err(self.unreachable(error, attempts.get())),
            Err(Attempt::Deadline) => Err(Failure::new(format!(
                "gave up on {} after the deadline of {}",
                self.address,
                humantime::format_duration(self.deadline_source)
            ))
            .hint("raise --deadline or VX_DEADLINE if the server is slow to answer")
            .into()),
            Err(Attempt::Decode(error)) => Err(error),
        }
    }

    /// The URL of API path `path` (which may end in `?query`), each segment
    /// percent-encoded, so a `%` or `#` in a secret's name reaches the server as
    /// written.
    fn url_for(&self, path: &str) -> Result<Url> {
        let (path, query) = match path.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (path, None),
        };
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|()| Failure::new(format!("{} cannot take a path", self.address)))?
            .pop_if_empty()
            .push("v1")
            .extend(path.split('/'));
        url.set_query(query);
        Ok(url)
    }

    fn remaining(&self) -> Duration {
        self.deadline.map_or(Duration::MAX, |deadline| {
            deadline.saturating_duration_since(Instant::now())
        })
    }

    /// For the requests of a watcher: no start-up deadline, and no retries of
    /// its own, since the watcher backs off on its own schedule.
    pub fn watch_mode(&mut self) {
        self.deadline = None;
        self.max_retries = 0;
    }

    async fn attempt(
        &self,
        method: Method,
        url: Url,
        body: Option<&Value>,
        extra: &Extra<'_>,
    ) -> Result<Answer, Attempt> {
        let remaining = self.remaining();
        if remaining.is_zero() {
            return Err(Attempt::Deadline);
        }
        let _permit = self.limit.acquire().await.map_err(|_| Attempt::Deadline)?;
        let started = Instant::now();
        let mut request = self
            .http
            .request(method.clone(), url.clone())
            .timeout(self.request_timeout.min(remaining));
        let token = match extra.token {
            As::Client => self.token.as_ref().map(|(token, _)| token),
            As::Anonymous => None,
            As::Token(token) => Some(token),
        };
        if let Some(ttl) = extra.wrap_ttl {
            request = request.header("X-Vault-Wrap-TTL", ttl.as_secs().max(1).to_string());
        }
        if let Some(token) = token {
            let mut value = HeaderValue::from_str(token.expose()).map_err(|_| {
                Attempt::Decode(
                    Failure::new("the token holds characters a header cannot carry").into(),
                )
            })?;
            value.set_sensitive(true);
            request = request.header("X-Vault-Token", value);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let mut response = request.send().await.map_err(|error| {
            if error.is_builder() {
                // Nothing went over the wire: retrying would fail the same way.
                let failure = Failure::new(format!(
                    "cannot make a request of `{}`: {}",
                    url.path(),
                    innermost(&error)
                ));
                Attempt::Decode(failure.into())
            } else {
                Attempt::Transport(error)
            }
        })?;
        let status = response.status();
        // Read with a cap: a secret is small, and something that is not OpenBao
        // answering without end must not exhaust the machine's memory.
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(Attempt::Transport)? {
            if bytes.len() + chunk.len() > MAX_ANSWER {
                return Err(Attempt::Decode(
                    Failure::new(format!(
                        "the answer to {method} `{}` is larger than {} MiB",
                        url.path(),
                        MAX_ANSWER / 1024 / 1024
                    ))
                    .hint("check that the address points at OpenBao or Vault")
                    .into(),
                ));
            }
            bytes.extend_from_slice(&chunk);
        }
        tracing::debug!(
            "{method} {} -> {} in {:?}",
            url.path(),
            status.as_u16(),
            started.elapsed()
        );
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).map_err(|_| {
                // Go's TLS listener answers plain HTTP with this sentence.
                let tls =
                    String::from_utf8_lossy(&bytes).contains("HTTP request to an HTTPS server");
                let hint = if tls {
                    "the server speaks TLS there: write the address with https://"
                } else {
                    "check that the address points at OpenBao or Vault, not a web page"
                };
                Attempt::Decode(
                    Failure::new(format!(
                        "the answer to {method} `{}` is not JSON (status {})",
                        url.path(),
                        status.as_u16()
                    ))
                    .hint(hint)
                    .into(),
                )
            })?
        };
        let answer = Answer { status, body };
        if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
            return Err(Attempt::Answer(answer));
        }
        Ok(answer)
    }

    fn unreachable(&self, error: reqwest::Error, attempts: usize) -> anyhow::Error {
        let hint = if error_chain_mentions(&error, &["corrupt message", "wrong version number"]) {
            "the server does not speak TLS there; use http:// if it serves plain HTTP"
        } else if error_chain_mentions(&error, &["not valid for name"]) {
            "use a name the certificate holds in the address, or set VAULT_TLS_SERVER_NAME to one"
        } else if is_tls_failure(&error) {
            "set VAULT_CACERT (or --ca-cert) to the CA that signed the server's certificate"
        } else if error.is_timeout() && self.remaining() <= MIN_ATTEMPT_TIME {
            "the deadline ran out; raise --deadline (VX_DEADLINE) if the server is slow"
        } else if error.is_timeout() {
            "the server did not answer in time; raise --request-timeout if it is slow"
        } else {
            "check the address and that the server is running and reachable from here"
        };
        // reqwest's chain repeats the URL and wraps the cause in layers ("client
        // error (Connect)", "tcp connect error"); the innermost cause says it all.
        let cause = if error.is_timeout() {
            "timed out".to_owned()
        } else {
            innermost(&error)
        };
        let what = if is_tls_failure(&error) {
            "TLS failed with the server at"
        } else {
            "cannot reach the server at"
        };
        Failure::new(format!(
            "{what} {} ({attempts} {}): {cause}",
            self.address,
            if attempts == 1 { "attempt" } else { "attempts" }
        ))
        .hint(hint)
        .into()
    }
}

fn innermost(error: &(dyn std::error::Error + 'static)) -> String {
    let mut current = error;
    while let Some(source) = current.source() {
        current = source;
    }
    current.to_string()
}

/// Why one attempt failed; the first two kinds are retried.
#[derive(Debug)]
enum Attempt {
    Transport(reqwest::Error),
    Answer(Answer),
    Deadline,
    Decode(anyhow::Error),
}

impl Attempt {
    /// Transport errors and 5xx/429 answers may pass; a certificate that does
    /// not verify will not verify on the next try either.
    fn is_retryable(&self) -> bool {
        match self {
            Self::Transport(error) => !is_tls_failure(error),
            Self::Answer(_) => true,
            Self::Deadline | Self::Decode(_) => false,
        }
    }
}

fn is_tls_failure(error: &reqwest::Error) -> bool {
    error_chain_mentions(
        error,
        &["certificate", "tls", "handshake", "corrupt message"],
    )
}

impl std::fmt::Display for Attempt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Transport(error) => write!(f, "{error}"),
            Self::Answer(answer) => f.write_str(&answer.describe()),
            Self::Deadline => f.write_str("deadline reached"),
            Self::Decode(error) => write!(f, "{error}"),
        }
    }
}

fn error_chain_mentions(error: &(dyn std::error::Error + 'static), words: &[&str]) -> bool {
    let mut cause = Some(error);
    while let Some(current) = cause {
        let text = current.to_string().to_ascii_lowercase();
        if words.iter().any(|word| text.contains(word)) {
            return true;
        }
        cause = current.source();
    }
    false
}

fn namespace_header(namespace: Option<&str>) -> Result<HeaderMap> {
    let mut headers = HeaderMap::new();
    if let Some(namespace) = namespace {
        let value = HeaderValue::from_str(namespace)
            .map_err(|_| Failure::new(format!("bad namespace `{namespace}`")))?;
        headers.insert("X-Vault-Namespace", value);
    }
    Ok(headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(body: Value) -> Answer {
        Answer {
            status: StatusCode::FORBIDDEN,
            body,
        }
    }

    #[test]
    fn multi_error_blocks_become_one_line() {
        let wrapped = answer(serde_json::json!({
            "errors": ["1 error occurred:\n\t* permission denied\n\n"]
        }));
        assert_eq!(
            wrapped.describe(),
            "the server answered 403: permission denied"
        );
        let plain = answer(serde_json::json!({"errors": ["a", "b"]}));
        assert_eq!(plain.errors(), "a; b");
        assert_eq!(answer(Value::Null).describe(), "the server answered 403");
    }
}
