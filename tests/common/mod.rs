//! Test helpers shared by the integration tests: a fake clock, fake services and a kittest
//! harness that drives the real app with a real supervisor thread.

#![allow(dead_code, reason = "each test binary uses a part of the helpers")]
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic with its message is how a test reports failure"
)]

pub mod scratch;
pub mod site;
pub mod station;
pub mod xvfb;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use borne::config::{self, Config};
use borne::domain::{
    CopyFailure, DriveSummary, FileSummary, Language, Problem, ProblemKind, SessionKind,
    SessionSummary, Snapshot,
};
use borne::supervisor::{self, Clock, Services, SupervisorHandle};
use borne::ui::app::BorneApp;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

/// A clock that moves only when the test says so.
#[derive(Clone)]
pub struct FakeClock(Arc<Mutex<Instant>>);

impl FakeClock {
    pub fn new() -> Self {
        Self(Arc::new(Mutex::new(Instant::now())))
    }

    pub fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Instant {
        *self.0.lock().unwrap()
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
}

/// What the fake services saw, and what they will answer.
#[derive(Default)]
pub struct FakeWorld {
    pub calls: Vec<Call>,
    pub idle: Duration,
    pub browser_fails: bool,
    pub clear_fails: bool,
    pub files: Vec<FileSummary>,
    pub drives: Vec<DriveSummary>,
    pub copy_result: Option<Result<u32, CopyFailure>>,
}

/// Services that record calls instead of touching the machine.
#[derive(Clone, Default)]
pub struct FakeServices(pub Arc<Mutex<FakeWorld>>);

impl Services for FakeServices {
    fn prepare_session(&mut self, _kind: SessionKind) -> Result<(), Problem> {
        self.0.lock().unwrap().calls.push(Call::Prepare);
        Ok(())
    }

    fn open_site(&mut self, url: &str, language: Language) -> Result<(), Problem> {
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

    fn idle(&mut self) -> Duration {
        self.0.lock().unwrap().idle
    }

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

    fn arrange_windows(&mut self, shell_on_top: bool) {
        let mut world = self.0.lock().unwrap();
        // Record changes only: the supervisor repeats `false` every tick to place new windows.
        if world.calls.last() != Some(&Call::Arrange { shell_on_top }) {
            world.calls.push(Call::Arrange { shell_on_top });
        }
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
        let clock = FakeClock::new();
        let world = FakeServices::default();
        let rules = config.rules();
        let (clock2, world2) = (clock.clone(), world.clone());
        let mut handle = None;
        let harness = Harness::builder()
            .with_size(egui::Vec2::new(1280.0, 800.0))
            .build_eframe(|cc| {
                let ctx = cc.egui_ctx.clone();
                let (supervisor, _thread) = supervisor::spawn(
                    rules,
                    problem,
                    Box::new(world2),
                    Box::new(clock2),
                    Box::new(move || ctx.request_repaint()),
                )
                .unwrap();
                handle = Some(supervisor.clone());
                BorneApp::new(&cc.egui_ctx, supervisor, config, false)
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

    pub fn click(&mut self, label: &str) {
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
}
