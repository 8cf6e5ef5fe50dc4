//! Quantities, the units patients find on real reports, and exact conversions between them.
//!
//! Every quantity has a base unit; a unit converts to it as `value × num ÷ den`, with the
//! factors from the research notes written as exact fractions (mg/dL × 88.4 = µmol/L).

/// What a dose is reckoned against: nothing (a dose as taken), each kilogram of body weight,
/// or each square metre of body surface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Body {
    Whole,
    Kg,
    M2,
}

impl Body {
    /// How many of this per-body unit make the whole dose, for a patient of this weight (kg)
    /// and height (cm); body surface by Mosteller's formula, √(height × weight / 3600).
    pub fn factor(self, weight_kg: Option<f64>, height_cm: Option<f64>) -> Option<f64> {
        match self {
            Body::Whole => Some(1.0),
            Body::Kg => weight_kg,
            Body::M2 => Some((height_cm? * weight_kg? / 3600.0).sqrt()),
        }
    }
}

/// A unit a patient may enter a value in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Unit {
    /// Stable id used in trials.json and answer files, e.g. `"umol/L"`.
    pub id: &'static str,
    /// How the unit is printed on a lab report, e.g. `"µmol/L"`.
    pub symbol: &'static str,
    num: f64,
    den: f64,
    /// For doses: what the amount is per (mg/kg/day is per kilogram).
    pub body: Body,
}

impl Unit {
    const fn new(id: &'static str, symbol: &'static str, num: f64, den: f64) -> Self {
        Unit {
            id,
            symbol,
            num,
            den,
            body: Body::Whole,
        }
    }

    const fn per(self, body: Body) -> Self {
        Unit { body, ..self }
    }

    /// Converts a value in this unit to the quantity's base unit.
    pub fn to_base(&self, value: f64) -> f64 {
        value * self.num / self.den
    }

    /// Converts a value in the quantity's base unit to this unit.
    pub fn from_base(&self, value: f64) -> f64 {
        value * self.den / self.num
    }
}

/// Something measured: a lab test, a dose, an age.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantity {
    pub id: &'static str,
    /// Units accepted for this quantity; the first is the base unit.
    pub units: &'static [Unit],
}

impl Quantity {
    pub fn base(&self) -> &'static Unit {
        &self.units[0]
    }

    /// Whether some of its units are per kilogram or per square metre (so that reading them
    /// needs the patient's weight, or weight and height).
    pub fn per_body(&self) -> bool {
        self.units.iter().any(|u| u.body != Body::Whole)
    }

    /// The unit with this id or symbol (`"umol/L"` and `"µmol/L"` both work).
    pub fn unit(&self, id: &str) -> Option<&'static Unit> {
        self.units.iter().find(|u| u.id == id || u.symbol == id)
    }

    /// The unit that lab reports usually use in a country (ISO 3166 alpha-2 code).
    pub fn default_unit(&self, country: &str) -> &'static Unit {
        let us_style = matches!(country, "US");
        let preferred = match (self.id, country) {
            ("creatinine", "US" | "KR") => "mg/dL",
            ("bilirubin", "US" | "KR") => "mg/dL",
            ("haemoglobin", "CN") => "g/L",
            ("cell_count", "US" | "KR") => "10^3/uL",
            ("cell_count", _) => "10^9/L",
            ("upcr", "US") => "mg/mg",
            ("weight", _) if us_style => "lb",
            ("height", _) if us_style => "in",
            ("duration", _) => "month",
            _ => self.base().id,
        };
        self.unit(preferred).unwrap_or(self.base())
    }
}

