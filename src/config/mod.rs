//! The station's configuration: `borne.toml` turned into a validated [`Config`].
//!
//! Reading happens in two stages, as in ripgrep: `raw` mirrors the file with serde (every
//! unknown key is an error, values keep their position in the text), then `validate` checks
//! every rule and builds the types below, which the rest of the code trusts without checking
//! again. [`parse`] is a pure function of the text, so every rule is tested with literal TOML;
//! [`load`] is the thin I/O layer around it. A bad file gives one [`ConfigError`] that names the
//! line, the dotted key, what is allowed and what was found.

pub mod edit;
mod error;
mod raw;
mod site;
pub mod site_pattern;
mod validate;

use std::path::{Path, PathBuf};

use strum::{EnumString, IntoStaticStr};

use crate::domain::{Language, Thematique};

pub use error::ConfigError;
pub use site::validate_host_pattern;

/// The commented default configuration, as shipped in `kiosk-config/borne.toml`.
pub const DEFAULT_TEXT: &str = include_str!("../../kiosk-config/borne.toml");

/// Reads a configuration from the text of a `borne.toml` file.
///
/// Pure: no file, no clock. Returns the first problem found.
///
/// # Errors
/// A [`ConfigError`] naming the line and key of the first syntax error, unknown key, wrong
/// type or value out of range.
pub fn parse(text: &str) -> Result<Config, ConfigError> {
    let raw: raw::RawConfig =
        toml::from_str(text).map_err(|error| error::from_toml(text, &error))?;
    validate::config(text, &raw)
}

/// Reads and parses the configuration file at `path`.
///
/// # Errors
/// [`ConfigError::Read`] if the file cannot be read, [`ConfigError::InFile`] (which prefixes
/// the path to the message) if its content is invalid.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    load_with_text(path).map(|(config, _)| config)
}

/// Reads and parses the configuration file at `path`, once: the config, and the text it came
/// from (what the admin screens edit, keeping its comments).
///
/// # Errors
/// As [`load`].
pub fn load_with_text(path: &Path) -> Result<(Config, String), ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|error| ConfigError::Read {
        path: path.to_path_buf(),
        kind: error.kind(),
        message: error.to_string(),
    })?;
    match parse(&text) {
        Ok(config) => Ok((config, text)),
        Err(error) => Err(ConfigError::InFile {
            path: path.to_path_buf(),
            error: Box::new(error),
        }),
    }
}

/// Everything the station reads from `borne.toml`, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Name and language of this station.
    pub station: Station,
    /// Durations of sessions, warnings and idle prompts.
    pub session: SessionRules,
    /// Which browser runs sessions, as whom and where.
    pub browser: BrowserSettings,
    /// The big buttons of the welcome screen, in file order (1 to 12).
    pub shortcuts: Vec<Shortcut>,
    /// `[sites] allow`: sites reachable without a shortcut, in normal form.
    pub sites: Vec<String>,
    /// `[stats]`: the anonymous usage log.
    pub stats: Stats,
    /// `[hours]`: when sessions may run; open at all times when the section is absent.
    pub hours: crate::domain::hours::OpeningHours,
    /// `[antenna]`: the API for the antenna's staff console; `None` (the default): no API.
    pub antenna: Option<Antenna>,
    /// `[hub]`: the network's statistics hub; `None` (the default): nothing is pushed.
    pub hub: Option<Hub>,
}

/// The `[hub]` section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hub {
    /// The hub's address, always `https://` (its certificate is always verified).
    pub url: String,
    /// The certificate authority of the hub's certificate, when it is a private one; `None`:
    /// the public authorities (Mozilla's list).
    pub ca_file: Option<std::path::PathBuf>,
}

/// The `[antenna]` section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Antenna {
    /// Where the API listens, e.g. `192.168.1.21:8731`.
    pub listen: std::net::SocketAddr,
    /// The antenna's public key: only requests signed by its private key are obeyed.
    pub public_key: ed25519_dalek::VerifyingKey,
}

/// The `[stats]` section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stats {
    /// Days the per-session rows are kept before only monthly totals remain (31 to 3660).
    pub keep_days: u32,
    /// Exports hide any count below this, so that nobody can be singled out (1 to 50).
    pub min_cell: u32,
    /// The SQLite file; `None` for the default place.
    pub database: Option<PathBuf>,
    /// Ask "Vous venez pour..." at the start of each session (fixed answers and "Passer").
    pub ask_purpose: bool,
    /// Ask "Avez-vous trouvé ce que vous cherchiez ?" when a person ends their session.
    pub ask_found: bool,
}

/// The `[station]` section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Station {
    /// Name shown to staff and in statistics, e.g. "Poste 1" (1 to 60 characters).
    pub name: String,
    /// Language of the screens when nobody has chosen one.
    pub language: Language,
}

