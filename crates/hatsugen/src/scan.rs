//! One pass over the folded text: every lexicon term of every group in one Aho-Corasick
//! automaton, exceptions included, plus the few regex terms a policy declares.

use std::collections::BTreeMap;

use regex_lite::Regex;

use crate::automaton::{Matcher, Options};
use crate::policy::{PolicyError, PolicyProblem, Term};
use crate::text::{Normalized, fold};

/// Compiles a policy regex with the limits that keep an untrusted policy cheap.
pub(crate) fn build_regex(pattern: &str) -> Result<Regex, String> {
    regex_lite::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .nest_limit(64)
        .build()
        .map_err(|e| e.to_string().lines().last().unwrap_or_default().trim().to_owned())
}

/// A policy regex and what makes it cheap to run over a long text.
#[derive(Debug)]
struct TermRegex {
    /// The pattern as written, run over the whole text when it has no literal start.
    re: Regex,
    /// The literal every match starts with, as the index of a pattern of the lexicon's
    /// automaton, and the pattern anchored to start there, tried only where the automaton
    /// found the literal (regex-lite has no literal optimisations: `って$` run over a 100 KB
    /// document took half its check).
    start: Option<(u32, Regex)>,
    group: u32,
    term: u32,
}

/// The literal a pattern's every match starts with: its leading characters that are no
/// syntax, less the last one if a quantifier follows it. `None` when there are none, or when
/// the pattern has an alternation anywhere (`a|b` need not start with `a`).
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
fn literal_start(pattern: &str) -> Option<String> {
    if pattern.chars().any(|c| c == '|') {
        return None;
    }
    let mut lit = String::new();
    for c in pattern.chars() {
        if matches!(c, '\\' | '.' | '+' | '*' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '^' | '$' | '#')
            || c.is_whitespace()
        {
            if matches!(c, '*' | '?' | '{' | '+') {
                lit.pop();
            }
            break;
        }
        lit.push(c);
    }
    (!lit.is_empty()).then_some(lit)
}

impl TermRegex {
    /// `pattern` compiled; `intern` makes its literal start a pattern of the lexicon's
    /// automaton (with no payload of its own) and gives that pattern's index.
    fn new(pattern: &str, group: u32, term: u32, intern: impl FnOnce(String) -> u32) -> Result<Self, String> {
        let re = build_regex(pattern)?;
        // The WebAssembly build runs every regex over the whole text: this code would cost
        // it half a kilobyte of its budget, and a post is short (the reports are the same).
        #[cfg(not(target_arch = "wasm32"))]
        let start = match literal_start(pattern) {
            Some(lit) => Some((intern(lit), build_regex(&format!("^(?:{pattern})"))?)),
            None => None,
        };
        #[cfg(target_arch = "wasm32")]
        let start = {
            let _ = intern;
            None
        };
        Ok(TermRegex { re, start, group, term })
    }

    /// The matches `Regex::find_iter` finds in `text`, as (start, end); `found` is every
    /// match of the lexicon in it (start, end, pattern), by end.
    fn find(&self, text: &str, found: &[(usize, usize, usize)], out: &mut Vec<(usize, usize)>) {
        // (The filter lets the WebAssembly build, where `start` is always `None`, drop the rest.)
        let Some((literal, anchored)) = self.start.as_ref().filter(|_| cfg!(not(target_arch = "wasm32"))) else {
            out.extend(self.re.find_iter(text).map(|m| (m.start(), m.end())));
            return;
        };
        // Leftmost-first and not overlapping, as `find_iter`: every match starts where the
        // literal does (the literal's matches, all of one length, come by start), and the
        // first match there is the one it would find.
        let mut done = 0;
        for &(at, _, _) in found.iter().filter(|f| f.2 == *literal as usize) {
            if at < done {
                continue;
            }
            if let Some(m) = text.get(at..).and_then(|t| anchored.find_iter(t).next()) {
                out.push((at, at + m.end()));
                done = at + m.end();
            }
        }
    }
}

/// Outside WebAssembly, texts of at least this many folded bytes search a lexicon too large
/// for a full DFA through its lazy DFA ([`crate::lazy_dfa`]); shorter ones (a post) through
/// the contiguous NFA.
#[cfg(not(target_arch = "wasm32"))]
const LAZY_FROM: usize = 2048;

/// Up to this many patterns the automaton is a full DFA.
const DFA_MAX_PATTERNS: usize = 5_000;

/// A full DFA searches about twice as fast as the contiguous NFA but takes several times
/// longer to build; WebAssembly, where the build is the start-up cost a user waits for,
/// and very large lexicons (the default pack's) use the NFA, natively searched through a
/// lazy DFA for long texts.
fn use_dfa(patterns: usize) -> bool {
    !cfg!(target_arch = "wasm32") && patterns <= DFA_MAX_PATTERNS
}

#[derive(Debug, Clone, Copy)]
enum Payload {
    /// `edge`: only at word edges; `uniform`: the spelling is in one kana script, so a
    /// match whose original mixes hiragana and katakana is not it; `mixed`: the spelling
    /// mixes the two scripts on purpose (ヤりたい, not やりたい), so the original must too;
    /// `comma`: the spelling ended in a separator (さん、, 庁議、) that folding drops before
    /// a Japanese character, so the pattern is the spelling without it and the original
    /// must have a separator right after the match.
    Hit {
        group: u32,
        term: u32,
        edge: bool,
        uniform: bool,
        mixed: bool,
        comma: bool,
    },
    Except {
        group: u32,
        term: Option<u32>,
    },
}

