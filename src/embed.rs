//! The clinic's embed page: its option fields are written here, from the names and values in
//! `options`, into `embed.html` when the release is built, so that neither `web/embed.html`
//! nor `web/embed-builder.js` names an option. Each field says which option it sets in
//! `data-option`; the builder script only walks them.

use crate::engine::Screener;
use crate::shell::escape;
use crate::{i18n, options};

/// Where in `web/embed.html` the build writes [`fields`].
pub const MARKER: &str = "<!-- prescreen: the option fields -->";

/// `embed.html` as published: `template` with its marker replaced by the option fields.
pub fn page(template: &str) -> Result<String, String> {
    match template.matches(MARKER).count() {
        1 => Ok(template.replace(MARKER, fields().trim_end())),
        n => Err(format!(
            "the embed page should hold {MARKER} once, not {n} times"
        )),
    }
}

/// The form's fields, one for each option a clinic chooses (the embedding page's origin is
/// embed.js's own to set). A field is marked with `data-option`; a checkbox also with the value
/// it writes when ticked or unticked (`data-ticked`, `data-unticked`); a fieldset's ticked boxes
/// are joined with its `data-join`, and the boxes are the choices the preview's screener sends
/// for that option (the published trials), which the builder asks for in the preview only, by
/// setting the option named in the fieldset's `data-ask` to the fieldset's own option;
/// `data-refused` is where the builder shows why the preview's screener refused that option.
pub fn fields() -> String {
    use options::{ACCENT, LANG, LIST_SEPARATOR, LOCATION, OFFER, SKIP_LOCATION, TRIALS};
    let languages: String = i18n::LANGUAGES
        .iter()
        .map(|s| {
            format!(
                "\n          <option value=\"{}\">{}</option>",
                escape(s.lang),
                escape(menu_name(s.lang).unwrap_or(s.language_name))
            )
        })
        .collect();
    format!(
        r##"<div class="field">
        <label for="{LANG}">Language</label>
        <select id="{LANG}" data-option="{LANG}">
          <option value="">The patient's browser language</option>{languages}
        </select>
      </div>
      <fieldset class="field" id="{TRIALS}" data-option="{TRIALS}" data-join="{LIST_SEPARATOR}" data-ask="{OFFER}">
        <legend>Trials to show</legend>
        <p class="hint">Leave all unticked to show every trial.</p>
      </fieldset>
      <div class="field">
        <label for="{ACCENT}">Accent colour</label>
        <p class="hint" id="{ACCENT}-hint">A dark colour: white text must stay readable on it. Leave empty for the default.</p>
        <p class="error" id="{ACCENT}-error" data-refused="{ACCENT}" aria-live="polite"></p>
        <input id="{ACCENT}" data-option="{ACCENT}" type="text" placeholder="#1d70b8" aria-describedby="{ACCENT}-hint {ACCENT}-error">
      </div>
      <div class="field">
        <input id="{LOCATION}" data-option="{LOCATION}" data-unticked="{skip}" type="checkbox" checked>
        <label for="{LOCATION}">Ask patients where they are, to show distances to sites</label>
      </div>
"##,
        skip = SKIP_LOCATION[0],
    )
}

/// A language as the menu names it: in its own words, then in English for a clinic that reads
/// neither.
fn menu_name(lang: &str) -> Option<&'static str> {
    match lang {
        "en" => Some("English"),
        "ko" => Some("한국어 (Korean)"),
        "zh" => Some("中文 (Simplified Chinese)"),
        "fr" => Some("Français (French)"),
        _ => None,
    }
}

/// The choices the screener offers its host for a list option of [`options::OFFERED`], as
/// `(value, label)`; `None` for any other option.
pub fn choices(s: &Screener, option: &str) -> Option<Vec<(String, String)>> {
    match option {
        options::TRIALS => Some(trial_choices(s)),
        _ => None,
    }
}

