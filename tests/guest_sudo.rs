//! End to end, the installed way: the real `borne` kiosk runs as an unprivileged kiosk user
//! (`borne-e2e-kiosk`) in a real X server (Xvfb) with a real Chromium, and acts as the guest
//! account (`borne-e2e`) only through the shipped sudo rule (`assets/deploy/sudoers`).
//! Asserts on the web site's request log, on the uids of the processes and on the files left.
//!
//! Needs root (to make the kiosk's directories and install the sudo rule), sudo, and the two
//! accounts: `scripts/test` installs and makes all of it.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic with its message is how a test reports failure"
)]

mod common;

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::site::TestSite;
use common::station::*;
use common::xvfb::Xvfb;

const SHIPPED_RULE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/deploy/sudoers");

/// The shipped rule, installed under /etc/sudoers.d for the test's names; removed when dropped.
struct InstalledRule(PathBuf);

impl InstalledRule {
    /// Installs the shipped rule with its three names (kiosk user, guest, program) replaced by
    /// the test's, checked by `visudo -cf` as an installer would.
    fn install(program: &Path) -> Self {
        let shipped = fs::read_to_string(SHIPPED_RULE).unwrap();
        let text = shipped
            .replace("/usr/bin/borne", &program.display().to_string())
            .replace("(borne-invite)", &format!("({GUEST})"))
            .replace("\nborne ALL", &format!("\n{KIOSK_USER} ALL"))
            // sudo's aliases are global: a station's own rule (the package installed on this
            // machine) already defines the shipped name.
            .replace("BORNE_GUEST", "BORNE_GUEST_E2E");
        assert_ne!(
            text, shipped,
            "the shipped rule names changed: update this test"
        );
        let path = PathBuf::from(format!("/etc/sudoers.d/borne-e2e-{}", std::process::id()));
        fs::write(&path, text).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o440)).unwrap();
        let rule = Self(path);
        visudo_check(&rule.0);
        rule
    }
}

impl Drop for InstalledRule {
    fn drop(&mut self) {
        fs::remove_file(&self.0).ok();
    }
}

