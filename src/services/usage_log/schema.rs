//! The tables of the usage log and their versioned migrations (`PRAGMA user_version`).
//!
//! Every column is an integer or a code from a fixed set: there is no free-text column, no
//! URL, no title, no file name, no device id, no address. The two text columns hold codes that
//! SQLite itself checks (`CHECK ... NOT GLOB`), on top of the checks in Rust before an insert:
//! a shortcut id of the config (`[a-z0-9-]{1,32}`) and the code of a station event (a cause
//! from a fixed list or a config key name). A test compares the whole schema with an allowlist,
//! so a new column has to be added there on purpose.
//!
//! Times are local wall-clock times counted in quarter hours (`*_quarter`: quarter hours since
//! 1970-01-01 00:00 local time) or in days (`start_day`: days since 1970-01-01): a time that is
//! stored precisely cannot leak.
//!
//! Each migration runs in one transaction with the `user_version` it brings, so a crash halfway
//! leaves the previous version intact. A database written by a newer Borne is left untouched.

use rusqlite::Connection;

/// Version 1: raw sessions (kept for the retention period), their day and month tallies (what
/// reports read), station events, and how far the raw rows were folded into month tallies.
const V1: &str = "
CREATE TABLE session (
    id INTEGER PRIMARY KEY,
    start_quarter INTEGER NOT NULL,
    duration_secs INTEGER NOT NULL CHECK (duration_secs >= 0),
    kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 1),
    end_reason INTEGER NOT NULL CHECK (end_reason BETWEEN 0 AND 5),
    language INTEGER NOT NULL CHECK (language BETWEEN 0 AND 1),
    extensions INTEGER NOT NULL CHECK (extensions >= 0),
    purpose INTEGER CHECK (purpose BETWEEN 0 AND 4),
    found INTEGER CHECK (found BETWEEN 0 AND 2)
) STRICT;
CREATE INDEX session_by_start ON session (start_quarter);

CREATE TABLE shortcut (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE
        CHECK (length(code) BETWEEN 1 AND 32 AND code NOT GLOB '*[^a-z0-9-]*')
) STRICT;

