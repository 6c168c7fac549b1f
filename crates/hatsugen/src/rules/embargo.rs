//! `embargo.project`: a project the policy lists as not yet announced, before its lift time.

use jiff::Timestamp;

use super::{CodeRule, NextOk, Out, RuleCx, RuleMeta, fill, merge_spans};
use crate::context_field::ContextField;

/// One embargo with its terms compiled into a lexicon group.
#[derive(Debug)]
pub(crate) struct CompiledEmbargo {
    pub(crate) id: String,
    pub(crate) group: u32,
    pub(crate) lift: Timestamp,
    pub(crate) note: Option<String>,
}

pub(crate) struct EmbargoRule;

pub(crate) static RULES: [EmbargoRule; 1] = [EmbargoRule];

static META: RuleMeta = RuleMeta {
    id: "embargo.project",
    description: "A project the policy lists under `[[embargo]]`, before its lift time.",
    reads: &[ContextField::Time],
    needs_condition: false,
    placeholders: &["lift", "project", "note"],
    accept: false,
};

fn lifted(e: &CompiledEmbargo, t: Option<Timestamp>) -> bool {
    t.is_some_and(|t| t >= e.lift)
}

impl CodeRule for EmbargoRule {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleCx<'_>, out: &mut Out) {
        let text = &cx.input.text;
        for e in &cx.shared.embargoes {
            let hits = text.hits.group(e.group);
            if hits.is_empty() || lifted(e, cx.input.ctx.time) {
                continue;
            }
            let spans = merge_spans(hits.iter().filter_map(|h| text.span(h)).collect());
            let mut f = cx.finding(spans);
            f.terms = vec![e.id.clone()];
            let lift = crate::calendar::rfc3339::timestamp_with_offset(e.lift, cx.shared.offset);
            fill(&mut f, &[("lift", &lift), ("project", &e.id), ("note", e.note.as_deref().unwrap_or(""))]);
            out.findings.push(f);
        }
    }

    fn next_ok(&self, cx: &RuleCx<'_>, t: Timestamp) -> NextOk {
        let latest = cx
            .shared
            .embargoes
            .iter()
            .filter(|e| cx.input.text.hits.any(e.group) && !lifted(e, Some(t)))
            .map(|e| e.lift)
            .max();
        NextOk::At(latest.unwrap_or(t))
    }
}
