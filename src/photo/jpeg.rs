//! A JPEG's structure, walked without decoding: one segment walker ([`segments`]) and what is
//! read through it — the frame header and EXIF orientation ([`header`]), a copy without
//! metadata ([`strip_metadata`]) and structural damage ([`damage`]).
//!
//! Input checks every photo with [`damage`], the PDF embeds JPEGs as they are under
//! `/DCTDecode` (it needs only the [`header`]: decoding the whole image to learn the size and
//! components would be wasted work, and the `image` crate reports CMYK files as RGB), and the
//! EPUB copies them segment by segment without their metadata. All three read the file the same
//! way, so a file one of them accepts is one the others read alike.

/// One piece of a JPEG file, in file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// A marker without a length (RSTn, TEM), at byte `at`.
    Standalone { marker: u8, at: usize },
    /// A marker segment at byte `at`: `bytes` is all of it (0xFF, the marker, the length and
    /// the payload), `payload` what follows the length.
    Segment {
        marker: u8,
        at: usize,
        bytes: &'a [u8],
        payload: &'a [u8],
    },
    /// Entropy-coded data after a start-of-scan segment, from byte `at` to the next marker that
    /// is not a stuffed zero (FF 00), a restart marker (FF D0..D7) or fill (FF FF), or to the
    /// end of the file.
    Scan { at: usize, data: &'a [u8] },
    /// The end-of-image marker at byte `at`.
    End { at: usize },
}

/// Where the walk could not go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WalkError {
    /// The file does not start with a start-of-image marker.
    NotJpeg,
    /// Byte `at` should begin a marker and does not.
    NotAMarker { at: usize },
    /// The file stops in the marker or length at byte `at`.
    Cut { at: usize },
    /// The segment `marker` at byte `at` claims a length below 2 or past the end of the file.
    Overrun { marker: u8, at: usize },
}

/// The pieces of `bytes` up to and including the end-of-image marker; an error ends the walk.
/// Any number of 0xFF fill bytes may precede a marker.
pub fn segments(bytes: &[u8]) -> Segments<'_> {
    Segments {
        bytes,
        at: 0,
        state: Walk::Start,
    }
}

/// The iterator of [`segments`].
pub struct Segments<'a> {
    bytes: &'a [u8],
    at: usize,
    state: Walk,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Walk {
    Start,
    Markers,
    /// A start-of-scan segment was just given: its entropy-coded data comes next.
    ScanData,
    Done,
}

impl<'a> Iterator for Segments<'a> {
    type Item = Result<Piece<'a>, WalkError>;

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.bytes;
        match self.state {
            Walk::Done => return None,
            Walk::Start => {
                if !bytes.starts_with(&[0xFF, 0xD8]) {
                    self.state = Walk::Done;
                    return Some(Err(WalkError::NotJpeg));
                }
                self.at = 2;
                self.state = Walk::Markers;
            }
            Walk::ScanData => {
                let at = self.at;
                let end = entropy_coded_end(bytes, at);
                self.at = end;
                self.state = Walk::Markers;
                return Some(Ok(Piece::Scan {
                    at,
                    data: &bytes[at.min(end)..end],
                }));
            }
            Walk::Markers => {}
        }
        let piece = self.marker();
        if !matches!(piece, Ok(Piece::Segment { .. } | Piece::Standalone { .. })) {
            self.state = Walk::Done;
        }
        Some(piece)
    }
}

impl<'a> Segments<'a> {
    fn marker(&mut self) -> Result<Piece<'a>, WalkError> {
        let bytes = self.bytes;
        let mut at = self.at;
        match bytes.get(at) {
            Some(0xFF) => {}
            Some(_) => return Err(WalkError::NotAMarker { at }),
            None => return Err(WalkError::Cut { at }),
        }
        while bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let &marker = bytes.get(at + 1).ok_or(WalkError::Cut { at })?;
        match marker {
            0xD9 => return Ok(Piece::End { at }),
            0xD0..=0xD7 | 0x01 => {
                self.at = at + 2;
                return Ok(Piece::Standalone { marker, at });
            }
            _ => {}
        }
        let len = match bytes.get(at + 2..at + 4) {
            Some(&[hi, lo]) => usize::from(u16::from_be_bytes([hi, lo])),
            _ => return Err(WalkError::Cut { at }),
        };
        let end = at + 2 + len;
        if len < 2 || end > bytes.len() {
            return Err(WalkError::Overrun { marker, at });
        }
        self.at = end;
        if marker == 0xDA {
            self.state = Walk::ScanData;
        }
        Ok(Piece::Segment {
            marker,
            at,
            bytes: &bytes[at..end],
            payload: &bytes[at + 4..end],
        })
    }
}

