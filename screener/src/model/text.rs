//! Patient-facing text in several languages, keyed by language code.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// The language every trials file must provide, and the fallback for all others.
pub const BASE_LANGUAGE: &str = "en";

/// One piece of text in each language it has been written in, e.g. `{"en": "…", "fr": "…"}`.
/// Kept as a short list sorted by language: a file holds hundreds of thousands of texts, most
/// in one to four languages, and a map per text would cost more than the words.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Text(Vec<(Box<str>, Box<str>)>);

impl Text {
    /// English-only text, for code that builds data (tests, the importer).
    pub fn en(s: impl Into<String>) -> Self {
        let mut t = Text::default();
        t.set(BASE_LANGUAGE, s.into());
        t
    }

    /// Sets the text in `lang`, replacing what was there.
    pub fn set(&mut self, lang: &str, s: String) {
        match self.0.binary_search_by(|(l, _)| (**l).cmp(lang)) {
            Ok(i) => self.0[i].1 = s.into(),
            Err(i) => self.0.insert(i, (lang.into(), s.into())),
        }
    }

    fn find(&self, lang: &str) -> Option<&str> {
        self.0
            .binary_search_by(|(l, _)| (**l).cmp(lang))
            .ok()
            .map(|i| &*self.0[i].1)
    }

    /// The text in `lang`, falling back to English, then to any language present.
    pub fn get(&self, lang: &str) -> &str {
        self.find(lang)
            .or_else(|| self.find(BASE_LANGUAGE))
            .or_else(|| self.0.first().map(|(_, s)| &**s))
            .unwrap_or("")
    }

    /// The languages it is written in, sorted.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(l, _)| &**l)
    }

    /// Whether the text exists, non-empty, in `lang` itself (no fallback).
    pub fn has(&self, lang: &str) -> bool {
        self.find(lang).is_some_and(|s| !s.trim().is_empty())
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (lang, text) in &self.0 {
            map.serialize_entry(&**lang, &**text)?;
        }
        map.end()
    }
}

/// Texts by language, each language once: `{"en": "…", "ko": "…"}`.
impl super::read::Read for Text {
    fn read(v: super::json::Json, cx: &mut super::read::Cx) -> Option<Text> {
        use super::json::Json;
        let Json::Object(members) = v else {
            return cx.wrong(&v, "texts by language, such as {\"en\": \"…\"}");
        };
        let mut t = Text(Vec::with_capacity(members.len()));
        let mut whole = true;
        for (lang, text) in members {
            if t.0.iter().any(|(l, _)| **l == *lang) {
                cx.at_key(&lang, |cx| cx.problem(super::json::repeated(&lang)));
                whole = false;
                continue;
            }
            match cx.at_key(&lang, |cx| String::read(text, cx)) {
                Some(text) => t.set(&lang, text),
                None => whole = false,
            }
        }
        whole.then_some(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_a_map_sorted_by_language() {
        let t: Text = serde_json::from_str(r#"{"ko": "나", "fr": "moi", "en": "I"}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"en":"I","fr":"moi","ko":"나"}"#
        );
        assert_eq!(t.get("fr"), "moi");
        assert_eq!(t.get("zh"), "I", "falls back to English");
        assert!(t.has("ko") && !t.has("zh"));
        let only_fr: Text = serde_json::from_str(r#"{"fr": "moi"}"#).unwrap();
        assert_eq!(only_fr.get("ko"), "moi", "then to any language");
        assert_eq!(Text::default().get("en"), "");
        assert!(serde_json::from_str::<Text>(r#"["en"]"#).is_err());
        let twice =
            super::super::read::from_text::<Text>(r#"{"ko": "나", "en": "me", "ko": "저"}"#);
        assert_eq!(
            twice,
            Err("ko: \"ko\" is given twice in this object: keep one".into())
        );
    }
}
