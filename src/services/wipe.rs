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

use std::fs::{self, Metadata};
use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use nix::unistd::{Uid, User};

use crate::services::printing;
use x11rb::connection::Connection;
use x11rb::errors::ReplyError;
use x11rb::protocol::xproto::{Atom, AtomEnum, ConnectionExt as _, Window};
use x11rb::rust_connection::RustConnection;

/// The shared temporary directories where a session's programs may leave files.
pub const DEFAULT_TEMP_DIRS: [&str; 3] = ["/tmp", "/var/tmp", "/dev/shm"];

/// How long the X server gets to answer the few clipboard requests.
const X11_TIMEOUT: Duration = Duration::from_secs(3);

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
    pub problem: Option<String>,
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
pub fn prove(targets: &WipeTargets) -> Result<(), String> {
    check_guest(targets.guest_uid)?;
    if let Some(dir) = &targets.session_dir
        && dir.symlink_metadata().is_ok()
    {
        return Err(format!(
            "the session directory {} is still there",
            dir.display()
        ));
    }
    match fs::read_dir(&targets.session_root) {
        Ok(entries) => {
            let count = entries.count();
            if count > 0 {
                return Err(format!(
                    "{count} {} under the session root {}",
                    if count == 1 {
                        "entry remains"
                    } else {
                        "entries remain"
                    },
                    targets.session_root.display()
                ));
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(format!(
                "cannot check the session root {}: {e}",
                targets.session_root.display()
            ));
        }
    }
    if let Some(uid) = targets.guest_uid {
        no_process_of(uid)?;
        no_file_of(uid, targets.temp_dirs.iter().chain(&targets.guest_home))?;
        no_print_job_of_uid(targets, uid)?;
    }
    let zombies = own_zombies();
    if zombies > 0 {
        return Err(format!(
            "{zombies} zombie process(es) of the session were never reaped by the kiosk"
        ));
    }
    if let Some(display) = &targets.display {
        let owned = owned_selections(display)?;
        if !owned.is_empty() {
            return Err(format!(
                "the X display {display} still has an owner for its {} selection",
                owned.join(" and ")
            ));
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
pub fn prove_own(targets: &WipeTargets, uid: u32) -> Result<(), String> {
    no_process_of(uid)?;
    no_file_of(uid, own_places(targets))?;
    no_print_job_of_uid(targets, uid)
}

/// No unfinished print job of `uid`, when CUPS is there.
fn no_print_job_of_uid(targets: &WipeTargets, uid: u32) -> Result<(), String> {
    targets
        .print_cancel
        .as_ref()
        .map_or(Ok(()), |program| printing::no_guest_job(program, uid))
}

fn own_places(targets: &WipeTargets) -> impl Iterator<Item = &PathBuf> {
    std::iter::once(&targets.session_root)
        .chain(&targets.temp_dirs)
        .chain(&targets.guest_home)
}

fn no_process_of(uid: u32) -> Result<(), String> {
    let running = guest_processes(uid);
    if running > 0 {
        return Err(format!(
            "{running} process(es) of the guest account (uid {uid}) still run"
        ));
    }
    Ok(())
}

fn no_file_of<'a>(uid: u32, dirs: impl Iterator<Item = &'a PathBuf>) -> Result<(), String> {
    for dir in dirs {
        let found = count_owned(dir, uid);
        if found > 0 {
            return Err(format!(
                "{found} file(s) of the guest account (uid {uid}) remain in {}",
                dir.display()
            ));
        }
    }
    Ok(())
}

/// A guest account must be neither root nor the kiosk's own: its files and processes are
/// looked for by uid, and those of root or of the kiosk are always there.
fn check_guest(guest_uid: Option<u32>) -> Result<(), String> {
    match guest_uid {
        Some(0) => Err("the guest account is root: nothing can be looked for by owner".into()),
        Some(uid) if uid == nix::unistd::geteuid().as_raw() => Err(format!(
            "the guest account (uid {uid}) is the kiosk's own: nothing can be looked for by owner"
        )),
        _ => Ok(()),
    }
}

/// The first problem met, keeping later ones out of the report.
#[derive(Default)]
struct FirstProblem(Option<String>);

impl FirstProblem {
    fn note(&mut self, result: Result<(), String>) {
        if let Err(problem) = result
            && self.0.is_none()
        {
            self.0 = Some(problem);
        }
    }
}

/// Counts of one removal, and what went wrong in it.
#[derive(Default)]
struct Removal {
    files: u64,
    bytes: u64,
    failures: u64,
    first_error: Option<io::Error>,
    /// Directories that are mount points of another filesystem inside what had to go.
    mounts: u64,
}

impl Removal {
    fn add(&mut self, other: &Self) {
        self.files += other.files;
        self.bytes += other.bytes;
    }

    fn fail(&mut self, error: io::Error) {
        if error.kind() == io::ErrorKind::NotFound {
            return;
        }
        self.failures += 1;
        self.first_error.get_or_insert(error);
    }

    /// `what` and `path` are the station's own (the session root, `/tmp`): the entry that
    /// failed is only counted, since its name may be the person's.
    fn outcome(&self, what: &str, path: &Path) -> Result<(), String> {
        // A mount inside also leaves its parents behind: say why first.
        if self.mounts > 0 {
            return Err(format!(
                "{} other filesystem(s) are mounted inside {what} {} and were left alone",
                self.mounts,
                path.display()
            ));
        }
        if self.failures > 0 {
            let why = self
                .first_error
                .as_ref()
                .map_or_else(String::new, |e| format!(": {e}"));
            return Err(format!(
                "cannot remove {} entr{} of {what} {}{why}",
                self.failures,
                if self.failures == 1 { "y" } else { "ies" },
                path.display()
            ));
        }
        Ok(())
    }

    /// Removes `path` whatever it is, a directory with everything in it.
    fn remove_path(&mut self, path: &Path) {
        match path.symlink_metadata() {
            Ok(meta) => self.remove_entry(path, &meta, meta.dev()),
            Err(e) => self.fail(e),
        }
    }

    /// Removes everything inside `dir`, keeping `dir`.
    fn empty_dir(&mut self, dir: &Path) {
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => return self.fail(e),
        };
        for entry in entries {
            match entry {
                Ok(entry) => self.remove_path(&entry.path()),
                Err(e) => self.fail(e),
            }
        }
    }

    fn remove_entry(&mut self, path: &Path, meta: &Metadata, dev: u64) {
        if meta.is_dir() {
            self.remove_dir_tree(path, dev);
            return;
        }
        match fs::remove_file(path) {
            Ok(()) => {
                self.files += 1;
                if meta.is_file() {
                    self.bytes += meta.len();
                }
            }
            Err(e) => self.fail(e),
        }
    }

    /// Removes a directory and all it holds, depth first without recursion (a tree may be
    /// deeper than a thread's stack allows), never following links, never entering another
    /// filesystem.
    ///
    /// Paths are walked by name: the session's processes are stopped, and nobody else may
    /// rename entries of the guest in a sticky directory, so nothing can swap a directory for
    /// a link meanwhile.
    fn remove_dir_tree(&mut self, top: &Path, dev: u64) {
        // (directory, already emptied?)
        let mut stack: Vec<(PathBuf, bool)> = vec![(top.to_path_buf(), false)];
        while let Some((dir, emptied)) = stack.pop() {
            if emptied {
                if let Err(e) = fs::remove_dir(&dir) {
                    self.fail(e);
                }
                continue;
            }
            let meta = match dir.symlink_metadata() {
                Ok(meta) => meta,
                Err(e) => {
                    self.fail(e);
                    continue;
                }
            };
            if meta.dev() != dev {
                self.mounts += 1;
                continue;
            }
            make_owner_writable(&dir, &meta);
            let entries = match fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(e) => {
                    self.fail(e);
                    continue;
                }
            };
            stack.push((dir, true));
            for entry in entries {
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(e) => {
                        self.fail(e);
                        continue;
                    }
                };
                // The type comes with the directory listing: no stat for directories.
                let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
                if is_dir {
                    stack.push((entry.path(), false));
                    continue;
                }
                match entry.metadata() {
                    Ok(meta) => self.remove_entry(&entry.path(), &meta, dev),
                    Err(e) => self.fail(e),
                }
            }
        }
    }

    /// Removes every entry owned by `uid` inside `top` (not `top` itself), at any depth,
    /// without leaving `top`'s filesystem.
    fn remove_owned(&mut self, top: &Path, uid: u32) {
        walk_owned(top, uid, &mut |path, meta, dev| {
            self.remove_entry(path, meta, dev);
        });
    }
}

