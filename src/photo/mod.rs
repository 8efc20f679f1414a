//! Photos, one path for every output: probing and checking files without decoding them
//! ([`jpeg`], [`png`], [`gif`]), EXIF orientation ([`orientation`]), decoding upright with the
//! JPEG decoder's DCT scaling ([`decode`]), resampling ([`resample`]) and encoding again
//! ([`encode`]).
//!
//! A leaf below the stages: input checks photos with it, and the PDF, the EPUB and the raster
//! previews prepare them with it, so a photo is read, turned and shrunk the same way whatever
//! the output. It works on bytes; reading files (and their limits) stays with input.

pub mod area;
pub mod decode;
pub mod encode;
pub mod gif;
pub mod jpeg;
pub mod orientation;
pub mod png;
pub mod resample;

#[cfg(test)]
pub(crate) mod tests {
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

    /// `jpeg` with an EXIF segment saying `orientation` right after its start-of-image marker.
    pub(crate) fn with_orientation(jpeg: &[u8], orientation: u8) -> Vec<u8> {
        let mut out = jpeg[..2].to_vec();
        out.extend(exif_app1(orientation));
        out.extend_from_slice(&jpeg[2..]);
        out
    }
}
