//! The X11 desktop: who is on top, where the browser sits, and how long nobody has touched the
//! station.
//!
//! The kiosk runs in a bare X session without a window manager, so window layout is ours to do:
//! this module lists the top-level windows (with the pid that owns each), moves a browser window
//! into the area below the bar, raises a window above its siblings, and reads the system-wide
//! input idle time from the MIT-SCREEN-SAVER extension.
//!
//! Every call waits at most [`DEFAULT_REPLY_TIMEOUT`] (see [`X11Desktop::set_reply_timeout`]) for
//! the X server: a watchdog thread shuts the socket down when a reply is late, so a hung server
//! turns into an [`X11Error::Unresponsive`] instead of freezing the supervisor, which must still
//! end sessions and wipe data on time. After that the connection is dead; connect again.

use std::io;
use std::net::TcpStream;
use std::os::fd::AsFd;
use std::os::unix::net::UnixStream;
use std::time::Duration;

use x11rb::connection::Connection;
use x11rb::cookie::Cookie;
use x11rb::errors::{ConnectionError, ReplyError};
use x11rb::protocol::ErrorKind;
use x11rb::protocol::screensaver::{self, ConnectionExt as _};
use x11rb::protocol::xproto::{
    Atom, AtomEnum, ClientMessageEvent, ConfigureWindowAux, ConnectionExt as _, EventMask,
    GetPropertyReply, InputFocus, MapState, StackMode, Window,
};
use x11rb::reexports::x11rb_protocol::parse_display::{ConnectAddress, parse_display};
use x11rb::reexports::x11rb_protocol::xauth;
use x11rb::rust_connection::{DefaultStream, RustConnection};

mod error;
pub mod home_key;
mod watchdog;

pub use error::X11Error;
use watchdog::{Severable, Watchdog};

/// How long a call waits for the X server before giving up and closing the connection.
///
/// A healthy server answers in well under a millisecond; a few seconds leave room for a machine
/// that is swapping or busy rendering a heavy page on llvmpipe.
pub const DEFAULT_REPLY_TIMEOUT: Duration = Duration::from_secs(5);

/// How deep below a top-level window we look for `_NET_WM_PID` (window-manager frames put the
/// client one or two levels down).
const MAX_PID_SEARCH_DEPTH: usize = 4;

/// How many windows per level we look at while searching for `_NET_WM_PID`, so that a window
/// with thousands of children cannot make a listing slow.
const MAX_PID_SEARCH_WIDTH: usize = 256;

/// A rectangle on the screen, in pixels, relative to the top-left corner of the root window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rect {
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Width, not counting any X border.
    pub width: u32,
    /// Height, not counting any X border.
    pub height: u32,
}

impl Rect {
    /// Whether the X protocol can express this rectangle as a window geometry: positions are
    /// 16-bit signed and sizes 16-bit unsigned and never zero.
    fn fits_x11(self) -> bool {
        let position_ok = |v: i32| i16::try_from(v).is_ok();
        let size_ok = |v: u32| (1..=u32::from(u16::MAX)).contains(&v);
        position_ok(self.x) && position_ok(self.y) && size_ok(self.width) && size_ok(self.height)
    }
}

/// The area where the browser goes during a session: everything below the kiosk's bar.
///
/// `screen` is `(width, height)` in pixels. If the bar is as tall as the screen, the area is
/// empty (height 0), which [`X11Desktop::place`] refuses.
#[must_use]
pub fn browser_area(screen: (u32, u32), bar_height: u32) -> Rect {
    let (width, height) = screen;
    let bar_height = bar_height.min(height);
    Rect {
        x: 0,
        y: i32::try_from(bar_height).unwrap_or(i32::MAX),
        width,
        height: height - bar_height,
    }
}

/// A direct child of the root window: a client window without a window manager, a frame with one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopWindow {
    /// The X window id.
    pub id: u32,
    /// `_NET_WM_PID` of the window or, under a window manager, of the first window inside the
    /// frame that has it (breadth first). `None` if no window sets it.
    pub pid: Option<u32>,
    /// Geometry relative to the root window (outer top-left corner, inner size).
    pub rect: Rect,
    /// Whether the window is mapped (asked to be shown).
    pub mapped: bool,
    /// Whether the window bypasses window management (menus, tooltips, pop-ups).
    pub override_redirect: bool,
}

