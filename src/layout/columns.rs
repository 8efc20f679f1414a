//! Filling columns: how many pieces fit in a column, and the shortest column height that
//! holds an article's remaining body (balanced columns, so the next article starts below).
//!
//! A column may not end after a piece that keeps with its next one (a paragraph's first line,
//! its next-to-last line, a subheading, a photo before its caption), which is how no column
//! starts or ends with a single stranded line.

use std::borrow::Cow;

use super::pieces::Piece;

/// Whether a column may end after `pieces[i]` (gaps look through to the piece before them).
fn breakable_after(pieces: &[Piece], i: usize) -> bool {
    let mut j = i;
    loop {
        if !pieces[j].is_gap() {
            return !pieces[j].keep_with_next();
        }
        if j == 0 {
            return true;
        }
        j -= 1;
    }
}

/// Whether the gap at `i` ends a block (a paragraph, a photo with its caption and credit, a
/// quote): a column may end before it. A story is cut, or a photo put into it, only there: a
/// gap right after a photo comes before its caption.
pub fn ends_block(pieces: &[Piece], i: usize) -> bool {
    i > 0 && pieces[i].is_gap() && !pieces[i - 1].is_gap() && !pieces[i - 1].keep_with_next()
}

/// The pieces `start..end` that go into a column of height `avail`, skipping gaps at its top.
/// Returns `(first, end)`: `first` is after the skipped gaps. With `force`, at least one piece
/// is taken even if it doesn't fit (a fresh page must make progress).
pub fn fill(pieces: &[Piece], start: usize, avail: f32, force: bool) -> (usize, usize) {
    let mut first = start;
    while first < pieces.len() && pieces[first].is_gap() {
        first += 1;
    }
    let mut used = 0.0;
    let mut end = first;
    while end < pieces.len() && used + pieces[end].height() <= avail + 0.01 {
        used += pieces[end].height();
        end += 1;
    }
    if end < pieces.len() {
        // Back up to a place where the column may end.
        let mut e = end;
        while e > first && !breakable_after(pieces, e - 1) {
            e -= 1;
        }
        if e > first {
            end = e;
        }
        // Else the whole column is one unbreakable chain: keep the overfull cut (rare: a photo
        // with a caption taller than a column) rather than moving it on for ever.
        if e == first && !force {
            end = first;
        }
    }
    if end == first && force && first < pieces.len() {
        end = first + 1;
    }
    (first, end)
}

/// Fills the columns (available heights in reading order) from `start`; returns where each
/// column's pieces are, and the index after the last piece placed.
pub fn fill_columns(
    pieces: &[Piece],
    start: usize,
    avails: &[f32],
    fresh_page: bool,
) -> (Vec<(usize, usize)>, usize) {
    let mut at = start;
    let mut spans = Vec::with_capacity(avails.len());
    for (i, &avail) in avails.iter().enumerate() {
        let (first, end) = fill(pieces, at, avail, fresh_page && i == 0);
        spans.push((first, end));
        at = end;
    }
    (spans, at)
}

/// The index after the pieces from `start` that `counted` (those it keeps) stack up to at
/// most `height`: where a region of that much column height must end at the latest. Walks
/// only that far, so a page of a long story costs the page, not the story.
pub fn reach(
    pieces: &[Piece],
    start: usize,
    height: f32,
    counted: impl Fn(&Piece) -> bool,
) -> usize {
    let mut used = 0.0;
    for (i, p) in pieces.iter().enumerate().skip(start) {
        if counted(p) {
            used += p.height();
            if used > height + 0.01 {
                return i;
            }
        }
    }
    pieces.len()
}

/// Least share of their height the gaps between blocks keep in [`tightened`].
pub const TIGHTEST_GAPS: f32 = 0.5;

/// The pieces from `start` with the gaps between blocks made smaller (down to
/// [`TIGHTEST_GAPS`] of their height), when that lets them all fit in columns of height `max`
/// less `offsets` (which they do not as they are), with the balanced height
/// ([`balance`]). A make-up desk tightens a page this way rather than send a story's last
/// lines to a page of their own.
pub fn tightened(
    pieces: &[Piece],
    start: usize,
    offsets: &[f32],
    max: f32,
) -> Option<(Vec<Piece>, f32)> {
    // Nothing is copied for a story that runs on: its lines alone overfill the columns.
    let room: f32 = offsets.iter().map(|o| (max - o).max(0.0)).sum();
    if reach(pieces, start, room, |p| !p.is_gap()) < pieces.len() {
        return None;
    }
    let scaled = |share: f32| -> Vec<Piece> {
        pieces[start..]
            .iter()
            .map(|p| match p {
                Piece::Gap(h) => Piece::Gap(h * share),
                p => p.clone(),
            })
            .collect()
    };
    // The least tightening that fits.
    [0.9, 0.8, 0.7, 0.6, TIGHTEST_GAPS]
        .into_iter()
        .find_map(|share| {
            let body = scaled(share);
            balance(&body, 0, offsets, max).map(|h| (body, h))
        })
}

