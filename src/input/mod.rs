//! Input: find the articles, parse and check them (in parallel), and build one [`Edition`].
//!
//! Every problem is collected, not just the first, so that `sahifa check` can list them all.

pub mod article;
pub mod checked;
pub mod controls;
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

use std::collections::HashMap;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::model::{defaults, Article, Direction, Edition, PaperSize, Section};
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

/// Where one article comes from.
enum ArticleSource {
    File(PathBuf),
    /// One line of JSON Lines on standard input: (line number, text).
    StdinLine(usize, String),
}

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
    let mut sources = Vec::new();
    match &manifest_dir {
        Some(dir) => {
            let mfile = manifest_file
                .as_deref()
                .unwrap_or(Path::new("edition.toml"));
            if raw.articles.is_empty() {
                errors.push(
                    InputError::new(
                        ErrorKind::Field,
                        mfile,
                        "the manifest lists no articles",
                        "add `articles = [\"articles/\"]` (files, folders or globs)",
                    )
                    .field("articles"),
                );
            }
            for (i, entry) in raw.articles.iter().enumerate() {
                match expand_entry(dir, mfile, entry) {
                    Ok(found) if found.is_empty() => errors.push(
                        InputError::new(
                            ErrorKind::Inputs,
                            mfile,
                            format!("`{entry}` matches no article file"),
                            "check the path; it is relative to the manifest",
                        )
                        .field(format!("articles[{i}]")),
                    ),
                    Ok(found) => sources.extend(found.into_iter().map(ArticleSource::File)),
                    Err(e) => errors.push(e.field(format!("articles[{i}]"))),
                }
            }
        }
        None => {
            for input in inputs {
                if input.as_os_str() == "-" {
                    match read_stdin_lines() {
                        Ok(lines) => sources.extend(lines),
                        Err(e) => errors.push(e),
                    }
                } else if input.is_dir() {
                    match list_folder(input) {
                        Ok(found) if found.is_empty() => errors.push(InputError::new(
                            ErrorKind::Inputs,
                            input,
                            "the folder holds no article (*.json, *.md)",
                            "name a folder of articles",
                        )),
                        Ok(found) => sources.extend(found.into_iter().map(ArticleSource::File)),
                        Err(e) => errors.push(e),
                    }
                } else {
                    sources.push(ArticleSource::File(input.clone()));
                }
            }
        }
    }

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
        .map(|src| load_source(src, &lang, &root_for, fetcher.as_ref()))
        .collect();
    let mut formats = Vec::new();
    let mut results: Vec<ArticleResult> = Vec::new();
    for (format, r) in per_source {
        formats.extend(format);
        results.extend(r);
    }
    let articles_read = results.len();

    let mut articles: Vec<Article> = Vec::new();
    let mut skipped = Vec::new();
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    for (result, w) in results {
        warnings.extend(w);
        match result {
            Ok(mut a) => {
                // `[input] sections`: a category or subject named as the edition's section.
                if let Some(name) = a.section.as_ref().and_then(|s| raw.input.sections.get(s)) {
                    a.section = Some(name.clone());
                }
                if let Some(first) = seen.get(&a.id) {
                    let e = InputError::new(
                        ErrorKind::Inputs,
                        &a.source,
                        format!(
                            "article id `{}` is already used by {}",
                            a.id,
                            first.display()
                        ),
                        "give each article a unique `id`",
                    )
                    .field("id");
                    if options.keep_going {
                        skipped.push(e)
                    } else {
                        errors.push(e)
                    }
                    continue;
                }
                seen.insert(a.id.clone(), a.source.clone());
                articles.push(a);
            }
            Err(es) => {
                if options.keep_going {
                    skipped.extend(es)
                } else {
                    errors.extend(es)
                }
            }
        }
    }
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

