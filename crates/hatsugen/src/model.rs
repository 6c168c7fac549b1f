//! A linear model per text category, over the character bigrams of a folded post.
//!
//! The word lists name what a violation says; the model reads how such posts are usually
//! worded, so a paraphrase that names nothing the lists hold is still noticed. It is
//! generated data (`packs/generated/model.tsv`, written by `scripts/gen-model` from the dev
//! split of the labelled posts) compiled into every build, and its arithmetic is integer
//! sums and one square root, so Rust, C and WebAssembly give the same report.
//!
//! A category's score is the logit `(bias + Σ weight × count / √n) / scale`, the sum over
//! the distinct bigrams of the folded text, `count` times each, `n` bigrams in all (at least
//! the model's `min_bigrams`, so a two-word post does not weigh like a sentence). A rule
//! reads it through `model = "<category>"` and `model_min` (a probability).

use std::sync::OnceLock;

/// The generated model (see `scripts/gen-model`), with its comment lines.
#[cfg(not(target_arch = "wasm32"))]
fn model_text() -> &'static str {
    include_str!(concat!(env!("OUT_DIR"), "/model.tsv"))
}

/// The generated model (see `scripts/gen-model`), decoded (`src/packed.rs`).
#[cfg(target_arch = "wasm32")]
fn model_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| crate::packed::decode_builtin(include_bytes!(concat!(env!("OUT_DIR"), "/model.bin"))))
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
    /// Row `r`'s weights are `weights[starts[r]..starts[r + 1]]`: (category, weight).
    starts: Vec<u32>,
    weights: Vec<(u8, i32)>,
}

/// A bigram's key: both characters' code points (21 bits each), plus one.
fn key(a: char, b: char) -> u64 {
    ((u64::from(a) << 21) | u64::from(b)) + 1
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
    /// The probability the model gives category `c`, as a logit.
    pub(crate) fn logit(&self, c: usize) -> f64 {
        self.logits.get(c).copied().unwrap_or(f64::NEG_INFINITY)
    }
}

