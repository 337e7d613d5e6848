//! The admin's pages, full screen under a title and "Retour au menu": the settings (durations,
//! opening hours, language, sites, shortcuts), the statistics and the staff PINs. Each change is
//! sent whole; the station validates it with the same rules and messages as `borne.toml`, and
//! a refusal is shown next to the field it is about.

use egui::{RichText, Ui, Vec2};

use crate::config::Config;
use crate::config::edit::{ConfigEdit, ShortcutDraft};
use crate::domain::hours::WEEKDAY_KEYS;
use crate::domain::pin::Role;
use crate::domain::{Command, Language, PinProblem, SettingsProblem, StaffNotice};
use crate::services::usage_log::{Report, weekday_name};
use crate::ui::app::{Action, ScreenContext};
use crate::ui::i18n::{Catalogue, Text};
use crate::ui::setup::{check_new_pin, pin_field};
use crate::ui::staff_menu::{AdminPage, StaffPage};
use crate::ui::{stats_screen, theme, widgets};

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

const SESSION_KEYS: [(&str, &str, &str); 6] = [
    (
        "drop_in_minutes",
        "Session en libre accès (minutes)",
        "Drop-in session (minutes)",
    ),
    (
        "assisted_minutes",
        "Session accompagnée (minutes)",
        "Assisted session (minutes)",
    ),
    (
        "extension_minutes",
        "Prolongation (minutes)",
        "Extension (minutes)",
    ),
    (
        "max_extensions",
        "Prolongations au plus",
        "Extensions at most",
    ),
    (
        "idle_secs",
        "Inactivité avant la question (secondes)",
        "Idle time before the prompt (seconds)",
    ),
    (
        "idle_grace_secs",
        "Temps pour répondre (secondes)",
        "Time to answer (seconds)",
    ),
];

const ICONS: [&str; 8] = [
    "travail",
    "cv",
    "email",
    "services-publics",
    "formation",
    "sante",
    "logement",
    "web",
];

