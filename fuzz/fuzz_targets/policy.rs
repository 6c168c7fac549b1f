//! Policy TOML parsing and compilation: any text either loads with a line/column error or
//! compiles into a checker that can check.
#![no_main]

use hatsugen::{Checker, Context, Policy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match Policy::from_toml(text) {
        Ok(policy) => {
            let checker = Checker::new(&policy).expect("a loaded policy compiles");
            let _ = checker.check("ここだけの話、バカな内部資料 090-1234-5678", &Context::default());
            // The effective policy reads back to itself.
            let again = Policy::from_toml(&policy.to_toml()).expect("effective policy reloads");
            assert_eq!(again, policy);
        }
        Err(e) => {
            assert!(!e.message().is_empty());
            if e.line() > 0 {
                assert!(e.line() <= text.lines().count().max(1) + 1, "line {} past the end", e.line());
            }
        }
    }
});
