//! Tests of [`parse`] and [`load`] with literal TOML: what a volunteer editing `borne.toml`
//! would see.

use super::*;
use crate::domain::hours::OpeningHours;

/// One valid shortcut, five lines long.
const SHORTCUT: &str = "[[shortcut]]
id = \"site\"
label = { fr = \"Site\" }
icon = \"web\"
url = \"https://www.example.fr/\"
";

/// The error message of parsing `text`.
fn error(text: &str) -> String {
    match parse(text) {
        Ok(config) => panic!("expected an error, got {config:?}"),
        Err(error) => error.to_string(),
    }
}

/// `[session]` with `body` starting on line 2, then a valid shortcut.
fn session(body: &str) -> String {
    format!("[session]\n{body}\n{SHORTCUT}")
}

fn session_rules(body: &str) -> SessionRules {
    parse(&session(body)).unwrap().session
}

/// `[browser]` with `body` on line 2, then a valid shortcut.
fn browser(body: &str) -> String {
    format!("[browser]\n{body}\n{SHORTCUT}")
}

/// A single shortcut whose lines after the header are `body` (line 2 onwards).
fn shortcut(body: &str) -> String {
    format!("[[shortcut]]\n{body}\n")
}

fn only_site(config: &Config) -> &Site {
    match &config.shortcuts[0].target {
        ShortcutTarget::Site(site) => site,
        ShortcutTarget::Chooser(_) => panic!("expected a site"),
    }
}

// --- the shipped file -----------------------------------------------------------------------

#[test]
fn default_text_has_the_four_shortcuts() {
    let config = parse(DEFAULT_TEXT).unwrap();
    let ids: Vec<&str> = config.shortcuts.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["france-travail", "cv", "emails", "services-publics"]);
    let icons: Vec<Icon> = config.shortcuts.iter().map(|s| s.icon).collect();
    assert_eq!(
        icons,
        [Icon::Work, Icon::Cv, Icon::Mail, Icon::PublicService]
    );
}

#[test]
fn default_text_offers_four_webmails() {
    let config = parse(DEFAULT_TEXT).unwrap();
    let ShortcutTarget::Chooser(choices) = &config.shortcuts[2].target else {
        panic!("Mes e-mails must be a chooser");
    };
    let ids: Vec<&str> = choices.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["gmail", "outlook", "laposte", "orange"]);
    assert_eq!(choices[0].label.get(Language::En), "Gmail");
    assert!(
        choices[0]
            .site
            .also_allow
            .contains(&"accounts.google.com".to_owned())
    );
    assert_eq!(choices[1].site.url, "https://outlook.live.com/");
}

#[test]
fn default_text_allows_franceconnect_for_france_travail() {
    let config = parse(DEFAULT_TEXT).unwrap();
    let ShortcutTarget::Site(site) = &config.shortcuts[0].target else {
        panic!("France Travail must be a site");
    };
    assert_eq!(site.host(), "www.francetravail.fr");
    assert!(
        site.also_allow
            .contains(&"*.franceconnect.gouv.fr".to_owned())
    );
    assert!(
        site.also_allow
            .contains(&"candidat.francetravail.fr".to_owned())
    );
}

/// The `[hours]` example of the shipped file, without its comment marks.
fn default_hours_example() -> String {
    let mut lines = DEFAULT_TEXT.lines().skip_while(|line| *line != "# [hours]");
    let header = lines
        .next()
        .expect("the shipped file has a commented [hours] example");
    let days = lines.take_while(|line| line.starts_with("# ") && line.contains(" = "));
    std::iter::once(header)
        .chain(days)
        .map(|line| format!("{}\n", &line[2..]))
        .collect()
}

#[test]
fn default_text_is_open_at_all_times() {
    assert!(parse(DEFAULT_TEXT).unwrap().hours.is_always());
}

#[test]
fn default_hours_example_is_valid_once_uncommented() {
    let example = default_hours_example();
    let hours = parse(&format!("{example}{SHORTCUT}")).unwrap().hours;
    for weekday in 0..5 {
        assert_eq!(hours.day_text(weekday), "09:00-12:30, 13:30-17:30");
    }
    assert_eq!(hours.day_text(5), "");
    assert_eq!(hours.day_text(6), "");
}

#[test]
fn default_text_uses_the_default_values() {
    let config = parse(DEFAULT_TEXT).unwrap();
    let minimal = parse(SHORTCUT).unwrap();
    assert_eq!(config.session, minimal.session);
    assert_eq!(config.browser, minimal.browser);
    assert_eq!(config.station.name, "Poste 1");
    assert_eq!(config.station.language, Language::Fr);
}

// --- defaults -------------------------------------------------------------------------------

