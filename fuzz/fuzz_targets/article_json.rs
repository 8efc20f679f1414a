//! Any bytes as an article file: UTF-8 check, JSON parsing, checking against a real folder of
//! photos, and every message formatted. Must never panic; an accepted article's photos must
//! resolve inside the folder whatever the path says (`..`, absolute, a symlink leading out),
//! and its text must hold no control character.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use sahifa::input::article::parse_json;
use sahifa::input::source::text_from_bytes;

fuzz_target!(|data: &[u8]| {
    let file = common::folder().0.join("a.json");
    match text_from_bytes(&file, data.to_vec()) {
        Ok(text) => common::check(&file, parse_json(&text, &file)),
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
