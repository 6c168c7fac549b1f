//! Core benchmarks: policy compile (cold), checks of a 140-character post and of a 100 KB
//! document (warm), and, in the same run, what a user would otherwise write: one regex
//! alternation of every lexicon term, and a loop of `str::contains`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use hatsugen::{Checker, Context, Policy};

const POST: &str = "今日は市民まつりの準備でした。ここだけの話、来年度は会場が変わるかも。連絡は090-1234-5678まで。週末は家族と海に行く予定です。楽しみ!";

fn document(bytes: usize) -> String {
    let paragraphs = [
        "本日は、市民の皆様にご参加いただいた防災訓練の様子をお伝えします。避難所の開設手順を確認しました。",
        "The city library will extend its opening hours from next month; details are on the website.",
        "子育て支援センターでは、毎週水曜日に親子向けの講座を開催しています。お気軽にご参加ください。",
        "令和8年度の予算については、議会での審議を経て、3月末に公表される予定です。問い合わせは047-351-1111(代表)まで。",
        "駅前の花壇に秋の花を植えました🌼 ボランティアの皆さん、ありがとうございました!",
    ];
    let mut s = String::with_capacity(bytes + 256);
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(paragraphs[i % paragraphs.len()]);
        s.push('\n');
        i += 1;
    }
    s
}

fn all_terms(policy: &Policy) -> Vec<String> {
    policy.groups().values().flat_map(|g| g.terms.iter()).flat_map(|t| t.matches.iter().cloned()).collect()
}

fn benches(c: &mut Criterion) {
    let pack = Policy::default_pack().unwrap();
    let ctx = Context::from_json(
        r#"{"time":"2026-11-21T10:00:00+09:00","device":"personal","account":"staff_identified","profile":"個人の見解です","audience":"public"}"#,
    )
    .unwrap();

    let mut g = c.benchmark_group("compile");
    g.bench_function("policy_from_toml+checker_new/jp-local-gov", |b| {
        b.iter(|| Checker::new(&Policy::default_pack().unwrap()).unwrap())
    });
    g.bench_function("checker_new/jp-local-gov", |b| b.iter(|| Checker::new(black_box(&pack)).unwrap()));
    g.finish();

    let checker = Checker::new(&pack).unwrap();
    let terms = all_terms(&pack);
    let alternation = regex::Regex::new(&terms.iter().map(|t| regex::escape(t)).collect::<Vec<_>>().join("|")).unwrap();

    let mut g = c.benchmark_group("check_post_140");
    g.throughput(Throughput::Bytes(POST.len() as u64));
    g.bench_function("hatsugen", |b| b.iter(|| checker.check(black_box(POST), &ctx)));
    g.bench_function("peer/regex_alternation", |b| b.iter(|| alternation.find_iter(black_box(POST)).count()));
    g.bench_function("peer/contains_loop", |b| {
        b.iter(|| terms.iter().filter(|t| black_box(POST).contains(t.as_str())).count())
    });
    g.finish();

    let mut g = c.benchmark_group("check_document");
    for size in [100 * 1024, 1024 * 1024] {
        let doc = document(size);
        g.throughput(Throughput::Bytes(doc.len() as u64));
        g.sample_size(20);
        g.bench_with_input(BenchmarkId::new("hatsugen", size), &doc, |b, d| b.iter(|| checker.check(d, &ctx)));
        g.bench_with_input(BenchmarkId::new("peer/regex_alternation", size), &doc, |b, d| {
            b.iter(|| alternation.find_iter(d).count())
        });
        g.bench_with_input(BenchmarkId::new("peer/contains_loop", size), &doc, |b, d| {
            b.iter(|| terms.iter().filter(|t| d.contains(t.as_str())).count())
        });
    }
    g.finish();

    let mut g = c.benchmark_group("fold");
    let doc = document(100 * 1024);
    g.throughput(Throughput::Bytes(doc.len() as u64));
    g.bench_function("normalize_100k", |b| b.iter(|| hatsugen::text::Normalized::new(black_box(&doc))));
    g.finish();

    let mut g = c.benchmark_group("audit");
    let posts: Vec<String> = (0..1000).map(|i| format!("{POST} #{i}")).collect();
    g.throughput(Throughput::Elements(posts.len() as u64));
    g.bench_function("1000_posts_one_thread", |b| {
        b.iter(|| posts.iter().map(|p| checker.check(p, &ctx).findings.len()).sum::<usize>())
    });
    g.finish();
}

criterion_group!(core, benches);
criterion_main!(core);
