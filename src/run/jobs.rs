//! The outputs of one command as jobs: each produced into a temporary file beside its target
//! (side by side, in parallel), and all renamed into place only if every one succeeded.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::success_code;
use super::ui::Ui;
use crate::epub::EpubOptions;
use crate::input::Loaded;
use crate::output::{self, Staged, Staging};
use crate::publish;
use crate::raster::ImageKind;
use crate::report::{exit, OutputFile, Problem, Report, Stopwatch};

/// What producing one job gave: its files, staged under temporary names.
struct Made {
    files: Vec<(Staged, &'static str)>,
    warnings: Vec<crate::diagnostic::Warning>,
    /// Pages of the PDF.
    pages: Option<usize>,
    /// Sub-stage timings.
    timings: Vec<(String, f64)>,
}

/// Why a job made nothing: its output could not be produced or written (exit 3), or the
/// settings do not suit this day (exit 2: the edition asks for fewer pages than it fills).
enum Failure {
    Output(String),
    Invalid(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::Output(message)
    }
}

impl Failure {
    /// Of a job that failed with `err`: settings that do not suit the day are invalid input.
    fn of(err: &publish::PublishError, message: String) -> Failure {
        match err {
            publish::PublishError::TooLong(_) => Failure::Invalid(message),
            _ => Failure::Output(message),
        }
    }
}

/// Produces one job's files, each streamed into its staging file. On failure, whatever was
/// staged is removed (dropping a [`Staging`] or [`Staged`] removes its file). A write error
/// (disk full, file size limit) is reported as the staging file saw it, with the target's name,
/// rather than as the exporter wrapped it.
fn make(job: &Job, loaded: &Loaded, epub_opts: &EpubOptions, ui: &Ui) -> Result<Made, Failure> {
    let e = &loaded.edition;
    let made = |files, out: publish::Produced, pages| Made {
        files,
        warnings: out.warnings,
        pages,
        timings: out.timings,
    };
    let failed = |staging: Staging, err: String| match staging.finish() {
        Err(write) => write.to_string(),
        Ok(_) => err,
    };
    match job {
        Job::Epub(path) => {
            let mut staging = Staging::create(path).map_err(|e| e.to_string())?;
            match publish::epub(e, epub_opts, &mut staging) {
                Ok(out) => {
                    let staged = staging.finish().map_err(|e| e.to_string())?;
                    Ok(made(vec![(staged, "epub")], out, None))
                }
                Err(err) => Err(failed(staging, err.to_string()).into()),
            }
        }
        Job::Pdf(path) => {
            let mut staging = Staging::create(path).map_err(|e| e.to_string())?;
            let progress = |pages: usize| ui.stage(&format!("writing the PDF: page {pages}"));
            match publish::pdf(e, &mut staging, &progress) {
                Ok((_, out)) => {
                    let staged = staging.finish().map_err(|e| e.to_string())?;
                    let pages = Some(out.pages);
                    Ok(made(vec![(staged, "pdf")], out, pages))
                }
                Err(err) => Err(Failure::of(&err, failed(staging, err.to_string()))),
            }
        }
        Job::Cover(path) => {
            let jpeg = path
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| x.eq_ignore_ascii_case("jpg") || x.eq_ignore_ascii_case("jpeg"));
            let (kind, format) = if jpeg {
                (ImageKind::Jpeg, "jpg")
            } else {
                (ImageKind::Png, "png")
            };
            let bytes = crate::publish::cover_image(e, kind).map_err(|e| e.to_string())?;
            let staged = output::stage(path, &bytes).map_err(|e| e.to_string())?;
            Ok(Made {
                files: vec![(staged, format)],
                warnings: Vec::new(),
                pages: None,
                timings: Vec::new(),
            })
        }
        Job::Preview(dir, options) => {
            let (images, out) =
                publish::preview(e, options).map_err(|e| Failure::of(&e, e.to_string()))?;
            let extension = options.kind.extension();
            let mut files = Vec::new();
            for (n, bytes) in images {
                let path = dir.join(format!("page-{n:03}.{extension}"));
                files.push((
                    output::stage(&path, &bytes).map_err(|e| e.to_string())?,
                    extension,
                ));
            }
            let pages = Some(out.pages);
            Ok(made(files, out, pages))
        }
        Job::PagePicture(path) => {
            let options = publish::PreviewOptions {
                dpi: crate::model::defaults::EDITION_PREVIEW_DPI,
                kind: ImageKind::Jpeg,
                first: 1,
                last: Some(1),
            };
            let (images, out) =
                publish::preview(e, &options).map_err(|e| Failure::of(&e, e.to_string()))?;
            let mut files = Vec::new();
            for (_, bytes) in images {
                files.push((
                    output::stage(path, &bytes).map_err(|e| e.to_string())?,
                    "jpg",
                ));
            }
            // The layout's warnings are the PDF's to give (its page 1 is this picture); the
            // job's time is reported under its label.
            drop(out);
            Ok(Made {
                files,
                warnings: Vec::new(),
                pages: None,
                timings: Vec::new(),
            })
        }
        Job::Split(_, paths) => {
            let books = publish::split_epubs(e, epub_opts).map_err(|e| e.to_string())?;
            let mut files = Vec::new();
            for ((_, bytes), path) in books.into_iter().zip(paths) {
                files.push((
                    output::stage(path, &bytes).map_err(|e| e.to_string())?,
                    "epub",
                ));
            }
            Ok(Made {
                files,
                warnings: Vec::new(),
                pages: None,
                timings: Vec::new(),
            })
        }
    }
}

