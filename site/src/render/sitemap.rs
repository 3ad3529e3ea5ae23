//! sitemap.xml, from `internal/sitemap.xml`.

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
