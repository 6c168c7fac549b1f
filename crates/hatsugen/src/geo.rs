//! Points on the Earth and whether one lies within a radius of another (haversine).
//!
//! The arithmetic is plain `+ - * /` and `sqrt`, with the sine and cosine computed here by
//! polynomials, not by the platform's maths library: every build (native, C, WebAssembly)
//! gives bit-identical answers, so a photo taken at the edge of a place is inside it for
//! all of them or for none.

use serde::{Deserialize, Serialize};
use std::f64::consts::FRAC_PI_2;

/// The Earth's mean radius in metres (IUGG).
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// A point given by latitude and longitude in degrees (WGS 84, as GPS and EXIF give them).
///
/// JSON: `[lat, lon]`, such as `[35.6536, 139.9019]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "[f64; 2]", into = "[f64; 2]")]
pub struct GeoPoint {
    lat: f64,
    lon: f64,
}

impl GeoPoint {
    /// The point at `lat` (−90 to 90) and `lon` (−180 to 180) degrees; `None` outside those
    /// ranges or for a value that is not a finite number.
    pub fn new(lat: f64, lon: f64) -> Option<GeoPoint> {
        ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some(GeoPoint { lat, lon })
    }

    /// Latitude in degrees.
    pub fn lat(self) -> f64 {
        self.lat
    }

    /// Longitude in degrees.
    pub fn lon(self) -> f64 {
        self.lon
    }

    /// Whether `self` lies within `radius_m` metres of `centre` along the Earth's surface
    /// (a sphere of [`EARTH_RADIUS_M`]); a point on the circle is within.
    pub fn within(self, centre: GeoPoint, radius_m: f64) -> bool {
        let angle = radius_m / EARTH_RADIUS_M;
        if angle >= std::f64::consts::PI {
            return true;
        }
        haversine(self, centre) <= hav(angle)
    }
}

impl TryFrom<[f64; 2]> for GeoPoint {
    type Error = String;

    fn try_from([lat, lon]: [f64; 2]) -> Result<GeoPoint, String> {
        GeoPoint::new(lat, lon).ok_or_else(|| {
            format!(
                "invalid `gps` `[{lat}, {lon}]`: expected `[latitude, longitude]` in degrees, latitude from -90 to 90 and longitude from -180 to 180"
            )
        })
    }
}

impl From<GeoPoint> for [f64; 2] {
    fn from(p: GeoPoint) -> [f64; 2] {
        [p.lat, p.lon]
    }
}

/// hav(θ) of the central angle between two points:
/// sin²(Δφ/2) + cos φ₁ · cos φ₂ · sin²(Δλ/2). A longitude difference past 180° needs no
/// wrapping: sin² has period π.
fn haversine(a: GeoPoint, b: GeoPoint) -> f64 {
    let rad = std::f64::consts::PI / 180.0;
    let (phi1, phi2) = (a.lat * rad, b.lat * rad);
    let dphi = phi2 - phi1;
    let dlambda = (b.lon - a.lon) * rad;
    let (_, cos1) = sin_cos(phi1);
    let (_, cos2) = sin_cos(phi2);
    hav(dphi) + cos1 * cos2 * hav(dlambda)
}

/// hav(x) = sin²(x/2).
fn hav(x: f64) -> f64 {
    let (s, _) = sin_cos(x / 2.0);
    s * s
}

