//! What a kiosk build carries, decided here and nowhere else: which sections and stories,
//! which pictures, which services. A kiosk is a shared device in a prison: it shows the pages
//! cleared for it, the services of the areas it serves, and nothing that needs the internet.

use std::collections::HashSet;

use jiff::civil::Date;

use crate::config::Kiosk;
use crate::content::directory::Listing;
use crate::content::{Kind, Library};

/// What a kiosk leaves out: sections it does not show, and stories not cleared for kiosks
/// (an easy-read summary goes with its story).
pub(crate) fn documents_left_out(kiosk: &Kiosk, library: &Library) -> HashSet<String> {
    let top = |rel: &str| rel.split_once('/').map(|(dir, _)| dir.to_string());
    let mut out = HashSet::new();
    for doc in library.documents() {
        let hidden_language = !kiosk.languages.is_empty() && !kiosk.languages.contains(&doc.lang);
        let hidden_section = !kiosk.sections.is_empty()
            && top(&doc.rel_path).is_some_and(|dir| !kiosk.sections.contains(&dir));
        let in_stories =
            doc.kind == Kind::Page && doc.parent.is_some_and(|p| library.sections[p].is_stories);
        let story = doc
            .story()
            .or_else(|| doc.twin.and_then(|t| library.pages[t].story()));
        // Search needs a web server; a kiosk has the A to Z instead.
        let search = doc.meta.template.as_deref() == Some("search.html");
        if search
            || hidden_language
            || hidden_section
            || in_stories && !story.is_some_and(|s| s.kiosk)
        {
            out.insert(doc.rel_path.clone());
        }
    }
    out
}

/// A file beside the content (a picture) travels with its section: top-level files always.
pub(crate) fn carries_asset(kiosk: Option<&Kiosk>, rel: &str) -> bool {
    kiosk.is_none_or(|k| {
        k.sections.is_empty()
            || !rel.contains('/')
            || k.sections.iter().any(|s| rel.starts_with(&format!("{s}/")))
    })
}

/// A listing stays when it is national, always shown, or serves one of the kiosk's council
/// areas; and, in a federation, until its review date and the grace period have passed.
pub(crate) fn carries_listing(
    kiosk: &Kiosk,
    listing: &Listing,
    review_grace_days: Option<u32>,
    today: Date,
) -> bool {
    let here =
        listing.always || listing.national || kiosk.councils.iter().any(|c| listing.serves(c));
    let current = review_grace_days.is_none_or(|days| {
        let grace = jiff::Span::new().days(i64::from(days));
        listing
            .review_by
            .and_then(|d| d.checked_add(grace).ok())
            .is_none_or(|d| d >= today)
    });
    here && current
}

/// The self-assessment suggests the national services and those of the kiosk's areas.
pub(crate) fn carries_service(kiosk: &Kiosk, service: &assessment::model::Service) -> bool {
    service.always
        || service
            .areas
            .iter()
            .any(|a| a == "all" || kiosk.councils.contains(a))
}

/// The directory's council-area pages: a kiosk's own areas only.
pub(crate) fn carries_council(kiosk: Option<&Kiosk>, council: &str) -> bool {
    kiosk.is_none_or(|k| k.councils.iter().any(|c| c == council))
}

/// The directory's prison pages: a kiosk's own prison only.
pub(crate) fn carries_prison(kiosk: Option<&Kiosk>, prison: &str) -> bool {
    kiosk.is_none_or(|k| k.prison == prison)
}
