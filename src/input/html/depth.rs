//! A bound on how deep HTML nests before the parser sees it.
//!
//! Why: html5ever looks through its stack of open elements at every start tag, so its time
//! grows with the size × the depth; ten thousand nested `<div>`s took 6 s, and a 20 MB body of
//! them would never finish. Articles nest a few levels. Past [`MAX_PARSE_DEPTH`], the tags
//! themselves are removed from the source (their text stays), so the parser's stack stays
//! short. This scan only finds where tags are; the parser still reads everything that is kept,
//! so a tag this scan misreads at worst becomes text, never markup.

use std::borrow::Cow;

/// Open elements kept around any text; deeper tags are removed before parsing.
pub(super) const MAX_PARSE_DEPTH: usize = 128;

/// Elements that never have an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// One tag found in the source: where it ends, and what it does to the depth.
enum Tag {
    Open,
    Close,
    /// Void, self-closing, a comment, a doctype: no change.
    Neutral,
}

/// `html` with the tags past [`MAX_PARSE_DEPTH`] removed (borrowed when none are).
pub(super) fn limit_depth(html: &str) -> Cow<'_, str> {
    if max_depth(html) <= MAX_PARSE_DEPTH {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let (mut depth, mut excess) = (0usize, 0usize);
    let mut at = 0;
    while let Some((start, end, tag)) = next_tag(html, at) {
        out.push_str(&html[at..start]);
        let keep = match tag {
            Tag::Open if depth >= MAX_PARSE_DEPTH => {
                excess += 1;
                false
            }
            Tag::Open => {
                depth += 1;
                true
            }
            Tag::Close if excess > 0 => {
                excess -= 1;
                false
            }
            Tag::Close => {
                depth = depth.saturating_sub(1);
                true
            }
            Tag::Neutral => true,
        };
        if keep {
            out.push_str(&html[start..end]);
        }
        at = end;
    }
    out.push_str(&html[at..]);
    Cow::Owned(out)
}

fn max_depth(html: &str) -> usize {
    let (mut depth, mut max, mut at) = (0usize, 0usize, 0);
    while let Some((_, end, tag)) = next_tag(html, at) {
        match tag {
            Tag::Open => {
                depth += 1;
                max = max.max(depth);
            }
            Tag::Close => depth = depth.saturating_sub(1),
            Tag::Neutral => {}
        }
        at = end;
    }
    max
}

/// The next tag at or after `from`: its start, its end (past `>`) and kind.
fn next_tag(html: &str, from: usize) -> Option<(usize, usize, Tag)> {
    let bytes = html.as_bytes();
    let mut i = from;
    loop {
        let start = i + html[i..].find('<')?;
        let rest = &html[start + 1..];
        if rest.starts_with("!--") {
            let end = rest.find("-->").map_or(html.len(), |e| start + 1 + e + 3);
            return Some((start, end, Tag::Neutral));
        }
        let (close, name_at) = match rest.as_bytes().first() {
            Some(b'/') => (true, start + 2),
            Some(c) if c.is_ascii_alphabetic() => (false, start + 1),
            Some(b'!' | b'?') => (false, usize::MAX),
            _ => {
                i = start + 1;
                continue;
            }
        };
        let end = tag_end(bytes, start + 1).unwrap_or(html.len());
        if name_at == usize::MAX {
            return Some((start, end, Tag::Neutral));
        }
        let name: String = html[name_at..end]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let self_closing = html[..end].ends_with("/>");
        let tag = if close {
            Tag::Close
        } else if VOID.contains(&name.as_str()) || self_closing {
            Tag::Neutral
        } else {
            Tag::Open
        };
        return Some((start, end, tag));
    }
}

/// Past the `>` that ends a tag starting before `from`, skipping quoted attribute values.
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut quote = None;
    for (k, &b) in bytes[from..].iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return Some(from + k + 1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_html_is_untouched_and_deep_html_loses_only_its_deepest_tags() {
        let shallow = "<p a='>'>x<br><img src=a /><!-- <div> --></p>";
        assert!(matches!(limit_depth(shallow), Cow::Borrowed(_)));
        let n = MAX_PARSE_DEPTH + 50;
        let deep = format!(
            "{}text{}<p>after</p>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let limited = limit_depth(&deep);
        assert_eq!(max_depth(&limited), MAX_PARSE_DEPTH);
        assert!(limited.contains("<div>text</div>"));
        assert!(limited.ends_with("</div><p>after</p>"));
    }
}
