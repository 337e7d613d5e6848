//! The console's requests to one station: signed, with short timeouts, so that a station that
//! does not answer is told as such and never holds the others.

use std::net::SocketAddr;
use std::time::Duration;

use ed25519_dalek::SigningKey;

use crate::antenna::protocol::{
    ApiError, COMMANDS_PATH, CommandReply, CommandRequest, STATUS_PATH, Status,
};
use crate::antenna::signing::{self, NONCE_HEADER, SIGNATURE_HEADER, Signed, TIME_HEADER};
use crate::services::answer;

/// Why a request got no useful answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Nothing answered at the address (off, unplugged, a wrong address), or too late.
    Unreachable(String),
    /// The station refused the request, and said why.
    Refused(ApiError),
    /// Something answered, but not as a station does.
    NotAStation(String),
}

/// How long a command may take: the station waits up to 5 s for its supervisor (a copy to a
/// USB key holds it), and says so.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(8);

/// Signs and sends the console's requests.
pub struct Client {
    key: SigningKey,
    /// For the status: quick, so that a silent station is soon shown as such.
    agent: ureq::Agent,
    /// For commands: long enough for the station's answer.
    command_agent: ureq::Agent,
}

/// An agent that gives up after `timeout`, with a new connection for each request (a station
/// closes its connections after 10 s: a kept one could be closed under a request).
fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_idle_connections(0)
        .build()
        .into()
}

impl Client {
    /// A client that signs with the antenna's private `key` and gives up on a status after
    /// `timeout`.
    pub fn new(key: SigningKey, timeout: Duration) -> Self {
        Self {
            key,
            agent: agent(timeout),
            command_agent: agent(COMMAND_TIMEOUT.max(timeout)),
        }
    }

    /// The station's status.
    ///
    /// # Errors
    /// A [`Failure`] when it gives none.
    pub fn status(&self, address: SocketAddr) -> Result<Status, Failure> {
        let answer = self.send("GET", address, STATUS_PATH, &[])?;
        serde_json::from_str(&answer).map_err(|error| Failure::NotAStation(error.to_string()))
    }

    /// Sends a command and returns the station's answer.
    ///
    /// # Errors
    /// A [`Failure`] when the station refused it or did not answer.
    pub fn command(
        &self,
        address: SocketAddr,
        request: &CommandRequest,
    ) -> Result<CommandReply, Failure> {
        let body = serde_json::to_vec(request).unwrap_or_default();
        let answer = self.send("POST", address, COMMANDS_PATH, &body)?;
        serde_json::from_str(&answer).map_err(|error| Failure::NotAStation(error.to_string()))
    }

    fn send(
        &self,
        method: &str,
        address: SocketAddr,
        path: &str,
        body: &[u8],
    ) -> Result<String, Failure> {
        let nonce =
            signing::new_nonce().map_err(|error| Failure::Unreachable(error.to_string()))?;
        let time = crate::antenna::server::wall_secs();
        let signature = Signed {
            method,
            path,
            body,
            time,
            nonce: &nonce,
        }
        .sign(&self.key);
        let url = format!("http://{address}{path}");
        let sent = match method {
            "POST" => self
                .command_agent
                .post(&url)
                .header(TIME_HEADER, time.to_string())
                .header(NONCE_HEADER, &nonce)
                .header(SIGNATURE_HEADER, &signature)
                .header("content-type", "application/json")
                .send(body),
            _ => self
                .agent
                .get(&url)
                .header(TIME_HEADER, time.to_string())
                .header(NONCE_HEADER, &nonce)
                .header(SIGNATURE_HEADER, &signature)
                .call(),
        };
        let mut response = sent.map_err(|error| Failure::Unreachable(error.to_string()))?;
        let (status, text) =
            answer::read(&mut response).map_err(|error| Failure::Unreachable(error.to_string()))?;
        if status == 200 {
            return Ok(text);
        }
        match serde_json::from_str::<ApiError>(&text) {
            Ok(error) => Err(Failure::Refused(error)),
            Err(_) => Err(Failure::NotAStation(format!("HTTP {status}"))),
        }
    }
}

/// Whether a station's API answers at `address`, as `borne doctor` asks: an unsigned request
/// that a station refuses as such.
///
/// # Errors
/// [`Failure::Unreachable`] if nothing answers, [`Failure::NotAStation`] if something else
/// holds the port.
pub fn probe(address: SocketAddr) -> Result<(), Failure> {
    let mut response = agent(Duration::from_secs(2))
        .get(&format!("http://{address}{STATUS_PATH}"))
        .call()
        .map_err(|error| Failure::Unreachable(error.to_string()))?;
    let text = answer::read(&mut response)
        .map(|(_, text)| text)
        .unwrap_or_default();
    match serde_json::from_str::<ApiError>(&text) {
        Ok(error) if error.error == crate::antenna::protocol::ErrorCode::Unsigned => Ok(()),
        _ => Err(Failure::NotAStation(format!(
            "HTTP {}",
            response.status().as_u16()
        ))),
    }
}
