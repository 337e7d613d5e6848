//! End to end: the person's files in a real browser (Chromium, Firefox ESR) in Xvfb, in its
//! sandbox, with the real GTK file dialog driven by the keyboard, against a web site on
//! 127.0.0.1 that records what it receives.
//!
//! - The browser's view of the machine holds the session's HOME and the USB keys, nothing of
//!   `/home`, the station's `/etc` or its config; `/`, `/etc` and `/home` cannot be listed.
//! - A file on a USB key (a real FAT image, mounted where the station mounts keys) is
//!   uploaded through the dialog: the site receives its bytes.
//! - A file of the machine typed by its path in the dialog (`/etc/passwd`) is not there to
//!   upload.
//!
//! Needs root (mounting the key), Xvfb, xdotool, the browsers, bubblewrap, and the account
//! `borne-e2e` (`scripts/test` makes it).

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic with its message is how a test reports failure"
)]

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use borne::services::printing;
use borne::services::sandbox::{KEYS, KEYS_ON_HOST};
use borne::services::usage_log::Cell;
use borne::services::x11::X11Desktop;
use common::scratch::{Mounted, Scratch, fat_image, mount_fat, must_be_root};
use common::site::TestSite;
use common::station::*;
use common::xvfb::Xvfb;

/// What the key holds: a CV to send.
const KEY_FILE: &str = "cv-sur-la-cle.txt";
const KEY_TEXT: &str = "CV de la cle 4242";
/// "Tout effacer et terminer" on the save screen (1280x800).
const ERASE_AND_END: (i32, i32) = (950, 430);
/// "Retour au site" in the bar (1280x800).
const BAR_BACK_TO_SITE: (i32, i32) = (957, 42);
/// The middle of the page, where the upload page's "choose a file" button is.
const PAGE: (i32, i32) = (640, 450);

/// A FAT key mounted where the station mounts keys, removed when dropped.
struct Key {
    mounted: Option<Mounted>,
    _scratch: Scratch,
    at: PathBuf,
}

impl Drop for Key {
    fn drop(&mut self) {
        drop(self.mounted.take());
        fs::remove_dir(&self.at).ok();
    }
}

fn plug_key(browser: &str) -> Key {
    let scratch = Scratch::new(&format!("key-{browser}"));
    let image = scratch.path().join("key.img");
    fat_image(&image, "CLE");
    let at = Path::new(KEYS_ON_HOST).join(format!("E2E{}", browser.to_uppercase()));
    let mounted = mount_fat(&image, &at, false);
    fs::write(at.join(KEY_FILE), KEY_TEXT).unwrap();
    Key {
        mounted: Some(mounted),
        _scratch: scratch,
        at,
    }
}

/// The view of the machine of the process `pid`, seen from the station (as root).
fn view(pid: u32, path: &str) -> PathBuf {
    PathBuf::from(format!("/proc/{pid}/root{path}"))
}

/// The session's first browser process (its main one).
fn browser_pid(kiosk: &Kiosk, browser: &str) -> u32 {
    let name = if browser == "chromium" {
        "chrom"
    } else {
        "firefox"
    };
    session_processes(&kiosk.sessions())
        .into_iter()
        .filter(|(_, comm)| comm.starts_with(name))
        .map(|(pid, _)| pid)
        .min()
        .expect("a browser process in the session")
}

