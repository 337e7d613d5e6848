//! The hub's PostgreSQL database: its versioned migrations, and every statement the hub runs.
//!
//! Stations are known by an id and the SHA-256 of their token; an enrolment code is kept only
//! as its hash too. A period's counts are replaced whole in one transaction, and only by a
//! newer revision of the same station.

use chrono::{DateTime, Datelike as _, NaiveDate, Utc};
use deadpool_postgres::{GenericClient as _, Pool};
use sha2::{Digest as _, Sha256};

use crate::hub::protocol::{ErrorCode, HubError, PushBody, PushOutcome};
use crate::services::usage_log::Span;

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
    // The thématiques cut again by kind and by duration (dimensions 11 and 12).
    "
ALTER TABLE tally DROP CONSTRAINT tally_dim_check;
ALTER TABLE tally ADD CONSTRAINT tally_dim_check CHECK (dim BETWEEN 0 AND 12);
",
];

/// Adds a station's month push to its antenna's month sums, which the network's reports of
/// whole months read (a few rows per antenna and month instead of every station's).
const ADD_MONTH: [&str; 2] = [
    "INSERT INTO antenna_month (antenna_id, month, dim, code, n)
     SELECT s.antenna_id, t.start_day, t.dim, t.code, t.n
     FROM tally t JOIN station s ON s.id = t.station_id
     WHERE t.station_id = $1 AND t.span = 1 AND t.start_day = $2
     ON CONFLICT (antenna_id, month, dim, code) DO UPDATE SET n = antenna_month.n + excluded.n",
    "INSERT INTO antenna_month_shortcut (antenna_id, month, shortcut, sessions, opens)
     SELECT s.antenna_id, t.start_day, t.shortcut, t.sessions, t.opens
     FROM shortcut_tally t JOIN station s ON s.id = t.station_id
     WHERE t.station_id = $1 AND t.span = 1 AND t.start_day = $2
     ON CONFLICT (antenna_id, month, shortcut) DO UPDATE
     SET sessions = antenna_month_shortcut.sessions + excluded.sessions,
         opens = antenna_month_shortcut.opens + excluded.opens",
];

/// Takes a station's month push away from its antenna's month sums, before it is replaced.
const TAKE_MONTH: [&str; 2] = [
    "UPDATE antenna_month a SET n = a.n - t.n
     FROM tally t JOIN station s ON s.id = t.station_id
     WHERE t.station_id = $1 AND t.span = 1 AND t.start_day = $2
       AND a.antenna_id = s.antenna_id AND a.month = t.start_day
       AND a.dim = t.dim AND a.code = t.code",
    "UPDATE antenna_month_shortcut a
     SET sessions = a.sessions - t.sessions, opens = a.opens - t.opens
     FROM shortcut_tally t JOIN station s ON s.id = t.station_id
     WHERE t.station_id = $1 AND t.span = 1 AND t.start_day = $2
       AND a.antenna_id = s.antenna_id AND a.month = t.start_day AND a.shortcut = t.shortcut",
];

/// What the database said, for the hub's errors.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// No connection could be had (the server is down or refuses).
    #[error("the database cannot be reached: {0}")]
    Unavailable(String),
    /// A statement failed.
    #[error("the database refused {doing}: {}", source.as_db_error().map_or_else(|| source.to_string(), |e| e.message().to_owned()))]
    Sql {
        /// What the hub was doing.
        doing: &'static str,
        /// PostgreSQL's error.
        source: tokio_postgres::Error,
    },
    /// The request names something that does not exist or is not allowed.
    #[error("{0}")]
    Refused(HubError),
}

fn sql(doing: &'static str) -> impl FnOnce(tokio_postgres::Error) -> DbError {
    move |source| DbError::Sql { doing, source }
}

impl From<deadpool_postgres::PoolError> for DbError {
    fn from(error: deadpool_postgres::PoolError) -> Self {
        Self::Unavailable(error.to_string())
    }
}

/// Why the pool of connections could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PoolSetupError {
    /// The settings are not libpq's `key=value` form.
    #[error("the database settings {settings:?}: {source}")]
    Settings {
        /// The settings given.
        settings: String,
        /// What is wrong with them.
        source: tokio_postgres::Error,
    },
    /// The pool refused its own settings.
    #[error("the database pool: {0}")]
    Build(#[from] deadpool_postgres::BuildError),
}

