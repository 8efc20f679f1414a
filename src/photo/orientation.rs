//! EXIF orientation (tag 0x0112, values 1–8): read from a TIFF-structured EXIF block, and what
//! it means for pixels ([`apply`]) and for a PDF placement ([`matrix`]). Cameras store the
//! sensor's rows as shot and say in this tag how to turn them; readers of EPUBs mostly ignore
//! it, PDF viewers always do, so every output turns photos upright itself.

use image::metadata::Orientation;
use image::DynamicImage;

/// The orientation tag of IFD0 in a TIFF-structured EXIF block (what follows `Exif\0\0` in a
/// JPEG's APP1 segment); `None` when absent, out of range or unreadable.
pub fn from_exif_block(tiff: &[u8]) -> Option<u8> {
    let little = match tiff.get(..2)? {
        b"II" => true,
        b"MM" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b = [*tiff.get(at)?, *tiff.get(at + 1)?];
        Some(if little {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(at..at + 4)?.try_into().ok()?;
        Some(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let count = usize::from(u16_at(ifd)?);
    (0..count).find_map(|k| {
        let entry = ifd + 2 + 12 * k;
        if u16_at(entry)? != 0x0112 {
            return None;
        }
        let value = u16_at(entry + 8)?;
        (1..=8).contains(&value).then_some(value as u8)
    })
}

/// Whether an orientation swaps width and height (a quarter turn, with or without a flip).
pub fn swaps_axes(orientation: u8) -> bool {
    (5..=8).contains(&orientation)
}

/// The size a `width`×`height` image is shown at once turned upright.
pub fn shown_size(width: u32, height: u32, orientation: u8) -> (u32, u32) {
    if swaps_axes(orientation) {
        (height, width)
    } else {
        (width, height)
    }
}

/// Turns decoded pixels upright (1 and unknown values leave them as they are).
pub fn apply(image: &mut DynamicImage, orientation: u8) {
    if let Some(o) = Orientation::from_exif(orientation) {
        image.apply_orientation(o);
    }
}

/// The matrix that maps PDF's unit image square (stored pixels, first row at the top) onto the
/// unit square as the picture should be seen, for an EXIF orientation.
///
/// With stored coordinates (u, v), v up, and displayed (s, t): orientation 6 ("rotate 90°
/// clockwise to view") shows stored row 0 as the right-hand column, so s = v and t = 1 − u.
pub fn matrix(orientation: u8) -> [f32; 6] {
    match orientation {
        2 => [-1.0, 0.0, 0.0, 1.0, 1.0, 0.0],
        3 => [-1.0, 0.0, 0.0, -1.0, 1.0, 1.0],
        4 => [1.0, 0.0, 0.0, -1.0, 0.0, 1.0],
        5 => [0.0, -1.0, -1.0, 0.0, 1.0, 1.0],
        6 => [0.0, -1.0, 1.0, 0.0, 0.0, 1.0],
        7 => [0.0, 1.0, 1.0, 0.0, 0.0, 0.0],
        8 => [0.0, 1.0, -1.0, 0.0, 1.0, 0.0],
        _ => [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrices_map_the_unit_square_onto_itself() {
        for o in 1..=8u8 {
            let m = matrix(o);
            let mut corners: Vec<(i32, i32)> = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)]
                .iter()
                .map(|&(u, v): &(f32, f32)| {
                    let s = m[0] * u + m[2] * v + m[4];
                    let t = m[1] * u + m[3] * v + m[5];
                    (s.round() as i32, t.round() as i32)
                })
                .collect();
            corners.sort();
            assert_eq!(
                corners,
                vec![(0, 0), (0, 1), (1, 0), (1, 1)],
                "orientation {o}"
            );
        }
        // Orientation 6: the stored top-left pixel (u 0, v 1) shows at the top right (1, 1).
        let m = matrix(6);
        assert_eq!((m[2] + m[4], m[3] + m[5]), (1.0, 1.0));
    }
}
