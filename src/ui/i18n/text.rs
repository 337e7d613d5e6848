//! The names of the screens' fixed texts.

/// A fixed text of the screens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    /// Welcome screen: the main button.
    Start,
    /// Welcome screen: what happens to the person's work.
    WelcomeIntro,
    /// Welcome screen: nobody sees what you do.
    WelcomePrivacy,
    /// Label of the language switch.
    LanguageSwitch,
    /// Demonstration mode warning.
    DemoMode,
    /// Demonstration mode: leave the program.
    QuitDemo,
    /// Bar: time left label.
    TimeLeft,
    /// The accessibility button and the title of its menu.
    Accessibility,
    /// Reads the screen's main sentence aloud.
    Listen,
    /// Accessibility menu: the text size choice.
    TextSizeLabel,
    /// Text size: as designed.
    TextNormal,
    /// Text size: larger.
    TextLarger,
    /// Text size: largest.
    TextLargest,
    /// Accessibility menu: high contrast.
    HighContrastLabel,
    /// Accessibility menu: read every screen aloud.
    ReadAloudLabel,
    /// Accessibility menu: the on-screen keyboard.
    OnScreenKeyboardLabel,
    /// Yes (a choice).
    ChoiceYes,
    /// No (a choice).
    ChoiceNo,
    /// Accessibility menu: what stays and what goes.
    AssistDetail,
    /// The same, and the key that brings the session's home over a site.
    AssistDetailHomeKey,
    /// Bar: back to the shortcuts.
    Home,
    /// Bar: back to the site already open.
    BackToSite,
    /// Bar: end the session.
    End,
    /// Home: what to do.
    HomeTitle,
    /// Chooser: title above the webmail providers.
    ChooseProvider,
    /// Chooser: back to the shortcuts.
    Back,
    /// The browser did not open.
    BrowserFailed,
    /// The session's space is full.
    SpaceFull,
    /// A print job waits for the printer.
    PrinterWaiting,
    /// Confirmation of the end: the question.
    ConfirmEndQuestion,
    /// « Changer aussi les pages ? »: the question.
    RestyleQuestion,
    /// « Changer aussi les pages ? »: what happens.
    RestyleDetail,
    /// « Changer aussi les pages ? »: now.
    RestyleYes,
    /// « Changer aussi les pages ? »: at the browser's next start.
    RestyleNo,
    /// Confirmation of the end: what happens.
    ConfirmEndDetail,
    /// Confirmation: yes.
    ConfirmEndYes,
    /// Confirmation: no.
    ConfirmEndNo,
    /// Idle prompt: the question.
    StillThereQuestion,
    /// Idle prompt: the answer.
    StillThereYes,
    /// Warning banner: advice.
    WarningAdvice,
    /// Warning banner: dismiss.
    WarningOk,
    /// Preparing a session.
    Preparing,
    /// Clearing a session.
    Ending,
    /// "Au revoir".
    Goodbye,
    /// Goodbye detail.
    GoodbyeDetail,
    /// Out of service: title.
    OutOfServiceTitle,
    /// Out of service: what to do.
    OutOfServiceAsk,
    /// Save screen: title.
    SaveTitle,
    /// Save screen: what happens.
    SaveExplain,
    /// Save screen: no key yet.
    PlugKey,
    /// Save screen: the copy button.
    CopyToKey,
    /// Save screen: copying.
    Copying,
    /// Save screen: the key can go.
    RemoveKey,
    /// Save screen: read-only key.
    KeyReadOnly,
    /// Save screen: the key was pulled out.
    KeyGone,
    /// Save screen: back to the session.
    BackToSession,
    /// Save screen: erase and end.
    EraseAndEnd,
    /// Out of service after a failed wipe: try again.
    RetryClear,
    /// "Vous venez pour..."
    PurposeQuestion,
    /// "Avez-vous trouvé ce que vous cherchiez ?"
    FoundQuestion,
    /// Under a question: it is optional and anonymous.
    QuestionNote,
    /// "Passer".
    Skip,
    /// "Personnel": the button that opens the PIN pad.
    Staff,
    /// PIN pad: title.
    PinTitle,
    /// PIN pad: the masked entry, for screen readers.
    PinDigits,
    /// PIN pad: clear the entry.
    PinClear,
    /// PIN pad: check the entry.
    PinValidate,
    /// PIN pad: wrong PIN.
    PinWrong,
    /// PIN pad: the secrets file cannot be read.
    PinUnavailable,
    /// Close a panel.
    Close,
    /// Cancel a question.
    Cancel,
    /// Staff menu title for a volunteer.
    RoleVolunteer,
    /// Staff menu title for an admin.
    RoleAdmin,
    /// Staff: start an assisted session.
    StartAssisted,
    /// Staff: close the station to the public.
    CloseStation,
    /// Closure reason: maintenance.
    ClosedMaintenance,
    /// Closure reason: workshop.
    ClosedWorkshop,
    /// Staff: choose the reason shown to the public.
    ChooseClosure,
    /// Staff: open the station again.
    Reopen,
    /// Staff: end the running session.
    StaffEndSession,
    /// Staff: confirm ending the session.
    StaffEndQuestion,
    /// Staff: confirm the end.
    YesEnd,
    /// Staff: no more extensions.
    ExtendMax,
    /// Staff: the station closes first.
    ExtendClosing,
    /// Admin: the settings.
    Settings,
    /// Admin: the statistics.
    Statistics,
    /// Admin: change the PINs.
    ChangePins,
    /// Admin: leave the kiosk.
    MaintenanceExit,
    /// Admin: confirm leaving.
    MaintenanceQuestion,
    /// Admin: confirm leaving.
    YesQuit,
    /// Admin: saved.
    SettingsSaved,
    /// Admin: save.
    Save,
    /// Setup: title.
    SetupTitle,
    /// Setup: the rules.
    SetupExplain,
    /// Setup: the admin PIN.
    AdminPin,
    /// Setup: the volunteer PIN.
    VolunteerPin,
    /// Setup: type it again.
    ConfirmPin,
    /// Setup: the two entries differ.
    PinsDiffer,
    /// Setup: the existing admin PIN as proof.
    CurrentAdminPin,
    /// Setup: the existing volunteer PIN as proof.
    CurrentVolunteerPin,
    /// Setup: the proof is wrong.
    WrongProof,
    /// Setup: a PIN was set meanwhile from a terminal.
    PinsChanged,
    /// Admin settings tab.
    TabDurations,
    /// Admin settings tab.
    TabHours,
    /// Admin settings tab.
    TabLanguage,
    /// Admin settings tab.
    TabSites,
    /// Admin settings tab.
    TabShortcuts,
    /// Admin: field.
    DropInMinutes,
    /// Admin: field.
    AssistedMinutes,
    /// Admin: field.
    ExtensionMinutes,
    /// Admin: field.
    MaxExtensions,
    /// Admin: field.
    IdleSecs,
    /// Admin: field.
    IdleGraceSecs,
    /// Admin: field.
    WarnAt,
    /// Admin: hours.
    AlwaysOpen,
    /// Admin: hours.
    HoursHint,
    /// Admin: sites.
    SitesField,
    /// Admin: button field.
    ShortcutId,
    /// Admin: button field.
    ShortcutLabelFr,
    /// Admin: button field.
    ShortcutLabelEn,
    /// Admin: button field.
    ShortcutIcon,
    /// Admin: button field.
    ShortcutUrl,
    /// Admin: button field.
    ShortcutAlsoAllow,
    /// Admin: the form for a new button.
    NewShortcut,
    /// Admin: move a button up.
    MoveUp,
    /// Admin: move a button down.
    MoveDown,
    /// Admin: edit a button.
    EditShortcut,
    /// Admin: remove a button.
    RemoveShortcut,
    /// Admin: confirm removing.
    YesRemove,
    /// Admin: save the admin PIN.
    SaveAdminPin,
    /// Admin: save the volunteer PIN.
    SaveVolunteerPin,
    /// Admin statistics: being read.
    StatsLoading,
    /// Admin statistics: the usage log cannot be read.
    StatsUnavailable,
    /// Admin: the admin PIN changed.
    PinChangedAdmin,
    /// Admin: the volunteer PIN changed.
    PinChangedVolunteer,
    /// Admin: the policy must be installed by root.
    PolicyToInstall,
    /// Welcome when closed: title.
    ClosedTitle,
    /// Admin: back to the staff menu.
    BackToMenu,
}
