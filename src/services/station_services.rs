//! The real [`Services`] of a station: session directory, browser, processes and X11 windows.

use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::{Duration, Instant};

use nix::sys::wait::{WaitPidFlag, waitpid};
use nix::unistd::Pid as NixPid;

use crate::config::edit::ConfigEdit;
use crate::config::{BrowserChoice, Config};
use crate::domain::{
    CopyFailure, DriveSummary, EndReason, FileSummary, Language, PinCheck, PinEntry, PinProblem,
    PrintStatus, Problem, ProblemKind, SessionKind, SessionSummary, TextSize,
};
use crate::domain::{PolicyState, SettingsProblem};
use crate::services::browser::{
    BrowserProgram, BrowserStart, DBUS_DAEMON, SessionEnv, session_bus_config, session_command,
};
use crate::services::guest::GuestHelper;
use crate::services::interruption;
use crate::services::policy::Policies;
use crate::services::printing::{self, SessionPrints};
use crate::services::processes::{SessionProcesses, SpawnError};
use crate::services::sandbox::{self, KeyAccess, SandboxPaths};
use crate::services::session_dir::{Account, SessionDir, SessionDirs};
use crate::services::settings_store::SettingsStore;
use crate::services::speech::{self, Speaker};
use crate::services::staff_store::StaffStore;
use crate::services::usage_log::{Period, Report, ReportQuery};
use crate::services::usage_log::{SessionRecord, StationEvent, UsageLog};
use crate::services::usb;
use crate::services::wipe::{WipeReport, WipeTargets, own_zombies, wipe};
use crate::services::x11::{Rect, X11Desktop, browser_area};
use crate::supervisor::Services;

/// What the services need to know, decided once at start.
#[derive(Clone, Debug)]
pub struct ServiceSettings {
    /// The browser to start, if one is installed.
    pub browser: Option<BrowserProgram>,
    /// The account the browser runs as: switched to directly when the kiosk runs as root,
    /// through `guest_helper` otherwise; `None` in development (one user).
    pub guest: Option<Account>,
    /// How the kiosk acts as the guest when it is not root (through sudo); `None` when it is
    /// root (it switches user itself) or in development.
    pub guest_helper: Option<GuestHelper>,
    /// Whether the kiosk runs as root and has no guest account: the browser must not start.
    pub refuse_root_browser: bool,
    /// Where session directories are made.
    pub session_root: PathBuf,
    /// Height of the bar in physical pixels: the browser goes below it.
    pub bar_height_px: u32,
    /// How long processes get to stop after SIGTERM.
    pub stop_grace: Duration,
    /// The browsers' policies the config calls for, checked before every session; `None` in
    /// demonstration mode, which says on screen that it is not locked down.
    pub policies: Option<Policies>,
    /// The system root the policies are installed under: `/` on a station.
    pub policy_root: PathBuf,
    /// The station's config file when the kiosk could not load it and runs out of service on
    /// the embedded default: looked at again until it is valid.
    pub broken_config: Option<PathBuf>,
    /// The browser the config asks for, looked for again while none is installed.
    pub browser_choice: BrowserChoice,
    /// Where the notes of running sessions are kept on disk (beside the usage log), so that a
    /// power cut, which erases the in-memory session directories, is still counted.
    pub open_notes: Option<PathBuf>,
    /// Whether the browser runs in its sandbox ([`sandbox`]): always on a station; a
    /// demonstration on a machine without bubblewrap goes without.
    pub sandbox: bool,
    /// What the browser may do with USB keys.
    pub usb_keys: KeyAccess,
}

struct Running {
    dir: SessionDir,
    processes: SessionProcesses,
    browser: Option<Child>,
    /// The session's D-Bus daemon and its address.
    bus: Option<(Child, String)>,
    /// The person's files as last listed for the save screen: what a copy takes.
    listed: Vec<usb::PersonFile>,
    /// Short-lived browser processes that handed a new site to the running browser; reaped
    /// later so that the station never waits for them.
    handovers: Vec<Child>,
    /// When the on-disk note of the session was last renewed.
    noted_at: Instant,
    /// Whether the browser's profile and sandbox files were written (once, before any process
    /// of the guest).
    prepared: bool,
    /// What the session printed so far.
    prints: SessionPrints,
    /// Whether a failure to ask CUPS was logged already (once per session, not every second).
    prints_unknown: bool,
}

/// How often the on-disk note of a running session is renewed: the error on the duration of a
/// session that a power cut ended.
const KEEP_NOTE_EVERY: Duration = Duration::from_secs(60);

/// Below this much free space (or 2 % of it), the session's space counts as full.
const SPACE_FULL_BELOW_BYTES: u64 = 16 * 1024 * 1024;

/// Why a station with no browser serves nobody.
#[must_use]
pub fn no_browser() -> Problem {
    Problem {
        kind: ProblemKind::NoBrowser,
        detail: "apt install chromium chromium-l10n".into(),
    }
}

/// How many sessions wait in memory while the usage log refuses them (a day of a busy station).
const UNSAVED_SESSIONS: usize = 200;

