//! Digit runs: one left-to-right pass collects each run of digits (ASCII or full-width)
//! joined by separators (hyphens, dots, spaces, brackets, 「ー」, ideographic spaces;
//! zero-width characters are ignored), keeping the original byte position of every digit.
//! Each run is classified once as a whole — so 13 digits never yield a 12-digit sub-match —
//! and only runs that contain spaces are, failing that, split at the spaces to look for
//! phone numbers written next to each other. Every step is bounded, so the pass is linear.

use super::chars::{self, sep};
use super::checkdigit;
use super::keywords::{Ctx, Hit, WINDOW, cat};
use super::{Confidence, PiiKind, PiiMatch, address, birth_plate, mask};
use crate::report::Severity;

/// Longest run classified as a whole (longer runs are only split at spaces).
const MAX_WHOLE: usize = 24;

/// How far before a phone number an office word (代表, 市役所, 〇〇課 …) counts, in
/// characters.
const OFFICE_WINDOW: usize = 20;

/// A run of digits and separators, with the byte span of every digit.
#[derive(Debug, Default)]
pub(super) struct Run {
    /// Span start: the first digit, or a `+` / `(` just before it.
    lead: usize,
    /// Written with a leading `+` (international form).
    plus: bool,
    /// Digit values.
    digits: Vec<u8>,
    /// Byte start of each digit.
    starts: Vec<usize>,
    /// Byte end of each digit.
    ends: Vec<usize>,
    /// Groups: (index of the first digit, separator kinds before the group).
    groups: Vec<(usize, u8)>,
}

impl Run {
    fn clear(&mut self) {
        self.digits.clear();
        self.starts.clear();
        self.ends.clear();
        self.groups.clear();
        self.plus = false;
    }
}

/// A contiguous slice `[g0, g1)` of a run's groups.
#[derive(Debug, Clone, Copy)]
pub(super) struct View<'r> {
    run: &'r Run,
    g0: usize,
    g1: usize,
}

impl<'r> View<'r> {
    fn first(&self) -> usize {
        self.run.groups.get(self.g0).map_or(0, |g| g.0)
    }

    fn last_excl(&self) -> usize {
        self.run.groups.get(self.g1).map_or(self.run.digits.len(), |g| g.0)
    }

    /// Digit values.
    pub(super) fn digits(&self) -> &'r [u8] {
        self.run.digits.get(self.first()..self.last_excl()).unwrap_or(&[])
    }

    /// Number of digits.
    pub(super) fn len(&self) -> usize {
        self.last_excl().saturating_sub(self.first())
    }

    /// Byte start of the first digit.
    pub(super) fn digit_start(&self) -> usize {
        self.run.starts.get(self.first()).copied().unwrap_or(0)
    }

    /// Span start, including a leading `+` or `(` for the whole run.
    pub(super) fn start(&self) -> usize {
        if self.g0 == 0 { self.run.lead } else { self.digit_start() }
    }

    /// Byte end of the last digit.
    pub(super) fn end(&self) -> usize {
        self.last_excl().checked_sub(1).and_then(|i| self.run.ends.get(i)).copied().unwrap_or(0)
    }

    fn plus(&self) -> bool {
        self.g0 == 0 && self.run.plus
    }

    /// Number of groups.
    pub(super) fn ngroups(&self) -> usize {
        self.g1.saturating_sub(self.g0)
    }

    /// Group lengths.
    pub(super) fn lens(&self) -> impl Iterator<Item = usize> + '_ {
        let gs = self.run.groups.get(self.g0..self.g1).unwrap_or(&[]);
        let last = self.last_excl();
        gs.iter().enumerate().map(move |(i, g)| {
            let next = gs.get(i + 1).map_or(last, |n| n.0);
            next.saturating_sub(g.0)
        })
    }

    /// Whether the group lengths are exactly `want`.
    pub(super) fn lens_are(&self, want: &[usize]) -> bool {
        self.ngroups() == want.len() && self.lens().zip(want).all(|(a, &b)| a == b)
    }

    /// Separator kinds used inside the view.
    pub(super) fn seps(&self) -> u8 {
        let gs = self.run.groups.get(self.g0..self.g1).unwrap_or(&[]);
        gs.iter().skip(1).fold(0, |acc, g| acc | g.1)
    }

    /// Whether every separator inside the view includes one of `bits`.
    pub(super) fn each_sep_has(&self, bits: u8) -> bool {
        let gs = self.run.groups.get(self.g0..self.g1).unwrap_or(&[]);
        gs.iter().skip(1).all(|g| g.1 & bits != 0)
    }

    /// The view without its last group, when that group is set off by spaces alone
    /// (「2-1-3 401号」, 「4-2-7 8冊」: a room number or a count written after a number).
    pub(super) fn before_spaced_last(&self) -> Option<View<'r>> {
        let last = self.run.groups.get(self.g1.checked_sub(1)?)?;
        (self.ngroups() >= 4 && last.1 == sep::SPACE).then_some(View { g1: self.g1 - 1, ..*self })
    }

    fn all_single(&self) -> bool {
        self.ngroups() == self.len()
    }
}

/// What classifying a view found.
enum Outcome {
    /// A finding.
    Found(PiiMatch),
    /// Recognised as something that is not personal data (or deliberately not reported):
    /// stop looking at this run.
    Suppressed,
    /// Nothing recognised.
    NotMatched,
}

/// Scan all digit runs of the text.
pub(super) fn scan(cx: &Ctx<'_>, out: &mut Vec<PiiMatch>) {
    let bytes = cx.text.as_bytes();
    let mut run = Run::default();
    let mut chunks: Vec<usize> = Vec::new();
    let mut i = 0;
    while let Some(at) = next_digit_lead(bytes, i) {
        if !starts_digit(bytes, at) {
            i = at + 1;
            continue;
        }
        if let Some(m) = birth_plate::plate(cx, at) {
            i = m.end;
            out.push(m);
            continue;
        }
        i = read_run(cx.text, at, &mut run).max(at + 1);
        classify_run(cx, &run, &mut chunks, out);
    }
}

