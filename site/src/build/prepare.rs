//! Load and check: config, kiosk, members, content, directory, questionnaire, packs, then
//! Markdown and the lint. Everything a build or `check` needs before rendering.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use jiff::civil::Date;
use rayon::prelude::*;

use super::{BuildError, BuildOptions, Sources};
use crate::config::{Config, Kiosk};
use crate::content::directory::Listing;
use crate::content::members::{MemberInfo, Quarantine};
use crate::content::{self, Document, Kind, Library};
use crate::finding::{Finding, Findings, Severity};
use crate::icons::Icons;
use crate::lint::{self, PageReport};
use crate::markdown::{self, MarkdownContext, Outline};
use crate::output;

/// Everything up to and including the lint.
pub(super) struct Checked {
    pub(super) config: Config,
    pub(super) packs: Vec<crate::content::packs::Pack>,
    pub(super) kiosk: Option<crate::config::Kiosk>,
    pub(super) icons: Icons,
    pub(super) questionnaire: Option<assessment::Questionnaire>,
    /// The questionnaire in each other language that has the self-assessment.
    pub(super) translated_questionnaires:
        std::collections::BTreeMap<String, assessment::Questionnaire>,
    pub(super) library: Library,
    /// The service directory: the core's services and every member's.
    pub(super) listings: Vec<Listing>,
    pub(super) members: Vec<MemberInfo>,
    /// For each of `library.documents()`, in order.
    pub(super) rendered: Vec<(String, Outline, PageReport)>,
    pub(super) findings: Findings,
    /// Sample members and listings this build left out (kiosk and strict builds).
    pub(super) samples_left_out: Vec<String>,
}

/// Load and check everything a build needs, in the order each step needs the one before.
pub(super) fn prepare(
    opts: &BuildOptions,
    sources: &Sources,
    quarantine: &Quarantine,
) -> Result<Checked, BuildError> {
    let (config, kiosk, mut findings) = load_config(opts)?;
    let today = opts.today.unwrap_or_else(super::today);
    findings.extend(sources.findings.iter().cloned());
    let manifest = sources.resolved.as_ref().map(|r| &r.manifest);
    let samples_out = opts.leaves_out_samples(manifest);
    let mut samples_left_out = Vec::new();
    let mut quarantine = std::borrow::Cow::Borrowed(quarantine);
    if samples_out {
        for m in manifest
            .iter()
            .flat_map(|m| &m.members)
            .filter(|m| m.sample)
        {
            let id = m.id.get_ref();
            quarantine.to_mut().members.insert(id.clone());
            samples_left_out.push(format!("member {id}"));
        }
    }
    let federated = mount_members(opts, sources, &config, &quarantine, today)?;
    findings.extend(federated.findings);
    let (mut library, load_findings) =
        content::load(&opts.root, &config, opts.drafts, &federated.mounted);
    if samples_out {
        drop_sample_services(&mut library);
    }
    findings.extend(load_findings.0);
    findings.extend(content::members::check_templates(&library));
    findings.extend(check_files(opts, &library));
    let icons = Icons::load(&opts.root.join("static")).map_err(|source| BuildError::Io {
        path: opts.root.join("static/icons"),
        source,
    })?;
    let directory = Directory {
        opts,
        sources,
        config: &config,
        kiosk: kiosk.as_ref(),
        library: &library,
        icons: &icons,
        today,
        samples_out,
    };
    let (listings, questionnaire) =
        directory.load(federated.listings, &mut findings, &mut samples_left_out);
    let translated_questionnaires = match &questionnaire {
        Some(english) => {
            let (translated, found) = content::questionnaire::load_translations(
                &opts.root, &library, &config, &icons, english,
            );
            findings.extend(found);
            translated
        }
        None => Default::default(),
    };
    let packs = load_packs(
        opts,
        &library,
        &config,
        kiosk.is_some(),
        questionnaire.as_ref(),
        &mut findings,
    );
    let rendered = markdown_and_lint(&library, &config, &icons, &packs, today, &mut findings);
    findings.sort();
    Ok(Checked {
        config,
        packs,
        kiosk,
        icons,
        questionnaire,
        translated_questionnaires,
        library,
        listings,
        members: federated.members,
        rendered,
        findings,
        samples_left_out,
    })
}

