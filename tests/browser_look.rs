//! End to end: what a person chooses in the kiosk's own accessibility menu reaches the real
//! browser's pages. "Taille du texte, Très grande" draws them larger, "Contraste élevé" light on
//! dark, in Chromium and in Firefox ESR, in Xvfb, with the kiosk driven by real clicks and keys.
//! Measured on the screen itself: the width of a 200-pixel blue square of a test page, and the
//! colour of the page around it. "Lire à voix haute" starts the Orca screen reader for the
//! session's pages: a real assistive client (pyatspi) finds Orca and the page on the session's
//! own AT-SPI bus, and no process of it survives the session.
//!
//! Needs what `tests/kiosk_browser.rs` needs (`scripts/test` installs it), run as root.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a panic with its message is how a test reports failure"
)]

mod common;

use std::fs;
use std::sync::Mutex;
use std::time::Duration;

use borne::ui::theme;
use common::site::TestSite;
use common::station::*;
use common::xvfb::Xvfb;

/// One browser at a time: two sessions side by side would slow each other past the waits.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// "Accessibilité" on the welcome screen (1280x800).
const ASSIST: (i32, i32) = (563, 56);
/// In the menu: "Taille du texte, Très grande" and "Contraste élevé, Oui".
const LARGEST_TEXT: (i32, i32) = (762, 303);
const HIGH_CONTRAST: (i32, i32) = (320, 446);
/// "Lire à voix haute, Oui".
const READ_ALOUD: (i32, i32) = (566, 452);
/// "Clavier à l'écran, Oui".
const KEYBOARD_ON: (i32, i32) = (825, 452);
/// "Accessibilité" in the session bar, and "Très grande" in the menu it opens (below the bar).
const BAR_ASSIST: (i32, i32) = (852, 42);
const BAR_LARGEST_TEXT: (i32, i32) = (762, 345);
/// "Oui, changer" on "Changer aussi les pages ?", with the largest text.
const RESTYLE_YES_LARGEST: (i32, i32) = (407, 456);

/// Debian's Python, which has pyatspi.
const PYTHON: &str = "/usr/bin/python3";

/// The test page's square, in CSS pixels.
const SQUARE: f32 = 200.0;

/// What the screen shows of the test page.
struct Seen {
    /// The blue square's width on screen, in pixels.
    square_px: usize,
    /// The mean brightness (0-255) of the page beside and under the square.
    page_brightness: f32,
    /// The contrast ratio (WCAG) of the heading on the page's background.
    heading_contrast: f64,
}

/// The relative luminance (WCAG 2) of an sRGB colour.
fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    theme::luminance(egui::Color32::from_rgb(r, g, b))
}

impl Seen {
    fn of(rgb: &[u8]) -> Self {
        let (width, height) = (SCREEN.0 as usize, SCREEN.1 as usize);
        assert_eq!(
            rgb.len(),
            width * height * 3,
            "the screen is not {width}x{height}"
        );
        let pixel = |x: usize, y: usize| {
            let i = (y * width + x) * 3;
            (rgb[i], rgb[i + 1], rgb[i + 2])
        };
        let square_px = (0..height)
            .map(|y| {
                (0..width)
                    .filter(|&x| {
                        let (r, g, b) = pixel(x, y);
                        b > 180 && r < 60 && g < 60
                    })
                    .count()
            })
            .max()
            .unwrap_or(0);
        // The lower right of the screen: only the page's background is there.
        let (mut sum, mut background, mut count) = (0.0_f32, 0.0_f64, 0.0_f32);
        for y in (height * 3 / 4..height - 10).step_by(4) {
            for x in (width / 2..width - 30).step_by(4) {
                let (r, g, b) = pixel(x, y);
                sum += 0.2126 * f32::from(r) + 0.7152 * f32::from(g) + 0.0722 * f32::from(b);
                background += luminance((r, g, b));
                count += 1.0;
            }
        }
        let background = background / f64::from(count);
        // The heading "Page /look", at the page's top left under the browser's bars (never
        // the kiosk's own screens, which have nothing there): its pixel farthest from the
        // background.
        let band: Vec<f64> = (185..270)
            .flat_map(|y| (0..320).map(move |x| (x, y)))
            .map(|(x, y)| luminance(pixel(x, y)))
            .collect();
        let heading_contrast = band
            .iter()
            .map(|&l| theme::contrast_of(l, background))
            .fold(1.0_f64, f64::max);
        Self {
            square_px,
            page_brightness: sum / count,
            heading_contrast,
        }
    }
}

/// A session's test page, open.
struct Page<'a> {
    kiosk: &'a Kiosk,
    desktop: &'a borne::services::x11::X11Desktop,
    site: &'a TestSite,
    /// The session's folder.
    session_dir: &'a std::path::Path,
}

