//! The serde mirror of `borne.toml`, before any rule is checked.
//!
//! Every struct denies unknown keys, so a misspelt key is an error with its line rather than a
//! setting silently ignored. Values that validation may reject are wrapped in [`Spanned`] so
//! that the error can name their line. Numbers are read as `i64`, the TOML integer, so that an
//! out-of-range or negative value gets the same "must be between" message as any other.

use serde::Deserialize;
use toml::Spanned;

/// A list of host patterns, each with its position.
pub(super) type RawHostList = Spanned<Vec<Spanned<String>>>;

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    /// `[station]`.
    #[serde(default)]
    pub station: RawStation,
    /// `[session]`.
    #[serde(default)]
    pub session: RawSession,
    /// `[browser]`.
    #[serde(default)]
    pub browser: RawBrowser,
    /// `[sites]`.
    #[serde(default)]
    pub sites: RawSites,
    /// `[stats]`.
    #[serde(default)]
    pub stats: RawStats,
    /// `[antenna]`; absent means no API, so it has no default.
    pub antenna: Option<Spanned<RawAntenna>>,
    /// `[hub]`; absent means no network statistics, so it has no default.
    pub hub: Option<Spanned<RawHub>>,
    /// `[hours]`; absent means open at all times, so it has no default.
    pub hours: Option<Spanned<RawHours>>,
    /// `[[shortcut]]` entries; an empty list is rejected by validation, not here, so that the
    /// message can say what is missing.
    #[serde(default)]
    pub shortcut: Vec<Spanned<RawShortcut>>,
}

/// `[antenna]`: the station's API for the antenna's staff console.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAntenna {
    /// `listen`: the address and port of the API.
    pub listen: Option<Spanned<String>>,
    /// `public_key`: the antenna's public key, as `borne antenna keygen` prints it.
    pub public_key: Option<Spanned<String>>,
}

/// `[hub]`: where the station pushes its closed days' and months' tallies.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHub {
    /// `url`: the hub's address, `https://...`.
    pub url: Option<Spanned<String>>,
    /// `ca_file`: a PEM file of the certificate authority that signed the hub's certificate,
    /// when it is not a public one.
    pub ca_file: Option<Spanned<String>>,
}

/// `[stats]`: the anonymous usage log.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStats {
    /// `keep_days`.
    pub keep_days: Option<Spanned<i64>>,
    /// `min_cell`.
    pub min_cell: Option<Spanned<i64>>,
    /// `database`.
    pub database: Option<Spanned<String>>,
    /// `ask_purpose`.
    pub ask_purpose: Option<bool>,
    /// `ask_found`.
    pub ask_found: Option<bool>,
}

/// `[sites]`: sites reachable without a shortcut.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSites {
    /// `allow`: patterns in the language of `site_pattern`.
    pub allow: Option<RawHostList>,
}

/// `[station]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStation {
    pub name: Option<Spanned<String>>,
    pub language: Option<Spanned<String>>,
}

/// `[session]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSession {
    pub drop_in_minutes: Option<Spanned<i64>>,
    pub assisted_minutes: Option<Spanned<i64>>,
    pub warn_at_minutes_left: Option<Spanned<Vec<Spanned<i64>>>>,
    pub idle_secs: Option<Spanned<i64>>,
    pub idle_grace_secs: Option<Spanned<i64>>,
    pub goodbye_secs: Option<Spanned<i64>>,
    pub extension_minutes: Option<Spanned<i64>>,
    pub max_extensions: Option<Spanned<i64>>,
}

/// `[hours]`: one text per day, `"09:00-12:00, 14:00-17:30"`; a missing day is closed.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHours {
    pub monday: Option<Spanned<String>>,
    pub tuesday: Option<Spanned<String>>,
    pub wednesday: Option<Spanned<String>>,
    pub thursday: Option<Spanned<String>>,
    pub friday: Option<Spanned<String>>,
    pub saturday: Option<Spanned<String>>,
    pub sunday: Option<Spanned<String>>,
}

impl RawHours {
    /// The seven days, Monday first, in the order of `domain::hours::WEEKDAY_KEYS`.
    pub fn days(&self) -> [Option<&Spanned<String>>; 7] {
        [
            self.monday.as_ref(),
            self.tuesday.as_ref(),
            self.wednesday.as_ref(),
            self.thursday.as_ref(),
            self.friday.as_ref(),
            self.saturday.as_ref(),
            self.sunday.as_ref(),
        ]
    }
}

/// `[browser]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBrowser {
    pub program: Option<Spanned<String>>,
    pub guest_user: Option<Spanned<String>>,
    pub session_root: Option<Spanned<String>>,
    pub printing: Option<bool>,
    pub page_limit: Option<Spanned<i64>>,
    pub usb_keys: Option<Spanned<String>>,
}

/// One `[[shortcut]]`. `url`/`also_allow` and `choice` are all optional here; validation
/// requires exactly one of `url` and `choice`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawShortcut {
    pub id: Spanned<String>,
    pub label: Spanned<RawLabel>,
    pub icon: Spanned<String>,
    pub url: Option<Spanned<String>>,
    pub also_allow: Option<RawHostList>,
    pub choice: Option<Vec<Spanned<RawChoice>>>,
    pub thematique: Option<Spanned<String>>,
}

/// One `[[shortcut.choice]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChoice {
    pub id: Spanned<String>,
    pub label: Spanned<RawLabel>,
    pub url: Spanned<String>,
    pub also_allow: Option<RawHostList>,
}

/// `label = { fr = "...", en = "..." }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLabel {
    pub fr: Spanned<String>,
    pub en: Option<Spanned<String>>,
}
