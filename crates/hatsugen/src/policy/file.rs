//! Reading a policy file and applying it on top of the pack it extends.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Deserialize;
use toml::Spanned;

use super::timing::{CalendarFile, LateNightFile, ScheduleFile};
use super::{
    Broadcast, Embargo, Gate, LateNight, Limits, MAX_PATTERN_BYTES, MAX_POLICY_BYTES, MAX_TERMS, Policy, PolicyError,
    PolicyErrorKind, RuleSpec, Source, Term, builtin_text, category_severity,
};
use crate::report::{Message, Severity, Suggestion};

const MAX_EXTENDS_DEPTH: usize = 4;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
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
    #[serde(default)]
    embargo: Vec<EmbargoFile>,
    #[serde(default)]
    remove_terms: Vec<Spanned<String>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, RuleFile>,
    #[serde(default)]
    groups: BTreeMap<Spanned<String>, GroupFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
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
    when: Option<Gate>,
    on: Option<Source>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupFile {
    description: Option<String>,
    #[serde(default)]
    except: Vec<String>,
    #[serde(default)]
    terms: Vec<TermFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermFile {
    id: Spanned<String>,
    #[serde(rename = "match", default)]
    matches: Vec<String>,
    regex: Option<Spanned<String>>,
    #[serde(default)]
    except: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EmbargoFile {
    id: Spanned<String>,
    terms: Vec<String>,
    lift: Spanned<String>,
    note: Option<String>,
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
    let file: PolicyFile = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        PolicyError::new(PolicyErrorKind::Syntax, e.message().trim().to_owned()).at(origin, text, offset)
    })?;
    let cx = Ctx { origin, src: text };

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
            if tf.matches.iter().all(|m| crate::text::fold(m).is_empty()) && tf.regex.is_none() {
                return Err(cx
                    .err(
                        PolicyErrorKind::Invalid,
                        &tf.id,
                        format!("term `{tid}` needs a non-empty `match` or a `regex`"),
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
        if code && (any.is_some() || all.is_some() || unless.is_some() || rf.when.is_some() || rf.on.is_some()) {
            return Err(cx.err(PolicyErrorKind::Invalid, &id_s, format!("rule `{id}` is built in: it takes settings (enabled, severity, clause, law, message, suggestion) but no `any`, `all`, `unless`, `when` or `on`")).key(key));
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
                } else if !code && any.as_ref().is_none_or(Vec::is_empty) {
                    Some("any")
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
                    when: rf.when,
                    on: rf.on.unwrap_or_default(),
                }
            }
        };
        if !code && spec.any.is_empty() {
            return Err(cx
                .err(PolicyErrorKind::Invalid, &id_s, format!("text rule `{id}` needs a non-empty `any`"))
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