/// Gives the owner write and search permission on a directory it owns, so that a directory
/// the person (or an archive) made read-only can still be emptied when the kiosk is not root.
fn make_owner_writable(dir: &Path, meta: &Metadata) {
    let mode = meta.permissions().mode();
    if mode & 0o700 != 0o700 && meta.uid() == nix::unistd::geteuid().as_raw() {
        // If this fails, removing the entries fails and is reported there.
        fs::set_permissions(dir, fs::Permissions::from_mode(mode | 0o700)).ok();
    }
}

/// Calls `found` for every entry owned by `uid` inside `top`, at any depth, without entering
/// what it found, without following links and without leaving `top`'s filesystem.
///
/// Directories of other owners that cannot be read are passed over: the guest could not have
/// written there either, as they are not its own.
fn walk_owned(top: &Path, uid: u32, found: &mut dyn FnMut(&Path, &Metadata, u64)) {
    let Ok(top_meta) = top.symlink_metadata() else {
        return;
    };
    if !top_meta.is_dir() {
        return;
    }
    let dev = top_meta.dev();
    let mut stack = vec![top.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let Ok(meta) = entry.metadata() else {
                continue;
            };
            if meta.dev() != dev {
                continue;
            }
            if meta.uid() == uid {
                found(&entry.path(), &meta, dev);
            } else if meta.is_dir() {
                stack.push(entry.path());
            }
        }
    }
}

