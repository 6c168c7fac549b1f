//! Loading a policy: parse, read the sections, load the pack it extends, apply the
//! differences (`merge.rs`), check the size. Every error of the file is collected (a section
//! or entry with one is left out and loading goes on), and, when asked, warnings about what
//! is legal but probably not meant (`lint.rs`).

use std::collections::BTreeMap;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::error::{PolicyProblem, PolicyWarning};
use super::merge::{apply_categories, check_size, merge_embargoes, merge_groups, merge_rules, remove_terms};
use super::read::Ctx;
use super::sections::{read_policy, valid_ident};
use super::{Broadcast, LateNight, Limits, MAX_POLICY_BYTES, Policy, PolicyError, builtin_text};

const MAX_EXTENDS_DEPTH: usize = 4;

/// What loading one file found.
pub(super) struct Loaded {
    /// The policy, when there is no error.
    pub(super) policy: Option<Policy>,
    /// Every error, in the order of the file (or the error of the pack it extends).
    pub(super) errors: Vec<PolicyError>,
    /// Warnings about this file (with `lint`; never about the packs it extends).
    pub(super) warnings: Vec<PolicyWarning>,
}

impl Loaded {
    fn failed(errors: Vec<PolicyError>) -> Loaded {
        Loaded { policy: None, errors, warnings: Vec::new() }
    }

    /// The policy, or the first error.
    pub(super) fn into_result(self) -> Result<Policy, PolicyError> {
        match (self.policy, self.errors.into_iter().next()) {
            (_, Some(e)) => Err(e),
            (Some(p), None) => Ok(p),
            // Not reached: a load without a policy has an error.
            (None, None) => Err(PolicyError::from_problem(PolicyProblem::Compile {
                message: "policy could not be read".to_owned(),
            })),
        }
    }
}

fn parse<'i>(text: &'i str, origin: &str) -> Result<Spanned<DeValue<'i>>, PolicyError> {
    let doc = DeTable::parse(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        PolicyError::from_problem(PolicyProblem::Toml { message: e.message().trim().to_owned() })
            .at(origin, text, offset)
    })?;
    Ok(Spanned::new(doc.span(), DeValue::Table(doc.into_inner())))
}

