//! The station's side: enrolment, its credentials file, and pushing what the outbox holds,
//! oldest first, with back-off. The station never needs the hub to serve: a hub that is down,
//! refuses or is not yet set up only delays the push.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::protocol::{API, EnrolRequest, Enrolment, HubError, PushBody, PushOutcome, push_path};
use crate::config::Hub;
use crate::services::answer;
use crate::services::usage_log::{PeriodTallies, UsageLog, UsageLogError};

/// How long a request to the hub may take.
const TIMEOUT: Duration = Duration::from_secs(20);

/// Why the hub could not be used.
#[derive(Debug, thiserror::Error)]
pub enum HubClientError {
    /// The certificate authority's file cannot be read or holds no certificate.
    #[error("cannot use the hub's certificate authority {path}: {reason}")]
    CaFile {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// Nothing answered, the TLS check failed, or too late.
    #[error("the hub at {url} cannot be reached: {reason}")]
    Unreachable {
        /// The hub.
        url: String,
        /// What failed (a refused connection, a certificate that is not trusted...).
        reason: String,
    },
    /// The hub refused, and said why.
    #[error("the hub refused: {0}")]
    Refused(HubError),
    /// Something answered, but not as the hub does.
    #[error("the hub answered HTTP {status} without an explanation")]
    NotAHub {
        /// Its HTTP status.
        status: u16,
    },
    /// The credentials file cannot be read or written.
    #[error("{path}: {reason}")]
    Credentials {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The usage log failed.
    #[error(transparent)]
    UsageLog(#[from] UsageLogError),
}

impl HubClientError {
    /// Whether trying again later may work without anyone doing anything.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Unreachable { .. } | Self::NotAHub { .. } | Self::UsageLog(_) => true,
            Self::Refused(refusal) => refusal.error.is_transient(),
            Self::CaFile { .. } | Self::Credentials { .. } => false,
        }
    }
}

/// What the station received at its enrolment, kept in a file only the kiosk reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    /// The station's id at the hub.
    pub station_id: i64,
    /// Its secret token.
    pub token: String,
}

impl Credentials {
    /// Reads the credentials file; `Ok(None)` if the station is not enrolled.
    ///
    /// # Errors
    /// [`HubClientError::Credentials`] if the file is there but unreadable or invalid.
    pub fn load(path: &Path) -> Result<Option<Self>, HubClientError> {
        let error = |reason: String| HubClientError::Credentials {
            path: path.to_path_buf(),
            reason,
        };
        match std::fs::read_to_string(path) {
            Ok(text) => toml::from_str(&text)
                .map(Some)
                .map_err(|e| error(e.to_string())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(error(e.to_string())),
        }
    }

    /// Writes the file whole or not at all, readable only by its owner; when run as root, the
    /// owner becomes the owner of its folder (the kiosk's account).
    ///
    /// # Errors
    /// [`HubClientError::Credentials`] if it cannot be written.
    pub fn save(&self, path: &Path) -> Result<(), HubClientError> {
        use std::io::Write as _;
        use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
        let error = |reason: String| HubClientError::Credentials {
            path: path.to_path_buf(),
            reason,
        };
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| error(e.to_string()))?;
        let text = toml::to_string(self).map_err(|e| error(e.to_string()))?;
        let mut file = tempfile::NamedTempFile::new_in(dir).map_err(|e| error(e.to_string()))?;
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(|e| error(e.to_string()))?;
        file.write_all(text.as_bytes())
            .and_then(|()| file.as_file().sync_all())
            .map_err(|e| error(e.to_string()))?;
        if nix::unistd::geteuid().is_root() {
            let owner = std::fs::metadata(dir).map_err(|e| error(e.to_string()))?;
            nix::unistd::fchown(
                file.as_file(),
                Some(nix::unistd::Uid::from_raw(owner.uid())),
                Some(nix::unistd::Gid::from_raw(owner.gid())),
            )
            .map_err(|e| error(e.to_string()))?;
        }
        file.persist(path).map_err(|e| error(e.to_string()))?;
        Ok(())
    }
}