/// The first byte at or after `from` that may start a digit: an ASCII digit or 0xEF, the
/// lead byte of the full-width ones. (One byte at a time in the WebAssembly build, the
/// smaller code.)
#[cfg(target_arch = "wasm32")]
fn next_digit_lead(bytes: &[u8], from: usize) -> Option<usize> {
    Some(from + bytes.get(from..)?.iter().position(|&x| x.is_ascii_digit() || x == 0xEF)?)
}

/// The first byte at or after `from` that may start a digit: an ASCII digit or 0xEF, the
/// lead byte of the full-width ones. Eight bytes at a time: most of a text has neither.
#[cfg(not(target_arch = "wasm32"))]
fn next_digit_lead(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let is_lead = |x: &u8| x.is_ascii_digit() || *x == 0xEF;
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut at = from;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        // A byte below 10 in `w ^ '0'…` (a digit), or zero in `w ^ 0xEF…`: the usual tests
        // for a byte less than n (n <= 128), exact for whether the word has one.
        let digits = w ^ (ONES * 0x30);
        let leads = w ^ (ONES * 0xEF);
        let found = (digits.wrapping_sub(ONES * 10) & !digits | leads.wrapping_sub(ONES) & !leads) & HIGHS;
        if found != 0 {
            if let Some(p) = chunk.iter().position(is_lead) {
                return Some(at + p);
            }
        }
        at += 8;
    }
    chunks.remainder().iter().position(is_lead).map(|p| at + p)
}

fn starts_digit(bytes: &[u8], at: usize) -> bool {
    match bytes.get(at..at + 3) {
        Some([0xEF, 0xBC, b]) if (0x90..=0x99).contains(b) => true,
        _ => bytes.get(at).is_some_and(u8::is_ascii_digit),
    }
}

/// Read the run starting at the digit at `at`; returns the byte end of its last digit.
fn read_run(text: &str, at: usize, run: &mut Run) -> usize {
    run.clear();
    run.lead = at;
    let mut opened = false;
    let head = text.get(..at).unwrap_or("");
    if let Some((p, c)) = head.char_indices().rev().take(8).find(|&(_, c)| !chars::is_transparent(c)) {
        match c {
            '+' | '＋' => {
                run.plus = true;
                run.lead = p;
            }
            '(' | '（' => {
                run.lead = p;
                opened = true;
            }
            _ => {}
        }
    }
    let mut p = at;
    let mut pending: Option<u8> = Some(0);
    while let Some((c, v)) = char_at(text, p).and_then(|c| Some((c, chars::digit_value(c)?))) {
        if let Some(bits) = pending.take() {
            run.groups.push((run.digits.len(), bits));
        }
        run.digits.push(v);
        run.starts.push(p);
        p += c.len_utf8();
        run.ends.push(p);
        // Separators up to the next digit: at most three visible ones.
        let mut q = p;
        let mut n = 0;
        let mut bits = 0u8;
        let mut digit_follows = false;
        while let Some(c) = char_at(text, q) {
            if chars::digit_value(c).is_some() {
                digit_follows = true;
                break;
            }
            if chars::is_transparent(c) {
                q += c.len_utf8();
                continue;
            }
            match chars::sep_kind(c) {
                Some(k) if n < 3 => {
                    n += 1;
                    bits |= k;
                    q += c.len_utf8();
                }
                _ => break,
            }
        }
        if !digit_follows {
            break;
        }
        if bits != 0 {
            pending = Some(bits);
        }
        p = q;
    }
    // A bracket before the number belongs to it only when it closes after the first
    // group: (03)1234-5678.
    if opened && run.groups.get(1).is_none_or(|g| g.1 & sep::CLOSE == 0) {
        run.lead = at;
    }
    run.ends.last().copied().unwrap_or(at)
}

/// The character at byte `p` (a character boundary), with a fast path for ASCII.
fn char_at(text: &str, p: usize) -> Option<char> {
    match text.as_bytes().get(p) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => text.get(p..)?.chars().next(),
        None => None,
    }
}

fn classify_run(cx: &Ctx<'_>, run: &Run, chunks: &mut Vec<usize>, out: &mut Vec<PiiMatch>) {
    let whole = View { run, g0: 0, g1: run.groups.len() };
    if whole.seps() & sep::NO == 0 {
        classify_view(cx, whole, chunks, out);
        return;
    }
    // 「090の1234の5678」, 「090/1234/5678」: only a phone number is read across 「の」 or a
    // slash; otherwise each part (「2-3の4」, 「3の1」, 「2026/12/05」) is classified on its own.
    if (10..=11).contains(&whole.len()) {
        if let Outcome::Found(m) = phone_only(cx, whole) {
            out.push(m);
            return;
        }
    }
    let mut g0 = 0;
    for (i, g) in run.groups.iter().enumerate().skip(1) {
        if g.1 & sep::NO != 0 {
            classify_view(cx, View { run, g0, g1: i }, chunks, out);
            g0 = i;
        }
    }
    classify_view(cx, View { run, g0, g1: run.groups.len() }, chunks, out);
}