/// A pool of at most `size` connections to the database of `config` (libpq's `key=value`
/// form, e.g. `host=/run/postgresql dbname=borne_hub`), giving up after 5 s when it is down.
///
/// # Errors
/// [`PoolSetupError`] if `config` cannot be read.
pub fn pool(config: &str, size: usize) -> Result<Pool, PoolSetupError> {
    let mut pg: tokio_postgres::Config =
        config.parse().map_err(|source| PoolSetupError::Settings {
            settings: config.to_owned(),
            source,
        })?;
    // The report's plan is estimated far above what it reads (most of its joins find nothing
    // to read by day once months are whole): PostgreSQL would spend a second compiling it.
    let options = format!("{} -c jit=off", pg.get_options().unwrap_or_default());
    pg.options(options.trim());
    let manager = deadpool_postgres::Manager::from_config(
        pg,
        tokio_postgres::NoTls,
        deadpool_postgres::ManagerConfig {
            recycling_method: deadpool_postgres::RecyclingMethod::Fast,
        },
    );
    let timeout = Some(std::time::Duration::from_secs(5));
    Pool::builder(manager)
        .max_size(size)
        .runtime(deadpool_postgres::Runtime::Tokio1)
        .wait_timeout(timeout)
        .create_timeout(timeout)
        .recycle_timeout(timeout)
        .build()
        .map_err(PoolSetupError::from)
}

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

/// SHA-256, as the database keeps tokens and codes.
pub fn hash(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

/// A new random secret of 32 bytes, URL-safe base64.
///
/// # Errors
/// The system's error if it gives no randomness.
pub fn new_secret() -> Result<String, getrandom::Error> {
    use base64::Engine as _;
    let mut bytes = [0_u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// A new enrolment code to type on a station: 20 characters of Crockford's base32 (100 bits;
/// no I, L, O or U), in groups of 4, e.g. `7K3Q-M2XD-9PAH-4TZB-C1RW`.
///
/// # Errors
/// The system's error if it gives no randomness.
pub fn new_code() -> Result<String, getrandom::Error> {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bytes = [0_u8; 20];
    getrandom::fill(&mut bytes)?;
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(b % 32)]))
        .collect();
    Ok(chars
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-"))
}

/// A code as typed, in the form it was made: upper case, without spaces or dashes, with the
/// letters read as the digits they look like (O as 0, I and L as 1).
pub fn normal_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '\t'))
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect()
}

/// The Standard's fields of an antenna.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AntennaFields {
    /// Its name, unique in the network.
    pub name: String,
    /// Its commune.
    pub commune: Option<String>,
    /// Its postal code.
    pub code_postal: Option<String>,
    /// The SIRET of the structure.
    pub siret: Option<String>,
}

/// Adds an antenna; returns its id.
///
/// # Errors
/// A [`DbError`] (a duplicate name or a bad postal code is refused by the database).
pub async fn add_antenna(pool: &Pool, fields: &AntennaFields) -> Result<i32, DbError> {
    let client = pool.get().await?;
    let row = client
        .query_one(
            "INSERT INTO antenna (name, commune, code_postal, siret) VALUES ($1, $2, $3, $4)
             RETURNING id",
            &[
                &fields.name,
                &fields.commune,
                &fields.code_postal,
                &fields.siret,
            ],
        )
        .await
        .map_err(sql("adding the antenna"))?;
    Ok(row.get(0))
}

/// The antennas, by id.
///
/// # Errors
/// A [`DbError`].
pub async fn antennas(pool: &Pool) -> Result<Vec<(i32, AntennaFields)>, DbError> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT id, name, commune, code_postal, siret FROM antenna ORDER BY name",
            &[],
        )
        .await
        .map_err(sql("reading the antennas"))?;
    Ok(rows
        .iter()
        .map(|row| {
            (
                row.get(0),
                AntennaFields {
                    name: row.get(1),
                    commune: row.get(2),
                    code_postal: row.get(3),
                    siret: row.get(4),
                },
            )
        })
        .collect())
}

/// A station of the network, as its admins see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StationRow {
    /// Its id.
    pub id: i32,
    /// Its antenna's id.
    pub antenna_id: i32,
    /// Its label (chosen by the hub's admin, e.g. "Poste 1").
    pub label: String,
    /// When it enrolled.
    pub enrolled_at: Option<DateTime<Utc>>,
    /// When an admin activated it.
    pub activated_at: Option<DateTime<Utc>>,
    /// Its last push.
    pub last_push: Option<DateTime<Utc>>,
}

