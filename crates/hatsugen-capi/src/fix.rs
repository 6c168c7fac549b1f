//! `hatsugen_fix_json` and `hatsugen_fix`: apply the machine-applicable fixes of a check and
//! return the fixed text, the fixed profile, the edits applied and the new report as JSON.

use std::ffi::c_char;

use hatsugen_core::{Context, FixSelection};

use super::checker::hatsugen_checker;
use super::context::{hatsugen_context, to_context};
use super::error::{Failure, hatsugen_error};
use super::ffi;
use super::json::{give_string, text_arg};
use super::status::hatsugen_status;

/// What both entry points share: checks the checker, the output pointer and the text (in
/// that order, as `hatsugen_check` does), reads the context with `context`, fixes with the
/// selection `which` and writes the JSON result, all inside the panic boundary.
///
/// # Safety
/// `checker` is `NULL` or a live checker; `text` and `which` are valid for reading their
/// lengths; `fixed_json_out` is `NULL` or writable; `fixed_json_len_out` and `error_out` are
/// `NULL` or writable.
#[allow(clippy::too_many_arguments)]
unsafe fn fix_entry(
    checker: *const hatsugen_checker,
    text: *const c_char,
    text_len: usize,
    context: impl FnOnce() -> Result<Context, Failure>,
    which: *const c_char,
    which_len: usize,
    fixed_json_out: *mut *mut c_char,
    fixed_json_len_out: *mut usize,
    error_out: *mut *mut hatsugen_error,
) -> hatsugen_status {
    let outcome = ffi::catch(|| {
        // SAFETY: NULL or a live checker by the caller's contract.
        let checker = unsafe { checker.as_ref() }.ok_or_else(|| Failure::null("checker"))?;
        ffi::non_null(fixed_json_out, "fixed_json_out")?;
        // SAFETY: readable for `text_len` bytes by the caller's contract.
        let text = unsafe { text_arg(checker, text, text_len) }?;
        let ctx = context()?;
        // SAFETY: readable for `which_len` bytes by the caller's contract.
        let spec = unsafe { ffi::utf8(which, which_len, "which") }?;
        let mut ids = Vec::new();
        let fixed = checker.get().fix(text, &ctx, FixSelection::parse(spec, &mut ids));
        // SAFETY: `fixed_json_out` checked non-NULL; `fixed_json_len_out` NULL or writable.
        unsafe { give_string(fixed.to_json(), fixed_json_out, fixed_json_len_out) };
        Ok(())
    });
    // SAFETY: `error_out` is NULL or writable by the caller's contract.
    unsafe { ffi::finish(outcome, error_out) }
}

/// Applies the machine-applicable fixes to `text` (`text_len` bytes of UTF-8) in the context
/// given as JSON (`context_json_len` bytes; `NULL`/0 for none), checks the result again and
/// returns it as JSON: `{"text", "profile", "applied", "report"}` (see docs/C-API.md).
///
/// `which` (`which_len` bytes; `NULL`/0 means `"safe"`) chooses the fixes: `"safe"` (masking
/// personal data, removing invisible characters, the profile disclaimer), `"all"`, or rule
/// ids separated by commas (`"personal_data.phone,defamation.insult"`).
///
/// On success writes a NUL-terminated UTF-8 string owned by the caller to `*fixed_json_out`
/// (free it with `hatsugen_string_free`) and, if `fixed_json_len_out` is not `NULL`, its
/// length to `*fixed_json_len_out`. On failure writes nothing there and returns the same
/// statuses as `hatsugen_check_json`, with a `hatsugen_error` in `*error_out` if that is not
/// `NULL`. Thread-safe.
///
/// # Safety
/// `checker` is `NULL` (an error) or a live checker; `text`, `context_json` and `which` are
/// valid for reading their lengths; `fixed_json_out` is `NULL` (an error) or writable;
/// `fixed_json_len_out` and `error_out` are `NULL` or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_fix_json(
    checker: *const hatsugen_checker,
    text: *const c_char,
    text_len: usize,
    context_json: *const c_char,
    context_json_len: usize,
    which: *const c_char,
    which_len: usize,
    fixed_json_out: *mut *mut c_char,
    fixed_json_len_out: *mut usize,
    error_out: *mut *mut hatsugen_error,
) -> hatsugen_status {
    let read_context = || {
        // SAFETY: readable for `context_json_len` bytes by the caller's contract.
        let json = unsafe { ffi::utf8(context_json, context_json_len, "context_json") }?;
        if json.trim().is_empty() {
            Ok(Context::default())
        } else {
            Context::from_json(json).map_err(|e| Failure::context_error(&e))
        }
    };
    // SAFETY: forwarded caller's contract.
    unsafe {
        fix_entry(
            checker,
            text,
            text_len,
            read_context,
            which,
            which_len,
            fixed_json_out,
            fixed_json_len_out,
            error_out,
        )
    }
}

