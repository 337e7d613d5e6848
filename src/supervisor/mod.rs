//! The supervisor: a named thread that owns the [`Station`], keeps time with [`Instant`], carries
//! out its effects through [`Services`] and publishes a [`Snapshot`] for the screen.
//!
//! Time is kept here and not by frames: egui stops painting a window hidden behind the browser,
//! and a session must still end, the browser be stopped and the data wiped on time. While
//! nothing can change without a command (the welcome screen), the thread sleeps on its channel
//! and costs nothing.

use std::collections::VecDeque;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike as _, Local, Timelike as _};

use crate::config::Config;
use crate::config::edit::ConfigEdit;
use crate::domain::hours::WallTime;
use crate::domain::{
    AntennaAnswer, AntennaCommand, Command, Effect, Event, Problem, PublicCommand, SavedSettings,
    SettingsProblem, SetupNeed, Snapshot, State, Station,
};

mod services;

pub use services::{
    Browser, Desktop, PersonFiles, Printing, Services, SessionPlace, Speech, StaffPins,
    StationChecks, UsageRecords,
};

/// Where the supervisor reads the time. The real clock is [`Instant::now`]; tests move a fake.
pub trait Clock: Send {
    /// The current instant.
    fn now(&self) -> Instant;
    /// The wall-clock time, in the station's time zone: opening hours, the PIN back-off.
    fn wall(&self) -> DateTime<Local>;
}

/// The wall-clock time as the station's rules read it.
pub fn wall_time(wall: DateTime<Local>) -> WallTime {
    #[expect(clippy::cast_possible_truncation, reason = "0 to 6")]
    let weekday = wall.weekday().num_days_from_monday() as u8;
    WallTime {
        weekday,
        secs_of_day: wall.num_seconds_from_midnight(),
    }
}

/// The monotonic clock of the machine.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn wall(&self) -> DateTime<Local> {
        Local::now()
    }
}

enum Message {
    Command(Command),
    /// A command of the antenna's console.
    Antenna(AntennaAsk),
    ClaimKeyboard,
    /// F1 or the Windows key (see [`crate::services::x11::home_key`]).
    HomeKey,
    Tick,
    Sync(Sender<()>),
}

/// A command of the antenna's console, as the supervisor takes it.
struct AntennaAsk {
    /// The console's id for it: applied at most once.
    id: String,
    command: AntennaCommand,
    /// Where the answer goes, and whether this id was applied before.
    reply: Sender<(AntennaAnswer, bool)>,
    /// The (real) instant after which nobody waits for the answer: the command is then
    /// dropped, never applied unanswered.
    deadline: std::time::Instant,
}

/// How long the ids of the console's commands are remembered: far longer than it retries.
const REMEMBER_IDS: Duration = Duration::from_secs(600);
/// How many ids are remembered at most.
const MAX_IDS: usize = 1000;

/// What the supervisor publishes for the screen, under one lock: the station's snapshot and
/// the settings in force. Only the supervisor's thread changes them; the screen reads both
/// together, once a frame.
#[derive(Clone)]
pub struct Published {
    /// The latest state of the station, as drawn by the screen.
    pub snapshot: Snapshot,
    /// The settings in force (they change when the admin saves).
    pub config: Arc<Config>,
}

/// The screen's side of the supervisor: send commands, read what it published.
#[derive(Clone)]
pub struct SupervisorHandle {
    tx: Sender<Message>,
    published: Arc<Mutex<Published>>,
}

impl SupervisorHandle {
    /// Asks the station to do something. Ignored if the supervisor has stopped.
    pub fn send(&self, command: impl Into<Command>) {
        // A stopped supervisor means the kiosk is exiting; nothing is left to ask.
        self.tx.send(Message::Command(command.into())).ok();
    }

    /// Hands a command of the antenna's console to the station and waits for its answer (it
    /// comes before any wipe the command starts), with `true` if this `id` was applied before
    /// (it is not applied again). `None` if the supervisor has stopped or is busy beyond
    /// `limit` (a copy to a USB key): the command is then never applied, so that the console
    /// can send it again.
    pub fn ask(
        &self,
        id: String,
        command: AntennaCommand,
        limit: Duration,
    ) -> Option<(AntennaAnswer, bool)> {
        let (reply, rx) = mpsc::channel();
        let deadline = std::time::Instant::now() + limit;
        self.tx
            .send(Message::Antenna(AntennaAsk {
                id,
                command,
                reply,
                deadline,
            }))
            .ok()?;
        // A command taken just before its deadline answers at once: a second more to hear it.
        rx.recv_timeout(limit + Duration::from_secs(1)).ok()
    }