/// Where the entropy-coded data that starts at `from` ends: at the first marker that is neither
/// a stuffed zero (FF 00), a restart marker (FF D0..D7) nor fill (FF FF), or at the end.
fn entropy_coded_end(data: &[u8], from: usize) -> usize {
    let mut i = from;
    while i + 1 < data.len() {
        if data[i] == 0xFF && !matches!(data[i + 1], 0x00 | 0xD0..=0xD7 | 0xFF) {
            return i;
        }
        i += 1;
    }
    data.len().max(from)
}

/// Whether `marker` starts a frame header (SOF0–SOF15 but DHT, JPG and DAC).
fn is_frame_header(marker: u8) -> bool {
    matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC)
}

/// What a JPEG's header says: enough to embed the file as it is in a PDF, to decide whether
/// e-readers show it, and to turn it upright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JpegInfo {
    /// The SOFn marker's second byte (0xC0 baseline, 0xC1 extended, 0xC2 progressive, …).
    pub sof: u8,
    pub width: u16,
    pub height: u16,
    /// 1 (grey), 3 (YCbCr/RGB) or 4 (CMYK/YCCK).
    pub components: u8,
    /// Bits per sample; PDF's DCTDecode takes 8 only.
    pub precision: u8,
    /// EXIF orientation 1–8 (1 when absent or unreadable), from an APP1 segment before the
    /// frame header.
    pub orientation: u8,
    /// An Adobe APP14 marker before the frame header: CMYK samples are stored inverted.
    pub adobe: bool,
    /// Three components numbered 1, 2 and 3 (JFIF's numbering): Y, Cb and Cr by the first rule
    /// decoders apply (jpeg-decoder looks at the numbers before JFIF or Adobe markers), so the
    /// samples can be taken as YCbCr without asking the decoder ([`super::decode::for_jpeg`]).
    pub ycbcr: bool,
    /// Three components, the first sampled 2×2 and the others 1×1: chroma at half the
    /// resolution each way (4:2:0, what cameras and most news photos are).
    pub chroma_420: bool,
}

impl JpegInfo {
    /// Huffman-coded 8-bit grey or colour JPEGs: what every reading system decodes. Arithmetic
    /// coding, 12-bit, lossless and CMYK files are re-encoded for e-books instead.
    pub fn readers_can_show(self) -> bool {
        matches!(self.sof, 0xC0..=0xC2) && self.precision == 8 && matches!(self.components, 1 | 3)
    }
}

/// Reads the header of a JPEG up to its frame header; `None` when `bytes` is not a JPEG whose
/// frame header can be found before the image data.
pub fn header(bytes: &[u8]) -> Option<JpegInfo> {
    let mut orientation = 1;
    let mut adobe = false;
    for piece in segments(bytes) {
        let Piece::Segment {
            marker, payload, ..
        } = piece.ok()?
        else {
            continue;
        };
        match marker {
            m if is_frame_header(m) => return frame_info(m, payload, orientation, adobe),
            // Start of scan before any frame header.
            0xDA => return None,
            0xE1 if payload.starts_with(b"Exif\0\0") => {
                orientation = super::orientation::from_exif_block(&payload[6..]).unwrap_or(1);
            }
            0xEE if payload.starts_with(b"Adobe") => adobe = true,
            _ => {}
        }
    }
    None
}

fn frame_info(sof: u8, payload: &[u8], orientation: u8, adobe: bool) -> Option<JpegInfo> {
    let be16 = |at: usize| {
        Some(u16::from_be_bytes([
            *payload.get(at)?,
            *payload.get(at + 1)?,
        ]))
    };
    Some(JpegInfo {
        sof,
        precision: *payload.first()?,
        height: be16(1)?,
        width: be16(3)?,
        components: *payload.get(5)?,
        orientation,
        adobe,
        ycbcr: payload.get(5) == Some(&3)
            && [6, 9, 12].map(|at| payload.get(at).copied()) == [Some(1), Some(2), Some(3)],
        chroma_420: payload.get(5) == Some(&3)
            && [7, 10, 13].map(|at| payload.get(at).copied())
                == [Some(0x22), Some(0x11), Some(0x11)],
    })
}

/// Whether a marker segment is metadata that a published edition does not need. ICC profiles
/// (colour), the JFIF header and Adobe's APP14 (how to read the colour components) are image
/// data and stay.
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

