//! Warnings: what every stage may tell the user without stopping (input, text, layout and the
//! exporters all raise them; the report and the console print them). A leaf below the stages,
//! so that none of them reaches into another for it.

use std::fmt;
use std::path::{Path, PathBuf};

/// Something worth telling but not worth stopping for (alt text from the caption, an unknown
/// field ignored, a character no font has).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    pub file: PathBuf,
    /// A field path or `line:column`, when known.
    pub location: Option<String>,
    pub message: String,
}

impl Warning {
    pub fn new(
        file: impl AsRef<Path>,
        location: Option<String>,
        message: impl Into<String>,
    ) -> Self {
        Warning {
            file: file.as_ref().to_path_buf(),
            location,
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(loc) = &self.location {
            write!(f, ":{loc}")?;
        }
        write!(f, ": {}", self.message)
    }
}