/// Reads one source: a file in any of the formats [`sniff`] tells apart (a feed or a WordPress
/// collection holds several articles), or one line of JSON Lines.
fn load_source(
    src: &ArticleSource,
    lang: &str,
    root_for: &(dyn Fn(&Path) -> PathBuf + Sync),
    fetcher: Option<&fetch::Fetcher>,
) -> (Option<SourceFormat>, Vec<ArticleResult>) {
    let (file, text, default_id, base) = match src {
        ArticleSource::File(path) => {
            let text = match source::read_text(path) {
                Ok(t) => t,
                Err(e) => return (None, vec![(Err(vec![e]), Vec::new())]),
            };
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            (path.clone(), text, stem, parent_of(path))
        }
        ArticleSource::StdinLine(n, text) => (
            PathBuf::from(format!("-:{n}")),
            text.clone(),
            format!("line-{n}"),
            PathBuf::from("."),
        ),
    };
    // Standard input carries sahifa's own article JSON, a line each.
    let (format, read) = match src {
        ArticleSource::File(_) => sniff::read(&file, &text),
        ArticleSource::StdinLine(n, _) => (
            sniff::Format::Article,
            article::parse_json(&text, &file)
                .map(|(raw, warnings)| {
                    vec![sniff::Read {
                        raw,
                        warnings,
                        place: None,
                    }]
                })
                .map_err(|e| on_stdin_line(*n, e)),
        ),
    };
    let reads = match read {
        Ok(reads) => reads,
        Err(e) => return (None, vec![(Err(vec![e]), Vec::new())]),
    };
    let root = match src {
        ArticleSource::File(p) => root_for(p),
        ArticleSource::StdinLine(..) => root_for(Path::new("-")),
    };
    let recognised = matches!(src, ArticleSource::File(_)).then(|| SourceFormat {
        file: file.clone(),
        format,
        articles: reads.len(),
    });
    // In parallel: a feed's photos download side by side with `--fetch`.
    let results = reads
        .into_par_iter()
        .map(|read| {
            let sniff::Read {
                raw,
                mut warnings,
                place,
            } = read;
            let cx = checked::ArticleContext {
                lang,
                root: &root,
                base: &base,
                default_id: default_id.clone(),
                fetch: fetcher,
            };
            let result = checked::to_model(raw, &file, &cx, &mut warnings);
            // In a file of several articles, every place is inside its item.
            let Some(place) = place else {
                return (result, warnings);
            };
            let inside = |at: Option<String>| {
                Some(match at {
                    Some(at) => format!("{place}.{at}"),
                    None => place.clone(),
                })
            };
            for w in &mut warnings {
                w.location = inside(w.location.take());
            }
            let result = result.map_err(|errors| {
                errors
                    .into_iter()
                    .map(|mut e| {
                        let at = match e.location.take() {
                            Some(Location::Field(f)) => Some(f),
                            Some(other) => return e.at(other),
                            None => None,
                        };
                        e.at(Location::Field(inside(at).unwrap_or_default()))
                    })
                    .collect()
            });
            (result, warnings)
        })
        .collect();
    (recognised, results)
}

/// A line and column inside one line of standard input, said as `-:LINE:COLUMN` (not as
/// `-:LINE:1:COLUMN`).
fn on_stdin_line(n: usize, mut e: InputError) -> InputError {
    if let Some(Location::LineColumn(l, c)) = e.location {
        e.location = Some(Location::LineColumn(n + l - 1, c));
        e.file = PathBuf::from("-");
    }
    e
}

fn has_ext(p: &Path, ext: &str) -> bool {
    p.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// The files a folder or a glob contributes: articles (`.json`, `.md`) and feeds (`.rss`,
/// `.atom`, `.xml`); what each holds is told from its content.
fn is_article_file(p: &Path) -> bool {
    p.is_file()
        && ["json", "md", "markdown", "rss", "atom", "xml"]
            .iter()
            .any(|e| has_ext(p, e))
}

/// Article files directly inside a folder, sorted by name (so the order is the same everywhere).
fn list_folder(dir: &Path) -> Result<Vec<PathBuf>, InputError> {
    let entries = std::fs::read_dir(dir).map_err(|e| source::unreadable(dir, &e))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| is_article_file(p))
        .collect();
    files.sort();
    Ok(files)
}