fn classify_view(cx: &Ctx<'_>, whole: View<'_>, chunks: &mut Vec<usize>, out: &mut Vec<PiiMatch>) {
    let run = whole.run;
    if whole.len() <= MAX_WHOLE {
        match classify(cx, whole) {
            Outcome::Found(m) => {
                out.push(m);
                return;
            }
            // A run that only begins in a date or a path (12/05 090-1234-5678) may still
            // hold a phone number in its space-separated chunks, which are checked below.
            Outcome::Suppressed if whole.seps() & sep::SPACE == 0 => return,
            Outcome::Suppressed | Outcome::NotMatched => {}
        }
        if let Some(m) = address::from_run(cx, whole).or_else(|| address::romanised(cx, whole)) {
            out.push(m);
            return;
        }
    }
    // Numbers written next to each other, separated by spaces: look for phone numbers
    // made of whole space-separated chunks.
    if whole.len() < 10 || whole.seps() & sep::SPACE == 0 {
        return;
    }
    chunks.clear();
    let groups = run.groups.get(whole.g0..whole.g1).unwrap_or(&[]);
    chunks
        .extend(groups.iter().enumerate().filter(|(i, g)| *i == 0 || g.1 & sep::SPACE != 0).map(|(i, _)| whole.g0 + i));
    let mut s = 0;
    while s < chunks.len() {
        let mut found = None;
        for e in s..chunks.len() {
            let (Some(&g0), g1) = (chunks.get(s), chunks.get(e + 1).copied().unwrap_or(whole.g1)) else {
                break;
            };
            let v = View { run, g0, g1 };
            if v.len() > 11 {
                break;
            }
            if v.len() >= 10 {
                if let Outcome::Found(m) = phone_only(cx, v) {
                    found = Some((e, m));
                }
                break;
            }
        }
        match found {
            Some((e, m)) => {
                out.push(m);
                s = e + 1;
            }
            None => s += 1,
        }
    }
}

/// Characters that, right next to a run, mean it is part of a URL, path, code or e-mail.
/// A slash only counts when it joins ASCII (a URL, a path, a date such as 4/1): between
/// Japanese words it is a list separator (「〇〇銀行/本店/普通/1234567/名義」,
/// 「090-1234-5678／山田」).
fn is_embedding(c: char) -> bool {
    matches!(c, '\\' | '=' | '?' | '&' | '#' | '_' | '%' | '@' | '＠' | '＃' | '$' | '＄' | '¥' | '￥' | '€' | '£')
}

fn is_slash(c: char) -> bool {
    matches!(c, '/' | '／')
}

/// Whether the run is embedded in a URL, path, code or e-mail: checks the visible
/// characters before `start` and after `end`.
fn embedded(text: &str, start: usize, end: usize) -> bool {
    let ascii_side = |c: Option<(usize, char)>| {
        c.is_some_and(|(_, c)| {
            let a = chars::to_ascii(c);
            a.is_ascii_alphanumeric() || matches!(a, ':' | '.' | '/' | '~' | '-' | '_')
        })
    };
    let before = match chars::prev_visible(text, start) {
        Some((p, c)) if is_slash(c) => ascii_side(chars::prev_visible(text, p)),
        Some((_, c)) => is_embedding(c),
        None => false,
    };
    before
        || match chars::next_visible(text, end) {
            Some((p, c)) if is_slash(c) => ascii_side(chars::next_visible(text, p + c.len_utf8())),
            Some((_, c)) => is_embedding(c),
            None => false,
        }
}

/// Units that make a number an amount.
fn is_amount_unit(c: char) -> bool {
    matches!(c, '円' | '万' | '億' | '兆' | '%' | '％' | '‰' | '千')
}

/// Counters after a plain number: 人, 年, 件 …
fn is_count_unit(c: char) -> bool {
    matches!(
        c,
        '人' | '年'
            | '月'
            | '日'
            | '時'
            | '分'
            | '秒'
            | '件'
            | '個'
            | '回'
            | '歳'
            | '才'
            | '名'
            | '倍'
            | '台'
            | '本'
            | '枚'
            | '冊'
            | '点'
            | '位'
            | '世'
            | '度'
            | '戸'
            | '票'
            | '㎡'
            | '円'
    )
}

fn classify(cx: &Ctx<'_>, v: View<'_>) -> Outcome {
    let text = cx.text;
    let len = v.len();
    let (start, end) = (v.start(), v.end());
    let prev = chars::prev_visible(text, start).map(|(_, c)| c);
    let next = chars::next_visible(text, end).map(|(_, c)| c);
    if embedded(text, start, end) {
        return Outcome::Suppressed;
    }
    if next.is_some_and(is_amount_unit) || (v.ngroups() == 1 && next.is_some_and(is_count_unit)) {
        return Outcome::Suppressed;
    }
    let room = text.get(end..).is_some_and(|t| t.starts_with("号室"));
    if len < 10 && (prev == Some('第') || (next == Some('号') && !room)) {
        return Outcome::Suppressed;
    }
    if len <= 4 && !v.plus() {
        // Only a labelled value (記号 12) or an address (1-2-3, tried by the caller) is
        // this short.
        if prev.is_some_and(chars::is_latin) || next.is_some_and(chars::is_latin) {
            return Outcome::Suppressed;
        }
        // A label (記号, 番号, No.) ends right before, or after a little punctuation.
        if !prev.is_some_and(|c| matches!(c, '号' | '.') || chars::is_label_gap(c)) {
            return Outcome::NotMatched;
        }
        return labelled(cx, v).unwrap_or(Outcome::NotMatched);
    }
    if cx.label_before(start, cat::ISBN, 3, &['N', 'n']).is_some() {
        return Outcome::Suppressed;
    }
    if let Some(o) = document(cx, v) {
        return o;
    }
    let prev_latin = prev.is_some_and(chars::is_latin);
    let next_latin = next.is_some_and(chars::is_latin);
    if prev_latin || next_latin {
        return lettered(cx, v, prev_latin, next_latin);
    }
    if v.plus() {
        return phone_intl(cx, v);
    }
    if let Some(o) = postal(cx, v) {
        return o;
    }
    if let Some(o) = labelled(cx, v) {
        return o;
    }
    if let Some(o) = yucho_pair(cx, v) {
        return o;
    }
    if let Some(o) = pension(cx, v) {
        return o;
    }
    if let Some(o) = phone(cx, v) {
        return o;
    }
    match len {
        12 => twelve(cx, v),
        13 => Outcome::Suppressed, // 法人番号 or another 13-digit code: never split.
        14..=16 => card(cx, v),
        7 => bank(cx, v),
        _ => Outcome::NotMatched,
    }
}

