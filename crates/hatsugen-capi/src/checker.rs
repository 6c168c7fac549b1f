//! `hatsugen_checker`: a compiled policy, shared by any number of threads.

use std::ffi::{CString, c_char};

use hatsugen_core::{Checker, Policy, PolicyError};

use super::error::{Failure, hatsugen_error};
use super::ffi::{self, cstring, guard_or};
use super::status::hatsugen_status;

/// A policy compiled for checking. Immutable: any number of threads may check with one
/// checker at the same time. Create it with a `hatsugen_checker_new_*` function, free it
/// with `hatsugen_checker_free` after every thread is done with it.
pub struct hatsugen_checker {
    // Each handle owns its checker (rather than sharing the core's process-wide default)
    // so that freeing the last handle frees everything: leak checkers stay quiet.
    inner: Checker,
    policy_id: CString,
    policy_version: CString,
}

impl hatsugen_checker {
    fn boxed(inner: Checker) -> Box<hatsugen_checker> {
        let policy = inner.policy();
        let (policy_id, policy_version) = (cstring(&policy.id), cstring(&policy.version));
        Box::new(hatsugen_checker { inner, policy_id, policy_version })
    }

    /// The Rust checker inside.
    pub(crate) fn get(&self) -> &Checker {
        &self.inner
    }
}

/// Compiles `policy` into a new checker written to `*checker_out`.
///
/// # Safety
/// `checker_out` is valid for writing one pointer (checked non-NULL by the caller).
unsafe fn give(checker_out: *mut *mut hatsugen_checker, policy: Result<Policy, PolicyError>) -> Result<(), Failure> {
    let policy = policy.map_err(|e| Failure::policy(&e))?;
    let checker = Checker::new(&policy).map_err(|e| Failure::policy(&e))?;
    let raw = Box::into_raw(hatsugen_checker::boxed(checker));
    // SAFETY: the caller's contract.
    unsafe { checker_out.write(raw) };
    Ok(())
}

/// Creates a checker for the default built-in policy pack, `jp-local-gov` (the same as
/// `hatsugen_checker_new_builtin("jp-local-gov", ...)`). Compiling takes around ten
/// milliseconds: create one checker and share it between threads.
///
/// On success writes the new checker to `*checker_out`; on failure writes nothing.
///
/// # Safety
/// `checker_out` is `NULL` (an error) or valid for writing one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_checker_new_default(checker_out: *mut *mut hatsugen_checker) -> hatsugen_status {
    ffi::status(ffi::catch(|| {
        ffi::non_null(checker_out, "checker_out")?;
        // SAFETY: checked non-NULL; writable by the caller's contract.
        unsafe { give(checker_out, Policy::default_pack()) }
    }))
}

/// Creates a checker for the built-in policy pack `name` (`"jp-local-gov"`, `"urayasu"`):
/// `name_len` bytes of UTF-8, no terminating NUL needed.
///
/// On success writes the new checker to `*checker_out`. On failure writes nothing there,
/// returns the status (`HATSUGEN_STATUS_UNKNOWN_BUILTIN` for an unknown name) and, if
/// `error_out` is not `NULL`, writes a new `hatsugen_error` to `*error_out`.
///
/// # Safety
/// `name` is valid for reading `name_len` bytes; `checker_out` is `NULL` (an error) or
/// writable; `error_out` is `NULL` or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_checker_new_builtin(
    name: *const c_char,
    name_len: usize,
    checker_out: *mut *mut hatsugen_checker,
    error_out: *mut *mut hatsugen_error,
) -> hatsugen_status {
    let outcome = ffi::catch(|| {
        ffi::non_null(checker_out, "checker_out")?;
        // SAFETY: `name` is readable for `name_len` bytes by the caller's contract.
        let name = unsafe { ffi::utf8(name, name_len, "name") }?;
        // SAFETY: checked non-NULL; writable by the caller's contract.
        unsafe { give(checker_out, Policy::builtin(name)) }
    });
    // SAFETY: `error_out` is NULL or writable by the caller's contract.
    unsafe { ffi::finish(outcome, error_out) }
}

