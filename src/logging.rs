//! Where the program's messages go: the systemd journal, with their priority, when it runs
//! under systemd (the station's units); otherwise standard error, one line each, prefixed
//! `borne:` (a terminal, a test, `borne guest` whose errors the kiosk reads back). Never a
//! person's data in a message (DESIGN.md, "Logging").
//!
//! The standard-error side is a few lines rather than a crate: it only prefixes the program's
//! name, as the program's messages always were.

use std::io::Write as _;

use log::{Level, LevelFilter, Log, Metadata, Record};
use systemd_journal_logger::{JournalLog, connected_to_journal};

/// Sends the `log` macros' messages to the journal or to standard error, from `Info` up. Call it
/// once, first thing.
pub fn init() {
    log::set_max_level(LevelFilter::Info);
    if connected_to_journal()
        && let Ok(journal) = JournalLog::new()
        && journal
            .with_syslog_identifier("borne".into())
            .install()
            .is_ok()
    {
        return;
    }
    // Only fails if a logger is set already, which is then the one to keep.
    log::set_logger(&STANDARD_ERROR).ok();
}

static STANDARD_ERROR: StandardError = StandardError;

/// One line per message on standard error.
struct StandardError;

impl Log for StandardError {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.level() <= Level::Info
    }

    fn log(&self, record: &Record<'_>) {
        if self.enabled(record.metadata()) {
            // Nowhere left to say that standard error is gone.
            writeln!(std::io::stderr().lock(), "borne: {}", record.args()).ok();
        }
    }

    fn flush(&self) {}
}
