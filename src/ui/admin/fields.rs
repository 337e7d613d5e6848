//! The fields and buttons the admin's forms share.

use egui::{RichText, Ui, Vec2};

use crate::config::edit::ConfigEdit;
use crate::domain::SettingsProblem;
use crate::ui::app::ScreenContext;
use crate::ui::i18n::Text;
use crate::ui::{theme, widgets};

/// A one-line field, with the station's refusal under it when it is about `key`.
pub(super) fn line_field(
    ui: &mut Ui,
    label: &str,
    value: &mut String,
    refused: Option<&SettingsProblem>,
    key: &str,
) {
    // The label takes what the field leaves: 600 px on a wide screen, less on a 1024 px one.
    let field_width = 400.0_f32.min(ui.available_width() * 0.35);
    let label_width = 600.0_f32.min(ui.available_width() - field_width - 40.0);
    ui.horizontal(|ui| {
        let label = ui
            .allocate_ui_with_layout(
                Vec2::new(label_width, 48.0),
                egui::Layout::left_to_right(egui::Align::Center),
                |ui| {
                    ui.set_min_size(Vec2::new(label_width, 48.0));
                    ui.add(
                        egui::Label::new(
                            RichText::new(label)
                                .font(theme::body_font())
                                .color(theme::colors().text),
                        )
                        .wrap(),
                    )
                },
            )
            .inner;
        let edit = ui.add(
            egui::TextEdit::singleline(value)
                .font(theme::body_font())
                .margin(egui::Margin::symmetric(10, 8))
                .desired_width(field_width),
        );
        edit.labelled_by(label.id);
    });
    refusal_for(ui, refused, key);
}

pub(super) fn text_area(
    ui: &mut Ui,
    label: &str,
    value: &mut String,
    refused: Option<&SettingsProblem>,
    key: &str,
) {
    let label = widgets::text(ui, label, theme::body_font(), theme::colors().text);
    let edit = ui.add(
        egui::TextEdit::multiline(value)
            .font(theme::body_font())
            .desired_rows(4)
            .desired_width(900.0),
    );
    edit.labelled_by(label.id);
    refusal_for(ui, refused, key);
}

pub(super) fn refusal_for(ui: &mut Ui, refused: Option<&SettingsProblem>, key: &str) {
    if let Some(problem) = refused
        && problem.key.as_deref().is_some_and(|k| {
            k == key || k.starts_with(&format!("{key}.")) || k.starts_with(&format!("{key}["))
        })
    {
        widgets::text(
            ui,
            problem.message.clone(),
            theme::small_font(),
            theme::colors().error_text,
        );
    }
}

pub(super) fn save_button(ui: &mut Ui, cx: &ScreenContext<'_>) -> bool {
    ui.add_space(theme::GAP / 2.0);
    widgets::primary_button(
        ui,
        cx.tr.get(Text::Save),
        Vec2::new(320.0, theme::BUTTON_HEIGHT),
    )
    .clicked()
}

pub(super) fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

pub(super) fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

pub(super) fn one(edit: ConfigEdit) -> Vec<ConfigEdit> {
    vec![edit]
}
