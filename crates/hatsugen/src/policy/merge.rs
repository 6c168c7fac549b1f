//! Applying one file's sections on top of the policy it extends: groups and terms, removed
//! terms, rules, embargoes; and the size check of the result.

use std::collections::BTreeMap;

use toml::Spanned;

use super::error::{PolicyProblem, did_you_mean};
use super::read::Ctx;
use super::sections::{CategoryFile, EmbargoFile, GroupFile, RuleFile, valid_ident, valid_rule_id};
use super::{Embargo, MAX_PATTERN_BYTES, MAX_TERMS, Policy, PolicyError, RuleSpec, Term, category_severity};

/// Where each term id lives: its group and its index there (a later term of the same id
/// wins). An ordered map like the policy's own: a hash map here and for `written` below
/// linked a hash table's code into the WebAssembly module for little else (see
/// `scan::SpellingIndex`). Filled by `insert`: collecting into an ordered map sorts the
/// items with another instance of the standard library's stable sort.
fn term_index(policy: &Policy) -> BTreeMap<String, (String, usize)> {
    let mut index = BTreeMap::new();
    for (g, group) in &policy.groups {
        for (i, t) in group.terms.iter().enumerate() {
            index.insert(t.id.clone(), (g.clone(), i));
        }
    }
    index
}

