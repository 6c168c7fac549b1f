//! `--report report.html`: one self-contained page, Japanese with English beside it.
//!
//! Everything is inline (styles, the two SVG charts, a short filtering script); a
//! `Content-Security-Policy` of `default-src 'none'` forbids the page any request, so it
//! opens the same from a shared drive, offline, or attached to an e-mail.

use std::fmt::Write;

use hatsugen::calendar::Schedule;
use hatsugen::report::PolicyRef;
use hatsugen::{Finding, Severity, Verdict};

use super::charts;
use super::stats::{FlaggedPost, Period, Stats};

/// Japanese names of the core's categories; an unknown one is shown by its id.
fn category_ja(id: &str) -> &str {
    match id {
        "after_hours_to_subordinate" => "時間外の部下への連絡",
        "broadcast" => "一斉送信",
        "confidential" => "秘密・内部情報",
        "copyright_privacy" => "著作権・肖像権",
        "defamation" => "誹謗中傷",
        "disclaimer_missing" => "免責表示なし",
        "discrimination" => "差別",
        "embargo" => "公表前の案件",
        "illegal" => "違法行為",
        "late_night" => "深夜の投稿",
        "obscenity" => "わいせつ",
        "official_account_misuse" => "公式アカウントの私用",
        "personal_data" => "個人情報",
        "personal_in_work_channel" => "業務チャネルでの私的発言",
        "political" => "政治的行為",
        "rumor" => "デマ・未確認情報",
        "shifted_break" => "休憩時間のずれ",
        "work_device" => "業務端末",
        "work_hours" => "勤務時間中の投稿",
        "workplace_image" => "職場の写真",
        other => other,
    }
}

/// HTML-escapes text and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn num(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn pct(part: u64, whole: u64) -> String {
    if whole == 0 { "–".to_owned() } else { format!("{:.1}%", part as f64 * 100.0 / whole as f64) }
}

