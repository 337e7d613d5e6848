//! Borne: the shell of a self-service digital station in a digital-inclusion association.
//!
//! - [`ui`] draws the latest [`domain::Snapshot`] and sends [`domain::Command`]s; it never does I/O.
//! - [`supervisor`] is a thread that owns the [`domain::Station`], keeps time and applies effects.
//! - [`domain`] is the pure station state machine: `handle(event, now) -> effects`.
//! - [`services`] are the I/O adapters: browser, session directory, processes, X11 desktop.
//! - [`services::guest`] is both sides of sudo, with one typed protocol: the kiosk's, and
//!   `borne guest` ([`services::guest::cli`]), what an unprivileged kiosk may do as the guest.
//! - [`antenna`] is the stations of one place seen from one staff console: API, signatures, console.
//! - [`hub`] is the network's statistics: the stations' pushes and `borne-hub` on PostgreSQL.
//! - [`config`] turns `borne.toml` into a validated [`config::Config`].
//! - [`logging`] sends the program's messages to standard error and the journal.

pub mod antenna;
pub mod config;
pub mod domain;
pub mod hub;
pub mod logging;
pub mod services;
pub mod supervisor;
pub mod ui;
