//! The few widgets every screen uses: big buttons, shortcut tiles, cards.

use egui::{Button, Color32, Rect, Response, RichText, Role, Sense, Ui, Vec2, WidgetInfo};

use crate::domain::Language;
use crate::ui::i18n::Catalogue;
use crate::ui::pictogram::{self, Pictogram};
use crate::ui::theme;

/// A big filled button for the main action of a screen.
pub fn primary_button(ui: &mut Ui, text: &str, size: Vec2) -> Response {
    ui.add_sized(
        size,
        Button::new(
            RichText::new(text)
                .font(theme::button_font())
                .color(theme::colors().on_primary),
        )
        .fill(theme::colors().primary)
        .corner_radius(theme::RADIUS),
    )
}

/// A big outlined button for the other actions.
pub fn secondary_button(ui: &mut Ui, text: &str, size: Vec2) -> Response {
    ui.add_sized(
        size,
        Button::new(
            RichText::new(text)
                .font(theme::button_font())
                .color(theme::colors().text),
        )
        .fill(theme::colors().secondary)
        .stroke(theme::border())
        .corner_radius(theme::RADIUS),
    )
}

/// "Personnel": small and quiet, but always in the same corner, for staff to find.
pub fn staff_button(ui: &mut Ui, text: &str) -> Option<crate::ui::app::Action> {
    let button = Button::new(
        RichText::new(text)
            .font(theme::small_font())
            .color(theme::colors().text_soft),
    )
    .fill(theme::colors().background)
    .stroke(theme::border())
    .corner_radius(theme::RADIUS)
    .min_size(Vec2::new(150.0, 64.0));
    ui.add(button)
        .clicked()
        .then_some(crate::ui::app::Action::from(
            crate::domain::StaffCommand::OpenStaff,
        ))
}

/// A language's button, named in that language, `width` points wide: true when clicked.
pub fn language_button(ui: &mut Ui, language: Language, selected: bool, width: f32) -> bool {
    choice_button(
        ui,
        Catalogue::language_name(language),
        selected,
        theme::button_font(),
        Vec2::new(width, theme::BUTTON_HEIGHT),
    )
    .clicked()
}

/// One of a set of choices (languages, tabs): filled when selected, and read as selected by
/// screen readers.
pub fn choice_button(
    ui: &mut Ui,
    text: &str,
    selected: bool,
    font: egui::FontId,
    size: Vec2,
) -> Response {
    spoken_choice_button(ui, text, text, selected, font, size)
}

/// A choice whose word alone says too little to a screen reader ("Oui", "Non"): it is read as
/// `spoken` ("Contraste élevé, Oui").
pub fn spoken_choice_button(
    ui: &mut Ui,
    text: &str,
    spoken: &str,
    selected: bool,
    font: egui::FontId,
    size: Vec2,
) -> Response {
    let (fill, color) = if selected {
        (theme::colors().primary, theme::colors().on_primary)
    } else {
        (theme::colors().secondary, theme::colors().text)
    };
    let response = ui.add(
        Button::new(RichText::new(text).font(font).color(color))
            .fill(fill)
            .stroke(theme::border())
            .corner_radius(theme::RADIUS)
            .min_size(size),
    );
    response.widget_info(|| WidgetInfo::selected(Role::Button, true, selected, spoken));
    response
}

/// A button in the session bar: white outline on the bar's colour.
pub fn bar_button(ui: &mut Ui, text: &str, fill: Color32) -> Response {
    ui.add(
        Button::new(
            RichText::new(text)
                .font(theme::button_font())
                .color(theme::colors().on_bar),
        )
        .fill(fill)
        .stroke(egui::Stroke::new(2.0, theme::colors().on_bar))
        .corner_radius(theme::RADIUS)
        .min_size(Vec2::new(120.0, theme::BAR_HEIGHT - 20.0)),
    )
}

