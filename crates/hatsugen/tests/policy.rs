//! Policy loading, merging and errors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs)]

use hatsugen::{Checker, Context, Policy, PolicyErrorKind, PolicyProblem, PolicyWarningKind, Severity, Verdict};

fn err(toml: &str) -> hatsugen::PolicyError {
    Policy::from_toml(toml).expect_err("policy should be rejected")
}

#[test]
fn builtin_packs_load_and_compile() {
    for name in Policy::builtin_names() {
        let p = Policy::builtin(name).unwrap();
        assert_eq!(p.id(), name);
        let c = Checker::new(&p).unwrap();
        // The checker lists exactly the policy's rules, every built-in rule among them.
        let rules = c.rules();
        let listed: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
        let policy: Vec<&str> = p.rules().keys().map(String::as_str).collect();
        assert_eq!(listed, policy, "{name}");
        assert_eq!(rules.iter().filter(|r| r.kind == "builtin").count(), 43, "{name}: the built-in rules");
        for r in &rules {
            assert!(!r.clause.is_empty(), "{name}: {} has no clause", r.id);
        }
    }
    // The Urayasu pack cites its own clauses and adds no rule.
    let ids = |name: &str| -> Vec<String> { Policy::builtin(name).unwrap().rules().keys().cloned().collect() };
    assert_eq!(ids("urayasu"), ids("jp-local-gov"));
}

#[test]
fn urayasu_cites_its_own_clauses() {
    let c = Checker::new(&Policy::builtin("urayasu").unwrap()).unwrap();
    for r in c.rules() {
        // Section 3 (留意点) for what is posted, section 4 (トラブルへの対応) for replies.
        let section = if r.id.ends_with(".heated_reply") || r.id == "rumor.denies_error" { "4(" } else { "3(" };
        assert!(r.clause.starts_with(&format!("浦安市ガイドライン {section}")), "{} cites {}", r.id, r.clause);
    }
    let device = c.rules().into_iter().find(|r| r.id == "work_device.work_issued").unwrap();
    assert!(device.clause.contains("3(11)"));
}

#[test]
fn syntax_error_has_line_and_column() {
    let e = err("extends = \"builtin:jp-local-gov\"\nid = \"x\"\nversion = = 1\n");
    assert_eq!(e.kind(), PolicyErrorKind::Syntax);
    assert_eq!(e.line(), 3);
    assert_eq!(e.column(), 11, "at the second `=`: {e}");
    assert!(matches!(e.problem(), PolicyProblem::Toml { .. }), "{e}");
}

#[test]
fn unknown_key_is_named_with_position() {
    let e = err("extends = \"builtin:jp-local-gov\"\n\n[rules.\"defamation.insult\"]\nseverty = \"warn\"\n");
    assert_eq!(e.kind(), PolicyErrorKind::Syntax);
    assert_eq!((e.line(), e.column()), (4, 1));
    assert!(e.message().contains("unknown field `severty`"), "{e}");
    assert!(e.message().contains("`severity`"), "{e}");
}

#[test]
fn bad_severity_lists_values() {
    let e = err("extends = \"builtin:jp-local-gov\"\n[rules.\"defamation.insult\"]\nseverity = \"fatal\"\n");
    assert_eq!(e.line(), 3);
    assert!(e.message().contains("fatal") && e.message().contains("block"), "{e}");
}

#[test]
fn unknown_builtin_is_its_own_kind() {
    let e = err("extends = \"builtin:tokyo\"\n");
    assert_eq!(e.kind(), PolicyErrorKind::UnknownBuiltin);
    assert_eq!(e.line(), 1);
    assert!(e.message().contains("`tokyo`") && e.message().contains("`urayasu`"), "{e}");
    assert_eq!(Policy::builtin("nope").unwrap_err().kind(), PolicyErrorKind::UnknownBuiltin);
}

#[test]
fn semantic_errors_point_at_the_offending_key() {
    let e = err("extends = \"builtin:jp-local-gov\"\nremove_terms = [\"baka\", \"no-such-term\"]\n");
    assert_eq!(e.kind(), PolicyErrorKind::Invalid);
    assert_eq!((e.line(), e.column()), (2, 25));
    assert_eq!(e.key_path(), Some("remove_terms"));

    let e = err(
        "extends = \"builtin:jp-local-gov\"\n[rules.\"confidential.x\"]\nclause = \"c\"\nmessage = { ja = \"j\", en = \"e\" }\nany = [\"secret_marker\", \"nope\"]\n",
    );
    assert_eq!(e.line(), 5);
    assert!(e.message().contains("unknown group `nope`"), "{e}");

    let e = err("extends = \"builtin:jp-local-gov\"\n[rules.\"gossip.x\"]\nclause = \"c\"\n");
    assert_eq!(e.line(), 2);
    assert!(e.message().contains("unknown category `gossip`"), "{e}");

    let e = err(
        "extends = \"builtin:jp-local-gov\"\n[rules.\"confidential.x\"]\nclause = \"c\"\nany = [\"secret_marker\"]\n",
    );
    assert!(e.message().contains("needs `message`"), "{e}");

    let e =
        err("extends = \"builtin:jp-local-gov\"\n[rules.\"work_device.work_issued\"]\nwhen = \"official_account\"\n");
    assert!(e.message().contains("built in"), "{e}");

    let e = err("extends = \"builtin:jp-local-gov\"\n[[embargo]]\nid = \"a\"\nterms = [\"x\"]\nlift = \"tomorrow\"\n");
    assert_eq!((e.line(), e.key_path()), (5, Some("embargo.lift")));

    let e = err("extends = \"builtin:jp-local-gov\"\n[groups.g]\nterms = [{ id = \"r\", regex = \"(unclosed\" }]\n");
    assert_eq!(e.line(), 3);
    assert!(e.message().contains("does not compile"), "{e}");

    let e = err("extends = \"builtin:jp-local-gov\"\n[groups.g]\nterms = [{ id = \"baka\", match = [\"x\"] }]\n");
    assert!(e.message().contains("already used in group `insult`"), "{e}");

    let e = err("id = \"x\"\n");
    assert!(e.message().contains("`version`"), "{e}");
}

#[test]
fn limits_are_enforced_with_named_errors() {
    let long = format!(
        "extends = \"builtin:jp-local-gov\"\n[groups.g]\nterms = [{{ id = \"r\", regex = \"{}\" }}]\n",
        "a".repeat(3000)
    );
    assert_eq!(err(&long).kind(), PolicyErrorKind::TooLarge);
    let huge = " ".repeat(hatsugen::policy::MAX_POLICY_BYTES + 1);
    assert_eq!(err(&huge).kind(), PolicyErrorKind::TooLarge);
}

