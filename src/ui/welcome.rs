//! The welcome screen: what the station offers, one big "Commencer", the language switch.

use egui::{RichText, Ui, Vec2};

use crate::domain::hours::Opening;
use crate::domain::{Language, PublicCommand};
use crate::ui::app::{Action, ScreenContext};
use crate::ui::i18n::Text;
use crate::ui::pictogram::{self, Pictogram};
use crate::ui::{theme, widgets};

/// Draws the welcome screen and returns what the person asked for.
#[must_use]
pub fn welcome_ui(
    ui: &mut Ui,
    cx: &ScreenContext<'_>,
    closing_minute: Option<u16>,
) -> Option<Action> {
    let tr = cx.tr;
    let mut action = None;
    ui.horizontal(|ui| {
        action = widgets::staff_button(ui, cx.tr.get(Text::Staff));
        ui.add_space(theme::GAP / 2.0);
        widgets::text(
            ui,
            &cx.config.station.name,
            theme::small_font(),
            theme::colors().text_soft,
        );
        // Words beside the pictograms where they fit, "Accessibilité" first.
        let [assist_words, listen_words] = widgets::words_that_fit(
            ui,
            [
                widgets::words_width(ui, tr.get(Text::Accessibility), widgets::ASSIST_ICON),
                widgets::words_width(ui, tr.get(Text::Listen), widgets::LISTEN_ICON),
            ],
        );
        // Seen and read in the same order: the accessibility buttons, then the languages.
        widgets::right_aligned(ui, |ui| {
            action = action.take().or(crate::ui::app::assist_buttons(
                ui,
                cx,
                None,
                Some(listen_words),
                assist_words,
            ));
            ui.add_space(theme::GAP / 2.0);
            for language in Language::ALL {
                // Narrow enough for the word "Accessibilité" to fit beside them at 1024 px.
                if widgets::language_button(ui, language, language == cx.language, 160.0) {
                    action = Some(Action::from(PublicCommand::SetLanguage(language)));
                }
            }
        });
    });
    ui.vertical_centered(|ui| {
        widgets::vertical_space_for(ui, 460.0);
        widgets::text(
            ui,
            tr.session_length(u64::from(cx.config.session.drop_in_minutes)),
            theme::title_font(),
            theme::colors().text,
        );
        widgets::text(
            ui,
            tr.get(Text::WelcomeIntro),
            theme::heading_font(),
            theme::colors().text,
        );
        if let Some(minute) = closing_minute {
            widgets::text(
                ui,
                tr.closes_at(minute),
                theme::body_font(),
                theme::colors().warning_text,
            );
        }
        ui.add_space(theme::GAP * 1.5);
        let start = ui.add_sized(
            theme::START_BUTTON,
            egui::Button::new(
                RichText::new(tr.get(Text::Start))
                    .font(theme::start_font())
                    .color(theme::colors().on_primary),
            )
            .fill(theme::colors().primary)
            .corner_radius(theme::RADIUS),
        );
        if start.clicked() {
            action = Some(Action::from(PublicCommand::Start));
        }
        ui.add_space(theme::GAP);
        widgets::text(
            ui,
            tr.get(Text::WelcomePrivacy),
            theme::body_font(),
            theme::colors().text_soft,
        );
    });
    action
}

/// The band along the bottom of the demonstration mode: not locked down, and a way out.
#[must_use]
pub fn demo_banner_ui(ui: &mut Ui, cx: &ScreenContext<'_>) -> Option<Action> {
    let mut action = None;
    egui::Panel::bottom("demo")
        .frame(
            egui::Frame::new()
                .fill(theme::colors().demo_bg)
                .inner_margin(16),
        )
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                // The text wraps in what the button leaves, on the smallest screens too.
                let text_width = (ui.available_width() - 380.0).max(200.0);
                ui.allocate_ui(Vec2::new(text_width, theme::BUTTON_HEIGHT), |ui| {
                    ui.add(
                        egui::Label::new(
                            RichText::new(cx.tr.get(Text::DemoMode))
                                .font(theme::small_font())
                                .color(theme::colors().text),
                        )
                        .wrap(),
                    );
                });
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if widgets::secondary_button(
                        ui,
                        cx.tr.get(Text::QuitDemo),
                        Vec2::new(340.0, theme::BUTTON_HEIGHT - 8.0),
                    )
                    .clicked()
                    {
                        action = Some(Action::QuitDemo);
                    }
                });
            });
        });
    action
}

/// Outside opening hours: the station is closed, and when it opens again.
#[must_use]
pub fn closed_ui(ui: &mut Ui, cx: &ScreenContext<'_>, opens: Option<Opening>) -> Option<Action> {
    let action = widgets::staff_button(ui, cx.tr.get(Text::Staff));
    ui.vertical_centered(|ui| {
        widgets::vertical_space_for(ui, 300.0);
        pictogram::pictogram_ui(
            ui,
            Pictogram::Closed,
            theme::PICTOGRAM,
            theme::colors().text_soft,
        );
        widgets::text(
            ui,
            cx.tr.get(Text::ClosedTitle),
            theme::title_font(),
            theme::colors().text,
        );
        widgets::text(
            ui,
            cx.tr.opens(opens),
            theme::heading_font(),
            theme::colors().text,
        );
    });
    action
}
