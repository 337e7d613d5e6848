//! The eframe application: reads the supervisor's latest snapshot, draws the screen for it, and
//! sends back what the person asked for. It never does I/O itself.

use egui::{Ui, ViewportCommand};

use crate::config::Config;
use crate::domain::{Command, Language, Screen, Snapshot, View};
use crate::supervisor::SupervisorHandle;
use crate::ui::i18n::{Catalogue, Text};
use crate::ui::{
    busy, confirm_end, goodbye, home, idle_prompt, out_of_service, question, save_files,
    session_bar, theme, time_warning, welcome,
};

/// What a screen asks for.
#[must_use]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// A command for the station.
    Station(Command),
    /// Leave the demonstration (development mode only).
    QuitDemo,
}

/// What every screen needs to draw itself.
pub struct ScreenContext<'a> {
    /// The station's settings: name, shortcuts, durations.
    pub config: &'a Config,
    /// The texts in the language on screen.
    pub tr: Catalogue,
    /// The language on screen.
    pub language: Language,
    /// Development mode: not locked down.
    pub demo: bool,
}

/// The kiosk's window.
pub struct BorneApp {
    supervisor: SupervisorHandle,
    config: Config,
    demo: bool,
    snapshot: Snapshot,
}

impl BorneApp {
    /// The app for `config`, drawing what `supervisor` publishes.
    pub fn new(
        ctx: &egui::Context,
        supervisor: SupervisorHandle,
        config: Config,
        demo: bool,
    ) -> Self {
        theme::apply(ctx);
        let snapshot = supervisor.snapshot();
        Self {
            supervisor,
            config,
            demo,
            snapshot,
        }
    }

    /// The supervisor this app talks to.
    pub fn supervisor(&self) -> &SupervisorHandle {
        &self.supervisor
    }

    fn run_action(&self, action: Action) {
        match action {
            Action::Station(command) => self.supervisor.send(command),
            // Leaving ends any session the normal way, then the window closes.
            Action::QuitDemo => self.supervisor.send(Command::Shutdown),
        }
    }

    fn screen_ui(&self, ui: &mut Ui) -> Option<Action> {
        let cx = ScreenContext {
            config: &self.config,
            tr: Catalogue(self.snapshot.language),
            language: self.snapshot.language,
            demo: self.demo,
        };
        let mut action = None;
        if self.demo && self.snapshot.screen == Screen::Welcome {
            action = welcome::demo_banner_ui(ui, &cx);
        }
        if let Screen::Session(session) = &self.snapshot.screen {
            action = action.or(session_bar::session_bar_ui(ui, &cx, session));
        }
        let central = egui::CentralPanel::default()
            .frame(egui::Frame::new().fill(theme::BACKGROUND).inner_margin(24))
            .show(ui, |ui| match &self.snapshot.screen {
                Screen::Welcome => welcome::welcome_ui(ui, &cx),
                Screen::Preparing => {
                    busy::busy_ui(ui, cx.tr.get(Text::Preparing));
                    None
                }
                Screen::Session(session) => {
                    if let Some(secs) = session.idle_secs_left {
                        idle_prompt::idle_prompt_ui(ui, &cx, secs)
                    } else if let Some(saving) = &session.saving {
                        save_files::save_files_ui(ui, &cx, saving)
                    } else if session.confirm_end {
                        confirm_end::confirm_end_ui(ui, &cx)
                    } else if let Some(question) = session.question {
                        question::question_ui(ui, &cx, question)
                    } else if let Some(minutes) = session.warning_minutes {
                        time_warning::time_warning_ui(ui, &cx, minutes)
                    } else {
                        match &session.view {
                            // Hidden under the browser; shown for a moment while it opens.
                            View::Home | View::Browser => home::home_ui(ui, &cx, session.notice),
                            View::Chooser(id) => home::chooser_ui(ui, &cx, id),
                        }
                    }
                }
                Screen::Ending => {
                    busy::busy_ui(ui, cx.tr.get(Text::Ending));
                    None
                }
                Screen::Goodbye(reason) => {
                    goodbye::goodbye_ui(ui, &cx, *reason);
                    None
                }
                Screen::OutOfService(problem) => {
                    out_of_service::out_of_service_ui(ui, &cx, problem)
                }
                Screen::Exited => None,
            });
        action.or(central.inner)
    }
}

impl eframe::App for BorneApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.snapshot = self.supervisor.snapshot();
        let exiting = self.snapshot.screen == Screen::Exited;
        if exiting {
            ctx.send_viewport_cmd(ViewportCommand::Close);
        } else if ctx.input(|i| i.viewport().close_requested()) {
            // Alt+F4 or the window manager's close: the public cannot close the kiosk.
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
        }
        cover_monitor(ctx);
    }

    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        if let Some(action) = self.screen_ui(ui) {
            self.run_action(action);
        }
    }
}

/// Keeps the window over the whole monitor at (0, 0): without a window manager, fullscreen
/// does nothing, so the window sizes itself.
fn cover_monitor(ctx: &egui::Context) {
    let (monitor, outer) = ctx.input(|i| (i.viewport().monitor_size, i.viewport().outer_rect));
    let (Some(monitor), Some(outer)) = (monitor, outer) else {
        return;
    };
    if outer.min != egui::Pos2::ZERO {
        ctx.send_viewport_cmd(ViewportCommand::OuterPosition(egui::Pos2::ZERO));
    }
    if (outer.size() - monitor).length() > 1.0 {
        ctx.send_viewport_cmd(ViewportCommand::InnerSize(monitor));
    }
}
