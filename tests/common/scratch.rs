//! Scratch directories and mounts for tests that touch real file systems; both clean up when
//! dropped, even on panic.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether the tests run as root (mounting needs it).
pub fn is_root() -> bool {
    nix::unistd::geteuid().is_root()
}

/// Stops a test that needs root, saying why: such a test is ignored unless built with the
/// `root-tests` feature, which `scripts/test` gives when it runs as root.
pub fn must_be_root(why: &str) {
    assert!(
        is_root(),
        "this test needs root ({why}): run scripts/test as root"
    );
}

/// A private directory removed (with what it holds) when dropped.
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!("borne-test-{name}-{}", std::process::id()));
        fs::remove_dir_all(&path).ok();
        fs::create_dir_all(&path).unwrap();
        Self(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        fs::remove_dir_all(&self.0).ok();
    }
}

/// A filesystem mounted for the test, unmounted when dropped (even on panic).
pub struct Mounted(pub PathBuf);

impl Mounted {
    pub fn mount(args: &[&str], at: &Path) -> Self {
        fs::create_dir_all(at).unwrap();
        let output = Command::new("mount")
            .args(args)
            .arg(at)
            .output()
            .expect("run mount");
        assert!(
            output.status.success(),
            "running as root but `mount {}` at {} failed ({}): {}",
            args.join(" "),
            at.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        Self(at.to_path_buf())
    }

    pub fn tmpfs(at: &Path, options: &str) -> Self {
        Self::mount(&["-t", "tmpfs", "-o", options, "tmpfs"], at)
    }

    pub fn remount(&self, options: &str) {
        let status = Command::new("mount")
            .args(["-o", options])
            .arg(&self.0)
            .status()
            .unwrap();
        assert!(
            status.success(),
            "cannot remount {} with {options}",
            self.0.display()
        );
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        let ok = Command::new("umount")
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            Command::new("umount").arg("-l").arg(&self.0).status().ok();
        }
    }
}

pub const MKFS_VFAT: &str = "/usr/sbin/mkfs.vfat";
const FUSEFAT: &str = "/usr/bin/fusefat";

/// Unmounts what a test run stopped at once (killed, so its drops never ran) left mounted at
/// `at`. A key of fusefat whose process was killed answers nothing ("Transport endpoint is not
/// connected"), and the next run could not even make its folder.
pub fn unmount_leftovers(at: &Path) {
    while is_mount_point(at) {
        let status = Command::new("umount")
            .arg("-l")
            .arg(at)
            .status()
            .expect("run umount");
        assert!(
            status.success(),
            "cannot unmount {} left by an earlier run",
            at.display()
        );
    }
}

/// Whether something is mounted at `at`, as the kernel lists it (octal escapes for spaces).
fn is_mount_point(at: &Path) -> bool {
    let escaped = at
        .to_string_lossy()
        .replace('\\', "\\134")
        .replace(' ', "\\040")
        .replace('\t', "\\011")
        .replace('\n', "\\012");
    fs::read_to_string("/proc/self/mounts")
        .unwrap()
        .lines()
        .any(|line| line.split(' ').nth(1) == Some(escaped.as_str()))
}

/// A FAT image of 16 MiB named `label`, made with mkfs.vfat.
pub fn fat_image(image: &Path, label: &str) {
    assert!(
        Path::new(MKFS_VFAT).exists(),
        "{MKFS_VFAT} is missing: install dosfstools (apt-get install dosfstools) to run the FAT test"
    );
    fs::File::create(image).unwrap().set_len(16 << 20).unwrap();
    let output = Command::new(MKFS_VFAT)
        .args(["-n", label])
        .arg(image)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "mkfs.vfat failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Whether the running kernel can mount FAT itself.
pub fn kernel_has_vfat() -> bool {
    fs::read_to_string("/proc/filesystems")
        .unwrap()
        .lines()
        .any(|line| line.split_whitespace().last() == Some("vfat"))
}

/// Mounts a FAT image: on a loop device with the kernel's vfat, as udisks mounts a key (long
/// names in UTF-8); on a kernel built without vfat (some VMs), through FUSE with fusefat, which
/// reads and writes the same image in user space.
pub fn mount_fat(image: &Path, at: &Path, read_only: bool) -> Mounted {
    unmount_leftovers(at);
    let image_arg = image.to_str().unwrap();
    if kernel_has_vfat() {
        let options = if read_only {
            "loop,ro,utf8,shortname=mixed"
        } else {
            "loop,utf8,shortname=mixed"
        };
        return Mounted::mount(&["-o", options, image_arg], at);
    }
    assert!(
        Path::new(FUSEFAT).exists(),
        "this kernel cannot mount vfat and {FUSEFAT} is missing: install fusefat \
         (apt-get install fusefat) to run the FAT test"
    );
    fs::create_dir_all(at).unwrap();
    // fusefat writes only with its explicit "rw+" option.
    let output = Command::new(FUSEFAT)
        // allow_other: the guest account reads the key too, as with the kernel's vfat.
        .args([
            "-o",
            if read_only {
                "ro,allow_other"
            } else {
                "rw+,allow_other"
            },
            image_arg,
        ])
        .arg(at)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "fusefat cannot mount the FAT image ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    Mounted(at.to_path_buf())
}
