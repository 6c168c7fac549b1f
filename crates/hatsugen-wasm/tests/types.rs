//! The data types of the npm package (`bindings/js/types/index.d.ts`, between the
//! `generated` markers) are generated from the core's report, fix and context types with
//! `ts-rs` (the core's `ts` feature, enabled for these tests only). This test fails when the
//! committed file differs from what the types give; regenerate with
//!
//! ```sh
//! HATSUGEN_BLESS=1 cargo test -p hatsugen-wasm --test types
//! ```
//!
//! What JavaScript receives differs from the Rust types in two ways, both handled here:
//! spans are UTF-16 offsets (the docs of `Span` say so), and a field that serde leaves out
//! when it has no value is absent, never `null` (`name?: T`).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::any::TypeId;
use std::collections::BTreeMap;
use std::path::PathBuf;

use ts_rs::{Config, TS, TypeVisitor};

const BEGIN: &str = "// ---- generated from the Rust types: do not edit; regenerate with\n\
// ---- HATSUGEN_BLESS=1 cargo test -p hatsugen-wasm --test types\n";
const END: &str = "// ---- end of the generated types\n";

/// Type docs written for JavaScript, in place of the Rust ones (which name Rust methods or
/// show Rust examples). Field docs always come from Rust.
const JS_DOCS: &[(&str, &str)] = &[
    (
        "Span",
        "A half-open range `[start, end)` of the checked text, in **UTF-16 code units**: the\n\
         offsets `String.prototype.slice`, `substring` and `setSelectionRange` take.\n\
         (The Rust core reports UTF-8 byte offsets; the WebAssembly build converts them.)",
    ),
    ("Report", "The result of checking one post: plain data, nothing to free."),
    (
        "Fixed",
        "The result of `Checker.fix`: the fixed text and profile, what was done, and the report\n\
         on the fixed post.",
    ),
    ("AppliedEdit", "One edit `Checker.fix` applied."),
    (
        "Context",
        "The context of a post. Every field is optional; a rule whose context is missing does\n\
         not run and is listed under `skipped`. Unknown fields and values are errors.",
    ),
];

/// One declaration: the type's docs and ts-rs's `type Name = …;`.
struct Decl {
    docs: Option<String>,
    decl: String,
}

/// Collects the declarations of every type reachable from the roots.
struct Collect<'a> {
    cfg: &'a Config,
    seen: Vec<TypeId>,
    decls: BTreeMap<String, Decl>,
}

impl TypeVisitor for Collect<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Types without an output path are built in (string, Array…): nothing to declare.
        if T::output_path().is_none() || self.seen.contains(&TypeId::of::<T>()) {
            return;
        }
        self.seen.push(TypeId::of::<T>());
        self.decls.insert(T::ident(self.cfg), Decl { docs: T::docs(), decl: T::decl(self.cfg) });
        T::visit_dependencies(self);
    }
}

/// The text of a `/** … */` comment, without the markers and the leading ` * `.
fn comment_text(comment: &str) -> String {
    let inner = comment.trim().trim_start_matches("/**").trim_end_matches("*/");
    let lines: Vec<&str> = inner
        .lines()
        .map(|l| l.trim_start().strip_prefix('*').map_or(l.trim(), |r| r.strip_prefix(' ').unwrap_or(r)))
        .collect();
    lines.join("\n").trim().to_owned()
}

/// Rust doc text as JSDoc text: code examples dropped, rustdoc links (`` [`a::B::c`] ``)
/// as code (`` `B.c` ``).
fn js_doc_text(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_code = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if !in_code {
            out.push(line.to_owned());
        }
    }
    let mut text = out.join("\n").trim().to_owned();
    while let Some(start) = text.find("[`") {
        let Some(len) = text[start..].find("`]") else { break };
        let path = &text[start + 2..start + len];
        let path = path.strip_prefix("crate::").unwrap_or(path);
        // `Type::method` → `Type.method`; a module path before the type goes.
        let parts: Vec<&str> = path.split("::").collect();
        let keep = if parts.len() > 1 && parts[parts.len() - 2].starts_with(char::is_uppercase) { 2 } else { 1 };
        let name = parts[parts.len() - keep..].join(".");
        text.replace_range(start..start + len + 2, &format!("`{name}`"));
    }
    text
}

/// A JSDoc comment at `indent`: one line when it fits.
fn jsdoc(text: &str, indent: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    if !text.contains('\n') && text.len() + indent.len() < 96 {
        return format!("{indent}/** {text} */\n");
    }
    let mut out = format!("{indent}/**\n");
    for line in text.lines() {
        if line.is_empty() {
            out.push_str(&format!("{indent} *\n"));
        } else {
            out.push_str(&format!("{indent} * {line}\n"));
        }
    }
    out.push_str(&format!("{indent} */\n"));
    out
}