/// Like `hatsugen_fix_json` with the context as a `hatsugen_context` struct (`NULL` for
/// none), as `hatsugen_check` takes it. The result is the same JSON.
///
/// # Safety
/// `checker` is `NULL` (an error) or a live checker; `text` and `which` are valid for
/// reading their lengths; `context` is `NULL` or a `hatsugen_context` readable for its
/// `struct_size` whose pointers are valid for their lengths; `fixed_json_out` is `NULL` (an
/// error) or writable; `fixed_json_len_out` and `error_out` are `NULL` or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_fix(
    checker: *const hatsugen_checker,
    text: *const c_char,
    text_len: usize,
    context: *const hatsugen_context,
    which: *const c_char,
    which_len: usize,
    fixed_json_out: *mut *mut c_char,
    fixed_json_len_out: *mut usize,
    error_out: *mut *mut hatsugen_error,
) -> hatsugen_status {
    let read_context = || {
        if context.is_null() {
            Ok(Context::default())
        } else {
            // SAFETY: a readable hatsugen_context by the caller's contract.
            unsafe { to_context(context) }
        }
    };
    // SAFETY: forwarded caller's contract.
    unsafe {
        fix_entry(
            checker,
            text,
            text_len,
            read_context,
            which,
            which_len,
            fixed_json_out,
            fixed_json_len_out,
            error_out,
        )
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
mod tests {
    use std::ffi::CStr;

    use super::super::checker::{hatsugen_checker_free, hatsugen_checker_new_default};
    use super::super::json::hatsugen_string_free;
    use super::super::status::{HATSUGEN_STATUS_INVALID_CONTEXT, HATSUGEN_STATUS_NULL_ARGUMENT, HATSUGEN_STATUS_OK};
    use super::*;

    #[test]
    fn fixes_through_both_entry_points_and_checks_every_pointer() {
        let mut checker = std::ptr::null_mut();
        // SAFETY: test calls with valid pointers.
        unsafe {
            assert_eq!(hatsugen_checker_new_default(&mut checker), HATSUGEN_STATUS_OK);
            let text = "電話は090-1234-5678です";
            let mut out = std::ptr::null_mut();
            let mut len = 0;
            let s = hatsugen_fix_json(
                checker,
                text.as_ptr().cast(),
                text.len(),
                std::ptr::null(),
                0,
                std::ptr::null(),
                0,
                &mut out,
                &mut len,
                std::ptr::null_mut(),
            );
            assert_eq!(s, HATSUGEN_STATUS_OK);
            let json = CStr::from_ptr(out).to_str().unwrap().to_owned();
            assert_eq!(json.len(), len);
            hatsugen_string_free(out);
            let v: serde_json::Value = serde_json::from_str(&json).unwrap();
            assert_eq!(v["text"], "電話は090-****-5678です");
            assert_eq!(v["report"]["verdict"], "allow");

            let mut out2 = std::ptr::null_mut();
            let which = "all";
            let s = hatsugen_fix(
                checker,
                text.as_ptr().cast(),
                text.len(),
                std::ptr::null(),
                which.as_ptr().cast(),
                which.len(),
                &mut out2,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            );
            assert_eq!(s, HATSUGEN_STATUS_OK);
            assert_eq!(CStr::from_ptr(out2).to_str().unwrap(), json);
            hatsugen_string_free(out2);

            // NULL everywhere it may not be, a bad context: statuses, nothing written.
            let mut untouched = std::ptr::null_mut();
            let none = std::ptr::null();
            assert_eq!(
                hatsugen_fix_json(
                    none,
                    none.cast(),
                    0,
                    none.cast(),
                    0,
                    none.cast(),
                    0,
                    &mut untouched,
                    std::ptr::null_mut(),
                    std::ptr::null_mut()
                ),
                HATSUGEN_STATUS_NULL_ARGUMENT
            );
            assert_eq!(
                hatsugen_fix(
                    checker,
                    none.cast(),
                    0,
                    none.cast(),
                    none.cast(),
                    0,
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    std::ptr::null_mut()
                ),
                HATSUGEN_STATUS_NULL_ARGUMENT
            );
            let bad = "{\"device\":\"phone\"}";
            assert_eq!(
                hatsugen_fix_json(
                    checker,
                    none.cast(),
                    0,
                    bad.as_ptr().cast(),
                    bad.len(),
                    none.cast(),
                    0,
                    &mut untouched,
                    std::ptr::null_mut(),
                    std::ptr::null_mut()
                ),
                HATSUGEN_STATUS_INVALID_CONTEXT
            );
            assert!(untouched.is_null());
            hatsugen_checker_free(checker);
        }
    }
}
