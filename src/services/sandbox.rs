//! The browser's view of the machine: a bubblewrap sandbox (Debian `bubblewrap`) in which the
//! person's own files are all there is to see.
//!
//! The browser runs as the guest account in a mount namespace of its own, made by `bwrap`:
//! - the session's HOME is always at [`HOME`], its TMPDIR at [`TMP`], its profile at
//!   [`PROFILE`], whatever the session's directory on the station;
//! - USB keys (mounted by the station under [`KEYS_ON_HOST`]) are at [`KEYS`], with a bookmark
//!   "Clé USB" in the file dialog; a key plugged in later appears there too (bwrap's mounts
//!   follow the station's);
//! - the programs (`/usr`) are read-only; of `/etc` only what a browser reads (libraries,
//!   fonts, certificates, name resolution, time zone, its policies, printing); nothing of
//!   `/home`, `/root`, `/var`, `/srv`, `/mnt` or the station's configuration;
//! - `/`, `/etc`, `/home`, `/media` and `/run` cannot be listed: typing `/etc/` in the file
//!   dialog shows nothing.
//!
//! The browsers' own sandboxes keep working inside: bwrap creates a user namespace in which
//! Chromium's and Firefox's sandboxes create theirs (nested user namespaces), which is why
//! `/proc` is the station's own, writable for the process's own `uid_map` (a read-only `/proc`
//! breaks them: "No usable sandbox"). The pid namespace is the station's too: each new site
//! starts a second browser process that hands the address to the running one, and Chromium
//! checks that hand-over by pid.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub use crate::config::KeyAccess;

/// The sandbox builder.
pub const BWRAP: &str = "/usr/bin/bwrap";
/// The person's HOME, as the browser sees it.
pub const HOME: &str = "/home/session";
/// The session's TMPDIR (and runtime directory), as the browser sees it.
pub const TMP: &str = "/tmp";
/// The browser's profile, as the browser sees it.
pub const PROFILE: &str = "/run/borne/profile";
/// Where the station mounts USB keys (`90-borne-usb.rules`).
pub const KEYS_ON_HOST: &str = "/media/borne";
/// Where the browser sees them.
pub const KEYS: &str = "/media/Clé USB";

/// What of `/etc` a browser reads. `--ro-bind-try`: what a station lacks is skipped.
const ETC: [&str; 32] = [
    "alternatives",
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "fonts",
    "ssl",
    "ca-certificates",
    "pki",
    "chromium",
    "chromium.d",
    "firefox",
    "firefox-esr",
    "resolv.conf",
    "hosts",
    "host.conf",
    "nsswitch.conf",
    "gai.conf",
    "localtime",
    "timezone",
    "machine-id",
    "mime.types",
    "mailcap",
    "xdg",
    "gtk-3.0",
    "pulse",
    "asound.conf",
    "os-release",
    "locale.alias",
    "cups",
    "papersize",
    "X11",
    "dconf",
];

/// The top-level links and folders of the programs: on a merged-/usr Debian `/bin`, `/lib`...
/// are links into `/usr`, on an older one folders of their own.
const PROGRAM_ROOTS: [&str; 6] = ["bin", "sbin", "lib", "lib32", "lib64", "libx32"];

/// Folders made by bwrap that the person must not list (their content stays reachable by path:
/// the browser opens the files it needs by name).
const UNLISTABLE: [&str; 5] = ["/", "/etc", "/home", "/media", "/run"];

/// The station's folders of one session, bound into the sandbox.
#[derive(Clone, Debug)]
pub struct SandboxPaths {
    /// The session's HOME, bound at [`HOME`].
    pub home: PathBuf,
    /// The session's TMPDIR, bound at [`TMP`].
    pub tmp: PathBuf,
    /// The browser's profile, bound at [`PROFILE`].
    pub profile: PathBuf,
    /// The folder of the mounted USB keys, bound at [`KEYS`] if it exists; `None`: no key.
    pub keys: Option<PathBuf>,
    /// Whether the browser may write to the keys.
    pub keys_writable: bool,
}

impl SandboxPaths {
    /// The folders of `dir`, with the station's keys as `keys` says.
    #[must_use]
    pub fn of_session(dir: &crate::services::session_dir::SessionDir, keys: KeyAccess) -> Self {
        Self {
            home: dir.home(),
            tmp: dir.tmp(),
            profile: dir.profile(),
            keys: (keys != KeyAccess::None).then(|| PathBuf::from(KEYS_ON_HOST)),
            keys_writable: keys == KeyAccess::ReadWrite,
        }
    }
}