/// The services of a real station.
pub struct StationServices {
    settings: ServiceSettings,
    dirs: SessionDirs,
    desktop: Option<X11Desktop>,
    session: Option<Running>,
    /// The anonymous usage log, if it could be opened.
    usage: Option<UsageLog>,
    /// Sessions the usage log refused (locked, disk full), oldest first, saved with the next.
    unsaved: Vec<SessionRecord>,
    /// Pids known to belong to the session, to recognise its windows without scanning every
    /// process every second.
    window_pids: Vec<u32>,
    /// The staff PINs; `None` lets nobody in.
    staff: Option<StaffStore>,
    /// Whether the browser was given the keyboard since it last came above the shell.
    browser_has_keyboard: bool,
    /// The config the admin edits, and the smallest count its reports show.
    settings_store: Option<(SettingsStore, u32)>,
    /// Reads Borne's sentences aloud.
    speaker: Speaker,
    /// The text size the person chose: the bar grows with it.
    text_size: TextSize,
}

impl StationServices {
    /// Services for `settings`, drawing on the X11 desktop if there is one.
    pub fn new(settings: ServiceSettings, desktop: Option<X11Desktop>) -> Self {
        // Orphans of the browser (its crash handler) become our children, so we can reap them.
        nix::sys::prctl::set_child_subreaper(true).ok();
        let dirs = SessionDirs::new(settings.session_root.clone(), settings.guest.clone());
        Self {
            settings,
            dirs,
            desktop,
            session: None,
            usage: None,
            unsaved: Vec::new(),
            window_pids: Vec::new(),
            staff: None,
            settings_store: None,
            browser_has_keyboard: false,
            speaker: Speaker::new(speech::ESPEAK),
            text_size: TextSize::Normal,
        }
    }

    /// Saves the admin's changes through `store` from now on; reports hide counts below
    /// `min_cell`.
    pub fn set_settings_store(&mut self, store: SettingsStore, min_cell: u32) {
        self.settings_store = Some((store, min_cell));
    }

    /// Checks staff PINs against `staff` from now on.
    pub fn set_staff_store(&mut self, staff: StaffStore) {
        self.staff = Some(staff);
    }

    /// Records sessions and station events in `usage` from now on.
    pub fn set_usage_log(&mut self, usage: UsageLog) {
        self.usage = Some(usage);
    }

    /// Notes in the usage log that the kiosk started after an interruption (a crash, a power
    /// cut) that left a session behind.
    pub fn record_interruption(&mut self) {
        if let Some(usage) = self.usage.as_mut()
            && let Err(error) =
                usage.record_event(StationEvent::StartAfterInterruption, chrono::Utc::now())
        {
            log::warn!("usage log: {error:#}");
        }
    }

    /// Sets the height of the bar in physical pixels, once the window knows its scale.
    pub fn set_bar_height_px(&mut self, bar_height_px: u32) {
        self.settings.bar_height_px = bar_height_px;
    }

    /// Removes what an earlier run left (a crash, a power cut): session directories and
    /// processes of the guest account. An error means the station must not open.
    pub fn recover(&mut self) -> Result<usize, Problem> {
        if let Some(helper) = &self.settings.guest_helper {
            helper.ready().map_err(|error| Problem {
                kind: ProblemKind::SessionSetup,
                detail: error.to_string(),
            })?;
            helper
                .stop(self.settings.stop_grace)
                .map_err(|e| clear_failed(&e))?;
        }
        let leftovers = self.dirs.leftovers();
        // Every session's processes: by the guest's uid, by any session's marker, and the
        // noted first processes with their descendants (in a one-user demonstration, the only
        // way to find a Chromium that rewrote its environment).
        let noted: Vec<(u32, u64)> = leftovers
            .iter()
            .flat_map(|dir| interruption::noted_processes(dir))
            .collect();
        let roots = SessionProcesses::still_running(&noted);
        SessionProcesses::any_session(self.settings.guest.as_ref().map(|g| g.uid))
            .stop_all(&roots, self.settings.stop_grace, &mut reap_children)
            .map_err(|e| clear_failed(&e))?;
        reap_children();
        let mut interrupted: Vec<_> = leftovers
            .iter()
            .filter_map(|dir| interruption::read_start(dir))
            .collect();
        // A power cut erased the session directories: their notes on disk count them. A
        // crash left both; the directory's note, closer to the end, counts it.
        if let Some(state) = &self.settings.open_notes {
            let left: Vec<_> = leftovers.iter().filter_map(|d| d.file_name()).collect();
            interrupted.extend(
                interruption::take_open(state)
                    .into_iter()
                    .filter(|(id, _)| !left.iter().any(|name| *name == id.as_str()))
                    .map(|(_, session)| session),
            );
        }
        let report = self.run_wipe(None);
        self.record_wipe(&report);
        if let Some(problem) = report.problem {
            return Err(clear_failed(&problem));
        }
        for session in &interrupted {
            self.record_interrupted(session);
        }
        self.check_policies()?;
        Ok(leftovers.len())
    }

