//! Errors of the configuration, and the translation of the toml crate's errors into them.
//!
//! Whoever fixes `borne.toml` is a volunteer with a text editor, so every message names the
//! line, the dotted key (`shortcut[2].choice[0].url`), what is allowed and what was found.

use std::collections::HashMap;
use std::path::PathBuf;

/// Why a configuration was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read at all.
    #[error("{}: cannot read the file: {message}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What kind of I/O error it was (not found, permission denied...).
        kind: std::io::ErrorKind,
        /// The I/O error's own text.
        message: String,
    },
    /// The content of a file is invalid; the message is prefixed with its path.
    #[error("{}: {error}", path.display())]
    InFile {
        /// The file.
        path: PathBuf,
        /// What is wrong inside it. Not a `#[source]`: its text is already in this message.
        error: Box<ConfigError>,
    },
    /// The text is not valid TOML.
    #[error("{}{message}", line.map(|line| format!("line {line}: ")).unwrap_or_default())]
    Syntax {
        /// 1-based line, when the toml crate gave a position.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// A key that the file format does not have (often a typo).
    #[error(
        "line {line}: unknown key `{key}` {}{}",
        table_phrase(table),
        expected_phrase(expected)
    )]
    UnknownKey {
        /// 1-based line of the key.
        line: usize,
        /// The key as written.
        key: String,
        /// Dotted path of the table it is in, `""` for the top level.
        table: String,
        /// The keys allowed there, as the toml crate lists them.
        expected: String,
    },
    /// A value is missing, of the wrong type or outside what is allowed.
    #[error("line {line}, {key}: {problem}")]
    Invalid {
        /// 1-based line of the value (or of its table when the value is missing).
        line: usize,
        /// Dotted path of the value, e.g. `session.drop_in_minutes`.
        key: String,
        /// What is allowed and what was found.
        problem: String,
    },
}

impl ConfigError {
    /// The 1-based line the error points at, if it points at one.
    pub fn line(&self) -> Option<usize> {
        match self {
            Self::Read { .. } => None,
            Self::InFile { error, .. } => error.line(),
            Self::Syntax { line, .. } => *line,
            Self::UnknownKey { line, .. } | Self::Invalid { line, .. } => Some(*line),
        }
    }
}

fn table_phrase(table: &str) -> String {
    if table.is_empty() {
        "at the top level of the file".to_owned()
    } else if table.contains(['[', ']']) {
        format!("in {table}")
    } else {
        format!("in [{table}]")
    }
}

fn expected_phrase(expected: &str) -> String {
    if expected.is_empty() {
        String::new()
    } else {
        format!(" (expected {expected})")
    }
}

/// The 1-based line of byte `offset` in `text`.
pub(super) fn line_at(text: &str, offset: usize) -> usize {
    let before = text.as_bytes().get(..offset).unwrap_or(text.as_bytes());
    before.iter().filter(|&&b| b == b'\n').count() + 1
}

/// Turns an error of `toml::from_str` on `text` into a [`ConfigError`] with a line and key.
pub(super) fn from_toml(text: &str, error: &toml::de::Error) -> ConfigError {
    let message = error.message();
    let Some(span) = error.span() else {
        return ConfigError::Syntax {
            line: None,
            message: message.to_owned(),
        };
    };
    let line = line_at(text, span.start);
    let keys = toml_key_path(error);
    // toml's key path has no array indices; the table headers above the error give them.
    let key = with_indices(&keys, &table_path_at(text, span.start));

    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
        return ConfigError::UnknownKey {
            line,
            key: name.to_owned(),
            table: key,
            expected: expected.trim_start_matches(", expected ").to_owned(),
        };
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.trim_end_matches('`');
        return ConfigError::Invalid {
            line,
            key: if key.is_empty() { name.to_owned() } else { key },
            problem: format!("missing key `{name}`"),
        };
    }
    if keys.is_empty() {
        // A TOML syntax error: there is no key yet, but the offending text helps.
        let found = text.get(span).unwrap_or_default().trim();
        let message = if found.is_empty() || message.contains(found) {
            message.to_owned()
        } else {
            format!("{message}: `{found}`")
        };
        return ConfigError::Syntax {
            line: Some(line),
            message,
        };
    }
    ConfigError::Invalid {
        line,
        key,
        problem: plain_type_error(message),
    }
}

/// The dotted key path toml records in an error (no array indices), or `""`.
///
/// toml only prints it when it has no input to quote, so it is read back from that display
/// form: "message\nin `a.b`\n". The tests of this module fail if toml changes that form.
fn toml_key_path(error: &toml::de::Error) -> String {
    let mut bare = error.clone();
    bare.set_input(None);
    bare.to_string()
        .lines()
        .rev()
        .find_map(|line| {
            line.strip_prefix("in `")?
                .strip_suffix('`')
                .map(str::to_owned)
        })
        .unwrap_or_default()
}

