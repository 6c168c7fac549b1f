//! E-mail addresses, including full-width 「＠」「．」 and the `(at)` / `[at]` / ` at ` …
//! `(dot)` / `[dot]` obfuscations. Anchored on the keyword hits for "@" and its
//! obfuscations; the local part is read backwards (at most 64 characters) and the domain
//! forwards (at most 255 bytes), so each anchor costs a bounded amount of work.

use super::chars;
use super::keywords::{Ctx, WINDOW, cat};
use super::{Confidence, PiiKind, PiiMatch};
use crate::report::Severity;

/// Local parts of role addresses, which are not personal: info@, contact@ …
const ROLE_LOCALS: &[&str] = &[
    "info",
    "contact",
    "support",
    "webmaster",
    "admin",
    "office",
    "press",
    "koho",
    "kouhou",
    "kohoka",
    "soudan",
    "sodan",
    "toiawase",
    "otoiawase",
    "madoguchi",
    "daihyo",
    "help",
    "service",
    "noreply",
    "no-reply",
    "inquiry",
    "pr",
];

/// Dot obfuscations, matched ASCII case-insensitively.
const DOTS: &[&str] = &[
    " (dot) ",
    " [dot] ",
    "(dot)",
    "[dot]",
    "<dot>",
    "{dot}",
    "（dot）",
    "［dot］",
    "＜dot＞",
    "(ドット)",
    "（ドット）",
    "[ドット]",
    "［ドット］",
    " ドット ",
    "ドット",
    " どっと ",
    "どっと",
    "[.]",
    "(.)",
    " dot ",
];

/// Local parts that stand for "an address goes here": example@, xxxx@, your.name@ …
const PLACEHOLDER_LOCALS: &[&str] = &[
    "example",
    "sample",
    "test",
    "dummy",
    "hoge",
    "fuga",
    "foo",
    "bar",
    "foobar",
    "user",
    "username",
    "yourname",
    "your.name",
    "your-name",
    "your_name",
    "youraddress",
    "yourmail",
    "abc",
    "abcd",
    "mailaddress",
    "address",
];

/// Whether the local part or the first domain label is a placeholder: a listed word or
/// one character repeated (xxxx, aaaa, ****).
fn is_placeholder(local: &str, first_label: &str) -> bool {
    let repeated = |s: &str| {
        let mut it = s.chars().filter(|c| c.is_ascii_alphanumeric());
        it.next().is_some_and(|f| s.len() >= 3 && it.all(|c| c == f))
    };
    PLACEHOLDER_LOCALS.contains(&local) || repeated(local) || repeated(first_label)
}

fn is_local_char(c: char) -> bool {
    let a = chars::to_ascii(c);
    a.is_ascii_alphanumeric() || matches!(a, '.' | '_' | '%' | '+' | '-')
}

fn is_label_char(c: char) -> bool {
    let a = chars::to_ascii(c);
    a.is_ascii_alphanumeric() || a == '-'
}

/// A dot (plain, full-width or obfuscated) at `p`: its byte length and whether obfuscated.
fn dot_at(text: &str, p: usize) -> Option<(usize, bool)> {
    let tail = text.get(p..)?;
    let c = tail.chars().next()?;
    if matches!(c, '.' | '．') {
        return Some((c.len_utf8(), false));
    }
    DOTS.iter().find(|d| tail.get(..d.len()).is_some_and(|t| t.eq_ignore_ascii_case(d))).map(|d| (d.len(), true))
}

/// A spelled-out dot ending at `p` (「name ドット mori」): its byte length.
fn dot_before(text: &str, p: usize) -> Option<usize> {
    let head = text.get(..p)?;
    DOTS.iter()
        .find(|d| head.len() >= d.len() && head.get(head.len() - d.len()..).is_some_and(|t| t.eq_ignore_ascii_case(d)))
        .map(|d| d.len())
}

/// Spaces between an address and its "@": at most two. Returns the position past them.
fn skip_spaces_back(text: &str, mut p: usize) -> Option<usize> {
    for _ in 0..3 {
        match chars::prev_char(text, p) {
            Some(c @ (' ' | '\u{3000}')) => p -= c.len_utf8(),
            _ => return Some(p),
        }
    }
    None
}

