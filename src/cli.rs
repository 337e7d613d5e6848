//! The command line, parsed in two stages: clap reads the words, and the value parsers below
//! turn them into the library's types, so that a wrong value is refused by clap itself, with
//! the argument's name and the values it takes.

use std::path::PathBuf;

use borne::domain::pin::Role;
use borne::services::usage_log::{Format, Period};
use clap::{Parser, Subcommand};

/// Borne: the shell of a self-service digital station.
#[derive(Parser)]
#[command(version, about)]
pub struct Cli {
    /// The station's config file. Default: /etc/borne/borne.toml when this program is the
    /// installed /usr/bin/borne; otherwise (a checkout) the kiosk runs in demonstration mode on
    /// the embedded default config: one user, not locked down, and it says so on screen.
    #[arg(long, value_name = "PATH", global = true)]
    pub config: Option<PathBuf>,
    /// The staff PIN file (default: /var/lib/borne/secrets.toml; in demonstration mode,
    /// borne-demo-data/secrets.toml).
    #[arg(long, value_name = "PATH", global = true)]
    pub secrets: Option<PathBuf>,
    /// Opens the statistics window (the last twelve months) instead of the kiosk.
    #[arg(long)]
    pub stats: bool,
    /// What to do instead of running the kiosk.
    #[command(subcommand)]
    pub command: Option<Sub>,
}

/// The subcommands.
#[derive(Subcommand)]
pub enum Sub {
    /// Checks a config file and says what is wrong, with the line and the key.
    CheckConfig {
        /// The file to check.
        path: PathBuf,
    },
    /// Writes the browsers' managed policies for the config (run as root).
    InstallPolicies,
    /// Says whether the installed browser policies match the config.
    CheckPolicies,
    /// Checks the config and installs the browser policies it calls for (run as root by
    /// borne-config.service after every save of the station's config).
    ApplyConfig,
    /// Stops every process of the guest account and removes its files (run as root by systemd
    /// before the kiosk starts and after it stops).
    StationClean {
        /// After the kiosk stopped: if an admin left it for maintenance, open the console.
        #[arg(long)]
        stopped: bool,
    },
    /// Checks an installed station end to end and says how to fix what is wrong.
    Doctor,
    /// Runs the station's X session and relays the kiosk's READY=1 and WATCHDOG=1 to systemd
    /// (the ExecStart of borne.service).
    #[command(hide = true)]
    Session {
        /// The session's command: `xinit ...`.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, required = true)]
        command: Vec<std::ffi::OsString>,
    },
    /// Sets the admin or volunteer PIN from this terminal (asked twice, not shown).
    SetPin {
        /// admin or volunteer.
        #[arg(value_parser = role)]
        role: Role,
    },
    /// Prints the anonymous usage statistics: per day, week or month, and an hour-of-week table.
    Stats {
        /// First day (YYYY-MM-DD); default: a year before --to.
        #[arg(long)]
        from: Option<chrono::NaiveDate>,
        /// Last day (YYYY-MM-DD); default: today.
        #[arg(long)]
        to: Option<chrono::NaiveDate>,
        /// day, week or month.
        #[arg(long, default_value = "month", value_parser = period)]
        period: Period,
        /// table, csv or json.
        #[arg(long, default_value = "table", value_parser = format)]
        format: Format,
        /// The usage database, if not the config's.
        #[arg(long)]
        database: Option<PathBuf>,
    },
    /// The antenna's keys.
    #[command(subcommand)]
    Antenna(AntennaSub),
    /// The network's statistics hub: enrol this station, push its closed days and months.
    #[command(subcommand)]
    Hub(HubSub),
    /// Opens the antenna's staff console: every station of its config on one screen.
    Console {
        /// The console's config (default: /etc/borne/console.toml).
        path: Option<PathBuf>,
    },
    /// What the kiosk does as the guest account through sudo (never run by hand).
    #[command(hide = true)]
    Guest(borne::services::guest::cli::GuestArgs),
}

/// The antenna's subcommands.
#[derive(Subcommand)]
pub enum AntennaSub {
    /// Makes the antenna's key pair: the private key in a new file (for the staff consoles),
    /// and prints the lines to paste into each station's config.
    Keygen {
        /// Where to write the private key; an existing file is never replaced.
        #[arg(long, default_value = "/etc/borne/antenna.key")]
        key: PathBuf,
    },
    /// Prints a station's status as its API gives it (JSON), signed with the antenna's key.
    Status {
        /// The station's API, e.g. 192.168.1.21:8731.
        address: std::net::SocketAddr,
        /// The antenna's private key.
        #[arg(long, default_value = "/etc/borne/antenna.key")]
        key: PathBuf,
    },
}

/// The network hub's subcommands.
#[derive(Subcommand)]
pub enum HubSub {
    /// Enrols this station at the hub of the config's [hub] with the one-time code its admin
    /// gave (`borne-hub enrolment`), and keeps the station's token beside the PIN file.
    Enrol {
        /// The one-time code.
        code: String,
    },
    /// Pushes now every closed day and month the hub does not have as they are (the kiosk
    /// does it by itself every 30 minutes).
    Push,
}

fn role(code: &str) -> anyhow::Result<Role> {
    Role::from_code(code)
        .ok_or_else(|| anyhow::anyhow!("the role must be admin or volunteer, found {code:?}"))
}

fn period(code: &str) -> anyhow::Result<Period> {
    Period::from_code(code)
        .ok_or_else(|| anyhow::anyhow!("the period must be day, week or month, found {code:?}"))
}

fn format(code: &str) -> anyhow::Result<Format> {
    Format::from_code(code)
        .ok_or_else(|| anyhow::anyhow!("the format must be table, csv or json, found {code:?}"))
}
