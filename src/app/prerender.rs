//! The first screens, rendered at build time by the app's own components with Yew's server
//! renderer: the start page, the page Start leads to, the loading page and the "answers
//! forgotten" notice, in every language. They are written into index.html as inert templates
//! that web/shell.js shows until the app loads and takes over (`handoff`).

use super::boot::{Boot, Props};
use super::components::forgotten::{self, Forgotten};
use super::handoff::Handoff;
use super::route::Route;
use super::{initial_locale, loaded, loading_title, App, Load};
use crate::geo::Cities;
use crate::i18n::{self, LANGUAGES};
use crate::options::Options;
use crate::shell::{action, escape};
use std::rc::Rc;
use yew::{BaseComponent, LocalServerRenderer};

/// The regions whose locale might change a page (a lab unit preselected for the country, as
/// `form::country_of` chooses it; GB stands for every region it does not name): a page that
/// differs in one of them is kept only for the bare language.
pub const REGIONS: [&str; 5] = ["US", "GB", "KR", "CN", "FR"];

/// Where the templates go in index.html; a build that has them already has them replaced.
const START: &str = "<!-- prerendered";
const END: &str = "<!-- /prerendered -->";

/// One prerendered page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// `start`, `next`, `loading` or `forgotten`.
    pub page: &'static str,
    pub lang: &'static str,
    pub title: String,
    /// The address's path after `#` where it is shown (`start` and `next`).
    pub route: Option<String>,
    /// Set when the page differs by region: it is then only for this bare locale.
    pub locale: Option<String>,
    /// The files beside the page it reads besides the trials ([`Route::reads`]), which
    /// shell.js asks for as soon as it shows the page.
    pub reads: &'static [&'static str],
    pub html: String,
}

