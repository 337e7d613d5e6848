//! The wipe at the end of every session, and its proof.
//!
//! The caller first stops every process of the session (see
//! [`SessionProcesses::stop_all`](crate::services::processes::SessionProcesses::stop_all)),
//! then calls [`wipe`], which removes what the session left and runs [`prove`]. Crash recovery
//! at start calls the same [`wipe`] with no current session directory.
//!
//! # What is wiped
//!
//! 1. **Print jobs** of the guest account, when CUPS is installed and a scheduler is configured:
//!    each unfinished job `lpstat -o` lists for the guest (or for "unknown": the sandboxed
//!    browser has no password database) is cancelled with `cancel ID` (as root `cancel -x ID`,
//!    which also purges its files and history); the proof checks that none is left, and fails
//!    if the scheduler cannot be asked. (`cancel -a -u <guest>` acts on the caller's own jobs.)
//! 2. **The X11 clipboard**: the `CLIPBOARD`, `PRIMARY` and `SECONDARY` selections lose their
//!    owner (a selection's text lives in the owning program; without an owner nothing can be
//!    pasted), and the old cut buffers `CUT_BUFFER0` to `CUT_BUFFER7` on the root window are
//!    deleted.
//! 3. **The session directory** (the person's HOME with Documents and Téléchargements, the
//!    browser profile with history, cookies, cache and saved form data, and the session's TMPDIR)
//!    and **everything else under the session root** (directories of earlier sessions left by a
//!    crash or a power cut). The session root itself stays.
//! 4. **Files of the guest account in the shared temporary directories** `/tmp`, `/var/tmp`,
//!    `/dev/shm`, and `/run/user/<guest uid>` when it exists: every file, directory, socket or
//!    link owned by the guest uid, at any depth, whole (a directory of the guest goes with all
//!    it holds). Links are removed, never followed; other filesystems mounted inside these
//!    directories are not entered.
//! 5. **The guest account's own home** (from the password database), when it exists outside the
//!    session directory: everything the guest uid owns there, which is where a desktop file
//!    dialog or a library that ignores `$HOME` writes recent files
//!    (`.local/share/recently-used.xbel`), thumbnails (`.cache/thumbnails`, `.thumbnails`),
//!    GTK bookmarks (`.config/gtk-3.0/bookmarks`, `.gtk-bookmarks`), the trash and caches.
//!    The home directory itself and files of other owners (root's, set up by the installer)
//!    stay.
//!
//! Then the **proof** ([`prove`]) checks, independently of what the wipe believed it did: no
//! session directory, nothing under the session root, no process of the guest uid (read from
//! `/proc`), no file owned by the guest uid in the temporary directories nor in its home, no
//! owner of the `CLIPBOARD` and `PRIMARY` selections.
//!
//! Files are removed (unlinked), not overwritten: the session directory is on tmpfs, so its
//! content was only ever in memory; a file that a program wrote to `/tmp` or `/var/tmp` on disk
//! is unlinked like any deleted file. Removing files of the guest in the shared sticky
//! directories needs the kiosk to run as root (or with `CAP_FOWNER`); an unprivileged kiosk has
//! the guest remove its own files first ([`wipe_own`], run by `borne guest wipe` through sudo,
//! see `services::guest`) and check them again ([`prove_own`]), then runs [`wipe`] for what is
//! its own. Whatever cannot be removed is a problem, and the station fails closed.
//!
//! Problems name the station's own paths and counts, never a file of the person.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use nix::unistd::{Uid, User};

use crate::services::printing;

mod clipboard;
mod error;
mod processes;
mod removal;
#[cfg(test)]
mod tests;

use clipboard::{clear_selections, owned_selections};
pub(crate) use processes::{guest_processes, own_zombies};
use removal::{Removal, count_owned};

pub use error::WipeError;

/// The shared temporary directories where a session's programs may leave files.
pub const DEFAULT_TEMP_DIRS: [&str; 3] = ["/tmp", "/var/tmp", "/dev/shm"];

/// What belongs to a session and must go at its end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WipeTargets {
    /// The directory of the session that just ended; `None` at start, when only leftovers are
    /// looked for.
    pub session_dir: Option<PathBuf>,
    /// The directory that holds every session directory: everything in it is removed.
    pub session_root: PathBuf,
    /// The guest account the browser ran as; `None` in development (one user), where nothing
    /// is looked for by owner.
    pub guest_uid: Option<u32>,
    /// The guest account's home from the password database, when it exists outside the
    /// session directory.
    pub guest_home: Option<PathBuf>,
    /// The X display whose clipboard is cleared (`":0"`); `None` without X.
    pub display: Option<String>,
    /// Shared temporary directories swept for files of the guest account.
    pub temp_dirs: Vec<PathBuf>,
    /// CUPS's `cancel`, when CUPS is installed and a scheduler is configured.
    pub print_cancel: Option<PathBuf>,
}