/// A shortcut tile: a pictogram above its label, one big target, read by screen readers as a
/// button with the label's name.
pub fn tile(ui: &mut Ui, size: Vec2, pictogram: Pictogram, label: &str) -> Response {
    let (rect, response) = ui.allocate_exact_size(size, Sense::click());
    response.widget_info(|| WidgetInfo::labeled(Role::Button, true, label));
    if ui.is_rect_visible(rect) {
        let hovered = response.hovered() || response.has_focus();
        let painter = ui.painter();
        painter.rect(
            rect,
            theme::RADIUS,
            theme::colors().secondary,
            if hovered {
                egui::Stroke::new(5.0, theme::colors().primary)
            } else {
                theme::border()
            },
            egui::StrokeKind::Inside,
        );
        // The label keeps room for two lines (« Services / publics ») on the smallest tiles;
        // the pictogram gets the rest.
        let label_height = (rect.height() * 0.4).max(2.0 * theme::button_font().size * 1.2 + 16.0);
        let icon_rect = Rect::from_min_size(
            rect.min,
            Vec2::new(rect.width(), rect.height() - label_height),
        );
        pictogram::paint(
            painter,
            icon_rect.shrink(24.0),
            pictogram,
            theme::colors().primary,
        );
        let label_rect = Rect::from_min_max(icon_rect.left_bottom(), rect.max).shrink(8.0);
        // Each line centred: a label on two lines ("Services / publics") stays balanced.
        let mut job = egui::text::LayoutJob::simple(
            label.to_owned(),
            theme::button_font(),
            theme::colors().text,
            label_rect.width(),
        );
        job.halign = egui::Align::Center;
        let galley = painter.layout_job(job);
        painter.galley(label_rect.center_top(), galley, theme::colors().text);
    }
    response
}

/// A card in the middle of the screen, for a question or a message.
pub fn card<R>(ui: &mut Ui, fill: Color32, add_contents: impl FnOnce(&mut Ui) -> R) -> R {
    card_sized(ui, fill, theme::CARD_WIDTH, add_contents)
}

/// A card of about `width` (less on a narrow screen), centred.
pub fn card_sized<R>(
    ui: &mut Ui,
    fill: Color32,
    width: f32,
    add_contents: impl FnOnce(&mut Ui) -> R,
) -> R {
    ui.vertical_centered(|ui| {
        egui::Frame::new()
            .fill(fill)
            .stroke(theme::border())
            .corner_radius(theme::RADIUS)
            .inner_margin(theme::CARD_MARGIN)
            .show(ui, |ui| {
                ui.set_width(width.min(ui.available_width() - 80.0));
                ui.vertical_centered(add_contents).inner
            })
            .inner
    })
    .inner
}

/// Centres a block of height about `height` vertically in the space left.
pub fn vertical_space_for(ui: &mut Ui, height: f32) {
    let free = (ui.available_height() - height) / 2.0;
    if free > 0.0 {
        ui.add_space(free);
    }
}

/// Text in a font and colour, wrapped to the width available.
pub fn text(ui: &mut Ui, text: impl Into<String>, font: egui::FontId, color: Color32) -> Response {
    ui.label(RichText::new(text).font(font).color(color))
}

/// A button of a pictogram `icon` points wide, drawn by `draw(painter, left_centre, colour)`,
/// with the word `text` beside it if `words` (else the pictogram alone, and the word for screen
/// readers only). `on_bar`: white on the session bar's colour.
fn pictogram_button(
    ui: &mut Ui,
    text: &str,
    on_bar: Option<Color32>,
    words: bool,
    icon: f32,
    draw: impl FnOnce(&egui::Painter, egui::Pos2, Color32),
) -> Response {
    let (fill, color, stroke) = match on_bar {
        Some(bar) => (
            bar,
            theme::colors().on_bar,
            egui::Stroke::new(2.0, theme::colors().on_bar),
        ),
        None => (
            theme::colors().secondary,
            theme::colors().text,
            theme::border(),
        ),
    };
    let galley = ui
        .painter()
        .layout_no_wrap(text.to_owned(), theme::small_font(), color);
    let width = pictogram_width(ui, text, icon, words);
    let (rect, response) =
        ui.allocate_exact_size(Vec2::new(width, theme::BUTTON_HEIGHT - 8.0), Sense::click());
    response.widget_info(|| WidgetInfo::labeled(Role::Button, true, text));
    if ui.is_rect_visible(rect) {
        let painter = ui.painter();
        painter.rect(rect, theme::RADIUS, fill, stroke, egui::StrokeKind::Inside);
        let left = if words {
            rect.left() + 16.0
        } else {
            rect.left() + (rect.width() - icon) / 2.0
        };
        draw(painter, egui::pos2(left, rect.center().y), color);
        if words {
            let pos = egui::pos2(left + icon + 12.0, rect.center().y - galley.size().y / 2.0);
            painter.galley(pos, galley, color);
        }
    }
    response
}