/// The `[session]` section: how long sessions last and when the station speaks up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRules {
    /// Length of a drop-in session started with "Commencer" (1 to 240 minutes).
    pub drop_in_minutes: u32,
    /// Length of a session started by a volunteer (1 to 480 minutes).
    pub assisted_minutes: u32,
    /// Minutes left at which the person is warned, each 1 to 60, distinct, largest first.
    pub warn_at_minutes_left: Vec<u32>,
    /// Time without any input before "Êtes-vous toujours là ?" (30 to 3600 seconds).
    pub idle_secs: u32,
    /// Countdown of that prompt before the session ends (10 to 600 seconds).
    pub idle_grace_secs: u32,
    /// How long the "Au revoir" screen stays (2 to 60 seconds).
    pub goodbye_secs: u32,
    /// Minutes a volunteer adds to the running session with one extension (1 to 120).
    pub extension_minutes: u32,
    /// How many times a session may be extended (0 to 10; 0: never).
    pub max_extensions: u32,
}

/// The `[browser]` section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrowserSettings {
    /// Which browser to launch.
    pub program: BrowserChoice,
    /// Local user the browser runs as, never `root` nor the kiosk's own: the kiosk switches to it
    /// itself when it runs as root, through sudo otherwise (`services::guest`).
    pub guest_user: Option<String>,
    /// Absolute directory under which session directories are created.
    pub session_root: Option<PathBuf>,
    /// Whether people may print from the browser (a CV, a certificate).
    pub printing: bool,
    /// The most pages a session may print; `None`: no limit.
    pub page_limit: Option<u32>,
    /// What the browser may do with USB keys (upload from them, save to them).
    pub usb_keys: KeyAccess,
}

/// What the browser may do with USB keys (`[browser] usb_keys`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, IntoStaticStr, EnumString)]
#[strum(serialize_all = "kebab-case")]
pub enum KeyAccess {
    /// The keys are not in the browser's view.
    None,
    /// The browser may read files on them (to upload a CV), not write.
    ReadOnly,
    /// The browser may also save to them.
    #[default]
    ReadWrite,
}

impl KeyAccess {
    /// The config's and the command line's word for it.
    #[must_use]
    pub fn code(self) -> &'static str {
        self.into()
    }

    /// The access named `code`.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        code.parse().ok()
    }
}

/// The `program` key of `[browser]`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, IntoStaticStr, EnumString)]
#[strum(serialize_all = "lowercase")]
pub enum BrowserChoice {
    /// Chromium if installed, else Firefox ESR.
    #[default]
    Auto,
    /// Always Chromium.
    Chromium,
    /// Always Firefox ESR.
    Firefox,
}

impl BrowserChoice {
    /// Every choice, in the order the file documents them.
    pub const ALL: [Self; 3] = [Self::Auto, Self::Chromium, Self::Firefox];

    /// The value written in the file: `auto`, `chromium`, `firefox`.
    pub fn code(self) -> &'static str {
        self.into()
    }

    /// The choice written `code` in the file, if any.
    pub fn from_code(code: &str) -> Option<Self> {
        code.parse().ok()
    }
}

/// One big button of the welcome screen (`[[shortcut]]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shortcut {
    /// Stable id (`[a-z0-9-]{1,32}`, unique), also the only trace of it in the usage log.
    pub id: String,
    /// Text on the button.
    pub label: Label,
    /// Picture on the button.
    pub icon: Icon,
    /// What the button opens.
    pub target: ShortcutTarget,
    /// What its sessions count for in the network's reports (La Coop's thématique), for the
    /// shortcut and its choices.
    pub thematique: Option<Thematique>,
}

/// A text in each language of the station.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// French text (1 to 40 characters).
    pub fr: String,
    /// English text (1 to 40 characters); the French text when the file gives none.
    pub en: String,
}

impl Label {
    /// The text in `language`.
    pub fn get(&self, language: Language) -> &str {
        match language {
            Language::Fr => &self.fr,
            Language::En => &self.en,
        }
    }
}

/// What a shortcut opens: one site, or a second screen to choose among several.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShortcutTarget {
    /// Opens this site directly.
    Site(Site),
    /// Shows these choices first (1 to 12), e.g. the webmail providers of "Mes e-mails".
    Chooser(Vec<Choice>),
}

/// One entry of a chooser (`[[shortcut.choice]]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// Stable id, unique among all shortcuts and choices.
    pub id: String,
    /// Text on the button.
    pub label: Label,
    /// The site it opens.
    pub site: Site,
}

