//! "Au revoir": the session is over and wiped; the welcome screen comes back by itself, or at
//! once with a tap anywhere or a key, so that the next person never waits.

use egui::{Sense, Ui};

use crate::domain::{EndReason, PublicCommand};
use crate::ui::app::{Action, ScreenContext};
use crate::ui::i18n::Text;
use crate::ui::{theme, widgets};

/// Says goodbye, why the session ended, and that everything was erased. A tap anywhere or a
/// key asks for the welcome screen.
#[must_use]
pub fn goodbye_ui(ui: &mut Ui, cx: &ScreenContext<'_>, reason: EndReason) -> Option<Action> {
    let whole = ui.max_rect();
    let key = ui.input(|i| {
        i.events
            .iter()
            .any(|event| matches!(event, egui::Event::Key { pressed: true, .. }))
    });
    ui.vertical_centered(|ui| {
        widgets::vertical_space_for(ui, 300.0);
        widgets::text(
            ui,
            cx.tr.get(Text::Goodbye),
            theme::title_font(),
            theme::colors().text,
        );
        widgets::text(
            ui,
            cx.tr.end_reason(reason),
            theme::heading_font(),
            theme::colors().text,
        );
        widgets::text(
            ui,
            cx.tr.get(Text::GoodbyeDetail),
            theme::body_font(),
            theme::colors().text_soft,
        );
    });
    // Over the texts (a later widget is on top), so that a tap on a sentence counts too.
    let tapped = ui
        .interact(whole, ui.scope_id().with("goodbye"), Sense::click())
        .clicked();
    (tapped || key).then_some(Action::from(PublicCommand::LeaveGoodbye))
}
