//! Copying the person's files to a USB key: each one whole or not at all, synced before it is said
//! to be done.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::{fs, io};

use nix::errno::Errno;
use nix::fcntl::{AT_FDCWD, RenameFlags, renameat2};
use nix::sys::statvfs::statvfs;

use super::names::{ascii_name, fat_name, numbered};
use super::{
    CopyReport, Drive, MAX_NUMBERED, PersonFile, UsbError, fragment_bytes, free_bytes, is_read_only,
};

/// The temporary name a file has on the key until it is complete.
pub(super) const TEMP_NAME: &str = ".borne-copie-en-cours.tmp";

/// How much is read and written at a time (and so how often progress moves).
pub(super) const CHUNK_BYTES: usize = 1 << 20;

/// Copies `files` to the root of `drive`, calling `progress(done_bytes, total_bytes)` as it
/// goes, and returns once everything is on the key itself (file, directory and filesystem
/// flushed): the key may then be removed.
///
/// A file of the same name already on the key is kept: the copy gets " (2)" (or the next free
/// number) before its extension. Characters that FAT refuses are replaced by `_`.
///
/// # Errors
/// [`UsbError::ReadOnly`] and [`UsbError::NotEnoughSpace`] before anything is written; then
/// the first read or write failure, with how many files were complete on the key by then.
pub fn copy_to_drive(
    files: &[PersonFile],
    drive: &Drive,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<CopyReport, UsbError> {
    let label = drive.label.clone();
    let gone = |source: io::Error| UsbError::DriveGone {
        label: drive.label.clone(),
        source,
    };
    let space = statvfs(&drive.mount_point).map_err(|e| gone(e.into()))?;
    if is_read_only(&drive.mount_point, &space) {
        return Err(UsbError::ReadOnly { label });
    }
    let cluster = fragment_bytes(&space);
    // Every file takes whole clusters, and the directory may need one more.
    let needed = files
        .iter()
        .map(|f| f.size_bytes.div_ceil(cluster).saturating_mul(cluster))
        .fold(cluster, u64::saturating_add);
    let free = free_bytes(&space);
    if needed > free {
        return Err(UsbError::NotEnoughSpace {
            label,
            needed,
            free,
        });
    }
    let dir = File::open(&drive.mount_point).map_err(gone)?;

    let mut copy = Copy {
        drive,
        ascii_only: !accepts_accents(&drive.mount_point),
        report: CopyReport::default(),
        done: 0,
        total: files.iter().map(|f| f.size_bytes).sum(),
        buffer: vec![0; CHUNK_BYTES],
    };
    progress(0, copy.total);
    for file in files {
        if let Err(error) = copy.one(file, progress) {
            // What was complete stays complete on the key: flush it before saying so.
            fs::remove_file(drive.mount_point.join(TEMP_NAME)).ok();
            dir.sync_all().ok();
            nix::unistd::syncfs(&dir).ok();
            return Err(error);
        }
    }
    let copied = copy.report.files_copied;
    let write_failed = |source: io::Error| UsbError::Write {
        label: drive.label.clone(),
        copied,
        source,
    };
    dir.sync_all().map_err(write_failed)?;
    nix::unistd::syncfs(&dir).map_err(|e| write_failed(e.into()))?;
    progress(copy.done, copy.total.max(copy.done));
    Ok(copy.report)
}

/// One copy in progress.
pub(super) struct Copy<'a> {
    pub(super) drive: &'a Drive,
    /// The key refuses names outside ASCII.
    pub(super) ascii_only: bool,
    pub(super) report: CopyReport,
    pub(super) done: u64,
    pub(super) total: u64,
    pub(super) buffer: Vec<u8>,
}

