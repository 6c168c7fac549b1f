//! Dates of birth and licence plates.
//!
//! A date of birth is a full date (the year included: 1975年11月3日, 1985/07/22, 2001.5.14,
//! 昭和38年5月2日, 令和元年…, S38.5.2) with a birth marker right after it (生, 生まれ,
//! 産まれ; a 生 followed by anything but the end, a bracket, punctuation, a space or の is
//! another word: 生誕祭, 生放送) or a label up to 20 characters before it (生年月日, 誕生日,
//! 生年, DOB, born …). Anchored on those keyword hits; each reads at most a few dozen
//! characters.
//!
//! A licence plate is a class number (2–3 digits, not starting with 0), one plate kana and
//! a serial (12-34, ・・12, ・1-23, 1234), spaces allowed between them, after an optional
//! region name (品川, 八戸): anchored on the first digit of each digit run.

use super::chars::{self, sep};
use super::keywords::{Ctx, WINDOW, cat};
use super::numbers::{is_amount_unit, is_count_unit};
use super::{Confidence, PiiKind, PiiMatch, address};
use crate::report::Severity;

/// Eras, their letters, and the year before their first.
const ERAS: [(&str, char, u32); 4] =
    [("昭和", 'S', 1925), ("平成", 'H', 1988), ("令和", 'R', 2018), ("大正", 'T', 1911)];

/// The hiragana of plates (not お, し, へ, ん, nor voiced or small kana).
const PLATE_KANA: &str = "あいうえかきくけこさすせそたちつてとなにぬねのはひふほまみむめもやゆよらりるれろわを";

/// Up to `max` digits at `p`: their value, count and end; `None` when there are none or more.
fn num(text: &str, p: usize, max: usize) -> Option<(u32, usize, usize)> {
    let (mut v, mut n, mut q) = (0, 0, p);
    for c in text.get(p..)?.chars().take(max + 1) {
        let Some(d) = chars::digit_value(c) else { break };
        if n == max {
            return None;
        }
        v = v * 10 + u32::from(d);
        n += 1;
        q += c.len_utf8();
    }
    (n > 0).then_some((v, n, q))
}

/// An era at `p` (昭和, or its letter before a digit): its length and year offset.
fn era_at(text: &str, p: usize) -> Option<(usize, u32)> {
    let tail = text.get(p..)?;
    let c = tail.chars().next()?;
    ERAS.iter().find_map(|&(name, letter, off)| {
        if tail.starts_with(name) {
            Some((name.len(), off))
        } else {
            let digit = chars::next_char(text, p + c.len_utf8()).and_then(chars::digit_value).is_some();
            (chars::to_ascii(c) == letter && digit).then_some((c.len_utf8(), off))
        }
    })
}

/// A full date at `p`, the year included: its end.
fn date_at(text: &str, p: usize) -> Option<usize> {
    let (y, q) = match era_at(text, p) {
        Some((l, off)) if text.get(p + l..)?.starts_with('元') => (off + 1, p + l + '元'.len_utf8()),
        Some((l, off)) => num(text, p + l, 2).filter(|x| x.0 <= 64).map(|(y, _, q)| (off + y, q))?,
        None => num(text, p, 4).filter(|x| x.1 == 4).map(|(y, _, q)| (y, q))?,
    };
    let sep = chars::next_char(text, q)?;
    let kanji = sep == '年';
    if !kanji && !matches!(sep, '/' | '／') && !matches!(chars::sep_kind(sep), Some(sep::HYPHEN | sep::DOT)) {
        return None;
    }
    let (m, _, q) = num(text, q + sep.len_utf8(), 2)?;
    let sep2 = if kanji { '月' } else { sep };
    let (d, _, q) = num(text, q + text.get(q..)?.strip_prefix(sep2).map(|_| sep2.len_utf8())?, 2)?;
    let end = if kanji { q + text.get(q..)?.strip_prefix('日').map(|_| '日'.len_utf8())? } else { q };
    // Not the head of a longer dotted or hyphenated number (2001.5.14.3).
    let next = chars::next_char(text, end);
    if !kanji && next.is_some_and(|c| c == sep || chars::digit_value(c).is_some()) {
        return None;
    }
    address::is_ymd(y, m, d).then_some(end)
}

/// The end of a birth marker at `p`: 生まれ, 産まれ, or 生 before the end, a bracket,
/// punctuation, a space or の.
fn mark_end(text: &str, p: usize) -> Option<usize> {
    let tail = text.get(p..)?;
    if let Some(m) = ["生まれ", "産まれ"].into_iter().find(|m| tail.starts_with(m)) {
        return Some(p + m.len());
    }
    let after = tail.strip_prefix('生')?.chars().next();
    let ok = after.is_none_or(|c| {
        chars::is_sentence_end(c)
            || matches!(chars::sep_kind(c), Some(sep::SPACE | sep::CLOSE | sep::NO))
            || matches!(c, '、' | '，' | ',' | '」' | '』' | '】' | ']' | '.')
    });
    ok.then_some(p + '生'.len_utf8())
}

