//! Input: find the articles, parse and check them (in parallel), and build one [`Edition`].
//!
//! Every problem is collected, not just the first, so that `sahifa check` can list them all.

pub mod article;
mod articles;
pub mod checked;
pub mod controls;
mod discover;
pub mod error;
pub mod feed;
pub mod fetch;
pub mod html;
pub mod images;
pub mod manifest;
pub mod markdown;
pub mod ninjs;
pub mod ninjs_schema;
mod settings;
pub mod sniff;
pub mod source;
pub mod wordpress;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::model::{defaults, Article, Direction, Edition, PaperSize, Section};
use discover::has_ext;
pub use discover::MAX_STDIN_BYTES;
pub use error::{ErrorKind, InputError, Location, Warning};
use images::{check_image, parent_of, ImageSpec};

/// Edition facts given as command-line flags; they win over the manifest.
#[derive(Debug, Clone, Default)]
pub struct EditionFlags {
    pub name: Option<String>,
    pub tagline: Option<String>,
    pub date: Option<chrono::NaiveDate>,
    pub lang: Option<String>,
    pub number: Option<u32>,
    /// `--paper`, `--columns`, `--margin-mm`, `--body-size`, `--design`.
    pub pdf: PdfFlags,
}

/// PDF settings given as flags; they win over the manifest's `[pdf]` and are checked by the
/// same rules.
#[derive(Debug, Clone, Default)]
pub struct PdfFlags {
    pub paper: Option<PaperSize>,
    pub columns: Option<u32>,
    pub margin_mm: Option<f32>,
    pub body_size: Option<f32>,
    pub design: Option<crate::model::Design>,
    /// `--page-count`: an exact page count.
    pub pages: Option<u32>,
}

/// How to treat bad articles, and photos given as web addresses.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Skip bad articles instead of failing the whole edition.
    pub keep_going: bool,
    /// Download photos given by URL (`--fetch`); `None`: such a photo is an error.
    pub fetch: Option<fetch::FetchOptions>,
}

/// A successfully loaded edition.
#[derive(Debug)]
pub struct Loaded {
    pub edition: Edition,
    pub warnings: Vec<Warning>,
    /// Problems of the articles left out (only with `keep_going`).
    pub skipped: Vec<InputError>,
    /// Number of articles that were read (a feed holds several).
    pub articles_read: usize,
    /// Each file read, with the format its content was recognised as.
    pub formats: Vec<SourceFormat>,
}

/// A file read and the format it was recognised as (`sahifa check` names it).
#[derive(Debug, Clone)]
pub struct SourceFormat {
    pub file: PathBuf,
    pub format: sniff::Format,
    /// How many articles it held (a feed or a WordPress collection holds several).
    pub articles: usize,
}

/// Why an edition could not be loaded: every problem found.
#[derive(Debug)]
pub struct Failed {
    pub errors: Vec<InputError>,
    pub warnings: Vec<Warning>,
}

/// One article checked: the article or its problems, and its warnings either way.
type ArticleResult = (Result<Article, Vec<InputError>>, Vec<Warning>);

