//! A synthetic news day for the benchmark (`benches/run.sh`): N articles of real Arabic text,
//! each with a 1600×1067 JPEG lead photo, and the `edition.toml` that names them.
//!
//! ```sh
//! cargo run --release --example gen_day -- --articles 200 --out benches/out/day-200 \
//!     [--seed 1] [--photos /work/shared/photos] [--text /work/shared/seed/dostor-qatar-blinken.txt]
//! ```
//!
//! Why synthetic: a benchmark must be repeatable at any size, and real days of 1000 articles are
//! not ours to ship. Why from real text: shaping, bidi and line breaking cost what real Arabic
//! costs (joining, harakat, Latin names, digits, «» quotes), which lorem ipsum would not show.
//! The sentences of the seed article and of the shipped examples are shuffled per article by a
//! tiny seeded xorshift (not `rand`: no new dependency, and the stream can never change under
//! us), so the same seed gives byte-identical files on every machine.
//!
//! Photos are the shared sample photos scaled to cover 1600×1067 (a news photo's size), then
//! cropped at an offset and flipped per article, so that no two are byte-identical (an EPUB
//! writer that deduplicates by hash would otherwise look faster than it is on a real day).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use image::{imageops, RgbImage};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

const WIDTH: u32 = 1600;
const HEIGHT: u32 = 1067;
/// Sources are scaled this much over the photo size, leaving room for per-article crops.
const ZOOM: f32 = 1.25;
const SECTIONS: [&str; 5] = ["سياسة", "اقتصاد", "علوم", "ثقافة", "رياضة"];
const BYLINES: [&str; 4] = ["الدستور", "قسم الأخبار", "محرر الاقتصاد", "وكالات"];
/// First line of a generated manifest: lets a later run clear the folder it made, and only that.
const MARKER: &str = "# Synthetic day made by `cargo run --example gen_day`";

struct Args {
    articles: usize,
    out: PathBuf,
    seed: u64,
    photos: PathBuf,
    text: PathBuf,
}

fn main() {
    if let Err(e) = run() {
        eprintln!("gen_day: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let args = parse_args(std::env::args().skip(1))?;
    let started = Instant::now();
    let corpus = Corpus::load(&args.text)?;
    let sources = load_photos(&args.photos)?;
    prepare_out(&args.out)?;
    let digits = args.articles.to_string().len().max(4);
    let bytes: u64 = (0..args.articles)
        .into_par_iter()
        .map(|i| -> Result<u64, String> {
            let name = format!("{:0digits$}", i + 1);
            let mut rng = Rng::new(args.seed, i as u64);
            let article = corpus.article(&name, i, &mut rng);
            let json = serde_json::to_string_pretty(&article).map_err(|e| e.to_string())?;
            let path = args.out.join("articles").join(format!("{name}.json"));
            write(&path, json.as_bytes())?;
            let jpeg = photo(&sources, args.seed, i)?;
            write(&args.out.join("photos").join(format!("{name}.jpg")), &jpeg)?;
            Ok((json.len() + jpeg.len()) as u64)
        })
        .collect::<Result<Vec<u64>, String>>()?
        .into_iter()
        .sum();
    write(&args.out.join("edition.toml"), manifest(&args).as_bytes())?;
    println!(
        "gen_day: {} articles and photos ({:.1} MB, from {} sentences) in {} in {:.2} s",
        args.articles,
        bytes as f64 / 1e6,
        corpus.sentences.len(),
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn parse_args(mut it: impl Iterator<Item = String>) -> Result<Args, String> {
    let usage = "usage: gen_day --articles N --out DIR [--seed S] [--photos DIR] [--text FILE]";
    let (mut articles, mut out, mut seed) = (None, None, 1u64);
    let mut photos = PathBuf::from("/work/shared/photos");
    let mut text = PathBuf::from("/work/shared/seed/dostor-qatar-blinken.txt");
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value; {usage}"));
        match flag.as_str() {
            "--articles" => articles = Some(value()?.parse().map_err(|e| format!("{e}"))?),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--seed" => seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--photos" => photos = PathBuf::from(value()?),
            "--text" => text = PathBuf::from(value()?),
            _ => return Err(format!("unknown argument `{flag}`; {usage}")),
        }
    }
    match (articles, out) {
        (Some(articles), Some(out)) if articles > 0 => Ok(Args {
            articles,
            out,
            seed,
            photos,
            text,
        }),
        _ => Err(usage.into()),
    }
}

/// xorshift64* seeded through splitmix64, one stream per article so that articles can be made
/// in parallel and still come out the same.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut z = seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.between(0, i));
        }
    }
}

