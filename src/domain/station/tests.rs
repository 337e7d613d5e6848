use super::out_of_service::RECHECK_EVERY;
use super::*;
use super::{PublicCommand, StaffCommand};
use crate::config::edit::ConfigEdit;
use crate::domain::hours::{OpeningHours, WallTime};
use crate::domain::{
    Closure, ExtendOffer, PadRefusal, PinCheck, PinEntry, Purpose, STAFF_IDLE_LOCK, StaffNotice,
    StaffScreen,
};

const MIN: Duration = Duration::from_secs(60);

fn rules() -> Rules {
    Rules {
        drop_in: 45 * MIN,
        assisted: 120 * MIN,
        warn_at_left: vec![5 * MIN, MIN],
        idle: 5 * MIN,
        idle_grace: Duration::from_secs(60),
        goodbye: Duration::from_secs(6),
        default_language: Language::Fr,
        extension: 15 * MIN,
        max_extensions: 2,
        hours: OpeningHours::always(),
        ask_purpose: false,
        ask_found: false,
        printing: true,
        page_limit: None,
    }
}

/// A station and a fake clock.
struct Rig {
    station: Station,
    t0: Instant,
    now: Instant,
}

impl Rig {
    fn new() -> Self {
        let t0 = Instant::now();
        Self {
            station: Station::new(rules()),
            t0,
            now: t0,
        }
    }

    fn cmd(&mut self, command: impl Into<Command>) -> Vec<Effect> {
        self.station
            .handle(Event::Command(command.into()), self.now)
    }

    fn send(&mut self, event: Event) -> Vec<Effect> {
        self.station.handle(event, self.now)
    }

    /// Advance the clock to `at` after the start of the rig, with the given idle time.
    fn tick_at(&mut self, at: Duration, idle: Duration) -> Vec<Effect> {
        self.now = self.t0 + at;
        self.station.handle(Event::Tick { idle }, self.now)
    }

    fn started(kind: SessionKind) -> Self {
        let mut rig = Self::new();
        if kind == SessionKind::Assisted {
            rig.unlock(Role::Volunteer);
        }
        assert_eq!(
            rig.cmd(match kind {
                SessionKind::DropIn => Command::from(PublicCommand::Start),
                SessionKind::Assisted => Command::from(StaffCommand::StartAssisted),
            }),
            vec![Effect::PrepareSession(kind)]
        );
        assert!(rig.send(Event::SessionPrepared(Ok(()))).is_empty());
        rig
    }

    /// Opens the staff panel and answers the PIN check with `role`.
    fn unlock(&mut self, role: Role) {
        let _ = self.cmd(StaffCommand::OpenStaff);
        let pin = PinEntry::new("246813");
        assert_eq!(
            self.cmd(StaffCommand::SubmitPin(pin.clone())),
            vec![Effect::CheckPin(pin)]
        );
        let _ = self.send(Event::PinChecked(PinCheck::Accepted(role)));
        assert_eq!(self.station.staff_role(), Some(role));
    }

    fn session(&self) -> &Session {
        match self.station.state() {
            State::InSession(session) => session,
            other => panic!("not in session: {other:?}"),
        }
    }

    fn open_site(&mut self) -> Vec<Effect> {
        self.cmd(PublicCommand::OpenSite {
            shortcut_id: "france-travail".into(),
            url: "https://www.francetravail.fr/".into(),
        })
    }
}

fn problem() -> Problem {
    Problem {
        kind: ProblemKind::ClearFailed,
        detail: "1 process survived".into(),
    }
}

#[test]
fn welcome_needs_no_tick() {
    let rig = Rig::new();
    assert_eq!(rig.station.state(), &State::Welcome);
    assert_eq!(rig.station.next_tick(rig.now), None);
    assert!(rig.station.shell_on_top());
}

#[test]
fn start_prepares_then_runs_a_drop_in_session_of_the_configured_length() {
    let rig = Rig::started(SessionKind::DropIn);
    let session = rig.session();
    assert_eq!(session.kind, SessionKind::DropIn);
    assert_eq!(session.view, View::Home);
    assert_eq!(session.secs_left(rig.now), 45 * 60);
}

#[test]
fn assisted_session_is_longer() {
    let rig = Rig::started(SessionKind::Assisted);
    assert_eq!(rig.session().secs_left(rig.now), 120 * 60);
}

#[test]
fn failed_preparation_puts_the_station_out_of_service() {
    let mut rig = Rig::new();
    let _ = rig.cmd(PublicCommand::Start);
    let err = Problem {
        kind: ProblemKind::SessionSetup,
        detail: "disk full".into(),
    };
    let _ = rig.send(Event::SessionPrepared(Err(err.clone())));
    assert_eq!(rig.station.state(), &State::OutOfService(err));
    // Out of service opens nothing.
    assert!(rig.cmd(PublicCommand::Start).is_empty());
}

#[test]
fn new_choices_over_a_running_browser_reload_its_pages_if_the_person_agrees() {
    let mut rig = Rig::started(SessionKind::DropIn);
    // No browser yet: the next one starts with the choices, nothing is asked.
    let _ = rig.cmd(PublicCommand::ShowAssist(true));
    let _ = rig.cmd(PublicCommand::SetTextSize(TextSize::Largest));
    assert_eq!(rig.cmd(PublicCommand::ShowAssist(false)), Vec::new());
    assert!(!rig.session().confirm_restyle);
    let _ = rig.open_site();
    let _ = rig.send(Event::BrowserOpened(Ok(())));
    // The menu opened and closed with nothing changed: nothing is asked.
    let _ = rig.cmd(PublicCommand::ShowAssist(true));
    let _ = rig.cmd(PublicCommand::ShowAssist(false));
    assert!(!rig.session().confirm_restyle);
    // A new choice: "Changer aussi les pages ?" covers the browser until it is answered.
    let _ = rig.cmd(PublicCommand::ShowAssist(true));
    let _ = rig.cmd(PublicCommand::SetReadAloud(true));
    assert_eq!(rig.cmd(PublicCommand::ShowAssist(false)), Vec::new());
    assert_eq!(rig.session().overlay(), Some(Overlay::ConfirmRestyle));
    assert!(rig.station.shell_on_top());
    // "Non, plus tard": nothing now; not asked again until something else changes.
    assert_eq!(rig.cmd(PublicCommand::Restyle(false)), Vec::new());
    assert_eq!(rig.session().overlay(), None);
    let _ = rig.cmd(PublicCommand::ShowAssist(true));
    let _ = rig.cmd(PublicCommand::ShowAssist(false));
    assert!(
        !rig.session().confirm_restyle,
        "asked again with nothing new"
    );
    let _ = rig.cmd(PublicCommand::ShowAssist(true));
    let _ = rig.cmd(PublicCommand::SetHighContrast(true));
    let _ = rig.cmd(PublicCommand::ShowAssist(false));
    assert_eq!(
        rig.cmd(PublicCommand::Restyle(true)),
        vec![Effect::RestyleBrowser]
    );
    // Answered twice (a double tap): done once.
    assert_eq!(rig.cmd(PublicCommand::Restyle(true)), Vec::new());
    // The browser that could not start again is told, as a browser that did not start.
    let _ = rig.send(Event::BrowserOpened(Err(problem())));
    assert_eq!(rig.session().notice, Some(Notice::BrowserFailed));
}

#[test]
fn opening_a_site_shows_the_browser_and_home_comes_back() {
    let mut rig = Rig::started(SessionKind::DropIn);
    let effects = rig.open_site();
    assert_eq!(
        effects,
        vec![Effect::OpenSite {
            shortcut_id: "france-travail".into(),
            url: "https://www.francetravail.fr/".into()
        }]
    );
    let _ = rig.send(Event::BrowserOpened(Ok(())));
    assert!(rig.session().shows_browser());
    assert!(!rig.station.shell_on_top());
    let _ = rig.cmd(PublicCommand::ShowHome);
    assert_eq!(rig.session().view, View::Home);
    assert!(rig.station.shell_on_top());
    let _ = rig.cmd(PublicCommand::ShowBrowser);
    assert!(!rig.station.shell_on_top());
}

