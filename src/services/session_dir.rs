//! Session directories: one fresh directory per session holding the person's HOME, the browser
//! profile and temporary files. The wipe (`services::wipe`) removes them.

use std::fs;
use std::io;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The Unix account a session's browser runs as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Account {
    /// User id.
    pub uid: u32,
    /// Primary group id.
    pub gid: u32,
}

impl Account {
    /// The account this process runs as.
    #[must_use]
    pub fn current() -> Self {
        Self {
            uid: nix::unistd::getuid().as_raw(),
            gid: nix::unistd::getgid().as_raw(),
        }
    }
}

/// Where session directories are made, and for whom.
#[derive(Clone, Debug)]
pub struct SessionDirs {
    root: PathBuf,
    owner: Option<Account>,
}

/// One session's directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionDir {
    id: String,
    path: PathBuf,
}

/// Errors of session directories. They name the station's own paths, never a file of the person.
#[derive(Debug, thiserror::Error)]
pub enum SessionDirError {
    /// The directory could not be made.
    #[error("cannot create the session directory {path}: {source}")]
    Create {
        /// The path that failed.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
}

impl SessionDirs {
    /// Session directories under `root`, owned by `owner` when the kiosk runs as root.
    pub fn new(root: PathBuf, owner: Option<Account>) -> Self {
        Self { root, owner }
    }

    /// The directory that holds every session directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Makes a fresh, private session directory with its HOME, downloads, profile and TMPDIR.
    pub fn create(&self) -> Result<SessionDir, SessionDirError> {
        let err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| SessionDirError::Create { path, source }
        };
        // The root lets the guest reach its own directory but not list the others.
        fs::create_dir_all(&self.root).map_err(err(&self.root))?;
        fs::set_permissions(&self.root, fs::Permissions::from_mode(0o711))
            .map_err(err(&self.root))?;
        let id = new_session_id();
        let dir = SessionDir {
            path: self.root.join(&id),
            id,
        };
        fs::DirBuilder::new()
            .mode(0o700)
            .create(&dir.path)
            .map_err(err(&dir.path))?;
        for sub in [dir.home(), dir.downloads(), dir.profile(), dir.tmp()] {
            fs::DirBuilder::new()
                .mode(0o700)
                .recursive(true)
                .create(&sub)
                .map_err(err(&sub))?;
        }
        write_user_dirs(&dir.home()).map_err(err(&dir.home()))?;
        if let Some(owner) = &self.owner {
            chown_tree(&dir.path, owner).map_err(err(&dir.path))?;
        }
        Ok(dir)
    }

    /// Makes the root shared with the guest's group `gid`, for a kiosk that is not root and
    /// acts as the guest through `borne guest` (see `services::guest`): the kiosk owns it, the
    /// guest may list it (its wipe looks for its own files there) but not write in it.
    pub fn prepare_shared_root(&self, gid: u32) -> Result<(), SessionDirError> {
        let err = |source| SessionDirError::Create {
            path: self.root.clone(),
            source,
        };
        fs::create_dir_all(&self.root).map_err(err)?;
        std::os::unix::fs::chown(&self.root, None, Some(gid)).map_err(err)?;
        fs::set_permissions(&self.root, fs::Permissions::from_mode(0o750)).map_err(err)
    }

    /// Makes a fresh session directory shared with the guest's group `gid`, without its
    /// subdirectories: the guest makes those itself (`borne guest prepare`), so that its HOME and
    /// profile are its own. The directory is sticky: the guest cannot remove the kiosk's files.
    pub fn create_shared(&self, gid: u32) -> Result<SessionDir, SessionDirError> {
        self.prepare_shared_root(gid)?;
        let id = new_session_id();
        let dir = SessionDir {
            path: self.root.join(&id),
            id,
        };
        let err = |source| SessionDirError::Create {
            path: dir.path.clone(),
            source,
        };
        fs::DirBuilder::new()
            .mode(0o700)
            .create(&dir.path)
            .map_err(err)?;
        std::os::unix::fs::chown(&dir.path, None, Some(gid)).map_err(err)?;
        fs::set_permissions(&dir.path, fs::Permissions::from_mode(0o1770)).map_err(err)?;
        Ok(dir)
    }

    /// Directories left under the root by an earlier run (a crash or a power cut).
    pub fn leftovers(&self) -> Vec<PathBuf> {
        let Ok(entries) = fs::read_dir(&self.root) else {
            return Vec::new();
        };
        entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .collect()
    }
}

impl SessionDir {
    /// The session directory at `path`, if its name is a session id (see [`is_session_id`]).
    pub fn from_path(path: &Path) -> Option<Self> {
        let id = path.file_name()?.to_str()?;
        is_session_id(id).then(|| Self {
            id: id.to_owned(),
            path: path.to_path_buf(),
        })
    }

