//! Exit statuses and the way a failure is shown to the user.
//!
//! Every failure is an `anyhow::Error` whose chain reads from what vx was doing down
//! to the root cause. A `Failure` somewhere in the chain carries the exit status and
//! at most one hint; without one the status is 125, "vx failed before the command
//! started". Everything printed is stripped of control characters first, since much
//! of it comes from the server or the user.

use std::fmt;

/// vx failed before the command started (DESIGN.md, "Exit status").
pub const VX_FAILED: u8 = 125;
/// The command was found but could not be executed.
pub const CANNOT_EXECUTE: u8 = 126;
/// The command was not found.
pub const NOT_FOUND: u8 = 127;

/// The root cause of a failure, with the status vx exits with and an optional hint.
#[derive(Debug, Clone)]
pub struct Failure {
    message: String,
    hint: Option<String>,
    status: u8,
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hint: None,
            status: VX_FAILED,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn status(mut self, status: u8) -> Self {
        self.status = status;
        self
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// The status a failed run exits with.
pub fn status_of(error: &anyhow::Error) -> u8 {
    failure_in(error).map_or(VX_FAILED, |failure| failure.status)
}

/// The text shown for a failure: the chain, one cause a line, then the hint,
/// scrubbed of every secret vx holds.
pub fn render(error: &anyhow::Error) -> String {
    crate::redact::scrub(&render_raw(error)).into_owned()
}

fn render_raw(error: &anyhow::Error) -> String {
    let mut lines = error.chain().map(|cause| sanitize(&cause.to_string()));
    let mut text = format!("vx: {}", lines.next().unwrap_or_default());
    for cause in lines {
        text.push_str("\n  caused by: ");
        text.push_str(&cause);
    }
    if let Some(hint) = failure_in(error).and_then(|failure| failure.hint.as_deref()) {
        text.push_str("\n  hint: ");
        text.push_str(&sanitize(hint));
    }
    text
}

fn failure_in(error: &anyhow::Error) -> Option<&Failure> {
    // `downcast_ref` finds a `Failure` given as context at any depth; the chain
    // search finds one that is the source of another error.
    error.downcast_ref::<Failure>().or_else(|| {
        error
            .chain()
            .find_map(|cause| cause.downcast_ref::<Failure>())
    })
}

/// Escapes control characters so that text from the server or the user cannot move
/// the cursor, clear the screen or forge extra lines in a terminal or a log.
pub fn sanitize(text: &str) -> String {
    let mut clean = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            clean.extend(c.escape_default());
        } else {
            clean.push(c);
        }
    }
    clean
}

#[cfg(test)]
mod tests {
    use anyhow::Context;

    use super::*;

    #[test]
    fn chain_and_hint_are_rendered_in_order() {
        let root: anyhow::Result<()> = Err(Failure::new("no secret").hint("check it").into());
        let error = root
            .context("reading `a/b`")
            .context("resolving `X`")
            .unwrap_err();
        assert_eq!(
            render(&error),
            "vx: resolving `X`\n  caused by: reading `a/b`\n  caused by: no secret\n  hint: check it"
        );
        assert_eq!(status_of(&error), VX_FAILED);
    }

    #[test]
    fn status_comes_from_the_failure() {
        let error = anyhow::Error::from(Failure::new("gone").status(NOT_FOUND));
        assert_eq!(status_of(&error.context("starting")), NOT_FOUND);
        assert_eq!(status_of(&anyhow::anyhow!("plain")), VX_FAILED);
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(sanitize("a\x1b[2Jb\nc\td"), "a\\u{1b}[2Jb\\nc\\td");
        assert_eq!(sanitize("naïve ✓"), "naïve ✓");
    }
}
