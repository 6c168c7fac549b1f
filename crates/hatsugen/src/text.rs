//! Text normalisation with an offset map back to the original.
//!
//! Matching happens on a folded copy of the text so that full-width and half-width
//! forms, katakana and hiragana, upper and lower case, zero-width characters and
//! characters spaced apart all match the same lexicon term. Every byte of the folded
//! copy remembers which bytes of the original produced it, so a match maps back to a
//! span of the original text, widened to whole grapheme clusters.
//!
//! The folding, in order, for each character of the original:
//! 1. format and zero-width characters (U+200B–U+200F, U+2060–U+2064, U+FEFF, U+00AD,
//!    variation selectors, bidi controls) are dropped;
//! 2. NFKC, per character (except for scripts no Japanese post dresses up in: Arabic and
//!    Hebrew presentation forms, Hangul compatibility letters, Tibetan, the compatibility
//!    ideographs of Korean and Taiwanese standards; see `fold_scope.rs`); a (half-width or
//!    combining) voiced sound mark is composed with the kana before it, so `ｶﾞ` and `カ゛`
//!    become `が`;
//! 3. katakana fold to hiragana, the small vowels (ぁぃぅぇぉゎ) to their full size, ASCII
//!    to lower case;
//! 4. whitespace is dropped, except that a run of it between two ASCII letters or digits
//!    becomes one space (so English words stay apart);
//! 5. separator punctuation (`・ _ * . - / | ~ ‐ ` and the like) between two Japanese
//!    characters is dropped, so `死・ね` matches `死ね`;
//! 6. a word of Latin letters spelled out one letter at a time (three or more letters, each
//!    alone between single spaces or separators: `L G B T`, `S.A.N.S.E.I.T.O`, `Ｅ Ｒ Ｏ`) is
//!    written without them, so it matches the word (`lgbt`).

use crate::grapheme;
use crate::report::Span;

mod tables {
    include!(concat!(env!("OUT_DIR"), "/fold_tables.rs"));
}

/// The NFKC form of one character, when it differs from the character.
enum Nfkc {
    /// One character.
    Char(char),
    /// Several characters (or none).
    Str(&'static str),
}

/// The code points whose NFKC form is not one character at a constant distance (see
/// `build.rs`): those whose form is one character, with it; the others, with where each
/// one's form ends in `NFKC_FORMS`. Expanded from the compact tables on first use.
struct NfkcIndex {
    one_keys: Vec<u32>,
    one_forms: Vec<u32>,
    keys: Vec<u32>,
    ends: Vec<u32>,
}

/// The numbers of a list of LEB128s.
fn leb128s(bytes: &'static [u8]) -> impl Iterator<Item = u32> {
    let (mut n, mut shift) = (0u32, 0u32);
    bytes.iter().filter_map(move |&b| {
        n |= u32::from(b & 0x7F) << shift;
        shift += 7;
        if b & 0x80 != 0 {
            return None;
        }
        let done = n;
        (n, shift) = (0, 0);
        Some(done)
    })
}

/// Running sums of `deltas`.
fn sums(deltas: impl Iterator<Item = u32>, count: usize) -> Vec<u32> {
    let mut out = Vec::with_capacity(count);
    let mut at = 0u32;
    for d in deltas {
        at = at.wrapping_add(d);
        out.push(at);
    }
    out
}

fn nfkc_index() -> &'static NfkcIndex {
    static INDEX: std::sync::OnceLock<NfkcIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        // Zigzag: 2n for n >= 0, 2|n| - 1 for n < 0.
        let unzigzag = |z: u32| (z >> 1) ^ (z & 1).wrapping_neg();
        NfkcIndex {
            one_keys: sums(leb128s(tables::NFKC_ONE_KEYS), tables::NFKC_ONE_COUNT),
            one_forms: sums(leb128s(tables::NFKC_ONE_FORMS).map(unzigzag), tables::NFKC_ONE_COUNT),
            keys: sums(leb128s(tables::NFKC_DELTAS), tables::NFKC_COUNT),
            ends: sums(tables::NFKC_LENS.iter().map(|&len| u32::from(len)), tables::NFKC_COUNT),
        }
    })
}

/// The NFKC form of `c` alone, when it differs from `c`.
fn nfkc(c: char) -> Option<Nfkc> {
    let cp = c as u32;
    let index = nfkc_index();
    if let Ok(i) = index.one_keys.binary_search(&cp) {
        return index.one_forms.get(i).copied().and_then(char::from_u32).map(Nfkc::Char);
    }
    if let Ok(i) = index.keys.binary_search(&cp) {
        let end = *index.ends.get(i)? as usize;
        let start = i.checked_sub(1).map_or(Some(0), |j| index.ends.get(j).copied())? as usize;
        return tables::NFKC_FORMS.get(start..end).map(Nfkc::Str);
    }
    let i = tables::NFKC_RUNS.partition_point(|&(start, _, _)| start <= cp).checked_sub(1)?;
    let &(start, len, delta) = tables::NFKC_RUNS.get(i)?;
    if cp >= start + len {
        return None;
    }
    char::from_u32(cp.checked_add_signed(delta)?).map(Nfkc::Char)
}

