//! Who the browser runs as, and how the kiosk acts as the guest account when it is not root.
//!
//! - The kiosk runs as root (tests, CI): it switches to the guest account itself when it starts
//!   the browser, and stops and wipes by uid with its own rights.
//! - The kiosk runs as an unprivileged user with `browser.guest_user` set (an installed
//!   station): everything done as the guest goes through `sudo -n -u GUEST borne guest ...`,
//!   the one rule of `assets/deploy/sudoers` (see [`cli`] for the other side). If
//!   the rule is missing, the station is out of service and says how to install it.
//! - No guest account and not root: development, one user; the welcome screen says so.
//!
//! In the sudo case, the kiosk and the guest share the guest's group: the kiosk makes the
//! session directory (its own, group of the guest, sticky), the guest makes its HOME, profile
//! and TMPDIR in it, and opens the person's files to the group for the save-to-USB screen.

use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::domain::Language;
use crate::services::browser::{BrowserKind, BrowserProgram, PageLook};
use crate::services::processes::SpawnError;
use crate::services::sandbox::KeyAccess;
use crate::services::session_bus::SessionBus;
use crate::services::session_dir::{Account, SessionDir, SessionDirError, SessionDirs};
use crate::services::wipe::{self, WipeError, WipeReport, WipeTargets};
use crate::services::x11::Rect;
use cli::{GuestAction, Ready, WipeCounts};

pub mod cli;

/// sudo, from Debian's `sudo` package.
pub const SUDO: &str = "/usr/bin/sudo";

/// Where the installer puts the shipped rule (`assets/deploy/sudoers`).
pub const SUDOERS_FILE: &str = "/etc/sudoers.d/borne";

/// Who the browser runs as, decided once at start: the four ways a kiosk can be set up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GuestMode {
    /// Development: one user, the browser runs as the kiosk's own (not locked down).
    SameUser,
    /// The kiosk runs as root with no guest account: the browser must not start.
    RootRefused,
    /// The kiosk runs as root and switches to the guest account itself.
    AsRoot(Account),
    /// An unprivileged kiosk acts as the guest account through sudo.
    ThroughSudo(GuestHelper),
}

impl GuestMode {
    /// The guest account, whichever way the kiosk reaches it.
    #[must_use]
    pub fn account(&self) -> Option<&Account> {
        match self {
            Self::SameUser | Self::RootRefused => None,
            Self::AsRoot(account) => Some(account),
            Self::ThroughSudo(helper) => Some(&helper.account),
        }
    }

    /// How an unprivileged kiosk acts as the guest; `None` when it need not.
    #[must_use]
    pub fn helper(&self) -> Option<&GuestHelper> {
        match self {
            Self::ThroughSudo(helper) => Some(helper),
            _ => None,
        }
    }
}

/// Why the guest account cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum GuestSetupError {
    /// The user database could not be read.
    #[error("looking up browser.guest_user `{name}`: {source}")]
    Lookup {
        /// The configured name.
        name: String,
        /// Why.
        source: nix::Error,
    },
    /// No such user.
    #[error("browser.guest_user `{0}` does not exist on this machine")]
    Missing(String),
    /// The guest is the kiosk's own user: nothing would separate them.
    #[error(
        "browser.guest_user `{0}` is the kiosk's own user: the browser needs an account of its own"
    )]
    KioskItself(String),
}

impl GuestMode {
    /// The mode of a kiosk running as `euid` with `guest_user` from the config; `program` is
    /// the kiosk's own executable, which sudo runs as the guest.
    ///
    /// # Errors
    /// The configured guest does not exist or is the kiosk's own user.
    pub fn for_kiosk(
        guest_user: Option<&str>,
        euid: u32,
        program: PathBuf,
    ) -> Result<Self, GuestSetupError> {
        let Some(name) = guest_user else {
            return Ok(if euid == 0 {
                Self::RootRefused
            } else {
                Self::SameUser
            });
        };
        let user = nix::unistd::User::from_name(name)
            .map_err(|source| GuestSetupError::Lookup {
                name: name.to_owned(),
                source,
            })?
            .ok_or_else(|| GuestSetupError::Missing(name.to_owned()))?;
        let account = Account {
            uid: user.uid.as_raw(),
            gid: user.gid.as_raw(),
        };
        if account.uid == euid {
            return Err(GuestSetupError::KioskItself(name.to_owned()));
        }
        Ok(if euid == 0 {
            Self::AsRoot(account)
        } else {
            Self::ThroughSudo(GuestHelper {
                name: name.to_owned(),
                account,
                program,
            })
        })
    }
}

