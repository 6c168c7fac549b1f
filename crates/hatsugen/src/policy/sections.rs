//! The sections of a policy file, read from the spanned TOML tree into the `*File` structs
//! (what one file says, before it is applied on top of the pack it extends).

use std::collections::BTreeMap;

use toml::Spanned;
use toml::de::DeValue;

use super::read::{
    Ctx, Value, array, bool_of, enum_of, map, one_or_many, spanned_string, str_of, strings, table, uint,
};
use super::timing::{CalendarFile, LateNightFile, ScheduleFile};
use super::{Broadcast, Gate, Limits, PolicyError, Source, Within};
use crate::report::{Message, Severity, Suggestion};

pub(super) struct PolicyFile {
    pub(super) extends: Option<Spanned<String>>,
    pub(super) id: Option<Spanned<String>>,
    pub(super) version: Option<String>,
    pub(super) description: Option<String>,
    pub(super) broadcast: Option<Broadcast>,
    pub(super) limits: Option<Limits>,
    pub(super) schedule: Option<Spanned<ScheduleFile>>,
    pub(super) calendar: Option<Spanned<CalendarFile>>,
    pub(super) late_night: Option<Spanned<LateNightFile>>,
    pub(super) embargo: Vec<EmbargoFile>,
    pub(super) elections: Vec<Spanned<super::Election>>,
    pub(super) sensitive_days: Vec<super::SensitiveDay>,
    pub(super) duties: BTreeMap<String, super::Duty>,
    pub(super) places: Vec<super::Place>,
    pub(super) examples: Vec<super::Example>,
    pub(super) remove_terms: Vec<Spanned<String>>,
    pub(super) rules: BTreeMap<Spanned<String>, RuleFile>,
    pub(super) groups: BTreeMap<Spanned<String>, GroupFile>,
}

pub(super) struct RuleFile {
    pub(super) enabled: Option<bool>,
    pub(super) severity: Option<Severity>,
    pub(super) clause: Option<String>,
    pub(super) law: Option<String>,
    pub(super) message: Option<Message>,
    pub(super) suggestion: Option<Suggestion>,
    pub(super) any: Option<Vec<Spanned<String>>>,
    pub(super) all: Option<Vec<Spanned<String>>>,
    pub(super) unless: Option<Vec<Spanned<String>>>,
    pub(super) seq: Option<Vec<Spanned<String>>>,
    pub(super) within: Option<Within>,
    pub(super) when: Option<Gate>,
    pub(super) on: Option<Source>,
}

pub(super) struct GroupFile {
    pub(super) description: Option<String>,
    pub(super) except: Vec<String>,
    pub(super) terms: Vec<TermFile>,
}

pub(super) struct TermFile {
    pub(super) id: Spanned<String>,
    pub(super) matches: Vec<String>,
    pub(super) regex: Option<Spanned<String>>,
    pub(super) except: Vec<String>,
    pub(super) verb: Vec<String>,
    pub(super) adjective: Vec<String>,
    pub(super) class: Option<String>,
    pub(super) forms: Vec<String>,
    pub(super) reading: Vec<String>,
    pub(super) readings: Option<bool>,
    pub(super) lookalike: Option<bool>,
    pub(super) edge: Option<bool>,
}

pub(super) struct EmbargoFile {
    pub(super) id: Spanned<String>,
    pub(super) terms: Vec<String>,
    pub(super) lift: Spanned<String>,
    pub(super) note: Option<String>,
}

