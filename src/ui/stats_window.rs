//! The statistics window (`borne --stats`): the admin statistics screen on its own, until the
//! admin role of the staff screens reaches it from the kiosk.

use crate::domain::Language;
use crate::services::usage_log::Report;
use crate::ui::{stats_screen, theme};

/// A window that shows one report.
pub struct StatsWindow {
    report: Report,
    language: Language,
}

impl StatsWindow {
    /// The window for `report`, in `language`.
    pub fn new(ctx: &egui::Context, report: Report, language: Language) -> Self {
        theme::apply(ctx, false);
        Self { report, language }
    }
}

impl eframe::App for StatsWindow {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default()
            .frame(
                egui::Frame::new()
                    .fill(theme::colors().background)
                    .inner_margin(24),
            )
            .show(ui, |ui| {
                stats_screen::stats_ui(ui, &self.report, self.language);
            });
    }
}