    /// Counts a session that a crash or a power cut ended, as ended by "interruption".
    fn record_interrupted(&mut self, session: &interruption::Interrupted) {
        let record = SessionRecord {
            started_at: session.started_at,
            duration_secs: session.duration_secs,
            kind: session.kind,
            end_reason: EndReason::Interruption,
            language: Language::default(),
            shortcuts: Vec::new(),
            extensions: 0,
            pages_printed: 0,
            purpose: None,
            found: None,
        };
        self.save_session(record);
    }

    /// Counts `record` in the usage log, with those a locked or full database refused before,
    /// oldest first. What is still refused is kept for the next session's end (up to
    /// [`UNSAVED_SESSIONS`]): statistics never stop the station, and a busy moment loses no
    /// count.
    fn save_session(&mut self, record: SessionRecord) {
        let Some(usage) = self.usage.as_mut() else {
            return;
        };
        self.unsaved.push(record);
        let mut done = 0;
        for record in &self.unsaved {
            match usage.record_session(record) {
                Ok(()) => {}
                // Locked, full: kept, with those after it, for the next session's end.
                Err(error) if error.is_transient() => {
                    log::warn!("usage log: {error:#}");
                    break;
                }
                // Refused for good: never retried, so it cannot hold the others back.
                Err(error) => log::warn!("usage log: session not counted: {error:#}"),
            }
            done += 1;
        }
        self.unsaved.drain(..done);
        if self.unsaved.len() > UNSAVED_SESSIONS {
            let lost = self.unsaved.len() - UNSAVED_SESSIONS;
            self.unsaved.drain(..lost);
            log::warn!("usage log: {lost} session(s) could not be counted");
        }
    }

    /// Stops every process of `running`, wipes, and proves that nothing of it remains.
    fn clear_running(&mut self, running: &mut Running) -> Result<(), Problem> {
        let roots: Vec<u32> = running
            .browser
            .iter()
            .chain(&running.handovers)
            .chain(running.bus.iter().map(|(child, _)| child))
            .map(Child::id)
            .collect();
        let mut reap = || {
            let bus = running.bus.iter_mut().map(|(child, _)| child);
            for child in running
                .browser
                .iter_mut()
                .chain(&mut running.handovers)
                .chain(bus)
            {
                child.try_wait().ok();
            }
            reap_children();
        };
        if let Some(helper) = &self.settings.guest_helper {
            helper
                .stop(self.settings.stop_grace)
                .map_err(|e| clear_failed(&e))?;
        }
        running
            .processes
            .stop_all(&roots, self.settings.stop_grace, &mut reap)
            .map_err(|e| clear_failed(&e))?;
        // What the guest helper stopped, or what stopped before we looked, was reparented to
        // the kiosk (a subreaper) and waits for us: the proof counts unreaped zombies. A
        // zombie whose parent is still exiting (sudo) is ours a moment later.
        let until = Instant::now() + Duration::from_secs(2);
        loop {
            reap();
            let zombies = own_zombies();
            if zombies == 0 || Instant::now() >= until {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        // The wipe and its proof: session directory, the guest's temporary files, clipboard,
        // print jobs (see `wipe`).
        let report = self.run_wipe(Some(running.dir.path().to_path_buf()));
        self.record_wipe(&report);
        if let Some(problem) = report.problem {
            return Err(clear_failed(&problem));
        }
        // Processes of the session found by marker too (one-user demonstration mode).
        let left = running.processes.find(&roots);
        if !left.is_empty() {
            return Err(clear_failed(&format!(
                "{} process(es) of the session appeared after the stop",
                left.len()
            )));
        }
        if running.dir.path().exists() {
            return Err(clear_failed(&"the session directory is still there"));
        }
        Ok(())
    }

    /// Keeps the wipe's report (counts, duration, success) in the usage log.
    fn record_wipe(&mut self, report: &WipeReport) {
        let Some(usage) = self.usage.as_mut() else {
            return;
        };
        let duration_ms = u64::try_from(report.duration.as_millis()).unwrap_or(u64::MAX);
        if let Err(error) = usage.record_wipe(
            report.files_removed,
            report.bytes_removed,
            duration_ms,
            report.problem.is_none(),
            chrono::Utc::now(),
        ) {
            log::warn!("usage log: {error:#}");
        }
    }

    /// The wipe and its proof, through the guest account when the kiosk is not root.
    fn run_wipe(&self, session_dir: Option<PathBuf>) -> WipeReport {
        let targets = self.wipe_targets(session_dir);
        match &self.settings.guest_helper {
            Some(helper) => helper.wipe(&self.dirs, &targets),
            None => wipe(&targets),
        }
    }

    fn wipe_targets(&self, session_dir: Option<PathBuf>) -> WipeTargets {
        WipeTargets::for_station(
            self.settings.session_root.clone(),
            session_dir,
            self.settings.guest.as_ref().map(|g| g.uid),
            std::env::var("DISPLAY").ok(),
        )
    }

    /// Whether the browsers' installed policies match the config: never open a session with a
    /// browser that is not locked down.
    fn check_policies(&self) -> Result<(), Problem> {
        let Some(policies) = &self.settings.policies else {
            return Ok(());
        };
        policies
            .check(&self.settings.policy_root)
            .map_err(|e| Problem {
                kind: ProblemKind::PolicyMismatch,
                detail: e.to_string(),
            })
    }

    /// The screen's size in pixels (1280x800 without X, in tests).
    fn screen(&self) -> (u32, u32) {
        self.desktop
            .as_ref()
            .map_or((1280, 800), X11Desktop::screen_size)
    }

    fn area(&self) -> Rect {
        let screen = self.screen();
        // With a larger text the bar is drawn larger: the browser goes below it all the same.
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss,
            reason = "a bar of a few hundred pixels at most"
        )]
        let bar = (self.settings.bar_height_px as f32 * self.text_size.zoom(screen.1 as f32)).ceil()
            as u32;
        browser_area(screen, bar)
    }

