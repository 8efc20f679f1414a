//! Shrinking 8-bit photos by exact area averaging, in fixed point.
//!
//! Every output pixel is the mean of the source area it covers, source pixels cut by the
//! output grid counting with the share of them that falls inside (a box filter of exactly the
//! scale's width). The image crate's `thumbnail` rounds each box to whole source pixels and
//! works pixel by pixel through generic code: on a 100 dpi preview of 200 photos and on a PDF
//! of 4000 px photos it was a tenth of the processor time. Here the work is two separable
//! passes over rows of plain bytes with precomputed integer weights.

/// Fractional bits of a weight: the weights of one output pixel add up to `1 << WEIGHT_BITS`.
const WEIGHT_BITS: u32 = 14;
/// Fractional bits kept in the intermediate (horizontally averaged) samples.
const MID_BITS: u32 = 8;

/// For each output position along an axis, the source positions it covers and how much of
/// each: output `i` reads `count[i]` source pixels from `first[i]` with the weights
/// `weights[i * width ..][.. count[i]]`, which add up to `1 << WEIGHT_BITS`. Read as a fixed
/// `width` pixels from `fixed_first[i]` instead, the weights are `fixed[i * width ..][.. width]`
/// (zeros around the covered ones): the same sums, in a loop of known length.
struct Spans {
    first: Vec<usize>,
    count: Vec<usize>,
    weights: Vec<u32>,
    fixed_first: Vec<usize>,
    fixed: Vec<u32>,
    width: usize,
}

impl Spans {
    /// `dst` ≤ `src`, both non-zero.
    fn new(src: usize, dst: usize) -> Spans {
        let one = 1u64 << WEIGHT_BITS;
        // A box of src/dst source pixels touches at most ceil(src/dst) + 1 of them.
        let width = (src.div_ceil(dst) + 1).min(src);
        let mut spans = Spans {
            first: Vec::with_capacity(dst),
            count: Vec::with_capacity(dst),
            weights: vec![0; dst * width],
            fixed_first: Vec::with_capacity(dst),
            fixed: vec![0; dst * width],
            width,
        };
        for i in 0..dst {
            // Output pixel i covers [i·src/dst, (i+1)·src/dst) in source pixels; in units of
            // 1/dst source pixel that is [i·src, (i+1)·src), exact in integers.
            let (start, end) = (i as u64 * src as u64, (i as u64 + 1) * src as u64);
            let (first, last) = (start / dst as u64, (end - 1) / dst as u64);
            let weights = &mut spans.weights[i * width..(i + 1) * width];
            for (slot, p) in weights.iter_mut().zip(first..=last) {
                let (lo, hi) = ((p * dst as u64).max(start), ((p + 1) * dst as u64).min(end));
                *slot = ((hi - lo) * one / src as u64) as u32;
            }
            // Rounding down lost a little: give it to the largest weight so they sum to one.
            let lost = one as u32 - weights.iter().sum::<u32>();
            if let Some(max) = weights.iter_mut().max() {
                *max += lost;
            }
            let (first, count) = (first as usize, (last - first + 1) as usize);
            // Near the end the fixed window starts earlier, its first slots zero.
            let fixed_first = first.min(src - width);
            let shift = first - fixed_first;
            spans.fixed[i * width + shift..(i + 1) * width]
                .copy_from_slice(&spans.weights[i * width..(i + 1) * width - shift]);
            spans.first.push(first);
            spans.count.push(count);
            spans.fixed_first.push(fixed_first);
        }
        spans
    }

    /// Output `i`'s first source position and weights.
    fn get(&self, i: usize) -> (usize, &[u32]) {
        let w = &self.weights[i * self.width..];
        (self.first[i], &w[..self.count[i]])
    }
}

