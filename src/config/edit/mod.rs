//! Changes made from the admin screens, written back into `borne.toml` with its comments and
//! layout kept (toml_edit), validated by the same rules as the file itself.
//!
//! [`apply`] is pure, text in and text out: it edits the parsed document in place, so every
//! comment, blank line and key order outside the changed values stays as the volunteer wrote
//! it, and a changed value keeps its trailing comment. The new text is then read by
//! [`super::parse`], so an edit is refused with exactly the message the file would get.
//! [`save`] is the thin I/O layer: an atomic replacement of the file.

use toml_edit::{Array, DocumentMut, Item, Table, TableLike, Value};

use super::{Config, ConfigError, Shortcut, ShortcutTarget};
use crate::domain::Language;
use crate::domain::hours::WEEKDAY_KEYS;

mod save;
mod shortcuts;

pub use save::*;
use shortcuts::*;

/// The sections in the order of the shipped file; a missing one is created after the last
/// table of those before it, so a new `[hours]` lands next to `[session]`.
const SECTION_ORDER: [&str; 7] = [
    "station", "session", "hours", "browser", "sites", "shortcut", "stats",
];

/// One change made from the admin screens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigEdit {
    /// `[station] language`.
    Language(Language),
    /// Integer keys of `[session]`: (key, value), e.g. `("drop_in_minutes", 60)`,
    /// `("extension_minutes", 15)`, `("max_extensions", 2)`.
    SessionNumbers(Vec<(&'static str, i64)>),
    /// `[session] warn_at_minutes_left`.
    Warnings(Vec<i64>),
    /// `[hours]`: the seven day texts, Monday first, in the file's syntax
    /// (`"09:00-12:00, 14:00-17:30"`, `""` for closed); `None` removes the section (always open).
    Hours(Option<[String; 7]>),
    /// `[sites] allow`.
    Sites(Vec<String>),
    /// A new `[[shortcut]]` after the others.
    AddShortcut(ShortcutDraft),
    /// Replaces the fields of shortcut `index` that the draft has. A shortcut with
    /// `[[shortcut.choice]]` entries keeps them: a draft without url leaves url and
    /// `also_allow` as they are.
    EditShortcut {
        /// Position of the shortcut in the file, from 0.
        index: usize,
        /// Its new fields.
        draft: ShortcutDraft,
    },
    /// Removes the shortcut at this position (from 0).
    RemoveShortcut(usize),
    /// Moves shortcut `from` so that it ends at position `to` (both from 0).
    MoveShortcut {
        /// Where it is.
        from: usize,
        /// Where it goes.
        to: usize,
    },
}

/// The fields of a shortcut as the admin screen edits them, unchecked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShortcutDraft {
    /// `id`.
    pub id: String,
    /// `label.fr`.
    pub label_fr: String,
    /// `label.en`; `None` uses the French text (written `label = { fr = "..." }`).
    pub label_en: Option<String>,
    /// `icon`, as written in the file (`travail`, `cv`...).
    pub icon: String,
    /// `url`; `None` for a shortcut that shows choices.
    pub url: Option<String>,
    /// `also_allow`; empty removes the key from a shortcut with a url.
    pub also_allow: Vec<String>,
}

impl ShortcutDraft {
    /// The draft that leaves `shortcut` as it is. An English label equal to the French one is
    /// `None`: the file need not repeat it.
    pub fn from_shortcut(shortcut: &Shortcut) -> Self {
        let (url, also_allow) = match &shortcut.target {
            ShortcutTarget::Site(site) => (Some(site.url.clone()), site.also_allow.clone()),
            ShortcutTarget::Chooser(_) => (None, Vec::new()),
        };
        let label = &shortcut.label;
        Self {
            id: shortcut.id.clone(),
            label_fr: label.fr.clone(),
            label_en: (label.en != label.fr).then(|| label.en.clone()),
            icon: shortcut.icon.code().to_owned(),
            url,
            also_allow,
        }
    }
}

/// The part of the configuration an edit changes, as recorded in the anonymous "config
/// changed" event: a fixed word, never a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConfigPart {
    /// `[station] language`.
    Language,
    /// `[session]`.
    Session,
    /// `[hours]`.
    Hours,
    /// `[sites]`.
    Sites,
    /// `[[shortcut]]`.
    Shortcuts,
}

impl ConfigPart {
    /// The word recorded: `language`, `session`, `hours`, `sites`, `shortcuts`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Language => "language",
            Self::Session => "session",
            Self::Hours => "hours",
            Self::Sites => "sites",
            Self::Shortcuts => "shortcuts",
        }
    }
}

impl ConfigEdit {
    /// What part of the configuration this edit changes.
    pub fn part(&self) -> ConfigPart {
        match self {
            Self::Language(_) => ConfigPart::Language,
            Self::SessionNumbers(_) | Self::Warnings(_) => ConfigPart::Session,
            Self::Hours(_) => ConfigPart::Hours,
            Self::Sites(_) => ConfigPart::Sites,
            Self::AddShortcut(_)
            | Self::EditShortcut { .. }
            | Self::RemoveShortcut(_)
            | Self::MoveShortcut { .. } => ConfigPart::Shortcuts,
        }
    }
}

/// Why an edit was refused; the file is then left as it was.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The current file is not TOML, so it cannot be edited without losing what it says.
    #[error("borne.toml cannot be edited until it is fixed: {0}")]
    Syntax(ConfigError),
    /// The edited file would break a rule; the message is the one the file would get.
    #[error("{0}")]
    Invalid(ConfigError),
    /// There is no shortcut at this position (from 0).
    #[error("there is no shortcut[{0}] in borne.toml")]
    NoSuchShortcut(usize),
    /// The file writes this part in a form the admin screens do not rewrite (e.g. the
    /// shortcuts as one inline list); it can still be changed with a text editor.
    #[error("{key}: {problem}; change it in borne.toml with a text editor")]
    Layout {
        /// Dotted key of the part.
        key: String,
        /// How it is written.
        problem: String,
    },
}

impl EditError {
    /// The dotted key the problem is about (`shortcut[2].url`, `session.drop_in_minutes`,
    /// `hours.monday`), so the screen can show the message next to the field. For a key the
    /// file does not know, the table it was written in; `None` for a syntax error.
    pub fn key(&self) -> Option<&str> {
        match self {
            Self::Syntax(_) => None,
            Self::Invalid(error) => config_error_key(error),
            Self::NoSuchShortcut(_) => Some("shortcut"),
            Self::Layout { key, .. } => Some(key),
        }
    }
}