/// The stations, by antenna and label.
///
/// # Errors
/// A [`DbError`].
pub async fn stations(pool: &Pool) -> Result<Vec<StationRow>, DbError> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT s.id, s.antenna_id, s.label, s.enrolled_at, s.activated_at,
                    (SELECT max(received_at) FROM period p WHERE p.station_id = s.id)
             FROM station s ORDER BY s.antenna_id, s.label",
            &[],
        )
        .await
        .map_err(sql("reading the stations"))?;
    Ok(rows
        .iter()
        .map(|row| StationRow {
            id: row.get(0),
            antenna_id: row.get(1),
            label: row.get(2),
            enrolled_at: row.get(3),
            activated_at: row.get(4),
            last_push: row.get(5),
        })
        .collect())
}

/// Makes a station of `antenna` named `label` and a one-time code to enrol it, valid for
/// `valid_days`; returns the station's id and the code (kept only as its hash).
///
/// # Errors
/// A [`DbError`] (an unknown antenna, a label already taken).
pub async fn new_enrolment(
    pool: &Pool,
    antenna: i32,
    label: &str,
    valid_days: u32,
) -> Result<(i32, String), DbError> {
    let code = new_code().map_err(|e| DbError::Unavailable(e.to_string()))?;
    let mut client = pool.get().await?;
    let tx = client.transaction().await.map_err(sql("enrolling"))?;
    let station: i32 = tx
        .query_one(
            "INSERT INTO station (antenna_id, label) VALUES ($1, $2) RETURNING id",
            &[&antenna, &label],
        )
        .await
        .map_err(sql("adding the station"))?
        .get(0);
    let days = i32::try_from(valid_days).unwrap_or(i32::MAX);
    tx.execute(
        "INSERT INTO enrolment_code (code_hash, station_id, expires_at)
         VALUES ($1, $2, now() + $3::integer * interval '1 day')",
        &[&hash(&normal_code(&code)), &station, &days],
    )
    .await
    .map_err(sql("adding the enrolment code"))?;
    tx.commit().await.map_err(sql("enrolling"))?;
    Ok((station, code))
}

/// Uses an enrolment code: the station gets a new token (the database keeps its hash), and the
/// code can never be used again.
///
/// # Errors
/// [`DbError::Refused`] with [`ErrorCode::BadCode`] for an unknown, used or expired code.
pub async fn enrol(pool: &Pool, code: &str) -> Result<(i32, String), DbError> {
    let token = new_secret().map_err(|e| DbError::Unavailable(e.to_string()))?;
    let mut client = pool.get().await?;
    let tx = client.transaction().await.map_err(sql("enrolling"))?;
    let row = tx
        .query_opt(
            "UPDATE enrolment_code SET used_at = now()
             WHERE code_hash = $1 AND used_at IS NULL AND expires_at > now()
             RETURNING station_id",
            &[&hash(&normal_code(code))],
        )
        .await
        .map_err(sql("checking the enrolment code"))?;
    let Some(row) = row else {
        return Err(DbError::Refused(HubError::new(
            ErrorCode::BadCode,
            "this enrolment code is unknown, already used or expired: ask the hub's admin for a new one",
        )));
    };
    let station: i32 = row.get(0);
    tx.execute(
        "UPDATE station SET token_hash = $1, enrolled_at = now() WHERE id = $2",
        &[&hash(&token), &station],
    )
    .await
    .map_err(sql("enrolling"))?;
    tx.commit().await.map_err(sql("enrolling"))?;
    Ok((station, token))
}

/// Refuses a station's token from now on (its counts stay). Returns whether the station
/// exists.
///
/// # Errors
/// A [`DbError`].
pub async fn revoke(pool: &Pool, station: i32) -> Result<bool, DbError> {
    let client = pool.get().await?;
    let n = client
        .execute(
            "UPDATE station SET token_hash = NULL WHERE id = $1",
            &[&station],
        )
        .await
        .map_err(sql("revoking the station's token"))?;
    Ok(n == 1)
}

/// A new one-time code for an existing station, valid for `valid_days`: using it replaces the
/// station's token.
///
/// # Errors
/// [`DbError::Refused`] with [`ErrorCode::Unknown`] if there is no such station, or another
/// [`DbError`].
pub async fn reenrolment(pool: &Pool, station: i32, valid_days: u32) -> Result<String, DbError> {
    let code = new_code().map_err(|e| DbError::Unavailable(e.to_string()))?;
    let client = pool.get().await?;
    let days = i32::try_from(valid_days).unwrap_or(i32::MAX);
    let n = client
        .execute(
            "INSERT INTO enrolment_code (code_hash, station_id, expires_at)
             SELECT $1, id, now() + $3::integer * interval '1 day' FROM station WHERE id = $2",
            &[&hash(&normal_code(&code)), &station, &days],
        )
        .await
        .map_err(sql("adding the enrolment code"))?;
    if n == 0 {
        return Err(DbError::Refused(HubError::new(
            ErrorCode::Unknown,
            format!("there is no station {station}"),
        )));
    }
    Ok(code)
}

