//! The staff PINs on real files: both roles set and checked, the wrong-PIN back-off with explicit
//! times and across a restart, a damaged or exposed file refused (fail closed), no PIN in clear,
//! and `borne set-pin`'s dialogue: with buffers, through a pipe, and through a real
//! pseudo-terminal (util-linux `script`) to prove that the PIN is not echoed.

#![expect(
    clippy::unwrap_used,
    reason = "tests: a panic with its message is how a test reports failure"
)]

use std::fs;
use std::io::{Read as _, Write as _};
use std::os::unix::fs::{PermissionsExt as _, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use borne::domain::pin::{MAX_BACKOFF, PinRuleError, Role};
use borne::services::secrets::{SecretStore, SecretsError, VerifyError};
use borne::services::set_pin::{SetPinError, set_pin_from_terminal, set_pin_with};
use chrono::{DateTime, TimeDelta, Utc};

const ADMIN_PIN: &str = "135790";
const VOLUNTEER_PIN: &str = "246801";
const WRONG_PIN: &str = "975318";

/// A fresh directory for one test, under cargo's temporary directory for integration tests.
fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("secrets")
        .join(name);
    if dir.exists() {
        fs::remove_dir_all(&dir).unwrap();
    }
    fs::create_dir_all(&dir).unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).unwrap();
    dir
}

