//! The admin's pages, full screen under a title and "Retour au menu": the settings (durations,
//! opening hours, language, sites, shortcuts), the statistics and the staff PINs. Each change is
//! sent whole; the station validates it with the same rules and messages as `borne.toml`, and
//! a refusal is shown next to the field it is about.

use egui::{RichText, Ui, Vec2};

use crate::config::Config;
use crate::config::edit::ConfigEdit;
use crate::domain::hours::WEEKDAY_KEYS;
use crate::domain::pin::Role;
use crate::domain::{Language, PinProblem, SettingsProblem, StaffCommand, StaffNotice};
use crate::services::usage_log::Report;
use crate::ui::app::{Action, ScreenContext};
use crate::ui::i18n::{Text, weekday_name};
use crate::ui::setup::{check_new_pin, pin_field};
use crate::ui::staff_menu::{AdminPage, StaffPage};
use crate::ui::{stats_screen, theme, widgets};

mod fields;
mod shortcuts;

use fields::*;
use shortcuts::*;

/// What the admin types on these pages (kept by the app while the panel is open).
#[derive(Default)]
pub struct AdminForms {
    tab: SettingsTab,
    /// `[session]` numbers as typed, by key.
    numbers: Vec<(&'static str, String)>,
    warnings: String,
    hours: [String; 7],
    always_open: bool,
    sites: String,
    /// The button whose removal awaits confirmation.
    confirm_remove: Option<usize>,
    /// The shortcut being edited (`None`: a new one), and its fields.
    shortcut: Option<usize>,
    draft: ShortcutFields,
    pins: [[String; 2]; 2],
    mistake: Option<String>,
    /// The config the forms were filled from: they are filled again when it changes.
    filled_from: Option<std::sync::Arc<Config>>,
}

#[derive(Clone, Default)]
struct ShortcutFields {
    id: String,
    label_fr: String,
    label_en: String,
    icon: String,
    url: String,
    also_allow: String,
    has_choices: bool,
}

#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum SettingsTab {
    #[default]
    Durations,
    Hours,
    Language,
    Sites,
    Shortcuts,
}

const SESSION_KEYS: [(&str, Text); 6] = [
    ("drop_in_minutes", Text::DropInMinutes),
    ("assisted_minutes", Text::AssistedMinutes),
    ("extension_minutes", Text::ExtensionMinutes),
    ("max_extensions", Text::MaxExtensions),
    ("idle_secs", Text::IdleSecs),
    ("idle_grace_secs", Text::IdleGraceSecs),
];

impl AdminForms {
    /// Fills the forms from `config` when the page opens; when the config changes (a save),
    /// refills only the tab on screen, so that what was typed in the others is kept.
    fn fill(&mut self, config: &std::sync::Arc<Config>) {
        let first = match &self.filled_from {
            Some(filled) if std::sync::Arc::ptr_eq(filled, config) => return,
            Some(_) => false,
            None => true,
        };
        let tab = |t: SettingsTab| first || self.tab == t;
        if tab(SettingsTab::Durations) {
            let s = &config.session;
            self.numbers = vec![
                ("drop_in_minutes", s.drop_in_minutes.to_string()),
                ("assisted_minutes", s.assisted_minutes.to_string()),
                ("extension_minutes", s.extension_minutes.to_string()),
                ("max_extensions", s.max_extensions.to_string()),
                ("idle_secs", s.idle_secs.to_string()),
                ("idle_grace_secs", s.idle_grace_secs.to_string()),
            ];
            self.warnings = s
                .warn_at_minutes_left
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ");
        }
        if tab(SettingsTab::Hours) {
            self.always_open = config.hours.is_always();
            self.hours = std::array::from_fn(|day| {
                #[expect(clippy::cast_possible_truncation, reason = "0 to 6")]
                let day = day as u8;
                if config.hours.is_always() {
                    String::new()
                } else {
                    config.hours.day_text(day)
                }
            });
        }
        if tab(SettingsTab::Sites) {
            self.sites = config.sites.join("\n");
        }
        if tab(SettingsTab::Shortcuts) {
            // The buttons moved or changed: a draft's position may now name another button.
            self.shortcut = None;
            self.confirm_remove = None;
            self.draft = ShortcutFields::default();
        }
        self.filled_from = Some(std::sync::Arc::clone(config));
    }
}

