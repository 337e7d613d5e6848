//! "Au revoir": the session is over and wiped; the welcome screen comes back by itself.

use egui::Ui;

use crate::domain::EndReason;
use crate::ui::app::ScreenContext;
use crate::ui::i18n::Text;
use crate::ui::{theme, widgets};

/// Says goodbye, why the session ended, and that everything was erased.
pub fn goodbye_ui(ui: &mut Ui, cx: &ScreenContext<'_>, reason: EndReason) {
    ui.vertical_centered(|ui| {
        widgets::vertical_space_for(ui, 300.0);
        widgets::text(
            ui,
            cx.tr.get(Text::Goodbye),
            theme::title_font(),
            theme::TEXT,
        );
        widgets::text(
            ui,
            cx.tr.end_reason(reason),
            theme::heading_font(),
            theme::TEXT,
        );
        widgets::text(
            ui,
            cx.tr.get(Text::GoodbyeDetail),
            theme::body_font(),
            theme::TEXT_SOFT,
        );
    });
}
