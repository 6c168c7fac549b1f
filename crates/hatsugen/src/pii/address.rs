//! Residential addresses: 「3丁目4番5号」「本町2丁目3-4」「1234番地の5」 and n-n-n after a
//! place name (「〇〇町1-2-3」「市川市八幡1-1-1」), the place written in hiragana too
//! (「那覇市おもろまち4-12-7」「さくら台2-5-11」), and a rural lot of three or four digits
//! after a city and its district (「岐阜市長良福光1452-6」). A city or ward name alone is not
//! an address; an address with a public facility named near it (市役所, 公民館, 駅, 学校 …)
//! is the facility's, not a person's.

use super::chars::{self, sep};
use super::keywords::{Ctx, WINDOW, cat};
use super::numbers::View;
use super::{Confidence, PiiKind, PiiMatch, mask};
use crate::report::Severity;

/// Characters that, right before a number, make it a figure/section reference.
fn is_reference_char(c: char) -> bool {
    matches!(
        c,
        '図' | '表'
            | '問'
            | '条'
            | '項'
            | '号'
            | '章'
            | '節'
            | '版'
            | '第'
            | '例'
            | '式'
            | '頁'
            | '巻'
            | '部'
            | '編'
            | '回'
            | '料'
            | '書'
            | '題'
            | '案'
            | '票'
            | '録'
            | '則'
            | '点'
            | '期'
            | '便'
            | '線'
            | '系'
            | '型'
            | '席'
            | '番'
            | '合'
            | '戦'
    )
}

/// Characters that mark an address level: prefecture, city, ward, town, village, 字.
fn is_locality_marker(c: char) -> bool {
    matches!(c, '都' | '道' | '府' | '県' | '市' | '区' | '町' | '村' | '郡' | '字' | '丁')
}

fn is_name_char(c: char) -> bool {
    chars::is_kanji(c) || chars::is_katakana(c) || matches!(c, 'の' | 'ヶ' | 'ケ' | 'ノ' | 'が')
}

/// Walk back from `pos` over a place name (at most 16 characters, not across a keyword
/// that ends inside it; across one space after a locality marker: 「藤沢市 鵠沼」).
/// Returns the start and whether it contains a locality marker.
fn locality_back(cx: &Ctx<'_>, pos: usize) -> (usize, bool) {
    let head = cx.text.get(..pos).unwrap_or("");
    let mut lo = pos;
    let mut spaced = false;
    let mut it = head.char_indices().rev().take(16).peekable();
    while let Some((i, c)) = it.next() {
        if matches!(c, ' ' | '\u{3000}') && !spaced && lo < pos {
            if it.peek().is_some_and(|&(_, b)| is_locality_marker(b) && b != '丁') {
                spaced = true;
                continue;
            }
            break;
        }
        if !is_name_char(c) {
            break;
        }
        lo = i;
    }
    // A name may begin in hiragana: a city (「さいたま市」「つくば市」) or a neighbourhood
    // whose name ends in kanji (「さくら台」「ひばりが丘」), after a particle, a mark or the
    // start of the text.
    let name = cx.text.get(lo..pos).unwrap_or("");
    if name.starts_with(['市', '区', '町', '村', '郡']) || (name.chars().count() <= 2 && name.ends_with(TOWN_SUFFIXES))
    {
        lo = kana_city_start(head, lo);
    }
    // Do not start in a keyword such as 住所 / 自宅 / 私の; a word of a case or a title
    // (市長 in 「岐阜市長良」) may be part of the name.
    let in_name = cat::CASE_SUPPRESS | cat::CASE_WEAK | cat::CASE_STRONG | cat::RESIDENT | !0 << 32;
    if let Some(h) = cx
        .hits_from(cx.back(lo, 8, false), pos)
        .iter()
        .rev()
        .find(|h| h.end <= pos && h.end > lo && h.cats & !in_name != 0)
    {
        lo = h.end;
    }
    // Trim a leading の (「市の」 is not part of the name).
    while let Some(rest) = cx.text.get(lo..pos) {
        match rest.chars().next() {
            Some(c @ ('の' | 'が')) => lo += c.len_utf8(),
            _ => break,
        }
    }
    let marker = cx.text.get(lo..pos).is_some_and(|s| s.chars().any(is_locality_marker));
    (lo, marker)
}

