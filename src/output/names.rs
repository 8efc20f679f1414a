//! Output file names that fit the filesystem: at most 255 bytes (Linux counts bytes, and one
//! Arabic letter is two of them), and unique within a folder.

use std::collections::HashSet;

use sha2::{Digest, Sha256};

use super::live::cut;

/// Longest file name, in bytes (`NAME_MAX` on Linux and most filesystems).
pub const MAX_NAME_BYTES: usize = 255;

/// `stem.ext`, with the stem cut and given a short hash of the whole stem when the name would
/// be over [`MAX_NAME_BYTES`]: two long names that differ only at their end stay different.
pub fn file_name(stem: &str, ext: &str) -> String {
    let whole = format!("{stem}.{ext}");
    if whole.len() <= MAX_NAME_BYTES {
        return whole;
    }
    let digest = Sha256::digest(stem.as_bytes());
    let tag = super::hex(&digest[..4]);
    // stem + "-" + 8 hex digits + "." + ext
    let room = MAX_NAME_BYTES - 1 - tag.len() - 1 - ext.len();
    let kept = cut(stem, room).trim_end_matches('-');
    format!("{kept}-{tag}.{ext}")
}

/// A file name per stem, in order, each fitting [`MAX_NAME_BYTES`]; a stem seen before gets
/// `-2`, `-3`… (names compared without regard to ASCII case, for case-insensitive filesystems).
pub fn unique_names<'a>(stems: impl IntoIterator<Item = &'a str>, ext: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for stem in stems {
        let mut name = file_name(stem, ext);
        let mut n = 2;
        while !seen.insert(name.to_ascii_lowercase()) {
            name = file_name(&format!("{stem}-{n}"), ext);
            n += 1;
        }
        out.push(name);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_are_cut_on_a_character_with_a_hash() {
        let stem = "صحيفة".repeat(40); // 400 bytes
        let a = file_name(&stem, "epub");
        let b = file_name(&format!("{stem}x"), "epub");
        assert!(
            a.len() <= MAX_NAME_BYTES && b.len() <= MAX_NAME_BYTES,
            "{a}"
        );
        assert!(a.ends_with(".epub") && a.starts_with("صحيفة"));
        assert_ne!(a, b);
        assert_eq!(file_name("day-2021-06-28", "pdf"), "day-2021-06-28.pdf");
    }

    #[test]
    fn repeated_stems_get_a_number() {
        let names = unique_names(["a-b", "a-b", "A-B", "a-b-2"], "epub");
        assert_eq!(
            names,
            ["a-b.epub", "a-b-2.epub", "A-B-3.epub", "a-b-2-2.epub"]
        );
    }
}
