//! `hatsugen audit`: posts in (JSON Lines, CSV, X/Twitter archives; several inputs in one
//! run), one JSON line out per post in input order, checked on all cores; with `--report`,
//! an HTML page and/or JSON of the aggregates.
//!
//! Memory stays flat in the number of posts: rows are read, checked and written in batches,
//! and only counts (and a capped list of flagged posts) are kept for the report.

mod charts;
mod html;
mod input;
mod progress;
mod stats;

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{ArgMatches, Args};
use hatsugen::{Account, Checker, Context, Report};
use jiff::civil::DateTime;
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::Value;

use self::input::{InputFormat, Item, Post, Raw, Source};
use self::progress::Progress;
use self::stats::{BadRow, Checked, NO_AUTHOR, Stats};
use crate::{EXIT_USAGE, Failure, PolicyArgs};

/// Rows checked per batch: big enough to keep every core busy, small enough to stream.
const BATCH: usize = 2048;
/// Bad rows shown on standard error (all are in the JSON Lines output and counted).
const SHOWN_ERRORS: u64 = 20;

#[derive(Args, Debug)]
pub(crate) struct AuditArgs {
    /// Inputs: JSON Lines, CSV, or X/Twitter archives (zip, unpacked folder, or tweets.js);
    /// `-` or nothing for standard input.
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// The format of the inputs that follow (default: detected from each file).
    #[arg(long, value_enum, value_name = "FORMAT")]
    input_format: Vec<InputFormat>,
    /// The author of the posts of the inputs that follow, where a row names none.
    #[arg(long, value_name = "ID")]
    author: Vec<String>,
    /// The account type of the inputs that follow, where a post's context has none
    /// (personal, official, staff_identified).
    #[arg(long, value_name = "TYPE", value_parser = parse_account)]
    account: Vec<Account>,
    /// The account's profile text (bio) for the inputs that follow, read from a file.
    #[arg(long, value_name = "FILE")]
    profile_file: Vec<PathBuf>,
    /// Also write a report: `.html` (one self-contained page) or `.json` (the aggregates).
    #[arg(long, value_name = "FILE")]
    report: Vec<PathBuf>,
    /// Warned and blocked posts listed in a report, at most (blocked first).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    report_posts: usize,
    #[command(flatten)]
    pub(crate) policy: PolicyArgs,
    /// Worker threads (default: all cores).
    #[arg(long)]
    jobs: Option<usize>,
    /// Do not print the summary by category on standard error.
    #[arg(long)]
    quiet: bool,
    /// Exit 0 whatever the verdicts (for `set -e` scripts that only want the reports);
    /// bad input (a malformed line, an unreadable file, a bad policy) still fails.
    #[arg(long)]
    pub(crate) exit_zero: bool,
}

fn parse_account(s: &str) -> Result<Account, String> {
    Account::ALL.iter().copied().find(|a| a.as_str() == s).ok_or_else(|| {
        format!("expected one of {}", Account::ALL.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", "))
    })
}

fn usage(message: String) -> Failure {
    Failure { code: EXIT_USAGE, message }
}

/// For each input, the value of a per-input option: the last one given before it. With a
/// single input the option may come anywhere.
fn per_input<T: Clone>(
    flag: &str,
    values: &[T],
    value_at: &[usize],
    input_at: &[usize],
) -> Result<Vec<Option<T>>, Failure> {
    let n = input_at.len().max(1);
    if n == 1 || value_at.len() != values.len() {
        return Ok(vec![values.last().cloned(); n]);
    }
    let last_input = input_at.iter().copied().max().unwrap_or(0);
    if value_at.iter().any(|&at| at > last_input) {
        return Err(usage(format!(
            "`{flag}` after the last input applies to no input: give it before the inputs it is for"
        )));
    }
    Ok(input_at
        .iter()
        .map(|&i| value_at.iter().zip(values).filter(|(at, _)| **at < i).map(|(_, v)| v.clone()).next_back())
        .collect())
}

fn indices(m: Option<&ArgMatches>, id: &str) -> Vec<usize> {
    m.and_then(|m| m.indices_of(id)).map(Iterator::collect).unwrap_or_default()
}

