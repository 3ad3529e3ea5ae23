//! Redirect pages for aliases: old addresses that send people to the page.

use std::collections::HashSet;

use serde::Serialize;
use tera::{Context, Tera};

use crate::content::Document;
use crate::finding::{Finding, Severity};
use crate::output::OutputFile;

/// What `internal/alias.html` gets.
#[derive(Serialize)]
struct Alias<'a> {
    /// Where the page is now.
    url: &'a str,
}

/// A redirect page, readable without JavaScript, for each alias of each page that is built.
pub fn files(
    tera: &Tera,
    docs: &[&Document],
    excluded: &HashSet<String>,
    errors: &mut Vec<Finding>,
) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for doc in docs.iter().filter(|d| !excluded.contains(&d.rel_path)) {
        if doc.meta.aliases.is_empty() {
            continue;
        }
        let page = match page(tera, &doc.permalink) {
            Ok(page) => page,
            Err(e) => {
                errors.push(doc.file.about(
                    Severity::Error,
                    "templates::render",
                    format!("rendering its redirect pages with templates/internal/alias.html failed: {}", super::tera_error_text(&e)),
                    "fix templates/internal/alias.html, or remove it to use the built-in one",
                ));
                continue;
            }
        };
        for alias in &doc.meta.aliases {
            let alias = alias.get_ref().trim_start_matches('/');
            let path = if alias.ends_with(".html") {
                alias.to_string()
            } else {
                format!("{}/index.html", alias.trim_end_matches('/'))
            };
            files.push(OutputFile::Made {
                path,
                bytes: page.clone().into_bytes(),
            });
        }
    }
    files
}

fn page(tera: &Tera, url: &str) -> tera::Result<String> {
    let cx = Context::from_serialize(Alias { url })?;
    tera.render("internal/alias.html", &cx)
}