/// A connection to the X server of the station, with the few requests the kiosk needs.
pub struct X11Desktop {
    conn: RustConnection,
    root: Window,
    screen_size: (u32, u32),
    net_wm_pid: Atom,
    reply_timeout: Duration,
    watchdog: Watchdog,
}

impl std::fmt::Debug for X11Desktop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("X11Desktop")
            .field("root", &self.root)
            .field("screen_size", &self.screen_size)
            .field("reply_timeout", &self.reply_timeout)
            .finish_non_exhaustive()
    }
}

impl X11Desktop {
    /// Connects to the display named by `$DISPLAY`.
    ///
    /// # Errors
    /// [`X11Error::DisplayNotSet`] if `$DISPLAY` is unset or empty, otherwise as
    /// [`X11Desktop::connect_to`].
    pub fn connect() -> Result<Self, X11Error> {
        let display = std::env::var("DISPLAY").map_err(|_| X11Error::DisplayNotSet)?;
        if display.is_empty() {
            return Err(X11Error::DisplayNotSet);
        }
        Self::connect_to(&display)
    }

    /// Connects to the named display (for example `":0"`), using the Xauthority cookie if any.
    ///
    /// # Errors
    /// A bad display name, no server listening, a refused setup (authorization), a missing
    /// screen, or a server that does not answer within [`DEFAULT_REPLY_TIMEOUT`].
    pub fn connect_to(display: &str) -> Result<Self, X11Error> {
        let parsed = parse_display(Some(display)).map_err(|source| X11Error::BadDisplay {
            display: display.to_owned(),
            source,
        })?;
        let screen = usize::from(parsed.screen);

        // Connect the socket ourselves rather than with `RustConnection::connect`, so that the
        // watchdog holds a handle on it before the setup handshake, which can also hang.
        let mut last_error = None;
        let mut connected = None;
        for address in parsed.connect_instruction() {
            match DefaultStream::connect(&address) {
                Ok(stream) => {
                    connected = Some((stream, matches!(address, ConnectAddress::Hostname(..))));
                    break;
                }
                Err(error) => last_error = Some(error),
            }
        }
        let Some(((stream, (family, peer_address)), is_tcp)) = connected else {
            return Err(X11Error::NoServer {
                display: display.to_owned(),
                source: last_error.unwrap_or_else(|| {
                    io::Error::new(io::ErrorKind::NotFound, "the display name gives no address")
                }),
            });
        };

        let setup_error = |what, source| X11Error::Setup {
            display: display.to_owned(),
            what,
            source,
        };
        let socket = stream
            .as_fd()
            .try_clone_to_owned()
            .map_err(|e| setup_error("cannot duplicate the X socket for the reply watchdog", e))?;
        let socket = if is_tcp {
            Severable::Tcp(TcpStream::from(socket))
        } else {
            Severable::Unix(UnixStream::from(socket))
        };
        let watchdog = Watchdog::start(socket)
            .map_err(|e| setup_error("cannot start the X reply watchdog thread", e))?;

        // As x11rb itself does: no readable Xauthority entry means trying without a cookie.
        let (auth_name, auth_data) = xauth::get_auth(family, &peer_address, parsed.display)
            .ok()
            .flatten()
            .unwrap_or_default();
        let what = "connecting";
        let conn = {
            let _armed = watchdog.arm(DEFAULT_REPLY_TIMEOUT);
            RustConnection::connect_to_stream_with_auth_info(stream, screen, auth_name, auth_data)
        };
        let conn = conn.map_err(|source| {
            if watchdog.fired() {
                unresponsive(what, DEFAULT_REPLY_TIMEOUT)
            } else {
                X11Error::Connect {
                    display: display.to_owned(),
                    source,
                }
            }
        })?;

        let Some(root) = conn.setup().roots.get(screen) else {
            return Err(X11Error::NoScreen {
                display: display.to_owned(),
                screen,
            });
        };
        let root_window = root.root;
        let screen_size = (
            u32::from(root.width_in_pixels),
            u32::from(root.height_in_pixels),
        );
        let mut desktop = Self {
            conn,
            root: root_window,
            screen_size,
            net_wm_pid: 0,
            reply_timeout: DEFAULT_REPLY_TIMEOUT,
            watchdog,
        };
        desktop.net_wm_pid = desktop.guarded("looking up the _NET_WM_PID atom", || {
            Ok(desktop
                .conn
                .intern_atom(false, b"_NET_WM_PID")?
                .reply()?
                .atom)
        })?;
        Ok(desktop)
    }

