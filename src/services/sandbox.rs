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

use crate::services::aids;

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
    /// Whether the sandbox has its own password and group files (root and the browser's
    /// account, see [`aids::write_accounts`]): only for the screen reader, whose D-Bus daemon
    /// needs them. Otherwise there is no `/etc/passwd` at all.
    pub accounts: bool,
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
            accounts: false,
        }
    }
}

#[cfg(test)]
impl SandboxPaths {
    /// A session's folders under `root`, with no key (tests).
    pub(crate) fn under(root: &Path) -> Self {
        Self {
            home: root.join("home"),
            tmp: root.join("tmp"),
            profile: root.join("profile"),
            keys: None,
            keys_writable: false,
            accounts: false,
        }
    }
}

/// The keys mounted under `root` now: its folders that are mount points.
fn mounted_keys(root: &Path) -> Vec<PathBuf> {
    use std::os::unix::fs::MetadataExt;
    let Ok(top) = std::fs::metadata(root) else {
        return Vec::new();
    };
    std::fs::read_dir(root)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| {
                    std::fs::symlink_metadata(path)
                        .is_ok_and(|meta| meta.is_dir() && meta.dev() != top.dev())
                })
                .collect()
        })
        .unwrap_or_default()
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
    // The session's opener, read-only: the browser runs it, never changes it.
    line.op("--ro-bind-try", opener_on_host(paths), OPENER_DIR);
    // The browser's account alone, and root (see `aids::write_accounts`).
    for file in aids::ACCOUNT_FILES.iter().filter(|_| paths.accounts) {
        line.op(
            "--ro-bind-try",
            opener_on_host(paths).join(file),
            Path::new("/").join(file),
        );
    }
    line.op("--bind", &paths.profile, PROFILE);
    // The X server's socket (the session's TMPDIR hides the station's /tmp), the print
    // server's.
    line.op("--ro-bind-try", "/tmp/.X11-unix", "/tmp/.X11-unix");
    line.op("--ro-bind-try", "/run/cups", "/run/cups");
    if let Some(keys) = &paths.keys {
        if paths.keys_writable {
            // The whole folder, live: a key plugged in later appears too (bwrap's mounts
            // follow the station's), writable as its mount allows (the guest's group).
            line.op("--bind-try", keys, KEYS);
        } else {
            // Each key mounted now, read-only. A key mounted later would arrive writable
            // through a live folder, so it is not shown until the browser starts again.
            for key in mounted_keys(keys) {
                if let Some(name) = key.file_name() {
                    line.op("--ro-bind", key.clone(), Path::new(KEYS).join(name));
                }
            }
        }
    }
    line.words(&["--dev", "/dev", "--tmpfs", "/dev/shm"]);
    line.op("--dev-bind-try", "/dev/dri", "/dev/dri");
    line.op("--dev-bind-try", "/dev/snd", "/dev/snd");
    for dir in UNLISTABLE {
        // Made if nothing was bound under it (no key plugged), so that it can be closed.
        line.words(&["--dir", dir, "--chmod", "0111", dir]);
    }
    // Printing works only through blocking connections (see `CUPS_BLOCKING_FILE`). Set by
    // bwrap for the browser alone: bwrap itself must not look for it in the station's /tmp.
    line.op(
        "--setenv",
        "LD_PRELOAD",
        format!("{OPENER_DIR}/{CUPS_BLOCKING_FILE}"),
    );
    line.words(&["--chdir", HOME, "--"]);
    line.0.push(program.into());
    line.0.extend(args.iter().map(OsString::from));
    line.0
}

/// Why the browser's sandbox cannot be built on this station.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// bubblewrap is not installed.
    #[error("{BWRAP} is missing: the browser would see the whole machine (apt install bubblewrap)")]
    Missing,
    /// bwrap could not be run at all.
    #[error("cannot run {BWRAP}: {0}")]
    CannotRun(#[source] std::io::Error),
    /// bwrap ran and refused: the kernel does not let this user make a user namespace.
    #[error(
        "the browser's sandbox cannot be built ({said}): the kernel must allow user namespaces \
         (sysctl user.max_user_namespaces above 0, kernel.unprivileged_userns_clone=1)"
    )]
    Refused {
        /// bwrap's own message.
        said: String,
    },
}

