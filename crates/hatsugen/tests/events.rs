//! Elections, sensitive days, special duties and emergencies: policy sections, context
//! fields and the rules that read them (the shared corpus, tests/corpus/events.toml, has the
//! reports case by case).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs)]

use hatsugen::policy::{ElectionKind, ElectionProfile, SensitiveDate};
use hatsugen::{Action, Checker, Context, EmergencyLevel, Policy, PolicyErrorKind, Severity, Verdict};

const CITY: &str = r#"extends = "builtin:jp-local-gov"
id = "t"
version = "1"

[[election]]
id = "mayor"
name = "みなと市長選挙"
kind = "municipal"
announced = "2027-04-18"
vote = "2027-04-25"
candidates = ["山田太郎"]
parties = ["みなと未来の会"]

[[sensitive_day]]
id = "great-east-japan-earthquake"
name = "東日本大震災の発生日"
date = "03-11"
severity = "block"

[[sensitive_day]]
id = "opening"
name = "新庁舎の追悼式"
date = "2027-06-01"
at = "10:00"
margin = 30

[duties.police]
name = "警察官"
election = "normal"

[duties.election_support]
name = "選挙事務の応援職員"
election = "strict"
"#;

fn ctx(json: &str) -> Context {
    Context::from_json(json).unwrap()
}

fn rules(c: &Checker, text: &str, json: &str) -> Vec<String> {
    let mut ids: Vec<String> = c.check(text, &ctx(json)).findings.into_iter().map(|f| f.rule).collect();
    ids.sort();
    ids
}

#[test]
fn sections_are_read_merged_and_written_back() {
    let p = Policy::from_toml(CITY).unwrap();
    let e = &p.elections()[0];
    assert_eq!(
        (e.kind, e.announced.to_string(), e.vote.to_string()),
        (ElectionKind::Municipal, "2027-04-18".into(), "2027-04-25".into())
    );
    // The city's 3/11 replaces the pack's (same id): all day, block.
    let days = p.sensitive_days();
    let quake: Vec<_> = days.iter().filter(|d| d.id == "great-east-japan-earthquake").collect();
    assert_eq!(quake.len(), 1);
    assert_eq!((quake[0].at, quake[0].severity), (None, Severity::Block));
    assert!(days.iter().any(|d| d.id == "hanshin-awaji-earthquake"), "the pack's other days stay");
    let once = days.iter().find(|d| d.id == "opening").unwrap();
    assert!(matches!(once.date, SensitiveDate::Once(_)));
    assert_eq!(once.margin, Some(30));
    // `normal` turns off the pack's police profile; the city adds its own duty.
    assert_eq!(p.duties()["police"].election, ElectionProfile::Normal);
    assert_eq!(p.duties()["election_admin"].election, ElectionProfile::Strict);
    assert_eq!(p.duties()["election_support"].election, ElectionProfile::Strict);
    // The effective policy reads back to the same value.
    let again = Policy::from_toml(&p.to_toml()).unwrap_or_else(|e| panic!("{e}\n{}", p.to_toml()));
    assert_eq!(again, p);
}