/// The trials shown, as the embed page offers them to a clinic: the id, and the id with the
/// English title (the page is in English).
fn trial_choices(s: &Screener) -> Vec<(String, String)> {
    (s.trials())
        .map(|t| {
            let title = Some(t.title.get("en")).filter(|t| !t.is_empty());
            let label = format!("{}: {}", t.id, title.unwrap_or(&t.official_title));
            (t.id.clone(), label)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_option_a_clinic_chooses_has_one_field_and_the_host_none() {
        let html = fields();
        for name in options::NAMES {
            let want = usize::from(name != options::HOST && name != options::OFFER);
            assert_eq!(
                html.matches(&format!(" data-option=\"{name}\"")).count(),
                want,
                "{name}"
            );
        }
        assert_eq!(
            html.matches(" data-option=").count(),
            options::NAMES.len() - 2
        );
        // Each list whose choices the screener offers asks for them, and no other field does.
        for list in options::OFFERED {
            let field = format!(" data-option=\"{list}\" ");
            let at = html.find(&field).unwrap_or_else(|| panic!("{list}"));
            let tag = &html[at..at + html[at..].find('>').unwrap()];
            assert!(
                tag.contains(&format!(" data-ask=\"{}\"", options::OFFER)),
                "{tag}"
            );
        }
        assert_eq!(html.matches(" data-ask=").count(), options::OFFERED.len());
        assert!(html.contains(&format!(" data-refused=\"{}\"", options::ACCENT)));
        // Unticked, the location box writes a value that the screener reads as "skip".
        let unticked = format!(" data-unticked=\"{}\"", options::SKIP_LOCATION[0]);
        assert!(html.contains(&unticked));
        let written = format!("{}={}", options::LOCATION, options::SKIP_LOCATION[0]);
        assert!(options::Options::parse(&written).skip_location);
    }

    #[test]
    fn the_language_menu_offers_every_language_in_its_own_name_and_in_english() {
        let html = fields();
        for s in i18n::LANGUAGES {
            let name = menu_name(s.lang).unwrap_or_else(|| panic!("{} has no menu name", s.lang));
            let own = s.language_name.split('（').next().unwrap_or_default();
            assert!(name.starts_with(own), "{name} / {own}");
            let option = format!("<option value=\"{}\">{name}</option>", s.lang);
            assert!(html.contains(&option), "{option}");
        }
        assert_eq!(
            html.matches("<option value=").count(),
            i18n::LANGUAGES.len() + 1,
            "and the browser's language"
        );
    }

    #[test]
    fn the_page_gets_the_fields_in_place_of_its_one_marker() {
        let page = page(&format!(
            "<form id=\"options\">\n      {MARKER}\n    </form>"
        ))
        .unwrap();
        assert!(page.starts_with("<form id=\"options\">\n      <div class=\"field\">"));
        assert!(page.ends_with("</div>\n    </form>"));
        assert!(!page.contains(MARKER));
        assert!(super::page("<form></form>").is_err());
        assert!(super::page(&format!("{MARKER}{MARKER}")).is_err());
    }

    #[test]
    fn the_screener_has_choices_for_every_list_it_offers_and_no_other_option() {
        let s = Screener::load(include_str!("../trials.json")).unwrap();
        for list in options::OFFERED {
            assert!(choices(&s, list).is_some_and(|c| !c.is_empty()), "{list}");
        }
        for name in options::NAMES
            .iter()
            .filter(|n| !options::OFFERED.contains(n))
        {
            assert_eq!(choices(&s, name), None, "{name}");
        }
    }

    #[test]
    fn the_trials_a_clinic_chooses_from_are_named_by_id_and_english_title() {
        let s = Screener::load(include_str!("../trials.json")).unwrap();
        let choices = trial_choices(&s);
        assert_eq!(choices.len(), s.trial_count());
        for ((id, label), t) in choices.iter().zip(s.trials()) {
            assert_eq!(*id, t.id);
            assert_eq!(*label, format!("{}: {}", t.id, t.title.get("en")));
        }
    }
}
