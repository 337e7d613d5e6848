//! The antenna, end to end: real kiosks (the `borne` binary), each in its own Xvfb and with its
//! API on its own 127.0.0.x address, and the real console window driven through its UI with
//! kittest. Requests the console would never send are written by hand on a TCP socket.
//!
//! Needs Xvfb, xdotool and ImageMagick's `import` (`scripts/test` installs them). As root the
//! kiosks run their browser as `borne-e2e`, as the other end-to-end tests; no browser is
//! opened here.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic with its message is how a test reports failure"
)]

mod common;

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use borne::antenna::console::Board;
use borne::antenna::console::client::{Client, Failure};
use borne::antenna::console::config::{ConsoleConfig, StationEntry};
use borne::antenna::protocol::{
    COMMANDS_PATH, CommandRequest, ErrorCode, RemoteCommand, STATUS_PATH, StationState, Status,
};
use borne::antenna::signing::{self, NONCE_HEADER, SIGNATURE_HEADER, Signed, TIME_HEADER};
use borne::domain::Language;
use borne::ui::console::ConsoleWindow;
use common::site::TestSite;
use common::station::*;
use common::xvfb::Xvfb;
use ed25519_dalek::SigningKey;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

/// A station of the test antenna: its X server, its kiosk and its API's address.
struct Station {
    kiosk: Kiosk,
    xvfb: Xvfb,
    address: SocketAddr,
}

/// A free port on `ip`, for a station's API.
fn free_address(ip: &str) -> SocketAddr {
    TcpListener::bind((ip, 0)).unwrap().local_addr().unwrap()
}

fn antenna_lines(address: SocketAddr, key: &SigningKey) -> String {
    format!(
        "[stats]\ndatabase = \"{{dir}}/usage.sqlite\"\n[antenna]\nlisten = \"{address}\"\npublic_key = \"{}\"\n",
        signing::public_key_text(&key.verifying_key())
    )
}

fn station(site: &TestSite, name: &str, address: SocketAddr, key: &SigningKey) -> Station {
    let xvfb = Xvfb::start_with(&format!("{}x{}", SCREEN.0, SCREEN.1));
    let desktop = xvfb.connect();
    let kiosk = Kiosk::start_station(&xvfb, site, name, &antenna_lines(address, key));
    kiosk.wait_for_window(&desktop);
    Station {
        kiosk,
        xvfb,
        address,
    }
}

