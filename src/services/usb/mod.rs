//! USB keys: which removable drives are mounted, which files the person may take, and copying
//! them safely before the wipe.
//!
//! Only files of the session's HOME are offered ([`person_files`]): nothing hidden (browser
//! profile, caches, settings), no link, nothing outside HOME. [`copy_to_drive`] checks the key
//! first (read-only, free space), never overwrites a file already on it, writes each file under a
//! temporary name and renames it when complete, and flushes everything to the key before it
//! returns, so that the screen can then say it may be removed.
//!
//! Errors name the key by its volume label and never name a file of the person: they may end in
//! a log.

use std::ffi::OsStr;
use std::fs::{self};
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use nix::sys::statvfs::{FsFlags, Statvfs, statvfs};
use nix::unistd::{AccessFlags, access};
use sysinfo::{DiskRefreshKind, Disks};

use crate::domain::FileKind;

mod copy;
mod names;

pub use copy::*;
pub use names::*;

/// How deep below HOME files are offered: deeper trees are unpacked archives, not what a person
/// saved.
const MAX_DEPTH: usize = 8;

/// Endings of downloads still in progress or abandoned: half a file is no use on a key.
const PARTIAL_DOWNLOADS: [&str; 3] = [".crdownload", ".part", ".partial"];

/// The largest " (N)" tried before giving up on finding a free name.
const MAX_NUMBERED: u32 = 999;

/// A mounted drive the person may copy to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drive {
    /// Where the drive is mounted.
    pub mount_point: PathBuf,
    /// The volume name, for the screen (the mount point's name when the volume has none).
    pub label: String,
    /// Free space for the kiosk's user, in bytes.
    pub free_bytes: u64,
    /// Whether nothing can be written to it.
    pub read_only: bool,
}

/// A file the person may take with them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonFile {
    /// Where it is, with no link in the path.
    pub path: PathBuf,
    /// Its name, for the screen.
    pub name: String,
    /// Its size when listed.
    pub size_bytes: u64,
    /// Its kind, for the pictogram.
    pub kind: FileKind,
    /// When it was last written.
    pub modified: SystemTime,
}

/// What a copy did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CopyReport {
    /// Files now complete on the key.
    pub files_copied: usize,
    /// Their bytes.
    pub bytes_copied: u64,
    /// How many got a new name (" (2)") because the key already had a file of that name.
    pub renamed: usize,
}

/// Why a copy to a key failed. The message names the key, never a file of the person.
#[derive(Debug, thiserror::Error)]
pub enum UsbError {
    /// The key is not (or no longer) mounted where it was.
    #[error("the USB key {label} is no longer there: {source}")]
    DriveGone {
        /// The key's label.
        label: String,
        /// Why.
        source: io::Error,
    },
    /// The key is write-protected or mounted read-only.
    #[error("the USB key {label} is read-only: nothing can be written to it")]
    ReadOnly {
        /// The key's label.
        label: String,
    },
    /// The files do not fit.
    #[error("not enough space on the USB key {label}: {needed} bytes needed, {free} bytes free")]
    NotEnoughSpace {
        /// The key's label.
        label: String,
        /// Bytes the files take on the key.
        needed: u64,
        /// Bytes free on the key.
        free: u64,
    },
    /// A file is no longer the one listed (removed, replaced, or reached through a link): it
    /// is not copied.
    #[error(
        "a file changed since the list was made; {copied} file(s) were copied to the USB key {label}"
    )]
    FileChanged {
        /// The key's label.
        label: String,
        /// Files complete on the key before this one.
        copied: usize,
    },
    /// A file of the session could not be read.
    #[error(
        "cannot read a file of the session; {copied} file(s) were copied to the USB key {label}: {source}"
    )]
    Read {
        /// The key's label.
        label: String,
        /// Files complete on the key before this one.
        copied: usize,
        /// Why.
        source: io::Error,
    },
    /// Writing to the key failed (removed too early, worn out).
    #[error("cannot write to the USB key {label}; {copied} file(s) were copied: {source}")]
    Write {
        /// The key's label.
        label: String,
        /// Files complete on the key before this one.
        copied: usize,
        /// Why.
        source: io::Error,
    },
    /// The key already holds a file of that name and of every numbered variant.
    #[error("the USB key {label} has no free name left for a file; {copied} file(s) were copied")]
    NoFreeName {
        /// The key's label.
        label: String,
        /// Files complete on the key before this one.
        copied: usize,
    },
}

