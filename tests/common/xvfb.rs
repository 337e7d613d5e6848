//! A private Xvfb for the tests that need a real X server.
//!
//! Needs `/usr/bin/Xvfb` (package `xvfb`). Each server takes a free display from :100 up and is
//! killed when dropped, even on panic.

use std::fs;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use borne::services::x11::X11Desktop;
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

const XVFB: &str = "/usr/bin/Xvfb";

/// A private Xvfb, killed on drop.
pub struct Xvfb {
    child: Child,
    display: String,
    log: PathBuf,
}

impl Xvfb {
    /// Starts Xvfb with a screen of `size` (e.g. "1280x800").
    pub fn start_with(size: &str) -> Self {
        assert!(
            Path::new(XVFB).exists(),
            "{XVFB} is missing: install the xvfb package (apt-get install xvfb) to run the X11 tests"
        );
        // One start at a time in this process: the sweep below must not remove the lock of a
        // server another test is starting.
        let _one_at_a_time = STARTING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        sweep_stale_displays();
        for number in 100..300 {
            let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
            let lock = PathBuf::from(format!("/tmp/.X{number}-lock"));
            if socket.exists() || lock.exists() {
                continue;
            }
            let log = std::env::temp_dir().join(format!("borne-xvfb-{number}.log"));
            let log_file = fs::File::create(&log).expect("create the Xvfb log file");
            let child = Command::new(XVFB)
                .arg(format!(":{number}"))
                .args(["-screen", "0", &format!("{size}x24"), "-nolisten", "tcp"])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(log_file)
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {XVFB}: {e}"));
            let mut xvfb = Self {
                child,
                display: format!(":{number}"),
                log,
            };
            if xvfb.wait_until_ours(&socket, &lock) {
                return xvfb;
            }
            // Another test (maybe in another process) took this display first: try the next.
        }
        panic!("no free X display between :100 and :299 for Xvfb");
    }

    /// Waits until this Xvfb owns the display (its pid is in the lock file) and accepts
    /// connections on its socket. False if it exited, which happens when another server took
    /// the display.
    fn wait_until_ours(&mut self, socket: &Path, lock: &Path) -> bool {
        let deadline = Instant::now() + Duration::from_secs(20);
        let our_pid = self.child.id();
        loop {
            if let Some(status) = self.child.try_wait().expect("poll Xvfb") {
                let log = fs::read_to_string(&self.log).unwrap_or_default();
                assert!(
                    log.contains("already active") || log.contains("server already running"),
                    "Xvfb {} exited with {status}:\n{log}",
                    self.display
                );
                return false;
            }
            let lock_pid = fs::read_to_string(lock)
                .ok()
                .and_then(|text| text.trim().parse::<u32>().ok());
            // The socket's file appears at bind(), a moment before the server listens: a
            // client connecting in between is refused. Ours once it accepts a connection.
            if lock_pid == Some(our_pid) && UnixStream::connect(socket).is_ok() {
                return true;
            }
            assert!(
                Instant::now() < deadline,
                "Xvfb {} did not start within 20 s",
                self.display
            );
            sleep(Duration::from_millis(20));
        }
    }

    /// A screen of 1024x768.
    pub fn start() -> Self {
        Self::start_with("1024x768")
    }

    /// The display name, e.g. `:100`.
    pub fn display(&self) -> &str {
        &self.display
    }

    pub fn connect(&self) -> X11Desktop {
        X11Desktop::connect_to(&self.display)
            .unwrap_or_else(|e| panic!("connect to Xvfb {}: {}", self.display, chain(&e)))
    }

    pub fn signal(&self, signal: Signal) {
        let pid = i32::try_from(self.child.id()).expect("pid fits i32");
        kill(Pid::from_raw(pid), signal).expect("signal Xvfb");
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        // SIGKILL also ends a server that a test left stopped; it leaves its lock and socket,
        // which are removed here (and are recognised as stale by the next start anyway).
        self.child.kill().ok();
        self.child.wait().ok();
        if let Some(number) = self.display.strip_prefix(':') {
            fs::remove_file(format!("/tmp/.X{number}-lock")).ok();
            fs::remove_file(format!("/tmp/.X11-unix/X{number}")).ok();
        }
        fs::remove_file(&self.log).ok();
    }
}

static STARTING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A server killed with SIGKILL leaves its lock and socket behind; after enough runs no display
/// would be left. Removes those whose server is gone.
fn sweep_stale_displays() {
    for number in 100..300 {
        let lock = PathBuf::from(format!("/tmp/.X{number}-lock"));
        if lock.exists() && lock_is_stale(&lock) {
            fs::remove_file(&lock).ok();
            fs::remove_file(format!("/tmp/.X11-unix/X{number}")).ok();
        }
    }
}

/// Whether the X server named in a lock file no longer runs (a socket alone means nothing
/// without a lock).
fn lock_is_stale(lock: &Path) -> bool {
    let Some(pid) = fs::read_to_string(lock)
        .ok()
        .and_then(|text| text.trim().parse::<i32>().ok())
    else {
        // Being written by a server that is starting: not ours to take.
        return false;
    };
    matches!(
        kill(Pid::from_raw(pid), None),
        Err(nix::errno::Errno::ESRCH)
    )
}

/// An error with its causes, as `anyhow` prints them with `{:#}`.
pub fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
