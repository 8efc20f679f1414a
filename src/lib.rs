//! sahifa: news articles (JSON + photos) to an EPUB edition and a print PDF edition,
//! right-to-left first.
//!
//! Data flows one way: [`input`] (parse and validate) → [`model`] (one typed edition) →
//! [`text`] (bidi, shaping, line breaking) → [`layout`] (frames) → exporters ([`epub`] reads
//! the model, [`pdf`] reads the frames).

pub mod epub;
pub mod layout;
pub mod locale;
pub mod model;
pub mod text;
