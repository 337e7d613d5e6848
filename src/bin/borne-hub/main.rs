//! `borne-hub`: the network's statistics hub. Stations push their closed days and months to
//! it over HTTPS; admins read the network's report on its page or export it. Everything is in
//! one PostgreSQL database (`--database`, or `BORNE_HUB_DATABASE`, libpq's `key=value` form).

mod bench;

use std::io::BufRead as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use borne::domain::Language;
use borne::hub::server::db::{self, AntennaFields};
use borne::hub::server::pages::{self, Ask};
use borne::services::usage_log::{Format, render_labelled};
use clap::{Parser, Subcommand};

/// The network's statistics hub of Borne.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// The database, e.g. "host=/run/postgresql dbname=borne_hub" (default: the environment's
    /// BORNE_HUB_DATABASE, else that).
    #[arg(long, global = true, value_name = "SETTINGS")]
    database: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Creates or updates the database's tables (the server does it too when it starts).
    Migrate,
    /// Serves the stations' API and the admins' pages over HTTPS.
    Serve {
        /// Address and port, e.g. 0.0.0.0:8443.
        #[arg(long)]
        listen: std::net::SocketAddr,
        /// The server's certificate chain (PEM).
        #[arg(long)]
        cert: PathBuf,
        /// Its private key (PEM).
        #[arg(long)]
        key: PathBuf,
    },
    /// Adds an antenna, with the Standard des lieux de médiation numérique's fields; prints its
    /// number.
    Antenna {
        /// Its name, unique in the network.
        name: String,
        /// Its commune.
        #[arg(long)]
        commune: Option<String>,
        /// Its postal code.
        #[arg(long)]
        code_postal: Option<String>,
        /// The SIRET of its structure.
        #[arg(long)]
        siret: Option<String>,
    },
    /// Adds a station to an antenna and prints its one-time enrolment code, to type on the
    /// station: `borne hub enrol CODE`.
    Enrolment {
        /// The antenna's number.
        antenna: i32,
        /// The station's label, e.g. "Poste 1".
        label: String,
        /// How many days the code stays valid.
        #[arg(long, default_value_t = 7)]
        days: u32,
    },
    /// Lets an enrolled station's counts in the network's figures.
    Activate {
        /// The station's number.
        station: i32,
    },
    /// Stops a station's token: its pushes are refused from now on, what it sent stays counted.
    /// For a stolen or discarded station; `reenrol` gives it a new code.
    Revoke {
        /// The station's number.
        station: i32,
    },
    /// Prints a new one-time enrolment code for an existing station (reinstalled, or its token
    /// revoked): using it replaces the station's token, and its figures go on under its number.
    Reenrol {
        /// The station's number.
        station: i32,
        /// How many days the code stays valid.
        #[arg(long, default_value_t = 7)]
        days: u32,
    },
    /// Adds an admin of the hub's pages, or changes their password (read from standard input).
    Admin {
        /// The admin's name.
        name: String,
    },
    /// Prints the network's report.
    Report {
        /// First day (YYYY-MM-DD); default: twelve months ago.
        #[arg(long)]
        from: Option<String>,
        /// Last day (YYYY-MM-DD); default: the end of last month.
        #[arg(long)]
        to: Option<String>,
        /// day, week, month or antenna.
        #[arg(long, default_value = "month")]
        by: String,
        /// Only this antenna.
        #[arg(long)]
        antenna: Option<i32>,
        /// Only the sessions of this thématique (La Coop's code, e.g. insertion_professionnelle).
        #[arg(long)]
        thematique: Option<String>,
        /// csv, json or table.
        #[arg(long, default_value = "csv", value_parser = format)]
        format: Format,
    },
    /// Measures the hub: enrols stations, pushes two years of days and months over HTTPS, times
    /// the network's year report (scripts/hub-scale).
    #[command(hide = true)]
    Bench(bench::BenchArgs),
}

fn format(code: &str) -> anyhow::Result<Format> {
    Format::from_code(code)
        .ok_or_else(|| anyhow::anyhow!("the format must be table, csv or json, found {code:?}"))
}

