//! The built-in packs and the table of readings in fewer bytes, for the WebAssembly build
//! (whose compressed size has a budget). Nearly all of that text is Japanese: three bytes a
//! character in UTF-8, which gzip compresses less well than one or two. Here:
//!
//! * ASCII stays one byte (tab, newline and carriage return included);
//! * the most frequent characters besides (kana, mostly) are one byte each, `0x80 + i` for
//!   the `i`-th of [`Code::singles`];
//! * any other character is two bytes, from its index `j` in [`Code::others`] (the texts'
//!   other characters, in code point order): `0x80 + singles + j / 256`, then `j % 256`. The
//!   singles are as many as the 128 bytes from `0x80` leave beside these pages of 256 (122
//!   of the 1,636 characters of the built-in texts, 63 % of their occurrences);
//! * the other control bytes stand for the strings of TOML syntax in [`TOKENS`] that recur
//!   between a pack's terms (`","`, `"],readings=false},{id="`…).
//!
//! Each text gzips about a fifth smaller in this code than as UTF-8 (the built-in ones 17 KB
//! smaller). A first code, with 32 singles, the other characters by their 256-character
//! Unicode block (the block's byte, then the low byte of the code point) and the first ten
//! tokens, made the gzipped module 4.2 KB larger: a kanji's first byte was one of 95 and
//! fewer characters were one byte, though it needed no table of the characters (this one's,
//! [`others`], is 1.1 KB gzipped). `build.rs` learns the code from the texts, encodes them,
//! checks that they decode to themselves and writes the code's tables; the library decodes
//! each text once, when it is first needed (well under a millisecond). Other builds embed
//! the plain text. The encoded texts are then compressed with LZMA (`src/lzma.rs`), which
//! finds the repeats of this code's bytes across the whole text.
//!
//! Compiled by `build.rs` (`#[path]`) and by the library, which uses only [`decode`].

// The build script uses the encoder, the library only the decoder.
#![allow(dead_code)]

/// Strings of TOML syntax written as one control byte each: the `k`-th as byte `k + 1`
/// (`0x01`..), skipping tab, newline and carriage return. The encoder takes the longest that
/// matches. (The first ten by hand; then, one at a time, the string of the packs' syntax
/// that made the gzipped texts smallest, while one saved more than a few bytes. Some also
/// hold the parts of term ids that many share, `2"` at the end and `s28-`, `s29-` at the
/// start. The 28 take every control byte that is not text; `"]` and `},{`, which made the
/// texts larger once longer tokens held them, gave their bytes to two that save more.)
pub(crate) const TOKENS: [&str; 28] = [
    "\",match=[\"",
    "\",\"",
    "\"],",
    "id=\"",
    "reading",
    "=false",
    "\"],readings=false}]},",
    "=[\"",
    "=\"",
    ".\",ja=\"",
    "\"],readings=false},{id=\"",
    "\"],readings=false},{except=[\"",
    "terms=[{id=\"",
    "\"],id=\"",
    "\"],readings=false}]",
    "suggestion={en=\"",
    "\",message={en=\"",
    "except=[\"",
    "clause=\"",
    "\",ja=\"",
    "\"={clause=\"",
    "\"]},{id=\"",
    "\"},unless=[\"",
    "message",
    "\",law=\"",
    "2\",match=[\"",
    "\"],readings=false},{id=\"s28-",
    "\"],readings=false},{id=\"s29-",
];

/// The byte that stands for `TOKENS[k]`.
fn token_byte(k: usize) -> u8 {
    // 0x01..=0x08, then 0x0B, 0x0C, then 0x0E.. (tab 0x09, newline 0x0A, CR 0x0D are text).
    match k {
        0..=7 => k as u8 + 1,
        8 | 9 => k as u8 + 3,
        _ => k as u8 + 4,
    }
}

/// The index in [`TOKENS`] of control byte `b`, if it stands for one.
fn token_index(b: u8) -> Option<usize> {
    let k = match b {
        0x01..=0x08 => b - 1,
        0x0B | 0x0C => b - 3,
        0x0E..=0x1F => b - 4,
        _ => return None,
    };
    Some(usize::from(k)).filter(|&k| k < TOKENS.len())
}