/// The `articles/` and `previews/` folders are made by sahifa inside the output folder: a
/// symbolic link found there (planted, or left by hand) would lead the files somewhere else, so
/// it is refused.
fn refuse_link(dir: &Path) -> Result<(), String> {
    match dir.symlink_metadata() {
        Ok(m) if m.file_type().is_symlink() => Err(format!(
            "{}: cannot write: it is a symbolic link; sahifa writes the articles and previews only \
             into a real folder (remove the link)",
            dir.display()
        )),
        _ => Ok(()),
    }
}

impl Job {
    /// The files this job writes.
    fn targets(&self) -> Vec<&Path> {
        match self {
            Job::Epub(p) | Job::Pdf(p) | Job::Cover(p) | Job::PagePicture(p) => vec![p.as_path()],
            Job::Split(_, paths) => paths.iter().map(PathBuf::as_path).collect(),
            // Named after the pages, known once the edition is laid out.
            Job::Preview(..) => Vec::new(),
        }
    }

    /// The stage name in reports and progress.
    fn label(&self) -> &'static str {
        match self {
            Job::Epub(_) => "epub",
            Job::Pdf(_) => "pdf",
            Job::Split(..) => "split",
            Job::Preview(..) | Job::PagePicture(_) => "preview",
            Job::Cover(_) => "cover",
        }
    }
}

pub(super) enum Job {
    Epub(PathBuf),
    Pdf(PathBuf),
    /// One EPUB per article into this folder, at these paths (in edition order, unique).
    Split(PathBuf, Vec<PathBuf>),
    /// The generated cover into this file (`--cover-out`).
    Cover(PathBuf),
    /// Page images into this folder.
    Preview(PathBuf, publish::PreviewOptions),
    /// The first page as a JPEG into this file (`--previews`).
    PagePicture(PathBuf),
}

