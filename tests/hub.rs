//! The network's statistics, end to end: a real PostgreSQL cluster (Debian's package, started
//! in a scratch folder), the real `borne-hub` on 127.0.0.1 over TLS with a test authority made
//! by `openssl`, and real stations: each its own config and SQLite usage log, enrolled and
//! pushing with the `borne` program (`borne hub enrol`, `borne hub push`). Requests a station
//! would never send are written by hand with the station's own client.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a panic with its message is how a test reports failure"
)]

mod common;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};
use std::time::{Duration, Instant};

use borne::config::Hub;
use borne::domain::{EndReason, Language, Purpose, SessionKind};
use borne::hub::protocol::{ErrorCode, push_path};
use borne::hub::station::{Credentials, HubClient, HubClientError};
use borne::services::usage_log::{
    Counts, Period, PeriodTallies, ReportQuery, SessionRecord, Span, UsageLog, Zone,
};
use chrono::{Datelike as _, Days, NaiveDate, TimeZone as _, Utc};
use common::postgres::Postgres;
use common::scratch::Scratch;

const PASSWORD: &str = "un mot de passe assez long";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn run(program: &str, args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write as _;
    let mut child = Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("run {program}: {e}"));
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn ok(output: &Output) -> String {
    assert!(output.status.success(), "{}", text(output));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A test certificate authority and the hub's certificate for 127.0.0.1, made with openssl.
fn certificates(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let path = |name: &str| dir.join(name).display().to_string();
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    let mut ca = vec!["req", "-x509"];
    ca.extend(ec);
    let (ca_key, ca_pem) = (path("ca.key"), path("ca.pem"));
    ca.extend([
        "-keyout",
        &ca_key,
        "-out",
        &ca_pem,
        "-days",
        "2",
        "-subj",
        "/CN=Borne test CA",
    ]);
    ok(&run("openssl", &ca, None));
    let (key, csr, pem, ext) = (
        path("hub.key"),
        path("hub.csr"),
        path("hub.pem"),
        path("hub.ext"),
    );
    let mut request = vec!["req"];
    request.extend(ec);
    request.extend(["-keyout", &key, "-out", &csr, "-subj", "/CN=127.0.0.1"]);
    ok(&run("openssl", &request, None));
    std::fs::write(
        &ext,
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    ok(&run(
        "openssl",
        &[
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            &ca_pem,
            "-CAkey",
            &ca_key,
            "-CAcreateserial",
            "-out",
            &pem,
            "-days",
            "2",
            "-extfile",
            &ext,
        ],
        None,
    ));
    (ca_pem.into(), pem.into(), key.into())
}

/// The hub and its database.
struct Network {
    dir: Scratch,
    postgres: Postgres,
    port: u16,
    ca: PathBuf,
    cert: PathBuf,
    key: PathBuf,
    hub: Option<Child>,
}

impl Network {
    fn start(name: &str) -> Self {
        let dir = Scratch::new(name);
        let postgres = Postgres::start(dir.path(), free_port());
        let (ca, cert, key) = certificates(dir.path());
        let mut network = Self {
            dir,
            postgres,
            port: free_port(),
            ca,
            cert,
            key,
            hub: None,
        };
        ok(&network.admin(&["migrate"], None));
        ok(&network.admin(&["admin", "direction"], Some(&format!("{PASSWORD}\n"))));
        network.serve();
        network
    }

    fn url(&self) -> String {
        format!("https://127.0.0.1:{}", self.port)
    }

    fn admin(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut all = vec!["--database", &self.postgres.settings];
        all.extend_from_slice(args);
        run(env!("CARGO_BIN_EXE_borne-hub"), &all, stdin)
    }

    fn serve(&mut self) {
        let listen = format!("127.0.0.1:{}", self.port);
        let child = Command::new(env!("CARGO_BIN_EXE_borne-hub"))
            .args([
                "--database",
                &self.postgres.settings,
                "serve",
                "--listen",
                &listen,
            ])
            .arg("--cert")
            .arg(&self.cert)
            .arg("--key")
            .arg(&self.key)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        self.hub = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(&listen).is_err() {
            assert!(Instant::now() < deadline, "the hub did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn stop_hub(&mut self) {
        if let Some(mut hub) = self.hub.take() {
            hub.kill().ok();
            hub.wait().ok();
        }
    }

    fn hub_config(&self) -> Hub {
        Hub {
            url: self.url(),
            ca_file: Some(self.ca.clone()),
        }
    }

    /// Makes a station of `antenna` named `label`; returns its enrolment code.
    fn enrolment(&self, antenna: &str, label: &str) -> String {
        code_in(&ok(&self.admin(&["enrolment", antenna, label], None)))
    }

    /// The network's report as JSON, over HTTPS with the admin's password.
    fn report(&self, query: &str) -> serde_json::Value {
        let (status, body) = self.get(&format!("/report.json?{query}"), Some(PASSWORD));
        assert_eq!(status, 200, "{body}");
        serde_json::from_str(&body).unwrap()
    }

    fn get(&self, path: &str, password: Option<&str>) -> (u16, String) {
        use base64::Engine as _;
        let agent = agent(&self.ca);
        let mut request = agent.get(format!("{}{path}", self.url()));
        if let Some(password) = password {
            let basic =
                base64::engine::general_purpose::STANDARD.encode(format!("direction:{password}"));
            request = request.header("authorization", format!("Basic {basic}"));
        }
        let mut response = request.call().unwrap();
        (
            response.status().as_u16(),
            response.body_mut().read_to_string().unwrap(),
        )
    }
}

impl Drop for Network {
    fn drop(&mut self) {
        self.stop_hub();
    }
}

fn agent(ca: &Path) -> ureq::Agent {
    use ureq::tls::{Certificate, RootCerts, TlsConfig};
    let pem = std::fs::read(ca).unwrap();
    let cert = Certificate::from_pem(&pem).unwrap();
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .tls_config(
            TlsConfig::builder()
                .root_certs(RootCerts::new_with_certs(&[cert]))
                .build(),
        )
        .build()
        .into()
}

/// The enrolment code in an answer of `borne-hub enrolment` or `reenrol`.
fn code_in(answer: &str) -> String {
    answer
        .split("borne hub enrol ")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
        .unwrap_or_else(|| panic!("no code in {answer:?}"))
        .to_owned()
}

/// A station: its config, its PIN folder (where its hub credentials go) and its usage log.
struct Station {
    dir: PathBuf,
}

impl Station {
    fn new(network: &Network, name: &str, ca: Option<&Path>) -> Self {
        let dir = network.dir.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        let ca = ca
            .map(|ca| format!("ca_file = \"{}\"\n", ca.display()))
            .unwrap_or_default();
        let config = borne::config::DEFAULT_TEXT.replacen(
            "\n[stats]\n",
            &format!(
                "\n[stats]\ndatabase = \"{}\"\n",
                dir.join("usage.sqlite").display()
            ),
            1,
        ) + &format!("\n[hub]\nurl = \"{}\"\n{ca}", network.url());
        std::fs::write(dir.join("borne.toml"), config).unwrap();
        let station = Self { dir };
        // The kiosk creates its usage log at its first start.
        drop(station.usage());
        station
    }

    fn borne(&self, args: &[&str]) -> Output {
        let config = self.dir.join("borne.toml");
        let secrets = self.dir.join("secrets.toml");
        let mut all = vec![
            "--config",
            config.to_str().unwrap(),
            "--secrets",
            secrets.to_str().unwrap(),
        ];
        all.extend_from_slice(args);
        run(env!("CARGO_BIN_EXE_borne"), &all, None)
    }

    fn usage(&self) -> UsageLog {
        let (mut usage, _) =
            UsageLog::open(&self.dir.join("usage.sqlite"), Zone::Local, Utc::now()).unwrap();
        let config = borne::config::load(&self.dir.join("borne.toml")).unwrap();
        usage.set_thematiques(config.thematiques());
        usage
    }

    fn credentials(&self) -> Credentials {
        Credentials::load(&self.dir.join("hub.toml"))
            .unwrap()
            .unwrap()
    }

    /// Records `n` sessions on `day` (local time, from 10:00), as the kiosk does at their end.
    fn sessions(&self, day: NaiveDate, n: u32, seed: u32) {
        let mut usage = self.usage();
        for i in 0..n {
            let k = i + seed;
            let start = chrono::Local
                .from_local_datetime(&day.and_hms_opt(10 + k % 3, (k * 13) % 60, 0).unwrap())
                .unwrap()
                .with_timezone(&Utc);
            let shortcut = ["france-travail", "cv", "gmail", "services-publics"][(k % 4) as usize];
            usage
                .record_session(&SessionRecord {
                    started_at: start,
                    duration_secs: 300 + k * 397 % 7000,
                    kind: if k.is_multiple_of(4) {
                        SessionKind::Assisted
                    } else {
                        SessionKind::DropIn
                    },
                    end_reason: if k.is_multiple_of(3) {
                        EndReason::TimeUp
                    } else {
                        EndReason::User
                    },
                    language: Language::Fr,
                    shortcuts: vec![(shortcut.to_owned(), 1 + k % 3)],
                    extensions: k % 2,
                    pages_printed: k % 5,
                    purpose: [Some(Purpose::Emploi), None, Some(Purpose::Demarches)]
                        [(k % 3) as usize],
                    found: None,
                })
                .unwrap();
        }
    }

    /// This station's own report of `from` to `to`, with nothing hidden.
    fn own_total_sessions(&self, from: NaiveDate, to: NaiveDate) -> u64 {
        let usage =
            UsageLog::open_for_reports(&self.dir.join("usage.sqlite"), Zone::Local).unwrap();
        let mut query = ReportQuery::new(from, to, Period::Month);
        query.min_cell = 1;
        usage
            .report(&query)
            .unwrap()
            .total
            .sessions
            .value()
            .unwrap()
    }
}

fn total_sessions(report: &serde_json::Value) -> u64 {
    report["total"]["sessions"]
        .as_u64()
        .unwrap_or_else(|| panic!("{report}"))
}

#[test]
fn stations_enrol_push_catch_up_after_outages_and_the_network_adds_up() {
    let mut network = Network::start("hub-e2e");
    let antenna = ok(&network.admin(
        &[
            "antenna",
            "Lyon 8",
            "--commune",
            "Lyon",
            "--code-postal",
            "69008",
        ],
        None,
    ));
    let antenna = antenna.trim();
    let bad = network.admin(&["antenna", "Vénissieux", "--code-postal", "6920"], None);
    assert!(!bad.status.success(), "a bad postal code is refused");

    let today = chrono::Local::now().date_naive();
    let first = today - Days::new(45);
    let stations: Vec<Station> = (1..=3)
        .map(|i| {
            let station = Station::new(&network, &format!("poste-{i}"), Some(&network.ca));
            let code = network.enrolment(antenna, &format!("Poste {i}"));
            let out = station.borne(&["hub", "enrol", &code]);
            assert!(out.status.success(), "{}", text(&out));
            // A code is used once.
            let again = Station::new(&network, &format!("voleur-{i}"), Some(&network.ca));
            let out = again.borne(&["hub", "enrol", &code]);
            assert!(
                !out.status.success() && text(&out).contains("already used"),
                "{}",
                text(&out)
            );
            station
        })
        .collect();
    for (i, station) in stations.iter().enumerate() {
        for d in 0..40 {
            station.sessions(
                first + Days::new(d),
                1 + (d as u32 + i as u32) % 4,
                d as u32,
            );
        }
    }
    // The token is kept only as a hash.
    let token = stations[0].credentials().token;
    let stored = network
        .postgres
        .value("SELECT string_agg(encode(token_hash, 'hex'), ',') FROM station");
    assert!(!stored.contains(&token) && !stored.is_empty());

    // Not activated yet: refused, and the outbox keeps everything.
    let out = stations[0].borne(&["hub", "push"]);
    assert!(
        !out.status.success() && text(&out).contains("not activated"),
        "{}",
        text(&out)
    );
    assert_eq!(network.postgres.value("SELECT count(*) FROM period"), "0");

    let ids: Vec<String> = stations
        .iter()
        .map(|s| s.credentials().station_id.to_string())
        .collect();
    for id in &ids[..2] {
        ok(&network.admin(&["activate", id], None));
    }
    for station in &stations[..2] {
        let out = station.borne(&["hub", "push"]);
        assert!(out.status.success(), "{}", text(&out));
    }
    let out = stations[2].borne(&["hub", "push"]);
    assert!(!out.status.success(), "station 3 is still not activated");
    let range = format!("from={first}&to={today}&by=month&antenna={antenna}");
    let expected: u64 = stations[..2]
        .iter()
        .map(|s| s.own_total_sessions(first, today))
        .sum();
    assert_eq!(total_sessions(&network.report(&range)), expected);

    // Nothing changed: nothing is sent again.
    let out = ok(&stations[0].borne(&["hub", "push"]));
    assert!(out.starts_with("0 period(s) sent"), "{out}");

    // The hub goes down; the stations go on counting, a session of an old day (an
    // interruption found at the next start) included.
    network.stop_hub();
    stations[0].sessions(first + Days::new(3), 2, 100);
    stations[1].sessions(today - Days::new(2), 3, 200);
    let out = stations[0].borne(&["hub", "push"]);
    assert!(
        !out.status.success() && text(&out).contains("cannot be reached"),
        "{}",
        text(&out)
    );
    network.serve();
    ok(&network.admin(&["activate", &ids[2]], None));
    for station in &stations {
        let out = station.borne(&["hub", "push"]);
        assert!(out.status.success(), "{}", text(&out));
    }
    let expected: u64 = stations
        .iter()
        .map(|s| s.own_total_sessions(first, today))
        .sum();
    assert_eq!(
        total_sessions(&network.report(&range)),
        expected,
        "the network caught up exactly"
    );
    let by_day: u64 = network
        .postgres
        .value(&format!(
            "SELECT sum(n) FROM tally WHERE span = 0 AND dim = 0 AND start_day >= '{first}'"
        ))
        .parse()
        .unwrap();
    assert_eq!(by_day, expected, "every closed day is stored once");

    // The database goes down: the hub answers 503 and the station keeps its outbox.
    stations[2].sessions(today - Days::new(1), 2, 300);
    network.postgres.stop();
    let out = stations[2].borne(&["hub", "push"]);
    assert!(
        !out.status.success() && text(&out).contains("unavailable"),
        "{}",
        text(&out)
    );
    network.postgres.resume();
    let out = ok(&stations[2].borne(&["hub", "push"]));
    assert!(!out.starts_with("0 period"), "{out}");

    // Requests no station would send.
    let client = HubClient::new(&network.hub_config()).unwrap();
    let periods = network
        .postgres
        .value("SELECT count(*) || ':' || sum(revision) FROM period");
    let day = first + Days::new(5);
    let mine = stations[0].credentials();
    let counts = Counts {
        tallies: vec![
            [0, 0, 1],
            [1, 0, 1],
            [2, 0, 1],
            [5, 0, 1],
            [6, 33, 1],
            [8, 0, 1],
        ],
        shortcuts: Vec::new(),
    };
    let period = PeriodTallies {
        span: Span::Day,
        start: day,
        counts: counts.clone(),
    };
    let refused = |result: Result<_, HubClientError>| match result {
        Err(HubClientError::Refused(error)) => error.error,
        other => panic!("expected a refusal, got {other:?}"),
    };
    // A replay of an older revision.
    assert_eq!(refused(client.push(&mine, &period, 1)), ErrorCode::Replay);
    // A bad token.
    let stranger = Credentials {
        station_id: mine.station_id,
        token: "x".repeat(43),
    };
    assert_eq!(
        refused(client.push(&stranger, &period, i64::MAX)),
        ErrorCode::BadToken
    );
    // A forged count for another station.
    let forged = Credentials {
        station_id: stations[1].credentials().station_id,
        token: mine.token.clone(),
    };
    assert_eq!(
        refused(client.push(&forged, &period, i64::MAX)),
        ErrorCode::OtherStation
    );
    // A period in the future, a negative count, an unknown thématique.
    let future = PeriodTallies {
        start: today + Days::new(2),
        ..period.clone()
    };
    assert_eq!(
        refused(client.push(&mine, &future, i64::MAX)),
        ErrorCode::Future
    );
    let mut negative = period.clone();
    negative.counts.tallies[5] = [8, 0, -1];
    assert_eq!(
        refused(client.push(&mine, &negative, i64::MAX)),
        ErrorCode::Negative
    );
    let mut unknown = period.clone();
    unknown.counts.tallies.push([10, 44, 1]);
    assert_eq!(
        refused(client.push(&mine, &unknown, i64::MAX)),
        ErrorCode::UnknownThematique
    );
    // A malformed body, sent by hand.
    let agent = agent(&network.ca);
    let mut response = agent
        .put(format!(
            "{}{}",
            network.url(),
            push_path(mine.station_id, Span::Day, day)
        ))
        .header("authorization", format!("Bearer {}", mine.token))
        .send("{\"revision\": \"soon\"}")
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    assert!(
        response
            .body_mut()
            .read_to_string()
            .unwrap()
            .contains("malformed")
    );
    assert_eq!(
        network
            .postgres
            .value("SELECT count(*) || ':' || sum(revision) FROM period"),
        periods,
        "nothing refused was stored"
    );

    // TLS is always verified: a station that does not trust the hub's authority sends nothing.
    let wary = Station::new(&network, "sans-ca", None);
    std::fs::copy(stations[0].dir.join("hub.toml"), wary.dir.join("hub.toml")).unwrap();
    wary.sessions(first, 1, 0);
    let out = wary.borne(&["hub", "push"]);
    assert!(
        !out.status.success() && text(&out).contains("cannot be reached"),
        "{}",
        text(&out)
    );

    // A revoked station is refused and keeps its outbox; a new code for the same station
    // gives it a new token, and it catches up under its number.
    let id = stations[2].credentials().station_id.to_string();
    let before = total_sessions(&network.report(&range));
    ok(&network.admin(&["revoke", &id], None));
    stations[2].sessions(first + Days::new(2), 3, 11);
    let out = stations[2].borne(&["hub", "push"]);
    assert!(!out.status.success(), "{}", text(&out));
    assert_eq!(total_sessions(&network.report(&range)), before);
    let code = code_in(&ok(&network.admin(&["reenrol", &id], None)));
    ok(&stations[2].borne(&["hub", "enrol", &code]));
    assert_eq!(stations[2].credentials().station_id.to_string(), id);
    ok(&stations[2].borne(&["hub", "push"]));
    assert_eq!(total_sessions(&network.report(&range)), before + 3);

    // The page asks for a password, and refuses a wrong one.
    assert_eq!(network.get("/", None).0, 401);
    assert_eq!(network.get("/", Some("mauvais mot de passe")).0, 401);
    let (status, page) = network.get(&format!("/?{range}"), Some(PASSWORD));
    assert_eq!(status, 200);
    assert!(
        page.contains("Lyon 8") && page.contains("Thématique : insertion_professionnelle"),
        "{page}"
    );
}

/// One antenna, one station, one month: the export in the national vocabulary, computed by
/// hand, small counts hidden and their complements withheld.
#[test]
fn the_network_export_speaks_the_national_vocabulary_and_hides_small_counts() {
    let network = Network::start("hub-export");
    let antenna = ok(&network.admin(&["antenna", "Bron"], None));
    let station = Station::new(&network, "bron-1", Some(&network.ca));
    let code = network.enrolment(antenna.trim(), "Poste 1");
    ok(&station.borne(&["hub", "enrol", &code]));
    ok(&network.admin(
        &["activate", &station.credentials().station_id.to_string()],
        None,
    ));

    // Last month, on its 10th: 7 sessions. k = 0..7 gives: assisted when k % 4 == 0 (k = 0, 4:
    // 2 assisted, 5 drop-in); shortcuts france-travail (k = 0, 4), cv (1, 5), gmail (2, 6),
    // services-publics (3); answers Emploi (k = 0, 3, 6), none (1, 4), Démarches (2, 5).
    let this_month = chrono::Local::now().date_naive().with_day0(0).unwrap();
    let month = this_month
        .checked_sub_months(chrono::Months::new(1))
        .unwrap();
    station.sessions(month + Days::new(9), 7, 0);
    ok(&station.borne(&["hub", "push"]));
    let last = this_month - Days::new(1);
    let report = network.report(&format!("from={month}&to={last}&by=month"));
    let total = &report["total"];
    assert_eq!(total["sessions"], 7);
    // 2 assisted is under 3: hidden; 5 drop-in would give it by subtraction: withheld.
    assert_eq!(
        total["modalites_accompagnement"]["accompagnement_individuel"],
        "< 3"
    );
    assert_eq!(total["modalites_accompagnement"]["en_autonomie"], "*");
    // insertion_professionnelle: france-travail or cv (k = 0, 1, 4, 5) or Emploi (0, 3, 6): 6.
    // aide_aux_demarches: services-publics (3) or Démarches (2, 5): 3. email: gmail (2, 6): 2.
    let thematiques = &total["thematiques"];
    assert_eq!(thematiques["insertion_professionnelle"], 6);
    assert_eq!(thematiques["aide_aux_demarches_administratives"], 3);
    assert_eq!(thematiques["email"], "< 3");
    assert_eq!(thematiques["sante"], 0);
    // La Coop's durations only: 300 + k * 397 % 7000 s = 5, 11.6, 18.2, 24.9, 31.5, 38, 44.7 min.
    let durations = &total["durations_minutes"];
    let keys: Vec<&String> = durations.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["0-30", "30-60", "60-120", "120+"]);
    assert_eq!(durations["0-30"], 4);
    assert_eq!(durations["30-60"], 3);
    assert_eq!(durations["120+"], 0);
    // A station sends durations by bucket only: the network has no total or median to give.
    assert_eq!(total["total_duration_secs"], serde_json::Value::Null);
    assert_eq!(total["median_duration_secs"], serde_json::Value::Null);

    let (status, csv) = network.get(
        &format!("/report.csv?from={month}&to={last}&by=antenna"),
        Some(PASSWORD),
    );
    assert_eq!(status, 200);
    let header = csv.lines().next().unwrap();
    assert!(header.starts_with("\u{feff}Antenne;Début;Fin;"), "{header}");
    assert!(
        header.contains(";Sessions;En autonomie;Accompagnées;"),
        "{header}"
    );
    assert!(
        header.contains("Thématique : insertion_professionnelle"),
        "{header}"
    );
    // No column that the network cannot fill: durations come by La Coop's buckets only.
    assert!(!header.contains("Durée totale"), "{header}");
    assert!(header.contains("Pages imprimées"), "{header}");
    let bron = csv
        .lines()
        .find(|l| l.starts_with("Bron;"))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(bron.contains(";7;"), "{bron}");

    // By purpose. insertion_professionnelle: k = 0, 1, 3, 4, 5, 6, of which k = 0 and 4
    // assisted (2, hidden; the 4 drop-in would give them: withheld); 5, 11.6 and 24.9 min
    // under 30, 31.5, 38 and 44.7 min from 30 to 60.
    let emploi = network.report(&format!(
        "from={month}&to={last}&by=month&thematique=insertion_professionnelle"
    ));
    assert_eq!(emploi["thematique"], "insertion_professionnelle");
    let total = &emploi["total"];
    assert_eq!(total["sessions"], 6);
    assert_eq!(
        total["modalites_accompagnement"]["accompagnement_individuel"],
        "< 3"
    );
    assert_eq!(total["modalites_accompagnement"]["en_autonomie"], "*");
    assert_eq!(total["durations_minutes"]["0-30"], 3);
    assert_eq!(total["durations_minutes"]["30-60"], 3);
    assert_eq!(total["durations_minutes"]["60-120"], 0);
    // Nothing else is known of these sessions: not a zero, no figure at all.
    assert_eq!(total["pages_printed"], serde_json::Value::Null);
    assert_eq!(total["median_duration_secs"], serde_json::Value::Null);
    assert_eq!(total["end_reasons"], serde_json::json!({}));
    assert_eq!(total["shortcuts"], serde_json::json!({}));
    assert!(
        emploi["notes"]
            .to_string()
            .contains("Insertion professionnelle"),
        "{emploi}"
    );
    // email: gmail (k = 2, 6), 2 sessions: hidden whole.
    let email = network.report(&format!("from={month}&to={last}&thematique=email"));
    assert_eq!(email["total"]["sessions"], "< 3");
    let (status, page) = network.get(
        &format!("/?from={month}&to={last}&thematique=insertion_professionnelle"),
        Some(PASSWORD),
    );
    assert_eq!(status, 200);
    assert!(
        page.contains("<option value=insertion_professionnelle selected>"),
        "the page keeps the filter"
    );
    let id = station.credentials().station_id;
    let (status, page) = network.get(
        &format!("/?from={month}&to={last}&station={id}"),
        Some(PASSWORD),
    );
    assert_eq!(status, 200);
    assert!(
        page.contains(&format!(
            "<option value={id} selected>Bron — Poste 1 (n° {id})</option>"
        )),
        "the page lists the stations and keeps the one asked"
    );
    let (status, csv) = network.get(
        &format!("/report.csv?from={month}&to={last}&thematique=insertion_professionnelle"),
        Some(PASSWORD),
    );
    assert_eq!(status, 200);
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with(";Durée des sessions : 120+ min") && !header.contains("Pages imprimées"),
        "by thématique, only the modalities and the durations: {header}"
    );
    let (status, refused) = network.get("/report.csv?thematique=emploi", Some(PASSWORD));
    assert_eq!(status, 400);
    assert!(refused.contains("pas « emploi »"), "{refused}");
}

/// Keeps the period type in use even where a test only builds one by hand.
#[test]
fn a_day_push_names_its_period_in_its_path() {
    let day: NaiveDate = "2026-11-30".parse().unwrap();
    assert_eq!(
        push_path(3, Span::Day, day),
        "/api/v1/stations/3/periods/day/2026-11-30"
    );
}
