//! `borne guest <action>`: the guest account's side of a station whose kiosk is not root.
//!
//! An installed kiosk runs as an unprivileged user and has one privilege: the sudo rule of
//! `assets/deploy/sudoers` lets it run `borne guest ...` as the guest account, never as root.
//! Each action does one piece of guest-side work: make the guest's part of a session
//! directory, start the session's D-Bus daemon or the browser, let the kiosk read the person's
//! files for the save-to-USB screen, stop every process of the guest, remove its files, and
//! check that nothing of it remains. The kiosk side is `services::guest`.
//!
//! sudo resets the environment, so everything comes as arguments, and every argument is
//! checked here, whatever the kiosk meant: this program refuses to run as root or as the
//! kiosk's own user (it must be started by sudo, which says who called it), only takes session
//! directories inside a session root that the calling kiosk owns, only starts a known browser
//! (found on a fixed PATH) on an http or https address, and only ever stops or removes what
//! belongs to its own uid.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Subcommand};

use crate::domain::Language;
use crate::services::browser::PageLook;
use crate::services::printing;
use crate::services::sandbox::KeyAccess;
use crate::services::wipe::{self, WipeTargets};

mod actions;
mod checks;
mod protocol;

use actions::*;
pub use checks::*;
pub use protocol::{Ready, WipeCounts};

/// The PATH the browser is looked for on: never the caller's.
pub const SAFE_PATH: &str = "/usr/local/bin:/usr/bin:/bin";

/// The arguments of `borne guest`.
#[derive(Args, Debug)]
pub struct GuestArgs {
    /// What to do as the guest account.
    #[command(subcommand)]
    pub action: GuestAction,
}

/// What the kiosk may ask of the guest account.
#[derive(Subcommand, Debug, Clone, PartialEq, Eq)]
pub enum GuestAction {
    /// Says that the sudo rule works: prints `ready uid=<uid>`.
    Ready,
    /// Makes the guest's part of a session directory: HOME, downloads, profile and TMPDIR.
    Prepare {
        /// The session directory, made by the kiosk.
        #[arg(long)]
        session: PathBuf,
    },
    /// Starts the session's private D-Bus daemon (this process becomes it).
    Bus {
        /// The session directory.
        #[arg(long)]
        session: PathBuf,
    },
    /// Starts the browser on `url` (this process becomes it).
    Launch {
        /// The session directory.
        #[arg(long)]
        session: PathBuf,
        /// chromium or firefox.
        #[arg(long)]
        browser: String,
        /// The session's language: fr or en.
        #[arg(long)]
        lang: String,
        /// The X display, e.g. `:0`.
        #[arg(long)]
        display: String,
        /// Where the browser window goes: `x,y,width,height`.
        #[arg(long)]
        area: String,
        /// Use the session's D-Bus bus (started with `bus`).
        #[arg(long)]
        with_bus: bool,
        /// What the browser may do with USB keys: none, read-only or read-write.
        #[arg(long)]
        keys: String,
        /// How large the pages are drawn, in percent: 100 to 200 (the person's text size).
        #[arg(long, default_value_t = 100)]
        zoom: u16,
        /// High contrast: light text on black wherever the browser can.
        #[arg(long)]
        high_contrast: bool,
        /// Reading aloud: the Orca screen reader reads the pages.
        #[arg(long)]
        screen_reader: bool,
        /// Where the on-screen keyboard goes, under the pages: `x,y,width,height`.
        #[arg(long)]
        keyboard: Option<String>,
        /// The address to open: http or https only; empty: the tabs of the browser's last run.
        url: String,
    },
    /// Lets the kiosk read the person's files in HOME, for the save-to-USB screen.
    Share {
        /// The session directory.
        #[arg(long)]
        session: PathBuf,
    },
    /// Cancels the guest's unfinished print jobs: the session printed its limit of pages.
    CancelPrints,
    /// Stops every process of the guest account: SIGTERM, a grace, then SIGKILL.
    Stop {
        /// How long processes get after SIGTERM, in milliseconds.
        #[arg(long, default_value_t = 3000)]
        grace_ms: u64,
    },
    /// Removes every file of the guest account under the session root, in the temporary
    /// directories and in its home, and cancels its print jobs; prints `files=N bytes=M`.
    Wipe {
        /// The kiosk's session root.
        #[arg(long)]
        session_root: PathBuf,
    },
    /// Checks that no process and no file of the guest account remains.
    Check {
        /// The kiosk's session root.
        #[arg(long)]
        session_root: PathBuf,
    },
}

