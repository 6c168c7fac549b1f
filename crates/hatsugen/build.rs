//! Generates the folding tables from the Unicode data of `unicode-normalization`, so the
//! library itself carries only what folding needs: for each character whose NFKC form
//! differs, that form; and the kana + voiced-mark compositions. (The full normalisation
//! tables would cost a WebAssembly build ~250 KB.)

use std::fmt::Write as _;
use std::path::PathBuf;

use unicode_normalization::UnicodeNormalization;

#[path = "src/policy/compact.rs"]
mod compact;
#[path = "src/fold_scope.rs"]
mod fold_scope;
#[path = "src/lzma.rs"]
mod lzma;
#[path = "src/lzma_encode.rs"]
mod lzma_encode;
#[path = "src/model_code.rs"]
#[allow(dead_code, reason = "the reader is the library's")]
mod model_code;
#[path = "src/packed.rs"]
mod packed;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    packs();
    graphemes();
    // Runs of consecutive code points whose NFKC form is one character at a constant
    // distance (full-width ASCII, mathematical alphanumerics, circled letters…) are stored
    // as ranges; the rest one by one.
    let mut singles: Vec<(u32, String)> = Vec::new();
    let mut ranges: Vec<(u32, u32, i64)> = Vec::new();
    for cp in 0..=0x10FFFFu32 {
        let Some(c) = char::from_u32(cp) else { continue };
        if !fold_scope::folded_script(cp) {
            continue;
        }
        let folded: String = std::iter::once(c).nfkc().collect();
        let mut chars = folded.chars();
        let (first, second) = (chars.next(), chars.next());
        if first == Some(c) && second.is_none() {
            continue;
        }
        if let (Some(f), None) = (first, second) {
            let delta = f as i64 - cp as i64;
            if let Some(last) = ranges.last_mut() {
                if last.0 + last.1 == cp && last.2 == delta {
                    last.1 += 1;
                    continue;
                }
            }
            ranges.push((cp, 1, delta));
            continue;
        }
        singles.push((cp, folded));
    }
    // Ranges of one become singles.
    let (runs, ones): (Vec<_>, Vec<_>) = ranges.into_iter().partition(|r| r.1 >= 4);
    for (start, len, delta) in ones {
        for cp in start..start + len {
            if let Some(c) = char::from_u32((cp as i64 + delta) as u32) {
                singles.push((cp, c.to_string()));
            }
        }
    }
    singles.sort();
    // Stored compactly (the library expands them once, on first use), in two lists: the
    // characters whose form is one character, and the others. Each list's code points are
    // LEB128 deltas from the previous one. A one-character form is the (zigzag) LEB128 of
    // its distance from the previous form: compatibility ideographs, radicals and
    // presentation forms map to characters near the previous one's, or to the same one;
    // as UTF-8 they were most of the folding tables' compressed size. The longer forms
    // are concatenated, with each one's length in bytes. (Sorted numbers as u32 arrays were
    // a third of the WebAssembly module's compressed data besides the packs.)
    let (ones, multis): (Vec<_>, Vec<_>) = singles.into_iter().partition(|(_, f)| f.chars().count() == 1);
    let mut one_keys: Vec<u8> = Vec::new();
    let mut one_forms: Vec<u8> = Vec::new();
    let (mut prev, mut prev_form) = (0u32, 0i64);
    for (cp, folded) in &ones {
        model_code::varint(&mut one_keys, u64::from(cp - prev));
        prev = *cp;
        let form = folded.chars().next().map_or(0, |c| i64::from(u32::from(c)));
        let d = form - prev_form;
        prev_form = form;
        model_code::zigzag(&mut one_forms, d);
    }
    let mut deltas: Vec<u8> = Vec::new();
    let mut lens: Vec<u8> = Vec::new();
    let mut forms = String::new();
    let mut prev = 0u32;
    for (cp, folded) in &multis {
        model_code::varint(&mut deltas, u64::from(cp - prev));
        prev = *cp;
        let Ok(len) = u8::try_from(folded.len()) else {
            println!("cargo:warning=NFKC form of U+{cp:04X} is longer than 255 bytes");
            std::process::exit(1);
        };
        lens.push(len);
        forms.push_str(folded);
    }
    let n1 = ones.len();
    let n = multis.len();
    let mut runs_src = String::new();
    for (start, len, delta) in &runs {
        let _ = write!(runs_src, "({start},{len},{delta}),");
    }
    let r = runs.len();
    let mut compose = String::new();
    let mut m = 0usize;
    for cp in 0x3000..=0x30FFu32 {
        let Some(base) = char::from_u32(cp) else { continue };
        for mark in ['\u{3099}', '\u{309A}'] {
            if let Some(c) = unicode_normalization::char::compose(base, mark) {
                let _ = write!(compose, "({cp},{},{}),", mark as u32, c as u32);
                m += 1;
            }
        }
    }
    let out = format!(
        "/// How many code points [`NFKC_ONE_KEYS`] lists.\npub(crate) const NFKC_ONE_COUNT: usize = {n1};\n\
         /// The code points whose NFKC form is one other character (not at a constant distance), ascending, each as the LEB128 of its distance from the previous one (from 0).\npub(crate) static NFKC_ONE_KEYS: &[u8] = &{one_keys:?};\n\
         /// Their forms: each the LEB128 of the zigzag-coded distance of its code point from the previous form's (from 0).\npub(crate) static NFKC_ONE_FORMS: &[u8] = &{one_forms:?};\n\
         /// How many code points [`NFKC_DELTAS`] lists.\npub(crate) const NFKC_COUNT: usize = {n};\n\
         /// The code points whose NFKC form is several characters, ascending, each as the LEB128 of its distance from the previous one (from 0).\npub(crate) static NFKC_DELTAS: &[u8] = &{deltas:?};\n\
         /// For each of them, the length in bytes of its NFKC form in [`NFKC_FORMS`].\npub(crate) static NFKC_LENS: &[u8] = &{lens:?};\n\
         /// Their NFKC forms, concatenated in the same order.\npub(crate) static NFKC_FORMS: &str = {forms:?};\n\
         /// (first code point, count, distance): each maps to the character `distance` away, sorted.\npub(crate) static NFKC_RUNS: [(u32, u32, i32); {r}] = [{runs_src}];\n\
         /// (kana, voiced mark, composed kana), sorted.\npub(crate) static KANA_COMPOSE: [(u32, u32, u32); {m}] = [{compose}];\n"
    );
    let path = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("fold_tables.rs");
    if let Err(e) = std::fs::write(&path, out) {
        println!("cargo:warning=cannot write {}: {e}", path.display());
        std::process::exit(1);
    }
}

