//! Every command-line flag, in one place (the binary's `main` only dispatches).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::{Design, PaperSize};

const AFTER_HELP: &str = "\
Examples:
  sahifa epub examples/dostor/edition.toml -o dostor.epub
  sahifa pdf examples/dostor/edition.toml -o dostor.pdf
  sahifa edition examples/dostor/edition.toml -o out/ --json
  sahifa check articles/
  sahifa preview examples/dostor/edition.toml -o previews/ --pages 1
  cat day.jsonl | sahifa epub - --name 'الدستور' --date 2021-06-28 -o day.epub

Exit codes: 0 done; 1 done but bad articles were skipped (--keep-going);
2 invalid input (nothing written); 3 could not write the output; 64 bad command line;
129/130/143 stopped by SIGHUP/SIGINT/SIGTERM (nothing left behind); 141 the reader of
standard output went away.";

const PREVIEW_HELP: &str = "\
Examples:
  sahifa preview examples/dostor/edition.toml -o previews/
  sahifa preview examples/dostor/edition.toml -o previews/ --pages 1 --dpi 150
  sahifa preview day/edition.toml -o thumbs/ --pages 1-3 --dpi 40 --format jpeg
  sahifa preview articles/ --name 'الدستور' --paper a3 --columns 5 -o previews/

Inputs and layout flags are those of `sahifa pdf`: a page image shows exactly what that page of
the PDF shows. Files are named page-NNN.png (or .jpg) after the page's number; files of pages
not drawn this time are left as they are.";

/// Turn news articles (JSON + photos) into an EPUB edition and a print-ready PDF edition,
/// right-to-left first.
#[derive(Debug, Parser)]
#[command(name = "sahifa", version, about, after_help = AFTER_HELP, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write an EPUB 3 edition.
    #[command(after_help = "Example:\n  sahifa epub examples/dostor/edition.toml -o dostor.epub")]
    Epub(EpubArgs),
    /// Write a print-ready PDF edition (masthead, columns, photos).
    #[command(
        after_help = "Example:\n  sahifa pdf examples/dostor/edition.toml -o dostor.pdf --paper a3 --columns 5"
    )]
    Pdf(PdfArgs),
    /// Write the day's edition in every format into a folder (the cron job).
    #[command(
        after_help = "Examples:\n  sahifa edition examples/dostor/edition.toml -o out/ --json > report.json\n  sahifa edition day/edition.toml -o site/ --previews   # also site/previews/<name>-<date>-page-1.jpg"
    )]
    Edition(EditionArgs),
    /// Draw pages of the print edition as images (page-001.png, page-002.png…), from the same
    /// layout as `sahifa pdf`.
    #[command(after_help = PREVIEW_HELP)]
    Preview(PreviewArgs),
    /// Check inputs and list every problem, writing nothing.
    #[command(after_help = "Example:\n  sahifa check examples/dostor/edition.toml")]
    Check(CheckArgs),
    /// Print the JSON Schema of an input shape: an article, the edition manifest, an IPTC
    /// ninjs item or a WordPress REST post (the fields sahifa reads).
    #[command(after_help = "Example:\n  sahifa schema article > article.schema.json")]
    Schema {
        /// Which schema.
        #[arg(value_enum, default_value = "article")]
        which: SchemaKind,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SchemaKind {
    Article,
    Manifest,
    Ninjs,
    Wordpress,
}

/// Where the articles come from and what the edition is called.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Article .json/.md files, folders of them, one edition manifest .toml, or `-` for JSON
    /// Lines on standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The paper's name (overrides the manifest).
    #[arg(long)]
    pub name: Option<String>,
    /// Line under the name on the masthead.
    #[arg(long)]
    pub tagline: Option<String>,
    /// Edition date, YYYY-MM-DD.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<chrono::NaiveDate>,
    /// Edition language (BCP 47, default ar).
    #[arg(long)]
    pub lang: Option<String>,
    /// Issue number.
    #[arg(long)]
    pub number: Option<u32>,
    /// Leave out invalid articles instead of failing (exit code 1 when any was left out).
    #[arg(long)]
    pub keep_going: bool,
    /// Download photos given as web addresses (ninjs, WordPress, feeds) into a cache
    /// ($XDG_CACHE_HOME/sahifa/photos); without it such a photo is an error.
    #[arg(long)]
    pub fetch: bool,
    /// With --fetch: allow addresses on this machine and private networks.
    #[arg(long, requires = "fetch")]
    pub fetch_allow_local: bool,
    /// With --fetch: the cache folder.
    #[arg(long, value_name = "DIR", requires = "fetch")]
    pub fetch_cache: Option<PathBuf>,
    /// With --fetch: seconds one download may take (default 30).
    #[arg(long, value_name = "SECS", requires = "fetch")]
    pub fetch_timeout: Option<u64>,
}

