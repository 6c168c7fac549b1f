//! The struct API: `hatsugen_check` fills a `hatsugen_result`, read with accessors and
//! `hatsugen_result_get` views, for callers who do not want to parse JSON.

use std::ffi::{c_char, c_int, c_uchar, c_uint};
use std::mem::{offset_of, size_of};

use hatsugen_core::{Report, Severity, Verdict};

use super::checker::hatsugen_checker;
use super::context::{hatsugen_context, plausible_size, to_context};
use super::error::{Failure, hatsugen_error};
use super::ffi::{self, guard_or};
use super::json::{give_string, text_arg};
use super::status::{HATSUGEN_STATUS_OUT_OF_RANGE, HATSUGEN_STATUS_STRUCT_TOO_SMALL, hatsugen_status};

/// The overall decision (`HATSUGEN_VERDICT_*`).
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct hatsugen_verdict(pub c_uint);
/// Not a verdict: what the accessors return for a `NULL` result.
pub const HATSUGEN_VERDICT_NONE: hatsugen_verdict = hatsugen_verdict(0);
/// No finding above `info`: the post may go out.
pub const HATSUGEN_VERDICT_ALLOW: hatsugen_verdict = hatsugen_verdict(1);
/// At least one `warn` finding: the post may go out after the author confirms.
pub const HATSUGEN_VERDICT_WARN: hatsugen_verdict = hatsugen_verdict(2);
/// At least one `block` finding: the post must not go out as it is.
pub const HATSUGEN_VERDICT_BLOCK: hatsugen_verdict = hatsugen_verdict(3);

/// How serious a finding is (`HATSUGEN_SEVERITY_*`).
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct hatsugen_severity(pub c_uint);
/// Advisory only.
pub const HATSUGEN_SEVERITY_INFO: hatsugen_severity = hatsugen_severity(1);
/// The post may go out after the author confirms.
pub const HATSUGEN_SEVERITY_WARN: hatsugen_severity = hatsugen_severity(2);
/// The post must not go out as it is.
pub const HATSUGEN_SEVERITY_BLOCK: hatsugen_severity = hatsugen_severity(3);

/// A string owned by a `hatsugen_result`: `len` bytes of UTF-8 at `ptr`, followed by a NUL
/// (so `ptr` is also a C string). `ptr` is `NULL` (and `len` 0) when the value is absent.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct hatsugen_str {
    /// The bytes, NUL-terminated; `NULL` if absent.
    pub ptr: *const c_char,
    /// Length in bytes, without the NUL.
    pub len: usize,
}

/// A half-open byte range `[start, end)` of the checked text (UTF-8 byte offsets on
/// character boundaries).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct hatsugen_span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// A view of one finding, filled by `hatsugen_result_get`. Every pointer in it points into
/// the `hatsugen_result` and is valid until that result is freed; nothing in it is freed
/// separately.
///
/// Set `struct_size` to `sizeof(hatsugen_finding)` before the call: the library writes at
/// most that many bytes (fields added in later versions take the place of `reserved`
/// bytes or come after them) and zeroes any bytes it has no field for.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct hatsugen_finding {
    /// `sizeof(hatsugen_finding)` as the caller was compiled with. Set by the caller.
    pub struct_size: usize,
    /// Stable rule id, `category.name` (`personal_data.my_number`).
    pub rule: hatsugen_str,
    /// The rule's category.
    pub category: hatsugen_str,
    /// Severity (`HATSUGEN_SEVERITY_*`).
    pub severity: hatsugen_severity,
    /// Non-zero if the finding is about an attachment (its index is `attachment`).
    pub has_attachment: c_int,
    /// Index of the attachment in the context, if `has_attachment`.
    pub attachment: usize,
    /// What is wrong, in Japanese.
    pub message_ja: hatsugen_str,
    /// What is wrong, in English.
    pub message_en: hatsugen_str,
    /// The guideline clause the rule rests on.
    pub clause: hatsugen_str,
    /// The law the rule rests on; `ptr` `NULL` if none.
    pub law: hatsugen_str,
    /// `span_count` byte spans into the text (none for findings about the context alone).
    pub spans: *const hatsugen_span,
    /// Number of spans.
    pub span_count: usize,
    /// How to fix it, in Japanese; `ptr` `NULL` if there is no suggestion.
    pub suggestion_ja: hatsugen_str,
    /// How to fix it, in English; `ptr` `NULL` if there is no suggestion.
    pub suggestion_en: hatsugen_str,
    /// Text to put in place of the first span (a masked number); `ptr` `NULL` if none.
    pub replacement: hatsugen_str,
    /// `term_count` ids of the lexicon terms that matched (for policy authors).
    pub terms: *const hatsugen_str,
    /// Number of terms.
    pub term_count: usize,
    /// Zeroed by the library (room for fields added later).
    pub reserved: [c_uchar; 32],
}

