//! The anonymous usage log: sessions, interruptions, out of service, the report.

use crate::domain::{EndReason, Language, Problem, ProblemKind, SessionSummary, TextSize};
use crate::services::processes::SessionProcesses;
use crate::services::session_dir::SessionDirs;
use crate::services::settings_store::SettingsStore;
use crate::services::speech::Speaker;
use crate::services::staff_store::StaffStore;
use crate::services::usage_log::{
    Period, Report, ReportQuery, SessionRecord, StationEvent, UsageLog,
};
use crate::services::x11::X11Desktop;
use crate::services::{interruption, speech};
use crate::supervisor::UsageRecords;

use super::{
    ServiceSettings, StationServices, UNSAVED_SESSIONS, clear_failed, reap_children,
    reap_until_settled,
};

impl StationServices {
    /// Services for `settings`, drawing on the X11 desktop if there is one.
    pub fn new(settings: ServiceSettings, desktop: Option<X11Desktop>) -> Self {
        // Orphans of the browser (its crash handler) become our children, so we can reap them.
        nix::sys::prctl::set_child_subreaper(true).ok();
        let dirs = SessionDirs::new(
            settings.session_root.clone(),
            settings.guest.account().cloned(),
        );
        Self {
            settings,
            dirs,
            desktop,
            session: None,
            usage: None,
            unsaved: Vec::new(),
            window_pids: Vec::new(),
            staff: None,
            settings_store: None,
            browser_has_keyboard: false,
            speaker: Speaker::new(speech::ESPEAK),
            text_size: TextSize::Normal,
        }
    }

    /// Saves the admin's changes through `store` from now on; reports hide counts below
    /// `min_cell`.
    pub fn set_settings_store(&mut self, store: SettingsStore, min_cell: u32) {
        self.settings_store = Some((store, min_cell));
    }

    /// Checks staff PINs against `staff` from now on.
    pub fn set_staff_store(&mut self, staff: StaffStore) {
        self.staff = Some(staff);
    }

    /// Records sessions and station events in `usage` from now on.
    pub fn set_usage_log(&mut self, usage: UsageLog) {
        self.usage = Some(usage);
    }

    /// Notes in the usage log that the kiosk started after an interruption (a crash, a power
    /// cut) that left a session behind.
    pub fn record_interruption(&mut self) {
        if let Some(usage) = self.usage.as_mut()
            && let Err(error) =
                usage.record_event(StationEvent::StartAfterInterruption, chrono::Utc::now())
        {
            log::warn!("usage log: {error:#}");
        }
    }

    /// Sets the height of the bar in physical pixels, once the window knows its scale.
    pub fn set_bar_height_px(&mut self, bar_height_px: u32) {
        self.settings.bar_height_px = bar_height_px;
    }

    /// Removes what an earlier run left (a crash, a power cut): session directories and
    /// processes of the guest account. An error means the station must not open.
    pub fn recover(&mut self) -> Result<usize, Problem> {
        if let Some(helper) = self.settings.guest.helper() {
            helper.ready().map_err(|error| Problem {
                kind: ProblemKind::SessionSetup,
                detail: error.to_string(),
            })?;
            helper
                .stop(self.settings.stop_grace)
                .map_err(|e| clear_failed(&e))?;
        }
        let leftovers = self.dirs.leftovers();
        // Every session's processes: by the guest's uid, by any session's marker, and the
        // noted first processes with their descendants (in a one-user demonstration, the only
        // way to find a Chromium that rewrote its environment).
        let noted: Vec<(u32, u64)> = leftovers
            .iter()
            .flat_map(|dir| interruption::noted_processes(dir))
            .collect();
        let roots = SessionProcesses::still_running(&noted);
        SessionProcesses::any_session(self.settings.guest.account().map(|g| g.uid))
            .stop_all(&roots, self.settings.stop_grace, &mut reap_children)
            .map_err(|e| clear_failed(&e))?;
        // A process killed with its parent (a shell and its browser) is reparented to the
        // kiosk a moment later: the proof must not find it unreaped.
        reap_until_settled(&mut reap_children);
        let mut interrupted: Vec<_> = leftovers
            .iter()
            .filter_map(|dir| interruption::read_start(dir))
            .collect();
        // A power cut erased the session directories: their notes on disk count them. A
        // crash left both; the directory's note, closer to the end, counts it.
        if let Some(state) = &self.settings.open_notes {
            let left: Vec<_> = leftovers.iter().filter_map(|d| d.file_name()).collect();
            interrupted.extend(
                interruption::take_open(state)
                    .into_iter()
                    .filter(|(id, _)| !left.iter().any(|name| *name == id.as_str()))
                    .map(|(_, session)| session),
            );
        }
        let report = self.run_wipe(None);
        self.record_wipe(&report);
        if let Some(problem) = report.problem {
            return Err(clear_failed(&problem));
        }
        for session in &interrupted {
            self.record_interrupted(session);
        }
        self.check_policies()?;
        Ok(leftovers.len())
    }