/// A session of `browser` in which the person first made `choice` in the accessibility menu
/// (`None`: no choice), then opened the first shortcut and the test page. `on_the_page` looks
/// at it; the session then ends as the station stops.
fn with_the_page<T>(
    browser: &str,
    choice: Option<(i32, i32)>,
    label: &str,
    page: &str,
    on_the_page: impl FnOnce(&Page<'_>) -> T,
) -> T {
    let xvfb = Xvfb::start_with(&format!("{}x{}", SCREEN.0, SCREEN.1));
    let desktop = xvfb.connect();
    let site = TestSite::start();
    let kiosk = Kiosk::start(&xvfb, &site, browser);
    kiosk.wait_for_window(&desktop);
    if let Some(choice) = choice {
        kiosk.choose_in_menu(ASSIST, &[choice]);
    }
    kiosk.screenshot(&format!("{label}-welcome"));
    let session_dir = kiosk.start_session(&desktop);
    std::thread::sleep(Duration::from_secs(1));
    kiosk.screenshot(&format!("{label}-home"));
    kiosk.open_first_shortcut(&site);
    // The first shortcut's page is open; another is typed into the address bar. A browser busy
    // with its screen reader can lose the first keys typed: then typed again.
    let title = format!("Test {page}");
    if page != "/france-travail" {
        for _ in 0..3 {
            kiosk.go_to(&site.url(page));
            let until = std::time::Instant::now() + Duration::from_secs(15);
            while !browser_titled(&kiosk, &desktop, &title) && std::time::Instant::now() < until {
                std::thread::sleep(Duration::from_millis(300));
            }
            if browser_titled(&kiosk, &desktop, &title) {
                break;
            }
        }
    }
    kiosk.wait("the test page shows", Duration::from_secs(30), || {
        browser_titled(&kiosk, &desktop, &title)
    });
    let seen = on_the_page(&Page {
        kiosk: &kiosk,
        desktop: &desktop,
        site: &site,
        session_dir: &session_dir,
    });
    kiosk.screenshot(&format!("{label}-page"));
    // The session ends as the station stops (SIGTERM): wiped all the same.
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(kiosk.child.id() as i32),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    kiosk.wait("the session is wiped", Duration::from_secs(30), || {
        !session_dir.exists()
    });
    seen
}

/// What the screen shows of the test page, in a session with `choice`.
fn page_seen(browser: &str, choice: Option<(i32, i32)>, label: &str) -> Seen {
    with_the_page(
        browser,
        choice,
        label,
        "/look",
        |&Page { kiosk, .. }| {
            // Drawn, with the pointer out of the way.
            kiosk.point((SCREEN.0 as i32 - 1, SCREEN.1 as i32 - 1));
            std::thread::sleep(Duration::from_secs(2));
            // Nobody asked for reading aloud: no screen reader.
            assert_eq!(processes_named("orca"), [], "{browser}: Orca runs unasked");
            Seen::of(&kiosk.screen_rgb())
        },
    )
}

/// "Très grande" chosen in the session bar while the page is open, then "Oui, changer": the
/// browser starts again with its tab, drawn larger, and the site still knows the person (its
/// session cookie comes back). The menu opened and closed with no change asks nothing.
fn a_choice_in_the_session_restyles_the_open_page(browser: &str) {
    let _serial = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let label = format!("{browser}-restyle");
    let zoom = borne::domain::TextSize::Largest.zoom(SCREEN.1 as f32);
    with_the_page(
        browser,
        None,
        &label,
        "/look",
        |&Page {
             kiosk,
             desktop,
             site,
             ..
         }| {
            let restarts = || {
                fs::read_to_string(kiosk.dir.join("kiosk.log"))
                    .unwrap_or_default()
                    .matches("the browser starts again")
                    .count()
            };
            kiosk.choose_in_menu(BAR_ASSIST, &[]);
            assert_eq!(
                restarts(),
                0,
                "{browser}: started again with nothing changed"
            );
            kiosk.point((SCREEN.0 as i32 - 1, SCREEN.1 as i32 - 1));
            std::thread::sleep(Duration::from_secs(2));
            let before = Seen::of(&kiosk.screen_rgb());
            assert!(
                (before.square_px as f32 - SQUARE).abs() <= 4.0,
                "{browser}: the square is {} px wide before the choice",
                before.square_px
            );
            let asked_before = site.requests().len();
            kiosk.choose_in_menu(BAR_ASSIST, &[BAR_LARGEST_TEXT]);
            // "Changer aussi les pages ?": yes. The browser comes back with its tab, larger.
            kiosk.click_and_see(RESTYLE_YES_LARGEST, "the question is answered");
            let mut seen = Seen::of(&kiosk.screen_rgb());
            kiosk.wait(
                "the page comes back larger",
                Duration::from_secs(40),
                || {
                    kiosk.point((SCREEN.0 as i32 - 1, SCREEN.1 as i32 - 1));
                    seen = Seen::of(&kiosk.screen_rgb());
                    browser_titled(kiosk, desktop, "Test /look")
                        && (seen.square_px as f32 - SQUARE * zoom).abs() <= 6.0
                },
            );
            assert_eq!(restarts(), 1);
            let again: Vec<_> = site.requests()[asked_before..]
                .iter()
                .filter(|request| request.path == "/look")
                .cloned()
                .collect();
            assert!(
                again.iter().any(|request| request
                    .cookie
                    .as_deref()
                    .is_some_and(|cookie| cookie.contains("borne_visit=1"))),
                "{browser}: the page came back without the site's session cookie: {:?}",
                again.iter().map(|r| &r.cookie).collect::<Vec<_>>()
            );
        },
    );
}

/// The windows of the on-screen keyboard (Debian `onboard`) on the screen.
fn keyboard_windows(desktop: &borne::services::x11::X11Desktop) -> Vec<borne::services::x11::Rect> {
    desktop
        .top_level_windows()
        .unwrap_or_default()
        .into_iter()
        .filter(|w| {
            w.mapped
                && w.rect.width > 100
                && w.pid.is_some_and(|pid| {
                    std::fs::read_to_string(format!("/proc/{pid}/comm"))
                        .is_ok_and(|comm| comm.trim_end() == "onboard")
                })
        })
        .map(|w| w.rect)
        .collect()
}

/// "Clavier à l'écran": a keyboard along the bottom of the screen, under the page, whose keys
/// type into the page.
fn the_on_screen_keyboard_types_into_the_page(browser: &str) {
    let _serial = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let label = format!("{browser}-keyboard");
    with_the_page(
        browser,
        Some(KEYBOARD_ON),
        &label,
        "/look",
        |&Page {
             kiosk,
             desktop,
             site,
             ..
         }| {
            kiosk.wait("the keyboard shows", Duration::from_secs(30), || {
                !keyboard_windows(desktop).is_empty()
            });
            let keyboard = keyboard_windows(desktop)[0];
            // Along the bottom, the whole width.
            assert_eq!(
                (
                    keyboard.x,
                    keyboard.width,
                    keyboard.y + keyboard.height as i32
                ),
                (0, SCREEN.0, SCREEN.1 as i32),
                "{browser}: the keyboard is at {keyboard:?}"
            );
            kiosk.go_to(&site.url("/type"));
            kiosk.wait("the text field shows", Duration::from_secs(30), || {
                browser_titled(kiosk, desktop, "Test /type")
            });
            kiosk.screenshot(&format!("{label}-field"));
            // "b", "o", "n" on the keyboard's QWERTY layout (Xvfb's keymap), where Onboard draws
            // them in its window.
            for (x, y) in [(0.426, 0.688), (0.615, 0.308), (0.487, 0.688)] {
                kiosk.click((
                    keyboard.x + (x * keyboard.width as f32) as i32,
                    keyboard.y + (y * keyboard.height as f32) as i32,
                ));
                std::thread::sleep(Duration::from_millis(400));
            }
            kiosk.wait("the keys reach the page", Duration::from_secs(10), || {
                browser_titled(kiosk, desktop, "Tapé bon")
            });
            kiosk.screenshot(&format!("{label}-typed"));
        },
    );
}

/// "Lire à voix haute": Orca runs as the guest for the session, and finds the page.
fn the_screen_reader_reads_the_pages(browser: &str) {
    let _serial = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let label = format!("{browser}-read-aloud");
    // Only the first shortcut's page: with the screen reader, Chromium 156 crashed (SIGSEGV)
    // in 3 of 8 runs while an address was typed in its address bar (see the README).
    with_the_page(
        browser,
        Some(READ_ALOUD),
        &label,
        "/france-travail",
        |&Page {
             kiosk, session_dir, ..
         }| {
            kiosk.wait("Orca starts", Duration::from_secs(30), || {
                !processes_named("orca").is_empty()
            });
            let guest = processes_named("orca")[0].1;
            for (pid, uid) in processes_named("orca") {
                assert_ne!(uid, 0, "{browser}: Orca (pid {pid}) runs as root");
            }
            // The session's own accessibility bus, in its TMPDIR.
            let bus = std::fs::read_dir(session_dir.join("tmp/at-spi"))
                .unwrap()
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .find(|path| path.to_string_lossy().contains("bus"))
                .unwrap();
            // As the guest: the bus is in the sandbox's user namespace, where only the guest's uid
            // is known (root would be "nobody" there, and refused).
            let mut client = std::process::Command::new(PYTHON);
            client
                .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/a11y/page.py"))
                .arg("Page /france-travail")
                .env_clear()
                .env("HOME", "/nonexistent")
                .env("AT_SPI_BUS_ADDRESS", format!("unix:path={}", bus.display()))
                .env("DISPLAY", &kiosk.display);
            std::os::unix::process::CommandExt::uid(&mut client, guest);
            let client = client.output().unwrap();
            let said = String::from_utf8_lossy(&client.stdout);
            assert!(
                client.status.success(),
                "{browser}: the screen reader or the page is missing on the session's bus:\n{said}{}",
                String::from_utf8_lossy(&client.stderr)
            );
        },
    );
    // Wiped: the proof found no process of the session, Orca's included.
    for name in [
        "orca",
        "at-spi-bus-laun",
        "at-spi2-registr",
        "speech-dispatch",
    ] {
        let left: Vec<_> = processes_named(name)
            .into_iter()
            .filter(|&(_, uid)| uid != 0)
            .collect();
        assert_eq!(left, [], "{browser}: {name} survives the session");
    }
}

fn the_menu_choices_reach_the_pages(browser: &str) {
    let _serial = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let plain = page_seen(browser, None, &format!("{browser}-look-plain"));
    let larger = page_seen(
        browser,
        Some(LARGEST_TEXT),
        &format!("{browser}-look-larger"),
    );
    let dark = page_seen(
        browser,
        Some(HIGH_CONTRAST),
        &format!("{browser}-look-contrast"),
    );
    // At 1280x800 "Très grande" is as large as the screens can be: 800 / 660.
    let zoom = borne::domain::TextSize::Largest.zoom(SCREEN.1 as f32);
    let expected = SQUARE * zoom;
    assert!(
        (plain.square_px as f32 - SQUARE).abs() <= 4.0,
        "{browser}: the square is {} px wide with no choice",
        plain.square_px
    );
    assert!(
        (larger.square_px as f32 - expected).abs() <= 6.0,
        "{browser}: the square is {} px wide with the largest text, not {expected:.0}",
        larger.square_px
    );
    assert!(
        plain.page_brightness > 200.0,
        "{browser}: the plain page is not light ({:.0})",
        plain.page_brightness
    );
    // The heading is where it is measured: dark on the light page.
    assert!(
        plain.heading_contrast >= 7.0,
        "{browser}: no heading where it is measured ({:.1}:1)",
        plain.heading_contrast
    );
    assert!(
        dark.page_brightness < 60.0,
        "{browser}: in high contrast the page is not dark ({:.0})",
        dark.page_brightness
    );
    // Light text on it, at the 7:1 of Borne's own high contrast.
    assert!(
        dark.heading_contrast >= 7.0,
        "{browser}: in high contrast the heading's contrast is {:.1}:1",
        dark.heading_contrast
    );
}

#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: the browser runs as borne-e2e, which needs root; scripts/test runs it as root"
)]
fn chromium_draws_pages_larger_and_in_high_contrast_when_the_person_asks() {
    the_menu_choices_reach_the_pages("chromium");
}

