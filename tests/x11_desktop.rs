//! The X11 desktop adapter against a real, private Xvfb server.
//!
//! Needs `/usr/bin/Xvfb` (package `xvfb`) and `xdotool`. Each test starts its own Xvfb on a free
//! display from :100 up and kills it when done, even on panic.
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic with its message is how a test reports failure"
)]

use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

mod common;

use borne::services::x11::{Rect, TopWindow, X11Desktop, X11Error, browser_area};
use common::xvfb::Xvfb;
use nix::sys::signal::Signal;

use x11rb::connection::Connection;
use x11rb::protocol::xproto::{
    AtomEnum, ConnectionExt as _, CreateWindowAux, PropMode, Window, WindowClass,
};
use x11rb::rust_connection::RustConnection;
use x11rb::wrapper::ConnectionExt as _;

/// A second client that owns test windows, like a browser would.
struct Client {
    conn: RustConnection,
    root: Window,
    white: u32,
    net_wm_pid: u32,
}

impl Client {
    fn connect(display: &str) -> Self {
        let (conn, screen) = RustConnection::connect(Some(display)).expect("client connect");
        let root = conn.setup().roots[screen].root;
        let white = conn.setup().roots[screen].white_pixel;
        let net_wm_pid = conn
            .intern_atom(false, b"_NET_WM_PID")
            .unwrap()
            .reply()
            .unwrap()
            .atom;
        Self {
            conn,
            root,
            white,
            net_wm_pid,
        }
    }

    fn window(
        &self,
        parent: Window,
        rect: (i16, i16, u16, u16),
        pid: Option<u32>,
        override_redirect: bool,
    ) -> Window {
        let id = self.conn.generate_id().unwrap();
        let (x, y, width, height) = rect;
        self.conn
            .create_window(
                x11rb::COPY_DEPTH_FROM_PARENT,
                id,
                parent,
                x,
                y,
                width,
                height,
                0,
                WindowClass::INPUT_OUTPUT,
                x11rb::COPY_FROM_PARENT,
                &CreateWindowAux::new()
                    .background_pixel(self.white)
                    .override_redirect(u32::from(override_redirect)),
            )
            .unwrap();
        if let Some(pid) = pid {
            self.conn
                .change_property32(
                    PropMode::REPLACE,
                    id,
                    self.net_wm_pid,
                    AtomEnum::CARDINAL,
                    &[pid],
                )
                .unwrap();
        }
        id
    }

    fn top_window(&self, rect: (i16, i16, u16, u16), pid: u32) -> Window {
        let id = self.window(self.root, rect, Some(pid), false);
        self.conn.map_window(id).unwrap();
        id
    }

    /// Waits until the server has processed everything sent so far.
    fn sync(&self) {
        self.conn.get_input_focus().unwrap().reply().unwrap();
    }
}

fn find(windows: &[TopWindow], id: Window) -> &TopWindow {
    windows
        .iter()
        .find(|w| w.id == id)
        .unwrap_or_else(|| panic!("window 0x{id:x} missing from {windows:#?}"))
}

fn position(windows: &[TopWindow], id: Window) -> usize {
    windows
        .iter()
        .position(|w| w.id == id)
        .unwrap_or_else(|| panic!("window 0x{id:x} missing from {windows:#?}"))
}

#[test]
fn lists_places_and_raises_real_windows() {
    let xvfb = Xvfb::start();
    let desktop = xvfb.connect();
    assert_eq!(desktop.screen_size(), (1024, 768));

    let client = Client::connect(xvfb.display());
    let browser = client.top_window((50, 60, 200, 100), 4242);
    let other = client.top_window((300, 300, 150, 120), 5353);
    // A window-manager frame: no pid itself, the client window inside it has one.
    let frame = client.window(client.root, (10, 10, 300, 200), None, false);
    let framed = client.window(frame, (0, 20, 300, 180), Some(6464), false);
    client.conn.map_window(framed).unwrap();
    client.conn.map_window(frame).unwrap();
    // Same pid, but a pop-up menu and a hidden window: windows_of must leave them out.
    let menu = client.window(client.root, (60, 70, 80, 40), Some(4242), true);
    client.conn.map_window(menu).unwrap();
    let hidden = client.window(client.root, (0, 0, 10, 10), Some(4242), false);
    client.sync();

    let windows = desktop.top_level_windows().expect("list windows");
    let listed = find(&windows, browser);
    assert_eq!(listed.pid, Some(4242));
    assert_eq!(
        listed.rect,
        Rect {
            x: 50,
            y: 60,
            width: 200,
            height: 100
        }
    );
    assert!(listed.mapped);
    assert!(!listed.override_redirect);
    assert_eq!(
        find(&windows, frame).pid,
        Some(6464),
        "pid found inside a frame"
    );
    assert!(find(&windows, menu).override_redirect);
    assert!(!find(&windows, hidden).mapped);
    assert!(
        position(&windows, browser) < position(&windows, other),
        "listing is bottom to top: the later window is above"
    );

    let ids = |windows: Vec<TopWindow>| windows.into_iter().map(|w| w.id).collect::<Vec<_>>();
    assert_eq!(ids(desktop.windows_of(&[4242]).unwrap()), vec![browser]);
    assert_eq!(
        ids(desktop.windows_of(&[5353, 6464]).unwrap()),
        vec![other, frame]
    );
    assert!(desktop.windows_of(&[1]).unwrap().is_empty());

    let area = browser_area(desktop.screen_size(), 48);
    desktop.place(browser, area).expect("place the browser");
    let geometry = client.conn.get_geometry(browser).unwrap().reply().unwrap();
    assert_eq!(
        (geometry.x, geometry.y, geometry.width, geometry.height),
        (0, 48, 1024, 720),
        "geometry seen by the window's own client"
    );
    assert_eq!(
        find(&desktop.top_level_windows().unwrap(), browser).rect,
        area
    );

    desktop.raise(browser).expect("raise the browser");
    let windows = desktop.top_level_windows().unwrap();
    assert_eq!(
        windows.last().map(|w| w.id),
        Some(browser),
        "raised window is on top of everything"
    );
    assert!(position(&windows, other) < position(&windows, browser));
    desktop.raise(other).unwrap();
    let windows = desktop.top_level_windows().unwrap();
    assert_eq!(windows.last().map(|w| w.id), Some(other));

    // A window that closes between listing and placing.
    client.conn.destroy_window(hidden).unwrap();
    client.sync();
    assert!(
        desktop
            .top_level_windows()
            .unwrap()
            .iter()
            .all(|w| w.id != hidden)
    );
    let error = desktop.place(hidden, area).unwrap_err();
    assert!(
        matches!(error, X11Error::WindowGone { window, .. } if window == hidden),
        "{error:?}"
    );
    assert!(matches!(
        desktop.raise(hidden),
        Err(X11Error::WindowGone { .. })
    ));
    let empty = browser_area(desktop.screen_size(), 768);
    assert!(matches!(
        desktop.place(browser, empty),
        Err(X11Error::InvalidRect { .. })
    ));
    // The connection is still fine after those errors.
    assert_eq!(ids(desktop.windows_of(&[4242]).unwrap()), vec![browser]);
}

