//! The session's browser: which one is installed, and the command line that starts it with a
//! fresh profile in the session directory, placed below the bar.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::config::BrowserChoice;
use crate::domain::Language;
use crate::services::aids;
use crate::services::locales;
use crate::services::sandbox::{self, SandboxPaths};
use crate::services::session_dir::{Account, DOWNLOADS};
use crate::services::x11::Rect;

/// The browsers Borne knows how to drive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BrowserKind {
    /// Chromium, Debian's `chromium`.
    Chromium,
    /// Firefox ESR, Debian's `firefox-esr`.
    Firefox,
}

/// An installed browser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrowserProgram {
    /// Which browser.
    pub kind: BrowserKind,
    /// Its executable.
    pub path: PathBuf,
}

/// The programs looked for, in order of preference, for each browser.
const CANDIDATES: [(BrowserKind, &[&str]); 2] = [
    (BrowserKind::Chromium, &["chromium", "chromium-browser"]),
    (BrowserKind::Firefox, &["firefox-esr", "firefox"]),
];

impl BrowserProgram {
    /// The browser to use: the one the config forces, or the first installed (Chromium first).
    pub fn find(choice: BrowserChoice, path_var: Option<&std::ffi::OsStr>) -> Option<Self> {
        let wanted = |kind| match choice {
            BrowserChoice::Auto => true,
            BrowserChoice::Chromium => kind == BrowserKind::Chromium,
            BrowserChoice::Firefox => kind == BrowserKind::Firefox,
        };
        let dirs: Vec<PathBuf> = path_var
            .map(|p| std::env::split_paths(p).collect())
            .unwrap_or_default();
        CANDIDATES
            .iter()
            .filter(|(kind, _)| wanted(*kind))
            .flat_map(|(kind, names)| names.iter().map(move |name| (*kind, *name)))
            .find_map(|(kind, name)| {
                dirs.iter()
                    .map(|dir| dir.join(name))
                    .find(|path| is_executable(path))
                    .map(|path| Self { kind, path })
            })
    }

    /// The arguments that open `url` ([`RESTORE_TABS`]: the tabs of the browser's last run in
    /// this profile) with the profile in `profile`, in `area` of the screen.
    /// Run again while the browser runs, the same arguments open the site in a new tab of the
    /// running browser, which keeps the session's logins.
    /// `look`: how the person asked the pages to be drawn (larger, high contrast).
    pub fn args(
        &self,
        profile: &Path,
        url: &str,
        area: Rect,
        language: Language,
        look: PageLook,
    ) -> Vec<String> {
        match self.kind {
            BrowserKind::Chromium => {
                let mut args = self.chromium_args(profile, area, language, look);
                // The address is always last.
                args.push(if url == RESTORE_TABS {
                    "--restore-last-session".to_owned()
                } else {
                    url.to_owned()
                });
                args
            }
            // Firefox opens its last tabs by itself (`resume_session_once`, see
            // `prepare_profile`).
            BrowserKind::Firefox if url == RESTORE_TABS => {
                vec!["--profile".into(), profile.display().to_string()]
            }
            BrowserKind::Firefox => vec![
                "--profile".into(),
                profile.display().to_string(),
                "--new-tab".into(),
                url.to_owned(),
            ],
        }
    }

    /// Chromium's options, without the address.
    fn chromium_args(
        &self,
        profile: &Path,
        area: Rect,
        language: Language,
        look: PageLook,
    ) -> Vec<String> {
        let mut args: Vec<String> = vec![
            format!("--user-data-dir={}", profile.display()),
            format!("--window-position={},{}", area.x, area.y),
            format!("--window-size={},{}", area.width, area.height),
            format!("--lang={}", language.code()),
            format!("--accept-lang={}", accept_languages(language)),
            "--no-first-run".into(),
            "--no-default-browser-check".into(),
            // The station's network reaches only the allowed sites: background requests
            // to Google's services only fail and slow the start.
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-features=Translate,MediaRouter,DialMediaRouteProvider".into(),
            "--password-store=basic".into(),
            "--noerrdialogs".into(),
            "--disable-session-crashed-bubble".into(),
        ];
        if let Some(scale) = look.scale() {
            args.push(format!("--force-device-scale-factor={scale}"));
        }
        if look.high_contrast {
            // Chromium has no high-contrast mode on Linux: its forced dark mode draws every
            // page light on dark, its own screens included.
            args.push("--force-dark-mode".into());
            args.push("--enable-features=WebContentsForceDark".into());
        }
        if look.screen_reader {
            // The pages' accessibility tree, for the screen reader, from the start.
            args.push("--force-renderer-accessibility".into());
        }
        args
    }

