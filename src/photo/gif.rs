//! GIF frames checked against the GIF's screen, from the block structure alone.
//!
//! A GIF's header gives the size of its "logical screen", which is what the 100-megapixel check
//! reads; but each frame has its own size, and a 1×1 screen may hold a 65535×65535 frame.
//! Decoders allocate for the frame: the PDF exporter stops at its memory limit, while the EPUB
//! would hand the file on to every reader's device. The blocks are walked without decoding
//! (sub-blocks are skipped by their lengths), so this costs a read of the file and nothing more.

/// The first frame that does not fit inside the screen, as (width, height, screen width,
/// screen height); `None` when every frame fits or the structure ends early (a truncated file
/// is reported by the end-marker check).
pub fn oversized_frame(bytes: &[u8]) -> Option<(u16, u16, u16, u16)> {
    let u16_at = |i: usize| {
        bytes
            .get(i..i + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let (screen_w, screen_h) = (u16_at(6)?, u16_at(8)?);
    let mut at = 13 + color_table_len(*bytes.get(10)?);
    loop {
        match *bytes.get(at)? {
            // Extension: label, then sub-blocks.
            0x21 => at = skip_sub_blocks(bytes, at + 2)?,
            // Image descriptor: left, top, width, height, flags; local colour table; LZW code
            // size; image data sub-blocks.
            0x2C => {
                let (x, y) = (u16_at(at + 1)?, u16_at(at + 3)?);
                let (w, h) = (u16_at(at + 5)?, u16_at(at + 7)?);
                if u32::from(x) + u32::from(w) > u32::from(screen_w)
                    || u32::from(y) + u32::from(h) > u32::from(screen_h)
                {
                    return Some((w, h, screen_w, screen_h));
                }
                at = skip_sub_blocks(bytes, at + 10 + color_table_len(*bytes.get(at + 9)?) + 1)?;
            }
            _ => return None, // the trailer (0x3B), or not a block: the decoder's business
        }
    }
}

/// Bytes of the colour table a packed-fields byte announces (bit 7 set: 3 × 2^(n+1)).
fn color_table_len(flags: u8) -> usize {
    if flags & 0x80 != 0 {
        3 << ((flags & 0x07) + 1)
    } else {
        0
    }
}

/// The offset after a chain of sub-blocks (length byte, data…, ended by a zero length).
fn skip_sub_blocks(bytes: &[u8], mut at: usize) -> Option<usize> {
    loop {
        let len = usize::from(*bytes.get(at)?);
        at += 1;
        if len == 0 {
            return Some(at);
        }
        at += len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A GIF with a 2-entry global colour table, a graphic control extension and one frame.
    fn gif(screen: (u16, u16), frame: (u16, u16, u16, u16)) -> Vec<u8> {
        let mut g = b"GIF89a".to_vec();
        g.extend_from_slice(&screen.0.to_le_bytes());
        g.extend_from_slice(&screen.1.to_le_bytes());
        g.extend_from_slice(&[0x80, 0, 0, 0, 0, 0, 255, 255, 255]);
        g.extend_from_slice(&[0x21, 0xF9, 4, 0, 0, 0, 0, 0]);
        g.push(0x2C);
        for v in [frame.0, frame.1, frame.2, frame.3] {
            g.extend_from_slice(&v.to_le_bytes());
        }
        g.extend_from_slice(&[0, 2, 2, 0x44, 0x01, 0, 0x3B]);
        g
    }

    #[test]
    fn frames_larger_than_the_screen_are_found() {
        assert_eq!(oversized_frame(&gif((1, 1), (0, 0, 1, 1))), None);
        assert_eq!(oversized_frame(&gif((10, 10), (5, 5, 5, 5))), None);
        assert_eq!(
            oversized_frame(&gif((1, 1), (0, 0, 65535, 65535))),
            Some((65535, 65535, 1, 1))
        );
        assert_eq!(
            oversized_frame(&gif((10, 10), (6, 0, 5, 5))),
            Some((5, 5, 10, 10))
        );
        // Cut short anywhere: no answer, no panic.
        let g = gif((1, 1), (0, 0, 9, 9));
        for n in 0..g.len() {
            let _ = oversized_frame(&g[..n]);
        }
    }
}