fn utc(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn secs(n: i64) -> TimeDelta {
    TimeDelta::seconds(n)
}

/// A store with both PINs set.
fn store_with_pins(name: &str) -> (PathBuf, SecretStore) {
    let path = temp_dir(name).join("secrets.toml");
    let mut store = SecretStore::open(&path).unwrap();
    store.set_pin(Role::Admin, ADMIN_PIN).unwrap();
    store.set_pin(Role::Volunteer, VOLUNTEER_PIN).unwrap();
    (path, store)
}

/// Types `count` wrong PINs from `start`, each as soon as the pad takes one; returns the time of
/// the last.
fn wrong_pins(store: &mut SecretStore, count: usize, start: DateTime<Utc>) -> DateTime<Utc> {
    let mut now = start;
    for i in 0..count {
        if i > 0 {
            now += secs(1);
        }
        if let Some(wait) = store.wait_left(now).unwrap() {
            now += TimeDelta::from_std(wait).unwrap();
        }
        assert_eq!(store.verify(WRONG_PIN, now).unwrap(), None);
    }
    now
}

fn wait_of(result: Result<Option<Role>, VerifyError>) -> Duration {
    match result {
        Err(VerifyError::LockedOut { wait }) => wait,
        other => panic!("expected a wait, got {other:?}"),
    }
}

#[test]
fn a_new_station_needs_setup_and_has_no_file() {
    let path = temp_dir("new").join("secrets.toml");
    let store = SecretStore::open(&path).unwrap();
    assert!(store.needs_setup());
    assert!(!store.is_set(Role::Admin));
    assert!(!store.is_set(Role::Volunteer));
    assert!(!path.exists(), "opening writes nothing");
    // A directory that does not exist yet is no different.
    let deeper = temp_dir("new_dir").join("borne").join("secrets.toml");
    let mut store = SecretStore::open(&deeper).unwrap();
    assert!(store.needs_setup());
    store.set_pin(Role::Admin, ADMIN_PIN).unwrap();
    let dir_mode = fs::metadata(deeper.parent().unwrap())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(dir_mode & 0o777, 0o700);
}

#[test]
fn both_roles_are_set_and_recognised() {
    let (path, mut store) = store_with_pins("both");
    assert!(!store.needs_setup());
    let now = utc("2026-03-02T14:00:00Z");
    assert_eq!(store.verify(ADMIN_PIN, now).unwrap(), Some(Role::Admin));
    assert_eq!(
        store.verify(VOLUNTEER_PIN, now).unwrap(),
        Some(Role::Volunteer)
    );
    assert_eq!(store.verify(WRONG_PIN, now).unwrap(), None);
    assert_eq!(store.verify("", now).unwrap(), None);
    // And after a restart.
    let mut reopened = SecretStore::open(&path).unwrap();
    assert!(!reopened.needs_setup());
    assert_eq!(reopened.verify(ADMIN_PIN, now).unwrap(), Some(Role::Admin));
}

#[test]
fn one_pin_set_still_needs_setup_but_works() {
    let path = temp_dir("half").join("secrets.toml");
    let mut store = SecretStore::open(&path).unwrap();
    let now = utc("2026-03-02T14:00:00Z");
    assert!(matches!(
        store.verify(ADMIN_PIN, now),
        Err(VerifyError::NoPinSet)
    ));
    store.set_pin(Role::Admin, ADMIN_PIN).unwrap();
    assert!(store.needs_setup());
    assert!(store.is_set(Role::Admin));
    assert_eq!(store.verify(ADMIN_PIN, now).unwrap(), Some(Role::Admin));
}

#[test]
fn set_both_writes_both_at_once() {
    let path = temp_dir("set_both").join("secrets.toml");
    let mut store = SecretStore::open(&path).unwrap();
    assert!(matches!(
        store.set_both(ADMIN_PIN, ADMIN_PIN),
        Err(SecretsError::Rule(PinRuleError::SameForBothRoles))
    ));
    assert!(matches!(
        store.set_both(ADMIN_PIN, "123456"),
        Err(SecretsError::Rule(PinRuleError::Sequence))
    ));
    assert!(!path.exists(), "nothing written on a refused pair");
    store.set_both(ADMIN_PIN, VOLUNTEER_PIN).unwrap();
    let reopened = SecretStore::open(&path).unwrap();
    assert!(!reopened.needs_setup());
}

#[test]
fn the_rules_are_applied_and_both_pins_must_differ() {
    let path = temp_dir("rules").join("secrets.toml");
    let mut store = SecretStore::open(&path).unwrap();
    for (pin, rule) in [
        ("12345", PinRuleError::TooShort),
        ("123456", PinRuleError::Sequence),
        ("654321", PinRuleError::Sequence),
        ("012345", PinRuleError::Sequence),
        ("444444", PinRuleError::AllSame),
        ("12a456", PinRuleError::NotDigits),
    ] {
        match store.set_pin(Role::Admin, pin) {
            Err(SecretsError::Rule(got)) => assert_eq!(got, rule, "{pin}"),
            other => panic!("{pin}: {other:?}"),
        }
    }
    assert!(!path.exists());
    store.set_pin(Role::Admin, ADMIN_PIN).unwrap();
    match store.set_pin(Role::Volunteer, ADMIN_PIN) {
        Err(SecretsError::Rule(PinRuleError::SameForBothRoles)) => {}
        other => panic!("{other:?}"),
    }
    assert!(!store.is_set(Role::Volunteer));
    // Changing the admin PIN to its own value again is fine.
    store.set_pin(Role::Admin, ADMIN_PIN).unwrap();
}

#[test]
fn wrong_pins_back_off_30_s_then_doubling_up_to_15_min() {
    let (_, mut store) = store_with_pins("backoff");
    let t0 = utc("2026-03-02T14:00:00Z");
    assert_eq!(store.verify(WRONG_PIN, t0).unwrap(), None);
    assert_eq!(store.verify(WRONG_PIN, t0 + secs(1)).unwrap(), None);
    assert_eq!(store.wait_left(t0 + secs(1)).unwrap(), None, "two are free");
    assert_eq!(store.verify(WRONG_PIN, t0 + secs(2)).unwrap(), None);

    // 3rd wrong PIN at t0+2: 30 s.
    assert_eq!(
        store.wait_left(t0 + secs(2)).unwrap(),
        Some(Duration::from_secs(30))
    );
    // During the wait, even the right PIN is refused unchecked, and that try does not count.
    assert_eq!(
        wait_of(store.verify(ADMIN_PIN, t0 + secs(12))),
        Duration::from_secs(20)
    );
    assert_eq!(
        wait_of(store.verify(WRONG_PIN, t0 + secs(31))),
        Duration::from_secs(1)
    );

    // Each further wrong PIN, tried when the wait is over, doubles the wait.
    let mut now = t0 + secs(32);
    for expected_secs in [60_i64, 120, 240, 480, 900, 900, 900] {
        assert_eq!(store.verify(WRONG_PIN, now).unwrap(), None);
        assert_eq!(
            store.wait_left(now).unwrap(),
            Some(Duration::from_secs(expected_secs.unsigned_abs())),
            "at {now}"
        );
        now += secs(expected_secs);
        assert_eq!(store.wait_left(now).unwrap(), None, "over at {now}");
    }
    assert_eq!(MAX_BACKOFF, Duration::from_secs(900));

    // Never locked out for good: when the wait is over, the right PIN works and resets.
    assert_eq!(store.verify(ADMIN_PIN, now).unwrap(), Some(Role::Admin));
    assert_eq!(store.verify(WRONG_PIN, now).unwrap(), None);
    assert_eq!(store.verify(WRONG_PIN, now).unwrap(), None);
    assert_eq!(
        store.wait_left(now).unwrap(),
        None,
        "the count started again"
    );
    assert_eq!(store.verify(WRONG_PIN, now).unwrap(), None);
    assert_eq!(store.wait_left(now).unwrap(), Some(Duration::from_secs(30)));
}

#[test]
fn a_restart_keeps_the_backoff() {
    let (path, mut store) = store_with_pins("restart");
    let t0 = utc("2026-03-02T14:00:00Z");
    let last = wrong_pins(&mut store, 4, t0);
    // The 4th wrong PIN came at t0+32 (after the 30 s wait): 60 s, until t0+92. The kiosk is
    // killed and started again.
    assert_eq!(last, t0 + secs(32));
    drop(store);
    let mut store = SecretStore::open(&path).unwrap();
    assert_eq!(
        store.wait_left(t0 + secs(42)).unwrap(),
        Some(Duration::from_secs(50))
    );
    assert_eq!(
        wait_of(store.verify(VOLUNTEER_PIN, t0 + secs(42))),
        Duration::from_secs(50)
    );
    // The count survived too: the next wrong PIN earns 2 min, not 30 s.
    assert_eq!(store.verify(WRONG_PIN, t0 + secs(92)).unwrap(), None);
    drop(store);
    let mut store = SecretStore::open(&path).unwrap();
    assert_eq!(
        store.wait_left(t0 + secs(92)).unwrap(),
        Some(Duration::from_secs(120))
    );
    // A right PIN after the wait resets, and that survives a restart as well.
    assert_eq!(
        store.verify(VOLUNTEER_PIN, t0 + secs(212)).unwrap(),
        Some(Role::Volunteer)
    );
    drop(store);
    let mut store = SecretStore::open(&path).unwrap();
    for i in 0..2 {
        assert_eq!(store.verify(WRONG_PIN, t0 + secs(220 + i)).unwrap(), None);
    }
    assert_eq!(store.wait_left(t0 + secs(221)).unwrap(), None);
}

#[test]
fn a_clock_set_back_does_not_lock_staff_out_for_long() {
    let (path, mut store) = store_with_pins("clock_back");
    let t0 = utc("2026-03-02T14:00:00Z");
    wrong_pins(&mut store, 3, t0);
    drop(store);
    // The station boots with a dead clock battery: 2000-01-01 until NTP answers.
    let boot = utc("2000-01-01T00:00:10Z");
    let mut store = SecretStore::open(&path).unwrap();
    assert_eq!(
        store.wait_left(boot).unwrap(),
        Some(Duration::from_secs(30))
    );
    assert_eq!(store.wait_left(boot + secs(30)).unwrap(), None);
    assert_eq!(
        store.verify(ADMIN_PIN, boot + secs(30)).unwrap(),
        Some(Role::Admin)
    );
}

#[test]
fn damaged_files_fail_closed_and_name_the_path() {
    let (path, _) = store_with_pins("damaged");
    let good = fs::read_to_string(&path).unwrap();
    let hash_line = good.lines().find(|l| l.starts_with("admin")).unwrap();
    let hash = hash_line.split('"').nth(1).unwrap().to_owned();
    let cut = good.find("[lockout]").unwrap();
    let damaged = [
        String::new(),
        "garbage \u{0} not toml".to_owned(),
        good[..cut].to_owned(),
        good[..good.len() / 2].to_owned(),
        good.replace("volunteer = \"$argon2id", "volunteer = \"$argon2i"),
        good.replace(&hash, "135790"),
        good.replace("failures = 0", &format!("failures = \"{hash}\"")),
    ];
    for text in damaged {
        fs::write(&path, &text).unwrap();
        let error = SecretStore::open(&path).expect_err(&text);
        assert!(matches!(error, SecretsError::Corrupt { .. }), "{error:?}");
        let message = format!("{error:#}");
        assert!(message.contains(&path.display().to_string()), "{message}");
        assert!(!message.contains(&hash), "{message}");
        assert!(!message.contains("$argon2"), "{message}");
        assert!(!message.contains(ADMIN_PIN), "{message}");
    }
    // Not UTF-8.
    fs::write(&path, [0xff, 0xfe, 0x00]).unwrap();
    assert!(matches!(
        SecretStore::open(&path),
        Err(SecretsError::Corrupt { .. })
    ));
}

#[test]
fn a_damaged_file_is_not_overwritten_by_a_running_kiosk() {
    let (path, mut store) = store_with_pins("damaged_live");
    fs::write(&path, "version = 1\n").unwrap();
    let now = utc("2026-03-02T14:00:00Z");
    assert!(matches!(
        store.verify(ADMIN_PIN, now),
        Err(VerifyError::Store(SecretsError::Corrupt { .. }))
    ));
    assert!(matches!(
        store.set_pin(Role::Volunteer, "864209"),
        Err(SecretsError::Corrupt { .. })
    ));
    assert_eq!(fs::read_to_string(&path).unwrap(), "version = 1\n");
}

#[test]
fn the_file_is_private_and_holds_no_pin_in_clear() {
    let (path, mut store) = store_with_pins("private");
    store
        .verify(WRONG_PIN, utc("2026-03-02T14:00:00Z"))
        .unwrap();
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode, 0o600);
    let text = fs::read_to_string(&path).unwrap();
    for pin in [ADMIN_PIN, VOLUNTEER_PIN, WRONG_PIN] {
        assert!(!text.contains(pin), "{pin} in clear in {text}");
    }
    assert_eq!(text.matches("$argon2id$v=19$").count(), 2, "{text}");
    // No temporary file left behind.
    let names: Vec<_> = fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(names, [path.file_name().unwrap()]);
    // Debug output never shows the hashes either.
    let debug = format!("{store:?}");
    assert!(!debug.contains("argon2"), "{debug}");
}

