//! The first-start screen: staff choose the admin PIN and the volunteer PIN (each typed twice),
//! until both are set. When one is set already, it must be typed first.

use egui::{RichText, Ui, Vec2};

use crate::domain::pin::{PinRuleError, Role, validate_new_pin};
use crate::domain::{Command, PinEntry, PinProblem, SetupNeed, StaffCommand};
use crate::ui::app::{Action, ScreenContext};
use crate::ui::i18n::Text;
use crate::ui::{theme, widgets};

/// What is typed on the setup screen (kept by the app).
/// Not `Debug`: it holds PINs.
#[derive(Clone, Default)]
pub struct SetupForm {
    admin: [String; 2],
    volunteer: [String; 2],
    proof: String,
    /// A mistake found before sending: shown until the next try.
    mistake: Option<PinMistake>,
}

/// What is wrong with a new PIN typed on a form, found before anything is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinMistake {
    /// It breaks a rule.
    Rule(PinRuleError),
    /// Its confirmation differs.
    Differ,
}

impl PinMistake {
    /// The sentence that says it, in the screen's language.
    pub fn text(self, cx: &ScreenContext<'_>) -> &'static str {
        match self {
            Self::Rule(rule) => cx.tr.pin_rule(rule),
            Self::Differ => cx.tr.get(Text::PinsDiffer),
        }
    }
}

/// A PIN and its confirmation, checked on the screen before anything is sent.
pub fn check_new_pin(pin: &[String; 2]) -> Result<PinEntry, PinMistake> {
    validate_new_pin(&pin[0]).map_err(PinMistake::Rule)?;
    if pin[0] != pin[1] {
        return Err(PinMistake::Differ);
    }
    Ok(PinEntry::new(pin[0].clone()))
}

/// Draws the setup screen.
#[must_use]
pub fn setup_ui(
    ui: &mut Ui,
    cx: &ScreenContext<'_>,
    form: &mut SetupForm,
    need: SetupNeed,
    problem: Option<&PinProblem>,
) -> Option<Action> {
    let tr = cx.tr;
    let mut action = None;
    ui.vertical_centered(|ui| {
        widgets::vertical_space_for(ui, 620.0);
        widgets::text(
            ui,
            tr.get(Text::SetupTitle),
            theme::heading_font(),
            theme::colors().text,
        );
        widgets::text(
            ui,
            tr.get(Text::SetupExplain),
            theme::body_font(),
            theme::colors().text_soft,
        );
        ui.add_space(theme::GAP);
        // The form as a block in the middle: labels left, fields right.
        let form_width = 760.0_f32.min(ui.available_width());
        let indent = (ui.available_width() - form_width) / 2.0;
        ui.horizontal(|ui| {
            ui.add_space(indent);
            egui::Grid::new("setup")
                .num_columns(2)
                .min_col_width(form_width - 260.0 - 16.0)
                .spacing(Vec2::new(16.0, 12.0))
                .show(ui, |ui| {
                    if let Some(role) = need.proof_role() {
                        let text = match role {
                            Role::Admin => Text::CurrentAdminPin,
                            Role::Volunteer => Text::CurrentVolunteerPin,
                        };
                        pin_field(ui, tr.get(text), &mut form.proof);
                        ui.end_row();
                    }
                    if !need.admin_set {
                        pin_pair(ui, cx, tr.get(Text::AdminPin), &mut form.admin);
                    }
                    if !need.volunteer_set {
                        pin_pair(ui, cx, tr.get(Text::VolunteerPin), &mut form.volunteer);
                    }
                });
        });
        let refused = problem.map(|problem| match problem {
            PinProblem::Rule(rule) => tr.pin_rule(*rule).to_owned(),
            PinProblem::WrongProof => tr.get(Text::WrongProof).to_owned(),
            PinProblem::Store(failure) => tr.store_failure(failure),
            PinProblem::Changed(_) => tr.get(Text::PinsChanged).to_owned(),
        });
        let mistake = form.mistake.map(|mistake| mistake.text(cx).to_owned());
        if let Some(message) = mistake.or(refused) {
            ui.add_space(theme::GAP / 2.0);
            widgets::text(ui, message, theme::body_font(), theme::colors().error_text);
        }
        ui.add_space(theme::GAP);
        if widgets::primary_button(
            ui,
            tr.get(Text::Save),
            Vec2::new(360.0, theme::BUTTON_HEIGHT),
        )
        .clicked()
        {
            match command(form, need) {
                Ok(command) => {
                    *form = SetupForm::default();
                    action = Some(Action::Station(command));
                }
                Err(mistake) => {
                    // Typed again from scratch, as on any PIN form.
                    *form = SetupForm {
                        mistake: Some(mistake),
                        ..SetupForm::default()
                    };
                }
            }
        }
    });
    action
}

fn command(form: &SetupForm, need: SetupNeed) -> Result<Command, PinMistake> {
    let admin = (!need.admin_set)
        .then(|| check_new_pin(&form.admin))
        .transpose()?;
    let volunteer = (!need.volunteer_set)
        .then(|| check_new_pin(&form.volunteer))
        .transpose()?;
    if let (Some(admin), Some(volunteer)) = (&admin, &volunteer)
        && admin == volunteer
    {
        return Err(PinMistake::Rule(PinRuleError::SameForBothRoles));
    }
    let proof = need.proof_role().map(|_| PinEntry::new(form.proof.clone()));
    Ok(Command::Staff(StaffCommand::SetupPins {
        admin,
        volunteer,
        proof,
    }))
}

fn pin_pair(ui: &mut Ui, cx: &ScreenContext<'_>, label: &str, pin: &mut [String; 2]) {
    let [first, second] = pin;
    pin_field(ui, label, first);
    ui.end_row();
    pin_field(
        ui,
        &format!("{} ({label})", cx.tr.get(Text::ConfirmPin)),
        second,
    );
    ui.end_row();
}

/// A masked entry for a PIN, labelled for screen readers.
pub fn pin_field(ui: &mut Ui, label: &str, value: &mut String) {
    let label = ui.label(
        RichText::new(label)
            .font(theme::body_font())
            .color(theme::colors().text),
    );
    let edit = ui.add(
        egui::TextEdit::singleline(value)
            .password(true)
            .font(theme::heading_font())
            .desired_width(220.0),
    );
    edit.labelled_by(label.id);
}
