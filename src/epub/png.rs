//! Dropping metadata from a PNG without touching its pixels, as [`super::jpeg`] does for JPEGs:
//! the chunks that describe pixels are copied byte for byte, the rest (text, timestamps, EXIF)
//! left out.

/// PNG chunks that describe pixels (or their colour); every other ancillary chunk (text,
/// timestamps, EXIF) is metadata and dropped.
const PNG_KEEP: [&[u8; 4]; 12] = [
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
    b"acTL", b"fcTL",
];

/// Copies a PNG without its metadata chunks; `None` when it does not parse (it is then decoded
/// and encoded again, which reports the real problem).
pub(crate) fn strip_metadata(data: &[u8]) -> Option<Vec<u8>> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    let mut rest = data.strip_prefix(SIGNATURE)?;
    let mut out = SIGNATURE.to_vec();
    while !rest.is_empty() {
        let len = usize::try_from(u32::from_be_bytes(rest.get(..4)?.try_into().ok()?)).ok()?;
        let total = len.checked_add(12)?;
        let chunk = rest.get(..total)?;
        let kind = &chunk[4..8];
        if PNG_KEEP.iter().any(|k| k.as_slice() == kind) || kind == b"fdAT" {
            out.extend_from_slice(chunk);
        }
        rest = &rest[total..];
        if kind == b"IEND" {
            return Some(out);
        }
    }
    None
}
