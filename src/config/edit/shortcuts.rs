//! Adding, changing, removing and moving the `[[shortcut]]` tables, keeping their comments.

use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

use super::{EditError, ShortcutDraft, make_room, set_list, set_value, visit_table};

/// The shortcuts, when the file has any, with a position check for `index`.
pub(super) fn shortcut_list(
    document: &mut DocumentMut,
    index: usize,
) -> Result<&mut ArrayOfTables, EditError> {
    match document.get_mut("shortcut") {
        Some(Item::ArrayOfTables(list)) if index < list.len() => Ok(list),
        None | Some(Item::ArrayOfTables(_)) => Err(EditError::NoSuchShortcut(index)),
        Some(_) => Err(inline_shortcuts()),
    }
}

pub(super) fn inline_shortcuts() -> EditError {
    EditError::Layout {
        key: "shortcut".to_owned(),
        problem: "the shortcuts are written as one list, not as [[shortcut]] tables".to_owned(),
    }
}

pub(super) fn add_shortcut(
    document: &mut DocumentMut,
    draft: &ShortcutDraft,
) -> Result<(), EditError> {
    let mut table = Table::new();
    write_draft(&mut table, draft);
    match document.get("shortcut") {
        Some(Item::ArrayOfTables(_)) | None => {}
        Some(_) => return Err(inline_shortcuts()),
    }
    table.set_position(Some(make_room(document, "shortcut")));
    if let Some(Item::ArrayOfTables(list)) = document.get_mut("shortcut") {
        list.push(table);
    } else {
        let mut list = ArrayOfTables::new();
        list.push(table);
        document.insert("shortcut", Item::ArrayOfTables(list));
    }
    Ok(())
}

/// Writes the fields of `draft` into the shortcut `table`.
pub(super) fn write_draft(table: &mut Table, draft: &ShortcutDraft) {
    set_value(table, "id", draft.id.as_str().into());
    write_label(table, draft);
    set_value(table, "icon", draft.icon.as_str().into());
    if let Some(url) = &draft.url {
        set_value(table, "url", url.as_str().into());
    }
    if draft.also_allow.is_empty() {
        if draft.url.is_some() {
            table.remove("also_allow");
        }
    } else {
        let hosts = draft
            .also_allow
            .iter()
            .map(|h| Value::from(h.as_str()))
            .collect();
        set_list(table, "also_allow", hosts);
    }
}

/// `label = { fr = "...", en = "..." }`, or an edit of the label already written in any form.
pub(super) fn write_label(table: &mut Table, draft: &ShortcutDraft) {
    let Some(label) = table.get_mut("label").and_then(Item::as_table_like_mut) else {
        let mut label = InlineTable::new();
        label.insert("fr", draft.label_fr.as_str().into());
        if let Some(en) = &draft.label_en {
            label.insert("en", en.as_str().into());
        }
        label.fmt();
        set_value(table, "label", Value::InlineTable(label));
        return;
    };
    let mut changed = set_value(label, "fr", draft.label_fr.as_str().into());
    match &draft.label_en {
        Some(en) => changed |= set_value(label, "en", en.as_str().into()),
        // An English text equal to the French one means the same as none: leave it written.
        None => {
            if label.get("en").and_then(Item::as_str) != Some(draft.label_fr.as_str()) {
                changed |= label.remove("en").is_some();
            }
        }
    }
    if changed && let Some(inline) = table.get_mut("label").and_then(Item::as_inline_table_mut) {
        inline.fmt();
    }
}

pub(super) fn remove_shortcut(document: &mut DocumentMut, index: usize) -> Result<(), EditError> {
    let list = shortcut_list(document, index)?;
    let removed = list.remove(index);
    if index == 0
        && let Some(first) = list.get_mut(0)
    {
        // The comment block above the first shortcut documents them all: it stays on top.
        *first.decor_mut() = removed.decor().clone();
    }
    Ok(())
}

pub(super) fn move_shortcut(
    document: &mut DocumentMut,
    from: usize,
    to: usize,
) -> Result<(), EditError> {
    let list = shortcut_list(document, from)?;
    if to >= list.len() {
        return Err(EditError::NoSuchShortcut(to));
    }
    if from == to {
        return Ok(());
    }
    let mut positions = Vec::new();
    let mut tables: Vec<Table> = list.iter().cloned().collect();
    for table in &mut tables {
        visit_table(table, &mut |t| positions.push(t.position()));
    }
    positions.sort_unstable();
    let moved = tables.remove(from);
    tables.insert(to, moved);
    if from == 0 || to == 0 {
        // The comment block above the first shortcut documents them all: it stays on top.
        let old_first = if from == 0 { to } else { 1 };
        let header = tables[0].decor().clone();
        *tables[0].decor_mut() = tables[old_first].decor().clone();
        *tables[old_first].decor_mut() = header;
    }
    // toml_edit prints tables by position: give the moved tables the places in their new order.
    let mut positions = positions.into_iter();
    list.clear();
    for mut table in tables {
        visit_table(&mut table, &mut |t| {
            t.set_position(positions.next().flatten());
        });
        list.push(table);
    }
    Ok(())
}
