//! The language of allowed sites, and its translation into each browser's policy.
//!
//! A pattern is `[scheme://]host[:port][/path]`:
//! - `scheme`: `http` or `https`; without it, both.
//! - `host`: `example.fr` is that host only; `*.example.fr` is `example.fr` and every subdomain;
//!   an IPv4 address (`127.0.0.1`) is that address only. Names are lower-cased and
//!   internationalised names are turned into their ASCII form (`télé.fr` -> `xn--tl-bjab.fr`).
//! - `port`: that port only (Chromium; Firefox's filter cannot express ports and allows the host
//!   on every port).
//! - `path`: only addresses under that path (`example.fr/emploi` allows `/emploi` and
//!   `/emploi/...`).
//!
//! Refused, because they open far more than anyone means: `*`, a top-level domain alone or with
//! a wildcard (`fr`, `*.fr`), address ranges (`10.0.0.0/8`, `10.*`), IPv6, other schemes
//! (`file:`, `ftp:`, `chrome:`), credentials (`user@host`), port 0, a query or fragment.

use std::fmt;
use std::net::Ipv4Addr;

/// Which schemes a pattern allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Schemes {
    /// `http` and `https`.
    Both,
    /// `http` only.
    Http,
    /// `https` only.
    Https,
}

/// The host part of a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostPattern {
    /// That host only.
    Exact(String),
    /// The domain and all its subdomains.
    WithSubdomains(String),
    /// That IPv4 address only.
    Ip(Ipv4Addr),
}

/// One allowed site, validated and normalised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SitePattern {
    /// The schemes allowed.
    pub schemes: Schemes,
    /// The host or hosts allowed.
    pub host: HostPattern,
    /// The port, if only one is allowed.
    pub port: Option<u16>,
    /// The path prefix, starting with `/`, if only part of the site is allowed.
    pub path: Option<String>,
}

/// What is wrong with an allowed-site pattern or a start URL, in plain words for the admin,
/// quoting the value found unless it may hold a password. Meant to follow a key and a line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SiteMistake {
    /// Nothing written.
    #[error("must be a site such as \"example.fr\", found an empty text")]
    Empty,
    /// Spaces.
    #[error("must not contain spaces, found {found:?}")]
    Spaces {
        /// The value.
        found: String,
    },
    /// Another scheme than http or https.
    #[error("only http:// and https:// sites can be allowed, found {found:?}")]
    Scheme {
        /// The value.
        found: String,
    },
    /// A query or a fragment.
    #[error("must not contain \"?\" or \"#\" (a site and an optional path only), found {found:?}")]
    QueryOrFragment {
        /// The value.
        found: String,
    },
    /// A user name or password: the value is not quoted.
    #[error("must not contain a user name or password (the part before \"@\")")]
    Credentials,
    /// A port that is not 1 to 65535.
    #[error("the port must be a number from 1 to 65535, found {found:?}")]
    Port {
        /// The value.
        found: String,
    },
    /// `*` in a path.
    #[error("\"*\" is not allowed in a path, found {found:?}")]
    StarInPath {
        /// The value.
        found: String,
    },
    /// The host is wrong.
    #[error("{problem}, found {found:?}")]
    Host {
        /// How.
        problem: HostMistake,
        /// The value.
        found: String,
    },
    /// A start URL without its scheme.
    #[error("must be a full address starting with https://, found {found:?}")]
    NotFullAddress {
        /// The value.
        found: String,
    },
    /// A start URL with another scheme.
    #[error("must start with https:// or http://, found {found:?}")]
    UrlScheme {
        /// The value.
        found: String,
    },
    /// A start URL without a host.
    #[error("has no host name, found {found:?}")]
    NoHost {
        /// The value.
        found: String,
    },
    /// A start URL with a port that is not 1 to 65535.
    #[error("has an invalid port {port:?} (1 to 65535), found {found:?}")]
    UrlPort {
        /// The port as written.
        port: String,
        /// The value.
        found: String,
    },
    /// A start URL with a broken IPv6 address.
    #[error("has an invalid IPv6 address, found {found:?}")]
    BadIpv6 {
        /// The value.
        found: String,
    },
}

