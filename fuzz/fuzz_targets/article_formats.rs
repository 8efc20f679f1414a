//! Any bytes as an article file of any format sahifa tells apart by content (article JSON,
//! Markdown, IPTC ninjs, WordPress posts, RSS and Atom feeds), with the HTML bodies they carry
//! mapped onto blocks: each article read goes through the same checks as `article_json`. Must
//! never panic, and take no more than linear time in deep HTML.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use sahifa::input::sniff::read;
use sahifa::input::source::text_from_bytes;

fuzz_target!(|data: &[u8]| {
    let file = common::folder().0.join("a.json");
    let text = match text_from_bytes(&file, data.to_vec()) {
        Ok(text) => text,
        Err(e) => return assert!(!e.to_string().is_empty()),
    };
    match read(&file, &text).1 {
        Ok(reads) => {
            for r in reads {
                common::check(&file, Ok((r.raw, r.warnings)));
            }
        }
        Err(e) => common::check(&file, Err(e)),
    }
});
