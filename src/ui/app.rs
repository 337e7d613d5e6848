//! The eframe application: reads the supervisor's latest snapshot, draws the screen for it, and
//! sends back what the person asked for. It never does I/O itself.

use std::sync::Arc;

use std::time::{Duration, Instant};

use egui::{Ui, ViewportCommand};

use crate::domain::pin::Role;
use crate::ui::admin::{self, AdminForms};
use crate::ui::staff_menu::AdminPage;

use crate::config::Config;
use crate::domain::{
    Command, Language, PublicCommand, Screen, SessionLayer, Snapshot, StaffCommand, StaffScreen,
    View,
};
use crate::supervisor::{Published, SupervisorHandle};
use crate::ui::i18n::{Catalogue, Text};
use crate::ui::refocus::{self, Opener};
use crate::ui::setup::SetupForm;
use crate::ui::staff_menu::StaffPage;
use crate::ui::{
    assist, busy, confirm_end, goodbye, home, idle_prompt, out_of_service, pin_pad, question,
    save_files, session_bar, setup, staff_menu, theme, time_warning, welcome, widgets,
};

/// What a screen asks for.
#[must_use]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// A command for the station.
    Station(Command),
    /// Leave the demonstration (development mode only).
    QuitDemo,
    /// "Écouter": read the screen's main sentence aloud.
    Listen,
}

impl From<PublicCommand> for Action {
    fn from(command: PublicCommand) -> Self {
        Self::Station(command.into())
    }
}

impl From<StaffCommand> for Action {
    fn from(command: StaffCommand) -> Self {
        Self::Station(command.into())
    }
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
    /// The accessibility menu offers « Clavier à l'écran »: the keyboard is installed and the
    /// browser runs in its sandbox, where the keyboard is started.
    pub keyboard_offered: bool,
    /// F1 and the Windows key bring the session's home over the browser (an installed station;
    /// not a demonstration): the accessibility menu says so.
    pub home_key: bool,
}

/// The kiosk's window.
pub struct BorneApp {
    supervisor: SupervisorHandle,
    config: Arc<Config>,
    demo: bool,
    /// See [`ScreenContext::keyboard_offered`].
    keyboard_offered: bool,
    /// See [`ScreenContext::home_key`].
    home_key: bool,
    snapshot: Snapshot,
    /// What staff typed or where they are; forgotten when the panel closes.
    staff: StaffUi,
    /// When the keyboard was last asked for.
    keyboard_claimed: Option<Instant>,
    /// The window has had the keyboard at least once.
    had_keyboard: bool,
    /// Whether staff forms (the panel, the setup screen) were on screen at the last frame.
    forms_shown: bool,
    /// Called once the first frame is drawn (the station's unit waits for it).
    on_first_frame: Option<Box<dyn FnOnce()>>,
    /// The sentence last read aloud, while every screen is read: a new screen is read once.
    last_read: Option<String>,
}

/// The staff panel's state that lives in the window: digits typed, the page, the forms.
#[derive(Default)]
struct StaffUi {
    digits: String,
    page: StaffPage,
    setup: SetupForm,
    admin: AdminForms,
    /// The statistics were asked for since the panel opened.
    report_asked: bool,
}

impl BorneApp {
    /// The app for `config`, drawing what `supervisor` publishes.
    pub fn new(ctx: &egui::Context, supervisor: SupervisorHandle, demo: bool) -> Self {
        let Published { snapshot, config } = supervisor.published();
        theme::apply(ctx, snapshot.assist.high_contrast);
        // A right-aligned group whose words come or go needs a third pass to be placed right
        // (widgets::words_that_fit): never show the frame in between.
        ctx.options_mut(|options| {
            options.max_passes = std::num::NonZeroUsize::MIN.saturating_add(2);
        });
        Self {
            supervisor,
            config,
            demo,
            keyboard_offered: true,
            home_key: false,
            snapshot,
            staff: StaffUi::default(),
            keyboard_claimed: None,
            had_keyboard: false,
            forms_shown: false,
            on_first_frame: None,
            last_read: None,
        }
    }

