//! What root does on an installed station, and only there: the clean step systemd runs before
//! the kiosk starts and after it stops (`borne station-clean`), applying the admin's config
//! (`borne apply-config`, run by `borne-config.service` when `/etc/borne/borne.toml` changes),
//! and the checks of `borne doctor`.
//!
//! The clean step removes the guest's processes and every file of the guest (under the session
//! root, in `/tmp`, `/var/tmp`, `/dev/shm`, `/run/user/<uid>`). It leaves the kiosk's own
//! session directories: they hold the start note of an interrupted session, which the kiosk
//! reads to count it before it removes them, proves the station clean, and otherwise stays out
//! of service. So the clean step never decides alone that a station is clean.

use std::fmt::Write as _;
use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use nix::unistd::{Group, User};

use crate::config::{self, Config};
use crate::domain::Language;
use crate::services::browser::BrowserProgram;
use crate::services::locales;
use crate::services::policy::Policies;
use crate::services::processes::{SessionProcesses, Survivors};
use crate::services::wipe::{WipeError, WipeReport, WipeTargets, wipe_own};

/// The config of an installed station.
pub const STATION_CONFIG: &str = "/etc/borne/borne.toml";

/// The kiosk's account on an installed station.
pub const KIOSK_ACCOUNT: &str = "borne";

/// The guest account the browser runs as, when the config cannot be read to say another.
pub const GUEST_ACCOUNT: &str = "borne-invite";

/// Where sessions live on an installed station (a tmpfs, made at boot by tmpfiles.d).
pub const SESSION_ROOT: &str = "/run/borne/sessions";

/// The program as the package installs it: a kiosk started from here is an installed station.
pub const INSTALLED_PROGRAM: &str = "/usr/bin/borne";

/// Left by the kiosk when an admin chose "Quitter pour maintenance": the root step after the
/// stop then opens a console on tty1 (`borne-maintenance.service`) instead of the kiosk.
pub const MAINTENANCE_FLAG: &str = "/run/borne/maintenance";

/// Whether the kiosk asked for the maintenance console; the request is used up.
#[must_use]
pub fn take_maintenance_request() -> bool {
    std::fs::remove_file(MAINTENANCE_FLAG).is_ok()
}

/// Starts the maintenance console, which stops the kiosk's unit until the admin logs out.
pub fn open_maintenance_console() {
    let started = Command::new("systemctl")
        .args(["--no-block", "start", "borne-maintenance.service"])
        .status();
    if !started.is_ok_and(|status| status.success()) {
        log::error!("station-clean: cannot start borne-maintenance.service");
    }
}