    /// Counts a session that a crash or a power cut ended, as ended by "interruption".
    pub(super) fn record_interrupted(&mut self, session: &interruption::Interrupted) {
        let record = SessionRecord {
            started_at: session.started_at,
            duration_secs: session.duration_secs,
            kind: session.kind,
            end_reason: EndReason::Interruption,
            language: Language::default(),
            shortcuts: Vec::new(),
            extensions: 0,
            pages_printed: 0,
            purpose: None,
            found: None,
        };
        self.save_session(record);
    }

    /// Counts `record` in the usage log, with those a locked or full database refused before,
    /// oldest first. What is still refused is kept for the next session's end (up to
    /// [`UNSAVED_SESSIONS`]): statistics never stop the station, and a busy moment loses no
    /// count.
    pub(super) fn save_session(&mut self, record: SessionRecord) {
        let Some(usage) = self.usage.as_mut() else {
            return;
        };
        self.unsaved.push(record);
        let mut done = 0;
        for record in &self.unsaved {
            match usage.record_session(record) {
                Ok(()) => {}
                // Locked, full: kept, with those after it, for the next session's end.
                Err(error) if error.is_transient() => {
                    log::warn!("usage log: {error:#}");
                    break;
                }
                // Refused for good: never retried, so it cannot hold the others back.
                Err(error) => log::warn!("usage log: session not counted: {error:#}"),
            }
            done += 1;
        }
        self.unsaved.drain(..done);
        if self.unsaved.len() > UNSAVED_SESSIONS {
            let lost = self.unsaved.len() - UNSAVED_SESSIONS;
            self.unsaved.drain(..lost);
            log::warn!("usage log: {lost} session(s) could not be counted");
        }
    }
}

impl UsageRecords for StationServices {
    fn record_session(&mut self, summary: &SessionSummary) {
        let duration = chrono::Duration::from_std(summary.duration).unwrap_or_default();
        let record = SessionRecord {
            started_at: chrono::Utc::now() - duration,
            duration_secs: u32::try_from(summary.duration.as_secs()).unwrap_or(u32::MAX),
            kind: summary.kind,
            end_reason: summary.end_reason,
            language: summary.language,
            shortcuts: summary.shortcuts.clone(),
            extensions: summary.extensions,
            pages_printed: summary.pages_printed,
            purpose: summary.purpose,
            found: summary.found,
        };
        self.save_session(record);
    }

    fn record_out_of_service(&mut self, kind: ProblemKind) {
        let Some(usage) = self.usage.as_mut() else {
            return;
        };
        let cause = kind.code();
        let now = chrono::Utc::now();
        let mut events = vec![StationEvent::OutOfService { cause }];
        if kind == ProblemKind::ClearFailed {
            events.push(StationEvent::WipeFailed);
        }
        for event in events {
            if let Err(error) = usage.record_event(event, now) {
                log::warn!("usage log: {error:#}");
            }
        }
    }

    fn record_back_in_service(&mut self) {
        if let Some(usage) = self.usage.as_mut()
            && let Err(error) = usage.record_event(StationEvent::BackInService, chrono::Utc::now())
        {
            log::warn!("usage log: {error:#}");
        }
    }

    fn usage_report(&mut self) -> Option<Report> {
        let usage = self.usage.as_ref()?;
        let min_cell = self.settings_store.as_ref().map_or(1, |(_, m)| *m);
        let to = chrono::Local::now().date_naive();
        let mut query = ReportQuery::new(to - chrono::Days::new(365), to, Period::Month);
        query.min_cell = min_cell;
        usage
            .report(&query)
            .map_err(|error| log::warn!("usage report: {error:#}"))
            .ok()
    }
}
