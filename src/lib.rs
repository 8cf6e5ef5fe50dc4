//! A pre-screener for lupus stem-cell trials: the trials file's model, the screening engine
//! that checks and evaluates it, unit conversions and distances. No web code lives here
//! outside `app`, which only builds for the browser.

#[cfg(target_arch = "wasm32")]
pub mod app;
pub mod engine;
pub mod fhir;
pub mod form;
pub mod geo;
pub mod i18n;
pub mod import;
pub mod model;
pub mod options;
pub mod route;
pub mod shell;
pub mod units;
