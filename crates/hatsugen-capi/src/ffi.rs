//! Helpers shared by the extern functions: the panic boundary, reading (pointer, length)
//! arguments, writing out-parameters.

use std::ffi::{CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::error::{Failure, hatsugen_error};
use super::status::{HATSUGEN_STATUS_OK, hatsugen_status};

/// Runs `f` inside the panic boundary; a panic becomes `HATSUGEN_STATUS_PANIC`.
pub(crate) fn catch(f: impl FnOnce() -> Result<(), Failure>) -> Result<(), Failure> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| Err(Failure::panic()))
}

/// The status of `outcome`, for functions without an error out-parameter.
pub(crate) fn status(outcome: Result<(), Failure>) -> hatsugen_status {
    match outcome {
        Ok(()) => HATSUGEN_STATUS_OK,
        Err(failure) => failure.status,
    }
}

/// The status of `outcome`. On failure, and only then, a new `hatsugen_error` is written to
/// `*error_out` when `error_out` is not `NULL`.
///
/// # Safety
/// `error_out` is `NULL` or valid for writing one pointer.
pub(crate) unsafe fn finish(outcome: Result<(), Failure>, error_out: *mut *mut hatsugen_error) -> hatsugen_status {
    match outcome {
        Ok(()) => HATSUGEN_STATUS_OK,
        Err(failure) => {
            let status = failure.status;
            if !error_out.is_null() {
                // Building the error object allocates; keep even that inside a boundary.
                if let Ok(error) = catch_unwind(AssertUnwindSafe(|| hatsugen_error::boxed(failure))) {
                    // SAFETY: the caller guarantees `error_out` is writable (checked non-NULL).
                    unsafe { error_out.write(error) };
                }
            }
            status
        }
    }
}

/// Runs `f` inside the panic boundary, returning `fallback` if it panics. For functions
/// that return a value rather than a status (accessors, `_free`).
pub(crate) fn guard_or<T>(fallback: T, f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(fallback)
}

/// Reads the (pointer, length) pair `what` as bytes. A zero length is the empty slice
/// whatever the pointer (`NULL` included); a `NULL` pointer with a non-zero length is an
/// error, and so is a length no object can have.
///
/// # Safety
/// If `len > 0` and `ptr` is not `NULL`, `ptr` is valid for reading `len` bytes for `'a`.
pub(crate) unsafe fn bytes<'a>(ptr: *const c_char, len: usize, what: &str) -> Result<&'a [u8], Failure> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(Failure::null(what));
    }
    if len > isize::MAX as usize {
        return Err(Failure::invalid_argument(format!("`{what}_len` is larger than any object")));
    }
    // SAFETY: `ptr` is non-NULL and, by the caller's contract, valid for `len` bytes; the
    // length fits in `isize`.
    Ok(unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) })
}

/// Like [`bytes`], then UTF-8.
///
/// # Safety
/// As for [`bytes`].
pub(crate) unsafe fn utf8<'a>(ptr: *const c_char, len: usize, what: &str) -> Result<&'a str, Failure> {
    // SAFETY: forwarded contract.
    let bytes = unsafe { bytes(ptr, len, what) }?;
    std::str::from_utf8(bytes).map_err(|e| {
        Failure::utf8(format!("`{what}` is not valid UTF-8 (first invalid byte at offset {})", e.valid_up_to()))
    })
}

/// Fails with `HATSUGEN_STATUS_NULL_ARGUMENT` if `ptr` is `NULL`.
pub(crate) fn non_null<T>(ptr: *const T, what: &str) -> Result<(), Failure> {
    if ptr.is_null() { Err(Failure::null(what)) } else { Ok(()) }
}

/// A C string from `s`; a NUL inside (possible in user input quoted in a message) becomes
/// U+FFFD so that the C string is the whole text.
pub(crate) fn cstring(s: &str) -> CString {
    let owned = if s.contains('\0') { s.replace('\0', "\u{FFFD}") } else { s.to_owned() };
    CString::new(owned).unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::panic, clippy::unwrap_used)]
mod tests {
    use super::super::error::{hatsugen_error_free, hatsugen_error_message, hatsugen_error_status};
    use super::super::status::{HATSUGEN_STATUS_NULL_ARGUMENT, HATSUGEN_STATUS_PANIC};
    use super::*;

    #[test]
    fn a_panic_becomes_a_status_and_an_error() {
        let outcome = catch(|| panic!("boom"));
        let mut error: *mut hatsugen_error = std::ptr::null_mut();
        // SAFETY: `error` is a writable local.
        let status = unsafe { finish(outcome, &raw mut error) };
        assert_eq!(status, HATSUGEN_STATUS_PANIC);
        assert!(!error.is_null());
        // SAFETY: a live error from `finish`, freed once below.
        unsafe {
            assert_eq!(hatsugen_error_status(error), HATSUGEN_STATUS_PANIC);
            let message = std::ffi::CStr::from_ptr(hatsugen_error_message(error));
            assert!(message.to_str().unwrap().contains("panicked"));
            hatsugen_error_free(error);
        }
        assert_eq!(guard_or(7, || panic!("boom")), 7);
    }

    #[test]
    fn success_leaves_the_error_out_parameter_alone() {
        let sentinel = std::ptr::dangling_mut::<hatsugen_error>();
        let mut error = sentinel;
        // SAFETY: `error` is a writable local.
        let status = unsafe { finish(catch(|| Ok(())), &raw mut error) };
        assert_eq!(status, HATSUGEN_STATUS_OK);
        assert_eq!(error, sentinel);
        assert_eq!(status_of(Err(Failure::null("x"))), HATSUGEN_STATUS_NULL_ARGUMENT);
    }

    fn status_of(outcome: Result<(), Failure>) -> hatsugen_status {
        status(outcome)
    }

    #[test]
    fn strings_in() {
        // SAFETY: (NULL, 0) is the empty string; the others point at live memory.
        unsafe {
            assert_eq!(bytes(std::ptr::null(), 0, "t").unwrap(), b"");
            assert_eq!(bytes(std::ptr::null(), 3, "t").unwrap_err().status, HATSUGEN_STATUS_NULL_ARGUMENT);
            let bad = [b'a', 0xff];
            let e = utf8(bad.as_ptr().cast(), 2, "text").unwrap_err();
            assert!(e.status == super::super::status::HATSUGEN_STATUS_INVALID_UTF8);
            let huge = bytes(bad.as_ptr().cast(), usize::MAX, "t").unwrap_err();
            assert_eq!(huge.status, super::super::status::HATSUGEN_STATUS_INVALID_ARGUMENT);
        }
        assert_eq!(cstring("a\0b").as_bytes(), "a\u{FFFD}b".as_bytes());
    }
}