/// Shrinks `src` (`sw`×`sh` pixels of `channels` interleaved 8-bit samples) to `dw`×`dh`, where
/// `dw` ≤ `sw` and `dh` ≤ `sh`. `None` when the sizes do not fit that (zero, larger, or a
/// buffer of the wrong length) or `channels` is not 1–4.
pub fn shrink(
    src: &[u8],
    (sw, sh): (u32, u32),
    channels: usize,
    (dw, dh): (u32, u32),
) -> Option<Vec<u8>> {
    let (sw, sh, dw, dh) = (sw as usize, sh as usize, dw as usize, dh as usize);
    if dw == 0 || dh == 0 || dw > sw || dh > sh || !(1..=4).contains(&channels) {
        return None;
    }
    if src.len() != sw.checked_mul(sh)?.checked_mul(channels)? {
        return None;
    }
    // Rows first: that pass runs over whole rows of bytes (vectorised), and leaves the
    // pixel-by-pixel column pass only `dh` rows instead of `sh`. One output row at a time:
    // its averaged source row goes straight into the column pass, so the intermediate is one
    // row (it stays in the cache) and not a `dh`-row image (1.3 MB of fresh memory for a
    // 1600 px photo shrunk for print: a third of the PDF's page faults).
    let rows = Spans::new(sh, dh);
    let stride = sw * channels;
    let columns = Spans::new(sw, dw);
    let mut out = vec![0u8; dw * channels * dh];
    let mut mid = vec![0u16; stride];
    let mut acc = Vec::new();
    for (i, out_row) in out.chunks_exact_mut(dw * channels).enumerate() {
        vertical(src, stride, &rows, i, &mut mid, &mut acc);
        match (channels, columns.width) {
            (3, 2) => horizontal::<3, 2>(&mid, sw, &columns, out_row),
            (3, 3) => horizontal::<3, 3>(&mid, sw, &columns, out_row),
            (1, 2) => horizontal::<1, 2>(&mid, sw, &columns, out_row),
            (1, 3) => horizontal::<1, 3>(&mid, sw, &columns, out_row),
            (4, 2) => horizontal::<4, 2>(&mid, sw, &columns, out_row),
            (4, 3) => horizontal::<4, 3>(&mid, sw, &columns, out_row),
            (1, _) => horizontal_any::<1>(&mid, sw, &columns, out_row),
            (2, _) => horizontal_any::<2>(&mid, sw, &columns, out_row),
            (3, _) => horizontal_any::<3>(&mid, sw, &columns, out_row),
            _ => horizontal_any::<4>(&mid, sw, &columns, out_row),
        }
    }
    Some(out)
}

/// Averages the rows of `src` (`stride` samples each) that span `i` of `rows` covers into
/// `mid_row`, kept with MID_BITS more bits. Spans of two or three rows (shrinks of up to 2×,
/// what photos mostly need) are summed in one pass over the rows; wider ones row by row into
/// `acc`.
fn vertical(
    src: &[u8],
    stride: usize,
    rows: &Spans,
    i: usize,
    mid_row: &mut [u16],
    acc: &mut Vec<u32>,
) {
    let round = 1i32 << (WEIGHT_BITS - MID_BITS - 1);
    let shift = WEIGHT_BITS - MID_BITS;
    let row = |k: usize| &src[k * stride..(k + 1) * stride];
    // The weights sum to one: every sum is at most 255 << MID_BITS, and fits.
    let first = rows.fixed_first[i];
    match rows.fixed[i * rows.width..(i + 1) * rows.width] {
        // Weights as 16-bit numbers (at most 1 << WEIGHT_BITS) times bytes: products
        // that 16-bit vector multiplies give, where 32-bit ones need more than SSE2.
        [w0, w1] => {
            let (w0, w1) = (narrow(w0), narrow(w1));
            for ((m, &a), &b) in mid_row.iter_mut().zip(row(first)).zip(row(first + 1)) {
                let sum = round + w0 * i32::from(a) + w1 * i32::from(b);
                *m = (sum >> shift) as u16;
            }
        }
        [w0, w1, w2] => {
            let (w0, w1, w2) = (narrow(w0), narrow(w1), narrow(w2));
            let three = mid_row
                .iter_mut()
                .zip(row(first))
                .zip(row(first + 1))
                .zip(row(first + 2));
            for (((m, &a), &b), &c) in three {
                let sum = round + w0 * i32::from(a) + w1 * i32::from(b) + w2 * i32::from(c);
                *m = (sum >> shift) as u16;
            }
        }
        _ => {
            let (first, weights) = rows.get(i);
            acc.clear();
            acc.resize(stride, round as u32);
            for (k, &w) in weights.iter().enumerate() {
                for (a, &s) in acc.iter_mut().zip(row(first + k)) {
                    *a += w * u32::from(s);
                }
            }
            for (m, &a) in mid_row.iter_mut().zip(acc.iter()) {
                *m = (a >> shift) as u16;
            }
        }
    }
}

