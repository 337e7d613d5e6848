//! What the session prints, and reading aloud.

use std::path::Path;

use crate::domain::{Language, PrintStatus};
use crate::services::printing;
use crate::supervisor::{Printing, Speech};

use super::StationServices;

impl Printing for StationServices {
    fn print_status(&mut self) -> Option<PrintStatus> {
        let running = self.session.as_mut()?;
        let socket = Path::new(printing::CUPS_SOCKET);
        // No scheduler here: nothing can have printed.
        if !socket.exists() {
            return None;
        }
        match printing::jobs(socket) {
            Ok(jobs) => Some(running.prints.update(&jobs, chrono::Utc::now().timestamp())),
            Err(error) => {
                if !running.prints_unknown {
                    running.prints_unknown = true;
                    log::warn!("printing: {error}");
                }
                None
            }
        }
    }

    fn stop_printing(&mut self) {
        // Told to the journal; the next wipe cancels what is left, or fails closed.
        let told = |error: &dyn std::fmt::Display| {
            log::warn!("printing: cannot stop the session's printing: {error}");
        };
        match (self.settings.guest.helper(), self.settings.guest.account()) {
            (Some(helper), _) => helper.cancel_prints().map_err(|e| told(&e)).ok(),
            (None, guest) => {
                let uid = guest
                    .as_ref()
                    .map_or(nix::unistd::getuid().as_raw(), |g| g.uid);
                printing::cancel_guest_jobs(Path::new(printing::CUPS_CANCEL), uid)
                    .map_err(|e| told(&e))
                    .ok()
            }
        };
    }
}

impl Speech for StationServices {
    fn speak(&mut self, text: &str, language: Language) {
        self.speaker.say(text, language);
    }
}
