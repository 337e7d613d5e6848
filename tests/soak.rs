//! The soak: the real kiosk, installed the station's way (an unprivileged kiosk user acting as
//! the guest through the shipped sudo rule, real Chromium in Xvfb, a web site on 127.0.0.1),
//! drives session after session, ended every way a station sees, in a seeded mixed order.
//! After each session it checks what a volunteer would never see but the next person would
//! suffer: a process or a file of the guest left behind, a zombie of the kiosk, and the kiosk's
//! file descriptors, threads and memory (PSS) growing. It stops at the first failure with a
//! screenshot and the kiosk's log, and prints its figures at the end.
//!
//! `scripts/soak N` runs the long one (`soak_sessions`, ignored by `cargo test`) in release
//! mode with `BORNE_SOAK_SESSIONS=N`. `cargo test` runs a short one: every end kind once.
//!
//! Needs root, Xvfb, xdotool, Chromium, sudo and the accounts `borne-e2e` (guest) and
//! `borne-e2e-kiosk` (kiosk user), which `scripts/test` and `scripts/soak` create.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic with its message is how a test reports failure"
)]
#![expect(clippy::print_stdout, reason = "the soak's figures are its report")]

mod common;

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use borne::domain::EndReason;
use borne::services::x11::X11Desktop;
use common::site::TestSite;
use common::station::{
    BAR_END, BAR_HOME, FIRST_TILE, GUEST, KIOSK_USER, Kiosk, ONE_AT_A_TIME, Proc, SCREEN,
    SECOND_TILE, START, VOLUNTEER_PIN, kiosk_window, processes, zombie_children,
};
use common::xvfb::Xvfb;

const SHIPPED_RULE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/deploy/sudoers");
/// The browser policy is machine-wide: the soak's kiosk checks it before every session.
const POLICY: &str = "/etc/chromium/policies/managed/borne.json";

/// The soak's sessions: short drop-in sessions are ended by hand; an assisted session (opened
/// by a volunteer) lasts the shortest the config allows and is the one that runs out of time;
/// idle time is the shortest allowed. No warnings: with a one-minute session they would cover
/// the bar at once.
const SESSION: &str = "drop_in_minutes = 10
assisted_minutes = 1
warn_at_minutes_left = []
idle_secs = 30
idle_grace_secs = 10
goodbye_secs = 2";

/// Where the layout puts things on a 1280x800 screen (measured with kittest's accessibility
/// tree, checked on screenshots of the real kiosk).
const BAR_STAFF: (i32, i32) = (664, 42);
const WELCOME_STAFF: (i32, i32) = (99, 52);
const START_ASSISTED: (i32, i32) = (640, 268);
const STAFF_END: (i32, i32) = (640, 398);
const STAFF_END_YES: (i32, i32) = (640, 492);
const CONFIRM_END_YES: (i32, i32) = (833, 472);
const ERASE_AND_END: (i32, i32) = (950, 430);

/// Sessions of a kiosk process before its figures become the baseline (one of them with a PIN
/// typed, see `Soak::pin_checked`), and how far they may grow from it.
const WARM_UP: u32 = 5;
const FD_SLACK: i64 = 6;
const THREAD_SLACK: i64 = 4;
/// The kiosk's own memory (anonymous: heap, stacks) may grow by 20 MiB; its PSS moves by about
/// as much when another process maps or unmaps the libraries it shares (seen: -22 MiB when a
/// second kiosk started on the machine), so PSS gets twice that.
const ANON_SLACK_KIB: i64 = 20 * 1024;
const PSS_SLACK_KIB: i64 = 2 * ANON_SLACK_KIB;

/// How a session ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum End {
    /// "Terminer", "Oui, terminer"; no file, so no save screen.
    Terminer,
    /// A download, then "Terminer", "Oui, terminer", and "Tout effacer et terminer" on the
    /// save screen.
    TerminerErase,
    /// A volunteer's one-minute assisted session runs out.
    TimeUp,
    /// Nobody touches anything: the idle question, then the end.
    Idle,
    /// A volunteer ends it from the staff panel (PIN typed on the keyboard).
    Volunteer,
    /// kill -9 of the kiosk at a random moment, then a restart that must recover.
    KioskKilled,
    /// kill -9 of the browser; the person opens a site again, then "Terminer".
    BrowserKilled,
    /// Ctrl+W on the last tab closes the browser; the person opens a site again, then
    /// "Terminer".
    CtrlW,
}

