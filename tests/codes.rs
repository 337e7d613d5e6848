//! The codes Borne writes in its config file, its usage log, its exports and the hub's URLs
//! are read back by other versions: they never change. The enums derive them (strum); this
//! test pins every one of them, and that each reads back as itself.

use borne::config::{BrowserChoice, Icon, KeyAccess};
use borne::domain::pin::Role;
use borne::domain::{Found, Language, Purpose};
use borne::services::usage_log::{Format, Period, Span};

/// Checks `codes` against `code` and `from_code`, and that an unknown word reads as nothing.
fn pinned<T: Copy + PartialEq + std::fmt::Debug>(
    codes: &[(T, &str)],
    code: fn(T) -> &'static str,
    from_code: fn(&str) -> Option<T>,
) {
    for (value, expected) in codes {
        assert_eq!(code(*value), *expected, "{value:?}");
        assert_eq!(from_code(expected), Some(*value), "{expected}");
        assert_eq!(
            from_code(&expected.to_uppercase()),
            None,
            "codes are lower-case"
        );
    }
    assert_eq!(from_code(""), None);
    assert_eq!(from_code("inconnu"), None);
}

#[test]
fn every_stored_code_is_unchanged_and_reads_back() {
    use KeyAccess as K;
    pinned(
        &[
            (K::None, "none"),
            (K::ReadOnly, "read-only"),
            (K::ReadWrite, "read-write"),
        ],
        K::code,
        K::from_code,
    );
    use BrowserChoice as B;
    pinned(
        &[
            (B::Auto, "auto"),
            (B::Chromium, "chromium"),
            (B::Firefox, "firefox"),
        ],
        B::code,
        B::from_code,
    );
    pinned(
        &[
            (Icon::Work, "travail"),
            (Icon::Cv, "cv"),
            (Icon::Mail, "email"),
            (Icon::PublicService, "services-publics"),
            (Icon::Training, "formation"),
            (Icon::Health, "sante"),
            (Icon::Housing, "logement"),
            (Icon::Web, "web"),
        ],
        Icon::code,
        Icon::from_code,
    );
    pinned(
        &[
            (Period::Day, "day"),
            (Period::Week, "week"),
            (Period::Month, "month"),
        ],
        Period::code,
        Period::from_code,
    );
    pinned(
        &[
            (Format::Table, "table"),
            (Format::Csv, "csv"),
            (Format::Json, "json"),
        ],
        Format::code,
        Format::from_code,
    );
    pinned(
        &[(Span::Day, "day"), (Span::Month, "month")],
        Span::code,
        Span::from_code,
    );
    pinned(
        &[(Language::Fr, "fr"), (Language::En, "en")],
        Language::code,
        Language::from_code,
    );
    pinned(
        &[(Role::Volunteer, "volunteer"), (Role::Admin, "admin")],
        Role::code,
        Role::from_code,
    );
    let purposes = [
        (Purpose::Emploi, "emploi"),
        (Purpose::Demarches, "demarches"),
        (Purpose::Emails, "emails"),
        (Purpose::Formation, "formation"),
        (Purpose::Autre, "autre"),
    ];
    for (purpose, code) in purposes {
        assert_eq!(purpose.code(), code);
    }
    let found = [
        (Found::Oui, "oui"),
        (Found::EnPartie, "en-partie"),
        (Found::Non, "non"),
    ];
    for (answer, code) in found {
        assert_eq!(answer.code(), code);
    }
}
