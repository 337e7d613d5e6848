//! What the antenna's staff console may ask a station from afar, under the same rules as the
//! staff panel at the screen: the extension limits, the closing time, and never a doubt about
//! the session it acts on.
//!
//! Each session gets a random [`SessionRef`]; "extend" and "end" name it, so that a command
//! sent for one person can never reach the next one's session.

use std::fmt;
use std::str::FromStr;
use std::time::Instant;

use crate::domain::{Closure, ExtendOffer};

use super::{Effect, EndReason, ProblemKind, State, Station};

/// The random reference of a session, as the console sees it in the station's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SessionRef(pub u64);

impl fmt::Display for SessionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl FromStr for SessionRef {
    type Err = std::num::ParseIntError;

    /// Sixteen hexadecimal digits, as [`fmt::Display`] writes them.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        u64::from_str_radix(text, 16).map(Self)
    }
}

/// Makes each session's reference from a seed the kiosk drew at random when it started: every
/// step gives a new value (SplitMix64, a bijection of its counter), so references never repeat
/// within a run, and a new seed makes them differ from the last run's. They are not secrets:
/// only a request signed by the antenna's key sees or uses them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct References(u64);

impl References {
    pub(super) fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(super) fn next(&mut self) -> SessionRef {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        SessionRef(z ^ (z >> 31))
    }
}

/// What the console asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AntennaCommand {
    /// Give this session more time (one extension, as at the screen).
    Extend(SessionRef),
    /// End this session the usual way: the person's question, their files, then the wipe.
    End(SessionRef),
    /// Close the station to the public, for this reason.
    Close(Closure),
    /// Open it again (after the same check as "Rouvrir" at the screen).
    Reopen,
}

/// The station's answer to the console.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AntennaAnswer {
    /// The session got more time: this much is left now.
    Extended {
        /// Seconds left, rounded up.
        secs_left: u64,
    },
    /// The session is ending: the person sees the end (question, files), then the wipe.
    Ending,
    /// The station is closed to the public.
    Closed,
    /// The station checks that it can serve, then opens.
    Reopening,
    /// The station was open already.
    AlreadyOpen,
    /// Nothing was done, and why.
    Refused(AntennaRefusal),
}

/// Why a command from the console changed nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AntennaRefusal {
    /// No session runs.
    NoSession,
    /// The session named has ended; another one runs now.
    OtherSession,
    /// The session was extended the most times allowed.
    MaxExtensions,
    /// The session already ends when the station closes.
    Closing,
    /// A session runs, starts or ends: close the station once it is free.
    Busy,
    /// The last wipe failed: only a new wipe, at the station, opens it again.
    ClearFailed,
    /// The station is out of service for another reason than staff closing it.
    OutOfService,
    /// The station's PINs are not set yet.
    Setup,
}

impl Station {
    /// A command from the console: its answer comes first among the effects, so that the
    /// console hears it before the wipe it may start.
    pub(super) fn antenna_command(&mut self, command: AntennaCommand, now: Instant) -> Vec<Effect> {
        let (answer, effects) = match command {
            AntennaCommand::Extend(reference) => (self.remote_extend(reference, now), Vec::new()),
            AntennaCommand::End(reference) => self.remote_end(reference),
            AntennaCommand::Close(closure) => (self.remote_close(closure), Vec::new()),
            AntennaCommand::Reopen => self.remote_reopen(),
        };
        let mut all = vec![Effect::AnswerAntenna(answer)];
        all.extend(effects);
        all
    }

    /// Whether `reference` names the running session: `Err` says why not.
    fn named_session(&self, reference: SessionRef) -> Result<(), AntennaRefusal> {
        match &self.state {
            State::InSession(session) if session.reference == reference => Ok(()),
            State::InSession(_) => Err(AntennaRefusal::OtherSession),
            _ => Err(AntennaRefusal::NoSession),
        }
    }

    fn remote_extend(&mut self, reference: SessionRef, now: Instant) -> AntennaAnswer {
        if let Err(refusal) = self.named_session(reference) {
            return AntennaAnswer::Refused(refusal);
        }
        match self.extend_offer(now) {
            ExtendOffer::Available { .. } => {
                self.extend(false, now);
                match &self.state {
                    State::InSession(session) => AntennaAnswer::Extended {
                        secs_left: session.secs_left(now),
                    },
                    _ => AntennaAnswer::Refused(AntennaRefusal::NoSession),
                }
            }
            ExtendOffer::MaxReached => AntennaAnswer::Refused(AntennaRefusal::MaxExtensions),
            ExtendOffer::Closing => AntennaAnswer::Refused(AntennaRefusal::Closing),
            ExtendOffer::NoSession => AntennaAnswer::Refused(AntennaRefusal::NoSession),
        }
    }

    /// As if the person pressed "Oui, terminer": the question "Avez-vous trouvé..." if asked,
    /// the save screen if they have files, then the wipe. An end already under way is left to
    /// run.
    fn remote_end(&mut self, reference: SessionRef) -> (AntennaAnswer, Vec<Effect>) {
        if let Err(refusal) = self.named_session(reference) {
            return (AntennaAnswer::Refused(refusal), Vec::new());
        }
        let State::InSession(session) = &mut self.state else {
            return (
                AntennaAnswer::Refused(AntennaRefusal::NoSession),
                Vec::new(),
            );
        };
        if session.saving.is_some() || session.question == Some(super::Question::Found) {
            return (AntennaAnswer::Ending, Vec::new());
        }
        session.confirm_end = true;
        session.warning = None;
        session.ending_by = EndReason::Staff;
        (AntennaAnswer::Ending, self.end_confirmed())
    }

    fn remote_close(&mut self, closure: Closure) -> AntennaAnswer {
        match &self.state {
            // The person who just left is gone: "Au revoir" closes as the welcome screen.
            State::Welcome
            | State::Closed(_)
            | State::Goodbye { .. }
            | State::OutOfService(super::Problem {
                kind: ProblemKind::Closed(_),
                ..
            }) => {
                self.staff = None;
                self.state = State::OutOfService(super::Problem {
                    kind: ProblemKind::Closed(closure),
                    detail: String::new(),
                });
                AntennaAnswer::Closed
            }
            State::OutOfService(_) => AntennaAnswer::Refused(AntennaRefusal::OutOfService),
            State::Setup { .. } => AntennaAnswer::Refused(AntennaRefusal::Setup),
            State::Preparing(_) | State::InSession(_) | State::Ending { .. } | State::Exited => {
                AntennaAnswer::Refused(AntennaRefusal::Busy)
            }
        }
    }

    fn remote_reopen(&mut self) -> (AntennaAnswer, Vec<Effect>) {
        match &self.state {
            State::OutOfService(problem) if problem.kind == ProblemKind::ClearFailed => (
                AntennaAnswer::Refused(AntennaRefusal::ClearFailed),
                Vec::new(),
            ),
            State::OutOfService(_) => (AntennaAnswer::Reopening, vec![Effect::CheckStation]),
            State::Setup { .. } => (AntennaAnswer::Refused(AntennaRefusal::Setup), Vec::new()),
            _ => (AntennaAnswer::AlreadyOpen, Vec::new()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_differ_and_read_back() {
        let mut references = References::new(42);
        let first = references.next();
        let second = references.next();
        assert_ne!(first, second);
        assert_eq!(first.to_string().len(), 16);
        assert_eq!(first.to_string().parse::<SessionRef>(), Ok(first));
        assert_ne!(References::new(43).next(), first);
    }
}