/// Produces every output into temporary files, and renames them into place only if all
/// succeeded.
pub(super) fn produce(
    loaded: &Loaded,
    jobs: &[Job],
    epub_opts: &EpubOptions,
    ui: &Ui,
    report: &mut Report,
) {
    let mut watch = Stopwatch::start();
    // What would stop the renames at the end stops the run before any work.
    let targets: Vec<&Path> = jobs.iter().flat_map(Job::targets).collect();
    let split_link = jobs.iter().find_map(|job| match job {
        Job::Split(dir, _) => refuse_link(dir).err(),
        Job::PagePicture(file) => file.parent().and_then(|dir| refuse_link(dir).err()),
        _ => None,
    });
    if let Some(message) = split_link {
        fail(ui, report, message);
        return;
    }
    if let Err(e) = output::check_targets(&targets) {
        fail(ui, report, e.to_string());
        return;
    }
    // The formats are independent: produce them side by side, then look at them in job order.
    ui.stage(&format!(
        "writing {}",
        jobs.iter().map(Job::label).collect::<Vec<_>>().join(", ")
    ));
    let made: Vec<(Result<Made, Failure>, f64)> = jobs
        .par_iter()
        .map(|job| {
            let t = std::time::Instant::now();
            let r = make(job, loaded, epub_opts, ui);
            (r, t.elapsed().as_secs_f64() * 1000.0)
        })
        .collect();
    watch.lap(report, "produce");
    let mut staged: Vec<(Staged, &'static str)> = Vec::new();
    let mut failure = None;
    for (job, (result, ms)) in jobs.iter().zip(made) {
        report.timings.push(crate::report::Timing {
            stage: job.label().to_string(),
            ms: (ms * 10.0).round() / 10.0,
        });
        match result {
            Ok(m) => {
                ui.warn(&m.warnings);
                report.warnings.extend(m.warnings);
                if let Some(pages) = m.pages {
                    report.counts.pages = pages;
                }
                for (stage, ms) in m.timings {
                    report.timings.push(crate::report::Timing { stage, ms });
                }
                staged.extend(m.files);
            }
            Err(message) => {
                failure.get_or_insert(message);
            }
        }
    }
    let (mut files, formats): (Vec<Staged>, Vec<&'static str>) = staged.into_iter().unzip();
    let committed = match failure {
        Some(failure) => Err(failure),
        None => output::commit(&mut files).map_err(|e| Failure::Output(e.to_string())),
    };
    if let Err(failure) = committed {
        // The staging files go first, then the message: nothing is left if the reader of
        // standard error has gone.
        drop(files);
        match failure {
            Failure::Output(message) => fail(ui, report, message),
            Failure::Invalid(message) => invalid(ui, report, message),
        }
        return;
    }
    for (s, format) in files.iter().zip(formats) {
        report.outputs.push(OutputFile {
            path: s.target.clone(),
            format,
            bytes: s.bytes,
            sha256: s.sha256.clone(),
        });
    }
    watch.lap(report, "write");
    if !ui.quiet && !ui.json {
        for o in &report.outputs {
            ui.say(&format!(
                "wrote {} ({} KB)",
                display(&o.path),
                o.bytes.div_ceil(1024)
            ));
        }
    }
    report.exit_code = success_code(loaded);
}

/// Settings that do not suit this day (found only by laying it out): said, reported, exit 2,
/// nothing written.
fn invalid(ui: &Ui, report: &mut Report, message: String) {
    ui.say(&format!("error: {message}"));
    ui.say("nothing written.");
    report.errors.push(Problem {
        kind: crate::input::ErrorKind::Field,
        file: PathBuf::new(),
        location: None,
        message,
        fix: "ask for more pages, or leave stories out".into(),
    });
    report.exit_code = exit::INVALID;
}

/// An output that could not be produced or written: said, reported, exit 3.
fn fail(ui: &Ui, report: &mut Report, message: String) {
    ui.say(&format!("error: {message}"));
    report.errors.push(Problem {
        kind: crate::input::ErrorKind::Inputs,
        file: PathBuf::new(),
        location: None,
        message,
        fix: String::new(),
    });
    report.exit_code = exit::OUTPUT;
}

fn display(p: &Path) -> String {
    p.display().to_string()
}
