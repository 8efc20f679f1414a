//! A PNG's chunks, walked without decoding: one chunk walker ([`chunks`]) and what is read
//! through it — chunks that inflate past their bound ([`oversized_chunk`]), a copy without
//! metadata ([`strip_metadata`]) and the compressed samples as they are ([`samples`]).
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

/// A PNG's pixels as its file holds them: zlib-compressed rows, each led by its filter type.
/// That is exactly a PDF image stream under `/FlateDecode` with `/Predictor 15`, so the PDF can
/// carry the PNG's own compressed data without decoding it.
pub struct Samples {
    pub width: u32,
    pub height: u32,
    /// 1 (grey) or 3 (RGB).
    pub colours: u8,
    /// 8 or 16 (big-endian, as PDF takes them).
    pub bits: u8,
    /// The IDAT chunks' data, joined.
    pub zlib: Vec<u8>,
}

/// The compressed samples of a PNG whose pixels are exactly what a decoder would give: grey or
/// RGB, 8 or 16 bits, not interlaced, without transparency (`tRNS`), animation or an EXIF
/// orientation (`eXIf`, which a decoder applies). `None` for anything else, for a chunk whose
/// CRC does not match, and when the file ends before `IEND`: such files are decoded, which
/// handles them or reports what is wrong. Colour chunks (`gAMA`, `iCCP`, `sRGB`) are ignored,
/// as the decoder ignores them.
pub fn samples(bytes: &[u8]) -> Option<Samples> {
    if !bytes.starts_with(SIGNATURE) {
        return None;
    }
    let mut header = None;
    let mut zlib = Vec::new();
    for chunk in chunks(bytes) {
        let mut crc = flate2::Crc::new();
        crc.update(chunk.kind);
        crc.update(chunk.data);
        if chunk.bytes[chunk.bytes.len() - 4..] != crc.sum().to_be_bytes() {
            return None;
        }
        match (chunk.kind, chunk.data) {
            (b"IHDR", [w0, w1, w2, w3, h0, h1, h2, h3, bits, colour, 0, 0, 0]) => {
                let colours = match colour {
                    0 => 1,
                    2 => 3,
                    _ => return None,
                };
                if !matches!(bits, 8 | 16) {
                    return None;
                }
                let width = u32::from_be_bytes([*w0, *w1, *w2, *w3]);
                let height = u32::from_be_bytes([*h0, *h1, *h2, *h3]);
                if width == 0 || height == 0 {
                    return None;
                }
                header = Some((width, height, colours, *bits));
            }
            (b"IHDR", _) | (b"tRNS" | b"acTL" | b"eXIf", _) => return None,
            (b"IDAT", data) => zlib.extend_from_slice(data),
            (b"IEND", _) => {
                let (width, height, colours, bits) = header?;
                return (!zlib.is_empty()).then_some(Samples {
                    width,
                    height,
                    colours,
                    bits,
                    zlib,
                });
            }
            _ => {}
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

    #[test]
    fn plain_rgb_samples_are_handed_over_and_the_rest_is_not() {
        use image::ImageEncoder;
        let encode = |samples: &[u8], colour| {
            let mut png = Vec::new();
            image::codecs::png::PngEncoder::new(&mut png)
                .write_image(samples, 2, 1, colour)
                .unwrap();
            png
        };
        let rgb = encode(&[1, 2, 3, 4, 5, 6], image::ExtendedColorType::Rgb8);
        let found = samples(&rgb).unwrap();
        assert_eq!(
            (found.width, found.height, found.colours, found.bits),
            (2, 1, 3, 8)
        );
        // The rows come back, each led by its filter type byte.
        let mut rows = Vec::new();
        flate2::read::ZlibDecoder::new(&found.zlib[..])
            .read_to_end(&mut rows)
            .unwrap();
        assert_eq!(rows.len(), 7);
        // Alpha, a damaged chunk, a file cut short, an EXIF orientation: decoded instead.
        assert!(samples(&encode(&[0; 8], image::ExtendedColorType::Rgba8)).is_none());
        let mut damaged = rgb.clone();
        let idat = damaged.windows(4).position(|w| w == b"IDAT").unwrap();
        damaged[idat + 5] ^= 1;
        assert!(samples(&damaged).is_none());
        assert!(samples(&rgb[..rgb.len() - 12]).is_none());
        let mut chunk = 0u32.to_be_bytes().to_vec();
        chunk.extend_from_slice(b"eXIf");
        let mut crc = flate2::Crc::new();
        crc.update(b"eXIf");
        chunk.extend_from_slice(&crc.sum().to_be_bytes());
        let mut turned = rgb.clone();
        turned.splice(idat - 4..idat - 4, chunk);
        assert!(samples(&turned).is_none());
    }
}
