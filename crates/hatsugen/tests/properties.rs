//! Properties that must hold for any input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs)]

use hatsugen::text::{Normalized, fold};
use hatsugen::{Checker, Context, Verdict};
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

/// Text drawn from the characters that matter: kana of both widths, kanji, ASCII, full-width
/// forms, spaces, separators, zero-width characters, combining and variation marks, emoji.
fn japaneseish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "あ",
        "ば",
        "か",
        "し",
        "ね",
        "ア",
        "バ",
        "カ",
        "ｶ",
        "ﾞ",
        "ﾊ",
        "゛",
        "\u{3099}",
        "死",
        "秘",
        "内",
        "部",
        "資",
        "料",
        "話",
        "こ",
        "だ",
        "け",
        "の",
        "ー",
        "a",
        "B",
        "z",
        "0",
        "9",
        "Ａ",
        "１",
        "＠",
        "@",
        " ",
        "　",
        "・",
        ".",
        "-",
        "\u{200B}",
        "\u{200D}",
        "\u{FEFF}",
        "\u{FE0F}",
        "\u{0301}",
        "❤",
        "💕",
        "👍🏽",
        "🇯🇵",
        "𠮷",
        "\n",
        "ここだけの話",
        "バカ",
        "内部資料",
        "拡散希望",
        "らしい",
        "０９０",
        "1234",
        "5678",
        "〒",
        "丁目",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn flagged_terms() -> impl Strategy<Value = (&'static str, &'static str)> {
    prop::sample::select(vec![
        ("極秘資料", "confidential.marked"),
        ("内部資料", "confidential.marked"),
        ("バカ", "defamation.insult"),
        ("死ね", "defamation.insult"),
        ("ガイジ", "discrimination.slur"),
        ("殺すぞ", "illegal.threat"),
    ])
}