/// A kana followed by a combining voiced sound mark, composed.
fn compose_kana(base: char, mark: char) -> Option<char> {
    let key = (base as u32, mark as u32);
    let i = tables::KANA_COMPOSE.binary_search_by(|&(b, m, _)| (b, m).cmp(&key)).ok()?;
    tables::KANA_COMPOSE.get(i).and_then(|&(_, _, c)| char::from_u32(c))
}

/// Folded text plus the map back to the original.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    text: String,
    /// Whether the original had a masking character (伏せ字: ○ ● × ＊ …).
    has_mask: bool,
    /// Runs of folded bytes, sorted by `fold_start`. Each run either maps byte for byte
    /// onto the original (characters of equal length: most of any text) or is a single
    /// folded character standing for a whole original range (full-width forms, composed
    /// marks, NFKC expansions).
    segs: Vec<Seg>,
    /// For each block of [`BLOCK`] folded bytes, the segment its first byte lies in: a
    /// lookup searches only the few segments of one block. (Not in the WebAssembly build,
    /// which checks posts: it spares the code.)
    #[cfg(not(target_arch = "wasm32"))]
    blocks: Vec<u32>,
}

/// Folded bytes per entry of `Normalized::blocks` (a power of two).
#[cfg(not(target_arch = "wasm32"))]
const BLOCK: usize = 64;

#[derive(Debug, Clone, Copy)]
struct Seg {
    fold_start: u32,
    orig_start: u32,
    /// `None`: byte-for-byte run. `Some(end)`: every byte of the run stands for
    /// `orig_start..end`.
    whole: Option<u32>,
}

fn is_dropped(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{3164}' | '\u{FFA0}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}'
        | '\u{E0000}'..='\u{E0FFF}')
}

/// Characters folding drops between two Japanese characters (、 ・ ～ …) and keeps elsewhere.
pub(crate) fn is_separator(c: char) -> bool {
    matches!(
        c,
        '・' | '_'
            | '*'
            | '.'
            | '-'
            | '/'
            | '|'
            | '~'
            | '‐'
            | '‑'
            | '‒'
            | '–'
            | '—'
            | '―'
            | '〜'
            | '～'
            | '･'
            | '＊'
            | '／'
            | '＿'
            | '＝'
            | '='
            | '+'
            | '#'
            | ','
            | '、'
            | '\\'
            | '^'
            | '`'
            | '\''
            | '"'
            | '·'
            | '•'
            | '※'
            | '☆'
            | '★'
            | '○'
            | '●'
    )
}

fn is_japanese(c: char) -> bool {
    match c {
        // Kana and the main CJK block, most of a Japanese text, are letters; ASCII and the
        // commonest punctuation (、。) are not. The rest asks the Unicode tables.
        '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{30FC}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' => true,
        '\0'..='\u{7F}' | '\u{3000}'..='\u{3004}' => false,
        _ => c.is_alphanumeric() || c == MASK,
    }
}

/// The character a masked folding ([`Normalized::with_masks`]) writes for every masking
/// character.
pub const MASK: char = '○';

/// Characters people write in place of a hidden one (伏せ字), the emoji circles (⚪︎, ⚫)
/// included.
pub fn is_mask(c: char) -> bool {
    matches!(
        c,
        '○' | '●'
            | '◯'
            | '〇'
            | '×'
            | '✕'
            | '＊'
            | '*'
            | '□'
            | '■'
            | '◆'
            | '◇'
            | '▲'
            | '△'
            | '☆'
            | '★'
            | '⚪'
            | '⚫'
    )
}

/// Whether `c` may stand between the letters of a word spelled out letter by letter: a
/// space or a separator (not a mask, a comma or 、).
fn is_letter_gap(c: char) -> bool {
    // Full-width ASCII punctuation (．－＿) as its ASCII form.
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    c.is_whitespace() || (is_separator(c) && !is_mask(c) && !matches!(c, '、' | ','))
}

/// The byte ranges of the gaps of words spelled out one letter at a time (`l g b t`,
/// `s.a.n.s.e.i.t.o`) in folded text: runs of three or more Latin letters, each alone, with
/// one space or one separator between each two (folding has already dropped the spaces
/// around a separator), and neither a Latin letter nor a digit on either side of the run.
/// Dropping these gaps makes the run read as the word it spells.
///
/// Read on the folded text, not the original, so that folding stays idempotent: a character
/// that folds to a letter and a separator (Ŀ is `l·`) spells in the folded text what it
/// spells when the folded text is folded again.
fn spelled_out_gaps(folded: &str) -> Vec<(u32, u32)> {
    let bytes = folded.as_bytes();
    let alnum = |k: Option<usize>| k.and_then(|k| bytes.get(k)).is_some_and(u8::is_ascii_alphanumeric);
    // The letters alone: folded text has Latin letters in ASCII only, and a byte of a longer
    // character is never an ASCII letter or digit, so the bytes either side tell.
    let alone = bytes
        .iter()
        .enumerate()
        .filter(|&(k, b)| b.is_ascii_alphabetic() && !alnum(k.checked_sub(1)) && !alnum(Some(k + 1)))
        .map(|(k, _)| k);
    let mut gaps = Vec::new();
    // The run being read: the gaps between its letters, how many letters, the last one.
    let mut run: Vec<(u32, u32)> = Vec::new();
    let mut letters = 0usize;
    let mut last: Option<usize> = None;
    for k in alone {
        // One gap character between the last letter alone and this one continues the run.
        let between = last.and_then(|l| folded.get(l + 1..k));
        let mut chars = between.map(str::chars);
        match chars.as_mut().map(|c| (c.next(), c.next())) {
            Some((Some(c), None)) if is_letter_gap(c) => run.push(((k - c.len_utf8()) as u32, k as u32)),
            _ => end_run(&mut run, &mut letters, &mut gaps),
        }
        letters += 1;
        last = Some(k);
    }
    end_run(&mut run, &mut letters, &mut gaps);
    gaps
}

