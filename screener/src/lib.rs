//! The screener: the trials file's model, the engine that checks and evaluates it, unit
//! conversions, distances, the interface words and FHIR. Pure Rust, no web crate: the browser
//! app and the command line both build on it.

pub mod decimal;
pub mod engine;
pub mod fhir;
pub mod geo;
pub mod i18n;
pub mod math;
pub mod model;
pub mod sort;
pub mod units;
