//! Writing the config file atomically, keeping its permissions and following a link.

use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::{fs, io};

/// Writes `text` to `path` atomically: a temporary file in the same directory, flushed to disk,
/// with the permissions of the file it replaces (0644 for a new file), renamed over it, then
/// the directory flushed. A symbolic link is followed, so the file it points to is replaced.
///
/// # Errors
/// Any I/O error. Until the rename the old file is untouched, and no temporary file is left.
pub fn save(path: &Path, text: &str) -> io::Result<()> {
    let path = match fs::symlink_metadata(path) {
        Ok(metadata) if metadata.file_type().is_symlink() => fs::canonicalize(path)?,
        _ => path.to_path_buf(),
    };
    let mode = match fs::metadata(&path) {
        Ok(metadata) => metadata.permissions().mode() & 0o7777,
        Err(error) if error.kind() == io::ErrorKind::NotFound => 0o644,
        Err(error) => return Err(error),
    };
    crate::services::atomic::write(&path, text.as_bytes(), mode, None)
}