fn count_owned(top: &Path, uid: u32) -> u64 {
    let mut count = 0;
    walk_owned(top, uid, &mut |_, _, _| count += 1);
    count
}

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
fn zombie_child_of(status: &str, parent: u32) -> bool {
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
enum Liveness {
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
fn status_of(status: &str, uid: u32) -> Option<Liveness> {
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

/// The selections a person copies with: Ctrl+C, and selecting text.
const CHECKED_SELECTIONS: [(&str, &[u8]); 2] =
    [("CLIPBOARD", b"CLIPBOARD"), ("PRIMARY", b"PRIMARY")];

/// Takes the owner away from the clipboard, primary and secondary selections and deletes the
/// root window's cut buffers.
fn clear_selections(display: &str) -> Result<(), String> {
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
fn owned_selections(display: &str) -> Result<Vec<&'static str>, String> {
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
) -> Result<T, String> {
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
        return Err(format!("cannot start a thread for {what}: {e}"));
    }
    match receiver.recv_timeout(X11_TIMEOUT) {
        Ok(result) => result.map_err(|e| format!("{what} on X display {display}: {e}")),
        Err(_) => Err(format!(
            "{what} on X display {display}: no answer within {} s",
            X11_TIMEOUT.as_secs()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("borne-wipe-{name}-{}", std::process::id()));
        fs::remove_dir_all(&dir).ok();
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_status_is_of_any_of_its_uids_live_or_zombie() {
        let status = "Name:\tsleep\nState:\tS (sleeping)\nUid:\t1000\t1001\t1001\t1001\n";
        assert_eq!(status_of(status, 1001), Some(Liveness::Live));
        assert_eq!(status_of(status, 1000), Some(Liveness::Live));
        assert_eq!(status_of(status, 100), None);
        let zombie = "Name:\tsleep\nState:\tZ (zombie)\nUid:\t1001\t1001\t1001\t1001\n";
        assert_eq!(status_of(zombie, 1001), Some(Liveness::Zombie));
        let dead = "Name:\tsleep\nState:\tX (dead)\nUid:\t1001\t1001\t1001\t1001\n";
        assert_eq!(status_of(dead, 1001), None);
        let child = "Name:\tsudo\nState:\tZ (zombie)\nPid:\t88\nPPid:\t42\nUid:\t0\t0\t0\t0\n";
        assert!(zombie_child_of(child, 42));
        assert!(!zombie_child_of(child, 4), "another process's zombie");
        assert!(!zombie_child_of(status, 1), "alive");
    }

    #[test]
    fn a_tree_goes_whole_with_exact_counts_even_read_only_parts() {
        let dir = temp_dir("tree");
        let tree = dir.join("s1");
        fs::create_dir_all(tree.join("a/b/c")).unwrap();
        fs::write(tree.join("a/one"), vec![1u8; 1000]).unwrap();
        fs::write(tree.join("a/b/c/two"), vec![2u8; 24]).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", tree.join("a/link")).unwrap();
        fs::set_permissions(tree.join("a/b"), fs::Permissions::from_mode(0o500)).unwrap();
        let mut removal = Removal::default();
        removal.remove_path(&tree);
        assert_eq!(removal.outcome("test", &tree), Ok(()));
        assert_eq!((removal.files, removal.bytes), (3, 1024));
        assert!(!tree.exists());
        assert!(Path::new("/etc/hostname").exists() || !Path::new("/etc").exists());
        fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn the_guests_own_wipe_takes_its_files_everywhere_it_looks() {
        let root = temp_dir("own-root");
        let temp = temp_dir("own-temp");
        fs::create_dir_all(root.join("s1/home")).unwrap();
        fs::write(root.join("s1/home/cv.pdf"), vec![0u8; 100]).unwrap();
        fs::write(temp.join("x"), b"12").unwrap();
        let targets = WipeTargets {
            session_dir: None,
            session_root: root.clone(),
            guest_uid: None,
            guest_home: None,
            display: None,
            temp_dirs: vec![temp.clone()],
            print_cancel: None,
        };
        // As this test's own uid: everything here is "the guest's".
        let report = wipe_own(&targets, nix::unistd::geteuid().as_raw());
        assert_eq!((report.files_removed, report.bytes_removed), (2, 102));
        assert!(!root.join("s1").exists() && !temp.join("x").exists());
        assert!(root.is_dir() && temp.is_dir(), "the places themselves stay");
        // Its proof then only finds this uid's other processes (the test runner's).
        assert_eq!(
            report.problem.is_some(),
            guest_processes(nix::unistd::geteuid().as_raw()) > 0
        );
        fs::remove_dir_all(root).ok();
        fs::remove_dir_all(temp).ok();
    }

    #[test]
    fn owned_entries_are_found_without_entering_them() {
        let dir = temp_dir("owned");
        fs::create_dir_all(dir.join("mine/inner")).unwrap();
        fs::write(dir.join("mine/inner/x"), b"x").unwrap();
        fs::write(dir.join("file"), b"y").unwrap();
        let uid = nix::unistd::geteuid().as_raw();
        // Everything here is ours: the two top entries are found, not what "mine" holds.
        assert_eq!(count_owned(&dir, uid), 2);
        assert_eq!(count_owned(&dir, uid.wrapping_add(12_345)), 0);
        let mut removal = Removal::default();
        removal.remove_owned(&dir, uid);
        assert_eq!(removal.files, 2);
        assert_eq!(count_owned(&dir, uid), 0);
        assert!(dir.is_dir(), "the swept directory itself stays");
        fs::remove_dir_all(dir).ok();
    }
}