/// What a wipe did: recorded anonymously in the usage log, shown to staff on a problem.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WipeReport {
    /// Files (and links, sockets...) removed; directories are not counted.
    pub files_removed: u64,
    /// Bytes of the regular files removed.
    pub bytes_removed: u64,
    /// From the start of the wipe to the end of its proof.
    pub duration: Duration,
    /// The first problem, of the wipe or of its proof; `None` when the station is clean. It
    /// names the station's own paths or a count, never a file of the person.
    pub problem: Option<WipeError>,
}

impl WipeReport {
    /// Whether nothing of the session remains: the station may open the next session.
    #[must_use]
    pub fn is_clean(&self) -> bool {
        self.problem.is_none()
    }
}

impl WipeTargets {
    /// The targets of a real station: the default temporary directories (plus the guest's
    /// `/run/user/<uid>` if it exists), the guest's home from the password database when it
    /// exists and lies outside the session root, and CUPS's `cancel` when CUPS can be reached.
    #[must_use]
    pub fn for_station(
        session_root: PathBuf,
        session_dir: Option<PathBuf>,
        guest_uid: Option<u32>,
        display: Option<String>,
    ) -> Self {
        let mut temp_dirs: Vec<PathBuf> = DEFAULT_TEMP_DIRS.iter().map(PathBuf::from).collect();
        let mut guest_home = None;
        if let Some(uid) = guest_uid {
            let runtime = PathBuf::from(format!("/run/user/{uid}"));
            if runtime.is_dir() {
                temp_dirs.push(runtime);
            }
            guest_home = User::from_uid(Uid::from_raw(uid))
                .ok()
                .flatten()
                .map(|user| user.dir)
                .filter(|home| {
                    home.is_dir() && home != Path::new("/") && !home.starts_with(&session_root)
                });
        }
        let cancel = Path::new(printing::CUPS_CANCEL);
        let print_cancel =
            (cancel.exists() && printing::scheduler_configured()).then(|| cancel.to_path_buf());
        Self {
            session_dir,
            session_root,
            guest_uid,
            guest_home,
            display,
            temp_dirs,
            print_cancel,
        }
    }
}

/// Removes everything the session left (see the module documentation for the list), then runs
/// [`prove`]. The processes of the session must already be stopped.
///
/// Every step runs even when an earlier one fails, so that as little as possible remains; the
/// report keeps the first problem.
#[must_use]
pub fn wipe(targets: &WipeTargets) -> WipeReport {
    let started = Instant::now();
    let mut problems = FirstProblem::default();
    let mut removed = Removal::default();
    problems.note(check_guest(targets.guest_uid));
    // Never sweep by owner for root or the kiosk itself: that would take their own files.
    let guest = targets
        .guest_uid
        .filter(|uid| check_guest(Some(*uid)).is_ok());

    if let (Some(program), Some(uid)) = (&targets.print_cancel, guest) {
        problems.note(printing::cancel_guest_jobs(program, uid));
    }
    if let Some(display) = &targets.display {
        problems.note(clear_selections(display));
    }
    if let Some(dir) = &targets.session_dir {
        let mut sweep = Removal::default();
        sweep.remove_path(dir);
        problems.note(sweep.outcome("the session directory", dir));
        removed.add(&sweep);
    }
    let mut leftovers = Removal::default();
    leftovers.empty_dir(&targets.session_root);
    problems.note(leftovers.outcome("the session root", &targets.session_root));
    removed.add(&leftovers);
    if let Some(uid) = guest {
        for dir in targets.temp_dirs.iter().chain(&targets.guest_home) {
            let mut sweep = Removal::default();
            sweep.remove_owned(dir, uid);
            problems.note(sweep.outcome("the guest's files in", dir));
            removed.add(&sweep);
        }
    }
    problems.note(prove(targets));

    WipeReport {
        files_removed: removed.files,
        bytes_removed: removed.bytes,
        duration: started.elapsed(),
        problem: problems.0,
    }
}

