//! The anonymous usage log: how the station is used, counted in SQLite, with nothing about
//! anyone.
//!
//! - [`UsageLog::open`] opens (or creates) the database in WAL mode with a busy timeout and
//!   brings its schema to the current version. A file SQLite cannot read is set aside as
//!   `<file>.corrupt-<UTC time>` and a fresh database is started, which records
//!   [`StationEvent::DatabaseReset`].
//! - [`UsageLog::record_session`] and [`UsageLog::record_event`] write one finished session or
//!   one station event; [`UsageLog::apply_retention`] folds old sessions into month totals.
//! - [`UsageLog::report`] counts a date range by day, week or month, hiding small counts;
//!   [`render`] turns a [`Report`] into a table, CSV or JSON.
//!
//! Anonymous by construction: the schema has no free-text column (see `schema`), start times
//! are rounded down to the quarter hour before they reach SQLite, shortcut ids are checked
//! against the config's pattern, and no error message carries anything about a person.
//! A failure of the log never stops the station: every method returns a [`UsageLogError`] that
//! the caller logs, and the station goes on serving sessions.

mod calendar;
mod export;
mod outbox;
mod record;
mod report;
mod retention;
mod schema;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, ErrorCode, OptionalExtension as _};

pub use calendar::Zone;
pub use export::{Format, cells, render, render_labelled};
pub use outbox::{Counts, PeriodTallies, Span, Sums};
pub use record::{
    AT_MOST_ONCE, Found, OUT_OF_SERVICE_CAUSES, PARTITIONS, Purpose, SessionRecord, StationEvent,
    THEMATIQUE_CUTS, THEMATIQUE_DIM, cut_mismatch, for_the_network, is_for_the_network,
    is_valid_shortcut_id, tally_codes,
};
pub use report::{
    COOP_DURATION_BUCKETS, Cell, DURATION_BUCKETS, DurationBucket, EventCounts, Period, PeriodRow,
    Report, ReportQuery, ShortcutUse, TallyReport,
};
pub use schema::VERSION as SCHEMA_VERSION;

/// How long a write waits for another connection (a `borne stats` export) to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(2);

/// The usage log of the station: one SQLite connection.
#[derive(Debug)]
pub struct UsageLog {
    conn: Connection,
    path: PathBuf,
    zone: Zone,
    /// Row ids of the shortcut codes already in the database.
    shortcut_ids: HashMap<String, i64>,
    /// Days before this one were folded into month tallies by the retention.
    folded_before_day: Option<i64>,
    /// The thématique of each shortcut and choice id that has one (from the config).
    thematiques: HashMap<String, crate::domain::Thematique>,
}

/// Something [`UsageLog::open`] had to repair; the station goes on, and staff should be told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Recovered {
    /// The database could not be read: it was moved to `moved_to` (with its `-wal` and `-shm`
    /// files), a fresh one was started and [`StationEvent::DatabaseReset`] recorded in it.
    SetAside {
        /// Where the unreadable file is now.
        moved_to: PathBuf,
        /// What SQLite said about it.
        cause: String,
    },
}