/// The pictograms of "Accessibilité" and "Écouter" ([`assist_button`], [`listen_button`]).
pub const ASSIST_ICON: f32 = 36.0;
/// See [`ASSIST_ICON`].
pub const LISTEN_ICON: f32 = 32.0;

/// The width of a pictogram button of `icon` points, with its word `text` beside it or not.
fn pictogram_width(ui: &Ui, text: &str, icon: f32, words: bool) -> f32 {
    if words {
        let word = ui
            .painter()
            .layout_no_wrap(text.to_owned(), theme::small_font(), Color32::WHITE)
            .size()
            .x;
        icon + word + 48.0
    } else {
        theme::BUTTON_HEIGHT - 8.0
    }
}

/// How much wider a pictogram button of `icon` points is with its word `text` beside it.
#[must_use]
pub fn words_width(ui: &Ui, text: &str, icon: f32) -> f32 {
    pictogram_width(ui, text, icon, true) - pictogram_width(ui, text, icon, false)
}

/// Which of the words beside pictograms, `extra` points wide each, fit in front of the group
/// [`right_aligned`] draws next in `ui`, in order: a word is shown only if the ones before it
/// are. Decided from the group's width at the frame before and the words it had then, so a word
/// comes back as soon as there is room again (another language, a button fewer).
#[must_use]
pub fn words_that_fit<const N: usize>(ui: &Ui, extra: [f32; N]) -> [bool; N] {
    let room = ui.available_rect_before_wrap().width();
    let group: Option<f32> = ui.data(|data| data.get_temp(right_aligned_id(ui)));
    let id = ui.scope_id().with("words-shown");
    let before: [bool; N] = ui.data(|data| data.get_temp(id)).unwrap_or([false; N]);
    let mut shown = [false; N];
    if let Some(group) = group {
        let mut width = group
            - extra
                .iter()
                .zip(before)
                .filter_map(|(extra, was)| was.then_some(extra))
                .sum::<f32>();
        for (word, extra) in shown.iter_mut().zip(extra) {
            if width + extra > room {
                break;
            }
            width += extra;
            *word = true;
        }
    }
    if shown != before {
        ui.data_mut(|data| data.insert_temp(id, shown));
    }
    shown
}

/// "Accessibilité": a person in a circle (the usual sign) and the word, in the same place on
/// the welcome screen and in the session bar.
pub fn assist_button(ui: &mut Ui, text: &str, on_bar: Option<Color32>, words: bool) -> Response {
    let icon = ASSIST_ICON;
    pictogram_button(ui, text, on_bar, words, icon, |painter, left, color| {
        let centre = left + Vec2::new(icon / 2.0, 0.0);
        let line = egui::Stroke::new(3.0, color);
        painter.circle_stroke(centre, icon / 2.0, line);
        // Head, arms, body and legs.
        painter.circle_filled(centre + Vec2::new(0.0, -9.0), 3.5, color);
        for (from, to) in [
            ((-9.0, -3.0), (9.0, -3.0)),
            ((0.0, -4.0), (0.0, 4.0)),
            ((0.0, 4.0), (-6.0, 12.0)),
            ((0.0, 4.0), (6.0, 12.0)),
        ] {
            painter.line_segment(
                [
                    centre + Vec2::new(from.0, from.1),
                    centre + Vec2::new(to.0, to.1),
                ],
                line,
            );
        }
    })
}

