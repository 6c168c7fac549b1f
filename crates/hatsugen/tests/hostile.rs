//! Hostile inputs: each is handled within the limits, with a clear error or a report.
//! (Time is shown by `benches/hostile.rs`, not asserted here.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs)]

use hatsugen::wire::{CheckError, check_bytes};
use hatsugen::{Checker, Context, Policy, PolicyErrorKind, Verdict};

fn roomy_checker(mib: usize) -> Checker {
    let toml = format!("extends = \"builtin:jp-local-gov\"\n[limits]\nmax_text_bytes = {}\n", mib * 1024 * 1024);
    Checker::new(&Policy::from_toml(&toml).unwrap()).unwrap()
}

#[test]
fn ten_megabytes_is_refused_by_default_with_a_named_error() {
    let text = "あ".repeat(10 * 1024 * 1024 / 3);
    match check_bytes(Checker::default_checker(), text.as_bytes(), None) {
        Err(CheckError::TooLarge { len, limit }) => {
            assert_eq!(len, text.len());
            assert_eq!(limit, 1024 * 1024);
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
}

#[test]
fn ten_megabyte_single_line_checks_when_the_policy_allows_it() {
    let checker = roomy_checker(16);
    let mut text = "市民まつりのお知らせ。".repeat(10 * 1024 * 1024 / 33);
    text.push_str("ここだけの話、予算の件");
    let r = check_bytes(&checker, text.as_bytes(), None).unwrap();
    assert_eq!(r.verdict, Verdict::Block);
    let span = r.findings.iter().find(|f| f.rule == "confidential.secret").unwrap().spans[0];
    assert_eq!(&text[span.start..span.end], "ここだけの話");
}

#[test]
fn a_million_zero_width_characters() {
    let checker = roomy_checker(8);
    let text = "\u{200B}".repeat(1_000_000);
    let r = check_bytes(&checker, text.as_bytes(), None).unwrap();
    assert_eq!(r.verdict, Verdict::Allow);
    // Zero-width characters between the letters of a term do not hide it.
    let hidden: String =
        "内部資料".chars().flat_map(|c| [c].into_iter().chain(std::iter::repeat_n('\u{200B}', 250_000))).collect();
    let r = check_bytes(&checker, hidden.as_bytes(), None).unwrap();
    assert!(r.findings.iter().any(|f| f.rule == "confidential.marked"));
}

#[test]
fn a_million_digits_or_separators() {
    let checker = roomy_checker(8);
    for text in ["7".repeat(1_000_000), "1-".repeat(500_000), "０ー".repeat(300_000), " 090".repeat(250_000)] {
        let r = check_bytes(&checker, text.as_bytes(), None).unwrap();
        for f in &r.findings {
            for s in &f.spans {
                assert!(s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            }
        }
    }
}

#[test]
fn one_term_repeated_a_million_times() {
    let checker = roomy_checker(8);
    let text = "バカ".repeat(1_000_000);
    let r = check_bytes(&checker, text.as_bytes(), None).unwrap();
    let f = r.findings.iter().find(|f| f.rule == "defamation.insult").unwrap();
    assert_eq!(f.spans.len(), 1_000_000);
    // Exceptions over a million overlapping candidates stay linear too.
    let text = "ばかり".repeat(300_000);
    let r = check_bytes(&checker, text.as_bytes(), None).unwrap();
    assert!(r.findings.iter().all(|f| f.rule != "defamation.insult"));
}

#[test]
fn all_emoji_text() {
    let checker = roomy_checker(8);
    let text = "👨‍👩‍👧‍👦🇯🇵❤️👍🏽".repeat(40_000);
    let r = check_bytes(&checker, text.as_bytes(), None).unwrap();
    let ctx = Context::from_json(r#"{"channel":"work"}"#).unwrap();
    let r2 = checker.check(&text, &ctx);
    assert_eq!(r.verdict, Verdict::Allow);
    // ❤️ is affection in a work channel; every span is a whole grapheme.
    let f = r2.findings.iter().find(|f| f.rule == "personal_in_work_channel.affection").unwrap();
    assert!(f.spans.iter().all(|s| &text[s.start..s.end] == "❤️"));
}

#[test]
fn a_policy_with_100000_terms() {
    let mut toml = String::from("extends = \"builtin:jp-local-gov\"\n[groups.secret_doc]\nterms = [\n");
    for i in 0..100_000 {
        toml.push_str(&format!("{{ id = \"p{i}\", match = [\"プロジェクト符号{i:06}\"] }},\n"));
    }
    toml.push_str("]\n");
    let policy = Policy::from_toml(&toml).unwrap();
    let checker = Checker::new(&policy).unwrap();
    let r = checker.check("プロジェクト符号099999の件", &Context::default());
    assert_eq!(r.findings[0].terms, ["p99999"]);

    // Past the limit: a named error.
    let mut toml = String::from("extends = \"builtin:jp-local-gov\"\n[groups.big]\nterms = [\n");
    for i in 0..hatsugen::policy::MAX_TERMS + 1 {
        toml.push_str(&format!("{{ id = \"t{i}\", match = [\"語{i}\"] }},\n"));
    }
    toml.push_str("]\n");
    assert_eq!(Policy::from_toml(&toml).unwrap_err().kind(), PolicyErrorKind::TooLarge);
}

#[test]
fn a_catastrophic_backtracking_regex_is_linear_here() {
    let policy = Policy::from_toml(
        "extends = \"builtin:jp-local-gov\"\n[limits]\nmax_text_bytes = 4194304\n[groups.evil]\nterms = [{ id = \"evil\", regex = \"(a+)+$\" }, { id = \"evil2\", regex = \"(a|aa)*b\" }]\n[rules.\"confidential.evil\"]\nclause = \"c\"\nmessage = { ja = \"j\", en = \"e\" }\nany = [\"evil\"]\n",
    )
    .unwrap();
    let checker = Checker::new(&policy).unwrap();
    // The classic near-miss for backtracking engines: a million `a`s not followed by what
    // the patterns need. Neither matches, and the check finishes (linear time).
    let text = "a".repeat(1_000_000) + "!";
    let r = check_bytes(&checker, text.as_bytes(), None).unwrap();
    assert!(r.findings.iter().all(|f| f.rule != "confidential.evil"));
    // The same patterns do match where they should.
    let r = check_bytes(&checker, "xx aaab yy".as_bytes(), None).unwrap();
    let f = r.findings.iter().find(|f| f.rule == "confidential.evil").unwrap();
    assert_eq!(f.terms, ["evil2"]);
    // A pattern that would compile into something huge is refused with a named error.
    let e = Policy::from_toml(
        "extends = \"builtin:jp-local-gov\"\n[groups.g]\nterms = [{ id = \"x\", regex = \"[a-z]{1000}{1000}\" }]\n",
    )
    .unwrap_err();
    assert_eq!(e.kind(), PolicyErrorKind::Invalid);
    assert!(e.message().contains("does not compile"), "{e}");
}

#[test]
fn deeply_nested_or_huge_context_json() {
    let checker = Checker::default_checker();
    let nested = format!("{{\"profile\":{}1{}}}", "[".repeat(100_000), "]".repeat(100_000));
    match check_bytes(checker, b"x", Some(&nested)) {
        Err(CheckError::Context(e)) => assert!(!e.message().is_empty()),
        other => panic!("expected a context error, got {other:?}"),
    }
    let huge = format!("{{\"profile\":\"{}\"}}", "あ".repeat(1_000_000));
    match check_bytes(checker, b"x", Some(&huge)) {
        Err(CheckError::Context(e)) => assert!(e.message().contains("more than the limit"), "{e}"),
        other => panic!("expected a context error, got {other:?}"),
    }
    let many = format!("{{\"attachments\":[{}]}}", vec![r#"{"kind":"image","description":"海"}"#; 5000].join(","));
    let r = check_bytes(checker, b"x", Some(&many)).unwrap();
    assert_eq!(r.verdict, Verdict::Allow);
}