/// A JPEG without its metadata, and its frame header.
#[derive(Debug)]
pub struct Stripped {
    pub bytes: Vec<u8>,
    /// The first frame header's facts; `orientation` is the dropped EXIF's (1 when none) and
    /// `adobe` whether an APP14 came before it.
    pub frame: JpegInfo,
}

/// Copies `data` without its metadata segments (EXIF with GPS positions, XMP, Photoshop IPTC,
/// comments, thumbnails); everything else, above all the entropy-coded scans, is copied byte for
/// byte, so the pixels do not change. Anything after the end-of-image marker (camera trailers,
/// MPF secondary images) is dropped too. `None` when the structure does not hold together or no
/// frame header comes before the end.
pub fn strip_metadata(data: &[u8]) -> Option<Stripped> {
    let mut out = Vec::with_capacity(data.len());
    out.extend_from_slice(data.get(..2)?);
    let mut orientation = 1;
    let mut adobe = false;
    let mut frame = None;
    for piece in segments(data) {
        match piece.ok()? {
            Piece::Standalone { at, .. } => out.extend_from_slice(&data[at..at + 2]),
            Piece::Segment {
                marker,
                bytes,
                payload,
                ..
            } => {
                if is_frame_header(marker) && frame.is_none() {
                    frame = Some(frame_info(marker, payload, orientation, adobe)?);
                }
                match marker {
                    0xE1 if payload.starts_with(b"Exif\0\0") && frame.is_none() => {
                        orientation =
                            super::orientation::from_exif_block(&payload[6..]).unwrap_or(1);
                    }
                    0xEE if payload.starts_with(b"Adobe") => adobe = true,
                    _ => {}
                }
                if !is_metadata(marker, payload) {
                    out.extend_from_slice(bytes);
                }
            }
            Piece::Scan { data, .. } => out.extend_from_slice(data),
            Piece::End { .. } => {
                out.extend_from_slice(&[0xFF, 0xD9]);
                return Some(Stripped {
                    bytes: out,
                    frame: frame?,
                });
            }
        }
    }
    None
}

/// What is wrong with a JPEG's structure, or `None` when it holds together: every segment within
/// the file, and inside the compressed image data no marker where none may be and restart
/// markers in order. A file cut short is left to the end-marker check.
///
/// A JPEG damaged in its middle (bytes overwritten by a bad copy or a bad sector) almost always
/// shows it there: random bytes hold 0xFF followed by something other than 0x00 within a few
/// hundred bytes, which no encoder writes. The PDF embeds JPEGs as they are and the EPUB copies
/// them segment by segment, so such a photo would be shipped damaged; input refuses it instead.
/// Decoding every photo to find damage that keeps the structure (bytes zeroed, a few bits
/// flipped) would cost about 8 ms a 1600×1067 photo even at 1/8 scale, 40% of the time budget
/// of a day of 200 articles, and such damage gives wrong pixels, not a failure: it is not looked
/// for. This walk costs a pass over the bytes.
pub fn damage(bytes: &[u8]) -> Option<String> {
    let mut restart_interval = 0u16;
    let mut scans = 0usize;
    for piece in segments(bytes) {
        match piece {
            Err(WalkError::NotJpeg) => {
                return Some("it does not start with a JPEG start-of-image marker".into())
            }
            Err(WalkError::NotAMarker { at }) => {
                return Some(format!("byte {at} should begin a segment and does not"))
            }
            Err(WalkError::Cut { .. }) => return None,
            Err(WalkError::Overrun { marker, at }) => {
                return Some(format!(
                    "its segment 0xFF{marker:02X} at byte {at} runs past the end of the file"
                ))
            }
            Ok(Piece::End { .. }) if scans == 0 => {
                return Some("it ends before any image data".into())
            }
            Ok(Piece::End { .. }) => return None,
            Ok(Piece::Standalone { .. }) => {}
            Ok(Piece::Segment {
                marker,
                at,
                payload,
                ..
            }) => {
                if matches!(marker, 0x02..=0xBF | 0xD8 | 0xF0..=0xFD | 0x00) {
                    return Some(format!(
                        "it has a marker 0xFF{marker:02X} at byte {at} that no JPEG may hold"
                    ));
                }
                // A second frame header after image data.
                if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xCC) && scans > 0 {
                    return Some(format!("it has a second frame header at byte {at}"));
                }
                if marker == 0xDD && payload.len() >= 2 {
                    restart_interval = u16::from_be_bytes([payload[0], payload[1]]);
                }
                if marker == 0xDA {
                    scans += 1;
                }
            }
            Ok(Piece::Scan { at, data }) => {
                if let Err(problem) = check_scan(bytes, at, data.len(), restart_interval) {
                    return Some(problem);
                }
            }
        }
    }
    None
}

