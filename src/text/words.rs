//! The word cache: each distinct word shaped once per face, as browsers do.
//!
//! A day's text repeats its words (في، من، على، the same names and numbers) thousands of times,
//! and HarfBuzz would shape each occurrence anew. Shaping an item word by word gives the same
//! glyphs as shaping it whole when the word is cut from the item at spaces: Arabic joining
//! stops at a space, and the faces have no lookups across one (the byte-identical PDFs of the
//! benchmark days say so). So [`super::shape`] cuts items after their spaces and asks this cache
//! first; only a word it has not seen goes to HarfBuzz.
//!
//! A cache belongs to one face (it lives in the face's [`super::fonts::LoadedFace`]), so a face
//! added to a set — bold, italic, a manifest's own — gets its own, and the key holds the rest
//! of what HarfBuzz's output depends on: the text, the size, the direction, the script and the
//! language (no OpenType features are set). Glyph clusters are kept relative to the word.
//!
//! Layout shapes articles on several threads, so the cache is split into shards behind
//! mutexes, locked only to look up or insert (never while shaping). It is bounded: a full
//! shard is emptied, which costs only speed, never output.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::{Arc, Mutex};

use unicode_script::Script;

use super::shape::Glyph;

/// Shards: more than the threads that shape at once, so that they seldom wait for each other.
const SHARDS: usize = 16;
/// Words kept per shard before it is emptied: 64 K words in all, a few MB, far more than the
/// distinct words of a day.
const MAX_PER_SHARD: usize = 4096;

/// Everything a word's glyphs depend on, besides the face the cache belongs to.
#[derive(Clone, Copy, PartialEq)]
pub(crate) struct WordKey<'a> {
    pub text: &'a str,
    pub size: f32,
    pub rtl: bool,
    pub script: Script,
    pub lang: &'a str,
}

struct Entry {
    text: Box<str>,
    size: u32,
    rtl: bool,
    script: Script,
    lang: Box<str>,
    /// In visual order, clusters relative to the word's start, texts assigned.
    glyphs: Arc<[Glyph]>,
}

impl Entry {
    fn is(&self, k: &WordKey<'_>) -> bool {
        *self.text == *k.text
            && self.size == k.size.to_bits()
            && self.rtl == k.rtl
            && self.script == k.script
            && *self.lang == *k.lang
    }
}

/// The shaped words of one face.
pub(crate) struct WordCache {
    hasher: RandomState,
    /// By the key's hash; a hash two keys share keeps the later one.
    shards: Vec<Mutex<HashMap<u64, Entry>>>,
}

impl Default for WordCache {
    fn default() -> Self {
        WordCache {
            hasher: RandomState::new(),
            shards: (0..SHARDS).map(|_| Mutex::new(HashMap::new())).collect(),
        }
    }
}

impl WordCache {
    fn hash(&self, k: &WordKey<'_>) -> u64 {
        self.hasher
            .hash_one((k.text, k.size.to_bits(), k.rtl, k.script, k.lang))
    }

    fn shard(&self, hash: u64) -> std::sync::MutexGuard<'_, HashMap<u64, Entry>> {
        let shard = &self.shards[(hash >> 32) as usize % SHARDS];
        // A thread that panicked while holding the lock left a whole map behind (every insert
        // is one call), so its contents are still good.
        shard.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The glyphs of a word shaped before, clusters relative to its start.
    pub(crate) fn get(&self, k: &WordKey<'_>) -> Option<Arc<[Glyph]>> {
        let hash = self.hash(k);
        let shard = self.shard(hash);
        shard
            .get(&hash)
            .filter(|e| e.is(k))
            .map(|e| e.glyphs.clone())
    }

    /// Keeps a word's glyphs (clusters relative to its start).
    pub(crate) fn put(&self, k: &WordKey<'_>, glyphs: Arc<[Glyph]>) {
        let hash = self.hash(k);
        let mut shard = self.shard(hash);
        if shard.len() >= MAX_PER_SHARD {
            shard.clear();
        }
        shard.insert(
            hash,
            Entry {
                text: k.text.into(),
                size: k.size.to_bits(),
                rtl: k.rtl,
                script: k.script,
                lang: k.lang.into(),
                glyphs,
            },
        );
    }
}
