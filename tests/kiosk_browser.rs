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
    reason = "test helpers: a panic with its message is how a test reports failure"
)]

mod common;

use std::fs;
use std::time::{Duration, Instant};

use borne::services::x11::X11Desktop;
use borne::ui::theme;
use common::site::TestSite;
use common::station::*;
use common::xvfb::Xvfb;

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
    if end_with_signal {
        kiosk.click(BAR_HOME);
    } else {
        // A person using the keyboard alone cannot Tab out of the browser: F1 (or the Windows
        // key) brings the session's home, and the keyboard with it.
        kiosk.wait("the page has the keyboard", Duration::from_secs(10), || {
            browser_has_the_keyboard(&desktop, pid)
        });
        kiosk.keys(&["F1"]);
    }
    kiosk.wait(
        "the kiosk is above the browser",
        Duration::from_secs(10),
        kiosk_on_top,
    );
    if !end_with_signal {
        kiosk.wait("the kiosk has the keyboard", Duration::from_secs(5), || {
            let windows = desktop.top_level_windows().unwrap_or_default();
            kiosk_window(&windows, pid).map(|w| w.id) == desktop.focused().ok()
        });
    }
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
        kiosk.wait("the page has the keyboard", Duration::from_secs(10), || {
            browser_has_the_keyboard(&desktop, pid)
        });
        // Should the kiosk's covered window get the keyboard, the person's keys would go to a
        // screen they cannot see: the browser takes it back at the next tick.
        let covered = kiosk_window(&desktop.top_level_windows().unwrap(), pid)
            .unwrap()
            .id;
        desktop.focus(covered).unwrap();
        kiosk.wait(
            "the page has the keyboard back",
            Duration::from_secs(3),
            || browser_has_the_keyboard(&desktop, pid),
        );
        // The same when it went to no window (a dialog that had it closed).
        desktop.focus(desktop.root()).unwrap();
        kiosk.wait(
            "the page has the keyboard back from no window",
            Duration::from_secs(3),
            || browser_has_the_keyboard(&desktop, pid),
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

/// A crash (kill -9) in the middle of a session, then a restart: the kiosk removes everything
/// of the interrupted session before it shows the welcome screen. A session directory left by
/// a power cut goes the same way.
#[test]
fn a_killed_kiosk_wipes_the_interrupted_session_when_it_starts_again() {
    let _serial = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let xvfb = Xvfb::start_with(&format!("{}x{}", SCREEN.0, SCREEN.1));
    let desktop: X11Desktop = xvfb.connect();
    let site = TestSite::start();
    let mut kiosk = Kiosk::start(&xvfb, &site, "chromium");
    let window_up = |pid: u32| {
        desktop
            .top_level_windows()
            .ok()
            .is_some_and(|w| kiosk_window(&w, pid).is_some())
    };
    let session_dir = kiosk.start_session(&desktop);
    kiosk.open_first_shortcut(&site);
    fs::write(
        session_dir.join("home/Téléchargements/cv.pdf"),
        b"%PDF-1.4 mon cv",
    )
    .ok();

    kiosk.child.kill().unwrap();
    kiosk.child.wait().unwrap();
    assert!(
        session_dir.exists(),
        "the crash left the session directory, as a real one would"
    );
    // And a power cut from an older session.
    let old = kiosk.sessions().join("s00000000old");
    fs::create_dir_all(old.join("home")).unwrap();
    fs::write(old.join("home/lettre.odt"), b"old").unwrap();

    kiosk.restart();
    let pid = kiosk.child.id();
    kiosk.wait(
        "the kiosk window is up again",
        Duration::from_secs(30),
        || window_up(pid),
    );
    assert!(
        kiosk.session_dirs().is_empty(),
        "leftovers survived the restart: {:?}",
        kiosk.session_dirs()
    );
    let left = session_processes(&kiosk.sessions());
    assert!(
        left.is_empty(),
        "processes of the interrupted session survived: {left:?}"
    );
    // The interrupted session is counted, as ended by "interruption".
    let report = common::todays_report(&kiosk.dir.join("usage.sqlite"));
    let interruptions = report
        .total
        .end_reasons
        .iter()
        .find(|(reason, _)| *reason == borne::domain::EndReason::Interruption)
        .map(|(_, cell)| *cell);
    assert_eq!(
        interruptions,
        Some(borne::services::usage_log::Cell::Value(1))
    );
    // The station is open for the next person.
    std::thread::sleep(Duration::from_secs(1));
    kiosk.click(START);
    kiosk.wait("a new session starts", Duration::from_secs(10), || {
        kiosk.session_dirs().len() == 1
    });
    fs::remove_dir_all(&kiosk.dir).ok();
}

/// The browser dies mid-session (a crash, kill -9; closing its last tab is the same): the
/// person sees the home screen at once, and a shortcut opens the site again in a new browser
/// of the same session.
#[test]
fn a_browser_killed_mid_session_leaves_the_home_screen_and_opens_again() {
    let _serial = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let xvfb = Xvfb::start_with(&format!("{}x{}", SCREEN.0, SCREEN.1));
    let desktop: X11Desktop = xvfb.connect();
    let site = TestSite::start();
    let kiosk = Kiosk::start(&xvfb, &site, "chromium");
    let pid = kiosk.child.id();
    let session_dir = kiosk.start_session(&desktop);
    kiosk.open_first_shortcut(&site);
    let on_top = |want_browser: bool| {
        let Ok(windows) = desktop.top_level_windows() else {
            return false;
        };
        let browsers = !browser_windows(&windows, pid).is_empty();
        let kiosk_top = windows
            .iter()
            .rev()
            .find(|w| w.mapped && !w.override_redirect)
            .is_some_and(|w| w.pid == Some(pid));
        if want_browser {
            browsers && !kiosk_top
        } else {
            kiosk_top
        }
    };
    kiosk.wait("the browser is on screen", Duration::from_secs(30), || {
        on_top(true)
    });

    let browser = session_processes(&kiosk.sessions())
        .into_iter()
        .filter(|(_, name)| name == "chromium")
        .map(|(pid, _)| pid)
        .min()
        .expect("a chromium process in the session");
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(i32::try_from(browser).unwrap()),
        nix::sys::signal::Signal::SIGKILL,
    )
    .unwrap();
    kiosk.wait(
        "the home screen is back over the dead browser",
        Duration::from_secs(10),
        || on_top(false),
    );
    assert!(session_dir.exists(), "the session goes on");
    let asked = site.requests().len();
    kiosk.click(FIRST_TILE);
    kiosk.wait(
        "a new browser asks for the page again",
        Duration::from_secs(60),
        || {
            site.requests()
                .iter()
                .skip(asked)
                .any(|r| r.path == "/france-travail")
        },
    );
    kiosk.wait(
        "the new browser is on screen",
        Duration::from_secs(30),
        || on_top(true),
    );
    kiosk.end_session();
    kiosk.wait("the session is wiped", Duration::from_secs(30), || {
        !session_dir.exists()
    });
    fs::remove_dir_all(&kiosk.dir).ok();
}