fn visudo_check(path: &Path) {
    let output = Command::new("visudo")
        .arg("-cf")
        .arg(path)
        .output()
        .expect("visudo is missing: apt-get install sudo (scripts/test does)");
    assert!(
        output.status.success(),
        "visudo -cf {}: {}{}",
        path.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn uid_of(user: &str) -> u32 {
    nix::unistd::User::from_name(user)
        .unwrap()
        .unwrap_or_else(|| panic!("the user {user} is missing: run scripts/test"))
        .uid
        .as_raw()
}

/// `path` and, if it is a directory, everything under it.
fn files_under(path: &Path) -> Vec<PathBuf> {
    let mut found = vec![path.to_path_buf()];
    if path.is_dir() && !path.is_symlink() {
        for entry in fs::read_dir(path).into_iter().flatten().flatten() {
            found.extend(files_under(&entry.path()));
        }
    }
    found
}

/// Files and directories owned by `uid` under `dirs`, without following links or leaving the
/// file system of each.
fn owned_by(uid: u32, dirs: &[&Path]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for top in dirs {
        let Ok(top_meta) = top.symlink_metadata() else {
            continue;
        };
        let mut stack = vec![top.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
                let Ok(meta) = entry.path().symlink_metadata() else {
                    continue;
                };
                if meta.uid() == uid {
                    found.push(entry.path());
                } else if meta.is_dir() && meta.dev() == top_meta.dev() {
                    stack.push(entry.path());
                }
            }
        }
    }
    found
}

/// Checks that the test runs as root, then waits for the other kiosk tests (they share the
/// guest account).
fn as_root_one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    assert!(
        nix::unistd::geteuid().is_root(),
        "this test makes the kiosk's directories and installs a sudo rule: run it as root \
         (scripts/test)"
    );
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The shipped rule parses, and says no more than it should: one program, one target account,
/// no environment.
#[test]
fn the_shipped_sudo_rule_is_valid_and_narrow() {
    visudo_check(Path::new(SHIPPED_RULE));
    let rule: Vec<String> = fs::read_to_string(SHIPPED_RULE)
        .unwrap()
        .replace("\\\n", " ")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    assert_eq!(rule.len(), 3, "{rule:#?}");
    assert!(rule[0].starts_with("Cmnd_Alias BORNE_GUEST = "));
    for command in rule[0]["Cmnd_Alias BORNE_GUEST = ".len()..].split(',') {
        assert!(
            command.trim().starts_with("/usr/bin/borne guest "),
            "{command:?}"
        );
    }
    assert!(rule[1].starts_with("Defaults!BORNE_GUEST env_reset, !setenv"));
    assert_eq!(rule[2], "borne ALL = (borne-invite) NOPASSWD: BORNE_GUEST");
    for line in &rule {
        for wide in ["(ALL", "root", "SETENV", "env_keep", "env_check"] {
            assert!(!line.contains(wide), "{line:?} holds {wide}");
        }
    }
}

/// Installed, the rule lets the kiosk user run `borne guest` as the guest, and nothing else.
#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: it makes the kiosk's directories and installs a sudo rule; scripts/test runs it as root"
)]
fn the_installed_rule_allows_only_borne_guest_as_the_guest() {
    let _serial = as_root_one_at_a_time();
    let dir = kiosk_dir("rule");
    fs::remove_dir_all(&dir).ok();
    fs::create_dir_all(&dir).unwrap();
    let program = dir.join("borne");
    fs::copy(env!("CARGO_BIN_EXE_borne"), &program).unwrap();
    let _rule = InstalledRule::install(&program);
    let as_kiosk = |args: &[&str]| {
        Command::new("setpriv")
            .args([
                "--reuid",
                KIOSK_USER,
                "--regid",
                KIOSK_USER,
                "--init-groups",
            ])
            .args(["--", "/usr/bin/sudo", "-n"])
            .args(args)
            .env_clear()
            .output()
            .unwrap()
    };
    let program = program.to_str().unwrap();
    let ready = as_kiosk(&["-u", GUEST, "--", program, "guest", "ready"]);
    assert_eq!(
        String::from_utf8_lossy(&ready.stdout).trim(),
        format!("ready uid={}", uid_of(GUEST)),
        "{}",
        String::from_utf8_lossy(&ready.stderr)
    );
    for refused in [
        vec!["-u", "root", "--", program, "guest", "ready"],
        vec!["--", program, "guest", "ready"],
        vec!["-u", GUEST, "--", "/bin/sh", "-c", "id"],
        vec!["-u", GUEST, "--", program, "check-policies"],
        vec!["-u", GUEST, "--", program, "guest", "ready", "extra"],
        vec!["-u", GUEST, "-E", "--", program, "guest", "ready"],
        vec!["-u", GUEST, "-g", "root", "--", program, "guest", "ready"],
    ] {
        let output = as_kiosk(&refused);
        assert!(
            !output.status.success(),
            "sudo allowed {refused:?}: {}",
            String::from_utf8_lossy(&output.stdout)
        );
    }
    // A print job of the guest, waiting on a paused printer, cancelled through the rule (the
    // page limit of a session).
    let cups = common::cups::Cups::start("BORNE-RULE", true);
    let page = dir.join("page.txt");
    fs::write(&page, "une page\n").unwrap();
    fs::set_permissions(&page, fs::Permissions::from_mode(0o644)).unwrap();
    cups.print_as(GUEST, &page);
    assert_eq!(cups.pending(GUEST).len(), 1);
    let cancelled = as_kiosk(&["-u", GUEST, "--", program, "guest", "cancel-prints"]);
    assert!(
        cancelled.status.success(),
        "{}",
        String::from_utf8_lossy(&cancelled.stderr)
    );
    assert_eq!(cups.pending(GUEST), Vec::<String>::new());
    drop(cups);
    // Allowed by the rule, refused by `borne guest` itself.
    let escape = as_kiosk(&[
        "-u",
        GUEST,
        "--",
        program,
        "guest",
        "wipe",
        "--session-root=/etc",
    ]);
    assert_eq!(escape.status.code(), Some(4), "{escape:?}");
    fs::remove_dir_all(&dir).ok();
}

