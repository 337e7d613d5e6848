//! The admin's changes of the settings, written to `borne.toml`: applied with toml_edit (comments
//! and layout kept), validated by the file's own rules, then saved atomically. In demonstration
//! mode there is no file: changes live until the kiosk stops.

use std::path::PathBuf;

use crate::config::Config;
use crate::config::edit::{self, ConfigEdit};
use crate::domain::SettingsProblem;

/// The text of the station's config, and where it lives.
pub struct SettingsStore {
    path: Option<PathBuf>,
    text: String,
}

impl SettingsStore {
    /// The config whose text is `text`, read from `path` (`None`: demonstration, not saved).
    pub fn new(path: Option<PathBuf>, text: String) -> Self {
        Self { path, text }
    }

    /// Applies `edits` in order, saves the file once, and returns the new config. On any
    /// refusal the file and the running config are unchanged.
    pub fn save(&mut self, edits: &[ConfigEdit]) -> Result<Config, SettingsProblem> {
        let mut text = self.text.clone();
        let mut config = None;
        for edit in edits {
            let (next, next_config) =
                edit::apply(&text, edit).map_err(|error| SettingsProblem {
                    key: error.key().map(str::to_owned),
                    message: error.to_string(),
                })?;
            text = next;
            config = Some(next_config);
        }
        let Some(config) = config else {
            return Err(SettingsProblem {
                key: None,
                message: "nothing to save".into(),
            });
        };
        if let Some(path) = &self.path {
            edit::save(path, &text).map_err(|error| SettingsProblem {
                key: None,
                message: format!("cannot write {}: {error}", path.display()),
            })?;
        }
        self.text = text;
        Ok(config)
    }

    /// Where the config is saved, if it is.
    pub fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }
}
