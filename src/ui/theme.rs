//! Every colour, size and font of the screens: the only place to change how Borne looks.
//! Big targets (at least 64 px), big text (at least 24 px), contrast of at least 7:1 for every
//! text (WCAG AAA), computed from these tokens by a test.

use std::cell::Cell;

use egui::{Color32, CornerRadius, FontFamily, FontId, Margin, Stroke, Vec2};

use crate::domain::Urgency;

/// The colours of the screens. Two palettes: the standard one, and high contrast, chosen in the
/// accessibility menu for one person's visit. Every text is at least 7:1 on its background in
/// both, computed by a test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    /// Background of the screens.
    pub background: Color32,
    /// Main text colour.
    pub text: Color32,
    /// Secondary text.
    pub text_soft: Color32,
    /// Main action colour.
    pub primary: Color32,
    /// Text on the main action colour.
    pub on_primary: Color32,
    /// Secondary buttons and cards, with a border.
    pub secondary: Color32,
    /// Border of cards and secondary buttons (at least 3:1 with the background).
    pub border: Color32,
    /// The bar while there is plenty of time.
    pub bar_calm: Color32,
    /// The bar after the first warning.
    pub bar_warned: Color32,
    /// The bar after the last warning.
    pub bar_urgent: Color32,
    /// Text on the bar.
    pub on_bar: Color32,
    /// Warning text and pictograms on the background.
    pub warning_text: Color32,
    /// Error text on the background and on cards.
    pub error_text: Color32,
    /// Banner of a time warning.
    pub warning_bg: Color32,
    /// The keyboard focus ring, outside (seen on the background).
    pub focus_outer: Color32,
    /// The keyboard focus ring, inside (seen on the bar and on filled buttons).
    pub focus_inner: Color32,
    /// The demonstration-mode label.
    pub demo_bg: Color32,
}

/// The colours as designed: light, contrast of at least 7:1 for every text.
pub const STANDARD: Palette = Palette {
    background: Color32::from_rgb(0xF4, 0xF6, 0xFA),
    text: Color32::from_rgb(0x14, 0x1B, 0x2D),
    text_soft: Color32::from_rgb(0x3B, 0x45, 0x5C),
    primary: Color32::from_rgb(0x1D, 0x3F, 0x9E),
    on_primary: Color32::WHITE,
    secondary: Color32::WHITE,
    border: Color32::from_rgb(0x7A, 0x84, 0x99),
    bar_calm: Color32::from_rgb(0x14, 0x1B, 0x2D),
    bar_warned: Color32::from_rgb(0x85, 0x3C, 0x00),
    bar_urgent: Color32::from_rgb(0x96, 0x16, 0x16),
    on_bar: Color32::WHITE,
    warning_text: Color32::from_rgb(0x85, 0x3C, 0x00),
    error_text: Color32::from_rgb(0x96, 0x16, 0x16),
    warning_bg: Color32::from_rgb(0xFF, 0xF1, 0xD6),
    focus_outer: Color32::from_rgb(0x14, 0x1B, 0x2D),
    focus_inner: Color32::from_rgb(0xFF, 0xB0, 0x00),
    demo_bg: Color32::from_rgb(0xFF, 0xE0, 0x66),
};

/// "Contraste élevé": white on black, yellow actions, borders in white (texts at least 8:1,
/// most 15:1 or more), as the high-contrast modes of ChromeOS and Windows.
pub const HIGH_CONTRAST: Palette = Palette {
    background: Color32::BLACK,
    text: Color32::WHITE,
    text_soft: Color32::from_rgb(0xF0, 0xF0, 0xF0),
    primary: Color32::from_rgb(0xFF, 0xE5, 0x00),
    on_primary: Color32::BLACK,
    secondary: Color32::BLACK,
    border: Color32::WHITE,
    bar_calm: Color32::BLACK,
    bar_warned: Color32::from_rgb(0x85, 0x3C, 0x00),
    bar_urgent: Color32::from_rgb(0x96, 0x16, 0x16),
    on_bar: Color32::WHITE,
    warning_text: Color32::from_rgb(0xFF, 0xC2, 0x66),
    error_text: Color32::from_rgb(0xFF, 0x8A, 0x80),
    warning_bg: Color32::from_rgb(0x2B, 0x20, 0x00),
    focus_outer: Color32::from_rgb(0xFF, 0xE5, 0x00),
    focus_inner: Color32::BLACK,
    demo_bg: Color32::from_rgb(0x5C, 0x4A, 0x00),
};

/// Dark veil behind a question that needs an answer.
pub const VEIL: Color32 = Color32::from_rgba_premultiplied(0x0A, 0x0E, 0x18, 0xD8);

thread_local! {
    /// Whether the frames are drawn in high contrast: set by [`apply`] when the person's choice
    /// changes, on the one thread that draws (a thread of its own for each kittest harness).
    static HIGH: Cell<bool> = const { Cell::new(false) };
}

/// Whether the frames are drawn in high contrast (the last [`apply`] on this thread).
pub fn in_high_contrast() -> bool {
    HIGH.get()
}

/// The palette of the frame being drawn.
pub fn colors() -> &'static Palette {
    if HIGH.get() {
        &HIGH_CONTRAST
    } else {
        &STANDARD
    }
}