    /// Calls `first_frame` once, when the first frame has been laid out (it is painted right
    /// after): the kiosk tells systemd it is up.
    #[must_use]
    pub fn with_first_frame(mut self, first_frame: impl FnOnce() + 'static) -> Self {
        self.on_first_frame = Some(Box::new(first_frame));
        self
    }

    /// Whether the accessibility menu offers the on-screen keyboard (it does unless told):
    /// a station without it, or whose browser is not sandboxed, does not offer a choice that
    /// would change nothing.
    #[must_use]
    pub fn with_keyboard_offered(mut self, offered: bool) -> Self {
        self.keyboard_offered = offered;
        self
    }

    /// Whether F1 and the Windows key bring the session's home back (the kiosk grabbed them):
    /// the menu says so only then.
    #[must_use]
    pub fn with_home_key(mut self, grabbed: bool) -> Self {
        self.home_key = grabbed;
        self
    }

    /// The supervisor this app talks to.
    pub fn supervisor(&self) -> &SupervisorHandle {
        &self.supervisor
    }

    /// While the person asked for every screen to be read aloud, reads each new one once.
    fn read_aloud(&mut self) {
        if !self.snapshot.assist.read_aloud || self.snapshot.staff.is_some() {
            self.last_read = None;
            return;
        }
        let sentence = main_sentence(
            Catalogue(self.snapshot.language),
            &self.config,
            &self.snapshot,
            self.home_key,
        );
        if sentence.is_some() && sentence != self.last_read {
            if let Some(text) = &sentence {
                self.supervisor.send(PublicCommand::Speak(text.clone()));
            }
            self.last_read = sentence;
        }
    }

    /// While the person asked for reading aloud, says the name of each control the keyboard
    /// reaches, as a screen reader would: a person who cannot see the screen finds their way
    /// through Borne's own screens with Tab and Enter. (The browser's pages are read by Orca.)
    fn say_focused(&self, ctx: &egui::Context) {
        if !self.snapshot.assist.read_aloud || self.snapshot.staff.is_some() {
            return;
        }
        let reached = ctx.output(|output| {
            output.events.iter().rev().find_map(|event| match event {
                egui::output::OutputEvent::FocusGained(info) => info.label.clone(),
                _ => None,
            })
        });
        if let Some(name) = reached.filter(|name| !name.trim().is_empty()) {
            self.supervisor.send(PublicCommand::Speak(name));
        }
    }

    fn run_action(&self, action: Action) {
        match action {
            Action::Listen => {
                let tr = Catalogue(self.snapshot.language);
                if let Some(text) = main_sentence(tr, &self.config, &self.snapshot, self.home_key) {
                    self.supervisor.send(PublicCommand::Speak(text));
                }
            }
            Action::Station(command) => self.supervisor.send(command),
            // Leaving ends any session the normal way, then the window closes.
            Action::QuitDemo => self.supervisor.send(Command::Shutdown),
        }
    }

    fn screen_ui(&mut self, ui: &mut Ui) -> Option<Action> {
        let cx = &ScreenContext {
            config: &self.config,
            tr: Catalogue(self.snapshot.language),
            language: self.snapshot.language,
            demo: self.demo,
            keyboard_offered: self.keyboard_offered,
            home_key: self.home_key,
        };
        let mut action = None;
        if self.demo && self.snapshot.screen == Screen::Welcome && self.snapshot.staff.is_none() {
            action = welcome::demo_banner_ui(ui, cx);
        }
        if let Screen::Session(session) = &self.snapshot.screen {
            action = action.or(session_bar::session_bar_ui(ui, cx, session));
        }
        let staff = &mut self.staff;
        let central = egui::CentralPanel::default()
            .frame(
                egui::Frame::new()
                    .fill(theme::colors().background)
                    .inner_margin(24),
            )
            .show(ui, |ui| {
                match (&self.snapshot.staff, &self.snapshot.screen) {
                    (Some(StaffScreen::Pad { refusal, wait_secs }), _) => {
                        pin_pad::pin_pad_ui(ui, cx, &mut staff.digits, *refusal, *wait_secs)
                    }
                    (
                        Some(StaffScreen::Menu {
                            notice,
                            role,
                            report,
                            ..
                        }),
                        _,
                    ) if *role == Role::Admin && matches!(staff.page, StaffPage::Admin(_)) => {
                        let StaffPage::Admin(admin_page) = staff.page else {
                            return None;
                        };
                        admin::admin_ui(
                            ui,
                            cx,
                            &mut staff.page,
                            admin_page,
                            &mut staff.admin,
                            &self.config,
                            notice.as_ref(),
                            report.as_ref().map(|report| report.as_deref()),
                        )
                    }
                    (
                        Some(StaffScreen::Menu {
                            role,
                            notice,
                            extend,
                            ..
                        }),
                        screen,
                    ) => staff_menu::staff_menu_ui(
                        ui,
                        cx,
                        &mut staff.page,
                        *role,
                        notice.as_ref(),
                        *extend,
                        screen,
                    ),
                    (None, _) if self.snapshot.assist.menu_open => {
                        crate::ui::assist::assist_ui(ui, cx, self.snapshot.assist)
                    }
                    (None, screen) => {
                        screen_ui(ui, cx, screen, staff, self.snapshot.closing_minute)
                    }
                }
            });
        action.or(central.inner)
    }
}

