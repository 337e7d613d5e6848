//! The real app driven through its screens with kittest (accessibility check on), a real
//! supervisor thread, a fake clock and fake services.

mod common;

use std::time::Duration;

use borne::domain::{
    CopyFailure, DriveSummary, FileKind, FileSummary, Language, Problem, ProblemKind,
    PublicCommand, Screen, View,
};
use common::{Call, Kiosk, config_with_questions, config_with_session};

const MIN: Duration = Duration::from_secs(60);
const SEC: Duration = Duration::from_secs(1);

fn kiosk() -> Kiosk {
    Kiosk::new(config_with_session(
        "drop_in_minutes = 10\nwarn_at_minutes_left = [5, 1]\nidle_secs = 300\nidle_grace_secs = 60\ngoodbye_secs = 6",
    ))
}

/// The summary the station asked the usage log to keep, if any.
fn recorded(kiosk: &Kiosk) -> Option<borne::domain::SessionSummary> {
    kiosk.calls().into_iter().find_map(|c| match c {
        Call::Record(summary) => Some(summary),
        _ => None,
    })
}

fn session(kiosk: &Kiosk) -> borne::domain::SessionScreen {
    match kiosk.snapshot().screen {
        Screen::Session(session) => session,
        other => panic!("expected a session, the screen is {other:?}"),
    }
}

#[test]
fn a_whole_session_from_welcome_to_goodbye_and_back() {
    let mut k = kiosk();
    assert!(k.shows("Ce poste est à vous pendant 10 minutes."));
    assert!(k.shows("À la fin, le poste efface tout ce que vous avez fait ici."));
    k.click("Commencer");
    assert_eq!(k.calls(), vec![Call::Prepare]);
    // The bar: time left, home, end; the shortcuts under it.
    assert!(k.shows("Temps restant 10:00"));
    assert!(k.shows("Accueil"));
    assert!(k.shows("Terminer"));
    for label in [
        "France Travail",
        "Faire mon CV",
        "Mes e-mails",
        "Services publics",
    ] {
        assert!(k.shows(label), "missing shortcut {label}");
    }
    k.click("France Travail");
    assert!(
        matches!(&k.calls()[1], Call::Open(url, Language::Fr) if url.contains("francetravail.fr"))
    );
    assert_eq!(
        k.calls().last(),
        Some(&Call::Arrange {
            shell_on_top: false
        })
    );
    assert_eq!(session(&k).view, View::Browser);

    k.advance(MIN + 30 * SEC, Duration::ZERO);
    assert!(
        k.shows("Temps restant 08:30"),
        "the countdown follows the clock"
    );

    // 5 minutes left: the shell comes above the browser with a banner in words.
    k.advance(3 * MIN + 30 * SEC, Duration::ZERO);
    assert!(k.shows("Il vous reste 5 minutes."));
    assert_eq!(
        k.calls().last(),
        Some(&Call::Arrange { shell_on_top: true })
    );
    k.click("J'ai compris");
    assert!(!k.shows("Il vous reste 5 minutes."));
    assert_eq!(
        k.calls().last(),
        Some(&Call::Arrange {
            shell_on_top: false
        })
    );

    k.advance(4 * MIN, Duration::ZERO);
    assert!(k.shows("Il vous reste 1 minute."));
    assert!(k.shows("Temps restant 01:00"));

    k.advance(MIN, Duration::ZERO);
    assert!(k.calls().contains(&Call::Clear));
    assert!(k.shows("Au revoir !"));
    assert!(k.shows("Le temps de la session est fini."));

    k.advance(5 * SEC, Duration::ZERO);
    assert!(k.shows("Au revoir !"));
    let recorded = recorded(&k).expect("the session is recorded");
    assert_eq!(recorded.end_reason, borne::domain::EndReason::TimeUp);
    assert_eq!(recorded.shortcuts, vec![("france-travail".to_owned(), 1)]);
    k.advance(SEC, Duration::ZERO);
    assert!(k.shows("Commencer"), "the welcome screen is back");
    assert_eq!(k.snapshot().screen, Screen::Welcome);
}

#[test]
fn mes_emails_offers_the_webmail_providers() {
    let mut k = kiosk();
    k.click("Commencer");
    k.click("Mes e-mails");
    assert!(k.shows("Choisissez votre messagerie"));
    for provider in ["Gmail", "Outlook", "La Poste", "Orange"] {
        assert!(k.shows_containing(provider), "missing provider {provider}");
    }
    k.click("Retour");
    assert!(k.shows("France Travail"));
    k.click("Mes e-mails");
    k.click("Gmail");
    assert!(
        matches!(k.calls().last_chunk::<2>(), Some([Call::Open(url, _), _]) if url.contains("google.com"))
    );
}

