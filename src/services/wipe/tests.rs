use std::os::unix::fs::PermissionsExt as _;

use super::processes::{Liveness, Seen, status_of, zombie_child_of};
use super::*;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("borne-wipe-{name}-{}", std::process::id()));
    fs::remove_dir_all(&dir).ok();
    fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_status_is_of_any_of_its_uids_live_or_zombie() {
    let seen = |state, ppid, uids| Seen {
        state,
        ppid,
        uids,
        threads: 1,
    };
    let status = seen('S', 1, [1000, 1001, 1001, 1001]);
    assert_eq!(status_of(&status, 1001), Some(Liveness::Live));
    assert_eq!(status_of(&status, 1000), Some(Liveness::Live));
    assert_eq!(status_of(&status, 100), None);
    // Only the filesystem uid is the guest's: still the guest's process.
    assert_eq!(
        status_of(&seen('S', 1, [0, 0, 0, 1001]), 1001),
        Some(Liveness::Live)
    );
    let zombie = seen('Z', 1, [1001; 4]);
    assert_eq!(status_of(&zombie, 1001), Some(Liveness::Zombie));
    // Its main thread ended, two others run: alive.
    let threads = Seen {
        threads: 3,
        ..zombie
    };
    assert_eq!(status_of(&threads, 1001), Some(Liveness::Live));
    assert!(!zombie_child_of(
        &Seen {
            ppid: 42,
            ..threads
        },
        42
    ));
    assert_eq!(status_of(&seen('X', 1, [1001; 4]), 1001), None);
    let child = seen('Z', 42, [0; 4]);
    assert!(zombie_child_of(&child, 42));
    assert!(!zombie_child_of(&child, 4), "another process's zombie");
    assert!(!zombie_child_of(&status, 1), "alive");
}

#[test]
fn procfs_finds_a_child_of_this_uid_and_then_its_zombie() {
    // Other tests run beside this one: only what they cannot undo is asserted.
    let own = nix::unistd::getuid().as_raw();
    let mut child = std::process::Command::new("sleep")
        .arg("5")
        .spawn()
        .unwrap();
    assert!(guest_processes(own).unwrap() >= 1);
    child.kill().unwrap();
    // Killed, not yet reaped: a zombie child of this process, until it is waited for.
    let until = std::time::Instant::now() + std::time::Duration::from_secs(2);
    while own_zombies().unwrap() == 0 && std::time::Instant::now() < until {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(own_zombies().unwrap() >= 1);
    child.wait().unwrap();
}

#[test]
fn a_tree_goes_whole_with_exact_counts_even_read_only_parts() {
    let dir = temp_dir("tree");
    let tree = dir.join("s1");
    fs::create_dir_all(tree.join("a/b/c")).unwrap();
    fs::write(tree.join("a/one"), vec![1u8; 1000]).unwrap();
    fs::write(tree.join("a/b/c/two"), vec![2u8; 24]).unwrap();
    std::os::unix::fs::symlink("/etc/hostname", tree.join("a/link")).unwrap();
    fs::set_permissions(tree.join("a/b"), fs::Permissions::from_mode(0o500)).unwrap();
    let mut removal = Removal::default();
    removal.remove_path(&tree);
    assert_eq!(removal.outcome("test", &tree), Ok(()));
    assert_eq!((removal.files, removal.bytes), (3, 1024));
    assert!(!tree.exists());
    assert!(Path::new("/etc/hostname").exists() || !Path::new("/etc").exists());
    fs::remove_dir_all(dir).ok();
}

#[test]
fn the_guests_own_wipe_takes_its_files_everywhere_it_looks() {
    let root = temp_dir("own-root");
    let temp = temp_dir("own-temp");
    fs::create_dir_all(root.join("s1/home")).unwrap();
    fs::write(root.join("s1/home/cv.pdf"), vec![0u8; 100]).unwrap();
    fs::write(temp.join("x"), b"12").unwrap();
    let targets = WipeTargets {
        session_dir: None,
        session_root: root.clone(),
        guest_uid: None,
        guest_home: None,
        display: None,
        temp_dirs: vec![temp.clone()],
        print_cancel: None,
    };
    // As this test's own uid: everything here is "the guest's".
    let report = wipe_own(&targets, nix::unistd::geteuid().as_raw());
    assert_eq!((report.files_removed, report.bytes_removed), (2, 102));
    assert!(!root.join("s1").exists() && !temp.join("x").exists());
    assert!(root.is_dir() && temp.is_dir(), "the places themselves stay");
    // Its proof then only finds this uid's other processes (the test runner's).
    assert_eq!(
        report.problem.is_some(),
        guest_processes(nix::unistd::geteuid().as_raw()).unwrap() > 0
    );
    fs::remove_dir_all(root).ok();
    fs::remove_dir_all(temp).ok();
}

#[test]
fn owned_entries_are_found_without_entering_them() {
    let dir = temp_dir("owned");
    fs::create_dir_all(dir.join("mine/inner")).unwrap();
    fs::write(dir.join("mine/inner/x"), b"x").unwrap();
    fs::write(dir.join("file"), b"y").unwrap();
    let uid = nix::unistd::geteuid().as_raw();
    // Everything here is ours: the two top entries are found, not what "mine" holds.
    assert_eq!(count_owned(&dir, uid), 2);
    assert_eq!(count_owned(&dir, uid.wrapping_add(12_345)), 0);
    let mut removal = Removal::default();
    removal.remove_owned(&dir, uid);
    assert_eq!(removal.files, 2);
    assert_eq!(count_owned(&dir, uid), 0);
    assert!(dir.is_dir(), "the swept directory itself stays");
    fs::remove_dir_all(dir).ok();
}