/// What CUPS says: `pages` printed, jobs 1 to `printed` printed a page, job
/// `unfinished` is not finished yet.
fn prints(pages: u32, printed: i32, unfinished: Option<i32>, waiting: bool) -> Event {
    Event::PrintsSeen(PrintStatus {
        pages,
        unfinished: u32::from(unfinished.is_some()),
        waiting,
        newest_printed: (printed > 0).then_some(printed),
        newest_unfinished: unfinished,
    })
}

#[test]
fn the_page_limit_is_told_once_then_stops_each_job_that_comes_after() {
    let mut rig = Rig::new();
    rig.station.rules.page_limit = Some(3);
    let _ = rig.cmd(PublicCommand::Start);
    let _ = rig.send(Event::SessionPrepared(Ok(())));
    let _ = rig.open_site();
    let _ = rig.send(Event::BrowserOpened(Ok(())));
    assert!(rig.station.watches_printing());
    assert!(rig.send(prints(2, 1, None, false)).is_empty());
    assert!(
        rig.session().shows_browser(),
        "under the limit, nothing shows"
    );
    // The limit is reached by job 2, still finishing: told once, over the browser, and
    // job 2 may finish.
    assert!(rig.send(prints(3, 2, Some(2), false)).is_empty());
    assert_eq!(rig.session().notice, Some(Notice::PageLimit(3)));
    assert!(!rig.session().shows_browser());
    let _ = rig.cmd(PublicCommand::ShowBrowser);
    assert!(
        rig.send(prints(3, 2, None, false)).is_empty(),
        "not told twice"
    );
    assert!(rig.session().shows_browser());
    // The next job is stopped, and the person told why, once: CUPS may still list it a
    // moment, and the person can go back to the site meanwhile.
    assert_eq!(
        rig.send(prints(3, 2, Some(3), false)),
        vec![Effect::StopPrinting]
    );
    assert_eq!(rig.session().notice, Some(Notice::PrintCancelled(3)));
    let _ = rig.cmd(PublicCommand::ShowBrowser);
    assert!(rig.send(prints(3, 2, Some(3), false)).is_empty());
    assert!(rig.session().shows_browser());
    // Another one after it is stopped too.
    assert_eq!(
        rig.send(prints(3, 2, Some(4), false)),
        vec![Effect::StopPrinting]
    );
    // What the session printed is counted when it ends.
    let _ = rig.cmd(PublicCommand::AskEnd);
    let effects = rig.cmd(PublicCommand::ConfirmEnd);
    let effects = if effects.contains(&Effect::ListFiles) {
        rig.send(Event::FilesListed(Vec::new()))
    } else {
        effects
    };
    assert!(effects.iter().any(
        |effect| matches!(effect, Effect::RecordSession(summary) if summary.pages_printed == 3)
    ));
}

#[test]
fn without_a_limit_pages_are_only_counted_and_a_waiting_job_is_told_once() {
    let mut rig = Rig::started(SessionKind::DropIn);
    assert!(rig.send(prints(40, 1, Some(2), false)).is_empty());
    assert_eq!(rig.session().pages_printed, 40);
    assert_eq!(rig.session().notice, None);
    assert!(rig.send(prints(40, 1, Some(2), true)).is_empty());
    assert_eq!(rig.session().notice, Some(Notice::PrinterWaiting));
    let _ = rig.cmd(PublicCommand::ShowHome);
    let _ = rig.cmd(PublicCommand::ShowBrowser);
    let _ = rig.send(prints(40, 1, Some(2), true));
    assert_eq!(rig.session().notice, None, "told once while it waits");
    // A count never goes down (CUPS forgot a job).
    let _ = rig.send(prints(12, 1, None, false));
    assert_eq!(rig.session().pages_printed, 40);
}

#[test]
fn a_station_without_printing_does_not_watch_it() {
    let mut rig = Rig::new();
    rig.station.rules.printing = false;
    let _ = rig.cmd(PublicCommand::Start);
    let _ = rig.send(Event::SessionPrepared(Ok(())));
    assert!(!rig.station.watches_printing());
    assert!(
        !Rig::new().station.watches_printing(),
        "not outside a session"
    );
}

#[test]
fn show_browser_does_nothing_before_a_site_was_opened() {
    let mut rig = Rig::started(SessionKind::DropIn);
    let _ = rig.cmd(PublicCommand::ShowBrowser);
    assert_eq!(rig.session().view, View::Home);
}

#[test]
fn chooser_then_choice_opens_the_site() {
    let mut rig = Rig::started(SessionKind::DropIn);
    let _ = rig.cmd(PublicCommand::ShowChooser("emails".into()));
    assert_eq!(rig.session().view, View::Chooser("emails".into()));
    assert_eq!(rig.open_site().len(), 1);
    assert_eq!(rig.session().view, View::Browser);
}

#[test]
fn a_full_session_space_is_told_over_the_browser_and_the_session_goes_on() {
    let mut rig = Rig::started(SessionKind::DropIn);
    let _ = rig.cmd(PublicCommand::OpenSite {
        shortcut_id: "cv".into(),
        url: "https://cv.example".into(),
    });
    let _ = rig.send(Event::BrowserOpened(Ok(())));
    assert!(!rig.station.shell_on_top());
    assert!(rig.send(Event::SessionSpaceFull).is_empty());
    assert_eq!(rig.session().notice, Some(Notice::SpaceFull));
    assert!(rig.station.shell_on_top(), "the message must be seen");
    // Back to the site: the session goes on, the message goes.
    let _ = rig.cmd(PublicCommand::ShowBrowser);
    assert_eq!(rig.session().notice, None);
    assert!(matches!(rig.station.state(), State::InSession(_)));
    // Outside a session it means nothing.
    let mut station = Station::new(rules());
    assert!(
        station
            .handle(Event::SessionSpaceFull, Instant::now())
            .is_empty()
    );
    assert_eq!(station.state(), &State::Welcome);
}

#[test]
fn a_browser_that_closes_returns_home_and_the_next_shortcut_starts_another() {
    let mut rig = Rig::started(SessionKind::DropIn);
    let open = Command::Public(PublicCommand::OpenSite {
        shortcut_id: "cv".into(),
        url: "https://cv.example".into(),
    });
    let _ = rig.cmd(open.clone());
    let _ = rig.send(Event::BrowserOpened(Ok(())));
    assert!(rig.station.browser_expected());
    assert!(rig.send(Event::BrowserClosed).is_empty());
    assert_eq!(rig.session().view, View::Home);
    assert!(
        rig.station.shell_on_top(),
        "the home screen, not an empty window"
    );
    assert!(!rig.station.browser_expected());
    assert!(matches!(rig.cmd(open)[..], [Effect::OpenSite { .. }]));
    assert!(matches!(rig.station.state(), State::InSession(_)));
}

#[test]
fn browser_failure_returns_home_with_a_notice() {
    let mut rig = Rig::started(SessionKind::DropIn);
    let _ = rig.open_site();
    let _ = rig.send(Event::BrowserOpened(Err(problem())));
    assert_eq!(rig.session().view, View::Home);
    assert_eq!(rig.session().notice, Some(Notice::BrowserFailed));
    assert!(rig.station.shell_on_top());
    let _ = rig.cmd(PublicCommand::ShowHome);
    assert_eq!(rig.session().notice, None);
}

