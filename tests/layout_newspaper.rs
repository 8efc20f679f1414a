//! The newspaper design on the example edition, through the same layout the PDF is drawn from:
//! the front page carries the top stories, every jump line names the page whose continuation
//! head follows it, no body line is lost or set twice by a jump, and nothing leaves its page.

mod common;
use common::*;

use std::collections::HashMap;

use sahifa::frame::{Document, Item};
use sahifa::input::{self, EditionFlags, LoadOptions};
use sahifa::layout::pieces::{self, Measures, Piece};
use sahifa::layout::style::Typography;
use sahifa::layout::{lay_out, Geometry};
use sahifa::model::{Design, Edition};
use sahifa::text::FontSet;

fn example() -> Edition {
    let manifest = root().join("examples/dostor/edition.toml");
    let mut edition = input::load(
        &[manifest],
        &EditionFlags::default(),
        LoadOptions::default(),
    )
    .unwrap()
    .edition;
    edition.pdf.design = Design::Newspaper;
    edition
}

/// The example with each article three times (new ids), so that sections have stories left
/// for the inside pages once their first one is on the front.
fn bigger() -> Edition {
    let mut edition = example();
    for section in &mut edition.sections {
        let first = section.articles[0].clone();
        for n in 2..=3 {
            let mut a = first.clone();
            a.id = format!("{}-{n}", a.id);
            section.articles.push(a);
        }
    }
    edition
}

/// Every line's text, page by page, in drawing order.
fn lines(doc: &Document) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, page) in doc.pages.iter().enumerate() {
        for item in &page.items {
            if let Item::Line(l) = item {
                out.push((n, l.text.clone()));
            }
        }
    }
    out
}