#[test]
fn minimal_file_takes_every_default() {
    let config = parse(SHORTCUT).unwrap();
    assert_eq!(
        config.station,
        Station {
            name: "Poste en libre accès".to_owned(),
            language: Language::Fr,
        }
    );
    assert_eq!(
        config.session,
        SessionRules {
            drop_in_minutes: 45,
            assisted_minutes: 120,
            warn_at_minutes_left: vec![5, 1],
            idle_secs: 300,
            idle_grace_secs: 60,
            goodbye_secs: 6,
            extension_minutes: 15,
            max_extensions: 2,
        }
    );
    assert!(config.hours.is_always());
    assert_eq!(
        config.browser,
        BrowserSettings {
            program: BrowserChoice::Auto,
            guest_user: None,
            session_root: None,
            printing: true,
            page_limit: None,
            usb_keys: crate::config::KeyAccess::ReadWrite,
        }
    );
    assert_eq!(
        config.shortcuts,
        [Shortcut {
            id: "site".to_owned(),
            label: Label {
                fr: "Site".to_owned(),
                en: "Site".to_owned(),
            },
            icon: Icon::Web,
            target: ShortcutTarget::Site(Site {
                url: "https://www.example.fr/".to_owned(),
                also_allow: Vec::new(),
            }),
            thematique: None,
        }]
    );
}

#[test]
fn empty_sections_take_defaults() {
    let text = format!("[station]\n[session]\n[browser]\n{SHORTCUT}");
    assert_eq!(parse(&text).unwrap(), parse(SHORTCUT).unwrap());
}

// --- durations ------------------------------------------------------------------------------

/// Checks both edges of `key` inside and one step outside each.
fn check_range(key: &str, min: u32, max: u32, unit: &str) {
    for ok in [min, max] {
        let rules = session_rules(&format!("{key} = {ok}"));
        let value = match key {
            "drop_in_minutes" => rules.drop_in_minutes,
            "assisted_minutes" => rules.assisted_minutes,
            "idle_secs" => rules.idle_secs,
            "idle_grace_secs" => rules.idle_grace_secs,
            "goodbye_secs" => rules.goodbye_secs,
            "extension_minutes" => rules.extension_minutes,
            "max_extensions" => rules.max_extensions,
            other => panic!("unknown key {other}"),
        };
        assert_eq!(value, ok, "{key} = {ok}");
    }
    for bad in [i64::from(min) - 1, i64::from(max) + 1] {
        assert_eq!(
            error(&session(&format!("{key} = {bad}"))),
            format!("line 2, session.{key}: must be between {min} and {max} {unit}, found {bad}")
        );
    }
}

#[test]
fn drop_in_minutes_range() {
    check_range("drop_in_minutes", 1, 240, "minutes");
}

#[test]
fn assisted_minutes_range() {
    check_range("assisted_minutes", 1, 480, "minutes");
}

#[test]
fn idle_secs_range() {
    check_range("idle_secs", 30, 3600, "seconds");
}

#[test]
fn idle_grace_secs_range() {
    check_range("idle_grace_secs", 10, 600, "seconds");
}

#[test]
fn goodbye_secs_range() {
    check_range("goodbye_secs", 2, 60, "seconds");
}

#[test]
fn extension_minutes_range() {
    check_range("extension_minutes", 1, 120, "minutes");
}

#[test]
fn max_extensions_range() {
    check_range("max_extensions", 0, 10, "extensions");
}

#[test]
fn negative_and_huge_numbers_get_the_range_message() {
    assert_eq!(
        error(&session("idle_secs = -5")),
        "line 2, session.idle_secs: must be between 30 and 3600 seconds, found -5"
    );
    assert_eq!(
        error(&session("drop_in_minutes = 5000000000")),
        "line 2, session.drop_in_minutes: must be between 1 and 240 minutes, found 5000000000"
    );
}

#[test]
fn the_error_line_is_the_line_of_the_value() {
    let text = session("drop_in_minutes = 45\n\n# commentaire\nassisted_minutes = 0");
    assert!(error(&text).starts_with("line 5, session.assisted_minutes:"));
}

// --- warnings -------------------------------------------------------------------------------

#[test]
fn warnings_are_sorted_largest_first() {
    let rules = session_rules("warn_at_minutes_left = [1, 10, 5]");
    assert_eq!(rules.warn_at_minutes_left, [10, 5, 1]);
}

#[test]
fn warnings_may_be_empty() {
    assert!(
        session_rules("warn_at_minutes_left = []")
            .warn_at_minutes_left
            .is_empty()
    );
}