#[test]
fn warnings_come_once_each_at_their_time() {
    let mut rig = Rig::started(SessionKind::DropIn);
    let _ = rig.open_site();
    let _ = rig.send(Event::BrowserOpened(Ok(())));
    let _ = rig.tick_at(39 * MIN, Duration::ZERO);
    assert_eq!(rig.session().warning, None);
    assert_eq!(rig.station.urgency(rig.now), Urgency::Calm);
    let _ = rig.tick_at(40 * MIN, Duration::ZERO);
    assert_eq!(rig.session().warning, Some(5 * MIN));
    assert!(rig.station.shell_on_top(), "a warning covers the browser");
    assert_eq!(rig.station.urgency(rig.now), Urgency::Warned);
    let _ = rig.cmd(PublicCommand::DismissWarning);
    assert_eq!(rig.session().warning, None);
    let _ = rig.tick_at(41 * MIN, Duration::ZERO);
    assert_eq!(
        rig.session().warning,
        None,
        "the 5-minute warning is given once"
    );
    let _ = rig.tick_at(44 * MIN, Duration::ZERO);
    assert_eq!(rig.session().warning, Some(MIN));
    assert_eq!(rig.station.urgency(rig.now), Urgency::Urgent);
    let _ = rig.cmd(PublicCommand::ShowBrowser);
    assert!(!rig.station.shell_on_top());
}

#[test]
fn late_tick_gives_the_last_passed_warning_only() {
    let mut rig = Rig::started(SessionKind::DropIn);
    let _ = rig.tick_at(44 * MIN + Duration::from_secs(30), Duration::ZERO);
    assert_eq!(rig.session().warning, Some(MIN));
    assert_eq!(rig.session().warnings_given, 2);
}

#[test]
fn warnings_longer_than_the_session_are_skipped() {
    let mut rules = rules();
    rules.drop_in = 3 * MIN;
    let mut station = Station::new(rules);
    let now = Instant::now();
    let _ = station.handle(Event::Command(Command::Public(PublicCommand::Start)), now);
    let _ = station.handle(Event::SessionPrepared(Ok(())), now);
    let _ = station.handle(
        Event::Tick {
            idle: Duration::ZERO,
        },
        now + Duration::from_secs(1),
    );
    let State::InSession(session) = station.state() else {
        panic!("not in session")
    };
    assert_eq!(session.warning, None);
}

#[test]
fn the_accessibility_menu_never_covers_a_question_or_the_end() {
    let mut rig = Rig::started(SessionKind::DropIn);
    let _ = rig.cmd(PublicCommand::ShowAssist(true));
    assert!(rig.station.snapshot(rig.now).assist.menu_open);
    assert!(rig.station.shell_on_top());
    // "Êtes-vous toujours là ?" needs an answer: it comes first.
    let _ = rig.tick_at(Duration::from_secs(1), 5 * MIN);
    assert!(!rig.station.snapshot(rig.now).assist.menu_open);
    let _ = rig.cmd(PublicCommand::StillHere);
    assert!(rig.station.snapshot(rig.now).assist.menu_open);
    // The end closes it for good.
    let _ = rig.cmd(PublicCommand::AskEnd);
    let _ = rig.cmd(PublicCommand::ConfirmEnd);
    let _ = rig.send(Event::FilesListed(Vec::new()));
    let _ = rig.send(Event::SessionCleared(Err(Problem {
        kind: ProblemKind::ClearFailed,
        detail: "1 process".into(),
    })));
    assert!(matches!(rig.station.state(), State::OutOfService(_)));
    assert!(!rig.station.snapshot(rig.now).assist.menu_open);
    assert!(!rig.station.assist().menu_open);
}

#[test]
fn a_tap_on_goodbye_shows_the_welcome_screen_at_once() {
    let mut rig = Rig::started(SessionKind::DropIn);
    let _ = rig.cmd(PublicCommand::AskEnd);
    let _ = rig.cmd(PublicCommand::ConfirmEnd);
    let _ = rig.send(Event::FilesListed(Vec::new()));
    let _ = rig.send(Event::SessionCleared(Ok(())));
    assert!(matches!(rig.station.state(), State::Goodbye { .. }));
    assert!(rig.cmd(PublicCommand::LeaveGoodbye).is_empty());
    assert!(
        matches!(rig.station.state(), State::Goodbye { .. }),
        "a key still pressed does not skip it unread"
    );
    rig.now += Duration::from_secs(1);
    assert!(rig.cmd(PublicCommand::LeaveGoodbye).is_empty());
    assert_eq!(rig.station.state(), &State::Welcome);
    assert_eq!(
        rig.cmd(PublicCommand::Start),
        vec![Effect::PrepareSession(SessionKind::DropIn)]
    );
    // Anywhere else, it means nothing.
    assert!(rig.cmd(PublicCommand::LeaveGoodbye).is_empty());
    assert_eq!(rig.station.state(), &State::Preparing(SessionKind::DropIn));
}

#[test]
fn time_up_ends_the_session_and_goodbye_leads_to_welcome() {
    let mut rig = Rig::started(SessionKind::DropIn);
    let _ = rig.cmd(PublicCommand::SetLanguage(Language::En));
    let effects = rig.tick_at(45 * MIN, Duration::ZERO);
    assert_eq!(effects[0], Effect::ClearSession(EndReason::TimeUp));
    let _ = rig.send(Event::SessionCleared(Ok(())));
    assert!(matches!(rig.station.state(), State::Goodbye { .. }));
    assert_eq!(
        rig.station.language(),
        Language::En,
        "goodbye in the person's language"
    );
    assert_eq!(
        rig.station.next_tick(rig.now),
        Some(rig.now + Duration::from_secs(6))
    );
    let _ = rig.tick_at(45 * MIN + Duration::from_secs(5), Duration::ZERO);
    assert!(matches!(rig.station.state(), State::Goodbye { .. }));
    assert!(
        rig.cmd(PublicCommand::Start).is_empty(),
        "no session from the goodbye screen itself"
    );
    let _ = rig.tick_at(45 * MIN + Duration::from_secs(6), Duration::ZERO);
    assert_eq!(rig.station.state(), &State::Welcome);
    assert_eq!(
        rig.station.language(),
        Language::Fr,
        "the next person gets the default"
    );
}

#[test]
fn a_failed_clear_puts_the_station_out_of_service() {
    let mut rig = Rig::started(SessionKind::DropIn);
    let _ = rig.cmd(PublicCommand::AskEnd);
    assert_eq!(rig.cmd(PublicCommand::ConfirmEnd), vec![Effect::ListFiles]);
    let _ = rig.send(Event::FilesListed(Vec::new()));
    let _ = rig.send(Event::SessionCleared(Err(problem())));
    assert_eq!(rig.station.state(), &State::OutOfService(problem()));
    let _ = rig.tick_at(10 * MIN, Duration::ZERO);
    assert_eq!(rig.station.state(), &State::OutOfService(problem()));
}

#[test]
fn terminer_asks_once_and_can_be_cancelled() {
    let mut rig = Rig::started(SessionKind::DropIn);
    assert!(rig.cmd(PublicCommand::AskEnd).is_empty());
    assert!(rig.session().confirm_end);
    let _ = rig.cmd(PublicCommand::CancelEnd);
    assert!(!rig.session().confirm_end);
    let _ = rig.cmd(PublicCommand::AskEnd);
    assert_eq!(rig.cmd(PublicCommand::ConfirmEnd), vec![Effect::ListFiles]);
    let effects = rig.send(Event::FilesListed(Vec::new()));
    assert_eq!(effects[0], Effect::ClearSession(EndReason::User));
    assert!(matches!(
        rig.station.state(),
        State::Ending {
            reason: EndReason::User,
            ..
        }
    ));
}

#[test]
fn staff_end_does_not_ask_but_needs_the_panel_unlocked() {
    let mut rig = Rig::started(SessionKind::Assisted);
    assert!(
        rig.cmd(StaffCommand::StaffEnd).is_empty(),
        "locked: nothing"
    );
    rig.unlock(Role::Volunteer);
    assert_eq!(
        rig.cmd(StaffCommand::StaffEnd)[0],
        Effect::ClearSession(EndReason::Staff)
    );
}

