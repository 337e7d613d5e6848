//! What a session prints: pages counted, the page limit, a printer that does not print.

use super::{Effect, Notice, Session, State, Station, View};

/// What the session printed so far, as the print service last saw it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PrintStatus {
    /// Pages printed by the session's jobs.
    pub pages: u32,
    /// The session's jobs that are not finished (waiting or printing).
    pub unfinished: u32,
    /// Whether one of them has been waiting too long for the printer.
    pub waiting: bool,
    /// The newest of the session's jobs that printed a page (its id on the print server).
    pub newest_printed: Option<i32>,
    /// The newest of the session's jobs that is not finished.
    pub newest_unfinished: Option<i32>,
}

impl Station {
    /// Whether the supervisor should look at what the session prints: only in a session on a
    /// station where people may print.
    pub fn watches_printing(&self) -> bool {
        self.rules.printing && self.in_session()
    }

    /// Counts the session's pages; past its limit, cancels what comes next and says why; tells
    /// the person when a job waits for the printer. Both messages come over the browser, where
    /// the person printed.
    pub(super) fn prints_seen(&mut self, status: PrintStatus) -> Vec<Effect> {
        let limit = self.rules.page_limit;
        let State::InSession(session) = &mut self.state else {
            return Vec::new();
        };
        session.pages_printed = session.pages_printed.max(status.pages);
        let tell = |session: &mut Session, notice| {
            session.notice = Some(notice);
            session.view = View::Home;
            session.confirm_end = false;
        };
        if let Some(limit) = limit.filter(|limit| session.pages_printed >= *limit) {
            // Told once when the limit is reached; the jobs that printed up to it may finish.
            if !session.page_limit_told {
                session.page_limit_told = true;
                session.limit_reached_at_job = status.newest_printed;
                tell(session, Notice::PageLimit(limit));
            }
            // A job sent after that is cancelled, once, and the person told why; never a
            // loop of cancels while CUPS takes a moment to let it go.
            if let Some(job) = status.newest_unfinished
                && Some(job) > session.limit_reached_at_job
                && Some(job) > session.stopped_job
            {
                session.stopped_job = Some(job);
                tell(session, Notice::PrintCancelled(limit));
                return vec![Effect::StopPrinting];
            }
        } else if status.waiting && !session.printer_waiting {
            tell(session, Notice::PrinterWaiting);
        }
        session.printer_waiting = status.waiting;
        Vec::new()
    }
}