/// Why the kiosk could not act as the guest account. Each keeps the station closed, saying
/// what to install or fix.
#[derive(Debug, thiserror::Error)]
pub enum HelperError {
    /// sudo could not be run at all.
    #[error("cannot run {SUDO} ({cause}): {hint}")]
    CannotRun {
        /// Why.
        cause: std::io::Error,
        /// How to install the sudo rule.
        hint: String,
    },
    /// `borne guest <action>` ran and failed (sudo refused, or the work failed).
    #[error("`borne guest {action}` as {name} failed ({status}): {said}")]
    Failed {
        /// The subcommand.
        action: String,
        /// The guest account.
        name: String,
        /// How it ended.
        status: std::process::ExitStatus,
        /// What it said.
        said: String,
    },
    /// The check of the rule failed: the failure, and how to install the rule.
    #[error("{failure}; {hint}")]
    NoRule {
        /// What failed.
        failure: Box<HelperError>,
        /// How to install the sudo rule.
        hint: String,
    },
    /// `borne guest ready` answered, but not as the guest account.
    #[error("`borne guest ready` did not run as the guest account `{name}` (uid {uid}); {hint}")]
    NotTheGuest {
        /// The guest account.
        name: String,
        /// Its uid.
        uid: u32,
        /// How to install the sudo rule.
        hint: String,
    },
    /// The session directory could not be made for the guest to share.
    #[error("{cause} (the kiosk user must be a member of the guest account's group, gid {gid})")]
    SharedDir {
        /// Why.
        cause: SessionDirError,
        /// The guest account's group.
        gid: u32,
    },
}

/// An unprivileged kiosk's way to act as the guest account: `sudo -n -u <name> <program> guest`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuestHelper {
    name: String,
    account: Account,
    program: PathBuf,
}

impl GuestHelper {
    /// Acting as the account `name` through sudo, running `program guest ...`.
    pub fn new(name: String, account: Account, program: PathBuf) -> Self {
        Self {
            name,
            account,
            program,
        }
    }

    /// The guest account.
    pub fn account(&self) -> &Account {
        &self.account
    }

    /// `sudo -n -u <guest> -- <program> guest <action> <args>`, with nothing of the kiosk's
    /// environment (sudo resets it anyway) and no input.
    pub fn command(&self, action: &GuestAction) -> Command {
        let mut command = Command::new(SUDO);
        command
            .args(["-n", "-u", &self.name, "--"])
            .arg(&self.program)
            .arg("guest")
            .args(action.to_args())
            .env_clear()
            .stdin(Stdio::null());
        command
    }

    fn run(&self, action: &GuestAction) -> Result<Output, HelperError> {
        let output = self
            .command(action)
            .output()
            .map_err(|cause| HelperError::CannotRun {
                cause,
                hint: self.install_hint(),
            })?;
        if output.status.success() {
            return Ok(output);
        }
        Err(HelperError::Failed {
            action: action.name().to_owned(),
            name: self.name.clone(),
            status: output.status,
            said: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        })
    }

    fn install_hint(&self) -> String {
        format!(
            "the kiosk acts as the guest account `{}` only through the sudo rule {SUDOERS_FILE}; \
             install it as root with `install -m 0440 assets/deploy/sudoers {SUDOERS_FILE} && \
             visudo -cf {SUDOERS_FILE}` (its names must match the kiosk user, the guest account \
             and {})",
            self.name,
            self.program.display()
        )
    }