/// Why the usage log failed. Messages name the file and the operation, never anything recorded.
#[derive(Debug, thiserror::Error)]
pub enum UsageLogError {
    /// The directory of the database does not exist and cannot be made, or is not a directory.
    #[error("usage log {}: its directory cannot be used: {source}", path.display())]
    Directory {
        /// The database file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// SQLite cannot open or set up the database (permissions, read-only file system...).
    #[error("usage log {}: cannot open the database: {source}", path.display())]
    Open {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The database was written by a newer Borne; it is left untouched.
    #[error(
        "usage log {}: schema version {found} is newer than this Borne knows ({known}); the file is left untouched",
        path.display()
    )]
    NewerSchema {
        /// The database file.
        path: PathBuf,
        /// Its `user_version`.
        found: i64,
        /// The version this Borne writes.
        known: i64,
    },
    /// The fresh database that replaced an unreadable one is unreadable too.
    #[error("usage log {}: the database is damaged: {cause}", path.display())]
    Damaged {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        cause: String,
    },
    /// [`UsageLog::open_for_reports`] found no database at this path.
    #[error("usage log {}: there is no database here", path.display())]
    NotFound {
        /// The path given.
        path: PathBuf,
    },
    /// [`UsageLog::open_for_reports`] found a database of an older Borne, which only the
    /// kiosk upgrades.
    #[error(
        "usage log {}: schema version {found} is older than this Borne's ({known}); start the kiosk once to upgrade it",
        path.display()
    )]
    OlderSchema {
        /// The database file.
        path: PathBuf,
        /// Its `user_version`.
        found: i64,
        /// The version this Borne writes.
        known: i64,
    },
    /// An unreadable database could not be moved aside.
    #[error("usage log {}: cannot set the unreadable database aside: {source}", path.display())]
    SetAside {
        /// The database file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// SQLite failed while doing `action` (disk full, database locked, damaged file...).
    #[error("usage log: {action} failed: {source}")]
    Sql {
        /// What the log was doing, e.g. "recording a session".
        action: &'static str,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// A shortcut id that is not a config id (`[a-z0-9-]{1,32}`) was refused; the value is not
    /// repeated here, in case it holds something typed by a person.
    #[error("usage log: refused a shortcut id that is not 1 to 32 of a-z, 0-9 and -")]
    InvalidShortcutId,
    /// An out-of-service cause that is not in [`OUT_OF_SERVICE_CAUSES`].
    #[error("usage log: refused the out-of-service cause `{0}`: not one of the known codes")]
    UnknownCause(&'static str),
    /// A config setting name that is not a lower-case dotted key.
    #[error("usage log: refused a config setting name that is not a lower-case dotted key")]
    InvalidSetting,
    /// A report whose first day is after its last.
    #[error("usage log: a report from {from} to {to} ends before it starts")]
    InvalidRange {
        /// First day asked.
        from: chrono::NaiveDate,
        /// Last day asked.
        to: chrono::NaiveDate,
    },
}

impl UsageLogError {
    /// Whether trying the same write later may work: the database was locked or busy, its disk
    /// full, or the system failed to read or write it. A refused record never will.
    #[must_use]
    pub fn is_transient(&self) -> bool {
        use rusqlite::ErrorCode::{
            CannotOpen, DatabaseBusy, DatabaseLocked, DiskFull, ReadOnly, SystemIoFailure,
        };
        match self {
            Self::Sql {
                source: rusqlite::Error::SqliteFailure(failure, _),
                ..
            } => matches!(
                failure.code,
                DatabaseBusy | DatabaseLocked | DiskFull | SystemIoFailure | CannotOpen | ReadOnly
            ),
            _ => false,
        }
    }

    /// Whether the database file itself is damaged: opening it again with [`UsageLog::open`]
    /// sets it aside and starts a fresh one.
    pub fn is_damaged(&self) -> bool {
        match self {
            Self::Open { source, .. } | Self::Sql { source, .. } => is_damage(source),
            Self::Damaged { .. } => true,
            _ => false,
        }
    }
}

/// Maps a SQLite error to [`UsageLogError::Sql`] for `action`.
fn sql(action: &'static str) -> impl FnOnce(rusqlite::Error) -> UsageLogError {
    move |source| UsageLogError::Sql { action, source }
}

fn is_damage(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
    )
}

/// Why [`UsageLog::connect`] failed.
enum ConnectError {
    /// SQLite says the file is not a database or is damaged.
    Damaged(String),
    /// Written by a newer Borne.
    Newer(i64),
    /// Anything else.
    Sql(rusqlite::Error),
}

impl From<rusqlite::Error> for ConnectError {
    fn from(error: rusqlite::Error) -> Self {
        if is_damage(&error) {
            Self::Damaged(error.to_string())
        } else {
            Self::Sql(error)
        }
    }
}

impl ConnectError {
    fn into_error(self, path: &Path) -> UsageLogError {
        let path = path.to_path_buf();
        match self {
            Self::Damaged(cause) => UsageLogError::Damaged { path, cause },
            Self::Newer(found) => UsageLogError::NewerSchema {
                path,
                found,
                known: schema::VERSION,
            },
            Self::Sql(source) => UsageLogError::Open { path, source },
        }
    }
}

impl UsageLog {
    /// Opens the usage log at `path`, creating it (and its directory) if needed, and counting
    /// days and hours in `zone`. `now` dates the set-aside file and the
    /// [`StationEvent::DatabaseReset`] if the database had to be replaced.
    ///
    /// Returns the log and what had to be repaired, for staff to be told.
    ///
    /// # Errors
    /// [`UsageLogError::Directory`] if the directory cannot be used, [`UsageLogError::Open`] if
    /// SQLite cannot open or write the file, [`UsageLogError::NewerSchema`] for a database of a
    /// newer Borne, [`UsageLogError::SetAside`] if an unreadable file cannot be moved.
    pub fn open(
        path: &Path,
        zone: Zone,
        now: DateTime<Utc>,
    ) -> Result<(Self, Vec<Recovered>), UsageLogError> {
        prepare_directory(path)?;
        match Self::connect(path, zone) {
            Ok(log) => Ok((log, Vec::new())),
            Err(ConnectError::Damaged(cause)) => {
                let moved_to = set_aside(path, now)?;
                let mut log = Self::connect(path, zone).map_err(|e| e.into_error(path))?;
                log.record_event(StationEvent::DatabaseReset, now)?;
                Ok((log, vec![Recovered::SetAside { moved_to, cause }]))
            }
            Err(error) => Err(error.into_error(path)),
        }
    }

    /// Opens an existing usage log only to report on it (`borne stats`, while the kiosk may
    /// be running): nothing is created, migrated, set aside or written (`query_only`).
    ///
    /// # Errors
    /// [`UsageLogError::NotFound`] if there is no file at `path`, [`UsageLogError::Open`] if
    /// SQLite cannot open or read it, [`UsageLogError::OlderSchema`] or
    /// [`UsageLogError::NewerSchema`] if it is not of this Borne's schema version.
    pub fn open_for_reports(path: &Path, zone: Zone) -> Result<Self, UsageLogError> {
        Self::open_existing(path, zone, true)
    }

    /// Opens an existing usage log to push its closed periods to the network's hub (and note
    /// them as sent), beside the kiosk's own connection: nothing is created, migrated or set
    /// aside.
    ///
    /// # Errors
    /// As [`UsageLog::open_for_reports`].
    pub fn open_for_outbox(path: &Path, zone: Zone) -> Result<Self, UsageLogError> {
        Self::open_existing(path, zone, false)
    }

    fn open_existing(path: &Path, zone: Zone, query_only: bool) -> Result<Self, UsageLogError> {
        use rusqlite::OpenFlags;
        let open_error = |source| UsageLogError::Open {
            path: path.to_path_buf(),
            source,
        };
        if !path.is_file() {
            return Err(UsageLogError::NotFound {
                path: path.to_path_buf(),
            });
        }
        // Read-write without create: a reader of a WAL database needs to write its `-shm`.
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(open_error)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_error)?;
        conn.pragma_update(None, "query_only", query_only)
            .map_err(open_error)?;
        let found = schema::version(&conn).map_err(open_error)?;
        let (path, known) = (path.to_path_buf(), schema::VERSION);
        match found.cmp(&known) {
            std::cmp::Ordering::Less => Err(UsageLogError::OlderSchema { path, found, known }),
            std::cmp::Ordering::Greater => Err(UsageLogError::NewerSchema { path, found, known }),
            std::cmp::Ordering::Equal => {
                Self::with_connection(conn, path, zone).map_err(|source| UsageLogError::Sql {
                    action: "reading the usage log",
                    source,
                })
            }
        }
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn connect(path: &Path, zone: Zone) -> Result<Self, ConnectError> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // The first statement that reads the file: a file that is not a database fails here.
        // A database of a newer Borne is refused before anything (even the journal mode)
        // changes in it.
        let found = schema::version(&conn)?;
        if found > schema::VERSION {
            return Err(ConnectError::Newer(found));
        }
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
        // In WAL mode, NORMAL never corrupts the database; a power cut may only lose the last
        // sessions. Writing a session then costs no fsync.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        // Deleted rows are overwritten on disk, not left in free pages.
        conn.pragma_update(None, "secure_delete", true)?;
        schema::migrate(&mut conn).map_err(|error| match error {
            schema::MigrateError::Sql(error) => ConnectError::from(error),
            schema::MigrateError::Newer(found) => ConnectError::Newer(found),
        })?;
        let check: String = conn.query_row("PRAGMA quick_check(1)", [], |row| row.get(0))?;
        if check != "ok" {
            return Err(ConnectError::Damaged(check));
        }
        Ok(Self::with_connection(conn, path.to_path_buf(), zone)?)
    }

    /// The log around a connection to a database of the current version.
    fn with_connection(conn: Connection, path: PathBuf, zone: Zone) -> rusqlite::Result<Self> {
        let folded_before_day = conn
            .query_row(
                "SELECT folded_before_day FROM retention WHERE id = 1",
                [],
                |row| row.get(0),
            )
            .optional()?;
        let shortcut_ids = {
            let mut select = conn.prepare("SELECT code, id FROM shortcut")?;
            let rows = select.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
            rows.collect::<Result<HashMap<String, i64>, _>>()?
        };
        Ok(Self {
            conn,
            path,
            zone,
            shortcut_ids,
            folded_before_day,
            thematiques: HashMap::new(),
        })
    }

    /// What each shortcut and choice id counts for in the network's reports: the sessions
    /// recorded from now on that opened one count for its thématique.
    pub fn set_thematiques(&mut self, thematiques: HashMap<String, crate::domain::Thematique>) {
        self.thematiques = thematiques;
    }
}