fn config_error_key(error: &ConfigError) -> Option<&str> {
    match error {
        ConfigError::Invalid { key, .. } => Some(key),
        ConfigError::UnknownKey { key, table, .. } => {
            Some(if table.is_empty() { key } else { table })
        }
        ConfigError::InFile { error, .. } => config_error_key(error),
        ConfigError::Read { .. } | ConfigError::Syntax { .. } => None,
    }
}

/// Applies `edit` to the text of a `borne.toml`. Every comment, the order of the keys and the
/// layout of the untouched parts are kept; a changed value keeps its trailing comment; a new
/// key goes to the end of its table and a missing table is created where the shipped file has
/// it.
///
/// # Errors
/// [`EditError::Syntax`] if `text` is not TOML, [`EditError::NoSuchShortcut`] for a position
/// outside the list, [`EditError::Invalid`] with the file's own message if the result breaks a
/// rule of [`super::parse`], [`EditError::Layout`] for a part written in a form not rewritten.
pub fn apply(text: &str, edit: &ConfigEdit) -> Result<(String, Config), EditError> {
    let mut document: DocumentMut = text.parse().map_err(|error: toml_edit::TomlError| {
        // The reader's own message when it has one, so the screen says what a reload would.
        EditError::Syntax(super::parse(text).err().unwrap_or_else(|| {
            ConfigError::Syntax {
                line: error
                    .span()
                    .map(|span| super::error::line_at(text, span.start)),
                message: error.message().to_owned(),
            }
        }))
    })?;
    change(&mut document, edit)?;
    let new_text = document.to_string();
    let config = super::parse(&new_text).map_err(EditError::Invalid)?;
    Ok((new_text, config))
}

fn change(document: &mut DocumentMut, edit: &ConfigEdit) -> Result<(), EditError> {
    match edit {
        ConfigEdit::Language(language) => {
            set_value(
                section(document, "station")?,
                "language",
                language.code().into(),
            );
        }
        ConfigEdit::SessionNumbers(numbers) => {
            let session = section(document, "session")?;
            for (key, number) in numbers {
                set_value(session, key, (*number).into());
            }
        }
        ConfigEdit::Warnings(minutes) => {
            let minutes = minutes.iter().map(|m| Value::from(*m)).collect();
            set_list(
                section(document, "session")?,
                "warn_at_minutes_left",
                minutes,
            );
        }
        ConfigEdit::Hours(None) => {
            // Absent already means always open: nothing to remove then.
            if let Some(Item::Table(removed)) = document.remove("hours") {
                keep_comments_above(document, &removed);
            }
        }
        ConfigEdit::Hours(Some(days)) => {
            let hours = section(document, "hours")?;
            for (key, day) in WEEKDAY_KEYS.iter().zip(days) {
                set_value(hours, key, day.as_str().into());
            }
        }
        ConfigEdit::Sites(sites) => {
            if sites.is_empty() && !document.contains_key("sites") {
                return Ok(());
            }
            let sites = sites.iter().map(|s| Value::from(s.as_str())).collect();
            set_list(section(document, "sites")?, "allow", sites);
        }
        ConfigEdit::AddShortcut(draft) => add_shortcut(document, draft)?,
        ConfigEdit::EditShortcut { index, draft } => {
            let table = shortcut_list(document, *index)?
                .get_mut(*index)
                .ok_or(EditError::NoSuchShortcut(*index))?;
            write_draft(table, draft);
        }
        ConfigEdit::RemoveShortcut(index) => remove_shortcut(document, *index)?,
        ConfigEdit::MoveShortcut { from, to } => move_shortcut(document, *from, *to)?,
    }
    Ok(())
}

/// The table `[name]`, created where the shipped file has it when missing.
fn section<'d>(
    document: &'d mut DocumentMut,
    name: &str,
) -> Result<&'d mut dyn TableLike, EditError> {
    if !document.contains_key(name) {
        let mut table = Table::new();
        let position = make_room(document, name);
        table.set_position(Some(position));
        // The shipped file documents [hours] in comments (with a commented-out example) above
        // the next table: that block now stands above the real section.
        let header = format!("[{name}]");
        let mut adopted = None;
        with_next_table(document, position, |next| {
            let prefix = prefix_text(next);
            if let Some(blank) = prefix.rfind("\n\n")
                && prefix[..blank].contains(&header)
            {
                let (block, rest) = prefix.split_at(blank + 1);
                adopted = Some(block.to_owned());
                let rest = rest.to_owned();
                next.decor_mut().set_prefix(rest);
            }
        });
        match adopted {
            Some(block) => table.decor_mut().set_prefix(block),
            None => {
                if let Some(comment) = new_section_comment(name) {
                    table.decor_mut().set_prefix(comment);
                }
            }
        }
        document.insert(name, Item::Table(table));
    }
    document
        .get_mut(name)
        .and_then(Item::as_table_like_mut)
        .ok_or_else(|| EditError::Layout {
            key: name.to_owned(),
            problem: "is a value, not a table".to_owned(),
        })
}

/// What a section created by the admin screens says about itself, in the file's language.
/// `[hours]` says nothing: it may be removed again, and its comments would stay behind.
fn new_section_comment(name: &str) -> Option<&'static str> {
    (name == "sites").then_some(
        "\n# Sites autorisés sans bouton, écrits comme also_allow (\"site.fr\", \"*.site.fr\").\n",
    )
}

/// The blank lines and comments printed above `table`'s header.
fn prefix_text(table: &Table) -> String {
    match table.decor().prefix() {
        Some(prefix) => prefix.as_str().unwrap_or_default().to_owned(),
        // What toml_edit prints for a table it has no text for.
        None => "\n".to_owned(),
    }
}

/// Keeps the comments above a removed table: they go above the table printed next, or at the
/// end of the file. A removed `[hours]` gives back the block it took from `[browser]`.
fn keep_comments_above(document: &mut DocumentMut, removed: &Table) {
    let comments = prefix_text(removed);
    if !comments.contains('#') {
        return;
    }
    let mut comments = Some(comments);
    let position = removed.position().unwrap_or(isize::MAX);
    with_next_table(document, position, |next| {
        let joined = format!(
            "{}{}",
            comments.take().unwrap_or_default(),
            prefix_text(next)
        );
        next.decor_mut().set_prefix(joined);
    });
    if let Some(comments) = comments {
        let trailing = document.trailing().as_str().unwrap_or_default();
        let trailing = format!("{comments}{trailing}");
        document.set_trailing(trailing);
    }
}

