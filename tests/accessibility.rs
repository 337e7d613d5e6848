//! A real assistive client against the real kiosk: pyatspi (the library of the Orca screen
//! reader) with at-spi2-core on a private D-Bus session bus, reading the kiosk in Xvfb:
//! - the window has its title, "Borne — <station name>";
//! - every button of the public screens and of the staff's PIN pad has a name;
//! - a session is driven by AT-SPI actions alone, from "Commencer" to "Au revoir";
//! - and with xdotool key presses alone (Tab, Enter), the focus ring seen on screen each time.
//!
//! Needs Xvfb, dbus-x11 (`dbus-launch`), at-spi2-core and python3-pyatspi: `scripts/test`
//! installs them.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic with its message is how a test reports failure"
)]

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::scratch::Scratch;
use common::xvfb::Xvfb;

/// The client script, beside this test.
const TREE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/a11y/tree.py");
/// Debian's Python, which has pyatspi (another `python3` on the PATH may not).
const PYTHON: &str = "/usr/bin/python3";

/// A private D-Bus session bus with accessibility switched on, killed when dropped.
struct Bus {
    address: String,
    pid: i32,
}

impl Bus {
    fn start() -> Self {
        let output = Command::new("dbus-launch")
            .arg("--sh-syntax")
            .output()
            .expect("dbus-launch is missing: apt-get install dbus-x11");
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        let value = |key: &str| {
            text.lines()
                .find_map(|line| line.strip_prefix(&format!("{key}=")))
                .map(|v| v.trim_end_matches(';').trim_matches('\'').to_owned())
                .unwrap_or_else(|| panic!("dbus-launch did not say {key}: {text}"))
        };
        let bus = Self {
            address: value("DBUS_SESSION_BUS_ADDRESS"),
            pid: value("DBUS_SESSION_BUS_PID").parse().unwrap(),
        };
        // What a desktop does when a screen reader is on: the toolkit then exposes its tree.
        let enabled = Command::new("dbus-send")
            .args([
                "--session",
                "--print-reply",
                "--dest=org.a11y.Bus",
                "/org/a11y/bus",
                "org.freedesktop.DBus.Properties.Set",
                "string:org.a11y.Status",
                "string:IsEnabled",
                "variant:boolean:true",
            ])
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .output()
            .unwrap();
        assert!(
            enabled.status.success(),
            "cannot switch accessibility on (install at-spi2-core): {}",
            String::from_utf8_lossy(&enabled.stderr)
        );
        bus
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(self.pid),
            nix::sys::signal::Signal::SIGTERM,
        )
        .ok();
    }
}

/// One node of the accessible tree: depth, role, name.
type Node = (usize, String, String);

struct Reader<'a> {
    bus: &'a Bus,
    kiosk: &'a Child,
}

impl Reader<'_> {
    fn run(&self, extra: &[&str]) -> Vec<Node> {
        let output = Command::new(PYTHON)
            .arg(TREE)
            .arg(self.kiosk.id().to_string())
            .args(extra)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus.address)
            .output()
            .expect("python3 is missing");
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "the AT-SPI client failed: {text}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        text.lines()
            .filter_map(|line| {
                let mut parts = line.splitn(3, '\t');
                Some((
                    parts.next()?.parse().ok()?,
                    parts.next()?.to_owned(),
                    parts.next().unwrap_or("").to_owned(),
                ))
            })
            .collect()
    }

    fn tree(&self) -> Vec<Node> {
        self.run(&[])
    }

    fn press(&self, name: &str) -> Vec<Node> {
        self.run(&["press", name])
    }

    /// Reads the tree until `check` holds, for at most 10 s.
    fn until(&self, what: &str, check: impl Fn(&[Node]) -> bool) -> Vec<Node> {
        let end = Instant::now() + Duration::from_secs(10);
        loop {
            let tree = self.tree();
            if check(&tree) {
                return tree;
            }
            assert!(Instant::now() < end, "{what}: the tree is {tree:#?}");
            std::thread::sleep(Duration::from_millis(300));
        }
    }
}

fn has(tree: &[Node], role: &str, name: &str) -> bool {
    tree.iter().any(|(_, r, n)| r == role && n == name)
}

/// Every button has a name a screen reader can say.
fn every_button_named(tree: &[Node], screen: &str) {
    for (_, role, name) in tree {
        if role.contains("button") {
            assert!(!name.trim().is_empty(), "{screen}: a {role} without a name");
        }
    }
}

