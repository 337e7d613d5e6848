//! Printing: what a session printed, and its print jobs cancelled.
//!
//! - **Counting.** The kiosk asks the CUPS scheduler for its jobs (IPP `Get-Jobs`, over the
//!   scheduler's local socket, with no helper program) about once a second while a session
//!   runs. A job counts for the session if CUPS created it after the session started: on a
//!   station only the session's browser prints while a session runs, and no user name (which
//!   the sandbox could not give anyway) is needed. Its pages are its `job-impressions-completed`,
//!   which CUPS raises as the printer goes; the largest value seen for each job is kept, so a
//!   job that leaves CUPS's history still counts. CUPS must keep a finished job for a moment
//!   for this: the package sets `PreserveJobHistory 60` (seconds).
//! - **Cancelling.** The guest's unfinished jobs are cancelled with CUPS's `cancel`, by the
//!   guest (its own jobs) or by root: at the end of every session (the wipe), and during a
//!   session once its page limit is reached.

use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use nix::unistd::{Uid, User};

use crate::domain::PrintStatus;

/// The CUPS scheduler's local socket.
pub const CUPS_SOCKET: &str = "/run/cups/cups.sock";

/// CUPS's command-line client (Debian package `cups-client`).
pub const CUPS_CANCEL: &str = "/usr/bin/cancel";

/// How long a CUPS client or request gets to talk to the scheduler.
const CUPS_TIMEOUT: Duration = Duration::from_secs(10);

/// How long the kiosk waits for the scheduler's list of jobs during a session: a tick must
/// not stall on a scheduler that hangs.
const LIST_TIMEOUT: Duration = Duration::from_secs(2);

/// A job that has not started printing after this long is waiting for the printer (switched
/// off, out of paper, paused): the person is told.
const WAITING_AFTER_SECS: i64 = 30;

/// A job that is printing but has no page out after this long is stuck too (a printer that does
/// not answer).
const STUCK_AFTER_SECS: i64 = 90;

/// Whether a CUPS scheduler may hold jobs: a local socket, a configured server, or
/// `$CUPS_SERVER`. Without one, `cancel` could only fail to connect.
#[must_use]
pub fn scheduler_configured() -> bool {
    Path::new(CUPS_SOCKET).exists()
        || Path::new("/etc/cups/client.conf").exists()
        || std::env::var_os("CUPS_SERVER").is_some()
}

/// The state of a print job (IPP `job-state`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobState {
    /// Waiting for its turn.
    Pending,
    /// Held until released.
    Held,
    /// Printing.
    Processing,
    /// Stopped: its printer is stopped or in error.
    Stopped,
    /// Cancelled, aborted or completed: nothing more happens to it.
    Finished,
}

impl JobState {
    fn from_ipp(value: i32) -> Self {
        match value {
            3 => Self::Pending,
            4 => Self::Held,
            5 => Self::Processing,
            6 => Self::Stopped,
            _ => Self::Finished,
        }
    }
}

/// One job as the scheduler lists it: no name, no user, no document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Job {
    /// Its id on this scheduler.
    pub id: i32,
    /// Where it is.
    pub state: JobState,
    /// When CUPS created it, in seconds since 1970 (`time-at-creation`).
    pub created: i64,
    /// Pages printed so far (`job-impressions-completed`).
    pub pages: u32,
}