/// The smallest `struct_size` accepted: every field of version 0.1 before `reserved`.
const FINDING_MIN_SIZE: usize = offset_of!(hatsugen_finding, reserved);

/// A view of one rule that did not run for want of context, filled by
/// `hatsugen_result_get_skipped`: the JSON report's `skipped[i]`. Every pointer in it points
/// into the `hatsugen_result` and is valid until that result is freed.
///
/// Set `struct_size` to `sizeof(hatsugen_skipped)` before the call; it grows like
/// `hatsugen_finding`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct hatsugen_skipped {
    /// `sizeof(hatsugen_skipped)` as the caller was compiled with. Set by the caller.
    pub struct_size: usize,
    /// The rule id.
    pub rule: hatsugen_str,
    /// `missing_count` names of the context fields the rule needed and did not get, as in
    /// the context JSON (`device`, `time`, …).
    pub missing: *const hatsugen_str,
    /// Number of `missing` fields.
    pub missing_count: usize,
    /// Zeroed by the library (room for fields added later).
    pub reserved: [c_uchar; 16],
}

/// The smallest `hatsugen_skipped.struct_size` accepted.
const SKIPPED_MIN_SIZE: usize = offset_of!(hatsugen_skipped, reserved);

/// A string stored in the arena: byte offset and length (`None` when absent).
type Slot = Option<(usize, usize)>;

struct FindingSlots {
    rule: Slot,
    category: Slot,
    message_ja: Slot,
    message_en: Slot,
    clause: Slot,
    law: Slot,
    suggestion_ja: Slot,
    suggestion_en: Slot,
    replacement: Slot,
    /// Range in `hatsugen_result::spans`.
    spans: (usize, usize),
    /// Range in `hatsugen_result::terms`.
    terms: (usize, usize),
}

/// The outcome of `hatsugen_check`: the report, with every string copied once into one
/// NUL-separated buffer so that views can hand out C strings without allocating. Immutable:
/// any thread may read it; free it once with `hatsugen_result_free`.
pub struct hatsugen_result {
    report: Report,
    /// Every string of the report, each followed by a NUL. Never changed after building,
    /// so pointers into it stay valid as long as the result lives.
    arena: Box<[u8]>,
    findings: Vec<FindingSlots>,
    spans: Vec<hatsugen_span>,
    /// Pointers into `arena`.
    terms: Vec<hatsugen_str>,
    next_allowed_at: Slot,
    /// Each skipped rule's id and its range in `missing`.
    skipped: Vec<(Slot, (usize, usize))>,
    /// Pointers into `arena`: the `missing` fields of every skipped rule, in order.
    missing: Vec<hatsugen_str>,
}

struct ArenaBuilder {
    bytes: Vec<u8>,
}

impl ArenaBuilder {
    fn push(&mut self, s: &str) -> Slot {
        let start = self.bytes.len();
        // A NUL inside would cut the C string short; the report's strings come from policy
        // text and cannot hold one in practice, but stay exact: store it as U+FFFD.
        if s.contains('\0') {
            self.bytes.extend_from_slice(s.replace('\0', "\u{FFFD}").as_bytes());
        } else {
            self.bytes.extend_from_slice(s.as_bytes());
        }
        let len = self.bytes.len() - start;
        self.bytes.push(0);
        Some((start, len))
    }