/// Whether a sandbox can be built here: bwrap is installed and the kernel lets the browser's
/// user (`as_user`: uid and gid; `None`: this process's) make a user namespace. Runs `true`
/// in a minimal one.
///
/// # Errors
/// What is missing ([`SandboxError`]), in words an admin can act on.
pub fn probe(as_user: Option<(u32, u32)>) -> Result<(), SandboxError> {
    if !Path::new(BWRAP).exists() {
        return Err(SandboxError::Missing);
    }
    let mut command = Command::new(BWRAP);
    if let Some((uid, gid)) = as_user {
        std::os::unix::process::CommandExt::uid(&mut command, uid);
        std::os::unix::process::CommandExt::gid(&mut command, gid);
    }
    let output = command
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
        .map_err(SandboxError::CannotRun)?;
    if output.status.success() {
        return Ok(());
    }
    Err(SandboxError::Refused {
        said: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
    })
}

/// Where the session's opener lives in the sandbox (in its TMPDIR): the `xdg-open` Chromium
/// calls for a downloaded file it cannot show itself, and the program Firefox is given for
/// the same.
pub const OPENER_DIR: &str = "/tmp/.borne";
/// The library that keeps the browser's connections to the print server blocking, in the
/// opener's folder, loaded into the sandboxed browser (`LD_PRELOAD`, set by bwrap): without it, Debian 12's
/// current libcups2 leaves both browsers' printing stuck (`src/services/cups-blocking.c`).
pub const CUPS_BLOCKING_FILE: &str = "lib/libborne-cups-blocking.so";
/// That library, built by `build.rs`.
const CUPS_BLOCKING: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/libborne-cups-blocking.so"));
/// The opener's folder on the station: bound read-only at [`OPENER_DIR`].
pub(crate) fn opener_on_host(paths: &SandboxPaths) -> PathBuf {
    paths.tmp.join(".borne")
}

/// The page that says a file cannot open here, in the person's HOME (hidden), so that the
/// browser may show it (only `file:///home/session/` is allowed).
const CANNOT_OPEN_PAGE: &str = ".borne/autre-fichier.html";

