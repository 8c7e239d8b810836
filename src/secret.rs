//! Types that hold credentials and secret values.
//!
//! Their `Debug` and `Display` print a placeholder, so that a stray `{:?}` in a log
//! line or an error cannot leak what they hold. Getting at the contents takes an
//! explicit `expose()`, which is easy to find in review.

use std::fmt;

use serde_json::{Map, Value};

const REDACTED: &str = "<redacted>";

/// A token, secret id, password or secret value.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        let value = value.into();
        crate::redact::register(&value);
        Self(value)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn into_exposed(self) -> String {
        self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// The `data` object of one secret as the server returned it.
///
/// `Debug` shows the key names only: they help a user find a typo, the values never
/// appear.
#[derive(Clone, Default)]
pub struct SecretData(Map<String, Value>);

impl SecretData {
    pub fn new(map: Map<String, Value>) -> Self {
        register_strings(&Value::Object(map.clone()));
        Self(map)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// One value as the text an environment variable gets: strings as they are,
    /// anything else (numbers, booleans, nested objects) as compact JSON.
    pub fn get(&self, key: &str) -> Option<Secret> {
        self.0.get(key).map(|value| match value {
            Value::String(text) => Secret::new(text.clone()),
            other => Secret::new(other.to_string()),
        })
    }

    pub fn expose(&self) -> &Map<String, Value> {
        &self.0
    }
}

/// Registers every string in a secret's data, nested ones too, for `redact`.
fn register_strings(value: &Value) {
    match value {
        Value::String(text) => crate::redact::register(text),
        Value::Array(items) => items.iter().for_each(register_strings),
        Value::Object(map) => map.values().for_each(register_strings),
        _ => {}
    }
}

impl fmt::Debug for SecretData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.keys()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_never_prints_its_value() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?} {secret}"), "<redacted> <redacted>");
        assert_eq!(secret.expose(), "hunter2");
    }

    #[test]
    fn data_debug_lists_keys_only() {
        let map = serde_json::json!({"user": "bob", "password": "hunter2"});
        let data = SecretData::new(map.as_object().unwrap().clone());
        let shown = format!("{data:?}");
        assert!(shown.contains("password") && shown.contains("user"));
        assert!(!shown.contains("hunter2") && !shown.contains("bob"));
    }

    #[test]
    fn non_string_values_become_json() {
        let map = serde_json::json!({"port": 5432, "tls": true, "opts": {"a": 1}});
        let data = SecretData::new(map.as_object().unwrap().clone());
        assert_eq!(data.get("port").unwrap().expose(), "5432");
        assert_eq!(data.get("tls").unwrap().expose(), "true");
        assert_eq!(data.get("opts").unwrap().expose(), r#"{"a":1}"#);
        assert!(data.get("missing").is_none());
    }
}