/// Ends a run of letters spelled out alone: its gaps are dropped when it has three or more.
#[inline(never)]
fn end_run(run: &mut Vec<(u32, u32)>, letters: &mut usize, gaps: &mut Vec<(u32, u32)>) {
    if *letters >= 3 {
        gaps.append(run);
    }
    run.clear();
    *letters = 0;
}

/// The end of the run of bytes from `i` that folding leaves unchanged: ASCII lower case
/// and digits, hiragana (U+3041–U+3096) but the small vowels, ー (U+30FC), 。「」『』【】
/// (U+3002, U+300C–U+3011) and CJK U+4E00–U+9FFF.
fn plain_run(bytes: &[u8], mut i: usize) -> usize {
    while let Some(&b) = bytes.get(i) {
        let step = match b {
            b'a'..=b'z' | b'0'..=b'9' => 1,
            0xE3 => match (bytes.get(i + 1), bytes.get(i + 2)) {
                // Not the small vowels ぁぃぅぇぉ (E3 81 81/83/85/87/89) nor ゎ (E3 82 8E),
                // which fold to their full size.
                (Some(0x81), Some(0x82 | 0x84 | 0x86 | 0x88 | 0x8A..=0xBF))
                | (Some(0x82), Some(0x80..=0x8D | 0x8F..=0x96))
                | (Some(0x83), Some(0xBC))
                | (Some(0x80), Some(0x82 | 0x8C..=0x91)) => 3,
                _ => return i,
            },
            0xE4 if matches!(bytes.get(i + 1), Some(0xB8..=0xBF)) && i + 3 <= bytes.len() => 3,
            0xE5..=0xE9 if i + 3 <= bytes.len() => 3,
            _ => return i,
        };
        i += step;
    }
    i
}

/// The end of the run of katakana from `i` that folding turns into hiragana one for one
/// (ァ U+30A1 to ヶ U+30F6, three bytes each).
fn katakana_run(bytes: &[u8], mut i: usize) -> usize {
    while let (Some(0xE3), Some(&b1), Some(&b2)) = (bytes.get(i), bytes.get(i + 1), bytes.get(i + 2)) {
        if !matches!((b1, b2), (0x82, 0xA1..=0xBF) | (0x83, 0x80..=0xB6)) {
            break;
        }
        i += 3;
    }
    i
}

/// CJK punctuation that NFKC leaves as it is (not U+3000, the ideographic space, nor
/// U+3036 and U+3038–303A, which it changes).
const JAPANESE_PUNCTUATION: std::ops::RangeInclusive<char> = '\u{3001}'..='\u{3035}';

fn fold_char(c: char) -> char {
    match c {
        'ァ'..='ヶ' | 'ヽ' | 'ヾ' => full_size(char::from_u32(c as u32 - 0x60).unwrap_or(c)),
        'A'..='Z' => c.to_ascii_lowercase(),
        _ => full_size(c),
    }
}

/// The full-size form of a small vowel kana (ぁぃぅぇぉ, ゎ): written small to evade a
/// filter or to drawl (ぅざぃ, しんでほしぃ), they read as the full-size ones, and in a
/// loanword (ファイル, ティー) folding both spellings alike loses nothing. っ, ゃゅょ and
/// ヵヶ are spelling, not size: they stay.
fn full_size(c: char) -> char {
    match c {
        'ぁ' | 'ぃ' | 'ぅ' | 'ぇ' | 'ぉ' => char::from_u32(c as u32 + 1).unwrap_or(c),
        'ゎ' => 'わ',
        _ => c,
    }
}

struct Builder<'a> {
    out: &'a mut Normalized,
    /// Masked folding: masking characters are kept, as [`MASK`].
    keep_masks: bool,
    /// Pending separators: (char, original start, original end).
    pending: Vec<(char, u32, u32)>,
    pending_space: bool,
    last: Option<char>,
}

