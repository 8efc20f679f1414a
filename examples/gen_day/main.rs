//! A synthetic news day for the benchmark (`benches/run.sh`): N articles of real Arabic text
//! with their photos, and the `edition.toml` that names them.
//!
//! ```sh
//! cargo run --release --example gen_day -- --articles 200 --out benches/out/day-200 \
//!     [--seed 1] [--photos tests/data/photos] [--text tests/data/dostor-qatar-blinken.txt] \
//!     [--no-mix]
//! ```
//!
//! The mixed day (the default) is what a real day holds: about a third of the sentences come
//! from the project's mixed-script test articles (`tests/data/mixed`: harakat, Latin names and
//! numbers, Persian with ZWNJ, Hebrew, English, and now and then an emoji), and each article
//! has 1–3 photos of varied sizes and shapes (some 4000 px, some portrait, some PNG). `--no-mix`
//! makes the plain day: Arabic sentences only and one 1600×1067 JPEG lead photo per article.
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

mod corpus;
mod photos;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use corpus::{Corpus, Rng, SECTIONS};

/// First line of a generated manifest: lets a later run clear the folder it made, and only that.
const MARKER: &str = "# Synthetic day made by `cargo run --example gen_day`";

struct Args {
    articles: usize,
    out: PathBuf,
    seed: u64,
    photos: PathBuf,
    text: PathBuf,
    mix: bool,
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
    let corpus = Corpus::load(&args.text, args.mix)?;
    prepare_out(&args.out)?;
    let digits = args.articles.to_string().len().max(4);
    let bytes: u64 = if args.mix {
        let sources = photos::Mixed::load(&args.photos)?;
        let cache = args.out.join(photos::CACHE);
        std::fs::create_dir_all(&cache).map_err(|e| format!("{}: {e}", cache.display()))?;
        (0..args.articles)
            .into_par_iter()
            .map(|i| -> Result<u64, String> {
                let name = format!("{:0digits$}", i + 1);
                let mut rng = Rng::new(args.seed, i as u64);
                let file = |k| sources.file_name(args.seed, &name, i, k);
                let article =
                    corpus.article(&name, i, &mut rng, &|k| format!("../photos/{}", file(k)));
                let mut bytes = write_article(&args.out, &name, &article)?;
                for k in 0..article.photo_count() {
                    let dest = args.out.join("photos").join(file(k));
                    bytes += sources.write(&args.out, &dest, args.seed, i, k)?;
                }
                Ok(bytes)
            })
            .collect::<Result<Vec<u64>, String>>()?
            .into_iter()
            .sum()
    } else {
        let sources = photos::load(&args.photos)?;
        (0..args.articles)
            .into_par_iter()
            .map(|i| -> Result<u64, String> {
                let name = format!("{:0digits$}", i + 1);
                let mut rng = Rng::new(args.seed, i as u64);
                let article =
                    corpus.article(&name, i, &mut rng, &|_| format!("../photos/{name}.jpg"));
                let bytes = write_article(&args.out, &name, &article)?;
                let jpeg = photos::photo(&sources, args.seed, i)?;
                write(&args.out.join("photos").join(format!("{name}.jpg")), &jpeg)?;
                Ok(bytes + jpeg.len() as u64)
            })
            .collect::<Result<Vec<u64>, String>>()?
            .into_iter()
            .sum()
    };
    write(&args.out.join("edition.toml"), manifest(&args).as_bytes())?;
    println!(
        "gen_day: {} articles and photos ({:.1} MB, from {} sentences{}) in {} in {:.2} s",
        args.articles,
        bytes as f64 / 1e6,
        corpus.sentences.len(),
        if args.mix {
            format!(" and {} mixed-script ones", corpus.mixed.len())
        } else {
            String::new()
        },
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn parse_args(mut it: impl Iterator<Item = String>) -> Result<Args, String> {
    let usage =
        "usage: gen_day --articles N --out DIR [--seed S] [--photos DIR] [--text FILE] [--no-mix]";
    let (mut articles, mut out, mut seed, mut mix) = (None, None, 1u64, true);
    let mut photos = PathBuf::from("tests/data/photos");
    let mut text = PathBuf::from("tests/data/dostor-qatar-blinken.txt");
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value; {usage}"));
        match flag.as_str() {
            "--articles" => articles = Some(value()?.parse().map_err(|e| format!("{e}"))?),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--seed" => seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--photos" => photos = PathBuf::from(value()?),
            "--text" => text = PathBuf::from(value()?),
            "--mix" => mix = true,
            "--no-mix" => mix = false,
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
            mix,
        }),
        _ => Err(usage.into()),
    }
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
        "{MARKER}\n# --articles {} --seed {}{}\n",
        args.articles,
        args.seed,
        if args.mix { " --mix" } else { "" }
    );
    t.push_str("name = \"الدستور\"\ntagline = \"رئيس مجلسى الإدارة والتحرير: محمد الباز\"\n");
    t.push_str("date = 2021-06-28\nlang = \"ar\"\nnumber = 3125\narticles = [\"articles/\"]\n");
    let names: Vec<String> = SECTIONS.iter().map(|s| format!("\"{s}\"")).collect();
    let _ = writeln!(t, "sections = [{}]", names.join(", "));
    t
}

/// Writes `articles/NAME.json`; returns its size in bytes.
fn write_article(out: &Path, name: &str, article: &corpus::Article) -> Result<u64, String> {
    let json = serde_json::to_string_pretty(article).map_err(|e| e.to_string())?;
    write(
        &out.join("articles").join(format!("{name}.json")),
        json.as_bytes(),
    )?;
    Ok(json.len() as u64)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}
