//! The station serves nobody until staff act: what the public reads, and a detail for staff.

use egui::Ui;

use crate::domain::{Problem, ProblemKind, PublicCommand};
use crate::ui::app::{Action, ScreenContext};
use crate::ui::i18n::Text;
use crate::ui::pictogram::{self, Pictogram};
use crate::ui::{theme, widgets};

/// Says the station is out of service and what went wrong; after a failed wipe, offers to try
/// again (wiping again is always safe).
#[must_use]
pub fn out_of_service_ui(ui: &mut Ui, cx: &ScreenContext<'_>, problem: &Problem) -> Option<Action> {
    let mut action = widgets::staff_button(ui, cx.tr.get(Text::Staff));
    ui.vertical_centered(|ui| {
        widgets::vertical_space_for(ui, 360.0);
        pictogram::pictogram_ui(
            ui,
            Pictogram::Closed,
            theme::PICTOGRAM,
            theme::colors().error_text,
        );
        let title = match problem.kind {
            ProblemKind::Closed(closure) => cx.tr.closure(closure),
            _ => cx.tr.get(Text::OutOfServiceTitle),
        };
        widgets::text(ui, title, theme::title_font(), theme::colors().text);
        widgets::text(
            ui,
            cx.tr.get(Text::OutOfServiceAsk),
            theme::heading_font(),
            theme::colors().text,
        );
        if !matches!(problem.kind, ProblemKind::Closed(_)) {
            // For staff: what went wrong.
            ui.add_space(theme::GAP * 2.0);
            widgets::text(
                ui,
                cx.tr.problem(problem.kind),
                theme::small_font(),
                theme::colors().text_soft,
            );
            widgets::text(
                ui,
                &problem.detail,
                theme::small_font(),
                theme::colors().text_soft,
            );
        }
        if problem.kind == ProblemKind::ClearFailed {
            ui.add_space(theme::GAP);
            let size = egui::Vec2::new(420.0, theme::BUTTON_HEIGHT);
            if widgets::secondary_button(ui, cx.tr.get(Text::RetryClear), size).clicked() {
                action = Some(Action::from(PublicCommand::RetryClear));
            }
        }
    });
    action
}