impl End {
    const ALL: [Self; 8] = [
        Self::Terminer,
        Self::TerminerErase,
        Self::TimeUp,
        Self::Idle,
        Self::Volunteer,
        Self::KioskKilled,
        Self::BrowserKilled,
        Self::CtrlW,
    ];
    /// The quick ends that fill each block of the schedule after one of every kind.
    const FILL: [Self; 8] = [
        Self::Terminer,
        Self::Terminer,
        Self::Terminer,
        Self::TerminerErase,
        Self::Volunteer,
        Self::Volunteer,
        Self::BrowserKilled,
        Self::CtrlW,
    ];

    /// How the usage log must count it (`None`: a kill, counted at the restart if a session
    /// had started).
    fn reason(self) -> Option<EndReason> {
        match self {
            Self::Terminer | Self::TerminerErase | Self::BrowserKilled | Self::CtrlW => {
                Some(EndReason::User)
            }
            Self::TimeUp => Some(EndReason::TimeUp),
            Self::Idle => Some(EndReason::Idle),
            Self::Volunteer => Some(EndReason::Staff),
            Self::KioskKilled => None,
        }
    }
}

impl fmt::Display for End {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// splitmix64: a seeded, dependency-free generator; the same seed gives the same soak.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = usize::try_from(self.below(i as u64 + 1)).unwrap();
            items.swap(i, j);
        }
    }
}

/// The order of the ends: blocks of 16, each one of every kind then eight quick ones, each
/// half shuffled. Any 8 first sessions cover every kind; the kiosk is killed once per block.
fn schedule(sessions: usize, rng: &mut Rng) -> Vec<End> {
    let mut order = Vec::with_capacity(sessions + 16);
    while order.len() < sessions {
        let mut all = End::ALL;
        rng.shuffle(&mut all);
        let mut fill = End::FILL;
        rng.shuffle(&mut fill);
        order.extend(all);
        order.extend(fill);
    }
    order.truncate(sessions);
    order
}

/// The shipped rule, installed for the soak's names; removed when dropped. The alias gets this
/// process's id: sudo's aliases are global, and a station's own rule (`/etc/sudoers.d/borne`)
/// or the e2e tests' may define theirs at the same time.
struct InstalledRule(PathBuf);

impl InstalledRule {
    fn install(program: &Path, user: &str, guest: &str) -> Self {
        let shipped = fs::read_to_string(SHIPPED_RULE).unwrap();
        let text = shipped
            .replace("/usr/bin/borne", &program.display().to_string())
            .replace("(borne-invite)", &format!("({guest})"))
            .replace("\nborne ALL", &format!("\n{user} ALL"))
            .replace(
                "BORNE_GUEST",
                &format!("BORNE_GUEST_SOAK_{}", std::process::id()),
            );
        assert_ne!(
            text, shipped,
            "the shipped rule names changed: update the soak"
        );
        let path = PathBuf::from(format!("/etc/sudoers.d/borne-soak-{}", std::process::id()));
        fs::write(&path, text).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o440)).unwrap();
        let rule = Self(path);
        let output = Command::new("visudo")
            .arg("-cf")
            .arg(&rule.0)
            .output()
            .expect("visudo is missing: apt-get install sudo");
        assert!(
            output.status.success(),
            "visudo -cf {}: {}{}",
            rule.0.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        rule
    }
}

impl Drop for InstalledRule {
    fn drop(&mut self) {
        fs::remove_file(&self.0).ok();
    }
}

fn uid_of(user: &str) -> u32 {
    nix::unistd::User::from_name(user)
        .unwrap()
        .unwrap_or_else(|| panic!("the user {user} is missing: run scripts/soak as root"))
        .uid
        .as_raw()
}

/// Every process of `uid`, in any state, zombies included.
fn processes_of(uid: u32) -> Vec<Proc> {
    processes().into_iter().filter(|p| p.uid == uid).collect()
}

/// The browser's main process: a Chromium of the guest whose parent is not a Chromium.
fn browser_main(guest_uid: u32) -> Option<u32> {
    let all = processes();
    let chromium = |pid: u32| all.iter().any(|p| p.pid == pid && p.name == "chromium");
    all.iter()
        .find(|p| p.uid == guest_uid && p.name == "chromium" && p.state != 'Z' && !chromium(p.ppid))
        .map(|p| p.pid)
}

/// Files and directories owned by `uid` under `dirs` (and the tops themselves), without
/// following links or leaving the file system of each.
fn owned_by(uid: u32, dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for top in dirs {
        let Ok(top_meta) = top.symlink_metadata() else {
            continue;
        };
        if top_meta.uid() == uid {
            found.push(top.clone());
        }
        let mut stack = vec![top.clone()];
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
                let Ok(meta) = entry.path().symlink_metadata() else {
                    continue;
                };
                if meta.uid() == uid {
                    found.push(entry.path());
                } else if meta.is_dir() && meta.dev() == top_meta.dev() {
                    stack.push(entry.path());
                }
            }
        }
    }
    found
}

