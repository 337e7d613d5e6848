//! Scratch directories and mounts for tests that touch real file systems; both clean up when
//! dropped, even on panic.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether the tests run as root (mounting needs it).
pub fn is_root() -> bool {
    nix::unistd::geteuid().is_root()
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