fn finding(
    kind: PiiKind,
    start: usize,
    end: usize,
    severity: Severity,
    masked: String,
    confidence: Confidence,
) -> PiiMatch {
    PiiMatch { kind, start, end, severity, masked, confidence, note: None }
}

// ---------------------------------------------------------------------------------------
// Letters around the digits: passports, residence cards, "TEL090-…".

/// Passport (2 letters + 7 digits) and residence card (2 letters + 8 digits + 2 letters)
/// numbers next to their keyword, in either case, the letters joined to the digits or
/// set off by one space or hyphen: 「TR1234567」「TR 1234567」「AB 1234 5678 CD」
/// 「AB-12345678-CD」「ab12345678cd」. `None` when the shape or the keyword is missing.
fn document(cx: &Ctx<'_>, v: View<'_>) -> Option<Outcome> {
    let text = cx.text;
    let (ds, end) = (v.digit_start(), v.end());
    let seps_ok = v.seps() & !(sep::SPACE | sep::HYPHEN) == 0;
    let ls = letters_before(text, ds)?;
    match v.len() {
        7 if v.ngroups() == 1 && !chars::next_visible(text, end).is_some_and(|(_, c)| chars::is_latin(c)) => {
            if !cx.near(ls, end, cat::PASSPORT, WINDOW, 15) {
                return None;
            }
            let head: String = text.get(ls..ds)?.chars().filter(|&c| chars::is_latin(c)).map(chars::to_ascii).collect();
            let masked = format!("{}{}", head.to_ascii_uppercase(), mask::keep_last(v.digits(), 3));
            Some(Outcome::Found(finding(PiiKind::Passport, ls, end, Severity::Block, masked, Confidence::High)))
        }
        8 if seps_ok && (v.ngroups() == 1 || v.lens_are(&[4, 4])) => {
            let le = letters_after(text, end)?;
            if !cx.near(ls, le, cat::RESIDENCE, WINDOW, 15) {
                return None;
            }
            let letters = |s: &str| -> String {
                s.chars().filter(|&c| chars::is_latin(c)).map(|c| chars::to_ascii(c).to_ascii_uppercase()).collect()
            };
            let masked = format!("{}{}{}", letters(text.get(ls..ds)?), "*".repeat(8), letters(text.get(end..le)?));
            Some(Outcome::Found(finding(PiiKind::ResidenceCard, ls, le, Severity::Block, masked, Confidence::High)))
        }
        _ => None,
    }
}

fn lettered(cx: &Ctx<'_>, v: View<'_>, prev_latin: bool, next_latin: bool) -> Outcome {
    // A phone number grouped in three parts stays one even with letters glued to it:
    // 「090-1234-5678taro」; TEL090-1234-5678, Tel.03-1234-5678.
    if !v.plus() && (v.ngroups() >= 3 && v.seps() & sep::HYPHEN != 0 || prev_latin && !next_latin) {
        if let Some(o) = phone(cx, v) {
            return o;
        }
    }
    Outcome::Suppressed
}

/// Whether `c` may sit between the letters and the digits of a document number.
fn is_doc_sep(c: char) -> bool {
    matches!(chars::sep_kind(c), Some(sep::SPACE | sep::HYPHEN))
}

/// Byte start of exactly two Latin letters (either case) right before `pos`, or before
/// one space or hyphen there, not preceded by a third letter or a digit, and not a label
/// such as `No` or `ID`.
fn letters_before(text: &str, pos: usize) -> Option<usize> {
    let mut p = chars::prev_visible(text, pos).map_or(pos, |(i, c)| i + c.len_utf8());
    if let Some((i, _)) = chars::prev_visible(text, p).filter(|&(_, c)| is_doc_sep(c)) {
        p = chars::prev_visible(text, i).map_or(i, |(j, c)| j + c.len_utf8());
    }
    let mut it = text.get(..p)?.char_indices().rev();
    let (_, b) = it.next()?;
    let (ia, a) = it.next()?;
    if !(chars::is_latin(a) && chars::is_latin(b)) || is_label_pair(a, b) {
        return None;
    }
    match it.next() {
        Some((_, c)) if chars::is_latin(c) || chars::digit_value(c).is_some() || matches!(c, '.' | '-') => None,
        _ => Some(ia),
    }
}

/// Byte end of exactly two Latin letters right after `pos` (or after one space or hyphen).
fn letters_after(text: &str, pos: usize) -> Option<usize> {
    let mut p = chars::next_visible(text, pos).map_or(pos, |(i, _)| i);
    if let Some((i, c)) = chars::next_visible(text, p).filter(|&(_, c)| is_doc_sep(c)) {
        p = chars::next_visible(text, i + c.len_utf8()).map_or(i + c.len_utf8(), |(j, _)| j);
    }
    let mut it = text.get(p..)?.chars();
    let a = it.next()?;
    let b = it.next()?;
    if !(chars::is_latin(a) && chars::is_latin(b)) {
        return None;
    }
    match it.next() {
        Some(c) if chars::is_latin(c) || chars::digit_value(c).is_some() => None,
        _ => Some(p + a.len_utf8() + b.len_utf8()),
    }
}

/// `No` and `ID`, which label a number rather than start one.
fn is_label_pair(a: char, b: char) -> bool {
    let (a, b) = (chars::to_ascii(a).to_ascii_lowercase(), chars::to_ascii(b).to_ascii_lowercase());
    matches!((a, b), ('n', 'o') | ('i', 'd'))
}

