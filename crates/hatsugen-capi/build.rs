//! Generates the C header into `OUT_DIR/hatsugen.h` with cbindgen and, from it,
//! `OUT_DIR/hatsugen_ffi.h` for FFI parsers without a preprocessor (PHP's `FFI::cdef`); the
//! test `header_tests` compares both with the committed `include/` copies. On Linux it sets
//! the shared library's soname and leaves the soname link next to the library, so that a
//! program linked with `-L target/release -lhatsugen` finds it at run time.

use std::env;
use std::path::PathBuf;

/// The source files cbindgen reads, in the order their items appear in the header.
const SOURCES: &[&str] = &[
    "src/status.rs",
    "src/version.rs",
    "src/error.rs",
    "src/checker.rs",
    "src/json.rs",
    "src/context.rs",
    "src/result.rs",
    "src/fix.rs",
];

fn main() {
    if let Err(e) = run() {
        eprintln!("hatsugen-capi build script: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR")?);
    let out = PathBuf::from(env::var("OUT_DIR")?);
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-changed=build.rs");
    for src in SOURCES {
        println!("cargo:rerun-if-changed={src}");
    }

    let major = env::var("CARGO_PKG_VERSION_MAJOR")?;
    let minor = env::var("CARGO_PKG_VERSION_MINOR")?;
    let patch = env::var("CARGO_PKG_VERSION_PATCH")?;
    let version = env::var("CARGO_PKG_VERSION")?;

    let mut config = cbindgen::Config::from_file(dir.join("cbindgen.toml"))?;
    config.after_includes = Some(format!(
        "\n/** Version of this header (and of the library it was generated with). */\n\
         #define HATSUGEN_VERSION_MAJOR {major}\n\
         #define HATSUGEN_VERSION_MINOR {minor}\n\
         #define HATSUGEN_VERSION_PATCH {patch}\n\
         #define HATSUGEN_VERSION_STRING \"{version}\"\n"
    ));
    let mut builder = cbindgen::Builder::new().with_config(config);
    for src in SOURCES {
        builder = builder.with_src(dir.join(src));
    }
    let mut header = Vec::new();
    builder.generate()?.write(&mut header);
    // cbindgen writes `//` comments after the C++ guards; C89 has no `//` comments.
    let header = String::from_utf8(header)?
        .replace("#endif // __cplusplus", "#endif /* __cplusplus */")
        .replace("#endif  // __cplusplus", "#endif  /* __cplusplus */")
        .replace("}  // extern \"C\"", "}  /* extern \"C\" */");
    std::fs::write(out.join("hatsugen.h"), &header)?;
    std::fs::write(out.join("hatsugen_ffi.h"), ffi_header(&header)?)?;

    // The ABI promise is per minor version while the major version is 0 (see
    // docs/C-API.md), so the soname carries the version parts that may break it.
    if env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        let soname = if major == "0" { format!("libhatsugen.so.0.{minor}") } else { format!("libhatsugen.so.{major}") };
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,{soname}");
        soname_link(&out, &soname);
    }
    Ok(())
}

/// Leaves `SONAME -> libhatsugen.so` in the profile directory (`target/release`), which
/// is where cargo puts the library: the dynamic loader looks a program's libraries up by
/// soname. The profile directory is three levels above `OUT_DIR`
/// (`target/release/build/hatsugen-capi-HASH/out`). A failure is only a warning: the
/// library itself is fine, and `scripts/bundle-capi.sh` makes the link too.
fn soname_link(out: &std::path::Path, soname: &str) {
    let Some(profile_dir) = out.ancestors().nth(3) else { return };
    if out.ancestors().nth(2).and_then(|d| d.file_name()) != Some(std::ffi::OsStr::new("build")) {
        return;
    }
    let link = profile_dir.join(soname);
    let target = std::path::Path::new("libhatsugen.so");
    match std::fs::read_link(&link) {
        Ok(existing) if existing == target => return,
        Ok(_) => {
            let _ = std::fs::remove_file(&link);
        }
        // A regular file of that name is someone else's: leave it.
        Err(_) if link.symlink_metadata().is_ok() => return,
        Err(_) => {}
    }
    #[cfg(unix)]
    if let Err(e) = std::os::unix::fs::symlink(target, &link) {
        println!("cargo:warning=could not create {}: {e}", link.display());
    }
}

/// `include/hatsugen.h` for FFI parsers that take plain C declarations and no preprocessor
/// lines (PHP's `FFI::cdef`, also LuaJIT's `ffi.cdef` and Python cffi's `cdef`): the same
/// declarations in the same order, every integer `#define` as an enum constant (PHP reads
/// it as `$ffi->HATSUGEN_STATUS_OK`), the include guard, `#include` and `extern "C"` lines
/// left out. The version string is left out too (`hatsugen_version()` returns it).
fn ffi_header(header: &str) -> Result<String, String> {
    let mut out = String::from(
        "/*\n * hatsugen_ffi.h: include/hatsugen.h for FFI parsers that take plain declarations and no\n \
         * preprocessor lines: PHP `FFI::cdef`, LuaJIT `ffi.cdef`, Python cffi `cdef`. The same\n \
         * declarations; every `#define` constant is an enum constant (PHP: `$ffi->HATSUGEN_STATUS_OK`);\n \
         * HATSUGEN_VERSION_STRING is left out (call hatsugen_version()). Uses size_t: a C compiler\n \
         * needs <stddef.h> included first.\n *\n \
         * Generated by crates/hatsugen-capi/build.rs from hatsugen.h; do not edit by hand.\n \
         * Regenerate: HATSUGEN_BLESS=1 cargo test -p hatsugen-capi header\n */\n\n",
    );
    // The original file comment (up to its first `*/`) describes hatsugen.h: replaced above.
    let body = header.split_once("*/").map_or(header, |(_, rest)| rest);
    let mut skip_blank = true;
    for line in body.lines() {
        let trimmed = line.trim();
        if trimmed == "extern \"C\" {" || trimmed.starts_with("}  /* extern") {
            skip_blank = true;
            continue;
        }
        if let Some(directive) = trimmed.strip_prefix('#') {
            let mut words = directive.split_whitespace();
            if words.next() == Some("define") {
                let name = words.next().unwrap_or_default();
                let value = words.collect::<Vec<_>>().join(" ");
                if value.parse::<i64>().is_ok() {
                    out.push_str(&format!("enum {{ {name} = {value} }};\n"));
                    continue;
                }
                // Only these two have no integer value; any other would vanish silently.
                if name != "HATSUGEN_VERSION_STRING" && name != "HATSUGEN_H" {
                    return Err(format!("hatsugen_ffi.h: cannot translate `{trimmed}` (use a plain integer)"));
                }
            }
            skip_blank = true;
            continue;
        }
        if skip_blank && trimmed.is_empty() {
            continue;
        }
        skip_blank = false;
        out.push_str(line);
        out.push('\n');
    }
    Ok(out)
}