#[test]
fn idle_prompt_then_still_here_continues() {
    let mut rig = Rig::started(SessionKind::DropIn);
    let _ = rig.open_site();
    let _ = rig.send(Event::BrowserOpened(Ok(())));
    let _ = rig.tick_at(10 * MIN, 5 * MIN - Duration::from_secs(1));
    assert_eq!(rig.session().idle_answer_by, None);
    let _ = rig.tick_at(10 * MIN + Duration::from_secs(1), 5 * MIN);
    assert_eq!(rig.session().idle_secs_left(rig.now), Some(60));
    assert!(rig.station.shell_on_top());
    // Nothing but the answer counts while the prompt is shown.
    let _ = rig.cmd(PublicCommand::ShowHome);
    assert_eq!(rig.session().view, View::Browser);
    let _ = rig.tick_at(
        10 * MIN + Duration::from_secs(31),
        5 * MIN + Duration::from_secs(30),
    );
    assert_eq!(rig.session().idle_secs_left(rig.now), Some(30));
    let _ = rig.cmd(PublicCommand::StillHere);
    assert_eq!(rig.session().idle_answer_by, None);
    assert!(!rig.station.shell_on_top(), "back to the browser");
    let _ = rig.tick_at(10 * MIN + Duration::from_secs(40), Duration::ZERO);
    assert!(rig.station.in_session());
}

#[test]
fn idle_prompt_without_answer_ends_the_session() {
    let mut rig = Rig::started(SessionKind::DropIn);
    let _ = rig.cmd(PublicCommand::AskEnd);
    let _ = rig.tick_at(5 * MIN, 5 * MIN);
    assert!(
        !rig.session().confirm_end,
        "the prompt replaces the question"
    );
    let _ = rig.tick_at(5 * MIN + Duration::from_secs(59), 6 * MIN);
    assert!(rig.station.in_session());
    let effects = rig.tick_at(6 * MIN, 6 * MIN);
    assert_eq!(effects[0], Effect::ClearSession(EndReason::Idle));
}

#[test]
fn time_up_during_the_idle_prompt_is_time_up() {
    let mut rig = Rig::started(SessionKind::DropIn);
    let _ = rig.tick_at(44 * MIN + Duration::from_secs(30), 5 * MIN);
    let effects = rig.tick_at(45 * MIN, 5 * MIN);
    assert_eq!(effects[0], Effect::ClearSession(EndReason::TimeUp));
}

#[test]
fn shutdown_at_welcome_exits_at_once() {
    let mut rig = Rig::new();
    assert_eq!(rig.cmd(Command::Shutdown), vec![Effect::Exit]);
    assert_eq!(rig.station.state(), &State::Exited);
}

#[test]
fn shutdown_in_session_clears_then_exits() {
    let mut rig = Rig::started(SessionKind::DropIn);
    assert_eq!(
        rig.cmd(Command::Shutdown)[0],
        Effect::ClearSession(EndReason::Shutdown)
    );
    assert_eq!(rig.send(Event::SessionCleared(Ok(()))), vec![Effect::Exit]);
}

#[test]
fn shutdown_while_ending_exits_after_the_clear() {
    let mut rig = Rig::started(SessionKind::DropIn);
    let _ = rig.tick_at(45 * MIN, Duration::ZERO);
    assert!(rig.cmd(Command::Shutdown).is_empty());
    assert_eq!(
        rig.send(Event::SessionCleared(Err(problem()))),
        vec![Effect::Exit]
    );
}

#[test]
fn commands_out_of_place_are_ignored() {
    let mut rig = Rig::new();
    for command in [
        Command::Public(PublicCommand::ShowHome),
        Command::Public(PublicCommand::AskEnd),
        Command::Public(PublicCommand::ConfirmEnd),
        Command::Public(PublicCommand::StillHere),
        Command::Public(PublicCommand::DismissWarning),
        Command::Staff(StaffCommand::StaffEnd),
    ] {
        assert!(rig.cmd(command).is_empty());
        assert_eq!(rig.station.state(), &State::Welcome);
    }
    let mut rig = Rig::started(SessionKind::DropIn);
    assert!(rig.cmd(PublicCommand::Start).is_empty());
    assert!(rig.send(Event::SessionPrepared(Ok(()))).is_empty());
}

#[test]
fn ticks_fall_on_whole_seconds_of_the_countdown() {
    let mut rig = Rig::started(SessionKind::DropIn);
    let _ = rig.tick_at(Duration::from_millis(300), Duration::ZERO);
    assert_eq!(rig.session().secs_left(rig.now), 45 * 60);
    let next = rig.station.next_tick(rig.now).unwrap();
    assert_eq!(next - rig.t0, Duration::from_secs(1));
    let _ = rig.tick_at(Duration::from_secs(1), Duration::ZERO);
    assert_eq!(rig.session().secs_left(rig.now), 45 * 60 - 1);
    let next = rig.station.next_tick(rig.now).unwrap();
    assert_eq!(next - rig.t0, Duration::from_secs(2));
}

fn station_with(hours: OpeningHours) -> Station {
    Station::new(Rules { hours, ..rules() })
}

fn open_9_to_17() -> OpeningHours {
    let day = vec![crate::domain::hours::Span {
        open_min: 9 * 60,
        close_min: 17 * 60,
    }];
    OpeningHours::weekly(std::array::from_fn(|_| day.clone())).unwrap()
}

fn at(hour: u32, minute: u32) -> WallTime {
    WallTime {
        weekday: 0,
        secs_of_day: hour * 3600 + minute * 60,
    }
}

#[test]
fn assisted_sessions_need_an_unlocked_panel() {
    let mut rig = Rig::new();
    assert!(rig.cmd(StaffCommand::StartAssisted).is_empty());
    assert_eq!(rig.station.state(), &State::Welcome);
    rig.unlock(Role::Volunteer);
    assert_eq!(
        rig.cmd(StaffCommand::StartAssisted),
        vec![Effect::PrepareSession(SessionKind::Assisted)]
    );
    assert_eq!(
        rig.station.staff(),
        None,
        "the panel closes for the session"
    );
}

#[test]
fn a_wrong_pin_then_a_wait_refuses_until_it_is_over() {
    let mut rig = Rig::new();
    let _ = rig.cmd(StaffCommand::OpenStaff);
    let pin = PinEntry::new("111112");
    let _ = rig.send(Event::PinChecked(PinCheck::Wrong));
    assert_eq!(
        rig.station.staff(),
        Some(&StaffPanel::Pad {
            refusal: Some(PadRefusal::Wrong)
        })
    );
    let _ = rig.send(Event::PinChecked(PinCheck::Wait(Duration::from_secs(30))));
    assert!(
        rig.cmd(StaffCommand::SubmitPin(pin.clone())).is_empty(),
        "no check while waiting"
    );
    let snapshot = rig.station.snapshot(rig.now);
    assert!(matches!(
        snapshot.staff,
        Some(StaffScreen::Pad {
            wait_secs: Some(30),
            ..
        })
    ));
    assert!(
        rig.station.next_tick(rig.now).is_some(),
        "the countdown ticks"
    );
    let _ = rig.tick_at(Duration::from_secs(30), Duration::ZERO);
    assert_eq!(
        rig.cmd(StaffCommand::SubmitPin(pin.clone())),
        vec![Effect::CheckPin(pin)]
    );
}

#[test]
fn the_panel_locks_itself_when_nobody_touches_the_station() {
    let mut rig = Rig::new();
    rig.unlock(Role::Admin);
    assert!(rig.station.watches_idle());
    let _ = rig.tick_at(Duration::from_secs(10), STAFF_IDLE_LOCK);
    assert_eq!(rig.station.staff(), None);
    assert!(!rig.station.watches_idle());
}

#[test]
fn the_public_cannot_act_under_the_panel() {
    let mut rig = Rig::started(SessionKind::DropIn);
    let _ = rig.cmd(StaffCommand::OpenStaff);
    assert!(rig.open_site().is_empty());
    assert!(rig.station.shell_on_top());
    let _ = rig.cmd(StaffCommand::CloseStaff);
    assert_eq!(rig.open_site().len(), 1);
}

