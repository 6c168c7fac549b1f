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
//! region name of two to four kanji (品川, 八戸; four plain digits, or no space around the
//! kana, only after one): anchored on the first digit of each digit run.

use super::chars;
use super::keywords::{Ctx, cat};
use super::{Confidence, PiiKind, PiiMatch, address, mask};
use crate::report::Severity;

/// The eras' names, in the order of [`ERA_YEARS`] and of their letters (S, H, R, T).
const ERAS: &str = "昭和平成令和大正";

/// The year before each era's first.
const ERA_YEARS: [u32; 4] = [1925, 1988, 2018, 1911];

/// The hiragana of plates (not お, し, へ, ん, nor voiced or small kana).
const PLATE_KANA: &str = "あいうえかきくけこさすせそたちつてとなにぬねのはひふほまみむめもやゆよらりるれろわを";

/// Up to `max` digits at `p`: their count and end; `None` when there are none or more.
fn num(text: &str, p: usize, max: usize) -> Option<(usize, usize)> {
    let (mut n, mut q) = (0, p);
    for c in text.get(p..)?.chars().take(max + 1) {
        if chars::digit_value(c).is_none() {
            break;
        }
        if n == max {
            return None;
        }
        n += 1;
        q += c.len_utf8();
    }
    (n > 0).then_some((n, q))
}

/// An era at `p` (昭和, or its letter before a digit): its length and year offset.
fn era_at(text: &str, p: usize) -> Option<(usize, u32)> {
    let t = text.get(p..)?;
    let b = t.as_bytes();
    (0..4).find_map(|i| {
        let off = *ERA_YEARS.get(i)?;
        if ERAS.get(i * 6..i * 6 + 6).is_some_and(|e| t.starts_with(e)) {
            Some((6, off))
        } else {
            (b.first() == b"SHRT".get(i) && b.get(1).is_some_and(u8::is_ascii_digit)).then_some((1, off))
        }
    })
}

/// A full date at `p`, the year included (four digits, or an era's year: 元 or up to 64),
/// its parts joined by 年 / 月 or a slash, hyphen or dot, 日 after the day optional: its end.
fn date_at(text: &str, p: usize) -> Option<usize> {
    let (mut q, off) = era_at(text, p).map_or((p, 0), |(l, off)| (p + l, off));
    let mut v = [0u32; 3];
    let (mut i, mut len) = (0, 0);
    for c in text.get(q..)?.chars().take(12) {
        match (chars::digit_value(c), c) {
            (Some(d), _) if len < 4 => {
                if let Some(x) = v.get_mut(i) {
                    *x = *x * 10 + u32::from(d);
                }
                len += 1;
            }
            (None, '元') if off > 0 && q == p + 6 => len = 1,
            (None, '年' | '月' | '/' | '-' | '.' | '／' | '－' | '．') if i < 2 && len > 0 => {
                i += 1;
                len = 0;
            }
            (None, '日') if i == 2 && len > 0 => {
                q += c.len_utf8();
                break;
            }
            _ => break,
        }
        q += c.len_utf8();
    }
    let [y, m, d] = v;
    let year = if off == 0 {
        y
    } else if y <= 64 {
        off + y.max(1)
    } else {
        0
    };
    (i == 2 && len > 0 && address::is_ymd(year, m, d)).then_some(q)
}

/// The end of a birth marker at `p`: 生まれ, 産まれ, or 生 not followed by a word but の
/// (生誕祭, 生放送 are other words).
fn mark_end(text: &str, p: usize) -> Option<usize> {
    let t = text.get(p..)?;
    if t.starts_with("生まれ") || t.starts_with("産まれ") {
        return Some(p + 9);
    }
    let word = t.strip_prefix('生')?.chars().next().is_some_and(|c| {
        c != 'の' && (chars::is_kanji(c) || chars::is_katakana(c) || chars::is_hiragana(c) || c.is_ascii_alphanumeric())
    });
    (!word).then_some(p + 3)
}

/// A label that is part of another word: 誕生日会, 誕生日パーティー and 生年間 (followed by a
/// kanji or katakana that does not start a date), or 生年 inside 1年生年間 or 高校生年代
/// (after a kanji or a digit).
fn label_of_another_word(text: &str, start: usize, end: usize) -> bool {
    let joined = |c: char| chars::is_kanji(c) || chars::is_katakana(c);
    let after = chars::next_char(text, end).is_some_and(joined) && era_at(text, end).is_none();
    let inside = text.get(start..end) == Some("生年")
        && chars::prev_char(text, start).is_some_and(|c| chars::is_kanji(c) || chars::digit_value(c).is_some());
    after || inside
}