/// Calls `change` on the table printed first after document position `position`, if any.
fn with_next_table(document: &mut DocumentMut, position: isize, change: impl FnOnce(&mut Table)) {
    let mut next = None;
    for (_, item) in document.iter_mut() {
        visit_tables(item, &mut |table| {
            if let Some(p) = table.position()
                && p > position
                && next.is_none_or(|n| p < n)
            {
                next = Some(p);
            }
        });
    }
    let Some(next) = next else {
        return;
    };
    let mut change = Some(change);
    for (_, item) in document.iter_mut() {
        visit_tables(item, &mut |table| {
            if table.position() == Some(next)
                && let Some(change) = change.take()
            {
                change(table);
            }
        });
    }
}

/// Frees the document position right after the tables of section `name` (or, when it has
/// none, after those of the sections before it) and returns it.
///
/// toml_edit prints tables in the order of their positions, so a table without one would
/// follow whatever table was visited last, often `[stats]` at the end of the file.
fn make_room(document: &mut DocumentMut, name: &str) -> isize {
    let last_of = |document: &mut DocumentMut, section: &str| {
        let mut last = None;
        if let Some(item) = document.get_mut(section) {
            visit_tables(item, &mut |table| last = last.max(table.position()));
        }
        last
    };
    let anchor = last_of(document, name)
        .or_else(|| {
            SECTION_ORDER
                .iter()
                .take_while(|section| **section != name)
                .filter_map(|section| last_of(document, section))
                .max()
        })
        .unwrap_or(-1);
    for (_, item) in document.iter_mut() {
        visit_tables(item, &mut |table| {
            if let Some(position) = table.position()
                && position > anchor
            {
                table.set_position(Some(position + 1));
            }
        });
    }
    anchor + 1
}

/// Calls `visit` on every table of `item`, each before the tables nested in it.
fn visit_tables(item: &mut Item, visit: &mut dyn FnMut(&mut Table)) {
    match item {
        Item::Table(table) => visit_table(table, visit),
        Item::ArrayOfTables(tables) => {
            for table in tables.iter_mut() {
                visit_table(table, visit);
            }
        }
        Item::None | Item::Value(_) => {}
    }
}

fn visit_table(table: &mut Table, visit: &mut dyn FnMut(&mut Table)) {
    visit(table);
    for (_, child) in table.iter_mut() {
        visit_tables(child, visit);
    }
}

/// Sets `key` to `new`, keeping the old value's spacing and trailing comment; an unchanged
/// value is left exactly as written. Returns whether the text changed.
fn set_value(table: &mut (impl TableLike + ?Sized), key: &str, mut new: Value) -> bool {
    match table.get_mut(key) {
        Some(Item::Value(old)) => {
            if same_value(old, &new) {
                return false;
            }
            *new.decor_mut() = old.decor().clone();
            *old = new;
        }
        Some(item) => *item = Item::Value(new),
        None => {
            table.insert(key, Item::Value(new));
        }
    }
    true
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(a), Value::String(b)) => a.value() == b.value(),
        (Value::Integer(a), Value::Integer(b)) => a.value() == b.value(),
        (Value::Boolean(a), Value::Boolean(b)) => a.value() == b.value(),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b.iter()).all(|(a, b)| same_value(a, b))
        }
        _ => false,
    }
}

