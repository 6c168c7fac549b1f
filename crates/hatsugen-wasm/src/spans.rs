//! UTF-8 byte offsets (the core's spans) to UTF-16 code-unit offsets (what JavaScript's
//! `String.prototype.slice` and `length` count).
//!
//! The conversion walks the text once, however many spans a report has: the offsets are
//! collected, sorted, and answered in one pass over the characters.

use hatsugen::{EditTarget, Fixed, Report, Span};

/// A table from UTF-8 byte offsets to UTF-16 code-unit offsets for a fixed set of offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Utf16Offsets {
    /// The byte offsets asked for within the text, ascending, without repeats.
    bytes: Vec<usize>,
    /// `units[i]` is the UTF-16 offset of `bytes[i]`.
    units: Vec<usize>,
    /// The offsets asked for past the end of the text.
    beyond: Vec<usize>,
    /// The text's UTF-16 length.
    len16: usize,
}

impl Utf16Offsets {
    /// Computes the UTF-16 offset of every byte offset in `wanted` within `text`.
    ///
    /// An offset at or past the end maps to the text's UTF-16 length. An offset inside a
    /// character (never produced by the core) maps to the end of that character.
    pub fn new(text: &str, wanted: Vec<usize>) -> Utf16Offsets {
        // The offsets are marked on a map of the text's bytes and read back in order as
        // the text is walked: no sort (whose code the module would carry for this alone).
        let len = text.len();
        let mut marked = vec![false; len + 1];
        let mut beyond = Vec::new();
        let mut last = None;
        for w in wanted {
            match marked.get_mut(w) {
                Some(m) => {
                    *m = true;
                    last = last.max(Some(w));
                }
                None => beyond.push(w),
            }
        }
        let (mut bytes, mut units) = (Vec::new(), Vec::new());
        let mut unit = 0usize;
        let mut from = 0usize;
        if let Some(last) = last {
            // Each offset up to a character's start maps to the units before that character.
            for (byte, ch) in text.char_indices().map(|(i, c)| (i, c.len_utf16())).chain([(len, 0)]) {
                for (b, _) in marked.iter().enumerate().take(byte + 1).skip(from).filter(|(_, m)| **m) {
                    bytes.push(b);
                    units.push(unit);
                }
                if byte >= last {
                    break;
                }
                from = byte + 1;
                unit += ch;
            }
        }
        let len16 = if beyond.is_empty() { 0 } else { text.encode_utf16().count() };
        Utf16Offsets { bytes, units, beyond, len16 }
    }

    /// The UTF-16 offset of byte offset `byte`, if it was asked for.
    pub fn get(&self, byte: usize) -> Option<usize> {
        if self.beyond.contains(&byte) {
            return Some(self.len16);
        }
        let i = self.bytes.binary_search(&byte).ok()?;
        self.units.get(i).copied()
    }
}

/// Rewrites `spans` from UTF-8 byte offsets into `text` to UTF-16 code-unit offsets, in
/// one pass over the text.
fn convert(text: &str, spans: Vec<&mut Span>) {
    if text.is_ascii() || spans.is_empty() {
        // One byte is one code unit.
        return;
    }
    let table = Utf16Offsets::new(text, spans.iter().flat_map(|s| [s.start, s.end]).collect());
    for span in spans {
        span.start = table.get(span.start).unwrap_or(span.start);
        span.end = table.get(span.end).unwrap_or(span.end);
    }
}

/// Rewrites every span of `report` from UTF-8 byte offsets to UTF-16 code-unit offsets:
/// the findings' spans and the text edits of their fixes into `text` (the checked text),
/// the profile edits into `profile` (the context's profile; empty when it has none).
pub fn report_to_utf16(text: &str, profile: Option<&str>, report: &mut Report) {
    let mut in_text: Vec<&mut Span> = Vec::new();
    let mut in_profile: Vec<&mut Span> = Vec::new();
    for f in &mut report.findings {
        in_text.extend(f.spans.iter_mut());
        for e in f.fix.iter_mut().flat_map(|x| x.edits.iter_mut()) {
            match e.target {
                EditTarget::Text => in_text.push(&mut e.span),
                EditTarget::Profile => in_profile.push(&mut e.span),
            }
        }
    }
    convert(text, in_text);
    convert(profile.unwrap_or(""), in_profile);
}

