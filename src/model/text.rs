//! Patient-facing text in several languages, keyed by language code.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The language every trials file must provide, and the fallback for all others.
pub const BASE_LANGUAGE: &str = "en";

/// One piece of text in each language it has been written in, e.g. `{"en": "…", "fr": "…"}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Text(pub BTreeMap<String, String>);

impl Text {
    /// English-only text, for code that builds data (tests, the importer).
    pub fn en(s: impl Into<String>) -> Self {
        Text(BTreeMap::from([(BASE_LANGUAGE.to_string(), s.into())]))
    }

    /// The text in `lang`, falling back to English, then to any language present.
    pub fn get(&self, lang: &str) -> &str {
        self.0
            .get(lang)
            .or_else(|| self.0.get(BASE_LANGUAGE))
            .or_else(|| self.0.values().next())
            .map(String::as_str)
            .unwrap_or("")
    }

    /// Whether the text exists, non-empty, in `lang` itself (no fallback).
    pub fn has(&self, lang: &str) -> bool {
        self.0.get(lang).is_some_and(|s| !s.trim().is_empty())
    }
}
