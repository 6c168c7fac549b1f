//! Extended grapheme cluster boundaries (UAX #29): what a reader takes for one character
//! (a flag, a family emoji, a kana with its voiced mark, a Devanagari conjunct). Spans are
//! widened to them ([`crate::text::snap_to_graphemes`]) and the fix that removes invisible
//! characters keeps the joiners inside them.
//!
//! The boundaries are those of `unicode-segmentation`, extended clusters: its grapheme
//! break properties are written down, a run of code points per line, in
//! `src/grapheme_breaks.tsv`, which a test derives from that crate's own boundaries and
//! checks for every code point, and other tests compare the boundaries at every position of
//! random texts. (The crate itself is not linked: its tables were about 10 KB of the
//! gzipped WebAssembly module; `build.rs` stores these runs in about 1.5 KB.)

/// The table `build.rs` writes from `src/grapheme_breaks.tsv`.
mod table {
    include!(concat!(env!("OUT_DIR"), "/grapheme_table.rs"));
}

// The grapheme break categories, in the order in which `CATEGORIES` of `build.rs` and of
// the tests name them, then two flags.
const ANY: u8 = 0;
const CR: u8 = 1;
const LF: u8 = 2;
const CONTROL: u8 = 3;
const EXTEND: u8 = 4;
const ZWJ: u8 = 5;
const SPACING_MARK: u8 = 6;
const PREPEND: u8 = 7;
const L: u8 = 8;
const V: u8 = 9;
const T: u8 = 10;
const LV: u8 = 11;
const LVT: u8 = 12;
const RI: u8 = 13;
const PICTOGRAPHIC: u8 = 14;
const CONSONANT: u8 = 15;
/// Flag: `Indic_Conjunct_Break=Linker` (a virama).
const LINKER: u8 = 16;
/// Flag: `Indic_Conjunct_Break=Extend`.
const INCB_EXTEND: u8 = 32;

/// Where each run starts, expanded from the table on first use.
fn starts() -> &'static [u32] {
    static STARTS: std::sync::OnceLock<Vec<u32>> = std::sync::OnceLock::new();
    STARTS.get_or_init(|| {
        let mut out = Vec::with_capacity(table::VALUES.len());
        let (mut at, mut n, mut shift) = (0u32, 0u32, 0u32);
        for &b in table::STARTS.iter() {
            n |= u32::from(b & 0x7F) << shift;
            shift += 7;
            if b & 0x80 == 0 {
                at += n;
                out.push(at);
                (n, shift) = (0, 0);
            }
        }
        out
    })
}

/// The grapheme break properties of `c`: its category, with [`LINKER`] and [`INCB_EXTEND`].
pub(crate) fn properties(c: char) -> u8 {
    match c {
        ' '..='~' => ANY,
        '\n' => LF,
        '\r' => CR,
        '\0'..='\x1F' => CONTROL,
        _ => {
            let i = starts().partition_point(|&s| s <= c as u32);
            i.checked_sub(1).and_then(|i| table::VALUES.get(i)).copied().unwrap_or(ANY)
        }
    }
}

fn category(c: char) -> u8 {
    properties(c) & 15
}