    /// The pages' zoom for the person's text size, in percent, as the screens are zoomed.
    fn zoom_percent(&self, text_size: TextSize) -> u16 {
        let screen = self.screen();
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss,
            reason = "100 to 130"
        )]
        let percent = (text_size.zoom(screen.1 as f32) * 100.0).round() as u16;
        percent
    }

    fn start_browser(
        &self,
        running: &mut Running,
        program: &BrowserProgram,
        url: &str,
        language: Language,
        zoom_percent: u16,
    ) -> Result<Child, BrowserStartError> {
        if let Some(helper) = &self.settings.guest_helper {
            if running.bus.is_none() {
                running.bus = helper.spawn_bus(&running.dir);
            }
            let area = self.area();
            let with_bus = running.bus.is_some();
            return Ok(helper.spawn_browser(
                &running.dir,
                program,
                url,
                area,
                language,
                zoom_percent,
                with_bus,
                self.settings.usb_keys,
            )?);
        }
        let paths = SandboxPaths::of_session(&running.dir, self.settings.usb_keys);
        if !running.prepared {
            // Once, before any process of the guest runs in this session: a kiosk running as
            // root never writes into the guest's folders while the guest could swap a file for
            // a link.
            let profile = running.dir.profile();
            program
                .prepare_profile(&profile, language, zoom_percent)
                .map_err(|cause| BrowserStartError::Prepare {
                    what: "the browser profile".to_owned(),
                    cause,
                })?;
            if self.settings.sandbox {
                program.prepare_sandbox(&paths, language).map_err(|cause| {
                    BrowserStartError::Prepare {
                        what: "the browser's sandbox".to_owned(),
                        cause,
                    }
                })?;
            }
            if let Some(guest) = &self.settings.guest {
                for dir in [running.dir.home(), running.dir.tmp(), profile] {
                    crate::services::session_dir::chown_tree(&dir, guest).map_err(|cause| {
                        BrowserStartError::Prepare {
                            what: format!("{} for the guest", dir.display()),
                            cause,
                        }
                    })?;
                }
            }
            running.prepared = true;
        }
        if running.bus.is_none() {
            running.bus = self.start_bus(running, language);
        }
        let bus_socket = running.bus.as_ref().map(|_| running.dir.tmp().join("bus"));
        let start = BrowserStart {
            program,
            paths,
            sandboxed: self.settings.sandbox,
            url,
            area: self.area(),
            language,
            zoom_percent,
            marker: running.processes.marker(),
            bus_socket,
        };
        let mut command = start.command();
        if let Some(guest) = &self.settings.guest {
            std::os::unix::process::CommandExt::uid(&mut command, guest.uid);
            std::os::unix::process::CommandExt::gid(&mut command, guest.gid);
        }
        let spawned = if self.settings.sandbox {
            Path::new(sandbox::BWRAP)
        } else {
            program.path.as_path()
        };
        Ok(command.spawn().map_err(|cause| SpawnError {
            program: spawned.to_path_buf(),
            cause,
        })?)
    }

    /// Starts the session's private D-Bus bus. Without it the browser still works, but Firefox
    /// cannot take a second site in its running window.
    fn start_bus(&self, running: &Running, language: Language) -> Option<(Child, String)> {
        let program = Path::new(DBUS_DAEMON);
        if !program.exists() {
            return None;
        }
        let socket = running.dir.tmp().join("bus");
        let config = running.dir.tmp().join("bus.conf");
        std::fs::write(&config, session_bus_config(&socket)).ok()?;
        if let Some(guest) = &self.settings.guest {
            chown_file(&config, guest);
        }
        let args = vec![
            format!("--config-file={}", config.display()),
            "--nofork".into(),
        ];
        let child = self
            .spawn_in_session(running, program, &args, language)
            .ok()?;
        let until = Instant::now() + Duration::from_secs(3);
        while !socket.exists() && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(20));
        }
        Some((child, format!("unix:path={}", socket.display())))
    }

    fn spawn_in_session(
        &self,
        running: &Running,
        program: &Path,
        args: &[String],
        language: Language,
    ) -> Result<Child, SpawnError> {
        let home = running.dir.home();
        let downloads = running.dir.downloads();
        let tmp = running.dir.tmp();
        let env = SessionEnv {
            home: &home,
            downloads: &downloads,
            tmp: &tmp,
            language,
            marker: running.processes.marker(),
            bus: running.bus.as_ref().map(|(_, address)| address.clone()),
        };
        let mut command = session_command(program, args, &env);
        command.current_dir(&home);
        if let Some(guest) = &self.settings.guest {
            std::os::unix::process::CommandExt::uid(&mut command, guest.uid);
            std::os::unix::process::CommandExt::gid(&mut command, guest.gid);
        }
        command.spawn().map_err(|cause| SpawnError {
            program: program.to_path_buf(),
            cause,
        })
    }
}

