//! What an audit keeps while it streams: counts only, and a capped list of flagged posts.
//!
//! Memory grows with the number of authors, days, rules and terms, never with the number of
//! posts: the list of flagged posts stops at its cap (blocked posts before warned ones).

use std::collections::BTreeMap;

use hatsugen::calendar::Schedule;
use hatsugen::{Finding, Report, Span, Verdict};
use jiff::civil::{Date, DateTime, Weekday};
use serde::Serialize;
use serde_json::Value;

/// Bytes of a flagged post's text kept for the report; longer texts are cut (and say so).
pub(crate) const KEPT_TEXT_BYTES: usize = 4000;
/// Bad rows listed one by one in a report (all are counted).
pub(crate) const LISTED_ERRORS: usize = 200;

/// Counts by verdict.
#[derive(Debug, Default, Clone, Copy, Serialize, PartialEq, Eq)]
pub(crate) struct Verdicts {
    pub(crate) posts: u64,
    pub(crate) allow: u64,
    pub(crate) warn: u64,
    pub(crate) block: u64,
}

impl Verdicts {
    fn add(&mut self, v: Verdict) {
        self.posts += 1;
        match v {
            Verdict::Allow => self.allow += 1,
            Verdict::Warn => self.warn += 1,
            Verdict::Block => self.block += 1,
        }
    }
    /// Warned and blocked posts.
    pub(crate) fn flagged(&self) -> u64 {
        self.warn + self.block
    }
}

/// One category: its findings by severity and the posts it flagged.
#[derive(Debug, Default, Clone, Serialize)]
pub(crate) struct CategoryStats {
    pub(crate) findings: u64,
    pub(crate) block_findings: u64,
    pub(crate) warn_findings: u64,
    pub(crate) info_findings: u64,
    /// Posts with at least one finding of the category.
    pub(crate) posts: u64,
}

/// One rule.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RuleStats {
    pub(crate) category: String,
    pub(crate) severity: &'static str,
    pub(crate) clause: String,
    pub(crate) findings: u64,
}

/// One author.
#[derive(Debug, Default, Clone, Serialize)]
pub(crate) struct AuthorStats {
    #[serde(flatten)]
    pub(crate) verdicts: Verdicts,
    /// Posts with a time.
    pub(crate) timed: u64,
    /// Posts sent in working time (the policy's schedule and calendar).
    pub(crate) in_working_hours: u64,
    pub(crate) errors: u64,
}

impl AuthorStats {
    /// The share of timed posts sent in working time, 0–1.
    pub(crate) fn working_share(&self) -> Option<f64> {
        (self.timed > 0).then(|| self.in_working_hours as f64 / self.timed as f64)
    }
}

/// One input file.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct InputStats {
    pub(crate) file: String,
    pub(crate) format: &'static str,
    pub(crate) posts: u64,
    pub(crate) errors: u64,
}

/// A row that could not be checked.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct BadRow {
    pub(crate) location: String,
    pub(crate) id: Value,
    pub(crate) error: String,
}

/// A warned or blocked post, kept for the report.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FlaggedPost {
    pub(crate) id: Value,
    pub(crate) author: String,
    pub(crate) location: String,
    /// Local time in the policy's zone.
    pub(crate) time: Option<String>,
    pub(crate) verdict: Verdict,
    pub(crate) text: String,
    /// Whether `text` was cut at [`KEPT_TEXT_BYTES`].
    pub(crate) truncated: bool,
    pub(crate) findings: Vec<Finding>,
}

/// A checked post, as the aggregates need it.
pub(crate) struct Checked<'a> {
    pub(crate) id: &'a Value,
    pub(crate) author: &'a str,
    pub(crate) location: String,
    pub(crate) local_time: Option<DateTime>,
    pub(crate) in_working_hours: Option<bool>,
    pub(crate) text: &'a str,
    pub(crate) report: &'a Report,
}

/// Everything an audit counts.
pub(crate) struct Stats {
    pub(crate) totals: Verdicts,
    pub(crate) errors: u64,
    pub(crate) findings: u64,
    pub(crate) untimed: u64,
    pub(crate) categories: BTreeMap<String, CategoryStats>,
    pub(crate) rules: BTreeMap<String, RuleStats>,
    pub(crate) terms: BTreeMap<String, u64>,
    pub(crate) authors: BTreeMap<String, AuthorStats>,
    pub(crate) inputs: Vec<InputStats>,
    /// `[weekday from Monday][hour]`.
    pub(crate) heatmap: [[Verdicts; 24]; 7],
    pub(crate) days: BTreeMap<Date, Verdicts>,
    pub(crate) blocked: Vec<FlaggedPost>,
    pub(crate) warned: Vec<FlaggedPost>,
    pub(crate) bad_rows: Vec<BadRow>,
    /// How many flagged posts the report lists at most.
    pub(crate) cap: usize,
}