/// bwrap's command line, as it is built.
struct Line(Vec<OsString>);

impl Line {
    fn words(&mut self, words: &[&str]) {
        self.0.extend(words.iter().map(OsString::from));
    }

    /// `how` (`--bind`, `--ro-bind-try`, `--symlink`...) `from` `to`.
    fn op(&mut self, how: &str, from: impl Into<OsString>, to: impl Into<OsString>) {
        self.0.push(how.into());
        self.0.push(from.into());
        self.0.push(to.into());
    }
}

/// The `bwrap` arguments that run `program` with `args` in the session's sandbox.
#[must_use]
pub fn arguments(paths: &SandboxPaths, program: &Path, args: &[String]) -> Vec<OsString> {
    let mut line = Line(Vec::new());
    line.words(&[
        "--unshare-user",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        // The browser ends with the process that started it, and cannot type into the
        // terminal of its parent (TIOCSTI).
        "--die-with-parent",
        "--new-session",
        "--hostname",
        "borne",
    ]);
    line.op("--ro-bind", "/usr", "/usr");
    for root in PROGRAM_ROOTS {
        let host = Path::new("/").join(root);
        match std::fs::symlink_metadata(&host) {
            Ok(meta) if meta.file_type().is_symlink() => {
                if let Ok(target) = std::fs::read_link(&host) {
                    line.op("--symlink", target, host);
                }
            }
            Ok(meta) if meta.is_dir() => line.op("--ro-bind", host.clone(), host),
            _ => {}
        }
    }
    for name in ETC {
        let path = Path::new("/etc").join(name);
        line.op("--ro-bind-try", path.clone(), path);
    }
    line.op("--bind", "/proc", "/proc");
    line.op("--ro-bind-try", "/sys", "/sys");
    line.op(
        "--ro-bind-try",
        "/var/cache/fontconfig",
        "/var/cache/fontconfig",
    );
    line.op("--bind", &paths.home, HOME);
    line.op("--bind", &paths.tmp, TMP);
    line.op("--bind", &paths.profile, PROFILE);
    // The X server's socket (the session's TMPDIR hides the station's /tmp), the print
    // server's.
    line.op("--ro-bind-try", "/tmp/.X11-unix", "/tmp/.X11-unix");
    line.op("--ro-bind-try", "/run/cups", "/run/cups");
    if let Some(keys) = &paths.keys {
        let how = if paths.keys_writable {
            "--bind-try"
        } else {
            "--ro-bind-try"
        };
        line.op(how, keys, KEYS);
    }
    line.words(&["--dev", "/dev", "--tmpfs", "/dev/shm"]);
    line.op("--dev-bind-try", "/dev/dri", "/dev/dri");
    line.op("--dev-bind-try", "/dev/snd", "/dev/snd");
    for dir in UNLISTABLE {
        // Made if nothing was bound under it (no key plugged), so that it can be closed.
        line.words(&["--dir", dir, "--chmod", "0111", dir]);
    }
    line.words(&["--chdir", HOME, "--"]);
    line.0.push(program.into());
    line.0.extend(args.iter().map(OsString::from));
    line.0
}

