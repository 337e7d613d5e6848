//! The admin statistics screen: the charts of a [`Report`] (sessions per period, the hour of the
//! week, durations, shortcuts, what people came for and whether they found it), each followed
//! by the same figures in words for screen readers. Hidden counts (`< 3`) are never drawn as a
//! bar or a colour: they are named in the text under the chart. The screen only draws; the
//! report comes from the usage log through the supervisor.

use egui::{Color32, RichText, Role, Sense, Ui, WidgetInfo};
use egui_plot::{Bar, BarChart, GridInput, GridMark, Heatmap, Plot};

use crate::domain::Language;
use crate::services::usage_log::{
    self, Cell, DurationBucket, Found, Period, PeriodRow, Purpose, Report,
};
use crate::ui::theme;

/// Height of a chart in points.
const CHART_HEIGHT: f32 = 260.0;

/// The bars of one chart: a label and its count.
type Bars = Vec<(String, Cell)>;

/// Draws the statistics of `report` in `language`.
pub fn stats_ui(ui: &mut Ui, report: &Report, language: Language) {
    let texts = StatsTexts(language);
    egui::ScrollArea::vertical()
        .id_salt("stats_screen")
        .auto_shrink(false)
        .show(ui, |ui| {
            ui.label(
                RichText::new(texts.get(StatsText::Title))
                    .font(theme::heading_font())
                    .color(theme::TEXT),
            );
            ui.label(body(texts.range(report)));
            ui.label(body(texts.summary(report)));
            for note in usage_log::notes(report, language) {
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
                    StatsText::Durations,
                    total
                        .durations
                        .iter()
                        .map(|(b, cell)| (bucket_label(*b), *cell))
                        .collect(),
                ),
                (
                    "stats_shortcuts",
                    StatsText::Shortcuts,
                    total
                        .shortcuts
                        .iter()
                        .map(|s| (s.id.clone(), s.sessions))
                        .collect(),
                ),
                (
                    "stats_purposes",
                    StatsText::Purposes,
                    total
                        .purposes
                        .iter()
                        .map(|(p, cell)| (texts.purpose(*p).to_owned(), *cell))
                        .collect(),
                ),
                (
                    "stats_found",
                    StatsText::Found,
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
        .color(theme::TEXT)
}

fn small(text: impl Into<String>) -> RichText {
    RichText::new(text)
        .font(theme::small_font())
        .color(theme::TEXT_SOFT)
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

fn cell_text(cell: Cell, min_cell: u32) -> String {
    match cell {
        Cell::Value(value) => value.to_string(),
        Cell::Suppressed => format!("< {min_cell}"),
        Cell::Undefined => "-".to_owned(),
    }
}

/// Bars of `(label, cell)`, one per label; hidden cells have no bar.
fn bars_ui(
    ui: &mut Ui,
    id: &str,
    title: &str,
    bars: &[(String, Cell)],
    min_cell: u32,
    texts: StatsTexts,
) {
    let figures = bars
        .iter()
        .map(|(label, cell)| format!("{label}{}{}", texts.colon(), cell_text(*cell, min_cell)))
        .collect::<Vec<_>>()
        .join(" · ");
    let figures = if bars.iter().any(|(_, cell)| *cell == Cell::Suppressed) {
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
                    .fill(theme::PRIMARY)
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
        plot_ui.add(BarChart::new(title_owned, chart_bars).color(theme::PRIMARY));
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
fn sessions_ui(ui: &mut Ui, report: &Report, texts: StatsTexts) {
    let bars: Vec<(String, Cell)> = report
        .rows
        .iter()
        .map(|row| (texts.period_label(row, report.query.period), row.sessions))
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
fn hours_ui(ui: &mut Ui, report: &Report, texts: StatsTexts) {
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
            Cell::Suppressed => -1.0,
            Cell::Undefined => 0.0,
        })
        .collect();
    let max = count_to_f64(max);
    let heatmap = Heatmap::new(values, 24)
        .name(texts.get(StatsText::Hours))
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
        texts.get(StatsText::Hours),
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
        return theme::BORDER;
    }
    #[expect(clippy::cast_possible_truncation, reason = "a ratio between 0 and 1")]
    let t = (value / max).clamp(0.0, 1.0) as f32;
    theme::BACKGROUND.lerp_to_gamma(theme::PRIMARY, t)
}

fn events_ui(ui: &mut Ui, report: &Report, texts: StatsTexts) {
    ui.add_space(theme::GAP);
    ui.label(body(texts.get(StatsText::Events)).strong());
    let e = report.events;
    for (text, count) in [
        (StatsText::OutOfService, e.out_of_service),
        (StatsText::WipeFailed, e.wipe_failed),
        (
            StatsText::StartAfterInterruption,
            e.start_after_interruption,
        ),
        (StatsText::ConfigChanged, e.config_changed),
        (StatsText::DatabaseReset, e.database_reset),
    ] {
        ui.label(body(format!("{}{}{count}", texts.get(text), texts.colon())));
    }
}

fn bucket_label(bucket: DurationBucket) -> String {
    match bucket.to_minutes {
        Some(to) => format!("{}-{to} min", bucket.from_minutes),
        None => format!("{}+ min", bucket.from_minutes),
    }
}

/// A fixed text of the statistics screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StatsText {
    Title,
    NoSession,
    Hours,
    Durations,
    Shortcuts,
    Purposes,
    Found,
    Events,
    HiddenNotDrawn,
    NoAnswer,
    OutOfService,
    WipeFailed,
    StartAfterInterruption,
    ConfigChanged,
    DatabaseReset,
}

/// The texts of the screen in one language.
#[derive(Clone, Copy, Debug)]
struct StatsTexts(Language);

impl StatsTexts {
    fn get(self, text: StatsText) -> &'static str {
        match self.0 {
            Language::Fr => fr(text),
            Language::En => en(text),
        }
    }

    /// Between a name and its figure: French puts a space before the colon.
    fn colon(self) -> &'static str {
        match self.0 {
            Language::Fr => " : ",
            Language::En => ": ",
        }
    }

    fn range(self, report: &Report) -> String {
        let (from, to) = (report.query.from, report.query.to);
        match self.0 {
            Language::Fr => format!("Du {from} au {to}."),
            Language::En => format!("From {from} to {to}."),
        }
    }

    fn summary(self, report: &Report) -> String {
        let min = report.query.min_cell;
        let total = &report.total;
        let sessions = cell_text(total.sessions, min);
        let percent = cell_text(total.assisted_percent, min);
        let median = minutes_text(total.median_duration_secs, min);
        let hours = match total.total_duration_secs {
            Cell::Value(secs) => ((secs + 1800) / 3600).to_string(),
            other => cell_text(other, min),
        };
        let pages = cell_text(total.pages_printed, min);
        match self.0 {
            Language::Fr => format!(
                "{sessions} sessions, {percent} % accompagnées, durée médiane {median} min, {hours} h en tout, {pages} pages imprimées."
            ),
            Language::En => format!(
                "{sessions} sessions, {percent} % assisted, median length {median} min, {hours} h in all, {pages} pages printed."
            ),
        }
    }

    fn sessions_title(self, period: Period) -> String {
        match (self.0, period) {
            (Language::Fr, Period::Day) => "Sessions par jour".to_owned(),
            (Language::Fr, Period::Week) => "Sessions par semaine".to_owned(),
            (Language::Fr, Period::Month) => "Sessions par mois".to_owned(),
            (Language::En, Period::Day) => "Sessions per day".to_owned(),
            (Language::En, Period::Week) => "Sessions per week".to_owned(),
            (Language::En, Period::Month) => "Sessions per month".to_owned(),
        }
    }

    fn sessions_figures(self, report: &Report) -> String {
        let min = report.query.min_cell;
        let busiest = report
            .rows
            .iter()
            .filter_map(|row| row.sessions.value().map(|n| (n, row)))
            .max_by_key(|(n, _)| *n)
            .filter(|(n, _)| *n > 0);
        let periods = report.rows.len();
        let total = cell_text(report.total.sessions, min);
        match (self.0, busiest) {
            (Language::Fr, Some((n, row))) => format!(
                "{total} sessions sur {periods} périodes ; la plus chargée : {} ({n}).",
                self.period_label(row, report.query.period)
            ),
            (Language::Fr, None) => format!("{total} sessions sur {periods} périodes."),
            (Language::En, Some((n, row))) => format!(
                "{total} sessions over {periods} periods; the busiest: {} ({n}).",
                self.period_label(row, report.query.period)
            ),
            (Language::En, None) => format!("{total} sessions over {periods} periods."),
        }
    }

    fn hours_figures(self, report: &Report) -> String {
        let min = report.query.min_cell;
        let mut busiest: Vec<(u64, usize, usize)> = report
            .hour_of_week
            .iter()
            .enumerate()
            .flat_map(|(day, cells)| {
                cells
                    .iter()
                    .enumerate()
                    .filter_map(move |(hour, cell)| cell.value().map(|n| (n, day, hour)))
            })
            .filter(|(n, _, _)| *n > 0)
            .collect();
        busiest.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let list = busiest
            .iter()
            .take(3)
            .map(|(n, day, hour)| format!("{} {hour} h ({n})", self.weekday(*day)))
            .collect::<Vec<_>>()
            .join(", ");
        let hidden = report
            .hour_of_week
            .iter()
            .flatten()
            .filter(|cell| **cell == Cell::Suppressed)
            .count();
        let busiest = match (self.0, list.is_empty()) {
            (Language::Fr, false) => format!("Heures les plus fréquentées : {list}."),
            (Language::Fr, true) => format!("Aucune heure à {min} sessions ou plus."),
            (Language::En, false) => format!("Busiest hours: {list}."),
            (Language::En, true) => format!("No hour with {min} sessions or more."),
        };
        let hidden = match (self.0, hidden) {
            (_, 0) => String::new(),
            (Language::Fr, 1) => format!(" 1 heure à moins de {min} sessions, en gris."),
            (Language::Fr, n) => format!(" {n} heures à moins de {min} sessions, en gris."),
            (Language::En, 1) => format!(" 1 hour with fewer than {min} sessions, in grey."),
            (Language::En, n) => format!(" {n} hours with fewer than {min} sessions, in grey."),
        };
        busiest + &hidden
    }

    /// A short name of a row's period for the axis: `08/01`, `S02`, `01/2024`.
    fn period_label(self, row: &PeriodRow, period: Period) -> String {
        use chrono::Datelike as _;
        let day = row.first_day;
        match (self.0, period, row.month_totals) {
            (_, Period::Month, _) | (_, _, true) => day.format("%m/%Y").to_string(),
            (Language::Fr, Period::Day, false) => day.format("%d/%m").to_string(),
            (Language::En, Period::Day, false) => day.format("%d %b").to_string(),
            (Language::Fr, Period::Week, false) => format!("S{:02}", day.iso_week().week()),
            (Language::En, Period::Week, false) => format!("W{:02}", day.iso_week().week()),
        }
    }

    fn weekday(self, day: usize) -> &'static str {
        usage_log::weekday_name(self.0, day)
    }

    fn purpose(self, purpose: Option<Purpose>) -> &'static str {
        match (self.0, purpose) {
            (Language::Fr, Some(Purpose::Emploi)) => "Emploi",
            (Language::Fr, Some(Purpose::Demarches)) => "Démarches",
            (Language::Fr, Some(Purpose::Emails)) => "E-mails",
            (Language::Fr, Some(Purpose::Formation)) => "Formation",
            (Language::Fr, Some(Purpose::Autre)) => "Autre",
            (Language::En, Some(Purpose::Emploi)) => "Job",
            (Language::En, Some(Purpose::Demarches)) => "Paperwork",
            (Language::En, Some(Purpose::Emails)) => "E-mail",
            (Language::En, Some(Purpose::Formation)) => "Training",
            (Language::En, Some(Purpose::Autre)) => "Other",
            (_, None) => self.get(StatsText::NoAnswer),
        }
    }

    fn found(self, found: Option<Found>) -> &'static str {
        usage_log::found_label(self.0, found)
    }
}

