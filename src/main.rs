//! The `borne` program: [`cli`] reads the command line, [`paths`] says where the station's
//! files are, [`kiosk`] runs the kiosk and [`commands`] the admin's subcommands. These four
//! modules are the program's own; the library's are listed in `lib.rs`.

mod cli;
mod commands;
mod kiosk;
mod paths;

use std::process::ExitCode;

use anyhow::Context as _;
use borne::services::usage_log::Period;
use clap::Parser as _;

use crate::cli::{AntennaSub, Cli, HubSub, Sub};
use crate::paths::Paths;

fn main() -> ExitCode {
    // Neither starts a thread: malloc is tuned before any other thread exists.
    borne::logging::init();
    kiosk::give_big_allocations_back();
    match run() {
        Ok(code) => code,
        Err(error) => {
            log::error!("{error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    let paths = Paths::resolve(cli.config, cli.secrets);
    let station_config = paths.station_config();
    match cli.command {
        Some(Sub::CheckConfig { path }) => Ok(commands::check_config(&path)),
        Some(Sub::InstallPolicies) => commands::install_policies(station_config),
        Some(Sub::CheckPolicies) => commands::check_policies(station_config),
        Some(Sub::ApplyConfig) => Ok(commands::apply_config(station_config)),
        Some(Sub::StationClean { stopped }) => Ok(commands::station_clean(station_config, stopped)),
        Some(Sub::Doctor) => Ok(commands::doctor(station_config)),
        Some(Sub::Session { command }) => {
            let Some((program, args)) = command.split_first() else {
                anyhow::bail!("borne session: no command to run");
            };
            let code = borne::services::systemd::relay_session(program, args)
                .with_context(|| format!("starting {}", program.to_string_lossy()))?;
            Ok(ExitCode::from(u8::try_from(code).unwrap_or(1)))
        }
        Some(Sub::SetPin { role }) => {
            borne::services::set_pin::set_pin_from_terminal(&paths.secrets, role)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Sub::Stats {
            from,
            to,
            period,
            format,
            database,
        }) => {
            let config = commands::stats_config(paths.config.as_deref())?;
            let path = database.unwrap_or_else(|| paths.usage_log(&config));
            let query = commands::stats_query(&config, from, to, period);
            commands::print_stats(&path, &query, format)
        }
        Some(Sub::Guest(args)) => Ok(borne::services::guest::cli::run(&args)),
        Some(Sub::Antenna(AntennaSub::Keygen { key })) => commands::antenna_keygen(&key),
        Some(Sub::Antenna(AntennaSub::Status { address, key })) => {
            commands::antenna_status(address, &key)
        }
        Some(Sub::Hub(HubSub::Enrol { code })) => {
            commands::hub_enrol(paths.station_config(), &paths.hub_credentials(), &code)
        }
        Some(Sub::Hub(HubSub::Push)) => {
            let config = commands::stats_config(paths.config.as_deref())?;
            commands::hub_push(&config, &paths.usage_log(&config), &paths.hub_credentials())
        }
        Some(Sub::Console { path }) => commands::console(
            &path.unwrap_or_else(|| std::path::PathBuf::from("/etc/borne/console.toml")),
        ),
        None if cli.stats => {
            let config = commands::stats_config(paths.config.as_deref())?;
            let query = commands::stats_query(&config, None, None, Period::Month);
            commands::stats_window(&paths.usage_log(&config), &query, config.station.language)
        }
        None => kiosk::run(&paths),
    }
}