/// The automaton of masked spellings, and the pattern each one stands for.
#[derive(Debug)]
struct Masked {
    ac: Matcher,
    owner: Vec<u32>,
    /// Outside WebAssembly, its lazy DFA for long texts.
    #[cfg(not(target_arch = "wasm32"))]
    lazy: Option<crate::lazy_dfa::LazyDfa>,
}

/// A term match in the folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Hit {
    pub(crate) start: u32,
    pub(crate) end: u32,
    pub(crate) term: u32,
}

/// Matches by group index, each sorted by position: one list sorted by group, then
/// position, with where each group's run starts (a text meets few of the groups, so one
/// list beats a list per group).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Hits {
    hits: Vec<Hit>,
    /// `starts[g]..starts[g + 1]` is group `g`'s run of `hits`.
    starts: Vec<u32>,
}

impl Hits {
    pub(crate) fn group(&self, g: u32) -> &[Hit] {
        let g = g as usize;
        match (self.starts.get(g), self.starts.get(g + 1)) {
            (Some(&a), Some(&b)) => self.hits.get(a as usize..b as usize).unwrap_or_default(),
            _ => &[],
        }
    }
    pub(crate) fn any(&self, g: u32) -> bool {
        !self.group(g).is_empty()
    }
}

/// One group's terms, ready to compile.
pub(crate) struct GroupSource<'a> {
    pub(crate) name: String,
    pub(crate) terms: &'a [Term],
    pub(crate) except: &'a [String],
    /// Whether a masked spelling (し○ね) counts for the group. Not for a group that only
    /// ever cancels a rule (`unless`): people hide the word that offends, never the one
    /// that excuses, and a placeholder (今日の〇丁目) must not pass for 今日の私.
    pub(crate) masked: bool,
}

#[derive(Debug)]
pub(crate) struct Scanner {
    ac: Option<Matcher>,
    /// Outside WebAssembly, the lazy DFA that stands in for a contiguous-NFA `ac` on long
    /// texts: made by the first one, so compiling a policy does not pay for it.
    #[cfg(not(target_arch = "wasm32"))]
    lazy: std::sync::OnceLock<Option<crate::lazy_dfa::LazyDfa>>,
    /// Texts of at least this many folded bytes are searched with `lazy`.
    #[cfg(not(target_arch = "wasm32"))]
    lazy_from: usize,
    /// The most rows of a cache of `lazy`.
    #[cfg(not(target_arch = "wasm32"))]
    lazy_rows: usize,
    /// The folded patterns, by pattern index.
    patterns: Vec<String>,
    /// The automaton of masked spellings (外○人), built on the first text with a mask.
    masked: std::sync::OnceLock<Option<Masked>>,
    /// What each pattern stands for: pattern `i`'s payloads are
    /// `payloads[payload_starts[i]..payload_starts[i + 1]]`, in the order they were added.
    payloads: Vec<Payload>,
    payload_starts: Vec<u32>,
    regexes: Vec<TermRegex>,
    term_ids: Vec<String>,
    /// The terms whose hits a model does not overrule ([`Term::sure`]), sorted.
    sure: Vec<u32>,
    groups: BTreeMap<String, u32>,
    n_groups: usize,
    /// Per group: whether masked spellings count for it ([`GroupSource::masked`]).
    group_masked: Vec<bool>,
}

fn ascii_word(b: Option<&u8>) -> bool {
    b.is_some_and(u8::is_ascii_alphanumeric)
}

/// The character a masked spelling uses for the hidden one (the masked folding writes
/// every masking character as this one).
const MASK: char = crate::text::MASK;

/// The longest kana word that matches only at a word edge, in characters.
pub(crate) const SHORT_KANA: usize = 3;

fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{3096}').contains(&c)
}

/// A pattern of kana only (after folding: hiragana and ー).
fn is_kana(p: &str) -> bool {
    p.chars().all(|c| is_hiragana(c) || c == 'ー')
}

/// A pattern of up to [`SHORT_KANA`] kana (after folding: hiragana and ー).
fn is_short_kana(p: &str) -> bool {
    let n = p.chars().count();
    n <= SHORT_KANA && p.chars().all(|c| is_hiragana(c) || c == 'ー')
}

