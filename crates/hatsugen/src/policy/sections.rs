//! The sections of a policy file, read from the spanned TOML tree into the `*File` structs
//! (what one file says, before it is applied on top of the pack it extends).

use std::collections::BTreeMap;

use toml::Spanned;
use toml::de::DeValue;

use super::error::PolicyProblem;
use super::read::{
    Ctx, TOP_LEVEL, Value, array, bool_of, enum_of, map, number, one_of, one_or_many, spanned_string, str_of, strings,
    table, uint,
};
use super::timing::{CalendarFile, LateNightFile};
use super::{Broadcast, Gate, Limits, PolicyError, Source, Within};
use crate::report::{Message, Severity, Suggestion, Verdict};

pub(super) struct PolicyFile<'i> {
    pub(super) extends: Option<Spanned<String>>,
    pub(super) id: Option<Spanned<String>>,
    pub(super) version: Option<String>,
    pub(super) description: Option<String>,
    pub(super) broadcast: Option<Broadcast>,
    pub(super) limits: Option<Limits>,
    /// Read when it is applied, over the schedule of the pack it extends.
    pub(super) schedule: Option<Value<'i>>,
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
    pub(super) categories: BTreeMap<Spanned<String>, CategoryFile>,
}

/// `[category.NAME]`: what every rule of the category takes unless it says otherwise.
#[derive(Default)]
pub(super) struct CategoryFile {
    pub(super) clause: Option<String>,
    pub(super) law: Option<String>,
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
    pub(super) unless_nearby: Option<Vec<Spanned<String>>>,
    pub(super) seq: Option<Vec<Spanned<String>>>,
    pub(super) within: Option<Within>,
    pub(super) when: Option<Gate>,
    pub(super) on: Option<Source>,
    pub(super) accept: Option<Vec<Spanned<String>>>,
    pub(super) yield_to: Option<Vec<Spanned<String>>>,
    pub(super) yield_within: Option<super::YieldReach>,
    pub(super) model: Option<String>,
    pub(super) model_min: Option<f64>,
    pub(super) unless_model_below: Option<f64>,
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
    pub(super) sure: Option<bool>,
}

pub(super) struct EmbargoFile {
    pub(super) id: Spanned<String>,
    pub(super) terms: Vec<String>,
    pub(super) lift: Spanned<String>,
    pub(super) note: Option<String>,
}

