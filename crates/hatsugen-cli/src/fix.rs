//! `hatsugen fix`: applies the machine-applicable fixes and prints (or writes) the result.

use std::io::{IsTerminal, Write};

use anstyle::{AnsiColor, Effects, Style};
use clap::{Args, ValueEnum};
use hatsugen::{Context, FixSelection, Fixed};

use super::{Color, Failure, PostArgs, load_checker, verdict_code};

/// What `hatsugen fix` prints.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FixFormat {
    /// The fixed text (or, with --diff, a diff).
    Text,
    /// `{"text", "profile", "applied", "attachments", "report"}`, as the C ABI and the WASM
    /// build return it.
    Json,
}

/// Arguments of `hatsugen fix`.
#[derive(Args, Debug)]
pub(crate) struct FixArgs {
    #[command(flatten)]
    post: PostArgs,
    /// Which fixes: `safe` (masking, invisible characters, the profile disclaimer), `all`,
    /// or rule ids separated by commas.
    #[arg(long, value_name = "safe|all|IDS", default_value = "safe")]
    rules: String,
    /// Print a diff of the changes (coloured on a terminal) instead of the fixed text.
    #[arg(long, conflicts_with = "format")]
    diff: bool,
    /// Write the fixed text back to --file instead of printing it.
    #[arg(long)]
    in_place: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: FixFormat,
    /// Colour in the diff.
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
}

/// Runs `hatsugen fix`; exits with the verdict of the fixed post (0 allow, 1 warn, 2 block).
pub(crate) fn run(args: FixArgs) -> Result<u8, Failure> {
    if args.in_place && args.post.file.is_none() {
        return Err(Failure { code: super::EXIT_USAGE, message: "`--in-place` needs `--file`".to_owned() });
    }
    let checker = load_checker(&args.post.policy)?;
    let bytes = args.post.read_text()?;
    let text = hatsugen::wire::validate_text(&checker, &bytes).map_err(|e| Failure::data(e.to_string()))?;
    let ctx = match args.post.context_json()? {
        Some(json) if !json.trim().is_empty() => Context::from_json(&json).map_err(|e| Failure::data(e.to_string()))?,
        _ => Context::default(),
    };
    let mut ids = Vec::new();
    let which = FixSelection::parse(&args.rules, &mut ids);
    let fixed = checker.fix(text, &ctx, which);
    let code = verdict_code(fixed.report.verdict);

    if args.in_place {
        if let Some(path) = &args.post.file {
            if fixed.text != text {
                std::fs::write(path, &fixed.text).map_err(|e| Failure {
                    code: super::EXIT_IO,
                    message: format!("cannot write `{}`: {e}", path.display()),
                })?;
            }
        }
    }
    let out = match (args.format, args.diff, args.in_place) {
        (FixFormat::Json, _, _) => format!("{}\n", fixed.to_json()),
        (_, true, _) => {
            // Styled; the stream keeps or strips the styles (`--color`, NO_COLOR…).
            let diff = diff_all(text, ctx.profile.as_deref(), &fixed);
            let mut out = args.color.stream(std::io::stdout().lock());
            match out.write_all(diff.as_bytes()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    return Err(Failure::io(std::path::Path::new("<stdout>"), &e));
                }
                _ => String::new(),
            }
        }
        (_, false, true) => String::new(),
        // The text exactly as fixed; on a terminal, ended by a line break.
        (_, false, false) if std::io::stdout().is_terminal() && !fixed.text.ends_with('\n') => {
            format!("{}\n", fixed.text)
        }
        (_, false, false) => fixed.text.clone(),
    };
    super::print_out(&out)?;
    if args.format == FixFormat::Text {
        eprintln!("{}", summary(&ctx, &fixed));
    }
    Ok(code)
}

/// One line for standard error: what was done and the verdict now.
fn summary(ctx: &Context, fixed: &Fixed) -> String {
    let n = fixed.applied.len() + fixed.attachments.len();
    let mut s = format!("{n} fix(es) applied; verdict now {}", fixed.report.verdict.as_str());
    if fixed.profile.as_deref() != ctx.profile.as_deref() {
        if let Some(p) = &fixed.profile {
            s.push_str(&format!("; new profile: {p:?}"));
        }
    }
    // The core never holds the files: say what the caller must do to them.
    for a in &fixed.attachments {
        let what = match a.kind {
            hatsugen::AttachmentEditKind::StripMetadata => "strip its metadata (re-encode the file) before posting",
        };
        s.push_str(&format!("; attachment {}: {what}", a.attachment + 1));
    }
    s
}

/// The diff of the text and, if it changed, of the profile.
fn diff_all(text: &str, profile: Option<&str>, fixed: &Fixed) -> String {
    let mut out = diff("text", text, &fixed.text);
    let new_profile = fixed.profile.as_deref().unwrap_or("");
    let old_profile = profile.unwrap_or("");
    if new_profile != old_profile {
        out.push_str(&diff("profile", old_profile, new_profile));
    }
    out
}

/// A line diff, styled: the lines between the common first and last lines, removed then
/// added. Fixes change a few lines in place, so this is what a reader needs (and linear in
/// size).
pub(crate) fn diff(name: &str, old: &str, new: &str) -> String {
    let red = AnsiColor::Red.on_default();
    let green = AnsiColor::Green.on_default();
    let bold = Style::new().effects(Effects::BOLD);
    let mut out = format!("{bold}--- {name}{bold:#}\n{bold}+++ {name} (fixed){bold:#}\n");
    if old == new {
        return out;
    }
    let a: Vec<&str> = old.split('\n').collect();
    let b: Vec<&str> = new.split('\n').collect();
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count().min(a.len().min(b.len()) - head);
    for l in a.get(head..a.len() - tail).unwrap_or_default() {
        out.push_str(&format!("{red}-{l}{red:#}\n"));
    }
    for l in b.get(head..b.len() - tail).unwrap_or_default() {
        out.push_str(&format!("{green}+{l}{green:#}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_shows_changed_lines_only() {
        let plain = |d: String| anstream::adapter::strip_str(&d).to_string();
        let d = plain(diff("text", "a\n090-1234-5678\nc", "a\n090-****-5678\nc"));
        assert_eq!(d, "--- text\n+++ text (fixed)\n-090-1234-5678\n+090-****-5678\n");
        let d = plain(diff("profile", "職員です", "職員です\n※投稿は個人の見解です"));
        assert_eq!(d, "--- profile\n+++ profile (fixed)\n+※投稿は個人の見解です\n");
        let d = diff("p", "", "x");
        assert!(d.contains("\x1b[32m+x\x1b[0m"), "{d:?}");
    }
}