#[test]
fn bad_sections_name_the_key_and_place() {
    let base = "extends = \"builtin:jp-local-gov\"\n";
    let election = |body: &str| format!("{base}[[election]]\nid = \"e\"\nname = \"n\"\n{body}");
    let e = Policy::from_toml(&election("kind = \"city\"\nannounced = \"2027-04-18\"\nvote = \"2027-04-25\"\n"))
        .unwrap_err();
    assert_eq!(e.line(), 5, "{e}");
    assert!(e.message().contains("`municipal`"), "{e}");
    let e = Policy::from_toml(&election("kind = \"municipal\"\nannounced = \"2027-04-18\"\nvote = \"2027-04-17\"\n"))
        .unwrap_err();
    assert_eq!((e.kind(), e.line(), e.key_path()), (PolicyErrorKind::Invalid, 7, Some("election.vote")), "{e}");
    assert!(e.message().contains("on or after `announced`"), "{e}");
    let e = Policy::from_toml(&election("kind = \"national\"\nannounced = \"2027-01-01\"\nvote = \"2027-04-25\"\n"))
        .unwrap_err();
    assert!(e.message().contains("at most 60 days"), "{e}");
    let e = Policy::from_toml(&election("kind = \"national\"\nannounced = \"2027-04-18\"\nvote = \"2027-04-31\"\n"))
        .unwrap_err();
    assert!(e.message().contains("no such day"), "{e}");
    let e = Policy::from_toml(&election(
        "kind = \"national\"\nannounced = \"2027-04-18\"\nvote = \"2027-04-25\"\ncandidates = [\"  \"]\n",
    ))
    .unwrap_err();
    assert_eq!(e.key_path(), Some("election.candidates"), "{e}");
    let day = |body: &str| format!("{base}[[sensitive_day]]\nid = \"d\"\nname = \"n\"\n{body}");
    let e = Policy::from_toml(&day("date = \"02-30\"\n")).unwrap_err();
    assert!(e.message().contains("no such day"), "{e}");
    let e = Policy::from_toml(&day("date = \"03-11\"\nmargin = 30\n")).unwrap_err();
    assert!(e.message().contains("no `at`"), "{e}");
    let e = Policy::from_toml(&day("date = \"03-11\"\nat = \"24:00\"\n")).unwrap_err();
    assert_eq!(e.key_path(), Some("sensitive_day.at"), "{e}");
    let e = Policy::from_toml(&day("date = \"03-11\"\nat = \"14:46\"\nmargin = 721\n")).unwrap_err();
    assert!(e.message().contains("0 to 720"), "{e}");
    let e = Policy::from_toml(&format!("{base}[duties.police]\nname = \"x\"\nelection = \"lenient\"\n")).unwrap_err();
    assert!(e.message().contains("`strict`") && e.message().contains("`normal`"), "{e}");
}