/// The last characters of neighbourhood names (桜台, 緑ヶ丘, 青葉通, 小田原) that make a
/// three-part number after them an address even with no city named.
const TOWN_SUFFIXES: &[char] =
    &['台', '丘', '岡', '坂', '谷', '沢', '野', '原', '浜', '里', '園', '苑', '通', '森', '崎'];

/// The start of two to five hiragana ending at `pos` that stand alone as a name: preceded by
/// the start of the text, a mark or a particle, not by the kanji of a word (「帰りたい市」).
fn kana_city_start(head: &str, pos: usize) -> usize {
    let mut start = pos;
    let mut count = 0;
    for (i, c) in head.get(..pos).unwrap_or("").char_indices().rev() {
        let particle = matches!(c, 'は' | 'が' | 'を' | 'で' | 'に' | 'へ' | 'の' | 'も' | 'と' | 'や');
        if chars::is_hiragana(c) && !particle {
            if count == 5 {
                return pos;
            }
            start = i;
            count += 1;
            continue;
        }
        let bounded = particle || !(chars::is_kanji(c) || chars::is_katakana(c) || chars::is_hiragana(c));
        return if count >= 2 && bounded { start } else { pos };
    }
    if count >= 2 { start } else { pos }
}

/// Every separator of the view is a hyphen, with or without spaces around it.
fn hyphenated(v: View<'_>) -> bool {
    v.seps() & !(sep::HYPHEN | sep::SPACE) == 0 && v.each_sep_has(sep::HYPHEN)
}

fn is_date(v: View<'_>) -> bool {
    let d = v.digits();
    let mut lens = v.lens();
    let (Some(a), Some(b), Some(c)) = (lens.next(), lens.next(), lens.next()) else {
        return false;
    };
    let num =
        |r: std::ops::Range<usize>| d.get(r).map_or(0, |s| s.iter().fold(0u32, |acc, &x| acc * 10 + u32::from(x)));
    a == 4 && is_ymd(num(0..4), num(4..4 + b), num(4 + b..4 + b + c))
}

/// Year (western), month and day of a date: 1900–2099, 1–12, 1–31.
pub(super) fn is_ymd(y: u32, m: u32, d: u32) -> bool {
    (1900..=2099).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
}

fn facility_near(cx: &Ctx<'_>, start: usize, end: usize) -> bool {
    cx.near(start, end, cat::FACILITY, WINDOW, WINDOW)
}

fn build(cx: &Ctx<'_>, lo: usize, num_start: usize, end: usize) -> PiiMatch {
    let name = cx.text.get(lo..num_start).unwrap_or("");
    let nums = cx.text.get(num_start..end).unwrap_or("");
    let masked = format!("{name}{}", mask::digits_in(nums, true));
    let confidence = if cx.near(lo, end, cat::ADDRESS, WINDOW, 10) { Confidence::High } else { Confidence::Medium };
    PiiMatch { kind: PiiKind::Address, start: lo, end, severity: Severity::Block, masked, confidence, note: None }
}

/// n-n or n-n-n (and a room number, n-n-n-n, or 「…号室」) right after a place name; the
/// hyphens may have spaces around them (「鵠沼 2 - 4 - 6」). A number set off by a space after
/// three hyphenated ones (「中央2-1-3 401号」) is left out of the address.
pub(super) fn from_run(cx: &Ctx<'_>, v: View<'_>) -> Option<PiiMatch> {
    match v.before_spaced_last() {
        Some(head) if !hyphenated(v) => from_hyphenated(cx, head),
        _ => from_hyphenated(cx, v),
    }
}

