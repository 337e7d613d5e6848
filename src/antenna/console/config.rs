//! The console's own config file: the antenna's private key, and its stations.
//!
//! ```toml
//! key_file = "/etc/borne/antenna.key"
//! language = "fr"
//! refresh_secs = 3
//!
//! [[station]]
//! name = "Poste 1"
//! address = "192.168.1.21:8731"
//! ```

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use ed25519_dalek::SigningKey;
use serde::Deserialize;

use crate::domain::Language;

/// The most stations one console lists.
pub const MAX_STATIONS: usize = 100;

/// The console's settings, checked.
#[derive(Clone, Debug)]
pub struct ConsoleConfig {
    /// The antenna's private key.
    pub key: SigningKey,
    /// The console's language.
    pub language: Language,
    /// How often each station is asked for its status (2 to 5 s).
    pub refresh: Duration,
    /// The stations, in the file's order.
    pub stations: Vec<StationEntry>,
}

/// A station of the console's list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StationEntry {
    /// Its name, as the console shows it.
    pub name: String,
    /// Where its API listens.
    pub address: SocketAddr,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    key_file: PathBuf,
    language: Option<String>,
    refresh_secs: Option<u64>,
    #[serde(default)]
    station: Vec<RawStation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStation {
    name: String,
    address: String,
}

/// Reads the console's config from `path`; a relative `key_file` is next to it.
///
/// # Errors
/// A message that names the file, and the key or station at fault.
pub fn load(path: &Path) -> anyhow::Result<ConsoleConfig> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| anyhow::anyhow!("cannot read {}: {error}", path.display()))?;
    let folder = path.parent().unwrap_or(Path::new("."));
    parse(&text, folder).map_err(|error| anyhow::anyhow!("{}: {error}", path.display()))
}

/// Reads the console's config from its text; `folder` is where a relative `key_file` is.
///
/// # Errors
/// A message that names the key or station at fault.
pub fn parse(text: &str, folder: &Path) -> anyhow::Result<ConsoleConfig> {
    let raw: Raw = toml::from_str(text).map_err(|error| anyhow::anyhow!("{error}"))?;
    let language = match raw.language.as_deref() {
        None => Language::Fr,
        Some(code) => Language::from_code(code)
            .ok_or_else(|| anyhow::anyhow!("language must be \"fr\" or \"en\", found {code:?}"))?,
    };
    let refresh_secs = raw.refresh_secs.unwrap_or(3);
    if !(2..=5).contains(&refresh_secs) {
        anyhow::bail!("refresh_secs must be between 2 and 5 seconds, found {refresh_secs}");
    }
    if raw.station.is_empty() {
        anyhow::bail!(
            "no station: add one [[station]] with name and address for each station of the antenna"
        );
    }
    if raw.station.len() > MAX_STATIONS {
        anyhow::bail!(
            "at most {MAX_STATIONS} stations, found {}",
            raw.station.len()
        );
    }
    let mut stations: Vec<StationEntry> = Vec::new();
    for (index, station) in raw.station.iter().enumerate() {
        let name = station.name.trim();
        if name.is_empty() {
            anyhow::bail!("station[{index}].name must not be empty");
        }
        if stations.iter().any(|known| known.name == name) {
            anyhow::bail!("station[{index}].name: {name:?} is already the name of another station");
        }
        let address = station.address.parse().map_err(|_| {
            anyhow::anyhow!(
                "station[{index}].address must be an address and a port, e.g. \
                 \"192.168.1.21:8731\", found {:?}",
                station.address
            )
        })?;
        stations.push(StationEntry {
            name: name.to_owned(),
            address,
        });
    }
    let key_path = folder.join(&raw.key_file);
    let key_text = std::fs::read_to_string(&key_path).map_err(|error| {
        anyhow::anyhow!(
            "key_file: cannot read {}: {error} (make it with `borne antenna keygen`)",
            key_path.display()
        )
    })?;
    let key = crate::antenna::signing::private_key_from_text(&key_text)
        .map_err(|error| anyhow::anyhow!("key_file {}: {error}", key_path.display()))?;
    Ok(ConsoleConfig {
        key,
        language,
        refresh: Duration::from_secs(refresh_secs),
        stations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder_with_key() -> tempfile::TempDir {
        let folder = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        crate::antenna::signing::write_new_key(&folder.path().join("antenna.key"))
            .unwrap_or_else(|error| panic!("{error}"));
        folder
    }

    #[test]
    fn a_console_config_reads_its_stations_and_key() {
        let folder = folder_with_key();
        let config = parse(
            "key_file = \"antenna.key\"\nlanguage = \"en\"\n[[station]]\nname = \"Poste 1\"\naddress = \"127.0.0.2:8731\"\n",
            folder.path(),
        )
        .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(config.language, Language::En);
        assert_eq!(config.refresh, Duration::from_secs(3));
        assert_eq!(config.stations[0].address.to_string(), "127.0.0.2:8731");
    }

    #[test]
    fn a_bad_console_config_names_what_is_wrong() {
        let folder = folder_with_key();
        let error = |text: &str| match parse(text, folder.path()) {
            Ok(_) => panic!("accepted: {text}"),
            Err(error) => error.to_string(),
        };
        let station = "[[station]]\nname = \"Poste 1\"\naddress = \"127.0.0.2:8731\"\n";
        assert!(error("key_file = \"antenna.key\"\n").contains("no station"));
        assert!(error(&format!("key_file = \"missing.key\"\n{station}")).contains("cannot read"));
        assert!(
            error(&format!(
                "key_file = \"antenna.key\"\nrefresh_secs = 1\n{station}"
            ))
            .contains("refresh_secs must be between 2 and 5")
        );
        assert!(
            error("key_file = \"antenna.key\"\n[[station]]\nname = \"P\"\naddress = \"poste1\"\n")
                .contains("station[0].address must be an address and a port")
        );
        assert!(
            error(&format!("key_file = \"antenna.key\"\n{station}{station}"))
                .contains("already the name")
        );
    }
}
