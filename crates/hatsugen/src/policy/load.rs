//! Loading a policy: parse, read the sections, load the pack it extends, apply the
//! differences (`merge.rs`), check the size.

use std::collections::BTreeMap;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::merge::{check_size, merge_embargoes, merge_groups, merge_rules, remove_terms};
use super::read::Ctx;
use super::sections::{read_policy, valid_ident};
use super::{Broadcast, LateNight, Limits, MAX_POLICY_BYTES, Policy, PolicyError, PolicyErrorKind, builtin_text};

const MAX_EXTENDS_DEPTH: usize = 4;

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
    super::events::merge_events(&mut policy, file.elections, file.sensitive_days, file.duties);
    super::places::merge_places(&mut policy, file.places);
    add_examples(&cx, &mut policy, file.examples)?;
    if let Some(name) = origin.strip_prefix("builtin:") {
        if let Some(text) = super::builtin_examples(name) {
            load_examples(text, &format!("builtin:{name}/examples"), &mut policy)?;
        }
    }
    check_size(origin, &policy)?;
    Ok(policy)
}

/// Appends examples after checking that the rules they expect exist.
fn add_examples(cx: &Ctx<'_>, policy: &mut Policy, examples: Vec<super::Example>) -> Result<(), PolicyError> {
    for ex in &examples {
        if let super::Expect::Rules(ids) = &ex.expect {
            if let Some(unknown) = ids.iter().find(|id| !policy.rules.contains_key(*id)) {
                return Err(cx
                    .err_at(PolicyErrorKind::Invalid, ex.at, format!("example expects unknown rule `{unknown}`"))
                    .key("example.expect"));
            }
        }
    }
    policy.examples.extend(examples);
    Ok(())
}

/// Reads a file of `[[example]]`s only (a built-in pack's examples) into `policy`.
fn load_examples(text: &str, origin: &str, policy: &mut Policy) -> Result<(), PolicyError> {
    let doc = DeTable::parse(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        PolicyError::new(PolicyErrorKind::Syntax, e.message().trim().to_owned()).at(origin, text, offset)
    })?;
    let cx = Ctx { origin, src: text };
    let examples = super::sections::read_examples(&cx, &Spanned::new(doc.span(), DeValue::Table(doc.into_inner())))?;
    add_examples(&cx, policy, examples)
}
