//! The station's side of the antenna: a small HTTP API on the local network, off unless
//! `[antenna]` is in the config. One thread runs it; a command goes to the supervisor like a
//! tap on the screen, through the same rules.
//!
//! Every request must be signed by the antenna's key (see [`super::signing`]). Each command is
//! applied at most once: the supervisor answers an id seen before with its first answer, and
//! does nothing again.
//!
//! Whatever arrives on the port, the station serves its public: at most [`MAX_CONNECTIONS`]
//! connections at once, each closed after [`CONNECTION_LIFE`], requests checked on at most
//! [`MAX_CHECKING_THREADS`] threads.

use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse as _, Response};
use ed25519_dalek::VerifyingKey;

use crate::domain::{AntennaCommand, SessionRef};
use crate::supervisor::SupervisorHandle;

use super::protocol::{
    COMMANDS_PATH, CommandReply, CommandRequest, ErrorCode, MAX_BODY_BYTES, RemoteCommand,
    STATUS_PATH,
};
use super::signing::{NONCE_HEADER, SIGNATURE_HEADER, Signed, TIME_HEADER, Verifier};

/// How long a command waits for the station (a copy to a USB key holds it).
pub const ANSWER_WITHIN: Duration = Duration::from_secs(5);
/// At most this many connections at once; more wait to be accepted.
pub const MAX_CONNECTIONS: usize = 32;
/// A connection is closed this long after it was accepted, whatever it is doing.
pub const CONNECTION_LIFE: Duration = Duration::from_secs(10);
/// Requests are checked (and commands wait for the station) on at most this many threads.
pub const MAX_CHECKING_THREADS: usize = 4;

/// The API of one station.
pub struct Api {
    station: SupervisorHandle,
    verifier: Mutex<Verifier>,
}

/// An answer: an HTTP status and a JSON body.
#[derive(Debug, PartialEq, Eq)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The JSON body.
    pub body: String,
}

impl Reply {
    fn json(status: u16, value: &impl serde::Serialize) -> Self {
        Self {
            status,
            body: serde_json::to_string(value).unwrap_or_default(),
        }
    }

    fn error(code: ErrorCode) -> Self {
        Self::json(code.http_status(), &code.api_error())
    }

    fn error_with(code: ErrorCode, detail: &str) -> Self {
        let mut error = code.api_error();
        error.message = format!("{}: {detail}", error.message);
        Self::json(code.http_status(), &error)
    }
}

/// A request as it arrived.
pub struct Request<'a> {
    /// The method.
    pub method: &'a str,
    /// The path, without the query.
    pub path: &'a str,
    /// A header's value, by lowercase name.
    pub header: &'a dyn Fn(&str) -> Option<String>,
    /// The body (at most [`MAX_BODY_BYTES`]).
    pub body: &'a [u8],
}

impl Api {
    /// The API of the station behind `station`, for requests signed by `key`.
    pub fn new(station: SupervisorHandle, key: VerifyingKey) -> Self {
        Self {
            station,
            verifier: Mutex::new(Verifier::new(key, wall_secs())),
        }
    }

    /// Answers one request, at the station's time `wall` (seconds since 1970) and `now`.
    pub fn respond(&self, request: &Request<'_>, wall: i64, now: Instant) -> Reply {
        let is_status = match (request.method, request.path) {
            ("GET", STATUS_PATH) => true,
            ("POST", COMMANDS_PATH) => false,
            _ => return Reply::error(ErrorCode::NotFound),
        };
        let (Some(time), Some(nonce), Some(signature)) = (
            (request.header)(TIME_HEADER),
            (request.header)(NONCE_HEADER),
            (request.header)(SIGNATURE_HEADER),
        ) else {
            return Reply::error(ErrorCode::Unsigned);
        };
        let Ok(time) = time.trim().parse::<i64>() else {
            return Reply::error(ErrorCode::Unsigned);
        };
        let signed = Signed {
            method: request.method,
            path: request.path,
            body: request.body,
            time,
            nonce: nonce.trim(),
        };
        let checked = self
            .verifier
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .check(&signed, &signature, wall, now);
        if let Err(refusal) = checked {
            return Reply::error(refusal.into());
        }
        if is_status {
            let published = self.station.published();
            let status = super::status(&published.snapshot, &published.config.station.name);
            return Reply::json(200, &status);
        }
        self.command(request.body)
    }

    fn command(&self, body: &[u8]) -> Reply {
        let request = match read_command(body) {
            Ok(request) => request,
            Err(reply) => return reply,
        };
        let name = self.station.published().config.station.name.clone();
        if request.station != name {
            return Reply::error(ErrorCode::WrongStation);
        }
        let command = match &request.command {
            RemoteCommand::Extend { session } => match session.parse::<SessionRef>() {
                Ok(reference) => AntennaCommand::Extend(reference),
                Err(_) => return Reply::error_with(ErrorCode::Malformed, "session"),
            },
            RemoteCommand::End { session } => match session.parse::<SessionRef>() {
                Ok(reference) => AntennaCommand::End(reference),
                Err(_) => return Reply::error_with(ErrorCode::Malformed, "session"),
            },
            RemoteCommand::Close { reason } => AntennaCommand::Close((*reason).into()),
            RemoteCommand::Reopen => AntennaCommand::Reopen,
        };
        let Some((answer, repeated)) = self.station.ask(request.id.clone(), command, ANSWER_WITHIN)
        else {
            return Reply::error(ErrorCode::Unavailable);
        };
        match super::protocol::outcome(answer) {
            Ok(outcome) => {
                if !repeated {
                    log::info!("antenna: command {} applied: {outcome:?}", request.id);
                }
                Reply::json(
                    200,
                    &CommandReply {
                        id: request.id,
                        outcome,
                        repeated,
                    },
                )
            }
            Err(code) => Reply::error(code),
        }
    }
}