/// `content/services.toml` is also published as data (`/data/services.json`): without its
/// sample entries when the build leaves samples out, like the directory.
fn drop_sample_services(library: &mut Library) {
    let entries = library
        .data
        .get_mut("services")
        .and_then(|d| d.get_mut("services"))
        .and_then(|s| s.as_array_mut());
    if let Some(entries) = entries {
        entries.retain(|e| e.get("sample").and_then(|s| s.as_bool()) != Some(true));
    }
}

/// config.toml, with the options that override it, and the kiosk chosen.
fn load_config(opts: &BuildOptions) -> Result<(Config, Option<Kiosk>, Findings), BuildError> {
    let (mut config, config_warnings) =
        Config::load(&opts.root).map_err(|f| BuildError::Findings(Findings(vec![f])))?;
    if let Some(base) = &opts.base_url {
        config.base_url = if base.ends_with('/') {
            base.clone()
        } else {
            format!("{base}/")
        };
    }
    let kiosk = match &opts.kiosk {
        None => None,
        Some(id) => match config.kiosks.iter().find(|k| &k.id == id) {
            Some(k) => Some(k.clone()),
            None => {
                let ids: Vec<&str> = config.kiosks.iter().map(|k| k.id.as_str()).collect();
                let help = if ids.is_empty() {
                    "add a [[kiosks]] entry to config.toml".to_string()
                } else {
                    format!("use one of: {}", ids.join(", "))
                };
                return Err(BuildError::Findings(Findings(vec![Finding::about_file(
                    Severity::Error,
                    "config::unknown_kiosk",
                    "config.toml",
                    format!("there is no kiosk `{id}` in config.toml"),
                    help,
                )])));
            }
        },
    };
    if let Some(k) = &kiosk {
        if let Some(code) = k.languages.iter().find(|c| !config.has_language(c)) {
            return Err(BuildError::Findings(Findings(vec![Finding::about_file(
                Severity::Error,
                "config::unknown_language",
                "config.toml",
                format!(
                    "kiosk `{}` lists the language `{code}`, which config.toml does not have",
                    k.id
                ),
                format!(
                    "use the default language `{}` or a [languages.xx] code",
                    config.default_language
                ),
            )])));
        }
        config.assessment.idle_reset_seconds = Some(k.idle_reset_seconds);
    }
    if let Some(seconds) = opts.idle_reset_seconds {
        config.assessment.idle_reset_seconds = Some(seconds);
    }
    Ok((config, kiosk, Findings(config_warnings)))
}

/// Members' files as content of the site, under their namespaces.
fn mount_members(
    opts: &BuildOptions,
    sources: &Sources,
    config: &Config,
    quarantine: &Quarantine,
    today: Date,
) -> Result<content::members::Federated, BuildError> {
    let Some(resolved) = &sources.resolved else {
        return Ok(content::members::Federated::default());
    };
    // A member may not take a name the site's own content uses.
    let content = opts.root.join("content");
    let io = |source| BuildError::Io {
        path: content.clone(),
        source,
    };
    let entries = match std::fs::read_dir(&content) {
        Ok(entries) => entries.collect::<Result<Vec<_>, _>>().map_err(io)?,
        // A site of members' content alone has no content/ of its own.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(io(e)),
    };
    let core_names = entries
        .iter()
        .map(|e| {
            e.file_name()
                .to_string_lossy()
                .trim_end_matches(".md")
                .to_string()
        })
        .collect();
    Ok(content::members::mount(
        resolved,
        config,
        &core_names,
        quarantine,
        today,
    ))
}

/// Static files and templates: links out of the site, and names that cannot be published,
/// refused before anything renders, with the other findings.
fn check_files(opts: &BuildOptions, library: &Library) -> Vec<Finding> {
    let mut findings = Vec::new();
    let (statics, refused) = crate::walk::site_files(&opts.root, "static", false);
    findings.extend(refused);
    findings.extend(crate::walk::site_files(&opts.root, "templates", false).1);
    findings.extend(output::refused_names(
        statics
            .iter()
            .map(|f| (f.rel.as_str(), Path::new("static").join(&f.rel)))
            .chain(
                library
                    .assets
                    .iter()
                    .map(|a| (a.as_str(), Path::new("content").join(a))),
            ),
    ));
    findings
}

