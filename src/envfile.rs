//! The env-file syntax: `NAME=VALUE` lines, `#` comments, an optional `export `,
//! single quotes (kept as written, may span lines), double quotes (with `\n`,
//! `\t`, `\"`, `\\` escapes, may span lines), and unquoted values (trimmed, ended
//! by ` #`).
//!
//! There is deliberately no `$VAR` expansion, as in Docker's `--env-file` and
//! systemd's `EnvironmentFile=`. Expansion happens before vx looks at a value, so
//! a variable holding `vault:...` or `{{ ... }}` (a CI job's branch name, a pull
//! request's title) would turn into a reference and read any secret the token can.
//! `env("NAME")` in a template is the explicit way. dotenvy expands without a way
//! to turn it off, hence this small parser of our own.

use crate::exit::Failure;

/// Env files larger than this are refused: a file of secrets is small, and reading
/// `/dev/zero` must not eat the machine's memory.
pub const MAX_SIZE: u64 = 4 * 1024 * 1024;

/// One `NAME=VALUE` with the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub line: usize,
    pub name: String,
    pub value: String,
}

/// Parses a whole env file.
pub fn parse(text: &str) -> Result<Vec<Entry>, Failure> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parser = Parser {
        rest: text,
        line: 1,
    };
    let mut entries = Vec::new();
    while let Some(entry) = parser.entry()? {
        entries.push(entry);
    }
    Ok(entries)
}

struct Parser<'a> {
    rest: &'a str,
    line: usize,
}

impl Parser<'_> {
    fn entry(&mut self) -> Result<Option<Entry>, Failure> {
        loop {
            let Some(first) = self.rest.lines().next() else {
                return Ok(None);
            };
            let trimmed = first.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                self.skip_line();
                continue;
            }
            break;
        }
        let line = self.line;
        self.rest = self.rest.trim_start_matches([' ', '\t']);
        if let Some(after) = self.rest.strip_prefix("export ") {
            self.rest = after.trim_start_matches([' ', '\t']);
        }
        let Some(equals) = self.rest.find('=') else {
            let shown = self.rest.lines().next().unwrap_or_default();
            return Err(self.error(line, &format!("`{shown}` is not NAME=VALUE")));
        };
        let name = self.rest[..equals].trim_end().to_owned();
        if name.contains('\n') {
            let shown = name.lines().next().unwrap_or_default();
            return Err(self.error(line, &format!("`{shown}` is not NAME=VALUE")));
        }
        self.rest = self.rest[equals + 1..].trim_start_matches([' ', '\t']);
        let value = match self.rest.chars().next() {
            Some('\'') => self.quoted('\'', line)?,
            Some('"') => self.quoted('"', line)?,
            _ => self.unquoted(),
        };
        Ok(Some(Entry { line, name, value }))
    }

    /// An unquoted value: to the end of the line or a ` #` comment, trimmed.
    fn unquoted(&mut self) -> String {
        let end = self.rest.find('\n').unwrap_or(self.rest.len());
        let raw = self.rest[..end].trim_end_matches('\r');
        let value = match raw.find(" #").or_else(|| raw.find("\t#")) {
            Some(comment) => &raw[..comment],
            None => raw,
        };
        let value = value.trim().to_owned();
        self.skip_line();
        value
    }

    /// A value in `quote`s, which may span lines; double quotes take escapes.
    fn quoted(&mut self, quote: char, line: usize) -> Result<String, Failure> {
        let mut value = String::new();
        let mut chars = self.rest[1..].char_indices();
        while let Some((at, c)) = chars.next() {
            match c {
                c if c == quote => {
                    let after = &self.rest[1 + at + 1..];
                    self.rest = after;
                    self.finish_line(line)?;
                    return Ok(value);
                }
                '\\' if quote == '"' => match chars.next().map(|(_, c)| c) {
                    Some('n') => value.push('\n'),
                    Some('t') => value.push('\t'),
                    Some('r') => value.push('\r'),
                    Some(other @ ('"' | '\\' | '$' | '`')) => value.push(other),
                    Some(other) => {
                        value.push('\\');
                        value.push(other);
                    }
                    None => break,
                },
                '\n' => {
                    self.line += 1;
                    value.push('\n');
                }
                c => value.push(c),
            }
        }
        Err(self.error(
            line,
            &format!("the {quote} quote that opens the value is never closed"),
        ))
    }

    /// After a closing quote only white space and a comment may follow.
    fn finish_line(&mut self, line: usize) -> Result<(), Failure> {
        let end = self.rest.find('\n').unwrap_or(self.rest.len());
        let tail = self.rest[..end].trim_end_matches('\r').trim();
        if !tail.is_empty() && !tail.starts_with('#') {
            return Err(self.error(
                line,
                &format!("unexpected `{tail}` after the closing quote"),
            ));
        }
        self.skip_line();
        Ok(())
    }

    fn skip_line(&mut self) {
        match self.rest.find('\n') {
            Some(end) => {
                self.rest = &self.rest[end + 1..];
                self.line += 1;
            }
            None => self.rest = "",
        }
    }

    fn error(&self, line: usize, reason: &str) -> Failure {
        Failure::new(format!("line {line}: {reason}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<(String, String)> {
        parse(text)
            .unwrap()
            .into_iter()
            .map(|entry| (entry.name, entry.value))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_syntax() {
        let text = "\u{feff}# comment\n\nA=plain value # note\nexport B = 'single $HOME \"q\"'\nC=\"tab\\tnl\\n\\\"q\\\" \\$X\"\r\nD=\nE='multi\nline'\nF=\"two\nlines\" # c\nG=a#b\n";
        assert_eq!(
            values(text),
            pairs(&[
                ("A", "plain value"),
                ("B", "single $HOME \"q\""),
                ("C", "tab\tnl\n\"q\" $X"),
                ("D", ""),
                ("E", "multi\nline"),
                ("F", "two\nlines"),
                ("G", "a#b"),
            ])
        );
    }

    #[test]
    fn dollar_signs_stay_literal() {
        let text = "A=$HOME\nB=\"${USER:-x}\"\nC=pre$PATH\n";
        assert_eq!(
            values(text),
            pairs(&[("A", "$HOME"), ("B", "${USER:-x}"), ("C", "pre$PATH")])
        );
    }

    #[test]
    fn errors_name_the_line() {
        let error = |text: &str| parse(text).unwrap_err().to_string();
        assert_eq!(
            error("A=1\nnot a pair\n"),
            "line 2: `not a pair` is not NAME=VALUE"
        );
        assert_eq!(
            error("A=1\nB='open\nC=2\n"),
            "line 2: the ' quote that opens the value is never closed"
        );
        assert_eq!(
            error("A=\"x\" y\n"),
            "line 1: unexpected `y` after the closing quote"
        );
        let lines = parse("A='x\ny'\nB=2\n").unwrap();
        assert_eq!(lines[1].line, 3);
    }
}