    /// Sets how long each later call waits for the X server before closing the connection and
    /// returning [`X11Error::Unresponsive`].
    pub fn set_reply_timeout(&mut self, timeout: Duration) {
        self.reply_timeout = timeout;
    }

    /// The size of the root window in pixels, `(width, height)`, as the server announced it when
    /// we connected (a later `RandR` resize is not seen).
    #[must_use]
    pub fn screen_size(&self) -> (u32, u32) {
        self.screen_size
    }

    /// Milliseconds since the last keyboard or pointer input anywhere on the display (in the
    /// browser too), from the MIT-SCREEN-SAVER extension.
    ///
    /// # Errors
    /// [`X11Error::ExtensionMissing`] if the server lacks the extension; connection errors.
    pub fn idle_ms(&self) -> Result<u64, X11Error> {
        let result = self.guarded("reading the idle time", || {
            Ok(self
                .conn
                .screensaver_query_info(self.root)?
                .reply()?
                .ms_since_user_input)
        });
        match result {
            Ok(ms) => Ok(u64::from(ms)),
            Err(X11Error::Connection {
                source: ConnectionError::UnsupportedExtension,
                ..
            }) => Err(X11Error::ExtensionMissing {
                name: screensaver::X11_EXTENSION_NAME,
            }),
            Err(error) => Err(error),
        }
    }

    /// The children of the root window in stacking order, bottom first.
    ///
    /// Windows destroyed while we list them are left out: pop-ups close all the time.
    ///
    /// # Errors
    /// Connection errors and unexpected X errors.
    pub fn top_level_windows(&self) -> Result<Vec<TopWindow>, X11Error> {
        self.guarded("listing the top-level windows", || self.list_top_windows())
    }

    /// The mapped, non-override-redirect top-level windows whose pid is in `pids`, bottom first.
    ///
    /// # Errors
    /// As [`X11Desktop::top_level_windows`].
    pub fn windows_of(&self, pids: &[u32]) -> Result<Vec<TopWindow>, X11Error> {
        let mut windows = self.top_level_windows()?;
        windows.retain(|w| {
            w.mapped && !w.override_redirect && w.pid.is_some_and(|pid| pids.contains(&pid))
        });
        Ok(windows)
    }

    /// Moves and resizes `window` to `rect` (relative to the root window).
    ///
    /// # Errors
    /// [`X11Error::InvalidRect`] for an empty or out-of-range rectangle,
    /// [`X11Error::WindowGone`] if the window no longer exists, connection errors.
    pub fn place(&self, window: u32, rect: Rect) -> Result<(), X11Error> {
        if !rect.fits_x11() {
            return Err(X11Error::InvalidRect { window, rect });
        }
        let values = ConfigureWindowAux::new()
            .x(rect.x)
            .y(rect.y)
            .width(rect.width)
            .height(rect.height);
        self.configure(window, &values, "moving a window")
    }

    /// Gives the keyboard to `window`. Without a window manager nobody else does: a window that
    /// never gets the input focus never receives a key.
    ///
    /// # Errors
    /// [`X11Error::WindowGone`] if the window no longer exists; an error if it is not viewable.
    pub fn focus(&self, window: u32) -> Result<(), X11Error> {
        self.guarded("giving the keyboard to a window", || {
            self.conn
                .set_input_focus(InputFocus::PARENT, window, x11rb::CURRENT_TIME)?
                .check()?;
            self.conn.flush()?;
            Ok(())
        })
    }

    /// The window that has the keyboard.
    ///
    /// # Errors
    /// Connection errors.
    pub fn focused(&self) -> Result<u32, X11Error> {
        self.guarded("asking which window has the keyboard", || {
            Ok(self.conn.get_input_focus()?.reply()?.focus)
        })
    }

    /// The root window: the screen itself.
    #[must_use]
    pub fn root(&self) -> u32 {
        self.root
    }

    /// Whether `focused` (as [`X11Desktop::focused`] gives it) is no window of its own: None,
    /// PointerRoot or the root window, where the keyboard goes when the window that had it
    /// closed (a dialog, a pop-up). Keys then go to the window under the pointer, or nowhere.
    #[must_use]
    pub fn focus_is_on_no_window(&self, focused: u32) -> bool {
        const POINTER_ROOT: u32 = 1;
        focused == x11rb::NONE || focused == POINTER_ROOT || focused == self.root
    }