/// The X server dies mid-session (Xorg crashed or was killed): the kiosk ends the session the
/// normal way before it goes (browser stopped, files wiped), then exits with a non-zero code so
/// that its service starts it again.
#[test]
fn the_x_server_dying_mid_session_wipes_then_exits_non_zero() {
    x_server_dies(false);
}

/// systemd stops the station's unit: Xorg dies and the kiosk gets its SIGTERM at the same
/// moment. Both ways out want to end the session: it is wiped once, and the kiosk leaves (it
/// used to hang in the C library's exit handlers until systemd killed it).
#[test]
fn the_x_server_dying_with_a_sigterm_wipes_then_exits() {
    x_server_dies(true);
}

fn x_server_dies(with_sigterm: bool) {
    let _serial = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let xvfb = Xvfb::start_with(&format!("{}x{}", SCREEN.0, SCREEN.1));
    let desktop: X11Desktop = xvfb.connect();
    let site = TestSite::start();
    let mut kiosk = Kiosk::start(&xvfb, &site, "chromium");
    let session_dir = kiosk.start_session(&desktop);
    kiosk.open_first_shortcut(&site);
    assert!(
        !session_processes(&kiosk.sessions()).is_empty(),
        "the browser runs in the session"
    );

    xvfb.signal(nix::sys::signal::Signal::SIGKILL);
    if with_sigterm {
        let pid = nix::unistd::Pid::from_raw(i32::try_from(kiosk.child.id()).unwrap());
        nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap();
    }
    let deadline = Instant::now() + Duration::from_secs(40);
    let status = loop {
        if let Some(status) = kiosk.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the kiosk still runs 40 s after its X server died"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    if !with_sigterm {
        assert_eq!(
            status.code(),
            Some(3),
            "the kiosk must leave with its 'X server gone' code, so that its service restarts it"
        );
    }
    assert!(!session_dir.exists(), "the session directory was not wiped");
    let left = session_processes(&kiosk.sessions());
    assert!(left.is_empty(), "processes of the session remain: {left:?}");
    fs::remove_dir_all(&kiosk.dir).ok();
}
