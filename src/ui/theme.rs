//! Every colour, size and font of the screens: the only place to change how Borne looks.
//! Big targets (at least 64 px), big text (at least 24 px), high contrast (WCAG AA or better).

use egui::{Color32, CornerRadius, FontFamily, FontId, Margin, Stroke, Vec2};

use crate::domain::Urgency;

/// Background of the screens.
pub const BACKGROUND: Color32 = Color32::from_rgb(0xF4, 0xF6, 0xFA);
/// Main text colour (on the background: contrast 15:1).
pub const TEXT: Color32 = Color32::from_rgb(0x14, 0x1B, 0x2D);
/// Secondary text (contrast 7:1).
pub const TEXT_SOFT: Color32 = Color32::from_rgb(0x3B, 0x45, 0x5C);
/// Main action colour (white text on it: contrast 8:1).
pub const PRIMARY: Color32 = Color32::from_rgb(0x1D, 0x3F, 0x9E);
/// Text on the main action colour.
pub const ON_PRIMARY: Color32 = Color32::WHITE;
/// Secondary buttons: white with a border.
pub const SECONDARY: Color32 = Color32::WHITE;
/// Border of cards and secondary buttons.
pub const BORDER: Color32 = Color32::from_rgb(0x8A, 0x94, 0xA8);
/// The bar while there is plenty of time.
pub const BAR_CALM: Color32 = Color32::from_rgb(0x14, 0x1B, 0x2D);
/// The bar after the first warning (white text: contrast 5.9:1).
pub const BAR_WARNED: Color32 = Color32::from_rgb(0xA3, 0x4A, 0x00);
/// The bar after the last warning (white text: contrast 6.5:1).
pub const BAR_URGENT: Color32 = Color32::from_rgb(0xB0, 0x1B, 0x1B);
/// Text on the bar.
pub const ON_BAR: Color32 = Color32::WHITE;
/// Banner of a time warning.
pub const WARNING_BG: Color32 = Color32::from_rgb(0xFF, 0xF1, 0xD6);
/// Dark veil behind a question that needs an answer.
pub const VEIL: Color32 = Color32::from_rgba_premultiplied(0x0A, 0x0E, 0x18, 0xD8);
/// The demonstration-mode label.
pub const DEMO_BG: Color32 = Color32::from_rgb(0xFF, 0xE0, 0x66);

/// Height of the session bar in points: the browser goes below it.
pub const BAR_HEIGHT: f32 = 84.0;
/// Minimum height of any button the public touches.
pub const BUTTON_HEIGHT: f32 = 72.0;
/// The "Commencer" button.
pub const START_BUTTON: Vec2 = Vec2::new(420.0, 120.0);
/// A shortcut tile.
pub const TILE: Vec2 = Vec2::new(260.0, 220.0);
/// Space between tiles and between blocks.
pub const GAP: f32 = 28.0;
/// Side of a pictogram above a message.
pub const PICTOGRAM: f32 = 96.0;
/// Width of a dialog card.
pub const CARD_WIDTH: f32 = 760.0;

/// Rounded corners of buttons and cards.
pub const RADIUS: CornerRadius = CornerRadius::same(14);
/// Inner margin of cards.
pub const CARD_MARGIN: Margin = Margin::same(36);

/// The big title of a screen.
pub fn title_font() -> FontId {
    FontId::new(52.0, FontFamily::Proportional)
}

/// A heading.
pub fn heading_font() -> FontId {
    FontId::new(38.0, FontFamily::Proportional)
}

/// Body text.
pub fn body_font() -> FontId {
    FontId::new(28.0, FontFamily::Proportional)
}

/// Text of buttons.
pub fn button_font() -> FontId {
    FontId::new(30.0, FontFamily::Proportional)
}

/// Text of the big start button.
pub fn start_font() -> FontId {
    FontId::new(48.0, FontFamily::Proportional)
}

/// The time left in the bar.
pub fn clock_font() -> FontId {
    FontId::new(40.0, FontFamily::Monospace)
}

/// Small print (the station name, details for staff).
pub fn small_font() -> FontId {
    FontId::new(24.0, FontFamily::Proportional)
}

/// The colour of the bar for how pressing the time is.
pub fn bar_color(urgency: Urgency) -> Color32 {
    match urgency {
        Urgency::Calm => BAR_CALM,
        Urgency::Warned => BAR_WARNED,
        Urgency::Urgent => BAR_URGENT,
    }
}

/// The border of secondary buttons and cards.
pub fn border() -> Stroke {
    Stroke::new(2.0, BORDER)
}

/// Sets egui's visuals for the kiosk: light, high contrast, focus clearly visible.
pub fn apply(ctx: &egui::Context) {
    ctx.set_theme(egui::Theme::Light);
    ctx.global_style_mut(|style| {
        style.visuals.panel_fill = BACKGROUND;
        style.visuals.override_text_color = Some(TEXT);
        style.visuals.selection.stroke = Stroke::new(4.0, Color32::from_rgb(0xF5, 0x9E, 0x0B));
        style.spacing.item_spacing = Vec2::new(16.0, 16.0);
        style.spacing.button_padding = Vec2::new(24.0, 14.0);
        style.interaction.tooltip_delay = f32::INFINITY;
        // Text fields, check boxes and radio buttons (staff forms) outlined like the buttons.
        style.visuals.widgets.inactive.bg_stroke = border();
        style.visuals.widgets.inactive.weak_bg_fill = SECONDARY;
        style.spacing.icon_width = 28.0;
        style.spacing.icon_width_inner = 16.0;
    });
}