/// Sine and cosine of `x` (radians, any size this module meets: |x| ≤ 2π), from their
/// Taylor series on `[-π/4, π/4]` after reducing by quarter turns. Error below 1e-15.
fn sin_cos(x: f64) -> (f64, f64) {
    let q = (x / FRAC_PI_2).round();
    let r = x - q * FRAC_PI_2;
    let r2 = r * r;
    // Horner form: r(1 − r²/(2·3)(1 − r²/(4·5)(1 − …))), up to r¹⁷ and r¹⁶.
    let mut s = 1.0;
    for k in [16.0_f64, 14.0, 12.0, 10.0, 8.0, 6.0, 4.0, 2.0] {
        s = 1.0 - r2 / (k * (k + 1.0)) * s;
    }
    let s = r * s;
    let mut c = 1.0;
    for k in [15.0_f64, 13.0, 11.0, 9.0, 7.0, 5.0, 3.0, 1.0] {
        c = 1.0 - r2 / (k * (k + 1.0)) * c;
    }
    // `q` is a small whole number: the quadrant.
    #[allow(clippy::cast_possible_truncation)]
    match (q as i64).rem_euclid(4) {
        0 => (s, c),
        1 => (c, -s),
        2 => (-s, -c),
        _ => (-c, s),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The textbook formula with the platform's maths library, for comparison.
    fn reference_m(a: GeoPoint, b: GeoPoint) -> f64 {
        let (p1, p2) = (a.lat.to_radians(), b.lat.to_radians());
        let h =
            ((p2 - p1) / 2.0).sin().powi(2) + p1.cos() * p2.cos() * ((b.lon - a.lon).to_radians() / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * h.sqrt().asin()
    }

    #[test]
    fn sine_and_cosine_match_the_library() {
        let mut x = -2.0 * std::f64::consts::PI;
        while x <= 2.0 * std::f64::consts::PI {
            let (s, c) = sin_cos(x);
            assert!((s - x.sin()).abs() < 1e-15, "sin {x}");
            assert!((c - x.cos()).abs() < 1e-15, "cos {x}");
            x += 0.001;
        }
    }

    #[test]
    fn within_agrees_with_the_reference_distance() {
        let city_hall = GeoPoint::new(35.6536, 139.9019).unwrap();
        let tokyo_station = GeoPoint::new(35.681236, 139.767125).unwrap();
        let d = reference_m(city_hall, tokyo_station);
        assert!((12_000.0..13_000.0).contains(&d), "{d}");
        assert!(tokyo_station.within(city_hall, d + 1.0));
        assert!(!tokyo_station.within(city_hall, d - 1.0));
        // 100 m north is 0.000899° of latitude.
        let north = GeoPoint::new(35.6536 + 100.0 / EARTH_RADIUS_M * 180.0 / std::f64::consts::PI, 139.9019).unwrap();
        assert!(north.within(city_hall, 100.01));
        assert!(!north.within(city_hall, 99.99));
        assert!(city_hall.within(city_hall, 0.0));
        // Across the antimeridian: 179.999° and −179.999° are 222 m apart at the equator.
        let (e, w) = (GeoPoint::new(0.0, 179.999).unwrap(), GeoPoint::new(0.0, -179.999).unwrap());
        assert!(e.within(w, 223.0) && !e.within(w, 222.0));
        // The other side of the Earth is within any radius reaching it.
        let antipode = GeoPoint::new(-35.6536, 139.9019 - 180.0).unwrap();
        assert!(!antipode.within(city_hall, 20_000_000.0));
        assert!(antipode.within(city_hall, 21_000_000.0));
    }

    #[test]
    fn points_outside_the_ranges_are_refused() {
        assert!(GeoPoint::new(90.0, 180.0).is_some());
        for (lat, lon) in [(90.1, 0.0), (0.0, -180.5), (f64::NAN, 0.0), (0.0, f64::INFINITY)] {
            assert!(GeoPoint::new(lat, lon).is_none(), "{lat} {lon}");
        }
        let e = GeoPoint::try_from([91.0, 0.0]).unwrap_err();
        assert!(e.starts_with("invalid `gps` `[91, 0]`"), "{e}");
        let p: GeoPoint = serde_json::from_str("[35.5, 139]").unwrap();
        assert_eq!((p.lat(), p.lon()), (35.5, 139.0));
        assert_eq!(serde_json::to_string(&p).unwrap(), "[35.5,139.0]");
        assert!(serde_json::from_str::<GeoPoint>("[35.5]").is_err());
    }
}
