//! The library version.

use std::ffi::c_char;

/// The library version, NUL-terminated (`"0.1.0"`).
const VERSION: &std::ffi::CStr =
    match std::ffi::CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(v) => v,
        Err(_) => c"",
    };

/// The version of the library actually loaded, as `"MAJOR.MINOR.PATCH"`: compare with
/// `HATSUGEN_VERSION_STRING`, the version of the header compiled against. A static string;
/// never free it.
#[unsafe(no_mangle)]
pub extern "C" fn hatsugen_version() -> *const c_char {
    super::ffi::guard_or(c"".as_ptr(), || VERSION.as_ptr())
}
