//! Enums written as one of a few names (`"recruiting"`, `"blood"`): read as serde's derive
//! reads them, same errors included, but through one compiled reader instead of one per enum.

use serde::de::{self, DeserializeSeed, EnumAccess, Unexpected, VariantAccess, Visitor};
use std::fmt;

/// Implements `Deserialize` for a unit-only enum written as one of `names`, variant for
/// variant, as `#[derive(Deserialize)]` does (its serde name is the enum's name).
macro_rules! read_as_names {
    ($ty:ident { $($variant:ident = $name:literal),+ $(,)? }) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                const NAMES: &[&str] = &[$($name),+];
                const ALL: &[$ty] = &[$($ty::$variant),+];
                $crate::model::names::read(d, stringify!($ty), NAMES).map(|i| ALL[i])
            }
        }
        impl $crate::model::read::Read for $ty {
            fn read(
                v: $crate::model::json::Json,
                cx: &mut $crate::model::read::Cx,
            ) -> Option<Self> {
                const NAMES: &[&str] = &[$($name),+];
                const ALL: &[$ty] = &[$($ty::$variant),+];
                $crate::model::read::name(v, cx, NAMES).map(|i| ALL[i])
            }
        }
        // A variant added to the enum but not here fails to build, not to read back.
        const _: fn($ty) = |v| match v {
            $($ty::$variant)|+ => (),
        };
    };
}
pub(crate) use read_as_names;

/// The index in `names` of the variant `d` holds; `enum_name` as serde names the type.
pub(crate) fn read<'de, D: de::Deserializer<'de>>(
    d: D,
    enum_name: &'static str,
    names: &'static [&'static str],
) -> Result<usize, D::Error> {
    d.deserialize_enum(enum_name, names, Names { enum_name, names })
}

struct Names {
    enum_name: &'static str,
    names: &'static [&'static str],
}

impl<'de> Visitor<'de> for Names {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "enum {}", self.enum_name)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<usize, A::Error> {
        let (i, variant) = data.variant_seed(Variant(self.names))?;
        variant.unit_variant()?;
        Ok(i)
    }
}

/// A variant's name (or, as the derive also takes, its index).
struct Variant(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Variant {
    type Value = usize;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_identifier(self)
    }
}

/// What the derive says it expected of a variant index: `variant index 0 <= i < 3`.
struct IndexBelow(usize);

impl de::Expected for IndexBelow {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "variant index 0 <= i < {}", self.0)
    }
}

impl<'de> Visitor<'de> for Variant {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("variant identifier")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<usize, E> {
        match usize::try_from(v) {
            Ok(i) if i < self.0.len() => Ok(i),
            _ => Err(E::invalid_value(
                Unexpected::Unsigned(v),
                &IndexBelow(self.0.len()),
            )),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        (self.0.iter().position(|n| *n == v)).ok_or_else(|| E::unknown_variant(v, self.0))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<usize, E> {
        match self.0.iter().position(|n| n.as_bytes() == v) {
            Some(i) => Ok(i),
            None => Err(E::unknown_variant(&String::from_utf8_lossy(v), self.0)),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{CriterionKind, Origin, Sample, Status};
    use serde::Deserialize;

    mod derived {
        /// As the model's `Sample` was, derived (under the same name, which errors could say).
        #[derive(Debug, PartialEq, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[allow(dead_code)]
        pub enum Sample {
            Blood,
            Urine,
            Biopsy,
        }
    }
    use derived::Sample as Derived;

    /// Every reading, and every error, is the derive's, wherever the value stands.
    #[test]
    fn reads_and_refuses_as_the_derive() {
        let inputs = [
            r#""blood""#,
            r#""biopsy""#,
            r#""Blood""#,
            r#""""#,
            r#""bl\u006fod""#,
            r#"{"urine": null}"#,
            r#"{"urine": 1}"#,
            r#"{"urine": null, "blood": null}"#,
            r#"{"kidney": null}"#,
            r#"{}"#,
            "1",
            "2.5",
            "true",
            "null",
            "[\"blood\"]",
            "  \"urine\"  ",
            "\"urine",
        ];
        for text in inputs {
            let derived = serde_json::from_str::<Derived>(text).map_err(|e| e.to_string());
            let ours = serde_json::from_str::<Sample>(text).map_err(|e| e.to_string());
            assert_eq!(format!("{derived:?}"), format!("{ours:?}"), "{text}");
            let wrapped = format!("{{\"a\": [{text}]}}");
            let derived =
                serde_json::from_str::<std::collections::BTreeMap<String, Vec<Derived>>>(&wrapped)
                    .map_err(|e| e.to_string());
            let ours =
                serde_json::from_str::<std::collections::BTreeMap<String, Vec<Sample>>>(&wrapped)
                    .map_err(|e| e.to_string());
            assert_eq!(format!("{derived:?}"), format!("{ours:?}"), "{wrapped}");
            let value: Result<serde_json::Value, _> = serde_json::from_str(text);
            if let Ok(v) = value {
                let derived = Derived::deserialize(v.clone()).map_err(|e| e.to_string());
                let ours = Sample::deserialize(v).map_err(|e| e.to_string());
                assert_eq!(
                    format!("{derived:?}"),
                    format!("{ours:?}"),
                    "{text} as a value"
                );
            }
        }
    }

    #[test]
    fn every_variant_reads_back_as_written() {
        fn round<
            T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
        >(
            all: &[T],
        ) {
            for v in all {
                let text = serde_json::to_string(v).unwrap();
                assert_eq!(&serde_json::from_str::<T>(&text).unwrap(), v, "{text}");
            }
        }
        round(&[Sample::Blood, Sample::Urine, Sample::Biopsy]);
        round(&[
            Status::Recruiting,
            Status::NotYetRecruiting,
            Status::EnrollingByInvitation,
            Status::ActiveNotRecruiting,
            Status::Suspended,
            Status::Terminated,
            Status::Completed,
            Status::Withdrawn,
            Status::Unknown,
        ]);
        round(&[CriterionKind::Inclusion, CriterionKind::Exclusion]);
        round(&[Origin::Registry, Origin::RegistrySummary]);
        round(&[
            crate::engine::Severity::Error,
            crate::engine::Severity::Warning,
        ]);
    }
}