/// Particles and endings that may stand before a short kana word (お前はばか).
const LEFT_OK: &str = "はがをもにのとでへやよねなか";
/// The particles that mark a word's start even after hiragana (あいつはばか).
const STRONG_LEFT: &str = "はがをも";
/// Words written in hiragana that end right before another word (ほんとばか, あのつんぼ), the
/// regions' intensifiers among them (ほんまうざい, なまらうざい, ばりきもい).
const LEFT_AFTER: &[&str] = &[
    "ほんと",
    "ほんとに",
    "ほんま",
    "ほんまに",
    "まじで",
    "がちで",
    "めちゃ",
    "めっさ",
    "ごっつ",
    "でら",
    "なまら",
    "ばり",
    "くっそ",
    "あの",
    "この",
    "その",
    "まじ",
    "って",
    "めっちゃ",
    "くそ",
    "ちょー",
    "なんか",
    "なんて",
    "みたいな",
    "かちょう",
    "ぶちょう",
    "かかりちょう",
    "しゅにん",
    "じょうし",
    "せんぱい",
    "こうはい",
    "あいつ",
    "こいつ",
    "そいつ",
    "あいつら",
    "こいつら",
    "おまえ",
    "おまえら",
    "てめえ",
    "おばさん",
    "おじさん",
    "ばばあ",
    "じじい",
    "おやじ",
    "お前ら",
    "てめえら",
];
/// Titles and words for people an insult is said of with no particle between (主任氏ね,
/// 課長しね, 校長しね, あの客うざい, 店員きもい, お前きえろ, クソ親父うざい), parts of the
/// body a lewd remark is said of (胸えっろ), and drugs wanted (大麻ほしい): nouns that take
/// no kana ending of their own.
const ROLE_BEFORE: &[&str] = &[
    "課長",
    "部長",
    "係長",
    "主任",
    "主査",
    "局長",
    "所長",
    "室長",
    "次長",
    "社長",
    "店長",
    "市長",
    "町長",
    "村長",
    "知事",
    "議員",
    "上司",
    "先輩",
    "後輩",
    "同期",
    "職員",
    "担当",
    "先生",
    "校長",
    "教頭",
    "園長",
    "館長",
    "署長",
    "隊長",
    "院長",
    "班長",
    "区長",
    "議長",
    "師長",
    "婦長",
    "事務長",
    "支所長",
    "会長",
    "主事",
    "監督",
    "お局",
    "医者",
    "担任",
    "客",
    "人",
    "員",
    "者",
    "奴",
    "爺",
    "婆",
    "嫁",
    "旦那",
    "部下",
    "相手",
    "民",
    "親父",
    "お前",
    "野郎",
    "母",
    "父",
    "女",
    "男",
    "胸",
    "尻",
    "脚",
    "腰",
    "大麻",
    "覚醒剤",
    "麻薬",
];
/// …and after it (ばかだな, しねよ, たいまを).
const RIGHT_OK: &str = "よねなぞぜわやかさをがはにでともへだじのしすっばゃゅょー";

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々')
}

fn is_katakana(c: char) -> bool {
    ('\u{30A1}'..='\u{30FA}').contains(&c) || ('\u{FF66}'..='\u{FF9D}').contains(&c)
}

/// Whether the original behind folded bytes `s..e` mixes hiragana and katakana: then it is
/// not a word spelled in one script (「肉とかスープ」 holds か+ス, not カス).
/// A spelling written in both hiragana and katakana (ヤりたい).
fn mixes_kana(p: &str) -> bool {
    p.chars().any(is_hiragana) && p.chars().any(is_katakana)
}

fn mixes_scripts(norm: &Normalized, original: &str, s: usize, e: usize) -> bool {
    let Some((os, oe)) = norm.original_range(s, e) else { return false };
    let (mut hira, mut kata) = (false, false);
    for c in original.get(os..oe).unwrap_or("").chars().filter(|&c| c != 'ー') {
        hira |= is_hiragana(c);
        kata |= is_katakana(c);
    }
    hira && kata
}

/// Whether the original has a separator (、, ・ …) right after what folded bytes `s..e`
/// stand for.
fn separator_after(norm: &Normalized, original: &str, s: usize, e: usize) -> bool {
    norm.original_range(s, e)
        .and_then(|(_, oe)| original.get(oe..))
        .and_then(|rest| rest.chars().next())
        .is_some_and(crate::text::is_separator)
}

/// The original ranges of two folded characters.
type Ranges = (Option<(usize, usize)>, Option<(usize, usize)>);

/// Whether a short kana word at `s..e` of the folded text stands at word edges: not inside a
/// longer run of kana (わたしね, パチンコ) nor right after a kanji whose ending it may be
/// (動かす), unless the script changes there (めっちゃバカ, 大バカ), a space or separator
/// stood there, or the neighbour is a particle or an ending.
fn at_word_edges(norm: &Normalized, original: &str, s: usize, e: usize) -> bool {
    let text = norm.as_str();
    let (Some(before), Some(word), Some(after)) = (text.get(..s), text.get(s..e), text.get(e..)) else {
        return true;
    };
    let (Some(first), Some(last)) = (word.chars().next(), word.chars().next_back()) else { return true };

    // The original ranges of two neighbouring folded characters, `a..b` and `b..b_end`.
    let ranges = |a: usize, b: usize, b_end: usize| (norm.original_range(a, b), norm.original_range(b, b_end));
    // Something folding dropped between them (a space, a separator) was an edge in the
    // original: 「オカマ キモい」.
    let gap = |r: &Ranges| matches!(r, (Some((_, ae)), Some((bs, _))) if ae < bs);
    let char_at = |r: Option<(usize, usize)>| r.and_then(|(os, _)| original.get(os..)?.chars().next());
    // The letter a neighbour on the left ends in: a long-vowel mark belongs to either
    // script, so the letter it lengthens counts (クレーマーうざい: katakana, then hiragana).
    let long = |c: char| c == 'ー' || c == 'ｰ';
    let letter_before = |r: Option<(usize, usize)>| {
        r.and_then(|(os, _)| match original.get(os..)?.chars().next()? {
            c if long(c) => original.get(..os)?.chars().rev().find(|&c| !long(c)),
            c => Some(c),
        })
    };
    let script_changes = |r: &Ranges| match (letter_before(r.0), char_at(r.1)) {
        (Some(x), Some(y)) if y != 'ー' => is_katakana(x) != is_katakana(y),
        _ => false,
    };
    // The same word said again and again (バカバカバカ) has its edges at each repetition.
    let repeated = |t: &str| t.starts_with(word);
    let left_ok = match before.chars().next_back() {
        None => true,
        Some(_) if before.ends_with(word) => true,
        Some(p) => {
            let r = ranges(s - p.len_utf8(), s, s + first.len_utf8());
            if gap(&r) {
                true
            } else if is_kanji(first) && !is_kanji(p) {
                // A word that starts in kanji starts a word after kana (あいつ氏ねばいいのに).
                true
            } else if is_kanji(p) {
                // Hiragana right after a kanji is most often its ending (動かす, 天かす): an
                // edge only when the word itself is written in katakana there (大バカ).
                char_at(r.1).is_some_and(is_katakana)
                    || ROLE_BEFORE
                        .iter()
                        .any(|w| w.as_bytes().last() == before.as_bytes().last() && before.ends_with(w))
            } else if !is_hiragana(p) && p != 'ー' {
                true
            } else {
                // A particle is an edge, but most of them are also common syllables inside
                // words (日差しやばかった, たのしんで, としね): those count only right after a
                // word that is not written in hiragana (課長のばか), the case markers は が を
                // も everywhere.
                let particle =
                    LEFT_AFTER.iter().any(|w| w.as_bytes().last() == before.as_bytes().last() && before.ends_with(w))
                        || LEFT_OK.contains(p)
                            && (STRONG_LEFT.contains(p)
                                || before[..before.len() - p.len_utf8()]
                                    .chars()
                                    .next_back()
                                    .is_some_and(|q| !is_hiragana(q)));
                particle || script_changes(&r)
            }
        }
    };
    if !left_ok {
        return false;
    }
    match after.chars().next() {
        None => true,
        Some(_) if repeated(after) => true,
        // A lengthened vowel ends the word only where what follows it would (バカーーー!,
        // しねーよ), not inside a longer word (バカーン, a name).
        Some('ー') => {
            let rest = after.trim_start_matches('ー');
            match rest.chars().next() {
                None => true,
                Some(m) => {
                    let at = e + (after.len() - rest.len());
                    let r = ranges(at - 'ー'.len_utf8(), at, at + m.len_utf8());
                    gap(&r) || !is_hiragana(m) || RIGHT_OK.contains(m) || crate::lexicon::vowel_of(last) == Some(m)
                }
            }
        }
        Some(n) => {
            let r = ranges(e - last.len_utf8(), e, e + n.len_utf8());
            gap(&r)
                || !is_hiragana(n)
                || RIGHT_OK.contains(n)
                || (crate::lexicon::vowel_of(last).is_some() && crate::lexicon::vowel_of(last) == Some(n))
                || script_changes(&r)
        }
    }
}

