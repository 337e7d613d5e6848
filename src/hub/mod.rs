//! The network's statistics: every station of every antenna pushes the anonymous tallies of its
//! closed days and months to one hub, on PostgreSQL, which reports them in the national
//! vocabulary (La Coop de la médiation numérique, the Standard des lieux de médiation
//! numérique).
//!
//! - [`protocol`]: the requests and the checks of a push, shared by both sides.
//! - [`station`]: the station's side: enrolment, credentials, the pusher.
//! - [`server`]: `borne-hub`, the hub itself.

pub mod protocol;
pub mod server;
pub mod station;
