//! The pipeline end to end on real text: bidi order on the page, justification, breaking of
//! the seed article, long URLs, hostile input, missing glyphs, threads.

use super::line::LaidLine;
use super::{shape_paragraph, Align, FontRole, FontSet, Line, ShapedParagraph, TextStyle};
use crate::model::Direction;

/// The seed article (Al-Dostor, 28 June 2021), verbatim from `shared/seed/`.
const SEED: &str = include_str!("seed-dostor-qatar-blinken.txt");

fn body(text: &str, dir: Direction) -> ShapedParagraph {
    shape_paragraph(
        &FontSet::builtin(),
        text,
        dir,
        "ar",
        &TextStyle::new(FontRole::Body, 10.0),
    )
}

/// The seed's body paragraphs: its lines long enough to be running text.
fn seed_paragraphs() -> Vec<&'static str> {
    SEED.lines().filter(|l| l.chars().count() > 120).collect()
}

/// Every glyph of a line: (cluster, rank in cluster, x on the line, text).
fn placed(l: &LaidLine) -> Vec<(usize, usize, f32, String)> {
    let glyphs = l
        .line
        .runs
        .iter()
        .flat_map(|r| r.glyphs.iter().map(move |g| (r.origin.x + g.x, g)));
    l.logical_keys
        .iter()
        .zip(glyphs)
        .map(|(&(c, k), (x, g))| (c, k, x, g.text.clone()))
        .collect()
}

/// Left edge and right edge of everything drawn on a line, from the glyphs' pen positions.
fn extent(line: &Line) -> (f32, f32) {
    let mut lo = f32::INFINITY;
    let mut hi = f32::NEG_INFINITY;
    for r in &line.runs {
        let mut pen = r.origin.x;
        for g in &r.glyphs {
            lo = lo.min(pen);
            pen += g.advance;
            hi = hi.max(pen);
        }
    }
    (lo, hi)
}

#[test]
fn mixed_line_reads_numbers_and_latin_left_to_right_and_arabic_right_to_left() {
    let text = "قال 25 مسؤولاً في NATO عام 2026";
    let para = body(text, Direction::Rtl);
    let lines = para.lay_out(1000.0, Align::Start);
    assert_eq!(lines.len(), 1);
    let glyphs = placed(&lines[0]);
    // x of the glyphs of text[range], in logical order.
    let xs = |word: &str| -> Vec<f32> {
        let start = text.find(word).unwrap();
        let mut g: Vec<_> = glyphs
            .iter()
            .filter(|g| (start..start + word.len()).contains(&g.0) && !g.3.is_empty())
            .collect();
        g.sort_by_key(|g| (g.0, g.1));
        g.into_iter().map(|g| g.2).collect()
    };
    for ltr in ["NATO", "25", "2026"] {
        let x = xs(ltr);
        assert_eq!(x.len(), ltr.len(), "{ltr}: {x:?}");
        assert!(
            x.windows(2).all(|w| w[0] < w[1]),
            "{ltr} must run left to right: {x:?}"
        );
    }
    let mean = |v: Vec<f32>| v.iter().sum::<f32>() / v.len() as f32;
    let order: Vec<f32> = ["قال", "25", "مسؤولاً", "في", "NATO", "عام", "2026"]
        .into_iter()
        .map(|w| mean(xs(w)))
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] > w[1]),
        "words must go right to left: {order:?}"
    );
    // Inside an Arabic word the letters go right to left too.
    let qal = xs("قال");
    assert!(qal.windows(2).all(|w| w[0] > w[1]), "{qal:?}");
    // Start alignment in RTL: the line ends at the right edge.
    assert!((extent(&lines[0].line).1 - 1000.0).abs() < 0.01);
}