#[test]
fn gives_the_keyboard_to_a_window_without_a_window_manager() {
    let xvfb = Xvfb::start();
    let desktop = xvfb.connect();
    let client = Client::connect(xvfb.display());
    let shell = client.top_window((0, 0, 400, 300), 1111);
    let browser = client.top_window((0, 80, 400, 220), 2222);
    let unmapped = client.window(client.root, (0, 0, 10, 10), Some(1111), false);
    client.sync();
    assert_ne!(
        desktop.focused().unwrap(),
        shell,
        "nobody gives it the keyboard by itself"
    );
    desktop.focus(shell).expect("focus the shell");
    assert_eq!(desktop.focused().unwrap(), shell);
    desktop.focus(browser).expect("focus the browser");
    assert_eq!(desktop.focused().unwrap(), browser);
    assert!(
        desktop.focus(unmapped).is_err(),
        "an unmapped window cannot take it"
    );
    assert_eq!(desktop.focused().unwrap(), browser);
}

#[test]
fn idle_time_resets_on_input() {
    let xvfb = Xvfb::start();
    let desktop = xvfb.connect();
    sleep(Duration::from_millis(700));
    let before = desktop.idle_ms().expect("Xvfb has MIT-SCREEN-SAVER");
    assert!(before >= 600, "idle {before} ms after 700 ms without input");

    let status = Command::new("xdotool")
        .args(["mousemove", "10", "10"])
        .env("DISPLAY", xvfb.display())
        .status()
        .expect("xdotool is missing: install the xdotool package");
    assert!(status.success(), "xdotool failed: {status}");
    let after = desktop.idle_ms().unwrap();
    assert!(
        after < before && after < 300,
        "idle time did not reset: {before} ms before the move, {after} ms after"
    );
}

#[test]
fn hung_server_gives_an_error_instead_of_blocking() {
    let xvfb = Xvfb::start();
    let mut desktop = xvfb.connect();
    desktop.set_reply_timeout(Duration::from_millis(300));
    assert!(desktop.top_level_windows().is_ok());
    // Stands for the kiosk's own window. An X server resets when its last client leaves, and
    // refuses connections while it does; in the kiosk the shell window is always connected.
    let _shell = Client::connect(xvfb.display());

    xvfb.signal(Signal::SIGSTOP);
    let started = Instant::now();
    let result = desktop.top_level_windows();
    let waited = started.elapsed();
    xvfb.signal(Signal::SIGCONT);

    let error = result.expect_err("a stopped server cannot answer");
    assert!(matches!(error, X11Error::Unresponsive { .. }), "{error:?}");
    assert!(waited < Duration::from_secs(3), "waited {waited:?}");
    // The connection is closed for good: later calls fail at once, and a new one works.
    assert!(matches!(
        desktop.idle_ms(),
        Err(X11Error::Unresponsive { .. })
    ));
    assert_eq!(xvfb.connect().screen_size(), (1024, 768));
}

#[test]
fn connecting_without_a_server_says_so() {
    let free = (4000..5000)
        .find(|n| !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists())
        .unwrap();
    let error = X11Desktop::connect_to(&format!(":{free}")).unwrap_err();
    assert!(matches!(error, X11Error::NoServer { .. }), "{error:?}");
    assert!(error.to_string().contains(&format!(":{free}")), "{error}");

    let error = X11Desktop::connect_to("not a display").unwrap_err();
    assert!(matches!(error, X11Error::BadDisplay { .. }), "{error:?}");
}
