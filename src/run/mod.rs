//! The commands: load the edition, produce each format, write atomically, report.

mod jobs;
mod ui;

use jobs::{produce, Job};
use ui::Ui;

use crate::cli::{
    CheckArgs, Cli, Command, EditionArgs, EpubArgs, Format, InputArgs, PageRange, PdfArgs,
    PreviewArgs, PreviewFormat, SchemaKind,
};
use crate::console;
use crate::epub::EpubOptions;
use crate::input::{self, LoadOptions, Loaded, PdfFlags};
use crate::model::Edition;
use crate::output;
use crate::publish;
use crate::raster::ImageKind;
use crate::report::{exit, InputFile, Problem, Report, Stopwatch};

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
            ui.warn(&loaded.warnings);
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
            ui.warn(&failed.warnings);
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

fn slug_or(id: &str) -> String {
    let s = slug(id);
    if s.is_empty() {
        "article".into()
    } else {
        s
    }
}