// ---------------------------------------------------------------------------------------
// Phone numbers.

/// The type of a Japanese phone number (national form, leading 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PhoneType {
    /// 090 / 080 / 070 / 060.
    Mobile,
    /// 050 IP phone.
    Ip,
    /// Fixed line (area code), 10 digits.
    Fixed,
    /// 0120 / 0800 free dial, 0570 navi dial, 0180, 0990: business numbers.
    Business,
}

fn phone_type(d: &[u8]) -> Option<PhoneType> {
    let (&d0, &d1, &d2, &d3) = (d.first()?, d.get(1)?, d.get(2)?, d.get(3)?);
    if d0 != 0 || d1 == 0 {
        return None;
    }
    match d.len() {
        11 => match (d1, d2, d3) {
            (8, 0, 0) => Some(PhoneType::Business),
            (6..=9, 0, _) => Some(PhoneType::Mobile),
            (5, 0, _) => Some(PhoneType::Ip),
            _ => None,
        },
        10 => match (d1, d2, d3) {
            (1, 2, 0) | (5, 7, 0) | (1, 8, 0) | (9, 9, 0) => Some(PhoneType::Business),
            (2 | 5..=9, 0, _) => None,
            _ => Some(PhoneType::Fixed),
        },
        _ => None,
    }
}

/// Plausible grouping for a phone number: one group, one digit per group after the first
/// (evasion: 0 9 0 5 5 5 5 1 2 3 4, 090 5 5 5 5 1 2 3 4, 070-5 5 1 8-2 2 6 4), or an area
/// code of 2-5 digits first.
fn phone_shape_ok(v: View<'_>) -> bool {
    let n = v.ngroups();
    if n == 1 || v.lens().skip(1).all(|l| l == 1) {
        return true;
    }
    let mut lens = v.lens();
    let first = lens.next().unwrap_or(0);
    let last = v.lens().last().unwrap_or(0);
    match n {
        // 03-5555-1234, 0467-55-1234, 090-5555-1234: the subscriber number has 4 digits.
        3 => (2..=5).contains(&first) && last == 4,
        // 03-55551234, 090-55551234, 035555-1234.
        2 => ((2..=3).contains(&first) && last >= 7) || last == 4,
        // Split further to evade: 090 55 55 1234.
        _ => (2..=5).contains(&first) && n <= 6 && lens.all(|l| l <= 4),
    }
}

fn phone(cx: &Ctx<'_>, v: View<'_>) -> Option<Outcome> {
    let ty = phone_type(v.digits())?;
    if !phone_shape_ok(v) {
        return None;
    }
    Some(phone_finding(cx, v, ty, false))
}

/// Sub-runs: only phone numbers.
fn phone_only(cx: &Ctx<'_>, v: View<'_>) -> Outcome {
    let text = cx.text;
    let prev = chars::prev_visible(text, v.start()).map(|(_, c)| c);
    let next = chars::next_visible(text, v.end()).map(|(_, c)| c);
    if embedded(text, v.start(), v.end()) || next.is_some_and(is_amount_unit) {
        return Outcome::Suppressed;
    }
    if prev.is_some_and(chars::is_latin) && next.is_some_and(chars::is_latin) {
        return Outcome::NotMatched;
    }
    match phone_type(v.digits()) {
        Some(ty) if phone_shape_ok(v) => phone_finding(cx, v, ty, false),
        _ => Outcome::NotMatched,
    }
}

/// +81 forms: +81-90-1234-5678, +81 3 1234 5678, +81 (0)3 1234 5678.
fn phone_intl(cx: &Ctx<'_>, v: View<'_>) -> Outcome {
    let d = v.digits();
    if d.get(..2) != Some(&[8, 1][..]) {
        return Outcome::Suppressed;
    }
    let rest = d.get(2..).unwrap_or(&[]);
    let national: Vec<u8> = if rest.first() == Some(&0) { rest.to_vec() } else { [&[0u8][..], rest].concat() };
    match phone_type(&national) {
        Some(ty) => phone_finding_digits(cx, v, ty, &national, true),
        None => Outcome::Suppressed,
    }
}

fn phone_finding(cx: &Ctx<'_>, v: View<'_>, ty: PhoneType, intl: bool) -> Outcome {
    phone_finding_digits(cx, v, ty, v.digits(), intl)
}

fn phone_finding_digits(cx: &Ctx<'_>, v: View<'_>, ty: PhoneType, national: &[u8], intl: bool) -> Outcome {
    phone_at(cx, v.start(), v.end(), ty, national, Some((v, intl)), v.ngroups() > 1 || intl)
}

/// A phone number spelled out in words (「ゼロキューゼロ…」「〇八〇の一二三四…」): its
/// finding, with the same context rules as written numbers, or `None` when the digits are
/// not a private phone number.
pub(super) fn spoken_phone(cx: &Ctx<'_>, start: usize, end: usize, digits: &[u8]) -> Option<PiiMatch> {
    let ty = phone_type(digits)?;
    match phone_at(cx, start, end, ty, digits, None, true) {
        Outcome::Found(m) => Some(m),
        Outcome::Suppressed | Outcome::NotMatched => None,
    }
}

/// Where an organisation's contact line that has reached `end` may continue: the next
/// [`OFFICE_WINDOW`] characters, across line breaks but not past the end of a sentence.
fn office_line_end(text: &str, end: usize) -> usize {
    let mut hi = end;
    for c in text.get(end..).unwrap_or("").chars().take(OFFICE_WINDOW) {
        if matches!(c, '。' | '！' | '？' | '!' | '?') {
            break;
        }
        hi += c.len_utf8();
    }
    hi
}

