//! The C ABI of hatsugen: `libhatsugen.so` / `libhatsugen.a` and `include/hatsugen.h`.
//!
//! Everything here is a thin shell around [`hatsugen_core::Checker`]; the rules live in the
//! core crate. The full contract (ownership of every pointer, thread safety, error handling,
//! the ABI promise) is in `docs/C-API.md`; this is the short version:
//!
//! * Names start with `hatsugen_` (functions, types) or `HATSUGEN_` (constants).
//! * Opaque handles (`hatsugen_checker`, `hatsugen_result`, `hatsugen_error`) come from a
//!   `_new` (or a check) and go back through their `_free`; every `_free` accepts `NULL`.
//! * Functions that can fail return a [`hatsugen_status`]; their outputs are trailing
//!   out-parameters written only on success. An optional trailing `hatsugen_error **` is
//!   written only on failure, with a message and, for policies and context JSON, a line and
//!   column.
//! * Every pointer argument is checked for `NULL`; text goes in as (pointer, length) UTF-8
//!   and invalid UTF-8 is a status, not a crash.
//! * Every body runs inside a panic boundary ([`std::panic::catch_unwind`]): a bug in the
//!   library returns [`HATSUGEN_STATUS_PANIC`] instead of unwinding into C. The library must
//!   therefore not be built with `panic = "abort"`.
//! * A `hatsugen_checker` is immutable and may be used by any number of threads at once.
//!
//! The Rust items are public so that the integration tests and benches can call the
//! `extern "C"` functions directly; Rust code should use the `hatsugen` crate itself.
// benches/boundary.rs compiles this file as a module (`#[path]`), so that the extern
// functions are called directly without an rlib (whose name would collide with the core's
// libhatsugen.rlib): modules refer to each other with `super::`, never `crate::`.
// The whole point of this crate is the C boundary; every unsafe block states its SAFETY.
#![allow(unsafe_code)]
#![warn(clippy::undocumented_unsafe_blocks)]
// C naming: the C header spells the types `hatsugen_checker`, `hatsugen_status`, ...
#![allow(non_camel_case_types)]

mod checker;
mod context;
mod error;
mod ffi;
mod fix;
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod header_tests;
mod json;
mod result;
mod status;
mod version;

pub use checker::*;
pub use context::*;
pub use error::*;
pub use fix::*;
pub use json::*;
pub use result::*;
pub use status::*;
pub use version::*;