#[test]
fn extensions_add_the_step_up_to_the_maximum_and_warn_again() {
    let mut rig = Rig::started(SessionKind::DropIn);
    let _ = rig.tick_at(41 * MIN, Duration::ZERO);
    assert_eq!(rig.session().warning, Some(5 * MIN));
    rig.unlock(Role::Volunteer);
    assert_eq!(
        rig.station.extend_offer(rig.now),
        ExtendOffer::Available { minutes: 15 }
    );
    let _ = rig.cmd(StaffCommand::Extend);
    assert_eq!(rig.session().secs_left(rig.now), 19 * 60);
    assert_eq!(rig.session().warning, None);
    assert_eq!(
        rig.session().warnings_given,
        0,
        "the 5 and 1 minute warnings come again"
    );
    let _ = rig.cmd(StaffCommand::Extend);
    assert_eq!(rig.session().extensions, 2);
    assert_eq!(rig.station.extend_offer(rig.now), ExtendOffer::MaxReached);
    let _ = rig.cmd(StaffCommand::Extend);
    assert_eq!(rig.session().secs_left(rig.now), 34 * 60);
    let _ = rig.cmd(StaffCommand::CloseStaff);
    let _ = rig.cmd(PublicCommand::AskEnd);
    let _ = rig.cmd(PublicCommand::ConfirmEnd);
    let effects = rig.send(Event::FilesListed(Vec::new()));
    assert!(
        matches!(&effects[1], Effect::RecordSession(s) if s.extensions == 2),
        "{effects:?}"
    );
}

#[test]
fn staff_close_and_reopen_the_station_after_a_check() {
    let mut rig = Rig::new();
    rig.unlock(Role::Volunteer);
    let _ = rig.cmd(StaffCommand::CloseStation(Closure::Workshop));
    assert!(matches!(
        rig.station.state(),
        State::OutOfService(Problem {
            kind: ProblemKind::Closed(Closure::Workshop),
            ..
        })
    ));
    assert!(rig.cmd(PublicCommand::Start).is_empty());
    assert!(
        rig.cmd(StaffCommand::ReopenStation).is_empty(),
        "the panel closed"
    );
    rig.unlock(Role::Volunteer);
    assert_eq!(
        rig.cmd(StaffCommand::ReopenStation),
        vec![Effect::CheckStation]
    );
    let policy = Problem {
        kind: ProblemKind::PolicyMismatch,
        detail: "stale".into(),
    };
    let _ = rig.send(Event::StationChecked(Err(policy.clone())));
    assert_eq!(rig.station.state(), &State::OutOfService(policy));
    let _ = rig.cmd(StaffCommand::ReopenStation);
    let _ = rig.send(Event::StationChecked(Ok(())));
    assert_eq!(rig.station.state(), &State::Welcome);
}

#[test]
fn a_failed_wipe_is_not_reopened_without_wiping() {
    let mut rig = Rig::new();
    rig.station = Station::out_of_service(rules(), problem());
    rig.unlock(Role::Admin);
    assert!(rig.cmd(StaffCommand::ReopenStation).is_empty());
}

#[test]
fn only_an_admin_leaves_the_kiosk_or_changes_pins() {
    let mut rig = Rig::new();
    rig.unlock(Role::Volunteer);
    assert!(rig.cmd(StaffCommand::MaintenanceExit).is_empty());
    let pin = PinEntry::new("975312");
    let change = Command::Staff(StaffCommand::ChangePin {
        role: Role::Volunteer,
        pin: pin.clone(),
    });
    assert!(rig.cmd(change.clone()).is_empty());
    let _ = rig.cmd(StaffCommand::CloseStaff);
    rig.unlock(Role::Admin);
    assert_eq!(rig.cmd(change).len(), 1);
    let _ = rig.send(Event::PinsSaved(Ok(())));
    assert!(matches!(
        rig.station.staff(),
        Some(StaffPanel::Unlocked {
            notice: Some(StaffNotice::PinChanged(Role::Volunteer)),
            ..
        })
    ));
    assert_eq!(rig.cmd(StaffCommand::MaintenanceExit), vec![Effect::Exit]);
}

/// Settings and statistics go through the station like any command: only an admin's panel
/// turns them into effects, and the statistics go with the panel.
#[test]
fn only_an_admin_saves_settings_or_reads_the_statistics() {
    let edits = vec![ConfigEdit::Sites(vec!["www.caf.fr".into()])];
    let mut rig = Rig::new();
    assert!(
        rig.cmd(StaffCommand::SaveSettings(edits.clone()))
            .is_empty()
    );
    assert!(rig.cmd(StaffCommand::LoadReport).is_empty());
    rig.unlock(Role::Volunteer);
    assert!(
        rig.cmd(StaffCommand::SaveSettings(edits.clone()))
            .is_empty()
    );
    assert!(rig.cmd(StaffCommand::LoadReport).is_empty());
    let _ = rig.cmd(StaffCommand::CloseStaff);
    rig.unlock(Role::Admin);
    assert_eq!(
        rig.cmd(StaffCommand::SaveSettings(edits.clone())),
        vec![Effect::SaveSettings(edits)]
    );
    assert_eq!(rig.cmd(StaffCommand::LoadReport), vec![Effect::LoadReport]);
    let _ = rig.send(Event::ReportLoaded(None));
    let menu_report = |rig: &Rig| match rig.station.snapshot(rig.now).staff {
        Some(StaffScreen::Menu { report, .. }) => report,
        _ => None,
    };
    assert_eq!(menu_report(&rig), Some(None));
    let _ = rig.cmd(StaffCommand::CloseStaff);
    rig.unlock(Role::Admin);
    assert_eq!(
        menu_report(&rig),
        None,
        "the statistics went with the panel"
    );
}

#[test]
fn setup_comes_first_and_needs_every_missing_pin() {
    let need = SetupNeed {
        admin_set: true,
        volunteer_set: false,
    };
    let mut station = Station::new(rules()).with_setup(need);
    let now = Instant::now();
    assert!(matches!(station.state(), State::Setup { .. }));
    assert!(
        station
            .handle(Event::Command(Command::Public(PublicCommand::Start)), now)
            .is_empty()
    );
    let without_proof = Command::Staff(StaffCommand::SetupPins {
        admin: None,
        volunteer: Some(PinEntry::new("975312")),
        proof: None,
    });
    assert!(
        station
            .handle(Event::Command(without_proof), now)
            .is_empty()
    );
    let with_proof = Command::Staff(StaffCommand::SetupPins {
        admin: None,
        volunteer: Some(PinEntry::new("975312")),
        proof: Some(PinEntry::new("246813")),
    });
    assert_eq!(station.handle(Event::Command(with_proof), now).len(), 1);
    let _ = station.handle(Event::PinsSaved(Err(PinProblem::WrongProof)), now);
    assert!(matches!(
        station.state(),
        State::Setup {
            problem: Some(PinProblem::WrongProof),
            ..
        }
    ));
    let _ = station.handle(Event::PinsSaved(Ok(())), now);
    assert_eq!(station.state(), &State::Welcome);
}

#[test]
fn outside_opening_hours_the_station_is_closed_and_says_when_it_opens() {
    let mut station = station_with(open_9_to_17());
    station.observe_wall(at(8, 0), Instant::now());
    assert!(matches!(station.state(), State::Closed(Some(opens)) if opens.minute_of_day == 540));
    let now = Instant::now();
    assert!(
        station
            .handle(Event::Command(Command::Public(PublicCommand::Start)), now)
            .is_empty()
    );
    station.observe_wall(at(9, 0), Instant::now());
    assert_eq!(station.state(), &State::Welcome);
}

