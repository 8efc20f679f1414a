//! The JSON Schema `sahifa schema ninjs` publishes: the part of an IPTC ninjs item the reader
//! ([`super::ninjs`]) uses, 2.x names and the 1.x names it also accepts.
//!
//! The reader walks the item as a JSON value, so that a 1.x or 2.x item, or one that mixes
//! them, is read without a shape for every variant; these types only describe it. Other fields
//! of ninjs are allowed and ignored.

#![allow(dead_code)] // Described, never built: `ninjs::parse` reads a `serde_json::Value`.

use std::collections::BTreeMap;

use schemars::JsonSchema;

/// An IPTC ninjs item (News in JSON 2.x; the 1.x names `headline`, `subheadline`, `byline`,
/// `body_html`, `body_text`, `subject` are read too). At least one headline is required.
#[derive(JsonSchema)]
#[schemars(title = "ninjs item (as sahifa reads it)")]
struct NinjsItem {
    /// The item's identifier: its last path segment is the article's id; a web address is
    /// also its source link.
    uri: Option<String>,
    /// BCP 47 language tag of the item (`ar`, `en`…).
    language: Option<String>,
    /// 2.x: the `main` headline is the title, the `sub` one the subtitle.
    headlines: Option<Vec<RoleValue>>,
    /// 1.x: the title.
    headline: Option<String>,
    /// 1.x: the subtitle.
    subheadline: Option<String>,
    /// The byline (1.x: `byline`).
    by: Option<String>,
    byline: Option<String>,
    /// The publication time, RFC 3339 (else `versioncreated`).
    firstcreated: Option<String>,
    versioncreated: Option<String>,
    /// The kicker.
    slugline: Option<String>,
    /// 2.x: the first subject's `name` is the section.
    subjects: Option<Vec<Subject>>,
    /// 1.x name of `subjects`.
    subject: Option<Vec<Subject>>,
    /// 2.x: the `text/html` body is read as HTML; else the `text/plain` one, a paragraph a
    /// line.
    bodies: Option<Vec<Body>>,
    /// 1.x: the HTML body.
    body_html: Option<String>,
    /// 1.x: the plain body, a paragraph a line.
    body_text: Option<String>,
    /// The first `picture` association is the lead photo: 2.x an array, 1.x an object keyed
    /// by name.
    associations: Option<Associations>,
}

/// A headline with its role.
#[derive(JsonSchema)]
struct RoleValue {
    /// `main` or `sub`.
    role: Option<String>,
    value: String,
}

#[derive(JsonSchema)]
struct Subject {
    name: Option<String>,
}

/// A body with its media type.
#[derive(JsonSchema)]
struct Body {
    /// `text/html` or `text/plain`.
    contenttype: Option<String>,
    value: String,
}

#[derive(JsonSchema)]
#[serde(untagged)]
enum Associations {
    List(Vec<Association>),
    ByName(BTreeMap<String, Association>),
}

/// An associated item; only `type: picture` is read.
#[derive(JsonSchema)]
struct Association {
    #[serde(rename = "type")]
    kind: Option<String>,
    /// The photo's address when it has no renditions (downloaded only with `--fetch`).
    uri: Option<String>,
    /// The caption and alt text (else `headline`).
    description_text: Option<String>,
    headline: Option<String>,
    /// The photo's credit (1.x: `byline`).
    by: Option<String>,
    byline: Option<String>,
    /// The widest rendition with an `href` is the photo: 2.x an array, 1.x an object.
    renditions: Option<Renditions>,
}

#[derive(JsonSchema)]
#[serde(untagged)]
enum Renditions {
    List(Vec<Rendition>),
    ByName(BTreeMap<String, Rendition>),
}

#[derive(JsonSchema)]
struct Rendition {
    href: Option<String>,
    width: Option<u64>,
}

/// The JSON Schema of what the ninjs reader accepts.
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(NinjsItem)
}

#[cfg(test)]
mod tests {
    /// The schema accepts the project's ninjs fixtures' field names: every top-level field the
    /// reader uses is described.
    #[test]
    fn the_schema_names_every_field_the_reader_uses() {
        let schema = serde_json::to_value(super::schema()).unwrap();
        let props = schema["properties"].as_object().unwrap();
        for field in [
            "uri",
            "language",
            "headlines",
            "headline",
            "by",
            "firstcreated",
            "slugline",
            "subjects",
            "bodies",
            "body_html",
            "associations",
        ] {
            assert!(props.contains_key(field), "{field}");
        }
        let source = include_str!("ninjs.rs");
        for field in props.keys() {
            assert!(
                source.contains(&format!("\"{field}\"")),
                "the schema describes {field}, which the reader does not read"
            );
        }
    }
}
