//! Test support for the PDF writer: real shaping with HarfBuzz (a stand-in for the text engine,
//! kept small), and the poppler/qpdf command-line tools that judge the output.

#![allow(dead_code)]

pub mod edition;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use harfbuzz_rs::{Direction, Face, Font, Owned, Tag, UnicodeBuffer};
use sahifa::layout::frame::{Color, GlyphRun, Point, PositionedGlyph};
use sahifa::text::fonts::builtin;
use sahifa::text::{FontFace, FontId};
use unicode_bidi::{BidiInfo, Level};

pub const NASKH: FontId = FontId(0);
pub const SERIF: FontId = FontId(1);
pub const BOLD: FontId = FontId(2);

/// The bundled faces, indexed by the constants above.
pub fn faces() -> Vec<FontFace> {
    let face = |name: &str, data: &'static [u8]| FontFace {
        name: name.into(),
        data: Arc::from(data),
        index: 0,
    };
    vec![
        face("NotoNaskhArabic-Regular", builtin::NASKH_REGULAR),
        face("NotoSerif-Regular", builtin::SERIF_REGULAR),
        face("NotoNaskhArabic-Bold", builtin::NASKH_BOLD),
    ]
}

/// Shapes lines of text the way the text engine will: bidi runs in visual order, each shaped
/// with its direction, each glyph's `text` taken from its cluster.
pub struct Shaper {
    faces: Vec<FontFace>,
    fonts: Vec<Owned<Font<'static>>>,
}

impl Shaper {
    pub fn new() -> Shaper {
        let faces = faces();
        let fonts = faces
            .iter()
            .map(|f| {
                let data: &'static [u8] = Box::leak(f.data.to_vec().into_boxed_slice());
                Font::new(Face::from_bytes(data, 0))
            })
            .collect();
        Shaper { faces, fonts }
    }

    pub fn faces(&self) -> Vec<FontFace> {
        self.faces.clone()
    }

    /// Width of `text` as one line in points.
    pub fn width(&self, text: &str, arabic: FontId, size: f32) -> f32 {
        self.line(text, arabic, size, 0.0, 0.0)
            .iter()
            .flat_map(|r| &r.glyphs)
            .map(|g| g.advance)
            .sum()
    }

    /// Shapes one line of a right-to-left paragraph, ending at `right` on baseline `y`.
    /// Arabic runs use `arabic`; runs without Arabic letters, and characters `arabic` lacks
    /// (ASCII quotes), use Noto Serif.
    pub fn line(&self, text: &str, arabic: FontId, size: f32, right: f32, y: f32) -> Vec<GlyphRun> {
        let info = BidiInfo::new(text, Some(Level::rtl()));
        let Some(para) = info.paragraphs.first() else {
            return Vec::new();
        };
        let (levels, runs) = info.visual_runs(para, para.range.clone());
        let mut shaped = Vec::new();
        for range in runs {
            let rtl = levels[range.start].is_rtl();
            let piece = &text[range.clone()];
            let is_arabic = piece
                .chars()
                .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
            let primary = if is_arabic { arabic } else { SERIF };
            // Font fallback: split where coverage by the primary face changes.
            let covered = |c: char| c.is_whitespace() || self.covers(primary, c);
            let mut segments: Vec<(std::ops::Range<usize>, FontId)> = Vec::new();
            for (i, c) in piece.char_indices() {
                let font = if covered(c) { primary } else { SERIF };
                let at = range.start + i;
                match segments.last_mut() {
                    Some((r, f)) if *f == font => r.end = at + c.len_utf8(),
                    _ => segments.push((at..at + c.len_utf8(), font)),
                }
            }
            if rtl {
                segments.reverse();
            }
            for (r, font) in segments {
                shaped.push(self.run(text, r, rtl, font, size));
            }
        }
        let total: f32 = shaped
            .iter()
            .flat_map(|r| &r.glyphs)
            .map(|g| g.advance)
            .sum();
        let mut x = right - total;
        for run in &mut shaped {
            run.origin = Point { x, y };
            x += run.glyphs.iter().map(|g| g.advance).sum::<f32>();
        }
        shaped
    }

    fn covers(&self, font: FontId, c: char) -> bool {
        ttf_parser::Face::parse(&self.faces[usize::from(font.0)].data, 0)
            .ok()
            .and_then(|f| f.glyph_index(c))
            .is_some()
    }

