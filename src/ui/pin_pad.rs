//! The PIN pad: big digits, a masked entry, "Effacer" and "Valider"; the keyboard's digits,
//! Backspace, Enter and Escape work too. The digits stay in the window until "Valider".

use egui::{Key, Ui, Vec2};

use crate::domain::pin::MAX_PIN_DIGITS;
use crate::domain::{PadRefusal, PinEntry, StaffCommand};
use crate::ui::app::{Action, ScreenContext};
use crate::ui::i18n::Text;
use crate::ui::{theme, widgets};

const KEY: Vec2 = Vec2::new(156.0, 66.0);

/// Draws the pad over the screen. `digits` is the entry so far (kept by the app).
#[must_use]
pub fn pin_pad_ui(
    ui: &mut Ui,
    cx: &ScreenContext<'_>,
    digits: &mut String,
    refusal: Option<PadRefusal>,
    wait_secs: Option<u64>,
) -> Option<Action> {
    let tr = cx.tr;
    let waiting = wait_secs.is_some();
    let mut action = None;
    let mut submit = false;
    if !waiting {
        keyboard(ui, digits, &mut submit, &mut action);
    }
    widgets::vertical_space_for(ui, 660.0);
    widgets::card(ui, theme::colors().secondary, |ui| {
        ui.vertical_centered(|ui| {
            widgets::text(
                ui,
                tr.get(Text::PinTitle),
                theme::heading_font(),
                theme::colors().text,
            );
            let label = widgets::text(
                ui,
                tr.get(Text::PinDigits),
                theme::small_font(),
                theme::colors().text_soft,
            );
            dots_ui(ui, digits.len(), label.id);
            let message = match (wait_secs, refusal) {
                (Some(secs), _) => Some(tr.pin_wait(secs)),
                (None, Some(PadRefusal::Wrong)) => Some(tr.get(Text::PinWrong).to_owned()),
                (None, Some(PadRefusal::Unavailable)) => {
                    Some(tr.get(Text::PinUnavailable).to_owned())
                }
                _ => None,
            };
            if let Some(message) = message {
                widgets::text(ui, message, theme::body_font(), theme::colors().error_text);
            }
            ui.add_space(6.0);
            ui.add_enabled_ui(!waiting, |ui| {
                let rows: [[&str; 3]; 3] = [["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9"]];
                for row in rows {
                    keys_row(ui, |ui| {
                        for digit in row {
                            if widgets::secondary_button(ui, digit, KEY).clicked() {
                                push_digit(digits, digit);
                            }
                        }
                    });
                }
                keys_row(ui, |ui| {
                    if widgets::secondary_button(ui, tr.get(Text::PinClear), KEY).clicked() {
                        digits.clear();
                    }
                    if widgets::secondary_button(ui, "0", KEY).clicked() {
                        push_digit(digits, "0");
                    }
                    if widgets::primary_button(ui, tr.get(Text::PinValidate), KEY).clicked() {
                        submit = true;
                    }
                });
            });
            ui.add_space(8.0);
            let close = Vec2::new(3.0 * KEY.x + 16.0, theme::BUTTON_HEIGHT - 8.0);
            if widgets::secondary_button(ui, tr.get(Text::Close), close).clicked() {
                digits.clear();
                action = Some(Action::from(StaffCommand::CloseStaff));
            }
        });
    });
    if submit && !digits.is_empty() {
        action = Some(Action::from(StaffCommand::SubmitPin(PinEntry::new(
            std::mem::take(digits),
        ))));
    }
    action
}

fn keys_row(ui: &mut Ui, add: impl FnOnce(&mut Ui)) {
    let width = 3.0 * KEY.x + 16.0;
    ui.allocate_ui(Vec2::new(width, KEY.y), |ui| {
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = 8.0;
            add(ui);
        });
    });
    ui.add_space(2.0);
}

fn push_digit(digits: &mut String, digit: &str) {
    if digits.len() < MAX_PIN_DIGITS {
        digits.push_str(digit);
    }
}

/// The keyboard: digits, Backspace, Enter to check, Escape to close.
fn keyboard(ui: &Ui, digits: &mut String, submit: &mut bool, action: &mut Option<Action>) {
    ui.input(|input| {
        for event in &input.events {
            match event {
                egui::Event::Text(text) => {
                    for c in text.chars().filter(char::is_ascii_digit) {
                        push_digit(digits, c.encode_utf8(&mut [0; 4]));
                    }
                }
                egui::Event::Key {
                    key, pressed: true, ..
                } => match key {
                    Key::Backspace => {
                        digits.pop();
                    }
                    Key::Enter => *submit = true,
                    Key::Escape => {
                        digits.clear();
                        *action = Some(Action::from(StaffCommand::CloseStaff));
                    }
                    _ => {}
                },
                _ => {}
            }
        }
    });
}

/// One dot per digit typed, drawn (the font has no bullet); read as "n chiffres" by screen
/// readers, never as the digits.
fn dots_ui(ui: &mut Ui, count: usize, label: egui::Id) {
    let size = Vec2::new(3.0 * KEY.x + 16.0, 56.0);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Label,
            true,
            format!("{count} / {MAX_PIN_DIGITS}"),
        )
    });
    response.labelled_by(label);
    let painter = ui.painter();
    painter.rect_stroke(
        rect,
        theme::RADIUS,
        theme::border(),
        egui::StrokeKind::Inside,
    );
    let step = 22.0;
    // At most MAX_PIN_DIGITS dots: the conversions are exact.
    #[expect(clippy::cast_precision_loss, reason = "at most 16 dots")]
    let x = |i: usize| rect.center().x + (i as f32 - (count as f32 - 1.0) / 2.0) * step;
    for i in 0..count {
        painter.circle_filled(egui::pos2(x(i), rect.center().y), 8.0, theme::colors().text);
    }
}
