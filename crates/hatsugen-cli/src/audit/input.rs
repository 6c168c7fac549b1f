//! The inputs `hatsugen audit` reads: JSON Lines, CSV with a header, and the X/Twitter
//! account archive (a zip, the unpacked folder, or its `data/tweets.js` alone).
//!
//! Every reader streams: it hands one [`Item`] at a time to a sink and keeps nothing. A
//! row that cannot be read becomes an [`Raw::Bad`] item with its file and line; the reader
//! goes on with the next row.

use std::cell::Cell;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use clap::ValueEnum;
use hatsugen::calendar::TimeZoneSpec;
use hatsugen::{Account, Context};
use jiff::Timestamp;
use serde::de::{DeserializeSeed, SeqAccess, Visitor};
use serde_json::Value;

use crate::Failure;

/// The format of an input.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InputFormat {
    /// One JSON object per line: `{"id","text","context","author"}`.
    Jsonl,
    /// The X/Twitter account archive: a zip, its unpacked folder, or `data/tweets.js`.
    XArchive,
    /// Comma-separated values with a header: `id,author,time,text` and context columns.
    Csv,
}

impl InputFormat {
    /// The name used on the command line and in reports.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            InputFormat::Jsonl => "jsonl",
            InputFormat::XArchive => "x-archive",
            InputFormat::Csv => "csv",
        }
    }
}

/// One input and what applies to all its posts.
#[derive(Debug)]
pub(crate) struct Source {
    /// The path as given (`-` for standard input).
    pub(crate) path: PathBuf,
    /// The name used in messages.
    pub(crate) name: String,
    /// `--input-format`, or detected.
    pub(crate) format: Option<InputFormat>,
    /// `--author`: the author of posts that do not name one.
    pub(crate) author: Option<String>,
    /// `--account`: the account type of posts whose context has none.
    pub(crate) account: Option<Account>,
    /// `--profile-file`: the profile text of posts whose context has none.
    pub(crate) profile: Option<String>,
}

/// A post ready to check.
pub(crate) struct Post {
    pub(crate) id: Value,
    pub(crate) author: Option<String>,
    pub(crate) text: String,
    pub(crate) context: Context,
}

/// A row as read, before the (parallel) parse.
pub(crate) enum Raw {
    /// A line of JSON Lines, not yet parsed.
    JsonLine(Vec<u8>),
    /// An element of `tweets.js`, not yet converted.
    Tweet(Value),
    /// A row already parsed (CSV).
    Ready(Box<Post>),
    /// A row that could not be read.
    Bad { id: Value, message: String },
}

/// A row with where it comes from.
pub(crate) struct Item {
    pub(crate) source: Arc<Source>,
    /// The file inside an archive, with its separator: `!data/tweets.js` in a zip,
    /// `/data/tweets.js` in a folder.
    pub(crate) member: Option<Arc<str>>,
    /// 1-based line where the row starts.
    pub(crate) line: usize,
    pub(crate) raw: Raw,
    /// Default author for this row (the archive's account name), below `--author`.
    pub(crate) fallback_author: Option<Arc<str>>,
}

impl Item {
    /// `file:line` or `archive.zip!data/tweets.js:line`.
    pub(crate) fn location(&self) -> String {
        format!("{}:{}", self.file(), self.line)
    }

    /// The file: the input, or the file inside the archive.
    pub(crate) fn file(&self) -> String {
        match &self.member {
            Some(m) => format!("{}{m}", self.source.name),
            None => self.source.name.clone(),
        }
    }
}

/// Where read rows go; an error stops the reading (standard output closed, for example).
pub(crate) type Sink<'a> = dyn FnMut(Item) -> Result<(), Failure> + 'a;

fn io_failure(name: &str, e: &dyn fmt::Display) -> Failure {
    Failure { code: crate::EXIT_IO, message: format!("cannot read `{name}`: {e}") }
}

/// Detects the format from the path and the first bytes.
pub(crate) fn detect(path: &Path, head: &[u8]) -> InputFormat {
    if path.is_dir() || head.starts_with(b"PK\x03\x04") {
        return InputFormat::XArchive;
    }
    let head = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
    let rest = head.get(start..).unwrap_or_default();
    if rest.starts_with(b"window.YTD.") {
        InputFormat::XArchive
    } else if rest.starts_with(b"{") {
        InputFormat::Jsonl
    } else {
        InputFormat::Csv
    }
}