/// Height of the session bar in points: the browser goes below it.
pub const BAR_HEIGHT: f32 = 84.0;
/// Minimum height of any button the public touches.
pub const BUTTON_HEIGHT: f32 = 72.0;
/// The "Commencer" button.
pub const START_BUTTON: Vec2 = Vec2::new(420.0, 120.0);
/// A shortcut tile.
pub const TILE: Vec2 = Vec2::new(260.0, 220.0);
/// The smallest a shortcut tile gets, so that every tile and what is below them fit the screen.
pub const TILE_MIN: Vec2 = Vec2::new(200.0, 170.0);
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
        Urgency::Calm => colors().bar_calm,
        Urgency::Warned => colors().bar_warned,
        Urgency::Urgent => colors().bar_urgent,
    }
}

/// The keyboard focus ring: an outer stroke seen on the screen's background and an inner one
/// seen on the bar and on filled buttons (dark and amber; yellow and black in high contrast).
pub fn focus_ring() -> (Stroke, Stroke) {
    let colors = colors();
    (
        Stroke::new(4.0, colors.focus_outer),
        Stroke::new(5.0, colors.focus_inner),
    )
}

/// The border of secondary buttons and cards.
pub fn border() -> Stroke {
    Stroke::new(2.0, colors().border)
}

/// Sets egui's visuals for the kiosk, in the standard palette or in high contrast: text and
/// fills from the palette, focus clearly visible. Called again when the person changes it.
pub fn apply(ctx: &egui::Context, high_contrast: bool) {
    HIGH.set(high_contrast);
    let colors = colors();
    let theme = if high_contrast {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    };
    ctx.set_theme(theme);
    // The style of that theme by name: egui resolves the active theme at the next pass.
    ctx.style_mut_of(theme, |style| {
        style.visuals.panel_fill = colors.background;
        style.visuals.override_text_color = Some(colors.text);
        if high_contrast {
            // egui's dark fills are grey: black, as the rest, and the focus in yellow.
            style.visuals.window_fill = colors.background;
            style.visuals.extreme_bg_color = colors.secondary;
            style.visuals.selection.stroke = Stroke::new(4.0, colors.focus_outer);
        } else {
            style.visuals.selection.stroke = Stroke::new(4.0, colors.focus_inner);
        }
        style.spacing.item_spacing = Vec2::new(16.0, 16.0);
        style.spacing.button_padding = Vec2::new(24.0, 14.0);
        style.interaction.tooltip_delay = f32::INFINITY;
        // Text fields, check boxes and radio buttons (staff forms) outlined like the buttons.
        style.visuals.widgets.inactive.bg_stroke = border();
        style.visuals.widgets.inactive.weak_bg_fill = colors.secondary;
        style.spacing.icon_width = 28.0;
        style.spacing.icon_width_inner = 16.0;
    });
}

/// The relative luminance (WCAG 2) of an opaque colour: 0 for black, 1 for white.
#[must_use]
pub fn luminance(c: Color32) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.040_45 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
}

/// The contrast ratio (WCAG 2) of two relative luminances, from 1:1 to 21:1.
#[must_use]
pub fn contrast_of(a: f64, b: f64) -> f64 {
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The WCAG 2 contrast ratio of two opaque colours.
    fn contrast(a: Color32, b: Color32) -> f64 {
        contrast_of(luminance(a), luminance(b))
    }

    const PALETTES: [(&str, Palette); 2] =
        [("standard", STANDARD), ("high contrast", HIGH_CONTRAST)];

    #[test]
    fn every_text_has_a_contrast_of_at_least_7_to_1_in_both_palettes() {
        for (palette, c) in PALETTES {
            let text_on = [
                ("text", c.text, c.background),
                ("text on a card", c.text, c.secondary),
                ("soft text", c.text_soft, c.background),
                ("soft text on a card", c.text_soft, c.secondary),
                ("soft text on a warning", c.text_soft, c.warning_bg),
                ("main button", c.on_primary, c.primary),
                ("calm bar", c.on_bar, c.bar_calm),
                ("warned bar", c.on_bar, c.bar_warned),
                ("urgent bar", c.on_bar, c.bar_urgent),
                ("warning text", c.warning_text, c.background),
                ("error text", c.error_text, c.background),
                ("error text on a card", c.error_text, c.secondary),
                ("text on a warning", c.text, c.warning_bg),
                ("demonstration label", c.text, c.demo_bg),
            ];
            for (what, fg, bg) in text_on {
                let ratio = contrast(fg, bg);
                assert!(ratio >= 7.0, "{palette}: {what}: {ratio:.2}:1");
            }
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
        assert!(BUTTON_HEIGHT >= 64.0 && TILE_MIN.min_elem() >= 64.0);
    }

    #[test]
    fn the_focus_ring_and_borders_are_seen_on_every_background_in_both_palettes() {
        for (palette, c) in PALETTES {
            HIGH.set(palette == "high contrast");
            let (outer, inner) = focus_ring();
            // WCAG 2.4.13: one of the ring's two strokes stands out from what it surrounds.
            for bg in [
                c.background,
                c.secondary,
                c.warning_bg,
                c.bar_calm,
                c.bar_warned,
                c.bar_urgent,
                c.primary,
            ] {
                let seen = contrast(outer.color, bg).max(contrast(inner.color, bg));
                assert!(seen >= 3.0, "{palette}: the ring on {bg:?}: {seen:.2}:1");
            }
            // WCAG 1.4.11: the outline of a control against the screen.
            assert!(contrast(c.border, c.background) >= 3.0, "{palette}: border");
        }
        HIGH.set(false);
    }
}