/// Why the scheduler's jobs could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    /// The socket could not be reached or the exchange broke.
    #[error("cannot ask the CUPS scheduler at {CUPS_SOCKET}: {0}")]
    Io(#[from] std::io::Error),
    /// The scheduler answered something that is not an IPP answer.
    #[error("the CUPS scheduler gave an answer that cannot be read: {0}")]
    Malformed(&'static str),
    /// The scheduler refused (an IPP status code).
    #[error("the CUPS scheduler refused to list the jobs (IPP status 0x{0:04x})")]
    Refused(u16),
}

/// Every job the scheduler at `socket` knows, finished ones included (as long as its history
/// keeps them).
///
/// # Errors
/// [`PrintError`] if the scheduler cannot be reached or answers badly.
pub fn jobs(socket: &Path) -> Result<Vec<Job>, PrintError> {
    let mut stream = UnixStream::connect(socket)?;
    stream.set_read_timeout(Some(LIST_TIMEOUT))?;
    stream.set_write_timeout(Some(LIST_TIMEOUT))?;
    let body = get_jobs_request();
    let head = format!(
        "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/ipp\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(&body)?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    parse_jobs(&http_body(&answer)?)
}

/// An IPP/2.0 `Get-Jobs` request for every job of every printer, with only the attributes
/// that are counted.
fn get_jobs_request() -> Vec<u8> {
    const GET_JOBS: u16 = 0x000A;
    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(&[2, 0]);
    out.extend_from_slice(&GET_JOBS.to_be_bytes());
    out.extend_from_slice(&1u32.to_be_bytes());
    out.push(0x01); // operation-attributes-tag
    let mut attribute = |tag: u8, name: &str, value: &str| {
        out.push(tag);
        out.extend_from_slice(&u16::try_from(name.len()).unwrap_or(0).to_be_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&u16::try_from(value.len()).unwrap_or(0).to_be_bytes());
        out.extend_from_slice(value.as_bytes());
    };
    attribute(0x47, "attributes-charset", "utf-8");
    attribute(0x48, "attributes-natural-language", "en");
    attribute(0x45, "printer-uri", "ipp://localhost/");
    attribute(0x44, "which-jobs", "all");
    attribute(0x44, "requested-attributes", "job-id");
    // Further values of the same attribute have an empty name.
    for name in ["job-state", "time-at-creation", "job-impressions-completed"] {
        attribute(0x44, "", name);
    }
    out.push(0x03); // end-of-attributes-tag
    out
}

/// The body of an HTTP answer, after checking its status: plain, or in chunks.
fn http_body(answer: &[u8]) -> Result<Vec<u8>, PrintError> {
    let end = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or(PrintError::Malformed("no end of the HTTP header"))?;
    let head = String::from_utf8_lossy(&answer[..end]).to_ascii_lowercase();
    let body = &answer[end + 4..];
    let status = head.split_whitespace().nth(1);
    if status != Some("200") {
        return Err(PrintError::Malformed("an HTTP status other than 200"));
    }
    if !head.contains("transfer-encoding: chunked") {
        return Ok(body.to_vec());
    }
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let line_end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or(PrintError::Malformed("a chunk without its size"))?;
        let size_text = String::from_utf8_lossy(&rest[..line_end]);
        let size_text = size_text.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| PrintError::Malformed("a chunk size that is not a number"))?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        let chunk = rest
            .get(..size)
            .ok_or(PrintError::Malformed("a chunk cut short"))?;
        out.extend_from_slice(chunk);
        rest = rest.get(size + 2..).unwrap_or_default();
    }
}

/// The jobs of an IPP `Get-Jobs` answer.
fn parse_jobs(body: &[u8]) -> Result<Vec<Job>, PrintError> {
    let short = || PrintError::Malformed("an IPP answer cut short");
    let status = body
        .get(2..4)
        .ok_or(PrintError::Malformed("no IPP status"))?;
    let status = u16::from_be_bytes([status[0], status[1]]);
    // 0x0000 to 0x00ff are the successful statuses.
    if status > 0x00ff {
        return Err(PrintError::Refused(status));
    }
    let mut jobs = Vec::new();
    let mut current: Option<Job> = None;
    let mut in_job = false;
    let mut at = 8;
    loop {
        let tag = *body.get(at).ok_or_else(short)?;
        at += 1;
        if tag < 0x10 {
            jobs.extend(current.take());
            // 0x02: a job's attributes; 0x03: the end.
            in_job = tag == 0x02;
            if in_job {
                current = Some(Job {
                    id: 0,
                    state: JobState::Finished,
                    created: 0,
                    pages: 0,
                });
            }
            if tag == 0x03 {
                return Ok(jobs);
            }
            continue;
        }
        let name = read_field(body, &mut at)?;
        let value = read_field(body, &mut at)?;
        let (Some(job), true) = (current.as_mut(), in_job) else {
            continue;
        };
        // Integers (0x21) and enums (0x23) are 4 bytes, big-endian.
        let Ok(number) = <[u8; 4]>::try_from(value).map(i32::from_be_bytes) else {
            continue;
        };
        match (tag, name) {
            (0x21, b"job-id") => job.id = number,
            (0x23, b"job-state") => job.state = JobState::from_ipp(number),
            (0x21, b"time-at-creation") => job.created = i64::from(number),
            (0x21, b"job-impressions-completed") => {
                job.pages = u32::try_from(number).unwrap_or(0);
            }
            _ => {}
        }
    }
}