    fn push_opt(&mut self, s: Option<&str>) -> Slot {
        s.and_then(|s| self.push(s))
    }
}

impl hatsugen_result {
    fn new(report: Report) -> hatsugen_result {
        let mut arena = ArenaBuilder { bytes: Vec::with_capacity(1024) };
        let mut findings = Vec::with_capacity(report.findings.len());
        let mut spans = Vec::new();
        let mut term_slots = Vec::new();
        for f in &report.findings {
            let span_start = spans.len();
            spans.extend(f.spans.iter().map(|s| hatsugen_span { start: s.start, end: s.end }));
            let term_start = term_slots.len();
            term_slots.extend(f.terms.iter().map(|t| arena.push(t)));
            let suggestion = f.suggestion.as_ref();
            findings.push(FindingSlots {
                rule: arena.push(&f.rule),
                category: arena.push(&f.category),
                message_ja: arena.push(&f.message.ja),
                message_en: arena.push(&f.message.en),
                clause: arena.push(&f.clause),
                law: arena.push_opt(f.law.as_deref()),
                suggestion_ja: arena.push_opt(suggestion.map(|s| s.ja.as_str())),
                suggestion_en: arena.push_opt(suggestion.map(|s| s.en.as_str())),
                replacement: arena.push_opt(suggestion.and_then(|s| s.replacement.as_deref())),
                spans: (span_start, spans.len()),
                terms: (term_start, term_slots.len()),
            });
        }
        let next_allowed_at = arena.push_opt(report.next_allowed_at.as_deref());
        let mut missing_slots = Vec::new();
        let skipped = report
            .skipped
            .iter()
            .map(|s| {
                let start = missing_slots.len();
                missing_slots.extend(s.missing.iter().map(|m| arena.push(m)));
                (arena.push(&s.rule), (start, missing_slots.len()))
            })
            .collect();
        let arena = arena.bytes.into_boxed_slice();
        let base = arena.as_ptr();
        let terms = term_slots.iter().map(|slot| str_at(base, *slot)).collect();
        let missing = missing_slots.iter().map(|slot| str_at(base, *slot)).collect();
        hatsugen_result { report, arena, findings, spans, terms, next_allowed_at, skipped, missing }
    }

    fn skipped_view(&self, index: usize, struct_size: usize) -> Option<hatsugen_skipped> {
        let (rule, range) = self.skipped.get(index)?;
        let missing = self.missing.get(range.0..range.1).unwrap_or_default();
        Some(hatsugen_skipped {
            struct_size,
            rule: self.str(*rule),
            missing: if missing.is_empty() { std::ptr::null() } else { missing.as_ptr() },
            missing_count: missing.len(),
            reserved: [0; 16],
        })
    }

    fn str(&self, slot: Slot) -> hatsugen_str {
        str_at(self.arena.as_ptr(), slot)
    }

    fn finding(&self, index: usize, struct_size: usize) -> Option<hatsugen_finding> {
        let slots = self.findings.get(index)?;
        let finding = self.report.findings.get(index)?;
        let spans = self.spans.get(slots.spans.0..slots.spans.1).unwrap_or_default();
        let terms = self.terms.get(slots.terms.0..slots.terms.1).unwrap_or_default();
        Some(hatsugen_finding {
            struct_size,
            rule: self.str(slots.rule),
            category: self.str(slots.category),
            severity: severity(finding.severity),
            has_attachment: c_int::from(finding.attachment.is_some()),
            attachment: finding.attachment.unwrap_or(0),
            message_ja: self.str(slots.message_ja),
            message_en: self.str(slots.message_en),
            clause: self.str(slots.clause),
            law: self.str(slots.law),
            spans: if spans.is_empty() { std::ptr::null() } else { spans.as_ptr() },
            span_count: spans.len(),
            suggestion_ja: self.str(slots.suggestion_ja),
            suggestion_en: self.str(slots.suggestion_en),
            replacement: self.str(slots.replacement),
            terms: if terms.is_empty() { std::ptr::null() } else { terms.as_ptr() },
            term_count: terms.len(),
            reserved: [0; 32],
        })
    }
}

