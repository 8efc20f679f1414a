//! Link annotations: where the glyph runs of a link lie on the page.
//!
//! A link's runs were marked by the text engine ([`GlyphRun::link`]); here each line's
//! neighbouring runs of one link become one rectangle, so a link that breaks across lines gets
//! one annotation per line (and, in a mixed-direction line where the link is not one visual
//! stretch, one per stretch). Each annotation opens the link's URL and carries the link's whole
//! text, in reading order, as its `/Contents`, what a screen reader announces.

use std::sync::Arc;

use crate::frame::{GlyphRun, Item, Link, Page};

/// Height of a link's rectangle above and below the baseline, in em: enough for Naskh's tall
/// letters and descenders, not so much that the line above or below is covered.
const ABOVE_EM: f32 = 1.0;
const BELOW_EM: f32 = 0.35;

/// One link annotation: its rectangle in PDF user space (`[left, bottom, right, top]`, y up)
/// and its link.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LinkArea {
    pub rect: [f32; 4],
    pub link: Arc<Link>,
}

/// The link areas of `page`, in the order of its lines and, within a line, left to right.
pub(crate) fn areas(page: &Page) -> Vec<LinkArea> {
    let mut out: Vec<LinkArea> = Vec::new();
    for item in &page.items {
        let Item::Line(line) = item else { continue };
        let mut open: Option<LinkArea> = None;
        for run in &line.runs {
            let Some(link) = &run.link else {
                out.extend(open.take());
                continue;
            };
            let rect = run_rect(run, page.height);
            match &mut open {
                Some(area) if Arc::ptr_eq(&area.link, link) || area.link == *link => {
                    area.rect = union(area.rect, rect);
                }
                _ => {
                    out.extend(open.take());
                    open = Some(LinkArea {
                        rect,
                        link: Arc::clone(link),
                    });
                }
            }
        }
        out.extend(open);
    }
    out.retain(|a| a.rect.iter().all(|v| v.is_finite()) && a.rect[2] > a.rect[0]);
    out
}

/// The box of a run's advances, from the baseline [`ABOVE_EM`] up and [`BELOW_EM`] down.
fn run_rect(run: &GlyphRun, page_height: f32) -> [f32; 4] {
    let width: f32 = run.glyphs.iter().map(|g| g.advance).sum();
    let baseline = page_height - run.origin.y;
    [
        run.origin.x,
        baseline - BELOW_EM * run.size,
        run.origin.x + width,
        baseline + ABOVE_EM * run.size,
    ]
}

fn union(a: [f32; 4], b: [f32; 4]) -> [f32; 4] {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].max(b[2]),
        a[3].max(b[3]),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::{Color, Point, PositionedGlyph, TextLine};
    use crate::text::FontId;

    fn run(x: f32, y: f32, width: f32, link: Option<&Arc<Link>>) -> GlyphRun {
        GlyphRun {
            origin: Point { x, y },
            font: FontId(0),
            size: 10.0,
            color: Color::BLACK,
            rtl: false,
            glyphs: vec![PositionedGlyph {
                id: 1,
                x: 0.0,
                y: 0.0,
                advance: width,
                text: "a".into(),
            }],
            slant: 0.0,
            link: link.cloned(),
        }
    }

    #[test]
    fn neighbouring_runs_of_a_link_make_one_rect_per_line() {
        let a = Arc::new(Link {
            uri: "https://example.org/".into(),
            text: "two lines".into(),
        });
        let b = Arc::new(Link {
            uri: "mailto:desk@example.org".into(),
            text: "desk".into(),
        });
        let line = |runs| {
            Item::Line(TextLine {
                runs,
                text: String::new(),
                rtl: false,
            })
        };
        let page = Page {
            width: 200.0,
            height: 100.0,
            items: vec![
                line(vec![
                    run(0.0, 20.0, 10.0, None),
                    run(10.0, 20.0, 5.0, Some(&a)),
                    run(15.0, 20.0, 5.0, Some(&a)),
                ]),
                line(vec![
                    run(0.0, 40.0, 8.0, Some(&a)),
                    run(8.0, 40.0, 4.0, Some(&b)),
                ]),
            ],
        };
        let got = areas(&page);
        let rects: Vec<([f32; 4], &str)> =
            got.iter().map(|g| (g.rect, g.link.uri.as_str())).collect();
        assert_eq!(
            rects,
            [
                ([10.0, 76.5, 20.0, 90.0], "https://example.org/"),
                ([0.0, 56.5, 8.0, 70.0], "https://example.org/"),
                ([8.0, 56.5, 12.0, 70.0], "mailto:desk@example.org"),
            ]
        );
    }
}