    /// The latest snapshot and settings, read together.
    pub fn published(&self) -> Published {
        self.published
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The latest state of the station, as drawn by the screen.
    pub fn snapshot(&self) -> Snapshot {
        self.published().snapshot
    }

    /// The window has no keyboard focus (no window manager gives it): if the shell is on top,
    /// give it the keyboard.
    pub fn claim_keyboard(&self) {
        self.tx.send(Message::ClaimKeyboard).ok();
    }

    /// F1 or the Windows key was pressed: with the browser in front, the session's home comes
    /// over it, and the keyboard with it, as with « Accueil » in the bar. Elsewhere the kiosk's
    /// own screen is in front already and has the keyboard: nothing changes.
    pub fn home_key(&self) {
        self.tx.send(Message::HomeKey).ok();
    }

    /// Makes the supervisor look at the clock now (tests that move a fake clock).
    pub fn tick(&self) {
        self.tx.send(Message::Tick).ok();
    }

    /// Waits until the supervisor has handled every message sent before, or has stopped.
    pub fn sync(&self) {
        let (tx, rx) = mpsc::channel();
        if self.tx.send(Message::Sync(tx)).is_ok() {
            // An error means the supervisor stopped: nothing more will happen.
            rx.recv().ok();
        }
    }
}

/// Starts the supervisor thread. `wake` is called after every change of the snapshot, to make
/// the screen repaint. With a `problem` (the recovery of an earlier run failed), the station
/// starts out of service.
pub fn spawn(
    config: Config,
    problem: Option<Problem>,
    pins: SetupNeed,
    services: Box<dyn Services>,
    clock: Box<dyn Clock>,
    wake: Box<dyn Fn() + Send>,
) -> std::io::Result<(SupervisorHandle, JoinHandle<()>)> {
    let rules = config.rules();
    let mut seed = [0_u8; 8];
    // Without the system's random source, the clock: references still differ from the last run.
    if let Err(error) = getrandom::fill(&mut seed) {
        log::warn!("no random seed for the sessions' references: {error}");
        let nanos = clock.wall().timestamp_nanos_opt().unwrap_or_default();
        seed = (nanos.unsigned_abs() ^ u64::from(std::process::id())).to_le_bytes();
    }
    let mut station = match problem {
        None => Station::new(rules),
        Some(problem) => Station::out_of_service(rules, problem),
    }
    .with_setup(pins)
    .with_seed(u64::from_le_bytes(seed));
    station.observe_wall(wall_time(clock.wall()), clock.now());
    let published = Arc::new(Mutex::new(Published {
        snapshot: station.snapshot(clock.now()),
        config: Arc::new(config),
    }));
    let (tx, rx) = mpsc::channel();
    let handle = SupervisorHandle {
        tx,
        published: Arc::clone(&published),
    };
    let mut supervisor = Supervisor {
        station,
        services,
        clock,
        wake,
        published,
        shell_on_top: true,
        out_of_service: false,
        watchdog: crate::services::systemd::watchdog_every()
            .map(|every| (every, std::time::Instant::now())),
        space_full: false,
        new_config: None,
        answer_to: None,
        antenna_ids: VecDeque::new(),
    };
    let thread = std::thread::Builder::new()
        .name("supervisor".into())
        .spawn(move || supervisor.run(&rx))?;
    Ok((handle, thread))
}

struct Supervisor {
    station: Station,
    services: Box<dyn Services>,
    clock: Box<dyn Clock>,
    wake: Box<dyn Fn() + Send>,
    published: Arc<Mutex<Published>>,
    shell_on_top: bool,
    /// Whether the station is out of service (since it went, until it serves again).
    out_of_service: bool,
    /// systemd's watchdog: how often it wants news, and when it gets them next (real time:
    /// it watches this thread, not the station's clock).
    watchdog: Option<(Duration, std::time::Instant)>,
    /// Whether the session's space was full at the last tick.
    space_full: bool,
    /// Settings just saved, published with the next snapshot.
    new_config: Option<Arc<Config>>,
    /// The id of the console's command being handled, and where its answer goes.
    answer_to: Option<(String, Sender<(AntennaAnswer, bool)>)>,
    /// The console's commands applied lately, with their answers, newest last (real time).
    antenna_ids: VecDeque<(String, std::time::Instant, AntennaAnswer)>,
}

impl Supervisor {
    fn run(&mut self, rx: &Receiver<Message>) {
        loop {
            let now = self.clock.now();
            let mut next_tick = self.station.next_tick(now);
            if let Some((every, due)) = &mut self.watchdog {
                let real_now = std::time::Instant::now();
                if real_now >= *due {
                    crate::services::systemd::notify_watchdog();
                    *due = real_now + *every;
                }
                // An extra tick changes nothing in the station: it only keeps this loop awake.
                let ping = now + due.saturating_duration_since(real_now);
                next_tick = Some(next_tick.map_or(ping, |at| at.min(ping)));
            }
            let message = match next_tick {
                Some(at) => match rx.recv_timeout(at.saturating_duration_since(now)) {
                    Ok(message) => message,
                    Err(RecvTimeoutError::Timeout) => Message::Tick,
                    Err(RecvTimeoutError::Disconnected) => return,
                },
                None => match rx.recv() {
                    Ok(message) => message,
                    Err(_) => return,
                },
            };
            self.station
                .observe_wall(wall_time(self.clock.wall()), self.clock.now());
            match message {
                Message::Command(command) => self.apply(Event::Command(command)),
                Message::Antenna(ask) => self.antenna(ask),
                Message::Tick => {
                    if self.station.wants_drives() {
                        let drives = self.services.drives();
                        self.apply(Event::DrivesSeen(drives));
                    }
                    let idle = if self.station.watches_idle() {
                        self.services.idle()
                    } else {
                        Duration::ZERO
                    };
                    self.apply(Event::Tick { idle });
                    if self.station.in_session() {
                        self.services.keep_session_noted();
                    }
                    if self.station.watches_printing()
                        && let Some(status) = self.services.print_status()
                    {
                        self.apply(Event::PrintsSeen(status));
                    }
                    if self.station.browser_expected() && !self.services.browser_running() {
                        self.apply(Event::BrowserClosed);
                    }
                    // Told once each time the space fills up, not at every tick.
                    let full = self.station.in_session() && self.services.session_space_full();
                    if full && !self.space_full {
                        self.apply(Event::SessionSpaceFull);
                    }
                    self.space_full = full;
                    if !self.shell_on_top {
                        // Windows the browser opened since (Ctrl+N, pop-ups) go below the bar.
                        let text_size = self.station.assist().text_size;
                        self.services.arrange_windows(false, text_size);
                    }
                }
                Message::Sync(reply) => {
                    reply.send(()).ok();
                }
                Message::HomeKey => {
                    if !self.shell_on_top && self.station.in_session() {
                        self.apply(Event::Command(PublicCommand::ShowHome.into()));
                    }
                }
                Message::ClaimKeyboard => {
                    if self.shell_on_top {
                        let text_size = self.station.assist().text_size;
                        self.services.arrange_windows(true, text_size);
                    }
                }
            }
            if matches!(self.station.state(), State::Exited) {
                return;
            }
        }
    }

