//! The shared corpus: every case in tests/corpus/*.toml is checked here, and the JSON
//! Lines file every binding runs (tests/corpus/cases.jsonl, with the exact report the core
//! returns for each case) is verified to be up to date.
//!
//! Regenerate it after changing cases or rules with:
//! `HATSUGEN_BLESS=1 cargo test -p hatsugen --test corpus`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use hatsugen::{Checker, Context, FixSelection, Policy, Severity};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CorpusFile {
    #[serde(default)]
    case: Vec<Case>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Case {
    id: String,
    text: String,
    #[serde(default)]
    context: Option<toml::Table>,
    #[serde(default)]
    policy: Option<String>,
    expect: Vec<String>,
    #[serde(default)]
    verdict: Option<String>,
    /// The spans of the first expected finding, as byte offsets…
    #[serde(default)]
    spans: Option<Vec<[usize; 2]>>,
    /// …or as the strings they cover (each at its first occurrence in `text`).
    #[serde(default)]
    span_of: Option<Vec<String>>,
    #[serde(default)]
    next_allowed_at: Option<String>,
    #[serde(default)]
    note: Option<String>,
    /// The text after `Checker::fix` with the safe fixes.
    #[serde(default)]
    fixed_text: Option<String>,
    /// The profile after the safe fixes.
    #[serde(default)]
    fixed_profile: Option<String>,
    /// The verdict on the fixed post.
    #[serde(default)]
    fixed_verdict: Option<String>,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus")
}

fn load_cases() -> Vec<(String, Case)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let file: CorpusFile = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        out.extend(file.case.into_iter().map(|c| (name.clone(), c)));
    }
    out
}