/// Draws an admin page. `page` goes back to the menu with "Retour au menu".
#[must_use]
#[expect(
    clippy::too_many_arguments,
    reason = "a screen function: what it draws and the forms it edits"
)]
pub fn admin_ui(
    ui: &mut Ui,
    cx: &ScreenContext<'_>,
    page: &mut StaffPage,
    admin_page: AdminPage,
    forms: &mut AdminForms,
    config: &std::sync::Arc<Config>,
    notice: Option<&StaffNotice>,
    report: Option<Option<&Report>>,
) -> Option<Action> {
    let tr = cx.tr;
    forms.fill(config);
    let mut action = None;
    ui.horizontal(|ui| {
        let title = match admin_page {
            AdminPage::Settings => Text::Settings,
            AdminPage::Statistics => Text::Statistics,
            AdminPage::Pins => Text::ChangePins,
        };
        widgets::text(
            ui,
            tr.get(title),
            theme::heading_font(),
            theme::colors().text,
        );
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let size = Vec2::new(260.0, theme::BUTTON_HEIGHT - 16.0);
            if widgets::secondary_button(ui, tr.get(Text::BackToMenu), size).clicked() {
                forms.mistake = None;
                *page = StaffPage::Menu;
            }
        });
    });
    if let Some(text) = notice.and_then(|n| crate::ui::staff_menu::notice_text(cx, n)) {
        widgets::text(ui, text, theme::body_font(), theme::colors().primary);
    }
    ui.add_space(theme::GAP / 2.0);
    let refused = match notice {
        Some(StaffNotice::SettingsRefused(problem)) => Some(problem),
        _ => None,
    };
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| match admin_page {
            AdminPage::Settings => action = settings_ui(ui, cx, forms, config, refused),
            AdminPage::Statistics => match report {
                Some(Some(report)) => stats_screen::stats_ui(ui, report, cx.language),
                Some(None) => {
                    widgets::text(
                        ui,
                        tr.get(Text::StatsUnavailable),
                        theme::body_font(),
                        theme::colors().text,
                    );
                }
                None => {
                    widgets::text(
                        ui,
                        tr.get(Text::StatsLoading),
                        theme::body_font(),
                        theme::colors().text_soft,
                    );
                }
            },
            AdminPage::Pins => action = pins_ui(ui, cx, forms, notice),
        });
    action
}

fn pins_ui(
    ui: &mut Ui,
    cx: &ScreenContext<'_>,
    forms: &mut AdminForms,
    notice: Option<&StaffNotice>,
) -> Option<Action> {
    let tr = cx.tr;
    let mut action = None;
    widgets::text(
        ui,
        tr.get(Text::SetupExplain),
        theme::body_font(),
        theme::colors().text_soft,
    );
    for (index, role) in [Role::Admin, Role::Volunteer].into_iter().enumerate() {
        ui.add_space(theme::GAP / 2.0);
        let (label, button) = match role {
            Role::Admin => (tr.get(Text::AdminPin), tr.get(Text::SaveAdminPin)),
            Role::Volunteer => (tr.get(Text::VolunteerPin), tr.get(Text::SaveVolunteerPin)),
        };
        egui::Grid::new(("pins", index))
            .num_columns(2)
            .show(ui, |ui| {
                let [first, second] = &mut forms.pins[index];
                pin_field(ui, label, first);
                ui.end_row();
                pin_field(
                    ui,
                    &format!("{} ({label})", tr.get(Text::ConfirmPin)),
                    second,
                );
                ui.end_row();
            });
        if widgets::secondary_button(ui, button, Vec2::new(520.0, theme::BUTTON_HEIGHT - 8.0))
            .clicked()
        {
            let checked = check_new_pin(&forms.pins[index]);
            forms.pins = Default::default();
            match checked {
                Ok(pin) => {
                    forms.mistake = None;
                    action = Some(Action::from(StaffCommand::ChangePin { role, pin }));
                }
                Err(mistake) => forms.mistake = Some(mistake.text(cx).to_owned()),
            }
        }
    }
    let refused = match notice {
        Some(StaffNotice::PinRefused(PinProblem::Rule(rule))) => {
            Some(tr.pin_rule(*rule).to_owned())
        }
        Some(StaffNotice::PinRefused(PinProblem::Store(failure))) => {
            Some(tr.store_failure(failure))
        }
        _ => None,
    };
    if let Some(message) = forms.mistake.clone().or(refused) {
        widgets::text(ui, message, theme::body_font(), theme::colors().error_text);
    }
    action
}

