//! The photos: the sample photos scaled to cover 1600×1067, cropped and flipped differently for
//! every article; on a mixed day, 1–3 photos per article in six sizes and shapes, some PNG.

use std::path::{Path, PathBuf};

use image::{imageops, ImageEncoder, RgbImage};
use rayon::prelude::*;

const WIDTH: u32 = 1600;
const HEIGHT: u32 = 1067;
/// Sources are scaled this much over the photo size, leaving room for per-article crops.
const ZOOM: f32 = 1.25;

/// The sample photos, decoded and scaled once to cover ZOOM × the photo size.
pub fn load(dir: &Path) -> Result<Vec<RgbImage>, String> {
    sample_files(dir)?
        .par_iter()
        .map(|f| {
            let img = image::open(f).map_err(|e| format!("{}: {e}", f.display()))?;
            Ok(cover(&img, WIDTH as f32 * ZOOM, HEIGHT as f32 * ZOOM))
        })
        .collect()
}

/// The `.jpg` and `.png` files of `dir`, sorted.
fn sample_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
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
    Ok(files)
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

/// The photos of a mixed day come in these shapes and formats, as a newsroom's do: mostly
/// landscape news photos, some portraits, now and then a camera original of 4000 px, some PNG
/// graphics, small agency pictures and wide panoramas.
#[derive(Clone, Copy)]
struct Kind {
    name: &'static str,
    width: u32,
    height: u32,
    png: bool,
    /// Out of [`SHARES`]' total, how many photos are of this kind.
    share: u64,
}

const KINDS: [Kind; 6] = [
    Kind {
        name: "news",
        width: 1600,
        height: 1067,
        png: false,
        share: 8,
    },
    Kind {
        name: "portrait",
        width: 1067,
        height: 1600,
        png: false,
        share: 4,
    },
    Kind {
        name: "camera",
        width: 4000,
        height: 2667,
        png: false,
        share: 1,
    },
    Kind {
        name: "graphic",
        width: 1200,
        height: 800,
        png: true,
        share: 3,
    },
    Kind {
        name: "agency",
        width: 800,
        height: 600,
        png: false,
        share: 2,
    },
    Kind {
        name: "panorama",
        width: 2400,
        height: 1000,
        png: false,
        share: 2,
    },
];
/// The sum of the kinds' shares.
const SHARES: u64 = 20;
/// A mixed day's sources are scaled this much over each kind's size (less than [`ZOOM`]: a
/// 4000 px photo's source would otherwise take 50 MB per sample photo).
const MIX_ZOOM: f32 = 1.1;
/// Photos of a mixed day are kept here, inside the output folder, by kind, source, crop and
/// flip, so that making a day again (or a bigger one) encodes only photos not made before.
pub const CACHE: &str = ".photo-cache";

/// The sample photos of a mixed day, scaled for a kind when a photo of that kind is first made.
pub struct Mixed {
    originals: Vec<image::DynamicImage>,
    scaled: Vec<std::sync::OnceLock<RgbImage>>,
}

impl Mixed {
    pub fn load(dir: &Path) -> Result<Mixed, String> {
        let originals = sample_files(dir)?
            .par_iter()
            .map(|f| image::open(f).map_err(|e| format!("{}: {e}", f.display())))
            .collect::<Result<Vec<_>, String>>()?;
        let scaled = (0..originals.len() * KINDS.len())
            .map(|_| std::sync::OnceLock::new())
            .collect();
        Ok(Mixed { originals, scaled })
    }

    /// Source `s` scaled to cover [`MIX_ZOOM`] × the kind's size.
    fn source(&self, kind: usize, s: usize) -> &RgbImage {
        self.scaled[kind * self.originals.len() + s].get_or_init(|| {
            let k = KINDS[kind];
            cover(
                &self.originals[s],
                k.width as f32 * MIX_ZOOM,
                k.height as f32 * MIX_ZOOM,
            )
        })
    }

    /// The file name (`NAME.jpg` or `NAME.png`) of photo `k` of article `i`.
    pub fn file_name(&self, seed: u64, name: &str, i: usize, k: usize) -> String {
        let ext = if KINDS[kind_of(seed, i, k)].png {
            "png"
        } else {
            "jpg"
        };
        if k == 0 {
            format!("{name}.{ext}")
        } else {
            format!("{name}-{k}.{ext}")
        }
    }

