//! The last line of defence against leaks: every secret value, token and password
//! vx holds is registered here, and every error message and log line is scrubbed of
//! them before it is printed.
//!
//! The types in `secret` keep values out of `Debug` and `Display`, but a value can
//! still reach a message as data: a template that uses one secret as the key,
//! path or variable name of another puts it in "key `...` not found". Values
//! shorter than `MIN_LEN` are not registered: scrubbing every "1" or "yes" would
//! garble messages and protect nothing.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::{Mutex, PoisonError};

const MIN_LEN: usize = 4;
const PLACEHOLDER: &str = "<redacted>";

static KNOWN: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

/// Remembers `value` as something never to print.
pub fn register(value: &str) {
    if value.chars().count() >= MIN_LEN {
        let mut known = KNOWN.lock().unwrap_or_else(PoisonError::into_inner);
        if !known.contains(value) {
            known.insert(value.to_owned());
        }
    }
}

/// `text` with every registered value replaced by a placeholder.
pub fn scrub(text: &str) -> Cow<'_, str> {
    let known = KNOWN.lock().unwrap_or_else(PoisonError::into_inner);
    if !known.iter().any(|value| text.contains(value.as_str())) {
        return Cow::Borrowed(text);
    }
    // Longest first, so a value containing another is replaced whole.
    let mut values: Vec<&String> = known.iter().collect();
    values.sort_by_key(|value| std::cmp::Reverse(value.len()));
    let mut scrubbed = text.to_owned();
    for value in values {
        if scrubbed.contains(value.as_str()) {
            scrubbed = scrubbed.replace(value.as_str(), PLACEHOLDER);
        }
    }
    Cow::Owned(scrubbed)
}

/// A writer for the logger: collects one event and writes it scrubbed.
pub struct Scrubbing {
    buffer: Vec<u8>,
}

impl Scrubbing {
    pub fn stderr() -> Self {
        Self { buffer: Vec::new() }
    }
}

impl std::io::Write for Scrubbing {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for Scrubbing {
    fn drop(&mut self) {
        let text = String::from_utf8_lossy(&self.buffer);
        let _ = std::io::stderr().write_all(scrub(&text).as_bytes());
    }
}

use std::io::Write as _;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_values_are_scrubbed_longest_first() {
        register("hunter2-redact-test");
        register("hunter2-redact-test-longer");
        register("abc");
        assert_eq!(
            scrub("key `hunter2-redact-test-longer` and hunter2-redact-test, abc"),
            "key `<redacted>` and <redacted>, abc"
        );
        assert!(matches!(scrub("nothing here"), Cow::Borrowed(_)));
    }
}
