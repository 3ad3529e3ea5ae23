//! What a kiosk build carries: the rules in one place.

use std::collections::HashSet;

use crate::content::{Kind, Library};

/// What a kiosk leaves out: sections it does not show, and stories not cleared for kiosks
/// (an easy-read summary goes with its story).
pub(crate) fn kiosk_excludes(kiosk: &crate::config::Kiosk, library: &Library) -> HashSet<String> {
    let top = |rel: &str| rel.split_once('/').map(|(dir, _)| dir.to_string());
    let mut out = HashSet::new();
    for doc in library.documents() {
        let hidden_section = !kiosk.sections.is_empty()
            && top(&doc.rel_path).is_some_and(|dir| !kiosk.sections.contains(&dir));
        let in_stories =
            doc.kind == Kind::Page && doc.parent.is_some_and(|p| library.sections[p].is_stories);
        let story = doc
            .story()
            .or_else(|| doc.twin.and_then(|t| library.pages[t].story()));
        // Search needs a web server; a kiosk has the A to Z instead.
        let search = doc.meta.template.as_deref() == Some("search.html");
        if search || hidden_section || in_stories && !story.is_some_and(|s| s.kiosk) {
            out.insert(doc.rel_path.clone());
        }
    }
    out
}
