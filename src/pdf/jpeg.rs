//! Just enough JPEG header reading to embed a JPEG file as it is.
//!
//! A PDF can carry a JPEG file's bytes unchanged (`/DCTDecode`) if its dictionary states the
//! size, the number of colour components and the bit depth; decoding the whole image to learn
//! them would be wasted work, and the `image` crate reports CMYK files as RGB. The EXIF
//! orientation is read here too, because the placement matrix must honour it (the bytes stay
//! as they were shot).

/// What the PDF image dictionary needs from a JPEG file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct JpegInfo {
    pub width: u16,
    pub height: u16,
    /// 1 (grey), 3 (YCbCr/RGB) or 4 (CMYK/YCCK).
    pub components: u8,
    /// Bits per sample; PDF's DCTDecode takes 8 only.
    pub precision: u8,
    /// EXIF orientation 1–8 (1 when absent or unreadable).
    pub orientation: u8,
    /// An Adobe APP14 marker: CMYK samples are stored inverted and need `/Decode`.
    pub adobe: bool,
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

/// Reads the header of a baseline or progressive JPEG; `None` when `bytes` is not a JPEG whose
/// frame header can be found before the image data.
pub(crate) fn parse(bytes: &[u8]) -> Option<JpegInfo> {
    if bytes.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut orientation = 1;
    let mut adobe = false;
    let mut i = 2;
    loop {
        // Markers may be preceded by any number of 0xFF fill bytes.
        if *bytes.get(i)? != 0xFF {
            return None;
        }
        while *bytes.get(i + 1)? == 0xFF {
            i += 1;
        }
        let marker = *bytes.get(i + 1)?;
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            i += 2;
            continue;
        }
        if marker == 0xD9 || marker == 0xDA {
            // End of image or start of scan before any frame header.
            return None;
        }
        let len = usize::from(be16(bytes, i + 2)?);
        let seg = bytes.get(i + 4..i + 2 + len.max(2))?;
        match marker {
            0xC0..=0xCF if marker != 0xC4 && marker != 0xC8 && marker != 0xCC => {
                return Some(JpegInfo {
                    precision: *seg.first()?,
                    height: be16(seg, 1)?,
                    width: be16(seg, 3)?,
                    components: *seg.get(5)?,
                    orientation,
                    adobe,
                });
            }
            0xE1 if seg.starts_with(b"Exif\0\0") => {
                orientation = exif_orientation(&seg[6..]).unwrap_or(1);
            }
            0xEE if seg.starts_with(b"Adobe") => adobe = true,
            _ => {}
        }
        i += 2 + len;
    }
}

/// The orientation tag (0x0112) of IFD0 in a TIFF-structured EXIF block.
fn exif_orientation(tiff: &[u8]) -> Option<u8> {
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
        let b = [
            *tiff.get(at)?,
            *tiff.get(at + 1)?,
            *tiff.get(at + 2)?,
            *tiff.get(at + 3)?,
        ];
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

/// The matrix that maps PDF's unit image square (stored pixels, first row at the top) onto the
/// unit square as the picture should be seen, for an EXIF orientation.
///
/// With stored coordinates (u, v), v up, and displayed (s, t): orientation 6 ("rotate 90°
/// clockwise to view") shows stored row 0 as the right-hand column, so s = v and t = 1 − u.
pub(crate) fn orientation_matrix(orientation: u8) -> [f32; 6] {
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

/// Whether an orientation swaps width and height.
pub(crate) fn swaps_axes(orientation: u8) -> bool {
    (5..=8).contains(&orientation)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A minimal EXIF APP1 segment carrying only an orientation, big-endian.
    pub(crate) fn exif_app1(orientation: u8) -> Vec<u8> {
        let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
        tiff.extend_from_slice(&[0, 1]); // one entry
        tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0]);
        tiff.extend_from_slice(&[0, 0, 0, 0]); // no next IFD
        let mut seg = b"Exif\0\0".to_vec();
        seg.extend_from_slice(&tiff);
        let mut out = vec![0xFF, 0xE1];
        out.extend_from_slice(&((seg.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(&seg);
        out
    }

    #[test]
    fn reads_real_photo_headers() {
        let rocket = std::fs::read("tests/data/photos/rocket.jpg").unwrap();
        let info = parse(&rocket).unwrap();
        assert_eq!((info.width, info.height, info.components), (640, 427, 3));
        assert_eq!(info.precision, 8);
        assert_eq!(info.orientation, 1);
    }

    #[test]
    fn reads_an_inserted_orientation() {
        let rocket = std::fs::read("tests/data/photos/rocket.jpg").unwrap();
        let mut rotated = rocket[..2].to_vec();
        rotated.extend(exif_app1(6));
        rotated.extend_from_slice(&rocket[2..]);
        assert_eq!(parse(&rotated).unwrap().orientation, 6);
    }

    #[test]
    fn truncated_or_foreign_bytes_give_none() {
        let rocket = std::fs::read("tests/data/photos/rocket.jpg").unwrap();
        for cut in [0, 1, 2, 3, 5, 20, 100] {
            assert_eq!(parse(&rocket[..cut]), None, "cut at {cut}");
        }
        assert_eq!(parse(b"\x89PNG\r\n\x1a\n"), None);
        assert_eq!(parse(&[0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x00]), None);
    }

    #[test]
    fn orientation_matrices_map_the_unit_square_onto_itself() {
        for o in 1..=8u8 {
            let m = orientation_matrix(o);
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
        let m = orientation_matrix(6);
        assert_eq!((m[2] + m[4], m[3] + m[5]), (1.0, 1.0));
    }
}