fn render<C: BaseComponent>(props: C::Properties) -> String {
    futures::executor::block_on(
        LocalServerRenderer::<C>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

struct Screens {
    load: Load,
    cities: Option<Rc<Cities>>,
}

impl Screens {
    /// The app's page at `route` in `locale`, and its title.
    fn page(&self, locale: &str, route: &Route, load: &Load) -> (String, String) {
        let options = Options::default();
        let boot = Rc::new(Boot {
            locale: initial_locale(&options, &[locale.to_string()]),
            options,
            route: route.clone(),
            load: load.clone(),
            cities: self.cities.clone(),
            waiting: None,
            handoff: Handoff::default(),
            title: Default::default(),
        });
        let html = render::<App>(Props { boot: boot.clone() });
        let title = boot.title.borrow().clone();
        (html, title)
    }

    /// The bare language, when the page at `route` differs in some region.
    fn regional(&self, lang: &'static str, route: &Route, html: &str) -> Option<String> {
        (REGIONS.iter())
            .any(|r| self.page(&format!("{lang}-{r}"), route, &self.load).0 != html)
            .then(|| lang.to_string())
    }
}

/// The path after `#` of a route, as the address shows it.
fn path(route: &Route) -> String {
    route
        .href()
        .trim_start_matches('#')
        .trim_end_matches('/')
        .to_string()
}

/// Where the start page's Start button leads, as it is rendered.
fn start_leads_to(html: &str) -> Option<Route> {
    let marker = format!("data-shell=\"{}\"", action::START);
    let at = html.find(&marker)?;
    let tag = &html[html[..at].rfind('<')?..at];
    let href = tag.split("href=\"").nth(1)?.split('"').next()?;
    Some(Route::parse(href).0)
}

/// Why a page cannot be shown by shell.js as it is, if it cannot: shell.js moves no tick and
/// reveals no field, so a page with boxes to tick is left to the app.
fn unshowable(html: &str) -> Option<&'static str> {
    if !html.contains("<form") {
        return Some("it has no form");
    }
    if html.contains("aria-busy=\"true\"") {
        return Some("it is still loading (no cities.json beside the trials?)");
    }
    if html.contains("type=\"radio\"") || html.contains("type=\"checkbox\"") {
        return Some("it has boxes to tick");
    }
    None
}

/// Every prerendered page, in every language, from the trials and cities as published.
/// Notes (a page not prerendered, and why) go to `note`.
pub fn pages(
    trials: Vec<u8>,
    cities: Option<&str>,
    note: &mut dyn FnMut(String),
) -> Result<Vec<Page>, String> {
    let load = loaded(Ok(trials), &Options::default());
    if !matches!(load, Load::Ready(_)) {
        return Err("the trials do not load: run `prescreen check`".into());
    }
    let cities = match cities {
        Some(c) => Some(Rc::new(
            Cities::parse(c).map_err(|e| format!("cities.json: {e}"))?,
        )),
        None => None,
    };
    let screens = Screens { load, cities };
    let mut out = Vec::new();
    let mut next_route: Option<Route> = None;
    for l in LANGUAGES {
        let lang = l.lang;
        let (html, title) = screens.page(lang, &Route::Start, &screens.load);
        let route = start_leads_to(&html).ok_or("the start page has no Start button")?;
        if next_route.as_ref().is_some_and(|r| *r != route) {
            return Err(format!(
                "Start leads to {} in {lang}, not as in the others",
                route.href()
            ));
        }
        out.push(Page {
            page: "start",
            lang,
            title,
            route: Some(path(&Route::Start)),
            locale: screens.regional(lang, &Route::Start, &html),
            reads: Route::Start.reads(),
            html,
        });
        let (html, title) = screens.page(lang, &route, &screens.load);
        match unshowable(&html) {
            Some(why) => note(format!(
                "the page Start leads to ({}) is not prerendered: {why}",
                route.href()
            )),
            None => out.push(Page {
                page: "next",
                lang,
                title,
                route: Some(path(&route)),
                locale: screens.regional(lang, &route, &html),
                reads: route.reads(),
                html,
            }),
        }
        next_route = Some(route);
        let (html, title) = screens.page(lang, &Route::Start, &Load::Loading);
        out.push(Page {
            page: "loading",
            lang,
            title,
            route: None,
            locale: None,
            reads: &[],
            html,
        });
        out.push(Page {
            page: "forgotten",
            lang,
            title: String::new(),
            route: None,
            locale: None,
            reads: &[],
            html: render::<Forgotten>(forgotten::Props {
                t: i18n::strings(lang),
            }),
        });
    }
    for p in &out {
        let html = p.html.to_ascii_lowercase();
        if html.contains("<script") || html.contains(" style=") {
            return Err(format!(
                "{} ({}) has a script or a style attribute, which the CSP forbids",
                p.page, p.lang
            ));
        }
        if p.page != "forgotten" && html.matches("<main").count() != 1 {
            return Err(format!("{} ({}) is not one page", p.page, p.lang));
        }
        if p.page == "loading" && p.title != loading_title(i18n::strings(p.lang)) {
            return Err(format!("the loading page ({}) has no title", p.lang));
        }
        if p.page != "forgotten" && p.title.is_empty() {
            return Err(format!("{} ({}) has no title", p.page, p.lang));
        }
    }
    Ok(out)
}

/// `index` with the pages written in as templates before `</body>`, in place of any there.
pub fn write_into(index: &str, pages: &[Page]) -> Result<String, String> {
    let built = match (index.find(START), index.find(END)) {
        (Some(a), Some(b)) if a < b => {
            let a = index[..a].trim_end().len();
            format!("{}{}", &index[..a], &index[b + END.len()..])
        }
        _ => index.to_string(),
    };
    let block: Vec<String> = pages
        .iter()
        .map(|p| {
            let data: String = [
                ("page", Some(p.page.to_string())),
                ("lang", Some(p.lang.to_string())),
                ("title", Some(p.title.clone()).filter(|t| !t.is_empty())),
                ("route", p.route.clone()),
                ("locale", p.locale.clone()),
                ("fetch", Some(p.reads.join(" ")).filter(|f| !f.is_empty())),
            ]
            .into_iter()
            .filter_map(|(k, v)| Some(format!(" data-{k}=\"{}\"", escape(&v?))))
            .collect();
            format!("<template{data}>{}</template>", p.html)
        })
        .collect();
    let at = built.rfind("</body>").ok_or("no </body> in index.html")?;
    Ok(format!(
        "{}{START}: the first screens, shown by shell.js until the app loads (prescreen prerender) -->\n{}\n{END}\n{}",
        &built[..at],
        block.join("\n"),
        &built[at..]
    ))
}
