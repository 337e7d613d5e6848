//! Staff at the station, through the real screens (kittest) and the real PIN store on a real
//! file: first-start setup, the pad (right, wrong, back-off, restart), volunteer and admin actions.

#![expect(
    clippy::unwrap_used,
    reason = "tests: a panic is how they report failure"
)]

mod common;

use std::time::Duration;

use borne::config;
use borne::domain::{Closure, EndReason, ProblemKind, Screen, SessionKind, StaffCommand};
use borne::domain::{PinEntry, Problem};
use borne::services::settings_store::SettingsStore;
use borne::services::staff_store::StaffStore;
use common::scratch::Scratch;
use common::{Call, FakeClock, Kiosk, monday_at};
use egui_kittest::kittest::Queryable as _;

const ADMIN: &str = "246813";
const VOLUNTEER: &str = "135792";

fn default_config() -> config::Config {
    config::parse(config::DEFAULT_TEXT).unwrap()
}

/// Types both PINs, twice each, on the setup screen.
fn fill_setup(kiosk: &mut Kiosk) {
    for (label, pin) in [
        ("Code administrateur", ADMIN),
        ("Retapez-le (Code administrateur)", ADMIN),
        ("Code bénévole", VOLUNTEER),
        ("Retapez-le (Code bénévole)", VOLUNTEER),
    ] {
        kiosk.fill(label, pin);
    }
}

/// A kiosk with both PINs set in a real secrets file.
fn staffed(scratch: &Scratch) -> Kiosk {
    let path = scratch.path().join("secrets.toml");
    let mut kiosk = Kiosk::with_secrets(default_config(), path, FakeClock::new());
    for (label, pin) in [
        ("Code administrateur", ADMIN),
        ("Retapez-le (Code administrateur)", ADMIN),
        ("Code bénévole", VOLUNTEER),
        ("Retapez-le (Code bénévole)", VOLUNTEER),
    ] {
        kiosk.fill(label, pin);
        kiosk.harness.run();
    }
    kiosk.click("Enregistrer");
    assert_eq!(kiosk.snapshot().screen, Screen::Welcome);
    kiosk
}

#[test]
fn first_start_asks_for_both_pins_and_refuses_weak_or_mismatched_ones() {
    let scratch = Scratch::new("staff-setup");
    let path = scratch.path().join("secrets.toml");
    let mut kiosk = Kiosk::with_secrets(default_config(), path.clone(), FakeClock::new());
    assert!(matches!(kiosk.snapshot().screen, Screen::Setup { .. }));
    assert!(
        !kiosk.shows("Commencer"),
        "no session before the PINs exist"
    );
    // A sequence is refused on the screen, before anything is written.
    kiosk.fill("Code administrateur", "123456");
    kiosk.fill("Retapez-le (Code administrateur)", "123456");
    kiosk.fill("Code bénévole", VOLUNTEER);
    kiosk.fill("Retapez-le (Code bénévole)", "135790");
    kiosk.click("Enregistrer");
    assert!(kiosk.shows("Le code ne doit pas être une suite de chiffres (123456)."));
    assert!(!path.exists(), "nothing saved");
    drop(kiosk);
    // The whole flow with good PINs reaches the welcome screen, and the file exists.
    let kiosk = staffed(&scratch);
    assert!(kiosk.shows("Commencer"));
    assert!(path.exists());
}

/// A secrets file that cannot be used is said in the screen's language, with the file, and
/// never in the system's English.
#[test]
fn a_secrets_file_that_cannot_be_written_is_said_in_french() {
    let scratch = Scratch::new("staff-unwritable");
    let dir = scratch.path().join("borne");
    std::fs::create_dir(&dir).unwrap();
    let path = dir.join("secrets.toml");
    let mut kiosk = Kiosk::with_secrets(default_config(), path.clone(), FakeClock::new());
    // The folder goes away under the kiosk (a disk unmounted, a mistaken command).
    std::fs::remove_dir(&dir).unwrap();
    std::fs::write(&dir, "").unwrap();
    fill_setup(&mut kiosk);
    kiosk.click("Enregistrer");
    let expected = format!(
        "Impossible de lire le fichier des codes {} : le dossier n'existe pas.",
        path.display()
    );
    assert!(
        kiosk.shows(&expected),
        "expected {expected:?}, the screen says {:?}",
        {
            use egui_kittest::kittest::Queryable as _;
            kiosk
                .harness
                .query_by_label_contains("fichier")
                .map(|node| format!("{node:?}"))
        }
    );
    assert!(!kiosk.shows_containing("cannot"));
    assert!(matches!(kiosk.snapshot().screen, Screen::Setup { .. }));
}

