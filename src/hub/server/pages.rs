//! The admins' side of the hub: the report page and its CSV and JSON exports, behind HTTP
//! Basic authentication (over TLS) checked against Argon2id hashes. The figures are the
//! station's report built from the network's sums: the same hiding of small counts, and of
//! the counts that would give one by subtraction.

use std::collections::HashMap;
use std::sync::Arc;

use argon2::{Argon2, PasswordVerifier as _};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike as _, NaiveDate};

use super::Hub;
use super::db::{self, DbError, Scope};
use crate::domain::{Language, Thematique};
use crate::services::usage_log::{
    Format, Period, Report, ReportQuery, TallyReport, cells, render_labelled,
};
use crate::ui::i18n::{StatsCatalogue, StatsText};

/// How the rows of a report are cut.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    /// One row per period.
    Period(Period),
    /// One row per antenna, over the whole range.
    Antenna,
}

/// What an admin asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ask {
    /// First and last day.
    pub range: (NaiveDate, NaiveDate),
    /// How rows are cut.
    pub by: By,
    /// Which stations.
    pub scope: Scope,
    /// Only the sessions of this thématique (the purpose of the visit).
    pub thematique: Option<Thematique>,
}

/// A parameter of the report's address that cannot be read: its message, in French, names it
/// and says what it takes.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum AskMistake {
    /// Not a date.
    #[error("« {key} » doit être une date AAAA-MM-JJ, pas « {text} ».")]
    Date {
        /// The parameter.
        key: &'static str,
        /// What was given.
        text: String,
    },
    /// Not a number.
    #[error("« {key} » doit être un numéro, pas « {text} ».")]
    Number {
        /// The parameter.
        key: &'static str,
        /// What was given.
        text: String,
    },
    /// The range is upside down.
    #[error("Le début ({from}) est après la fin ({to}).")]
    Reversed {
        /// First day asked.
        from: NaiveDate,
        /// Last day asked.
        to: NaiveDate,
    },
    /// Not a way to cut rows.
    #[error("« by » vaut day, week, month ou antenna, pas « {0} ».")]
    By(String),
    /// Not one of La Coop's thématiques.
    #[error("« thematique » vaut un des codes de La Coop ({codes}), pas « {text} ».")]
    Thematique {
        /// What was given.
        text: String,
        /// The codes it may take.
        codes: String,
    },
}

impl Ask {
    /// Reads `from`, `to`, `by` (`day`, `week`, `month` or `antenna`), `antenna`, `station` and
    /// `thematique` from a query string; the default is the last twelve whole months by month,
    /// the whole network, every session.
    ///
    /// # Errors
    /// The first [`AskMistake`].
    pub fn parse(query: Option<&str>, today: NaiveDate) -> Result<Self, AskMistake> {
        let pairs: HashMap<&str, &str> = query
            .unwrap_or_default()
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .filter(|(_, value)| !value.is_empty())
            .collect();
        let date = |key: &'static str, default: NaiveDate| match pairs.get(key) {
            None => Ok(default),
            Some(text) => text.parse::<NaiveDate>().map_err(|_| AskMistake::Date {
                key,
                text: (*text).to_owned(),
            }),
        };
        let id = |key: &'static str| match pairs.get(key) {
            None => Ok(None),
            Some(text) => text
                .parse::<i32>()
                .map(Some)
                .map_err(|_| AskMistake::Number {
                    key,
                    text: (*text).to_owned(),
                }),
        };
        let this_month = today.with_day(1).unwrap_or(today);
        let year_ago = this_month
            .checked_sub_months(chrono::Months::new(12))
            .unwrap_or(this_month);
        let to = date("to", this_month.pred_opt().unwrap_or(today))?;
        let from = date("from", year_ago)?;
        if from > to {
            return Err(AskMistake::Reversed { from, to });
        }
        let by = match pairs.get("by").copied().unwrap_or("month") {
            "antenna" => By::Antenna,
            code => {
                By::Period(Period::from_code(code).ok_or_else(|| AskMistake::By(code.to_owned()))?)
            }
        };
        let thematique = match pairs.get("thematique") {
            None => None,
            Some(text) => {
                Some(
                    Thematique::from_code(text).ok_or_else(|| AskMistake::Thematique {
                        text: (*text).to_owned(),
                        codes: Thematique::codes(),
                    })?,
                )
            }
        };
        Ok(Self {
            range: (from, to),
            by,
            scope: Scope {
                antenna: id("antenna")?,
                station: id("station")?,
            },
            thematique,
        })
    }
}

