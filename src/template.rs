//! Templates in environment values: minijinja with `secret("PATH")`,
//! `secret("PATH#KEY")`, `env("NAME")`, minijinja's filters (`urlencode`,
//! `tojson`, ...) and `percent_encode` for a value inside a URL.
//!
//! A template is rendered in two passes. The discovery pass runs against what has
//! been read so far, records every path it asks for that is not there yet, and
//! treats the missing values as chainable undefined so that one pass finds them all.
//! Once `resolve` has read those paths (together with the plain references, each
//! path once), the final pass renders strictly: an undefined key is an error, never
//! an empty string.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use minijinja::value::{Enumerator, Object, Value};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior};

use crate::exit::Failure;
use crate::reference::{Reference, SecretPath};
use crate::resolve::{self, Cache};
use crate::secret::{Secret, SecretData};

/// How many instructions one template may run: far more than any real template
/// needs, a fraction of a second of work.
const FUEL: u64 = 5_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    Discover,
    Final,
}

/// What a pass found: the paths it needs that were not read yet, and, in the final
/// pass, the rendered text or the reason it could not be rendered.
pub struct Outcome {
    pub misses: BTreeSet<SecretPath>,
    pub rendered: Result<Secret, Failure>,
}

#[derive(Default)]
struct Tracker {
    misses: BTreeSet<SecretPath>,
    /// The last key asked of a secret's map that the secret does not have. An
    /// undefined-value error in the final pass is explained with it.
    missing_key: Option<Failure>,
}

type Shared = Arc<Mutex<Tracker>>;

fn lock(tracker: &Shared) -> std::sync::MutexGuard<'_, Tracker> {
    tracker.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Renders `source`, the value of variable `name`, against `cache`.
pub fn render(name: &str, source: &str, cache: &Arc<Cache>, pass: Pass) -> Outcome {
    let tracker = Shared::default();
    let mut env = Environment::new();
    env.set_keep_trailing_newline(true);
    // Templates come from env files and flags: a loop of loops must end in an
    // error, not hold vx (and the command's start) forever.
    env.set_fuel(Some(FUEL));
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_undefined_behavior(match pass {
        Pass::Discover => UndefinedBehavior::Chainable,
        Pass::Final => UndefinedBehavior::Strict,
    });
    let (lookup_cache, lookup_tracker) = (Arc::clone(cache), Arc::clone(&tracker));
    env.add_function("secret", move |text: String| {
        secret(&lookup_cache, &lookup_tracker, &text)
    });
    env.add_function("env", environment_variable);
    env.add_filter("percent_encode", percent_encode);

    let result = env
        .template_from_named_str(name, source)
        .and_then(|template| template.render(()));
    let mut tracker = lock(&tracker);
    Outcome {
        misses: std::mem::take(&mut tracker.misses),
        rendered: result
            .map(Secret::new)
            .map_err(|error| explain(name, &error, tracker.missing_key.take())),
    }
}

/// `secret("PATH")` gives the secret's map, `secret("PATH#KEY")` one value.
fn secret(cache: &Arc<Cache>, tracker: &Shared, text: &str) -> Result<Value, Error> {
    let (path, key) = match text.split_once('#') {
        Some(_) => {
            let reference = Reference::parse(text).map_err(wrap)?;
            (reference.path, Some(reference.key))
        }
        None => (SecretPath::parse(text).map_err(wrap)?, None),
    };
    let data = match cache.get(&path) {
        None => {
            lock(tracker).misses.insert(path);
            return Ok(Value::UNDEFINED);
        }
        Some(Err(failure)) => return Err(wrap(failure.clone())),
        Some(Ok(data)) => data,
    };
    match key {
        None => Ok(Value::from_object(SecretMap {
            path,
            data: data.clone(),
            tracker: Arc::clone(tracker),
        })),
        Some(key) => match data.get(&key) {
            Some(value) => Ok(Value::from(value.into_exposed())),
            None => Err(wrap(resolve::missing_key(&path, &key, data))),
        },
    }
}

/// Encodes everything but unreserved characters, for a password inside a URL
/// (`urlencode`, as in Jinja, leaves `/` alone).
fn percent_encode(text: String) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    const RESERVED: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    utf8_percent_encode(&text, RESERVED).to_string()
}

/// Variables `env()` refuses: the credentials vx logs in with, which the command
/// does not get unless the user says so (`--keep-token-env`).
static HIDDEN: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();

/// Sets the variables `env()` refuses, once, before anything renders.
pub fn hide_from_env(names: Vec<String>) {
    let _ = HIDDEN.set(names);
}

/// `env("NAME")`, or `env("NAME", "default")` when NAME may be unset.
fn environment_variable(name: String, default: Option<String>) -> Result<Value, Error> {
    if HIDDEN.get().is_some_and(|hidden| hidden.contains(&name)) {
        return Err(wrap(
            Failure::new(format!(
                "`{name}` holds a credential of vx's; env() does not give it"
            ))
            .hint("pass --keep-token-env to hand vx's credentials to the command"),
        ));
    }
    match (std::env::var(&name), default) {
        (Ok(value), _) => Ok(Value::from(value)),
        (Err(_), Some(default)) => Ok(Value::from(default)),
        (Err(_), None) => Err(wrap(
            Failure::new(format!("environment variable `{name}` is not set")).hint(format!(
                "set it, or give a default: env(\"{name}\", \"...\")"
            )),
        )),
    }
}

fn wrap(failure: Failure) -> Error {
    Error::new(ErrorKind::InvalidOperation, failure.to_string()).with_source(failure)
}

