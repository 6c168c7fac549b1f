//! Throughput of `PiiScanner::scan` on a ~100 KB mixed Japanese document.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hatsugen::pii::PiiScanner;

/// Paragraphs in the style of a city's posts and notices, with dates, amounts, counts,
/// office numbers and a few pieces of (fictional) personal data.
const PARAGRAPHS: &[&str] = &[
    "本日、令和6年4月1日から新しい窓口サービスが始まりました。受付時間は平日8:30〜17:15です。詳しくは市役所代表 047-351-1111 までお問い合わせください。",
    "第3回市民まつりは10月12日（土）10:00〜15:00、中央公園で開催します。雨天の場合は13日に延期します。来場者数は昨年 12,345人でした。",
    "令和6年度の一般会計予算は1,234億5,678万円で、前年度比2.3%の増となりました。議案第123号として市議会に提出しています。",
    "今日は朝から雨でしたが、午後には晴れて、駅前の桜がとてもきれいでした。皆さんもぜひ散歩してみてください。",
    "マイナンバーカードの申請は、市民課の窓口かオンラインでできます。交付までおよそ1か月かかります。手続きの詳細はホームページをご覧ください。",
    "図書館の開館時間を変更します。2024-05-01から、火曜日〜金曜日は9:00〜20:00、土日祝は9:00〜17:00となります。",
    "ごみの収集日は地区ごとに異なります。本町1丁目〜3丁目は月曜日と木曜日、緑町は火曜日と金曜日です。",
    "人口 171,362人、世帯数 78,901世帯（2024年3月31日現在）。前月比 +123人。",
    "防災訓練を9月1日に実施しました。参加者は約 2,500名。避難所の開設手順を確認しました。ISBN978-4-06-123456-7 の防災ガイドも配布しています。",
    "連絡先は090-1234-5678です。よろしくお願いします。",
    "〒272-8501 千葉県市川市八幡1-1-1 市川市役所 本庁舎",
    "住民の○○さんが生活保護の相談に来られました。",
    "メールは taro.yamada@example.jp までお送りください。",
    "新しいシステムのバージョンは v2.3.1 です。更新は 2024-01-15T09:30:00 に行われました。",
    "子育て支援センターでは、毎週水曜日に親子ひろばを開いています。対象は0歳〜3歳のお子さんと保護者の方です。",
    "Today we held a community event at the city hall. Thanks to everyone who joined us! #市民まつり",
];

fn document() -> String {
    let mut doc = String::new();
    let mut i = 0;
    while doc.len() < 100 * 1024 {
        doc.push_str(PARAGRAPHS[i % PARAGRAPHS.len()]);
        doc.push('\n');
        i += 1;
    }
    doc
}

fn bench(c: &mut Criterion) {
    let scanner = PiiScanner::new();
    let doc = document();
    let mut out = Vec::new();
    scanner.scan(&doc, &mut out);
    assert!(!out.is_empty());
    let mut group = c.benchmark_group("pii");
    group.throughput(Throughput::Bytes(doc.len() as u64));
    group.bench_function("scan_100kb_mixed", |b| {
        b.iter(|| {
            scanner.scan(black_box(&doc), &mut out);
            black_box(out.len())
        })
    });
    group.finish();
    c.bench_function("pii/new", |b| b.iter(|| black_box(PiiScanner::new())));
}

criterion_group!(benches, bench);
criterion_main!(benches);