    /// Prepares the profile for this browser's next start (Firefox reads `user.js` at start);
    /// `restore`: that start brings back the tabs of the last run ([`RESTORE_TABS`]).
    pub fn prepare_profile(
        &self,
        profile: &Path,
        language: Language,
        look: PageLook,
        restore: bool,
    ) -> std::io::Result<()> {
        if self.kind == BrowserKind::Firefox {
            let mut prefs = firefox_prefs(language);
            if restore {
                // Closed and started again for the person's new choices: Firefox comes back
                // with its tabs, this once, even if it had to be stopped with a signal (which it
                // takes as a crash).
                for (key, value) in [
                    ("browser.sessionstore.resume_session_once", "true"),
                    ("browser.sessionstore.resume_from_crash", "true"),
                    ("browser.sessionstore.max_resumed_crashes", "100"),
                ] {
                    prefs.push_str(&format!("user_pref(\"{key}\", {value});\n"));
                }
            }
            if let Some(scale) = look.scale() {
                // Pages and the browser's own bars drawn larger (the person's text size).
                prefs.push_str(&format!(
                    "user_pref(\"layout.css.devPixelsPerPx\", \"{scale}\");\n"
                ));
            }
            if look.high_contrast {
                // Firefox's "override the colours of every page": white on black, links in
                // the yellow of Borne's high contrast.
                for (key, value) in [
                    ("browser.display.document_color_use", "2"),
                    ("browser.display.use_system_colors", "false"),
                    ("browser.display.foreground_color", "\"#FFFFFF\""),
                    ("browser.display.background_color", "\"#000000\""),
                    ("browser.anchor_color", "\"#FFE500\""),
                    ("browser.visited_color", "\"#FFC266\""),
                ] {
                    prefs.push_str(&format!("user_pref(\"{key}\", {value});\n"));
                }
            }
            // Replaced, never written through: written again by the kiosk when the person's
            // choices change, into a profile the guest could have filled with links.
            crate::services::atomic::write(
                &profile.join("user.js"),
                prefs.as_bytes(),
                0o644,
                None,
            )?;
        }
        Ok(())
    }

    /// Writes what this browser needs in the session's sandbox: the opener of downloaded files
    /// (see [`sandbox::write_opener`]), which hands PDFs and images back to this browser.
    ///
    /// # Errors
    /// The I/O error of writing it, or a HOME whose owner has no name: print jobs would be
    /// recorded as "unknown", so the browser must not start.
    pub fn prepare_sandbox(
        &self,
        paths: &SandboxPaths,
        language: Language,
        account: Account,
    ) -> std::io::Result<()> {
        if home_owner(&paths.home).is_none() {
            return Err(std::io::Error::other(format!(
                "the owner of {} has no name in the password database",
                paths.home.display()
            )));
        }
        let mut browser = vec![self.path.display().to_string()];
        browser.extend(match self.kind {
            BrowserKind::Chromium => vec![format!("--user-data-dir={}", sandbox::PROFILE)],
            BrowserKind::Firefox => vec![
                "--profile".to_owned(),
                sandbox::PROFILE.to_owned(),
                "--new-tab".to_owned(),
            ],
        });
        aids::write_accounts(paths, account.uid, account.gid)?;
        sandbox::write_opener(paths, &browser, language)
    }

    /// The command for `args`, with a clean environment for the session.
    pub fn command(&self, args: &[String], env: &SessionEnv<'_>) -> Command {
        session_command(&self.path, args, env)
    }
}