/// Loads `text` (named `origin` in errors), with warnings about it when `LINT` (a constant,
/// so that a build that never asks for warnings, the WebAssembly one, carries no lint code).
pub(super) fn load<const LINT: bool>(text: &str, origin: &str, depth: usize) -> Loaded {
    if text.len() > MAX_POLICY_BYTES {
        let problem = PolicyProblem::TooLarge {
            what: "policy is".to_owned(),
            size: text.len(),
            limit: MAX_POLICY_BYTES,
            unit: "bytes",
        };
        return Loaded::failed(vec![PolicyError::from_problem(problem).at(origin, "", 0)]);
    }
    let doc = match parse(text, origin) {
        Ok(doc) => doc,
        Err(e) => return Loaded::failed(vec![e]),
    };
    let cx = Ctx::new(origin, text);
    let file = match read_policy(&cx, &doc) {
        Ok(file) => file,
        Err(e) => return Loaded::failed(vec![e]),
    };

    let mut policy =
        match &file.extends {
            Some(ext) => {
                let Some(name) = ext.get_ref().strip_prefix("builtin:") else {
                    let e = cx.err(ext, PolicyProblem::BadExtends { value: ext.get_ref().clone() }).key("extends");
                    cx.report(e.help("write `extends = \"builtin:jp-local-gov\"` (or another built-in pack)"));
                    return Loaded::failed(cx.finish().0);
                };
                if depth >= MAX_EXTENDS_DEPTH {
                    cx.report(cx.err(ext, PolicyProblem::ExtendsTooDeep).key("extends"));
                    return Loaded::failed(cx.finish().0);
                }
                let base_text = match builtin_text(name) {
                    Ok(t) => t,
                    Err(e) => {
                        cx.report(cx.err(ext, e.problem().clone()).key("extends"));
                        return Loaded::failed(cx.finish().0);
                    }
                };
                let base = load::<false>(base_text, &format!("builtin:{name}"), depth + 1);
                match base.policy {
                    Some(p) if base.errors.is_empty() => p,
                    _ => return Loaded::failed(base.errors),
                }
            }
            None => {
                for (key, given) in [("id", file.id.is_some()), ("version", file.version.is_some())] {
                    if !given {
                        let problem = PolicyProblem::Incomplete {
                            what: "a policy without `extends`".to_owned(),
                            needs: format!("`{key}`"),
                        };
                        cx.report(cx.problem(0, problem).key(key).help(
                            "start the file with `extends = \"builtin:jp-local-gov\"` to state only differences",
                        ));
                    }
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
                    elections: Vec::new(),
                    sensitive_days: Vec::new(),
                    duties: BTreeMap::new(),
                    places: Vec::new(),
                    rules: BTreeMap::new(),
                    groups: BTreeMap::new(),
                    examples: Vec::new(),
                }
            }
        };

    if let Some(id) = file.id {
        if valid_ident(id.get_ref()) {
            policy.id = id.into_inner();
        } else {
            cx.report(cx.err(&id, PolicyProblem::BadName { what: "policy id", name: id.get_ref().clone() }).key("id"));
        }
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

    if let Some(f) = &file.schedule {
        let base = LINT.then(|| policy.schedule.clone());
        if let (Some(()), Some(base)) = (cx.keep(super::timing::merge_schedule(&cx, &mut policy, f)), base) {
            super::lint::schedule(&cx, &base, f);
        }
    }
    if let Some(f) = file.calendar {
        cx.keep(super::timing::merge_calendar(&cx, &mut policy, f));
    }
    if let Some(f) = file.late_night {
        cx.keep(super::timing::merge_late_night(&cx, &mut policy, f));
    }
    let written = LINT.then(|| super::lint::written_groups(&file.groups));
    merge_groups(&cx, &mut policy, file.groups);
    if let Some(written) = written {
        super::lint::groups(&cx, &written, &policy.groups);
    }
    remove_terms(&cx, &mut policy, &file.remove_terms);
    let rule_ids: Vec<Spanned<String>> = file.rules.keys().cloned().collect();
    let categories = apply_categories(&cx, &mut policy, file.categories);
    merge_rules(&cx, &mut policy, file.rules, &categories);
    if LINT {
        super::lint::rules(&cx, &policy, &rule_ids);
    }
    merge_embargoes(&cx, &mut policy, file.embargo);
    super::events::merge_events(&mut policy, file.elections, file.sensitive_days, file.duties);
    super::places::merge_places(&mut policy, file.places);
    add_examples(&cx, &mut policy, file.examples);
    if let Some(name) = origin.strip_prefix("builtin:") {
        if let Some(text) = super::builtin_examples(name) {
            if let Err(e) = load_examples(text, &format!("builtin:{name}/examples"), &mut policy) {
                cx.report(e);
            }
        }
    }
    if !cx.failed() {
        cx.keep(check_size(origin, &policy));
    }
    let (errors, warnings) = cx.finish();
    Loaded { policy: errors.is_empty().then_some(policy), errors, warnings }
}

/// Appends the examples whose expected rules exist; the others are errors.
fn add_examples(cx: &Ctx<'_>, policy: &mut Policy, examples: Vec<super::Example>) {
    for ex in examples {
        if let super::Expect::Rules(ids) = &ex.expect {
            if let Some(unknown) = ids.iter().find(|id| !policy.rules.contains_key(*id)) {
                let e = cx.problem(ex.at, PolicyProblem::UnknownRule { rule: unknown.clone() }).key("example.expect");
                cx.report(e);
                continue;
            }
        }
        policy.examples.push(ex);
    }
}

/// Reads a file of `[[example]]`s only (a built-in pack's examples) into `policy`.
fn load_examples(text: &str, origin: &str, policy: &mut Policy) -> Result<(), PolicyError> {
    let doc = parse(text, origin)?;
    let cx = Ctx::new(origin, text);
    let examples = super::sections::read_examples(&cx, &doc)?;
    add_examples(&cx, policy, examples);
    match cx.finish().0.into_iter().next() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}