fn check_view(kiosk: &Kiosk, browser: &str, key: &Key) {
    let pid = browser_pid(kiosk, browser);
    let home: Vec<String> = fs::read_dir(view(pid, "/home"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(home, ["session"], "the browser sees other homes");
    for hidden in [
        "/etc/passwd",
        "/etc/shadow",
        "/etc/borne",
        "/root",
        "/var/lib",
        "/work",
    ] {
        assert!(
            !view(pid, hidden).exists(),
            "the browser's sandbox shows {hidden}"
        );
    }
    for closed in ["/", "/etc", "/home", "/media"] {
        let mode = fs::metadata(view(pid, closed))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o111, "{closed} can be listed in the sandbox");
    }
    let name = key.at.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(
        fs::read_to_string(view(pid, &format!("{KEYS}/{name}/{KEY_FILE}"))).unwrap(),
        KEY_TEXT,
        "the key is not in the browser's view"
    );
}

/// Opens the file dialog from the upload page and types `path`.
fn type_in_dialog(kiosk: &Kiosk, path: &str) {
    kiosk.click(PAGE);
    std::thread::sleep(Duration::from_secs(3));
    kiosk.type_text(path);
    std::thread::sleep(Duration::from_millis(800));
}

/// Chooses `path` in the file dialog: typed, then "Ouvrir" (Alt+O). Return would not do:
/// Chromium 156 makes "Annuler" the dialog's default button (seen with gdb: the dialog is
/// given GTK_RESPONSE_CANCEL as its default response), so Return, and a double click on a
/// file, cancel it.
fn choose(kiosk: &Kiosk, path: &str) {
    type_in_dialog(kiosk, path);
    kiosk.keys(&["alt+o"]);
}

fn upload_through_the_dialog(browser: &str) {
    must_be_root("the file test mounts a FAT key and runs the browser as borne-e2e (root)");
    let _serial = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let key = plug_key(browser);
    let xvfb = Xvfb::start_with(&format!("{}x{}", SCREEN.0, SCREEN.1));
    let desktop: X11Desktop = xvfb.connect();
    let site = TestSite::start();
    let kiosk = Kiosk::start(&xvfb, &site, browser);
    let session_dir = kiosk.start_session(&desktop);
    kiosk.open_first_shortcut(&site);
    check_view(&kiosk, browser, &key);

    kiosk.go_to(&site.url("/upload"));
    kiosk.wait("the upload page", Duration::from_secs(30), || {
        site.requests().iter().any(|r| r.path == "/upload")
    });
    std::thread::sleep(Duration::from_secs(2));
    let sent = |what: &str| {
        site.requests()
            .iter()
            .any(|r| r.path == "/uploaded" && String::from_utf8_lossy(&r.body).contains(what))
    };
    // The CV on the key.
    let name = key.at.file_name().unwrap().to_string_lossy().into_owned();
    choose(&kiosk, &format!("{KEYS}/{name}/{KEY_FILE}"));
    kiosk.wait(
        "the site receives the file of the key",
        Duration::from_secs(30),
        || sent(KEY_TEXT),
    );

    // A file of the machine, typed by its path: not in the sandbox, nothing is sent.
    kiosk.go_to(&site.url("/upload"));
    std::thread::sleep(Duration::from_secs(2));
    type_in_dialog(&kiosk, "/etc/");
    kiosk.screenshot(&format!("{browser}-dialog-etc"));
    kiosk.type_text("passwd");
    kiosk.keys(&["alt+o"]);
    std::thread::sleep(Duration::from_secs(3));
    assert!(!sent("root:"), "/etc/passwd was uploaded");
    kiosk.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(800));
    kiosk.keys(&["Escape"]);
    std::thread::sleep(Duration::from_secs(1));

    kiosk.end_session();
    kiosk.wait("the session is wiped", Duration::from_secs(30), || {
        !session_dir.exists()
    });
    assert_eq!(
        fs::read_to_string(key.at.join(KEY_FILE)).unwrap(),
        KEY_TEXT,
        "the key lost its file"
    );
    fs::remove_dir_all(&kiosk.dir).ok();
}

#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: the file test mounts a FAT key and runs the browser as borne-e2e (root); scripts/test runs it as root"
)]
fn chromium_uploads_from_the_key_and_sees_nothing_of_the_machine() {
    upload_through_the_dialog("chromium");
}

#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: the file test mounts a FAT key and runs the browser as borne-e2e (root); scripts/test runs it as root"
)]
fn firefox_uploads_from_the_key_and_sees_nothing_of_the_machine() {
    upload_through_the_dialog("firefox");
}