impl Services for StationServices {
    fn prepare_session(&mut self, kind: SessionKind, longest: Duration) -> Result<(), Problem> {
        self.check_policies()?;
        let dir = match &self.settings.guest_helper {
            // A rule removed while the kiosk runs: say which rule, and how to put it back.
            Some(helper) => helper
                .create_session_dir(&self.dirs)
                .map_err(|error| helper.ready().err().unwrap_or(error).to_string()),
            None => self.dirs.create().map_err(|e| e.to_string()),
        }
        .map_err(|detail| Problem {
            kind: ProblemKind::SessionSetup,
            detail,
        })?;
        // What the usage log needs to count this session if a crash interrupts it.
        let now = chrono::Utc::now();
        let note = interruption::write_start(dir.path(), kind, longest, now);
        note.map_err(|e| Problem {
            kind: ProblemKind::SessionSetup,
            detail: format!("cannot note the start of the session: {e}"),
        })?;
        if let Some(state) = &self.settings.open_notes
            && let Err(error) = interruption::note_open(state, dir.id(), kind, longest, now)
        {
            // Only the count of a session that a power cut would end is at stake.
            log::warn!("cannot keep the session's note on disk: {error}");
        }
        let processes =
            SessionProcesses::new(dir.id(), self.settings.guest.as_ref().map(|g| g.uid));
        self.session = Some(Running {
            dir,
            processes,
            browser: None,
            bus: None,
            listed: Vec::new(),
            handovers: Vec::new(),
            noted_at: Instant::now(),
            prepared: false,
            prints: SessionPrints::new(now.timestamp()),
            prints_unknown: false,
        });
        self.window_pids.clear();
        Ok(())
    }

    fn open_site(
        &mut self,
        url: &str,
        language: Language,
        text_size: TextSize,
    ) -> Result<(), Problem> {
        let zoom_percent = self.zoom_percent(text_size);
        let browser_failed = |detail: &dyn std::fmt::Display| Problem {
            kind: ProblemKind::BrowserFailed,
            detail: detail.to_string(),
        };
        if self.settings.refuse_root_browser {
            return Err(browser_failed(
                &"the kiosk runs as root and browser.guest_user is not set",
            ));
        }
        let Some(program) = self.settings.browser.clone() else {
            return Err(browser_failed(&"no Chromium or Firefox is installed"));
        };
        let Some(running) = self.session.take() else {
            return Err(browser_failed(&"no session is running"));
        };
        let result = (|| {
            let mut running = running;
            running
                .handovers
                .retain_mut(|child| matches!(child.try_wait(), Ok(None)));
            let alive = running
                .browser
                .as_mut()
                .is_some_and(|child| matches!(child.try_wait(), Ok(None)));
            if alive {
                // The running browser takes the new site in a tab; this second process exits.
                let second = self
                    .start_browser(&mut running, &program, url, language, zoom_percent)
                    .map(|child| running.handovers.push(child))
                    .map_err(|e| browser_failed(&e));
                return (running, second);
            }
            match self.start_browser(&mut running, &program, url, language, zoom_percent) {
                Ok(mut child) => {
                    // A browser that cannot start (wrong user, missing library) exits at once.
                    std::thread::sleep(Duration::from_millis(300));
                    let early_exit = match child.try_wait() {
                        Ok(Some(status)) => Some(status.to_string()),
                        _ => None,
                    };
                    // For the next start, if the kiosk crashes while this runs.
                    if let Some(started) = SessionProcesses::start_time(child.id())
                        && let Err(error) =
                            interruption::note_process(running.dir.path(), child.id(), started)
                    {
                        log::warn!("cannot note the browser for a recovery: {error}");
                    }
                    running.browser = Some(child);
                    match early_exit {
                        Some(status) => (
                            running,
                            Err(browser_failed(&format!(
                                "{} stopped at once ({status})",
                                program.path.display()
                            ))),
                        ),
                        None => (running, Ok(())),
                    }
                }
                Err(e) => (running, Err(browser_failed(&e))),
            }
        })();
        self.session = Some(result.0);
        result.1
    }

