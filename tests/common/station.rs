//! A real `borne` kiosk in a private Xvfb, driven with real clicks, for the end-to-end tests.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use borne::services::x11::{TopWindow, X11Desktop};

use super::site::TestSite;
use super::xvfb::Xvfb;

/// The tests share the guest account, and a kiosk stops every process of its guest: one at a time.
pub static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

pub const GUEST: &str = "borne-e2e";
/// The unprivileged kiosk user of `tests/guest_sudo.rs`, a member of the guest's group.
pub const KIOSK_USER: &str = "borne-e2e-kiosk";
/// The staff PINs of the test stations.
pub const ADMIN_PIN: &str = "246813";
pub const VOLUNTEER_PIN: &str = "135792";
pub const SCREEN: (u32, u32) = (1280, 800);
/// Where the layout puts things on a 1280x800 screen (see `src/ui`): "Commencer" in the middle,
/// the two shortcut tiles side by side, the bar's buttons at the right, the confirmation's
/// "Oui, terminer" right of centre.
pub const START: (i32, i32) = (640, 400);
pub const FIRST_TILE: (i32, i32) = (496, 350);
pub const SECOND_TILE: (i32, i32) = (784, 350);
pub const BAR_HOME: (i32, i32) = (990, 42);
pub const BAR_END: (i32, i32) = (1173, 42);
pub const CONFIRM_END: (i32, i32) = (833, 472);

pub struct Kiosk {
    pub child: Child,
    pub display: String,
    pub dir: PathBuf,
    pub name: String,
    /// The kiosk's program and the user it runs as (`None`: this test's user).
    pub program: PathBuf,
    pub run_as: Option<String>,
}

impl Kiosk {
    pub fn start(xvfb: &Xvfb, site: &TestSite, browser: &str) -> Self {
        Self::start_with(
            xvfb,
            site,
            browser,
            "[stats]\ndatabase = \"{dir}/usage.sqlite\"",
        )
    }

    /// Like `start`, with more TOML at the end of the config (e.g. a `[stats]` section).
    pub fn start_with(xvfb: &Xvfb, site: &TestSite, browser: &str, extra: &str) -> Self {
        Self::start_full(xvfb, site, browser, extra, "", None)
    }

    /// A station of an antenna: named `station` (its files under `kiosk_dir(station)`), with
    /// more TOML at the end of its config (its `[antenna]` section), browser Chromium.
    pub fn start_station(xvfb: &Xvfb, site: &TestSite, station: &str, extra: &str) -> Self {
        Self::start_labelled(xvfb, site, "chromium", station, extra, "", None)
    }

    /// Like `start`, with more lines in the `[browser]` section (e.g. `page_limit = 1`).
    pub fn start_with_browser(
        xvfb: &Xvfb,
        site: &TestSite,
        browser: &str,
        browser_lines: &str,
    ) -> Self {
        Self::start_full(
            xvfb,
            site,
            browser,
            "[stats]\ndatabase = \"{dir}/usage.sqlite\"",
            browser_lines,
            None,
        )
    }

    /// Like `start`, with the kiosk running as the unprivileged `user` (the test runs as root):
    /// a copy of `borne` owned by root (what a sudo rule may name), and the session root and
    /// the usage log owned by `user`, as the installer makes them.
    pub fn start_as(xvfb: &Xvfb, site: &TestSite, browser: &str, user: &str) -> Self {
        Self::start_full(
            xvfb,
            site,
            browser,
            "[stats]\ndatabase = \"{dir}/data/usage.sqlite\"",
            "",
            Some(user),
        )
    }

    fn start_full(
        xvfb: &Xvfb,
        site: &TestSite,
        browser: &str,
        extra: &str,
        browser_lines: &str,
        run_as: Option<&str>,
    ) -> Self {
        Self::start_labelled(
            xvfb,
            site,
            browser,
            "Poste e2e",
            extra,
            browser_lines,
            run_as,
        )
    }