/// Whether there is a boundary between `before` and `after`, the last character of `head`
/// and the character after it. `ris` is the number of regional indicators that end `head`,
/// when the caller knows it.
fn decide(head: &str, before: char, after: char, ris: Option<usize>) -> bool {
    match (category(before), category(after)) {
        (CR, LF) => false,                                               // GB3
        (CONTROL | CR | LF, _) | (_, CONTROL | CR | LF) => true,         // GB4, GB5
        (L, L | V | LV | LVT) | (LV | V, V | T) | (LVT | T, T) => false, // GB6-GB8
        (_, EXTEND | ZWJ | SPACING_MARK) | (PREPEND, _) => false,        // GB9, GB9a, GB9b
        (_, CONSONANT) => {
            // GB9c: no break after a consonant, then linkers and extenders with at least
            // one linker among them.
            let mut linkers = 0usize;
            for c in head.chars().rev() {
                let p = properties(c);
                if p & LINKER != 0 {
                    linkers += 1;
                } else if p & INCB_EXTEND == 0 {
                    return !(linkers > 0 && p & 15 == CONSONANT);
                }
            }
            true
        }
        (ZWJ, PICTOGRAPHIC) => {
            // GB11: a pictograph, extenders, the joiner (`before`), a pictograph.
            for c in head.chars().rev().skip(1) {
                match category(c) {
                    EXTEND => {}
                    PICTOGRAPHIC => return false,
                    _ => return true,
                }
            }
            true
        }
        (RI, RI) => {
            // GB12, GB13: flags are pairs.
            let n = ris.unwrap_or_else(|| head.chars().rev().take_while(|&c| category(c) == RI).count());
            n % 2 == 0
        }
        _ => true, // GB999
    }
}

/// Whether byte `at` of `text` is a grapheme cluster boundary (the start and the end are;
/// an offset inside a character or past the end counts as one).
pub(crate) fn is_boundary(text: &str, at: usize) -> bool {
    let (Some(head), Some(tail)) = (text.get(..at), text.get(at..)) else { return true };
    match (head.chars().next_back(), tail.chars().next()) {
        (Some(before), Some(after)) => decide(head, before, after, None),
        _ => true,
    }
}

/// The last boundary before byte `at` (0 when there is none).
pub(crate) fn prev_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while at > 0 {
        at = text.get(..at).and_then(|h| h.char_indices().next_back()).map_or(0, |(i, _)| i);
        if is_boundary(text, at) {
            break;
        }
    }
    at
}

/// The first boundary after byte `at` (the end of the text when there is none).
pub(crate) fn next_boundary(text: &str, at: usize) -> usize {
    let mut at = at;
    while at < text.len() {
        at += text.get(at..).and_then(|t| t.chars().next()).map_or(1, char::len_utf8);
        if is_boundary(text, at) {
            break;
        }
    }
    at.min(text.len())
}