    fn clear_session(&mut self) -> Result<(), Problem> {
        let Some(mut running) = self.session.take() else {
            // Nothing is known of a session (a recovery at start failed and staff retry):
            // stop everything of the guest and wipe everything under the session root.
            return self.recover().map(|_| ());
        };
        match self.clear_running(&mut running) {
            Ok(()) => {
                self.window_pids.clear();
                if let Some(state) = &self.settings.open_notes
                    && let Err(error) = interruption::close_open(state, running.dir.id())
                {
                    log::warn!("cannot remove the session's note on disk: {error}");
                }
                Ok(())
            }
            Err(problem) => {
                // Keep what is known of the session, so that a retry stops and wipes it again.
                self.session = Some(running);
                Err(problem)
            }
        }
    }

    fn list_files(&mut self) -> Vec<FileSummary> {
        let Some(running) = self.session.as_mut() else {
            return Vec::new();
        };
        if let Some(helper) = &self.settings.guest_helper
            && let Err(error) = helper.share(&running.dir)
        {
            // The files the kiosk can read are still offered.
            log::warn!("{error}");
        }
        running.listed = usb::person_files(&running.dir.home());
        running
            .listed
            .iter()
            .map(|file| FileSummary {
                name: file.name.clone(),
                size_bytes: file.size_bytes,
                kind: file.kind,
            })
            .collect()
    }

    fn drives(&mut self) -> Vec<DriveSummary> {
        usb::removable_drives()
            .into_iter()
            .map(|drive| DriveSummary {
                mount_point: drive.mount_point.display().to_string(),
                label: drive.label,
                free_bytes: drive.free_bytes,
            })
            .collect()
    }

