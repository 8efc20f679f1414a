//! Progress and messages on standard error, and the JSON report on standard output.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::OutputArgs;
use crate::console;
use crate::report::{exit, Report};

/// Progress and messages on standard error, as the flags and the terminal allow.
pub(super) struct Ui {
    bar: Option<ProgressBar>,
    pub quiet: bool,
    pub json: bool,
}

impl Ui {
    pub(super) fn new(out: &OutputArgs) -> Ui {
        let show = !out.quiet && std::io::stderr().is_terminal();
        let bar = show.then(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {elapsed:>3} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Ui {
            bar,
            quiet: out.quiet,
            json: out.json,
        }
    }

    pub(super) fn stage(&self, msg: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(msg.to_string());
        }
    }

    /// Prints a line on standard error without breaking the progress bar. A closed or broken
    /// standard error loses the line, nothing else: the edition is still written.
    pub(super) fn say(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| console::err(line)),
            None => console::err(line),
        }
        .unwrap_or(());
    }

    /// Says each warning, unless `--quiet`.
    pub(super) fn warn(&self, warnings: &[crate::diagnostic::Warning]) {
        if !self.quiet {
            for w in warnings {
                self.say(&format!("warning: {w}"));
            }
        }
    }

    pub(super) fn finish(&self, report: &mut Report) -> i32 {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        report.ok = report.exit_code == exit::OK;
        if self.json {
            let text = serde_json::to_string_pretty(report).unwrap_or_default();
            if let Err(e) = console::out(&text) {
                return console::failed_stdout(&e, report.exit_code);
            }
        }
        report.exit_code
    }
}
