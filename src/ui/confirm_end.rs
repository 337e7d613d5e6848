//! "Terminer ?": the one question before a person's session ends at their request.

use egui::{Ui, Vec2};

use crate::domain::PublicCommand;
use crate::ui::app::{Action, ScreenContext};
use crate::ui::i18n::Text;
use crate::ui::refocus::{self, Opener};
use crate::ui::{theme, widgets};

/// Asks whether to end the session. Returns the answer (Escape: "Non, continuer").
#[must_use]
pub fn confirm_end_ui(ui: &mut Ui, cx: &ScreenContext<'_>) -> Option<Action> {
    let mut action = None;
    widgets::vertical_space_for(ui, 360.0);
    widgets::card(ui, theme::colors().secondary, |ui| {
        widgets::text(
            ui,
            cx.tr.get(Text::ConfirmEndQuestion),
            theme::heading_font(),
            theme::colors().text,
        );
        widgets::text(
            ui,
            cx.tr.get(Text::ConfirmEndDetail),
            theme::body_font(),
            theme::colors().text,
        );
        ui.add_space(theme::GAP);
        ui.columns(2, |columns| {
            let size = Vec2::new(300.0, theme::BUTTON_HEIGHT);
            columns[0].vertical_centered(|ui| {
                let no = widgets::primary_button(ui, cx.tr.get(Text::ConfirmEndNo), size);
                if no.clicked() {
                    action = Some(Action::from(PublicCommand::CancelEnd));
                    if no.has_focus() {
                        refocus::later(ui.ctx(), Opener::End);
                    }
                }
            });
            columns[1].vertical_centered(|ui| {
                if widgets::secondary_button(ui, cx.tr.get(Text::ConfirmEndYes), size).clicked() {
                    action = Some(Action::from(PublicCommand::ConfirmEnd));
                }
            });
        });
    });
    // Escape keeps the session, as "Non, continuer" does: a key never ends it by itself.
    if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        action = Some(Action::from(PublicCommand::CancelEnd));
        refocus::later(ui.ctx(), Opener::End);
    }
    action
}