/// The real uid of process `pid`, if it still runs.
fn uid_of_process(pid: u32) -> Option<u32> {
    fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Ends the kiosk with SIGTERM, as the system does at shutdown: it ends the session the normal
/// way first.
fn stop_kiosk(kiosk: &mut Kiosk) {
    let pid = nix::unistd::Pid::from_raw(i32::try_from(kiosk.child.id()).unwrap());
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap();
    let until = std::time::Instant::now() + Duration::from_secs(30);
    while kiosk.child.try_wait().unwrap().is_none() {
        assert!(
            std::time::Instant::now() < until,
            "the kiosk did not exit within 30 s of SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The kiosk user starts the browser as the guest through the rule; the person's download is
/// listed for the USB key; at the end nothing of the guest remains; after a restart (whose
/// recovery goes through the rule too) the station serves the next person.
fn unprivileged_session(browser: &str, process_name: &str) {
    let _serial = as_root_one_at_a_time();
    let (guest_uid, kiosk_uid) = (uid_of(GUEST), uid_of(KIOSK_USER));
    let xvfb = Xvfb::start_with(&format!("{}x{}", SCREEN.0, SCREEN.1));
    let desktop = xvfb.connect();
    let site = TestSite::start();
    // Installed before the kiosk starts, which checks it first thing.
    let _rule = InstalledRule::install(&kiosk_dir(browser).join("borne"));
    let mut kiosk = Kiosk::start_as(&xvfb, &site, browser, KIOSK_USER);
    assert_eq!(kiosk.program, kiosk_dir(browser).join("borne"));

    let session_dir = kiosk.start_session(&desktop);
    kiosk.open_first_shortcut(&site);
    assert_eq!(
        uid_of_process(kiosk.child.id()),
        Some(kiosk_uid),
        "the kiosk does not run as {KIOSK_USER}"
    );
    // Every process of the session (the browser, its helpers, the session bus) is the guest's.
    let session: Vec<_> = session_processes(&kiosk.sessions())
        .into_iter()
        .map(|(pid, name)| (pid, name, uid_of_process(pid)))
        .collect();
    assert!(
        session.iter().any(|(_, name, _)| name == process_name),
        "no {process_name} process in the session: {session:?}"
    );
    assert!(
        session
            .iter()
            .all(|(_, _, uid)| uid.is_none_or(|uid| uid == guest_uid)),
        "the session's processes must run as {GUEST} (uid {guest_uid}), never as the kiosk \
         (uid {kiosk_uid}): {session:?}"
    );
    assert_eq!(
        fs::metadata(session_dir.join("home")).unwrap().uid(),
        guest_uid,
        "the person's HOME is not the guest's"
    );

    // A download closed to others is listed for the USB key: the guest opens it to the kiosk's
    // group, and the kiosk user can read it.
    let home = session_dir.join("home");
    let mut download = PathBuf::new();
    // Printing from the browser reaches CUPS as the guest, on the packaged station's path too
    // (the browser's print library written by `borne guest`, `sudo` from the kiosk), and the
    // end of the session cancels the job.
    let cups = (browser == "chromium").then(|| {
        let cups = common::cups::Cups::start("BORNE-SUDO", true);
        cups.make_default();
        cups
    });
    if let Some(cups) = &cups {
        kiosk.point((640, 500));
        kiosk.keys(&["ctrl+p"]);
        std::thread::sleep(Duration::from_secs(4));
        kiosk.keys(&["Return"]);
        kiosk.wait(
            "the print job reaches CUPS as the guest",
            Duration::from_secs(30),
            || cups.pending(GUEST).len() == 1,
        );
        // The print preview is gone: the page is back under the pointer.
        std::thread::sleep(Duration::from_secs(1));
    }
    if browser == "chromium" {
        std::thread::sleep(Duration::from_secs(1));
        kiosk.go_to(&site.url("/download/lettre-test.pdf"));
        kiosk.wait("the download is saved", Duration::from_secs(20), || {
            let found = owned_by(guest_uid, &[&home])
                .into_iter()
                .flat_map(|path| files_under(&path))
                .find(|path| path.ends_with("lettre-test.pdf"));
            found.map(|path| download = path).is_some()
        });
        assert!(
            download.ends_with("home/Téléchargements/lettre-test.pdf"),
            "the download lands in the session's downloads folder: {}",
            download.display()
        );
        // Chromium saves with the umask (0644); other programs (a PDF printed to a file, an
        // archive) write files closed to others: make it one of those.
        fs::set_permissions(&download, fs::Permissions::from_mode(0o600)).unwrap();
    }
    kiosk.end_session();
    if browser == "chromium" {
        kiosk.wait(
            "the download is opened to the kiosk for the save screen",
            Duration::from_secs(10),
            || fs::metadata(&download).is_ok_and(|m| m.mode() & 0o040 != 0),
        );
        let read = Command::new("setpriv")
            .args([
                "--reuid",
                KIOSK_USER,
                "--regid",
                KIOSK_USER,
                "--init-groups",
            ])
            .args(["--", "cat"])
            .arg(&download)
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&read.stdout),
            "un fichier de test\n",
            "the kiosk user cannot read the listed file: {}",
            String::from_utf8_lossy(&read.stderr)
        );
        // The save screen is up: shutting down ends the session the normal way.
        stop_kiosk(&mut kiosk);
    }
    kiosk.wait_until_the_guest_left_nothing(&session_dir);
    assert!(
        kiosk.session_dirs().is_empty(),
        "the session root is not empty"
    );
    // Everything the session left to the kiosk (sudo, the browser's orphans) is reaped: no
    // zombie piles up session after session.
    if kiosk.child.try_wait().unwrap().is_none() {
        let kiosk_pid = kiosk.child.id();
        kiosk.wait(
            "the kiosk reaped every child it adopted",
            Duration::from_secs(5),
            || zombie_children(kiosk_pid).is_empty(),
        );
    }
    let files = owned_by(
        guest_uid,
        &[
            Path::new("/tmp"),
            Path::new("/var/tmp"),
            Path::new("/dev/shm"),
            &kiosk.sessions(),
        ],
    );
    assert!(files.is_empty(), "files of the guest remain: {files:?}");
    if let Some(cups) = &cups {
        assert!(
            cups.pending(GUEST).is_empty(),
            "the guest's print job outlived the session"
        );
    }
    let log = fs::read_to_string(kiosk.dir.join("kiosk.log")).unwrap_or_default();
    assert!(!log.contains("ClearFailed"), "kiosk log:\n{log}");

    // Started again, the kiosk recovers through the rule and serves the next person.
    if kiosk.child.try_wait().unwrap().is_none() {
        stop_kiosk(&mut kiosk);
    }
    kiosk.restart();
    kiosk.start_session(&desktop);
    fs::remove_dir_all(&kiosk.dir).ok();
}

#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: it makes the kiosk's directories and installs a sudo rule; scripts/test runs it as root"
)]
fn an_unprivileged_kiosk_runs_chromium_as_the_guest_and_leaves_nothing() {
    unprivileged_session("chromium", "chromium");
}

