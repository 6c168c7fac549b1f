//! From a lexicon term as a pack writes it to the spellings the scanner looks for.
//!
//! A term is written once, in its natural form; [`spellings`] adds, when the policy is
//! compiled:
//! - the readings of its kanji (内部資料 → ないぶしりょう, ないぶ資料), from a table generated
//!   from a morphological dictionary by `scripts/gen-readings` and carried by the library,
//!   plus readings the term gives itself (`reading = [...]`);
//! - the conjugated forms of a verb or adjective given in dictionary form (`verb = "死ぬ"`
//!   → 死ね, しね, 死んでくれ, しねばいいのに…), in every spelling;
//! - long-vowel spellings of kana (とうひょう → とーひょー);
//! - on request (`lookalike = true`), digits and kanji that stand for kana (4ね, 氏ね, 56す).
//!
//! Masked spellings (死○ね, 外○人) are not expanded here: the scanner matches them on a
//! second folding of the text that keeps the masks, only when a text has one.

pub mod conjugate;

use std::sync::OnceLock;

pub use conjugate::{Form, VerbClass};

use crate::policy::Term;

/// The generated table of readings (see `scripts/gen-readings`).
#[cfg(not(target_arch = "wasm32"))]
fn readings_text() -> &'static str {
    include_str!("../../packs/generated/readings.tsv")
}

/// The generated table of readings (see `scripts/gen-readings`), decoded (`src/packed.rs`).
#[cfg(target_arch = "wasm32")]
fn readings_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| crate::packed::decode_builtin(include_bytes!(concat!(env!("OUT_DIR"), "/readings.bin"))))
}

/// Most spellings one term may expand to; past it the rest are dropped (a pathological
/// policy stays cheap to compile).
pub const MAX_SPELLINGS_PER_TERM: usize = 512;

/// The table: readings of words with kanji, sorted by word, and verb classes, sorted by verb.
struct Table {
    words: Vec<(&'static str, Vec<&'static str>)>,
    /// The first characters of `words`, sorted: a position starting with another character
    /// starts no word of the table, and is not looked up.
    firsts: Vec<char>,
    verbs: Vec<(&'static str, &'static str)>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Table { words: Vec::new(), firsts: Vec::new(), verbs: Vec::new() };
        for line in readings_text().lines() {
            let mut cols = line.split('\t');
            match (cols.next(), cols.next()) {
                (Some("w"), Some(word)) => t.words.push((word, cols.collect())),
                (Some("v"), Some(verb)) => t.verbs.push((verb, cols.next().unwrap_or(""))),
                _ => {}
            }
        }
        // The generator writes both lists sorted (a test checks it), so lookups can search.
        t.firsts = t.words.iter().filter_map(|(w, _)| w.chars().next()).collect();
        crate::sort::sort(&mut t.firsts);
        t.firsts.dedup();
        t
    })
}

/// The longest word of a term the table reads.
const MAX_WORD_CHARS: usize = 8;
/// Most readings one term gets (words with several readings multiply).
const MAX_READINGS: usize = 4;

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々' | '〆')
}

