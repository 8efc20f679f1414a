//! The pages' XHTML and the stylesheet come from minijinja templates so that a newsroom can
//! restyle its edition without touching Rust: `templates/` in the repository holds the defaults,
//! compiled in with `include_str!`, and a `--templates DIR` replaces any of them it contains.
//!
//! Templates get plain view structs ([`ArticleView`] and friends) with every string already
//! decided (dates written out, image paths inside the EPUB, `lang`/`dir` per element), so that
//! templates stay free of logic and XHTML escaping is minijinja's auto-escaping. One filter,
//! `isolate`, marks up the stretches of a text that must read left to right as written
//! ([`isolated_xhtml`]).

use std::collections::BTreeMap;
use std::path::Path;

use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;

use super::EpubError;

/// The masthead page.
pub(crate) const MASTHEAD: &str = "masthead.xhtml.j2";
/// One page per article.
pub(crate) const ARTICLE: &str = "article.xhtml.j2";
/// The navigation document (table of contents and landmarks).
pub(crate) const NAV: &str = "nav.xhtml.j2";
/// The stylesheet every page links to.
pub(crate) const STYLE: &str = "style.css";

const BUILTIN: [(&str, &str); 4] = [
    (MASTHEAD, include_str!("../../templates/masthead.xhtml.j2")),
    (ARTICLE, include_str!("../../templates/article.xhtml.j2")),
    (NAV, include_str!("../../templates/nav.xhtml.j2")),
    (STYLE, include_str!("../../templates/style.css")),
];

/// The loaded templates, and where each came from (for error messages).
pub(crate) struct Templates {
    env: Environment<'static>,
    origin: BTreeMap<&'static str, String>,
    /// Set when a templates folder replaces none of the built-in templates (likely misnamed).
    pub warning: Option<String>,
}

impl Templates {
    /// The built-in templates, each replaced by the file of the same name in `dir` if there is one.
    pub(crate) fn load(dir: Option<&Path>) -> Result<Templates, EpubError> {
        if let Some(dir) = dir.filter(|d| !d.is_dir()) {
            return Err(EpubError::TemplatesDir(dir.to_path_buf()));
        }
        let mut env = Environment::new();
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".xhtml.j2") || name.ends_with(".xhtml") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        // minijinja's HTML escaping also writes `/` as `&#x2f;` (for `</script>` in HTML), which
        // only makes XHTML harder to read: escape what XML needs and nothing else.
        env.set_formatter(|out, state, value| match value.as_str() {
            Some(text) if state.auto_escape() == AutoEscape::Html && !value.is_safe() => {
                out.write_str(&super::xml_escape(text)).map_err(|_| {
                    minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "write failed")
                })
            }
            _ => minijinja::escape_formatter(out, state, value),
        });
        env.add_filter("isolate", |text: &str| {
            minijinja::Value::from_safe_string(isolated_xhtml(text))
        });
        // A misspelt variable in a newsroom's template is an error, not an empty string.
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_keep_trailing_newline(true);
        let mut origin = BTreeMap::new();
        for (name, builtin) in BUILTIN {
            let file = dir.map(|d| d.join(name)).filter(|p| p.is_file());
            let (source, from) = match file {
                Some(path) => {
                    let source = crate::regular_file::read_utf8(&path).map_err(|source| {
                        EpubError::ReadTemplate {
                            path: path.clone(),
                            source,
                        }
                    })?;
                    (source, path.display().to_string())
                }
                None => (builtin.to_string(), format!("built-in templates/{name}")),
            };
            env.add_template_owned(name, source)
                .map_err(|e| template_error(&from, &e))?;
            origin.insert(name, from);
        }
        let replaced = origin.values().any(|from| !from.starts_with("built-in"));
        let warning = match dir {
            Some(dir) if !replaced => Some(format!(
                "{}: no template replaced: the folder has none of {}",
                dir.display(),
                BUILTIN.map(|(name, _)| name).join(", ")
            )),
            _ => None,
        };
        Ok(Templates {
            env,
            origin,
            warning,
        })
    }

    /// Renders template `name` with `ctx`.
    pub(crate) fn render<S: Serialize>(
        &self,
        name: &'static str,
        ctx: S,
    ) -> Result<String, EpubError> {
        let tmpl = self
            .env
            .get_template(name)
            .map_err(|e| self.error(name, &e))?;
        tmpl.render(ctx).map_err(|e| self.error(name, &e))
    }

    fn error(&self, name: &str, err: &minijinja::Error) -> EpubError {
        let at = err.name().unwrap_or(name);
        let from = self
            .origin
            .get(at)
            .cloned()
            .unwrap_or_else(|| at.to_string());
        template_error(&from, err)
    }
}

fn template_error(from: &str, err: &minijinja::Error) -> EpubError {
    let detail = match err.detail() {
        Some(d) => format!("{}: {d}", err.kind()),
        None => err.kind().to_string(),
    };
    EpubError::Template {
        template: from.to_string(),
        line: err.line(),
        detail,
    }
}

