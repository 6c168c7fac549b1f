//! The entry point the shells share (CLI, C ABI, WASM): raw bytes and JSON in, a report or
//! a named error out.

use std::fmt;

use crate::checker::Checker;
use crate::context::{Context, ContextError};
use crate::report::Report;

/// Why a check could not run.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CheckError {
    /// The text is not valid UTF-8.
    InvalidUtf8 {
        /// Bytes before the first invalid sequence.
        valid_up_to: usize,
    },
    /// The text is longer than the policy's `limits.max_text_bytes`.
    TooLarge {
        /// The text's length in bytes.
        len: usize,
        /// The limit.
        limit: usize,
    },
    /// The context JSON is malformed.
    Context(ContextError),
}

impl fmt::Display for CheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckError::InvalidUtf8 { valid_up_to } => {
                write!(f, "text is not valid UTF-8 (first invalid byte at offset {valid_up_to})")
            }
            CheckError::TooLarge { len, limit } => {
                write!(f, "text is {len} bytes, more than the limit of {limit} (`limits.max_text_bytes`)")
            }
            CheckError::Context(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for CheckError {}

impl From<ContextError> for CheckError {
    fn from(e: ContextError) -> Self {
        CheckError::Context(e)
    }
}

/// Validates raw text bytes against UTF-8 and the checker's size limit.
pub fn validate_text<'a>(checker: &Checker, text: &'a [u8]) -> Result<&'a str, CheckError> {
    if text.len() > checker.max_text_bytes() {
        return Err(CheckError::TooLarge { len: text.len(), limit: checker.max_text_bytes() });
    }
    std::str::from_utf8(text).map_err(|e| CheckError::InvalidUtf8 { valid_up_to: e.valid_up_to() })
}

/// Checks raw text with an optional context in JSON (`None` or empty means no context).
pub fn check_bytes(checker: &Checker, text: &[u8], context_json: Option<&str>) -> Result<Report, CheckError> {
    let text = validate_text(checker, text)?;
    // Blank means no context; anything else is parsed untrimmed, so that error positions
    // are positions in what the caller passed.
    let ctx = match context_json {
        None => Context::default(),
        Some(json) if json.trim().is_empty() => Context::default(),
        Some(json) => Context::from_json(json)?,
    };
    Ok(checker.check(text, &ctx))
}

/// Like [`check_bytes`], returning the report as the JSON every binding returns.
pub fn check_json(checker: &Checker, text: &[u8], context_json: Option<&str>) -> Result<String, CheckError> {
    check_bytes(checker, text, context_json).map(|r| r.to_json())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn context_error_positions_count_leading_blank_lines() {
        let checker = Checker::default_checker();
        let e = check_bytes(checker, b"x", Some("\n  [1]")).unwrap_err();
        let CheckError::Context(e) = e else { panic!("{e}") };
        assert_eq!((e.line(), e.column()), (2, 3), "{e}");
        assert!(check_bytes(checker, b"x", Some(" \n ")).is_ok());
    }
}