fn from_hyphenated(cx: &Ctx<'_>, v: View<'_>) -> Option<PiiMatch> {
    let n = v.ngroups();
    if !(2..=4).contains(&n) || !hyphenated(v) || v.lens().any(|l| l > 4) {
        return None;
    }
    if v.digits().first() == Some(&0) || is_date(v) {
        return None;
    }
    let (ds, end) = (v.digit_start(), v.end());
    // The place name ends right before the number, or one space before it.
    let mut name_end = ds;
    let mut prev = chars::prev_char(cx.text, ds)?;
    if matches!(prev, ' ' | '\u{3000}') {
        name_end -= prev.len_utf8();
        prev = chars::prev_char(cx.text, name_end)?;
    }
    // A town written in hiragana after its city (「那覇市おもろまち4-12-7」) needs a third number.
    let kana_town = if chars::is_hiragana(prev) && n >= 3 { kana_town_start(cx.text, name_end) } else { None };
    if kana_town.is_none()
        && (!(chars::is_kanji(prev) || chars::is_katakana(prev) || prev == 'の') || is_reference_char(prev))
    {
        return None;
    }
    // 「3丁目4-5」「4-5番地」 are handled with their units; a room number is kept.
    let tail = cx.text.get(end..).unwrap_or("");
    let room = tail.starts_with("号室");
    if tail.starts_with('番') || (tail.starts_with('号') && !room) || tail.starts_with("丁目") {
        return None;
    }
    let end = if room { end + "号室".len() } else { end };
    let (lo, marker) = match kana_town {
        Some(town) => (locality_back(cx, town).0, true),
        None => locality_back(cx, name_end),
    };
    if lo == name_end {
        return None;
    }
    let keyword = cx.near(lo, end, cat::ADDRESS, WINDOW, 10);
    let name = cx.text.get(lo..name_end).unwrap_or("");
    let ok = if n >= 3 {
        marker || keyword || name.ends_with(TOWN_SUFFIXES)
    } else {
        let last = name.chars().next_back();
        (marker && (keyword || matches!(last, Some('町' | '村' | '字'))))
            || name.contains('字')
            || rural_lot(cx.text, v, name, end)
    };
    if !ok || facility_near(cx, lo, end) {
        return None;
    }
    Some(build(cx, lo, ds, end))
}

/// The start of a town name in hiragana that ends at `pos` and follows a city, ward, town or
/// village (「那覇市おもろまち」「さいたま市中央区みなとみらい」 read from its end): two to
/// eight kana, not starting with a particle (「市から」「区まで」 is not a town).
fn kana_town_start(text: &str, pos: usize) -> Option<usize> {
    let head = text.get(..pos)?;
    let mut start = pos;
    let mut count = 0;
    for (i, c) in head.char_indices().rev() {
        if chars::is_hiragana(c) && count < 8 {
            start = i;
            count += 1;
            continue;
        }
        let kana = head.get(start..)?;
        // Place names hold も, が or の inside (おもろまち, ひばりがおか), not at their start.
        let particle = kana.starts_with(['は', 'が', 'を', 'で', 'に', 'へ', 'の', 'も', 'や', 'と'])
            || kana.contains(['は', 'を', 'で'])
            || ["から", "より", "だけ", "って", "ほど", "など", "くらい", "ぐらい", "まで"]
                .iter()
                .any(|w| kana.starts_with(w));
        let ok = count >= 2 && matches!(c, '市' | '区' | '町' | '村' | '郡') && !particle;
        return ok.then_some(start);
    }
    None
}

/// A two-part number whose first part is a rural lot of three or four digits, after a city
/// and the district within it (「岐阜市長良福光1452-6」), not a year (「市長選2024-25」) and
/// not followed by a unit (「市場価格1200-300円」).
fn rural_lot(text: &str, v: View<'_>, name: &str, end: usize) -> bool {
    let mut lens = v.lens();
    let (Some(first), Some(_)) = (lens.next(), lens.next()) else {
        return false;
    };
    let d = v.digits();
    let lot = d.get(..first).map_or(0, |s| s.iter().fold(0u32, |acc, &x| acc * 10 + u32::from(x)));
    if first < 3 || (first == 4 && (1900..=2099).contains(&lot)) {
        return false;
    }
    // At least two characters of district after the last 市/区/郡 (「上田市真田町長」), or
    // after the last 町/村 of a town without a city.
    let last = |f: fn(char) -> bool| name.char_indices().rfind(|&(_, c)| f(c));
    let Some((at, _)) = last(|c| matches!(c, '市' | '区' | '郡')).or_else(|| last(|c| matches!(c, '町' | '村')))
    else {
        return false;
    };
    let district = name.get(at..).unwrap_or("");
    if district.contains(['の', 'が']) {
        return false; // 「岐阜市の人口1452-6」
    }
    let district = district.chars().count().saturating_sub(1);
    let unit_after = chars::next_char(text, end)
        .is_some_and(|c| chars::is_kanji(c) || chars::is_katakana(c) || chars::is_latin(c) || matches!(c, '%' | '％'));
    district >= 2 && !unit_after
}

