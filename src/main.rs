//! The `borne` program: parse the command line, load the config, build the services, run.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use anyhow::Context as _;
use borne::config::{self, Config};
use borne::domain::pin::Role;
use borne::domain::{Command, Problem, ProblemKind};
use borne::services::browser::BrowserProgram;
use borne::services::guest::GuestSetup;
use borne::services::policy::{CHROMIUM_POLICY, FIREFOX_POLICY, Policies};
use borne::services::set_pin::set_pin_from_terminal;
use borne::services::settings_store::SettingsStore;
use borne::services::staff_store::StaffStore;
use borne::services::station_root::{
    self, INSTALLED_PROGRAM, MAINTENANCE_FLAG, SECRETS_FILE, STATION_CONFIG,
};
use borne::services::station_services::{ServiceSettings, StationServices, no_browser};
use borne::services::systemd;
use borne::services::usage_log::{Format, Period, ReportQuery, UsageLog, Zone, render};
use borne::services::x11::X11Desktop;
use borne::supervisor::{self, SupervisorHandle, SystemClock};
use borne::ui::stats_window::StatsWindow;
use borne::ui::{app::BorneApp, theme};
use clap::{Parser, Subcommand};

/// Borne: the shell of a self-service digital station.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// The station's config file. Default: /etc/borne/borne.toml when this program is the
    /// installed /usr/bin/borne; otherwise (a checkout) the kiosk runs in demonstration mode on
    /// the embedded default config: one user, not locked down, and it says so on screen.
    #[arg(long, value_name = "PATH", global = true)]
    config: Option<PathBuf>,
    /// The staff PIN file (default: /var/lib/borne/secrets.toml; in demonstration mode,
    /// borne-demo-data/secrets.toml).
    #[arg(long, value_name = "PATH", global = true)]
    secrets: Option<PathBuf>,
    /// Opens the statistics window (the last twelve months) instead of the kiosk.
    #[arg(long)]
    stats: bool,
    #[command(subcommand)]
    command: Option<Sub>,
}

#[derive(Subcommand)]
enum Sub {
    /// Checks a config file and says what is wrong, with the line and the key.
    CheckConfig {
        /// The file to check.
        path: PathBuf,
    },
    /// Writes the browsers' managed policies for the config (run as root).
    InstallPolicies,
    /// Says whether the installed browser policies match the config.
    CheckPolicies,
    /// Checks the config and installs the browser policies it calls for (run as root by
    /// borne-config.service after every save of the station's config).
    ApplyConfig,
    /// Stops every process of the guest account and removes its files (run as root by systemd
    /// before the kiosk starts and after it stops).
    StationClean {
        /// After the kiosk stopped: if an admin left it for maintenance, open the console.
        #[arg(long)]
        stopped: bool,
    },
    /// Checks an installed station end to end and says how to fix what is wrong.
    Doctor,
    /// Runs the station's X session and relays the kiosk's READY=1 and WATCHDOG=1 to systemd
    /// (the ExecStart of borne.service).
    #[command(hide = true)]
    Session {
        /// The session's command: `xinit ...`.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, required = true)]
        command: Vec<std::ffi::OsString>,
    },
    /// Sets the admin or volunteer PIN from this terminal (asked twice, not shown).
    SetPin {
        /// admin or volunteer.
        role: String,
    },
    /// Prints the anonymous usage statistics: per day, week or month, and an hour-of-week table.
    Stats {
        /// First day (YYYY-MM-DD); default: a year before --to.
        #[arg(long)]
        from: Option<chrono::NaiveDate>,
        /// Last day (YYYY-MM-DD); default: today.
        #[arg(long)]
        to: Option<chrono::NaiveDate>,
        /// day, week or month.
        #[arg(long, default_value = "month")]
        period: String,
        /// table, csv or json.
        #[arg(long, default_value = "table")]
        format: String,
        /// The usage database, if not the config's.
        #[arg(long)]
        database: Option<PathBuf>,
    },
    /// What the kiosk does as the guest account through sudo (never run by hand).
    #[command(hide = true)]
    Guest(borne::guest_cli::GuestArgs),
}

