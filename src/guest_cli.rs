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

use std::ffi::OsStr;
use std::fs;
use std::io::Write as _;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Args, Subcommand};
use nix::sys::signal::{self, Signal};
use nix::unistd::Pid;

use crate::config::BrowserChoice;
use crate::domain::Language;
use crate::services::browser::{
    BrowserKind, BrowserProgram, BrowserStart, DBUS_DAEMON, SessionEnv, session_bus_config,
    session_command,
};
use crate::services::printing;
use crate::services::processes::SessionProcesses;
use crate::services::sandbox::{self, KeyAccess, SandboxPaths};
use crate::services::session_dir::{SessionDir, write_user_dirs};
use crate::services::wipe::{self, WipeTargets};
use crate::services::x11::Rect;

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
        /// The address to open: http or https only.
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
        GuestAction::Ready => say(&format!("ready uid={}", caller.uid)),
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
            url,
        } => {
            if !(100..=200).contains(zoom) {
                return Err(invalid("zoom", format!("must be 100 to 200, found {zoom}")));
            }
            let launch = Launch {
                zoom_percent: *zoom,
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
            say(&format!(
                "files={} bytes={}",
                report.files_removed, report.bytes_removed
            ))?;
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

/// Checks that `path` is absolute, plain (no `.` or `..`, no repeated or trailing `/`) and short.
///
/// # Errors
/// [`GuestError::Invalid`] naming `what`.
pub fn plain_absolute(path: &Path, what: &'static str) -> Result<(), GuestError> {
    let Some(text) = path.to_str() else {
        return Err(invalid(what, "must be UTF-8"));
    };
    if !path.is_absolute() || text.len() > 256 || text.ends_with('/') || text.contains("//") {
        return Err(invalid(
            what,
            format!("must be a plain absolute path, found {text:?}"),
        ));
    }
    // `components` quietly drops a `.` inside a path: look at the text too.
    let dot = text.split('/').any(|part| part == "." || part == "..");
    if dot
        || path
            .components()
            .any(|c| !matches!(c, Component::RootDir | Component::Normal(_)))
    {
        return Err(invalid(
            what,
            format!("must not hold . or .., found {text:?}"),
        ));
    }
    if path.parent().is_none() {
        return Err(invalid(what, "must not be /"));
    }
    Ok(())
}

/// The session root the kiosk names: a real directory (no link anywhere on its path) that the
/// calling kiosk owns and that nobody else may write in.
///
/// # Errors
/// [`GuestError::Invalid`] for anything else.
pub fn session_root_dir(path: &Path, kiosk_uid: u32) -> Result<PathBuf, GuestError> {
    let what = "session root";
    plain_absolute(path, what)?;
    let meta = path
        .symlink_metadata()
        .map_err(|e| invalid(what, format!("{}: {e}", path.display())))?;
    if !meta.is_dir() {
        return Err(invalid(
            what,
            format!("{} is not a directory", path.display()),
        ));
    }
    if meta.uid() != kiosk_uid {
        return Err(invalid(
            what,
            format!(
                "{} is not owned by the kiosk (uid {kiosk_uid})",
                path.display()
            ),
        ));
    }
    if meta.mode() & 0o022 != 0 {
        return Err(invalid(
            what,
            format!("{} may be written by others than the kiosk", path.display()),
        ));
    }
    if fs::canonicalize(path).ok().as_deref() != Some(path) {
        return Err(invalid(
            what,
            format!("{} goes through a symbolic link", path.display()),
        ));
    }
    Ok(path.to_path_buf())
}

/// A session directory the kiosk names: `<session root>/<session id>`, a real directory that
/// the kiosk owns, in a valid session root.
///
/// # Errors
/// [`GuestError::Invalid`] for anything else.
pub fn session_dir(path: &Path, kiosk_uid: u32) -> Result<SessionDir, GuestError> {
    let what = "session directory";
    plain_absolute(path, what)?;
    let dir = SessionDir::from_path(path).ok_or_else(|| {
        invalid(
            what,
            format!("{} is not named like a session", path.display()),
        )
    })?;
    let root = path
        .parent()
        .ok_or_else(|| invalid(what, "has no parent"))?;
    session_root_dir(root, kiosk_uid)?;
    let meta = path
        .symlink_metadata()
        .map_err(|e| invalid(what, format!("{}: {e}", path.display())))?;
    if !meta.is_dir() || meta.uid() != kiosk_uid || meta.mode() & 0o002 != 0 {
        return Err(invalid(
            what,
            format!(
                "{} is not a directory of the kiosk closed to others",
                path.display()
            ),
        ));
    }
    Ok(dir)
}

/// `chromium` or `firefox`.
///
/// # Errors
/// [`GuestError::Invalid`] for anything else.
pub fn parse_browser(code: &str) -> Result<BrowserKind, GuestError> {
    match code {
        "chromium" => Ok(BrowserKind::Chromium),
        "firefox" => Ok(BrowserKind::Firefox),
        _ => Err(invalid(
            "browser",
            format!("must be chromium or firefox, found {code:?}"),
        )),
    }
}

/// A local X display: `:N` or `:N.S`.
///
/// # Errors
/// [`GuestError::Invalid`] for anything else (no host: the display is this machine's).
pub fn parse_display(display: &str) -> Result<String, GuestError> {
    let digits = |s: &str| !s.is_empty() && s.len() <= 5 && s.bytes().all(|b| b.is_ascii_digit());
    let ok = display.strip_prefix(':').is_some_and(|rest| {
        let (number, screen) = rest.split_once('.').unwrap_or((rest, "0"));
        digits(number) && digits(screen)
    });
    if ok {
        Ok(display.to_owned())
    } else {
        Err(invalid(
            "display",
            format!("must be a local display such as :0, found {display:?}"),
        ))
    }
}

/// `x,y,width,height` of the browser window, within a sane screen size.
///
/// # Errors
/// [`GuestError::Invalid`] for anything else.
pub fn parse_area(area: &str) -> Result<Rect, GuestError> {
    let bad = || {
        invalid(
            "area",
            format!("must be x,y,width,height in pixels, found {area:?}"),
        )
    };
    let numbers: Vec<i32> = area
        .split(',')
        .map(|n| n.parse::<i32>().map_err(|_| bad()))
        .collect::<Result<_, _>>()?;
    let [x, y, width, height] = numbers[..] else {
        return Err(bad());
    };
    let position = -16_384..=16_384;
    let size = 1..=16_384;
    if !position.contains(&x) || !position.contains(&y) {
        return Err(bad());
    }
    let (Ok(width), Ok(height)) = (u32::try_from(width), u32::try_from(height)) else {
        return Err(bad());
    };
    if !size.contains(&width) || !size.contains(&height) {
        return Err(bad());
    }
    Ok(Rect {
        x,
        y,
        width,
        height,
    })
}

/// An http or https address without spaces or control characters. It is the browser's last
/// argument: it can never be taken for an option. The browser's policy decides whether the
/// site may open.
///
/// # Errors
/// [`GuestError::Invalid`] for anything else.
pub fn parse_url(url: &str) -> Result<String, GuestError> {
    let lower = url.to_ascii_lowercase();
    let scheme_ok = ["http://", "https://"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len());
    if !scheme_ok || url.len() > 4096 || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid(
            "url",
            format!("must be an http or https address, found {url:?}"),
        ));
    }
    Ok(url.to_owned())
}