/// Checks that nothing of the session remains: no session directory, nothing under the session
/// root, no process of the guest uid, no file owned by the guest uid in the temporary
/// directories or its home, no owner of the X clipboard or primary selection.
///
/// # Errors
/// The first thing found, naming the station's own paths or a count, never a file of the person.
pub fn prove(targets: &WipeTargets) -> Result<(), WipeError> {
    check_guest(targets.guest_uid)?;
    if let Some(dir) = &targets.session_dir
        && dir.symlink_metadata().is_ok()
    {
        return Err(WipeError::SessionDirRemains { dir: dir.clone() });
    }
    match fs::read_dir(&targets.session_root) {
        Ok(entries) => {
            let count = entries.count();
            if count > 0 {
                return Err(WipeError::EntriesRemain {
                    count,
                    root: targets.session_root.clone(),
                });
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(WipeError::CannotCheckRoot {
                root: targets.session_root.clone(),
                cause: e.to_string(),
            });
        }
    }
    if let Some(uid) = targets.guest_uid {
        no_process_of(uid)?;
        no_file_of(uid, targets.temp_dirs.iter().chain(&targets.guest_home))?;
        no_print_job_of_uid(targets, uid)?;
    }
    let zombies = own_zombies()?;
    if zombies > 0 {
        return Err(WipeError::Zombies { count: zombies });
    }
    if let Some(display) = &targets.display {
        let owned = owned_selections(display)?;
        if !owned.is_empty() {
            return Err(WipeError::SelectionOwned {
                display: display.clone(),
                selections: owned.join(" and "),
            });
        }
    }
    Ok(())
}

/// The guest's own side of a wipe, run as the guest account by `borne guest wipe` when the
/// kiosk is not root and cannot remove the guest's files itself: its print jobs, then every
/// entry owned by `uid` under the session root, in the temporary directories and in its home.
/// Ends with [`prove_own`]. The kiosk then removes what is its own (the session directories
/// themselves), clears the clipboard and runs [`prove`].
#[must_use]
pub fn wipe_own(targets: &WipeTargets, uid: u32) -> WipeReport {
    let started = Instant::now();
    let mut problems = FirstProblem::default();
    let mut removed = Removal::default();
    if let Some(program) = &targets.print_cancel {
        problems.note(printing::cancel_guest_jobs(program, uid));
    }
    for dir in own_places(targets) {
        let mut sweep = Removal::default();
        sweep.remove_owned(dir, uid);
        problems.note(sweep.outcome("the guest's files in", dir));
        removed.add(&sweep);
    }
    problems.note(prove_own(targets, uid));
    WipeReport {
        files_removed: removed.files,
        bytes_removed: removed.bytes,
        duration: started.elapsed(),
        problem: problems.0,
    }
}

/// The guest's own side of the proof, run as the guest account (which can look into its own
/// directories where the kiosk cannot): no other process of `uid`, and no entry owned by `uid`
/// under the session root, in the temporary directories or in its home.
///
/// # Errors
/// The first thing found, naming the station's own paths or a count.
pub fn prove_own(targets: &WipeTargets, uid: u32) -> Result<(), WipeError> {
    no_process_of(uid)?;
    no_file_of(uid, own_places(targets))?;
    no_print_job_of_uid(targets, uid)
}

/// No unfinished print job of `uid`, when CUPS is there.
fn no_print_job_of_uid(targets: &WipeTargets, uid: u32) -> Result<(), WipeError> {
    targets
        .print_cancel
        .as_ref()
        .map_or(Ok(()), |program| Ok(printing::no_guest_job(program, uid)?))
}

fn own_places(targets: &WipeTargets) -> impl Iterator<Item = &PathBuf> {
    std::iter::once(&targets.session_root)
        .chain(&targets.temp_dirs)
        .chain(&targets.guest_home)
}

fn no_process_of(uid: u32) -> Result<(), WipeError> {
    let running = guest_processes(uid)?;
    if running > 0 {
        return Err(WipeError::ProcessesRun {
            count: running,
            uid,
        });
    }
    Ok(())
}

fn no_file_of<'a>(uid: u32, dirs: impl Iterator<Item = &'a PathBuf>) -> Result<(), WipeError> {
    for dir in dirs {
        let found = count_owned(dir, uid);
        if found > 0 {
            return Err(WipeError::FilesRemain {
                count: found,
                uid,
                dir: dir.clone(),
            });
        }
    }
    Ok(())
}

/// A guest account must be neither root nor the kiosk's own: its files and processes are
/// looked for by uid, and those of root or of the kiosk are always there.
fn check_guest(guest_uid: Option<u32>) -> Result<(), WipeError> {
    match guest_uid {
        Some(0) => Err(WipeError::GuestIsRoot),
        Some(uid) if uid == nix::unistd::geteuid().as_raw() => Err(WipeError::GuestIsKiosk { uid }),
        _ => Ok(()),
    }
}

/// The first problem met, keeping later ones out of the report.
#[derive(Default)]
struct FirstProblem(Option<WipeError>);

impl FirstProblem {
    fn note<E: Into<WipeError>>(&mut self, result: Result<(), E>) {
        if let Err(problem) = result
            && self.0.is_none()
        {
            self.0 = Some(problem.into());
        }
    }
}
