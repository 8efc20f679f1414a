//! HTML bodies (`body_html`, a WordPress post's `content.rendered`, a feed item's
//! `content:encoded`) mapped onto the block model.
//!
//! The HTML is parsed by html5ever (through `scraper`), the parser browsers' specification
//! describes, so entities, unclosed tags and misnested markup come out as a browser would show
//! them; nothing here reads tags by hand. The tree is then walked once: block elements become
//! blocks, the inline elements the editions style become [`Span`]s over the text, and everything
//! else is left out with one warning per kind of element. Attributes are never copied, only
//! read (`href`, `src`, `alt`, `lang`, `dir`), so event handlers and styles cannot pass.

use std::collections::BTreeSet;
use std::path::Path;

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node};

use super::article::{RawBlock, RawImage, RawText};

mod depth;
#[cfg(test)]
mod tests;
use super::error::Warning;
use crate::model::{Direction, Inline, Span, TextLang};

/// Elements nested deeper than this are read for their text only (ten thousand nested `div`s
/// would otherwise take as many stack frames).
const MAX_DEPTH: usize = 64;

/// Elements whose content is never text of the article: left out whole, with a warning.
const DROPPED: &[&str] = &[
    "script", "style", "iframe", "embed", "object", "form", "input", "button", "select",
    "textarea", "noscript", "template", "svg", "math", "video", "audio", "canvas", "map", "frame",
    "frameset", "applet", "dialog", "head", "title", "meta", "link", "base", "nav",
];

/// Containers read through as if they were not there.
const TRANSPARENT: &[&str] = &[
    "html", "body", "div", "section", "article", "main", "header", "footer", "aside", "center",
    "span", "font", "picture", "dl", "hgroup", "details", "summary", "address",
];

/// Inline elements whose text is kept and whose markup is not (one warning per kind).
const PLAIN_INLINE: &[&str] = &[
    "u", "small", "mark", "code", "abbr", "time", "q", "s", "del", "ins", "cite", "dfn", "kbd",
    "var", "samp", "label", "big", "tt", "strike", "nobr", "data", "ruby", "rt", "rp", "wbr",
    "acronym",
];

/// The blocks of an HTML body. `file` and `field` name it in the warnings (one per kind of
/// thing left out).
pub fn blocks(html: &str, file: &Path, field: &str, warnings: &mut Vec<Warning>) -> Vec<RawBlock> {
    let doc = Html::parse_fragment(&depth::limit_depth(html));
    let mut m = Mapper::default();
    m.block_children(doc.root_element(), 0);
    m.flush();
    for message in m.left_out {
        warnings.push(Warning::new(file, Some(field.to_string()), message));
    }
    m.blocks
}

/// The text of an HTML snippet (a WordPress title, a feed item's title), entities read, tags
/// and what is never text (scripts, styles) left out, white space folded.
pub fn plain(html: &str) -> String {
    let doc = Html::parse_fragment(&depth::limit_depth(html));
    let mut b = Builder::default();
    flat_text(doc.root_element(), &mut b);
    b.text.trim().to_string()
}