/// F1 or the Windows key (grabbed by the kiosk) brings the session's home over the site, as
/// « Accueil » does; over Borne's own screens it changes nothing: the question « Terminer la
/// session ? » stays, and the welcome screen starts no session.
#[test]
fn the_home_key_brings_the_home_over_a_site_and_nothing_else() {
    let mut k = kiosk();
    k.supervisor.home_key();
    k.settle();
    assert!(k.shows("Commencer"), "the home key started something");
    k.click("Commencer");
    k.click("France Travail");
    assert_eq!(session(&k).view, View::Browser);
    k.supervisor.home_key();
    k.settle();
    assert_eq!(session(&k).view, View::Home);
    assert_eq!(
        k.calls().last(),
        Some(&Call::Arrange { shell_on_top: true })
    );
    k.click("Terminer");
    k.supervisor.home_key();
    k.settle();
    assert!(
        k.shows("Oui, terminer"),
        "the home key answered the question"
    );
}

#[test]
fn home_and_back_to_the_site_reuse_the_session() {
    let mut k = kiosk();
    k.click("Commencer");
    k.click("France Travail");
    k.click("Accueil");
    assert_eq!(session(&k).view, View::Home);
    assert_eq!(
        k.calls().last(),
        Some(&Call::Arrange { shell_on_top: true })
    );
    k.click("Retour au site");
    assert_eq!(session(&k).view, View::Browser);
    k.click("Accueil");
    k.click("Services publics");
    let opens = k
        .calls()
        .iter()
        .filter(|c| matches!(c, Call::Open(..)))
        .count();
    assert_eq!(opens, 2);
    assert_eq!(
        k.calls().iter().filter(|c| **c == Call::Prepare).count(),
        1,
        "one session"
    );
}

#[test]
fn idle_prompt_then_yes_continues() {
    let mut k = kiosk();
    k.click("Commencer");
    k.click("France Travail");
    k.advance(MIN, 4 * MIN);
    assert!(!k.shows("Êtes-vous toujours là ?"));
    k.advance(MIN, 5 * MIN);
    assert!(k.shows("Êtes-vous toujours là ?"));
    assert!(k.shows("Sans réponse, la session se termine dans 60 secondes."));
    assert_eq!(
        k.calls().last(),
        Some(&Call::Arrange { shell_on_top: true })
    );
    k.advance(30 * SEC, 5 * MIN + 30 * SEC);
    assert!(k.shows("Sans réponse, la session se termine dans 30 secondes."));
    k.world.0.lock().unwrap().idle = Duration::ZERO;
    k.click("Oui, je continue");
    assert!(!k.shows("Êtes-vous toujours là ?"));
    assert_eq!(session(&k).view, View::Browser);
    k.advance(2 * MIN, Duration::ZERO);
    assert!(matches!(k.snapshot().screen, Screen::Session(_)));
}

#[test]
fn idle_prompt_without_answer_ends_the_session() {
    let mut k = kiosk();
    k.click("Commencer");
    k.advance(5 * MIN, 5 * MIN);
    assert!(k.shows("Êtes-vous toujours là ?"));
    k.advance(59 * SEC, 6 * MIN);
    assert!(k.shows("Êtes-vous toujours là ?"));
    k.advance(SEC, 6 * MIN);
    assert!(k.calls().contains(&Call::Clear));
    assert!(k.shows("Personne n'utilisait le poste. La session est terminée."));
}

#[test]
fn terminer_asks_and_can_be_cancelled() {
    let mut k = kiosk();
    k.click("Commencer");
    k.click("France Travail");
    k.click("Terminer");
    assert!(k.shows("Le poste va effacer vos fichiers."));
    assert_eq!(
        k.calls().last(),
        Some(&Call::Arrange { shell_on_top: true })
    );
    k.click("Non, continuer");
    assert!(!k.shows("Le poste va effacer vos fichiers."));
    assert!(!k.calls().contains(&Call::Clear));
    assert_eq!(session(&k).view, View::Browser);
    k.click("Terminer");
    k.click("Oui, terminer");
    assert!(k.calls().contains(&Call::Clear));
    assert!(k.shows("Au revoir !"));
    assert!(k.shows("La session est terminée."));
}

#[test]
fn language_switch_changes_every_text_and_resets_for_the_next_person() {
    let mut k = kiosk();
    k.click("English");
    assert!(k.shows("This computer is yours for 10 minutes."));
    assert!(!k.shows("Commencer"));
    k.click("Start");
    assert!(k.shows("Home"));
    assert!(k.shows("Finish"));
    assert!(k.shows("My e-mails"));
    k.click("France Travail");
    assert!(matches!(&k.calls()[1], Call::Open(_, Language::En)));
    k.click("Finish");
    assert!(k.shows("The computer will erase your files."));
    k.click("Yes, end it");
    assert!(k.shows("Goodbye!"));
    k.advance(6 * SEC, Duration::ZERO);
    assert!(k.shows("Commencer"), "the next person starts in French");
    k.click("Français");
    assert!(k.shows("Commencer"));
}