/// The kiosk in demonstration mode on the embedded config (no browser needed to go through a
/// session), its staff PINs set, in `xvfb`, on `bus` if given.
fn demo_kiosk(scratch: &Scratch, xvfb: &Xvfb, bus: Option<&Bus>) -> Child {
    let secrets = scratch.path().join("secrets.toml");
    borne::services::staff_store::StaffStore::open(secrets.clone())
        .save_pins(
            Some(&borne::domain::PinEntry::new(common::station::ADMIN_PIN)),
            Some(&borne::domain::PinEntry::new(
                common::station::VOLUNTEER_PIN,
            )),
            None,
            chrono::Utc::now(),
        )
        .unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_borne"));
    command
        .arg("--secrets")
        .arg(&secrets)
        .current_dir(scratch.path())
        .env("DISPLAY", xvfb.display())
        .env("XDG_RUNTIME_DIR", scratch.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some(bus) = bus {
        command.env("DBUS_SESSION_BUS_ADDRESS", &bus.address);
    }
    command.spawn().unwrap()
}

#[test]
fn a_screen_reader_names_every_control_and_drives_a_session() {
    if !Path::new(PYTHON).exists()
        || !Command::new(PYTHON)
            .args(["-c", "import pyatspi"])
            .status()
            .is_ok_and(|s| s.success())
    {
        panic!("pyatspi is missing: apt-get install python3-pyatspi at-spi2-core dbus-x11");
    }
    let scratch = Scratch::new("a11y");
    let bus = Bus::start();
    let xvfb = Xvfb::start_with("1280x800");
    let mut kiosk = demo_kiosk(&scratch, &xvfb, Some(&bus));
    let reader = Reader {
        bus: &bus,
        kiosk: &kiosk,
    };
    let welcome = reader.until("the welcome screen is read", |t| {
        has(t, "push button", "Commencer")
    });
    assert!(
        has(&welcome, "frame", "Borne — Poste 1"),
        "the window's title: {welcome:#?}"
    );
    every_button_named(&welcome, "welcome");
    for name in ["Personnel", "Accessibilité", "Écouter"] {
        assert!(has(&welcome, "push button", name), "{name}");
    }
    // The staff's PIN pad, then back.
    let pad = reader.press("Personnel");
    every_button_named(&pad, "PIN pad");
    assert!(
        pad.iter().any(|(_, r, n)| r == "push button" && n == "7"),
        "{pad:#?}"
    );
    // A session through AT-SPI actions alone.
    let _ = reader.press("Fermer");
    reader.until("back on the welcome screen", |t| {
        has(t, "push button", "Commencer")
    });
    let home = reader.press("Commencer");
    every_button_named(&home, "session home");
    assert!(has(&home, "push button", "France Travail"), "{home:#?}");
    assert!(
        home.iter()
            .any(|(_, r, n)| r == "label" && n.starts_with("Temps restant ")),
        "the time left is read with its name"
    );
    let confirm = reader.press("Terminer");
    every_button_named(&confirm, "confirm end");
    let _ = reader.press("Oui, terminer");
    reader.until("Au revoir", |t| has(t, "label", "Au revoir !"));
    kiosk.kill().ok();
    kiosk.wait().ok();
}

/// The screen of `xvfb` (1280x800) as 8-bit RGB, row after row.
fn screen(xvfb: &Xvfb) -> Vec<u8> {
    let output = Command::new("import")
        .args(["-window", "root", "-depth", "8", "rgb:-"])
        .env("DISPLAY", xvfb.display())
        .output()
        .expect("import is missing: apt-get install imagemagick");
    assert!(output.status.success(), "import cannot read the screen");
    output.stdout
}

/// A rectangle of the 1280x800 screen: left, top, right, bottom.
type Area = (usize, usize, usize, usize);

/// How many pixels of `area` are the focus ring's amber (its inner stroke, the theme's
/// `focus_inner`), give or take the antialiasing.
fn ring_pixels(rgb: &[u8], (left, top, right, bottom): Area) -> usize {
    let ring = borne::ui::theme::STANDARD.focus_inner;
    let near = |a: u8, b: u8| a.abs_diff(b) <= 24;
    (top..bottom)
        .flat_map(|y| (left..right).map(move |x| (y * 1280 + x) * 3))
        .filter(|&i| {
            near(rgb[i], ring.r()) && near(rgb[i + 1], ring.g()) && near(rgb[i + 2], ring.b())
        })
        .count()
}

/// Presses `key` with xdotool on `xvfb`'s display.
fn press(xvfb: &Xvfb, key: &str) {
    let status = Command::new("xdotool")
        .args(["key", key])
        .env("DISPLAY", xvfb.display())
        .status()
        .expect("xdotool is missing: apt-get install xdotool");
    assert!(status.success());
}

/// Presses Tab until the focus ring shows around `area` (a dozen times at most), and saves the
/// screen as `shot` in target/e2e-shots.
fn tab_to(xvfb: &Xvfb, area: Area, name: &str, shot: &str) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../e2e-shots");
    std::fs::create_dir_all(&dir).ok();
    let save = |path: &Path| {
        Command::new("import")
            .args(["-window", "root"])
            .arg(path)
            .env("DISPLAY", xvfb.display())
            .status()
            .ok();
    };
    for _ in 0..12 {
        let before = screen(xvfb);
        press(xvfb, "Tab");
        // The ring moved (or, the first time, maybe no key reached the kiosk yet).
        let end = Instant::now() + Duration::from_secs(2);
        while screen(xvfb) == before && Instant::now() < end {
            std::thread::sleep(Duration::from_millis(100));
        }
        if ring_pixels(&screen(xvfb), area) > 100 {
            save(&dir.join(format!("keyboard-only-{shot}.png")));
            return;
        }
    }
    let missing = dir.join(format!("keyboard-only-{shot}-missing.png"));
    save(&missing);
    panic!("no focus ring around {name} after 12 Tabs (screenshot {missing:?})");
}

