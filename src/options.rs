//! Options a clinic sets in the page's address or its embed snippet: language, which trials to
//! show, an accent colour, and whether to ask for the patient's location.

/// The options, read from a query string such as `?lang=fr&trials=NCT03562065&location=no`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Options {
    pub lang: Option<String>,
    /// Registry ids to show; empty shows every trial.
    pub trials: Vec<String>,
    /// A `#rrggbb` colour dark enough for white text on it.
    pub accent: Option<String>,
    /// `location=no` skips the location step.
    pub skip_location: bool,
    /// Why an accent colour given was not taken, for the clinic's embed builder to say.
    pub accent_refused: Option<AccentRefusal>,
    /// The origin of the page embedding the screener (embed.js passes it), which alone may
    /// hear from it: a height, a title, an option refused; never an answer.
    pub host: Option<String>,
    /// The list option whose choices the screener tells its host (`offer=trials`): the embed
    /// builder's preview asks, so that an embedded screener builds no list nobody reads.
    pub offer: Option<&'static str>,
}

/// Why an accent colour is not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccentRefusal {
    /// Not written `#rgb` or `#rrggbb`.
    NotAColour,
    /// White text on it would be below 4.5:1 contrast.
    TooLight,
}

/// The address option that asks for a language (`?lang=fr`).
pub const LANG: &str = "lang";
/// The address option embed.js sets to the embedding page's origin, for size messages.
pub const HOST: &str = "host";
/// The address option naming the trials to show (`?trials=NCT04835883,NCT03562065`).
pub const TRIALS: &str = "trials";
/// What separates the trial ids of [`TRIALS`] (a space does too).
pub const LIST_SEPARATOR: char = ',';
/// The address option giving the accent colour.
pub const ACCENT: &str = "accent";
/// The address option that skips asking where the patient lives (`?location=no`).
pub const LOCATION: &str = "location";
/// The address option the embed builder sets, in its preview only, to a list option whose
/// choices the screener should tell it ([`OFFERED`]).
pub const OFFER: &str = "offer";
/// The list options whose choices the screener can tell its host.
pub const OFFERED: [&str; 1] = [TRIALS];
/// Every address option the screener reads.
pub const NAMES: [&str; 6] = [LANG, TRIALS, ACCENT, LOCATION, HOST, OFFER];
/// The values of [`LOCATION`] that skip the location step; the embed page writes the first.
pub const SKIP_LOCATION: [&str; 4] = ["no", "false", "0", "off"];

impl Options {
    pub fn parse(query: &str) -> Options {
        let mut o = Options::default();
        for pair in query
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty())
        {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = decode(v);
            match k {
                LANG if !v.is_empty()
                    && v.len() <= 12
                    && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') =>
                {
                    o.lang = Some(v)
                }
                TRIALS => {
                    o.trials = v
                        .split([LIST_SEPARATOR, ' '])
                        .map(str::trim)
                        .filter(|id| {
                            !id.is_empty()
                                && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                        })
                        .map(str::to_string)
                        .collect()
                }
                ACCENT if !v.trim().is_empty() => match accent_check(&v) {
                    Ok(c) => o.accent = Some(c),
                    Err(why) => o.accent_refused = Some(why),
                },
                HOST if v.starts_with("https://") || v.starts_with("http://") => o.host = Some(v),
                LOCATION => o.skip_location = SKIP_LOCATION.contains(&v.as_str()),
                OFFER => o.offer = OFFERED.into_iter().find(|&name| name == v),
                _ => {}
            }
        }
        o
    }
}

