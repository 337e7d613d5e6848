//! Replacing a file whole or not at all: a temporary file in the same folder (`tempfile`, which
//! makes it readable by its owner only), written, given its owner and mode, synced, renamed over
//! the old file, then the folder synced. Until the rename the old file is untouched, and a
//! failed write leaves no temporary file behind (it may hold PIN hashes).

use std::fs;
use std::io::{self, Write as _};
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;

/// Writes `bytes` to `path` with `mode`, owned by `owner` (uid, gid) if given, atomically.
///
/// # Errors
/// Any I/O error; the old file is then as it was.
pub fn write(path: &Path, bytes: &[u8], mode: u32, owner: Option<(u32, u32)>) -> io::Result<()> {
    let Some(name) = path.file_name() else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a file path", path.display()),
        ));
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::Builder::new()
        .prefix(&format!(".{}.", name.to_string_lossy()))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    if let Some((uid, gid)) = owner {
        std::os::unix::fs::fchown(temporary.as_file(), Some(uid), Some(gid))?;
    }
    temporary.write_all(bytes)?;
    // The umask can only take bits away; this says what is meant whatever it is.
    temporary
        .as_file()
        .set_permissions(fs::Permissions::from_mode(mode))?;
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|error| error.error)?;
    fs::File::open(dir)?.sync_all()
}

/// As [`write`], unless `path` is already a regular file holding `bytes`: a file that running
/// programs read (a library, a script) is never replaced for nothing. A link or anything but a
/// regular file there is replaced, never read.
///
/// # Errors
/// As [`write`].
pub fn write_if_changed(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    let same = fs::symlink_metadata(path)
        .is_ok_and(|meta| meta.is_file() && meta.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|old| old == bytes);
    if same {
        return Ok(());
    }
    write(path, bytes, mode, None)
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::MetadataExt as _;

    use super::*;

    #[test]
    fn a_file_is_replaced_whole_with_its_mode_and_nothing_else_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("borne.toml");
        fs::write(&path, "old").unwrap();
        write(&path, b"new", 0o640, None).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::metadata(&path).unwrap().mode() & 0o7777, 0o640);
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["borne.toml"]);
    }

    #[test]
    fn a_failed_write_keeps_the_old_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.toml");
        fs::write(&path, "old").unwrap();
        // A folder with something in it where the file should go: the rename fails.
        let blocked = dir.path().join("blocked");
        fs::create_dir(&blocked).unwrap();
        fs::write(blocked.join("inside"), "keep").unwrap();
        assert!(write(&blocked, b"new", 0o600, None).is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(fs::read_to_string(blocked.join("inside")).unwrap(), "keep");
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        assert_eq!(names, ["blocked", "secrets.toml"]);
    }
}
