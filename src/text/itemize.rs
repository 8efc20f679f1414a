//! Stage 2: cut a paragraph into items of one bidi level, one script and one face.
//!
//! Fonts are chosen per character cluster (a base with its marks and joiners), never per
//! character, so a letter and its harakat are always shaped together. Characters of the Common
//! and Inherited scripts (spaces, digits, punctuation, marks) take the script of the text around
//! them, and keep the previous cluster's face when it covers them, so that "NATO, Inc." is one
//! item rather than five.

use std::ops::Range;

use unicode_bidi::Level;
use unicode_script::Script;

use super::chars::{extends_cluster, is_default_ignorable};
use super::fonts::{FontId, FontSet};
use super::props::script;

/// A maximal piece of text shaped in one HarfBuzz call.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    pub range: Range<usize>,
    pub level: Level,
    pub script: Script,
    pub font: FontId,
}

/// Clusters of `text` for font choice: each starts at a character that does not extend the one
/// before it. Byte ranges, in order.
pub(crate) fn clusters(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (i, c) in text.char_indices() {
        match out.last_mut() {
            Some(last) if extends_cluster(c) => last.end = i + c.len_utf8(),
            _ => out.push(i..i + c.len_utf8()),
        }
    }
    out
}

/// The script of every character. Common and Inherited characters (spaces, digits,
/// punctuation, marks) take the previous real script within their stretch of one bidi level,
/// else the next one there, else the nearest in the paragraph; a text with no real script at all
/// stays Common. Looking within the level first keeps the space after «NATO» in an Arabic
/// sentence with the Arabic words around it.
fn resolve_scripts(text: &str, levels: &[Level]) -> Vec<Script> {
    let is_real = |s: Script| !matches!(s, Script::Common | Script::Inherited | Script::Unknown);
    let chars: Vec<(Script, Level)> = text
        .char_indices()
        .map(|(i, c)| (script(c), levels.get(i).copied().unwrap_or(Level::ltr())))
        .collect();
    let n = chars.len();
    let mut out: Vec<Option<Script>> = chars
        .iter()
        .map(|&(s, _)| is_real(s).then_some(s))
        .collect();
    let mut start = 0;
    while start < n {
        let level = chars[start].1;
        let end = (start..n).find(|&k| chars[k].1 != level).unwrap_or(n);
        let mut prev = None;
        for slot in &mut out[start..end] {
            prev = slot.or(prev);
            *slot = prev;
        }
        let mut next = None;
        for slot in out[start..end].iter_mut().rev() {
            next = slot.or(next);
            *slot = next;
        }
        start = end;
    }
    // Stretches without a real script: the nearest real one before, else the first one after.
    let first_real = chars
        .iter()
        .map(|&(s, _)| s)
        .find(|&s| is_real(s))
        .unwrap_or(Script::Common);
    let mut last_real = None;
    let mut resolved = Vec::with_capacity(n);
    for (k, &(s, _)) in chars.iter().enumerate() {
        if is_real(s) {
            last_real = Some(s);
        }
        resolved.push(out[k].or(last_real).unwrap_or(first_real));
    }
    resolved
}

/// The longest item shaped in one HarfBuzz call, in bytes. HarfBuzz gives a buffer a budget of
/// 4096 operations per character but at most 2^29 in all, so beyond about 131 000 characters
/// the budget per character shrinks; Noto Naskh needs about a thousand, and from about 500 000
/// characters on HarfBuzz silently skips lookups (other letter forms, other widths). Long items
/// are cut at a space (else between clusters) and shaped with the paragraph as context, which
/// keeps Arabic joining right across the cut.
pub(crate) const MAX_ITEM_BYTES: usize = 32 * 1024;

/// Cuts items longer than [`MAX_ITEM_BYTES`]: after the last space in the second half of the
/// allowed length, or else at the last cluster start before it.
fn split_long(text: &str, items: Vec<Item>) -> Vec<Item> {
    let floor = |i: usize| {
        (0..=i)
            .rev()
            .find(|&k| text.is_char_boundary(k))
            .unwrap_or(0)
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let mut start = item.range.start;
        while item.range.end - start > MAX_ITEM_BYTES {
            let limit = floor(start + MAX_ITEM_BYTES);
            let half = floor(start + MAX_ITEM_BYTES / 2);
            let cluster_start = |i: &usize| {
                text.is_char_boundary(*i)
                    && text[*i..]
                        .chars()
                        .next()
                        .is_some_and(|c| !extends_cluster(c))
            };
            let cut = match text[half..limit].rfind(' ') {
                Some(i) => half + i + 1,
                // A "word" of 32 KB: between clusters, or anywhere in a cluster of 32 KB.
                None => (half..=limit).rev().find(cluster_start).unwrap_or(limit),
            };
            out.push(Item {
                range: start..cut,
                ..item.clone()
            });
            start = cut;
        }
        out.push(Item {
            range: start..item.range.end,
            ..item
        });
    }
    out
}

/// The face for a cluster: the previous item's face for neutral characters (spaces, digits,
/// punctuation) when it has them all, else the first face of the chain that has them all.
fn choose_font(
    chars: &str,
    items: &[Item],
    level: Level,
    fonts: &FontSet,
    chain: &[FontId],
) -> Option<FontId> {
    let base = chars.chars().next()?;
    let covers_all = |f: FontId| chars.chars().all(|c| fonts.covers(f, c));
    let neutral =
        matches!(script(base), Script::Common | Script::Inherited) || is_default_ignorable(base);
    let previous = items
        .last()
        .filter(|it| it.level == level)
        .map(|it| it.font);
    match previous {
        Some(f) if neutral && covers_all(f) => Some(f),
        _ => chain.iter().copied().find(|&f| covers_all(f)),
    }
}

