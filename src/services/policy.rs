//! The browsers' managed policies, generated from the config: only the allowed sites, no
//! developer tools, no browser settings, no private window, no password manager, downloads in
//! the session's HOME. The browsers enforce them themselves; installing them needs root
//! (`borne install-policies`), and the kiosk checks before every session that what is
//! installed matches the config.
//!
//! Names checked against Chromium's policy list (chromeenterprise.google/policies) and
//! Mozilla's policy templates (mozilla.github.io/policy-templates) for the versions Debian 12
//! ships (Chromium 156, Firefox ESR 153).

use std::fs;
use std::io;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::config::Config;
use crate::config::site_pattern::SitePattern;
use crate::services::sandbox;
use crate::services::session_dir::DOWNLOADS;

/// Where Chromium reads managed policies, relative to the system root.
pub const CHROMIUM_POLICY: &str = "etc/chromium/policies/managed/borne.json";
/// Where Firefox reads its policies, relative to the system root.
pub const FIREFOX_POLICY: &str = "etc/firefox/policies/policies.json";

/// The two policy files for a config.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policies {
    /// Chromium's `borne.json`.
    pub chromium: String,
    /// Firefox's `policies.json`.
    pub firefox: String,
}

/// What is wrong with the installed policies.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// A policy file is not there.
    #[error("{0} is missing: run `borne install-policies` as root")]
    Missing(PathBuf),
    /// A policy file does not match the config.
    #[error("{0} does not match the config: run `borne install-policies` as root")]
    Stale(PathBuf),
    /// A policy file can be changed by someone other than root.
    #[error("{0} can be changed by other users than root: it must belong to root, mode 644")]
    Unsafe(PathBuf),
    /// A policy file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
}

impl Policies {
    /// The policies for `config`.
    pub fn for_config(config: &Config) -> Self {
        Self {
            chromium: pretty(&chromium(config)),
            firefox: pretty(&firefox(config)),
        }
    }

    fn files(&self, root: &Path) -> [(PathBuf, &str); 2] {
        [
            (root.join(CHROMIUM_POLICY), &self.chromium),
            (root.join(FIREFOX_POLICY), &self.firefox),
        ]
    }

    /// Writes both files under `root` (`/` on a station) atomically: a temporary file in the
    /// same directory, synced, then renamed over the old one. Mode 644.
    ///
    /// # Errors
    /// The file that could not be written and why.
    pub fn install(&self, root: &Path) -> Result<(), PolicyError> {
        for (path, text) in self.files(root) {
            write_atomically(&path, text).map_err(|source| PolicyError::Io {
                path: path.clone(),
                source,
            })?;
        }
        Ok(())
    }

    /// Checks that both files under `root` are installed, match, and only root can change them.
    ///
    /// # Errors
    /// The first file that is missing, stale or unsafe.
    pub fn check(&self, root: &Path) -> Result<(), PolicyError> {
        for (path, text) in self.files(root) {
            let metadata = match fs::metadata(&path) {
                Ok(metadata) => metadata,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    return Err(PolicyError::Missing(path));
                }
                Err(source) => return Err(PolicyError::Io { path, source }),
            };
            let installed = fs::read_to_string(&path).map_err(|source| PolicyError::Io {
                path: path.clone(),
                source,
            })?;
            if installed != text {
                return Err(PolicyError::Stale(path));
            }
            let owner_is_root = std::os::unix::fs::MetadataExt::uid(&metadata) == 0;
            let writable_by_others = metadata.permissions().mode() & 0o022 != 0;
            if writable_by_others || (root == Path::new("/") && !owner_is_root) {
                return Err(PolicyError::Unsafe(path));
            }
        }
        Ok(())
    }
}

/// The policy's text, with every object's keys sorted: the files stay byte for byte what every
/// version wrote, whatever order the code builds them in (a kiosk compares them as text, and an
/// upgrade must not make the running one find them stale).
fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(&sorted(value)).unwrap_or_default();
    text.push('\n');
    text
}

fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> =
                map.iter().map(|(k, v)| (k.clone(), sorted(v))).collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// Chromium: everything blocked but the allowlist; no way into the browser's own pages.