#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: it makes the kiosk's directories and installs a sudo rule; scripts/test runs it as root"
)]
fn an_unprivileged_kiosk_runs_firefox_as_the_guest_and_leaves_nothing() {
    unprivileged_session("firefox", "firefox-esr");
}

/// On the packaged station's path too: "Lire à voix haute" and "Clavier à l'écran" chosen in the
/// session bar over an open site, then "Oui, changer", start the browser again (through `sudo`,
/// with its tabs) with Orca and the on-screen keyboard, as the guest; the end of the session
/// leaves none of them.
#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: it makes the kiosk's directories and installs a sudo rule; scripts/test runs it as root"
)]
fn an_unprivileged_kiosk_starts_the_persons_aids_as_the_guest() {
    let _serial = as_root_one_at_a_time();
    let guest_uid = uid_of(GUEST);
    let xvfb = Xvfb::start_with(&format!("{}x{}", SCREEN.0, SCREEN.1));
    let desktop = xvfb.connect();
    let site = TestSite::start();
    let _rule = InstalledRule::install(&kiosk_dir("firefox").join("borne"));
    let kiosk = Kiosk::start_as(&xvfb, &site, "firefox", KIOSK_USER);
    let session_dir = kiosk.start_session(&desktop);
    kiosk.open_first_shortcut(&site);
    let of_the_guest = |name: &str| {
        processes_named(name)
            .iter()
            .any(|&(_, uid)| uid == guest_uid)
    };
    assert!(!of_the_guest("orca") && !of_the_guest("onboard"));
    // "Accessibilité" in the bar; in its menu, under the bar: "Lire à voix haute, Oui" and
    // "Clavier à l'écran, Oui".
    kiosk.choose_in_menu((852, 42), &[(566, 494), (825, 494)]);
    // "Changer aussi les pages ?": "Oui, changer".
    kiosk.click_and_see((448, 446), "the question is answered");
    kiosk.wait(
        "Orca and the keyboard run as the guest",
        Duration::from_secs(40),
        || of_the_guest("orca") && of_the_guest("onboard") && of_the_guest("firefox-esr"),
    );
    kiosk.end_session();
    kiosk.wait_until_the_guest_left_nothing(&session_dir);
    for name in [
        "orca",
        "onboard",
        "at-spi-bus-laun",
        "at-spi2-registr",
        "speech-dispatch",
    ] {
        assert!(
            !of_the_guest(name),
            "{name} of the guest survives the session"
        );
    }
    let log = fs::read_to_string(kiosk.dir.join("kiosk.log")).unwrap_or_default();
    assert!(!log.contains("ClearFailed"), "kiosk log:\n{log}");
    fs::remove_dir_all(&kiosk.dir).ok();
}