/// A file that adds the bytes read from it to a shared count (for the progress display).
struct Counted<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl<R: Seek> Seek for Counted<R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// Reads one input and sends its rows to `sink`; returns the format it was read as. The
/// bytes read from a file are added to `bytes_read`.
pub(crate) fn read(
    source: &Arc<Source>,
    zone: TimeZoneSpec,
    bytes_read: &Arc<AtomicU64>,
    sink: &mut Sink<'_>,
) -> Result<InputFormat, Failure> {
    let name = source.name.as_str();
    let stdin = source.path.as_os_str() == "-";
    let start = bytes_read.load(Ordering::Relaxed);
    let mut reader: Box<dyn BufRead> = if stdin {
        Box::new(BufReader::with_capacity(1 << 16, std::io::stdin()))
    } else if source.path.is_dir() {
        return read_archive_dir(source, zone, sink).map(|()| InputFormat::XArchive);
    } else {
        let file = File::open(&source.path).map_err(|e| io_failure(name, &e))?;
        Box::new(BufReader::with_capacity(1 << 16, Counted { inner: file, read: Arc::clone(bytes_read) }))
    };
    let format = match source.format {
        Some(f) => f,
        None => {
            let head = reader.fill_buf().map_err(|e| io_failure(name, &e))?;
            detect(&source.path, head)
        }
    };
    match format {
        InputFormat::Jsonl => read_jsonl(source, reader, sink)?,
        InputFormat::Csv => read_csv(source, reader, zone, sink)?,
        InputFormat::XArchive => {
            let zipped = reader.fill_buf().map_err(|e| io_failure(name, &e))?.starts_with(b"PK\x03\x04");
            if zipped {
                if stdin {
                    return Err(Failure::data("a zip archive cannot be read from standard input; give its path"));
                }
                drop(reader);
                // The zip reader reads the file again from the start (inputs are read one
                // after the other, on this thread alone).
                bytes_read.store(start, Ordering::Relaxed);
                read_archive_zip(source, zone, bytes_read, sink)?;
            } else {
                let ctx = ArchiveContext { member: None, author: None };
                read_tweets_js(source, &ctx, reader, zone, sink)?;
            }
        }
    }
    Ok(format)
}

fn read_jsonl(source: &Arc<Source>, reader: Box<dyn BufRead>, sink: &mut Sink<'_>) -> Result<(), Failure> {
    for (i, line) in reader.split(b'\n').enumerate() {
        let mut line = line.map_err(|e| io_failure(&source.name, &e))?;
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        sink(Item {
            source: Arc::clone(source),
            member: None,
            line: i + 1,
            raw: Raw::JsonLine(line),
            fallback_author: None,
        })?;
    }
    Ok(())
}

// ───────────────────────────── CSV ─────────────────────────────

/// The context fields a CSV may carry as columns (besides `time`).
const CONTEXT_COLUMNS: &[&str] = &[
    "device",
    "account",
    "profile",
    "status",
    "role",
    "audience",
    "recipients",
    "recipient_relation",
    "channel",
    "platform",
];

