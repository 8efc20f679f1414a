//! Filling columns: how many pieces fit in a column, and the shortest column height that
//! holds an article's remaining body (balanced columns, so the next article starts below).
//!
//! A column may not end after a piece that keeps with its next one (a paragraph's first line,
//! its next-to-last line, a subheading, a photo before its caption), which is how no column
//! starts or ends with a single stranded line.

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
