//! The languages the station speaks to the public.

use strum::{EnumString, IntoStaticStr};

/// A language of the station's screens. French is the default of every station.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, IntoStaticStr, EnumString)]
#[strum(serialize_all = "lowercase")]
pub enum Language {
    /// Français.
    #[default]
    Fr,
    /// English.
    En,
}

impl Language {
    /// Every language, in the order of the language switch.
    pub const ALL: [Self; 2] = [Self::Fr, Self::En];

    /// The code used in the config file and the usage log: `fr`, `en`.
    pub fn code(self) -> &'static str {
        self.into()
    }

    /// The language with this config code, if any.
    pub fn from_code(code: &str) -> Option<Self> {
        code.parse().ok()
    }
}
