//! The end of the file, written after the last page: the page tree, the outline (sections with
//! their articles nested under them, each pointing at the article's top on its page), the
//! document information, the catalog (language, right-to-left page order) and the trailer.

use std::io::Write;

use pdf_writer::types::PageMode;
use pdf_writer::{Name, Ref, Str, TextStr};

use super::error::PdfError;
use super::sink::Sink;
use crate::frame::{DocumentInfo, OutlineEntry};

/// The objects the end refers to.
pub(crate) struct Ends<'a> {
    pub catalog: Ref,
    pub page_tree: Ref,
    /// Every page's object and height in points, in order.
    pub pages: &'a [(Ref, f32)],
}

/// Writes everything after the pages and the fonts; hands back the output.
pub(crate) fn finish<W: Write>(
    mut sink: Sink<W>,
    ends: &Ends,
    info: &DocumentInfo,
    outline: &[OutlineEntry],
) -> Result<W, PdfError> {
    let count = i32::try_from(ends.pages.len()).unwrap_or(i32::MAX);
    sink.object(ends.page_tree, |c| {
        c.pages(ends.page_tree)
            .kids(ends.pages.iter().map(|(id, _)| *id))
            .count(count);
    })?;
    let outline_root = write_outline(&mut sink, outline, ends.pages)?;

    let date = pdf_date(info.timestamp)?;
    let info_id = sink.alloc();
    sink.object(info_id, |c| {
        let mut d = c.indirect(info_id).dict();
        if !info.title.is_empty() {
            d.pair(Name(b"Title"), TextStr(&info.title));
        }
        if !info.author.is_empty() {
            d.pair(Name(b"Author"), TextStr(&info.author));
        }
        d.pair(Name(b"Creator"), TextStr("sahifa"));
        d.pair(
            Name(b"Producer"),
            TextStr(concat!(
                "sahifa ",
                env!("CARGO_PKG_VERSION"),
                " with pdf-writer"
            )),
        );
        d.pair(Name(b"CreationDate"), Str(date.as_bytes()));
        d.pair(Name(b"ModDate"), Str(date.as_bytes()));
    })?;

    sink.object(ends.catalog, |c| {
        let mut catalog = c
            .indirect(ends.catalog)
            .start::<pdf_writer::writers::Catalog>();
        catalog.pages(ends.page_tree);
        if !info.lang.is_empty() {
            catalog.lang(TextStr(&info.lang));
        }
        match outline_root {
            Some(root) => {
                catalog.outlines(root).page_mode(PageMode::UseOutlines);
            }
            None => {
                catalog.page_mode(PageMode::UseNone);
            }
        }
        // No `/Direction /R2L`, although the paper's pages turn right to left: PDFium takes it
        // as the reading direction of every line and returns English lines reversed.
        catalog.viewer_preferences().display_doc_title(true);
    })?;
    sink.finish(ends.catalog, info_id)
}

/// `D:YYYYMMDDHHmmSSZ` for a Unix timestamp.
fn pdf_date(timestamp: i64) -> Result<String, PdfError> {
    let t = chrono::DateTime::from_timestamp(timestamp, 0)
        .ok_or(PdfError::InvalidTimestamp(timestamp))?;
    Ok(t.format("D:%Y%m%d%H%M%SZ").to_string())
}

/// Writes the outline tree; level 0 entries (sections) hold the level 1 entries (articles)
/// that follow them. Returns the outline root, or `None` when there are no entries.
fn write_outline<W: Write>(
    sink: &mut Sink<W>,
    entries: &[OutlineEntry],
    pages: &[(Ref, f32)],
) -> Result<Option<Ref>, PdfError> {
    if entries.is_empty() {
        return Ok(None);
    }
    // parent[i]: index of the entry this one hangs under (None: the root).
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        while stack.last().is_some_and(|&s| entries[s].level >= e.level) {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); entries.len() + 1];
    // Slot `entries.len()` holds the root's children.
    for (i, p) in parent.iter().enumerate() {
        children[p.unwrap_or(entries.len())].push(i);
    }
    let descendants = |i: usize| -> i32 {
        let end = entries[i + 1..]
            .iter()
            .position(|e| e.level <= entries[i].level)
            .map_or(entries.len(), |n| i + 1 + n);
        i32::try_from(end - i - 1).unwrap_or(i32::MAX)
    };

    let root = sink.alloc();
    let ids: Vec<Ref> = entries.iter().map(|_| sink.alloc()).collect();
    for (i, e) in entries.iter().enumerate() {
        let &(page, height) = pages.get(e.page).ok_or_else(|| PdfError::OutlinePage {
            title: e.title.clone(),
            page: e.page,
            pages: pages.len(),
        })?;
        let top = if e.y.is_finite() {
            (height - e.y).clamp(0.0, height)
        } else {
            height
        };
        let siblings = &children[parent[i].unwrap_or(entries.len())];
        let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let kids = &children[i];
        sink.object(ids[i], |c| {
            let mut item = c.outline_item(ids[i]);
            item.title(TextStr(&e.title))
                .parent(parent[i].map_or(root, |p| ids[p]));
            if pos > 0 {
                item.prev(ids[siblings[pos - 1]]);
            }
            if let Some(&next) = siblings.get(pos + 1) {
                item.next(ids[next]);
            }
            if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
                item.first(ids[first]).last(ids[last]).count(descendants(i));
            }
            item.dest().page(page).xyz(0.0, top, None);
        })?;
    }
    let top_level = &children[entries.len()];
    sink.object(root, |c| {
        let mut o = c.outline(root);
        if let (Some(&first), Some(&last)) = (top_level.first(), top_level.last()) {
            o.first(ids[first]).last(ids[last]);
        }
        o.count(i32::try_from(entries.len()).unwrap_or(i32::MAX));
    })?;
    Ok(Some(root))
}