impl AdminForms {
    fn fill(&mut self, config: &std::sync::Arc<Config>) {
        if self
            .filled_from
            .as_ref()
            .is_some_and(|c| std::sync::Arc::ptr_eq(c, config))
        {
            return;
        }
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
        self.sites = config.sites.join("\n");
        self.shortcut = None;
        self.draft = ShortcutFields::default();
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
    report: Option<&Report>,
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
        widgets::text(ui, tr.get(title), theme::heading_font(), theme::TEXT);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let size = Vec2::new(260.0, theme::BUTTON_HEIGHT - 16.0);
            if widgets::secondary_button(ui, tr.get(Text::Back2), size).clicked() {
                forms.mistake = None;
                *page = StaffPage::Menu;
            }
        });
    });
    if let Some(text) = notice.and_then(|n| crate::ui::staff_menu::notice_text(cx, n)) {
        widgets::text(ui, text, theme::body_font(), theme::PRIMARY);
    }
    ui.add_space(theme::GAP / 2.0);
    let refused = match notice {
        Some(StaffNotice::SettingsRefused(problem)) => Some(problem),
        _ => None,
    };
    egui::ScrollArea::vertical().show(ui, |ui| match admin_page {
        AdminPage::Settings => action = settings_ui(ui, cx, forms, config, refused),
        AdminPage::Statistics => match report {
            Some(report) => stats_screen::stats_ui(ui, report, cx.language),
            None => {
                widgets::text(ui, "…", theme::body_font(), theme::TEXT_SOFT);
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
        theme::TEXT_SOFT,
    );
    for (index, role) in [Role::Admin, Role::Volunteer].into_iter().enumerate() {
        ui.add_space(theme::GAP / 2.0);
        let (label, button) = match role {
            Role::Admin => (tr.get(Text::AdminPin), save_pin_label(tr, Role::Admin)),
            Role::Volunteer => (
                tr.get(Text::VolunteerPin),
                save_pin_label(tr, Role::Volunteer),
            ),
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
        if widgets::secondary_button(ui, &button, Vec2::new(520.0, theme::BUTTON_HEIGHT - 8.0))
            .clicked()
        {
            let checked = check_new_pin(cx, &forms.pins[index]);
            forms.pins = Default::default();
            match checked {
                Ok(pin) => {
                    forms.mistake = None;
                    action = Some(Action::Station(Command::ChangePin { role, pin }));
                }
                Err(mistake) => forms.mistake = Some(mistake),
            }
        }
    }
    let refused = match notice {
        Some(StaffNotice::PinRefused(PinProblem::Rule(rule))) => {
            Some(tr.pin_rule(*rule).to_owned())
        }
        Some(StaffNotice::PinRefused(PinProblem::Store(detail))) => Some(detail.clone()),
        _ => None,
    };
    if let Some(message) = forms.mistake.clone().or(refused) {
        widgets::text(ui, message, theme::body_font(), theme::BAR_URGENT);
    }
    action
}

fn save_pin_label(tr: Catalogue, role: Role) -> String {
    let (fr, en) = match role {
        Role::Admin => ("Enregistrer le code administrateur", "Save the admin code"),
        Role::Volunteer => ("Enregistrer le code bénévole", "Save the volunteer code"),
    };
    match tr.0 {
        Language::Fr => fr.to_owned(),
        Language::En => en.to_owned(),
    }
}

fn settings_ui(
    ui: &mut Ui,
    cx: &ScreenContext<'_>,
    forms: &mut AdminForms,
    config: &Config,
    refused: Option<&SettingsProblem>,
) -> Option<Action> {
    let fr = cx.language == Language::Fr;
    let tabs = [
        (
            SettingsTab::Durations,
            if fr { "Durées" } else { "Durations" },
        ),
        (
            SettingsTab::Hours,
            if fr { "Horaires" } else { "Opening hours" },
        ),
        (
            SettingsTab::Language,
            if fr { "Langue" } else { "Language" },
        ),
        (
            SettingsTab::Sites,
            if fr {
                "Sites autorisés"
            } else {
                "Allowed sites"
            },
        ),
        (
            SettingsTab::Shortcuts,
            if fr { "Boutons" } else { "Buttons" },
        ),
    ];
    ui.horizontal(|ui| {
        for (tab, name) in tabs {
            let response = widgets::choice_button(
                ui,
                name,
                forms.tab == tab,
                theme::body_font(),
                Vec2::new(180.0, 56.0),
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
            let label = if fr {
                "Un site par ligne : nom d'hôte (exemple.fr) ou *.exemple.fr"
            } else {
                "One site per line: a host name (example.org) or *.example.org"
            };
            text_area(ui, label, &mut forms.sites, refused, "sites");
            save_button(ui, cx).then(|| vec![ConfigEdit::Sites(lines(&forms.sites))])
        }
        SettingsTab::Shortcuts => shortcuts_ui(ui, cx, forms, config, refused).map(one),
    };
    if let Some(message) = &forms.mistake {
        widgets::text(ui, message.clone(), theme::body_font(), theme::BAR_URGENT);
    }
    if let Some(problem) = refused
        && problem.key.is_none()
    {
        widgets::text(
            ui,
            problem.message.clone(),
            theme::body_font(),
            theme::BAR_URGENT,
        );
    }
    edits.map(Action::SaveSettings)
}

fn durations_ui(
    ui: &mut Ui,
    cx: &ScreenContext<'_>,
    forms: &mut AdminForms,
    refused: Option<&SettingsProblem>,
) -> Option<Vec<ConfigEdit>> {
    let fr = cx.language == Language::Fr;
    for (key, value) in &mut forms.numbers {
        let Some((_, label_fr, label_en)) = SESSION_KEYS.iter().find(|(k, _, _)| k == key) else {
            continue;
        };
        let label = if fr { *label_fr } else { *label_en };
        line_field(ui, label, value, refused, &format!("session.{key}"));
    }
    let warn_label = if fr {
        "Avertir quand il reste (minutes, séparées par des virgules)"
    } else {
        "Warn when this is left (minutes, separated by commas)"
    };
    line_field(
        ui,
        warn_label,
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
            forms.mistake = Some(not_a_number(cx, value));
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
            forms.mistake = Some(not_a_number(cx, part));
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
    let fr = cx.language == Language::Fr;
    let always = if fr {
        "Ouvert à toute heure"
    } else {
        "Open at all times"
    };
    ui.checkbox(
        &mut forms.always_open,
        RichText::new(always).font(theme::body_font()),
    );
    if !forms.always_open {
        let hint = if fr {
            "Par exemple 09:00-12:30, 13:30-17:30 ; vide = fermé."
        } else {
            "For example 09:00-12:30, 13:30-17:30; empty = closed."
        };
        widgets::text(ui, hint, theme::small_font(), theme::TEXT_SOFT);
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
            let name = Catalogue::language_name(language);
            let response = widgets::choice_button(
                ui,
                name,
                selected,
                theme::button_font(),
                Vec2::new(220.0, theme::BUTTON_HEIGHT),
            );
            if response.clicked() && !selected {
                edit = Some(ConfigEdit::Language(language));
            }
        }
    });
    edit
}

fn shortcuts_ui(
    ui: &mut Ui,
    cx: &ScreenContext<'_>,
    forms: &mut AdminForms,
    config: &Config,
    refused: Option<&SettingsProblem>,
) -> Option<ConfigEdit> {
    let fr = cx.language == Language::Fr;
    let mut edit = None;
    let count = config.shortcuts.len();
    for (index, shortcut) in config.shortcuts.iter().enumerate() {
        ui.horizontal(|ui| {
            let name = shortcut.label.get(cx.language);
            ui.add_sized(
                Vec2::new(420.0, 48.0),
                egui::Label::new(
                    RichText::new(format!("{}. {name}", index + 1))
                        .font(theme::body_font())
                        .color(theme::TEXT),
                ),
            );
            let small = Vec2::new(150.0, 48.0);
            let button = |ui: &mut Ui, text: &str, enabled: bool| {
                ui.add_enabled(
                    enabled,
                    egui::Button::new(RichText::new(text).font(theme::small_font()))
                        .min_size(small),
                )
                .on_hover_text(name)
                .clicked()
            };
            let (up, down, change, remove) = if fr {
                ("Monter", "Descendre", "Modifier", "Supprimer")
            } else {
                ("Up", "Down", "Edit", "Remove")
            };
            if button(ui, up, index > 0) {
                edit = Some(ConfigEdit::MoveShortcut {
                    from: index,
                    to: index - 1,
                });
            }
            if button(ui, down, index + 1 < count) {
                edit = Some(ConfigEdit::MoveShortcut {
                    from: index,
                    to: index + 1,
                });
            }
            if button(ui, change, true) {
                forms.shortcut = Some(index);
                let draft = ShortcutDraft::from_shortcut(shortcut);
                forms.draft = ShortcutFields {
                    id: draft.id,
                    label_fr: draft.label_fr,
                    label_en: draft.label_en.unwrap_or_default(),
                    icon: draft.icon,
                    url: draft.url.clone().unwrap_or_default(),
                    also_allow: draft.also_allow.join("\n"),
                    has_choices: draft.url.is_none(),
                };
            }
            if button(ui, remove, count > 1) {
                edit = Some(ConfigEdit::RemoveShortcut(index));
            }
        });
    }
    ui.add_space(theme::GAP / 2.0);
    let title = match (forms.shortcut, fr) {
        (Some(i), true) => format!("Modifier le bouton {}", i + 1),
        (Some(i), false) => format!("Edit button {}", i + 1),
        (None, true) => "Nouveau bouton".to_owned(),
        (None, false) => "New button".to_owned(),
    };
    widgets::text(ui, title, theme::body_font(), theme::TEXT);
    let key = format!("shortcut[{}]", forms.shortcut.unwrap_or(count));
    let d = &mut forms.draft;
    let (id, lfr, len, icon, url, also) = if fr {
        (
            "Identifiant (a-z, 0-9, -)",
            "Texte du bouton (français)",
            "Texte du bouton (anglais, facultatif)",
            "Pictogramme",
            "Adresse (https://...)",
            "Autres sites autorisés (un par ligne)",
        )
    } else {
        (
            "Identifier (a-z, 0-9, -)",
            "Button text (French)",
            "Button text (English, optional)",
            "Pictogram",
            "Address (https://...)",
            "Other allowed sites (one per line)",
        )
    };
    line_field(ui, id, &mut d.id, refused, &format!("{key}.id"));
    line_field(ui, lfr, &mut d.label_fr, refused, &format!("{key}.label"));
    line_field(
        ui,
        len,
        &mut d.label_en,
        refused,
        &format!("{key}.label.en"),
    );
    ui.horizontal_wrapped(|ui| {
        widgets::text(ui, icon, theme::body_font(), theme::TEXT);
        for name in ICONS {
            ui.radio_value(
                &mut d.icon,
                name.to_owned(),
                RichText::new(name).font(theme::small_font()),
            );
        }
    });
    if !d.has_choices {
        line_field(ui, url, &mut d.url, refused, &format!("{key}.url"));
        text_area(
            ui,
            also,
            &mut d.also_allow,
            refused,
            &format!("{key}.also_allow"),
        );
    }
    if save_button(ui, cx) {
        let draft = ShortcutDraft {
            id: d.id.trim().to_owned(),
            label_fr: d.label_fr.trim().to_owned(),
            label_en: Some(d.label_en.trim().to_owned()).filter(|s| !s.is_empty()),
            icon: d.icon.clone(),
            url: (!d.has_choices).then(|| d.url.trim().to_owned()),
            also_allow: lines(&d.also_allow),
        };
        edit = Some(match forms.shortcut {
            Some(index) => ConfigEdit::EditShortcut { index, draft },
            None => ConfigEdit::AddShortcut(draft),
        });
    }
    edit
}

/// A one-line field, with the station's refusal under it when it is about `key`.
fn line_field(
    ui: &mut Ui,
    label: &str,
    value: &mut String,
    refused: Option<&SettingsProblem>,
    key: &str,
) {
    ui.horizontal(|ui| {
        let label = ui.add_sized(
            Vec2::new(520.0, 40.0),
            egui::Label::new(
                RichText::new(label)
                    .font(theme::body_font())
                    .color(theme::TEXT),
            ),
        );
        let edit = ui.add(
            egui::TextEdit::singleline(value)
                .font(theme::body_font())
                .desired_width(420.0),
        );
        edit.labelled_by(label.id);
    });
    refusal_for(ui, refused, key);
}

fn text_area(
    ui: &mut Ui,
    label: &str,
    value: &mut String,
    refused: Option<&SettingsProblem>,
    key: &str,
) {
    let label = widgets::text(ui, label, theme::body_font(), theme::TEXT);
    let edit = ui.add(
        egui::TextEdit::multiline(value)
            .font(theme::body_font())
            .desired_rows(4)
            .desired_width(900.0),
    );
    edit.labelled_by(label.id);
    refusal_for(ui, refused, key);
}

fn refusal_for(ui: &mut Ui, refused: Option<&SettingsProblem>, key: &str) {
    if let Some(problem) = refused
        && problem.key.as_deref().is_some_and(|k| {
            k == key || k.starts_with(&format!("{key}.")) || k.starts_with(&format!("{key}["))
        })
    {
        widgets::text(
            ui,
            problem.message.clone(),
            theme::small_font(),
            theme::BAR_URGENT,
        );
    }
}

fn save_button(ui: &mut Ui, cx: &ScreenContext<'_>) -> bool {
    ui.add_space(theme::GAP / 2.0);
    widgets::primary_button(
        ui,
        cx.tr.get(Text::Save),
        Vec2::new(320.0, theme::BUTTON_HEIGHT),
    )
    .clicked()
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn not_a_number(cx: &ScreenContext<'_>, found: &str) -> String {
    match cx.language {
        Language::Fr => format!("« {found} » n'est pas un nombre entier."),
        Language::En => format!("\"{found}\" is not a whole number."),
    }
}

fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn one(edit: ConfigEdit) -> Vec<ConfigEdit> {
    vec![edit]
}
