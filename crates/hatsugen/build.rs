//! Generates the folding tables from the Unicode data of `unicode-normalization`, so the
//! library itself carries only what folding needs: for each character whose NFKC form
//! differs, that form; and the kana + voiced-mark compositions. (The full normalisation
//! tables would cost a WebAssembly build ~250 KB.)

use std::fmt::Write as _;
use std::path::PathBuf;

use unicode_normalization::UnicodeNormalization;

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
    let mut keys = String::new();
    let mut vals = String::new();
    let mut pool = String::new();
    for (cp, folded) in &singles {
        let at = match pool.find(folded.as_str()) {
            Some(at) if !folded.is_empty() => at,
            _ => {
                pool.push_str(folded);
                pool.len() - folded.len()
            }
        };
        let _ = write!(keys, "{cp},");
        let _ = write!(vals, "{},", (at << 8) | folded.len());
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
        "/// Code points whose NFKC form differs, sorted.\npub(crate) static NFKC_KEYS: [u32; {n}] = [{keys}];\n\
         /// For each key: offset << 8 | length of its NFKC form in [`NFKC_POOL`].\npub(crate) static NFKC_VALS: [u32; {n}] = [{vals}];\n\
         /// The NFKC forms, concatenated.\npub(crate) static NFKC_POOL: &str = {pool:?};\n\
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
/// budgeted, comment lines and the groups' `description`s are left out: they document the
/// pack (`hatsugen policy show`) but take no part in a report, so every build answers alike.
fn packs() {
    let wasm = std::env::var("TARGET").is_ok_and(|t| t.starts_with("wasm32"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    for name in ["jp-local-gov", "urayasu"] {
        let path = format!("packs/{name}.toml");
        println!("cargo:rerun-if-changed={path}");
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let kept: String = if wasm {
            text.lines()
                .filter(|l| !l.trim_start().starts_with('#') && !l.starts_with("description = "))
                .flat_map(|l| [l, "\n"])
                .collect()
        } else {
            text
        };
        let _ = std::fs::write(out.join(format!("{name}.toml")), kept);
    }
}
