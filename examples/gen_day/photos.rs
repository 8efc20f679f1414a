//! The lead photos: the shared sample photos scaled to cover 1600×1067, cropped and flipped
//! differently for every article.

use std::path::{Path, PathBuf};

use image::{imageops, RgbImage};
use rayon::prelude::*;

const WIDTH: u32 = 1600;
const HEIGHT: u32 = 1067;
/// Sources are scaled this much over the photo size, leaving room for per-article crops.
const ZOOM: f32 = 1.25;

/// The sample photos, decoded and scaled once to cover ZOOM × the photo size.
pub fn load(dir: &Path) -> Result<Vec<RgbImage>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e} (give the photos with --photos)", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|e| matches!(e.to_str(), Some("jpg" | "jpeg" | "png")))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("{}: no .jpg or .png photo", dir.display()));
    }
    files
        .par_iter()
        .map(|f| {
            let img = image::open(f).map_err(|e| format!("{}: {e}", f.display()))?;
            let (w, h) = (WIDTH as f32 * ZOOM, HEIGHT as f32 * ZOOM);
            let scale = (w / img.width() as f32).max(h / img.height() as f32);
            let (sw, sh) = (
                (img.width() as f32 * scale).ceil() as u32,
                (img.height() as f32 * scale).ceil() as u32,
            );
            let scaled = img.resize_exact(sw, sh, imageops::FilterType::Triangle);
            Ok(scaled.to_rgb8())
        })
        .collect()
}

/// Photo `i` as JPEG: source `i mod n`, then a crop offset and a flip that differ for every `i`
/// (the position is a bijection of the index, so no two photos share source, offset and flip).
pub fn photo(sources: &[RgbImage], seed: u64, i: usize) -> Result<Vec<u8>, String> {
    let src = &sources[i % sources.len()];
    let k = (i / sources.len()) as u64;
    let (free_x, free_y) = (
        u64::from(src.width() - WIDTH + 1),
        u64::from(src.height() - HEIGHT + 1),
    );
    let cells = free_x * free_y;
    let pos = ((k / 2).wrapping_mul(7919) + seed.wrapping_mul(104_729)) % cells;
    let (x, y) = ((pos % free_x) as u32, (pos / free_x) as u32);
    let mut crop = imageops::crop_imm(src, x, y, WIDTH, HEIGHT).to_image();
    if k % 2 == 1 {
        imageops::flip_horizontal_in_place(&mut crop);
    }
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85)
        .encode_image(&crop)
        .map_err(|e| format!("photo {i}: {e}"))?;
    Ok(jpeg)
}
