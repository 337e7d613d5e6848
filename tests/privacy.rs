//! Privacy by construction, end to end: a real session in a real browser where a marker is
//! typed and used as a downloaded file's name leaves no trace of it in the usage log (the
//! database and its WAL and SHM files), while the session itself is counted.

mod common;

use std::fs;
use std::time::{Duration, Instant};

use borne::services::usage_log::Cell;
use common::site::TestSite;
use common::station::*;
use common::xvfb::Xvfb;

const MARKER: &str = "QZXJ7731privacy";

#[test]
fn nothing_the_person_typed_or_downloaded_reaches_the_usage_log() {
    let _serial = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let xvfb = Xvfb::start_with(&format!("{}x{}", SCREEN.0, SCREEN.1));
    let desktop = xvfb.connect();
    let site = TestSite::start();
    let mut kiosk = Kiosk::start_with(
        &xvfb,
        &site,
        "chromium",
        "[stats]\nkeep_days = 400\nmin_cell = 1\ndatabase = \"{dir}/usage.sqlite\"",
    );
    let pid = kiosk.child.id();
    let session_dir = kiosk.start_session(&desktop);
    kiosk.open_first_shortcut(&site);
    std::thread::sleep(Duration::from_secs(1));
    // Typed into the browser, and saved as a file.
    kiosk.go_to(&site.url(&format!("/recherche?q={MARKER}")));
    kiosk.go_to(&site.url(&format!("/download/{MARKER}.txt")));
    kiosk.wait(
        "the download is saved in the session",
        Duration::from_secs(20),
        || {
            // In the session's own downloads folder, where the save screen looks first.
            session_dir
                .join(format!("home/Téléchargements/{MARKER}.txt"))
                .exists()
        },
    );

    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(i32::try_from(pid).unwrap()),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    let until = Instant::now() + Duration::from_secs(30);
    while kiosk.child.try_wait().unwrap().is_none() {
        assert!(
            Instant::now() < until,
            "the kiosk did not exit after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(!session_dir.exists());

    let database = kiosk.dir.join("usage.sqlite");
    assert!(database.exists(), "the usage log was not written");
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let path = kiosk.dir.join(format!("usage.sqlite{suffix}"));
        if let Ok(bytes) = fs::read(&path) {
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains(MARKER),
                "{} holds the marker",
                path.display()
            );
            assert!(
                !text.contains("recherche"),
                "{} holds a path of the site",
                path.display()
            );
            assert!(
                !text.contains("127.0.0.1"),
                "{} holds an address",
                path.display()
            );
        }
    }
    // And the session was counted all the same.
    let report = common::todays_report(&database);
    assert_eq!(report.total.sessions, Cell::Value(1), "{:?}", report.total);
    // The wipe of that session is kept as counts, with its outcome.
    let conn = rusqlite::Connection::open(&database).unwrap();
    let (wipes, ok, files): (i64, i64, i64) = conn
        .query_row(
            "SELECT count(*), sum(ok), sum(files_removed) FROM wipe",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert!(
        wipes >= 1 && ok == wipes && files > 0,
        "wipes {wipes}, ok {ok}, files {files}"
    );
    fs::remove_dir_all(&kiosk.dir).ok();
}