fn str_at(base: *const u8, slot: Slot) -> hatsugen_str {
    match slot {
        // `wrapping_add` keeps this safe code; the offset is inside the arena by construction.
        Some((start, len)) => hatsugen_str { ptr: base.wrapping_add(start).cast::<c_char>(), len },
        None => hatsugen_str { ptr: std::ptr::null(), len: 0 },
    }
}

fn severity(s: Severity) -> hatsugen_severity {
    match s {
        Severity::Info => HATSUGEN_SEVERITY_INFO,
        Severity::Warn => HATSUGEN_SEVERITY_WARN,
        Severity::Block => HATSUGEN_SEVERITY_BLOCK,
    }
}

/// Checks `text` (`text_len` bytes of UTF-8) in `context` (`NULL` for none) and returns the
/// result as a handle, for callers who do not want JSON.
///
/// On success writes a new result to `*result_out` (free it with `hatsugen_result_free`).
/// On failure writes nothing there, returns `HATSUGEN_STATUS_INVALID_UTF8`,
/// `_TEXT_TOO_LARGE`, `_INVALID_CONTEXT`, `_STRUCT_TOO_SMALL`, `_UNSUPPORTED_FIELD`,
/// `_INVALID_ARGUMENT` or `_NULL_ARGUMENT`, and, if `error_out` is not `NULL`, writes a new
/// `hatsugen_error` to `*error_out`.
///
/// Thread-safe: any number of threads may call this with the same checker at once.
///
/// # Safety
/// `checker` is `NULL` (an error) or a live checker; `text` is valid for reading `text_len`
/// bytes; `context` is `NULL` or a `hatsugen_context` readable for its `struct_size` whose
/// pointers are valid for their lengths; `result_out` is `NULL` (an error) or writable;
/// `error_out` is `NULL` or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_check(
    checker: *const hatsugen_checker,
    text: *const c_char,
    text_len: usize,
    context: *const hatsugen_context,
    result_out: *mut *mut hatsugen_result,
    error_out: *mut *mut hatsugen_error,
) -> hatsugen_status {
    let outcome = ffi::catch(|| {
        // SAFETY: NULL or a live checker by the caller's contract.
        let checker = unsafe { checker.as_ref() }.ok_or_else(|| Failure::null("checker"))?;
        ffi::non_null(result_out, "result_out")?;
        // SAFETY: readable for `text_len` bytes by the caller's contract.
        let text = unsafe { text_arg(checker, text, text_len) }?;
        let ctx = if context.is_null() {
            hatsugen_core::Context::default()
        } else {
            // SAFETY: a readable hatsugen_context by the caller's contract.
            unsafe { to_context(context) }?
        };
        let result = Box::new(hatsugen_result::new(checker.get().check(text, &ctx)));
        // SAFETY: checked non-NULL; writable by the caller's contract.
        unsafe { result_out.write(Box::into_raw(result)) };
        Ok(())
    });
    // SAFETY: `error_out` is NULL or writable by the caller's contract.
    unsafe { ffi::finish(outcome, error_out) }
}

/// Reads `result` if it is not `NULL`.
///
/// # Safety
/// `result` is `NULL` or a live `hatsugen_result`.
unsafe fn with<T>(result: *const hatsugen_result, fallback: T, f: impl FnOnce(&hatsugen_result) -> T) -> T {
    // SAFETY: the caller's contract: NULL or a live result, which nobody mutates.
    match unsafe { result.as_ref() } {
        Some(r) => guard_or(fallback, || f(r)),
        None => fallback,
    }
}

/// The verdict (`HATSUGEN_VERDICT_*`); `HATSUGEN_VERDICT_NONE` if `result` is `NULL`.
///
/// # Safety
/// `result` is `NULL` or a live `hatsugen_result`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_result_verdict(result: *const hatsugen_result) -> hatsugen_verdict {
    // SAFETY: forwarded contract.
    unsafe {
        with(result, HATSUGEN_VERDICT_NONE, |r| match r.report.verdict {
            Verdict::Allow => HATSUGEN_VERDICT_ALLOW,
            Verdict::Warn => HATSUGEN_VERDICT_WARN,
            Verdict::Block => HATSUGEN_VERDICT_BLOCK,
        })
    }
}