#[test]
fn duplicate_warning_is_rejected() {
    let message = error(&session("warn_at_minutes_left = [5, 1, 5]"));
    assert!(
        message.starts_with("line 2, session.warn_at_minutes_left[2]: 5 minutes appears twice"),
        "{message}"
    );
}

#[test]
fn warning_edges() {
    assert_eq!(
        session_rules("warn_at_minutes_left = [60, 1]").warn_at_minutes_left,
        [60, 1]
    );
    assert_eq!(
        error(&session("warn_at_minutes_left = [61]")),
        "line 2, session.warn_at_minutes_left[0]: must be between 1 and 60 minutes, found 61"
    );
    assert_eq!(
        error(&session("warn_at_minutes_left = [\n  5,\n  0,\n]")),
        "line 4, session.warn_at_minutes_left[1]: must be between 1 and 60 minutes, found 0"
    );
}

// --- unknown keys ---------------------------------------------------------------------------

#[test]
fn unknown_key_in_session_names_key_line_and_table() {
    let text = "[session]\ndrop_in_minutes = 45\nassisted_minutes = 120\nidle_minutes = 5\n";
    let message = error(&format!("{text}{SHORTCUT}"));
    assert!(
        message.starts_with("line 4: unknown key `idle_minutes` in [session]"),
        "{message}"
    );
    assert!(
        message.contains("`idle_secs`"),
        "lists the allowed keys: {message}"
    );
}

#[test]
fn unknown_key_in_station() {
    let message = error(&format!("[station]\nnom = \"Poste 1\"\n{SHORTCUT}"));
    assert!(
        message.starts_with("line 2: unknown key `nom` in [station]"),
        "{message}"
    );
}

#[test]
fn unknown_key_in_browser() {
    let message = error(&browser("user = \"invite\""));
    assert!(
        message.starts_with("line 2: unknown key `user` in [browser]"),
        "{message}"
    );
}

#[test]
fn unknown_key_at_top_level() {
    let message = error(&format!("{SHORTCUT}\n[sessions]\n"));
    assert!(
        message.starts_with("line 7: unknown key `sessions` at the top level"),
        "{message}"
    );
}

#[test]
fn unknown_key_in_second_shortcut_has_its_index() {
    let text = format!("{SHORTCUT}{SHORTCUT}couleur = \"bleu\"\n");
    let message = error(&text);
    assert!(
        message.starts_with("line 11: unknown key `couleur` in shortcut[1]"),
        "{message}"
    );
}

#[test]
fn unknown_key_in_choice_and_label() {
    let chooser = "[[shortcut]]\nid = \"mails\"\nlabel = { fr = \"E-mails\" }\nicon = \"email\"\n\
                   [[shortcut.choice]]\nid = \"gmail\"\n";
    let message = error(&format!(
        "{chooser}label = {{ fr = \"Gmail\" }}\nurl = \"https://mail.google.com/\"\nicon = \"web\"\n"
    ));
    assert!(
        message.starts_with("line 9: unknown key `icon` in shortcut[0].choice[0]"),
        "{message}"
    );
    let message = error(&format!("{chooser}label = {{ fr = \"a\", de = \"b\" }}\n"));
    assert!(
        message.contains("unknown key `de` in shortcut[0].choice[0].label"),
        "{message}"
    );
}

// --- types and syntax -----------------------------------------------------------------------

#[test]
fn wrong_type_names_key_and_line() {
    assert_eq!(
        error(&session("drop_in_minutes = \"45\"")),
        "line 2, session.drop_in_minutes: expected a whole number, found string \"45\""
    );
    let message = error(&format!("[station]\nname = 1\n{SHORTCUT}"));
    assert!(
        message.starts_with("line 2, station.name: expected a text in quotes"),
        "{message}"
    );
}

#[test]
fn wrong_type_inside_a_shortcut_has_its_index() {
    let text = format!("{SHORTCUT}{}", SHORTCUT.replace("\"web\"", "3"));
    let message = error(&text);
    assert!(
        message.starts_with("line 9, shortcut[1].icon: expected"),
        "{message}"
    );
}

#[test]
fn syntax_error_has_its_line() {
    let message = error("[station]\nname = Poste 1\n");
    assert!(message.starts_with("line 2: "), "{message}");
}

#[test]
fn missing_required_key_names_the_shortcut() {
    let message = error(&format!(
        "{SHORTCUT}[[shortcut]]\nlabel = {{ fr = \"B\" }}\n"
    ));
    assert_eq!(message, "line 6, shortcut[1]: missing key `id`");
}

// --- station and browser --------------------------------------------------------------------