#[test]
fn close_requests_are_cancelled() {
    let mut k = kiosk();
    k.harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    k.harness.step();
    let commands = &k.harness.output().viewport_output[&egui::ViewportId::ROOT].commands;
    assert!(
        commands.contains(&egui::ViewportCommand::CancelClose),
        "{commands:?}"
    );
    assert!(!commands.contains(&egui::ViewportCommand::Close));
    assert!(k.shows("Commencer"));
}

#[test]
fn a_browser_that_does_not_start_says_so_and_keeps_the_session() {
    let mut k = kiosk();
    k.world.0.lock().unwrap().browser_fails = true;
    k.click("Commencer");
    k.click("France Travail");
    assert!(k.shows("Le site ne s'ouvre pas. Réessayez ou demandez à un bénévole."));
    assert!(k.shows("France Travail"), "the shortcuts stay usable");
    assert_eq!(session(&k).view, View::Home);
}

#[test]
fn a_full_session_space_is_said_over_the_site_and_the_session_goes_on() {
    let mut k = kiosk();
    k.click("Commencer");
    k.click("France Travail");
    assert_eq!(session(&k).view, View::Browser);
    k.world.0.lock().unwrap().space_full = true;
    k.advance(Duration::from_secs(1), Duration::ZERO);
    assert!(k.shows_containing("Il n'y a plus de place pour vos fichiers"));
    assert!(k.shows("France Travail"), "the shortcuts stay usable");
    // Told once, not at every second.
    k.click("France Travail");
    k.advance(Duration::from_secs(5), Duration::ZERO);
    assert_eq!(session(&k).view, View::Browser);
}

#[test]
fn a_browser_that_closes_by_itself_brings_back_the_shortcuts() {
    let mut k = kiosk();
    k.click("Commencer");
    k.click("France Travail");
    assert_eq!(session(&k).view, View::Browser);
    k.world.0.lock().unwrap().browser_gone = true;
    k.advance(Duration::from_secs(1), Duration::ZERO);
    assert_eq!(session(&k).view, View::Home);
    assert!(k.shows("France Travail"));
    k.world.0.lock().unwrap().browser_gone = false;
    k.click("France Travail");
    assert_eq!(session(&k).view, View::Browser);
}

#[test]
fn a_failed_wipe_puts_the_station_out_of_service() {
    let mut k = kiosk();
    k.world.0.lock().unwrap().clear_fails = true;
    k.click("Commencer");
    k.click("Terminer");
    k.click("Oui, terminer");
    assert!(k.shows("Poste en maintenance"));
    assert!(k.shows("Demandez à un bénévole."));
    assert!(
        k.calls()
            .contains(&Call::OutOfService(ProblemKind::ClearFailed))
    );
    assert!(!k.shows("Commencer"), "no session for the next person");
    k.advance(10 * MIN, Duration::ZERO);
    assert!(k.shows("Poste en maintenance"));
    // A volunteer fixes the cause (a stuck process) and wipes again from the screen.
    k.click("Réessayer l'effacement");
    assert!(
        k.shows("Poste en maintenance"),
        "still failing: still closed"
    );
    k.world.0.lock().unwrap().clear_fails = false;
    k.click("Réessayer l'effacement");
    assert!(k.shows("Au revoir !"));
    assert!(k.calls().contains(&Call::BackInService));
    k.advance(6 * SEC, Duration::ZERO);
    assert!(k.shows("Commencer"));
}

#[test]
fn leftovers_that_cannot_be_cleared_at_start_keep_the_station_closed() {
    let k = Kiosk::with_problem(
        config_with_session(""),
        Some(Problem {
            kind: ProblemKind::ClearFailed,
            detail: "2 process(es) of the session still run".into(),
        }),
    );
    assert!(k.shows("Poste en maintenance"));
    assert!(!k.shows("Commencer"));
}

#[test]
fn shutdown_ends_the_session_and_closes_the_window() {
    let mut k = kiosk();
    k.click("Commencer");
    k.supervisor.send(borne::domain::Command::Shutdown);
    k.supervisor.sync();
    assert!(k.calls().contains(&Call::Clear));
    assert_eq!(k.snapshot().screen, Screen::Exited);
    k.harness.step();
    let commands = &k.harness.output().viewport_output[&egui::ViewportId::ROOT].commands;
    assert!(commands.contains(&egui::ViewportCommand::Close));
}

fn cv() -> FileSummary {
    FileSummary {
        name: "CV Dupont.pdf".into(),
        size_bytes: 250_000,
        kind: FileKind::Pdf,
    }
}

fn key() -> DriveSummary {
    DriveSummary {
        mount_point: "/media/usb0".into(),
        label: "MA CLE".into(),
        free_bytes: 8_000_000_000,
    }
}