/// The file types the browsers show themselves: the opener hands them back to the browser.
const SHOWN_BY_THE_BROWSER: [(&str, &str); 8] = [
    ("pdf", "application/pdf"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("webp", "image/webp"),
    ("svg", "image/svg+xml"),
    ("txt", "text/plain"),
];

/// Other types a person may download, for Firefox (which asks the desktop's default
/// application, and would otherwise do nothing at all on a click).
const OTHER_TYPES: [&str; 10] = [
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/zip",
    "application/octet-stream",
    "application/rtf",
    "text/csv",
];

/// Writes the session's opener: a downloaded PDF or image clicked in the browser's downloads
/// opens in the browser itself (`browser` with its arguments, then the file); any other file
/// opens a page that says, in `language`, that it cannot open here and what the person can do.
/// Nothing is ever silent, and nothing outside the browser starts. Beside it, the library the
/// browser prints through ([`CUPS_BLOCKING_FILE`]).
///
/// # Errors
/// The I/O error of writing the files.
pub fn write_opener(
    paths: &SandboxPaths,
    browser: &[String],
    language: crate::domain::Language,
) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let bin = opener_on_host(paths).join("bin");
    std::fs::create_dir_all(&bin)?;
    if paths.keys.is_some() {
        // The file dialog's way to the USB keys.
        write_bookmarks(&paths.home)?;
    }
    let page = paths.home.join(CANNOT_OPEN_PAGE);
    if let Some(dir) = page.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&page, cannot_open_page(language))?;
    let shown: Vec<String> = SHOWN_BY_THE_BROWSER
        .iter()
        .map(|(ending, _)| format!("*.{ending}"))
        .collect();
    let command: Vec<String> = browser.iter().map(|word| shell_quote(word)).collect();
    let script = format!(
        r#"#!/bin/sh
# Borne: the browser asks to open a downloaded file. A PDF or an image opens in the
# browser itself; anything else opens a page that says why it cannot open here.
# Only the person's files ({home}/...): anything else, or anything that looks like an
# option, gets the page too. A file:// address is passed on as it is.
file="$1"
case "$file" in
  {home}/*|file://{home}/*) ;;
  *) file={page} ;;
esac
case "$(printf %s "$file" | tr 'A-Z' 'a-z')" in
  {shown}) target="$file" ;;
  *) target={page} ;;
esac
exec {command} "$target"
"#,
        home = HOME,
        shown = shown.join("|"),
        page = shell_quote(&format!("{HOME}/{CANNOT_OPEN_PAGE}")),
        command = command.join(" "),
    );
    let opener = bin.join("xdg-open");
    std::fs::write(&opener, script)?;
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755))?;
    let library = opener_on_host(paths).join(CUPS_BLOCKING_FILE);
    if let Some(dir) = library.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // Written again for each new site while the browser runs, with the library loaded: never
    // changed in place (a process reading it as it is emptied would crash).
    crate::services::atomic::write_if_changed(&library, CUPS_BLOCKING, 0o644)?;
    aids::write_starter(paths)?;
    // Firefox asks the desktop's default application (GIO): the same opener, for every type.
    let applications = paths.home.join(".local/share/applications");
    std::fs::create_dir_all(&applications)?;
    let types: Vec<&str> = SHOWN_BY_THE_BROWSER
        .iter()
        .map(|(_, mime)| *mime)
        .chain(OTHER_TYPES)
        .collect();
    std::fs::write(
        applications.join("borne-ouvrir.desktop"),
        format!(
            "[Desktop Entry]\nType=Application\nName=Borne\nNoDisplay=true\n\
             Exec={OPENER_DIR}/bin/xdg-open %f\nMimeType={};\n",
            types.join(";")
        ),
    )?;
    let defaults: String = types
        .iter()
        .map(|mime| {
            format!(
                "{mime}=borne-ouvrir.desktop
"
            )
        })
        .collect();
    let config = paths.home.join(".config");
    std::fs::create_dir_all(&config)?;
    std::fs::write(
        config.join("mimeapps.list"),
        format!(
            "[Default Applications]
{defaults}"
        ),
    )
}

/// `word` quoted for sh.
fn shell_quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', "'\\''"))
}

/// The page for a file the station cannot open, in plain words (FALC: short sentences, one
/// idea each).
fn cannot_open_page(language: crate::domain::Language) -> String {
    let (lang, title, lines) = match language {
        crate::domain::Language::Fr => (
            "fr",
            "Ce fichier ne s’ouvre pas ici",
            [
                "Ce poste ouvre les fichiers PDF et les images.",
                "Votre fichier est bien gardé dans Téléchargements.",
                "Vous pouvez l’envoyer sur un site.",
                "À la fin, vous pouvez le garder sur une clé USB.",
            ],
        ),
        crate::domain::Language::En => (
            "en",
            "This file cannot open here",
            [
                "This computer opens PDF files and pictures.",
                "Your file is kept in Downloads.",
                "You can send it to a website.",
                "At the end, you can keep it on a USB key.",
            ],
        ),
    };
    let paragraphs: String = lines.iter().map(|line| format!("<p>{line}</p>")).collect();
    format!(
        "<!doctype html><html lang={lang}><meta charset=utf-8><title>{title}</title>\
         <body style=\"font-family:sans-serif;font-size:28px;max-width:40em;margin:2em auto;\
         color:#111;background:#fff\"><h1>{title}</h1>{paragraphs}</body></html>\n"
    )
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
            accounts: false,
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
        // Read-only keys are bound one by one, never the live folder.
        assert!(!args.iter().any(|a| a == KEYS_ON_HOST));
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

    /// A session's folders under `root`, with no key.
    fn session_in(root: &Path) -> SandboxPaths {
        SandboxPaths::under(root)
    }

    #[test]
    fn the_opener_gives_pdfs_and_images_to_the_browser_and_explains_the_rest() {
        let root = std::env::temp_dir().join(format!("borne-opener-{}", std::process::id()));
        let paths = session_in(&root);
        write_opener(
            &paths,
            &["/bin/echo".to_owned(), "OPEN".to_owned()],
            crate::domain::Language::Fr,
        )
        .unwrap();
        let open = |file: &str| {
            let output = Command::new(paths.tmp.join(".borne/bin/xdg-open"))
                .arg(file)
                .output()
                .unwrap();
            String::from_utf8(output.stdout).unwrap().trim().to_owned()
        };
        assert_eq!(
            open("/home/session/Téléchargements/Mon CV.PDF"),
            "OPEN /home/session/Téléchargements/Mon CV.PDF"
        );
        assert_eq!(
            open("file:///home/session/Mon%20CV.jpg"),
            "OPEN file:///home/session/Mon%20CV.jpg"
        );
        assert_eq!(
            open("/home/session/it's $(reboot) \"x\".pdf"),
            "OPEN /home/session/it's $(reboot) \"x\".pdf"
        );
        for outside in [
            "/etc/passwd.txt",
            "--no-sandbox",
            "-x.pdf",
            "file:///etc/x.pdf",
        ] {
            assert_eq!(
                open(outside),
                "OPEN /home/session/.borne/autre-fichier.html"
            );
        }
        assert_eq!(
            open("/home/session/Téléchargements/lettre.docx"),
            "OPEN /home/session/.borne/autre-fichier.html"
        );
        assert_eq!(open("."), "OPEN /home/session/.borne/autre-fichier.html");
        let page = std::fs::read_to_string(paths.home.join(CANNOT_OPEN_PAGE)).unwrap();
        assert!(page.contains("Ce fichier ne s’ouvre pas ici"), "{page}");
        let desktop = std::fs::read_to_string(
            paths
                .home
                .join(".local/share/applications/borne-ouvrir.desktop"),
        )
        .unwrap();
        assert!(
            desktop.contains("Exec=/tmp/.borne/bin/xdg-open %f"),
            "{desktop}"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn the_browser_prints_through_the_library_written_beside_the_opener() {
        let root = std::env::temp_dir().join(format!("borne-cups-{}", std::process::id()));
        let paths = session_in(&root);
        write_opener(
            &paths,
            &["/bin/true".to_owned()],
            crate::domain::Language::Fr,
        )
        .unwrap();
        let library = std::fs::read(opener_on_host(&paths).join(CUPS_BLOCKING_FILE)).unwrap();
        assert!(library.starts_with(b"\x7fELF"), "not a shared object");
        assert!(
            library.windows(12).any(|w| w == b"httpBlocking"),
            "the library does not replace httpBlocking"
        );
        // Bound read-only with the opener, preloaded into the browser alone.
        let args = strings(&arguments(&paths, Path::new("/usr/bin/chromium"), &[]));
        assert!(has(
            &args,
            [
                "--ro-bind-try",
                &*opener_on_host(&paths).to_string_lossy(),
                OPENER_DIR
            ]
        ));
        assert!(has(
            &args,
            [
                "--setenv",
                "LD_PRELOAD",
                "/tmp/.borne/lib/libborne-cups-blocking.so"
            ]
        ));
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn the_sandbox_knows_root_and_the_browsers_account_only() {
        let root = std::env::temp_dir().join(format!("borne-accounts-{}", std::process::id()));
        let paths = session_in(&root);
        aids::write_accounts(&paths, 0, 0).unwrap();
        let passwd = std::fs::read_to_string(opener_on_host(&paths).join("etc/passwd")).unwrap();
        assert_eq!(passwd, "root:x:0:0:root:/root:/usr/sbin/nologin\n");
        // An account unknown to the station still gets a name.
        aids::write_accounts(&paths, 4_000_123, 4_000_124).unwrap();
        let passwd = std::fs::read_to_string(opener_on_host(&paths).join("etc/passwd")).unwrap();
        assert_eq!(passwd.lines().count(), 2);
        assert!(passwd.ends_with("u4000123:x:4000123:4000124::/home/session:/usr/sbin/nologin\n"));
        let group = std::fs::read_to_string(opener_on_host(&paths).join("etc/group")).unwrap();
        assert_eq!(group, "root:x:0:\ng4000124:x:4000124:\n");
        assert!(
            !strings(&arguments(&paths, Path::new("/usr/bin/chromium"), &[]))
                .iter()
                .any(|a| a.starts_with("/etc/passwd") || a.starts_with("/etc/group")),
            "password files bound unasked"
        );
        let with_reader = SandboxPaths {
            accounts: true,
            ..paths.clone()
        };
        let args = strings(&arguments(
            &with_reader,
            Path::new("/usr/bin/chromium"),
            &[],
        ));
        for file in ["passwd", "group"] {
            let host = opener_on_host(&paths).join("etc").join(file);
            assert!(has(
                &args,
                [
                    "--ro-bind-try",
                    &*host.to_string_lossy(),
                    &format!("/etc/{file}")
                ]
            ));
        }
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn the_bookmark_is_a_file_url() {
        assert_eq!(percent_path(KEYS), "/media/Cl%C3%A9%20USB");
    }
}
