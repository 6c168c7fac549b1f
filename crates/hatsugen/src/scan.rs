//! One pass over the folded text: every lexicon term of every group in one Aho-Corasick
//! automaton, exceptions included, plus the few regex terms a policy declares.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex_lite::Regex;

use crate::policy::{PolicyError, PolicyErrorKind, Term};
use crate::text::{Normalized, fold};

/// Compiles a policy regex with the limits that keep an untrusted policy cheap.
pub(crate) fn build_regex(pattern: &str) -> Result<Regex, String> {
    regex_lite::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .nest_limit(64)
        .build()
        .map_err(|e| e.to_string().lines().last().unwrap_or_default().trim().to_owned())
}

/// Up to this many patterns the automaton is a full DFA.
const DFA_MAX_PATTERNS: usize = 5_000;

/// A full DFA searches about twice as fast as the contiguous NFA but takes several times
/// longer to build; WebAssembly, where the build is the start-up cost a user waits for,
/// and very large lexicons use the NFA.
fn automaton_kind(patterns: usize) -> AhoCorasickKind {
    if cfg!(target_arch = "wasm32") || patterns > DFA_MAX_PATTERNS {
        AhoCorasickKind::ContiguousNFA
    } else {
        AhoCorasickKind::DFA
    }
}

#[derive(Debug, Clone, Copy)]
enum Payload {
    Hit { group: u32, term: u32 },
    Except { group: u32, term: Option<u32> },
}

/// A term match in the folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Hit {
    pub(crate) start: u32,
    pub(crate) end: u32,
    pub(crate) term: u32,
}

/// Matches by group index, each sorted by position.
#[derive(Debug, Clone, Default)]
pub(crate) struct Hits {
    by_group: Vec<Vec<Hit>>,
}

impl Hits {
    pub(crate) fn group(&self, g: u32) -> &[Hit] {
        self.by_group.get(g as usize).map_or(&[], Vec::as_slice)
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
}

#[derive(Debug)]
pub(crate) struct Scanner {
    ac: Option<AhoCorasick>,
    payloads: Vec<Vec<Payload>>,
    regexes: Vec<(Regex, u32, u32)>,
    term_ids: Vec<String>,
    groups: HashMap<String, u32>,
    n_groups: usize,
}

fn ascii_word(b: Option<&u8>) -> bool {
    b.is_some_and(u8::is_ascii_alphanumeric)
}

impl Scanner {
    pub(crate) fn new(sources: &[GroupSource<'_>]) -> Result<Scanner, PolicyError> {
        let mut patterns: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut payloads: Vec<Vec<Payload>> = Vec::new();
        let mut regexes = Vec::new();
        let mut term_ids = Vec::new();
        let mut groups = HashMap::new();
        let mut add = |s: &str, p: Payload, patterns: &mut Vec<String>, payloads: &mut Vec<Vec<Payload>>| {
            let f = fold(s);
            if f.is_empty() {
                return;
            }
            let i = *index.entry(f).or_insert_with_key(|k| {
                patterns.push(k.clone());
                payloads.push(Vec::new());
                patterns.len() - 1
            });
            if let Some(list) = payloads.get_mut(i) {
                list.push(p);
            }
        };
        for (gi, src) in sources.iter().enumerate() {
            let group = gi as u32;
            groups.insert(src.name.clone(), group);
            for e in src.except {
                add(e, Payload::Except { group, term: None }, &mut patterns, &mut payloads);
            }
            for t in src.terms {
                let term = term_ids.len() as u32;
                term_ids.push(t.id.clone());
                for m in &t.matches {
                    add(m, Payload::Hit { group, term }, &mut patterns, &mut payloads);
                }
                for e in &t.except {
                    add(e, Payload::Except { group, term: Some(term) }, &mut patterns, &mut payloads);
                }
                if let Some(re) = &t.regex {
                    let re = build_regex(re).map_err(|m| {
                        PolicyError::new(
                            PolicyErrorKind::Invalid,
                            format!("regex of term `{}` does not compile: {m}", t.id),
                        )
                    })?;
                    regexes.push((re, group, term));
                }
            }
        }
        let ac = if patterns.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .kind(Some(automaton_kind(patterns.len())))
                    .build(&patterns)
                    .map_err(|e| PolicyError::new(PolicyErrorKind::TooLarge, format!("lexicon automaton: {e}")))?,
            )
        };
        Ok(Scanner { ac, payloads, regexes, term_ids, groups, n_groups: sources.len() })
    }

    pub(crate) fn group(&self, name: &str) -> Option<u32> {
        self.groups.get(name).copied()
    }

    pub(crate) fn term_id(&self, term: u32) -> &str {
        self.term_ids.get(term as usize).map_or("", String::as_str)
    }

    pub(crate) fn scan(&self, norm: &Normalized) -> Hits {
        let text = norm.as_str();
        let bytes = text.as_bytes();
        let mut by_group: Vec<Vec<Hit>> = vec![Vec::new(); self.n_groups];
        let mut excepts: Vec<(u32, u32, u32, Option<u32>)> = Vec::new();
        if let Some(ac) = &self.ac {
            for m in ac.find_overlapping_iter(text) {
                let (s, e) = (m.start(), m.end());
                let Some(list) = self.payloads.get(m.pattern().as_usize()) else { continue };
                let first = bytes.get(s);
                let last = e.checked_sub(1).and_then(|i| bytes.get(i));
                let cut_left = ascii_word(first) && s > 0 && ascii_word(bytes.get(s - 1));
                let cut_right = ascii_word(last) && ascii_word(bytes.get(e));
                for p in list {
                    match *p {
                        Payload::Hit { group, term } => {
                            if cut_left || cut_right {
                                continue;
                            }
                            if let Some(v) = by_group.get_mut(group as usize) {
                                v.push(Hit { start: s as u32, end: e as u32, term });
                            }
                        }
                        Payload::Except { group, term } => excepts.push((s as u32, e as u32, group, term)),
                    }
                }
            }
        }
        for (re, group, term) in &self.regexes {
            for m in re.find_iter(text) {
                if m.start() < m.end() {
                    if let Some(v) = by_group.get_mut(*group as usize) {
                        v.push(Hit { start: m.start() as u32, end: m.end() as u32, term: *term });
                    }
                }
            }
        }
        // An exception covers a hit when it starts at or before it and ends at or after it;
        // exceptions are sorted by start so each hit looks only at a short window.
        excepts.sort_unstable_by_key(|x| x.0);
        let longest = excepts.iter().map(|x| x.1 - x.0).max().unwrap_or(0);
        for (g, hits) in by_group.iter_mut().enumerate() {
            if !excepts.is_empty() {
                hits.retain(|h| {
                    let upto = excepts.partition_point(|x| x.0 <= h.start);
                    let from = excepts.partition_point(|x| x.0 < h.start.saturating_sub(longest));
                    !excepts.get(from..upto).unwrap_or_default().iter().any(|&(s, e, group, term)| {
                        group as usize == g && term.is_none_or(|t| t == h.term) && s <= h.start && h.end <= e
                    })
                });
            }
            hits.sort_unstable();
            hits.dedup();
        }
        Hits { by_group }
    }
}
