//! The staff PINs on disk: Argon2id hashes of the admin and volunteer PINs, and the wrong-PIN
//! back-off, in one small TOML file that only the kiosk user can read.
//!
//! The rules (which PINs are allowed, how long to wait) are in [`crate::domain::pin`]; this
//! module stores, hashes and checks.
//!
//! Choices:
//! - **Fail closed.** A missing file means "no PIN set yet" (the first start asks staff to set
//!   them). Anything else that is not a complete, valid file is an error naming the path, never
//!   "no PIN", which would let anyone at the station choose new PINs. Every key is always
//!   written (an unset PIN is `""`), so a truncated file is an error, not a missing PIN.
//! - **One back-off for both roles.** The pad does not ask who you are: a PIN is tried against
//!   both hashes, so every wrong PIN is one guess against both, and one count is the honest
//!   measure. The cost is that a child playing with the pad slows the admin down too, at most
//!   15 minutes.
//! - **The back-off is stored at once**, before the answer goes back, so that a restart (or a
//!   pulled plug) does not give free guesses.
//! - **The file is read again before every change**, and changes are applied to what was read,
//!   so that `borne set-pin` run from a terminal while the kiosk runs is neither missed nor
//!   overwritten by the kiosk's next write (the window left is the few microseconds between a
//!   read and the rename; there is no file lock).
//! - Writes are atomic: a temporary file in the same directory, fsync, rename, fsync of the
//!   directory. The file is created 0600; an existing file readable by others is refused
//!   (the hashes of 6-digit PINs are cheap to brute-force offline: the PINs must be changed);
//!   a world-writable directory is refused (anyone could swap the file).

use std::fmt;
use std::fs::{self, OpenOptions};
use std::io::{self, Read as _};
use std::os::unix::fs::{
    DirBuilderExt as _, MetadataExt as _, OpenOptionsExt as _, PermissionsExt,
};
use std::path::{Path, PathBuf};
use std::time::Duration;

use argon2::password_hash::phc::PasswordHash;
use argon2::{ARGON2ID_IDENT, Argon2, PasswordHasher as _, PasswordVerifier as _};
use chrono::{DateTime, SecondsFormat, Utc};
use nix::fcntl::OFlag;
use serde::{Deserialize, Serialize};

use crate::domain::pin::{Lockout, PinRuleError, Role, validate_new_pin, validate_pin_pair};

/// The only format version this code reads and writes.
const FORMAT_VERSION: u32 = 1;

/// The first lines of the file, for whoever opens it.
const HEADER: &str = "\
# Borne staff PINs: Argon2id hashes, never the PINs themselves. Written by borne: do not edit.
# An empty value means that PIN is not set yet. Set one with `borne set-pin admin|volunteer`.
";

/// The staff PINs and the back-off, as last read from (or written to) their file.
pub struct SecretStore {
    path: PathBuf,
    state: State,
}

/// What the file holds, checked.
#[derive(Clone, Default, PartialEq, Eq)]
struct State {
    admin: Option<String>,
    volunteer: Option<String>,
    lockout: Lockout,
}

/// The file's layout. Every key is required: see the module docs.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileLayout {
    version: u32,
    admin: String,
    volunteer: String,
    lockout: LockoutLayout,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LockoutLayout {
    failures: u32,
    /// RFC 3339, or `""` when no wait was set.
    locked_until: String,
}