const YEARS: &[Unit] = &[Unit::new("years", "years", 1.0, 1.0)];
const WEIGHT: &[Unit] = &[
    Unit::new("kg", "kg", 1.0, 1.0),
    Unit::new("lb", "lb", 45_359_237.0, 100_000_000.0),
];
const CREATININE: &[Unit] = &[
    Unit::new("umol/L", "µmol/L", 1.0, 1.0),
    Unit::new("mg/dL", "mg/dL", 884.0, 10.0),
    Unit::new("mg/L", "mg/L", 884.0, 100.0),
];
const BILIRUBIN: &[Unit] = &[
    Unit::new("umol/L", "µmol/L", 1.0, 1.0),
    Unit::new("mg/dL", "mg/dL", 171.0, 10.0),
    Unit::new("mg/L", "mg/L", 171.0, 100.0),
];
const HAEMOGLOBIN: &[Unit] = &[
    Unit::new("g/dL", "g/dL", 1.0, 1.0),
    Unit::new("g/L", "g/L", 1.0, 10.0),
];
const CELL_COUNT: &[Unit] = &[
    Unit::new("/mm3", "per mm³", 1.0, 1.0),
    Unit::new("/uL", "per µL", 1.0, 1.0),
    Unit::new("10^3/uL", "× 10³/µL", 1000.0, 1.0),
    Unit::new("10^9/L", "× 10⁹/L", 1000.0, 1.0),
];
const UPCR: &[Unit] = &[
    Unit::new("g/g", "g/g", 1.0, 1.0),
    Unit::new("mg/mg", "mg/mg", 1.0, 1.0),
    Unit::new("mg/g", "mg/g", 1.0, 1000.0),
    Unit::new("mg/mmol", "mg/mmol", 884.0, 100_000.0),
    Unit::new("g/mmol", "g/mmol", 884.0, 100.0),
];
const PROTEIN_24H: &[Unit] = &[
    Unit::new("g/24h", "g/24 h", 1.0, 1.0),
    Unit::new("mg/24h", "mg/24 h", 1.0, 1000.0),
];
const FILTRATION: &[Unit] = &[Unit::new("mL/min", "mL/min", 1.0, 1.0)];
/// Prednisone 5 mg = prednisolone 5 mg = methylprednisolone 4 mg = hydrocortisone 20 mg = dexamethasone 0.75 mg.
const STEROID: &[Unit] = &[
    Unit::new("mg_prednisone", "mg prednisone", 1.0, 1.0),
    Unit::new("mg_prednisolone", "mg prednisolone", 1.0, 1.0),
    Unit::new("mg_methylprednisolone", "mg methylprednisolone", 5.0, 4.0),
    Unit::new("mg_hydrocortisone", "mg hydrocortisone", 5.0, 20.0),
    Unit::new("mg_dexamethasone", "mg dexamethasone", 20.0, 3.0),
];
/// Days in a month and a year, on average over the Gregorian calendar: "6 months" is the
/// same span whichever unit a patient or a trial states it in.
const MONTH_DAYS: f64 = 365.25 / 12.0;
const YEAR_DAYS: f64 = 365.25;
/// A dose as a rate: base mg a day (or mg/kg or mg/m² a day, by the unit's `body`), from the
/// forms prescriptions show: a daily amount, twice a day, weekly, or an infusion repeated.
const DOSE: &[Unit] = &[
    Unit::new("mg/day", "mg a day", 1.0, 1.0),
    Unit::new("g/day", "g a day", 1000.0, 1.0),
    Unit::new("mg_twice_daily", "mg twice a day", 2.0, 1.0),
    Unit::new("g_twice_daily", "g twice a day", 2000.0, 1.0),
    Unit::new("mg/week", "mg a week", 1.0, 7.0),
    Unit::new("mg/kg/day", "mg/kg a day", 1.0, 1.0).per(Body::Kg),
    Unit::new("mg/month", "mg each month", 1.0, MONTH_DAYS),
    Unit::new("g/month", "g each month", 1000.0, MONTH_DAYS),
    Unit::new("mg_every_2_weeks", "mg every 2 weeks", 1.0, 14.0),
    Unit::new("g_every_2_weeks", "g every 2 weeks", 1000.0, 14.0),
    Unit::new("mg/m2/month", "mg/m² each month", 1.0, MONTH_DAYS).per(Body::M2),
    Unit::new("g/m2/month", "g/m² each month", 1000.0, MONTH_DAYS).per(Body::M2),
    Unit::new("mg/m2_every_2_weeks", "mg/m² every 2 weeks", 1.0, 14.0).per(Body::M2),
    Unit::new("g/m2_every_2_weeks", "g/m² every 2 weeks", 1000.0, 14.0).per(Body::M2),
    Unit::new("mg/kg/month", "mg/kg each month", 1.0, MONTH_DAYS).per(Body::Kg),
];
/// One infusion's dose, base mg.
const DOSE_EACH: &[Unit] = &[
    Unit::new("mg", "mg", 1.0, 1.0),
    Unit::new("g", "g", 1000.0, 1.0),
    Unit::new("mg/m2", "mg/m²", 1.0, 1.0).per(Body::M2),
    Unit::new("mg/kg", "mg/kg", 1.0, 1.0).per(Body::Kg),
];
/// How long something lasted, or how long ago it was: base days.
const DAYS: &[Unit] = &[
    Unit::new("day", "days", 1.0, 1.0),
    Unit::new("week", "weeks", 7.0, 1.0),
    Unit::new("month", "months", MONTH_DAYS, 1.0),
    Unit::new("year", "years", YEAR_DAYS, 1.0),
];
const HEIGHT: &[Unit] = &[
    Unit::new("cm", "cm", 1.0, 1.0),
    Unit::new("in", "in", 254.0, 100.0),
];
const POINTS: &[Unit] = &[Unit::new("points", "points", 1.0, 1.0)];
const PER_HPF: &[Unit] = &[Unit::new("/hpf", "per high-power field", 1.0, 1.0)];
const TIMES_ULN: &[Unit] = &[Unit::new("xULN", "× upper limit of normal", 1.0, 1.0)];

