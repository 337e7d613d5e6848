//! The short waits between screens: preparing a session, erasing it.

use egui::Ui;

use crate::ui::{theme, widgets};

/// A message alone in the middle of the screen.
pub fn busy_ui(ui: &mut Ui, message: &str) {
    ui.vertical_centered(|ui| {
        widgets::vertical_space_for(ui, 60.0);
        widgets::text(ui, message, theme::heading_font(), theme::colors().text);
    });
}