#[test]
fn the_right_pin_opens_the_menu_a_wrong_one_says_so() {
    let scratch = Scratch::new("staff-pin");
    let mut kiosk = staffed(&scratch);
    kiosk.unlock("999999");
    assert!(kiosk.shows("Code incorrect. Réessayez."));
    kiosk.click("Effacer");
    kiosk.type_pin(VOLUNTEER);
    assert!(kiosk.shows("Bénévole"));
    assert!(kiosk.shows_containing("Ouvrir une session accompagnée"));
    assert!(!kiosk.shows("Réglages"), "a volunteer has no settings");
    kiosk.click("Fermer");
    assert!(kiosk.shows("Commencer"));
}

#[test]
fn wrong_pins_back_off_with_a_countdown_that_survives_a_restart() {
    let scratch = Scratch::new("staff-backoff");
    let path = scratch.path().join("secrets.toml");
    let mut kiosk = staffed(&scratch);
    kiosk.unlock("999999");
    kiosk.type_pin("999998");
    kiosk.type_pin("999997");
    assert!(kiosk.shows("Trop d'essais. Réessayez dans 0:30."));
    // The right PIN is not even checked during the wait.
    kiosk.type_pin(VOLUNTEER);
    assert!(!kiosk.shows("Bénévole"));
    kiosk.advance(Duration::from_secs(10), Duration::ZERO);
    assert!(kiosk.shows("Trop d'essais. Réessayez dans 0:20."));
    // A restart 10 s later (same wall clock) still waits.
    let clock = FakeClock::at(monday_at(10, 0) + chrono::Duration::seconds(10));
    drop(kiosk);
    let mut kiosk = Kiosk::with_secrets(default_config(), path, clock);
    kiosk.unlock(VOLUNTEER);
    assert!(kiosk.shows_containing("Trop d'essais"));
    kiosk.advance(Duration::from_secs(21), Duration::ZERO);
    kiosk.type_pin(VOLUNTEER);
    assert!(kiosk.shows("Bénévole"));
}

#[test]
fn a_volunteer_starts_extends_and_ends_an_assisted_session() {
    let scratch = Scratch::new("staff-volunteer");
    let mut kiosk = staffed(&scratch);
    kiosk.unlock(VOLUNTEER);
    kiosk.click("Ouvrir une session accompagnée (2 heures)");
    let Screen::Session(session) = kiosk.snapshot().screen else {
        panic!("no session");
    };
    assert_eq!(session.kind, SessionKind::Assisted);
    assert_eq!(session.secs_left, 120 * 60);
    // Extend from the bar's "Personnel".
    kiosk.unlock(VOLUNTEER);
    kiosk.click("Ajouter 15 minutes");
    assert!(kiosk.shows("Session prolongée : il reste 2 h 15."));
    // Ending asks first; "Annuler" keeps the session.
    kiosk.click("Terminer la session");
    kiosk.click("Annuler");
    assert!(matches!(kiosk.snapshot().screen, Screen::Session(_)));
    kiosk.click("Terminer la session");
    kiosk.click("Oui, terminer");
    let calls = kiosk.calls();
    let recorded = calls.iter().find_map(|call| match call {
        Call::Record(summary) => Some(summary.clone()),
        _ => None,
    });
    let summary = recorded.expect("the session was recorded");
    assert_eq!(summary.end_reason, EndReason::Staff);
    assert_eq!(summary.extensions, 1);
    assert!(calls.contains(&Call::Clear));
}

#[test]
fn a_volunteer_closes_the_station_with_a_reason_and_opens_it_again() {
    let scratch = Scratch::new("staff-close");
    let mut kiosk = staffed(&scratch);
    kiosk.unlock(VOLUNTEER);
    kiosk.click("Fermer le poste au public");
    kiosk.click("Réservé à un atelier");
    assert!(kiosk.shows("Réservé à un atelier"));
    assert!(!kiosk.shows("Commencer"));
    assert!(
        kiosk
            .calls()
            .contains(&Call::OutOfService(ProblemKind::Closed(Closure::Workshop)))
    );
    kiosk.unlock(VOLUNTEER);
    kiosk.click("Remettre en service");
    assert!(kiosk.shows("Commencer"));
    assert!(kiosk.calls().contains(&Call::BackInService));
}

