//! WordPress REST API posts (`/wp-json/wp/v2/posts?_embed`), one post or an array of them.
//!
//! Mapped: `title.rendered` (HTML, entities read) → title, `content.rendered` → the HTML body,
//! `excerpt.rendered` → subtitle, `date_gmt` (else `date`) → published, `link` → source URL,
//! `slug` → id, and with `_embed`: the first author's name → byline, the first category's name →
//! section, the featured media (`source_url`, `alt_text`, `caption.rendered`) → lead photo.

use std::path::Path;

use schemars::JsonSchema;
use serde::Deserialize;

use super::article::{RawArticle, RawImage, RawText};
use super::error::{ErrorKind, InputError, Warning};
use super::html::plain;
use super::sniff::Read;

/// An HTML value as WordPress renders it.
#[derive(Deserialize, JsonSchema)]
struct Rendered {
    #[serde(default)]
    rendered: String,
}

/// A WordPress REST post (`/wp-json/wp/v2/posts?_embed`), the fields sahifa reads; others are
/// ignored.
#[derive(Deserialize, JsonSchema)]
struct Post {
    /// The article's id (else `id`).
    #[serde(default)]
    slug: Option<String>,
    #[serde(default)]
    id: Option<u64>,
    /// Publication time, UTC (else `date`).
    #[serde(default)]
    date_gmt: Option<String>,
    #[serde(default)]
    date: Option<String>,
    /// The source link.
    #[serde(default)]
    link: Option<String>,
    /// The headline (HTML; entities are read, tags dropped).
    title: Rendered,
    /// The body (HTML, read as `body_html`).
    content: Rendered,
    /// Set as the subtitle.
    #[serde(default)]
    excerpt: Option<Rendered>,
    /// With `?_embed`: author, featured media, categories.
    #[serde(default, rename = "_embedded")]
    embedded: Option<Embedded>,
}

#[derive(Deserialize, Default, JsonSchema)]
struct Embedded {
    /// The first author's name is the byline.
    #[serde(default)]
    author: Vec<Author>,
    /// The first is the lead photo.
    #[serde(default, rename = "wp:featuredmedia")]
    featured: Vec<Media>,
    /// The first `category` term's name is the section.
    #[serde(default, rename = "wp:term")]
    terms: Vec<Vec<Term>>,
}

#[derive(Deserialize, JsonSchema)]
struct Author {
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize, JsonSchema)]
struct Media {
    /// The photo's address (downloaded only with `--fetch`).
    #[serde(default)]
    source_url: Option<String>,
    #[serde(default)]
    alt_text: Option<String>,
    /// The caption (HTML).
    #[serde(default)]
    caption: Option<Rendered>,
}

#[derive(Deserialize, JsonSchema)]
struct Term {
    #[serde(default)]
    name: String,
    #[serde(default)]
    taxonomy: String,
}

/// What `sahifa schema wordpress` publishes: one post, or an array of them (a collection).
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)] // Described, never built: `parse` reads each post on its own for its errors.
enum PostOrPosts {
    One(Box<Post>),
    Many(Vec<Post>),
}

/// The JSON Schema of what the WordPress reader accepts.
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(PostOrPosts)
}

/// One post or an array of posts.
#[derive(Deserialize)]
#[serde(untagged)]
enum Posts {
    Many(Vec<serde_json::Value>),
    One(Box<serde_json::Value>),
}

/// Reads the posts of a WordPress REST response; a post that does not have the shape is an
/// error naming its place (`posts[2].content`).
pub fn parse(text: &str, file: &Path) -> Result<Vec<Read>, InputError> {
    let posts: Posts = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| InputError::malformed_json(file, &e))?;
    let (values, many) = match posts {
        Posts::Many(v) => (v, true),
        Posts::One(v) => (vec![*v], false),
    };
    if values.is_empty() {
        return Err(InputError::new(
            ErrorKind::Field,
            file,
            "the WordPress response holds no post",
            "export at least one post",
        ));
    }
    values
        .into_iter()
        .enumerate()
        .map(|(i, value)| {
            let place = many.then(|| format!("posts[{i}]"));
            let post: Post = serde_path_to_error::deserialize(value).map_err(|e| {
                let at = e.path().to_string();
                let at = match &place {
                    Some(p) if at == "." => p.clone(),
                    Some(p) => format!("{p}.{at}"),
                    None => at,
                };
                InputError::new(
                    ErrorKind::Field,
                    file,
                    e.into_inner().to_string(),
                    "a WordPress post needs `title.rendered` and `content.rendered`",
                )
                .field(at)
            })?;
            Ok(Read {
                raw: to_raw(post),
                warnings: Vec::<Warning>::new(),
                place,
            })
        })
        .collect()
}

fn to_raw(post: Post) -> RawArticle {
    let embedded = post.embedded.unwrap_or_default();
    let nonempty = |s: String| Some(s).filter(|s| !s.trim().is_empty());
    let image = embedded.featured.into_iter().next().and_then(|m| {
        Some(RawImage {
            src: m.source_url?,
            alt: m.alt_text.and_then(nonempty),
            caption: m
                .caption
                .map(|c| plain(&c.rendered))
                .and_then(nonempty)
                .map(RawText::Plain),
            credit: None,
            lang: None,
            dir: None,
        })
    });
    let section = embedded
        .terms
        .iter()
        .flatten()
        .find(|t| t.taxonomy == "category" && !t.name.trim().is_empty())
        .map(|t| plain(&t.name));
    RawArticle {
        title: plain(&post.title.rendered),
        id: post
            .slug
            .and_then(nonempty)
            .or(post.id.map(|id| format!("post-{id}"))),
        section,
        subtitle: post.excerpt.map(|e| plain(&e.rendered)).and_then(nonempty),
        byline: embedded
            .author
            .into_iter()
            .find_map(|a| a.name.and_then(nonempty)),
        // `date_gmt` has no zone (`2021-06-28T08:00:00`): its date is what is kept.
        published: post
            .date_gmt
            .or(post.date)
            .map(|d| d.chars().take(10).collect()),
        source_url: post.link,
        image,
        body_html: Some(post.content.rendered),
        ..RawArticle::default()
    }
}