/// The readings of `s`: read word by word from the table of readings, longest word first;
/// the whole reading in kana first (内部資料 → ないぶしりょう), then mixed spellings where only
/// some words are read (ないぶ資料, 内部しりょう). Empty when `s` has no kanji, or a kanji the
/// table cannot read.
pub fn readings_of(s: &str) -> Vec<String> {
    if !s.chars().any(is_kanji) {
        return Vec::new();
    }
    let table = table();
    // Each piece: as written, and its readings when it is a word of the table.
    let mut pieces: Vec<(&str, Option<&[&str]>)> = Vec::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let mut found = None;
        if table.firsts.binary_search(&c).is_ok() {
            let mut ends = [0usize; MAX_WORD_CHARS];
            let mut n = 0;
            for ((i, ch), slot) in rest.char_indices().zip(ends.iter_mut()) {
                *slot = i + ch.len_utf8();
                n += 1;
            }
            found = ends.get(..n).unwrap_or(&[]).iter().rev().find_map(|&end| {
                let w = rest.get(..end)?;
                let i = table.words.binary_search_by(|(k, _)| (*k).cmp(w)).ok()?;
                table.words.get(i).map(|(_, r)| (end, r.as_slice()))
            });
        }
        let (len, read) = match found {
            Some((end, r)) => (end, Some(r)),
            None if is_kanji(c) => return Vec::new(),
            None => (c.len_utf8(), None),
        };
        pieces.push((rest.get(..len).unwrap_or(""), read));
        rest = rest.get(len..).unwrap_or("");
    }
    // The whole reading with each word's readings in turn, then the spellings that leave
    // one word as written (no sorting: the order is built in).
    let mut out: Vec<String> = vec![String::new()];
    for (written, read) in &pieces {
        let read: &[&str] = match read {
            Some(r) if !r.is_empty() => r,
            _ => std::slice::from_ref(written),
        };
        if let [one] = read {
            out.iter_mut().for_each(|head| head.push_str(one));
        } else {
            out =
                out.iter().flat_map(|head| read.iter().map(move |r| format!("{head}{r}"))).take(MAX_READINGS).collect();
        }
    }
    fn first<'a>((w, r): &(&'a str, Option<&'a [&'a str]>)) -> &'a str {
        r.and_then(|r| r.first()).copied().unwrap_or(w)
    }
    let words: Vec<usize> =
        (0..pieces.len()).filter(|&i| pieces.get(i).is_some_and(|(_, r)| r.is_some_and(|r| !r.is_empty()))).collect();
    if words.len() > 1 {
        for &keep in &words {
            let mixed: String =
                pieces.iter().enumerate().map(|(i, p)| if i == keep { p.0 } else { first(p) }).collect();
            out.push(mixed);
        }
    }
    out.retain(|t| t != s);
    out.dedup();
    out.truncate(MAX_READINGS);
    out
}

/// The conjugation class the table records for a verb (from the dictionary), if any.
fn table_class(verb: &str) -> Option<VerbClass> {
    let verbs = &table().verbs;
    let i = verbs.binary_search_by(|(k, _)| (*k).cmp(verb)).ok()?;
    verbs.get(i).and_then(|(_, c)| VerbClass::from_name(c))
}

/// A vowel's row: the vowel kana each hiragana ends in.
fn vowel(c: char) -> Option<char> {
    match c {
        'あ' | 'か' | 'が' | 'さ' | 'ざ' | 'た' | 'だ' | 'な' | 'は' | 'ば' | 'ぱ' | 'ま' | 'や' | 'ら' | 'わ'
        | 'ゃ' => Some('あ'),
        'い' | 'き' | 'ぎ' | 'し' | 'じ' | 'ち' | 'ぢ' | 'に' | 'ひ' | 'び' | 'ぴ' | 'み' | 'り' => {
            Some('い')
        }
        'う' | 'く' | 'ぐ' | 'す' | 'ず' | 'つ' | 'づ' | 'ぬ' | 'ふ' | 'ぶ' | 'ぷ' | 'む' | 'ゆ' | 'る' | 'ゅ' => {
            Some('う')
        }
        'え' | 'け' | 'げ' | 'せ' | 'ぜ' | 'て' | 'で' | 'ね' | 'へ' | 'べ' | 'ぺ' | 'め' | 'れ' => {
            Some('え')
        }
        'お' | 'こ' | 'ご' | 'そ' | 'ぞ' | 'と' | 'ど' | 'の' | 'ほ' | 'ぼ' | 'ぽ' | 'も' | 'よ' | 'ろ' | 'を'
        | 'ょ' => Some('お'),
        _ => None,
    }
}

/// The vowel of a hiragana character, for the word-edge test of the scanner.
pub(crate) fn vowel_of(c: char) -> Option<char> {
    vowel(c)
}