/// The author of posts that name none.
pub(crate) const NO_AUTHOR: &str = "(none)";

fn weekday_index(w: Weekday) -> usize {
    usize::try_from(w.to_monday_zero_offset()).unwrap_or(0)
}

/// Cuts `text` to at most `max` bytes at a character boundary; spans past the cut go, a span
/// across it is shortened.
fn cut(text: &str, findings: &[Finding], max: usize) -> (String, bool, Vec<Finding>) {
    if text.len() <= max {
        return (text.to_owned(), false, findings.to_vec());
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let findings = findings
        .iter()
        .map(|f| {
            let mut f = f.clone();
            f.spans = f.spans.iter().filter(|s| s.start < end).map(|s| Span::new(s.start, s.end.min(end))).collect();
            f
        })
        .collect();
    (text.get(..end).unwrap_or_default().to_owned(), true, findings)
}

impl Stats {
    /// Empty counts; `cap` flagged posts are kept for the report.
    pub(crate) fn new(cap: usize) -> Stats {
        Stats {
            totals: Verdicts::default(),
            errors: 0,
            findings: 0,
            untimed: 0,
            categories: BTreeMap::new(),
            rules: BTreeMap::new(),
            terms: BTreeMap::new(),
            authors: BTreeMap::new(),
            inputs: Vec::new(),
            heatmap: [[Verdicts::default(); 24]; 7],
            days: BTreeMap::new(),
            blocked: Vec::new(),
            warned: Vec::new(),
            bad_rows: Vec::new(),
            cap,
        }
    }

    /// Counts a checked post.
    pub(crate) fn add(&mut self, input: usize, post: &Checked<'_>) {
        let verdict = post.report.verdict;
        self.totals.add(verdict);
        if let Some(i) = self.inputs.get_mut(input) {
            i.posts += 1;
        }
        let author = self.authors.entry(post.author.to_owned()).or_default();
        author.verdicts.add(verdict);
        match post.local_time {
            Some(t) => {
                author.timed += 1;
                if post.in_working_hours == Some(true) {
                    author.in_working_hours += 1;
                }
                let hour = usize::try_from(t.hour()).unwrap_or(0);
                if let Some(cell) = self.heatmap.get_mut(weekday_index(t.weekday())).and_then(|r| r.get_mut(hour)) {
                    cell.add(verdict);
                }
                self.days.entry(t.date()).or_default().add(verdict);
            }
            None => self.untimed += 1,
        }
        let mut seen: Vec<&str> = Vec::new();
        for f in &post.report.findings {
            self.findings += 1;
            let c = self.categories.entry(f.category.clone()).or_default();
            c.findings += 1;
            match f.severity {
                hatsugen::Severity::Block => c.block_findings += 1,
                hatsugen::Severity::Warn => c.warn_findings += 1,
                hatsugen::Severity::Info => c.info_findings += 1,
            }
            if !seen.contains(&f.category.as_str()) {
                seen.push(&f.category);
                c.posts += 1;
            }
            match self.rules.get_mut(&f.rule) {
                Some(r) => r.findings += 1,
                None => {
                    self.rules.insert(
                        f.rule.clone(),
                        RuleStats {
                            category: f.category.clone(),
                            severity: f.severity.as_str(),
                            clause: f.clause.clone(),
                            findings: 1,
                        },
                    );
                }
            }
            for t in &f.terms {
                match self.terms.get_mut(t) {
                    Some(n) => *n += 1,
                    None => {
                        self.terms.insert(t.clone(), 1);
                    }
                }
            }
        }
        let list = match verdict {
            Verdict::Block => &mut self.blocked,
            Verdict::Warn => &mut self.warned,
            Verdict::Allow => return,
        };
        if list.len() < self.cap {
            let (text, truncated, findings) = cut(post.text, &post.report.findings, KEPT_TEXT_BYTES);
            list.push(FlaggedPost {
                id: post.id.clone(),
                author: post.author.to_owned(),
                location: post.location.clone(),
                time: post.local_time.map(|t| t.strftime("%Y-%m-%d %H:%M").to_string()),
                verdict,
                text,
                truncated,
                findings,
            });
        }
    }

    /// Counts a row that could not be checked.
    pub(crate) fn add_error(&mut self, input: usize, author: Option<&str>, row: BadRow) {
        self.errors += 1;
        if let Some(i) = self.inputs.get_mut(input) {
            i.errors += 1;
        }
        if let Some(a) = author {
            self.authors.entry(a.to_owned()).or_default().errors += 1;
        }
        if self.bad_rows.len() < LISTED_ERRORS {
            self.bad_rows.push(row);
        }
    }

    /// The flagged posts the report lists: blocked first, then warned, at most `cap`, each
    /// group in input order.
    pub(crate) fn listed(&self) -> impl Iterator<Item = &FlaggedPost> {
        let warned = self.cap.saturating_sub(self.blocked.len());
        self.blocked.iter().chain(self.warned.iter().take(warned))
    }

    /// How many flagged posts the report lists.
    pub(crate) fn listed_count(&self) -> usize {
        self.blocked.len() + self.warned.len().min(self.cap.saturating_sub(self.blocked.len()))
    }

    /// Whether the posts over time go by week (up to half a year of data) or by month.
    pub(crate) fn period(&self) -> Period {
        match (self.days.keys().next(), self.days.keys().next_back()) {
            (Some(first), Some(last)) if (*last - *first).get_days() > 183 => Period::Month,
            _ => Period::Week,
        }
    }

    /// Counts by week (from Monday) or by month, every period from the first to the last
    /// present (empty ones too).
    pub(crate) fn over_time(&self) -> Vec<(Date, Verdicts)> {
        let period = self.period();
        let start_of = |d: Date| match period {
            Period::Week => d.checked_sub(jiff::Span::new().days(weekday_index(d.weekday()) as i64)).unwrap_or(d),
            Period::Month => d.first_of_month(),
        };
        let mut out: Vec<(Date, Verdicts)> = Vec::new();
        for (day, v) in &self.days {
            let start = start_of(*day);
            // Fill the empty periods between the last one and this one.
            while let Some(last) = out.last().map(|(d, _)| *d) {
                if last >= start {
                    break;
                }
                let next = match period {
                    Period::Week => last.checked_add(jiff::Span::new().days(7)),
                    Period::Month => last.checked_add(jiff::Span::new().months(1)),
                };
                match next {
                    Ok(n) if n < start => out.push((n, Verdicts::default())),
                    _ => break,
                }
            }
            match out.last_mut() {
                Some((d, acc)) if *d == start => {
                    acc.posts += v.posts;
                    acc.allow += v.allow;
                    acc.warn += v.warn;
                    acc.block += v.block;
                }
                _ => out.push((start, *v)),
            }
        }
        out
    }

    /// The aggregates as JSON (`--report report.json`).
    pub(crate) fn to_json(&self, policy: &hatsugen::report::PolicyRef, schedule: &Schedule) -> Value {
        let mut rules: Vec<(&String, &RuleStats)> = self.rules.iter().collect();
        rules.sort_by(|a, b| b.1.findings.cmp(&a.1.findings).then(a.0.cmp(b.0)));
        let mut terms: Vec<(&String, &u64)> = self.terms.iter().collect();
        terms.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        let heatmap: Vec<Value> = self
            .heatmap
            .iter()
            .zip(weekdays)
            .map(|(row, day)| {
                serde_json::json!({
                    "weekday": day,
                    "posts": row.iter().map(|c| c.posts).collect::<Vec<_>>(),
                    "warn": row.iter().map(|c| c.warn).collect::<Vec<_>>(),
                    "block": row.iter().map(|c| c.block).collect::<Vec<_>>(),
                })
            })
            .collect();
        let period = self.period();
        let over_time: Vec<Value> = self
            .over_time()
            .into_iter()
            .map(|(d, v)| serde_json::json!({"start": d.to_string(), "posts": v.posts, "allow": v.allow, "warn": v.warn, "block": v.block}))
            .collect();
        let authors: Vec<Value> = self
            .authors_sorted()
            .into_iter()
            .map(|(name, a)| {
                let mut v = serde_json::to_value(a).unwrap_or(Value::Null);
                if let Some(o) = v.as_object_mut() {
                    o.insert("author".to_owned(), Value::from(name.as_str()));
                    o.insert("working_hours_share".to_owned(), a.working_share().map_or(Value::Null, Value::from));
                }
                v
            })
            .collect();
        serde_json::json!({
            "policy": {"id": policy.id, "version": policy.version},
            "schedule": schedule,
            "totals": {
                "posts": self.totals.posts, "allow": self.totals.allow, "warn": self.totals.warn,
                "block": self.totals.block, "errors": self.errors, "findings": self.findings,
                "posts_without_time": self.untimed,
            },
            "inputs": self.inputs,
            "categories": self.categories,
            "heatmap": heatmap,
            "over_time": {"period": period.as_str(), "rows": over_time},
            "rules": rules.iter().map(|(id, r)| {
                serde_json::json!({"rule": id, "category": r.category, "severity": r.severity, "clause": r.clause, "findings": r.findings})
            }).collect::<Vec<_>>(),
            "terms": terms.iter().map(|(t, n)| serde_json::json!({"term": t, "findings": n})).collect::<Vec<_>>(),
            "authors": authors,
            "flagged_posts": {
                "total": self.totals.flagged(),
                "listed": self.listed_count(),
                "cap": self.cap,
                "posts": self.listed().collect::<Vec<_>>(),
            },
            "errors": {"total": self.errors, "listed": self.bad_rows},
        })
    }

    /// Authors, most blocked first, then most warned, then most posts.
    pub(crate) fn authors_sorted(&self) -> Vec<(&String, &AuthorStats)> {
        let mut v: Vec<(&String, &AuthorStats)> = self.authors.iter().collect();
        v.sort_by(|a, b| {
            (b.1.verdicts.block, b.1.verdicts.warn, b.1.verdicts.posts)
                .cmp(&(a.1.verdicts.block, a.1.verdicts.warn, a.1.verdicts.posts))
                .then(a.0.cmp(b.0))
        });
        v
    }
}

/// The period of the chart over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Period {
    Week,
    Month,
}

