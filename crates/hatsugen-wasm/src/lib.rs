//! hatsugen (発言) for JavaScript: the policy checker compiled to WebAssembly.
//!
//! One class, plain data (see `bindings/js/README.md` for the JavaScript side):
//!
//! ```js
//! const checker = new Checker();                       // built-in jp-local-gov
//! const city = Checker.fromBuiltin("urayasu");         // another built-in pack
//! const mine = new Checker(tomlText);                  // a policy TOML (may `extends`)
//! const same = new Checker({ policy: tomlText });      // or { builtin: "urayasu" }
//! const report = checker.check("ここだけの話…", { time: new Date().toISOString() });
//! report.findings[0].spans[0];                         // { start, end } in UTF-16 units
//! ```
//!
//! * [`Checker::check`] returns the core's report (the wire JSON, parsed into a plain
//!   object) with every span converted from UTF-8 bytes to UTF-16 code units, the offsets
//!   `String.prototype.slice` takes. Nothing in a report needs `.free()`.
//! * Errors are thrown as JavaScript `Error`s with a `code` ([`error::codes`]); policy
//!   errors carry `line` and `column`.
//!
//! # Panics
//!
//! None may reach JavaScript. On `wasm32-unknown-unknown` stable Rust cannot unwind, so
//! `catch_unwind` would catch nothing; instead every input is validated here before it
//! reaches the core (argument types, text size before it is copied into WebAssembly
//! memory, policy size, context JSON), the core itself forbids `unwrap`, `expect` and
//! indexing, and the built-in checker is built through the fallible path rather than
//! `Checker::default_checker`. The `wasm-release` profile therefore uses
//! `panic = "abort"`, which is what the target does anyway and saves the unwinding code.

pub mod error;
pub mod json;
pub mod spans;

use std::sync::{Arc, Mutex};

use hatsugen::policy::MAX_POLICY_BYTES;
use hatsugen::{MAX_CONTEXT_BYTES, Policy, PolicyError};
use js_sys::{Array, JSON, JsString, Reflect};
use wasm_bindgen::prelude::*;

use crate::error::{Detail, ErrorData, codes};

/// The library version (the `hatsugen` crate's version).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The built-in pack `new Checker()` uses.
const DEFAULT_BUILTIN: &str = "jp-local-gov";

/// Built-in checkers compiled so far, shared by every `Checker` made from them.
static BUILTINS: Mutex<Vec<(String, Arc<hatsugen::Checker>)>> = Mutex::new(Vec::new());

/// A compiled policy. Build it once, check many posts with it.
///
/// Construct with `new Checker()` (the default built-in pack), `new Checker(toml)`,
/// `new Checker({ policy: toml })`, `new Checker({ builtin: name })`,
/// `Checker.fromBuiltin(name)` or `Checker.fromToml(toml)`.
#[wasm_bindgen]
pub struct Checker {
    inner: Arc<hatsugen::Checker>,
}