/// Each rule of the default pack with the rules its `yield_to` names.
fn yield_targets() -> Vec<(String, Vec<String>)> {
    let pack = include_str!("../packs/jp-local-gov.toml");
    let rule = regex::Regex::new(r#"(?m)^\[rules\."([^"]+)"\]\n(?:[^\[\n].*\n|\n)*?yield_to = \[([^\]]*)\]"#).unwrap();
    let name = regex::Regex::new(r#""([^"]+)""#).unwrap();
    rule.captures_iter(pack)
        .map(|c| (c[1].to_owned(), name.captures_iter(&c[2]).map(|n| n[1].to_owned()).collect()))
        .collect()
}

/// The rules of the default pack that the model may overrule (`unless_model_below`).
fn overruled_by_model() -> Vec<String> {
    let pack = include_str!("../packs/jp-local-gov.toml");
    let rule = regex::Regex::new(r#"(?m)^\[rules\."([^"]+)"\]\n(?:[^\[\n].*\n|\n)*?unless_model_below = "#).unwrap();
    rule.captures_iter(pack).map(|c| c[1].to_owned()).collect()
}

fn grapheme_boundaries(s: &str) -> Vec<usize> {
    let mut b: Vec<usize> = s.grapheme_indices(true).map(|(i, _)| i).collect();
    b.push(s.len());
    b
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn spans_are_valid_sorted_and_on_grapheme_boundaries(text in japaneseish()) {
        let r = Checker::default_checker().check(&text, &Context::default());
        let bounds = grapheme_boundaries(&text);
        let mut prev: Option<(Option<(usize, usize)>, String)> = None;
        for f in &r.findings {
            for s in &f.spans {
                prop_assert!(s.start < s.end && s.end <= text.len());
                prop_assert!(bounds.contains(&s.start) && bounds.contains(&s.end), "{s:?} in {text:?}");
            }
            let key = (f.spans.first().map(|s| (s.start, s.end)), f.rule.clone());
            if let Some(p) = &prev { prop_assert!(p <= &key); }
            prev = Some(key);
        }
    }

    #[test]
    fn verdict_is_the_most_severe_finding(text in japaneseish()) {
        let r = Checker::default_checker().check(&text, &Context::default());
        prop_assert_eq!(r.verdict, Verdict::from_severities(r.findings.iter().map(|f| f.severity)));
    }

    #[test]
    fn folding_is_idempotent(text in japaneseish()) {
        let once = fold(&text);
        prop_assert_eq!(fold(&once), once);
    }

    #[test]
    fn offset_map_stays_inside_the_original(text in japaneseish()) {
        let n = Normalized::new(&text);
        let folded = n.as_str();
        for (i, _) in folded.char_indices() {
            for (j, _) in folded.char_indices().chain(std::iter::once((folded.len(), ' '))).filter(|(j, _)| *j > i) {
                let (s, e) = n.original_range(i, j).unwrap();
                prop_assert!(s <= e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e));
            }
        }
    }

    #[test]
    fn zero_width_and_full_width_do_not_unflag(
        (term, rule) in flagged_terms(),
        zw in prop::sample::select(vec!["\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", " ", "　", "・"]),
        at in 1usize..3,
        prefix in japaneseish(),
    ) {
        let chars: Vec<char> = term.chars().collect();
        let at = at.min(chars.len() - 1);
        let evasive: String = chars[..at].iter().collect::<String>() + zw + &chars[at..].iter().collect::<String>();
        // The property is relative: whatever the prefix does to the plain term (a word of it
        // may cancel the rule: げじ。バカ speaks of a centipede), it does to the hidden one.
        let plain = format!("{prefix}。{term}");
        let text = format!("{prefix}。{evasive}");
        let flagged = |t: &str| Checker::default_checker().check(t, &Context::default()).findings.iter().any(|f| f.rule == rule);
        prop_assert_eq!(flagged(&plain), flagged(&text), "{:?} and {:?} differ on {}", plain, text, rule);
        // Katakana to half-width forms, ASCII-range kana to full width: both fold back.
        let widened: String = term.chars().map(|c| match c {
            'バ' => "ﾊﾞ".to_owned(),
            'カ' => "ｶ".to_owned(),
            'ガ' => "ｶﾞ".to_owned(),
            'イ' => "ｲ".to_owned(),
            'ジ' => "ｼﾞ".to_owned(),
            _ => c.to_string(),
        }).collect();
        prop_assert!(flagged(term), "{term:?} is not {rule}");
        prop_assert!(flagged(&widened), "{widened:?} lost {rule}");
    }

    #[test]
    fn appending_text_keeps_findings_of_the_prefix(prefix in japaneseish(), suffix in japaneseish()) {
        let checker = Checker::default_checker();
        let ctx = Context::default();
        // A model rule judges the whole post, whose wording the suffix changes, and so does
        // the model that may overrule a rule of words (`unless_model_below`): the property is
        // the other word rules'.
        let mut model: Vec<String> = checker.rules().into_iter().filter(|r| r.kind == "model").map(|r| r.id).collect();
        model.extend(overruled_by_model());
        let before = checker.check(&prefix, &ctx);
        // Separate the two with a sentence break so no term straddles them, and a neutral
        // sentence between: a rule may be cancelled, by design, by a word of the sentence next
        // to its hit (`unless_nearby`: バカ, then げじ…, a curse at a centipede).
        let text = format!("{prefix}\n。\nああ。\n{suffix}");
        let after = checker.check(&text, &ctx);
        // A rule may step aside for a stronger one of its category (rumor.hearsay has
        // `unless = ["spread_request"]`, which rumor.unverified_spread reports): the category
        // stays. It may yield to a rule its `yield_to` names, which the suffix may have made
        // speak in the next sentence (バカ。ゲー…: defamation.insult yields to
        // discrimination.demeaning over two sentences). Otherwise the rule stays, with its spans.
        let yields = yield_targets();
        for f in before.findings.iter().filter(|f| !model.contains(&f.rule)) {
            let kept = after.findings.iter().any(|g| g.rule == f.rule && f.spans.iter().all(|s| g.spans.iter().any(|t| t.start <= s.start && s.end <= t.end)));
            let replaced = after.findings.iter().any(|g| g.category == f.category && g.rule != f.rule && !model.contains(&g.rule));
            let yielded = after.findings.iter().any(|g| yields.iter().any(|(r, to)| *r == f.rule && to.contains(&g.rule)));
            prop_assert!(kept || replaced || yielded, "{} lost after appending to {prefix:?}", f.rule);
        }
    }

    #[test]
    fn check_never_panics_on_arbitrary_unicode(text in "\\PC{0,200}", raw in prop::collection::vec(any::<u8>(), 0..200)) {
        let checker = Checker::default_checker();
        let _ = checker.check(&text, &Context::default());
        let _ = hatsugen::wire::check_bytes(checker, &raw, None);
        let lossy = String::from_utf8_lossy(&raw);
        let r = checker.check(&lossy, &Context::default());
        for f in &r.findings { for s in &f.spans { prop_assert!(lossy.is_char_boundary(s.start) && lossy.is_char_boundary(s.end)); } }
    }
}
