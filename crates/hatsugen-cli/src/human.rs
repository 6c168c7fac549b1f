//! Human output: each finding with its span underlined in its line, rustc-diagnostic style.

use std::fmt::Write;

use hatsugen::calendar::{TimeZoneSpec, to_civil};
use hatsugen::{Finding, Report, Severity, Verdict};
use jiff::Timestamp;
use jiff::civil::{DateTime, Weekday};
use unicode_width::UnicodeWidthStr;

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.on { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_owned() }
    }
}

fn severity_style(s: Severity) -> &'static str {
    match s {
        Severity::Block => "1;31",
        Severity::Warn => "1;33",
        Severity::Info => "1;36",
    }
}

/// Line number (1-based), the line's byte range, for byte `at` of `text`.
fn line_of(text: &str, at: usize) -> (usize, usize, usize) {
    let before = text.get(..at).unwrap_or_default();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let end = text.get(at..).and_then(|s| s.find('\n')).map_or(text.len(), |i| at + i);
    (before.matches('\n').count() + 1, start, end)
}

fn render_finding(text: &str, f: &Finding, style: &Style, out: &mut String) {
    let sev = f.severity.as_str();
    let head = style.paint(severity_style(f.severity), &format!("{sev}[{}]", f.rule));
    let _ = writeln!(out, "{head}: {}", f.message.ja);
    let _ = writeln!(out, "  {}", f.message.en);
    if let Some(i) = f.attachment {
        let _ = writeln!(out, "  --> attachment #{}", i + 1);
    }
    for span in &f.spans {
        let (line_no, ls, le) = line_of(text, span.start);
        let line = text.get(ls..le).unwrap_or_default().trim_end_matches('\r');
        let col = text.get(ls..span.start).map_or(0, |s| s.chars().count()) + 1;
        let gutter = " ".repeat(line_no.to_string().len());
        let _ = writeln!(out, "{gutter}{} line {line_no}, column {col}", style.paint("1;34", "-->"));
        let _ = writeln!(out, "{gutter} {}", style.paint("1;34", "|"));
        let _ = writeln!(out, "{} {} {line}", style.paint("1;34", &line_no.to_string()), style.paint("1;34", "|"));
        let pad = text.get(ls..span.start).map_or(0, UnicodeWidthStr::width);
        let end = span.end.min(le);
        let width = text.get(span.start..end).map_or(1, UnicodeWidthStr::width).max(1);
        let marks = style.paint(severity_style(f.severity), &"^".repeat(width));
        let _ = writeln!(out, "{gutter} {} {}{marks}", style.paint("1;34", "|"), " ".repeat(pad));
    }
    let law = f.law.as_deref().map(|l| format!(" ({l})")).unwrap_or_default();
    let _ = writeln!(out, "  = {}: {}{law}", style.paint("1", "clause"), f.clause);
    if let Some(s) = &f.suggestion {
        let _ = writeln!(out, "  = {}: {}", style.paint("1", "help"), s.ja);
        let _ = writeln!(out, "          {}", s.en);
        if let Some(r) = &s.replacement {
            let _ = writeln!(out, "          → {r}");
        }
    }
    out.push('\n');
}

fn weekday_names(w: Weekday) -> (&'static str, &'static str) {
    match w {
        Weekday::Monday => ("月", "Mon"),
        Weekday::Tuesday => ("火", "Tue"),
        Weekday::Wednesday => ("水", "Wed"),
        Weekday::Thursday => ("木", "Thu"),
        Weekday::Friday => ("金", "Fri"),
        Weekday::Saturday => ("土", "Sat"),
        Weekday::Sunday => ("日", "Sun"),
    }
}

