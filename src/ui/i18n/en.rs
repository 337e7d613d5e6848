//! The screens' fixed texts in English.

use super::Text;

pub(super) fn en(text: Text) -> &'static str {
    match text {
        Text::Start => "Start",
        Text::WelcomeIntro => "At the end, the computer erases everything you did here.",
        Text::WelcomePrivacy => "Nobody keeps your passwords or your files.",
        Text::LanguageSwitch => "Language",
        Text::DemoMode => {
            "Demonstration mode: this computer is not locked down. Do not use it with the public."
        }
        Text::QuitDemo => "Leave the demonstration",
        Text::TimeLeft => "Time left",
        Text::Home => "Home",
        Text::BackToSite => "Back to the site",
        Text::End => "Finish",
        Text::HomeTitle => "What would you like to do?",
        Text::ChooseProvider => "Choose your e-mail service",
        Text::Back => "Back",
        Text::BrowserFailed => "The site could not open. Try again or ask a volunteer.",
        Text::SpaceFull => {
            "There is no more room for your files: the last download is too big and could not be saved. You can go on. To keep your files, touch \"Finish\": the computer offers to copy them to a USB key."
        }
        Text::PrinterWaiting => {
            "Your printing is waiting. The printer may be off or out of paper. Ask a volunteer."
        }
        Text::ConfirmEndQuestion => "End the session?",
        Text::RestyleQuestion => "Change the pages too?",
        Text::RestyleDetail => "The pages close for a moment. Then they come back.",
        Text::RestyleYes => "Yes, change",
        Text::RestyleNo => "No, later",
        Text::ConfirmEndDetail => "The computer will erase your files.",
        Text::ConfirmEndYes => "Yes, end it",
        Text::ConfirmEndNo => "No, keep going",
        Text::StillThereQuestion => "Are you still there?",
        Text::StillThereYes => "Yes, I'm still here",
        Text::WarningAdvice => "Remember to save your work.",
        Text::WarningOk => "I understand",
        Text::Preparing => "Preparing your session…",
        Text::Ending => "Erasing the session…",
        Text::Goodbye => "Goodbye!",
        Text::GoodbyeDetail => "The computer erased everything you did here. Thank you for coming.",
        Text::OutOfServiceTitle => "Out of service",
        Text::OutOfServiceAsk => "Please ask a volunteer.",
        Text::SaveTitle => "Before you go: your files",
        Text::SaveExplain => {
            "The computer will erase everything. Copy what you want to keep to a USB key."
        }
        Text::PlugKey => "Plug in your USB key to copy your files.",
        Text::CopyToKey => "Copy to my USB key",
        Text::Copying => "Copying… Leave the key plugged in.",
        Text::RemoveKey => "You can remove the key.",
        Text::KeyReadOnly => {
            "Your key is write-protected (check its small switch): nothing was copied."
        }
        Text::KeyGone => {
            "You removed the key before the copy finished. Plug the key in and try again."
        }
        Text::BackToSession => "Back to my session",
        Text::EraseAndEnd => "Erase everything and finish",
        Text::RetryClear => "Try the erasing again",
        Text::PurposeQuestion => "You came here for…",
        Text::FoundQuestion => "Did you find what you were looking for?",
        Text::QuestionNote => "Your answer is anonymous. It helps us improve this place.",
        Text::Skip => "Skip",
        Text::Staff => "Staff",
        Text::PinTitle => "Staff code",
        Text::PinDigits => "Digits typed",
        Text::PinClear => "Clear",
        Text::PinValidate => "OK",
        Text::PinWrong => "Wrong code. Try again.",
        Text::PinUnavailable => {
            "The codes cannot be read. The admin must check the code file (see the journal)."
        }
        Text::Close => "Close",
        Text::Accessibility => "Accessibility",
        Text::Listen => "Listen",
        Text::TextSizeLabel => "Text size",
        Text::TextNormal => "Normal",
        Text::TextLarger => "Larger",
        Text::TextLargest => "Largest",
        Text::HighContrastLabel => "High contrast",
        Text::ReadAloudLabel => "Read aloud",
        Text::OnScreenKeyboardLabel => "On-screen keyboard",
        Text::ChoiceYes => "Yes",
        Text::ChoiceNo => "No",
        Text::AssistDetail => "These choices are for you only.",
        Text::AssistDetailHomeKey => "These choices are for you only.\nF1 key: back to Home.",
        Text::Cancel => "Cancel",
        Text::RoleVolunteer => "Volunteer",
        Text::RoleAdmin => "Admin",
        Text::StartAssisted => "Start an assisted session",
        Text::CloseStation => "Close the station to the public",
        Text::ClosedMaintenance => "Under maintenance",
        Text::ClosedWorkshop => "Reserved for a workshop",
        Text::ChooseClosure => "Which message should the public see?",
        Text::Reopen => "Open to the public again",
        Text::StaffEndSession => "End the session",
        Text::StaffEndQuestion => {
            "End the session now? Everything the person did will be erased, without offering the USB key."
        }
        Text::YesEnd => "Yes, end it",
        Text::ExtendMax => "The session was already extended as many times as allowed.",
        Text::ExtendClosing => "The station closes first: the session cannot be extended.",
        Text::Settings => "Settings",
        Text::Statistics => "Statistics",
        Text::ChangePins => "Staff codes",
        Text::MaintenanceExit => "Quit Borne (maintenance)",
        Text::MaintenanceQuestion => {
            "Quit Borne? The station will not be locked down until Borne starts again."
        }
        Text::YesQuit => "Yes, quit",
        Text::SettingsSaved => "Saved. The settings apply now.",
        Text::Save => "Save",
        Text::SetupTitle => "First start: choose the staff codes",
        Text::SetupExplain => {
            "At least 6 digits, not all the same, not a sequence (123456). The two codes must differ."
        }
        Text::AdminPin => "Admin code",
        Text::VolunteerPin => "Volunteer code",
        Text::ConfirmPin => "Type it again",
        Text::PinsDiffer => "The two entries are not the same.",
        Text::CurrentAdminPin => "Current admin code",
        Text::CurrentVolunteerPin => "Current volunteer code",
        Text::WrongProof => "The current code is wrong.",
        Text::TabDurations => "Durations",
        Text::TabHours => "Opening hours",
        Text::TabLanguage => "Language",
        Text::TabSites => "Allowed sites",
        Text::TabShortcuts => "Buttons",
        Text::DropInMinutes => "Drop-in session (minutes)",
        Text::AssistedMinutes => "Assisted session (minutes)",
        Text::ExtensionMinutes => "Extension (minutes)",
        Text::MaxExtensions => "Extensions at most",
        Text::IdleSecs => "Idle time before the prompt (seconds)",
        Text::IdleGraceSecs => "Time to answer (seconds)",
        Text::WarnAt => "Warn when this is left (minutes, separated by commas)",
        Text::AlwaysOpen => "Open at all times",
        Text::HoursHint => "For example 09:00-12:30, 13:30-17:30; empty = closed.",
        Text::SitesField => "One site per line: a host name (example.org) or *.example.org",
        Text::ShortcutId => "Identifier (a-z, 0-9, -)",
        Text::ShortcutLabelFr => "Button text (French)",
        Text::ShortcutLabelEn => "Button text (English, optional)",
        Text::ShortcutIcon => "Pictogram",
        Text::ShortcutUrl => "Address (https://...)",
        Text::ShortcutAlsoAllow => "Other allowed sites (one per line)",
        Text::NewShortcut => "New button",
        Text::MoveUp => "Up",
        Text::MoveDown => "Down",
        Text::EditShortcut => "Edit",
        Text::RemoveShortcut => "Remove",
        Text::YesRemove => "Yes, remove",
        Text::SaveAdminPin => "Save the admin code",
        Text::SaveVolunteerPin => "Save the volunteer code",
        Text::StatsLoading => "Reading the statistics...",
        Text::StatsUnavailable => "The statistics cannot be read (see the kiosk's journal).",
        Text::PinsChanged => {
            "A code was set meanwhile from a terminal. Type it to choose the other one."
        }
        Text::PinChangedAdmin => "The admin code was changed.",
        Text::PinChangedVolunteer => "The volunteer code was changed.",
        Text::PolicyToInstall => {
            "Saved. The browser is being reconfigured: the station reopens by itself in a few seconds. If it stays closed, an admin must run, as root:"
        }
        Text::ClosedTitle => "The station is closed.",
        Text::BackToMenu => "Back to the menu",
    }
}