/// The report an admin asked for, with the label of each row when rows are antennas.
///
/// # Errors
/// A [`DbError`].
pub async fn report(
    pool: &deadpool_postgres::Pool,
    ask: &Ask,
) -> Result<(Report, Option<Vec<String>>), DbError> {
    let (from, to) = ask.range;
    let period = match ask.by {
        By::Period(period) => period,
        By::Antenna => Period::Month,
    };
    let query = ReportQuery::new(from, to, period);
    let whole_months = period == Period::Month;
    let (tallies, shortcuts) = db::sums(pool, ask.scope, ask.range, whole_months).await?;
    let (report, labels, group) = match ask.by {
        By::Period(_) => (TallyReport::by_period(query), None, HashMap::new()),
        By::Antenna => {
            let antennas: Vec<_> = db::antennas(pool)
                .await?
                .into_iter()
                .filter(|(id, _)| ask.scope.antenna.is_none_or(|only| only == *id))
                .collect();
            let group: HashMap<i32, usize> = antennas
                .iter()
                .enumerate()
                .map(|(i, (id, _))| (*id, i))
                .collect();
            let labels = antennas.into_iter().map(|(_, a)| a.name).collect();
            (
                TallyReport::by_group(query, group.len()),
                Some(labels),
                group,
            )
        }
    };
    let mut report = match ask.thematique {
        Some(thematique) => report.only(thematique),
        None => report,
    };
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    for (antenna, span, start, dim, code, n) in tallies {
        let index = group.get(&antenna).copied().unwrap_or(0);
        report.add(index, (span, start), (dim, code), count(n));
    }
    for (antenna, span, start, id, sessions, opens) in shortcuts {
        let index = group.get(&antenna).copied().unwrap_or(0);
        report.add_shortcut(index, (span, start), &id, (count(sessions), count(opens)));
    }
    Ok((report.finish(), labels))
}

/// Whether the request carries the name and password of an admin of the hub. An unknown name
/// costs an Argon2 check too, so that a name cannot be guessed by the time of the answer.
async fn is_admin(hub: &Hub, headers: &HeaderMap) -> Result<bool, DbError> {
    use base64::Engine as _;
    let Some((name, password)) = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Basic "))
        .and_then(|b64| base64::engine::general_purpose::STANDARD.decode(b64).ok())
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| {
            text.split_once(':')
                .map(|(n, p)| (n.to_owned(), p.to_owned()))
        })
    else {
        return Ok(false);
    };
    let stored = db::admin_hash(&hub.pool, &name).await?;
    let known = stored.is_some();
    let hash = stored.unwrap_or_else(|| DECOY.to_owned());
    // The semaphore is never closed.
    let Ok(_turn) = hub.password_checks.acquire().await else {
        return Ok(false);
    };
    let matches = tokio::task::spawn_blocking(move || {
        Argon2::default()
            .verify_password(password.as_bytes(), hash.as_str())
            .is_ok()
    })
    .await
    .unwrap_or(false);
    Ok(known && matches)
}

/// A hash that no password matches, checked for an unknown name so that it costs the same
/// time as a known one.
const DECOY: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$2m8d6n5E8Yg3oZkZ9Gm6b0gJQ8c8pG3s3Q1bqvV8xv4";

fn unauthorized() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        [
            (
                header::WWW_AUTHENTICATE,
                "Basic realm=\"borne-hub\", charset=\"UTF-8\"",
            ),
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
        ],
        "Identifiez-vous avec un compte d'administration du hub (borne-hub admin NOM).\n",
    )
        .into_response()
}

fn unavailable(error: &DbError) -> Response {
    log::warn!("hub: {error}");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "La base de données du hub ne répond pas. Réessayez dans quelques minutes.\n",
    )
        .into_response()
}

fn bad_request(message: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{message}\n"),
    )
        .into_response()
}

