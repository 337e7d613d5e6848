//! The antenna: the stations of one place, seen and commanded from one staff console over the
//! local network. Every station keeps its own rules and clock and serves the public the same
//! with the console off or the network cut.
//!
//! - [`signing`]: Ed25519 signatures over each request, checked by every station.
//! - [`protocol`]: the JSON of the station's API, shared by the station and the console.
//! - [`server`]: the station's side, a small HTTP API on one thread.
//! - [`console`]: `borne console`, the staff's window on every station.

pub mod console;
pub mod protocol;
pub mod server;
pub mod signing;

use crate::domain::hours::time_text;
use crate::domain::{ExtendOffer, ProblemKind, Screen, Snapshot};

use protocol::{StationState, Status};

/// What the station says of itself, from what its screen shows: nothing of the person.
pub fn status(snapshot: &Snapshot, station: &str) -> Status {
    let state = match &snapshot.screen {
        Screen::Setup { .. } => StationState::Setup,
        Screen::Welcome | Screen::Goodbye(_) => StationState::Free,
        Screen::Closed(opens) => StationState::ClosedByHours {
            opens: opens.map(|opening| (opening.weekday, time_text(opening.minute_of_day))),
        },
        Screen::Preparing => StationState::Starting,
        Screen::Session(session) => StationState::InSession {
            reference: session.reference.to_string(),
            kind: session.kind.into(),
            secs_left: session.secs_left,
            extend_minutes: match session.extend {
                ExtendOffer::Available { minutes } => Some(minutes),
                _ => None,
            },
        },
        Screen::Ending => StationState::Ending,
        Screen::OutOfService(problem) => match problem.kind {
            ProblemKind::Closed(closure) => StationState::ClosedByStaff {
                reason: closure.into(),
            },
            kind => StationState::OutOfService {
                reason: kind.code().to_owned(),
            },
        },
        Screen::Exited => StationState::OutOfService {
            reason: "stopping".to_owned(),
        },
    };
    Status {
        station: station.to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        state,
        closes_at: snapshot.closes_today.map(time_text),
    }
}
