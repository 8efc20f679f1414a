//! Which article sources an edition's inputs name: files, folders, the manifest's
//! `articles` (files, folders, globs, kept inside the manifest's folder) or JSON Lines on
//! standard input.

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use super::error::{ErrorKind, InputError, Location};
use super::source;
use crate::model::defaults;

/// Where one article comes from.
pub(super) enum ArticleSource {
    File(PathBuf),
    /// One line of JSON Lines on standard input: (line number, text).
    StdinLine(usize, String),
}

/// The sources named by a manifest's `articles` (`manifest` is the file, `dir` its folder), or
/// else by the command line's `inputs`. Problems are added to `errors`.
pub(super) fn find(
    inputs: &[PathBuf],
    manifest: Option<(&Path, &Path, &[String])>,
    errors: &mut Vec<InputError>,
) -> Vec<ArticleSource> {
    let mut sources = Vec::new();
    match manifest {
        Some((dir, mfile, articles)) => {
            if articles.is_empty() {
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
            for (i, entry) in articles.iter().enumerate() {
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
    sources
}

/// A line and column inside one line of standard input, said as `-:LINE:COLUMN` (not as
/// `-:LINE:1:COLUMN`).
pub(super) fn on_stdin_line(n: usize, mut e: InputError) -> InputError {
    if let Some(Location::LineColumn(l, c)) = e.location {
        e.location = Some(Location::LineColumn(n + l - 1, c));
        e.file = PathBuf::from("-");
    }
    e
}

pub(super) fn has_ext(p: &Path, ext: &str) -> bool {
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