/// Checks the admin, reads the question and counts: what every page does first.
async fn answer(
    hub: &Hub,
    headers: &HeaderMap,
    uri: &Uri,
) -> Result<(Ask, Report, Option<Vec<String>>), Response> {
    match is_admin(hub, headers).await {
        Ok(true) => {}
        Ok(false) => return Err(unauthorized()),
        Err(error) => return Err(unavailable(&error)),
    }
    let ask = Ask::parse(uri.query(), chrono::Utc::now().date_naive())
        .map_err(|mistake| bad_request(&mistake.to_string()))?;
    let (report, labels) = report(&hub.pool, &ask).await.map_err(|e| unavailable(&e))?;
    Ok((ask, report, labels))
}

/// `GET /report.csv`.
pub async fn report_csv(State(hub): State<Arc<Hub>>, headers: HeaderMap, uri: Uri) -> Response {
    match answer(&hub, &headers, &uri).await {
        Ok((_, report, labels)) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"borne-reseau.csv\"",
                ),
            ],
            render_labelled(&report, labels.as_deref(), Format::Csv, Language::Fr),
        )
            .into_response(),
        Err(response) => response,
    }
}

/// `GET /report.json`.
pub async fn report_json(State(hub): State<Arc<Hub>>, headers: HeaderMap, uri: Uri) -> Response {
    match answer(&hub, &headers, &uri).await {
        Ok((_, report, labels)) => (
            [(header::CONTENT_TYPE, "application/json")],
            render_labelled(&report, labels.as_deref(), Format::Json, Language::Fr),
        )
            .into_response(),
        Err(response) => response,
    }
}

/// `GET /`: the report as a page, with its filters and its downloads.
pub async fn report_page(State(hub): State<Arc<Hub>>, headers: HeaderMap, uri: Uri) -> Response {
    let (ask, report, labels) = match answer(&hub, &headers, &uri).await {
        Ok(answered) => answered,
        Err(response) => return response,
    };
    let (antennas, stations) = match (db::antennas(&hub.pool).await, db::stations(&hub.pool).await)
    {
        (Ok(antennas), Ok(stations)) => (antennas, stations),
        (Err(error), _) | (_, Err(error)) => return unavailable(&error),
    };
    let names: HashMap<i32, &str> = antennas
        .iter()
        .map(|(id, a)| (*id, a.name.as_str()))
        .collect();
    let antenna_of =
        |station: &db::StationRow| names.get(&station.antenna_id).copied().unwrap_or("?");
    let query = uri.query().unwrap_or_default();
    let mut html = String::with_capacity(64 * 1024);
    html.push_str(HEAD);
    let (from, to) = ask.range;
    let selected = |yes: bool| if yes { " selected" } else { "" };
    html.push_str(&format!(
        "<form method=get><label>Du <input type=date name=from value={from}></label> \
         <label>au <input type=date name=to value={to}></label> \
         <label>Antenne <select name=antenna><option value=\"\">Tout le réseau</option>"
    ));
    for (id, antenna) in &antennas {
        html.push_str(&format!(
            "<option value={id}{}>{}</option>",
            selected(ask.scope.antenna == Some(*id)),
            escape(&antenna.name)
        ));
    }
    html.push_str(
        "</select></label> <label>Poste <select name=station>\
         <option value=\"\">Tous les postes</option>",
    );
    for station in &stations {
        html.push_str(&format!(
            "<option value={}{}>{} — {} (n° {})</option>",
            station.id,
            selected(ask.scope.station == Some(station.id)),
            escape(antenna_of(station)),
            escape(&station.label),
            station.id
        ));
    }
    html.push_str("</select></label> <label>Lignes <select name=by>");
    for (code, label, by) in [
        ("month", "par mois", By::Period(Period::Month)),
        ("week", "par semaine", By::Period(Period::Week)),
        ("day", "par jour", By::Period(Period::Day)),
        ("antenna", "par antenne", By::Antenna),
    ] {
        html.push_str(&format!(
            "<option value={code}{}>{label}</option>",
            selected(ask.by == by)
        ));
    }
    html.push_str(
        "</select></label> <label>Thématique <select name=thematique>\
         <option value=\"\">Toutes les sessions</option>",
    );
    for thematique in Thematique::all() {
        html.push_str(&format!(
            "<option value={code}{}>{}</option>",
            selected(ask.thematique == Some(thematique)),
            escape(thematique.label()),
            code = thematique.code(),
        ));
    }
    html.push_str(&format!(
        "</select></label> <button>Afficher</button></form>\
         <p>Télécharger : <a href=\"/report.csv?{q}\">CSV (tableur)</a> · \
         <a href=\"/report.json?{q}\">JSON</a></p>",
        q = escape(query)
    ));
    html.push_str("<div class=wide><table>");
    for (i, line) in cells(&report, labels.as_deref(), Language::Fr)
        .iter()
        .enumerate()
    {
        let tag = if i == 0 { "th" } else { "td" };
        html.push_str("<tr>");
        for field in line {
            html.push_str(&format!("<{tag}>{}</{tag}>", escape(field)));
        }
        html.push_str("</tr>");
    }
    html.push_str("</table></div>");
    for note in StatsCatalogue(Language::Fr).notes(&report) {
        html.push_str(&format!("<p class=note>{}</p>", escape(&note)));
    }
    html.push_str(&format!(
        "<h2>Postes</h2><table><tr><th>N°</th><th>{}</th><th>Poste</th><th>Inscrit</th>\
         <th>Activé</th><th>Dernier envoi</th></tr>",
        StatsCatalogue(Language::Fr).get(StatsText::Antenna)
    ));
    let when = |at: Option<chrono::DateTime<chrono::Utc>>| {
        at.map_or_else(
            || "—".to_owned(),
            |at| at.format("%Y-%m-%d %H:%M").to_string(),
        )
    };
    for station in &stations {
        html.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            station.id,
            escape(antenna_of(station)),
            escape(&station.label),
            when(station.enrolled_at),
            if station.activated_at.is_some() {
                "oui"
            } else {
                "<strong>non</strong> (borne-hub activate)"
            },
            when(station.last_push),
        ));
    }
    html.push_str("</table></main></body></html>\n");
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