#[derive(Default)]
struct Columns {
    id: Option<usize>,
    author: Option<usize>,
    time: Option<usize>,
    text: usize,
    context: Vec<(usize, &'static str)>,
}

fn csv_columns(header: &csv::StringRecord) -> Result<Columns, String> {
    let mut cols = Columns::default();
    let mut text = None;
    for (i, name) in header.iter().enumerate() {
        let name = name.trim().trim_start_matches('\u{feff}');
        match name {
            "id" => cols.id = Some(i),
            "author" => cols.author = Some(i),
            "time" => cols.time = Some(i),
            "text" => text = Some(i),
            other => match CONTEXT_COLUMNS.iter().find(|c| **c == other) {
                Some(c) => cols.context.push((i, c)),
                None => {
                    return Err(format!(
                        "unknown column `{other}`: expected id, author, time, text, {}",
                        CONTEXT_COLUMNS.join(", ")
                    ));
                }
            },
        }
    }
    cols.text = text.ok_or_else(|| "the header has no `text` column".to_owned())?;
    Ok(cols)
}

/// A time as found in a CSV: RFC 3339 with an offset, a civil time (`2026-11-20 10:00`)
/// taken in the policy's zone, or X's `Wed Oct 10 20:19:24 +0000 2018`.
pub(crate) fn parse_time(s: &str, zone: TimeZoneSpec) -> Result<Timestamp, String> {
    let s = s.trim();
    if let Ok(t) = s.parse::<Timestamp>() {
        return Ok(t);
    }
    if let Ok(dt) = s.parse::<jiff::civil::DateTime>() {
        return zone.from_civil(dt).map_err(|e| e.to_string());
    }
    if let Ok(t) = parse_x_time(s) {
        return Ok(t);
    }
    Err(format!(
        "time `{s}` is not RFC 3339 (`2026-11-20T10:00:00+09:00`), a local time (`2026-11-20 10:00`) or X's `Wed Oct 10 20:19:24 +0000 2018`"
    ))
}

fn parse_x_time(s: &str) -> Result<Timestamp, String> {
    jiff::fmt::strtime::parse("%a %b %d %H:%M:%S %z %Y", s)
        .and_then(|t| t.to_timestamp())
        .map_err(|e| format!("time `{s}` is not X's `Wed Oct 10 20:19:24 +0000 2018`: {e}"))
}

fn csv_row(cols: &Columns, record: &csv::StringRecord, zone: TimeZoneSpec) -> Result<Post, (Value, String)> {
    let field = |i: Option<usize>| i.and_then(|i| record.get(i)).filter(|s| !s.is_empty());
    let id = field(cols.id).map_or(Value::Null, |s| Value::String(s.to_owned()));
    let text = record.get(cols.text).unwrap_or_default().to_owned();
    let mut ctx = serde_json::Map::new();
    for (i, name) in &cols.context {
        let Some(v) = field(Some(*i)) else { continue };
        let value = if *name == "recipients" {
            match v.trim().parse::<u32>() {
                Ok(n) => Value::from(n),
                Err(_) => return Err((id, format!("column `recipients`: `{v}` is not a whole number"))),
            }
        } else {
            Value::String(v.to_owned())
        };
        ctx.insert((*name).to_owned(), value);
    }
    let mut context = Context::from_value(Value::Object(ctx))
        .map_err(|e| (id.clone(), format!("invalid context: {}", e.message())))?;
    if let Some(t) = field(cols.time) {
        context.time = Some(parse_time(t, zone).map_err(|e| (id.clone(), e))?);
    }
    Ok(Post { id, author: field(cols.author).map(str::to_owned), text, context })
}

fn read_csv(
    source: &Arc<Source>,
    reader: Box<dyn BufRead>,
    zone: TimeZoneSpec,
    sink: &mut Sink<'_>,
) -> Result<(), Failure> {
    let mut csv = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(reader);
    let item =
        |line: usize, raw: Raw| Item { source: Arc::clone(source), member: None, line, raw, fallback_author: None };
    let cols = match csv.headers() {
        Ok(h) => csv_columns(h),
        Err(e) => Err(e.to_string()),
    };
    let cols = match cols {
        Ok(c) => c,
        // The whole file is unusable; say so once, at its header, and go on with the others.
        Err(message) => return sink(item(1, Raw::Bad { id: Value::Null, message })),
    };
    let width = csv.headers().map(csv::StringRecord::len).unwrap_or(0);
    let mut record = csv::StringRecord::new();
    loop {
        let line = usize::try_from(csv.position().line()).unwrap_or(0);
        match csv.read_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                let line = record.position().map_or(line, |p| usize::try_from(p.line()).unwrap_or(line));
                if record.len() == 1 && record.get(0).is_some_and(str::is_empty) {
                    continue;
                }
                let raw = if record.len() != width {
                    Raw::Bad { id: Value::Null, message: format!("{} fields, the header has {width}", record.len()) }
                } else {
                    match csv_row(&cols, &record, zone) {
                        Ok(post) => Raw::Ready(Box::new(post)),
                        Err((id, message)) => Raw::Bad { id, message },
                    }
                };
                sink(item(line, raw))?;
            }
            Err(e) => {
                let line = e.position().map_or(line, |p| usize::try_from(p.line()).unwrap_or(line));
                if let csv::ErrorKind::Io(io) = e.kind() {
                    return Err(io_failure(&source.name, io));
                }
                let message = match e.kind() {
                    csv::ErrorKind::Utf8 { err, .. } => format!("row is not valid UTF-8 (field {})", err.field() + 1),
                    _ => e.to_string(),
                };
                sink(item(line, Raw::Bad { id: Value::Null, message }))?;
            }
        }
    }
}