/// An exception's match: folded start and end, its group, and its term (`None`: the
/// group's own exception).
type Except = (u32, u32, u32, Option<u32>);

/// The spellings seen so far while a scanner is built, each with its pattern index.
///
/// Natively a hash map (FNV-1a). The WebAssembly build takes a `BTreeMap`, the type of
/// [`Scanner::groups`], rather than a hash table of its own: with the other small maps of
/// the policy compiler ordered too (`policy::merge`, `Checker::new`), the module links
/// `hashbrown` only for `regex-lite`'s capture names, 2.4 KB smaller gzipped (this map
/// alone 1.3 KB), with the same policy-compile time. Only its lookups and the indices it
/// hands out are used, never its order, so both give the same scanner.
#[cfg(not(target_arch = "wasm32"))]
type SpellingIndex = std::collections::HashMap<String, u32, std::hash::BuildHasherDefault<Fnv>>;
#[cfg(target_arch = "wasm32")]
type SpellingIndex = BTreeMap<String, u32>;

/// An empty [`SpellingIndex`] for about `n` spellings.
#[cfg(not(target_arch = "wasm32"))]
fn spelling_index(n: usize) -> SpellingIndex {
    SpellingIndex::with_capacity_and_hasher(n, std::hash::BuildHasherDefault::default())
}

/// The index of folded spelling `f` among the automaton's patterns, added if new.
fn intern(index: &mut SpellingIndex, f: String) -> u32 {
    let next = index.len() as u32;
    *index.entry(f).or_insert(next)
}

/// An empty [`SpellingIndex`] (an ordered map takes no capacity).
#[cfg(target_arch = "wasm32")]
fn spelling_index(_: usize) -> SpellingIndex {
    SpellingIndex::new()
}

/// FNV-1a: a fast hash for the short strings of a lexicon (its keys are the policy's own).
#[cfg(not(target_arch = "wasm32"))]
struct Fnv(u64);

#[cfg(not(target_arch = "wasm32"))]
impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

impl Scanner {
    /// The payloads of pattern `i`.
    fn payloads_of(&self, i: usize) -> Option<&[Payload]> {
        let (s, e) = (*self.payload_starts.get(i)?, *self.payload_starts.get(i + 1)?);
        self.payloads.get(s as usize..e as usize)
    }

