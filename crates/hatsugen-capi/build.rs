//! Generates the C header into `OUT_DIR/hatsugen.h` with cbindgen (the test `header_tests`
//! compares it with the committed `include/hatsugen.h`) and sets the shared library's
//! soname on Linux.

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
    std::fs::write(out.join("hatsugen.h"), header)?;

    // The ABI promise is per minor version while the major version is 0 (see
    // docs/C-API.md), so the soname carries the version parts that may break it.
    if env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        let soname = if major == "0" { format!("libhatsugen.so.0.{minor}") } else { format!("libhatsugen.so.{major}") };
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,{soname}");
    }
    Ok(())
}