fn chromium(config: &Config) -> Value {
    let mut allow: Vec<String> = config
        .allowlist()
        .iter()
        .flat_map(SitePattern::chromium)
        .collect();
    // The person's own files open in the browser (a downloaded PDF in its viewer, an image),
    // and nothing else of the machine: the sandbox's HOME, as a plain path prefix (Chromium
    // reads a `*` here literally).
    allow.push(format!("file://{}/", sandbox::HOME));
    // The print preview is a page of the browser's own: without it nothing can be printed.
    if config.browser.printing {
        allow.extend([
            "chrome://print".to_owned(),
            "chrome-untrusted://print".to_owned(),
        ]);
    }
    json!({
        "URLBlocklist": ["*", "chrome://*", "chrome-untrusted://*", "view-source:*", "file://*",
                         "javascript:*", "data:*", "filesystem:*", "ftp://*", "mailto:*", "tel:*"],
        "URLAllowlist": allow,
        "DeveloperToolsAvailability": 2,
        "IncognitoModeAvailability": 1,
        "BrowserSignin": 0,
        "BrowserGuestModeEnabled": false,
        "BrowserAddPersonEnabled": false,
        "PasswordManagerEnabled": false,
        "PolicyTestPageEnabled": false,
        "SyncDisabled": true,
        "MetricsReportingEnabled": false,
        "DefaultBrowserSettingEnabled": false,
        "ImportAutofillFormData": false,
        "AutofillAddressEnabled": false,
        "AutofillCreditCardEnabled": false,
        "PaymentMethodQueryEnabled": false,
        "BackgroundModeEnabled": false,
        "PromptForDownloadLocation": false,
        "DownloadDirectory": format!("{}/{DOWNLOADS}", sandbox::HOME),
        "AlwaysOpenPdfExternally": false,
        "AllowFileSelectionDialogs": true,
        "ExternalProtocolDialogShowAlwaysOpenCheckbox": false,
        "PrintingEnabled": config.browser.printing,
        "ExtensionInstallBlocklist": ["*"],
        "TranslateEnabled": false,
        // "Continue where you left off", in each session's own profile: started again for the
        // person's new accessibility choices, Chromium comes back with its tabs and the sites'
        // session cookies (their logins). The profile is wiped with the session.
        "RestoreOnStartup": 1,
    })
}

/// Firefox: the website filter, and no way into the browser's own pages.
fn firefox(config: &Config) -> Value {
    let mut allow: Vec<String> = config
        .allowlist()
        .iter()
        .flat_map(SitePattern::firefox)
        .collect();
    // The person's own files open in the browser (PDF in its viewer), nothing else of the
    // machine.
    allow.push(format!("file://{}/*", sandbox::HOME));
    json!({
        "policies": {
            "WebsiteFilter": { "Block": ["<all_urls>"], "Exceptions": allow },
            "DisableDeveloperTools": true,
            "BlockAboutConfig": true,
            "BlockAboutProfiles": true,
            "BlockAboutAddons": true,
            "BlockAboutSupport": true,
            "DisablePrivateBrowsing": true,
            "PasswordManagerEnabled": false,
            "OfferToSaveLogins": false,
            "DisableFirefoxAccounts": true,
            "DisableProfileImport": true,
            "DisableProfileRefresh": true,
            "DisableSafeMode": true,
            "DisableTelemetry": true,
            "DisableFirefoxStudies": true,
            "DisablePocket": true,
            "DisableAppUpdate": true,
            "DisableSetDesktopBackground": true,
            "DontCheckDefaultBrowser": true,
            "NoDefaultBookmarks": true,
            "OverrideFirstRunPage": "",
            "OverridePostUpdatePage": "",
            "DownloadDirectory": "${home}/Téléchargements",
            "PromptForDownloadLocation": false,
            "PrintingEnabled": config.browser.printing,
            "PDFjs": { "Enabled": true },
            // Every extension is blocked but Debian's French language pack
            // (firefox-esr-l10n-fr), without which Firefox's own pages are in English.
            "ExtensionSettings": {
                "*": { "installation_mode": "blocked" },
                "langpack-fr@firefox-esr.mozilla.org": { "installation_mode": "allowed" }
            },
            "Handlers": {
                "schemes": {
                    "mailto": { "action": "useHelperApp", "ask": false, "handlers": [] },
                    "tel": { "action": "useHelperApp", "ask": false, "handlers": [] }
                }
            },
            "Preferences": {
                "network.protocol-handler.external-default": { "Value": false, "Status": "locked" },
                "network.protocol-handler.expose-all": { "Value": true, "Status": "locked" },
                "browser.download.useDownloadDir": { "Value": true, "Status": "locked" },
                "pdfjs.disabled": { "Value": false, "Status": "locked" },
                "browser.download.open_pdf_attachments_inline": { "Value": false, "Status": "locked" }
            }
        }
    })
}