/// A length-prefixed field of an IPP attribute.
fn read_field<'a>(body: &'a [u8], at: &mut usize) -> Result<&'a [u8], PrintError> {
    let len = body
        .get(*at..*at + 2)
        .ok_or(PrintError::Malformed("an IPP attribute cut short"))?;
    let len = usize::from(u16::from_be_bytes([len[0], len[1]]));
    let field = body
        .get(*at + 2..*at + 2 + len)
        .ok_or(PrintError::Malformed("an IPP attribute cut short"))?;
    *at += 2 + len;
    Ok(field)
}

/// What one session printed, kept by the kiosk from one look at the scheduler to the next.
#[derive(Clone, Debug, Default)]
pub struct SessionPrints {
    /// When the session started, in seconds since 1970: older jobs are not its own.
    since: i64,
    /// The pages of each of its jobs, the most seen.
    pages: BTreeMap<i32, u32>,
}

impl SessionPrints {
    /// A session that started at `since` (seconds since 1970).
    #[must_use]
    pub fn new(since: i64) -> Self {
        Self {
            since,
            pages: BTreeMap::new(),
        }
    }

    /// Takes in the scheduler's jobs, seen at `now` (seconds since 1970), and says what the
    /// session printed so far.
    pub fn update(&mut self, jobs: &[Job], now: i64) -> PrintStatus {
        let mut unfinished = 0;
        let mut waiting = false;
        let mut newest_unfinished = None;
        for job in jobs.iter().filter(|job| job.created >= self.since) {
            let pages = self.pages.entry(job.id).or_default();
            *pages = (*pages).max(job.pages);
            let age = now - job.created;
            if job.state != JobState::Finished {
                newest_unfinished = newest_unfinished.max(Some(job.id));
            }
            match job.state {
                JobState::Finished => {}
                JobState::Processing => {
                    unfinished += 1;
                    waiting |= job.pages == 0 && age >= STUCK_AFTER_SECS;
                }
                JobState::Pending | JobState::Held | JobState::Stopped => {
                    unfinished += 1;
                    waiting |= age >= WAITING_AFTER_SECS;
                }
            }
        }
        PrintStatus {
            pages: self.pages(),
            unfinished,
            waiting,
            newest_printed: self
                .pages
                .iter()
                .rev()
                .find(|(_, pages)| **pages > 0)
                .map(|(id, _)| *id),
            newest_unfinished,
        }
    }

    /// Pages printed so far.
    #[must_use]
    pub fn pages(&self) -> u32 {
        self.pages
            .values()
            .fold(0u32, |sum, n| sum.saturating_add(*n))
    }
}

/// Why the guest's print jobs could not be cancelled, or were not: spooled jobs would print
/// later, to the next person, so each of these keeps the station closed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GuestJobsError {
    /// The scheduler could not be asked (it is down, refuses, or does not answer).
    #[error("cannot list the print jobs with {}: {cause}", .program.display())]
    CannotList {
        /// `lpstat`.
        program: PathBuf,
        /// What it said, or why it did not run.
        cause: String,
    },
    /// A job could not be cancelled.
    #[error("{} could not cancel the guest's print job {id}: {cause}", .program.display())]
    CannotCancel {
        /// `cancel`.
        program: PathBuf,
        /// The job, as CUPS names it (`PRINTER-N`).
        id: String,
        /// What it said, or why it did not run.
        cause: String,
    },
    /// Jobs of the guest are still there after they were cancelled.
    #[error("{count} print job(s) of the guest are still waiting")]
    JobsLeft {
        /// How many.
        count: usize,
    },
}

