//! The station serves nobody until staff act: what the public reads, and a detail for staff.

use egui::Ui;

use crate::domain::Problem;
use crate::ui::app::ScreenContext;
use crate::ui::i18n::Text;
use crate::ui::pictogram::{self, Pictogram};
use crate::ui::{theme, widgets};

/// Says the station is out of service and what went wrong.
pub fn out_of_service_ui(ui: &mut Ui, cx: &ScreenContext<'_>, problem: &Problem) {
    ui.vertical_centered(|ui| {
        widgets::vertical_space_for(ui, 360.0);
        pictogram::pictogram_ui(ui, Pictogram::Closed, theme::PICTOGRAM, theme::BAR_URGENT);
        widgets::text(
            ui,
            cx.tr.get(Text::OutOfServiceTitle),
            theme::title_font(),
            theme::TEXT,
        );
        widgets::text(
            ui,
            cx.tr.get(Text::OutOfServiceAsk),
            theme::heading_font(),
            theme::TEXT,
        );
        ui.add_space(theme::GAP * 2.0);
        widgets::text(
            ui,
            cx.tr.problem(problem.kind),
            theme::small_font(),
            theme::TEXT_SOFT,
        );
        widgets::text(ui, &problem.detail, theme::small_font(), theme::TEXT_SOFT);
    });
}
