//! The session's place: made at the start, wiped and proven at the end, recovered after a crash;
//! and the person's files in it, offered on the save screen for their USB keys.

use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::{Duration, Instant};

use crate::domain::{CopyFailure, DriveSummary, FileSummary, Problem, ProblemKind, SessionKind};
use crate::services::interruption;
use crate::services::printing::SessionPrints;
use crate::services::processes::SessionProcesses;
use crate::services::usb;
use crate::services::wipe::{WipeReport, WipeTargets, wipe};
use crate::supervisor::{PersonFiles, SessionPlace};

use super::{
    KEEP_NOTE_EVERY, Running, SPACE_FULL_BELOW_BYTES, StationServices, clear_failed, reap_children,
    reap_until_settled,
};

impl StationServices {
    /// Stops every process of `running`, wipes, and proves that nothing of it remains.
    pub(super) fn clear_running(&mut self, running: &mut Running) -> Result<(), Problem> {
        let roots = self.stop_processes(running).map_err(|e| clear_failed(&e))?;
        // The wipe and its proof: session directory, the guest's temporary files, clipboard,
        // print jobs (see `wipe`).
        let report = self.run_wipe(Some(running.dir.path().to_path_buf()));
        self.record_wipe(&report);
        if let Some(problem) = report.problem {
            return Err(clear_failed(&problem));
        }
        // Processes of the session found by marker too (one-user demonstration mode).
        let left = running.processes.find(&roots);
        if !left.is_empty() {
            return Err(clear_failed(&format!(
                "{} process(es) of the session appeared after the stop",
                left.len()
            )));
        }
        if running.dir.path().exists() {
            return Err(clear_failed(&"the session directory is still there"));
        }
        Ok(())
    }

    /// Stops every process of the session (the browser, its bus, what they started), reaped;
    /// returns the pids the stop started from.
    pub(super) fn stop_processes(
        &mut self,
        running: &mut Running,
    ) -> Result<Vec<u32>, Box<dyn std::error::Error>> {
        let roots: Vec<u32> = running
            .browser
            .iter()
            .chain(&running.handovers)
            .chain(running.bus.iter().map(|(child, _)| child))
            .map(Child::id)
            .collect();
        let mut reap = || {
            let bus = running.bus.iter_mut().map(|(child, _)| child);
            for child in running
                .browser
                .iter_mut()
                .chain(&mut running.handovers)
                .chain(bus)
            {
                child.try_wait().ok();
            }
            reap_children();
        };
        if let Some(helper) = self.settings.guest.helper() {
            helper.stop(self.settings.stop_grace)?;
        }
        running
            .processes
            .stop_all(&roots, self.settings.stop_grace, &mut reap)?;
        reap_until_settled(&mut reap);
        running.browser = None;
        running.handovers.clear();
        running.bus = None;
        running.look = None;
        Ok(roots)
    }

    /// Keeps the wipe's report (counts, duration, success) in the usage log.
    pub(super) fn record_wipe(&mut self, report: &WipeReport) {
        let Some(usage) = self.usage.as_mut() else {
            return;
        };
        let duration_ms = u64::try_from(report.duration.as_millis()).unwrap_or(u64::MAX);
        if let Err(error) = usage.record_wipe(
            report.files_removed,
            report.bytes_removed,
            duration_ms,
            report.problem.is_none(),
            chrono::Utc::now(),
        ) {
            log::warn!("usage log: {error:#}");
        }
    }

    /// The wipe and its proof, through the guest account when the kiosk is not root.
    pub(super) fn run_wipe(&self, session_dir: Option<PathBuf>) -> WipeReport {
        let targets = self.wipe_targets(session_dir);
        match self.settings.guest.helper() {
            Some(helper) => helper.wipe(&self.dirs, &targets),
            None => wipe(&targets),
        }
    }

    pub(super) fn wipe_targets(&self, session_dir: Option<PathBuf>) -> WipeTargets {
        WipeTargets::for_station(
            self.settings.session_root.clone(),
            session_dir,
            self.settings.guest.account().map(|g| g.uid),
            std::env::var("DISPLAY").ok(),
        )
    }
}

