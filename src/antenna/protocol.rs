//! The station's API as JSON, the same types on both sides: the station writes what the console
//! reads. Nothing in it says anything about the person at the station: no shortcut, no
//! language, no answer.
//!
//! - `GET /v1/status` gives a [`Status`].
//! - `POST /v1/commands` takes a [`CommandRequest`] and gives a [`CommandReply`].
//! - Any refusal is an [`ApiError`], with an HTTP status that fits it.

use serde::{Deserialize, Serialize};

use crate::domain::{AntennaAnswer, AntennaRefusal, Closure, SessionKind};

/// The path of the status.
pub const STATUS_PATH: &str = "/v1/status";
/// The path of the commands.
pub const COMMANDS_PATH: &str = "/v1/commands";
/// The largest body a station reads; a command is a few hundred bytes.
pub const MAX_BODY_BYTES: usize = 4096;

/// What a station says of itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    /// `[station] name`.
    pub station: String,
    /// Borne's version.
    pub version: String,
    /// What the station is doing.
    #[serde(flatten)]
    pub state: StationState,
    /// Today's closing time ("18:00"), if the station closes within a day.
    pub closes_at: Option<String>,
}

/// What a station is doing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum StationState {
    /// Waiting for someone.
    Free,
    /// A session is being prepared.
    Starting,
    /// A session runs.
    InSession {
        /// The session's random reference, which "extend" and "end" name.
        reference: String,
        /// Drop-in or assisted.
        kind: Kind,
        /// Seconds left.
        secs_left: u64,
        /// Minutes one more extension gives; `None` when none is possible.
        extend_minutes: Option<u64>,
    },
    /// A session ended; the station wipes it, then says goodbye.
    Ending,
    /// Staff closed the station to the public.
    ClosedByStaff {
        /// Why.
        reason: ClosureReason,
    },
    /// Outside opening hours.
    ClosedByHours {
        /// When it opens again: weekday (0 = Monday) and "HH:MM", if it does.
        opens: Option<(u8, String)>,
    },
    /// Out of service until staff act.
    OutOfService {
        /// What is wrong, for staff (a code such as `clear-failed`).
        reason: String,
    },
    /// The staff PINs are not set yet.
    Setup,
}

/// A session's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// On one's own.
    DropIn,
    /// Opened by a volunteer.
    Assisted,
}

impl From<SessionKind> for Kind {
    fn from(kind: SessionKind) -> Self {
        match kind {
            SessionKind::DropIn => Self::DropIn,
            SessionKind::Assisted => Self::Assisted,
        }
    }
}

/// Why staff close a station.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosureReason {
    /// "En maintenance".
    Maintenance,
    /// "Réservé à un atelier".
    Workshop,
}

impl From<Closure> for ClosureReason {
    fn from(closure: Closure) -> Self {
        match closure {
            Closure::Maintenance => Self::Maintenance,
            Closure::Workshop => Self::Workshop,
        }
    }
}

impl From<ClosureReason> for Closure {
    fn from(reason: ClosureReason) -> Self {
        match reason {
            ClosureReason::Maintenance => Self::Maintenance,
            ClosureReason::Workshop => Self::Workshop,
        }
    }
}

/// A command of the console.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandRequest {
    /// Chosen by the console, random: a station applies each id at most once.
    pub id: String,
    /// The name of the station it is meant for: another station refuses it.
    pub station: String,
    /// What to do.
    #[serde(flatten)]
    pub command: RemoteCommand,
}

/// What the console asks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum RemoteCommand {
    /// One more extension of the session named.
    Extend {
        /// The session's reference, from the status.
        session: String,
    },
    /// End the session named, the usual way.
    End {
        /// The session's reference, from the status.
        session: String,
    },
    /// Close the station to the public.
    Close {
        /// Why.
        reason: ClosureReason,
    },
    /// Open it again.
    Reopen,
}

/// A station's answer to a command it applied (or had applied already).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandReply {
    /// The command's id.
    pub id: String,
    /// What happened.
    #[serde(flatten)]
    pub outcome: Outcome,
    /// `true` when this id was applied before: nothing was done again.
    #[serde(default)]
    pub repeated: bool,
}