/// Restart markers in order inside the `len` bytes of compressed data at `at`, and after them a
/// marker that may follow image data (or the end of the file, left to the end-marker check).
fn check_scan(bytes: &[u8], at: usize, len: usize, restart_interval: u16) -> Result<(), String> {
    let mut next_restart = 0u8;
    let end = at + len;
    let mut i = at;
    while i + 1 < end {
        if bytes[i] == 0xFF {
            if let m @ 0xD0..=0xD7 = bytes[i + 1] {
                if restart_interval == 0 {
                    return Err(format!(
                        "its image data holds a restart marker at byte {i} but it declares no restart interval"
                    ));
                }
                if m - 0xD0 != next_restart {
                    return Err(format!(
                        "its restart markers are out of order at byte {i} (RST{} where RST{next_restart} was due)",
                        m - 0xD0
                    ));
                }
                next_restart = (next_restart + 1) % 8;
                i += 2;
                continue;
            }
            if bytes[i + 1] == 0x00 {
                i += 2;
                continue;
            }
        }
        i += 1;
    }
    match bytes.get(end + 1) {
        // Markers that may follow image data: tables, another scan, the end, comments.
        None | Some(0xC4 | 0xCC | 0xD9 | 0xDA | 0xDB | 0xDC | 0xDD | 0xE0..=0xEF | 0xFE) => Ok(()),
        Some(m) => Err(format!(
            "its image data holds a marker 0xFF{m:02X} at byte {end} where none may be"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::photo::tests::with_orientation;

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
                let _ = header(&whole[..n]);
                let _ = strip_metadata(&whole[..n]);
            }
        }
    }

    #[test]
    fn reads_real_photo_headers() {
        let info = header(&photo("rocket.jpg")).unwrap();
        assert_eq!((info.width, info.height, info.components), (640, 427, 3));
        assert_eq!(info.precision, 8);
        assert_eq!(info.orientation, 1);
        assert!(info.readers_can_show());
        assert!(info.ycbcr);
    }

    #[test]
    fn reads_an_inserted_orientation() {
        let rotated = with_orientation(&photo("rocket.jpg"), 6);
        assert_eq!(header(&rotated).unwrap().orientation, 6);
        assert_eq!(strip_metadata(&rotated).unwrap().frame.orientation, 6);
    }

    #[test]
    fn truncated_or_foreign_bytes_give_none() {
        let rocket = photo("rocket.jpg");
        for cut in [0, 1, 2, 3, 5, 20, 100] {
            assert_eq!(header(&rocket[..cut]), None, "cut at {cut}");
        }
        assert_eq!(header(b"\x89PNG\r\n\x1a\n"), None);
        assert_eq!(header(&[0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x00]), None);
    }

    /// A minimal hand-made JPEG skeleton: SOI, APP1 (EXIF), COM, SOF0, SOS with stuffed bytes
    /// and a restart marker, EOI and a trailer.
    #[test]
    fn stripping_drops_metadata_and_trailer_and_keeps_the_scan() {
        let mut j = vec![0xFF, 0xD8];
        j.extend_from_slice(&[0xFF, 0xE1, 0x00, 0x08, b'E', b'x', b'i', b'f', 0, 0]);
        j.extend_from_slice(&[0xFF, 0xFE, 0x00, 0x04, b'h', b'i']);
        j.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x0B, 8, 0, 1, 0, 1, 1, 1, 0x11, 0]);
        j.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 0x3F, 0]);
        j.extend_from_slice(&[0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]);
        j.extend_from_slice(&[0xFF, 0xD9, 0xAA, 0xBB]);
        let s = strip_metadata(&j).unwrap();
        assert_eq!(
            (s.frame.sof, s.frame.precision, s.frame.components),
            (0xC0, 8, 1)
        );
        assert!(s.frame.readers_can_show());
        assert!(!s.bytes.windows(4).any(|w| w == b"Exif"));
        assert!(!s.bytes.windows(2).any(|w| w == b"hi"));
        assert!(s
            .bytes
            .ends_with(&[0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xD9]));
        // Stripping copies the scan as it is; checking it finds the restart marker that no
        // restart interval announced.
        assert!(damage(&j).unwrap().contains("declares no restart interval"));
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
            assert!(strip_metadata(bad).is_none());
        }
    }
}