    /// Feeds one event to the station and carries out the effects, feeding their results back,
    /// until the station has nothing more to do. The screen sees every step.
    fn apply(&mut self, event: Event) {
        let mut pending = VecDeque::from([event]);
        while let Some(event) = pending.pop_front() {
            let effects = self.station.handle(event, self.clock.now());
            self.publish();
            for effect in effects {
                let result = match effect {
                    Effect::PrepareSession(kind) => {
                        let longest = self.station.rules().longest(kind);
                        Some(Event::SessionPrepared(
                            self.services.prepare_session(kind, longest),
                        ))
                    }
                    Effect::OpenSite { url, .. } => {
                        let language = self.station.language();
                        Some(Event::BrowserOpened(self.services.open_site(
                            &url,
                            language,
                            self.station.assist(),
                        )))
                    }
                    Effect::RestyleBrowser => {
                        let language = self.station.language();
                        match self
                            .services
                            .restyle_browser(language, self.station.assist())
                        {
                            Ok(false) => None,
                            started => Some(Event::BrowserOpened(started.map(|_| ()))),
                        }
                    }
                    Effect::ListFiles => Some(Event::FilesListed(self.services.list_files())),
                    Effect::CopyFiles(mount_point) => {
                        let Self {
                            station,
                            services,
                            clock,
                            wake,
                            published,
                            ..
                        } = self;
                        let mut progress = |done_bytes, total_bytes| {
                            let effects = station.handle(
                                Event::CopyProgress {
                                    done_bytes,
                                    total_bytes,
                                },
                                clock.now(),
                            );
                            debug_assert!(effects.is_empty(), "progress has no effect");
                            share(station, clock.as_ref(), published, None, wake.as_ref());
                        };
                        Some(Event::CopyFinished(
                            services.copy_files(&mount_point, &mut progress),
                        ))
                    }
                    Effect::ClearSession(_) => {
                        Some(Event::SessionCleared(self.services.clear_session()))
                    }
                    Effect::RecordSession(summary) => {
                        self.services.record_session(&summary);
                        None
                    }
                    Effect::Speak { text, language } => {
                        self.services.speak(&text, language);
                        None
                    }
                    Effect::SaveSettings(edits) => {
                        Some(Event::SettingsSaved(Box::new(self.save_settings(&edits))))
                    }
                    Effect::LoadReport => Some(Event::ReportLoaded(
                        self.services.usage_report().map(Arc::new),
                    )),
                    Effect::StopPrinting => {
                        self.services.stop_printing();
                        None
                    }
                    Effect::Exit => None,
                    Effect::AnswerAntenna(answer) => {
                        if let Some((id, reply)) = self.answer_to.take() {
                            if !matches!(answer, AntennaAnswer::Refused(_)) {
                                if self.antenna_ids.len() >= MAX_IDS {
                                    self.antenna_ids.pop_front();
                                }
                                self.antenna_ids
                                    .push_back((id, std::time::Instant::now(), answer));
                            }
                            // The console may have given up waiting: the station acted anyway,
                            // and a retry with this id gets this answer.
                            reply.send((answer, false)).ok();
                        }
                        None
                    }
                    Effect::CheckPin(pin) => {
                        let wall = self.clock.wall().to_utc();
                        Some(Event::PinChecked(self.services.check_pin(&pin, wall)))
                    }
                    Effect::SavePins {
                        admin,
                        volunteer,
                        proof,
                    } => Some(Event::PinsSaved(self.services.save_pins(
                        admin.as_ref(),
                        volunteer.as_ref(),
                        proof.as_ref(),
                        self.clock.wall().to_utc(),
                    ))),
                    Effect::CheckStation => {
                        Some(Event::StationChecked(self.services.check_station()))
                    }
                    Effect::RecheckStation => {
                        Some(Event::StationRechecked(self.services.recheck_station()))
                    }
                };
                if let Some(
                    Event::SessionPrepared(Err(problem))
                    | Event::BrowserOpened(Err(problem))
                    | Event::SessionCleared(Err(problem))
                    | Event::StationChecked(Err(problem)),
                ) = &result
                {
                    // For the admin's journal: problems name the station's parts, never the person.
                    log::error!("{:?}: {}", problem.kind, problem.detail);
                }
                pending.extend(result);
            }
        }
    }