/// Talks to the hub over verified TLS.
pub struct HubClient {
    agent: ureq::Agent,
    url: String,
}

impl HubClient {
    /// A client of the hub of `[hub]`, trusting `ca_file` if it is set, else the public
    /// authorities.
    ///
    /// # Errors
    /// [`HubClientError::CaFile`] if the authority's file cannot be used.
    pub fn new(hub: &Hub) -> Result<Self, HubClientError> {
        use ureq::tls::{Certificate, RootCerts, TlsConfig};
        let roots = match &hub.ca_file {
            None => RootCerts::WebPki,
            Some(path) => {
                let error = |reason: String| HubClientError::CaFile {
                    path: path.clone(),
                    reason,
                };
                let pem = std::fs::read(path).map_err(|e| error(e.to_string()))?;
                let certs: Vec<Certificate<'static>> = ureq::tls::parse_pem(&pem)
                    .filter_map(|item| match item {
                        Ok(ureq::tls::PemItem::Certificate(cert)) => Some(cert),
                        _ => None,
                    })
                    .collect();
                if certs.is_empty() {
                    return Err(error("no PEM certificate in it".to_owned()));
                }
                RootCerts::new_with_certs(&certs)
            }
        };
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(TIMEOUT))
            .http_status_as_error(false)
            .tls_config(TlsConfig::builder().root_certs(roots).build())
            .build()
            .into();
        Ok(Self {
            agent,
            url: hub.url.clone(),
        })
    }

    /// Enrols the station with an admin's one-time `code`.
    ///
    /// # Errors
    /// A [`HubClientError`] if the hub cannot be reached or refuses the code.
    pub fn enrol(&self, code: &str) -> Result<Enrolment, HubClientError> {
        let body = serde_json::to_vec(&EnrolRequest {
            code: code.trim().to_owned(),
        })
        .unwrap_or_default();
        let request = self
            .agent
            .post(format!("{}{API}/enrol", self.url))
            .header("content-type", "application/json");
        self.answer(request.send(&body[..]))
    }

    /// Sends one period's counts.
    ///
    /// # Errors
    /// A [`HubClientError`] if the hub cannot be reached or refuses them.
    pub fn push(
        &self,
        credentials: &Credentials,
        period: &PeriodTallies,
        revision: i64,
    ) -> Result<PushOutcome, HubClientError> {
        let body = serde_json::to_vec(&PushBody {
            revision,
            counts: period.counts.clone(),
        })
        .unwrap_or_default();
        let path = push_path(credentials.station_id, period.span, period.start);
        let request = self
            .agent
            .put(format!("{}{path}", self.url))
            .header("authorization", format!("Bearer {}", credentials.token))
            .header("content-type", "application/json");
        self.answer(request.send(&body[..]))
    }

    /// The hub's answer: what it gives on success, its refusal otherwise.
    fn answer<T: serde::de::DeserializeOwned>(
        &self,
        response: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<T, HubClientError> {
        let unreachable = |error: ureq::Error| HubClientError::Unreachable {
            url: self.url.clone(),
            reason: error.to_string(),
        };
        let mut response = response.map_err(unreachable)?;
        let (status, text) = answer::read(&mut response).map_err(unreachable)?;
        if status == 200 {
            serde_json::from_str(&text).map_err(|_| HubClientError::NotAHub { status })
        } else {
            Err(refusal(status, &text))
        }
    }
}

fn refusal(status: u16, answer: &str) -> HubClientError {
    match serde_json::from_str::<HubError>(answer) {
        Ok(error) => HubClientError::Refused(error),
        Err(_) => HubClientError::NotAHub { status },
    }
}

