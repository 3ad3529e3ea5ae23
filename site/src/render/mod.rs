//! Templates: tera set-up with Zola's functions, and rendering every document to HTML.

pub mod aliases;
pub mod builtin;
mod collation;
pub mod directory;
pub mod files;
pub mod globals;
pub mod headers;
pub mod kiosk;
mod noscript;
pub mod packs;
pub mod pages;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod radio;
pub mod relative;
pub mod search;
pub mod sitemap;
pub mod taxonomy;
pub mod values;

pub use globals::Globals;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde_json::{json, Value};
use tera::Tera;

use crate::config::Config;
use crate::content::{Document, Kind, Library};
use crate::finding::{Finding, Severity};
use crate::icons::Icons;
use values::Values;

/// Tera error and everything that caused it, on one line each: tera's top-level message alone
/// ("Failed to render 'page.html'") does not say what went wrong.
pub fn tera_error_text(err: &tera::Error) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str("\n  caused by: ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Load `templates/**` into tera, over the built-in ones. Template errors name the file.
pub fn load_templates(root: &Path) -> Result<Tera, Vec<Finding>> {
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    let (files, refused) = crate::walk::site_files(root, "templates", false);
    errors.extend(refused);
    for file in files {
        match std::fs::read_to_string(&file.path) {
            Ok(text) => sources.push((file.rel, text)),
            Err(e) => errors.push(Finding::about_file(
                Severity::Error,
                "templates::unreadable",
                Path::new("templates").join(&file.rel),
                format!("cannot read the template: {e}"),
                "save it as UTF-8",
            )),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut tera = builtin::tera();
    if let Err(batch) = tera.add_raw_templates(sources.clone()) {
        // Tera reports a batch as one error; parse each alone to name the file at fault
        // (alone, a template that extends another fails only for the missing parent).
        for (name, text) in &sources {
            if let Err(e) = Tera::default().add_raw_template(name, text) {
                let text = tera_error_text(&e);
                if !text.contains("isn't loaded") {
                    errors.push(Finding::about_file(Severity::Error, "templates::syntax", Path::new("templates").join(name), text, "fix the tera syntax at the line and column shown; see https://keats.github.io/tera/docs/"));
                }
            }
        }
        if errors.is_empty() {
            errors.push(Finding::about_file(
                Severity::Error,
                "templates::invalid",
                "templates",
                tera_error_text(&batch),
                "check that every template named in extends, include and import exists",
            ));
        }
        return Err(errors);
    }
    Ok(tera)
}

/// Register Zola's template functions over the finished model.
pub fn register_functions(
    tera: &mut Tera,
    config: &Config,
    library: &Library,
    values: Arc<Values>,
    icons: Arc<Icons>,
) {
    let permalinks = Arc::new(library.permalinks.clone());
    tera.register_function(
        "get_url",
        get_url(
            permalinks,
            config.base_url.clone(),
            config.default_language.clone(),
        ),
    );
    tera.register_function("get_page", get_page(values.clone()));
    tera.register_function("get_section", get_section(values.clone()));
    tera.register_function("all_pages", all_pages(values.clone(), config));
    tera.register_function("icon_svg", icon_svg(icons));
    tera.register_function("trans", trans(config));
    tera.register_function(
        "get_taxonomy_url",
        get_taxonomy_url(config.base_url.clone()),
    );
}

/// `all_pages(lang)`: every page and section but the home page, in `lang` when given (each
/// language's A to Z lists its own pages), sorted in that language's alphabetical order (its
/// string table's `alphabet`), each with the `letter` it is filed under.
fn all_pages(values: Arc<Values>, config: &Config) -> impl tera::Function {
    const LATIN: &str = "abcdefghijklmnopqrstuvwxyz";
    let default = config.default_language.clone();
    let mut alphabets: HashMap<String, collation::Alphabet> = config
        .languages
        .iter()
        .map(|(code, l)| {
            let letters = l.translations.get("alphabet").map_or(LATIN, String::as_str);
            (code.clone(), collation::Alphabet::new(letters))
        })
        .collect();
    let letters = config
        .translations
        .get("alphabet")
        .map_or(LATIN, String::as_str);
    alphabets.insert(default.clone(), collation::Alphabet::new(letters));
    move |args: &HashMap<String, Value>| {
        let lang = args.get("lang").and_then(Value::as_str);
        let alphabet = &alphabets[lang
            .filter(|l| alphabets.contains_key(*l))
            .unwrap_or(&default)];
        let mut pages: Vec<(_, Value)> = values
            .all_pages(lang)
            .into_iter()
            .map(|mut v| {
                let title = v["title"].as_str().unwrap_or("").to_string();
                v["letter"] = json!(alphabet.letter(&title));
                let easy = v["easy_read"].as_bool().unwrap_or(false);
                let permalink = v["permalink"].as_str().unwrap_or("").to_string();
                ((alphabet.key(&title), easy, permalink), v)
            })
            .collect();
        pages.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(Value::Array(pages.into_iter().map(|(_, v)| v).collect()))
    }
}

/// `trans(key, lang)`, Zola's: the template string `key` in language `lang` (the default
/// language when none is given), from config.toml's `[translations]` and
/// `[languages.xx.translations]`. A string missing in a language stops the build, naming it.
fn trans(config: &Config) -> impl tera::Function {
    let default = config.default_language.clone();
    let mut tables: HashMap<String, std::collections::BTreeMap<String, String>> = config
        .languages
        .iter()
        .map(|(code, l)| (code.clone(), l.translations.clone()))
        .collect();
    tables.insert(default.clone(), config.translations.clone());
    move |args: &HashMap<String, Value>| {
        let key = text_arg(args, "trans", "key")?;
        let lang = args.get("lang").and_then(Value::as_str).unwrap_or(&default);
        let table = tables
            .get(lang)
            .ok_or_else(|| format!("trans: `{lang}` is not one of the site's languages"))?;
        let table_name = if lang == default {
            "[translations]".to_string()
        } else {
            format!("[languages.{lang}.translations]")
        };
        table.get(key).map(|text| json!(text)).ok_or_else(|| {
            format!("trans: no string `{key}` in language `{lang}`; add it to {table_name} in config.toml").into()
        })
    }
}

/// A string argument a function needs.
fn text_arg<'a>(
    args: &'a HashMap<String, Value>,
    function: &str,
    name: &str,
) -> tera::Result<&'a str> {
    args.get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{function} needs a `{name}`").into())
}

/// `get_url(path, lang)`: `@/` paths by content file, others under the base URL. With a
/// `lang` besides the default, Zola's rule: `@/a/b.md` is `a/b.{lang}.md` and other paths go
/// under `/{lang}/`. Where a page has no translation the default language's page serves, so
/// that one set of templates links every language's pages without a hole (Zola would stop).
fn get_url(
    permalinks: Arc<HashMap<String, String>>,
    base: String,
    default_language: String,
) -> impl tera::Function {
    move |args: &HashMap<String, Value>| {
        let path = text_arg(args, "get_url", "path")?;
        let lang = args
            .get("lang")
            .and_then(Value::as_str)
            .filter(|l| *l != default_language);
        if let Some(internal) = path.strip_prefix("@/") {
            let translated = lang.and_then(|l| {
                let (stem, ext) = internal.rsplit_once('.')?;
                permalinks.get(&format!("{stem}.{l}.{ext}"))
            });
            return translated
                .or_else(|| permalinks.get(internal))
                .map(|p| json!(p))
                .ok_or_else(|| format!("get_url: no page `{path}`").into());
        }
        let path = path.trim_start_matches('/');
        let mut url = match lang {
            Some(l) => format!("{base}{l}/{path}"),
            None => format!("{base}{path}"),
        };
        if args.get("trailing_slash").and_then(Value::as_bool) == Some(true) && !url.ends_with('/')
        {
            url.push('/');
        }
        Ok(json!(url))
    }
}

fn get_page(values: Arc<Values>) -> impl tera::Function {
    move |args: &HashMap<String, Value>| {
        let path = text_arg(args, "get_page", "path")?;
        values
            .pages
            .get(path.trim_start_matches("@/"))
            .cloned()
            .ok_or_else(|| format!("get_page: no page `{path}`").into())
    }
}

fn get_section(values: Arc<Values>) -> impl tera::Function {
    move |args: &HashMap<String, Value>| {
        let path = text_arg(args, "get_section", "path")?.trim_start_matches("@/");
        let metadata_only = args
            .get("metadata_only")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let found = if metadata_only {
            values.sections_metadata.get(path).cloned()
        } else {
            values.section(path)
        };
        found.ok_or_else(|| format!("get_section: no section `{path}`").into())
    }
}

/// `icon_svg(name)`: a picture from `static/icons/`, inline.
fn icon_svg(icons: Arc<Icons>) -> impl tera::Function {
    move |args: &HashMap<String, Value>| {
        let name = text_arg(args, "icon_svg", "name")?;
        icons
            .get(name)
            .map(|svg| json!(svg))
            .ok_or_else(|| format!("icon_svg: no picture `{name}` in static/icons/").into())
    }
}

fn get_taxonomy_url(base: String) -> impl tera::Function {
    move |args: &HashMap<String, Value>| {
        let kind = args
            .get("kind")
            .and_then(Value::as_str)
            .ok_or("get_taxonomy_url needs `kind`")?;
        let name = args
            .get("name")
            .and_then(Value::as_str)
            .ok_or("get_taxonomy_url needs `name`")?;
        Ok(json!(format!(
            "{base}{kind}/{}/",
            crate::slug::slugify(name)
        )))
    }
}

/// The template a document renders with, as Zola chooses it.
pub fn template_for(doc: &Document, library: &Library) -> String {
    if let Some(t) = &doc.meta.template {
        return t.clone();
    }
    match doc.kind {
        Kind::Section if doc.key == "_index.md" => "index.html".into(),
        Kind::Section => "section.html".into(),
        Kind::Page => doc
            .parent
            .and_then(|p| library.sections[p].doc.meta.page_template.clone())
            .unwrap_or_else(|| "page.html".into()),
    }
}

/// Render one document with its template.
pub fn render_document(
    tera: &Tera,
    template: &str,
    doc: &Document,
    value: &Value,
    globals: &Globals,
) -> Result<String, Finding> {
    let mut cx = globals.context_for(Some(template), &doc.path);
    cx.insert("current_url", &doc.permalink);
    cx.insert("lang", &doc.lang);
    globals.in_language(&doc.lang, &mut cx);
    match doc.kind {
        Kind::Section => cx.insert("section", value),
        Kind::Page => cx.insert("page", value),
    }
    tera.render(template, &cx).map_err(|e| {
        Finding::about_file(
            Severity::Error,
            "templates::render",
            &doc.file.path,
            format!(
                "rendering with templates/{template} failed: {}",
                tera_error_text(&e)
            ),
            "fix the template, or the page's front matter if the template expects a value it lacks",
        )
    })
}
