//! Any bytes as a Markdown article: YAML front matter, the Markdown body mapped onto blocks,
//! then the same checks as `article_json`. Must never panic.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use sahifa::input::markdown::parse;
use sahifa::input::source::text_from_bytes;

fuzz_target!(|data: &[u8]| {
    let file = common::folder().0.join("a.md");
    match text_from_bytes(&file, data.to_vec()) {
        Ok(text) => common::check(&file, parse(&text, &file)),
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