/// How much to say.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Print a JSON report on standard output (files, counts, warnings, errors, timings).
    #[arg(long)]
    pub json: bool,
    /// No progress or warnings on standard error (errors are still printed).
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct EpubOptionsArgs {
    /// Folder with templates (article.xhtml.j2, masthead.xhtml.j2, style.css) overriding the
    /// bundled ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Don't embed the bundled Arabic font in the EPUB.
    #[arg(long)]
    pub no_embed_fonts: bool,
    /// Also write the generated cover (1600×2560: masthead, date, issue number, lead photo, top
    /// headlines) to FILE: PNG, or JPEG for a name ending in .jpg or .jpeg.
    #[arg(long, value_name = "FILE")]
    pub cover_out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct PdfOptionsArgs {
    /// Paper size (default a4, or the manifest's `[pdf]` paper).
    #[arg(long, value_enum)]
    pub paper: Option<PaperSize>,
    /// Body columns (default by paper size, see --paper; or the manifest's `[pdf]` columns).
    #[arg(long)]
    pub columns: Option<u32>,
    /// Margin on each side in millimetres (default 15).
    #[arg(long, allow_negative_numbers = true)]
    pub margin_mm: Option<f32>,
    /// Body text size in points (default 10).
    #[arg(long, allow_negative_numbers = true)]
    pub body_size: Option<f32>,
    /// Page make-up (default newspaper, or the manifest's `[pdf]` design).
    #[arg(long, value_enum)]
    pub design: Option<Design>,
    /// An exact page count, a multiple of 4 (or the manifest's `[pdf]` pages): photos are set
    /// smaller until the day fits, else nothing is written (exit 2); pages the day leaves
    /// stay empty at the end under their running heads.
    #[arg(long, value_name = "N")]
    pub page_count: Option<u32>,
}

#[derive(Debug, Args)]
pub struct EpubArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The EPUB file to write.
    #[arg(short, long, value_name = "OUT.epub")]
    pub output: PathBuf,
    #[command(flatten)]
    pub epub: EpubOptionsArgs,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Args)]
pub struct PdfArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The PDF file to write.
    #[arg(short, long, value_name = "OUT.pdf")]
    pub output: PathBuf,
    #[command(flatten)]
    pub pdf: PdfOptionsArgs,
    #[command(flatten)]
    pub out: OutputArgs,
}

/// The file format of page images.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PreviewFormat {
    Png,
    Jpeg,
}

/// Pages `first` to `last` (1-based, inclusive; `None`: to the end).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRange {
    pub first: usize,
    pub last: Option<usize>,
}

#[derive(Debug, Args)]
pub struct PreviewArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Folder to write the page images into (created if needed).
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Pages to draw: `N`, `N-M` or `N-` (from N to the end). Default: every page.
    #[arg(long, value_name = "RANGE", value_parser = parse_pages)]
    pub pages: Option<PageRange>,
    /// Resolution in pixels per inch, 10 to 600 (100 makes an A4 page 827×1170 pixels).
    #[arg(long, default_value_t = 100.0, value_parser = parse_dpi)]
    pub dpi: f32,
    /// Image format: png (lossless) or jpeg (smaller).
    #[arg(long, value_enum, default_value = "png")]
    pub format: PreviewFormat,
    #[command(flatten)]
    pub pdf: PdfOptionsArgs,
    #[command(flatten)]
    pub out: OutputArgs,
}

fn parse_pages(s: &str) -> Result<PageRange, String> {
    let bad = || format!("`{s}` is not a page range: use N, N-M or N- (pages count from 1)");
    let number = |t: &str| t.trim().parse::<usize>().ok().filter(|&n| n >= 1);
    let range = match s.split_once('-') {
        None => number(s).map(|n| PageRange {
            first: n,
            last: Some(n),
        }),
        Some((a, b)) if b.trim().is_empty() => {
            number(a).map(|first| PageRange { first, last: None })
        }
        Some((a, b)) => number(a).zip(number(b)).map(|(first, last)| PageRange {
            first,
            last: Some(last),
        }),
    }
    .ok_or_else(bad)?;
    if range.last.is_some_and(|last| last < range.first) {
        return Err(format!("`{s}`: the last page comes before the first"));
    }
    Ok(range)
}

fn parse_dpi(s: &str) -> Result<f32, String> {
    match s.trim().parse::<f32>() {
        Ok(v) if (10.0..=600.0).contains(&v) => Ok(v),
        _ => Err(format!("`{s}` is not a resolution from 10 to 600 dpi")),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Epub,
    Pdf,
}

#[derive(Debug, Args)]
pub struct EditionArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Folder to write into (created if needed).
    #[arg(short, long, value_name = "DIR", default_value = ".")]
    pub output: PathBuf,
    /// Formats to write.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "epub,pdf")]
    pub format: Vec<Format>,
    /// Also write one EPUB per article into DIR/articles/.
    #[arg(long)]
    pub split: bool,
    /// Also write a picture of the print edition's first page for a web site:
    /// DIR/previews/<name-slug>-<date>-page-1.jpg, 60 dpi (497×702 px on A4).
    #[arg(long)]
    pub previews: bool,
    /// Worker threads (default: one per core). The output is the same whatever the number.
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub epub: EpubOptionsArgs,
    #[command(flatten)]
    pub pdf: PdfOptionsArgs,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub out: OutputArgs,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date: use YYYY-MM-DD"))
}

impl InputArgs {
    /// The edition's flags, with the PDF's (`pdf` and `edition` only): they are checked with
    /// the manifest's values, by the same rules, when the edition is loaded.
    pub fn flags(&self, pdf: crate::input::PdfFlags) -> crate::input::EditionFlags {
        crate::input::EditionFlags {
            name: self.name.clone(),
            tagline: self.tagline.clone(),
            date: self.date,
            lang: self.lang.clone(),
            number: self.number,
            pdf,
        }
    }
}
