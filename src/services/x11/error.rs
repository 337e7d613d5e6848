//! Why the X desktop could not be used.

use std::io;

use x11rb::errors::{ConnectError, ConnectionError, ReplyError};
use x11rb::reexports::x11rb_protocol::errors::DisplayParsingError;

use super::Rect;

/// What went wrong while talking to the X server.
#[derive(Debug, thiserror::Error)]
pub enum X11Error {
    /// `$DISPLAY` is unset, empty or not Unicode.
    #[error(
        "cannot open the X display: $DISPLAY is not set (the kiosk must be started inside an X session)"
    )]
    DisplayNotSet,
    /// The display name cannot be parsed.
    #[error("cannot open the X display: {display:?} is not a valid display name")]
    BadDisplay {
        /// The display name as given.
        display: String,
        /// Why x11rb rejected it.
        #[source]
        source: DisplayParsingError,
    },
    /// Nothing accepted a connection at the display's addresses.
    #[error("cannot open the X display {display:?}: no X server is listening there")]
    NoServer {
        /// The display name as given.
        display: String,
        /// The error of the last address tried.
        #[source]
        source: io::Error,
    },
    /// A server answered but the connection setup failed (authorization, protocol).
    #[error("cannot open the X display {display:?}: the X server refused the connection")]
    Connect {
        /// The display name as given.
        display: String,
        /// What x11rb reported.
        #[source]
        source: ConnectError,
    },
    /// The display name asks for a screen the server does not have.
    #[error("the X display {display:?} has no screen {screen}")]
    NoScreen {
        /// The display name as given.
        display: String,
        /// The screen number from the display name.
        screen: usize,
    },
    /// Setting up the reply watchdog failed.
    #[error("cannot open the X display {display:?}: {what}")]
    Setup {
        /// The display name as given.
        display: String,
        /// What could not be done.
        what: &'static str,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// The server lacks an extension that a call needs.
    #[error(
        "the X server has no {name} extension, which is needed to measure how long the station has been idle"
    )]
    ExtensionMissing {
        /// The X extension name.
        name: &'static str,
    },
    /// No key of the keyboard gives F1 or the Windows key, the keys that bring the station's
    /// home back.
    #[error("no key of this keyboard gives F1 or the Windows key (Super)")]
    NoHomeKey,
    /// The window was destroyed (or never existed).
    #[error("window 0x{window:x} no longer exists (while {what})")]
    WindowGone {
        /// The X window id.
        window: u32,
        /// What we were doing.
        what: &'static str,
    },
    /// The rectangle cannot be expressed in the X protocol (empty, or beyond 16 bits).
    #[error(
        "cannot place window 0x{window:x} at {rect:?}: X needs sizes of 1 to 65535 px and positions within ±32767 px"
    )]
    InvalidRect {
        /// The X window id.
        window: u32,
        /// The rejected rectangle.
        rect: Rect,
    },
    /// The server answered a request with an error.
    #[error("the X server rejected a request while {what}")]
    Request {
        /// What we were doing.
        what: &'static str,
        /// The X error.
        #[source]
        source: ReplyError,
    },
    /// The connection broke (server gone, socket error).
    #[error("the X connection failed while {what}")]
    Connection {
        /// What we were doing.
        what: &'static str,
        /// What x11rb reported.
        #[source]
        source: ConnectionError,
    },
    /// The server did not answer in time; the connection was closed and is no longer usable.
    #[error(
        "the X server did not answer within {timeout_ms} ms while {what}; the connection was closed, connect again"
    )]
    Unresponsive {
        /// What we were doing.
        what: &'static str,
        /// The timeout that expired.
        timeout_ms: u64,
    },
}