#[test]
fn the_same_pin_gets_a_different_salt_each_time() {
    let (path, mut store) = store_with_pins("salt");
    let first = fs::read_to_string(&path).unwrap();
    store.set_pin(Role::Admin, ADMIN_PIN).unwrap();
    let second = fs::read_to_string(&path).unwrap();
    let admin = |text: &str| {
        text.lines()
            .find(|l| l.starts_with("admin"))
            .unwrap()
            .to_owned()
    };
    assert_ne!(admin(&first), admin(&second));
}

#[test]
fn a_file_readable_by_others_is_refused() {
    let (path, _) = store_with_pins("exposed");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    match SecretStore::open(&path) {
        Err(SecretsError::Exposed { mode, .. }) => assert_eq!(mode, 0o644),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_world_writable_directory_is_refused() {
    let (path, _) = store_with_pins("world_writable");
    let dir = path.parent().unwrap();
    fs::set_permissions(dir, fs::Permissions::from_mode(0o777)).unwrap();
    assert!(matches!(
        SecretStore::open(&path),
        Err(SecretsError::UnsafeDirectory { .. })
    ));
    // Nor can a first PIN be written there.
    let fresh = temp_dir("world_writable_new");
    fs::set_permissions(&fresh, fs::Permissions::from_mode(0o777)).unwrap();
    let mut store = SecretStore::open(fresh.join("secrets.toml")).unwrap();
    assert!(matches!(
        store.set_pin(Role::Admin, ADMIN_PIN),
        Err(SecretsError::UnsafeDirectory { .. })
    ));
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).unwrap();
}

#[test]
fn a_symbolic_link_is_refused() {
    let (real, _) = store_with_pins("symlink");
    let link = real.with_file_name("link.toml");
    symlink(&real, &link).unwrap();
    assert!(matches!(
        SecretStore::open(&link),
        Err(SecretsError::NotAFile { .. })
    ));
}

#[test]
fn a_pin_set_from_a_terminal_while_the_kiosk_runs_is_kept() {
    let (path, mut kiosk) = store_with_pins("concurrent");
    let mut terminal = SecretStore::open(&path).unwrap();
    terminal.set_pin(Role::Admin, "864209").unwrap();
    let now = utc("2026-03-02T14:00:00Z");
    // The kiosk's next write (a wrong PIN) must not bring the old hash back.
    assert_eq!(kiosk.verify(WRONG_PIN, now).unwrap(), None);
    assert_eq!(kiosk.verify("864209", now).unwrap(), Some(Role::Admin));
    assert_eq!(kiosk.verify(ADMIN_PIN, now).unwrap(), None);
    let mut reopened = SecretStore::open(&path).unwrap();
    assert_eq!(reopened.verify("864209", now).unwrap(), Some(Role::Admin));
}

#[test]
fn clear_lockout_lets_staff_in_at_once() {
    let (path, mut store) = store_with_pins("clear");
    let now = wrong_pins(&mut store, 8, utc("2026-03-02T14:00:00Z"));
    assert_eq!(store.wait_left(now).unwrap(), Some(MAX_BACKOFF));
    SecretStore::open(&path).unwrap().clear_lockout().unwrap();
    assert_eq!(store.verify(ADMIN_PIN, now).unwrap(), Some(Role::Admin));
}

// --- `borne set-pin` ---

/// Runs the set-pin dialogue on `typed` and returns its result and what it wrote.
fn dialogue(store: &mut SecretStore, role: Role, typed: &str) -> (Result<(), SetPinError>, String) {
    let mut prompts = Vec::new();
    let result = set_pin_with(store, role, &mut typed.as_bytes(), &mut prompts);
    (result, String::from_utf8(prompts).unwrap())
}

#[test]
fn set_pin_dialogue_asks_twice() {
    let path = temp_dir("dialogue").join("secrets.toml");
    let mut store = SecretStore::open(&path).unwrap();
    let (result, said) = dialogue(&mut store, Role::Admin, "135790\n135790\n");
    result.unwrap();
    assert!(said.contains("New admin PIN"), "{said}");
    assert!(said.contains("Again"), "{said}");
    assert!(said.contains("admin PIN saved"), "{said}");
    assert!(
        !said.contains(ADMIN_PIN),
        "the PIN is never written back: {said}"
    );
    assert!(SecretStore::open(&path).unwrap().is_set(Role::Admin));
}

#[test]
fn set_pin_dialogue_asks_again_after_a_mistake() {
    let path = temp_dir("dialogue_retry").join("secrets.toml");
    let mut store = SecretStore::open(&path).unwrap();
    store.set_pin(Role::Admin, ADMIN_PIN).unwrap();
    // A sequence, then two different entries, then the admin's PIN, then a good one: too many.
    let (result, said) = dialogue(
        &mut store,
        Role::Volunteer,
        "123456\n246801\n246802\n135790\n135790\n",
    );
    assert!(matches!(
        result,
        Err(SetPinError::Store(SecretsError::Rule(
            PinRuleError::SameForBothRoles
        )))
    ));
    assert!(said.contains("Pas une suite de chiffres"), "{said}");
    assert!(said.contains("The two entries differ"), "{said}");
    assert!(said.contains("must differ"), "{said}");
    assert!(!store.is_set(Role::Volunteer));
    // Within three tries it works.
    let (result, _) = dialogue(&mut store, Role::Volunteer, "12\r\n246801\r\n246801\r\n");
    result.unwrap();
    assert!(!store.needs_setup());
}

#[test]
fn set_pin_dialogue_stops_at_the_end_of_input() {
    let path = temp_dir("dialogue_eof").join("secrets.toml");
    let mut store = SecretStore::open(&path).unwrap();
    let (result, _) = dialogue(&mut store, Role::Admin, "135790\n");
    assert!(matches!(result, Err(SetPinError::NoInput)));
    assert!(!path.exists());
}

/// The child side of the process tests below: runs the real `set_pin_from_terminal` on this
/// process's standard input, then says whether echo is on. Only meaningful when a test below
/// starts it (ignored otherwise).
#[test]
#[ignore = "run as a child process by the set-pin tests"]
fn child_set_pin_from_terminal() {
    let path = std::env::var_os("BORNE_TEST_SECRETS").expect("BORNE_TEST_SECRETS");
    let result = set_pin_from_terminal(Path::new(&path), Role::Admin);
    let stdin = std::io::stdin();
    if let Ok(termios) = nix::sys::termios::tcgetattr(&stdin) {
        let echo = termios
            .local_flags
            .contains(nix::sys::termios::LocalFlags::ECHO);
        eprintln!("CHILD-ECHO-{}", if echo { "ON" } else { "OFF" });
    }
    result.unwrap();
    eprintln!("CHILD-DONE");
}

fn child_command() -> Command {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command.args([
        "--exact",
        "child_set_pin_from_terminal",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ]);
    command
}

#[test]
fn set_pin_reads_a_pipe_and_clears_the_backoff() {
    let (path, mut store) = store_with_pins("pipe");
    let now = wrong_pins(&mut store, 5, Utc::now());
    assert!(store.wait_left(now).unwrap().is_some());
    let mut child = child_command()
        .env("BORNE_TEST_SECRETS", &path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"864209\n864209\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("CHILD-DONE"), "{stderr}");
    let mut store = SecretStore::open(&path).unwrap();
    assert_eq!(store.wait_left(now).unwrap(), None, "back-off cleared");
    assert_eq!(store.verify("864209", now).unwrap(), Some(Role::Admin));
}

/// Waits until `output` holds `text`, or fails after a while with what it holds.
fn wait_for(output: &Mutex<Vec<u8>>, text: &str) {
    let start = Instant::now();
    loop {
        let seen = String::from_utf8_lossy(&output.lock().unwrap()).into_owned();
        if seen.contains(text) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no {text:?} in: {seen}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn set_pin_on_a_terminal_does_not_echo_the_pin() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let path = temp_dir("pty").join("secrets.toml");
    let child = child_command();
    let inner = format!(
        "{} {}",
        child.get_program().to_string_lossy(),
        child
            .get_args()
            .map(|arg| arg.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    );
    // `script` runs the child on a fresh pseudo-terminal and copies everything the terminal
    // shows (the child's output and, if echo were on, what is typed) to its standard output.
    let mut script = Command::new("script")
        .args([
            "--quiet",
            "--flush",
            "--return",
            "--command",
            &inner,
            "/dev/null",
        ])
        .env("BORNE_TEST_SECRETS", &path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let shown = Arc::new(Mutex::new(Vec::new()));
    let mut stdout = script.stdout.take().unwrap();
    let reader = {
        let shown = Arc::clone(&shown);
        std::thread::spawn(move || {
            let mut buffer = [0; 1024];
            while let Ok(n @ 1..) = stdout.read(&mut buffer) {
                shown.lock().unwrap().extend_from_slice(&buffer[..n]);
            }
        })
    };
    let mut keyboard = script.stdin.take().unwrap();
    // Type only once asked: what is typed before the prompt is dropped (TCSAFLUSH).
    wait_for(&shown, "New admin PIN");
    keyboard.write_all(b"135790\n").unwrap();
    wait_for(&shown, "Again");
    keyboard.write_all(b"135790\n").unwrap();
    wait_for(&shown, "CHILD-DONE");
    drop(keyboard);
    let status = script.wait().unwrap();
    reader.join().unwrap();
    let shown = String::from_utf8_lossy(&shown.lock().unwrap()).into_owned();
    assert!(status.success(), "{shown}");
    assert!(!shown.contains(ADMIN_PIN), "the PIN was echoed: {shown}");
    assert!(
        shown.contains("CHILD-ECHO-ON"),
        "echo not put back: {shown}"
    );
    let mut store = SecretStore::open(&path).unwrap();
    assert_eq!(
        store.verify(ADMIN_PIN, Utc::now()).unwrap(),
        Some(Role::Admin)
    );
}

/// Measures Argon2id (default parameters) on this machine: run with `--nocapture` to read it.
#[test]
fn argon2_timing() {
    let path = temp_dir("timing").join("secrets.toml");
    let mut store = SecretStore::open(&path).unwrap();
    let start = Instant::now();
    store.set_pin(Role::Admin, ADMIN_PIN).unwrap();
    let set_admin = start.elapsed();
    let start = Instant::now();
    store.set_pin(Role::Volunteer, VOLUNTEER_PIN).unwrap();
    let set_volunteer = start.elapsed();
    let now = utc("2026-03-02T14:00:00Z");
    let mut time = |pin: &str| {
        let start = Instant::now();
        let role = store.verify(pin, now).unwrap();
        (role, start.elapsed())
    };
    let (_, admin) = time(ADMIN_PIN);
    let (_, volunteer) = time(VOLUNTEER_PIN);
    let (_, wrong) = time(WRONG_PIN);
    eprintln!(
        "argon2id m=19456 KiB t=2 p=1: set admin {set_admin:?} (hash), set volunteer \
         {set_volunteer:?} (check against admin + hash), verify admin {admin:?} (1 check), \
         verify volunteer {volunteer:?} (2 checks), verify wrong {wrong:?} (2 checks + write)"
    );
    // Slow enough to matter offline, quick enough for a pad: well under a second here.
    assert!(wrong < Duration::from_secs(2), "{wrong:?}");
}
