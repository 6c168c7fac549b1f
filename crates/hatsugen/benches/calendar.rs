//! Calendar query benchmarks: target ≤ 1 µs per query.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use hatsugen::calendar::{Calendar, CalendarConfig, Schedule, holiday, holidays_in_year};
use jiff::civil::{Date, DateTime, date};

fn dates_of(year: i16) -> Vec<Date> {
    let mut d = date(year, 1, 1);
    let mut out = Vec::new();
    while d.year() == year {
        out.push(d);
        d = d.tomorrow().unwrap();
    }
    out
}

fn bench(c: &mut Criterion) {
    let days = dates_of(2025);
    // Warm the lazily built table outside the measurement.
    holiday(date(2025, 1, 1)).unwrap();

    c.bench_function("holiday (one query, cycling through 2025)", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % days.len();
            holiday(black_box(days[i])).unwrap()
        });
    });
    c.bench_function("holidays_in_year(2025)", |b| b.iter(|| holidays_in_year(black_box(2025)).unwrap()));

    let config: CalendarConfig = toml::from_str(
        r#"
        local_holidays = [{ date = "06-15", name = "県民の日" }]
        one_off = [{ from = "2025-03-28", to = "2025-03-31", name = "庁舎移転" }]
        "#,
    )
    .unwrap();
    let cal = Calendar::new(&config).unwrap();
    c.bench_function("Calendar::new (1 closure, 1 local, 1 one-off)", |b| {
        b.iter(|| Calendar::new(black_box(&config)).unwrap())
    });
    c.bench_function("Calendar::day_off (cycling through 2025)", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % days.len();
            cal.day_off(black_box(days[i])).unwrap()
        });
    });

    let schedule = Schedule::default_japanese();
    let times: Vec<DateTime> =
        days.iter().flat_map(|d| [d.at(8, 29, 0, 0), d.at(12, 30, 0, 0), d.at(16, 0, 0, 0)]).collect();
    c.bench_function("Schedule::is_working_time (default schedule)", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % times.len();
            schedule.is_working_time(&cal, black_box(times[i])).unwrap()
        });
    });

    // Friday 2025-07-18 evening; Monday 07-21 is 海の日: next working time is Tuesday 08:30.
    let friday = date(2025, 7, 18).at(17, 15, 0, 0);
    assert_eq!(schedule.next_working(&cal, friday, 30).unwrap(), Some(date(2025, 7, 22).at(8, 30, 0, 0)));
    c.bench_function("Schedule::next_working (Friday evening before a 3-day weekend)", |b| {
        b.iter(|| schedule.next_working(&cal, black_box(friday), 30).unwrap())
    });
    let morning = date(2025, 7, 18).at(9, 0, 0, 0);
    c.bench_function("Schedule::next_non_working (09:00 → 12:00)", |b| {
        b.iter(|| schedule.next_non_working(&cal, black_box(morning), 30).unwrap())
    });
    // The year-end closure: 2026-12-28 17:15 → 2027-01-04 08:30.
    let year_end = date(2026, 12, 28).at(17, 15, 0, 0);
    c.bench_function("Schedule::next_working (over the year-end closure)", |b| {
        b.iter(|| schedule.next_working(&cal, black_box(year_end), 30).unwrap())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
