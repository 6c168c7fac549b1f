//! A lazily built DFA over a contiguous NFA of literal spellings (the lexicon's, the masked
//! spellings'), for long texts (native builds only).
//!
//! The contiguous NFA follows failure links at search time: tens of instructions a byte
//! over the default pack's eleven thousand spellings. A full DFA resolves them when it is
//! built, but building one for the whole lexicon takes longer than compiling the rest of
//! the policy ten times over. This DFA resolves a transition the first time a text takes
//! it and remembers it: a row per NFA state reached, one entry per byte class, so a search
//! over a state already seen costs one table read per byte.
//!
//! It only ever asks the NFA (`Automaton::next_state`, the matches of a state), so its
//! matches are the NFA's: the same (start, end, pattern), in the same order (by end, then
//! as the state lists them). Every spelling is a literal, so a match's start is its end
//! less the pattern's length.
//!
//! The rows live in caches that checks borrow from a pool and give back, so a process that
//! checks many texts keeps the states they reach. A cache is bounded ([`MAX_ROWS`] rows):
//! once full, a state without a row is searched through the NFA directly, and a search
//! that spent most of its bytes there empties the cache for the texts that come next.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Mutex;

use aho_corasick::Anchored;
use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous::NFA;

/// The most rows a cache holds: with a hundred-odd byte classes, about 2 MB.
pub(crate) const MAX_ROWS: usize = 4096;
/// The most caches the pool keeps (one per thread checking long texts at the same time).
const MAX_POOLED: usize = 8;
/// A transition not yet computed.
const UNKNOWN: u32 = u32::MAX;
/// Set in an entry whose state has matches.
const MATCH: u32 = 1 << 31;
/// Bits of the filter of NFA states with a row (a power of two).
const FILTER_BITS: usize = 1 << 16;

/// The lazy DFA of one NFA: its byte classes and its pool of caches. Only ever searched
/// with the NFA it was made for.
pub(crate) struct LazyDfa {
    /// The most rows a cache holds ([`MAX_ROWS`]; fewer in tests).
    max_rows: usize,
    /// Each byte's class: 0 for the bytes no pattern contains (every state goes to the
    /// same state on all of them), one class for each other byte.
    classes: [u8; 256],
    /// Entries per row: the number of classes.
    stride: usize,
    start: StateID,
    pool: Mutex<Vec<Cache>>,
}

impl std::fmt::Debug for LazyDfa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LazyDfa({} classes)", self.stride)
    }
}

/// A multiplicative hash for NFA state ids (the map is read on every byte of a search
/// that leaves the cached rows, where SipHash would cost more than the NFA step).
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 29)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0 ^ u64::from(n)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

fn filter_slot(sid: StateID) -> (usize, u64) {
    let h = (sid.as_u32().wrapping_mul(0x9E37_79B9) >> 16) as usize & (FILTER_BITS - 1);
    (h / 64, 1u64 << (h % 64))
}

struct Cache {
    /// Row `r`'s entries are `trans[r * stride..][..stride]`: the next state's entry (its
    /// row's offset in `trans`, with [`MATCH`] when it has matches), or [`UNKNOWN`].
    trans: Vec<u32>,
    /// The NFA state of each row.
    states: Vec<StateID>,
    /// The entry of each NFA state with a row.
    entries: HashMap<u32, u32, BuildHasherDefault<IdHasher>>,
    /// A filter over the NFA states with a row: a clear bit means none (checked before the
    /// map on the bytes searched outside the rows).
    filter: Vec<u64>,
}

impl Cache {
    fn new(dfa: &LazyDfa, nfa: &NFA) -> Cache {
        let mut cache = Cache {
            trans: Vec::new(),
            states: Vec::new(),
            entries: HashMap::default(),
            filter: vec![0; FILTER_BITS / 64],
        };
        cache.reset(dfa, nfa);
        cache
    }

    /// Forgets every row but the start state's, which becomes row 0 (entry 0).
    fn reset(&mut self, dfa: &LazyDfa, nfa: &NFA) {
        self.trans.clear();
        self.states.clear();
        self.entries.clear();
        self.filter.iter_mut().for_each(|w| *w = 0);
        let _ = self.entry(dfa, nfa, dfa.start);
    }