#[test]
fn a_session_started_ten_minutes_before_closing_is_shortened_and_warned() {
    let mut station = station_with(open_9_to_17());
    station.observe_wall(at(16, 50), Instant::now());
    let now = Instant::now();
    assert_eq!(station.snapshot(now).closing_minute, Some(17 * 60));
    let _ = station.handle(Event::Command(Command::Public(PublicCommand::Start)), now);
    let _ = station.handle(Event::SessionPrepared(Ok(())), now);
    let State::InSession(session) = station.state() else {
        panic!("no session");
    };
    assert_eq!(session.secs_left(now), 10 * 60);
    assert_eq!(session.closing_minute, Some(17 * 60));
    assert_eq!(
        session.warnings_given, 0,
        "the 5 and 1 minute warnings still come"
    );
    // No extension past closing.
    assert_eq!(station.extend_offer(now), ExtendOffer::Closing);
    // The warnings come at 5 and 1 minute before closing.
    let tick = |station: &mut Station, at: Duration| {
        station.handle(
            Event::Tick {
                idle: Duration::ZERO,
            },
            now + at,
        )
    };
    let _ = tick(&mut station, 5 * MIN);
    let State::InSession(session) = station.state() else {
        panic!("no session");
    };
    assert_eq!(session.warning, Some(5 * MIN));
    let _ = tick(&mut station, 9 * MIN);
    let State::InSession(session) = station.state() else {
        panic!("no session");
    };
    assert_eq!(session.warning, Some(MIN));
    // The session ends at closing time.
    let effects = station.handle(
        Event::Tick {
            idle: Duration::ZERO,
        },
        now + 10 * MIN,
    );
    assert_eq!(effects[0], Effect::ClearSession(EndReason::TimeUp));
}

#[test]
fn an_extension_stops_at_closing_time() {
    let mut station = station_with(open_9_to_17());
    station.observe_wall(at(16, 0), Instant::now());
    let now = Instant::now();
    let _ = station.handle(Event::Command(Command::Public(PublicCommand::Start)), now);
    let _ = station.handle(Event::SessionPrepared(Ok(())), now);
    // 45 minutes to 16:45; 15 more would be 17:00: allowed, then nothing more.
    assert_eq!(
        station.extend_offer(now),
        ExtendOffer::Available { minutes: 15 }
    );
    let _ = station.handle(Event::Command(Command::Staff(StaffCommand::OpenStaff)), now);
    let _ = station.handle(Event::PinChecked(PinCheck::Accepted(Role::Volunteer)), now);
    let _ = station.handle(Event::Command(Command::Staff(StaffCommand::Extend)), now);
    assert_eq!(station.extend_offer(now), ExtendOffer::Closing);
}

#[test]
fn a_stale_policy_after_a_save_never_hides_a_failed_wipe_or_a_closure() {
    for kind in [
        ProblemKind::ClearFailed,
        ProblemKind::Closed(Closure::Workshop),
    ] {
        let mut rig = Rig::new();
        rig.station = Station::out_of_service(
            rules(),
            Problem {
                kind,
                detail: String::new(),
            },
        );
        rig.unlock(Role::Admin);
        let _ = rig.send(Event::SettingsSaved(Box::new(Ok(SavedSettings {
            rules: rules(),
            policy: PolicyState::ToInstall("borne install-policies".into()),
        }))));
        assert!(
            matches!(rig.station.state(), State::OutOfService(p) if p.kind == kind),
            "{kind:?} kept"
        );
    }
    let mut rig = Rig::new();
    rig.unlock(Role::Admin);
    let _ = rig.send(Event::SettingsSaved(Box::new(Ok(SavedSettings {
        rules: rules(),
        policy: PolicyState::ToInstall("borne install-policies".into()),
    }))));
    assert!(matches!(
        rig.station.state(),
        State::OutOfService(Problem {
            kind: ProblemKind::PolicyMismatch,
            ..
        })
    ));
}

#[test]
fn an_assisted_session_in_the_last_minute_before_closing_keeps_the_panel() {
    let mut station = station_with(open_9_to_17());
    station.observe_wall(
        WallTime {
            weekday: 0,
            secs_of_day: 17 * 3600 - 30,
        },
        Instant::now(),
    );
    let now = Instant::now();
    let _ = station.handle(Event::Command(Command::Staff(StaffCommand::OpenStaff)), now);
    let _ = station.handle(Event::PinChecked(PinCheck::Accepted(Role::Volunteer)), now);
    assert!(
        station
            .handle(
                Event::Command(Command::Staff(StaffCommand::StartAssisted)),
                now
            )
            .is_empty()
    );
    assert_eq!(station.staff_role(), Some(Role::Volunteer));
}

#[test]
fn hours_changed_during_a_session_shorten_it_with_time_to_be_warned() {
    let mut rig = Rig::started(SessionKind::DropIn);
    rig.unlock(Role::Admin);
    let _ = rig.send(Event::SettingsSaved(Box::new(Ok(SavedSettings {
        rules: Rules {
            hours: open_9_to_17(),
            ..rules()
        },
        policy: PolicyState::Matches,
    }))));
    // 16:58: closing in 2 minutes; the session keeps 5 so that the warnings come.
    rig.station.observe_wall(
        WallTime {
            weekday: 0,
            secs_of_day: 16 * 3600 + 58 * 60,
        },
        rig.now,
    );
    assert_eq!(rig.session().secs_left(rig.now), 5 * 60);
    assert_eq!(rig.station.extend_offer(rig.now), ExtendOffer::Closing);
}

#[test]
fn a_pin_never_shows_in_debug_output() {
    let command = Command::Staff(StaffCommand::SubmitPin(PinEntry::new("246813")));
    assert!(!format!("{command:?}").contains("246813"));
}

mod more_tests {
    use super::*;

    fn stale_policy() -> Problem {
        Problem {
            kind: ProblemKind::PolicyMismatch,
            detail: "stale".into(),
        }
    }

    fn rules() -> Rules {
        Rules {
            warn_at_left: vec![Duration::from_secs(300)],
            ..super::rules()
        }
    }

    #[test]
    fn the_summary_counts_shortcuts_and_duration_and_nothing_else() {
        let t0 = Instant::now();
        let mut station = Station::new(rules());
        let _ = station.handle(Event::Command(Command::Public(PublicCommand::Start)), t0);
        let _ = station.handle(Event::SessionPrepared(Ok(())), t0);
        for id in ["ft", "cv", "ft"] {
            let open = Command::Public(PublicCommand::OpenSite {
                shortcut_id: id.into(),
                url: format!("https://{id}.fr/"),
            });
            let _ = station.handle(Event::Command(open), t0);
        }
        let _ = station.handle(Event::Command(Command::Public(PublicCommand::AskEnd)), t0);
        let _ = station.handle(
            Event::Command(Command::Public(PublicCommand::ConfirmEnd)),
            t0,
        );
        let effects = station.handle(
            Event::FilesListed(Vec::new()),
            t0 + Duration::from_secs(600),
        );
        assert_eq!(
            effects[1],
            Effect::RecordSession(SessionSummary {
                kind: SessionKind::DropIn,
                end_reason: EndReason::User,
                language: Language::Fr,
                duration: Duration::from_secs(600),
                shortcuts: vec![("ft".into(), 2), ("cv".into(), 1)],
                purpose: None,
                found: None,
                extensions: 0,
                pages_printed: 0,
            })
        );
    }

    #[test]
    fn a_failed_wipe_can_be_retried_and_success_reopens_the_station() {
        let t0 = Instant::now();
        let problem = Problem {
            kind: ProblemKind::ClearFailed,
            detail: "1 process survived".into(),
        };
        let mut station = Station::out_of_service(rules(), problem.clone());
        let effects = station.handle(
            Event::Command(Command::Public(PublicCommand::RetryClear)),
            t0,
        );
        assert_eq!(effects, vec![Effect::ClearSession(EndReason::Staff)]);
        let _ = station.handle(Event::SessionCleared(Err(problem)), t0);
        assert!(matches!(station.state(), State::OutOfService(_)));
        let _ = station.handle(
            Event::Command(Command::Public(PublicCommand::RetryClear)),
            t0,
        );
        let _ = station.handle(Event::SessionCleared(Ok(())), t0);
        assert!(matches!(station.state(), State::Goodbye { .. }));
        // A policy problem is not fixed by wiping.
        let policy = stale_policy();
        let mut station = Station::out_of_service(rules(), policy);
        assert!(
            station
                .handle(
                    Event::Command(Command::Public(PublicCommand::RetryClear)),
                    t0
                )
                .is_empty()
        );
    }