#[test]
fn seed_paragraphs_justify_to_150pt_and_keep_every_word() {
    let paragraphs = seed_paragraphs();
    assert!(paragraphs.len() >= 8);
    for text in paragraphs {
        let para = body(text, Direction::Rtl);
        assert!(para.missing.is_empty(), "{:?}", para.missing);
        let lines = para.lay_out(150.0, Align::Justify);
        assert!(lines.len() > 2, "{text}");
        for (i, l) in lines.iter().enumerate() {
            let (lo, hi) = extent(&l.line);
            if i + 1 < lines.len() {
                assert!(
                    (l.line.width - 150.0).abs() <= 0.01,
                    "line {i}: {}",
                    l.line.width
                );
                assert!(
                    lo.abs() <= 0.01 && (hi - 150.0).abs() <= 0.01,
                    "line {i}: {lo}..{hi}"
                );
            } else {
                // The last line is natural and sits at the start (right) edge.
                assert!(l.line.width < 150.0 + 0.01);
                assert!((hi - 150.0).abs() <= 0.01 && (hi - lo - l.line.width).abs() <= 0.01);
            }
            assert!(l.line.ascent > 0.0 && l.line.descent > 0.0);
        }
        let words: Vec<String> = lines
            .iter()
            .flat_map(|l| {
                l.logical_text()
                    .split(' ')
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        let expected: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(words, expected);
    }
}

#[test]
fn start_end_center_alignments() {
    let para = body("اجتمع نائب رئيس مجلس الوزراء", Direction::Rtl);
    let natural = para.natural_width();
    let at = |align| {
        let lines = para.break_lines(300.0, align);
        assert_eq!(lines.len(), 1);
        assert!((lines[0].width - natural).abs() < 0.01);
        extent(&lines[0])
    };
    assert!((at(Align::Start).1 - 300.0).abs() < 0.01);
    assert!(at(Align::End).0.abs() < 0.01);
    assert!((at(Align::Center).0 - (300.0 - natural) / 2.0).abs() < 0.01);
    // A single line is the last line: justified, it stays natural at the start edge.
    assert!((at(Align::Justify).1 - 300.0).abs() < 0.01);
    let latin = shape_paragraph(
        &FontSet::builtin(),
        "Rome summit",
        Direction::Ltr,
        "en",
        &TextStyle::new(FontRole::Body, 10.0),
    );
    assert!(extent(&latin.break_lines(300.0, Align::Start)[0]).0.abs() < 0.01);
}

#[test]
fn long_url_breaks_between_characters_as_a_last_resort() {
    let url = format!(
        "https://www.dostor.org/2026/06/28/{}?utm_source={}",
        "qatar-blinken-rome-coalition-daesh-ministerial-meeting",
        "x7Kq9ZpLm2VbN4cR8tYw".repeat(11)
    );
    assert!(url.len() >= 300);
    for dir in [Direction::Rtl, Direction::Ltr] {
        let para = body(&url, dir);
        let lines = para.lay_out(150.0, Align::Justify);
        assert!(lines.len() > 5);
        for l in &lines {
            assert!(l.line.width <= 150.0 + 0.01, "{}", l.line.width);
            let (lo, hi) = extent(&l.line);
            assert!(lo >= -0.01 && hi <= 150.01, "{lo}..{hi}");
        }
        let back: String = lines.iter().map(|l| l.logical_text()).collect();
        assert_eq!(back, url);
    }
    // A long Arabic word cut between letters (each piece re-shaped) also fits.
    let word = "والمستشفيات".repeat(6);
    let lines = body(&word, Direction::Rtl).lay_out(60.0, Align::Justify);
    assert!(lines.len() > 2 && lines.iter().all(|l| l.line.width <= 60.01));
    assert_eq!(
        lines.iter().map(|l| l.logical_text()).collect::<String>(),
        word
    );
}

#[test]
fn a_url_too_long_for_the_line_is_cut_before_its_punctuation() {
    let text = "Readers can follow the talks at \
        https://www.example.com/nile/talks/2026/live-updates-addis-ababa-round-seven today.";
    let lines = body(text, Direction::Ltr).lay_out(150.0, Align::Justify);
    let texts: Vec<String> = lines.iter().map(|l| l.logical_text()).collect();
    assert_eq!(texts.concat().replace(' ', ""), text.replace(' ', ""));
    // The hyphenated path segment does not fit one line: it is cut before a hyphen (the next
    // line opens with it), never after one or inside a word («round-s» + «even»).
    let cut = texts
        .iter()
        .position(|t| t.starts_with('-'))
        .unwrap_or_else(|| panic!("no line opens with a hyphen: {texts:?}"));
    assert!(
        texts[cut - 1].ends_with(|c: char| c.is_ascii_alphanumeric()),
        "{texts:?}"
    );
    assert!(texts.iter().all(|t| !t.ends_with('-')), "{texts:?}");
}

#[test]
fn a_phone_number_is_never_cut_over_two_lines() {
    let text = "ويمكن للصحفيين متابعة المؤتمر الصحفي عبر الهاتف +20 2 1234 5678 أو مراسلة المكتب";
    for width in (100..200).step_by(7) {
        let lines = body(text, Direction::Rtl).lay_out(width as f32, Align::Justify);
        let texts: Vec<String> = lines.iter().map(|l| l.logical_text()).collect();
        assert!(
            texts.iter().any(|t| t.contains("+20 2 1234 5678")),
            "at {width} pt: {texts:?}"
        );
    }
}

#[test]
fn hostile_input_never_panics() {
    let cases = [
        "",
        "   ",
        "\u{0}\u{1}\u{7f}\u{9f}",
        "\u{650}\u{651}",
        " \u{650} \u{651} ",
        "\u{202E}مرحبا NATO\u{202C} 2026",
        "\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}\u{202C}",
        "\u{200D}\u{200C}\u{200B}\u{FEFF}",
        "a\tb\nc\r\nd\u{2029}e\u{2028}f",
        "قال\u{200C}ت\u{200D}",
        "😀👩‍👩‍👧‍👦🇪🇬中文한국어",
        "\u{FFFF}\u{10FFFF}\u{E000}",
    ];
    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    let pool: Vec<char> = "بِسْمِ لا NATO 2026 ،«» \u{202B}\u{202C}\u{2067}\u{2069}\u{200D}\u{200C}\u{650}\u{651}\t\n😀中"
        .chars()
        .collect();
    let mut random = Vec::new();
    for _ in 0..300 {
        let len = (rng % 40) as usize;
        let s: String = (0..len)
            .map(|_| {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                pool[(rng % pool.len() as u64) as usize]
            })
            .collect();
        random.push(s);
    }
    let huge = "ب".repeat(5000) + &" ".repeat(1000) + &"x".repeat(3000);
    for text in cases
        .iter()
        .map(|s| s.to_string())
        .chain(random)
        .chain([huge])
    {
        for dir in [Direction::Rtl, Direction::Ltr] {
            let para = body(&text, dir);
            for width in [0.0, 3.0, 150.0, f32::INFINITY, f32::NAN, -5.0] {
                for l in para.break_lines(width, Align::Justify) {
                    assert!(l.width.is_finite(), "{text:?} at {width}");
                    assert!(
                        l.runs.iter().flat_map(|r| &r.glyphs).all(|g| g.id != 0),
                        "{text:?}: .notdef drawn"
                    );
                }
            }
        }
    }
    assert!(body("", Direction::Rtl)
        .break_lines(150.0, Align::Justify)
        .is_empty());
    assert!(body(" \u{0} \n ", Direction::Rtl).is_empty());
    // A size that is not a number does not poison widths.
    let odd = shape_paragraph(
        &FontSet::builtin(),
        "خبر",
        Direction::Rtl,
        "ar",
        &TextStyle::new(FontRole::Body, f32::NAN),
    );
    assert_eq!(odd.natural_width(), 0.0);
}

#[test]
fn uncovered_characters_are_reported_not_drawn() {
    let para = body("وصل الوفد \u{E000} إلى 東京 اليوم \u{E000}", Direction::Rtl);
    assert_eq!(para.missing, ['\u{E000}', '東', '京']);
    let lines = para.lay_out(1000.0, Align::Start);
    assert_eq!(lines[0].logical_text(), "وصل الوفد إلى اليوم");
    assert!(lines[0]
        .line
        .runs
        .iter()
        .flat_map(|r| &r.glyphs)
        .all(|g| g.id != 0));
}

#[test]
fn headline_role_uses_kufi_then_falls_back() {
    let fonts = FontSet::builtin();
    let para = shape_paragraph(
        &fonts,
        "قمة NATO في روما",
        Direction::Rtl,
        "ar",
        &TextStyle::new(FontRole::Headline, 24.0),
    );
    let used: Vec<&str> = para
        .runs
        .iter()
        .map(|r| fonts.face(r.font).name.as_str())
        .collect();
    assert!(
        used.contains(&"NotoKufiArabic-Bold") && used.contains(&"NotoSerif-Bold"),
        "{used:?}"
    );
    assert!(super::line_height(&fonts, &TextStyle::new(FontRole::Body, 10.0)) > 12.0);
}

#[test]
fn shaping_in_parallel_matches_serial() {
    let paragraphs = seed_paragraphs();
    let serial: Vec<Vec<Line>> = paragraphs
        .iter()
        .map(|p| body(p, Direction::Rtl).break_lines(150.0, Align::Justify))
        .collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    paragraphs
                        .iter()
                        .map(|p| body(p, Direction::Rtl).break_lines(150.0, Align::Justify))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), serial);
        }
    });
}

/// Time to shape and break the whole seed article: `cargo test --release --lib seed_timing -- --nocapture`.
#[test]
fn seed_timing() {
    let fonts = FontSet::builtin();
    let started = std::time::Instant::now();
    let rounds = 20;
    let mut lines = 0;
    for _ in 0..rounds {
        for p in SEED.lines() {
            let para = shape_paragraph(
                &fonts,
                p,
                Direction::Rtl,
                "ar",
                &TextStyle::new(FontRole::Body, 10.0),
            );
            lines += para.break_lines(150.0, Align::Justify).len();
        }
    }
    let per_article = started.elapsed() / rounds;
    eprintln!(
        "seed article ({} bytes): {per_article:?} to shape and break, {} lines at 150 pt",
        SEED.len(),
        lines / rounds as usize
    );
}
