//! The hub's scale check: stations enrolled through the real code path, days and months of
//! plausible counts pushed over HTTPS by several threads (each push checked and stored as a
//! station's), then the network's year report timed. The counts are drawn from a fixed seed,
//! as a station would add them up, so that every run pushes the same rows.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use borne::config::Hub;
use borne::hub::server::db::{self, AntennaFields};
use borne::hub::server::pages::{self, Ask};
use borne::hub::station::{Credentials, HubClient};
use borne::services::usage_log::{Counts, PeriodTallies, Span, Sums};
use chrono::{Datelike as _, NaiveDate};

/// The bench's settings.
#[derive(clap::Args)]
pub struct BenchArgs {
    /// The hub, https://...
    #[arg(long)]
    url: String,
    /// The authority of its certificate (PEM).
    #[arg(long)]
    ca_file: PathBuf,
    /// How many stations.
    #[arg(long, default_value_t = 200)]
    stations: usize,
    /// How many antennas they are spread over.
    #[arg(long, default_value_t = 20)]
    antennas: usize,
    /// How many days back from yesterday.
    #[arg(long, default_value_t = 730)]
    days: u32,
    /// How many stations push at once.
    #[arg(long, default_value_t = 8)]
    threads: usize,
}

/// A small deterministic generator (SplitMix64).
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> i64 {
        i64::try_from(self.next() % n.max(1)).unwrap_or(0)
    }
}

/// The counts of one station's day, as its usage log would add them up.
fn day_counts(station: usize, day: NaiveDate) -> Sums {
    let seed = u64::try_from(station).unwrap_or(0) << 32
        | u64::try_from(day.num_days_from_ce()).unwrap_or(0);
    let mut draw = Draw(seed);
    let mut tallies = BTreeMap::new();
    let mut shortcuts: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let weekday = i64::from(day.weekday().num_days_from_monday());
    let sessions = if weekday >= 5 { 0 } else { draw.below(13) };
    for _ in 0..sessions {
        let mut add = |dim: i64, code: i64, n: i64| *tallies.entry((dim, code)).or_insert(0) += n;
        let minutes = 3 + draw.below(150);
        let kind = i64::from(draw.below(5) == 0);
        add(0, kind, 1);
        add(1, draw.below(4), 1);
        add(2, i64::from(draw.below(8) == 0), 1);
        // Durations leave a station as the first minute of their La Coop bucket.
        let bucket = [30, 60, 120]
            .iter()
            .filter(|limit| minutes >= **limit)
            .count();
        add(5, [0, 30, 60, 120][bucket], 1);
        add(6, weekday * 24 + 9 + draw.below(9), 1);
        let purpose = draw.below(8);
        if purpose < 5 {
            add(3, purpose, 1);
        }
        if draw.below(3) == 0 {
            add(4, draw.below(3), 1);
        }
        let (shortcut, thematique) = [
            ("france-travail", 11),
            ("cv", 11),
            ("emails", 5),
            ("services-publics", 18),
        ][usize::try_from(draw.below(4)).unwrap_or(0)];
        let opens = 1 + draw.below(3);
        let entry = shortcuts.entry(shortcut.to_owned()).or_default();
        entry.0 += 1;
        entry.1 += opens;
        add(10, thematique, 1);
        // The thématique cut again by kind and by La Coop's duration bucket.
        add(11, thematique * 2 + kind, 1);
        let bucket = [30, 60, 120]
            .iter()
            .filter(|limit| minutes >= **limit)
            .count();
        add(12, thematique * 4 + i64::try_from(bucket).unwrap_or(3), 1);
    }
    (tallies, shortcuts)
}

/// Every closed day and month of a station in `days`, oldest first, as its outbox gives them.
fn periods(station: usize, days: &[NaiveDate]) -> Vec<PeriodTallies> {
    let mut out = Vec::new();
    let mut month: Option<(NaiveDate, Sums)> = None;
    for day in days {
        let (tallies, shortcuts) = day_counts(station, *day);
        let first = day.with_day(1).unwrap_or(*day);
        let entry = &mut month.get_or_insert_with(|| (first, Sums::default())).1;
        for (key, n) in &tallies {
            *entry.0.entry(*key).or_insert(0) += n;
        }
        for (id, (s, o)) in &shortcuts {
            let e = entry.1.entry(id.clone()).or_default();
            e.0 += s;
            e.1 += o;
        }
        if !tallies.is_empty() {
            out.push(PeriodTallies {
                span: Span::Day,
                start: *day,
                counts: Counts::from_sums((tallies, shortcuts)),
            });
        }
        // Every day given is closed: a month is closed once its last day is.
        if day.succ_opt().is_none_or(|next| next.day() == 1)
            && let Some((start, sums)) = month.take()
            && !sums.0.is_empty()
        {
            out.push(PeriodTallies {
                span: Span::Month,
                start,
                counts: Counts::from_sums(sums),
            });
        }
    }
    out
}

