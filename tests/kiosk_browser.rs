//! End to end: the real `borne` binary in a real X server (Xvfb) with a real Chromium and a real
//! Firefox ESR, against a web site on 127.0.0.1. Asserts on the site's request log, on window
//! geometry and on the processes and files left behind.
//!
//! Needs Xvfb, xdotool, chromium and firefox-esr; when run as root, the user `borne-e2e` (the
//! browser's guest account: browsers refuse to run as root). `scripts/test` installs and makes
//! all of it. The kiosk is driven with real mouse clicks at the places its layout puts the
//! buttons on a 1280x800 screen; a failing step saves a screenshot in `target/e2e-shots/`.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic with its message is how a test reports failure"
)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use borne::services::x11::{TopWindow, X11Desktop};
use borne::ui::theme;
use common::site::TestSite;
use common::xvfb::Xvfb;

/// The tests share the guest account, and a kiosk stops every process of its guest: one at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

const GUEST: &str = "borne-e2e";
const SCREEN: (u32, u32) = (1280, 800);
/// Where the layout puts things on a 1280x800 screen (see `src/ui`): "Commencer" in the middle,
/// the two shortcut tiles side by side, the bar's buttons at the right, the confirmation's
/// "Oui, terminer" right of centre.
const START: (i32, i32) = (640, 400);
const FIRST_TILE: (i32, i32) = (496, 350);
const SECOND_TILE: (i32, i32) = (784, 350);
const BAR_HOME: (i32, i32) = (990, 42);
const BAR_END: (i32, i32) = (1173, 42);
const CONFIRM_END: (i32, i32) = (833, 472);

struct Kiosk {
    child: Child,
    display: String,
    dir: PathBuf,
    name: String,
}

