//! `personal_data.*`: one rule per kind of personal data the detectors in
//! [`crate::pii`] find.

use super::{CodeRule, Out, RuleCx, RuleMeta, fill};
use crate::pii::PiiKind;
use crate::report::{Edit, EditTarget, Fix};
use crate::text::snap_to_graphemes;

/// The rule for one kind.
#[derive(Clone, Copy)]
pub(crate) struct PersonalData {
    kind: PiiKind,
    meta: RuleMeta,
}

impl PersonalData {
    const fn of(kind: PiiKind) -> PersonalData {
        PersonalData {
            kind,
            meta: RuleMeta {
                id: kind.rule_id(),
                description: kind.description(),
                reads: &[],
                needs_condition: false,
                placeholders: &["masked"],
                accept: false,
            },
        }
    }
}

/// One rule per kind of [`PiiKind::ALL`], in its order.
// Indexing in a constant: out of bounds is a compile error, not a panic.
#[allow(clippy::indexing_slicing)]
pub(crate) static RULES: [PersonalData; PiiKind::ALL.len()] = {
    let mut rules = [PersonalData::of(PiiKind::MyNumber); PiiKind::ALL.len()];
    let mut i = 0;
    while i < rules.len() {
        rules[i] = PersonalData::of(PiiKind::ALL[i]);
        i += 1;
    }
    rules
};

impl CodeRule for PersonalData {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check(&self, cx: &RuleCx<'_>, out: &mut Out) {
        let text = &cx.input.text.original;
        for m in cx.input.pii.iter().filter(|m| m.kind == self.kind) {
            let mut f = cx.finding(vec![snap_to_graphemes(text, m.start, m.end)]);
            f.severity = f.severity.min(m.severity);
            fill(&mut f, &[("masked", &m.masked)]);
            if let Some(s) = f.suggestion.as_mut() {
                s.replacement = Some(m.masked.clone());
            }
            let edits = f
                .spans
                .iter()
                .map(|s| Edit { target: EditTarget::Text, span: *s, replacement: m.masked.clone() })
                .collect();
            f.fix = Some(Fix::edits(true, edits));
            out.findings.push(f);
        }
    }
}