fn main() -> ExitCode {
    give_big_allocations_back();
    match run() {
        Ok(code) => code,
        Err(error) => {
            eprintln!("borne: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Allocations of 1 MiB or more get pages of their own, given back to the system when freed.
/// Without this, glibc raises its threshold after the first big free and keeps each staff PIN
/// check's 19 MiB (Argon2) in a heap of its own thread for good: the kiosk's memory would step
/// up by that much a few times over a day.
#[expect(unsafe_code, reason = "mallopt is glibc's own tuning call")]
fn give_big_allocations_back() {
    // SAFETY: called first in main, before any other thread; it only tunes malloc.
    let set = unsafe { nix::libc::mallopt(nix::libc::M_MMAP_THRESHOLD, 1 << 20) };
    if set != 1 {
        eprintln!("borne: cannot tune the memory allocator: PIN checks may keep their memory");
    }
}

/// Whether this program is the one the package installed: then the station's files are the
/// default, and a checkout's `cargo run` stays in demonstration mode.
fn installed() -> bool {
    std::env::current_exe().is_ok_and(|exe| exe == Path::new(INSTALLED_PROGRAM))
}

fn run() -> anyhow::Result<ExitCode> {
    let mut cli = Cli::parse();
    if cli.config.is_none() && installed() {
        cli.config = Some(PathBuf::from(STATION_CONFIG));
    }
    match &cli.command {
        Some(Sub::CheckConfig { path }) => return Ok(check_config(path)),
        Some(Sub::InstallPolicies) => return install_policies(cli.config.as_deref()),
        Some(Sub::CheckPolicies) => return check_policies(cli.config.as_deref()),
        Some(Sub::ApplyConfig) => return apply_config(cli.config.as_deref()),
        Some(Sub::StationClean { stopped }) => {
            return station_clean(cli.config.as_deref(), *stopped);
        }
        Some(Sub::Doctor) => return Ok(doctor(cli.config.as_deref())),
        Some(Sub::Session { command }) => {
            let Some((program, args)) = command.split_first() else {
                anyhow::bail!("borne session: no command to run");
            };
            let code = systemd::relay_session(program, args)
                .with_context(|| format!("starting {}", program.to_string_lossy()))?;
            return Ok(ExitCode::from(u8::try_from(code).unwrap_or(1)));
        }
        Some(Sub::SetPin { role }) => {
            let role = Role::from_code(role)
                .with_context(|| format!("the role must be admin or volunteer, found {role:?}"))?;
            let path = secrets_path(cli.secrets.as_deref(), cli.config.is_none());
            set_pin_from_terminal(&path, role)?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(Sub::Stats {
            from,
            to,
            period,
            format,
            database,
        }) => {
            let config = stats_config(cli.config.as_deref())?;
            let path = database
                .clone()
                .unwrap_or_else(|| usage_path(&config, cli.config.is_none()));
            let query = stats_query(&config, *from, *to, period)?;
            let format = Format::from_code(format).with_context(|| {
                format!("--format must be table, csv or json, found {format:?}")
            })?;
            return print_stats(&path, &query, format);
        }
        Some(Sub::Guest(args)) => return Ok(borne::guest_cli::run(args)),
        None => {}
    }
    if cli.stats {
        let config = stats_config(cli.config.as_deref())?;
        let path = usage_path(&config, cli.config.is_none());
        let query = stats_query(&config, None, None, "month")?;
        return stats_window(&path, &query, config.station.language);
    }
    let demo = cli.config.is_none();
    let secrets = secrets_path(cli.secrets.as_deref(), demo);
    let default = || config::parse(config::DEFAULT_TEXT).context("the embedded default config");
    let Some(path) = &cli.config else {
        let editable = SettingsStore::new(None, config::DEFAULT_TEXT.to_owned());
        return run_kiosk(default()?, Start::Demo, &secrets, editable);
    };
    let loaded = config::load(path).and_then(|config| {
        let text = std::fs::read_to_string(path).map_err(|error| config::ConfigError::Read {
            path: path.clone(),
            kind: error.kind(),
            message: error.to_string(),
        })?;
        Ok((config, text))
    });
    match loaded {
        Ok((config, text)) => {
            let editable = SettingsStore::new(Some(path.clone()), text);
            run_kiosk(config, Start::Station, &secrets, editable)
        }
        // A station never leaves the screen to a console: it says what is wrong until the
        // file is fixed, then starts again with it.
        Err(error) => {
            eprintln!("borne: {error}");
            let editable = SettingsStore::new(None, config::DEFAULT_TEXT.to_owned());
            let broken = Start::BrokenConfig {
                path: path.clone(),
                message: error.to_string(),
            };
            run_kiosk(default()?, broken, &secrets, editable)
        }
    }
}

/// How the kiosk starts.
enum Start {
    /// A checkout's demonstration: one user, not locked down, and it says so.
    Demo,
    /// A station on its config file.
    Station,
    /// A station whose config file could not be loaded: out of service, on the embedded
    /// default, until the file is valid.
    BrokenConfig {
        /// The file.
        path: PathBuf,
        /// Why it was refused (the message of `borne check-config`).
        message: String,
    },
}

/// The staff PIN file: the one given, else the station's, else a folder of the current
/// directory in demonstration mode.
fn secrets_path(given: Option<&Path>, demo: bool) -> PathBuf {
    match given {
        Some(path) => path.to_path_buf(),
        None if demo => PathBuf::from("borne-demo-data/secrets.toml"),
        None => PathBuf::from(SECRETS_FILE),
    }
}

#[expect(clippy::print_stdout, reason = "apply-config reports to the journal")]
fn apply_config(path: Option<&Path>) -> anyhow::Result<ExitCode> {
    let path = path.unwrap_or(Path::new(STATION_CONFIG));
    match station_root::apply_config(path) {
        Ok(config) => {
            println!(
                "{}: OK ({} shortcuts); installed /{CHROMIUM_POLICY} and /{FIREFOX_POLICY}",
                path.display(),
                config.shortcuts.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            eprintln!("{error}");
            Ok(ExitCode::FAILURE)
        }
    }
}

#[expect(clippy::print_stdout, reason = "station-clean reports to the journal")]
fn station_clean(path: Option<&Path>, stopped: bool) -> anyhow::Result<ExitCode> {
    let path = path.unwrap_or(Path::new(STATION_CONFIG));
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
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            eprintln!("borne station-clean: {error}");
            Ok(ExitCode::FAILURE)
        }
    }
}

#[expect(clippy::print_stdout, reason = "doctor reports to the terminal")]
fn doctor(path: Option<&Path>) -> ExitCode {
    let findings = station_root::doctor(path.unwrap_or(Path::new(STATION_CONFIG)));
    print!("{}", station_root::render_findings(&findings));
    if findings.iter().all(|f| f.wrong.is_none()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

#[expect(clippy::print_stdout, reason = "check-config reports to the terminal")]
fn check_config(path: &Path) -> ExitCode {
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
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

fn station_config(path: Option<&Path>) -> anyhow::Result<Config> {
    Ok(config::load(path.unwrap_or(Path::new(STATION_CONFIG)))?)
}

#[expect(
    clippy::print_stdout,
    reason = "install-policies reports to the terminal"
)]
fn install_policies(path: Option<&Path>) -> anyhow::Result<ExitCode> {
    let config = station_config(path)?;
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
fn check_policies(path: Option<&Path>) -> anyhow::Result<ExitCode> {
    let config = station_config(path)?;
    match Policies::for_config(&config).check(Path::new("/")) {
        Ok(()) => {
            println!("the installed browser policies match the config");
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            eprintln!("{error}");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// The config for statistics: the given one, else the station's, else the embedded default.
fn stats_config(path: Option<&Path>) -> anyhow::Result<Config> {
    if path.is_none() && !Path::new(STATION_CONFIG).exists() {
        return Ok(config::parse(config::DEFAULT_TEXT)?);
    }
    station_config(path)
}

/// Where the usage log lives: the config's `stats.database`, else the station's place, or a
/// folder of the current directory in demonstration mode.
fn usage_path(config: &Config, demo: bool) -> PathBuf {
    config.stats.database.clone().unwrap_or_else(|| {
        if demo {
            PathBuf::from("borne-demo-data/usage.sqlite")
        } else {
            PathBuf::from("/var/lib/borne/usage.sqlite")
        }
    })
}

fn stats_query(
    config: &Config,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    period: &str,
) -> anyhow::Result<ReportQuery> {
    let period = Period::from_code(period)
        .with_context(|| format!("--period must be day, week or month, found {period:?}"))?;
    let to = to.unwrap_or_else(|| chrono::Local::now().date_naive());
    let from = from.unwrap_or_else(|| to - chrono::Days::new(365));
    let mut query = ReportQuery::new(from, to, period);
    query.min_cell = config.stats.min_cell;
    Ok(query)
}

#[expect(clippy::print_stdout, reason = "stats reports to the terminal")]
fn print_stats(path: &Path, query: &ReportQuery, format: Format) -> anyhow::Result<ExitCode> {
    read_as_owner(path)?;
    let usage = UsageLog::open_for_reports(path, Zone::Local)?;
    let report = usage.report(query)?;
    print!("{}", render(&report, format, borne::domain::Language::Fr));
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

fn stats_window(
    path: &Path,
    query: &ReportQuery,
    language: borne::domain::Language,
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

fn session_root(config: &Config, demo: bool) -> PathBuf {
    if let Some(root) = &config.browser.session_root {
        return root.clone();
    }
    let uid = nix::unistd::getuid().as_raw();
    if demo {
        let base =
            std::env::var_os("XDG_RUNTIME_DIR").map_or_else(std::env::temp_dir, PathBuf::from);
        base.join(format!("borne-demo-{uid}"))
    } else {
        PathBuf::from("/run/borne/sessions")
    }
}

fn open_usage_log(path: &Path, keep_days: u32) -> anyhow::Result<UsageLog> {
    let (mut usage, recovered) = UsageLog::open(path, Zone::Local, chrono::Utc::now())
        .with_context(|| format!("opening {}", path.display()))?;
    for event in recovered {
        eprintln!("borne: usage log: {event:?}");
    }
    if let Err(error) = usage.apply_retention(keep_days, chrono::Utc::now()) {
        eprintln!("borne: usage log retention: {error:#}");
    }
    Ok(usage)
}

/// What the window and the signal handler share: the supervisor, once the window made it.
type Running = Arc<Mutex<Option<(SupervisorHandle, std::thread::JoinHandle<()>)>>>;

fn run_kiosk(
    config: Config,
    start: Start,
    secrets: &Path,
    editable: SettingsStore,
) -> anyhow::Result<ExitCode> {
    let demo = matches!(start, Start::Demo);
    let program = std::env::current_exe().context("finding the kiosk's own program")?;
    let GuestSetup {
        guest,
        helper: guest_helper,
        refuse_root_browser,
    } = GuestSetup::for_kiosk(
        config.browser.guest_user.as_deref(),
        nix::unistd::geteuid().as_raw(),
        program,
    )?;
    if refuse_root_browser {
        eprintln!(
            "borne: running as root without browser.guest_user: sites will not open (browsers must not run as root)"
        );
    }
    let desktop = X11Desktop::connect();
    let screen = desktop
        .as_ref()
        .map_or((1280, 800), X11Desktop::screen_size);
    if let Err(error) = &desktop {
        eprintln!("borne: no X11 desktop ({error}): idle time and window placement are off");
    }
    let browser = BrowserProgram::find(config.browser.program, std::env::var_os("PATH").as_deref());
    if browser.is_none() {
        eprintln!("borne: no Chromium or Firefox ESR found: sites will not open");
    }
    let browser_missing = browser.is_none();
    let broken_config = match &start {
        Start::BrokenConfig { path, .. } => Some(path.clone()),
        Start::Demo | Start::Station => None,
    };
    let settings = ServiceSettings {
        browser,
        guest,
        guest_helper,
        refuse_root_browser,
        session_root: session_root(&config, demo),
        bar_height_px: 0,
        stop_grace: Duration::from_secs(3),
        policies: matches!(start, Start::Station).then(|| Policies::for_config(&config)),
        policy_root: PathBuf::from("/"),
        broken_config,
        browser_choice: config.browser.program,
        open_notes: usage_path(&config, demo)
            .parent()
            .map(|dir| dir.join("open-sessions")),
        // A station always; a demonstration where bubblewrap works.
        sandbox: !demo || borne::services::sandbox::probe(None).is_ok(),
        usb_keys: config.browser.usb_keys,
    };
    let running: Running = Arc::new(Mutex::new(None));
    spawn_signal_handler(Arc::clone(&running))?;
    wipe_when_x_server_dies(Arc::clone(&running));

    #[expect(
        clippy::cast_precision_loss,
        reason = "screen sizes are far below 2^23"
    )]
    let size = [screen.0 as f32, screen.1 as f32];
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(borne::ui::app::window_title(&config))
            .with_app_id("borne")
            .with_decorations(false)
            .with_position([0.0, 0.0])
            .with_inner_size(size)
            .with_resizable(false),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    let window_running = Arc::clone(&running);
    let mut services = StationServices::new(settings, desktop.ok());
    match open_usage_log(&usage_path(&config, demo), config.stats.keep_days) {
        Ok(usage) => services.set_usage_log(usage),
        // The station serves sessions without statistics rather than not at all.
        Err(error) => eprintln!("borne: usage log off: {error:#}"),
    }
    let staff = StaffStore::open(secrets);
    let pins = staff.setup_need();
    services.set_staff_store(staff);
    services.set_settings_store(editable, config.stats.min_cell);
    // Whatever an earlier run left (a crash, a power cut) goes before the window even opens.
    let problem = match services.recover() {
        Ok(0) => None,
        Ok(_) => {
            services.record_interruption();
            None
        }
        Err(problem) => {
            // For the admin's journal, as the supervisor does for later problems.
            eprintln!("borne: {:?}: {}", problem.kind, problem.detail);
            Some(problem)
        }
    };
    // A failed wipe says so first; then what stops this station from serving at all.
    let problem = problem.or(match start {
        Start::BrokenConfig { message, .. } => Some(Problem {
            kind: ProblemKind::ConfigInvalid,
            detail: message,
        }),
        Start::Station if browser_missing => Some(no_browser()),
        Start::Station | Start::Demo => None,
    });
    eframe::run_native(
        "Borne",
        options,
        Box::new(move |cc| {
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "a bar of a few hundred pixels"
            )]
            services.set_bar_height_px(
                (theme::BAR_HEIGHT * cc.egui_ctx.pixels_per_point()).ceil() as u32
            );
            let ctx = cc.egui_ctx.clone();
            let (handle, thread) = supervisor::spawn(
                config,
                problem,
                pins,
                Box::new(services),
                Box::new(SystemClock),
                // The supervisor's changes are events: one repaint each, never a loop.
                Box::new(move || ctx.request_repaint()),
            )?;
            let app = BorneApp::new(&cc.egui_ctx, handle.clone(), demo)
                .with_first_frame(systemd::notify_ready);
            *window_running
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = Some((handle, thread));
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the kiosk window: {e}"))?;
    // However the window closed, end any session the normal way before leaving.
    let taken = running
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
    let Some((handle, thread)) = taken else {
        return Ok(ExitCode::SUCCESS);
    };
    handle.send(Command::Shutdown);
    thread
        .join()
        .map_err(|_| anyhow::anyhow!("the supervisor thread panicked"))?;
    if handle.snapshot().maintenance && !demo {
        // The unit's root step after the stop sees it and opens a console on tty1 instead of
        // starting the kiosk again (borne-maintenance.service).
        if let Err(error) = std::fs::write(MAINTENANCE_FLAG, b"") {
            eprintln!("borne: cannot ask for the maintenance console: {error}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// SIGTERM, SIGINT and SIGHUP end any session the normal way (browser stopped, data wiped),
/// then the window closes. If the window cannot close (it does not paint), the process leaves
/// a few seconds after the wipe.
fn spawn_signal_handler(running: Running) -> anyhow::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP])
        .context("installing the signal handler")?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if signals.forever().next().is_some() {
                let handle = running
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .as_ref()
                    .map(|(handle, _)| handle.clone());
                let Some(handle) = handle else {
                    std::process::exit(0);
                };
                handle.send(Command::Shutdown);
                handle.sync();
                std::thread::sleep(Duration::from_secs(3));
                std::process::exit(0);
            }
        })
        .context("starting the signal thread")?;
    Ok(())
}

/// How the kiosk exits when its X server died: not 0, so that its service starts it again.
const X_SERVER_GONE_EXIT: i32 = 3;
/// How long the session's end (browser stopped, files wiped) may take once the X server died.
const X_SERVER_GONE_WIPE: Duration = Duration::from_secs(20);

/// When the X server dies (a crash, a killed Xorg), Xlib calls its I/O error handler and then
/// exits at once, leaving the session's files and browser behind. This handler ends the
/// session the normal way first (the supervisor stops the browser and wipes), then exits with
/// [`X_SERVER_GONE_EXIT`]. The station's root step after the stop wipes again in any case.
#[expect(
    unsafe_code,
    reason = "Xlib's I/O error handler is a C callback, set through libX11 itself"
)]
fn wipe_when_x_server_dies(running: Running) {
    static RUNNING: std::sync::OnceLock<Running> = std::sync::OnceLock::new();

    extern "C" fn gone(_display: *mut x11_dl::xlib::Display) -> std::os::raw::c_int {
        eprintln!("borne: the X server is gone: ending the session, then leaving");
        let taken = RUNNING.get().and_then(|running| {
            running
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take()
        });
        if let Some((handle, thread)) = taken {
            handle.send(Command::Shutdown);
            let deadline = std::time::Instant::now() + X_SERVER_GONE_WIPE;
            while !thread.is_finished() && std::time::Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(50));
            }
            if !thread.is_finished() {
                eprintln!(
                    "borne: the session did not end in time; the station's root step wipes it"
                );
            }
        }
        std::process::exit(X_SERVER_GONE_EXIT)
    }

    if RUNNING.set(running).is_err() {
        return;
    }
    match x11_dl::xlib::Xlib::open() {
        Ok(xlib) => {
            // SAFETY: `gone` has the handler's C signature, and libX11 keeps no other state
            // about it; it is set before the window's connection opens.
            // libX11 stays loaded for the life of the process: `Xlib` never closes it.
            unsafe { (xlib.XSetIOErrorHandler)(Some(gone)) };
        }
        Err(error) => eprintln!(
            "borne: cannot load libX11 ({error}): if the X server dies, the station's root step wipes the session"
        ),
    }
}
