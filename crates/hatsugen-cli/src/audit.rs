//! `hatsugen audit`: JSON Lines in, JSON Lines out, in input order, on all cores.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, IsTerminal, Write};
use std::path::Path;

use hatsugen::{Checker, Context};
use rayon::prelude::*;
use serde::Deserialize;

use super::Failure;

/// Lines checked per batch: big enough to keep every core busy, small enough to stream.
const BATCH: usize = 2048;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Item {
    #[serde(default)]
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    context: Option<serde_json::Value>,
}

/// The `id` of a line too long to check (other fields are skipped without being kept).
#[derive(Deserialize)]
struct IdOnly {
    #[serde(default)]
    id: serde_json::Value,
}

#[derive(Default)]
struct Summary {
    lines: usize,
    errors: usize,
    verdicts: [usize; 3],
    categories: BTreeMap<String, usize>,
}

fn check_line(checker: &Checker, line_no: usize, line: &str, limit: usize) -> (String, Result<hatsugen::Report, ()>) {
    let fail = |id: &serde_json::Value, msg: String| {
        let v = serde_json::json!({"id": id, "line": line_no, "error": msg});
        (v.to_string(), Err(()))
    };
    if line.len() > limit.saturating_add(4096) {
        // Keep the line's id when it parses, so the error can be matched to its post; the
        // text itself is skipped over, not kept.
        let id = serde_json::from_str::<IdOnly>(line).map(|i| i.id).unwrap_or(serde_json::Value::Null);
        return fail(&id, format!("line is {} bytes, more than the text limit of {limit}", line.len()));
    }
    let item: Item = match serde_json::from_str(line) {
        Ok(i) => i,
        Err(e) => return fail(&serde_json::Value::Null, format!("invalid JSON: {e}")),
    };
    let ctx = match item.context {
        None | Some(serde_json::Value::Null) => Context::default(),
        Some(v) => match Context::from_value(v) {
            Ok(c) => c,
            Err(e) => return fail(&item.id, e.to_string()),
        },
    };
    if let Err(e) = hatsugen::wire::validate_text(checker, item.text.as_bytes()) {
        return fail(&item.id, e.to_string());
    }
    let report = checker.check(&item.text, &ctx);
    let out = format!("{{\"id\":{},\"report\":{}}}", item.id, report.to_json());
    (out, Ok(report))
}

/// `[#########...........]  45%  12,345 posts` for a file, `12,345 posts checked` otherwise.
fn progress_line(posts: usize, read: u64, total: Option<u64>) -> String {
    const WIDTH: u64 = 30;
    match total {
        Some(total) if total > 0 => {
            let done = read.min(total);
            let filled = (done * WIDTH / total) as usize;
            format!(
                "[{}{}] {:>3}%  {posts} posts",
                "#".repeat(filled),
                ".".repeat(WIDTH as usize - filled),
                done * 100 / total
            )
        }
        _ => format!("{posts} posts checked"),
    }
}

pub(crate) fn run(checker: &Checker, input: Option<&Path>, jobs: Option<usize>, quiet: bool) -> Result<u8, Failure> {
    if let Some(n) = jobs {
        // A second call (only in tests) would fail harmlessly: keep the first pool.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global();
    }
    let reader: Box<dyn BufRead> = match input {
        None => Box::new(BufReader::new(std::io::stdin())),
        Some(p) if p.as_os_str() == "-" => Box::new(BufReader::new(std::io::stdin())),
        Some(p) => Box::new(BufReader::new(std::fs::File::open(p).map_err(|e| Failure::io(p, &e))?)),
    };
    let progress = std::io::stderr().is_terminal() && !quiet;
    // A file's size makes the progress a bar; standard input only has a count.
    let total_bytes = input.filter(|p| p.as_os_str() != "-").and_then(|p| std::fs::metadata(p).ok()).map(|m| m.len());
    let mut read_bytes: u64 = 0;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut summary = Summary::default();
    let mut batch: Vec<(usize, Vec<u8>)> = Vec::with_capacity(BATCH);
    let mut lines = reader.split(b'\n').enumerate().peekable();
    let limit = checker.max_text_bytes();
    while lines.peek().is_some() {
        batch.clear();
        for (i, line) in lines.by_ref().take(BATCH) {
            let line = line.map_err(|e| Failure::io(input.unwrap_or(Path::new("<stdin>")), &e))?;
            read_bytes += line.len() as u64 + 1;
            batch.push((i + 1, line));
        }
        let results: Vec<Option<(String, Result<hatsugen::Report, ()>)>> = batch
            .par_iter()
            .map(|(no, bytes)| {
                let trimmed = bytes.strip_suffix(b"\r").unwrap_or(bytes);
                if trimmed.iter().all(u8::is_ascii_whitespace) {
                    return None;
                }
                Some(match std::str::from_utf8(trimmed) {
                    Ok(line) => check_line(checker, *no, line, limit),
                    Err(e) => (
                        serde_json::json!({"id": null, "line": no, "error": format!("line is not valid UTF-8 (byte {})", e.valid_up_to())}).to_string(),
                        Err(()),
                    ),
                })
            })
            .collect();
        for (line, result) in results.into_iter().flatten() {
            summary.lines += 1;
            match result {
                Ok(report) => {
                    if let Some(n) = summary.verdicts.get_mut(report.verdict as usize) {
                        *n += 1;
                    }
                    for f in &report.findings {
                        *summary.categories.entry(f.category.clone()).or_default() += 1;
                    }
                }
                Err(()) => summary.errors += 1,
            }
            match writeln!(out, "{line}") {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(0),
                Err(e) => return Err(Failure::io(Path::new("<stdout>"), &e)),
                Ok(()) => {}
            }
        }
        if progress {
            eprint!("\r{}", progress_line(summary.lines, read_bytes, total_bytes));
        }
    }
    out.flush().map_err(|e| Failure::io(Path::new("<stdout>"), &e))?;
    if progress {
        eprintln!();
    }
    if !quiet {
        let [allow, warn, block] = summary.verdicts;
        eprintln!(
            "audited {} posts: {allow} allow, {warn} warn, {block} block, {} errors",
            summary.lines, summary.errors
        );
        for (cat, n) in &summary.categories {
            eprintln!("  {cat:28} {n}");
        }
    }
    let [_, warn, block] = summary.verdicts;
    let worst = if block > 0 {
        2
    } else if warn > 0 {
        1
    } else {
        0
    };
    Ok(if summary.errors > 0 { super::EXIT_DATA.max(worst) } else { worst })
}

#[cfg(test)]
mod tests {
    use super::progress_line;

    #[test]
    fn progress_is_a_bar_for_files_and_a_count_for_streams() {
        assert_eq!(progress_line(7, 50, Some(100)), format!("[{}{}]  50%  7 posts", "#".repeat(15), ".".repeat(15)));
        assert_eq!(progress_line(9, 120, Some(100)), format!("[{}] 100%  9 posts", "#".repeat(30)));
        assert_eq!(progress_line(3, 10, None), "3 posts checked");
    }
}