/// What a command did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Outcome {
    /// The session got more time.
    Extended {
        /// Seconds left now.
        secs_left: u64,
    },
    /// The session is ending.
    Ending,
    /// The station is closed to the public.
    Closed,
    /// The station checks that it can serve, then opens.
    Reopening,
    /// The station was open already.
    AlreadyOpen,
}

/// A refusal: a code for programs, a sentence for people (in English; the console says it
/// in its own language from the code).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// What went wrong.
    pub error: ErrorCode,
    /// The same, for a person reading the answer.
    pub message: String,
}

/// What went wrong with a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The headers of the signature are missing or malformed.
    Unsigned,
    /// The signature does not fit the antenna's key.
    BadSignature,
    /// The request's time is too far from the station's clock.
    Stale,
    /// The request was received already.
    Replayed,
    /// Too many requests.
    TooMany,
    /// The body is larger than a command can be.
    TooLarge,
    /// The body is not a command.
    Malformed,
    /// The command is not one the station knows.
    UnknownCommand,
    /// The command is for another station.
    WrongStation,
    /// No such path.
    NotFound,
    /// No session runs.
    NoSession,
    /// The session named has ended; another one runs now.
    OtherSession,
    /// The session was extended the most times allowed.
    MaxExtensions,
    /// The session already ends when the station closes.
    Closing,
    /// A session runs, starts or ends.
    Busy,
    /// The last wipe failed; only a new wipe at the station opens it again.
    ClearFailed,
    /// Out of service for another reason.
    OutOfService,
    /// The staff PINs are not set yet.
    Setup,
    /// The station did not answer in time (it is copying files, or stopping).
    Unavailable,
}

impl ErrorCode {
    /// The HTTP status of this refusal.
    pub fn http_status(self) -> u16 {
        match self {
            Self::Unsigned | Self::BadSignature | Self::Stale | Self::Replayed => 401,
            Self::TooMany => 429,
            Self::TooLarge => 413,
            Self::Malformed | Self::UnknownCommand => 400,
            Self::WrongStation => 421,
            Self::NotFound => 404,
            Self::NoSession
            | Self::OtherSession
            | Self::MaxExtensions
            | Self::Closing
            | Self::Busy
            | Self::ClearFailed
            | Self::OutOfService
            | Self::Setup => 409,
            Self::Unavailable => 503,
        }
    }

    /// A sentence for a person reading the raw answer.
    pub fn message(self) -> String {
        let window = crate::antenna::signing::WINDOW.as_secs();
        match self {
            Self::Unsigned => {
                "the request is not signed (headers borne-time, borne-nonce, borne-signature)"
                    .to_owned()
            }
            Self::BadSignature => {
                "the signature does not match the antenna's public key".to_owned()
            }
            Self::Stale => format!(
                "the request's time is more than {window} s away from the station's clock, or \
                 from before its API started"
            ),
            Self::Replayed => "this request was received already (its nonce was used)".to_owned(),
            Self::TooMany => format!("too many requests in the last {} s", 2 * window),
            Self::TooLarge => format!("the body is larger than {MAX_BODY_BYTES} bytes"),
            Self::Malformed => "the body is not a command".to_owned(),
            Self::UnknownCommand => {
                "unknown command: it must be extend, end, close or reopen".to_owned()
            }
            Self::WrongStation => "the command is for another station".to_owned(),
            Self::NotFound => {
                format!("no such path: use GET {STATUS_PATH} or POST {COMMANDS_PATH}")
            }
            Self::NoSession => "no session runs".to_owned(),
            Self::OtherSession => "that session has ended; another one runs now".to_owned(),
            Self::MaxExtensions => "the session was extended the most times allowed".to_owned(),
            Self::Closing => "the session already ends when the station closes".to_owned(),
            Self::Busy => {
                "a session runs, starts or ends: try again once the station is free".to_owned()
            }
            Self::ClearFailed => {
                "the last wipe failed: only a new wipe, at the station, opens it again".to_owned()
            }
            Self::OutOfService => "the station is out of service".to_owned(),
            Self::Setup => "the station's staff PINs are not set yet".to_owned(),
            Self::Unavailable => "the station did not answer in time".to_owned(),
        }
    }