/// A PDF downloaded in the session (an attestation, a CV made on a site) opens in the
/// browser's own viewer, from the person's HOME (the only file:// place allowed), ready to be
/// printed (the job reaches a real CUPS as the guest, and the end of the session cancels it);
/// any other file gets a page that says, in plain words, that it cannot open here.
fn a_downloaded_pdf_opens_in_the_browser(browser: &str) {
    must_be_root("the browser runs as borne-e2e, which needs root");
    let _serial = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // A real print server with a paused PDF printer as the default: a job waits in its queue.
    let cups = common::cups::Cups::start(&format!("BORNE-{}", browser.to_uppercase()), true);
    cups.make_default();
    let xvfb = Xvfb::start_with(&format!("{}x{}", SCREEN.0, SCREEN.1));
    let desktop: X11Desktop = xvfb.connect();
    let site = TestSite::start();
    let kiosk = Kiosk::start(&xvfb, &site, browser);
    let session_dir = kiosk.start_session(&desktop);
    kiosk.open_first_shortcut(&site);
    kiosk.go_to(&site.url("/pdf/attestation.pdf"));
    let saved = session_dir.join("home/Téléchargements/attestation.pdf");
    kiosk.wait("the PDF is downloaded", Duration::from_secs(30), || {
        fs::metadata(&saved).is_ok_and(|m| m.len() > 0)
    });
    kiosk.go_to("file:///home/session/T%C3%A9l%C3%A9chargements/attestation.pdf");
    kiosk.wait(
        "the PDF shows in the browser's viewer",
        Duration::from_secs(30),
        || browser_titled(&kiosk, &desktop, "Attestation Borne"),
    );
    kiosk.screenshot(&format!("{browser}-pdf-viewer"));
    // Printed from the viewer: Ctrl+P, then Return on the browser's print dialog.
    print(&kiosk, &desktop, &format!("{browser}-print-dialog"), || {
        !cups.pending(GUEST).is_empty()
    });
    kiosk.wait(
        "the print job reaches CUPS as the guest",
        Duration::from_secs(30),
        || cups.pending(GUEST).len() == 1,
    );
    // The printer is paused: after half a minute the person is told that it waits.
    kiosk.wait(
        "the person is told that the printing waits",
        Duration::from_secs(60),
        || kiosk_on_top(&kiosk, &desktop),
    );
    // The raised window repaints a moment later.
    std::thread::sleep(Duration::from_secs(1));
    kiosk.screenshot(&format!("{browser}-printer-waiting"));
    kiosk.click(BAR_BACK_TO_SITE);
    kiosk.wait("the browser is back", Duration::from_secs(30), || {
        !kiosk_on_top(&kiosk, &desktop)
    });
    kiosk.go_to("file:///home/session/.borne/autre-fichier.html");
    kiosk.wait(
        "the page for other files shows",
        Duration::from_secs(30),
        || browser_titled(&kiosk, &desktop, "ne s’ouvre pas ici"),
    );
    kiosk.screenshot(&format!("{browser}-cannot-open"));
    kiosk.end_session();
    // The downloaded file is offered for a key first: "Tout effacer et terminer".
    std::thread::sleep(Duration::from_secs(2));
    kiosk.click(ERASE_AND_END);
    kiosk.wait("the session is wiped", Duration::from_secs(30), || {
        !session_dir.exists()
    });
    assert!(
        cups.pending(GUEST).is_empty(),
        "the guest's print job outlived the session"
    );
    fs::remove_dir_all(&kiosk.dir).ok();
}

#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: the browser runs as borne-e2e, which needs root; scripts/test runs it as root"
)]
fn chromium_opens_a_downloaded_pdf_in_its_viewer() {
    a_downloaded_pdf_opens_in_the_browser("chromium");
}

#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: the browser runs as borne-e2e, which needs root; scripts/test runs it as root"
)]
fn firefox_opens_a_downloaded_pdf_in_its_viewer() {
    a_downloaded_pdf_opens_in_the_browser("firefox");
}

/// Prints the page in front: Ctrl+P, then Return on the browser's print dialog, until `sent`
/// (a job reached CUPS). On a busy machine the dialog may not be ready for the first Return,
/// which then does nothing: Return is given again, at most three times in all, and never once
/// the kiosk shows a message. A Return that comes after the dialog closed goes to the page,
/// which does nothing with it. The dialog is saved as the screenshot `shot`.
fn print(kiosk: &Kiosk, desktop: &X11Desktop, shot: &str, sent: impl Fn() -> bool) {
    kiosk.point((640, 500));
    // The person's keys go to the page in front, not to the kiosk under it.
    kiosk.wait(
        "the page in front has the keyboard",
        Duration::from_secs(10),
        || browser_has_the_keyboard(desktop, kiosk.child.id()),
    );
    kiosk.keys(&["ctrl+p"]);
    std::thread::sleep(Duration::from_secs(4));
    kiosk.screenshot(shot);
    for _ in 0..3 {
        // A job slow to show may already have brought the kiosk's message up: a Return
        // would answer it.
        if kiosk_on_top(kiosk, desktop) {
            return;
        }
        kiosk.keys(&["Return"]);
        if wait_up_to(Duration::from_secs(15), &sent) {
            return;
        }
    }
}

