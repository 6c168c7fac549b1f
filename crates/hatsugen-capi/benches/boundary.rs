//! The cost of the C boundary: the same 140-character post checked through
//! `Checker::check` (Rust), the struct API (`hatsugen_check` + reading every finding view)
//! and the JSON API (`hatsugen_check_json`, against the Rust `wire::check_json` it wraps).
//! Target: the struct API within 1.5x of the Rust call.
#![allow(missing_docs, unsafe_code, clippy::unwrap_used, clippy::expect_used, clippy::undocumented_unsafe_blocks)]

use std::hint::black_box;
use std::ptr;

use criterion::{Criterion, criterion_group, criterion_main};
use hatsugen_core::{Checker, Context, Policy, wire};

// The library's own sources, compiled into this bench: the crate builds no rlib (its name
// would collide with the core's), and this calls the very extern "C" functions directly.
#[allow(dead_code, unreachable_pub, unused_imports)]
#[path = "../src/lib.rs"]
mod capi;
use capi::*;

/// 140 characters: a personal post with a phone number and a hint of work confidentiality.
const POST: &str = "今週末は地区の防災訓練に参加しました。消火器の使い方を子どもたちと一緒に練習できて、とても良い経験になりました。ところで、ここだけの話だけど来月から窓口の受付時間が変わるらしいです。詳しく知りたい人は080-2345-6789に連絡ください。来週は家族で紅葉を見に行く予定。楽しみ";
const TIME: &str = "2026-11-22T20:15:00+09:00";
const CONTEXT_JSON: &str = r#"{"time":"2026-11-22T20:15:00+09:00","device":"personal","account":"staff_identified","audience":"public","channel":"private"}"#;

fn c_context() -> hatsugen_context {
    // SAFETY: hatsugen_context is plain data; all zeros is "nothing set".
    let mut ctx: hatsugen_context = unsafe { std::mem::zeroed() };
    ctx.struct_size = size_of::<hatsugen_context>();
    ctx.time = TIME.as_ptr().cast();
    ctx.time_len = TIME.len();
    ctx.device = HATSUGEN_DEVICE_PERSONAL;
    ctx.account = HATSUGEN_ACCOUNT_STAFF_IDENTIFIED;
    ctx.audience = HATSUGEN_AUDIENCE_PUBLIC;
    ctx.channel = HATSUGEN_CHANNEL_PRIVATE;
    ctx
}

fn bench(c: &mut Criterion) {
    assert_eq!(POST.chars().count(), 140);
    let rust = Checker::new(&Policy::default_pack().unwrap()).unwrap();
    let rust_ctx = Context::from_json(CONTEXT_JSON).unwrap();
    let mut checker = ptr::null_mut();
    assert_eq!(unsafe { hatsugen_checker_new_default(&mut checker) }, HATSUGEN_STATUS_OK);
    let ctx = c_context();

    // The same report through every path.
    let expected = rust.check(POST, &rust_ctx);
    assert!(!expected.findings.is_empty());
    let mut result = ptr::null_mut();
    assert_eq!(
        unsafe { hatsugen_check(checker, POST.as_ptr().cast(), POST.len(), &ctx, &mut result, ptr::null_mut()) },
        HATSUGEN_STATUS_OK
    );
    assert_eq!(unsafe { hatsugen_result_finding_count(result) }, expected.findings.len());
    unsafe { hatsugen_result_free(result) };

    let mut g = c.benchmark_group("boundary_post_140");
    g.bench_function("rust Checker::check", |b| b.iter(|| rust.check(black_box(POST), black_box(&rust_ctx))));
    g.bench_function("c hatsugen_check (struct API) + read findings + free", |b| {
        b.iter(|| unsafe {
            let mut result = ptr::null_mut();
            let status = hatsugen_check(
                checker,
                black_box(POST).as_ptr().cast(),
                POST.len(),
                black_box(&ctx),
                &mut result,
                ptr::null_mut(),
            );
            debug_assert_eq!(status, HATSUGEN_STATUS_OK);
            let mut finding: hatsugen_finding = std::mem::zeroed();
            finding.struct_size = size_of::<hatsugen_finding>();
            for i in 0..hatsugen_result_finding_count(result) {
                hatsugen_result_get(result, i, &mut finding);
                black_box(&finding);
            }
            black_box(hatsugen_result_verdict(result));
            hatsugen_result_free(result);
        })
    });
    g.bench_function("rust wire::check_json (context JSON in, report JSON out)", |b| {
        b.iter(|| wire::check_json(&rust, black_box(POST.as_bytes()), Some(black_box(CONTEXT_JSON))).unwrap())
    });
    g.bench_function("c hatsugen_check_json + free", |b| {
        b.iter(|| unsafe {
            let mut json = ptr::null_mut();
            let status = hatsugen_check_json(
                checker,
                black_box(POST).as_ptr().cast(),
                POST.len(),
                CONTEXT_JSON.as_ptr().cast(),
                CONTEXT_JSON.len(),
                &mut json,
                ptr::null_mut(),
                ptr::null_mut(),
            );
            debug_assert_eq!(status, HATSUGEN_STATUS_OK);
            hatsugen_string_free(json);
        })
    });
    g.finish();
    unsafe { hatsugen_checker_free(checker) };
}

criterion_group!(benches, bench);
criterion_main!(benches);