/// The sources to read, with their per-input options.
fn sources(args: &AuditArgs, m: Option<&ArgMatches>) -> Result<Vec<Arc<Source>>, Failure> {
    let paths: Vec<PathBuf> = if args.inputs.is_empty() { vec![PathBuf::from("-")] } else { args.inputs.clone() };
    let at = indices(m, "inputs");
    let formats = per_input("--input-format", &args.input_format, &indices(m, "input_format"), &at)?;
    let authors = per_input("--author", &args.author, &indices(m, "author"), &at)?;
    let accounts = per_input("--account", &args.account, &indices(m, "account"), &at)?;
    let profiles = per_input("--profile-file", &args.profile_file, &indices(m, "profile_file"), &at)?;
    if paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(usage("standard input (`-`) can be read only once".to_owned()));
    }
    let mut out = Vec::new();
    for (i, path) in paths.into_iter().enumerate() {
        let stdin = path.as_os_str() == "-";
        if !stdin && !path.exists() {
            return Err(Failure {
                code: crate::EXIT_IO,
                message: format!("cannot read `{}`: no such file or folder", path.display()),
            });
        }
        let profile = match profiles.get(i).cloned().flatten() {
            Some(p) => {
                let bytes = crate::read_file(&p)?;
                Some(
                    String::from_utf8(bytes)
                        .map_err(|_| Failure::data(format!("profile `{}` is not valid UTF-8", p.display())))?
                        .trim()
                        .to_owned(),
                )
            }
            None => None,
        };
        let name = if stdin { "<stdin>".to_owned() } else { path.display().to_string() };
        out.push(Arc::new(Source {
            path,
            name,
            format: formats.get(i).copied().flatten(),
            author: authors.get(i).cloned().flatten(),
            account: accounts.get(i).copied().flatten(),
            profile,
        }));
    }
    Ok(out)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonItem {
    #[serde(default)]
    id: Value,
    text: String,
    #[serde(default)]
    context: Option<Value>,
    #[serde(default)]
    author: Option<String>,
}

/// The `id` of a line too long to check (other fields are skipped without being kept).
#[derive(Deserialize)]
struct IdOnly {
    #[serde(default)]
    id: Value,
}

fn json_line(bytes: &[u8], limit: usize) -> Result<Post, (Value, String)> {
    let line = std::str::from_utf8(bytes)
        .map_err(|e| (Value::Null, format!("line is not valid UTF-8 (byte {})", e.valid_up_to())))?;
    if line.len() > limit.saturating_add(4096) {
        // Keep the line's id when it parses, so the error can be matched to its post; the
        // text itself is skipped over, not kept.
        let id = serde_json::from_str::<IdOnly>(line).map(|i| i.id).unwrap_or(Value::Null);
        return Err((id, format!("line is {} bytes, more than the text limit of {limit}", line.len())));
    }
    let item: JsonItem = serde_json::from_str(line).map_err(|e| (Value::Null, format!("invalid JSON: {e}")))?;
    let context = match item.context {
        None | Some(Value::Null) => Context::default(),
        Some(v) => Context::from_value(v).map_err(|e| (item.id.clone(), e.to_string()))?,
    };
    Ok(Post { id: item.id, author: item.author, text: item.text, context })
}

/// A row after the check.
enum Outcome {
    Checked {
        id: Value,
        author: Option<String>,
        text: String,
        report: Report,
        local: Option<DateTime>,
        /// RFC 3339 in the policy's zone.
        time: Option<String>,
        working: Option<bool>,
    },
    Bad {
        id: Value,
        author: Option<String>,
        message: String,
    },
}

fn process(checker: &Checker, item: &mut Item) -> Outcome {
    let limit = checker.max_text_bytes();
    let raw = std::mem::replace(&mut item.raw, Raw::Bad { id: Value::Null, message: String::new() });
    let parsed = match raw {
        Raw::JsonLine(bytes) => json_line(&bytes, limit),
        Raw::Tweet(v) => input::tweet_post(v),
        Raw::Ready(p) => Ok(*p),
        Raw::Bad { id, message } => Err((id, message)),
    };
    let source = &item.source;
    let default_author = || source.author.clone().or_else(|| item.fallback_author.as_deref().map(str::to_owned));
    let mut post = match parsed {
        Ok(p) => p,
        Err((id, message)) => return Outcome::Bad { id, author: default_author(), message },
    };
    let author = post.author.take().or_else(default_author);
    if post.context.account.is_none() {
        post.context.account = source.account;
    }
    if post.context.profile.is_none() {
        post.context.profile.clone_from(&source.profile);
    }
    if let Err(e) = hatsugen::wire::validate_text(checker, post.text.as_bytes()) {
        return Outcome::Bad { id: post.id, author, message: e.to_string() };
    }
    let report = checker.check(&post.text, &post.context);
    let schedule = post.context.schedule.as_ref().unwrap_or(checker.schedule());
    let zone = checker.schedule().time_zone();
    let local = post.context.time.map(|t| zone.to_civil(t));
    let working = post
        .context
        .time
        .and_then(|t| schedule.is_working_time(checker.calendar(), schedule.time_zone().to_civil(t)).ok());
    let time = post.context.time.map(|t| t.display_with_offset(zone.offset()).to_string());
    Outcome::Checked { id: post.id, author, text: post.text, report, local, time, working }
}

