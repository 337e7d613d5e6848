//! The wipe and its proof on real files, real processes, a real X server, and (as root) files
//! of another uid and mounted filesystems.
//!
//! Tests that need root (chown to a guest uid, processes of another uid, `mount`) print why they
//! skip when run as another user; as root (CI) they run, and fail if they cannot mount.
//!
//! The benchmark is ignored by default: `scripts/bench-wipe` runs it on a tmpfs.
#![expect(
    clippy::unwrap_used,
    reason = "tests: a panic with its message is how a test reports failure"
)]

mod common;

use common::scratch::{Mounted, Scratch, is_root, must_be_root};

use std::fs;
use std::os::unix::fs::{PermissionsExt, chown, lchown, symlink};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use borne::services::printing::GuestJobsError;
use borne::services::wipe::{WipeError, WipeTargets, prove, wipe};
use common::xvfb::Xvfb;
use x11rb::connection::Connection;
use x11rb::protocol::xproto::{
    AtomEnum, ConnectionExt as _, CreateWindowAux, PropMode, WindowClass,
};
use x11rb::rust_connection::RustConnection;
use x11rb::wrapper::ConnectionExt as _;

/// A uid that no account on a test machine uses: the "guest" of these tests.
const GUEST: u32 = 64_123;

/// The guest of the test that runs a process as its guest, apart from [`GUEST`].
const PROCESS_GUEST: u32 = 64_124;

/// Names of the person's files: they must never appear in a problem.
const SECRET_NAMES: [&str; 2] = ["cv-jean-dupont.pdf", "releve-bancaire"];

fn targets(root: &Path, dir: Option<PathBuf>) -> WipeTargets {
    WipeTargets {
        session_dir: dir,
        session_root: root.to_path_buf(),
        guest_uid: None,
        guest_home: None,
        display: None,
        temp_dirs: Vec::new(),
        print_cancel: None,
    }
}

fn write(path: &Path, bytes: usize) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, vec![b'x'; bytes]).unwrap();
}

fn assert_no_secret(problem: &str) {
    for name in SECRET_NAMES {
        assert!(
            !problem.contains(name),
            "a problem names a file of the person: {problem}"
        );
    }
}

fn chown_tree(path: &Path, uid: u32) {
    lchown(path, Some(uid), Some(uid)).unwrap();
    if path.is_dir() && !path.is_symlink() {
        for entry in fs::read_dir(path).unwrap() {
            chown_tree(&entry.unwrap().path(), uid);
        }
    }
}

#[test]
fn wipe_removes_the_session_and_earlier_leftovers_counting_what_went() {
    let scratch = Scratch::new("session");
    let root = scratch.path().join("sessions");
    let dir = root.join("s0001");
    write(
        &dir.join("home/Téléchargements").join(SECRET_NAMES[0]),
        3000,
    );
    write(&dir.join("browser/Default/Cache/Cache_Data/f_0001"), 1000);
    write(&dir.join("browser/Default/History"), 500);
    symlink("/etc/hostname", dir.join("browser/SingletonLock")).unwrap();
    fs::create_dir_all(dir.join("tmp/empty")).unwrap();
    // A power cut left an earlier session and a stray file.
    write(&root.join("s0000/home/Documents/lettre.odt"), 24);
    write(&root.join("stray"), 1);

    let report = wipe(&targets(&root, Some(dir.clone())));

    assert_eq!(report.problem, None);
    assert!(report.is_clean());
    assert_eq!(
        report.files_removed, 6,
        "4 files and a link, then 2 leftovers"
    );
    assert_eq!(report.bytes_removed, 3000 + 1000 + 500 + 24 + 1);
    assert!(!dir.exists());
    assert!(root.is_dir(), "the session root stays");
    assert_eq!(fs::read_dir(&root).unwrap().count(), 0);
    assert!(
        Path::new("/etc/hostname").exists(),
        "a link is never followed"
    );
    assert_eq!(prove(&targets(&root, Some(dir))), Ok(()));
}

