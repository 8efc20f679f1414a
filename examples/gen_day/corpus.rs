//! The text of the synthetic articles: sentences of the seed article and of the shipped
//! examples, shuffled per article by a seeded xorshift.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

/// Sections rotate among these, article after article.
pub const SECTIONS: [&str; 5] = ["سياسة", "اقتصاد", "علوم", "ثقافة", "رياضة"];
const BYLINES: [&str; 4] = ["الدستور", "قسم الأخبار", "محرر الاقتصاد", "وكالات"];

/// xorshift64* seeded through splitmix64, one stream per article so that articles can be made
/// in parallel and still come out the same.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64, stream: u64) -> Rng {
        let mut z = seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.between(0, i));
        }
    }
}

/// One generated article, fields in the order a person would write them (`json!` would sort them).
#[derive(Serialize)]
pub struct Article {
    id: String,
    title: String,
    section: &'static str,
    byline: &'static str,
    published: &'static str,
    image: Photo,
    body: Vec<Block>,
}

#[derive(Serialize)]
struct Block {
    #[serde(rename = "type")]
    kind: &'static str,
    text: String,
}

#[derive(Serialize)]
struct Photo {
    src: String,
    alt: String,
    caption: String,
    credit: &'static str,
}

/// The real text articles are made from: body sentences and short lines fit for headings.
pub struct Corpus {
    pub sentences: Vec<String>,
    headings: Vec<String>,
}

impl Corpus {
    pub fn load(seed_text: &Path) -> Result<Corpus, String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/dostor");
        let text = std::fs::read_to_string(seed_text).map_err(|e| {
            format!(
                "{}: {e} (give the seed article with --text)",
                seed_text.display()
            )
        })?;
        let mut c = Corpus {
            sentences: Vec::new(),
            headings: Vec::new(),
        };
        // Lines 1–4 are the scraped masthead; lines without a full stop are the headline,
        // the captions and the subheading.
        for line in text
            .lines()
            .skip(4)
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            if line.ends_with(['.', '؟', '!']) {
                c.add_paragraph(line);
            } else {
                c.add_heading(line);
            }
        }
        let mut files: Vec<PathBuf> = [root.clone(), root.join("more")]
            .iter()
            .filter_map(|d| std::fs::read_dir(d).ok())
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for f in files {
            let v: Value = std::fs::read_to_string(&f)
                .ok()
                .and_then(|t| serde_json::from_str(&t).ok())
                .ok_or(format!("{}: not readable JSON", f.display()))?;
            c.add_heading(v["title"].as_str().unwrap_or(""));
            match &v["body"] {
                Value::String(s) => s.split("\n\n").for_each(|p| c.add_paragraph(p)),
                Value::Array(blocks) => {
                    for b in blocks {
                        match b["type"].as_str() {
                            Some("heading") => c.add_heading(b["text"].as_str().unwrap_or("")),
                            _ => c.add_paragraph(b["text"].as_str().unwrap_or("")),
                        }
                    }
                }
                _ => {}
            }
        }
        if c.sentences.len() < 12 || c.headings.is_empty() {
            return Err("too little Arabic text found to make articles from".into());
        }
        Ok(c)
    }

    fn add_paragraph(&mut self, p: &str) {
        let found = sentences(p).into_iter().filter(|s| mostly_arabic(s));
        self.sentences.extend(found);
    }

    fn add_heading(&mut self, h: &str) {
        if mostly_arabic(h) {
            self.headings.push(h.trim().to_string());
        }
    }

    /// Article `i` as JSON: a headline from the first words of a sentence, 4–12 paragraphs of
    /// 1–3 shuffled sentences, one or two subheadings, and a lead photo.
    pub fn article(&self, name: &str, i: usize, rng: &mut Rng) -> Article {
        let mut order: Vec<usize> = (0..self.sentences.len()).collect();
        rng.shuffle(&mut order);
        let mut next = order.iter().cycle().map(|&k| self.sentences[k].as_str());
        let title = words(next.next().unwrap_or_default(), rng.between(6, 11));
        let caption = next.next().unwrap_or_default().to_string();
        let alt = words(next.next().unwrap_or_default(), rng.between(4, 7));
        let paragraphs = rng.between(4, 12);
        let headings = rng.between(1, 2);
        let at: Vec<usize> = (0..headings)
            .map(|_| rng.between(1, paragraphs - 1))
            .collect();
        let mut body = Vec::new();
        for p in 0..paragraphs {
            if at.contains(&p) {
                let h = &self.headings[rng.between(0, self.headings.len() - 1)];
                body.push(Block {
                    kind: "heading",
                    text: h.clone(),
                });
            }
            let text: Vec<&str> = next.by_ref().take(rng.between(1, 3)).collect();
            body.push(Block {
                kind: "paragraph",
                text: text.join(" "),
            });
        }
        Article {
            id: format!("a{name}"),
            title,
            section: SECTIONS[i % SECTIONS.len()],
            byline: BYLINES[rng.between(0, BYLINES.len() - 1)],
            published: "2021-06-28",
            image: Photo {
                src: format!("../photos/{name}.jpg"),
                alt,
                caption,
                credit: "صورة أرشيفية (ملكية عامة)",
            },
            body,
        }
    }
}

/// Sentences of a paragraph: cut after `.`, `؟`, `!` (and any closing quotes) before a space,
/// so that "1.5" stays whole.
fn sentences(p: &str) -> Vec<String> {
    let chars: Vec<char> = p.trim().chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    for k in 0..chars.len() {
        if !matches!(chars[k], '.' | '؟' | '!' | '?') {
            continue;
        }
        let mut end = k + 1;
        while matches!(chars.get(end), Some('"' | '»' | ')')) {
            end += 1;
        }
        if end > start && chars.get(end).is_none_or(|c| c.is_whitespace()) {
            let s: String = chars[start..end].iter().collect();
            out.push(s.trim().to_string());
            start = end;
        }
    }
    let rest: String = chars[start.min(chars.len())..].iter().collect();
    if rest.trim().chars().count() > 20 {
        out.push(rest.trim().to_string());
    }
    out.retain(|s| !s.is_empty());
    out
}

/// More Arabic letters than Latin ones, twice over: keeps Arabic sentences with Latin names
/// (NASA, DSCOVR) and leaves out the English example and quote.
fn mostly_arabic(s: &str) -> bool {
    let arabic = s
        .chars()
        .filter(|c| ('\u{0600}'..='\u{06FF}').contains(c))
        .count();
    let latin = s.chars().filter(|c| c.is_ascii_alphabetic()).count();
    arabic > 2 * latin && arabic > 0
}

/// The first `n` words, without the final punctuation.
fn words(s: &str, n: usize) -> String {
    let w: Vec<&str> = s.split_whitespace().take(n).collect();
    w.join(" ")
        .trim_end_matches(['.', '،', ',', '؛', ':'])
        .to_string()
}