/// The service directory and the self-assessment that suggests from it.
struct Directory<'a> {
    opts: &'a BuildOptions,
    sources: &'a Sources,
    config: &'a Config,
    kiosk: Option<&'a Kiosk>,
    library: &'a Library,
    icons: &'a Icons,
    today: Date,
    samples_out: bool,
}

impl Directory<'_> {
    /// The core's services, then every member's in id order, checked; a kiosk keeps its own.
    fn load(
        &self,
        mut member_listings: Vec<Listing>,
        findings: &mut Findings,
        samples_left_out: &mut Vec<String>,
    ) -> (Vec<Listing>, Option<assessment::Questionnaire>) {
        let (opts, kiosk, today) = (self.opts, self.kiosk, self.today);
        let questionnaire =
            content::questionnaire::load(&opts.root, self.library, self.config, self.icons);
        let mut listings: Vec<Listing> = questionnaire
            .as_ref()
            .ok()
            .and_then(|q| q.as_ref())
            .map(|q| q.services.iter().map(Listing::from_core).collect())
            .unwrap_or_default();
        member_listings.sort_by(|a, b| a.id.cmp(&b.id));
        listings.extend(member_listings);
        if self.samples_out {
            // Before the checks, so that a real listing pointing at a sample one is found.
            samples_left_out.extend(
                listings
                    .iter()
                    .filter(|l| l.sample)
                    .map(|l| format!("listing {}", l.id)),
            );
            listings.retain(|l| !l.sample);
        }
        findings.extend(check_listings(&listings, self.config, today));
        if let Some(k) = kiosk {
            let grace = self
                .sources
                .resolved
                .as_ref()
                .map(|r| r.manifest.review_grace_days);
            listings.retain(|l| crate::kiosk::carries_listing(k, l, grace, today));
        }
        let questionnaire = match questionnaire.map(|q| {
            q.map(|mut q| {
                q.services = listings.iter().map(Listing::to_assessment).collect();
                q
            })
        }) {
            Ok(Some(mut q)) => {
                if let Some(k) = kiosk {
                    q.services.retain(|s| crate::kiosk::carries_service(k, s));
                }
                Some(q)
            }
            Ok(None) => None,
            Err(found) => {
                findings.extend(found);
                None
            }
        };
        (listings, questionnaire)
    }
}

/// Packs are for staff to print from the web; kiosks leave them out.
fn load_packs(
    opts: &BuildOptions,
    library: &Library,
    config: &Config,
    kiosk: bool,
    questionnaire: Option<&assessment::Questionnaire>,
    findings: &mut Findings,
) -> Vec<crate::content::packs::Pack> {
    let councils_with_services: Vec<String> = {
        let mut c: Vec<String> = questionnaire
            .iter()
            .flat_map(|q| q.services.iter())
            .flat_map(|s| s.areas.iter())
            .filter(|a| a.as_str() != "all")
            .cloned()
            .collect();
        c.sort();
        c.dedup();
        c
    };
    match (
        kiosk,
        content::packs::load(&opts.root, library, config, &councils_with_services),
    ) {
        (true, _) => Vec::new(),
        (false, Ok(p)) => p,
        (false, Err(found)) => {
            findings.extend(found);
            Vec::new()
        }
    }
}

