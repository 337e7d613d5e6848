//! The rules of `borne.toml`: from the raw mirror to the validated [`Config`].
//!
//! Each check names the key with array indices (`shortcut[1].choice[0].url`) and the line of
//! the value, so the volunteer fixing the file goes straight to it. The first problem wins.

use std::ops::{Range, RangeInclusive};
use std::path::PathBuf;

/// Chromium puts its singleton socket at
/// `<session_root>/<id>/tmp/org.chromium.Chromium.XXXXXX/SingletonSocket`, and a Unix socket
/// path has at most 107 bytes: the root must leave room for the rest.
pub const MAX_SESSION_ROOT_BYTES: usize = 48;

use toml::Spanned;

use super::error::{ConfigError, line_at};
use super::raw::{
    RawAntenna, RawBrowser, RawConfig, RawHostList, RawHours, RawHub, RawLabel, RawSession,
    RawStation, RawStats,
};
use super::site::{validate_host_pattern, validate_url};
use super::{
    Antenna, BrowserChoice, BrowserSettings, Choice, Config, Hub, Icon, Label, SessionRules,
    Shortcut, ShortcutTarget, Site, Station, Stats,
};
use crate::domain::hours::{OpeningHours, Span, WEEKDAY_KEYS, parse_day};
use crate::domain::{Language, Thematique};

mod shortcuts;

/// More buttons than this do not fit the welcome screen at the required size.
const MAX_SHORTCUTS: usize = 12;
const MAX_CHOICES: usize = 12;
const MAX_LABEL_CHARS: usize = 40;
const MAX_STATION_NAME_CHARS: usize = 60;
const MAX_ID_CHARS: usize = 32;
const DEFAULT_STATION_NAME: &str = "Poste en libre accès";

/// Checks every rule of `raw`, read from `text`, and builds the [`Config`].
pub(super) fn config(text: &str, raw: &RawConfig) -> Result<Config> {
    let check = Checker { text };
    let config = Config {
        station: check.station(&raw.station)?,
        session: check.session(&raw.session)?,
        browser: check.browser(&raw.browser)?,
        shortcuts: check.shortcuts(&raw.shortcut)?,
        sites: check.patterns(raw.sites.allow.as_ref(), "sites.allow")?,
        stats: check.stats(&raw.stats)?,
        hours: check.hours(raw.hours.as_ref())?,
        antenna: check.antenna(raw.antenna.as_ref())?,
        hub: check.hub(raw.hub.as_ref())?,
    };
    if let (Some(antenna), None) = (&raw.antenna, &raw.station.name) {
        return Err(check.invalid(
            antenna.span(),
            "station.name",
            "must be set when [antenna] is: the console and its commands name each station, \
             e.g. name = \"Poste 1\"",
        ));
    }
    Ok(config)
}

struct Checker<'t> {
    text: &'t str,
}

type Result<T> = std::result::Result<T, ConfigError>;