/// The print jobs of the guest account that CUPS has not finished (pending, held, printing),
/// by id (`PRINTER-N`), as `lpstat` (next to `cancel`) lists them.
fn pending_jobs(cancel: &Path, user: &str) -> Result<Vec<String>, GuestJobsError> {
    let lpstat = cancel.with_file_name("lpstat");
    let cannot_list = |cause: String| GuestJobsError::CannotList {
        program: lpstat.clone(),
        cause,
    };
    // Every unfinished job: those of the guest, and those CUPS could not name ("unknown": the
    // sandbox has no password database), which only the guest's browser can have sent here.
    let output =
        run_cups(Command::new(&lpstat).arg("-o")).map_err(|e| cannot_list(e.to_string()))?;
    let said = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() && !said.contains("No destinations added") {
        // The scheduler is down or refuses: spooled jobs would print later, to the next person.
        return Err(cannot_list(format!("{} ({})", said.trim(), output.status)));
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let id = words.next()?;
            let owner = words.next()?;
            (owner == user || owner == "unknown").then_some(id)
        })
        .filter(|id| {
            id.rsplit_once('-')
                .is_some_and(|(_, n)| n.parse::<u32>().is_ok())
        })
        .map(str::to_owned)
        .collect())
}

/// Runs a CUPS client with no input, in the C locale (its messages are matched), with a time
/// limit ([`CUPS_TIMEOUT`]): past it, the client is killed and the answer is `TimedOut`.
fn run_cups(command: &mut Command) -> std::io::Result<std::process::Output> {
    let child = command
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let pid = child.id();
    // Read on a thread: a long job list must not fill the pipe while this waits.
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || sender.send(child.wait_with_output()).ok());
    match receiver.recv_timeout(CUPS_TIMEOUT) {
        Ok(output) => output,
        Err(_) => {
            if let Ok(pid) = i32::try_from(pid) {
                nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), nix::sys::signal::SIGKILL)
                    .ok();
            }
            Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                format!("no answer within {} s", CUPS_TIMEOUT.as_secs()),
            ))
        }
    }
}

/// Cancels every unfinished print job of the guest account `uid`, one by one (`cancel ID`:
/// the guest may cancel its own jobs, root any; CUPS's `cancel -a -u` would act on the
/// caller's jobs instead). As root, `-x` also purges the job's files. Then checks that none is
/// left.
///
/// # Errors
/// The scheduler could not be asked, a job could not be cancelled, or jobs are left.
pub fn cancel_guest_jobs(program: &Path, uid: u32) -> Result<(), GuestJobsError> {
    // Without a name in the password database the guest cannot have printed through CUPS,
    // which records jobs by user name.
    let Some(user) = User::from_uid(Uid::from_raw(uid)).ok().flatten() else {
        return Ok(());
    };
    let root = nix::unistd::geteuid().is_root();
    for id in pending_jobs(program, &user.name)? {
        let cannot_cancel = |cause: String| GuestJobsError::CannotCancel {
            program: program.to_path_buf(),
            id: id.clone(),
            cause,
        };
        let mut cancel = Command::new(program);
        if root {
            cancel.arg("-x");
        }
        let output = run_cups(cancel.arg(&id)).map_err(|e| cannot_cancel(e.to_string()))?;
        // A job that finished meanwhile cannot be cancelled, and need not be.
        let said = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() && !said.contains("already completed") {
            return Err(cannot_cancel(format!(
                "{} ({})",
                said.trim(),
                output.status
            )));
        }
    }
    no_guest_job(program, uid)
}

