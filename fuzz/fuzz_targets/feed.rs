//! Any bytes as an RSS or Atom feed, straight to the feed reader (feed-rs over quick-xml), not
//! only when the content looks like XML as in `article_formats`: entity bombs, huge or broken
//! items. Must never panic; every item read goes through the same checks as `article_json`,
//! its HTML body mapped onto blocks.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use sahifa::input::feed::parse;

fuzz_target!(|data: &[u8]| {
    let file = common::folder().0.join("feed.xml");
    let text = String::from_utf8_lossy(data);
    match parse(&text, &file) {
        Ok(reads) => {
            for r in reads {
                common::check(&file, Ok((r.raw, r.warnings)));
            }
        }
        Err(e) => common::check(&file, Err(e)),
    }
});