/// Waits up to 10 s for `check` on the screen.
fn until_screen(xvfb: &Xvfb, what: &str, check: impl Fn(&[u8]) -> bool) {
    let end = Instant::now() + Duration::from_secs(10);
    while !check(&screen(xvfb)) {
        if Instant::now() > end {
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../e2e-shots");
            std::fs::create_dir_all(&dir).ok();
            let shot = dir.join("keyboard-only-failed.png");
            Command::new("import")
                .args(["-window", "root"])
                .arg(&shot)
                .env("DISPLAY", xvfb.display())
                .status()
                .ok();
            panic!("{what}: not within 10 s (screenshot {shot:?})");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A whole session with key presses alone, as a person without a mouse does it: Tab reaches
/// "Commencer", "Terminer" and "Oui, terminer", each with the focus ring drawn around it (and
/// saved as a screenshot), Enter activates it, a key leaves "Au revoir".
#[test]
fn a_session_with_key_presses_alone_shows_where_the_focus_is() {
    let scratch = Scratch::new("keys");
    let xvfb = Xvfb::start_with("1280x800");
    let mut kiosk = demo_kiosk(&scratch, &xvfb, None);
    let primary = borne::ui::theme::STANDARD.primary;
    let at = |rgb: &[u8], (x, y): (usize, usize)| {
        let i = (y * 1280 + x) * 3;
        (rgb[i], rgb[i + 1], rgb[i + 2])
    };
    // "Commencer", filled blue, in the middle of the welcome screen: a point of its fill,
    // away from its word.
    let start_drawn = |rgb: &[u8]| at(rgb, (450, 350)) == (primary.r(), primary.g(), primary.b());
    until_screen(&xvfb, "the welcome screen", start_drawn);
    // Nothing moves the pointer: the kiosk takes the keyboard by itself (no window manager
    // gives it), within its second of retry.
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        ring_pixels(&screen(&xvfb), (0, 0, 1280, 800)),
        0,
        "no focus ring before the first key"
    );
    tab_to(&xvfb, (415, 325, 865, 475), "Commencer", "1-commencer");
    press(&xvfb, "Return");
    until_screen(&xvfb, "the session's bar", |rgb| {
        at(rgb, (450, 350)) != (primary.r(), primary.g(), primary.b())
    });
    std::thread::sleep(Duration::from_secs(1));
    // "Terminer", at the right end of the session's bar.
    tab_to(&xvfb, (1115, 0, 1280, 84), "Terminer", "2-terminer");
    press(&xvfb, "Return");
    std::thread::sleep(Duration::from_secs(1));
    // "Oui, terminer", the question's right-hand answer.
    tab_to(
        &xvfb,
        (670, 420, 1000, 525),
        "Oui, terminer",
        "3-oui-terminer",
    );
    press(&xvfb, "Return");
    // "Au revoir", then any key: the welcome screen for the next person.
    std::thread::sleep(Duration::from_secs(2));
    assert!(
        !start_drawn(&screen(&xvfb)),
        "the session ended: « Au revoir » shows"
    );
    press(&xvfb, "space");
    until_screen(
        &xvfb,
        "the welcome screen after a key on « Au revoir »",
        start_drawn,
    );
    kiosk.kill().ok();
    kiosk.wait().ok();
}