/// Moves each photo that stops a column short (with its caption, and whatever keeps with it
/// before it: a subheading) after the block that follows it, so that text fills the column
/// and the photo goes on at the top of a later one, as a paper floats its photos. Filling
/// `avails` from `start`: a column that ends with more than `min_room` left because the next
/// unbreakable chain does not fit, where that chain holds a photo no taller than `tallest` (a
/// fresh column's height, where it will go) and a block of text follows it. Returns the
/// ranges of pieces put in another order.
pub fn defer_photos(
    pieces: &mut Cow<'_, [Piece]>,
    start: usize,
    avails: &[f32],
    limits: (f32, f32),
) -> Vec<std::ops::Range<usize>> {
    let mut moved = Vec::new();
    // Each move takes a photo one block later: the number of pieces bounds the moves. (The
    // pieces are copied only when one moves.)
    for _ in 0..pieces.len() {
        let Some((photo, block_end, next)) = deferral(pieces, start, avails, limits) else {
            break;
        };
        let pieces = pieces.to_mut();
        // The photo's block, the gap after it, the next block → the next block, the gap,
        // the photo's block.
        let order: Vec<Piece> = pieces[block_end + 1..next]
            .iter()
            .chain(std::iter::once(&pieces[block_end]))
            .chain(&pieces[photo..block_end])
            .cloned()
            .collect();
        pieces[photo..next].clone_from_slice(&order);
        moved.push(photo..next);
    }
    moved
}

/// The first photo [`defer_photos`] moves, as the start of its block, the gap that ends it
/// and the end of the block that follows it.
fn deferral(
    pieces: &[Piece],
    start: usize,
    avails: &[f32],
    (min_room, tallest): (f32, f32),
) -> Option<(usize, usize, usize)> {
    let mut at = start;
    for &avail in avails {
        let (first, end) = fill(pieces, at, avail, false);
        at = end;
        let left = avail - stacked_height(pieces, first, end);
        if end >= pieces.len() || left <= min_room {
            continue;
        }
        let chain = (end..pieces.len()).find(|&i| !pieces[i].is_gap())?;
        let block_end_after =
            |from: usize| (from + 1..pieces.len()).find(|&i| ends_block(pieces, i));
        let mut block_end = block_end_after(chain)?;
        let Some(photo) = (chain..block_end).find(|&i| matches!(pieces[i], Piece::Photo { .. }))
        else {
            continue;
        };
        let group = stacked_height(pieces, photo, block_end);
        // Photos that follow it go with it, the text after them comes first.
        while let Some(Piece::Photo { .. }) = pieces.get(block_end + 1) {
            match block_end_after(block_end + 1) {
                Some(end) => block_end = end,
                None => break,
            }
        }
        if group > tallest || !matches!(pieces.get(block_end + 1), Some(Piece::Text { .. })) {
            continue;
        }
        let next = (block_end + 1..pieces.len())
            .find(|&i| ends_block(pieces, i))
            .unwrap_or(pieces.len());
        return Some((photo, block_end, next));
    }
    None
}

/// Height of `pieces[first..end]` as stacked.
pub fn stacked_height(pieces: &[Piece], first: usize, end: usize) -> f32 {
    pieces[first..end].iter().map(Piece::height).sum()
}

