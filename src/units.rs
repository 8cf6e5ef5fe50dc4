//! Quantities, the units patients find on real reports, and exact conversions between them.
//!
//! Every quantity has a base unit; a unit converts to it as `value × num ÷ den`, with the
//! factors from the research notes written as exact fractions (mg/dL × 88.4 = µmol/L).

/// A unit a patient may enter a value in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Unit {
    /// Stable id used in trials.json and answer files, e.g. `"umol/L"`.
    pub id: &'static str,
    /// How the unit is printed on a lab report, e.g. `"µmol/L"`.
    pub symbol: &'static str,
    num: f64,
    den: f64,
}

impl Unit {
    const fn new(id: &'static str, symbol: &'static str, num: f64, den: f64) -> Self {
        Unit {
            id,
            symbol,
            num,
            den,
        }
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