#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: the browser runs as borne-e2e, which needs root; scripts/test runs it as root"
)]
fn firefox_draws_pages_larger_and_in_high_contrast_when_the_person_asks() {
    the_menu_choices_reach_the_pages("firefox");
}

#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: the browser runs as borne-e2e, which needs root; scripts/test runs it as root"
)]
fn chromium_pages_are_read_by_orca_when_the_person_asks() {
    the_screen_reader_reads_the_pages("chromium");
}

#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: the browser runs as borne-e2e, which needs root; scripts/test runs it as root"
)]
fn firefox_pages_are_read_by_orca_when_the_person_asks() {
    the_screen_reader_reads_the_pages("firefox");
}

#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: the browser runs as borne-e2e, which needs root; scripts/test runs it as root"
)]
fn chromium_takes_a_choice_made_during_the_session_at_once() {
    a_choice_in_the_session_restyles_the_open_page("chromium");
}

#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: the browser runs as borne-e2e, which needs root; scripts/test runs it as root"
)]
fn firefox_takes_a_choice_made_during_the_session_at_once() {
    a_choice_in_the_session_restyles_the_open_page("firefox");
}

#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: the browser runs as borne-e2e, which needs root; scripts/test runs it as root"
)]
fn chromium_takes_keys_from_the_on_screen_keyboard() {
    the_on_screen_keyboard_types_into_the_page("chromium");
}

#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: the browser runs as borne-e2e, which needs root; scripts/test runs it as root"
)]
fn firefox_takes_keys_from_the_on_screen_keyboard() {
    the_on_screen_keyboard_types_into_the_page("firefox");
}
