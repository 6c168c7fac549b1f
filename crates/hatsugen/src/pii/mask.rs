//! Suggested masked forms.

use super::chars;

/// Digit values as an ASCII string.
pub(super) fn digits_str(d: &[u8]) -> String {
    d.iter().map(|x| char::from(b'0' + x)).collect()
}

/// All digits but the last `keep` replaced by `*`: "****567".
pub(super) fn keep_last(d: &[u8], keep: usize) -> String {
    let cut = d.len().saturating_sub(keep);
    let mut s = "*".repeat(cut);
    s.push_str(&digits_str(d.get(cut..).unwrap_or(&[])));
    s
}

/// Like [`keep_last`], grouped by four from the right: "****-****-1234".
pub(super) fn keep_last_grouped(d: &[u8], keep: usize) -> String {
    let plain: Vec<char> = keep_last(d, keep).chars().collect();
    let n = plain.len();
    let mut s = String::with_capacity(n + n / 4);
    for (i, c) in plain.iter().enumerate() {
        if i > 0 && (n - i) % 4 == 0 {
            s.push('-');
        }
        s.push(*c);
    }
    s
}

/// The text with every run of digits (ASCII, full-width or kanji numerals) replaced by a
/// single `*`: "本町1-2-3" → "本町*-*-*", "三丁目4番5号" → "*丁目*番*号".
pub(super) fn digits_in(text: &str, kanji: bool) -> String {
    let mut s = String::with_capacity(text.len());
    let mut in_digits = false;
    for c in text.chars() {
        let is_digit = chars::digit_value(c).is_some() || (kanji && chars::kanji_digit(c).is_some());
        if is_digit {
            if !in_digits {
                s.push('*');
            }
        } else if !chars::is_transparent(c) {
            s.push(c);
        }
        in_digits = is_digit;
    }
    s
}

/// The text with every digit (ASCII or full-width) replaced by `*`, invisible characters
/// dropped: "記号 1234 番号 56" → "記号 **** 番号 **".
pub(super) fn each_digit(text: &str) -> String {
    text.chars()
        .filter(|&c| !chars::is_transparent(c))
        .map(|c| if chars::digit_value(c).is_some() { '*' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        assert_eq!(keep_last(&[1, 2, 3, 4, 5, 6, 7], 3), "****567");
        assert_eq!(keep_last_grouped(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 8], 4), "****-****-9018");
        assert_eq!(keep_last_grouped(&[3, 7, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3], 4), "***-****-****-0123");
        assert_eq!(digits_in("本町1-23-4", false), "本町*-*-*");
        assert_eq!(digits_in("三丁目４番5号", true), "*丁目*番*号");
    }
}
