//! A PNG's chunks, walked without decoding: one chunk walker ([`chunks`]) and what is read
//! through it — chunks that inflate past their bound ([`oversized_chunk`]) and a copy without
//! metadata ([`strip_metadata`]).
//!
//! Chunks that inflate: `iCCP` (a colour profile), `zTXt` and `iTXt` (text) hold zlib data
//! that a few hundred bytes can turn into gigabytes. Decoders bound them differently (Pillow
//! refuses more than 1 MiB per chunk, "Decompressed Data Too Large"), and the EPUB hands the
//! file on to readers' devices as it is. So each such chunk is inflated here with a bound, and a
//! PNG with one over the bound is refused: re-exporting it without its metadata is the fix.

use std::io::Read;

const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Most bytes one compressed chunk may inflate to (Pillow's `MAX_TEXT_CHUNK`).
pub const MAX_CHUNK_INFLATED: u64 = 1 << 20;
/// Most bytes all text and profile chunks of a file may hold together, inflated.
pub const MAX_INFLATED_TOTAL: u64 = 16 << 20;

/// One chunk: its type, its data and all of its bytes (length, type, data, CRC).
pub struct Chunk<'a> {
    pub kind: &'a [u8],
    pub data: &'a [u8],
    pub bytes: &'a [u8],
}

/// The chunks after the 8-byte signature (not checked here), in file order, up to the first
/// that does not fit in the file.
pub fn chunks(bytes: &[u8]) -> impl Iterator<Item = Chunk<'_>> {
    let mut rest = bytes.get(8..).unwrap_or(&[]);
    std::iter::from_fn(move || {
        let len = usize::try_from(u32::from_be_bytes(rest.get(..4)?.try_into().ok()?)).ok()?;
        let chunk = rest.get(..len.checked_add(12)?)?;
        rest = &rest[chunk.len()..];
        Some(Chunk {
            kind: &chunk[4..8],
            data: &chunk[8..8 + len],
            bytes: chunk,
        })
    })
}

/// The first chunk that inflates past its bound, as (chunk type, what is wrong); `None` when
/// every chunk is within bounds. The chunk walk stops at `IEND` or where the file stops making
/// sense (the decoder and the end-marker check report broken files).
pub fn oversized_chunk(bytes: &[u8]) -> Option<(String, String)> {
    let mut total = 0u64;
    for Chunk { kind, data, .. } in chunks(bytes) {
        let len = data.len();
        let name = String::from_utf8_lossy(kind).into_owned();
        let compressed = match kind {
            // name, NUL, method, zlib data
            b"iCCP" | b"zTXt" => after_nul(data).map(|rest| rest.get(1..).unwrap_or(&[])),
            // keyword, NUL, compression flag, method, language NUL, translated keyword NUL, text
            b"iTXt" => after_nul(data).and_then(|rest| match rest {
                [1, _, tail @ ..] => after_nul(tail).and_then(after_nul),
                _ => None,
            }),
            b"IEND" => return None,
            _ => None,
        };
        if let Some(z) = compressed {
            let mut inflated = 0u64;
            let mut decoder = flate2::read::ZlibDecoder::new(z).take(MAX_CHUNK_INFLATED + 1);
            let mut buf = [0u8; 16 * 1024];
            loop {
                match decoder.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => inflated += n as u64,
                    Err(_) => {
                        return Some((name, "holds compressed data that does not inflate".into()))
                    }
                }
            }
            if inflated > MAX_CHUNK_INFLATED {
                return Some((
                    name,
                    format!("inflates past {} MiB", MAX_CHUNK_INFLATED >> 20),
                ));
            }
            total += inflated;
        } else if matches!(kind, b"tEXt") {
            total += len as u64;
        }
        if total > MAX_INFLATED_TOTAL {
            return Some((
                name,
                format!(
                    "brings the text and profile chunks past {} MiB",
                    MAX_INFLATED_TOTAL >> 20
                ),
            ));
        }
    }
    None
}

fn after_nul(data: &[u8]) -> Option<&[u8]> {
    let i = data.iter().position(|&b| b == 0)?;
    Some(&data[i + 1..])
}

/// PNG chunks that describe pixels (or their colour); every other ancillary chunk (text,
/// timestamps, EXIF) is metadata and dropped.
const PNG_KEEP: [&[u8; 4]; 12] = [
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
    b"acTL", b"fcTL",
];

/// Copies a PNG without its metadata chunks (the pixels' chunks byte for byte); `None` when it does not parse (it is then decoded
/// and encoded again, which reports the real problem).
pub fn strip_metadata(data: &[u8]) -> Option<Vec<u8>> {
    if !data.starts_with(SIGNATURE) {
        return None;
    }
    let mut out = SIGNATURE.to_vec();
    for chunk in chunks(data) {
        if PNG_KEEP.iter().any(|k| k.as_slice() == chunk.kind) || chunk.kind == b"fdAT" {
            out.extend_from_slice(chunk.bytes);
        }
        if chunk.kind == b"IEND" {
            return Some(out);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A 1×1 PNG with `chunk` (type, data) before its image data.
    fn png_with(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        use image::ImageEncoder;
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(&[0, 0, 0], 1, 1, image::ExtendedColorType::Rgb8)
            .unwrap();
        let idat = png.windows(4).position(|w| w == b"IDAT").unwrap() - 4;
        let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
        chunk.extend_from_slice(kind);
        chunk.extend_from_slice(data);
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        chunk.extend_from_slice(&crc.sum().to_be_bytes());
        png.splice(idat..idat, chunk);
        png
    }

    fn zlib(bytes: &[u8]) -> Vec<u8> {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(bytes).unwrap();
        z.finish().unwrap()
    }

    #[test]
    fn a_profile_that_inflates_to_gigabytes_is_found() {
        let mut iccp = b"bomb\0\0".to_vec();
        iccp.extend(zlib(&vec![0u8; 8 << 20]));
        let found = oversized_chunk(&png_with(b"iCCP", &iccp)).unwrap();
        assert_eq!(found.0, "iCCP");
        let mut small = b"fine\0\0".to_vec();
        small.extend(zlib(&[1u8; 3000]));
        assert_eq!(oversized_chunk(&png_with(b"iCCP", &small)), None);
        let mut itxt = b"Comment\0\x01\0en\0\0".to_vec();
        itxt.extend(zlib(&vec![b'a'; 2 << 20]));
        assert_eq!(
            oversized_chunk(&png_with(b"iTXt", &itxt)).unwrap().0,
            "iTXt"
        );
        // Cut anywhere: no panic.
        let png = png_with(b"iCCP", &iccp);
        for n in (0..png.len()).step_by(97) {
            let _ = oversized_chunk(&png[..n]);
        }
    }
}