/// Makes HOME (with downloads), the profile and TMPDIR, the guest's own: HOME and TMPDIR open
/// to the group (the kiosk lists the person's files and sees the bus socket), the profile not.
fn prepare(dir: &SessionDir, uid: u32) -> Result<(), GuestError> {
    let modes = [
        (dir.home(), 0o750),
        (dir.downloads(), 0o750),
        (dir.profile(), 0o700),
        (dir.tmp(), 0o750),
    ];
    for (path, mode) in modes {
        let failed =
            |e: std::io::Error| GuestError::Failed(format!("cannot make {}: {e}", path.display()));
        match fs::create_dir(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(failed(e)),
        }
        let meta = path.symlink_metadata().map_err(failed)?;
        if !meta.is_dir() || meta.uid() != uid {
            return Err(GuestError::Failed(format!(
                "{} exists and is not a directory of the guest",
                path.display()
            )));
        }
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).map_err(failed)?;
    }
    write_user_dirs(&dir.home()).map_err(|e| {
        GuestError::Failed(format!("cannot write the downloads folder's name: {e}"))
    })?;
    Ok(())
}

/// The environment of the session's processes; `paths` are HOME, downloads and TMPDIR.
fn session_env<'a>(
    paths: &'a (PathBuf, PathBuf, PathBuf),
    marker: &'a SessionProcesses,
    language: Language,
    bus: Option<String>,
) -> SessionEnv<'a> {
    SessionEnv {
        home: &paths.0,
        downloads: &paths.1,
        tmp: &paths.2,
        language,
        marker: marker.marker(),
        bus,
    }
}