impl Builder<'_> {
    /// Appends one folded character that stands for `start..end` of the original.
    fn push_raw(&mut self, c: char, start: u32, end: u32) {
        let at = self.out.text.len() as u32;
        let same_len = (end - start) as usize == c.len_utf8();
        let continues = same_len
            && self.out.segs.last().is_some_and(|s| s.whole.is_none() && s.orig_start + (at - s.fold_start) == start);
        if !continues {
            let whole = if same_len { None } else { Some(end) };
            self.out.segs.push(Seg { fold_start: at, orig_start: start, whole });
        }
        self.out.text.push(c);
        self.last = Some(c);
    }

    /// Widens the last folded character to stand for the original up to `end` as well.
    fn extend_last(&mut self, end: u32) {
        let Some(last) = self.last else { return };
        if let Some(start) = self.out.pop_last(last) {
            self.push_raw(last, start, end);
        }
    }

    fn flush_pending(&mut self, next: char) {
        if self.pending.is_empty() && !self.pending_space {
            return;
        }
        let prev = self.last;
        let between_japanese = prev.is_some_and(is_japanese) && is_japanese(next);
        if !between_japanese {
            let had_sep = !self.pending.is_empty();
            // By index: the buffer keeps its capacity for the next separators.
            for k in 0..self.pending.len() {
                if let Some(&(c, s, e)) = self.pending.get(k) {
                    self.push_raw(c, s, e);
                }
            }
            if !had_sep
                && self.pending_space
                && prev.is_some_and(|p| p.is_ascii_alphanumeric())
                && next.is_ascii_alphanumeric()
            {
                let at = self.out.original_end_of_last();
                self.push_raw(' ', at, at);
            }
        }
        self.pending.clear();
        self.pending_space = false;
    }

    /// A run of characters that folding leaves unchanged.
    fn put_run(&mut self, run: &str, start: u32) {
        let (Some(first), Some(last)) = (run.chars().next(), run.chars().next_back()) else { return };
        if !self.pending.is_empty() || self.pending_space {
            self.flush_pending(first);
        }
        let at = self.out.text.len() as u32;
        let continues =
            self.out.segs.last().is_some_and(|s| s.whole.is_none() && s.orig_start + (at - s.fold_start) == start);
        if !continues {
            self.out.segs.push(Seg { fold_start: at, orig_start: start, whole: None });
        }
        self.out.text.push_str(run);
        self.last = Some(last);
    }

    /// A run of katakana, each folded to its hiragana (same length, so one segment).
    fn put_katakana_run(&mut self, run: &str, start: u32) {
        let (Some(first), Some(last)) = (run.chars().next(), run.chars().next_back()) else { return };
        if !self.pending.is_empty() || self.pending_space {
            self.flush_pending(fold_char(first));
        }
        let at = self.out.text.len() as u32;
        let continues =
            self.out.segs.last().is_some_and(|s| s.whole.is_none() && s.orig_start + (at - s.fold_start) == start);
        if !continues {
            self.out.segs.push(Seg { fold_start: at, orig_start: start, whole: None });
        }
        self.out.text.extend(run.chars().map(fold_char));
        self.last = Some(fold_char(last));
    }

    /// A character that is neither space nor separator nor combining mark.
    #[inline]
    fn put(&mut self, c: char, start: u32, end: u32) {
        if !self.pending.is_empty() || self.pending_space {
            self.flush_pending(c);
        }
        // A run of long-vowel marks is one (とーーひょーー).
        if c == 'ー' && self.last == Some('ー') {
            self.extend_last(end);
            return;
        }
        self.push_raw(c, start, end);
    }

    fn emit(&mut self, c: char, start: u32, end: u32) {
        if is_mask(c) {
            self.out.has_mask = true;
            if self.keep_masks {
                self.put(MASK, start, end);
                return;
            }
        }
        if c.is_whitespace() {
            if self.last.is_some() {
                self.pending_space = true;
            }
            return;
        }
        if is_separator(c) {
            if self.last.is_some() {
                self.pending.push((c, start, end));
            } else {
                self.push_raw(c, start, end);
            }
            return;
        }
        if matches!(c, '\u{3099}' | '\u{309A}') {
            if let Some(prev) = self.last {
                if let Some(composed) = compose_kana(prev, c) {
                    // Spacing between the kana and its mark would be dropped anyway: the
                    // composed kana is Japanese on both sides of it.
                    self.pending.clear();
                    self.pending_space = false;
                    let prev_start = self.out.pop_last(prev).unwrap_or(start);
                    self.push_raw(fold_char(composed), prev_start, end);
                    return;
                }
            }
        }
        self.put(fold_char(c), start, end);
    }

    fn finish(&mut self) {
        // Trailing separators are kept (they may end an ASCII term); trailing space is not.
        let pending = std::mem::take(&mut self.pending);
        for (c, s, e) in pending {
            self.push_raw(c, s, e);
        }
        self.pending_space = false;
    }
}

impl Normalized {
    /// Folds `original` and records the offset map.
    pub fn new(original: &str) -> Normalized {
        Normalized::build(original, false)
    }

    /// Folds `original` keeping masking characters (伏せ字), each written as [`MASK`], where
    /// [`Normalized::new`] drops them as separators between Japanese characters.
    pub fn with_masks(original: &str) -> Normalized {
        Normalized::build(original, true)
    }

    /// Whether the original had a masking character.
    pub fn has_mask(&self) -> bool {
        self.has_mask
    }