/// When timing is the problem, the first time (RFC 3339, `+09:00`) at which the same post
/// would pass the timing rules; otherwise (and for a `NULL` result) `NULL`. Owned by
/// `result`.
///
/// # Safety
/// `result` is `NULL` or a live `hatsugen_result`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_result_next_allowed_at(result: *const hatsugen_result) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { with(result, std::ptr::null(), |r| r.str(r.next_allowed_at).ptr) }
}

/// The number of findings (0 for a `NULL` result).
///
/// # Safety
/// `result` is `NULL` or a live `hatsugen_result`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_result_finding_count(result: *const hatsugen_result) -> usize {
    // SAFETY: forwarded contract.
    unsafe { with(result, 0, |r| r.findings.len()) }
}

/// Fills `*finding_out` with a view of finding `index` (0-based, in report order: by first
/// span, then rule id). Set `finding_out->struct_size` first. The view's pointers are valid
/// until `result` is freed.
///
/// Returns `HATSUGEN_STATUS_OUT_OF_RANGE` if `index >= hatsugen_result_finding_count`,
/// `_STRUCT_TOO_SMALL` if `struct_size` is too small, `_INVALID_ARGUMENT` if it is over
/// 4096 (not set?), `_NULL_ARGUMENT` for a `NULL` argument; on failure writes nothing.
///
/// # Safety
/// `result` is `NULL` (an error) or a live result; `finding_out` is `NULL` (an error) or
/// valid for reading `size_t` bytes and then writing `finding_out->struct_size` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_result_get(
    result: *const hatsugen_result,
    index: usize,
    finding_out: *mut hatsugen_finding,
) -> hatsugen_status {
    ffi::status(ffi::catch(|| {
        // SAFETY: NULL or a live result by the caller's contract.
        let result = unsafe { result.as_ref() }.ok_or_else(|| Failure::null("result"))?;
        ffi::non_null(finding_out, "finding_out")?;
        // SAFETY: the first field is readable by the caller's contract.
        let declared = unsafe { finding_out.cast::<usize>().read_unaligned() };
        plausible_size(declared, "finding_out->struct_size")?;
        if declared < FINDING_MIN_SIZE {
            return Err(Failure::new(HATSUGEN_STATUS_STRUCT_TOO_SMALL, "`finding_out->struct_size` is too small"));
        }
        let view = result
            .finding(index, declared)
            .ok_or_else(|| Failure::new(HATSUGEN_STATUS_OUT_OF_RANGE, format!("no finding {index}")))?;
        // SAFETY: writable for `declared` bytes by the caller's contract.
        unsafe { write_view(finding_out.cast::<u8>(), declared, &view) };
        Ok(())
    }))
}

/// Writes `view` to a caller's struct of `declared` bytes: its first `declared` bytes, and
/// zeros for any bytes of the caller's struct past it.
///
/// # Safety
/// `dst` is writable for `declared` bytes.
unsafe fn write_view<T: Copy>(dst: *mut u8, declared: usize, view: &T) {
    let known = size_of::<T>();
    // SAFETY: `dst` is writable for `declared` bytes (the caller's contract), `view` is a
    // `T` of `known` bytes; we copy `min(declared, known)` and zero the rest of `declared`;
    // the regions do not overlap (`view` is the library's own value).
    unsafe {
        std::ptr::copy_nonoverlapping(std::ptr::from_ref(view).cast::<u8>(), dst, declared.min(known));
        if declared > known {
            std::ptr::write_bytes(dst.add(known), 0, declared - known);
        }
    }
}

/// The number of rules that did not run for want of context (0 for a `NULL` result).
///
/// # Safety
/// `result` is `NULL` or a live `hatsugen_result`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_result_skipped_count(result: *const hatsugen_result) -> usize {
    // SAFETY: forwarded contract.
    unsafe { with(result, 0, |r| r.skipped.len()) }
}