#[test]
fn the_admin_changes_a_pin_and_leaves_for_maintenance_after_a_question() {
    let scratch = Scratch::new("staff-admin");
    let mut kiosk = staffed(&scratch);
    kiosk.unlock(ADMIN);
    assert!(kiosk.shows("Administration"));
    kiosk.click("Codes du personnel");
    kiosk.fill("Code bénévole", "111111");
    kiosk.fill("Retapez-le (Code bénévole)", "111111");
    kiosk.click("Enregistrer le code bénévole");
    assert!(kiosk.shows("Le code ne doit pas répéter le même chiffre."));
    kiosk.fill("Code bénévole", "975318");
    kiosk.fill("Retapez-le (Code bénévole)", "975318");
    kiosk.click("Enregistrer le code bénévole");
    assert!(kiosk.shows("Le code bénévole a été changé."));
    let typed_fields = |kiosk: &Kiosk| {
        kiosk
            .harness
            .ctx
            .data(egui::util::IdTypeMap::count::<egui::text_edit::TextEditState>)
    };
    assert!(typed_fields(&kiosk) > 0);
    kiosk.click("Retour au menu");
    kiosk.click("Fermer");
    // The fields' undo history (which holds what was typed) is gone with the panel.
    assert_eq!(typed_fields(&kiosk), 0);
    // The new volunteer PIN works, the old one no longer does.
    kiosk.unlock(VOLUNTEER);
    assert!(kiosk.shows("Code incorrect. Réessayez."));
    kiosk.click("Fermer");
    kiosk.unlock("975318");
    assert!(kiosk.shows("Bénévole"));
    kiosk.click("Fermer");
    kiosk.unlock(ADMIN);
    kiosk.click("Quitter Borne (maintenance)");
    kiosk.click("Annuler");
    assert!(kiosk.shows("Administration"));
    kiosk.click("Quitter Borne (maintenance)");
    // The window closes itself once the station has exited: step, do not wait for it to settle.
    kiosk.harness.get_by_label("Oui, quitter").click();
    kiosk.harness.step();
    kiosk.harness.step();
    kiosk.supervisor.sync();
    assert_eq!(kiosk.snapshot().screen, Screen::Exited);
}

#[test]
fn the_panel_locks_itself_after_idle_time() {
    let scratch = Scratch::new("staff-idle");
    let mut kiosk = staffed(&scratch);
    kiosk.unlock(ADMIN);
    kiosk.advance(Duration::from_secs(90), Duration::from_secs(90));
    assert!(kiosk.snapshot().staff.is_none());
    assert!(kiosk.shows("Commencer"));
    // The panel's commands no longer work.
    kiosk.supervisor.send(StaffCommand::MaintenanceExit);
    kiosk.settle();
    assert_eq!(kiosk.snapshot().screen, Screen::Welcome);
}

/// A staffed kiosk whose config is a real `borne.toml` (the shipped default) the admin edits.
fn with_config_file(scratch: &Scratch) -> (Kiosk, std::path::PathBuf) {
    let kiosk = staffed(scratch);
    let path = scratch.path().join("borne.toml");
    std::fs::write(&path, config::DEFAULT_TEXT).unwrap();
    kiosk.world.0.lock().unwrap().settings = Some(SettingsStore::new(
        Some(path.clone()),
        config::DEFAULT_TEXT.to_owned(),
    ));
    (kiosk, path)
}

/// Unlocks the panel as admin and opens the settings, on `tab` if given.
fn open_settings(kiosk: &mut Kiosk, tab: Option<&str>) {
    kiosk.unlock(ADMIN);
    kiosk.click("Réglages");
    if let Some(tab) = tab {
        kiosk.click(tab);
    }
}

/// The config file as it is on disk now.
fn on_disk(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn comment_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.trim_start().starts_with('#'))
        .collect()
}