    /// This refusal with its message.
    pub fn api_error(self) -> ApiError {
        ApiError {
            error: self,
            message: self.message(),
        }
    }
}

impl From<AntennaRefusal> for ErrorCode {
    fn from(refusal: AntennaRefusal) -> Self {
        match refusal {
            AntennaRefusal::NoSession => Self::NoSession,
            AntennaRefusal::OtherSession => Self::OtherSession,
            AntennaRefusal::MaxExtensions => Self::MaxExtensions,
            AntennaRefusal::Closing => Self::Closing,
            AntennaRefusal::Busy => Self::Busy,
            AntennaRefusal::ClearFailed => Self::ClearFailed,
            AntennaRefusal::OutOfService => Self::OutOfService,
            AntennaRefusal::Setup => Self::Setup,
        }
    }
}

impl From<crate::antenna::signing::Refusal> for ErrorCode {
    fn from(refusal: crate::antenna::signing::Refusal) -> Self {
        use crate::antenna::signing::Refusal;
        match refusal {
            Refusal::Unsigned => Self::Unsigned,
            Refusal::BadSignature => Self::BadSignature,
            Refusal::Stale => Self::Stale,
            Refusal::Replayed => Self::Replayed,
            Refusal::TooMany => Self::TooMany,
        }
    }
}

/// The station's answer as the console reads it: what happened, or why nothing did.
pub fn outcome(answer: AntennaAnswer) -> Result<Outcome, ErrorCode> {
    match answer {
        AntennaAnswer::Extended { secs_left } => Ok(Outcome::Extended { secs_left }),
        AntennaAnswer::Ending => Ok(Outcome::Ending),
        AntennaAnswer::Closed => Ok(Outcome::Closed),
        AntennaAnswer::Reopening => Ok(Outcome::Reopening),
        AntennaAnswer::AlreadyOpen => Ok(Outcome::AlreadyOpen),
        AntennaAnswer::Refused(refusal) => Err(refusal.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_read_back_as_written() {
        let commands = [
            RemoteCommand::Extend {
                session: "00aa".into(),
            },
            RemoteCommand::End {
                session: "00bb".into(),
            },
            RemoteCommand::Close {
                reason: ClosureReason::Workshop,
            },
            RemoteCommand::Reopen,
        ];
        for command in commands {
            let request = CommandRequest {
                id: "1".into(),
                station: "Poste 1".into(),
                command,
            };
            let text = serde_json::to_string(&request).unwrap_or_default();
            assert_eq!(
                serde_json::from_str::<CommandRequest>(&text).ok(),
                Some(request)
            );
        }
        let text = r#"{"id":"7","station":"Poste 2","command":"close","reason":"maintenance"}"#;
        assert_eq!(
            serde_json::from_str::<CommandRequest>(text).ok(),
            Some(CommandRequest {
                id: "7".into(),
                station: "Poste 2".into(),
                command: RemoteCommand::Close {
                    reason: ClosureReason::Maintenance
                },
            })
        );
    }

    #[test]
    fn a_status_reads_back_and_says_nothing_of_the_person() {
        let status = Status {
            station: "Poste 1".into(),
            version: "0.1.0".into(),
            state: StationState::InSession {
                reference: "0123456789abcdef".into(),
                kind: Kind::DropIn,
                secs_left: 600,
                extend_minutes: Some(15),
            },
            closes_at: Some("18:00".into()),
        };
        let text = serde_json::to_string(&status).unwrap_or_default();
        assert_eq!(
            text,
            r#"{"station":"Poste 1","version":"0.1.0","state":"in_session","reference":"0123456789abcdef","kind":"drop_in","secs_left":600,"extend_minutes":15,"closes_at":"18:00"}"#
        );
        assert_eq!(serde_json::from_str::<Status>(&text).ok(), Some(status));
    }
}