/// The removable drives mounted now (USB keys and disks), sorted by label.
///
/// Drives come from sysinfo's disk list, keeping those it marks removable (devices on the USB
/// bus); free space and read-only state are read fresh with `statvfs`, as [`drives_under`]
/// does.
#[must_use]
pub fn removable_drives() -> Vec<Drive> {
    let Ok(disks) = Disks::new_with_refreshed_list_specifics(DiskRefreshKind::nothing()) else {
        return Vec::new();
    };
    let mut drives: Vec<Drive> = Vec::new();
    for disk in disks.iter().filter(|d| d.is_removable()) {
        let mount_point = disk.mount_point();
        if drives.iter().any(|d| d.mount_point == mount_point) {
            continue;
        }
        let label = volume_label(disk.name()).unwrap_or_else(|| {
            mount_point.file_name().map_or_else(
                || disk.name().to_string_lossy().into_owned(),
                |name| name.to_string_lossy().into_owned(),
            )
        });
        if let Some(drive) = drive_at(mount_point, label) {
            drives.push(drive);
        }
    }
    drives.sort_by(|a, b| a.label.cmp(&b.label));
    drives
}

/// The directories inside `root` as drives, sorted by name (each directory's name is its
/// label): what [`removable_drives`] makes of mount points, for folders a test makes.
#[must_use]
pub fn drives_under(root: &Path) -> Vec<Drive> {
    let Ok(entries) = fs::read_dir(root) else {
        return Vec::new();
    };
    let mut drives: Vec<Drive> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|entry| {
            let label = entry.file_name().to_string_lossy().into_owned();
            drive_at(&entry.path(), label)
        })
        .collect();
    drives.sort_by(|a, b| a.label.cmp(&b.label));
    drives
}

fn drive_at(mount_point: &Path, label: String) -> Option<Drive> {
    let space = statvfs(mount_point).ok()?;
    Some(Drive {
        mount_point: mount_point.to_path_buf(),
        label,
        free_bytes: free_bytes(&space),
        read_only: is_read_only(mount_point, &space),
    })
}

fn free_bytes(space: &Statvfs) -> u64 {
    space
        .blocks_available()
        .saturating_mul(fragment_bytes(space))
}

fn fragment_bytes(space: &Statvfs) -> u64 {
    match space.fragment_size() {
        0 => space.block_size().max(512),
        size => size,
    }
}

/// Mounted read-only, or a directory this user cannot write to.
fn is_read_only(mount_point: &Path, space: &Statvfs) -> bool {
    space.flags().contains(FsFlags::ST_RDONLY) || access(mount_point, AccessFlags::W_OK).is_err()
}

/// The volume label of `device` from udev's `/dev/disk/by-label` links.
fn volume_label(device: &OsStr) -> Option<String> {
    let device = fs::canonicalize(device).ok()?;
    fs::read_dir("/dev/disk/by-label")
        .ok()?
        .filter_map(Result::ok)
        .find(|entry| fs::canonicalize(entry.path()).is_ok_and(|target| target == device))
        .map(|entry| udev_unescape(&entry.file_name().to_string_lossy()))
}

/// Undoes udev's `\xHH` escapes in link names (a space is `\x20`).
fn udev_unescape(name: &str) -> String {
    let bytes = name.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\'
            && bytes.get(i + 1) == Some(&b'x')
            && let Some(hex) = bytes.get(i + 2..i + 4)
            && let Some(byte) = std::str::from_utf8(hex)
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 4;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The files the person may take: regular files under `home` (Documents, Téléchargements,
/// Bureau...), newest first.
///
/// Never hidden files or directories (`.config`, `.cache`, a browser profile), never links nor
/// anything reached through one, never another filesystem mounted inside `home`, never a
/// download still in progress.
#[must_use]
pub fn person_files(home: &Path) -> Vec<PersonFile> {
    // Paths are built from the real HOME so that `copy_to_drive` can check that the file it
    // opens is still the one listed here.
    let Ok(home) = fs::canonicalize(home) else {
        return Vec::new();
    };
    let Ok(home_meta) = home.symlink_metadata() else {
        return Vec::new();
    };
    // Names that are not UTF-8 are passed over like hidden ones: they could not be shown.
    let shown = |entry: &walkdir::DirEntry| {
        entry.depth() == 0
            || entry
                .file_name()
                .to_str()
                .is_some_and(|name| !name.starts_with('.'))
    };
    let mut files: Vec<PersonFile> = walkdir::WalkDir::new(&home)
        .min_depth(1)
        .max_depth(MAX_DEPTH)
        .follow_links(false)
        .follow_root_links(false)
        .same_file_system(true)
        .into_iter()
        .filter_entry(shown)
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_str()?;
            // Not followed: a link is its own type here.
            let meta = entry.metadata().ok()?;
            let listed =
                meta.is_file() && meta.dev() == home_meta.dev() && !is_partial_download(name);
            listed.then(|| PersonFile {
                path: entry.path().to_path_buf(),
                name: name.to_owned(),
                size_bytes: meta.len(),
                kind: kind_of(name),
                modified: meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
            })
        })
        .collect();
    files.sort_by(|a, b| {
        b.modified
            .cmp(&a.modified)
            .then_with(|| a.name.cmp(&b.name))
    });
    files
}

