//! `hatsugen calendar`: the non-working days of a policy's calendar in a date range, with
//! the policy's election periods (`election`) and sensitive days (`sensitive`).

use clap::{Args, ValueEnum};
use hatsugen::Policy;
use hatsugen::calendar::{Calendar, CalendarError, DayKind, FIRST_SUPPORTED_DATE, LAST_SUPPORTED_DATE};
use jiff::civil::{Date, Weekday};

use crate::{EXIT_USAGE, Failure, PolicyArgs, print_out};

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CalendarFormat {
    /// Tab-separated: date, kind, Japanese name, English name.
    Tsv,
    /// A JSON array of {date, kind, name_ja, name_en}.
    Json,
}

#[derive(Args, Debug)]
pub(crate) struct CalendarArgs {
    /// First day, YYYY-MM-DD (1948-07-20 or later).
    #[arg(long, value_name = "DATE")]
    from: String,
    /// Last day, YYYY-MM-DD (2099-12-31 or earlier).
    #[arg(long, value_name = "DATE")]
    to: String,
    #[command(flatten)]
    pub(crate) policy: PolicyArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "tsv")]
    format: CalendarFormat,
    /// Also list the days the policy's schedule does not work (weekends), as `weekend`.
    #[arg(long)]
    weekends: bool,
}

fn usage(message: String) -> Failure {
    Failure { code: EXIT_USAGE, message }
}

fn parse_date(flag: &str, s: &str) -> Result<Date, Failure> {
    let well_formed = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    let date = well_formed.then(|| s.parse::<Date>().ok()).flatten();
    let date = date.ok_or_else(|| usage(format!("`{flag}` value `{s}` is not a date: expected YYYY-MM-DD")))?;
    if date < FIRST_SUPPORTED_DATE || date > LAST_SUPPORTED_DATE {
        return Err(usage(format!(
            "`{flag}` value `{s}` is outside the supported range {FIRST_SUPPORTED_DATE} to {LAST_SUPPORTED_DATE}"
        )));
    }
    Ok(date)
}

fn kind_name(kind: DayKind) -> &'static str {
    match kind {
        DayKind::Holiday => "holiday",
        DayKind::Substitute => "substitute",
        DayKind::Citizens => "citizens",
        DayKind::Closure => "closure",
        DayKind::Local => "local",
        DayKind::Weekend => "weekend",
    }
}

/// One line of the listing.
#[derive(serde::Serialize)]
struct Row {
    date: String,
    kind: &'static str,
    name_ja: String,
    name_en: String,
}

/// The days of `[from, to]` in election periods and on sensitive days.
fn event_rows(policy: &Policy, from: Date, to: Date) -> Vec<(Date, Row)> {
    let mut rows = Vec::new();
    let mut day = from;
    loop {
        for e in policy.elections() {
            if e.announced <= day && day <= e.vote {
                let (ja, en) = if day == e.announced {
                    ("告示日", "announcement day")
                } else if day == e.vote {
                    ("投票日", "voting day")
                } else {
                    ("選挙期間", "campaign period")
                };
                rows.push((
                    day,
                    Row {
                        date: day.to_string(),
                        kind: "election",
                        name_ja: format!("{} {ja}({}〜{})", e.name, e.announced, e.vote),
                        name_en: format!("{} {en} ({} to {}, {})", e.name, e.announced, e.vote, e.kind.as_str()),
                    },
                ));
            }
        }
        for d in policy.sensitive_days() {
            if d.date.matches(day) {
                let (wja, wen) = d.window_text();
                rows.push((
                    day,
                    Row {
                        date: day.to_string(),
                        kind: "sensitive",
                        name_ja: format!("{} {wja}", d.name),
                        name_en: format!("{} {wen}", d.name_en.as_deref().unwrap_or(&d.name)),
                    },
                ));
            }
        }
        match day.tomorrow() {
            Ok(next) if next <= to => day = next,
            _ => break,
        }
    }
    rows
}

/// Runs the command; the policy was read from `args.policy`.
pub(crate) fn run(args: &CalendarArgs, policy: &Policy) -> Result<u8, crate::Failure> {
    let from = parse_date("--from", &args.from)?;
    let to = parse_date("--to", &args.to)?;
    if from > to {
        return Err(usage(format!("`--from` {from} is after `--to` {to}")));
    }
    let calendar = Calendar::new(policy.calendar()).map_err(|e| Failure::data(e.to_string()))?;
    let off_days: Vec<Weekday> = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ]
    .into_iter()
    .filter(|w| !policy.schedule().days().contains(w))
    .collect();
    let days = calendar
        .days_off(from, to, args.weekends.then_some(off_days.as_slice()))
        .map_err(|e: CalendarError| usage(e.to_string()))?;
    let mut rows: Vec<(Date, Row)> = days
        .iter()
        .map(|d| {
            let row = Row {
                date: d.date.to_string(),
                kind: kind_name(d.kind),
                name_ja: d.name_ja.clone(),
                name_en: d.name_en.clone(),
            };
            (d.date, row)
        })
        .collect();
    rows.extend(event_rows(policy, from, to));
    rows.sort_by_key(|(date, _)| *date);
    let rows: Vec<Row> = rows.into_iter().map(|(_, r)| r).collect();
    let mut out = String::new();
    match args.format {
        CalendarFormat::Tsv => {
            for r in &rows {
                out.push_str(&format!("{}\t{}\t{}\t{}\n", r.date, r.kind, r.name_ja, r.name_en));
            }
        }
        CalendarFormat::Json => {
            out = serde_json::to_string(&rows).map_err(|e| Failure::data(e.to_string()))?;
            out.push('\n');
        }
    }
    print_out(&out)?;
    Ok(0)
}