#[test]
fn files_can_be_saved_to_a_usb_key_before_the_end() {
    let mut k = kiosk();
    k.world.0.lock().unwrap().files = vec![cv()];
    k.click("Commencer");
    k.click("Terminer");
    k.click("Oui, terminer");
    assert!(k.shows("Avant de partir : vos fichiers"));
    assert!(k.shows("CV Dupont.pdf"));
    assert!(k.shows("250 Ko"));
    assert!(k.shows("Branchez votre clé USB pour copier vos fichiers."));
    assert!(
        !k.calls().contains(&Call::Clear),
        "nothing is erased before the person chooses"
    );
    // The key is plugged in: it shows up at the next tick.
    k.world.0.lock().unwrap().drives = vec![key()];
    k.advance(SEC, Duration::ZERO);
    k.world.0.lock().unwrap().copy_result = Some(Ok(1));
    k.click("Copier sur ma clé USB (MA CLE)");
    assert!(k.calls().contains(&Call::Copy("/media/usb0".into())));
    assert!(k.shows("1 fichier copié sur votre clé."));
    assert!(k.shows("Vous pouvez retirer la clé."));
    k.click("Tout effacer et terminer");
    assert!(k.calls().contains(&Call::Clear));
    assert!(k.shows("Au revoir !"));
}

#[test]
fn a_full_or_locked_key_says_so_and_the_person_can_go_back() {
    let mut k = kiosk();
    {
        let mut world = k.world.0.lock().unwrap();
        world.files = vec![cv()];
        world.drives = vec![key()];
        world.copy_result = Some(Err(CopyFailure::NotEnoughSpace {
            needed_bytes: 250_000,
            free_bytes: 10_000,
        }));
    }
    k.click("Commencer");
    k.click("Terminer");
    k.click("Oui, terminer");
    k.advance(SEC, Duration::ZERO);
    k.click("Copier sur ma clé USB (MA CLE)");
    assert!(k.shows_containing("Votre clé est trop pleine : il faut 250 Ko, il reste 10 Ko."));
    k.world.0.lock().unwrap().copy_result = Some(Err(CopyFailure::ReadOnly));
    k.click("Copier sur ma clé USB (MA CLE)");
    assert!(k.shows_containing("protégée en écriture"));
    k.click("Revenir à ma session");
    assert!(
        k.shows("France Travail"),
        "back to the shortcuts, nothing erased"
    );
    assert!(!k.calls().contains(&Call::Clear));
}

#[test]
fn without_files_the_end_skips_the_save_screen() {
    let mut k = kiosk();
    k.click("Commencer");
    k.click("Terminer");
    k.click("Oui, terminer");
    assert!(!k.shows("Avant de partir : vos fichiers"));
    assert!(k.shows("Au revoir !"));
}

#[test]
fn the_optional_questions_take_one_tap_and_are_counted_anonymously() {
    let mut k = Kiosk::new(config_with_questions("drop_in_minutes = 10"));
    k.click("Commencer");
    assert!(k.shows("Vous venez pour…"));
    assert!(!k.shows("France Travail"), "the question comes first");
    k.click("Chercher un emploi");
    assert!(k.shows("France Travail"));
    k.click("Terminer");
    k.click("Oui, terminer");
    assert!(k.shows("Avez-vous trouvé ce que vous cherchiez ?"));
    k.click("En partie");
    assert!(k.shows("Au revoir !"));
    let summary = recorded(&k).unwrap();
    assert_eq!(summary.purpose, Some(borne::domain::Purpose::Emploi));
    assert_eq!(summary.found, Some(borne::domain::Found::EnPartie));
}

#[test]
fn passer_skips_a_question_without_an_answer() {
    let mut k = Kiosk::new(config_with_questions("drop_in_minutes = 10"));
    k.click("Commencer");
    k.click("Passer");
    assert!(k.shows("France Travail"));
    k.click("Terminer");
    k.click("Oui, terminer");
    k.click("Passer");
    assert!(k.shows("Au revoir !"));
    let summary = recorded(&k).unwrap();
    assert_eq!((summary.purpose, summary.found), (None, None));
}

/// Presses Tab until the control named `label` has the keyboard focus.
fn tab_to(k: &mut Kiosk, label: &str) {
    use egui_kittest::kittest::Queryable as _;
    for _ in 0..40 {
        k.harness.key_press(egui::Key::Tab);
        k.harness.run();
        if k.harness
            .query_by(|node| node.is_focused() && node.label().as_deref() == Some(label))
            .is_some()
        {
            return;
        }
    }
    panic!("Tab never reaches {label:?}");
}

/// A whole session with the keyboard only: Tab to a control, Enter to press it, from
/// "Commencer" to "Oui, terminer", then a key on "Au revoir" for the next person.
#[test]
fn a_whole_session_with_the_keyboard_only() {
    let mut k = kiosk();
    tab_to(&mut k, "Commencer");
    k.harness.key_press(egui::Key::Enter);
    k.settle();
    assert_eq!(k.calls(), vec![Call::Prepare]);
    tab_to(&mut k, "France Travail");
    k.harness.key_press(egui::Key::Enter);
    k.settle();
    assert!(matches!(&k.calls()[1], Call::Open(..)));
    tab_to(&mut k, "Terminer");
    k.harness.key_press(egui::Key::Enter);
    k.settle();
    tab_to(&mut k, "Oui, terminer");
    k.harness.key_press(egui::Key::Enter);
    k.settle();
    assert!(k.calls().contains(&Call::Clear));
    assert!(k.shows("Au revoir !"));
    // A key on "Au revoir" (after a second on screen): the welcome screen at once, without
    // waiting for the rest of its time.
    k.advance(SEC, Duration::ZERO);
    k.harness.key_press(egui::Key::Space);
    k.settle();
    assert_eq!(k.snapshot().screen, Screen::Welcome);
    assert!(k.shows("Commencer"));
}

