//! The banner that says how long is left, raised above the browser so nobody misses it.

use egui::{Ui, Vec2};

use crate::domain::PublicCommand;
use crate::ui::app::{Action, ScreenContext};
use crate::ui::i18n::Text;
use crate::ui::pictogram::{self, Pictogram};
use crate::ui::{theme, widgets};

/// Says in words how many minutes are left. Returns the dismissal.
#[must_use]
pub fn time_warning_ui(ui: &mut Ui, cx: &ScreenContext<'_>, minutes: u64) -> Option<Action> {
    let mut action = None;
    widgets::vertical_space_for(ui, 340.0);
    widgets::card(ui, theme::colors().warning_bg, |ui| {
        pictogram::pictogram_ui(
            ui,
            Pictogram::Clock,
            theme::PICTOGRAM,
            theme::colors().warning_text,
        );
        widgets::text(
            ui,
            cx.tr.minutes_left(minutes),
            theme::title_font(),
            theme::colors().text,
        );
        widgets::text(
            ui,
            cx.tr.get(Text::WarningAdvice),
            theme::body_font(),
            theme::colors().text,
        );
        ui.add_space(theme::GAP);
        if widgets::primary_button(
            ui,
            cx.tr.get(Text::WarningOk),
            Vec2::new(320.0, theme::BUTTON_HEIGHT),
        )
        .clicked()
        {
            action = Some(Action::from(PublicCommand::DismissWarning));
        }
    });
    action
}