/// Percent-decoding of one query value (`+` is a space).
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(
                    std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or(""),
                    16,
                ) {
                    Ok(b) => {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A colour usable behind white text: `#rgb` or `#rrggbb` with a contrast of at least 4.5:1
/// against white (WCAG AA), normalised to `#rrggbb`. Anything else is ignored.
pub fn accent(s: &str) -> Option<String> {
    accent_check(s).ok()
}

/// As [`accent`], saying why a colour is refused.
pub fn accent_check(s: &str) -> Result<String, AccentRefusal> {
    use AccentRefusal::*;
    let hex = s.trim().strip_prefix('#').ok_or(NotAColour)?;
    // Checked first, so that the lengths below count characters and slicing stays on them.
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(NotAColour);
    }
    let full: String = match hex.len() {
        3 => hex.chars().flat_map(|c| [c, c]).collect(),
        6 => hex.to_string(),
        _ => return Err(NotAColour),
    };
    let channel = |i: usize| u8::from_str_radix(&full[i..i + 2], 16).map_err(|_| NotAColour);
    let (r, g, b) = (channel(0)?, channel(2)?, channel(4)?);
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            // To the power 2.4: v² × ⁵√v².
            let v = (c + 0.055) / 1.055;
            v * v * screener::math::fifth_root(v * v)
        }
    };
    let luminance = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    let contrast = 1.05 / (luminance + 0.05);
    match contrast >= 4.5 {
        true => Ok(format!("#{}", full.to_ascii_lowercase())),
        false => Err(TooLight),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_come_from_the_query() {
        let o = Options::parse(
            "?lang=fr-FR&trials=NCT03562065,%20nct02633163&accent=%23005EA5&location=no",
        );
        assert_eq!(o.lang.as_deref(), Some("fr-FR"));
        assert_eq!(o.trials, vec!["NCT03562065", "nct02633163"]);
        assert_eq!(o.accent.as_deref(), Some("#005ea5"));
        assert!(o.skip_location);
        assert_eq!(Options::parse(""), Options::default());
        for v in SKIP_LOCATION {
            assert!(
                Options::parse(&format!("location={v}")).skip_location,
                "{v}"
            );
        }
        assert!(!Options::parse("location=yes").skip_location);
    }

    #[test]
    fn unsafe_or_unreadable_values_are_ignored() {
        let o = Options::parse("lang=<script>&trials=NCT1;drop,NCT2&accent=red");
        assert_eq!(o.lang, None);
        assert_eq!(o.trials, vec!["NCT2"]);
        assert_eq!(o.accent, None);
    }

    #[test]
    fn a_refused_accent_says_why_and_the_host_is_kept_only_as_an_origin() {
        let o = Options::parse("accent=%23ffff00&host=https%3A%2F%2Fclinic.example");
        assert_eq!(o.accent, None);
        assert_eq!(o.accent_refused, Some(AccentRefusal::TooLight));
        assert_eq!(o.host.as_deref(), Some("https://clinic.example"));
        let o = Options::parse("accent=red&host=javascript:alert(1)");
        assert_eq!(o.accent_refused, Some(AccentRefusal::NotAColour));
        assert_eq!(o.host, None);
        assert_eq!(
            Options::parse("accent=").accent_refused,
            None,
            "empty: the default"
        );
        assert_eq!(Options::parse("accent=%23005ea5").accent_refused, None);
    }

    #[test]
    fn an_accent_too_light_for_white_text_is_refused() {
        assert_eq!(
            accent("#ffdd00"),
            None,
            "yellow behind white text is unreadable"
        );
        assert_eq!(accent("#777"), None, "4.48:1 is just under AA");
        assert_eq!(
            accent("#767676").as_deref(),
            Some("#767676"),
            "4.54:1 passes"
        );
        assert_eq!(accent("#000").as_deref(), Some("#000000"));
        assert_eq!(accent("#12345g"), None);
    }

    #[test]
    fn an_accent_with_letters_beyond_ascii_is_ignored_not_a_crash() {
        // "#€": three characters, five bytes; it was sliced by bytes and panicked.
        assert_eq!(Options::parse("?accent=%23%E2%82%AC").accent, None);
        // Found by the fuzzer (tests/fuzz): six bytes, two characters.
        assert_eq!(Options::parse("accent=%23%EE%95%83%EF%BF%BD").accent, None);
        for s in ["#ééé", "#1é", "#0000é", "#\u{ff10}00", "#٠٠٠"] {
            assert_eq!(accent(s), None, "{s}");
        }
        assert_eq!(accent(" #005EA5 ").as_deref(), Some("#005ea5"));
    }

    #[test]
    fn only_a_list_it_can_offer_is_asked_for() {
        assert_eq!(Options::parse("offer=trials").offer, Some(TRIALS));
        for v in ["lang", "accent", "", "TRIALS", "trials,lang"] {
            assert_eq!(Options::parse(&format!("offer={v}")).offer, None, "{v}");
        }
        assert_eq!(Options::parse("trials=NCT1").offer, None);
    }

    #[test]
    fn percent_decoding_handles_bad_escapes() {
        assert_eq!(decode("a%2Cb+c"), "a,b c");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz"), "%zz");
    }
}
