//! Scratch: instructions per check under callgrind.
#![allow(missing_docs, clippy::unwrap_used)]
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
    let mut s = String::new();
    let mut i = 0;
    while s.len() < bytes { s.push_str(paragraphs[i % paragraphs.len()]); s.push('\n'); i += 1; }
    s
}
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let runs: usize = a[2].parse().unwrap();
    let p = Policy::builtin("jp-local-gov").unwrap();
    if a[1] == "compile" { for _ in 0..runs { std::hint::black_box(Checker::new(&p).unwrap()); } return; }
    let c = Checker::new(&p).unwrap();
    let text = if a[1] == "doc" { document(100_000) } else { POST.to_string() };
    for _ in 0..runs { std::hint::black_box(c.check(&text, &Context::default())); }
}