/// Errors of the secrets file. They name the file, never a PIN or a hash.
#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    /// The file or its directory could not be read.
    #[error("cannot read the secrets file {path}: {source}")]
    Read {
        /// The secrets file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The file is there but is not a complete, valid secrets file. The kiosk must not treat it
    /// as "no PIN set".
    #[error(
        "the secrets file {path} is damaged ({reason}); remove it and set both PINs again with \
         `borne set-pin admin` and `borne set-pin volunteer`"
    )]
    Corrupt {
        /// The secrets file.
        path: PathBuf,
        /// What is wrong, without any of the file's values.
        reason: Damage,
    },
    /// The path is a symbolic link, a directory or a device, not a plain file.
    #[error("the secrets file {path} is not a plain file")]
    NotAFile {
        /// The secrets file.
        path: PathBuf,
    },
    /// Other users can read the file: the hashes of short PINs are cheap to break offline.
    #[error(
        "the secrets file {path} can be read by other users (mode {mode:03o}): run \
         `chmod 600` on it and change both PINs, they may be known"
    )]
    Exposed {
        /// The secrets file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// Anyone can write in the file's directory, so anyone could replace the file.
    #[error(
        "the directory {dir} of the secrets file can be written by anyone: run `chmod o-w` on it"
    )]
    UnsafeDirectory {
        /// The directory.
        dir: PathBuf,
    },
    /// The file could not be written.
    #[error("cannot write the secrets file {path}: {source}")]
    Write {
        /// The secrets file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The new PIN breaks a rule.
    #[error(transparent)]
    Rule(#[from] PinRuleError),
    /// Argon2 failed (the system's random source, or a hash with parameters it refuses).
    #[error("cannot hash or check a PIN for the secrets file {path}: {reason}")]
    Hash {
        /// The secrets file.
        path: PathBuf,
        /// Argon2's reason; it never holds the PIN or the hash.
        reason: String,
    },
}

/// Why a PIN was not checked.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// Too many wrong PINs: the pad waits. The PIN was not checked and this try does not count.
    #[error("too many wrong PINs: wait {} s", wait.as_secs())]
    LockedOut {
        /// Time left before the next try (rounded to the second by the UI).
        wait: Duration,
    },
    /// Neither PIN is set: the station needs its setup screen, not the pad.
    #[error("no staff PIN is set yet")]
    NoPinSet,
    /// The secrets file could not be read or the back-off could not be stored.
    #[error(transparent)]
    Store(#[from] SecretsError),
}

impl SecretStore {
    /// Opens the secrets file at `path`. A missing file (or missing directory) means no PIN is set
    /// yet; a damaged, exposed or unreadable one is an error.
    pub fn open(path: impl Into<PathBuf>) -> Result<Self, SecretsError> {
        let path = path.into();
        let state = load(&path)?;
        Ok(Self { path, state })
    }

    /// The secrets file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the file again (another process, `borne set-pin`, may have changed it).
    pub fn reload(&mut self) -> Result<(), SecretsError> {
        self.state = load(&self.path)?;
        Ok(())
    }

    /// Whether the role's PIN is set (as of the last read).
    pub fn is_set(&self, role: Role) -> bool {
        self.state.hash(role).is_some()
    }

    /// Whether a PIN is missing: the kiosk shows its setup screen instead of the welcome screen.
    pub fn needs_setup(&self) -> bool {
        !(self.is_set(Role::Admin) && self.is_set(Role::Volunteer))
    }

    /// Sets one role's PIN: checks the rules (including "differs from the other role's PIN",
    /// which costs one Argon2 check), hashes it with Argon2id and a fresh random salt, and writes
    /// the file. The back-off is left as it is (see [`SecretStore::clear_lockout`]).
    pub fn set_pin(&mut self, role: Role, pin: &str) -> Result<(), SecretsError> {
        validate_new_pin(pin)?;
        self.reload()?;
        if let Some(other) = self.state.hash(role.other())
            && self.matches(pin, other)?
        {
            return Err(PinRuleError::SameForBothRoles.into());
        }
        let hash = self.hash(pin)?;
        self.update(|state| *state.hash_mut(role) = Some(hash))
    }

    /// Sets both PINs in one write (the first-start setup screen), so that a crash between the
    /// two cannot leave a station with one PIN set and the other open to whoever comes next.
    pub fn set_both(&mut self, admin_pin: &str, volunteer_pin: &str) -> Result<(), SecretsError> {
        validate_pin_pair(admin_pin, volunteer_pin)?;
        let admin = self.hash(admin_pin)?;
        let volunteer = self.hash(volunteer_pin)?;
        self.update(|state| {
            state.admin = Some(admin);
            state.volunteer = Some(volunteer);
        })
    }

    /// Clears the back-off, for staff who proved who they are another way (a shell on the
    /// station as the kiosk user, with `borne set-pin`).
    pub fn clear_lockout(&mut self) -> Result<(), SecretsError> {
        self.update(|state| state.lockout.succeeded())
    }

    /// The wait before the pad takes a PIN again, for the countdown; `None` when it may be used.
    /// Uses the state as last read. If the clock went back, the stored end of the wait is
    /// brought back within one back-off step and written (see [`Lockout::settle`]).
    pub fn wait_left(&mut self, now: DateTime<Utc>) -> Result<Option<Duration>, SecretsError> {
        if self.state.lockout.settle(now) {
            let lockout = self.state.lockout;
            self.update(|state| state.lockout = lockout)?;
        }
        Ok(self.state.lockout.check(now).err())
    }

    /// Checks a PIN typed on the pad at `now` (wall-clock time).
    ///
    /// - During a wait: [`VerifyError::LockedOut`], without checking the PIN or counting a try.
    /// - A wrong PIN: `Ok(None)`; the failure is written to the file before this returns.
    /// - A right PIN: `Ok(Some(role))`, and the back-off is cleared. The rules keep the two PINs
    ///   different, so a PIN is never both roles.
    ///
    /// Costs one or two Argon2 checks (tens of milliseconds each): the file is read again first.
    pub fn verify(&mut self, pin: &str, now: DateTime<Utc>) -> Result<Option<Role>, VerifyError> {
        self.reload()?;
        if let Some(wait) = self.wait_left(now)? {
            return Err(VerifyError::LockedOut { wait });
        }
        if self.state.admin.is_none() && self.state.volunteer.is_none() {
            return Err(VerifyError::NoPinSet);
        }
        let mut role = None;
        for candidate in [Role::Admin, Role::Volunteer] {
            if let Some(hash) = self.state.hash(candidate)
                && self.matches(pin, hash)?
            {
                role = Some(candidate);
                break;
            }
        }
        match role {
            Some(_) => {
                if self.state.lockout != Lockout::default() {
                    // Staff proved who they are; a disk that refuses the reset must not keep
                    // them out. The in-memory count is cleared either way, and a disk fault
                    // shows up at the next wrong PIN, which must be stored.
                    self.update(|state| state.lockout.succeeded()).ok();
                    self.state.lockout.succeeded();
                }
            }
            None => self.update(|state| state.lockout.failed(now))?,
        }
        Ok(role)
    }

    fn hash(&self, pin: &str) -> Result<String, SecretsError> {
        Argon2::default()
            .hash_password(pin.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|error| self.hash_error(&error))
    }

    fn matches(&self, pin: &str, hash: &str) -> Result<bool, SecretsError> {
        match Argon2::default().verify_password(pin.as_bytes(), hash) {
            Ok(()) => Ok(true),
            Err(argon2::password_hash::Error::PasswordInvalid) => Ok(false),
            Err(error) => Err(self.hash_error(&error)),
        }
    }

    fn hash_error(&self, error: &argon2::password_hash::Error) -> SecretsError {
        SecretsError::Hash {
            path: self.path.clone(),
            reason: error.to_string(),
        }
    }

    /// Reads the file, applies `change` to what it holds now, writes it if that changed
    /// anything, and keeps the result.
    fn update(&mut self, change: impl FnOnce(&mut State)) -> Result<(), SecretsError> {
        let mut state = load(&self.path)?;
        let before = state.clone();
        change(&mut state);
        if state != before {
            save(&self.path, &state)?;
        }
        self.state = state;
        Ok(())
    }
}

impl fmt::Debug for SecretStore {
    // Never the hashes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretStore")
            .field("path", &self.path)
            .field("admin_set", &self.is_set(Role::Admin))
            .field("volunteer_set", &self.is_set(Role::Volunteer))
            .field("lockout", &self.state.lockout)
            .finish()
    }
}