/// Reads what one file says. An error in a section or an entry is recorded in `cx` and
/// that section or entry left out, so that every error of the file is found in one run.
pub(super) fn read_policy<'i>(cx: &Ctx<'_>, doc: &Value<'i>) -> Result<PolicyFile<'i>, PolicyError> {
    let t = table(cx, doc, TOP_LEVEL)?;
    let mut rules = BTreeMap::new();
    if let Some(v) = t.get("rules").and_then(|v| cx.keep(map(cx, v))) {
        for (k, v) in v {
            if let Some(rule) = cx.keep(read_rule(cx, v)) {
                rules.insert(Spanned::new(k.span(), k.get_ref().to_string()), rule);
            }
        }
    }
    let mut groups = BTreeMap::new();
    if let Some(v) = t.get("groups").and_then(|v| cx.keep(map(cx, v))) {
        for (k, v) in v {
            if let Some(group) = cx.keep(read_group(cx, v)) {
                groups.insert(Spanned::new(k.span(), k.get_ref().to_string()), group);
            }
        }
    }
    let mut categories = BTreeMap::new();
    if let Some(v) = t.get("category").and_then(|v| cx.keep(map(cx, v))) {
        for (k, v) in v {
            let read = || -> Result<CategoryFile, PolicyError> {
                let t = table(cx, v, &["clause", "law"])?;
                Ok(CategoryFile { clause: t.string(cx, "clause")?, law: t.string(cx, "law")? })
            };
            if let Some(c) = cx.keep(read()) {
                categories.insert(Spanned::new(k.span(), k.get_ref().to_string()), c);
            }
        }
    }
    let each = |key: &str| -> Vec<&Value<'i>> {
        t.get(key).and_then(|v| cx.keep(array(cx, v))).map(|a| a.iter().collect()).unwrap_or_default()
    };
    let embargo = each("embargo").into_iter().filter_map(|e| cx.keep(read_embargo(cx, e))).collect();
    let examples = each("example").into_iter().filter_map(|e| cx.keep(read_example(cx, e))).collect();
    Ok(PolicyFile {
        examples,
        extends: cx.keep(t.spanned(cx, "extends")).flatten(),
        id: cx.keep(t.spanned(cx, "id")).flatten(),
        version: cx.keep(t.string(cx, "version")).flatten(),
        description: cx.keep(t.string(cx, "description")).flatten(),
        broadcast: t.get("broadcast").and_then(|v| cx.keep(read_broadcast(cx, v))),
        limits: t.get("limits").and_then(|v| cx.keep(read_limits(cx, v))),
        schedule: t.get("schedule").cloned(),
        calendar: t.get("calendar").and_then(|v| cx.keep(CalendarFile::read(cx, v))),
        late_night: t.get("late_night").and_then(|v| cx.keep(LateNightFile::read(cx, v))),
        embargo,
        elections: each("election").into_iter().filter_map(|e| cx.keep(super::events::read_election(cx, e))).collect(),
        sensitive_days: each("sensitive_day")
            .into_iter()
            .filter_map(|d| cx.keep(super::events::read_sensitive_day(cx, d)))
            .collect(),
        duties: t.get("duties").map(|v| super::events::read_duties(cx, v)).unwrap_or_default(),
        places: each("place").into_iter().filter_map(|p| cx.keep(super::places::read_place(cx, p))).collect(),
        remove_terms: cx.keep(t.spanned_list(cx, "remove_terms")).flatten().unwrap_or_default(),
        rules,
        groups,
        categories,
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
            "unless_nearby",
            "seq",
            "within",
            "when",
            "on",
            "accept",
            "yield_to",
            "yield_within",
            "model",
            "model_min",
            "unless_model_below",
        ],
    )?;
    let model = |v: &Value<'_>| -> Result<String, PolicyError> {
        let known: Vec<&'static str> = crate::model::Model::get().categories().collect();
        one_of(cx, v, &known).map(str::to_owned)
    };
    let model_min = |v: &Value<'_>| -> Result<f64, PolicyError> {
        let p = number(cx, v)?;
        if p > 0.0 && p < 1.0 {
            Ok(p)
        } else {
            Err(cx.problem(
                v.span().start,
                PolicyProblem::InvalidValue { message: "`model_min` is a probability above 0 and below 1".to_owned() },
            ))
        }
    };
    let below = |v: &Value<'_>| -> Result<f64, PolicyError> {
        let p = number(cx, v)?;
        if (0.0..1.0).contains(&p) {
            Ok(p)
        } else {
            Err(cx.problem(
                v.span().start,
                PolicyProblem::InvalidValue {
                    message: "`unless_model_below` is a probability from 0 (off) and below 1".to_owned(),
                },
            ))
        }
    };
    let within = |v: &Value<'_>| -> Result<Within, PolicyError> {
        match v.get_ref() {
            DeValue::String(_) => one_of(cx, v, &["sentence", "two_sentences"]).map(|w| match w {
                "sentence" => Within::Sentence,
                _ => Within::TwoSentences,
            }),
            _ => uint(cx, v, 10_000, "`within`").map(|n| Within::Chars(n as u32)),
        }
    };
    let severity = |v| enum_of::<Severity>(cx, v);
    let gate = |v| enum_of::<Gate>(cx, v);
    let source = |v| enum_of::<Source>(cx, v);
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
        unless_nearby: t.spanned_list(cx, "unless_nearby")?,
        seq: t.spanned_list(cx, "seq")?,
        within: t.get("within").map(within).transpose()?,
        when: t.get("when").map(gate).transpose()?,
        on: t.get("on").map(source).transpose()?,
        accept: t.spanned_list(cx, "accept")?,
        yield_to: t.spanned_list(cx, "yield_to")?,
        yield_within: t
            .get("yield_within")
            .map(|v| {
                one_of(cx, v, &["sentence", "two_sentences", "post"]).map(|w| match w {
                    "two_sentences" => super::YieldReach::TwoSentences,
                    "post" => super::YieldReach::Post,
                    _ => super::YieldReach::Sentence,
                })
            })
            .transpose()?,
        model: match (t.get("model"), t.get("within")) {
            // A model reads sentences, not a span of characters.
            (Some(_), Some(w)) if matches!(w.get_ref(), DeValue::Integer(_)) => {
                return Err(cx.problem(
                    w.span().start,
                    PolicyProblem::InvalidValue {
                        message:
                            "a model rule's `within` is \"sentence\" or \"two_sentences\", not a number of characters"
                                .to_owned(),
                    },
                ));
            }
            (m, _) => m.map(model).transpose()?,
        },
        model_min: t.get("model_min").map(model_min).transpose()?,
        unless_model_below: t.get("unless_model_below").map(below).transpose()?,
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
        Some(v) => array(cx, v)?.iter().filter_map(|term| cx.keep(read_term(cx, term))).collect(),
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
            "sure",
        ],
    )?;
    let class = match t.get("class") {
        Some(v) => Some(one_of(cx, v, &["godan", "ichidan", "suru", "kuru"])?),
        None => None,
    };
    let forms = match t.get("forms") {
        Some(v) => array(cx, v)?
            .iter()
            .map(|f| one_of(cx, f, crate::lexicon::Form::NAMES).map(str::to_owned))
            .collect::<Result<Vec<_>, _>>()?,
        None => Vec::new(),
    };
    Ok(TermFile {
        id: spanned_string(cx, t.require(cx, "id")?)?,
        matches: t.strings(cx, "match")?,
        regex: t.spanned(cx, "regex")?,
        except: t.strings(cx, "except")?,
        verb: one_or_many(cx, t.get("verb"))?,
        adjective: one_or_many(cx, t.get("adjective"))?,
        class: class.map(str::to_owned),
        forms,
        reading: t.strings(cx, "reading")?,
        readings: t.get("readings").map(|v| bool_of(cx, v)).transpose()?,
        lookalike: t.get("lookalike").map(|v| bool_of(cx, v)).transpose()?,
        edge: t.get("edge").map(|v| bool_of(cx, v)).transpose()?,
        sure: t.get("sure").map(|v| bool_of(cx, v)).transpose()?,
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
        Some(v) => Ok(array(cx, v)?.iter().filter_map(|e| cx.keep(read_example(cx, e))).collect()),
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
            cx.problem(
                c.span().start,
                PolicyProblem::InvalidValue { message: format!("invalid example context: {}", e.message()) },
            )
            .key("example.context")
        })?,
    };
    let expect_v = t.require(cx, "expect")?;
    let expect = match expect_v.get_ref() {
        DeValue::String(_) => super::Expect::Verdict(enum_of::<Verdict>(cx, expect_v)?),
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
