//! The optional questions, with fixed big-button answers and "Passer": what people came for at
//! the start, whether they found it at the end. Anonymous by construction: no free text.

use egui::{Ui, Vec2};

use crate::domain::{Command, Found, PublicCommand, Purpose, Question};
use crate::ui::app::{Action, ScreenContext};
use crate::ui::i18n::Text;
use crate::ui::{theme, widgets};

/// Asks `question`. Returns the answer, or "Passer".
#[must_use]
pub fn question_ui(ui: &mut Ui, cx: &ScreenContext<'_>, question: Question) -> Option<Action> {
    let tr = cx.tr;
    let (title, answers): (Text, Vec<(&str, Command)>) = match question {
        Question::Purpose => (
            Text::PurposeQuestion,
            Purpose::ALL
                .into_iter()
                .map(|p| {
                    (
                        tr.purpose(p),
                        Command::Public(PublicCommand::AnswerPurpose(Some(p))),
                    )
                })
                .collect(),
        ),
        Question::Found => (
            Text::FoundQuestion,
            Found::ALL
                .into_iter()
                .map(|f| {
                    (
                        tr.found(f),
                        Command::Public(PublicCommand::AnswerFound(Some(f))),
                    )
                })
                .collect(),
        ),
    };
    let skip = match question {
        Question::Purpose => Command::Public(PublicCommand::AnswerPurpose(None)),
        Question::Found => Command::Public(PublicCommand::AnswerFound(None)),
    };
    let mut action = None;
    ui.vertical_centered(|ui| {
        widgets::vertical_space_for(ui, 420.0);
        widgets::text(ui, tr.get(title), theme::title_font(), theme::colors().text);
        widgets::text(
            ui,
            tr.get(Text::QuestionNote),
            theme::body_font(),
            theme::colors().text_soft,
        );
        ui.add_space(theme::GAP);
        let size = Vec2::new(440.0, theme::BUTTON_HEIGHT);
        let mut cells: Vec<(&str, Command, bool)> = answers
            .into_iter()
            .map(|(label, c)| (label, c, true))
            .collect();
        cells.push((tr.get(Text::Skip), skip, false));
        // Two answers a row, so that every choice fits on a small screen.
        for row in cells.chunks(2) {
            widgets::centred_row(ui, row.len(), size, |ui| {
                for (label, command, is_answer) in row {
                    let button = if *is_answer {
                        widgets::primary_button(ui, label, size)
                    } else {
                        widgets::secondary_button(ui, label, size)
                    };
                    if button.clicked() {
                        action = Some(Action::Station(command.clone()));
                    }
                }
            });
            ui.add_space(theme::GAP / 2.0);
        }
    });
    action
}
