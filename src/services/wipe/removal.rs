//! Removing what a session left, and finding what a uid owns: depth first without recursion,
//! never following links, never entering another filesystem.

use std::fs::{self, Metadata};
use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::WipeError;

/// Counts of one removal, and what went wrong in it.
#[derive(Default)]
pub(super) struct Removal {
    pub(super) files: u64,
    pub(super) bytes: u64,
    failures: u64,
    first_error: Option<io::Error>,
    /// Directories that are mount points of another filesystem inside what had to go.
    mounts: u64,
}

impl Removal {
    pub(super) fn add(&mut self, other: &Self) {
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
    pub(super) fn outcome(&self, what: &'static str, path: &Path) -> Result<(), WipeError> {
        // A mount inside also leaves its parents behind: say why first.
        if self.mounts > 0 {
            return Err(WipeError::MountsInside {
                count: self.mounts,
                what,
                path: path.to_path_buf(),
            });
        }
        if self.failures > 0 {
            return Err(WipeError::CannotRemove {
                count: self.failures,
                what,
                path: path.to_path_buf(),
                cause: self.first_error.as_ref().map(ToString::to_string),
            });
        }
        Ok(())
    }

    /// Removes `path` whatever it is, a directory with everything in it.
    pub(super) fn remove_path(&mut self, path: &Path) {
        match path.symlink_metadata() {
            Ok(meta) => self.remove_entry(path, &meta, meta.dev()),
            Err(e) => self.fail(e),
        }
    }

    /// Removes everything inside `dir`, keeping `dir`.
    pub(super) fn empty_dir(&mut self, dir: &Path) {
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
    pub(super) fn remove_owned(&mut self, top: &Path, uid: u32) {
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

pub(super) fn count_owned(top: &Path, uid: u32) -> u64 {
    let mut count = 0;
    walk_owned(top, uid, &mut |_, _, _| count += 1);
    count
}