    fn copy_files(
        &mut self,
        mount_point: &str,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<u32, CopyFailure> {
        let Some(running) = self.session.as_ref() else {
            return Err(CopyFailure::Failed { copied: 0 });
        };
        let Some(drive) = usb::removable_drives()
            .into_iter()
            .find(|d| d.mount_point == Path::new(mount_point))
        else {
            return Err(CopyFailure::DriveGone);
        };
        let copied = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        match usb::copy_to_drive(&running.listed, &drive, progress) {
            Ok(report) => Ok(copied(report.files_copied)),
            Err(error) => {
                // The message names the key, never a file of the person.
                log::warn!("copy to a USB key failed: {error}");
                Err(match error {
                    usb::UsbError::NotEnoughSpace { needed, free, .. } => {
                        CopyFailure::NotEnoughSpace {
                            needed_bytes: needed,
                            free_bytes: free,
                        }
                    }
                    usb::UsbError::ReadOnly { .. } => CopyFailure::ReadOnly,
                    usb::UsbError::DriveGone { .. } => CopyFailure::DriveGone,
                    usb::UsbError::FileChanged { copied: n, .. }
                    | usb::UsbError::Read { copied: n, .. }
                    | usb::UsbError::Write { copied: n, .. }
                    | usb::UsbError::NoFreeName { copied: n, .. } => {
                        CopyFailure::Failed { copied: copied(n) }
                    }
                })
            }
        }
    }

    fn record_session(&mut self, summary: &SessionSummary) {
        let duration = chrono::Duration::from_std(summary.duration).unwrap_or_default();
        let record = SessionRecord {
            started_at: chrono::Utc::now() - duration,
            duration_secs: u32::try_from(summary.duration.as_secs()).unwrap_or(u32::MAX),
            kind: summary.kind,
            end_reason: summary.end_reason,
            language: summary.language,
            shortcuts: summary.shortcuts.clone(),
            extensions: summary.extensions,
            pages_printed: summary.pages_printed,
            purpose: summary.purpose,
            found: summary.found,
        };
        self.save_session(record);
    }

    fn record_out_of_service(&mut self, kind: ProblemKind) {
        let Some(usage) = self.usage.as_mut() else {
            return;
        };
        let cause = match kind {
            ProblemKind::SessionSetup => "session-setup",
            ProblemKind::ClearFailed => "clear-failed",
            ProblemKind::PolicyMismatch => "browser-policy",
            ProblemKind::ConfigInvalid => "config",
            ProblemKind::NoBrowser => "no-browser",
            ProblemKind::Closed(_) => "staff",
            ProblemKind::BrowserFailed => "other",
        };
        let now = chrono::Utc::now();
        let mut events = vec![StationEvent::OutOfService { cause }];
        if kind == ProblemKind::ClearFailed {
            events.push(StationEvent::WipeFailed);
        }
        for event in events {
            if let Err(error) = usage.record_event(event, now) {
                log::warn!("usage log: {error:#}");
            }
        }
    }

    fn record_back_in_service(&mut self) {
        if let Some(usage) = self.usage.as_mut()
            && let Err(error) = usage.record_event(StationEvent::BackInService, chrono::Utc::now())
        {
            log::warn!("usage log: {error:#}");
        }
    }

    fn check_pin(&mut self, pin: &PinEntry, wall: chrono::DateTime<chrono::Utc>) -> PinCheck {
        self.staff
            .as_mut()
            .map_or(PinCheck::Unavailable, |staff| staff.check_pin(pin, wall))
    }

    fn save_pins(
        &mut self,
        admin: Option<&PinEntry>,
        volunteer: Option<&PinEntry>,
        proof: Option<&PinEntry>,
        wall: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), PinProblem> {
        let Some(staff) = self.staff.as_mut() else {
            return Err(PinProblem::Store(crate::domain::StoreFailure {
                path: String::new(),
                cause: crate::domain::StoreCause::Write(crate::domain::SystemCause::Missing),
            }));
        };
        staff.save_pins(admin, volunteer, proof, wall)
    }

    fn check_station(&mut self) -> Result<(), Problem> {
        // Never a browser that sees the machine: no sandbox, no session.
        if self.settings.sandbox {
            sandbox::probe(
                self.settings
                    .guest
                    .as_ref()
                    .filter(|_| self.settings.guest_helper.is_none())
                    .map(|guest| (guest.uid, guest.gid)),
            )
            .map_err(|error| Problem {
                kind: ProblemKind::SessionSetup,
                detail: error.to_string(),
            })?;
        }
        if let Some(helper) = &self.settings.guest_helper {
            helper.ready().map_err(|error| Problem {
                kind: ProblemKind::SessionSetup,
                detail: error.to_string(),
            })?;
        }
        self.check_policies()
    }

    fn recheck_station(&mut self) -> Result<(), Problem> {
        if let Some(path) = &self.settings.broken_config {
            return crate::config::load(path)
                .map(|_| ())
                .map_err(|error| Problem {
                    kind: ProblemKind::ConfigInvalid,
                    detail: error.to_string(),
                });
        }
        if self.settings.browser.is_none() {
            let path = std::env::var_os("PATH");
            return match BrowserProgram::find(self.settings.browser_choice, path.as_deref()) {
                Some(_) => Ok(()),
                None => Err(no_browser()),
            };
        }
        self.check_policies()
    }

    fn save_settings(
        &mut self,
        edits: &[ConfigEdit],
    ) -> Result<(Config, PolicyState), SettingsProblem> {
        let Some((store, min_cell)) = self.settings_store.as_mut() else {
            return Err(SettingsProblem {
                key: None,
                message: "this kiosk has no settings to change".into(),
            });
        };
        let config = store.save(edits)?;
        *min_cell = config.stats.min_cell;
        let install_command = format!(
            "borne --config {} install-policies",
            store.path().map_or_else(
                || "/etc/borne/borne.toml".into(),
                |p| p.display().to_string()
            )
        );
        if let Some(usage) = self.usage.as_mut() {
            let mut parts: Vec<&'static str> = edits.iter().map(|e| e.part().as_str()).collect();
            parts.dedup();
            for setting in parts {
                let event = StationEvent::ConfigChanged { setting };
                if let Err(error) = usage.record_event(event, chrono::Utc::now()) {
                    log::warn!("usage log: {error:#}");
                }
            }
        }
        let root = self.settings.policy_root.clone();
        let policy = match self.settings.policies.as_mut() {
            None => PolicyState::Matches,
            Some(policies) => {
                *policies = Policies::for_config(&config);
                let matches = policies.check(&root).is_ok()
                    || (nix::unistd::geteuid().is_root()
                        && policies.install(&root).is_ok()
                        && policies.check(&root).is_ok());
                if matches {
                    PolicyState::Matches
                } else {
                    PolicyState::ToInstall(install_command)
                }
            }
        };
        Ok((config, policy))
    }

    fn usage_report(&mut self) -> Option<Report> {
        let usage = self.usage.as_ref()?;
        let min_cell = self.settings_store.as_ref().map_or(1, |(_, m)| *m);
        let to = chrono::Local::now().date_naive();
        let mut query = ReportQuery::new(to - chrono::Days::new(365), to, Period::Month);
        query.min_cell = min_cell;
        usage
            .report(&query)
            .map_err(|error| log::warn!("usage report: {error:#}"))
            .ok()
    }

    fn print_status(&mut self) -> Option<PrintStatus> {
        let running = self.session.as_mut()?;
        let socket = Path::new(printing::CUPS_SOCKET);
        // No scheduler here: nothing can have printed.
        if !socket.exists() {
            return None;
        }
        match printing::jobs(socket) {
            Ok(jobs) => Some(running.prints.update(&jobs, chrono::Utc::now().timestamp())),
            Err(error) => {
                if !running.prints_unknown {
                    running.prints_unknown = true;
                    log::warn!("printing: {error}");
                }
                None
            }
        }
    }

    fn stop_printing(&mut self) {
        // Told to the journal; the next wipe cancels what is left, or fails closed.
        let told = |error: &dyn std::fmt::Display| {
            log::warn!("printing: cannot stop the session's printing: {error}");
        };
        match (&self.settings.guest_helper, &self.settings.guest) {
            (Some(helper), _) => helper.cancel_prints().map_err(|e| told(&e)).ok(),
            (None, guest) => {
                let uid = guest
                    .as_ref()
                    .map_or(nix::unistd::getuid().as_raw(), |g| g.uid);
                printing::cancel_guest_jobs(Path::new(printing::CUPS_CANCEL), uid)
                    .map_err(|e| told(&e))
                    .ok()
            }
        };
    }

    fn speak(&mut self, text: &str, language: Language) {
        self.speaker.say(text, language);
    }

    fn idle(&mut self) -> Duration {
        self.desktop
            .as_ref()
            .and_then(|desktop| desktop.idle_ms().ok())
            .map_or(Duration::ZERO, Duration::from_millis)
    }

    fn keep_session_noted(&mut self) {
        let (Some(state), Some(running)) = (&self.settings.open_notes, self.session.as_mut())
        else {
            return;
        };
        if running.noted_at.elapsed() < KEEP_NOTE_EVERY {
            return;
        }
        running.noted_at = Instant::now();
        if let Err(error) = interruption::keep_open(state, running.dir.id()) {
            log::warn!("cannot renew the session's note on disk: {error}");
        }
    }

    fn browser_running(&mut self) -> bool {
        self.session
            .as_mut()
            .and_then(|running| running.browser.as_mut())
            .is_some_and(|child| matches!(child.try_wait(), Ok(None)))
    }

    fn session_space_full(&mut self) -> bool {
        let Ok(space) = nix::sys::statvfs::statvfs(&self.settings.session_root) else {
            return false;
        };
        let block = space.fragment_size();
        let available = space.blocks_available() * block;
        let total = space.blocks() * block;
        // Full enough that a download or the browser's profile can no longer grow.
        available < (total / 50).max(SPACE_FULL_BELOW_BYTES)
    }

    fn arrange_windows(&mut self, shell_on_top: bool, text_size: TextSize) {
        self.text_size = text_size;
        let Some(desktop) = &self.desktop else {
            return;
        };
        let Ok(windows) = desktop.top_level_windows() else {
            return;
        };
        let own = std::process::id();
        if shell_on_top {
            self.browser_has_keyboard = false;
            for window in windows.iter().filter(|w| w.pid == Some(own) && w.mapped) {
                desktop.raise(window.id).ok();
                // No window manager gives the keyboard: the PIN pad and the forms need it.
                desktop.focus(window.id).ok();
            }
            return;
        }
        let Some(running) = &self.session else {
            return;
        };
        let candidates: Vec<_> = windows
            .iter()
            .filter(|w| w.mapped && !w.override_redirect && w.pid.is_some_and(|p| p != own))
            .collect();
        if candidates
            .iter()
            .any(|w| w.pid.is_some_and(|p| !self.window_pids.contains(&p)))
        {
            let roots: Vec<u32> = running.browser.iter().map(Child::id).collect();
            self.window_pids = running.processes.find(&roots);
        }
        let area = self.area();
        let ours: Vec<_> = candidates
            .into_iter()
            .filter(|w| w.pid.is_some_and(|p| self.window_pids.contains(&p)))
            .collect();
        let top_is_ours = windows
            .iter()
            .rev()
            .find(|w| w.mapped && !w.override_redirect)
            .is_some_and(|top| ours.iter().any(|w| w.id == top.id));
        for window in &ours {
            // A window that closed meanwhile is no error: pop-ups come and go.
            if window.rect != area {
                desktop.place(window.id, area).ok();
            }
            if !top_is_ours {
                desktop.raise(window.id).ok();
            }
        }
        // The keyboard follows the browser once each time it comes above the shell; after that
        // the person's own clicks decide (a dialog, another tab).
        if !self.browser_has_keyboard
            && let Some(top) = ours.last()
            && desktop.focus(top.id).is_ok()
        {
            self.browser_has_keyboard = true;
        }
    }
}

/// Why the session's browser did not start.
#[derive(Debug, thiserror::Error)]
enum BrowserStartError {
    /// Its profile, sandbox or folders could not be made ready.
    #[error("cannot prepare {what}: {cause}")]
    Prepare {
        /// What.
        what: String,
        /// Why.
        cause: std::io::Error,
    },
    /// The browser, bubblewrap or sudo could not be started.
    #[error(transparent)]
    Spawn(#[from] SpawnError),
}

fn clear_failed(detail: &dyn std::fmt::Display) -> Problem {
    Problem {
        kind: ProblemKind::ClearFailed,
        detail: detail.to_string(),
    }
}

/// Reaps every child that has exited, ours and the orphans we adopted as subreaper.
fn reap_children() {
    while let Ok(status) = waitpid(NixPid::from_raw(-1), Some(WaitPidFlag::WNOHANG)) {
        if status == nix::sys::wait::WaitStatus::StillAlive {
            break;
        }
    }
}

fn chown_file(path: &Path, guest: &Account) {
    if path.exists() {
        // The guest reads these files; being root's instead only matters for writing them.
        std::os::unix::fs::lchown(path, Some(guest.uid), Some(guest.gid)).ok();
    }
}
