//! The accessibility menu: text size, high contrast, reading aloud and the on-screen keyboard,
//! for this person only.

use egui::{Ui, Vec2};

use crate::domain::{Assist, PublicCommand, TextSize};
use crate::ui::app::{Action, ScreenContext};
use crate::ui::i18n::Text;
use crate::ui::refocus::{self, Opener};
use crate::ui::{theme, widgets};

/// Draws the menu over the screen and returns what the person chose ("Fermer" or Escape
/// closes it).
#[must_use]
pub fn assist_ui(ui: &mut Ui, cx: &ScreenContext<'_>, assist: Assist) -> Option<Action> {
    let tr = cx.tr;
    let mut action = None;
    widgets::vertical_space_for(ui, 560.0);
    widgets::card(ui, theme::colors().secondary, |ui| {
        widgets::text(
            ui,
            tr.get(Text::Accessibility),
            theme::heading_font(),
            theme::colors().text,
        );
        ui.add_space(theme::GAP / 4.0);
        let size = choices(
            ui,
            cx,
            Text::TextSizeLabel,
            &[
                (TextSize::Normal, Text::TextNormal),
                (TextSize::Larger, Text::TextLarger),
                (TextSize::Largest, Text::TextLargest),
            ],
            assist.text_size,
        );
        // The yes-or-no choices side by side: the menu fits a 768-pixel-high screen with the
        // largest text. The keyboard is offered only where it can be started.
        let (mut contrast, mut read, mut keyboard) = (None, None, None);
        let columns = if cx.keyboard_offered { 3 } else { 2 };
        ui.columns(columns, |columns| {
            contrast = choices(
                &mut columns[0],
                cx,
                Text::HighContrastLabel,
                &[(true, Text::ChoiceYes), (false, Text::ChoiceNo)],
                assist.high_contrast,
            );
            read = choices(
                &mut columns[1],
                cx,
                Text::ReadAloudLabel,
                &[(true, Text::ChoiceYes), (false, Text::ChoiceNo)],
                assist.read_aloud,
            );
            if let Some(column) = columns.get_mut(2) {
                keyboard = choices(
                    column,
                    cx,
                    Text::OnScreenKeyboardLabel,
                    &[(true, Text::ChoiceYes), (false, Text::ChoiceNo)],
                    assist.on_screen_keyboard,
                );
            }
        });
        action = size
            .map(PublicCommand::SetTextSize)
            .or(contrast.map(PublicCommand::SetHighContrast))
            .or(read.map(PublicCommand::SetReadAloud))
            .or(keyboard.map(PublicCommand::SetOnScreenKeyboard))
            .map(Action::from);
        widgets::text(
            ui,
            tr.get(detail(cx.home_key)),
            theme::body_font(),
            theme::colors().text_soft,
        );
        ui.add_space(theme::GAP / 4.0);
        let close = widgets::primary_button(
            ui,
            tr.get(Text::Close),
            Vec2::new(320.0, theme::BUTTON_HEIGHT),
        );
        if close.clicked() {
            action = Some(Action::from(PublicCommand::ShowAssist(false)));
            if close.has_focus() {
                refocus::later(ui.ctx(), Opener::Assist);
            }
        }
    });
    // Escape closes it too, as "Fermer" does: the choices made stay.
    if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        action = Some(Action::from(PublicCommand::ShowAssist(false)));
        refocus::later(ui.ctx(), Opener::Assist);
    }
    action
}

/// The menu's last sentence: what stays and what goes, and the key that brings the session's
/// home back where the kiosk has it.
#[must_use]
pub fn detail(home_key: bool) -> Text {
    if home_key {
        Text::AssistDetailHomeKey
    } else {
        Text::AssistDetail
    }
}

/// A labelled row of choices, the `current` one filled; returns the one tapped.
fn choices<T: Copy + PartialEq>(
    ui: &mut Ui,
    cx: &ScreenContext<'_>,
    label: Text,
    options: &[(T, Text)],
    current: T,
) -> Option<T> {
    let label = cx.tr.get(label);
    widgets::text(ui, label, theme::body_font(), theme::colors().text);
    let mut tapped = None;
    ui.horizontal_wrapped(|ui| {
        for (value, name) in options {
            let word = cx.tr.get(*name);
            let chosen = widgets::spoken_choice_button(
                ui,
                word,
                &format!("{label}, {word}"),
                *value == current,
                theme::button_font(),
                // "Oui" and "Non" side by side in a third of the menu.
                Vec2::new(96.0, theme::BUTTON_HEIGHT),
            );
            if chosen.clicked() {
                tapped = Some(*value);
            }
        }
    });
    ui.add_space(theme::GAP / 4.0);
    tapped
}
