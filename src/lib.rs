//! sahifa: news articles (JSON + photos) to an EPUB edition and a print PDF edition,
//! right-to-left first.
//!
//! Data flows one way: [`input`] (parse and validate) → [`model`] (one typed edition) →
//! [`text`] (bidi, shaping, line breaking) → [`layout`] (frames) → exporters ([`epub`] reads
//! the model, [`pdf`] and [`raster`] draw the frames). [`run`] ties them to the command line of
//! [`cli`]. Types that several stages share live below all of them, so that no stage reaches
//! back up: [`frame`] (the pages layout makes and exporters draw), [`diagnostic`] (warnings)
//! and [`photo`] (decoding, orienting and resampling photos).

pub mod cli;
pub mod console;
pub mod diagnostic;
pub mod epub;
pub mod frame;
pub mod input;
/// Stretches (phone numbers, URLs, e-mails) that must read left to right inside any text.
pub mod isolate;
pub mod layout;
pub mod locale;
pub mod model;
pub mod output;
pub mod pdf;
/// Photos for every output: probing, orientation, decoding, resampling, encoding.
pub mod photo;
pub mod publish;
/// Frames drawn as pixels: page previews, visual tests, the EPUB's generated cover.
pub mod raster;
pub mod regular_file;
pub mod report;
pub mod run;
pub mod text;
