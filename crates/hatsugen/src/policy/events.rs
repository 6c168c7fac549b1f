//! What is happening in the city: election periods (`[[election]]`), sensitive days
//! (`[[sensitive_day]]`) and the special duties that make a staffer's rules stricter
//! (`[duties.NAME]`, 特定公務員).
//!
//! Merging on `extends`: an election or a sensitive day with the id of one in the parent
//! replaces it, others are appended; a duty with the name of one in the parent replaces it.
//! Every entry is validated where it is written.

use std::collections::BTreeMap;
use std::fmt;

use jiff::civil::Date;
use serde::{Serialize, Serializer};
use toml::Spanned;

use super::error::PolicyProblem;
use super::read::{Ctx, Value, array, enum_of, map, spanned_string, str_of, table, uint};
use super::sections::valid_ident;
use super::timing::{date, month_day};
use super::{Policy, PolicyError};
use crate::calendar::{MonthDay, TimeOfDay};
use crate::report::Severity;

/// The longest election period accepted, in days from the announcement to the vote (a
/// general election's 公示 is 12 days before the vote, an upper-house election's 17).
pub const MAX_ELECTION_DAYS: i32 = 60;
/// The widest margin of a sensitive day's window, in minutes (12 hours each side: the day).
pub const MAX_MARGIN_MINUTES: u32 = 12 * 60;
/// The margin of a sensitive day's window when `at` is given without `margin`.
pub const DEFAULT_MARGIN_MINUTES: u32 = 60;

/// Which government the election is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ElectionKind {
    /// The Diet (衆議院・参議院).
    National,
    /// A prefecture's governor or assembly.
    Prefectural,
    /// A city's, town's or village's mayor or assembly.
    Municipal,
}

impl ElectionKind {
    /// Every kind.
    pub const ALL: &'static [ElectionKind] =
        &[ElectionKind::National, ElectionKind::Prefectural, ElectionKind::Municipal];

    /// The name used in policy files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ElectionKind::National => "national",
            ElectionKind::Prefectural => "prefectural",
            ElectionKind::Municipal => "municipal",
        }
    }
}

/// An election: its period runs from the announcement day (告示日・公示日) through the end of
/// voting day, in the policy's time zone.
///
/// ```toml
/// [[election]]
/// id = "minato-mayor-2027"
/// name = "みなと市長選挙"
/// kind = "municipal"
/// announced = "2027-04-18"
/// vote = "2027-04-25"
/// candidates = ["山田太郎", "佐藤花子"]
/// parties = ["みなと未来の会"]
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Election {
    /// Stable id.
    pub id: String,
    /// Its name, as findings and the calendar show it (「みなと市長選挙」).
    pub name: String,
    /// National, prefectural or municipal.
    pub kind: ElectionKind,
    /// The announcement day (告示日 or 公示日): the period starts at its midnight.
    pub announced: Date,
    /// Voting day: the period ends at its end.
    pub vote: Date,
    /// Candidates' names, matched as lexicon terms.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
    /// Parties and political groups, matched as lexicon terms.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<String>,
}

/// The day of a sensitive day: every year on a month-day, or once on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SensitiveDate {
    /// Every year (`03-11`).
    Yearly(MonthDay),
    /// Once (`2027-07-01`).
    Once(Date),
}

impl SensitiveDate {
    /// Whether `day` is this day.
    pub fn matches(self, day: Date) -> bool {
        match self {
            SensitiveDate::Yearly(md) => MonthDay::of(day) == md,
            SensitiveDate::Once(d) => d == day,
        }
    }
}

impl fmt::Display for SensitiveDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SensitiveDate::Yearly(md) => md.fmt(f),
            SensitiveDate::Once(d) => d.fmt(f),
        }
    }
}

impl Serialize for SensitiveDate {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.collect_str(self)
    }
}

/// A day on which frivolous or celebratory posts hurt: a disaster's anniversary, a day of
/// mourning. With `at`, only the window `at ± margin` counts; without it, the whole day.
///
/// ```toml
/// [[sensitive_day]]
/// id = "great-east-japan-earthquake"
/// name = "東日本大震災の発生日"
/// name_en = "anniversary of the Great East Japan Earthquake"
/// date = "03-11"        # every year; "2027-07-01" for one day
/// at = "14:46"          # the moment of silence
/// margin = 60           # minutes either side (default 60 when `at` is given)
/// severity = "warn"     # default warn
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SensitiveDay {
    /// Stable id.
    pub id: String,
    /// Its name, as findings show it (「東日本大震災の発生日」).
    pub name: String,
    /// Its name in English.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// The day.
    pub date: SensitiveDate,
    /// The moment the window is centred on; `None` for the whole day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<TimeOfDay>,
    /// Minutes either side of `at` (set whenever `at` is).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin: Option<u32>,
    /// The severity of a finding on this day.
    pub severity: Severity,
}