/// A learned code: its one-byte characters and the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Code {
    /// The characters written as one byte, most frequent first.
    pub(crate) singles: Vec<char>,
    /// The other non-ASCII characters of the texts, ascending: two bytes each.
    pub(crate) others: Vec<char>,
}

/// How many pages of 256 two-byte characters `n` characters take.
fn pages(n: usize) -> usize {
    n.div_ceil(256)
}

impl Code {
    /// Learns the code of `texts`: its most frequent non-ASCII characters become one byte,
    /// as many as the pages of the others leave room for.
    pub(crate) fn learn(texts: &[&str]) -> Result<Code, String> {
        let mut counts: std::collections::BTreeMap<char, usize> = std::collections::BTreeMap::new();
        for c in texts.iter().flat_map(|t| t.chars()).filter(|c| !c.is_ascii()) {
            *counts.entry(c).or_default() += 1;
        }
        let mut by_count: Vec<(char, usize)> = counts.into_iter().collect();
        // Most frequent first; ties by code point (the map's order, kept by a stable sort).
        by_count.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
        let total = by_count.len();
        let Some(n) = (0..=total.min(128)).rev().find(|&n| n + pages(total - n) <= 128) else {
            return Err(format!("{total} characters do not fit in a one-or-two-byte code"));
        };
        let mut others: Vec<char> = by_count.iter().skip(n).map(|&(c, _)| c).collect();
        others.sort_unstable();
        Ok(Code { singles: by_count.iter().take(n).map(|&(c, _)| c).collect(), others })
    }

    /// `text` in this code, or why it cannot be.
    pub(crate) fn encode(&self, text: &str) -> Result<Vec<u8>, String> {
        let mut out = Vec::with_capacity(text.len());
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            let token = TOKENS.iter().enumerate().filter(|(_, t)| rest.starts_with(**t)).max_by_key(|(_, t)| t.len());
            if let Some((k, t)) = token {
                out.push(token_byte(k));
                rest = rest.get(t.len()..).unwrap_or_default();
                continue;
            }
            rest = rest.get(c.len_utf8()..).unwrap_or_default();
            if matches!(c, '\t' | '\n' | '\r' | ' '..='~') {
                out.push(c as u8);
            } else if c.is_ascii() {
                return Err(format!("control character U+{:04X}", c as u32));
            } else if let Some(i) = self.singles.iter().position(|&s| s == c) {
                out.push(0x80 + i as u8);
            } else if let Ok(j) = self.others.binary_search(&c) {
                out.push((0x80 + self.singles.len() + j / 256) as u8);
                out.push((j % 256) as u8);
            } else {
                return Err(format!("{c:?} is not in the code"));
            }
        }
        Ok(out)
    }

    /// [`Code::others`] as `build.rs` writes it: the LEB128 of each one's distance from the
    /// previous one (from 0). [`others`] reads it back.
    pub(crate) fn others_deltas(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut prev = 0u32;
        for &c in &self.others {
            crate::model_code::varint(&mut out, u64::from(c as u32 - prev));
            prev = c as u32;
        }
        out
    }
}

/// The characters [`Code::others_deltas`] wrote.
pub(crate) fn others(deltas: &[u8]) -> Vec<char> {
    let mut reader = crate::model_code::Reader::new(deltas);
    let mut at = 0u32;
    let mut out = Vec::with_capacity(deltas.len());
    while let Some(d) = reader.varint() {
        at = at.wrapping_add(d as u32);
        out.extend(char::from_u32(at));
    }
    out
}

/// The text `bytes` encode with the code `singles`, `others` (a byte that means nothing in
/// it is skipped: `build.rs` checks that every text decodes to itself).
pub(crate) fn decode(singles: &[char], others: &[char], bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3 / 2);
    let mut it = bytes.iter();
    while let Some(&b) = it.next() {
        if b >= 0x80 {
            let i = usize::from(b - 0x80);
            if let Some(&c) = singles.get(i) {
                out.push(c);
            } else if let Some(&low) = it.next() {
                out.extend(others.get((i - singles.len()) * 256 + usize::from(low)));
            }
        } else if let Some(t) = token_index(b).and_then(|k| TOKENS.get(k)) {
            out.push_str(t);
        } else {
            out.push(char::from(b));
        }
    }
    out
}

/// The code `build.rs` learned from the texts of this build.
#[cfg(target_arch = "wasm32")]
mod code {
    include!(concat!(env!("OUT_DIR"), "/packed_code.rs"));
}

