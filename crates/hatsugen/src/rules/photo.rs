//! Photos and videos: what an attachment's metadata (`exif`) gives away.
//!
//! * `personal_data.photo_location` (warn): the file carries a GPS position, which travels
//!   with it (自宅・職場・行動範囲が分かる). Fix: `strip_metadata` of that attachment, safe.
//! * `workplace_image.photo_place` (warn): it was taken inside a `[[place]]` of kind
//!   `workplace` (執務場所の画像). Not for the official account or a work channel.
//! * `personal_data.protected_place` (block): it was taken inside a `protected` place (a DV
//!   shelter…): the picture may give the place away even without its metadata.
//! * `work_hours.photo_taken` (warn): it was taken during working time in the schedule in
//!   force (勤務中の撮影). Not for the official account or a work channel.
//!
//! Each finding names its attachment (`attachment`, and 「添付1」 in the message). Once a fix
//! strips an attachment's metadata the location no longer travels with it; where and when
//! the picture was taken still count, since the picture is the same.

use super::timing::{TIME_OUT_OF_RANGE, calendar, is_work_posting, local_minute};
use super::{CodeRule, Out, RuleCx, RuleMeta, fill, fill_each};
use crate::context::{Attachment, Exif};
use crate::context_field::ContextField;
use crate::policy::{Place, PlaceKind};
use crate::report::{AttachmentEdit, AttachmentEditKind, Finding, Fix};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Location,
    Workplace,
    Protected,
    TakenAtWork,
}

/// One of the photo rules.
pub(crate) struct Photo {
    kind: Kind,
    meta: RuleMeta,
}

pub(crate) static RULES: [Photo; 4] = [
    Photo {
        kind: Kind::Location,
        meta: RuleMeta {
            id: "personal_data.photo_location",
            description: "An attachment whose metadata carries a GPS position (fix: strip the metadata).",
            reads: &[ContextField::Attachments],
            needs_condition: false,
            placeholders: &["attachment"],
            accept: false,
        },
    },
    Photo {
        kind: Kind::Workplace,
        meta: RuleMeta {
            id: "workplace_image.photo_place",
            description: "A private post of a photo taken inside a workplace of the policy's `[[place]]` list.",
            reads: &[ContextField::Attachments, ContextField::Account, ContextField::Channel],
            needs_condition: false,
            placeholders: &["attachment", "place"],
            accept: false,
        },
    },
    Photo {
        kind: Kind::Protected,
        meta: RuleMeta {
            id: "personal_data.protected_place",
            description: "A photo taken inside a protected place of the policy's `[[place]]` list (a shelter…).",
            reads: &[ContextField::Attachments],
            needs_condition: false,
            placeholders: &["attachment", "place"],
            accept: false,
        },
    },
    Photo {
        kind: Kind::TakenAtWork,
        meta: RuleMeta {
            id: "work_hours.photo_taken",
            description: "A private post of a photo taken during working time in the schedule in force.",
            reads: &[ContextField::Attachments, ContextField::Schedule, ContextField::Account, ContextField::Channel],
            needs_condition: false,
            placeholders: &["attachment", "taken"],
            accept: false,
        },
    },
];

/// The attachments that carry metadata, with their index.
fn with_exif<'a>(cx: &RuleCx<'a>) -> impl Iterator<Item = (usize, &'a Attachment, &'a Exif)> {
    cx.input.ctx.attachments.iter().enumerate().filter_map(|(i, a)| a.exif.as_ref().map(|e| (i, a, e)))
}

/// A finding about attachment `i`, with `{attachment}` filled: 「添付1」 or 「添付1「a.jpg」」.
fn finding_for(cx: &RuleCx<'_>, i: usize, a: &Attachment) -> Finding {
    let mut f = cx.finding(Vec::new());
    f.attachment = Some(i);
    let n = i + 1;
    let (ja, en) = match a.name.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(name) => (format!("添付{n}「{name}」"), format!("Attachment {n} ({name})")),
        None => (format!("添付{n}"), format!("Attachment {n}")),
    };
    fill_each(&mut f, "attachment", &ja, &en);
    f
}