    #[test]
    fn a_stale_policy_is_looked_at_again_and_the_station_reopens_by_itself() {
        let t0 = Instant::now();
        let policy = stale_policy();
        let mut station = Station::out_of_service(rules(), policy.clone());
        assert_eq!(station.next_tick(t0), Some(t0));
        let tick = |station: &mut Station, at: Duration| {
            station.handle(
                Event::Tick {
                    idle: Duration::ZERO,
                },
                t0 + at,
            )
        };
        assert_eq!(
            tick(&mut station, Duration::ZERO),
            vec![Effect::RecheckStation]
        );
        // Not again before the interval.
        assert!(tick(&mut station, Duration::from_secs(1)).is_empty());
        assert_eq!(
            station.next_tick(t0 + Duration::from_secs(1)),
            Some(t0 + RECHECK_EVERY)
        );
        // Still stale: the screen stays, and so does a staff panel that is open.
        let _ = station.handle(Event::Command(Command::Staff(StaffCommand::OpenStaff)), t0);
        assert!(
            station
                .handle(Event::StationRechecked(Err(policy)), t0)
                .is_empty()
        );
        assert!(matches!(station.state(), State::OutOfService(_)));
        assert!(station.staff.is_some());
        assert_eq!(
            tick(&mut station, RECHECK_EVERY),
            vec![Effect::RecheckStation]
        );
        // The root service reinstalled the policies: open to the public, no one at the screen.
        assert!(
            station
                .handle(Event::StationRechecked(Ok(())), t0)
                .is_empty()
        );
        assert_eq!(station.state(), &State::Welcome);
        assert_eq!(station.next_tick(t0), None);
    }

    #[test]
    fn a_fixed_config_or_an_installed_browser_restarts_the_kiosk_and_a_closure_is_never_rechecked()
    {
        let t0 = Instant::now();
        for kind in [ProblemKind::ConfigInvalid, ProblemKind::NoBrowser] {
            let problem = Problem {
                kind,
                detail: "browser.program: line 3".into(),
            };
            let mut station = Station::out_of_service(rules(), problem);
            let tick = Event::Tick {
                idle: Duration::ZERO,
            };
            assert_eq!(station.handle(tick, t0), vec![Effect::RecheckStation]);
            assert_eq!(
                station.handle(Event::StationRechecked(Ok(())), t0),
                vec![Effect::Exit]
            );
        }
        for kind in [
            ProblemKind::ClearFailed,
            ProblemKind::Closed(Closure::Maintenance),
        ] {
            let problem = Problem {
                kind,
                detail: String::new(),
            };
            let mut station = Station::out_of_service(rules(), problem);
            let tick = Event::Tick {
                idle: Duration::ZERO,
            };
            assert!(station.handle(tick, t0).is_empty());
            assert!(
                station
                    .handle(Event::StationRechecked(Ok(())), t0)
                    .is_empty()
            );
            assert!(matches!(station.state(), State::OutOfService(_)));
        }
    }

    #[test]
    fn the_optional_questions_are_asked_once_and_answers_go_to_the_summary() {
        let t0 = Instant::now();
        let mut rules = rules();
        rules.ask_purpose = true;
        rules.ask_found = true;
        let mut station = Station::new(rules);
        let _ = station.handle(Event::Command(Command::Public(PublicCommand::Start)), t0);
        let _ = station.handle(Event::SessionPrepared(Ok(())), t0);
        let question = |s: &Station| match s.state() {
            State::InSession(session) => session.question,
            _ => None,
        };
        assert_eq!(question(&station), Some(Question::Purpose));
        assert!(station.shell_on_top());
        // The shortcuts wait for the answer.
        let open = Command::Public(PublicCommand::OpenSite {
            shortcut_id: "ft".into(),
            url: "https://ft.fr/".into(),
        });
        assert!(station.handle(Event::Command(open), t0).is_empty());
        let _ = station.handle(
            Event::Command(Command::Public(PublicCommand::AnswerPurpose(Some(
                Purpose::Emploi,
            )))),
            t0,
        );
        assert_eq!(question(&station), None);
        let _ = station.handle(Event::Command(Command::Public(PublicCommand::AskEnd)), t0);
        assert!(
            station
                .handle(
                    Event::Command(Command::Public(PublicCommand::ConfirmEnd)),
                    t0
                )
                .is_empty()
        );
        assert_eq!(question(&station), Some(Question::Found));
        let effects = station.handle(
            Event::Command(Command::Public(PublicCommand::AnswerFound(None))),
            t0,
        );
        assert_eq!(effects, vec![Effect::ListFiles]);
        let effects = station.handle(Event::FilesListed(Vec::new()), t0);
        let Effect::RecordSession(summary) = &effects[1] else {
            panic!("{effects:?}")
        };
        assert_eq!(
            (summary.purpose, summary.found),
            (Some(Purpose::Emploi), None)
        );
    }

    #[test]
    fn a_copy_goes_through_progress_to_done_and_blocks_a_second_copy() {
        let t0 = Instant::now();
        let mut station = Station::new(rules());
        let _ = station.handle(Event::Command(Command::Public(PublicCommand::Start)), t0);
        let _ = station.handle(Event::SessionPrepared(Ok(())), t0);
        let _ = station.handle(Event::Command(Command::Public(PublicCommand::AskEnd)), t0);
        let _ = station.handle(
            Event::Command(Command::Public(PublicCommand::ConfirmEnd)),
            t0,
        );
        let file = FileSummary {
            name: "cv.pdf".into(),
            size_bytes: 1000,
            kind: FileKind::Pdf,
        };
        assert!(
            station
                .handle(Event::FilesListed(vec![file]), t0)
                .is_empty()
        );
        assert!(station.wants_drives());
        let copy = Command::Public(PublicCommand::CopyToDrive("/media/key".into()));
        assert_eq!(
            station.handle(Event::Command(copy.clone()), t0),
            vec![Effect::CopyFiles("/media/key".into())]
        );
        assert!(
            station.handle(Event::Command(copy), t0).is_empty(),
            "one copy at a time"
        );
        let _ = station.handle(Event::CopyFinished(Ok(1)), t0);
        let Screen::Session(session) = station.snapshot(t0).screen else {
            panic!()
        };
        let Some(OverlayScreen::Saving(saving)) = session.overlay else {
            panic!("the save screen is in front: {:?}", session.overlay)
        };
        assert_eq!(saving.copy, CopyState::Done { files: 1 });
        let effects = station.handle(
            Event::Command(Command::Public(PublicCommand::EraseAndEnd)),
            t0,
        );
        assert_eq!(effects[0], Effect::ClearSession(EndReason::User));
    }
}

/// Someone who chose English and a larger text on the welcome screen, then walked away
/// without starting: after two minutes without any input, the next person finds the defaults.
#[test]
fn choices_on_the_welcome_screen_are_forgotten_when_the_person_walks_away() {
    let mut rig = Rig::new();
    assert_eq!(rig.station.next_tick(rig.now), None, "nothing to watch yet");
    let _ = rig.cmd(PublicCommand::SetLanguage(Language::En));
    let _ = rig.cmd(PublicCommand::ShowAssist(true));
    let _ = rig.cmd(PublicCommand::SetHighContrast(true));
    let _ = rig.cmd(PublicCommand::SetTextSize(TextSize::Largest));
    assert!(
        rig.station.next_tick(rig.now).is_some(),
        "the choices are looked at"
    );
    assert!(
        rig.station.watches_idle(),
        "the supervisor measures idle time for them"
    );
    // Someone still there, reading: nothing changes.
    let _ = rig.tick_at(MIN, MIN);
    let _ = rig.tick_at(3 * MIN, Duration::from_secs(30));
    assert_eq!(rig.station.language(), Language::En);
    assert!(rig.station.assist().high_contrast);
    // Two minutes without a touch.
    let _ = rig.tick_at(5 * MIN, FORGET_CHOICES_AFTER);
    assert_eq!(rig.station.language(), Language::Fr);
    assert_eq!(rig.station.assist(), Assist::default());
    assert_eq!(rig.station.state(), &State::Welcome);
    assert_eq!(
        rig.station.next_tick(rig.now),
        None,
        "the welcome screen costs nothing again"
    );
}

