//! The commands: load the edition, produce each format, write atomically, report.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::cli::{
    CheckArgs, Cli, Command, EditionArgs, EpubArgs, Format, InputArgs, OutputArgs, PageRange,
    PdfArgs, PreviewArgs, PreviewFormat, SchemaKind,
};
use crate::console;
use crate::epub::EpubOptions;
use crate::input::{self, LoadOptions, Loaded, PdfFlags};
use crate::model::Edition;
use crate::output::{self, Staged, Staging};
use crate::publish;
use crate::raster::ImageKind;
use crate::report::{exit, InputFile, OutputFile, Problem, Report, Stopwatch};

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Epub(args) => epub(args),
        Command::Pdf(args) => pdf(args),
        Command::Edition(args) => edition(args),
        Command::Preview(args) => preview(args),
        Command::Schema { which } => {
            let schema = match which {
                SchemaKind::Article => schemars::schema_for!(input::article::RawArticle),
                SchemaKind::Manifest => schemars::schema_for!(input::manifest::RawManifest),
                SchemaKind::Ninjs => input::ninjs_schema::schema(),
                SchemaKind::Wordpress => input::wordpress::schema(),
            };
            let text = serde_json::to_string_pretty(&schema).unwrap_or_default();
            match console::out(&text) {
                Ok(()) => exit::OK,
                Err(e) => console::failed_stdout(&e, exit::OK),
            }
        }
    }
}

/// Progress and messages on standard error, as the flags and the terminal allow.
struct Ui {
    bar: Option<ProgressBar>,
    quiet: bool,
    json: bool,
}

impl Ui {
    fn new(out: &OutputArgs) -> Ui {
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

    fn stage(&self, msg: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(msg.to_string());
        }
    }