impl Checker<'_> {
    fn invalid(&self, span: Range<usize>, key: &str, problem: impl Into<String>) -> ConfigError {
        ConfigError::Invalid {
            line: line_at(self.text, span.start),
            key: key.to_owned(),
            problem: problem.into(),
        }
    }

    fn station(&self, raw: &RawStation) -> Result<Station> {
        let name = match &raw.name {
            None => DEFAULT_STATION_NAME.to_owned(),
            Some(name) => self.text_value(name, "station.name", MAX_STATION_NAME_CHARS)?,
        };
        let language = match &raw.language {
            None => Language::default(),
            Some(code) => Language::from_code(code.get_ref()).ok_or_else(|| {
                self.invalid(
                    code.span(),
                    "station.language",
                    format!("must be \"fr\" or \"en\", found {:?}", code.get_ref()),
                )
            })?,
        };
        Ok(Station { name, language })
    }

    /// A trimmed, non-empty text of at most `max_chars` characters.
    fn text_value(&self, value: &Spanned<String>, key: &str, max_chars: usize) -> Result<String> {
        let trimmed = value.get_ref().trim();
        if trimmed.is_empty() {
            return Err(self.invalid(value.span(), key, "must not be empty"));
        }
        let chars = trimmed.chars().count();
        if chars > max_chars {
            return Err(self.invalid(
                value.span(),
                key,
                format!("must be at most {max_chars} characters, found {chars} in {trimmed:?}"),
            ));
        }
        Ok(trimmed.to_owned())
    }

    fn session(&self, raw: &RawSession) -> Result<SessionRules> {
        Ok(SessionRules {
            drop_in_minutes: self.number(
                raw.drop_in_minutes.as_ref(),
                "session.drop_in_minutes",
                1..=240,
                "minutes",
                45,
            )?,
            assisted_minutes: self.number(
                raw.assisted_minutes.as_ref(),
                "session.assisted_minutes",
                1..=480,
                "minutes",
                120,
            )?,
            warn_at_minutes_left: self.warnings(raw.warn_at_minutes_left.as_ref())?,
            idle_secs: self.number(
                raw.idle_secs.as_ref(),
                "session.idle_secs",
                30..=3600,
                "seconds",
                300,
            )?,
            idle_grace_secs: self.number(
                raw.idle_grace_secs.as_ref(),
                "session.idle_grace_secs",
                10..=600,
                "seconds",
                60,
            )?,
            goodbye_secs: self.number(
                raw.goodbye_secs.as_ref(),
                "session.goodbye_secs",
                2..=60,
                "seconds",
                6,
            )?,
            extension_minutes: self.number(
                raw.extension_minutes.as_ref(),
                "session.extension_minutes",
                1..=120,
                "minutes",
                15,
            )?,
            max_extensions: self.number(
                raw.max_extensions.as_ref(),
                "session.max_extensions",
                0..=10,
                "extensions",
                2,
            )?,
        })
    }

    /// `[hours]`: absent, open at all times; present, each day as written, a missing day
    /// closed, and at least one day open.
    fn hours(&self, raw: Option<&Spanned<RawHours>>) -> Result<OpeningHours> {
        let Some(raw) = raw else {
            return Ok(OpeningHours::always());
        };
        let mut week: [Vec<Span>; 7] = Default::default();
        for ((key, value), spans) in WEEKDAY_KEYS.iter().zip(raw.get_ref().days()).zip(&mut week) {
            let Some(value) = value else { continue };
            *spans = parse_day(value.get_ref()).map_err(|problem| {
                self.invalid(value.span(), &format!("hours.{key}"), problem.to_string())
            })?;
        }
        // parse_day already checked every day; weekly checks the same rules again.
        let hours = OpeningHours::weekly(week)
            .map_err(|error| self.invalid(raw.span(), "hours", error.to_string()))?;
        if hours.never_opens() {
            return Err(self.invalid(
                raw.span(),
                "hours",
                "every day is closed, so the station would never open; give at least one day \
                 its hours, e.g. monday = \"09:00-12:00\", or remove [hours] to stay open at \
                 all times",
            ));
        }
        Ok(hours)
    }

    /// `[antenna]`: both keys, a socket address and a public key.
    fn antenna(&self, raw: Option<&Spanned<RawAntenna>>) -> Result<Option<Antenna>> {
        let Some(raw) = raw else {
            return Ok(None);
        };
        let missing = |key: &str| {
            self.invalid(
                raw.span(),
                &format!("antenna.{key}"),
                "is missing: [antenna] needs listen and public_key, or remove [antenna] to \
                 turn the API off",
            )
        };
        let listen = raw
            .get_ref()
            .listen
            .as_ref()
            .ok_or_else(|| missing("listen"))?;
        let key = raw
            .get_ref()
            .public_key
            .as_ref()
            .ok_or_else(|| missing("public_key"))?;
        let listen = listen.get_ref().parse().map_err(|_| {
            self.invalid(
                listen.span(),
                "antenna.listen",
                format!(
                    "must be an address and a port, e.g. \"192.168.1.21:8731\", found {:?}",
                    listen.get_ref()
                ),
            )
        })?;
        let public_key = crate::antenna::signing::public_key_from_text(key.get_ref())
            .map_err(|error| self.invalid(key.span(), "antenna.public_key", error.to_string()))?;
        Ok(Some(Antenna { listen, public_key }))
    }

    /// `[hub]`: an `https://` address with a host, and a certificate authority's file.
    fn hub(&self, raw: Option<&Spanned<RawHub>>) -> Result<Option<Hub>> {
        let Some(raw) = raw else {
            return Ok(None);
        };
        let url = raw.get_ref().url.as_ref().ok_or_else(|| {
            self.invalid(
                raw.span(),
                "hub.url",
                "is missing: [hub] needs url = \"https://...\", or remove [hub] to send nothing",
            )
        })?;
        let text = url.get_ref().trim_end_matches('/');
        let host = text.strip_prefix("https://").unwrap_or_default();
        if host.is_empty() || host.contains(['/', '?', '#', ' ', '@']) {
            return Err(self.invalid(
                url.span(),
                "hub.url",
                format!(
                    "must be https:// and a host (and port), e.g. \"https://hub.example.org\": \
                     the hub is only reached over verified TLS; found {:?}",
                    url.get_ref()
                ),
            ));
        }
        let ca_file = raw.get_ref().ca_file.as_ref().map(|file| {
            let path = std::path::PathBuf::from(file.get_ref());
            if path.is_absolute() {
                Ok(path)
            } else {
                Err(self.invalid(
                    file.span(),
                    "hub.ca_file",
                    format!("must be an absolute path, found {:?}", file.get_ref()),
                ))
            }
        });
        Ok(Some(Hub {
            url: text.to_owned(),
            ca_file: ca_file.transpose()?,
        }))
    }

    /// `value` if it is in `range`, `default` if the key is absent.
    fn stats(&self, raw: &RawStats) -> Result<Stats> {
        let database = match &raw.database {
            None => None,
            Some(path) => {
                let database = PathBuf::from(path.get_ref());
                if !database.is_absolute() {
                    return Err(self.invalid(
                        path.span(),
                        "stats.database",
                        format!("must be an absolute path, found {:?}", path.get_ref()),
                    ));
                }
                Some(database)
            }
        };
        Ok(Stats {
            keep_days: self.number(
                raw.keep_days.as_ref(),
                "stats.keep_days",
                31..=3660,
                "days",
                400,
            )?,
            min_cell: self.number(
                raw.min_cell.as_ref(),
                "stats.min_cell",
                1..=50,
                "sessions",
                3,
            )?,
            database,
            ask_purpose: raw.ask_purpose.unwrap_or(false),
            ask_found: raw.ask_found.unwrap_or(false),
        })
    }

    fn number(
        &self,
        value: Option<&Spanned<i64>>,
        key: &str,
        range: RangeInclusive<u32>,
        unit: &str,
        default: u32,
    ) -> Result<u32> {
        let Some(value) = value else {
            return Ok(default);
        };
        let found = *value.get_ref();
        match u32::try_from(found) {
            Ok(number) if range.contains(&number) => Ok(number),
            _ => Err(self.invalid(
                value.span(),
                key,
                format!(
                    "must be between {} and {} {unit}, found {found}",
                    range.start(),
                    range.end()
                ),
            )),
        }
    }

    fn warnings(&self, raw: Option<&Spanned<Vec<Spanned<i64>>>>) -> Result<Vec<u32>> {
        let Some(raw) = raw else {
            return Ok(vec![5, 1]);
        };
        let mut minutes: Vec<u32> = Vec::with_capacity(raw.get_ref().len());
        for (i, value) in raw.get_ref().iter().enumerate() {
            let key = format!("session.warn_at_minutes_left[{i}]");
            let number = self.number(Some(value), &key, 1..=60, "minutes", 0)?;
            if minutes.contains(&number) {
                return Err(self.invalid(
                    value.span(),
                    &key,
                    format!("{number} minutes appears twice; each warning must be different"),
                ));
            }
            minutes.push(number);
        }
        minutes.sort_unstable_by(|a, b| b.cmp(a));
        Ok(minutes)
    }

    fn browser(&self, raw: &RawBrowser) -> Result<BrowserSettings> {
        let program = match &raw.program {
            None => BrowserChoice::default(),
            Some(code) => BrowserChoice::from_code(code.get_ref()).ok_or_else(|| {
                self.invalid(
                    code.span(),
                    "browser.program",
                    format!(
                        "must be \"auto\", \"chromium\" or \"firefox\", found {:?}",
                        code.get_ref()
                    ),
                )
            })?,
        };
        let guest_user = raw
            .guest_user
            .as_ref()
            .map(|user| self.guest_user(user))
            .transpose()?;
        let session_root = match &raw.session_root {
            None => None,
            Some(root) => {
                let path = PathBuf::from(root.get_ref());
                if !path.is_absolute() {
                    return Err(self.invalid(
                        root.span(),
                        "browser.session_root",
                        format!(
                            "must be an absolute path starting with /, found {:?}",
                            root.get_ref()
                        ),
                    ));
                }
                if root.get_ref().len() > MAX_SESSION_ROOT_BYTES {
                    return Err(self.invalid(
                        root.span(),
                        "browser.session_root",
                        format!(
                            "must be at most {MAX_SESSION_ROOT_BYTES} bytes long (the browser's \
                             sockets live under it and Unix socket paths are short), found {} bytes",
                            root.get_ref().len()
                        ),
                    ));
                }
                Some(path)
            }
        };
        let usb_keys = match &raw.usb_keys {
            None => crate::config::KeyAccess::default(),
            Some(code) => crate::config::KeyAccess::from_code(code.get_ref()).ok_or_else(|| {
                self.invalid(
                    code.span(),
                    "browser.usb_keys",
                    format!(
                        "must be \"read-write\", \"read-only\" or \"none\", found {:?}",
                        code.get_ref()
                    ),
                )
            })?,
        };
        Ok(BrowserSettings {
            program,
            guest_user,
            session_root,
            printing: raw.printing.unwrap_or(true),
            page_limit: raw
                .page_limit
                .as_ref()
                .map(|limit| self.number(Some(limit), "browser.page_limit", 1..=1000, "pages", 0))
                .transpose()?,
            usb_keys,
        })
    }

    fn guest_user(&self, user: &Spanned<String>) -> Result<String> {
        let name = user.get_ref();
        let key = "browser.guest_user";
        if name == "root" {
            return Err(self.invalid(
                user.span(),
                key,
                "must not be \"root\": the browser never runs with full rights",
            ));
        }
        let mut chars = name.chars();
        let first_ok = chars
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_');
        let rest_ok =
            chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
        if !first_ok || !rest_ok || name.len() > 32 {
            return Err(self.invalid(
                user.span(),
                key,
                format!(
                    "must be a Unix user name (a-z, 0-9, _ and -, starting with a letter or _, \
                     at most 32 characters), found {name:?}"
                ),
            ));
        }
        Ok(name.clone())
    }
}