/// A site the browser opens, with the other hosts it needs (login, redirects).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    /// Start page: absolute `http`/`https` URL with a host and no credentials, as written.
    pub url: String,
    /// Other allowed hosts, lower-cased: `host.example.fr`, or `*.example.fr` for its
    /// subdomains. See [`validate_host_pattern`].
    pub also_allow: Vec<String>,
}

impl Site {
    /// The host of [`Site::url`] as written (an IPv6 address keeps its brackets).
    pub fn host(&self) -> &str {
        site::url_host(&self.url).unwrap_or_default()
    }
}

/// The picture of a shortcut.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, IntoStaticStr, EnumString)]
pub enum Icon {
    /// Job search (`travail`).
    #[strum(serialize = "travail")]
    Work,
    /// Writing a CV (`cv`).
    #[strum(serialize = "cv")]
    Cv,
    /// E-mail (`email`).
    #[strum(serialize = "email")]
    Mail,
    /// Public services (`services-publics`).
    #[strum(serialize = "services-publics")]
    PublicService,
    /// Training (`formation`).
    #[strum(serialize = "formation")]
    Training,
    /// Health (`sante`).
    #[strum(serialize = "sante")]
    Health,
    /// Housing (`logement`).
    #[strum(serialize = "logement")]
    Housing,
    /// Any other website (`web`).
    #[strum(serialize = "web")]
    Web,
}

impl Icon {
    /// Every icon, in the order the file documents them.
    pub const ALL: [Self; 8] = [
        Self::Work,
        Self::Cv,
        Self::Mail,
        Self::PublicService,
        Self::Training,
        Self::Health,
        Self::Housing,
        Self::Web,
    ];

    /// The value written in the file, e.g. `services-publics`.
    pub fn code(self) -> &'static str {
        self.into()
    }

    /// The icon written `code` in the file, if any.
    pub fn from_code(code: &str) -> Option<Self> {
        code.parse().ok()
    }
}

#[cfg(test)]
mod tests;

impl Config {
    /// The thématique of every shortcut and choice that has one, by id: what the usage log
    /// counts a session for when it opened them.
    pub fn thematiques(&self) -> std::collections::HashMap<String, Thematique> {
        let mut map = std::collections::HashMap::new();
        for shortcut in &self.shortcuts {
            let Some(thematique) = shortcut.thematique else {
                continue;
            };
            map.insert(shortcut.id.clone(), thematique);
            if let ShortcutTarget::Chooser(choices) = &shortcut.target {
                for choice in choices {
                    map.insert(choice.id.clone(), thematique);
                }
            }
        }
        map
    }

    /// The session rules of this config, as the station's state machine counts them.
    pub fn rules(&self) -> crate::domain::Rules {
        use std::time::Duration;
        let minutes = |m: u32| Duration::from_secs(u64::from(m) * 60);
        let secs = |s: u32| Duration::from_secs(u64::from(s));
        let session = &self.session;
        crate::domain::Rules {
            drop_in: minutes(session.drop_in_minutes),
            assisted: minutes(session.assisted_minutes),
            extension: minutes(session.extension_minutes),
            max_extensions: session.max_extensions,
            hours: self.hours.clone(),
            warn_at_left: session
                .warn_at_minutes_left
                .iter()
                .map(|m| minutes(*m))
                .collect(),
            idle: secs(session.idle_secs),
            idle_grace: secs(session.idle_grace_secs),
            goodbye: secs(session.goodbye_secs),
            default_language: self.station.language,
            ask_purpose: self.stats.ask_purpose,
            ask_found: self.stats.ask_found,
            printing: self.browser.printing,
            page_limit: self.browser.page_limit.filter(|_| self.browser.printing),
        }
    }
}

impl Config {
    /// Every site the browser may reach: each shortcut's and choice's start URL (its host, any
    /// path), their `also_allow` patterns, and `[sites] allow`. Nothing else is reachable.
    pub fn allowlist(&self) -> Vec<site_pattern::SitePattern> {
        let sites = self
            .shortcuts
            .iter()
            .flat_map(|shortcut| match &shortcut.target {
                ShortcutTarget::Site(site) => vec![site],
                ShortcutTarget::Chooser(choices) => choices.iter().map(|c| &c.site).collect(),
            });
        let mut patterns = Vec::new();
        for site in sites {
            patterns.extend(site_pattern::SitePattern::of_url(&site.url).ok());
            patterns.extend(
                site.also_allow
                    .iter()
                    .filter_map(|p| site_pattern::SitePattern::parse(p).ok()),
            );
        }
        patterns.extend(
            self.sites
                .iter()
                .filter_map(|p| site_pattern::SitePattern::parse(p).ok()),
        );
        let mut unique = Vec::new();
        for pattern in patterns {
            if !unique.contains(&pattern) {
                unique.push(pattern);
            }
        }
        unique
    }
}
