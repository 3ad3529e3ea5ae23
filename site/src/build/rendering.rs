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
    /// The staging folder the pages went into as they were rendered, if they did.
    pub(super) staging: Option<crate::output::Staging>,
}

pub(super) fn render_site(
    opts: &BuildOptions,
    checked: &mut Checked,
    sources: &Sources,
    quarantine: &Quarantine,
) -> Result<Rendered, BuildError> {
    let rendered = std::mem::take(&mut checked.rendered);
    let site_name = checked.config.title.clone().unwrap_or_default();
    let services_all: Vec<assessment::model::Service> = checked
        .questionnaire
        .as_ref()
        .map(|q| q.services.clone())
        .unwrap_or_default();
    let docs: Vec<&Document> = checked.library.documents().collect();
    let excluded = left_out(checked);
    // Made from the outlines before the page values take them.
    let outlines: Vec<&crate::markdown::Outline> = rendered.iter().map(|(_, o, _)| o).collect();
    let pdf_inputs = render::packs::pdf_inputs(
        &checked.packs,
        &checked.config,
        &docs,
        &outlines,
        &site_name,
        &services_all,
        &checked.icons,
    );
    let voices = checked
        .config
        .languages
        .iter()
        .map(|(code, l)| (code, &l.translations))
        .chain([(
            &checked.config.default_language,
            &checked.config.translations,
        )])
        .map(|(code, strings)| (code.clone(), render::radio::Voice::of(code, strings)))
        .collect();
    let radio = render::radio::scripts(&site_name, &voices, &docs, &rendered, &excluded);
    let icons = Arc::new(std::mem::take(&mut checked.icons));
    let (values, tera, globals, reports) = values_and_templates(
        opts, checked, sources, quarantine, &excluded, rendered, icons,
    )?;
    // Pages go to the staging folder as they are rendered unless a later step reads them all:
    // the search index, and a folder build's links.
    let staging = if globals.search_index || globals.folder_build {
        None
    } else {
        Some(
            crate::output::Staging::new(&opts.out).map_err(|source| BuildError::Io {
                path: opts.out.clone(),
                source,
            })?,
        )
    };
    let site = Site {
        opts,
        checked,
        tera: &tera,
        values: &values,
        globals: &globals,
        docs: &docs,
        excluded: &excluded,
        staging: staging.as_ref(),
    };
    let mut errors = Vec::new();
    let mut files = site.pages(&mut errors);
    files.extend(radio);
    let (pack_files, pack_pdfs) = render::packs::pages_and_pdfs(
        &tera,
        &checked.packs,
        pdf_inputs,
        &values,
        &globals,
        &services_all,
        &checked.config,
        !opts.quick,
        &mut errors,
    );
    files.extend(pack_files);
    site.the_rest(&mut files, &mut errors);
    Ok(Rendered {
        files,
        errors,
        reports,
        pack_pdfs,
        staging,
    })
}

/// `serve` after pages changed: only the documents in `only` (content paths), to be written
/// over the served site; the full build that follows makes everything else.
pub(super) fn render_documents(
    opts: &BuildOptions,
    checked: &mut Checked,
    sources: &Sources,
    quarantine: &Quarantine,
    only: &HashSet<String>,
) -> Result<Rendered, BuildError> {
    let rendered = std::mem::take(&mut checked.rendered);
    let docs: Vec<&Document> = checked.library.documents().collect();
    let excluded = left_out(checked);
    let icons = Arc::new(std::mem::take(&mut checked.icons));
    let (values, tera, globals, reports) = values_and_templates(
        opts, checked, sources, quarantine, &excluded, rendered, icons,
    )?;
    let chosen: Vec<&Document> = docs
        .iter()
        .copied()
        .filter(|d| only.contains(&d.rel_path))
        .collect();
    let site = Site {
        opts,
        checked,
        tera: &tera,
        values: &values,
        globals: &globals,
        docs: &chosen,
        excluded: &excluded,
        staging: None,
    };
    let mut errors = Vec::new();
    let files = site.pages(&mut errors);
    Ok(Rendered {
        files,
        errors,
        reports,
        pack_pdfs: Vec::new(),
        staging: None,
    })
}

/// Documents a kiosk leaves out, by content path.
fn left_out(checked: &Checked) -> HashSet<String> {
    checked
        .kiosk
        .as_ref()
        .map(|k| crate::kiosk::documents_left_out(k, &checked.library))
        .unwrap_or_default()
}

type ValuesAndTemplates = (
    Arc<render::values::Values>,
    tera::Tera,
    Globals,
    Vec<PageReport>,
);

/// Every document's template value from its Markdown, and the templates that render them
/// (each template a document names must exist).
fn values_and_templates(
    opts: &BuildOptions,
    checked: &Checked,
    sources: &Sources,
    quarantine: &Quarantine,
    excluded: &HashSet<String>,
    rendered: Vec<(String, crate::markdown::Outline, PageReport)>,
    icons: Arc<crate::icons::Icons>,
) -> Result<ValuesAndTemplates, BuildError> {
    let docs: Vec<&Document> = checked.library.documents().collect();
    let (values, reports) =
        render::values::build_values(&docs, rendered, &checked.config, &checked.library, excluded);
    let values = Arc::new(values);
    let (tera, globals) = templates(opts, checked, sources, quarantine, values.clone(), icons)?;
    let missing = render::pages::missing_templates(&tera, &docs, &checked.library);
    if !missing.is_empty() {
        return Err(BuildError::Findings(Findings(missing)));
    }
    Ok((values, tera, globals, reports))
}