impl SensitiveDay {
    /// The window on `day` as seconds from its midnight: `[start, end)`, which may reach
    /// into the day before (negative) or after (past 86 400); `None` if `day` is not this
    /// day.
    pub fn window_on(&self, day: Date) -> Option<(i64, i64)> {
        if !self.date.matches(day) {
            return None;
        }
        Some(match self.at {
            None => (0, 24 * 3600),
            Some(at) => {
                let centre = i64::from(at.minutes()) * 60;
                let margin = i64::from(self.margin.unwrap_or(DEFAULT_MARGIN_MINUTES)) * 60;
                (centre - margin, centre + margin)
            }
        })
    }

    /// `HH:MM–HH:MM` of the window, or 「終日」/"all day".
    pub fn window_text(&self) -> (String, String) {
        match self.at {
            None => ("終日".to_owned(), "all day".to_owned()),
            Some(at) => {
                let m = i64::from(at.minutes());
                let margin = i64::from(self.margin.unwrap_or(DEFAULT_MARGIN_MINUTES));
                let hm = |x: i64| {
                    let x = x.rem_euclid(24 * 60);
                    format!("{:02}:{:02}", x / 60, x % 60)
                };
                let s = format!("{}〜{}", hm(m - margin), hm(m + margin));
                (s.clone(), s.replace('〜', "–"))
            }
        }
    }
}

/// How a special duty changes the election rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ElectionProfile {
    /// Any election-related post during an election period blocks (特定公務員:
    /// 公職選挙法第136条).
    Strict,
    /// No stricter treatment (turns off a duty the parent pack lists).
    Normal,
}

impl ElectionProfile {
    /// Every profile.
    pub const ALL: &'static [ElectionProfile] = &[ElectionProfile::Strict, ElectionProfile::Normal];

    /// The name used in policy files (`strict`).
    pub fn as_str(self) -> &'static str {
        match self {
            ElectionProfile::Strict => "strict",
            ElectionProfile::Normal => "normal",
        }
    }
}

/// A special duty a context may name in `duty` (`election_admin`…), and what it changes.
///
/// ```toml
/// [duties.election_admin]
/// name = "選挙管理委員会の職員"
/// election = "strict"
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duty {
    /// Its name, as findings show it.
    pub name: String,
    /// The election profile.
    pub election: ElectionProfile,
}

fn invalid(cx: &Ctx<'_>, offset: usize, key: &str, message: String) -> PolicyError {
    cx.problem(offset, PolicyProblem::InvalidValue { message }).key(key)
}

fn ident(cx: &Ctx<'_>, v: &Value<'_>, what: &'static str, key: &str) -> Result<String, PolicyError> {
    let id = spanned_string(cx, v)?;
    if !valid_ident(id.get_ref()) {
        return Err(cx.err(&id, PolicyProblem::BadName { what, name: id.get_ref().clone() }).key(key));
    }
    Ok(id.into_inner())
}

fn terms(cx: &Ctx<'_>, v: Option<&Value<'_>>, key: &str) -> Result<Vec<String>, PolicyError> {
    let Some(v) = v else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for t in array(cx, v)? {
        let s = str_of(cx, t)?;
        if crate::text::fold(s).is_empty() {
            return Err(invalid(cx, t.span().start, key, format!("`{key}` has an empty name `{s}`")));
        }
        out.push(s.to_owned());
    }
    Ok(out)
}

/// One `[[election]]` entry, with where it was written.
pub(super) fn read_election(cx: &Ctx<'_>, v: &Value<'_>) -> Result<Spanned<Election>, PolicyError> {
    let t = table(cx, v, &["id", "name", "kind", "announced", "vote", "candidates", "parties"])?;
    let id = ident(cx, t.require(cx, "id")?, "election id", "election.id")?;
    let kind = enum_of::<ElectionKind>(cx, t.require(cx, "kind")?)?;
    let announced = date(cx, t.require(cx, "announced")?)?;
    let vote_v = t.require(cx, "vote")?;
    let vote = date(cx, vote_v)?;
    let days = crate::calendar::days::day_number(vote) - crate::calendar::days::day_number(announced);
    if !(0..=i64::from(MAX_ELECTION_DAYS)).contains(&days) {
        return Err(invalid(
            cx,
            vote_v.span().start,
            "election.vote",
            format!(
                "election `{id}` votes on `{vote}`, which must be on or after `announced` (`{announced}`) and at most {MAX_ELECTION_DAYS} days after it"
            ),
        ));
    }
    let election = Election {
        name: str_of(cx, t.require(cx, "name")?)?.to_owned(),
        kind,
        announced,
        vote,
        candidates: terms(cx, t.get("candidates"), "election.candidates")?,
        parties: terms(cx, t.get("parties"), "election.parties")?,
        id,
    };
    Ok(Spanned::new(v.span(), election))
}

