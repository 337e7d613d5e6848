//! The kiosk: the station's window, its supervisor and services, built from the config, and
//! what ends a session the normal way however the program is stopped (a signal, the X server
//! dying, the window closing).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use anyhow::Context as _;
use borne::config::{self, Config};
use borne::domain::{Command, Problem, ProblemKind};
use borne::services::aids;
use borne::services::browser::BrowserProgram;
use borne::services::guest::GuestMode;
use borne::services::policy::Policies;
use borne::services::settings_store::SettingsStore;
use borne::services::staff_store::StaffStore;
use borne::services::station_root::MAINTENANCE_FLAG;
use borne::services::station_services::{ServiceSettings, StationServices, no_browser};
use borne::services::systemd;
use borne::services::usage_log::{UsageLog, Zone};
use borne::services::x11::{X11Desktop, home_key};
use borne::supervisor::{self, SupervisorHandle, SystemClock};
use borne::ui::{app::BorneApp, theme};

use crate::paths::Paths;

/// The screen's size when there is no X desktop to ask (a test without a display).
const NO_DESKTOP_SIZE: (u32, u32) = (1280, 800);

/// Runs the kiosk on the config of `paths`: a demonstration on the embedded default, or the
/// station's file. A station never leaves the screen to a console: a file that cannot be
/// loaded puts it out of service, saying what is wrong, until the file is fixed.
pub fn run(paths: &Paths) -> anyhow::Result<ExitCode> {
    let default = || config::parse(config::DEFAULT_TEXT).context("the embedded default config");
    let Some(path) = &paths.config else {
        let editable = SettingsStore::new(None, config::DEFAULT_TEXT.to_owned());
        return run_kiosk(default()?, Start::Demo, paths, editable);
    };
    match config::load_with_text(path) {
        Ok((config, text)) => {
            let editable = SettingsStore::new(Some(path.clone()), text);
            run_kiosk(config, Start::Station, paths, editable)
        }
        Err(error) => {
            log::error!("{error}");
            let editable = SettingsStore::new(None, config::DEFAULT_TEXT.to_owned());
            let broken = Start::BrokenConfig {
                path: path.clone(),
                message: error.to_string(),
            };
            run_kiosk(default()?, broken, paths, editable)
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

/// Allocations of 1 MiB or more get pages of their own, given back to the system when freed.
/// Without this, glibc raises its threshold after the first big free and keeps each staff PIN
/// check's 19 MiB (Argon2) in a heap of its own thread for good: the kiosk's memory would step
/// up by that much a few times over a day.
#[expect(unsafe_code, reason = "mallopt is glibc's own tuning call")]
pub fn give_big_allocations_back() {
    // SAFETY: called first in main, before any other thread; it only tunes malloc.
    let set = unsafe { nix::libc::mallopt(nix::libc::M_MMAP_THRESHOLD, 1 << 20) };
    if set != 1 {
        log::warn!("cannot tune the memory allocator: PIN checks may keep their memory");
    }
}

fn open_usage_log(path: &Path, keep_days: u32) -> anyhow::Result<UsageLog> {
    let (mut usage, recovered) = UsageLog::open(path, Zone::Local, chrono::Utc::now())
        .with_context(|| format!("opening {}", path.display()))?;
    for event in recovered {
        log::info!("usage log: {event:?}");
    }
    if let Err(error) = usage.apply_retention(keep_days, chrono::Utc::now()) {
        log::warn!("usage log retention: {error:#}");
    }
    Ok(usage)
}

/// What the window and the signal handler share: the supervisor, once the window made it.
type Running = Arc<Mutex<Option<(SupervisorHandle, std::thread::JoinHandle<()>)>>>;

fn run_kiosk(
    config: Config,
    start: Start,
    paths: &Paths,
    editable: SettingsStore,
) -> anyhow::Result<ExitCode> {
    let demo = matches!(start, Start::Demo);
    let program = std::env::current_exe().context("finding the kiosk's own program")?;
    let guest = GuestMode::for_kiosk(
        config.browser.guest_user.as_deref(),
        nix::unistd::geteuid().as_raw(),
        program,
    )?;
    if guest == GuestMode::RootRefused {
        log::error!(
            "running as root without browser.guest_user: sites will not open (browsers must not run as root)"
        );
    }
    let desktop = X11Desktop::connect();
    let screen = desktop
        .as_ref()
        .map_or(NO_DESKTOP_SIZE, X11Desktop::screen_size);
    if let Err(error) = &desktop {
        log::warn!("no X11 desktop ({error}): idle time and window placement are off");
    }
    let browser = BrowserProgram::find(config.browser.program, std::env::var_os("PATH").as_deref());
    if browser.is_none() {
        log::error!("no Chromium or Firefox ESR found: sites will not open");
    }
    let browser_missing = browser.is_none();
    let broken_config = match &start {
        Start::BrokenConfig { path, .. } => Some(path.clone()),
        Start::Demo | Start::Station => None,
    };
    let settings = ServiceSettings {
        browser,
        guest,
        session_root: paths.session_root(&config),
        bar_height_px: 0,
        stop_grace: Duration::from_secs(3),
        policies: matches!(start, Start::Station).then(|| Policies::for_config(&config)),
        policy_root: PathBuf::from("/"),
        broken_config,
        browser_choice: config.browser.program,
        open_notes: paths
            .usage_log(&config)
            .parent()
            .map(|dir| dir.join("open-sessions")),
        // A station always; a demonstration where bubblewrap works.
        sandbox: !demo || borne::services::sandbox::probe(None).is_ok(),
        usb_keys: config.browser.usb_keys,
    };
    // « Clavier à l'écran » is offered where the keyboard can be started: in the sandbox.
    let keyboard_offered = aids::keyboard_can_start(settings.sandbox);
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
    match open_usage_log(&paths.usage_log(&config), config.stats.keep_days) {
        Ok(mut usage) => {
            usage.set_thematiques(config.thematiques());
            services.set_usage_log(usage);
            // The network's statistics go out on a thread of their own: a hub that is down
            // or slow never touches a session.
            if let Some(hub) = &config.hub {
                borne::hub::station::spawn_pusher(
                    hub.clone(),
                    paths.usage_log(&config),
                    paths.hub_credentials(),
                );
            }
        }
        // The station serves sessions without statistics rather than not at all.
        Err(error) => log::warn!("usage log off: {error:#}"),
    }
    let staff = StaffStore::open(&paths.secrets);
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
            log::error!("{:?}: {}", problem.kind, problem.detail);
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
            let antenna = config.antenna.clone();
            let (handle, thread) = supervisor::spawn(
                config,
                problem,
                pins,
                Box::new(services),
                Box::new(SystemClock),
                // The supervisor's changes are events: one repaint each, never a loop.
                Box::new(move || ctx.request_repaint()),
            )?;
            if let Some(antenna) = antenna {
                start_antenna_api(&antenna, &handle);
            }
            let home_key = !demo && watch_home_key(&handle);
            let app = BorneApp::new(&cc.egui_ctx, handle.clone(), demo)
                .with_keyboard_offered(keyboard_offered)
                .with_home_key(home_key)
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
            log::error!("cannot ask for the maintenance console: {error}");
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
                    // The window's end or the X server's loss took the supervisor, and ends
                    // the session and the process itself: leaving now would cut its wipe.
                    std::thread::sleep(X_SERVER_GONE_WIPE + Duration::from_secs(5));
                    leave(0);
                };
                handle.send(Command::Shutdown);
                handle.sync();
                std::thread::sleep(Duration::from_secs(3));
                leave(0);
            }
        })
        .context("starting the signal thread")?;
    Ok(())
}