/// Every quantity the model knows. trials.json names them by id.
pub const QUANTITIES: &[Quantity] = &[
    Quantity {
        id: "age",
        units: YEARS,
    },
    Quantity {
        id: "weight",
        units: WEIGHT,
    },
    Quantity {
        id: "creatinine",
        units: CREATININE,
    },
    Quantity {
        id: "bilirubin",
        units: BILIRUBIN,
    },
    Quantity {
        id: "haemoglobin",
        units: HAEMOGLOBIN,
    },
    Quantity {
        id: "cell_count",
        units: CELL_COUNT,
    },
    Quantity {
        id: "upcr",
        units: UPCR,
    },
    Quantity {
        id: "protein_24h",
        units: PROTEIN_24H,
    },
    Quantity {
        id: "filtration",
        units: FILTRATION,
    },
    Quantity {
        id: "steroid_dose",
        units: STEROID,
    },
    Quantity {
        id: "dose",
        units: DOSE,
    },
    Quantity {
        id: "dose_each",
        units: DOSE_EACH,
    },
    Quantity {
        id: "duration",
        units: DAYS,
    },
    Quantity {
        id: "time_ago",
        units: DAYS,
    },
    Quantity {
        id: "height",
        units: HEIGHT,
    },
    Quantity {
        id: "score",
        units: POINTS,
    },
    Quantity {
        id: "cells_per_hpf",
        units: PER_HPF,
    },
    Quantity {
        id: "times_uln",
        units: TIMES_ULN,
    },
];

/// The quantity with this id.
pub fn quantity(id: &str) -> Option<&'static Quantity> {
    QUANTITIES.iter().find(|q| q.id == id)
}

/// Relative tolerance under which two values count as equal, so that a value typed in one unit
/// and converted never lands on the wrong side of a boundary by rounding (106 µmol/L → mg/dL → µmol/L).
pub const TOLERANCE: f64 = 1e-9;

/// Compares two values in the same unit, treating values within [`TOLERANCE`] as equal.
pub fn compare(a: f64, b: f64) -> std::cmp::Ordering {
    let scale = a.abs().max(b.abs()).max(1.0);
    if (a - b).abs() <= TOLERANCE * scale {
        std::cmp::Ordering::Equal
    } else if a < b {
        std::cmp::Ordering::Less
    } else {
        std::cmp::Ordering::Greater
    }
}

/// The range a message states for a number outside what is possible, as a lab report would
/// print it: limits the file wrote plainly (0, 105, 3000) as they are, converted ones (3000 µmol/L
/// is 33.9366… mg/dL) to two significant figures, rounded inwards (0.12 and 33, not 0.11 and 34),
/// with more figures only where two would leave no range. Inwards, so that every number the
/// message invites is accepted and every number refused lies outside what it states.
pub fn stated_range(min: f64, max: f64) -> (f64, f64) {
    let plain = |x: f64| figures(x, 3, f64::round) == x;
    for n in 2..=6 {
        let lo = if plain(min) {
            min
        } else {
            figures(min, n, f64::ceil)
        };
        let hi = if plain(max) {
            max
        } else {
            figures(max, n, f64::floor)
        };
        if lo <= hi {
            return (lo, hi);
        }
    }
    (min, max)
}

