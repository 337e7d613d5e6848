//! The keys that bring the station's home back, for a person using the keyboard alone: once a
//! site is open, Tab only goes round the browser's page and toolbar, and the bar (« Accueil »,
//! « Terminer », « Accessibilité ») is out of the keyboard's reach.
//!
//! F1 (help, on every keyboard) and the Windows key (Super, which opens the start menu
//! elsewhere) are grabbed on the root window, whatever the modifiers: the X server gives them to
//! the kiosk, never to the page in front, and before any grab of a window below. Grabbed once
//! at start-up, before any guest program runs, so no page can take them first. A program that
//! takes the whole keyboard (`XGrabKeyboard`, as a menu does while it is open) holds F1 too,
//! until it lets go. The keyboard's layout is the station's, set at installation: a layout
//! changed while the kiosk runs would keep the keys of its start.

use std::sync::mpsc;

use x11rb::connection::Connection;
use x11rb::errors::{ConnectionError, ReplyError};
use x11rb::protocol::Event;
use x11rb::protocol::xproto::{ConnectionExt as _, GrabMode, Keycode, Keysym, ModMask};
use x11rb::rust_connection::RustConnection;

use super::{DEFAULT_REPLY_TIMEOUT, X11Error};

/// The keys grabbed.
pub const HOME_KEYSYMS: [Keysym; 3] = [
    xkeysym::key::F1,
    xkeysym::key::Super_L,
    xkeysym::key::Super_R,
];

const WHAT: &str = "grabbing the keys that bring the station's home back";

/// The keycodes that give one of `wanted` in the keyboard mapping `keysyms` (as
/// `GetKeyboardMapping` returns it from `min_keycode`, `per_keycode` keysyms for each key).
#[must_use]
pub fn keycodes_for(
    min_keycode: Keycode,
    per_keycode: u8,
    keysyms: &[Keysym],
    wanted: &[Keysym],
) -> Vec<Keycode> {
    if per_keycode == 0 {
        return Vec::new();
    }
    keysyms
        .chunks(usize::from(per_keycode))
        .zip(min_keycode..=Keycode::MAX)
        .filter(|(syms, _)| syms.iter().any(|sym| wanted.contains(sym)))
        .map(|(_, code)| code)
        .collect()
}

/// Grabs the home keys on `display` and calls `pressed` at each press of one of them, on a
/// thread of its own, until the X server goes (its loss is seen and handled by the desktop's
/// own connection). The connection and the grab are made on that thread, and waited for at most
/// [`DEFAULT_REPLY_TIMEOUT`]: a server that hangs does not hold up the kiosk's start.
///
/// # Errors
/// When the display cannot be reached or answers too late, no key gives F1 or Super, or a key
/// cannot be grabbed (another client holds it): the station then works without the keys.
pub fn watch(display: &str, pressed: impl Fn() + Send + 'static) -> Result<(), X11Error> {
    let (tx, rx) = mpsc::channel();
    let name = display.to_owned();
    std::thread::Builder::new()
        .name("home-key".to_owned())
        .spawn(move || match grab(&name) {
            Ok((conn, codes)) => {
                tx.send(Ok(())).ok();
                while let Ok(event) = conn.wait_for_event() {
                    // While a grabbed key is held, every key comes here: only ours count.
                    if let Event::KeyPress(press) = event
                        && codes.contains(&press.detail)
                    {
                        pressed();
                    }
                }
            }
            Err(error) => {
                tx.send(Err(error)).ok();
            }
        })
        .map_err(|source| X11Error::Setup {
            display: display.to_owned(),
            what: "cannot start the thread that waits for the home keys",
            source,
        })?;
    match rx.recv_timeout(DEFAULT_REPLY_TIMEOUT) {
        Ok(result) => result,
        Err(_) => Err(super::unresponsive(WHAT, DEFAULT_REPLY_TIMEOUT)),
    }
}

/// A connection to `display` that holds the home keys, and their keycodes.
fn grab(display: &str) -> Result<(RustConnection, Vec<Keycode>), X11Error> {
    let request = |source: ReplyError| X11Error::Request { what: WHAT, source };
    let connection = |source: ConnectionError| X11Error::Connection { what: WHAT, source };
    let (conn, screen) = x11rb::connect(Some(display)).map_err(|source| X11Error::Connect {
        display: display.to_owned(),
        source,
    })?;
    let setup = conn.setup();
    let root = setup
        .roots
        .get(screen)
        .ok_or_else(|| X11Error::NoScreen {
            display: display.to_owned(),
            screen,
        })?
        .root;
    let (min, max) = (setup.min_keycode, setup.max_keycode);
    let mapping = conn
        .get_keyboard_mapping(min, max.saturating_sub(min).saturating_add(1))
        .map_err(connection)?
        .reply()
        .map_err(request)?;
    let codes = keycodes_for(
        min,
        mapping.keysyms_per_keycode,
        &mapping.keysyms,
        &HOME_KEYSYMS,
    );
    if codes.is_empty() {
        return Err(X11Error::NoHomeKey);
    }
    for &code in &codes {
        conn.grab_key(
            false,
            root,
            ModMask::ANY,
            code,
            GrabMode::ASYNC,
            GrabMode::ASYNC,
        )
        .map_err(connection)?
        .check()
        .map_err(request)?;
    }
    conn.flush().map_err(connection)?;
    Ok((conn, codes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_giving_f1_or_super_are_found_in_any_column() {
        // Keycodes 8, 9, 10 with two keysyms each: a letter, F1 (shifted), Super_L.
        let keysyms = [0x61, 0x41, 0x31, 0xffbe, 0xffeb, 0];
        assert_eq!(keycodes_for(8, 2, &keysyms, &HOME_KEYSYMS), [9, 10]);
        assert!(keycodes_for(8, 2, &[0x61, 0x41], &HOME_KEYSYMS).is_empty());
        assert!(keycodes_for(8, 0, &keysyms, &HOME_KEYSYMS).is_empty());
    }
}
