//! `hatsugen policy check`: every error and warning of a policy file, shown as rustc shows
//! its own (the message, where, the line of the file with the place underlined, a help), or
//! as JSON; then the file's `[[example]]`s.

use std::path::Path;

use hatsugen::{Checker, Policy, PolicyError, PolicyWarning};
use unicode_width::UnicodeWidthChar;

use crate::{EXIT_DATA, Failure, Format, print_out, read_file};

/// Checks the policy `file`: its errors and warnings, then its examples (or every example
/// with `all_examples`). Exits 0 when it is fine, 65 for errors, 1 when an example fails.
pub(crate) fn run(file: &Path, all_examples: bool, format: Format) -> Result<u8, Failure> {
    let bytes = read_file(file)?;
    let src = std::str::from_utf8(&bytes).map_err(|e| {
        Failure::data(format!("policy `{}` is not valid UTF-8 (byte {})", file.display(), e.valid_up_to()))
    })?;
    let name = file.display().to_string();
    let analysis = Policy::analyze(src);
    let mut errors: Vec<&PolicyError> = analysis.errors.iter().collect();
    let compiled = analysis.policy.as_ref().map(Checker::new);
    let compile_error = match &compiled {
        Some(Err(e)) => Some(e),
        _ => None,
    };
    errors.extend(compile_error);
    let mut failed = Vec::new();
    let mut ran = 0;
    if let (Some(policy), Some(Ok(checker))) = (&analysis.policy, &compiled) {
        // The file's own examples (the loader names the file `<policy>`), or all of them.
        for e in policy.examples().iter().filter(|e| all_examples || e.origin == "<policy>") {
            ran += 1;
            if let Err(why) = e.run(checker) {
                let origin = if e.origin == "<policy>" { name.clone() } else { e.origin.clone() };
                failed.push((origin, e.line, e.text.clone(), why));
            }
        }
    }
    let code = if !errors.is_empty() {
        EXIT_DATA
    } else if !failed.is_empty() {
        1
    } else {
        0
    };
    match format {
        Format::Json => {
            let failed: Vec<serde_json::Value> = failed
                .iter()
                .map(|(origin, line, text, why)| serde_json::json!({"origin": origin, "line": line, "text": text, "why": why}))
                .collect();
            let policy = analysis.policy.as_ref().map(|p| serde_json::json!({"id": p.id(), "version": p.version()}));
            let out = serde_json::json!({
                "ok": code == 0,
                "policy": policy,
                "errors": errors,
                "warnings": analysis.warnings,
                "examples": {"run": ran, "failed": failed},
            });
            print_out(&format!("{out}\n"))?;
        }
        Format::Human => {
            // Errors and warnings in the order of the file, an error first at one place.
            let mut shown: Vec<Diagnostic<'_>> = errors.iter().map(|e| Diagnostic::from(*e)).collect();
            shown.extend(analysis.warnings.iter().map(Diagnostic::from));
            shown.sort_by_key(|d| (d.line, d.column, d.level != "error"));
            let mut report = String::new();
            for d in &shown {
                report.push_str(&render(d, &name, src));
                report.push('\n');
            }
            for (origin, line, text, why) in &failed {
                report.push_str(&format!("example failed: {origin}:{line}: {text:?}: {why}\n"));
            }
            if !errors.is_empty() {
                let (n, w) = (errors.len(), analysis.warnings.len());
                report.push_str(&format!(
                    "error: policy `{name}` has {n} error{} and {w} warning{}\n",
                    if n == 1 { "" } else { "s" },
                    if w == 1 { "" } else { "s" }
                ));
            }
            eprint!("{report}");
            if let (0, Some(p)) = (code, &analysis.policy) {
                let warned = match analysis.warnings.len() {
                    0 => String::new(),
                    1 => ", 1 warning".to_owned(),
                    n => format!(", {n} warnings"),
                };
                print_out(&format!(
                    "ok: policy `{}` version `{}` ({} rules, {ran} examples pass{warned})\n",
                    p.id(),
                    p.version(),
                    p.rules().len(),
                ))?;
            }
        }
    }
    Ok(code)
}

