//! Photos brought to the size they are needed at.

use image::imageops::FilterType;
use image::DynamicImage;

/// Exactly `w`×`h` by area averaging: every source pixel counts once, with the share of it each
/// output pixel covers, which is what shrinking needs, at a fraction of a filtered resize's
/// time. 8-bit images that shrink in both directions take the fixed-point path
/// ([`super::area`]); anything else (16-bit, float, enlarging) the image crate's `thumbnail`.
pub fn area_average(image: &DynamicImage, w: u32, h: u32) -> DynamicImage {
    let size = (image.width(), image.height());
    let shrunk = |samples: &[u8], channels| super::area::shrink(samples, size, channels, (w, h));
    let fast = match image {
        DynamicImage::ImageLuma8(i) => shrunk(i.as_raw(), 1)
            .and_then(|v| image::GrayImage::from_raw(w, h, v))
            .map(DynamicImage::ImageLuma8),
        DynamicImage::ImageLumaA8(i) => shrunk(i.as_raw(), 2)
            .and_then(|v| image::GrayAlphaImage::from_raw(w, h, v))
            .map(DynamicImage::ImageLumaA8),
        DynamicImage::ImageRgb8(i) => shrunk(i.as_raw(), 3)
            .and_then(|v| image::RgbImage::from_raw(w, h, v))
            .map(DynamicImage::ImageRgb8),
        DynamicImage::ImageRgba8(i) => shrunk(i.as_raw(), 4)
            .and_then(|v| image::RgbaImage::from_raw(w, h, v))
            .map(DynamicImage::ImageRgba8),
        _ => None,
    };
    fast.unwrap_or_else(|| image.thumbnail_exact(w, h))
}

/// The photo at exactly `target` pixels, to be copied onto a page pixel for pixel (a preview):
/// area-averaged when it shrinks, interpolated when it grows.
pub fn to_exact(image: DynamicImage, target: (u32, u32)) -> DynamicImage {
    let (w, h) = (image.width(), image.height());
    if (w, h) == target {
        image
    } else if w >= target.0 && h >= target.1 {
        area_average(&image, target.0, target.1)
    } else {
        image.resize_exact(target.0, target.1, FilterType::Triangle)
    }
}

/// The size [`fit_within`] brings a `w`×`h` photo to: image 0.25's `resize(max, max, _)`
/// arithmetic (`resize_dimensions`), so that a caller knows a photo's size before decoding it.
pub fn fitted_size(w: u32, h: u32, max_edge: u32) -> (u32, u32) {
    if w.max(h) <= max_edge {
        return (w, h);
    }
    let edge = f64::from(max_edge);
    let ratio = f64::min(edge / f64::from(w), edge / f64::from(h));
    // At most `max_edge`: the conversion cannot saturate.
    let side = |v: u32| ((f64::from(v) * ratio).round() as u32).max(1);
    (side(w), side(h))
}

/// The photo brought down to `max_edge` on its long side (as it is when it fits), at
/// [`fitted_size`]. Catmull-Rom: sharp enough for photos, several times faster than Lanczos.
/// The convolution is fast_image_resize's (SIMD, 8-bit samples kept as integers): image's own
/// resize spent a third of its time rounding floats, and was 40% of a mixed day's EPUB.
pub fn fit_within(image: DynamicImage, max_edge: u32) -> DynamicImage {
    let (w, h) = (image.width(), image.height());
    if w.max(h) <= max_edge {
        return image;
    }
    let (fw, fh) = fitted_size(w, h, max_edge);
    convolve(&image, fw, fh).unwrap_or_else(|| image.resize_exact(fw, fh, FilterType::CatmullRom))
}

/// `image` resampled to exactly `w`×`h` by a Catmull-Rom convolution; `None` for a pixel type
/// fast_image_resize does not take (32-bit float samples), which image's resize then handles.
fn convolve(image: &DynamicImage, w: u32, h: u32) -> Option<DynamicImage> {
    use fast_image_resize::{FilterType as Filter, ResizeAlg, ResizeOptions, Resizer};
    let mut out = DynamicImage::new(w, h, image.color());
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(Filter::CatmullRom));
    Resizer::new().resize(image, &mut out, &options).ok()?;
    Some(out)
}

/// The largest size with the aspect ratio of `w`×`h` that fits in `limit`.
pub fn fit(w: u32, h: u32, limit: (u32, u32)) -> (u32, u32) {
    let scale = (limit.0 as f64 / w as f64).min(limit.1 as f64 / h as f64);
    (
        ((w as f64 * scale).round() as u32).max(1),
        ((h as f64 * scale).round() as u32).max(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The planned size must be the one `DynamicImage::resize` gives, rounding included (the
    /// size an EPUB's pages announce is known before the photo is decoded).
    #[test]
    fn fitted_size_is_what_resize_gives() {
        for (w, h, max) in [
            (4000, 2660, 1600),
            (3000, 2000, 1600),
            (2000, 3000, 1600),
            (1601, 1, 1600),
            (1, 1601, 1600),
            (1700, 1700, 1600),
            (999, 333, 100),
            (640, 427, 1600),
            (1067, 1601, 1600),
        ] {
            let img = DynamicImage::new_luma8(w, h);
            let resized = if w.max(h) > max {
                img.resize(max, max, FilterType::Nearest)
            } else {
                img
            };
            assert_eq!(
                fitted_size(w, h, max),
                (resized.width(), resized.height()),
                "{w}×{h} → {max}"
            );
        }
    }

    /// The SIMD convolution gives the pixels image's own Catmull-Rom resize gives, within
    /// rounding: a real photo shrunk both ways differs by at most a few levels anywhere.
    #[test]
    fn fit_within_matches_a_catmull_rom_resize() {
        let photo = image::open(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/photos/grace_hopper.jpg"
        ))
        .expect("test photo");
        let max = photo.width().max(photo.height()) * 2 / 5;
        let ours = fit_within(photo.clone(), max).to_rgb8();
        let theirs = photo.resize(max, max, FilterType::CatmullRom).to_rgb8();
        assert_eq!(ours.dimensions(), theirs.dimensions());
        let diffs: Vec<u8> = ours
            .as_raw()
            .iter()
            .zip(theirs.as_raw())
            .map(|(a, b)| a.abs_diff(*b))
            .collect();
        let mean = diffs.iter().map(|&d| f64::from(d)).sum::<f64>() / diffs.len() as f64;
        let worst = diffs.iter().copied().max().unwrap_or(0);
        assert!(mean < 0.5 && worst <= 10, "mean {mean:.3}, worst {worst}");
    }
}