#[test]
fn the_proof_names_station_paths_never_the_persons_files() {
    let scratch = Scratch::new("proof");
    let root = scratch.path().join("sessions");
    let dir = root.join("s0002");
    write(&dir.join("home/Documents").join(SECRET_NAMES[1]), 10);

    let problem = prove(&targets(&root, Some(dir.clone())))
        .unwrap_err()
        .to_string();
    assert!(problem.contains(&dir.display().to_string()), "{problem}");
    assert_no_secret(&problem);

    fs::remove_dir_all(&dir).unwrap();
    write(&root.join(SECRET_NAMES[0]), 10);
    let problem = prove(&targets(&root, Some(dir))).unwrap_err().to_string();
    assert!(problem.contains(&root.display().to_string()), "{problem}");
    assert!(problem.contains("1 entry"), "{problem}");
    assert_no_secret(&problem);
}

#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: mounting a filesystem inside a session directory needs root; scripts/test runs it as root"
)]
fn a_filesystem_mounted_inside_the_session_fails_the_wipe_and_is_left_alone() {
    must_be_root("mounting a filesystem inside a session directory needs root");
    let scratch = Scratch::new("mounted");
    let root = scratch.path().join("sessions");
    let dir = root.join("s0003");
    let inner = dir.join("home/Documents");
    fs::create_dir_all(&inner).unwrap();
    let mounted = Mounted::tmpfs(&inner, "size=1m");
    write(&inner.join(SECRET_NAMES[0]), 10);
    write(&dir.join("browser/History"), 10);

    let report = wipe(&targets(&root, Some(dir.clone())));

    let problem = report
        .problem
        .clone()
        .expect("the wipe must not pass")
        .to_string();
    assert!(problem.contains("mounted inside"), "{problem}");
    assert!(problem.contains(&dir.display().to_string()), "{problem}");
    assert_no_secret(&problem);
    assert!(
        inner.join(SECRET_NAMES[0]).exists(),
        "another filesystem is never entered"
    );
    assert!(!dir.join("browser").exists(), "the rest is still removed");
    drop(mounted);
}

#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: files of another uid can only be made as root; scripts/test runs it as root"
)]
fn files_of_the_guest_in_temp_dirs_go_and_nothing_else() {
    must_be_root("files of another uid can only be made as root");
    let scratch = Scratch::new("temp");
    let root = scratch.path().join("sessions");
    fs::create_dir_all(&root).unwrap();
    let tmp = scratch.path().join("tmp");
    fs::create_dir_all(&tmp).unwrap();
    fs::set_permissions(&tmp, fs::Permissions::from_mode(0o1777)).unwrap();
    let outside = scratch.path().join("kiosk-data");
    write(&outside, 7);

    // Of the guest: a file, a tree (with a file someone else put in it), a link to the kiosk's
    // data, and a socket-like file deep in a system directory.
    write(&tmp.join(SECRET_NAMES[0]), 100);
    chown_tree(&tmp.join(SECRET_NAMES[0]), GUEST);
    write(&tmp.join("chromium-guest/Singleton/data"), 50);
    chown_tree(&tmp.join("chromium-guest"), GUEST);
    write(&tmp.join("chromium-guest/from-root"), 5);
    symlink(&outside, tmp.join("link")).unwrap();
    lchown(tmp.join("link"), Some(GUEST), Some(GUEST)).unwrap();
    write(&tmp.join(".X11-unix/deep/guest-file"), 20);
    chown(
        tmp.join(".X11-unix/deep/guest-file"),
        Some(GUEST),
        Some(GUEST),
    )
    .unwrap();
    // Not of the guest: stays.
    write(&tmp.join(".X11-unix/X0"), 1);
    write(&tmp.join("systemd-private"), 1);
    // Another filesystem inside /tmp is not entered, for the wipe as for the proof.
    let other_fs = tmp.join("mnt");
    let mounted = Mounted::tmpfs(&other_fs, "size=1m");
    write(&other_fs.join("guest-elsewhere"), 3);
    chown(other_fs.join("guest-elsewhere"), Some(GUEST), Some(GUEST)).unwrap();

    let mut targets = targets(&root, None);
    targets.guest_uid = Some(GUEST);
    targets.temp_dirs = vec![tmp.clone()];
    let before = prove(&targets).unwrap_err().to_string();
    assert!(
        before.contains("4 file(s) of the guest account"),
        "{before}"
    );
    assert!(before.contains(&tmp.display().to_string()), "{before}");
    assert_no_secret(&before);

    let report = wipe(&targets);

    assert_eq!(report.problem, None);
    assert_eq!(
        report.files_removed, 5,
        "file, tree's 2 files, link, deep file"
    );
    assert_eq!(report.bytes_removed, 100 + 50 + 5 + 20);
    assert!(!tmp.join(SECRET_NAMES[0]).exists());
    assert!(!tmp.join("chromium-guest").exists());
    assert!(!tmp.join("link").exists());
    assert!(!tmp.join(".X11-unix/deep/guest-file").exists());
    assert!(tmp.join(".X11-unix/X0").exists());
    assert!(tmp.join("systemd-private").exists());
    assert_eq!(
        fs::read(&outside).unwrap().len(),
        7,
        "the link's target stays"
    );
    assert!(other_fs.join("guest-elsewhere").exists());
    assert_eq!(prove(&targets), Ok(()));
    drop(mounted);
}

