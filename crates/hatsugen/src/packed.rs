//! The built-in packs and the table of readings in fewer bytes, for the WebAssembly build
//! (whose compressed size has a budget). Nearly all of that text is Japanese: three bytes a
//! character in UTF-8, which gzip compresses less well than one or two. Here:
//!
//! * ASCII stays one byte (tab, newline and carriage return included);
//! * the most frequent characters besides (kana, mostly) are one byte each, `0x80 + i` for
//!   the `i`-th of [`Code::singles`];
//! * any other character is two bytes: `0x80 + singles + j` for the `j`-th 256-character
//!   block of [`Code::blocks`] it is in, then its code point's low byte;
//! * the other control bytes stand for the strings of TOML syntax in [`TOKENS`] that recur
//!   between a pack's terms (`","`, `"],`…).
//!
//! That is about 10 KB less of the gzipped module than the plain text. `build.rs` learns the
//! code from the texts, encodes them, checks that they decode to themselves and writes the
//! code's tables; the library decodes each text once, when it is first needed (well under a
//! millisecond). Other builds embed the plain text.
//!
//! Compiled by `build.rs` (`#[path]`) and by the library, which uses only [`decode`].

// The build script uses the encoder, the library only the decoder.
#![allow(dead_code)]

/// Strings of TOML syntax written as one control byte each: the `k`-th as byte `k + 1`
/// (`0x01`..), skipping tab, newline and carriage return. Longest first where one begins
/// another, since the encoder takes the first that matches.
pub(crate) const TOKENS: [&str; 10] =
    ["\",match=[\"", "\",\"", "\"],", "id=\"", "reading", "=false", "},{", "=[\"", "=\"", "\"]"];

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

/// A learned code: its one-byte characters and two-byte blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Code {
    /// The characters written as one byte, most frequent first.
    pub(crate) singles: Vec<char>,
    /// The 256-character blocks (code point >> 8) of the other non-ASCII characters, ascending.
    pub(crate) blocks: Vec<u32>,
}

/// How many characters are written as one byte (at most; fewer when the texts need more
/// blocks): with the blocks they share the 128 bytes from `0x80`.
const MAX_SINGLES: usize = 32;

impl Code {
    /// Learns the code of `texts`: its most frequent non-ASCII characters become one byte.
    pub(crate) fn learn(texts: &[&str]) -> Result<Code, String> {
        let mut counts: std::collections::BTreeMap<char, usize> = std::collections::BTreeMap::new();
        for c in texts.iter().flat_map(|t| t.chars()).filter(|c| !c.is_ascii()) {
            *counts.entry(c).or_default() += 1;
        }
        let mut by_count: Vec<(char, usize)> = counts.into_iter().collect();
        // Most frequent first; ties by code point (the map's order, kept by a stable sort).
        by_count.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
        let all_blocks = |from: usize| {
            let mut blocks: Vec<u32> = by_count.iter().skip(from).map(|&(c, _)| c as u32 >> 8).collect();
            blocks.sort_unstable();
            blocks.dedup();
            blocks
        };
        let mut n = MAX_SINGLES.min(by_count.len());
        while n > 0 && n + all_blocks(n).len() > 128 {
            n -= 1;
        }
        let blocks = all_blocks(n);
        if n + blocks.len() > 128 {
            return Err(format!("{} blocks of 256 characters do not fit in one byte", blocks.len()));
        }
        Ok(Code { singles: by_count.iter().take(n).map(|&(c, _)| c).collect(), blocks })
    }

    /// `text` in this code, or why it cannot be.
    pub(crate) fn encode(&self, text: &str) -> Result<Vec<u8>, String> {
        let mut out = Vec::with_capacity(text.len());
        let mut rest = text;
        'next: while let Some(c) = rest.chars().next() {
            for (k, t) in TOKENS.iter().enumerate() {
                if let Some(after) = rest.strip_prefix(t) {
                    out.push(token_byte(k));
                    rest = after;
                    continue 'next;
                }
            }
            rest = rest.get(c.len_utf8()..).unwrap_or_default();
            if matches!(c, '\t' | '\n' | '\r' | ' '..='~') {
                out.push(c as u8);
            } else if c.is_ascii() {
                return Err(format!("control character U+{:04X}", c as u32));
            } else if let Some(i) = self.singles.iter().position(|&s| s == c) {
                out.push(0x80 + i as u8);
            } else if let Some(j) = self.blocks.iter().position(|&b| b == c as u32 >> 8) {
                out.push((0x80 + self.singles.len() + j) as u8);
                out.push((c as u32 & 0xFF) as u8);
            } else {
                return Err(format!("{c:?} is in no block of the code"));
            }
        }
        Ok(out)
    }
}

/// The text `bytes` encode with the code `singles`, `blocks` (a byte that means nothing in
/// it is skipped: `build.rs` checks that every text decodes to itself).
pub(crate) fn decode(singles: &[char], blocks: &[u32], bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3 / 2);
    let mut it = bytes.iter();
    while let Some(&b) = it.next() {
        if b >= 0x80 {
            let i = usize::from(b - 0x80);
            if let Some(&c) = singles.get(i) {
                out.push(c);
            } else if let (Some(&block), Some(&low)) = (blocks.get(i - singles.len()), it.next()) {
                out.extend(char::from_u32(block << 8 | u32::from(low)));
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
    decode(&code::SINGLES, &code::BLOCKS, bytes)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn round_trip(texts: &[&str]) -> Code {
        let code = Code::learn(texts).unwrap();
        for t in texts {
            let bytes = code.encode(t).unwrap();
            assert_eq!(decode(&code.singles, &code.blocks, &bytes), *t);
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
        assert_eq!(token_index(0x1F), None);
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
        assert!(code.encode("\u{1}").is_err());
        assert!(code.encode("漢").is_err());
    }

    #[test]
    fn when_many_blocks_are_needed_fewer_characters_are_single() {
        // 40 frequent kana of one block and 100 rare kanji of as many blocks: with 32 kana
        // single, the other 8 and the kanji would need 101 blocks, 133 byte values in all.
        let kana: String = ('ぁ'..='ね').take(40).flat_map(|c| [c, c]).collect();
        let kanji: String = (0..100u32).map(|i| char::from_u32(0x4E00 + i * 256).unwrap()).collect();
        let code = round_trip(&[&kana, &kanji]);
        assert_eq!((code.singles.len(), code.blocks.len()), (27, 101));
        let too_many: String = (0..130u32).map(|i| char::from_u32(0x10000 + i * 256).unwrap()).collect();
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