/// Adds this file's groups and terms (a term with the id of an existing one in the same
/// group replaces it). A group or term with an error is recorded and left out.
pub(super) fn merge_groups(cx: &Ctx<'_>, policy: &mut Policy, groups: BTreeMap<Spanned<String>, GroupFile>) {
    // One index for the whole merge keeps a policy of 100,000 terms from being quadratic.
    let mut owners = term_index(policy);
    // The terms this file writes: the same id twice in one file is a mistake (replacing a
    // term is for a term of the pack a file extends).
    let mut written: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for (name, gf) in groups {
        let gname = name.get_ref().clone();
        if !valid_ident(&gname) {
            cx.report(
                cx.err(&name, PolicyProblem::BadName { what: "group name", name: gname.clone() })
                    .key(format!("groups.{gname}")),
            );
            continue;
        }
        for tf in gf.terms {
            let key = format!("groups.{gname}.terms");
            let tid = tf.id.get_ref().clone();
            let problem = if !valid_ident(&tid) {
                Some(PolicyProblem::BadName { what: "term id", name: tid.clone() })
            } else if let Some((owner, _)) = owners.get(&tid).filter(|(owner, _)| *owner != gname) {
                Some(PolicyProblem::DuplicateTermId { term: tid.clone(), group: owner.clone() })
            } else if !written.insert(tid.clone()) {
                Some(PolicyProblem::DuplicateTermId { term: tid.clone(), group: gname.clone() })
            } else {
                let nothing = |v: &[String]| v.iter().all(|m| crate::text::fold(m).is_empty());
                (nothing(&tf.matches)
                    && nothing(&tf.verb)
                    && nothing(&tf.adjective)
                    && nothing(&tf.reading)
                    && tf.regex.is_none())
                .then(|| PolicyProblem::Incomplete {
                    what: format!("term `{tid}`"),
                    needs: "a non-empty `match`, `verb`, `adjective`, `reading` or a `regex`".to_owned(),
                })
            };
            if let Some(problem) = problem {
                cx.report(cx.err(&tf.id, problem).key(key));
                continue;
            }
            if let Some(re) = &tf.regex {
                if cx.keep(check_regex(cx, re, &tid)).is_none() {
                    continue;
                }
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
                sure: tf.sure.unwrap_or(false),
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
}

fn check_regex(cx: &Ctx<'_>, re: &Spanned<String>, tid: &str) -> Result<(), PolicyError> {
    if re.get_ref().len() > MAX_PATTERN_BYTES {
        let problem = PolicyProblem::TooLarge {
            what: format!("regex of term `{tid}` is"),
            size: re.get_ref().len(),
            limit: MAX_PATTERN_BYTES,
            unit: "bytes",
        };
        return Err(cx.err(re, problem).key(format!("term {tid}")));
    }
    crate::scan::build_regex(re.get_ref()).map(|_| ()).map_err(|message| {
        cx.err(re, PolicyProblem::BadRegex { term: tid.to_owned(), message }).key(format!("term {tid}"))
    })
}

/// Drops the terms `remove_terms` names; an unknown id is recorded.
pub(super) fn remove_terms(cx: &Ctx<'_>, policy: &mut Policy, ids: &[Spanned<String>]) {
    for id in ids {
        let mut found = false;
        for group in policy.groups.values_mut() {
            let before = group.terms.len();
            group.terms.retain(|t| t.id != *id.get_ref());
            found |= group.terms.len() != before;
        }
        if !found {
            let e = cx.err(id, PolicyProblem::UnknownTerm { term: id.get_ref().clone() }).key("remove_terms");
            let terms = policy.groups.values().flat_map(|g| g.terms.iter().map(|t| t.id.as_str()));
            cx.report(match did_you_mean(id.get_ref(), terms) {
                Some(near) => e.help(format!("did you mean `{near}`?")),
                None => e,
            });
        }
    }
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
            let known: Vec<String> = policy.groups.keys().cloned().collect();
            let near = did_you_mean(r.get_ref(), known.iter().map(String::as_str)).map(str::to_owned);
            let e = cx
                .err(&r, PolicyProblem::UnknownGroup { rule: rule.to_owned(), group: r.get_ref().clone(), known })
                .key(format!("rules.{rule}.{field}"));
            return Err(match near {
                Some(near) => e.help(format!("did you mean `{near}`?")),
                None => {
                    let known: Vec<&str> = policy.groups.keys().map(String::as_str).collect();
                    e.help(format!("the groups are {}", known.join(", ")))
                }
            });
        }
        out.push(r.into_inner());
    }
    Ok(Some(out))
}

/// The defaults this file gives categories (`[category.NAME]`), by category.
pub(super) type Categories = BTreeMap<String, CategoryFile>;

/// Applies `[category.NAME]`: its `clause` and `law` go to every rule of the category the
/// policy has so far; the file's own rules are merged after, so what a rule says itself
/// wins, and a new rule takes them when it gives none. An unknown category is recorded.
pub(super) fn apply_categories(
    cx: &Ctx<'_>,
    policy: &mut Policy,
    categories: BTreeMap<Spanned<String>, CategoryFile>,
) -> Categories {
    let mut out = Categories::new();
    for (name, defaults) in categories {
        if category_severity(name.get_ref()).is_none() {
            let expected: Vec<&'static str> = super::CATEGORIES.iter().map(|(c, _)| *c).collect();
            let e = cx
                .err(&name, PolicyProblem::UnknownVariant { value: name.get_ref().clone(), expected })
                .key(format!("category.{}", name.get_ref()));
            cx.report(match did_you_mean(name.get_ref(), super::CATEGORIES.iter().map(|(c, _)| *c)) {
                Some(near) => e.help(format!("did you mean `{near}`?")),
                None => e,
            });
            continue;
        }
        for (id, spec) in &mut policy.rules {
            if RuleSpec::category_of(id) != name.get_ref() {
                continue;
            }
            if let Some(clause) = &defaults.clause {
                spec.clause.clone_from(clause);
            }
            if let Some(law) = &defaults.law {
                spec.law = (!law.is_empty()).then(|| law.clone());
            }
        }
        out.insert(name.into_inner(), defaults);
    }
    out
}

/// Applies this file's rule settings and new rules; a rule with an error is recorded and
/// left out.
pub(super) fn merge_rules(
    cx: &Ctx<'_>,
    policy: &mut Policy,
    rules: BTreeMap<Spanned<String>, RuleFile>,
    categories: &Categories,
) {
    let file_ids: Vec<String> = rules.keys().map(|k| k.get_ref().clone()).collect();
    for (id_s, rf) in rules {
        let defaults = categories.get(RuleSpec::category_of(id_s.get_ref()));
        if let Some(spec) = cx.keep(merge_rule(cx, policy, &id_s, rf, defaults, &file_ids)) {
            policy.rules.insert(id_s.into_inner(), spec);
        }
    }
}

fn merge_rule(
    cx: &Ctx<'_>,
    policy: &Policy,
    id_s: &Spanned<String>,
    mut rf: RuleFile,
    defaults: Option<&CategoryFile>,
    file_ids: &[String],
) -> Result<RuleSpec, PolicyError> {
    {
        let id = id_s.get_ref().clone();
        let key = format!("rules.{id}");
        if !valid_rule_id(&id) {
            return Err(cx.err(id_s, PolicyProblem::BadRuleId { rule: id }).key(key));
        }
        let category = RuleSpec::category_of(&id);
        let Some(default_severity) = category_severity(category) else {
            let e = cx
                .err(id_s, PolicyProblem::UnknownCategory { rule: id.clone(), category: category.to_owned() })
                .key(key);
            return Err(match did_you_mean(category, super::CATEGORIES.iter().map(|(c, _)| *c)) {
                Some(near) => e.help(format!("did you mean `{near}`?")),
                None => e,
            });
        };
        let code = crate::rules::is_code_rule(&id);
        let any = group_refs(cx, policy, &id, "any", rf.any)?;
        let all = group_refs(cx, policy, &id, "all", rf.all)?;
        let unless = group_refs(cx, policy, &id, "unless", rf.unless)?;
        let unless_nearby = group_refs(cx, policy, &id, "unless_nearby", rf.unless_nearby)?;
        let seq = group_refs(cx, policy, &id, "seq", rf.seq)?;
        let takes_accept = crate::rules::code_rule(&id).is_some_and(|r| r.meta().accept);
        if rf.accept.is_some() && !takes_accept {
            return Err(cx.err(id_s, PolicyProblem::SettingNotTaken { rule: id, setting: "accept" }).key(key));
        }
        let accept = group_refs(cx, policy, &id, "accept", rf.accept)?;
        let yield_to = match rf.yield_to.take() {
            None => None,
            Some(refs) => {
                let mut out = Vec::with_capacity(refs.len());
                for r in refs {
                    let target = r.get_ref();
                    let known = policy.rules.contains_key(target)
                        || crate::rules::is_code_rule(target)
                        || file_ids.iter().any(|f| f == target);
                    if !known || *target == id {
                        let problem = PolicyProblem::UnknownYield { rule: id.clone(), target: target.clone() };
                        let e = cx.err(&r, problem).key(format!("rules.{id}.yield_to"));
                        let names = policy.rules.keys().map(String::as_str).chain(file_ids.iter().map(String::as_str));
                        return Err(match did_you_mean(target, names) {
                            Some(near) if near != id => e.help(format!("did you mean `{near}`?")),
                            _ => e,
                        });
                    }
                    out.push(r.into_inner());
                }
                Some(out)
            }
        };
        if code && (rf.when.is_some() || rf.on.is_some()) {
            return Err(cx.err(id_s, PolicyProblem::NotForBuiltinRule { rule: id }).key(key));
        }
        if !policy.rules.contains_key(&id) {
            // A new rule takes its category's defaults for what it does not say.
            if let Some(d) = defaults {
                rf.clause = rf.clause.or_else(|| d.clause.clone());
                rf.law = rf.law.or_else(|| d.law.clone());
            }
        }
        let spec = match policy.rules.get(&id).cloned() {
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
                if let Some(v) = unless_nearby {
                    spec.unless_nearby = v;
                }
                if let Some(v) = seq {
                    spec.seq = v;
                }
                if let Some(v) = accept {
                    spec.accept = v;
                }
                if let Some(v) = yield_to {
                    spec.yield_to = v;
                }
                if let Some(v) = rf.yield_within {
                    spec.yield_within = v;
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
                if let Some(v) = rf.model {
                    spec.model = Some(v);
                }
                if let Some(v) = rf.model_min {
                    spec.model_min = Some(v);
                }
                if let Some(v) = rf.unless_model_below {
                    spec.unless_model_below = Some(v);
                }
                spec
            }
            None => {
                let missing = if rf.clause.is_none() {
                    Some("clause")
                } else if rf.message.is_none() {
                    Some("message")
                } else if !code
                    && any.as_ref().is_none_or(Vec::is_empty)
                    && seq.as_ref().is_none_or(Vec::is_empty)
                    && rf.model.is_none()
                {
                    Some("any`, `seq` or `model")
                } else {
                    None
                };
                if let Some(field) = missing {
                    let what = if code { "built-in rule" } else { "new text rule" };
                    let problem =
                        PolicyProblem::Incomplete { what: format!("{what} `{id}`"), needs: format!("`{field}`") };
                    return Err(cx.err(id_s, problem).key(key));
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
                    unless_nearby: unless_nearby.unwrap_or_default(),
                    seq: seq.unwrap_or_default(),
                    within: rf.within,
                    when: rf.when,
                    on: rf.on.unwrap_or_default(),
                    accept: accept.unwrap_or_default(),
                    yield_to: yield_to.unwrap_or_default(),
                    yield_within: rf.yield_within.unwrap_or_default(),
                    model: rf.model,
                    model_min: rf.model_min,
                    unless_model_below: rf.unless_model_below,
                }
            }
        };
        if !code && spec.any.is_empty() && spec.seq.is_empty() && spec.model.is_none() {
            let problem = PolicyProblem::Incomplete {
                what: format!("text rule `{id}`"),
                needs: "a non-empty `any` or `seq`, or a `model`".to_owned(),
            };
            return Err(cx.err(id_s, problem).key(key));
        }
        if spec.seq.len() == 1 {
            return Err(cx.err(id_s, PolicyProblem::SeqOfOne { rule: id }).key(key));
        }
        Ok(spec)
    }
}

/// Applies this file's embargoes (one with the id of an existing one replaces it); an
/// embargo with an error is recorded and left out.
pub(super) fn merge_embargoes(cx: &Ctx<'_>, policy: &mut Policy, embargoes: Vec<EmbargoFile>) {
    for ef in embargoes {
        let id = ef.id.get_ref().clone();
        if !valid_ident(&id) {
            cx.report(cx.err(&ef.id, PolicyProblem::BadName { what: "embargo id", name: id }).key("embargo"));
            continue;
        }
        if ef.terms.iter().all(|t| crate::text::fold(t).is_empty()) {
            let problem = PolicyProblem::Incomplete {
                what: format!("embargo `{id}`"),
                needs: "at least one non-empty term".to_owned(),
            };
            cx.report(cx.err(&ef.id, problem).key("embargo.terms"));
            continue;
        }
        let lift = crate::calendar::rfc3339::parse_timestamp(ef.lift.get_ref()).map_err(|why| {
            let message = format!("embargo `{id}` has invalid `lift` time `{}`: {why}", ef.lift.get_ref());
            cx.err(&ef.lift, PolicyProblem::InvalidValue { message }).key("embargo.lift")
        });
        let Some(lift) = cx.keep(lift) else { continue };
        let embargo = Embargo { id: id.clone(), terms: ef.terms, lift, note: ef.note };
        match policy.embargo.iter_mut().find(|e| e.id == id) {
            Some(existing) => *existing = embargo,
            None => policy.embargo.push(embargo),
        }
    }
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
        let problem = PolicyProblem::TooLarge {
            what: "policy has".to_owned(),
            size: terms,
            limit: MAX_TERMS,
            unit: "lexicon strings",
        };
        return Err(PolicyError::from_problem(problem).at(origin, "", 0));
    }
    Ok(())
}