/// What one round of pushes did.
#[derive(Debug, Default)]
pub struct PushRound {
    /// Periods the hub stored (or already had).
    pub sent: usize,
    /// Periods the hub refused for good, with why: they stay in the outbox.
    pub refused: Vec<(PeriodTallies, HubError)>,
    /// Why the round stopped early, if it did: the rest waits for the next round.
    pub stopped: Option<HubClientError>,
}

/// Sends every closed period that changed since it was last sent, oldest first. A period the
/// hub refuses for good is skipped (and said); the round stops at the first error that may pass
/// (the hub is down, not yet activated): what is left waits in the outbox.
pub fn push_unsent(
    client: &HubClient,
    credentials: &Credentials,
    usage: &mut UsageLog,
    now: DateTime<Utc>,
) -> PushRound {
    let mut round = PushRound::default();
    let unsent = match usage.unsent_periods(now) {
        Ok(unsent) => unsent,
        Err(error) => {
            round.stopped = Some(error.into());
            return round;
        }
    };
    for period in unsent {
        let revision = match usage.next_revision(now) {
            Ok(revision) => revision,
            Err(error) => {
                round.stopped = Some(error.into());
                return round;
            }
        };
        match client.push(credentials, &period, revision) {
            Ok(_) => {
                if let Err(error) = usage.mark_sent(&period) {
                    round.stopped = Some(error.into());
                    return round;
                }
                round.sent += 1;
            }
            Err(HubClientError::Refused(refusal)) if !refusal.error.is_transient() => {
                round.refused.push((period, refusal));
            }
            Err(error) => {
                round.stopped = Some(error);
                return round;
            }
        }
    }
    round
}

/// How long the pusher waits between rounds that went well.
const EVERY: Duration = Duration::from_secs(30 * 60);

/// The first wait after a failure; it doubles up to [`EVERY`].
const FIRST_RETRY: Duration = Duration::from_secs(60);

/// The station's pusher: a thread that opens its own connection to the usage log and pushes
/// every [`EVERY`], sooner after a start, and backs off from 1 minute to 30 after a failure.
/// It never touches the station's sessions.
pub fn spawn_pusher(hub: Hub, usage_path: PathBuf, credentials_path: PathBuf) {
    let spawned = std::thread::Builder::new()
        .name("hub-push".to_owned())
        .spawn(move || {
            let mut wait = Duration::from_secs(20);
            let mut failing = false;
            loop {
                std::thread::sleep(wait);
                (wait, failing) = match push_round(&hub, &usage_path, &credentials_path) {
                    Ok(()) => (EVERY, false),
                    Err(error) => {
                        let next = if failing {
                            (wait * 2).min(EVERY)
                        } else {
                            FIRST_RETRY
                        };
                        log::warn!(
                            "network statistics: {error:#}; next try in {} min",
                            next.as_secs() / 60
                        );
                        (next, true)
                    }
                };
            }
        });
    if let Err(error) = spawned {
        log::warn!("network statistics off: cannot start the pusher: {error}");
    }
}

fn push_round(hub: &Hub, usage_path: &Path, credentials_path: &Path) -> Result<(), HubClientError> {
    let Some(credentials) = Credentials::load(credentials_path)? else {
        return Err(HubClientError::Credentials {
            path: credentials_path.to_path_buf(),
            reason: "missing: enrol the station with `borne hub enrol CODE`".to_owned(),
        });
    };
    let client = HubClient::new(hub)?;
    let mut usage = UsageLog::open_for_outbox(usage_path, crate::services::usage_log::Zone::Local)?;
    let round = push_unsent(&client, &credentials, &mut usage, Utc::now());
    for (period, refusal) in &round.refused {
        log::warn!(
            "network statistics: the {} of {} was refused: {refusal}",
            period.span.code(),
            period.start
        );
    }
    if round.sent > 0 {
        log::info!("network statistics: {} period(s) sent", round.sent);
    }
    round.stopped.map_or(Ok(()), Err)
}