    /// Stacks `window` above all its siblings.
    ///
    /// # Errors
    /// [`X11Error::WindowGone`] if the window no longer exists, connection errors.
    pub fn raise(&self, window: u32) -> Result<(), X11Error> {
        let values = ConfigureWindowAux::new().stack_mode(StackMode::ABOVE);
        self.configure(window, &values, "raising a window")
    }

    /// Asks `window` to close, as a window manager's close button does (`WM_DELETE_WINDOW`):
    /// the program closes it itself, and a browser whose last window closes quits cleanly,
    /// keeping what it restores at its next start.
    ///
    /// # Errors
    /// [`X11Error::WindowGone`] if the window no longer exists, connection errors.
    pub fn close(&self, window: u32) -> Result<(), X11Error> {
        self.guarded("asking a window to close", || {
            let protocols = self.conn.intern_atom(false, b"WM_PROTOCOLS")?.reply()?.atom;
            let delete = self
                .conn
                .intern_atom(false, b"WM_DELETE_WINDOW")?
                .reply()?
                .atom;
            let event = ClientMessageEvent::new(32, window, protocols, [delete, 0, 0, 0, 0]);
            self.conn
                .send_event(false, window, EventMask::NO_EVENT, event)?
                .check()?;
            self.conn.flush()?;
            Ok(())
        })
    }

    /// Sends a checked `ConfigureWindow`, so that a `BadWindow` comes back here and not in the
    /// event queue.
    fn configure(
        &self,
        window: Window,
        values: &ConfigureWindowAux,
        what: &'static str,
    ) -> Result<(), X11Error> {
        self.guarded(what, || {
            self.conn.configure_window(window, values)?.check()?;
            self.conn.flush()?;
            Ok(())
        })
    }

    fn list_top_windows(&self) -> Result<Vec<TopWindow>, ReplyError> {
        let children = self.conn.query_tree(self.root)?.reply()?.children;
        // Send every request before reading any reply: one round trip for the whole list.
        let mut requests = Vec::with_capacity(children.len());
        for &id in &children {
            requests.push((
                id,
                self.conn.get_window_attributes(id)?,
                self.conn.get_geometry(id)?,
                self.pid_request(id)?,
            ));
        }
        self.conn.flush()?;
        let mut windows = Vec::with_capacity(requests.len());
        for (id, attributes, geometry, pid) in requests {
            let Some(attributes) = skip_gone(attributes.reply())? else {
                continue;
            };
            let Some(geometry) = skip_gone(geometry.reply())? else {
                continue;
            };
            let Some(pid) = skip_gone(pid.reply())? else {
                continue;
            };
            windows.push(TopWindow {
                id,
                pid: pid_value(&pid),
                rect: Rect {
                    x: i32::from(geometry.x),
                    y: i32::from(geometry.y),
                    width: u32::from(geometry.width),
                    height: u32::from(geometry.height),
                },
                mapped: attributes.map_state != MapState::UNMAPPED,
                override_redirect: attributes.override_redirect,
            });
        }
        self.find_pids_below(&mut windows)?;
        Ok(windows)
    }

    /// Fills in the pid of windows that lack `_NET_WM_PID` (window-manager frames) from their
    /// descendants, breadth first, all windows at once: two round trips per level.
    fn find_pids_below(&self, windows: &mut [TopWindow]) -> Result<(), ReplyError> {
        let mut searches: Vec<(usize, Vec<Window>)> = windows
            .iter()
            .enumerate()
            .filter(|(_, w)| w.pid.is_none())
            .map(|(index, w)| (index, vec![w.id]))
            .collect();
        for _ in 0..MAX_PID_SEARCH_DEPTH {
            if searches.is_empty() {
                break;
            }
            let mut tree_requests = Vec::with_capacity(searches.len());
            for (index, frontier) in &searches {
                let cookies = frontier
                    .iter()
                    .map(|&w| self.conn.query_tree(w))
                    .collect::<Result<Vec<_>, _>>()?;
                tree_requests.push((*index, cookies));
            }
            self.conn.flush()?;
            let mut levels = Vec::with_capacity(tree_requests.len());
            for (index, cookies) in tree_requests {
                let mut children = Vec::new();
                for cookie in cookies {
                    if let Some(tree) = skip_gone(cookie.reply())? {
                        children.extend(tree.children);
                    }
                }
                children.truncate(MAX_PID_SEARCH_WIDTH);
                if !children.is_empty() {
                    levels.push((index, children));
                }
            }

            let mut pid_requests = Vec::with_capacity(levels.len());
            for (_, children) in &levels {
                let cookies = children
                    .iter()
                    .map(|&w| self.pid_request(w))
                    .collect::<Result<Vec<_>, _>>()?;
                pid_requests.push(cookies);
            }
            self.conn.flush()?;
            searches.clear();
            for ((index, children), cookies) in levels.into_iter().zip(pid_requests) {
                let mut found = None;
                // Cookies left over after a hit are dropped, which discards their replies.
                for cookie in cookies {
                    if let Some(pid) = skip_gone(cookie.reply())?.as_ref().and_then(pid_value) {
                        found = Some(pid);
                        break;
                    }
                }
                match (found, windows.get_mut(index)) {
                    (Some(pid), Some(window)) => window.pid = Some(pid),
                    _ => searches.push((index, children)),
                }
            }
        }
        Ok(())
    }