/// A command of the session: `program` with `args`, a clean environment, no output kept, in a
/// process group of its own.
pub fn session_command<I, A>(program: &Path, args: I, env: &SessionEnv<'_>) -> Command
where
    I: IntoIterator<Item = A>,
    A: AsRef<std::ffi::OsStr>,
{
    let mut command = Command::new(program);
    command.args(args).env_clear();
    command
        .env("HOME", env.home)
        .env("TMPDIR", env.tmp)
        .env("XDG_CONFIG_HOME", env.home.join(".config"))
        .env("XDG_CACHE_HOME", env.home.join(".cache"))
        .env("XDG_DATA_HOME", env.home.join(".local/share"))
        .env("XDG_DOWNLOAD_DIR", env.downloads)
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("LANG", locales::for_session(env.language))
        .env("LANGUAGE", env.language.code())
        .env(env.marker.0, env.marker.1);
    if let Some(bus) = &env.bus {
        command.env("DBUS_SESSION_BUS_ADDRESS", bus);
    }
    // The session's own runtime directory: the kiosk's is not the guest's to use.
    command.env("XDG_RUNTIME_DIR", env.tmp);
    for key in ["DISPLAY", "XAUTHORITY", "WAYLAND_DISPLAY"] {
        if let Some(value) = std::env::var_os(key) {
            command.env(key, value);
        }
    }
    // The browser's messages may hold addresses the person visited: none is kept.
    command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    // Its own process group: a group signal reaches the browser and what stays in it.
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    command
}

/// A browser of the session to start: in its sandbox (see [`sandbox`]), or as it is for a
/// demonstration on a machine without bubblewrap.
pub struct BrowserStart<'a> {
    /// The browser.
    pub program: &'a BrowserProgram,
    /// The session's folders on the station.
    pub paths: SandboxPaths,
    /// Whether it runs in the sandbox.
    pub sandboxed: bool,
    /// The address to open.
    pub url: &'a str,
    /// Where its window goes.
    pub area: Rect,
    /// The session's language.
    pub language: Language,
    /// How the person asked the pages to be drawn.
    pub look: PageLook,
    /// The session marker, `(key, value)`.
    pub marker: (&'a str, &'a str),
    /// The socket of the session's D-Bus bus (on the station), if one runs.
    pub bus_socket: Option<PathBuf>,
}

impl BrowserStart<'_> {
    /// Writes what the sandboxed browser needs in the session (see
    /// [`BrowserProgram::prepare_sandbox`]); nothing when it runs unsandboxed.
    ///
    /// # Errors
    /// As [`BrowserProgram::prepare_sandbox`].
    pub fn prepare(&self) -> std::io::Result<()> {
        if !self.sandboxed {
            return Ok(());
        }
        // Prepared by the guest itself (`borne guest launch`).
        self.program
            .prepare_sandbox(&self.paths, self.language, Account::current())
    }

    /// The command, with the session's environment, run in the session's HOME.
    #[must_use]
    pub fn command(&self) -> Command {
        if !self.sandboxed {
            let downloads = self.paths.home.join(DOWNLOADS);
            let env = SessionEnv {
                home: &self.paths.home,
                downloads: &downloads,
                tmp: &self.paths.tmp,
                language: self.language,
                marker: self.marker,
                bus: self
                    .bus_socket
                    .as_ref()
                    .map(|socket| format!("unix:path={}", socket.display())),
            };
            let args = self.program.args(
                &self.paths.profile,
                self.url,
                self.area,
                self.language,
                self.look,
            );
            let mut command = session_command(&self.program.path, &args, &env);
            command.current_dir(&self.paths.home);
            return command;
        }
        let home = Path::new(sandbox::HOME);
        let downloads = home.join(DOWNLOADS);
        let tmp = Path::new(sandbox::TMP);
        // The bus's socket is in the session's TMPDIR, which the sandbox shows at `TMP`.
        let bus = self.bus_socket.as_ref().and_then(|socket| {
            let name = socket.strip_prefix(&self.paths.tmp).ok()?;
            Some(format!("unix:path={}", tmp.join(name).display()))
        });
        let env = SessionEnv {
            home,
            downloads: &downloads,
            tmp,
            language: self.language,
            marker: self.marker,
            bus,
        };
        let args = self.program.args(
            Path::new(sandbox::PROFILE),
            self.url,
            self.area,
            self.language,
            self.look,
        );
        // Through the starter of the person's aids, which starts or stops the screen reader
        // and the keyboard as the person asked, then becomes the browser.
        let mut through_aids: Vec<String> =
            aids::starter_args(self.look.screen_reader, self.look.keyboard).into();
        through_aids.push(self.program.path.display().to_string());
        through_aids.extend(args);
        // The screen reader's bus needs the sandbox's own password files.
        let paths = SandboxPaths {
            accounts: self.look.screen_reader,
            ..self.paths.clone()
        };
        let mut command = session_command(
            Path::new(sandbox::BWRAP),
            sandbox::arguments(
                &paths,
                &Path::new(sandbox::OPENER_DIR).join(aids::STARTER_FILE),
                &through_aids,
            ),
            &env,
        );
        // The sandbox has no password database: CUPS would record print jobs as "unknown".
        // The browser's user is the HOME's owner (checked by `prepare`).
        if let Some(user) = home_owner(&self.paths.home) {
            command.env("CUPS_USER", user);
        }
        // The opener comes first: Chromium finds `xdg-open` on the PATH.
        command
            .env(
                "PATH",
                format!("{}/bin:/usr/local/bin:/usr/bin:/bin", sandbox::OPENER_DIR),
            )
            .current_dir(&self.paths.home);
        command
    }
}