/// The command in `body`, or the answer that says what is wrong with it.
fn read_command(body: &[u8]) -> Result<CommandRequest, Reply> {
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|error| Reply::error_with(ErrorCode::Malformed, &error.to_string()))?;
    let known = ["extend", "end", "close", "reopen"];
    if let Some(command) = value.get("command").and_then(serde_json::Value::as_str)
        && !known.contains(&command)
    {
        return Err(Reply::error_with(
            ErrorCode::UnknownCommand,
            &format!("{command:?}"),
        ));
    }
    let request: CommandRequest = serde_json::from_value(value)
        .map_err(|error| Reply::error_with(ErrorCode::Malformed, &error.to_string()))?;
    let id_fits = (1..=64).contains(&request.id.len())
        && request
            .id
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-');
    if !id_fits {
        return Err(Reply::error_with(
            ErrorCode::Malformed,
            "id: 1 to 64 letters, digits or dashes",
        ));
    }
    Ok(request)
}

/// Seconds since 1970 by the station's clock.
pub fn wall_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| {
            i64::try_from(since.as_secs()).unwrap_or(i64::MAX)
        })
}

/// Takes `listen` and serves the API on a thread of its own.
///
/// # Errors
/// If the address cannot be taken (the port is in use): the station then serves the public
/// without it, and says so in the journal.
pub fn start(
    listen: SocketAddr,
    key: VerifyingKey,
    station: SupervisorHandle,
) -> std::io::Result<JoinHandle<()>> {
    let listener = std::net::TcpListener::bind(listen)?;
    listener.set_nonblocking(true)?;
    let api = Arc::new(Api::new(station, key));
    std::thread::Builder::new()
        .name("antenna-api".into())
        .spawn(move || {
            let served = tokio::runtime::Builder::new_current_thread()
                .enable_io()
                .enable_time()
                .max_blocking_threads(MAX_CHECKING_THREADS)
                .build()
                .and_then(|runtime| {
                    runtime.block_on(async {
                        let listener = Limited {
                            listener: tokio::net::TcpListener::from_std(listener)?,
                            permits: Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS)),
                        };
                        let router = axum::Router::new().fallback(serve).with_state(api);
                        axum::serve(listener, router).await
                    })
                });
            if let Err(error) = served {
                log::error!("antenna: the API on {listen} stopped: {error}");
            }
        })
}

async fn serve(
    State(api): State<Arc<Api>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let reply = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Err(_) => Reply::error(ErrorCode::TooLarge),
        Ok(body) => {
            let now = Instant::now();
            let wall = wall_secs();
            let answered = tokio::task::spawn_blocking(move || {
                let header = |name: &str| {
                    headers
                        .get(name)
                        .and_then(|value| value.to_str().ok())
                        .map(str::to_owned)
                };
                api.respond(
                    &Request {
                        method: method.as_str(),
                        path: uri.path(),
                        header: &header,
                        body: &body,
                    },
                    wall,
                    now,
                )
            })
            .await;
            answered.unwrap_or_else(|_| Reply::error(ErrorCode::Unavailable))
        }
    };
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        reply.body,
    )
        .into_response()
}

/// The API's listener: at most [`MAX_CONNECTIONS`] connections at once, each living at most
/// [`CONNECTION_LIFE`]. Nobody on the network can hold the kiosk's files or threads.
struct Limited {
    listener: tokio::net::TcpListener,
    permits: Arc<tokio::sync::Semaphore>,
}

impl axum::serve::Listener for Limited {
    type Io = Connection;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Connection, SocketAddr) {
        loop {
            let Ok(permit) = Arc::clone(&self.permits).acquire_owned().await else {
                // The semaphore is never closed.
                return std::future::pending().await;
            };
            match self.listener.accept().await {
                Ok((stream, address)) => {
                    let connection = Connection {
                        stream,
                        _permit: permit,
                        end: Box::pin(tokio::time::sleep(CONNECTION_LIFE)),
                    };
                    return (connection, address);
                }
                Err(error) => {
                    // Out of file descriptors, for one: wait a little rather than spin.
                    log::warn!("antenna: cannot accept a connection: {error}");
                    drop(permit);
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }
}

/// A connection of the API, with its place among the connections and its end.
struct Connection {
    stream: tokio::net::TcpStream,
    _permit: tokio::sync::OwnedSemaphorePermit,
    end: Pin<Box<tokio::time::Sleep>>,
}

impl Connection {
    /// An error once the connection has lived its time: hyper then closes it.
    fn over(&mut self, cx: &mut Context<'_>) -> Option<std::io::Error> {
        self.end.as_mut().poll(cx).is_ready().then(|| {
            std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the connection was open too long",
            )
        })
    }
}

impl tokio::io::AsyncRead for Connection {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        if let Some(error) = self.over(cx) {
            return Poll::Ready(Err(error));
        }
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for Connection {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        if let Some(error) = self.over(cx) {
            return Poll::Ready(Err(error));
        }
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}