pub(super) fn read_policy(cx: &Ctx<'_>, doc: &Value<'_>) -> Result<PolicyFile, PolicyError> {
    let t = table(
        cx,
        doc,
        &[
            "extends",
            "id",
            "version",
            "description",
            "broadcast",
            "limits",
            "schedule",
            "calendar",
            "late_night",
            "embargo",
            "election",
            "sensitive_day",
            "duties",
            "place",
            "example",
            "remove_terms",
            "rules",
            "groups",
        ],
    )?;
    let mut rules = BTreeMap::new();
    if let Some(v) = t.get("rules") {
        for (k, v) in map(cx, v)? {
            rules.insert(Spanned::new(k.span(), k.get_ref().to_string()), read_rule(cx, v)?);
        }
    }
    let mut groups = BTreeMap::new();
    if let Some(v) = t.get("groups") {
        for (k, v) in map(cx, v)? {
            groups.insert(Spanned::new(k.span(), k.get_ref().to_string()), read_group(cx, v)?);
        }
    }
    let embargo = match t.get("embargo") {
        Some(v) => array(cx, v)?.iter().map(|e| read_embargo(cx, e)).collect::<Result<_, _>>()?,
        None => Vec::new(),
    };
    let examples = match t.get("example") {
        Some(v) => array(cx, v)?.iter().map(|e| read_example(cx, e)).collect::<Result<_, _>>()?,
        None => Vec::new(),
    };
    Ok(PolicyFile {
        examples,
        extends: t.spanned(cx, "extends")?,
        id: t.spanned(cx, "id")?,
        version: t.string(cx, "version")?,
        description: t.string(cx, "description")?,
        broadcast: t.get("broadcast").map(|v| read_broadcast(cx, v)).transpose()?,
        limits: t.get("limits").map(|v| read_limits(cx, v)).transpose()?,
        schedule: t.get("schedule").map(|v| ScheduleFile::read(cx, v)).transpose()?,
        calendar: t.get("calendar").map(|v| CalendarFile::read(cx, v)).transpose()?,
        late_night: t.get("late_night").map(|v| LateNightFile::read(cx, v)).transpose()?,
        embargo,
        elections: t.get("election").map(|v| super::events::read_elections(cx, v)).transpose()?.unwrap_or_default(),
        sensitive_days: t
            .get("sensitive_day")
            .map(|v| super::events::read_sensitive_days(cx, v))
            .transpose()?
            .unwrap_or_default(),
        duties: t.get("duties").map(|v| super::events::read_duties(cx, v)).transpose()?.unwrap_or_default(),
        places: t.get("place").map(|v| super::places::read_places(cx, v)).transpose()?.unwrap_or_default(),
        remove_terms: t.spanned_list(cx, "remove_terms")?.unwrap_or_default(),
        rules,
        groups,
    })
}

fn read_broadcast(cx: &Ctx<'_>, v: &Value<'_>) -> Result<Broadcast, PolicyError> {
    let t = table(cx, v, &["threshold"])?;
    let threshold = uint(cx, t.require(cx, "threshold")?, u64::from(u32::MAX), "u32")?;
    Ok(Broadcast { threshold: u32::try_from(threshold).unwrap_or(u32::MAX) })
}

fn read_limits(cx: &Ctx<'_>, v: &Value<'_>) -> Result<Limits, PolicyError> {
    let t = table(cx, v, &["max_text_bytes"])?;
    let max = u64::try_from(usize::MAX).unwrap_or(u64::MAX);
    let n = uint(cx, t.require(cx, "max_text_bytes")?, max, "usize")?;
    Ok(Limits { max_text_bytes: usize::try_from(n).unwrap_or(usize::MAX) })
}