/// `text` escaped for XHTML, with each stretch that must read left to right as written (phone
/// numbers, URLs, e-mail addresses: [`crate::isolate::ltr_isolates`]) in `<bdi dir="ltr">`.
///
/// Why `<bdi dir="ltr">`: EPUBCheck refuses `unicode-bidi` in a stylesheet (CSS-001), so the
/// isolation must come from the markup. Today's engines (Chromium, WebKit, Gecko: Apple Books,
/// Thorium, epub.js, foliate) isolate any element with `dir`; `<bdi>` is isolated even by the
/// engines from before HTML gave `dir` that meaning, and one that does not know `<bdi>` still
/// obeys its `dir`, which keeps the number in order.
pub(crate) fn isolated_xhtml(text: &str) -> String {
    let escape = super::xml_escape;
    let mut out = String::with_capacity(text.len() + 32);
    let mut at = 0;
    for range in crate::isolate::ltr_isolates(text) {
        out.push_str(&escape(&text[at..range.start]));
        out.push_str(r#"<bdi dir="ltr">"#);
        out.push_str(&escape(&text[range.clone()]));
        out.push_str("</bdi>");
        at = range.end;
    }
    out.push_str(&escape(&text[at..]));
    out
}

/// The `lang`/`xml:lang` and `dir` an element needs where they differ from its parent's; with
/// both `None` it needs none.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Attrs {
    pub lang: Option<String>,
    pub dir: Option<&'static str>,
}

/// A caption, credit, cite or list item, with its own attributes.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PhraseView {
    pub text: String,
    /// The text as XHTML with its inline elements (`<strong>`, `<a href>`…), escaped and
    /// isolated: written with `|safe`. Templates that use `text|isolate` set it plain.
    pub markup: String,
    pub attrs: Attrs,
}

/// A language and its direction, for `lang`, `xml:lang` and `dir` attributes.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LangView {
    pub lang: String,
    pub dir: &'static str,
}

/// A date as `<time datetime>` wants it and as the reader reads it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DateView {
    pub iso: String,
    pub long: String,
}

/// A photo in the EPUB.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PhotoView {
    /// Path relative to the pages (`images/….jpg`).
    pub href: String,
    pub alt: String,
    /// Caption and credit: set apart (two elements, each its own bidi paragraph) so that a
    /// Latin credit does not run into a caption's last word.
    pub caption: Option<PhraseView>,
    pub credit: Option<PhraseView>,
    pub width: u32,
    pub height: u32,
}

/// One body block; `type` tells templates which one. `attrs` are the block's own language and
/// direction where they differ from the article's (an English quote in Arabic).
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub(crate) enum BlockView {
    /// `markup`: the text as XHTML with its inline elements, escaped (write it with `|safe`).
    Paragraph {
        text: String,
        markup: String,
        attrs: Attrs,
    },
    Heading {
        text: String,
        attrs: Attrs,
    },
    /// `attrs` go on the element holding both the quote and its cite.
    Quote {
        text: String,
        markup: String,
        cite: Option<PhraseView>,
        attrs: Attrs,
    },
    Image {
        photo: PhotoView,
        attrs: Attrs,
    },
    List {
        ordered: bool,
        items: Vec<PhraseView>,
        attrs: Attrs,
    },
}

/// The section label on an article page, in the edition's language (the article may be in
/// another).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SectionView {
    pub name: String,
    pub lang: LangView,
    /// Whether the label's language differs from the article's, so it needs its own attributes.
    pub foreign: bool,
}

/// What `article.xhtml.j2` gets as `article`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ArticleView {
    pub id: String,
    pub title: String,
    pub lang: LangView,
    pub section: Option<SectionView>,
    pub kicker: Option<String>,
    pub subtitle: Option<String>,
    pub byline: Option<String>,
    pub published: Option<DateView>,
    pub source_url: Option<String>,
    pub lead: Option<PhotoView>,
    pub blocks: Vec<BlockView>,
}

/// What every template gets as `edition`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct EditionView {
    pub name: String,
    pub tagline: Option<String>,
    pub lang: LangView,
    pub date: Option<DateView>,
    /// The Hijri date in words («18 ذو القعدة 1442 هـ»), unless the manifest turned it off.
    pub hijri: Option<String>,
    /// «العدد 42», already in the edition's language.
    pub issue: Option<String>,
    pub logo: Option<PhotoView>,
    /// Name of the stylesheet to link.
    pub stylesheet: &'static str,
}

/// One entry of the table of contents.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NavArticle {
    pub title: String,
    pub href: String,
    pub lang: LangView,
    /// Whether its language differs from the edition's (then the link carries `lang`/`dir`).
    pub foreign: bool,
}

/// A section in the table of contents; `name` is `None` for articles that name no section,
/// which are listed at the top level.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NavSection {
    pub name: Option<String>,
    pub href: String,
    pub articles: Vec<NavArticle>,
}

/// A landmark (`epub:type` and target).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Landmark {
    pub kind: &'static str,
    pub href: String,
    pub title: String,
}

/// What `nav.xhtml.j2` gets.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NavView {
    pub title: String,
    /// The masthead page, if the book has one.
    pub masthead: Option<String>,
    pub sections: Vec<NavSection>,
    pub landmarks: Vec<Landmark>,
}