/// A form's example rather than a number: everything after the first three digits is
/// one repeated digit (03-0000-0000, 090-0000-0000).
fn is_placeholder_number(d: &[u8]) -> bool {
    d.get(3..).is_some_and(|rest| rest.windows(2).all(|w| w.first() == w.get(1)))
}

fn phone_at(
    cx: &Ctx<'_>,
    start: usize,
    end: usize,
    ty: PhoneType,
    digits: &[u8],
    written: Option<(View<'_>, bool)>,
    grouped: bool,
) -> Outcome {
    if ty == PhoneType::Business {
        // Free dial / navi dial numbers belong to businesses and public bodies.
        return Outcome::Suppressed;
    }
    if is_placeholder_number(digits) {
        return Outcome::Suppressed;
    }
    // The author's own / a private number, or an office's or a business's (内線, an
    // extension, only exists on an organisation's line); those words count only close by.
    let personal = cx.nearest(start, end, cat::OWN | cat::PRIVATE, WINDOW, 10);
    let office = cx.nearest(start, end, cat::OFFICE | cat::EXTENSION | cat::BUSINESS, OFFICE_WINDOW, 10);
    let ctx = match (personal, office) {
        (Some(p), Some(o)) => Some(if o.1 < p.1 { o } else { p }),
        (p, o) => p.or(o),
    };
    // A line of an organisation's contacts: 「窓口 TEL 0466-00-1111 FAX 0466-00-2222」.
    let (line_from, line_to) = cx.office_line.get();
    let chained = ctx.is_none() && (line_from..line_to).contains(&start) && ty != PhoneType::Mobile;
    let (severity, confidence, note) = match ctx.map(|(h, _): (Hit, usize)| h.cats) {
        _ if chained => {
            cx.office_line.set((end, office_line_end(cx.text, end)));
            return Outcome::Suppressed;
        }
        Some(c) if c & cat::OWN != 0 => (Severity::Warn, Confidence::High, Some("own_number")),
        Some(c) if c & cat::PRIVATE != 0 => (Severity::Block, Confidence::High, None),
        Some(_) => {
            // An office / published number.
            if ty != PhoneType::Mobile {
                cx.office_line.set((end, office_line_end(cx.text, end)));
                return Outcome::Suppressed;
            }
            // A mobile said near a member of the public (窓口に来たおばあちゃん、090-…) is
            // theirs: the office word tells where they were met.
            if cx.near(start, end, cat::HONORIFIC | cat::RESIDENT | cat::PERSON, WINDOW, 10) {
                (Severity::Block, Confidence::Medium, None)
            } else {
                (Severity::Warn, Confidence::Low, Some("office_context"))
            }
        }
        None => {
            let confidence = if cx.near(start, end, cat::PHONE, WINDOW, 10) {
                Confidence::High
            } else if grouped {
                Confidence::Medium
            } else {
                Confidence::Low
            };
            (Severity::Block, confidence, None)
        }
    };
    // The masked form is only made for a finding: as written (`written`: the digits' view
    // and whether in the +81 form), or in the usual groups for a number said in words.
    let masked = match written {
        Some((v, intl)) => mask_phone(digits, v, intl),
        None => mask_phone_digits(digits, &[]),
    };
    let mut m = finding(PiiKind::Phone, start, end, severity, masked, confidence);
    m.note = note;
    Outcome::Found(m)
}

fn mask_phone(national: &[u8], v: View<'_>, intl: bool) -> String {
    if intl {
        return mask_phone_intl(national);
    }
    let lens: Vec<usize> = if v.ngroups() == 3 { v.lens().collect() } else { Vec::new() };
    mask_phone_digits(national, &lens)
}

fn mask_phone_intl(national: &[u8]) -> String {
    let local = mask_phone_digits(national, &[]);
    format!("+81-{}", local.get(1..).unwrap_or(""))
}

/// `090-****-5678`, grouped as written (`lens`, three groups) or in the usual way.
fn mask_phone_digits(national: &[u8], lens: &[usize]) -> String {
    let total = national.len();
    let mut lens = lens.to_vec();
    if lens.len() != 3 || lens.iter().sum::<usize>() != total {
        lens = match (total, national.get(1), national.get(2)) {
            (11, Some(8), Some(0)) if national.get(3) == Some(&0) => vec![4, 3, 4],
            (11, _, _) => vec![3, 4, 4],
            (_, Some(3 | 6), _) => vec![2, 4, 4],
            _ => vec![3, 3, 4],
        };
    }
    let (a, b) = (lens.first().copied().unwrap_or(3), lens.get(1).copied().unwrap_or(4));
    let digits = |r: &[u8]| r.iter().map(|d| char::from(b'0' + d)).collect::<String>();
    let area = national.get(..a).unwrap_or(&[]);
    let last = national.get(a + b..).unwrap_or(&[]);
    format!("{}-{}-{}", digits(area), "*".repeat(b), digits(last))
}

// ---------------------------------------------------------------------------------------
// Postal codes, labelled fields, pension numbers.

fn postal(cx: &Ctx<'_>, v: View<'_>) -> Option<Outcome> {
    let text = cx.text;
    let (start, end) = (v.start(), v.end());
    let shape = v.lens_are(&[3, 4]) || (v.len() == 7 && (v.ngroups() == 1 || v.all_single()));
    let mark = cx.label_before(start, cat::POSTAL_MARK, 2, &['〒']);
    if mark.is_none() && !shape {
        return None;
    }
    let keyword = cx.near(start, end, cat::POSTAL, 12, 0);
    let place_after = v.lens_are(&[3, 4]) && v.seps() & sep::HYPHEN != 0 && place_follows(text, end);
    if mark.is_none() && !(shape && (keyword || place_after)) {
        return None;
    }
    if !shape {
        return Some(Outcome::Suppressed);
    }
    let lo = mark.map_or(start, |h| h.start);
    if cx.near(lo, end, cat::FACILITY, WINDOW, WINDOW) {
        return Some(Outcome::Suppressed);
    }
    let d = v.digits();
    let head: String = d.iter().take(3).map(|x| char::from(b'0' + x)).collect();
    let masked = format!("〒{head}-****");
    let conf = if mark.is_some() || keyword { Confidence::High } else { Confidence::Medium };
    Some(Outcome::Found(finding(PiiKind::PostalCode, lo, end, Severity::Warn, masked, conf)))
}

/// A prefecture or city name follows: "123-4567 千葉県…".
fn place_follows(text: &str, end: usize) -> bool {
    let tail = text.get(end..).unwrap_or("");
    let mut n = 0;
    for c in tail.chars().skip_while(|&c| matches!(c, ' ' | '\u{3000}')).take(5) {
        if !chars::is_kanji(c) {
            return false;
        }
        n += 1;
        if n >= 2 && matches!(c, '都' | '道' | '府' | '県' | '市' | '区' | '町' | '村' | '郡') {
            return true;
        }
    }
    false
}

/// Values after a field label: 記号 / 番号 near 保険証 (health insurance) or ゆうちょ
/// (bank account).
fn labelled(cx: &Ctx<'_>, v: View<'_>) -> Option<Outcome> {
    let (start, end) = (v.start(), v.end());
    let label = cx.label_before(start, cat::LABEL, 3, &['号', '.'])?;
    if label.cats & cat::INSURER != 0 {
        // 保険者番号: the insurer's published number, not the insured person's.
        return Some(Outcome::Suppressed);
    }
    let len = v.len();
    let ins = cx.nearest(start, end, cat::INSURANCE, WINDOW, WINDOW);
    let yucho = cx.nearest(start, end, cat::YUCHO, WINDOW, 10);
    let ds = v.digit_start();
    if let Some((_, dy)) = yucho {
        if (5..=8).contains(&len) && ins.is_none_or(|(_, di)| dy <= di) {
            let masked = mask::keep_last(v.digits(), 2);
            return Some(Outcome::Found(finding(
                PiiKind::BankAccount,
                ds,
                end,
                Severity::Block,
                masked,
                Confidence::High,
            )));
        }
    }
    if ins.is_some() && len <= 10 {
        let masked = mask::each_digit(cx.text.get(ds..end).unwrap_or(""));
        return Some(Outcome::Found(finding(
            PiiKind::HealthInsurance,
            ds,
            end,
            Severity::Block,
            masked,
            Confidence::High,
        )));
    }
    None
}

/// ゆうちょ's 記号 and 番号 written as one value, 5 digits then 6 to 8 (10180-38215741),
/// near ゆうちょ.
fn yucho_pair(cx: &Ctx<'_>, v: View<'_>) -> Option<Outcome> {
    if !(v.lens_are(&[5, 8]) || v.lens_are(&[5, 7]) || v.lens_are(&[5, 6])) {
        return None;
    }
    let (start, end) = (v.start(), v.end());
    cx.nearest(start, end, cat::YUCHO, WINDOW, 10)?;
    let masked = mask::keep_last(v.digits(), 2);
    Some(Outcome::Found(finding(PiiKind::BankAccount, v.digit_start(), end, Severity::Block, masked, Confidence::High)))
}

/// 基礎年金番号: 4 + 6 digits near 年金.
fn pension(cx: &Ctx<'_>, v: View<'_>) -> Option<Outcome> {
    if v.len() != 10 || !(v.ngroups() == 1 || v.lens_are(&[4, 6]) || v.all_single()) {
        return None;
    }
    let (start, end) = (v.digit_start(), v.end());
    let (_, dp) = cx.nearest(start, end, cat::PENSION, WINDOW, 10)?;
    if phone_type(v.digits()).is_some() && !v.lens_are(&[4, 6]) {
        if let Some((_, dt)) = cx.nearest(start, end, cat::PHONE, WINDOW, 10) {
            if dt < dp {
                return None;
            }
        }
    }
    let d = v.digits();
    let masked = format!("****-**{}", mask::digits_str(d.get(6..).unwrap_or(&[])));
    Some(Outcome::Found(finding(PiiKind::PensionNumber, start, end, Severity::Block, masked, Confidence::High)))
}

// ---------------------------------------------------------------------------------------
// 12 digits: My Number, driver's licence, or a long number to double-check.

fn twelve(cx: &Ctx<'_>, v: View<'_>) -> Outcome {
    let d = v.digits();
    let dotted = v.seps() & sep::DOT != 0;
    let grouped_444 = v.lens_are(&[4, 4, 4]);
    let shape_ok = v.ngroups() == 1 || v.all_single() || grouped_444 || (!dotted && v.lens().all(|l| l <= 4));
    if !shape_ok {
        return Outcome::Suppressed;
    }
    let (start, end) = (v.digit_start(), v.end());
    let mynum = cx.nearest(start, end, cat::MYNUM, WINDOW, 10);
    // Tracking, order and member numbers (12 digits are common there).
    if let Some((_, doth)) = cx.nearest(start, end, cat::OTHER_ID, WINDOW, 10) {
        if mynum.is_none_or(|(_, dm)| doth < dm) {
            return Outcome::Suppressed;
        }
    }
    if let Some((_, dl)) = cx.nearest(start, end, cat::LICENCE, WINDOW, 10) {
        if mynum.is_none_or(|(_, dm)| dl < dm) {
            let masked = mask::keep_last_grouped(d, 4);
            return Outcome::Found(finding(
                PiiKind::DriversLicence,
                start,
                end,
                Severity::Block,
                masked,
                Confidence::High,
            ));
        }
    }
    let timestamp = v.ngroups() == 1 && looks_like_timestamp(d);
    let masked = mask::keep_last_grouped(d, 4);
    if checkdigit::my_number_digits_valid(d) {
        if timestamp && mynum.is_none() {
            return Outcome::Suppressed;
        }
        let conf = if mynum.is_some() {
            Confidence::High
        } else if grouped_444 {
            Confidence::Medium
        } else {
            Confidence::Low
        };
        let mut m = finding(PiiKind::MyNumber, start, end, Severity::Block, masked, conf);
        if cx.near(start, end, cat::OWN, WINDOW, 0) {
            m.note = Some("own_number");
        }
        return Outcome::Found(m);
    }
    if timestamp {
        return Outcome::Suppressed;
    }
    // Twelve digits the post itself calls a My Number are one, as far as posting goes: a
    // mistyped digit still discloses the other eleven.
    if mynum.is_some() {
        let mut m = finding(PiiKind::MyNumber, start, end, Severity::Block, masked, Confidence::Medium);
        m.note = Some("check_digit_mismatch");
        return Outcome::Found(m);
    }
    Outcome::Found(finding(PiiKind::LongNumber, start, end, Severity::Info, masked, Confidence::Low))
}

/// YYYYMMDDhhmm.
fn looks_like_timestamp(d: &[u8]) -> bool {
    let num = |r: std::ops::Range<usize>| d.get(r).map(|s| s.iter().fold(0u32, |a, &x| a * 10 + u32::from(x)));
    matches!(
        (num(0..4), num(4..6), num(6..8), num(8..10), num(10..12)),
        (Some(1900..=2099), Some(1..=12), Some(1..=31), Some(0..=23), Some(0..=59))
    )
}

// ---------------------------------------------------------------------------------------
// Payment cards.

/// Card brand by prefix and length (Visa, Mastercard, Amex, JCB, Diners, Discover,
/// UnionPay).
fn card_brand_ok(d: &[u8]) -> bool {
    let p = |n: usize| d.get(..n).map_or(0, |s| s.iter().fold(0u32, |a, &x| a * 10 + u32::from(x)));
    let len = d.len();
    match len {
        16 => {
            matches!(p(1), 4)
                || matches!(p(2), 51..=55 | 62 | 65)
                || matches!(p(4), 2221..=2720 | 3528..=3589 | 6011)
                || matches!(p(3), 644..=649)
        }
        15 => matches!(p(2), 34 | 37),
        14 => matches!(p(2), 36 | 38 | 39) || matches!(p(3), 300..=305) || p(4) == 3095,
        _ => false,
    }
}

fn card(cx: &Ctx<'_>, v: View<'_>) -> Outcome {
    let d = v.digits();
    let shape = v.ngroups() == 1
        || v.all_single()
        || v.lens_are(&[4, 4, 4, 4])
        || (v.seps() & sep::DOT == 0
            && [&[4, 6, 5][..], &[4, 6, 4], &[4, 4, 4, 2], &[4, 4, 4, 3]].iter().any(|w| v.lens_are(w)));
    if !shape || !card_brand_ok(d) || !checkdigit::luhn_digits_valid(d) {
        return Outcome::NotMatched;
    }
    let (start, end) = (v.digit_start(), v.end());
    let conf = if cx.near(start, end, cat::CARD, WINDOW, 10) { Confidence::High } else { Confidence::Medium };
    let masked = mask::keep_last_grouped(d, 4);
    Outcome::Found(finding(PiiKind::CreditCard, start, end, Severity::Block, masked, conf))
}

// ---------------------------------------------------------------------------------------
// Bank accounts: 7 digits after bank words.

fn bank(cx: &Ctx<'_>, v: View<'_>) -> Outcome {
    if !(v.ngroups() == 1 || v.all_single() || v.seps() & sep::SPACE != 0) {
        return Outcome::NotMatched;
    }
    let (start, end) = (v.digit_start(), v.end());
    if !cx.near(start, end, cat::BANK, WINDOW, 0) {
        return Outcome::NotMatched;
    }
    let masked = mask::keep_last(v.digits(), 3);
    Outcome::Found(finding(PiiKind::BankAccount, start, end, Severity::Block, masked, Confidence::High))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_leads_are_found_eight_bytes_at_a_time_as_one_by_one() {
        use proptest::prelude::*;
        let byte = prop::sample::select(vec![
            b'0',
            b'5',
            b'9',
            b'/',
            b':',
            b'a',
            b' ',
            0xEF,
            0xEE,
            0xE3,
            0x81,
            0xBC,
            0x90,
            0x30 + 0x80,
        ]);
        proptest!(|(bytes in prop::collection::vec(byte, 0..40), from in 0usize..44)| {
            let want = bytes.get(from..).and_then(|b| b.iter().position(|&x| x.is_ascii_digit() || x == 0xEF)).map(|p| p + from);
            prop_assert_eq!(next_digit_lead(&bytes, from), want);
        });
    }

    #[test]
    fn phone_types() {
        let t = |s: &str| phone_type(&s.bytes().map(|b| b - b'0').collect::<Vec<_>>());
        assert_eq!(t("09012345678"), Some(PhoneType::Mobile));
        assert_eq!(t("05012345678"), Some(PhoneType::Ip));
        assert_eq!(t("0312345678"), Some(PhoneType::Fixed));
        assert_eq!(t("0120123456"), Some(PhoneType::Business));
        assert_eq!(t("0570123456"), Some(PhoneType::Business));
        assert_eq!(t("08001234567"), Some(PhoneType::Business));
        assert_eq!(t("0901234567"), None);
        assert_eq!(t("00312345678"), None);
        assert_eq!(t("1234567890"), None);
    }

    #[test]
    fn timestamps() {
        let t = |s: &str| looks_like_timestamp(&s.bytes().map(|b| b - b'0').collect::<Vec<_>>());
        assert!(t("202401150930"));
        assert!(!t("123456789018"));
    }
}
