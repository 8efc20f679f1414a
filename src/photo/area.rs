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
/// `weights[i * width ..][.. count[i]]`, which add up to `1 << WEIGHT_BITS`.
struct Spans {
    first: Vec<usize>,
    count: Vec<usize>,
    /// `width` slots an output position (unused ones zero).
    weights: Vec<u32>,
    width: usize,
}

impl Spans {
    /// `dst` ≤ `src`, both non-zero.
    fn new(src: usize, dst: usize) -> Spans {
        let one = 1u64 << WEIGHT_BITS;
        // A box of src/dst source pixels touches at most ceil(src/dst) + 1 of them.
        let width = src.div_ceil(dst) + 1;
        let mut spans = Spans {
            first: Vec::with_capacity(dst),
            count: Vec::with_capacity(dst),
            weights: vec![0; dst * width],
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
            spans.first.push(first as usize);
            spans.count.push((last - first + 1) as usize);
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
    if dw == 0 || dh == 0 || dw > sw || dh > sh {
        return None;
    }
    if src.len() != sw.checked_mul(sh)?.checked_mul(channels)? {
        return None;
    }
    let columns = Spans::new(sw, dw);
    // Horizontal pass: each source row averaged to `dw` pixels, kept with MID_BITS more bits.
    let mut mid = vec![0u16; dw * channels * sh];
    match channels {
        1 => horizontal::<1>(src, sw, &columns, &mut mid),
        2 => horizontal::<2>(src, sw, &columns, &mut mid),
        3 => horizontal::<3>(src, sw, &columns, &mut mid),
        4 => horizontal::<4>(src, sw, &columns, &mut mid),
        _ => return None,
    }
    Some(vertical(&mid, dw * channels, &Spans::new(sh, dh)))
}

/// Averages each row of `src` (`sw` pixels of `C` samples) into the matching row of `mid`.
fn horizontal<const C: usize>(src: &[u8], sw: usize, columns: &Spans, mid: &mut [u16]) {
    let round = 1u32 << (WEIGHT_BITS - MID_BITS - 1);
    let dw = columns.first.len();
    for (row, out) in src.chunks_exact(sw * C).zip(mid.chunks_exact_mut(dw * C)) {
        for (i, px) in out.chunks_exact_mut(C).enumerate() {
            let (first, weights) = columns.get(i);
            let mut sum = [0u32; C];
            for (w, sample) in weights.iter().zip(row[first * C..].chunks_exact(C)) {
                for c in 0..C {
                    sum[c] += w * u32::from(sample[c]);
                }
            }
            for c in 0..C {
                // At most 255 << MID_BITS: fits.
                px[c] = ((sum[c] + round) >> (WEIGHT_BITS - MID_BITS)) as u16;
            }
        }
    }
}

/// Averages rows of `mid` (`stride` samples each) into 8-bit rows, one per span of `rows`.
fn vertical(mid: &[u16], stride: usize, rows: &Spans) -> Vec<u8> {
    let dh = rows.first.len();
    let mut out = vec![0u8; stride * dh];
    let mut acc = vec![0u32; stride];
    let round = 1u32 << (WEIGHT_BITS + MID_BITS - 1);
    for (i, out_row) in out.chunks_exact_mut(stride).enumerate() {
        let (first, weights) = rows.get(i);
        acc.fill(round);
        for (k, &w) in weights.iter().enumerate() {
            let start = (first + k) * stride;
            for (a, &m) in acc.iter_mut().zip(&mid[start..start + stride]) {
                *a += w * u32::from(m);
            }
        }
        for (o, &a) in out_row.iter_mut().zip(&acc) {
            // (255 << 22) + round < 2^32, and the weights sum to one: at most 255.
            *o = (a >> (WEIGHT_BITS + MID_BITS)) as u8;
        }
    }
    out
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