/// One entry of the manifest's `articles`: a file, a folder or a glob, relative to the
/// manifest's folder and not allowed to leave it. Errors name the `manifest` file (the caller
/// adds the field), where the entry can be fixed.
fn expand_entry(dir: &Path, manifest: &Path, entry: &str) -> Result<Vec<PathBuf>, InputError> {
    let outside = || {
        InputError::new(
            ErrorKind::Inputs,
            manifest,
            format!("`{entry}` leads outside the manifest's folder"),
            "keep articles inside the edition's folder",
        )
    };
    let rel = Path::new(entry);
    if rel.is_absolute()
        || rel
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        return Err(outside());
    }
    let joined = dir.join(rel);
    let mut found = if entry.contains(['*', '?', '[']) {
        let pattern = joined.to_string_lossy().into_owned();
        let paths = glob::glob(&pattern).map_err(|e| {
            InputError::new(
                ErrorKind::Inputs,
                manifest,
                format!("`{entry}` is not a valid pattern: {e}"),
                "fix the glob pattern",
            )
        })?;
        let mut v: Vec<PathBuf> = paths
            .filter_map(Result::ok)
            .filter(|p| is_article_file(p))
            .collect();
        v.sort();
        v
    } else if joined.is_dir() {
        list_folder(&joined)?
    } else if joined.exists() {
        vec![joined]
    } else {
        return Err(InputError::new(
            ErrorKind::Unreadable,
            joined,
            "does not exist",
            "check the manifest's `articles` (paths are relative to the manifest)",
        ));
    };
    // Symlinks could still lead out: check the real paths.
    let root = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    for p in &found {
        if p.canonicalize()
            .map(|c| !c.starts_with(&root))
            .unwrap_or(false)
        {
            return Err(outside());
        }
    }
    found.dedup();
    Ok(found)
}

/// Most bytes read from standard input in all (16 files' worth: a day of articles).
pub const MAX_STDIN_BYTES: u64 = 16 * defaults::MAX_INPUT_BYTES;

/// JSON Lines from standard input: one article per non-blank line. No line is read past the
/// size limit of one file, and no more than [`MAX_STDIN_BYTES`] in all.
fn read_stdin_lines() -> Result<Vec<ArticleSource>, InputError> {
    let refused = |place: String, message: &str, fix: &str| {
        InputError::new(ErrorKind::Refused, place, message, fix)
    };
    let mut stdin = std::io::stdin().lock();
    let mut out = Vec::new();
    let mut total = 0u64;
    for n in 1.. {
        let mut bytes = Vec::new();
        let read = (&mut stdin)
            .take(defaults::MAX_INPUT_BYTES + 2)
            .read_until(b'\n', &mut bytes)
            .map_err(|e| source::unreadable(Path::new("-"), &e))?;
        if read == 0 {
            break;
        }
        total += read as u64;
        if bytes.last() == Some(&b'\n') {
            bytes.pop();
        }
        if bytes.len() as u64 > defaults::MAX_INPUT_BYTES {
            return Err(refused(
                format!("-:{n}"),
                "the line is over the 64 MiB limit for one article",
                "split the article",
            ));
        }
        if total > MAX_STDIN_BYTES {
            return Err(refused(
                format!("-:{n}"),
                "standard input is over its 1 GiB limit",
                "publish the articles in several editions, or as files",
            ));
        }
        let text = source::text_from_bytes(Path::new(&format!("-:{n}")), bytes)
            .map_err(|e| on_stdin_line(n, e))?;
        if !text.trim().is_empty() {
            out.push(ArticleSource::StdinLine(n, text));
        }
    }
    Ok(out)
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
