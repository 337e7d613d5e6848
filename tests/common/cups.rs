//! A real CUPS for the printing tests: the system's scheduler (`cupsd` from Debian's `cups`,
//! started here if it does not run, stopped when dropped), with a virtual PDF printer of
//! `printer-driver-cups-pdf`, removed when dropped.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SOCKET: &str = "/run/cups/cups.sock";

pub struct Cups {
    /// The scheduler this test started, if it was not running.
    started: Option<Child>,
    /// The printer's name.
    pub printer: String,
}

/// Runs a CUPS program in the C locale, and its output.
pub fn run(program: &str, args: &[&str]) -> std::process::Output {
    Command::new(program)
        .args(args)
        .env("LANG", "C")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e} (install cups and cups-client)"))
}

/// Whether a scheduler answers on the system's socket (`lpstat -r` exits 0 either way).
fn running() -> bool {
    Path::new(SOCKET).exists()
        && String::from_utf8_lossy(&run("lpstat", &["-r"]).stdout).contains("is running")
}

/// Removes the system's CUPS socket if no scheduler listens on it: a scheduler killed with the
/// session that started it (a test run stopped at once, a machine's processes ended) leaves its
/// socket, which the kiosk's wipe rightly reads as a scheduler that is down, with jobs it cannot
/// list. A station's scheduler belongs to systemd, whose socket is never stale.
pub fn remove_stale_socket() {
    let refused = std::os::unix::net::UnixStream::connect(SOCKET)
        .is_err_and(|e| e.kind() == std::io::ErrorKind::ConnectionRefused);
    if refused {
        eprintln!("removing {SOCKET}: no scheduler listens on it");
        std::fs::remove_file(SOCKET).ok();
    }
}

impl Cups {
    /// The scheduler, with a PDF printer `printer` that is paused (jobs wait) if `paused`.
    pub fn start(printer: &str, paused: bool) -> Self {
        let started = if running() {
            None
        } else {
            std::fs::create_dir_all("/run/cups").unwrap();
            // A scheduler killed earlier leaves its socket.
            std::fs::remove_file(SOCKET).ok();
            let child = Command::new("/usr/sbin/cupsd")
                .arg("-f")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("cannot start /usr/sbin/cupsd (install cups)");
            let until = Instant::now() + Duration::from_secs(20);
            while !running() {
                assert!(Instant::now() < until, "cupsd did not start within 20 s");
                std::thread::sleep(Duration::from_millis(100));
            }
            Some(child)
        };
        // A run stopped at once (its drop never ran) may have left this printer, with jobs.
        run("cancel", &["-a", printer]);
        run("lpadmin", &["-x", printer]);
        let added = run(
            "lpadmin",
            &[
                "-p",
                printer,
                "-E",
                "-v",
                "cups-pdf:/",
                "-m",
                "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd",
            ],
        );
        assert!(
            added.status.success(),
            "lpadmin cannot add the PDF printer: {}",
            String::from_utf8_lossy(&added.stderr)
        );
        if paused {
            assert!(run("cupsdisable", &[printer]).status.success());
        }
        Self {
            started,
            printer: printer.to_owned(),
        }
    }

    /// Makes the printer the default destination.
    pub fn make_default(&self) {
        assert!(run("lpadmin", &["-d", &self.printer]).status.success());
    }

    /// The unfinished jobs of `user` on this test's printer, as `lpstat -u` lists them (a job
    /// is named after its printer: `BORNE-LIMIT-12`).
    pub fn pending(&self, user: &str) -> Vec<String> {
        let output = run("lpstat", &["-u", user]);
        assert!(
            output.status.success(),
            "lpstat cannot list the jobs: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| line.split_whitespace().next())
            .filter(|job| {
                job.strip_prefix(self.printer.as_str())
                    .and_then(|rest| rest.strip_prefix('-'))
                    .is_some_and(|number| number.bytes().all(|b| b.is_ascii_digit()))
            })
            .map(str::to_owned)
            .collect()
    }

    /// Prints `file` as `user` (through sudo, as the browser would as the guest).
    pub fn print_as(&self, user: &str, file: &Path) {
        let output = Command::new("sudo")
            .args(["-u", user, "lp", "-d", &self.printer])
            .arg(file)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "lp as {user} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

impl Drop for Cups {
    fn drop(&mut self) {
        run("cancel", &["-a", &self.printer]);
        run("lpadmin", &["-x", &self.printer]);
        if let Some(child) = &mut self.started {
            stop(child);
            // As before: no scheduler, no socket (a stale one reads as a scheduler that is down).
            std::fs::remove_file(SOCKET).ok();
        }
    }
}

/// Stops a scheduler this test started: SIGTERM first, for cupsd writes its changed files
/// (printers.conf) a while after a change, and SIGKILL lost that write, so the printers of
/// every earlier run came back; SIGKILL if it is still there after 10 s.
fn stop(child: &mut Child) {
    if let Ok(pid) = i32::try_from(child.id()) {
        nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(pid),
            nix::sys::signal::Signal::SIGTERM,
        )
        .ok();
        let until = Instant::now() + Duration::from_secs(10);
        while Instant::now() < until {
            if child.try_wait().ok().flatten().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    child.kill().ok();
    child.wait().ok();
}