/// Leaves the process at once, without the C library's exit handlers. Those of Mesa and libX11
/// may wait for a thread or a lock of the dying window, and glibc makes a second `exit` from
/// another thread wait for the first: a SIGTERM that came with the X server's death (systemd
/// stops both together) left the kiosk hanging until it was killed. Everything of the session
/// is wiped before this is called, and the usage log commits each write.
#[expect(unsafe_code, reason = "_exit(2) has no safe wrapper in std or nix")]
fn leave(code: i32) -> ! {
    // SAFETY: _exit takes no pointer, touches no memory of this process and never returns.
    unsafe { libc::_exit(code) }
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
        log::error!("the X server is gone: ending the session, then leaving");
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
                log::error!("the session did not end in time; the station's root step wipes it");
            }
        }
        leave(X_SERVER_GONE_EXIT)
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
        Err(error) => log::warn!(
            "cannot load libX11 ({error}): if the X server dies, the station's root step wipes the session"
        ),
    }
}

/// F1 and the Windows key bring the session's home over the browser: the bar is out of the
/// keyboard's reach otherwise. Not in a demonstration, whose desktop keeps its keys. Whether
/// the keys are the kiosk's.
fn watch_home_key(handle: &SupervisorHandle) -> bool {
    let Ok(display) = std::env::var("DISPLAY") else {
        return false;
    };
    let handle = handle.clone();
    match home_key::watch(&display, move || handle.home_key()) {
        Ok(()) => true,
        Err(error) => {
            log::warn!(
                "{error:#}: a person using the keyboard alone cannot leave a site for the bar"
            );
            false
        }
    }
}

/// The API for the antenna's console. A port already taken leaves the station serving the
/// public without it, and says so in the journal (and `borne doctor` says it too).
fn start_antenna_api(antenna: &borne::config::Antenna, handle: &supervisor::SupervisorHandle) {
    match borne::antenna::server::start(antenna.listen, antenna.public_key, handle.clone()) {
        Ok(_) => log::info!("antenna: the API listens on {}", antenna.listen),
        Err(error) => log::error!(
            "antenna: cannot listen on {}: {error}; the station serves the public without the \
             antenna's console",
            antenna.listen
        ),
    }
}