impl Copy<'_> {
    pub(super) fn one(
        &mut self,
        file: &PersonFile,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<(), UsbError> {
        let label = &self.drive.label;
        let copied = self.report.files_copied;
        let mut source = open_listed(file).map_err(|error| match error {
            OpenError::Changed => UsbError::FileChanged {
                label: label.clone(),
                copied,
            },
            OpenError::Io(source) => UsbError::Read {
                label: label.clone(),
                copied,
                source,
            },
        })?;
        let write_failed = |source: io::Error| self.write_error(source);

        let temp = self.drive.mount_point.join(TEMP_NAME);
        fs::remove_file(&temp).ok();
        let mut target = OpenOptions::new()
            .write(true)
            .create_new(true)
            .custom_flags(nix::libc::O_NOFOLLOW)
            .open(&temp)
            .map_err(write_failed)?;
        let mut bytes = 0;
        loop {
            let read = match source.read(&mut self.buffer) {
                Ok(0) => break,
                Ok(read) => read,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(source) => {
                    return Err(UsbError::Read {
                        label: label.clone(),
                        copied,
                        source,
                    });
                }
            };
            let chunk = self.buffer.get(..read).unwrap_or_default();
            target.write_all(chunk).map_err(|e| self.write_error(e))?;
            bytes += read as u64;
            self.done += read as u64;
            progress(self.done, self.total.max(self.done));
        }
        target.sync_all().map_err(|e| self.write_error(e))?;
        drop(target);

        let mut name = fat_name(
            &file
                .path
                .file_name()
                .map_or_else(|| file.name.clone(), |n| n.to_string_lossy().into_owned()),
        );
        if self.ascii_only {
            name = ascii_name(&name);
        }
        for number in 1..=MAX_NUMBERED {
            let candidate = self.drive.mount_point.join(numbered(&name, number));
            match rename_no_replace(&temp, &candidate) {
                Ok(()) => {
                    self.report.files_copied += 1;
                    self.report.bytes_copied += bytes;
                    if number > 1 {
                        self.report.renamed += 1;
                    }
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(self.write_error(e)),
            }
        }
        Err(UsbError::NoFreeName {
            label: label.clone(),
            copied,
        })
    }

    pub(super) fn write_error(&self, source: io::Error) -> UsbError {
        let label = self.drive.label.clone();
        match source.raw_os_error().map(Errno::from_raw) {
            Some(Errno::ENOSPC) => UsbError::NotEnoughSpace {
                label,
                needed: self.total.saturating_sub(self.done),
                free: statvfs(&self.drive.mount_point).map_or(0, |s| free_bytes(&s)),
            },
            Some(Errno::EROFS) => UsbError::ReadOnly { label },
            _ => UsbError::Write {
                label,
                copied: self.report.files_copied,
                source,
            },
        }
    }
}

/// Whether the filesystem at `mount_point` takes accented names. A FAT mounted without UTF-8
/// refuses them, and some drivers lose the file if a rename to such a name fails: so this is
/// probed once, with an empty file, before anything is copied.
pub(super) fn accepts_accents(mount_point: &Path) -> bool {
    let probe = mount_point.join(".borne-é.tmp");
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .custom_flags(nix::libc::O_NOFOLLOW)
        .open(&probe)
    {
        Ok(_) => {
            // An empty file; if it cannot go, the copy's own writes will say what is wrong.
            fs::remove_file(&probe).ok();
            true
        }
        Err(e) => !matches!(
            e.raw_os_error().map(Errno::from_raw),
            Some(Errno::EINVAL | Errno::EPERM | Errno::EILSEQ)
        ),
    }
}

pub(super) enum OpenError {
    Changed,
    Io(io::Error),
}

/// Opens a listed file, refusing it if it is no longer a regular file at exactly the listed
/// path: a link put in its place or in place of a directory above it would point outside
/// HOME (to the kiosk's own files).
pub(super) fn open_listed(file: &PersonFile) -> Result<File, OpenError> {
    let opened = OpenOptions::new()
        .read(true)
        .custom_flags(nix::libc::O_NOFOLLOW)
        .open(&file.path);
    let source = match opened {
        Ok(source) => source,
        Err(e) if e.raw_os_error() == Some(nix::libc::ELOOP) => return Err(OpenError::Changed),
        Err(e) => return Err(OpenError::Io(e)),
    };
    let meta = source.metadata().map_err(OpenError::Io)?;
    if !meta.is_file() {
        return Err(OpenError::Changed);
    }
    let real = fs::read_link(format!("/proc/self/fd/{}", source.as_raw_fd()));
    if real.ok().as_deref() != Some(file.path.as_path()) {
        return Err(OpenError::Changed);
    }
    Ok(source)
}

/// Renames `from` to `to` unless `to` exists (`AlreadyExists` then), atomically where the
/// filesystem allows it (vfat, exfat and ntfs3 do).
pub(super) fn rename_no_replace(from: &Path, to: &Path) -> io::Result<()> {
    match renameat2(AT_FDCWD, from, AT_FDCWD, to, RenameFlags::RENAME_NOREPLACE) {
        Ok(()) => Ok(()),
        Err(Errno::EINVAL | Errno::ENOSYS | Errno::EOPNOTSUPP) => {
            // A filesystem without RENAME_NOREPLACE (some FUSE drivers): check, then rename.
            // Only this copy writes to the key meanwhile.
            if to.symlink_metadata().is_ok() {
                return Err(io::ErrorKind::AlreadyExists.into());
            }
            fs::rename(from, to)
        }
        Err(errno) => Err(errno.into()),
    }
}