/// Address units found after a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Choume,
    Banchi,
    Ban,
    Go,
    Link,
    End,
}

/// Read one number (digits, or kanji numerals) at `p`: returns its end and whether kanji.
fn read_num(text: &str, p: usize) -> Option<(usize, bool)> {
    let tail = text.get(p..)?;
    let mut end = p;
    let mut kanji = None;
    for c in tail.chars().take(6) {
        let is_d = chars::digit_value(c).is_some();
        let is_k = chars::kanji_digit(c).is_some();
        match (kanji, is_d, is_k) {
            (None, true, _) => kanji = Some(false),
            (None, false, true) => kanji = Some(true),
            (Some(false), true, _) | (Some(true), false, true) => {}
            _ => break,
        }
        end += c.len_utf8();
    }
    kanji.map(|k| (end, k))
}

fn read_unit(text: &str, p: usize) -> (Unit, usize) {
    let tail = text.get(p..).unwrap_or("");
    for (pat, unit) in [
        ("丁目", Unit::Choume),
        ("番地の", Unit::Banchi),
        ("番地", Unit::Banchi),
        ("番", Unit::Ban),
        ("号室", Unit::Go),
        ("号", Unit::Go),
    ] {
        if tail.starts_with(pat) {
            return (unit, pat.len());
        }
    }
    match tail.chars().next() {
        Some(c) if chars::is_hyphen(c) || matches!(c, 'の' | '之') => (Unit::Link, c.len_utf8()),
        _ => (Unit::End, 0),
    }
}

/// Numbers with 丁目 / 番地 / 番 units, triggered by those keywords.
pub(super) fn scan_units(cx: &Ctx<'_>, out: &mut Vec<PiiMatch>) {
    let text = cx.text;
    let mut consumed = 0;
    for h in cx.hits.iter().filter(|h| h.cats & cat::ADDR_UNIT != 0) {
        if h.start < consumed {
            continue;
        }
        // The number right before the unit.
        let head = text.get(..h.start).unwrap_or("");
        let mut num_start = h.start;
        for (i, c) in head.char_indices().rev().take(6) {
            if chars::digit_value(c).is_none() && chars::kanji_digit(c).is_none() {
                break;
            }
            num_start = i;
        }
        if num_start == h.start {
            continue;
        }
        // Numbers joined by hyphens before it: 「1-2番地」.
        for _ in 0..3 {
            let Some(c) = chars::prev_char(text, num_start) else { break };
            if !chars::is_hyphen(c) {
                break;
            }
            let before = num_start - c.len_utf8();
            let head = text.get(..before).unwrap_or("");
            let mut s = before;
            for (i, d) in head.char_indices().rev().take(6) {
                if chars::digit_value(d).is_none() {
                    break;
                }
                s = i;
            }
            if s == before {
                break;
            }
            num_start = s;
        }
        if chars::prev_char(text, num_start).is_some_and(|c| is_reference_char(c) || chars::digit_value(c).is_some()) {
            continue;
        }
        let Some((end, units, nums)) = parse_seq(text, num_start) else { continue };
        consumed = end;
        let mut ok = false;
        let mut weak = false;
        for (i, u) in units.iter().enumerate() {
            let more = nums > i + 1;
            match u {
                Unit::Choume | Unit::Banchi if more => ok = true,
                Unit::Banchi => weak = true,
                Unit::Ban if units.get(i + 1) == Some(&Unit::Go) => ok = true,
                Unit::Link if more && units.iter().any(|u| matches!(u, Unit::Choume | Unit::Banchi)) => ok = true,
                Unit::Link if more && units.contains(&Unit::Ban) => weak = true,
                _ => {}
            }
        }
        if !ok && !weak {
            continue;
        }
        // 「鵠沼橘 1丁目」: the place name may end one space before the number.
        let name_end = match chars::prev_char(text, num_start) {
            Some(c @ (' ' | '\u{3000}'))
                if chars::prev_char(text, num_start - c.len_utf8()).is_some_and(is_name_char) =>
            {
                num_start - c.len_utf8()
            }
            _ => num_start,
        };
        let (lo, marker) = locality_back(cx, name_end);
        let lo = if lo == name_end { num_start } else { lo };
        if !(ok || marker || cx.near(lo, end, cat::ADDRESS, WINDOW, 10)) {
            continue;
        }
        if facility_near(cx, lo, end) {
            continue;
        }
        out.push(build(cx, lo, num_start, end));
    }
}

