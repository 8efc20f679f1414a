//! Stage 3b: the text each glyph stands for, for the PDF's ToUnicode map.
//!
//! A PDF maps each glyph id to one string, once per font: if a base letter's glyph carried its
//! harakat, the same glyph would need different strings in different words and text extraction
//! would go wrong. So, within each HarfBuzz cluster:
//! - a single visible glyph gets the whole cluster (a letter, a lam-alef ligature, "ffi");
//! - otherwise mark glyphs (GDEF class Mark, or the nominal glyph of one of the cluster's marks)
//!   get their own mark character, matched by glyph id first and then in order, and the base
//!   glyphs get the base characters: one each when the counts agree, else all on the first;
//! - characters left unmatched go to the first glyph in logical order, the others get "";
//! - a ligature with marks between its letters (the Allah ligature with shadda and fatha) has
//!   no such split: its first glyph carries the whole cluster, in order;
//! - spaces give " " (whatever space it was), and default-ignorable characters (bidi controls,
//!   ZWJ) give nothing, except ZWNJ, which spells Persian words and is kept on the zero-width
//!   glyph HarfBuzz hides it in.

use super::chars::{carries_no_text, is_emoji, is_mark, is_space};
use super::fonts::LoadedFace;
use super::shape::Glyph;

/// Fill `glyphs[..].text` for one shaped run. `glyphs` are in visual order, their clusters are
/// byte offsets into `text`, and `run_end` ends the last cluster.
pub(crate) fn assign(
    text: &str,
    run_end: usize,
    glyphs: &mut [Glyph],
    rtl: bool,
    face: &LoadedFace,
) {
    let mut starts: Vec<usize> = glyphs.iter().map(|g| g.cluster).collect();
    starts.sort_unstable();
    starts.dedup();
    let mut i = 0;
    while i < glyphs.len() {
        let cluster = glyphs[i].cluster;
        let mut j = i + 1;
        while j < glyphs.len() && glyphs[j].cluster == cluster {
            j += 1;
        }
        let end = match starts.binary_search(&cluster) {
            Ok(k) => starts.get(k + 1).copied().unwrap_or(run_end),
            Err(_) => run_end,
        };
        let chars = text.get(cluster..end.max(cluster)).unwrap_or("");
        let mut order: Vec<usize> = (i..j).collect();
        if rtl {
            order.reverse();
        }
        let logical: Vec<&Glyph> = order.iter().map(|&k| &glyphs[k]).collect();
        let texts = cluster_texts(chars, &logical, face);
        for (k, t) in order.into_iter().zip(texts) {
            glyphs[k].text = t;
        }
        i = j;
    }
}

