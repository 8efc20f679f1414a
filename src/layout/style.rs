//! The typography of the print edition, in one place: every size, gap and colour the layout
//! uses. Sizes scale with the body size (`[pdf] body_size`, default 10 pt).

use crate::frame::Color;
use crate::text::{FontRole, TextStyle};

/// Colour of section labels and kickers.
pub const ACCENT: Color = Color {
    r: 0.62,
    g: 0.08,
    b: 0.10,
};

/// All text styles and spacings, derived from the body size.
#[derive(Debug, Clone)]
pub struct Typography {
    pub body: TextStyle,
    pub heading: TextStyle,
    pub quote: TextStyle,
    pub cite: TextStyle,
    pub caption: TextStyle,
    pub credit: TextStyle,
    pub headline: TextStyle,
    pub subtitle: TextStyle,
    pub section: TextStyle,
    pub kicker: TextStyle,
    pub byline: TextStyle,
    pub masthead: TextStyle,
    pub masthead_line: TextStyle,
    pub running_head: TextStyle,
    /// Space between paragraphs.
    pub paragraph_gap: f32,
    /// Space above a subheading, quote, photo or list.
    pub block_gap: f32,
    /// Space between columns.
    pub gutter: f32,
    /// Space between two articles.
    pub article_gap: f32,
    /// Leading factor: line height = size × this (for faces whose own line gap is larger, the
    /// face's ascent + descent is used).
    pub leading: f32,
}

fn style(role: FontRole, size: f32, color: Color) -> TextStyle {
    TextStyle { role, size, color }
}

impl Typography {
    pub fn new(body_size: f32) -> Typography {
        let s = body_size;
        let black = Color::BLACK;
        let grey = Color::GREY;
        Typography {
            body: style(FontRole::Body, s, black),
            heading: style(FontRole::Bold, s * 1.1, black),
            quote: style(
                FontRole::Bold,
                s * 1.05,
                Color {
                    r: 0.2,
                    g: 0.2,
                    b: 0.2,
                },
            ),
            cite: style(FontRole::Body, s * 0.8, grey),
            caption: style(FontRole::Body, s * 0.8, black),
            credit: style(FontRole::Body, s * 0.7, grey),
            headline: style(FontRole::Headline, s * 2.2, black),
            subtitle: style(
                FontRole::Bold,
                s * 1.3,
                Color {
                    r: 0.25,
                    g: 0.25,
                    b: 0.25,
                },
            ),
            section: style(FontRole::Bold, s * 0.9, ACCENT),
            kicker: style(FontRole::Bold, s * 0.95, ACCENT),
            byline: style(FontRole::Body, s * 0.85, grey),
            masthead: style(FontRole::Headline, s * 5.0, black),
            masthead_line: style(FontRole::Body, s * 0.95, black),
            running_head: style(FontRole::Body, s * 0.8, grey),
            paragraph_gap: s * 0.35,
            block_gap: s * 0.8,
            gutter: s * 1.6,
            article_gap: s * 1.6,
            leading: 1.45,
        }
    }
}