/// A link target the editions keep: an absolute `http`, `https`, `mailto` or `tel` URL, with
/// spaces percent-encoded. Anything else (`javascript:`, `data:`, relative paths that would
/// point inside the book) is refused with the reason.
pub fn link_target(href: &str) -> Result<String, String> {
    let href = href.trim();
    let scheme = href
        .split_once(':')
        .map(|(s, _)| s)
        .filter(|s| {
            s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
        .map(str::to_ascii_lowercase);
    match scheme.as_deref() {
        Some("http" | "https") if href.contains("://") && href.len() > 8 => {}
        Some("mailto" | "tel") => {}
        Some(s) => return Err(format!("`{s}:` links refused (their text is kept)")),
        None => return Err("relative links left out (their text is kept)".into()),
    }
    if href.chars().any(|c| c.is_control()) {
        return Err("links with control characters refused (their text is kept)".into());
    }
    Ok(href.replace(' ', "%20"))
}

/// Text being gathered for one block, with its styles.
#[derive(Default)]
struct Builder {
    text: String,
    spans: Vec<Span>,
}

impl Builder {
    /// Appends text with HTML's white-space collapsing: a run of ASCII white space is one space,
    /// none at the start of the block or after another space. No-break spaces and soft hyphens
    /// are text and stay.
    fn push_text(&mut self, s: &str) {
        for c in s.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
                if !self.text.is_empty() && !self.text.ends_with(' ') {
                    self.text.push(' ');
                }
            } else if !super::controls::is_control(c) {
                self.text.push(c);
            }
        }
    }

    /// A forced line break: one space standing for it, styled [`Inline::LineBreak`].
    fn line_break(&mut self) {
        if self.text.ends_with(' ') {
            self.text.pop();
        }
        let at = self.text.len();
        self.text.push(' ');
        self.spans.push(Span {
            range: at..at + 1,
            style: Inline::LineBreak,
        });
    }

    /// A separation between two blocks read as one (paragraphs inside a quote or a list item).
    fn separate(&mut self) {
        if !self.text.trim().is_empty() && !self.text.ends_with(' ') {
            self.line_break();
        }
    }

    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

#[derive(Default)]
struct Mapper {
    blocks: Vec<RawBlock>,
    /// Inline content met outside any block element: an implicit paragraph.
    pending: Builder,
    /// Photos met inside a block's text, placed after that block.
    photos: Vec<RawBlock>,
    /// One message per kind of thing left out, in a stable order.
    left_out: BTreeSet<String>,
    /// The `lang` and `dir` of the containers around (`<div lang="en">`), for the blocks inside
    /// that give none.
    scope: (Option<String>, Option<Direction>),
}

fn lang_of(el: ElementRef<'_>) -> (Option<String>, Option<Direction>) {
    let lang = el
        .attr("lang")
        .map(str::trim)
        .filter(|l| super::article::is_lang_tag(l))
        .map(str::to_string);
    let dir = match el.attr("dir").map(|d| d.trim().to_ascii_lowercase()) {
        Some(d) if d == "rtl" => Some(Direction::Rtl),
        Some(d) if d == "ltr" => Some(Direction::Ltr),
        _ => None,
    };
    (lang, dir)
}

impl Mapper {
    fn note(&mut self, message: String) {
        self.left_out.insert(message);
    }

    fn check_attributes(&mut self, el: ElementRef<'_>) {
        if el.value().attrs().any(|(name, _)| name.starts_with("on")) {
            self.note("event handler attributes (onclick, onerror…) ignored".into());
        }
    }

    /// The pending implicit paragraph, then the photos its text held.
    fn flush(&mut self) {
        let b = std::mem::take(&mut self.pending);
        let (lang, dir) = self.scope.clone();
        self.push_paragraph(b, lang, dir);
        self.blocks.append(&mut self.photos);
    }

    fn push_paragraph(&mut self, b: Builder, lang: Option<String>, dir: Option<Direction>) {
        if !b.is_blank() {
            self.blocks.push(RawBlock::Paragraph {
                text: b.text,
                lang,
                dir,
                spans: b.spans,
            });
        }
    }

    /// Children of a block container: block elements become blocks, the rest gathers into an
    /// implicit paragraph.
    fn block_children(&mut self, el: ElementRef<'_>, depth: usize) {
        for child in el.children() {
            match child.value() {
                Node::Text(t) => {
                    let mut pending = std::mem::take(&mut self.pending);
                    pending.push_text(t);
                    self.pending = pending;
                }
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        self.block(child, depth + 1);
                    }
                }
                _ => {}
            }
        }
    }

    fn block(&mut self, el: ElementRef<'_>, depth: usize) {
        self.check_attributes(el);
        let name = el.value().name();
        let (own_lang, own_dir) = lang_of(el);
        let lang = own_lang.clone().or_else(|| self.scope.0.clone());
        let dir = own_dir.or(self.scope.1);
        if depth > MAX_DEPTH {
            self.note(format!(
                "markup nested deeper than {MAX_DEPTH} elements read as plain text"
            ));
            flat_text(el, &mut self.pending);
            return;
        }
        match name {
            "p" | "pre" | "dt" | "dd" => {
                self.flush();
                let b = self.inline_block(el, depth);
                self.push_paragraph(b, lang, dir);
                self.blocks.append(&mut self.photos);
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                let b = self.inline_block(el, depth);
                if !b.is_blank() {
                    self.blocks.push(RawBlock::Heading {
                        text: b.text,
                        lang,
                        dir,
                    });
                }
                self.blocks.append(&mut self.photos);
            }
            "blockquote" => {
                self.flush();
                self.quote(el, None, lang, dir, depth);
            }
            "ul" | "ol" => {
                self.flush();
                self.list(el, name == "ol", lang, dir, depth);
            }
            "figure" => {
                self.flush();
                self.figure(el, lang, dir, depth);
            }
            "img" => {
                self.flush();
                if let Some(photo) = self.image(el, None) {
                    self.blocks.push(photo);
                }
            }
            "table" => {
                self.flush();
                self.note("tables are not supported yet: each row is set as a paragraph".into());
                self.table(el, depth);
            }
            "hr" => self.flush(),
            "br" => self.pending.line_break(),
            _ if DROPPED.contains(&name) => self.note(format!("<{name}> left out")),
            _ if TRANSPARENT.contains(&name) && own_lang.is_none() && own_dir.is_none() => {
                self.block_children(el, depth)
            }
            // A container that gives a language: the blocks inside take it.
            _ if TRANSPARENT.contains(&name) && !matches!(name, "span" | "font") => {
                self.flush();
                let outer = std::mem::replace(&mut self.scope, (lang, dir));
                self.block_children(el, depth);
                self.flush();
                self.scope = outer;
            }
            // Anything inline (or unknown) at block level joins the implicit paragraph.
            _ => {
                let mut pending = std::mem::take(&mut self.pending);
                self.inline(el, &mut pending, depth);
                self.pending = pending;
            }
        }
    }

    /// The text of a caption or cite, set plain: its styles are dropped.
    fn plain_text(&mut self, el: ElementRef<'_>, depth: usize) -> String {
        self.inline_block(el, depth).text.trim().to_string()
    }

    /// The inline content of one block element.
    fn inline_block(&mut self, el: ElementRef<'_>, depth: usize) -> Builder {
        let mut b = Builder::default();
        self.inline_children(el, &mut b, depth);
        b
    }

    fn inline_children(&mut self, el: ElementRef<'_>, b: &mut Builder, depth: usize) {
        for child in el.children() {
            match child.value() {
                Node::Text(t) => b.push_text(t),
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        self.inline(child, b, depth + 1);
                    }
                }
                _ => {}
            }
        }
    }

    /// One element inside a block's text.
    fn inline(&mut self, el: ElementRef<'_>, b: &mut Builder, depth: usize) {
        self.check_attributes(el);
        let name = el.value().name();
        if depth > MAX_DEPTH {
            self.note(format!(
                "markup nested deeper than {MAX_DEPTH} elements read as plain text"
            ));
            flat_text(el, b);
            return;
        }
        let style = match name {
            "b" | "strong" => Some(Inline::Bold),
            "i" | "em" => Some(Inline::Italic),
            "sup" => Some(Inline::Sup),
            "sub" => Some(Inline::Sub),
            "a" => match el.attr("href").map(link_target) {
                Some(Ok(url)) => Some(Inline::Link(url)),
                Some(Err(why)) => {
                    self.note(why);
                    None
                }
                None => None,
            },
            "bdi" | "bdo" | "span" => {
                let (lang, dir) = lang_of(el);
                (lang.is_some() || dir.is_some() || name == "bdi").then(|| Inline::Lang {
                    lang: TextLang { lang, dir },
                    isolate: name != "span",
                })
            }
            "br" => {
                b.line_break();
                return;
            }
            "img" => {
                if let Some(photo) = self.image(el, None) {
                    self.photos.push(photo);
                }
                return;
            }
            "figure" | "table" | "ul" | "ol" | "blockquote" => {
                // A block inside text (a list inside a list item): its text, on its own line.
                self.note(format!("<{name}> inside text set as plain text"));
                b.separate();
                flat_text(el, b);
                return;
            }
            _ if DROPPED.contains(&name) => {
                self.note(format!("<{name}> left out"));
                return;
            }
            _ if PLAIN_INLINE.contains(&name) => {
                self.note(format!("<{name}> set as plain text"));
                None
            }
            "p" | "div" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "pre" | "dt" | "dd"
            | "section" | "article" | "header" | "footer" | "figcaption" => {
                b.separate();
                None
            }
            _ if TRANSPARENT.contains(&name) => None,
            _ => {
                self.note(format!("<{name}> set as plain text"));
                None
            }
        };
        let start = b.text.len();
        self.inline_children(el, b, depth);
        if let Some(style) = style {
            b.spans.push(Span {
                range: start..b.text.len(),
                style,
            });
        }
    }

    /// `<blockquote>`: its paragraphs as one text, line by line; a `<cite>` or `<footer>`
    /// inside it (or the figure's caption, `caption`) is its source.
    fn quote(
        &mut self,
        el: ElementRef<'_>,
        caption: Option<String>,
        lang: Option<String>,
        dir: Option<Direction>,
        depth: usize,
    ) {
        let mut b = Builder::default();
        let mut cite = caption;
        for child in el.children() {
            match child.value() {
                Node::Text(t) => b.push_text(t),
                Node::Element(e) if matches!(e.name(), "cite" | "footer") && cite.is_none() => {
                    if let Some(child) = ElementRef::wrap(child) {
                        let text = self.plain_text(child, depth + 1);
                        cite = Some(text.trim_start_matches(['—', '-', '–', ' ']).to_string());
                    }
                }
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        if matches!(child.value().name(), "p" | "div") {
                            b.separate();
                        }
                        self.inline(child, &mut b, depth + 1);
                    }
                }
                _ => {}
            }
        }
        if !b.is_blank() {
            self.blocks.push(RawBlock::Quote {
                text: b.text,
                cite: cite.filter(|c| !c.trim().is_empty()).map(RawText::Plain),
                lang,
                dir,
                spans: b.spans,
            });
        }
        self.blocks.append(&mut self.photos);
    }

    fn list(
        &mut self,
        el: ElementRef<'_>,
        ordered: bool,
        lang: Option<String>,
        dir: Option<Direction>,
        depth: usize,
    ) {
        let (mut items, mut item_spans) = (Vec::new(), Vec::new());
        for li in el.children().filter_map(ElementRef::wrap) {
            if li.value().name() != "li" {
                continue;
            }
            self.check_attributes(li);
            let b = self.inline_block(li, depth + 1);
            if !b.is_blank() {
                items.push(b.text);
                item_spans.push(b.spans);
            }
        }
        if !items.is_empty() {
            self.blocks.push(RawBlock::List {
                ordered,
                items,
                lang,
                dir,
                item_spans,
            });
        }
        self.blocks.append(&mut self.photos);
    }

    /// `<figure>`: a photo with its caption, or a quote with its source.
    fn figure(
        &mut self,
        el: ElementRef<'_>,
        lang: Option<String>,
        dir: Option<Direction>,
        depth: usize,
    ) {
        let caption = el
            .descendants()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == "figcaption")
            .map(|c| self.plain_text(c, depth + 1))
            .filter(|c| !c.is_empty());
        let img = el
            .descendants()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == "img");
        let quote = el
            .children()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == "blockquote");
        match (img, quote) {
            (Some(img), _) => {
                if let Some(mut photo) = self.image(img, caption) {
                    if let RawBlock::Image(raw) = &mut photo {
                        (raw.lang, raw.dir) = (lang, dir);
                    }
                    self.blocks.push(photo);
                }
            }
            (None, Some(q)) => self.quote(q, caption, lang, dir, depth + 1),
            (None, None) => self.block_children(el, depth),
        }
    }

    /// A photo from `<img src alt>`; `caption` from its figure.
    fn image(&mut self, el: ElementRef<'_>, caption: Option<String>) -> Option<RawBlock> {
        self.check_attributes(el);
        let src = el.attr("src").map(str::trim).filter(|s| !s.is_empty());
        let Some(src) = src else {
            self.note("<img> without src left out".into());
            return None;
        };
        if src.to_ascii_lowercase().starts_with("data:") {
            self.note("images given as data: URLs left out".into());
            return None;
        }
        let alt = el
            .attr("alt")
            .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|a| !a.is_empty());
        Some(RawBlock::Image(RawImage {
            src: src.to_string(),
            alt,
            caption: caption.map(RawText::Plain),
            credit: None,
            lang: None,
            dir: None,
        }))
    }

    /// A table, until tables are supported: one paragraph per row, cells apart.
    fn table(&mut self, el: ElementRef<'_>, depth: usize) {
        for row in el
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "tr")
        {
            let cells: Vec<String> = row
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "td" | "th"))
                .map(|c| self.plain_text(c, depth + 1))
                .filter(|c| !c.is_empty())
                .collect();
            let mut b = Builder::default();
            b.push_text(&cells.join(" · "));
            self.push_paragraph(b, None, None);
        }
    }
}

/// The text under `el`, without the elements that are never text, walked without recursion
/// (for markup nested past [`MAX_DEPTH`]).
fn flat_text(el: ElementRef<'_>, b: &mut Builder) {
    let mut skipping = 0usize;
    for edge in el.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) if skipping > 0 || DROPPED.contains(&e.name()) => skipping += 1,
                Node::Text(t) if skipping == 0 => b.push_text(t),
                _ => {}
            },
            Edge::Close(node) => {
                if node.value().is_element() && skipping > 0 {
                    skipping -= 1;
                }
            }
        }
    }
}
