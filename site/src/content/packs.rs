//! Printable packs: `content/packs/*.toml` names pages in order, the services to list and
//! whether to add a plan to fill in by hand. A pack with `for_each_council = true` becomes one
//! pack for every council area that has local services.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::finding::{Finding, Severity, SourceFile};

use super::{read_source, Library};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    title: String,
    description: String,
    #[serde(default = "person")]
    audience: String,
    pages: Vec<Spanned<String>>,
    /// "national", or a council area's name.
    #[serde(default = "national")]
    services: String,
    #[serde(default)]
    plan_template: bool,
    #[serde(default)]
    for_each_council: bool,
    /// The language of its pages (config.toml's code); the default language when left out.
    lang: Option<Spanned<String>>,
}

fn person() -> String {
    "person".into()
}

fn national() -> String {
    "national".into()
}

/// One pack to print.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Pack {
    pub id: String,
    pub title: String,
    pub description: String,
    pub audience: String,
    /// Content-relative paths of the pages, in order.
    pub pages: Vec<String>,
    /// `None`: national services only; `Some(council)`: those and the council's own.
    pub council: Option<String>,
    pub plan_template: bool,
    /// Its language: its pages', its words' and its PDF's.
    pub lang: String,
}

/// Read and check every pack. `councils_with_services` lists the council areas that have
/// services of their own, for `for_each_council` packs.
pub fn load(
    root: &Path,
    library: &Library,
    config: &crate::config::Config,
    councils_with_services: &[String],
) -> Result<Vec<Pack>, Vec<Finding>> {
    let mut packs = Vec::new();
    let mut errors = Vec::new();
    for rel in &library.pack_files {
        let file = match read_source(root, rel) {
            Ok(f) => f,
            Err(f) => {
                errors.push(f);
                continue;
            }
        };
        let raw: RawPack = match toml::from_str(&file.text) {
            Ok(r) => r,
            Err(e) => {
                errors.push(file.finding(Severity::Error, "packs::invalid", e.span().unwrap_or(0..0), format!("the pack is not valid: {}", e.message().trim()), "fields: title, description, audience, pages, services, plan_template, for_each_council (see docs/writing-content.md)"));
                continue;
            }
        };
        let lang = match &raw.lang {
            Some(code) if !config.has_language(code.get_ref()) => {
                errors.push(file.finding(
                    Severity::Error,
                    "packs::language",
                    code.span(),
                    format!("`{}` is not one of the site's languages", code.get_ref()),
                    format!(
                        "use `{}` or a [languages.xx] code from config.toml",
                        config.default_language
                    ),
                ));
                continue;
            }
            Some(code) => code.get_ref().clone(),
            None => config.default_language.clone(),
        };
        check_pages(&file, &raw, &lang, library, &mut errors);
        let id = rel
            .trim_start_matches("packs/")
            .trim_end_matches(".toml")
            .to_string();
        if let Err(why) = crate::output::OutputPath::from_url(&format!("/packs/{id}/{id}.pdf")) {
            errors.push(file.finding(
                Severity::Error,
                why.rule(),
                0..0,
                format!("this pack's name `{id}` makes a path that cannot be used: {why}"),
                "rename the file with letters, digits and hyphens, such as packs/housing.toml",
            ));
            continue;
        }
        let pages: Vec<String> = raw.pages.iter().map(|p| p.get_ref().clone()).collect();
        if raw.for_each_council {
            for council in councils_with_services {
                let slug = crate::slug::slugify(council);
                packs.push(Pack {
                    id: format!("{id}-{slug}"),
                    title: raw.title.replace("{council}", council),
                    description: raw.description.replace("{council}", council),
                    audience: raw.audience.clone(),
                    pages: pages.clone(),
                    council: Some(council.clone()),
                    plan_template: raw.plan_template,
                    lang: lang.clone(),
                });
            }
        } else {
            packs.push(Pack {
                id,
                title: raw.title,
                description: raw.description,
                audience: raw.audience,
                pages,
                council: (raw.services != "national").then_some(raw.services),
                plan_template: raw.plan_template,
                lang,
            });
        }
    }
    packs.sort_by(|a, b| a.id.cmp(&b.id));
    if errors.is_empty() {
        Ok(packs)
    } else {
        Err(errors)
    }
}

/// Every page exists, and is in the pack's language: a pack is one language throughout.
fn check_pages(
    file: &SourceFile,
    raw: &RawPack,
    lang: &str,
    library: &Library,
    errors: &mut Vec<Finding>,
) {
    for page in &raw.pages {
        match library.page_by_path(page.get_ref()) {
            None => errors.push(file.finding(Severity::Error, "packs::unknown_page", page.span(), format!("there is no page `{}`", page.get_ref()), "name a page by its path under content/, for example before-release/getting-ready.easy.md")),
            Some(p) if p.lang != lang => errors.push(file.finding(
                Severity::Error,
                "packs::language",
                page.span(),
                format!("`{}` is in `{}`, and this pack is in `{lang}`", page.get_ref(), p.lang),
                format!("name the page's `{lang}` version, or set lang = \"{}\" for the whole pack", p.lang),
            )),
            Some(_) => {}
        }
    }
}
