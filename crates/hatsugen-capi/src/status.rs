//! Status codes.

use std::ffi::{CStr, c_char, c_uint};

/// The outcome of a call: `HATSUGEN_STATUS_OK` (0) or the reason it failed.
///
/// An integer (never a C enum, whose size varies) so that values added later pass through
/// old code unchanged. A value, once given a meaning, is never reused.
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct hatsugen_status(pub c_uint);

/// Success; the out-parameters were written.
pub const HATSUGEN_STATUS_OK: hatsugen_status = hatsugen_status(0);
/// A pointer that must not be `NULL` was `NULL` (or a (pointer, length) pair had a `NULL`
/// pointer with a non-zero length).
pub const HATSUGEN_STATUS_NULL_ARGUMENT: hatsugen_status = hatsugen_status(1);
/// An argument is out of its domain: a length larger than any object can be, a
/// `struct_size` over 4096 (most likely never set).
pub const HATSUGEN_STATUS_INVALID_ARGUMENT: hatsugen_status = hatsugen_status(2);
/// The text or another string argument is not valid UTF-8.
pub const HATSUGEN_STATUS_INVALID_UTF8: hatsugen_status = hatsugen_status(3);
/// The text is longer than the policy's `limits.max_text_bytes`
/// (see `hatsugen_checker_max_text_bytes`).
pub const HATSUGEN_STATUS_TEXT_TOO_LARGE: hatsugen_status = hatsugen_status(4);
/// The context is invalid: malformed JSON, an unknown field or value, a bad time, or an
/// out-of-range value in a `hatsugen_context`.
pub const HATSUGEN_STATUS_INVALID_CONTEXT: hatsugen_status = hatsugen_status(5);
/// The policy TOML is malformed, or a key or value has the wrong type or name.
pub const HATSUGEN_STATUS_POLICY_SYNTAX: hatsugen_status = hatsugen_status(6);
/// The policy is well-formed TOML but breaks a rule of the policy format.
pub const HATSUGEN_STATUS_POLICY_INVALID: hatsugen_status = hatsugen_status(7);
/// No built-in policy pack has that name.
pub const HATSUGEN_STATUS_UNKNOWN_BUILTIN: hatsugen_status = hatsugen_status(8);
/// The policy exceeds a size limit.
pub const HATSUGEN_STATUS_POLICY_TOO_LARGE: hatsugen_status = hatsugen_status(9);
/// Another policy problem (a kind this version of the header does not name).
pub const HATSUGEN_STATUS_POLICY_ERROR: hatsugen_status = hatsugen_status(10);
/// A struct's `struct_size` (or `attachment_size`) is smaller than the smallest size this
/// library accepts.
pub const HATSUGEN_STATUS_STRUCT_TOO_SMALL: hatsugen_status = hatsugen_status(11);
/// A struct has non-zero bytes where this library knows no field: in `reserved`, or past
/// the end of the struct as this library knows it (a field from a newer header).
pub const HATSUGEN_STATUS_UNSUPPORTED_FIELD: hatsugen_status = hatsugen_status(12);
/// An index is past the end (`hatsugen_result_get`).
pub const HATSUGEN_STATUS_OUT_OF_RANGE: hatsugen_status = hatsugen_status(13);
/// The check could not run for a reason this version of the header does not name.
pub const HATSUGEN_STATUS_CHECK_FAILED: hatsugen_status = hatsugen_status(14);
/// A bug in the library was caught at the boundary; nothing was written. Please report it.
pub const HATSUGEN_STATUS_PANIC: hatsugen_status = hatsugen_status(15);

/// Every status with its description, in numeric order.
const NAMES: &[(hatsugen_status, &CStr)] = &[
    (HATSUGEN_STATUS_OK, c"ok"),
    (HATSUGEN_STATUS_NULL_ARGUMENT, c"null argument"),
    (HATSUGEN_STATUS_INVALID_ARGUMENT, c"invalid argument"),
    (HATSUGEN_STATUS_INVALID_UTF8, c"invalid utf-8"),
    (HATSUGEN_STATUS_TEXT_TOO_LARGE, c"text too large"),
    (HATSUGEN_STATUS_INVALID_CONTEXT, c"invalid context"),
    (HATSUGEN_STATUS_POLICY_SYNTAX, c"policy syntax error"),
    (HATSUGEN_STATUS_POLICY_INVALID, c"invalid policy"),
    (HATSUGEN_STATUS_UNKNOWN_BUILTIN, c"unknown built-in policy"),
    (HATSUGEN_STATUS_POLICY_TOO_LARGE, c"policy too large"),
    (HATSUGEN_STATUS_POLICY_ERROR, c"policy error"),
    (HATSUGEN_STATUS_STRUCT_TOO_SMALL, c"struct too small"),
    (HATSUGEN_STATUS_UNSUPPORTED_FIELD, c"unsupported field"),
    (HATSUGEN_STATUS_OUT_OF_RANGE, c"index out of range"),
    (HATSUGEN_STATUS_CHECK_FAILED, c"check failed"),
    (HATSUGEN_STATUS_PANIC, c"internal error (panic)"),
];

/// A short static description of `status` in English (`"null argument"`), or
/// `"unknown status"` for a value this library does not know. Never `NULL`; never free it.
#[unsafe(no_mangle)]
pub extern "C" fn hatsugen_status_str(status: hatsugen_status) -> *const c_char {
    super::ffi::guard_or(c"internal error (panic)".as_ptr(), || status_cstr(status).as_ptr())
}

/// The description of `status` (see [`hatsugen_status_str`]).
pub(crate) fn status_cstr(status: hatsugen_status) -> &'static CStr {
    NAMES.iter().find(|(s, _)| *s == status).map_or(c"unknown status", |(_, name)| name)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_dense_unique_and_named_consistently() {
        for (i, (status, name)) in NAMES.iter().enumerate() {
            assert_eq!(status.0 as usize, i);
            // SAFETY: hatsugen_status_str returns a static NUL-terminated string.
            let s = unsafe { CStr::from_ptr(hatsugen_status_str(*status)) };
            assert_eq!(s, *name);
        }
        // SAFETY: as above.
        let unknown = unsafe { CStr::from_ptr(hatsugen_status_str(hatsugen_status(9999))) };
        assert_eq!(unknown.to_str().unwrap(), "unknown status");
    }
}
