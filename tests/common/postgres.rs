//! A throwaway PostgreSQL cluster from Debian's `postgresql` package, in a scratch folder, on
//! 127.0.0.1 and a socket of its own; stopped when dropped. As root it runs as `postgres`
//! (PostgreSQL refuses to run as root).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A running cluster; `settings` is what `borne-hub --database` takes.
pub struct Postgres {
    data: PathBuf,
    bin: PathBuf,
    options: String,
    log: String,
    /// libpq settings of its `postgres` database as the superuser `borne`.
    pub settings: String,
}

fn bin_dir() -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect(
            "PostgreSQL is not installed (Debian's postgresql package; scripts/test installs it)",
        )
        .filter_map(|entry| entry.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("initdb").exists())
        .collect();
    versions.sort();
    versions
        .pop()
        .expect("no initdb under /usr/lib/postgresql/*/bin")
}

fn as_owner(program: &Path, args: &[&str]) -> Output {
    let mut command = if super::scratch::is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    };
    command
        .args(args)
        .output()
        .expect("run a PostgreSQL program")
}

fn check(output: &Output, what: &str) {
    assert!(
        output.status.success(),
        "{what} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

impl Postgres {
    /// Makes and starts a cluster in `dir` (which must exist), listening on `port`.
    pub fn start(dir: &Path, port: u16) -> Self {
        let data = dir.join("pgdata");
        std::fs::create_dir_all(&data).unwrap();
        if super::scratch::is_root() {
            let owner = nix::unistd::User::from_name("postgres")
                .unwrap()
                .expect("a postgres account");
            for path in [dir, data.as_path()] {
                nix::unistd::chown(path, Some(owner.uid), Some(owner.gid)).unwrap();
            }
        }
        let bin = bin_dir();
        let data_text = data.to_str().unwrap();
        check(
            &as_owner(
                &bin.join("initdb"),
                &[
                    "-D",
                    data_text,
                    "-U",
                    "borne",
                    "--auth=trust",
                    "--no-sync",
                    "-E",
                    "UTF8",
                ],
            ),
            "initdb",
        );
        let options = format!(
            "-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={}",
            dir.display()
        );
        let postgres = Self {
            data,
            bin,
            options,
            log: dir.join("pg.log").display().to_string(),
            settings: format!("host=127.0.0.1 port={port} user=borne dbname=postgres"),
        };
        postgres.resume();
        postgres
    }

    fn pg_ctl(&self, args: &[&str]) {
        let mut all = vec!["-D", self.data.to_str().unwrap()];
        all.extend_from_slice(args);
        check(&as_owner(&self.bin.join("pg_ctl"), &all), "pg_ctl");
    }

    /// Stops the server (a database outage); [`Postgres::resume`] starts it again.
    pub fn stop(&self) {
        self.pg_ctl(&["stop", "-m", "fast", "-w"]);
    }

    /// Starts the server again after [`Postgres::stop`].
    pub fn resume(&self) {
        self.pg_ctl(&["start", "-w", "-o", &self.options, "-l", &self.log]);
    }

    /// Runs one SQL statement with psql and returns its single value.
    pub fn value(&self, sql: &str) -> String {
        let output = Command::new(self.bin.join("psql"))
            .args(["-X", "-A", "-t", "-d", &self.settings, "-c", sql])
            .output()
            .expect("run psql");
        check(&output, sql);
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        as_owner(
            &self.bin.join("pg_ctl"),
            &[
                "-D",
                self.data.to_str().unwrap_or_default(),
                "stop",
                "-m",
                "immediate",
            ],
        );
    }
}
