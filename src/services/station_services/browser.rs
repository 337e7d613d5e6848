//! The session's browser and the desktop: starting it (sandboxed, or as the guest through sudo),
//! idle time, the order of the windows.

use std::path::Path;
use std::process::Child;
use std::time::Duration;

use crate::domain::{Assist, Language, Problem, ProblemKind, TextSize};
use crate::services::aids;
use crate::services::browser::{
    BrowserProgram, BrowserStart, PageLook, RESTORE_TABS, SessionEnv, session_command,
};
use crate::services::guest::GuestMode;
use crate::services::processes::{SessionProcesses, SpawnError};
use crate::services::sandbox::SandboxPaths;
use crate::services::session_bus::{DBUS_DAEMON, SessionBus};
use crate::services::session_dir::Account;
use crate::services::x11::{Rect, X11Desktop, browser_area};
use crate::services::{interruption, sandbox};
use crate::supervisor::{Browser, Desktop};

use super::{BrowserStartError, Running, StationServices};

impl StationServices {
    pub(super) fn start_browser(
        &self,
        running: &mut Running,
        program: &BrowserProgram,
        url: &str,
        language: Language,
        look: PageLook,
    ) -> Result<Child, BrowserStartError> {
        if let Some(helper) = self.settings.guest.helper() {
            if running.bus.is_none() {
                running.bus = helper.spawn_bus(&running.dir);
            }
            let area = self.area_above(look.keyboard);
            let with_bus = running.bus.is_some();
            return Ok(helper.spawn_browser(
                &running.dir,
                program,
                url,
                area,
                language,
                look,
                with_bus,
                self.settings.usb_keys,
            )?);
        }
        let paths = SandboxPaths::of_session(&running.dir, self.settings.usb_keys);
        if !running.prepared {
            // Once, before any process of the guest runs in this session. Whatever the kiosk
            // running as root writes into the guest's folders later (the profile's `user.js`,
            // the bus's config) replaces the file, never writes through a link the guest could
            // have left there.
            let profile = running.dir.profile();
            program
                .prepare_profile(&profile, language, look, false)
                .map_err(|cause| BrowserStartError::Prepare {
                    what: "the browser profile".to_owned(),
                    cause,
                })?;
            if self.settings.sandbox {
                // The browser's account: the guest's, or the kiosk's own on a one-user station.
                let account = self
                    .settings
                    .guest
                    .account()
                    .copied()
                    .unwrap_or_else(Account::current);
                program
                    .prepare_sandbox(&paths, language, account)
                    .map_err(|cause| BrowserStartError::Prepare {
                        what: "the browser's sandbox".to_owned(),
                        cause,
                    })?;
            }
            if let Some(guest) = self.settings.guest.account() {
                for dir in [running.dir.home(), running.dir.tmp(), profile] {
                    crate::services::session_dir::chown_tree(&dir, guest).map_err(|cause| {
                        BrowserStartError::Prepare {
                            what: format!("{} for the guest", dir.display()),
                            cause,
                        }
                    })?;
                }
            }
            running.prepared = true;
        }
        if running.bus.is_none() {
            running.bus = self.start_bus(running, language);
        }
        let bus_socket = running
            .bus
            .as_ref()
            .map(|_| SessionBus::in_tmp(&running.dir.tmp()).socket);
        let start = BrowserStart {
            program,
            paths,
            sandboxed: self.settings.sandbox,
            url,
            area: self.area_above(look.keyboard),
            language,
            look,
            marker: running.processes.marker(),
            bus_socket,
        };
        let mut command = start.command();
        if let Some(guest) = self.settings.guest.account() {
            std::os::unix::process::CommandExt::uid(&mut command, guest.uid);
            std::os::unix::process::CommandExt::gid(&mut command, guest.gid);
        }
        let spawned = if self.settings.sandbox {
            Path::new(sandbox::BWRAP)
        } else {
            program.path.as_path()
        };
        Ok(command.spawn().map_err(|cause| SpawnError {
            program: spawned.to_path_buf(),
            cause,
        })?)
    }

    /// Starts the session's private D-Bus bus. Without it the browser still works, but Firefox
    /// cannot take a second site in its running window.
    pub(super) fn start_bus(
        &self,
        running: &Running,
        language: Language,
    ) -> Option<(Child, String)> {
        let program = Path::new(DBUS_DAEMON);
        if !program.exists() {
            return None;
        }
        let bus = SessionBus::in_tmp(&running.dir.tmp());
        // Root's, readable: the guest's daemon only reads it.
        bus.write_config().ok()?;
        let child = self
            .spawn_in_session(running, program, &bus.args(), language)
            .ok()?;
        Some((child, bus.wait_address()))
    }

