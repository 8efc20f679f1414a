//! The machine-readable report (`--json`) and the exit codes, so scripts can tell what happened.

use std::path::PathBuf;
use std::time::Instant;

use serde::Serialize;

use crate::diagnostic::Warning;
use crate::input::{ErrorKind, InputError};

/// Exit codes, documented in `--help` and the README.
pub mod exit {
    /// Everything written.
    pub const OK: i32 = 0;
    /// Written, but invalid articles were left out (`--keep-going`).
    pub const PARTIAL: i32 = 1;
    /// Invalid input; nothing written.
    pub const INVALID: i32 = 2;
    /// The output could not be produced or written.
    pub const OUTPUT: i32 = 3;
    /// The command line itself is wrong.
    pub const USAGE: i32 = 64;
    /// Standard output was closed by its reader (128 + SIGPIPE); the outputs are complete or
    /// absent, as the work's own code would have said.
    pub const BROKEN_PIPE: i32 = 141;
}

/// One file written.
#[derive(Debug, Serialize)]
pub struct OutputFile {
    pub path: PathBuf,
    pub format: &'static str,
    pub bytes: u64,
    pub sha256: String,
}

/// One input file read (an article, a feed, a WordPress collection…).
#[derive(Debug, Serialize)]
pub struct InputFile {
    pub path: PathBuf,
    /// What its content was recognised as: `article JSON`, `RSS feed`, `IPTC ninjs`…
    pub format: &'static str,
    /// How many articles it held.
    pub articles: usize,
}

/// One problem, flattened for JSON.
#[derive(Debug, Serialize)]
pub struct Problem {
    pub kind: ErrorKind,
    pub file: PathBuf,
    /// `line:column` or a field path such as `body[3].text`.
    pub location: Option<String>,
    pub message: String,
    pub fix: String,
}

impl From<&InputError> for Problem {
    fn from(e: &InputError) -> Self {
        Problem {
            kind: e.kind,
            file: e.file.clone(),
            location: e.location.as_ref().map(|l| l.to_string()),
            message: e.message.clone(),
            fix: e.fix.clone(),
        }
    }
}

#[derive(Debug, Default, Serialize)]
pub struct Counts {
    pub articles: usize,
    pub sections: usize,
    pub photos: usize,
    pub pages: usize,
    pub skipped_articles: usize,
}

/// Everything a script needs to know about a run.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub ok: bool,
    pub exit_code: i32,
    pub outputs: Vec<OutputFile>,
    /// Each input file read, with the format its content was recognised as.
    pub inputs: Vec<InputFile>,
    pub counts: Counts,
    pub warnings: Vec<Warning>,
    pub errors: Vec<Problem>,
    /// Problems of articles left out with `--keep-going`.
    pub skipped: Vec<Problem>,
    /// Wall time per stage, in the order the stages ran.
    pub timings: Vec<Timing>,
}

/// Wall time of one stage.
#[derive(Debug, Serialize)]
pub struct Timing {
    pub stage: String,
    pub ms: f64,
}

/// Measures stages for [`Report::timings`].
pub struct Stopwatch(Instant);

impl Stopwatch {
    pub fn start() -> Self {
        Stopwatch(Instant::now())
    }

    /// Records the time since the last lap under `stage`.
    pub fn lap(&mut self, report: &mut Report, stage: &str) {
        let ms = self.0.elapsed().as_secs_f64() * 1000.0;
        report.timings.push(Timing {
            stage: stage.to_string(),
            ms: (ms * 10.0).round() / 10.0,
        });
        self.0 = Instant::now();
    }
}
