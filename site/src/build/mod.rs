//! The orchestrator: load, check, render in parallel, write. `check` stops before rendering.

mod options;
mod prepare;
mod sources;
mod tolerant;

pub use options::{AppScript, BuildOptions, Mode, Progress};
use prepare::{prepare, Checked};
use sources::resolve_sources;
pub(crate) use sources::Sources;
use tolerant::prepare_with_mode;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::civil::Date;
use rayon::prelude::*;
use serde_json::{json, Value};

use crate::content::members::Quarantine;
use crate::content::{Document, Kind};
use crate::finding::{Finding, Findings, Severity};
use crate::lint::PageReport;
use crate::markdown::Outline;
use crate::output::{self, OutputFile};
use crate::render::{self, Globals};

/// A build stopped: errors found in the input, or the output could not be written.
#[derive(Debug)]
pub enum BuildError {
    Findings(Findings),
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Findings(found) => write!(
                f,
                "{} error(s) in the site's sources; nothing was written",
                found.errors()
            ),
            BuildError::Io { path, source } => {
                write!(f, "cannot write {}: {source}", path.display())
            }
        }
    }
}

impl std::error::Error for BuildError {}

#[derive(Debug)]
pub struct BuildSummary {
    pub pages: usize,
    pub sections: usize,
    pub files: usize,
    /// Warnings (a finished build has no errors).
    pub findings: Findings,
    pub reports: Vec<PageReport>,
    pub elapsed: Duration,
    /// Time spent in each stage: reading and checking, rendering, writing.
    pub stages: Stages,
    /// Each pack's PDF: its id, bytes and the time typst took.
    pub pack_pdfs: Vec<(String, usize, Duration)>,
    /// What a tolerant build left out.
    pub quarantine: Quarantine,
    /// Services in the directory.
    pub services: usize,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Stages {
    pub check: Duration,
    pub render: Duration,
    pub write: Duration,
}

fn today() -> Date {
    jiff::tz::TimeZone::UTC
        .to_datetime(jiff::Timestamp::now())
        .date()
}

/// `throughcare check`: every finding, and each page's reading ease; writes nothing.
pub fn check(opts: &BuildOptions) -> Result<(Findings, Vec<PageReport>), BuildError> {
    let sources = resolve_sources(opts, opts.today.unwrap_or_else(today))?;
    let checked = prepare(opts, &sources, &Quarantine::default())?;
    let reports = checked.rendered.into_iter().map(|(_, _, r)| r).collect();
    Ok((checked.findings, reports))
}

pub fn build(opts: &BuildOptions) -> Result<BuildSummary, BuildError> {
    let started = Instant::now();
    output::check_out_dir(&opts.root, &opts.out).map_err(|why| {
        BuildError::Findings(Findings(vec![Finding::about_file(
            Severity::Error,
            "output::unsafe_folder",
            &opts.out,
            why,
            "pass --out with a folder that is not part of the site's sources",
        )]))
    })?;
    let sources = resolve_sources(opts, opts.today.unwrap_or_else(today))?;
    let (checked, quarantine) = prepare_with_mode(opts, &sources)?;
    let checked_at = Instant::now();
    let failed = match opts.mode {
        Mode::Strict => !checked.findings.0.is_empty(),
        Mode::Normal | Mode::Tolerant => checked.findings.has_errors(),
    };
    if sources.resolved.is_some() {
        let report = crate::report::Report::new(
            opts.mode,
            &sources,
            &checked.members,
            &checked.findings,
            &quarantine,
            failed,
        );
        report
            .write(&opts.report_dir())
            .map_err(|source| BuildError::Io {
                path: opts.report_dir(),
                source,
            })?;
    }
    if failed {
        return Err(BuildError::Findings(checked.findings));
    }
    let Checked {
        config,
        packs,
        kiosk,
        icons,
        questionnaire,
        library,
        listings,
        members,
        rendered,
        mut findings,
    } = checked;

    let mut tera =
        render::load_templates(&opts.root).map_err(|f| BuildError::Findings(Findings(f)))?;
    let docs: Vec<&Document> = library.documents().collect();
    let excluded = kiosk
        .as_ref()
        .map(|k| crate::kiosk::kiosk_excludes(k, &library))
        .unwrap_or_default();
    // The packs' PDF data, from the pages' outlines (before rendering takes them).
    let services_all: Vec<assessment::model::Service> = questionnaire
        .as_ref()
        .map(|q| q.services.clone())
        .unwrap_or_default();
    let pack_pdf_data: Vec<(String, String, BTreeMap<String, String>)> = {
        let outlines: HashMap<String, &Outline> = docs
            .iter()
            .zip(&rendered)
            .map(|(d, (_, o, _))| (d.rel_path.clone(), o))
            .collect();
        let titles: HashMap<String, String> = docs
            .iter()
            .map(|d| (d.rel_path.clone(), d.title.clone()))
            .collect();
        let site = config.title.clone().unwrap_or_default();
        packs
            .iter()
            .map(|p| {
                let services = render::packs::services(p, &services_all);
                let (json, used) =
                    render::packs::pdf_data(p, &site, &titles, &outlines, &services, &icons);
                (p.id.clone(), json, used)
            })
            .collect()
    };
    // Easy-read pages as radio scripts, from the same text.
    let site_name = config.title.clone().unwrap_or_default();
    let radio: Vec<OutputFile> = docs
        .iter()
        .zip(&rendered)
        .filter(|(doc, (_, _, report))| {
            doc.easy_read
                && doc.kind == Kind::Page
                && report.words > 0
                && !excluded.contains(&doc.rel_path)
        })
        .map(|(doc, (_, outline, _))| OutputFile::Made {
            path: format!("{}radio.txt", doc.path.trim_start_matches('/')),
            bytes: render::radio::script(&site_name, &doc.title, outline).into_bytes(),
        })
        .collect();
    let (values, reports) =
        render::values::build_values(&docs, rendered, &config, &library, &excluded);
    let values = Arc::new(values);
    let icons = Arc::new(icons);
    render::register_functions(&mut tera, &config, &library, values.clone(), icons.clone());
    let globals = Globals {
        config: render::config_value(&config),
        data: render::globals::template_data(&library),
        lang: config.default_language.clone(),
        assessment: render::globals::assessment_value(questionnaire.as_ref(), &config, &icons),
        search_index: config.build_search_index && !opts.relative_urls && kiosk.is_none(),
        packs: Value::Array(
            packs
                .iter()
                .map(|p| {
                    let pdf = cfg!(feature = "pdf").then(|| config.url_for(&format!("packs/{}/{}.pdf", p.id, p.id)));
                    json!({"id": p.id, "title": p.title, "description": p.description, "audience": p.audience, "permalink": config.url_for(&format!("packs/{}/", p.id)), "pdf": pdf})
                })
                .collect(),
        ),
        federation: if sources.resolved.is_some() {
            let by_id: serde_json::Map<String, Value> = members
                .iter()
                .map(|m| (m.id.clone(), json!({"name": m.name, "revision": m.revision, "checked": m.checked, "sample": m.sample, "from_cache": m.from_cache})))
                .collect();
            json!({"members": by_id, "notice": !quarantine.is_empty()})
        } else {
            Value::Null
        },
    };

    // Every template a document asks for must exist: say so for all of them at once.
    let names: Vec<&str> = tera.get_template_names().collect();
    let mut missing = Vec::new();
    for doc in &docs {
        let template = render::template_for(doc, &library);
        if !names.contains(&template.as_str()) && doc.meta.render != Some(false) {
            let mut available: Vec<&str> = names
                .iter()
                .copied()
                .filter(|n| !n.starts_with('_'))
                .collect();
            available.sort();
            missing.push(doc.file.finding(
                Severity::Error,
                "templates::missing",
                doc.front.clone(),
                format!("the template `{template}` does not exist"),
                format!(
                    "add templates/{template}, or set template to one of: {}",
                    available.join(", ")
                ),
            ));
        }
    }
    if !missing.is_empty() {
        return Err(BuildError::Findings(Findings(missing)));
    }

    let (rendered_count, total) = (std::sync::atomic::AtomicUsize::new(0), docs.len());
    let pages: Vec<Result<OutputFile, Finding>> = docs
        .par_iter()
        .filter(|doc| doc.meta.render != Some(false) && !excluded.contains(&doc.rel_path))
        .map(|doc| {
            let template = render::template_for(doc, &library);
            let section;
            let value = match doc.kind {
                Kind::Section => {
                    section = values.section(&doc.rel_path).unwrap_or_default();
                    &section
                }
                Kind::Page => &values.pages[&doc.rel_path],
            };
            let html = render::render_document(&tera, &template, doc, value, &globals);
            if let Some(progress) = &opts.progress {
                let done = rendered_count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                (progress.0)(done + 1, total);
            }
            html.map(|html| OutputFile::Made {
                path: format!("{}index.html", doc.path.trim_start_matches('/')),
                bytes: html.into_bytes(),
            })
        })
        .collect();
    if let Some(progress) = &opts.progress {
        (progress.0)(total, total);
    }

    let mut files = Vec::with_capacity(pages.len() + 64);
    let mut errors = Vec::new();
    for page in pages {
        match page {
            Ok(f) => files.push(f),
            Err(e) => errors.push(e),
        }
    }
    files.extend(radio);
    // Packs: a print page each, and a PDF each when built with the `pdf` feature.
    let mut pack_pdfs = Vec::new();
    for (pack, (id, pdf_json, used)) in packs.iter().zip(pack_pdf_data) {
        let pages: Vec<&Value> = pack
            .pages
            .iter()
            .filter_map(|p| values.pages.get(p))
            .collect();
        let services = render::packs::services(pack, &services_all);
        let listing = globals
            .packs
            .as_array()
            .and_then(|a| a.iter().find(|v| v["id"] == json!(id)))
            .cloned()
            .unwrap_or(Value::Null);
        let mut cx = tera::Context::new();
        cx.insert("config", &globals.config);
        cx.insert("data", &globals.data);
        cx.insert("lang", &globals.lang);
        cx.insert("search_index", &globals.search_index);
        cx.insert("current_path", &format!("/packs/{id}/"));
        cx.insert("pack", &json!({"id": id, "title": pack.title, "description": pack.description, "audience": pack.audience, "pages": pages, "services": services, "plan_template": pack.plan_template, "pdf": listing["pdf"]}));
        match tera.render("pack.html", &cx) {
            Ok(html) => files.push(OutputFile::Made {
                path: format!("packs/{id}/index.html"),
                bytes: html.into_bytes(),
            }),
            Err(e) => errors.push(Finding::about_file(
                Severity::Error,
                "templates::render",
                "templates/pack.html",
                render::tera_error_text(&e),
                "fix the template",
            )),
        }
        #[cfg(feature = "pdf")]
        {
            let started = Instant::now();
            match render::pdf::pack_pdf(&id, pdf_json, &used) {
                Ok(bytes) => {
                    pack_pdfs.push((id.clone(), bytes.len(), started.elapsed()));
                    files.push(OutputFile::Made {
                        path: format!("packs/{id}/{id}.pdf"),
                        bytes,
                    });
                }
                Err(why) => errors.push(Finding::about_file(
                    Severity::Error,
                    "packs::pdf",
                    format!("content/packs/{id}.toml"),
                    format!("the PDF could not be made: {why}"),
                    "check the pack's pages; report this if it keeps happening",
                )),
            }
        }
        #[cfg(not(feature = "pdf"))]
        let _ = (pdf_json, used, &mut pack_pdfs);
    }
    files.extend(render::taxonomy::taxonomy_pages(
        &tera,
        &config,
        &library,
        &values,
        &globals,
        &mut errors,
    ));
    let today = opts.today.unwrap_or_else(today);
    let mut directory_paths = Vec::new();
    if names.contains(&"directory.html") && !listings.is_empty() {
        let directory = render::directory::Directory {
            listings: &listings,
            members: &members,
            kiosk: kiosk.as_ref(),
            today,
        };
        for (path, bytes) in
            render::directory::render(&tera, &globals, &config, &directory, &mut errors)
        {
            if let Some(dir) = path.strip_suffix("index.html") {
                directory_paths.push(format!("/{dir}"));
            }
            files.push(OutputFile::Made { path, bytes });
        }
    }
    if names.contains(&"404.html") {
        let mut cx = tera::Context::new();
        cx.insert("config", &globals.config);
        cx.insert("data", &globals.data);
        cx.insert("current_path", "/404.html");
        cx.insert("lang", &globals.lang);
        match tera.render("404.html", &cx) {
            Ok(html) => files.push(OutputFile::Made {
                path: "404.html".into(),
                bytes: html.into_bytes(),
            }),
            Err(e) => errors.push(Finding::about_file(
                Severity::Error,
                "templates::render",
                "templates/404.html",
                render::tera_error_text(&e),
                "fix the template",
            )),
        }
    }
    for doc in docs.iter().filter(|d| !excluded.contains(&d.rel_path)) {
        for alias in &doc.meta.aliases {
            let alias = alias.get_ref().trim_start_matches('/');
            let path = if alias.ends_with(".html") {
                alias.to_string()
            } else {
                format!("{}/index.html", alias.trim_end_matches('/'))
            };
            files.push(OutputFile::Made {
                path,
                bytes: render::alias_page(&doc.permalink).into_bytes(),
            });
        }
    }
    for (name, value) in &library.data {
        let json = serde_json::to_string_pretty(value).unwrap_or_default();
        files.push(OutputFile::Made {
            path: format!("data/{}.json", name.replace('_', "-")),
            bytes: (json + "\n").into_bytes(),
        });
    }
    if config.base_url.starts_with("http") {
        files.push(OutputFile::Made {
            path: "sitemap.xml".into(),
            bytes: render::sitemap::sitemap(&docs).into_bytes(),
        });
    }
    let shown = |rel: &str| {
        kiosk.as_ref().is_none_or(|k| {
            k.sections.is_empty()
                || !rel.contains('/')
                || k.sections.iter().any(|s| rel.starts_with(&format!("{s}/")))
        })
    };
    for asset in library.assets.iter().filter(|a| shown(a)) {
        files.push(OutputFile::Copied {
            path: asset.clone(),
            from: opts.root.join("content").join(asset),
        });
    }
    for (path, bytes) in library.mounted_assets.iter().filter(|(a, _)| shown(a)) {
        files.push(OutputFile::Made {
            path: path.clone(),
            bytes: bytes.to_vec(),
        });
    }
    files.extend(static_files(&opts.root, &mut errors));
    if let (Some(app), false) = (opts.app_script, globals.assessment.is_null()) {
        files.push(OutputFile::Made {
            path: "js/assessment.js".into(),
            bytes: app.script.to_vec(),
        });
    }

    // Search needs a web server; folder builds (kiosks, --relative) have the A to Z instead.
    if globals.search_index {
        let pages: Vec<(&str, &[u8])> = files
            .iter()
            .filter_map(|f| match f {
                OutputFile::Made { path, bytes } if path.ends_with("index.html") => {
                    Some((path.as_str(), bytes.as_slice()))
                }
                _ => None,
            })
            .collect();
        match render::search::index(&pages) {
            Ok(index) => files.extend(index),
            Err(why) => errors.push(Finding::about_file(
                Severity::Error,
                "search::index",
                "public/pagefind",
                why,
                "report this: the search index could not be built",
            )),
        }
    }
    if kiosk.is_some() {
        let pages: HashSet<String> = docs
            .iter()
            .filter(|d| !excluded.contains(&d.rel_path))
            .map(|d| d.path.clone())
            .chain(directory_paths.iter().cloned())
            .collect();
        files.par_iter_mut().for_each(|file| {
            if let OutputFile::Made { path, bytes } = file {
                if path.ends_with(".html") {
                    *bytes = render::kiosk::offline_links(&String::from_utf8_lossy(bytes), &pages)
                        .into_bytes();
                }
            }
        });
    }
    if opts.relative_urls || kiosk.is_some() {
        files.par_iter_mut().for_each(|file| {
            if let OutputFile::Made { path, bytes } = file {
                if path.ends_with(".html") {
                    let page = format!("/{}", path.rsplit_once('/').map_or("", |(dir, _)| dir));
                    let page = if page.ends_with('/') {
                        page
                    } else {
                        format!("{page}/")
                    };
                    let html = String::from_utf8_lossy(bytes);
                    *bytes = render::relative::relative_links(&html, &page).into_bytes();
                }
            }
        });
    }
    // The security headers a host can send, from the pages' own policies.
    let policy = render::headers::policy(files.iter().filter_map(|f| match f {
        OutputFile::Made { path, bytes } if path.ends_with(".html") => Some(bytes.as_slice()),
        _ => None,
    }));
    files.push(OutputFile::Made {
        path: "_headers".into(),
        bytes: render::headers::headers_file(&policy).into_bytes(),
    });
    // Two files at one path would make the result depend on write order.
    let checked = match output::check_paths(&opts.root, &files) {
        Ok(checked) => checked,
        Err(refused) => {
            errors.extend(refused);
            Vec::new()
        }
    };
    if !errors.is_empty() {
        let mut found = Findings(errors);
        found.sort();
        return Err(BuildError::Findings(found));
    }
    let rendered_at = Instant::now();
    output::write_site(&opts.out, &checked).map_err(|source| BuildError::Io {
        path: opts.out.clone(),
        source,
    })?;
    findings.0.retain(|f| !f.is_error());
    Ok(BuildSummary {
        pages: library.pages.len(),
        sections: library.sections.len(),
        files: files.len(),
        findings,
        reports,
        pack_pdfs,
        quarantine,
        services: listings.len(),
        elapsed: started.elapsed(),
        stages: Stages {
            check: checked_at - started,
            render: rendered_at - checked_at,
            write: rendered_at.elapsed(),
        },
    })
}

/// `static/` as it is, except links out of the site, which are refused.
fn static_files(root: &Path, errors: &mut Vec<Finding>) -> Vec<OutputFile> {
    let (files, refused) = crate::walk::site_files(root, "static", false);
    errors.extend(refused);
    files
        .into_iter()
        .map(|f| OutputFile::Copied {
            path: f.rel,
            from: f.path,
        })
        .collect()
}
