//! Timing benchmarks: the is-working-time query a timing rule makes (target ≤ 1 µs) and full
//! checks whose report needs `next_allowed_at` (target ≤ 20 µs each), next to the same check
//! without a timing problem.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use hatsugen::{Checker, Context, Policy};
use jiff::Timestamp;
use jiff::civil::{DateTime, date};

const TEXT: &str = "今日のランチは駅前の新しいカレー屋さん。辛さ控えめで美味しかった!また行きたいな。";

fn ctx(json: &str) -> Context {
    Context::from_json(json).unwrap()
}

fn bench(c: &mut Criterion) {
    let checker = Checker::new(&Policy::default_pack().unwrap()).unwrap();
    let (schedule, cal) = (checker.schedule(), checker.calendar());

    // The query: a timestamp to civil time in the schedule's zone, then is_working_time,
    // cycling through three times a day of 2026.
    let mut times: Vec<Timestamp> = Vec::new();
    let mut d = date(2026, 1, 1);
    while d.year() == 2026 {
        for (h, m) in [(8, 29), (12, 30), (16, 0)] {
            let dt: DateTime = d.at(h, m, 0, 0);
            times.push(schedule.time_zone().from_civil(dt).unwrap());
        }
        d = d.tomorrow().unwrap();
    }
    c.bench_function("is working time (timestamp → civil → Schedule::is_working_time)", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % times.len();
            let dt = schedule.to_civil(black_box(times[i]));
            schedule.is_working_time(cal, dt).unwrap()
        });
    });

    let cases = [
        ("check, no timing problem (status off)", r#"{"time":"2026-11-20T10:00:00+09:00","status":"off"}"#, None),
        (
            "check + next_allowed_at: working 10:00 → 12:00",
            r#"{"time":"2026-11-20T10:00:00+09:00","status":"working"}"#,
            Some("2026-11-20T12:00:00+09:00"),
        ),
        (
            "check + next_allowed_at: to subordinates Friday 19:00 → Tuesday 08:30 (holiday Monday)",
            r#"{"time":"2026-11-20T19:00:00+09:00","role":"manager","recipient_relation":"subordinate","audience":"dm"}"#,
            Some("2026-11-24T08:30:00+09:00"),
        ),
        (
            "check + next_allowed_at: to subordinates 12-28 23:59 → 01-04 08:30 (year-end closure)",
            r#"{"time":"2026-12-28T23:59:00+09:00","role":"manager","recipient_relation":"subordinate","audience":"dm"}"#,
            Some("2027-01-04T08:30:00+09:00"),
        ),
        (
            "check + next_allowed_at: night shift 03:00 → 09:00, own schedule",
            r#"{"time":"2026-11-20T03:00:00+09:00","status":"working","schedule":{"days":["mon","tue","wed","thu","fri","sat","sun"],"hours":[{"start":"16:30","end":"09:00"}],"breaks":[{"start":"00:00","end":"01:00"}]}}"#,
            Some("2026-11-20T09:00:00+09:00"),
        ),
    ];
    for (name, json, next) in cases {
        let context = ctx(json);
        let report = checker.check(TEXT, &context);
        assert_eq!(report.next_allowed_at.as_deref(), next, "{name}");
        c.bench_function(name, |b| b.iter(|| checker.check(black_box(TEXT), black_box(&context))));
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
