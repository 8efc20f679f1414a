//! Dropping metadata from a JPEG without touching its pixels.
//!
//! A day's edition can carry hundreds of photos that are already small enough for an e-reader.
//! Decoding and re-encoding them would cost time and a generation of quality, so they are copied
//! segment by segment instead: metadata segments (EXIF with GPS positions, XMP, Photoshop IPTC,
//! comments, thumbnails) are left out and everything else, above all the entropy-coded scans, is
//! copied byte for byte.

/// What a JPEG's frame header says, used to decide whether readers can show it as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FrameInfo {
    /// The SOFn marker's second byte (0xC0 baseline, 0xC1 extended, 0xC2 progressive, …).
    pub sof: u8,
    /// Bits per sample.
    pub precision: u8,
    /// Number of colour components (1 grey, 3 YCbCr, 4 CMYK/YCCK).
    pub components: u8,
}

impl FrameInfo {
    /// Huffman-coded 8-bit grey or colour JPEGs: what every reading system decodes. Arithmetic
    /// coding, 12-bit, lossless and CMYK files are re-encoded instead.
    pub fn readers_can_show(self) -> bool {
        matches!(self.sof, 0xC0..=0xC2) && self.precision == 8 && matches!(self.components, 1 | 3)
    }
}

/// The JPEG with metadata segments removed, and its frame header.
#[derive(Debug)]
pub(crate) struct Stripped {
    pub bytes: Vec<u8>,
    pub frame: FrameInfo,
}

/// Whether a marker segment is metadata that an e-book does not need. ICC profiles (colour),
/// the JFIF header and Adobe's APP14 (how to read the colour components) are image data and stay.
fn is_metadata(marker: u8, payload: &[u8]) -> bool {
    match marker {
        0xE0 => !payload.starts_with(b"JFIF\0"), // JFXX thumbnails and others
        0xE2 => !payload.starts_with(b"ICC_PROFILE\0"), // MPF, FlashPix…
        0xEE => !payload.starts_with(b"Adobe"),
        0xE1 | 0xE3..=0xED | 0xEF => true, // EXIF, XMP, IPTC (APP13), vendor segments
        0xFE => true,                      // COM
        _ => false,
    }
}

/// Copies `data` without its metadata segments. Anything after the end-of-image marker (camera
/// trailers, MPF secondary images) is dropped too.
pub(crate) fn strip_metadata(data: &[u8]) -> Result<Stripped, &'static str> {
    if !data.starts_with(&[0xFF, 0xD8]) {
        return Err("no start-of-image marker");
    }
    let mut out = Vec::with_capacity(data.len());
    out.extend_from_slice(&data[..2]);
    let mut pos = 2;
    let mut frame = None;
    loop {
        // Markers may be preceded by any number of 0xFF fill bytes.
        while data.get(pos) == Some(&0xFF) && data.get(pos + 1) == Some(&0xFF) {
            pos += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (data.get(pos), data.get(pos + 1)) else {
            return Err("expected a marker");
        };
        match marker {
            0xD9 => {
                out.extend_from_slice(&[0xFF, 0xD9]);
                let frame = frame.ok_or("no frame header before the end of the image")?;
                return Ok(Stripped { bytes: out, frame });
            }
            0xD0..=0xD7 | 0x01 => {
                out.extend_from_slice(&data[pos..pos + 2]);
                pos += 2;
                continue;
            }
            _ => {}
        }
        let len_bytes = data
            .get(pos + 2..pos + 4)
            .ok_or("truncated segment length")?;
        let len = usize::from(u16::from_be_bytes([len_bytes[0], len_bytes[1]]));
        if len < 2 {
            return Err("segment length below 2");
        }
        let end = pos + 2 + len;
        let segment = data.get(pos..end).ok_or("truncated segment")?;
        let payload = &segment[4..];
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            if payload.len() < 6 {
                return Err("truncated frame header");
            }
            frame.get_or_insert(FrameInfo {
                sof: marker,
                precision: payload[0],
                components: payload[5],
            });
        }
        if !is_metadata(marker, payload) {
            out.extend_from_slice(segment);
        }
        pos = end;
        if marker == 0xDA {
            let scan_end = entropy_coded_end(data, pos);
            out.extend_from_slice(&data[pos..scan_end]);
            pos = scan_end;
        }
    }
}

/// Where the entropy-coded data that starts at `from` ends: at the first marker that is neither
/// a stuffed zero (FF 00) nor a restart marker (FF D0..D7), or at the end of the data.
fn entropy_coded_end(data: &[u8], from: usize) -> usize {
    let mut i = from;
    while i + 1 < data.len() {
        if data[i] == 0xFF && !matches!(data[i + 1], 0x00 | 0xD0..=0xD7 | 0xFF) {
            return i;
        }
        i += 1;
    }
    data.len()
}

/// The bytes from the first start-of-scan marker to the end-of-image marker: what must not
/// change when metadata is dropped.
#[cfg(test)]
pub(crate) fn scan_data(data: &[u8]) -> Option<&[u8]> {
    let mut pos = 2;
    while pos + 4 <= data.len() {
        if data[pos] != 0xFF {
            return None;
        }
        let marker = data[pos + 1];
        if marker == 0xDA {
            let end = data.windows(2).rposition(|w| w == [0xFF, 0xD9])?;
            return data.get(pos..end + 2);
        }
        let len = usize::from(u16::from_be_bytes([data[pos + 2], data[pos + 3]]));
        pos += 2 + len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal hand-made JPEG skeleton: SOI, APP1 (EXIF), COM, SOF0, SOS with stuffed bytes
    /// and a restart marker, EOI and a trailer.
    #[test]
    fn drops_metadata_and_trailer_keeps_scan() {
        let mut j = vec![0xFF, 0xD8];
        j.extend_from_slice(&[0xFF, 0xE1, 0x00, 0x08, b'E', b'x', b'i', b'f', 0, 0]);
        j.extend_from_slice(&[0xFF, 0xFE, 0x00, 0x04, b'h', b'i']);
        j.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x0B, 8, 0, 1, 0, 1, 1, 1, 0x11, 0]);
        j.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 0x3F, 0]);
        j.extend_from_slice(&[0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]);
        j.extend_from_slice(&[0xFF, 0xD9, 0xAA, 0xBB]);
        let s = strip_metadata(&j).unwrap();
        assert_eq!(
            s.frame,
            FrameInfo {
                sof: 0xC0,
                precision: 8,
                components: 1
            }
        );
        assert!(s.frame.readers_can_show());
        assert!(!s.bytes.windows(4).any(|w| w == b"Exif"));
        assert!(!s.bytes.windows(2).any(|w| w == b"hi"));
        assert!(s.bytes.ends_with(&[0x56, 0xFF, 0xD9]));
        assert_eq!(scan_data(&s.bytes), scan_data(&j[..j.len() - 2]));
    }

    #[test]
    fn refuses_garbage_without_panicking() {
        for bad in [
            &b""[..],
            b"\xFF\xD8",
            b"\xFF\xD8\xFF\xC0\x00",
            b"\xFF\xD8\xFF\xE1\xFF\xFF",
            b"GIF89a",
        ] {
            assert!(strip_metadata(bad).is_err());
        }
    }
}
