//! Reading a policy file and applying it on top of the pack it extends.
//!
//! The text is parsed once into toml's spanned document tree and read from it by hand into
//! the `*File` structs below, not through serde's derived `Deserialize` (whose code, one copy
//! per field type, was the largest part of the WebAssembly build). Every table names its
//! allowed keys (`table`), so unknown keys are errors as with `deny_unknown_fields`, and every
//! error carries the byte offset of the offending key or value.

use std::collections::BTreeMap;

use jiff::Timestamp;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::timing::{CalendarFile, LateNightFile, ScheduleFile};
use super::{
    Broadcast, Embargo, Gate, LateNight, Limits, MAX_PATTERN_BYTES, MAX_POLICY_BYTES, MAX_TERMS, Policy, PolicyError,
    PolicyErrorKind, RuleSpec, Source, Term, Within, builtin_text, category_severity,
};
use crate::report::{Message, Severity, Suggestion};

const MAX_EXTENDS_DEPTH: usize = 4;

struct PolicyFile {
    extends: Option<Spanned<String>>,
    id: Option<Spanned<String>>,
    version: Option<String>,
    description: Option<String>,
    broadcast: Option<Broadcast>,
    limits: Option<Limits>,
    schedule: Option<Spanned<ScheduleFile>>,
    calendar: Option<Spanned<CalendarFile>>,
    late_night: Option<Spanned<LateNightFile>>,
    embargo: Vec<EmbargoFile>,
    remove_terms: Vec<Spanned<String>>,
    rules: BTreeMap<Spanned<String>, RuleFile>,
    groups: BTreeMap<Spanned<String>, GroupFile>,
}

struct RuleFile {
    enabled: Option<bool>,
    severity: Option<Severity>,
    clause: Option<String>,
    law: Option<String>,
    message: Option<Message>,
    suggestion: Option<Suggestion>,
    any: Option<Vec<Spanned<String>>>,
    all: Option<Vec<Spanned<String>>>,
    unless: Option<Vec<Spanned<String>>>,
    seq: Option<Vec<Spanned<String>>>,
    within: Option<Within>,
    when: Option<Gate>,
    on: Option<Source>,
}

struct GroupFile {
    description: Option<String>,
    except: Vec<String>,
    terms: Vec<TermFile>,
}

struct TermFile {
    id: Spanned<String>,
    matches: Vec<String>,
    regex: Option<Spanned<String>>,
    except: Vec<String>,
    verb: Vec<String>,
    adjective: Vec<String>,
    class: Option<String>,
    forms: Vec<String>,
    reading: Vec<String>,
    readings: Option<bool>,
    lookalike: Option<bool>,
    edge: Option<bool>,
}

struct EmbargoFile {
    id: Spanned<String>,
    terms: Vec<String>,
    lift: Spanned<String>,
    note: Option<String>,
}

/// A value of the parsed document with its place in the text.
pub(super) type Value<'i> = Spanned<DeValue<'i>>;

/// A table of the document whose keys are known to be allowed.
pub(super) struct Table<'a, 'i> {
    at: usize,
    map: &'a DeTable<'i>,
}

impl<'a, 'i> Table<'a, 'i> {
    /// The value of `key`, if given.
    pub(super) fn get(&self, key: &str) -> Option<&'a Value<'i>> {
        self.map.get(key)
    }

    /// The value of `key`, which must be given.
    pub(super) fn require(&self, cx: &Ctx<'_>, key: &str) -> Result<&'a Value<'i>, PolicyError> {
        self.get(key).ok_or_else(|| cx.syntax(self.at, format!("missing field `{key}`")))
    }

    /// The string at `key`, if given.
    pub(super) fn string(&self, cx: &Ctx<'_>, key: &str) -> Result<Option<String>, PolicyError> {
        self.get(key).map(|v| str_of(cx, v).map(str::to_owned)).transpose()
    }

    /// The string at `key` with its place, if given.
    pub(super) fn spanned(&self, cx: &Ctx<'_>, key: &str) -> Result<Option<Spanned<String>>, PolicyError> {
        self.get(key).map(|v| spanned_string(cx, v)).transpose()
    }

    /// The list of strings at `key`, empty when not given.
    fn strings(&self, cx: &Ctx<'_>, key: &str) -> Result<Vec<String>, PolicyError> {
        self.get(key).map_or(Ok(Vec::new()), |v| strings(cx, v))
    }

