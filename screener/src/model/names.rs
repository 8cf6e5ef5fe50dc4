//! Enums written as one of a few names (`"recruiting"`, `"blood"`): read by the model's reader
//! ([`crate::model::read::name`]), which serde's `Deserialize` goes through as well, so that
//! there is one reader of them and one set of messages.

/// Implements the model's `Read` for a unit-only enum written as one of `names`, variant for
/// variant, and serde's `Deserialize` through it (for the importer and for tests that read
/// with serde).
macro_rules! read_as_names {
    ($ty:ident { $($variant:ident = $name:literal),+ $(,)? }) => {
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
        $crate::model::read::via_tree!($ty);
        // A variant added to the enum but not here fails to build, not to read back.
        const _: fn($ty) = |v| match v {
            $($ty::$variant)|+ => (),
        };
    };
}
pub(crate) use read_as_names;

#[cfg(test)]
mod tests {
    use crate::model::{CriterionKind, Origin, Sample, Status};
    use serde::Deserialize;

    /// serde reads what the model's reader reads, and refuses with its message, wherever the
    /// value stands.
    #[test]
    fn serde_reads_and_refuses_as_the_models_reader() {
        let inputs = [
            r#""blood""#,
            r#""biopsy""#,
            r#""Blood""#,
            r#""""#,
            r#""bl\u006fod""#,
            r#"{"urine": null}"#,
            "1",
            "true",
            "null",
            "[\"blood\"]",
            "  \"urine\"  ",
        ];
        for text in inputs {
            let ours = crate::model::read::from_text::<Sample>(text);
            let serde = serde_json::from_str::<Sample>(text).map_err(|e| e.to_string());
            match (&ours, &serde) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
                (Err(a), Err(b)) => assert!(b.starts_with(a.as_str()), "{text}: {a} / {b}"),
                _ => panic!("{text}: {ours:?} / {serde:?}"),
            }
            let wrapped = format!("{{\"a\": [{text}]}}");
            let serde =
                serde_json::from_str::<std::collections::BTreeMap<String, Vec<Sample>>>(&wrapped);
            assert_eq!(serde.is_ok(), ours.is_ok(), "{wrapped}");
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
                let serde = Sample::deserialize(v).map_err(|e| e.to_string());
                assert_eq!(serde.is_ok(), ours.is_ok(), "{text} as a value");
            }
        }
        assert_eq!(
            crate::model::read::from_text::<Sample>(r#""kidney""#),
            Err("unknown value `kidney`, expected one of `blood`, `urine`, `biopsy`".into())
        );
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
