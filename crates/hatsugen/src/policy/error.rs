//! Policy errors: every one names what is wrong and, where it comes from a file, the line
//! and column.

use std::fmt;

/// What kind of problem a policy has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PolicyErrorKind {
    /// The TOML itself is malformed, or a key or value has the wrong type or name.
    Syntax,
    /// Well-formed TOML that breaks a rule of the policy format (an unknown group, a bad
    /// rule id, a regex that does not compile…).
    Invalid,
    /// `extends` or [`Policy::builtin`](crate::Policy::builtin) names no built-in pack.
    UnknownBuiltin,
    /// The policy exceeds a size limit (bytes, terms, pattern length).
    TooLarge,
}

/// A policy that could not be read or compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    pub(crate) kind: PolicyErrorKind,
    pub(crate) message: String,
    pub(crate) key: Option<String>,
    pub(crate) origin: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
}

impl PolicyError {
    pub(crate) fn new(kind: PolicyErrorKind, message: impl Into<String>) -> PolicyError {
        PolicyError { kind, message: message.into(), key: None, origin: String::new(), line: 0, column: 0 }
    }

    pub(crate) fn at(mut self, origin: &str, src: &str, offset: usize) -> PolicyError {
        let (line, column) = line_col(src, offset);
        self.origin = origin.to_owned();
        self.line = line;
        self.column = column;
        self
    }

    pub(crate) fn key(mut self, key: impl Into<String>) -> PolicyError {
        self.key = Some(key.into());
        self
    }

    /// The kind of problem.
    pub fn kind(&self) -> PolicyErrorKind {
        self.kind
    }
    /// What is wrong, in lower case, with user input in backticks.
    pub fn message(&self) -> &str {
        &self.message
    }
    /// The dotted key the problem is at, when known (`rules.defamation.insult.any`).
    pub fn key_path(&self) -> Option<&str> {
        self.key.as_deref()
    }
    /// Which text the problem is in: `<policy>` for the caller's file, `builtin:NAME` for a pack.
    pub fn origin(&self) -> &str {
        &self.origin
    }
    /// 1-based line, or 0 when the problem has no place in a file.
    pub fn line(&self) -> usize {
        self.line
    }
    /// 1-based column (in characters), or 0 when unknown.
    pub fn column(&self) -> usize {
        self.column
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}:{}: ", self.origin, self.line, self.column)?;
        } else if !self.origin.is_empty() {
            write!(f, "{}: ", self.origin)?;
        }
        f.write_str(&self.message)?;
        if let Some(key) = &self.key {
            write!(f, " (at `{key}`)")?;
        }
        Ok(())
    }
}

impl std::error::Error for PolicyError {}

/// 1-based line and column (in characters) of byte `offset` in `src`.
pub(crate) fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(src.len());
    while !src.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = src.get(..offset).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}