#[test]
fn the_admin_changes_a_duration_an_invalid_one_is_refused_next_to_its_field() {
    let scratch = Scratch::new("staff-settings");
    let (mut kiosk, path) = with_config_file(&scratch);
    open_settings(&mut kiosk, None);
    // Out of range: the file's own message, next to the field; nothing written.
    kiosk.replace("Session en libre accès (minutes)", "0");
    kiosk.click("Enregistrer");
    assert!(kiosk.shows_containing("session.drop_in_minutes"));
    assert_eq!(on_disk(&path), config::DEFAULT_TEXT);
    // Valid: saved with every comment kept, and applied at once.
    kiosk.replace("Session en libre accès (minutes)", "60");
    kiosk.click("Enregistrer");
    assert!(kiosk.shows("Enregistré. Les réglages s'appliquent dès maintenant."));
    let saved = on_disk(&path);
    assert!(saved.contains("drop_in_minutes = 60"));
    assert_eq!(comment_lines(&saved), comment_lines(config::DEFAULT_TEXT));
    kiosk.click("Retour au menu");
    kiosk.click("Fermer");
    kiosk.click("Commencer");
    let Screen::Session(session) = kiosk.snapshot().screen else {
        panic!("no session");
    };
    assert_eq!(session.secs_left, 60 * 60);
}

#[test]
fn the_admin_sets_opening_hours_and_the_welcome_screen_follows_them() {
    let scratch = Scratch::new("staff-hours");
    let (mut kiosk, path) = with_config_file(&scratch);
    open_settings(&mut kiosk, Some("Horaires"));
    kiosk.click("Ouvert à toute heure");
    // Monday 10:00 in the fake clock: closing at 10:20 shortens a 45-minute session.
    kiosk.replace("Lundi", "25:00-26:00");
    kiosk.click("Enregistrer");
    assert!(kiosk.shows_containing("hours.monday"));
    kiosk.replace("Lundi", "09:00-10:20");
    kiosk.fill("Mardi", "09:00-17:00");
    kiosk.click("Enregistrer");
    assert!(kiosk.shows("Enregistré. Les réglages s'appliquent dès maintenant."));
    assert!(on_disk(&path).contains("monday = \"09:00-10:20\""));
    kiosk.click("Retour au menu");
    kiosk.click("Fermer");
    assert!(kiosk.shows("Le poste ferme à 10:20 : la session s'arrêtera à cette heure."));
    kiosk.click("Commencer");
    let Screen::Session(session) = kiosk.snapshot().screen else {
        panic!("no session");
    };
    assert_eq!(session.secs_left, 20 * 60);
    kiosk.advance(Duration::from_secs(20 * 60), Duration::ZERO);
    kiosk.advance(Duration::from_secs(10), Duration::ZERO);
    assert!(kiosk.shows("Le poste est fermé."));
    assert!(kiosk.shows("Il ouvre demain à 09:00."));
}

#[test]
fn the_admin_adds_moves_and_removes_a_button_a_bad_address_is_refused() {
    let scratch = Scratch::new("staff-shortcuts");
    let (mut kiosk, path) = with_config_file(&scratch);
    open_settings(&mut kiosk, Some("Boutons"));
    kiosk.fill("Identifiant (a-z, 0-9, -)", "sante");
    kiosk.fill("Texte du bouton (français)", "Ma santé");
    kiosk.click("Pictogramme : sante");
    kiosk.fill("Adresse (https://...)", "ftp://www.ameli.fr/");
    kiosk.click("Enregistrer");
    assert!(kiosk.shows_containing("shortcut[4].url"));
    assert_eq!(on_disk(&path), config::DEFAULT_TEXT);
    kiosk.replace("Adresse (https://...)", "https://www.ameli.fr/");
    kiosk.fill("Autres sites autorisés (un par ligne)", "assure.ameli.fr");
    kiosk.click("Enregistrer");
    assert!(kiosk.shows("Enregistré. Les réglages s'appliquent dès maintenant."));
    assert!(kiosk.shows("5. Ma santé"));
    let saved = on_disk(&path);
    assert!(saved.contains("id = \"sante\"") && saved.contains("assure.ameli.fr"));
    assert_eq!(comment_lines(&saved), comment_lines(config::DEFAULT_TEXT));
    // Up one place: it is now the fourth button.
    kiosk.click("Monter : Ma santé");
    assert!(kiosk.shows("4. Ma santé"));
    // Removing asks first; "Annuler" keeps it.
    kiosk.click("Supprimer : Ma santé");
    kiosk.click("Annuler");
    assert!(kiosk.shows("4. Ma santé"));
    kiosk.click("Supprimer : Ma santé");
    kiosk.click("Oui, supprimer");
    assert!(!kiosk.shows_containing("Ma santé"));
    assert_eq!(kiosk.supervisor.published().config.shortcuts.len(), 4);
    assert!(!on_disk(&path).contains("id = \"sante\""));
}

