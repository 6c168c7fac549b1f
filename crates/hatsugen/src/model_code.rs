//! The model's compact binary form, which every build compiles in: written by `build.rs`
//! from `packs/generated/model.tsv` and read by [`crate::model`]. It is the same model as
//! the text, stored in columns that compress well (a WebAssembly build has a size budget):
//!
//! ```text
//! varint scale, varint min_bigrams, varint K (categories)
//! K × (varint name length, name in UTF-8, zigzag varint bias)
//! varint R (rows: a character or a bigram, in code-point order)
//! R × varint: (first character − the previous row's) × 2, + 1 for a bigram
//! for each bigram row: its second character − U+3000, as a little-endian u16
//! R × varint: the row's categories as a bit set (bit k: category k)
//! for each row, for each of its categories in order: zigzag varint weight
//! varint W (words of Latin letters, in byte order)
//! W × (varint bytes shared with the previous word, varint the rest's length, the rest)
//! W × varint: the word's categories as a bit set
//! for each word, for each of its categories in order: zigzag varint weight
//! ```
//!
//! Compiled by `build.rs` (`#[path]`) and by the library.

/// The first code point a feature's character may have: the second character of a
/// bigram is stored as its distance from it.
pub(crate) const BASE: u32 = 0x3000;

/// Appends `n` as a LEB128 varint (`build.rs` writes its other tables with it too).
#[allow(dead_code, reason = "the writer is build.rs's and the tests'")]
pub(crate) fn varint(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let byte = (n & 0x7F) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Appends a signed integer as a zigzag varint.
#[allow(dead_code, reason = "the writer is build.rs's and the tests'")]
pub(crate) fn zigzag(out: &mut Vec<u8>, n: i64) {
    varint(out, ((n << 1) ^ (n >> 63)) as u64);
}

/// Reads what [`varint`] and [`zigzag`] write.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub(crate) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    /// The next varint (None past the end or on one longer than 64 bits).
    pub(crate) fn varint(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.bytes.get(self.at)?;
            self.at += 1;
            n |= u64::from(byte & 0x7F) << shift;
            if byte & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    /// The next zigzag varint.
    pub(crate) fn zigzag(&mut self) -> Option<i64> {
        let n = self.varint()?;
        Some((n >> 1) as i64 ^ -((n & 1) as i64))
    }

    /// The next two bytes, as a little-endian u16.
    pub(crate) fn u16(&mut self) -> Option<u16> {
        self.bytes(2)?.try_into().ok().map(u16::from_le_bytes)
    }

    /// The next `n` bytes.
    pub(crate) fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let b = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(b)
    }
}

/// A feature of the text: its first character, its second (a bigram's), and its weights
/// as (category, weight).
type Row = (u32, Option<u32>, Vec<(usize, i64)>);

