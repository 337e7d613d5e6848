//! `borne-hub`: the network's statistics server. Stations push the tallies of their closed days
//! and months over HTTPS; the hub keeps them per station and period in PostgreSQL, and serves
//! its admins a report page and CSV/JSON exports in the national vocabulary, with small counts
//! hidden as at a station.
//!
//! One tokio runtime on one thread: a push is a few rows and the database does the work.

pub mod db;
pub mod pages;
pub mod tls;

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use chrono::NaiveDate;
use deadpool_postgres::Pool;

use self::db::DbError;
use super::protocol::{
    self, EnrolRequest, Enrolment, ErrorCode, HubError, MAX_BODY_BYTES, PushBody,
};
use crate::services::usage_log::Span;

/// What every request sees.
pub struct Hub {
    /// The database.
    pub pool: Pool,
    /// Admin password checks running at once: each costs Argon2's 19 MiB and tens of
    /// milliseconds, so a flood of guesses waits here instead of exhausting the machine.
    password_checks: tokio::sync::Semaphore,
}

impl Hub {
    /// The hub of the database `pool`.
    pub fn new(pool: Pool) -> Self {
        Self {
            pool,
            password_checks: tokio::sync::Semaphore::new(2),
        }
    }
}

/// The hub's routes: the stations' API and the admins' pages.
pub fn router(hub: Arc<Hub>) -> Router {
    Router::new()
        .route("/api/v1/enrol", post(enrol))
        .route(
            "/api/v1/stations/{station}/periods/{span}/{start}",
            put(push),
        )
        .route("/", get(pages::report_page))
        .route("/report.csv", get(pages::report_csv))
        .route("/report.json", get(pages::report_json))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(hub)
}

/// A refusal as the API gives it: its status and a JSON [`HubError`].
pub(super) fn refusal(error: &HubError) -> Response {
    let status = StatusCode::from_u16(error.error.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
    let body = serde_json::to_string(error).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// A database error as the API gives it: a refusal, or 503 when the database cannot be
/// reached or fails (the station keeps its outbox and tries later).
fn db_refusal(error: DbError) -> Response {
    match error {
        DbError::Refused(refusal) => self::refusal(&refusal),
        other => {
            log::warn!("hub: {other}");
            refusal(&HubError::new(
                ErrorCode::Unavailable,
                "the hub's database is unavailable: try again later",
            ))
        }
    }
}

fn json<T: serde::Serialize>(value: &T) -> Response {
    let body = serde_json::to_string(value).unwrap_or_default();
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

fn malformed(message: String) -> Response {
    refusal(&HubError::new(ErrorCode::Malformed, message))
}

async fn enrol(State(hub): State<Arc<Hub>>, body: Bytes) -> Response {
    let request: EnrolRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(error) => return malformed(format!("the body is not an enrolment: {error}")),
    };
    match db::enrol(&hub.pool, &request.code).await {
        Ok((station, token)) => json(&Enrolment {
            station_id: i64::from(station),
            token,
        }),
        Err(error) => db_refusal(error),
    }
}

async fn push(
    State(hub): State<Arc<Hub>>,
    Path((station, span, start)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(token) = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
    else {
        return refusal(&HubError::new(
            ErrorCode::BadToken,
            "no token: a push carries Authorization: Bearer <the station's token>",
        ));
    };
    let Ok(station) = station.parse::<i64>() else {
        return malformed(format!("{station:?} is not a station id"));
    };
    let Some(span) = Span::from_code(&span) else {
        return malformed(format!("{span:?} is not a period: day or month"));
    };
    let Ok(start) = start.parse::<NaiveDate>() else {
        return malformed(format!("{start:?} is not a date (YYYY-MM-DD)"));
    };
    let body: PushBody = match serde_json::from_slice(&body) {
        Ok(body) => body,
        Err(error) => return malformed(format!("the body is not a push: {error}")),
    };
    let today = chrono::Utc::now().date_naive();
    if let Err(error) = protocol::check_push(span, start, &body, today) {
        return refusal(&error);
    }
    match db::store_push(&hub.pool, token, station, (span, start), &body).await {
        Ok(outcome) => json(&outcome),
        Err(error) => db_refusal(error),
    }
}

/// Serves the hub on `listener` with TLS until the process ends.
///
/// # Errors
/// If the server stops.
pub async fn serve(
    listener: tokio::net::TcpListener,
    acceptor: tokio_rustls::TlsAcceptor,
    hub: Arc<Hub>,
) -> std::io::Result<()> {
    let listener = tls::TlsListener::new(listener, acceptor)?;
    axum::serve(listener, router(hub)).await
}
