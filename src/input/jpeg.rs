//! A JPEG's structure, walked without decoding: every segment within the file, and inside the
//! compressed image data no marker where none may be and restart markers in order.
//!
//! A JPEG damaged in its middle (bytes overwritten by a bad copy or a bad sector) almost always
//! shows it there: random bytes hold 0xFF followed by something other than 0x00 within a few
//! hundred bytes, which no encoder writes. The PDF embeds JPEGs as they are and the EPUB copies
//! them segment by segment, so such a photo would be shipped damaged; it is refused instead.
//! Decoding every photo to find damage that keeps the structure (bytes zeroed, a few bits
//! flipped) would cost about 8 ms a 1600×1067 photo even at 1/8 scale, 40% of the time budget
//! of a day of 200 articles, and such damage gives wrong pixels, not a failure: it is not looked
//! for. This walk costs a pass over the bytes.

/// What is wrong with the JPEG's structure, or `None` when it holds together. A file cut short
/// is left to the end-marker check.
pub fn damage(bytes: &[u8]) -> Option<String> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Some("it does not start with a JPEG start-of-image marker".into());
    }
    let mut at = 2;
    let mut restart_interval = 0u16;
    let mut scans = 0usize;
    loop {
        if *bytes.get(at)? != 0xFF {
            return Some(format!("byte {at} should begin a segment and does not"));
        }
        while bytes.get(at + 1) == Some(&0xFF) {
            at += 1; // fill bytes before a marker
        }
        let marker = *bytes.get(at + 1)?;
        at += 2;
        match marker {
            0xD9 if scans == 0 => return Some("it ends before any image data".into()),
            0xD9 => return None,
            0xD0..=0xD7 | 0x01 => continue, // markers without a length
            0x02..=0xBF | 0xD8 | 0xF0..=0xFD | 0x00 => {
                return Some(format!(
                    "it has a marker 0xFF{marker:02X} at byte {} that no JPEG may hold",
                    at - 2
                ));
            }
            // A second frame header after image data.
            0xC0..=0xCF if scans > 0 && !matches!(marker, 0xC4 | 0xCC) => {
                return Some(format!("it has a second frame header at byte {}", at - 2));
            }
            _ => {}
        }
        let len = usize::from(u16::from_be_bytes([*bytes.get(at)?, *bytes.get(at + 1)?]));
        if len < 2 || at + len > bytes.len() {
            return Some(format!(
                "its segment 0xFF{marker:02X} at byte {} runs past the end of the file",
                at - 2
            ));
        }
        if marker == 0xDD && len >= 4 {
            restart_interval = u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]);
        }
        at += len;
        if marker == 0xDA {
            scans += 1;
            at = match scan_end(bytes, at, restart_interval) {
                Ok(end) => end,
                Err(problem) => return Some(problem),
            };
        }
    }
}

/// The offset of the marker that ends the compressed data starting at `at`, or what is wrong
/// inside it. Running off the end of the file is left to the end-marker check.
fn scan_end(bytes: &[u8], mut at: usize, restart_interval: u16) -> Result<usize, String> {
    let mut next_restart = 0u8;
    loop {
        let Some(i) = bytes[at.min(bytes.len())..].iter().position(|&b| b == 0xFF) else {
            return Ok(bytes.len());
        };
        at += i;
        match bytes.get(at + 1) {
            None => return Ok(bytes.len()),
            Some(0x00) => at += 2, // a stuffed 0xFF byte of data
            Some(0xFF) => at += 1, // fill
            Some(&m @ 0xD0..=0xD7) => {
                if restart_interval == 0 {
                    return Err(format!(
                        "its image data holds a restart marker at byte {at} but it declares no restart interval"
                    ));
                }
                if m - 0xD0 != next_restart {
                    return Err(format!(
                        "its restart markers are out of order at byte {at} (RST{} where RST{next_restart} was due)",
                        m - 0xD0
                    ));
                }
                next_restart = (next_restart + 1) % 8;
                at += 2;
            }
            // Markers that may follow image data: tables, another scan, the end, comments.
            Some(0xC4 | 0xCC | 0xD9 | 0xDA | 0xDB | 0xDC | 0xDD | 0xE0..=0xEF | 0xFE) => {
                return Ok(at)
            }
            Some(m) => {
                return Err(format!(
                    "its image data holds a marker 0xFF{m:02X} at byte {at} where none may be"
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo(name: &str) -> Vec<u8> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::read(root.join("tests/data/photos").join(name)).unwrap()
    }

    /// xorshift bytes: what a bad copy writes over a file.
    fn garbage(n: usize, seed: u32) -> Vec<u8> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect()
    }

    #[test]
    fn whole_photos_hold_together_and_damaged_ones_do_not() {
        for name in ["rocket.jpg", "grace_hopper.jpg", "hubble_deep_field.jpg"] {
            let whole = photo(name);
            assert_eq!(damage(&whole), None, "{name}");
            for (seed, len) in [(1, 2000), (7, 500), (99, 200)] {
                let mut bad = whole.clone();
                let mid = bad.len() / 2;
                bad[mid..mid + len].copy_from_slice(&garbage(len, seed));
                assert!(damage(&bad).is_some(), "{name} with {len} random bytes");
            }
            // Cut anywhere: an answer, never a panic.
            for n in (0..whole.len()).step_by(501) {
                let _ = damage(&whole[..n]);
            }
        }
    }
}
