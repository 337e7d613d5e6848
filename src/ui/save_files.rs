//! Before the end: the person's files, and a way to take them on a USB key before everything
//! is erased.

use egui::{RichText, Ui, Vec2};

use crate::config::Icon;
use crate::domain::{CopyFailure, CopyState, FileKind, PublicCommand, SaveFiles};
use crate::ui::app::{Action, ScreenContext};
use crate::ui::i18n::Text;
use crate::ui::pictogram::{self, Pictogram};
use crate::ui::{theme, widgets};

/// The save screen. Returns what the person asked for.
#[must_use]
pub fn save_files_ui(ui: &mut Ui, cx: &ScreenContext<'_>, saving: &SaveFiles) -> Option<Action> {
    let tr = cx.tr;
    let mut action = None;
    ui.vertical_centered(|ui| {
        widgets::text(
            ui,
            tr.get(Text::SaveTitle),
            theme::title_font(),
            theme::colors().text,
        );
        widgets::text(
            ui,
            tr.get(Text::SaveExplain),
            theme::body_font(),
            theme::colors().text,
        );
        ui.add_space(theme::GAP / 2.0);
        let list_height = (ui.available_height() - 330.0).max(120.0);
        egui::ScrollArea::vertical()
            .max_height(list_height)
            .max_width(theme::CARD_WIDTH)
            .show(ui, |ui| {
                for file in &saving.files {
                    ui.horizontal(|ui| {
                        let pictogram = Pictogram::Shortcut(match file.kind {
                            FileKind::Pdf | FileKind::Document => Icon::Cv,
                            FileKind::Image | FileKind::Other => Icon::Web,
                        });
                        pictogram::pictogram_ui(ui, pictogram, 44.0, theme::colors().primary);
                        widgets::text(ui, &file.name, theme::body_font(), theme::colors().text);
                        widgets::text(
                            ui,
                            tr.size(file.size_bytes),
                            theme::small_font(),
                            theme::colors().text_soft,
                        );
                    });
                }
            });
        ui.add_space(theme::GAP / 2.0);
        action = copy_ui(ui, cx, saving);
        ui.add_space(theme::GAP / 2.0);
        let copying = matches!(saving.copy, CopyState::Copying { .. });
        ui.add_enabled_ui(!copying, |ui| {
            ui.columns(2, |columns| {
                let size = Vec2::new(380.0, theme::BUTTON_HEIGHT);
                columns[0].vertical_centered(|ui| {
                    if widgets::secondary_button(ui, tr.get(Text::BackToSession), size).clicked() {
                        action = Some(Action::from(PublicCommand::CancelEnd));
                    }
                });
                columns[1].vertical_centered(|ui| {
                    if widgets::primary_button(ui, tr.get(Text::EraseAndEnd), size).clicked() {
                        action = Some(Action::from(PublicCommand::EraseAndEnd));
                    }
                });
            });
        });
    });
    action
}

/// The USB part: plug a key, copy, progress, done or what went wrong.
fn copy_ui(ui: &mut Ui, cx: &ScreenContext<'_>, saving: &SaveFiles) -> Option<Action> {
    let tr = cx.tr;
    let mut action = None;
    match saving.copy {
        CopyState::Copying {
            done_bytes,
            total_bytes,
        } => {
            #[expect(clippy::cast_precision_loss, reason = "a fraction for a progress bar")]
            let fraction = if total_bytes == 0 {
                1.0
            } else {
                done_bytes as f32 / total_bytes as f32
            };
            widgets::text(
                ui,
                tr.get(Text::Copying),
                theme::body_font(),
                theme::colors().text,
            );
            let bar = ui.add(
                egui::ProgressBar::new(fraction)
                    .desired_width(theme::CARD_WIDTH)
                    .desired_height(32.0)
                    .fill(theme::colors().primary),
            );
            bar.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::ProgressIndicator,
                    true,
                    tr.get(Text::Copying),
                )
            });
            return None;
        }
        CopyState::Done { files } => {
            widgets::card(ui, theme::colors().secondary, |ui| {
                widgets::text(
                    ui,
                    tr.copied(files),
                    theme::heading_font(),
                    theme::colors().text,
                );
                widgets::text(
                    ui,
                    tr.get(Text::RemoveKey),
                    theme::body_font(),
                    theme::colors().text,
                );
            });
            return None;
        }
        CopyState::Failed(failure) => {
            let message = match failure {
                CopyFailure::NotEnoughSpace {
                    needed_bytes,
                    free_bytes,
                } => tr.key_full(needed_bytes, free_bytes),
                CopyFailure::ReadOnly => tr.get(Text::KeyReadOnly).to_owned(),
                CopyFailure::DriveGone => tr.get(Text::KeyGone).to_owned(),
                CopyFailure::Failed { copied } => tr.copy_failed(copied),
            };
            widgets::card(ui, theme::colors().warning_bg, |ui| {
                widgets::text(ui, message, theme::body_font(), theme::colors().text);
            });
        }
        CopyState::NotStarted => {}
    }
    if saving.drives.is_empty() {
        widgets::text(
            ui,
            tr.get(Text::PlugKey),
            theme::heading_font(),
            theme::colors().text_soft,
        );
    }
    for drive in &saving.drives {
        let label = format!("{} ({})", tr.get(Text::CopyToKey), drive.label);
        let button = egui::Button::new(
            RichText::new(&label)
                .font(theme::button_font())
                .color(theme::colors().on_primary),
        )
        .fill(theme::colors().primary)
        .corner_radius(theme::RADIUS)
        .min_size(Vec2::new(theme::CARD_WIDTH, theme::BUTTON_HEIGHT));
        if ui.add(button).clicked() {
            action = Some(Action::from(PublicCommand::CopyToDrive(
                drive.mount_point.clone(),
            )));
        }
    }
    action
}