#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: files of another uid can only be made as root; scripts/test runs it as root"
)]
fn the_guests_own_home_loses_recent_files_thumbnails_and_bookmarks() {
    must_be_root("files of another uid can only be made as root");
    let scratch = Scratch::new("home");
    let root = scratch.path().join("sessions");
    fs::create_dir_all(&root).unwrap();
    let home = scratch.path().join("borne-guest");
    let written = [
        ".local/share/recently-used.xbel",
        ".cache/thumbnails/normal/0123abcd.png",
        ".config/gtk-3.0/bookmarks",
    ];
    for path in written {
        write(&home.join(path), 64);
    }
    for top in [".local", ".cache", ".config"] {
        chown_tree(&home.join(top), GUEST);
    }
    // Set up by the installer, owned by root: stays.
    write(&home.join(".profile"), 8);

    let mut targets = targets(&root, None);
    targets.guest_uid = Some(GUEST);
    targets.guest_home = Some(home.clone());
    assert!(
        prove(&targets)
            .unwrap_err()
            .to_string()
            .contains("borne-guest")
    );

    let report = wipe(&targets);

    assert_eq!(report.problem, None);
    assert_eq!(report.files_removed, 3);
    for path in written {
        assert!(!home.join(path).exists(), "{path} is still there");
    }
    assert!(home.join(".profile").exists());
    assert_eq!(prove(&targets), Ok(()));
}

#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: starting a process as another uid needs root; scripts/test runs it as root"
)]
fn the_proof_finds_a_process_of_the_guest_still_running() {
    must_be_root("starting a process as another uid needs root");
    let scratch = Scratch::new("process");
    let root = scratch.path().join("sessions");
    fs::create_dir_all(&root).unwrap();
    let mut targets = targets(&root, None);
    // A uid of its own: the other tests prove for GUEST at the same time.
    targets.guest_uid = Some(PROCESS_GUEST);
    assert_eq!(prove(&targets), Ok(()));

    let mut child = Command::new("sleep")
        .arg("60")
        .uid(PROCESS_GUEST)
        .gid(PROCESS_GUEST)
        .spawn()
        .unwrap();
    let problem = prove(&targets).unwrap_err();
    assert!(
        matches!(problem, WipeError::ProcessesRun { count: 1, .. }),
        "{problem}"
    );
    let report = wipe(&targets);
    assert_eq!(
        report.problem.as_ref(),
        Some(&problem),
        "the wipe does not stop processes: its proof fails"
    );

    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(prove(&targets), Ok(()), "a reaped process is gone");
}