CREATE TABLE session_shortcut (
    session_id INTEGER NOT NULL REFERENCES session (id) ON DELETE CASCADE,
    shortcut_id INTEGER NOT NULL REFERENCES shortcut (id),
    opens INTEGER NOT NULL CHECK (opens > 0),
    PRIMARY KEY (session_id, shortcut_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE tally (
    span INTEGER NOT NULL CHECK (span BETWEEN 0 AND 1),
    start_day INTEGER NOT NULL,
    dim INTEGER NOT NULL CHECK (dim BETWEEN 0 AND 8),
    code INTEGER NOT NULL CHECK (code BETWEEN 0 AND 1440),
    n INTEGER NOT NULL CHECK (n >= 0),
    PRIMARY KEY (span, start_day, dim, code)
) STRICT, WITHOUT ROWID;

CREATE TABLE shortcut_tally (
    span INTEGER NOT NULL CHECK (span BETWEEN 0 AND 1),
    start_day INTEGER NOT NULL,
    shortcut_id INTEGER NOT NULL REFERENCES shortcut (id),
    sessions INTEGER NOT NULL CHECK (sessions >= 0),
    opens INTEGER NOT NULL CHECK (opens >= 0),
    PRIMARY KEY (span, start_day, shortcut_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE station_event (
    id INTEGER PRIMARY KEY,
    at_quarter INTEGER NOT NULL,
    kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 5),
    code TEXT CHECK (code IS NULL OR
        (length(code) BETWEEN 1 AND 64 AND code NOT GLOB '*[^a-z0-9._-]*'))
) STRICT;
CREATE INDEX station_event_by_time ON station_event (at_quarter);

CREATE TABLE retention (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    folded_before_day INTEGER NOT NULL
) STRICT;
";

/// Version 2: the proof of every wipe, in counts only (never a file name or path).
const V2: &str = "
CREATE TABLE wipe (
    id INTEGER PRIMARY KEY,
    at_quarter INTEGER NOT NULL,
    files_removed INTEGER NOT NULL CHECK (files_removed >= 0),
    bytes_removed INTEGER NOT NULL CHECK (bytes_removed >= 0),
    duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
    ok INTEGER NOT NULL CHECK (ok BETWEEN 0 AND 1)
) STRICT;
CREATE INDEX wipe_by_time ON wipe (at_quarter);
";

/// The tallies moved to a new table whose `dim` may go up to `$max`, with the same rows: SQLite
/// cannot widen a `CHECK`.
macro_rules! widen_tally {
    ($max:literal) => {
        concat!(
            "
CREATE TABLE tally_new (
    span INTEGER NOT NULL CHECK (span BETWEEN 0 AND 1),
    start_day INTEGER NOT NULL,
    dim INTEGER NOT NULL CHECK (dim BETWEEN 0 AND ",
            $max,
            "),
    code INTEGER NOT NULL CHECK (code BETWEEN 0 AND 1440),
    n INTEGER NOT NULL CHECK (n >= 0),
    PRIMARY KEY (span, start_day, dim, code)
) STRICT, WITHOUT ROWID;
INSERT INTO tally_new SELECT span, start_day, dim, code, n FROM tally;
DROP TABLE tally;
ALTER TABLE tally_new RENAME TO tally;
"
        )
    };
}

/// Version 3: pages printed, per session and summed in the tallies (`dim` 9).
const V3: &str = concat!(
    "ALTER TABLE session ADD COLUMN pages INTEGER NOT NULL DEFAULT 0 CHECK (pages >= 0);",
    widen_tally!(9)
);

/// Version 4: sessions counted by La Coop's thématique (`dim` 10, the code is the position in
/// its list), and the network's outbox: each closed day or month pushed to the hub, with the
/// hash of what was sent, so that only what changed since is sent again.
const V4: &str = concat!(
    widen_tally!(10),
    "
CREATE TABLE hub_outbox (
    span INTEGER NOT NULL CHECK (span BETWEEN 0 AND 1),
    start_day INTEGER NOT NULL,
    sent_hash BLOB NOT NULL CHECK (length(sent_hash) = 32),
    PRIMARY KEY (span, start_day)
) STRICT, WITHOUT ROWID;

CREATE TABLE hub_revision (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last INTEGER NOT NULL
) STRICT;
"
);

/// Version 5: the sessions of each thématique by kind (`dim` 11) and by La Coop's duration
/// bucket (`dim` 12), so that the network's reports can be cut by purpose. Periods recorded
/// before have none: the thématique of a past session is not known without the config of its
/// day.
const V5: &str = widen_tally!(12);

/// The migrations, in order: `MIGRATIONS[i]` takes a database from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5];

/// The schema version this Borne writes.
#[expect(
    clippy::cast_possible_wrap,
    reason = "a handful of migrations, far below i64::MAX"
)]
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// What [`migrate`] found.
#[derive(Debug)]
pub(super) enum MigrateError {
    /// SQLite failed (a damaged file shows up here as `NotADatabase` or `DatabaseCorrupt`).
    Sql(rusqlite::Error),
    /// The file was written by a newer Borne, with this version.
    Newer(i64),
}

impl From<rusqlite::Error> for MigrateError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Sql(error)
    }
}

/// The schema version of the database.
pub(super) fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Brings the database to [`VERSION`], one migration per transaction.
pub(super) fn migrate(conn: &mut Connection) -> Result<(), MigrateError> {
    migrate_to(conn, VERSION)
}

/// Brings the database to version `target` (at most [`VERSION`]): the tests build every earlier
/// version with it.
pub(super) fn migrate_to(conn: &mut Connection, target: i64) -> Result<(), MigrateError> {
    let found = version(conn)?;
    if found > VERSION {
        return Err(MigrateError::Newer(found));
    }
    for (from, sql) in (found..target).zip(MIGRATIONS.iter().skip(index(found))) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", from + 1)?;
        tx.commit()?;
    }
    Ok(())
}

