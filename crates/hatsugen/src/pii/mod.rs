//! Personal-data detectors.
//!
//! (Placeholder exposing the agreed API so the rest of the crate compiles; the detector
//! module replaces this file entirely.)

use crate::report::Severity;

/// Kinds of personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PiiKind {
    /// 個人番号.
    MyNumber,
    /// Phone number.
    Phone,
    /// E-mail.
    Email,
    /// Postal code.
    PostalCode,
    /// Address.
    Address,
    /// Card.
    CreditCard,
    /// Bank account.
    BankAccount,
    /// Passport.
    Passport,
    /// Licence.
    DriversLicence,
    /// Pension.
    PensionNumber,
    /// Residence card.
    ResidenceCard,
    /// Health insurance.
    HealthInsurance,
    /// Case information.
    CaseInformation,
    /// Long number.
    LongNumber,
}

/// Confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confidence {
    /// Low.
    Low,
}

/// A match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PiiMatch {
    /// Kind.
    pub kind: PiiKind,
    /// Start.
    pub start: usize,
    /// End.
    pub end: usize,
    /// Severity.
    pub severity: Severity,
    /// Masked.
    pub masked: String,
    /// Confidence.
    pub confidence: Confidence,
    /// Note.
    pub note: Option<&'static str>,
}

/// Scanner.
#[derive(Debug, Default)]
pub struct PiiScanner;

impl PiiScanner {
    /// New.
    pub fn new() -> PiiScanner {
        PiiScanner
    }
    /// Scan.
    pub fn scan(&self, _text: &str, _out: &mut Vec<PiiMatch>) {}
}
