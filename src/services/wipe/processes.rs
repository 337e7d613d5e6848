//! The processes of a uid, and this process's zombie children, read from `/proc` with the
//! `procfs` crate. A `/proc` that cannot be listed is an error: the proof never says "none"
//! because it could not look.

use super::WipeError;

/// What the proof reads of one process's `/proc/PID/status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Seen {
    /// The state letter (`S`, `R`, `Z`, `X`...).
    pub(super) state: char,
    /// Its parent.
    pub(super) ppid: u32,
    /// Its real, effective, saved and filesystem uids.
    pub(super) uids: [u32; 4],
    /// Its threads: a process whose main thread ended shows `Z` while others run.
    pub(super) threads: u64,
}

impl Seen {
    fn of(status: &procfs::process::Status) -> Self {
        Self {
            state: status.state.chars().next().unwrap_or('X'),
            ppid: u32::try_from(status.ppid).unwrap_or(0),
            uids: [status.ruid, status.euid, status.suid, status.fuid],
            threads: status.threads,
        }
    }
}

/// Live processes other than this one whose real, effective, saved or filesystem uid is `uid`
/// (zombies are dead already and hold nothing: see [`own_zombies`]).
///
/// # Errors
/// [`WipeError::CannotListProcesses`] if `/proc` cannot be listed.
pub(crate) fn guest_processes(uid: u32) -> Result<usize, WipeError> {
    Ok(others()?
        .filter(|seen| status_of(seen, uid) == Some(Liveness::Live))
        .count())
}

/// This process's zombie children: dead, never reaped. The kiosk (a subreaper) adopts the
/// session's orphans and the sudo processes it started, and reaps them before it proves; one
/// left over is a leak that grows with every session, so the kiosk's proof counts them. A
/// zombie whose parent is another process is that process's to reap (and holds nothing).
///
/// # Errors
/// [`WipeError::CannotListProcesses`] if `/proc` cannot be listed.
pub(crate) fn own_zombies() -> Result<usize, WipeError> {
    let own = std::process::id();
    Ok(others()?.filter(|seen| zombie_child_of(seen, own)).count())
}

/// Every process but this one. A process that ends while we list is gone: that is what the
/// callers want. Any other error reading `/proc` fails the listing.
fn others() -> Result<impl Iterator<Item = Seen>, WipeError> {
    use procfs::ProcError;
    let failed = |e: ProcError| WipeError::CannotListProcesses {
        cause: e.to_string(),
    };
    let own = i32::try_from(std::process::id()).unwrap_or(-1);
    let mut seen = Vec::new();
    for process in procfs::process::all_processes().map_err(failed)? {
        let status = match process.and_then(|p| {
            if p.pid == own {
                Ok(None)
            } else {
                p.status().map(Some)
            }
        }) {
            Ok(Some(status)) => status,
            Ok(None) | Err(ProcError::NotFound(_) | ProcError::Incomplete(_)) => continue,
            Err(error) => return Err(failed(error)),
        };
        seen.push(Seen::of(&status));
    }
    Ok(seen.into_iter())
}

/// Whether a process is a zombie whose parent is `parent`.
pub(super) fn zombie_child_of(seen: &Seen, parent: u32) -> bool {
    seen.state == 'Z' && seen.threads <= 1 && seen.ppid == parent
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Liveness {
    Live,
    Zombie,
}

/// Whether a process has `uid` among its uids, and whether it lives or is a zombie; `None` for
/// another uid or a process being torn down (`X`).
pub(super) fn status_of(seen: &Seen, uid: u32) -> Option<Liveness> {
    let state = match seen.state {
        'X' => None,
        'Z' if seen.threads <= 1 => Some(Liveness::Zombie),
        _ => Some(Liveness::Live),
    };
    state.filter(|_| seen.uids.contains(&uid))
}
