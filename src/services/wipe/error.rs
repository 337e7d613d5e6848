//! What a wipe or its proof found: each one keeps the station out of service. Messages name
//! the station's own paths and counts, never a file of the person.

use std::path::PathBuf;

use crate::services::printing::GuestJobsError;

/// The first problem of a wipe or of its proof.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WipeError {
    /// The guest account is root: its files cannot be told from the system's.
    #[error("the guest account is root: nothing can be looked for by owner")]
    GuestIsRoot,
    /// The guest account is the kiosk's own: its files cannot be told from the kiosk's.
    #[error("the guest account (uid {uid}) is the kiosk's own: nothing can be looked for by owner")]
    GuestIsKiosk {
        /// The uid.
        uid: u32,
    },
    /// The session directory was not removed.
    #[error("the session directory {} is still there", .dir.display())]
    SessionDirRemains {
        /// It.
        dir: PathBuf,
    },
    /// Entries are left under the session root.
    #[error("{count} {} under the session root {}", entries_remain(*.count), .root.display())]
    EntriesRemain {
        /// How many.
        count: usize,
        /// The session root.
        root: PathBuf,
    },
    /// The session root could not be read.
    #[error("cannot check the session root {}: {cause}", .root.display())]
    CannotCheckRoot {
        /// The session root.
        root: PathBuf,
        /// Why.
        cause: String,
    },
    /// `/proc` could not be listed: no process can be said gone.
    #[error("cannot list the processes in /proc: {cause}")]
    CannotListProcesses {
        /// What the system said.
        cause: String,
    },
    /// Processes of the guest account still run.
    #[error("{count} process(es) of the guest account (uid {uid}) still run")]
    ProcessesRun {
        /// How many.
        count: usize,
        /// The guest's uid.
        uid: u32,
    },
    /// Files of the guest account are left in a shared place.
    #[error("{count} file(s) of the guest account (uid {uid}) remain in {}", .dir.display())]
    FilesRemain {
        /// How many.
        count: u64,
        /// The guest's uid.
        uid: u32,
        /// Where (`/tmp`, the guest's home...).
        dir: PathBuf,
    },
    /// Dead children of the kiosk were never reaped: a leak that grows with every session.
    #[error("{count} zombie process(es) of the session were never reaped by the kiosk")]
    Zombies {
        /// How many.
        count: usize,
    },
    /// Something still owns a selection the person copies with.
    #[error("the X display {display} still has an owner for its {selections} selection")]
    SelectionOwned {
        /// The display.
        display: String,
        /// Which: `CLIPBOARD`, `PRIMARY`, or both.
        selections: String,
    },
    /// The clipboard could not be cleared or checked.
    #[error("{what} on X display {display}: {cause}")]
    Clipboard {
        /// Clearing or checking.
        what: &'static str,
        /// The display.
        display: String,
        /// Why.
        cause: String,
    },
    /// Another filesystem is mounted inside what had to go: it is left alone, and so are its
    /// parents.
    #[error(
        "{count} other filesystem(s) are mounted inside {what} {} and were left alone",
        .path.display()
    )]
    MountsInside {
        /// How many.
        count: u64,
        /// What was being removed.
        what: &'static str,
        /// Where.
        path: PathBuf,
    },
    /// Entries could not be removed.
    #[error(
        "cannot remove {count} {} of {what} {}{}",
        entries(*.count),
        .path.display(),
        .cause.as_ref().map_or_else(String::new, |cause| format!(": {cause}"))
    )]
    CannotRemove {
        /// How many.
        count: u64,
        /// What was being removed.
        what: &'static str,
        /// Where.
        path: PathBuf,
        /// The first error met.
        cause: Option<String>,
    },
    /// The guest's print jobs.
    #[error(transparent)]
    Printing(#[from] GuestJobsError),
    /// The guest's own side of the wipe, run through sudo, failed or found something.
    #[error("{0}")]
    GuestSide(String),
}

fn entries_remain(count: usize) -> &'static str {
    if count == 1 {
        "entry remains"
    } else {
        "entries remain"
    }
}

fn entries(count: u64) -> &'static str {
    if count == 1 { "entry" } else { "entries" }
}
