//! The X11 clipboard: its selections lose their owner and the old cut buffers go, over a
//! connection of its own with a time limit (x11rb has none).

use std::sync::mpsc;
use std::time::Duration;

use x11rb::connection::Connection;
use x11rb::errors::ReplyError;
use x11rb::protocol::xproto::{Atom, AtomEnum, ConnectionExt as _, Window};
use x11rb::rust_connection::RustConnection;

use super::WipeError;

/// How long the X server gets to answer the few clipboard requests.
const X11_TIMEOUT: Duration = Duration::from_secs(3);

/// The selections a person copies with: Ctrl+C, and selecting text.
const CHECKED_SELECTIONS: [(&str, &[u8]); 2] =
    [("CLIPBOARD", b"CLIPBOARD"), ("PRIMARY", b"PRIMARY")];

/// Takes the owner away from the clipboard, primary and secondary selections and deletes the
/// root window's cut buffers.
pub(super) fn clear_selections(display: &str) -> Result<(), WipeError> {
    on_display(display, "clearing the clipboard", |conn, root| {
        let mut selections = interned(conn, &CHECKED_SELECTIONS)?;
        selections.push(AtomEnum::SECONDARY.into());
        for selection in selections {
            let owner = conn.get_selection_owner(selection)?.reply()?.owner;
            if owner != x11rb::NONE {
                conn.set_selection_owner(x11rb::NONE, selection, x11rb::CURRENT_TIME)?
                    .check()?;
            }
        }
        let cut_buffers = [
            AtomEnum::CUT_BUFFER0,
            AtomEnum::CUT_BUFFER1,
            AtomEnum::CUT_BUFFER2,
            AtomEnum::CUT_BUFFER3,
            AtomEnum::CUT_BUFFER4,
            AtomEnum::CUT_BUFFER5,
            AtomEnum::CUT_BUFFER6,
            AtomEnum::CUT_BUFFER7,
        ];
        for buffer in cut_buffers {
            conn.delete_property(root, Atom::from(buffer))?.check()?;
        }
        Ok(())
    })
}

/// The names of the checked selections that have an owner.
pub(super) fn owned_selections(display: &str) -> Result<Vec<&'static str>, WipeError> {
    on_display(display, "checking the clipboard", |conn, _| {
        let atoms = interned(conn, &CHECKED_SELECTIONS)?;
        let mut owned = Vec::new();
        for ((name, _), atom) in CHECKED_SELECTIONS.iter().zip(atoms) {
            if conn.get_selection_owner(atom)?.reply()?.owner != x11rb::NONE {
                owned.push(*name);
            }
        }
        Ok(owned)
    })
}

fn interned(conn: &RustConnection, names: &[(&str, &[u8])]) -> Result<Vec<Atom>, ReplyError> {
    let cookies = names
        .iter()
        .map(|(_, name)| conn.intern_atom(false, name))
        .collect::<Result<Vec<_>, _>>()?;
    cookies
        .into_iter()
        .map(|cookie| Ok(cookie.reply()?.atom))
        .collect()
}

/// Runs `op` on a fresh connection to `display`, in a thread, waiting at most [`X11_TIMEOUT`].
///
/// x11rb has no timeouts: a hung X server would block the wipe forever. On a timeout the
/// thread is left waiting for the server (it ends when the server answers or dies) and the wipe
/// reports the problem, which puts the station out of service.
fn on_display<T: Send + 'static>(
    display: &str,
    what: &'static str,
    op: impl FnOnce(&RustConnection, Window) -> Result<T, ReplyError> + Send + 'static,
) -> Result<T, WipeError> {
    let failed = |cause: String| WipeError::Clipboard {
        what,
        display: display.to_owned(),
        cause,
    };
    let (sender, receiver) = mpsc::channel();
    let name = display.to_owned();
    let spawned = std::thread::Builder::new()
        .name("wipe-x11".to_owned())
        .spawn(move || {
            let result = match x11rb::connect(Some(&name)) {
                Ok((conn, screen)) => match conn.setup().roots.get(screen).map(|s| s.root) {
                    Some(root) => op(&conn, root).map_err(|e| e.to_string()),
                    None => Err(format!("the display has no screen {screen}")),
                },
                Err(e) => Err(e.to_string()),
            };
            // The receiver is gone only after a timeout, which was already reported.
            sender.send(result).ok();
        });
    if let Err(e) = spawned {
        return Err(failed(format!("cannot start a thread: {e}")));
    }
    match receiver.recv_timeout(X11_TIMEOUT) {
        Ok(result) => result.map_err(failed),
        Err(_) => Err(failed(format!(
            "no answer within {} s",
            X11_TIMEOUT.as_secs()
        ))),
    }
}
