//! The faces embedded in the EPUB, so that readers show the edition in the PDF's faces instead of
//! their own serif: Noto Naskh Arabic for Arabic script, Noto Serif for Latin (and the digits and
//! punctuation of left-to-right text), Noto Serif Hebrew when the book has Hebrew.
//!
//! Naskh goes in whole, as it always did: Arabic shaping reaches many glyphs per letter. The
//! Latin and Hebrew faces are large for the few characters a day's Latin names need (Noto Serif
//! is 590 KB), so they go in as subsets of the characters the pages use ([`super::subset`]).
//! A face goes in only when something in the book is set in it. The stylesheet names them in
//! a `font-family` stack per language (`templates/style.css`).

use std::borrow::Cow;
use std::collections::BTreeSet;

use serde::Serialize;

use super::subset::subset;
use super::EpubError;
use crate::text::fonts::builtin;

/// One embedded font file, as the stylesheet's `@font-face` names it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FontFile {
    pub family: &'static str,
    /// CSS `font-weight`: `normal` or `bold`.
    pub weight: &'static str,
    /// Path in the book, relative to the pages and the stylesheet.
    pub href: String,
    #[serde(skip)]
    pub bytes: Cow<'static, [u8]>,
}

/// A bundled face and how it goes in.
struct Bundled {
    family: &'static str,
    weight: &'static str,
    file: &'static str,
    bytes: &'static [u8],
    /// Subset to the characters used, or whole.
    subset: bool,
    /// Tables left out of the subset.
    drop: &'static [&'static [u8; 4]],
}

const NASKH: [Bundled; 2] = [
    Bundled {
        family: "Noto Naskh Arabic",
        weight: "normal",
        file: "NotoNaskhArabic-Regular.ttf",
        bytes: builtin::NASKH_REGULAR,
        subset: false,
        drop: &[],
    },
    Bundled {
        family: "Noto Naskh Arabic",
        weight: "bold",
        file: "NotoNaskhArabic-Bold.ttf",
        bytes: builtin::NASKH_BOLD,
        subset: false,
        drop: &[],
    },
];

/// Noto Serif's `GPOS` (kerning for every Latin, Greek and Cyrillic pair, 73 KB, 35 KB zipped)
/// would be two thirds of each subset: the Latin names of an Arabic edition go without kerning.
/// Hebrew keeps its `GPOS`, which places the vowel points.
const LATIN_DROPS: &[&[u8; 4]] = &[b"GPOS"];

const SERIF: [Bundled; 2] = [
    Bundled {
        family: "Noto Serif",
        weight: "normal",
        file: "NotoSerif-Regular.ttf",
        bytes: builtin::SERIF_REGULAR,
        subset: true,
        drop: LATIN_DROPS,
    },
    Bundled {
        family: "Noto Serif",
        weight: "bold",
        file: "NotoSerif-Bold.ttf",
        bytes: builtin::SERIF_BOLD,
        subset: true,
        drop: LATIN_DROPS,
    },
];

const HEBREW: [Bundled; 2] = [
    Bundled {
        family: "Noto Serif Hebrew",
        weight: "normal",
        file: "NotoSerifHebrew-Regular.ttf",
        bytes: builtin::HEBREW_REGULAR,
        subset: true,
        drop: &[],
    },
    Bundled {
        family: "Noto Serif Hebrew",
        weight: "bold",
        file: "NotoSerifHebrew-Bold.ttf",
        bytes: builtin::HEBREW_BOLD,
        subset: true,
        drop: &[],
    },
];

/// Characters a reader adds by itself: list numbers and bullets, and the hyphen of a word it
/// hyphenates.
const ADDED_BY_READERS: &str = "0123456789.•-\u{2010}";

/// The faces for a book whose pages use `chars`; `ltr_text` says whether some of its text is in
/// a left-to-right language (set in Noto Serif first, digits and punctuation included).
pub(crate) fn embedded(chars: &BTreeSet<char>, ltr_text: bool) -> Result<Vec<FontFile>, EpubError> {
    let mut chars = chars.clone();
    chars.extend(ADDED_BY_READERS.chars());
    let naskh = ttf_parser::Face::parse(builtin::NASKH_REGULAR, 0).ok();
    let serif = ttf_parser::Face::parse(builtin::SERIF_REGULAR, 0).ok();
    let in_naskh = |c: char| naskh.as_ref().is_some_and(|f| f.glyph_index(c).is_some());
    let in_serif = |c: char| serif.as_ref().is_some_and(|f| f.glyph_index(c).is_some());
    let arabic = chars.iter().any(|&c| is_arabic(c) && in_naskh(c));
    let latin = ltr_text || chars.iter().any(|&c| in_serif(c) && !in_naskh(c));
    let hebrew = chars
        .iter()
        .any(|&c| ('\u{0590}'..='\u{05FF}').contains(&c) || ('\u{FB1D}'..='\u{FB4F}').contains(&c));
    let mut out = Vec::new();
    for (wanted, faces) in [(arabic, &NASKH), (latin, &SERIF), (hebrew, &HEBREW)] {
        if !wanted {
            continue;
        }
        for face in faces {
            let bytes = if face.subset {
                Cow::Owned(subset(face.bytes, &chars, face.drop).map_err(|why| {
                    EpubError::Font {
                        face: face.file,
                        why,
                    }
                })?)
            } else {
                Cow::Borrowed(face.bytes)
            };
            out.push(FontFile {
                family: face.family,
                weight: face.weight,
                href: format!("fonts/{}", face.file),
                bytes,
            });
        }
    }
    Ok(out)
}

/// Whether `c` is in one of the Arabic blocks (letters, presentation forms, marks, digits).
fn is_arabic(c: char) -> bool {
    matches!(c,
        '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// The characters an XHTML page shows: its text outside tags, with XML's escapes read.
pub(crate) fn shown_chars(xhtml: &str, into: &mut BTreeSet<char>) {
    let mut in_tag = false;
    let mut entity: Option<String> = None;
    for c in xhtml.chars() {
        match (in_tag, c) {
            (false, '<') => in_tag = true,
            (true, '>') => in_tag = false,
            (true, _) => {}
            (false, '&') => entity = Some(String::new()),
            (false, ';') if entity.is_some() => {
                let name = entity.take().unwrap_or_default();
                into.extend(match name.as_str() {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => name
                        .strip_prefix("#x")
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                        .and_then(char::from_u32),
                });
            }
            (false, c) => match &mut entity {
                Some(name) if name.len() < 10 => name.push(c),
                Some(_) => entity = None,
                None => {
                    into.insert(c);
                }
            },
        }
    }
}