/// Lets a station's pushes count. Returns whether the station exists.
///
/// # Errors
/// A [`DbError`].
pub async fn activate(pool: &Pool, station: i32) -> Result<bool, DbError> {
    let client = pool.get().await?;
    let n = client
        .execute(
            "UPDATE station SET activated_at = coalesce(activated_at, now()) WHERE id = $1",
            &[&station],
        )
        .await
        .map_err(sql("activating the station"))?;
    Ok(n == 1)
}

/// Replaces the counts of one station's period with a checked push, if it is newer than what
/// is stored and the token is that station's, activated.
///
/// # Errors
/// [`DbError::Refused`] for a bad token, another station's token, a station not activated, or
/// an older revision; [`DbError::Unavailable`] or [`DbError::Sql`] otherwise.
pub async fn store_push(
    pool: &Pool,
    token: &str,
    station: i64,
    (span, start): (Span, NaiveDate),
    body: &PushBody,
) -> Result<PushOutcome, DbError> {
    let refused = |code, message: &str| Err(DbError::Refused(HubError::new(code, message)));
    let mut client = pool.get().await?;
    let tx = client.transaction().await.map_err(sql("storing a push"))?;
    let owner = tx
        .query_opt(
            "SELECT id, activated_at IS NOT NULL, antenna_id FROM station WHERE token_hash = $1",
            &[&hash(token)],
        )
        .await
        .map_err(sql("checking the token"))?;
    let Some(owner) = owner else {
        return refused(
            ErrorCode::BadToken,
            "this token is not a station's of this hub",
        );
    };
    let (id, active, antenna): (i32, bool, i32) = (owner.get(0), owner.get(1), owner.get(2));
    if i64::from(id) != station {
        return refused(
            ErrorCode::OtherStation,
            "this token is another station's: a station sends only its own counts",
        );
    }
    if !active {
        return refused(
            ErrorCode::NotActivated,
            "this station is enrolled but not activated yet: an admin of the hub must activate it",
        );
    }
    let span_code = span.index();
    let digest = body.counts.hash().to_vec();
    let month = span == Span::Month;
    if month {
        // One month push of an antenna at a time: its sums are updated in one order.
        let day = start.num_days_from_ce();
        tx.execute("SELECT pg_advisory_xact_lock($1, $2)", &[&antenna, &day])
            .await
            .map_err(sql("waiting for the antenna's month"))?;
    }
    let stored = tx
        .query_opt(
            "SELECT revision, hash FROM period
             WHERE station_id = $1 AND span = $2 AND start_day = $3 FOR UPDATE",
            &[&id, &span_code, &start],
        )
        .await
        .map_err(sql("reading the period"))?;
    if let Some(stored) = stored {
        let (revision, hash): (i64, Vec<u8>) = (stored.get(0), stored.get(1));
        if revision == body.revision && hash == digest {
            return Ok(PushOutcome::Unchanged);
        }
        if revision >= body.revision {
            return refused(
                ErrorCode::Replay,
                &format!(
                    "revision {} is not newer than the stored {revision}: a replayed push is refused",
                    body.revision
                ),
            );
        }
        if month {
            move_month(&tx, id, start, TAKE_MONTH).await?;
        }
        tx.execute(
            "DELETE FROM period WHERE station_id = $1 AND span = $2 AND start_day = $3",
            &[&id, &span_code, &start],
        )
        .await
        .map_err(sql("replacing the period"))?;
    }
    tx.execute(
        "INSERT INTO period (station_id, span, start_day, revision, hash)
         VALUES ($1, $2, $3, $4, $5)",
        &[&id, &span_code, &start, &body.revision, &digest],
    )
    .await
    .map_err(sql("storing the period"))?;
    let column = |i: usize| -> Vec<i16> {
        body.counts
            .tallies
            .iter()
            .map(|row| i16::try_from(row[i]).unwrap_or(i16::MAX))
            .collect()
    };
    let counts: Vec<i64> = body.counts.tallies.iter().map(|row| row[2]).collect();
    tx.execute(
        "INSERT INTO tally (station_id, span, start_day, dim, code, n)
         SELECT $1, $2, $3, * FROM unnest($4::smallint[], $5::smallint[], $6::bigint[])",
        &[&id, &span_code, &start, &column(0), &column(1), &counts],
    )
    .await
    .map_err(sql("storing the tallies"))?;
    if !body.counts.shortcuts.is_empty() {
        let ids: Vec<&str> = body.counts.shortcuts.iter().map(|s| s.0.as_str()).collect();
        let sessions: Vec<i64> = body.counts.shortcuts.iter().map(|s| s.1).collect();
        let opens: Vec<i64> = body.counts.shortcuts.iter().map(|s| s.2).collect();
        tx.execute(
            "INSERT INTO shortcut_tally (station_id, span, start_day, shortcut, sessions, opens)
             SELECT $1, $2, $3, * FROM unnest($4::text[], $5::bigint[], $6::bigint[])",
            &[&id, &span_code, &start, &ids, &sessions, &opens],
        )
        .await
        .map_err(sql("storing the shortcut tallies"))?;
    }
    if month {
        move_month(&tx, id, start, ADD_MONTH).await?;
    }
    tx.commit().await.map_err(sql("storing a push"))?;
    Ok(PushOutcome::Stored)
}