    fn run(
        &self,
        text: &str,
        range: std::ops::Range<usize>,
        rtl: bool,
        font: FontId,
        size: f32,
    ) -> GlyphRun {
        let hb = &self.fonts[usize::from(font.0)];
        let script = if rtl {
            Tag::new('A', 'r', 'a', 'b')
        } else {
            Tag::new('L', 'a', 't', 'n')
        };
        let buffer = UnicodeBuffer::new()
            .add_str_item(text, &text[range.clone()])
            .set_direction(if rtl { Direction::Rtl } else { Direction::Ltr })
            .set_script(script);
        let output = harfbuzz_rs::shape(hb, buffer, &[]);
        let infos = output.get_glyph_infos();
        let positions = output.get_glyph_positions();
        let scale = size / hb.face().upem() as f32;
        let face_data = &self.faces[usize::from(font.0)].data;
        let ttf = ttf_parser::Face::parse(face_data, 0).expect("bundled font parses");

        // Cluster boundaries (byte offsets into `text`), in logical order.
        let mut starts: Vec<usize> = infos.iter().map(|i| i.cluster as usize).collect();
        starts.sort_unstable();
        starts.dedup();
        let cluster_text = |start: usize| -> &str {
            let end = starts
                .iter()
                .find(|&&s| s > start)
                .copied()
                .unwrap_or(range.end);
            &text[start..end]
        };
        let is_mark = |gid: u32| {
            ttf.tables()
                .gdef
                .and_then(|g| g.glyph_class(ttf_parser::GlyphId(gid as u16)))
                == Some(ttf_parser::gdef::GlyphClass::Mark)
        };

        let mut texts = vec![String::new(); infos.len()];
        for &start in &starts {
            // This cluster's glyphs in logical order.
            let mut members: Vec<usize> = (0..infos.len())
                .filter(|&i| infos[i].cluster as usize == start)
                .collect();
            if rtl {
                members.reverse();
            }
            let chars = cluster_text(start);
            let (marks, bases): (Vec<char>, Vec<char>) =
                chars.chars().partition(|&c| is_mark_char(c));
            let base_glyphs: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&i| !is_mark(infos[i].codepoint))
                .collect();
            let mark_glyphs: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&i| is_mark(infos[i].codepoint))
                .collect();
            let interleaved = bases.len() > 1 && !marks.is_empty();
            match base_glyphs.first() {
                None => texts[members[0]] = chars.to_string(),
                Some(&b) if interleaved || mark_glyphs.is_empty() => texts[b] = chars.to_string(),
                Some(&b) => {
                    texts[b] = bases.iter().collect();
                    if mark_glyphs.len() == marks.len() {
                        for (&g, &m) in mark_glyphs.iter().zip(&marks) {
                            texts[g] = m.to_string();
                        }
                    } else {
                        texts[mark_glyphs[0]] = marks.iter().collect();
                    }
                }
            }
        }

        let mut pen = 0.0;
        let mut glyphs = Vec::with_capacity(infos.len());
        for ((info, pos), text) in infos.iter().zip(positions).zip(texts) {
            let advance = pos.x_advance as f32 * scale;
            glyphs.push(PositionedGlyph {
                id: info.codepoint as u16,
                x: pen + pos.x_offset as f32 * scale,
                y: -(pos.y_offset as f32) * scale,
                advance,
                text,
            });
            pen += advance;
        }
        GlyphRun {
            origin: Point::default(),
            font,
            size,
            color: Color::BLACK,
            glyphs,
        }
    }

    /// Breaks `paragraph` greedily into lines no wider than `width` (at spaces).
    pub fn break_lines(
        &self,
        paragraph: &str,
        arabic: FontId,
        size: f32,
        width: f32,
    ) -> Vec<String> {
        let mut lines = Vec::new();
        let mut current = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if current.is_empty() {
                word.to_string()
            } else {
                format!("{current} {word}")
            };
            if !current.is_empty() && self.width(&candidate, arabic, size) > width {
                lines.push(std::mem::replace(&mut current, word.to_string()));
            } else {
                current = candidate;
            }
        }
        if !current.is_empty() {
            lines.push(current);
        }
        lines
    }
}

/// Combining marks (Unicode general category Mn) in the ranges the tests use.
pub fn is_mark_char(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

/// Whether an external tool can run; when it cannot, tests skip with a message, except on CI
/// (`CI=true`), where a missing tool must fail the build instead of hiding a regression.
pub fn have_tool(name: &str) -> bool {
    let ok = Command::new(name).arg("-v").output().is_ok();
    if !ok {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{name} is required on CI (Debian packages poppler-utils and qpdf)");
        }
        eprintln!("skipping: {name} not found (install poppler-utils and qpdf)");
    }
    ok
}

/// Runs a tool and returns its stdout, panicking with its stderr on failure.
pub fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool}: {e}"));
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `pdftotext` of a file, with poppler's bidi embedding controls removed.
pub fn pdftotext(pdf: &Path, extra: &[&str]) -> String {
    let path = pdf.to_str().unwrap();
    let mut args = extra.to_vec();
    args.extend([path, "-"]);
    strip_bidi_controls(&run("pdftotext", &args))
}

pub fn strip_bidi_controls(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect()
}

/// The share of `expected`'s words that come back whole from `extracted` (multiset match).
pub fn intact_ratio(expected: &str, extracted: &str) -> (usize, usize) {
    let mut pool: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for w in extracted.split_whitespace() {
        *pool.entry(w).or_default() += 1;
    }
    let mut found = 0;
    let mut total = 0;
    for w in expected.split_whitespace() {
        total += 1;
        if let Some(n) = pool.get_mut(w).filter(|n| **n > 0) {
            *n -= 1;
            found += 1;
        }
    }
    (found, total)
}

/// A photo from `tests/data/photos`.
pub fn photo(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/photos")
        .join(name)
}

/// Saves `bytes` under the test target's temporary directory, for the command-line tools.
pub fn write_temp(bytes: &[u8], name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf_writer");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Whether all the named tools can run (see [`have_tool`]).
pub fn tools(names: &[&str]) -> bool {
    names.iter().all(|n| have_tool(n))
}
