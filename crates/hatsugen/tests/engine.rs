//! Engine properties: spans point into the original text on grapheme boundaries, reports
//! are deterministic and sorted, the verdict is the most severe finding, skips are precise.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs)]

use hatsugen::{Attachment, AttachmentKind, Channel, Checker, Context, Policy, Severity, Verdict};

fn check(text: &str, ctx: &Context) -> hatsugen::Report {
    Checker::default_checker().check(text, ctx)
}

fn spans_text<'a>(text: &'a str, r: &hatsugen::Report, rule: &str) -> Vec<&'a str> {
    r.findings.iter().filter(|f| f.rule == rule).flat_map(|f| f.spans.iter()).map(|s| &text[s.start..s.end]).collect()
}

#[test]
fn an_email_span_starts_on_a_character_after_a_zero_width_one() {
    // A zero-width space, then a symbol the local part cannot start with: the span begins
    // at the first letter, not inside the zero-width space (found by the `check` fuzzer).
    let text = "連絡 \u{200b}%tar1 @ e3ar.jp";
    let r = check(text, &Context::default());
    assert_eq!(spans_text(text, &r, "personal_data.email"), ["tar1 @ e3ar.jp"]);
}

#[test]
fn spans_cover_original_characters_after_folding() {
    let text = "🎉ＯＦＦ　ＴＨＥ　ＲＥＣＯＲＤ🎉 and ｶﾞｲｼﾞ and 𠮷野家 ここ\u{200B}だけの話、予算の件";
    let r = check(text, &Context::default());
    assert_eq!(
        spans_text(text, &r, "confidential.secret"),
        ["ＯＦＦ　ＴＨＥ　ＲＥＣＯＲＤ", "ここ\u{200B}だけの話", "予算"]
    );
    assert_eq!(spans_text(text, &r, "discrimination.slur"), ["ｶﾞｲｼﾞ"]);
}

#[test]
fn spans_never_split_a_grapheme() {
    // A heart with a variation selector, and a flag made of two regional indicators after it.
    let text = "お疲れさま❤\u{FE0F}🇯🇵";
    let ctx = Context::default().channel(Channel::Work);
    let r = check(text, &ctx);
    assert_eq!(spans_text(text, &r, "personal_in_work_channel.affection"), ["❤\u{FE0F}"]);
    // A term followed by a combining mark: the mark belongs to the highlighted cluster.
    let text = "極秘\u{3099}だ";
    let r = check(text, &Context::default());
    let span = r.findings[0].spans[0];
    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
    assert_eq!(&text[span.start..span.end], "極秘\u{3099}");
}

