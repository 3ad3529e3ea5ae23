//! The render stage: every output of the site, each kind from the render module that owns
//! it, in a fixed order (search indexes the pages made before it; folder builds rewrite links
//! after everything; `_headers` reads the finished pages).

use std::collections::HashSet;
use std::sync::Arc;

use super::{BuildError, BuildOptions, Checked, Sources};
use crate::content::members::Quarantine;
use crate::content::Document;
use crate::finding::{Finding, Findings};
use crate::lint::PageReport;
use crate::output::OutputFile;
use crate::render::globals::GlobalsFrom;
use crate::render::pages::PageRender;
use crate::render::{self, packs::PdfTimes, Globals};

/// What the render stage made: the files, and what the summary reports.
pub(super) struct Rendered {
    pub(super) files: Vec<OutputFile>,
    pub(super) errors: Vec<Finding>,
    pub(super) reports: Vec<PageReport>,
    pub(super) pack_pdfs: PdfTimes,
}

pub(super) fn render_site(
    opts: &BuildOptions,
    checked: &mut Checked,
    sources: &Sources,
    quarantine: &Quarantine,
) -> Result<Rendered, BuildError> {
    let mut tera =
        render::load_templates(&opts.root).map_err(|f| BuildError::Findings(Findings(f)))?;
    let library = &checked.library;
    let docs: Vec<&Document> = library.documents().collect();
    let excluded = checked
        .kiosk
        .as_ref()
        .map(|k| crate::kiosk::documents_left_out(k, library))
        .unwrap_or_default();
    let site_name = checked.config.title.clone().unwrap_or_default();
    let rendered = std::mem::take(&mut checked.rendered);
    let services_all: Vec<assessment::model::Service> = checked
        .questionnaire
        .as_ref()
        .map(|q| q.services.clone())
        .unwrap_or_default();
    let outlines: Vec<&crate::markdown::Outline> = rendered.iter().map(|(_, o, _)| o).collect();
    let pdf_inputs = render::packs::pdf_inputs(
        &checked.packs,
        &docs,
        &outlines,
        &site_name,
        &services_all,
        &checked.icons,
    );
    let radio = render::radio::scripts(&site_name, &docs, &rendered, &excluded);
    let (values, reports) =
        render::values::build_values(&docs, rendered, &checked.config, library, &excluded);
    let values = Arc::new(values);
    let icons = Arc::new(std::mem::take(&mut checked.icons));
    render::register_functions(
        &mut tera,
        &checked.config,
        library,
        values.clone(),
        icons.clone(),
    );
    let globals = Globals::new(GlobalsFrom {
        config: &checked.config,
        library,
        questionnaire: checked.questionnaire.as_ref(),
        icons: &icons,
        packs: &checked.packs,
        federation: sources
            .resolved
            .as_ref()
            .map(|_| (checked.members.as_slice(), !quarantine.is_empty())),
        search_index: checked.config.build_search_index
            && !opts.relative_urls
            && checked.kiosk.is_none(),
    });
    let missing = render::pages::missing_templates(&tera, &docs, library);
    if !missing.is_empty() {
        return Err(BuildError::Findings(Findings(missing)));
    }

    let mut errors = Vec::new();
    let no_progress = |_: usize, _: usize| {};
    let progress: &(dyn Fn(usize, usize) + Sync) = match &opts.progress {
        Some(p) => &*p.0,
        None => &no_progress,
    };
    let pages = PageRender {
        tera: &tera,
        library,
        values: &values,
        globals: &globals,
        excluded: &excluded,
        progress,
    };
    let mut files = render::pages::render(&pages, &docs, &mut errors);
    files.extend(radio);
    let (pack_files, pack_pdfs) = render::packs::pages_and_pdfs(
        &tera,
        &checked.packs,
        pdf_inputs,
        &values,
        &globals,
        &services_all,
        &mut errors,
    );
    files.extend(pack_files);
    files.extend(render::taxonomy::taxonomy_pages(
        &tera,
        &checked.config,
        library,
        &values,
        &globals,
        &mut errors,
    ));
    let directory_paths = directory(opts, checked, &tera, &globals, &mut files, &mut errors);
    files.extend(render::pages::not_found(&tera, &globals, &mut errors));
    files.extend(render::aliases::files(&docs, &excluded));
    files.extend(render::files::data(library));
    if checked.config.base_url.starts_with("http") {
        files.push(OutputFile::Made {
            path: "sitemap.xml".into(),
            bytes: render::sitemap::sitemap(&docs).into_bytes(),
        });
    }
    files.extend(render::files::assets(
        &opts.root,
        library,
        checked.kiosk.as_ref(),
    ));
    files.extend(render::files::static_files(&opts.root, &mut errors));
    if let (Some(app), false) = (opts.app_script, globals.assessment.is_null()) {
        files.push(OutputFile::Made {
            path: "js/assessment.js".into(),
            bytes: app.script.to_vec(),
        });
    }
    // Search needs a web server; folder builds (kiosks, --relative) have the A to Z instead.
    if globals.search_index {
        render::search::add_index(&mut files, &mut errors);
    }
    if opts.relative_urls || checked.kiosk.is_some() {
        let kiosk_pages: Option<HashSet<String>> = checked.kiosk.as_ref().map(|_| {
            docs.iter()
                .filter(|d| !excluded.contains(&d.rel_path))
                .map(|d| d.path.clone())
                .chain(directory_paths.iter().cloned())
                .collect()
        });
        render::relative::for_folder(&mut files, kiosk_pages.as_ref());
    }
    // The security headers a host can send, from the pages' own policies.
    files.push(render::headers::file(&files));
    Ok(Rendered {
        files,
        errors,
        reports,
        pack_pdfs,
    })
}

/// The service directory's pages, when the theme has the template and there are services;
/// their paths, for a kiosk's links.
fn directory(
    opts: &BuildOptions,
    checked: &Checked,
    tera: &tera::Tera,
    globals: &Globals,
    files: &mut Vec<OutputFile>,
    errors: &mut Vec<Finding>,
) -> Vec<String> {
    let mut paths = Vec::new();
    if !tera.get_template_names().any(|n| n == "directory.html") || checked.listings.is_empty() {
        return paths;
    }
    let directory = render::directory::Directory {
        listings: &checked.listings,
        members: &checked.members,
        kiosk: checked.kiosk.as_ref(),
        today: opts.today.unwrap_or_else(super::today),
    };
    for (path, bytes) in
        render::directory::render(tera, globals, &checked.config, &directory, errors)
    {
        if let Some(dir) = path.strip_suffix("index.html") {
            paths.push(format!("/{dir}"));
        }
        files.push(OutputFile::Made { path, bytes });
    }
    paths
}