/// What is wrong with the host of a site.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HostMistake {
    /// No host.
    #[error("a site needs a host name such as \"example.fr\"")]
    Empty,
    /// `*` alone.
    #[error(
        "a bare \"*\" would allow every website; write \"*.example.fr\" for the subdomains \
         of one site"
    )]
    Everything,
    /// An IPv6 address.
    #[error("IPv6 addresses are not supported; use a host name")]
    Ipv6,
    /// A range of hosts.
    #[error("address ranges cannot be allowed; name each host")]
    HostRange,
    /// A range of addresses.
    #[error("address ranges cannot be allowed; name each address")]
    AddressRange,
    /// `*` elsewhere than at the start.
    #[error("\"*\" is only allowed at the start, as in \"*.example.fr\"")]
    StarInside,
    /// Digits and dots that are not an IPv4 address.
    #[error("not a valid IPv4 address")]
    BadIpv4,
    /// Not a host name.
    #[error("not a valid host name")]
    BadName,
    /// A character a host name cannot have.
    #[error("a host name cannot contain {0:?}")]
    BadChar(char),
    /// Over 253 characters.
    #[error("a host name is at most 253 characters")]
    TooLong,
    /// Two dots in a row.
    #[error("a host name cannot have an empty part between dots")]
    EmptyLabel,
    /// A part over 63 characters.
    #[error("each part of a host name is at most 63 characters")]
    LabelTooLong,
    /// A part that starts or ends with a hyphen.
    #[error("a part of a host name cannot start or end with \"-\"")]
    Hyphen,
    /// `*.fr`: every website under a top-level domain.
    #[error("\"*.{tld}\" would allow every website under .{tld}; name one site")]
    WholeTld {
        /// The top-level domain.
        tld: String,
    },
    /// `fr` alone.
    #[error("\"{tld}\" is a top-level domain alone; write a site such as \"example.{tld}\"")]
    TldAlone {
        /// The top-level domain.
        tld: String,
    },
}

impl SitePattern {
    /// Parses and normalises a pattern.
    ///
    /// # Errors
    /// What is wrong in plain words, quoting the pattern (unless it holds credentials).
    pub fn parse(text: &str) -> Result<Self, SiteMistake> {
        if text.is_empty() {
            return Err(SiteMistake::Empty);
        }
        if text.chars().any(char::is_whitespace) {
            return Err(SiteMistake::Spaces {
                found: text.to_owned(),
            });
        }
        let (schemes, rest) = match text.split_once("://") {
            None => (Schemes::Both, text),
            Some((scheme, rest)) => match scheme.to_ascii_lowercase().as_str() {
                "https" => (Schemes::Https, rest),
                "http" => (Schemes::Http, rest),
                _ => {
                    return Err(SiteMistake::Scheme {
                        found: text.to_owned(),
                    });
                }
            },
        };
        if rest.contains(['?', '#']) {
            return Err(SiteMistake::QueryOrFragment {
                found: text.to_owned(),
            });
        }
        let (authority, path) = match rest.find('/') {
            Some(at) => (&rest[..at], Some(&rest[at..])),
            None => (rest, None),
        };
        if authority.contains('@') {
            return Err(SiteMistake::Credentials);
        }
        if authority.starts_with('[') {
            return Err(SiteMistake::Host {
                problem: HostMistake::Ipv6,
                found: text.to_owned(),
            });
        }
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) => {
                let port: u16 =
                    port.parse()
                        .ok()
                        .filter(|p| *p != 0)
                        .ok_or_else(|| SiteMistake::Port {
                            found: text.to_owned(),
                        })?;
                (host, Some(port))
            }
            None => (authority, None),
        };
        let host = parse_host(host).map_err(|problem| SiteMistake::Host {
            problem,
            found: text.to_owned(),
        })?;
        let cidr = path.and_then(|p| p.strip_prefix('/')).is_some_and(|bits| {
            !bits.is_empty() && bits.len() <= 3 && bits.chars().all(|c| c.is_ascii_digit())
        });
        if matches!(host, HostPattern::Ip(_)) && cidr {
            return Err(SiteMistake::Host {
                problem: HostMistake::AddressRange,
                found: text.to_owned(),
            });
        }
        let path = match path {
            None | Some("/") => None,
            Some(path) => {
                let path = path.trim_end_matches('*');
                if path.contains('*') {
                    return Err(SiteMistake::StarInPath {
                        found: text.to_owned(),
                    });
                }
                Some(path.to_owned())
            }
        };
        Ok(Self {
            schemes,
            host,
            port,
            path,
        })
    }

    /// The pattern for a start URL: its scheme, host and port, any path.
    ///
    /// # Errors
    /// As [`SitePattern::parse`].
    pub fn of_url(url: &str) -> Result<Self, SiteMistake> {
        let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        Self::parse(&format!("{scheme}://{authority}"))
    }

    /// Entries of Chromium's `URLAllowlist` for this pattern. In that format a bare host also
    /// allows its subdomains and a leading dot does not.
    pub fn chromium(&self) -> Vec<String> {
        let host = match &self.host {
            HostPattern::Exact(host) => format!(".{host}"),
            HostPattern::WithSubdomains(domain) => domain.clone(),
            HostPattern::Ip(ip) => ip.to_string(),
        };
        let port = self.port.map(|p| format!(":{p}")).unwrap_or_default();
        let path = self.path.clone().unwrap_or_default();
        self.scheme_names()
            .iter()
            .map(|scheme| format!("{scheme}://{host}{port}{path}"))
            .collect()
    }

    /// Entries of Firefox's `WebsiteFilter` exceptions (WebExtension match patterns).
    pub fn firefox(&self) -> Vec<String> {
        let host = match &self.host {
            HostPattern::Exact(host) => host.clone(),
            HostPattern::WithSubdomains(domain) => format!("*.{domain}"),
            HostPattern::Ip(ip) => ip.to_string(),
        };
        let path = match &self.path {
            Some(path) => format!("{path}*"),
            None => "/*".to_owned(),
        };
        self.scheme_names()
            .iter()
            .map(|scheme| format!("{scheme}://{host}{path}"))
            .collect()
    }

    fn scheme_names(&self) -> &'static [&'static str] {
        match self.schemes {
            Schemes::Both => &["http", "https"],
            Schemes::Http => &["http"],
            Schemes::Https => &["https"],
        }
    }
}

