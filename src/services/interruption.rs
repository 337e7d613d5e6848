//! A note in each session directory of when the session started, so that a session that a
//! crash or a power cut interrupted is still counted (as ended by "interruption") when the
//! kiosk starts again. The note holds the true start (the usage log rounds it, as it rounds
//! every session), the session's kind and the longest it could last: nothing about the person.
//! The note is wiped with the session directory, like everything else of the session.

use std::io;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};

use crate::domain::SessionKind;

/// The note's file name, inside the session directory (root's, not readable by the guest).
const NOTE: &str = ".borne-session";

/// A session found interrupted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interrupted {
    /// When it started (the usage log rounds it).
    pub started_at: DateTime<Utc>,
    /// From its start to the last time its directory changed, at most the longest it could
    /// last.
    pub duration_secs: u32,
    /// Drop-in or assisted.
    pub kind: SessionKind,
}

/// Writes the note of a session that starts now.
///
/// # Errors
/// The I/O error of writing it.
pub fn write_start(
    session_dir: &Path,
    kind: SessionKind,
    longest: Duration,
    now: DateTime<Utc>,
) -> io::Result<()> {
    let kind = match kind {
        SessionKind::DropIn => "drop-in",
        SessionKind::Assisted => "assisted",
    };
    let start = now.timestamp();
    let longest = longest.as_secs();
    std::fs::write(
        session_dir.join(NOTE),
        format!("{start} {kind} {longest}\n"),
    )
}

/// The same note kept on disk (`<state>/<session id>`) while the session runs: the session
/// directory is in memory and a power cut erases it, so this is how the next start counts a
/// session that a power cut ended. It holds what the in-memory note holds, nothing more, and
/// goes when the session ends; its modification time, renewed every minute by
/// [`keep_open`], says until when the session ran.
///
/// # Errors
/// The I/O error of writing it.
pub fn note_open(
    state_dir: &Path,
    session_id: &str,
    kind: SessionKind,
    longest: Duration,
    now: DateTime<Utc>,
) -> io::Result<()> {
    std::fs::create_dir_all(state_dir)?;
    let temp = state_dir.join(format!(".{session_id}"));
    std::fs::create_dir_all(&temp)?;
    let written = write_start(&temp, kind, longest, now)
        .and_then(|()| std::fs::rename(temp.join(NOTE), state_dir.join(session_id)));
    std::fs::remove_dir_all(&temp).ok();
    written
}

/// Renews the on-disk note's time: the session still runs now.
///
/// # Errors
/// The I/O error of touching it.
pub fn keep_open(state_dir: &Path, session_id: &str) -> io::Result<()> {
    std::fs::OpenOptions::new()
        .append(true)
        .open(state_dir.join(session_id))?
        .set_modified(std::time::SystemTime::now())
}

/// Removes the on-disk note of a session that ended the normal way.
///
/// # Errors
/// The I/O error of removing it (a note already gone is not one).
pub fn close_open(state_dir: &Path, session_id: &str) -> io::Result<()> {
    match std::fs::remove_file(state_dir.join(session_id)) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

/// The sessions whose on-disk note is left (a power cut or a crash ended them), by session
/// id, each with its start and how long it ran (to the last renewal, at most the longest it
/// could last). The notes are removed: each is counted once.
#[must_use]
pub fn take_open(state_dir: &Path) -> Vec<(String, Interrupted)> {
    let Ok(entries) = std::fs::read_dir(state_dir) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_file() && !name.starts_with('.') {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let last = modified_secs(&path);
            if let Some(session) = parse_note(&text, last) {
                found.push((name, session));
            }
        }
        // Counted or unreadable, it goes (a stale temporary folder too).
        if path.is_dir() {
            std::fs::remove_dir_all(&path).ok();
        } else {
            std::fs::remove_file(&path).ok();
        }
    }
    found.sort_by_key(|(_, session)| session.started_at);
    found
}

fn modified_secs(path: &Path) -> Option<i64> {
    std::fs::symlink_metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .and_then(|d| i64::try_from(d.as_secs()).ok())
}

/// The note of the session's first processes (the browser, or the sudo that runs it), so that a
/// restarted kiosk finds them and their descendants even where neither a marker nor the guest's
/// uid does (a one-user demonstration, Chromium rewriting its environment).
const PROCESSES: &str = ".borne-processes";

/// Adds process `pid`, started at `started` (seconds since the epoch), to the session's note.
///
/// # Errors
/// The I/O error of writing it.
pub fn note_process(session_dir: &Path, pid: u32, started: u64) -> io::Result<()> {
    use std::io::Write as _;
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(session_dir.join(PROCESSES))?
        .write_all(format!("{pid} {started}\n").as_bytes())
}

/// The processes noted in a leftover session directory: `(pid, start time)`.
#[must_use]
pub fn noted_processes(session_dir: &Path) -> Vec<(u32, u64)> {
    let Ok(text) = std::fs::read_to_string(session_dir.join(PROCESSES)) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|line| {
            let (pid, started) = line.split_once(' ')?;
            Some((pid.parse().ok()?, started.parse().ok()?))
        })
        .collect()
}