/// Spellings with long vowels written as ー: とうひょう → とーひょー, とーひょう, とうひょー.
///
/// A word of two kana gets none: one kana and a ー is an interjection or a sound far more
/// often than the word (げー is "ugh", not ゲイ; ねー is "isn't it", not ねえ).
fn long_vowel_spellings(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 2 {
        return Vec::new();
    }
    let mut spots = Vec::new();
    for (i, pair) in chars.windows(2).enumerate() {
        let (Some(&prev), Some(&c)) = (pair.first(), pair.get(1)) else { continue };
        let long = match (vowel(prev), c) {
            (Some('お' | 'う'), 'う') | (Some('え' | 'い'), 'い') => true,
            (Some(v), c) if c == v && matches!(c, 'あ' | 'い' | 'う' | 'え' | 'お') => true,
            _ => false,
        };
        if long && is_hiragana(prev) {
            spots.push(i + 1);
        }
    }
    if spots.is_empty() || spots.len() > 4 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for mask in 1u32..(1 << spots.len()) {
        let mut v = chars.clone();
        for (bit, &at) in spots.iter().enumerate() {
            if mask & (1 << bit) != 0 {
                if let Some(c) = v.get_mut(at) {
                    *c = 'ー';
                }
            }
        }
        out.push(v.into_iter().collect());
    }
    out
}

fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{3096}').contains(&c)
}

/// Characters that people write for kana, and kanji for kana or kanji, to slip past filters.
const LOOKALIKES: &[(&str, &[&str])] = &[
    ("死", &["氏", "タヒ", "4", "市"]),
    ("し", &["4", "氏", "市"]),
    ("シ", &["4", "氏", "市"]),
    ("ころ", &["56", "コロ"]),
    ("殺", &["56"]),
    ("く", &["9"]),
];

/// Spellings with look-alikes substituted, at most two substitutions at once.
fn lookalike_spellings(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut frontier = vec![s.to_owned()];
    for _ in 0..2 {
        let mut next = Vec::new();
        for base in &frontier {
            for (from, tos) in LOOKALIKES {
                for (at, _) in base.match_indices(from) {
                    for to in *tos {
                        let (Some(head), Some(tail)) = (base.get(..at), base.get(at + from.len()..)) else { continue };
                        next.push(format!("{head}{to}{tail}"));
                    }
                }
            }
        }
        crate::sort::sort(&mut next);
        next.dedup();
        out.extend(next.iter().cloned());
        frontier = next;
        if out.len() > 64 {
            break;
        }
    }
    out
}

