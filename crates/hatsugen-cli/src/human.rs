//! Human output: each finding with its spans underlined in their lines, rustc-diagnostic
//! style, drawn by `annotate-snippets` (rustc's own renderer: wide characters take two
//! columns, tabs are expanded, several spans and lines, labels).
//!
//! [`render`] always returns styled text (ANSI); the caller writes it through an
//! `anstream` stream, which keeps or strips the styles for `--color`, `NO_COLOR`,
//! `CLICOLOR_FORCE`, a terminal or not, and converts them for consoles without ANSI.

use std::fmt::Write;

use annotate_snippets::{AnnotationKind, Element, Group, Level, Origin, Patch, Renderer, Snippet};
use anstyle::{AnsiColor, Effects, Style};
use hatsugen::calendar::{TimeZoneSpec, to_civil};
use hatsugen::{EditTarget, Finding, Report, Severity, Verdict};
use jiff::Timestamp;
use jiff::civil::{DateTime, Weekday};

/// Lines of a post are never cut to a terminal's width: the author needs all of it.
const WIDTH: usize = 1 << 16;

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Block => Level::ERROR.with_name("block"),
        Severity::Warn => Level::WARNING.with_name("warn"),
        Severity::Info => Level::INFO.with_name("info"),
    }
}

/// The post as the human output shows it.
pub(crate) struct Post<'a> {
    /// The text checked.
    pub(crate) text: &'a str,
    /// Where it came from: `<post>` (an argument, standard input) or the file's path.
    pub(crate) origin: &'a str,
    /// The context's profile, for the fixes that edit it.
    pub(crate) profile: Option<&'a str>,
    /// The post's time from the context, for the next allowed time.
    pub(crate) time: Option<Timestamp>,
}

/// A finding as one group: the title, the post with the spans underlined (the English
/// message labels the last), the clause and the suggestion; a second group shows the fix's
/// edits as patches of the post and of the profile.
fn finding_groups<'a>(post: &Post<'a>, f: &'a Finding) -> Vec<Group<'a>> {
    let title = level(f.severity).primary_title(f.message.ja.as_str()).id(f.rule.as_str());
    let mut elements: Vec<Element<'a>> = Vec::new();
    if let Some(i) = f.attachment {
        elements.push(Origin::path(format!("attachment #{}", i + 1)).into());
    }
    if f.spans.is_empty() {
        elements.push(Level::NOTE.no_name().message(f.message.en.as_str()).into());
    } else {
        let last = f.spans.len() - 1;
        let annotations = f.spans.iter().enumerate().map(|(i, s)| {
            let a = AnnotationKind::Primary.span(s.start..s.end);
            if i == last { a.label(f.message.en.as_str()) } else { a }
        });
        elements.push(Snippet::source(post.text).path(post.origin).annotations(annotations).into());
    }
    let law = f.law.as_deref().map(|l| format!(" ({l})")).unwrap_or_default();
    elements.push(Level::NOTE.with_name("clause").message(format!("{}{law}", f.clause)).into());
    if let Some(s) = &f.suggestion {
        elements.push(Level::HELP.message(format!("{}\n{}", s.ja, s.en)).into());
    }
    let mut groups = vec![title.elements(elements)];
    if let Some(fix) = &f.fix {
        let patches = |target: EditTarget| -> Vec<Patch<'a>> {
            fix.edits
                .iter()
                .filter(|e| e.target == target)
                .map(|e| Patch::new(e.span.start..e.span.end, e.replacement.as_str()))
                .collect()
        };
        let how = if fix.safe {
            "`hatsugen fix` で直せます / `hatsugen fix` applies this"
        } else {
            "確認のうえ `hatsugen fix --rules all` で直せます / after review, `hatsugen fix --rules all` applies this"
        };
        let mut group = Group::with_title(Level::HELP.secondary_title(how));
        let in_text = patches(EditTarget::Text);
        if !in_text.is_empty() {
            group = group.element(Snippet::source(post.text).path(post.origin).patches(in_text));
        }
        let in_profile = patches(EditTarget::Profile);
        if !in_profile.is_empty() {
            group =
                group.element(Snippet::source(post.profile.unwrap_or_default()).path("profile").patches(in_profile));
        }
        if !group.is_empty() {
            groups.push(group);
        }
    }
    groups
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

