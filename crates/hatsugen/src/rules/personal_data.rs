//! `personal_data.*`: one rule per kind of personal data the detectors in
//! [`crate::pii`] find.

use super::{CodeRule, Out, RuleCx, fill};
use crate::pii::PiiKind;
use crate::report::{Edit, EditTarget, Fix};
use crate::text::snap_to_graphemes;

/// The rule for one kind.
pub(crate) struct PersonalData(PiiKind);

macro_rules! kinds {
    ($($kind:ident => $id:literal),+ $(,)?) => {
        pub(crate) static ALL: &[PersonalData] = &[$(PersonalData(PiiKind::$kind)),+];
        pub(crate) fn id_of(kind: PiiKind) -> &'static str {
            match kind { $(PiiKind::$kind => $id),+ }
        }
    };
}

kinds! {
    MyNumber => "personal_data.my_number",
    Phone => "personal_data.phone",
    Email => "personal_data.email",
    PostalCode => "personal_data.postal_code",
    Address => "personal_data.address",
    CreditCard => "personal_data.credit_card",
    BankAccount => "personal_data.bank_account",
    Passport => "personal_data.passport",
    DriversLicence => "personal_data.drivers_licence",
    PensionNumber => "personal_data.pension_number",
    ResidenceCard => "personal_data.residence_card",
    HealthInsurance => "personal_data.health_insurance",
    CaseInformation => "personal_data.case_information",
    LongNumber => "personal_data.long_number",
}

impl CodeRule for PersonalData {
    fn id(&self) -> &'static str {
        id_of(self.0)
    }

    fn check(&self, cx: &RuleCx<'_>, out: &mut Out) {
        let text = &cx.input.text.original;
        for m in cx.input.pii.iter().filter(|m| m.kind == self.0) {
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
