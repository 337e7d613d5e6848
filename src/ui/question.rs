//! The optional questions, with fixed big-button answers and "Passer": what people came for at
//! the start, whether they found it at the end. Anonymous by construction: no free text.

use egui::{Ui, Vec2};

use crate::domain::{Command, Found, Purpose, Question};
use crate::ui::app::{Action, ScreenContext};
use crate::ui::i18n::Text;
use crate::ui::{theme, widgets};

/// Asks `question`. Returns the answer, or "Passer".
#[must_use]
pub fn question_ui(ui: &mut Ui, cx: &ScreenContext<'_>, question: Question) -> Option<Action> {
    let tr = cx.tr;
    let mut action = None;
    let size = Vec2::new(520.0, theme::BUTTON_HEIGHT);
    ui.vertical_centered(|ui| {
        widgets::vertical_space_for(ui, 560.0);
        match question {
            Question::Purpose => {
                widgets::text(
                    ui,
                    tr.get(Text::PurposeQuestion),
                    theme::title_font(),
                    theme::TEXT,
                );
                widgets::text(
                    ui,
                    tr.get(Text::QuestionNote),
                    theme::body_font(),
                    theme::TEXT_SOFT,
                );
                ui.add_space(theme::GAP);
                for purpose in Purpose::ALL {
                    if widgets::primary_button(ui, tr.purpose(purpose), size).clicked() {
                        action = Some(Action::Station(Command::AnswerPurpose(Some(purpose))));
                    }
                }
                ui.add_space(theme::GAP / 2.0);
                if widgets::secondary_button(ui, tr.get(Text::Skip), size).clicked() {
                    action = Some(Action::Station(Command::AnswerPurpose(None)));
                }
            }
            Question::Found => {
                widgets::text(
                    ui,
                    tr.get(Text::FoundQuestion),
                    theme::title_font(),
                    theme::TEXT,
                );
                widgets::text(
                    ui,
                    tr.get(Text::QuestionNote),
                    theme::body_font(),
                    theme::TEXT_SOFT,
                );
                ui.add_space(theme::GAP);
                for found in Found::ALL {
                    if widgets::primary_button(ui, tr.found(found), size).clicked() {
                        action = Some(Action::Station(Command::AnswerFound(Some(found))));
                    }
                }
                ui.add_space(theme::GAP / 2.0);
                if widgets::secondary_button(ui, tr.get(Text::Skip), size).clicked() {
                    action = Some(Action::Station(Command::AnswerFound(None)));
                }
            }
        }
    });
    action
}
