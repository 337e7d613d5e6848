//! The bar along the top of every session: time left, "Accueil", back to the site, "Terminer".
//! It never leaves the screen: the browser is placed below it.

use egui::{RichText, Ui};

use crate::domain::{OverlayScreen, PublicCommand, SessionScreen, StaffCommand, View};
use crate::ui::app::{Action, ScreenContext};
use crate::ui::i18n::Text;
use crate::ui::refocus::{self, Opener};
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
            // What fits: the words "Temps restant" and "Écouter" beside its pictogram go
            // first on a narrow screen; "Accessibilité" keeps its word wherever it fits.
            // Narrower still (a 1024 px screen with a larger text), "Écouter" leaves the bar
            // (the accessibility menu reads aloud too) and the buttons are tighter; the clock
            // and every other button stay.
            let width = ui.available_width();
            let with_label = width >= 1500.0;
            let listen_words = width >= 1500.0;
            let compact = width < 960.0;
            // Tight enough for seven controls on a 1024 px screen.
            ui.spacing_mut().item_spacing.x = 10.0;
            ui.spacing_mut().button_padding.x = if compact { 10.0 } else { 16.0 };
            ui.horizontal_centered(|ui| {
                let label = with_label.then(|| {
                    widgets::text(
                        ui,
                        cx.tr.get(Text::TimeLeft),
                        theme::body_font(),
                        theme::colors().on_bar,
                    )
                });
                let time = mm_ss(session.secs_left);
                let clock = ui.label(
                    RichText::new(&time)
                        .font(theme::clock_font())
                        .color(theme::colors().on_bar)
                        .strong(),
                );
                match label {
                    Some(label) => {
                        clock.labelled_by(label.id);
                    }
                    // Without the words on screen, a screen reader still says them.
                    None => clock.widget_info(|| {
                        egui::WidgetInfo::labeled(
                            egui::Role::Label,
                            true,
                            format!("{} {time}", cx.tr.get(Text::TimeLeft)),
                        )
                    }),
                }
                let [assist_words] = widgets::words_that_fit(
                    ui,
                    [widgets::words_width(
                        ui,
                        cx.tr.get(Text::Accessibility),
                        widgets::ASSIST_ICON,
                    )],
                );
                // Seen and read in the same order: "Personnel", the accessibility buttons,
                // "Accueil", back to the site, "Terminer" last, at the right edge.
                widgets::right_aligned(ui, |ui| {
                    let staff = ui.add(
                        egui::Button::new(
                            RichText::new(cx.tr.get(Text::Staff))
                                .font(theme::small_font())
                                .color(theme::colors().on_bar),
                        )
                        .fill(fill)
                        .stroke(egui::Stroke::new(1.0, theme::colors().on_bar))
                        .corner_radius(theme::RADIUS)
                        .min_size(egui::Vec2::new(
                            if compact { 64.0 } else { 110.0 },
                            theme::BAR_HEIGHT - 20.0,
                        )),
                    );
                    if staff.clicked() {
                        action = Some(Action::from(StaffCommand::OpenStaff));
                    }
                    let on_site = session.view == View::Browser
                        && !matches!(session.overlay, Some(OverlayScreen::Warning(_)));
                    let listen =
                        (!compact && (!session.browser_open || !on_site)).then_some(listen_words);
                    action = action.take().or(crate::ui::app::assist_buttons(
                        ui,
                        cx,
                        Some(fill),
                        listen,
                        assist_words,
                    ));
                    if widgets::bar_button(ui, cx.tr.get(Text::Home), fill).clicked() {
                        action = Some(Action::from(PublicCommand::ShowHome));
                    }
                    if session.browser_open
                        && !on_site
                        && widgets::bar_button(ui, cx.tr.get(Text::BackToSite), fill).clicked()
                    {
                        action = Some(Action::from(PublicCommand::ShowBrowser));
                    }
                    let end = widgets::bar_button(ui, cx.tr.get(Text::End), fill);
                    // The question was answered from the keyboard: the keyboard is back.
                    if refocus::take(ui.ctx(), Opener::End) {
                        end.request_focus();
                    }
                    if end.clicked() {
                        action = Some(Action::from(PublicCommand::AskEnd));
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
