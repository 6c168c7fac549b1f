//! Case information about an identifiable resident: a personal name with さん / 様 / 氏
//! (or a placeholder, 「住民の○○さん」) in the same sentence as a sensitive circumstance
//! (生活保護, 滞納, 病名, 児童虐待, DV, 障害, 認知症, 受給 …), or as a weaker one (相談,
//! 申請 …) together with a resident marker (住民, 相談者, 世帯 …). Policy talk (対策, 制度,
//! 講演, 議員 …) in the sentence suppresses it. Severity Warn.

use super::chars;
use super::keywords::{Ctx, Hit, WINDOW, cat};
use super::{Confidence, PiiKind, PiiMatch};
use crate::report::Severity;

/// Last characters of role nouns, which are not personal names (職員さん, 業者さん …).
fn is_generic_end(c: char) -> bool {
    matches!(
        c,
        '員' | '者'
            | '師'
            | '士'
            | '手'
            | '屋'
            | '官'
            | '長'
            | '族'
            | '係'
            | '課'
            | '客'
            | '方'
            | '主'
            | '供'
            | '家'
            | '店'
            | '局'
            | '社'
            | '会'
            | '隊'
            | '団'
            | '部'
            | '所'
            | '庁'
            | '園'
            | '校'
            | '院'
            | '館'
            | '様'
            | '訳'
    )
}

/// Katakana role nouns: ヘルパーさん, スタッフさん …
const GENERIC_KATAKANA: &[&str] = &[
    "ママ",
    "パパ",
    "ヘルパー",
    "ケアマネ",
    "ケアマネジャー",
    "ドライバー",
    "スタッフ",
    "オーナー",
    "メンバー",
    "ゲスト",
    "ボランティア",
    "サポーター",
    "ユーザー",
    "カウンセラー",
    "ワーカー",
    "サンタ",
];

fn is_name_char(c: char) -> bool {
    chars::is_kanji(c) || chars::is_katakana(c) || chars::is_latin(c) || chars::is_placeholder(c)
}

/// Scan honorifics.
pub(super) fn scan(cx: &Ctx<'_>, out: &mut Vec<PiiMatch>) {
    let text = cx.text;
    let mut prev_end = 0;
    for h in cx.hits {
        let floor = prev_end;
        if h.cats >> 32 == 0 {
            prev_end = h.end;
        }
        if h.cats & cat::HONORIFIC == 0 {
            continue;
        }
        let Some(name_start) = name_before(text, h, floor) else { continue };
        if let Some(m) = case_for(cx, name_start, h) {
            out.push(m);
        }
    }
}

/// Start of the personal name before the honorific `h` (not before `floor`, the end of the
/// previous keyword).
fn name_before(text: &str, h: &Hit, floor: usize) -> Option<usize> {
    let head = text.get(..h.start)?;
    let mut lo = h.start;
    for (i, c) in head.char_indices().rev().take(8) {
        if i < floor || !is_name_char(c) {
            break;
        }
        lo = i;
    }
    let name = text.get(lo..h.start)?;
    let last = name.chars().next_back()?;
    if is_generic_end(last) || GENERIC_KATAKANA.iter().any(|g| name.ends_with(g)) {
        return None;
    }
    // 様 directly followed by a kanji is a word (様式, 様相 …), except 様宅 / 様方.
    if text.get(h.start..h.end) == Some("様") {
        if let Some(c) = chars::next_char(text, h.end) {
            if chars::is_kanji(c) && !matches!(c, '宅' | '方') {
                return None;
            }
        }
    }
    // A name written in Latin letters must not be glued to a longer word.
    if name.chars().all(chars::is_latin) && name.chars().count() > 12 {
        return None;
    }
    Some(lo)
}

fn case_for(cx: &Ctx<'_>, name_start: usize, h: &Hit) -> Option<PiiMatch> {
    // The name's sentence and the one on either side: 「緑町の和田さん。息子さんに年金を全部
    // 取られてるらしい」 tells the case in the sentence after the name.
    let lo = across_one_end(cx.text, name_start, WINDOW, Dir::Back);
    let hi = across_one_end(cx.text, h.end, WINDOW, Dir::Forward);
    let mut strong = 0;
    let mut weak = false;
    let mut resident = false;
    for k in cx.hits_from(lo, hi).iter().filter(|k| k.end <= hi) {
        if k.cats & cat::CASE_SUPPRESS != 0 {
            return None;
        }
        if k.cats & cat::CASE_STRONG != 0 {
            strong += 1;
        }
        weak |= k.cats & cat::CASE_WEAK != 0;
        resident |= k.cats & cat::RESIDENT != 0;
    }
    if strong == 0 && !(weak && resident) {
        return None;
    }
    let confidence = if strong > 0 && (resident || strong > 1) { Confidence::High } else { Confidence::Medium };
    let honorific = cx.text.get(h.start..h.end).unwrap_or("");
    Some(PiiMatch {
        kind: PiiKind::CaseInformation,
        start: name_start,
        end: h.end,
        severity: Severity::Warn,
        masked: format!("〇〇{honorific}"),
        confidence,
        note: None,
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Dir {
    Back,
    Forward,
}

/// Byte offset up to `n` characters from `pos` in `dir`, crossing at most one sentence end.
fn across_one_end(text: &str, pos: usize, n: usize, dir: Dir) -> usize {
    let mut ends = 0;
    let mut edge = pos;
    let mut step = |i: usize, c: char| -> bool {
        if chars::is_sentence_end(c) {
            ends += 1;
            if ends > 1 {
                return false;
            }
        }
        edge = if dir == Dir::Back { i } else { i + c.len_utf8() };
        true
    };
    match dir {
        Dir::Back => {
            for (i, c) in text.get(..pos).unwrap_or("").char_indices().rev().take(n) {
                if !step(i, c) {
                    break;
                }
            }
        }
        Dir::Forward => {
            for (i, c) in text.get(pos..).unwrap_or("").char_indices().take(n) {
                if !step(pos + i, c) {
                    break;
                }
            }
        }
    }
    edge
}
