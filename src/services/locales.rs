//! The C library's locales: the one a session's browser runs in.
//!
//! The browsers show their own pages (blocked page, errors, print dialog) in the language of
//! `LANG`, but only if that locale was generated (the package's postinst does it). A `LANG`
//! naming a locale that is not there is worse than none: GTK falls back on ASCII file names
//! and Chromium kills the page that receives a chosen file (`RESULT_CODE_KILLED_BAD_MESSAGE`,
//! seen with the French locale removed). So a session gets its language's locale when it is
//! there, and `C.UTF-8`, which Debian's libc always has, when it is not.

use std::process::Command;
use std::sync::OnceLock;

use crate::domain::Language;

/// The locale that is always there (Debian's libc-bin ships it).
pub const ALWAYS: &str = "C.UTF-8";

/// The locale a session in `language` wants.
pub fn wanted(language: Language) -> &'static str {
    match language {
        Language::Fr => "fr_FR.UTF-8",
        Language::En => "en_GB.UTF-8",
    }
}

/// The `LANG` of a session in `language`: its locale if it was generated, else [`ALWAYS`].
/// The list of locales is read once per kiosk (a locale generated later counts at its next
/// start, as the station's checks say).
pub fn for_session(language: Language) -> &'static str {
    static GENERATED: OnceLock<Vec<String>> = OnceLock::new();
    let generated = GENERATED.get_or_init(generated);
    choose(language, generated)
}

fn choose(language: Language, generated: &[String]) -> &'static str {
    let wanted = wanted(language);
    if generated.iter().any(|name| same(name, wanted)) {
        wanted
    } else {
        ALWAYS
    }
}

/// Whether the locale `name` (`fr_FR.UTF-8` or `fr_FR.utf8`) was generated.
pub fn available(name: &str) -> bool {
    generated().iter().any(|found| same(found, name))
}

/// The locales `locale -a` lists (none if it cannot run).
fn generated() -> Vec<String> {
    Command::new("locale")
        .arg("-a")
        .env("LC_ALL", "C")
        .output()
        .map(|out| {
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// `fr_FR.UTF-8` and `fr_FR.utf8` name the same locale: the C library folds the codeset.
fn same(a: &str, b: &str) -> bool {
    fn folded(name: &str) -> String {
        name.to_ascii_lowercase().replace("utf-8", "utf8")
    }
    folded(a) == folded(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_locale_is_the_sessions_and_a_missing_one_falls_back_on_c_utf8() {
        let listed: Vec<String> = ["C", "C.utf8", "POSIX", "fr_FR.utf8"]
            .map(str::to_owned)
            .into();
        assert_eq!(choose(Language::Fr, &listed), "fr_FR.UTF-8");
        assert_eq!(choose(Language::En, &listed), ALWAYS);
        assert_eq!(choose(Language::Fr, &[]), ALWAYS);
    }

    #[test]
    fn the_c_utf8_locale_is_always_there() {
        assert!(available(ALWAYS), "locale -a does not list C.UTF-8");
    }
}
