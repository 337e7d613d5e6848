//! The staff menu once a PIN is accepted: what a volunteer may do on the current screen, and for
//! an admin the settings, the statistics, the PINs and the maintenance exit. Anything that cannot
//! be undone asks first.

use egui::{Ui, Vec2};

use crate::domain::pin::Role;
use crate::domain::{
    Closure, Command, ExtendOffer, ProblemKind, Screen, StaffCommand, StaffNotice,
};
use crate::ui::app::{Action, ScreenContext};
use crate::ui::i18n::Text;
use crate::ui::{theme, widgets};

/// Where the staff panel is, beyond the menu itself (kept by the app while the panel is open).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum StaffPage {
    /// The menu.
    #[default]
    Menu,
    /// "Fermer le poste au public": which message.
    ChooseClosure,
    /// "Terminer la session ?".
    ConfirmEnd,
    /// "Quitter Borne ?".
    ConfirmExit,
    /// An admin page: settings, statistics, PINs.
    Admin(AdminPage),
}

/// The admin's pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminPage {
    /// The settings editors.
    Settings,
    /// The statistics screen.
    Statistics,
    /// Changing the PINs.
    Pins,
}

const WIDE: Vec2 = Vec2::new(560.0, 72.0);

/// The admin's menu has two columns of big buttons.
const ADMIN_CARD_WIDTH: f32 = 1140.0;

/// Draws the staff menu for `role` over `screen`. Returns what staff asked for; `page` moves
/// between the menu and its questions.
#[must_use]
pub fn staff_menu_ui(
    ui: &mut Ui,
    cx: &ScreenContext<'_>,
    page: &mut StaffPage,
    role: Role,
    notice: Option<&StaffNotice>,
    extend: ExtendOffer,
    screen: &Screen,
) -> Option<Action> {
    let tr = cx.tr;
    let mut action = None;
    let admin_menu = role == Role::Admin && *page == StaffPage::Menu;
    widgets::vertical_space_for(ui, if admin_menu { 460.0 } else { 560.0 });
    let width = if admin_menu {
        ADMIN_CARD_WIDTH
    } else {
        theme::CARD_WIDTH
    };
    widgets::card_sized(ui, theme::colors().secondary, width, |ui| {
        ui.vertical_centered(|ui| {
            let title = match role {
                Role::Volunteer => Text::RoleVolunteer,
                Role::Admin => Text::RoleAdmin,
            };
            widgets::text(
                ui,
                tr.get(title),
                theme::heading_font(),
                theme::colors().text,
            );
            if let Some(text) = notice.and_then(|notice| notice_text(cx, notice)) {
                widgets::text(ui, text, theme::body_font(), theme::colors().primary);
            }
            ui.add_space(theme::GAP / 2.0);
            match page {
                StaffPage::Menu => action = menu_ui(ui, cx, page, role, extend, screen),
                StaffPage::ChooseClosure => {
                    widgets::text(
                        ui,
                        tr.get(Text::ChooseClosure),
                        theme::body_font(),
                        theme::colors().text,
                    );
                    for closure in [Closure::Maintenance, Closure::Workshop] {
                        if widgets::secondary_button(ui, tr.closure(closure), WIDE).clicked() {
                            action = Some(Action::from(StaffCommand::CloseStation(closure)));
                        }
                    }
                    if widgets::secondary_button(ui, tr.get(Text::Cancel), WIDE).clicked() {
                        *page = StaffPage::Menu;
                    }
                }
                StaffPage::ConfirmEnd => {
                    action = confirm_ui(
                        ui,
                        cx,
                        page,
                        Text::StaffEndQuestion,
                        Text::YesEnd,
                        Command::Staff(StaffCommand::StaffEnd),
                    );
                }
                StaffPage::ConfirmExit => {
                    action = confirm_ui(
                        ui,
                        cx,
                        page,
                        Text::MaintenanceQuestion,
                        Text::YesQuit,
                        Command::Staff(StaffCommand::MaintenanceExit),
                    );
                }
                // Drawn by the app, full screen.
                StaffPage::Admin(_) => {}
            }
        });
    });
    action
}

fn menu_ui(
    ui: &mut Ui,
    cx: &ScreenContext<'_>,
    page: &mut StaffPage,
    role: Role,
    extend: ExtendOffer,
    screen: &Screen,
) -> Option<Action> {
    let mut action = None;
    if role == Role::Admin {
        // Two columns: what a volunteer can do here, and the admin's pages.
        ui.columns(2, |columns| {
            columns[0].vertical_centered(|ui| {
                action = station_actions_ui(ui, cx, page, extend, screen);
            });
            columns[1].vertical_centered(|ui| admin_pages_ui(ui, cx, page));
        });
    } else {
        action = station_actions_ui(ui, cx, page, extend, screen);
    }
    ui.add_space(theme::GAP / 2.0);
    if widgets::secondary_button(ui, cx.tr.get(Text::Close), wide(ui)).clicked() {
        action = Some(Action::from(StaffCommand::CloseStaff));
    }
    action
}