// ───────────────────────────── X archive ─────────────────────────────

struct ArchiveContext {
    member: Option<Arc<str>>,
    author: Option<Arc<str>>,
}

/// Whether an archive member holds tweets: `data/tweets.js`, `data/tweets-part1.js`, and
/// the older `data/tweet.js`, `data/tweet-part1.js`.
pub(crate) fn is_tweets_member(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    let Some(stem) = base.strip_suffix(".js") else { return false };
    let stem = stem.strip_prefix("tweets").or_else(|| stem.strip_prefix("tweet"));
    match stem {
        Some("") => true,
        Some(rest) => {
            rest.strip_prefix("-part").is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        }
        None => false,
    }
}

/// The `username` in the archive's `data/account.js`.
fn account_username(js: &[u8]) -> Option<String> {
    let at = js.iter().position(|&b| b == b'=')?;
    let v: Value =
        serde_json::from_slice(js.get(at + 1..)?.trim_ascii_end().strip_suffix(b";").unwrap_or(js.get(at + 1..)?))
            .ok()?;
    v.get(0)?.get("account")?.get("username")?.as_str().map(str::to_owned)
}

fn read_archive_zip(
    source: &Arc<Source>,
    zone: TimeZoneSpec,
    bytes_read: &Arc<AtomicU64>,
    sink: &mut Sink<'_>,
) -> Result<(), Failure> {
    let name = source.name.as_str();
    let file = File::open(&source.path).map_err(|e| io_failure(name, &e))?;
    let file = Counted { inner: file, read: Arc::clone(bytes_read) };
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| io_failure(name, &e))?;
    let names: Vec<String> = zip.file_names().map(str::to_owned).collect();
    let account = names.iter().find(|n| n.ends_with("data/account.js")).and_then(|n| {
        let mut buf = Vec::new();
        let mut f = zip.by_name(n).ok()?;
        // account.js is small; a bigger one is not an account file.
        f.by_ref().take(1 << 20).read_to_end(&mut buf).ok()?;
        account_username(&buf)
    });
    let mut members: Vec<&String> = names.iter().filter(|n| is_tweets_member(n)).collect();
    members.sort();
    if members.is_empty() {
        let message = "no data/tweets.js in the archive: is it an X/Twitter account archive?".to_owned();
        let item = Item {
            source: Arc::clone(source),
            member: None,
            line: 1,
            raw: Raw::Bad { id: Value::Null, message },
            fallback_author: None,
        };
        return sink(item);
    }
    let author: Option<Arc<str>> = account.map(Arc::from);
    for member in members {
        let f = zip.by_name(member).map_err(|e| io_failure(&format!("{name}!{member}"), &e))?;
        let ctx = ArchiveContext { member: Some(Arc::from(format!("!{member}"))), author: author.clone() };
        read_tweets_js(source, &ctx, BufReader::with_capacity(1 << 16, f), zone, sink)?;
    }
    Ok(())
}

fn read_archive_dir(source: &Arc<Source>, zone: TimeZoneSpec, sink: &mut Sink<'_>) -> Result<(), Failure> {
    let name = source.name.as_str();
    let data = if source.path.join("data").is_dir() { source.path.join("data") } else { source.path.clone() };
    let account = std::fs::read(data.join("account.js")).ok().and_then(|b| account_username(&b));
    let mut members: Vec<PathBuf> = std::fs::read_dir(&data)
        .map_err(|e| io_failure(name, &e))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(is_tweets_member))
        .collect();
    members.sort();
    if members.is_empty() {
        let message = "no data/tweets.js in the folder: is it an unpacked X/Twitter account archive?".to_owned();
        let item = Item {
            source: Arc::clone(source),
            member: None,
            line: 1,
            raw: Raw::Bad { id: Value::Null, message },
            fallback_author: None,
        };
        return sink(item);
    }
    let author: Option<Arc<str>> = account.map(Arc::from);
    for path in members {
        let rel = path.strip_prefix(&source.path).unwrap_or(&path).display().to_string();
        let f = File::open(&path).map_err(|e| io_failure(&path.display().to_string(), &e))?;
        let ctx = ArchiveContext { member: Some(Arc::from(format!("/{rel}"))), author: author.clone() };
        read_tweets_js(source, &ctx, BufReader::with_capacity(1 << 16, f), zone, sink)?;
    }
    Ok(())
}