    /// Checks that the sudo rule lets the kiosk act as the guest.
    ///
    /// # Errors
    /// A message that names the missing rule and the command that installs it.
    pub fn ready(&self) -> Result<(), HelperError> {
        let output = self
            .run(&GuestAction::Ready)
            .map_err(|failure| HelperError::NoRule {
                failure: Box::new(failure),
                hint: self.install_hint(),
            })?;
        let answer = Ready::parse(&String::from_utf8_lossy(&output.stdout));
        if answer
            != Some(Ready {
                uid: self.account.uid,
            })
        {
            return Err(HelperError::NotTheGuest {
                name: self.name.clone(),
                uid: self.account.uid,
                hint: self.install_hint(),
            });
        }
        Ok(())
    }

    /// Makes a session directory shared with the guest, and the guest's HOME, profile and
    /// TMPDIR in it.
    ///
    /// # Errors
    /// What failed; the directory made so far stays for the wipe.
    pub fn create_session_dir(&self, dirs: &SessionDirs) -> Result<SessionDir, HelperError> {
        let dir = dirs
            .create_shared(self.account.gid)
            .map_err(|cause| HelperError::SharedDir {
                cause,
                gid: self.account.gid,
            })?;
        self.run(&GuestAction::Prepare {
            session: dir.path().to_path_buf(),
        })?;
        Ok(dir)
    }

    /// Starts the session's D-Bus daemon as the guest; returns it and its address once its
    /// socket exists.
    pub fn spawn_bus(&self, dir: &SessionDir) -> Option<(Child, String)> {
        let action = GuestAction::Bus {
            session: dir.path().to_path_buf(),
        };
        let child = quiet(self.command(&action)).spawn().ok()?;
        Some((child, SessionBus::in_tmp(&dir.tmp()).wait_address()))
    }

    /// Starts `program` as the guest on `url` in `area`. The child is sudo, which waits for the
    /// browser and exits with it.
    ///
    /// # Errors
    /// sudo could not be started.
    #[expect(
        clippy::too_many_arguments,
        reason = "each is one argument of `borne guest launch`, checked there"
    )]
    pub fn spawn_browser(
        &self,
        dir: &SessionDir,
        program: &BrowserProgram,
        url: &str,
        area: Rect,
        language: Language,
        look: PageLook,
        with_bus: bool,
        keys: KeyAccess,
    ) -> Result<Child, SpawnError> {
        let launch = GuestAction::Launch {
            session: dir.path().to_path_buf(),
            browser: match program.kind {
                BrowserKind::Chromium => "chromium",
                BrowserKind::Firefox => "firefox",
            }
            .to_owned(),
            lang: language.code().to_owned(),
            display: std::env::var("DISPLAY").unwrap_or_else(|_| ":0".into()),
            area: format!("{},{},{},{}", area.x, area.y, area.width, area.height),
            with_bus,
            keys: keys.code().to_owned(),
            zoom: look.zoom_percent,
            high_contrast: look.high_contrast,
            screen_reader: look.screen_reader,
            keyboard: look
                .keyboard
                .map(|r| format!("{},{},{},{}", r.x, r.y, r.width, r.height)),
            url: url.to_owned(),
        };
        quiet(self.command(&launch))
            .spawn()
            .map_err(|cause| SpawnError {
                program: PathBuf::from(SUDO),
                cause,
            })
    }

    /// Stops every process of the guest account.
    ///
    /// # Errors
    /// Some survived, or the helper could not run.
    pub fn stop(&self, grace: Duration) -> Result<(), HelperError> {
        let grace_ms = u64::try_from(grace.as_millis()).unwrap_or(u64::MAX);
        self.run(&GuestAction::Stop { grace_ms }).map(|_| ())
    }

    /// Cancels the guest's unfinished print jobs (the session's page limit is reached).
    ///
    /// # Errors
    /// A job could not be cancelled, or the helper could not run.
    pub fn cancel_prints(&self) -> Result<(), HelperError> {
        self.run(&GuestAction::CancelPrints).map(|_| ())
    }

    /// Opens the person's files in HOME to the kiosk, for the save-to-USB screen.
    ///
    /// # Errors
    /// The helper could not run.
    pub fn share(&self, dir: &SessionDir) -> Result<(), HelperError> {
        self.run(&GuestAction::Share {
            session: dir.path().to_path_buf(),
        })
        .map(|_| ())
    }

    /// The whole wipe of an unprivileged kiosk: the guest removes its own files
    /// (`borne guest wipe`), the kiosk removes the session directories (its own) and clears the
    /// clipboard with its own proof ([`wipe::wipe`]), then the guest checks again, in a separate
    /// process, that nothing of it remains (`borne guest check`). The guest's print jobs are
    /// cancelled by the guest, who owns them.
    #[must_use]
    pub fn wipe(&self, dirs: &SessionDirs, targets: &WipeTargets) -> WipeReport {
        let started = Instant::now();
        let session_root = targets.session_root.clone();
        let mut problems: Vec<WipeError> = Vec::new();
        if let Err(e) = dirs.prepare_shared_root(self.account.gid) {
            problems.push(WipeError::GuestSide(e.to_string()));
        }
        let mut counts = WipeCounts::default();
        match self.run(&GuestAction::Wipe {
            session_root: session_root.clone(),
        }) {
            Ok(output) => counts = WipeCounts::parse(&String::from_utf8_lossy(&output.stdout)),
            Err(e) => problems.push(WipeError::GuestSide(e.to_string())),
        }
        let mut own = targets.clone();
        own.print_cancel = None;
        let report = wipe::wipe(&own);
        counts.files += report.files_removed;
        counts.bytes += report.bytes_removed;
        problems.extend(report.problem);
        if let Err(e) = self.run(&GuestAction::Check { session_root }) {
            problems.push(WipeError::GuestSide(e.to_string()));
        }
        WipeReport {
            files_removed: counts.files,
            bytes_removed: counts.bytes,
            duration: started.elapsed(),
            problem: problems.into_iter().next(),
        }
    }
}