    /// The list of strings at `key` with their places, if given.
    pub(super) fn spanned_list(&self, cx: &Ctx<'_>, key: &str) -> Result<Option<Vec<Spanned<String>>>, PolicyError> {
        self.get(key).map(|v| array(cx, v)?.iter().map(|s| spanned_string(cx, s)).collect()).transpose()
    }
}

/// `a string`, `an integer`…: what a value is, for an error message.
fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a datetime",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// The error for a value of the wrong type.
fn wrong_type(cx: &Ctx<'_>, v: &Value<'_>, expected: &str) -> PolicyError {
    cx.syntax(v.span().start, format!("invalid type: expected {expected}, found {}", type_name(v.get_ref())))
}

/// `` `a`, `b`, `c` ``.
fn ticked(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// A table with any keys.
fn map<'a, 'i>(cx: &Ctx<'_>, v: &'a Value<'i>) -> Result<&'a DeTable<'i>, PolicyError> {
    match v.get_ref() {
        DeValue::Table(t) => Ok(t),
        _ => Err(wrong_type(cx, v, "a table")),
    }
}

/// A table whose keys must all be among `keys`.
pub(super) fn table<'a, 'i>(cx: &Ctx<'_>, v: &'a Value<'i>, keys: &[&str]) -> Result<Table<'a, 'i>, PolicyError> {
    let map = map(cx, v)?;
    for key in map.keys() {
        let name: &str = key.get_ref();
        if !keys.contains(&name) {
            return Err(
                cx.syntax(key.span().start, format!("unknown field `{name}`, expected one of {}", ticked(keys)))
            );
        }
    }
    Ok(Table { at: v.span().start, map })
}

/// An array.
pub(super) fn array<'a, 'i>(cx: &Ctx<'_>, v: &'a Value<'i>) -> Result<&'a [Value<'i>], PolicyError> {
    match v.get_ref() {
        DeValue::Array(a) => Ok(a),
        _ => Err(wrong_type(cx, v, "an array")),
    }
}

/// A string.
pub(super) fn str_of<'a>(cx: &Ctx<'_>, v: &'a Value<'_>) -> Result<&'a str, PolicyError> {
    match v.get_ref() {
        DeValue::String(s) => Ok(s),
        _ => Err(wrong_type(cx, v, "a string")),
    }
}

/// A list of strings.
fn strings(cx: &Ctx<'_>, v: &Value<'_>) -> Result<Vec<String>, PolicyError> {
    array(cx, v)?.iter().map(|s| str_of(cx, s).map(str::to_owned)).collect()
}

/// A string or an array of strings (`verb = "死ぬ"` or `verb = ["死ぬ", "くたばる"]`).
fn one_or_many(cx: &Ctx<'_>, v: Option<&Value<'_>>) -> Result<Vec<String>, PolicyError> {
    match v {
        None => Ok(Vec::new()),
        Some(v) if matches!(v.get_ref(), DeValue::String(_)) => Ok(vec![str_of(cx, v)?.to_owned()]),
        Some(v) => strings(cx, v),
    }
}

/// A string with its place.
pub(super) fn spanned_string(cx: &Ctx<'_>, v: &Value<'_>) -> Result<Spanned<String>, PolicyError> {
    str_of(cx, v).map(|s| Spanned::new(v.span(), s.to_owned()))
}

fn bool_of(cx: &Ctx<'_>, v: &Value<'_>) -> Result<bool, PolicyError> {
    match v.get_ref() {
        DeValue::Boolean(b) => Ok(*b),
        _ => Err(wrong_type(cx, v, "a boolean")),
    }
}

/// A non-negative integer up to `max`; `what` names the type in the error (`u32`).
fn uint(cx: &Ctx<'_>, v: &Value<'_>, max: u64, what: &str) -> Result<u64, PolicyError> {
    let DeValue::Integer(i) = v.get_ref() else { return Err(wrong_type(cx, v, "an integer")) };
    u64::from_str_radix(i.as_str(), i.radix())
        .ok()
        .filter(|n| *n <= max)
        .ok_or_else(|| cx.syntax(v.span().start, format!("invalid value: integer `{i}`, expected {what}")))
}

/// The index in `names` of a string naming one of them.
fn enum_of(cx: &Ctx<'_>, v: &Value<'_>, names: &[&str]) -> Result<usize, PolicyError> {
    let s = str_of(cx, v)?;
    names
        .iter()
        .position(|n| *n == s)
        .ok_or_else(|| cx.syntax(v.span().start, format!("unknown variant `{s}`, expected one of {}", ticked(names))))
}