/// A fake CUPS `cancel` that records its arguments and exits with `code`.
/// A real CUPS with a paused virtual PDF printer: a job the guest left waits in the queue. The
/// proof sees it; the wipe cancels it (as root, purging it too), and then the proof holds.
#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: starting CUPS and printing as the guest need root; scripts/test runs it as root"
)]
fn a_print_job_the_guest_left_is_cancelled_by_the_wipe() {
    must_be_root("starting CUPS and printing as the guest need root");
    let guest = nix::unistd::User::from_name(common::station::GUEST)
        .unwrap()
        .expect("the account borne-e2e is missing: run scripts/test, which creates it");
    let cups = common::cups::Cups::start("BORNE-WIPE-TEST", true);
    let scratch = Scratch::new("cups");
    let root = scratch.path().join("sessions");
    fs::create_dir_all(&root).unwrap();
    let document = scratch.path().join("cv.pdf");
    fs::write(&document, common::site::pdf("Mon CV")).unwrap();
    fs::set_permissions(scratch.path(), fs::Permissions::from_mode(0o755)).unwrap();
    fs::set_permissions(&document, fs::Permissions::from_mode(0o644)).unwrap();
    cups.print_as(&guest.name, &document);
    assert_eq!(cups.pending(&guest.name).len(), 1, "the job must wait");

    let mut targets = targets(&root, None);
    targets.guest_uid = Some(guest.uid.as_raw());
    targets.print_cancel = Some(PathBuf::from(borne::services::printing::CUPS_CANCEL));
    let problem = prove(&targets).expect_err("a waiting job must fail the proof");
    assert!(
        matches!(
            problem,
            WipeError::Printing(GuestJobsError::JobsLeft { count: 1 })
        ),
        "{problem}"
    );
    let report = wipe(&targets);
    assert_eq!(report.problem, None);
    assert!(
        cups.pending(&guest.name).is_empty(),
        "the guest's job is still queued"
    );
    prove(&targets).unwrap();
}

#[test]
fn the_clipboard_and_primary_selection_are_emptied() {
    let xvfb = Xvfb::start();
    let (conn, screen) = RustConnection::connect(Some(xvfb.display())).unwrap();
    let root_window = conn.setup().roots[screen].root;
    let window = conn.generate_id().unwrap();
    conn.create_window(
        0,
        window,
        root_window,
        0,
        0,
        10,
        10,
        0,
        WindowClass::INPUT_OUTPUT,
        0,
        &CreateWindowAux::new(),
    )
    .unwrap();
    let clipboard = conn
        .intern_atom(false, b"CLIPBOARD")
        .unwrap()
        .reply()
        .unwrap()
        .atom;
    // The person copied something (Ctrl+C), selected text, and an old program used a cut buffer.
    for selection in [clipboard, AtomEnum::PRIMARY.into()] {
        conn.set_selection_owner(window, selection, x11rb::CURRENT_TIME)
            .unwrap()
            .check()
            .unwrap();
    }
    conn.change_property8(
        PropMode::REPLACE,
        root_window,
        AtomEnum::CUT_BUFFER0,
        AtomEnum::STRING,
        b"mot de passe",
    )
    .unwrap()
    .check()
    .unwrap();

    let scratch = Scratch::new("x11");
    let root = scratch.path().join("sessions");
    fs::create_dir_all(&root).unwrap();
    let mut targets = targets(&root, None);
    targets.display = Some(xvfb.display().to_owned());
    let problem = prove(&targets).unwrap_err();
    assert!(
        matches!(&problem, WipeError::SelectionOwned { selections, .. } if selections == "CLIPBOARD and PRIMARY"),
        "{problem}"
    );

    let report = wipe(&targets);

    assert_eq!(report.problem, None);
    for selection in [clipboard, AtomEnum::PRIMARY.into()] {
        let owner = conn
            .get_selection_owner(selection)
            .unwrap()
            .reply()
            .unwrap();
        assert_eq!(owner.owner, x11rb::NONE);
    }
    let buffer = conn
        .get_property(
            false,
            root_window,
            AtomEnum::CUT_BUFFER0,
            AtomEnum::ANY,
            0,
            64,
        )
        .unwrap()
        .reply()
        .unwrap();
    assert!(buffer.value.is_empty(), "the cut buffer still holds text");
}

#[test]
fn root_or_the_kiosk_itself_as_guest_is_refused_and_nothing_is_swept() {
    let scratch = Scratch::new("own");
    let root = scratch.path().join("sessions");
    fs::create_dir_all(&root).unwrap();
    let tmp = scratch.path().join("tmp");
    write(&tmp.join("kiosk-own-file"), 1);
    for uid in [0, nix::unistd::geteuid().as_raw()] {
        let mut targets = targets(&root, None);
        targets.guest_uid = Some(uid);
        targets.temp_dirs = vec![tmp.clone()];
        let report = wipe(&targets);
        let problem = report.problem.expect("a wrong guest account is a problem");
        assert!(
            matches!(
                problem,
                WipeError::GuestIsRoot | WipeError::GuestIsKiosk { .. }
            ),
            "{problem}"
        );
        assert!(
            tmp.join("kiosk-own-file").exists(),
            "the kiosk's files stay"
        );
        assert_eq!(prove(&targets), Err(problem));
    }
}