fn policy_for(spec: &str) -> Policy {
    if let Some(name) = spec.strip_prefix("builtin:") {
        Policy::builtin(name).unwrap()
    } else if let Some(file) = spec.strip_prefix("file:") {
        let text = std::fs::read_to_string(corpus_dir().join(file)).unwrap();
        Policy::from_toml(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
    } else {
        panic!("policy must be builtin:NAME or file:PATH, not {spec}")
    }
}

struct Run {
    file: String,
    case: Case,
    policy: String,
    context_json: String,
    report: hatsugen::Report,
    /// `Checker::fix` with the safe fixes, when the report offers any fix.
    fixed: Option<hatsugen::Fixed>,
}

fn run_all() -> Vec<Run> {
    let mut checkers: HashMap<String, Checker> = HashMap::new();
    let mut ids = BTreeSet::new();
    let mut runs = Vec::new();
    for (file, case) in load_cases() {
        assert!(ids.insert(case.id.clone()), "duplicate case id {}", case.id);
        let policy = case.policy.clone().unwrap_or_else(|| "builtin:jp-local-gov".to_owned());
        let checker = checkers.entry(policy.clone()).or_insert_with(|| Checker::new(&policy_for(&policy)).unwrap());
        let context_json = match &case.context {
            Some(t) => serde_json::to_string(&serde_json::to_value(t).unwrap()).unwrap(),
            None => "{}".to_owned(),
        };
        let ctx = Context::from_json(&context_json).unwrap_or_else(|e| panic!("{}: {e}", case.id));
        let report = checker.check(&case.text, &ctx);
        let fixed =
            report.findings.iter().any(|f| f.fix.is_some()).then(|| checker.fix(&case.text, &ctx, FixSelection::Safe));
        runs.push(Run { file, case, policy, context_json, report, fixed });
    }
    runs
}

#[test]
fn corpus_cases_pass() {
    let runs = run_all();
    let mut failures = Vec::new();
    let mut per_file: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for r in &runs {
        let expect: BTreeSet<&str> = r.case.expect.iter().map(String::as_str).collect();
        let got: BTreeSet<&str> = r
            .report
            .findings
            .iter()
            .filter(|f| f.severity > Severity::Info || expect.contains(f.rule.as_str()))
            .map(|f| f.rule.as_str())
            .collect();
        let mut problems = Vec::new();
        if got != expect {
            problems.push(format!("rules: expected {expect:?}, got {got:?}"));
        }
        if let Some(v) = &r.case.verdict {
            if r.report.verdict.as_str() != v {
                problems.push(format!("verdict: expected {v}, got {}", r.report.verdict.as_str()));
            }
        }
        let spans = r.case.spans.clone().or_else(|| {
            r.case.span_of.as_ref().map(|strings| {
                strings
                    .iter()
                    .map(|s| {
                        let at = r
                            .case
                            .text
                            .find(s.as_str())
                            .unwrap_or_else(|| panic!("{}: no `{s}` in the text", r.case.id));
                        [at, at + s.len()]
                    })
                    .collect()
            })
        });
        if let Some(spans) = &spans {
            let first = r.report.findings.iter().find(|f| expect.contains(f.rule.as_str()) && !f.spans.is_empty());
            let got: Vec<[usize; 2]> =
                first.map(|f| f.spans.iter().map(|s| [s.start, s.end]).collect()).unwrap_or_default();
            if &got != spans {
                problems.push(format!("spans: expected {spans:?}, got {got:?}"));
            }
        }
        if let Some(t) = &r.case.next_allowed_at {
            if r.report.next_allowed_at.as_deref() != Some(t.as_str()) {
                problems.push(format!("next_allowed_at: expected {t}, got {:?}", r.report.next_allowed_at));
            }
        }
        let wants_fix = r.case.fixed_text.is_some() || r.case.fixed_profile.is_some() || r.case.fixed_verdict.is_some();
        match (&r.fixed, wants_fix) {
            (None, true) => problems.push("fix: the report offers no fix".to_owned()),
            (Some(fixed), true) => {
                if let Some(t) = &r.case.fixed_text {
                    if &fixed.text != t {
                        problems.push(format!("fixed text: expected {t:?}, got {:?}", fixed.text));
                    }
                }
                if r.case.fixed_profile.is_some() && fixed.profile != r.case.fixed_profile {
                    problems
                        .push(format!("fixed profile: expected {:?}, got {:?}", r.case.fixed_profile, fixed.profile));
                }
                if let Some(v) = &r.case.fixed_verdict {
                    if fixed.report.verdict.as_str() != v {
                        problems.push(format!("fixed verdict: expected {v}, got {}", fixed.report.verdict.as_str()));
                    }
                }
            }
            _ => {}
        }
        let entry = per_file.entry(r.file.as_str()).or_default();
        entry.0 += 1;
        if !problems.is_empty() {
            entry.1 += 1;
            failures.push(format!("{} [{}] {:?}\n    {}", r.case.id, r.file, r.case.text, problems.join("\n    ")));
        }
    }
    for (file, (n, bad)) in &per_file {
        eprintln!("corpus {file}: {} of {n} cases pass", n - bad);
    }
    // A safe fix never makes a post worse, and what it changed is in the fixed text.
    for r in &runs {
        let Some(fixed) = &r.fixed else { continue };
        assert!(fixed.report.verdict <= r.report.verdict, "{}: fixing made it worse", r.case.id);
        for a in &fixed.applied {
            let within =
                if a.target == hatsugen::EditTarget::Text { &fixed.text } else { fixed.profile.as_ref().unwrap() };
            assert_eq!(within.get(a.fixed_span.start..a.fixed_span.end), Some(a.replacement.as_str()), "{}", r.case.id);
        }
    }
    assert!(failures.is_empty(), "{} corpus failures:\n{}", failures.len(), failures.join("\n"));
    // Every case written in the files ran.
    let written: usize = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| std::fs::read_to_string(p).unwrap().lines().filter(|l| l.trim() == "[[case]]").count())
        .sum();
    assert_eq!(runs.len(), written);
}

#[test]
fn corpus_jsonl_is_up_to_date() {
    let runs = run_all();
    let mut out = String::new();
    for r in &runs {
        let rules: BTreeSet<&str> = r.report.findings.iter().map(|f| f.rule.as_str()).collect();
        let mut line = serde_json::json!({
            "id": r.case.id,
            "file": r.file,
            "text": r.case.text,
            "policy": r.policy,
            "context_json": r.context_json,
            "verdict": r.report.verdict.as_str(),
            "rules": rules,
            "report": r.report.to_json(),
        });
        // What every binding's fix entry point returns with the safe fixes ("safe").
        if let (Some(fixed), Some(obj)) = (&r.fixed, line.as_object_mut()) {
            obj.insert("fixed".to_owned(), serde_json::Value::String(fixed.to_json()));
        }
        out.push_str(&line.to_string());
        out.push('\n');
    }
    let path = corpus_dir().join("cases.jsonl");
    if std::env::var_os("HATSUGEN_BLESS").is_some() {
        std::fs::write(&path, &out).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != out {
        let first = committed
            .lines()
            .zip(out.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(committed.lines().count().min(out.lines().count()));
        panic!(
            "tests/corpus/cases.jsonl is out of date (first difference at line {}); regenerate with HATSUGEN_BLESS=1 cargo test -p hatsugen --test corpus",
            first + 1
        );
    }
}
