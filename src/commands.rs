//! The admin's subcommands: check a config, install and check the browser policies, the root
//! steps of the station's units, the doctor, and the statistics.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use borne::config::{self, Config};
use borne::domain::Language;
use borne::hub::station::{Credentials, HubClient, push_unsent};
use borne::services::policy::{CHROMIUM_POLICY, FIREFOX_POLICY, Policies};
use borne::services::station_root::{self, STATION_CONFIG};
use borne::services::usage_log::{Format, Period, ReportQuery, UsageLog, Zone, render};
use borne::ui::stats_window::StatsWindow;

#[expect(clippy::print_stdout, reason = "apply-config reports to the journal")]
pub fn apply_config(path: &Path) -> ExitCode {
    match station_root::apply_config(path) {
        Ok(config) => {
            println!(
                "{}: OK ({} shortcuts); installed /{CHROMIUM_POLICY} and /{FIREFOX_POLICY}",
                path.display(),
                config.shortcuts.len()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            log::error!("{error}");
            ExitCode::FAILURE
        }
    }
}

#[expect(clippy::print_stdout, reason = "station-clean reports to the journal")]
pub fn station_clean(path: &Path, stopped: bool) -> ExitCode {
    let maintenance = station_root::take_maintenance_request();
    if stopped && maintenance {
        station_root::open_maintenance_console();
    }
    match station_root::station_clean(path) {
        Ok(report) => {
            println!(
                "station clean: {} file(s) of the guest removed",
                report.files_removed
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            log::error!("station-clean: {error}");
            ExitCode::FAILURE
        }
    }
}

#[expect(clippy::print_stdout, reason = "doctor reports to the terminal")]
pub fn doctor(path: &Path) -> ExitCode {
    let findings = station_root::doctor(path);
    print!("{}", station_root::render_findings(&findings));
    if findings.iter().all(|f| f.wrong.is_none()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

#[expect(clippy::print_stdout, reason = "check-config reports to the terminal")]
pub fn check_config(path: &Path) -> ExitCode {
    match config::load(path) {
        Ok(config) => {
            println!(
                "{}: OK ({} shortcuts, drop-in sessions of {} minutes)",
                path.display(),
                config.shortcuts.len(),
                config.session.drop_in_minutes
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            log::error!("{error}");
            ExitCode::FAILURE
        }
    }
}

#[expect(
    clippy::print_stdout,
    reason = "install-policies reports to the terminal"
)]
pub fn install_policies(path: &Path) -> anyhow::Result<ExitCode> {
    let config = config::load(path)?;
    if !nix::unistd::geteuid().is_root() {
        anyhow::bail!("install-policies writes under /etc: run it as root");
    }
    Policies::for_config(&config).install(Path::new("/"))?;
    println!("installed /{CHROMIUM_POLICY} and /{FIREFOX_POLICY}");
    Ok(ExitCode::SUCCESS)
}

#[expect(
    clippy::print_stdout,
    reason = "check-policies reports to the terminal"
)]
pub fn check_policies(path: &Path) -> anyhow::Result<ExitCode> {
    let config = config::load(path)?;
    match Policies::for_config(&config).check(Path::new("/")) {
        Ok(()) => {
            println!("the installed browser policies match the config");
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            log::error!("{error}");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// The config for statistics: the given one, else the station's, else the embedded default.
pub fn stats_config(path: Option<&Path>) -> anyhow::Result<Config> {
    match path {
        Some(path) => Ok(config::load(path)?),
        None if Path::new(STATION_CONFIG).exists() => Ok(config::load(Path::new(STATION_CONFIG))?),
        None => Ok(config::parse(config::DEFAULT_TEXT)?),
    }
}

/// The statistics asked for: from `from` (default: a year before `to`) to `to` (default:
/// today), with the config's smallest cell shown.
pub fn stats_query(
    config: &Config,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    period: Period,
) -> ReportQuery {
    let to = to.unwrap_or_else(|| chrono::Local::now().date_naive());
    let from = from.unwrap_or_else(|| to - chrono::Days::new(365));
    let mut query = ReportQuery::new(from, to, period);
    query.min_cell = config.stats.min_cell;
    query
}

#[expect(clippy::print_stdout, reason = "stats reports to the terminal")]
pub fn print_stats(path: &Path, query: &ReportQuery, format: Format) -> anyhow::Result<ExitCode> {
    read_as_owner(path)?;
    let usage = UsageLog::open_for_reports(path, Zone::Local)?;
    let report = usage.report(query)?;
    print!("{}", render(&report, format, Language::Fr));
    Ok(ExitCode::SUCCESS)
}

/// The statistics window (`borne --stats`).
pub fn stats_window(
    path: &Path,
    query: &ReportQuery,
    language: Language,
) -> anyhow::Result<ExitCode> {
    read_as_owner(path)?;
    let usage = UsageLog::open_for_reports(path, Zone::Local)?;
    let report = usage.report(query)?;
    eframe::run_native(
        "Borne — statistiques",
        eframe::NativeOptions {
            renderer: eframe::Renderer::Glow,
            ..Default::default()
        },
        Box::new(move |cc| Ok(Box::new(StatsWindow::new(&cc.egui_ctx, report, language)))),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the statistics window: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// Root reading the station's usage log becomes its owner (the kiosk) first: a reader of a
/// WAL database may create its `-wal` and `-shm` files, and root's would lock the kiosk out of
/// its own statistics.
fn read_as_owner(path: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::MetadataExt as _;
    if !nix::unistd::geteuid().is_root() {
        return Ok(());
    }
    let Ok(meta) = path.metadata() else {
        // Not there: the report says so.
        return Ok(());
    };
    if meta.uid() == 0 {
        return Ok(());
    }
    nix::unistd::setgroups(&[]).context("dropping root's groups")?;
    nix::unistd::setgid(nix::unistd::Gid::from_raw(meta.gid()))
        .context("becoming the usage log's group")?;
    nix::unistd::setuid(nix::unistd::Uid::from_raw(meta.uid()))
        .context("becoming the usage log's owner")?;
    Ok(())
}

/// `borne antenna keygen`: a new key pair; the private key in `key`, the public one printed
/// with the lines each station's config needs.
#[expect(clippy::print_stdout, reason = "the lines to paste, for the admin")]
pub fn antenna_keygen(key: &Path) -> anyhow::Result<ExitCode> {
    let pair = borne::antenna::signing::write_new_key(key)?;
    let public = borne::antenna::signing::public_key_text(&pair.verifying_key());
    println!(
        "The antenna's private key is in {}: copy it to the staff computers that run \
         `borne console`, and nowhere else.\n\
         Add these lines to /etc/borne/borne.toml on each station (listen: the station's \
         address on the antenna's network):\n\n\
         [antenna]\nlisten = \"0.0.0.0:8731\"\npublic_key = \"{public}\"",
        key.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `borne antenna status`: one station's status, as the console reads it.
#[expect(clippy::print_stdout, reason = "the status, for the admin or a script")]
pub fn antenna_status(address: std::net::SocketAddr, key: &Path) -> anyhow::Result<ExitCode> {
    use borne::antenna::console::client::{Client, Failure};
    let text = std::fs::read_to_string(key)
        .with_context(|| format!("cannot read the antenna's key {}", key.display()))?;
    let key = borne::antenna::signing::private_key_from_text(&text)
        .map_err(|error| anyhow::anyhow!("{}: {error}", key.display()))?;
    match Client::new(key, std::time::Duration::from_secs(3)).status(address) {
        Ok(status) => {
            println!("{}", serde_json::to_string(&status)?);
            Ok(ExitCode::SUCCESS)
        }
        Err(Failure::Refused(error)) => {
            anyhow::bail!("{address} refused: {} ({:?})", error.message, error.error)
        }
        Err(Failure::Unreachable(why)) => anyhow::bail!("{address} does not answer: {why}"),
        Err(Failure::NotAStation(what)) => anyhow::bail!("{address} is not a station: {what}"),
    }
}

/// `borne console`: the antenna's staff console.
pub fn console(path: &Path) -> anyhow::Result<ExitCode> {
    let config = borne::antenna::console::config::load(path)?;
    let language = config.language;
    let title = borne::ui::i18n::Catalogue(language)
        .console(borne::ui::i18n::ConsoleText::Title)
        .to_owned();
    eframe::run_native(
        &title,
        eframe::NativeOptions {
            renderer: eframe::Renderer::Glow,
            viewport: egui::ViewportBuilder::default()
                .with_title(title.clone())
                .with_inner_size([1280.0, 800.0])
                .with_maximized(true),
            ..Default::default()
        },
        Box::new(move |cc| {
            let ctx = cc.egui_ctx.clone();
            let board = borne::antenna::console::Board::start(
                &config,
                &(std::sync::Arc::new(move || ctx.request_repaint()) as std::sync::Arc<_>),
            );
            Ok(Box::new(borne::ui::console::ConsoleWindow::new(
                &cc.egui_ctx,
                board,
                language,
            )))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the console window: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// The config's `[hub]`, or an error that says how to set it.
fn hub_section(config: &Config) -> anyhow::Result<&borne::config::Hub> {
    config.hub.as_ref().ok_or_else(|| {
        anyhow::anyhow!(
            "the config has no [hub]: add [hub] url = \"https://...\" (and ca_file for a private \
             authority) first"
        )
    })
}

/// `borne hub enrol CODE`: the hub gives this station its id and token, kept in `credentials`.
#[expect(clippy::print_stdout, reason = "the admin is told what happened")]
pub fn hub_enrol(config: &Path, credentials: &Path, code: &str) -> anyhow::Result<ExitCode> {
    let config = config::load(config)?;
    let hub = hub_section(&config)?;
    let client = HubClient::new(hub)?;
    let enrolment = client.enrol(code)?;
    Credentials {
        station_id: enrolment.station_id,
        token: enrolment.token,
    }
    .save(credentials)?;
    println!(
        "enrolled at {} as station {}: its counts go to the network once an admin of the hub \
         activates it (borne-hub activate {})",
        hub.url, enrolment.station_id, enrolment.station_id
    );
    Ok(ExitCode::SUCCESS)
}

/// `borne hub push`: one round of pushes now.
#[expect(clippy::print_stdout, reason = "the admin is told what happened")]
pub fn hub_push(config: &Config, usage: &Path, credentials: &Path) -> anyhow::Result<ExitCode> {
    let hub = hub_section(config)?;
    let Some(credentials) = Credentials::load(credentials)? else {
        anyhow::bail!(
            "{} is missing: enrol this station first with `borne hub enrol CODE`",
            credentials.display()
        );
    };
    let client = HubClient::new(hub)?;
    let mut usage = UsageLog::open_for_outbox(usage, Zone::Local)?;
    let round = push_unsent(&client, &credentials, &mut usage, chrono::Utc::now());
    println!("{} period(s) sent to {}", round.sent, hub.url);
    for (period, refusal) in &round.refused {
        println!(
            "refused: the {} of {}: {refusal}",
            period.span.code(),
            period.start
        );
    }
    match round.stopped {
        Some(error) => Err(error.into()),
        None if round.refused.is_empty() => Ok(ExitCode::SUCCESS),
        None => Ok(ExitCode::FAILURE),
    }
}
