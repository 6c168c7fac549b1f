//! The multi-pattern automata of the lexicon and of the personal-data keywords, through
//! `aho-corasick`'s concrete automaton types.
//!
//! `aho_corasick::AhoCorasick` holds whichever kind it built behind a trait object, so every
//! kind's build, search and `Debug` code is linked even where one kind is ever used. Here a
//! contiguous NFA is used everywhere and, outside WebAssembly, a DFA where searching speed is
//! worth its longer build (see [`crate::scan`]). Matches are the same with either: the kind
//! only changes speed and memory.

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous;
use aho_corasick::{BuildError, Input, MatchKind};

/// A built automaton.
#[derive(Clone)]
pub(crate) enum Matcher {
    Nfa(contiguous::NFA),
    #[cfg(not(target_arch = "wasm32"))]
    Dfa(aho_corasick::dfa::DFA),
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self {
            Matcher::Nfa(_) => "contiguous NFA",
            #[cfg(not(target_arch = "wasm32"))]
            Matcher::Dfa(_) => "DFA",
        };
        write!(f, "Matcher({kind}, {} patterns)", self.patterns_len())
    }
}

/// How to build one.
#[derive(Clone, Copy)]
pub(crate) struct Options {
    pub(crate) match_kind: MatchKind,
    pub(crate) ascii_case_insensitive: bool,
    pub(crate) prefilter: bool,
    /// A DFA rather than a contiguous NFA (a contiguous NFA on WebAssembly regardless).
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    pub(crate) dfa: bool,
}

impl Options {
    /// Every match, overlapping ones included, any case; a prefilter; a contiguous NFA.
    pub(crate) const STANDARD: Options =
        Options { match_kind: MatchKind::Standard, ascii_case_insensitive: false, prefilter: true, dfa: false };
}

impl Matcher {
    /// Builds the automaton of `patterns` (pattern `i` is reported as `i`).
    pub(crate) fn new(patterns: &[&[u8]], o: Options) -> Result<Matcher, BuildError> {
        #[cfg(not(target_arch = "wasm32"))]
        if o.dfa {
            return aho_corasick::dfa::Builder::new()
                .match_kind(o.match_kind)
                .ascii_case_insensitive(o.ascii_case_insensitive)
                .prefilter(o.prefilter)
                .build(patterns)
                .map(Matcher::Dfa);
        }
        contiguous::Builder::new()
            .match_kind(o.match_kind)
            .ascii_case_insensitive(o.ascii_case_insensitive)
            .prefilter(o.prefilter)
            .build(patterns)
            .map(Matcher::Nfa)
    }

    fn patterns_len(&self) -> usize {
        match self {
            Matcher::Nfa(a) => a.patterns_len(),
            #[cfg(not(target_arch = "wasm32"))]
            Matcher::Dfa(a) => a.patterns_len(),
        }
    }

    /// Every match in `text`, overlapping ones included, as (start, end, pattern), in the
    /// order of their ends (a [`MatchKind::Standard`] automaton; none otherwise).
    pub(crate) fn overlapping(&self, text: &str, out: &mut Vec<(usize, usize, usize)>) {
        fn run<A: Automaton>(a: &A, text: &str, out: &mut Vec<(usize, usize, usize)>) {
            if let Ok(it) = a.try_find_overlapping_iter(Input::new(text)) {
                out.extend(it.map(|m| (m.start(), m.end(), m.pattern().as_usize())));
            }
        }
        match self {
            Matcher::Nfa(a) => run(a, text, out),
            #[cfg(not(target_arch = "wasm32"))]
            Matcher::Dfa(a) => run(a, text, out),
        }
    }

    /// The non-overlapping matches of `text` from left to right, by the automaton's match
    /// kind, as (start, end, pattern).
    pub(crate) fn leftmost(&self, text: &str, out: &mut Vec<(usize, usize, usize)>) {
        #[cfg(not(target_arch = "wasm32"))]
        if let Matcher::Dfa(a) = self {
            if leftmost_dfa(a, text.as_bytes(), out) {
                return;
            }
        }
        fn run<A: Automaton>(a: &A, text: &str, out: &mut Vec<(usize, usize, usize)>) {
            if let Ok(it) = a.try_find_iter(Input::new(text)) {
                out.extend(it.map(|m| (m.start(), m.end(), m.pattern().as_usize())));
            }
        }
        match self {
            Matcher::Nfa(a) => run(a, text, out),
            #[cfg(not(target_arch = "wasm32"))]
            Matcher::Dfa(a) => run(a, text, out),
        }
    }
}

/// [`Matcher::leftmost`] over a DFA: the search of `aho-corasick`'s iterator, state by state
/// (from the start state to a dead one, remembering the last match; then again from the end
/// of that match), in one loop instead of a call per match. Returns `false`, having found
/// nothing, for an automaton whose start state matches (an empty pattern), which the
/// library's iterator handles instead.
#[cfg(not(target_arch = "wasm32"))]
fn leftmost_dfa(a: &aho_corasick::dfa::DFA, hay: &[u8], out: &mut Vec<(usize, usize, usize)>) -> bool {
    use aho_corasick::Anchored;
    let Ok(start) = a.start_state(Anchored::No) else { return false };
    if a.is_match(start) {
        return false;
    }
    let mut from = 0;
    while let Some(rest) = hay.get(from..).filter(|r| !r.is_empty()) {
        let mut sid = start;
        let mut found = None;
        for (i, &b) in rest.iter().enumerate() {
            sid = a.next_state(Anchored::No, sid, b);
            if a.is_special(sid) {
                if a.is_dead(sid) {
                    break;
                }
                if a.is_match(sid) {
                    let end = from + i + 1;
                    let p = a.match_pattern(sid, 0);
                    found = Some((end.saturating_sub(a.pattern_len(p)), end, p.as_usize()));
                }
            }
        }
        let Some(m) = found else { break };
        out.push(m);
        from = m.1;
    }
    true
}