fn is_partial_download(name: &str) -> bool {
    let lower = name.to_lowercase();
    PARTIAL_DOWNLOADS.iter().any(|end| lower.ends_with(end))
}

fn kind_of(name: &str) -> FileKind {
    let extension = Path::new(name)
        .extension()
        .and_then(OsStr::to_str)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match extension.as_str() {
        "pdf" => FileKind::Pdf,
        "odt" | "ods" | "odp" | "doc" | "docx" | "xls" | "xlsx" | "ppt" | "pptx" | "rtf"
        | "txt" | "csv" => FileKind::Document,
        "jpg" | "jpeg" | "png" | "gif" | "webp" | "bmp" | "tif" | "tiff" | "heic" | "svg" => {
            FileKind::Image
        }
        _ => FileKind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fat_refused_characters_become_underscores() {
        assert_eq!(fat_name("CV: Jean?.pdf"), "CV_ Jean_.pdf");
        assert_eq!(fat_name("a<b>c|d\"e*f\\g.txt"), "a_b_c_d_e_f_g.txt");
        assert_eq!(fat_name("tab\there.odt"), "tab_here.odt");
        assert_eq!(fat_name("lettre. "), "lettre");
        assert_eq!(fat_name("..."), "fichier");
        assert_eq!(fat_name("con.txt"), "_con.txt");
        assert_eq!(fat_name("COM1"), "_COM1");
        assert_eq!(fat_name("Relevé de notes.pdf"), "Relevé de notes.pdf");
    }

    #[test]
    fn long_names_keep_their_extension_and_room_for_a_number() {
        let name = fat_name(&format!("{}.pdf", "é".repeat(400)));
        assert!(name.ends_with(".pdf"));
        assert_eq!(name.encode_utf16().count(), FAT_NAME_UNITS - NUMBER_UNITS);
        assert!(numbered(&name, 999).encode_utf16().count() <= FAT_NAME_UNITS);
    }

    #[test]
    fn accents_fold_to_ascii_for_a_fat_without_utf8() {
        assert_eq!(ascii_name("Relevé_ été_.pdf"), "Releve_ ete_.pdf");
        assert_eq!(ascii_name("Cœur à Ça.odt"), "Coeur a Ca.odt");
        assert_eq!(ascii_name("日本.txt"), "__.txt");
    }

    #[test]
    fn numbers_go_before_the_extension() {
        assert_eq!(numbered("cv.pdf", 1), "cv.pdf");
        assert_eq!(numbered("cv.pdf", 2), "cv (2).pdf");
        assert_eq!(numbered("notes", 3), "notes (3)");
        assert_eq!(numbered("archive.tar.gz", 2), "archive.tar (2).gz");
    }

    #[test]
    fn kinds_come_from_the_extension_whatever_its_case() {
        assert_eq!(kind_of("CV.PDF"), FileKind::Pdf);
        assert_eq!(kind_of("lettre.docx"), FileKind::Document);
        assert_eq!(kind_of("photo.JPEG"), FileKind::Image);
        assert_eq!(kind_of("setup.exe"), FileKind::Other);
        assert_eq!(kind_of("README"), FileKind::Other);
    }

    #[test]
    fn udev_escapes_are_undone() {
        assert_eq!(udev_unescape(r"MA\x20CLE"), "MA CLE");
        assert_eq!(udev_unescape(r"KEY\x2"), r"KEY\x2");
        assert_eq!(udev_unescape("PLAIN"), "PLAIN");
    }
}