    fn build(original: &str, keep_masks: bool) -> Normalized {
        // Segments start where folding changes the text: a few per sentence of Japanese.
        let segs = Vec::with_capacity(original.len() / 16 + 4);
        let mut out = Normalized {
            text: String::with_capacity(original.len()),
            has_mask: false,
            segs,
            #[cfg(not(target_arch = "wasm32"))]
            blocks: Vec::new(),
        };
        let mut b = Builder { out: &mut out, keep_masks, pending: Vec::new(), pending_space: false, last: None };
        let bytes = original.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // Fast path: a run of characters folding leaves as they are (ASCII lower case
            // and digits, hiragana, ー, the main CJK block) is copied in one go.
            // Then a run of katakana, folded to hiragana one for one.
            let plain = plain_run(bytes, i);
            let (run, katakana) = if plain > i { (plain, false) } else { (katakana_run(bytes, i), true) };
            if run > i {
                if let Some(s) = original.get(i..run) {
                    if katakana {
                        b.put_katakana_run(s, i as u32);
                    } else {
                        b.put_run(s, i as u32);
                    }
                }
                i = run;
                continue;
            }
            let Some(c) = original.get(i..).and_then(|s| s.chars().next()) else { break };
            let start = i as u32;
            i += c.len_utf8();
            let end = i as u32;
            match c {
                'A'..='Z' | 'ァ'..='ヶ' => b.put(fold_char(c), start, end),
                // ASCII and the commonest Japanese punctuation (、。「」『』【】〜), which NFKC
                // leaves as they are.
                _ if c.is_ascii() || JAPANESE_PUNCTUATION.contains(&c) => b.emit(c, start, end),
                _ if is_dropped(c) => {}
                // Spacing voiced sound marks: NFKC gives a space plus the combining mark.
                '゛' => b.emit('\u{3099}', start, end),
                '゜' => b.emit('\u{309A}', start, end),
                _ => match nfkc(c) {
                    None => b.emit(c, start, end),
                    Some(Nfkc::Char(d)) if !is_dropped(d) => b.emit(d, start, end),
                    Some(Nfkc::Char(_)) => {}
                    Some(Nfkc::Str(form)) => {
                        for d in form.chars().filter(|d| !is_dropped(*d)) {
                            b.emit(d, start, end);
                        }
                    }
                },
            }
        }
        b.finish();
        let gaps = spelled_out_gaps(&out.text);
        if !gaps.is_empty() {
            out.drop_folded(&gaps);
        }
        // A short text has few segments: a binary search over them all does.
        #[cfg(not(target_arch = "wasm32"))]
        if out.text.len() >= 8 * BLOCK {
            out.blocks = out.block_index();
        }
        out
    }

    /// Removes the folded byte ranges `gaps` (sorted, disjoint, on character boundaries)
    /// from the text and its offset map: what is left keeps pointing where it did.
    fn drop_folded(&mut self, gaps: &[(u32, u32)]) {
        let old_text = std::mem::take(&mut self.text);
        let old_segs = std::mem::take(&mut self.segs);
        let total = old_text.len() as u32;
        let mut gaps = gaps.iter().copied().peekable();
        for (k, seg) in old_segs.iter().enumerate() {
            let seg_end = old_segs.get(k + 1).map_or(total, |n| n.fold_start);
            // The pieces of this segment outside every gap.
            let mut from = seg.fold_start;
            let mut pushed = false;
            while from < seg_end {
                while gaps.peek().is_some_and(|&(_, e)| e <= from) {
                    gaps.next();
                }
                let (to, skip_to) = match gaps.peek() {
                    Some(&(s, e)) if s <= from => (from, e.min(seg_end)),
                    Some(&(s, e)) if s < seg_end => (s, e.min(seg_end)),
                    _ => (seg_end, seg_end),
                };
                if to > from {
                    let at = self.text.len() as u32;
                    let piece = Seg {
                        fold_start: at,
                        orig_start: match seg.whole {
                            Some(_) => seg.orig_start,
                            None => seg.orig_start + (from - seg.fold_start),
                        },
                        whole: seg.whole,
                    };
                    // A whole segment stands for its original range once, however split:
                    // its pieces are one segment again once the gap between them is gone.
                    if seg.whole.is_none() || !pushed {
                        self.segs.push(piece);
                        pushed = true;
                    }
                    self.text.push_str(old_text.get(from as usize..to as usize).unwrap_or(""));
                }
                from = skip_to.max(to);
            }
        }
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// For each block of [`BLOCK`] folded bytes, the index of the segment its first byte
    /// lies in.
    #[cfg(not(target_arch = "wasm32"))]
    fn block_index(&self) -> Vec<u32> {
        let n = self.text.len() / BLOCK + 1;
        let mut blocks = Vec::with_capacity(n);
        let mut seg = 0usize;
        for k in 0..n {
            let at = (k * BLOCK) as u32;
            while self.segs.get(seg + 1).is_some_and(|s| s.fold_start <= at) {
                seg += 1;
            }
            blocks.push(seg as u32);
        }
        blocks
    }

    /// The segment folded byte `folded` lies in.
    fn seg_at(&self, folded: usize) -> Option<&Seg> {
        // While folding, the byte asked about is in the last segment.
        if let Some(last) = self.segs.last().filter(|s| s.fold_start as usize <= folded) {
            return Some(last);
        }
        // It is one of the segments from that of its block's first byte to that of the
        // next block's (any segment in the WebAssembly build).
        #[cfg(not(target_arch = "wasm32"))]
        let (lo, hi) = match (self.blocks.get(folded / BLOCK), self.blocks.get(folded / BLOCK + 1)) {
            (Some(&lo), Some(&hi)) => (lo as usize, hi as usize + 1),
            _ => (0, self.segs.len()),
        };
        #[cfg(target_arch = "wasm32")]
        let (lo, hi) = (0, self.segs.len());
        let i = lo + self.segs.get(lo..hi)?.partition_point(|s| s.fold_start as usize <= folded);
        self.segs.get(i.checked_sub(1)?)
    }

    fn original_end_of_last(&self) -> u32 {
        match self.text.len().checked_sub(1).and_then(|i| self.seg_at(i).map(|s| (i, s))) {
            Some((_, Seg { whole: Some(end), .. })) => *end,
            Some((i, s)) => s.orig_start + (i as u32 - s.fold_start) + 1,
            None => 0,
        }
    }

    /// Removes the last folded character `prev`; returns the original start it stood for.
    fn pop_last(&mut self, prev: char) -> Option<u32> {
        let at = self.text.len().checked_sub(prev.len_utf8())?;
        let seg = *self.seg_at(at)?;
        let orig = seg.whole.map_or(seg.orig_start + (at as u32 - seg.fold_start), |_| seg.orig_start);
        self.text.truncate(at);
        if self.segs.last().is_some_and(|s| s.fold_start as usize >= at) {
            self.segs.pop();
        }
        Some(orig)
    }

    /// Maps a byte range of the original text to the folded bytes that stand for it: the
    /// first folded character that starts inside it to the last one that ends inside it.
    /// `None` when no folded character lies within.
    pub fn folded_range(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let mut from = None;
        let mut to = None;
        for (i, seg) in self.segs.iter().enumerate() {
            let fold_end = self.segs.get(i + 1).map_or(self.text.len() as u32, |n| n.fold_start);
            let (os, oe) = match seg.whole {
                Some(e) => (seg.orig_start, e),
                None => (seg.orig_start, seg.orig_start + (fold_end - seg.fold_start)),
            };
            if oe as usize <= start {
                continue;
            }
            if os as usize >= end {
                break;
            }
            let (fs, fe) = match seg.whole {
                Some(_) => (seg.fold_start, fold_end),
                None => {
                    let s = (start as u32).max(os) - os + seg.fold_start;
                    let e = (end as u32).min(oe) - os + seg.fold_start;
                    (s, e)
                }
            };
            if seg.whole.is_some() && ((os as usize) < start || (oe as usize) > end) {
                continue;
            }
            from.get_or_insert(fs as usize);
            to = Some(fe as usize);
        }
        let (s, e) = (from?, to?);
        let s = (s..=e).find(|&i| self.text.is_char_boundary(i))?;
        let e = (s..=e).rev().find(|&i| self.text.is_char_boundary(i))?;
        (s < e).then_some((s, e))
    }

    /// Maps a byte range of the folded text to the original bytes that produced it.
    /// Returns `None` for an empty or out-of-range span.
    pub fn original_range(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        if start >= end || end > self.text.len() {
            return None;
        }
        let first = self.seg_at(start)?;
        let s = first.whole.map_or(first.orig_start + (start as u32 - first.fold_start), |_| first.orig_start);
        let last_byte = end - 1;
        let last = self.seg_at(last_byte)?;
        let e = last.whole.unwrap_or(last.orig_start + (last_byte as u32 - last.fold_start) + 1);
        Some((s as usize, e.max(s) as usize))
    }
}