/// The screen under the staff panel.
fn screen_ui(
    ui: &mut Ui,
    cx: &ScreenContext<'_>,
    screen: &Screen,
    staff: &mut StaffUi,
    closing_minute: Option<u16>,
) -> Option<Action> {
    match screen {
        Screen::Setup { need, problem } => {
            setup::setup_ui(ui, cx, &mut staff.setup, *need, problem.as_ref())
        }
        Screen::Welcome => welcome::welcome_ui(ui, cx, closing_minute),
        Screen::Closed(opens) => welcome::closed_ui(ui, cx, *opens),
        Screen::Preparing => {
            busy::busy_ui(ui, cx.tr.get(Text::Preparing));
            None
        }
        Screen::Session(session) => match session.layer() {
            SessionLayer::StillThere(secs) => idle_prompt::idle_prompt_ui(ui, cx, secs),
            SessionLayer::Saving(saving) => save_files::save_files_ui(ui, cx, saving),
            SessionLayer::ConfirmEnd => confirm_end::confirm_end_ui(ui, cx),
            SessionLayer::ConfirmRestyle => confirm_end::confirm_restyle_ui(ui, cx),
            SessionLayer::Question(question) => question::question_ui(ui, cx, question),
            SessionLayer::Warning(minutes) => time_warning::time_warning_ui(ui, cx, minutes),
            SessionLayer::View(view) => {
                match view {
                    // Hidden under the browser; shown for a moment while it opens.
                    View::Home | View::Browser => {
                        if let Some(minute) = session.closing_minute {
                            widgets::text(
                                ui,
                                cx.tr.closes_at(minute),
                                theme::body_font(),
                                theme::colors().warning_text,
                            );
                        }
                        home::home_ui(ui, cx, session.notice)
                    }
                    View::Chooser(id) => home::chooser_ui(ui, cx, id),
                }
            }
        },
        Screen::Ending => {
            busy::busy_ui(ui, cx.tr.get(Text::Ending));
            None
        }
        Screen::Goodbye(reason) => goodbye::goodbye_ui(ui, cx, *reason),
        Screen::OutOfService(problem) => out_of_service::out_of_service_ui(ui, cx, problem),
        Screen::Exited => None,
    }
}

