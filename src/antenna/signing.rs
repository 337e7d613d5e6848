//! Every request of the console is signed with the antenna's private key (Ed25519); every
//! station checks it with the public key in its config. Nothing secret travels, and a station
//! that is stolen holds nothing that can command its neighbours.
//!
//! The signature covers the method, the path, the SHA-256 of the body, the time and a random
//! nonce. A station refuses a time more than [`WINDOW`] away from its own clock or from before
//! its API started (nothing captured before a restart can be played again), and a nonce it has
//! seen while that request's time could still pass.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest as _, Sha256};

/// How far the request's time may be from the station's clock.
pub const WINDOW: Duration = Duration::from_secs(60);
/// At most this many nonces are remembered; more requests within the window are refused
/// (the antenna has a few consoles, each asking every few seconds).
const MAX_NONCES: usize = 20_000;
/// How long a nonce is remembered: as long as a request's time can pass the window (twice
/// it), with a margin for the wall clock and the monotonic one drifting apart.
const KEEP_NONCES: Duration = Duration::from_secs(2 * WINDOW.as_secs() + 10);
/// What a signed message starts with: a signature made for anything else never fits.
const CONTEXT: &str = "borne-antenna-1";

/// The header with the request's time, in seconds since 1970 (UTC).
pub const TIME_HEADER: &str = "borne-time";
/// The header with the request's nonce: 16 random bytes, in hexadecimal.
pub const NONCE_HEADER: &str = "borne-nonce";
/// The header with the signature, in base64.
pub const SIGNATURE_HEADER: &str = "borne-signature";

/// Why a key could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeyError {
    /// Not base64, or not 32 bytes once decoded.
    #[error("must be 32 bytes in base64 (44 characters), as `borne antenna keygen` prints")]
    Shape,
    /// 32 bytes, but not a point of the curve.
    #[error("is not an Ed25519 public key")]
    NotAKey,
}

/// Reads a public key as written in a station's config: base64 of its 32 bytes.
///
/// # Errors
/// [`KeyError`] if it is not such a key.
pub fn public_key_from_text(text: &str) -> Result<VerifyingKey, KeyError> {
    let bytes = key_bytes(text)?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| KeyError::NotAKey)
}

/// Reads a private key as `borne antenna keygen` wrote it.
///
/// # Errors
/// [`KeyError::Shape`] if it is not 32 bytes in base64.
pub fn private_key_from_text(text: &str) -> Result<SigningKey, KeyError> {
    key_bytes(text).map(|bytes| SigningKey::from_bytes(&bytes))
}

fn key_bytes(text: &str) -> Result<[u8; 32], KeyError> {
    let bytes = BASE64.decode(text.trim()).map_err(|_| KeyError::Shape)?;
    bytes.try_into().map_err(|_| KeyError::Shape)
}

/// A public key as a station's config holds it.
pub fn public_key_text(key: &VerifyingKey) -> String {
    BASE64.encode(key.to_bytes())
}

/// A new key pair from the system's random source.
///
/// # Errors
/// If the system has no random source to give.
pub fn generate() -> Result<SigningKey, getrandom::Error> {
    let mut secret = [0_u8; 32];
    getrandom::fill(&mut secret)?;
    Ok(SigningKey::from_bytes(&secret))
}

/// Writes a new private key to `path`, readable by its owner only, and returns its key pair.
/// An existing file is never replaced: the stations would all need the new public key.
///
/// # Errors
/// If the file exists or cannot be written, or there is no random source; the message names
/// the file.
pub fn write_new_key(path: &Path) -> std::io::Result<SigningKey> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let named = |error: std::io::Error| {
        std::io::Error::new(error.kind(), format!("{}: {error}", path.display()))
    };
    let key = generate().map_err(std::io::Error::other)?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(named)?;
    writeln!(file, "{}", BASE64.encode(key.to_bytes()))
        .and_then(|()| file.sync_all())
        .map_err(named)?;
    Ok(key)
}