/// The text with every finding's spans in `<mark>`, the most severe finding deciding where
/// spans overlap. Spans off character boundaries are ignored.
pub(crate) fn highlight(text: &str, findings: &[Finding]) -> String {
    let mut cuts: Vec<usize> = vec![0, text.len()];
    let mut spans: Vec<(usize, usize, Severity)> = Vec::new();
    for f in findings {
        for s in &f.spans {
            if s.start < s.end && text.get(s.start..s.end).is_some() {
                cuts.extend([s.start, s.end]);
                spans.push((s.start, s.end, f.severity));
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::new();
    for w in cuts.windows(2) {
        let (a, b) = match w {
            [a, b] => (*a, *b),
            _ => continue,
        };
        let piece = esc(text.get(a..b).unwrap_or_default());
        let sev = spans.iter().filter(|(s, e, _)| *s <= a && b <= *e).map(|(_, _, v)| *v).max();
        match sev {
            Some(v) => {
                let _ = write!(out, "<mark class=\"{}\">{piece}</mark>", v.as_str());
            }
            None => out.push_str(&piece),
        }
    }
    out
}

fn verdict_label(v: Verdict) -> &'static str {
    match v {
        Verdict::Allow => "許可 allow",
        Verdict::Warn => "警告 warn",
        Verdict::Block => "禁止 block",
    }
}

const STYLE: &str = r#"
:root{--block:#c62828;--warn:#b26a00;--warnbg:#fff4d6;--blockbg:#fde4e4;--ink:#222;--mute:#666;--line:#ddd}
*{box-sizing:border-box}
body{font-family:system-ui,"Hiragino Sans","Noto Sans CJK JP","Yu Gothic",sans-serif;color:var(--ink);margin:0;background:#fafafa;line-height:1.5}
header,section{max-width:1100px;margin:0 auto;padding:12px 20px}
header{border-bottom:1px solid var(--line);background:#fff;max-width:none}
h1{font-size:1.5rem;margin:.3em 0}h2{font-size:1.15rem;border-left:4px solid #0b3d91;padding-left:8px;margin-top:1.6em}
.en{color:var(--mute);font-weight:normal;font-size:.9em;margin-left:.4em}
.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px 16px;min-width:130px}
.card b{display:block;font-size:1.6rem}
.card.block b{color:var(--block)}.card.warn b{color:var(--warn)}
table{border-collapse:collapse;background:#fff;width:100%;font-size:.92rem}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
td:has(.bar){white-space:nowrap}
.bar{display:inline-block;height:.8em;background:#0b3d91;vertical-align:middle;margin-right:6px}
.chart{background:#fff;border:1px solid var(--line);border-radius:6px;padding:4px;overflow-x:auto}
.chart svg{max-width:100%;height:auto}
.legend{font-size:.85rem;color:var(--mute)}
.swatch{display:inline-block;width:12px;height:12px;vertical-align:middle;margin:0 4px 0 10px}
mark.block{background:var(--blockbg);border-bottom:2px solid var(--block)}
mark.warn{background:var(--warnbg);border-bottom:2px solid var(--warn)}
mark.info{background:#e3f2fd}
.filters{display:flex;gap:16px;flex-wrap:wrap;align-items:end;margin-bottom:8px}
.filters label{display:flex;flex-direction:column;font-size:.85rem}
article.post{background:#fff;border:1px solid var(--line);border-left:5px solid var(--warn);border-radius:4px;padding:8px 12px;margin:8px 0}
article.post[data-verdict=block]{border-left-color:var(--block)}
article.post .meta{font-size:.82rem;color:var(--mute)}
article.post .text{white-space:pre-wrap;word-break:break-word;margin:6px 0}
article.post ul{margin:4px 0;padding-left:20px;font-size:.9rem}
.sev-block{color:var(--block);font-weight:bold}.sev-warn{color:var(--warn);font-weight:bold}.sev-info{color:#1565c0}
.note{background:#fff8e1;border:1px solid #ffe082;padding:6px 10px;border-radius:4px}
details{margin:6px 0}
"#;

const SCRIPT: &str = r#"
(function () {
  var posts = Array.prototype.slice.call(document.querySelectorAll("article.post"));
  var cat = document.getElementById("f-category");
  var author = document.getElementById("f-author");
  var verdict = document.getElementById("f-verdict");
  var shown = document.getElementById("f-shown");
  function apply() {
    var n = 0;
    posts.forEach(function (p) {
      var ok = (!cat.value || (" " + p.dataset.categories + " ").indexOf(" " + cat.value + " ") >= 0) &&
        (!author.value || p.dataset.author === author.value) &&
        (!verdict.value || p.dataset.verdict === verdict.value);
      p.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = String(n);
    document.body.dataset.filtered = String(n);
  }
  [cat, author, verdict].forEach(function (s) { s.addEventListener("change", apply); });
  apply();
  document.body.dataset.ready = "true";
})();
"#;

fn h2(out: &mut String, id: &str, ja: &str, en: &str) {
    let _ = write!(out, "<h2 id=\"{id}\">{ja}<span class=\"en\">{en}</span></h2>");
}

fn schedule_text(s: &Schedule) -> (String, String) {
    let days: Vec<String> = s.days().iter().map(|d| format!("{d:?}").chars().take(3).collect()).collect();
    let hours: Vec<String> = s.hours().iter().map(ToString::to_string).collect();
    let breaks: Vec<String> = s.breaks().iter().map(ToString::to_string).collect();
    let days = days.join(", ");
    let hours = hours.join(", ");
    let (bja, ben) = if breaks.is_empty() {
        (String::new(), String::new())
    } else {
        (format!("(休憩 {})", breaks.join(", ")), format!(" (break {})", breaks.join(", ")))
    };
    (format!("{days} {hours}{bja}"), format!("{days} {hours}{ben}"))
}

fn post_html(out: &mut String, p: &FlaggedPost) {
    let mut cats: Vec<&str> = p.findings.iter().map(|f| f.category.as_str()).collect();
    cats.sort_unstable();
    cats.dedup();
    let id = match &p.id {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        v => v.to_string(),
    };
    let _ = write!(
        out,
        "<article class=\"post\" data-verdict=\"{}\" data-author=\"{}\" data-categories=\"{}\"><div class=\"meta\"><b class=\"sev-{}\">{}</b> · {} · {}{} · <code>{}</code>{}</div>",
        p.verdict.as_str(),
        esc(&p.author),
        esc(&cats.join(" ")),
        p.verdict.as_str(),
        verdict_label(p.verdict),
        esc(&p.author),
        p.time.as_deref().map(esc).unwrap_or_else(|| "時刻なし no time".to_owned()),
        if id.is_empty() { String::new() } else { format!(" · id {}", esc(&id)) },
        esc(&p.location),
        if p.truncated { " · 長文のため一部 (text cut)" } else { "" }
    );
    let _ = write!(out, "<div class=\"text\">{}</div><ul>", highlight(&p.text, &p.findings));
    for f in &p.findings {
        let _ = write!(
            out,
            "<li><span class=\"sev-{}\">{}</span> <code>{}</code> {} <span class=\"en\">{}</span><br>条項 clause: {}{}",
            f.severity.as_str(),
            f.severity.as_str(),
            esc(&f.rule),
            esc(&f.message.ja),
            esc(&f.message.en),
            esc(&f.clause),
            f.law.as_deref().map(|l| format!(" ({})", esc(l))).unwrap_or_default()
        );
        if let Some(s) = &f.suggestion {
            let _ = write!(out, "<br>提案 suggestion: {} <span class=\"en\">{}</span>", esc(&s.ja), esc(&s.en));
            if let Some(r) = &s.replacement {
                let _ = write!(out, " → <q>{}</q>", esc(r));
            }
        }
        out.push_str("</li>");
    }
    out.push_str("</ul></article>");
}

/// The whole page.
pub(crate) fn render(stats: &Stats, policy: &PolicyRef, schedule: &Schedule) -> Result<String, String> {
    let t = &stats.totals;
    let mut o = String::with_capacity(64 * 1024 + stats.listed_count() * 1500);
    o.push_str("<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\">");
    o.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">");
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    let _ = write!(
        o,
        "<title>発言監査レポート Audit report — {}</title><style>{STYLE}</style></head><body>",
        esc(&policy.id)
    );
    let _ = write!(
        o,
        "<header><h1>発言監査レポート<span class=\"en\">Audit report</span></h1><div>ポリシー policy <code>{} {}</code> · 入力 inputs {} · 投稿 posts {}</div></header>",
        esc(&policy.id),
        esc(&policy.version),
        stats.inputs.len(),
        num(t.posts)
    );

    // Totals.
    o.push_str("<section id=\"totals\">");
    h2(&mut o, "h-totals", "集計", "Totals");
    o.push_str("<div class=\"cards\">");
    for (class, ja, en, n) in [
        ("", "投稿", "posts", t.posts),
        ("", "許可", "allow", t.allow),
        ("warn", "警告", "warn", t.warn),
        ("block", "禁止", "block", t.block),
        ("", "読めない行", "bad rows", stats.errors),
    ] {
        let _ = write!(
            o,
            "<div class=\"card {class}\" data-total=\"{en}\">{ja}<span class=\"en\">{en}</span><b>{}</b></div>",
            num(n)
        );
    }
    o.push_str("</div>");
    let _ = write!(
        o,
        "<p>警告・禁止の投稿は {} <span class=\"en\">({} of posts warned or blocked)</span></p>",
        pct(t.flagged(), t.posts),
        pct(t.flagged(), t.posts)
    );
    o.push_str("<table id=\"categories\"><thead><tr><th>分類 category</th><th>投稿 posts</th><th>禁止 block</th><th>警告 warn</th><th>参考 info</th></tr></thead><tbody>");
    let mut cats: Vec<_> = stats.categories.iter().collect();
    cats.sort_by(|a, b| b.1.posts.cmp(&a.1.posts).then(a.0.cmp(b.0)));
    for (id, c) in cats {
        let _ = write!(
            o,
            "<tr><td>{} <span class=\"en\">{}</span></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(category_ja(id)),
            esc(id),
            num(c.posts),
            num(c.block_findings),
            num(c.warn_findings),
            num(c.info_findings)
        );
    }
    o.push_str("</tbody></table><p class=\"legend\">投稿 = その分類の指摘がある投稿の数、禁止・警告・参考 = 指摘の数 / posts = posts with a finding of the category; block, warn, info = findings.</p></section>");

    // Heatmap.
    o.push_str("<section id=\"heatmap\">");
    h2(&mut o, "h-heatmap", "曜日 × 時間帯の投稿数", "Posts by weekday and hour");
    let (sja, sen) = schedule_text(schedule);
    let _ = write!(
        o,
        "<p class=\"legend\">黒枠 = 勤務時間 {} ({}) <span class=\"en\">black outline = working hours {}; lighter band = break; darker = more posts</span></p>",
        esc(&sja),
        esc(&schedule.time_zone().to_string()),
        esc(&sen)
    );
    let heat = charts::heatmap(&stats.heatmap, schedule)?;
    let _ = write!(o, "<div class=\"chart\" id=\"chart-heatmap\">{heat}</div>");
    if stats.untimed > 0 {
        let _ = write!(
            o,
            "<p class=\"legend\">時刻のない投稿 {} 件は含みません <span class=\"en\">({} posts without a time are not in the chart)</span></p>",
            num(stats.untimed),
            num(stats.untimed)
        );
    }
    o.push_str("<details><summary>数値 numbers</summary><table id=\"heatmap-table\"><thead><tr><th></th>");
    for h in 0..24 {
        let _ = write!(o, "<th>{h}</th>");
    }
    o.push_str("</tr></thead><tbody>");
    for (row, name) in stats.heatmap.iter().zip(["月 Mon", "火 Tue", "水 Wed", "木 Thu", "金 Fri", "土 Sat", "日 Sun"])
    {
        let _ = write!(o, "<tr><th>{name}</th>");
        for c in row {
            let _ = write!(o, "<td class=\"n\">{}</td>", c.posts);
        }
        o.push_str("</tr>");
    }
    o.push_str("</tbody></table></details></section>");

    // Over time.
    o.push_str("<section id=\"over-time\">");
    let monthly = stats.period() == Period::Month;
    if monthly {
        h2(&mut o, "h-time", "月ごとの警告・禁止", "Flagged posts by month");
    } else {
        h2(&mut o, "h-time", "週ごとの警告・禁止", "Flagged posts by week (from Monday)");
    }
    let rows = stats.over_time();
    let _ = write!(
        o,
        "<p class=\"legend\"><span class=\"swatch\" style=\"background:#c62828\"></span>禁止 block<span class=\"swatch\" style=\"background:#f2a900\"></span>警告 warn</p><div class=\"chart\" id=\"chart-time\">{}</div>",
        charts::over_time(&rows, monthly)?
    );
    o.push_str("<details><summary>数値 numbers</summary><table id=\"time-table\"><thead><tr><th>開始 from</th><th>投稿 posts</th><th>警告 warn</th><th>禁止 block</th><th>割合 share</th></tr></thead><tbody>");
    for (d, v) in &rows {
        let _ = write!(
            o,
            "<tr><td>{d}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            num(v.posts),
            num(v.warn),
            num(v.block),
            pct(v.flagged(), v.posts)
        );
    }
    o.push_str("</tbody></table></details></section>");

    // Top rules and terms.
    o.push_str("<section id=\"top\">");
    h2(&mut o, "h-rules", "よく当たるルール", "Top rules");
    let mut rules: Vec<_> = stats.rules.iter().collect();
    rules.sort_by(|a, b| b.1.findings.cmp(&a.1.findings).then(a.0.cmp(b.0)));
    let rmax = rules.first().map_or(1, |r| r.1.findings.max(1));
    o.push_str("<table id=\"rules\"><thead><tr><th>ルール rule</th><th>重さ severity</th><th>指摘 findings</th><th>条項 clause</th></tr></thead><tbody>");
    for (id, r) in rules.iter().take(20) {
        let _ = write!(
            o,
            "<tr><td><code>{}</code></td><td class=\"sev-{}\">{}</td><td><span class=\"bar\" style=\"width:{}px\"></span>{}</td><td>{}</td></tr>",
            esc(id),
            r.severity,
            r.severity,
            r.findings * 160 / rmax,
            num(r.findings),
            esc(&r.clause)
        );
    }
    o.push_str("</tbody></table>");
    h2(&mut o, "h-terms", "よく当たる語", "Top terms");
    let mut terms: Vec<_> = stats.terms.iter().collect();
    terms.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let tmax = terms.first().map_or(1, |t| (*t.1).max(1));
    o.push_str(
        "<table id=\"terms\"><thead><tr><th>語 term (lexicon id)</th><th>指摘 findings</th></tr></thead><tbody>",
    );
    for (term, n) in terms.iter().take(20) {
        let _ = write!(
            o,
            "<tr><td><code>{}</code></td><td><span class=\"bar\" style=\"width:{}px\"></span>{}</td></tr>",
            esc(term),
            **n * 160 / tmax,
            num(**n)
        );
    }
    o.push_str("</tbody></table></section>");

    // Authors.
    o.push_str("<section id=\"authors\">");
    h2(&mut o, "h-authors", "投稿者ごと", "By author");
    o.push_str("<table id=\"author-table\"><thead><tr><th>投稿者 author</th><th>投稿 posts</th><th>警告 warn</th><th>禁止 block</th><th>勤務時間中 in working hours</th><th>読めない行 bad rows</th></tr></thead><tbody>");
    for (name, a) in stats.authors_sorted() {
        let share = a.working_share().map_or_else(|| "–".to_owned(), |s| format!("{:.1}%", s * 100.0));
        let _ = write!(
            o,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{share} ({}/{})</td><td class=\"n\">{}</td></tr>",
            esc(name),
            num(a.verdicts.posts),
            num(a.verdicts.warn),
            num(a.verdicts.block),
            num(a.in_working_hours),
            num(a.timed),
            num(a.errors)
        );
    }
    o.push_str("</tbody></table></section>");

    // Flagged posts.
    o.push_str("<section id=\"posts\">");
    h2(&mut o, "h-posts", "警告・禁止の投稿", "Warned and blocked posts");
    let listed = stats.listed_count();
    if (listed as u64) < t.flagged() {
        let _ = write!(
            o,
            "<p class=\"note\" id=\"cap-note\">{} 件のうち {} 件を表示しています(禁止を先に、入力の順に)。全件は JSON Lines の出力にあります。<span class=\"en\">Showing {} of {} flagged posts (blocked first, in input order; raise --report-posts to list more). Every report is in the JSON Lines output.</span></p>",
            num(t.flagged()),
            num(listed as u64),
            num(listed as u64),
            num(t.flagged())
        );
    }
    o.push_str(
        "<div class=\"filters\"><label>分類 category<select id=\"f-category\"><option value=\"\">すべて all</option>",
    );
    let mut listed_cats: Vec<&str> =
        stats.listed().flat_map(|p| p.findings.iter().map(|f| f.category.as_str())).collect();
    listed_cats.sort_unstable();
    listed_cats.dedup();
    for c in listed_cats {
        let _ = write!(o, "<option value=\"{}\">{} {}</option>", esc(c), esc(category_ja(c)), esc(c));
    }
    o.push_str("</select></label><label>投稿者 author<select id=\"f-author\"><option value=\"\">すべて all</option>");
    let mut listed_authors: Vec<&str> = stats.listed().map(|p| p.author.as_str()).collect();
    listed_authors.sort_unstable();
    listed_authors.dedup();
    for a in listed_authors {
        let _ = write!(o, "<option value=\"{}\">{}</option>", esc(a), esc(a));
    }
    o.push_str("</select></label><label>判定 verdict<select id=\"f-verdict\"><option value=\"\">すべて all</option><option value=\"block\">禁止 block</option><option value=\"warn\">警告 warn</option></select></label>");
    let _ =
        write!(o, "<span>表示 showing <b id=\"f-shown\">{listed}</b> / {listed}</span></div><div id=\"post-list\">");
    for p in stats.listed() {
        post_html(&mut o, p);
    }
    o.push_str("</div></section>");

    // Inputs and bad rows.
    o.push_str("<section id=\"inputs\">");
    h2(&mut o, "h-inputs", "入力", "Inputs");
    o.push_str("<table id=\"input-table\"><thead><tr><th>ファイル file</th><th>形式 format</th><th>投稿 posts</th><th>読めない行 bad rows</th></tr></thead><tbody>");
    for i in &stats.inputs {
        let _ = write!(
            o,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&i.file),
            i.format,
            num(i.posts),
            num(i.errors)
        );
    }
    o.push_str("</tbody></table>");
    if !stats.bad_rows.is_empty() {
        let _ =
            write!(o, "<details id=\"bad-rows\"><summary>読めない行 bad rows ({})</summary><ul>", num(stats.errors));
        for r in &stats.bad_rows {
            let _ = write!(o, "<li><code>{}</code> {}</li>", esc(&r.location), esc(&r.error));
        }
        if stats.errors > stats.bad_rows.len() as u64 {
            let _ = write!(
                o,
                "<li>… 他 {} 件 and {} more</li>",
                stats.errors - stats.bad_rows.len() as u64,
                stats.errors - stats.bad_rows.len() as u64
            );
        }
        o.push_str("</ul></details>");
    }
    let _ = writeln!(o, "</section><script>{SCRIPT}</script></body></html>");
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hatsugen::Span;

    fn finding(sev: Severity, spans: &[(usize, usize)]) -> Finding {
        let mut f = Finding::new("x.y", sev);
        f.spans = spans.iter().map(|&(a, b)| Span::new(a, b)).collect();
        f
    }

    #[test]
    fn highlight_escapes_and_lets_the_worse_span_win() {
        let text = "a<b>バカ😀";
        let f = [finding(Severity::Warn, &[(1, 10)]), finding(Severity::Block, &[(4, 10), (11, 12)])];
        assert_eq!(highlight(text, &f), "a<mark class=\"warn\">&lt;b&gt;</mark><mark class=\"block\">バカ</mark>😀");
    }

    #[test]
    fn numbers_have_separators() {
        assert_eq!(num(1_234_567), "1,234,567");
        assert_eq!(num(999), "999");
        assert_eq!(pct(1, 3), "33.3%");
        assert_eq!(pct(1, 0), "–");
    }
}