/// The byte offsets where sentences of `text` start (after the first).
///
/// A sentence ends after a run of 。．！？!? or a line break, but not inside brackets:
/// in 「消えろ！」って言われた the quoted words and the verb of saying stay one sentence.
/// (Unicode's sentence boundaries break after the closing bracket there, so they are not
/// used.) Brackets are counted up to a small depth and forgotten at a line break, so an
/// unclosed one cannot swallow the rest of a text.
pub fn sentence_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut depth: u8 = 0;
    let mut ended = false;
    for (i, c) in text.char_indices() {
        let closes = matches!(c, '」' | '』' | '）' | ')' | '】' | '”' | '〉' | '》');
        let end = matches!(c, '。' | '．' | '！' | '？' | '!' | '?' | '\n' | '\r');
        if ended && !end && !closes {
            starts.push(i);
            ended = false;
        }
        match c {
            '「' | '『' | '（' | '(' | '【' | '“' | '〈' | '《' => depth = depth.saturating_add(1).min(8),
            _ if closes => depth = depth.saturating_sub(1),
            '\n' | '\r' => depth = 0,
            _ => {}
        }
        if end && (depth == 0 || matches!(c, '\n' | '\r')) {
            ended = true;
        }
    }
    starts
}

/// Folds a lexicon term the same way as text, without keeping the map.
pub fn fold(term: &str) -> String {
    // Most lexicon spellings are already folded (kanji, hiragana, lower-case ASCII).
    if plain_run(term.as_bytes(), 0) == term.len() {
        return term.to_owned();
    }
    Normalized::new(term).text
}

