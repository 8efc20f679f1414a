//! Why a page could not be drawn or its image written.

use std::path::PathBuf;

/// Anything that stopped the raster backend.
#[derive(Debug, thiserror::Error)]
pub enum RasterError {
    /// A photo named by the frames could not be read or decoded.
    #[error("{path}: cannot draw the photo: {message}")]
    Photo { path: PathBuf, message: String },
    /// The page is too large for an image at this resolution (or has no area).
    #[error("a page of {width}×{height} pt at {dpi} dpi is too large for an image")]
    Size { width: f32, height: f32, dpi: f32 },
    /// Encoding the image (PNG or JPEG) failed.
    #[error("cannot encode the page image: {0}")]
    Encode(#[from] image::ImageError),
}