/// The failure to report for a template that did not render: ours when one of our
/// functions failed, a missing key when an undefined value came from a secret's
/// map, minijinja's own description otherwise.
fn explain(name: &str, error: &Error, missing_key: Option<Failure>) -> Failure {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = cause {
        if let Some(failure) = current.downcast_ref::<Failure>() {
            return failure.clone();
        }
        cause = current.source();
    }
    if let (ErrorKind::UndefinedError, Some(failure)) = (error.kind(), missing_key) {
        return failure;
    }
    if error.kind() == ErrorKind::UndefinedError {
        let line = error
            .line()
            .map(|line| format!(" on line {line}"))
            .unwrap_or_default();
        return Failure::new(format!(
            "the template of `{name}` uses something undefined{line}"
        ))
        .hint("templates know secret(\"PATH\"), secret(\"PATH#KEY\"), env(\"NAME\") and filters");
    }
    if error.kind() == ErrorKind::OutOfFuel {
        return Failure::new(format!("the template of `{name}` runs too long"))
            .hint("a template builds one value; it is not a place for long loops");
    }
    let line = error
        .line()
        .map(|line| format!(" on line {line}"))
        .unwrap_or_default();
    let detail = error
        .detail()
        .map(|detail| format!(": {detail}"))
        .unwrap_or_default();
    Failure::new(format!(
        "the template of `{name}` failed{line}: {}{detail}",
        error.kind()
    ))
}

/// A secret's data as a template sees it: a map whose missing keys are recorded so
/// that the error can list the keys the secret has.
struct SecretMap {
    path: SecretPath,
    data: SecretData,
    tracker: Shared,
}

impl fmt::Debug for SecretMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "secret `{}` with keys {:?}", self.path, self.data)
    }
}

impl Object for SecretMap {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let key = key.as_str()?;
        let value = self.data.expose().get(key).map(Value::from_serialize);
        if value.is_none() {
            lock(&self.tracker).missing_key =
                Some(resolve::missing_key(&self.path, key, &self.data));
        }
        value
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let keys: Vec<Value> = self.data.keys().map(Value::from).collect();
        Enumerator::Values(keys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache_with(path: &str, data: serde_json::Value) -> Arc<Cache> {
        let mut cache = Cache::new();
        let map = data.as_object().unwrap().clone();
        cache.insert(SecretPath::parse(path).unwrap(), Ok(SecretData::new(map)));
        Arc::new(cache)
    }

    fn final_text(source: &str, cache: &Arc<Cache>) -> Result<String, String> {
        let outcome = render("DSN", source, cache, Pass::Final);
        outcome
            .rendered
            .map(Secret::into_exposed)
            .map_err(|failure| crate::exit::render(&failure.into()))
    }

    #[test]
    fn discovery_finds_every_path_in_one_pass() {
        let source = r#"{{ secret("db/creds/app").username }}:{{ secret("kv/x#y") }}"#;
        let outcome = render("DSN", source, &Arc::default(), Pass::Discover);
        let misses: Vec<String> = outcome.misses.iter().map(ToString::to_string).collect();
        assert_eq!(misses, ["db/creds/app", "kv/x"]);
    }

    #[test]
    fn renders_text_around_secrets_byte_for_byte() {
        let cache = cache_with(
            "db/creds/app",
            serde_json::json!({"username": "u", "password": "p\"$x\n"}),
        );
        let source = "pg://{{ secret(\"db/creds/app\").username }}:{{ secret(\"db/creds/app#password\") }}@h\n";
        assert_eq!(final_text(source, &cache).unwrap(), "pg://u:p\"$x\n@h\n");
    }

    #[test]
    fn undefined_keys_are_errors_naming_the_keys() {
        let cache = cache_with("kv/app", serde_json::json!({"password": "hunter2"}));
        for source in [
            r#"{{ secret("kv/app").pasword }}"#,
            r#"{{ secret("kv/app#pasword") }}"#,
        ] {
            let error = final_text(source, &cache).unwrap_err();
            assert_eq!(
                error,
                "vx: key `pasword` not found in `kv/app`; it has: password\n  hint: did you mean `password`?"
            );
        }
    }

    #[test]
    fn filters_for_urls_and_json_and_a_bound_on_work() {
        let cache = cache_with(
            "db",
            serde_json::json!({"password": "p@ss:w/rd#1", "port": 5432}),
        );
        let source = r#"{{ secret("db#password") | percent_encode }} {{ secret("db") | tojson }}"#;
        assert_eq!(
            final_text(source, &cache).unwrap(),
            r#"p%40ss%3Aw%2Frd%231 {"password":"p@ss:w/rd#1","port":5432}"#
        );
        let endless =
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}";
        let error = final_text(endless, &cache).unwrap_err();
        assert!(
            error.starts_with("vx: the template of `DSN` runs too long"),
            "{error}"
        );
    }

    #[test]
    fn env_function_and_syntax_errors() {
        let cache = Arc::default();
        assert_eq!(
            final_text(r#"{{ env("VX_SURELY_UNSET", "d") }}"#, &cache).unwrap(),
            "d"
        );
        let unset = final_text(r#"{{ env("VX_SURELY_UNSET") }}"#, &cache).unwrap_err();
        assert!(
            unset.starts_with("vx: environment variable `VX_SURELY_UNSET` is not set"),
            "{unset}"
        );
        let syntax = final_text("{{ secret(", &cache).unwrap_err();
        assert!(
            syntax.starts_with("vx: the template of `DSN` failed on line 1: syntax error"),
            "{syntax}"
        );
    }
}