#[test]
fn station_name_is_trimmed_and_bounded() {
    let name = |value: &str| parse(&format!("[station]\nname = {value:?}\n{SHORTCUT}"));
    assert_eq!(name("  Poste 2 ").unwrap().station.name, "Poste 2");
    assert!(name(&"x".repeat(60)).is_ok());
    assert!(
        name(&"x".repeat(61))
            .unwrap_err()
            .to_string()
            .contains("at most 60 characters")
    );
    assert_eq!(
        name(" ").unwrap_err().to_string(),
        "line 2, station.name: must not be empty"
    );
}

#[test]
fn language_must_be_fr_or_en() {
    let text = format!("[station]\nlanguage = \"en\"\n{SHORTCUT}");
    assert_eq!(parse(&text).unwrap().station.language, Language::En);
    assert_eq!(
        error(&format!("[station]\nlanguage = \"de\"\n{SHORTCUT}")),
        "line 2, station.language: must be \"fr\" or \"en\", found \"de\""
    );
}

#[test]
fn browser_program_values() {
    let program = |code: &str| parse(&browser(&format!("program = {code:?}")));
    assert_eq!(
        program("firefox").unwrap().browser.program,
        BrowserChoice::Firefox
    );
    assert_eq!(
        program("chromium").unwrap().browser.program,
        BrowserChoice::Chromium
    );
    assert!(program("edge").unwrap_err().to_string().starts_with(
        "line 2, browser.program: must be \"auto\", \"chromium\" or \"firefox\", found \"edge\""
    ));
}

#[test]
fn guest_user_is_a_unix_name_but_never_root() {
    let config = parse(&browser("guest_user = \"borne-invite\"")).unwrap();
    assert_eq!(config.browser.guest_user.as_deref(), Some("borne-invite"));
    assert!(
        error(&browser("guest_user = \"root\""))
            .starts_with("line 2, browser.guest_user: must not be \"root\"")
    );
    for bad in ["Invite", "1invite", "", "a b", &"a".repeat(33)] {
        let message = error(&browser(&format!("guest_user = {bad:?}")));
        assert!(
            message.contains("must be a Unix user name"),
            "{bad}: {message}"
        );
    }
}

#[test]
fn session_root_must_be_absolute() {
    let config = parse(&browser("session_root = \"/run/borne/sessions\"")).unwrap();
    assert_eq!(
        config.browser.session_root,
        Some(PathBuf::from("/run/borne/sessions"))
    );
    assert_eq!(
        error(&browser("session_root = \"run/borne\"")),
        "line 2, browser.session_root: must be an absolute path starting with /, found \"run/borne\""
    );
}

// --- shortcuts ------------------------------------------------------------------------------

#[test]
fn a_file_without_shortcuts_is_rejected() {
    let message = error("[station]\nname = \"Poste 1\"\n");
    assert_eq!(
        message,
        "line 2, shortcut: the file needs at least one [[shortcut]] entry, found none"
    );
}

#[test]
fn twelve_shortcuts_fit_but_not_thirteen() {
    let many = |n: usize| {
        (0..n)
            .map(|i| SHORTCUT.replace("\"site\"", &format!("\"site-{i}\"")))
            .collect::<String>()
    };
    assert_eq!(parse(&many(12)).unwrap().shortcuts.len(), 12);
    assert!(error(&many(13)).starts_with("line 61, shortcut[12]: at most 12 shortcuts"));
}

#[test]
fn en_label_defaults_to_fr() {
    let config = parse(SHORTCUT).unwrap();
    let label = &config.shortcuts[0].label;
    assert_eq!(label.get(Language::Fr), "Site");
    assert_eq!(label.get(Language::En), "Site");
    let text = SHORTCUT.replace("{ fr = \"Site\" }", "{ fr = \"Site\", en = \"Website\" }");
    assert_eq!(
        parse(&text).unwrap().shortcuts[0].label.get(Language::En),
        "Website"
    );
}

#[test]
fn labels_are_bounded() {
    let with_label = |label: &str| SHORTCUT.replace("{ fr = \"Site\" }", label);
    assert!(parse(&with_label(&format!("{{ fr = {:?} }}", "é".repeat(40)))).is_ok());
    let message = error(&with_label(&format!("{{ fr = {:?} }}", "x".repeat(41))));
    assert!(
        message.starts_with("line 3, shortcut[0].label.fr: must be at most 40 characters"),
        "{message}"
    );
    assert_eq!(
        error(&with_label("{ fr = \"Site\", en = \"  \" }")),
        "line 3, shortcut[0].label.en: must not be empty"
    );
}

#[test]
fn unknown_icon_lists_the_icons() {
    let message = error(&SHORTCUT.replace("\"web\"", "\"internet\""));
    assert!(
        message.starts_with("line 4, shortcut[0].icon: must be one of travail, cv, email"),
        "{message}"
    );
    assert!(message.ends_with("found \"internet\""), "{message}");
}

