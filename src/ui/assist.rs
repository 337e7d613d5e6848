//! The accessibility menu: text size and reading every screen aloud, for this person only.

use egui::{Ui, Vec2};

use crate::domain::{Assist, Command, TextSize};
use crate::ui::app::{Action, ScreenContext};
use crate::ui::i18n::Text;
use crate::ui::{theme, widgets};

/// Draws the menu over the screen and returns what the person chose.
#[must_use]
pub fn assist_ui(ui: &mut Ui, cx: &ScreenContext<'_>, assist: Assist) -> Option<Action> {
    let tr = cx.tr;
    let mut action = None;
    widgets::vertical_space_for(ui, 560.0);
    widgets::card(ui, theme::SECONDARY, |ui| {
        widgets::text(
            ui,
            tr.get(Text::Accessibility),
            theme::heading_font(),
            theme::TEXT,
        );
        ui.add_space(theme::GAP / 4.0);
        widgets::text(
            ui,
            tr.get(Text::TextSizeLabel),
            theme::body_font(),
            theme::TEXT,
        );
        ui.horizontal_wrapped(|ui| {
            for (size, name) in [
                (TextSize::Normal, Text::TextNormal),
                (TextSize::Larger, Text::TextLarger),
                (TextSize::Largest, Text::TextLargest),
            ] {
                let chosen = widgets::choice_button(
                    ui,
                    tr.get(name),
                    assist.text_size == size,
                    theme::button_font(),
                    Vec2::new(140.0, theme::BUTTON_HEIGHT),
                );
                if chosen.clicked() {
                    action = Some(Action::Station(Command::SetTextSize(size)));
                }
            }
        });
        ui.add_space(theme::GAP / 4.0);
        widgets::text(
            ui,
            tr.get(Text::ReadAloudLabel),
            theme::body_font(),
            theme::TEXT,
        );
        ui.horizontal_wrapped(|ui| {
            for (on, name) in [(true, Text::ChoiceYes), (false, Text::ChoiceNo)] {
                let chosen = widgets::choice_button(
                    ui,
                    tr.get(name),
                    assist.read_aloud == on,
                    theme::button_font(),
                    Vec2::new(140.0, theme::BUTTON_HEIGHT),
                );
                if chosen.clicked() {
                    action = Some(Action::Station(Command::SetReadAloud(on)));
                }
            }
        });
        ui.add_space(theme::GAP / 4.0);
        widgets::text(
            ui,
            tr.get(Text::AssistDetail),
            theme::body_font(),
            theme::TEXT_SOFT,
        );
        ui.add_space(theme::GAP / 4.0);
        if widgets::primary_button(
            ui,
            tr.get(Text::Close),
            Vec2::new(320.0, theme::BUTTON_HEIGHT),
        )
        .clicked()
        {
            action = Some(Action::Station(Command::ShowAssist(false)));
        }
    });
    action
}