/// Renders a report for a terminal, styled (write it through an `anstream` stream).
pub(crate) fn render(post: &Post<'_>, report: &Report) -> String {
    let renderer = Renderer::styled().term_width(WIDTH);
    let mut out = String::new();
    for f in &report.findings {
        out.push_str(&renderer.render(&finding_groups(post, f)));
        out.push_str("\n\n");
    }
    let bold = Style::new().effects(Effects::BOLD);
    let dim = Style::new().effects(Effects::DIMMED);
    for s in &report.skipped {
        let _ = writeln!(out, "{dim}skipped{dim:#}: {} (needs context: {})", s.rule, s.missing.join(", "));
    }
    let color = match report.verdict {
        Verdict::Allow => AnsiColor::Green,
        Verdict::Warn => AnsiColor::Yellow,
        Verdict::Block => AnsiColor::Red,
    };
    let verdict = color.on_default().effects(Effects::BOLD);
    let count = report.findings.len();
    let _ = writeln!(
        out,
        "verdict: {verdict}{}{verdict:#} ({count} finding{}; policy {} {})",
        report.verdict.as_str(),
        if count == 1 { "" } else { "s" },
        report.policy.id,
        report.policy.version
    );
    if let Some(t) = &report.next_allowed_at {
        match next_allowed_phrase(t, post.time) {
            Some((ja, en)) => {
                let _ = writeln!(out, "{bold}next{bold:#}: {ja} / {en} ({t})");
            }
            None => {
                let _ = writeln!(out, "{bold}next{bold:#}: 投稿できる時刻 / post at or after: {t}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use hatsugen::report::PolicyRef;
    use hatsugen::{Edit, Fix, Message, Span, Suggestion};

    use super::*;

    fn finding(rule: &str, severity: Severity, spans: &[(usize, usize)]) -> Finding {
        let mut f = Finding::new(rule, severity);
        f.message = Message { ja: "侮辱する表現があります。".to_owned(), en: "An insult.".to_owned() };
        f.clause = "共通 §7".to_owned();
        f.law = Some("刑法第231条".to_owned());
        f.spans = spans.iter().map(|&(s, e)| Span::new(s, e)).collect();
        f.suggestion =
            Some(Suggestion {
                ja: "削除してください。".to_owned(), en: "Remove it.".to_owned(), replacement: None
            });
        f
    }

    /// A report of `findings` (built through its JSON form: reports come from the checker).
    fn report(findings: Vec<Finding>) -> Report {
        let verdict = Verdict::from_severities(findings.iter().map(|f| f.severity));
        serde_json::from_value(serde_json::json!({
            "verdict": verdict,
            "findings": findings,
            "next_allowed_at": null,
            "skipped": [],
            "policy": PolicyRef { id: "test".to_owned(), version: "1".to_owned() },
        }))
        .unwrap()
    }

    fn plain(text: &str, profile: Option<&str>, report: &Report) -> String {
        let post = Post { text, origin: "<post>", profile, time: None };
        anstream::adapter::strip_str(&render(&post, report)).to_string()
    }

    /// Byte span of the `n`th occurrence (0-based) of `needle` in `text`.
    fn at(text: &str, needle: &str, n: usize) -> (usize, usize) {
        let start = text.match_indices(needle).nth(n).unwrap().0;
        (start, start + needle.len())
    }

    #[test]
    fn wide_characters_take_two_columns_and_columns_count_characters() {
        let text = "一行目\n昨日はバカな話をした";
        let out =
            plain(text, None, &report(vec![finding("defamation.insult", Severity::Block, &[at(text, "バカ", 0)])]));
        // 「昨日は」 is three characters (column 4) and six columns before the four carets.
        assert_eq!(
            out,
            "block[defamation.insult]: 侮辱する表現があります。
 --> <post>:2:4
  |
2 | 昨日はバカな話をした
  |       ^^^^ An insult.
  |
  = clause: 共通 §7 (刑法第231条)
  = help: 削除してください。
          Remove it.

verdict: block (1 finding; policy test 1)
"
        );
    }

    #[test]
    fn several_spans_on_several_lines_with_tabs() {
        // A tab is shown as four spaces and the carets follow it; the label goes on the last span.
        let text = "バカ\tアホ\r\nそれとバカ";
        let spans = [at(text, "バカ", 0), at(text, "アホ", 0), at(text, "バカ", 1)];
        let out = plain(text, None, &report(vec![finding("defamation.insult", Severity::Warn, &spans)]));
        assert!(
            out.starts_with(
                "warn[defamation.insult]: 侮辱する表現があります。
 --> <post>:1:1
  |
1 | バカ    アホ
  | ^^^^    ^^^^
2 | それとバカ
  |       ^^^^ An insult.
  |
"
            ),
            "{out}"
        );
        assert!(out.ends_with("verdict: warn (1 finding; policy test 1)\n"), "{out}");
    }

    #[test]
    fn findings_without_spans_and_fixes_as_patches() {
        let text = "電話は090-1234-5678";
        let mut phone = finding("personal_data.phone", Severity::Block, &[at(text, "090-1234-5678", 0)]);
        let span = Span::new(at(text, "1234", 0).0, at(text, "1234", 0).1);
        phone.fix =
            Some(Fix::edits(true, vec![Edit { target: EditTarget::Text, span, replacement: "****".to_owned() }]));
        let mut disclaimer = finding("disclaimer_missing.no_disclaimer", Severity::Warn, &[]);
        disclaimer.law = None;
        disclaimer.attachment = Some(1);
        let profile = "職員です";
        disclaimer.fix = Some(Fix::edits(
            false,
            vec![Edit {
                target: EditTarget::Profile, span: Span::new(12, 12), replacement: "。私見です".to_owned()
            }],
        ));
        let out = plain(text, Some(profile), &report(vec![phone, disclaimer]));
        assert!(
            out.contains(
                "help: `hatsugen fix` で直せます / `hatsugen fix` applies this
  |
1 - 電話は090-1234-5678
1 + 電話は090-****-5678
  |
"
            ),
            "{out}"
        );
        assert!(
            out.contains(
                "warn[disclaimer_missing.no_disclaimer]: 侮辱する表現があります。
 --> attachment #2
  = An insult.
  = clause: 共通 §7
"
            ),
            "{out}"
        );
        // An insertion into the profile: five wide characters, ten `+`.
        assert!(out.contains(" --> profile:1:5\n  |\n1 | 職員です。私見です\n  |         ++++++++++\n"), "{out}");
    }

    #[test]
    fn control_characters_in_the_post_are_shown_not_sent_to_the_terminal() {
        let text = "\x1b[2Jバカ";
        let out = render(
            &Post { text, origin: "<post>", profile: None, time: None },
            &report(vec![finding("defamation.insult", Severity::Block, &[at(text, "バカ", 0)])]),
        );
        assert!(!out.contains("\x1b[2J"), "{out:?}");
    }

    #[test]
    fn styles_mark_the_severity_and_the_verdict() {
        let text = "バカ";
        let r = report(vec![finding("defamation.insult", Severity::Block, &[(0, text.len())])]);
        let styled = render(&Post { text, origin: "<post>", profile: None, time: None }, &r);
        let red = annotate_snippets::renderer::DEFAULT_ERROR_STYLE;
        assert!(styled.contains(&format!("{red}block[defamation.insult]")), "{styled:?}");
        let verdict = AnsiColor::Red.on_default().effects(Effects::BOLD);
        assert!(styled.contains(&format!("verdict: {verdict}block{verdict:#}")), "{styled:?}");
    }
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