    /// The session's id: random-looking, tells nothing about the person.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The session directory itself.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The person's HOME: what a file dialog shows.
    pub fn home(&self) -> PathBuf {
        self.path.join("home")
    }

    /// Where downloads go.
    pub fn downloads(&self) -> PathBuf {
        self.home().join(DOWNLOADS)
    }

    /// The browser profile.
    pub fn profile(&self) -> PathBuf {
        self.path.join("browser")
    }

    /// TMPDIR of the session's processes.
    pub fn tmp(&self) -> PathBuf {
        self.path.join("tmp")
    }
}

/// The name of the downloads folder in HOME, as a French desktop names it.
pub const DOWNLOADS: &str = "Téléchargements";

/// Tells the browser and file dialogs where "Downloads" is: they read
/// `~/.config/user-dirs.dirs` (Chromium has no policy variable for HOME on Linux, so its
/// `DownloadDirectory` policy cannot name a per-session folder).
///
/// # Errors
/// The folder or the file could not be written.
pub fn write_user_dirs(home: &Path) -> io::Result<()> {
    let config = home.join(".config");
    fs::DirBuilder::new()
        .mode(0o700)
        .recursive(true)
        .create(&config)?;
    fs::write(
        config.join("user-dirs.dirs"),
        format!("XDG_DOWNLOAD_DIR=\"$HOME/{DOWNLOADS}\"\n"),
    )
}

/// A new id for a session directory, short because the browser's socket paths live under it:
/// the clock's nanoseconds mixed with the kiosk's pid. It only has to be unique on this
/// station, and `create` refuses an id that exists.
fn new_session_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let mixed = (nanos ^ (u128::from(std::process::id()) << 40)) as u64;
    format!("s{:08x}", mixed & 0x00FF_FFFF_FFFF)
}

/// Whether `id` has the shape of a session id: `s` then 1 to 31 lowercase letters or digits.
pub fn is_session_id(id: &str) -> bool {
    id.len() >= 2
        && id.len() <= 32
        && id.starts_with('s')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// Gives `path` and everything under it to `owner`.
///
/// # Errors
/// The first chown that failed.
pub fn chown_tree(path: &Path, owner: &Account) -> io::Result<()> {
    for entry in walkdir::WalkDir::new(path)
        .follow_links(false)
        .follow_root_links(false)
    {
        std::os::unix::fs::lchown(entry?.path(), Some(owner.uid), Some(owner.gid))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_root(name: &str) -> PathBuf {
        let root = std::env::temp_dir().join(format!("borne-test-{name}-{}", std::process::id()));
        fs::remove_dir_all(&root).ok();
        root
    }

    #[test]
    fn create_makes_a_private_tree_listed_as_a_leftover_until_wiped() {
        let root = temp_root("dirs");
        let dirs = SessionDirs::new(root.join("sessions"), None);
        let dir = dirs.create().unwrap();
        assert!(dir.downloads().is_dir());
        assert!(dir.profile().is_dir());
        // Browsers and file dialogs learn the downloads folder from here, not from a policy.
        let user_dirs = fs::read_to_string(dir.home().join(".config/user-dirs.dirs")).unwrap();
        assert_eq!(user_dirs, "XDG_DOWNLOAD_DIR=\"$HOME/Téléchargements\"\n");
        let mode = fs::metadata(dir.path()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        assert_eq!(dirs.leftovers(), vec![dir.path().to_path_buf()]);
        fs::remove_dir_all(root).ok();
    }

    #[test]
    fn two_sessions_never_share_a_directory() {
        let root = temp_root("unique");
        let dirs = SessionDirs::new(root.clone(), None);
        let a = dirs.create().unwrap();
        let b = dirs.create().unwrap();
        assert_ne!(a.path(), b.path());
        assert_eq!(dirs.leftovers().len(), 2);
        fs::remove_dir_all(root).ok();
    }

    #[test]
    fn session_ids_are_short_lowercase_names() {
        assert!(is_session_id(&new_session_id()));
        assert!(is_session_id("s00000000old"));
        for bad in [
            "",
            "s",
            "x123",
            "s12/3",
            "s..",
            "S123",
            &format!("s{}", "a".repeat(40)),
        ] {
            assert!(!is_session_id(bad), "{bad:?}");
        }
        assert_eq!(SessionDir::from_path(Path::new("/r/..")), None);
        assert_eq!(
            SessionDir::from_path(Path::new("/r/s1a")).map(|d| d.home()),
            Some(PathBuf::from("/r/s1a/home"))
        );
    }

    #[test]
    fn a_missing_root_has_no_leftovers() {
        let dirs = SessionDirs::new(temp_root("missing"), None);
        assert!(dirs.leftovers().is_empty());
    }
}