impl Period {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use hatsugen::{Checker, Context, Policy};

    fn add(stats: &mut Stats, checker: &Checker, text: &str, time: &str, author: &str) {
        let ts: jiff::Timestamp = time.parse().unwrap();
        let ctx = Context::default().time(ts);
        let report = checker.check(text, &ctx);
        let local = checker.schedule().time_zone().to_civil(ts);
        let working = checker.schedule().is_working_time(checker.calendar(), local).ok();
        let id = Value::from(1);
        let post = Checked {
            id: &id,
            author,
            location: "f:1".into(),
            local_time: Some(local),
            in_working_hours: working,
            text,
            report: &report,
        };
        stats.add(0, &post);
    }

    #[test]
    fn counts_cells_days_authors_and_caps_the_list() {
        let checker = Checker::new(&Policy::default_pack().unwrap()).unwrap();
        let mut s = Stats::new(2);
        // Friday 20 Nov 2026, 10:15 in Tokyo: working time.
        add(&mut s, &checker, "ここだけの話、予算の件", "2026-11-20T01:15:00Z", "a");
        add(&mut s, &checker, "良い天気", "2026-11-21T12:00:00+09:00", "a");
        add(&mut s, &checker, "拡散希望!駅前の銀行が倒産するらしい", "2026-11-22T23:00:00+09:00", "b");
        add(&mut s, &checker, "ここだけの話、人事の件", "2026-12-01T10:00:00+09:00", "b");
        assert_eq!(s.totals, Verdicts { posts: 4, allow: 1, warn: 1, block: 2 });
        assert_eq!(s.heatmap[4][10].block, 1, "Friday 10:00");
        assert_eq!(s.heatmap[6][23].warn, 1, "Sunday 23:00");
        assert_eq!(s.authors["a"].in_working_hours, 1);
        assert_eq!(s.authors["a"].timed, 2);
        assert_eq!(s.categories["confidential"].posts, 2);
        assert_eq!(s.listed_count(), 2, "capped");
        assert!(s.listed().all(|p| p.verdict == Verdict::Block), "blocked posts first");
        // Weeks from Monday 16 Nov to Monday 30 Nov, the empty week of the 23rd included.
        let weeks: Vec<String> = s.over_time().iter().map(|(d, _)| d.to_string()).collect();
        assert_eq!(weeks, ["2026-11-16", "2026-11-23", "2026-11-30"]);
        assert_eq!(s.over_time()[0].1.posts, 3);
        let json = s.to_json(checker.policy(), checker.schedule());
        assert_eq!(json["totals"]["block"], 2);
        assert_eq!(json["authors"][0]["author"], "b", "most blocked first (tie), then warn");
        assert_eq!(json["over_time"]["period"], "week");
    }

    #[test]
    fn cut_keeps_char_boundaries_and_spans() {
        let mut f = Finding::new("x.y", hatsugen::Severity::Warn);
        f.spans = vec![Span::new(0, 3), Span::new(3, 9), Span::new(9, 12)];
        let (t, truncated, fs) = cut("あいうえ", &[f], 7);
        assert_eq!((t.as_str(), truncated), ("あい", true));
        assert_eq!(fs[0].spans, [Span::new(0, 3), Span::new(3, 6)]);
    }
}