async fn move_month(
    tx: &deadpool_postgres::Transaction<'_>,
    station: i32,
    month: NaiveDate,
    statements: [&str; 2],
) -> Result<(), DbError> {
    for statement in statements {
        tx.execute(statement, &[&station, &month])
            .await
            .map_err(sql("adding up the antenna's month"))?;
    }
    Ok(())
}

/// Adds an admin of the hub's pages, or changes their password (stored as an Argon2id hash).
///
/// # Errors
/// A [`DbError`].
pub async fn set_admin(pool: &Pool, name: &str, password_hash: &str) -> Result<(), DbError> {
    let client = pool.get().await?;
    client
        .execute(
            "INSERT INTO admin (name, password_hash) VALUES ($1, $2)
             ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash",
            &[&name, &password_hash],
        )
        .await
        .map_err(sql("saving the admin"))?;
    Ok(())
}

/// The password hash of the admin `name`, if there is one.
///
/// # Errors
/// A [`DbError`].
pub async fn admin_hash(pool: &Pool, name: &str) -> Result<Option<String>, DbError> {
    let client = pool.get().await?;
    let row = client
        .query_opt("SELECT password_hash FROM admin WHERE name = $1", &[&name])
        .await
        .map_err(sql("reading the admins"))?;
    Ok(row.map(|row| row.get(0)))
}

/// Which stations a report counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    /// Only this antenna's stations.
    pub antenna: Option<i32>,
    /// Only this station.
    pub station: Option<i32>,
}

/// One summed tally row: `(antenna, span, start, dim, code, n)`.
pub type TallySum = (i32, Span, NaiveDate, i64, i64, i64);

/// One summed shortcut row: `(antenna, span, start, id, sessions, opens)`.
pub type ShortcutSum = (i32, Span, NaiveDate, String, i64, i64);

