//! hatsugen (発言): a pre-posting policy checker for Japanese public servants.
//!
//! A post is checked **before** it is sent, against the staff social-media guideline of
//! the author's employer. The core is a pure function: text + [`Context`] + [`Policy`] →
//! [`Report`]. It reads no clock, file, environment or network; the caller passes the time.
//!
//! ```
//! use hatsugen::{Checker, Context, Verdict};
//! let ctx = Context::from_json(r#"{"channel":"work","audience":"group","recipients":50}"#).unwrap();
//! let report = Checker::default_checker().check("会いたかったな💕 フフ", &ctx);
//! assert_eq!(report.verdict, Verdict::Warn);
//! let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
//! assert!(rules.contains(&"personal_in_work_channel.affection"));
//! assert!(rules.contains(&"broadcast.many_recipients"));
//! ```
//!
//! * [`Policy`]: TOML data, usually `extends = "builtin:jp-local-gov"` plus a city's
//!   differences; errors carry line and column.
//! * [`Checker`]: the policy compiled once; immutable, `Send + Sync`.
//! * [`Report`]: verdict, findings (rule id, category, severity, byte spans into the
//!   original text, messages in Japanese and English, clause, law, suggestion), the next
//!   allowed time when timing is the problem, and the rules skipped for want of context.
//! * [`wire`]: the byte/JSON entry point the CLI, C ABI and WASM build share.
#![cfg_attr(not(test), forbid(unsafe_code))]

mod automaton;
pub mod calendar;
mod checker;
mod context;
mod context_field;
mod fix;
#[cfg(test)]
mod fold_scope;
pub mod geo;
mod grapheme;
#[cfg(not(target_arch = "wasm32"))]
mod lazy_dfa;
pub mod lexicon;
mod lzma;
mod model;
mod model_code;
mod packed;
pub mod pii;
pub mod policy;
pub mod report;
mod rules;
mod scan;
mod sort;
pub mod text;
pub mod wire;

pub use checker::{Checker, RuleInfo};
pub use context::{
    Account, Action, Attachment, AttachmentKind, Audience, Channel, Context, ContextError, Device, Emergency,
    EmergencyLevel, Exif, MAX_CONTEXT_BYTES, RecipientRelation, ReplyAuthor, Role, Status,
};
pub use context_field::ContextField;
pub use fix::{Applied, AppliedAttachment, DEFAULT_DISCLAIMER, FixSelection, Fixed};
pub use geo::GeoPoint;
pub use policy::{
    Policy, PolicyAnalysis, PolicyError, PolicyErrorKind, PolicyProblem, PolicyWarning, PolicyWarningKind,
};
pub use report::{
    AttachmentEdit, AttachmentEditKind, Edit, EditTarget, Finding, Fix, Message, Report, Severity, Span, Suggestion,
    Verdict,
};
pub use wire::CheckError;

/// The README's Rust example, run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;

/// The crate README's examples (crates/hatsugen/README.md, shown on crates.io), run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct CrateReadmeDoctests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checker_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Checker>();
        assert_send_sync::<Policy>();
        assert_send_sync::<Report>();
    }
}