#[expect(clippy::print_stdout, reason = "the bench reports its figures")]
pub async fn run(pool: &deadpool_postgres::Pool, args: &BenchArgs) -> anyhow::Result<()> {
    db::migrate(pool).await?;
    let started = Instant::now();
    let mut credentials = Vec::with_capacity(args.stations);
    let mut antennas = Vec::new();
    for a in 0..args.antennas.max(1) {
        let fields = AntennaFields {
            name: format!("Antenne {a:03}"),
            commune: Some("Lyon".to_owned()),
            code_postal: Some("69008".to_owned()),
            siret: None,
        };
        antennas.push(db::add_antenna(pool, &fields).await?);
    }
    for s in 0..args.stations {
        let antenna = antennas[s % antennas.len()];
        let (station, code) = db::new_enrolment(pool, antenna, &format!("Poste {s:03}"), 1).await?;
        let (id, token) = db::enrol(pool, &code).await?;
        anyhow::ensure!(id == station, "enrolment gave station {id}, not {station}");
        db::activate(pool, station).await?;
        credentials.push(Credentials {
            station_id: i64::from(station),
            token,
        });
    }
    println!(
        "enrolled {} stations in {} antennas in {:.1} s",
        args.stations,
        antennas.len(),
        started.elapsed().as_secs_f64()
    );

    let today = chrono::Utc::now().date_naive();
    let first = today - chrono::Duration::days(i64::from(args.days));
    let days: Vec<NaiveDate> = first.iter_days().take_while(|d| *d < today).collect();
    let hub = Hub {
        url: args.url.trim_end_matches('/').to_owned(),
        ca_file: Some(args.ca_file.clone()),
    };
    let started = Instant::now();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let totals = std::sync::Mutex::new((0_usize, 0_usize, Duration::ZERO));
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let pushers: Vec<_> = (0..args.threads.max(1))
            .map(|_| {
                scope.spawn(|| -> anyhow::Result<()> {
                    let client = HubClient::new(&hub)?;
                    loop {
                        let s = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(creds) = credentials.get(s) else {
                            return Ok(());
                        };
                        let (mut pushes, mut rows, mut slowest) = (0, 0, Duration::ZERO);
                        for (revision, period) in (1..).zip(periods(s, &days)) {
                            let at = Instant::now();
                            client.push(creds, &period, revision).with_context(|| {
                                format!("station {s}, {} {}", period.span.code(), period.start)
                            })?;
                            slowest = slowest.max(at.elapsed());
                            pushes += 1;
                            rows += period.counts.tallies.len() + period.counts.shortcuts.len();
                        }
                        if let Ok(mut totals) = totals.lock() {
                            totals.0 += pushes;
                            totals.1 += rows;
                            totals.2 = totals.2.max(slowest);
                        }
                    }
                })
            })
            .collect();
        for pusher in pushers {
            pusher
                .join()
                .map_err(|_| anyhow::anyhow!("a pusher panicked"))??;
        }
        Ok(())
    })?;
    let elapsed = started.elapsed().as_secs_f64();
    let (pushes, rows, slowest) = totals.into_inner().unwrap_or_default();
    println!(
        "pushed {pushes} periods ({rows} rows) in {elapsed:.1} s: {:.0} pushes/s, {:.0} rows/s; slowest push {} ms",
        pushes as f64 / elapsed,
        rows as f64 / elapsed,
        slowest.as_millis()
    );

    let year_end = today
        .with_day(1)
        .unwrap_or(today)
        .pred_opt()
        .unwrap_or(today);
    let year_start = year_end
        .with_day(1)
        .unwrap_or(year_end)
        .checked_sub_months(chrono::Months::new(11))
        .unwrap_or(year_end);
    for by in [
        "antenna",
        "month",
        "antenna&thematique=insertion_professionnelle",
    ] {
        let ask = Ask::parse(
            Some(&format!("from={year_start}&to={year_end}&by={by}")),
            today,
        )?;
        let mut times = Vec::new();
        let mut sums_times = Vec::new();
        let mut sessions = None;
        for _ in 0..7 {
            let at = Instant::now();
            let (from, to) = ask.range;
            db::sums(pool, ask.scope, (from, to), true).await?;
            sums_times.push(at.elapsed());
            let at = Instant::now();
            let (report, _) = pages::report(pool, &ask).await?;
            times.push(at.elapsed());
            sessions = report.total.sessions.value();
        }
        times.sort();
        sums_times.sort();
        println!(
            "network year report ({year_start} to {year_end}) by {by}: median {} ms, slowest {} ms over 7 runs (of which the database's sums: median {} ms); {} sessions",
            times[3].as_millis(),
            times[6].as_millis(),
            sums_times[3].as_millis(),
            sessions.map_or_else(|| "hidden".to_owned(), |n| n.to_string())
        );
    }
    Ok(())
}
