//! The JSON entry point the C ABI and the WASM build use: arbitrary context JSON with a
//! fixed text must give a report or a context error, and the JSON must parse back.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(ctx) = std::str::from_utf8(data) else { return };
    let checker = hatsugen::Checker::default_checker();
    match hatsugen::wire::check_json(checker, "会いたかった💕 ここだけの話".as_bytes(), Some(ctx)) {
        Ok(json) => {
            let report: hatsugen::Report = serde_json::from_str(&json).expect("report JSON parses back");
            assert_eq!(report.to_json(), json);
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
