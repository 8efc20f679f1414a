//! A look at the engine's output as a reader would see it: the seed article set in a 150 pt
//! justified column, drawn as SVG from the fonts' own outlines (no PDF involved), so shaping,
//! bidi order and justification can be judged by eye.
//!
//! `SAHIFA_PREVIEW=/tmp/col.svg cargo test --lib text::preview -- --ignored`, then e.g.
//! `convert -density 150 /tmp/col.svg /tmp/col.png`.

use std::fmt::Write;

use super::{line_height, shape_paragraph, Align, FontRole, FontSet, Line, TextStyle};
use crate::model::Direction;

const SEED: &str = include_str!("seed-dostor-qatar-blinken.txt");

/// SVG path data of one glyph, in font units, y up.
struct Outline(String);

impl ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        let _ = write!(self.0, "M{x} {y}");
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let _ = write!(self.0, "L{x} {y}");
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let _ = write!(self.0, "Q{x1} {y1} {x} {y}");
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let _ = write!(self.0, "C{x1} {y1} {x2} {y2} {x} {y}");
    }
    fn close(&mut self) {
        self.0.push('Z');
    }
}

fn draw_line(svg: &mut String, fonts: &FontSet, line: &Line, left: f32, baseline: f32) {
    for run in &line.runs {
        let data = &fonts.face(run.font).data;
        let Ok(face) = ttf_parser::Face::parse(data, 0) else {
            continue;
        };
        let scale = run.size / f32::from(face.units_per_em());
        for g in &run.glyphs {
            let mut path = Outline(String::new());
            if face
                .outline_glyph(ttf_parser::GlyphId(g.id), &mut path)
                .is_some()
            {
                let (x, y) = (left + run.origin.x + g.x, baseline + run.origin.y + g.y);
                let _ = writeln!(
                    svg,
                    r#"<path transform="translate({x} {y}) scale({scale} {})" d="{}"/>"#,
                    -scale, path.0
                );
            }
        }
    }
}

#[test]
#[ignore = "writes a preview picture; run by hand"]
fn seed_column_preview() {
    let Ok(out) = std::env::var("SAHIFA_PREVIEW") else {
        eprintln!("set SAHIFA_PREVIEW=/path/to/file.svg");
        return;
    };
    let fonts = FontSet::builtin();
    let width = 150.0;
    let (margin, gap) = (12.0, 6.0);
    let mut body = String::new();
    let mut y = margin;
    let mut blocks: Vec<(FontRole, f32, &str)> =
        vec![(FontRole::Headline, 16.0, SEED.lines().nth(5).unwrap_or(""))];
    blocks.extend(
        SEED.lines()
            .skip(10)
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                if l.chars().count() < 60 {
                    (FontRole::Bold, 10.0, l)
                } else {
                    (FontRole::Body, 10.0, l)
                }
            }),
    );
    blocks.push((FontRole::Body, 10.0, "وَقُلْ رَبِّ زِدْنِي عِلْمًا، إِنَّ مَعَ الْعُسْرِ يُسْرًا. قُلْ هُوَ اللَّهُ أَحَدٌ، اللَّهُ الصَّمَدُ، لَمْ يَلِدْ وَلَمْ يُولَدْ، وَلَمْ يَكُنْ لَهُ كُفُوًا أَحَدٌ. لِلشَّاعِرِ: إِذَا غَامَرْتَ فِي شَرَفٍ مَرُومِ فَلَا تَقْنَعْ بِمَا دُونَ النُّجُومِ"));
    blocks.push((FontRole::Body, 10.0, "قال 25 مسؤولاً في NATO عام 2026 إن بِسْمِ اللَّهِ «لا» تُقرأ: https://www.dostor.org/2026/06/28/qatar-blinken-rome-coalition?utm_source=sahifa"));
    for (role, size, text) in blocks {
        let style = TextStyle::new(role, size);
        let para = shape_paragraph(&fonts, text, Direction::Rtl, "ar", &style);
        let leading = line_height(&fonts, &style);
        for line in para.break_lines(width, Align::Justify) {
            y += leading * 0.75;
            draw_line(&mut body, &fonts, &line, margin, y);
            y += leading * 0.25;
        }
        y += gap;
    }
    let (w, h) = (width + 2.0 * margin, y + margin);
    let svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}pt" height="{h}pt" viewBox="0 0 {w} {h}"><rect width="{w}" height="{h}" fill="white"/><line x1="{margin}" y1="0" x2="{margin}" y2="{h}" stroke="red" stroke-width="0.2"/><line x1="{r}" y1="0" x2="{r}" y2="{h}" stroke="red" stroke-width="0.2"/><g fill="black">{body}</g></svg>"#,
        r = margin + width
    );
    std::fs::write(&out, svg).expect("write the preview");
}