/// No unfinished print job of the guest account `uid`.
///
/// # Errors
/// The scheduler could not be asked, or jobs are left (their count).
pub fn no_guest_job(program: &Path, uid: u32) -> Result<(), GuestJobsError> {
    let Some(user) = User::from_uid(Uid::from_raw(uid)).ok().flatten() else {
        return Ok(());
    };
    match pending_jobs(program, &user.name)?.len() {
        0 => Ok(()),
        count => Err(GuestJobsError::JobsLeft { count }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An IPP answer with these jobs: (id, state, created, pages).
    fn answer(status: u16, jobs: &[(i32, i32, i32, i32)]) -> Vec<u8> {
        let mut out = vec![2, 0];
        out.extend_from_slice(&status.to_be_bytes());
        out.extend_from_slice(&1u32.to_be_bytes());
        out.push(0x01);
        let field = |out: &mut Vec<u8>, tag: u8, name: &str, value: &[u8]| {
            out.push(tag);
            out.extend_from_slice(&u16::try_from(name.len()).unwrap().to_be_bytes());
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(&u16::try_from(value.len()).unwrap().to_be_bytes());
            out.extend_from_slice(value);
        };
        field(&mut out, 0x47, "attributes-charset", b"utf-8");
        for (id, state, created, pages) in jobs {
            out.push(0x02);
            field(&mut out, 0x21, "job-id", &id.to_be_bytes());
            field(&mut out, 0x23, "job-state", &state.to_be_bytes());
            field(&mut out, 0x21, "time-at-creation", &created.to_be_bytes());
            field(&mut out, 0x42, "job-name", b"CV Marie");
            field(
                &mut out,
                0x21,
                "job-impressions-completed",
                &pages.to_be_bytes(),
            );
        }
        out.push(0x03);
        out
    }

    #[test]
    fn jobs_are_read_from_an_ipp_answer() {
        let jobs = parse_jobs(&answer(0, &[(4, 9, 1000, 3), (5, 3, 1010, 0)])).unwrap();
        assert_eq!(
            jobs,
            [
                Job {
                    id: 4,
                    state: JobState::Finished,
                    created: 1000,
                    pages: 3
                },
                Job {
                    id: 5,
                    state: JobState::Pending,
                    created: 1010,
                    pages: 0
                }
            ]
        );
        assert!(parse_jobs(&answer(0, &[])).unwrap().is_empty());
    }

    #[test]
    fn a_refusal_or_a_cut_answer_is_an_error() {
        assert!(matches!(
            parse_jobs(&answer(0x0401, &[])),
            Err(PrintError::Refused(0x0401))
        ));
        let whole = answer(0, &[(4, 9, 1000, 3)]);
        for cut in [1, 9, whole.len() / 2, whole.len() - 1] {
            assert!(
                matches!(parse_jobs(&whole[..cut]), Err(PrintError::Malformed(_))),
                "{cut}"
            );
        }
    }

    #[test]
    fn a_chunked_http_answer_is_put_back_together() {
        let plain = b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc";
        assert_eq!(http_body(plain).unwrap(), b"abc");
        let chunked =
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n1\r\nc\r\n0\r\n\r\n";
        assert_eq!(http_body(chunked).unwrap(), b"abc");
        assert!(http_body(b"HTTP/1.1 403 Forbidden\r\n\r\n").is_err());
        assert!(http_body(b"garbage").is_err());
    }

    fn job(id: i32, state: JobState, created: i64, pages: u32) -> Job {
        Job {
            id,
            state,
            created,
            pages,
        }
    }

    #[test]
    fn only_the_sessions_jobs_count_and_pages_stay_counted_when_cups_forgets_a_job() {
        let mut prints = SessionPrints::new(1000);
        let first = prints.update(
            &[
                job(1, JobState::Finished, 900, 50),
                job(2, JobState::Finished, 1001, 3),
                job(3, JobState::Processing, 1002, 1),
            ],
            1003,
        );
        assert_eq!(
            (first.pages, first.unfinished, first.waiting),
            (4, 1, false)
        );
        assert_eq!(
            (first.newest_printed, first.newest_unfinished),
            (Some(3), Some(3))
        );
        // Job 2 left the history; job 3 went on.
        let later = prints.update(&[job(3, JobState::Finished, 1002, 2)], 1010);
        assert_eq!((later.pages, later.unfinished), (5, 0));
        assert_eq!(prints.pages(), 5);
    }

    #[test]
    fn a_job_that_does_not_start_is_waiting() {
        let mut prints = SessionPrints::new(1000);
        let jobs = [job(1, JobState::Pending, 1000, 0)];
        assert!(!prints.update(&jobs, 1000 + WAITING_AFTER_SECS - 1).waiting);
        assert!(prints.update(&jobs, 1000 + WAITING_AFTER_SECS).waiting);
        let printing = [job(1, JobState::Processing, 1000, 0)];
        assert!(
            !prints
                .update(&printing, 1000 + STUCK_AFTER_SECS - 1)
                .waiting
        );
        assert!(prints.update(&printing, 1000 + STUCK_AFTER_SECS).waiting);
        let going = [job(1, JobState::Processing, 1000, 1)];
        assert!(!prints.update(&going, 1000 + STUCK_AFTER_SECS * 2).waiting);
    }
}
