//! Where the station's files are, decided once from the command line: the installed station's
//! places, or a checkout's demonstration folder.

use std::path::{Path, PathBuf};

use borne::config::Config;
use borne::services::station_root::{INSTALLED_PROGRAM, SECRETS_FILE, STATION_CONFIG};

/// The folder of a demonstration's PINs and statistics, in the current directory.
const DEMO_DATA: &str = "borne-demo-data";
/// The installed station's usage log, when the config names none.
const STATION_USAGE_LOG: &str = "/var/lib/borne/usage.sqlite";
/// The installed station's session root (a tmpfs made by the package).
const STATION_SESSIONS: &str = "/run/borne/sessions";

/// The files of this run.
pub struct Paths {
    /// The config file; `None`: a checkout's demonstration on the embedded default config.
    pub config: Option<PathBuf>,
    /// The staff PIN file.
    pub secrets: PathBuf,
}

impl Paths {
    /// The files given on the command line, else the installed station's when this program is
    /// the installed one, else a demonstration's.
    pub fn resolve(config: Option<PathBuf>, secrets: Option<PathBuf>) -> Self {
        let config = config.or_else(|| installed().then(|| PathBuf::from(STATION_CONFIG)));
        let secrets = secrets.unwrap_or_else(|| {
            if config.is_none() {
                Path::new(DEMO_DATA).join("secrets.toml")
            } else {
                PathBuf::from(SECRETS_FILE)
            }
        });
        Self { config, secrets }
    }

    /// A checkout's demonstration: one user, not locked down, and it says so.
    pub fn demo(&self) -> bool {
        self.config.is_none()
    }

    /// The config file the station's commands act on: the given one, else the station's.
    pub fn station_config(&self) -> &Path {
        self.config.as_deref().unwrap_or(Path::new(STATION_CONFIG))
    }

    /// Where the usage log lives: the config's `stats.database`, else the station's place, or
    /// the demonstration's folder.
    pub fn usage_log(&self, config: &Config) -> PathBuf {
        config.stats.database.clone().unwrap_or_else(|| {
            if self.demo() {
                Path::new(DEMO_DATA).join("usage.sqlite")
            } else {
                PathBuf::from(STATION_USAGE_LOG)
            }
        })
    }

    /// The station's credentials at the network's hub: beside the PIN file, readable only by
    /// the kiosk's account.
    pub fn hub_credentials(&self) -> PathBuf {
        self.secrets.with_file_name("hub.toml")
    }

    /// Where session directories are made: the config's, else the station's tmpfs, or a
    /// folder of the user's runtime directory in a demonstration.
    pub fn session_root(&self, config: &Config) -> PathBuf {
        if let Some(root) = &config.browser.session_root {
            return root.clone();
        }
        if self.demo() {
            let uid = nix::unistd::getuid().as_raw();
            let base =
                std::env::var_os("XDG_RUNTIME_DIR").map_or_else(std::env::temp_dir, PathBuf::from);
            base.join(format!("borne-demo-{uid}"))
        } else {
            PathBuf::from(STATION_SESSIONS)
        }
    }
}

/// Whether this program is the one the package installed: then the station's files are the
/// default, and a checkout's `cargo run` stays in demonstration mode.
fn installed() -> bool {
    std::env::current_exe().is_ok_and(|exe| exe == Path::new(INSTALLED_PROGRAM))
}
