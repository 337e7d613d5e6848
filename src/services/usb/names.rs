//! File names a USB key accepts: FAT's limits, plain ASCII where accents are refused, a number when
//! the name is taken.

/// The most UTF-16 units a FAT long name may have.
pub(super) const FAT_NAME_UNITS: usize = 255;

/// Room kept in a name for " (999)".
pub(super) const NUMBER_UNITS: usize = 6;

/// `name` made acceptable to FAT (and so to exFAT and NTFS): characters it refuses become `_`,
/// trailing dots and spaces go, names Windows reserves get a `_` in front, and the name is cut
/// (keeping its extension) so that a " (N)" still fits.
#[must_use]
pub fn fat_name(name: &str) -> String {
    let replaced: String = name
        .chars()
        .map(|c| {
            if c < ' ' || c == '\u{7f}' || "\"*/:<>?\\|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let mut clean = replaced
        .trim_start_matches(' ')
        .trim_end_matches(['.', ' '])
        .to_owned();
    if clean.is_empty() || clean.chars().all(|c| c == '.') {
        clean = "fichier".to_owned();
    }
    let (stem, extension) = split_extension(&clean);
    let upper = stem.to_ascii_uppercase();
    let reserved = matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.len() == 4
            && upper.ends_with(|c: char| c.is_ascii_digit()));
    let stem = if reserved {
        format!("_{stem}")
    } else {
        stem.to_owned()
    };
    let room = FAT_NAME_UNITS - NUMBER_UNITS - extension.encode_utf16().count();
    let mut units = 0;
    let stem: String = stem
        .chars()
        .take_while(|c| {
            units += c.len_utf16();
            units <= room
        })
        .collect();
    format!("{stem}{extension}")
}

/// `name` in ASCII: French accented letters lose their accent (`é` is `e`, `œ` is `oe`), any
/// other character outside ASCII becomes `_`.
#[must_use]
pub fn ascii_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let plain = match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => "a",
            'À' | 'Â' | 'Ä' | 'Á' | 'Ã' | 'Å' => "A",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'É' | 'È' | 'Ê' | 'Ë' => "E",
            'î' | 'ï' | 'í' | 'ì' => "i",
            'Î' | 'Ï' | 'Í' | 'Ì' => "I",
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => "o",
            'Ô' | 'Ö' | 'Ó' | 'Ò' | 'Õ' => "O",
            'ù' | 'û' | 'ü' | 'ú' => "u",
            'Ù' | 'Û' | 'Ü' | 'Ú' => "U",
            'ç' => "c",
            'Ç' => "C",
            'ñ' => "n",
            'Ñ' => "N",
            'ÿ' => "y",
            'œ' => "oe",
            'Œ' => "OE",
            'æ' => "ae",
            'Æ' => "AE",
            c if c.is_ascii() => {
                out.push(c);
                continue;
            }
            _ => "_",
        };
        out.push_str(plain);
    }
    out
}

/// `("cv", ".pdf")` from `"cv.pdf"`; a leading dot is not an extension.
pub(super) fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(dot) if dot > 0 && name.len() - dot <= 16 => name.split_at(dot),
        _ => (name, ""),
    }
}

/// `name` itself for 1, `"cv (2).pdf"` for 2.
pub(super) fn numbered(name: &str, number: u32) -> String {
    if number <= 1 {
        return name.to_owned();
    }
    let (stem, extension) = split_extension(name);
    format!("{stem} ({number}){extension}")
}