/// One `[[sensitive_day]]` entry.
pub(super) fn read_sensitive_day(cx: &Ctx<'_>, v: &Value<'_>) -> Result<SensitiveDay, PolicyError> {
    let t = table(cx, v, &["id", "name", "name_en", "date", "at", "margin", "severity"])?;
    let id = ident(cx, t.require(cx, "id")?, "sensitive day id", "sensitive_day.id")?;
    let date_v = t.require(cx, "date")?;
    let when = if str_of(cx, date_v)?.len() == 10 {
        SensitiveDate::Once(date(cx, date_v)?)
    } else {
        let md = month_day(cx, date_v)?;
        if !md.is_valid() {
            return Err(invalid(
                cx,
                date_v.span().start,
                "sensitive_day.date",
                format!("invalid `sensitive_day.date` value `{md}`: no such day"),
            ));
        }
        SensitiveDate::Yearly(md)
    };
    let at = match t.get("at") {
        Some(a) => {
            let s = str_of(cx, a)?;
            let tod = s.parse::<TimeOfDay>().ok().filter(|x| *x != TimeOfDay::END_OF_DAY).ok_or_else(|| {
                invalid(
                    cx,
                    a.span().start,
                    "sensitive_day.at",
                    format!("invalid `sensitive_day.at` value `{s}`: expected `HH:MM` from `00:00` to `23:59`"),
                )
            })?;
            Some(tod)
        }
        None => None,
    };
    let margin = match t.get("margin") {
        Some(m) => {
            if at.is_none() {
                return Err(invalid(
                    cx,
                    m.span().start,
                    "sensitive_day.margin",
                    format!("sensitive day `{id}` has a `margin` but no `at` to centre it on"),
                ));
            }
            let n = uint(cx, m, u64::from(MAX_MARGIN_MINUTES), "minutes (0 to 720)")?;
            Some(u32::try_from(n).unwrap_or(MAX_MARGIN_MINUTES))
        }
        None => at.map(|_| DEFAULT_MARGIN_MINUTES),
    };
    let severity = match t.get("severity") {
        Some(s) => enum_of::<Severity>(cx, s)?,
        None => Severity::Warn,
    };
    Ok(SensitiveDay {
        name: str_of(cx, t.require(cx, "name")?)?.to_owned(),
        name_en: t.string(cx, "name_en")?,
        date: when,
        at,
        margin,
        severity,
        id,
    })
}

/// `[duties]`: a table of duties by name (a duty with an error is recorded and left out).
pub(super) fn read_duties(cx: &Ctx<'_>, v: &Value<'_>) -> BTreeMap<String, Duty> {
    let mut out = BTreeMap::new();
    for (k, v) in cx.keep(map(cx, v)).into_iter().flatten() {
        let name = k.get_ref().to_string();
        let duty = || -> Result<Duty, PolicyError> {
            if !valid_ident(&name) {
                return Err(cx
                    .problem(k.span().start, PolicyProblem::BadName { what: "duty name", name: name.clone() })
                    .key("duties"));
            }
            let t = table(cx, v, &["name", "election"])?;
            let election = enum_of::<ElectionProfile>(cx, t.require(cx, "election")?)?;
            Ok(Duty { name: str_of(cx, t.require(cx, "name")?)?.to_owned(), election })
        };
        if let Some(d) = cx.keep(duty()) {
            out.insert(name, d);
        }
    }
    out
}

/// Applies a file's elections, sensitive days and duties on top of its parent's.
pub(super) fn merge_events(
    policy: &mut Policy,
    elections: Vec<Spanned<Election>>,
    days: Vec<SensitiveDay>,
    duties: BTreeMap<String, Duty>,
) {
    for e in elections {
        let e = e.into_inner();
        match policy.elections.iter_mut().find(|x| x.id == e.id) {
            Some(existing) => *existing = e,
            None => policy.elections.push(e),
        }
    }
    for d in days {
        match policy.sensitive_days.iter_mut().find(|x| x.id == d.id) {
            Some(existing) => *existing = d,
            None => policy.sensitive_days.push(d),
        }
    }
    policy.duties.extend(duties);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use jiff::civil::date;

    #[test]
    fn windows_are_centred_and_may_cross_midnight() {
        let mut d = SensitiveDay {
            id: "x".into(),
            name: "x".into(),
            name_en: None,
            date: SensitiveDate::Yearly(MonthDay::new(3, 11)),
            at: Some("14:46".parse().unwrap()),
            margin: Some(60),
            severity: Severity::Warn,
        };
        assert_eq!(d.window_on(date(2027, 3, 11)), Some((13 * 3600 + 46 * 60, 15 * 3600 + 46 * 60)));
        assert_eq!(d.window_on(date(2027, 3, 12)), None);
        assert_eq!(d.window_text().0, "13:46〜15:46");
        d.at = Some("00:30".parse().unwrap());
        assert_eq!(d.window_on(date(2030, 3, 11)), Some((-1800, 5400)));
        assert_eq!(d.window_text().1, "23:30–01:30");
        d.at = None;
        assert_eq!(d.window_on(date(2030, 3, 11)), Some((0, 86400)));
        d.date = SensitiveDate::Once(date(2027, 7, 1));
        assert_eq!(d.window_on(date(2028, 7, 1)), None);
        assert!(d.window_on(date(2027, 7, 1)).is_some());
    }
}