#[test]
fn an_x_display_that_is_not_there_fails_the_wipe() {
    let scratch = Scratch::new("nox");
    let root = scratch.path().join("sessions");
    fs::create_dir_all(&root).unwrap();
    let mut targets = targets(&root, None);
    targets.display = Some(":299".to_owned());
    let problem = wipe(&targets).problem.expect("no X server, no proof");
    assert!(
        matches!(&problem, WipeError::Clipboard { what: "clearing the clipboard", display, .. } if display == ":299"),
        "{problem}"
    );
}

/// Sizes of the downloads and big profile files of the benchmark, in MiB: what a person takes
/// away from a job-search session (PDFs, photos, a scanned document, a video) and the
/// browser's biggest databases.
const BENCH_BIG_FILES_MIB: [usize; 12] = [24, 20, 16, 12, 10, 8, 6, 4, 3, 2, 2, 1];

/// Builds a session directory of 200 MiB in 10,000 files: a browser profile (cache entries,
/// code cache, IndexedDB, local storage, service workers) of many small files in nested
/// directories, plus a few big downloads.
fn build_bench_session(dir: &Path) -> (u64, u64) {
    const TOTAL_FILES: usize = 10_000;
    const TOTAL_BYTES: usize = 200 << 20;
    let big: usize = BENCH_BIG_FILES_MIB.iter().sum::<usize>() << 20;
    let small_count = TOTAL_FILES - BENCH_BIG_FILES_MIB.len();
    let small_total = TOTAL_BYTES - big;
    let areas = [
        "browser/Default/Cache/Cache_Data",
        "browser/Default/Code Cache/js",
        "browser/Default/Code Cache/wasm",
        "browser/Default/IndexedDB/https_www.francetravail.fr_0.indexeddb.leveldb",
        "browser/Default/Local Storage/leveldb",
        "browser/Default/Service Worker/CacheStorage/abc123",
        "browser/Default/GPUCache",
        "tmp/.org.chromium.Chromium.x1",
    ];
    let buffer = vec![0x5au8; 1 << 20];
    let mut written = 0usize;
    for i in 0..small_count {
        // Sizes from a few hundred bytes to ~40 KiB, adding up exactly to small_total.
        let size = if i == small_count - 1 {
            small_total - written
        } else {
            (small_total / small_count) * (1 + i % 7) / 4
        };
        let area = areas[i % areas.len()];
        let path = dir.join(format!(
            "{area}/{:02x}/{:02x}/f_{i:06}",
            i % 16,
            (i / 16) % 8
        ));
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &buffer[..size]).unwrap();
        written += size;
    }
    for (i, mib) in BENCH_BIG_FILES_MIB.iter().enumerate() {
        let path = dir.join(format!("home/Téléchargements/document-{i}.pdf"));
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut file = fs::File::create(&path).unwrap();
        for _ in 0..*mib {
            std::io::Write::write_all(&mut file, &buffer).unwrap();
        }
        written += mib << 20;
    }
    assert_eq!(written, TOTAL_BYTES);
    (TOTAL_FILES as u64, TOTAL_BYTES as u64)
}