/// Creates the directory of `path` if needed, and checks that it is one.
fn prepare_directory(path: &Path) -> Result<(), UsageLogError> {
    let directory_error = |source| UsageLogError::Directory {
        path: path.to_path_buf(),
        source,
    };
    let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) else {
        return Ok(());
    };
    std::fs::create_dir_all(dir).map_err(directory_error)?;
    if !dir.is_dir() {
        return Err(directory_error(std::io::Error::from(
            std::io::ErrorKind::NotADirectory,
        )));
    }
    Ok(())
}

/// Moves the database at `path` and its side files to `<path>.corrupt-<UTC time>`; returns the
/// new path of the database.
fn set_aside(path: &Path, now: DateTime<Utc>) -> Result<PathBuf, UsageLogError> {
    let set_aside_error = |source| UsageLogError::SetAside {
        path: path.to_path_buf(),
        source,
    };
    let stamp = now.format("%Y%m%dT%H%M%SZ");
    let mut target = suffixed(path, &format!(".corrupt-{stamp}"));
    let mut attempt = 2;
    while target.symlink_metadata().is_ok() {
        target = suffixed(path, &format!(".corrupt-{stamp}-{attempt}"));
        attempt += 1;
    }
    std::fs::rename(path, &target).map_err(set_aside_error)?;
    for side in ["-wal", "-shm", "-journal"] {
        let from = suffixed(path, side);
        if from.symlink_metadata().is_ok() {
            std::fs::rename(&from, suffixed(&target, side)).map_err(set_aside_error)?;
        }
    }
    Ok(target)
}

/// `path` with `suffix` added to its file name.
fn suffixed(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
