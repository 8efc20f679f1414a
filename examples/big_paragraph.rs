//! How long one huge paragraph takes through input, the text engine and layout, at any size.
//!
//! ```sh
//! cargo run --release --example big_paragraph -- 0.1 1 20    # sizes in MB
//! ```
//!
//! Why: a scraper that loses its paragraph breaks sends one paragraph of megabytes. Input
//! accepts files up to 64 MB, so every stage after it must stay close to linear in the length
//! of one paragraph, or the nightly job hangs. This prints the time of each stage (it asserts
//! nothing: speed is measured, never tested) so that a slow stage shows as it grows. The text is
//! the seed article's real Arabic, repeated; `tests/hostile/` checks the outcome, not the time.

use std::path::PathBuf;
use std::time::Instant;

use sahifa::input::{self, EditionFlags, LoadOptions};
use sahifa::layout::lay_out;
use sahifa::model::Direction;
use sahifa::text::{shape_paragraph, Align, FontRole, FontSet, TextStyle};

fn main() {
    let sizes: Vec<f64> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("sizes in MB, e.g. 0.5 20"))
        .collect();
    let sizes = if sizes.is_empty() { vec![20.0] } else { sizes };
    let seed = std::fs::read_to_string("tests/data/dostor-qatar-blinken.txt")
        .unwrap_or_else(|_| "قال 25 مسؤولاً في NATO إن الاجتماع عُقِد في روما. ".repeat(8));
    let unit: String = seed.split_whitespace().collect::<Vec<_>>().join(" ") + " ";
    let fonts = FontSet::builtin();
    for mb in sizes {
        let bytes = (mb * 1e6) as usize;
        let mut text = unit.repeat(bytes / unit.len() + 1);
        let cut = (0..=bytes.min(text.len()))
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        text.truncate(cut);
        println!(
            "paragraph of {:.1} MB ({} chars):",
            mb,
            text.chars().count()
        );

        let dir = tempfile::tempdir().expect("temp folder");
        let file = dir.path().join("big.json");
        let json = serde_json::json!({"title": "فقرة طويلة", "body": [{"type": "paragraph", "text": text}]});
        std::fs::write(&file, json.to_string()).expect("write the article");
        let t = Instant::now();
        let loaded = input::load(
            &[PathBuf::from(&file)],
            &EditionFlags::default(),
            LoadOptions::default(),
        );
        let ms = t.elapsed().as_secs_f64() * 1e3;
        let Ok(loaded) = loaded else {
            println!("  input refused it in {ms:.0} ms");
            continue;
        };
        println!("  input (read, parse, check): {ms:.0} ms");

        let t = Instant::now();
        let style = TextStyle::new(FontRole::Body, 10.0);
        let p = shape_paragraph(&fonts, &text, Direction::Rtl, "ar", &style);
        println!(
            "  shape_paragraph: {:.0} ms",
            t.elapsed().as_secs_f64() * 1e3
        );
        let t = Instant::now();
        let lines = p.break_lines(150.0, Align::Justify);
        println!(
            "  break_lines at 150 pt: {:.0} ms, {} lines",
            t.elapsed().as_secs_f64() * 1e3,
            lines.len()
        );
        drop((lines, p));

        let t = Instant::now();
        let e = &loaded.edition;
        let laid = lay_out(e, &e.pdf, &fonts);
        println!(
            "  layout::lay_out (A4, 3 columns): {:.0} ms, {} pages",
            t.elapsed().as_secs_f64() * 1e3,
            laid.document.pages.len()
        );
    }
}