/// A text `build.rs` encoded (a built-in pack, the table of readings).
#[cfg(target_arch = "wasm32")]
pub(crate) fn decode_builtin(bytes: &[u8]) -> String {
    let singles: Vec<char> = code::SINGLES.chars().collect();
    // Compressed by `build.rs`, which checked that it decompresses.
    decode(&singles, &others(&code::OTHERS), &crate::lzma::decode(bytes).unwrap_or_default())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn round_trip(texts: &[&str]) -> Code {
        let code = Code::learn(texts).unwrap();
        for t in texts {
            let bytes = code.encode(t).unwrap();
            assert_eq!(decode(&code.singles, &code.others, &bytes), *t);
            assert_eq!(others(&code.others_deltas()), code.others);
        }
        code
    }

    #[test]
    fn the_token_bytes_are_the_control_bytes_that_are_not_text() {
        let bytes: Vec<u8> = (0..TOKENS.len()).map(token_byte).collect();
        for (k, &b) in bytes.iter().enumerate() {
            assert!(b < 0x20 && !matches!(b, 0 | b'\t' | b'\n' | b'\r'), "{b:#x}");
            assert_eq!(token_index(b), Some(k));
        }
        assert_eq!(token_index(b'\n'), None);
        // The 28 tokens fill 0x01..=0x1F but for tab, newline and carriage return.
        assert_eq!(token_byte(TOKENS.len() - 1), 0x1F);
        assert_eq!(token_index(0x20), None);
    }

    #[test]
    fn texts_decode_to_themselves() {
        let code = round_trip(&[
            "w\t内部資料\tないぶしりょう\nv\t死ぬ\tgodan_n\r\n",
            "groups={g={terms=[{id=\"t\",match=[\"あ\",\"い\"],readings=false},{id=\"u\",match=[\"💕\"]}]}}\n",
            "",
        ]);
        // The most frequent non-ASCII characters are one byte.
        assert!(code.singles.contains(&'な'));
        assert_eq!(code.encode("ないぶ").unwrap().len(), 3);
        assert_eq!(code.encode("\",\"").unwrap().len(), 1);
        // The longest token that matches.
        assert_eq!(code.encode("\"],readings=false},{id=\"").unwrap().len(), 1);
        assert!(code.encode("\u{1}").is_err());
        assert!(code.encode("漢").is_err());
    }

    #[test]
    fn the_singles_are_what_the_pages_of_the_others_leave() {
        // 300 characters: 127 single and 173 others on one page, the 128 byte values.
        let text: String = (0..300u32).map(|i| char::from_u32(0x4E00 + i * 7).unwrap()).collect();
        let code = round_trip(&[&text]);
        assert_eq!((code.singles.len(), code.others.len()), (127, 173));
        // 1,000: 124 single and 876 others on 4 pages.
        let text: String = (0..1000u32).map(|i| char::from_u32(0x4E00 + i).unwrap()).collect();
        let code = round_trip(&[&text]);
        assert_eq!((code.singles.len(), code.others.len()), (124, 876));
        // A two-byte character's first byte is its page, its second its place on the page.
        let last = *code.others.last().unwrap();
        assert_eq!(code.encode(&last.to_string()).unwrap(), [0x80 + 124 + 3, (875 % 256) as u8]);
        let too_many: String = (0..=128 * 256u32).map(|i| char::from_u32(0x10000 + i).unwrap()).collect();
        assert!(Code::learn(&[&too_many]).is_err());
    }

    #[test]
    fn the_built_in_packs_and_the_readings_decode_to_themselves() {
        let packs: Vec<String> = [include_str!("../packs/jp-local-gov.toml"), include_str!("../packs/urayasu.toml")]
            .into_iter()
            .map(|t| crate::policy::compact::compact(t).unwrap())
            .collect();
        let readings = include_str!("../packs/generated/readings.tsv");
        let mut texts: Vec<&str> = packs.iter().map(String::as_str).collect();
        texts.push(readings);
        round_trip(&texts);
        let code = Code::learn(&texts).unwrap();
        let plain: usize = texts.iter().map(|t| t.len()).sum();
        let packed: usize = texts.iter().map(|t| code.encode(t).unwrap().len()).sum();
        assert!(packed * 3 < plain * 2, "{packed} of {plain} bytes");
    }
}
