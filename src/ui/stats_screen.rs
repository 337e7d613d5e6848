//! The admin statistics screen: the charts of a [`Report`] (sessions per period, the hour of the
//! week, durations, shortcuts, what people came for and whether they found it), each followed
//! by the same figures in words for screen readers. Hidden counts (`< 3`) are never drawn as a
//! bar or a colour: they are named in the text under the chart. The screen only draws; the
//! report comes from the usage log through the supervisor.

use egui::{Color32, RichText, Role, Sense, Ui, WidgetInfo};
use egui_plot::{Bar, BarChart, GridInput, GridMark, Heatmap, Plot};

use crate::domain::Language;
use crate::services::usage_log::{Cell, Report};
use crate::ui::i18n::{StatsCatalogue, StatsText, cell_text};
use crate::ui::theme;

/// Height of a chart in points.
const CHART_HEIGHT: f32 = 260.0;

/// The bars of one chart: a label and its count.
type Bars = Vec<(String, Cell)>;

/// Draws the statistics of `report` in `language`.
pub fn stats_ui(ui: &mut Ui, report: &Report, language: Language) {
    let texts = StatsCatalogue(language);
    egui::ScrollArea::vertical()
        .id_salt("stats_screen")
        .auto_shrink(false)
        .show(ui, |ui| {
            ui.label(
                RichText::new(texts.get(StatsText::Title))
                    .font(theme::heading_font())
                    .color(theme::colors().text),
            );
            ui.label(body(texts.range(report)));
            ui.label(body(texts.summary(report)));
            for note in texts.notes(report) {
                ui.label(small(note));
            }
            if report.total.sessions == Cell::Value(0) {
                ui.label(body(texts.get(StatsText::NoSession)));
            }
            sessions_ui(ui, report, texts);
            hours_ui(ui, report, texts);
            let min = report.query.min_cell;
            let total = &report.total;
            let charts: [(&str, StatsText, Bars); 4] = [
                (
                    "stats_durations",
                    StatsText::DurationsTitle,
                    total
                        .durations
                        .iter()
                        .map(|(b, cell)| (StatsCatalogue::bucket(*b), *cell))
                        .collect(),
                ),
                (
                    "stats_shortcuts",
                    StatsText::ShortcutsOpened,
                    total
                        .shortcuts
                        .iter()
                        .map(|s| (s.id.clone(), s.sessions))
                        .collect(),
                ),
                (
                    "stats_purposes",
                    StatsText::PurposesTitle,
                    total
                        .purposes
                        .iter()
                        .map(|(p, cell)| (texts.purpose_short(*p).to_owned(), *cell))
                        .collect(),
                ),
                (
                    "stats_found",
                    StatsText::FoundTitle,
                    total
                        .found
                        .iter()
                        .map(|(f, cell)| (texts.found(*f).to_owned(), *cell))
                        .collect(),
                ),
            ];
            // Only the shortcuts can have no row at all (none configured was ever opened).
            for (id, title, rows) in charts.iter().filter(|(_, _, rows)| !rows.is_empty()) {
                bars_ui(ui, id, texts.get(*title), rows, min, texts);
            }
            events_ui(ui, report, texts);
        });
}

fn body(text: impl Into<String>) -> RichText {
    RichText::new(text)
        .font(theme::body_font())
        .color(theme::colors().text)
}

fn small(text: impl Into<String>) -> RichText {
    RichText::new(text)
        .font(theme::small_font())
        .color(theme::colors().text_soft)
}

