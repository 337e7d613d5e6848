//! Checks of site addresses: start URLs and the host patterns of `also_allow`.
//!
//! These strings end up in the browser's managed policy, where a typo either blocks a login
//! page (the person is stuck) or opens far more than intended (`*` opens the whole web). So
//! they are checked strictly here, with a message that shows the right way to write them.

use super::site_pattern::SiteMistake;

/// Checks one allowed-site pattern (`also_allow`, `[sites] allow`) and returns its normal form.
/// The language is described in [`super::site_pattern`].
///
/// # Errors
/// The problem in plain words, quoting the value found; meant to follow a key and line.
pub fn validate_host_pattern(pattern: &str) -> Result<String, SiteMistake> {
    super::site_pattern::SitePattern::parse(pattern).map(|p| p.to_string())
}

/// Checks a start URL: `http` or `https`, a valid host, an optional port, no credentials.
///
/// # Errors
/// The problem in plain words; the value is quoted unless it holds credentials.
pub(super) fn validate_url(url: &str) -> Result<(), SiteMistake> {
    if url.chars().any(char::is_whitespace) {
        return Err(SiteMistake::Spaces {
            found: url.to_owned(),
        });
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(SiteMistake::NotFullAddress {
            found: url.to_owned(),
        });
    };
    if !(scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http")) {
        return Err(SiteMistake::UrlScheme {
            found: url.to_owned(),
        });
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        // The value is not quoted: it may hold a password.
        return Err(SiteMistake::Credentials);
    }
    let (host, port) = split_host_port(authority);
    if host.is_empty() {
        return Err(SiteMistake::NoHost {
            found: url.to_owned(),
        });
    }
    if let Some(port) = port
        && !matches!(port.parse::<u16>(), Ok(1..))
    {
        return Err(SiteMistake::UrlPort {
            port: port.to_owned(),
            found: url.to_owned(),
        });
    }
    if let Some(ipv6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        if ipv6.is_empty()
            || !ipv6
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return Err(SiteMistake::BadIpv6 {
                found: url.to_owned(),
            });
        }
        return Ok(());
    }
    super::site_pattern::check_labels(host).map_err(|problem| SiteMistake::Host {
        problem,
        found: url.to_owned(),
    })
}

/// The host of a URL that passed [`validate_url`].
pub(super) fn url_host(url: &str) -> Option<&str> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    Some(split_host_port(authority).0)
}

fn split_host_port(authority: &str) -> (&str, Option<&str>) {
    if authority.starts_with('[') {
        return match authority.split_once(']') {
            Some((host, rest)) => (&authority[..=host.len()], rest.strip_prefix(':')),
            None => (authority, None),
        };
    }
    match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejected(pattern: &str) -> String {
        validate_host_pattern(pattern).unwrap_err().to_string()
    }

    #[test]
    fn host_patterns_are_lower_cased() {
        assert_eq!(
            validate_host_pattern("App.FranceConnect.gouv.fr").unwrap(),
            "app.franceconnect.gouv.fr"
        );
        assert_eq!(
            validate_host_pattern("*.Impots.gouv.fr").unwrap(),
            "*.impots.gouv.fr"
        );
        assert_eq!(validate_host_pattern("127.0.0.1").unwrap(), "127.0.0.1");
    }

    #[test]
    fn bare_star_is_rejected() {
        assert!(rejected("*").contains("every website"));
        assert!(rejected("*.").contains("every website"));
    }

    #[test]
    fn top_level_domains_alone_are_rejected() {
        assert!(rejected("fr").contains("top-level domain"));
        assert!(rejected("*.fr").contains("every website under .fr"));
    }

    #[test]
    fn scheme_path_and_port_are_kept() {
        assert_eq!(
            validate_host_pattern("HTTPS://X.fr").unwrap(),
            "https://x.fr"
        );
        assert_eq!(validate_host_pattern("x.fr/path").unwrap(), "x.fr/path");
        assert_eq!(validate_host_pattern("x.fr:8080").unwrap(), "x.fr:8080");
        assert!(rejected("ftp://x.fr").contains("only http:// and https://"));
    }

    #[test]
    fn other_malformed_patterns_are_rejected() {
        assert!(rejected("").contains("empty"));
        assert!(rejected("x .fr").contains("spaces"));
        assert!(rejected(" x.fr").contains("spaces"));
        assert!(rejected("a.*.fr").contains("only allowed at the start"));
        assert!(rejected("*x.fr").contains("only allowed at the start"));
        assert!(rejected("x..fr").contains("empty part"));
        assert!(rejected(".x.fr").contains("empty part"));
        assert!(rejected("x_y.fr").contains("'_'"));
        assert!(rejected("-x.fr").contains("start or end"));
    }

    #[test]
    fn urls_need_http_and_a_host() {
        assert!(validate_url("https://www.francetravail.fr/").is_ok());
        assert!(validate_url("http://127.0.0.1:8080/a?b#c").is_ok());
        assert!(validate_url("https://[::1]:8443/").is_ok());
        assert!(
            validate_url("ftp://x.fr/")
                .unwrap_err()
                .to_string()
                .contains("https://")
        );
        assert!(
            validate_url("x.fr")
                .unwrap_err()
                .to_string()
                .contains("full address")
        );
        assert!(
            validate_url("https:///a")
                .unwrap_err()
                .to_string()
                .contains("no host")
        );
        assert!(
            validate_url("https://x.fr:0/")
                .unwrap_err()
                .to_string()
                .contains("port")
        );
        assert!(
            validate_url("https://x.fr:99999/")
                .unwrap_err()
                .to_string()
                .contains("port")
        );
        assert!(
            validate_url("https://x y.fr/")
                .unwrap_err()
                .to_string()
                .contains("spaces")
        );
        assert!(
            validate_url("https://x_y.fr/")
                .unwrap_err()
                .to_string()
                .contains("cannot contain")
        );
    }

    #[test]
    fn credentials_are_rejected_without_being_repeated() {
        let problem = validate_url("https://a:secret@x.fr/")
            .unwrap_err()
            .to_string();
        assert!(problem.contains("user name or password"));
        assert!(!problem.contains("secret"));
    }

    #[test]
    fn url_host_skips_port_and_path() {
        assert_eq!(url_host("https://x.fr:8080/a"), Some("x.fr"));
        assert_eq!(url_host("http://[::1]:80/"), Some("[::1]"));
        assert_eq!(url_host("https://x.fr"), Some("x.fr"));
    }
}
