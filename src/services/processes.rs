//! Finding and stopping every process of a session.
//!
//! A process belongs to the session if it carries the session's marker in its environment
//! (every process the browser starts inherits it), runs as the session's guest account, or
//! descends from the browser. Chromium's crash handler and Firefox's crash helper leave the
//! browser's process group and session, so a group kill is not enough: they are found here by
//! marker and by uid.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::time::{Duration, Instant};

use nix::sys::signal::{self, Signal};
use nix::unistd::Pid as NixPid;

/// The environment variable that marks every process of a session.
pub const SESSION_MARKER: &str = "BORNE_SESSION";

/// How to recognise the processes of one session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionProcesses {
    /// `BORNE_SESSION=<id>`, as found in `/proc/PID/environ`; `BORNE_SESSION=` alone matches
    /// every session's (see [`SessionProcesses::any_session`]).
    marker: String,
    /// The guest account's uid, when the session runs as a user of its own.
    guest_uid: Option<u32>,
}

/// A program of the session that could not be started.
#[derive(Debug, thiserror::Error)]
#[error("cannot start {}: {cause}", .program.display())]
pub struct SpawnError {
    /// The program.
    pub program: std::path::PathBuf,
    /// Why.
    pub cause: std::io::Error,
}

/// Processes that would not stop.
#[derive(Debug, thiserror::Error)]
#[error("{count} process(es) of the session still run after SIGKILL: {names}")]
pub struct Survivors {
    /// How many.
    pub count: usize,
    /// Their program names (not their command lines, which may hold a URL).
    pub names: String,
}

impl SessionProcesses {
    /// The processes of session `session_id`, and of `guest_uid` if given.
    pub fn new(session_id: &str, guest_uid: Option<u32>) -> Self {
        Self {
            marker: format!("{SESSION_MARKER}={session_id}"),
            guest_uid,
        }
    }

    /// The processes of any session (a crashed kiosk's, found at the next start), and of
    /// `guest_uid` if given.
    pub fn any_session(guest_uid: Option<u32>) -> Self {
        Self {
            marker: format!("{SESSION_MARKER}="),
            guest_uid,
        }
    }

    /// Whether `key=value` in a process's environment is this marker.
    fn is_marker(&self, key: &OsStr, value: &OsStr) -> bool {
        let (marker_key, marker_value) = self.marker();
        if key != marker_key {
            return false;
        }
        if self.marker.ends_with('=') {
            !value.is_empty()
        } else {
            value == marker_value
        }
    }

    /// The pids among `recorded` (pid, start time in seconds since the epoch) that still run
    /// the process that was recorded, not another that got its number since.
    pub fn still_running(recorded: &[(u32, u64)]) -> Vec<u32> {
        recorded
            .iter()
            .filter(|(pid, started)| Self::start_time(*pid) == Some(*started))
            .map(|(pid, _)| *pid)
            .collect()
    }

    /// When process `pid` started (seconds since the epoch), to recognise it after a crash.
    pub fn start_time(pid: u32) -> Option<u64> {
        let process = procfs::process::Process::new(i32::try_from(pid).ok()?).ok()?;
        let ticks = process.stat().ok()?.starttime;
        // Read each time: procfs::boot_time_secs keeps the first value it read, and the
        // kernel's boot time moves when the clock is set.
        let boot = <procfs::KernelStats as procfs::CurrentSI>::current()
            .ok()?
            .btime;
        Some(boot + ticks / procfs::ticks_per_second().max(1))
    }

    /// The `KEY=value` pair to put in the environment of the session's first process.
    pub fn marker(&self) -> (&str, &str) {
        self.marker
            .split_once('=')
            .unwrap_or((SESSION_MARKER, &self.marker))
    }

    /// The live processes of the session now (zombies are already dead and are skipped).
    /// When `/proc` cannot be listed, the `roots` it was given: they are then not known to be
    /// gone.
    pub fn find(&self, roots: &[u32]) -> Vec<u32> {
        let Ok(all) = procfs::process::all_processes() else {
            return roots.to_vec();
        };
        let own = std::process::id();
        // (pid, parent, live, ours by root, marker or uid)
        let seen: Vec<(u32, u32, bool, bool)> = all
            .filter_map(Result::ok)
            .filter_map(|process| {
                let pid = u32::try_from(process.pid).ok()?;
                if pid == own {
                    return None;
                }
                let stat = process.stat().ok()?;
                let live = is_live(&stat);
                let ours = roots.contains(&pid)
                    || process.environ().is_ok_and(|environ| {
                        environ
                            .iter()
                            .any(|(key, value)| self.is_marker(key, value))
                    })
                    || self
                        .guest_uid
                        .is_some_and(|uid| process.status().is_ok_and(|status| status.ruid == uid));
                Some((pid, u32::try_from(stat.ppid).unwrap_or(0), live, ours))
            })
            .collect();
        let mut found: HashSet<u32> = seen
            .iter()
            .filter(|(_, _, _, ours)| *ours)
            .map(|(pid, ..)| *pid)
            .collect();
        // Descendants of what was found, whatever their environment.
        loop {
            let before = found.len();
            let children: Vec<u32> = seen
                .iter()
                .filter(|(pid, parent, ..)| !found.contains(pid) && found.contains(parent))
                .map(|(pid, ..)| *pid)
                .collect();
            found.extend(children);
            if found.len() == before {
                break;
            }
        }
        let mut live: Vec<u32> = seen
            .iter()
            .filter(|(pid, _, live, _)| *live && found.contains(pid))
            .map(|(pid, ..)| *pid)
            .collect();
        live.sort_unstable();
        live
    }