/// A chart's title, the chart (read by screen readers as an image named by its title and
/// figures), then its figures in words.
fn chart_ui(
    ui: &mut Ui,
    title: &str,
    figures: &str,
    plot: Plot<'_>,
    build: impl FnOnce(&mut egui_plot::PlotUi<'_>),
) {
    ui.add_space(theme::GAP);
    ui.label(body(title).strong());
    let response = plot
        .height(CHART_HEIGHT)
        // Charts to read, not to play with on a touch screen.
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .allow_axis_zoom_drag(false)
        .show_x(false)
        .show_y(false)
        .sense(Sense::hover())
        .show(ui, build)
        .response;
    let name = format!("{title}. {figures}");
    response.widget_info(move || WidgetInfo::labeled(Role::Image, true, &name));
    ui.label(small(figures));
}

/// Grid marks on whole numbers, one every `every`, between `0` and `count`.
fn index_marks(input: &GridInput, count: usize, every: usize, offset: f64) -> Vec<GridMark> {
    let every = every.max(1);
    (0..count)
        .step_by(every)
        .map(|i| GridMark {
            value: index_to_f64(i) + offset,
            step_size: index_to_f64(every),
        })
        .filter(|mark| mark.value >= input.bounds.0 - 1.0 && mark.value <= input.bounds.1 + 1.0)
        .collect()
}

#[expect(clippy::cast_precision_loss, reason = "indices of a few hundred bars")]
fn index_to_f64(index: usize) -> f64 {
    index as f64
}

#[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
fn count_to_f64(count: u64) -> f64 {
    count as f64
}

/// The label of the bar at plot position `value`, if it is one.
fn label_at(labels: &[String], value: f64, offset: f64) -> String {
    let position = value - offset;
    if (position - position.round()).abs() > 1e-6 || position < 0.0 {
        return String::new();
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a non-negative whole number checked above"
    )]
    let index = position.round() as usize;
    labels.get(index).cloned().unwrap_or_default()
}

/// Bars of `(label, cell)`, one per label; hidden cells have no bar.
fn bars_ui(
    ui: &mut Ui,
    id: &str,
    title: &str,
    bars: &[(String, Cell)],
    min_cell: u32,
    texts: StatsCatalogue,
) {
    let figures = bars
        .iter()
        .map(|(label, cell)| format!("{label}{}{}", texts.colon(), cell_text(*cell, min_cell)))
        .collect::<Vec<_>>()
        .join(" · ");
    let figures = if bars
        .iter()
        .any(|(_, cell)| matches!(cell, Cell::Suppressed | Cell::Withheld))
    {
        format!("{figures}. {}", texts.get(StatsText::HiddenNotDrawn))
    } else {
        figures
    };
    bar_chart_ui(
        ui,
        id,
        title,
        &figures,
        bars,
        BarLayout {
            width: 0.7,
            every: 1,
        },
    );
}

/// How a bar chart is laid out: the bars' width (1.0: touching) and one label every so many.
#[derive(Clone, Copy)]
struct BarLayout {
    width: f64,
    every: usize,
}

/// A bar chart of `(label, cell)` under its title and the figures said in words; hidden cells
/// have no bar.
fn bar_chart_ui(
    ui: &mut Ui,
    id: &str,
    title: &str,
    figures: &str,
    bars: &[(String, Cell)],
    layout: BarLayout,
) {
    let labels: Vec<String> = bars.iter().map(|(label, _)| label.clone()).collect();
    let count = labels.len();
    let chart_bars: Vec<Bar> = bars
        .iter()
        .enumerate()
        .filter_map(|(i, (label, cell))| {
            cell.value().map(|n| {
                Bar::new(index_to_f64(i), count_to_f64(n))
                    .name(label)
                    .width(layout.width)
                    .fill(theme::colors().primary)
            })
        })
        .collect();
    let every = layout.every;
    let plot = Plot::new(id)
        .include_y(0.0)
        .include_x(-0.5)
        // Lines between bars would cut them: only the horizontal lines of the counts.
        .show_grid([false, true])
        .include_x(index_to_f64(count) - 0.5)
        .x_grid_spacer(move |input| index_marks(&input, count, every, 0.0))
        .x_axis_formatter(move |mark, _| label_at(&labels, mark.value, 0.0))
        .y_axis_formatter(|mark, _| whole_number(mark.value));
    let title_owned = title.to_owned();
    chart_ui(ui, title, figures, plot, move |plot_ui| {
        plot_ui.add(BarChart::new(title_owned, chart_bars).color(theme::colors().primary));
    });
}

/// A tick of a count axis: only whole numbers.
fn whole_number(value: f64) -> String {
    if value >= 0.0 && (value - value.round()).abs() < 1e-6 {
        format!("{value:.0}")
    } else {
        String::new()
    }
}

