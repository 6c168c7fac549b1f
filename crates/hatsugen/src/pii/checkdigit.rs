//! Check digits of Japanese identifiers and payment cards.
//!
//! All functions take the digits as ASCII (`"123456789018"`); any other character makes
//! the number invalid.
//!
//! ```
//! use hatsugen::pii::checkdigit::{is_corporate_number, is_luhn_valid, is_my_number};
//! assert!(is_my_number("123456789018"));
//! assert!(!is_my_number("123456789012"));
//! assert!(is_corporate_number("9234567890123"));
//! assert!(!is_corporate_number("1234567890123"));
//! assert!(is_luhn_valid("4111111111111111"));
//! ```

/// Values of an all-ASCII-digit string, or `None`.
fn values(s: &str) -> Option<Vec<u32>> {
    s.chars().map(|c| c.to_digit(10)).collect()
}

/// The My Number (個人番号) check digit for the first 11 digits, following 行政手続における
/// 特定の個人を識別するための番号の利用等に関する法律施行令 / 総務省令第85号 第5条:
/// with `Pn` the n-th digit counted from the right (n = 1..=11) and `Qn = n + 1` for
/// n ≤ 6, `Qn = n − 5` for n ≥ 7, the check digit is `11 − (Σ Pn·Qn mod 11)`, or 0 when
/// the remainder is 0 or 1.
pub fn my_number_check_digit(first11: &[u8]) -> Option<u8> {
    if first11.len() != 11 || first11.iter().any(|&d| d > 9) {
        return None;
    }
    let sum: u32 =
        first11.iter().rev().zip(1u32..).map(|(&p, n)| u32::from(p) * if n <= 6 { n + 1 } else { n - 5 }).sum();
    let r = sum % 11;
    Some(if r <= 1 { 0 } else { u8::try_from(11 - r).unwrap_or(0) })
}

/// Whether `digits` (values 0-9) form a valid 12-digit My Number.
pub(crate) fn my_number_digits_valid(digits: &[u8]) -> bool {
    match (digits.get(..11), digits.get(11), digits.len()) {
        (Some(head), Some(&check), 12) => my_number_check_digit(head) == Some(check),
        _ => false,
    }
}

/// Whether `s` is a 12-digit My Number with a correct check digit.
pub fn is_my_number(s: &str) -> bool {
    let Some(v) = values(s) else { return false };
    let d: Vec<u8> = v.iter().filter_map(|&x| u8::try_from(x).ok()).collect();
    my_number_digits_valid(&d)
}

/// The corporate number (法人番号) check digit for the 12 base digits: with `Pn` the n-th
/// digit counted from the right (n = 1..=12) and `Qn` = 1 for odd n, 2 for even n, the
/// check digit is `9 − (Σ Pn·Qn mod 9)`. It is written first, making 13 digits.
pub fn corporate_number_check_digit(base12: &[u8]) -> Option<u8> {
    if base12.len() != 12 || base12.iter().any(|&d| d > 9) {
        return None;
    }
    let sum: u32 = base12.iter().rev().zip(1u32..).map(|(&p, n)| u32::from(p) * if n % 2 == 1 { 1 } else { 2 }).sum();
    u8::try_from(9 - sum % 9).ok()
}

/// Whether `digits` (values 0-9) form a valid 13-digit corporate number.
pub(crate) fn corporate_digits_valid(digits: &[u8]) -> bool {
    match (digits.first(), digits.get(1..), digits.len()) {
        (Some(&check), Some(base), 13) => corporate_number_check_digit(base) == Some(check),
        _ => false,
    }
}

/// Whether `s` is a 13-digit corporate number (法人番号) with a correct check digit.
pub fn is_corporate_number(s: &str) -> bool {
    let Some(v) = values(s) else { return false };
    let d: Vec<u8> = v.iter().filter_map(|&x| u8::try_from(x).ok()).collect();
    corporate_digits_valid(&d)
}

/// Luhn (mod 10) check over digit values.
pub(crate) fn luhn_digits_valid(digits: &[u8]) -> bool {
    if digits.is_empty() {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

/// Whether `s` (ASCII digits only) passes the Luhn check used by payment cards.
pub fn is_luhn_valid(s: &str) -> bool {
    let Some(v) = values(s) else { return false };
    let d: Vec<u8> = v.iter().filter_map(|&x| u8::try_from(x).ok()).collect();
    luhn_digits_valid(&d)
}