/// Reads, checks and writes in batches; counts for the report.
struct Pipeline<'a> {
    checker: &'a Checker,
    batch: Vec<(usize, Item)>,
    out: BufWriter<std::io::StdoutLock<'static>>,
    /// Standard output was closed (`| head`): stop writing; stop reading unless a report is due.
    closed: bool,
    reports: bool,
    stats: Stats,
    progress: Progress,
    quiet: bool,
}

impl Pipeline<'_> {
    fn push(&mut self, input: usize, item: Item) -> Result<(), Failure> {
        self.batch.push((input, item));
        if self.batch.len() >= BATCH { self.flush() } else { Ok(()) }
    }

    fn write(&mut self, line: &str) -> Result<(), Failure> {
        if self.closed {
            return Ok(());
        }
        match writeln!(self.out, "{line}") {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            Err(e) => Err(Failure::io(Path::new("<stdout>"), &e)),
            Ok(()) => Ok(()),
        }
    }

    fn flush(&mut self) -> Result<(), Failure> {
        let checker = self.checker;
        let mut batch = std::mem::take(&mut self.batch);
        let outcomes: Vec<Outcome> = batch.par_iter_mut().map(|(_, item)| process(checker, item)).collect();
        for ((input, item), outcome) in batch.iter().zip(outcomes) {
            match outcome {
                Outcome::Checked { id, author, text, report, local, time, working } => {
                    let mut line = format!("{{\"id\":{id}");
                    if let Some(a) = &author {
                        line.push_str(",\"author\":");
                        line.push_str(&serde_json::to_string(a).unwrap_or_default());
                    }
                    if let Some(t) = &time {
                        line.push_str(&format!(",\"time\":\"{t}\""));
                    }
                    line.push_str(&format!(",\"report\":{}}}", report.to_json()));
                    self.write(&line)?;
                    let checked = Checked {
                        id: &id,
                        author: author.as_deref().unwrap_or(NO_AUTHOR),
                        location: item.location(),
                        local_time: local,
                        in_working_hours: working,
                        text: &text,
                        report: &report,
                    };
                    self.stats.add(*input, &checked);
                }
                Outcome::Bad { id, author, message } => {
                    let file = item.file();
                    let line = serde_json::json!({"id": id, "file": file, "line": item.line, "error": message});
                    self.write(&line.to_string())?;
                    if !self.quiet && self.stats.errors < SHOWN_ERRORS {
                        self.progress.println(&format!("warning: {}: {message} (skipped)", item.location()));
                    }
                    let row = BadRow { location: item.location(), id, error: message };
                    self.stats.add_error(*input, author.as_deref(), row);
                }
            }
        }
        self.progress.update(self.stats.totals.posts + self.stats.errors);
        if self.closed && !self.reports {
            // Nobody reads the output and no report is due: stop quietly.
            return Err(Failure { code: 0, message: String::new() });
        }
        Ok(())
    }
}

/// Runs the command. `matches` are the subcommand's, for the order of per-input options.
pub(crate) fn run(checker: &Checker, args: &AuditArgs, matches: Option<&ArgMatches>) -> Result<u8, Failure> {
    match run_inner(checker, args, matches) {
        Err(f) if f.code == 0 => Ok(0),
        other => other,
    }
}