#[test]
fn bad_ids_are_rejected() {
    for bad in ["Site", "", "site web", "é", &"a".repeat(33)] {
        let message = error(&SHORTCUT.replace("\"site\"", &format!("{bad:?}")));
        assert!(
            message.starts_with("line 2, shortcut[0].id: must be 1 to 32"),
            "{message}"
        );
    }
}

#[test]
fn duplicate_ids_are_rejected_across_shortcuts_and_choices() {
    let message = error(&format!("{SHORTCUT}{SHORTCUT}"));
    assert_eq!(
        message,
        "line 7, shortcut[1].id: \"site\" is already the id of shortcut[0]; each id must be unique"
    );
    let chooser = shortcut(
        "id = \"mails\"\nlabel = { fr = \"E-mails\" }\nicon = \"email\"\n\
         [[shortcut.choice]]\nid = \"site\"\nlabel = { fr = \"Gmail\" }\n\
         url = \"https://mail.google.com/\"",
    );
    let message = error(&format!("{SHORTCUT}{chooser}"));
    assert!(
        message.starts_with(
            "line 11, shortcut[1].choice[0].id: \"site\" is already the id of shortcut[0]"
        ),
        "{message}"
    );
}

#[test]
fn shortcut_with_neither_url_nor_choices() {
    let message = error(&shortcut(
        "id = \"a\"\nlabel = { fr = \"A\" }\nicon = \"web\"",
    ));
    assert_eq!(
        message,
        "line 1, shortcut[0]: needs either url = \"https://...\" or [[shortcut.choice]] entries"
    );
}

#[test]
fn shortcut_with_both_url_and_choices() {
    let text = format!(
        "{SHORTCUT}[[shortcut.choice]]\nid = \"b\"\nlabel = {{ fr = \"B\" }}\nurl = \"https://b.fr/\"\n"
    );
    assert_eq!(
        error(&text),
        "line 5, shortcut[0].url: a shortcut has either url or [[shortcut.choice]] entries, not both"
    );
}

#[test]
fn chooser_needs_choices_and_no_also_allow_of_its_own() {
    let head = "id = \"mails\"\nlabel = { fr = \"E-mails\" }\nicon = \"email\"\n";
    let message = error(&shortcut(&format!("{head}choice = []")));
    assert!(
        message.starts_with("line 1, shortcut[0].choice: a chooser needs 1 to 12"),
        "{message}"
    );
    let text = shortcut(&format!(
        "{head}also_allow = [\"x.fr\"]\n[[shortcut.choice]]\nid = \"b\"\nlabel = {{ fr = \"B\" }}\n\
         url = \"https://b.fr/\""
    ));
    assert!(error(&text).starts_with("line 5, shortcut[0].also_allow: goes with url"));
}

#[test]
fn chooser_holds_at_most_twelve_choices() {
    let choice = |i: usize| {
        format!(
            "[[shortcut.choice]]\nid = \"c{i}\"\nlabel = {{ fr = \"C\" }}\nurl = \"https://c.fr/\"\n"
        )
    };
    let head = "[[shortcut]]\nid = \"mails\"\nlabel = { fr = \"E-mails\" }\nicon = \"email\"\n";
    let text = |n: usize| format!("{head}{}", (0..n).map(choice).collect::<String>());
    let config = parse(&text(12)).unwrap();
    assert!(matches!(&config.shortcuts[0].target, ShortcutTarget::Chooser(c) if c.len() == 12));
    assert!(
        error(&text(13)).starts_with("line 53, shortcut[0].choice[12]: a chooser has at most 12")
    );
}

// --- URLs and also_allow --------------------------------------------------------------------

fn with_url(url: &str) -> String {
    SHORTCUT.replace("https://www.example.fr/", url)
}

#[test]
fn url_must_be_http_or_https() {
    assert_eq!(
        error(&with_url("ftp://files.example.fr/")),
        "line 5, shortcut[0].url: must start with https:// or http://, found \"ftp://files.example.fr/\""
    );
    assert!(error(&with_url("www.example.fr")).contains("full address starting with https://"));
    assert!(parse(&with_url("http://127.0.0.1:8080/")).is_ok());
}

#[test]
fn url_must_have_a_host() {
    assert!(error(&with_url("https:///page")).starts_with("line 5, shortcut[0].url: has no host"));
}

#[test]
fn url_with_credentials_is_rejected_without_echoing_them() {
    let message = error(&with_url("https://a:b@x.fr"));
    assert!(
        message.starts_with("line 5, shortcut[0].url: must not contain a user name"),
        "{message}"
    );
    assert!(!message.contains("a:b"), "{message}");
}

