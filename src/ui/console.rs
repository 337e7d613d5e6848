//! The window of `borne console`: one row per station of the antenna, with its state, its
//! time left and its closing time, and the staff's actions on it. It draws what
//! [`Board`] knows and hands it the commands; it never waits for a station.

use egui::{Color32, Response, RichText, Ui, Vec2, WidgetInfo};

use crate::antenna::console::{Board, CommandResult, Reach, StationView};
use crate::antenna::protocol::{ClosureReason, RemoteCommand, StationState};
use crate::domain::{Closure, Language};
use crate::ui::i18n::{Catalogue, ConsoleText, Text};
use crate::ui::theme;

/// A confirmation open on one station's row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Confirm {
    /// "Terminer la session ?".
    End,
    /// Which message the public reads while the station is closed.
    Close,
}

/// The console's window.
pub struct ConsoleWindow {
    board: Board,
    language: Language,
    confirm: Option<(usize, Confirm)>,
    /// Whether the window was fitted to the screen (once, at the first frame).
    fitted: bool,
}

impl ConsoleWindow {
    /// The window over `board`, in `language`.
    pub fn new(ctx: &egui::Context, board: Board, language: Language) -> Self {
        theme::apply(ctx, false);
        Self {
            board,
            language,
            confirm: None,
            fitted: false,
        }
    }

    /// Draws the window's content.
    pub fn draw(&mut self, ui: &mut Ui) {
        let texts = Catalogue(self.language);
        ui.label(
            RichText::new(texts.console(ConsoleText::Title))
                .font(theme::title_font())
                .color(theme::colors().text),
        );
        ui.label(
            RichText::new(texts.console(ConsoleText::Intro))
                .font(theme::small_font())
                .color(theme::colors().text_soft),
        );
        let views = self.board.views();
        ui.add_space(8.0);
        ui.label(
            RichText::new(texts.console_summary(&views))
                .font(theme::body_font())
                .color(theme::colors().text),
        );
        ui.add_space(theme::GAP / 2.0);
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for (index, view) in views.iter().enumerate() {
                    self.row(ui, index, view);
                    ui.add_space(8.0);
                }
            });
    }

    fn row(&mut self, ui: &mut Ui, index: usize, view: &StationView) {
        let texts = Catalogue(self.language);
        let name = view.entry.name.as_str();
        egui::Frame::new()
            .fill(theme::colors().secondary)
            .stroke(theme::border())
            .corner_radius(theme::RADIUS)
            .inner_margin(egui::Margin::symmetric(16, 10))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                // The station on the left (name, state, closing time), its actions on the
                // right: one block per station, however long its name or its state.
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Min), |ui| {
                    let left = (ui.available_width() * 0.5).min(460.0);
                    ui.allocate_ui_with_layout(
                        Vec2::new(left, 0.0),
                        egui::Layout::top_down(egui::Align::Min),
                        |ui| {
                            ui.set_width(left);
                            ui.add(
                                egui::Label::new(
                                    RichText::new(name)
                                        .font(theme::heading_font())
                                        .color(theme::colors().text),
                                )
                                .wrap(),
                            );
                            let (state, color) = state_line(texts, view);
                            ui.add(
                                egui::Label::new(
                                    RichText::new(state).font(theme::body_font()).color(color),
                                )
                                .wrap(),
                            );
                            if let Some(at) =
                                view.status.as_ref().and_then(|s| s.closes_at.as_deref())
                            {
                                ui.label(
                                    RichText::new(texts.console_closes(at))
                                        .font(theme::small_font())
                                        .color(theme::colors().text_soft),
                                );
                            }
                        },
                    );
                    if view.reach == Reach::Answers
                        && let Some(status) = &view.status
                    {
                        let right = ui.available_width();
                        ui.allocate_ui_with_layout(
                            Vec2::new(right, 0.0),
                            egui::Layout::top_down(egui::Align::Min),
                            |ui| {
                                ui.set_width(right);
                                if let Some(question) = self.question(index, &status.state) {
                                    ui.add(
                                        egui::Label::new(
                                            RichText::new(question)
                                                .font(theme::body_font())
                                                .color(theme::colors().text),
                                        )
                                        .wrap(),
                                    );
                                }
                                ui.horizontal_wrapped(|ui| {
                                    ui.spacing_mut().item_spacing = Vec2::new(12.0, 8.0);
                                    self.actions(ui, index, name, &status.state, view.busy);
                                });
                            },
                        );
                    }
                });
                let result = if view.busy {
                    Some(texts.console(ConsoleText::Sending).to_owned())
                } else {
                    view.result.as_ref().map(|result| match result {
                        CommandResult::Done(outcome) => texts.console_done(*outcome),
                        CommandResult::Refused(error) => {
                            texts.console_refusal(error.error).to_owned()
                        }
                        CommandResult::NoAnswer => texts.console(ConsoleText::NoAnswer).to_owned(),
                    })
                };
                if let Some(result) = result {
                    ui.label(
                        RichText::new(result)
                            .font(theme::body_font())
                            .color(theme::colors().text),
                    );
                }
            });
    }

    /// The question above the buttons, while a confirmation is open on this row.
    fn question(&self, index: usize, state: &StationState) -> Option<&'static str> {
        let texts = Catalogue(self.language);
        match (self.confirm?, state) {
            ((row, Confirm::End), StationState::InSession { .. }) if row == index => {
                Some(texts.console(ConsoleText::EndQuestion))
            }
            ((row, Confirm::Close), StationState::Free | StationState::ClosedByHours { .. })
                if row == index =>
            {
                Some(texts.get(Text::ChooseClosure))
            }
            _ => None,
        }
    }

    fn actions(&mut self, ui: &mut Ui, index: usize, name: &str, state: &StationState, busy: bool) {
        let texts = Catalogue(self.language);
        let confirm = self
            .confirm
            .and_then(|(row, confirm)| (row == index).then_some(confirm));
        let send = |board: &Board, command| board.send(index, command);
        match (state, confirm) {
            (StationState::InSession { reference, .. }, Some(Confirm::End)) => {
                if action(ui, texts.get(Text::YesEnd), name, true, busy).clicked() {
                    send(
                        &self.board,
                        RemoteCommand::End {
                            session: reference.clone(),
                        },
                    );
                    self.confirm = None;
                }
                if action(ui, texts.get(Text::Cancel), name, false, false).clicked() {
                    self.confirm = None;
                }
            }
            (
                StationState::InSession {
                    reference,
                    extend_minutes,
                    ..
                },
                _,
            ) => {
                if let Some(minutes) = extend_minutes
                    && action(ui, &texts.extend(*minutes), name, true, busy).clicked()
                {
                    send(
                        &self.board,
                        RemoteCommand::Extend {
                            session: reference.clone(),
                        },
                    );
                }
                if action(ui, texts.get(Text::StaffEndSession), name, false, busy).clicked() {
                    self.confirm = Some((index, Confirm::End));
                }
            }
            (StationState::Free | StationState::ClosedByHours { .. }, Some(Confirm::Close)) => {
                for (closure, reason) in [
                    (Closure::Maintenance, ClosureReason::Maintenance),
                    (Closure::Workshop, ClosureReason::Workshop),
                ] {
                    if action(ui, texts.closure(closure), name, true, busy).clicked() {
                        send(&self.board, RemoteCommand::Close { reason });
                        self.confirm = None;
                    }
                }
                if action(ui, texts.get(Text::Cancel), name, false, false).clicked() {
                    self.confirm = None;
                }
            }
            (StationState::Free | StationState::ClosedByHours { .. }, _) => {
                let close = action(ui, texts.get(Text::CloseStation), name, false, busy);
                if close.clicked() {
                    self.confirm = Some((index, Confirm::Close));
                }
            }
            // A failed wipe is only left by wiping again, at the station.
            (StationState::ClosedByStaff { .. } | StationState::OutOfService { .. }, _) if !matches!(state, StationState::OutOfService { reason } if reason == "clear-failed") =>
            {
                let reopen = action(ui, texts.get(Text::Reopen), name, true, busy);
                if reopen.clicked() {
                    send(&self.board, RemoteCommand::Reopen);
                }
            }
            _ => {}
        }
    }
}

