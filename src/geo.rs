//! Distances on the Earth's surface and the nearest trial site to a patient.

use crate::model::Site;

/// A point given as latitude and longitude in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub lat: f64,
    pub lon: f64,
}

const EARTH_RADIUS_KM: f64 = 6371.0088;
pub const KM_PER_MILE: f64 = 1.609344;

/// Great-circle distance in kilometres (haversine formula).
pub fn distance_km(a: Point, b: Point) -> f64 {
    let (la1, la2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = la2 - la1;
    let dlon = (b.lon - a.lon).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

impl Site {
    pub fn point(&self) -> Option<Point> {
        Some(Point {
            lat: self.lat?,
            lon: self.lon?,
        })
    }
}

/// Sites sorted by distance from `from`, nearest first; sites without coordinates last.
pub fn by_distance(sites: &[Site], from: Point) -> Vec<(&Site, Option<f64>)> {
    let mut v: Vec<(&Site, Option<f64>)> = sites
        .iter()
        .map(|s| (s, s.point().map(|p| distance_km(from, p))))
        .collect();
    v.sort_by(|a, b| match (a.1, b.1) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paris_to_seoul_is_about_8960_km() {
        let paris = Point {
            lat: 48.875,
            lon: 2.368,
        };
        let seoul = Point {
            lat: 37.560,
            lon: 127.045,
        };
        let d = distance_km(paris, seoul);
        assert!((8900.0..9020.0).contains(&d), "{d}");
        assert_eq!(distance_km(paris, paris), 0.0);
    }
}