fn with_also_allow(list: &str) -> String {
    format!("{SHORTCUT}also_allow = [\n    \"ok.example.fr\",\n    {list}\n]\n")
}

#[test]
fn also_allow_is_lower_cased() {
    let config = parse(&with_also_allow("\"*.Example.FR\"")).unwrap();
    assert_eq!(
        only_site(&config).also_allow,
        ["ok.example.fr", "*.example.fr"]
    );
}

#[test]
fn also_allow_rejections_name_the_entry_and_line() {
    for (bad, problem) in [
        ("*", "every website"),
        ("fr", "top-level domain"),
        ("file:///etc", "only http:// and https://"),
        ("x.fr:0", "port"),
        ("10.0.0.0/8", "ranges"),
        ("x fr", "spaces"),
    ] {
        let message = error(&with_also_allow(&format!("{bad:?}")));
        assert!(
            message.starts_with("line 8, shortcut[0].also_allow[1]: ") && message.contains(problem),
            "{bad}: {message}"
        );
    }
}

// --- load and small API ---------------------------------------------------------------------

#[test]
fn load_prefixes_errors_with_the_path() {
    let path = std::env::temp_dir().join(format!("borne-config-test-{}.toml", std::process::id()));
    std::fs::write(&path, session("drop_in_minutes = 500")).unwrap();
    let result = load(&path);
    std::fs::remove_file(&path).unwrap();
    let error = result.unwrap_err();
    assert_eq!(error.line(), Some(2));
    assert_eq!(
        error.to_string(),
        format!(
            "{}: line 2, session.drop_in_minutes: must be between 1 and 240 minutes, found 500",
            path.display()
        )
    );
}

#[test]
fn load_reads_a_good_file() {
    let path = std::env::temp_dir().join(format!("borne-config-ok-{}.toml", std::process::id()));
    std::fs::write(&path, DEFAULT_TEXT).unwrap();
    let result = load(&path);
    std::fs::remove_file(&path).unwrap();
    assert_eq!(result.unwrap(), parse(DEFAULT_TEXT).unwrap());
}

#[test]
fn load_of_a_missing_file_names_it() {
    let path = Path::new("/nonexistent/borne/borne.toml");
    let error = load(path).unwrap_err();
    assert!(matches!(
        error,
        ConfigError::Read {
            kind: std::io::ErrorKind::NotFound,
            ..
        }
    ));
    assert!(
        error
            .to_string()
            .starts_with("/nonexistent/borne/borne.toml: cannot read the file")
    );
}

#[test]
fn codes_round_trip() {
    for icon in Icon::ALL {
        assert_eq!(Icon::from_code(icon.code()), Some(icon));
    }
    for program in BrowserChoice::ALL {
        assert_eq!(BrowserChoice::from_code(program.code()), Some(program));
    }
    assert_eq!(
        Icon::from_code("services-publics"),
        Some(Icon::PublicService)
    );
    assert_eq!(Icon::from_code("Travail"), None);
}

#[test]
fn session_root_must_leave_room_for_the_browser_sockets() {
    let long = format!("session_root = \"/{}\"", "a".repeat(60));
    let message = error(&browser(&long));
    assert!(
        message.contains("browser.session_root: must be at most 48 bytes"),
        "{message}"
    );
}

#[test]
fn usb_keys_in_the_browser_are_read_write_unless_said() {
    use crate::config::KeyAccess;
    assert_eq!(
        parse(&browser("")).unwrap().browser.usb_keys,
        KeyAccess::ReadWrite
    );
    let config = parse(&browser("usb_keys = \"read-only\"")).unwrap();
    assert_eq!(config.browser.usb_keys, KeyAccess::ReadOnly);
    let config = parse(&browser("usb_keys = \"none\"")).unwrap();
    assert_eq!(config.browser.usb_keys, KeyAccess::None);
    let message = error(&browser("usb_keys = \"oui\""));
    assert!(message.contains("browser.usb_keys"), "{message}");
    assert!(message.contains("read-only"), "{message}");
}

#[test]
fn a_page_limit_is_a_number_of_pages() {
    assert_eq!(parse(&browser("")).unwrap().browser.page_limit, None);
    let config = parse(&browser("page_limit = 20")).unwrap();
    assert_eq!(config.browser.page_limit, Some(20));
    assert_eq!(config.rules().page_limit, Some(20));
    assert_eq!(
        error(&browser("page_limit = 0")),
        "line 2, browser.page_limit: must be between 1 and 1000 pages, found 0"
    );
    assert!(error(&browser("page_limit = \"dix\"")).contains("page_limit"));
    // Without printing, there is nothing to limit.
    let off = parse(&browser("printing = false\npage_limit = 5")).unwrap();
    assert_eq!(off.rules().page_limit, None);
}