    /// Stops every process of the session: SIGTERM, a grace of `grace`, then SIGKILL, and checks
    /// that none remain. `reap` is called while waiting so that the kiosk's own children do
    /// not linger as zombies.
    pub fn stop_all(
        &self,
        roots: &[u32],
        grace: Duration,
        reap: &mut dyn FnMut(),
    ) -> Result<(), Survivors> {
        // New processes may appear meanwhile (a crash handler): each signal goes to what is
        // there at that moment. What was found once is followed until it is dead: a process
        // whose parent died first is no longer a root's descendant (the kiosk adopted it) and
        // is still the session's; left dying, it would be a zombie after the proof began.
        let followed = std::cell::RefCell::new(Vec::<(u32, u64)>::new());
        let current = || {
            let mut now = self.find(roots);
            let mut followed = followed.borrow_mut();
            for &pid in &now {
                if !followed.iter().any(|&(known, _)| known == pid)
                    && let Some(start) = live_start(pid)
                {
                    followed.push((pid, start));
                }
            }
            followed.retain(|&(pid, start)| live_start(pid) == Some(start));
            for &(pid, _) in followed.iter() {
                if !now.contains(&pid) {
                    now.push(pid);
                }
            }
            now
        };
        let gone = escalate(
            grace,
            &mut || current().is_empty(),
            &mut |signal| send_all(&current(), signal),
            reap,
        );
        if gone {
            return Ok(());
        }
        let left = current();
        Err(Survivors {
            count: left.len(),
            names: program_names(&left),
        })
    }
}

/// Whether a process still runs: not a zombie, or a zombie leader whose other threads run (a
/// process whose main thread ended shows `Z`).
fn is_live(stat: &procfs::process::Stat) -> bool {
    !matches!(stat.state, 'Z' | 'X' | 'x') || stat.num_threads > 1
}

/// When a live process `pid` started (clock ticks after boot): `None` if it is dead or gone.
fn live_start(pid: u32) -> Option<u64> {
    let stat = procfs::process::Process::new(i32::try_from(pid).ok()?)
        .ok()?
        .stat()
        .ok()?;
    is_live(&stat).then_some(stat.starttime)
}

/// How every stop is done, by the kiosk and by the guest alike: SIGTERM, up to `grace` for the
/// processes to go, then SIGKILL and up to 3 s more; `reap` runs while waiting. Whether none is
/// left.
pub fn escalate(
    grace: Duration,
    none_left: &mut dyn FnMut() -> bool,
    signal_all: &mut dyn FnMut(Signal),
    reap: &mut dyn FnMut(),
) -> bool {
    for (signal, limit) in [
        (Signal::SIGTERM, grace),
        (Signal::SIGKILL, Duration::from_secs(3)),
    ] {
        if none_left() {
            return true;
        }
        signal_all(signal);
        let until = Instant::now() + limit;
        loop {
            reap();
            if none_left() {
                return true;
            }
            if Instant::now() >= until {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    none_left()
}

fn send_all(pids: &[u32], signal: Signal) {
    for pid in pids {
        let Ok(raw) = i32::try_from(*pid) else {
            continue;
        };
        // A process may exit between listing and signalling: ESRCH is the expected outcome.
        signal::kill(NixPid::from_raw(raw), signal).ok();
    }
}

fn program_names(pids: &[u32]) -> String {
    pids.iter()
        .map(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .map(|name| name.trim().to_owned())
                .unwrap_or_else(|_| "?".to_owned())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    #[test]
    fn a_process_is_known_by_its_start_time_and_a_reused_number_is_not() {
        let pid = std::process::id();
        let started = SessionProcesses::start_time(pid).unwrap();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        assert!(started <= now && now - started < 3600, "{started} vs {now}");
        assert_eq!(SessionProcesses::still_running(&[(pid, started)]), [pid]);
        assert!(SessionProcesses::still_running(&[(pid, started - 10)]).is_empty());
        assert!(SessionProcesses::start_time(u32::MAX).is_none());
    }

    #[test]
    fn finds_marked_processes_even_outside_the_group_and_stops_them() {
        let id = format!("unit{}", std::process::id());
        let session = SessionProcesses::new(&id, None);
        let (key, value) = session.marker();
        // A shell that starts a detached grandchild in its own session, like a crash handler.
        let mut child = Command::new("sh")
            .arg("-c")
            .arg("setsid sleep 300 & sleep 300")
            .env(key, value)
            .spawn()
            .unwrap();
        let root = child.id();
        let until = Instant::now() + Duration::from_secs(5);
        while session.find(&[]).len() < 3 && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(20));
        }
        let found = session.find(&[]);
        assert!(found.contains(&root));
        assert_eq!(found.len(), 3, "sh, sleep and the setsid sleep: {found:?}");
        let mut reap = || {
            child.try_wait().ok();
        };
        session
            .stop_all(&[root], Duration::from_secs(2), &mut reap)
            .unwrap();
        assert!(session.find(&[]).is_empty());
        // A process of another session is not touched.
        let other = SessionProcesses::new("another", None);
        assert!(other.find(&[]).is_empty());
    }
}
