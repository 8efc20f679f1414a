//! A paragraph's inline styles written as XHTML: `<strong>`, `<em>`, `<a href>`, `<sup>`,
//! `<sub>`, `<span lang dir>`, `<bdi>`, `<br/>`, escaped, well nested, and with the stretches
//! that must read left to right (URLs, phone numbers: [`crate::isolate::ltr_isolates`]) in
//! `<bdi dir="ltr">` as [`super::templates::isolated_xhtml`] puts them in plain text.
//!
//! Styles are ranges that may overlap (`<b>a<i>b</b>c</i>` is valid input to a browser and to
//! the model); XHTML must nest, so an element still open when an outer one ends is closed with
//! it and opened again after it, as browsers' own serializers do.

use std::ops::Range;

use super::xml_escape;
use crate::model::{Inline, StyledText};

/// What one range opens.
#[derive(Clone, Copy)]
enum Mark<'a> {
    Style(&'a Inline),
    /// A left-to-right stretch found in the text.
    Isolate,
}

impl Mark<'_> {
    fn open(self) -> String {
        match self {
            Mark::Isolate => r#"<bdi dir="ltr">"#.into(),
            Mark::Style(style) => match style {
                Inline::Bold => "<strong>".into(),
                Inline::Italic => "<em>".into(),
                Inline::Sup => "<sup>".into(),
                Inline::Sub => "<sub>".into(),
                Inline::Link(url) => format!(r#"<a href="{}">"#, xml_escape(url)),
                Inline::Lang { lang, isolate } => {
                    let mut tag = String::from(if *isolate { "<bdi" } else { "<span" });
                    if let Some(l) = &lang.lang {
                        let l = xml_escape(l);
                        tag.push_str(&format!(r#" lang="{l}" xml:lang="{l}""#));
                    }
                    if let Some(d) = lang.dir {
                        tag.push_str(&format!(r#" dir="{}""#, d.as_str()));
                    }
                    tag.push('>');
                    tag
                }
                Inline::LineBreak => String::new(),
            },
        }
    }

    fn close(self) -> &'static str {
        match self {
            Mark::Isolate => "</bdi>",
            Mark::Style(style) => match style {
                Inline::Bold => "</strong>",
                Inline::Italic => "</em>",
                Inline::Sup => "</sup>",
                Inline::Sub => "</sub>",
                Inline::Link(_) => "</a>",
                Inline::Lang { isolate: true, .. } => "</bdi>",
                Inline::Lang { isolate: false, .. } => "</span>",
                Inline::LineBreak => "",
            },
        }
    }
}

/// `styled` as escaped XHTML with its inline elements.
pub(crate) fn styled_xhtml(styled: &StyledText) -> String {
    let text = styled.text.as_str();
    let mut marks: Vec<(Range<usize>, Mark)> = Vec::new();
    let mut breaks: Vec<Range<usize>> = Vec::new();
    for span in &styled.spans {
        match span.style {
            Inline::LineBreak => breaks.push(span.range.clone()),
            ref style => marks.push((span.range.clone(), Mark::Style(style))),
        }
    }
    marks.extend(
        crate::isolate::ltr_isolates(text)
            .into_iter()
            .map(|r| (r, Mark::Isolate)),
    );
    // Outer first: earlier start, then longer; a style before an isolate over the same text
    // (the link around its URL).
    marks.sort_by_key(|(r, m)| {
        (
            r.start,
            std::cmp::Reverse(r.end),
            matches!(m, Mark::Isolate),
        )
    });

    let mut cuts: Vec<usize> = vec![0, text.len()];
    for r in marks.iter().map(|(r, _)| r).chain(&breaks) {
        cuts.extend([r.start, r.end]);
    }
    cuts.sort_unstable();
    cuts.dedup();

    let mut out = String::with_capacity(text.len() + 16 * marks.len());
    // Indices into `marks` of the open elements, outermost first.
    let mut open: Vec<usize> = Vec::new();
    let mut next = 0;
    for pair in cuts.windows(2) {
        let (at, end) = (pair[0], pair[1]);
        // Close what ends here, and whatever is open inside it (reopened just after).
        if let Some(depth) = open.iter().position(|&i| marks[i].0.end <= at) {
            let popped: Vec<usize> = open.drain(depth..).collect();
            for &i in popped.iter().rev() {
                out.push_str(marks[i].1.close());
            }
            for i in popped {
                if marks[i].0.end > at {
                    out.push_str(&marks[i].1.open());
                    open.push(i);
                }
            }
        }
        while next < marks.len() && marks[next].0.start <= at {
            if marks[next].0.end > at {
                out.push_str(&marks[next].1.open());
                open.push(next);
            }
            next += 1;
        }
        if breaks.iter().any(|r| r.start <= at && end <= r.end) {
            out.push_str("<br/>");
        } else {
            out.push_str(&xml_escape(&text[at..end]));
        }
    }
    for &i in open.iter().rev() {
        out.push_str(marks[i].1.close());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Direction, Span, TextLang};

    fn span(range: Range<usize>, style: Inline) -> Span {
        Span { range, style }
    }

    #[test]
    fn styles_nest_escape_and_break() {
        let t = StyledText::new(
            "a <b> & c d".into(),
            vec![
                span(0..5, Inline::Bold),
                span(2..5, Inline::Link("https://x.org/?a=1&b=\"2\"".into())),
                span(7..8, Inline::LineBreak),
            ],
        );
        assert_eq!(
            styled_xhtml(&t),
            r#"<strong>a <a href="https://x.org/?a=1&amp;b=&quot;2&quot;">&lt;b&gt;</a></strong> &amp;<br/>c d"#
        );
    }

    #[test]
    fn overlapping_styles_are_closed_and_reopened() {
        let t = StyledText::new(
            "abc".into(),
            vec![span(0..2, Inline::Bold), span(1..3, Inline::Italic)],
        );
        assert_eq!(styled_xhtml(&t), "<strong>a<em>b</em></strong><em>c</em>");
    }

    #[test]
    fn urls_are_isolated_inside_their_link_and_languages_marked() {
        let text = "زوروا https://dostor.org الآن قال Hello";
        let url = text.find("https").unwrap();
        let hello = text.find("Hello").unwrap();
        let t = StyledText::new(
            text.into(),
            vec![
                span(url..url + 18, Inline::Link("https://dostor.org".into())),
                span(
                    hello..text.len(),
                    Inline::Lang {
                        lang: TextLang {
                            lang: Some("en".into()),
                            dir: Some(Direction::Ltr),
                        },
                        isolate: false,
                    },
                ),
            ],
        );
        assert_eq!(
            styled_xhtml(&t),
            r#"زوروا <a href="https://dostor.org"><bdi dir="ltr">https://dostor.org</bdi></a> الآن قال <span lang="en" xml:lang="en" dir="ltr">Hello</span>"#
        );
    }
}
