//! Generates the folding tables from the Unicode data of `unicode-normalization`, so the
//! library itself carries only what folding needs: for each character whose NFKC form
//! differs, that form; and the kana + voiced-mark compositions. (The full normalisation
//! tables would cost a WebAssembly build ~250 KB.)

use std::fmt::Write as _;
use std::path::PathBuf;

use unicode_normalization::UnicodeNormalization;

#[path = "src/policy/compact.rs"]
mod compact;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    packs();
    // Runs of consecutive code points whose NFKC form is one character at a constant
    // distance (full-width ASCII, mathematical alphanumerics, circled letters…) are stored
    // as ranges; the rest one by one.
    let mut singles: Vec<(u32, String)> = Vec::new();
    let mut ranges: Vec<(u32, u32, i64)> = Vec::new();
    for cp in 0..=0x10FFFFu32 {
        let Some(c) = char::from_u32(cp) else { continue };
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
    // Stored compactly (the library expands them once, on first use): the code points as
    // LEB128 deltas from the previous one, the forms concatenated in the same order, and
    // each form's length in bytes. Sorted numbers as u32 arrays were a third of the
    // WebAssembly module's compressed data besides the packs.
    let mut deltas: Vec<u8> = Vec::new();
    let mut lens: Vec<u8> = Vec::new();
    let mut forms = String::new();
    let mut prev = 0u32;
    for (cp, folded) in &singles {
        let mut d = cp - prev;
        prev = *cp;
        loop {
            let byte = (d & 0x7F) as u8;
            d >>= 7;
            if d == 0 {
                deltas.push(byte);
                break;
            }
            deltas.push(byte | 0x80);
        }
        let Ok(len) = u8::try_from(folded.len()) else {
            println!("cargo:warning=NFKC form of U+{cp:04X} is longer than 255 bytes");
            std::process::exit(1);
        };
        lens.push(len);
        forms.push_str(folded);
    }
    let n = singles.len();
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
        "/// How many code points [`NFKC_DELTAS`] lists.\npub(crate) const NFKC_COUNT: usize = {n};\n\
         /// The code points whose NFKC form differs, ascending, each as the LEB128 of its distance from the previous one (from 0).\npub(crate) static NFKC_DELTAS: &[u8] = &{deltas:?};\n\
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

/// Writes the built-in packs the library embeds. For WebAssembly, whose download size is
/// budgeted, they are written compactly (`src/policy/compact.rs`): comments and the
/// `description`s are left out (they document the pack, `hatsugen policy show`, but take no
/// part in a report, so every build answers alike) and every table is inline on one line.
fn packs() {
    let wasm = std::env::var("TARGET").is_ok_and(|t| t.starts_with("wasm32"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    println!("cargo:rerun-if-changed=src/policy/compact.rs");
    for name in ["jp-local-gov", "urayasu"] {
        let path = format!("packs/{name}.toml");
        println!("cargo:rerun-if-changed={path}");
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let kept = if wasm {
            match compact::compact(&text) {
                Ok(kept) => kept,
                Err(e) => {
                    println!("cargo:warning={path} is not valid TOML: {e}");
                    std::process::exit(1);
                }
            }
        } else {
            text
        };
        let _ = std::fs::write(out.join(format!("{name}.toml")), kept);
    }
}
