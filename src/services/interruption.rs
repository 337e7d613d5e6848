//! A note in each session directory of when the session started, so that a session that a
//! crash or a power cut interrupted is still counted (as ended by "interruption") when the
//! kiosk starts again. The note holds the start rounded to the quarter hour and the session's
//! kind: nothing about the person.

use std::io;
use std::path::Path;

use chrono::{DateTime, TimeZone, Utc};

use crate::domain::SessionKind;

/// The note's file name, inside the session directory (root's, not readable by the guest).
const NOTE: &str = ".borne-session";

/// A session found interrupted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interrupted {
    /// When it started, to the quarter hour.
    pub started_at: DateTime<Utc>,
    /// From its start to the last time its directory changed.
    pub duration_secs: u32,
    /// Drop-in or assisted.
    pub kind: SessionKind,
}

/// Writes the note of a session that starts now.
///
/// # Errors
/// The I/O error of writing it.
pub fn write_start(session_dir: &Path, kind: SessionKind, now: DateTime<Utc>) -> io::Result<()> {
    let quarter = now.timestamp() - now.timestamp().rem_euclid(900);
    let kind = match kind {
        SessionKind::DropIn => "drop-in",
        SessionKind::Assisted => "assisted",
    };
    std::fs::write(session_dir.join(NOTE), format!("{quarter} {kind}\n"))
}

/// Reads the note of a leftover session directory; `None` if there is none or it is unreadable
/// (the leftovers are wiped all the same).
pub fn read_start(session_dir: &Path) -> Option<Interrupted> {
    let text = std::fs::read_to_string(session_dir.join(NOTE)).ok()?;
    let mut parts = text.split_whitespace();
    let started: i64 = parts.next()?.parse().ok()?;
    let kind = match parts.next()? {
        "drop-in" => SessionKind::DropIn,
        "assisted" => SessionKind::Assisted,
        _ => return None,
    };
    let started_at = Utc.timestamp_opt(started, 0).single()?;
    let last_change = last_change(session_dir).unwrap_or(started);
    let duration_secs = u32::try_from((last_change - started).max(0)).unwrap_or(u32::MAX);
    Some(Interrupted {
        started_at,
        duration_secs,
        kind,
    })
}

/// The latest modification time (seconds) of the directory and its direct children: the
/// browser writes its profile until the end, so this is close to when the session stopped.
fn last_change(dir: &Path) -> Option<i64> {
    let seconds = |path: &Path| {
        std::fs::symlink_metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .and_then(|d| i64::try_from(d.as_secs()).ok())
    };
    let children = std::fs::read_dir(dir).ok()?;
    children
        .flatten()
        .filter_map(|entry| seconds(&entry.path()))
        .chain(seconds(dir))
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_round_trips_to_the_quarter_hour() {
        let dir = std::env::temp_dir().join(format!("borne-note-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 26, 9, 7, 31).unwrap();
        write_start(&dir, SessionKind::Assisted, now).unwrap();
        let found = read_start(&dir).unwrap();
        assert_eq!(
            found.started_at,
            Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap()
        );
        assert_eq!(found.kind, SessionKind::Assisted);
        std::fs::write(dir.join(NOTE), "garbage").unwrap();
        assert_eq!(read_start(&dir), None);
        std::fs::remove_dir_all(&dir).ok();
    }
}
