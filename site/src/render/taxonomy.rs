//! Taxonomy pages: a list of terms, and a page per term.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::config::Config;
use crate::content::Library;
use crate::finding::{Finding, Severity};
use crate::output::OutputFile;
use crate::render::{self, values::Values, Globals};

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
        let mut terms: BTreeMap<String, (String, Vec<Value>)> = BTreeMap::new();
        for page in &library.pages {
            for name in page
                .meta
                .taxonomies
                .get(&taxonomy.name)
                .into_iter()
                .flatten()
            {
                let slug = crate::slug::slugify(name.get_ref());
                terms
                    .entry(slug)
                    .or_insert_with(|| (name.get_ref().clone(), Vec::new()))
                    .1
                    .push(values.pages[&page.rel_path].clone());
            }
        }
        if terms.is_empty() {
            continue;
        }
        let term_values: Vec<Value> = terms
            .iter()
            .map(|(slug, (name, pages))| json!({"name": name, "slug": slug, "path": format!("/{}/{slug}/", taxonomy.name), "permalink": config.url_for(&format!("{}/{slug}/", taxonomy.name)), "pages": pages, "page_count": pages.len()}))
            .collect();
        let tax = json!({"name": taxonomy.name, "slug": crate::slug::slugify(&taxonomy.name), "permalink": config.url_for(&format!("{}/", taxonomy.name))});
        let render = |template: String,
                      path: String,
                      term: Option<&Value>|
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
            let slug = term["slug"].as_str().unwrap_or_default();
            match render(
                format!("{}/single.html", taxonomy.name),
                format!("{}/{slug}/", taxonomy.name),
                Some(term),
            ) {
                Ok(f) => files.push(f),
                Err(e) => errors.push(e),
            }
        }
    }
    files
}
