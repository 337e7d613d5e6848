//! The processes of a uid, and this process's zombie children, read from `/proc`.

use std::fs;

/// Live processes other than this one whose real, effective, saved or filesystem uid is `uid`
/// (zombies are dead already and hold nothing: see [`guest_zombies`]).
pub(crate) fn guest_processes(uid: u32) -> usize {
    processes_of(uid, Liveness::Live)
}

/// This process's zombie children: dead, never reaped. The kiosk (a subreaper) adopts the
/// session's orphans and the sudo processes it started, and reaps them before it proves; one
/// left over is a leak that grows with every session, so the kiosk's proof counts them. A
/// zombie whose parent is another process is that process's to reap (and holds nothing).
pub(crate) fn own_zombies() -> usize {
    let own = std::process::id();
    other_statuses()
        .filter(|status| zombie_child_of(status, own))
        .count()
}

/// The `/proc/PID/status` texts of every process but this one. A process that ends while we
/// list is gone: that is what the callers want.
fn other_statuses() -> impl Iterator<Item = String> {
    let own = std::process::id().to_string();
    fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(move |entry| {
            entry
                .file_name()
                .to_str()
                .is_some_and(|n| n != own && n.bytes().all(|b| b.is_ascii_digit()))
        })
        .filter_map(|entry| fs::read_to_string(entry.path().join("status")).ok())
}

/// Whether a `/proc/PID/status` text is of a zombie whose parent is `parent`.
pub(super) fn zombie_child_of(status: &str, parent: u32) -> bool {
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .map(str::trim_start)
    };
    field("State:").is_some_and(|state| state.starts_with('Z'))
        && field("PPid:").and_then(|ppid| ppid.parse::<u32>().ok()) == Some(parent)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Liveness {
    Live,
    Zombie,
}

fn processes_of(uid: u32, wanted: Liveness) -> usize {
    other_statuses()
        .filter(|status| status_of(status, uid) == Some(wanted))
        .count()
}

/// Whether a `/proc/PID/status` text is of a process with `uid` among its uids, and whether it
/// lives or is a zombie; `None` for another uid or a process being torn down (`X`).
pub(super) fn status_of(status: &str, uid: u32) -> Option<Liveness> {
    let mut state = None;
    let mut has_uid = false;
    for line in status.lines() {
        if let Some(text) = line.strip_prefix("State:") {
            state = match text.trim_start().chars().next() {
                Some('X') | None => None,
                Some('Z') => Some(Liveness::Zombie),
                Some(_) => Some(Liveness::Live),
            };
        } else if let Some(uids) = line.strip_prefix("Uid:") {
            has_uid = uids
                .split_whitespace()
                .any(|u| u.parse::<u32>().is_ok_and(|u| u == uid));
        }
    }
    state.filter(|_| has_uid)
}