#[wasm_bindgen]
impl Checker {
    /// `undefined`/`null` → the default built-in pack; a string → a policy TOML; an object
    /// `{ policy }` (TOML) or `{ builtin }` (pack name), not both.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Checker, JsValue> {
        match Source::from_js(&options) {
            Ok(source) => source.build().map_err(throwable),
            Err(e) => Err(throwable(e)),
        }
    }

    /// A checker for the built-in pack `name` (`jp-local-gov`, `urayasu`).
    #[wasm_bindgen(js_name = fromBuiltin)]
    pub fn from_builtin(name: JsValue) -> Result<Checker, JsValue> {
        let name = string_arg(&name, "builtin pack name").map_err(throwable)?;
        Source::Builtin(name).build().map_err(throwable)
    }

    /// A checker for a policy TOML (which may `extends = "builtin:NAME"`).
    #[wasm_bindgen(js_name = fromToml)]
    pub fn from_toml(toml: JsValue) -> Result<Checker, JsValue> {
        let toml = policy_arg(&toml).map_err(throwable)?;
        Source::Toml(toml).build().map_err(throwable)
    }

    /// The names of the built-in packs.
    #[wasm_bindgen(js_name = builtinNames)]
    pub fn builtin_names() -> Array {
        Policy::builtin_names().map(JsValue::from_str).collect()
    }

    /// Checks a post. `context` is `undefined`, a plain object (`time` may be a `Date`) or
    /// a JSON string. Returns the report as a plain object with UTF-16 spans.
    pub fn check(&self, text: JsValue, context: JsValue) -> Result<JsValue, JsValue> {
        self.check_inner(&text, &context).map_err(throwable)
    }

    /// Applies the machine-applicable fixes and checks the result again. `context` as for
    /// `check`; `which` is `"safe"` (the default: masking personal data, removing invisible
    /// characters, the profile disclaimer), `"all"`, or an array of rule ids. Returns
    /// `{ text, profile, applied, report }` with UTF-16 spans.
    pub fn fix(&self, text: JsValue, context: JsValue, which: JsValue) -> Result<JsValue, JsValue> {
        self.fix_inner(&text, &context, &which).map_err(throwable)
    }

    /// Every rule of the policy, sorted by id: `{ id, category, severity, clause, law,
    /// enabled, kind, description, context }` (the core's `Checker::rules_json`).
    pub fn rules(&self) -> Result<JsValue, JsValue> {
        json_to_js(&self.inner.rules_json()).map_err(throwable)
    }

    /// The policy applied: `{ id, version }`.
    #[wasm_bindgen(getter)]
    pub fn policy(&self) -> Result<JsValue, JsValue> {
        // Serialised as the report serialises it (the same `{"id","version"}` object).
        // `serde_json::json!` built a `Value` (linking its serializer and printer) and
        // unwrapped a `Result` (linking the `Debug` of serde_json's error): 1.3 KB gzipped.
        let json = serde_json::to_string(self.inner.policy())
            .map_err(|_| ErrorData::plain(codes::INTERNAL, "policy reference could not be serialised"));
        json.and_then(|json| json_to_js(&json)).map_err(throwable)
    }

    /// The largest text accepted, in UTF-8 bytes.
    #[wasm_bindgen(getter, js_name = maxTextBytes)]
    pub fn max_text_bytes(&self) -> f64 {
        // Exact: limits are far below 2^53.
        self.inner.max_text_bytes() as f64
    }

    /// The library version.
    #[wasm_bindgen(getter)]
    pub fn version(&self) -> String {
        VERSION.to_owned()
    }
}

impl Checker {
    /// The text and the validated context, with the errors `check` throws.
    fn inputs(&self, text: &JsValue, context: &JsValue) -> Result<(String, hatsugen::Context), ErrorData> {
        let limit = self.inner.max_text_bytes();
        let js_text = text
            .dyn_ref::<JsString>()
            .ok_or_else(|| ErrorData::plain(codes::INVALID_ARGUMENT, "text must be a string"))?;
        // Every UTF-16 unit is at least one UTF-8 byte: refuse before copying.
        let units = js_text.length() as usize;
        if units > limit {
            return Err(ErrorData {
                code: codes::TEXT_TOO_LARGE,
                message: format!(
                    "text is at least {units} bytes, more than the limit of {limit} (`limits.max_text_bytes`)"
                ),
                detail: Detail::TooLarge { len: units, limit },
            });
        }
        // Lone surrogates become U+FFFD, one unit each: offsets are unchanged.
        let text = String::from(js_text);
        let (context, from_object) = context_json(context)?;
        hatsugen::wire::validate_text(&self.inner, text.as_bytes()).map_err(|e| ErrorData::from(&e))?;
        let ctx = match context.as_deref() {
            None => hatsugen::Context::default(),
            Some(json) if json.trim().is_empty() => hatsugen::Context::default(),
            Some(json) => hatsugen::Context::from_json(json).map_err(|c| {
                if from_object {
                    // Positions in the stringified object mean nothing to the caller.
                    ErrorData {
                        code: codes::INVALID_CONTEXT,
                        message: format!("invalid context: {}", c.message()),
                        detail: Detail::Context { line: 0, column: 0 },
                    }
                } else {
                    ErrorData::from(&hatsugen::CheckError::Context(c))
                }
            })?,
        };
        Ok((text, ctx))
    }

    fn check_inner(&self, text: &JsValue, context: &JsValue) -> Result<JsValue, ErrorData> {
        let (text, ctx) = self.inputs(text, context)?;
        let mut report = self.inner.check(&text, &ctx);
        spans::report_to_utf16(&text, ctx.profile.as_deref(), &mut report);
        json_to_js(&report.to_json())
    }