fn minutes_text(cell: Cell, min_cell: u32) -> String {
    match cell {
        Cell::Value(secs) => (secs / 60).to_string(),
        other => cell_text(other, min_cell),
    }
}

fn fr(text: StatsText) -> &'static str {
    match text {
        StatsText::Title => "Statistiques d'utilisation",
        StatsText::NoSession => "Aucune session sur cette période.",
        StatsText::Hours => "Sessions par heure de début",
        StatsText::Durations => "Durée des sessions",
        StatsText::Shortcuts => "Raccourcis ouverts (sessions)",
        StatsText::Purposes => "Vous venez pour...",
        StatsText::Found => "Avez-vous trouvé ce que vous cherchiez ?",
        StatsText::Events => "Événements du poste",
        StatsText::HiddenNotDrawn => "Les nombres masqués ne sont pas dessinés.",
        StatsText::NoAnswer => "Sans réponse",
        StatsText::OutOfService => "Mises hors service",
        StatsText::WipeFailed => "Échecs de l'effacement",
        StatsText::StartAfterInterruption => "Démarrages après interruption",
        StatsText::ConfigChanged => "Réglages modifiés",
        StatsText::DatabaseReset => "Statistiques illisibles, reprises à zéro",
    }
}

fn en(text: StatsText) -> &'static str {
    match text {
        StatsText::Title => "Usage statistics",
        StatsText::NoSession => "No session in this period.",
        StatsText::Hours => "Sessions by starting hour",
        StatsText::Durations => "Session durations",
        StatsText::Shortcuts => "Shortcuts opened (sessions)",
        StatsText::Purposes => "You came for...",
        StatsText::Found => "Did you find what you were looking for?",
        StatsText::Events => "Station events",
        StatsText::HiddenNotDrawn => "Hidden counts are not drawn.",
        StatsText::NoAnswer => "No answer",
        StatsText::OutOfService => "Put out of service",
        StatsText::WipeFailed => "Wipe failures",
        StatsText::StartAfterInterruption => "Starts after an interruption",
        StatsText::ConfigChanged => "Settings changed",
        StatsText::DatabaseReset => "Statistics unreadable, started afresh",
    }
}