#[test]
fn context_fields_are_validated() {
    let c = ctx(r#"{"action":"like","duty":["election_admin"],"emergency":{"level":"disaster","area":"市内"}}"#);
    assert_eq!(c.action, Some(Action::Like));
    assert_eq!(c.duty, ["election_admin"]);
    assert_eq!(c.emergency.as_ref().map(|e| e.level), Some(EmergencyLevel::Disaster));
    assert_eq!(Context::from_json(&c.to_json()).unwrap(), c);
    let e = Context::from_json(r#"{"action":"retweet"}"#).unwrap_err();
    assert!(e.message().contains("`repost`"), "{e}");
    let e = Context::from_json(r#"{"emergency":{"level":"flood"}}"#).unwrap_err();
    assert!(e.message().contains("`evacuation`"), "{e}");
    let e = Context::from_json(r#"{"emergency":{"area":"市内"}}"#).unwrap_err();
    assert!(e.message().contains("level"), "{e}");
    let e = Context::from_json(r#"{"emergency":["disaster"]}"#).unwrap_err();
    assert!(e.message().contains("JSON object"), "{e}");
    assert!(Context::from_json(r#"{"duty":"police"}"#).is_err());
}

#[test]
fn election_rules_follow_the_period_account_and_duty() {
    let c = Checker::new(&Policy::from_toml(CITY).unwrap()).unwrap();
    let during = r#""time":"2027-04-20T20:00:00+09:00""#;
    let praise = "山田太郎さんの演説、最高だった!";
    let r = c.check(praise, &ctx(&format!(r#"{{{during},"account":"personal"}}"#)));
    assert_eq!(r.verdict, Verdict::Warn);
    assert_eq!(r.findings[0].terms, ["mayor"]);
    assert_eq!(r.next_allowed_at.as_deref(), Some("2027-04-26T00:00:00+09:00"));
    assert!(r.findings[0].message.en.contains("みなと市長選挙"), "{}", r.findings[0].message.en);
    let r = c.check(praise, &ctx(&format!(r#"{{{during},"account":"official"}}"#)));
    assert_eq!(r.verdict, Verdict::Block);
    // A like says so.
    let r = c.check(praise, &ctx(&format!(r#"{{{during},"account":"personal","action":"like"}}"#)));
    assert!(r.findings[0].message.ja.contains("この「いいね」"), "{}", r.findings[0].message.ja);
    assert!(r.findings[0].message.en.contains("This like"), "{}", r.findings[0].message.en);
    // Police mapped to `normal` here; the city's own strict duty applies.
    let mention = "山田太郎の街頭演説、駅前すごい人だった";
    assert!(rules(&c, mention, &format!(r#"{{{during},"duty":["police"]}}"#)).is_empty());
    assert_eq!(
        rules(&c, mention, &format!(r#"{{{during},"duty":["police","election_support"]}}"#)),
        ["political.election_duty"]
    );
    let r = c.check(mention, &ctx(&format!(r#"{{{during},"duty":["election_support"]}}"#)));
    assert!(r.findings[0].message.ja.starts_with("選挙事務の応援職員は"), "{}", r.findings[0].message.ja);
    // A request for votes: no time helps.
    let r = c.check("みなと未来の会に一票を!", &ctx(&format!(r#"{{{during},"account":"personal"}}"#)));
    assert!(r.findings.iter().any(|f| f.rule == "political.election_request"), "{r:?}");
    assert_eq!(r.next_allowed_at, None);
    // No time: the rule says what it needs.
    let r = c.check(praise, &ctx("{}"));
    assert!(r.skipped.iter().any(|s| s.rule == "political.election_opinion" && s.missing == ["time"]), "{r:?}");
    // Turned off by the city.
    let off = Policy::from_toml(&format!("{CITY}\n[rules.\"political.election_opinion\"]\nenabled = false\n")).unwrap();
    let off = Checker::new(&off).unwrap();
    assert!(rules(&off, praise, &format!(r#"{{{during}}}"#)).is_empty());
}

#[test]
fn sensitive_days_take_their_own_severity_and_window() {
    let c = Checker::new(&Policy::from_toml(CITY).unwrap()).unwrap();
    let party = "今日は同期と飲み会!最高🎉";
    // The city made 3/11 a whole-day block.
    let r = c.check(party, &ctx(r#"{"time":"2027-03-11T21:00:00+09:00"}"#));
    assert_eq!(r.verdict, Verdict::Block);
    assert_eq!(r.next_allowed_at.as_deref(), Some("2027-03-12T00:00:00+09:00"));
    assert!(r.findings[0].message.ja.contains("東日本大震災の発生日(終日)"), "{}", r.findings[0].message.ja);
    // A one-off day with a 30-minute margin.
    let at = |t: &str| c.check(party, &ctx(&format!(r#"{{"time":"{t}"}}"#))).verdict;
    assert_eq!(at("2027-06-01T09:30:00+09:00"), Verdict::Warn);
    assert_eq!(at("2027-06-01T10:30:00+09:00"), Verdict::Allow);
    assert_eq!(at("2028-06-01T10:00:00+09:00"), Verdict::Allow);
}

#[test]
fn emergencies_need_the_context_and_the_words() {
    let c = Checker::default_checker();
    let leisure = "今夜は課の飲み会、楽しみ!";
    assert!(rules(c, leisure, "{}").is_empty());
    assert_eq!(rules(c, leisure, r#"{"emergency":{"level":"alert"}}"#), ["emergency.leisure"]);
    let r = c.check(leisure, &ctx(r#"{"emergency":{"level":"evacuation","area":"市内全域"}}"#));
    assert!(r.findings[0].message.ja.contains("避難指示の発令中(市内全域)"), "{}", r.findings[0].message.ja);
    // The official-account rule needs to know the account.
    let info = "〇〇地区で浸水被害が出ています";
    let r = c.check(info, &ctx(r#"{"emergency":{"level":"disaster"}}"#));
    assert!(r.skipped.iter().any(|s| s.rule == "emergency.no_source" && s.missing == ["account"]), "{r:?}");
    assert!(rules(c, info, r#"{"account":"personal","emergency":{"level":"disaster"}}"#).is_empty());
    // A rule without its text condition does nothing rather than fire on every post.
    let bare = Policy::from_toml(
        "id = \"bare\"\nversion = \"1\"\n[rules.\"emergency.leisure\"]\nclause = \"c\"\nmessage = { ja = \"j\", en = \"e\" }\n",
    )
    .unwrap();
    let bare = Checker::new(&bare).unwrap();
    assert!(rules(&bare, leisure, r#"{"emergency":{"level":"disaster"}}"#).is_empty());
}
