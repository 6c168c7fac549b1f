//! `check` on arbitrary text with an arbitrary context: the input is split at the first
//! NUL byte into context JSON and text. Asserts the report's invariants.
#![no_main]

use hatsugen::{Checker, Verdict};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (ctx, text) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (&b""[..], data),
    };
    let ctx = std::str::from_utf8(ctx).ok();
    let checker = Checker::default_checker();
    if let Ok(report) = hatsugen::wire::check_bytes(checker, text, ctx) {
        let text = std::str::from_utf8(text).expect("accepted text is UTF-8");
        let mut prev = None;
        for f in &report.findings {
            for s in &f.spans {
                assert!(s.start < s.end && s.end <= text.len(), "span {s:?} outside the text");
                assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            }
            let key = (f.spans.first().map(|s| (s.start, s.end)), f.rule.clone());
            if let Some(p) = &prev {
                assert!(p <= &key, "findings out of order");
            }
            prev = Some(key);
        }
        assert_eq!(report.verdict, Verdict::from_severities(report.findings.iter().map(|f| f.severity)));
        // Deterministic: the same input gives the same report.
        let again = hatsugen::wire::check_bytes(checker, text.as_bytes(), ctx).expect("accepted once");
        assert_eq!(report, again);
    }
});
