//! The emergency rules: the city has declared an emergency (context `emergency`, set by the
//! groupware or the extension; the core reads no feed). Each rule's text condition comes from
//! the policy (the built-in pack's groups `leisure`, `damage_report`, `unverified_marker`,
//! `city_source`…); the rule adds the context.
//!
//! * `emergency.leisure` (warn): a leisure post (飲み会, 旅行, 🎉) while staff are on disaster
//!   duty — the public sees staff partying during an evacuation.
//! * `emergency.damage_rumor` (warn; block from a staff-identified or official account): a
//!   damage report marked as hearsay or unverified (倒壊したらしい, 拡散希望) that cites no
//!   source (地方公務員法第33条; 災害時のデマ).
//! * `emergency.no_source` (warn): the official account posts emergency information that
//!   cites no source; information citing the city's own announcement passes.

use super::{CodeRule, Out, RuleCx, RuleMeta, fill_each};
use crate::context::{Account, EmergencyLevel};
use crate::context_field::ContextField;
use crate::report::{Finding, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Leisure,
    DamageRumor,
    NoSource,
}

/// One of the emergency rules.
pub(crate) struct EmergencyRule {
    kind: Kind,
    meta: RuleMeta,
}

const READS: &[ContextField] = &[ContextField::Emergency, ContextField::Account, ContextField::Action];

pub(crate) static RULES: [EmergencyRule; 3] = [
    EmergencyRule {
        kind: Kind::Leisure,
        meta: RuleMeta {
            id: "emergency.leisure",
            description: "A leisure post (the rule's text condition) while the city has declared an emergency.",
            reads: READS,
            needs_condition: true,
            placeholders: &["level", "action"],
            accept: false,
        },
    },
    EmergencyRule {
        kind: Kind::DamageRumor,
        meta: RuleMeta {
            id: "emergency.damage_rumor",
            description: "During an emergency, a damage report marked as hearsay or unverified that cites no source (the rule's text condition).",
            reads: READS,
            needs_condition: true,
            placeholders: &["level", "action"],
            accept: false,
        },
    },
    EmergencyRule {
        kind: Kind::NoSource,
        meta: RuleMeta {
            id: "emergency.no_source",
            description: "During an emergency, emergency information from the official account that cites no source (the rule's text condition).",
            reads: READS,
            needs_condition: true,
            placeholders: &["level", "action"],
            accept: false,
        },
    },
];

/// The level's name in Japanese and English.
fn level_label(level: EmergencyLevel) -> (&'static str, &'static str) {
    match level {
        EmergencyLevel::Alert => ("警報・注意報の発令中", "a weather alert is in force"),
        EmergencyLevel::Evacuation => ("避難指示の発令中", "an evacuation order is in force"),
        EmergencyLevel::Disaster => ("災害対応中", "the city is responding to a disaster"),
    }
}

fn fill(cx: &RuleCx<'_>, f: &mut Finding, level: EmergencyLevel, area: Option<&str>) {
    let (ja, en) = level_label(level);
    let (area_ja, area_en) = match area {
        Some(a) if !a.trim().is_empty() => (format!("({a})"), format!(" ({a})")),
        _ => (String::new(), String::new()),
    };
    fill_each(f, "level", &format!("{ja}{area_ja}"), &format!("{en}{area_en}"));
    let (action_ja, action_en) = cx.input.ctx.action_or_post().label();
    fill_each(f, "action", action_ja, action_en);
}

impl CodeRule for EmergencyRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check(&self, cx: &RuleCx<'_>, out: &mut Out) {
        let ctx = cx.input.ctx;
        let Some(emergency) = &ctx.emergency else { return };
        if self.kind == Kind::NoSource {
            match ctx.account {
                Some(Account::Official) => {}
                Some(_) => return,
                None => {
                    cx.skip(out, &[ContextField::Account]);
                    return;
                }
            }
        }
        let mut f = cx.finding(Vec::new());
        if self.kind == Kind::DamageRumor && matches!(ctx.account, Some(Account::StaffIdentified | Account::Official)) {
            f.severity = Severity::Block;
        }
        fill(cx, &mut f, emergency.level, emergency.area.as_deref());
        out.findings.push(f);
    }
}
