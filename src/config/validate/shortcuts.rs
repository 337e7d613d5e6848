//! The rules of the `[[shortcut]]` entries and their choices: ids, labels, sites, icons and
//! thématiques.

use std::collections::HashMap;

use toml::Spanned;

use super::*;

impl Checker<'_> {
    pub(super) fn shortcuts(
        &self,
        raw: &[Spanned<super::super::raw::RawShortcut>],
    ) -> Result<Vec<Shortcut>> {
        if raw.is_empty() {
            let end = self.text.trim_end().len();
            return Err(self.invalid(
                end..end,
                "shortcut",
                "the file needs at least one [[shortcut]] entry, found none",
            ));
        }
        if let Some(extra) = raw.get(MAX_SHORTCUTS) {
            return Err(self.invalid(
                extra.span(),
                &format!("shortcut[{MAX_SHORTCUTS}]"),
                format!(
                    "at most {MAX_SHORTCUTS} shortcuts fit on the welcome screen, found {}",
                    raw.len()
                ),
            ));
        }
        let mut ids = Ids::default();
        let mut shortcuts = Vec::with_capacity(raw.len());
        for (i, entry) in raw.iter().enumerate() {
            let key = format!("shortcut[{i}]");
            let shortcut = entry.get_ref();
            let id = ids.claim(self, &shortcut.id, &format!("{key}.id"))?;
            let label = self.label(&shortcut.label, &format!("{key}.label"))?;
            let icon = Icon::from_code(shortcut.icon.get_ref()).ok_or_else(|| {
                let codes: Vec<&str> = Icon::ALL.iter().map(|icon| icon.code()).collect();
                self.invalid(
                    shortcut.icon.span(),
                    &format!("{key}.icon"),
                    format!(
                        "must be one of {}, found {:?}",
                        codes.join(", "),
                        shortcut.icon.get_ref()
                    ),
                )
            })?;
            let thematique = match &shortcut.thematique {
                None => None,
                Some(code) => Some(Thematique::from_code(code.get_ref()).ok_or_else(|| {
                    self.invalid(
                        code.span(),
                        &format!("{key}.thematique"),
                        format!(
                            "must be one of La Coop de la médiation numérique's thématiques \
                             ({}), found {:?}",
                            Thematique::codes(),
                            code.get_ref()
                        ),
                    )
                })?),
            };
            let target = match (&shortcut.url, &shortcut.choice) {
                (Some(url), None) => {
                    ShortcutTarget::Site(self.site(url, shortcut.also_allow.as_ref(), &key)?)
                }
                (None, Some(choices)) => {
                    if let Some(also_allow) = &shortcut.also_allow {
                        return Err(self.invalid(
                            also_allow.span(),
                            &format!("{key}.also_allow"),
                            "goes with url; with [[shortcut.choice]] entries, put also_allow \
                             in each choice",
                        ));
                    }
                    ShortcutTarget::Chooser(self.choices(entry.span(), choices, &key, &mut ids)?)
                }
                (Some(url), Some(_)) => {
                    return Err(self.invalid(
                        url.span(),
                        &format!("{key}.url"),
                        "a shortcut has either url or [[shortcut.choice]] entries, not both",
                    ));
                }
                (None, None) => {
                    return Err(self.invalid(
                        entry.span(),
                        &key,
                        "needs either url = \"https://...\" or [[shortcut.choice]] entries",
                    ));
                }
            };
            shortcuts.push(Shortcut {
                id,
                label,
                icon,
                target,
                thematique,
            });
        }
        Ok(shortcuts)
    }

    fn choices(
        &self,
        shortcut_span: Range<usize>,
        raw: &[Spanned<super::super::raw::RawChoice>],
        shortcut_key: &str,
        ids: &mut Ids,
    ) -> Result<Vec<Choice>> {
        if raw.is_empty() {
            return Err(self.invalid(
                shortcut_span,
                &format!("{shortcut_key}.choice"),
                format!("a chooser needs 1 to {MAX_CHOICES} choices, found none"),
            ));
        }
        if let Some(extra) = raw.get(MAX_CHOICES) {
            return Err(self.invalid(
                extra.span(),
                &format!("{shortcut_key}.choice[{MAX_CHOICES}]"),
                format!(
                    "a chooser has at most {MAX_CHOICES} choices, found {}",
                    raw.len()
                ),
            ));
        }
        let mut choices = Vec::with_capacity(raw.len());
        for (i, entry) in raw.iter().enumerate() {
            let key = format!("{shortcut_key}.choice[{i}]");
            let choice = entry.get_ref();
            choices.push(Choice {
                id: ids.claim(self, &choice.id, &format!("{key}.id"))?,
                label: self.label(&choice.label, &format!("{key}.label"))?,
                site: self.site(&choice.url, choice.also_allow.as_ref(), &key)?,
            });
        }
        Ok(choices)
    }

    fn label(&self, raw: &Spanned<RawLabel>, key: &str) -> Result<Label> {
        let label = raw.get_ref();
        let fr = self.text_value(&label.fr, &format!("{key}.fr"), MAX_LABEL_CHARS)?;
        let en = match &label.en {
            None => fr.clone(),
            Some(en) => self.text_value(en, &format!("{key}.en"), MAX_LABEL_CHARS)?,
        };
        Ok(Label { fr, en })
    }

    /// `url` and `also_allow` of the shortcut or choice at `key`.
    fn site(
        &self,
        url: &Spanned<String>,
        also_allow: Option<&RawHostList>,
        key: &str,
    ) -> Result<Site> {
        validate_url(url.get_ref()).map_err(|problem| {
            self.invalid(url.span(), &format!("{key}.url"), problem.to_string())
        })?;
        Ok(Site {
            url: url.get_ref().clone(),
            also_allow: self.patterns(also_allow, &format!("{key}.also_allow"))?,
        })
    }

    /// A list of allowed-site patterns at `key`, in their normal form.
    pub(super) fn patterns(&self, list: Option<&RawHostList>, key: &str) -> Result<Vec<String>> {
        let mut patterns = Vec::new();
        for (i, pattern) in list.map(Spanned::get_ref).into_iter().flatten().enumerate() {
            let normal = validate_host_pattern(pattern.get_ref()).map_err(|problem| {
                self.invalid(pattern.span(), &format!("{key}[{i}]"), problem.to_string())
            })?;
            patterns.push(normal);
        }
        Ok(patterns)
    }
}

/// Ids already used, with the key that used them first.
#[derive(Default)]
struct Ids {
    used: HashMap<String, String>,
}

impl Ids {
    /// Checks the form of `id` and that no earlier shortcut or choice has it.
    fn claim(&mut self, check: &Checker<'_>, id: &Spanned<String>, key: &str) -> Result<String> {
        let value = id.get_ref();
        let well_formed = !value.is_empty()
            && value.len() <= MAX_ID_CHARS
            && value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !well_formed {
            return Err(check.invalid(
                id.span(),
                key,
                format!(
                    "must be 1 to {MAX_ID_CHARS} characters among a-z, 0-9 and -, \
                     found {value:?}"
                ),
            ));
        }
        if let Some(first) = self.used.get(value) {
            return Err(check.invalid(
                id.span(),
                key,
                format!("{value:?} is already the id of {first}; each id must be unique"),
            ));
        }
        self.used
            .insert(value.clone(), key.trim_end_matches(".id").to_owned());
        Ok(value.clone())
    }
}
