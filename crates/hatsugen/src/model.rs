//! A linear model per text category, over the characters and character bigrams of a
//! folded post.
//!
//! The word lists name what a violation says; the model reads how such posts are usually
//! worded, so a paraphrase that names nothing the lists hold is still noticed. It is
//! generated data (`packs/generated/model.tsv`, written by `scripts/gen-model` from the dev
//! split of the labelled posts) compiled into every build in the binary form of
//! `model_code.rs`, and its arithmetic is integer sums and one square root, so Rust, C and
//! WebAssembly give the same report.
//!
//! A category's score is the logit `(bias + Σ weight × count / √n) / scale`, the sum over
//! the distinct features of the folded text (its characters, its bigrams and its words of
//! Latin letters, each `count` times), with `n` the number of bigrams (at least the model's
//! `min_bigrams`, so a two-word post does not weigh like a sentence). A rule reads it
//! through `model = "<category>"` and `model_min` (a probability).

use std::sync::OnceLock;

use crate::model_code::{BASE, Reader};

/// The generated model (see `scripts/gen-model`) in its binary form (`src/model_code.rs`),
/// written by `build.rs`.
const MODEL_BIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/model.bin"));

/// The model's binary form.
#[cfg(not(target_arch = "wasm32"))]
fn model_bin() -> &'static [u8] {
    MODEL_BIN
}

/// The model's binary form, decompressed once (`build.rs` compressed it for this build).
#[cfg(target_arch = "wasm32")]
fn model_bin() -> &'static [u8] {
    static BIN: OnceLock<Vec<u8>> = OnceLock::new();
    BIN.get_or_init(|| crate::lzma::decode(MODEL_BIN).unwrap_or_default())
}

/// The model, read once per process.
pub(crate) struct Model {
    /// Category names and biases, by index.
    categories: Vec<(&'static str, i64)>,
    /// Weights and biases are integers over this.
    scale: f64,
    /// A text of fewer bigrams is divided as if it had this many.
    min_bigrams: usize,
    /// Open addressing: a bigram's key (plus one; zero is empty) and its row.
    keys: Vec<u64>,
    rows: Vec<u32>,
    /// A cell for each character of [`NEAR`]: the row of its own feature plus one (0: it
    /// is none) in the low bits, and [`STARTS`] when a bigram of the model starts with it.
    /// A character costs no hashing, and a bigram is hashed only when the model has one
    /// that starts with its first character.
    cells: Vec<u32>,
    /// Row `r`'s weights are `weights[starts[r]..starts[r + 1]]`: (category, weight).
    starts: Vec<u32>,
    weights: Vec<(u8, i32)>,
    /// Whether the model has words of Latin letters (English and romaji) among its features.
    words: bool,
}

/// A bigram's key: both characters' code points (21 bits each), plus one. A single
/// character's key is its bigram with U+0000, which no folded text holds.
fn key(a: char, b: char) -> u64 {
    ((u64::from(a) << 21) | u64::from(b)) + 1
}

/// A word's key: its FNV-1a hash with the top bit set, which no bigram's key has. Two words
/// share a key with a chance of one in 2⁶³, and the table compares keys only.
fn word_key(word: &[u8]) -> u64 {
    let hash = word.iter().fold(0xCBF2_9CE4_8422_2325u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3));
    hash | 1 << 63
}

/// The words of a folded text: its runs of the letters a to z, as byte ranges (folding has
/// put Latin letters, full-width ones included, in lower case).
fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        let start = i + bytes.get(i..)?.iter().position(u8::is_ascii_lowercase)?;
        let len = bytes.get(start..)?.iter().position(|b| !b.is_ascii_lowercase()).unwrap_or(bytes.len() - start);
        i = start + len;
        Some((start, i))
    })
}

/// The code points a feature's characters can be: kana, ー, 々 and the CJK ideographs.
const NEAR: std::ops::Range<u32> = 0x3000..0xA000;

/// The bit of a cell of [`Model::cells`] that says a bigram of the model starts with its
/// character.
const STARTS: u32 = 1 << 31;

/// The index of `c` in [`Model::cells`], if it is in [`NEAR`].
fn cell_of(c: char) -> Option<usize> {
    // One comparison: below NEAR, the difference wraps to past its end.
    let i = u32::from(c).wrapping_sub(NEAR.start);
    (i < NEAR.end - NEAR.start).then_some(i as usize)
}

fn slot(key: u64, mask: usize) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask
}

