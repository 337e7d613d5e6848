//! Test helpers shared by the integration tests: a fake clock, fake services and a kittest
//! harness that drives the real app with a real supervisor thread.

#![allow(dead_code, reason = "each test binary uses a part of the helpers")]
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic with its message is how a test reports failure"
)]

pub mod cups;
pub mod postgres;
pub mod scratch;
pub mod site;
pub mod station;
pub mod xvfb;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use borne::config::edit::ConfigEdit;
use borne::config::{self, Config};
use borne::domain::{
    CopyFailure, DriveSummary, FileSummary, Language, PinCheck, PinEntry, PinProblem, PolicyState,
    PrintStatus, Problem, ProblemKind, SessionKind, SessionSummary, SettingsProblem, SetupNeed,
    Snapshot,
};
use borne::services::guest::GuestMode;
use borne::services::policy::Policies;
use borne::services::settings_store::SettingsStore;
use borne::services::staff_store::StaffStore;
use borne::services::station_services::ServiceSettings;
use borne::services::usage_log::Report;
use borne::supervisor::{
    self, Browser, Clock, Desktop, PersonFiles, Printing, Services, SessionPlace, Speech,
    StaffPins, StationChecks, SupervisorHandle, UsageRecords,
};
use borne::ui::app::BorneApp;
use chrono::{DateTime, Local, TimeZone as _, Utc};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

/// A clock that moves only when the test says so: the monotonic instant and the wall clock
/// move together.
#[derive(Clone)]
pub struct FakeClock(Arc<Mutex<(Instant, DateTime<Local>)>>);

/// Monday 23 November 2026, 10:00 local time: inside any usual opening hours.
pub fn monday_at(hour: u32, minute: u32) -> DateTime<Local> {
    Local
        .with_ymd_and_hms(2026, 11, 23, hour, minute, 0)
        .single()
        .unwrap()
}

impl FakeClock {
    pub fn new() -> Self {
        Self::at(monday_at(10, 0))
    }

    pub fn at(wall: DateTime<Local>) -> Self {
        Self(Arc::new(Mutex::new((Instant::now(), wall))))
    }

    pub fn advance(&self, by: Duration) {
        let mut clock = self.0.lock().unwrap();
        clock.0 += by;
        clock.1 += chrono::Duration::from_std(by).unwrap();
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Instant {
        self.0.lock().unwrap().0
    }

    fn wall(&self) -> DateTime<Local> {
        self.0.lock().unwrap().1
    }
}

/// A call the station made to its services.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Call {
    Prepare,
    Open(String, Language),
    Clear,
    Arrange { shell_on_top: bool },
    Copy(String),
    Record(SessionSummary),
    OutOfService(ProblemKind),
    BackInService,
    StopPrinting,
    Speak(String, Language),
    Restyle(Language, borne::domain::Assist),
}

/// What the fake services saw, and what they will answer.
#[derive(Default)]
pub struct FakeWorld {
    pub calls: Vec<Call>,
    pub idle: Duration,
    pub space_full: bool,
    /// The session's browser closed by itself (a crash, Ctrl+W on the last tab).
    pub browser_gone: bool,
    pub browser_fails: bool,
    pub clear_fails: bool,
    pub files: Vec<FileSummary>,
    pub drives: Vec<DriveSummary>,
    pub copy_result: Option<Result<u32, CopyFailure>>,
    /// The real PIN store on a real file, when the test has one.
    pub staff: Option<StaffStore>,
    /// What checking the station before it reopens answers.
    pub station_problem: Option<Problem>,
    /// The config file the admin edits, when the test has one.
    pub settings: Option<SettingsStore>,
    /// After a save, the browser policy no longer matches and this command must be run by root.
    pub policy_command: Option<String>,
    /// How many times the statistics were asked for.
    pub reports_asked: u32,
    /// What the session printed, as CUPS would say; `None`: no CUPS.
    pub prints: Option<PrintStatus>,
}

/// Services that record calls instead of touching the machine.
#[derive(Clone, Default)]
pub struct FakeServices(pub Arc<Mutex<FakeWorld>>);

impl Services for FakeServices {}

impl SessionPlace for FakeServices {
    fn prepare_session(&mut self, _kind: SessionKind, _longest: Duration) -> Result<(), Problem> {
        self.0.lock().unwrap().calls.push(Call::Prepare);
        Ok(())
    }

    fn clear_session(&mut self) -> Result<(), Problem> {
        let mut world = self.0.lock().unwrap();
        world.calls.push(Call::Clear);
        if world.clear_fails {
            return Err(Problem {
                kind: ProblemKind::ClearFailed,
                detail: "1 process survived".into(),
            });
        }
        Ok(())
    }

