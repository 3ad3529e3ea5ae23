//! sitemap.xml, from `internal/sitemap.xml`, and robots.txt, from `robots.txt` (Zola's names).

use serde::Serialize;
use tera::{Context, Tera};

use crate::content::Document;
use crate::finding::{Finding, Severity};

/// What `internal/sitemap.xml` gets.
#[derive(Serialize)]
struct Sitemap<'a> {
    /// Every page's address, sorted.
    urls: Vec<&'a str>,
}

pub(crate) fn sitemap(tera: &Tera, docs: &[&Document]) -> Result<String, Finding> {
    let mut urls: Vec<&str> = docs.iter().map(|d| d.permalink.as_str()).collect();
    urls.sort();
    Context::from_serialize(Sitemap { urls })
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