/// "Écouter": a loudspeaker and the word; reads the screen's main sentence aloud.
pub fn listen_button(ui: &mut Ui, text: &str, on_bar: Option<Color32>, words: bool) -> Response {
    let icon = LISTEN_ICON;
    pictogram_button(ui, text, on_bar, words, icon, |painter, left, color| {
        let (x, mid) = (left.x, left.y);
        let speaker = vec![
            egui::pos2(x, mid - 5.0),
            egui::pos2(x + 7.0, mid - 5.0),
            egui::pos2(x + 15.0, mid - 12.0),
            egui::pos2(x + 15.0, mid + 12.0),
            egui::pos2(x + 7.0, mid + 5.0),
            egui::pos2(x, mid + 5.0),
        ];
        painter.add(egui::Shape::convex_polygon(
            speaker,
            color,
            egui::Stroke::NONE,
        ));
        // Two sound waves.
        let line = egui::Stroke::new(3.0, color);
        let centre = egui::pos2(x + 15.0, mid);
        for radius in [8.0_f32, 16.0] {
            let points: Vec<egui::Pos2> = (0..=8_u8)
                .map(|k| {
                    let angle = -0.8 + 1.6 * f32::from(k) / 8.0;
                    centre + Vec2::new(angle.cos(), angle.sin()) * radius
                })
                .collect();
            painter.add(egui::Shape::line(points, line));
        }
    })
}

/// Lays out `add_contents` left to right against the right edge of `ui` (a horizontal one), so
/// that its controls are read by screen readers and reached with Tab in the order they are seen:
/// egui's right-to-left layout adds, and so reads, them backwards. The group's width is the one
/// of the frame before; when it changes (another language, a button more), that frame is drawn
/// again before it is shown. A group wider than the room still ends at the right edge (its last
/// control, "Terminer" in the bar, stays on screen) and reaches over what is on its left.
pub fn right_aligned<R>(ui: &mut Ui, add_contents: impl FnOnce(&mut Ui) -> R) -> R {
    let id = right_aligned_id(ui);
    let remembered: Option<f32> = ui.data(|data| data.get_temp(id));
    let room = ui.available_rect_before_wrap();
    let place = Rect::from_min_max(
        egui::pos2(room.right() - remembered.unwrap_or(0.0), room.top()),
        room.max,
    );
    let group = ui.scope_builder(
        egui::UiBuilder::new()
            .max_rect(place)
            .layout(egui::Layout::left_to_right(egui::Align::Center)),
        add_contents,
    );
    let width = group.response.rect.width();
    if remembered.is_none_or(|before| (before - width).abs() > 0.5) {
        ui.data_mut(|data| data.insert_temp(id, width));
        ui.ctx()
            .request_discard("a right-aligned group changed width");
        // No pass left in this frame: the next one places it right.
        if !ui.ctx().will_discard() {
            ui.ctx().request_repaint();
        }
    }
    group.inner
}

/// Where [`right_aligned`] remembers its group's width in `ui`.
fn right_aligned_id(ui: &Ui) -> egui::Id {
    ui.scope_id().with("right-aligned-width")
}

/// A row of `count` items of `size`, centred, with the big gap between them (shortcut tiles,
/// the answers of a question).
pub fn centred_row<R>(
    ui: &mut Ui,
    count: usize,
    size: Vec2,
    add_contents: impl FnOnce(&mut Ui) -> R,
) -> R {
    let width = count as f32 * (size.x + theme::GAP) - theme::GAP;
    ui.allocate_ui_with_layout(
        Vec2::new(ui.available_width(), size.y),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.add_space(((ui.available_width() - width) / 2.0).max(0.0));
            ui.spacing_mut().item_spacing.x = theme::GAP;
            add_contents(ui)
        },
    )
    .inner
}

/// Draws the keyboard focus on top of everything, around whatever control has it, the same on
/// every screen (WCAG 2.4.7): a thick ring, dark outside and amber inside, seen on the light
/// screens and on the dark bar alike. egui gives the focus to a control on Tab (and to text
/// fields on a click), so a tap leaves no ring behind.
pub fn paint_focus_ring(ctx: &egui::Context) {
    let Some(focused) = ctx.memory(egui::Memory::focused) else {
        return;
    };
    let Some(response) = ctx.read_response(focused) else {
        return;
    };
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("borne-focus-ring"),
    ));
    let (outer, inner) = theme::focus_ring();
    let rect = response.rect.expand(inner.width);
    painter.rect_stroke(rect, theme::RADIUS, inner, egui::StrokeKind::Outside);
    painter.rect_stroke(
        rect.expand(inner.width),
        theme::RADIUS,
        outer,
        egui::StrokeKind::Outside,
    );
}
