//! The versioned migrations of the hub's database.

use deadpool_postgres::Pool;

use super::{DbError, sql};

/// The migrations, in order: `MIGRATIONS[i]` takes the database from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    "
CREATE TABLE antenna (
    id serial PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
    commune text CHECK (length(commune) BETWEEN 1 AND 120),
    code_postal text CHECK (code_postal ~ '^[0-9][0-9AB][0-9]{3}$'),
    siret text CHECK (siret ~ '^[0-9]{14}$')
);
CREATE TABLE station (
    id serial PRIMARY KEY,
    antenna_id integer NOT NULL REFERENCES antenna (id),
    label text NOT NULL CHECK (length(label) BETWEEN 1 AND 60),
    token_hash bytea UNIQUE CHECK (length(token_hash) = 32),
    enrolled_at timestamptz,
    activated_at timestamptz,
    UNIQUE (antenna_id, label)
);
CREATE TABLE enrolment_code (
    code_hash bytea PRIMARY KEY CHECK (length(code_hash) = 32),
    station_id integer NOT NULL REFERENCES station (id),
    expires_at timestamptz NOT NULL,
    used_at timestamptz
);
CREATE TABLE period (
    station_id integer NOT NULL REFERENCES station (id),
    span smallint NOT NULL CHECK (span IN (0, 1)),
    start_day date NOT NULL,
    revision bigint NOT NULL,
    hash bytea NOT NULL CHECK (length(hash) = 32),
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (station_id, span, start_day)
);
CREATE TABLE tally (
    station_id integer NOT NULL,
    span smallint NOT NULL,
    start_day date NOT NULL,
    dim smallint NOT NULL CHECK (dim BETWEEN 0 AND 10),
    code smallint NOT NULL CHECK (code BETWEEN 0 AND 1440),
    n bigint NOT NULL CHECK (n >= 0),
    PRIMARY KEY (station_id, span, start_day, dim, code),
    FOREIGN KEY (station_id, span, start_day) REFERENCES period ON DELETE CASCADE
);
CREATE TABLE shortcut_tally (
    station_id integer NOT NULL,
    span smallint NOT NULL,
    start_day date NOT NULL,
    shortcut text NOT NULL CHECK (shortcut ~ '^[a-z0-9-]{1,32}$'),
    sessions bigint NOT NULL CHECK (sessions >= 0),
    opens bigint NOT NULL CHECK (opens >= 0),
    PRIMARY KEY (station_id, span, start_day, shortcut),
    FOREIGN KEY (station_id, span, start_day) REFERENCES period ON DELETE CASCADE
);
CREATE TABLE admin (
    name text PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 60),
    password_hash text NOT NULL
);
",
    "
CREATE TABLE antenna_month (
    antenna_id integer NOT NULL REFERENCES antenna (id),
    month date NOT NULL,
    dim smallint NOT NULL,
    code smallint NOT NULL,
    n bigint NOT NULL CHECK (n >= 0),
    PRIMARY KEY (antenna_id, month, dim, code)
);
CREATE TABLE antenna_month_shortcut (
    antenna_id integer NOT NULL REFERENCES antenna (id),
    month date NOT NULL,
    shortcut text NOT NULL,
    sessions bigint NOT NULL CHECK (sessions >= 0),
    opens bigint NOT NULL CHECK (opens >= 0),
    PRIMARY KEY (antenna_id, month, shortcut)
);
INSERT INTO antenna_month
    SELECT s.antenna_id, t.start_day, t.dim, t.code, sum(t.n)
    FROM tally t JOIN station s ON s.id = t.station_id WHERE t.span = 1 GROUP BY 1, 2, 3, 4;
INSERT INTO antenna_month_shortcut
    SELECT s.antenna_id, t.start_day, t.shortcut, sum(t.sessions), sum(t.opens)
    FROM shortcut_tally t JOIN station s ON s.id = t.station_id WHERE t.span = 1
    GROUP BY 1, 2, 3;
",
    // The thématiques cut again by kind and by duration (dimensions 11 and 12); durations kept
    // only as La Coop's buckets (the first minute of each), never to the minute or the second.
    "
ALTER TABLE tally DROP CONSTRAINT tally_dim_check;
ALTER TABLE tally ADD CONSTRAINT tally_dim_check CHECK (dim BETWEEN 0 AND 12);
DELETE FROM tally WHERE dim = 7;
DELETE FROM antenna_month WHERE dim = 7;
CREATE TEMPORARY TABLE coarse_tally ON COMMIT DROP AS
    SELECT station_id, span, start_day,
           CASE WHEN code < 30 THEN 0 WHEN code < 60 THEN 30 WHEN code < 120 THEN 60 ELSE 120 END
               AS code,
           sum(n) AS n
    FROM tally WHERE dim = 5 GROUP BY 1, 2, 3, 4;
DELETE FROM tally WHERE dim = 5;
INSERT INTO tally (station_id, span, start_day, dim, code, n)
    SELECT station_id, span, start_day, 5, code, n FROM coarse_tally;
CREATE TEMPORARY TABLE coarse_month ON COMMIT DROP AS
    SELECT antenna_id, month,
           CASE WHEN code < 30 THEN 0 WHEN code < 60 THEN 30 WHEN code < 120 THEN 60 ELSE 120 END
               AS code,
           sum(n) AS n
    FROM antenna_month WHERE dim = 5 GROUP BY 1, 2, 3;
DELETE FROM antenna_month WHERE dim = 5;
INSERT INTO antenna_month (antenna_id, month, dim, code, n)
    SELECT antenna_id, month, 5, code, n FROM coarse_month;
",
];

/// Brings the database to the latest version, one migration per transaction, under a lock so
/// that two hubs starting together do not both migrate. Returns the version reached.
///
/// # Errors
/// A [`DbError`] if the database cannot be reached or a migration fails.
pub async fn migrate(pool: &Pool) -> Result<usize, DbError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await.map_err(sql("migrating"))?;
    tx.batch_execute(
        "SELECT pg_advisory_xact_lock(7328);
         CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL);",
    )
    .await
    .map_err(sql("migrating"))?;
    let found: i64 = tx
        .query_one(
            "SELECT coalesce(max(version), 0)::bigint FROM schema_version",
            &[],
        )
        .await
        .map_err(sql("reading the schema version"))?
        .get(0);
    let found = usize::try_from(found).unwrap_or(0);
    for (version, migration) in MIGRATIONS.iter().enumerate().skip(found) {
        tx.batch_execute(migration)
            .await
            .map_err(sql("migrating"))?;
        let next = i32::try_from(version + 1).unwrap_or(i32::MAX);
        tx.execute("INSERT INTO schema_version VALUES ($1)", &[&next])
            .await
            .map_err(sql("migrating"))?;
    }
    tx.commit().await.map_err(sql("migrating"))?;
    Ok(MIGRATIONS.len().max(found))
}
