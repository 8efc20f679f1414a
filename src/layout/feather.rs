//! Vertical justification ("feathering"), as a newspaper's make-up does: a page that ends
//! short of [`super::compose::FILLED`] because the section's next story cannot start in the
//! room left (its header and three lines do not fit) has its content spread down the page, the
//! space between lines, blocks and stories grown by the same factor (at most [`MOST`]), so
//! that its columns end near the foot instead of leaving a band of white above it. A page
//! that ends a section is left as it is: white under a section's last story is expected.
//!
//! Everything below the running head is stretched away from it: baselines, photos' tops and
//! rules move down, photos keep their size, so no item can come to overlap another (every
//! distance grows) and the reading order stays as it was.

use crate::frame::{Item, OutlineEntry, Page};

/// The largest stretch: 10% more space between lines is hardly seen, more reads as loose type.
pub const MOST: f32 = 1.1;

/// The lowest point drawn on `page`: a line's baseline, a photo's foot or a rule.
pub fn lowest(page: &Page) -> f32 {
    page.items
        .iter()
        .map(|item| match item {
            Item::Line(l) => l.runs.iter().map(|r| r.origin.y).fold(0.0, f32::max),
            Item::Image(i) => i.rect.y + i.rect.height,
            Item::Rule(r) => r.from.y.max(r.to.y),
        })
        .fold(0.0, f32::max)
}

/// Spreads what `page` holds below `head` (the running head's foot) down towards `bottom`
/// (the content box's foot), by at most [`MOST`], when it ends above `share` of the content
/// box (`top` to `bottom`); the `outline` entries on the page (index `index`) move with their
/// stories.
pub fn feather(
    page: &mut Page,
    (top, bottom): (f32, f32),
    head: f32,
    share: f32,
    (index, outline): (usize, &mut [OutlineEntry]),
) {
    let low = lowest(page);
    if low <= head || low >= top + share * (bottom - top) {
        return;
    }
    let factor = ((bottom - head) / (low - head)).min(MOST);
    let at = |y: f32| {
        if y > head {
            head + (y - head) * factor
        } else {
            y
        }
    };
    for item in &mut page.items {
        match item {
            Item::Line(l) => {
                for r in &mut l.runs {
                    r.origin.y = at(r.origin.y);
                }
            }
            Item::Image(i) => i.rect.y = at(i.rect.y),
            Item::Rule(r) => {
                r.from.y = at(r.from.y);
                r.to.y = at(r.to.y);
            }
        }
    }
    for e in outline.iter_mut().filter(|e| e.page == index) {
        e.y = at(e.y);
    }
}