impl fmt::Display for SitePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.schemes {
            Schemes::Both => {}
            Schemes::Http => f.write_str("http://")?,
            Schemes::Https => f.write_str("https://")?,
        }
        match &self.host {
            HostPattern::Exact(host) => f.write_str(host)?,
            HostPattern::WithSubdomains(domain) => write!(f, "*.{domain}")?,
            HostPattern::Ip(ip) => write!(f, "{ip}")?,
        }
        if let Some(port) = self.port {
            write!(f, ":{port}")?;
        }
        if let Some(path) = &self.path {
            f.write_str(path)?;
        }
        Ok(())
    }
}

fn parse_host(host: &str) -> Result<HostPattern, HostMistake> {
    if host.is_empty() {
        return Err(HostMistake::Empty);
    }
    if host == "*" || host == "*." {
        return Err(HostMistake::Everything);
    }
    if host.starts_with('[') || host.contains(':') {
        return Err(HostMistake::Ipv6);
    }
    if host.contains('/') {
        return Err(HostMistake::HostRange);
    }
    let (wildcard, name) = match host.strip_prefix("*.") {
        Some(name) => (true, name),
        None => (false, host),
    };
    if name.contains('*') {
        return Err(HostMistake::StarInside);
    }
    let all_numeric = name
        .split('.')
        .all(|label| label.chars().all(|c| c.is_ascii_digit()));
    if all_numeric {
        if wildcard {
            return Err(HostMistake::AddressRange);
        }
        return name
            .parse::<Ipv4Addr>()
            .map(HostPattern::Ip)
            .map_err(|_| HostMistake::BadIpv4);
    }
    let ascii = idna::domain_to_ascii(name)
        .map_err(|_| HostMistake::BadName)?
        .to_ascii_lowercase();
    check_labels(&ascii)?;
    if !ascii.contains('.') {
        return Err(if wildcard {
            HostMistake::WholeTld { tld: ascii }
        } else {
            HostMistake::TldAlone { tld: ascii }
        });
    }
    Ok(if wildcard {
        HostPattern::WithSubdomains(ascii)
    } else {
        HostPattern::Exact(ascii)
    })
}