fn read_policy(cx: &Ctx<'_>, doc: &Value<'_>) -> Result<PolicyFile, PolicyError> {
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
    Ok(PolicyFile {
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
    Ok(Message { ja: str_of(cx, t.require(cx, "ja")?)?.to_owned(), en: str_of(cx, t.require(cx, "en")?)?.to_owned() })
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

pub(super) struct Ctx<'a> {
    origin: &'a str,
    src: &'a str,
}

impl Ctx<'_> {
    pub(super) fn err<T>(&self, kind: PolicyErrorKind, at: &Spanned<T>, message: String) -> PolicyError {
        self.err_at(kind, at.span().start, message)
    }

    /// An error at byte `offset` of the file.
    pub(super) fn err_at(&self, kind: PolicyErrorKind, offset: usize, message: String) -> PolicyError {
        PolicyError::new(kind, message).at(self.origin, self.src, offset)
    }

    /// A malformed key or value (unknown key, wrong type, unknown name) at byte `offset`.
    pub(super) fn syntax(&self, offset: usize, message: String) -> PolicyError {
        self.err_at(PolicyErrorKind::Syntax, offset, message)
    }
}

fn valid_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-' | '.'))
}

fn valid_rule_id(s: &str) -> bool {
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

pub(super) fn load(text: &str, origin: &str, depth: usize) -> Result<Policy, PolicyError> {
    if text.len() > MAX_POLICY_BYTES {
        return Err(PolicyError::new(
            PolicyErrorKind::TooLarge,
            format!("policy is {} bytes, more than the limit of {MAX_POLICY_BYTES}", text.len()),
        )
        .at(origin, "", 0));
    }
    let doc = DeTable::parse(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        PolicyError::new(PolicyErrorKind::Syntax, e.message().trim().to_owned()).at(origin, text, offset)
    })?;
    let cx = Ctx { origin, src: text };
    let file = read_policy(&cx, &Spanned::new(doc.span(), DeValue::Table(doc.into_inner())))?;

    let mut policy = match &file.extends {
        Some(ext) => {
            let Some(name) = ext.get_ref().strip_prefix("builtin:") else {
                return Err(cx
                    .err(
                        PolicyErrorKind::Invalid,
                        ext,
                        format!("`extends` must name a built-in pack as `builtin:NAME`, not `{}`", ext.get_ref()),
                    )
                    .key("extends"));
            };
            if depth >= MAX_EXTENDS_DEPTH {
                return Err(cx.err(PolicyErrorKind::Invalid, ext, "`extends` chain is too deep".into()).key("extends"));
            }
            let base_text = builtin_text(name).map_err(|e| {
                let mut e = cx.err(e.kind, ext, e.message).key("extends");
                e.kind = PolicyErrorKind::UnknownBuiltin;
                e
            })?;
            load(base_text, &format!("builtin:{name}"), depth + 1)?
        }
        None => {
            let missing = if file.id.is_none() {
                Some("id")
            } else if file.version.is_none() {
                Some("version")
            } else {
                None
            };
            if let Some(key) = missing {
                return Err(PolicyError::new(
                    PolicyErrorKind::Invalid,
                    format!("a policy without `extends` must set `{key}`"),
                )
                .at(origin, text, 0)
                .key(key));
            }
            Policy {
                id: String::new(),
                version: String::new(),
                description: String::new(),
                broadcast: Broadcast::default(),
                limits: Limits::default(),
                schedule: crate::calendar::Schedule::default_japanese(),
                calendar: crate::calendar::CalendarConfig::default(),
                late_night: LateNight::default(),
                embargo: Vec::new(),
                rules: BTreeMap::new(),
                groups: BTreeMap::new(),
            }
        }
    };

    if let Some(id) = file.id {
        if !valid_ident(id.get_ref()) {
            return Err(cx
                .err(
                    PolicyErrorKind::Invalid,
                    &id,
                    format!("policy id `{}` must be lower-case letters, digits, `-`, `_` or `.`", id.get_ref()),
                )
                .key("id"));
        }
        policy.id = id.into_inner();
    }
    if let Some(v) = file.version {
        policy.version = v;
    }
    if let Some(d) = file.description {
        policy.description = d;
    }
    if let Some(b) = file.broadcast {
        policy.broadcast = b;
    }
    if let Some(l) = file.limits {
        policy.limits = l;
    }

    if let Some(f) = file.schedule {
        super::timing::merge_schedule(&cx, &mut policy, f)?;
    }
    if let Some(f) = file.calendar {
        super::timing::merge_calendar(&cx, &mut policy, f)?;
    }
    if let Some(f) = file.late_night {
        super::timing::merge_late_night(&cx, &mut policy, f)?;
    }
    merge_groups(&cx, &mut policy, file.groups)?;
    remove_terms(&cx, &mut policy, &file.remove_terms)?;
    merge_rules(&cx, &mut policy, file.rules)?;
    merge_embargoes(&cx, &mut policy, file.embargo)?;
    check_size(origin, &policy)?;
    Ok(policy)
}