    /// Prints a line on standard error without breaking the progress bar. A closed or broken
    /// standard error loses the line, nothing else: the edition is still written.
    fn say(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| console::err(line)),
            None => console::err(line),
        }
        .unwrap_or(());
    }

    fn finish(&self, report: &mut Report) -> i32 {
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

/// Loads the edition, printing problems; `None` when nothing may be written.
fn load(args: &InputArgs, pdf: PdfFlags, ui: &Ui, report: &mut Report) -> Option<Loaded> {
    ui.stage("reading articles");
    let mut watch = Stopwatch::start();
    let result = input::load(
        &args.inputs,
        &args.flags(pdf),
        LoadOptions {
            keep_going: args.keep_going,
            fetch: args.fetch.then(|| input::fetch::FetchOptions {
                cache: args
                    .fetch_cache
                    .clone()
                    .unwrap_or_else(input::fetch::FetchOptions::default_cache),
                allow_local: args.fetch_allow_local,
                timeout: args
                    .fetch_timeout
                    .map(std::time::Duration::from_secs)
                    .unwrap_or(input::fetch::TIMEOUT),
            }),
        },
    );
    watch.lap(report, "load");
    match result {
        Ok(loaded) => {
            if !ui.quiet {
                for w in &loaded.warnings {
                    ui.say(&format!("warning: {w}"));
                }
            }
            for e in &loaded.skipped {
                ui.say(&format!("skipped: {e}"));
            }
            report.warnings.extend(loaded.warnings.iter().cloned());
            report.skipped = loaded.skipped.iter().map(Problem::from).collect();
            report.inputs = loaded
                .formats
                .iter()
                .map(|f| InputFile {
                    path: f.file.clone(),
                    format: f.format.name(),
                    articles: f.articles,
                })
                .collect();
            let e = &loaded.edition;
            report.counts.articles = e.articles().count();
            report.counts.sections = e.sections.len();
            report.counts.photos = count_photos(e);
            report.counts.skipped_articles = loaded.articles_read - report.counts.articles;
            Some(loaded)
        }
        Err(failed) => {
            if !ui.quiet {
                for w in &failed.warnings {
                    ui.say(&format!("warning: {w}"));
                }
            }
            for e in &failed.errors {
                ui.say(&format!("error: {e}"));
            }
            ui.say(&format!(
                "{} problem(s) found; nothing written.",
                failed.errors.len()
            ));
            report.warnings = failed.warnings;
            report.errors = failed.errors.iter().map(Problem::from).collect();
            report.exit_code = exit::INVALID;
            None
        }
    }
}

fn count_photos(e: &Edition) -> usize {
    e.articles()
        .map(|a| {
            usize::from(a.image.is_some())
                + a.body
                    .iter()
                    .filter(|b| matches!(b.block, crate::model::Block::Image(_)))
                    .count()
        })
        .sum()
}

fn success_code(loaded: &Loaded) -> i32 {
    if loaded.skipped.is_empty() {
        exit::OK
    } else {
        exit::PARTIAL
    }
}

fn check(args: CheckArgs) -> i32 {
    let ui = Ui::new(&args.out);
    let mut report = Report::default();
    if let Some(loaded) = load(&args.input, PdfFlags::default(), &ui, &mut report) {
        report.exit_code = success_code(&loaded);
        if !args.out.json {
            let e = &loaded.edition;
            let mut line = format!(
                "ok: {} article(s) in {} section(s), {} photo(s), {} warning(s)",
                report.counts.articles,
                e.sections.len(),
                report.counts.photos,
                report.warnings.len()
            );
            // The format each file was recognised as (told from its content).
            for f in &loaded.formats {
                line.push_str(&format!("\n{}: {}", f.file.display(), f.format.name()));
                if f.articles != 1 {
                    line.push_str(&format!(", {} articles", f.articles));
                }
            }
            if let Err(e) = console::out(&line) {
                return console::failed_stdout(&e, report.exit_code);
            }
        }
    }
    ui.finish(&mut report)
}

fn epub_options(args: &crate::cli::EpubOptionsArgs) -> EpubOptions {
    EpubOptions {
        templates_dir: args.templates.clone(),
        embed_fonts: !args.no_embed_fonts,
    }
}

fn pdf_flags(args: &crate::cli::PdfOptionsArgs) -> PdfFlags {
    PdfFlags {
        paper: args.paper,
        columns: args.columns,
        margin_mm: args.margin_mm,
        body_size: args.body_size,
        design: args.design,
        pages: args.page_count,
    }
}

fn epub(args: EpubArgs) -> i32 {
    let ui = Ui::new(&args.out);
    let mut report = Report::default();
    if let Some(loaded) = load(&args.input, PdfFlags::default(), &ui, &mut report) {
        let mut jobs = vec![Job::Epub(args.output.clone())];
        jobs.extend(args.epub.cover_out.clone().map(Job::Cover));
        produce(&loaded, &jobs, &epub_options(&args.epub), &ui, &mut report);
    }
    ui.finish(&mut report)
}

fn pdf(args: PdfArgs) -> i32 {
    let ui = Ui::new(&args.out);
    let mut report = Report::default();
    if let Some(loaded) = load(&args.input, pdf_flags(&args.pdf), &ui, &mut report) {
        let jobs = [Job::Pdf(args.output.clone())];
        let epub = EpubOptions {
            templates_dir: None,
            embed_fonts: true,
        };
        produce(&loaded, &jobs, &epub, &ui, &mut report);
    }
    ui.finish(&mut report)
}

fn preview(args: PreviewArgs) -> i32 {
    let ui = Ui::new(&args.out);
    let mut report = Report::default();
    if let Some(loaded) = load(&args.input, pdf_flags(&args.pdf), &ui, &mut report) {
        let range = args.pages.unwrap_or(PageRange {
            first: 1,
            last: None,
        });
        let options = publish::PreviewOptions {
            dpi: args.dpi,
            kind: match args.format {
                PreviewFormat::Png => ImageKind::Png,
                PreviewFormat::Jpeg => ImageKind::Jpeg,
            },
            first: range.first,
            last: range.last,
        };
        let jobs = [Job::Preview(args.output.clone(), options)];
        produce(&loaded, &jobs, &EpubOptions::default(), &ui, &mut report);
    }
    ui.finish(&mut report)
}

fn edition(args: EditionArgs) -> i32 {
    let ui = Ui::new(&args.out);
    let mut report = Report::default();
    if let Some(n) = args.jobs {
        // Only the first call can set the global pool; later ones (tests in one process) keep it.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
    if let Some(loaded) = load(&args.input, pdf_flags(&args.pdf), &ui, &mut report) {
        let stem = edition_stem(&loaded.edition);
        let mut jobs = Vec::new();
        if args.format.contains(&Format::Epub) {
            jobs.push(Job::Epub(
                args.output.join(output::file_name(&stem, "epub")),
            ));
        }
        if args.format.contains(&Format::Pdf) {
            jobs.push(Job::Pdf(args.output.join(output::file_name(&stem, "pdf"))));
        }
        jobs.extend(args.epub.cover_out.clone().map(Job::Cover));
        if args.previews {
            let name = output::file_name(&format!("{stem}-page-1"), "jpg");
            jobs.push(Job::PagePicture(args.output.join("previews").join(name)));
        }
        if args.split {
            let dir = args.output.join("articles");
            let ids: Vec<String> = loaded.edition.articles().map(|a| slug_or(&a.id)).collect();
            let names = output::unique_names(ids.iter().map(String::as_str), "epub");
            let paths = names.into_iter().map(|n| dir.join(n)).collect();
            jobs.push(Job::Split(dir, paths));
        }
        produce(&loaded, &jobs, &epub_options(&args.epub), &ui, &mut report);
    }
    ui.finish(&mut report)
}

/// `<name-slug>-<date>`, e.g. `al-dostor-2021-06-28` or `الدستور-2021-06-28`.
pub fn edition_stem(e: &Edition) -> String {
    let slug = slug(&e.name);
    let slug = if slug.is_empty() {
        "edition".to_string()
    } else {
        slug
    };
    match e.date {
        Some(d) => format!("{slug}-{}", d.format("%Y-%m-%d")),
        None => slug,
    }
}

/// Letters and digits of any script kept, everything else turned into single hyphens.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// What producing one job gave: its files, staged under temporary names.
struct Made {
    files: Vec<(Staged, &'static str)>,
    warnings: Vec<crate::diagnostic::Warning>,
    /// Pages of the PDF.
    pages: Option<usize>,
    /// Sub-stage timings.
    timings: Vec<(String, f64)>,
}

/// Produces one job's files, each streamed into its staging file. On failure, whatever was
/// staged is removed (dropping a [`Staging`] or [`Staged`] removes its file). A write error
/// (disk full, file size limit) is reported as the staging file saw it, with the target's name,
/// rather than as the exporter wrapped it.
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

enum Job {
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
fn produce(loaded: &Loaded, jobs: &[Job], epub_opts: &EpubOptions, ui: &Ui, report: &mut Report) {
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
                for w in &m.warnings {
                    if !ui.quiet {
                        ui.say(&format!("warning: {w}"));
                    }
                }
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

fn slug_or(id: &str) -> String {
    let s = slug(id);
    if s.is_empty() {
        "article".into()
    } else {
        s
    }
}

fn display(p: &Path) -> String {
    p.display().to_string()
}