/// The tallies of the activated stations of `scope` from `from` to `to`, added up by antenna
/// and period. With `whole_months`, a station's month that lies whole in the range is read
/// from its month push when it sent one (a few rows instead of a month of days); otherwise,
/// and for every other day, from its day pushes.
///
/// # Errors
/// A [`DbError`].
pub async fn sums(
    pool: &Pool,
    scope: Scope,
    (from, to): (NaiveDate, NaiveDate),
    whole_months: bool,
) -> Result<(Vec<TallySum>, Vec<ShortcutSum>), DbError> {
    let client = pool.get().await?;
    // Each chosen station's months of the range, read by day unless (by whole months) the
    // station sent that month whole.
    let plan = "
        WITH chosen AS (
            SELECT id AS station_id, antenna_id FROM station
            WHERE activated_at IS NOT NULL
              AND ($1::integer IS NULL OR antenna_id = $1)
              AND ($2::integer IS NULL OR id = $2)
        ), by_day AS (
            SELECT c.station_id, greatest(g.m::date, $3) AS first,
                   least((g.m + interval '1 month' - interval '1 day')::date, $4) AS last
            FROM chosen c
            CROSS JOIN generate_series(date_trunc('month', $3::date), $4::date, interval '1 month') g(m)
            WHERE NOT ($5 AND g.m::date >= $3
                       AND (g.m + interval '1 month' - interval '1 day')::date <= $4
                       AND EXISTS (SELECT 1 FROM period p WHERE p.station_id = c.station_id
                                   AND p.span = 1 AND p.start_day = g.m::date))
        )";
    let whole =
        "$5 AND month >= $3 AND (month + interval '1 month' - interval '1 day')::date <= $4";
    // Whole months: the antenna's sums when every station of it counts, else the station's.
    let (months, shortcut_months) = if scope.station.is_none() {
        (
            format!(
                "SELECT antenna_id, 1::smallint, month, dim, code, n FROM antenna_month
                 WHERE {whole} AND ($1::integer IS NULL OR antenna_id = $1) AND n > 0"
            ),
            format!(
                "SELECT antenna_id, 1::smallint, month, shortcut, sessions, opens
                 FROM antenna_month_shortcut
                 WHERE {whole} AND ($1::integer IS NULL OR antenna_id = $1) AND sessions > 0"
            ),
        )
    } else {
        let station_months = "FROM (SELECT station_id, antenna_id, start_day AS month FROM period
                                    JOIN chosen USING (station_id) WHERE span = 1) m";
        (
            format!(
                "SELECT m.antenna_id, 1::smallint, m.month, t.dim, t.code, t.n {station_months}
                 JOIN tally t ON t.station_id = m.station_id AND t.span = 1
                             AND t.start_day = m.month
                 WHERE {whole}"
            ),
            format!(
                "SELECT m.antenna_id, 1::smallint, m.month, t.shortcut, t.sessions, t.opens
                 {station_months}
                 JOIN shortcut_tally t ON t.station_id = m.station_id AND t.span = 1
                                      AND t.start_day = m.month
                 WHERE {whole}"
            ),
        )
    };
    let tallies = format!(
        "{plan}
        {months}
        UNION ALL
        SELECT c.antenna_id, 0::smallint, t.start_day, t.dim, t.code, sum(t.n)::bigint
        FROM by_day d JOIN chosen c USING (station_id)
        CROSS JOIN LATERAL (
            SELECT start_day, dim, code, n FROM tally
            WHERE station_id = d.station_id AND span = 0 AND start_day BETWEEN d.first AND d.last
        ) t
        GROUP BY 1, 2, 3, 4, 5"
    );
    let shortcuts = format!(
        "{plan}
        {shortcut_months}
        UNION ALL
        SELECT c.antenna_id, 0::smallint, t.start_day, t.shortcut, sum(t.sessions)::bigint,
               sum(t.opens)::bigint
        FROM by_day d JOIN chosen c USING (station_id)
        CROSS JOIN LATERAL (
            SELECT start_day, shortcut, sessions, opens FROM shortcut_tally
            WHERE station_id = d.station_id AND span = 0 AND start_day BETWEEN d.first AND d.last
        ) t
        GROUP BY 1, 2, 3, 4"
    );
    let params: [&(dyn tokio_postgres::types::ToSql + Sync); 5] =
        [&scope.antenna, &scope.station, &from, &to, &whole_months];
    let span = |code: i16| if code == 1 { Span::Month } else { Span::Day };
    let rows = client
        .query(&tallies, &params)
        .await
        .map_err(sql("adding up the tallies"))?;
    let tallies = rows
        .iter()
        .map(|row| {
            let (dim, code): (i16, i16) = (row.get(3), row.get(4));
            (
                row.get(0),
                span(row.get(1)),
                row.get(2),
                i64::from(dim),
                i64::from(code),
                row.get(5),
            )
        })
        .collect();
    let rows = client
        .query(&shortcuts, &params)
        .await
        .map_err(sql("adding up the shortcut tallies"))?;
    let shortcuts = rows
        .iter()
        .map(|row| {
            (
                row.get(0),
                span(row.get(1)),
                row.get(2),
                row.get(3),
                row.get(4),
                row.get(5),
            )
        })
        .collect();
    Ok((tallies, shortcuts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_easy_to_type_and_read_back_as_typed() {
        let code = new_code().unwrap();
        assert_eq!(code.len(), 24);
        assert!(
            code.chars()
                .all(|c| c == '-' || c.is_ascii_digit() || c.is_ascii_uppercase())
        );
        assert!(!code.starts_with('-'), "never taken for an option");
        let typed = format!(" {} ", code.to_lowercase().replace('-', " "));
        assert_eq!(normal_code(&typed), normal_code(&code));
        assert_eq!(normal_code("o1l-I"), "0111");
    }
}
