//! Photos: the `exif` of an attachment in the context JSON, the policy's `[[place]]`s
//! (read, validated with line and column, merged on `extends`), and the photo rules end to
//! end through JSON.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, missing_docs)]

use hatsugen::policy::PlaceKind;
use hatsugen::{Checker, Context, FixSelection, Policy, PolicyErrorKind, Verdict};

const BASE: &str = "extends = \"builtin:jp-local-gov\"\nid = \"t\"\nversion = \"1\"\n";

fn place(body: &str) -> String {
    format!("{BASE}[[place]]\nid = \"hall\"\nname = \"市役所\"\n{body}")
}

#[test]
fn places_are_read_merged_and_written_back() {
    let text = place("lat = 35.6536\nlon = 139\nradius_m = 150\nkind = \"workplace\"\n");
    let p = Policy::from_toml(&text).unwrap();
    let hall = &p.places()[0];
    assert_eq!((hall.id.as_str(), hall.name.as_str(), hall.lat, hall.lon), ("hall", "市役所", 35.6536, 139.0));
    assert_eq!((hall.radius_m, hall.kind), (150, PlaceKind::Workplace));
    // The standalone TOML reads back to the same policy.
    let again = Policy::from_toml(&p.to_toml()).unwrap();
    assert_eq!(again.places(), p.places());
    // A second file extending the same pack: same id replaces, a new one is appended.
    let more = format!(
        "{text}[[place]]\nid = \"shelter\"\nname = \"保護施設\"\nlat = -33.5\nlon = -70.25\nradius_m = 1_000\nkind = \"protected\"\n"
    );
    let p = Policy::from_toml(&more).unwrap();
    assert_eq!(p.places().len(), 2);
    assert_eq!((p.places()[1].kind, p.places()[1].radius_m), (PlaceKind::Protected, 1000));
}

#[test]
fn bad_places_are_named_with_line_and_column() {
    let cases: &[(&str, usize, usize, Option<&str>, &str)] = &[
        ("lat = 95\nlon = 139\nradius_m = 150\nkind = \"workplace\"\n", 7, 7, Some("place.lat"), "outside -90 to 90"),
        (
            "lat = 35\nlon = -181.5\nradius_m = 150\nkind = \"workplace\"\n",
            8,
            7,
            Some("place.lon"),
            "outside -180 to 180",
        ),
        (
            "lat = 35\nlon = 139\nradius_m = 0\nkind = \"workplace\"\n",
            9,
            12,
            Some("place.radius_m"),
            "at least 1 metre",
        ),
        ("lat = 35\nlon = 139\nradius_m = 60000\nkind = \"workplace\"\n", 9, 12, None, "1 to 50000"),
        ("lat = 35\nlon = 139\nradius_m = 1.5\nkind = \"workplace\"\n", 9, 12, None, "expected an integer"),
        ("lat = \"35\"\nlon = 139\nradius_m = 15\nkind = \"workplace\"\n", 7, 7, None, "expected a number"),
        ("lat = nan\nlon = 139\nradius_m = 15\nkind = \"workplace\"\n", 7, 7, None, "finite number"),
        ("lat = 35\nlon = 139\nradius_m = 15\nkind = \"shelter\"\n", 10, 8, None, "`workplace`, `protected`"),
        (
            "lat = 35\nlon = 139\nradius_m = 15\nkind = \"workplace\"\nlatitude = 1\n",
            11,
            1,
            None,
            "unknown field `latitude`",
        ),
    ];
    for (body, line, column, key, says) in cases {
        let e = Policy::from_toml(&place(body)).unwrap_err();
        assert_eq!((e.line(), e.column()), (*line, *column), "{body}: {e}");
        assert!(e.message().contains(says), "{body}: {e}");
        if key.is_some() {
            assert_eq!((e.kind(), e.key_path()), (PolicyErrorKind::Invalid, *key), "{body}: {e}");
        }
    }
    let e = Policy::from_toml(&format!("{BASE}[[place]]\nid = \"City Hall\"\nname = \"x\"\n")).unwrap_err();
    assert_eq!((e.line(), e.key_path()), (5, Some("place.id")), "{e}");
    let e = Policy::from_toml(&format!("{BASE}[[place]]\nid = \"x\"\nname = \"x\"\nlat = 1\nlon = 1\nradius_m = 1\n"))
        .unwrap_err();
    assert!(e.message().contains("missing field `kind`"), "{e}");
}

