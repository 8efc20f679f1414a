//! Everything that can be wrong with the input, each as one line that names the file, the place
//! (line and column, or the JSON path such as `body[3].text`) and the fix.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// 1-based line and column.
    LineColumn(usize, usize),
    /// A field path such as `body[3].text` or `pdf.columns`.
    Field(String),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::LineColumn(l, c) => write!(f, "{l}:{c}"),
            Location::Field(p) => f.write_str(p),
        }
    }
}

/// What kind of problem, for scripts that read the JSON report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    /// The file can't be read (missing, permissions, a folder).
    Unreadable,
    /// Too large, not UTF-8, or otherwise refused before parsing.
    Refused,
    /// Malformed JSON, TOML, YAML.
    Syntax,
    /// A field is missing, of the wrong type, or has a bad value.
    Field,
    /// An image is missing, outside the folder, not an image, truncated or too large.
    Image,
    /// Inputs that don't fit together (two manifests, duplicate ids, nothing to do).
    Inputs,
}

/// One problem with the input. `Display` gives the one-line message users see.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InputError {
    pub kind: ErrorKind,
    /// The file the problem is in (`-` for standard input, `-:N` for its line N).
    pub file: PathBuf,
    pub location: Option<Location>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(loc) = &self.location {
            write!(f, ":{loc}")?;
        }
        write!(f, ": {}", self.message)?;
        if !self.fix.is_empty() {
            write!(f, " — {}", self.fix)?;
        }
        Ok(())
    }
}

impl InputError {
    pub fn new(
        kind: ErrorKind,
        file: impl AsRef<Path>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> InputError {
        InputError {
            kind,
            file: file.as_ref().to_path_buf(),
            location: None,
            message: message.into(),
            fix: fix.into(),
        }
    }

    pub fn at(mut self, location: Location) -> InputError {
        self.location = Some(location);
        self
    }

    pub fn field(self, path: impl Into<String>) -> InputError {
        self.at(Location::Field(path.into()))
    }

    /// A JSON syntax error of `file`, at its line and column: one wording for every JSON
    /// format (articles, ninjs, WordPress).
    pub fn malformed_json(file: &Path, e: &serde_json::Error) -> InputError {
        InputError::new(
            ErrorKind::Syntax,
            file,
            format!("malformed JSON: {e}"),
            "fix the JSON syntax at that line and column",
        )
        .at(Location::LineColumn(e.line(), e.column()))
    }
}

pub use crate::diagnostic::Warning;

/// 1-based line and column of a byte offset in a text (column counted in characters).
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// The place of an unknown field as the other messages write it (`image.x`, `body[2].x`):
/// serde_ignored's own `Display` gives `image.?.x` (a `?` per `Option`) and `body.2.x`.
pub fn ignored_path(path: &serde_ignored::Path) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => String::new(),
        Path::Seq { parent, index } => format!("{}[{index}]", ignored_path(parent)),
        Path::Map { parent, key } => match ignored_path(parent) {
            p if p.is_empty() => key.clone(),
            p => format!("{p}.{key}"),
        },
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => ignored_path(parent),
    }
}
