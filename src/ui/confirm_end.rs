//! The questions with two answers over a session: "Terminer ?", the one question before a
//! person's session ends at their request, and "Changer aussi les pages ?", before the browser
//! starts again with the person's new accessibility choices.

use egui::{Ui, Vec2};

use crate::domain::PublicCommand;
use crate::ui::app::{Action, ScreenContext};
use crate::ui::i18n::Text;
use crate::ui::refocus::{self, Opener};
use crate::ui::{theme, widgets};

/// Asks whether to end the session. Returns the answer (Escape: "Non, continuer").
#[must_use]
pub fn confirm_end_ui(ui: &mut Ui, cx: &ScreenContext<'_>) -> Option<Action> {
    two_answers(
        ui,
        cx,
        [Text::ConfirmEndQuestion, Text::ConfirmEndDetail],
        &[
            (Text::ConfirmEndNo, PublicCommand::CancelEnd),
            (Text::ConfirmEndYes, PublicCommand::ConfirmEnd),
        ],
        Opener::End,
    )
}

/// Asks whether the pages take the new choices now (the browser starts again). Returns the
/// answer (Escape: "Non, plus tard").
#[must_use]
pub fn confirm_restyle_ui(ui: &mut Ui, cx: &ScreenContext<'_>) -> Option<Action> {
    two_answers(
        ui,
        cx,
        [Text::RestyleQuestion, Text::RestyleDetail],
        &[
            (Text::RestyleYes, PublicCommand::Restyle(true)),
            (Text::RestyleNo, PublicCommand::Restyle(false)),
        ],
        Opener::Assist,
    )
}

/// A question and what it means, then two answers side by side, the first one filled. Escape
/// gives the answer that changes nothing: the first for "Terminer ?", the second otherwise. An
/// answer given from the keyboard gives the keyboard back to `opener`.
fn two_answers(
    ui: &mut Ui,
    cx: &ScreenContext<'_>,
    [question, detail]: [Text; 2],
    answers: &[(Text, PublicCommand); 2],
    opener: Opener,
) -> Option<Action> {
    let mut action = None;
    widgets::vertical_space_for(ui, 360.0);
    widgets::card(ui, theme::colors().secondary, |ui| {
        widgets::text(
            ui,
            cx.tr.get(question),
            theme::heading_font(),
            theme::colors().text,
        );
        widgets::text(
            ui,
            cx.tr.get(detail),
            theme::body_font(),
            theme::colors().text,
        );
        ui.add_space(theme::GAP);
        ui.columns(2, |columns| {
            let size = Vec2::new(300.0, theme::BUTTON_HEIGHT);
            for (index, (column, (label, command))) in columns.iter_mut().zip(answers).enumerate() {
                column.vertical_centered(|ui| {
                    let button = if index == 0 {
                        widgets::primary_button(ui, cx.tr.get(*label), size)
                    } else {
                        widgets::secondary_button(ui, cx.tr.get(*label), size)
                    };
                    if button.clicked() {
                        action = Some(Action::from(command.clone()));
                        if button.has_focus() {
                            refocus::later(ui.ctx(), opener);
                        }
                    }
                });
            }
        });
    });
    // Escape changes nothing, as "Non" does: a key never ends a session by itself.
    if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        let keep = match opener {
            Opener::End => &answers[0].1,
            Opener::Assist => &answers[1].1,
        };
        action = Some(Action::from(keep.clone()));
        refocus::later(ui.ctx(), opener);
    }
    action
}
