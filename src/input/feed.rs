//! RSS 0.9–2.0 and Atom feeds (`feed-rs`): one article per item.
//!
//! Mapped: the item's title → title, `content:encoded` / Atom `content` (else the summary) →
//! the HTML body (a plain-text summary is a text body), the summary besides a content →
//! subtitle, its first author → byline, first category → section, published (else updated) →
//! date, first link → source URL, `guid` / Atom `id` → id (else the file's name and the item's
//! number), the feed's or item's language → lang; the first image among the enclosures and
//! `media:content` → lead photo, with its `media:description` as caption and `media:credit` as
//! credit. XML is read by quick-xml, which expands no entity a document declares, so a
//! «billion laughs» DOCTYPE stays a few bytes.

use std::path::Path;

use feed_rs::model::{Entry, MediaObject, Text};

use super::article::{RawArticle, RawBody, RawImage, RawText};
use super::error::{ErrorKind, InputError, Warning};
use super::html::plain;
use super::sniff::Read;

/// Reads every item of a feed.
pub fn parse(text: &str, file: &Path) -> Result<Vec<Read>, InputError> {
    // An item without a guid gets none here (feed-rs would make a random one): its id is then
    // the file's name and its number, the same on every run.
    let parser = feed_rs::parser::Builder::new()
        .id_generator(|_, _, _| String::new())
        .build();
    let feed = parser.parse(text.as_bytes()).map_err(|e| {
        InputError::new(
            ErrorKind::Syntax,
            file,
            format!("not an RSS or Atom feed: {e}"),
            "give a well-formed RSS 2.0 or Atom document",
        )
    })?;
    if feed.entries.is_empty() {
        return Err(InputError::new(
            ErrorKind::Field,
            file,
            "the feed has no items",
            "publish a feed with at least one item",
        ));
    }
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lang = feed.language.clone();
    Ok(feed
        .entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| Read {
            raw: to_raw(entry, lang.clone(), format!("{stem}-{}", i + 1)),
            warnings: Vec::<Warning>::new(),
            place: Some(format!("items[{i}]")),
        })
        .collect())
}

fn is_html(t: &Text) -> bool {
    t.content_type.to_string().contains("html")
}

/// A feed text as plain text.
fn text_of(t: &Text) -> String {
    if is_html(t) {
        plain(&t.content)
    } else {
        t.content.trim().to_string()
    }
}

fn to_raw(entry: Entry, feed_lang: Option<String>, default_id: String) -> RawArticle {
    let nonempty = |s: String| Some(s).filter(|s| !s.trim().is_empty());
    let content = entry.content.and_then(|c| c.body).and_then(nonempty);
    let summary = entry.summary.as_ref();
    let (body, body_html, subtitle) = match (content, summary) {
        (Some(html), summary) => (None, Some(html), summary.map(text_of).and_then(nonempty)),
        (None, Some(s)) if is_html(s) => (None, Some(s.content.clone()), None),
        (None, Some(s)) => (Some(RawBody::Text(s.content.clone())), None, None),
        (None, None) => (None, None, None),
    };
    RawArticle {
        title: entry.title.as_ref().map(text_of).unwrap_or_default(),
        id: nonempty(entry.id).or(Some(default_id)),
        lang: entry.language.or(feed_lang),
        section: entry
            .categories
            .iter()
            .find_map(|c| c.label.clone().or(Some(c.term.clone())).and_then(nonempty)),
        subtitle,
        byline: entry
            .authors
            .iter()
            .find_map(|a| a.name.clone().and_then(nonempty)),
        published: entry
            .published
            .or(entry.updated)
            .map(|d| d.format("%Y-%m-%d").to_string()),
        source_url: entry.links.first().map(|l| l.href.clone()),
        image: entry.media.iter().find_map(photo),
        body,
        body_html,
        ..RawArticle::default()
    }
}

/// The first image of a media object (an enclosure or `media:content`).
fn photo(m: &MediaObject) -> Option<RawImage> {
    let url = m.content.iter().find_map(|c| {
        let url = c.url.as_ref()?.to_string();
        let typed = c.content_type.as_ref().map(|t| t.to_string());
        let image = match typed {
            Some(t) => t.starts_with("image/"),
            None => [".jpg", ".jpeg", ".png", ".gif", ".webp"]
                .iter()
                .any(|e| url.to_ascii_lowercase().ends_with(e)),
        };
        image.then_some(url)
    })?;
    let caption = m
        .description
        .as_ref()
        .or(m.title.as_ref())
        .map(text_of)
        .filter(|c| !c.is_empty());
    Some(RawImage {
        src: url,
        alt: caption.clone(),
        caption: caption.map(RawText::Plain),
        credit: m
            .credits
            .first()
            .map(|c| c.entity.trim().to_string())
            .filter(|c| !c.is_empty())
            .map(RawText::Plain),
        lang: None,
        dir: None,
    })
}