/// The kiosk stops while a volunteer has the staff panel open over a session: the session ends
/// the normal way (wiped) before the program exits, as without the panel.
#[test]
fn a_shutdown_with_the_staff_panel_open_ends_the_session_first() {
    let mut rig = Rig::started(SessionKind::DropIn);
    rig.unlock(Role::Volunteer);
    let effects = rig.cmd(Command::Shutdown);
    assert!(effects.contains(&Effect::ClearSession(EndReason::Shutdown)));
    assert!(!effects.contains(&Effect::Exit), "not before the wipe");
    assert_eq!(
        rig.send(Event::SessionCleared(Ok(()))).last(),
        Some(&Effect::Exit)
    );
}

/// An admin leaves for maintenance during a session: the panel closes, the session ends the
/// normal way, then the kiosk exits with the maintenance flag; a volunteer cannot.
#[test]
fn maintenance_during_a_session_ends_it_first_and_only_for_an_admin() {
    let mut rig = Rig::started(SessionKind::DropIn);
    rig.unlock(Role::Volunteer);
    assert!(rig.cmd(StaffCommand::MaintenanceExit).is_empty());
    assert!(rig.station.in_session());
    let _ = rig.cmd(StaffCommand::CloseStaff);
    rig.unlock(Role::Admin);
    let effects = rig.cmd(StaffCommand::MaintenanceExit);
    assert!(effects.contains(&Effect::ClearSession(EndReason::Shutdown)));
    assert!(rig.station.staff().is_none(), "the panel is closed");
    assert_eq!(
        rig.send(Event::SessionCleared(Ok(()))).last(),
        Some(&Effect::Exit)
    );
    assert!(rig.station.snapshot(rig.now).maintenance);
}

mod antenna {
    use super::*;
    use crate::domain::{AntennaAnswer, AntennaCommand, AntennaRefusal, SessionRef};

    fn reference(rig: &Rig) -> SessionRef {
        rig.session().reference
    }

    #[test]
    fn the_console_extends_the_session_it_names_within_the_rules() {
        let mut rig = Rig::started(SessionKind::DropIn);
        let named = reference(&rig);
        assert_eq!(
            rig.cmd(Command::Antenna(AntennaCommand::Extend(SessionRef(
                named.0 ^ 1
            )))),
            vec![Effect::AnswerAntenna(AntennaAnswer::Refused(
                AntennaRefusal::OtherSession
            ))]
        );
        assert_eq!(rig.session().extensions, 0);
        for expected in [60 * 60, 75 * 60] {
            assert_eq!(
                rig.cmd(Command::Antenna(AntennaCommand::Extend(named))),
                vec![Effect::AnswerAntenna(AntennaAnswer::Extended {
                    secs_left: expected
                })]
            );
        }
        assert_eq!(rig.session().extensions, 2);
        assert_eq!(rig.session().secs_left(rig.now), 75 * 60);
        assert_eq!(
            rig.cmd(Command::Antenna(AntennaCommand::Extend(named))),
            vec![Effect::AnswerAntenna(AntennaAnswer::Refused(
                AntennaRefusal::MaxExtensions
            ))]
        );
    }

    #[test]
    fn an_extension_from_afar_leaves_the_idle_prompt_and_counts_as_staff_end() {
        let mut rig = Rig::started(SessionKind::DropIn);
        let named = reference(&rig);
        let _ = rig.tick_at(6 * MIN, 6 * MIN);
        assert!(
            rig.session().idle_answer_by.is_some(),
            "the idle prompt is shown"
        );
        let _ = rig.cmd(Command::Antenna(AntennaCommand::Extend(named)));
        assert_eq!(rig.session().extensions, 1);
        assert!(
            rig.session().idle_answer_by.is_some(),
            "nobody at the console knows whether the person is there"
        );
        let _ = rig.cmd(Command::Antenna(AntennaCommand::End(named)));
        let effects = rig.send(Event::FilesListed(Vec::new()));
        let summary = effects.iter().find_map(|effect| match effect {
            Effect::RecordSession(summary) => Some(summary.end_reason),
            _ => None,
        });
        assert_eq!(summary, Some(EndReason::Staff));
    }

    #[test]
    fn an_end_from_afar_is_the_usual_end_and_never_reaches_the_next_session() {
        let mut rig = Rig::started(SessionKind::DropIn);
        let first = reference(&rig);
        let effects = rig.cmd(Command::Antenna(AntennaCommand::End(first)));
        assert_eq!(
            effects,
            vec![
                Effect::AnswerAntenna(AntennaAnswer::Ending),
                Effect::ListFiles
            ]
        );
        // The person has files: they get the save screen, as after "Oui, terminer".
        let _ = rig.send(Event::FilesListed(vec![FileSummary {
            name: "cv.pdf".into(),
            size_bytes: 10,
            kind: FileKind::Document,
        }]));
        assert!(rig.session().saving.is_some());
        // The console asks again: the end is under way, nothing more happens.
        assert_eq!(
            rig.cmd(Command::Antenna(AntennaCommand::End(first))),
            vec![Effect::AnswerAntenna(AntennaAnswer::Ending)]
        );
        let _ = rig.cmd(PublicCommand::EraseAndEnd);
        let _ = rig.send(Event::SessionCleared(Ok(())));
        let _ = rig.tick_at(Duration::from_secs(10), Duration::ZERO);
        let _ = rig.cmd(PublicCommand::Start);
        let _ = rig.send(Event::SessionPrepared(Ok(())));
        let next = reference(&rig);
        assert_ne!(next, first);
        assert_eq!(
            rig.cmd(Command::Antenna(AntennaCommand::End(first))),
            vec![Effect::AnswerAntenna(AntennaAnswer::Refused(
                AntennaRefusal::OtherSession
            ))]
        );
        assert!(rig.station.in_session());
        assert!(!rig.session().confirm_end && rig.session().saving.is_none());
    }

    #[test]
    fn the_console_closes_a_free_station_only_and_reopens_it_after_the_check() {
        let mut rig = Rig::started(SessionKind::DropIn);
        assert_eq!(
            rig.cmd(Command::Antenna(AntennaCommand::Close(Closure::Workshop))),
            vec![Effect::AnswerAntenna(AntennaAnswer::Refused(
                AntennaRefusal::Busy
            ))]
        );
        assert!(rig.station.in_session());
        let mut rig = Rig::new();
        assert_eq!(
            rig.cmd(Command::Antenna(AntennaCommand::Reopen)),
            vec![Effect::AnswerAntenna(AntennaAnswer::AlreadyOpen)]
        );
        assert_eq!(
            rig.cmd(Command::Antenna(AntennaCommand::Close(Closure::Workshop))),
            vec![Effect::AnswerAntenna(AntennaAnswer::Closed)]
        );
        assert!(matches!(
            rig.station.state(),
            State::OutOfService(Problem {
                kind: ProblemKind::Closed(Closure::Workshop),
                ..
            })
        ));
        assert_eq!(
            rig.cmd(Command::Antenna(AntennaCommand::Reopen)),
            vec![
                Effect::AnswerAntenna(AntennaAnswer::Reopening),
                Effect::CheckStation
            ]
        );
        let _ = rig.send(Event::StationChecked(Ok(())));
        assert_eq!(rig.station.state(), &State::Welcome);
    }

    #[test]
    fn a_failed_wipe_is_never_reopened_from_afar() {
        let mut rig = Rig::new();
        rig.station = Station::out_of_service(rules(), problem());
        assert_eq!(
            rig.cmd(Command::Antenna(AntennaCommand::Reopen)),
            vec![Effect::AnswerAntenna(AntennaAnswer::Refused(
                AntennaRefusal::ClearFailed
            ))]
        );
        assert_eq!(
            rig.cmd(Command::Antenna(AntennaCommand::Close(
                Closure::Maintenance
            ))),
            vec![Effect::AnswerAntenna(AntennaAnswer::Refused(
                AntennaRefusal::OutOfService
            ))]
        );
        assert!(
            matches!(rig.station.state(), State::OutOfService(p) if p.kind == ProblemKind::ClearFailed)
        );
    }
}