/// serde's "invalid type: string \"5\", expected i64" said for a volunteer.
fn plain_type_error(message: &str) -> String {
    let Some((found, expected)) = message
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.split_once(", expected "))
    else {
        return message.to_owned();
    };
    let expected = match expected {
        "i64" | "u32" => "a whole number",
        "a string" => "a text in quotes",
        "a sequence" => "a list in [ ]",
        other if other.starts_with("struct ") => "a table",
        other => other,
    };
    format!("expected {expected}, found {found}")
}

/// Puts the array indices of `table` (e.g. `shortcut[1].choice[0]`) into the index-free
/// `keys` toml reports (e.g. `shortcut.choice.url`), when they agree.
fn with_indices(keys: &str, table: &str) -> String {
    let bare_table = without_indices(table);
    if bare_table.is_empty() {
        return keys.to_owned();
    }
    match keys.strip_prefix(&bare_table) {
        Some("") => table.to_owned(),
        Some(rest) if rest.starts_with('.') => format!("{table}{rest}"),
        _ => keys.to_owned(),
    }
}

fn without_indices(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => in_index = true,
            ']' => in_index = false,
            c if !in_index => out.push(c),
            _ => {}
        }
    }
    out
}

/// The table that byte `offset` of `text` is in, with array indices: `shortcut[1].choice[0]`.
///
/// Only looks at header lines (`[a.b]`, `[[a.b]]`); a line starting with `[` inside a
/// multi-line array or string would confuse it, which `borne.toml` has no reason to contain.
/// Used for messages only, never to read values.
fn table_path_at(text: &str, offset: usize) -> String {
    let mut array_lengths: HashMap<String, usize> = HashMap::new();
    let mut current = String::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        if line_start > offset {
            break;
        }
        line_start += line.len();
        let trimmed = line.trim();
        let (inner, is_array) = if let Some(rest) = trimmed.strip_prefix("[[") {
            (rest.split("]]").next().unwrap_or_default(), true)
        } else if let Some(rest) = trimmed.strip_prefix('[') {
            (rest.split(']').next().unwrap_or_default(), false)
        } else {
            continue;
        };
        let segments: Vec<&str> = inner
            .split('.')
            .map(|s| s.trim().trim_matches(['"', '\'']))
            .collect();
        let mut path = String::new();
        for (i, segment) in segments.iter().enumerate() {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(segment);
            let index = if is_array && i + 1 == segments.len() {
                let length = array_lengths.entry(path.clone()).or_insert(0);
                *length += 1;
                Some(*length - 1)
            } else {
                array_lengths.get(&path).map(|length| length - 1)
            };
            if let Some(index) = index {
                path = format!("{path}[{index}]");
            }
        }
        current = path;
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_at_counts_from_one() {
        assert_eq!(line_at("a\nb\nc", 0), 1);
        assert_eq!(line_at("a\nb\nc", 2), 2);
        assert_eq!(line_at("a\nb\nc", 4), 3);
        assert_eq!(line_at("a\nb\nc", 999), 3);
    }

    #[test]
    fn table_path_counts_arrays_of_tables() {
        let text = "[session]\nx = 1\n[[shortcut]]\nid = 1\n[[shortcut]]\n\
                    [[shortcut.choice]]\n[[shortcut.choice]]\nid = 2\n[[shortcut]]\n\
                    [[shortcut.choice]]\nid = 3\n";
        let at = |needle: &str| table_path_at(text, text.find(needle).unwrap());
        assert_eq!(at("x = 1"), "session");
        assert_eq!(at("id = 1"), "shortcut[0]");
        assert_eq!(at("id = 2"), "shortcut[1].choice[1]");
        assert_eq!(at("id = 3"), "shortcut[2].choice[0]");
        assert_eq!(table_path_at(text, 0), "session");
        assert_eq!(table_path_at("a = 1\n[b]\n", 0), "");
    }

    #[test]
    fn indices_go_into_toml_keys() {
        assert_eq!(
            with_indices("shortcut.choice.url", "shortcut[1].choice[0]"),
            "shortcut[1].choice[0].url"
        );
        assert_eq!(with_indices("session", "session"), "session");
        assert_eq!(with_indices("session.x", ""), "session.x");
        assert_eq!(with_indices("other", "shortcut[0]"), "other");
    }

    #[test]
    fn toml_still_reports_its_key_path() {
        #[derive(Debug, serde::Deserialize)]
        struct Outer {
            #[expect(dead_code, reason = "only deserialised to provoke an error")]
            inner: Inner,
        }
        #[derive(Debug, serde::Deserialize)]
        struct Inner {
            #[expect(dead_code, reason = "only deserialised to provoke an error")]
            n: i64,
        }
        let error = toml::from_str::<Outer>("[inner]\nn = \"x\"\n").unwrap_err();
        assert_eq!(toml_key_path(&error), "inner.n");
    }

    #[test]
    fn type_errors_are_said_plainly() {
        assert_eq!(
            plain_type_error("invalid type: string \"5\", expected i64"),
            "expected a whole number, found string \"5\""
        );
        assert_eq!(plain_type_error("something else"), "something else");
    }
}