/// Whether the kiosk's window is the topmost: it shows a message over the browser.
fn kiosk_on_top(kiosk: &Kiosk, desktop: &X11Desktop) -> bool {
    desktop.top_level_windows().ok().and_then(|windows| {
        windows
            .iter()
            .rev()
            .find(|w| w.mapped && !w.override_redirect)
            .map(|top| top.pid == Some(kiosk.child.id()))
    }) == Some(true)
}

/// The jobs of the real scheduler created since `since` (seconds since 1970).
fn jobs_since(since: i64) -> Vec<printing::Job> {
    printing::jobs(Path::new(printing::CUPS_SOCKET))
        .unwrap()
        .into_iter()
        .filter(|job| job.created >= since)
        .collect()
}

/// The page limit, with a real Chromium printing to a real CUPS PDF printer: the first page
/// prints and is counted, the person is told that the limit is reached, the next job is
/// cancelled before it prints (the printer is paused so that it cannot slip through first),
/// and the usage log counts the page printed.
#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: the browser runs as borne-e2e, which needs root; scripts/test runs it as root"
)]
fn the_page_limit_stops_the_next_print_job_and_the_page_is_counted() {
    must_be_root("the browser runs as borne-e2e, which needs root");
    let _serial = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let cups = common::cups::Cups::start("BORNE-LIMIT", false);
    cups.make_default();
    let xvfb = Xvfb::start_with(&format!("{}x{}", SCREEN.0, SCREEN.1));
    let desktop: X11Desktop = xvfb.connect();
    let site = TestSite::start();
    let kiosk = Kiosk::start_with_browser(&xvfb, &site, "chromium", "page_limit = 1");
    let since = chrono::Utc::now().timestamp();
    let session_dir = kiosk.start_session(&desktop);
    kiosk.open_first_shortcut(&site);
    print(&kiosk, &desktop, "chromium-print-dialog-first", || {
        !jobs_since(since).is_empty()
    });
    kiosk.wait("the first page is printed", Duration::from_secs(60), || {
        jobs_since(since)
            .iter()
            .any(|job| job.state == printing::JobState::Finished && job.pages >= 1)
    });
    let printed = jobs_since(since)[0].pages;
    kiosk.wait(
        "the person is told that the limit is reached",
        Duration::from_secs(10),
        || kiosk_on_top(&kiosk, &desktop),
    );
    std::thread::sleep(Duration::from_secs(1));
    kiosk.screenshot("page-limit-reached");
    // "Retour au site", and a second job, on a paused printer.
    assert!(
        common::cups::run("cupsdisable", &[&cups.printer])
            .status
            .success()
    );
    kiosk.click(BAR_BACK_TO_SITE);
    kiosk.wait("the browser is back", Duration::from_secs(30), || {
        !kiosk_on_top(&kiosk, &desktop)
    });
    print(&kiosk, &desktop, "chromium-print-dialog-second", || {
        jobs_since(since).len() >= 2
    });
    kiosk.wait(
        "the second job is cancelled",
        Duration::from_secs(60),
        || {
            let jobs = jobs_since(since);
            jobs.len() == 2
                && jobs
                    .iter()
                    .all(|job| job.state == printing::JobState::Finished)
        },
    );
    assert_eq!(
        jobs_since(since)[1].pages,
        0,
        "the job past the limit printed nothing"
    );
    kiosk.wait("the person is told again", Duration::from_secs(10), || {
        kiosk_on_top(&kiosk, &desktop)
    });
    std::thread::sleep(Duration::from_secs(1));
    kiosk.screenshot("print-cancelled");
    kiosk.end_session();
    kiosk.wait("the session is wiped", Duration::from_secs(30), || {
        !session_dir.exists()
    });
    // The session is recorded right after its wipe.
    let database = kiosk.dir.join("usage.sqlite");
    kiosk.wait("the session is counted", Duration::from_secs(10), || {
        common::todays_report(&database).total.sessions == Cell::Value(1)
    });
    let report = common::todays_report(&database);
    assert_eq!(
        report.total.pages_printed,
        Cell::Value(u64::from(printed)),
        "the usage log counts what CUPS printed"
    );
    fs::remove_dir_all(&kiosk.dir).ok();
}