    fn fix_inner(&self, text: &JsValue, context: &JsValue, which: &JsValue) -> Result<JsValue, ErrorData> {
        let (text, ctx) = self.inputs(text, context)?;
        let bad = || {
            ErrorData::plain(
                codes::INVALID_ARGUMENT,
                "which must be \"safe\", \"all\" or a non-empty array of rule ids",
            )
        };
        // `None`: every fix; `Some(ids)`: those rules'; safe fixes when `ids` is empty.
        let ids: Option<Vec<String>> = if which.is_undefined() || which.is_null() {
            Some(Vec::new())
        } else if let Some(s) = which.as_string() {
            match s.as_str() {
                "safe" => Some(Vec::new()),
                "all" => None,
                _ => return Err(bad()),
            }
        } else if Array::is_array(which) {
            let list: Vec<String> =
                Array::from(which).iter().map(|v| v.as_string().ok_or_else(bad)).collect::<Result<_, _>>()?;
            if list.is_empty() {
                return Err(bad());
            }
            Some(list)
        } else {
            return Err(bad());
        };
        let refs: Vec<&str> = ids.iter().flatten().map(String::as_str).collect();
        let selection = match (&ids, refs.is_empty()) {
            (None, _) => hatsugen::FixSelection::All,
            (Some(_), true) => hatsugen::FixSelection::Safe,
            (Some(_), false) => hatsugen::FixSelection::Rules(&refs),
        };
        let mut fixed = self.inner.fix(&text, &ctx, selection);
        spans::fixed_to_utf16(&text, ctx.profile.as_deref(), &mut fixed);
        json_to_js(&fixed.to_json())
    }
}

/// The library version.
#[wasm_bindgen]
pub fn version() -> String {
    VERSION.to_owned()
}

/// Where a checker's policy comes from.
enum Source {
    Builtin(String),
    Toml(String),
}

impl Source {
    fn from_js(options: &JsValue) -> Result<Source, ErrorData> {
        if options.is_undefined() || options.is_null() {
            return Ok(Source::Builtin(DEFAULT_BUILTIN.to_owned()));
        }
        if options.is_string() {
            return policy_arg(options).map(Source::Toml);
        }
        if !options.is_object() || options.is_function() || Array::is_array(options) {
            return Err(ErrorData::plain(
                codes::INVALID_ARGUMENT,
                "checker options must be a policy TOML string or an object `{ policy }` or `{ builtin }`",
            ));
        }
        let get = |key: &str| {
            Reflect::get(options, &JsValue::from_str(key))
                .map_err(|_| ErrorData::plain(codes::INVALID_ARGUMENT, format!("cannot read option `{key}`")))
                .map(|v| if v.is_undefined() || v.is_null() { None } else { Some(v) })
        };
        match (get("policy")?, get("builtin")?) {
            (Some(_), Some(_)) => {
                Err(ErrorData::plain(codes::INVALID_ARGUMENT, "give either `policy` or `builtin`, not both"))
            }
            (Some(p), None) => policy_arg(&p).map(Source::Toml),
            (None, Some(b)) => string_arg(&b, "`builtin`").map(Source::Builtin),
            (None, None) => Ok(Source::Builtin(DEFAULT_BUILTIN.to_owned())),
        }
    }

    fn build(self) -> Result<Checker, ErrorData> {
        match self {
            Source::Builtin(name) => builtin_checker(&name),
            Source::Toml(toml) => compile(&toml).map(|c| Checker { inner: Arc::new(c) }),
        }
        .map_err(|e| match e {
            Failure::Policy(p) => ErrorData::from(&p),
            Failure::Other(d) => d,
        })
    }
}

enum Failure {
    Policy(PolicyError),
    Other(ErrorData),
}

fn compile(toml: &str) -> Result<hatsugen::Checker, Failure> {
    let policy = Policy::from_toml(toml).map_err(Failure::Policy)?;
    hatsugen::Checker::new(&policy).map_err(Failure::Policy)
}