/// What the soak measures of the kiosk process after each session.
#[derive(Clone, Copy, Debug, Default)]
struct Figures {
    fds: i64,
    threads: i64,
    pss_kib: i64,
    /// The kiosk's own memory (heap, stacks): PSS also moves when other processes map or unmap
    /// the libraries the kiosk shares with them (Mesa's llvmpipe, a second kiosk).
    anon_kib: i64,
}

fn figures(pid: u32) -> Figures {
    let fds = fs::read_dir(format!("/proc/{pid}/fd")).map_or(-1, |d| d.count() as i64);
    let field = |file: &str, key: &str| {
        fs::read_to_string(format!("/proc/{pid}/{file}"))
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(-1)
    };
    Figures {
        fds,
        threads: field("status", "Threads:"),
        pss_kib: field("smaps_rollup", "Pss:"),
        anon_kib: field("smaps_rollup", "Anonymous:"),
    }
}

/// The end reasons the kiosk's usage log counted, read from a copy (the log belongs to the
/// kiosk user; opening it as root could leave root's files next to it).
fn usage_counts(kiosk: &Kiosk) -> BTreeMap<String, u64> {
    let copy = kiosk.dir.join("usage-copy");
    fs::remove_dir_all(&copy).ok();
    fs::create_dir_all(&copy).unwrap();
    for suffix in ["", "-wal", "-shm"] {
        let from = kiosk.dir.join(format!("data/usage.sqlite{suffix}"));
        if from.exists() {
            fs::copy(&from, copy.join(format!("usage.sqlite{suffix}"))).unwrap();
        }
    }
    let mut counts = BTreeMap::new();
    if !copy.join("usage.sqlite").exists() {
        return counts;
    }
    let report = common::todays_report(&copy.join("usage.sqlite"));
    for (reason, cell) in &report.total.end_reasons {
        if let borne::services::usage_log::Cell::Value(n) = cell {
            counts.insert(format!("{reason:?}"), *n);
        }
    }
    fs::remove_dir_all(&copy).ok();
    counts
}

/// The soak's state and its figures.
struct Soak {
    /// Kept alive for the kiosk's display.
    _xvfb: Xvfb,
    desktop: X11Desktop,
    site: TestSite,
    kiosk: Kiosk,
    guest_uid: u32,
    rng: Rng,
    /// The kiosk process the figures belong to, its sessions so far and its baseline.
    pid: u32,
    sessions_of_pid: u32,
    /// Whether this kiosk process checked a PIN yet: its first Argon2 check (19 MiB) leaves
    /// that much memory with the allocator for good, once; later checks reuse it.
    pin_checked: bool,
    baseline: Option<Figures>,
    first: Option<Figures>,
    last: Figures,
    max_fds: i64,
    max_threads: i64,
    max_anon_kib: i64,
    max_leftovers: usize,
    /// Taps on a tile that started nothing and were repeated.
    taps_repeated: std::cell::Cell<u32>,
    restarts: Vec<String>,
    done: BTreeMap<End, u32>,
    /// What the usage log must say, by end reason.
    expected: BTreeMap<String, u64>,
    /// The session running (from 1) and how it is to end, for the failure message.
    session: usize,
    end: End,
    /// The policy the soak installed: another test run rewriting it is not the kiosk's fault.
    policy: Vec<u8>,
}

impl Soak {
    /// Fails the soak: screenshot, the last lines of the kiosk's log, what was going on.
    fn fail(&self, what: &str) -> ! {
        if fs::read(POLICY).unwrap_or_default() != self.policy {
            panic!(
                "SOAK INTERRUPTED at session {} ({}): {POLICY} was rewritten by another process \
                 (the end-to-end tests of another `cargo test` install their own): the kiosk \
                 went out of service as it must. Not a kiosk failure; rerun the soak when no \
                 other test runs. (What failed: {what})",
                self.session, self.end
            );
        }
        let shot = self
            .kiosk
            .screenshot(&format!("soak-{}-{what}", self.session));
        let log = fs::read_to_string(self.kiosk.dir.join("kiosk.log")).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(60).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        panic!(
            "SOAK FAILED at session {} ({}, kiosk pid {}): {what}\nscreenshot: {}\nkiosk log (last \
             lines, whole log in {}):\n{}",
            self.session,
            self.end,
            self.kiosk.child.id(),
            shot.display(),
            self.kiosk.dir.join("kiosk.log").display(),
            tail.join("\n")
        );
    }