/// Texts for the glyphs of one cluster, given in logical order.
fn cluster_texts(chars: &str, glyphs: &[&Glyph], face: &LoadedFace) -> Vec<String> {
    let mut out = vec![String::new(); glyphs.len()];
    // An emoji sequence keeps its joiners (a ZWJ family is three people, not one); its
    // variation selectors stay out, as everywhere (pdf.js, MuPDF and pypdf put a trailing
    // FE0F before its emoji).
    let emoji = chars.chars().any(is_emoji);
    let visible: Vec<char> = chars
        .chars()
        .filter(|&c| (emoji && c == '\u{200D}') || !carries_no_text(c))
        .collect();
    if visible.is_empty() || glyphs.is_empty() {
        return out;
    }
    let hidden = |g: &Glyph| Some(u32::from(g.id)) == face.space_glyph && g.advance == 0.0;
    let live: Vec<usize> = (0..glyphs.len()).filter(|&k| !hidden(glyphs[k])).collect();
    let first = live.first().copied().unwrap_or(0);
    if visible.iter().all(|&c| is_space(c)) {
        out[first].push(' ');
        return out;
    }
    if live.len() <= 1 {
        out[first] = visible.into_iter().collect();
        return out;
    }
    // A mark between two letters of the cluster («لَّه» in the Allah ligature).
    let interleaved = visible
        .iter()
        .skip_while(|&&c| !is_mark(c))
        .any(|&c| !is_mark(c));
    let whole: String = visible.iter().collect();
    let (marks, bases): (Vec<char>, Vec<char>) = visible.into_iter().partition(|&c| is_mark(c));
    let nominal = |c: char| face.nominal_glyph(c);
    let is_mark_glyph = |g: &Glyph| {
        let id = u32::from(g.id);
        face.is_mark_glyph(id) || marks.iter().any(|&m| nominal(m) == Some(id))
    };
    let (mark_glyphs, base_glyphs): (Vec<usize>, Vec<usize>) = live
        .iter()
        .copied()
        .partition(|&k| is_mark_glyph(glyphs[k]));
    if interleaved && base_glyphs.len() != bases.len() {
        // Fewer base glyphs than letters: a ligature holds letters with marks between them,
        // which no split over its glyphs keeps in order. The first glyph carries the cluster.
        out[first] = whole;
        return out;
    }

    // Marks: by glyph id first, then what is left in order.
    let mut used = vec![false; marks.len()];
    let mut unmatched_glyphs = Vec::new();
    for &k in &mark_glyphs {
        let id = u32::from(glyphs[k].id);
        match (0..marks.len()).find(|&m| !used[m] && nominal(marks[m]) == Some(id)) {
            Some(m) => {
                used[m] = true;
                out[k].push(marks[m]);
            }
            None => unmatched_glyphs.push(k),
        }
    }
    let unmatched_marks: Vec<char> = marks
        .iter()
        .zip(&used)
        .filter(|(_, &u)| !u)
        .map(|(&c, _)| c)
        .collect();
    let mut orphans = String::new();
    if unmatched_glyphs.len() == unmatched_marks.len() {
        for (&k, &c) in unmatched_glyphs.iter().zip(&unmatched_marks) {
            out[k].push(c);
        }
    } else if let Some(&k) = unmatched_glyphs.first() {
        out[k].extend(unmatched_marks);
    } else {
        orphans.extend(unmatched_marks);
    }

    // Bases: one each when the counts agree, else all on the first base glyph.
    match base_glyphs.first() {
        Some(&k0) if base_glyphs.len() == bases.len() => {
            for (&k, &c) in base_glyphs.iter().zip(&bases) {
                out[k].push(c);
            }
            out[k0].push_str(&orphans);
        }
        Some(&k0) => {
            let mut s: String = bases.into_iter().collect();
            s.push_str(&orphans);
            out[k0] = s;
        }
        None => {
            let mut s: String = bases.into_iter().collect();
            s.push_str(&orphans);
            s.push_str(&out[first]);
            out[first] = s;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::model::Direction;
    use crate::text::{shape_paragraph, FontRole, FontSet, TextStyle};

    /// Glyph texts of a one-run paragraph, in logical order.
    fn texts(s: &str, dir: Direction) -> Vec<String> {
        let fonts = FontSet::builtin();
        let p = shape_paragraph(&fonts, s, dir, "ar", &TextStyle::new(FontRole::Body, 12.0));
        let mut glyphs: Vec<_> = p.runs.iter().flat_map(|r| r.glyphs.iter()).collect();
        glyphs.sort_by_key(|g| g.cluster);
        glyphs.into_iter().map(|g| g.text.clone()).collect()
    }

    #[test]
    fn harakat_get_their_own_glyph_text() {
        let t = texts("بِسْمِ", Direction::Rtl);
        let non_empty: Vec<&str> = t
            .iter()
            .map(String::as_str)
            .filter(|s| !s.is_empty())
            .collect();
        let mut sorted = non_empty.clone();
        sorted.sort();
        let mut expected = vec!["ب", "\u{650}", "س", "\u{652}", "م", "\u{650}"];
        expected.sort();
        assert_eq!(sorted, expected, "{t:?}");
        assert_eq!(
            t.concat()
                .chars()
                .filter(|c| !crate::text::chars::is_mark(*c))
                .collect::<String>(),
            "بسم"
        );
    }

    #[test]
    fn lam_alef_parts_carry_their_own_letters() {
        // Noto Naskh draws lam-alef as a lam part that advances and a zero-width alef part,
        // each in its own cluster: each keeps its letter, so that a haraka between them
        // («حاملًا») stays between them when the PDF reads the two parts as one unit.
        let t = texts("لا", Direction::Rtl);
        assert_eq!(t, ["ل", "ا"]);
        let t = texts("لَا سلام", Direction::Rtl);
        assert!(
            t.iter().any(|s| s == "ل") && t.iter().any(|s| s == "\u{64E}"),
            "{t:?}"
        );
    }

    #[test]
    fn shadda_with_kasra_and_spaces() {
        let t = texts("اللَّهِ كتب", Direction::Rtl);
        let all: String = t.concat();
        let mut a: Vec<char> = all.chars().collect();
        let mut b: Vec<char> = "اللَّهِ كتب".chars().collect();
        a.sort();
        b.sort();
        assert_eq!(a, b, "{t:?}");
        assert!(t.contains(&" ".to_string()));
    }

    #[test]
    fn the_allah_ligature_keeps_its_marks_between_its_letters() {
        // Noto Naskh draws «لله» as one glyph with the shadda+fatha as another: the ligature
        // carries the cluster's text in order, so the marks stay after the second lam.
        let t = texts("اللَّهِ", Direction::Rtl);
        assert!(t.iter().any(|s| s == "للَّهِ"), "{t:?}");
        assert_eq!(t.concat(), "اللَّهِ");
    }

    #[test]
    fn invisible_controls_give_no_text() {
        let t = texts("a\u{200D}b\u{202E}c\u{202C}", Direction::Ltr);
        assert_eq!(t.concat(), "abc");
    }
}
