//! Writing the config file atomically: a temporary file in the same folder, synced, then renamed
//! over it.

use super::*;

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
    let (Some(name), Some(dir)) = (path.file_name(), path.parent()) else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a file path", path.display()),
        ));
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let (mut file, temporary) = create_temporary(dir, &name.to_string_lossy())?;
    let written = (|| {
        file.write_all(text.as_bytes())?;
        file.set_permissions(fs::Permissions::from_mode(mode))?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temporary, &path)
    })();
    if let Err(error) = written {
        // The write already failed; removing the partial file is all that is left to do.
        fs::remove_file(&temporary).ok();
        return Err(error);
    }
    fs::File::open(dir)?.sync_all()
}

/// A new file `.NAME.PID.N.tmp` in `dir`, readable by its owner only until it is complete.
pub(super) fn create_temporary(dir: &Path, name: &str) -> io::Result<(fs::File, PathBuf)> {
    let mut attempt = 0;
    loop {
        let temporary = dir.join(format!(".{name}.{}.{attempt}.tmp", std::process::id()));
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temporary)
        {
            Ok(file) => return Ok((file, temporary)),
            // Left by an earlier run with the same process id that did not finish.
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(error) => return Err(error),
        }
    }
}
