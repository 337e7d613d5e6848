//! The kiosk↔guest protocol, both directions in one place: the kiosk writes a [`GuestAction`]
//! as `borne guest` arguments ([`GuestAction::to_args`]) and the guest reads them back with
//! clap; the guest's answers on standard output are [`Ready`] and [`WipeCounts`], written and
//! read here. A round-trip test keeps the two sides the same.

use std::fmt;

use super::GuestAction;

impl GuestAction {
    /// The subcommand's name.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Self::Ready => "ready",
            Self::Prepare { .. } => "prepare",
            Self::Bus { .. } => "bus",
            Self::Launch { .. } => "launch",
            Self::Share { .. } => "share",
            Self::CancelPrints => "cancel-prints",
            Self::Stop { .. } => "stop",
            Self::Wipe { .. } => "wipe",
            Self::Check { .. } => "check",
        }
    }

    /// The arguments after `borne guest`: the subcommand and its options, as clap reads them.
    #[must_use]
    pub fn to_args(&self) -> Vec<String> {
        let mut args = vec![self.name().to_owned()];
        match self {
            Self::Ready | Self::CancelPrints => {}
            Self::Prepare { session } | Self::Bus { session } | Self::Share { session } => {
                args.push(format!("--session={}", session.display()));
            }
            Self::Launch {
                session,
                browser,
                lang,
                display,
                area,
                with_bus,
                keys,
                zoom,
                high_contrast,
                screen_reader,
                keyboard,
                url,
            } => {
                args.extend([
                    format!("--session={}", session.display()),
                    format!("--browser={browser}"),
                    format!("--lang={lang}"),
                    format!("--display={display}"),
                    format!("--area={area}"),
                ]);
                if *with_bus {
                    args.push("--with-bus".to_owned());
                }
                args.extend([format!("--keys={keys}"), format!("--zoom={zoom}")]);
                if *high_contrast {
                    args.push("--high-contrast".to_owned());
                }
                if *screen_reader {
                    args.push("--screen-reader".to_owned());
                }
                if let Some(keyboard) = keyboard {
                    args.push(format!("--keyboard={keyboard}"));
                }
                args.extend([
                    // Whatever the address looks like, it is the last argument, never an option.
                    "--".to_owned(),
                    url.clone(),
                ]);
            }
            Self::Stop { grace_ms } => args.push(format!("--grace-ms={grace_ms}")),
            Self::Wipe { session_root } | Self::Check { session_root } => {
                args.push(format!("--session-root={}", session_root.display()));
            }
        }
        args
    }
}

/// The answer to `ready`: the uid the guest's side runs as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ready {
    /// The uid.
    pub uid: u32,
}

impl fmt::Display for Ready {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ready uid={}", self.uid)
    }
}

impl Ready {
    /// Reads the answer; `None` if it is not one.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let uid = text.trim().strip_prefix("ready uid=")?.parse().ok()?;
        Some(Self { uid })
    }
}

/// The answer to `wipe`: what the guest removed of its own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WipeCounts {
    /// Files removed.
    pub files: u64,
    /// Bytes of the regular files removed.
    pub bytes: u64,
}

impl fmt::Display for WipeCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "files={} bytes={}", self.files, self.bytes)
    }
}

impl WipeCounts {
    /// Reads the answer; a count that is missing or not a number reads as 0 (the counts are
    /// for the usage log, never for the proof, which is the kiosk's own).
    #[must_use]
    pub fn parse(text: &str) -> Self {
        let mut counts = Self::default();
        for word in text.split_whitespace() {
            if let Some(n) = word.strip_prefix("files=") {
                counts.files = n.parse().unwrap_or(0);
            } else if let Some(n) = word.strip_prefix("bytes=") {
                counts.bytes = n.parse().unwrap_or(0);
            }
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::services::guest::cli::GuestArgs;

    #[derive(Parser)]
    struct Cli {
        #[command(subcommand)]
        guest: Guest,
    }

    #[derive(clap::Subcommand)]
    enum Guest {
        Guest(GuestArgs),
    }

    /// Every action the kiosk can write is read back by the guest as the same action.
    #[test]
    fn every_action_reads_back_as_written() {
        let actions = [
            GuestAction::Ready,
            GuestAction::Prepare {
                session: "/run/borne/sessions/s1".into(),
            },
            GuestAction::Bus {
                session: "/run/borne/sessions/s1".into(),
            },
            GuestAction::Launch {
                session: "/run/borne/sessions/s1".into(),
                browser: "firefox".into(),
                lang: "fr".into(),
                display: ":0".into(),
                area: "0,84,1280,716".into(),
                with_bus: true,
                keys: "read-only".into(),
                zoom: 130,
                high_contrast: true,
                screen_reader: true,
                keyboard: Some("0,520,1280,280".into()),
                url: "https://x.fr/--why?a=-b".into(),
            },
            GuestAction::Launch {
                session: "/run/borne/sessions/s2".into(),
                browser: "chromium".into(),
                lang: "en".into(),
                display: ":1".into(),
                area: "0,64,1024,704".into(),
                with_bus: false,
                keys: "none".into(),
                zoom: 100,
                high_contrast: false,
                screen_reader: false,
                keyboard: None,
                url: "-https://x.fr/".into(),
            },
            GuestAction::Share {
                session: "/run/borne/sessions/s1".into(),
            },
            GuestAction::CancelPrints,
            GuestAction::Stop { grace_ms: 1500 },
            GuestAction::Wipe {
                session_root: "/run/borne/sessions".into(),
            },
            GuestAction::Check {
                session_root: "/run/borne/sessions".into(),
            },
        ];
        for action in actions {
            let args = action.to_args();
            let line = ["borne".to_owned(), "guest".to_owned()]
                .into_iter()
                .chain(args.clone());
            let Guest::Guest(read) = Cli::try_parse_from(line)
                .unwrap_or_else(|e| panic!("{args:?}: {e}"))
                .guest;
            assert_eq!(read.action, action, "{args:?}");
        }
    }

    #[test]
    fn the_answers_read_back_as_written() {
        let ready = Ready { uid: 996 };
        assert_eq!(Ready::parse(&format!("{ready}\n")), Some(ready));
        assert_eq!(Ready::parse("ready uid=x"), None);
        let counts = WipeCounts {
            files: 12,
            bytes: 3400,
        };
        assert_eq!(WipeCounts::parse(&format!("{counts}\n")), counts);
        assert_eq!(WipeCounts::parse(""), WipeCounts::default());
    }
}
