//! Every colour, size and font of the screens: the only place to change how Borne looks.
//! Big targets (at least 64 px), big text (at least 24 px), contrast of at least 7:1 for every
//! text (WCAG AAA), computed from these tokens by a test.

use egui::{Color32, CornerRadius, FontFamily, FontId, Margin, Stroke, Vec2};

use crate::domain::Urgency;

/// Background of the screens.
pub const BACKGROUND: Color32 = Color32::from_rgb(0xF4, 0xF6, 0xFA);
/// Main text colour (on the background: contrast 15:1).
pub const TEXT: Color32 = Color32::from_rgb(0x14, 0x1B, 0x2D);
/// Secondary text (contrast 8.9:1).
pub const TEXT_SOFT: Color32 = Color32::from_rgb(0x3B, 0x45, 0x5C);
/// Main action colour (white text on it: contrast 9.3:1).
pub const PRIMARY: Color32 = Color32::from_rgb(0x1D, 0x3F, 0x9E);
/// Text on the main action colour.
pub const ON_PRIMARY: Color32 = Color32::WHITE;
/// Secondary buttons: white with a border.
pub const SECONDARY: Color32 = Color32::WHITE;
/// Border of cards and secondary buttons (contrast 3.5:1 with the background).
pub const BORDER: Color32 = Color32::from_rgb(0x7A, 0x84, 0x99);
/// The bar while there is plenty of time.
pub const BAR_CALM: Color32 = Color32::from_rgb(0x14, 0x1B, 0x2D);
/// The bar after the first warning (white text: contrast 7.9:1), and warning text.
pub const BAR_WARNED: Color32 = Color32::from_rgb(0x85, 0x3C, 0x00);
/// The bar after the last warning (white text: contrast 8.7:1), and error text.
pub const BAR_URGENT: Color32 = Color32::from_rgb(0x96, 0x16, 0x16);
/// Text on the bar.
pub const ON_BAR: Color32 = Color32::WHITE;
/// Banner of a time warning.
pub const WARNING_BG: Color32 = Color32::from_rgb(0xFF, 0xF1, 0xD6);
/// Dark veil behind a question that needs an answer.
pub const VEIL: Color32 = Color32::from_rgba_premultiplied(0x0A, 0x0E, 0x18, 0xD8);
/// The keyboard focus ring, inside (seen on the dark bar: contrast 8:1 with it).
pub const FOCUS: Color32 = Color32::from_rgb(0xFF, 0xB0, 0x00);
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

/// The keyboard focus ring: a dark outer stroke (seen on the light screens) and an amber inner
/// one (seen on the dark bar and on filled buttons).
pub fn focus_ring() -> (Stroke, Stroke) {
    (Stroke::new(4.0, TEXT), Stroke::new(5.0, FOCUS))
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
        style.visuals.selection.stroke = Stroke::new(4.0, FOCUS);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The WCAG 2 contrast ratio of two opaque colours.
    fn contrast(a: Color32, b: Color32) -> f64 {
        let luminance = |c: Color32| {
            let channel = |v: u8| {
                let v = f64::from(v) / 255.0;
                if v <= 0.040_45 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
        };
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn every_text_has_a_contrast_of_at_least_7_to_1() {
        let text_on = [
            ("text", TEXT, BACKGROUND),
            ("text on white", TEXT, SECONDARY),
            ("soft text", TEXT_SOFT, BACKGROUND),
            ("soft text on white", TEXT_SOFT, SECONDARY),
            ("soft text on a warning", TEXT_SOFT, WARNING_BG),
            ("main button", ON_PRIMARY, PRIMARY),
            ("calm bar", ON_BAR, BAR_CALM),
            ("warned bar", ON_BAR, BAR_WARNED),
            ("urgent bar", ON_BAR, BAR_URGENT),
            ("warning text", BAR_WARNED, BACKGROUND),
            ("error text", BAR_URGENT, BACKGROUND),
            ("error text on white", BAR_URGENT, SECONDARY),
            ("text on a warning", TEXT, WARNING_BG),
            ("demonstration label", TEXT, DEMO_BG),
        ];
        for (what, fg, bg) in text_on {
            let ratio = contrast(fg, bg);
            assert!(ratio >= 7.0, "{what}: {ratio:.2}:1");
        }
    }

    #[test]
    fn no_text_is_smaller_than_24_px() {
        for font in [
            title_font(),
            heading_font(),
            body_font(),
            button_font(),
            start_font(),
            clock_font(),
            small_font(),
        ] {
            assert!(font.size >= 24.0, "{font:?}");
        }
        assert!(BUTTON_HEIGHT >= 64.0 && TILE.min_elem() >= 64.0);
    }

    #[test]
    fn the_focus_ring_and_borders_are_seen_on_every_background() {
        let (outer, inner) = focus_ring();
        for bg in [BACKGROUND, SECONDARY, WARNING_BG] {
            assert!(contrast(outer.color, bg) >= 3.0);
        }
        for bg in [BAR_CALM, BAR_WARNED, BAR_URGENT, PRIMARY] {
            assert!(contrast(inner.color, bg) >= 3.0, "{bg:?}");
        }
        // WCAG 1.4.11: the outline of a control against the screen.
        assert!(contrast(BORDER, BACKGROUND) >= 3.0);
    }
}