/// Parse NUM (UNIT NUM)* from `p`; kanji numerals only directly before 丁目 / 番 / 号.
/// Returns the end, the units after each number, and the number count.
fn parse_seq(text: &str, mut p: usize) -> Option<(usize, Vec<Unit>, usize)> {
    let mut units = Vec::new();
    let mut end = p;
    let mut nums = 0;
    let mut spaced = false;
    while nums < 6 {
        let Some((q, kanji)) = read_num(text, p) else { break };
        let (unit, ulen) = read_unit(text, q);
        // After a space only a number with its own unit or link continues the address
        // (「1丁目 3-5」, not 「1丁目 5分」).
        let stop = if kanji { matches!(unit, Unit::Link | Unit::End) } else { spaced && unit == Unit::End };
        if stop {
            break;
        }
        spaced = false;
        nums += 1;
        end = q;
        units.push(unit);
        match unit {
            Unit::End => break,
            Unit::Link => p = q + ulen,
            _ => {
                end = q + ulen;
                // 「1丁目 3-5」: one space after a unit.
                p = match chars::next_char(text, end) {
                    Some(c @ (' ' | '\u{3000}')) => {
                        spaced = true;
                        end + c.len_utf8()
                    }
                    _ => end,
                };
            }
        }
    }
    // A trailing link joined nothing.
    if units.last() == Some(&Unit::Link) {
        if let Some(u) = units.last_mut() {
            *u = Unit::End;
        }
    }
    (nums > 0).then_some((end, units, nums))
}

// ---------------------------------------------------------------------------------------
// Romanised addresses: 「3-5-12 Kugenuma, Fujisawa-shi, Kanagawa 251-0037」,
// 「Kugenuma 3-5-12, Fujisawa City」.

/// Romanised prefectures (lower case).
const PREFECTURES: &[&str] = &[
    "hokkaido",
    "aomori",
    "iwate",
    "miyagi",
    "akita",
    "yamagata",
    "fukushima",
    "ibaraki",
    "tochigi",
    "gunma",
    "saitama",
    "chiba",
    "tokyo",
    "kanagawa",
    "niigata",
    "toyama",
    "ishikawa",
    "fukui",
    "yamanashi",
    "nagano",
    "gifu",
    "shizuoka",
    "aichi",
    "mie",
    "shiga",
    "kyoto",
    "osaka",
    "hyogo",
    "nara",
    "wakayama",
    "tottori",
    "shimane",
    "okayama",
    "hiroshima",
    "yamaguchi",
    "tokushima",
    "kagawa",
    "ehime",
    "kochi",
    "fukuoka",
    "saga",
    "nagasaki",
    "kumamoto",
    "oita",
    "miyazaki",
    "kagoshima",
    "okinawa",
];

/// Suffixes of romanised municipalities and prefectures (lower case, after a hyphen).
const SUFFIXES: &[&str] = &["shi", "ku", "cho", "machi", "mura", "son", "gun", "ken", "fu", "to"];

/// English words after a romanised place name that make it a municipality.
const PLACE_WORDS: &[&str] = &["city", "ward", "town", "village", "prefecture", "pref", "japan"];

