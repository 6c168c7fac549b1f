//! Repairs the JSON `JSON.stringify` writes for strings holding lone surrogates.
//!
//! JavaScript strings may hold unpaired UTF-16 surrogates; `JSON.stringify` writes them as
//! `\udXXX` escapes, which `serde_json` (like Rust strings) cannot represent. The text of a
//! check already has them replaced by U+FFFD (one code unit for one, so offsets stay put);
//! a context object gets the same treatment here.

use std::borrow::Cow;

fn hex4(bytes: &[u8]) -> Option<u16> {
    let s = std::str::from_utf8(bytes.get(..4)?).ok()?;
    if !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u16::from_str_radix(s, 16).ok()
}

/// `json` with every escape of an unpaired surrogate replaced by `\ufffd`.
pub fn replace_lone_surrogates(json: &str) -> Cow<'_, str> {
    if !json.contains("\\u") {
        return Cow::Borrowed(json);
    }
    let bytes = json.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes.get(i) != Some(&b'\\') {
            i += 1;
            continue;
        }
        if bytes.get(i + 1) != Some(&b'u') {
            // Another escape (`\"`, `\\`…): skip both characters.
            i += 2;
            continue;
        }
        let Some(unit) = bytes.get(i + 2..).and_then(hex4) else {
            i += 2;
            continue;
        };
        let paired_low = || {
            (bytes.get(i + 6) == Some(&b'\\') && bytes.get(i + 7) == Some(&b'u'))
                .then(|| bytes.get(i + 8..).and_then(hex4))
                .flatten()
                .is_some_and(|u| (0xDC00..=0xDFFF).contains(&u))
        };
        match unit {
            0xD800..=0xDBFF if paired_low() => i += 12,
            0xD800..=0xDFFF => {
                let s = out.get_or_insert_with(|| String::with_capacity(json.len()));
                s.push_str(json.get(copied..i).unwrap_or_default());
                s.push_str("\\ufffd");
                i += 6;
                copied = i;
            }
            _ => i += 6,
        }
    }
    match out {
        None => Cow::Borrowed(json),
        Some(mut s) => {
            s.push_str(json.get(copied..).unwrap_or_default());
            Cow::Owned(s)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::replace_lone_surrogates as fix;

    #[test]
    fn pairs_and_other_escapes_are_kept() {
        for ok in [r#"{}"#, r#"{"a":"\ud83d\ude00"}"#, r#"{"a":"\\ud800"}"#, r#"{"a":"\u3042\n\"x\""}"#] {
            assert_eq!(fix(ok), ok);
        }
    }

    #[test]
    fn lone_surrogates_are_replaced() {
        assert_eq!(fix(r#"{"a":"\ud800x"}"#), r#"{"a":"\ufffdx"}"#);
        assert_eq!(fix(r#"{"a":"x\udfff"}"#), r#"{"a":"x\ufffd"}"#);
        assert_eq!(fix(r#"{"a":"\ude00\ud83d"}"#), r#"{"a":"\ufffd\ufffd"}"#);
        assert_eq!(fix(r#"{"a":"\\\ud800"}"#), r#"{"a":"\\\ufffd"}"#);
        assert_eq!(fix(r#"{"a":"\ud800\u0041"}"#), r#"{"a":"\ufffd\u0041"}"#);
        // Truncated escapes are left for the JSON parser to report.
        assert_eq!(fix(r#"{"a":"\ud8"}"#), r#"{"a":"\ud8"}"#);
    }
}