/// A big button as wide as the column allows, at most [`WIDE`].
fn wide(ui: &Ui) -> Vec2 {
    Vec2::new(WIDE.x.min(ui.available_width()), WIDE.y)
}

/// What a volunteer can do on the screen under the panel.
fn station_actions_ui(
    ui: &mut Ui,
    cx: &ScreenContext<'_>,
    page: &mut StaffPage,
    extend: ExtendOffer,
    screen: &Screen,
) -> Option<Action> {
    let tr = cx.tr;
    let mut action = None;
    match screen {
        Screen::Welcome => {
            let minutes = u64::from(cx.config.session.assisted_minutes);
            if widgets::primary_button(ui, &tr.start_assisted(minutes), wide(ui)).clicked() {
                action = Some(Action::from(StaffCommand::StartAssisted));
            }
            if widgets::secondary_button(ui, tr.get(Text::CloseStation), wide(ui)).clicked() {
                *page = StaffPage::ChooseClosure;
            }
        }
        Screen::Session(_) => {
            match extend {
                ExtendOffer::Available { minutes } => {
                    if widgets::primary_button(ui, &tr.extend(minutes), wide(ui)).clicked() {
                        action = Some(Action::from(StaffCommand::Extend));
                    }
                }
                ExtendOffer::MaxReached => {
                    widgets::text(
                        ui,
                        tr.get(Text::ExtendMax),
                        theme::body_font(),
                        theme::colors().text,
                    );
                }
                ExtendOffer::Closing => {
                    widgets::text(
                        ui,
                        tr.get(Text::ExtendClosing),
                        theme::body_font(),
                        theme::colors().text,
                    );
                }
                ExtendOffer::NoSession => {}
            }
            if widgets::secondary_button(ui, tr.get(Text::StaffEndSession), wide(ui)).clicked() {
                *page = StaffPage::ConfirmEnd;
            }
        }
        Screen::OutOfService(problem)
            if problem.kind != ProblemKind::ClearFailed
                && widgets::primary_button(ui, tr.get(Text::Reopen), wide(ui)).clicked() =>
        {
            action = Some(Action::from(StaffCommand::ReopenStation));
        }
        _ => {}
    }
    action
}

/// The admin's pages and the maintenance exit.
fn admin_pages_ui(ui: &mut Ui, cx: &ScreenContext<'_>, page: &mut StaffPage) {
    let tr = cx.tr;
    let pages = [
        (Text::Settings, AdminPage::Settings),
        (Text::Statistics, AdminPage::Statistics),
        (Text::ChangePins, AdminPage::Pins),
    ];
    for (text, admin_page) in pages {
        if widgets::secondary_button(ui, tr.get(text), wide(ui)).clicked() {
            *page = StaffPage::Admin(admin_page);
        }
    }
    if widgets::secondary_button(ui, tr.get(Text::MaintenanceExit), wide(ui)).clicked() {
        *page = StaffPage::ConfirmExit;
    }
}

fn confirm_ui(
    ui: &mut Ui,
    cx: &ScreenContext<'_>,
    page: &mut StaffPage,
    question: Text,
    yes: Text,
    command: Command,
) -> Option<Action> {
    let mut action = None;
    ui.add(
        egui::Label::new(
            egui::RichText::new(cx.tr.get(question))
                .font(theme::body_font())
                .color(theme::colors().text),
        )
        .wrap(),
    );
    ui.add_space(theme::GAP / 2.0);
    if widgets::primary_button(ui, cx.tr.get(Text::Cancel), WIDE).clicked() {
        *page = StaffPage::Menu;
    }
    if widgets::secondary_button(ui, cx.tr.get(yes), WIDE).clicked() {
        *page = StaffPage::Menu;
        action = Some(Action::Station(command));
    }
    action
}

/// The words of a notice; `None` for those shown elsewhere (next to a field).
pub fn notice_text(cx: &ScreenContext<'_>, notice: &StaffNotice) -> Option<String> {
    let tr = cx.tr;
    Some(match notice {
        StaffNotice::Extended { minutes_left } => tr.extended(*minutes_left),
        StaffNotice::SettingsSaved => tr.get(Text::SettingsSaved).to_owned(),
        StaffNotice::PolicyToInstall(command) => {
            format!("{}\n{command}", tr.get(Text::PolicyToInstall))
        }
        StaffNotice::PinChanged(Role::Admin) => tr.get(Text::PinChangedAdmin).to_owned(),
        StaffNotice::PinChanged(Role::Volunteer) => tr.get(Text::PinChangedVolunteer).to_owned(),
        StaffNotice::SettingsRefused(_) | StaffNotice::PinRefused(_) => return None,
    })
}
