//! Pictograms drawn with lines and shapes: crisp at any size, no font or image to load.
//! Plain shapes people know from signs: a briefcase, a page, an envelope, a town hall...

use egui::{Color32, Painter, Pos2, Rect, Shape, Stroke, StrokeKind, Vec2, vec2};

use crate::config::Icon;

/// A pictogram of the screens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pictogram {
    /// The pictogram of a shortcut.
    Shortcut(Icon),
    /// A clock, for time warnings.
    Clock,
    /// A no-entry sign, for a station out of service.
    Closed,
}

/// Draws `pictogram` in the square centred in `rect`, in `color`.
pub fn paint(painter: &Painter, rect: Rect, pictogram: Pictogram, color: Color32) {
    let side = rect.width().min(rect.height());
    let square = Rect::from_center_size(rect.center(), Vec2::splat(side));
    // Coordinates below are in a 0..1 box mapped onto the square.
    let p = |x: f32, y: f32| square.min + vec2(x, y) * side;
    let r = |x0: f32, y0: f32, x1: f32, y1: f32| Rect::from_min_max(p(x0, y0), p(x1, y1));
    let line = Stroke::new((side * 0.06).max(2.0), color);
    let outline = |rect: Rect| {
        painter.rect_stroke(rect, side * 0.06, line, StrokeKind::Middle);
    };
    let polyline = |points: &[(f32, f32)]| {
        let points: Vec<Pos2> = points.iter().map(|(x, y)| p(*x, *y)).collect();
        painter.add(Shape::line(points, line));
    };
    match pictogram {
        Pictogram::Shortcut(Icon::Work) => {
            outline(r(0.1, 0.3, 0.9, 0.85));
            outline(r(0.35, 0.15, 0.65, 0.3));
            polyline(&[(0.1, 0.52), (0.9, 0.52)]);
        }
        Pictogram::Shortcut(Icon::Cv) => {
            polyline(&[
                (0.2, 0.08),
                (0.62, 0.08),
                (0.8, 0.26),
                (0.8, 0.92),
                (0.2, 0.92),
                (0.2, 0.08),
            ]);
            painter.circle_stroke(p(0.38, 0.32), side * 0.08, line);
            for y in [0.55, 0.68, 0.81] {
                polyline(&[(0.3, y), (0.7, y)]);
            }
        }
        Pictogram::Shortcut(Icon::Mail) => {
            outline(r(0.08, 0.22, 0.92, 0.78));
            polyline(&[(0.08, 0.22), (0.5, 0.55), (0.92, 0.22)]);
        }
        Pictogram::Shortcut(Icon::PublicService) => {
            polyline(&[(0.08, 0.32), (0.5, 0.08), (0.92, 0.32), (0.08, 0.32)]);
            for x in [0.22, 0.41, 0.59, 0.78] {
                polyline(&[(x, 0.4), (x, 0.78)]);
            }
            polyline(&[(0.08, 0.88), (0.92, 0.88)]);
        }
        Pictogram::Shortcut(Icon::Training) => {
            polyline(&[
                (0.05, 0.38),
                (0.5, 0.18),
                (0.95, 0.38),
                (0.5, 0.58),
                (0.05, 0.38),
            ]);
            polyline(&[
                (0.25, 0.48),
                (0.25, 0.72),
                (0.5, 0.84),
                (0.75, 0.72),
                (0.75, 0.48),
            ]);
            polyline(&[(0.92, 0.4), (0.92, 0.7)]);
        }
        Pictogram::Shortcut(Icon::Health) => {
            let cross = [
                (0.38, 0.1),
                (0.62, 0.1),
                (0.62, 0.38),
                (0.9, 0.38),
                (0.9, 0.62),
                (0.62, 0.62),
                (0.62, 0.9),
                (0.38, 0.9),
                (0.38, 0.62),
                (0.1, 0.62),
                (0.1, 0.38),
                (0.38, 0.38),
                (0.38, 0.1),
            ];
            polyline(&cross);
        }
        Pictogram::Shortcut(Icon::Housing) => {
            polyline(&[(0.08, 0.48), (0.5, 0.1), (0.92, 0.48)]);
            polyline(&[(0.2, 0.38), (0.2, 0.9), (0.8, 0.9), (0.8, 0.38)]);
            outline(r(0.42, 0.62, 0.58, 0.9));
        }
        Pictogram::Shortcut(Icon::Web) => {
            painter.circle_stroke(p(0.5, 0.5), side * 0.42, line);
            painter.add(Shape::ellipse_stroke(
                p(0.5, 0.5),
                vec2(0.18, 0.42) * side,
                line,
            ));
            polyline(&[(0.08, 0.5), (0.92, 0.5)]);
            polyline(&[(0.16, 0.28), (0.84, 0.28)]);
            polyline(&[(0.16, 0.72), (0.84, 0.72)]);
        }
        Pictogram::Clock => {
            painter.circle_stroke(p(0.5, 0.5), side * 0.42, line);
            polyline(&[(0.5, 0.22), (0.5, 0.5), (0.7, 0.62)]);
        }
        Pictogram::Closed => {
            painter.circle_stroke(p(0.5, 0.5), side * 0.42, line);
            painter.rect_filled(r(0.22, 0.43, 0.78, 0.57), side * 0.02, color);
        }
    }
}

/// Allocates a square of `side` points in `ui` and draws `pictogram` in it.
pub fn pictogram_ui(ui: &mut egui::Ui, pictogram: Pictogram, side: f32, color: Color32) {
    let (rect, _) = ui.allocate_exact_size(Vec2::splat(side), egui::Sense::hover());
    if ui.is_rect_visible(rect) {
        paint(ui.painter(), rect, pictogram, color);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    #[test]
    fn every_pictogram_draws_inside_its_square() {
        let ctx = egui::Context::default();
        let mut all: Vec<Pictogram> = Icon::ALL.into_iter().map(Pictogram::Shortcut).collect();
        all.extend([Pictogram::Clock, Pictogram::Closed]);
        let rect = Rect::from_min_size(pos2(10.0, 10.0), Vec2::splat(80.0));
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            for pictogram in &all {
                paint(ui.painter(), rect, *pictogram, Color32::BLACK);
            }
        });
        output.textures_delta.clear();
        let shapes = output.shapes.len();
        assert!(shapes >= all.len() * 2, "only {shapes} shapes");
        for shape in output.shapes {
            let bounds = shape.shape.visual_bounding_rect();
            assert!(
                rect.expand(6.0).contains_rect(bounds),
                "{bounds:?} leaves {rect:?}"
            );
        }
    }
}