#[test]
fn the_admin_allows_a_site_a_pattern_that_opens_too_much_is_refused() {
    let scratch = Scratch::new("staff-sites");
    let (mut kiosk, path) = with_config_file(&scratch);
    open_settings(&mut kiosk, Some("Sites autorisés"));
    let field = "Un site par ligne : nom d'hôte (exemple.fr) ou *.exemple.fr";
    kiosk.fill(field, "*.fr");
    kiosk.click("Enregistrer");
    assert!(kiosk.shows_containing("sites.allow[0]"));
    assert_eq!(on_disk(&path), config::DEFAULT_TEXT);
    kiosk.replace(field, "www.caf.fr");
    kiosk.click("Enregistrer");
    assert!(kiosk.shows("Enregistré. Les réglages s'appliquent dès maintenant."));
    assert_eq!(
        kiosk.supervisor.published().config.sites,
        vec!["www.caf.fr".to_owned()]
    );
    assert!(on_disk(&path).contains("\"www.caf.fr\""));
}

#[test]
fn the_admin_changes_the_station_language() {
    let scratch = Scratch::new("staff-language");
    let (mut kiosk, path) = with_config_file(&scratch);
    open_settings(&mut kiosk, Some("Langue"));
    kiosk.click("English");
    assert!(on_disk(&path).contains("language = \"en\""));
    kiosk.click("Back to the menu");
    kiosk.click("Close");
    assert!(kiosk.shows("Start"));
}

#[test]
fn a_pin_set_from_a_terminal_during_setup_is_not_overwritten() {
    let scratch = Scratch::new("staff-setup-race");
    let path = scratch.path().join("secrets.toml");
    let mut kiosk = Kiosk::with_secrets(default_config(), path.clone(), FakeClock::new());
    // Meanwhile, `borne set-pin admin` from a terminal.
    let mut terminal = StaffStore::open(path.clone());
    terminal
        .save_pins(
            Some(&PinEntry::new("864213")),
            None,
            None,
            chrono::Utc::now(),
        )
        .unwrap();
    fill_setup(&mut kiosk);
    kiosk.click("Enregistrer");
    assert!(kiosk.shows_containing("Un code a été choisi entre-temps"));
    // Now the admin PIN is asked as proof, and only the volunteer PIN is chosen.
    assert!(!kiosk.shows("Code administrateur"));
    kiosk.fill("Code administrateur actuel", "864213");
    kiosk.fill("Code bénévole", VOLUNTEER);
    kiosk.fill("Retapez-le (Code bénévole)", VOLUNTEER);
    kiosk.click("Enregistrer");
    assert_eq!(kiosk.snapshot().screen, Screen::Welcome);
    kiosk.unlock("864213");
    assert!(
        kiosk.shows("Administration"),
        "the terminal's admin PIN still works"
    );
}

#[test]
fn when_the_policy_must_be_installed_by_root_the_screen_says_what_to_run_and_the_station_stays_closed()
 {
    let scratch = Scratch::new("staff-policy");
    let (mut kiosk, _path) = with_config_file(&scratch);
    kiosk.world.0.lock().unwrap().policy_command =
        Some("borne --config /etc/borne/borne.toml install-policies".into());
    open_settings(&mut kiosk, Some("Sites autorisés"));
    kiosk.fill(
        "Un site par ligne : nom d'hôte (exemple.fr) ou *.exemple.fr",
        "www.caf.fr",
    );
    kiosk.click("Enregistrer");
    assert!(kiosk.shows_containing("borne --config /etc/borne/borne.toml install-policies"));
    kiosk.click("Retour au menu");
    kiosk.click("Fermer");
    assert!(matches!(
        kiosk.snapshot().screen,
        Screen::OutOfService(Problem {
            kind: ProblemKind::PolicyMismatch,
            ..
        })
    ));
    assert!(!kiosk.shows("Commencer"));
    // Reopening checks the policy: still stale, still closed; installed, open.
    kiosk.world.0.lock().unwrap().station_problem = Some(Problem {
        kind: ProblemKind::PolicyMismatch,
        detail: "stale".into(),
    });
    kiosk.unlock(ADMIN);
    kiosk.click("Remettre en service");
    assert!(matches!(kiosk.snapshot().screen, Screen::OutOfService(_)));
    kiosk.world.0.lock().unwrap().station_problem = None;
    kiosk.unlock(ADMIN);
    kiosk.click("Remettre en service");
    assert!(kiosk.shows("Commencer"));
}