#[test]
fn exif_in_the_context_json() {
    let c = Context::from_json(
        r#"{"attachments":[{"kind":"image","exif":{"gps":[35.6536,139.9019],"taken_at":"2026-11-24T10:15:00+09:00","device_model":"Pixel 8"}}]}"#,
    )
    .unwrap();
    let exif = c.attachments[0].exif.as_ref().unwrap();
    assert_eq!(exif.gps.map(|g| (g.lat(), g.lon())), Some((35.6536, 139.9019)));
    assert_eq!(exif.taken_at.unwrap().to_string(), "2026-11-24T01:15:00Z");
    assert_eq!(exif.device_model.as_deref(), Some("Pixel 8"));
    // Empty metadata is allowed; every field is optional.
    assert!(Context::from_json(r#"{"attachments":[{"kind":"image","exif":{}}]}"#).is_ok());
    for (json, says) in [
        (r#"{"attachments":[{"kind":"image","exif":{"gps":[91,0]}}]}"#, "invalid `gps` `[91, 0]`"),
        (r#"{"attachments":[{"kind":"image","exif":{"gps":[35]}}]}"#, "expected an array of length 2"),
        (r#"{"attachments":[{"kind":"image","exif":{"taken_at":"2026-11-24 10:15"}}]}"#, "invalid `exif.taken_at`"),
        (r#"{"attachments":[{"kind":"image","exif":{"altitude":3}}]}"#, "unknown field `altitude`"),
        (r#"{"attachments":[{"kind":"image","exif":[[35,139]]}]}"#, "expected a JSON object"),
    ] {
        let e = Context::from_json(json).unwrap_err();
        assert!(e.message().contains(says), "{json}: {e}");
        assert!(e.line() == 1 && e.column() > 1, "{json}: {e}");
    }
}

#[test]
fn photo_rules_through_json_and_the_urayasu_clauses() {
    let policy = format!(
        "{}\n{}",
        place("lat = 35.6536\nlon = 139.9019\nradius_m = 150\nkind = \"workplace\"\n")
            .replace("jp-local-gov", "urayasu"),
        "[[place]]\nid = \"shelter\"\nname = \"保護施設\"\nlat = 35.64\nlon = 139.89\nradius_m = 80\nkind = \"protected\"\n"
    );
    let c = Checker::new(&Policy::from_toml(&policy).unwrap()).unwrap();
    let check = |json: &str| c.check("週末の写真です", &Context::from_json(json).unwrap());
    let r = check(r#"{"attachments":[{"kind":"image","exif":{"gps":[35.6537,139.902]}}]}"#);
    let ids: Vec<&str> = r.findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(ids, ["personal_data.photo_location", "workplace_image.photo_place"]);
    assert!(r.findings[1].clause.contains("3(7)"), "{}", r.findings[1].clause);
    let r = check(r#"{"attachments":[{"kind":"image","exif":{"gps":[35.64,139.89]}}]}"#);
    assert_eq!(r.verdict, Verdict::Block);
    let f = r.findings.iter().find(|f| f.rule == "personal_data.protected_place").unwrap();
    assert!(f.clause.starts_with("浦安市ガイドライン 3(3)"), "{}", f.clause);
    // A video works the same way; a photo with no metadata says nothing.
    let r = check(r#"{"attachments":[{"kind":"video","exif":{"taken_at":"2026-11-25T15:00:00+09:00"}}]}"#);
    assert_eq!(r.findings.iter().map(|f| f.rule.as_str()).collect::<Vec<_>>(), ["work_hours.photo_taken"]);
    assert!(check(r#"{"attachments":[{"kind":"image"}]}"#).findings.is_empty());
    // The fix's JSON names the attachment to re-encode.
    let ctx = Context::from_json(r#"{"attachments":[{"kind":"image","exif":{"gps":[43.06,141.35]}}]}"#).unwrap();
    let fixed = c.fix("週末の写真です", &ctx, FixSelection::Safe);
    let json = fixed.to_json();
    assert!(
        json.contains(r#""attachments":[{"rule":"personal_data.photo_location","safe":true,"attachment":0,"kind":"strip_metadata"}]"#),
        "{json}"
    );
    assert_eq!(fixed.report.verdict, Verdict::Allow);
    // Not chosen, not stripped.
    let fixed = c.fix("週末の写真です", &ctx, FixSelection::Rules(&["defamation.insult"]));
    assert!(fixed.attachments.is_empty());
    assert_eq!(fixed.report.verdict, Verdict::Warn);
}

#[test]
fn the_places_example_in_the_docs_runs() {
    let doc = include_str!("../../../docs/POLICY.md");
    let block = &doc[doc.find("### Example: a city's places").unwrap()..];
    let toml = &block[block.find("```toml\n").unwrap() + 8..];
    let toml = &toml[..toml.find("```").unwrap()];
    let p = Policy::from_toml(toml).unwrap();
    let c = Checker::new(&p).unwrap();
    let own: Vec<_> = p.examples().iter().filter(|e| e.origin == "<policy>").collect();
    assert_eq!(own.len(), 2);
    for e in &own {
        assert_eq!(e.run(&c), Ok(()), "{:?}", e.text);
    }
    // What the text says about the examples.
    let lunch = c.fix(&own[0].text, &own[0].context, FixSelection::Safe);
    assert_eq!(lunch.report.verdict, Verdict::Warn);
    let shelter = c.check(&own[1].text, &own[1].context);
    assert_eq!(shelter.verdict, Verdict::Block);
    let lunch = c.check(&own[0].text, &own[0].context);
    let clauses: Vec<&str> = lunch.findings.iter().map(|f| f.clause.as_str()).collect();
    assert!(clauses[0].contains("3(3)") && clauses[1].contains("3(7)"), "{clauses:?}");
}