/// A date of birth that bounds a group, as notices write them: 2025年4月1日生まれの方,
/// …生以降, …生の子から, …生まで (nobody's own birth date).
fn cohort_after(text: &str, end: usize) -> bool {
    let t = text.get(end..).unwrap_or("");
    let t = t.strip_prefix('の').unwrap_or(t);
    ["方", "人", "子", "児", "生徒", "皆", "以降", "以前", "から", "まで", "～", "〜"].iter().any(|w| t.starts_with(w))
}

/// Dates of birth, anchored on their labels and markers.
pub(super) fn births(cx: &Ctx<'_>, out: &mut Vec<PiiMatch>) {
    let text = cx.text;
    let mut consumed = 0;
    for h in cx.hits.iter().filter(|h| h.cats & (cat::BIRTH | cat::BIRTH_MARK) != 0) {
        if h.start < consumed {
            continue;
        }
        let mut found = None;
        if h.cats & cat::BIRTH != 0 && !label_of_another_word(text, h.start, h.end) {
            // The first place a date may start, across a sentence too (「生年月日が私と同じ
            // だった！小野寺さん、昭和62年8月8日」); the label is in the span when only
            // label punctuation stands between them.
            let t = text.get(h.end..).unwrap_or("");
            let first = t
                .char_indices()
                .take(20)
                .find(|&(i, c)| chars::digit_value(c).is_some() || era_at(text, h.end + i).is_some());
            if let Some((i, _)) = first {
                let ds = h.end + i;
                let lo = if t.get(..i).is_some_and(|g| g.chars().all(chars::is_label_gap)) { h.start } else { ds };
                found = date_at(text, ds).map(|de| (lo, mark_end(text, de).unwrap_or(de)));
            }
        } else if let Some(end) = mark_end(text, h.start) {
            // The date ends at the marker: the farthest start within 16 characters.
            for (i, _) in text.get(..h.start).unwrap_or("").char_indices().rev().take(16) {
                if date_at(text, i) == Some(h.start) && chars::prev_char(text, i).and_then(chars::digit_value).is_none()
                {
                    found = Some((i, end));
                }
            }
        }
        let Some((lo, end)) = found.filter(|&(_, end)| !cohort_after(text, end)) else { continue };
        consumed = end;
        out.push(PiiMatch {
            kind: PiiKind::BirthDate,
            start: lo,
            end,
            severity: Severity::Block,
            masked: mask::each_digit(text.get(lo..end).unwrap_or("")),
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
    let (mut marks, mut digits, mut hyphen, mut q) = (0, 0, 0, p);
    for c in text.get(p..)?.chars().take(6) {
        if chars::digit_value(c).is_some() {
            digits += 1;
        } else if c == '・' && digits == 0 {
            marks += 1;
        } else if chars::is_hyphen(c) && digits + marks == 2 && hyphen == 0 {
            hyphen = 1;
        } else {
            break;
        }
        q += c.len_utf8();
    }
    // Not followed by more digits or a counter (1234人, 12-34円).
    let next = chars::next_char(text, q)
        .is_some_and(|c| chars::digit_value(c).is_some() || chars::is_hyphen(c) || chars::is_kanji(c));
    (marks + digits == 4 && digits > 1 && !next).then_some((q, marks + hyphen == 0))
}

/// A licence plate whose class number starts at `at` (the first digit of a run); a serial
/// of four plain digits only after a region name.
pub(super) fn plate(cx: &Ctx<'_>, at: usize) -> Option<PiiMatch> {
    let text = cx.text;
    let (n, q) = num(text, at, 3)?;
    let zero = chars::next_char(text, at).and_then(chars::digit_value) == Some(0);
    if n < 2 || zero || chars::prev_char(text, at) == Some('第') {
        return None;
    }
    let k = space(text, q);
    let kana = chars::next_char(text, k).filter(|&c| PLATE_KANA.contains(c))?;
    let ss = space(text, k + kana.len_utf8());
    let (end, plain) = serial(text, ss)?;
    // The region: two to four kanji before the number (one space between); 堺 alone, or a
    // single kanji such as 問 in 問12と13-14, is not taken for one.
    let re = at - chars::prev_char(text, at).filter(|&c| matches!(c, ' ' | '\u{3000}')).map_or(0, char::len_utf8);
    let mut start = at;
    for (n, (i, c)) in text.get(..re)?.char_indices().rev().take(4).enumerate() {
        if !chars::is_kanji(c) {
            break;
        }
        if n > 0 {
            start = i;
        }
    }
    // Without a region, plain digits are not a serial, and a plate is written with a space
    // around its kana (500 な 88-01): 12と13-14 is two page numbers.
    if start == at && (plain || (k == q && ss == k + kana.len_utf8())) {
        return None;
    }
    Some(PiiMatch {
        kind: PiiKind::VehiclePlate,
        start,
        end,
        severity: Severity::Block,
        masked: format!("{}{}", text.get(start..ss)?, mask::each_digit(text.get(ss..end)?)),
        confidence: if start < at { Confidence::High } else { Confidence::Medium },
        note: None,
    })
}