/// One generated article, fields in the order a person would write them (`json!` would sort them).
#[derive(Serialize)]
struct Article {
    id: String,
    title: String,
    section: &'static str,
    byline: &'static str,
    published: &'static str,
    image: Photo,
    body: Vec<Block>,
}

#[derive(Serialize)]
struct Block {
    #[serde(rename = "type")]
    kind: &'static str,
    text: String,
}

#[derive(Serialize)]
struct Photo {
    src: String,
    alt: String,
    caption: String,
    credit: &'static str,
}

/// The real text articles are made from: body sentences and short lines fit for headings.
struct Corpus {
    sentences: Vec<String>,
    headings: Vec<String>,
}

impl Corpus {
    fn load(seed_text: &Path) -> Result<Corpus, String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/dostor");
        let text = std::fs::read_to_string(seed_text).map_err(|e| {
            format!(
                "{}: {e} (give the seed article with --text)",
                seed_text.display()
            )
        })?;
        let mut c = Corpus {
            sentences: Vec::new(),
            headings: Vec::new(),
        };
        // Lines 1–4 are the scraped masthead; lines without a full stop are the headline,
        // the captions and the subheading.
        for line in text
            .lines()
            .skip(4)
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            if line.ends_with(['.', '؟', '!']) {
                c.add_paragraph(line);
            } else {
                c.add_heading(line);
            }
        }
        let mut files: Vec<PathBuf> = [root.clone(), root.join("more")]
            .iter()
            .filter_map(|d| std::fs::read_dir(d).ok())
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for f in files {
            let v: Value = std::fs::read_to_string(&f)
                .ok()
                .and_then(|t| serde_json::from_str(&t).ok())
                .ok_or(format!("{}: not readable JSON", f.display()))?;
            c.add_heading(v["title"].as_str().unwrap_or(""));
            match &v["body"] {
                Value::String(s) => s.split("\n\n").for_each(|p| c.add_paragraph(p)),
                Value::Array(blocks) => {
                    for b in blocks {
                        match b["type"].as_str() {
                            Some("heading") => c.add_heading(b["text"].as_str().unwrap_or("")),
                            _ => c.add_paragraph(b["text"].as_str().unwrap_or("")),
                        }
                    }
                }
                _ => {}
            }
        }
        if c.sentences.len() < 12 || c.headings.is_empty() {
            return Err("too little Arabic text found to make articles from".into());
        }
        Ok(c)
    }

    fn add_paragraph(&mut self, p: &str) {
        let found = sentences(p).into_iter().filter(|s| mostly_arabic(s));
        self.sentences.extend(found);
    }

    fn add_heading(&mut self, h: &str) {
        if mostly_arabic(h) {
            self.headings.push(h.trim().to_string());
        }
    }

    /// Article `i` as JSON: a headline from the first words of a sentence, 4–12 paragraphs of
    /// 1–3 shuffled sentences, one or two subheadings, and a lead photo.
    fn article(&self, name: &str, i: usize, rng: &mut Rng) -> Article {
        let mut order: Vec<usize> = (0..self.sentences.len()).collect();
        rng.shuffle(&mut order);
        let mut next = order.iter().cycle().map(|&k| self.sentences[k].as_str());
        let title = words(next.next().unwrap_or_default(), rng.between(6, 11));
        let caption = next.next().unwrap_or_default().to_string();
        let alt = words(next.next().unwrap_or_default(), rng.between(4, 7));
        let paragraphs = rng.between(4, 12);
        let headings = rng.between(1, 2);
        let at: Vec<usize> = (0..headings)
            .map(|_| rng.between(1, paragraphs - 1))
            .collect();
        let mut body = Vec::new();
        for p in 0..paragraphs {
            if at.contains(&p) {
                let h = &self.headings[rng.between(0, self.headings.len() - 1)];
                body.push(Block {
                    kind: "heading",
                    text: h.clone(),
                });
            }
            let text: Vec<&str> = next.by_ref().take(rng.between(1, 3)).collect();
            body.push(Block {
                kind: "paragraph",
                text: text.join(" "),
            });
        }
        Article {
            id: format!("a{name}"),
            title,
            section: SECTIONS[i % SECTIONS.len()],
            byline: BYLINES[rng.between(0, BYLINES.len() - 1)],
            published: "2021-06-28",
            image: Photo {
                src: format!("../photos/{name}.jpg"),
                alt,
                caption,
                credit: "صورة أرشيفية (ملكية عامة)",
            },
            body,
        }
    }
}