/// What is signed: the request's method, path, body, time and nonce.
#[derive(Clone, Copy, Debug)]
pub struct Signed<'a> {
    /// `GET` or `POST`.
    pub method: &'a str,
    /// The path, e.g. `/v1/status`.
    pub path: &'a str,
    /// The body as sent.
    pub body: &'a [u8],
    /// Seconds since 1970 (UTC).
    pub time: i64,
    /// Random, never used twice.
    pub nonce: &'a str,
}

impl Signed<'_> {
    fn message(&self) -> Vec<u8> {
        let body_hash = BASE64.encode(Sha256::digest(self.body));
        format!(
            "{CONTEXT}\n{}\n{}\n{body_hash}\n{}\n{}",
            self.method, self.path, self.time, self.nonce
        )
        .into_bytes()
    }

    /// The signature of this request, in base64.
    pub fn sign(&self, key: &SigningKey) -> String {
        BASE64.encode(key.sign(&self.message()).to_bytes())
    }
}

/// A fresh nonce: 16 random bytes in hexadecimal.
///
/// # Errors
/// If the system has no random source to give.
pub fn new_nonce() -> Result<String, getrandom::Error> {
    let mut bytes = [0_u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
}

/// Why a request was refused before it was read (its message is its
/// [`crate::antenna::protocol::ErrorCode`]'s).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A header of the signature is missing or malformed.
    Unsigned,
    /// The signature does not match the antenna's public key.
    BadSignature,
    /// The request's time is too far from the station's clock, or from before its API started.
    Stale,
    /// The nonce was used already.
    Replayed,
    /// Too many requests within the window.
    TooMany,
}

/// A station's check of signed requests, with the nonces it saw.
pub struct Verifier {
    key: VerifyingKey,
    seen: HashMap<String, Instant>,
    /// When the API started (seconds since 1970): a request signed before is refused.
    started: i64,
}

impl Verifier {
    /// Checks requests against the antenna's public key, for an API started at `started`
    /// (seconds since 1970).
    pub fn new(key: VerifyingKey, started: i64) -> Self {
        Self {
            key,
            seen: HashMap::new(),
            started,
        }
    }

    /// Checks `request` with its `signature` at the station's time `wall` (seconds since
    /// 1970) and monotonic instant `now`, and remembers its nonce.
    ///
    /// # Errors
    /// The [`Refusal`]: nothing about the request is remembered then, except that a
    /// well-signed nonce is never accepted twice.
    pub fn check(
        &mut self,
        request: &Signed<'_>,
        signature: &str,
        wall: i64,
        now: Instant,
    ) -> Result<(), Refusal> {
        let well_formed_nonce = request.nonce.len() == 32
            && request
                .nonce
                .bytes()
                .all(|byte| byte.is_ascii_hexdigit() && !byte.is_ascii_uppercase());
        if !well_formed_nonce {
            return Err(Refusal::Unsigned);
        }
        let signature = BASE64
            .decode(signature.trim())
            .ok()
            .and_then(|bytes| Signature::from_slice(&bytes).ok())
            .ok_or(Refusal::Unsigned)?;
        self.key
            .verify_strict(&request.message(), &signature)
            .map_err(|_| Refusal::BadSignature)?;
        // The clock was put back (NTP after a boot): the start moves back with it, or every
        // request would be refused until the clock catches up.
        self.started = self.started.min(wall);
        if request.time.abs_diff(wall) > WINDOW.as_secs() || request.time < self.started {
            return Err(Refusal::Stale);
        }
        self.seen.retain(|_, until| *until > now);
        if self.seen.contains_key(request.nonce) {
            return Err(Refusal::Replayed);
        }
        if self.seen.len() >= MAX_NONCES {
            return Err(Refusal::TooMany);
        }
        self.seen
            .insert(request.nonce.to_owned(), now + KEEP_NONCES);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SigningKey {
        SigningKey::from_bytes(&[7; 32])
    }

    const NONCE: &str = "00112233445566778899aabbccddeeff";

    fn request(body: &[u8]) -> Signed<'_> {
        Signed {
            method: "POST",
            path: "/v1/commands",
            body,
            time: 1_000_000,
            nonce: NONCE,
        }
    }

