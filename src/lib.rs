//! The pre-screener's app and command line over the screener crate (re-exported here, so
//! `prescreen::engine` is the screener's engine): the form drafts, address options, routes and
//! the page script's names, testable natively; the embed page's option fields; the importer of
//! registry records; and `app`, the Yew components, which the browser mounts and
//! `prescreen prerender` renders at build time.

pub mod app;
pub mod embed;
pub mod form;
pub mod import;
pub mod options;
pub mod route;
pub mod shell;
pub use screener::{engine, fhir, geo, i18n, model, units};
