//! Where a trial runs: the nearest site with its distance and contacts, all sites on demand,
//! named in the patient's language where the trials file has the names.

use crate::geo::{self, Point};
use crate::i18n::{format_distance, Strings};
use crate::model::Site;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub sites: Vec<Site>,
    pub from: Option<Point>,
    pub locale: AttrValue,
    pub t: &'static Strings,
}

fn site(s: &Site, km: Option<f64>, locale: &str, t: &'static Strings) -> Html {
    let lang = crate::i18n::base(locale);
    let place = [
        Some(s.city_in(&lang)),
        s.region_in(&lang),
        Some(s.country.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    html! {
        <div class="site">
            <p class="site-name">{ s.name_in(&lang) }</p>
            <p class="site-place">
                { place }
                if let Some(km) = km { { " · " }<span class="distance" data-testid="distance">{ format_distance(km, locale) }</span> }
            </p>
            { contacts(s, s.contacts.len(), t) }
        </div>
    }
}

/// The site's first `n` contacts, each with a phone and mail link.
pub fn contacts(s: &Site, n: usize, t: &'static Strings) -> Html {
    if s.contacts.is_empty() {
        return html! {};
    }
    html! {
        <ul class="contacts" aria-label={t.contact}>
            { for s.contacts.iter().take(n).map(|c| html! {
                <li>
                    { &c.name }
                    if let Some(p) = &c.phone { { " · " }<a href={format!("tel:{}", p.replace(' ', ""))}>{ p }</a> }
                    if let Some(e) = &c.email { { " · " }<a href={format!("mailto:{e}")}>{ e }</a> }
                </li>
            }) }
        </ul>
    }
}

#[component]
pub fn Sites(props: &Props) -> Html {
    let t = props.t;
    let ordered: Vec<(&Site, Option<f64>)> = match props.from {
        Some(p) => geo::by_distance(&props.sites, p),
        None => props.sites.iter().map(|s| (s, None)).collect(),
    };
    let Some((first, km)) = ordered.first() else {
        return html! {};
    };
    html! {
        <div class="sites">
            <h4 class="heading-s">{ if props.from.is_some() { t.nearest_site } else { t.contact } }</h4>
            { site(first, *km, &props.locale, t) }
            if ordered.len() > 1 {
                <details class="details">
                    <summary class="details-summary">{ (t.all_sites)(ordered.len()) }</summary>
                    <div class="details-text">
                        { for ordered.iter().skip(1).map(|(s, km)| site(s, *km, &props.locale, t)) }
                    </div>
                </details>
            }
        </div>
    }
}