/// Loads an edition from the command line's inputs: article files (`.json`, `.md`), folders of
/// them, one manifest (`.toml`), or `-` for JSON Lines on standard input.
pub fn load(
    inputs: &[PathBuf],
    flags: &EditionFlags,
    options: LoadOptions,
) -> Result<Loaded, Failed> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let fail = |errors, warnings| Failed { errors, warnings };
    if inputs.is_empty() {
        let e = InputError::new(
            ErrorKind::Inputs,
            "-",
            "no input given",
            "name an article, a folder, a manifest or `-`",
        );
        return Err(fail(vec![e], warnings));
    }
    let manifests: Vec<&PathBuf> = inputs.iter().filter(|p| has_ext(p, "toml")).collect();
    if manifests.len() > 1 || (manifests.len() == 1 && inputs.len() > 1) {
        let e = InputError::new(
            ErrorKind::Inputs,
            manifests[0],
            "a manifest must be the only input",
            "list the extra articles in the manifest's `articles`",
        );
        return Err(fail(vec![e], warnings));
    }

    // The manifest (or nothing), and the folder image paths must stay inside.
    let (raw, manifest_file) = match manifests.first() {
        Some(path) => match source::read_text(path).and_then(|t| manifest::parse(&t, path)) {
            Ok(raw) => (raw, Some(path.to_path_buf())),
            Err(e) => return Err(fail(vec![e], warnings)),
        },
        None => (manifest::RawManifest::default(), None),
    };
    let manifest_dir = manifest_file.as_deref().map(parent_of);

    let lang = flags
        .lang
        .clone()
        .or(raw.lang.clone())
        .unwrap_or_else(|| defaults::LANG.to_string());
    let mfile = manifest_file
        .clone()
        .unwrap_or_else(|| PathBuf::from("--lang"));
    if !article::is_lang_tag(&lang) {
        errors.push(
            InputError::new(
                ErrorKind::Field,
                &mfile,
                format!("`{lang}` is not a BCP 47 language tag"),
                "use a tag such as \"ar\" or \"en\"",
            )
            .field("lang"),
        );
    }

    // Find the article sources.
    let mfile = manifest_file
        .as_deref()
        .unwrap_or(Path::new("edition.toml"));
    let listed = manifest_dir
        .as_deref()
        .map(|dir| (dir, mfile, raw.articles.as_slice()));
    let sources = discover::find(inputs, listed, &mut errors);

    // Parse and check every article in parallel; results stay in input order.
    let root_for = |file: &Path| -> PathBuf {
        manifest_dir.clone().unwrap_or_else(|| {
            if file.as_os_str() == "-" {
                PathBuf::from(".")
            } else {
                parent_of(file)
            }
        })
    };
    // `--fetch`, else the manifest's `[input] fetch = true` with the default cache.
    let fetch_options = options.fetch.clone().or_else(|| {
        raw.input.fetch.then(|| fetch::FetchOptions {
            cache: fetch::FetchOptions::default_cache(),
            allow_local: false,
            timeout: fetch::TIMEOUT,
        })
    });
    let fetcher = fetch_options.map(fetch::Fetcher::new);
    let per_source: Vec<(Option<SourceFormat>, Vec<ArticleResult>)> = sources
        .par_iter()
        .map(|src| articles::load_source(src, &lang, &root_for, fetcher.as_ref()))
        .collect();
    let mut formats = Vec::new();
    let mut results: Vec<ArticleResult> = Vec::new();
    for (format, r) in per_source {
        formats.extend(format);
        results.extend(r);
    }
    let articles_read = results.len();
    let kept = articles::keep(results, &raw.input.sections, options.keep_going);
    warnings.extend(kept.warnings);
    errors.extend(kept.errors);
    let (articles, mut skipped) = (kept.articles, kept.skipped);
    if articles.is_empty() {
        // Nothing left to publish: the articles left out are the errors, listed.
        errors.append(&mut skipped);
    }
    if articles.is_empty() && errors.is_empty() {
        let e = InputError::new(
            ErrorKind::Inputs,
            inputs[0].clone(),
            "no valid article to publish",
            "fix the articles listed above",
        );
        errors.push(e);
    }

    let settings_file = manifest_file.clone().unwrap_or_default();
    let (epub, pdf) = settings::resolve(
        &raw,
        &flags.pdf,
        manifest_dir.as_deref(),
        &settings_file,
        &mut errors,
    );
    let edition_image = |field: &str, src: &Option<String>, errors: &mut Vec<InputError>| {
        let (src, dir) = (src.as_ref()?, manifest_dir.as_ref()?);
        let spec = ImageSpec {
            src,
            alt: Some(raw.name.as_deref().unwrap_or(defaults::NAME)),
            caption: None,
            credit: None,
        };
        check_image(&spec, dir, dir, &settings_file, field)
            .map_err(|e| errors.push(e))
            .ok()
    };
    // `cover = "photo"` is a keyword, not a file: the first article's photo is the cover.
    let cover_photo = raw.cover.as_deref().map(str::trim) == Some("photo");
    let cover = if cover_photo {
        None
    } else {
        edition_image("cover", &raw.cover, &mut errors)
    };
    let logo = edition_image("logo", &raw.logo, &mut errors);

    let date = match (flags.date, &raw.date) {
        (Some(d), _) => Some(d),
        (None, Some(dt)) => match dt.to_date() {
            Some(d) => Some(d),
            None => {
                errors.push(
                    InputError::new(
                        ErrorKind::Field,
                        &settings_file,
                        "the date is not a calendar date",
                        "write it as 2021-06-28",
                    )
                    .field("date"),
                );
                None
            }
        },
        (None, None) => None,
    };

    if !errors.is_empty() {
        return Err(fail(errors, warnings));
    }
    let dir = Direction::of_lang(&lang);
    let mut name = flags
        .name
        .clone()
        .or(raw.name.clone())
        .unwrap_or_else(|| defaults::NAME.to_string());
    let mut tagline = flags.tagline.clone().or(raw.tagline.clone());
    for (field, text) in [("name", Some(&mut name)), ("tagline", tagline.as_mut())] {
        if text.is_some_and(controls::strip_controls) {
            let w = Warning::new(&settings_file, Some(field.into()), controls::REMOVED);
            warnings.push(w);
        }
    }
    let edition = Edition {
        name,
        tagline,
        date,
        lang,
        dir,
        number: flags.number.or(raw.number),
        cover,
        cover_photo,
        logo,
        hijri: match raw.hijri {
            Some(false) => None,
            _ => Some(raw.hijri_offset.unwrap_or(0)),
        },
        sections: group_sections(articles, &raw.sections),
        epub,
        pdf,
    };
    Ok(Loaded {
        edition,
        warnings,
        skipped,
        articles_read,
        formats,
    })
}

/// Groups articles into sections: the manifest's order first, then others as first seen.
/// Articles with no section form an unnamed section where the first of them appears.
fn group_sections(articles: Vec<Article>, order: &[String]) -> Vec<Section> {
    let mut sections: Vec<Section> = order
        .iter()
        .map(|n| Section {
            name: Some(n.clone()),
            articles: Vec::new(),
        })
        .collect();
    for a in articles {
        match sections.iter_mut().find(|s| s.name == a.section) {
            Some(s) => s.articles.push(a),
            None => sections.push(Section {
                name: a.section.clone(),
                articles: vec![a],
            }),
        }
    }
    sections.retain(|s| !s.articles.is_empty());
    sections
}
