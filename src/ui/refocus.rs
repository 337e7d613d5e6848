//! The keyboard goes back where it was. A menu or a question closed from the keyboard gives
//! the keyboard back to the button that opened it, not to the first control of the screen
//! (egui drops the focus of a control that is no longer drawn).

/// The buttons that open something the keyboard can close.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
pub enum Opener {
    /// "Accessibilité", on the welcome screen and in the session bar.
    Assist,
    /// "Terminer", in the session bar.
    End,
}

fn mark(opener: Opener) -> egui::Id {
    egui::Id::unique("borne-refocus").with(opener)
}

/// Marks that what `opener` opened was closed from the keyboard.
pub fn later(ctx: &egui::Context, opener: Opener) {
    ctx.data_mut(|data| data.insert_temp(mark(opener), true));
}

/// Whether `opener` should take the keyboard back now (once).
#[must_use]
pub fn take(ctx: &egui::Context, opener: Opener) -> bool {
    ctx.data_mut(|data| data.remove_temp::<bool>(mark(opener)))
        .unwrap_or(false)
}

/// Forgets a mark that no button took: the station changed screen under it, and the keyboard
/// must not go to the next person's button.
pub fn forget(ctx: &egui::Context, opener: Opener) {
    ctx.data_mut(|data| data.remove::<bool>(mark(opener)));
}