fn settings_ui(
    ui: &mut Ui,
    cx: &ScreenContext<'_>,
    forms: &mut AdminForms,
    config: &Config,
    refused: Option<&SettingsProblem>,
) -> Option<Action> {
    let tr = cx.tr;
    let tabs = [
        (SettingsTab::Durations, Text::TabDurations),
        (SettingsTab::Hours, Text::TabHours),
        (SettingsTab::Language, Text::TabLanguage),
        (SettingsTab::Sites, Text::TabSites),
        (SettingsTab::Shortcuts, Text::TabShortcuts),
    ];
    // On a narrow screen (1024 px) the tabs go on two lines rather than off the screen.
    ui.horizontal_wrapped(|ui| {
        for (tab, name) in tabs {
            let response = widgets::choice_button(
                ui,
                tr.get(name),
                forms.tab == tab,
                theme::body_font(),
                Vec2::new(140.0, 64.0),
            );
            if response.clicked() {
                forms.tab = tab;
                forms.mistake = None;
            }
        }
    });
    ui.add_space(theme::GAP / 2.0);
    let edits = match forms.tab {
        SettingsTab::Durations => durations_ui(ui, cx, forms, refused),
        SettingsTab::Hours => hours_ui(ui, cx, forms, refused).map(one),
        SettingsTab::Language => language_ui(ui, config).map(one),
        SettingsTab::Sites => {
            text_area(
                ui,
                tr.get(Text::SitesField),
                &mut forms.sites,
                refused,
                "sites",
            );
            save_button(ui, cx).then(|| vec![ConfigEdit::Sites(lines(&forms.sites))])
        }
        SettingsTab::Shortcuts => shortcuts_ui(ui, cx, forms, config, refused).map(one),
    };
    if let Some(message) = &forms.mistake {
        widgets::text(
            ui,
            message.clone(),
            theme::body_font(),
            theme::colors().error_text,
        );
    }
    if let Some(problem) = refused
        && problem.key.is_none()
    {
        widgets::text(
            ui,
            problem.message.clone(),
            theme::body_font(),
            theme::colors().error_text,
        );
    }
    edits.map(|edits| Action::from(StaffCommand::SaveSettings(edits)))
}

fn durations_ui(
    ui: &mut Ui,
    cx: &ScreenContext<'_>,
    forms: &mut AdminForms,
    refused: Option<&SettingsProblem>,
) -> Option<Vec<ConfigEdit>> {
    let tr = cx.tr;
    // Seven fields and the button fit a 768 px high screen without scrolling.
    ui.spacing_mut().item_spacing.y = 8.0;
    for (key, value) in &mut forms.numbers {
        let Some((_, label)) = SESSION_KEYS.iter().find(|(k, _)| k == key) else {
            continue;
        };
        line_field(
            ui,
            tr.get(*label),
            value,
            refused,
            &format!("session.{key}"),
        );
    }
    line_field(
        ui,
        tr.get(Text::WarnAt),
        &mut forms.warnings,
        refused,
        "session.warn_at_minutes_left",
    );
    if !save_button(ui, cx) {
        return None;
    }
    let mut numbers = Vec::new();
    for (key, value) in &forms.numbers {
        let Ok(number) = value.trim().parse::<i64>() else {
            forms.mistake = Some(cx.tr.not_a_number(value));
            return None;
        };
        numbers.push((*key, number));
    }
    let mut warnings = Vec::new();
    for part in forms
        .warnings
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let Ok(number) = part.parse::<i64>() else {
            forms.mistake = Some(cx.tr.not_a_number(part));
            return None;
        };
        warnings.push(number);
    }
    forms.mistake = None;
    Some(vec![
        ConfigEdit::SessionNumbers(numbers),
        ConfigEdit::Warnings(warnings),
    ])
}

fn hours_ui(
    ui: &mut Ui,
    cx: &ScreenContext<'_>,
    forms: &mut AdminForms,
    refused: Option<&SettingsProblem>,
) -> Option<ConfigEdit> {
    let always = ui.checkbox(
        &mut forms.always_open,
        RichText::new(cx.tr.get(Text::AlwaysOpen)).font(theme::body_font()),
    );
    always.widget_info(|| {
        egui::WidgetInfo::selected(
            egui::Role::CheckBox,
            true,
            forms.always_open,
            cx.tr.get(Text::AlwaysOpen),
        )
    });
    if !forms.always_open {
        widgets::text(
            ui,
            cx.tr.get(Text::HoursHint),
            theme::small_font(),
            theme::colors().text_soft,
        );
        for (day, value) in forms.hours.iter_mut().enumerate() {
            let label = capitalised(weekday_name(cx.language, day));
            line_field(
                ui,
                &label,
                value,
                refused,
                &format!("hours.{}", WEEKDAY_KEYS[day]),
            );
        }
    }
    save_button(ui, cx)
        .then(|| ConfigEdit::Hours((!forms.always_open).then(|| forms.hours.clone())))
}

fn language_ui(ui: &mut Ui, config: &Config) -> Option<ConfigEdit> {
    let mut edit = None;
    ui.horizontal(|ui| {
        for language in Language::ALL {
            let selected = config.station.language == language;
            if widgets::language_button(ui, language, selected, 220.0) && !selected {
                edit = Some(ConfigEdit::Language(language));
            }
        }
    });
    edit
}