fn read_rule(cx: &Ctx<'_>, v: &Value<'_>) -> Result<RuleFile, PolicyError> {
    let t = table(
        cx,
        v,
        &[
            "enabled",
            "severity",
            "clause",
            "law",
            "message",
            "suggestion",
            "any",
            "all",
            "unless",
            "seq",
            "within",
            "when",
            "on",
        ],
    )?;
    let within = |v: &Value<'_>| -> Result<Within, PolicyError> {
        match v.get_ref() {
            DeValue::String(_) => enum_of(cx, v, &["sentence"]).map(|_| Within::Sentence),
            _ => uint(cx, v, 10_000, "`within`").map(|n| Within::Chars(n as u32)),
        }
    };
    let severity = |v| {
        enum_of(cx, v, &["info", "warn", "block"]).map(|i| match i {
            0 => Severity::Info,
            1 => Severity::Warn,
            _ => Severity::Block,
        })
    };
    let gate = |v| {
        enum_of(cx, v, &["work_channel", "official_account"])
            .map(|i| if i == 0 { Gate::WorkChannel } else { Gate::OfficialAccount })
    };
    let source =
        |v| enum_of(cx, v, &["text", "attachments"]).map(|i| if i == 0 { Source::Text } else { Source::Attachments });
    Ok(RuleFile {
        enabled: t.get("enabled").map(|v| bool_of(cx, v)).transpose()?,
        severity: t.get("severity").map(severity).transpose()?,
        clause: t.string(cx, "clause")?,
        law: t.string(cx, "law")?,
        message: t.get("message").map(|v| read_message(cx, v)).transpose()?,
        suggestion: t.get("suggestion").map(|v| read_suggestion(cx, v)).transpose()?,
        any: t.spanned_list(cx, "any")?,
        all: t.spanned_list(cx, "all")?,
        unless: t.spanned_list(cx, "unless")?,
        seq: t.spanned_list(cx, "seq")?,
        within: t.get("within").map(within).transpose()?,
        when: t.get("when").map(gate).transpose()?,
        on: t.get("on").map(source).transpose()?,
    })
}

fn read_message(cx: &Ctx<'_>, v: &Value<'_>) -> Result<Message, PolicyError> {
    let t = table(cx, v, &["ja", "en"])?;
    let ja = str_of(cx, t.require(cx, "ja")?)?.to_owned();
    // A city may write its messages in Japanese only; the English falls back to them.
    let en = t.string(cx, "en")?.unwrap_or_else(|| ja.clone());
    Ok(Message { ja, en })
}

fn read_suggestion(cx: &Ctx<'_>, v: &Value<'_>) -> Result<Suggestion, PolicyError> {
    let t = table(cx, v, &["ja", "en", "replacement"])?;
    Ok(Suggestion {
        ja: str_of(cx, t.require(cx, "ja")?)?.to_owned(),
        en: str_of(cx, t.require(cx, "en")?)?.to_owned(),
        replacement: t.string(cx, "replacement")?,
    })
}

fn read_group(cx: &Ctx<'_>, v: &Value<'_>) -> Result<GroupFile, PolicyError> {
    let t = table(cx, v, &["description", "except", "terms"])?;
    let terms = match t.get("terms") {
        Some(v) => array(cx, v)?.iter().map(|term| read_term(cx, term)).collect::<Result<_, _>>()?,
        None => Vec::new(),
    };
    Ok(GroupFile { description: t.string(cx, "description")?, except: t.strings(cx, "except")?, terms })
}

fn read_term(cx: &Ctx<'_>, v: &Value<'_>) -> Result<TermFile, PolicyError> {
    let t = table(
        cx,
        v,
        &[
            "id",
            "match",
            "regex",
            "except",
            "verb",
            "adjective",
            "class",
            "forms",
            "reading",
            "readings",
            "lookalike",
            "edge",
        ],
    )?;
    let class = match t.get("class") {
        Some(v) => {
            Some(["godan", "ichidan", "suru", "kuru"].get(enum_of(cx, v, &["godan", "ichidan", "suru", "kuru"])?))
        }
        None => None,
    };
    let forms = match t.get("forms") {
        Some(v) => array(cx, v)?
            .iter()
            .map(|f| enum_of(cx, f, crate::lexicon::Form::NAMES).map(|i| crate::lexicon::Form::NAMES.get(i)))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .flatten()
            .map(|s| (*s).to_owned())
            .collect(),
        None => Vec::new(),
    };
    Ok(TermFile {
        id: spanned_string(cx, t.require(cx, "id")?)?,
        matches: t.strings(cx, "match")?,
        regex: t.spanned(cx, "regex")?,
        except: t.strings(cx, "except")?,
        verb: one_or_many(cx, t.get("verb"))?,
        adjective: one_or_many(cx, t.get("adjective"))?,
        class: class.flatten().map(|s| (*s).to_owned()),
        forms,
        reading: t.strings(cx, "reading")?,
        readings: t.get("readings").map(|v| bool_of(cx, v)).transpose()?,
        lookalike: t.get("lookalike").map(|v| bool_of(cx, v)).transpose()?,
        edge: t.get("edge").map(|v| bool_of(cx, v)).transpose()?,
    })
}