/// A command whose output is not kept: the browser's messages may hold addresses.
fn quiet(mut command: Command) -> Command {
    command.stdout(Stdio::null()).stderr(Stdio::null());
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    fn helper() -> GuestHelper {
        GuestHelper::new(
            "borne-invite".into(),
            Account {
                uid: 1001,
                gid: 1001,
            },
            "/usr/bin/borne".into(),
        )
    }

    #[test]
    fn the_guest_is_reached_through_sudo_without_a_password_and_without_the_environment() {
        let command = helper().command(&GuestAction::Stop { grace_ms: 3000 });
        assert_eq!(command.get_program(), SUDO);
        let args: Vec<_> = command
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            args,
            [
                "-n",
                "-u",
                "borne-invite",
                "--",
                "/usr/bin/borne",
                "guest",
                "stop",
                "--grace-ms=3000"
            ]
        );
        assert!(command.get_envs().all(|(_, value)| value.is_none()));
    }

    #[test]
    fn a_kiosk_never_takes_itself_or_root_for_the_guest() {
        let root = GuestMode::for_kiosk(Some("root"), 0, "/usr/bin/borne".into());
        assert!(matches!(root, Err(GuestSetupError::KioskItself(_))));
        let unknown = GuestMode::for_kiosk(Some("no-such-user-borne"), 1000, "/b".into());
        assert!(matches!(unknown, Err(GuestSetupError::Missing(_))));
        let root_alone = GuestMode::for_kiosk(None, 0, "/b".into()).unwrap();
        assert_eq!(root_alone, GuestMode::RootRefused);
        let development = GuestMode::for_kiosk(None, 1000, "/b".into()).unwrap();
        assert_eq!(development, GuestMode::SameUser);
        let as_root = GuestMode::for_kiosk(Some("nobody"), 0, "/b".into()).unwrap();
        assert!(matches!(as_root, GuestMode::AsRoot(_)) && as_root.helper().is_none());
        let through_sudo = GuestMode::for_kiosk(Some("nobody"), 1000, "/b".into()).unwrap();
        assert!(through_sudo.helper().is_some() && through_sudo.account().is_some());
    }
}
