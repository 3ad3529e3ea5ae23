//! A pack's two forms: the print page (HTML, for a browser's print) and the data its PDF is
//! laid out from. Both come from the same pages and services.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::{json, Value};

use crate::config::Config;
use crate::content::packs::Pack;
use crate::icons::Icons;
use crate::markdown::{BlockKind, Outline};

/// A service as a pack lists it: its name, what it does in easy words, its phone number.
#[derive(Serialize)]
pub struct PackService {
    name: String,
    text: String,
    phone: Option<String>,
}

/// The services a pack lists: national ones, and the council's own for a local pack. The
/// service listings are in the default language; a pack in another language lists that
/// language's help box instead (the crisis lines and national help, in its own words).
pub fn services(
    pack: &Pack,
    all: &[assessment::model::Service],
    config: &Config,
) -> Vec<PackService> {
    if let Some(language) = config.languages.get(&pack.lang) {
        let lines = language.extra.get("help").and_then(toml::Value::as_array);
        let text = |line: &toml::Value, key: &str| {
            line.get(key)
                .and_then(toml::Value::as_str)
                .map(str::to_string)
        };
        return lines
            .into_iter()
            .flatten()
            .map(|line| PackService {
                name: text(line, "name").unwrap_or_default(),
                text: text(line, "easy")
                    .or_else(|| text(line, "text"))
                    .unwrap_or_default(),
                phone: text(line, "phone"),
            })
            .collect();
    }
    all.iter()
        .filter(|s| {
            s.areas
                .iter()
                .any(|a| a == "all" || Some(a) == pack.council.as_ref())
        })
        .map(|s| PackService {
            name: s.name.clone(),
            text: s.easy.clone(),
            phone: s.phone.clone(),
        })
        .collect()
}

/// The words a pack's PDF says around its pages, in the pack's language.
fn pdf_strings<'a>(pack: &Pack, config: &'a Config) -> BTreeMap<&'static str, &'a str> {
    let table = config
        .languages
        .get(&pack.lang)
        .map_or(&config.translations, |l| &l.translations);
    [
        ("free", "pack_free"),
        ("contents", "pack_contents"),
        ("who_can_help", "pack_who_can_help"),
        ("phone", "pack_phone"),
        ("page_of", "pack_page_of"),
        ("plan_title", "plan_title"),
        ("plan_write", "plan_write"),
        ("what", "plan_what"),
        ("who", "plan_who"),
        ("how", "plan_how"),
        ("by_when", "plan_by_when"),
        ("done", "plan_done"),
    ]
    .into_iter()
    .map(|(name, key)| (name, table.get(key).map_or("", String::as_str)))
    .collect()
}

/// The `pack` variable of `pack.html`: the pack as the `packs` variable lists it, with its
/// pages and services.
#[derive(Serialize)]
struct PackPage<'a> {
    #[serde(flatten)]
    listing: &'a serde_json::Map<String, Value>,
    pages: Vec<&'a Value>,
    services: Vec<PackService>,
    plan_template: bool,
}

/// The pack as its PDF template reads it (pack.typ), and the pictures it uses.
pub fn pdf_data(
    pack: &Pack,
    config: &Config,
    site: &str,
    titles: &HashMap<String, String>,
    outlines: &HashMap<String, &Outline>,
    services: &[PackService],
    icons: &Icons,
) -> (String, BTreeMap<String, String>) {
    let mut used = BTreeMap::new();
    let pages: Vec<Value> = pack
        .pages
        .iter()
        .filter_map(|p| {
            let outline = outlines.get(p)?;
            let blocks: Vec<Value> = outline
                .blocks
                .iter()
                .filter(|b| !b.text.trim().is_empty())
                .map(|b| {
                    let icon = b
                        .picture
                        .as_ref()
                        .map(|(name, _)| name.clone())
                        .filter(|n| icons.get(n).is_some());
                    if let Some(name) = &icon {
                        used.insert(
                            name.clone(),
                            icons.get(name).unwrap_or_default().to_string(),
                        );
                    }
                    let kind = if matches!(b.kind, BlockKind::Heading(_)) {
                        "heading"
                    } else {
                        "text"
                    };
                    json!({"kind": kind, "text": b.text.trim(), "icon": icon})
                })
                .collect();
            Some(json!({"title": titles.get(p).cloned().unwrap_or_default(), "blocks": blocks}))
        })
        .collect();
    let data = json!({
        "title": pack.title,
        "description": pack.description,
        "site": site,
        "pages": pages,
        "services": services,
        "plan_template": pack.plan_template,
        "lang": pack.lang,
        "strings": pdf_strings(pack, config),
    });
    (data.to_string(), used)
}

