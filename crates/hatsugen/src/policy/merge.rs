//! Applying one file's sections on top of the policy it extends: groups and terms, removed
//! terms, rules, embargoes; and the size check of the result.

use std::collections::BTreeMap;

use jiff::Timestamp;
use toml::Spanned;

use super::read::Ctx;
use super::sections::{EmbargoFile, GroupFile, RuleFile, valid_ident, valid_rule_id};
use super::{
    Embargo, MAX_PATTERN_BYTES, MAX_TERMS, Policy, PolicyError, PolicyErrorKind, RuleSpec, Term, category_severity,
};

/// Where each term id lives: its group and its index there.
fn term_index(policy: &Policy) -> std::collections::HashMap<String, (String, usize)> {
    policy
        .groups
        .iter()
        .flat_map(|(g, group)| group.terms.iter().enumerate().map(move |(i, t)| (t.id.clone(), (g.clone(), i))))
        .collect()
}

pub(super) fn merge_groups(
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

pub(super) fn remove_terms(cx: &Ctx<'_>, policy: &mut Policy, ids: &[Spanned<String>]) -> Result<(), PolicyError> {
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
        // `quotation` is built in: what stands inside quotation marks (see rules::text).
        let reserved = field == "unless" && r.get_ref() == crate::rules::text::QUOTATION;
        if !reserved && !policy.groups.contains_key(r.get_ref()) {
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

pub(super) fn merge_rules(
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

pub(super) fn merge_embargoes(
    cx: &Ctx<'_>,
    policy: &mut Policy,
    embargoes: Vec<EmbargoFile>,
) -> Result<(), PolicyError> {
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
        let lift: Timestamp = crate::calendar::rfc3339::parse_timestamp(ef.lift.get_ref()).map_err(|why| {
            cx.err(
                PolicyErrorKind::Invalid,
                &ef.lift,
                format!("embargo `{id}` has invalid `lift` time `{}`: {why}", ef.lift.get_ref()),
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

pub(super) fn check_size(origin: &str, policy: &Policy) -> Result<(), PolicyError> {
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