/// Presses "Commencer" as a person would: after a session, the first tap may only leave
/// "Au revoir" (the status says "free" from then on), so they tap again.
fn start_session(station: &Station) {
    for _ in 0..5 {
        station.kiosk.click(START);
        let until = Instant::now() + Duration::from_secs(2);
        while Instant::now() < until {
            if station.kiosk.session_dirs().len() == 1 {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    panic!("{}: no session starts", station.kiosk.name);
}

fn key() -> SigningKey {
    signing::generate().unwrap()
}

/// Waits for the station's status to satisfy `check`.
fn wait_status(
    client: &Client,
    station: &Station,
    what: &str,
    check: impl Fn(&Status) -> bool,
) -> Status {
    let until = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(status) = client.status(station.address)
            && check(&status)
        {
            return status;
        }
        if Instant::now() > until {
            let shot = station.kiosk.screenshot(what);
            panic!(
                "{what}: not within 30 s; last status {:?} (screenshot {shot:?})\nkiosk log:\n{}",
                client.status(station.address),
                std::fs::read_to_string(station.kiosk.dir.join("kiosk.log")).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn session_reference(status: &Status) -> Option<String> {
    match &status.state {
        StationState::InSession { reference, .. } => Some(reference.clone()),
        _ => None,
    }
}

fn secs_left(status: &Status) -> u64 {
    match status.state {
        StationState::InSession { secs_left, .. } => secs_left,
        _ => 0,
    }
}

/// The colour of one pixel of the station's screen.
fn pixel(station: &Station, (x, y): (i32, i32)) -> [u8; 3] {
    let output = std::process::Command::new("import")
        .args(["-window", "root", "-crop", &format!("1x1+{x}+{y}"), "txt:-"])
        .env("DISPLAY", station.xvfb.display())
        .output()
        .expect("import is missing: apt-get install imagemagick");
    let text = String::from_utf8_lossy(&output.stdout);
    let hex = text
        .split_whitespace()
        .find(|word| word.starts_with('#') && word.len() >= 7)
        .unwrap_or_else(|| panic!("no colour in {text:?}"));
    let byte = |at: usize| u8::from_str_radix(&hex[at..at + 2], 16).unwrap();
    [byte(1), byte(3), byte(5)]
}

/// Whether the station's screen shows the session bar: dark at the top left, where the other
/// screens show their light background.
fn shows_session_bar(station: &Station) -> bool {
    pixel(station, (6, 6)).iter().all(|channel| *channel < 80)
}

/// The console's window over `stations`, in French.
fn console(key: &SigningKey, stations: &[(&str, SocketAddr)]) -> Harness<'static, ConsoleWindow> {
    let config = ConsoleConfig {
        key: key.clone(),
        language: Language::Fr,
        refresh: Duration::from_secs(2),
        stations: stations
            .iter()
            .map(|(name, address)| StationEntry {
                name: (*name).to_owned(),
                address: *address,
            })
            .collect(),
    };
    Harness::builder()
        .with_size(egui::Vec2::new(1280.0, 800.0))
        .build_eframe(move |cc| {
            let ctx = cc.egui_ctx.clone();
            let wake: Arc<dyn Fn() + Send + Sync> = Arc::new(move || ctx.request_repaint());
            let board = Board::start(&config, &wake);
            ConsoleWindow::new(&cc.egui_ctx, board, Language::Fr)
        })
}

/// Steps the console until a widget whose label contains `text` is shown.
fn console_shows(harness: &mut Harness<'static, ConsoleWindow>, text: &str) {
    let until = Instant::now() + Duration::from_secs(20);
    loop {
        harness.step();
        if harness.query_all_by_label_contains(text).next().is_some() {
            return;
        }
        assert!(
            Instant::now() < until,
            "the console does not show {text:?} within 20 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn console_click(harness: &mut Harness<'static, ConsoleWindow>, label: &str) {
    console_shows(harness, label);
    harness.get_by_label(label).click();
    harness.step();
    harness.step();
}

#[test]
fn the_console_extends_ends_closes_and_reopens_real_stations() {
    let _serial = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let key = key();
    let site = TestSite::start();
    let a = station(&site, "Poste A", free_address("127.0.0.2"), &key);
    let b = station(&site, "Poste B", free_address("127.0.0.3"), &key);
    let client = Client::new(key.clone(), Duration::from_secs(3));
    // The third line of the console's config has B's address under another name.
    let mut window = console(
        &key,
        &[
            ("Poste A", a.address),
            ("Poste B", b.address),
            ("Poste Z", b.address),
        ],
    );
    console_shows(&mut window, "Libre");
    console_shows(
        &mut window,
        "À cette adresse répond « Poste B », pas ce poste",
    );
    assert!(
        window
            .query_by_label("Fermer le poste au public, Poste Z")
            .is_none(),
        "no command is offered for the station that does not answer at its address"
    );

    // A person starts a session at station A: the console sees it.
    start_session(&a);
    let first = wait_status(&client, &a, "A in session", |s| {
        session_reference(s).is_some()
    });
    console_shows(&mut window, "Session libre — reste 30 minutes");
    a.kiosk.wait(
        "A's screen shows the session bar",
        Duration::from_secs(10),
        || shows_session_bar(&a),
    );

    // "Ajouter 15 minutes": the station's own rules add them.
    console_click(&mut window, "Ajouter 15 minutes, Poste A");
    let extended = wait_status(&client, &a, "A extended", |s| secs_left(s) > 40 * 60);
    assert_eq!(session_reference(&extended), session_reference(&first));
    console_shows(&mut window, "Fait : il reste 45 minutes.");

    // "Terminer la session", confirmed: the usual end (no files, no question here), the wipe,
    // and the welcome screen again.
    console_click(&mut window, "Terminer la session, Poste A");
    console_click(&mut window, "Oui, terminer, Poste A");
    wait_status(&client, &a, "A free again", |s| {
        s.state == StationState::Free
    });
    a.kiosk.wait(
        "A's session directory is wiped",
        Duration::from_secs(20),
        || a.kiosk.session_dirs().is_empty(),
    );
    a.kiosk.wait(
        "A's screen leaves the session",
        Duration::from_secs(20),
        || !shows_session_bar(&a),
    );
    console_shows(&mut window, "Fait : la session se termine.");

    // Station B was never touched.
    assert_eq!(client.status(b.address).unwrap().state, StationState::Free);

    // Close B for a workshop, then reopen it.
    console_click(&mut window, "Fermer le poste au public, Poste B");
    console_click(&mut window, "Réservé à un atelier, Poste B");
    wait_status(&client, &b, "B closed", |s| {
        matches!(s.state, StationState::ClosedByStaff { .. })
    });
    console_shows(&mut window, "Fermé au public : Réservé à un atelier");
    console_click(&mut window, "Remettre en service, Poste B");
    wait_status(&client, &b, "B open", |s| s.state == StationState::Free);

    // B is cut from the network (its kiosk stops): the console says so, and A still obeys.
    let mut b = b;
    b.kiosk.child.kill().unwrap();
    b.kiosk.child.wait().unwrap();
    console_shows(&mut window, "Injoignable");
    start_session(&a);
    wait_status(&client, &a, "A in session again", |s| {
        session_reference(s).is_some()
    });
    console_shows(&mut window, "Ajouter 15 minutes, Poste A");
    drop(b);

    // The console is closed: station A serves on, and its person ends their session there.
    drop(window);
    std::thread::sleep(Duration::from_secs(2));
    let running = client.status(a.address).unwrap();
    assert!(secs_left(&running) > 0 && secs_left(&running) <= 30 * 60);
    a.kiosk.end_session();
    wait_status(&client, &a, "A ended at its screen", |s| {
        s.state == StationState::Free
    });
    drop(a);
}

/// A request written by hand: method, path, headers, body; the status and the body back.
fn http(
    address: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> (u16, String) {
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(3)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    // The station may answer (413) before it read everything.
    stream.write_all(body).ok();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).ok();
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP status in {answer:?}"));
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// The signature headers of a request, signed by `key` at `time`.
fn signed(
    key: &SigningKey,
    method: &str,
    path: &str,
    body: &[u8],
    time: i64,
) -> Vec<(&'static str, String)> {
    let nonce = signing::new_nonce().unwrap();
    let signature = Signed {
        method,
        path,
        body,
        time,
        nonce: &nonce,
    }
    .sign(key);
    vec![
        (TIME_HEADER, time.to_string()),
        (NONCE_HEADER, nonce),
        (SIGNATURE_HEADER, signature),
    ]
}

fn error_code(body: &str) -> ErrorCode {
    serde_json::from_str::<borne::antenna::protocol::ApiError>(body)
        .unwrap_or_else(|error| panic!("not an error ({error}): {body}"))
        .error
}

/// What `borne doctor` says of the station's API.
fn antenna_finding(station: &Station) -> borne::services::station_root::Finding {
    borne::services::station_root::doctor(&station.kiosk.dir.join("borne.toml"))
        .into_iter()
        .find(|finding| finding.what.contains("API de l'antenne"))
        .expect("borne doctor looks at the antenna's API")
}

fn now() -> i64 {
    borne::antenna::server::wall_secs()
}

#[test]
fn bad_requests_are_refused_with_a_clear_code_and_change_nothing() {
    let _serial = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let key = key();
    let site = TestSite::start();
    let c = station(&site, "Poste C", free_address("127.0.0.4"), &key);
    let client = Client::new(key.clone(), Duration::from_secs(3));
    start_session(&c);
    let before = wait_status(&client, &c, "C in session", |s| {
        session_reference(s).is_some()
    });
    let reference = session_reference(&before).unwrap();
    let command = |command: &str| {
        format!(r#"{{"id":"t-{command}","station":"Poste C","command":"{command}","session":"{reference}"}}"#)
            .into_bytes()
    };
    let end = command("end");

    // Unsigned, signed by another key, stale, replayed: 401 and the code.
    let (status, body) = http(c.address, "POST", COMMANDS_PATH, &[], &end);
    assert_eq!((status, error_code(&body)), (401, ErrorCode::Unsigned));
    let other = SigningKey::from_bytes(&[9; 32]);
    let headers = signed(&other, "POST", COMMANDS_PATH, &end, now());
    let (status, body) = http(c.address, "POST", COMMANDS_PATH, &headers, &end);
    assert_eq!((status, error_code(&body)), (401, ErrorCode::BadSignature));
    for time in [now() - 120, now() + 120] {
        let headers = signed(&key, "POST", COMMANDS_PATH, &end, time);
        let (status, body) = http(c.address, "POST", COMMANDS_PATH, &headers, &end);
        assert_eq!((status, error_code(&body)), (401, ErrorCode::Stale));
    }
    let extend = command("extend");
    let headers = signed(&key, "POST", COMMANDS_PATH, &extend, now());
    let (status, _) = http(c.address, "POST", COMMANDS_PATH, &headers, &extend);
    assert_eq!(status, 200, "the first, well-signed extension is applied");
    let (status, body) = http(c.address, "POST", COMMANDS_PATH, &headers, &extend);
    assert_eq!((status, error_code(&body)), (401, ErrorCode::Replayed));
    // The same command id again, freshly signed: answered, not applied twice.
    let headers = signed(&key, "POST", COMMANDS_PATH, &extend, now());
    let (status, body) = http(c.address, "POST", COMMANDS_PATH, &headers, &extend);
    assert_eq!(status, 200);
    assert!(body.contains("\"repeated\":true"), "{body}");
    let once = client.status(c.address).unwrap();
    assert!(
        secs_left(&once) > 40 * 60 && secs_left(&once) <= 45 * 60,
        "extended once: {once:?}"
    );

    // Oversized, malformed, unknown, for another station, a wrong session, not allowed now.
    let big = vec![b' '; 10_000];
    let headers = signed(&key, "POST", COMMANDS_PATH, &big, now());
    let (status, body) = http(c.address, "POST", COMMANDS_PATH, &headers, &big);
    assert_eq!((status, error_code(&body)), (413, ErrorCode::TooLarge));
    for (body, code, http_status) in [
        (b"{not json".to_vec(), ErrorCode::Malformed, 400),
        (
            br#"{"id":"x1","station":"Poste C","command":"reboot"}"#.to_vec(),
            ErrorCode::UnknownCommand,
            400,
        ),
        (
            br#"{"id":"x2","station":"Poste Z","command":"reopen"}"#.to_vec(),
            ErrorCode::WrongStation,
            421,
        ),
        (
            br#"{"id":"x3","station":"Poste C","command":"end","session":"00000000000000aa"}"#
                .to_vec(),
            ErrorCode::OtherSession,
            409,
        ),
        (
            br#"{"id":"x4","station":"Poste C","command":"close","reason":"workshop"}"#.to_vec(),
            ErrorCode::Busy,
            409,
        ),
        (
            br#"{"id":"x5","station":"Poste C","command":"end","session":"not hex"}"#.to_vec(),
            ErrorCode::Malformed,
            400,
        ),
    ] {
        let headers = signed(&key, "POST", COMMANDS_PATH, &body, now());
        let (status, answer) = http(c.address, "POST", COMMANDS_PATH, &headers, &body);
        assert_eq!(
            (status, error_code(&answer)),
            (http_status, code),
            "{}",
            String::from_utf8_lossy(&body)
        );
    }
    let (status, body) = http(c.address, "GET", "/v1/other", &[], b"");
    assert_eq!((status, error_code(&body)), (404, ErrorCode::NotFound));
    let after = client.status(c.address).unwrap();
    assert_eq!(session_reference(&after), Some(reference.clone()));
    assert!(secs_left(&after) <= secs_left(&once));
    assert!(
        shows_session_bar(&c),
        "the session is still on C's screen: {:?}",
        pixel(&c, (6, 6))
    );

    // The end, applied; then a new person's session; the retried end (same id) and a new
    // end naming the old session both leave the new session alone.
    let headers = signed(&key, "POST", COMMANDS_PATH, &end, now());
    let (status, body) = http(c.address, "POST", COMMANDS_PATH, &headers, &end);
    assert_eq!(status, 200, "{body}");
    wait_status(&client, &c, "C free", |s| s.state == StationState::Free);
    c.kiosk.wait("C's wipe", Duration::from_secs(20), || {
        c.kiosk.session_dirs().is_empty()
    });
    std::thread::sleep(Duration::from_secs(1));
    start_session(&c);
    let next = wait_status(&client, &c, "C's next session", |s| {
        session_reference(s).is_some()
    });
    assert_ne!(session_reference(&next), Some(reference.clone()));
    let headers = signed(&key, "POST", COMMANDS_PATH, &end, now());
    let (status, body) = http(c.address, "POST", COMMANDS_PATH, &headers, &end);
    assert_eq!(status, 200);
    assert!(body.contains("\"repeated\":true"), "{body}");
    let again = client
        .command(
            c.address,
            &CommandRequest {
                id: "t-end-again".into(),
                station: "Poste C".into(),
                command: RemoteCommand::End {
                    session: reference.clone(),
                },
            },
        )
        .unwrap_err();
    assert!(
        matches!(&again, Failure::Refused(error) if error.error == ErrorCode::OtherSession),
        "{again:?}"
    );
    std::thread::sleep(Duration::from_secs(1));
    let still = client.status(c.address).unwrap();
    assert_eq!(session_reference(&still), session_reference(&next));
    assert!(shows_session_bar(&c), "the next person's session goes on");

    let finding = antenna_finding(&c);
    assert!(
        finding.wrong.is_none(),
        "borne doctor finds the API: {finding:?}"
    );

    // The status says nothing of the person: these keys only.
    let headers = signed(&key, "GET", STATUS_PATH, b"", now());
    let (status, body) = http(c.address, "GET", STATUS_PATH, &headers, b"");
    assert_eq!(status, 200);
    let value: serde_json::Value = serde_json::from_str(&body).unwrap();
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "closes_at",
            "extend_minutes",
            "kind",
            "reference",
            "secs_left",
            "state",
            "station",
            "version"
        ],
        "{body}"
    );

    // Someone opens many connections and says nothing: they are closed after a while, and the
    // station goes on serving its public and its console.
    let idle: Vec<TcpStream> = (0..40)
        .map(|_| TcpStream::connect_timeout(&c.address, Duration::from_secs(3)).unwrap())
        .collect();
    std::thread::sleep(Duration::from_secs(1));
    assert!(shows_session_bar(&c), "the session goes on");
    let patient = Client::new(key.clone(), Duration::from_secs(20));
    let asked = Instant::now();
    let status = patient.status(c.address).unwrap();
    assert_eq!(session_reference(&status), session_reference(&next));
    assert!(
        asked.elapsed() < Duration::from_secs(15),
        "answered once idle connections were closed: {:?}",
        asked.elapsed()
    );
    drop(idle);
}

#[test]
fn a_taken_port_leaves_the_station_serving_and_says_so() {
    let _serial = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let key = key();
    let site = TestSite::start();
    let taken = TcpListener::bind("127.0.0.5:0").unwrap();
    let address = taken.local_addr().unwrap();
    let d = station(&site, "Poste D", address, &key);
    d.kiosk.click(START);
    d.kiosk
        .wait("D starts a session", Duration::from_secs(10), || {
            d.kiosk.session_dirs().len() == 1
        });
    let log = std::fs::read_to_string(d.kiosk.dir.join("kiosk.log")).unwrap();
    assert!(
        log.contains(&format!("antenna: cannot listen on {address}")),
        "the journal says why the console cannot reach it:\n{log}"
    );
    let finding = antenna_finding(&d);
    assert!(finding.wrong.is_some(), "borne doctor says it: {finding:?}");
    drop(taken);
}