impl Model {
    /// The built-in model.
    pub(crate) fn get() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| Model::parse(model_text()))
    }

    fn parse(text: &'static str) -> Model {
        let mut m = Model {
            categories: Vec::new(),
            scale: 1000.0,
            min_bigrams: 1,
            keys: Vec::new(),
            rows: Vec::new(),
            starts: vec![0],
            weights: Vec::new(),
        };
        let mut bigrams: Vec<u64> = Vec::new();
        for line in text.lines() {
            if let Some(s) = line.strip_prefix("# scale ") {
                // An integer: parsing a float would link a float parser into WebAssembly.
                m.scale = f64::from(s.trim().parse::<u32>().unwrap_or(1000));
                continue;
            }
            if let Some(s) = line.strip_prefix("# min_bigrams ") {
                m.min_bigrams = s.trim().parse().unwrap_or(1);
                continue;
            }
            if line.starts_with('#') {
                continue;
            }
            if let Some(rest) = line.strip_prefix("c\t") {
                let mut cols = rest.split('\t');
                if let (Some(name), Some(bias)) = (cols.next(), cols.next().and_then(|b| b.parse().ok())) {
                    m.categories.push((name, bias));
                }
                continue;
            }
            // A bigram, then each weight: a category letter (a = the first) and an integer.
            let mut chars = line.chars();
            let (Some(a), Some(b)) = (chars.next(), chars.next()) else { continue };
            let rest = chars.as_str();
            let mut at = 0;
            while let Some(letter) = rest.get(at..).and_then(|r| r.chars().next()).filter(char::is_ascii_lowercase) {
                let digits = rest.get(at + 1..).unwrap_or("");
                let len = digits.find(|c: char| c.is_ascii_lowercase()).unwrap_or(digits.len());
                if let Ok(w) = digits.get(..len).unwrap_or("").parse::<i32>() {
                    m.weights.push((letter as u8 - b'a', w));
                }
                at += 1 + len;
            }
            m.starts.push(m.weights.len() as u32);
            bigrams.push(key(a, b));
        }
        let size = (bigrams.len() * 2).next_power_of_two().max(16);
        m.keys = vec![0; size];
        m.rows = vec![0; size];
        for (row, &k) in bigrams.iter().enumerate() {
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

    /// The index of a category, if the model scores it.
    pub(crate) fn category(&self, name: &str) -> Option<usize> {
        self.categories.iter().position(|(n, _)| *n == name)
    }

    /// The categories the model scores.
    pub(crate) fn categories(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.categories.iter().map(|(n, _)| *n)
    }

    fn row(&self, a: char, b: char) -> Option<&[(u8, i32)]> {
        let k = key(a, b);
        let mask = self.keys.len().checked_sub(1)?;
        let mut i = slot(k, mask);
        loop {
            match *self.keys.get(i)? {
                0 => return None,
                x if x == k => {
                    let r = *self.rows.get(i)? as usize;
                    let (s, e) = (*self.starts.get(r)?, *self.starts.get(r + 1)?);
                    return self.weights.get(s as usize..e as usize);
                }
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// Every category's score of the folded `text`.
    pub(crate) fn scores(&self, text: &str) -> Scores {
        let mut sums = vec![0i64; self.categories.len()];
        let mut n = 0usize;
        let mut chars = text.chars();
        if let Some(mut prev) = chars.next() {
            for c in chars {
                n += 1;
                for &(cat, w) in self.row(prev, c).unwrap_or_default() {
                    if let Some(s) = sums.get_mut(usize::from(cat)) {
                        *s += i64::from(w);
                    }
                }
                prev = c;
            }
        }
        let root = (n.max(self.min_bigrams).max(1) as f64).sqrt();
        let logits = self
            .categories
            .iter()
            .zip(&sums)
            .map(|(&(_, bias), &sum)| (bias as f64 + sum as f64 / root) / self.scale)
            .collect();
        Scores { logits }
    }

    /// The bigrams of the folded `text` that weigh most for category `c`, as byte ranges:
    /// each of the `most` heaviest bigrams with a positive weight, at its first occurrence.
    pub(crate) fn evidence(&self, text: &str, c: usize, most: usize) -> Vec<(u32, u32)> {
        let mut found: Vec<(i32, u32, u32)> = Vec::new();
        let mut it = text.char_indices();
        let Some((mut at, mut prev)) = it.next() else { return Vec::new() };
        for (i, ch) in it {
            let w = self.row(prev, ch).unwrap_or_default().iter().find(|(cat, _)| usize::from(*cat) == c);
            if let Some(&(_, w)) = w.filter(|(_, w)| *w > 0) {
                let end = i + ch.len_utf8();
                let same = text.get(at..end);
                if !found.iter().any(|&(_, s, e)| text.get(s as usize..e as usize) == same) {
                    found.push((w, at as u32, end as u32));
                }
            }
            at = i;
            prev = ch;
        }
        // The `most` heaviest (among equals, the earliest), then in text order: picked one by
        // one, as a post has few such bigrams and a finding points at three.
        let mut spans: Vec<(u32, u32)> = Vec::with_capacity(most);
        while spans.len() < most {
            let Some(best) = (0..found.len()).reduce(|b, i| {
                let (Some(x), Some(y)) = (found.get(i), found.get(b)) else { return b };
                if x.0 > y.0 { i } else { b }
            }) else {
                break;
            };
            let (_, s, e) = found.remove(best);
            let at = spans.partition_point(|&(x, _)| x < s);
            spans.insert(at, (s, e));
        }
        spans
    }
}

/// The logit of a probability, for a rule's `model_min`.
pub(crate) fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_add_integer_weights_over_the_root_of_the_bigrams() {
        let m = Model::parse("# scale 1000\nc\ta\t-2000\nc\tb\t0\nあいa3000b-500\nいうa1000\n# うえa5000\n");
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
    fn evidence_is_the_heaviest_positive_bigrams() {
        let m = Model::parse("c\ta\t0\nあいa3000\nいうa1000\nうえa-4000\n");
        let t = "あいうえあい";
        let want_first = (0, "あい".len() as u32);
        assert_eq!(m.evidence(t, 0, 1), vec![want_first]);
        // Each bigram once, at its first occurrence, in text order; negative ones never.
        assert_eq!(m.evidence(t, 0, 5), vec![want_first, (3, 9)]);
        assert!(m.evidence(t, 1, 5).is_empty());
    }

    #[test]
    fn the_built_in_model_reads_every_text_category() {
        let m = Model::get();
        for c in ["defamation", "discrimination", "illegal", "political", "rumor", "confidential"] {
            assert!(m.category(c).is_some(), "{c}");
        }
        assert!(m.weights.len() > 500);
        assert!((logit(0.5)).abs() < 1e-12 && logit(0.6) > 0.0);
    }
}