/// The next allowed time as people say it: `17:15` on the post's day, with the date
/// (and the year, when it differs) otherwise. `(ja, en)`.
pub(crate) fn next_allowed_phrase(next: &str, post: Option<Timestamp>) -> Option<(String, String)> {
    let ts: Timestamp = next.parse().ok()?;
    let offset = TimeZoneSpec::parse(next.get(next.len().checked_sub(6)?..)?).ok()?.offset();
    let at: DateTime = to_civil(ts, offset);
    let hm = format!("{:02}:{:02}", at.hour(), at.minute());
    let post = post.map(|p| to_civil(p, offset).date());
    if post == Some(at.date()) {
        return Some((format!("{hm} 以降に投稿できます"), format!("post at {hm} or later")));
    }
    let (wja, wen) = weekday_names(at.weekday());
    let same_year = post.is_some_and(|p| p.year() == at.year());
    let (month, day) = (at.month(), at.day());
    let month_en = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        .get(usize::try_from(month - 1).unwrap_or(0))
        .copied()
        .unwrap_or("");
    let (ja_date, en_date) = if same_year {
        (format!("{month}月{day}日({wja})"), format!("{wen} {day} {month_en}"))
    } else {
        (format!("{}年{month}月{day}日({wja})", at.year()), format!("{wen} {day} {month_en} {}", at.year()))
    };
    Some((format!("{ja_date} {hm} 以降に投稿できます"), format!("post at {hm} on {en_date} or later")))
}

/// Renders a report for a terminal; `time` is the post's time from the context.
pub(crate) fn render(text: &str, report: &Report, color: bool, time: Option<Timestamp>) -> String {
    let style = Style { on: color };
    let mut out = String::new();
    for f in &report.findings {
        render_finding(text, f, &style, &mut out);
    }
    for s in &report.skipped {
        let _ = writeln!(out, "{}: {} (needs context: {})", style.paint("2", "skipped"), s.rule, s.missing.join(", "));
    }
    let verdict = match report.verdict {
        Verdict::Allow => style.paint("1;32", "allow"),
        Verdict::Warn => style.paint("1;33", "warn"),
        Verdict::Block => style.paint("1;31", "block"),
    };
    let count = report.findings.len();
    let _ = writeln!(
        out,
        "verdict: {verdict} ({count} finding{}; policy {} {})",
        if count == 1 { "" } else { "s" },
        report.policy.id,
        report.policy.version
    );
    if let Some(t) = &report.next_allowed_at {
        match next_allowed_phrase(t, time) {
            Some((ja, en)) => {
                let _ = writeln!(out, "{}: {ja} / {en} ({t})", style.paint("1", "next"));
            }
            None => {
                let _ = writeln!(out, "{}: 投稿できる時刻 / post at or after: {t}", style.paint("1", "next"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn next_allowed_phrases() {
        let post: Timestamp = "2026-11-20T10:00:00+09:00".parse().unwrap();
        let p = |s: &str| next_allowed_phrase(s, Some(post)).unwrap();
        assert_eq!(
            p("2026-11-20T17:15:00+09:00"),
            ("17:15 以降に投稿できます".to_owned(), "post at 17:15 or later".to_owned())
        );
        assert_eq!(
            p("2026-11-24T08:30:00+09:00"),
            ("11月24日(火) 08:30 以降に投稿できます".to_owned(), "post at 08:30 on Tue 24 Nov or later".to_owned())
        );
        assert_eq!(p("2027-01-04T08:30:00+09:00").0, "2027年1月4日(月) 08:30 以降に投稿できます");
        assert_eq!(p("2027-01-04T08:30:00+09:00").1, "post at 08:30 on Mon 4 Jan 2027 or later");
        // The day is the day in the report's offset: 23:30Z on the 19th is the 20th in Japan.
        let z: Timestamp = "2026-11-19T23:30:00Z".parse().unwrap();
        assert_eq!(next_allowed_phrase("2026-11-20T12:00:00+09:00", Some(z)).unwrap().0, "12:00 以降に投稿できます");
        assert_eq!(
            next_allowed_phrase("2026-11-20T03:00:00+00:00", Some(z)).unwrap().0,
            "11月20日(金) 03:00 以降に投稿できます"
        );
        assert!(next_allowed_phrase("garbage", Some(z)).is_none());
    }
}
