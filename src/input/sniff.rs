//! Which format an article file is in, told from its content (a CMS export named `.json` may be
//! an article, a ninjs item or a WordPress post; a feed may be saved as `.xml`), and the reading
//! of each into the raw article shape that every format shares.

use std::path::Path;

use serde::de::IgnoredAny;
use serde::Deserialize;

use super::article::{self, RawArticle};
use super::error::{InputError, Warning};
use super::{feed, markdown, ninjs, wordpress};

/// The formats an article file may be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// sahifa's own article JSON.
    Article,
    Markdown,
    /// IPTC ninjs (1.x or 2.x).
    Ninjs,
    /// WordPress REST API posts (`/wp-json/wp/v2/posts`), one or an array.
    WordPress,
    /// RSS 0.9–2.0 (and RDF) feed.
    Rss,
    /// Atom feed.
    Atom,
}

impl Format {
    /// What `sahifa check` calls it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Article => "article JSON",
            Format::Markdown => "Markdown article",
            Format::Ninjs => "IPTC ninjs",
            Format::WordPress => "WordPress REST post",
            Format::Rss => "RSS feed",
            Format::Atom => "Atom feed",
        }
    }
}

/// The keys that tell the JSON formats apart; the rest of the document is skipped unread.
#[derive(Deserialize)]
struct Probe {
    #[serde(default)]
    title: Option<serde_json::Value>,
    #[serde(default)]
    body: Option<IgnoredAny>,
    #[serde(default)]
    body_html: Option<IgnoredAny>,
    #[serde(default)]
    uri: Option<IgnoredAny>,
    #[serde(default)]
    headline: Option<IgnoredAny>,
    #[serde(default)]
    headlines: Option<IgnoredAny>,
    #[serde(default)]
    standard: Option<IgnoredAny>,
    #[serde(default, rename = "$schema")]
    schema: Option<String>,
}

/// The format of `text`, read from `file`: by its first characters, then, for JSON, by the
/// keys that only one format has. Anything unclear is an article, so that its errors are the
/// article's.
pub fn sniff(file: &Path, text: &str) -> Format {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    let ext = |e: &str| file.extension().is_some_and(|x| x.eq_ignore_ascii_case(e));
    if start.starts_with("---") || ext("md") || ext("markdown") {
        return Format::Markdown;
    }
    if start.starts_with('<') {
        // The root element comes after at most a declaration, comments and a DOCTYPE.
        let head: String = start.chars().take(4096).collect();
        return if head.contains("<feed") {
            Format::Atom
        } else {
            Format::Rss
        };
    }
    if start.starts_with('[') {
        // sahifa's article is never an array; a WordPress collection is.
        return Format::WordPress;
    }
    let Ok(probe) = serde_json::from_str::<Probe>(start) else {
        return Format::Article;
    };
    if probe.title.as_ref().is_some_and(|t| t.is_object()) {
        return Format::WordPress;
    }
    let ninjs_schema = probe.schema.is_some_and(|s| s.contains("ninjs"));
    let ninjs_shape = probe.uri.is_some()
        && probe.body.is_none()
        && probe.title.is_none()
        && (probe.headline.is_some()
            || probe.headlines.is_some()
            || probe.standard.is_some()
            || probe.body_html.is_some());
    if ninjs_schema || ninjs_shape {
        return Format::Ninjs;
    }
    Format::Article
}

/// One article read from a file, before it is checked: its raw shape, its warnings so far,
/// and where it sits in a file of several (`items[3]`), for messages.
pub struct Read {
    pub raw: RawArticle,
    pub warnings: Vec<Warning>,
    pub place: Option<String>,
}

/// Reads `text` in the format [`sniff`] finds: one article, or each of a feed's or a WordPress
/// collection's.
pub fn read(file: &Path, text: &str) -> (Format, Result<Vec<Read>, InputError>) {
    let format = sniff(file, text);
    let one = |r: Result<(RawArticle, Vec<Warning>), InputError>| {
        r.map(|(raw, warnings)| {
            vec![Read {
                raw,
                warnings,
                place: None,
            }]
        })
    };
    let result = match format {
        Format::Article => one(article::parse_json(text, file)),
        Format::Markdown => one(markdown::parse(text, file)),
        Format::Ninjs => one(ninjs::parse(text, file)),
        Format::WordPress => wordpress::parse(text, file),
        Format::Rss | Format::Atom => feed::parse(text, file),
    };
    (format, result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_content_not_by_name() {
        let f = Path::new("a.json");
        assert_eq!(sniff(f, r#"{"title": "t", "body": "b"}"#), Format::Article);
        assert_eq!(
            sniff(f, r#"{"title": "t", "body": "b", "uri": "x"}"#),
            Format::Article
        );
        assert_eq!(sniff(f, "{\"title\": "), Format::Article, "broken JSON");
        assert_eq!(
            sniff(
                f,
                r#"{"id": 5, "title": {"rendered": "t"}, "content": {"rendered": ""}}"#
            ),
            Format::WordPress
        );
        assert_eq!(sniff(f, "\u{feff} [{\"id\": 1}]"), Format::WordPress);
        assert_eq!(
            sniff(f, r#"{"uri": "urn:x", "headlines": [{"value": "t"}]}"#),
            Format::Ninjs
        );
        assert_eq!(
            sniff(
                f,
                r#"{"$schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json"}"#
            ),
            Format::Ninjs
        );
        assert_eq!(sniff(f, "<?xml version=\"1.0\"?><rss/>"), Format::Rss);
        assert_eq!(
            sniff(Path::new("a.xml"), "<feed xmlns=\"…\"/>"),
            Format::Atom
        );
        assert_eq!(
            sniff(Path::new("a.txt"), "---\ntitle: t\n---\n"),
            Format::Markdown
        );
        assert_eq!(
            sniff(Path::new("a.md"), "no front matter"),
            Format::Markdown
        );
    }
}
