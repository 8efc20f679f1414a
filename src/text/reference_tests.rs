//! Shaping checked against HarfBuzz's own command-line tool, `hb-shape` (Debian's
//! libharfbuzz-bin), run on the same font files: same glyph ids, clusters, advances and offsets.
//! The pipeline is run whole (prepare, bidi, itemize, shape) and each of its runs is compared
//! with `hb-shape` on that run's text, direction and script.
//!
//! Without `hb-shape` the tests say why and pass, except under `CI=true`, where they fail.
//! `HB_SHAPE` names another binary (to try a newer HarfBuzz, or to check the skip).

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use super::shape::ShapedRun;
use super::{shape_paragraph, FontRole, FontSet, TextStyle};
use crate::model::Direction;

/// (glyph id, cluster, x advance, x offset, y offset) in font units, y up as HarfBuzz gives it.
type Row = (u64, u64, i64, i64, i64);

/// `hb-shape`'s output for `text`, or `None` (with the reason printed) when the tool is missing.
fn hb_shape(font_file: &str, text: &str, rtl: bool, script: &str) -> Option<Vec<Row>> {
    let font = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fonts")
        .join(font_file);
    let tool = std::env::var("HB_SHAPE").unwrap_or_else(|_| "hb-shape".into());
    let output = Command::new(&tool)
        .args([
            "--utf8-clusters",
            "--output-format=json",
            "--no-glyph-names",
        ])
        .arg(format!("--direction={}", if rtl { "rtl" } else { "ltr" }))
        .arg(format!("--script={script}"))
        .arg("--language=ar")
        .arg(&font)
        .arg(text)
        .output();
    let output = match output {
        Ok(o) if o.status.success() => o,
        other => {
            let why = format!("{tool} unavailable ({other:?}); install libharfbuzz-bin");
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("{why}: the reference shaping tests must run in CI");
            }
            eprintln!("skipping reference comparison: {why}");
            return None;
        }
    };
    let json: Value = serde_json::from_slice(&output.stdout).expect("hb-shape prints JSON");
    let rows = json
        .as_array()
        .expect("a JSON array of glyphs")
        .iter()
        .map(|g| {
            let n = |k: &str| g[k].as_i64().unwrap_or_else(|| panic!("{k} in {g}"));
            (n("g") as u64, n("cl") as u64, n("ax"), n("dx"), n("dy"))
        })
        .collect();
    Some(rows)
}

/// A run's glyphs as `hb-shape` would print them for the run's text alone: clusters relative to
/// the run, positions back in font units (the paragraph is shaped at size = units per em).
fn rows(run: &ShapedRun) -> Vec<Row> {
    run.glyphs
        .iter()
        .map(|g| {
            let units = |v: f32| v.round() as i64;
            (
                u64::from(g.id),
                (g.cluster - run.range.start) as u64,
                units(g.advance),
                units(g.dx),
                units(-g.dy),
            )
        })
        .collect()
}

/// Shape `text` with the pipeline and compare every run with `hb-shape`; returns the runs'
/// (text, font file, rtl, script) so tests can also check how the text was itemized.
fn compare(text: &str, dir: Direction) -> Vec<(String, String, bool, String)> {
    compare_role(text, dir, FontRole::Body)
}

fn compare_role(text: &str, dir: Direction, role: FontRole) -> Vec<(String, String, bool, String)> {
    let fonts = FontSet::builtin();
    let upem = fonts.metrics(fonts.chain(role)[0]).units_per_em;
    // The chain's faces must share units per em for one size to mean font units.
    assert!(fonts
        .chain(role)
        .iter()
        .all(|&f| fonts.metrics(f).units_per_em == upem));
    let para = shape_paragraph(
        &fonts,
        text,
        dir,
        "ar",
        &TextStyle::new(role, f32::from(upem)),
    );
    assert!(para.missing.is_empty(), "{:?}", para.missing);
    let mut seen = Vec::new();
    for run in &para.runs {
        // The bundled files are named after the faces' PostScript names.
        let file = format!("{}.ttf", fonts.face(run.font).name);
        let run_text = &para.text()[run.range.clone()];
        let script = run.script.short_name().to_ascii_lowercase();
        let rtl = run.level.is_rtl();
        if let Some(reference) = hb_shape(&file, run_text, rtl, &script) {
            assert_eq!(
                rows(run),
                reference,
                "run {run_text:?} ({file}, rtl={rtl}, {script})"
            );
        }
        seen.push((run_text.to_string(), file, rtl, script));
    }
    seen
}

#[test]
fn arabic_with_harakat_matches_hb_shape() {
    let runs = compare("بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ", Direction::Rtl);
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].1, "NotoNaskhArabic-Regular.ttf");
}

#[test]
fn lam_alef_matches_hb_shape() {
    let runs = compare("لا إله إلا هو، لأن السلام", Direction::Rtl);
    assert_eq!(runs.len(), 1);
}

#[test]
fn digits_and_latin_match_hb_shape() {
    let runs = compare("قال 25 مسؤولاً في NATO عام 2026", Direction::Rtl);
    let nato = runs
        .iter()
        .find(|r| r.0 == "NATO")
        .expect("NATO is a run of its own");
    assert_eq!(
        (nato.1.as_str(), nato.2, nato.3.as_str()),
        ("NotoSerif-Regular.ttf", false, "latn")
    );
    let year = runs
        .iter()
        .find(|r| r.0 == "2026")
        .expect("2026 is a run of its own");
    assert!(!year.2, "digits are shaped left to right");
    compare("The 2026 summit, in Rome — “quoted”.", Direction::Ltr);
    compare("١٢٣ و ٤٥٦٫٧", Direction::Rtl);
}

#[test]
fn headline_and_bold_faces_match_hb_shape() {
    let runs = compare_role(
        "وزير الخارجية القطرى يلتقى بلينكن في NATO 2026",
        Direction::Rtl,
        FontRole::Headline,
    );
    let files: Vec<&str> = runs.iter().map(|r| r.1.as_str()).collect();
    assert!(
        files.contains(&"NotoKufiArabic-Bold.ttf") && files.contains(&"NotoSerif-Bold.ttf"),
        "{files:?}"
    );
    compare_role(
        "الاجتماع الوزاري لأعضاء التحالف الدولي",
        Direction::Rtl,
        FontRole::Bold,
    );
}