/// The grapheme break properties of `src/grapheme_breaks.tsv` (see `src/grapheme.rs`): the
/// start of each run as the LEB128 of its distance from the previous one, and its value (the
/// category's index in `grapheme::CATEGORIES`, 16 for a linker, 32 for an extender).
fn graphemes() {
    const CATEGORIES: [&str; 16] = include!("src/grapheme_categories.rs");
    let path = "src/grapheme_breaks.tsv";
    println!("cargo:rerun-if-changed={path}");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| fail(&format!("cannot read {path}: {e}")));
    let (mut starts, mut values) = (Vec::new(), Vec::new());
    let mut prev = 0u32;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let mut cols = line.split('\t');
        let start = cols.next().and_then(|c| u32::from_str_radix(c, 16).ok());
        let category = cols.next().and_then(|c| CATEGORIES.iter().position(|n| *n == c));
        let (Some(start), Some(category)) = (start, category) else { fail(&format!("{path}: bad line {line:?}")) };
        let mut value = category as u8;
        for flag in cols {
            value |= match flag {
                "linker" => 16,
                "extend" => 32,
                _ => fail(&format!("{path}: bad flag in {line:?}")),
            };
        }
        if start < prev || (start == prev && !values.is_empty()) {
            fail(&format!("{path}: runs out of order at {line:?}"));
        }
        model_code::varint(&mut starts, u64::from(start - prev));
        prev = start;
        values.push(value);
    }
    let out = format!(
        "/// Where each run of code points starts: the LEB128 of its distance from the previous start (from 0).\n\
         pub(super) static STARTS: [u8; {}] = {starts:?};\n\
         /// Each run's grapheme break properties.\npub(super) static VALUES: [u8; {}] = {values:?};\n",
        starts.len(),
        values.len(),
    );
    write(&PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("grapheme_table.rs"), out.as_bytes());
}