    pub(crate) fn new(sources: &[GroupSource<'_>]) -> Result<Scanner, PolicyError> {
        let spellings: usize = sources.iter().map(|s| s.terms.len() * 4 + s.except.len()).sum();
        let mut index = spelling_index(spellings);
        // (pattern, payload), in the order they were added.
        let mut pairs: Vec<(u32, Payload)> = Vec::with_capacity(spellings);
        let mut regexes = Vec::new();
        let mut term_ids = Vec::new();
        let mut sure = Vec::new();
        let mut groups = BTreeMap::new();
        let add = |index: &mut SpellingIndex, mut f: String, mut p: Payload, pairs: &mut Vec<(u32, Payload)>| {
            // A trailing separator never survives folding before a Japanese character: the
            // pattern goes without it (a hit then checks the original; an exception is only
            // the wider for it). A trailing mask stays: 大○ is a spelling with its mask.
            let bare = f.trim_end_matches(|c| crate::text::is_separator(c) && !crate::text::is_mask(c));
            if bare.len() < f.len() && !bare.is_empty() {
                f.truncate(bare.len());
                if let Payload::Hit { comma, .. } = &mut p {
                    *comma = true;
                }
            }
            if f.is_empty() {
                return;
            }
            pairs.push((intern(index, f), p));
        };
        for (gi, src) in sources.iter().enumerate() {
            let group = gi as u32;
            groups.insert(src.name.clone(), group);
            for e in src.except {
                add(&mut index, fold(e), Payload::Except { group, term: None }, &mut pairs);
            }
            for t in src.terms {
                let term = term_ids.len() as u32;
                term_ids.push(t.id.clone());
                if t.sure {
                    sure.push(term);
                }
                for m in crate::lexicon::spellings(t) {
                    // Short kana words, and every spelling the library generated that starts
                    // in kana (a reading, a conjugated form: 楽しんでください holds
                    // しんでください, 楽しんだ方がいい しんだ方がいい), only count at word edges.
                    let folded = fold(&m);
                    let generated = !t.matches.contains(&m);
                    // A look-alike in first place (氏ね for しね) must not be read out of a
                    // longer word either: 山本氏ね、 is a name and a particle.
                    let odd_start = generated
                        && m.chars().next().is_some_and(|c| {
                            is_kanji(c)
                                && !t.matches.iter().chain(&t.verb).chain(&t.adjective).any(|w| w.starts_with(c))
                        });
                    let edge = t.edge
                        && (is_short_kana(&folded)
                            || odd_start
                            || (generated && (is_kana(&folded) || folded.chars().next().is_some_and(is_hiragana))));
                    let uniform = m.chars().all(|c| is_hiragana(c) || c == 'ー')
                        || m.chars().all(|c| is_katakana(c) || c == 'ー');
                    let mixed = !generated && mixes_kana(&m);
                    let hit = Payload::Hit { group, term, edge, uniform, mixed, comma: false };
                    add(&mut index, folded, hit, &mut pairs);
                }
                for e in &t.except {
                    add(&mut index, fold(e), Payload::Except { group, term: Some(term) }, &mut pairs);
                }
                if let Some(re) = &t.regex {
                    let re = TermRegex::new(re, group, term, |lit| intern(&mut index, lit)).map_err(|message| {
                        PolicyError::from_problem(PolicyProblem::BadRegex { term: t.id.clone(), message })
                    })?;
                    regexes.push(re);
                }
            }
        }
        // The patterns by index (the order they were first added).
        let mut patterns = vec![String::new(); index.len()];
        for (f, i) in index {
            if let Some(slot) = patterns.get_mut(i as usize) {
                *slot = f;
            }
        }
        // The payloads grouped by pattern, each pattern's in the order they were added.
        let mut payload_starts = vec![0u32; patterns.len() + 1];
        for &(i, _) in &pairs {
            if let Some(n) = payload_starts.get_mut(i as usize + 1) {
                *n += 1;
            }
        }
        for i in 1..payload_starts.len() {
            let before = payload_starts.get(i - 1).copied().unwrap_or(0);
            if let Some(n) = payload_starts.get_mut(i) {
                *n += before;
            }
        }
        let mut next = payload_starts.clone();
        let mut payloads = vec![Payload::Except { group: 0, term: None }; pairs.len()];
        for (i, p) in pairs {
            if let Some(at) = next.get_mut(i as usize) {
                if let Some(slot) = payloads.get_mut(*at as usize) {
                    *slot = p;
                }
                *at += 1;
            }
        }
        let ac = if patterns.is_empty() {
            None
        } else {
            let bytes: Vec<&[u8]> = patterns.iter().map(String::as_bytes).collect();
            Some(Matcher::new(&bytes, Options { dfa: use_dfa(patterns.len()), ..Options::STANDARD }).map_err(|e| {
                PolicyError::from_problem(PolicyProblem::Compile { message: format!("lexicon automaton: {e}") })
            })?)
        };
        Ok(Scanner {
            ac,
            #[cfg(not(target_arch = "wasm32"))]
            lazy: std::sync::OnceLock::new(),
            #[cfg(not(target_arch = "wasm32"))]
            lazy_from: LAZY_FROM,
            #[cfg(not(target_arch = "wasm32"))]
            lazy_rows: crate::lazy_dfa::MAX_ROWS,
            patterns,
            masked: std::sync::OnceLock::new(),
            payloads,
            payload_starts,
            regexes,
            term_ids,
            sure,
            groups,
            n_groups: sources.len(),
            group_masked: sources.iter().map(|s| s.masked).collect(),
        })
    }

    /// Records the hits of `found` (and the exceptions, when `excepts` is given); the
    /// ranges in `hidden` are words with a mask inside and need no word edges.
    fn collect(
        &self,
        norm: &Normalized,
        original: &str,
        found: impl Iterator<Item = (usize, usize, usize)>,
        all: &mut Vec<(u32, Hit)>,
        mut excepts: Option<&mut Vec<Except>>,
        hidden: &[(usize, usize)],
    ) {
        let text = norm.as_str();
        let bytes = text.as_bytes();
        for (s, e, pattern) in found {
            let Some(list) = self.payloads_of(pattern) else { continue };
            let first = bytes.get(s);
            let last = e.checked_sub(1).and_then(|i| bytes.get(i));
            let cut_left = ascii_word(first) && s > 0 && ascii_word(bytes.get(s - 1));
            let cut_right = ascii_word(last) && ascii_word(bytes.get(e));
            let mut edges: Option<bool> = None;
            let mut mixed: Option<bool> = None;
            for p in list {
                match *p {
                    Payload::Hit { group, term, edge, uniform, mixed: wants_mixed, comma } => {
                        if cut_left || cut_right {
                            continue;
                        }
                        if comma && !separator_after(norm, original, s, e) {
                            continue;
                        }
                        if edge
                            && !hidden.contains(&(s, e))
                            && !*edges.get_or_insert_with(|| at_word_edges(norm, original, s, e))
                        {
                            continue;
                        }
                        if uniform || wants_mixed {
                            let is_mixed = *mixed.get_or_insert_with(|| mixes_scripts(norm, original, s, e));
                            if (uniform && is_mixed) || (wants_mixed && !is_mixed) {
                                continue;
                            }
                        }
                        all.push((group, Hit { start: s as u32, end: e as u32, term }));
                    }
                    Payload::Except { group, term } => {
                        // An exception is one phrase: none spans a line break, which folding
                        // drops (バカ\nげんきでね is no バカげ), or a 。.
                        let one_phrase = || {
                            norm.original_range(s, e)
                                .and_then(|(os, oe)| original.get(os..oe))
                                .is_none_or(|t| !t.contains(['\n', '。']))
                        };
                        if let Some(x) = excepts.as_deref_mut()
                            && one_phrase()
                        {
                            x.push((s as u32, e as u32, group, term));
                        }
                    }
                }
            }
        }
    }

    /// The hits of the policy's regexes in the folded `text`, whose lexicon matches are
    /// `found`.
    fn regex_hits(&self, text: &str, found: &[(usize, usize, usize)], all: &mut Vec<(u32, Hit)>) {
        let mut spans = Vec::new();
        for re in &self.regexes {
            spans.clear();
            re.find(text, found, &mut spans);
            for &(start, end) in &spans {
                if start < end {
                    all.push((re.group, Hit { start: start as u32, end: end as u32, term: re.term }));
                }
            }
        }
    }

    /// Every match of the lexicon in the folded `text`, overlapping ones included, by end:
    /// through the lazy DFA for a long text outside WebAssembly, else the automaton itself
    /// (the two give the same matches in the same order).
    fn lexicon(&self, ac: &Matcher, text: &str, out: &mut Vec<(usize, usize, usize)>) {
        #[cfg(not(target_arch = "wasm32"))]
        if text.len() >= self.lazy_from {
            if let Matcher::Nfa(nfa) = ac {
                let lazy = self.lazy.get_or_init(|| {
                    let bytes: Vec<&[u8]> = self.patterns.iter().map(String::as_bytes).collect();
                    crate::lazy_dfa::LazyDfa::new(nfa, &bytes, self.lazy_rows)
                });
                if let Some(lazy) = lazy {
                    lazy.overlapping(nfa, text, out);
                    return;
                }
            }
        }
        ac.overlapping(text, out);
    }

    /// [`Scanner::lexicon`] for the automaton of masked spellings and the masked folding.
    fn masked_matches(&self, masked: &Masked, text: &str, out: &mut Vec<(usize, usize, usize)>) {
        #[cfg(not(target_arch = "wasm32"))]
        if text.len() >= self.lazy_from {
            if let (Matcher::Nfa(nfa), Some(lazy)) = (&masked.ac, &masked.lazy) {
                lazy.overlapping(nfa, text, out);
                return;
            }
        }
        masked.ac.overlapping(text, out);
    }

    /// Makes texts of at least `bytes` folded bytes go through a lazy DFA whose caches hold
    /// `rows` rows (`bytes` 0: every text; `usize::MAX`: none), to compare the two searches.
    #[cfg(all(test, not(target_arch = "wasm32")))]
    pub(crate) fn set_lazy(&mut self, bytes: usize, rows: usize) {
        self.lazy_from = bytes;
        self.lazy_rows = rows;
        self.lazy = std::sync::OnceLock::new();
        self.masked = std::sync::OnceLock::new();
    }

    /// The lexicon's contiguous NFA, if it is one, and its patterns.
    #[cfg(all(test, not(target_arch = "wasm32")))]
    pub(crate) fn lexicon_nfa(&self) -> Option<(&aho_corasick::nfa::contiguous::NFA, Vec<&[u8]>)> {
        match &self.ac {
            Some(Matcher::Nfa(nfa)) => Some((nfa, self.patterns.iter().map(String::as_bytes).collect())),
            _ => None,
        }
    }

    pub(crate) fn group(&self, name: &str) -> Option<u32> {
        self.groups.get(name).copied()
    }

    /// The terms whose hits a model does not overrule ([`Term::sure`]), sorted.
    pub(crate) fn sure_terms(&self) -> &[u32] {
        &self.sure
    }

    pub(crate) fn term_id(&self, term: u32) -> &str {
        self.term_ids.get(term as usize).map_or("", String::as_str)
    }

    /// The automaton of masked spellings: every pattern of three or more Japanese characters
    /// with one of them replaced by the mask `○` (the middle one only, in three), mapped to
    /// the pattern it stands for.
    fn masked(&self) -> Option<&Masked> {
        self.masked
            .get_or_init(|| {
                let mut variants: Vec<String> = Vec::new();
                let mut owner: Vec<u32> = Vec::new();
                for (i, p) in self.patterns.iter().enumerate() {
                    let chars: Vec<char> = p.chars().collect();
                    // A spelling written with its mask (○ね, 大○): matched as written, in the
                    // masked folding only, where every mask is one character (a run of masks
                    // is a placeholder and never matches: see `touches_mask` below).
                    if chars.len() >= 2 && chars.iter().any(|&c| crate::text::is_mask(c)) {
                        variants.push(chars.iter().map(|&c| if crate::text::is_mask(c) { MASK } else { c }).collect());
                        owner.push(i as u32);
                        continue;
                    }
                    if chars.len() < 3 || !chars.iter().all(|c| !c.is_ascii()) {
                        continue;
                    }
                    // In a three-character word only the middle one may be masked: a mask at
                    // either end of so short a word is a placeholder (〇日は, 〇〇まつり).
                    // (the last one may be, when the other two are kana: フェ〇).
                    let kana_head = chars.iter().take(2).all(|&c| is_hiragana(c) || c == 'ー');
                    let positions = if chars.len() == 3 { 1..(if kana_head { 3 } else { 2 }) } else { 0..chars.len() };
                    for at in positions {
                        let v: String =
                            chars.iter().enumerate().map(|(j, &c)| if j == at { MASK } else { c }).collect();
                        variants.push(v);
                        owner.push(i as u32);
                    }
                }
                if variants.is_empty() {
                    return None;
                }
                let bytes: Vec<&[u8]> = variants.iter().map(String::as_bytes).collect();
                let ac = Matcher::new(&bytes, Options::STANDARD).ok()?;
                #[cfg(not(target_arch = "wasm32"))]
                let lazy = match &ac {
                    Matcher::Nfa(nfa) => crate::lazy_dfa::LazyDfa::new(nfa, &bytes, self.lazy_rows),
                    Matcher::Dfa(_) => None,
                };
                Some(Masked {
                    ac,
                    owner,
                    #[cfg(not(target_arch = "wasm32"))]
                    lazy,
                })
            })
            .as_ref()
    }

    /// Finds every term in `norm` (and, when the text has a masking character, in its
    /// masked folding `masked`, whose hits map back through the original text).
    pub(crate) fn scan(&self, norm: &Normalized, original: &str) -> Hits {
        // A post meets a few dozen spellings; a document about one per 30 bytes.
        let mut all: Vec<(u32, Hit)> = Vec::with_capacity(norm.as_str().len() / 32 + 16);
        let mut excepts: Vec<Except> = Vec::new();
        let mut found = Vec::with_capacity(norm.as_str().len() / 32 + 16);
        if let Some(ac) = &self.ac {
            self.lexicon(ac, norm.as_str(), &mut found);
            // The regexes first: those with a literal start read where the lexicon found it.
            self.regex_hits(norm.as_str(), &found, &mut all);
            self.collect(norm, original, found.drain(..), &mut all, Some(&mut excepts), &[]);
        } else {
            self.regex_hits(norm.as_str(), &[], &mut all);
        }
        if norm.has_mask() {
            if let Some(m) = self.masked() {
                let masked = Normalized::with_masks(original);
                let mt = masked.as_str();
                // A run of masks (××, 〇〇) is a placeholder for a name, not one hidden letter:
                // a match may not touch a mask outside itself.
                let touches_mask = |s: usize, e: usize| {
                    mt.get(..s).and_then(|t| t.chars().next_back()) == Some(MASK)
                        || mt.get(e..).and_then(|t| t.chars().next()) == Some(MASK)
                        || mt.get(s..e).is_some_and(|t| t.contains(&format!("{MASK}{MASK}")))
                };
                self.masked_matches(m, mt, &mut found);
                let found = found
                    .drain(..)
                    .filter(|&(s, e, _)| !touches_mask(s, e))
                    .filter_map(|(s, e, p)| Some((s, e, *m.owner.get(p)? as usize)));
                // Hits in the masked folding are moved onto the main folding by way of the
                // original text, so every hit of a group shares one coordinate system. A mask
                // inside a word (ち〇こ, not まん〇) is a word hidden on purpose: it needs no
                // word edges (朝からち〇こ元気), which the other hits go on to ask for.
                let (mut moved, mut hidden) = (Vec::new(), Vec::new());
                for (s, e, p) in found {
                    let Some((os, oe)) = masked.original_range(s, e) else { continue };
                    if let Some((fs, fe)) = norm.folded_range(os, oe) {
                        moved.push((fs, fe, p));
                        // The mask is neither the first nor the last character.
                        let mut inner = mt.get(s..e).unwrap_or("").chars();
                        inner.next();
                        inner.next_back();
                        if inner.as_str().contains(MASK) {
                            hidden.push((fs, fe));
                        }
                    }
                }
                // A masked spelling is a hit, never an exception: し○でくれ is しんでくれ, not the
                // exception しねで that its first three characters could also stand for.
                let before = all.len();
                self.collect(norm, original, moved.into_iter(), &mut all, None, &hidden);
                let tail = all.split_off(before);
                all.extend(tail.into_iter().filter(|&(g, _)| self.group_masked.get(g as usize) == Some(&true)));
            }
        }
        // An exception covers a hit when the two overlap: 「自転車乗って」 cancels 「車乗っ」 though
        // it ends before the hit does. Exceptions are sorted by start so each hit looks only at
        // a short window.
        crate::sort::sort(&mut excepts);
        let longest = excepts.iter().map(|x| x.1 - x.0).max().unwrap_or(0);
        if !excepts.is_empty() {
            all.retain(|&(g, h)| {
                let upto = excepts.partition_point(|x| x.0 < h.end);
                let from = excepts.partition_point(|x| x.0 < h.start.saturating_sub(longest));
                !excepts.get(from..upto).unwrap_or_default().iter().any(|&(s, e, group, term)| {
                    group == g && term.is_none_or(|t| t == h.term) && s < h.end && h.start < e
                })
            });
        }
        group_hits(all, self.n_groups)
    }
}

/// The hits of each group sorted by position, without repeats: in the WebAssembly build,
/// by a sort of the whole list by group and position (the smaller code).
#[cfg(target_arch = "wasm32")]
fn group_hits(mut all: Vec<(u32, Hit)>, n_groups: usize) -> Hits {
    crate::sort::sort(&mut all);
    all.dedup();
    let mut starts = Vec::with_capacity(n_groups + 1);
    let mut at = 0usize;
    for g in 0..=n_groups as u32 {
        while all.get(at).is_some_and(|&(h, _)| h < g) {
            at += 1;
        }
        starts.push(at as u32);
    }
    Hits { hits: all.into_iter().map(|(_, h)| h).collect(), starts }
}

/// The hits of each group sorted by position, without repeats. The hits come in the order
/// of their ends: put in runs by group (a counting sort, which keeps that order), each run
/// is nearly sorted already.
#[cfg(not(target_arch = "wasm32"))]
fn group_hits(all: Vec<(u32, Hit)>, n_groups: usize) -> Hits {
    // `starts[g + 1]`: how many hits groups up to `g` have.
    let mut starts = vec![0u32; n_groups + 1];
    for &(g, _) in &all {
        if let Some(n) = starts.get_mut(g as usize + 1) {
            *n += 1;
        }
    }
    let mut total = 0;
    for n in &mut starts {
        total += *n;
        *n = total;
    }
    let mut hits = vec![Hit { start: 0, end: 0, term: 0 }; total as usize];
    // `ends[g]`: where group `g`'s run ends, once every hit is in place.
    let mut ends = starts.clone();
    for (g, h) in all.into_iter().filter(|&(g, _)| (g as usize) < n_groups) {
        let Some(at) = ends.get_mut(g as usize) else { continue };
        if let Some(slot) = hits.get_mut(*at as usize) {
            *slot = h;
        }
        *at += 1;
    }
    // Sort each run and drop repeats, moving the runs down over them (the last entry,
    // past every group, becomes the number of hits kept).
    let mut kept = 0usize;
    let mut from = 0usize;
    for (start, &end) in starts.iter_mut().zip(&ends) {
        let to = end as usize;
        *start = kept as u32;
        if to == from {
            continue;
        }
        if let Some(run) = hits.get_mut(from..to) {
            if !run.is_sorted() {
                crate::sort::sort(run);
            }
        }
        let run_start = kept;
        for i in from..to {
            let Some(&h) = hits.get(i) else { break };
            if kept > run_start && hits.get(kept - 1) == Some(&h) {
                continue;
            }
            if let Some(slot) = hits.get_mut(kept) {
                *slot = h;
            }
            kept += 1;
        }
        from = to;
    }
    hits.truncate(kept);
    Hits { hits, starts }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// [`group_hits`] gives what sorting the whole list by group and position, and
        /// dropping repeats, gives.
        #[test]
        fn hits_grouped_as_by_a_sort_of_the_whole_list(
            raw in prop::collection::vec((0u32..6, 0u32..40, 0u32..8, 0u32..3), 0..80),
        ) {
            let all: Vec<(u32, Hit)> =
                raw.iter().map(|&(g, s, len, term)| (g, Hit { start: s, end: s + len, term })).collect();
            let mut sorted = all.clone();
            sorted.sort();
            sorted.dedup();
            let got = group_hits(all, 5);
            for g in 0..7u32 {
                let want: Vec<Hit> = sorted.iter().filter(|&&(h, _)| h == g && g < 5).map(|&(_, h)| h).collect();
                prop_assert_eq!(got.group(g), &want[..]);
            }
            prop_assert_eq!(got.hits.len(), sorted.iter().filter(|&&(g, _)| g < 5).count());
        }

        /// A regex with a literal start finds, through the literal, what `find_iter` finds
        /// over the whole text: the same matches, leftmost-first and not overlapping.
        #[test]
        fn a_regex_found_through_its_literal_start_as_over_the_whole_text(
            text in "[あっていaa」 ]{0,40}",
            which in 0usize..7,
        ) {
            let pattern = ["って$", "ってい*", "aa", "a(?:a|っ)て", "って[いあ]+$", "っ?て", "」って"][which];
            let re = TermRegex::new(pattern, 0, 0, |_| 3).map_err(TestCaseError::fail)?;
            // What the automaton would find: every occurrence of the literal, overlapping
            // ones included, among other patterns' matches.
            let mut found = Vec::new();
            if let Some(lit) = literal_start(pattern) {
                for (at, _) in text.char_indices() {
                    if text[at..].starts_with(lit.as_str()) {
                        found.push((at, at, 1));
                        found.push((at, at + lit.len(), 3));
                    }
                }
            }
            let mut got = Vec::new();
            re.find(&text, &found, &mut got);
            let want: Vec<(usize, usize)> = re.re.find_iter(&text).map(|m| (m.start(), m.end())).collect();
            prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn a_literal_start_is_what_every_match_starts_with() {
        assert_eq!(literal_start("って$").as_deref(), Some("って"));
        assert_eq!(literal_start("ってい*").as_deref(), Some("って"));
        assert_eq!(literal_start("ab{2}").as_deref(), Some("a"));
        assert_eq!(literal_start("a+"), None);
        assert_eq!(literal_start("(?i)abc"), None);
        assert_eq!(literal_start("って|だって"), None);
        assert_eq!(literal_start("[0-9]+円"), None);
        assert_eq!(literal_start("\\d+"), None);
    }
}