/// Add a cluster to the last item, or start a new one when level, script or face change.
fn push(
    items: &mut Vec<Item>,
    range: Range<usize>,
    levels: &[Level],
    scripts: &[Script],
    char_index: &[usize],
    font: FontId,
) {
    let level = levels[range.start];
    let script = scripts[char_index[range.start]];
    match items.last_mut() {
        Some(it) if it.level == level && it.script == script && it.font == font => {
            it.range.end = range.end
        }
        _ => items.push(Item {
            range,
            level,
            script,
            font,
        }),
    }
}

pub(crate) fn itemize(
    text: &str,
    levels: &[Level],
    fonts: &FontSet,
    chain: &[FontId],
) -> Vec<Item> {
    let scripts = resolve_scripts(text, levels);
    // Byte offset → character index, for looking up scripts by cluster start.
    let mut char_index = vec![0usize; text.len() + 1];
    for (n, (i, _)) in text.char_indices().enumerate() {
        char_index[i] = n;
    }
    let mut items: Vec<Item> = Vec::new();
    for cluster in clusters(text) {
        let chars = &text[cluster.clone()];
        if let Some(font) = choose_font(chars, &items, levels[cluster.start], fonts, chain) {
            push(
                &mut items,
                cluster.clone(),
                levels,
                &scripts,
                &char_index,
                font,
            );
            continue;
        }
        // No face has the whole cluster (a Latin letter with a haraka): each character goes to a
        // face that has it. The mark is then drawn unattached, which beats a box.
        for (i, c) in chars.char_indices() {
            let at = cluster.start + i;
            let one = &text[at..at + c.len_utf8()];
            let font = choose_font(one, &items, levels[at], fonts, chain).unwrap_or(chain[0]);
            push(
                &mut items,
                at..at + c.len_utf8(),
                levels,
                &scripts,
                &char_index,
                font,
            );
        }
    }
    split_long(text, items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Direction;
    use crate::text::{bidi, FontRole};

    fn items(text: &str, dir: Direction) -> Vec<(String, u8, Script, u16)> {
        let fonts = FontSet::builtin();
        let levels = bidi::resolve(text, dir);
        itemize(text, &levels.per_byte, &fonts, fonts.chain(FontRole::Body))
            .into_iter()
            .map(|it| {
                (
                    text[it.range].to_string(),
                    it.level.number(),
                    it.script,
                    it.font.0,
                )
            })
            .collect()
    }

    #[test]
    fn mixed_line_splits_by_level_script_and_font() {
        let got = items("قال 25 مسؤولاً في NATO عام 2026", Direction::Rtl);
        let summary: Vec<(&str, u8, u16)> = got
            .iter()
            .map(|(s, l, _, f)| (s.as_str(), *l, *f))
            .collect();
        assert_eq!(
            summary,
            [
                ("قال ", 1, 0),
                ("25", 2, 0),
                (" مسؤولاً في ", 1, 0),
                ("NATO", 2, 3),
                (" عام ", 1, 0),
                ("2026", 2, 0),
            ]
        );
        assert_eq!(got[3].2, Script::Latin);
        assert_eq!(got[0].2, Script::Arabic);
    }

    /// A paragraph of 140 KB: 100 KB of words, then one 40 KB word. HarfBuzz skips lookups in
    /// buffers of half a million characters, so no item may be longer than `MAX_ITEM_BYTES`;
    /// words are cut after a space, the long word between letters.
    #[test]
    fn long_items_are_cut_at_spaces_then_between_clusters() {
        let text = "كلمة ".repeat(10_000) + &"بِ".repeat(10_000);
        let fonts = FontSet::builtin();
        let levels = bidi::resolve(&text, Direction::Rtl);
        let got = itemize(&text, &levels.per_byte, &fonts, fonts.chain(FontRole::Body));
        assert!(got.len() >= 5, "{}", got.len());
        assert_eq!(got.first().unwrap().range.start, 0);
        assert_eq!(got.last().unwrap().range.end, text.len());
        for pair in got.windows(2) {
            let cut = pair[0].range.end;
            assert_eq!(cut, pair[1].range.start);
            assert!(pair[0].range.len() <= MAX_ITEM_BYTES);
            if cut < "كلمة ".len() * 10_000 {
                assert!(
                    text[..cut].ends_with(' '),
                    "cut at {cut} is not after a space"
                );
            } else {
                assert!(
                    text[cut..].starts_with('ب'),
                    "cut at {cut} splits a letter from its mark"
                );
            }
        }
    }

    #[test]
    fn marks_stay_with_their_base() {
        assert_eq!(clusters("بِسْ"), [0..4, 4..8]);
        // A Latin letter with an accent is one cluster, shaped in the Latin face.
        let got = items("e\u{301}", Direction::Ltr);
        assert_eq!(got, [("e\u{301}".to_string(), 0, Script::Latin, 3)]);
        // A lone mark at the start, or after a space, does not panic.
        let _ = items("\u{650} \u{651}", Direction::Rtl);
    }
}
