//! USB keys with real files: listing through the test seam, the person's files, copies to a
//! directory, and (as root) to a full tmpfs, a read-only mount and a real loop-mounted FAT image.
//!
//! Tests that need root print why they skip when run as another user; as root (CI) they run,
//! and fail with a clear message if a tool (`mkfs.vfat` from `dosfstools`) or `mount` is missing.
#![expect(
    clippy::unwrap_used,
    reason = "tests: a panic with its message is how a test reports failure"
)]

mod common;

use common::scratch::{
    Mounted, Scratch, fat_image, is_root, kernel_has_vfat, mount_fat, must_be_root,
};

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use borne::domain::FileKind;
use borne::services::usb::{
    CopyReport, Drive, PersonFile, UsbError, copy_to_drive, drives_under, person_files,
};

fn write(path: &Path, bytes: &[u8], age_secs: u64) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - Duration::from_secs(age_secs))
        .unwrap();
}

/// Contents that differ at every position, so a truncated or shuffled copy shows.
fn content(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed) ^ (i >> 8) as u8)
        .collect()
}

fn drive(mount_point: &Path, label: &str) -> Drive {
    Drive {
        mount_point: mount_point.to_path_buf(),
        label: label.to_owned(),
        free_bytes: 0,
        read_only: false,
    }
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn copy_all(
    files: &[PersonFile],
    drive: &Drive,
) -> (Result<CopyReport, UsbError>, Vec<(u64, u64)>) {
    let mut steps = Vec::new();
    let result = copy_to_drive(files, drive, &mut |done, total| steps.push((done, total)));
    (result, steps)
}

/// A session HOME as a browser leaves it, and a directory outside it.
fn session_home(scratch: &Scratch) -> PathBuf {
    let home = scratch.path().join("session/home");
    write(&home.join("Documents/CV Jean.pdf"), &content(3000, 1), 10);
    write(
        &home.join("Téléchargements/photo.JPG"),
        &content(2000, 2),
        100,
    );
    write(&home.join("Bureau/lettre.odt"), &content(1000, 3), 1000);
    write(
        &home.join("Documents/vieux/notes.txt"),
        &content(10, 4),
        5000,
    );
    write(
        &home.join("Téléchargements/attestation.bin"),
        &content(20, 5),
        50,
    );
    // Never offered: hidden settings and caches, a download in progress, links.
    write(&home.join(".config/chromium/Cookies"), b"secret", 1);
    write(&home.join(".cache/thumbnails/x.png"), b"thumb", 1);
    write(&home.join("Documents/.~lock.lettre.odt#"), b"lock", 1);
    write(
        &home.join("Téléchargements/video.mp4.crdownload"),
        b"half",
        1,
    );
    let kiosk = scratch.path().join("kiosk");
    write(&kiosk.join("pins.toml"), b"hash", 1);
    symlink(kiosk.join("pins.toml"), home.join("Documents/pins.pdf")).unwrap();
    symlink(&kiosk, home.join("Bureau/Partage")).unwrap();
    home
}

#[test]
fn files_are_listed_eight_folders_deep_and_no_deeper() {
    let scratch = Scratch::new("depth");
    let home = scratch.path().join("home");
    write(&home.join("a/b/c/d/e/f/g/profond.txt"), b"8", 1);
    write(&home.join("a/b/c/d/e/f/g/h/trop.txt"), b"9", 1);
    let names: Vec<String> = person_files(&home).into_iter().map(|f| f.name).collect();
    assert_eq!(names, ["profond.txt"]);
}

#[test]
fn the_person_sees_only_their_own_files_newest_first() {
    let scratch = Scratch::new("list");
    let home = session_home(&scratch);

    let files = person_files(&home);

    let listed: Vec<(&str, u64, FileKind)> = files
        .iter()
        .map(|f| (f.name.as_str(), f.size_bytes, f.kind))
        .collect();
    assert_eq!(
        listed,
        [
            ("CV Jean.pdf", 3000, FileKind::Pdf),
            ("attestation.bin", 20, FileKind::Other),
            ("photo.JPG", 2000, FileKind::Image),
            ("lettre.odt", 1000, FileKind::Document),
            ("notes.txt", 10, FileKind::Document),
        ]
    );
    let real_home = fs::canonicalize(&home).unwrap();
    for file in &files {
        assert!(file.path.starts_with(&real_home));
        assert!(!file.path.is_symlink());
    }
    assert!(person_files(&scratch.path().join("no-such-home")).is_empty());
}

#[test]
fn copies_are_whole_flushed_and_never_overwrite_a_file_on_the_key() {
    let scratch = Scratch::new("copy");
    let home = session_home(&scratch);
    let key = scratch.path().join("MACLE");
    write(&key.join("CV Jean.pdf"), b"the person's older CV", 1);
    write(
        &home.join("Documents/Relevé: été?.pdf"),
        &content(1_500_000, 7),
        1,
    );

    let files = person_files(&home);
    let total: u64 = files.iter().map(|f| f.size_bytes).sum();
    let (result, steps) = copy_all(&files, &drive(&key, "MACLE"));

    let report = result.unwrap();
    assert_eq!(report.files_copied, 6);
    assert_eq!(report.bytes_copied, total);
    assert_eq!(report.renamed, 1);
    assert_eq!(steps.first(), Some(&(0, total)));
    assert_eq!(steps.last(), Some(&(total, total)));
    assert!(
        steps.windows(2).all(|w| w[0].0 <= w[1].0),
        "progress goes forward"
    );
    assert_eq!(
        names_in(&key),
        [
            "CV Jean (2).pdf",
            "CV Jean.pdf",
            "Relevé_ été_.pdf",
            "attestation.bin",
            "lettre.odt",
            "notes.txt",
            "photo.JPG",
        ]
    );
    assert_eq!(
        fs::read(key.join("CV Jean.pdf")).unwrap(),
        b"the person's older CV"
    );
    assert_eq!(
        fs::read(key.join("CV Jean (2).pdf")).unwrap(),
        content(3000, 1)
    );
    assert_eq!(
        fs::read(key.join("Relevé_ été_.pdf")).unwrap(),
        content(1_500_000, 7)
    );

    // Again: every name is taken, so each gets the next number.
    let cv = files.iter().find(|f| f.name == "CV Jean.pdf").unwrap();
    let (again, _) = copy_all(std::slice::from_ref(cv), &drive(&key, "MACLE"));
    assert_eq!(again.unwrap().renamed, 1);
    assert!(key.join("CV Jean (3).pdf").exists());
}

#[test]
fn a_file_replaced_by_a_link_after_the_listing_is_not_copied() {
    let scratch = Scratch::new("swap");
    let home = session_home(&scratch);
    let key = scratch.path().join("KEY");
    fs::create_dir_all(&key).unwrap();
    let files = person_files(&home);
    let cv = files.iter().find(|f| f.name == "CV Jean.pdf").unwrap();
    // The browser (still running) swaps the file for a link to the kiosk's data.
    fs::remove_file(&cv.path).unwrap();
    symlink(scratch.path().join("kiosk/pins.toml"), &cv.path).unwrap();

    let (result, _) = copy_all(std::slice::from_ref(cv), &drive(&key, "KEY"));

    let error = result.unwrap_err();
    assert!(
        matches!(error, UsbError::FileChanged { copied: 0, .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.contains("KEY"), "{message}");
    assert!(!message.contains("CV Jean"), "{message}");
    assert!(names_in(&key).is_empty(), "nothing is left on the key");

    // The same through a directory swapped for a link.
    let notes = files.iter().find(|f| f.name == "notes.txt").unwrap();
    let dir = notes.path.parent().unwrap();
    fs::rename(dir, scratch.path().join("moved")).unwrap();
    fs::create_dir_all(scratch.path().join("kiosk/vieux")).unwrap();
    fs::write(scratch.path().join("kiosk/vieux/notes.txt"), b"kiosk").unwrap();
    symlink(scratch.path().join("kiosk/vieux"), dir).unwrap();
    let (result, _) = copy_all(std::slice::from_ref(notes), &drive(&key, "KEY"));
    assert!(
        matches!(result, Err(UsbError::FileChanged { .. })),
        "{result:?}"
    );
    assert!(names_in(&key).is_empty());
}

#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: a small full drive is a tmpfs of 1 MiB, which only root can mount; scripts/test runs it as root"
)]
fn a_full_key_is_refused_before_anything_is_written() {
    must_be_root("a small full drive is a tmpfs of 1 MiB, which only root can mount");
    let scratch = Scratch::new("full");
    let home = scratch.path().join("home");
    write(
        &home.join("Documents/scan de la carte.pdf"),
        &content(2 << 20, 9),
        1,
    );
    let key = scratch.path().join("PETITE");
    let mounted = Mounted::tmpfs(&key, "size=1m");

    let (result, steps) = copy_all(&person_files(&home), &drive(&key, "PETITE"));

    let error = result.unwrap_err();
    let UsbError::NotEnoughSpace { needed, free, .. } = &error else {
        panic!("expected NotEnoughSpace, got {error:?}");
    };
    assert!(*needed >= 2 << 20, "{needed}");
    assert!(*free <= 1 << 20, "{free}");
    let message = error.to_string();
    assert!(message.contains("PETITE"), "{message}");
    assert!(!message.contains("carte"), "{message}");
    assert!(steps.is_empty(), "nothing started");
    assert!(names_in(&key).is_empty());
    drop(mounted);
}

#[test]
fn a_read_only_key_is_refused() {
    let scratch = Scratch::new("ro");
    let home = scratch.path().join("home");
    write(&home.join("cv.pdf"), &content(100, 1), 1);
    let key = scratch.path().join("PROTEGEE");
    let mounted = if is_root() {
        let mounted = Mounted::tmpfs(&key, "size=1m");
        mounted.remount("remount,ro");
        Some(mounted)
    } else {
        // Without root: a directory this user may not write to.
        fs::create_dir_all(&key).unwrap();
        fs::set_permissions(&key, fs::Permissions::from_mode(0o555)).unwrap();
        None
    };

    let (result, _) = copy_all(&person_files(&home), &drive(&key, "PROTEGEE"));

    let error = result.unwrap_err();
    assert!(matches!(error, UsbError::ReadOnly { .. }), "{error:?}");
    assert!(error.to_string().contains("PROTEGEE"));
    drop(mounted);
    fs::set_permissions(&key, fs::Permissions::from_mode(0o755)).ok();
}

#[test]
fn the_folders_of_a_mount_root_are_listed_as_keys_by_label_with_read_only_seen() {
    let scratch = Scratch::new("seam");
    let usb = scratch.path().join("media");
    fs::create_dir_all(usb.join("MACLE")).unwrap();
    fs::create_dir_all(usb.join("AUTRE CLE")).unwrap();
    fs::write(usb.join("not-a-drive"), b"").unwrap();
    let mut expected = "AUTRE CLE:rw,MACLE:rw".to_owned();
    let _mounted = if is_root() {
        let mounted = Mounted::tmpfs(&usb.join("ZLECTURE"), "size=1m,ro");
        expected.push_str(",ZLECTURE:ro");
        Some(mounted)
    } else {
        None
    };

    let drives = drives_under(&usb);
    let listed: Vec<String> = drives
        .iter()
        .map(|d| format!("{}:{}", d.label, if d.read_only { "ro" } else { "rw" }))
        .collect();
    assert_eq!(listed.join(","), expected);
    assert!(drives.iter().all(|d| d.free_bytes > 0));
}

/// A real FAT filesystem in an image file, mounted as a USB key is.
#[test]
#[cfg_attr(
    not(feature = "root-tests"),
    ignore = "needs root: mounting a FAT image needs root; scripts/test runs it as root"
)]
fn copy_to_a_real_fat_key() {
    must_be_root("mounting a FAT image needs root");
    let scratch = Scratch::new("fat");
    let image = scratch.path().join("key.img");
    fat_image(&image, "BORNECLE");
    let key = scratch.path().join("key");
    let home = scratch.path().join("home");
    write(
        &home.join("Documents/Relevé: été?.pdf"),
        &content(3 << 20, 1),
        30,
    );
    write(&home.join("Documents/cv.pdf"), &content(40_000, 2), 20);
    write(
        &home.join("Bureau/Lettre <motivation>.odt"),
        &content(5_000, 3),
        10,
    );
    let files = person_files(&home);
    {
        let mounted = mount_fat(&image, &key, false);
        // FAT itself refuses the characters that the copy replaces.
        assert!(
            fs::write(key.join("a:b.txt"), b"").is_err(),
            "not a FAT filesystem"
        );
        // A file of another name case is the same file on FAT: it must be kept.
        fs::write(key.join("CV.PDF"), b"older").unwrap();

        let (result, steps) = copy_all(&files, &drive(&key, "BORNECLE"));

        let report = result.unwrap();
        assert_eq!(report.files_copied, 3);
        assert_eq!(report.renamed, 1);
        assert_eq!(steps.last().map(|s| s.0), Some((3 << 20) + 45_000));
        drop(mounted);
    }
    // Mounted again: what was said to be on the key is on the key.
    let _mounted = mount_fat(&image, &key, true);
    let mut names = names_in(&key);
    // fusefat shows the volume label as a file.
    names.retain(|name| name != "BORNECLE");
    // fusefat (unlike the kernel's vfat with utf8) refuses accents: the copy drops them.
    let releve = if kernel_has_vfat() {
        "Relevé_ été_.pdf"
    } else {
        "Releve_ ete_.pdf"
    };
    assert_eq!(
        names,
        ["CV.PDF", "Lettre _motivation_.odt", releve, "cv (2).pdf"]
    );
    assert_eq!(fs::read(key.join("CV.PDF")).unwrap(), b"older");
    assert_eq!(
        fs::read(key.join("cv (2).pdf")).unwrap(),
        content(40_000, 2)
    );
    assert_eq!(fs::read(key.join(releve)).unwrap(), content(3 << 20, 1));
}
