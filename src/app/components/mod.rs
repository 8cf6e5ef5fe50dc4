//! Small reusable pieces of the pages, one per file.

pub mod back_link;
pub mod checkboxes;
pub mod dropped_notice;
pub mod error_summary;
pub mod layout;
pub mod number_field;
pub mod radios;
pub mod ratio_field;
pub mod sites;
pub mod trial_card;