/// Writes the built-in packs the library embeds. For WebAssembly, whose download size is
/// budgeted, they are written compactly (`src/policy/compact.rs`): comments and the
/// `description`s are left out (they document the pack, `hatsugen policy show`, but take no
/// part in a report, so every build answers alike) and every table is inline on one line;
/// then they and the table of readings are encoded in fewer bytes (`src/packed.rs`).
fn packs() {
    let wasm = std::env::var("TARGET").is_ok_and(|t| t.starts_with("wasm32"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    println!("cargo:rerun-if-changed=src/policy/compact.rs");
    println!("cargo:rerun-if-changed=src/packed.rs");
    let mut texts: Vec<(String, String)> = Vec::new();
    for name in ["jp-local-gov", "urayasu"] {
        let path = format!("packs/{name}.toml");
        println!("cargo:rerun-if-changed={path}");
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let kept = if wasm {
            match compact::compact(&text) {
                Ok(kept) => kept,
                Err(e) => fail(&format!("{path} is not valid TOML: {e}")),
            }
        } else {
            text
        };
        if !wasm {
            write(&out.join(format!("{name}.toml")), kept.as_bytes());
        }
        texts.push((name.to_owned(), kept));
    }
    // The model (`scripts/gen-model`); `HATSUGEN_MODEL_TSV` names another one to build with,
    // which `scripts/gen-model --holdout` uses to measure a model trained without some posts.
    println!("cargo:rerun-if-env-changed=HATSUGEN_MODEL_TSV");
    let model_path = std::env::var("HATSUGEN_MODEL_TSV").unwrap_or_else(|_| "packs/generated/model.tsv".to_owned());
    println!("cargo:rerun-if-changed={model_path}");
    let model = std::fs::read_to_string(&model_path)
        .unwrap_or_else(|e| fail(&format!("cannot read the model {model_path}: {e}")));
    // Every build reads it in its compact binary form (`src/model_code.rs`).
    let bin = model_code::encode(&model).unwrap_or_else(|e| fail(&format!("{model_path}: {e}")));
    if !wasm {
        write(&out.join("model.bin"), &bin);
        return;
    }
    write(&out.join("model.bin"), &compress("model", &bin));
    // The table of readings without its comment lines (which its reader skips).
    let path = "packs/generated/readings.tsv";
    println!("cargo:rerun-if-changed={path}");
    let readings: String = std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(|l| [l, "\n"])
        .collect();
    texts.push(("readings".to_owned(), readings));
    let all: Vec<&str> = texts.iter().map(|(_, t)| t.as_str()).collect();
    let code = packed::Code::learn(&all).unwrap_or_else(|e| fail(&format!("cannot encode the packs: {e}")));
    for (name, text) in &texts {
        let bytes = code.encode(text).unwrap_or_else(|e| fail(&format!("cannot encode {name}: {e}")));
        if packed::decode(&code.singles, &code.others, &bytes) != *text {
            fail(&format!("{name} does not decode to itself"));
        }
        write(&out.join(format!("{name}.bin")), &compress(name, &bytes));
    }
    let singles: String = code.singles.iter().collect();
    let others = code.others_deltas();
    if packed::others(&others) != code.others {
        fail("the two-byte characters do not decode to themselves");
    }
    let tables = format!(
        "/// The characters written as one byte (`src/packed.rs`).\npub(crate) static SINGLES: &str = {singles:?};\n\
         /// The characters written as two bytes, ascending: the LEB128 of each one's distance from the previous one.\npub(crate) static OTHERS: [u8; {}] = {others:?};\n",
        others.len(),
    );
    write(&out.join("packed_code.rs"), tables.as_bytes());
}

/// `data` in LZMA (`src/lzma.rs`), checked to decode to itself.
fn compress(name: &str, data: &[u8]) -> Vec<u8> {
    // One literal coder per previous byte's top three bits, none per position: the data is
    // text in a byte code, not records of a fixed width (`lc` 3, `lp` 0, `pb` 0 made the
    // packs the smallest of the settings tried).
    let out = lzma_encode::encode(data, 3, 0, 0).unwrap_or_else(|e| fail(&format!("cannot compress {name}: {e}")));
    if lzma::decode(&out).as_deref() != Some(data) {
        fail(&format!("{name} does not decompress to itself"));
    }
    out
}

fn write(path: &std::path::Path, bytes: &[u8]) {
    if let Err(e) = std::fs::write(path, bytes) {
        fail(&format!("cannot write {}: {e}", path.display()));
    }
}

fn fail(message: &str) -> ! {
    println!("cargo:warning={message}");
    std::process::exit(1);
}