/// Reads the note of a leftover session directory; `None` if there is none or it is unreadable
/// (the leftovers are wiped all the same).
pub fn read_start(session_dir: &Path) -> Option<Interrupted> {
    let text = std::fs::read_to_string(session_dir.join(NOTE)).ok()?;
    parse_note(&text, last_change(session_dir))
}

/// A note's session, ended at `last_change` (seconds since the epoch; the start if unknown).
fn parse_note(text: &str, last_change: Option<i64>) -> Option<Interrupted> {
    let mut parts = text.split_whitespace();
    let started: i64 = parts.next()?.parse().ok()?;
    let kind = match parts.next()? {
        "drop-in" => SessionKind::DropIn,
        "assisted" => SessionKind::Assisted,
        _ => return None,
    };
    // Notes written before the cap was kept have none: their duration stands uncapped.
    let longest: i64 = parts
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(i64::MAX);
    let started_at = Utc.timestamp_opt(started, 0).single()?;
    let duration = (last_change.unwrap_or(started) - started).clamp(0, longest.max(0));
    let duration_secs = u32::try_from(duration).unwrap_or(u32::MAX);
    Some(Interrupted {
        started_at,
        duration_secs,
        kind,
    })
}

/// The latest modification time (seconds) of the directory and its direct children: the
/// browser writes its profile until the end, so this is close to when the session stopped.
fn last_change(dir: &Path) -> Option<i64> {
    let children = std::fs::read_dir(dir).ok()?;
    children
        .flatten()
        .filter_map(|entry| modified_secs(&entry.path()))
        .chain(modified_secs(dir))
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("borne-note-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_note_keeps_the_true_start_and_the_time_until_the_last_change() {
        let dir = temp_dir("true");
        // Started 150 s ago; the browser wrote its profile until now.
        let started = Utc::now() - chrono::Duration::seconds(150);
        write_start(
            &dir,
            SessionKind::Assisted,
            Duration::from_secs(3600),
            started,
        )
        .unwrap();
        std::fs::write(dir.join("profile"), "x").unwrap();
        let found = read_start(&dir).unwrap();
        assert_eq!(
            found.started_at.timestamp(),
            started.timestamp(),
            "never rounded here"
        );
        assert!(
            (150..=152).contains(&found.duration_secs),
            "a session of 150 s counted as {} s",
            found.duration_secs
        );
        assert_eq!(found.kind, SessionKind::Assisted);
        std::fs::write(dir.join(NOTE), "garbage").unwrap();
        assert_eq!(read_start(&dir), None);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn noted_processes_come_back_in_order_and_garbage_is_skipped() {
        let dir = temp_dir("pids");
        assert!(noted_processes(&dir).is_empty());
        note_process(&dir, 4242, 1_790_000_000).unwrap();
        note_process(&dir, 4343, 1_790_000_009).unwrap();
        std::fs::write(
            dir.join(PROCESSES),
            std::fs::read_to_string(dir.join(PROCESSES)).unwrap() + "garbage\n",
        )
        .unwrap();
        assert_eq!(
            noted_processes(&dir),
            vec![(4242, 1_790_000_000), (4343, 1_790_000_009)]
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_power_cut_is_counted_from_the_note_on_disk_once() {
        let state = temp_dir("open");
        let started = Utc::now() - chrono::Duration::seconds(600);
        note_open(
            &state,
            "s0001",
            SessionKind::DropIn,
            Duration::from_secs(3600),
            started,
        )
        .unwrap();
        note_open(
            &state,
            "s0002",
            SessionKind::Assisted,
            Duration::from_secs(3600),
            started,
        )
        .unwrap();
        close_open(&state, "s0002").unwrap();
        close_open(&state, "s0002").unwrap();
        // The last renewal, a minute before the power cut.
        keep_open(&state, "s0001").unwrap();
        let found = take_open(&state);
        assert_eq!(found.len(), 1, "{found:?}");
        let (id, session) = &found[0];
        assert_eq!(id, "s0001");
        assert_eq!(session.kind, SessionKind::DropIn);
        assert_eq!(session.started_at.timestamp(), started.timestamp());
        assert!(
            (600..=602).contains(&session.duration_secs),
            "{}",
            session.duration_secs
        );
        assert!(take_open(&state).is_empty(), "counted once");
        assert_eq!(std::fs::read_dir(&state).unwrap().count(), 0);
        std::fs::remove_dir_all(&state).ok();
    }

    #[test]
    fn an_interrupted_session_never_counts_longer_than_it_could_last() {
        let dir = temp_dir("cap");
        // The machine stayed off for hours; something touched the folder at the next boot.
        let started = Utc::now() - chrono::Duration::hours(5);
        write_start(
            &dir,
            SessionKind::DropIn,
            Duration::from_secs(75 * 60),
            started,
        )
        .unwrap();
        std::fs::write(dir.join("profile"), "x").unwrap();
        assert_eq!(read_start(&dir).unwrap().duration_secs, 75 * 60);
        std::fs::remove_dir_all(&dir).ok();
    }
}