    /// A command of the antenna's console: dropped if nobody waits for its answer any more,
    /// answered again without being applied if its id was applied already, else applied.
    fn antenna(&mut self, ask: AntennaAsk) {
        let real_now = std::time::Instant::now();
        if real_now > ask.deadline {
            log::warn!("antenna: a command came too late to be answered, not applied");
            return;
        }
        self.antenna_ids
            .retain(|(_, at, _)| real_now.saturating_duration_since(*at) < REMEMBER_IDS);
        if let Some((_, _, answer)) = self.antenna_ids.iter().find(|(id, _, _)| *id == ask.id) {
            ask.reply.send((*answer, true)).ok();
            return;
        }
        self.answer_to = Some((ask.id, ask.reply));
        self.apply(Event::Command(Command::Antenna(ask.command)));
        self.answer_to = None;
    }

    /// Saves the settings. The new ones are published with the snapshot that follows the
    /// station's answer, under the same lock, so that the screen never draws new settings with
    /// the old state (or the reverse).
    fn save_settings(&mut self, edits: &[ConfigEdit]) -> Result<SavedSettings, SettingsProblem> {
        self.services.save_settings(edits).map(|(config, policy)| {
            let rules = config.rules();
            self.new_config = Some(Arc::new(config));
            SavedSettings { rules, policy }
        })
    }

    fn publish(&mut self) {
        // Out of service from the moment it happens; back only once the station serves again
        // (a wipe retried from the out-of-service screen may fail again).
        match self.station.state() {
            State::OutOfService(problem) if !self.out_of_service => {
                self.out_of_service = true;
                self.services.record_out_of_service(problem.kind);
            }
            State::Welcome | State::Closed(_) | State::Goodbye { .. } if self.out_of_service => {
                self.out_of_service = false;
                self.services.record_back_in_service();
            }
            _ => {}
        }
        share(
            &self.station,
            self.clock.as_ref(),
            &self.published,
            self.new_config.take(),
            self.wake.as_ref(),
        );
        let shell_on_top = self.station.shell_on_top();
        if shell_on_top != self.shell_on_top {
            self.shell_on_top = shell_on_top;
            let text_size = self.station.assist().text_size;
            self.services.arrange_windows(shell_on_top, text_size);
        }
    }
}

/// Shares the station's snapshot, and new settings if any, with the screen, and wakes it if
/// anything changed (new settings always: a second save gives the same snapshot).
fn share(
    station: &Station,
    clock: &dyn Clock,
    shared: &Mutex<Published>,
    config: Option<Arc<Config>>,
    wake: &(dyn Fn() + Send),
) {
    let snapshot = station.snapshot(clock.now());
    let changed = {
        let mut shared = shared.lock().unwrap_or_else(PoisonError::into_inner);
        let changed = shared.snapshot != snapshot || config.is_some();
        shared.snapshot = snapshot;
        if let Some(config) = config {
            shared.config = config;
        }
        changed
    };
    if changed {
        wake();
    }
}