/// Widens `[start, end)` of `text` to whole grapheme clusters and to any zero-width
/// characters that trail it inside the same cluster.
pub fn snap_to_graphemes(text: &str, start: usize, end: usize) -> Span {
    let len = text.len();
    let mut s = start.min(len);
    let mut e = end.min(len).max(s);
    if !grapheme::is_boundary(text, s) {
        s = grapheme::prev_boundary(text, s);
    }
    if e > s && !grapheme::is_boundary(text, e) {
        e = grapheme::next_boundary(text, e);
    }
    Span::new(s, e)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn orig<'a>(n: &Normalized, text: &'a str, needle: &str) -> &'a str {
        let f = fold(needle);
        let at = n.as_str().find(&f).unwrap();
        let (s, e) = n.original_range(at, at + f.len()).unwrap();
        &text[s..e]
    }

    #[test]
    fn generated_tables_agree_with_unicode_normalization() {
        use unicode_normalization::UnicodeNormalization;
        for cp in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(cp) else { continue };
            let left = !crate::fold_scope::folded_script(cp);
            let expected: String = if left { c.to_string() } else { std::iter::once(c).nfkc().collect() };
            let got = match nfkc(c) {
                None => c.to_string(),
                Some(Nfkc::Char(d)) => d.to_string(),
                Some(Nfkc::Str(s)) => s.to_owned(),
            };
            assert_eq!(got, expected, "U+{cp:04X}");
        }
        for base in ('\u{3000}'..='\u{30FF}').chain(['a', '漢']) {
            for mark in ['\u{3099}', '\u{309A}'] {
                assert_eq!(compose_kana(base, mark), unicode_normalization::char::compose(base, mark), "{base}");
            }
        }
    }

    #[test]
    fn japanese_characters_are_told_as_by_the_unicode_tables() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_japanese(c), (!c.is_ascii() && c.is_alphanumeric()) || c == MASK, "U+{:04X}", c as u32);
        }
    }

    /// Folded spans map back as a search of every segment maps them.
    #[test]
    fn original_ranges_found_by_block_as_by_a_search_of_every_segment() {
        use proptest::prelude::*;
        let piece = prop::sample::select(vec![
            "あ", "ア", "ｶﾞ", "漢", "a", "B", " ", "　", "、", "・", "-", "\u{200B}", "①", "ー", "ーー", "ＡＢ", "👍🏽",
            "。", "\n",
        ]);
        proptest!(|(pieces in prop::collection::vec(piece, 0..400), cuts in prop::collection::vec((0usize..2000, 1usize..40), 1..40))| {
            let text = pieces.concat();
            let n = Normalized::new(&text);
            let reference = |folded: usize| {
                let i = n.segs.partition_point(|s| s.fold_start as usize <= folded);
                n.segs.get(i.checked_sub(1)?)
            };
            let want = |start: usize, end: usize| {
                if start >= end || end > n.text.len() {
                    return None;
                }
                let first = reference(start)?;
                let s = first.whole.map_or(first.orig_start + (start as u32 - first.fold_start), |_| first.orig_start);
                let last = reference(end - 1)?;
                let e = last.whole.unwrap_or(last.orig_start + (end as u32 - 1 - last.fold_start) + 1);
                Some((s as usize, e.max(s) as usize))
            };
            for &(start, len) in &cuts {
                let start = start % (n.text.len() + 1);
                prop_assert_eq!(n.original_range(start, start + len), want(start, start + len));
            }
        });
    }

    /// What a run copies as it is would be written as it is one by one: no change of form,
    /// nothing dropped, no separator, space, mask or voiced mark (ー aside: a run keeps
    /// its repetitions).
    #[test]
    fn plain_runs_hold_only_characters_folding_keeps() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            if plain_run(bytes, 0) != bytes.len() || c == 'ー' {
                continue;
            }
            assert!(
                nfkc(c).is_none()
                    && fold_char(c) == c
                    && !is_dropped(c)
                    && !is_separator(c)
                    && !is_mask(c)
                    && !c.is_whitespace()
                    && !matches!(c, '\u{3099}' | '\u{309A}' | '゛' | '゜'),
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn japanese_punctuation_is_its_own_nfkc_form() {
        for c in JAPANESE_PUNCTUATION {
            assert!(nfkc(c).is_none() && !is_dropped(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn folds_width_kana_case() {
        assert_eq!(fold("ＡＢＣ１２３"), "abc123");
        assert_eq!(fold("ｶﾞｲｼﾞ"), "がいじ");
        assert_eq!(fold("カ゛イシ゛"), "がいじ");
        assert_eq!(fold("バカ"), "ばか");
        assert_eq!(fold("Off The Record"), "off the record");
        assert_eq!(fold("①"), "1");
    }

    #[test]
    fn small_vowels_fold_to_full_size_and_map_back() {
        assert_eq!(fold("かちょー ぅざぃ しんでほしぃ"), "かちょーうざいしんでほしい");
        assert_eq!(fold("ｳｻﾞｨ"), "うざい");
        assert_eq!(fold("ファイル"), fold("フアイル"));
        assert_eq!(fold("ゎたし"), "わたし");
        // Spelling, not size: っ, ゃゅょ and ヶ stay.
        assert_eq!(fold("ちょっと3ヶ月"), "ちょっと3ゖ月");
        let t = "あぃつ、ぅざぃ";
        let n = Normalized::new(t);
        let at = n.as_str().find("うざい").unwrap_or(usize::MAX);
        let (s, e) = n.original_range(at, at + "うざい".len()).unwrap_or_default();
        assert_eq!(t.get(s..e), Some("ぅざぃ"));
    }

    #[test]
    fn drops_zero_width_and_spacing_between_japanese() {
        assert_eq!(fold("死\u{200B}ね"), "死ね");
        assert_eq!(fold("死 ね"), "死ね");
        assert_eq!(fold("死　・　ね"), "死ね");
        assert_eq!(fold("死.ね"), "死ね");
        assert_eq!(fold("a  b"), "a b");
        assert_eq!(fold("10.5"), "10.5");
        assert_eq!(fold("あ b"), "あb");
    }

    #[test]
    fn joins_words_spelled_out_letter_by_letter() {
        assert_eq!(fold("L G B T とか"), "lgbtとか");
        assert_eq!(fold("S.A.N.S.E.I.T.O に投票"), "sanseitoに投票");
        assert_eq!(fold("Ｅ Ｒ Ｏ 画像"), "ero画像");
        assert_eq!(fold("g a i j i n お断り"), "gaijinお断り");
        // Two letters, words, an initial and a version number stay as they are.
        assert_eq!(fold("a b"), "a b");
        assert_eq!(fold("plan A B too"), "plan a b too");
        assert_eq!(fold("k y o u no gohan"), "kyou no gohan");
        assert_eq!(fold("J. R. Smith"), "j.r.smith");
        assert_eq!(fold("1.2.3"), "1.2.3");
        assert_eq!(fold("a  b  c"), "abc");
        // A gap folding shortens (. and a space) joins too, so folding stays idempotent.
        assert_eq!(fold("example.o. p`c資料"), "example.opc資料");
        assert_eq!(fold(&fold("example.o. p`c資料")), fold("example.o. p`c資料"));
        assert_eq!(fold("a.-b.-c"), "a.-b.-c");
        assert_eq!(fold("a○b○c"), "a○b○c");
        assert_eq!(fold("あのL G B Tが"), "あのlgbtが");
        assert_eq!(fold("第2 A B C"), "第2 abc");
        assert_eq!(fold("A1 B C"), "a1 b c");
        // Letters in another form folding makes Latin (𝑍, ⓐ) count, as in the folded text.
        assert_eq!(fold("l.e 𝑍🏽"), fold(&fold("l.e 𝑍🏽")));
        assert_eq!(fold("𝑳 𝑮 𝑩 𝑻"), "lgbt");
        // Ŀ folds to a letter and a separator (l·): the folded text spells l·b#a, whatever
        // the original spelled, and folding it again changes nothing.
        for text in [":+ĿB#A~~", "ĿB.A", "x Ŀ b c"] {
            assert_eq!(fold(text), fold(&fold(text)), "{text}");
        }
        assert_eq!(fold("ĿB.A"), "lba");
        // Full-width letters and separators are ASCII once folded.
        assert_eq!(fold("Ｓ．Ｅ．Ｘ"), "sex");
        assert_eq!(fold("ｓ－ｅ－ｘ と"), "sexと");
        let n = Normalized::new("あ ĿB A だ");
        let at = n.as_str().find("lba").unwrap();
        let (s, e) = n.original_range(at, at + 3).unwrap();
        assert_eq!(&"あ ĿB A だ"[s..e], "ĿB A");
        let text = "あの L・G・B・T が";
        let n = Normalized::new(text);
        let at = n.as_str().find("lgbt").unwrap();
        let (s, e) = n.original_range(at, at + 4).unwrap();
        assert_eq!(&text[s..e], "L・G・B・T");
    }

    #[test]
    fn maps_back_to_original_characters() {
        let text = "今日は　ﾏﾙ秘 の話。死\u{200B} ね";
        let n = Normalized::new(text);
        assert_eq!(orig(&n, text, "まる秘"), "ﾏﾙ秘");
        assert_eq!(orig(&n, text, "死ね"), "死\u{200B} ね");
        let text = "ｶﾞｲｼﾞ";
        let n = Normalized::new(text);
        assert_eq!(orig(&n, text, "がいじ"), text);
    }

    #[test]
    fn snaps_to_grapheme_clusters() {
        let text = "a👍🏽b❤\u{FE0F}c";
        // Start inside the skin-tone modifier: widened to the whole emoji.
        let thumbs = text.find('👍').unwrap();
        let span = snap_to_graphemes(text, thumbs, thumbs + 4);
        assert_eq!(&text[span.start..span.end], "👍🏽");
        let heart = text.find('❤').unwrap();
        let span = snap_to_graphemes(text, heart, heart + 3);
        assert_eq!(&text[span.start..span.end], "❤\u{FE0F}");
    }

    #[test]
    fn sentences_end_outside_brackets() {
        let t = "「消えろ！」って言われた。次の話\nもう一つ";
        let starts = sentence_starts(t);
        assert_eq!(starts.len(), 2, "{starts:?}");
        assert_eq!(&t[starts[0]..starts[1]], "次の話\n");
        assert!(sentence_starts("終わり!!").is_empty());
        assert_eq!(sentence_starts("「閉じない！ここ\n次").len(), 1);
    }

    #[test]
    fn idempotent_on_samples() {
        for s in ["ＡＢＣ ｶﾞ ばか", "死\u{200B}・ね", "hello   WORLD", "👍🏽 ❤️ 𠮷野家"] {
            assert_eq!(fold(&fold(s)), fold(s), "{s}");
        }
    }
}
