//! The text of the synthetic articles: sentences of the seed article and of the shipped
//! examples, shuffled per article by a seeded xorshift; with `--mix`, a share of them from the
//! project's mixed-script test articles (`tests/data/mixed`), and 1–3 photos per article.

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
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.between(0, i));
        }
    }
}

/// Of every this many sentences of a mixed day, about one comes from the mixed-script articles.
const MIX_ONE_IN: usize = 3;
/// Of every this many mixed-script sentences, about one ends with an emoji.
const EMOJI_ONE_IN: usize = 8;
/// Emoji a news text might carry: pictographs, a skin tone, a flag (regional indicators), a ZWJ
/// sequence and a keycap, so that every kind of emoji cluster is shaped.
const EMOJI: [&str; 6] = ["🚀", "📈", "👍🏽", "🇪🇬", "👩‍🔬", "1️⃣"];

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

impl Article {
    /// The lead photo and the photos in the body.
    pub fn photo_count(&self) -> usize {
        1 + self.body.iter().filter(|b| b.photo.is_some()).count()
    }
}

#[derive(Serialize)]
struct Block {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "String::is_empty")]
    text: String,
    /// A photo in the body (`"type": "image"`); the lead photo is [`Article::image`].
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    photo: Option<Photo>,
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
    /// Sentences of the mixed-script test articles (empty unless `--mix`): harakat, Latin names
    /// and numbers, Persian with ZWNJ, Hebrew, English.
    pub mixed: Vec<String>,
}

impl Corpus {
    /// The seed text and the shipped examples; with `mix`, also the mixed-script test articles.
    pub fn load(seed_text: &Path, mix: bool) -> Result<Corpus, String> {
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
            mixed: Vec::new(),
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
        if mix {
            c.mixed = mixed_sentences(&Path::new(env!("CARGO_MANIFEST_DIR")).join(MIXED_DIR))?;
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
    /// 1–3 shuffled sentences, one or two subheadings, and a lead photo. On a mixed day about
    /// one sentence in [`MIX_ONE_IN`] is a mixed-script one, and the article has 0–2 more
    /// photos in its body, `photo(k)` naming photo `k` (0 is the lead).
    pub fn article(
        &self,
        name: &str,
        i: usize,
        rng: &mut Rng,
        photo: &dyn Fn(usize) -> String,
    ) -> Article {
        let mut order: Vec<usize> = (0..self.sentences.len()).collect();
        rng.shuffle(&mut order);
        let mut plain = order.iter().cycle().map(|&k| self.sentences[k].as_str());
        // A plain day draws no extra numbers, so `--no-mix` makes the day it always made.
        let mixed = &self.mixed;
        let mut next = |rng: &mut Rng| -> String {
            let s = plain.next().unwrap_or_default();
            if mixed.is_empty() || rng.between(1, MIX_ONE_IN) != 1 {
                return s.to_string();
            }
            let m = &mixed[rng.between(0, mixed.len() - 1)];
            if rng.between(1, EMOJI_ONE_IN) == 1 {
                format!("{m} {}", EMOJI[rng.between(0, EMOJI.len() - 1)])
            } else {
                m.clone()
            }
        };
        let title = words(&next(rng), rng.between(6, 11));
        let caption = next(rng);
        let alt = words(&next(rng), rng.between(4, 7));
        let paragraphs = rng.between(4, 12);
        let headings = rng.between(1, 2);
        let at: Vec<usize> = (0..headings)
            .map(|_| rng.between(1, paragraphs - 1))
            .collect();
        // Body photos (mixed day only): 0–2, each before a paragraph after the first.
        let photos_at: Vec<usize> = if mixed.is_empty() {
            Vec::new()
        } else {
            let n = rng.between(0, 2);
            (0..n).map(|_| rng.between(1, paragraphs - 1)).collect()
        };
        let mut body = Vec::new();
        let mut photos = 0;
        for p in 0..paragraphs {
            if at.contains(&p) {
                let h = &self.headings[rng.between(0, self.headings.len() - 1)];
                body.push(Block {
                    kind: "heading",
                    text: h.clone(),
                    photo: None,
                });
            }
            for _ in photos_at.iter().filter(|&&at| at == p) {
                photos += 1;
                let alt = words(&next(rng), rng.between(4, 7));
                let caption = next(rng);
                body.push(Block {
                    kind: "image",
                    text: String::new(),
                    photo: Some(Photo {
                        src: photo(photos),
                        alt,
                        caption,
                        credit: "صورة أرشيفية (ملكية عامة)",
                    }),
                });
            }
            let n = rng.between(1, 3);
            let text: Vec<String> = (0..n).map(|_| next(rng)).collect();
            body.push(Block {
                kind: "paragraph",
                text: text.join(" "),
                photo: None,
            });
        }
        Article {
            id: format!("a{name}"),
            title,
            section: SECTIONS[i % SECTIONS.len()],
            byline: BYLINES[rng.between(0, BYLINES.len() - 1)],
            published: "2021-06-28",
            image: Photo {
                src: photo(0),
                alt,
                caption,
                credit: "صورة أرشيفية (ملكية عامة)",
            },
            body,
        }
    }
}

/// The mixed-script test articles, relative to the crate: written for the project.
const MIXED_DIR: &str = "tests/data/mixed/articles";

/// Every sentence of the mixed-script articles (titles, paragraphs, headings, quotes, list
/// items), whatever its script.
fn mixed_sentences(dir: &Path) -> Result<Vec<String>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let v: Value = std::fs::read_to_string(&f)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .ok_or(format!("{}: not readable JSON", f.display()))?;
        let mut texts = vec![v["title"].as_str().unwrap_or("").to_string()];
        for b in v["body"].as_array().into_iter().flatten() {
            texts.extend(b["text"].as_str().map(str::to_string));
            for item in b["items"].as_array().into_iter().flatten() {
                texts.extend(item.as_str().map(str::to_string));
            }
        }
        for t in texts {
            let found = sentences(&t);
            if found.is_empty() && !t.trim().is_empty() {
                out.push(t.trim().to_string());
            }
            out.extend(found);
        }
    }
    if out.len() < 12 {
        return Err(format!("{}: too few mixed-script sentences", dir.display()));
    }
    Ok(out)
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