    pub(super) fn spawn_in_session(
        &self,
        running: &Running,
        program: &Path,
        args: &[String],
        language: Language,
    ) -> Result<Child, SpawnError> {
        let home = running.dir.home();
        let downloads = running.dir.downloads();
        let tmp = running.dir.tmp();
        let env = SessionEnv {
            home: &home,
            downloads: &downloads,
            tmp: &tmp,
            language,
            marker: running.processes.marker(),
            bus: running.bus.as_ref().map(|(_, address)| address.clone()),
        };
        let mut command = session_command(program, args, &env);
        command.current_dir(&home);
        if let Some(guest) = self.settings.guest.account() {
            std::os::unix::process::CommandExt::uid(&mut command, guest.uid);
            std::os::unix::process::CommandExt::gid(&mut command, guest.gid);
        }
        command.spawn().map_err(|cause| SpawnError {
            program: program.to_path_buf(),
            cause,
        })
    }

    /// The screen's size in pixels (1280x800 without X, in tests).
    pub(super) fn screen(&self) -> (u32, u32) {
        self.desktop
            .as_ref()
            .map_or((1280, 800), X11Desktop::screen_size)
    }

    /// Where the browser's windows go now: under the bar, above the keyboard if the running
    /// browser has one.
    pub(super) fn area(&self) -> Rect {
        let keyboard = self
            .session
            .as_ref()
            .and_then(|running| running.look)
            .and_then(|look| look.keyboard);
        self.area_above(keyboard)
    }

    /// Where the browser's windows go, under the bar and above `keyboard`.
    pub(super) fn area_above(&self, keyboard: Option<Rect>) -> Rect {
        let screen = self.screen();
        // With a larger text the bar is drawn larger: the browser goes below it all the same.
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss,
            reason = "a bar of a few hundred pixels at most"
        )]
        let bar = (self.settings.bar_height_px as f32 * self.text_size.zoom(screen.1 as f32)).ceil()
            as u32;
        let mut area = browser_area(screen, bar);
        if let Some(keyboard) = keyboard {
            area.height = area.height.saturating_sub(keyboard.height).max(1);
        }
        area
    }

    /// Where the on-screen keyboard goes: along the bottom of the screen, the whole width,
    /// 35 % of the height (at most 360 pixels: keys of a good size for a finger).
    fn keyboard_place(&self) -> Rect {
        let (width, height) = self.screen();
        let keyboard = (height * 35 / 100).min(360);
        Rect {
            x: 0,
            y: i32::try_from(height - keyboard).unwrap_or(0),
            width,
            height: keyboard,
        }
    }

    /// How the pages are drawn for the person's choices: zoomed as the screens are, in high
    /// contrast and read aloud if they asked.
    pub(super) fn page_look(&self, assist: Assist) -> PageLook {
        let screen = self.screen();
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss,
            reason = "100 to 130"
        )]
        let zoom_percent = (assist.text_size.zoom(screen.1 as f32) * 100.0).round() as u16;
        // Orca and the keyboard run in the sandbox, if installed: otherwise asking for them
        // changes nothing (no browser started again for nothing, no page shortened for a
        // keyboard that is not there).
        let sandboxed = self.settings.sandbox;
        PageLook {
            zoom_percent,
            high_contrast: assist.high_contrast,
            screen_reader: assist.read_aloud && aids::screen_reader_can_start(sandboxed),
            keyboard: (assist.on_screen_keyboard && aids::keyboard_can_start(sandboxed))
                .then(|| self.keyboard_place()),
        }
    }
}

/// Whether process `pid` is the on-screen keyboard (Debian `onboard`, started by the aids'
/// starter).
fn is_on_screen_keyboard(pid: u32) -> bool {
    i32::try_from(pid)
        .ok()
        .and_then(|pid| procfs::process::Process::new(pid).ok())
        .and_then(|process| process.stat().ok())
        .is_some_and(|stat| stat.comm == "onboard")
}

/// How long a browser whose windows were closed gets to quit, before the session's processes
/// are stopped.
const BROWSER_QUITS_WITHIN: Duration = Duration::from_secs(8);

/// The browser did not start, and why.
fn browser_failed(detail: &dyn std::fmt::Display) -> Problem {
    Problem {
        kind: ProblemKind::BrowserFailed,
        detail: detail.to_string(),
    }
}