/// The state of a station in words, and its colour.
fn state_line(texts: Catalogue, view: &StationView) -> (String, Color32) {
    let colors = theme::colors();
    match (&view.reach, &view.status) {
        (Reach::Asking, _) => (
            texts.console(ConsoleText::Asking).to_owned(),
            colors.text_soft,
        ),
        (Reach::Unreachable { .. }, _) => (
            texts.console(ConsoleText::Unreachable).to_owned(),
            colors.error_text,
        ),
        (Reach::NotAStation, _) => (
            texts.console(ConsoleText::NotAStation).to_owned(),
            colors.error_text,
        ),
        (Reach::OtherStation(name), _) => (texts.console_other_station(name), colors.error_text),
        (Reach::Refused(error), _) => (
            texts.console_refusal(error.error).to_owned(),
            colors.error_text,
        ),
        (Reach::Answers, Some(status)) => {
            let color = match status.state {
                StationState::OutOfService { .. } => colors.error_text,
                _ => colors.text,
            };
            (texts.console_state(&status.state), color)
        }
        (Reach::Answers, None) => (
            texts.console(ConsoleText::Asking).to_owned(),
            colors.text_soft,
        ),
    }
}

/// A button of a station's row, read by screen readers with the station's name
/// ("Ajouter 15 minutes, Poste 1"); disabled while a command is on its way.
fn action(ui: &mut Ui, text: &str, station: &str, main: bool, busy: bool) -> Response {
    let colors = theme::colors();
    let (fill, color) = if main {
        (colors.primary, colors.on_primary)
    } else {
        (colors.secondary, colors.text)
    };
    let response = ui.add_enabled(
        !busy,
        egui::Button::new(RichText::new(text).font(theme::button_font()).color(color))
            .fill(fill)
            .stroke(theme::border())
            .corner_radius(theme::RADIUS)
            .min_size(Vec2::new(160.0, 64.0)),
    );
    let spoken = format!("{text}, {station}");
    response.widget_info(|| WidgetInfo::labeled(egui::Role::Button, !busy, &spoken));
    response
}

impl eframe::App for ConsoleWindow {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        // A laptop's screen may be smaller than the window asked for: never wider or taller
        // than the screen (a window manager would do it; a bare X server does not).
        if !self.fitted {
            let (monitor, inner) = ui.ctx().input(|input| {
                let viewport = input.viewport();
                (
                    viewport.monitor_size,
                    viewport.inner_rect.map(|rect| rect.size()),
                )
            });
            if let (Some(monitor), Some(inner)) = (monitor, inner) {
                self.fitted = true;
                if inner.x > monitor.x || inner.y > monitor.y {
                    ui.ctx()
                        .send_viewport_cmd(egui::ViewportCommand::InnerSize(inner.min(monitor)));
                }
            }
        }
        egui::CentralPanel::default()
            .frame(
                egui::Frame::new()
                    .fill(theme::colors().background)
                    .inner_margin(24),
            )
            .show(ui, |ui| self.draw(ui));
    }
}
