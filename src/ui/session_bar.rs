//! The bar along the top of every session: time left, "Accueil", back to the site, "Terminer".
//! It never leaves the screen: the browser is placed below it.

use egui::{Align, Layout, RichText, Ui};

use crate::domain::{Command, SessionScreen, View};
use crate::ui::app::{Action, ScreenContext};
use crate::ui::i18n::Text;
use crate::ui::{theme, widgets};

/// Draws the session bar as a top panel and returns what the person asked for.
#[must_use]
pub fn session_bar_ui(
    ui: &mut Ui,
    cx: &ScreenContext<'_>,
    session: &SessionScreen,
) -> Option<Action> {
    let fill = theme::bar_color(session.urgency);
    let mut action = None;
    egui::Panel::top("session_bar")
        .exact_size(theme::BAR_HEIGHT)
        .frame(
            egui::Frame::new()
                .fill(fill)
                .inner_margin(egui::Margin::symmetric(20, 10)),
        )
        .show(ui, |ui| {
            ui.horizontal_centered(|ui| {
                let label = widgets::text(
                    ui,
                    cx.tr.get(Text::TimeLeft),
                    theme::body_font(),
                    theme::ON_BAR,
                );
                let clock = ui.label(
                    RichText::new(mm_ss(session.secs_left))
                        .font(theme::clock_font())
                        .color(theme::ON_BAR)
                        .strong(),
                );
                clock.labelled_by(label.id);
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    if widgets::bar_button(ui, cx.tr.get(Text::End), fill).clicked() {
                        action = Some(Action::Station(Command::AskEnd));
                    }
                    let on_site =
                        session.view == View::Browser && session.warning_minutes.is_none();
                    if session.browser_open
                        && !on_site
                        && widgets::bar_button(ui, cx.tr.get(Text::BackToSite), fill).clicked()
                    {
                        action = Some(Action::Station(Command::ShowBrowser));
                    }
                    if widgets::bar_button(ui, cx.tr.get(Text::Home), fill).clicked() {
                        action = Some(Action::Station(Command::ShowHome));
                    }
                    ui.add_space(theme::GAP);
                    let staff = ui.add(
                        egui::Button::new(
                            RichText::new(cx.tr.get(Text::Staff))
                                .font(theme::small_font())
                                .color(theme::ON_BAR),
                        )
                        .fill(fill)
                        .stroke(egui::Stroke::new(1.0, theme::ON_BAR))
                        .corner_radius(theme::RADIUS)
                        .min_size(egui::Vec2::new(130.0, theme::BAR_HEIGHT - 36.0)),
                    );
                    if staff.clicked() {
                        action = Some(Action::Station(Command::OpenStaff));
                    }
                });
            });
        });
    action
}

/// `secs` as minutes and seconds: `44:59`; past an hour, `1:59:59`.
pub fn mm_ss(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::mm_ss;

    #[test]
    fn countdown_format() {
        assert_eq!(mm_ss(45 * 60), "45:00");
        assert_eq!(mm_ss(59), "00:59");
        assert_eq!(mm_ss(2 * 3600), "2:00:00");
    }
}
