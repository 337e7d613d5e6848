//! Where the program's messages go: standard error, one line each, prefixed `borne:`. When
//! standard error is the journal (systemd says so in `JOURNAL_STREAM`), each line also starts
//! with its priority, `<3>` to `<6>` (sd-daemon(3)), which journald reads: the journal keeps
//! the priority, and the lines stay the unit's (`journalctl -u borne.service`) even after
//! logind moved the kiosk into its session. Never a person's data in a message (DESIGN.md,
//! "Logging").
//!
//! A few lines rather than a crate: a journal client would send from the session's scope, and
//! the lines would no longer be the unit's.

use std::io::Write as _;

use log::{Level, LevelFilter, Log, Metadata, Record};

/// Sends the `log` macros' messages to standard error, from `Info` up. Call it once, first
/// thing.
pub fn init() {
    log::set_max_level(LevelFilter::Info);
    let logger: &'static StandardError = if stderr_is_journal() {
        &JOURNAL
    } else {
        &TERMINAL
    };
    // Only fails if a logger is set already, which is then the one to keep.
    log::set_logger(logger).ok();
}

static JOURNAL: StandardError = StandardError { priorities: true };
static TERMINAL: StandardError = StandardError { priorities: false };

/// One line per message on standard error.
struct StandardError {
    /// Each line starts with its syslog priority, for journald.
    priorities: bool,
}

impl Log for StandardError {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        // Borne's own messages from Info; the libraries' (a database's notices) from Warn.
        metadata.level() <= Level::Warn
            || (metadata.level() <= Level::Info && metadata.target().starts_with("borne"))
    }

    fn log(&self, record: &Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let mut stderr = std::io::stderr().lock();
        if self.priorities {
            // Nowhere left to say that standard error is gone.
            write!(stderr, "<{}>", priority(record.level())).ok();
        }
        writeln!(stderr, "borne: {}", record.args()).ok();
    }

    fn flush(&self) {}
}

/// The syslog priority of a level.
fn priority(level: Level) -> u8 {
    match level {
        Level::Error => 3,
        Level::Warn => 4,
        Level::Info => 6,
        Level::Debug | Level::Trace => 7,
    }
}

/// Whether standard error is the journal's stream: `JOURNAL_STREAM` names its device and inode.
fn stderr_is_journal() -> bool {
    let Some(stream) = std::env::var_os("JOURNAL_STREAM") else {
        return false;
    };
    let Ok(stat) = nix::sys::stat::fstat(std::io::stderr()) else {
        return false;
    };
    stream.to_string_lossy() == format!("{}:{}", stat.st_dev, stat.st_ino)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_syslog_priorities() {
        assert_eq!(priority(Level::Error), 3);
        assert_eq!(priority(Level::Warn), 4);
        assert_eq!(priority(Level::Info), 6);
    }
}
