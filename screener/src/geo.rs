//! Distances on the Earth's surface and the nearest trial site to a patient.

use crate::math::{asin, sin_cos};
use crate::model::read;
use crate::model::Site;
use serde_json::{json, Value};

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
    let (sin_dlat, _) = sin_cos(dlat / 2.0);
    let (sin_dlon, _) = sin_cos(dlon / 2.0);
    let h = sin_dlat.powi(2) + sin_cos(la1).1 * sin_cos(la2).1 * sin_dlon.powi(2);
    2.0 * EARTH_RADIUS_KM * asin(h.sqrt().min(1.0))
}

impl Site {
    pub fn point(&self) -> Option<Point> {
        Some(Point {
            lat: self.lat?,
            lon: self.lon?,
        })
    }
}

/// The bundled list of cities patients choose from (cities.json, fetched only when needed).
#[derive(Debug, Clone, PartialEq)]
pub struct Cities {
    pub countries: Vec<Country>,
    pub cities: Vec<City>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    pub code: String,
    pub name: crate::model::Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct City {
    pub name: crate::model::Text,
    pub country: String,
    pub region: Option<String>,
    pub lat: f64,
    pub lon: f64,
}

impl City {
    /// "Charleston, SC" or "Lyon".
    pub fn label(&self, lang: &str) -> String {
        match &self.region {
            Some(r) => format!("{}, {r}", self.name.get(lang)),
            None => self.name.get(lang).to_string(),
        }
    }

    pub fn point(&self) -> Point {
        Point {
            lat: self.lat,
            lon: self.lon,
        }
    }
}

/// Where the patient said they are, kept with their answers under the key `$location`.
#[derive(Debug, Clone, PartialEq)]
pub enum Location {
    /// The patient chose not to say.
    Skipped,
    /// A chosen city, or the device's position (`label` empty), with the country when known and
    /// how far the patient could travel once they have said.
    At {
        label: String,
        point: Point,
        country: Option<String>,
        reach: Option<Reach>,
    },
}

impl Location {
    pub const KEY: &'static str = "$location";

    /// A place without a country or a reach yet.
    pub fn at(label: impl Into<String>, point: Point) -> Location {
        Location::At {
            label: label.into(),
            point,
            country: None,
            reach: None,
        }
    }

    pub fn to_json(&self) -> Value {
        match self {
            Location::Skipped => json!("skipped"),
            Location::At {
                label,
                point,
                country,
                reach,
            } => {
                let mut v = json!({"label": label, "lat": point.lat, "lon": point.lon});
                if let Some(c) = country {
                    v["country"] = json!(c);
                }
                if let Some(r) = reach {
                    v["reach"] = json!(r.as_string());
                }
                v
            }
        }
    }

    /// Reads the `$location` of a saved answers object; anything unreadable counts as not given
    /// (a reach or country that does not read is left for the patient to give again).
    pub fn from_saved(saved: &Value) -> Option<Location> {
        let v = saved.get(Self::KEY)?;
        if v.as_str() == Some("skipped") {
            return Some(Location::Skipped);
        }
        let (lat, lon) = (v.get("lat")?.as_f64()?, v.get("lon")?.as_f64()?);
        let valid = (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon);
        let text = |k: &str| v.get(k).and_then(Value::as_str);
        let country = text("country")
            .filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
            .map(str::to_string);
        valid.then(|| Location::At {
            label: text("label").unwrap_or_default().to_string(),
            point: Point { lat, lon },
            country,
            reach: text("reach").and_then(Reach::parse),
        })
    }

    pub fn point(&self) -> Option<Point> {
        match self {
            Location::At { point, .. } => Some(*point),
            Location::Skipped => None,
        }
    }

    /// How far the patient could travel, from where, in which country: `None` when every study
    /// is within reach (no place given, or no reach chosen yet).
    pub fn reach(&self) -> Option<(Reach, Point, Option<&str>)> {
        match self {
            Location::At {
                point,
                country,
                reach: Some(reach),
                ..
            } => Some((*reach, *point, country.as_deref())),
            _ => None,
        }
    }
}

impl Cities {
    /// Reads cities.json, by the model's reader: members it does not know are passed over, as
    /// a list kept elsewhere may carry more; the first problem is said with its path.
    pub fn parse(text: &str) -> Result<Cities, String> {
        read::from_text(crate::engine::without_bom(text))
    }