    fn session_space_full(&mut self) -> bool {
        self.0.lock().unwrap().space_full
    }

    fn keep_session_noted(&mut self) {}
}

impl Browser for FakeServices {
    fn open_site(
        &mut self,
        url: &str,
        language: Language,
        _assist: borne::domain::Assist,
    ) -> Result<(), Problem> {
        let mut world = self.0.lock().unwrap();
        world.calls.push(Call::Open(url.to_owned(), language));
        if world.browser_fails {
            return Err(Problem {
                kind: ProblemKind::BrowserFailed,
                detail: "fake browser failure".into(),
            });
        }
        Ok(())
    }

    fn restyle_browser(
        &mut self,
        language: Language,
        assist: borne::domain::Assist,
    ) -> Result<bool, Problem> {
        let mut world = self.0.lock().unwrap();
        world.calls.push(Call::Restyle(language, assist));
        Ok(true)
    }

    fn browser_running(&mut self) -> bool {
        !self.0.lock().unwrap().browser_gone
    }
}

impl Desktop for FakeServices {
    fn idle(&mut self) -> Duration {
        self.0.lock().unwrap().idle
    }

    fn arrange_windows(&mut self, shell_on_top: bool, _text_size: borne::domain::TextSize) {
        let mut world = self.0.lock().unwrap();
        // Record changes only: the supervisor repeats `false` every tick to place new windows.
        if world.calls.last() != Some(&Call::Arrange { shell_on_top }) {
            world.calls.push(Call::Arrange { shell_on_top });
        }
    }
}

impl PersonFiles for FakeServices {
    fn list_files(&mut self) -> Vec<FileSummary> {
        self.0.lock().unwrap().files.clone()
    }

    fn drives(&mut self) -> Vec<DriveSummary> {
        self.0.lock().unwrap().drives.clone()
    }

    fn copy_files(
        &mut self,
        mount_point: &str,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<u32, CopyFailure> {
        let (total, result) = {
            let mut world = self.0.lock().unwrap();
            world.calls.push(Call::Copy(mount_point.to_owned()));
            let total: u64 = world.files.iter().map(|f| f.size_bytes).sum();
            (total, world.copy_result.unwrap_or(Ok(0)))
        };
        progress(total / 2, total);
        progress(total, total);
        result
    }
}

impl UsageRecords for FakeServices {
    fn record_session(&mut self, summary: &SessionSummary) {
        self.0
            .lock()
            .unwrap()
            .calls
            .push(Call::Record(summary.clone()));
    }

    fn record_out_of_service(&mut self, kind: ProblemKind) {
        self.0.lock().unwrap().calls.push(Call::OutOfService(kind));
    }

    fn record_back_in_service(&mut self) {
        self.0.lock().unwrap().calls.push(Call::BackInService);
    }

    fn usage_report(&mut self) -> Option<Report> {
        self.0.lock().unwrap().reports_asked += 1;
        None
    }
}

impl StaffPins for FakeServices {
    fn check_pin(&mut self, pin: &PinEntry, wall: DateTime<Utc>) -> PinCheck {
        let mut world = self.0.lock().unwrap();
        world
            .staff
            .as_mut()
            .map_or(PinCheck::Unavailable, |staff| staff.check_pin(pin, wall))
    }

    fn save_pins(
        &mut self,
        admin: Option<&PinEntry>,
        volunteer: Option<&PinEntry>,
        proof: Option<&PinEntry>,
        wall: DateTime<Utc>,
    ) -> Result<(), PinProblem> {
        let mut world = self.0.lock().unwrap();
        let staff = world
            .staff
            .as_mut()
            .expect("a test that saves PINs has a store");
        staff.save_pins(admin, volunteer, proof, wall)
    }
}

impl StationChecks for FakeServices {
    fn check_station(&mut self) -> Result<(), Problem> {
        match self.0.lock().unwrap().station_problem.clone() {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    }

    /// Like a station: stale while the policy waits for root (`policy_command`).
    fn recheck_station(&mut self) -> Result<(), Problem> {
        if let Some(command) = self.0.lock().unwrap().policy_command.clone() {
            return Err(Problem {
                kind: ProblemKind::PolicyMismatch,
                detail: command,
            });
        }
        self.check_station()
    }

    fn save_settings(
        &mut self,
        edits: &[ConfigEdit],
    ) -> Result<(Config, PolicyState), SettingsProblem> {
        let mut world = self.0.lock().unwrap();
        let policy = world
            .policy_command
            .clone()
            .map_or(PolicyState::Matches, PolicyState::ToInstall);
        let store = world
            .settings
            .as_mut()
            .expect("a test that saves settings has a store");
        store.save(edits).map(|config| (config, policy))
    }
}

impl Printing for FakeServices {
    fn print_status(&mut self) -> Option<PrintStatus> {
        self.0.lock().unwrap().prints
    }