    fn pid_request(
        &self,
        window: Window,
    ) -> Result<Cookie<'_, RustConnection, GetPropertyReply>, ConnectionError> {
        self.conn
            .get_property(false, window, self.net_wm_pid, AtomEnum::CARDINAL, 0, 1)
    }

    /// Runs `op` under the watchdog and turns its error into an [`X11Error`] that says `what`
    /// we were doing.
    fn guarded<T>(
        &self,
        what: &'static str,
        op: impl FnOnce() -> Result<T, ReplyError>,
    ) -> Result<T, X11Error> {
        if self.watchdog.fired() {
            return Err(unresponsive(what, self.reply_timeout));
        }
        let result = {
            let _armed = self.watchdog.arm(self.reply_timeout);
            op()
        };
        result.map_err(|error| {
            if self.watchdog.fired() {
                return unresponsive(what, self.reply_timeout);
            }
            match error {
                ReplyError::ConnectionError(source) => X11Error::Connection { what, source },
                ReplyError::X11Error(e) if is_window_error(e.error_kind) => X11Error::WindowGone {
                    window: e.bad_value,
                    what,
                },
                source @ ReplyError::X11Error(_) => X11Error::Request { what, source },
            }
        })
    }
}

fn unresponsive(what: &'static str, timeout: Duration) -> X11Error {
    X11Error::Unresponsive {
        what,
        timeout_ms: u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX),
    }
}

/// `BadWindow` (or `BadDrawable` from `GetGeometry`): the window was destroyed under us.
fn is_window_error(kind: ErrorKind) -> bool {
    matches!(kind, ErrorKind::Window | ErrorKind::Drawable)
}

/// `Ok(None)` for a window that vanished, so listings can skip it.
fn skip_gone<T>(result: Result<T, ReplyError>) -> Result<Option<T>, ReplyError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(ReplyError::X11Error(e)) if is_window_error(e.error_kind) => Ok(None),
        Err(error) => Err(error),
    }
}

fn pid_value(reply: &GetPropertyReply) -> Option<u32> {
    reply.value32()?.next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_area_is_everything_below_the_bar() {
        assert_eq!(
            browser_area((1024, 768), 48),
            Rect {
                x: 0,
                y: 48,
                width: 1024,
                height: 720
            }
        );
        assert_eq!(
            browser_area((1920, 1080), 0),
            Rect {
                x: 0,
                y: 0,
                width: 1920,
                height: 1080
            }
        );
    }

    #[test]
    fn browser_area_is_empty_when_the_bar_fills_the_screen() {
        let area = browser_area((800, 600), 900);
        assert_eq!(area.height, 0);
        assert_eq!(area.y, 600);
        assert!(!area.fits_x11(), "an empty area must be refused by place()");
    }

    #[test]
    fn only_rectangles_x11_can_express_fit() {
        let ok = Rect {
            x: -10,
            y: 48,
            width: 1024,
            height: 720,
        };
        assert!(ok.fits_x11());
        assert!(!Rect { width: 0, ..ok }.fits_x11());
        assert!(
            !Rect {
                width: 70_000,
                ..ok
            }
            .fits_x11()
        );
        assert!(!Rect { x: 40_000, ..ok }.fits_x11());
        assert!(!Rect { y: -40_000, ..ok }.fits_x11());
    }

    #[test]
    fn window_errors_mean_the_window_is_gone() {
        assert!(is_window_error(ErrorKind::Window));
        assert!(is_window_error(ErrorKind::Drawable));
        assert!(!is_window_error(ErrorKind::Access));
    }
}
