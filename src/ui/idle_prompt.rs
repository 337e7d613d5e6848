//! "Êtes-vous toujours là ?": shown over everything after a while without any input.

use egui::Ui;

use crate::domain::PublicCommand;
use crate::ui::app::{Action, ScreenContext};
use crate::ui::i18n::Text;
use crate::ui::{theme, widgets};

/// Asks whether the person is still there, with the seconds left to answer.
#[must_use]
pub fn idle_prompt_ui(ui: &mut Ui, cx: &ScreenContext<'_>, secs_left: u64) -> Option<Action> {
    let mut action = None;
    widgets::vertical_space_for(ui, 380.0);
    widgets::card(ui, theme::colors().secondary, |ui| {
        widgets::text(
            ui,
            cx.tr.get(Text::StillThereQuestion),
            theme::title_font(),
            theme::colors().text,
        );
        widgets::text(
            ui,
            cx.tr.idle_countdown(secs_left),
            theme::body_font(),
            theme::colors().text,
        );
        ui.add_space(theme::GAP);
        if widgets::primary_button(ui, cx.tr.get(Text::StillThereYes), theme::START_BUTTON)
            .clicked()
        {
            action = Some(Action::from(PublicCommand::StillHere));
        }
    });
    action
}
