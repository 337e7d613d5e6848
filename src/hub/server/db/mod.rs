//! The hub's PostgreSQL database: its versioned migrations, and every statement the hub runs.
//!
//! Stations are known by an id and the SHA-256 of their token; an enrolment code is kept only
//! as its hash too. A period's counts are replaced whole in one transaction, and only by a
//! newer revision of the same station.

use deadpool_postgres::Pool;

use crate::hub::protocol::HubError;

mod migrations;
mod push;
mod stations;
mod sums;

pub use migrations::migrate;
pub use push::store_push;
pub use stations::*;
pub use sums::{Scope, ShortcutSum, TallySum, sums};

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

pub(super) fn sql(doing: &'static str) -> impl FnOnce(tokio_postgres::Error) -> DbError {
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
