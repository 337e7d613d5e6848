//! The admin's shortcuts tab: the list, a shortcut's form, its pictogram.

use egui::{RichText, Ui, Vec2};

use crate::config::edit::{ConfigEdit, ShortcutDraft};
use crate::config::{Config, Icon};
use crate::domain::SettingsProblem;
use crate::ui::app::ScreenContext;
use crate::ui::i18n::Text;
use crate::ui::pictogram::Pictogram;
use crate::ui::{pictogram, theme, widgets};

use super::fields::{line_field, lines, save_button, text_area};
use super::{AdminForms, ShortcutFields};

pub(super) fn shortcuts_ui(
    ui: &mut Ui,
    cx: &ScreenContext<'_>,
    forms: &mut AdminForms,
    config: &Config,
    refused: Option<&SettingsProblem>,
) -> Option<ConfigEdit> {
    let tr = cx.tr;
    let mut edit = None;
    let count = config.shortcuts.len();
    for (index, shortcut) in config.shortcuts.iter().enumerate() {
        let name = shortcut.label.get(cx.language);
        if forms.confirm_remove == Some(index) {
            // Removing takes the button's address and allowed sites: ask first.
            widgets::card(ui, theme::colors().warning_bg, |ui| {
                widgets::text(
                    ui,
                    tr.remove_question(name),
                    theme::body_font(),
                    theme::colors().text,
                );
                ui.horizontal(|ui| {
                    let size = Vec2::new(300.0, theme::BUTTON_HEIGHT - 8.0);
                    if widgets::primary_button(ui, tr.get(Text::Cancel), size).clicked() {
                        forms.confirm_remove = None;
                    }
                    if widgets::secondary_button(ui, tr.get(Text::YesRemove), size).clicked() {
                        forms.confirm_remove = None;
                        edit = Some(ConfigEdit::RemoveShortcut(index));
                    }
                });
            });
            continue;
        }
        ui.horizontal(|ui| {
            ui.add_sized(
                Vec2::new(400.0, 64.0),
                egui::Label::new(
                    RichText::new(format!("{}. {name}", index + 1))
                        .font(theme::body_font())
                        .color(theme::colors().text),
                ),
            );
            // Read with the button's name: "Monter : France Travail".
            let button = |ui: &mut Ui, action: Text, enabled: bool| {
                let response = ui.add_enabled(
                    enabled,
                    egui::Button::new(RichText::new(tr.get(action)).font(theme::body_font()))
                        .min_size(Vec2::new(160.0, 64.0)),
                );
                let spoken = tr.about(action, name);
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, enabled, &spoken)
                });
                response.clicked()
            };
            if button(ui, Text::MoveUp, index > 0) {
                edit = Some(ConfigEdit::MoveShortcut {
                    from: index,
                    to: index - 1,
                });
            }
            if button(ui, Text::MoveDown, index + 1 < count) {
                edit = Some(ConfigEdit::MoveShortcut {
                    from: index,
                    to: index + 1,
                });
            }
            if button(ui, Text::EditShortcut, true) {
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
            if button(ui, Text::RemoveShortcut, count > 1) {
                forms.confirm_remove = Some(index);
            }
        });
    }
    ui.add_space(theme::GAP / 2.0);
    let title = match forms.shortcut {
        Some(i) => tr.edit_shortcut_title(i + 1),
        None => tr.get(Text::NewShortcut).to_owned(),
    };
    widgets::text(ui, title, theme::body_font(), theme::colors().text);
    let key = format!("shortcut[{}]", forms.shortcut.unwrap_or(count));
    let d = &mut forms.draft;
    line_field(
        ui,
        tr.get(Text::ShortcutId),
        &mut d.id,
        refused,
        &format!("{key}.id"),
    );
    line_field(
        ui,
        tr.get(Text::ShortcutLabelFr),
        &mut d.label_fr,
        refused,
        &format!("{key}.label"),
    );
    line_field(
        ui,
        tr.get(Text::ShortcutLabelEn),
        &mut d.label_en,
        refused,
        &format!("{key}.label.en"),
    );
    icon_picker_ui(ui, cx, &mut d.icon);
    let (url, also) = (tr.get(Text::ShortcutUrl), tr.get(Text::ShortcutAlsoAllow));
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

/// The pictograms to choose from, drawn as on the welcome screen, one big square each.
pub(super) fn icon_picker_ui(ui: &mut Ui, cx: &ScreenContext<'_>, chosen: &mut String) {
    ui.horizontal_wrapped(|ui| {
        widgets::text(
            ui,
            cx.tr.get(Text::ShortcutIcon),
            theme::body_font(),
            theme::colors().text,
        );
        for icon in Icon::ALL {
            let selected = chosen == icon.code();
            let (rect, response) = ui.allocate_exact_size(Vec2::splat(72.0), egui::Sense::click());
            let name = cx.tr.about(Text::ShortcutIcon, icon.code());
            response.widget_info(|| {
                egui::WidgetInfo::selected(egui::Role::RadioButton, true, selected, &name)
            });
            let (fill, color) = if selected {
                (theme::colors().primary, theme::colors().on_primary)
            } else {
                (theme::colors().secondary, theme::colors().primary)
            };
            ui.painter().rect(
                rect,
                theme::RADIUS,
                fill,
                theme::border(),
                egui::StrokeKind::Inside,
            );
            pictogram::paint(
                ui.painter(),
                rect.shrink(14.0),
                Pictogram::Shortcut(icon),
                color,
            );
            if response.clicked() {
                *chosen = icon.code().to_owned();
            }
        }
    });
}