fn run_inner(checker: &Checker, args: &AuditArgs, matches: Option<&ArgMatches>) -> Result<u8, Failure> {
    for r in &args.report {
        let ext = r.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        if !matches!(ext.as_deref(), Some("html" | "htm" | "json")) {
            return Err(usage(format!("`--report {}`: the file must end in .html or .json", r.display())));
        }
    }
    let sources = sources(args, matches)?;
    if let Some(n) = args.jobs {
        // A second call (only in tests) would fail harmlessly: keep the first pool.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global();
    }
    let mut stats = Stats::new(args.report_posts);
    for s in &sources {
        stats.inputs.push(stats::InputStats { file: s.name.clone(), format: "", posts: 0, errors: 0 });
    }
    let mut pipe = Pipeline {
        checker,
        batch: Vec::with_capacity(BATCH),
        out: BufWriter::new(std::io::stdout().lock()),
        closed: false,
        reports: !args.report.is_empty(),
        stats,
        progress: Progress::stderr(total_size(&sources), !args.quiet),
        quiet: args.quiet,
    };
    let zone = checker.schedule().time_zone();
    let bytes_read = Arc::clone(&pipe.progress.bytes);
    for (i, source) in sources.iter().enumerate() {
        let format = input::read(source, zone, &bytes_read, &mut |item| pipe.push(i, item))?;
        if let Some(s) = pipe.stats.inputs.get_mut(i) {
            s.format = format.as_str();
        }
    }
    pipe.flush()?;
    if !pipe.closed {
        pipe.out.flush().map_err(|e| Failure::io(Path::new("<stdout>"), &e))?;
    }
    pipe.progress.finish();
    let stats = pipe.stats;
    for r in &args.report {
        let is_json = r.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let text = if is_json {
            let v = stats.to_json(checker.policy(), checker.schedule());
            format!("{}\n", serde_json::to_string_pretty(&v).map_err(|e| Failure::data(e.to_string()))?)
        } else {
            html::render(&stats, checker.policy(), checker.schedule()).map_err(Failure::data)?
        };
        std::fs::write(r, text)
            .map_err(|e| Failure { code: crate::EXIT_IO, message: format!("cannot write `{}`: {e}", r.display()) })?;
    }
    if !args.quiet {
        let t = &stats.totals;
        if stats.errors > SHOWN_ERRORS {
            eprintln!(
                "warning: {} more bad rows (in the output as {{\"id\",\"file\",\"line\",\"error\"}})",
                stats.errors - SHOWN_ERRORS
            );
        }
        eprintln!(
            "audited {} posts: {} allow, {} warn, {} block, {} errors",
            t.posts + stats.errors,
            t.allow,
            t.warn,
            t.block,
            stats.errors
        );
        for (cat, c) in &stats.categories {
            eprintln!("  {cat:28} {}", c.findings);
        }
        for r in &args.report {
            eprintln!("report: {}", r.display());
        }
    }
    let worst = if stats.totals.block > 0 {
        2
    } else if stats.totals.warn > 0 {
        1
    } else {
        0
    };
    Ok(if stats.errors > 0 { crate::EXIT_DATA.max(worst) } else { worst })
}

/// The size of the inputs in bytes, when every one is a file (not standard input, not an
/// unpacked archive folder).
fn total_size(sources: &[Arc<Source>]) -> Option<u64> {
    sources.iter().try_fold(0u64, |sum, s| {
        let meta = (s.path.as_os_str() != "-").then(|| std::fs::metadata(&s.path).ok()).flatten()?;
        meta.is_file().then(|| sum.saturating_add(meta.len()))
    })
}

#[cfg(test)]
mod tests {
    use super::per_input;

    #[test]
    fn per_input_options_apply_to_the_inputs_after_them() {
        // hatsugen audit --author a x.zip y.zip --author b z.zip
        let v = ["a", "b"];
        let got = per_input("--author", &v, &[2, 6], &[3, 4, 7]).ok().unwrap_or_default();
        assert_eq!(got, [Some("a"), Some("a"), Some("b")]);
        // One input: anywhere.
        assert_eq!(per_input("--author", &v[..1], &[5], &[2]).ok().unwrap_or_default(), [Some("a")]);
        // None before the first input.
        assert_eq!(per_input("--author", &v[1..], &[4], &[3, 5]).ok().unwrap_or_default(), [None, Some("b")]);
        let e = per_input("--author", &v, &[2, 9], &[3, 4]).err().map(|f| f.message).unwrap_or_default();
        assert!(e.contains("after the last input"), "{e}");
    }
}