impl StationServices {
    /// Closes the browser's windows as the person would, and waits up to
    /// [`BROWSER_QUITS_WITHIN`] for it to quit: it then keeps its tabs and the sites' session
    /// cookies (the person's logins) for its next start. A browser stopped with a signal
    /// loses its session cookies (Chromium), or more.
    fn close_browser_windows(&self, running: &mut Running) {
        let Some(desktop) = &self.desktop else {
            return;
        };
        let roots: Vec<u32> = running.browser.iter().map(Child::id).collect();
        let session = running.processes.find(&roots);
        // The topmost first (a site's pop-up), the main window last: a browser brings back
        // the tabs of the window it closed last.
        for window in desktop
            .windows_of(&session)
            .unwrap_or_default()
            .iter()
            .rev()
        {
            if !window.pid.is_some_and(is_on_screen_keyboard) {
                desktop.close(window.id).ok();
            }
        }
        let until = std::time::Instant::now() + BROWSER_QUITS_WITHIN;
        while std::time::Instant::now() < until
            && running
                .browser
                .as_mut()
                .is_some_and(|child| matches!(child.try_wait(), Ok(None)))
        {
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Starts the session's browser on `url` when none runs, and notes it for a recovery.
    fn start_new_browser(
        &self,
        running: &mut Running,
        program: &BrowserProgram,
        url: &str,
        language: Language,
        look: PageLook,
    ) -> Result<(), Problem> {
        // The profile of the root kiosk's browser, for this start (the first start prepares it
        // with the sandbox; the sudo helper writes it at each start, as the guest). Replaced,
        // never written through a link the guest could have left there.
        if running.prepared && self.settings.guest.helper().is_none() {
            program
                .prepare_profile(&running.dir.profile(), language, look, url == RESTORE_TABS)
                .map_err(|e| browser_failed(&format!("cannot prepare the profile: {e}")))?;
        }
        let mut child = self
            .start_browser(running, program, url, language, look)
            .map_err(|e| browser_failed(&e))?;
        // A browser that cannot start (wrong user, missing library) exits at once.
        std::thread::sleep(Duration::from_millis(300));
        let early_exit = match child.try_wait() {
            Ok(Some(status)) => Some(status.to_string()),
            _ => None,
        };
        // For the next start, if the kiosk crashes while this runs.
        if let Some(started) = SessionProcesses::start_time(child.id())
            && let Err(error) = interruption::note_process(running.dir.path(), child.id(), started)
        {
            log::warn!("cannot note the browser for a recovery: {error}");
        }
        running.browser = Some(child);
        running.look = Some(look);
        match early_exit {
            Some(status) => Err(browser_failed(&format!(
                "{} stopped at once ({status})",
                program.path.display()
            ))),
            None => Ok(()),
        }
    }
}

impl Browser for StationServices {
    fn open_site(&mut self, url: &str, language: Language, assist: Assist) -> Result<(), Problem> {
        let look = self.page_look(assist);
        if self.settings.guest == GuestMode::RootRefused {
            return Err(browser_failed(
                &"the kiosk runs as root and browser.guest_user is not set",
            ));
        }
        let Some(program) = self.settings.browser.clone() else {
            return Err(browser_failed(&"no Chromium or Firefox is installed"));
        };
        let Some(running) = self.session.take() else {
            return Err(browser_failed(&"no session is running"));
        };
        let result = (|| {
            let mut running = running;
            running
                .handovers
                .retain_mut(|child| matches!(child.try_wait(), Ok(None)));
            let alive = running
                .browser
                .as_mut()
                .is_some_and(|child| matches!(child.try_wait(), Ok(None)));
            if alive {
                // The running browser takes the new site in a tab; this second process exits.
                // As the running browser was started: its aids (screen reader, keyboard) stay as
                // they are until the person agrees to change its pages.
                let look = running.look.unwrap_or(look);
                let second = self
                    .start_browser(&mut running, &program, url, language, look)
                    .map(|child| running.handovers.push(child))
                    .map_err(|e| browser_failed(&e));
                return (running, second);
            }
            let started = self.start_new_browser(&mut running, &program, url, language, look);
            (running, started)
        })();
        self.session = Some(result.0);
        result.1
    }

    fn restyle_browser(&mut self, language: Language, assist: Assist) -> Result<bool, Problem> {
        let look = self.page_look(assist);
        let (Some(program), true) = (self.settings.browser.clone(), self.browser_running()) else {
            return Ok(false);
        };
        let Some(mut running) = self.session.take() else {
            return Ok(false);
        };
        if running.look == Some(look) {
            self.session = Some(running);
            return Ok(false);
        }
        log::info!("the person's choices changed how pages look: the browser starts again");
        self.close_browser_windows(&mut running);
        let result = match self.stop_processes(&mut running) {
            Ok(_) => self.start_new_browser(&mut running, &program, RESTORE_TABS, language, look),
            Err(e) => Err(browser_failed(&format!("cannot stop the browser: {e}"))),
        };
        self.session = Some(running);
        result.map(|()| true)
    }

    fn browser_running(&mut self) -> bool {
        let Some(child) = self
            .session
            .as_mut()
            .and_then(|running| running.browser.as_mut())
        else {
            return false;
        };
        match child.try_wait() {
            Ok(None) => true,
            Ok(Some(status)) => {
                // Said once (the station then stops expecting a browser): how it ended (a
                // crash, a signal, its last window closed) is what staff and a failed test need.
                log::info!("the session's browser has ended by itself: {status}");
                false
            }
            Err(_) => false,
        }
    }
}

impl Desktop for StationServices {
    fn idle(&mut self) -> Duration {
        self.desktop
            .as_ref()
            .and_then(|desktop| desktop.idle_ms().ok())
            .map_or(Duration::ZERO, Duration::from_millis)
    }

    fn arrange_windows(&mut self, shell_on_top: bool, text_size: TextSize) {
        self.text_size = text_size;
        let Some(desktop) = &self.desktop else {
            return;
        };
        let Ok(windows) = desktop.top_level_windows() else {
            return;
        };
        let own = std::process::id();
        if shell_on_top {
            self.browser_has_keyboard = false;
            for window in windows.iter().filter(|w| w.pid == Some(own) && w.mapped) {
                desktop.raise(window.id).ok();
                // No window manager gives the keyboard: the PIN pad and the forms need it.
                desktop.focus(window.id).ok();
            }
            return;
        }
        let Some(running) = &self.session else {
            return;
        };
        let candidates: Vec<_> = windows
            .iter()
            .filter(|w| w.mapped && !w.override_redirect && w.pid.is_some_and(|p| p != own))
            .collect();
        if candidates
            .iter()
            .any(|w| w.pid.is_some_and(|p| !self.window_pids.contains(&p)))
        {
            let roots: Vec<u32> = running.browser.iter().map(Child::id).collect();
            self.window_pids = running.processes.find(&roots);
        }
        let area = self.area();
        let keyboard_place = running.look.and_then(|look| look.keyboard);
        let ours: Vec<_> = candidates
            .into_iter()
            .filter(|w| w.pid.is_some_and(|p| self.window_pids.contains(&p)))
            .collect();
        let top_is_ours = windows
            .iter()
            .rev()
            .find(|w| w.mapped && !w.override_redirect)
            .is_some_and(|top| ours.iter().any(|w| w.id == top.id));
        // The on-screen keyboard's windows go under the pages, above them in the stack.
        let (keyboards, browsers): (Vec<_>, Vec<_>) = ours
            .into_iter()
            .partition(|w| w.pid.is_some_and(is_on_screen_keyboard));
        for window in &browsers {
            // A window that closed meanwhile is no error: pop-ups come and go.
            if window.rect != area {
                desktop.place(window.id, area).ok();
            }
            if !top_is_ours {
                desktop.raise(window.id).ok();
            }
        }
        for window in &keyboards {
            if let Some(place) = keyboard_place
                && window.rect != place
            {
                desktop.place(window.id, place).ok();
            }
            if !top_is_ours {
                desktop.raise(window.id).ok();
            }
        }
        // The keyboard follows the browser once each time it comes above the shell; after that
        // the person's own clicks decide (a dialog, another tab). Never to the on-screen
        // keyboard: its keys go where the keyboard is. Lost, it comes back at the next tick: on
        // the kiosk's own window, covered by the pages, what the person typed would go to a
        // screen they cannot see; on no window (the dialog that had it closed), to the window
        // under the pointer, the bar maybe, or nowhere.
        let keyboard_lost = desktop.focused().is_ok_and(|focused| {
            desktop.focus_is_on_no_window(focused)
                || windows
                    .iter()
                    .any(|w| w.id == focused && w.pid == Some(own))
        });
        if (!self.browser_has_keyboard || keyboard_lost)
            && let Some(top) = browsers.last()
            && desktop.focus(top.id).is_ok()
        {
            self.browser_has_keyboard = true;
        }
    }
}