/// One error or warning, as the renderer needs it.
pub(crate) struct Diagnostic<'a> {
    pub(crate) level: &'static str,
    pub(crate) code: &'static str,
    pub(crate) message: &'a str,
    pub(crate) help: Option<&'a str>,
    pub(crate) origin: &'a str,
    pub(crate) line: usize,
    pub(crate) column: usize,
}

impl<'a> From<&'a PolicyError> for Diagnostic<'a> {
    fn from(e: &'a PolicyError) -> Diagnostic<'a> {
        Diagnostic {
            level: "error",
            code: e.problem().code(),
            message: e.message(),
            help: e.help_text(),
            origin: e.origin(),
            line: e.line(),
            column: e.column(),
        }
    }
}

impl<'a> From<&'a PolicyWarning> for Diagnostic<'a> {
    fn from(w: &'a PolicyWarning) -> Diagnostic<'a> {
        Diagnostic {
            level: "warning",
            code: w.kind().code(),
            message: w.message(),
            help: w.help_text(),
            origin: w.origin(),
            line: w.line(),
            column: w.column(),
        }
    }
}

/// How many characters from `column` (1-based) of `line` make the token there: a quoted
/// string with its quotes, or a run up to a space or TOML punctuation (at least one).
fn token_len(line: &str, column: usize) -> usize {
    let rest: Vec<char> = line.chars().skip(column.saturating_sub(1)).collect();
    match rest.first() {
        Some('"') => rest.iter().skip(1).position(|c| *c == '"').map_or(rest.len(), |i| i + 2),
        Some(_) => rest.iter().position(|c| c.is_whitespace() || "=,]}".contains(*c)).unwrap_or(rest.len()).max(1),
        None => 1,
    }
}

/// The display width of the first `chars` characters of `s`.
fn width(s: &str, chars: usize) -> usize {
    s.chars().take(chars).map(|c| c.width().unwrap_or(0)).sum()
}

/// Renders `d` with `src` (the text of `file`, which errors call `<policy>`).
pub(crate) fn render(d: &Diagnostic<'_>, file: &str, src: &str) -> String {
    let origin = if d.origin == "<policy>" { file } else { d.origin };
    let mut out = format!("{}[{}]: {}\n", d.level, d.code, d.message);
    let source_line = (d.origin == "<policy>" && d.line > 0).then(|| src.lines().nth(d.line - 1)).flatten();
    let gutter = d.line.to_string().len();
    if d.line > 0 {
        out.push_str(&format!("{:gutter$}--> {origin}:{}:{}\n", "", d.line, d.column));
    } else {
        out.push_str(&format!("{:gutter$}--> {origin}\n", ""));
    }
    if let Some(text) = source_line {
        let before = width(text, d.column.saturating_sub(1));
        let len = token_len(text, d.column);
        let under = width(&text.chars().skip(d.column.saturating_sub(1)).collect::<String>(), len).max(1);
        out.push_str(&format!("{:gutter$} |\n", ""));
        out.push_str(&format!("{} | {text}\n", d.line));
        out.push_str(&format!("{:gutter$} | {:before$}{}\n", "", "", "^".repeat(under)));
    }
    if let Some(help) = d.help {
        out.push_str(&format!("{:gutter$} = help: {help}\n", ""));
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn underlines_the_token_under_wide_characters() {
        let src = "id = \"x\"\n[rules.\"a.b\"]\nclause = \"浦安\"\nremove_terms = [\"kimoi\"]\n";
        let d = Diagnostic {
            level: "error",
            code: "unknown_field",
            message: "unknown field `remove_terms`",
            help: Some("move it"),
            origin: "<policy>",
            line: 4,
            column: 1,
        };
        assert_eq!(
            render(&d, "city.toml", src),
            "error[unknown_field]: unknown field `remove_terms`\n --> city.toml:4:1\n  |\n4 | remove_terms = [\"kimoi\"]\n  | ^^^^^^^^^^^^\n  = help: move it\n"
        );
        let d = Diagnostic { line: 3, column: 10, help: None, level: "warning", ..d };
        let shown = render(&d, "city.toml", src);
        assert!(shown.ends_with("3 | clause = \"浦安\"\n  |          ^^^^^^\n"), "{shown}");
    }
}