/// Where each term id lives: its group and its index there.
fn term_index(policy: &Policy) -> std::collections::HashMap<String, (String, usize)> {
    policy
        .groups
        .iter()
        .flat_map(|(g, group)| group.terms.iter().enumerate().map(move |(i, t)| (t.id.clone(), (g.clone(), i))))
        .collect()
}

fn merge_groups(
    cx: &Ctx<'_>,
    policy: &mut Policy,
    groups: BTreeMap<Spanned<String>, GroupFile>,
) -> Result<(), PolicyError> {
    // One index for the whole merge keeps a policy of 100,000 terms linear.
    let mut owners = term_index(policy);
    for (name, gf) in groups {
        let gname = name.get_ref().clone();
        if !valid_ident(&gname) {
            return Err(cx
                .err(
                    PolicyErrorKind::Invalid,
                    &name,
                    format!("group name `{gname}` must be lower-case letters, digits, `-`, `_` or `.`"),
                )
                .key(format!("groups.{gname}")));
        }
        for tf in gf.terms {
            let key = format!("groups.{gname}.terms");
            let tid = tf.id.get_ref().clone();
            if !valid_ident(&tid) {
                return Err(cx
                    .err(
                        PolicyErrorKind::Invalid,
                        &tf.id,
                        format!("term id `{tid}` must be lower-case letters, digits, `-`, `_` or `.`"),
                    )
                    .key(key));
            }
            if let Some((owner, _)) = owners.get(&tid) {
                if *owner != gname {
                    return Err(cx
                        .err(
                            PolicyErrorKind::Invalid,
                            &tf.id,
                            format!("term id `{tid}` is already used in group `{owner}`"),
                        )
                        .key(key));
                }
            }
            let nothing = |v: &[String]| v.iter().all(|m| crate::text::fold(m).is_empty());
            if nothing(&tf.matches)
                && nothing(&tf.verb)
                && nothing(&tf.adjective)
                && nothing(&tf.reading)
                && tf.regex.is_none()
            {
                return Err(cx
                    .err(
                        PolicyErrorKind::Invalid,
                        &tf.id,
                        format!("term `{tid}` needs a non-empty `match`, `verb`, `adjective`, `reading` or a `regex`"),
                    )
                    .key(key));
            }
            if let Some(re) = &tf.regex {
                check_regex(cx, re, &tid)?;
            }
            let term = Term {
                id: tid.clone(),
                matches: tf.matches,
                regex: tf.regex.map(Spanned::into_inner),
                except: tf.except,
                verb: tf.verb,
                adjective: tf.adjective,
                class: tf.class,
                forms: tf.forms,
                reading: tf.reading,
                readings: tf.readings.unwrap_or(true),
                lookalike: tf.lookalike.unwrap_or(false),
                edge: tf.edge.unwrap_or(true),
            };
            let group = policy.groups.entry(gname.clone()).or_default();
            match owners.get(&tid).and_then(|(_, i)| group.terms.get_mut(*i)) {
                Some(existing) => *existing = term,
                None => {
                    owners.insert(tid, (gname.clone(), group.terms.len()));
                    group.terms.push(term);
                }
            }
        }
        let group = policy.groups.entry(gname).or_default();
        if let Some(d) = gf.description {
            group.description = d;
        }
        group.except.extend(gf.except);
    }
    Ok(())
}