fn builtin_checker(name: &str) -> Result<Checker, Failure> {
    let mut cache = BUILTINS
        .lock()
        .map_err(|_| Failure::Other(ErrorData::plain(codes::INTERNAL, "built-in checker cache is poisoned")))?;
    if let Some((_, c)) = cache.iter().find(|(n, _)| n == name) {
        return Ok(Checker { inner: Arc::clone(c) });
    }
    let policy = Policy::builtin(name).map_err(Failure::Policy)?;
    let checker = Arc::new(hatsugen::Checker::new(&policy).map_err(Failure::Policy)?);
    cache.push((name.to_owned(), Arc::clone(&checker)));
    Ok(Checker { inner: checker })
}

fn string_arg(value: &JsValue, what: &str) -> Result<String, ErrorData> {
    value.as_string().ok_or_else(|| ErrorData::plain(codes::INVALID_ARGUMENT, format!("{what} must be a string")))
}

/// A policy TOML argument, refused before copying when it cannot fit the core's limit.
fn policy_arg(value: &JsValue) -> Result<String, ErrorData> {
    let s = value
        .dyn_ref::<JsString>()
        .ok_or_else(|| ErrorData::plain(codes::INVALID_ARGUMENT, "policy must be a TOML string"))?;
    let units = s.length() as usize;
    if units > MAX_POLICY_BYTES {
        return Err(ErrorData {
            code: codes::POLICY_TOO_LARGE,
            message: format!("policy is at least {units} bytes, more than the limit of {MAX_POLICY_BYTES}"),
            detail: Detail::Policy {
                kind: "too_large",
                line: 0,
                column: 0,
                key_path: None,
                origin: "<policy>".to_owned(),
            },
        });
    }
    Ok(String::from(s))
}

/// The context as JSON text and whether it came from an object: `undefined`/`null` →
/// none, a string as is, an object through `JSON.stringify` (so a `Date` becomes an RFC 3339
/// string).
fn context_json(context: &JsValue) -> Result<(Option<String>, bool), ErrorData> {
    let bad = |why: &str| ErrorData {
        code: codes::INVALID_CONTEXT,
        message: format!("invalid context: {why}"),
        detail: Detail::Context { line: 0, column: 0 },
    };
    // Refused before the copy into WebAssembly memory when it cannot fit the core's limit
    // (every UTF-16 unit is at least one UTF-8 byte); the core checks the exact size.
    let bounded = |s: &JsString| {
        let units = s.length() as usize;
        if units > MAX_CONTEXT_BYTES {
            Err(bad(&format!("context is at least {units} bytes, more than the limit of {MAX_CONTEXT_BYTES}")))
        } else {
            Ok(String::from(s))
        }
    };
    if context.is_undefined() || context.is_null() {
        return Ok((None, false));
    }
    if let Some(s) = context.dyn_ref::<JsString>() {
        return Ok((Some(bounded(s)?), false));
    }
    if !context.is_object() || context.is_function() || Array::is_array(context) {
        return Err(bad("expected an object, a JSON string or undefined"));
    }
    let json = JSON::stringify(context).map_err(|_| bad("the object cannot be converted to JSON"))?;
    let json = bounded(&json)?;
    Ok((Some(json::replace_lone_surrogates(&json).into_owned()), true))
}

fn json_to_js(json: &str) -> Result<JsValue, ErrorData> {
    JSON::parse(json).map_err(|_| ErrorData::plain(codes::INTERNAL, "report JSON could not be parsed"))
}

/// Makes the JavaScript `Error` thrown for `e`.
fn throwable(e: ErrorData) -> JsValue {
    let err = js_sys::Error::new(&e.message);
    err.set_name("HatsugenError");
    let set = |key: &str, value: JsValue| {
        // Setting a property on a fresh Error object cannot fail.
        let _ = Reflect::set(&err, &JsValue::from_str(key), &value);
    };
    set("code", JsValue::from_str(e.code));
    let num = |n: usize| JsValue::from_f64(n as f64);
    match e.detail {
        Detail::None => {}
        Detail::Policy { kind, line, column, key_path, origin } => {
            set("kind", JsValue::from_str(kind));
            set("line", num(line));
            set("column", num(column));
            set("keyPath", key_path.map_or(JsValue::NULL, |k| JsValue::from_str(&k)));
            set("origin", JsValue::from_str(&origin));
        }
        Detail::Context { line, column } => {
            set("line", num(line));
            set("column", num(column));
        }
        Detail::TooLarge { len, limit } => {
            set("length", num(len));
            set("limit", num(limit));
        }
    }
    err.into()
}