#[test]
fn printing_can_be_switched_off() {
    let config = parse(&browser("printing = false")).unwrap();
    assert!(!config.browser.printing);
    assert!(error(&browser("printing = \"non\"")).contains("printing"));
}

// --- opening hours --------------------------------------------------------------------------

/// `[hours]` with `body` starting on line 2, then a valid shortcut.
fn hours_section(body: &str) -> String {
    format!("[hours]\n{body}\n{SHORTCUT}")
}

fn opening_hours(body: &str) -> OpeningHours {
    parse(&hours_section(body)).unwrap().hours
}

#[test]
fn hours_are_read_per_day_and_a_missing_day_is_closed() {
    let hours = opening_hours(
        "monday = \"09:00-12:00, 14:00-17:30\"\nwednesday = \"\"\nsaturday = \"9h30-12h00\"",
    );
    assert!(!hours.is_always());
    assert_eq!(hours.day_text(0), "09:00-12:00, 14:00-17:30");
    assert_eq!(hours.day_text(1), "", "missing tuesday is closed");
    assert_eq!(hours.day_text(2), "", "\"\" is closed");
    assert_eq!(hours.day_text(5), "09:30-12:00");
    assert_eq!(hours.day_text(6), "");
}

#[test]
fn hours_accept_midnight_and_touching_openings() {
    let hours = opening_hours("friday = \"20:00-24:00\"\nsaturday = \"00:00-02:00, 02:00-04:00\"");
    assert_eq!(hours.day_text(4), "20:00-24:00");
    assert_eq!(hours.day_text(5), "00:00-02:00, 02:00-04:00");
}

#[test]
fn bad_time_names_the_day_key_and_line() {
    assert_eq!(
        error(&hours_section(
            "monday = \"09:00-12:00\"\ntuesday = \"09:00-25:00\""
        )),
        "line 3, hours.tuesday: \"25:00\" is not a time: write hours and minutes from \
         \"00:00\" to \"23:59\" (\"24:00\" only as a closing time)"
    );
    let message = error(&hours_section("monday = \"9 heures - midi\""));
    assert!(
        message.starts_with("line 2, hours.monday: \"9 heures\" is not a time"),
        "{message}"
    );
}

#[test]
fn opening_after_closing_is_refused() {
    assert_eq!(
        error(&hours_section("thursday = \"17:30-14:00\"")),
        "line 2, hours.thursday: \"17:30-14:00\" closes before it opens; write the opening \
         time first, e.g. \"09:00-12:00\""
    );
    let message = error(&hours_section("thursday = \"14:00-14:00\""));
    assert!(
        message.starts_with("line 2, hours.thursday: \"14:00-14:00\" closes when it opens"),
        "{message}"
    );
}

#[test]
fn overlapping_openings_are_refused() {
    assert_eq!(
        error(&hours_section("\n\nfriday = \"09:00-12:30, 12:00-17:00\"")),
        "line 4, hours.friday: \"09:00-12:30\" and \"12:00-17:00\" overlap; an opening must \
         start at or after the end of the one before"
    );
}

#[test]
fn midnight_opens_nothing() {
    let message = error(&hours_section("sunday = \"24:00-24:00\""));
    assert!(
        message.starts_with(
            "line 2, hours.sunday: \"24:00-24:00\" opens at 24:00, which is only allowed as a \
             closing time"
        ),
        "{message}"
    );
}

#[test]
fn a_missing_dash_or_an_empty_opening_is_explained() {
    let message = error(&hours_section("monday = \"09:00 12:00\""));
    assert!(
        message.starts_with("line 2, hours.monday: \"09:00 12:00\" is not an opening"),
        "{message}"
    );
    let message = error(&hours_section("monday = \"09:00-12:00,\""));
    assert!(
        message.contains("hours.monday: \"09:00-12:00,\" has an empty opening between commas"),
        "{message}"
    );
}

#[test]
fn french_day_names_are_unknown_keys() {
    let message = error(&hours_section(
        "monday = \"09:00-12:00\"\nlundi = \"09:00-12:00\"",
    ));
    assert!(
        message.starts_with("line 3: unknown key `lundi` in [hours]"),
        "{message}"
    );
    assert!(message.contains("`monday`"), "lists the days: {message}");
}

#[test]
fn a_day_must_be_a_text() {
    let message = error(&hours_section("monday = 9"));
    assert!(
        message.starts_with("line 2, hours.monday: expected a text in quotes"),
        "{message}"
    );
}