    #[test]
    fn a_signed_request_passes_once() {
        let mut verifier = Verifier::new(key().verifying_key(), 0);
        let now = Instant::now();
        let signature = request(b"{}").sign(&key());
        assert_eq!(
            verifier.check(&request(b"{}"), &signature, 1_000_030, now),
            Ok(())
        );
        assert_eq!(
            verifier.check(&request(b"{}"), &signature, 1_000_031, now),
            Err(Refusal::Replayed)
        );
        // Until the request's time is out of the window, its nonce is remembered.
        assert_eq!(
            verifier.check(
                &request(b"{}"),
                &signature,
                1_000_060,
                now + Duration::from_secs(120)
            ),
            Err(Refusal::Replayed)
        );
        // Long after, the nonce is forgotten, but the time is then stale.
        assert_eq!(
            verifier.check(
                &request(b"{}"),
                &signature,
                1_000_200,
                now + Duration::from_secs(200)
            ),
            Err(Refusal::Stale)
        );
    }

    #[test]
    fn anything_changed_breaks_the_signature() {
        let mut verifier = Verifier::new(key().verifying_key(), 0);
        let now = Instant::now();
        let signature = request(b"{\"command\":\"reopen\"}").sign(&key());
        assert_eq!(
            verifier.check(
                &request(b"{\"command\":\"close\"}"),
                &signature,
                1_000_000,
                now
            ),
            Err(Refusal::BadSignature)
        );
        let other_path = Signed {
            path: "/v1/status",
            ..request(b"{\"command\":\"reopen\"}")
        };
        assert_eq!(
            verifier.check(&other_path, &signature, 1_000_000, now),
            Err(Refusal::BadSignature)
        );
        let other_key = SigningKey::from_bytes(&[8; 32]);
        let forged = request(b"{}").sign(&other_key);
        assert_eq!(
            verifier.check(&request(b"{}"), &forged, 1_000_000, now),
            Err(Refusal::BadSignature)
        );
        assert_eq!(
            verifier.check(&request(b"{}"), "not base64!", 1_000_000, now),
            Err(Refusal::Unsigned)
        );
    }

    #[test]
    fn a_request_from_too_far_in_the_past_or_future_is_stale() {
        let mut verifier = Verifier::new(key().verifying_key(), 0);
        let now = Instant::now();
        let signature = request(b"").sign(&key());
        assert_eq!(
            verifier.check(&request(b""), &signature, 1_000_061, now),
            Err(Refusal::Stale)
        );
        assert_eq!(
            verifier.check(&request(b""), &signature, 999_939, now),
            Err(Refusal::Stale)
        );
        assert_eq!(
            verifier.check(&request(b""), &signature, 999_940, now),
            Ok(())
        );
    }

    #[test]
    fn a_request_signed_before_the_api_started_is_stale() {
        let mut verifier = Verifier::new(key().verifying_key(), 1_000_010);
        let now = Instant::now();
        let signature = request(b"").sign(&key());
        assert_eq!(
            verifier.check(&request(b""), &signature, 1_000_020, now),
            Err(Refusal::Stale)
        );
        // The clock put back: the start follows it.
        assert_eq!(
            verifier.check(&request(b""), &signature, 999_995, now),
            Ok(())
        );
    }

    #[test]
    fn keys_read_back_and_bad_ones_are_named() {
        let public = public_key_text(&key().verifying_key());
        assert_eq!(public.len(), 44);
        assert_eq!(public_key_from_text(&public), Ok(key().verifying_key()));
        assert_eq!(public_key_from_text("abc"), Err(KeyError::Shape));
        assert_eq!(
            public_key_from_text(&BASE64.encode([1_u8; 31])),
            Err(KeyError::Shape)
        );
        let nonce = new_nonce().unwrap_or_default();
        assert_eq!(nonce.len(), 32);
    }
}