#[test]
fn a_city_adds_removes_and_overrides() {
    let p = Policy::from_toml(
        r#"
extends = "builtin:jp-local-gov"
id = "city"
version = "7"
remove_terms = ["kimoi"]
[groups.insult]
except = ["バカうまい"]
terms = [{ id = "local-insult", match = ["あんぽんたん"] }]
[rules."defamation.insult"]
severity = "warn"
clause = "市ガイドライン 5条"
"#,
    )
    .unwrap();
    let c = Checker::new(&p).unwrap();
    let ctx = Context::default();
    assert_eq!(c.check("キモい", &ctx).verdict, Verdict::Allow);
    assert_eq!(c.check("バカうまいラーメン", &ctx).verdict, Verdict::Allow);
    let r = c.check("あんぽんたん!", &ctx);
    assert_eq!(r.findings[0].severity, Severity::Warn);
    assert_eq!(r.findings[0].clause, "市ガイドライン 5条");
    assert_eq!(r.findings[0].terms, vec!["local-insult".to_owned()]);
    assert_eq!((r.policy.id.as_str(), r.policy.version.as_str()), ("city", "7"));
    // Built-in text is untouched for other checkers.
    assert_eq!(Checker::default_checker().check("キモい", &ctx).verdict, Verdict::Block);
}