    /// The entry of NFA state `sid`, giving it a row if it has none and there is room.
    fn entry(&mut self, dfa: &LazyDfa, nfa: &NFA, sid: StateID) -> Option<u32> {
        if let Some(&e) = self.entries.get(&sid.as_u32()) {
            return Some(e);
        }
        if self.states.len() >= dfa.max_rows {
            return None;
        }
        let offset = self.trans.len() as u32;
        self.trans.resize(self.trans.len() + dfa.stride, UNKNOWN);
        self.states.push(sid);
        let e = offset | if nfa.is_match(sid) { MATCH } else { 0 };
        self.entries.insert(sid.as_u32(), e);
        let (word, bit) = filter_slot(sid);
        if let Some(w) = self.filter.get_mut(word) {
            *w |= bit;
        }
        Some(e)
    }

    /// The entry of `sid` if it has a row.
    fn row_of(&self, sid: StateID) -> Option<u32> {
        let (word, bit) = filter_slot(sid);
        if self.filter.get(word).is_some_and(|w| w & bit != 0) {
            self.entries.get(&sid.as_u32()).copied()
        } else {
            None
        }
    }

    fn state(&self, dfa: &LazyDfa, entry: u32) -> Option<StateID> {
        self.states.get((entry & !MATCH) as usize / dfa.stride).copied()
    }

    /// Every match of `text`, overlapping ones included, as (start, end, pattern). Returns
    /// how many bytes were searched outside the rows.
    fn run(&mut self, dfa: &LazyDfa, nfa: &NFA, text: &[u8], out: &mut Vec<(usize, usize, usize)>) -> usize {
        let mut outside = 0;
        // The current state's entry (row 0: the start state, which has no match).
        let mut cur = 0u32;
        let mut at = 0;
        loop {
            // The common case: a transition already known to a state without matches.
            let (next, byte, slot) = loop {
                let Some(&byte) = text.get(at) else { return outside };
                let slot = cur as usize + usize::from(dfa.classes.get(usize::from(byte)).copied().unwrap_or(0));
                let next = self.trans.get(slot).copied().unwrap_or(UNKNOWN);
                at += 1;
                if next < MATCH {
                    cur = next;
                    continue;
                }
                break (next, byte, slot);
            };
            let next = if next != UNKNOWN {
                next
            } else {
                let Some(sid) = self.state(dfa, cur) else { return outside };
                let to = nfa.next_state(Anchored::No, sid, byte);
                match self.entry(dfa, nfa, to) {
                    Some(e) => {
                        if let Some(t) = self.trans.get_mut(slot) {
                            *t = e;
                        }
                        e
                    }
                    // No room for a row: on through the NFA until a state with one.
                    None => {
                        let mut sid = to;
                        loop {
                            report(nfa, sid, at, out);
                            let Some(&byte) = text.get(at) else { return outside };
                            sid = nfa.next_state(Anchored::No, sid, byte);
                            at += 1;
                            outside += 1;
                            if let Some(e) = self.row_of(sid) {
                                break e;
                            }
                        }
                    }
                }
            };
            if next & MATCH != 0 {
                if let Some(sid) = self.state(dfa, next) {
                    report(nfa, sid, at, out);
                }
            }
            cur = next & !MATCH;
        }
    }
}

/// The matches of NFA state `sid` ending at `end`, in the state's order.
fn report(nfa: &NFA, sid: StateID, end: usize, out: &mut Vec<(usize, usize, usize)>) {
    if !nfa.is_match(sid) {
        return;
    }
    for i in 0..nfa.match_len(sid) {
        let p = nfa.match_pattern(sid, i);
        out.push((end.saturating_sub(nfa.pattern_len(p)), end, p.as_usize()));
    }
}

impl LazyDfa {
    /// The lazy DFA of `nfa`, an unanchored, case-sensitive, [`aho_corasick::MatchKind::Standard`]
    /// automaton of `patterns`, whose caches hold up to `max_rows` rows. `None` when it
    /// cannot stand in for it (an empty pattern).
    pub(crate) fn new(nfa: &NFA, patterns: &[&[u8]], max_rows: usize) -> Option<LazyDfa> {
        if nfa.min_pattern_len() == 0 || nfa.match_kind() != aho_corasick::MatchKind::Standard {
            return None;
        }
        let mut used = [false; 256];
        for &b in patterns.iter().flat_map(|p| p.iter()) {
            if let Some(u) = used.get_mut(usize::from(b)) {
                *u = true;
            }
        }
        let mut classes = [0u8; 256];
        let mut next = 1usize;
        for (class, &u) in classes.iter_mut().zip(&used) {
            if u {
                *class = u8::try_from(next).ok()?;
                next += 1;
            }
        }
        let start = nfa.start_state(Anchored::No).ok()?;
        Some(LazyDfa { max_rows: max_rows.max(1), classes, stride: next, start, pool: Mutex::new(Vec::new()) })
    }