/// The performance target of issue 4: 200 MB in 10,000 files wiped and proved in under 1 s.
/// Run by `scripts/bench-wipe`; `BORNE_BENCH_ROOT` names a directory on the filesystem that
/// holds session directories on a station (tmpfs).
#[test]
#[ignore = "benchmark: run with scripts/bench-wipe"]
#[expect(
    clippy::print_stdout,
    reason = "the benchmark's figures are its output"
)]
fn bench_wipe_200_mb_in_10000_files() {
    let base = std::env::var_os("BORNE_BENCH_ROOT")
        .map_or_else(|| PathBuf::from("/dev/shm"), PathBuf::from);
    let root = base.join(format!("borne-bench-{}", std::process::id()));
    fs::create_dir_all(&root).unwrap();
    let fs_type = Command::new("stat")
        .args(["-f", "-c", "%T"])
        .arg(&root)
        .stderr(Stdio::null())
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    // As on a station: the guest's files are looked for in /tmp, /var/tmp and /dev/shm, and
    // its processes in /proc. Without root there is no guest account to look for.
    let guest = is_root().then_some(GUEST);
    let mut times = Vec::new();
    for run in 1..=5 {
        let dir = root.join(format!("s{run:04}"));
        let (files, bytes) = build_bench_session(&dir);
        let targets = WipeTargets::for_station(root.clone(), Some(dir.clone()), guest, None);
        let started = Instant::now();
        let report = wipe(&targets);
        let elapsed = started.elapsed();
        assert_eq!(report.problem, None);
        assert_eq!((report.files_removed, report.bytes_removed), (files, bytes));
        let proof_started = Instant::now();
        assert_eq!(prove(&targets), Ok(()));
        let proof = proof_started.elapsed();
        println!(
            "bench-wipe run {run}: {files} files, {} MiB on {fs_type} ({}), guest uid {}: \
                 wipe+proof {:.1} ms (report {:.1} ms, proof alone {:.1} ms)",
            bytes >> 20,
            root.display(),
            guest.map_or_else(|| "none".to_owned(), |g| g.to_string()),
            elapsed.as_secs_f64() * 1000.0,
            report.duration.as_secs_f64() * 1000.0,
            proof.as_secs_f64() * 1000.0,
        );
        times.push(elapsed);
    }
    fs::remove_dir_all(&root).ok();
    times.sort();
    let worst = times[times.len() - 1];
    println!(
        "bench-wipe: median {:.1} ms, worst {:.1} ms (target: under 1000 ms)",
        times[times.len() / 2].as_secs_f64() * 1000.0,
        worst.as_secs_f64() * 1000.0
    );
    assert!(
        worst < Duration::from_secs(1),
        "wipe and proof took {worst:?}, over the 1 s target"
    );
}

#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: mounting the session tmpfs needs root; scripts/test runs it as root"
)]
fn a_full_session_tmpfs_is_seen_and_the_wipe_still_proves() {
    use borne::domain::SessionKind;
    use borne::services::station_services::StationServices;
    use borne::supervisor::SessionPlace as _;
    must_be_root("mounting the session tmpfs needs root");
    let scratch = Scratch::new("space-full");
    let root = scratch.path().join("sessions");
    fs::create_dir_all(&root).unwrap();
    let _mounted = Mounted::tmpfs(&root, "size=64m");
    let settings = common::browserless_settings(scratch.path(), None);
    let mut services = StationServices::new(settings, None);
    services
        .prepare_session(SessionKind::DropIn, Duration::from_secs(3600))
        .unwrap();
    assert!(!services.session_space_full(), "an empty session has room");
    // A huge download: written until the tmpfs refuses.
    let session = fs::read_dir(&root).unwrap().next().unwrap().unwrap().path();
    let error = fs::write(session.join("video.mp4"), vec![b'x'; 80 << 20]).unwrap_err();
    assert_eq!(error.raw_os_error(), Some(nix::libc::ENOSPC), "{error}");
    assert!(services.session_space_full(), "a full tmpfs must be seen");
    services.clear_session().unwrap();
    assert!(
        !services.session_space_full(),
        "the wipe gave the space back"
    );
    assert_eq!(fs::read_dir(&root).unwrap().count(), 0);
}