    /// Photo `k` of article `i` written to `dest`: taken from the cache in `out` when it was
    /// made before, else cropped, encoded and cached. Returns its size in bytes.
    pub fn write(
        &self,
        out: &Path,
        dest: &Path,
        seed: u64,
        i: usize,
        k: usize,
    ) -> Result<u64, String> {
        let kind = kind_of(seed, i, k);
        let spec = KINDS[kind];
        // Every photo of a day has its own index, so no two share source, crop and flip.
        let idx = i * 3 + k;
        let s = idx % self.originals.len();
        let variant = (idx / self.originals.len()) as u64;
        // The crop offset, known before the source is scaled (which a cache hit skips).
        let (sw, sh) = cover_size(
            &self.originals[s],
            spec.width as f32 * MIX_ZOOM,
            spec.height as f32 * MIX_ZOOM,
        );
        let (free_x, free_y) = (
            u64::from(sw - spec.width + 1),
            u64::from(sh - spec.height + 1),
        );
        let pos =
            ((variant / 2).wrapping_mul(7919) + seed.wrapping_mul(104_729)) % (free_x * free_y);
        let (x, y) = ((pos % free_x) as u32, (pos / free_x) as u32);
        let flip = variant % 2 == 1;
        let ext = if spec.png { "png" } else { "jpg" };
        let cached = out.join(CACHE).join(format!(
            "{}-{s}-{x}-{y}-{}.{ext}",
            spec.name,
            u8::from(flip)
        ));
        if !cached.exists() {
            let mut crop =
                imageops::crop_imm(self.source(kind, s), x, y, spec.width, spec.height).to_image();
            if flip {
                imageops::flip_horizontal_in_place(&mut crop);
            }
            let mut bytes = Vec::new();
            if spec.png {
                image::codecs::png::PngEncoder::new(&mut bytes)
                    .write_image(
                        &crop,
                        crop.width(),
                        crop.height(),
                        image::ExtendedColorType::Rgb8,
                    )
                    .map_err(|e| format!("photo {}: {e}", dest.display()))?;
            } else {
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 85)
                    .encode_image(&crop)
                    .map_err(|e| format!("photo {}: {e}", dest.display()))?;
            }
            // Written under a temporary name first: a cache file is whole or absent.
            let part = cached.with_extension(format!("{ext}.part{idx}"));
            std::fs::write(&part, &bytes).map_err(|e| format!("{}: {e}", part.display()))?;
            std::fs::rename(&part, &cached).map_err(|e| format!("{}: {e}", cached.display()))?;
        }
        if std::fs::hard_link(&cached, dest).is_err() {
            std::fs::copy(&cached, dest).map_err(|e| format!("{}: {e}", dest.display()))?;
        }
        std::fs::metadata(dest)
            .map(|m| m.len())
            .map_err(|e| format!("{}: {e}", dest.display()))
    }
}

/// The kind of photo `k` of article `i`, drawn by [`KINDS`]' shares.
fn kind_of(seed: u64, i: usize, k: usize) -> usize {
    let mut r = mix(seed, (i * 3 + k) as u64) % SHARES;
    for (n, kind) in KINDS.iter().enumerate() {
        if r < kind.share {
            return n;
        }
        r -= kind.share;
    }
    0
}

/// splitmix64 of a seed and an index: a well-spread number without a generator's state.
fn mix(seed: u64, i: u64) -> u64 {
    let mut z = seed.wrapping_add(i.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The size `img` is scaled to so that it covers `w` × `h`.
fn cover_size(img: &image::DynamicImage, w: f32, h: f32) -> (u32, u32) {
    let scale = (w / img.width() as f32).max(h / img.height() as f32);
    (
        (img.width() as f32 * scale).ceil() as u32,
        (img.height() as f32 * scale).ceil() as u32,
    )
}

fn cover(img: &image::DynamicImage, w: f32, h: f32) -> RgbImage {
    let (sw, sh) = cover_size(img, w, h);
    img.resize_exact(sw, sh, imageops::FilterType::Triangle)
        .to_rgb8()
}