/// Where the reader is in `tweets.js`: its line, and the line where the element being read
/// began (serde_json reads byte by byte from a `Read`, so this follows it exactly).
#[derive(Default)]
struct Position {
    line: usize,
    element_line: usize,
    depth: usize,
    in_string: bool,
    escaped: bool,
}

/// Follows the lines and the nesting (outside strings) of what passes through.
struct LineCounter<R> {
    inner: R,
    pos: Rc<Cell<Position>>,
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut p = self.pos.take();
        for &c in buf.get(..n).unwrap_or_default() {
            if c == b'\n' {
                p.line += 1;
            }
            if p.in_string {
                match (p.escaped, c) {
                    (true, _) => p.escaped = false,
                    (false, b'\\') => p.escaped = true,
                    (false, b'"') => p.in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                b'"' => p.in_string = true,
                b'{' | b'[' => {
                    // Depth 1 is the array itself; an element opens depth 2.
                    if p.depth == 1 {
                        p.element_line = p.line;
                    }
                    p.depth += 1;
                }
                b'}' | b']' => p.depth = p.depth.saturating_sub(1),
                _ => {}
            }
        }
        self.pos.set(p);
        Ok(n)
    }
}

/// The elements of the `tweets.js` array, each sent to the sink as it is read.
struct Elements<'s, 'a> {
    source: &'s Arc<Source>,
    ctx: &'s ArchiveContext,
    pos: Rc<Cell<Position>>,
    sink: &'s mut Sink<'a>,
    /// A sink failure, kept while serde unwinds with its own error type.
    failed: &'s mut Option<Failure>,
}

impl<'de> Visitor<'de> for Elements<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of tweets")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            let Some(value) = seq.next_element::<Value>()? else { return Ok(()) };
            let p = self.pos.take();
            let line = p.element_line;
            self.pos.set(p);
            let item = Item {
                source: Arc::clone(self.source),
                member: self.ctx.member.clone(),
                line,
                raw: Raw::Tweet(value),
                fallback_author: self.ctx.author.clone(),
            };
            if let Err(f) = (self.sink)(item) {
                *self.failed = Some(f);
                return Err(serde::de::Error::custom("stopped"));
            }
        }
    }
}

impl<'de> DeserializeSeed<'de> for Elements<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

fn read_tweets_js<R: BufRead>(
    source: &Arc<Source>,
    ctx: &ArchiveContext,
    mut reader: R,
    _zone: TimeZoneSpec,
    sink: &mut Sink<'_>,
) -> Result<(), Failure> {
    let label = format!("{}{}", source.name, ctx.member.as_deref().unwrap_or_default());
    // `window.YTD.tweets.part0 = [` : skip to the `=`.
    let mut prefix = Vec::new();
    reader.by_ref().take(256).read_until(b'=', &mut prefix).map_err(|e| io_failure(&label, &e))?;
    let text = String::from_utf8_lossy(&prefix);
    if !text.trim_start_matches('\u{feff}').trim_start().starts_with("window.YTD.") || !text.ends_with('=') {
        let message = "not an archive's tweets file: expected `window.YTD.tweets.part0 = [`".to_owned();
        let item = Item {
            source: Arc::clone(source),
            member: ctx.member.clone(),
            line: 1,
            raw: Raw::Bad { id: Value::Null, message },
            fallback_author: None,
        };
        return sink(item);
    }
    let prefix_newlines = prefix.iter().filter(|&&b| b == b'\n').count();
    let pos = Rc::new(Cell::new(Position { line: 1 + prefix_newlines, ..Position::default() }));
    let counted = LineCounter { inner: reader, pos: Rc::clone(&pos) };
    let mut de = serde_json::Deserializer::from_reader(counted);
    let mut failed = None;
    let result = Elements { source, ctx, pos, sink, failed: &mut failed }.deserialize(&mut de);
    if let Some(f) = failed {
        return Err(f);
    }
    if let Err(e) = result {
        if e.is_io() {
            return Err(io_failure(&label, &e));
        }
        // The rest of the file cannot be read: one error at the place it broke.
        let message = format!("malformed tweets file, the rest of it is skipped: {e}");
        let item = Item {
            source: Arc::clone(source),
            member: ctx.member.clone(),
            line: prefix_newlines + e.line().max(1),
            raw: Raw::Bad { id: Value::Null, message },
            fallback_author: None,
        };
        return sink(item);
    }
    Ok(())
}

