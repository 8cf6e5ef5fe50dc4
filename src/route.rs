//! The app's pages, as addresses after `#`, so that Back and Forward move between them and any
//! static file server works.

/// A page of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Start,
    Question(String),
    Location,
    /// How far the patient could travel for a study.
    Reach,
    Check,
    Results,
    Print,
    /// For clinics: check a local trials file and try it.
    Preview,
    NotFound,
    /// Fails on purpose, so tests can see what a patient sees when the app breaks.
    Crash,
}

impl Route {
    /// The files beside the page that this page reads besides the trials (the city menu's
    /// cities): asked for as soon as the page is shown, before the app has loaded.
    pub fn reads(&self) -> &'static [&'static str] {
        match self {
            Route::Location => &[crate::shell::CITIES_FILE],
            _ => &[],
        }
    }

    /// Reads a hash such as `#/q/age`; answers carried in a share link come back apart.
    pub fn parse(hash: &str) -> (Route, Option<String>) {
        let h = hash.trim_start_matches('#');
        let (path, query) = h.split_once('?').unwrap_or((h, ""));
        let answers = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("answers="))
            .map(str::to_string);
        let route = match path.trim_end_matches('/') {
            "" => Route::Start,
            "/location" => Route::Location,
            "/reach" => Route::Reach,
            "/check" => Route::Check,
            "/results" => Route::Results,
            "/print" => Route::Print,
            "/preview" => Route::Preview,
            "/test/crash" => Route::Crash,
            p => match p.strip_prefix("/q/") {
                Some(id) if !id.is_empty() && !id.contains('/') => Route::Question(id.to_string()),
                _ => Route::NotFound,
            },
        };
        (route, answers)
    }

    pub fn href(&self) -> String {
        match self {
            Route::Start | Route::NotFound => "#/".into(),
            Route::Question(id) => format!("#/q/{id}"),
            Route::Location => "#/location".into(),
            Route::Reach => "#/reach".into(),
            Route::Check => "#/check".into(),
            Route::Results => "#/results".into(),
            Route::Print => "#/print".into(),
            Route::Preview => "#/preview".into(),
            Route::Crash => "#/test/crash".into(),
        }
    }
}