/// Why `borne guest` did not do what it was asked.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum GuestError {
    /// It runs as the wrong user, or not through sudo.
    #[error("refuses to run: {0}")]
    Refused(String),
    /// An argument is not acceptable.
    #[error("invalid {what}: {why}")]
    Invalid {
        /// Which argument.
        what: &'static str,
        /// Why it is refused.
        why: String,
    },
    /// The work itself failed.
    #[error("{0}")]
    Failed(String),
}

impl GuestError {
    /// The exit code the kiosk sees: 3 refused, 4 invalid argument, 5 failed (sudo itself
    /// exits with 1 when it refuses).
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Refused(_) => 3,
            Self::Invalid { .. } => 4,
            Self::Failed(_) => 5,
        }
    }
}

/// Who runs `borne guest`: the kernel's ids, and the kiosk that called sudo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caller {
    /// Real uid: the guest account's.
    pub uid: u32,
    /// Effective uid.
    pub euid: u32,
    /// The uid that ran sudo (`SUDO_UID`): the kiosk's.
    pub kiosk_uid: Option<u32>,
}

impl Caller {
    /// The caller of this process.
    pub fn current() -> Self {
        Self {
            uid: nix::unistd::getuid().as_raw(),
            euid: nix::unistd::geteuid().as_raw(),
            kiosk_uid: std::env::var("SUDO_UID")
                .ok()
                .and_then(|uid| uid.parse().ok()),
        }
    }

    /// Checks that this process is a guest account started by another (the kiosk) through sudo,
    /// and returns the kiosk's uid.
    ///
    /// This keeps a mistaken call (the kiosk without sudo, root by hand) from acting; it is no
    /// wall against the guest itself, who could set `SUDO_UID` but gains nothing by it: every
    /// action only does what the guest account may do anyway.
    ///
    /// # Errors
    /// [`GuestError::Refused`] as root, as a set-uid program, without sudo, or as the kiosk's
    /// own user.
    pub fn check(&self) -> Result<u32, GuestError> {
        let refuse = |why: &str| Err(GuestError::Refused(why.to_owned()));
        if self.uid == 0 || self.euid == 0 {
            return refuse("it never runs as root: run it as the guest account");
        }
        if self.uid != self.euid {
            return refuse("its real and effective users differ");
        }
        let Some(kiosk_uid) = self.kiosk_uid else {
            return refuse("it is started by the kiosk through sudo only (no SUDO_UID)");
        };
        if kiosk_uid == self.uid {
            return refuse("it runs as the kiosk's own user, not as a separate guest account");
        }
        Ok(kiosk_uid)
    }
}