/// Every document's Markdown, with the lint on each and then across the library: the HTML,
/// outline and reading report of each, in `library.documents()` order.
fn markdown_and_lint(
    library: &Library,
    config: &Config,
    icons: &Icons,
    packs: &[crate::content::packs::Pack],
    today: Date,
    findings: &mut Findings,
) -> Vec<(String, Outline, PageReport)> {
    let glossary_page = |easy: bool| {
        library
            .pages
            .iter()
            .find(|p| p.meta.template.as_deref() == Some("glossary.html") && p.easy_read == easy)
            .map(|p| p.permalink.clone())
    };
    let (glossary_url, easy_glossary_url) = (glossary_page(false), glossary_page(true));
    let stories_section = |doc: &Document| {
        doc.kind == Kind::Page && doc.parent.is_some_and(|p| library.sections[p].is_stories)
    };

    // After the lint, a page's text blocks are read again only for its radio script (easy-read
    // pages) and for the packs it is in; held for every page they were half a large build's
    // memory.
    let in_packs: HashSet<&str> = packs
        .iter()
        .flat_map(|p| p.pages.iter().map(String::as_str))
        .collect();
    let keeps_blocks = |doc: &Document| {
        (doc.easy_read && doc.kind == Kind::Page) || in_packs.contains(doc.rel_path.as_str())
    };
    let docs: Vec<&Document> = library.documents().collect();
    let rendered: Vec<(String, Outline, PageReport, Vec<Finding>)> = docs
        .par_iter()
        .map(|doc| {
            let is_glossary = doc.meta.template.as_deref() == Some("glossary.html");
            let url = if doc.easy_read {
                easy_glossary_url.as_deref().or(glossary_url.as_deref())
            } else {
                glossary_url.as_deref()
            };
            let cx = MarkdownContext {
                permalinks: &library.permalinks,
                glossary: &library.glossary,
                glossary_url: url.filter(|_| !is_glossary),
                icons,
                easy_read: doc.easy_read,
            };
            let mut md = markdown::render(&doc.file, doc.body.clone(), &cx);
            let (mut found, report) = lint::check_document(
                doc,
                &md.outline,
                config,
                &library.glossary,
                stories_section(doc),
                today,
            );
            found.extend(md.findings);
            if doc.member.is_some() {
                for span in &md.outline.raw_html {
                    if let Some(what) = content::members::unsafe_html(&doc.file.text[span.clone()])
                    {
                        found.push(doc.file.finding(
                            Severity::Error,
                            "federation::unsafe_html",
                            span.clone(),
                            format!(
                                "the page has {what}; members' pages may not run or load anything"
                            ),
                            "remove the HTML: write the page in Markdown",
                        ));
                    }
                }
            }
            if !keeps_blocks(doc) {
                md.outline.blocks = Vec::new();
            }
            (md.html, md.outline, report, found)
        })
        .collect();
    let mut out = Vec::with_capacity(rendered.len());
    for (html, outline, report, found) in rendered {
        findings.extend(found);
        out.push((html, outline, report));
    }
    let outlines: HashMap<String, &Outline> = docs
        .iter()
        .zip(&out)
        .map(|(d, (_, o, _))| (d.rel_path.clone(), o))
        .collect();
    findings.extend(lint::check_library(library, &outlines, config));
    out
}

/// The directory's own checks: references between items resolve, and review dates.
fn check_listings(listings: &[Listing], config: &Config, today: Date) -> Vec<Finding> {
    let ids: HashSet<&str> = listings.iter().map(|l| l.id.as_str()).collect();
    let mut found = Vec::new();
    let mut files_read = HashSet::new();
    for l in listings {
        let Some((file, span)) = &l.source else {
            continue;
        };
        // Members' listings are read by the same people as the pages: the same language rules.
        if files_read.insert(file.path.clone()) {
            lint::stigmatising_in(file, &mut found);
        }
        lint::easy_listing(file, span.clone(), &l.easy, &mut found);
        lint::sample_listing_number(l, config, &mut found);
        for r in &l.related {
            if !ids.contains(r.as_str()) {
                found.push(file.finding(
                    Severity::Error,
                    "federation::unknown_reference",
                    span.clone(),
                    format!("`{}` refers to `{r}`, which no member publishes", l.id),
                    "refer to services as member:service/slug; check the spelling, or remove it",
                ));
            }
        }
        if l.review_by.is_some_and(|d| d < today) {
            found.push(file.finding(
                Severity::Warning,
                "directory::review_overdue",
                span.clone(),
                format!(
                    "`{}` was due for review on {}",
                    l.id,
                    l.review_by.map(|d| d.to_string()).unwrap_or_default()
                ),
                "check the listing with the service, then set a new review_by (and assured_date)",
            ));
        }
    }
    found
        .into_iter()
        .map(|f| content::members::leaves_out_listing(f, listings))
        .collect()
}