const HEAD: &str = "<!doctype html><html lang=fr><head><meta charset=utf-8>\
<meta name=viewport content=\"width=device-width\"><title>Borne — statistiques du réseau</title>\
<style>body{font:18px/1.5 sans-serif;margin:0;color:#111;background:#fff}\
main{padding:1rem 2rem}h1{font-size:1.6rem}table{border-collapse:collapse;margin:1rem 0}\
th,td{border:1px solid #555;padding:.3rem .5rem;text-align:right;white-space:nowrap}\
th:first-child,td:first-child{text-align:left}th{background:#e8eef8}\
.wide{overflow-x:auto}.note{color:#333}input,select,button{font-size:1rem;padding:.3rem}\
button{background:#0a4fa6;color:#fff;border:0;padding:.4rem 1rem}a{color:#0a4fa6}</style>\
</head><body><main><h1>Borne — statistiques du réseau</h1>";

/// Text made safe to put in HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_default_is_the_last_twelve_whole_months() {
        let ask = Ask::parse(None, day("2026-12-01")).unwrap();
        assert_eq!(ask.range, (day("2025-12-01"), day("2026-11-30")));
        assert_eq!(ask.by, By::Period(Period::Month));
        assert_eq!(ask.scope, Scope::default());
    }

    #[test]
    fn parameters_are_read_and_bad_ones_named() {
        let ask = Ask::parse(
            Some("from=2026-01-01&to=2026-06-30&by=antenna&antenna=2&station="),
            day("2026-12-01"),
        )
        .unwrap();
        assert_eq!(ask.range, (day("2026-01-01"), day("2026-06-30")));
        assert_eq!(ask.by, By::Antenna);
        assert_eq!(ask.scope.antenna, Some(2));
        assert_eq!(ask.thematique, None);
        let error = Ask::parse(Some("from=hier"), day("2026-12-01")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "« from » doit être une date AAAA-MM-JJ, pas « hier »."
        );
        assert!(
            Ask::parse(Some("by=year"), day("2026-12-01"))
                .unwrap_err()
                .to_string()
                .contains("« by »")
        );
        let ask = Ask::parse(Some("thematique=email"), day("2026-12-01")).unwrap();
        assert_eq!(ask.thematique, Thematique::from_code("email"));
        let error = Ask::parse(Some("thematique=cv"), day("2026-12-01")).unwrap_err();
        assert!(error.to_string().contains("pas « cv »"), "{error}");
        assert!(Ask::parse(Some("from=2026-02-01&to=2026-01-01"), day("2026-12-01")).is_err());
    }

    #[test]
    fn the_decoy_is_a_real_hash_that_nothing_matches() {
        let checked = Argon2::default().verify_password(b"direction", DECOY);
        assert!(matches!(
            checked,
            Err(argon2::password_hash::Error::PasswordInvalid)
        ));
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