/// Compiles a policy from TOML (`toml_len` bytes of UTF-8; usually
/// `extends = "builtin:jp-local-gov"` plus the organisation's differences).
///
/// On success writes the new checker to `*checker_out`. On failure writes nothing there,
/// returns the status (`HATSUGEN_STATUS_POLICY_SYNTAX`, `_POLICY_INVALID`,
/// `_UNKNOWN_BUILTIN`, `_POLICY_TOO_LARGE`, `_INVALID_UTF8`, ...) and, if `error_out` is not
/// `NULL`, writes a new `hatsugen_error` (message, line, column, key path) to `*error_out`.
///
/// # Safety
/// `toml` is valid for reading `toml_len` bytes; `checker_out` is `NULL` (an error) or
/// writable; `error_out` is `NULL` or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_checker_new_from_toml(
    toml: *const c_char,
    toml_len: usize,
    checker_out: *mut *mut hatsugen_checker,
    error_out: *mut *mut hatsugen_error,
) -> hatsugen_status {
    let outcome = ffi::catch(|| {
        ffi::non_null(checker_out, "checker_out")?;
        // SAFETY: `toml` is readable for `toml_len` bytes by the caller's contract.
        let text = unsafe { ffi::utf8(toml, toml_len, "toml") }?;
        // SAFETY: checked non-NULL; writable by the caller's contract.
        unsafe { give(checker_out, Policy::from_toml(text)) }
    });
    // SAFETY: `error_out` is NULL or writable by the caller's contract.
    unsafe { ffi::finish(outcome, error_out) }
}

/// Reads `checker` if it is not `NULL`.
///
/// # Safety
/// `checker` is `NULL` or a live `hatsugen_checker`.
pub(crate) unsafe fn with<T>(
    checker: *const hatsugen_checker,
    fallback: T,
    f: impl FnOnce(&hatsugen_checker) -> T,
) -> T {
    // SAFETY: the caller's contract: NULL or a live checker, which nobody mutates.
    match unsafe { checker.as_ref() } {
        Some(c) => guard_or(fallback, || f(c)),
        None => fallback,
    }
}

/// The largest text, in bytes, that `checker` accepts (the policy's `limits.max_text_bytes`);
/// 0 if `checker` is `NULL`.
///
/// # Safety
/// `checker` is `NULL` or a live `hatsugen_checker`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_checker_max_text_bytes(checker: *const hatsugen_checker) -> usize {
    // SAFETY: forwarded contract.
    unsafe { with(checker, 0, |c| c.get().max_text_bytes()) }
}

/// The id of the policy `checker` was compiled from (it is also in every report); `""` if
/// `checker` is `NULL`. Owned by `checker`, valid until it is freed.
///
/// # Safety
/// `checker` is `NULL` or a live `hatsugen_checker`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_checker_policy_id(checker: *const hatsugen_checker) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { with(checker, c"".as_ptr(), |c| c.policy_id.as_ptr()) }
}

/// The version of the policy `checker` was compiled from; `""` if `checker` is `NULL`.
/// Owned by `checker`, valid until it is freed.
///
/// # Safety
/// `checker` is `NULL` or a live `hatsugen_checker`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_checker_policy_version(checker: *const hatsugen_checker) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { with(checker, c"".as_ptr(), |c| c.policy_version.as_ptr()) }
}

/// Frees a checker. `NULL` is fine. No other thread may be using it.
///
/// # Safety
/// `checker` is `NULL` or a checker from this library not freed before, and no call using
/// it is running or will run.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_checker_free(checker: *mut hatsugen_checker) {
    if checker.is_null() {
        return;
    }
    guard_or((), || {
        // SAFETY: a pointer from Box::into_raw (give), freed once by contract.
        drop(unsafe { Box::from_raw(checker) });
    });
}