fn start_bus(dir: &SessionDir) -> GuestError {
    let socket = dir.tmp().join("bus");
    let config = dir.tmp().join("bus.conf");
    if let Err(e) = fs::write(&config, session_bus_config(&socket)) {
        return GuestError::Failed(format!("cannot write {}: {e}", config.display()));
    }
    let paths = (dir.home(), dir.downloads(), dir.tmp());
    let marker = SessionProcesses::new(dir.id(), None);
    let env = session_env(&paths, &marker, Language::default(), None);
    let args = [
        format!("--config-file={}", config.display()),
        "--nofork".to_owned(),
    ];
    let error = session_command(Path::new(DBUS_DAEMON), &args, &env)
        .current_dir(&paths.0)
        .exec();
    GuestError::Failed(format!("cannot start {DBUS_DAEMON}: {error}"))
}

/// A checked request to start the browser.
struct Launch {
    dir: SessionDir,
    keys: KeyAccess,
    browser: BrowserKind,
    language: Language,
    zoom_percent: u16,
    display: String,
    area: Rect,
    with_bus: bool,
    url: String,
}

impl Launch {
    fn exec(self) -> GuestError {
        let choice = match self.browser {
            BrowserKind::Chromium => BrowserChoice::Chromium,
            BrowserKind::Firefox => BrowserChoice::Firefox,
        };
        let Some(program) = BrowserProgram::find(choice, Some(OsStr::new(SAFE_PATH))) else {
            return GuestError::Failed(format!("no {choice:?} browser on {SAFE_PATH}"));
        };
        let profile = self.dir.profile();
        if let Err(e) = program.prepare_profile(&profile, self.language, self.zoom_percent) {
            return GuestError::Failed(format!("cannot prepare the browser profile: {e}"));
        }
        // The guest's browser always runs in its sandbox: never one that sees the machine.
        if let Err(why) = sandbox::probe(None) {
            return GuestError::Failed(why.to_string());
        }
        let socket = self.dir.tmp().join("bus");
        let marker = SessionProcesses::new(self.dir.id(), None);
        let start = BrowserStart {
            program: &program,
            paths: SandboxPaths::of_session(&self.dir, self.keys),
            sandboxed: true,
            url: &self.url,
            area: self.area,
            language: self.language,
            zoom_percent: self.zoom_percent,
            marker: marker.marker(),
            bus_socket: (self.with_bus && socket.exists()).then_some(socket),
        };
        if let Err(e) = start.prepare() {
            return GuestError::Failed(format!("cannot prepare the browser's sandbox: {e}"));
        }
        let error = start.command().env("DISPLAY", &self.display).exec();
        GuestError::Failed(format!("cannot start {}: {error}", sandbox::BWRAP))
    }
}

/// Opens the person's files and folders in `home` (not hidden ones, not links, not other file
/// systems) to the group, so that the kiosk can list and copy them.
fn share(home: &Path, uid: u32) {
    let Ok(top) = home.symlink_metadata() else {
        return;
    };
    let mut stack = vec![home.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let hidden = entry
                .file_name()
                .to_str()
                .is_none_or(|n| n.starts_with('.'));
            let Ok(meta) = entry.metadata() else {
                continue;
            };
            if hidden || meta.uid() != uid || meta.dev() != top.dev() {
                continue;
            }
            let extra = if meta.is_dir() {
                stack.push(entry.path());
                0o050
            } else if meta.is_file() {
                0o040
            } else {
                continue;
            };
            let mode = meta.permissions().mode();
            if mode & extra != extra {
                // A file left closed is only missing from the save screen.
                fs::set_permissions(entry.path(), fs::Permissions::from_mode(mode | extra)).ok();
            }
        }
    }
}

/// Stops every process of `uid` but this one: SIGTERM, up to `grace` for them to end, SIGKILL,
/// and up to three more seconds.
fn stop_all_own(uid: u32, grace: Duration) -> Result<(), GuestError> {
    for (signal, limit) in [
        (Signal::SIGTERM, grace),
        (Signal::SIGKILL, Duration::from_secs(3)),
    ] {
        if wipe::guest_processes(uid) == 0 {
            return Ok(());
        }
        // pid -1: every process this user may signal, which are its own, except this one.
        // ESRCH only says that there was none left.
        signal::kill(Pid::from_raw(-1), signal).ok();
        let until = Instant::now() + limit;
        while wipe::guest_processes(uid) > 0 && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    match wipe::guest_processes(uid) {
        0 => Ok(()),
        left => Err(GuestError::Failed(format!(
            "{left} process(es) of the guest account (uid {uid}) still run after SIGKILL"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        for bad in [
            "",
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