impl SessionPlace for StationServices {
    fn prepare_session(&mut self, kind: SessionKind, longest: Duration) -> Result<(), Problem> {
        self.check_policies()?;
        let dir = match self.settings.guest.helper() {
            // A rule removed while the kiosk runs: say which rule, and how to put it back.
            Some(helper) => helper
                .create_session_dir(&self.dirs)
                .map_err(|error| helper.ready().err().unwrap_or(error).to_string()),
            None => self.dirs.create().map_err(|e| e.to_string()),
        }
        .map_err(|detail| Problem {
            kind: ProblemKind::SessionSetup,
            detail,
        })?;
        // What the usage log needs to count this session if a crash interrupts it.
        let now = chrono::Utc::now();
        let note = interruption::write_start(dir.path(), kind, longest, now);
        note.map_err(|e| Problem {
            kind: ProblemKind::SessionSetup,
            detail: format!("cannot note the start of the session: {e}"),
        })?;
        if let Some(state) = &self.settings.open_notes
            && let Err(error) = interruption::note_open(state, dir.id(), kind, longest, now)
        {
            // Only the count of a session that a power cut would end is at stake.
            log::warn!("cannot keep the session's note on disk: {error}");
        }
        let processes =
            SessionProcesses::new(dir.id(), self.settings.guest.account().map(|g| g.uid));
        self.session = Some(Running {
            dir,
            processes,
            browser: None,
            bus: None,
            listed: Vec::new(),
            handovers: Vec::new(),
            noted_at: Instant::now(),
            prepared: false,
            look: None,
            prints: SessionPrints::new(now.timestamp()),
            prints_unknown: false,
        });
        self.window_pids.clear();
        Ok(())
    }

    fn clear_session(&mut self) -> Result<(), Problem> {
        let Some(mut running) = self.session.take() else {
            // Nothing is known of a session (a recovery at start failed and staff retry):
            // stop everything of the guest and wipe everything under the session root.
            return self.recover().map(|_| ());
        };
        match self.clear_running(&mut running) {
            Ok(()) => {
                self.window_pids.clear();
                if let Some(state) = &self.settings.open_notes
                    && let Err(error) = interruption::close_open(state, running.dir.id())
                {
                    log::warn!("cannot remove the session's note on disk: {error}");
                }
                Ok(())
            }
            Err(problem) => {
                // Keep what is known of the session, so that a retry stops and wipes it again.
                self.session = Some(running);
                Err(problem)
            }
        }
    }

    fn session_space_full(&mut self) -> bool {
        let Ok(space) = nix::sys::statvfs::statvfs(&self.settings.session_root) else {
            return false;
        };
        let block = space.fragment_size();
        let available = space.blocks_available() * block;
        let total = space.blocks() * block;
        // Full enough that a download or the browser's profile can no longer grow.
        available < (total / 50).max(SPACE_FULL_BELOW_BYTES)
    }

    fn keep_session_noted(&mut self) {
        let (Some(state), Some(running)) = (&self.settings.open_notes, self.session.as_mut())
        else {
            return;
        };
        if running.noted_at.elapsed() < KEEP_NOTE_EVERY {
            return;
        }
        running.noted_at = Instant::now();
        if let Err(error) = interruption::keep_open(state, running.dir.id()) {
            log::warn!("cannot renew the session's note on disk: {error}");
        }
    }
}

impl PersonFiles for StationServices {
    fn list_files(&mut self) -> Vec<FileSummary> {
        let Some(running) = self.session.as_mut() else {
            return Vec::new();
        };
        if let Some(helper) = self.settings.guest.helper()
            && let Err(error) = helper.share(&running.dir)
        {
            // The files the kiosk can read are still offered.
            log::warn!("{error}");
        }
        running.listed = usb::person_files(&running.dir.home());
        running
            .listed
            .iter()
            .map(|file| FileSummary {
                name: file.name.clone(),
                size_bytes: file.size_bytes,
                kind: file.kind,
            })
            .collect()
    }

    fn drives(&mut self) -> Vec<DriveSummary> {
        usb::removable_drives()
            .into_iter()
            .map(|drive| DriveSummary {
                mount_point: drive.mount_point.display().to_string(),
                label: drive.label,
                free_bytes: drive.free_bytes,
            })
            .collect()
    }

    fn copy_files(
        &mut self,
        mount_point: &str,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<u32, CopyFailure> {
        let Some(running) = self.session.as_ref() else {
            return Err(CopyFailure::Failed { copied: 0 });
        };
        let Some(drive) = usb::removable_drives()
            .into_iter()
            .find(|d| d.mount_point == Path::new(mount_point))
        else {
            return Err(CopyFailure::DriveGone);
        };
        let copied = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        match usb::copy_to_drive(&running.listed, &drive, progress) {
            Ok(report) => Ok(copied(report.files_copied)),
            Err(error) => {
                // The message names the key, never a file of the person.
                log::warn!("copy to a USB key failed: {error}");
                Err(match error {
                    usb::UsbError::NotEnoughSpace { needed, free, .. } => {
                        CopyFailure::NotEnoughSpace {
                            needed_bytes: needed,
                            free_bytes: free,
                        }
                    }
                    usb::UsbError::ReadOnly { .. } => CopyFailure::ReadOnly,
                    usb::UsbError::DriveGone { .. } => CopyFailure::DriveGone,
                    usb::UsbError::FileChanged { copied: n, .. }
                    | usb::UsbError::Read { copied: n, .. }
                    | usb::UsbError::Write { copied: n, .. }
                    | usb::UsbError::NoFreeName { copied: n, .. } => {
                        CopyFailure::Failed { copied: copied(n) }
                    }
                })
            }
        }
    }
}
