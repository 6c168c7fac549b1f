//! Hostile inputs at 1 MB and 10 MB: the time must grow linearly (ratio ≈ 10).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use hatsugen::{Checker, Context, Policy};

fn inputs(bytes: usize) -> Vec<(&'static str, String)> {
    let fill = |unit: &str| unit.repeat(bytes / unit.len());
    vec![
        ("prose", fill("市民まつりのお知らせ。The festival starts at 10. ")),
        ("zero_width", fill("\u{200B}")),
        ("digits", fill("7")),
        ("digit_separators", fill("0-")),
        ("repeated_term", fill("バカ")),
        ("repeated_exception", fill("ばかり")),
        ("emoji", fill("👨‍👩‍👧‍👦❤️👍🏽")),
    ]
}

fn hostile(c: &mut Criterion) {
    let policy =
        Policy::from_toml("extends = \"builtin:jp-local-gov\"\n[limits]\nmax_text_bytes = 16777216\n").unwrap();
    let checker = Checker::new(&policy).unwrap();
    let ctx = Context::default();
    let mut g = c.benchmark_group("hostile");
    g.sample_size(10);
    for size in [1 << 20, 10 << 20] {
        for (name, text) in inputs(size) {
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_with_input(BenchmarkId::new(name, size), &text, |b, t| b.iter(|| checker.check(t, &ctx)));
        }
    }
    g.finish();
}

criterion_group!(benches, hostile);
criterion_main!(benches);