/// The name of the account that owns `home`.
fn home_owner(home: &Path) -> Option<String> {
    let meta = std::fs::metadata(home).ok()?;
    let uid = nix::unistd::Uid::from_raw(std::os::unix::fs::MetadataExt::uid(&meta));
    nix::unistd::User::from_uid(uid)
        .ok()
        .flatten()
        .map(|user| user.name)
}

/// The address that asks for the tabs the browser had when it last stopped in this session,
/// instead of a site: the browser starts again that way when the person's choices change how
/// pages are drawn or read.
pub const RESTORE_TABS: &str = "";

/// How the person asked the pages to be drawn and read, in the accessibility menu: it reaches
/// the browser when it starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageLook {
    /// How large, in percent (100: as designed), as the person's text size.
    pub zoom_percent: u16,
    /// High contrast: light text on black wherever the browser can.
    pub high_contrast: bool,
    /// "Lire à voix haute": the Orca screen reader reads the pages (see [`aids`]).
    pub screen_reader: bool,
    /// "Clavier à l'écran": where the on-screen keyboard goes, under the pages (see [`aids`]).
    pub keyboard: Option<Rect>,
}

impl PageLook {
    /// The pages as designed.
    pub const DESIGNED: Self = Self {
        zoom_percent: 100,
        high_contrast: false,
        screen_reader: false,
        keyboard: None,
    };

    /// The zoom as both browsers write a scale (`1.15`), or `None` at 100 %.
    fn scale(self) -> Option<String> {
        (self.zoom_percent != 100)
            .then(|| format!("{}.{:02}", self.zoom_percent / 100, self.zoom_percent % 100))
    }
}

/// The environment of a session's processes.
pub struct SessionEnv<'a> {
    /// The person's HOME.
    pub home: &'a Path,
    /// Where downloads go.
    pub downloads: &'a Path,
    /// TMPDIR.
    pub tmp: &'a Path,
    /// The session's language.
    pub language: Language,
    /// The session marker, `(key, value)`.
    pub marker: (&'a str, &'a str),
    /// The address of the session's D-Bus bus, if one runs.
    pub bus: Option<String>,
}

fn accept_languages(language: Language) -> &'static str {
    match language {
        Language::Fr => "fr-FR,fr,en",
        Language::En => "en-GB,en,fr",
    }
}