/// Why a root step could not run.
#[derive(Debug, thiserror::Error)]
pub enum RootStepError {
    /// The step changes the system and must run as root.
    #[error("{0} must run as root")]
    NotRoot(&'static str),
    /// The guest account does not exist.
    #[error("the guest account {0} does not exist")]
    NoGuest(String),
    /// Something of the guest remains.
    #[error("the station is not clean: {0}")]
    NotClean(WipeError),
    /// Processes of the guest would not stop.
    #[error("the station is not clean: {0}")]
    Survivors(#[from] Survivors),
    /// The config file is invalid (the message of `borne check-config`).
    #[error("{0}")]
    Config(#[from] config::ConfigError),
    /// The browser policies could not be written.
    #[error("{0}")]
    Policy(#[from] crate::services::policy::PolicyError),
}

/// The guest account and the session root the station's config names, or the package's when
/// the file cannot be read: a broken config must not stop the clean step.
fn guest_and_root(config_path: &Path) -> (String, PathBuf) {
    match config::load(config_path) {
        Ok(config) => (
            config
                .browser
                .guest_user
                .unwrap_or_else(|| GUEST_ACCOUNT.to_owned()),
            config
                .browser
                .session_root
                .unwrap_or_else(|| PathBuf::from(SESSION_ROOT)),
        ),
        Err(_) => (GUEST_ACCOUNT.to_owned(), PathBuf::from(SESSION_ROOT)),
    }
}

/// Stops every process of the guest account and removes every file it owns where a session
/// may leave one. Run as root by systemd before the kiosk starts and after it stops.
///
/// # Errors
/// Not root, no guest account, or something of the guest remains.
pub fn station_clean(config_path: &Path) -> Result<WipeReport, RootStepError> {
    if !nix::unistd::geteuid().is_root() {
        return Err(RootStepError::NotRoot("station-clean"));
    }
    let (guest, session_root) = guest_and_root(config_path);
    let Some(user) = User::from_name(&guest).ok().flatten() else {
        return Err(RootStepError::NoGuest(guest));
    };
    let uid = user.uid.as_raw();
    // Not the kiosk's children: nothing to reap but what init will.
    SessionProcesses::new("-", Some(uid)).stop_all(&[], Duration::from_secs(2), &mut || {})?;
    let targets = WipeTargets::for_station(session_root, None, Some(uid), None);
    let report = wipe_own(&targets, uid);
    match &report.problem {
        Some(problem) => Err(RootStepError::NotClean(problem.clone())),
        None => Ok(report),
    }
}

/// Checks the station's config as `borne check-config` does and installs the browser
/// policies it calls for. Run as root by `borne-config.service` after every save of the file
/// (the admin screens), so that the admin never needs a root shell. A bad file leaves the
/// installed policies as they were.
///
/// # Errors
/// Not root, the file's error (named key and line), or the policies could not be written.
pub fn apply_config(config_path: &Path) -> Result<Config, RootStepError> {
    if !nix::unistd::geteuid().is_root() {
        return Err(RootStepError::NotRoot("apply-config"));
    }
    let config = config::load(config_path)?;
    Policies::for_config(&config).install(Path::new("/"))?;
    Ok(config)
}

/// One finding of `borne doctor`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// What was looked at, in plain words.
    pub what: String,
    /// `None` when it is right; else what is wrong and the command that fixes it.
    pub wrong: Option<(String, String)>,
}

impl Finding {
    fn ok(what: impl Into<String>) -> Self {
        Self {
            what: what.into(),
            wrong: None,
        }
    }

    fn wrong(what: impl Into<String>, problem: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            what: what.into(),
            wrong: Some((problem.into(), fix.into())),
        }
    }

    fn check(what: &str, good: bool, problem: &str, fix: &str) -> Self {
        if good {
            Self::ok(what)
        } else {
            Self::wrong(what, problem, fix)
        }
    }
}

const REINSTALL: &str = "apt install --reinstall borne";

/// Looks at an installed station end to end: accounts, sudo rule, config, policies, session
/// tmpfs, X and console hardening, USB automount, units. Reads only; never changes anything.
#[must_use]
pub fn doctor(config_path: &Path) -> Vec<Finding> {
    let mut found = Vec::new();
    let config = config::load(config_path);
    found.push(match &config {
        Ok(_) => Finding::ok(format!("configuration {}", config_path.display())),
        Err(error) => Finding::wrong(
            format!("configuration {}", config_path.display()),
            error.to_string(),
            format!(
                "corrigez le fichier, puis : borne check-config {}",
                config_path.display()
            ),
        ),
    });
    let (guest, session_root) = guest_and_root(config_path);
    let kiosk = User::from_name(KIOSK_ACCOUNT).ok().flatten();
    let guest_user = User::from_name(&guest).ok().flatten();
    found.push(Finding::check(
        &format!("compte de la borne « {KIOSK_ACCOUNT} » et compte invité « {guest} »"),
        kiosk.is_some() && guest_user.is_some(),
        "un compte manque",
        "systemd-sysusers /usr/lib/sysusers.d/borne.conf",
    ));
    let in_group = Group::from_name(&guest)
        .ok()
        .flatten()
        .is_some_and(|group| group.mem.iter().any(|m| m == KIOSK_ACCOUNT));
    found.push(Finding::check(
        &format!("« {KIOSK_ACCOUNT} » est dans le groupe « {guest} »"),
        in_group,
        "la borne ne pourra pas copier les fichiers de la personne sur une clé USB",
        "systemd-sysusers /usr/lib/sysusers.d/borne.conf",
    ));
    found.push(sudo_rule());
    found.push(match &config {
        Ok(config) => match Policies::for_config(config).check(Path::new("/")) {
            Ok(()) => Finding::ok("règles des navigateurs (politiques gérées)"),
            Err(error) => Finding::wrong(
                "règles des navigateurs (politiques gérées)",
                error.to_string(),
                "borne apply-config",
            ),
        },
        Err(_) => Finding::wrong(
            "règles des navigateurs (politiques gérées)",
            "la configuration est invalide",
            "corrigez d'abord la configuration",
        ),
    });
    let browser_choice = config
        .as_ref()
        .map_or(crate::config::BrowserChoice::Auto, |c| c.browser.program);
    found.push(Finding::check(
        "un navigateur (Chromium ou Firefox ESR)",
        BrowserProgram::find(browser_choice, Some("/usr/bin:/bin".as_ref())).is_some(),
        "aucun navigateur installé",
        "apt install chromium chromium-l10n",
    ));
    found.push(session_tmpfs(&session_root));
    if let Ok(Some(antenna)) = config.as_ref().map(|c| c.antenna.as_ref()) {
        found.push(antenna_api(antenna.listen));
    }
    found.push(Finding::check(
        "les pages du navigateur en français (locale fr_FR.UTF-8)",
        locales::available(locales::wanted(Language::Fr)),
        "la locale fr_FR.UTF-8 n'est pas générée",
        "dpkg-reconfigure borne   (ou : locale-gen fr_FR.UTF-8)",
    ));
    found.push(file_says(
        "X : pas de changement de console ni de Ctrl+Alt+Retour arrière, écran jamais éteint",
        "/etc/X11/xorg.conf.d/50-borne.conf",
        &["DontVTSwitch", "DontZap", "BlankTime"],
    ));
    found.push(file_says(
        "console : aucune invite de connexion sur les autres consoles",
        "/usr/lib/systemd/logind.conf.d/50-borne.conf",
        &["NAutoVTs=0"],
    ));
    found.push(Finding::check(
        "Ctrl+Alt+Suppr ne redémarre pas",
        is_masked("/etc/systemd/system/ctrl-alt-del.target"),
        "ctrl-alt-del.target n'est pas masqué",
        "systemctl mask ctrl-alt-del.target",
    ));
    found.push(Finding::check(
        "touches SysRq désactivées",
        std::fs::read_to_string("/proc/sys/kernel/sysrq").is_ok_and(|v| v.trim() == "0"),
        "kernel.sysrq n'est pas à 0",
        "sysctl --system",
    ));
    found.push(file_says(
        "clés USB montées pour la borne",
        "/usr/lib/udev/rules.d/90-borne-usb.rules",
        &["systemd-mount"],
    ));
    for unit in ["borne.service", "borne-config.path"] {
        found.push(Finding::check(
            &format!("{unit} activé au démarrage"),
            unit_enabled(unit),
            "pas activé",
            &format!("systemctl enable {unit}"),
        ));
    }
    // Not a problem: the kiosk's first screen asks for them.
    found.push(Finding::ok(if Path::new(SECRETS_FILE).exists() {
        "codes du personnel choisis"
    } else {
        "codes du personnel : pas encore choisis, la borne les demande à son premier écran"
    }));
    found
}

/// The staff PINs of an installed station (Argon2id hashes, readable by the kiosk user only).
pub const SECRETS_FILE: &str = "/var/lib/borne/secrets.toml";

/// `borne doctor`'s report, one line per finding and a fix under each problem.
#[must_use]
pub fn render_findings(findings: &[Finding]) -> String {
    let mut out = String::new();
    for finding in findings {
        match &finding.wrong {
            None => writeln!(out, "OK        {}", finding.what).ok(),
            Some((problem, fix)) => writeln!(
                out,
                "PROBLÈME  {} : {problem}\n          pour corriger (en root) : {fix}",
                finding.what
            )
            .ok(),
        };
    }
    let wrong = findings.iter().filter(|f| f.wrong.is_some()).count();
    if wrong == 0 {
        out.push_str("Le poste est prêt.\n");
    } else {
        writeln!(out, "{wrong} problème(s) à corriger.").ok();
    }
    out
}

fn sudo_rule() -> Finding {
    let what = "règle sudo de la borne (/etc/sudoers.d/borne)";
    let path = Path::new("/etc/sudoers.d/borne");
    let Ok(meta) = path.metadata() else {
        return Finding::wrong(what, "le fichier manque", REINSTALL);
    };
    if meta.uid() != 0 || meta.permissions().mode() & 0o777 != 0o440 {
        return Finding::wrong(
            what,
            "il doit appartenir à root, en mode 0440",
            "chown root:root /etc/sudoers.d/borne && chmod 0440 /etc/sudoers.d/borne",
        );
    }
    let valid = Command::new("visudo")
        .args(["-cqf", "/etc/sudoers.d/borne"])
        .status()
        .is_ok_and(|status| status.success());
    Finding::check(what, valid, "visudo le refuse", REINSTALL)
}

fn session_tmpfs(session_root: &Path) -> Finding {
    let what = format!(
        "dossier des sessions {} en mémoire (tmpfs)",
        session_root.display()
    );
    match nix::sys::statfs::statfs(session_root) {
        Ok(fs) if fs.filesystem_type() == nix::sys::statfs::TMPFS_MAGIC => Finding::ok(what),
        Ok(_) => Finding::wrong(
            what,
            "ce n'est pas un tmpfs : une coupure de courant laisserait des fichiers",
            "systemctl enable --now run-borne-sessions.mount",
        ),
        Err(_) => Finding::wrong(
            what,
            "le dossier manque",
            "systemd-tmpfiles --create /usr/lib/tmpfiles.d/borne.conf",
        ),
    }
}

fn file_says(what: &str, path: &str, words: &[&str]) -> Finding {
    match std::fs::read_to_string(path) {
        Ok(text) if words.iter().all(|w| text.contains(w)) => Finding::ok(what),
        Ok(_) => Finding::wrong(what, format!("{path} a été modifié"), REINSTALL),
        Err(_) => Finding::wrong(what, format!("{path} manque"), REINSTALL),
    }
}

fn is_masked(path: &str) -> bool {
    std::fs::read_link(path).is_ok_and(|target| target == Path::new("/dev/null"))
}

fn unit_enabled(unit: &str) -> bool {
    Command::new("systemctl")
        .args(["is-enabled", "--quiet", unit])
        .status()
        .is_ok_and(|status| status.success())
}

/// The antenna's API answers where the config says: a station that could not take its port
/// serves the public, but the console cannot reach it.
fn antenna_api(listen: std::net::SocketAddr) -> Finding {
    let what = format!("API de l'antenne sur {listen}");
    let mut address = listen;
    if address.ip().is_unspecified() {
        address.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    }
    match crate::antenna::console::client::probe(address) {
        Ok(()) => Finding::ok(what),
        Err(crate::antenna::console::client::Failure::NotAStation(answer)) => Finding::wrong(
            what,
            format!("un autre programme occupe ce port ({answer})"),
            format!(
                "libérez le port (ss -ltnp 'sport = :{}') ou changez [antenna] listen, puis : \
                 systemctl restart borne",
                listen.port()
            ),
        ),
        Err(_) => Finding::wrong(
            what,
            "rien ne répond : la borne ne tourne pas, ou elle n'a pas pu prendre ce port",
            "journalctl -u borne | grep antenna",
        ),
    }
}