/// Sessions per period.
fn sessions_ui(ui: &mut Ui, report: &Report, texts: StatsCatalogue) {
    let bars: Vec<(String, Cell)> = report
        .rows
        .iter()
        .map(|row| (texts.axis_label(row, report.query.period), row.sessions))
        .collect();
    let title = texts.sessions_title(report.query.period);
    let figures = texts.sessions_figures(report);
    // About twelve labels, whatever the number of bars.
    let every = bars.len().div_ceil(12);
    bar_chart_ui(
        ui,
        "stats_sessions",
        &title,
        &figures,
        &bars,
        BarLayout { width: 0.8, every },
    );
}

/// The hour-of-week heat map: Monday on top, hours from left to right.
fn hours_ui(ui: &mut Ui, report: &Report, texts: StatsCatalogue) {
    let min = report.query.min_cell;
    let max = report
        .hour_of_week
        .iter()
        .flatten()
        .filter_map(|cell| cell.value())
        .max()
        .unwrap_or(0)
        .max(1);
    // Rows from the bottom: Sunday first, so that Monday is on top.
    let values: Vec<f64> = (0..7)
        .rev()
        .flat_map(|day| report.hour_of_week[day].iter())
        .map(|cell| match cell {
            Cell::Value(n) => count_to_f64(*n),
            Cell::Suppressed | Cell::Withheld => -1.0,
            Cell::Undefined => 0.0,
        })
        .collect();
    let max = count_to_f64(max);
    let heatmap = Heatmap::new(values, 24)
        .name(texts.get(StatsText::HoursTitle))
        .custom_mapping(Box::new(move |value| heat_colour(value, max)))
        .formatter(Box::new(move |value| {
            if value < 0.0 {
                format!("<{min}")
            } else if value == 0.0 {
                String::new()
            } else {
                format!("{value:.0}")
            }
        }));
    let days: Vec<String> = (0..7)
        .rev()
        .map(|day| texts.weekday(day).to_owned())
        .collect();
    let hours: Vec<String> = (0..24).map(|h| format!("{h}")).collect();
    let plot = Plot::new("stats_hours")
        .show_grid(false)
        .include_x(0.0)
        .include_x(24.0)
        .include_y(0.0)
        .include_y(7.0)
        .x_grid_spacer(|input| index_marks(&input, 24, 2, 0.5))
        .y_grid_spacer(|input| index_marks(&input, 7, 1, 0.5))
        .x_axis_formatter(move |mark, _| label_at(&hours, mark.value, 0.5))
        .y_axis_formatter(move |mark, _| label_at(&days, mark.value, 0.5));
    let figures = texts.hours_figures(report);
    chart_ui(
        ui,
        texts.get(StatsText::HoursTitle),
        &figures,
        plot,
        move |plot_ui| {
            plot_ui.add(heatmap);
        },
    );
}

/// From the background (no session) to the main colour (the busiest hour); hidden counts in
/// the border grey, which no count takes.
fn heat_colour(value: f64, max: f64) -> Color32 {
    if value < 0.0 {
        return theme::colors().border;
    }
    #[expect(clippy::cast_possible_truncation, reason = "a ratio between 0 and 1")]
    let t = (value / max).clamp(0.0, 1.0) as f32;
    theme::colors()
        .background
        .lerp_to_gamma(theme::colors().primary, t)
}

fn events_ui(ui: &mut Ui, report: &Report, texts: StatsCatalogue) {
    ui.add_space(theme::GAP);
    ui.label(body(texts.get(StatsText::EventsTitle)).strong());
    let e = report.events;
    for (text, count) in [
        (StatsText::TimesOutOfService, e.out_of_service),
        (StatsText::WipeFailures, e.wipe_failed),
        (
            StatsText::StartsAfterInterruption,
            e.start_after_interruption,
        ),
        (StatsText::SettingsChanged, e.config_changed),
        (StatsText::DatabaseReset, e.database_reset),
    ] {
        ui.label(body(format!("{}{}{count}", texts.get(text), texts.colon())));
    }
}