#[test]
fn effective_policy_round_trips_through_toml() {
    for name in Policy::builtin_names() {
        let p = Policy::builtin(name).unwrap();
        let again = Policy::from_toml(&p.to_toml()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(p, again, "{name}");
    }
}

#[test]
fn worked_example_in_docs_is_valid() {
    let doc = include_str!("../../../docs/POLICY.md");
    let start = doc.find("## A worked example").unwrap();
    let block = &doc[start..];
    let toml = &block[block.find("```toml\n").unwrap() + 8..];
    let toml = &toml[..toml.find("```").unwrap()];
    let p = Policy::from_toml(toml).unwrap();
    let r = Checker::new(&p).unwrap().check("指名業者はA社とB社らしい", &Context::default());
    assert_eq!(r.findings[0].rule, "confidential.tender");
    assert_eq!(r.verdict, Verdict::Block);
}

#[test]
fn context_errors_name_the_field_and_allowed_values() {
    let e = Context::from_json(r#"{"device":"phone"}"#).unwrap_err();
    assert!(e.message().contains("`phone`") && e.message().contains("`work`"), "{e}");
    assert_eq!(e.line(), 1);
    let e = Context::from_json(r#"{"mood":"happy"}"#).unwrap_err();
    assert!(e.message().contains("unknown field `mood`") && e.message().contains("`recipient_relation`"), "{e}");
    let e = Context::from_json(r#"{"time":"2026-11-21 10:00"}"#).unwrap_err();
    assert!(e.message().contains("invalid `time` `2026-11-21 10:00`"), "{e}");
    let z = Context::from_json(r#"{"time":"2026-11-21T01:00:00Z"}"#).unwrap();
    let jst = Context::from_json(r#"{"time":"2026-11-21T10:00:00+09:00"}"#).unwrap();
    assert_eq!(z.time, jst.time);
    let e = Context::from_json(r#"{"recipients":-1}"#).unwrap_err();
    assert!(e.message().contains("-1"), "{e}");
}

#[test]
fn no_builtin_term_folds_to_a_single_letter() {
    // A term like 「㊙」 folds to 「秘」 and would match every 秘書; only symbols (emoji)
    // may be a single character in a group that fires a rule on its own (`any`). Cue groups
    // used only in `all` (「党」 next to a vote request), or in the `any` of a model rule
    // (which the model's score must also meet), may be short.
    for name in Policy::builtin_names() {
        let p = Policy::builtin(name).unwrap();
        let firing: std::collections::BTreeSet<&str> =
            p.rules().values().filter(|r| r.model.is_none()).flat_map(|r| r.any.iter()).map(String::as_str).collect();
        for (group, g) in p.groups().iter().filter(|(n, _)| firing.contains(n.as_str())) {
            for t in &g.terms {
                for m in &t.matches {
                    let folded = hatsugen::text::fold(m);
                    let chars: Vec<char> = folded.chars().collect();
                    assert!(
                        chars.len() >= 2 || chars.iter().all(|c| !c.is_alphanumeric()),
                        "{name}: term `{}` in group `{group}` folds to `{folded}`",
                        t.id
                    );
                }
            }
        }
    }
}

/// Rules that cannot fire without a city's own data: an `[[embargo]]`, an `[[election]]`, a
/// `[[place]]`. Their examples live in the corpus's city policies (`election-city.toml`,
/// `places-city.toml`).
const NEEDS_CITY_DATA: &[&str] = &[
    "embargo.project",
    "personal_data.protected_place",
    "political.election_duty",
    "political.election_opinion",
    "political.election_request",
    "workplace_image.photo_place",
];

#[test]
fn the_corpus_city_policies_carry_passing_examples() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/policies");
    for name in ["election-city.toml", "places-city.toml"] {
        let p = Policy::from_toml(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap();
        let c = Checker::new(&p).unwrap();
        let own: Vec<_> = p.examples().iter().filter(|e| e.origin == "<policy>").collect();
        assert!(own.len() >= 3, "{name}");
        for e in own {
            assert_eq!(e.run(&c), Ok(()), "{name}:{} {:?}", e.line, e.text);
        }
    }
}

#[test]
fn builtin_packs_carry_passing_examples_for_every_rule() {
    for name in Policy::builtin_names() {
        let p = Policy::builtin(name).unwrap();
        let c = Checker::new(&p).unwrap();
        let failures: Vec<String> = p
            .examples()
            .iter()
            .filter_map(|e| e.run(&c).err().map(|why| format!("{}:{} {:?}: {why}", e.origin, e.line, e.text)))
            .collect();
        assert!(failures.is_empty(), "{name}:\n{}", failures.join("\n"));
        // Every rule that can fire on its own is shown firing by an example.
        let shown: std::collections::BTreeSet<&str> = p
            .examples()
            .iter()
            .flat_map(|e| match &e.expect {
                hatsugen::policy::Expect::Rules(ids) => ids.iter().map(String::as_str).collect::<Vec<_>>(),
                hatsugen::policy::Expect::Verdict(_) => Vec::new(),
            })
            .collect();
        let unshown: Vec<&str> = p
            .rules()
            .iter()
            .filter(|(id, spec)| {
                spec.enabled && !NEEDS_CITY_DATA.contains(&id.as_str()) && !shown.contains(id.as_str())
            })
            .map(|(id, _)| id.as_str())
            .collect();
        assert!(unshown.is_empty(), "{name}: rules without an example: {unshown:?}");
        assert!(
            p.examples().iter().filter(|e| e.expect == hatsugen::policy::Expect::Verdict(Verdict::Allow)).count() >= 5
        );
    }
}

#[test]
fn examples_are_checked_and_their_rule_ids_validated() {
    let p = Policy::from_toml(
        "extends = \"builtin:jp-local-gov\"\n[[example]]\ntext = \"バカ\"\nexpect = [\"defamation.insult\"]\n[[example]]\ntext = \"バカンス\"\nexpect = \"allow\"\n",
    )
    .unwrap();
    let own: Vec<_> = p.examples().iter().filter(|e| e.origin == "<policy>").collect();
    assert_eq!(own.len(), 2);
    assert_eq!(own[0].line, 3);
    let c = Checker::new(&p).unwrap();
    assert!(own.iter().all(|e| e.run(&c).is_ok()));
    let wrong =
        Policy::from_toml("extends = \"builtin:jp-local-gov\"\n[[example]]\ntext = \"バカンス\"\nexpect = \"block\"\n")
            .unwrap();
    let e = wrong.examples().iter().find(|e| e.origin == "<policy>").unwrap();
    assert!(e.run(&c).unwrap_err().contains("expected verdict `block`, got `allow`"));
    let e = err("extends = \"builtin:jp-local-gov\"\n[[example]]\ntext = \"x\"\nexpect = [\"no.such_rule\"]\n");
    assert!(e.message().contains("unknown rule `no.such_rule`"), "{e}");
    assert_eq!(e.line(), 4);
    let e = err(
        "extends = \"builtin:jp-local-gov\"\n[[example]]\ntext = \"x\"\ncontext = { device = \"phone\" }\nexpect = \"allow\"\n",
    );
    assert!(e.message().contains("invalid example context"), "{e}");
}

#[test]
fn a_message_may_be_japanese_only() {
    let p = Policy::from_toml(
        "extends = \"builtin:jp-local-gov\"\n[rules.\"confidential.local\"]\nclause = \"市 §1\"\nany = [\"secret_doc\"]\nmessage = { ja = \"庁内限りです\" }\n",
    )
    .unwrap();
    let r = Checker::new(&p).unwrap().check("極秘の資料", &Context::default());
    let f = r.findings.iter().find(|f| f.rule == "confidential.local").unwrap();
    assert_eq!((f.message.ja.as_str(), f.message.en.as_str()), ("庁内限りです", "庁内限りです"));
    assert!(Policy::from_toml("extends = \"builtin:jp-local-gov\"\n[rules.\"confidential.local\"]\nclause = \"c\"\nany = [\"secret_doc\"]\nmessage = { en = \"x\" }\n").is_err(), "ja is required");
}

#[test]
fn every_error_of_a_file_is_reported_at_once_in_its_order() {
    let text = "extends = \"builtin:jp-local-gov\"\n\
                [groups.g]\n\
                terms = [{ id = \"BAD\", match = [\"x\"] }, { id = \"ok-term\", match = [\"y\"] }]\n\
                [rules.\"rumor.hoax\"]\n\
                any = [\"insults\"]\n\
                [rules.\"defamation.insult\"]\n\
                severity = \"fatal\"\n\
                [rules.\"gossip.x\"]\n\
                clause = \"c\"\n\
                [[embargo]]\n\
                id = \"a\"\n\
                terms = [\"x\"]\n\
                lift = \"tomorrow\"\n";
    let a = Policy::analyze(text);
    assert!(a.policy.is_none());
    let got: Vec<(usize, &str)> = a.errors.iter().map(|e| (e.line(), e.problem().code())).collect();
    assert_eq!(
        got,
        [(3, "bad_name"), (5, "unknown_group"), (7, "unknown_variant"), (8, "unknown_category"), (13, "invalid_value")]
    );
    // The structured variant carries the values.
    assert!(
        matches!(a.errors[1].problem(), PolicyProblem::UnknownGroup { rule, group, known } if rule == "rumor.hoax" && group == "insults" && known.iter().any(|g| g == "insult"))
    );
    assert_eq!(a.errors[1].help_text(), Some("did you mean `insult`?"));
    assert!(
        matches!(a.errors[2].problem(), PolicyProblem::UnknownVariant { value, expected } if value == "fatal" && expected == &["info", "warn", "block"])
    );
    // from_toml gives the first of them.
    assert_eq!(err(text), a.errors[0]);
    // As JSON, for tools.
    let json: serde_json::Value = serde_json::from_str(&a.to_json()).unwrap();
    assert_eq!(json["errors"][1]["code"], "unknown_group");
    assert_eq!(json["errors"][1]["kind"], "invalid");
    assert_eq!(json["errors"][1]["key"], "rules.rumor.hoax.any");
    assert_eq!(json["errors"][1]["line"], 5);
    assert_eq!(json["warnings"], serde_json::json!([]));
}

#[test]
fn a_top_level_key_after_a_table_gets_a_help() {
    let e = err(
        "extends = \"builtin:jp-local-gov\"\n[rules.\"rumor.hoax\"]\nenabled = false\nremove_terms = [\"kimoi\"]\n",
    );
    assert!(matches!(e.problem(), PolicyProblem::UnknownField { field, .. } if field == "remove_terms"), "{e}");
    assert_eq!((e.line(), e.column()), (4, 1));
    let help = e.help_text().unwrap();
    assert!(help.contains("top-level key") && help.contains("move `remove_terms` above the first table"), "{help}");
    // A near miss of a key is named; a key far from any is not.
    let e = err("extends = \"builtin:jp-local-gov\"\n[rules.\"rumor.hoax\"]\nenabeld = false\n");
    assert_eq!(e.help_text(), Some("did you mean `enabled`?"));
    let e = err("extends = \"builtin:jp-local-gov\"\n[rules.\"rumor.hoax\"]\ncolour = \"red\"\n");
    assert_eq!(e.help_text(), None);
}

#[test]
fn an_exception_that_shares_one_character_with_a_term_cancels_it_and_is_not_called_dead() {
    let text = r#"extends = "builtin:jp-local-gov"

[groups.boss]
terms = [{ id = "kacho", match = ["課長"], except = ["長には内緒"] }]

[rules."confidential.boss"]
clause = "test"
any = ["boss"]
message = { ja = "課長", en = "boss" }
"#;
    let a = Policy::analyze(text);
    assert!(a.errors.is_empty(), "{:?}", a.errors);
    let dead: Vec<_> = a.warnings.iter().filter(|w| w.kind().code() == "dead_exception").collect();
    assert!(dead.is_empty(), "{dead:?}");
    let c = Checker::new(&a.policy.unwrap()).unwrap();
    let rules = |t: &str| -> Vec<String> {
        c.check(t, &Context::default()).findings.iter().map(|f| f.rule.clone()).collect::<Vec<_>>()
    };
    assert!(!rules("課長には内緒で").contains(&"confidential.boss".to_owned()));
    assert!(rules("課長に相談した").contains(&"confidential.boss".to_owned()));
}

#[test]
fn suspicious_but_legal_input_is_warned_about() {
    let text = r#"extends = "builtin:jp-local-gov"

[schedule]
hours = [{ start = "09:00", end = "17:00" }]

[groups.insult]
except = ["ひまわり畑"]
terms = [
  { id = "local-a", match = ["あんぽんたん"], except = ["あんぽんたんぽぽ", "ひまわり"] },
  { id = "local-b", match = ["アンポンタン"] },
]

[rules."defamation.insult"]
message = { ja = "{who}への侮辱です" }

[rules."embargo.project"]
message = { ja = "{project}は{lift}まで非公開。{until}" }

[rules."emergency.leisure"]
any = []
"#;
    let a = Policy::analyze(text);
    assert!(a.errors.is_empty(), "{:?}", a.errors);
    assert!(a.policy.is_some(), "warnings do not stop a policy");
    let got: Vec<(usize, &str)> = a.warnings.iter().map(|w| (w.line(), w.kind().code())).collect();
    assert_eq!(
        got,
        [
            (3, "breaks_dropped"),
            (6, "dead_exception"),
            (9, "dead_exception"),
            (10, "duplicate_term"),
            (13, "unknown_placeholder"),
            (16, "unknown_placeholder"),
            (19, "never_runs"),
        ]
    );
    let w = |i: usize| &a.warnings[i];
    assert!(matches!(w(0).kind(), PolicyWarningKind::BreaksDropped { breaks } if breaks == &["12:00-13:00"]));
    assert!(
        matches!(w(1).kind(), PolicyWarningKind::DeadException { term: None, exception, .. } if exception == "ひまわり畑")
    );
    // `あんぽんたんぽぽ` holds the term and can cancel a hit; `ひまわり` cannot overlap it.
    assert!(
        matches!(w(2).kind(), PolicyWarningKind::DeadException { term: Some(t), exception, .. } if t == "local-a" && exception == "ひまわり")
    );
    assert!(
        matches!(w(3).kind(), PolicyWarningKind::DuplicateTerm { term, other, spelling, .. } if term == "local-b" && other == "local-a" && spelling == "あんぽんたん")
    );
    assert!(matches!(w(4).kind(), PolicyWarningKind::UnknownPlaceholder { placeholder, .. } if placeholder == "who"));
    assert_eq!(w(4).help_text(), Some("this rule fills no placeholders"));
    assert!(
        matches!(w(5).kind(), PolicyWarningKind::UnknownPlaceholder { placeholder, known, .. } if placeholder == "until" && known == &["lift", "project", "note"])
    );
    assert!(matches!(w(6).kind(), PolicyWarningKind::NeverRuns { rule } if rule == "emergency.leisure"));
    // A model rule's `within` says which sentences around a hit of `any` the model reads:
    // with `all` alone there is no such hit, and the whole post is read.
    let model = |cond: &str| {
        Policy::analyze(&format!(
            "extends = \"builtin:jp-local-gov\"\n[rules.\"defamation.near\"]\nclause = \"c\"\nmodel = \"defamation\"\n\
             {cond} = [\"person_target\"]\nwithin = \"sentence\"\nmessage = {{ ja = \"x\" }}\n"
        ))
        .warnings
    };
    let unread = model("all");
    assert_eq!(unread.len(), 1, "{unread:?}");
    assert!(matches!(unread[0].kind(), PolicyWarningKind::WithinUnread { rule } if rule == "defamation.near"));
    assert_eq!(unread[0].line(), 2);
    assert!(model("any").is_empty());
    // Warnings are about this file only: the packs it extends are not looked at.
    assert!(Policy::analyze("extends = \"builtin:jp-local-gov\"\n").warnings.is_empty());
    // A term that expands past the cap loses spellings silently unless it is warned about.
    let many = r#"extends = "builtin:jp-local-gov"
[groups.drug_use]
terms = [{ id = "all-verbs", verb = ["吸う", "打つ", "キメる", "炙る", "試す", "手に入れる", "仕入れる", "育てる", "売る", "譲る", "買う", "分ける"], forms = ["done", "ongoing", "want", "request", "volitional"] }]
"#;
    let a = Policy::analyze(many);
    assert!(
        a.warnings
            .iter()
            .any(|w| matches!(w.kind(), PolicyWarningKind::TooManySpellings { term, .. } if term == "all-verbs")),
        "{:?}",
        a.warnings
    );
    let one = many.replace(r#""吸う", "打つ", "キメる", "炙る", "試す", "手に入れる", "仕入れる", "育てる", "売る", "譲る", "買う", "分ける""#, r#""吸う""#);
    assert!(Policy::analyze(&one).warnings.is_empty(), "one verb stays under the cap");
    // A spelling whose mask folding drops matches what is left around it (ク○ニ as くに, in
    // とくに); a run of masks, a placeholder, keeps one and is not warned about.
    let masked = "extends = \"builtin:jp-local-gov\"\n[groups.obscene]\nterms = [{ id = \"m\", match = [\"ク○ニ\", \"○○課長\"] }]\n";
    // The (spelling, folded) pairs of the warnings of one kind.
    let warned = |text: &str, masked: bool| -> Vec<(String, String)> {
        Policy::analyze(text)
            .warnings
            .iter()
            .filter_map(|w| match (w.kind(), masked) {
                (PolicyWarningKind::MaskedSpelling { spelling, folded, .. }, true)
                | (PolicyWarningKind::SpacingDropped { spelling, folded, .. }, false) => {
                    Some((spelling.clone(), folded.clone()))
                }
                _ => None,
            })
            .collect()
    };
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
    };
    assert_eq!(warned(masked, true), pairs(&[("ク○ニ", "くに")]));
    // Spacing at an end, which folding drops (へ　 as へ); not spacing inside, which the
    // text is folded the same way around.
    let spaced = "extends = \"builtin:jp-local-gov\"\n[groups.private_note]\nterms = [{ id = \"s\", match = [\"へ　\", \"課長 へ\", \"see you\", \"課長へ、\", \"ruin \"] }]\n";
    assert_eq!(warned(spaced, false), pairs(&[("へ　", "へ"), ("ruin ", "ruin")]));
    // The built-in packs read without errors, and the Urayasu pack without warnings.
    for (name, text) in hatsugen::policy::BUILTIN_PACKS {
        assert!(Policy::analyze(text).errors.is_empty(), "{name}");
    }
    assert!(Policy::analyze(hatsugen::policy::BUILTIN_PACKS[1].1).warnings.is_empty());
    // The default pack has no warning but two kinds: it loses no spelling to the cap, keeps
    // no exception that cancels nothing, gives no model rule a `within` nothing reads… Its
    // duplicates across terms stay (terms differ in what the readings add; see below for
    // exceptions), and so do its masked spellings (evasions seen in posts).
    let default = Policy::analyze(hatsugen::policy::BUILTIN_PACKS[0].1);
    let kept: Vec<_> = default
        .warnings
        .iter()
        .filter(|w| {
            !matches!(w.kind(), PolicyWarningKind::DuplicateTerm { .. } | PolicyWarningKind::MaskedSpelling { .. })
        })
        .map(|w| w.to_string())
        .collect();
    assert!(kept.is_empty(), "{kept:#?}");
    // A duplicate across terms voids the exceptions of one of them: a hit of the same
    // string by the other term stays (sex education was obscene because `s e x` of another
    // term folds to `sex`). The pack keeps duplicates only between terms with the same
    // exceptions.
    let policy = default.policy.expect("the default pack reads");
    let mut voided = Vec::new();
    for (name, group) in policy.groups() {
        let mut seen: std::collections::HashMap<String, &hatsugen::policy::Term> = std::collections::HashMap::new();
        for term in &group.terms {
            for m in &term.matches {
                let folded = hatsugen::text::fold(m);
                match seen.get(&folded) {
                    Some(other) if other.id != term.id && other.except != term.except => {
                        voided.push(format!("{name}: {m} in {} and {}", other.id, term.id));
                    }
                    Some(_) => {}
                    None => {
                        seen.insert(folded, term);
                    }
                }
            }
        }
    }
    assert!(voided.is_empty(), "{voided:#?}");
}

#[test]
fn a_category_gives_its_rules_a_clause_and_a_law() {
    let p = Policy::from_toml(
        r#"
extends = "builtin:jp-local-gov"

[category.defamation]
clause = "市ガイドライン 第3条"
law = "刑法第231条"

[rules."defamation.targeted"]
clause = "市ガイドライン 第3条の2"

[groups.local_insult]
terms = [{ id = "local-insult", match = ["あんぽんたん"] }]

[rules."defamation.local"]
any = ["local_insult"]
message = { ja = "地域の悪口です" }

[category.rumor]
law = ""
"#,
    )
    .unwrap();
    let rule = |id: &str| p.rules().get(id).unwrap();
    // Every rule of the category, the pack's included…
    assert_eq!(rule("defamation.insult").clause, "市ガイドライン 第3条");
    assert_eq!(rule("defamation.insult").law.as_deref(), Some("刑法第231条"));
    // …but what a rule of the file says itself wins…
    assert_eq!(rule("defamation.targeted").clause, "市ガイドライン 第3条の2");
    assert_eq!(rule("defamation.targeted").law.as_deref(), Some("刑法第231条"));
    // …and a new rule needs no clause of its own.
    assert_eq!(rule("defamation.local").clause, "市ガイドライン 第3条");
    // `law = ""` clears the category's laws; other categories keep theirs.
    assert!(p.rules().iter().filter(|(id, _)| id.starts_with("rumor.")).all(|(_, r)| r.law.is_none()));
    assert_eq!(rule("confidential.secret").law.as_deref(), Some("地方公務員法第34条(秘密を守る義務)"));
    // The effective policy reads back the same (the defaults are in each rule).
    assert_eq!(Policy::from_toml(&p.to_toml()).unwrap(), p);

    let e = err("extends = \"builtin:jp-local-gov\"\n[category.defamaton]\nclause = \"x\"\n");
    assert!(matches!(e.problem(), PolicyProblem::UnknownVariant { value, .. } if value == "defamaton"), "{e}");
    assert_eq!((e.line(), e.help_text()), (2, Some("did you mean `defamation`?")));
    let e = err("extends = \"builtin:jp-local-gov\"\n[category.defamation]\nseverity = \"warn\"\n");
    assert!(matches!(e.problem(), PolicyProblem::UnknownField { field, .. } if field == "severity"), "{e}");
}

#[test]
fn the_disclaimer_rule_accepts_the_groups_it_names() {
    let profile = |p: &str| Context::default().account(hatsugen::Account::StaffIdentified).profile(p);
    let rules = |c: &Checker, ctx: &Context| -> Vec<String> {
        c.check("週末は海へ", ctx).findings.into_iter().map(|f| f.rule).collect()
    };
    let pack = Checker::new(&Policy::default_pack().unwrap()).unwrap();
    assert_eq!(Policy::default_pack().unwrap().rules()["disclaimer_missing.no_disclaimer"].accept, ["disclaimer"]);
    assert!(rules(&pack, &profile("市役所勤務。投稿は個人の見解です")).is_empty());
    assert_eq!(rules(&pack, &profile("市役所勤務。発言は自分の考え")), ["disclaimer_missing.no_disclaimer"]);
    // A city names its own group: the group's name means nothing by itself.
    let city = Checker::new(
        &Policy::from_toml(
            "extends = \"builtin:jp-local-gov\"\n\
             [groups.city_disclaimer]\n\
             terms = [{ id = \"watakushi\", match = [\"発言は自分の考え\"] }]\n\
             [rules.\"disclaimer_missing.no_disclaimer\"]\n\
             accept = [\"disclaimer\", \"city_disclaimer\"]\n",
        )
        .unwrap(),
    )
    .unwrap();
    assert!(rules(&city, &profile("市役所勤務。発言は自分の考え")).is_empty());
    assert!(rules(&city, &profile("市役所勤務。投稿は個人の見解です")).is_empty());
    // Only a rule that reads accepted groups takes `accept`, and only groups that exist.
    let e = err("extends = \"builtin:jp-local-gov\"\n[rules.\"defamation.insult\"]\naccept = [\"disclaimer\"]\n");
    assert!(
        matches!(e.problem(), PolicyProblem::SettingNotTaken { rule, setting: "accept" } if rule == "defamation.insult"),
        "{e}"
    );
    let e = err(
        "extends = \"builtin:jp-local-gov\"\n[rules.\"disclaimer_missing.no_disclaimer\"]\naccept = [\"disclaimers\"]\n",
    );
    assert!(matches!(e.problem(), PolicyProblem::UnknownGroup { group, .. } if group == "disclaimers"), "{e}");
}

#[test]
fn no_line_of_a_builtin_pack_is_longer_than_120_characters() {
    // The packs are written in sub-table style (scripts/fmt-packs): one `[[groups.NAME.terms]]`
    // table a term, long lists wrapped, long strings folded.
    for (name, text) in [
        ("jp-local-gov.toml", include_str!("../packs/jp-local-gov.toml")),
        ("jp-local-gov.examples.toml", include_str!("../packs/jp-local-gov.examples.toml")),
        ("urayasu.toml", include_str!("../packs/urayasu.toml")),
    ] {
        assert!(text.lines().count() > 100, "{name} is read whole");
        let long: Vec<String> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.chars().count() > 120)
            .map(|(i, l)| format!("{name}:{}: {} characters", i + 1, l.chars().count()))
            .collect();
        assert!(long.is_empty(), "run scripts/fmt-packs:\n{}", long.join("\n"));
    }
}

/// A city's policy in inline style and in sub-table style: one policy.
const INLINE_STYLE: &str = r#"extends = "builtin:jp-local-gov"
id = "city"
version = "1"

[rules."confidential.tender"]
severity = "block"
clause = "§3"
any = ["tender"]
message = { ja = "入札の情報です。", en = "Tender information." }
suggestion = { ja = "発信しないでください。", en = "Do not post it.", replacement = "" }

[groups.tender]
description = "Tender"
except = ["入札結果"]
terms = [
  { id = "shimei", match = ["指名業者", "予定価格"], except = ["予定価格の公表"], readings = false },
  { id = "rakusatsu", match = ["落札予定"] },
]
"#;

const SUBTABLE_STYLE: &str = r#"extends = "builtin:jp-local-gov"
id = "city"
version = "1"

[rules."confidential.tender"]
severity = "block"
clause = "§3"
any = [
  "tender",
]
[rules."confidential.tender".message]
ja = """\
  入札の\
  情報です。"""
en = "Tender information."
[rules."confidential.tender".suggestion]
ja = "発信しないでください。"
en = "Do not post it."
replacement = ""

[groups.tender]
description = "Tender"
except = ["入札結果"]

[[groups.tender.terms]]
id = "shimei"
match = [
  "指名業者",
  "予定価格", # a trailing comment inside a list
]
except = ["予定価格の公表"]
readings = false

[[groups.tender.terms]]
id = "rakusatsu"
match = ["落札予定"]
"#;

#[test]
fn inline_and_sub_table_styles_load_the_same_policy() {
    let inline = Policy::from_toml(INLINE_STYLE).unwrap();
    let tables = Policy::from_toml(SUBTABLE_STYLE).unwrap();
    assert_eq!(inline.groups()["tender"].terms.len(), 2);
    assert_eq!(inline.rules()["confidential.tender"].message.ja, "入札の情報です。");
    assert_eq!(inline, tables);
    assert_eq!(inline.to_toml(), tables.to_toml());
}

#[test]
fn errors_in_sub_tables_point_at_their_line_and_column() {
    // An unknown key of a term table.
    let e = err(&SUBTABLE_STYLE.replace("readings = false", "readngs = false"));
    assert_eq!((e.line(), e.column()), (32, 1), "{e}");
    assert!(e.message().contains("unknown field `readngs`"), "{e}");
    // A value of the wrong type in a message table.
    let e = err(&SUBTABLE_STYLE.replace("en = \"Tender information.\"", "en = 3"));
    assert_eq!((e.line(), e.column()), (15, 6), "{e}");
    assert_eq!(e.kind(), PolicyErrorKind::Syntax, "{e}");
    // A term table without its id: the error is at the table.
    let e = err(&SUBTABLE_STYLE.replace("id = \"rakusatsu\"\n", ""));
    assert!(matches!(e.problem(), PolicyProblem::MissingField { field } if field == "id"), "{e}");
    assert_eq!((e.line(), e.column()), (34, 1), "at `[[groups.tender.terms]]`: {e}");
}

#[test]
fn the_same_term_id_twice_in_one_file_is_an_error() {
    let text = r#"extends = "builtin:jp-local-gov"
[groups.insult]
terms = [
  { id = "local-a", match = ["あんぽんたん"] },
  { id = "local-a", match = ["すかぽんたん"] },
]
"#;
    let e = Policy::from_toml(text).unwrap_err();
    assert!(e.to_string().contains("term id `local-a` is already used in group `insult`"), "{e}");
    assert_eq!(e.line(), 5, "{e}");
    // Replacing a term of the pack a file extends stays allowed.
    let replace =
        "extends = \"builtin:jp-local-gov\"\n[groups.insult]\nterms = [{ id = \"baka\", match = [\"ばかたれ\"] }]\n";
    assert!(Policy::from_toml(replace).is_ok());
}

/// A checker for the default pack with a city's additions, and whether rule `rule` fires on
/// `text` with no context.
fn city_checker(additions: &str) -> Checker {
    let p = Policy::from_toml(&format!("extends = \"builtin:jp-local-gov\"\n{additions}")).unwrap();
    Checker::new(&p).unwrap()
}

fn fires(c: &Checker, rule: &str, text: &str) -> bool {
    c.check(text, &Context::default()).findings.iter().any(|f| f.rule == rule)
}

#[test]
fn a_phrase_over_two_sentences_reaches_the_next_sentence_only() {
    let rule = |within: &str| {
        city_checker(&format!(
            r#"
[groups.pet]
terms = [{{ id = "pet", match = ["うちの猫"] }}]
[groups.praise]
terms = [{{ id = "praise", match = ["天才"] }}]
[rules."rumor.pet_praise"]
clause = "例"
seq = ["pet", "praise"]
within = "{within}"
message = {{ ja = "猫自慢", en = "cat pride" }}
"#
        ))
    };
    let fires = |c: &Checker, text: &str| fires(c, "rumor.pet_praise", text);
    let (one, two) = (rule("sentence"), rule("two_sentences"));
    let next = "うちの猫を見て。天才だと思う";
    let gap = "うちの猫を見て。今日は雨。天才だと思う";
    let same = "うちの猫は天才";
    assert!(fires(&one, same) && fires(&two, same));
    assert!(!fires(&one, next), "one sentence does not reach the next");
    assert!(fires(&two, next), "two sentences reach the next");
    assert!(!fires(&two, gap), "a sentence in between ends the scope");
    // Order still counts: the praise before the pet is no phrase.
    assert!(!fires(&two, "天才だと思う。うちの猫を見て"));
    // Any other word is rejected with the names that are allowed.
    let e = Policy::from_toml("extends = \"builtin:jp-local-gov\"\n[rules.\"rumor.y\"]\nclause = \"c\"\nany = [\"insult\"]\nwithin = \"paragraph\"\n")
        .expect_err("unknown scope");
    assert!(e.to_string().contains("two_sentences"), "{e}");
}

/// Two one-word groups for the tests of scopes: a thing, and a word of scorn.
const GADGET_AND_SCORN: &str = r#"
[groups.gadget]
terms = [{ id = "gadget", match = ["トースター"] }]
[groups.scorn]
terms = [{ id = "scorn", match = ["役立たず"] }]"#;

#[test]
fn unless_nearby_cancels_from_the_sentence_before_or_after_only() {
    let policy = |cancel: &str| {
        city_checker(&format!(
            r#"{GADGET_AND_SCORN}
[rules."defamation.local"]
clause = "例"
any = ["scorn"]
within = "sentence"
{cancel} = ["gadget"]
message = {{ ja = "侮辱", en = "scorn" }}
"#
        ))
    };
    let fires = |c: &Checker, text: &str| fires(c, "defamation.local", text);
    let (here, nearby) = (policy("unless"), policy("unless_nearby"));
    let same = "トースターが役立たず";
    let before = "トースターがまた焦がした。役立たず";
    let after = "役立たず。トースターのことね";
    let gap = "トースターがまた焦がした。朝から雨。役立たず";
    assert!(!fires(&here, same) && !fires(&nearby, same), "both cancel in the same sentence");
    assert!(fires(&here, before), "`unless` keeps to the hit's sentence");
    assert!(!fires(&nearby, before) && !fires(&nearby, after), "`unless_nearby` reaches a neighbouring sentence");
    assert!(fires(&nearby, gap), "…and no further");
    assert!(fires(&nearby, "役立たず"));
    // An unknown group is named with the rule and the field.
    let e = Policy::from_toml(
        "extends = \"builtin:jp-local-gov\"\n[rules.\"defamation.insult\"]\nunless_nearby = [\"non_persn\"]\n",
    )
    .expect_err("unknown group");
    assert!(e.to_string().contains("`non_persn`") && e.to_string().contains("unless_nearby"), "{e}");
    // `quotation` is for `unless` only.
    let e = Policy::from_toml(
        "extends = \"builtin:jp-local-gov\"\n[rules.\"defamation.insult\"]\nunless_nearby = [\"quotation\"]\n",
    )
    .expect_err("quotation is not a group");
    assert!(e.to_string().contains("quotation"), "{e}");
}

#[test]
fn a_model_rule_fires_on_the_model_score_alone() {
    let policy = |min: &str| {
        Policy::from_toml(&format!(
            r#"extends = "builtin:jp-local-gov"
[rules."defamation.worded_like_abuse"]
clause = "例 §1"
model = "defamation"
model_min = {min}
message = {{ ja = "中傷に似ています", en = "reads like abuse" }}
"#
        ))
        .unwrap()
    };
    let fires = |c: &Checker, text: &str| {
        c.check(text, &Context::default()).findings.iter().find(|f| f.rule == "defamation.worded_like_abuse").cloned()
    };
    let c = Checker::new(&policy("0.6")).unwrap();
    // No insult of the word lists, the wording of one: it fires, pointing at characters or
    // bigrams of it, none inside another.
    let text = "隣の係の主任、仕事もできないのに偉そうで最悪。早く異動してくれないかな";
    let f = fires(&c, text).expect("the model reads it as abuse");
    assert_eq!(f.category, "defamation");
    assert!(!f.spans.is_empty() && f.spans.len() <= 3, "{:?}", f.spans);
    assert!(f.spans.iter().all(|s| text.get(s.start..s.end).is_some_and(|t| (1..=2).contains(&t.chars().count()))));
    assert!(f.spans.windows(2).all(|w| w[0].end <= w[1].end && w[0].start < w[1].start), "{:?}", f.spans);
    assert!(f.terms.is_empty(), "a model finding names no lexicon term");
    // A friendly post does not; neither does the same post under a far stricter threshold.
    assert!(fires(&c, "今日は子どもと公園でお弁当を食べました。いい天気でよかった").is_none());
    assert!(fires(&Checker::new(&policy("0.999")).unwrap(), text).is_none());
}

#[test]
fn the_model_scores_a_whole_text_of_up_to_ten_thousand_characters() {
    let policy = Policy::from_toml(
        "extends = \"builtin:jp-local-gov\"\n[rules.\"defamation.worded_like_abuse\"]\nclause = \"例 §1\"\n\
         model = \"defamation\"\nmodel_min = 0.6\nmessage = { ja = \"中傷に似ています\" }\n",
    )
    .unwrap();
    let c = Checker::new(&policy).unwrap();
    let fires = |text: &str| {
        c.check(text, &Context::default()).findings.iter().any(|f| f.rule == "defamation.worded_like_abuse")
    };
    // The same abusive line, again and again: scored while the text is a (long) post…
    let line = "隣の係の主任、仕事もできないのに偉そうで最悪。早く異動してくれないかな\n";
    let per = line.chars().count();
    let upto = |chars: usize| line.repeat(chars / per);
    assert!(fires(&upto(9_900)), "a text of 9,900 characters is scored whole");
    // …not once it is a document: a score of all of it would say nothing of any one line.
    assert!(!fires(&upto(10_100)), "a text past 10,000 characters gets no whole-text score");
    // A rule that scores the sentences around a hit still reads a document.
    let windowed = Policy::from_toml(
        "extends = \"builtin:jp-local-gov\"\n[rules.\"defamation.worded_like_abuse\"]\nclause = \"例 §1\"\n\
         model = \"defamation\"\nmodel_min = 0.6\nany = [\"person_target\"]\nwithin = \"sentence\"\n\
         message = { ja = \"中傷に似ています\" }\n",
    )
    .unwrap();
    let c = Checker::new(&windowed).unwrap();
    let doc = format!("{}{line}", "今日は市民まつりの準備をしました。\n".repeat(700));
    assert!(doc.chars().count() > 10_000);
    assert!(c.check(&doc, &Context::default()).findings.iter().any(|f| f.rule == "defamation.worded_like_abuse"));
}

#[test]
fn a_model_rule_steps_aside_when_its_category_has_a_finding() {
    let text = "外国人ってほんと迷惑。この町から出ていってほしい";
    let rules = |p: &Policy| -> Vec<String> {
        Checker::new(p).unwrap().check(text, &Context::default()).findings.into_iter().map(|f| f.rule).collect()
    };
    let pack = Policy::default_pack().unwrap();
    assert_eq!(rules(&pack), ["discrimination.exclusion"]);
    // A city's model rule for the category: quiet while the rule that names the exclusion
    // speaks, heard when that rule is off.
    let model = "extends = \"builtin:jp-local-gov\"\n[rules.\"discrimination.similar\"]\nclause = \"共通 §8\"\n\
                 model = \"discrimination\"\nmodel_min = 0.6\nmessage = { ja = \"差別に似ています\" }\n";
    assert_eq!(rules(&Policy::from_toml(model).unwrap()), ["discrimination.exclusion"]);
    let quiet = Policy::from_toml(&format!("{model}[rules.\"discrimination.exclusion\"]\nenabled = false\n")).unwrap();
    assert_eq!(rules(&quiet), ["discrimination.similar"]);
    // The pack's defamation rule reads a put-down in no word of the lists, said of a person
    // the post points at; a city turns it off, or writes its own in a few lines.
    let abuse = "隣の係の主任、仕事もできないのに偉そうで最悪。早く異動してくれないかな";
    let found = |p: &Policy| -> Vec<String> {
        Checker::new(p).unwrap().check(abuse, &Context::default()).findings.into_iter().map(|f| f.rule).collect()
    };
    assert_eq!(found(&pack), ["defamation.similar"]);
    let off = "extends = \"builtin:jp-local-gov\"\n[rules.\"defamation.similar\"]\nenabled = false\n";
    assert!(found(&Policy::from_toml(off).unwrap()).is_empty());
    let own = Policy::from_toml(&format!(
        "{off}[rules.\"defamation.similar_any\"]\nclause = \"共通 §7\"\nmodel = \"defamation\"\nmodel_min = 0.6\n\
         message = {{ ja = \"中傷に似ています\" }}\n"
    ))
    .unwrap();
    assert_eq!(found(&own), ["defamation.similar_any"]);
}

#[test]
fn model_settings_are_checked_where_they_are_written() {
    let e = err(
        "extends = \"builtin:jp-local-gov\"\n[rules.\"rumor.x\"]\nclause = \"c\"\nmodel = \"rumour\"\nmessage = { ja = \"x\" }\n",
    );
    assert_eq!((e.line(), e.column()), (4, 9), "{e}");
    assert!(e.to_string().contains("rumor"), "the names it knows: {e}");
    let e = err(
        "extends = \"builtin:jp-local-gov\"\n[rules.\"rumor.x\"]\nclause = \"c\"\nmodel = \"rumor\"\nmodel_min = 1.5\nmessage = { ja = \"x\" }\n",
    );
    assert_eq!((e.line(), e.column()), (5, 13), "{e}");
    assert!(e.to_string().contains("model_min"), "{e}");
    // A model reads sentences: a span of characters is refused where it is written.
    let e = err(
        "extends = \"builtin:jp-local-gov\"\n[rules.\"rumor.x\"]\nclause = \"c\"\nmodel = \"rumor\"\nwithin = 40\nmessage = { ja = \"x\" }\n",
    );
    assert_eq!((e.line(), e.column()), (5, 10), "{e}");
    assert!(e.to_string().contains("two_sentences"), "{e}");
    // A model is a condition of its own: no `any` is needed, and `policy show` has it.
    let p = Policy::from_toml(
        "extends = \"builtin:jp-local-gov\"\n[rules.\"rumor.x\"]\nclause = \"c\"\nmodel = \"rumor\"\nmodel_min = 0.8\nmessage = { ja = \"x\" }\n",
    )
    .unwrap();
    let spec = &p.rules()["rumor.x"];
    assert_eq!((spec.model.as_deref(), spec.model_min), (Some("rumor"), Some(0.8)));
    // A rule with neither words nor a model is still incomplete.
    let e = err("extends = \"builtin:jp-local-gov\"\n[rules.\"rumor.y\"]\nclause = \"c\"\nmessage = { ja = \"x\" }\n");
    assert!(e.to_string().contains("model"), "{e}");
}

#[test]
fn yield_to_silences_a_rule_in_a_sentence_where_the_other_has_spoken() {
    let policy = |yields: &str| {
        city_checker(&format!(
            r#"{GADGET_AND_SCORN}
[rules."defamation.gadget"]
clause = "例"
message = {{ ja = "家電", en = "appliance" }}
any = ["gadget"]
[rules."defamation.scorn"]
clause = "例"
message = {{ ja = "侮辱", en = "scorn" }}
any = ["scorn"]
{yields}
"#
        ))
    };
    let (plain, yielding) = (policy(""), policy("yield_to = [\"defamation.gadget\"]"));
    let same = "トースターが役立たず";
    let apart = "トースターを買った。役立たず";
    assert!(fires(&plain, "defamation.scorn", same));
    assert!(!fires(&yielding, "defamation.scorn", same), "silenced in the sentence the other rule spoke in");
    assert!(fires(&yielding, "defamation.gadget", same), "the other rule still speaks");
    assert!(fires(&yielding, "defamation.scorn", apart), "…but not in another sentence");
    assert!(fires(&yielding, "defamation.scorn", "役立たず"), "…nor where the other is silent");
    // `yield_within` widens the reach to the neighbouring sentences, or the whole post.
    let wide = |reach: &str| policy(&format!("yield_to = [\"defamation.gadget\"]\nyield_within = \"{reach}\""));
    let (two, post) = (wide("two_sentences"), wide("post"));
    let far = "トースターを買った。今日は雨。役立たず";
    assert!(!fires(&two, "defamation.scorn", apart) && fires(&two, "defamation.scorn", far));
    assert!(!fires(&post, "defamation.scorn", far));
    let e = Policy::from_toml(
        "extends = \"builtin:jp-local-gov\"\n[rules.\"defamation.insult\"]\nyield_within = \"paragraph\"\n",
    )
    .expect_err("unknown reach");
    assert!(e.to_string().contains("two_sentences"), "{e}");
    // A rule it names must exist (in the pack or in this file), and not be itself.
    for bad in ["defamation.gadjet", "defamation.scorn"] {
        let e = Policy::from_toml(&format!(
            "extends = \"builtin:jp-local-gov\"\n[rules.\"defamation.scorn\"]\nclause = \"例\"\nmessage = {{ ja = \"a\", en = \"b\" }}\nany = [\"insult\"]\nyield_to = [\"{bad}\"]\n"
        ))
        .expect_err("unknown rule");
        assert!(e.to_string().contains(&format!("`{bad}`")) && e.to_string().contains("yield_to"), "{e}");
        assert!(matches!(e.problem(), PolicyProblem::UnknownYield { .. }), "{e}");
    }
}

/// A rule of words with `unless_model_below` is spared where the model reads the post as
/// nothing of its category, once the post is long enough for the model to judge; a city
/// turns that off for a rule (0) or for its own words (`sure = true`).
#[test]
fn the_model_overrules_words_only_in_long_posts_and_not_sure_terms() {
    let rules = |toml: Option<&str>, text: &str| -> Vec<String> {
        let policy = toml.map_or_else(|| Policy::default_pack().unwrap(), |t| Policy::from_toml(t).unwrap());
        let report = Checker::new(&policy).unwrap().check(text, &Context::default());
        report.findings.into_iter().map(|f| f.rule).filter(|r| r.starts_with("confidential.")).collect()
    };
    // A secret marker and a work topic (会議), but the secret is a rumbling stomach.
    let stomach = "ここだけの話、会議中にお腹が盛大に鳴った。絶対隣の人に聞こえてたと思う";
    assert_eq!(rules(None, stomach), Vec::<String>::new());
    let off = "extends = \"builtin:jp-local-gov\"\n[rules.\"confidential.secret\"]\nunless_model_below = 0\n";
    assert_eq!(rules(Some(off), stomach), ["confidential.secret"]);
    // Too short for the model to judge: the words decide.
    assert_eq!(rules(None, "ここだけの話、会議の件"), ["confidential.secret"]);
    // A city's own marker is overruled too, unless it is sure.
    let city = "ないしょ話、会議中にお腹が盛大に鳴った。絶対隣の人に聞こえてたと思う";
    let term = "extends = \"builtin:jp-local-gov\"\n[[groups.secret_marker.terms]]\nid = \"city-naisho\"\nmatch = [\"ないしょ話\"]\n";
    assert_eq!(rules(Some(term), city), Vec::<String>::new());
    assert_eq!(rules(Some(&format!("{term}sure = true\n")), city), ["confidential.secret"]);
    // A probability, and only for rules of words.
    let bad = err("extends = \"builtin:jp-local-gov\"\n[rules.\"confidential.secret\"]\nunless_model_below = 1.5\n");
    assert!(bad.to_string().contains("unless_model_below"), "{bad}");
    let model = "extends = \"builtin:jp-local-gov\"\n[rules.\"confidential.similar\"]\nunless_model_below = 0.1\n";
    let e = Checker::new(&Policy::from_toml(model).unwrap()).expect_err("a model rule has model_min");
    assert!(e.to_string().contains("model_min"), "{e}");
}