    /// The bundled city nearest `point` (the device's position has no country of its own).
    pub fn nearest(&self, point: Point) -> Option<&City> {
        self.cities
            .iter()
            .min_by(|a, b| distance_km(point, a.point()).total_cmp(&distance_km(point, b.point())))
    }
}

read::read_struct!(known Cities, "cities: an object with \"countries\" and \"cities\"", {
    countries: req,
    cities: req,
});
read::read_struct!(known Country, "a country: an object {…}", { code: req, name: req });
read::read_struct!(known City, "a city: an object {…}", {
    name: req,
    country: req,
    region: opt,
    lat: req,
    lon: req,
});

/// Sites sorted by distance from `from`, nearest first; sites without coordinates last.
pub fn by_distance(sites: &[Site], from: Point) -> Vec<(&Site, Option<f64>)> {
    let v: Vec<(&Site, Option<f64>)> = sites
        .iter()
        .map(|s| (s, s.point().map(|p| distance_km(from, p))))
        .collect();
    crate::sort::sort_by(v, |a, b| match (a.1, b.1) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    })
}

/// How far a patient could travel for a study. Studies beyond it are still shown, marked as
/// far away, but the questions only they need are not asked unless the patient chooses to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reach {
    /// A site within [`Reach::CITY_KM`].
    City,
    /// A site in the patient's country.
    Country,
    Anywhere,
    /// A site within this many kilometres.
    Km(f64),
}

impl Reach {
    /// Sites this close count as in the patient's own city.
    pub const CITY_KM: f64 = 50.0;

    /// Reads `city`, `country`, `anywhere` or a distance in kilometres.
    pub fn parse(s: &str) -> Option<Reach> {
        Some(match s {
            "city" => Reach::City,
            "country" => Reach::Country,
            "anywhere" => Reach::Anywhere,
            km => Reach::Km(
                crate::decimal::parse_f64(km).filter(|k: &f64| k.is_finite() && *k >= 0.0)?,
            ),
        })
    }

    pub fn as_string(&self) -> String {
        match self {
            Reach::City => "city".into(),
            Reach::Country => "country".into(),
            Reach::Anywhere => "anywhere".into(),
            Reach::Km(km) => crate::decimal::write_f64(*km),
        }
    }

    /// Whether a study with these sites is within reach of a patient at `from` (in `country`,
    /// when known). A site without coordinates is within reach when its country is: its
    /// distance cannot be told, and a study is never left out on a guess.
    pub fn includes(&self, sites: &[Site], from: Point, country: Option<&str>) -> bool {
        let within = |km: f64| {
            sites.iter().any(|s| match s.point() {
                Some(p) => distance_km(from, p) <= km,
                None => country.is_none_or(|c| c == s.country),
            })
        };
        match self {
            Reach::Anywhere => true,
            Reach::City => within(Self::CITY_KM),
            Reach::Km(km) => within(*km),
            Reach::Country => match country {
                Some(c) => sites.iter().any(|s| s.country == c),
                None => true,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cities_are_read_passing_over_what_the_screener_does_not_use() {
        let text = r#"{"countries": [{"code": "FR", "name": {"en": "France"}, "flag": "🇫🇷"}],
            "cities": [{"name": {"en": "Lyon"}, "country": "FR", "lat": 45.76, "lon": 4.84,
                        "population": 522250}],
            "source": "a gazetteer"}"#;
        let c = Cities::parse(text).unwrap();
        assert_eq!(
            (c.countries[0].code.as_str(), c.cities[0].label("en")),
            ("FR", "Lyon".into())
        );
        assert_eq!(c.cities[0].region, None);
        assert_eq!(
            Cities::parse(
                r#"{"countries": [], "cities": [{"name": {"en": "Lyon"}, "country": "FR", "lat": "45"}]}"#
            ),
            Err("cities[0].lat: invalid type: text \"45\", expected a number".into())
        );
        assert!(Cities::parse("[]").unwrap_err().contains("expected cities"));
        let bundled = Cities::parse(include_str!("../../cities.json")).unwrap();
        assert!(bundled.cities.len() > 20 && bundled.countries.len() > 3);
    }

    #[test]
    fn a_location_survives_the_saved_format_and_bad_ones_are_dropped() {
        let l = Location::At {
            label: "Paris".into(),
            point: Point {
                lat: 48.85,
                lon: 2.35,
            },
            country: Some("FR".into()),
            reach: Some(Reach::Km(120.0)),
        };
        let saved = json!({ Location::KEY: l.to_json(), "age": {"value": 40, "unit": "years"} });
        assert_eq!(Location::from_saved(&saved), Some(l));
        assert_eq!(
            Location::from_saved(&json!({"$location": "skipped"})),
            Some(Location::Skipped)
        );
        assert_eq!(
            Location::from_saved(&json!({"$location": {"lat": 91, "lon": 0}})),
            None
        );
        assert_eq!(Location::from_saved(&json!({})), None);
    }

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
