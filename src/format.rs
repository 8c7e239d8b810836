//! `vx env` output formats, each quoted so that its consumer reads every value
//! back byte for byte: a dotenv file vx itself reads, a POSIX shell, JSON, and
//! GitHub Actions' `$GITHUB_ENV` file.

use std::fmt::Write;

use clap::ValueEnum;

use crate::secret::Secret;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// NAME="value" lines, as `--env-file` reads them
    Dotenv,
    /// export NAME='value' lines, for `eval` or `.`
    Shell,
    /// one JSON object
    Json,
    /// NAME<<DELIMITER blocks, for `>> "$GITHUB_ENV"`
    Github,
}

pub fn render(format: Format, vars: &[(String, Secret)]) -> String {
    match format {
        Format::Dotenv => lines(vars, |name, value| {
            format!("{name}=\"{}\"", dotenv_escape(value))
        }),
        Format::Shell => lines(vars, |name, value| {
            format!("export {name}='{}'", value.replace('\'', "'\\''"))
        }),
        Format::Json => {
            let map: serde_json::Map<String, serde_json::Value> = vars
                .iter()
                .map(|(name, value)| (name.clone(), value.expose().into()))
                .collect();
            format!("{}\n", serde_json::Value::Object(map))
        }
        Format::Github => lines(vars, |name, value| {
            let delimiter = delimiter_for(value);
            format!("{name}<<{delimiter}\n{value}\n{delimiter}")
        }),
    }
}

fn lines(vars: &[(String, Secret)], line: impl Fn(&str, &str) -> String) -> String {
    let mut out = String::new();
    for (name, value) in vars {
        let _ = writeln!(out, "{}", line(name, value.expose()));
    }
    out
}

/// The escapes `envfile` undoes in double quotes.
fn dotenv_escape(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            '"' => escaped.push_str("\\\""),
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            '\t' => escaped.push_str("\\t"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// A heredoc delimiter that is no line of `value`.
fn delimiter_for(value: &str) -> String {
    let mut n = 0u32;
    loop {
        let unit = crate::schedule::random_unit();
        let candidate = format!(
            "VX_EOF_{:016x}",
            (unit * u64::MAX as f64) as u64 ^ u64::from(n)
        );
        if !value.lines().any(|line| line == candidate) {
            return candidate;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars() -> Vec<(String, Secret)> {
        let awkward = "a \"q\" 'sq' $HOME `x` \\ back\nline2\ttab\r";
        vec![
            ("A".to_owned(), Secret::new(awkward)),
            ("B".to_owned(), Secret::new("")),
        ]
    }

    #[test]
    fn dotenv_reads_back_through_our_parser() {
        let text = render(Format::Dotenv, &vars());
        let parsed = crate::envfile::parse(&text).unwrap();
        let back: Vec<(String, String)> = parsed.into_iter().map(|e| (e.name, e.value)).collect();
        let expected: Vec<(String, String)> = vars()
            .into_iter()
            .map(|(n, v)| (n, v.into_exposed()))
            .collect();
        assert_eq!(back, expected);
    }

    #[test]
    fn json_and_github() {
        let json: serde_json::Value = serde_json::from_str(&render(Format::Json, &vars())).unwrap();
        assert_eq!(json["A"], vars()[0].1.expose());
        let github = render(Format::Github, &vars()[..1]);
        let (head, rest) = github.split_once('\n').unwrap();
        let delimiter = head.strip_prefix("A<<").unwrap();
        assert_eq!(rest, format!("{}\n{delimiter}\n", vars()[0].1.expose()));
    }
}
