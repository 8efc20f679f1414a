//! The generated cover: a front-page miniature, so that a day's issue is recognisable in a
//! reader's library (Calibre's news recipes do the same) even when its first article has no
//! photo.
//!
//! The cover is laid out by the print layout's own setter (HarfBuzz shaping, the bundled faces,
//! bidi) as a 400×640 pt page of frames ([`COVER_POINTS`]); `publish::cover_image` has the raster
//! backend draw it at 1600×2560 pixels, the size e-book stores ask for. From the top: the masthead (the logo, or the paper's
//! name in the headline face, as large as fits on one line), the date line (weekday, date, Hijri
//! date where the edition has it, issue number) between rules, the lead story's photo, its
//! headline large, and the next few headlines, each under a hairline. Everything is sized to be
//! read on a 200-pixel-high thumbnail: the name and the lead headline are a tenth of the page's
//! width tall, or more.

use super::pieces::{Piece, Setter};
use super::style::Typography;
use super::{draw_piece, front_articles, masthead};
use crate::frame::{Color, Item, Page, PlacedImage, Point, Rect, Rule};
use crate::model::{Article, Edition, Image, TextLang};
use crate::text::{Align, FontRole, FontSet, TextStyle};

/// The page the cover is laid out on, in points (portrait, 1:1.6).
pub const COVER_POINTS: (f32, f32) = (400.0, 640.0);
const MARGIN: f32 = 24.0;
/// Headlines after the lead's.
const MORE_HEADLINES: usize = 4;
const INK: Color = Color::BLACK;

/// The cover's frames for the whole edition: the front page's stories (the manifest's `front`,
/// else by `priority`, else each section's first), then the rest of the day in edition order;
/// the lead's photo, else the first photo among them or of the day.
pub fn cover_page(edition: &Edition, fonts: &FontSet) -> Page {
    let (mut articles, _) = front_articles(edition, &edition.pdf, MORE_HEADLINES);
    for article in edition.articles() {
        if articles.len() > MORE_HEADLINES {
            break;
        }
        if !articles.iter().any(|a| std::ptr::eq(*a, article)) {
            articles.push(article);
        }
    }
    let photo = articles
        .iter()
        .find_map(|a| a.image.as_ref())
        .or_else(|| edition.articles().find_map(|a| a.image.as_ref()));
    stories_cover(edition, fonts, &articles, photo)
}

/// The cover's frames for one article's own book (`--split`): the paper's masthead and date
/// over the article's headline, with its photo when it has one.
pub fn article_cover_page(edition: &Edition, article: &Article, fonts: &FontSet) -> Page {
    stories_cover(edition, fonts, &[article], article.image.as_ref())
}

