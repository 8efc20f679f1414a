//! IPTC ninjs items (News in JSON, 2.x, and the 1.x names where 2.x renamed them).
//!
//! Mapped: the main headline (`headlines[role=main]`, 1.x `headline`) → title, the subheadline
//! (`headlines[role=sub]`, `subheadline`) → subtitle, `by` (1.x `byline`) → byline,
//! `firstcreated` (else `versioncreated`) → published, `language`, `slugline` → kicker, the
//! first subject's `name` → section, the first HTML body (`bodies[contenttype=text/html]`, 1.x
//! `body_html`) → the HTML body, else the plain one (`body_text`), one paragraph a line; the
//! first `picture` association → lead photo (its largest rendition, `description_text` as
//! caption and alt, `by` as credit); `uri` → id and source URL when it is a web address.

use std::path::Path;

use serde_json::Value;

use super::article::{RawArticle, RawBody, RawImage, RawText};
use super::error::{ErrorKind, InputError, Warning};

/// Reads one ninjs item.
pub fn parse(text: &str, file: &Path) -> Result<(RawArticle, Vec<Warning>), InputError> {
    let item: Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| InputError::malformed_json(file, &e))?;
    let s = |v: &Value, key: &str| {
        v.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let list = |key: &str| {
        item.get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    // `headlines` / `descriptions` / `bodies` (2.x): the entry of a role, else the first.
    let by_role = |key: &str, role: &str| {
        let entries = list(key);
        entries
            .iter()
            .find(|e| e.get("role").and_then(Value::as_str) == Some(role))
            .or(entries.first())
            .and_then(|e| s(e, "value"))
    };
    let title = by_role("headlines", "main")
        .or_else(|| s(&item, "headline"))
        .ok_or_else(|| {
            InputError::new(
                ErrorKind::Field,
                file,
                "the ninjs item has no headline",
                "give `headlines: [{\"role\": \"main\", \"value\": \"…\"}]`",
            )
            .field("headlines")
        })?;
    let subtitle = list("headlines")
        .iter()
        .find(|e| e.get("role").and_then(Value::as_str) == Some("sub"))
        .and_then(|e| s(e, "value"))
        .or_else(|| s(&item, "subheadline"));
    let bodies = list("bodies");
    let html_body = bodies
        .iter()
        .find(|b| {
            b.get("contenttype")
                .and_then(Value::as_str)
                .is_some_and(|t| t.contains("html"))
        })
        .and_then(|b| s(b, "value"))
        .or_else(|| s(&item, "body_html"));
    let text_body = bodies
        .iter()
        .find(|b| {
            b.get("contenttype")
                .and_then(Value::as_str)
                .is_none_or(|t| t.starts_with("text/plain"))
        })
        .and_then(|b| s(b, "value"))
        .or_else(|| s(&item, "body_text"));
    let (body, body_html) = match (html_body, text_body) {
        (Some(html), _) => (None, Some(html)),
        // One paragraph a line, as agencies send plain text.
        (None, Some(text)) => (Some(RawBody::Text(text.replace('\n', "\n\n"))), None),
        (None, None) => (None, None),
    };
    let uri = s(&item, "uri");
    let web = |u: &String| u.starts_with("http://") || u.starts_with("https://");
    let section = list("subjects")
        .iter()
        .chain(list("subject").iter())
        .find_map(|v| s(v, "name"));
    let associations: Vec<Value> = match item.get("associations") {
        Some(Value::Array(a)) => a.clone(),
        // 1.x: an object keyed by name.
        Some(Value::Object(o)) => o.values().cloned().collect(),
        _ => Vec::new(),
    };
    let image = associations
        .iter()
        .find(|a| a.get("type").and_then(Value::as_str) == Some("picture"))
        .and_then(|a| picture(a, &s));
    let raw = RawArticle {
        title,
        id: uri.as_ref().map(|u| id_of(u)),
        lang: s(&item, "language"),
        kicker: s(&item, "slugline"),
        subtitle,
        byline: s(&item, "by").or_else(|| s(&item, "byline")),
        published: s(&item, "firstcreated").or_else(|| s(&item, "versioncreated")),
        source_url: uri.filter(web),
        section,
        image,
        body,
        body_html,
        ..RawArticle::default()
    };
    Ok((raw, Vec::new()))
}

/// A picture association: its widest rendition (2.x array or 1.x object of renditions).
fn picture(a: &Value, s: &dyn Fn(&Value, &str) -> Option<String>) -> Option<RawImage> {
    let renditions: Vec<Value> = match a.get("renditions") {
        Some(Value::Array(r)) => r.clone(),
        Some(Value::Object(o)) => o.values().cloned().collect(),
        _ => Vec::new(),
    };
    let width = |r: &Value| r.get("width").and_then(Value::as_u64).unwrap_or(0);
    let src = renditions
        .iter()
        .filter(|r| s(r, "href").is_some())
        .max_by_key(|r| width(r))
        .and_then(|r| s(r, "href"))
        .or_else(|| s(a, "uri"))?;
    let caption = s(a, "description_text").or_else(|| s(a, "headline"));
    Some(RawImage {
        src,
        alt: caption.clone(),
        caption: caption.map(RawText::Plain),
        credit: s(a, "by").or_else(|| s(a, "byline")).map(RawText::Plain),
        lang: None,
        dir: None,
    })
}

/// An id from a `uri`: its last path segment (`…/210526-militarovning-a0f2d045`).
fn id_of(uri: &str) -> String {
    uri.trim_end_matches('/')
        .rsplit(['/', ':'])
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(uri)
        .to_string()
}