/// Each article's body lines as the layout sets them (same fonts, same column width).
fn body_lines(edition: &Edition, fonts: &FontSet) -> Vec<Vec<String>> {
    let typo = Typography::new(edition.pdf.body_size);
    let g = Geometry::of(&edition.pdf);
    let measures = Measures {
        full: g.frame.width(),
        column: g.column,
        lead: g.column * g.columns as f32 + typo.gutter * (g.columns - 1) as f32,
        max_photo_height: (g.frame.bottom - g.frame.top) * 0.3,
        section_label: true,
    };
    edition
        .articles()
        .map(|a| {
            pieces::prepare(a, fonts, &typo, measures)
                .body
                .into_iter()
                .filter_map(|p| match p {
                    Piece::Text { text, .. } => Some(text),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

/// The page number of a jump line («التتمة ص ٥», Arabic-Indic digits), if `line` is one.
fn jump_page(line: &str) -> Option<usize> {
    let digits = line.trim().strip_prefix("التتمة ص")?.trim();
    let western: String = digits
        .chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            _ => c,
        })
        .collect();
    western.parse().ok()
}

/// Jump lines on page 1, in drawing order, as page numbers.
fn jumps(doc: &Document) -> Vec<usize> {
    lines(doc)
        .into_iter()
        .filter(|(p, _)| *p == 0)
        .filter_map(|(_, t)| jump_page(&t))
        .collect()
}

fn check(edition: &Edition) -> Document {
    let fonts = FontSet::builtin();
    let laid = lay_out(edition, &edition.pdf, &fonts);
    let doc = laid.document;
    let all = lines(&doc);

    // The front page: the masthead with the Hijri date, and a headline of each section's
    // first story (the default choice).
    let front: Vec<&String> = all
        .iter()
        .filter(|(p, _)| *p == 0)
        .map(|(_, t)| t)
        .collect();
    assert!(
        front.iter().any(|t| t.contains("18 ذو القعدة 1442 هـ")),
        "the Hijri date on the masthead"
    );
    for section in &edition.sections {
        let title = &section.articles[0].title;
        let first_word = title.split_whitespace().next().unwrap();
        assert!(
            front.iter().any(|t| t.contains(first_word)),
            "{title}: not on the front page"
        );
    }

    // Each jump line names the page that holds the continuation head, and each head names
    // the jump line's page back; the front page's in story order.
    assert!(
        !jumps(&doc).is_empty(),
        "the example's stories do not all fit on page 1"
    );
    let inside = jumps_pair_up(&doc);
    let heads = jump_heads(&doc);
    let front_heads: Vec<usize> = heads
        .iter()
        .filter(|h| h.from == 1)
        .map(|h| h.page + 1)
        .collect();
    assert_eq!(
        jumps(&doc),
        front_heads,
        "jump lines and the continuation heads they name"
    );
    for h in heads.iter().filter(|h| h.from == 1) {
        assert!(h.page > 0, "{h:?}");
    }
    // An inside story jumps to a later page of its own section: no section opens between.
    let opens = section_openings(&doc);
    for &(from, to) in &inside {
        assert!(to > from, "page {} jumps to page {}", from + 1, to + 1);
        assert!(
            !opens.iter().any(|&o| o > from && o <= to),
            "page {} jumps over a section's opening to page {}",
            from + 1,
            to + 1
        );
    }
    // Every body line of every article is set exactly once, and in its order (a jumped
    // story: its front-page part, then its continuation).
    let bodies = body_lines(edition, &fonts);
    let mut wanted: HashMap<&str, usize> = HashMap::new();
    for line in bodies.iter().flatten() {
        *wanted.entry(line.as_str()).or_default() += 1;
    }
    let mut found: HashMap<&str, usize> = HashMap::new();
    for (_, t) in &all {
        if wanted.contains_key(t.as_str()) {
            *found.entry(t.as_str()).or_default() += 1;
        }
    }
    for (line, n) in &wanted {
        assert_eq!(
            found.get(line),
            Some(n),
            "body line set {n} time(s) in the articles: {line}"
        );
    }
    for body in &bodies {
        let mut rest = body.iter().peekable();
        for (_, t) in &all {
            if rest.peek().is_some_and(|want| *want == t) {
                rest.next();
            }
        }
        assert!(
            rest.peek().is_none(),
            "out of order from: {:?}",
            rest.peek()
        );
    }

    // An inside continuation starts with its jump head, then the story's line after the last
    // one set on the page it jumped from.
    for h in heads.iter().filter(|h| h.from > 1) {
        let k = edition
            .articles()
            .position(|a| a.title == h.headline)
            .unwrap_or_else(|| panic!("no story has the jump head's headline: {h:?}"));
        let next = &all[h.line + 1];
        assert_eq!(next.0, h.page, "{h:?}");
        // (A line may stand more than once in a body: any place it stands will do.)
        let at: Vec<usize> = (0..bodies[k].len())
            .filter(|&j| bodies[k][j] == next.1)
            .collect();
        assert!(
            !at.is_empty(),
            "{h:?} is followed by «{}», not its story",
            next.1
        );
        assert!(
            at.iter().any(|&j| j > 0
                && all
                    .iter()
                    .any(|(p, t)| *p == h.from - 1 && *t == bodies[k][j - 1])),
            "{h:?}: the continuation does not go on from page {}",
            h.from
        );
    }

    // Every lead photo's caption is set once: beside its story on the front page, or at the
    // head of its continuation, or with its story inside.
    let mut captions: HashMap<String, usize> = HashMap::new();
    for a in edition.articles() {
        if let Some(c) = a.image.as_ref().and_then(|i| i.caption.as_ref()) {
            let opening: Vec<&str> = c.text.split_whitespace().take(4).collect();
            *captions.entry(opening.join(" ")).or_default() += 1;
        }
    }
    for (opening, n) in &captions {
        let set = all
            .iter()
            .filter(|(_, t)| t.starts_with(opening.as_str()))
            .count();
        assert_eq!(
            set, *n,
            "caption «{opening}…» set {set} time(s), wanted {n}"
        );
    }

    inside_the_content_box(&doc, edition);
    doc
}

/// Nothing outside its page's content box (a point of slack for rounding).
fn inside_the_content_box(doc: &Document, edition: &Edition) {
    let g = Geometry::of(&edition.pdf);
    for (n, page) in doc.pages.iter().enumerate() {
        for item in &page.items {
            let (x0, x1, y1) = match item {
                Item::Line(l) => {
                    let Some(r) = l.runs.first() else { continue };
                    let x0 = l.runs.iter().map(|r| r.origin.x).fold(f32::MAX, f32::min);
                    let x1 = l
                        .runs
                        .iter()
                        .map(|r| r.origin.x + r.glyphs.iter().map(|g| g.advance).sum::<f32>())
                        .fold(f32::MIN, f32::max);
                    (x0, x1, r.origin.y)
                }
                Item::Image(i) => (i.rect.x, i.rect.x + i.rect.width, i.rect.y + i.rect.height),
                Item::Rule(r) => (r.from.x.min(r.to.x), r.from.x.max(r.to.x), r.to.y),
            };
            assert!(
                x0 >= g.frame.left - 1.0 && x1 <= g.frame.right + 1.0 && y1 <= g.frame.bottom + 1.0,
                "page {}: {x0}..{x1} down to {y1} leaves the content box {:?}",
                n + 1,
                g.frame
            );
        }
    }
}

#[test]
fn example_as_a_newspaper() {
    let doc = check(&example());
    // Four stories on the front, their continuations on the page after it.
    assert_eq!(doc.outline[0].page, 0);
    assert!(doc.pages.len() >= 2);
}

#[test]
fn sections_open_new_pages_under_a_banner() {
    let edition = bigger();
    let doc = check(&edition);
    // After the front page and its continuations, each named section starts a page whose
    // first line under the running head is the section's name.
    let all = lines(&doc);
    for section in &edition.sections {
        let name = section.name.as_deref().unwrap();
        let entry = doc
            .outline
            .iter()
            .find(|e| e.level == 0 && e.title == name)
            .unwrap_or_else(|| panic!("no outline entry for {name}"));
        let on_page: Vec<&String> = all
            .iter()
            .filter(|(p, _)| *p == entry.page)
            .map(|(_, t)| t)
            .collect();
        assert_eq!(
            on_page.get(2).map(|s| s.as_str()),
            Some(name),
            "{on_page:?}"
        );
        // Under its banner a story's kicker does not name the section again.
        let again = format!("{name} | ");
        assert!(
            !on_page.iter().any(|t| t.starts_with(&again)),
            "{on_page:?}"
        );
    }
}

#[test]
fn priority_and_front_choose_the_lead() {
    let mut edition = bigger();
    let last = edition.sections.last().unwrap().articles[1].clone();
    edition.pdf.front = vec![last.id.clone()];
    let fonts = FontSet::builtin();
    let doc = lay_out(&edition, &edition.pdf, &fonts).document;
    // The outline lists the front page, then its stories: the one named is the lead.
    assert_eq!(doc.outline[1].title, last.title);
    assert_eq!(doc.outline[1].page, 0);

    edition.pdf.front.clear();
    for (i, a) in edition
        .sections
        .iter_mut()
        .flat_map(|s| &mut s.articles)
        .enumerate()
    {
        a.priority = (i % 3 == 2).then_some(20 - i as u32);
    }
    let ranked = edition
        .articles()
        .filter(|a| a.priority.is_some())
        .min_by_key(|a| a.priority)
        .unwrap()
        .title
        .clone();
    let doc = lay_out(&edition, &edition.pdf, &fonts).document;
    assert_eq!(doc.outline[1].title, ranked);
}

/// A headline too long for the front page keeps its story inside, where a header may run over
/// pages; the page stays whole and the story's words are all set.
#[test]
fn a_story_whose_headline_does_not_fit_stays_inside() {
    let mut edition = bigger();
    let long = edition.sections[0].articles[0].title.repeat(40);
    edition.sections[0].articles[0].title = long.clone();
    edition.sections[1].articles[0].title = long.clone();
    let fonts = FontSet::builtin();
    let doc = lay_out(&edition, &edition.pdf, &fonts).document;
    inside_the_content_box(&doc, &edition);
    let front: Vec<&str> = doc
        .outline
        .iter()
        .filter(|e| e.page == 0)
        .map(|e| e.title.as_str())
        .collect();
    assert!(!front.contains(&long.as_str()), "{front:?}");
    // The lead is the next story that fits: the third section's first.
    assert_eq!(front[1], edition.sections[2].articles[0].title);
    let set: String = lines(&doc)
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join(" ");
    let words = |t: &str| t.split_whitespace().count();
    assert!(words(&set) > 2 * words(&long), "the long headlines are set");
}

/// The PDF itself, read back by poppler: each jump line on page 1 names a page whose text has
/// the continuation head, and every continuation head is named by a jump line.
#[test]
fn jump_lines_in_the_pdf_name_the_continuation_pages() {
    if !tool_available("pdftotext", &["-v"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("examples/dostor"), dir.path());
    let manifest = dir.path().join("edition.toml");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    assert!(
        text.trim_end().ends_with("margin_mm = 15"),
        "[pdf] is the manifest's last table"
    );
    text.push_str("design = \"newspaper\"\n");
    std::fs::write(&manifest, text).unwrap();
    let out = sahifa(dir.path(), &["pdf", "edition.toml", "-o", "out.pdf"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = |n: usize| -> String {
        let o = std::process::Command::new("pdftotext")
            .args(["-enc", "UTF-8", "-f", &n.to_string(), "-l", &n.to_string()])
            .arg(dir.path().join("out.pdf"))
            .arg("-")
            .output()
            .unwrap();
        // Without the invisible bidi marks the writer adds for extractors.
        String::from_utf8_lossy(&o.stdout)
            .chars()
            .filter(|c| !matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
            .collect()
    };
    let front = page(1);
    let pages: Vec<usize> = front.lines().filter_map(jump_page).collect();
    assert!(
        pages.len() >= 2,
        "jump lines read back from page 1: {front}"
    );
    let mut heads = 0;
    for n in 2..=pages.iter().copied().max().unwrap() {
        let text = page(n);
        let here = text.matches("تابع:").count();
        let named = pages.iter().filter(|&&p| p == n).count();
        assert_eq!(
            here, named,
            "page {n}: continuation heads and jump lines naming it"
        );
        assert_eq!(text.matches("من الصفحة الأولى").count(), here, "page {n}");
        heads += here;
    }
    assert_eq!(heads, pages.len());
}

/// The example with more stories in each section: copies `n` in `copies` of the example's
/// sections' first stories, in turn (each with a new id and the section's name), each changed
/// by `edit(story, section index, n)`.
fn grown(
    copies: std::ops::RangeInclusive<usize>,
    edit: impl Fn(&mut sahifa::model::Article, usize, usize),
) -> Edition {
    let mut edition = example();
    let kinds: Vec<_> = edition
        .sections
        .iter()
        .map(|s| s.articles[0].clone())
        .collect();
    for (k, section) in edition.sections.iter_mut().enumerate() {
        for n in copies.clone() {
            let mut a = kinds[(k + n) % kinds.len()].clone();
            a.section = section.name.clone();
            edit(&mut a, k, n);
            section.articles.push(a);
        }
    }
    edition
}

/// The example grown into a day: each section gets nine more stories, copies of the example's
/// four (new ids, the section's name), in turn, so that a section mixes stories of every kind
/// as a day's does; each copy's headline and body are cut to a different length, every other
/// one has no photo and every third no subtitle, so that stories of all sizes meet page feet.
fn day() -> Edition {
    grown(2..=10, |a, k, n| {
        a.id = format!("{}-{k}-{n}", a.id);
        let words: Vec<&str> = a.title.split_whitespace().collect();
        let take = 2 + (n * 5) % words.len().max(1);
        a.title = format!("{} {k}{n}", words[..take.min(words.len())].join(" "));
        let keep = 1 + (n * 7) % a.body.len().max(1);
        a.body.truncate(keep);
        if n % 2 == 1 {
            a.image = None;
        }
        if n % 3 == 0 {
            a.subtitle = None;
        }
    })
}

/// The example grown into a day with long stories: each section gets four more, copies of the
/// example's stories (new ids and headlines, the section's name), the first of them with its
/// body ten times over (a story of a few pages, which jumps to the end of its section), the
/// others cut to different lengths.
fn long_day() -> Edition {
    grown(2..=5, |a, k, n| {
        a.id = format!("{}-long-{k}-{n}", a.id);
        a.title = format!("{} {k}{n}", a.title);
        if n == 2 {
            let body = a.body.clone();
            for _ in 0..9 {
                a.body.extend(body.iter().cloned());
            }
        } else {
            let keep = 1 + (n * 5) % a.body.len().max(1);
            a.body.truncate(keep);
        }
    })
}

/// A long inside story jumps once to the end of its section: its jump line names the page of
/// its continuation, which starts with the jump head naming the page it came from and goes on
/// with the story's next line; every line is set once and in order; the pages stay filled. At
/// every paper and two body sizes.
#[test]
fn a_long_inside_story_jumps_to_the_end_of_its_section() {
    for edition in at_every_paper_and_size(long_day) {
        let doc = check(&edition);
        let inside = jumps_pair_up(&doc);
        let (paper, size) = (edition.pdf.paper, edition.pdf.body_size);
        assert!(!inside.is_empty(), "{paper:?} at {size} pt: no inside jump");
        pages_are_filled(&edition);
    }
}

/// `base` on A4, tabloid and berliner paper (each with its default columns), at body sizes
/// 9 and 10 pt.
fn at_every_paper_and_size(base: fn() -> Edition) -> Vec<Edition> {
    use sahifa::model::PaperSize;
    let mut out = Vec::new();
    for paper in [PaperSize::A4, PaperSize::Tabloid, PaperSize::Berliner] {
        for size in [9.0, 10.0] {
            let mut edition = base();
            edition.pdf.paper = paper;
            edition.pdf.body_size = size;
            edition.pdf.columns = paper.default_columns();
            out.push(edition);
        }
    }
    out
}

/// The PDF of a day with long stories, read back by poppler: each inside jump line names a
/// page whose text has the jump head naming the jump line's page, and there the head comes
/// before the continuation's first words.
#[test]
fn inside_jump_lines_in_the_pdf_name_their_continuations() {
    if !tool_available("pdftotext", &["-v"]) {
        return;
    }
    let edition = long_day();
    let fonts = FontSet::builtin();
    let doc = lay_out(&edition, &edition.pdf, &fonts).document;
    let (bytes, produced) = sahifa::publish::pdf(&edition, Vec::new(), &|_| {}).unwrap();
    assert_eq!(produced.pages, doc.pages.len());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, bytes).unwrap();
    let page = |n: usize| -> String {
        // Without the invisible bidi marks the writer adds for extractors.
        pdftotext_page(&path, n)
            .chars()
            .filter(|c| !matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let texts: Vec<String> = (1..=doc.pages.len()).map(page).collect();
    let mut inside = 0;
    for (n, text) in texts.iter().enumerate().skip(1) {
        let from = n + 1;
        for (at, _) in text.match_indices("التتمة ص ") {
            let digits: String = text[at + "التتمة ص ".len()..]
                .chars()
                .take_while(|c| c.is_numeric())
                .collect();
            let to = page_number(&digits).expect("a page number after «التتمة ص»");
            let there = &texts[to - 1];
            let from_digits: String = from
                .to_string()
                .chars()
                .map(|c| char::from_u32(0x0660 + c.to_digit(10).unwrap()).unwrap())
                .collect();
            let named = format!("— من الصفحة {from_digits}");
            let head = there
                .find(&named)
                .unwrap_or_else(|| panic!("page {to} has no head naming page {from}: {there}"));
            assert!(there[..head].contains("تابع:"), "page {to}: {there}");
            // The continuation's first line (from the frames) comes after its head.
            let h = jump_heads(&doc)
                .into_iter()
                .find(|h| h.page == to - 1 && h.from == from)
                .expect("the head in the frames");
            let first = &frame_lines(&doc)[h.line + 1].1;
            let words: Vec<&str> = first.split_whitespace().take(3).collect();
            let words = words.join(" ");
            let body = there[head..]
                .find(&words)
                .unwrap_or_else(|| panic!("page {to}: «{words}» not after the head: {there}"));
            assert!(body > 0);
            inside += 1;
        }
    }
    assert!(inside > 0, "no inside jump line read back");
}

/// No page but a section's last (the page before a page that opens a section, and the last
/// page) is less than 85% filled, and no story starts at a page's foot with only its header
/// or fewer than three lines.
fn pages_are_filled(edition: &Edition) {
    let fonts = FontSet::builtin();
    let doc = lay_out(edition, &edition.pdf, &fonts).document;
    let opens = section_openings(&doc);
    let shares = filled(&doc, edition);
    let last = doc.pages.len() - 1;
    for (n, share) in shares.iter().enumerate() {
        if n == last || opens.contains(&(n + 1)) {
            continue;
        }
        assert!(
            *share >= 0.85,
            "page {} is {:.0}% filled (pages: {:?})",
            n + 1,
            share * 100.0,
            shares
                .iter()
                .map(|s| (s * 100.0).round() as u32)
                .collect::<Vec<_>>()
        );
    }
    // A story starts with at least three of its body lines (all, if it has fewer) on the
    // page its header is on.
    let bodies = body_lines(edition, &fonts);
    let titles: Vec<&str> = edition.articles().map(|a| a.title.as_str()).collect();
    let all = lines(&doc);
    for e in doc.outline.iter().filter(|e| e.level == 1) {
        let Some(k) = titles.iter().position(|t| *t == e.title) else {
            continue; // the front page's label and the continuations
        };
        let page: Vec<&String> = all
            .iter()
            .filter(|(p, _)| *p == e.page)
            .map(|(_, t)| t)
            .collect();
        let opening = &bodies[k][..bodies[k].len().min(3)];
        for line in opening {
            assert!(
                page.contains(&line),
                "{}: starts on page {} without its opening line «{line}»",
                e.title,
                e.page + 1
            );
        }
    }
}

#[test]
fn pages_of_the_example_are_filled() {
    pages_are_filled(&example());
    pages_are_filled(&bigger());
}

#[test]
fn a_day_reads_whole_and_in_order() {
    check(&day());
}

/// The project's test day, whose pages before a section's last once ended at 75% and 76%: a
/// story whose photo, moved into its first column, would have spilled it onto the next page
/// was moved there whole, leaving a quarter of the page empty. At every paper and two body
/// sizes.
#[test]
fn pages_of_a_day_are_filled() {
    for edition in at_every_paper_and_size(day) {
        pages_are_filled(&edition);
    }
}

/// The front stories' last continuation page is never left mostly empty: when its
/// continuations end in its upper half, the first section opens below them (a rule, then its
/// banner). Tried with the front stories' bodies cut to many lengths, so that the last
/// continuation page ends at many heights; at least one of them must open a section below.
#[test]
fn the_last_continuation_page_takes_the_first_section_when_short() {
    let mut shared = 0;
    for keep in 2..=12 {
        let mut edition = bigger();
        for section in &mut edition.sections {
            let a = &mut section.articles[0];
            a.body.truncate(keep.min(a.body.len()));
        }
        let doc = check(&edition);
        let all = lines(&doc);
        let first = doc
            .outline
            .iter()
            .find(|e| e.level == 0 && e.page > 0)
            .expect("a section inside");
        // Pages holding continuation heads.
        let jump_pages: Vec<usize> = all
            .iter()
            .filter(|(_, t)| t.starts_with("تابع:"))
            .map(|(p, _)| *p)
            .collect();
        let Some(&last) = jump_pages.iter().max() else {
            continue;
        };
        let shares = filled(&doc, &edition);
        if first.page == last {
            shared += 1;
            // The banner stands under the continuations.
            let banner = all
                .iter()
                .position(|(p, t)| *p == last && t == &first.title)
                .unwrap();
            assert!(
                all[..banner]
                    .iter()
                    .any(|(p, t)| *p == last && t.starts_with("تابع:")),
                "keep {keep}: the banner comes after the continuations"
            );
        } else {
            assert_eq!(first.page, last + 1, "keep {keep}");
            assert!(
                shares[last] >= 0.5,
                "keep {keep}: page {} holds continuations to {:.0}% only and no section",
                last + 1,
                shares[last] * 100.0
            );
        }
    }
    assert!(shared > 0, "no cut left the last continuation page short");
}

/// A story that runs over to the next page sets text in every column of its first page: a
/// photo moved into its columns low on a page never pushes the rest over and leaves columns
/// empty under its headline. Checked on the project's test days at three papers and body sizes
/// (they pass without the fix too: the case was seen on a generated berliner day, see the commit).
#[test]
fn a_story_that_runs_over_fills_its_columns_first() {
    use sahifa::model::PaperSize;
    let fonts = FontSet::builtin();
    let papers = [PaperSize::A4, PaperSize::Tabloid, PaperSize::Berliner];
    let days: [fn() -> Edition; 2] = [day, bigger];
    for (paper, size, make) in papers
        .into_iter()
        .flat_map(|p| [9.0, 10.0, 11.0].map(|s| (p, s)))
        .flat_map(|(p, s)| days.map(|d| (p, s, d)))
    {
        let mut edition = make();
        edition.pdf.paper = paper;
        edition.pdf.body_size = size;
        edition.pdf.columns = paper.default_columns();
        let doc = lay_out(&edition, &edition.pdf, &fonts).document;
        let bodies = body_lines(&edition, &fonts);
        let titles: Vec<&str> = edition.articles().map(|a| a.title.as_str()).collect();
        let all = lines(&doc);
        for e in doc.outline.iter().filter(|e| e.level == 1) {
            let Some(k) = titles.iter().position(|t| *t == e.title) else {
                continue;
            };
            let Some(last) = bodies[k].last() else {
                continue;
            };
            let on_page = |p: usize| all.iter().filter(move |(q, _)| *q == p).map(|(_, t)| t);
            if on_page(e.page).any(|t| t == last) {
                continue; // whole on its first page
            }
            let here = on_page(e.page).filter(|t| bodies[k].contains(t)).count();
            assert!(
                here >= edition.pdf.columns as usize,
                "{paper:?} at {size} pt: «{}» runs over from page {} with {here} line(s) there",
                e.title,
                e.page + 1
            );
        }
    }
}