#[test]
fn reports_are_deterministic_sorted_and_consistent() {
    let text = "拡散希望!内部資料によると市長がバカらしい。死ね。外国人は出ていけ";
    let ctx =
        Context::from_json(r#"{"device":"work","account":"staff_identified","audience":"group","recipients":99}"#)
            .unwrap();
    let a = check(text, &ctx);
    for _ in 0..5 {
        assert_eq!(check(text, &ctx), a);
    }
    let keys: Vec<_> = a.findings.iter().map(|f| (f.spans.first().map(|s| (s.start, s.end)), f.rule.clone())).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let max = a.findings.iter().map(|f| f.severity).max().unwrap();
    assert_eq!(max, Severity::Block);
    assert_eq!(a.verdict, Verdict::Block);
    for f in &a.findings {
        assert_eq!(f.category, f.rule.split('.').next().unwrap());
        assert!(!f.message.ja.is_empty() && !f.message.en.is_empty() && !f.clause.is_empty());
        for s in &f.spans {
            assert!(s.start < s.end && s.end <= text.len());
        }
    }
}

#[test]
fn info_findings_do_not_change_an_allow() {
    // Twelve digits that fail the My Number check: worth a second look, no more.
    let text = "番号は123456789012です";
    let r = check(text, &Context::default());
    let got: Vec<(&str, Severity)> = r.findings.iter().map(|f| (f.rule.as_str(), f.severity)).collect();
    assert_eq!(got, [("personal_data.long_number", Severity::Info)]);
    assert_eq!(spans_text(text, &r, "personal_data.long_number"), ["123456789012"]);
    assert_eq!(r.verdict, Verdict::Allow);
    // The detector's own severity caps the rule's: raising the rule keeps a long number info.
    let warn = Policy::from_toml(
        "extends = \"builtin:jp-local-gov\"\n[rules.\"personal_data.long_number\"]\nseverity = \"warn\"\n",
    )
    .unwrap();
    assert_eq!(Checker::new(&warn).unwrap().check(text, &Context::default()).verdict, Verdict::Allow);
}

#[test]
fn skipped_lists_only_rules_that_could_have_mattered() {
    let r = check("良い天気", &Context::default());
    let skipped: Vec<&str> = r.skipped.iter().map(|s| s.rule.as_str()).collect();
    assert!(skipped.contains(&"work_device.work_issued"));
    assert!(!skipped.contains(&"personal_in_work_channel.affection"), "no affection in the text");
    let r = check("会いたかった💕", &Context::default());
    let s = r.skipped.iter().find(|s| s.rule == "personal_in_work_channel.affection").unwrap();
    assert_eq!(s.missing, ["channel"]);
    let r = check("会いたかった💕", &Context::default().channel(Channel::Private));
    assert!(r.skipped.iter().all(|s| s.rule != "personal_in_work_channel.affection"));
}

#[test]
fn attachments_are_scanned_and_pointed_at() {
    let ctx = Context::default()
        .attachment(Attachment::new(AttachmentKind::Image).with_description("海"))
        .attachment(Attachment::new(AttachmentKind::Image).with_description("窓口の来庁者"));
    let r = check("今日の一枚", &ctx);
    let f = r.findings.iter().find(|f| f.rule == "workplace_image.attachment").unwrap();
    assert_eq!(f.attachment, Some(1));
    assert!(f.spans.is_empty());
}

#[test]
fn the_mayors_line_message_is_caught() {
    let ctx = Context::from_json(
        r#"{"time":"2016-12-30T23:10:00+09:00","channel":"work","audience":"group","recipients":52,"platform":"line","account":"personal","device":"personal","status":"business_trip","role":"manager"}"#,
    )
    .unwrap();
    let r = check("会いたかったな💕 フフ インフル大丈夫?変わってあげたい😘", &ctx);
    let rules: Vec<(&str, Severity)> = r.findings.iter().map(|f| (f.rule.as_str(), f.severity)).collect();
    assert_eq!(
        rules,
        [("broadcast.many_recipients", Severity::Warn), ("personal_in_work_channel.affection", Severity::Warn)]
    );
    assert_eq!(r.verdict, Verdict::Warn);
    assert_eq!(r.next_allowed_at, None, "not a timing problem");
}

#[test]
fn empty_and_odd_texts() {
    for t in ["", " ", "\u{200B}\u{200B}", "\n\n\n", "ﾞﾞﾞ", "゛", "a\u{0301}", &"🎉".repeat(1000)] {
        let r = check(t, &Context::default());
        assert_eq!(r.verdict, Verdict::Allow, "{t:?}");
    }
}

/// The rules that fire on `text` with no context (timing and device rules aside).
fn rules_of(text: &str) -> Vec<String> {
    let r = check(text, &Context::default());
    let mut v: Vec<String> = r
        .findings
        .iter()
        .filter(|f| f.severity > Severity::Info)
        .map(|f| f.rule.clone())
        .filter(|id| !id.starts_with("disclaimer_missing"))
        .collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn kana_words_are_not_read_out_of_longer_kana_words() {
    // A particle-like syllable inside a word is not a word edge…
    for benign in [
        "日差しやばかったです",
        "ぜひ仮装してたのしんでください",
        "たこやきもいいですね",
        "始めてはいた時衝撃やばかった",
    ] {
        assert_eq!(rules_of(benign), Vec::<String>::new(), "{benign}");
    }
    // …but a real particle, a word before it, or a title is.
    for abusive in ["あいつはばか", "ほんとばか", "かちょうしね", "課長しね", "クレーマーなんかしねばいいのに"]
    {
        assert_eq!(rules_of(abusive), ["defamation.insult"], "{abusive}");
    }
}

#[test]
fn look_alikes_and_mixed_scripts_are_read_only_where_they_are_meant() {
    // 氏ね after a surname is an honorific and a particle; after a title it is abuse.
    assert!(rules_of("山本氏ね、来週うちの課に来るらしいよ").is_empty());
    assert_eq!(rules_of("主任氏ね"), ["defamation.insult"]);
    assert_eq!(rules_of("あいつ氏ねばいいのに"), ["defamation.insult"]);
    // ヤりたい with its katakana is the slang; やりたい is everyday Japanese.
    assert!(rules_of("やりたいことリスト作った").is_empty());
    assert_eq!(rules_of("受付の子とヤりてー"), ["obscenity.explicit"]);
}

#[test]
fn an_exception_cancels_any_hit_it_overlaps() {
    // 「自転車乗って」 is an exception of the driving words; 「車乗っ」 starts inside it.
    assert!(rules_of("僕は暑い中自転車乗ってるのでお茶を飲んでます").is_empty());
    assert_eq!(rules_of("昨日は飲んだあと車乗って帰った"), ["illegal.drunk_driving"]);
}

#[test]
fn a_single_mask_hides_a_letter_but_a_run_of_masks_is_a_placeholder() {
    assert_eq!(rules_of("覚○剤のお兄さんと連絡取れた。欲しい人いたら繋ぐよ"), ["illegal.drugs"]);
    assert_eq!(rules_of("外○人は出ていけ"), ["discrimination.exclusion"]);
    // 〇日は and ××、 are placeholders of a notice, not 休日は or パー券.
    assert!(rules_of("7月〇日は市民まつりです").is_empty());
    assert!(rules_of("ｽｰﾊﾟｰ××、今日は特売日").is_empty());
}

#[test]
fn a_word_hidden_by_a_mask_inside_it_needs_no_word_edges() {
    // Short kana words count only at word edges (パチンコ; うちんこ, "our kid" in Kyushu), but
    // a mask inside one is a word hidden on purpose, wherever it stands.
    assert_eq!(rules_of("朝からち〇こ元気すぎて草"), ["obscenity.explicit"]);
    assert!(rules_of("うちんこ、今日から幼稚園に行きよる").is_empty());
    assert!(rules_of("昨日パチンコで3万負けた").is_empty());
}

#[test]
fn quoted_words_are_not_the_authors_unless_the_quote_is_the_post() {
    assert!(rules_of("電話で「お前ら公務員はクズだ」って30分怒鳴られた").is_empty());
    assert!(rules_of("京極夏彦の『死ねばいいのに』読了").is_empty());
    assert_eq!(rules_of("「死ね」"), ["defamation.insult"]);
    assert_eq!(rules_of("「責任者出せ」って言ってた客、死ね"), ["defamation.insult"]);
}

#[test]
fn an_interjection_of_one_kana_and_a_long_mark_is_not_a_word() {
    // ゲイ folds to げい; its long-vowel spelling げー is also "ugh". Two-kana words get no
    // long-vowel spellings, so the insult stays an insult, not a slur on a group.
    for text in ["げー。バカ", "け\u{ff9e}ー。バ\u{200b}カ", "ゲー、まじか。あいつバカだろ"] {
        let r = check(text, &Context::default());
        let rules: Vec<&str> = r.findings.iter().map(|f| f.rule.as_str()).collect();
        assert!(rules.contains(&"defamation.insult"), "{text}: {rules:?}");
        assert!(!rules.contains(&"discrimination.demeaning"), "{text}: {rules:?}");
    }
    let r = check("ゲイはバカ", &Context::default());
    assert!(r.findings.iter().any(|f| f.rule == "discrimination.demeaning"));
}