/// The grapheme clusters of `text` with their byte offsets, in order.
pub(crate) fn clusters(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0usize;
    std::iter::from_fn(move || {
        let rest = text.get(start..)?;
        let mut chars = rest.char_indices();
        let (_, mut before) = chars.next()?;
        // The regional indicators before each position, counted as the cluster grows (a
        // long run of them stays linear). A cluster starts after an even number of them.
        let mut ris = usize::from(category(before) == RI);
        let mut end = rest.len();
        for (i, after) in chars {
            let head = text.get(..start + i).unwrap_or_default();
            if decide(head, before, after, Some(ris)) {
                end = i;
                break;
            }
            ris = if category(after) == RI { ris + 1 } else { 0 };
            before = after;
        }
        let at = start;
        start += end;
        Some((at, rest.get(..end).unwrap_or_default()))
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

    /// The grapheme break categories (a category is its index here, as in `build.rs`).
    const CATEGORIES: [&str; 16] = include!("grapheme_categories.rs");

    /// No boundary before `parts[at]` in the concatenation of `parts`, by
    /// `unicode-segmentation`.
    fn joined(parts: &[&str], at: usize) -> bool {
        // On the stack: this runs some ten million times.
        let mut buf = [0u8; 32];
        let (mut len, mut pos) = (0, 0);
        for (i, p) in parts.iter().enumerate() {
            if i == at {
                pos = len;
            }
            buf[len..len + p.len()].copy_from_slice(p.as_bytes());
            len += p.len();
        }
        let text = std::str::from_utf8(&buf[..len]).unwrap();
        !GraphemeCursor::new(pos, len, true).is_boundary(text, 0).unwrap()
    }

    /// The grapheme break properties of `c` as `unicode-segmentation` shows them: what it
    /// does with `c` between characters whose properties are known.
    fn probed(c: char) -> u8 {
        let mut buf = [0; 4];
        let x: &str = c.encode_utf8(&mut buf);
        let category = match c {
            '\r' => CR,
            '\n' => LF,
            _ if joined(&["a", x], 1) => {
                if joined(&["😀", x, "😀"], 2) {
                    ZWJ
                } else if joined(&["😀", x, "\u{200D}", "😀"], 3) {
                    EXTEND
                } else {
                    SPACING_MARK
                }
            }
            _ if joined(&[x, "a"], 1) => PREPEND,
            _ if !joined(&[x, "\u{300}"], 1) => CONTROL,
            _ if joined(&["\u{1100}", x], 1) => {
                if !joined(&[x, "\u{1161}"], 1) {
                    LVT
                } else if !joined(&[x, "\u{11A8}"], 1) {
                    L
                } else if joined(&["\u{1161}", x], 1) {
                    V
                } else {
                    LV
                }
            }
            _ if joined(&[x, "\u{11A8}"], 1) && joined(&["\u{11A8}", x], 1) => T,
            _ if joined(&["\u{1F1E6}", x], 1) => RI,
            _ if joined(&["😀", "\u{200D}", x], 2) => PICTOGRAPHIC,
            _ if joined(&["\u{915}\u{94D}", x], 1) => CONSONANT,
            _ => ANY,
        };
        // क + c + an extender + क is one cluster when c is a linker; क् + c + ् + क when c is
        // a linker or an extender (or a consonant).
        if joined(&["\u{915}", x, "\u{300}", "\u{915}"], 3) {
            category | LINKER
        } else if category != CONSONANT && joined(&["\u{915}\u{94D}", x, "\u{94D}", "\u{915}"], 3) {
            category | INCB_EXTEND
        } else {
            category
        }
    }

    /// `src/grapheme_breaks.tsv` as `unicode-segmentation` makes it.
    fn probed_table() -> String {
        let mut out = String::from(
            "# Grapheme cluster break properties (UAX #29) as unicode-segmentation gives them, one run of code points\n\
             # a line: its first code point, its category, and `linker` / `extend` for Indic_Conjunct_Break=Linker\n\
             # or Extend. Generated by a test of src/grapheme.rs from that crate's boundaries; do not edit: run\n\
             # HATSUGEN_BLESS=1 cargo test -p hatsugen --lib grapheme (after updating the crate, for a new Unicode).\n",
        );
        let mut last = None;
        for cp in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(cp) else { continue };
            let p = probed(c);
            if last == Some(p) {
                continue;
            }
            last = Some(p);
            out.push_str(&format!("{cp:04X}\t{}", CATEGORIES[usize::from(p & 15)]));
            if p & LINKER != 0 {
                out.push_str("\tlinker");
            }
            if p & INCB_EXTEND != 0 {
                out.push_str("\textend");
            }
            out.push('\n');
        }
        out
    }

    #[test]
    fn the_table_is_what_unicode_segmentation_does_for_every_code_point() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/grapheme_breaks.tsv");
        let probed = probed_table();
        if std::env::var_os("HATSUGEN_BLESS").is_some() {
            std::fs::write(path, &probed).unwrap();
        }
        assert!(
            std::fs::read_to_string(path).unwrap() == probed,
            "src/grapheme_breaks.tsv is out of date: HATSUGEN_BLESS=1 cargo test -p hatsugen --lib grapheme"
        );
        // And the table build.rs compiled from it says the same.
        let mut runs = probed.lines().filter(|l| !l.starts_with('#')).peekable();
        let mut want = ANY;
        for cp in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(cp) else { continue };
            if let Some(line) = runs.next_if(|l| u32::from_str_radix(l.split('\t').next().unwrap(), 16).unwrap() == cp)
            {
                let mut cols = line.split('\t').skip(1);
                let name = cols.next().unwrap();
                want = CATEGORIES.iter().position(|n| *n == name).unwrap() as u8;
                for flag in cols {
                    want |= if flag == "linker" { LINKER } else { INCB_EXTEND };
                }
            }
            assert_eq!(properties(c), want, "U+{cp:04X}");
        }
    }

    /// Characters of every kind, those the rules name first.
    const SPECIAL: &str = "a \r\n\t\u{7F}\u{85}\u{AD}\u{300}\u{301}\u{200C}\u{200D}\u{FE0F}\u{E0100}\u{3099}\u{309A}\
             \u{600}\u{110BD}\u{903}\u{93F}\u{94D}\u{9CD}\u{915}\u{916}\u{995}\u{1100}\u{1161}\u{11A8}가각\
             \u{1F1E6}\u{1F1EF}\u{1F1F5}😀👨👩👧❤\u{1F3FB}©あア漢ｶﾞ゛";

    /// [`SPECIAL`], then the first character of every run of the table and the one before it.
    fn alphabet() -> Vec<char> {
        let mut out: Vec<char> = SPECIAL.chars().collect();
        out.extend(starts().iter().flat_map(|&s| [s, s.saturating_sub(1)]).filter_map(char::from_u32));
        out
    }

    /// A random text of up to 12 characters, half of them from the first characters of
    /// the alphabet (the kinds the rules name).
    fn random_text(alphabet: &[char], seed: &mut u64) -> String {
        let mut next = || {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            *seed
        };
        let n = next() % 13;
        (0..n)
            .map(|_| {
                let pool = if next() % 2 == 0 { SPECIAL.chars().count() } else { alphabet.len() };
                alphabet[(next() % pool as u64) as usize]
            })
            .collect()
    }

    #[test]
    fn boundaries_are_unicode_segmentations_in_random_texts() {
        let alphabet = alphabet();
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..30_000 {
            let text = random_text(&alphabet, &mut seed);
            let theirs: Vec<(usize, &str)> = text.grapheme_indices(true).collect();
            assert_eq!(clusters(&text).collect::<Vec<_>>(), theirs, "{text:?}");
            for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let mut cursor = GraphemeCursor::new(at, text.len(), true);
                assert_eq!(is_boundary(&text, at), cursor.is_boundary(&text, 0).unwrap(), "{text:?} at {at}");
                let prev = GraphemeCursor::new(at, text.len(), true).prev_boundary(&text, 0).unwrap();
                if let Some(p) = prev {
                    assert_eq!(prev_boundary(&text, at), p, "{text:?} before {at}");
                }
                let next = GraphemeCursor::new(at, text.len(), true).next_boundary(&text, 0).unwrap();
                if let Some(n) = next {
                    assert_eq!(next_boundary(&text, at), n, "{text:?} after {at}");
                }
            }
        }
    }

    #[test]
    fn flags_families_conjuncts_and_voiced_kana() {
        let parts = |t: &str| clusters(t).map(|(_, g)| g.to_owned()).collect::<Vec<_>>();
        assert_eq!(parts("🇯🇵🇺🇸🇫"), ["🇯🇵", "🇺🇸", "🇫"]);
        assert_eq!(parts("👨\u{200D}👩\u{200D}👧!"), ["👨\u{200D}👩\u{200D}👧", "!"]);
        assert_eq!(parts("क्षि"), ["क्षि"]);
        assert_eq!(parts("か\u{3099}\r\n"), ["か\u{3099}", "\r\n"]);
        assert_eq!(parts(""), Vec::<String>::new());
        // A long run of flags stays paired (and linear).
        let flags = "🇯🇵".repeat(5000);
        assert!(clusters(&flags).all(|(_, g)| g == "🇯🇵"));
        assert!(is_boundary("🇯🇵🇯", 8) && !is_boundary("🇯🇵🇯", 4));
        assert!(is_boundary("a", 7) && is_boundary("あ", 1));
    }
}