impl eframe::App for BorneApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        let Published { snapshot, config } = self.supervisor.published();
        self.snapshot = snapshot;
        // Without a window manager nothing gives the window the keyboard: ask while it is
        // without it (a person using the keyboard alone, the PIN pad, the setup screen and the
        // admin's forms need it), at most once a second; the window may not be mapped yet at
        // the first frames, so look again a second later: a key pressed before anything
        // else moved would otherwise never reach the welcome screen.
        let focused = ctx.input(|i| i.viewport().focused);
        self.had_keyboard |= focused == Some(true);
        if focused == Some(false) {
            if self
                .keyboard_claimed
                .is_none_or(|at| at.elapsed() >= Duration::from_secs(1))
            {
                self.supervisor.claim_keyboard();
                self.keyboard_claimed = Some(Instant::now());
            }
            // Looked at again a second later on Borne's own screens only: in a session the
            // countdown draws a frame each second already. A demonstration on a desktop stops
            // once it had the keyboard, not to take it back from the developer's windows.
            let in_session = matches!(self.snapshot.screen, Screen::Session(_));
            let left_to_the_desktop = self.demo && self.had_keyboard;
            if !in_session && !left_to_the_desktop {
                let since = self.keyboard_claimed.map(|at| at.elapsed());
                ctx.request_repaint_after(
                    Duration::from_secs(1).saturating_sub(since.unwrap_or_default()),
                );
            }
        }
        if !Arc::ptr_eq(&config, &self.config) {
            if config.station.name != self.config.station.name {
                ctx.send_viewport_cmd(ViewportCommand::Title(window_title(&config)));
            }
            self.config = config;
        }
        let forms_shown =
            self.snapshot.staff.is_some() || matches!(self.snapshot.screen, Screen::Setup { .. });
        if self.snapshot.staff.is_none() {
            // Nothing typed on the staff panel outlives it.
            self.staff = StaffUi {
                setup: std::mem::take(&mut self.staff.setup),
                ..StaffUi::default()
            };
        }
        if self.forms_shown && !forms_shown {
            // egui keeps each text field's undo history, PINs included: forget it with them.
            ctx.data_mut(egui::util::IdTypeMap::remove_by_type::<egui::text_edit::TextEditState>);
        }
        self.forms_shown = forms_shown;
        if self.staff.page == StaffPage::Admin(AdminPage::Statistics) && !self.staff.report_asked {
            self.staff.report_asked = true;
            self.supervisor.send(StaffCommand::LoadReport);
        }
        if !matches!(self.snapshot.screen, Screen::Setup { .. }) {
            self.staff.setup = SetupForm::default();
        }
        let exiting = self.snapshot.screen == Screen::Exited;
        if exiting {
            ctx.send_viewport_cmd(ViewportCommand::Close);
        } else if ctx.input(|i| i.viewport().close_requested()) {
            // Alt+F4 or the window manager's close: the public cannot close the kiosk.
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
        }
        // "Texte plus grand": everything is drawn larger, for this person only, as far as the
        // window's height in pixels allows (it covers the monitor). The window's size in points
        // and the scale are of the same frame; the monitor's size in points is of the frame
        // before, and with a new zoom it made the cap grow until ×1.3 on a 768 px screen.
        let height_px = ctx.content_rect().height() * ctx.pixels_per_point();
        // "Contraste élevé": the other palette, for this person only.
        if self.snapshot.assist.high_contrast != theme::in_high_contrast() {
            theme::apply(ctx, self.snapshot.assist.high_contrast);
        }
        let zoom = self.snapshot.assist.text_size.zoom(height_px);
        if (ctx.zoom_factor() - zoom).abs() > 0.01 {
            ctx.set_zoom_factor(zoom);
            // The window's size in points changed: look again once it is applied.
            ctx.request_repaint_after(Duration::from_millis(200));
        }
        self.read_aloud();
        cover_monitor(ctx);
    }

    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        if let Some(action) = self.screen_ui(ui) {
            self.run_action(action);
        }
        self.say_focused(ui.ctx());
        if !self.snapshot.assist.menu_open {
            // The menu was closed where no "Accessibilité" button took the keyboard back (the
            // station closed under it): the mark must not give it to the next person.
            refocus::forget(ui.ctx(), Opener::Assist);
        }
        if !matches!(self.snapshot.screen, Screen::Session(_)) {
            refocus::forget(ui.ctx(), Opener::End);
        }
        widgets::paint_focus_ring(ui.ctx());
        // Screen readers name the window by the root of the accessibility tree, which egui
        // leaves without a name.
        let title = window_title(&self.config);
        ui.ctx()
            .accesskit_node_builder(egui::accesskit_root_id(), |node| node.set_label(title));
        if let Some(first_frame) = self.on_first_frame.take() {
            first_frame();
        }
    }
}