/// `&amp;`, `&lt;` and `&gt;`, as the archive escapes them in `full_text`.
pub(crate) fn unescape_archive_text(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// Turns an element of `tweets.js` into a post.
pub(crate) fn tweet_post(value: Value) -> Result<Post, (Value, String)> {
    let mut value = value;
    // Archives since 2020 wrap each tweet in `{"tweet": {…}}`; older ones do not.
    let tweet = match value.get_mut("tweet") {
        Some(t) => t.take(),
        None => value,
    };
    let id = tweet.get("id_str").or_else(|| tweet.get("id")).cloned().unwrap_or(Value::Null);
    let Some(text) = tweet.get("full_text").or_else(|| tweet.get("text")).and_then(Value::as_str) else {
        return Err((id, "tweet has no `full_text`".to_owned()));
    };
    let text = unescape_archive_text(text);
    let mut context = Context::default();
    if let Some(created) = tweet.get("created_at") {
        let Some(s) = created.as_str() else { return Err((id, "`created_at` is not a string".to_owned())) };
        context.time = Some(parse_x_time(s).map_err(|e| (id.clone(), e))?);
    }
    context.platform = Some("x".to_owned());
    Ok(Post { id, author: None, text, context })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn tweets_members() {
        for yes in ["data/tweets.js", "data/tweets-part1.js", "x/data/tweet.js", "tweet-part12.js"] {
            assert!(is_tweets_member(yes), "{yes}");
        }
        for no in ["data/tweets-media.js", "data/tweetdeck.js", "data/tweets-part.js", "data/account.js", "tweets.json"]
        {
            assert!(!is_tweets_member(no), "{no}");
        }
    }

    #[test]
    fn detects_formats() {
        let p = Path::new("x");
        assert_eq!(detect(p, b"{\"id\":1}"), InputFormat::Jsonl);
        assert_eq!(detect(p, b"\xef\xbb\xbf  window.YTD.tweets.part0 = ["), InputFormat::XArchive);
        assert_eq!(detect(p, b"PK\x03\x04..."), InputFormat::XArchive);
        assert_eq!(detect(p, b"id,author,time,text\n"), InputFormat::Csv);
    }

    #[test]
    fn times_in_every_form() {
        let z = TimeZoneSpec::ASIA_TOKYO;
        let want: Timestamp = "2018-10-10T20:19:24Z".parse().unwrap();
        assert_eq!(parse_time("Wed Oct 10 20:19:24 +0000 2018", z).unwrap(), want);
        assert_eq!(parse_time("2018-10-11T05:19:24+09:00", z).unwrap(), want);
        assert_eq!(parse_time("2018-10-11 05:19:24", z).unwrap(), want, "local time in the policy's zone");
        assert_eq!(parse_time("2018-10-11T05:19:24", z).unwrap(), want);
        assert!(parse_time("yesterday", z).unwrap_err().contains("`yesterday`"));
    }

    #[test]
    fn tweets_old_and_new() {
        let new = serde_json::json!({"tweet": {"id_str": "12", "full_text": "a &amp; b &lt;3", "created_at": "Wed Oct 10 20:19:24 +0000 2018"}});
        let p = tweet_post(new).unwrap();
        assert_eq!((p.id, p.text.as_str()), (Value::from("12"), "a & b <3"));
        assert_eq!(p.context.time.unwrap().to_string(), "2018-10-10T20:19:24Z");
        let old = serde_json::json!({"id_str": "13", "full_text": "x"});
        assert_eq!(tweet_post(old).unwrap().id, "13");
        let (id, e) = tweet_post(serde_json::json!({"tweet": {"id_str": "14"}})).err().unwrap();
        assert_eq!((id, e.as_str()), (Value::from("14"), "tweet has no `full_text`"));
        let bad = serde_json::json!({"tweet": {"id_str": "15", "full_text": "x", "created_at": "soon"}});
        assert!(tweet_post(bad).err().unwrap().1.contains("`soon`"));
    }

    #[test]
    fn account_js() {
        let js = b"window.YTD.account.part0 = [ { \"account\" : { \"username\" : \"tanaka_city\", \"accountId\" : \"1\" } } ]";
        assert_eq!(account_username(js).as_deref(), Some("tanaka_city"));
        assert_eq!(account_username(b"garbage"), None);
    }
}