fn skip_spaces_fwd(text: &str, mut p: usize) -> Option<usize> {
    for _ in 0..3 {
        match chars::next_char(text, p) {
            Some(c @ (' ' | '\u{3000}')) => p += c.len_utf8(),
            _ => return Some(p),
        }
    }
    None
}

/// The local part before byte `at` (spaces and spelled-out dots allowed: 「name ドット
/// mori アット…」): its byte start, its ASCII form, and whether a dot was spelled out.
/// `None` when there is none or it is longer than 64 characters.
fn local_back(text: &str, at: usize) -> Option<(usize, String, bool)> {
    let pos = skip_spaces_back(text, at)?;
    let mut lo = pos;
    let mut parts: Vec<String> = Vec::new();
    let mut count = 0;
    let mut hidden = 0;
    let mut obfuscated = false;
    loop {
        let head = text.get(..lo)?;
        let mut seg_lo = lo;
        for (i, c) in head.char_indices().rev() {
            if chars::is_transparent(c) {
                hidden += 1;
                if hidden > 64 {
                    break;
                }
                seg_lo = i;
                continue;
            }
            if !is_local_char(c) {
                break;
            }
            count += 1;
            if count > 64 {
                return None;
            }
            seg_lo = i;
        }
        if seg_lo == lo {
            break;
        }
        let seg: String =
            text.get(seg_lo..lo)?.chars().filter(|&c| !chars::is_transparent(c)).map(chars::to_ascii).collect();
        parts.push(seg);
        lo = seg_lo;
        match dot_before(text, lo) {
            Some(len) if chars::prev_char(text, lo - len).is_some_and(is_local_char) && parts.len() < 8 => {
                parts.push(".".to_owned());
                lo -= len;
                obfuscated = true;
            }
            _ => break,
        }
    }
    // The local part starts with a letter or digit.
    let first = parts.pop()?;
    let skip_chars = first.chars().take_while(|c| !c.is_ascii_alphanumeric()).count();
    // The local part starts at its first letter or digit: the byte offset of the visible
    // character after the `skip_chars` skipped ones, stepping over zero-width characters
    // among them (summing only the visible ones' lengths could land inside one).
    let skip = text.get(lo..)?.char_indices().filter(|&(_, c)| !chars::is_transparent(c)).nth(skip_chars)?.0;
    let mut local: String = first.chars().skip(skip_chars).collect();
    while let Some(p) = parts.pop() {
        local.push_str(&p);
    }
    (!local.is_empty()).then_some((lo + skip, local, obfuscated))
}

/// Scan e-mail anchors.
pub(super) fn scan(cx: &Ctx<'_>, out: &mut Vec<PiiMatch>) {
    let mut consumed = 0;
    for h in cx.hits.iter().filter(|h| h.cats & (cat::EMAIL_AT | cat::EMAIL_AT_WORD) != 0) {
        if h.start < consumed {
            continue;
        }
        if let Some(m) = at_anchor(cx, h.start, h.end, h.cats & cat::EMAIL_AT_WORD != 0) {
            consumed = m.end;
            out.push(m);
        }
    }
}