impl State {
    fn hash(&self, role: Role) -> Option<&str> {
        match role {
            Role::Admin => self.admin.as_deref(),
            Role::Volunteer => self.volunteer.as_deref(),
        }
    }

    fn hash_mut(&mut self, role: Role) -> &mut Option<String> {
        match role {
            Role::Admin => &mut self.admin,
            Role::Volunteer => &mut self.volunteer,
        }
    }
}

/// The directory that holds `path` (`.` for a bare file name).
fn directory_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

fn check_directory(path: &Path, dir: &Path) -> Result<(), SecretsError> {
    let metadata = fs::metadata(dir).map_err(|source| SecretsError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if metadata.permissions().mode() & 0o002 != 0 {
        return Err(SecretsError::UnsafeDirectory {
            dir: dir.to_path_buf(),
        });
    }
    Ok(())
}

fn load(path: &Path) -> Result<State, SecretsError> {
    let read_error = |source| SecretsError::Read {
        path: path.to_path_buf(),
        source,
    };
    // O_NOFOLLOW: a symbolic link put in place of the file is refused, not followed.
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(OFlag::O_NOFOLLOW.bits())
        .open(path);
    let mut file = match file {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(State::default()),
        Err(error) if error.raw_os_error() == Some(nix::errno::Errno::ELOOP as i32) => {
            return Err(SecretsError::NotAFile {
                path: path.to_path_buf(),
            });
        }
        Err(error) => return Err(read_error(error)),
    };
    check_directory(path, directory_of(path))?;
    let metadata = file.metadata().map_err(read_error)?;
    if !metadata.is_file() {
        return Err(SecretsError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    let mode = metadata.mode() & 0o7777;
    if mode & 0o077 != 0 {
        return Err(SecretsError::Exposed {
            path: path.to_path_buf(),
            mode,
        });
    }
    let mut text = String::new();
    file.read_to_string(&mut text).map_err(|error| {
        if error.kind() == io::ErrorKind::InvalidData {
            corrupt(path, Damage::NotText)
        } else {
            read_error(error)
        }
    })?;
    parse(&text).map_err(|reason| corrupt(path, reason))
}

fn corrupt(path: &Path, reason: Damage) -> SecretsError {
    SecretsError::Corrupt {
        path: path.to_path_buf(),
        reason,
    }
}

/// What is wrong with a secrets file, said without quoting any of its values: the TOML
/// parser's own messages may quote a line, which here holds a hash.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Damage {
    /// Not UTF-8.
    #[error("not UTF-8 text")]
    NotText,
    /// Not a whole TOML file of the expected layout.
    #[error("not a complete secrets file{}", .line.map_or_else(String::new, |line| format!(" near line {line}")))]
    Incomplete {
        /// The line where the parser stopped, if it says.
        line: Option<usize>,
    },
    /// Written by another version of the format.
    #[error("format version {found} is not {FORMAT_VERSION}")]
    Version {
        /// The version in the file.
        found: u32,
    },
    /// A stored hash is not one this code makes.
    #[error("the {} PIN hash {what}", .role.code())]
    Hash {
        /// Whose.
        role: Role,
        /// What is wrong with it.
        what: &'static str,
    },
    /// The lockout time is not a time.
    #[error("lockout.locked_until is not an RFC 3339 time")]
    LockoutTime,
}

/// The state a file's text holds.
fn parse(text: &str) -> Result<State, Damage> {
    let layout: FileLayout = toml::from_str(text).map_err(|error| Damage::Incomplete {
        line: error.span().map(|span| {
            text.get(..span.start)
                .map_or(0, |before| before.lines().count())
                .max(1)
        }),
    })?;
    if layout.version != FORMAT_VERSION {
        return Err(Damage::Version {
            found: layout.version,
        });
    }
    let hash = |text: String, role: Role| {
        if text.is_empty() {
            return Ok(None);
        }
        check_hash(&text).map_err(|what| Damage::Hash { role, what })?;
        Ok(Some(text))
    };
    let locked_until = match layout.lockout.locked_until.as_str() {
        "" => None,
        text => Some(
            DateTime::parse_from_rfc3339(text)
                .map_err(|_| Damage::LockoutTime)?
                .with_timezone(&Utc),
        ),
    };
    Ok(State {
        admin: hash(layout.admin, Role::Admin)?,
        volunteer: hash(layout.volunteer, Role::Volunteer)?,
        lockout: Lockout::restore(layout.lockout.failures, locked_until),
    })
}

/// Checks that a stored hash is one this code made: an Argon2id PHC string with a salt, an
/// output and parameters Argon2 accepts.
fn check_hash(text: &str) -> Result<(), &'static str> {
    let hash = PasswordHash::new(text).map_err(|_| "is not a PHC string")?;
    if hash.algorithm.as_str() != ARGON2ID_IDENT.as_str() {
        return Err("is not an Argon2id hash");
    }
    if hash.salt.is_none() || hash.hash.is_none() {
        return Err("has no salt or no output");
    }
    argon2::Params::try_from(&hash).map_err(|_| "has parameters Argon2 refuses")?;
    Ok(())
}

fn render(state: &State) -> Result<String, toml::ser::Error> {
    let layout = FileLayout {
        version: FORMAT_VERSION,
        admin: state.admin.clone().unwrap_or_default(),
        volunteer: state.volunteer.clone().unwrap_or_default(),
        lockout: LockoutLayout {
            failures: state.lockout.failures(),
            locked_until: state
                .lockout
                .locked_until()
                .map(|until| until.to_rfc3339_opts(SecondsFormat::AutoSi, true))
                .unwrap_or_default(),
        },
    };
    Ok(format!("{HEADER}\n{}", toml::to_string(&layout)?))
}

/// Writes the file atomically, 0600, owned like the file it replaces (or like its directory)
/// when run as root, so that `sudo borne set-pin` leaves a file the kiosk user can still read.
fn save(path: &Path, state: &State) -> Result<(), SecretsError> {
    let write_error = |source| SecretsError::Write {
        path: path.to_path_buf(),
        source,
    };
    let text = render(state).map_err(|error| write_error(io::Error::other(error.to_string())))?;
    let dir = directory_of(path);
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(write_error)?;
    check_directory(path, dir)?;
    // As root, the file stays the kiosk's (the owner of the file, or of its folder).
    let owner = if nix::unistd::geteuid().is_root() {
        let owner = fs::symlink_metadata(path)
            .or_else(|_| fs::metadata(dir))
            .map_err(write_error)?;
        Some((owner.uid(), owner.gid()))
    } else {
        None
    };
    crate::services::atomic::write(path, text.as_bytes(), 0o600, owner).map_err(write_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$\
        0hK4Vb4dBHGvdWlm1xnS6ZdYcGXN2lqe2iDm9Lu2oyk";

    fn file(admin: &str, volunteer: &str, failures: u32, until: &str) -> String {
        format!(
            "version = 1\nadmin = \"{admin}\"\nvolunteer = \"{volunteer}\"\n\n[lockout]\n\
             failures = {failures}\nlocked_until = \"{until}\"\n"
        )
    }

    #[test]
    fn a_complete_file_parses() {
        let state = parse(&file(HASH, "", 4, "2026-05-01T10:00:30Z")).unwrap();
        assert_eq!(state.admin.as_deref(), Some(HASH));
        assert_eq!(state.volunteer, None);
        assert_eq!(state.lockout.failures(), 4);
        assert_eq!(
            state.lockout.locked_until(),
            Some("2026-05-01T10:00:30Z".parse().unwrap())
        );
    }

    #[test]
    fn render_and_parse_round_trip() {
        let mut state = State {
            admin: Some(HASH.to_owned()),
            volunteer: None,
            lockout: Lockout::default(),
        };
        for _ in 0..3 {
            state
                .lockout
                .failed("2026-05-01T10:00:00.123456789Z".parse().unwrap());
        }
        let text = render(&state).unwrap();
        assert!(text.starts_with("# Borne staff PINs"));
        assert!(parse(&text).unwrap() == state);
    }

    #[test]
    fn damaged_files_are_refused_without_quoting_them() {
        let cases = [
            String::new(),
            "version = 1\nadmin = \"\"\n".to_owned(),
            file(HASH, "", 0, "").replace("version = 1", "version = 2"),
            file(HASH, "", 0, "") + "extra = 1\n",
            file(
                "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$0hK4Vb4dBHGvdWlm1xnS6ZdYcGXN2lqe2iDm9Lu2oyk",
                "",
                0,
                "",
            ),
            file("plain 135790", "", 0, ""),
            file(HASH, "", 0, "tomorrow"),
            file(HASH, "", 0, "").replace("failures = 0", &format!("failures = \"{HASH}\"")),
            file(HASH, "", 0, "")[..40].to_owned(),
        ];
        for text in cases {
            let reason = parse(&text)
                .err()
                .unwrap_or_else(|| panic!("accepted: {text}"))
                .to_string();
            assert!(!reason.contains("0hK4Vb4d"), "{reason}");
            assert!(!reason.contains("135790"), "{reason}");
        }
    }

    #[test]
    fn toml_errors_give_a_line() {
        let text = file(HASH, "", 0, "").replace("failures = 0", "failures = x");
        assert_eq!(
            parse(&text).err(),
            Some(Damage::Incomplete { line: Some(6) })
        );
    }
}