/// A weight (at most `1 << WEIGHT_BITS`) as a 16-bit number widened.
fn narrow(w: u32) -> i32 {
    i32::from(w as i16)
}

/// Averages each row of `mid` (`sw` pixels of `C` samples) into the matching row of `out`,
/// rounded back to 8 bits, every output pixel from `W` source pixels (`W` = `columns.width`):
/// the shrinks of up to 2× that photos mostly need, in loops the compiler unrolls.
fn horizontal<const C: usize, const W: usize>(
    mid: &[u16],
    sw: usize,
    columns: &Spans,
    out: &mut [u8],
) {
    let round = 1u32 << (WEIGHT_BITS + MID_BITS - 1);
    let dw = columns.first.len();
    for (row, out_row) in mid.chunks_exact(sw * C).zip(out.chunks_exact_mut(dw * C)) {
        for ((px, &first), weights) in out_row
            .chunks_exact_mut(C)
            .zip(&columns.fixed_first)
            .zip(columns.fixed.chunks_exact(W))
        {
            let window = &row[first * C..(first + W) * C];
            let mut sum = [round; C];
            for k in 0..W {
                for c in 0..C {
                    sum[c] += weights[k] * u32::from(window[k * C + c]);
                }
            }
            for c in 0..C {
                // (255 << 22) + round < 2^32, and the weights sum to one: at most 255.
                px[c] = (sum[c] >> (WEIGHT_BITS + MID_BITS)) as u8;
            }
        }
    }
}

/// [`horizontal`] for any span width (shrinks of more than 2×).
fn horizontal_any<const C: usize>(mid: &[u16], sw: usize, columns: &Spans, out: &mut [u8]) {
    let round = 1u32 << (WEIGHT_BITS + MID_BITS - 1);
    let dw = columns.first.len();
    for (row, out_row) in mid.chunks_exact(sw * C).zip(out.chunks_exact_mut(dw * C)) {
        for (i, px) in out_row.chunks_exact_mut(C).enumerate() {
            let (first, weights) = columns.get(i);
            let mut sum = [round; C];
            for (w, sample) in weights.iter().zip(row[first * C..].chunks_exact(C)) {
                for c in 0..C {
                    sum[c] += w * u32::from(sample[c]);
                }
            }
            for c in 0..C {
                px[c] = (sum[c] >> (WEIGHT_BITS + MID_BITS)) as u8;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_cover_each_output_pixel_exactly_once() {
        for (src, dst) in [(10, 3), (1600, 750), (7, 7), (5, 1), (4000, 1)] {
            let spans = Spans::new(src, dst);
            for i in 0..dst {
                assert_eq!(spans.get(i).1.iter().sum::<u32>(), 1 << WEIGHT_BITS);
                let fixed = &spans.fixed[i * spans.width..(i + 1) * spans.width];
                assert_eq!(fixed.iter().sum::<u32>(), 1 << WEIGHT_BITS);
                assert!(spans.fixed_first[i] + spans.width <= src);
            }
        }
    }

    #[test]
    fn halving_averages_pairs_and_flat_areas_stay_flat() {
        // One row, two channels: (0,100) (10,100) (20,100) (30,100) → (5,100) (25,100).
        let src = [0, 100, 10, 100, 20, 100, 30, 100];
        assert_eq!(shrink(&src, (4, 1), 2, (2, 1)).unwrap(), [5, 100, 25, 100]);
        let flat = vec![77u8; 13 * 9 * 3];
        let out = shrink(&flat, (13, 9), 3, (5, 4)).unwrap();
        assert!(out.iter().all(|&v| v == 77));
    }

    #[test]
    fn a_third_of_a_pixel_counts_a_third() {
        // 3 → 2: the middle source pixel is split between both outputs.
        let src = [0, 90, 255];
        // (0 + 90/2) / 1.5 = 30; (90/2 + 255) / 1.5 = 200.
        assert_eq!(shrink(&src, (3, 1), 1, (2, 1)).unwrap(), [30, 200]);
    }

    #[test]
    fn sizes_that_do_not_shrink_are_refused() {
        assert!(shrink(&[0; 4], (2, 2), 1, (3, 2)).is_none());
        assert!(shrink(&[0; 4], (2, 2), 1, (0, 2)).is_none());
        assert!(shrink(&[0; 3], (2, 2), 1, (1, 1)).is_none());
    }
}