/// "Écouter" and "Accessibilité", side by side (laid out right to left), on the welcome screen
/// (`bar`: `None`) and in the session bar (its colour). `listen`: whether "Écouter" is there
/// (not over a site, where Borne has nothing to read) and with its word; `words`: the word
/// beside the accessibility pictogram.
#[must_use]
pub fn assist_buttons(
    ui: &mut Ui,
    cx: &ScreenContext<'_>,
    bar: Option<egui::Color32>,
    listen: Option<bool>,
    words: bool,
) -> Option<Action> {
    let mut action = None;
    let assist = widgets::assist_button(ui, cx.tr.get(Text::Accessibility), bar, words);
    if assist.clicked() {
        action = Some(Action::from(PublicCommand::ShowAssist(true)));
    }
    // The menu was closed from the keyboard: the keyboard is back where it was.
    if refocus::take(ui.ctx(), Opener::Assist) {
        assist.request_focus();
    }
    if let Some(listen_words) = listen
        && widgets::listen_button(ui, cx.tr.get(Text::Listen), bar, listen_words).clicked()
    {
        action = Some(Action::Listen);
    }
    action
}

/// The main sentence of the screen the public sees: what "Écouter" reads, and what is read
/// when every screen is read aloud. For the accessibility menu it tells the key that brings the
/// session's home back where the kiosk has it (`home_key`): a person who cannot see the bar
/// needs it most.
#[must_use]
pub fn main_sentence(
    tr: Catalogue,
    config: &Config,
    snapshot: &Snapshot,
    home_key: bool,
) -> Option<String> {
    if snapshot.assist.menu_open {
        return Some(format!(
            "{} {}",
            tr.get(Text::Accessibility),
            tr.get(assist::detail(home_key))
        ));
    }
    let sentence = match &snapshot.screen {
        Screen::Welcome => format!(
            "{} {}",
            tr.session_length(u64::from(config.session.drop_in_minutes)),
            tr.get(Text::WelcomeIntro)
        ),
        Screen::Preparing => tr.get(Text::Preparing).to_owned(),
        Screen::Ending => tr.get(Text::Ending).to_owned(),
        Screen::Goodbye(reason) => format!(
            "{} {} {}",
            tr.get(Text::Goodbye),
            tr.end_reason(*reason),
            tr.get(Text::GoodbyeDetail)
        ),
        Screen::Session(session) => match session.layer() {
            SessionLayer::StillThere(_) => tr.get(Text::StillThereQuestion).to_owned(),
            SessionLayer::Saving(_) => {
                format!("{} {}", tr.get(Text::SaveTitle), tr.get(Text::SaveExplain))
            }
            SessionLayer::ConfirmEnd => format!(
                "{} {}",
                tr.get(Text::ConfirmEndQuestion),
                tr.get(Text::ConfirmEndDetail)
            ),
            SessionLayer::ConfirmRestyle => format!(
                "{} {}",
                tr.get(Text::RestyleQuestion),
                tr.get(Text::RestyleDetail)
            ),
            SessionLayer::Question(question) => tr
                .get(match question {
                    crate::domain::Question::Purpose => Text::PurposeQuestion,
                    crate::domain::Question::Found => Text::FoundQuestion,
                })
                .to_owned(),
            SessionLayer::Warning(minutes) => format!(
                "{} {}",
                tr.minutes_left(minutes),
                tr.get(Text::WarningAdvice)
            ),
            SessionLayer::View(view) => match session.notice {
                Some(notice) => home::notice_text(tr, notice),
                // Over a site, Borne has nothing to read.
                None if *view == View::Browser && session.browser_open => return None,
                None => tr.get(Text::HomeTitle).to_owned(),
            },
        },
        Screen::Closed(opens) => format!("{} {}", tr.get(Text::ClosedTitle), tr.opens(*opens)),
        Screen::Setup { .. } | Screen::OutOfService(_) | Screen::Exited => return None,
    };
    Some(sentence)
}

/// The window's title, which screen readers say first: "Borne — <station name>".
#[must_use]
pub fn window_title(config: &Config) -> String {
    format!("Borne — {}", config.station.name)
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
        // Without a window manager nothing else will repaint to check the new size.
        ctx.request_repaint_after(Duration::from_millis(200));
    }
}
