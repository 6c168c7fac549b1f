//! Places the city names (`[[place]]`): its offices, where a photo shows the workplace, and
//! protected places (a DV shelter, a child guidance centre's temporary home) whose location
//! must not get out.
//!
//! Merging on `extends`: a place with the id of one in the parent replaces it, others are
//! appended. Every entry is validated where it is written.

use serde::{Deserialize, Serialize};

use super::read::{Ctx, Named, Value, enum_of, number, str_of, table, uint};
use super::sections::valid_ident;
use super::{Policy, PolicyError, PolicyProblem};
use crate::geo::GeoPoint;

/// The widest radius of a place, in metres (a campus, not a town).
pub const MAX_PLACE_RADIUS_M: u32 = 50_000;

/// What a place is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    /// Where staff work (city hall, a branch office, a clinic): a photo taken there may show
    /// documents, screens or visitors (執務場所の画像).
    Workplace,
    /// A place whose location is protected (a DV shelter, a temporary home): a photo taken
    /// there gives it away.
    Protected,
}

impl Named for PlaceKind {
    const ALL: &'static [PlaceKind] = &[PlaceKind::Workplace, PlaceKind::Protected];
    fn name(self) -> &'static str {
        self.as_str()
    }
}

impl PlaceKind {
    /// The name used in policy files.
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Workplace => "workplace",
            PlaceKind::Protected => "protected",
        }
    }
}

/// A place: a circle of `radius_m` metres around `lat`, `lon`.
///
/// ```toml
/// [[place]]
/// id = "city-hall"
/// name = "市役所本庁舎"
/// lat = 35.6536
/// lon = 139.9019
/// radius_m = 120
/// kind = "workplace"
/// ```
///
/// Findings show `name`, and reports may be kept (the audit log): give a protected place a
/// name that is safe to show (「保護施設」), not its address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// Stable id.
    pub id: String,
    /// Its name, as findings show it.
    pub name: String,
    /// Latitude of the centre in degrees (−90 to 90).
    pub lat: f64,
    /// Longitude of the centre in degrees (−180 to 180).
    pub lon: f64,
    /// Radius in metres (1 to [`MAX_PLACE_RADIUS_M`]).
    pub radius_m: u32,
    /// Workplace or protected.
    pub kind: PlaceKind,
}

impl Place {
    /// The centre, `None` if `lat`/`lon` are out of range (never for a place read from a
    /// policy).
    pub fn centre(&self) -> Option<GeoPoint> {
        GeoPoint::new(self.lat, self.lon)
    }

    /// Whether `point` lies within the place.
    pub fn contains(&self, point: GeoPoint) -> bool {
        self.centre().is_some_and(|c| point.within(c, f64::from(self.radius_m)))
    }
}

fn invalid(cx: &Ctx<'_>, offset: usize, key: &str, message: String) -> PolicyError {
    cx.problem(offset, PolicyProblem::InvalidValue { message }).key(key)
}

/// One `[[place]]` entry as written.
pub(super) fn read_place(cx: &Ctx<'_>, v: &Value<'_>) -> Result<Place, PolicyError> {
    let t = table(cx, v, &["id", "name", "lat", "lon", "radius_m", "kind"])?;
    let id_v = t.require(cx, "id")?;
    let id = str_of(cx, id_v)?.to_owned();
    if !valid_ident(&id) {
        return Err(cx
            .problem(id_v.span().start, PolicyProblem::BadName { what: "place id", name: id })
            .key("place.id"));
    }
    let name_v = t.require(cx, "name")?;
    let name = str_of(cx, name_v)?.trim().to_owned();
    if name.is_empty() {
        return Err(invalid(cx, name_v.span().start, "place.name", format!("place `{id}` has an empty `name`")));
    }
    let coordinate = |key: &str, limit: f64| -> Result<f64, PolicyError> {
        let v = t.require(cx, key)?;
        let x = number(cx, v)?;
        if !(-limit..=limit).contains(&x) {
            return Err(invalid(
                cx,
                v.span().start,
                &format!("place.{key}"),
                format!("place `{id}` has `{key}` {x}, outside -{limit} to {limit} degrees"),
            ));
        }
        Ok(x)
    };
    let lat = coordinate("lat", 90.0)?;
    let lon = coordinate("lon", 180.0)?;
    let radius_v = t.require(cx, "radius_m")?;
    let radius = uint(cx, radius_v, u64::from(MAX_PLACE_RADIUS_M), "a whole number of metres (1 to 50000)")?;
    if radius == 0 {
        return Err(invalid(
            cx,
            radius_v.span().start,
            "place.radius_m",
            format!("place `{id}` has `radius_m` 0; a place needs a radius of at least 1 metre"),
        ));
    }
    let kind: PlaceKind = enum_of(cx, t.require(cx, "kind")?)?;
    Ok(Place { id, name, lat, lon, radius_m: u32::try_from(radius).unwrap_or(MAX_PLACE_RADIUS_M), kind })
}

/// Applies a file's places on top of its parent's.
pub(super) fn merge_places(policy: &mut Policy, places: Vec<Place>) {
    for p in places {
        match policy.places.iter_mut().find(|x| x.id == p.id) {
            Some(existing) => *existing = p,
            None => policy.places.push(p),
        }
    }
}