/// `x` to `n` significant figures, `towards` deciding the last one (ceil, floor or round).
fn figures(x: f64, n: i32, towards: fn(f64) -> f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let shift = n - 1 - crate::math::order(x);
    // Scaled by a whole power of ten each way: 0.1 is not exact, and 120 × 0.1 is 12.000…02.
    let (up, down) = if shift >= 0 {
        (10f64.powi(shift), 1.0)
    } else {
        (1.0, 10f64.powi(-shift))
    };
    let y = x * up / down;
    // A value already on the grid stays there, whatever its last binary digits.
    let y = if (y - y.round()).abs() < 1e-9 * y.abs().max(1.0) {
        y.round()
    } else {
        towards(y)
    };
    y * down / up
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering::*;

    fn conv(q: &str, v: f64, from: &str, to: &str) -> f64 {
        let q = quantity(q).unwrap();
        q.unit(to)
            .unwrap()
            .from_base(q.unit(from).unwrap().to_base(v))
    }

    #[test]
    fn creatinine_mg_dl_times_88_4_is_umol_l() {
        assert_eq!(
            compare(conv("creatinine", 1.2, "mg/dL", "umol/L"), 106.08),
            Equal
        );
        assert_eq!(
            compare(conv("creatinine", 106.0, "umol/L", "mg/dL") * 88.4, 106.0),
            Equal
        );
    }

    #[test]
    fn methylprednisolone_12_mg_is_prednisone_15_mg() {
        assert_eq!(
            compare(
                conv(
                    "steroid_dose",
                    12.0,
                    "mg_methylprednisolone",
                    "mg_prednisone"
                ),
                15.0
            ),
            Equal
        );
        assert_eq!(
            compare(
                conv("steroid_dose", 60.0, "mg_hydrocortisone", "mg_prednisone"),
                15.0
            ),
            Equal
        );
        assert_eq!(
            compare(
                conv("steroid_dose", 2.25, "mg_dexamethasone", "mg_prednisone"),
                15.0
            ),
            Equal
        );
    }

    #[test]
    fn cell_counts_and_ratios() {
        assert_eq!(
            compare(conv("cell_count", 0.5, "10^9/L", "/mm3"), 500.0),
            Equal
        );
        assert_eq!(
            compare(conv("upcr", 113.0, "mg/mmol", "g/g"), 0.99892),
            Equal
        );
        assert_eq!(
            compare(conv("upcr", 0.113, "g/mmol", "mg/mmol"), 113.0),
            Equal
        );
        assert_eq!(
            compare(conv("upcr", 1000.0, "mg/g", "g/mmol"), 1.0 / 8.84),
            Equal
        );
        assert_eq!(
            compare(conv("bilirubin", 14.0, "mg/L", "umol/L"), 23.94),
            Equal
        );
        assert_eq!(
            compare(conv("haemoglobin", 80.0, "g/L", "g/dL"), 8.0),
            Equal
        );
    }

    #[test]
    fn symbols_are_accepted_as_ids_and_every_quantity_has_a_base() {
        assert_eq!(
            quantity("creatinine").unwrap().unit("µmol/L").unwrap().id,
            "umol/L"
        );
        for q in QUANTITIES {
            assert_eq!(q.base().to_base(7.0), 7.0, "{}", q.id);
        }
    }

    #[test]
    fn doses_as_prescriptions_show_them_are_the_same_daily_rate() {
        assert_eq!(
            compare(conv("dose", 1000.0, "mg_twice_daily", "g/day"), 2.0),
            Equal
        );
        assert_eq!(
            compare(conv("dose", 1.5, "mg_twice_daily", "mg/day"), 3.0),
            Equal
        );
        assert_eq!(
            compare(conv("dose", 140.0, "mg/week", "mg/day"), 20.0),
            Equal
        );
        assert_eq!(
            compare(conv("dose", 0.5, "g/month", "mg/month"), 500.0),
            Equal
        );
        assert_eq!(
            compare(
                conv("dose", 0.4, "g/m2_every_2_weeks", "mg/m2_every_2_weeks"),
                400.0
            ),
            Equal
        );
        assert_eq!(compare(conv("duration", 1.0, "year", "month"), 12.0), Equal);
        assert_eq!(compare(conv("duration", 4.0, "week", "day"), 28.0), Equal);
    }

    #[test]
    fn body_surface_is_mostellers() {
        let bsa = Body::M2.factor(Some(64.0), Some(225.0)).unwrap();
        assert_eq!(compare(bsa, 2.0), Equal, "√(225 × 64 / 3600) = 2");
        assert_eq!(Body::Kg.factor(Some(70.0), None), Some(70.0));
        assert_eq!(
            Body::M2.factor(Some(70.0), None),
            None,
            "no height, no surface"
        );
        assert_eq!(Body::Whole.factor(None, None), Some(1.0));
    }

    #[test]
    fn default_units_follow_the_country() {
        let c = quantity("creatinine").unwrap();
        assert_eq!(c.default_unit("US").id, "mg/dL");
        assert_eq!(c.default_unit("FR").id, "umol/L");
        assert_eq!(
            quantity("cell_count").unwrap().default_unit("CN").id,
            "10^9/L"
        );
    }
}