/// The fields of ts-rs's `{ /** doc */ name: T, … }`: (doc text, `name: T`).
fn fields(body: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = body.trim();
    let mut doc = String::new();
    while !rest.is_empty() {
        if rest.starts_with("/**") {
            let end = rest.find("*/").expect("unterminated comment") + 2;
            doc = comment_text(&rest[..end]);
            rest = rest[end..].trim_start();
            continue;
        }
        // The field runs to the first comma outside brackets and strings.
        let (mut depth, mut quoted, mut end) = (0i32, false, rest.len());
        for (i, c) in rest.char_indices() {
            match c {
                '"' => quoted = !quoted,
                '<' | '{' | '(' | '[' if !quoted => depth += 1,
                '>' | '}' | ')' | ']' if !quoted => depth -= 1,
                ',' if !quoted && depth == 0 => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let field = rest[..end].trim().to_owned();
        out.push((std::mem::take(&mut doc), field));
        rest = rest.get(end + 1..).unwrap_or_default().trim_start();
    }
    out
}

/// A field as JavaScript receives it: a field left out when empty is absent, never null.
fn js_field(field: &str) -> String {
    let (name, ty) = field.split_once(':').expect("a field is `name: type`");
    let ty = ty.trim();
    if name.ends_with('?') {
        let ty = ty.strip_suffix(" | null").unwrap_or(ty);
        return format!("{name}: {ty}");
    }
    format!("{name}: {ty}")
}

/// `export interface` for an object type, `export type` for the others.
fn render(name: &str, d: &Decl) -> String {
    let docs = JS_DOCS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, doc)| doc.lines().map(str::trim).collect::<Vec<_>>().join("\n"))
        .or_else(|| d.docs.as_deref().map(|c| js_doc_text(&comment_text(c))))
        .unwrap_or_default();
    let mut out = jsdoc(&docs, "");
    let prefix = format!("type {name} = ");
    let rhs = d.decl.strip_prefix(&prefix).unwrap_or_else(|| panic!("unexpected declaration: {}", d.decl));
    let rhs = rhs.trim().strip_suffix(';').unwrap_or(rhs).trim();
    match rhs.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
        Some(body) => {
            out.push_str(&format!("export interface {name} {{\n"));
            for (doc, field) in fields(body) {
                out.push_str(&jsdoc(&js_doc_text(&doc), "  "));
                out.push_str(&format!("  {};\n", js_field(&field)));
            }
            out.push_str("}\n");
        }
        None => out.push_str(&format!("export type {name} = {rhs};\n")),
    }
    out
}

/// The names of declared types that `decl` uses, in the order it uses them (comments aside).
fn uses<'a>(decl: &str, known: &'a BTreeMap<String, Decl>) -> Vec<&'a str> {
    let mut code = String::new();
    let mut rest = decl;
    while let Some(start) = rest.find("/**") {
        code.push_str(&rest[..start]);
        rest = rest[start..].find("*/").map_or("", |end| &rest[start + end + 2..]);
    }
    code.push_str(rest);
    let mut out = Vec::new();
    for word in code.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        if let Some((name, _)) = known.get_key_value(word) {
            if !out.contains(&name.as_str()) {
                out.push(name.as_str());
            }
        }
    }
    out
}

/// The generated part of index.d.ts: the roots, each followed by the types it uses, in
/// the order of use.
fn generate() -> String {
    let cfg = Config::new();
    let mut c = Collect { cfg: &cfg, seen: Vec::new(), decls: BTreeMap::new() };
    c.visit::<hatsugen::Report>();
    c.visit::<hatsugen::Fixed>();
    c.visit::<hatsugen::Context>();
    let roots = ["Report", "Fixed", "Context"];
    let mut order: Vec<&str> = Vec::new();
    fn walk<'a>(name: &'a str, decls: &'a BTreeMap<String, Decl>, order: &mut Vec<&'a str>) {
        if order.contains(&name) {
            return;
        }
        order.push(name);
        let Some(d) = decls.get(name) else { return };
        let body = d.decl.split_once('=').map_or("", |(_, b)| b);
        for dep in uses(body, decls) {
            walk(dep, decls, order);
        }
    }
    for root in roots {
        walk(root, &c.decls, &mut order);
    }
    assert_eq!(order.len(), c.decls.len(), "every collected type is reachable");
    let mut out = String::from(BEGIN);
    for name in order {
        out.push('\n');
        out.push_str(&render(name, &c.decls[name]));
    }
    out.push('\n');
    out.push_str(END);
    out
}

fn index_d_ts() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../bindings/js/types/index.d.ts")
}

#[test]
fn index_d_ts_matches_the_rust_types() {
    let path = index_d_ts();
    let file = std::fs::read_to_string(&path).unwrap();
    let start = file.find(BEGIN).expect("index.d.ts has the start marker of the generated types");
    let end = file.find(END).expect("index.d.ts has the end marker of the generated types") + END.len();
    let generated = generate();
    if std::env::var_os("HATSUGEN_BLESS").is_some() {
        let new = format!("{}{generated}{}", &file[..start], &file[end..]);
        if new != file {
            std::fs::write(&path, new).unwrap();
            eprintln!("wrote {}", path.display());
        }
        return;
    }
    let committed = &file[start..end];
    if committed != generated {
        let diff = committed
            .lines()
            .zip(generated.lines())
            .enumerate()
            .find(|(_, (a, b))| a != b)
            .map(|(i, (a, b))| {
                format!("first difference, line {} of the generated part:\n  file: {a}\n  types: {b}", i + 1)
            })
            .unwrap_or_else(|| "the generated part has a different length".to_owned());
        panic!(
            "bindings/js/types/index.d.ts differs from the Rust types; regenerate it with\n  \
             HATSUGEN_BLESS=1 cargo test -p hatsugen-wasm --test types\n{diff}"
        );
    }
}

#[test]
fn helpers() {
    assert_eq!(
        js_doc_text("See [`crate::Checker::fix`] and [`Edit`].\n```\nrust();\n```"),
        "See `Checker.fix` and `Edit`."
    );
    assert_eq!(js_field("attachment?: number | null"), "attachment?: number");
    assert_eq!(js_field("law: string | null"), "law: string | null");
    let f = fields("/**\n * A.\n */\na: Array<X>, b: Record<string, number>, ");
    assert_eq!(
        f,
        [("A.".to_owned(), "a: Array<X>".to_owned()), (String::new(), "b: Record<string, number>".to_owned())]
    );
}
