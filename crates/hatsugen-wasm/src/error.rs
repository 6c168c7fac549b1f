//! Errors as plain data first (testable natively), then as JavaScript `Error`s.
//!
//! Every error thrown into JavaScript is an `Error` whose `name` is `HatsugenError`, with
//! a stable string `code` (one of [`codes`]) and a lower-case `message`. Policy errors also
//! carry `kind`, `line` and `column` (1-based; 0 when unknown), `keyPath` and `origin`;
//! context errors carry `line` and `column` of the context JSON when it was given as a
//! string.

use hatsugen::{CheckError, PolicyError, PolicyErrorKind};

/// The stable error codes (the `code` property of a thrown error).
pub mod codes {
    /// The policy TOML is malformed (bad syntax, wrong key or type).
    pub const POLICY_SYNTAX: &str = "POLICY_SYNTAX";
    /// Well-formed TOML that breaks a rule of the policy format.
    pub const POLICY_INVALID: &str = "POLICY_INVALID";
    /// No built-in pack has the given name.
    pub const POLICY_UNKNOWN_BUILTIN: &str = "POLICY_UNKNOWN_BUILTIN";
    /// The policy exceeds a size limit.
    pub const POLICY_TOO_LARGE: &str = "POLICY_TOO_LARGE";
    /// Any other policy error (a kind added to the core later).
    pub const POLICY_ERROR: &str = "POLICY_ERROR";
    /// The context is not valid (unknown field or value, bad time…).
    pub const INVALID_CONTEXT: &str = "INVALID_CONTEXT";
    /// The text is longer than the policy's `limits.max_text_bytes`.
    pub const TEXT_TOO_LARGE: &str = "TEXT_TOO_LARGE";
    /// The text is not valid UTF-8 (cannot come from a JavaScript string; kept for
    /// completeness).
    pub const INVALID_UTF8: &str = "INVALID_UTF8";
    /// Any other check error (a kind added to the core later).
    pub const CHECK_ERROR: &str = "CHECK_ERROR";
    /// An argument has the wrong type or shape (not a string, both `policy` and
    /// `builtin` given…).
    pub const INVALID_ARGUMENT: &str = "INVALID_ARGUMENT";
    /// A bug: something that should not fail did.
    pub const INTERNAL: &str = "INTERNAL";
}

/// An error ready to be thrown into JavaScript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorData {
    /// One of [`codes`].
    pub code: &'static str,
    /// What is wrong (the core's Display text, with place and key).
    pub message: String,
    /// Extra details: policy errors and context errors.
    pub detail: Detail,
}

/// The extra properties of an [`ErrorData`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    /// No extra properties.
    None,
    /// A policy error's place.
    Policy {
        /// `syntax`, `invalid`, `unknown_builtin`, `too_large` or `other`.
        kind: &'static str,
        /// 1-based line, 0 when unknown.
        line: usize,
        /// 1-based column in characters, 0 when unknown.
        column: usize,
        /// The dotted key the problem is at, when known.
        key_path: Option<String>,
        /// `<policy>` or `builtin:NAME`.
        origin: String,
    },
    /// A context error's place in the context JSON.
    Context {
        /// 1-based line, 0 when unknown.
        line: usize,
        /// 1-based column, 0 when unknown.
        column: usize,
    },
    /// The text's size and the limit.
    TooLarge {
        /// The text's length in bytes (a lower bound when the text was refused before
        /// being copied into WebAssembly memory).
        len: usize,
        /// The limit in bytes.
        limit: usize,
    },
}

impl ErrorData {
    /// An error with no extra properties.
    pub fn plain(code: &'static str, message: impl Into<String>) -> ErrorData {
        ErrorData { code, message: message.into(), detail: Detail::None }
    }
}

impl From<&PolicyError> for ErrorData {
    fn from(e: &PolicyError) -> ErrorData {
        let (code, kind) = match e.kind() {
            PolicyErrorKind::Syntax => (codes::POLICY_SYNTAX, "syntax"),
            PolicyErrorKind::Invalid => (codes::POLICY_INVALID, "invalid"),
            PolicyErrorKind::UnknownBuiltin => (codes::POLICY_UNKNOWN_BUILTIN, "unknown_builtin"),
            PolicyErrorKind::TooLarge => (codes::POLICY_TOO_LARGE, "too_large"),
            _ => (codes::POLICY_ERROR, "other"),
        };
        ErrorData {
            code,
            message: e.to_string(),
            detail: Detail::Policy {
                kind,
                line: e.line(),
                column: e.column(),
                key_path: e.key_path().map(str::to_owned),
                origin: e.origin().to_owned(),
            },
        }
    }
}

impl From<&CheckError> for ErrorData {
    fn from(e: &CheckError) -> ErrorData {
        let message = e.to_string();
        match e {
            CheckError::InvalidUtf8 { .. } => ErrorData::plain(codes::INVALID_UTF8, message),
            CheckError::TooLarge { len, limit } => ErrorData {
                code: codes::TEXT_TOO_LARGE,
                message,
                detail: Detail::TooLarge { len: *len, limit: *limit },
            },
            CheckError::Context(c) => ErrorData {
                code: codes::INVALID_CONTEXT,
                message,
                detail: Detail::Context { line: c.line(), column: c.column() },
            },
            _ => ErrorData::plain(codes::CHECK_ERROR, message),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
    use super::*;

    #[test]
    fn policy_syntax_error_has_place() {
        let e = hatsugen::Policy::from_toml("id = \"x\"\nversion = \n").unwrap_err();
        let d = ErrorData::from(&e);
        assert_eq!(d.code, codes::POLICY_SYNTAX);
        match d.detail {
            Detail::Policy { kind, line, column, .. } => {
                assert_eq!(kind, "syntax");
                assert_eq!(line, 2);
                assert!(column > 0);
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn unknown_builtin() {
        let e = hatsugen::Policy::builtin("nowhere").unwrap_err();
        assert_eq!(ErrorData::from(&e).code, codes::POLICY_UNKNOWN_BUILTIN);
    }

    #[test]
    fn check_errors() {
        let c = hatsugen::Checker::default_checker();
        let e = hatsugen::wire::check_bytes(c, b"x", Some("{\"status\": \"asleep\"}")).unwrap_err();
        let d = ErrorData::from(&e);
        assert_eq!(d.code, codes::INVALID_CONTEXT);
        assert!(d.message.contains("asleep"), "{}", d.message);
        let e = hatsugen::wire::check_bytes(c, &[0xff], None).unwrap_err();
        assert_eq!(ErrorData::from(&e).code, codes::INVALID_UTF8);
    }
}