fn index(version: i64) -> usize {
    usize::try_from(version).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_database_reaches_the_current_version_and_stays_there() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), VERSION);
        migrate(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), VERSION);
    }

    #[test]
    fn version_3_keeps_the_tallies_and_counts_pages() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 2).unwrap();
        conn.execute_batch(
            "INSERT INTO tally VALUES (0, 19000, 8, 0, 3);
             INSERT INTO session (start_quarter, duration_secs, kind, end_reason, language,
                 extensions) VALUES (1, 60, 0, 0, 0, 0);",
        )
        .unwrap();
        assert!(
            conn.execute("INSERT INTO tally VALUES (0, 19000, 9, 0, 2)", [])
                .is_err()
        );
        migrate(&mut conn).unwrap();
        let kept: i64 = conn
            .query_row("SELECT n FROM tally WHERE dim = 8", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, 3);
        conn.execute("INSERT INTO tally VALUES (0, 19000, 9, 0, 2)", [])
            .unwrap();
        let pages: i64 = conn
            .query_row("SELECT pages FROM session", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            pages, 0,
            "sessions from before printed nothing that was counted"
        );
        assert!(
            conn.execute("UPDATE session SET pages = -1", []).is_err(),
            "pages are never negative"
        );
    }

    #[test]
    fn version_4_keeps_the_tallies_and_counts_thematiques() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 3).unwrap();
        conn.execute("INSERT INTO tally VALUES (0, 19000, 9, 0, 2)", [])
            .unwrap();
        assert!(
            conn.execute("INSERT INTO tally VALUES (0, 19000, 10, 5, 1)", [])
                .is_err()
        );
        migrate(&mut conn).unwrap();
        let kept: i64 = conn
            .query_row("SELECT n FROM tally WHERE dim = 9", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, 2);
        conn.execute("INSERT INTO tally VALUES (0, 19000, 10, 5, 1)", [])
            .unwrap();
        let outbox: i64 = conn
            .query_row("SELECT count(*) FROM hub_outbox", [], |r| r.get(0))
            .unwrap();
        assert_eq!(outbox, 0, "nothing was ever sent");
    }

    #[test]
    fn version_5_keeps_the_tallies_and_counts_thematiques_by_kind_and_duration() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 4).unwrap();
        conn.execute("INSERT INTO tally VALUES (0, 19000, 10, 5, 2)", [])
            .unwrap();
        assert!(
            conn.execute("INSERT INTO tally VALUES (0, 19000, 11, 10, 1)", [])
                .is_err()
        );
        migrate(&mut conn).unwrap();
        let kept: i64 = conn
            .query_row("SELECT n FROM tally WHERE dim = 10", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, 2);
        for dim in [11, 12] {
            conn.execute("INSERT INTO tally VALUES (0, 19000, ?1, 10, 1)", [dim])
                .unwrap();
        }
        assert!(
            conn.execute("INSERT INTO tally VALUES (0, 19000, 13, 0, 1)", [])
                .is_err()
        );
    }

    #[test]
    fn a_newer_database_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", VERSION + 1)
            .unwrap();
        assert!(matches!(migrate(&mut conn), Err(MigrateError::Newer(v)) if v == VERSION + 1));
    }

    #[test]
    fn sqlite_refuses_free_text_in_the_code_columns() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        for bad in ["https://x.fr", "Jean Dupont", "", "a/b", "UPPER"] {
            assert!(
                conn.execute("INSERT INTO shortcut (code) VALUES (?1)", [bad])
                    .is_err(),
                "{bad:?}"
            );
            assert!(
                conn.execute(
                    "INSERT INTO station_event (at_quarter, kind, code) VALUES (0, 0, ?1)",
                    [bad]
                )
                .is_err(),
                "{bad:?}"
            );
        }
        conn.execute("INSERT INTO shortcut (code) VALUES ('france-travail')", [])
            .unwrap();
    }
}
