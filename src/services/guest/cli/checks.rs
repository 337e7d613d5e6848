//! The checks of what the kiosk asks: every path, display, area and address is refused unless it is
//! exactly what the kiosk may ask for.

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Component, Path, PathBuf};

use crate::services::browser::BrowserKind;
use crate::services::session_dir::SessionDir;
use crate::services::x11::Rect;

use super::{GuestError, invalid};

/// Checks that `path` is absolute, plain (no `.` or `..`, no repeated or trailing `/`) and short.
///
/// # Errors
/// [`GuestError::Invalid`] naming `what`.
pub fn plain_absolute(path: &Path, what: &'static str) -> Result<(), GuestError> {
    let Some(text) = path.to_str() else {
        return Err(invalid(what, "must be UTF-8"));
    };
    if !path.is_absolute() || text.len() > 256 || text.ends_with('/') || text.contains("//") {
        return Err(invalid(
            what,
            format!("must be a plain absolute path, found {text:?}"),
        ));
    }
    // `components` quietly drops a `.` inside a path: look at the text too.
    let dot = text.split('/').any(|part| part == "." || part == "..");
    if dot
        || path
            .components()
            .any(|c| !matches!(c, Component::RootDir | Component::Normal(_)))
    {
        return Err(invalid(
            what,
            format!("must not hold . or .., found {text:?}"),
        ));
    }
    if path.parent().is_none() {
        return Err(invalid(what, "must not be /"));
    }
    Ok(())
}

/// The session root the kiosk names: a real directory (no link anywhere on its path) that the
/// calling kiosk owns and that nobody else may write in.
///
/// # Errors
/// [`GuestError::Invalid`] for anything else.
pub fn session_root_dir(path: &Path, kiosk_uid: u32) -> Result<PathBuf, GuestError> {
    let what = "session root";
    plain_absolute(path, what)?;
    let meta = path
        .symlink_metadata()
        .map_err(|e| invalid(what, format!("{}: {e}", path.display())))?;
    if !meta.is_dir() {
        return Err(invalid(
            what,
            format!("{} is not a directory", path.display()),
        ));
    }
    if meta.uid() != kiosk_uid {
        return Err(invalid(
            what,
            format!(
                "{} is not owned by the kiosk (uid {kiosk_uid})",
                path.display()
            ),
        ));
    }
    if meta.mode() & 0o022 != 0 {
        return Err(invalid(
            what,
            format!("{} may be written by others than the kiosk", path.display()),
        ));
    }
    if fs::canonicalize(path).ok().as_deref() != Some(path) {
        return Err(invalid(
            what,
            format!("{} goes through a symbolic link", path.display()),
        ));
    }
    Ok(path.to_path_buf())
}

/// A session directory the kiosk names: `<session root>/<session id>`, a real directory that
/// the kiosk owns, in a valid session root.
///
/// # Errors
/// [`GuestError::Invalid`] for anything else.
pub fn session_dir(path: &Path, kiosk_uid: u32) -> Result<SessionDir, GuestError> {
    let what = "session directory";
    plain_absolute(path, what)?;
    let dir = SessionDir::from_path(path).ok_or_else(|| {
        invalid(
            what,
            format!("{} is not named like a session", path.display()),
        )
    })?;
    let root = path
        .parent()
        .ok_or_else(|| invalid(what, "has no parent"))?;
    session_root_dir(root, kiosk_uid)?;
    let meta = path
        .symlink_metadata()
        .map_err(|e| invalid(what, format!("{}: {e}", path.display())))?;
    if !meta.is_dir() || meta.uid() != kiosk_uid || meta.mode() & 0o002 != 0 {
        return Err(invalid(
            what,
            format!(
                "{} is not a directory of the kiosk closed to others",
                path.display()
            ),
        ));
    }
    Ok(dir)
}

/// `chromium` or `firefox`.
///
/// # Errors
/// [`GuestError::Invalid`] for anything else.
pub fn parse_browser(code: &str) -> Result<BrowserKind, GuestError> {
    match code {
        "chromium" => Ok(BrowserKind::Chromium),
        "firefox" => Ok(BrowserKind::Firefox),
        _ => Err(invalid(
            "browser",
            format!("must be chromium or firefox, found {code:?}"),
        )),
    }
}

/// A local X display: `:N` or `:N.S`.
///
/// # Errors
/// [`GuestError::Invalid`] for anything else (no host: the display is this machine's).
pub fn parse_display(display: &str) -> Result<String, GuestError> {
    let digits = |s: &str| !s.is_empty() && s.len() <= 5 && s.bytes().all(|b| b.is_ascii_digit());
    let ok = display.strip_prefix(':').is_some_and(|rest| {
        let (number, screen) = rest.split_once('.').unwrap_or((rest, "0"));
        digits(number) && digits(screen)
    });
    if ok {
        Ok(display.to_owned())
    } else {
        Err(invalid(
            "display",
            format!("must be a local display such as :0, found {display:?}"),
        ))
    }
}

/// `x,y,width,height` of the browser window, within a sane screen size.
///
/// # Errors
/// [`GuestError::Invalid`] for anything else.
pub fn parse_area(area: &str) -> Result<Rect, GuestError> {
    let bad = || {
        invalid(
            "area",
            format!("must be x,y,width,height in pixels, found {area:?}"),
        )
    };
    let numbers: Vec<i32> = area
        .split(',')
        .map(|n| n.parse::<i32>().map_err(|_| bad()))
        .collect::<Result<_, _>>()?;
    let [x, y, width, height] = numbers[..] else {
        return Err(bad());
    };
    let position = -16_384..=16_384;
    let size = 1..=16_384;
    if !position.contains(&x) || !position.contains(&y) {
        return Err(bad());
    }
    let (Ok(width), Ok(height)) = (u32::try_from(width), u32::try_from(height)) else {
        return Err(bad());
    };
    if !size.contains(&width) || !size.contains(&height) {
        return Err(bad());
    }
    Ok(Rect {
        x,
        y,
        width,
        height,
    })
}

/// An http or https address without spaces or control characters, or the empty word that asks
/// for the last tabs ([`crate::services::browser::RESTORE_TABS`]). It is the browser's last
/// argument: it can never be taken for an option. The browser's policy decides whether the
/// site may open.
///
/// # Errors
/// [`GuestError::Invalid`] for anything else.
pub fn parse_url(url: &str) -> Result<String, GuestError> {
    if url == crate::services::browser::RESTORE_TABS {
        return Ok(url.to_owned());
    }
    let lower = url.to_ascii_lowercase();
    let scheme_ok = ["http://", "https://"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len());
    if !scheme_ok || url.len() > 4096 || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid(
            "url",
            format!("must be an http or https address, found {url:?}"),
        ));
    }
    Ok(url.to_owned())
}