/// The templates, with Zola's functions over the page values, and the values every template
/// gets.
fn templates(
    opts: &BuildOptions,
    checked: &Checked,
    sources: &Sources,
    quarantine: &Quarantine,
    values: Arc<render::values::Values>,
    icons: Arc<crate::icons::Icons>,
) -> Result<(tera::Tera, Globals), BuildError> {
    let mut tera =
        render::load_templates(&opts.root).map_err(|f| BuildError::Findings(Findings(f)))?;
    render::register_functions(
        &mut tera,
        &checked.config,
        &checked.library,
        values,
        icons.clone(),
    );
    let globals = Globals::new(
        GlobalsFrom {
            config: &checked.config,
            library: &checked.library,
            questionnaire: checked.questionnaire.as_ref(),
            translated_questionnaires: &checked.translated_questionnaires,
            icons: &icons,
            packs: &checked.packs,
            federation: sources
                .resolved
                .as_ref()
                .map(|_| (checked.members.as_slice(), !quarantine.is_empty())),
            search_index: checked.config.build_search_index
                && !opts.relative_urls
                && checked.kiosk.is_none(),
            kiosk: checked.kiosk.is_some(),
            // A kiosk's first language (the default when it lists none).
            return_language: checked.kiosk.as_ref().map(|k| {
                k.languages
                    .first()
                    .unwrap_or(&checked.config.default_language)
                    .as_str()
            }),
            folder_build: opts.relative_urls || checked.kiosk.is_some(),
        },
        render::globals::Reads::of(&tera),
    );
    Ok((tera, globals))
}

/// Everything the render modules are given.
struct Site<'a> {
    opts: &'a BuildOptions,
    checked: &'a Checked,
    tera: &'a tera::Tera,
    values: &'a render::values::Values,
    globals: &'a Globals,
    docs: &'a [&'a Document],
    excluded: &'a HashSet<String>,
    staging: Option<&'a crate::output::Staging>,
}

impl Site<'_> {
    /// Pages and sections, with the progress callback.
    fn pages(&self, errors: &mut Vec<Finding>) -> Vec<OutputFile> {
        let no_progress = |_: usize, _: usize| {};
        let progress: &(dyn Fn(usize, usize) + Sync) = match &self.opts.progress {
            Some(p) => &*p.0,
            None => &no_progress,
        };
        let pages = PageRender {
            tera: self.tera,
            library: &self.checked.library,
            values: self.values,
            globals: self.globals,
            excluded: self.excluded,
            progress,
            staging: self.staging,
        };
        render::pages::render(&pages, self.docs, errors)
    }

    /// Taxonomies, the directory, 404, aliases, data, sitemap, files, the app; then search,
    /// folder links and `_headers`, which read what came before.
    fn the_rest(&self, files: &mut Vec<OutputFile>, errors: &mut Vec<Finding>) {
        let (opts, checked, library) = (self.opts, self.checked, &self.checked.library);
        files.extend(render::taxonomy::taxonomy_pages(
            self.tera,
            &checked.config,
            library,
            self.values,
            self.globals,
            errors,
        ));
        let directory_paths = directory(opts, checked, self.tera, self.globals, files, errors);
        files.extend(render::pages::not_found(self.tera, self.globals, errors));
        files.extend(render::aliases::files(
            self.tera,
            self.docs,
            self.excluded,
            errors,
        ));
        files.extend(render::files::data(library));
        // A sitemap needs whole addresses; robots.txt is for the web only (a kiosk or a
        // folder has no crawler to speak to).
        let sitemap = checked.config.base_url.starts_with("http").then(|| {
            format!(
                "{}/sitemap.xml",
                checked.config.base_url.trim_end_matches('/')
            )
        });
        if sitemap.is_some() {
            match render::sitemap::sitemap(self.tera, self.docs, &checked.library) {
                Ok(xml) => files.push(OutputFile::Made {
                    path: "sitemap.xml".into(),
                    bytes: xml.into_bytes(),
                }),
                Err(e) => errors.push(e),
            }
        }
        if checked.kiosk.is_none() && !opts.relative_urls {
            match render::sitemap::robots(self.tera, sitemap.as_deref()) {
                Ok(text) => files.push(OutputFile::Made {
                    path: "robots.txt".into(),
                    bytes: text.into_bytes(),
                }),
                Err(e) => errors.push(e),
            }
        }
        files.extend(render::files::assets(
            &opts.root,
            library,
            checked.kiosk.as_ref(),
        ));
        files.extend(render::files::static_files(&opts.root, errors));
        if let (Some(app), false) = (opts.app_script, self.globals.assessment.is_null()) {
            files.push(OutputFile::Made {
                path: "js/assessment.js".into(),
                bytes: app.script.to_vec(),
            });
        }
        // Search needs a web server; folder builds (kiosks, --relative) have the A to Z.
        if self.globals.search_index && !opts.quick {
            // A language whose `build_search_index` is off is left out of the index.
            let unindexed: Vec<String> = checked
                .config
                .languages
                .iter()
                .filter(|(_, l)| !l.build_search_index)
                .map(|(code, _)| format!("{code}/"))
                .collect();
            render::search::add_index(files, &unindexed, errors);
        }
        if opts.relative_urls || checked.kiosk.is_some() {
            let kiosk_pages: Option<HashSet<String>> = checked.kiosk.as_ref().map(|_| {
                self.docs
                    .iter()
                    .filter(|d| !self.excluded.contains(&d.rel_path))
                    .map(|d| d.path.clone())
                    .chain(directory_paths.iter().cloned())
                    .collect()
            });
            render::relative::for_folder(files, kiosk_pages.as_ref(), errors);
        }
        // The security headers a host can send, from the pages' own policies.
        files.push(render::headers::file(files));
    }
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