/// A kiosk killed mid-session in one-user mode (a demonstration: no guest account to look for)
/// left its browser running. At the next start the kiosk stops it: by any session's marker,
/// and by the first processes it noted in the session directory with their descendants (a
/// Chromium that rewrote its environment has no marker left). A process that only got a noted
/// number later is left alone.
#[test]
fn a_restart_in_one_user_mode_stops_the_crashed_sessions_processes() {
    use borne::services::interruption;
    use borne::services::processes::SessionProcesses;
    use borne::services::station_services::StationServices;
    let scratch = Scratch::new("recover-one-user");
    let settings = common::browserless_settings(scratch.path(), None);
    let dir = settings.session_root.join("s0000crashed");
    fs::create_dir_all(&dir).unwrap();
    // Made first: the kiosk adopts orphans (a subreaper), as on a station.
    let mut services = StationServices::new(settings, None);
    // A marked helper of the crashed session, and its browser without a marker, each in a
    // process group of its own, orphaned by the shell that started them.
    let started = Command::new("sh")
        .arg("-c")
        .arg(
            "BORNE_SESSION=s0000crashed setsid sleep 300 >/dev/null 2>&1 & echo $!; \
             env -u BORNE_SESSION setsid sh -c 'sleep 301 & wait' >/dev/null 2>&1 & echo $!",
        )
        .env_remove("BORNE_SESSION")
        .output()
        .unwrap();
    let pids: Vec<u32> = String::from_utf8_lossy(&started.stdout)
        .lines()
        .map(|line| line.trim().parse().unwrap())
        .collect();
    let [marked, browser] = pids[..] else {
        panic!("two pids: {pids:?}")
    };
    std::thread::sleep(Duration::from_millis(200));
    let browser_start = SessionProcesses::start_time(browser).unwrap();
    interruption::note_process(&dir, browser, browser_start).unwrap();
    // A bystander whose number the note holds, with another start time.
    let mut bystander = Command::new("sleep").arg("302").spawn().unwrap();
    interruption::note_process(&dir, bystander.id(), browser_start.saturating_sub(1000)).unwrap();
    let alive = |pid: u32| {
        fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
            !stat
                .rsplit(')')
                .next()
                .unwrap_or("")
                .trim_start()
                .starts_with('Z')
        })
    };
    assert!(alive(marked) && alive(browser));

    services.recover().unwrap();

    assert!(!alive(marked), "the marked process survived the restart");
    assert!(!alive(browser), "the noted browser survived the restart");
    let children = Command::new("pgrep")
        .args(["-f", "sleep 301"])
        .output()
        .unwrap();
    assert!(children.stdout.is_empty(), "the browser's child survived");
    assert!(!dir.exists(), "the leftover session directory is wiped");
    assert!(
        bystander.try_wait().unwrap().is_none(),
        "a process that only reused a noted number was stopped"
    );
    bystander.kill().unwrap();
    bystander.wait().unwrap();
}

/// A power cut erases the in-memory session directories: the next start still counts the
/// session, from its note on disk, once, with its true start; a session that ended the normal
/// way leaves no note.
#[test]
fn a_power_cut_mid_session_is_counted_once_at_the_next_start() {
    use borne::domain::{EndReason, SessionKind};
    use borne::services::station_services::StationServices;
    use borne::services::usage_log::{Cell, UsageLog, Zone};
    use borne::supervisor::SessionPlace as _;
    let scratch = Scratch::new("power-cut");
    let database = scratch.path().join("usage.sqlite");
    let station = |scratch: &Scratch| {
        let mut settings = common::browserless_settings(scratch.path(), None);
        settings.open_notes = Some(scratch.path().join("open-sessions"));
        let mut services = StationServices::new(settings, None);
        let (usage, _) = UsageLog::open(&database, Zone::Local, chrono::Utc::now()).unwrap();
        services.set_usage_log(usage);
        services
    };
    let longest = Duration::from_secs(3600);
    let mut services = station(&scratch);
    services
        .prepare_session(SessionKind::DropIn, longest)
        .unwrap();
    services.clear_session().unwrap();
    services
        .prepare_session(SessionKind::Assisted, longest)
        .unwrap();
    drop(services);
    // The power cut: the tmpfs is gone with everything in it.
    fs::remove_dir_all(scratch.path().join("sessions")).unwrap();

    let mut services = station(&scratch);
    services.recover().unwrap();
    drop(services);
    let mut services = station(&scratch);
    services.recover().unwrap();

    let report = common::todays_report(&database);
    let interruptions = report
        .total
        .end_reasons
        .iter()
        .find(|(reason, _)| *reason == EndReason::Interruption)
        .map(|(_, cell)| *cell);
    assert_eq!(
        interruptions,
        Some(Cell::Value(1)),
        "counted once, at the first start"
    );
    assert_eq!(
        fs::read_dir(scratch.path().join("open-sessions"))
            .unwrap()
            .count(),
        0,
        "no note left"
    );
}

/// A station whose usage log is on `database`, with the notes of running sessions beside it.
fn station_logging_to(
    scratch: &Scratch,
    database: &Path,
) -> borne::services::station_services::StationServices {
    use borne::services::station_services::StationServices;
    use borne::services::usage_log::{UsageLog, Zone};
    let mut settings = common::browserless_settings(scratch.path(), None);
    settings.open_notes = database.parent().map(|dir| dir.join("open-sessions"));
    let mut services = StationServices::new(settings, None);
    let (usage, _) = UsageLog::open(database, Zone::Local, chrono::Utc::now()).unwrap();
    services.set_usage_log(usage);
    services
}

