//! The station's rules, without egui, without I/O and without a clock: time comes in as an
//! argument, so every rule is unit-tested with a fake clock.

mod answers;
pub mod hours;
mod language;
pub mod pin;
mod staff;
mod station;
mod thematique;

pub use answers::{Found, Purpose};
pub use language::Language;
pub use staff::*;
pub use station::*;
pub use thematique::Thematique;