fn check_regex(cx: &Ctx<'_>, re: &Spanned<String>, tid: &str) -> Result<(), PolicyError> {
    if re.get_ref().len() > MAX_PATTERN_BYTES {
        return Err(cx
            .err(
                PolicyErrorKind::TooLarge,
                re,
                format!(
                    "regex of term `{tid}` is {} bytes, more than the limit of {MAX_PATTERN_BYTES}",
                    re.get_ref().len()
                ),
            )
            .key(format!("term {tid}")));
    }
    crate::scan::build_regex(re.get_ref()).map(|_| ()).map_err(|msg| {
        cx.err(PolicyErrorKind::Invalid, re, format!("regex of term `{tid}` does not compile: {msg}"))
            .key(format!("term {tid}"))
    })
}

fn remove_terms(cx: &Ctx<'_>, policy: &mut Policy, ids: &[Spanned<String>]) -> Result<(), PolicyError> {
    for id in ids {
        let mut found = false;
        for group in policy.groups.values_mut() {
            let before = group.terms.len();
            group.terms.retain(|t| t.id != *id.get_ref());
            found |= group.terms.len() != before;
        }
        if !found {
            return Err(cx
                .err(PolicyErrorKind::Invalid, id, format!("`remove_terms` names unknown term `{}`", id.get_ref()))
                .key("remove_terms"));
        }
    }
    Ok(())
}

fn group_refs(
    cx: &Ctx<'_>,
    policy: &Policy,
    rule: &str,
    field: &str,
    refs: Option<Vec<Spanned<String>>>,
) -> Result<Option<Vec<String>>, PolicyError> {
    let Some(refs) = refs else { return Ok(None) };
    let mut out = Vec::with_capacity(refs.len());
    for r in refs {
        if !policy.groups.contains_key(r.get_ref()) {
            let known: Vec<&str> = policy.groups.keys().map(String::as_str).collect();
            return Err(cx
                .err(
                    PolicyErrorKind::Invalid,
                    &r,
                    format!(
                        "rule `{rule}` refers to unknown group `{}` (known groups: {})",
                        r.get_ref(),
                        known.join(", ")
                    ),
                )
                .key(format!("rules.{rule}.{field}")));
        }
        out.push(r.into_inner());
    }
    Ok(Some(out))
}

fn merge_rules(
    cx: &Ctx<'_>,
    policy: &mut Policy,
    rules: BTreeMap<Spanned<String>, RuleFile>,
) -> Result<(), PolicyError> {
    for (id_s, rf) in rules {
        let id = id_s.get_ref().clone();
        let key = format!("rules.{id}");
        if !valid_rule_id(&id) {
            return Err(cx
                .err(
                    PolicyErrorKind::Invalid,
                    &id_s,
                    format!("rule id `{id}` must be `category.name` in lower-case snake_case"),
                )
                .key(key));
        }
        let category = RuleSpec::category_of(&id);
        let Some(default_severity) = category_severity(category) else {
            let known: Vec<&str> = super::CATEGORIES.iter().map(|(c, _)| *c).collect();
            return Err(cx
                .err(
                    PolicyErrorKind::Invalid,
                    &id_s,
                    format!("rule `{id}` has unknown category `{category}`, expected one of {}", known.join(", ")),
                )
                .key(key));
        };
        let code = crate::rules::is_code_rule(&id);
        let any = group_refs(cx, policy, &id, "any", rf.any)?;
        let all = group_refs(cx, policy, &id, "all", rf.all)?;
        let unless = group_refs(cx, policy, &id, "unless", rf.unless)?;
        let seq = group_refs(cx, policy, &id, "seq", rf.seq)?;
        if code && (rf.when.is_some() || rf.on.is_some()) {
            return Err(cx.err(PolicyErrorKind::Invalid, &id_s, format!("rule `{id}` is built in: it takes settings (enabled, severity, clause, law, message, suggestion) and a text condition (`any`, `all`, `unless`, `seq`, `within`) but no `when` or `on`")).key(key));
        }
        let spec = match policy.rules.remove(&id) {
            Some(mut spec) => {
                if let Some(v) = rf.enabled {
                    spec.enabled = v;
                }
                if let Some(v) = rf.severity {
                    spec.severity = v;
                }
                if let Some(v) = rf.clause {
                    spec.clause = v;
                }
                if let Some(v) = rf.law {
                    spec.law = (!v.is_empty()).then_some(v);
                }
                if let Some(v) = rf.message {
                    spec.message = v;
                }
                if let Some(v) = rf.suggestion {
                    spec.suggestion = Some(v);
                }
                if let Some(v) = any {
                    spec.any = v;
                }
                if let Some(v) = all {
                    spec.all = v;
                }
                if let Some(v) = unless {
                    spec.unless = v;
                }
                if let Some(v) = seq {
                    spec.seq = v;
                }
                if let Some(v) = rf.within {
                    spec.within = Some(v);
                }
                if let Some(v) = rf.when {
                    spec.when = Some(v);
                }
                if let Some(v) = rf.on {
                    spec.on = v;
                }
                spec
            }
            None => {
                let missing = if rf.clause.is_none() {
                    Some("clause")
                } else if rf.message.is_none() {
                    Some("message")
                } else if !code && any.as_ref().is_none_or(Vec::is_empty) && seq.as_ref().is_none_or(Vec::is_empty) {
                    Some("any` or `seq")
                } else {
                    None
                };
                if let Some(field) = missing {
                    let what = if code { "built-in rule" } else { "new text rule" };
                    return Err(cx
                        .err(PolicyErrorKind::Invalid, &id_s, format!("{what} `{id}` needs `{field}`"))
                        .key(key));
                }
                RuleSpec {
                    enabled: rf.enabled.unwrap_or(true),
                    severity: rf.severity.unwrap_or(default_severity),
                    clause: rf.clause.unwrap_or_default(),
                    law: rf.law.filter(|l| !l.is_empty()),
                    message: rf.message.unwrap_or_default(),
                    suggestion: rf.suggestion,
                    any: any.unwrap_or_default(),
                    all: all.unwrap_or_default(),
                    unless: unless.unwrap_or_default(),
                    seq: seq.unwrap_or_default(),
                    within: rf.within,
                    when: rf.when,
                    on: rf.on.unwrap_or_default(),
                }
            }
        };
        if !code && spec.any.is_empty() && spec.seq.is_empty() {
            return Err(cx
                .err(PolicyErrorKind::Invalid, &id_s, format!("text rule `{id}` needs a non-empty `any` or `seq`"))
                .key(key));
        }
        if spec.seq.len() == 1 {
            return Err(cx
                .err(
                    PolicyErrorKind::Invalid,
                    &id_s,
                    format!("`seq` of rule `{id}` names one group: use `any` for one, `seq` for two or more in order"),
                )
                .key(key));
        }
        policy.rules.insert(id, spec);
    }
    Ok(())
}