/// One drop-in session from start to wipe, as the supervisor drives it; how long it took.
fn one_session(services: &mut borne::services::station_services::StationServices) -> Duration {
    use borne::domain::{EndReason, Language, SessionKind, SessionSummary};
    use borne::supervisor::{SessionPlace as _, UsageRecords as _};
    let began = Instant::now();
    services
        .prepare_session(SessionKind::DropIn, Duration::from_secs(3600))
        .unwrap_or_else(|problem| panic!("the next session cannot start: {problem:?}"));
    services.record_session(&SessionSummary {
        kind: SessionKind::DropIn,
        end_reason: EndReason::User,
        language: Language::default(),
        duration: Duration::from_secs(600),
        shortcuts: vec![("cv".to_owned(), 1)],
        purpose: None,
        found: None,
        extensions: 0,
        pages_printed: 0,
    });
    services
        .clear_session()
        .unwrap_or_else(|problem| panic!("the wipe failed: {problem:?}"));
    began.elapsed()
}

/// How many sessions the usage log in `database` counts today.
fn sessions_counted(database: &Path) -> u64 {
    use borne::services::usage_log::Cell;
    match common::todays_report(database).total.sessions {
        Cell::Value(n) => n,
        other => panic!("the total is hidden: {other:?}"),
    }
}

/// Another program holds the usage log's write lock (a report tool, a backup): sessions still
/// start, end and are wiped, a few seconds late at most; their counts are saved once the lock
/// is gone, none lost and none twice.
#[test]
fn a_locked_usage_log_never_stops_the_station_and_loses_no_count() {
    let scratch = Scratch::new("usage-locked");
    let database = scratch.path().join("data").join("usage.sqlite");
    fs::create_dir_all(database.parent().unwrap()).unwrap();
    let mut services = station_logging_to(&scratch, &database);
    one_session(&mut services);
    assert_eq!(sessions_counted(&database), 1);

    let locker = rusqlite::Connection::open(&database).unwrap();
    locker.execute_batch("BEGIN EXCLUSIVE").unwrap();
    for _ in 0..2 {
        let took = one_session(&mut services);
        assert!(
            took < Duration::from_secs(10),
            "a session's end waited {took:?} for the locked usage log"
        );
    }
    locker.execute_batch("COMMIT").unwrap();
    drop(locker);
    one_session(&mut services);
    assert_eq!(
        sessions_counted(&database),
        4,
        "the sessions ended while the log was locked are counted once it is free"
    );
}

/// The disk of the usage log fills up: sessions still start, end and are wiped (the on-disk
/// note of a running session cannot be written either); once there is room again, the counts
/// kept meanwhile are saved.
#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: mounting a small filesystem for the usage log needs root; scripts/test runs it as root"
)]
fn a_full_disk_under_the_usage_log_never_stops_the_station() {
    must_be_root("mounting a small filesystem for the usage log needs root");
    let scratch = Scratch::new("usage-full");
    let data = scratch.path().join("data");
    let _mounted = Mounted::tmpfs(&data, "size=2m");
    let database = data.join("usage.sqlite");
    let mut services = station_logging_to(&scratch, &database);
    one_session(&mut services);
    assert_eq!(sessions_counted(&database), 1);

    let filler = data.join("filler");
    let mut file = fs::File::create(&filler).unwrap();
    let full = loop {
        if let Err(error) = std::io::Write::write_all(&mut file, &[0_u8; 4096]) {
            break error;
        }
    };
    assert_eq!(full.raw_os_error(), Some(nix::libc::ENOSPC), "{full}");
    drop(file);
    for _ in 0..3 {
        let took = one_session(&mut services);
        assert!(
            took < Duration::from_secs(10),
            "a session's end took {took:?} with the usage log's disk full"
        );
    }
    fs::remove_file(&filler).unwrap();
    one_session(&mut services);
    assert_eq!(
        sessions_counted(&database),
        5,
        "the sessions ended while the disk was full are counted once there is room"
    );
}
