//! The browser lock-down, end to end: the real kiosk, real Chromium and Firefox ESR under their
//! installed managed policies, one allowed web site on 127.0.0.1 and one forbidden on
//! 127.0.0.2. Asserts on the sites' request logs, window geometry, window titles and processes.
//!
//! Needs what `scripts/test` installs and root (policies live under /etc, the browser runs as
//! the guest account `borne-e2e`).

#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a panic with its message is how a test reports failure"
)]

mod common;

use std::fs;
use std::time::Duration;

use borne::services::policy::Policies;
use borne::services::station_services::StationServices;
use borne::supervisor::SessionPlace as _;
use borne::ui::theme;
use common::site::TestSite;
use common::station::*;
use common::xvfb::Xvfb;

/// Programs that would mean a link escaped the browser into the desktop.
const ESCAPES: [&str; 10] = [
    "xdg-open",
    "xdg-email",
    "gio",
    "gio-launch-des",
    "thunderbird",
    "evolution",
    "kmail",
    "sh",
    "bash",
    "dash",
];

fn lockdown(browser: &str) {
    let _serial = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let xvfb = Xvfb::start_with(&format!("{}x{}", SCREEN.0, SCREEN.1));
    let desktop = xvfb.connect();
    let allowed = TestSite::start();
    let forbidden = TestSite::start_on("127.0.0.2");
    let kiosk = Kiosk::start(&xvfb, &allowed, browser);
    let pid = kiosk.child.id();
    let bar = theme::BAR_HEIGHT as i32;
    let probe = kiosk.dir.join("probe.html");
    fs::write(
        &probe,
        format!("<img src='{}'>", allowed.url("/file-probe")),
    )
    .unwrap();
    fs::set_permissions(&probe, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();

    kiosk.start_session(&desktop);
    kiosk.open_first_shortcut(&allowed);
    let browser_count = || {
        desktop
            .top_level_windows()
            .map(|w| browser_windows(&w, pid).len())
            .unwrap_or(0)
    };
    kiosk.wait("the browser window is up", Duration::from_secs(30), || {
        browser_count() == 1
    });
    std::thread::sleep(Duration::from_secs(1));

    // Another host, typed by hand, and reached through a redirect from the allowed site.
    kiosk.go_to(&forbidden.url("/typed"));
    std::thread::sleep(Duration::from_secs(1));
    kiosk.screenshot("blocked-page");
    if browser == "firefox" {
        // The browser's own pages speak the session's language (Chromium titles its blocked
        // page with the host: its French text is checked on the screenshot).
        kiosk.wait(
            "Firefox's blocked page is in French",
            Duration::from_secs(10),
            || {
                desktop.top_level_windows().is_ok_and(|w| {
                    browser_windows(&w, pid)
                        .iter()
                        .any(|b| kiosk.window_title(b.id).contains("Page bloquée"))
                })
            },
        );
    }
    kiosk.go_to(&allowed.url(&format!(
        "/redirect-to/{}/redirected",
        forbidden.authority()
    )));
    kiosk.wait(
        "the allowed site saw the redirect",
        Duration::from_secs(10),
        || {
            allowed
                .requests()
                .iter()
                .any(|r| r.path.starts_with("/redirect-to/"))
        },
    );
    // Files of the machine, the page source, the browser's own pages.
    kiosk.go_to(&format!("file://{}", probe.display()));
    kiosk.go_to("file:///etc/passwd");
    // Chromium blocks view-source: altogether; Firefox's website filter judges the page inside,
    // so it shows the source of allowed pages only (a limit of its policies, see the README).
    kiosk.go_to(&format!("view-source:{}", forbidden.url("/view-source")));
    if browser == "chromium" {
        kiosk.go_to(&format!(
            "view-source:{}",
            allowed.url("/view-source-probe")
        ));
    }
    let settings_page = if browser == "chromium" {
        "chrome://settings"
    } else {
        "about:config"
    };
    kiosk.go_to(settings_page);
    let titles: Vec<String> = desktop
        .top_level_windows()
        .map(|w| {
            browser_windows(&w, pid)
                .iter()
                .map(|b| kiosk.window_title(b.id))
                .collect()
        })
        .unwrap_or_default();
    for title in &titles {
        for forbidden_title in [
            "Settings",
            "Paramètres",
            "Advanced Preferences",
            "Préférences avancées",
            "passwd",
        ] {
            assert!(
                !title.contains(forbidden_title),
                "{browser} shows {title:?}"
            );
        }
    }
    // The developer tools' keys open nothing.
    kiosk.point((640, 500));
    kiosk.keys(&["F12"]);
    kiosk.keys(&["ctrl+shift+i"]);
    kiosk.keys(&["ctrl+shift+j"]);
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(
        browser_count(),
        1,
        "{browser}: a developer tools window opened"
    );

    // A new window (Ctrl+N) goes below the bar and is filtered too.
    kiosk.keys(&["ctrl+n"]);
    kiosk.wait(
        "a second browser window, below the bar",
        Duration::from_secs(20),
        || {
            let Ok(windows) = desktop.top_level_windows() else {
                return false;
            };
            let browsers = browser_windows(&windows, pid);
            browsers.len() == 2 && browsers.iter().all(|w| w.rect.y >= bar)
        },
    );
    kiosk.go_to(&forbidden.url("/from-new-window"));

    // An e-mail link starts no desktop program.
    let before = session_processes(&kiosk.sessions());
    kiosk.go_to(&allowed.url("/mailto"));
    std::thread::sleep(Duration::from_secs(2));
    let after = session_processes(&kiosk.sessions());
    let escaped: Vec<_> = after
        .iter()
        .filter(|(pid, name)| {
            !before.iter().any(|(p, _)| p == pid) && ESCAPES.contains(&name.as_str())
        })
        .collect();
    assert!(escaped.is_empty(), "{browser}: a link started {escaped:?}");

    let stolen = forbidden.requests();
    assert!(
        stolen.is_empty(),
        "{browser} reached the forbidden host: {stolen:?}"
    );
    for probe_path in ["/file-probe", "/view-source-probe"] {
        assert!(
            !allowed.requests().iter().any(|r| r.path == probe_path),
            "{browser} opened {probe_path}: {:?}",
            allowed.requests()
        );
    }

    // The end: every window and process of the session is gone.
    kiosk.click(BAR_END);
    std::thread::sleep(Duration::from_millis(800));
    kiosk.click(CONFIRM_END);
    kiosk.wait(
        "the session directory is gone",
        Duration::from_secs(30),
        || kiosk.session_dirs().is_empty(),
    );
    assert_eq!(browser_count(), 0, "{browser}: a window survived the end");
    let left = session_processes(&kiosk.sessions());
    assert!(
        left.is_empty(),
        "{browser}: processes survived the end: {left:?}"
    );
    fs::remove_dir_all(&kiosk.dir).ok();
}

#[test]
fn chromium_reaches_only_the_allowed_sites() {
    lockdown("chromium");
}

#[test]
fn firefox_reaches_only_the_allowed_sites() {
    lockdown("firefox");
}

/// Without the right policy installed, the station opens no session.
#[test]
fn missing_or_stale_policy_keeps_the_station_closed() {
    let root = std::env::temp_dir().join(format!("borne-policy-root-{}", std::process::id()));
    fs::remove_dir_all(&root).ok();
    let config = borne::config::parse(borne::config::DEFAULT_TEXT).unwrap();
    let settings = common::browserless_settings(&root, Some(Policies::for_config(&config)));
    let mut services = StationServices::new(settings, None);
    let problem = services.recover().unwrap_err();
    assert!(
        problem
            .detail
            .contains("is missing: run `borne install-policies`"),
        "{problem:?}"
    );
    assert!(
        services
            .prepare_session(
                borne::domain::SessionKind::DropIn,
                Duration::from_secs(3600)
            )
            .is_err()
    );
    assert!(
        !root.join("sessions").exists()
            || fs::read_dir(root.join("sessions")).unwrap().count() == 0
    );

    let mut other = config.clone();
    other.sites.push("example.org".into());
    Policies::for_config(&other).install(&root).unwrap();
    let problem = services
        .prepare_session(
            borne::domain::SessionKind::DropIn,
            Duration::from_secs(3600),
        )
        .unwrap_err();
    assert!(
        problem.detail.contains("does not match the config"),
        "{problem:?}"
    );

    Policies::for_config(&config).install(&root).unwrap();
    services
        .prepare_session(
            borne::domain::SessionKind::DropIn,
            Duration::from_secs(3600),
        )
        .unwrap();
    services.clear_session().unwrap();
    fs::remove_dir_all(root).ok();
}

/// A wipe retried when nothing is known of the session (the recovery at start failed) still
/// removes everything left under the session root.
#[test]
fn a_retried_wipe_without_a_known_session_removes_every_leftover() {
    let root = std::env::temp_dir().join(format!("borne-retry-root-{}", std::process::id()));
    fs::remove_dir_all(&root).ok();
    let leftover = root.join("sessions/sdeadbeef01/home/Téléchargements");
    fs::create_dir_all(&leftover).unwrap();
    fs::write(leftover.join("cv.pdf"), b"%PDF").unwrap();
    let settings = common::browserless_settings(&root, None);
    let mut services = StationServices::new(settings, None);
    services.clear_session().unwrap();
    assert_eq!(fs::read_dir(root.join("sessions")).unwrap().count(), 0);
    fs::remove_dir_all(root).ok();
}