fn merge_embargoes(cx: &Ctx<'_>, policy: &mut Policy, embargoes: Vec<EmbargoFile>) -> Result<(), PolicyError> {
    for ef in embargoes {
        let id = ef.id.get_ref().clone();
        if !valid_ident(&id) {
            return Err(cx
                .err(
                    PolicyErrorKind::Invalid,
                    &ef.id,
                    format!("embargo id `{id}` must be lower-case letters, digits, `-`, `_` or `.`"),
                )
                .key("embargo"));
        }
        if ef.terms.iter().all(|t| crate::text::fold(t).is_empty()) {
            return Err(cx
                .err(PolicyErrorKind::Invalid, &ef.id, format!("embargo `{id}` needs at least one non-empty term"))
                .key("embargo.terms"));
        }
        let lift: Timestamp = ef.lift.get_ref().parse().map_err(|e| {
            cx.err(
                PolicyErrorKind::Invalid,
                &ef.lift,
                format!("embargo `{id}` has invalid `lift` time `{}`: {e}", ef.lift.get_ref()),
            )
            .key("embargo.lift")
        })?;
        let embargo = Embargo { id: id.clone(), terms: ef.terms, lift, note: ef.note };
        match policy.embargo.iter_mut().find(|e| e.id == id) {
            Some(existing) => *existing = embargo,
            None => policy.embargo.push(embargo),
        }
    }
    Ok(())
}

fn check_size(origin: &str, policy: &Policy) -> Result<(), PolicyError> {
    let terms: usize = policy
        .groups
        .values()
        .map(|g| {
            g.except.len()
                + g.terms
                    .iter()
                    .map(|t| t.matches.len() + t.except.len() + usize::from(t.regex.is_some()))
                    .sum::<usize>()
        })
        .sum::<usize>()
        + policy.embargo.iter().map(|e| e.terms.len()).sum::<usize>();
    if terms > MAX_TERMS {
        return Err(PolicyError::new(
            PolicyErrorKind::TooLarge,
            format!("policy has {terms} lexicon strings, more than the limit of {MAX_TERMS}"),
        )
        .at(origin, "", 0));
    }
    Ok(())
}
