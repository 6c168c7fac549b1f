//! Character classes used by the detectors, on original (un-normalised) text.

/// The value of an ASCII or full-width digit.
pub(super) fn digit_value(c: char) -> Option<u8> {
    match c {
        '0'..='9' => u8::try_from(u32::from(c) - u32::from('0')).ok(),
        '０'..='９' => u8::try_from(u32::from(c) - u32::from('０')).ok(),
        _ => None,
    }
}

/// The value of a kanji numeral (一 … 十, 〇, 零), used in addresses.
pub(super) fn kanji_digit(c: char) -> Option<u8> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        '十' | '百' | '千' => 10,
        _ => return None,
    })
}

/// Separator kinds that may appear between the digits of one number.
pub(super) mod sep {
    /// Hyphens and dashes, 「ー」「－」「‐」.
    pub(crate) const HYPHEN: u8 = 1;
    /// Dots, 「．」「・」.
    pub(crate) const DOT: u8 = 2;
    /// Spaces, including the ideographic space.
    pub(crate) const SPACE: u8 = 4;
    /// Opening bracket.
    pub(crate) const OPEN: u8 = 8;
    /// Closing bracket.
    pub(crate) const CLOSE: u8 = 16;
    /// The particle 「の」 and slashes, as in 「090の1234の5678」 and 「090/1234/5678」: only
    /// phone numbers are read across them (2026/12/05 is three numbers, 3の1 two).
    pub(crate) const NO: u8 = 32;
}

/// Characters that are invisible and ignored everywhere (zero-width, BOM, soft hyphen).
pub(super) fn is_transparent(c: char) -> bool {
    u32::from(c) >= 0xAD && matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// The separator kind of `c`, if it may sit between the digits of one number.
pub(super) fn sep_kind(c: char) -> Option<u8> {
    Some(match c {
        '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | 'ー' | '－' | 'ｰ' | '\u{2500}' | '\u{2501}' => sep::HYPHEN,
        '.' | '．' | '・' | '･' => sep::DOT,
        ' ' | '\u{3000}' | '\u{00A0}' | '\t' | '\u{2002}'..='\u{200A}' => sep::SPACE,
        '(' | '（' => sep::OPEN,
        ')' | '）' => sep::CLOSE,
        'の' | '/' | '／' => sep::NO,
        _ => return None,
    })
}

/// A hyphen-like character (for addresses: 1-2-3, １－２－３, 1ー2ー3).
pub(super) fn is_hyphen(c: char) -> bool {
    sep_kind(c) == Some(sep::HYPHEN)
}

/// ASCII or full-width Latin letter.
pub(super) fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, 'Ａ'..='Ｚ' | 'ａ'..='ｚ')
}

/// CJK ideograph (incl. 々 and 〇 used in place names).
pub(super) fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '々' | '〆' | '〇')
}

/// Katakana (incl. the prolonged sound mark and half-width forms).
pub(super) fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー' | '\u{30FD}' | '\u{30FE}' | '\u{FF66}'..='\u{FF9F}')
}

/// Hiragana (without the iteration marks).
pub(super) fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}')
}

/// Placeholder marks used to anonymise a name: ○○さん, 〇〇様, ××氏.
pub(super) fn is_placeholder(c: char) -> bool {
    matches!(c, '○' | '〇' | '◯' | '●' | '□' | '■' | '△' | '▲' | '×' | '＊' | '*' | '＿')
}

/// Ends a sentence (for keyword windows that must not cross sentences).
pub(super) fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '\n' | '\r')
}

/// Characters allowed between a field label and its value: 記号：1234, 番号 は 56.
pub(super) fn is_label_gap(c: char) -> bool {
    matches!(c, ' ' | '\u{3000}' | ':' | '：' | 'は' | '「' | '（' | '(' | '=' | '＝' | '#' | '＃' | '\t')
        || is_transparent(c)
}

/// The character before byte `pos`, if any.
pub(super) fn prev_char(text: &str, pos: usize) -> Option<char> {
    text.get(..pos)?.chars().next_back()
}

/// The character at byte `pos`, if any.
pub(super) fn next_char(text: &str, pos: usize) -> Option<char> {
    text.get(pos..)?.chars().next()
}

/// The character before `pos`, skipping transparent characters; with its byte offset.
pub(super) fn prev_visible(text: &str, pos: usize) -> Option<(usize, char)> {
    text.get(..pos)?.char_indices().rev().find(|&(_, c)| !is_transparent(c))
}

/// The character at or after `pos`, skipping transparent characters; with its byte offset.
pub(super) fn next_visible(text: &str, pos: usize) -> Option<(usize, char)> {
    let tail = text.get(pos..)?;
    tail.char_indices().find(|&(_, c)| !is_transparent(c)).map(|(i, c)| (pos + i, c))
}

/// Convert full-width ASCII variants (Ａ, ａ, ０, ＠, ．, －, ＿) to ASCII.
pub(super) fn to_ascii(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}