/// Sentences of a paragraph: cut after `.`, `؟`, `!` (and any closing quotes) before a space,
/// so that "1.5" stays whole.
fn sentences(p: &str) -> Vec<String> {
    let chars: Vec<char> = p.trim().chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    for k in 0..chars.len() {
        if !matches!(chars[k], '.' | '؟' | '!' | '?') {
            continue;
        }
        let mut end = k + 1;
        while matches!(chars.get(end), Some('"' | '»' | ')')) {
            end += 1;
        }
        if end > start && chars.get(end).is_none_or(|c| c.is_whitespace()) {
            let s: String = chars[start..end].iter().collect();
            out.push(s.trim().to_string());
            start = end;
        }
    }
    let rest: String = chars[start.min(chars.len())..].iter().collect();
    if rest.trim().chars().count() > 20 {
        out.push(rest.trim().to_string());
    }
    out.retain(|s| !s.is_empty());
    out
}

/// More Arabic letters than Latin ones, twice over: keeps Arabic sentences with Latin names
/// (NASA, DSCOVR) and leaves out the English example and quote.
fn mostly_arabic(s: &str) -> bool {
    let arabic = s
        .chars()
        .filter(|c| ('\u{0600}'..='\u{06FF}').contains(c))
        .count();
    let latin = s.chars().filter(|c| c.is_ascii_alphabetic()).count();
    arabic > 2 * latin && arabic > 0
}

/// The first `n` words, without the final punctuation.
fn words(s: &str, n: usize) -> String {
    let w: Vec<&str> = s.split_whitespace().take(n).collect();
    w.join(" ")
        .trim_end_matches(['.', '،', ',', '؛', ':'])
        .to_string()
}

/// The sample photos, decoded and scaled once to cover ZOOM × the photo size.
fn load_photos(dir: &Path) -> Result<Vec<RgbImage>, String> {
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
fn photo(sources: &[RgbImage], seed: u64, i: usize) -> Result<Vec<u8>, String> {
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

/// Makes `out/articles` and `out/photos` empty, clearing them only in a folder this generator
/// made (its manifest starts with [`MARKER`]); any other non-empty folder is refused.
fn prepare_out(out: &Path) -> Result<(), String> {
    let manifest = out.join("edition.toml");
    let ours = std::fs::read_to_string(&manifest).is_ok_and(|t| t.starts_with(MARKER));
    let empty = std::fs::read_dir(out).map_or(true, |mut d| d.next().is_none());
    if !ours && !empty {
        return Err(format!(
            "{} is not empty and not a generated day; give an empty or new folder",
            out.display()
        ));
    }
    for sub in ["articles", "photos"] {
        let d = out.join(sub);
        if d.exists() {
            std::fs::remove_dir_all(&d).map_err(|e| format!("{}: {e}", d.display()))?;
        }
        std::fs::create_dir_all(&d).map_err(|e| format!("{}: {e}", d.display()))?;
    }
    Ok(())
}

fn manifest(args: &Args) -> String {
    let mut t = format!(
        "{MARKER}\n# --articles {} --seed {}\n",
        args.articles, args.seed
    );
    t.push_str("name = \"الدستور\"\ntagline = \"رئيس مجلسى الإدارة والتحرير: محمد الباز\"\n");
    t.push_str("date = 2021-06-28\nlang = \"ar\"\nnumber = 3125\narticles = [\"articles/\"]\n");
    let names: Vec<String> = SECTIONS.iter().map(|s| format!("\"{s}\"")).collect();
    let _ = writeln!(t, "sections = [{}]", names.join(", "));
    t
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}
