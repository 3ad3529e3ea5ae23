//! Pages and sections: each document through its template, in parallel.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use tera::Tera;

use crate::content::{Document, Kind, Library};
use crate::finding::{Finding, Severity};
use crate::output::OutputFile;
use crate::render::{self, values::Values, Globals};

/// Every template a document asks for must exist: say so for all of them at once.
pub fn missing_templates(tera: &Tera, docs: &[&Document], library: &Library) -> Vec<Finding> {
    let names: Vec<&str> = tera.get_template_names().collect();
    let mut available: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| !n.starts_with('_') && !n.starts_with("internal/"))
        .collect();
    available.sort();
    docs.iter()
        .filter_map(|doc| {
            let template = render::template_for(doc, library);
            if names.contains(&template.as_str()) || doc.meta.render == Some(false) {
                return None;
            }
            Some(doc.file.finding(
                Severity::Error,
                "templates::missing",
                doc.front.clone(),
                format!("the template `{template}` does not exist"),
                format!(
                    "add templates/{template}, or set template to one of: {}",
                    available.join(", ")
                ),
            ))
        })
        .collect()
}

/// What a page render needs besides the page.
pub struct PageRender<'a> {
    pub tera: &'a Tera,
    pub library: &'a Library,
    pub values: &'a Values,
    pub globals: &'a Globals,
    pub excluded: &'a HashSet<String>,
    /// Told (pages done, pages in all) as they finish, from the render threads.
    pub progress: &'a (dyn Fn(usize, usize) + Sync),
    /// Where each page goes as soon as it is rendered, when nothing later reads the pages'
    /// HTML; otherwise they are kept for search and folder links.
    pub staging: Option<&'a crate::output::Staging>,
}

/// Every document that renders and is not left out, as `path/index.html`.
pub fn render(r: &PageRender, docs: &[&Document], errors: &mut Vec<Finding>) -> Vec<OutputFile> {
    let (done, total) = (AtomicUsize::new(0), docs.len());
    let pages: Vec<Result<OutputFile, Finding>> = docs
        .par_iter()
        .filter(|doc| doc.meta.render != Some(false) && !r.excluded.contains(&doc.rel_path))
        .map(|doc| {
            let template = render::template_for(doc, r.library);
            let section;
            let value = match doc.kind {
                Kind::Section => {
                    section = r.values.section(&doc.rel_path).unwrap_or_default();
                    &section
                }
                Kind::Page => &r.values.pages[&doc.rel_path],
            };
            let html = render::render_document(r.tera, &template, doc, value, r.globals);
            (r.progress)(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            let path = format!("{}index.html", doc.path.trim_start_matches('/'));
            let bytes = html?.into_bytes();
            match r.staging {
                Some(staging) => {
                    staging.write_page(&path, &bytes)?;
                    let kept = render::headers::policy_meta(&bytes);
                    Ok(OutputFile::Written { path, kept })
                }
                None => Ok(OutputFile::Made { path, bytes }),
            }
        })
        .collect();
    (r.progress)(total, total);
    let mut files = Vec::with_capacity(pages.len() + 64);
    for page in pages {
        match page {
            Ok(f) => files.push(f),
            Err(e) => errors.push(e),
        }
    }
    files
}

/// The 404 page, when the theme has one.
pub fn not_found(tera: &Tera, globals: &Globals, errors: &mut Vec<Finding>) -> Option<OutputFile> {
    if !tera.get_template_names().any(|n| n == "404.html") {
        return None;
    }
    let cx = globals.context("/404.html");
    match tera.render("404.html", &cx) {
        Ok(html) => Some(OutputFile::Made {
            path: "404.html".into(),
            bytes: html.into_bytes(),
        }),
        Err(e) => {
            errors.push(Finding::about_file(
                Severity::Error,
                "templates::render",
                "templates/404.html",
                render::tera_error_text(&e),
                "fix the template",
            ));
            None
        }
    }
}