/// Dates of birth, anchored on their labels and markers.
pub(super) fn births(cx: &Ctx<'_>, out: &mut Vec<PiiMatch>) {
    let text = cx.text;
    let mut consumed = 0;
    for h in cx.hits.iter().filter(|h| h.cats & (cat::BIRTH | cat::BIRTH_MARK) != 0) {
        if h.start < consumed {
            continue;
        }
        let found = if h.cats & cat::BIRTH != 0 {
            // The first place a date may start, across a sentence too (「生年月日が私と同じ
            // だった！小野寺さん、昭和62年8月8日」); the label is in the span when only
            // label punctuation stands between them.
            text.get(h.end..).and_then(|t| {
                let (i, _) = t
                    .char_indices()
                    .take(20)
                    .find(|&(i, c)| chars::digit_value(c).is_some() || era_at(text, h.end + i).is_some())?;
                let ds = h.end + i;
                let de = date_at(text, ds)?;
                let lo = if t.get(..i)?.chars().all(chars::is_label_gap) { h.start } else { ds };
                Some((lo, ds, mark_end(text, de).unwrap_or(de)))
            })
        } else {
            // The date ends at the marker: the farthest start within 16 characters.
            let end = mark_end(text, h.start);
            let head = text.get(..h.start).unwrap_or("");
            let mut found = None;
            for (i, _) in head.char_indices().rev().take(16) {
                if date_at(text, i) == Some(h.start) && chars::prev_char(text, i).and_then(chars::digit_value).is_none()
                {
                    found = end.map(|e| (i, i, e));
                }
            }
            found
        };
        let Some((lo, ds, end)) = found else { continue };
        consumed = end;
        // Digits masked but a western year's first two.
        let keep = if chars::next_char(text, ds).and_then(chars::digit_value).is_some() { 2 } else { 0 };
        let mut seen = 0;
        let masked = text
            .get(lo..end)
            .unwrap_or("")
            .chars()
            .filter(|&c| !chars::is_transparent(c))
            .map(|c| match chars::digit_value(c) {
                Some(_) if seen < keep => {
                    seen += 1;
                    c
                }
                Some(_) => '*',
                None => c,
            })
            .collect();
        out.push(PiiMatch {
            kind: PiiKind::BirthDate,
            start: lo,
            end,
            severity: Severity::Block,
            masked,
            confidence: Confidence::High,
            note: None,
        });
    }
}

/// One optional space at `p`: the position after it.
fn space(text: &str, p: usize) -> usize {
    match chars::next_char(text, p) {
        Some(c @ (' ' | '\u{3000}')) => p + c.len_utf8(),
        _ => p,
    }
}

/// A plate's serial at `p` (12-34, ・・12, ・1-23, 1234): its end and whether plain digits.
fn serial(text: &str, p: usize) -> Option<(usize, bool)> {
    let (mut dots, mut digits, mut hyphen, mut q) = (0, 0, None, p);
    for c in text.get(p..)?.chars().take(6) {
        if digits == 0 && matches!(c, '・' | '･' | '.' | '．') {
            dots += 1;
        } else if chars::digit_value(c).is_some() {
            digits += 1;
        } else if chars::is_hyphen(c) && digits > 0 && hyphen.is_none() {
            hyphen = Some(digits);
        } else {
            break;
        }
        q += c.len_utf8();
    }
    let next = chars::next_char(text, q);
    let shape = dots + digits == 4 && digits > 0 && hyphen.is_none_or(|h| h + 2 == digits);
    let clean = !next.is_some_and(|c| {
        chars::digit_value(c).is_some() || chars::is_hyphen(c) || is_count_unit(c) || is_amount_unit(c)
    });
    (shape && clean).then_some((q, dots == 0 && hyphen.is_none()))
}

/// A licence plate whose class number starts at `at` (the first digit of a run).
pub(super) fn plate(cx: &Ctx<'_>, at: usize) -> Option<PiiMatch> {
    let text = cx.text;
    let (class, n, q) = num(text, at, 3)?;
    let zero = chars::next_char(text, at).and_then(chars::digit_value) == Some(0);
    if n < 2 || zero || chars::prev_char(text, at) == Some('第') {
        return None;
    }
    let k = space(text, q);
    let kana = chars::next_char(text, k).filter(|&c| PLATE_KANA.contains(c))?;
    let (end, plain) = serial(text, space(text, k + kana.len_utf8()))?;
    // The region: up to four kanji or katakana before the number (one space between),
    // not into a keyword (「ナンバー札幌」).
    let re = at - chars::prev_char(text, at).filter(|&c| matches!(c, ' ' | '\u{3000}')).map_or(0, char::len_utf8);
    let mut lo = re;
    for (i, c) in text.get(..re)?.char_indices().rev().take(4) {
        if !(chars::is_kanji(c) || chars::is_katakana(c)) {
            break;
        }
        lo = i;
    }
    if let Some(h) = cx.hits_from(cx.back(lo, 8, false), re).iter().rev().find(|h| h.end > lo && h.end <= re) {
        lo = h.end;
    }
    let keyword = cx.near(lo.min(at), end, cat::VEHICLE, WINDOW, 10);
    if plain && lo == re && !keyword {
        return None;
    }
    let region = text.get(lo..re)?;
    let start = if lo < re { lo } else { at };
    let masked = format!("{region}{}{class} {kana} **-**", if region.is_empty() { "" } else { " " });
    let confidence = if keyword { Confidence::High } else { Confidence::Medium };
    Some(PiiMatch {
        kind: PiiKind::VehiclePlate,
        start,
        end,
        severity: Severity::Block,
        masked,
        confidence,
        note: None,
    })
}