/// Asserts that the control named `label` has the keyboard focus.
fn assert_focus_on(k: &Kiosk, label: &str) {
    use egui_kittest::kittest::Queryable as _;
    assert!(
        k.harness
            .query_by(|node| node.is_focused() && node.label().as_deref() == Some(label))
            .is_some(),
        "the keyboard is not on « {label} »"
    );
}

/// Escape closes the accessibility menu (the choices stay) and answers "Terminer la session ?"
/// with "Non, continuer": a key never ends a session by itself. A menu closed from the keyboard
/// gives the keyboard back to its "Accessibilité" button.
#[test]
fn escape_closes_the_menu_and_keeps_the_session() {
    let mut k = kiosk();
    k.click("Accessibilité");
    k.click("Contraste élevé, Oui");
    k.harness.key_press(egui::Key::Escape);
    k.settle();
    assert!(!k.shows("Taille du texte"), "the menu is still open");
    assert!(k.snapshot().assist.high_contrast, "the choice was lost");
    assert_focus_on(&k, "Accessibilité");
    k.click("Commencer");
    // In the session bar, closed with "Fermer" reached by Tab: the keyboard is back too.
    k.click("Accessibilité");
    tab_to(&mut k, "Fermer");
    k.harness.key_press(egui::Key::Enter);
    k.settle();
    assert!(!k.shows("Taille du texte"), "the menu is still open");
    assert_focus_on(&k, "Accessibilité");
    k.click("Terminer");
    assert!(k.shows("Oui, terminer"));
    k.harness.key_press(egui::Key::Escape);
    k.settle();
    assert!(!k.shows("Oui, terminer"), "the question is still asked");
    assert!(
        !k.calls().contains(&Call::Clear),
        "Escape ended the session"
    );
    assert!(k.shows("France Travail"));
    // The keyboard is back on "Terminer", and the next Tab goes on from there.
    assert_focus_on(&k, "Terminer");
    // Answered with "Non, continuer" reached by Tab: the same.
    k.click("Terminer");
    tab_to(&mut k, "Non, continuer");
    k.harness.key_press(egui::Key::Enter);
    k.settle();
    assert!(!k.shows("Oui, terminer"), "the question is still asked");
    assert_focus_on(&k, "Terminer");
}