/// The binary form of a model written as `scripts/gen-model` writes `model.tsv`, or what is
/// wrong with the text (with its line number).
#[allow(dead_code, reason = "the writer is build.rs's and the tests'")]
pub(crate) fn encode(text: &str) -> Result<Vec<u8>, String> {
    let (mut scale, mut min_bigrams) = (1000u64, 1u64);
    let mut categories: Vec<(&str, i64)> = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    let mut words: Vec<(&str, Vec<(usize, i64)>)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let bad = |what: &str| format!("line {}: {what}: {line}", n + 1);
        if let Some(s) = line.strip_prefix("# scale ") {
            scale = s.trim().parse().map_err(|_| bad("not an integer"))?;
            continue;
        }
        if let Some(s) = line.strip_prefix("# min_bigrams ") {
            min_bigrams = s.trim().parse().map_err(|_| bad("not an integer"))?;
            continue;
        }
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix("w\t") {
            let (word, tag) = rest.split_once('\t').ok_or_else(|| bad("expected w, a word and its weights"))?;
            if word.is_empty() || !word.bytes().all(|b| b.is_ascii_lowercase()) {
                return Err(bad("a word is of the letters a to z"));
            }
            words.push((word, weights_of(tag, categories.len()).map_err(&bad)?));
            continue;
        }
        if let Some(rest) = line.strip_prefix("c\t") {
            let (name, bias) = rest.split_once('\t').ok_or_else(|| bad("expected c, a name and a bias"))?;
            categories.push((name, bias.trim().parse().map_err(|_| bad("the bias is not an integer"))?));
            continue;
        }
        let split = line.find(|c: char| c.is_ascii_lowercase()).unwrap_or(line.len());
        let (feature, rest) = line.split_at(split);
        let mut chars = feature.chars().map(u32::from);
        let (first, second) = match (chars.next(), chars.next(), chars.next()) {
            (Some(a), b, None) => (a, b),
            _ => return Err(bad("a feature is one or two characters")),
        };
        if second.is_some_and(|b| !(BASE..BASE + 0x1_0000).contains(&b)) {
            return Err(bad("a bigram's second character must be in U+3000..U+12FFF"));
        }
        rows.push((first, second, weights_of(rest, categories.len()).map_err(bad)?));
    }
    if categories.len() > 32 {
        return Err("at most 32 categories".to_owned());
    }
    rows.sort_by_key(|&(a, b, _)| (a, b));
    if rows.windows(2).any(|w| matches!(w, [x, y] if (x.0, x.1) == (y.0, y.1))) {
        return Err("a feature is listed twice".to_owned());
    }
    let mut out = Vec::new();
    varint(&mut out, scale);
    varint(&mut out, min_bigrams);
    varint(&mut out, categories.len() as u64);
    for (name, bias) in &categories {
        varint(&mut out, name.len() as u64);
        out.extend_from_slice(name.as_bytes());
        zigzag(&mut out, *bias);
    }
    varint(&mut out, rows.len() as u64);
    let mut previous = 0;
    for (first, second, _) in &rows {
        varint(&mut out, u64::from(first - previous) * 2 + u64::from(second.is_some()));
        previous = *first;
    }
    for second in rows.iter().filter_map(|r| r.1) {
        out.extend_from_slice(&((second - BASE) as u16).to_le_bytes());
    }
    for (_, _, weights) in &rows {
        varint(&mut out, weights.iter().map(|&(k, _)| 1u64 << k).sum());
    }
    for (_, _, weights) in &rows {
        for &(_, w) in weights {
            zigzag(&mut out, w);
        }
    }
    words.sort_by_key(|&(w, _)| w);
    if words.windows(2).any(|w| matches!(w, [x, y] if x.0 == y.0)) {
        return Err("a word is listed twice".to_owned());
    }
    varint(&mut out, words.len() as u64);
    let mut previous: &[u8] = &[];
    for (word, _) in &words {
        let shared = previous.iter().zip(word.bytes()).take_while(|(a, b)| **a == *b).count();
        varint(&mut out, shared as u64);
        varint(&mut out, (word.len() - shared) as u64);
        out.extend_from_slice(word.as_bytes().get(shared..).unwrap_or_default());
        previous = word.as_bytes();
    }
    for (_, weights) in &words {
        varint(&mut out, weights.iter().map(|&(k, _)| 1u64 << k).sum());
    }
    for (_, weights) in &words {
        for &(_, w) in weights {
            zigzag(&mut out, w);
        }
    }
    Ok(out)
}

/// A feature's weights written after it (`a12c-3`: 12 for the first category, −3 for the
/// third), of `categories` categories.
fn weights_of(mut rest: &str, categories: usize) -> Result<Vec<(usize, i64)>, &'static str> {
    let mut weights = Vec::new();
    while let Some(letter) = rest.chars().next() {
        let digits = rest.get(1..).unwrap_or("");
        let len = digits.find(|c: char| c.is_ascii_lowercase()).unwrap_or(digits.len());
        let w: i64 = digits.get(..len).unwrap_or("").parse().map_err(|_| "a weight is not an integer")?;
        let k = usize::from(letter as u8).wrapping_sub(usize::from(b'a'));
        if !letter.is_ascii_lowercase() || k >= categories || weights.iter().any(|&(j, _)| j >= k) {
            return Err("weights are by category letter, in order, of a category listed above");
        }
        weights.push((k, w));
        rest = digits.get(len..).unwrap_or("");
    }
    Ok(weights)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn integers_read_back_as_written() {
        let mut out = Vec::new();
        for n in [0u64, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            varint(&mut out, n);
        }
        for n in [0i64, -1, 1, -64, 64, -5000, i64::MIN, i64::MAX] {
            zigzag(&mut out, n);
        }
        let mut r = Reader::new(&out);
        for n in [0u64, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(r.varint(), Some(n));
        }
        for n in [0i64, -1, 1, -64, 64, -5000, i64::MIN, i64::MAX] {
            assert_eq!(r.zigzag(), Some(n));
        }
        assert_eq!(r.varint(), None);
        assert_eq!(Reader::new(&[0x80]).varint(), None);
    }

    #[test]
    fn a_malformed_model_is_refused_with_its_line() {
        let ok = "# scale 10\nc\ta\t-5\nc\tb\t3\nあいa4b-2\nあb7\n";
        assert!(encode(ok).is_ok());
        for (text, line, what) in [
            ("c\ta\t0\nあいうa1\n", 2, "one or two characters"),
            ("c\ta\t0\nあc1\n", 2, "category listed above"),
            ("c\ta\t0\nc\tb\t0\nあb1a2\n", 3, "in order"),
            ("c\ta\tx\n", 1, "bias is not an integer"),
            ("# scale ten\n", 1, "not an integer"),
            ("c\ta\t0\nあa1x\n", 2, "weight is not an integer"),
        ] {
            let e = encode(text).unwrap_err();
            assert!(e.starts_with(&format!("line {line}:")) && e.contains(what), "{text:?}: {e}");
        }
        assert!(encode("c\ta\t0\nあa1\nあa2\n").unwrap_err().contains("twice"));
    }
}