#[test]
fn a_station_closed_every_day_is_refused() {
    let all_closed = "monday = \"\"\ntuesday = \"\"\nwednesday = \"\"\nthursday = \"\"\n\
                      friday = \"\"\nsaturday = \"\"\nsunday = \"\"";
    let text = format!(
        "[station]\nname = \"Poste 1\"\n\n{}",
        hours_section(all_closed)
    );
    let message = error(&text);
    assert!(
        message.starts_with("line 4, hours: every day is closed, so the station would never open"),
        "{message}"
    );
    assert!(message.contains("remove [hours]"), "{message}");
    let message = error(&hours_section(""));
    assert!(
        message.starts_with("line 1, hours: every day is closed"),
        "an empty [hours] closes every day: {message}"
    );
}

#[test]
fn the_antenna_api_is_off_by_default_and_its_keys_are_checked() {
    assert_eq!(parse(SHORTCUT).unwrap().antenna, None);
    let key = "077+TaArp9cv11qsPmq+1CUFkNIj3wELvdJBXfr43Hs=";
    let antenna =
        |body: &str| format!("[station]\nname = \"Poste 1\"\n{SHORTCUT}[antenna]\n{body}\n");
    let config = parse(&antenna(&format!(
        "listen = \"192.168.1.21:8731\"\npublic_key = \"{key}\""
    )))
    .unwrap();
    let found = config.antenna.unwrap();
    assert_eq!(found.listen.to_string(), "192.168.1.21:8731");
    assert_eq!(
        crate::antenna::signing::public_key_text(&found.public_key),
        key
    );
    assert_eq!(
        error(&antenna(&format!(
            "listen = \"poste1\"\npublic_key = \"{key}\""
        ))),
        "line 9, antenna.listen: must be an address and a port, e.g. \"192.168.1.21:8731\", \
         found \"poste1\""
    );
    assert_eq!(
        error(&antenna("listen = \"0.0.0.0:8731\"\npublic_key = \"abc\"")),
        "line 10, antenna.public_key: must be 32 bytes in base64 (44 characters), as `borne \
         antenna keygen` prints"
    );
    assert!(
        error(&antenna("listen = \"0.0.0.0:8731\"")).contains("antenna.public_key: is missing")
    );
    assert!(error(&antenna("port = 8731")).contains("port"));
    assert_eq!(
        error(&format!(
            "{SHORTCUT}[antenna]\nlisten = \"0.0.0.0:8731\"\npublic_key = \"{key}\"\n"
        )),
        "line 6, station.name: must be set when [antenna] is: the console and its commands name \
         each station, e.g. name = \"Poste 1\""
    );
}

#[test]
fn a_shortcut_may_say_its_thematique_and_an_unknown_one_is_refused() {
    let base = "id = \"x\"\nlabel = { fr = \"X\" }\nicon = \"web\"\nurl = \"https://x.fr/\"";
    let config = parse(&shortcut(&format!("{base}\nthematique = \"sante\""))).unwrap();
    assert_eq!(
        config.shortcuts[0].thematique.map(Thematique::code),
        Some("sante")
    );
    assert_eq!(
        parse(&shortcut(base)).unwrap().shortcuts[0].thematique,
        None
    );
    let message = error(&shortcut(&format!("{base}\nthematique = \"emploi\"")));
    assert!(message.contains("line 6"), "{message}");
    assert!(message.contains("shortcut[0].thematique"), "{message}");
    assert!(message.contains("insertion_professionnelle"), "{message}");
    assert!(message.contains("\"emploi\""), "{message}");
    let default = parse(DEFAULT_TEXT).unwrap();
    assert!(default.shortcuts.iter().all(|s| s.thematique.is_some()));
}

#[test]
fn the_hub_is_off_by_default_and_only_reached_over_https() {
    assert_eq!(parse(SHORTCUT).unwrap().hub, None);
    let hub = |body: &str| format!("[hub]\n{body}\n{SHORTCUT}");
    let config = parse(&hub(
        "url = \"https://hub.example.org:8443/\"\nca_file = \"/etc/borne/hub-ca.pem\"",
    ))
    .unwrap();
    assert_eq!(
        config.hub,
        Some(Hub {
            url: "https://hub.example.org:8443".to_owned(),
            ca_file: Some("/etc/borne/hub-ca.pem".into()),
        })
    );
    let message = error(&hub("url = \"http://hub.example.org\""));
    assert!(
        message.contains("line 2") && message.contains("hub.url"),
        "{message}"
    );
    assert!(message.contains("verified TLS"), "{message}");
    let message = error(&hub("ca_file = \"/x.pem\""));
    assert!(
        message.contains("hub.url") && message.contains("missing"),
        "{message}"
    );
    let message = error(&hub("url = \"https://h\"\nca_file = \"ca.pem\""));
    assert!(
        message.contains("line 3") && message.contains("absolute"),
        "{message}"
    );
}