    /// Every match of `text` (see [`crate::automaton::Matcher::overlapping`]); `nfa` must
    /// be the automaton this was made for.
    pub(crate) fn overlapping(&self, nfa: &NFA, text: &str, out: &mut Vec<(usize, usize, usize)>) {
        let pooled = self.pool.lock().ok().and_then(|mut p| p.pop());
        let mut cache = pooled.unwrap_or_else(|| Cache::new(self, nfa));
        let outside = cache.run(self, nfa, text.as_bytes(), out);
        // A full cache that served a text badly holds the states of other texts: start
        // afresh for the next one.
        if cache.states.len() >= self.max_rows && outside > text.len() / 2 {
            cache.reset(self, nfa);
        }
        if let Ok(mut p) = self.pool.lock() {
            if p.len() < MAX_POOLED {
                p.push(cache);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use std::sync::OnceLock;

    use proptest::prelude::*;

    use super::*;
    use crate::automaton::Matcher;
    use crate::text::Normalized;
    use crate::{Checker, Context, Policy};

    /// The default pack compiled three times: the lexicon and the masked spellings
    /// searched by their contiguous NFAs only, by lazy DFAs for every text, and by lazy DFAs
    /// of 8 rows (so most bytes go through the NFA and back into the rows).
    fn checkers() -> &'static [Checker; 3] {
        static CHECKERS: OnceLock<[Checker; 3]> = OnceLock::new();
        CHECKERS.get_or_init(|| {
            let policy = Policy::default_pack().unwrap();
            let with = |from, rows| {
                let mut c = Checker::new(&policy).unwrap();
                c.scanner_mut().set_lazy(from, rows);
                c
            };
            [with(usize::MAX, MAX_ROWS), with(0, MAX_ROWS), with(0, 8)]
        })
    }

    /// Every spelling of every term of the default pack.
    fn spellings() -> &'static [String] {
        static SPELLINGS: OnceLock<Vec<String>> = OnceLock::new();
        SPELLINGS.get_or_init(|| {
            let policy = Policy::default_pack().unwrap();
            let mut all: Vec<String> = policy
                .groups()
                .values()
                .flat_map(|g| g.terms.iter().flat_map(|t| t.matches.iter().chain(&t.except)).chain(&g.except))
                .cloned()
                .collect();
            all.sort();
            all.dedup();
            all
        })
    }

    const FILLERS: &[&str] = &[
        "本日は、市民の皆様にご参加いただいた防災訓練の様子をお伝えします。",
        "The city library will extend its opening hours from next month.",
        "子育て支援センターでは、毎週水曜日に親子向けの講座を開催しています。",
        "問い合わせは047-351-1111(代表)まで。",
        "駅前の花壇に秋の花を植えました🌼 ボランティアの皆さん、ありがとう!",
        "今日はとても暑かったね。",
        "ここだけの話、来年度は会場が変わるかも。",
        "連絡は０９０ー１２３４ー５６７８まで",
        "\n",
        "　",
    ];

    /// A spelling written another way: in the other kana script, in full-width forms,
    /// spaced or cut by separators, with one character masked (伏せ字), with voiced marks
    /// apart, or said twice.
    fn variant(s: &str, how: u8, at: usize) -> String {
        let chars: Vec<char> = s.chars().collect();
        let at = if chars.is_empty() { 0 } else { at % chars.len() };
        match how % 8 {
            0 => s.to_owned(),
            1 => chars
                .iter()
                .map(|&c| match c {
                    'ぁ'..='ゖ' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
                    'ァ'..='ヶ' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
                    _ => c,
                })
                .collect(),
            2 => chars
                .iter()
                .map(|&c| match c {
                    '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
                    _ => c,
                })
                .collect(),
            3 => {
                let gaps = [" ", "　", "・", "\u{200B}", "、", "-", "*", "\u{FE0F}"];
                let gap = gaps[at % gaps.len()];
                chars.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(gap)
            }
            4 => {
                let masks = ['○', '×', '＊', '●', '〇', '⚪', '⚫'];
                chars.iter().enumerate().map(|(i, &c)| if i == at { masks[at % masks.len()] } else { c }).collect()
            }
            5 => chars
                .iter()
                .flat_map(|&c| {
                    const VOICED: &str =
                        "がぎぐげござじずぜぞだぢづでどばびぶべぼガギグゲゴザジズゼゾダヂヅデドバビブベボ";
                    const HALF: &str = "ぱぴぷぺぽパピプペポ";
                    if VOICED.contains(c) {
                        vec![char::from_u32(c as u32 - 1).unwrap_or(c), if at % 2 == 0 { '\u{3099}' } else { '゛' }]
                    } else if HALF.contains(c) {
                        vec![char::from_u32(c as u32 - 2).unwrap_or(c), '\u{309A}']
                    } else {
                        vec![c]
                    }
                })
                .collect(),
            6 => s.repeat(2 + at % 2),
            _ => s.to_uppercase(),
        }
    }

    /// A text of `pieces`: a filler sentence, or a spelling of the pack written some way.
    fn text_of(pieces: &[(bool, usize, u8, usize)]) -> String {
        let words = spellings();
        pieces
            .iter()
            .map(
                |&(filler, i, how, at)| {
                    if filler {
                        FILLERS[i % FILLERS.len()].to_owned()
                    } else {
                        variant(&words[i % words.len()], how, at)
                    }
                },
            )
            .collect()
    }

    fn pieces(max: usize) -> impl Strategy<Value = Vec<(bool, usize, u8, usize)>> {
        prop::collection::vec((any::<bool>(), any::<usize>(), any::<u8>(), any::<usize>()), 0..max)
    }

    fn contexts() -> [Context; 2] {
        [
            Context::default(),
            Context::from_json(
                r#"{"time":"2026-11-21T10:00:00+09:00","device":"personal","account":"staff_identified","profile":"個人の見解です","audience":"public"}"#,
            )
            .unwrap(),
        ]
    }

    type Matches = Vec<(usize, usize, usize)>;

    /// The lazy DFA's matches of `text` and the NFA's, with caches of `rows` rows.
    fn both(rows: usize, text: &str) -> (Matches, Matches) {
        let scanner = &checkers()[0].shared_scanner();
        let (nfa, patterns) = scanner.lexicon_nfa().expect("the default pack's lexicon is a contiguous NFA");
        let lazy = LazyDfa::new(nfa, &patterns, rows).unwrap();
        let folded = Normalized::new(text);
        let (mut got, mut want) = (Vec::new(), Vec::new());
        // Twice: with a new cache, then with the one the first search left in the pool.
        for _ in 0..2 {
            got.clear();
            lazy.overlapping(nfa, folded.as_str(), &mut got);
        }
        Matcher::Nfa(nfa.clone()).overlapping(folded.as_str(), &mut want);
        (got, want)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

        /// Same matches, in the same order, as the contiguous NFA.
        #[test]
        fn matches_are_the_nfas(p in pieces(200), rows in prop::sample::select(vec![1usize, 8, 64, MAX_ROWS])) {
            let text = text_of(&p);
            let (got, want) = both(rows, &text);
            prop_assert_eq!(got, want);
        }

        /// Same hits and same reports, byte for byte, whichever search the lexicon takes.
        #[test]
        fn reports_are_the_same(p in pieces(300)) {
            let text = text_of(&p);
            let [nfa, lazy, small] = checkers();
            for ctx in &contexts() {
                let want = nfa.check(&text, ctx);
                prop_assert_eq!(&lazy.check(&text, ctx), &want);
                prop_assert_eq!(&small.check(&text, ctx), &want);
                let want = serde_json::to_string(&want).unwrap();
                prop_assert_eq!(serde_json::to_string(&lazy.check(&text, ctx)).unwrap(), want);
            }
            let scanned = |c: &Checker| crate::rules::Scanned::new(text.as_str().into(), c.shared_scanner()).hits;
            prop_assert_eq!(scanned(lazy), scanned(nfa));
        }
    }

    /// Long texts: every spelling of the pack, written every way, among fillers (far more
    /// states than a cache holds), and the benchmark's document.
    #[test]
    fn long_texts_give_the_same_reports() {
        let words = spellings();
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as usize
        };
        let pieces: Vec<(bool, usize, u8, usize)> = (0..words.len() * 2)
            .map(|i| (next() % 4 == 0, if i % 2 == 0 { i / 2 } else { next() }, next() as u8, next()))
            .collect();
        let every = text_of(&pieces);
        assert!(every.len() > 200_000, "{}", every.len());
        let document: String = FILLERS.iter().cycle().take(2_000).copied().collect();
        let cut = (0..=50_000).rev().find(|&i| every.is_char_boundary(i)).unwrap();
        let [nfa, lazy, small] = checkers();
        for text in [every.as_str(), document.as_str(), &every[..cut]] {
            for rows in [8, MAX_ROWS] {
                let (got, want) = both(rows, text);
                assert_eq!(got, want);
            }
            for ctx in &contexts() {
                let want = nfa.check(text, ctx);
                assert_eq!(lazy.check(text, ctx), want);
                assert_eq!(small.check(text, ctx), want);
            }
        }
    }
}