/// Without the sudo rule, the unprivileged kiosk cannot act as the guest: the station is out
/// of service from the start, says which rule is missing, and opens nothing.
#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: it makes the kiosk's directories and installs a sudo rule; scripts/test runs it as root"
)]
fn without_the_sudo_rule_the_station_is_out_of_service_and_opens_nothing() {
    let _serial = as_root_one_at_a_time();
    let xvfb = Xvfb::start_with(&format!("{}x{}", SCREEN.0, SCREEN.1));
    let desktop = xvfb.connect();
    let site = TestSite::start();
    let mut kiosk = Kiosk::start_as(&xvfb, &site, "chromium", KIOSK_USER);
    kiosk.wait_for_window(&desktop);
    let log = fs::read_to_string(kiosk.dir.join("kiosk.log")).unwrap_or_default();
    assert!(
        log.contains("/etc/sudoers.d/borne") && log.contains("visudo -cf"),
        "the kiosk must name the missing rule and how to install it; kiosk log:\n{log}"
    );
    // Out of service: "Commencer" is not there, and pressing where it was opens nothing.
    kiosk.click(START);
    kiosk.click(FIRST_TILE);
    std::thread::sleep(Duration::from_secs(3));
    assert!(kiosk.session_dirs().is_empty(), "a session started");
    assert!(site.requests().is_empty(), "a site was opened");
    assert!(
        processes_named("chromium").is_empty(),
        "a browser started without the rule"
    );
    assert!(
        kiosk.child.try_wait().unwrap().is_none(),
        "the kiosk must stay up and show that it is out of service"
    );
    fs::remove_dir_all(&kiosk.dir).ok();
}

/// The rule is removed while the kiosk runs (an admin's mistake, a bad upgrade): the next
/// "Commencer" opens nothing, the station says it is out of service, and the journal says
/// which rule is missing and how to put it back. Once it is back, staff reopen the station.
#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: it makes the kiosk's directories and installs a sudo rule; scripts/test runs it as root"
)]
fn a_rule_removed_while_the_kiosk_runs_puts_the_station_out_of_service_with_what_to_do() {
    let _serial = as_root_one_at_a_time();
    let xvfb = Xvfb::start_with(&format!("{}x{}", SCREEN.0, SCREEN.1));
    let desktop = xvfb.connect();
    let site = TestSite::start();
    let rule = InstalledRule::install(&kiosk_dir("chromium").join("borne"));
    let kiosk = Kiosk::start_as(&xvfb, &site, "chromium", KIOSK_USER);
    kiosk.wait_for_window(&desktop);
    std::thread::sleep(Duration::from_secs(1));
    drop(rule);
    kiosk.click(START);
    std::thread::sleep(Duration::from_secs(3));
    kiosk.click(FIRST_TILE);
    std::thread::sleep(Duration::from_secs(2));
    assert!(
        site.requests().is_empty(),
        "a site was opened without the rule"
    );
    assert!(
        processes_named("chromium").is_empty(),
        "a browser started without the rule"
    );
    let log = fs::read_to_string(kiosk.dir.join("kiosk.log")).unwrap_or_default();
    assert!(
        log.contains("SessionSetup")
            && log.contains("/etc/sudoers.d/borne")
            && log.contains("visudo -cf"),
        "the journal must name the missing rule and how to install it; kiosk log:\n{log}"
    );
    let mut kiosk = kiosk;
    assert!(
        kiosk.child.try_wait().unwrap().is_none(),
        "the kiosk must stay up and show that it is out of service"
    );
    stop_kiosk(&mut kiosk);
    fs::remove_dir_all(&kiosk.dir).ok();
}