/// One word of a romanised address at `p`: `[A-Za-z][A-Za-z-]*`. Returns its end.
fn latin_word(text: &str, p: usize) -> Option<usize> {
    let tail = text.get(p..)?;
    let n: usize = tail.chars().take_while(|&c| c.is_ascii_alphabetic() || c == '-').map(char::len_utf8).sum();
    (n > 0 && tail.starts_with(|c: char| c.is_ascii_alphabetic())).then_some(p + n)
}

/// Whether the lower-cased word names a municipality or prefecture.
fn is_place_marker(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    let suffixed = w.rsplit_once('-').is_some_and(|(head, tail)| !head.is_empty() && SUFFIXES.contains(&tail));
    suffixed || PREFECTURES.contains(&w.as_str()) || PLACE_WORDS.contains(&w.as_str())
}

/// A romanised Japanese address around the hyphenated numbers `v`: a capitalised place
/// name right before or after them, and a municipality (`-shi`, `-ku`, `City`, …) or a
/// prefecture among the next few comma- or space-separated words. The span runs from the
/// numbers (or the place name before them) to the last place word, a postal code after it
/// included.
pub(super) fn romanised(cx: &Ctx<'_>, v: View<'_>) -> Option<PiiMatch> {
    let text = cx.text;
    let n = v.ngroups();
    if !(2..=4).contains(&n) || v.seps() & !sep::HYPHEN != 0 || v.lens().any(|l| l > 4) || v.lens_are(&[3, 4]) {
        return None;
    }
    if v.digits().first() == Some(&0) || is_date(v) {
        return None;
    }
    let (ds, num_end) = (v.digit_start(), v.end());
    // A place name before the numbers: 「Kugenuma 3-5-12」.
    let mut lo = ds;
    if let Some(' ') = chars::prev_char(text, ds) {
        let head = text.get(..ds - 1)?;
        let w: usize =
            head.chars().rev().take_while(|c| c.is_ascii_alphabetic() || *c == '-').map(char::len_utf8).sum();
        let word = head.get(head.len() - w..)?;
        if word.starts_with(|c: char| c.is_ascii_uppercase()) && !is_place_marker(word) {
            lo = ds - 1 - w;
        }
    }
    // Words after the numbers, up to 8, within 100 bytes.
    let mut p = num_end;
    let mut end = num_end;
    let mut words = 0;
    let mut marker = false;
    let mut name_after = false;
    while words < 8 && p - num_end < 100 {
        let mut q = p;
        let mut gap = 0;
        while let Some(c) = chars::next_char(text, q).filter(|&c| matches!(c, ',' | ' ' | '，')) {
            q += c.len_utf8();
            gap += 1;
        }
        if gap == 0 || gap > 2 {
            break;
        }
        if marker {
            // A postal code after the prefecture: 「Kanagawa 251-0037」.
            let digits: usize =
                text.get(q..)?.chars().take_while(|&c| c.is_ascii_digit() || c == '-').map(char::len_utf8).sum();
            if digits == 8 && text.get(q + 3..q + 4) == Some("-") {
                end = q + 8;
                break;
            }
        }
        let Some(e) = latin_word(text, q) else { break };
        let word = text.get(q..e)?;
        if words == 0 && !word.starts_with(|c: char| c.is_ascii_uppercase()) {
            break;
        }
        if is_place_marker(word) {
            marker = true;
            end = e;
        } else if !word.starts_with(|c: char| c.is_ascii_uppercase()) {
            break;
        } else if words == 0 {
            name_after = true;
            end = e;
        }
        words += 1;
        p = e;
    }
    if !marker || !(name_after || lo < ds) || facility_near(cx, lo, end) {
        return None;
    }
    let span = text.get(lo..end)?;
    let confidence = if cx.near(lo, end, cat::ADDRESS, WINDOW, 10) { Confidence::High } else { Confidence::Medium };
    Some(PiiMatch {
        kind: PiiKind::Address,
        start: lo,
        end,
        severity: Severity::Block,
        masked: mask::digits_in(span, false),
        confidence,
        note: None,
    })
}
