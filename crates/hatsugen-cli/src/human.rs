//! Human output: each finding with its span underlined in its line, rustc-diagnostic style.

use std::fmt::Write;

use hatsugen::{Finding, Report, Severity, Verdict};
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

/// Renders a report for a terminal.
pub(crate) fn render(text: &str, report: &Report, color: bool) -> String {
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
        let _ = writeln!(out, "投稿できる時刻 / post at or after: {t}");
    }
    out
}