/// Reading aloud: each control the keyboard reaches says its name, as a screen reader would.
#[test]
fn with_reading_aloud_each_control_reached_says_its_name() {
    let mut k = kiosk();
    k.harness.key_press(egui::Key::Tab);
    k.settle();
    let said = |k: &Kiosk| {
        k.calls()
            .iter()
            .filter_map(|call| match call {
                Call::Speak(text, _) => Some(text.clone()),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        said(&k),
        Vec::<String>::new(),
        "nobody asked for reading aloud"
    );
    k.click("Accessibilité");
    k.click("Lire à voix haute, Oui");
    k.harness.key_press(egui::Key::Escape);
    k.settle();
    // The welcome screen is read again as the menu closes; then each control reached.
    assert!(
        said(&k)
            .last()
            .is_some_and(|text| text.starts_with("Ce poste est à vous"))
    );
    tab_to(&mut k, "Commencer");
    k.settle();
    assert_eq!(said(&k).last().map(String::as_str), Some("Commencer"));
}

/// The accessibility menu tells the key that brings the session's home over a site (a person
/// using the keyboard alone cannot Tab out of the browser), on screen and read aloud.
#[test]
fn the_menu_tells_the_key_that_brings_the_home_back() {
    let hint = "Touche F1 du clavier\u{a0}: retour à l'accueil.";
    let mut k = kiosk();
    k.click("Accessibilité");
    assert!(k.shows_containing(hint), "the menu does not say F1");
    k.click("Lire à voix haute, Oui");
    let spoken = k.calls().iter().any(|call| {
        matches!(call, Call::Speak(text, _) if text.starts_with("Accessibilité") && text.ends_with(hint))
    });
    assert!(spoken, "the menu read aloud does not say F1");

    // Where the kiosk could not take the keys, the menu promises nothing.
    let mut k = Kiosk::without_home_key(config_with_session("drop_in_minutes = 10"));
    k.click("Accessibilité");
    assert!(k.shows("Ces choix valent seulement pour vous."));
    assert!(
        !k.shows_containing("F1"),
        "the menu promises a key that does nothing"
    );
}

/// A choice made in the session bar while a site is open reaches the browser once the person
/// agrees ("Changer aussi les pages ?"): it starts again with its tabs, drawn as chosen.
#[test]
fn a_choice_in_the_session_bar_restyles_the_open_browser() {
    let mut k = kiosk();
    k.click("Commencer");
    k.click("France Travail");
    k.click("Accessibilité");
    k.click("Taille du texte, Très grande");
    k.harness.key_press(egui::Key::Escape);
    k.settle();
    assert!(k.shows("Changer aussi les pages ?"));
    assert!(
        !k.calls()
            .iter()
            .any(|call| matches!(call, Call::Restyle(..)))
    );
    k.click("Oui, changer");
    assert!(
        k.calls().iter().any(|call| matches!(
            call,
            Call::Restyle(Language::Fr, assist)
                if assist.text_size == borne::domain::TextSize::Largest && !assist.menu_open
        )),
        "{:?}",
        k.calls()
    );
}

/// A tap on "Au revoir" brings the welcome screen at once.
#[test]
fn a_tap_on_goodbye_brings_the_welcome_screen_at_once() {
    let mut k = kiosk();
    k.click("Commencer");
    k.click("Terminer");
    k.click("Oui, terminer");
    assert!(k.shows("Au revoir !"));
    k.advance(SEC, Duration::ZERO);
    use egui_kittest::kittest::Queryable as _;
    k.harness.get_by_label("Au revoir !").click();
    k.settle();
    assert_eq!(k.snapshot().screen, Screen::Welcome);
}

/// The accessibility menu: a larger text, high contrast and every screen read aloud, for this
/// person only.
#[test]
fn the_accessibility_menu_reads_every_screen_and_is_forgotten_for_the_next_person() {
    let mut k = kiosk();
    k.click("Écouter");
    assert!(k.calls().iter().any(|call| matches!(
        call,
        Call::Speak(text, Language::Fr) if text.starts_with("Ce poste est à vous pendant 10 minutes.")
    )));
    k.click("Accessibilité");
    assert!(k.shows("Taille du texte"));
    k.click("Taille du texte, Très grande");
    k.click("Lire à voix haute, Oui");
    let standard = k
        .harness
        .ctx
        .style_of(egui::Theme::Light)
        .visuals
        .panel_fill;
    assert_eq!(standard, borne::ui::theme::STANDARD.background);
    k.click("Contraste élevé, Oui");
    assert!(k.snapshot().assist.high_contrast);
    assert_eq!(
        k.harness.ctx.global_style().visuals.panel_fill,
        egui::Color32::BLACK,
        "high contrast: white on black"
    );
    assert_eq!(
        k.snapshot().assist.text_size,
        borne::domain::TextSize::Largest
    );
    assert!(k.snapshot().assist.read_aloud);
    k.click("Fermer");
    assert!(
        k.harness.ctx.zoom_factor() > 1.0,
        "the screens are drawn larger"
    );
    k.click("Commencer");
    k.settle();
    assert!(
        k.calls()
            .iter()
            .any(|call| matches!(call, Call::Speak(text, _) if text == "Que voulez-vous faire ?")),
        "a new screen is read by itself: {:?}",
        k.calls()
    );
    k.click("Terminer");
    k.settle();
    assert!(k.calls().iter().any(
        |call| matches!(call, Call::Speak(text, _) if text.starts_with("Terminer la session ?"))
    ));
    k.click("Oui, terminer");
    k.advance(7 * SEC, Duration::ZERO);
    assert_eq!(k.snapshot().screen, Screen::Welcome);
    assert_eq!(k.snapshot().assist, borne::domain::Assist::default());
    k.settle();
    assert!(
        (k.harness.ctx.zoom_factor() - 1.0).abs() < 0.01,
        "the next person starts normal"
    );
    assert_eq!(
        k.harness.ctx.global_style().visuals.panel_fill,
        standard,
        "the next person starts in the standard colours"
    );
}

/// A station where the on-screen keyboard cannot be started (not installed, or no sandbox) does
/// not offer it: no choice that changes nothing.
#[test]
fn the_keyboard_is_offered_only_where_it_can_start() {
    let mut offered = kiosk();
    offered.click("Accessibilité");
    assert!(offered.shows("Clavier à l'écran"));
    assert!(offered.shows("Clavier à l'écran, Oui"));

    let mut k = Kiosk::without_keyboard(config_with_session("drop_in_minutes = 10"));
    k.click("Accessibilité");
    assert!(k.shows("Lire à voix haute, Oui"));
    assert!(k.shows("Contraste élevé, Oui"));
    assert!(!k.shows("Clavier à l'écran"));
    assert!(!k.shows("Clavier à l'écran, Oui"));
}

/// Every control the public can touch is at least 64 px high and wide (kittest's layout of the
/// real screens, 1280x800): welcome, accessibility menu, session home, confirm end, goodbye.
#[test]
fn every_public_target_is_at_least_64_px() {
    use egui_kittest::kittest::Queryable as _;
    fn check(k: &Kiosk, screen: &str) {
        for node in k.harness.query_all_by_role(egui::accesskit::Role::Button) {
            let rect = node.rect();
            assert!(
                rect.width() >= 64.0 && rect.height() >= 64.0,
                "{screen}: {:?} is {} x {}",
                node,
                rect.width(),
                rect.height()
            );
        }
    }
    let mut k = kiosk();
    check(&k, "welcome");
    k.click("Accessibilité");
    check(&k, "accessibility");
    k.click("Fermer");
    k.click("Commencer");
    check(&k, "session home");
    k.click("Terminer");
    check(&k, "confirm end");
}

/// A screen reader and Tab go through the controls at the top in the order they are seen, left
/// to right: on the welcome screen and in the session bar.
#[test]
fn the_top_controls_are_read_in_the_order_they_are_seen() {
    use egui_kittest::kittest::{NodeT as _, Queryable as _};
    fn read_order(k: &Kiosk, among: &[&str]) -> Vec<String> {
        k.harness
            .query_all_by_role(egui::accesskit::Role::Button)
            .filter_map(|node| node.accesskit_node().label())
            .filter(|label| among.contains(&label.as_str()))
            .collect()
    }
    fn seen_order(k: &Kiosk, among: &[&str]) -> Vec<String> {
        let mut found: Vec<(f32, String)> = k
            .harness
            .query_all_by_role(egui::accesskit::Role::Button)
            .filter_map(|node| {
                node.accesskit_node()
                    .label()
                    .map(|label| (node.rect().min.x, label))
            })
            .filter(|(_, label)| among.contains(&label.as_str()))
            .collect();
        found.sort_by(|a, b| a.0.total_cmp(&b.0));
        found.into_iter().map(|(_, label)| label).collect()
    }
    let mut k = kiosk();
    let welcome = [
        "Personnel",
        "Accessibilité",
        "Écouter",
        "Français",
        "English",
    ];
    assert_eq!(read_order(&k, &welcome), welcome);
    assert_eq!(seen_order(&k, &welcome), welcome);
    k.click("Commencer");
    k.settle();
    let bar = [
        "Personnel",
        "Accessibilité",
        "Écouter",
        "Accueil",
        "Terminer",
    ];
    assert_eq!(read_order(&k, &bar), bar);
    assert_eq!(seen_order(&k, &bar), bar);
}

/// Whether every control and text of the screen shown lies inside the screen, and no control
/// overlaps another control or a text: nothing cut off, nothing on top of another.
fn fits(k: &Kiosk, what: &str) {
    use egui::accesskit::Role;
    use egui_kittest::kittest::{NodeT as _, Queryable as _};
    let screen = k.harness.ctx.content_rect().expand(1.0);
    let mut controls = Vec::new();
    let mut texts = Vec::new();
    for role in [Role::Button, Role::Label] {
        for node in k.harness.query_all_by_role(role) {
            let rect = node.rect();
            let name = node.accesskit_node().label().unwrap_or_default();
            assert!(
                screen.contains_rect(rect),
                "{what}: « {name} » is cut off: {rect:?} on a screen of {screen:?}"
            );
            if role == Role::Button {
                controls.push((name, rect));
            } else {
                texts.push((name, rect));
            }
        }
    }
    assert!(!controls.is_empty(), "{what}: no control found");
    for (i, (a, ra)) in controls.iter().enumerate() {
        for (b, rb) in controls[i + 1..].iter().chain(&texts) {
            let overlap = ra.intersect(*rb);
            assert!(
                !overlap.is_positive() || overlap.area() < 4.0,
                "{what}: « {a} » and « {b} » overlap"
            );
        }
    }
}

/// Every public screen at 1024x768, 1366x768 and 1920x1080, in French and in English, with
/// nothing cut off and nothing overlapping (no scrolling on a public screen): welcome, the
/// accessibility menu (with the largest text too), the question at the start, the shortcuts,
/// the webmail choice, a time warning, the idle prompt, the confirmation, the save screen with
/// a key, the goodbye and out of service.
#[test]
fn every_public_screen_fits_at_three_sizes_in_both_languages() {
    use borne::domain::{Command, TextSize};
    let sizes = [(1024.0, 768.0), (1366.0, 768.0), (1920.0, 1080.0)];
    for (width, height) in sizes {
        for language in [Language::Fr, Language::En] {
            let at = |screen: &str| format!("{screen} at {width}x{height} in {language:?}");
            let config = config_with_questions(
                "drop_in_minutes = 10\nwarn_at_minutes_left = [5, 1]\nidle_secs = 300\nidle_grace_secs = 60\ngoodbye_secs = 6",
            );
            let mut k = Kiosk::with_screen(config, None, width, height);
            let send = |k: &mut Kiosk, command: Command| {
                k.supervisor.send(command);
                k.settle();
                k.settle();
            };
            send(
                &mut k,
                Command::Public(PublicCommand::SetLanguage(language)),
            );
            fits(&k, &at("welcome"));
            has_its_word(&k, language, &at("welcome"));
            send(&mut k, Command::Public(PublicCommand::ShowAssist(true)));
            fits(&k, &at("accessibility menu"));
            send(
                &mut k,
                Command::Public(PublicCommand::SetTextSize(TextSize::Largest)),
            );
            fits(&k, &at("accessibility menu, largest text"));
            send(
                &mut k,
                Command::Public(PublicCommand::SetTextSize(TextSize::Normal)),
            );
            send(&mut k, Command::Public(PublicCommand::ShowAssist(false)));
            send(&mut k, Command::Public(PublicCommand::Start));
            fits(&k, &at("question at the start"));
            send(&mut k, Command::Public(PublicCommand::AnswerPurpose(None)));
            fits(&k, &at("shortcuts"));
            has_its_word(&k, language, &at("shortcuts"));
            // A site open, back to the shortcuts: the bar's fullest ("Retour au site"), with the
            // largest text too.
            send(
                &mut k,
                Command::Public(PublicCommand::OpenSite {
                    shortcut_id: "france-travail".into(),
                    url: "https://www.francetravail.fr/".into(),
                }),
            );
            send(&mut k, Command::Public(PublicCommand::ShowHome));
            fits(&k, &at("shortcuts, a site open"));
            send(
                &mut k,
                Command::Public(PublicCommand::SetTextSize(TextSize::Largest)),
            );
            fits(&k, &at("shortcuts, a site open, largest text"));
            // Chosen in the menu over the open site: "Changer aussi les pages ?".
            send(&mut k, Command::Public(PublicCommand::ShowAssist(true)));
            fits(&k, &at("accessibility menu in a session, largest text"));
            send(&mut k, Command::Public(PublicCommand::ShowAssist(false)));
            fits(&k, &at("reload the pages?, largest text"));
            send(&mut k, Command::Public(PublicCommand::Restyle(false)));
            send(
                &mut k,
                Command::Public(PublicCommand::SetTextSize(TextSize::Normal)),
            );
            send(
                &mut k,
                Command::Public(PublicCommand::ShowChooser("emails".into())),
            );
            fits(&k, &at("webmail choice"));
            send(&mut k, Command::Public(PublicCommand::ShowHome));
            k.advance(5 * MIN, Duration::ZERO);
            fits(&k, &at("time warning"));
            send(&mut k, Command::Public(PublicCommand::DismissWarning));
            k.advance(SEC, 5 * MIN);
            fits(&k, &at("idle prompt"));
            k.world.0.lock().unwrap().idle = Duration::ZERO;
            send(&mut k, Command::Public(PublicCommand::StillHere));
            send(&mut k, Command::Public(PublicCommand::AskEnd));
            fits(&k, &at("confirmation"));
            k.world.0.lock().unwrap().files = vec![cv()];
            send(&mut k, Command::Public(PublicCommand::ConfirmEnd));
            k.world.0.lock().unwrap().drives = vec![key()];
            k.advance(SEC, Duration::ZERO);
            fits(&k, &at("save screen"));
            send(&mut k, Command::Public(PublicCommand::EraseAndEnd));
            fits(&k, &at("goodbye or question at the end"));
            let problem = Problem {
                kind: ProblemKind::ClearFailed,
                detail: "/srv/borne/sessions/1234: Permission denied".into(),
            };
            let mut out = Kiosk::with_screen(
                config_with_session("drop_in_minutes = 10"),
                Some(problem),
                width,
                height,
            );
            send(
                &mut out,
                Command::Public(PublicCommand::SetLanguage(language)),
            );
            fits(&out, &at("out of service"));
        }
    }
}

/// "Accessibilité" shows its word beside its pictogram, not the pictogram alone.
fn has_its_word(k: &Kiosk, language: Language, at: &str) {
    use egui_kittest::kittest::Queryable as _;
    let label = match language {
        Language::Fr => "Accessibilité",
        Language::En => "Accessibility",
    };
    let width = k.harness.get_by_label(label).rect().width();
    assert!(
        width > borne::ui::theme::BUTTON_HEIGHT,
        "{label} is a pictogram alone ({width} points wide) on the {at}"
    );
}

/// Someone chose English and high contrast on the welcome screen, then left without starting:
/// with the supervisor's real idle measure (the fake desktop's), two minutes later the next
/// person finds French and the standard colours.
#[test]
fn choices_left_on_the_welcome_screen_are_forgotten_after_two_minutes() {
    let mut k = kiosk();
    k.click("English");
    k.click("Accessibility");
    k.click("High contrast, Yes");
    k.click("Close");
    assert_eq!(k.snapshot().language, Language::En);
    k.advance(MIN, MIN);
    assert_eq!(
        k.snapshot().language,
        Language::En,
        "one minute: still theirs"
    );
    k.advance(MIN, 2 * MIN);
    assert_eq!(k.snapshot().language, Language::Fr);
    assert!(!k.snapshot().assist.high_contrast);
    assert!(k.shows("Commencer"));
}
