//! Reading each source into checked articles (in parallel, results in input order), and
//! keeping one article per id.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::discover::{on_stdin_line, ArticleSource};
use super::error::{ErrorKind, InputError, Location, Warning};
use super::images::parent_of;
use super::{article, checked, fetch, sniff, source, ArticleResult, SourceFormat};
use crate::model::Article;

/// Reads one source: a file in any of the formats [`sniff`] tells apart (a feed or a WordPress
/// collection holds several articles), or one line of JSON Lines.
pub(super) fn load_source(
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

/// The articles read, once checked: the good ones (one per id, the section names of
/// `[input] sections` applied), and the problems: errors, or, with `keep_going`, articles left
/// out.
pub(super) struct Kept {
    pub articles: Vec<Article>,
    pub skipped: Vec<InputError>,
    pub errors: Vec<InputError>,
    pub warnings: Vec<Warning>,
}

/// Keeps the good articles of `results` (input order); a second article with an id already
/// used is refused. `sections` maps a category or subject to the edition's section name.
pub(super) fn keep(
    results: Vec<ArticleResult>,
    sections: &BTreeMap<String, String>,
    keep_going: bool,
) -> Kept {
    let mut kept = Kept {
        articles: Vec::new(),
        skipped: Vec::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let refuse = |kept: &mut Kept, es: Vec<InputError>| {
        if keep_going {
            kept.skipped.extend(es)
        } else {
            kept.errors.extend(es)
        }
    };
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    for (result, w) in results {
        kept.warnings.extend(w);
        match result {
            Ok(mut a) => {
                if let Some(name) = a.section.as_ref().and_then(|s| sections.get(s)) {
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
                    refuse(&mut kept, vec![e]);
                    continue;
                }
                seen.insert(a.id.clone(), a.source.clone());
                kept.articles.push(a);
            }
            Err(es) => refuse(&mut kept, es),
        }
    }
    kept
}