impl Kiosk {
    fn start(xvfb: &Xvfb, site: &TestSite, browser: &str) -> Self {
        // Short: the browser's socket paths live under it.
        let dir = std::env::temp_dir().join(format!("be2e-{browser}-{}", std::process::id()));
        fs::remove_dir_all(&dir).ok();
        fs::create_dir_all(&dir).unwrap();
        // The guest must reach its session directory under this one.
        fs::set_permissions(&dir, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        let guest_line = if nix::unistd::geteuid().is_root() {
            assert!(
                nix::unistd::User::from_name(GUEST).unwrap().is_some(),
                "the user {GUEST} is missing: run scripts/test, which creates it"
            );
            format!("guest_user = \"{GUEST}\"")
        } else {
            String::new()
        };
        let config = format!(
            r#"[station]
name = "Poste e2e"
[session]
drop_in_minutes = 30
[browser]
program = "{browser}"
{guest_line}
session_root = "{sessions}"
[[shortcut]]
id = "france-travail"
label = {{ fr = "France Travail" }}
icon = "travail"
url = "{first}"
[[shortcut]]
id = "cv"
label = {{ fr = "Faire mon CV" }}
icon = "cv"
url = "{second}"
"#,
            sessions = dir.join("sessions").display(),
            first = site.url("/france-travail"),
            second = site.url("/cv"),
        );
        let config_path = dir.join("borne.toml");
        fs::write(&config_path, config).unwrap();
        // A station's browsers are locked down by managed policies, which the kiosk checks before
        // every session; installing them is the installer's job, as root.
        let install = Command::new(env!("CARGO_BIN_EXE_borne"))
            .arg("--config")
            .arg(&config_path)
            .arg("install-policies")
            .output()
            .unwrap();
        assert!(
            install.status.success(),
            "borne install-policies failed (the end-to-end tests run as root): {}",
            String::from_utf8_lossy(&install.stderr)
        );
        let log = fs::File::create(dir.join("kiosk.log")).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_borne"))
            .arg("--config")
            .arg(&config_path)
            .env("DISPLAY", xvfb.display())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        Self {
            child,
            display: xvfb.display().to_owned(),
            dir,
            name: browser.to_owned(),
        }
    }

    fn sessions(&self) -> PathBuf {
        self.dir.join("sessions")
    }

    fn session_dirs(&self) -> Vec<PathBuf> {
        fs::read_dir(self.sessions())
            .map(|entries| entries.flatten().map(|e| e.path()).collect())
            .unwrap_or_default()
    }

    fn click(&self, (x, y): (i32, i32)) {
        let status = Command::new("xdotool")
            // Point, then press, as a person does.
            .args([
                "mousemove",
                &x.to_string(),
                &y.to_string(),
                "sleep",
                "0.3",
                "click",
                "1",
            ])
            .env("DISPLAY", &self.display)
            .status()
            .expect("xdotool is missing: apt-get install xdotool");
        assert!(status.success());
    }

    /// Waits for `what` up to `limit`; on failure saves a screenshot and fails with the log.
    fn wait(&self, what: &str, limit: Duration, mut check: impl FnMut() -> bool) {
        let until = Instant::now() + limit;
        while !check() {
            if Instant::now() > until {
                let shot = self.screenshot(what);
                let log = fs::read_to_string(self.dir.join("kiosk.log")).unwrap_or_default();
                panic!(
                    "{}: {what}: not within {limit:?} (screenshot {shot:?})\nkiosk log:\n{log}",
                    self.name
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn screenshot(&self, what: &str) -> PathBuf {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../e2e-shots");
        fs::create_dir_all(&dir).ok();
        let name: String = what
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        let path = dir.join(format!("{}-{name}.png", self.name));
        Command::new("import")
            .args(["-window", "root"])
            .arg(&path)
            .env("DISPLAY", &self.display)
            .status()
            .ok();
        path
    }
}

impl Drop for Kiosk {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// Live processes that belong to a session under `sessions` (their HOME is there) or run as
/// the guest account.
fn session_processes(sessions: &Path) -> Vec<(u32, String)> {
    let guest_uid = nix::unistd::User::from_name(GUEST)
        .ok()
        .flatten()
        .filter(|_| nix::unistd::geteuid().is_root())
        .map(|u| u.uid.as_raw());
    let home = format!("HOME={}", sessions.display());
    let mut found = Vec::new();
    for entry in fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let proc_dir = entry.path();
        let status = fs::read_to_string(proc_dir.join("status")).unwrap_or_default();
        if status.lines().any(|l| {
            l.starts_with("State:") && (l.contains("Z (zombie)") || l.contains("X (dead)"))
        }) {
            continue;
        }
        let uid = status
            .lines()
            .find(|l| l.starts_with("Uid:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|u| u.parse::<u32>().ok());
        let environ = fs::read(proc_dir.join("environ")).unwrap_or_default();
        let in_session = environ
            .split(|b| *b == 0)
            .any(|var| String::from_utf8_lossy(var).starts_with(&home));
        if in_session || (guest_uid.is_some() && uid == guest_uid) {
            let name = fs::read_to_string(proc_dir.join("comm")).unwrap_or_default();
            found.push((pid, name.trim().to_owned()));
        }
    }
    found
}

fn kiosk_window(windows: &[TopWindow], pid: u32) -> Option<&TopWindow> {
    windows.iter().find(|w| w.pid == Some(pid) && w.mapped)
}

/// The browser's main windows: mapped, managed, and not the kiosk's.
fn browser_windows(windows: &[TopWindow], kiosk_pid: u32) -> Vec<TopWindow> {
    windows
        .iter()
        .filter(|w| {
            w.mapped
                && !w.override_redirect
                && w.pid.is_some_and(|p| p != kiosk_pid)
                && w.rect.width > 200
        })
        .cloned()
        .collect()
}

fn run_session(browser: &str, end_with_signal: bool) {
    let _serial = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let xvfb = Xvfb::start_with(&format!("{}x{}", SCREEN.0, SCREEN.1));
    let desktop: X11Desktop = xvfb.connect();
    let site = TestSite::start();
    let mut kiosk = Kiosk::start(&xvfb, &site, browser);
    let pid = kiosk.child.id();
    let bar = theme::BAR_HEIGHT as i32;

    kiosk.wait(
        "the kiosk window covers the screen",
        Duration::from_secs(30),
        || {
            desktop.top_level_windows().ok().and_then(|w| {
                kiosk_window(&w, pid).map(|k| (k.rect.x, k.rect.y, k.rect.width, k.rect.height))
            }) == Some((0, 0, SCREEN.0, SCREEN.1))
        },
    );
    // Let the first frame settle before clicking.
    std::thread::sleep(Duration::from_secs(1));
    kiosk.click(START);
    kiosk.wait(
        "a session directory exists",
        Duration::from_secs(10),
        || kiosk.session_dirs().len() == 1,
    );
    let session_dir = kiosk.session_dirs().remove(0);

    kiosk.click(FIRST_TILE);
    kiosk.wait(
        "the browser requests the shortcut's page",
        Duration::from_secs(60),
        || site.requests().iter().any(|r| r.path == "/france-travail"),
    );

    // The browser sits below the bar, above the kiosk window; the bar stays visible.
    kiosk.wait(
        "the browser window is below the bar",
        Duration::from_secs(30),
        || {
            let Ok(windows) = desktop.top_level_windows() else {
                return false;
            };
            let browsers = browser_windows(&windows, pid);
            let kiosk_index = windows.iter().position(|w| w.pid == Some(pid));
            !browsers.is_empty()
                && browsers.iter().all(|w| {
                    w.rect.y >= bar
                        && w.rect.x == 0
                        && w.rect.width == SCREEN.0
                        && i64::from(w.rect.y) + i64::from(w.rect.height) <= i64::from(SCREEN.1)
                })
                && browsers
                    .iter()
                    .any(|w| windows.iter().position(|x| x.id == w.id) > kiosk_index)
        },
    );
    let during = session_processes(&kiosk.sessions());
    assert!(
        !during.is_empty(),
        "no process of the session found while it runs"
    );

    // Home, then the second shortcut: the same browser, with the cookie the site set.
    let kiosk_on_top = || {
        desktop.top_level_windows().ok().and_then(|w| {
            w.iter()
                .rev()
                .find(|x| x.mapped && !x.override_redirect)
                .map(|top| top.pid == Some(pid))
        }) == Some(true)
    };
    kiosk.click(BAR_HOME);
    kiosk.wait(
        "the kiosk is above the browser",
        Duration::from_secs(10),
        kiosk_on_top,
    );
    std::thread::sleep(Duration::from_millis(500));
    kiosk.click(SECOND_TILE);
    kiosk.wait(
        "the browser requests the second shortcut's page",
        Duration::from_secs(30),
        || site.requests().iter().any(|r| r.path == "/cv"),
    );
    let second = site.wait_for("/cv", Duration::ZERO);
    assert!(
        second
            .unwrap()
            .cookie
            .unwrap_or_default()
            .contains("borne_visit=1"),
        "the second site did not get the first one's cookie: not the same browser session"
    );

    if end_with_signal {
        nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(pid as i32),
            nix::sys::signal::Signal::SIGTERM,
        )
        .unwrap();
        let until = Instant::now() + Duration::from_secs(30);
        let status = loop {
            if let Some(status) = kiosk.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                Instant::now() < until,
                "the kiosk did not exit within 30 s of SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        assert!(status.success(), "the kiosk exited with {status}");
    } else {
        kiosk.wait(
            "the browser is back above the kiosk",
            Duration::from_secs(10),
            || !kiosk_on_top(),
        );
        kiosk.click(BAR_END);
        kiosk.wait(
            "the question is above the browser",
            Duration::from_secs(10),
            kiosk_on_top,
        );
        std::thread::sleep(Duration::from_millis(500));
        kiosk.click(CONFIRM_END);
    }
    kiosk.wait(
        "the session directory is gone",
        Duration::from_secs(30),
        || !session_dir.exists(),
    );
    let left = session_processes(&kiosk.sessions());
    assert!(
        left.is_empty(),
        "processes of the session survived the end: {left:?}"
    );
    assert!(
        kiosk.session_dirs().is_empty(),
        "something is left in the session root"
    );
    if !end_with_signal {
        let windows = desktop.top_level_windows().unwrap();
        assert!(
            browser_windows(&windows, pid).is_empty(),
            "a browser window is still on screen"
        );
        assert!(
            kiosk.child.try_wait().unwrap().is_none(),
            "the kiosk must keep running"
        );
    }
    // Only the two pages were asked for: the browser phoned nowhere else on this site.
    for request in site.requests() {
        assert!(
            ["/france-travail", "/cv", "/favicon.ico"].contains(&request.path.as_str()),
            "{request:?}"
        );
    }
    fs::remove_dir_all(&kiosk.dir).ok();
}

#[test]
fn chromium_session_from_start_to_terminer_leaves_nothing() {
    run_session("chromium", false);
}

#[test]
fn firefox_session_ended_by_sigterm_leaves_nothing() {
    run_session("firefox", true);
}
