//! What the guest account does: prepare the session's folders, start the browser in its sandbox,
//! share the person's files, stop its own processes.

use std::ffi::OsStr;
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use nix::sys::signal;
use nix::unistd::Pid;

use crate::config::BrowserChoice;
use crate::domain::Language;
use crate::services::browser::{
    BrowserKind, BrowserProgram, BrowserStart, PageLook, RESTORE_TABS, SessionEnv, session_command,
};
use crate::services::processes::SessionProcesses;
use crate::services::sandbox::{KeyAccess, SandboxPaths};
use crate::services::session_bus::{DBUS_DAEMON, SessionBus};
use crate::services::session_dir::{SessionDir, write_user_dirs};
use crate::services::x11::Rect;
use crate::services::{sandbox, wipe};

use super::{GuestError, SAFE_PATH};

/// Makes HOME (with downloads), the profile and TMPDIR, the guest's own: HOME and TMPDIR open
/// to the group (the kiosk lists the person's files and sees the bus socket), the profile not.
pub(super) fn prepare(dir: &SessionDir, uid: u32) -> Result<(), GuestError> {
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
pub(super) fn session_env<'a>(
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

pub(super) fn start_bus(dir: &SessionDir) -> GuestError {
    let bus = SessionBus::in_tmp(&dir.tmp());
    if let Err(e) = bus.write_config() {
        return GuestError::Failed(format!("cannot write {}: {e}", bus.config.display()));
    }
    let paths = (dir.home(), dir.downloads(), dir.tmp());
    let marker = SessionProcesses::new(dir.id(), None);
    let env = session_env(&paths, &marker, Language::default(), None);
    let error = session_command(Path::new(DBUS_DAEMON), bus.args(), &env)
        .current_dir(&paths.0)
        .exec();
    GuestError::Failed(format!("cannot start {DBUS_DAEMON}: {error}"))
}

/// A checked request to start the browser.
pub(super) struct Launch {
    pub(super) dir: SessionDir,
    pub(super) keys: KeyAccess,
    pub(super) browser: BrowserKind,
    pub(super) language: Language,
    pub(super) look: PageLook,
    pub(super) display: String,
    pub(super) area: Rect,
    pub(super) with_bus: bool,
    pub(super) url: String,
}

impl Launch {
    pub(super) fn exec(self) -> GuestError {
        let choice = match self.browser {
            BrowserKind::Chromium => BrowserChoice::Chromium,
            BrowserKind::Firefox => BrowserChoice::Firefox,
        };
        let Some(program) = BrowserProgram::find(choice, Some(OsStr::new(SAFE_PATH))) else {
            return GuestError::Failed(format!("no {choice:?} browser on {SAFE_PATH}"));
        };
        let profile = self.dir.profile();
        let restore = self.url == RESTORE_TABS;
        if let Err(e) = program.prepare_profile(&profile, self.language, self.look, restore) {
            return GuestError::Failed(format!("cannot prepare the browser profile: {e}"));
        }
        // The guest's browser always runs in its sandbox: never one that sees the machine.
        if let Err(why) = sandbox::probe(None) {
            return GuestError::Failed(why.to_string());
        }
        let socket = SessionBus::in_tmp(&self.dir.tmp()).socket;
        let marker = SessionProcesses::new(self.dir.id(), None);
        let start = BrowserStart {
            program: &program,
            paths: SandboxPaths::of_session(&self.dir, self.keys),
            sandboxed: true,
            url: &self.url,
            area: self.area,
            language: self.language,
            look: self.look,
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
pub(super) fn share(home: &Path, uid: u32) {
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
pub(super) fn stop_all_own(uid: u32, grace: Duration) -> Result<(), GuestError> {
    crate::services::processes::escalate(
        grace,
        &mut || wipe::guest_processes(uid).is_ok_and(|left| left == 0),
        // pid -1: every process this user may signal, which are its own, except this one.
        // ESRCH only says that there was none left.
        &mut |signal| {
            signal::kill(Pid::from_raw(-1), signal).ok();
        },
        &mut || {},
    );
    match wipe::guest_processes(uid) {
        Ok(0) => Ok(()),
        Ok(left) => Err(GuestError::Failed(format!(
            "{left} process(es) of the guest account (uid {uid}) still run after SIGKILL"
        ))),
        Err(error) => Err(GuestError::Failed(error.to_string())),
    }
}