/// Rewrites every span of the result of a fix to UTF-16: each applied edit's `span` into
/// the text or profile as checked (`text`, `profile`), its `fixed_span` and the new report
/// into the fixed ones.
pub fn fixed_to_utf16(text: &str, profile: Option<&str>, fixed: &mut Fixed) {
    report_to_utf16(&fixed.text, fixed.profile.as_deref(), &mut fixed.report);
    let (mut old_text, mut old_profile, mut new_text, mut new_profile) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for a in &mut fixed.applied {
        match a.target {
            EditTarget::Text => {
                old_text.push(&mut a.span);
                new_text.push(&mut a.fixed_span);
            }
            EditTarget::Profile => {
                old_profile.push(&mut a.span);
                new_profile.push(&mut a.fixed_span);
            }
        }
    }
    convert(text, old_text);
    convert(profile.unwrap_or(""), old_profile);
    convert(&fixed.text, new_text);
    convert(fixed.profile.as_deref().unwrap_or(""), new_profile);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    /// The obvious, quadratic conversion the table must agree with.
    fn naive(text: &str, byte: usize) -> usize {
        text.char_indices().take_while(|(i, _)| *i < byte).map(|(_, c)| c.len_utf16()).sum()
    }

    fn check_all_boundaries(text: &str) {
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let table = Utf16Offsets::new(text, bounds.clone());
        for b in bounds {
            assert_eq!(table.get(b), Some(naive(text, b)), "offset {b} in {text:?}");
        }
    }

    #[test]
    fn ascii_kana_emoji_variation_selectors_and_astral_kanji() {
        check_all_boundaries("");
        check_all_boundaries("hello");
        check_all_boundaries("ここだけの話、内部資料を見せます");
        // 😀 and 𠮷 (U+20BB7) are two code units; ❤️ is U+2764 U+FE0F; 葛󠄀 has an
        // ideographic variation selector (U+E0100, two units).
        check_all_boundaries("a😀b𠮷野家❤️葛󠄀飾区👨‍👩‍👧 end");
    }

    #[test]
    fn end_and_past_end_map_to_length() {
        let text = "𠮷a";
        let table = Utf16Offsets::new(text, vec![5, 99, 0]);
        assert_eq!(table.get(0), Some(0));
        assert_eq!(table.get(5), Some(3));
        assert_eq!(table.get(99), Some(3));
        assert_eq!(table.get(1), None);
    }

    #[test]
    fn duplicates_and_unsorted_input() {
        let text = "あ😀い";
        let table = Utf16Offsets::new(text, vec![7, 3, 7, 0, 3, 10]);
        assert_eq!(table.get(0), Some(0));
        assert_eq!(table.get(3), Some(1));
        assert_eq!(table.get(7), Some(3));
        assert_eq!(table.get(10), Some(4));
    }

    #[test]
    fn an_offset_inside_a_character_maps_to_its_end() {
        // あ is bytes 0..3, 😀 3..7 (units 1..3), い 7..10.
        let text = "あ😀い";
        let table = Utf16Offsets::new(text, vec![5, 1, 8, 2]);
        assert_eq!(table.get(1), Some(1));
        assert_eq!(table.get(2), Some(1));
        assert_eq!(table.get(5), Some(3));
        assert_eq!(table.get(8), Some(4));
        assert_eq!(table.get(0), None);
    }

    #[test]
    fn report_spans_are_rewritten() {
        let text = "😀ここだけの話、内部資料を見せます";
        let mut report = hatsugen::Checker::new(&hatsugen::Policy::default_pack().unwrap())
            .unwrap()
            .check(text, &hatsugen::Context::default());
        let before = report.clone();
        assert!(before.findings.iter().any(|f| !f.spans.is_empty()));
        report_to_utf16(text, None, &mut report);
        let utf16: Vec<u16> = text.encode_utf16().collect();
        for (b, a) in before.findings.iter().zip(&report.findings) {
            for (bs, as_) in b.spans.iter().zip(&a.spans) {
                let by_bytes = text.get(bs.start..bs.end).unwrap_or_default();
                let by_units =
                    String::from_utf16(utf16.get(as_.start..as_.end).unwrap_or_default()).unwrap_or_default();
                assert_eq!(by_bytes, by_units);
            }
        }
    }

    #[test]
    fn fix_spans_are_rewritten_in_the_text_they_point_into() {
        let checker = hatsugen::Checker::new(&hatsugen::Policy::default_pack().unwrap()).unwrap();
        let text = "😀電話は090-1234-5678";
        let profile = "𠮷田です";
        let ctx = hatsugen::Context::default().account(hatsugen::Account::StaffIdentified).profile(profile);
        let mut fixed = checker.fix(text, &ctx, hatsugen::FixSelection::Safe);
        assert_eq!(fixed.applied.len(), 2);
        fixed_to_utf16(text, Some(profile), &mut fixed);
        let units = |s: &str, sp: &Span| {
            let u: Vec<u16> = s.encode_utf16().collect();
            String::from_utf16(u.get(sp.start..sp.end).unwrap_or_default()).unwrap_or_default()
        };
        let p = &fixed.applied[0];
        assert_eq!(p.target, EditTarget::Text);
        assert_eq!(units(text, &p.span), "090-1234-5678");
        assert_eq!(units(&fixed.text, &p.fixed_span), "090-****-5678");
        let d = &fixed.applied[1];
        assert_eq!(d.target, EditTarget::Profile);
        // "𠮷田です" is 5 UTF-16 units (𠮷 is a surrogate pair), 13 bytes.
        assert_eq!((d.span.start, d.span.end), (5, 5));
        assert_eq!(units(fixed.profile.as_deref().unwrap(), &d.fixed_span), d.replacement);

        let mut report = checker.check(text, &ctx);
        report_to_utf16(text, Some(profile), &mut report);
        let edits: Vec<_> = report.findings.iter().filter_map(|f| f.fix.as_ref()).flat_map(|x| &x.edits).collect();
        assert!(edits.iter().any(|e| e.target == EditTarget::Profile && e.span.start == 5));
        assert!(edits.iter().any(|e| e.target == EditTarget::Text && (e.span.start, e.span.end) == (5, 18)));
    }
}