/// Whether a sandbox can be built here: bwrap is installed and the kernel lets this user make
/// a user namespace. Runs `true` in a minimal one.
///
/// # Errors
/// What is missing, in words an admin can act on, with bwrap's own message.
pub fn probe() -> Result<(), String> {
    if !Path::new(BWRAP).exists() {
        return Err(format!(
            "{BWRAP} is missing: the browser would see the whole machine (apt install bubblewrap)"
        ));
    }
    let output = Command::new(BWRAP)
        .args([
            "--unshare-user",
            "--ro-bind",
            "/usr",
            "/usr",
            "--symlink",
            "usr/lib",
            "/lib",
            "--symlink",
            "usr/lib64",
            "/lib64",
            "--symlink",
            "usr/bin",
            "/bin",
            "--",
            "/usr/bin/true",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .env_clear()
        .output()
        .map_err(|e| format!("cannot run {BWRAP}: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    let said = String::from_utf8_lossy(&output.stderr);
    Err(format!(
        "the browser's sandbox cannot be built ({}): the kernel must allow user namespaces \
         (sysctl user.max_user_namespaces above 0, kernel.unprivileged_userns_clone=1)",
        said.trim()
    ))
}

/// The file dialog's bookmark to the USB keys ("Clé USB"), for GTK's file chooser (Chromium
/// and Firefox both use it), written into the session's HOME.
///
/// # Errors
/// The I/O error of writing it.
pub fn write_bookmarks(home: &Path) -> std::io::Result<()> {
    let dir = home.join(".config").join("gtk-3.0");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(
        dir.join("bookmarks"),
        format!("file://{} Clé USB\n", percent_path(KEYS)),
    )
}

/// `path` as the path of a file: URL (spaces and non-ASCII escaped).
fn percent_path(path: &str) -> String {
    let mut out = String::new();
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths() -> SandboxPaths {
        SandboxPaths {
            home: "/run/borne/sessions/s1/home".into(),
            tmp: "/run/borne/sessions/s1/tmp".into(),
            profile: "/run/borne/sessions/s1/profile".into(),
            keys: Some(KEYS_ON_HOST.into()),
            keys_writable: false,
        }
    }

    fn strings(args: &[OsString]) -> Vec<String> {
        args.iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    fn has(args: &[String], triple: [&str; 3]) -> bool {
        args.windows(3).any(|w| w == triple)
    }

    #[test]
    fn the_session_is_bound_at_stable_paths_and_the_program_comes_last() {
        let args = strings(&arguments(
            &paths(),
            Path::new("/usr/bin/chromium"),
            &["--user-data-dir=/run/borne/profile".to_owned()],
        ));
        assert!(has(&args, ["--bind", "/run/borne/sessions/s1/home", HOME]));
        assert!(has(&args, ["--bind", "/run/borne/sessions/s1/tmp", TMP]));
        assert!(has(
            &args,
            ["--bind", "/run/borne/sessions/s1/profile", PROFILE]
        ));
        assert!(has(&args, ["--ro-bind-try", KEYS_ON_HOST, KEYS]));
        assert_eq!(
            args[args.len() - 3..],
            [
                "--".to_owned(),
                "/usr/bin/chromium".to_owned(),
                "--user-data-dir=/run/borne/profile".to_owned()
            ]
        );
    }

    #[test]
    fn nothing_personal_or_of_the_station_is_bound() {
        let args = strings(&arguments(&paths(), Path::new("/usr/bin/firefox-esr"), &[]));
        let binds = [
            "--bind",
            "--ro-bind",
            "--bind-try",
            "--ro-bind-try",
            "--dev-bind-try",
        ];
        let sources: Vec<&String> = args
            .windows(2)
            .filter(|w| binds.contains(&w[0].as_str()))
            .map(|w| &w[1])
            .collect();
        for private in [
            "/home",
            "/root",
            "/var/lib",
            "/etc/borne",
            "/etc/passwd",
            "/etc/shadow",
            "/etc/sudoers",
            "/srv",
            "/mnt",
            "/media/borne/",
        ] {
            assert!(
                !sources
                    .iter()
                    .any(|s| *s == private || s.starts_with(&format!("{private}/"))),
                "{private} is bound: {sources:?}"
            );
        }
        assert!(
            !sources
                .iter()
                .any(|s| s.as_str() == "/" || s.as_str() == "/etc"),
            "a whole tree is bound: {sources:?}"
        );
        for dir in UNLISTABLE {
            assert!(has(&args, ["--chmod", "0111", dir]), "{dir} stays listable");
        }
    }

    #[test]
    fn writable_keys_are_bound_read_write() {
        let mut paths = paths();
        paths.keys_writable = true;
        let args = strings(&arguments(&paths, Path::new("/usr/bin/chromium"), &[]));
        assert!(has(&args, ["--bind-try", KEYS_ON_HOST, KEYS]));
        paths.keys = None;
        let args = strings(&arguments(&paths, Path::new("/usr/bin/chromium"), &[]));
        assert!(!args.iter().any(|a| a == KEYS));
    }

    #[test]
    fn the_bookmark_is_a_file_url() {
        assert_eq!(percent_path(KEYS), "/media/Cl%C3%A9%20USB");
    }
}
