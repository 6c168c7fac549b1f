//! `hatsugen_error`: why a call failed, with line and column where the input has them.

use std::ffi::{CString, c_char};

use hatsugen_core::{CheckError, ContextError, PolicyError, PolicyErrorKind};

use super::ffi::{cstring, guard_or};
use super::status::*;

/// Why a call failed: a status, a message, and for policy TOML and context JSON the line and
/// column of the problem. Created by the library on failure when the caller passes a
/// non-`NULL` `hatsugen_error **`; the caller frees it with `hatsugen_error_free`.
/// Immutable: any thread may read it; strings it returns live until it is freed.
pub struct hatsugen_error {
    status: hatsugen_status,
    message: CString,
    line: usize,
    column: usize,
    key_path: Option<CString>,
    origin: Option<CString>,
}

/// A failure on its way out of an extern function (turned into a status, and into a
/// `hatsugen_error` when the caller asked for one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub(crate) status: hatsugen_status,
    pub(crate) message: String,
    line: usize,
    column: usize,
    key_path: Option<String>,
    origin: Option<String>,
}

impl Failure {
    pub(crate) fn new(status: hatsugen_status, message: impl Into<String>) -> Failure {
        Failure { status, message: message.into(), line: 0, column: 0, key_path: None, origin: None }
    }

    pub(crate) fn null(what: &str) -> Failure {
        Failure::new(HATSUGEN_STATUS_NULL_ARGUMENT, format!("`{what}` is NULL"))
    }

    pub(crate) fn invalid_argument(message: impl Into<String>) -> Failure {
        Failure::new(HATSUGEN_STATUS_INVALID_ARGUMENT, message)
    }

    pub(crate) fn utf8(message: impl Into<String>) -> Failure {
        Failure::new(HATSUGEN_STATUS_INVALID_UTF8, message)
    }

    pub(crate) fn context(message: impl Into<String>) -> Failure {
        Failure::new(HATSUGEN_STATUS_INVALID_CONTEXT, message)
    }

    pub(crate) fn panic() -> Failure {
        Failure::new(HATSUGEN_STATUS_PANIC, "internal error: the library panicked (this is a bug)")
    }

    pub(crate) fn policy(e: &PolicyError) -> Failure {
        let status = match e.kind() {
            PolicyErrorKind::Syntax => HATSUGEN_STATUS_POLICY_SYNTAX,
            PolicyErrorKind::Invalid => HATSUGEN_STATUS_POLICY_INVALID,
            PolicyErrorKind::UnknownBuiltin => HATSUGEN_STATUS_UNKNOWN_BUILTIN,
            PolicyErrorKind::TooLarge => HATSUGEN_STATUS_POLICY_TOO_LARGE,
            _ => HATSUGEN_STATUS_POLICY_ERROR,
        };
        Failure {
            status,
            message: e.message().to_owned(),
            line: e.line(),
            column: e.column(),
            key_path: e.key_path().map(str::to_owned),
            origin: Some(e.origin().to_owned()).filter(|o| !o.is_empty()),
        }
    }

    pub(crate) fn context_error(e: &ContextError) -> Failure {
        Failure { line: e.line(), column: e.column(), ..Failure::context(e.message()) }
    }

    pub(crate) fn check(e: &CheckError) -> Failure {
        match e {
            CheckError::InvalidUtf8 { .. } => Failure::utf8(e.to_string()),
            CheckError::TooLarge { .. } => Failure::new(HATSUGEN_STATUS_TEXT_TOO_LARGE, e.to_string()),
            CheckError::Context(c) => Failure::context_error(c),
            _ => Failure::new(HATSUGEN_STATUS_CHECK_FAILED, e.to_string()),
        }
    }
}

impl hatsugen_error {
    pub(crate) fn boxed(f: Failure) -> *mut hatsugen_error {
        Box::into_raw(Box::new(hatsugen_error {
            status: f.status,
            message: cstring(&f.message),
            line: f.line,
            column: f.column,
            key_path: f.key_path.as_deref().map(cstring),
            origin: f.origin.as_deref().map(cstring),
        }))
    }
}

/// Reads `error` if it is not `NULL`.
///
/// # Safety
/// `error` is `NULL` or a live `hatsugen_error`.
unsafe fn with<T>(error: *const hatsugen_error, fallback: T, f: impl FnOnce(&hatsugen_error) -> T) -> T {
    // SAFETY: the caller's contract: NULL or a live error, which nobody mutates.
    match unsafe { error.as_ref() } {
        Some(e) => guard_or(fallback, || f(e)),
        None => fallback,
    }
}

/// The status of the failed call (`HATSUGEN_STATUS_NULL_ARGUMENT` if `error` is `NULL`).
///
/// # Safety
/// `error` is `NULL` or a live `hatsugen_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_error_status(error: *const hatsugen_error) -> hatsugen_status {
    // SAFETY: forwarded contract.
    unsafe { with(error, HATSUGEN_STATUS_NULL_ARGUMENT, |e| e.status) }
}

/// What went wrong, in English, lower case, user input in backticks; for policy and context
/// errors without the line and column (see `hatsugen_error_line`). A NUL-terminated UTF-8
/// string owned by `error`, valid until `hatsugen_error_free(error)`; `""` if `error` is
/// `NULL`.
///
/// # Safety
/// `error` is `NULL` or a live `hatsugen_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_error_message(error: *const hatsugen_error) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { with(error, c"".as_ptr(), |e| e.message.as_ptr()) }
}

/// The 1-based line of the problem in the policy TOML or context JSON, or 0 when it has none.
///
/// # Safety
/// `error` is `NULL` or a live `hatsugen_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_error_line(error: *const hatsugen_error) -> usize {
    // SAFETY: forwarded contract.
    unsafe { with(error, 0, |e| e.line) }
}

/// The 1-based column (in characters) of the problem, or 0 when unknown.
///
/// # Safety
/// `error` is `NULL` or a live `hatsugen_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_error_column(error: *const hatsugen_error) -> usize {
    // SAFETY: forwarded contract.
    unsafe { with(error, 0, |e| e.column) }
}

/// For policy errors, the dotted key the problem is at (`rules.defamation.insult`), or
/// `NULL` when unknown. Owned by `error` (NUL-terminated UTF-8).
///
/// # Safety
/// `error` is `NULL` or a live `hatsugen_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_error_key_path(error: *const hatsugen_error) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { with(error, std::ptr::null(), |e| e.key_path.as_ref().map_or(std::ptr::null(), |k| k.as_ptr())) }
}

/// For policy errors, which text the problem is in: `<policy>` for the caller's TOML,
/// `builtin:NAME` for a built-in pack; `NULL` otherwise. Owned by `error`.
///
/// # Safety
/// `error` is `NULL` or a live `hatsugen_error`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_error_origin(error: *const hatsugen_error) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { with(error, std::ptr::null(), |e| e.origin.as_ref().map_or(std::ptr::null(), |o| o.as_ptr())) }
}

/// Frees an error. `NULL` is fine. Strings obtained from it become invalid.
///
/// # Safety
/// `error` is `NULL` or a `hatsugen_error` from this library not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_error_free(error: *mut hatsugen_error) {
    if error.is_null() {
        return;
    }
    guard_or((), || {
        // SAFETY: a pointer from Box::into_raw (hatsugen_error::boxed), freed once by contract.
        drop(unsafe { Box::from_raw(error) });
    });
}