/// Sets the list `key` to `new`. Elements that stay keep their place in the text with the
/// comments above them; a list written one element a line stays so.
fn set_list(table: &mut (impl TableLike + ?Sized), key: &str, new: Vec<Value>) {
    let Some(Item::Value(Value::Array(old))) = table.get_mut(key) else {
        set_value(table, key, Value::Array(new.into_iter().collect()));
        return;
    };
    if old.len() == new.len() && old.iter().zip(&new).all(|(a, b)| same_value(a, b)) {
        return;
    }
    let one_a_line = old.iter().any(|v| {
        v.decor()
            .prefix()
            .and_then(|p| p.as_str())
            .is_some_and(|p| p.contains('\n'))
    });
    let indent = old
        .iter()
        .last()
        .and_then(|v| v.decor().prefix()?.as_str()?.rsplit('\n').next())
        .unwrap_or("    ")
        .to_owned();
    let mut unused: Vec<Option<&Value>> = old.iter().map(Some).collect();
    let mut list = Array::new();
    for value in new {
        let kept = unused
            .iter_mut()
            .find(|slot| slot.is_some_and(|old| same_value(old, &value)))
            .and_then(Option::take);
        let mut value = kept.cloned().unwrap_or(value);
        if one_a_line {
            if kept.is_none() {
                value.decor_mut().set_prefix(format!("\n{indent}"));
            }
            // The line break before `]` goes to the list, not to whichever element is last.
            value.decor_mut().set_suffix("");
        }
        list.push_formatted(value);
    }
    if one_a_line && !list.is_empty() {
        list.set_trailing_comma(true);
        list.set_trailing("\n");
    } else {
        list.fmt();
    }
    *list.decor_mut() = old.decor().clone();
    *old = list;
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::io;
    use std::os::unix::fs::PermissionsExt as _;
    use std::path::Path;
    use std::process::Command;

    use super::*;
    use crate::config::{DEFAULT_TEXT, Icon, parse};

    const WEEK: [&str; 7] = [
        "09:00-12:00, 14:00-17:30",
        "09:00-12:00",
        "",
        "14:00-18:00",
        "09:00-17:00",
        "",
        "",
    ];

    fn week() -> [String; 7] {
        WEEK.map(str::to_owned)
    }

    fn comments(text: &str) -> Vec<&str> {
        text.lines()
            .map(str::trim)
            .filter(|line| line.starts_with('#'))
            .collect()
    }

    fn caf() -> ShortcutDraft {
        ShortcutDraft {
            id: "caf".to_owned(),
            label_fr: "Ma CAF".to_owned(),
            label_en: None,
            icon: "services-publics".to_owned(),
            url: Some("https://www.caf.fr/".to_owned()),
            also_allow: vec!["*.caf.fr".to_owned()],
        }
    }

    fn applied(text: &str, edit: &ConfigEdit) -> (String, Config) {
        apply(text, edit).unwrap_or_else(|error| panic!("{edit:?}: {error}"))
    }

    fn ids(config: &Config) -> Vec<&str> {
        config.shortcuts.iter().map(|s| s.id.as_str()).collect()
    }

    /// `edit` is refused with the very error the file gets when `by_hand` is typed in it.
    fn refused_like_the_file(text: &str, edit: &ConfigEdit, by_hand: &str, key: &str) {
        let error = apply(text, edit).unwrap_err();
        assert_eq!(error, EditError::Invalid(parse(by_hand).unwrap_err()));
        assert_eq!(error.key(), Some(key), "{error}");
    }

    fn refused_at(text: &str, edit: &ConfigEdit, key: &str) -> String {
        let error = apply(text, edit).unwrap_err();
        assert!(matches!(error, EditError::Invalid(_)), "{error:?}");
        assert_eq!(error.key(), Some(key), "{error}");
        error.to_string()
    }

    fn draft_of(index: usize) -> ShortcutDraft {
        ShortcutDraft::from_shortcut(&parse(DEFAULT_TEXT).unwrap().shortcuts[index])
    }

    #[test]
    fn every_edit_of_the_shipped_file_keeps_every_comment() {
        let mut cv = draft_of(1);
        cv.label_fr = "Mon CV".to_owned();
        let mut france_travail = draft_of(0);
        france_travail.also_allow.pop();
        let edits = [
            ConfigEdit::Language(Language::En),
            ConfigEdit::SessionNumbers(vec![("drop_in_minutes", 60), ("assisted_minutes", 90)]),
            ConfigEdit::Warnings(vec![10, 5, 1]),
            ConfigEdit::Hours(Some(week())),
            ConfigEdit::Sites(vec!["www.caf.fr".to_owned()]),
            ConfigEdit::AddShortcut(caf()),
            ConfigEdit::EditShortcut {
                index: 1,
                draft: cv,
            },
            ConfigEdit::EditShortcut {
                index: 0,
                draft: france_travail,
            },
            ConfigEdit::MoveShortcut { from: 0, to: 3 },
            ConfigEdit::MoveShortcut { from: 3, to: 0 },
            ConfigEdit::MoveShortcut { from: 1, to: 2 },
        ];
        let created: Vec<&str> = ["hours", "sites"]
            .iter()
            .filter_map(|name| new_section_comment(name))
            .flat_map(comments)
            .collect();
        for edit in &edits {
            let (text, _) = applied(DEFAULT_TEXT, edit);
            assert_ne!(text, DEFAULT_TEXT, "{edit:?} changed nothing");
            let mut after = comments(&text);
            for line in comments(DEFAULT_TEXT) {
                let Some(at) = after.iter().position(|l| *l == line) else {
                    panic!("{edit:?} lost the comment {line:?}:\n{text}");
                };
                after.remove(at);
            }
            assert!(
                after.iter().all(|line| created.contains(line)),
                "{edit:?} added {after:?}"
            );
        }

        let (text, config) = applied(DEFAULT_TEXT, &ConfigEdit::RemoveShortcut(1));
        let mut expected = comments(DEFAULT_TEXT);
        expected.retain(|line| !line.starts_with("# CVDesignR"));
        assert_eq!(comments(&text), expected);
        assert_eq!(
            ids(&config),
            ["france-travail", "emails", "services-publics"]
        );
    }

    #[test]
    fn a_changed_value_is_the_only_changed_text() {
        let (text, config) = applied(DEFAULT_TEXT, &ConfigEdit::Language(Language::En));
        assert_eq!(config.station.language, Language::En);
        assert_eq!(
            text,
            DEFAULT_TEXT.replace("language = \"fr\"", "language = \"en\"")
        );

        let edit = ConfigEdit::SessionNumbers(vec![("drop_in_minutes", 60), ("idle_secs", 300)]);
        let (text, config) = applied(DEFAULT_TEXT, &edit);
        assert_eq!(config.session.drop_in_minutes, 60);
        assert_eq!(
            text,
            DEFAULT_TEXT.replace("drop_in_minutes = 45", "drop_in_minutes = 60")
        );

        let (text, _) = applied(DEFAULT_TEXT, &ConfigEdit::Language(Language::Fr));
        assert_eq!(text, DEFAULT_TEXT);
    }

    #[test]
    fn a_changed_value_keeps_its_trailing_comment() {
        let text = "[session]\n# Court.\ndrop_in_minutes = 45 # trois quarts d'heure\n\
                    warn_at_minutes_left = [5, 1]  # deux fois\n\n\
                    [[shortcut]]\nid = \"a\"\nlabel = { fr = \"A\" } # court\nicon = \"web\"\n\
                    url = \"https://a.fr/\" # accueil\n";
        let (text, _) = applied(
            text,
            &ConfigEdit::SessionNumbers(vec![("drop_in_minutes", 60)]),
        );
        assert!(
            text.contains("# Court.\ndrop_in_minutes = 60 # trois quarts d'heure\n"),
            "{text}"
        );
        let (text, _) = applied(&text, &ConfigEdit::Warnings(vec![3]));
        assert!(
            text.contains("warn_at_minutes_left = [3]  # deux fois\n"),
            "{text}"
        );
        let draft = ShortcutDraft {
            id: "a".to_owned(),
            label_fr: "Accueil".to_owned(),
            label_en: Some("Home".to_owned()),
            icon: "web".to_owned(),
            url: Some("https://b.fr/".to_owned()),
            also_allow: Vec::new(),
        };
        let (text, _) = applied(&text, &ConfigEdit::EditShortcut { index: 0, draft });
        assert!(
            text.ends_with(
                "label = { fr = \"Accueil\", en = \"Home\" } # court\nicon = \"web\"\n\
                 url = \"https://b.fr/\" # accueil\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn new_keys_go_to_the_end_of_their_table() {
        let text = "[session]\ndrop_in_minutes = 45 # court\n\n\
                    # Navigateur.\n[browser]\nprinting = true\n\n\
                    [[shortcut]]\nid = \"a\"\nlabel = { fr = \"A\" }\nicon = \"web\"\nurl = \"https://a.fr/\"\n";
        let edit = ConfigEdit::SessionNumbers(vec![("goodbye_secs", 8), ("idle_secs", 120)]);
        let (new_text, config) = applied(text, &edit);
        assert_eq!(
            new_text,
            text.replace("# court\n", "# court\ngoodbye_secs = 8\nidle_secs = 120\n")
        );
        assert_eq!(
            (config.session.goodbye_secs, config.session.idle_secs),
            (8, 120)
        );
    }

    #[test]
    fn missing_tables_are_created_where_the_shipped_file_has_them() {
        let text = "[station]\nname = \"P\"\n\n[[shortcut]]\nid = \"a\"\nlabel = { fr = \"A\" }\n\
                    icon = \"web\"\nurl = \"https://a.fr/\"\n\n[stats]\nmin_cell = 3\n";
        let (text, config) = applied(text, &ConfigEdit::Warnings(vec![2]));
        assert_eq!(config.session.warn_at_minutes_left, [2]);
        let (text, config) = applied(&text, &ConfigEdit::Sites(vec!["www.caf.fr".to_owned()]));
        assert_eq!(config.sites, ["www.caf.fr"]);
        let (text, config) = applied(&text, &ConfigEdit::Language(Language::En));
        assert_eq!(config.station.language, Language::En);
        assert_eq!(
            text,
            "[station]\nname = \"P\"\nlanguage = \"en\"\n\n[session]\nwarn_at_minutes_left = [2]\n\
             \n# Sites autorisés sans bouton, écrits comme also_allow (\"site.fr\", \"*.site.fr\").\n\
             [sites]\nallow = [\"www.caf.fr\"]\n\n[[shortcut]]\nid = \"a\"\nlabel = { fr = \"A\" }\n\
             icon = \"web\"\nurl = \"https://a.fr/\"\n\n[stats]\nmin_cell = 3\n"
        );

        let (text, _) = applied("", &ConfigEdit::AddShortcut(caf()));
        assert_eq!(
            text,
            "[[shortcut]]\nid = \"caf\"\nlabel = { fr = \"Ma CAF\" }\nicon = \"services-publics\"\n\
             url = \"https://www.caf.fr/\"\nalso_allow = [\"*.caf.fr\"]\n"
        );
    }

    #[test]
    fn session_numbers_are_checked_by_the_files_rules() {
        let edit = ConfigEdit::SessionNumbers(vec![("drop_in_minutes", 0)]);
        let by_hand = DEFAULT_TEXT.replace("drop_in_minutes = 45", "drop_in_minutes = 0");
        refused_like_the_file(DEFAULT_TEXT, &edit, &by_hand, "session.drop_in_minutes");

        let edit =
            ConfigEdit::SessionNumbers(vec![("extension_minutes", 20), ("max_extensions", 0)]);
        let (text, config) = applied(DEFAULT_TEXT, &edit);
        assert_eq!(
            (
                config.session.extension_minutes,
                config.session.max_extensions
            ),
            (20, 0)
        );
        assert_eq!(
            text,
            DEFAULT_TEXT
                .replace("extension_minutes = 15", "extension_minutes = 20")
                .replace("max_extensions = 2", "max_extensions = 0")
        );
        let edit = ConfigEdit::SessionNumbers(vec![("max_extensions", 11)]);
        let by_hand = DEFAULT_TEXT.replace("max_extensions = 2", "max_extensions = 11");
        refused_like_the_file(DEFAULT_TEXT, &edit, &by_hand, "session.max_extensions");

        let edit = ConfigEdit::SessionNumbers(vec![("idle_secs", 3601)]);
        let message = refused_at(DEFAULT_TEXT, &edit, "session.idle_secs");
        assert!(
            message.contains("between 30 and 3600 seconds, found 3601"),
            "{message}"
        );

        // A key the file does not know: the error points at its table.
        let edit = ConfigEdit::SessionNumbers(vec![("drop_in_minute", 5)]);
        let error = apply(DEFAULT_TEXT, &edit).unwrap_err();
        assert!(
            error.to_string().contains("unknown key `drop_in_minute`"),
            "{error}"
        );
        assert_eq!(error.key(), Some("session"));
    }

    #[test]
    fn warnings_are_written_and_checked() {
        let (text, config) = applied(DEFAULT_TEXT, &ConfigEdit::Warnings(vec![10, 5, 1]));
        assert_eq!(config.session.warn_at_minutes_left, [10, 5, 1]);
        assert_eq!(text, DEFAULT_TEXT.replace("= [5, 1]", "= [10, 5, 1]"));
        let (text, config) = applied(DEFAULT_TEXT, &ConfigEdit::Warnings(Vec::new()));
        assert!(config.session.warn_at_minutes_left.is_empty());
        assert!(text.contains("\nwarn_at_minutes_left = []\n"));

        let edit = ConfigEdit::Warnings(vec![5, 5]);
        let by_hand = DEFAULT_TEXT.replace("= [5, 1]", "= [5, 5]");
        refused_like_the_file(
            DEFAULT_TEXT,
            &edit,
            &by_hand,
            "session.warn_at_minutes_left[1]",
        );
    }

    #[test]
    fn opening_hours_are_written_under_their_comments_and_removed_whole() {
        let (text, config) = applied(DEFAULT_TEXT, &ConfigEdit::Hours(Some(week())));
        let written = format!(
            "# sunday = \"\"\n[hours]\nmonday = \"{}\"\ntuesday = \"{}\"\nwednesday = \"\"\n\
             thursday = \"{}\"\nfriday = \"{}\"\nsaturday = \"\"\nsunday = \"\"\n\n[browser]\n",
            WEEK[0], WEEK[1], WEEK[3], WEEK[4]
        );
        assert_eq!(
            text,
            DEFAULT_TEXT.replace("# sunday = \"\"\n\n[browser]\n", &written)
        );
        assert!(!config.hours.is_always());
        assert_eq!(config.hours.day_text(0), WEEK[0]);
        assert_eq!(config.hours.day_text(2), "");

        let mut monday = week();
        monday[0] = "09:00-12:00, 14:00-18:00".to_owned();
        let (changed, _) = applied(&text, &ConfigEdit::Hours(Some(monday)));
        assert_eq!(changed, text.replace("14:00-17:30", "14:00-18:00"));

        let (removed, config) = applied(&text, &ConfigEdit::Hours(None));
        assert_eq!(removed, DEFAULT_TEXT);
        assert!(config.hours.is_always());
        let (same, _) = applied(DEFAULT_TEXT, &ConfigEdit::Hours(None));
        assert_eq!(same, DEFAULT_TEXT);

        // Without the shipped comments, the section goes after [session] all the same.
        let bare = "[session]\nidle_secs = 300\n\n[browser]\nprinting = true\n\n\
                    [[shortcut]]\nid = \"a\"\nlabel = { fr = \"A\" }\nicon = \"web\"\n\
                    url = \"https://a.fr/\"\n";
        let (with_hours, _) = applied(bare, &ConfigEdit::Hours(Some(week())));
        assert!(
            with_hours.starts_with("[session]\nidle_secs = 300\n\n[hours]\nmonday = "),
            "{with_hours}"
        );
        assert_eq!(applied(&with_hours, &ConfigEdit::Hours(None)).0, bare);
    }

    #[test]
    fn wrong_opening_hours_are_refused_like_in_the_file() {
        let (text, _) = applied(DEFAULT_TEXT, &ConfigEdit::Hours(Some(week())));
        let mut wrong = week();
        wrong[0] = "25:00-26:00".to_owned();
        let by_hand = text.replace(WEEK[0], "25:00-26:00");
        refused_like_the_file(
            DEFAULT_TEXT,
            &ConfigEdit::Hours(Some(wrong)),
            &by_hand,
            "hours.monday",
        );

        let closed = ConfigEdit::Hours(Some(Default::default()));
        let message = refused_at(&text, &closed, "hours");
        assert!(message.contains("every day is closed"), "{message}");
    }

    #[test]
    fn sites_are_written_in_their_own_table_and_checked() {
        let sites = vec!["www.caf.fr".to_owned(), "*.caf.fr".to_owned()];
        let (text, config) = applied(DEFAULT_TEXT, &ConfigEdit::Sites(sites));
        assert_eq!(config.sites, ["www.caf.fr", "*.caf.fr"]);
        assert!(
            text.contains(
                "usb_keys = \"read-write\"\n\n# Sites autorisés sans bouton, écrits comme also_allow \
                 (\"site.fr\", \"*.site.fr\").\n[sites]\nallow = [\"www.caf.fr\", \"*.caf.fr\"]\n\
                 \n# -----"
            ),
            "{text}"
        );
        let (emptied, config) = applied(&text, &ConfigEdit::Sites(Vec::new()));
        assert!(config.sites.is_empty());
        assert_eq!(
            emptied,
            text.replace("[\"www.caf.fr\", \"*.caf.fr\"]", "[]")
        );
        let (same, _) = applied(DEFAULT_TEXT, &ConfigEdit::Sites(Vec::new()));
        assert_eq!(same, DEFAULT_TEXT);

        let edit = ConfigEdit::Sites(vec!["www.caf.fr".to_owned(), "*".to_owned()]);
        let by_hand = text.replace("\"*.caf.fr\"]", "\"*\"]");
        refused_like_the_file(DEFAULT_TEXT, &edit, &by_hand, "sites.allow[1]");
    }

    #[test]
    fn a_shortcut_is_added_after_the_others() {
        let (text, config) = applied(DEFAULT_TEXT, &ConfigEdit::AddShortcut(caf()));
        assert_eq!(
            ids(&config),
            ["france-travail", "cv", "emails", "services-publics", "caf"]
        );
        assert_eq!(config.shortcuts[4].label.en, "Ma CAF");
        assert_eq!(
            text,
            DEFAULT_TEXT.replace(
                "\n[stats]\n",
                "\n[[shortcut]]\nid = \"caf\"\nlabel = { fr = \"Ma CAF\" }\n\
                 icon = \"services-publics\"\nurl = \"https://www.caf.fr/\"\n\
                 also_allow = [\"*.caf.fr\"]\n\n[stats]\n"
            )
        );
    }

    #[test]
    fn a_wrong_new_shortcut_is_refused_at_its_field() {
        let wrong = [
            (
                ShortcutDraft {
                    url: Some("www.caf.fr".to_owned()),
                    ..caf()
                },
                "shortcut[4].url",
                "must be a full address starting with https://",
            ),
            (
                ShortcutDraft {
                    id: "cv".to_owned(),
                    ..caf()
                },
                "shortcut[4].id",
                "already the id of shortcut[1]",
            ),
            (
                ShortcutDraft {
                    url: None,
                    also_allow: Vec::new(),
                    ..caf()
                },
                "shortcut[4]",
                "needs either url",
            ),
        ];
        for (draft, key, problem) in wrong {
            let message = refused_at(DEFAULT_TEXT, &ConfigEdit::AddShortcut(draft), key);
            assert!(message.contains(problem), "{message}");
        }

        let mut text = DEFAULT_TEXT.to_owned();
        for i in 4..12 {
            let draft = ShortcutDraft {
                id: format!("caf-{i}"),
                ..caf()
            };
            text = applied(&text, &ConfigEdit::AddShortcut(draft)).0;
        }
        let message = refused_at(&text, &ConfigEdit::AddShortcut(caf()), "shortcut[12]");
        assert!(message.contains("at most 12 shortcuts"), "{message}");
    }

    #[test]
    fn a_shortcut_left_as_it_is_keeps_its_text() {
        let config = parse(DEFAULT_TEXT).unwrap();
        for (index, shortcut) in config.shortcuts.iter().enumerate() {
            let draft = ShortcutDraft::from_shortcut(shortcut);
            let (text, _) = applied(DEFAULT_TEXT, &ConfigEdit::EditShortcut { index, draft });
            assert_eq!(text, DEFAULT_TEXT, "shortcut {index}");
        }
    }

    #[test]
    fn an_edited_shortcut_changes_only_its_fields() {
        let mut cv = draft_of(1);
        cv.label_fr = "Mon CV".to_owned();
        cv.label_en = None;
        cv.icon = "web".to_owned();
        let (text, config) = applied(
            DEFAULT_TEXT,
            &ConfigEdit::EditShortcut {
                index: 1,
                draft: cv,
            },
        );
        assert_eq!(
            text,
            DEFAULT_TEXT.replace(
                "label = { fr = \"Faire mon CV\", en = \"Write my CV\" }\nicon = \"cv\"",
                "label = { fr = \"Mon CV\" }\nicon = \"web\""
            )
        );
        assert_eq!(config.shortcuts[1].label.en, "Mon CV");
        assert_eq!(config.shortcuts[1].icon, Icon::Web);

        // In a list written one host a line, kept hosts keep their comments.
        let mut france_travail = draft_of(0);
        france_travail.also_allow.retain(|host| host != "*.msa.fr");
        france_travail.also_allow.push("www.caf.fr".to_owned());
        let edit = ConfigEdit::EditShortcut {
            index: 0,
            draft: france_travail,
        };
        let (text, config) = applied(DEFAULT_TEXT, &edit);
        assert_eq!(
            text,
            DEFAULT_TEXT.replacen("    \"*.msa.fr\",\n]", "    \"www.caf.fr\",\n]", 1)
        );
        let ShortcutTarget::Site(site) = &config.shortcuts[0].target else {
            panic!("a site");
        };
        assert_eq!(
            site.also_allow.last().map(String::as_str),
            Some("www.caf.fr")
        );
    }

    #[test]
    fn a_shortcut_with_choices_keeps_them() {
        let mut emails = draft_of(2);
        assert_eq!(emails.url, None);
        emails.label_fr = "E-mails".to_owned();
        emails.label_en = Some("E-mail".to_owned());
        let (text, config) = applied(
            DEFAULT_TEXT,
            &ConfigEdit::EditShortcut {
                index: 2,
                draft: emails,
            },
        );
        assert_eq!(
            text,
            DEFAULT_TEXT.replace(
                "{ fr = \"Mes e-mails\", en = \"My e-mails\" }",
                "{ fr = \"E-mails\", en = \"E-mail\" }"
            )
        );
        let ShortcutTarget::Chooser(choices) = &config.shortcuts[2].target else {
            panic!("choices");
        };
        assert_eq!(choices.len(), 4);
    }

    #[test]
    fn a_wrong_shortcut_edit_is_refused_at_its_field() {
        let wrong = [
            (
                ShortcutDraft {
                    icon: "maison".to_owned(),
                    ..draft_of(1)
                },
                ("icon = \"cv\"", "icon = \"maison\""),
                "shortcut[1].icon",
            ),
            (
                ShortcutDraft {
                    label_en: Some(String::new()),
                    ..draft_of(1)
                },
                ("en = \"Write my CV\"", "en = \"\""),
                "shortcut[1].label.en",
            ),
        ];
        for (draft, (written, by_hand), key) in wrong {
            let edit = ConfigEdit::EditShortcut { index: 1, draft };
            let by_hand = DEFAULT_TEXT.replace(written, by_hand);
            refused_like_the_file(DEFAULT_TEXT, &edit, &by_hand, key);
        }

        let url_and_choices = ShortcutDraft {
            url: Some("https://mail.fr/".to_owned()),
            ..draft_of(2)
        };
        let edit = ConfigEdit::EditShortcut {
            index: 2,
            draft: url_and_choices,
        };
        let message = refused_at(DEFAULT_TEXT, &edit, "shortcut[2].url");
        assert!(
            message.contains("either url or [[shortcut.choice]]"),
            "{message}"
        );

        let edit = ConfigEdit::EditShortcut {
            index: 4,
            draft: caf(),
        };
        let error = apply(DEFAULT_TEXT, &edit).unwrap_err();
        assert_eq!(error, EditError::NoSuchShortcut(4));
        assert_eq!(error.key(), Some("shortcut"));
    }

    #[test]
    fn removing_the_first_shortcut_keeps_the_block_that_documents_them() {
        let header_end = DEFAULT_TEXT.find("\n[[shortcut]]\n").unwrap() + 1;
        let header = &DEFAULT_TEXT[DEFAULT_TEXT[..header_end].find("# ---").unwrap()..header_end];
        let (text, config) = applied(DEFAULT_TEXT, &ConfigEdit::RemoveShortcut(0));
        assert_eq!(ids(&config), ["cv", "emails", "services-publics"]);
        assert!(
            text.contains(&format!("{header}[[shortcut]]\nid = \"cv\"")),
            "{text}"
        );
        assert!(!text.contains("france-travail"));

        let (text, config) = applied(DEFAULT_TEXT, &ConfigEdit::RemoveShortcut(3));
        assert_eq!(ids(&config), ["france-travail", "cv", "emails"]);
        let services_start = DEFAULT_TEXT.rfind("\n[[shortcut]]").unwrap();
        let stats_start = DEFAULT_TEXT.find("\n[stats]").unwrap();
        assert_eq!(
            text,
            format!(
                "{}{}",
                &DEFAULT_TEXT[..services_start],
                &DEFAULT_TEXT[stats_start..]
            )
        );

        assert_eq!(
            apply(DEFAULT_TEXT, &ConfigEdit::RemoveShortcut(4)),
            Err(EditError::NoSuchShortcut(4))
        );
        let only = "[[shortcut]]\nid = \"a\"\nlabel = { fr = \"A\" }\nicon = \"web\"\nurl = \"https://a.fr/\"\n";
        let message = refused_at(only, &ConfigEdit::RemoveShortcut(0), "shortcut");
        assert!(message.contains("at least one [[shortcut]]"), "{message}");
    }

    #[test]
    fn shortcuts_move_to_both_ends_with_their_choices() {
        let header_end = DEFAULT_TEXT.find("\n[[shortcut]]\n").unwrap() + 1;
        let header = &DEFAULT_TEXT[DEFAULT_TEXT[..header_end].find("# ---").unwrap()..header_end];
        let to_end = ConfigEdit::MoveShortcut { from: 0, to: 3 };
        let (text, config) = applied(DEFAULT_TEXT, &to_end);
        assert_eq!(
            ids(&config),
            ["cv", "emails", "services-publics", "france-travail"]
        );
        assert!(
            text.contains(&format!("{header}[[shortcut]]\nid = \"cv\"")),
            "{text}"
        );
        assert!(
            text.find("id = \"france-travail\"") > text.find("id = \"services-publics\"")
                && text.find("id = \"france-travail\"") < text.find("[stats]"),
            "{text}"
        );
        let (back, _) = applied(&text, &ConfigEdit::MoveShortcut { from: 3, to: 0 });
        assert_eq!(back, DEFAULT_TEXT);

        let (text, config) = applied(DEFAULT_TEXT, &ConfigEdit::MoveShortcut { from: 2, to: 0 });
        assert_eq!(
            ids(&config),
            ["emails", "france-travail", "cv", "services-publics"]
        );
        let ShortcutTarget::Chooser(choices) = &config.shortcuts[0].target else {
            panic!("choices");
        };
        assert_eq!(choices[0].id, "gmail");
        assert!(
            text.contains(&format!("{header}[[shortcut]]\nid = \"emails\"")),
            "{text}"
        );
        let (back, _) = applied(&text, &ConfigEdit::MoveShortcut { from: 0, to: 2 });
        assert_eq!(back, DEFAULT_TEXT);

        let (same, _) = applied(DEFAULT_TEXT, &ConfigEdit::MoveShortcut { from: 1, to: 1 });
        assert_eq!(same, DEFAULT_TEXT);
        assert_eq!(
            apply(DEFAULT_TEXT, &ConfigEdit::MoveShortcut { from: 0, to: 4 }),
            Err(EditError::NoSuchShortcut(4))
        );
        assert_eq!(
            apply(DEFAULT_TEXT, &ConfigEdit::MoveShortcut { from: 7, to: 0 }),
            Err(EditError::NoSuchShortcut(7))
        );
    }

    #[test]
    fn a_file_that_is_not_toml_is_not_edited() {
        let error = apply(
            "[station\nname = \"P\"\n",
            &ConfigEdit::Language(Language::En),
        )
        .unwrap_err();
        assert!(matches!(error, EditError::Syntax(_)), "{error:?}");
        assert!(error.to_string().contains("line 1"), "{error}");
        assert_eq!(error.key(), None);
    }

    #[test]
    fn shortcuts_written_as_one_inline_list_are_left_to_a_text_editor() {
        let text = "shortcut = [{ id = \"a\", label = { fr = \"A\" }, icon = \"web\", url = \"https://a.fr/\" }]\n";
        parse(text).unwrap();
        let error = apply(text, &ConfigEdit::RemoveShortcut(0)).unwrap_err();
        assert!(matches!(error, EditError::Layout { .. }), "{error:?}");
        assert_eq!(error.key(), Some("shortcut"));
        let error = apply(text, &ConfigEdit::AddShortcut(caf())).unwrap_err();
        assert!(matches!(error, EditError::Layout { .. }), "{error:?}");
    }

    #[test]
    fn each_edit_names_its_part_with_a_fixed_word() {
        let parts = [
            (ConfigEdit::Language(Language::En), "language"),
            (ConfigEdit::SessionNumbers(Vec::new()), "session"),
            (ConfigEdit::Warnings(Vec::new()), "session"),
            (ConfigEdit::Hours(None), "hours"),
            (ConfigEdit::Sites(Vec::new()), "sites"),
            (ConfigEdit::AddShortcut(caf()), "shortcuts"),
            (
                ConfigEdit::EditShortcut {
                    index: 0,
                    draft: caf(),
                },
                "shortcuts",
            ),
            (ConfigEdit::RemoveShortcut(0), "shortcuts"),
            (ConfigEdit::MoveShortcut { from: 0, to: 1 }, "shortcuts"),
        ];
        for (edit, word) in parts {
            assert_eq!(edit.part().as_str(), word, "{edit:?}");
        }
    }

    /// A scratch directory removed when dropped.
    struct Scratch(std::path::PathBuf);

    impl Scratch {
        fn new(name: &str) -> Self {
            let path =
                std::env::temp_dir().join(format!("borne-edit-{name}-{}", std::process::id()));
            fs::remove_dir_all(&path).ok();
            fs::create_dir_all(&path).unwrap();
            Self(path)
        }

        fn names(&self) -> Vec<String> {
            let mut names: Vec<String> = fs::read_dir(&self.0)
                .unwrap()
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            // Not a mount point unless the read-only test mounted one: a failure is expected.
            Command::new("umount").arg(&self.0).output().ok();
            fs::set_permissions(&self.0, fs::Permissions::from_mode(0o755)).ok();
            fs::remove_dir_all(&self.0).ok();
        }
    }

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    #[test]
    fn save_replaces_the_file_with_its_permissions_and_no_leftover() {
        let scratch = Scratch::new("save");
        let path = scratch.0.join("borne.toml");
        fs::write(&path, DEFAULT_TEXT).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        let (text, _) = applied(DEFAULT_TEXT, &ConfigEdit::Language(Language::En));

        save(&path, &text).unwrap();

        assert_eq!(fs::read_to_string(&path).unwrap(), text);
        assert_eq!(mode(&path), 0o640);
        assert_eq!(scratch.names(), ["borne.toml"]);

        let new = scratch.0.join("new.toml");
        save(&new, DEFAULT_TEXT).unwrap();
        assert_eq!(fs::read_to_string(&new).unwrap(), DEFAULT_TEXT);
        assert_eq!(mode(&new), 0o644);
        assert_eq!(scratch.names(), ["borne.toml", "new.toml"]);
    }

    #[test]
    fn save_into_a_read_only_directory_fails_and_leaves_the_file() {
        let scratch = Scratch::new("read-only");
        let path = scratch.0.join("borne.toml");
        if nix::unistd::geteuid().is_root() {
            // Root writes into any directory whatever its mode: a read-only mount stops it.
            let mount = |args: &[&str]| {
                let status = Command::new("mount")
                    .args(args)
                    .arg(&scratch.0)
                    .status()
                    .unwrap();
                assert!(status.success(), "mount {args:?}");
            };
            mount(&["-t", "tmpfs", "-o", "size=1m", "tmpfs"]);
            fs::write(&path, DEFAULT_TEXT).unwrap();
            mount(&["-o", "remount,ro"]);
        } else {
            fs::write(&path, DEFAULT_TEXT).unwrap();
            fs::set_permissions(&scratch.0, fs::Permissions::from_mode(0o555)).unwrap();
        }

        let error = save(&path, "[station]\n").unwrap_err();

        assert!(
            matches!(
                error.kind(),
                io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied
            ),
            "{error}"
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), DEFAULT_TEXT);
        assert_eq!(scratch.names(), ["borne.toml"]);
    }

    #[test]
    fn an_edited_shortcut_keeps_its_thematique() {
        let mut cv = draft_of(1);
        cv.label_fr = "Mon CV".to_owned();
        let (text, config) = applied(
            DEFAULT_TEXT,
            &ConfigEdit::EditShortcut {
                index: 1,
                draft: cv,
            },
        );
        assert_eq!(
            config.shortcuts[1]
                .thematique
                .map(crate::domain::Thematique::code),
            Some("insertion_professionnelle")
        );
        assert!(text.contains("Mon CV"));
    }
}