/// Fills `*skipped_out` with a view of skipped rule `index` (0-based, sorted by rule id):
/// its id and the context fields it missed. Set `skipped_out->struct_size` first. The view's
/// pointers are valid until `result` is freed.
///
/// Returns `HATSUGEN_STATUS_OUT_OF_RANGE` if `index >= hatsugen_result_skipped_count`,
/// `_STRUCT_TOO_SMALL` if `struct_size` is too small, `_INVALID_ARGUMENT` if it is over
/// 4096 (not set?), `_NULL_ARGUMENT` for a `NULL` argument; on failure writes nothing.
///
/// # Safety
/// `result` is `NULL` (an error) or a live result; `skipped_out` is `NULL` (an error) or
/// valid for reading `size_t` bytes and then writing `skipped_out->struct_size` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_result_get_skipped(
    result: *const hatsugen_result,
    index: usize,
    skipped_out: *mut hatsugen_skipped,
) -> hatsugen_status {
    ffi::status(ffi::catch(|| {
        // SAFETY: NULL or a live result by the caller's contract.
        let result = unsafe { result.as_ref() }.ok_or_else(|| Failure::null("result"))?;
        ffi::non_null(skipped_out, "skipped_out")?;
        // SAFETY: the first field is readable by the caller's contract.
        let declared = unsafe { skipped_out.cast::<usize>().read_unaligned() };
        plausible_size(declared, "skipped_out->struct_size")?;
        if declared < SKIPPED_MIN_SIZE {
            return Err(Failure::new(HATSUGEN_STATUS_STRUCT_TOO_SMALL, "`skipped_out->struct_size` is too small"));
        }
        let view = result
            .skipped_view(index, declared)
            .ok_or_else(|| Failure::new(HATSUGEN_STATUS_OUT_OF_RANGE, format!("no skipped rule {index}")))?;
        // SAFETY: writable for `declared` bytes by the caller's contract.
        unsafe { write_view(skipped_out.cast::<u8>(), declared, &view) };
        Ok(())
    }))
}

/// The id of skipped rule `index` (sorted by id), or `NULL` if `index` is out of range or
/// `result` is `NULL`. Owned by `result`. `hatsugen_result_get_skipped` gives the missing
/// context fields too.
///
/// # Safety
/// `result` is `NULL` or a live `hatsugen_result`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_result_skipped_rule(result: *const hatsugen_result, index: usize) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { with(result, std::ptr::null(), |r| r.skipped.get(index).map_or(std::ptr::null(), |s| r.str(s.0).ptr)) }
}

/// The whole report as JSON, exactly what `hatsugen_check_json` returns for the same input.
/// On success writes a string the caller frees with `hatsugen_string_free` to
/// `*report_json_out`, and its length to `*report_json_len_out` unless that is `NULL`.
///
/// # Safety
/// `result` is `NULL` (an error) or a live result; `report_json_out` is `NULL` (an error) or
/// writable; `report_json_len_out` is `NULL` or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_result_to_json(
    result: *const hatsugen_result,
    report_json_out: *mut *mut c_char,
    report_json_len_out: *mut usize,
) -> hatsugen_status {
    ffi::status(ffi::catch(|| {
        // SAFETY: NULL or a live result by the caller's contract.
        let result = unsafe { result.as_ref() }.ok_or_else(|| Failure::null("result"))?;
        ffi::non_null(report_json_out, "report_json_out")?;
        // SAFETY: checked non-NULL; writable by the caller's contract, as is the length.
        unsafe { give_string(result.report.to_json(), report_json_out, report_json_len_out) };
        Ok(())
    }))
}

/// Frees a result. `NULL` is fine. Views and strings obtained from it become invalid.
///
/// # Safety
/// `result` is `NULL` or a result from this library not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hatsugen_result_free(result: *mut hatsugen_result) {
    if result.is_null() {
        return;
    }
    guard_or((), || {
        // SAFETY: a pointer from Box::into_raw (hatsugen_check), freed once by contract.
        drop(unsafe { Box::from_raw(result) });
    });
}