    fn wait(&self, what: &str, limit: Duration, mut check: impl FnMut() -> bool) {
        let until = Instant::now() + limit;
        while !check() {
            if Instant::now() > until {
                self.fail(&format!("{what}: not within {limit:?}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A screenshot of a step, when BORNE_SOAK_SHOTS is set (to check the layout).
    fn shot(&self, step: &str) {
        if std::env::var_os("BORNE_SOAK_SHOTS").is_some() {
            let path = self
                .kiosk
                .screenshot(&format!("soak-step-{}-{step}", self.session));
            println!("  screenshot {}", path.display());
        }
    }

    fn kiosk_on_top(&self) -> bool {
        let pid = self.kiosk.child.id();
        self.desktop
            .top_level_windows()
            .ok()
            .is_some_and(|windows| {
                windows
                    .iter()
                    .rev()
                    .find(|w| w.mapped && !w.override_redirect)
                    .is_some_and(|w| w.pid == Some(pid))
            })
    }

    fn requests(&self, path: &str) -> usize {
        self.site
            .requests()
            .iter()
            .filter(|r| r.path == path)
            .count()
    }

    /// Clicks a tile on the home screen and waits until the browser asked for its page.
    fn open(&self, tile: (i32, i32), path: &str) {
        let before = self.requests(path);
        // On a loaded machine the first tap can land while the home screen is still being
        // drawn; a person taps again, and so does the soak (counted in the figures), but only
        // when no browser started at all.
        for _ in 0..2 {
            self.kiosk.click(tile);
            let until = Instant::now() + Duration::from_secs(10);
            while Instant::now() < until {
                if self.requests(path) > before || browser_main(self.guest_uid).is_some() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            if self.requests(path) > before || browser_main(self.guest_uid).is_some() {
                break;
            }
            self.taps_repeated.set(self.taps_repeated.get() + 1);
            println!("  no browser 10 s after the tap on {path}: tapping again");
        }
        self.wait(
            &format!("the browser requests {path}"),
            Duration::from_secs(60),
            || self.requests(path) > before,
        );
    }

    fn start(&self) -> PathBuf {
        let pid = self.kiosk.child.id();
        self.wait("the kiosk window is up", Duration::from_secs(30), || {
            self.desktop
                .top_level_windows()
                .ok()
                .is_some_and(|w| kiosk_window(&w, pid).is_some())
        });
        std::thread::sleep(Duration::from_millis(500));
        // A click that lands on the last frame of the goodbye screen is lost: press again.
        for _ in 0..2 {
            self.kiosk.click(START);
            let until = Instant::now() + Duration::from_secs(8);
            while Instant::now() < until {
                if self.kiosk.session_dirs().len() == 1 {
                    return self.kiosk.session_dirs().remove(0);
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        self.kiosk.click(START);
        self.wait(
            "a session directory exists after \"Commencer\"",
            Duration::from_secs(15),
            || self.kiosk.session_dirs().len() == 1,
        );
        self.kiosk.session_dirs().remove(0)
    }

    /// "Terminer" in the bar, then "Oui, terminer" once the question is above the browser.
    fn terminer(&self) {
        self.kiosk.click(BAR_END);
        self.wait(
            "the end question is above the browser",
            Duration::from_secs(10),
            || self.kiosk_on_top(),
        );
        std::thread::sleep(Duration::from_millis(600));
        self.shot("end-question");
        self.kiosk.click(CONFIRM_END_YES);
    }

    /// Opens the staff panel at `button` and types the volunteer's PIN on the keyboard.
    fn volunteer_unlocks(&self, button: (i32, i32)) {
        self.kiosk.click(button);
        self.wait("the PIN pad is on top", Duration::from_secs(10), || {
            self.kiosk_on_top()
        });
        // Let the pad draw before typing.
        std::thread::sleep(Duration::from_millis(1200));
        self.kiosk.point((640, 200));
        self.kiosk.type_text(VOLUNTEER_PIN);
        self.kiosk.keys(&["Return"]);
        // The PIN is checked against its Argon2 hash.
        std::thread::sleep(Duration::from_millis(1500));
    }

    /// Whether `check` holds within `limit`.
    fn until(&self, limit: Duration, mut check: impl FnMut() -> bool) -> bool {
        let until = Instant::now() + limit;
        while !check() {
            if Instant::now() > until {
                return false;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        true
    }

    /// Unlocks the staff panel at `button` with the volunteer's PIN, then does `then`, which
    /// says whether it worked. On a loaded machine the first digits can reach the kiosk before
    /// its PIN pad is drawn ("Code incorrect"): the driver then closes what is open and types
    /// again, up to three times, and counts it as a repeated tap; the kiosk is not at fault.
    fn unlock_then(&self, button: (i32, i32), what: &str, mut then: impl FnMut() -> bool) {
        for attempt in 0..3 {
            if attempt > 0 {
                self.taps_repeated.set(self.taps_repeated.get() + 1);
                self.kiosk.keys(&["Escape"]);
                std::thread::sleep(Duration::from_millis(500));
                self.kiosk.keys(&["Escape"]);
                std::thread::sleep(Duration::from_secs(1));
            }
            self.volunteer_unlocks(button);
            if then() {
                return;
            }
        }
        self.fail(&format!("{what}: not after three PIN entries"));
    }

    /// Waits until the session directory is gone: the session ended and was wiped.
    fn wait_cleared(&self, dir: &Path, limit: Duration) {
        self.wait("the session directory is removed", limit, || !dir.exists());
    }

    /// Runs one session ended by `end`.
    fn run(&mut self, end: End) {
        self.end = end;
        match end {
            End::Terminer => {
                let dir = self.start();
                self.open(FIRST_TILE, "/france-travail");
                self.terminer();
                self.wait_cleared(&dir, Duration::from_secs(30));
            }
            End::TerminerErase => {
                let dir = self.start();
                self.open(FIRST_TILE, "/france-travail");
                let name = format!("lettre-{}.pdf", self.session);
                std::thread::sleep(Duration::from_millis(500));
                self.kiosk
                    .go_to(&self.site.url(&format!("/download/{name}")));
                let file = dir.join("home/Téléchargements").join(&name);
                self.wait("the download is saved", Duration::from_secs(20), || {
                    file.exists()
                });
                self.terminer();
                self.wait("the save screen is up", Duration::from_secs(10), || {
                    self.kiosk_on_top()
                });
                std::thread::sleep(Duration::from_millis(1500));
                if !dir.exists() {
                    self.fail("the session ended without the save screen, a file was there");
                }
                self.shot("save-screen");
                self.kiosk.click(ERASE_AND_END);
                self.wait_cleared(&dir, Duration::from_secs(30));
            }
            End::TimeUp => {
                let pid = self.kiosk.child.id();
                self.wait("the kiosk window is up", Duration::from_secs(30), || {
                    self.desktop
                        .top_level_windows()
                        .ok()
                        .is_some_and(|w| kiosk_window(&w, pid).is_some())
                });
                std::thread::sleep(Duration::from_millis(500));
                self.unlock_then(WELCOME_STAFF, "an assisted session starts", || {
                    self.kiosk.click(START_ASSISTED);
                    self.until(Duration::from_secs(15), || {
                        self.kiosk.session_dirs().len() == 1
                    })
                });
                let dir = self.kiosk.session_dirs().remove(0);
                let started = Instant::now();
                self.open(FIRST_TILE, "/france-travail");
                // Someone is at the keyboard: the end is the clock's, not the idle one's.
                let until = Instant::now() + Duration::from_secs(120);
                let mut x = 600;
                while dir.exists() {
                    if Instant::now() > until {
                        self.fail("the one-minute session did not end within 2 minutes");
                    }
                    x = if x == 600 { 680 } else { 600 };
                    self.kiosk.point((x, 500));
                    std::thread::sleep(Duration::from_secs(2));
                }
                if started.elapsed() < Duration::from_secs(50) {
                    self.fail(&format!(
                        "the one-minute session ended after {:?}",
                        started.elapsed()
                    ));
                }
            }
            End::Idle => {
                let dir = self.start();
                self.open(FIRST_TILE, "/france-travail");
                // 30 s idle, 10 s for the question, a tick or two.
                self.wait_cleared(&dir, Duration::from_secs(75));
            }
            End::Volunteer => {
                let dir = self.start();
                self.open(FIRST_TILE, "/france-travail");
                std::thread::sleep(Duration::from_millis(500));
                self.unlock_then(BAR_STAFF, "a volunteer ends the session", || {
                    self.shot("staff-menu");
                    self.kiosk.click(STAFF_END);
                    std::thread::sleep(Duration::from_millis(800));
                    self.shot("staff-end-question");
                    self.kiosk.click(STAFF_END_YES);
                    self.until(Duration::from_secs(30), || !dir.exists())
                });
            }
            End::BrowserKilled | End::CtrlW => {
                let dir = self.start();
                self.open(FIRST_TILE, "/france-travail");
                std::thread::sleep(Duration::from_millis(1000));
                let Some(main) = browser_main(self.guest_uid) else {
                    self.fail("no main Chromium process of the guest");
                };
                if end == End::BrowserKilled {
                    nix::sys::signal::kill(
                        nix::unistd::Pid::from_raw(i32::try_from(main).unwrap()),
                        nix::sys::signal::Signal::SIGKILL,
                    )
                    .unwrap();
                } else {
                    self.kiosk.point((640, 500));
                    std::thread::sleep(Duration::from_millis(300));
                    self.kiosk.keys(&["ctrl+w"]);
                }
                self.wait("the browser is gone", Duration::from_secs(20), || {
                    !Path::new(&format!("/proc/{main}")).exists()
                        || processes().iter().any(|p| p.pid == main && p.state == 'Z')
                });
                std::thread::sleep(Duration::from_millis(1000));
                // The person goes back home and opens a site again: a new browser.
                self.kiosk.click(BAR_HOME);
                self.wait("the home screen is on top", Duration::from_secs(10), || {
                    self.kiosk_on_top()
                });
                std::thread::sleep(Duration::from_millis(600));
                self.open(SECOND_TILE, "/cv");
                std::thread::sleep(Duration::from_millis(500));
                self.terminer();
                self.wait_cleared(&dir, Duration::from_secs(30));
            }
            End::KioskKilled => {
                let moment = self.rng.below(3);
                let delay = Duration::from_millis(self.rng.below(4000));
                self.start();
                if moment > 0 {
                    self.open(FIRST_TILE, "/france-travail");
                }
                std::thread::sleep(delay);
                println!(
                    "  kill -9 of the kiosk {} + {delay:?}",
                    if moment > 0 {
                        "on the site"
                    } else {
                        "after \"Commencer\""
                    }
                );
                self.kiosk.child.kill().unwrap();
                self.kiosk.child.wait().unwrap();
                // A helper the kiosk had started may finish its step: let it.
                std::thread::sleep(Duration::from_secs(1));
                let interrupted = self
                    .kiosk
                    .session_dirs()
                    .iter()
                    .filter(|dir| dir.join(".borne-session").exists())
                    .count() as u64;
                *self.expected.entry("Interruption".into()).or_default() += interrupted;
                self.kiosk.restart();
                let pid = self.kiosk.child.id();
                self.wait(
                    "the restarted kiosk's window is up",
                    Duration::from_secs(60),
                    || {
                        self.desktop
                            .top_level_windows()
                            .ok()
                            .is_some_and(|w| kiosk_window(&w, pid).is_some())
                    },
                );
                if !self.kiosk.session_dirs().is_empty() {
                    self.fail(&format!(
                        "the restarted kiosk shows its window with leftovers: {:?}",
                        self.kiosk.session_dirs()
                    ));
                }
                let counts = usage_counts(&self.kiosk);
                let counted = counts.get("Interruption").copied().unwrap_or(0);
                let expected = self.expected.get("Interruption").copied().unwrap_or(0);
                if counted != expected {
                    self.fail(&format!(
                        "the usage log counts {counted} interrupted session(s), expected \
                         {expected} (this kill left {interrupted})"
                    ));
                }
            }
        }
        if let Some(reason) = end.reason() {
            *self.expected.entry(format!("{reason:?}")).or_default() += 1;
        }
    }

    /// The checks after each session; returns the leftovers found (0, or it fails).
    fn check(&mut self) {
        let kiosk_pid = self.kiosk.child.id();
        if let Some(status) = self.kiosk.child.try_wait().unwrap() {
            self.fail(&format!("the kiosk exited: {status}"));
        }
        // `borne guest check` runs as the guest for a moment after the directory goes.
        let until = Instant::now() + Duration::from_secs(10);
        let mut left = processes_of(self.guest_uid);
        while !left.is_empty() && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(100));
            left = processes_of(self.guest_uid);
        }
        let until = Instant::now() + Duration::from_secs(5);
        let mut zombies = zombie_children(kiosk_pid);
        while !zombies.is_empty() && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(100));
            zombies = zombie_children(kiosk_pid);
        }
        let run_user = PathBuf::from(format!("/run/user/{}", self.guest_uid));
        let files = owned_by(
            self.guest_uid,
            &[
                PathBuf::from("/tmp"),
                PathBuf::from("/var/tmp"),
                PathBuf::from("/dev/shm"),
                self.kiosk.sessions(),
                run_user.clone(),
            ],
        );
        let mut leftovers =
            left.len() + zombies.len() + files.len() + self.kiosk.session_dirs().len();
        if run_user.exists() {
            leftovers += 1;
        }
        self.max_leftovers = self.max_leftovers.max(leftovers);
        if !left.is_empty() {
            self.fail(&format!("processes of the guest remain: {left:?}"));
        }
        if !zombies.is_empty() {
            self.fail(&format!("zombie children of the kiosk: {zombies:?}"));
        }
        if !files.is_empty() {
            self.fail(&format!("files of the guest remain: {files:?}"));
        }
        if !self.kiosk.session_dirs().is_empty() {
            self.fail(&format!(
                "the session root is not empty: {:?}",
                self.kiosk.session_dirs()
            ));
        }
        if run_user.exists() {
            self.fail(&format!("{} exists", run_user.display()));
        }
        let log = fs::read_to_string(self.kiosk.dir.join("kiosk.log")).unwrap_or_default();
        if log.contains("ClearFailed") || log.contains("out of service") {
            self.fail("the kiosk logged a failed clear or went out of service");
        }

        if kiosk_pid != self.pid {
            self.restarts.push(format!(
                "session {}: kiosk pid {} -> {kiosk_pid} after {} session(s), last {}",
                self.session,
                self.pid,
                self.sessions_of_pid,
                describe(self.last)
            ));
            self.pid = kiosk_pid;
            self.sessions_of_pid = 0;
            self.pin_checked = false;
            self.baseline = None;
        }
        self.sessions_of_pid += 1;
        self.pin_checked |= matches!(self.end, End::Volunteer | End::TimeUp);
        let now = figures(kiosk_pid);
        self.first.get_or_insert(now);
        self.last = now;
        self.max_fds = self.max_fds.max(now.fds);
        self.max_threads = self.max_threads.max(now.threads);
        self.max_anon_kib = self.max_anon_kib.max(now.anon_kib);
        // The warm-up: a few sessions, one of them with a PIN typed.
        if self.baseline.is_none() && self.sessions_of_pid >= WARM_UP && self.pin_checked {
            self.baseline = Some(now);
        }
        // The goodbye screen (2 s) gives way to the welcome screen.
        std::thread::sleep(Duration::from_millis(2500));
        if let Some(base) = self.baseline {
            if now.fds - base.fds > FD_SLACK {
                self.fail(&format!(
                    "the kiosk's file descriptors grow: {} after warm-up, {} now",
                    base.fds, now.fds
                ));
            }
            if now.threads - base.threads > THREAD_SLACK {
                self.fail(&format!(
                    "the kiosk's threads grow: {} after warm-up, {} now",
                    base.threads, now.threads
                ));
            }
            if now.anon_kib - base.anon_kib > ANON_SLACK_KIB {
                self.fail(&format!(
                    "the kiosk's own memory grows: anonymous {} KiB after warm-up, {} KiB now",
                    base.anon_kib, now.anon_kib
                ));
            }
            if now.pss_kib - base.pss_kib > PSS_SLACK_KIB {
                self.fail(&format!(
                    "the kiosk's memory grows: PSS {} KiB after warm-up, {} KiB now",
                    base.pss_kib, now.pss_kib
                ));
            }
        }
    }
}

fn describe(f: Figures) -> String {
    format!(
        "fds {} threads {} PSS {:.1} MiB anon {:.1} MiB",
        f.fds,
        f.threads,
        f.pss_kib as f64 / 1024.0,
        f.anon_kib as f64 / 1024.0
    )
}

/// Runs `sessions` sessions and prints the figures.
fn soak(sessions: usize) {
    assert!(
        nix::unistd::geteuid().is_root(),
        "the soak makes the kiosk's directories and installs a sudo rule: run it as root \
         (scripts/soak)"
    );
    let _serial = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let seed: u64 = std::env::var("BORNE_SOAK_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(11);
    let mut rng = Rng(seed);
    // BORNE_SOAK_ORDER="Idle,CtrlW": these ends, in this order (to replay a failure).
    let order = std::env::var("BORNE_SOAK_ORDER").map_or_else(
        |_| schedule(sessions, &mut rng),
        |names| {
            names
                .split(',')
                .map(|name| {
                    *End::ALL
                        .iter()
                        .find(|end| end.to_string() == name.trim())
                        .unwrap_or_else(|| panic!("BORNE_SOAK_ORDER: no end named {name:?}"))
                })
                .collect()
        },
    );
    let user = std::env::var("BORNE_SOAK_KIOSK_USER").unwrap_or_else(|_| KIOSK_USER.into());
    let guest = std::env::var("BORNE_SOAK_GUEST").unwrap_or_else(|_| GUEST.into());
    let guest_uid = uid_of(&guest);
    uid_of(&user);
    let name = "soak";
    let _rule = InstalledRule::install(
        &common::station::kiosk_dir(name).join("borne"),
        &user,
        &guest,
    );
    let xvfb = Xvfb::start_with(&format!("{}x{}", SCREEN.0, SCREEN.1));
    let desktop = xvfb.connect();
    let site = TestSite::start();
    let kiosk = Kiosk::start_soak(&xvfb, &site, name, &user, &guest, SESSION);
    println!(
        "soak: {} sessions, seed {seed}, kiosk {} as {user}, guest {guest}, display {}",
        order.len(),
        kiosk.dir.display(),
        xvfb.display()
    );
    let pid = kiosk.child.id();
    let mut soak = Soak {
        _xvfb: xvfb,
        desktop,
        site,
        kiosk,
        guest_uid,
        rng,
        pid,
        sessions_of_pid: 0,
        pin_checked: false,
        baseline: None,
        first: None,
        last: Figures::default(),
        max_fds: 0,
        max_threads: 0,
        max_anon_kib: 0,
        max_leftovers: 0,
        taps_repeated: std::cell::Cell::new(0),
        restarts: Vec::new(),
        done: BTreeMap::new(),
        expected: BTreeMap::new(),
        session: 0,
        end: End::Terminer,
        policy: fs::read(POLICY).unwrap_or_default(),
    };
    let started = Instant::now();
    for (i, end) in order.iter().enumerate() {
        soak.session = i + 1;
        if fs::read(POLICY).unwrap_or_default() != soak.policy {
            soak.fail("the policy changed");
        }
        let begun = Instant::now();
        soak.run(*end);
        soak.check();
        *soak.done.entry(*end).or_default() += 1;
        println!(
            "session {:>4}/{} {:<14} {:>5.1} s  pid {} {}",
            i + 1,
            order.len(),
            end.to_string(),
            begun.elapsed().as_secs_f64(),
            soak.pid,
            describe(soak.last)
        );
    }
    let wall = started.elapsed();
    // Every end was counted as it happened, interruptions once.
    let counted = usage_counts(&soak.kiosk);
    let expected = soak.expected.clone();
    let counted_matching: BTreeMap<String, u64> = counted
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(k, n)| (k.clone(), *n))
        .collect();
    let expected_matching: BTreeMap<String, u64> = expected
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(k, n)| (k.clone(), *n))
        .collect();
    let first = soak.first.unwrap_or_default();
    println!("\n==== soak figures ====");
    println!("sessions run:        {}", order.len());
    println!("wall time:           {:.1} min", wall.as_secs_f64() / 60.0);
    println!(
        "sessions per hour:   {:.0}",
        order.len() as f64 * 3600.0 / wall.as_secs_f64()
    );
    println!(
        "kiosk PSS first:     {:.1} MiB",
        first.pss_kib as f64 / 1024.0
    );
    println!(
        "kiosk PSS last:      {:.1} MiB",
        soak.last.pss_kib as f64 / 1024.0
    );
    println!("kiosk first:         {}", describe(first));
    println!("kiosk last:          {}", describe(soak.last));
    println!(
        "max fds / threads:   {} / {}",
        soak.max_fds, soak.max_threads
    );
    println!(
        "max kiosk anon:      {:.1} MiB",
        soak.max_anon_kib as f64 / 1024.0
    );
    println!("max leftovers seen:  {}", soak.max_leftovers);
    println!("taps repeated:       {}", soak.taps_repeated.get());
    println!("ends:                {:?}", soak.done);
    println!("usage log counted:   {counted_matching:?}");
    println!("kiosk restarts:      {}", soak.restarts.len());
    for restart in &soak.restarts {
        println!("  {restart}");
    }
    if counted_matching != expected_matching {
        soak.fail(&format!(
            "the usage log counts {counted_matching:?}, the soak did {expected_matching:?}"
        ));
    }
    fs::remove_dir_all(&soak.kiosk.dir).ok();
}

/// The long soak: `scripts/soak N`.
#[test]
#[ignore = "a soak: run scripts/soak N"]
fn soak_sessions() {
    let sessions = std::env::var("BORNE_SOAK_SESSIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    soak(sessions);
}

/// Every way a session ends, once each, in the soak's seeded order: what `cargo test` runs.
#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: it makes the kiosk's directories and installs a sudo rule; scripts/test runs it as root"
)]
fn every_way_a_session_ends_leaves_nothing_and_the_kiosk_stays_flat() {
    soak(End::ALL.len());
}