#[test]
fn a_site_added_by_the_admin_opens_to_the_public_once_root_installed_the_policy_with_no_one_at_the_screen()
 {
    let scratch = Scratch::new("staff-reopen");
    let (mut kiosk, _path) = with_config_file(&scratch);
    kiosk.world.0.lock().unwrap().policy_command = Some("borne apply-config".into());
    open_settings(&mut kiosk, Some("Sites autorisés"));
    kiosk.fill(
        "Un site par ligne : nom d'hôte (exemple.fr) ou *.exemple.fr",
        "emploi.exemple.fr",
    );
    kiosk.click("Enregistrer");
    assert!(kiosk.shows_containing("le poste rouvre tout seul"));
    kiosk.click("Retour au menu");
    kiosk.click("Fermer");
    kiosk.advance(Duration::from_secs(10), Duration::ZERO);
    assert!(
        !kiosk.shows("Commencer"),
        "closed while the policy is stale"
    );
    // borne-config.service (root) installed the policy.
    kiosk.world.0.lock().unwrap().policy_command = None;
    kiosk.advance(Duration::from_secs(4), Duration::ZERO);
    assert!(kiosk.shows("Commencer"), "open again by itself");
}

#[test]
fn statistics_that_cannot_be_read_say_so_and_are_asked_once() {
    let scratch = Scratch::new("staff-stats");
    let mut kiosk = staffed(&scratch);
    kiosk.unlock(ADMIN);
    kiosk.click("Statistiques");
    kiosk.settle();
    assert!(kiosk.shows_containing("Les statistiques ne peuvent pas être lues"));
    kiosk.settle();
    assert_eq!(kiosk.world.0.lock().unwrap().reports_asked, 1);
}

#[test]
fn the_panel_does_not_outlive_the_session_it_was_opened_in() {
    let scratch = Scratch::new("staff-session-end");
    let mut kiosk = staffed(&scratch);
    kiosk.click("Commencer");
    kiosk.unlock(ADMIN);
    assert!(kiosk.shows("Administration"));
    // The time runs out while the panel is open (someone keeps touching the station).
    kiosk.advance(Duration::from_secs(45 * 60), Duration::ZERO);
    assert!(kiosk.snapshot().staff.is_none());
    kiosk.advance(Duration::from_secs(10), Duration::ZERO);
    assert!(kiosk.shows("Commencer"));
    assert!(
        kiosk.snapshot().staff.is_none(),
        "the next person finds it locked"
    );
}

#[test]
fn the_admin_edits_a_button_an_empty_label_is_refused() {
    let scratch = Scratch::new("staff-edit-button");
    let (mut kiosk, path) = with_config_file(&scratch);
    open_settings(&mut kiosk, Some("Boutons"));
    kiosk.click("Modifier : Faire mon CV");
    assert!(kiosk.shows("Modifier le bouton 2"));
    kiosk.replace("Texte du bouton (français)", " ");
    kiosk.click("Enregistrer");
    assert!(kiosk.shows_containing("shortcut[1].label"));
    assert_eq!(on_disk(&path), config::DEFAULT_TEXT);
    kiosk.replace("Texte du bouton (français)", "Mon CV");
    kiosk.click("Enregistrer");
    assert!(kiosk.shows("2. Mon CV"));
    assert!(on_disk(&path).contains("\"Mon CV\""));
}

#[test]
fn the_admin_changes_the_warnings_with_the_durations_in_one_save() {
    let scratch = Scratch::new("staff-warnings");
    let (mut kiosk, path) = with_config_file(&scratch);
    open_settings(&mut kiosk, None);
    let warnings = "Avertir quand il reste (minutes, séparées par des virgules)";
    kiosk.replace(warnings, "10, 90");
    kiosk.click("Enregistrer");
    assert!(kiosk.shows_containing("session.warn_at_minutes_left[1]"));
    assert_eq!(on_disk(&path), config::DEFAULT_TEXT);
    kiosk.replace(warnings, "10, 2");
    kiosk.replace("Prolongation (minutes)", "20");
    kiosk.click("Enregistrer");
    assert!(kiosk.shows("Enregistré. Les réglages s'appliquent dès maintenant."));
    let session = &kiosk.supervisor.published().config.session;
    assert_eq!(session.warn_at_minutes_left, vec![10, 2]);
    assert_eq!(session.extension_minutes, 20);
    let saved = on_disk(&path);
    assert!(saved.contains("warn_at_minutes_left = [10, 2]"));
    assert_eq!(comment_lines(&saved), comment_lines(config::DEFAULT_TEXT));
}