/// Each pack's PDF inputs (its id, typst data and pictures), from the pages' outlines: made
/// before rendering takes the outlines.
pub fn pdf_inputs(
    packs: &[Pack],
    config: &Config,
    docs: &[&crate::content::Document],
    outlines: &[&Outline],
    site: &str,
    services_all: &[assessment::model::Service],
    icons: &Icons,
) -> Vec<(String, String, BTreeMap<String, String>)> {
    let outlines: HashMap<String, &Outline> = docs
        .iter()
        .zip(outlines)
        .map(|(d, o)| (d.rel_path.clone(), *o))
        .collect();
    let titles: HashMap<String, String> = docs
        .iter()
        .map(|d| (d.rel_path.clone(), d.title.clone()))
        .collect();
    packs
        .iter()
        .map(|p| {
            let services = services(p, services_all, config);
            let (json, used) = pdf_data(p, config, site, &titles, &outlines, &services, icons);
            (p.id.clone(), json, used)
        })
        .collect()
}

/// Each pack's print page, and its PDF when built with the `pdf` feature and `pdfs` is on
/// (made in parallel: typst takes 30 to 50 ms a pack); the PDFs' sizes and times for the
/// summary.
#[allow(clippy::too_many_arguments)]
pub fn pages_and_pdfs(
    tera: &tera::Tera,
    packs: &[Pack],
    inputs: Vec<(String, String, BTreeMap<String, String>)>,
    values: &super::values::Values,
    globals: &super::Globals,
    services_all: &[assessment::model::Service],
    config: &Config,
    pdfs: bool,
    errors: &mut Vec<crate::finding::Finding>,
) -> (Vec<crate::output::OutputFile>, PdfTimes) {
    let mut files = Vec::new();
    for pack in packs {
        match print_page(tera, pack, values, globals, services_all, config) {
            Ok(f) => files.push(f),
            Err(e) => errors.push(e),
        }
    }
    let mut pack_pdfs = Vec::new();
    #[cfg(feature = "pdf")]
    if pdfs {
        use rayon::prelude::*;
        let made: Vec<_> = inputs
            .into_par_iter()
            .map(|(id, pdf_json, used)| {
                let started = std::time::Instant::now();
                let made = super::pdf::pack_pdf(&id, pdf_json, &used);
                (id, made, started.elapsed())
            })
            .collect();
        for (id, made, took) in made {
            match made {
                Ok(bytes) => {
                    pack_pdfs.push((id.clone(), bytes.len(), took));
                    files.push(crate::output::OutputFile::Made {
                        path: format!("packs/{id}/{id}.pdf"),
                        bytes,
                    });
                }
                Err(why) => errors.push(crate::finding::Finding::about_file(
                    crate::finding::Severity::Error,
                    "packs::pdf",
                    format!("content/packs/{id}.toml"),
                    format!("the PDF could not be made: {why}"),
                    "check the pack's pages; report this if it keeps happening",
                )),
            }
        }
    }
    #[cfg(not(feature = "pdf"))]
    let _ = (inputs, pdfs, &mut pack_pdfs);
    (files, pack_pdfs)
}

/// Each PDF's pack id, bytes, and the time typst took.
pub type PdfTimes = Vec<(String, usize, std::time::Duration)>;

fn print_page(
    tera: &tera::Tera,
    pack: &Pack,
    values: &super::values::Values,
    globals: &super::Globals,
    services_all: &[assessment::model::Service],
    config: &Config,
) -> Result<crate::output::OutputFile, crate::finding::Finding> {
    let id = pack.id.as_str();
    let listing = globals.packs.as_array().into_iter().flatten();
    let listing = listing
        .filter_map(Value::as_object)
        .find(|p| p.get("id").and_then(Value::as_str) == Some(id));
    let Some(listing) = listing else {
        return Err(crate::finding::Finding::about_file(
            crate::finding::Severity::Error,
            "packs::unlisted",
            format!("content/packs/{id}.toml"),
            "the pack is missing from the list of packs",
            "report this: every pack read is listed",
        ));
    };
    let value = PackPage {
        listing,
        pages: pack
            .pages
            .iter()
            .filter_map(|p| values.pages.get(p))
            .collect(),
        services: services(pack, services_all, config),
        plan_template: pack.plan_template,
    };
    let mut cx = globals.context(&format!("/packs/{id}/"));
    cx.insert("pack", &value);
    cx.insert("lang", &pack.lang);
    globals.in_language(&pack.lang, &mut cx);
    tera.render("pack.html", &cx)
        .map(|html| crate::output::OutputFile::Made {
            path: format!("packs/{id}/index.html"),
            bytes: html.into_bytes(),
        })
        .map_err(|e| {
            crate::finding::Finding::about_file(
                crate::finding::Severity::Error,
                "templates::render",
                "templates/pack.html",
                super::tera_error_text(&e),
                "fix the template",
            )
        })
}