/// The model's scores of one folded text: each category's logit.
#[derive(Debug, Clone)]
pub(crate) struct Scores {
    logits: Vec<f64>,
}

impl Scores {
    /// No score for any category: what a text the model does not read gets.
    pub(crate) fn none() -> Scores {
        Scores { logits: Vec::new() }
    }

    /// The probability the model gives category `c`, as a logit.
    pub(crate) fn logit(&self, c: usize) -> f64 {
        self.logits.get(c).copied().unwrap_or(f64::NEG_INFINITY)
    }

    /// The probability the model gives category `c`, as a logit, or `None` when the text
    /// was not scored (longer than [`WHOLE_TEXT_MAX_CHARS`]).
    pub(crate) fn scored(&self, c: usize) -> Option<f64> {
        self.logits.get(c).copied()
    }
}

impl Model {
    /// The built-in model.
    pub(crate) fn get() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| Model::parse(model_bin()))
    }

    /// The model in the binary form of `src/model_code.rs`. A malformed one (which
    /// `build.rs` never writes) reads as far as it is whole.
    fn parse(bytes: &'static [u8]) -> Model {
        let mut m = Model {
            categories: Vec::new(),
            scale: 1000.0,
            min_bigrams: 1,
            keys: Vec::new(),
            rows: Vec::new(),
            cells: vec![0; (NEAR.end - NEAR.start) as usize],
            starts: vec![0],
            weights: Vec::new(),
            words: false,
        };
        let mut features: Vec<u64> = Vec::new();
        m.read(&mut Reader::new(bytes), &mut features);
        let size = (features.len() * 2).next_power_of_two().max(16);
        m.keys = vec![0; size];
        m.rows = vec![0; size];
        for (row, &k) in features.iter().enumerate() {
            // A single character's row is in its cell.
            if k <= key('\0', char::MAX) {
                continue;
            }
            let mut i = slot(k, size - 1);
            while m.keys.get(i).is_some_and(|&x| x != 0 && x != k) {
                i = (i + 1) & (size - 1);
            }
            if let (Some(key), Some(r)) = (m.keys.get_mut(i), m.rows.get_mut(i)) {
                *key = k;
                *r = row as u32;
            }
        }
        m
    }

    /// Reads the header and the rows into `self` and the rows' keys into `features`; None
    /// where the bytes end early.
    fn read(&mut self, r: &mut Reader<'static>, features: &mut Vec<u64>) -> Option<()> {
        // Integers: parsing a float would link a float parser into WebAssembly.
        self.scale = r.varint()? as f64;
        self.min_bigrams = usize::try_from(r.varint()?).ok()?;
        for _ in 0..r.varint()? {
            let len = usize::try_from(r.varint()?).ok()?;
            let name = std::str::from_utf8(r.bytes(len)?).ok()?;
            self.categories.push((name, r.zigzag()?));
        }
        let n = usize::try_from(r.varint()?).ok()?;
        let mut firsts: Vec<(u32, bool)> = Vec::with_capacity(n);
        let mut first = 0u32;
        for _ in 0..n {
            let v = r.varint()?;
            first = first.checked_add(u32::try_from(v >> 1).ok()?)?;
            firsts.push((first, v & 1 == 1));
        }
        let mut seconds = Vec::with_capacity(n);
        for &(_, bigram) in &firsts {
            seconds.push(match bigram {
                true => u32::from(r.u16()?) + BASE,
                false => 0,
            });
        }
        let mut masks = Vec::with_capacity(n);
        for _ in 0..n {
            masks.push(r.varint()?);
        }
        for ((&(a, bigram), &b), mask) in firsts.iter().zip(&seconds).zip(masks) {
            let before = self.weights.len();
            self.read_weights(r, mask)?;
            // A feature whose character is outside NEAR never occurs in a folded text that
            // it could score: it is read past and dropped.
            let row = features.len() as u32;
            let cell = char::from_u32(a).and_then(cell_of).and_then(|i| self.cells.get_mut(i));
            let k = match (cell, char::from_u32(a), char::from_u32(b)) {
                (Some(cell), Some(a), Some(b)) if bigram => {
                    *cell |= STARTS;
                    Some(key(a, b))
                }
                (Some(cell), Some(a), _) if !bigram && row < STARTS - 1 => {
                    *cell = (*cell & STARTS) | (row + 1);
                    Some(key('\0', a))
                }
                _ => None,
            };
            match k {
                Some(k) => {
                    self.starts.push(self.weights.len() as u32);
                    features.push(k);
                }
                None => self.weights.truncate(before),
            }
        }
        // The words of Latin letters, front-coded.
        let n = usize::try_from(r.varint()?).ok()?;
        let mut keys = Vec::with_capacity(n);
        let mut word: Vec<u8> = Vec::new();
        for _ in 0..n {
            let shared = usize::try_from(r.varint()?).ok()?;
            let len = usize::try_from(r.varint()?).ok()?;
            word.truncate(shared);
            word.extend_from_slice(r.bytes(len)?);
            keys.push(word_key(&word));
        }
        let mut masks = Vec::with_capacity(n);
        for _ in 0..n {
            masks.push(r.varint()?);
        }
        for (k, mask) in keys.into_iter().zip(masks) {
            self.read_weights(r, mask)?;
            self.starts.push(self.weights.len() as u32);
            features.push(k);
            self.words = true;
        }
        Some(())
    }

    /// Reads one row's weights, one for each category of `mask`, onto [`Model::weights`].
    fn read_weights(&mut self, r: &mut Reader<'static>, mask: u64) -> Option<()> {
        for k in (0..32u8).filter(|k| mask >> k & 1 == 1) {
            self.weights.push((k, i32::try_from(r.zigzag()?).ok()?));
        }
        Some(())
    }

    /// A text of fewer bigrams is divided as if it had this many.
    pub(crate) fn min_bigrams(&self) -> usize {
        self.min_bigrams
    }

    /// The index of a category, if the model scores it.
    pub(crate) fn category(&self, name: &str) -> Option<usize> {
        self.categories.iter().position(|(n, _)| *n == name)
    }

    /// The categories the model scores.
    pub(crate) fn categories(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.categories.iter().map(|(n, _)| *n)
    }

    /// The weights of row `r`.
    fn weights_of(&self, r: usize) -> Option<&[(u8, i32)]> {
        let (s, e) = (*self.starts.get(r)?, *self.starts.get(r + 1)?);
        self.weights.get(s as usize..e as usize)
    }

    /// The cell of `c` in [`Model::cells`] (0 for a character outside [`NEAR`]).
    fn cell(&self, c: char) -> u32 {
        cell_of(c).and_then(|i| self.cells.get(i)).copied().unwrap_or(0)
    }

    /// The weights of the feature whose key is `k`, looked up in the hash table.
    fn probe(&self, k: u64) -> Option<&[(u8, i32)]> {
        self.weights_of(self.probe_row(k)?)
    }

    /// The row of the feature `b` (when `a` is U+0000) or of the bigram `ab`.
    fn find(&self, a: char, b: char) -> Option<usize> {
        if a == '\0' {
            return (self.cell(b) & !STARTS).checked_sub(1).map(|r| r as usize);
        }
        if self.cell(a) & STARTS == 0 {
            return None;
        }
        self.probe_row(key(a, b))
    }

    /// The row of the feature whose key is `k`, looked up in the hash table.
    fn probe_row(&self, k: u64) -> Option<usize> {
        let mask = self.keys.len().checked_sub(1)?;
        let mut i = slot(k, mask);
        loop {
            match *self.keys.get(i)? {
                0 => return None,
                x if x == k => return Some(*self.rows.get(i)? as usize),
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// Every category's score of the folded `text`.
    pub(crate) fn scores(&self, text: &str) -> Scores {
        // A category is a bit of a row's set, and `build.rs` writes at most 32 of them, so
        // its sum is found without a bounds check.
        let mut sums = [0i64; 32];
        let mut add = |row: &[(u8, i32)]| {
            for &(cat, w) in row {
                if let Some(s) = sums.get_mut(usize::from(cat) & 31) {
                    *s += i64::from(w);
                }
            }
        };
        let mut chars = 0usize;
        // The previous character, and whether a bigram of the model starts with it.
        let mut prev = '\0';
        let mut starts = false;
        for c in text.chars() {
            chars += 1;
            if starts && let Some(row) = self.probe(key(prev, c)) {
                add(row);
            }
            let cell = self.cell(c);
            if let Some(row) = (cell & !STARTS).checked_sub(1)
                && let Some(row) = self.weights_of(row as usize)
            {
                add(row);
            }
            prev = c;
            starts = cell & STARTS != 0;
        }
        if self.words {
            for (s, e) in words(text) {
                if let Some(row) = text.as_bytes().get(s..e).and_then(|w| self.probe(word_key(w))) {
                    add(row);
                }
            }
        }
        let n = chars.saturating_sub(1);
        let root = (n.max(self.min_bigrams).max(1) as f64).sqrt();
        let logits = self
            .categories
            .iter()
            .zip(sums)
            .map(|(&(_, bias), sum)| (bias as f64 + sum as f64 / root) / self.scale)
            .collect();
        Scores { logits }
    }

    /// The features of the folded `text` that weigh most for category `c`, as byte ranges:
    /// each of the `most` heaviest characters or bigrams with a positive weight, at its
    /// first occurrence; one that holds or is held by a heavier one already chosen is
    /// passed over.
    pub(crate) fn evidence(&self, text: &str, c: usize, most: usize) -> Vec<(u32, u32)> {
        let mut found: Vec<(i32, u32, u32)> = Vec::new();
        // Each feature once, at its first occurrence: a row seen is not pushed again.
        let mut seen = vec![false; self.starts.len()];
        let mut push = |r: Option<usize>, s: usize, e: usize| {
            let Some(r) = r else { return };
            let w = self.weights_of(r).unwrap_or_default().iter().find(|(cat, _)| usize::from(*cat) == c);
            if let (Some(&(_, w)), Some(first)) = (w, seen.get_mut(r))
                && w > 0
                && !*first
            {
                *first = true;
                found.push((w, s as u32, e as u32));
            }
        };
        let mut prev: Option<(usize, char)> = None;
        for (i, ch) in text.char_indices() {
            let end = i + ch.len_utf8();
            push(self.find('\0', ch), i, end);
            if let Some((at, p)) = prev {
                push(self.find(p, ch), at, end);
            }
            prev = Some((i, ch));
        }
        if self.words {
            for (s, e) in words(text) {
                push(text.as_bytes().get(s..e).and_then(|w| self.probe_row(word_key(w))), s, e);
            }
        }
        // The `most` heaviest (among equals, the earliest), then in text order: picked one by
        // one, as a post has few such features and a finding points at three.
        let mut spans: Vec<(u32, u32)> = Vec::with_capacity(most);
        while spans.len() < most {
            let Some(best) = (0..found.len()).reduce(|b, i| {
                let (Some(x), Some(y)) = (found.get(i), found.get(b)) else { return b };
                if x.0 > y.0 { i } else { b }
            }) else {
                break;
            };
            let (_, s, e) = found.remove(best);
            if spans.iter().any(|&(x, y)| (x <= s && e <= y) || (s <= x && y <= e)) {
                continue;
            }
            let at = spans.partition_point(|&(x, _)| x < s);
            spans.insert(at, (s, e));
        }
        spans
    }
}

/// The longest text, in characters as written, whose whole the model scores: ten thousand, LINE's
/// longest message and far past any post its weights were learnt from. A longer text is a
/// document; a score over all of it would divide one violating sentence by the root of
/// thousands of others and say nothing of any one, so it gets none (the rules that score
/// the sentences around a hit, `within`, still read it).
pub(crate) const WHOLE_TEXT_MAX_CHARS: usize = 10_000;

/// The logit of a probability, for a rule's `model_min`.
pub(crate) fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The model a text in `model.tsv`'s form describes, as the build reads it.
    #[allow(clippy::unwrap_used)]
    fn model(text: &str) -> Model {
        let bytes = crate::model_code::encode(text).unwrap();
        Model::parse(Box::leak(bytes.into_boxed_slice()))
    }

    #[test]
    fn scores_add_integer_weights_over_the_root_of_the_bigrams() {
        let m = model("# scale 1000\nc\ta\t-2000\nc\tb\t0\nあいa3000b-500\nいうa1000\n# うえa5000\n");
        assert_eq!(m.category("b"), Some(1));
        assert_eq!(m.categories().collect::<Vec<_>>(), ["a", "b"]);
        // あいう: bigrams あい, いう (n = 2).
        let s = m.scores("あいう");
        assert!((s.logit(0) - (-2.0 + 4.0 / 2f64.sqrt())).abs() < 1e-12);
        assert!((s.logit(1) - (-0.5 / 2f64.sqrt())).abs() < 1e-12);
        // No bigram the model knows: the bias alone. One character: no bigram at all.
        assert!((m.scores("かきく").logit(0) + 2.0).abs() < 1e-12);
        assert!((m.scores("あ").logit(0) + 2.0).abs() < 1e-12);
        assert_eq!(m.scores("").logit(7), f64::NEG_INFINITY);
        // A bigram counts each time it occurs.
        assert!((m.scores("あいあい").logit(0) - (-2.0 + 6.0 / 3f64.sqrt())).abs() < 1e-12);
    }

    #[test]
    fn single_characters_weigh_each_time_they_occur_and_n_counts_bigrams() {
        let m = model("# scale 10\nc\ta\t0\nc\tb\t-10\n殺a20\n殺すa5b7\n");
        // 殺す: 殺 (a 20), 殺す (a 5, b 7); n = 1 bigram, at least min_bigrams (1).
        let s = m.scores("殺す");
        assert!((s.logit(0) - 2.5).abs() < 1e-12);
        assert!((s.logit(1) - (-1.0 + 0.7)).abs() < 1e-12);
        // A lone character: no bigram, so n is taken as 1, and its weight counts.
        assert!((m.scores("殺").logit(0) - 2.0).abs() < 1e-12);
        // Twice 殺 among four bigrams: 2 × 20 / √4.
        assert!((m.scores("殺か殺きく").logit(0) - 2.0).abs() < 1e-12);
        // A NUL in the text is a character like another: no feature, one bigram each side.
        assert!((m.scores("殺\0").logit(0) - 2.0).abs() < 1e-12);
    }

    #[test]
    fn words_of_latin_letters_weigh_like_features() {
        let m = model("# scale 10\nc\ta\t0\nc\tb\t0\n殺a20\nw\tweed\ta30\nw\twe\tb-10\nw\tvote\tb40\n");
        // Whole runs of a to z only: "weed" once (not "we" inside it), "we" once, "weeds"
        // and "w" never; n counts the bigrams of the whole text (at least 1).
        let t = "we smoke weed, weeds w";
        let root = ((t.chars().count() - 1) as f64).sqrt();
        let s = m.scores(t);
        assert!((s.logit(0) - 3.0 / root).abs() < 1e-12);
        assert!((s.logit(1) + 1.0 / root).abs() < 1e-12);
        // Beside kana and kanji, each time it occurs.
        let t = "vote殺vote";
        let root = ((t.chars().count() - 1) as f64).sqrt();
        assert!((m.scores(t).logit(1) - 8.0 / root).abs() < 1e-12);
        assert!((m.scores(t).logit(0) - 2.0 / root).abs() < 1e-12);
        assert_eq!(m.evidence("i want weed", 0, 3), vec![(7, 11)]);
        assert_eq!(words("ab1cd e").collect::<Vec<_>>(), [(0, 2), (3, 5), (6, 7)]);
        // Words must be of a to z.
        assert!(crate::model_code::encode("c\ta\t0\nw\tWeed\ta3\n").is_err());
        assert!(crate::model_code::encode("c\ta\t0\nw\tweed\ta3\nw\tweed\ta4\n").is_err());
    }

    #[test]
    fn evidence_is_the_heaviest_positive_features() {
        let m = model("c\ta\t0\nあいa3000\nいうa1000\nうえa-4000\n");
        let t = "あいうえあい";
        let want_first = (0, "あい".len() as u32);
        assert_eq!(m.evidence(t, 0, 1), vec![want_first]);
        // Each bigram once, at its first occurrence, in text order; negative ones never.
        assert_eq!(m.evidence(t, 0, 5), vec![want_first, (3, 9)]);
        assert!(m.evidence(t, 1, 5).is_empty());
        // A character inside a heavier bigram already chosen is passed over, and a bigram
        // around a heavier character.
        let m = model("c\ta\t0\nあいa3000\nいa2000\nえa1000\n");
        assert_eq!(m.evidence("あいうえ", 0, 3), vec![(0, 6), (9, 12)]);
        let m = model("c\ta\t0\nあいa1000\nいa2000\n");
        assert_eq!(m.evidence("あいう", 0, 3), vec![(3, 6)]);
    }

    #[test]
    fn the_built_in_model_reads_every_text_category() {
        let m = Model::get();
        for c in ["defamation", "discrimination", "illegal", "political", "rumor", "confidential"] {
            assert!(m.category(c).is_some(), "{c}");
        }
        assert!(m.weights.len() > 500);
        // Every row of the generated text is in the binary form, with its weights.
        let text = include_str!("../packs/generated/model.tsv");
        let rows = text.lines().filter(|l| !l.starts_with('#') && !l.starts_with("c\t")).count();
        assert_eq!(m.starts.len(), rows + 1);
        assert_eq!(m.categories.len(), text.lines().filter(|l| l.starts_with("c\t")).count());
        assert!((logit(0.5)).abs() < 1e-12 && logit(0.6) > 0.0);
    }
}
