//! The save screen before the end: the person's files, the USB keys plugged in, and the copy.

use super::{State, Station};

/// What kind of file, for its pictogram on the save screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A PDF (a CV, a certificate).
    Pdf,
    /// A text document or a spreadsheet.
    Document,
    /// A picture.
    Image,
    /// Anything else.
    Other,
}

/// One of the person's files, as the save screen lists it. Shown on screen only, never written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSummary {
    /// The file's name.
    pub name: String,
    /// Its size.
    pub size_bytes: u64,
    /// Its kind.
    pub kind: FileKind,
}

/// A USB key the person plugged in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DriveSummary {
    /// Where it is mounted: what the copy is told.
    pub mount_point: String,
    /// Its name, for the button.
    pub label: String,
    /// Free space on it.
    pub free_bytes: u64,
}

/// Why a copy to a USB key failed, in terms the person can act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CopyFailure {
    /// The key is too full.
    NotEnoughSpace {
        /// Bytes needed.
        needed_bytes: u64,
        /// Bytes free.
        free_bytes: u64,
    },
    /// The key cannot be written (its lock switch, or a read-only file system).
    ReadOnly,
    /// The key was pulled out.
    DriveGone,
    /// Something else went wrong while copying.
    Failed {
        /// Files copied before the failure.
        copied: u32,
    },
}

/// Where the copy to a USB key stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CopyState {
    /// Nothing copied yet.
    NotStarted,
    /// Copying.
    Copying {
        /// Bytes copied.
        done_bytes: u64,
        /// Bytes to copy.
        total_bytes: u64,
    },
    /// Copied and synced: the key can be removed.
    Done {
        /// Files copied.
        files: u32,
    },
    /// The copy failed.
    Failed(CopyFailure),
}

/// The screen before the end that offers to take one's files on a USB key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveFiles {
    /// The person's files.
    pub files: Vec<FileSummary>,
    /// The keys plugged in now.
    pub drives: Vec<DriveSummary>,
    /// The copy.
    pub copy: CopyState,
}

impl Station {
    pub(super) fn drives_seen(&mut self, drives: Vec<DriveSummary>) {
        if let Some(saving) = self.saving_mut() {
            saving.drives = drives;
        }
    }

    pub(super) fn copy_progress(&mut self, done_bytes: u64, total_bytes: u64) {
        if let Some(saving) = self.saving_mut() {
            saving.copy = CopyState::Copying {
                done_bytes,
                total_bytes,
            };
        }
    }

    pub(super) fn copy_finished(&mut self, result: Result<u32, CopyFailure>) {
        if let Some(saving) = self.saving_mut() {
            saving.copy = match result {
                Ok(files) => CopyState::Done { files },
                Err(failure) => CopyState::Failed(failure),
            };
        }
    }

    pub(super) fn saving_mut(&mut self) -> Option<&mut SaveFiles> {
        match &mut self.state {
            State::InSession(session) => session.saving.as_mut(),
            _ => None,
        }
    }

    /// Whether the save screen is up: the supervisor then looks for USB keys every tick.
    pub fn wants_drives(&self) -> bool {
        matches!(&self.state, State::InSession(session) if session.saving.is_some())
    }
}