fn read_embargo(cx: &Ctx<'_>, v: &Value<'_>) -> Result<EmbargoFile, PolicyError> {
    let t = table(cx, v, &["id", "terms", "lift", "note"])?;
    Ok(EmbargoFile {
        id: spanned_string(cx, t.require(cx, "id")?)?,
        terms: strings(cx, t.require(cx, "terms")?)?,
        lift: spanned_string(cx, t.require(cx, "lift")?)?,
        note: t.string(cx, "note")?,
    })
}

pub(super) fn valid_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-' | '.'))
}

pub(super) fn valid_rule_id(s: &str) -> bool {
    match s.split_once('.') {
        Some((cat, name)) => {
            let part = |p: &str| {
                p.starts_with(|c: char| c.is_ascii_lowercase())
                    && p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            };
            part(cat) && part(name)
        }
        None => false,
    }
}

/// A document of `[[example]]`s and nothing else.
pub(super) fn read_examples(cx: &Ctx<'_>, doc: &Value<'_>) -> Result<Vec<super::Example>, PolicyError> {
    let t = table(cx, doc, &["example"])?;
    match t.get("example") {
        Some(v) => array(cx, v)?.iter().map(|e| read_example(cx, e)).collect(),
        None => Ok(Vec::new()),
    }
}

fn read_example(cx: &Ctx<'_>, v: &Value<'_>) -> Result<super::Example, PolicyError> {
    let t = table(cx, v, &["text", "context", "expect"])?;
    let text_v = t.require(cx, "text")?;
    let text = str_of(cx, text_v)?.to_owned();
    let context = match t.get("context") {
        None => crate::context::Context::default(),
        Some(c) => crate::context::Context::from_json(&{
            let mut json = String::new();
            json_of(c.get_ref(), &mut json);
            json
        })
        .map_err(|e| {
            cx.err_at(
                super::PolicyErrorKind::Invalid,
                c.span().start,
                format!("invalid example context: {}", e.message()),
            )
            .key("example.context")
        })?,
    };
    let expect_v = t.require(cx, "expect")?;
    let expect = match expect_v.get_ref() {
        DeValue::String(_) => {
            let names = ["allow", "warn", "block"];
            let verdicts = [crate::report::Verdict::Allow, crate::report::Verdict::Warn, crate::report::Verdict::Block];
            let i = enum_of(cx, expect_v, &names)?;
            super::Expect::Verdict(verdicts.get(i).copied().unwrap_or(crate::report::Verdict::Block))
        }
        _ => {
            let mut ids = strings(cx, expect_v)?;
            crate::sort::sort(&mut ids);
            ids.dedup();
            super::Expect::Rules(ids)
        }
    };
    let line = super::error::line_col(cx.src, text_v.span().start).0;
    let at = expect_v.span().start;
    Ok(super::Example { text, context, expect, origin: cx.origin.to_owned(), line, at })
}

/// A TOML value written as JSON text (an example's context, read by the context's own
/// JSON reader, so the rules for contexts are the same everywhere).
fn json_of(v: &DeValue<'_>, out: &mut String) {
    match v {
        DeValue::String(s) => json_string(s, out),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => out.push_str(&n.to_string()),
            Err(_) => json_string(i.as_str(), out),
        },
        DeValue::Float(f) => out.push_str(f.as_str()),
        DeValue::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
        DeValue::Datetime(d) => json_string(&d.to_string(), out),
        DeValue::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_of(x.get_ref(), out);
            }
            out.push(']');
        }
        DeValue::Table(t) => {
            out.push('{');
            for (i, (k, x)) in t.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_string(k.get_ref(), out);
                out.push(':');
                json_of(x.get_ref(), out);
            }
            out.push('}');
        }
    }
}

fn json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}
