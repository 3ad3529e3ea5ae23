//! Taxonomy pages: a list of terms, and a page per term.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::config::Config;
use crate::content::Library;
use crate::finding::{Finding, Severity};
use crate::output::OutputFile;
use crate::render::{self, values::Values, Globals};

/// The `taxonomy` variable.
#[derive(Serialize)]
struct TaxonomyValue<'a> {
    name: &'a str,
    slug: String,
    permalink: String,
}

/// A term, as `terms` lists it and as `term` on its own page.
#[derive(Serialize)]
struct TermValue<'a> {
    name: &'a str,
    slug: &'a str,
    path: String,
    permalink: String,
    pages: &'a [&'a Value],
    page_count: usize,
}

/// Every rendered taxonomy's list of terms, and a page per term.
pub(crate) fn taxonomy_pages(
    tera: &tera::Tera,
    config: &Config,
    library: &Library,
    values: &Values,
    globals: &Globals,
    errors: &mut Vec<Finding>,
) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for taxonomy in config.taxonomies.iter().filter(|t| t.render) {
        let terms = terms(&taxonomy.name, library, values);
        if terms.is_empty() {
            continue;
        }
        let term_values: Vec<TermValue> = terms
            .iter()
            .map(|(slug, (name, pages))| TermValue {
                name,
                slug,
                path: format!("/{}/{slug}/", taxonomy.name),
                permalink: config.url_for(&format!("{}/{slug}/", taxonomy.name)),
                pages,
                page_count: pages.len(),
            })
            .collect();
        let tax = TaxonomyValue {
            name: &taxonomy.name,
            slug: crate::slug::slugify(&taxonomy.name),
            permalink: config.url_for(&format!("{}/", taxonomy.name)),
        };
        let render = |template: String,
                      path: String,
                      term: Option<&TermValue>|
         -> Result<OutputFile, Finding> {
            let mut cx = globals.context(&format!("/{path}"));
            cx.insert("taxonomy", &tax);
            match term {
                Some(t) => cx.insert("term", t),
                None => cx.insert("terms", &term_values),
            }
            tera.render(&template, &cx)
                .map(|html| OutputFile::Made { path: format!("{path}index.html"), bytes: html.into_bytes() })
                .map_err(|e| Finding::about_file(Severity::Error, "templates::render", format!("templates/{template}"), render::tera_error_text(&e), format!("add templates/{template}, or set render = false on the `{}` taxonomy in config.toml", taxonomy.name)))
        };
        let list = format!("{}/list.html", taxonomy.name);
        match render(list, format!("{}/", taxonomy.name), None) {
            Ok(f) => files.push(f),
            Err(e) => errors.push(e),
        }
        for term in &term_values {
            match render(
                format!("{}/single.html", taxonomy.name),
                format!("{}/{}/", taxonomy.name, term.slug),
                Some(term),
            ) {
                Ok(f) => files.push(f),
                Err(e) => errors.push(e),
            }
        }
    }
    files
}

/// A taxonomy's terms by slug: each term's name as first written, and its pages' values.
fn terms<'a>(
    taxonomy: &str,
    library: &'a Library,
    values: &'a Values,
) -> BTreeMap<String, (&'a str, Vec<&'a Value>)> {
    let mut terms: BTreeMap<String, (&str, Vec<&Value>)> = BTreeMap::new();
    for page in &library.pages {
        for name in page.meta.taxonomies.get(taxonomy).into_iter().flatten() {
            let slug = crate::slug::slugify(name.get_ref());
            terms
                .entry(slug)
                .or_insert_with(|| (name.get_ref(), Vec::new()))
                .1
                .push(&values.pages[&page.rel_path]);
        }
    }
    terms
}