    /// The kiosk of `browser` named `station`; the test station "Poste e2e" keeps its files
    /// under `kiosk_dir(browser)`, any other under `kiosk_dir(station)`.
    fn start_labelled(
        xvfb: &Xvfb,
        site: &TestSite,
        browser: &str,
        station: &str,
        extra: &str,
        browser_lines: &str,
        run_as: Option<&str>,
    ) -> Self {
        super::cups::remove_stale_socket();
        let label = if station == "Poste e2e" {
            browser.to_owned()
        } else {
            station.replace(' ', "-")
        };
        let dir = kiosk_dir(&label);
        fs::remove_dir_all(&dir).ok();
        fs::create_dir_all(&dir).unwrap();
        let mut program = PathBuf::from(env!("CARGO_BIN_EXE_borne"));
        if let Some(user) = run_as {
            let user = nix::unistd::User::from_name(user)
                .unwrap()
                .unwrap_or_else(|| panic!("the user {user} is missing: run scripts/test"));
            for owned in ["sessions", "data"] {
                fs::create_dir(dir.join(owned)).unwrap();
                nix::unistd::chown(&dir.join(owned), Some(user.uid), Some(user.gid)).unwrap();
            }
            program = dir.join("borne");
            fs::copy(env!("CARGO_BIN_EXE_borne"), &program).unwrap();
        }
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
name = "{station}"
[session]
drop_in_minutes = 30
[browser]
program = "{browser}"
{guest_line}
session_root = "{sessions}"
{browser_lines}
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
{extra}
"#,
            sessions = dir.join("sessions").display(),
            first = site.url("/france-travail"),
            second = site.url("/cv"),
            extra = extra.replace("{dir}", &dir.display().to_string()),
        );
        let config_path = dir.join("borne.toml");
        fs::write(&config_path, config).unwrap();
        // Staff PINs set, so the kiosk opens on its welcome screen and not on the setup screen.
        let secrets = secrets_path(&dir, run_as);
        let mut staff = borne::services::staff_store::StaffStore::open(secrets.clone());
        staff
            .save_pins(
                Some(&borne::domain::PinEntry::new(ADMIN_PIN)),
                Some(&borne::domain::PinEntry::new(VOLUNTEER_PIN)),
                None,
                chrono::Utc::now(),
            )
            .unwrap();
        if let Some(user) = run_as {
            // Readable by the kiosk user only, as `borne set-pin` leaves it on a station.
            let user = nix::unistd::User::from_name(user).unwrap().unwrap();
            nix::unistd::chown(&secrets, Some(user.uid), Some(user.gid)).unwrap();
        }
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
        let run_as = run_as.map(str::to_owned);
        Self {
            child: spawn_kiosk(&dir, xvfb.display(), &program, run_as.as_deref()),
            display: xvfb.display().to_owned(),
            dir,
            name: label,
            program,
            run_as,
        }
    }

    /// Waits for the kiosk's window, presses "Commencer", and returns the new session directory.
    pub fn start_session(&self, desktop: &X11Desktop) -> PathBuf {
        self.wait_for_window(desktop);
        self.click(START);
        self.wait(
            "a session directory exists",
            Duration::from_secs(10),
            || self.session_dirs().len() == 1,
        );
        self.session_dirs().remove(0)
    }

    /// Waits for the kiosk's window and lets its first frame settle.
    pub fn wait_for_window(&self, desktop: &X11Desktop) {
        let pid = self.child.id();
        self.wait("the kiosk window is up", Duration::from_secs(30), || {
            desktop
                .top_level_windows()
                .ok()
                .is_some_and(|w| kiosk_window(&w, pid).is_some())
        });
        // Let the first frame settle before clicking.
        std::thread::sleep(Duration::from_secs(1));
    }

    /// Presses "Terminer" in the bar, then "Oui, terminer".
    pub fn end_session(&self) {
        self.click(BAR_END);
        // The question must be on screen before its answer is clicked: a busy machine (a
        // screen reader, a browser starting again) draws it later. Its « Non, continuer » is
        // the theme's blue.
        self.wait("the end question shows", Duration::from_secs(15), || {
            let rgb = self.screen_rgb();
            let i = (450 * SCREEN.0 as usize + 310) * 3;
            rgb.get(i..i + 3).is_some_and(|p| {
                p.iter()
                    .zip([29_u8, 63, 158])
                    .all(|(&seen, want)| seen.abs_diff(want) <= 12)
            })
        });
        self.click(CONFIRM_END);
    }

    /// Opens the first shortcut and waits until the browser asked `site` for its page.
    pub fn open_first_shortcut(&self, site: &TestSite) {
        self.click(FIRST_TILE);
        self.wait(
            "the browser requests the shortcut's page",
            Duration::from_secs(60),
            || site.requests().iter().any(|r| r.path == "/france-travail"),
        );
    }

    /// Starts the kiosk again on the same config, after the last one stopped or was killed.
    pub fn restart(&mut self) {
        self.child
            .try_wait()
            .unwrap()
            .expect("the kiosk still runs");
        self.child = spawn_kiosk(
            &self.dir,
            &self.display,
            &self.program,
            self.run_as.as_deref(),
        );
    }

    pub fn sessions(&self) -> PathBuf {
        self.dir.join("sessions")
    }

    pub fn session_dirs(&self) -> Vec<PathBuf> {
        fs::read_dir(self.sessions())
            .map(|entries| entries.flatten().map(|e| e.path()).collect())
            .unwrap_or_default()
    }

    /// Presses keys (`xdotool key` syntax, e.g. `ctrl+l`).
    pub fn keys(&self, keys: &[&str]) {
        let status = Command::new("xdotool")
            .arg("key")
            .args(keys)
            .env("DISPLAY", &self.display)
            .status()
            .expect("xdotool is missing: apt-get install xdotool");
        assert!(status.success());
    }

    /// Types `url` into the address bar of the browser window under the pointer, as a person
    /// would, and waits a moment for the browser to act.
    pub fn go_to(&self, url: &str) {
        // Without a window manager the keyboard follows the pointer: point at the page first.
        self.point((640, 500));
        self.keys(&["ctrl+l"]);
        std::thread::sleep(Duration::from_millis(300));
        let status = Command::new("xdotool")
            .args(["type", "--delay", "5", url])
            .env("DISPLAY", &self.display)
            .status()
            .expect("xdotool is missing");
        assert!(status.success());
        self.keys(&["Return"]);
        std::thread::sleep(Duration::from_secs(2));
    }

    /// Moves the pointer.
    pub fn point(&self, (x, y): (i32, i32)) {
        Command::new("xdotool")
            .args(["mousemove", &x.to_string(), &y.to_string()])
            .env("DISPLAY", &self.display)
            .status()
            .expect("xdotool is missing");
    }

    /// The title of a window.
    pub fn window_title(&self, window: u32) -> String {
        let output = Command::new("xdotool")
            .args(["getwindowname", &window.to_string()])
            .env("DISPLAY", &self.display)
            .output()
            .expect("xdotool is missing");
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }

    pub fn click(&self, (x, y): (i32, i32)) {
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
    pub fn wait(&self, what: &str, limit: Duration, check: impl FnMut() -> bool) {
        if !wait_up_to(limit, check) {
            let shot = self.screenshot(what);
            let log = fs::read_to_string(self.dir.join("kiosk.log")).unwrap_or_default();
            panic!(
                "{}: {what}: not within {limit:?} (screenshot {shot:?})\nkiosk log:\n{log}",
                self.name
            );
        }
    }

    /// Waits until the session's folder `session_dir` is gone and then until no process of the
    /// guest remains: the guest's last check (`borne guest check`) runs a moment after the
    /// folder goes, and a browser left behind would stay.
    pub fn wait_until_the_guest_left_nothing(&self, session_dir: &Path) {
        self.wait(
            "the session directory is gone",
            Duration::from_secs(30),
            || !session_dir.exists(),
        );
        self.wait(
            "no process of the guest remains",
            Duration::from_secs(10),
            || session_processes(&self.sessions()).is_empty(),
        );
    }

    /// Clicks at `at` and waits for the screen to change (the pointer's hover drawn first): a
    /// click on a screen not drawn yet would land elsewhere.
    pub fn click_and_see(&self, at: (i32, i32), what: &str) {
        self.point(at);
        std::thread::sleep(Duration::from_millis(300));
        let before = self.screen_rgb();
        self.click(at);
        self.wait(what, Duration::from_secs(10), || {
            self.screen_rgb() != before
        });
        std::thread::sleep(Duration::from_millis(500));
    }

    /// Opens the accessibility menu with its button at `assist`, taps each of `choices`,
    /// closes it with Escape. The menu as chosen is saved as the screenshot `menu`.
    pub fn choose_in_menu(&self, assist: (i32, i32), choices: &[(i32, i32)]) {
        self.click_and_see(assist, "the menu shows");
        for &choice in choices {
            self.click_and_see(choice, "the choice shows");
        }
        let chosen = self.screen_rgb();
        self.screenshot("menu");
        self.keys(&["Escape"]);
        self.wait("the menu closes", Duration::from_secs(10), || {
            self.screen_rgb() != chosen
        });
        std::thread::sleep(Duration::from_millis(500));
    }

    /// The whole screen as it is now, 8-bit RGB, row after row.
    pub fn screen_rgb(&self) -> Vec<u8> {
        let output = Command::new("import")
            .args(["-window", "root", "-depth", "8", "rgb:-"])
            .env("DISPLAY", &self.display)
            .output()
            .expect("import is missing: apt-get install imagemagick");
        assert!(output.status.success(), "import cannot read the screen");
        output.stdout
    }

    pub fn screenshot(&self, what: &str) -> PathBuf {
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

/// The directory of a test kiosk for `browser`: config, logs, session root, and the copy of
/// `borne` (`borne`) that an unprivileged kiosk runs. Short: the browser's socket paths live
/// under it.
pub fn kiosk_dir(browser: &str) -> PathBuf {
    std::env::temp_dir().join(format!("be2e-{browser}-{}", std::process::id()))
}

/// The staff PINs of a test kiosk: where the kiosk user may keep them (and its back-off).
fn secrets_path(dir: &Path, run_as: Option<&str>) -> PathBuf {
    match run_as {
        Some(_) => dir.join("data/secrets.toml"),
        None => dir.join("secrets.toml"),
    }
}

/// Starts `program` on the test's config, as `run_as` if given: `setpriv` switches user and
/// groups then becomes the kiosk, so that the child's pid is the kiosk's (runuser would stay
/// as its parent).
fn spawn_kiosk(dir: &Path, display: &str, program: &Path, run_as: Option<&str>) -> Child {
    let log = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("kiosk.log"))
        .unwrap();
    let mut command = match run_as {
        Some(user) => {
            let mut command = Command::new("setpriv");
            command
                .args(["--reuid", user, "--regid", user, "--init-groups", "--"])
                .arg(program)
                .env_clear()
                .env("HOME", dir.join("data"));
            command
        }
        None => Command::new(program),
    };
    command
        .arg("--config")
        .arg(dir.join("borne.toml"))
        .arg("--secrets")
        .arg(secrets_path(dir, run_as))
        .env("DISPLAY", display)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap()
}

impl Drop for Kiosk {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// Live processes that belong to a session under `sessions` (their HOME is there) or run as
/// the guest account.
pub fn session_processes(sessions: &Path) -> Vec<(u32, String)> {
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

/// Whether a browser window of `kiosk`'s session has `text` in its title.
pub fn browser_titled(kiosk: &Kiosk, desktop: &X11Desktop, text: &str) -> bool {
    let Ok(windows) = desktop.top_level_windows() else {
        return false;
    };
    browser_windows(&windows, kiosk.child.id())
        .iter()
        .any(|w| kiosk.window_title(w.id).contains(text))
}

/// Whether `check` became true within `limit` (looked at every 100 ms).
pub fn wait_up_to(limit: Duration, mut check: impl FnMut() -> bool) -> bool {
    let until = Instant::now() + limit;
    while !check() {
        if Instant::now() > until {
            return false;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    true
}

/// Whether the keyboard is on the browser window in front (what a person types reaches the
/// page), not on the kiosk's window under it.
pub fn browser_has_the_keyboard(desktop: &X11Desktop, kiosk_pid: u32) -> bool {
    let (Ok(focused), Ok(windows)) = (desktop.focused(), desktop.top_level_windows()) else {
        return false;
    };
    browser_windows(&windows, kiosk_pid)
        .last()
        .is_some_and(|top| top.id == focused)
}

pub fn kiosk_window(windows: &[TopWindow], pid: u32) -> Option<&TopWindow> {
    windows.iter().find(|w| w.pid == Some(pid) && w.mapped)
}

/// The browser's main windows: mapped, managed, and not the kiosk's.
pub fn browser_windows(windows: &[TopWindow], kiosk_pid: u32) -> Vec<TopWindow> {
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

impl Kiosk {
    /// A kiosk for the soak (`tests/soak.rs`): like [`Kiosk::start_as`] (Chromium, the
    /// unprivileged `user`, the browser as `guest`), with the `[session]` lines given, its
    /// files under `kiosk_dir(name)`. The sudo rule must be installed for `kiosk_dir(name)/borne`
    /// before the kiosk starts.
    pub fn start_soak(
        xvfb: &Xvfb,
        site: &TestSite,
        name: &str,
        user: &str,
        guest: &str,
        session: &str,
    ) -> Self {
        let dir = kiosk_dir(name);
        fs::remove_dir_all(&dir).ok();
        fs::create_dir_all(&dir).unwrap();
        let owner = nix::unistd::User::from_name(user)
            .unwrap()
            .unwrap_or_else(|| panic!("the user {user} is missing: run scripts/soak as root"));
        for owned in ["sessions", "data"] {
            fs::create_dir(dir.join(owned)).unwrap();
            nix::unistd::chown(&dir.join(owned), Some(owner.uid), Some(owner.gid)).unwrap();
        }
        let program = dir.join("borne");
        fs::copy(env!("CARGO_BIN_EXE_borne"), &program).unwrap();
        fs::set_permissions(&dir, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        let config = format!(
            r#"[station]
name = "Poste soak"
[session]
{session}
[browser]
program = "chromium"
guest_user = "{guest}"
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
[stats]
database = "{data}/usage.sqlite"
"#,
            sessions = dir.join("sessions").display(),
            data = dir.join("data").display(),
            first = site.url("/france-travail"),
            second = site.url("/cv"),
        );
        let config_path = dir.join("borne.toml");
        fs::write(&config_path, config).unwrap();
        let secrets = secrets_path(&dir, Some(user));
        let mut staff = borne::services::staff_store::StaffStore::open(secrets.clone());
        staff
            .save_pins(
                Some(&borne::domain::PinEntry::new(ADMIN_PIN)),
                Some(&borne::domain::PinEntry::new(VOLUNTEER_PIN)),
                None,
                chrono::Utc::now(),
            )
            .unwrap();
        nix::unistd::chown(&secrets, Some(owner.uid), Some(owner.gid)).unwrap();
        let install = Command::new(env!("CARGO_BIN_EXE_borne"))
            .arg("--config")
            .arg(&config_path)
            .arg("install-policies")
            .output()
            .unwrap();
        assert!(
            install.status.success(),
            "borne install-policies failed (the soak runs as root): {}",
            String::from_utf8_lossy(&install.stderr)
        );
        Self {
            child: spawn_kiosk(&dir, xvfb.display(), &program, Some(user)),
            display: xvfb.display().to_owned(),
            dir,
            name: name.to_owned(),
            program,
            run_as: Some(user.to_owned()),
        }
    }

    /// Types `text` on the keyboard (`xdotool type`), into the window under the pointer.
    pub fn type_text(&self, text: &str) {
        let status = Command::new("xdotool")
            .args(["type", "--delay", "30", text])
            .env("DISPLAY", &self.display)
            .status()
            .expect("xdotool is missing");
        assert!(status.success());
    }
}

/// One process from /proc: pid, name, state letter, parent, real uid.
#[derive(Clone, Debug)]
pub struct Proc {
    pub pid: u32,
    pub name: String,
    pub state: char,
    pub ppid: u32,
    pub uid: u32,
}

/// Every process now, read from /proc.
pub fn processes() -> Vec<Proc> {
    let mut found = Vec::new();
    for entry in fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let (Ok(stat), Ok(status)) = (
            fs::read_to_string(entry.path().join("stat")),
            fs::read_to_string(entry.path().join("status")),
        ) else {
            continue;
        };
        // "pid (name) state ppid ...": the name may hold spaces and parentheses.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let mut rest = stat[close + 1..].split_whitespace();
        let (Some(state), Some(ppid)) = (rest.next(), rest.next()) else {
            continue;
        };
        let Some(uid) = status
            .lines()
            .find_map(|l| l.strip_prefix("Uid:"))
            .and_then(|uids| uids.split_whitespace().next())
            .and_then(|u| u.parse().ok())
        else {
            continue;
        };
        found.push(Proc {
            pid,
            name: stat[open + 1..close].to_owned(),
            state: state.chars().next().unwrap_or('?'),
            ppid: ppid.parse().unwrap_or(0),
            uid,
        });
    }
    found
}

/// The zombie children of `parent`.
pub fn zombie_children(parent: u32) -> Vec<Proc> {
    processes()
        .into_iter()
        .filter(|p| p.ppid == parent && p.state == 'Z')
        .collect()
}

/// Live processes named `name` (as in /proc/PID/comm) with their real uid.
pub fn processes_named(name: &str) -> Vec<(u32, u32)> {
    let mut found = Vec::new();
    for entry in fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let comm = fs::read_to_string(entry.path().join("comm")).unwrap_or_default();
        let status = fs::read_to_string(entry.path().join("status")).unwrap_or_default();
        let uid = status
            .lines()
            .find_map(|l| l.strip_prefix("Uid:"))
            .and_then(|uids| uids.split_whitespace().next())
            .and_then(|u| u.parse().ok());
        if comm.trim() == name
            && !status.contains("Z (zombie)")
            && let Some(uid) = uid
        {
            found.push((pid, uid));
        }
    }
    found
}