    fn stop_printing(&mut self) {
        let mut world = self.0.lock().unwrap();
        world.calls.push(Call::StopPrinting);
        // Like CUPS: the unfinished jobs are gone.
        if let Some(prints) = &mut world.prints {
            prints.unfinished = 0;
            prints.newest_unfinished = None;
        }
    }
}

impl Speech for FakeServices {
    fn speak(&mut self, text: &str, language: Language) {
        let mut world = self.0.lock().unwrap();
        world.calls.push(Call::Speak(text.to_owned(), language));
    }
}

/// Real services with no browser and no X server, their session directories under `root` and
/// the policies (if any) checked under it too: for wiping, recovery and settings.
pub fn browserless_settings(root: &std::path::Path, policies: Option<Policies>) -> ServiceSettings {
    ServiceSettings {
        browser: None,
        guest: GuestMode::SameUser,
        session_root: root.join("sessions"),
        bar_height_px: 84,
        stop_grace: Duration::from_secs(1),
        policies,
        policy_root: root.to_path_buf(),
        broken_config: None,
        browser_choice: borne::config::BrowserChoice::Auto,
        open_notes: None,
        sandbox: false,
        usb_keys: borne::services::sandbox::KeyAccess::ReadWrite,
    }
}

/// The default config with the optional questions switched on.
pub fn config_with_questions(session: &str) -> Config {
    let mut config = config_with_session(session);
    config.stats.ask_purpose = true;
    config.stats.ask_found = true;
    config
}

/// The default config with the given `[session]` lines replaced.
pub fn config_with_session(session: &str) -> Config {
    let text = config::DEFAULT_TEXT.replacen("[session]", &format!("[session]\n{session}"), 1);
    let text = remove_duplicate_session_keys(&text, session);
    config::parse(&text).unwrap()
}

fn remove_duplicate_session_keys(text: &str, session: &str) -> String {
    let keys: Vec<&str> = session
        .lines()
        .filter_map(|l| l.split('=').next())
        .map(str::trim)
        .collect();
    let mut seen = std::collections::HashSet::new();
    text.lines()
        .filter(|line| {
            let key = line.split('=').next().unwrap_or("").trim();
            !keys.contains(&key) || seen.insert(key.to_owned())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The kiosk app in a kittest harness, with a real supervisor thread on a fake clock and fake
/// services.
pub struct Kiosk {
    pub harness: Harness<'static, BorneApp>,
    pub clock: FakeClock,
    pub world: FakeServices,
    pub supervisor: SupervisorHandle,
}

impl Kiosk {
    pub fn new(config: Config) -> Self {
        Self::with_problem(config, None)
    }

    pub fn with_problem(config: Config, problem: Option<Problem>) -> Self {
        Self::build(config, problem, None, FakeClock::new())
    }

    /// A kiosk on a screen of `width` x `height` pixels (the others are 1280x800).
    pub fn with_screen(config: Config, problem: Option<Problem>, width: f32, height: f32) -> Self {
        Self::build_on(
            config,
            problem,
            None,
            FakeClock::new(),
            (egui::Vec2::new(width, height), true, true),
        )
    }

    /// A kiosk where F1 and the Windows key are not the kiosk's (a demonstration, or another
    /// program held them first). The other kiosks of the tests have them, as a station does.
    pub fn without_home_key(config: Config) -> Self {
        Self::build_on(
            config,
            None,
            None,
            FakeClock::new(),
            (egui::Vec2::new(1280.0, 800.0), true, false),
        )
    }

    /// A kiosk on a station where the on-screen keyboard cannot be started (not installed, or
    /// no sandbox).
    pub fn without_keyboard(config: Config) -> Self {
        Self::build_on(
            config,
            None,
            None,
            FakeClock::new(),
            (egui::Vec2::new(1280.0, 800.0), false, true),
        )
    }

    /// A kiosk whose PINs are in the secrets file at `secrets` (set or not), on `clock`.
    pub fn with_secrets(config: Config, secrets: PathBuf, clock: FakeClock) -> Self {
        Self::build(config, None, Some(secrets), clock)
    }

    fn build(
        config: Config,
        problem: Option<Problem>,
        secrets: Option<PathBuf>,
        clock: FakeClock,
    ) -> Self {
        Self::build_on(
            config,
            problem,
            secrets,
            clock,
            (egui::Vec2::new(1280.0, 800.0), true, true),
        )
    }

    fn build_on(
        config: Config,
        problem: Option<Problem>,
        secrets: Option<PathBuf>,
        clock: FakeClock,
        (screen, keyboard_offered, home_key): (egui::Vec2, bool, bool),
    ) -> Self {
        let world = FakeServices::default();
        let pins = match secrets {
            Some(path) => {
                let store = StaffStore::open(path);
                let need = store.setup_need();
                world.0.lock().unwrap().staff = Some(store);
                need
            }
            None => SetupNeed {
                admin_set: true,
                volunteer_set: true,
            },
        };
        let (clock2, world2) = (clock.clone(), world.clone());
        let mut handle = None;
        let harness = Harness::builder()
            .with_size(screen)
            // The supervisor wakes the window from its own thread: a step or two more than a
            // purely synchronous app may pass before the frame settles.
            .with_max_steps(12)
            .build_eframe(|cc| {
                let ctx = cc.egui_ctx.clone();
                let (supervisor, _thread) = supervisor::spawn(
                    config,
                    problem,
                    pins,
                    Box::new(world2),
                    Box::new(clock2),
                    Box::new(move || ctx.request_repaint()),
                )
                .unwrap();
                handle = Some(supervisor.clone());
                BorneApp::new(&cc.egui_ctx, supervisor, false)
                    .with_keyboard_offered(keyboard_offered)
                    .with_home_key(home_key)
            });
        let mut kiosk = Self {
            harness,
            clock,
            world,
            supervisor: handle.unwrap(),
        };
        kiosk.settle();
        kiosk
    }

    /// Lets the screen send its commands, the supervisor handle them, and the screen redraw.
    pub fn settle(&mut self) {
        self.harness.run();
        self.supervisor.sync();
        self.harness.run();
    }

    /// Clicks the widget labelled `label`, scrolled into view first (admin pages scroll).
    pub fn click(&mut self, label: &str) {
        self.harness.get_by_label(label).scroll_to_me();
        self.harness.run();
        self.harness.get_by_label(label).click();
        self.settle();
    }

    /// Moves the clock by `by` with `idle` of system-wide idle time, and lets the station tick.
    pub fn advance(&mut self, by: Duration, idle: Duration) {
        self.world.0.lock().unwrap().idle = idle;
        self.clock.advance(by);
        self.supervisor.tick();
        self.settle();
    }

    pub fn snapshot(&self) -> Snapshot {
        self.supervisor.snapshot()
    }

    pub fn calls(&self) -> Vec<Call> {
        self.world.0.lock().unwrap().calls.clone()
    }

    pub fn shows(&self, text: &str) -> bool {
        self.harness.query_by_label(text).is_some()
    }

    pub fn shows_containing(&self, text: &str) -> bool {
        self.harness.query_by_label_contains(text).is_some()
    }

    /// Types `text` into the text field labelled `label`.
    pub fn fill(&mut self, label: &str, text: &str) {
        self.harness.get_by_label(label).scroll_to_me();
        self.harness.run();
        self.harness.get_by_label(label).focus();
        self.harness.run();
        self.harness.get_by_label(label).type_text(text);
        self.harness.run();
    }

    /// Replaces the text of the field labelled `label` with `text`.
    pub fn replace(&mut self, label: &str, text: &str) {
        self.harness.get_by_label(label).focus();
        self.harness.run();
        self.harness
            .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        self.harness.run();
        self.fill(label, text);
    }

    /// Types `digits` on the PIN pad with its buttons, then "Valider".
    pub fn type_pin(&mut self, digits: &str) {
        for digit in digits.chars() {
            self.harness.get_by_label(&digit.to_string()).click();
            self.harness.run();
        }
        self.click("Valider");
    }

    /// Opens the staff panel and types `digits`.
    pub fn unlock(&mut self, digits: &str) {
        self.click("Personnel");
        self.type_pin(digits);
    }
}

/// The usage log's report of yesterday to tomorrow by day, every count shown: what a session
/// of this test did to the statistics.
pub fn todays_report(database: &std::path::Path) -> Report {
    use borne::services::usage_log::{Period, ReportQuery, UsageLog, Zone};
    let usage = UsageLog::open_for_reports(database, Zone::Local).unwrap();
    let today = chrono::Local::now().date_naive();
    let mut query = ReportQuery::new(
        today - chrono::Days::new(1),
        today + chrono::Days::new(1),
        Period::Day,
    );
    query.min_cell = 1;
    usage.report(&query).unwrap()
}