/// Every spelling of `term` the scanner should look for (not yet folded; the original
/// `match` strings included).
pub fn spellings(term: &Term) -> Vec<String> {
    let mut base: Vec<String> = Vec::new();
    let with_readings = |s: &str, out: &mut Vec<String>| {
        out.push(s.to_owned());
        if term.readings {
            out.extend(readings_of(s));
        }
    };
    for m in &term.matches {
        with_readings(m, &mut base);
    }
    base.extend(term.reading.iter().cloned());
    let forms: Vec<Form> = if term.forms.is_empty() {
        Form::DEFAULT.to_vec()
    } else {
        term.forms.iter().filter_map(|f| Form::from_name(f)).collect()
    };
    for verb in &term.verb {
        let class = term
            .class
            .as_deref()
            .and_then(VerbClass::from_name)
            .or_else(|| table_class(verb))
            .or_else(|| conjugate::guess_class(verb));
        let Some(class) = class else { continue };
        let mut dict = Vec::new();
        with_readings(verb, &mut dict);
        for d in dict {
            base.extend(conjugate::verb_forms(&d, class, &forms));
        }
    }
    for adj in &term.adjective {
        let mut dict = Vec::new();
        with_readings(adj, &mut dict);
        for d in dict {
            base.extend(conjugate::adjective_forms(&d));
        }
    }
    let mut out = Vec::with_capacity(base.len() * 2);
    for s in &base {
        out.push(s.clone());
        // Folding keeps kanji: a spelling with one is never all kana once folded.
        if !s.chars().any(is_kanji) {
            let folded = crate::text::fold(s);
            if folded.chars().all(|c| is_hiragana(c) || c == 'ー') {
                out.extend(long_vowel_spellings(&folded));
            }
        }
        if term.lookalike {
            out.extend(lookalike_spellings(s));
        }
    }
    // The term's own strings always stay; generated spellings beyond the cap are dropped.
    let own = term.matches.len();
    let mut extra: Vec<String> = out.split_off(0).into_iter().filter(|s| !term.matches.contains(s)).collect();
    crate::sort::sort(&mut extra);
    extra.dedup();
    extra.truncate(MAX_SPELLINGS_PER_TERM.saturating_sub(own));
    let mut all = term.matches.clone();
    all.extend(extra);
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(f: impl FnOnce(&mut Term)) -> Term {
        let mut t = Term::new("t");
        f(&mut t);
        t
    }

    fn has(v: &[String], s: &str) -> bool {
        v.iter().any(|x| x == s)
    }

    #[test]
    #[allow(clippy::indexing_slicing)]
    fn table_is_sorted() {
        let t = table();
        assert!(t.words.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(t.verbs.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(t.words.len() > 300 && !t.verbs.is_empty());
    }

    #[test]
    fn terms_are_read_word_by_word() {
        assert_eq!(readings_of("内部資料"), ["ないぶしりょう", "内部しりょう", "ないぶ資料"]);
        // A term of known words that no pack spells out.
        // A term no pack spells out, made of words the table knows.
        assert_eq!(readings_of("内部資料を見た").first().map(String::as_str), Some("ないぶしりょうをみた"));
        // A kanji the table cannot read: no reading rather than a half-read term.
        assert!(readings_of("麒麟の資料").is_empty());
        assert_eq!(readings_of("死ねばいいのに"), ["しねばいいのに"]);
        // A word with several readings: each (外国人 → がいこくじん, がいこくにん…).
        assert!(readings_of("外国人").iter().any(|r| r == "がいこくじん"));
        assert!(readings_of("no kanji").is_empty());
        assert!(readings_of("ぱちんこ").is_empty());
    }

    #[test]
    fn readings_can_be_turned_off() {
        let on = spellings(&term(|t| t.matches = vec!["内部資料".into()]));
        assert!(has(&on, "ないぶしりょう"));
        let off = spellings(&term(|t| {
            t.matches = vec!["内部資料".into()];
            t.readings = false;
        }));
        assert_eq!(off, vec!["内部資料".to_owned()]);
    }

    #[test]
    fn verbs_conjugate_in_every_spelling() {
        let s = spellings(&term(|t| t.verb = vec!["死ぬ".into()]));
        for want in ["死ね", "しね", "死んでくれ", "しんでくれ", "しねばいいのに", "死にやがれ"]
        {
            assert!(has(&s, want), "{want} missing");
        }
        let s = spellings(&term(|t| t.verb = vec!["帰る".into()]));
        assert!(has(&s, "帰れ") && has(&s, "かえれ") && has(&s, "帰ってほしい"), "帰る is godan: {s:?}");
        assert!(!has(&s, "帰ろ"), "not conjugated as ichidan");
    }

    #[test]
    fn long_vowels() {
        let v = long_vowel_spellings("とうひょう");
        assert!(v.contains(&"とーひょー".to_owned()) && v.contains(&"とーひょう".to_owned()));
        assert!(long_vowel_spellings("しね").is_empty());
        assert!(long_vowel_spellings("げい").is_empty());
    }

    #[test]
    fn lookalikes_only_on_request() {
        let plain = spellings(&term(|t| t.matches = vec!["しね".into()]));
        assert!(!has(&plain, "4ね"));
        let s = spellings(&term(|t| {
            t.matches = vec!["しね".into(), "ころす".into()];
            t.lookalike = true;
        }));
        assert!(has(&s, "4ね") && has(&s, "氏ね") && has(&s, "56す"));
    }
}