/// The first place of `kind` holding the photo's position.
fn place_of<'a>(cx: &RuleCx<'a>, exif: &Exif, kind: PlaceKind) -> Option<&'a Place> {
    let gps = exif.gps?;
    cx.shared.places.iter().find(|p| p.kind == kind && p.contains(gps))
}

impl CodeRule for Photo {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check(&self, cx: &RuleCx<'_>, out: &mut Out) {
        let work_posting = is_work_posting(cx.input.ctx);
        match self.kind {
            Kind::Location => {
                for (i, a, _) in with_exif(cx).filter(|(i, _, e)| e.gps.is_some() && !cx.input.stripped.contains(i)) {
                    let mut f = finding_for(cx, i, a);
                    f.fix = Some(Fix {
                        safe: true,
                        edits: Vec::new(),
                        attachments: vec![AttachmentEdit { attachment: i, kind: AttachmentEditKind::StripMetadata }],
                    });
                    out.findings.push(f);
                }
            }
            Kind::Workplace | Kind::Protected => {
                if self.kind == Kind::Workplace && work_posting {
                    return;
                }
                let kind = if self.kind == Kind::Workplace { PlaceKind::Workplace } else { PlaceKind::Protected };
                for (i, a, e) in with_exif(cx) {
                    if let Some(place) = place_of(cx, e, kind) {
                        let mut f = finding_for(cx, i, a);
                        fill(&mut f, &[("place", place.name.as_str())]);
                        out.findings.push(f);
                    }
                }
            }
            Kind::TakenAtWork => {
                if work_posting {
                    return;
                }
                let mut taken = with_exif(cx).filter_map(|(i, a, e)| e.taken_at.map(|t| (i, a, t))).peekable();
                if taken.peek().is_none() {
                    return;
                }
                let s = cx.input.schedule;
                for (i, a, t) in taken {
                    match s.is_working_time(calendar(cx), s.to_civil(t)) {
                        Ok(false) => {}
                        Ok(true) => {
                            let mut f = finding_for(cx, i, a);
                            fill(&mut f, &[("taken", &local_minute(t, s.time_zone().offset()))]);
                            out.findings.push(f);
                        }
                        Err(_) => {
                            cx.skip_with_note(out, TIME_OUT_OF_RANGE);
                            return;
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use crate::{Account, Attachment, AttachmentKind, Checker, Context, Exif, FixSelection, GeoPoint, Policy, Verdict};

    const CITY: &str = r#"extends = "builtin:jp-local-gov"
id = "photo-city"
version = "1"

[[place]]
id = "city-hall"
name = "市役所本庁舎"
lat = 35.6536
lon = 139.9019
radius_m = 150
kind = "workplace"

[[place]]
id = "shelter"
name = "保護施設"
lat = 35.6400
lon = 139.8900
radius_m = 80
kind = "protected"
"#;

    fn checker() -> Checker {
        Checker::new(&Policy::from_toml(CITY).unwrap()).unwrap()
    }

    fn photo(lat: f64, lon: f64) -> Attachment {
        Attachment::new(AttachmentKind::Image)
            .with_exif(Exif { gps: Some(GeoPoint::new(lat, lon).unwrap()), ..Exif::default() })
    }

    fn rules(c: &Checker, ctx: &Context) -> Vec<String> {
        c.check("今日の一枚", ctx).findings.into_iter().map(|f| f.rule).collect()
    }

    #[test]
    fn gps_travels_with_the_photo_and_the_fix_strips_it() {
        let c = checker();
        let ctx = Context::default().attachment(Attachment::new(AttachmentKind::Image)).attachment(photo(35.0, 139.0));
        let r = c.check("海がきれい", &ctx);
        assert_eq!(r.verdict, Verdict::Warn);
        assert_eq!(r.findings.len(), 1);
        let f = &r.findings[0];
        assert_eq!(f.rule, "personal_data.photo_location");
        assert_eq!(f.attachment, Some(1));
        assert!(f.message.ja.contains("添付2"), "{}", f.message.ja);
        let fix = f.fix.as_ref().unwrap();
        assert!(fix.safe && fix.edits.is_empty());
        assert_eq!(
            serde_json::to_string(fix).unwrap(),
            r#"{"safe":true,"edits":[],"attachments":[{"attachment":1,"kind":"strip_metadata"}]}"#
        );
        let fixed = c.fix("海がきれい", &ctx, FixSelection::Safe);
        assert_eq!(fixed.text, "海がきれい");
        assert_eq!(fixed.attachments.len(), 1);
        assert_eq!(fixed.attachments[0].attachment, 1);
        assert_eq!(fixed.report.verdict, Verdict::Allow, "{:?}", fixed.report.findings);
    }

    #[test]
    fn inside_city_hall_is_a_workplace_image() {
        let c = checker();
        let ctx = Context::default().attachment(photo(35.6537, 139.9020).with_name("IMG_0012.jpg"));
        assert_eq!(rules(&c, &ctx), ["personal_data.photo_location", "workplace_image.photo_place"]);
        let r = c.check("今日の一枚", &ctx);
        let f = r.findings.iter().find(|f| f.rule == "workplace_image.photo_place").unwrap();
        assert!(
            f.message.ja.contains("市役所本庁舎") && f.message.ja.contains("添付1「IMG_0012.jpg」"),
            "{}",
            f.message.ja
        );
        // Stripping the metadata does not change what the picture shows.
        let fixed = c.fix("今日の一枚", &ctx, FixSelection::Safe);
        let after: Vec<&str> = fixed.report.findings.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(after, ["workplace_image.photo_place"]);
        // The official account posts from city hall as part of the job.
        let official = ctx.clone().account(Account::Official);
        assert_eq!(rules(&c, &official), ["personal_data.photo_location"]);
        // 200 m away is outside the 150 m circle.
        let outside = Context::default().attachment(photo(35.6536 + 0.0018, 139.9019));
        assert_eq!(rules(&c, &outside), ["personal_data.photo_location"]);
    }

    #[test]
    fn inside_a_protected_place_blocks_even_from_the_official_account() {
        let c = checker();
        for ctx in [
            Context::default().attachment(photo(35.6401, 139.8901)),
            Context::default().account(Account::Official).attachment(photo(35.6401, 139.8901)),
        ] {
            let r = c.check("今日の一枚", &ctx);
            assert_eq!(r.verdict, Verdict::Block);
            let f = r.findings.iter().find(|f| f.rule == "personal_data.protected_place").unwrap();
            assert!(f.message.ja.contains("保護施設"), "{}", f.message.ja);
            assert!(f.law.as_deref().unwrap_or("").contains("個人情報の保護に関する法律"));
            let fixed = c.fix("今日の一枚", &ctx, FixSelection::Safe);
            assert_eq!(fixed.report.verdict, Verdict::Block, "stripping does not hide the place");
        }
    }

    #[test]
    fn taken_during_working_hours() {
        let c = checker();
        let taken = |t: &str| {
            Context::default().attachment(
                Attachment::new(AttachmentKind::Image)
                    .with_exif(Exif { taken_at: Some(t.parse().unwrap()), ..Exif::default() }),
            )
        };
        // Tuesday 10:15 JST: working time.
        let r = c.check("今日の一枚", &taken("2026-11-24T10:15:00+09:00"));
        assert_eq!(r.findings.len(), 1);
        assert_eq!(r.findings[0].rule, "work_hours.photo_taken");
        assert!(r.findings[0].message.ja.contains("2026-11-24 10:15"), "{}", r.findings[0].message.ja);
        assert_eq!(r.verdict, Verdict::Warn);
        // The same instant given in UTC.
        assert_eq!(rules(&c, &taken("2026-11-24T01:15:00Z")), ["work_hours.photo_taken"]);
        // The lunch break, the evening, a Sunday, a national holiday: fine.
        for t in [
            "2026-11-24T12:30:00+09:00",
            "2026-11-24T19:00:00+09:00",
            "2026-11-22T10:00:00+09:00",
            "2026-11-23T10:00:00+09:00",
        ] {
            assert!(rules(&c, &taken(t)).is_empty(), "{t}");
        }
        // No metadata, no finding and no skip.
        let r = c.check("今日の一枚", &Context::default().attachment(Attachment::new(AttachmentKind::Image)));
        assert!(r.findings.is_empty());
        assert!(!r.skipped.iter().any(|s| s.rule == "work_hours.photo_taken"));
    }
}
