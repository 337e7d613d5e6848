//! The session's home: big shortcut tiles, and the choices of a shortcut (webmail providers).

use egui::{Ui, Vec2};

use crate::config::{Icon, Shortcut, ShortcutTarget};
use crate::domain::{Command, Notice, PublicCommand};
use crate::ui::app::{Action, ScreenContext};
use crate::ui::i18n::Text;
use crate::ui::pictogram::Pictogram;
use crate::ui::{theme, widgets};

/// What a notice of the session says.
#[must_use]
pub fn notice_text(tr: crate::ui::i18n::Catalogue, notice: Notice) -> String {
    match notice {
        Notice::BrowserFailed => tr.get(Text::BrowserFailed).to_owned(),
        Notice::SpaceFull => tr.get(Text::SpaceFull).to_owned(),
        Notice::PageLimit(pages) => tr.page_limit(pages, false),
        Notice::PrintCancelled(pages) => tr.page_limit(pages, true),
        Notice::PrinterWaiting => tr.get(Text::PrinterWaiting).to_owned(),
    }
}

/// The shortcut tiles. Returns what the person asked for.
#[must_use]
pub fn home_ui(ui: &mut Ui, cx: &ScreenContext<'_>, notice: Option<Notice>) -> Option<Action> {
    let mut action = None;
    ui.vertical_centered(|ui| {
        ui.add_space(theme::GAP);
        let message = notice.map(|notice| notice_text(cx.tr, notice));
        if let Some(message) = message {
            widgets::card(ui, theme::colors().warning_bg, |ui| {
                widgets::text(ui, &message, theme::body_font(), theme::colors().text);
            });
            ui.add_space(theme::GAP);
        }
        widgets::text(
            ui,
            cx.tr.get(Text::HomeTitle),
            theme::title_font(),
            theme::colors().text,
        );
        ui.add_space(theme::GAP);
        let tiles = cx.config.shortcuts.iter().map(|shortcut| {
            let command = match &shortcut.target {
                ShortcutTarget::Site(site) => Command::Public(PublicCommand::OpenSite {
                    shortcut_id: shortcut.id.clone(),
                    url: site.url.clone(),
                }),
                ShortcutTarget::Chooser(_) => {
                    Command::Public(PublicCommand::ShowChooser(shortcut.id.clone()))
                }
            };
            (shortcut.icon, shortcut.label.get(cx.language), command)
        });
        action = tiles_ui(ui, &tiles.collect::<Vec<_>>(), 0.0);
    });
    action
}

/// The choices of shortcut `id`, with a way back.
#[must_use]
pub fn chooser_ui(ui: &mut Ui, cx: &ScreenContext<'_>, id: &str) -> Option<Action> {
    let Some(Shortcut {
        icon,
        target: ShortcutTarget::Chooser(choices),
        ..
    }) = cx.config.shortcuts.iter().find(|s| s.id == id)
    else {
        // The config changed under the screen: back to the shortcuts.
        return Some(Action::from(PublicCommand::ShowHome));
    };
    let mut action = None;
    ui.vertical_centered(|ui| {
        ui.add_space(theme::GAP);
        widgets::text(
            ui,
            cx.tr.get(Text::ChooseProvider),
            theme::title_font(),
            theme::colors().text,
        );
        ui.add_space(theme::GAP);
        let tiles = choices.iter().map(|choice| {
            (
                *icon,
                choice.label.get(cx.language),
                Command::Public(PublicCommand::OpenSite {
                    shortcut_id: choice.id.clone(),
                    url: choice.site.url.clone(),
                }),
            )
        });
        // "Retour" stays on screen below the tiles.
        let below = theme::GAP + theme::BUTTON_HEIGHT + ui.spacing().item_spacing.y;
        action = tiles_ui(ui, &tiles.collect::<Vec<_>>(), below);
        ui.add_space(theme::GAP);
        if widgets::secondary_button(
            ui,
            cx.tr.get(Text::Back),
            Vec2::new(260.0, theme::BUTTON_HEIGHT),
        )
        .clicked()
        {
            action = Some(Action::from(PublicCommand::ShowHome));
        }
    });
    action
}

/// Tiles in rows, each row centred, that fit the screen with `below` points left under them:
/// up to four a row, as large as [`theme::TILE`] where there is room, never smaller than
/// [`theme::TILE_MIN`].
fn tiles_ui(ui: &mut Ui, tiles: &[(Icon, &str, Command)], below: f32) -> Option<Action> {
    let room = ui.available_size() - Vec2::new(0.0, below);
    let per_row = (((room.x + theme::GAP) / (theme::TILE_MIN.x + theme::GAP)).floor() as usize)
        .clamp(1, 4)
        .min(tiles.len().max(1));
    let rows = tiles.len().div_ceil(per_row).max(1);
    let size = Vec2::new(
        ((room.x + theme::GAP) / per_row as f32 - theme::GAP)
            .clamp(theme::TILE_MIN.x, theme::TILE.x),
        ((room.y + theme::GAP) / rows as f32 - theme::GAP).clamp(theme::TILE_MIN.y, theme::TILE.y),
    );
    let mut action = None;
    for row in tiles.chunks(per_row) {
        widgets::centred_row(ui, row.len(), size, |ui| {
            for (icon, label, command) in row {
                if widgets::tile(ui, size, Pictogram::Shortcut(*icon), label).clicked() {
                    action = Some(Action::Station(command.clone()));
                }
            }
        });
        ui.add_space(theme::GAP);
    }
    action
}