/// The masthead and date line, `photo`, then the first story's headline large and the next
/// ones under it while they fit.
fn stories_cover(
    edition: &Edition,
    fonts: &FontSet,
    articles: &[&Article],
    photo: Option<&Image>,
) -> Page {
    let (pw, ph) = COVER_POINTS;
    let typo = Typography::new(10.0);
    let mut setter = Setter::new(fonts, &typo, edition.dir, &edition.lang);
    let mut page = Page {
        width: pw,
        height: ph,
        items: Vec::new(),
    };
    let (left, width, bottom) = (MARGIN, pw - 2.0 * MARGIN, ph - MARGIN);
    let mut y = MARGIN;

    // The masthead.
    match &edition.logo {
        Some(logo) => {
            let (lw, lh) = logo.display_size();
            let h = 80.0_f32.min(width * lh.max(1) as f32 / lw.max(1) as f32);
            let w = h * lw.max(1) as f32 / lh.max(1) as f32;
            page.items.push(centred(&logo.path, left, width, y, w, h));
            y += h + 6.0;
        }
        None => {
            let lines = fitted(
                &mut setter,
                "name",
                &edition.name,
                TextStyle::new(FontRole::Headline, 68.0),
                (24.0, 1),
                width,
                Align::Center,
            );
            y = stack(&mut page, lines, left, y, width);
        }
    }
    y += 4.0;
    rule(&mut page, left, width, y, 2.4);
    y += 4.0;
    rule(&mut page, left, width, y, 0.8);
    let date = masthead::dateline(edition);
    if !date.is_empty() {
        let style = TextStyle::new(FontRole::Bold, 15.0);
        let lines = fitted(
            &mut setter,
            "date",
            &date,
            style,
            (8.0, 1),
            width,
            Align::Center,
        );
        y = stack(&mut page, lines, left, y + 3.0, width);
    }
    rule(&mut page, left, width, y + 2.0, 0.8);
    y += 14.0;

    let Some((&lead, rest)) = articles.split_first() else {
        return page;
    };
    if let Some(photo) = photo {
        let (iw, ih) = photo.display_size();
        let ratio = ih.max(1) as f32 / iw.max(1) as f32;
        let h = (width * ratio).min(ph * 0.3);
        let w = h / ratio;
        page.items.push(centred(&photo.path, left, width, y, w, h));
        y += h + 10.0;
    }

    // The lead headline, then the next ones while they fit.
    setter.scope = article_scope(lead);
    let style = TextStyle::new(FontRole::Headline, 28.0);
    let lines = fitted(
        &mut setter,
        "title",
        &lead.title,
        style,
        (16.0, 3),
        width,
        Align::Center,
    );
    y = stack_fitting(&mut page, lines, left, y, width, bottom);
    for article in rest.iter().take(MORE_HEADLINES) {
        setter.scope = article_scope(article);
        let style = TextStyle::new(FontRole::Bold, 17.0);
        let lines = fitted(
            &mut setter,
            "title",
            &article.title,
            style,
            (12.0, 2),
            width,
            Align::Start,
        );
        let need: f32 = lines.iter().map(Piece::height).sum::<f32>() + 10.0;
        if y + need > bottom {
            break;
        }
        y += 5.0;
        rule(&mut page, left, width, y, 0.6);
        y = stack(&mut page, lines, left, y + 4.0, width);
    }
    page
}

/// Headlines are set in the article's own language and direction.
fn article_scope(article: &Article) -> TextLang {
    TextLang {
        lang: Some(article.lang.clone()),
        dir: Some(article.dir),
    }
}

/// `text` in at most `max_lines` lines at the largest size from `style`'s down to `min` (by
/// tenths); at `min`, its first `max_lines` lines.
fn fitted(
    setter: &mut Setter<'_>,
    field: &str,
    text: &str,
    mut style: TextStyle,
    (min, max_lines): (f32, usize),
    width: f32,
    align: Align,
) -> Vec<Piece> {
    loop {
        let mut lines = setter.lines(field, text, &style, width, align, 0.0);
        if lines.len() <= max_lines || style.size <= min {
            lines.truncate(max_lines);
            return lines;
        }
        style.size = (style.size * 0.9).max(min);
    }
}

fn stack(page: &mut Page, lines: Vec<Piece>, x: f32, mut y: f32, width: f32) -> f32 {
    for line in lines {
        y = draw_piece(page, line, x, y, width);
    }
    y
}

/// Stacks `lines` while they end above `bottom`.
fn stack_fitting(
    page: &mut Page,
    lines: Vec<Piece>,
    x: f32,
    mut y: f32,
    width: f32,
    bottom: f32,
) -> f32 {
    for line in lines {
        if y + line.height() > bottom {
            break;
        }
        y = draw_piece(page, line, x, y, width);
    }
    y
}

fn rule(page: &mut Page, x: f32, width: f32, y: f32, stroke: f32) {
    page.items.push(Item::Rule(Rule {
        from: Point { x, y },
        to: Point { x: x + width, y },
        width: stroke,
        color: INK,
    }));
}

/// A picture `w`×`h` at `y`, centred in the band from `left`, `width` wide.
fn centred(path: &std::path::Path, left: f32, width: f32, y: f32, w: f32, h: f32) -> Item {
    Item::Image(PlacedImage {
        rect: Rect {
            x: left + (width - w) / 2.0,
            y,
            width: w,
            height: h,
        },
        path: path.to_path_buf(),
    })
}
