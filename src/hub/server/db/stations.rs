//! Antennas, stations, their enrolment codes and tokens, and the hub's admins.

use chrono::{DateTime, Utc};
use deadpool_postgres::Pool;
use sha2::{Digest as _, Sha256};

use super::{DbError, sql};
use crate::hub::protocol::{ErrorCode, HubError};

/// SHA-256, as the database keeps tokens and codes.
pub fn hash(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

/// A new random secret of 32 bytes, URL-safe base64.
///
/// # Errors
/// The system's error if it gives no randomness.
pub fn new_secret() -> Result<String, getrandom::Error> {
    use base64::Engine as _;
    let mut bytes = [0_u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// A new enrolment code to type on a station: 20 characters of Crockford's base32 (100 bits;
/// no I, L, O or U), in groups of 4, e.g. `7K3Q-M2XD-9PAH-4TZB-C1RW`.
///
/// # Errors
/// The system's error if it gives no randomness.
pub fn new_code() -> Result<String, getrandom::Error> {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bytes = [0_u8; 20];
    getrandom::fill(&mut bytes)?;
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(b % 32)]))
        .collect();
    Ok(chars
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-"))
}

/// A code as typed, in the form it was made: upper case, without spaces or dashes, with the
/// letters read as the digits they look like (O as 0, I and L as 1).
pub fn normal_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '\t'))
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect()
}

/// The Standard's fields of an antenna.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AntennaFields {
    /// Its name, unique in the network.
    pub name: String,
    /// Its commune.
    pub commune: Option<String>,
    /// Its postal code.
    pub code_postal: Option<String>,
    /// The SIRET of the structure.
    pub siret: Option<String>,
}

/// Adds an antenna; returns its id.
///
/// # Errors
/// A [`DbError`] (a duplicate name or a bad postal code is refused by the database).
pub async fn add_antenna(pool: &Pool, fields: &AntennaFields) -> Result<i32, DbError> {
    let client = pool.get().await?;
    let row = client
        .query_one(
            "INSERT INTO antenna (name, commune, code_postal, siret) VALUES ($1, $2, $3, $4)
             RETURNING id",
            &[
                &fields.name,
                &fields.commune,
                &fields.code_postal,
                &fields.siret,
            ],
        )
        .await
        .map_err(sql("adding the antenna"))?;
    Ok(row.get(0))
}

/// The antennas, by id.
///
/// # Errors
/// A [`DbError`].
pub async fn antennas(pool: &Pool) -> Result<Vec<(i32, AntennaFields)>, DbError> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT id, name, commune, code_postal, siret FROM antenna ORDER BY name",
            &[],
        )
        .await
        .map_err(sql("reading the antennas"))?;
    Ok(rows
        .iter()
        .map(|row| {
            (
                row.get(0),
                AntennaFields {
                    name: row.get(1),
                    commune: row.get(2),
                    code_postal: row.get(3),
                    siret: row.get(4),
                },
            )
        })
        .collect())
}

/// A station of the network, as its admins see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StationRow {
    /// Its id.
    pub id: i32,
    /// Its antenna's id.
    pub antenna_id: i32,
    /// Its label (chosen by the hub's admin, e.g. "Poste 1").
    pub label: String,
    /// When it enrolled.
    pub enrolled_at: Option<DateTime<Utc>>,
    /// When an admin activated it.
    pub activated_at: Option<DateTime<Utc>>,
    /// Its last push.
    pub last_push: Option<DateTime<Utc>>,
}

/// The stations, by antenna and label.
///
/// # Errors
/// A [`DbError`].
pub async fn stations(pool: &Pool) -> Result<Vec<StationRow>, DbError> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT s.id, s.antenna_id, s.label, s.enrolled_at, s.activated_at,
                    (SELECT max(received_at) FROM period p WHERE p.station_id = s.id)
             FROM station s ORDER BY s.antenna_id, s.label",
            &[],
        )
        .await
        .map_err(sql("reading the stations"))?;
    Ok(rows
        .iter()
        .map(|row| StationRow {
            id: row.get(0),
            antenna_id: row.get(1),
            label: row.get(2),
            enrolled_at: row.get(3),
            activated_at: row.get(4),
            last_push: row.get(5),
        })
        .collect())
}

/// Makes a station of `antenna` named `label` and a one-time code to enrol it, valid for
/// `valid_days`; returns the station's id and the code (kept only as its hash).
///
/// # Errors
/// A [`DbError`] (an unknown antenna, a label already taken).
pub async fn new_enrolment(
    pool: &Pool,
    antenna: i32,
    label: &str,
    valid_days: u32,
) -> Result<(i32, String), DbError> {
    let code = new_code().map_err(|e| DbError::Unavailable(e.to_string()))?;
    let mut client = pool.get().await?;
    let tx = client.transaction().await.map_err(sql("enrolling"))?;
    let station: i32 = tx
        .query_one(
            "INSERT INTO station (antenna_id, label) VALUES ($1, $2) RETURNING id",
            &[&antenna, &label],
        )
        .await
        .map_err(sql("adding the station"))?
        .get(0);
    let days = i32::try_from(valid_days).unwrap_or(i32::MAX);
    tx.execute(
        "INSERT INTO enrolment_code (code_hash, station_id, expires_at)
         VALUES ($1, $2, now() + $3::integer * interval '1 day')",
        &[&hash(&normal_code(&code)), &station, &days],
    )
    .await
    .map_err(sql("adding the enrolment code"))?;
    tx.commit().await.map_err(sql("enrolling"))?;
    Ok((station, code))
}