fn firefox_prefs(language: Language) -> String {
    let prefs: [(&str, String); 16] = [
        ("browser.aboutwelcome.enabled", "false".into()),
        (
            "browser.startup.homepage_override.mstone",
            "\"ignore\"".into(),
        ),
        ("startup.homepage_welcome_url", "\"\"".into()),
        ("startup.homepage_welcome_url.additional", "\"\"".into()),
        ("browser.shell.checkDefaultBrowser", "false".into()),
        ("datareporting.policy.dataSubmissionEnabled", "false".into()),
        ("toolkit.telemetry.reportingpolicy.firstRun", "false".into()),
        ("browser.sessionstore.resume_from_crash", "false".into()),
        // The tabs are kept each second (in the session's own profile), so that the browser
        // started again for the person's new choices comes back with the page just opened.
        ("browser.sessionstore.interval", "1000".into()),
        ("app.update.auto", "false".into()),
        ("browser.download.useDownloadDir", "true".into()),
        ("browser.download.folderList", "2".into()),
        (
            "intl.accept_languages",
            format!("\"{}\"", accept_languages(language)),
        ),
        // Firefox's own pages (blocked page, errors, print dialog) in the session's language,
        // from the language pack.
        (
            "intl.locale.requested",
            match language {
                Language::Fr => "\"fr\"".to_owned(),
                Language::En => "\"en-US\"".to_owned(),
            },
        ),
        ("signon.rememberSignons", "false".into()),
        ("browser.tabs.warnOnClose", "false".into()),
    ];
    prefs
        .iter()
        .map(|(key, value)| format!("user_pref(\"{key}\", {value});\n"))
        .collect()
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area() -> Rect {
        Rect {
            x: 0,
            y: 80,
            width: 1280,
            height: 720,
        }
    }

    #[test]
    fn chromium_is_placed_below_the_bar_with_the_session_profile() {
        let chromium = BrowserProgram {
            kind: BrowserKind::Chromium,
            path: "/usr/bin/chromium".into(),
        };
        let args = chromium.args(
            Path::new("/s/browser"),
            "https://x.fr/",
            area(),
            Language::Fr,
            PageLook::DESIGNED,
        );
        assert!(args.contains(&"--user-data-dir=/s/browser".to_owned()));
        assert!(args.contains(&"--window-position=0,80".to_owned()));
        assert!(args.contains(&"--window-size=1280,720".to_owned()));
        assert_eq!(args.last().map(String::as_str), Some("https://x.fr/"));
        assert!(
            !args
                .iter()
                .any(|a| a.starts_with("--force-device-scale-factor") || a.contains("Dark"))
        );
        // A larger text in high contrast: the pages are drawn larger and dark, the address
        // stays last.
        let larger = chromium.args(
            Path::new("/s/browser"),
            "https://x.fr/",
            area(),
            Language::Fr,
            PageLook {
                zoom_percent: 115,
                high_contrast: true,
                screen_reader: true,
                keyboard: None,
            },
        );
        assert!(larger.contains(&"--force-device-scale-factor=1.15".to_owned()));
        // Started again with its tabs: no address, Chromium asked for its last session.
        let again = chromium.args(
            Path::new("/s/browser"),
            RESTORE_TABS,
            area(),
            Language::Fr,
            PageLook::DESIGNED,
        );
        assert_eq!(
            again.last().map(String::as_str),
            Some("--restore-last-session")
        );
        assert!(!again.iter().any(String::is_empty));
        // Read aloud: the pages' accessibility tree is there for Orca from the start.
        assert!(larger.contains(&"--force-renderer-accessibility".to_owned()));
        assert!(!args.contains(&"--force-renderer-accessibility".to_owned()));
        assert!(larger.contains(&"--enable-features=WebContentsForceDark".to_owned()));
        assert_eq!(larger.last().map(String::as_str), Some("https://x.fr/"));
    }

    #[test]
    fn firefox_in_high_contrast_draws_every_page_white_on_black() {
        let firefox = BrowserProgram {
            kind: BrowserKind::Firefox,
            path: "/usr/bin/firefox-esr".into(),
        };
        let dir = std::env::temp_dir().join(format!("borne-contrast-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let look = PageLook {
            high_contrast: true,
            ..PageLook::DESIGNED
        };
        firefox
            .prepare_profile(&dir, Language::Fr, look, false)
            .unwrap();
        let prefs = std::fs::read_to_string(dir.join("user.js")).unwrap();
        assert!(prefs.contains("user_pref(\"browser.display.document_color_use\", 2);"));
        assert!(prefs.contains("user_pref(\"browser.display.background_color\", \"#000000\");"));
        firefox
            .prepare_profile(&dir, Language::Fr, PageLook::DESIGNED, true)
            .unwrap();
        let prefs = std::fs::read_to_string(dir.join("user.js")).unwrap();
        assert!(!prefs.contains("document_color_use"));
        // Started again for new choices: its tabs come back, this once.
        assert!(prefs.contains("user_pref(\"browser.sessionstore.resume_session_once\", true);"));
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn firefox_uses_the_session_profile() {
        let firefox = BrowserProgram {
            kind: BrowserKind::Firefox,
            path: "/usr/bin/firefox-esr".into(),
        };
        let args = firefox.args(
            Path::new("/s/browser"),
            "https://x.fr/",
            area(),
            Language::En,
            PageLook {
                zoom_percent: 130,
                ..PageLook::DESIGNED
            },
        );
        assert_eq!(args[..2], ["--profile".to_owned(), "/s/browser".to_owned()]);
        // Started again with its tabs: Firefox opens its last ones by itself.
        let again = firefox.args(
            Path::new("/s/browser"),
            RESTORE_TABS,
            area(),
            Language::En,
            PageLook::DESIGNED,
        );
        assert_eq!(again, ["--profile".to_owned(), "/s/browser".to_owned()]);
        assert!(!firefox_prefs(Language::En).contains("resume_session_once"));
        assert!(firefox_prefs(Language::En).contains("\"en-GB,en,fr\""));
    }

    #[test]
    fn find_honours_the_config_and_the_path() {
        let dir = std::env::temp_dir().join(format!("borne-browsers-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let firefox = dir.join("firefox-esr");
        std::fs::write(&firefox, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(
            &firefox,
            std::os::unix::fs::PermissionsExt::from_mode(0o755),
        )
        .unwrap();
        let path = Some(dir.as_os_str());
        let found = BrowserProgram::find(BrowserChoice::Auto, path).unwrap();
        assert_eq!(found.kind, BrowserKind::Firefox);
        assert_eq!(BrowserProgram::find(BrowserChoice::Chromium, path), None);
        std::fs::remove_dir_all(dir).ok();
    }
}
