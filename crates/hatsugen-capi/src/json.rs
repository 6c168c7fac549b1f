//! The JSON entry point: text and context JSON in, the report JSON out, byte for byte what
//! the `hatsugen` CLI prints.

use std::ffi::{CString, c_char};

use hatsugen_core::{CheckError, wire};

use super::checker::hatsugen_checker;
use super::error::{Failure, hatsugen_error};
use super::ffi::{self, guard_or};
use super::status::hatsugen_status;

/// Reads the text argument: the length is checked against the policy's limit before the
/// memory is touched, then the bytes are checked as UTF-8.
///
/// # Safety
/// If `len > 0` and `ptr` is not `NULL`, `ptr` is valid for reading `len` bytes for `'a`.
pub(crate) unsafe fn text_arg<'a>(
    checker: &hatsugen_checker,
    ptr: *const c_char,
    len: usize,
) -> Result<&'a str, Failure> {
    let limit = checker.get().max_text_bytes();
    if len > limit {
        return Err(Failure::check(&CheckError::TooLarge { len, limit }));
    }
    // SAFETY: forwarded contract.
    let bytes = unsafe { ffi::bytes(ptr, len, "text") }?;
    wire::validate_text(checker.get(), bytes).map_err(|e| Failure::check(&e))
}

/// Writes `s` as a library-owned C string to `*out` and its length to `*len_out`.
///
/// # Safety
/// `out` is writable (checked non-NULL by the caller); `len_out` is `NULL` or writable.
pub(crate) unsafe fn give_string(s: String, out: *mut *mut c_char, len_out: *mut usize) {
    let c = ffi::cstring(&s);
    let len = c.as_bytes().len();
    let raw = c.into_raw();
    // SAFETY: the caller's contract.
    unsafe { out.write(raw) };
    if !len_out.is_null() {
        // SAFETY: the caller's contract (checked non-NULL).
        unsafe { len_out.write(len) };
    }
}

/// Checks `text` (`text_len` bytes of UTF-8) with the context given as JSON
/// (`context_json_len` bytes; `NULL`/0 or `"{}"` for none; the same fields as the CLI's
/// `--context`) and returns the report as JSON, byte for byte what the CLI prints.
///
/// On success writes a NUL-terminated UTF-8 string owned by the caller to `*report_json_out`
/// (free it with `hatsugen_string_free`) and, if `report_json_len_out` is not `NULL`, its
/// length without the NUL to `*report_json_len_out`. On failure writes nothing there,
/// returns `HATSUGEN_STATUS_INVALID_UTF8`, `_TEXT_TOO_LARGE`, `_INVALID_CONTEXT` (with line
/// and column in the error) or `_NULL_ARGUMENT`, and, if `error_out` is not `NULL`, writes a
/// new `hatsugen_error` to `*error_out`.
///
/// Thread-safe: any number of threads may call this with the same checker at once.
///
/// # Safety
/// `checker` is `NULL` (an error) or a live checker; `text` and `context_json` are valid for
/// reading their lengths; `report_json_out` is `NULL` (an error) or writable;
/// `report_json_len_out` and `error_out` are `NULL` or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_check_json(
    checker: *const hatsugen_checker,
    text: *const c_char,
    text_len: usize,
    context_json: *const c_char,
    context_json_len: usize,
    report_json_out: *mut *mut c_char,
    report_json_len_out: *mut usize,
    error_out: *mut *mut hatsugen_error,
) -> hatsugen_status {
    let outcome = ffi::catch(|| {
        // SAFETY: NULL or a live checker by the caller's contract.
        let checker = unsafe { checker.as_ref() }.ok_or_else(|| Failure::null("checker"))?;
        ffi::non_null(report_json_out, "report_json_out")?;
        // SAFETY: readable for `text_len` bytes by the caller's contract.
        let text = unsafe { text_arg(checker, text, text_len) }?;
        // SAFETY: readable for `context_json_len` bytes by the caller's contract.
        let context = unsafe { ffi::utf8(context_json, context_json_len, "context_json") }?;
        let report =
            wire::check_bytes(checker.get(), text.as_bytes(), Some(context)).map_err(|e| Failure::check(&e))?;
        // SAFETY: checked non-NULL; writable by the caller's contract, as is the length.
        unsafe { give_string(report.to_json(), report_json_out, report_json_len_out) };
        Ok(())
    });
    // SAFETY: `error_out` is NULL or writable by the caller's contract.
    unsafe { ffi::finish(outcome, error_out) }
}

/// Frees a string the library returned (`hatsugen_check_json`, `hatsugen_result_to_json`).
/// `NULL` is fine.
///
/// # Safety
/// `s` is `NULL` or a string from this library not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_string_free(s: *mut c_char) {
    if s.is_null() {
        return;
    }
    guard_or((), || {
        // SAFETY: a pointer from CString::into_raw (give_string), freed once by contract; the
        // string has no interior NUL, so the length CString::from_raw recomputes is right.
        drop(unsafe { CString::from_raw(s) });
    });
}