fn at_anchor(cx: &Ctx<'_>, at_start: usize, at_end: usize, word: bool) -> Option<PiiMatch> {
    let text = cx.text;
    let (lo, local, spelled_dot) = local_back(text, at_start)?;
    // Domain, forwards.
    let from = skip_spaces_fwd(text, at_end)?;
    let mut p = from;
    let mut labels: Vec<String> = Vec::new();
    let mut end = from;
    let mut obfuscated_dot = spelled_dot;
    while p - from < 255 {
        let tail = text.get(p..)?;
        let mut label = String::new();
        let mut q = p;
        let mut hidden = 0;
        for c in tail.chars() {
            if chars::is_transparent(c) {
                hidden += 1;
                if hidden > 16 {
                    break;
                }
                q += c.len_utf8();
                continue;
            }
            if !is_label_char(c) || label.len() >= 63 {
                break;
            }
            label.push(chars::to_ascii(c).to_ascii_lowercase());
            q += c.len_utf8();
        }
        if label.is_empty() || label.starts_with('-') {
            break;
        }
        labels.push(label);
        end = q;
        match dot_at(text, q) {
            Some((len, obf)) if chars::next_char(text, q + len).is_some_and(is_label_char) => {
                obfuscated_dot |= obf;
                p = q + len;
            }
            _ => break,
        }
    }
    let tld_ok = labels.last().is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic()));
    if labels.len() < 2 || !tld_ok {
        return None;
    }
    // " at " is ordinary English: require an obfuscated dot or an address-like local part.
    if word && !obfuscated_dot && !local.contains(['.', '_', '+', '-']) && !local.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let domain = labels.join(".");
    let local_lc = local.to_ascii_lowercase();
    if is_placeholder(&local_lc, labels.first().map_or("", String::as_str)) {
        return None;
    }
    let role = ROLE_LOCALS.iter().any(|r| {
        local_lc == *r
            || local_lc
                .strip_prefix(r)
                .is_some_and(|rest| rest.starts_with(['-', '_', '.']) || rest.chars().all(|c| c.is_ascii_digit()))
    });
    let near = cx.nearest(lo, end, cat::OWN | cat::OFFICE | cat::PRIVATE, WINDOW, 10);
    let mut confidence = Confidence::High;
    let mut severity = Severity::Block;
    let mut note = None;
    match near.map(|(h, _)| h.cats) {
        Some(c) if c & cat::OWN != 0 => {
            severity = Severity::Warn;
            note = Some("own_contact");
        }
        Some(c) if c & cat::PRIVATE != 0 => {}
        Some(_) => return None,
        None if role => return None,
        None => {
            if word || obfuscated_dot {
                confidence = Confidence::Medium;
            }
        }
    }
    let first = local.chars().next().unwrap_or('*');
    let masked = format!("{first}***@{domain}");
    Some(PiiMatch { kind: PiiKind::Email, start: lo, end, severity, masked, confidence, note })
}

/// Messenger IDs after their keyword: 「LINE ID：yuko_0821」「ラインID→ yoshi_0512」: 4 to
/// 20 letters, digits, dots, hyphens or underscores (full width too), after at most four
/// characters of label punctuation. Not an official account's (公式 nearby, or an ID
/// written with its @). The author's own (私のLINE ID, or an own-contact word nearby) is a
/// Warn.
pub(super) fn messenger(cx: &Ctx<'_>, out: &mut Vec<PiiMatch>) {
    let text = cx.text;
    for h in cx.hits.iter().filter(|h| h.cats & cat::MESSENGER != 0) {
        let tail = text.get(h.end..).unwrap_or("");
        let mut lo = h.end;
        let (mut end, mut n, mut first) = (0, 0, '*');
        for c in tail.chars().take(25) {
            if n == 0 && end == 0 && lo - h.end < 12 && (chars::is_label_gap(c) || c == '→') {
                lo += c.len_utf8();
                continue;
            }
            if !is_local_char(c) || matches!(c, '%' | '+') {
                break;
            }
            if n == 0 {
                first = chars::to_ascii(c);
            }
            n += 1;
            end += c.len_utf8();
        }
        let end = lo + end;
        if !(4..=20).contains(&n) || !first.is_ascii_alphanumeric() || cx.near(h.start, end, cat::OFFICIAL, WINDOW, 10)
        {
            continue;
        }
        let own = cx.near(h.start, end, cat::OWN, WINDOW, 10)
            || !matches!(chars::next_char(text, h.start), Some('L' | 'l' | 'ラ' | 'Ｌ'));
        out.push(PiiMatch {
            kind: PiiKind::MessagingId,
            start: lo,
            end,
            severity: if own { Severity::Warn } else { Severity::Block },
            masked: [first, '*', '*', '*'].iter().collect(),
            confidence: Confidence::High,
            note: own.then_some("own_contact"),
        });
    }
}
