//! Any bytes as an article's `body_html`: parsed by html5ever and mapped onto blocks (with the
//! same checks on the article as `article_json`), then every styled block set by the text
//! engine as the PDF sets it, in both directions: inline styles resolved into runs (bold faces,
//! slants, superscripts, links) must never panic, give finite numbers, keep every letter and
//! digit exactly once, and carry only `http`, `https` and `mailto` links to the glyph runs.

#![no_main]

mod common;

use std::collections::HashMap;

use libfuzzer_sys::fuzz_target;
use sahifa::input::article::RawArticle;
use sahifa::input::checked::to_model;
use sahifa::model::{Block, Direction};
use sahifa::text::{shape_styled, Align, FontRole, FontSet, TextStyle};

/// Letters and digits, as in `text_pipeline`.
fn counted(c: char) -> bool {
    c.is_alphanumeric() && !matches!(c, '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}')
}

fn raw(html: &str) -> RawArticle {
    RawArticle {
        title: "t".into(),
        body_html: Some(html.to_string()),
        ..RawArticle::default()
    }
}

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let file = common::folder().0.join("a.json");
    common::check(&file, Ok((raw(&html), Vec::new())));
    let Ok(article) = to_model(raw(&html), &file, &common::context(), &mut Vec::new()) else {
        return;
    };
    let fonts = FontSet::builtin();
    let style = TextStyle::new(FontRole::Body, 10.0);
    for block in &article.body {
        let styled = match &block.block {
            Block::Paragraph(t) | Block::Quote { text: t, .. } => t,
            _ => continue,
        };
        for dir in [Direction::Rtl, Direction::Ltr] {
            let p = shape_styled(&fonts, styled, dir, "ar", &style);
            let mut balance: HashMap<char, i64> = HashMap::new();
            for c in p.text().chars().filter(|&c| counted(c)) {
                *balance.entry(c).or_default() += 1;
            }
            for line in p.break_lines(150.0, Align::Justify) {
                for run in &line.runs {
                    assert!(run.origin.x.is_finite() && run.origin.y.is_finite());
                    assert!(run.size.is_finite() && run.slant.is_finite());
                    if let Some(link) = &run.link {
                        let uri = link.uri.to_ascii_lowercase();
                        assert!(
                            ["http://", "https://", "mailto:"]
                                .iter()
                                .any(|s| uri.starts_with(s)),
                            "{uri}"
                        );
                    }
                    for g in &run.glyphs {
                        assert!(g.x.is_finite() && g.y.is_finite() && g.advance.is_finite());
                        for c in g.text.chars().filter(|&c| counted(c)) {
                            *balance.entry(c).or_default() -= 1;
                        }
                    }
                }
            }
            balance.retain(|_, n| *n != 0);
            assert!(
                balance.is_empty(),
                "letters lost (>0) or doubled (<0): {balance:?} in {:?}",
                p.text()
            );
        }
    }
});