fn main() -> ExitCode {
    borne::logging::init();
    match run() {
        Ok(code) => code,
        Err(error) => {
            log::error!("{error:#}");
            ExitCode::FAILURE
        }
    }
}

#[expect(
    clippy::print_stdout,
    reason = "the hub's admin commands answer on standard output"
)]
fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    let settings = cli
        .database
        .or_else(|| std::env::var("BORNE_HUB_DATABASE").ok())
        .unwrap_or_else(|| "host=/run/postgresql dbname=borne_hub".to_owned());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the hub's runtime")?;
    let pool = db::pool(&settings, 16)?;
    runtime.block_on(async {
        match cli.command {
            Command::Migrate => {
                let version = db::migrate(&pool).await?;
                println!("database at version {version}");
            }
            Command::Serve { listen, cert, key } => {
                let acceptor = borne::hub::server::tls::acceptor(&cert, &key)?;
                // A hub whose database is down still starts, answers 503 and migrates later.
                if let Err(error) = db::migrate(&pool).await {
                    log::warn!("hub: cannot migrate the database yet: {error}");
                }
                let listener = tokio::net::TcpListener::bind(listen)
                    .await
                    .with_context(|| format!("listening on {listen}"))?;
                log::info!("hub: serving on https://{listen}");
                let hub = Arc::new(borne::hub::server::Hub::new(pool));
                borne::hub::server::serve(listener, acceptor, hub).await?;
            }
            Command::Antenna {
                name,
                commune,
                code_postal,
                siret,
            } => {
                let fields = AntennaFields {
                    name,
                    commune,
                    code_postal,
                    siret,
                };
                let id = db::add_antenna(&pool, &fields).await?;
                println!("{id}");
            }
            Command::Enrolment {
                antenna,
                label,
                days,
            } => {
                let (station, code) = db::new_enrolment(&pool, antenna, &label, days).await?;
                println!("station {station}: on it, run `borne hub enrol {code}` (valid {days} days, once)");
            }
            Command::Activate { station } => {
                if !db::activate(&pool, station).await? {
                    anyhow::bail!("there is no station {station}");
                }
                println!("station {station} activated: its counts are in the network's figures");
            }
            Command::Revoke { station } => {
                if !db::revoke(&pool, station).await? {
                    anyhow::bail!("there is no station {station}");
                }
                println!(
                    "station {station}: its token is refused from now on; \
                     `borne-hub reenrol {station}` gives it a new code"
                );
            }
            Command::Reenrol { station, days } => {
                let code = db::reenrolment(&pool, station, days).await?;
                println!("station {station}: on it, run `borne hub enrol {code}` (valid {days} days, once)");
            }
            Command::Admin { name } => {
                let mut password = String::new();
                std::io::stdin().lock().read_line(&mut password)?;
                let password = password.trim_end_matches(['\r', '\n']);
                if password.chars().count() < 12 {
                    anyhow::bail!("the password must have at least 12 characters");
                }
                let hash = admin_hash(password)?;
                db::set_admin(&pool, &name, &hash).await?;
                println!("admin {name} saved");
            }
            Command::Report {
                from,
                to,
                by,
                antenna,
                thematique,
                format,
            } => {
                let mut query = vec![format!("by={by}")];
                query.extend(from.map(|d| format!("from={d}")));
                query.extend(to.map(|d| format!("to={d}")));
                query.extend(antenna.map(|a| format!("antenna={a}")));
                query.extend(thematique.map(|t| format!("thematique={t}")));
                let ask = Ask::parse(Some(&query.join("&")), chrono::Utc::now().date_naive())?;
                let (report, labels) = pages::report(&pool, &ask).await?;
                print!("{}", render_labelled(&report, labels.as_deref(), format, Language::Fr));
            }
            Command::Bench(args) => bench::run(&pool, &args).await?,
        }
        anyhow::Ok(ExitCode::SUCCESS)
    })
}

fn admin_hash(password: &str) -> anyhow::Result<String> {
    use argon2::PasswordHasher as _;
    argon2::Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|error| anyhow::anyhow!("hashing the password: {error}"))
}