/// The smallest cap `h` such that columns of height `h - offsets[i]` hold every piece from
/// `start`, or `None` if even `max` doesn't. Binary search: filling is monotone in height.
pub fn balance(pieces: &[Piece], start: usize, offsets: &[f32], max: f32) -> Option<f32> {
    let fits = |h: f32| {
        let avails: Vec<f32> = offsets.iter().map(|o| (h - o).max(0.0)).collect();
        fill_columns(pieces, start, &avails, false).1 >= pieces.len()
    };
    if !fits(max) {
        return None;
    }
    let (mut lo, mut hi) = (0.0f32, max);
    for _ in 0..24 {
        let mid = (lo + hi) / 2.0;
        if fits(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
        if hi - lo < 0.25 {
            break;
        }
    }
    Some(hi)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A line 10 high; `keep` keeps it with the next piece.
    pub(in crate::layout) fn line(text: &str, keep: bool) -> Piece {
        Piece::Text {
            runs: Vec::new(),
            text: text.to_string(),
            rtl: true,
            height: 10.0,
            baseline: 8.0,
            indent: 0.0,
            keep_with_next: keep,
        }
    }

    /// A photo 50 wide.
    pub(in crate::layout) fn photo(height: f32) -> Piece {
        Piece::Photo {
            path: "p.jpg".into(),
            width: 50.0,
            height,
        }
    }

    /// A paragraph of `n` lines named `name1`, `name2`…, its first line kept with the next.
    fn paragraph(name: &str, n: usize) -> Vec<Piece> {
        (1..=n)
            .map(|i| line(&format!("{name}{i}"), i == 1 || i + 1 == n))
            .collect()
    }

    fn names(pieces: &[Piece]) -> Vec<String> {
        pieces
            .iter()
            .map(|p| match p {
                Piece::Text { text, .. } => text.clone(),
                Piece::Photo { .. } => "photo".into(),
                Piece::Gap(_) => "gap".into(),
                Piece::Rule { .. } => "rule".into(),
            })
            .collect()
    }

    /// A paragraph, a photo with a two-line caption, another paragraph.
    fn story() -> Vec<Piece> {
        let mut body = paragraph("a", 3);
        body.push(Piece::Gap(2.0));
        body.extend([
            photo(60.0),
            Piece::Gap(2.0),
            line("cap1", true),
            line("cap2", false),
        ]);
        body.push(Piece::Gap(2.0));
        body.extend(paragraph("b", 6));
        body
    }

    #[test]
    fn a_block_ends_after_a_caption_not_after_its_photo() {
        let body = story();
        let ends: Vec<usize> = (0..body.len()).filter(|&i| ends_block(&body, i)).collect();
        // After the paragraph (index 3) and after the caption (index 8); not the gap between
        // the photo and its caption (index 5).
        assert_eq!(ends, [3, 8]);
    }

    #[test]
    fn a_photo_that_stops_a_column_short_goes_after_the_next_paragraph() {
        let story = story();
        let mut body = Cow::Borrowed(&story[..]);
        // Columns 55 high: the paragraph (30) leaves 25, the photo's block (84) does not fit.
        let moved = defer_photos(&mut body, 0, &[55.0, 55.0], (15.0, 200.0));
        assert_eq!(moved, vec![4..15]);
        assert_eq!(
            names(&body),
            [
                "a1", "a2", "a3", "gap", "b1", "b2", "b3", "b4", "b5", "b6", "gap", "photo", "gap",
                "cap1", "cap2"
            ]
        );
        // The first column takes two lines of the next paragraph now, not the photo.
        assert_eq!(fill(&body, 0, 55.0, false), (0, 6));
    }

    #[test]
    fn a_story_end_a_little_too_long_fits_with_its_gaps_tightened() {
        // Three paragraphs of four lines with gaps of 6: 132 in one column.
        let mut body = Vec::new();
        for name in ["a", "b", "c"] {
            if !body.is_empty() {
                body.push(Piece::Gap(6.0));
            }
            body.extend(paragraph(name, 4));
        }
        assert!(balance(&body, 0, &[0.0], 130.0).is_none());
        // Gaps of 5.4 (×0.9) would give 130.8; of 4.8 (×0.8), 129.6.
        let (tight, h) = tightened(&body, 0, &[0.0], 130.0).unwrap();
        assert!((h - 129.6).abs() < 0.3, "{h}");
        assert!(matches!(tight[4], Piece::Gap(g) if (g - 4.8).abs() < 1e-4));
        assert_eq!(names(&tight), names(&body));
        // Gaps of 3 (the least) give 126: no tightening reaches 125.
        assert!(tightened(&body, 0, &[0.0], 125.0).is_none());
    }

    #[test]
    fn photos_stay_where_a_column_is_nearly_full_or_they_fit_nowhere() {
        let before = names(&story());
        // 25 left in the column, no more than the room a few lines need.
        let story = story();
        let mut body = Cow::Borrowed(&story[..]);
        assert!(defer_photos(&mut body, 0, &[55.0], (25.0, 200.0)).is_empty());
        // Taller than a fresh column: moving it on would not place it.
        assert!(defer_photos(&mut body, 0, &[55.0], (15.0, 80.0)).is_empty());
        // Nothing moved, nothing copied.
        assert!(matches!(body, Cow::Borrowed(_)));
        assert_eq!(names(&body), before);
    }
}