/// Runs `borne guest <action>` and reports on stderr: the whole of the subcommand.
pub fn run(args: &GuestArgs) -> ExitCode {
    match perform(&args.action, &Caller::current()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            log::error!("guest: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

/// Checks the caller and the arguments, then does `action`. `launch` and `bus` only return on
/// failure: on success this process has become the browser or the bus.
///
/// # Errors
/// A refused caller or argument, or the failure of the work.
pub fn perform(action: &GuestAction, caller: &Caller) -> Result<(), GuestError> {
    let kiosk_uid = caller.check()?;
    match action {
        GuestAction::Ready => say(&Ready { uid: caller.uid }.to_string()),
        GuestAction::Prepare { session } => prepare(&session_dir(session, kiosk_uid)?, caller.uid),
        GuestAction::Bus { session } => Err(start_bus(&session_dir(session, kiosk_uid)?)),
        GuestAction::Launch {
            session,
            browser,
            lang,
            display,
            area,
            with_bus,
            keys,
            zoom,
            high_contrast,
            screen_reader,
            keyboard,
            url,
        } => {
            if !(100..=200).contains(zoom) {
                return Err(invalid("zoom", format!("must be 100 to 200, found {zoom}")));
            }
            let launch = Launch {
                look: PageLook {
                    zoom_percent: *zoom,
                    high_contrast: *high_contrast,
                    screen_reader: *screen_reader,
                    keyboard: keyboard.as_deref().map(parse_area).transpose()?,
                },
                keys: KeyAccess::from_code(keys).ok_or_else(|| GuestError::Invalid {
                    what: "keys",
                    why: format!("must be none, read-only or read-write, found {keys:?}"),
                })?,
                dir: session_dir(session, kiosk_uid)?,
                browser: parse_browser(browser)?,
                language: Language::from_code(lang).ok_or_else(|| GuestError::Invalid {
                    what: "language",
                    why: format!("must be fr or en, found {lang:?}"),
                })?,
                display: parse_display(display)?,
                area: parse_area(area)?,
                with_bus: *with_bus,
                url: parse_url(url)?,
            };
            Err(launch.exec())
        }
        GuestAction::Share { session } => {
            share(&session_dir(session, kiosk_uid)?.home(), caller.uid);
            Ok(())
        }
        GuestAction::CancelPrints => {
            let cancel = Path::new(printing::CUPS_CANCEL);
            if !cancel.exists() || !printing::scheduler_configured() {
                return Ok(());
            }
            printing::cancel_guest_jobs(cancel, caller.uid)
                .map_err(|e| GuestError::Failed(e.to_string()))
        }
        GuestAction::Stop { grace_ms } => {
            stop_all_own(caller.uid, Duration::from_millis(*grace_ms))
        }
        GuestAction::Wipe { session_root } => {
            let targets = own_targets(&session_root_dir(session_root, kiosk_uid)?, caller.uid);
            let report = wipe::wipe_own(&targets, caller.uid);
            let counts = WipeCounts {
                files: report.files_removed,
                bytes: report.bytes_removed,
            };
            say(&counts.to_string())?;
            report
                .problem
                .map_or(Ok(()), |p| Err(GuestError::Failed(p.to_string())))
        }
        GuestAction::Check { session_root } => {
            let targets = own_targets(&session_root_dir(session_root, kiosk_uid)?, caller.uid);
            wipe::prove_own(&targets, caller.uid).map_err(|e| GuestError::Failed(e.to_string()))
        }
    }
}

fn say(line: &str) -> Result<(), GuestError> {
    writeln!(std::io::stdout(), "{line}")
        .map_err(|e| GuestError::Failed(format!("cannot write the answer: {e}")))
}

fn invalid(what: &'static str, why: impl Into<String>) -> GuestError {
    GuestError::Invalid {
        what,
        why: why.into(),
    }
}

/// Where the guest's files are looked for, as in the kiosk's own wipe.
fn own_targets(session_root: &Path, uid: u32) -> WipeTargets {
    WipeTargets::for_station(session_root.to_path_buf(), None, Some(uid), None)
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;
    use crate::services::browser::BrowserKind;
    use crate::services::x11::Rect;

    fn guest() -> Caller {
        Caller {
            uid: 1001,
            euid: 1001,
            kiosk_uid: Some(1000),
        }
    }

    fn refused(caller: Caller) -> bool {
        matches!(caller.check(), Err(GuestError::Refused(_)))
    }

    #[test]
    fn only_a_guest_started_by_another_user_through_sudo_may_act() {
        assert_eq!(guest().check(), Ok(1000));
        assert!(refused(Caller {
            uid: 0,
            euid: 0,
            ..guest()
        }));
        assert!(refused(Caller { euid: 0, ..guest() }));
        assert!(refused(Caller { uid: 0, ..guest() }));
        assert!(refused(Caller {
            euid: 1002,
            ..guest()
        }));
        assert!(refused(Caller {
            kiosk_uid: None,
            ..guest()
        }));
        assert!(refused(Caller {
            kiosk_uid: Some(1001),
            ..guest()
        }));
    }

    #[test]
    fn a_refused_caller_does_nothing_whatever_the_action() {
        let root = Caller {
            uid: 0,
            euid: 0,
            kiosk_uid: Some(1000),
        };
        for action in [
            GuestAction::Ready,
            GuestAction::Stop { grace_ms: 0 },
            GuestAction::Wipe {
                session_root: "/tmp".into(),
            },
        ] {
            let error = perform(&action, &root).unwrap_err();
            assert_eq!(error.exit_code(), 3, "{action:?}: {error}");
        }
    }

    #[test]
    fn paths_must_be_plain_and_absolute() {
        for good in ["/run/borne/sessions", "/tmp/be2e-1/sessions/s0a1"] {
            assert_eq!(plain_absolute(Path::new(good), "p"), Ok(()), "{good}");
        }
        for bad in [
            "",
            "/",
            "run/borne",
            "/run/../etc",
            "/run/./borne",
            "/run//borne",
            "/run/borne/",
        ] {
            assert!(plain_absolute(Path::new(bad), "p").is_err(), "{bad:?}");
        }
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("borne-guest-{name}-{}", std::process::id()));
        fs::remove_dir_all(&dir).ok();
        fs::create_dir_all(&dir).unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o750)).unwrap();
        fs::canonicalize(dir).unwrap()
    }

    #[test]
    fn the_session_root_is_the_kiosks_own_real_directory() {
        let me = nix::unistd::geteuid().as_raw();
        let root = scratch("root");
        assert_eq!(session_root_dir(&root, me), Ok(root.clone()));
        // Another owner, a link, something others may write in, a file: refused.
        assert!(session_root_dir(&root, me + 1).is_err());
        let link = root.with_extension("link");
        fs::remove_file(&link).ok();
        std::os::unix::fs::symlink(&root, &link).unwrap();
        assert!(session_root_dir(&link, me).is_err());
        let through = link.join("inner");
        fs::create_dir_all(root.join("inner")).unwrap();
        fs::set_permissions(root.join("inner"), fs::Permissions::from_mode(0o750)).unwrap();
        assert!(session_root_dir(&through, me).is_err(), "a link on the way");
        fs::set_permissions(&root, fs::Permissions::from_mode(0o777)).unwrap();
        assert!(session_root_dir(&root, me).is_err());
        fs::set_permissions(&root, fs::Permissions::from_mode(0o750)).unwrap();
        fs::write(root.join("file"), b"").unwrap();
        assert!(session_root_dir(&root.join("file"), me).is_err());
        assert!(session_root_dir(&root.join("missing"), me).is_err());
        fs::remove_file(link).ok();
        fs::remove_dir_all(root).ok();
    }

    #[test]
    fn a_session_directory_is_a_session_id_inside_a_valid_root() {
        let me = nix::unistd::geteuid().as_raw();
        let root = scratch("sessions");
        let good = root.join("s0123abcd");
        fs::create_dir(&good).unwrap();
        fs::set_permissions(&good, fs::Permissions::from_mode(0o1770)).unwrap();
        assert_eq!(
            session_dir(&good, me).map(|d| d.home()),
            Ok(good.join("home"))
        );
        assert!(session_dir(&good, me + 1).is_err());
        let badly_named = root.join("home");
        fs::create_dir(&badly_named).unwrap();
        assert!(session_dir(&badly_named, me).is_err());
        assert!(session_dir(&root.join("s0123abcd/../s0123abcd"), me).is_err());
        assert!(session_dir(&root.join("s99missing"), me).is_err());
        assert!(session_dir(Path::new("/etc"), me).is_err());
        fs::set_permissions(&good, fs::Permissions::from_mode(0o1777)).unwrap();
        assert!(session_dir(&good, me).is_err(), "open to everyone");
        fs::remove_dir_all(root).ok();
    }

    #[test]
    fn launch_arguments_are_checked() {
        assert_eq!(parse_browser("chromium"), Ok(BrowserKind::Chromium));
        assert_eq!(parse_browser("firefox"), Ok(BrowserKind::Firefox));
        assert!(parse_browser("/bin/sh").is_err());
        assert_eq!(parse_display(":0"), Ok(":0".to_owned()));
        assert_eq!(parse_display(":101.0"), Ok(":101.0".to_owned()));
        for bad in ["", "0", ":", "host:0", ":0.", ":a", ":0;x", ":123456"] {
            assert!(parse_display(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            parse_area("0,84,1280,716"),
            Ok(Rect {
                x: 0,
                y: 84,
                width: 1280,
                height: 716
            })
        );
        for bad in [
            "",
            "0,84,1280",
            "0,84,1280,716,1",
            "0,84,0,716",
            "0,84,-5,7",
            "a,b,c,d",
        ] {
            assert!(parse_area(bad).is_err(), "{bad:?}");
        }
        assert!(parse_url("https://www.francetravail.fr/").is_ok());
        assert!(parse_url("HTTP://127.0.0.1:8080/cv").is_ok());
        // Empty: the browser's last tabs (it starts again for the person's new choices).
        assert_eq!(parse_url("").unwrap(), "");
        for bad in [
            " ",
            "https://",
            "--user-data-dir=/tmp",
            "-x",
            "file:///etc/passwd",
            "chrome://settings",
            "javascript:alert(1)",
            "https://a.fr/ --disable-policy",
            "https://a.fr/\n",
        ] {
            assert!(parse_url(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_command_line_is_the_one_the_kiosk_sends() {
        use clap::Parser as _;
        #[derive(clap::Parser)]
        struct Cli {
            #[command(subcommand)]
            action: GuestAction,
        }
        let cli = Cli::try_parse_from([
            "guest",
            "launch",
            "--session",
            "/run/borne/sessions/s1",
            "--browser",
            "chromium",
            "--lang",
            "fr",
            "--display",
            ":0",
            "--area",
            "0,84,1280,716",
            "--with-bus",
            "--keys=read-only",
            "--",
            "https://x.fr/",
        ])
        .unwrap();
        assert!(
            matches!(cli.action, GuestAction::Launch { with_bus: true, ref url, ref keys, .. }
                if url == "https://x.fr/" && keys == "read-only")
        );
        assert!(Cli::try_parse_from(["guest", "run", "/bin/sh"]).is_err());
    }
}
