//! sitemap.xml, from `internal/sitemap.xml`, and robots.txt, from `robots.txt` (Zola's names).

use serde::Serialize;
use tera::{Context, Tera};

use std::collections::HashSet;

use crate::content::{Document, Library};
use crate::finding::{Finding, Severity};

/// What `internal/sitemap.xml` gets.
#[derive(Serialize)]
struct Sitemap<'a> {
    /// Every page's address, sorted.
    urls: Vec<&'a str>,
    /// The same, each with every language's version of it (itself included) when it has more
    /// than one: the sitemap's `hreflang` alternates.
    entries: Vec<Entry>,
}

#[derive(Serialize)]
struct Entry {
    permalink: String,
    alternates: Vec<Alternate>,
}

#[derive(Serialize)]
struct Alternate {
    lang: String,
    permalink: String,
}

pub(crate) fn sitemap(
    tera: &Tera,
    docs: &[&Document],
    library: &Library,
) -> Result<String, Finding> {
    let mut urls: Vec<&str> = docs.iter().map(|d| d.permalink.as_str()).collect();
    urls.sort();
    let built: HashSet<&str> = urls.iter().copied().collect();
    let mut entries: Vec<Entry> = docs
        .iter()
        .map(|d| {
            let versions: Vec<Alternate> = library
                .translations_of(d)
                .into_iter()
                .filter(|t| built.contains(t.permalink.as_str()))
                .map(|t| Alternate {
                    lang: t.lang,
                    permalink: t.permalink,
                })
                .collect();
            Entry {
                permalink: d.permalink.clone(),
                alternates: if versions.len() > 1 {
                    versions
                } else {
                    Vec::new()
                },
            }
        })
        .collect();
    entries.sort_by(|a, b| a.permalink.cmp(&b.permalink));
    Context::from_serialize(Sitemap { urls, entries })
        .and_then(|cx| tera.render("internal/sitemap.xml", &cx))
        .map_err(|e| {
            Finding::about_file(
                Severity::Error,
                "templates::render",
                "templates/internal/sitemap.xml",
                format!(
                    "rendering the sitemap failed: {}",
                    super::tera_error_text(&e)
                ),
                "fix templates/internal/sitemap.xml, or remove it to use the built-in one",
            )
        })
}

/// What `robots.txt` gets: the sitemap's address, when the site has one.
#[derive(Serialize)]
struct Robots<'a> {
    sitemap: Option<&'a str>,
}

/// robots.txt: everything may be read; the sitemap named when there is one.
pub(crate) fn robots(tera: &Tera, sitemap: Option<&str>) -> Result<String, Finding> {
    Context::from_serialize(Robots { sitemap })
        .and_then(|cx| tera.render("robots.txt", &cx))
        .map(|text| text.trim_end().to_string() + "\n")
        .map_err(|e| {
            Finding::about_file(
                Severity::Error,
                "templates::render",
                "templates/robots.txt",
                format!(
                    "rendering robots.txt failed: {}",
                    super::tera_error_text(&e)
                ),
                "fix templates/robots.txt, or remove it to use the built-in one",
            )
        })
}