/// A key plugged in during the session appears in the browser's view (the sandbox shows the
/// station's key folder live). The folder is made a shared mount first, as it is on a station
/// (systemd mounts `/` shared; this test machine's may be private).
#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: the key test mounts file systems (root); scripts/test runs it as root"
)]
fn a_key_plugged_in_during_the_session_appears_in_the_browser() {
    must_be_root("the key test mounts file systems (root)");
    let _serial = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    fs::create_dir_all(KEYS_ON_HOST).unwrap();
    let shared = Mounted::mount(&["--bind", KEYS_ON_HOST], Path::new(KEYS_ON_HOST));
    let status = std::process::Command::new("mount")
        .args(["--make-shared", KEYS_ON_HOST])
        .status()
        .unwrap();
    assert!(status.success(), "mount --make-shared {KEYS_ON_HOST}");
    let xvfb = Xvfb::start_with(&format!("{}x{}", SCREEN.0, SCREEN.1));
    let desktop: X11Desktop = xvfb.connect();
    let site = TestSite::start();
    let kiosk = Kiosk::start(&xvfb, &site, "chromium");
    let session_dir = kiosk.start_session(&desktop);
    kiosk.open_first_shortcut(&site);
    let pid = browser_pid(&kiosk, "chromium");

    let key = plug_key("late");
    let name = key.at.file_name().unwrap().to_string_lossy().into_owned();
    let seen = view(pid, &format!("{KEYS}/{name}/{KEY_FILE}"));
    kiosk.wait(
        "the key plugged in during the session is in the browser's view",
        Duration::from_secs(10),
        || fs::read_to_string(&seen).is_ok_and(|text| text == KEY_TEXT),
    );
    fs::write(
        session_dir.join("home/Téléchargements/cv.pdf"),
        b"%PDF-1.4 mon cv",
    )
    .unwrap();
    drop(key);
    kiosk.wait(
        "the key pulled out is gone from the browser's view",
        Duration::from_secs(10),
        || !seen.exists(),
    );
    // Pulling the key out loses nothing of the session: the browser runs on, the files stay.
    std::thread::sleep(Duration::from_secs(1));
    assert!(
        Path::new(&format!("/proc/{pid}")).exists(),
        "the browser stopped when the key was pulled out"
    );
    assert!(
        fs::read(view(pid, "/home/session/Téléchargements/cv.pdf")).is_ok(),
        "the session's files are gone from the browser's view"
    );
    kiosk.end_session();
    // The downloaded file is offered for a key first: "Tout effacer et terminer".
    std::thread::sleep(Duration::from_secs(2));
    kiosk.click(ERASE_AND_END);
    kiosk.wait("the session is wiped", Duration::from_secs(30), || {
        !session_dir.exists()
    });
    drop(shared);
    fs::remove_dir_all(&kiosk.dir).ok();
}

/// With `usb_keys = "read-only"`, the browser reads the key (a CV to upload) and cannot write
/// to it: the key is bound read-only in its view.
#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: the key test mounts file systems (root); scripts/test runs it as root"
)]
fn a_read_only_key_can_be_read_and_not_written_by_the_browser() {
    must_be_root("the key test mounts file systems (root)");
    let _serial = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let key = plug_key("readonly");
    let xvfb = Xvfb::start_with(&format!("{}x{}", SCREEN.0, SCREEN.1));
    let desktop: X11Desktop = xvfb.connect();
    let site = TestSite::start();
    let kiosk = Kiosk::start_with_browser(&xvfb, &site, "chromium", "usb_keys = \"read-only\"");
    let session_dir = kiosk.start_session(&desktop);
    kiosk.open_first_shortcut(&site);
    let pid = browser_pid(&kiosk, "chromium");
    let name = key.at.file_name().unwrap().to_string_lossy().into_owned();
    let on_key = |file: &str| view(pid, &format!("{KEYS}/{name}/{file}"));
    assert_eq!(fs::read_to_string(on_key(KEY_FILE)).unwrap(), KEY_TEXT);
    let refused = fs::write(on_key("nouveau.txt"), b"x").unwrap_err();
    assert_eq!(
        refused.raw_os_error(),
        Some(nix::libc::EROFS),
        "writing to a read-only key: {refused}"
    );
    assert!(!key.at.join("nouveau.txt").exists());
    kiosk.end_session();
    kiosk.wait("the session is wiped", Duration::from_secs(30), || {
        !session_dir.exists()
    });
    drop(key);
    fs::remove_dir_all(&kiosk.dir).ok();
}