/// Labels of letters, digits and inner hyphens, separated by single dots.
pub(super) fn check_labels(domain: &str) -> Result<(), HostMistake> {
    if let Some(bad) = domain
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.'))
    {
        return Err(HostMistake::BadChar(bad));
    }
    if domain.len() > 253 {
        return Err(HostMistake::TooLong);
    }
    for label in domain.split('.') {
        if label.is_empty() {
            return Err(HostMistake::EmptyLabel);
        }
        if label.len() > 63 {
            return Err(HostMistake::LabelTooLong);
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(HostMistake::Hyphen);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> SitePattern {
        SitePattern::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn err(text: &str) -> String {
        SitePattern::parse(text).unwrap_err().to_string()
    }

    #[test]
    fn hosts_subdomains_and_addresses() {
        assert_eq!(
            ok("Example.FR").host,
            HostPattern::Exact("example.fr".into())
        );
        assert_eq!(
            ok("*.impots.gouv.fr").host,
            HostPattern::WithSubdomains("impots.gouv.fr".into())
        );
        assert_eq!(ok("127.0.0.1").host, HostPattern::Ip(Ipv4Addr::LOCALHOST));
    }

    #[test]
    fn international_names_become_ascii() {
        assert_eq!(ok("emploi.télé.fr").to_string(), "emploi.xn--tl-bjab.fr");
        assert_eq!(ok("*.Bücher.de").to_string(), "*.xn--bcher-kva.de");
    }

    #[test]
    fn scheme_port_and_path_are_kept_and_shown() {
        let pattern = ok("HTTPS://www.example.fr:8443/emploi/");
        assert_eq!(pattern.schemes, Schemes::Https);
        assert_eq!(pattern.port, Some(8443));
        assert_eq!(pattern.path.as_deref(), Some("/emploi/"));
        assert_eq!(pattern.to_string(), "https://www.example.fr:8443/emploi/");
        assert_eq!(ok("example.fr/").path, None);
        assert_eq!(ok("example.fr/cv*").path.as_deref(), Some("/cv"));
    }

    #[test]
    fn too_open_or_odd_patterns_are_refused_with_the_reason() {
        assert!(err("*").contains("every website"));
        assert!(err("fr").contains("top-level domain"));
        assert!(err("*.fr").contains("every website under .fr"));
        assert!(err("10.0.0.0/8").contains("ranges"));
        assert!(err("10.*").contains("\"*\" is only allowed at the start"));
        assert!(err("*.10.0.0.1").contains("ranges"));
        assert!(err("[::1]").contains("IPv6"));
        assert!(err("file:///etc/passwd").contains("only http:// and https://"));
        assert!(err("chrome://settings").contains("only http:// and https://"));
        assert!(err("https://bob:secret@x.fr").contains("user name or password"));
        assert!(!err("https://bob:secret@x.fr").contains("secret"));
        assert!(err("x.fr:0").contains("port"));
        assert!(err("x.fr:99999").contains("port"));
        assert!(err("x.fr/?q=1").contains("\"?\""));
        assert!(err("x.fr/a*b").contains("path"));
        assert!(err("exa mple.fr").contains("spaces"));
        assert!(err("-x.fr").contains("start or end"));
        assert!(err("").contains("empty"));
        assert!(err("999.1.1.1").contains("IPv4"));
    }

    #[test]
    fn chromium_entries_keep_exact_hosts_exact() {
        assert_eq!(
            ok("example.fr").chromium(),
            ["http://.example.fr", "https://.example.fr"]
        );
        assert_eq!(
            ok("*.example.fr").chromium(),
            ["http://example.fr", "https://example.fr"]
        );
        assert_eq!(
            ok("https://127.0.0.1:8080/cv").chromium(),
            ["https://127.0.0.1:8080/cv"]
        );
    }

    #[test]
    fn firefox_entries_are_match_patterns() {
        assert_eq!(
            ok("example.fr").firefox(),
            ["http://example.fr/*", "https://example.fr/*"]
        );
        assert_eq!(
            ok("https://*.example.fr/emploi").firefox(),
            ["https://*.example.fr/emploi*"]
        );
        assert_eq!(
            ok("127.0.0.1:8080").firefox(),
            ["http://127.0.0.1/*", "https://127.0.0.1/*"]
        );
    }

    #[test]
    fn a_start_url_allows_its_host_only() {
        let pattern = SitePattern::of_url("https://www.francetravail.fr/accueil?x=1").unwrap();
        assert_eq!(pattern.to_string(), "https://www.francetravail.fr");
    }
}