fn write_atomically(path: &Path, text: &str) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    crate::services::atomic::write(path, text.as_bytes(), 0o644, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        crate::config::parse(
            r#"
[sites]
allow = ["*.service-public.fr"]
[[shortcut]]
id = "ft"
label = { fr = "France Travail" }
icon = "travail"
url = "https://www.francetravail.fr/accueil"
also_allow = ["app.franceconnect.gouv.fr", "http://127.0.0.1:8080/cv"]
"#,
        )
        .unwrap()
    }

    #[test]
    fn chromium_blocks_everything_but_the_allowed_sites() {
        let policy: Value =
            serde_json::from_str(&Policies::for_config(&config()).chromium).unwrap();
        assert_eq!(policy["URLBlocklist"][0], "*");
        assert!(
            policy["URLBlocklist"]
                .as_array()
                .unwrap()
                .contains(&json!("view-source:*"))
        );
        assert!(
            policy["URLBlocklist"]
                .as_array()
                .unwrap()
                .contains(&json!("chrome://*"))
        );
        assert_eq!(
            policy["URLAllowlist"],
            json!([
                "https://.www.francetravail.fr",
                "http://.app.franceconnect.gouv.fr",
                "https://.app.franceconnect.gouv.fr",
                "http://127.0.0.1:8080/cv",
                "http://service-public.fr",
                "https://service-public.fr",
                "file:///home/session/",
                "chrome://print",
                "chrome-untrusted://print"
            ])
        );
        assert_eq!(policy["DeveloperToolsAvailability"], 2);
        assert_eq!(policy["IncognitoModeAvailability"], 1);
        assert_eq!(policy["PasswordManagerEnabled"], false);
        assert_eq!(policy["PrintingEnabled"], true);
        let mut no_printing = config();
        no_printing.browser.printing = false;
        let policy: Value =
            serde_json::from_str(&Policies::for_config(&no_printing).chromium).unwrap();
        assert_eq!(policy["PrintingEnabled"], false);
        let policy: Value =
            serde_json::from_str(&Policies::for_config(&no_printing).firefox).unwrap();
        assert_eq!(policy["policies"]["PrintingEnabled"], false);
    }

    #[test]
    fn firefox_filters_websites_and_locks_its_pages() {
        let policy: Value = serde_json::from_str(&Policies::for_config(&config()).firefox).unwrap();
        let policies = &policy["policies"];
        assert_eq!(policies["WebsiteFilter"]["Block"], json!(["<all_urls>"]));
        assert_eq!(
            policies["WebsiteFilter"]["Exceptions"],
            json!([
                "https://www.francetravail.fr/*",
                "http://app.franceconnect.gouv.fr/*",
                "https://app.franceconnect.gouv.fr/*",
                "http://127.0.0.1/cv*",
                "http://*.service-public.fr/*",
                "https://*.service-public.fr/*",
                "file:///home/session/*"
            ])
        );
        assert_eq!(policies["BlockAboutConfig"], true);
        assert_eq!(policies["DisableDeveloperTools"], true);
        assert_eq!(policies["DisablePrivateBrowsing"], true);
    }

    #[test]
    fn install_then_check_round_trips_and_notices_changes() {
        let root = std::env::temp_dir().join(format!("borne-policy-{}", std::process::id()));
        fs::remove_dir_all(&root).ok();
        let policies = Policies::for_config(&config());
        assert!(matches!(
            policies.check(&root),
            Err(PolicyError::Missing(_))
        ));
        policies.install(&root).unwrap();
        policies.check(&root).unwrap();
        let mode = fs::metadata(root.join(CHROMIUM_POLICY))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644);
        let mut other = config();
        other.sites.push("example.org".into());
        assert!(matches!(
            Policies::for_config(&other).check(&root),
            Err(PolicyError::Stale(_))
        ));
        fs::set_permissions(root.join(FIREFOX_POLICY), fs::Permissions::from_mode(0o666)).unwrap();
        assert!(matches!(policies.check(&root), Err(PolicyError::Unsafe(_))));
        fs::remove_dir_all(root).ok();
    }
}
