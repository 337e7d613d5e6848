//! The admin's changes through the real services: `borne.toml` rewritten on disk with its
//! comments, the browser policy brought in line (installed when the kiosk may, else the command
//! to run), and the change counted in the real usage log (what, never who).

mod common;

use std::fs;

use borne::config::{self, edit::ConfigEdit};
use borne::domain::PolicyState;
use borne::services::policy::Policies;
use borne::services::settings_store::SettingsStore;
use borne::services::station_services::StationServices;
use borne::services::usage_log::{Period, ReportQuery, UsageLog, Zone};
use borne::supervisor::StationChecks as _;
use common::scratch::Scratch;

#[test]
fn a_saved_site_rewrites_the_file_brings_the_policy_in_line_and_is_counted() {
    let scratch = Scratch::new("settings-real");
    let root = scratch.path().join("root");
    let config_path = scratch.path().join("borne.toml");
    fs::write(&config_path, config::DEFAULT_TEXT).unwrap();
    let config = config::parse(config::DEFAULT_TEXT).unwrap();
    let policies = Policies::for_config(&config);
    policies.install(&root).unwrap();
    let settings = common::browserless_settings(&root, Some(policies));
    let mut services = StationServices::new(settings, None);
    let database = scratch.path().join("usage.sqlite");
    let (usage, _) = UsageLog::open(&database, Zone::Local, chrono::Utc::now()).unwrap();
    services.set_usage_log(usage);
    services.set_settings_store(
        SettingsStore::new(Some(config_path.clone()), config::DEFAULT_TEXT.to_owned()),
        1,
    );

    // Refused: nothing written, nothing counted.
    let refused = services
        .save_settings(&[ConfigEdit::Sites(vec!["*".into()])])
        .unwrap_err();
    assert_eq!(
        refused.key.as_deref(),
        Some("sites.allow[0]"),
        "{refused:?}"
    );
    assert_eq!(
        fs::read_to_string(&config_path).unwrap(),
        config::DEFAULT_TEXT
    );

    let (saved, policy) = services
        .save_settings(&[ConfigEdit::Sites(vec!["www.caf.fr".into()])])
        .unwrap();
    assert_eq!(saved.sites, vec!["www.caf.fr".to_owned()]);
    let text = fs::read_to_string(&config_path).unwrap();
    assert!(text.contains("\"www.caf.fr\""));
    assert_eq!(config::parse(&text).unwrap(), saved);
    let new_policies = Policies::for_config(&saved);
    if nix::unistd::geteuid().is_root() {
        // The kiosk may write the policy: it does, and it matches at once.
        assert_eq!(policy, PolicyState::Matches);
        new_policies.check(&root).unwrap();
        services.check_station().unwrap();
    } else {
        // It may not: the station says what to run, and stays closed until then.
        let PolicyState::ToInstall(command) = policy else {
            panic!("the policy cannot be installed without root: {policy:?}")
        };
        assert!(command.contains("install-policies"), "{command}");
        assert!(services.check_station().is_err());
        new_policies.install(&root).unwrap();
        services.check_station().unwrap();
    }

    let reports = UsageLog::open_for_reports(&database, Zone::Local).unwrap();
    let today = chrono::Local::now().date_naive();
    let report = reports
        .report(&ReportQuery::new(today, today, Period::Day))
        .unwrap();
    assert_eq!(
        report.events.config_changed, 1,
        "the refused change is not counted"
    );
}