/// Uses an enrolment code: the station gets a new token (the database keeps its hash), and the
/// code can never be used again.
///
/// # Errors
/// [`DbError::Refused`] with [`ErrorCode::BadCode`] for an unknown, used or expired code.
pub async fn enrol(pool: &Pool, code: &str) -> Result<(i32, String), DbError> {
    let token = new_secret().map_err(|e| DbError::Unavailable(e.to_string()))?;
    let mut client = pool.get().await?;
    let tx = client.transaction().await.map_err(sql("enrolling"))?;
    let row = tx
        .query_opt(
            "UPDATE enrolment_code SET used_at = now()
             WHERE code_hash = $1 AND used_at IS NULL AND expires_at > now()
             RETURNING station_id",
            &[&hash(&normal_code(code))],
        )
        .await
        .map_err(sql("checking the enrolment code"))?;
    let Some(row) = row else {
        return Err(DbError::Refused(HubError::new(
            ErrorCode::BadCode,
            "this enrolment code is unknown, already used or expired: ask the hub's admin for a new one",
        )));
    };
    let station: i32 = row.get(0);
    tx.execute(
        "UPDATE station SET token_hash = $1, enrolled_at = now() WHERE id = $2",
        &[&hash(&token), &station],
    )
    .await
    .map_err(sql("enrolling"))?;
    tx.commit().await.map_err(sql("enrolling"))?;
    Ok((station, token))
}

/// Refuses a station's token from now on (its counts stay). Returns whether the station
/// exists.
///
/// # Errors
/// A [`DbError`].
pub async fn revoke(pool: &Pool, station: i32) -> Result<bool, DbError> {
    let client = pool.get().await?;
    let n = client
        .execute(
            "UPDATE station SET token_hash = NULL WHERE id = $1",
            &[&station],
        )
        .await
        .map_err(sql("revoking the station's token"))?;
    Ok(n == 1)
}

/// A new one-time code for an existing station, valid for `valid_days`: using it replaces the
/// station's token.
///
/// # Errors
/// [`DbError::Refused`] with [`ErrorCode::Unknown`] if there is no such station, or another
/// [`DbError`].
pub async fn reenrolment(pool: &Pool, station: i32, valid_days: u32) -> Result<String, DbError> {
    let code = new_code().map_err(|e| DbError::Unavailable(e.to_string()))?;
    let client = pool.get().await?;
    let days = i32::try_from(valid_days).unwrap_or(i32::MAX);
    let n = client
        .execute(
            "INSERT INTO enrolment_code (code_hash, station_id, expires_at)
             SELECT $1, id, now() + $3::integer * interval '1 day' FROM station WHERE id = $2",
            &[&hash(&normal_code(&code)), &station, &days],
        )
        .await
        .map_err(sql("adding the enrolment code"))?;
    if n == 0 {
        return Err(DbError::Refused(HubError::new(
            ErrorCode::Unknown,
            format!("there is no station {station}"),
        )));
    }
    Ok(code)
}

/// Lets a station's pushes count. Returns whether the station exists.
///
/// # Errors
/// A [`DbError`].
pub async fn activate(pool: &Pool, station: i32) -> Result<bool, DbError> {
    let client = pool.get().await?;
    let n = client
        .execute(
            "UPDATE station SET activated_at = coalesce(activated_at, now()) WHERE id = $1",
            &[&station],
        )
        .await
        .map_err(sql("activating the station"))?;
    Ok(n == 1)
}

/// Adds an admin of the hub's pages, or changes their password (stored as an Argon2id hash).
///
/// # Errors
/// A [`DbError`].
pub async fn set_admin(pool: &Pool, name: &str, password_hash: &str) -> Result<(), DbError> {
    let client = pool.get().await?;
    client
        .execute(
            "INSERT INTO admin (name, password_hash) VALUES ($1, $2)
             ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash",
            &[&name, &password_hash],
        )
        .await
        .map_err(sql("saving the admin"))?;
    Ok(())
}

/// The password hash of the admin `name`, if there is one.
///
/// # Errors
/// A [`DbError`].
pub async fn admin_hash(pool: &Pool, name: &str) -> Result<Option<String>, DbError> {
    let client = pool.get().await?;
    let row = client
        .query_opt("SELECT password_hash FROM admin WHERE name = $1", &[&name])
        .await
        .map_err(sql("reading the admins"))?;
    Ok(row.map(|row| row.get(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_easy_to_type_and_read_back_as_typed() {
        let code = new_code().unwrap();
        assert_eq!(code.len(), 24);
        assert!(
            code.chars()
                .all(|c| c == '-' || c.is_ascii_digit() || c.is_ascii_uppercase())
        );
        assert!(!code.starts_with('-'), "never taken for an option");
        let typed = format!(" {} ", code.to_lowercase().replace('-', " "));
        assert_eq!(normal_code(&typed), normal_code(&code));
        assert_eq!(normal_code("o1l-I"), "0111");
    }
}
