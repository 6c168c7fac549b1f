//! Phone numbers said in words: 「ゼロキューゼロのいちにさんよん…」, 「〇八〇の一二三四の
//! 五六七八」, 「れいはちれい…」, in hiragana, katakana, full or half width (long-vowel
//! marks included: ニー, ゴー, キュー; ｾﾞﾛｷｭｰｾﾞﾛ…) or kanji numerals, mixed with digits or
//! not. Anchored on the keyword hits for a spoken zero (a Japanese phone number starts
//! with 0); from each anchor at most 11 digits are read, with at most three separators
//! (「の」, spaces, 、, hyphens, ー) between two of them, so every anchor costs a bounded
//! amount of work.

use super::chars;
use super::keywords::Ctx;
use super::{PiiMatch, numbers};

/// Longest phone number, in digits.
const MAX_DIGITS: usize = 11;

/// Kana readings of the digits, in hiragana, longest first where one is a prefix of
/// another (しち before し, きゅう before きゅ before く, にい before に …). A digit said
/// long is written with its vowel as often as with ー: にい, ごお (ぜろきゅうぜろ、はちにい…).
const READINGS: &[(&str, u8)] = &[
    ("ぜろ", 0),
    ("れい", 0),
    ("まる", 0),
    ("いち", 1),
    ("ひと", 1),
    ("ふた", 2),
    ("にい", 2),
    ("に", 2),
    ("さん", 3),
    ("よん", 4),
    ("しち", 7),
    ("し", 4),
    ("よ", 4),
    ("ごお", 5),
    ("ご", 5),
    ("ろく", 6),
    ("なな", 7),
    ("はち", 8),
    ("きゅう", 9),
    ("きゅ", 9),
    ("く", 9),
];

/// Characters allowed between two spoken digits.
fn is_gap(c: char) -> bool {
    matches!(c, 'の' | 'ノ' | '、' | ',' | '，' | '・' | '.' | '．' | 'ー' | 'ｰ' | '〜' | '~')
        || matches!(chars::sep_kind(c), Some(chars::sep::HYPHEN | chars::sep::SPACE))
        || chars::is_transparent(c)
}

/// The digit at byte `p` (a digit, a kanji numeral or a kana reading): its value and the
/// byte end.
fn digit_at(text: &str, p: usize) -> Option<(u8, usize)> {
    let tail = text.get(p..)?;
    let c = tail.chars().next()?;
    if let Some(d) = chars::digit_value(c) {
        return Some((d, p + c.len_utf8()));
    }
    if c == '○' {
        return Some((0, p + c.len_utf8()));
    }
    if let Some(d) = chars::kanji_digit(c).filter(|&d| d < 10) {
        return Some((d, p + c.len_utf8()));
    }
    // The kana as folding reads them: katakana, full or half width, as hiragana, and a
    // half-width voicing mark joined to its kana (ｾﾞﾛ is ぜろ).
    let head = tail.char_indices().nth(6).map_or(tail, |(o, _)| tail.get(..o).unwrap_or(tail));
    let norm = crate::text::Normalized::new(head);
    let folded = norm.as_str();
    // にいち is に then いち (2, 1), not にい then a stray ち.
    let fits = |r: &str| folded.starts_with(r) && !(r == "にい" && folded.starts_with("にいち"));
    let &(r, d) = READINGS.iter().find(|(r, _)| fits(r))?;
    // The stretch of the text the reading was folded from.
    let (_, end) = norm.original_range(0, r.len())?;
    Some((d, p + end))
}

/// Scan the spoken zeros at byte offsets `zeros` for phone numbers.
pub(super) fn scan(cx: &Ctx<'_>, zeros: &[usize], out: &mut Vec<PiiMatch>) {
    let text = cx.text;
    let mut digits: Vec<u8> = Vec::with_capacity(MAX_DIGITS);
    let mut ends: Vec<usize> = Vec::with_capacity(MAX_DIGITS);
    let mut consumed = 0;
    for &start in zeros {
        if start < consumed {
            continue;
        }
        digits.clear();
        ends.clear();
        let mut p = start;
        while digits.len() < MAX_DIGITS {
            // Separators before every digit but the first.
            let mut q = p;
            if !digits.is_empty() {
                let mut gaps = 0;
                while let Some(c) = chars::next_char(text, q).filter(|&c| is_gap(c)) {
                    if !chars::is_transparent(c) {
                        gaps += 1;
                    }
                    q += c.len_utf8();
                    if gaps > 3 {
                        break;
                    }
                }
                if gaps > 3 {
                    break;
                }
            }
            let Some((d, e)) = digit_at(text, q) else { break };
            if digits.is_empty() && d != 0 {
                break;
            }
            digits.push(d);
            ends.push(e);
            p = e;
        }
        // A mobile or IP number has 11 digits, a fixed line 10 (a particle such as に may
        // follow and read as a digit).
        let m = [MAX_DIGITS, MAX_DIGITS - 1].into_iter().find_map(|n| {
            let d = digits.get(..n)?;
            let end = *ends.get(n - 1)?;
            numbers::spoken_phone(cx, start, end, d)
        });
        if let Some(m) = m {
            consumed = m.end;
            out.push(m);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings() {
        fn d(s: &str) -> Option<(u8, &str)> {
            digit_at(s, 0).map(|(d, e)| (d, &s[..e]))
        }
        assert_eq!(d("ゼロ"), Some((0, "ゼロ")));
        assert_eq!(d("キュー"), Some((9, "キュ")));
        assert_eq!(d("きゅうの"), Some((9, "きゅう")));
        assert_eq!(d("しち"), Some((7, "しち")));
        assert_eq!(d("シ"), Some((4, "シ")));
        assert_eq!(d("〇"), Some((0, "〇")));
        assert_eq!(d("八"), Some((8, "八")));
        assert_eq!(d("十"), None);
        assert_eq!(d("ですね"), None);
        assert_eq!(d("５"), Some((5, "５")));
        // Half-width katakana, voicing marks included.
        assert_eq!(d("ｾﾞﾛ"), Some((0, "ｾﾞﾛ")));
        assert_eq!(d("ｺﾞｳ"), Some((5, "ｺﾞ")));
        assert_eq!(d("ﾆｲﾁ"), Some((2, "ﾆ")));
        assert_eq!(d("ｷｭｰ"), Some((9, "ｷｭ")));
        assert_eq!(d("ｾﾛ"), None);
    }
}
