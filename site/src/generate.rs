//! The orchestrator: load, check, render in parallel, write. `check` stops before rendering.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::civil::Date;
use rayon::prelude::*;
use serde_json::{json, Value};

use crate::config::Config;
use crate::content::directory::Listing;
use crate::content::members::{MemberInfo, Quarantine};
use crate::content::{self, Document, Kind, Library};
use crate::finding::{Finding, Findings, Severity};
use crate::icons::Icons;
use crate::lint::{self, PageReport};
use crate::markdown::{self, MarkdownContext, Outline};
use crate::output::{self, OutputFile};
use crate::render::{self, values::DocumentOutput, values::Values, Globals};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    pub drafts: bool,
    /// Replaces config.toml's base_url (as `serve` does).
    pub base_url: Option<String>,
    /// The date review dates are checked against; today when `None`.
    pub today: Option<Date>,
    /// Told as pages render, for a progress bar.
    pub progress: Option<Progress>,
    /// The self-assessment app (JavaScript with the wasm inside), written to
    /// `js/assessment.js` when the site has an assessment.
    pub app_script: Option<AppScript>,
    /// Replaces config.toml's `[assessment] idle_reset_seconds`.
    pub idle_reset_seconds: Option<u32>,
    /// Make links relative and name `index.html`, so the site works opened from a folder.
    pub relative_urls: bool,
    /// Build for this kiosk from config.toml's `[[kiosks]]`: its sections, stories and local
    /// services only, no links out, relative links, and its idle reset.
    pub kiosk: Option<String>,
    /// How members' problems are treated (sites with a `federation.toml`).
    pub mode: Mode,
    /// Build members from the cache only.
    pub offline: bool,
    /// The federation cache [default: ROOT/.throughcare-cache].
    pub cache: Option<PathBuf>,
    /// Where the federation report goes [default: beside the output, `federation-report`].
    pub federation_report: Option<PathBuf>,
}

/// Called from the render threads with (pages rendered, pages in all): the command turns it
/// into a progress bar, so the library needs no terminal.
#[derive(Clone)]
pub struct Progress(pub Arc<dyn Fn(usize, usize) + Send + Sync>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

/// What a build does with findings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    /// Errors stop the build; warnings are reported.
    #[default]
    Normal,
    /// For publishing: any finding, warning or error, stops the build.
    Strict,
    /// For kiosks and previews: a member's failing item (or the member, if its source cannot
    /// be trusted) is left out and the rest is built, with a notice on every page.
    Tolerant,
}

/// The built self-assessment app, embedded in the `throughcare` binary: the script the page
/// loads, and the wasm inside it (for the size report).
#[derive(Clone, Copy)]
pub struct AppScript {
    pub script: &'static [u8],
    pub wasm: &'static [u8],
}

impl std::fmt::Debug for AppScript {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AppScript({} bytes)", self.script.len())
    }
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions {
            out: root.join("public"),
            root,
            drafts: false,
            app_script: None,
            idle_reset_seconds: None,
            relative_urls: false,
            kiosk: None,
            base_url: None,
            today: None,
            progress: None,
            mode: Mode::Normal,
            offline: false,
            cache: None,
            federation_report: None,
        }
    }

    fn federation_options(&self, today: Date) -> federation::Options {
        let mut o = federation::Options::new(&self.root, today.to_string());
        if let Some(cache) = &self.cache {
            o.cache = cache.clone();
        }
        o.offline = self.offline;
        o
    }

    pub fn report_dir(&self) -> PathBuf {
        self.federation_report.clone().unwrap_or_else(|| {
            self.out
                .parent()
                .unwrap_or(Path::new("."))
                .join("federation-report")
        })
    }
}

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

/// Everything up to and including the lint.
struct Checked {
    config: Config,
    packs: Vec<crate::content::packs::Pack>,
    kiosk: Option<crate::config::Kiosk>,
    icons: Icons,
    questionnaire: Option<assessment::Questionnaire>,
    library: Library,
    /// The service directory: the core's services and every member's.
    listings: Vec<Listing>,
    members: Vec<MemberInfo>,
    /// For each of `library.documents()`, in order.
    rendered: Vec<(String, Outline, PageReport)>,
    findings: Findings,
}

fn today() -> Date {
    jiff::tz::TimeZone::UTC
        .to_datetime(jiff::Timestamp::now())
        .date()
}

/// Members' sources, fetched and verified once per build (a tolerant build may prepare twice).
pub struct Sources {
    pub resolved: Option<federation::Resolved>,
    /// The manifest and lock's problems, and each member's source problems.
    findings: Vec<Finding>,
}

fn resolve_sources(opts: &BuildOptions, today: Date) -> Result<Sources, BuildError> {
    let manifest_file = || {
        let text =
            std::fs::read_to_string(opts.root.join(federation::MANIFEST)).unwrap_or_default();
        crate::finding::SourceFile::new(federation::MANIFEST, text)
    };
    let to_finding = |p: federation::Problem| -> Finding {
        let severity = if p.is_error() {
            Severity::Error
        } else {
            Severity::Warning
        };
        match (&p.span, p.file.as_str()) {
            (Some(span), federation::MANIFEST) => {
                manifest_file().finding(severity, p.rule, span.clone(), p.message, p.help)
            }
            _ => {
                let file = match (&p.member, p.file.as_str()) {
                    (Some(m), f) if f != federation::MANIFEST && f != federation::LOCKFILE => {
                        content::members::display(m, f)
                    }
                    (_, f) => PathBuf::from(f),
                };
                let mut f = Finding::about_file(severity, p.rule, file, p.message, p.help);
                if let (Some(m), false) = (&p.member, f.file.starts_with("federation/")) {
                    f.message = format!("[{m}] {}", f.message);
                }
                f
            }
        }
    };
    match federation::resolve(&opts.federation_options(today)) {
        Ok(None) => Ok(Sources {
            resolved: None,
            findings: Vec::new(),
        }),
        Err(problems) => Err(BuildError::Findings(Findings(
            problems.into_iter().map(to_finding).collect(),
        ))),
        Ok(Some(resolved)) => {
            let findings = resolved.problems.iter().cloned().map(to_finding).collect();
            Ok(Sources {
                resolved: Some(resolved),
                findings,
            })
        }
    }
}

fn prepare(
    opts: &BuildOptions,
    sources: &Sources,
    quarantine: &Quarantine,
) -> Result<Checked, BuildError> {
    let (mut config, config_warnings) =
        Config::load(&opts.root).map_err(|f| BuildError::Findings(Findings(vec![f])))?;
    if let Some(base) = &opts.base_url {
        config.base_url = if base.ends_with('/') {
            base.clone()
        } else {
            format!("{base}/")
        };
    }
    let mut findings = Findings(config_warnings);
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
        config.assessment.idle_reset_seconds = Some(k.idle_reset_seconds);
    }
    let today = opts.today.unwrap_or_else(today);
    findings.extend(sources.findings.iter().cloned());
    let federated = match &sources.resolved {
        Some(resolved) => {
            let core_names: std::collections::BTreeSet<String> =
                std::fs::read_dir(opts.root.join("content"))
                    .into_iter()
                    .flatten()
                    .filter_map(Result::ok)
                    .map(|e| {
                        e.file_name()
                            .to_string_lossy()
                            .trim_end_matches(".md")
                            .to_string()
                    })
                    .collect();
            content::members::mount(resolved, &config, &core_names, quarantine, today)
        }
        None => content::members::Federated::default(),
    };
    findings.extend(federated.findings);
    let (library, load_findings) =
        content::load(&opts.root, &config, opts.drafts, &federated.mounted);
    findings.extend(load_findings.0);
    findings.extend(content::members::check_templates(&library));
    // Links out of the site are refused before anything renders, with the other findings.
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
    let icons = Icons::load(&opts.root.join("static")).map_err(|source| BuildError::Io {
        path: opts.root.join("static/icons"),
        source,
    })?;

    if let Some(seconds) = opts.idle_reset_seconds {
        config.assessment.idle_reset_seconds = Some(seconds);
    }
    let questionnaire = content::questionnaire::load(&opts.root, &library, &config, &icons);
    // The directory: the core's services, then every member's, in id order.
    let mut listings: Vec<Listing> = questionnaire
        .as_ref()
        .ok()
        .and_then(|q| q.as_ref())
        .map(|q| q.services.iter().map(Listing::from_core).collect())
        .unwrap_or_default();
    let mut member_listings = federated.listings;
    member_listings.sort_by(|a, b| a.id.cmp(&b.id));
    listings.extend(member_listings);
    findings.extend(check_listings(&listings, today));
    if let Some(k) = &kiosk {
        listings.retain(|l| l.always || l.national || k.councils.iter().any(|c| l.serves(c)));
    }
    if let (Some(_), Some(resolved)) = (&kiosk, &sources.resolved) {
        // Past its review date and the grace period, a listing leaves kiosk builds.
        let grace = jiff::Span::new().days(i64::from(resolved.manifest.review_grace_days));
        listings.retain(|l| {
            l.review_by
                .and_then(|d| d.checked_add(grace).ok())
                .is_none_or(|d| d >= today)
        });
    }
    let questionnaire = match questionnaire.map(|q| {
        q.map(|mut q| {
            q.services = listings.iter().map(Listing::to_assessment).collect();
            q
        })
    }) {
        Ok(Some(mut q)) if kiosk.is_some() => {
            // A kiosk suggests the national services and those of the areas it serves.
            let councils = kiosk
                .as_ref()
                .map(|k| k.councils.clone())
                .unwrap_or_default();
            q.services
                .retain(|s| s.always || s.areas.iter().any(|a| a == "all" || councils.contains(a)));
            Some(q)
        }
        Ok(q) => q,
        Err(found) => {
            findings.extend(found);
            None
        }
    };
    // Packs are for staff to print from the web; kiosks leave them out.
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
    let packs = match (
        &kiosk,
        content::packs::load(&opts.root, &library, &councils_with_services),
    ) {
        (Some(_), _) => Vec::new(),
        (None, Ok(p)) => p,
        (None, Err(found)) => {
            findings.extend(found);
            Vec::new()
        }
    };
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
                icons: &icons,
                easy_read: doc.easy_read,
            };
            let md = markdown::render(&doc.file, doc.body.clone(), &cx);
            let (mut found, report) = lint::check_document(
                doc,
                &md.outline,
                &config,
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
    findings.extend(lint::check_library(&library, &outlines, &config));
    findings.sort();
    Ok(Checked {
        config,
        packs,
        kiosk,
        icons,
        questionnaire,
        library,
        listings,
        members: federated.members,
        rendered: out,
        findings,
    })
}

/// Prepare; a tolerant build then leaves out what members got wrong and prepares again, until
/// only the site's own findings (or none) remain.
fn prepare_with_mode(
    opts: &BuildOptions,
    sources: &Sources,
) -> Result<(Checked, Quarantine), BuildError> {
    let mut quarantine = Quarantine::default();
    if opts.mode == Mode::Tolerant {
        if let Some(r) = &sources.resolved {
            // A source that could not be trusted takes its whole member out.
            for p in r.problems.iter().filter(|p| p.is_error()) {
                if let Some(m) = &p.member {
                    quarantine.members.insert(m.clone());
                }
            }
        }
    }
    // Why each thing was left out: a later pass no longer sees what it left out, so the
    // findings that caused it are kept from the pass that found them.
    let mut left_out: Vec<Finding> = Vec::new();
    loop {
        let mut checked = prepare(opts, sources, &quarantine)?;
        if opts.mode != Mode::Tolerant {
            return Ok((checked, quarantine));
        }
        let before = (
            quarantine.members.len(),
            quarantine.files.len(),
            quarantine.items.len(),
        );
        for f in checked.findings.0.iter().filter(|f| f.is_error()) {
            let Some(member) = content::members::member_of(&f.file) else {
                continue;
            };
            left_out.push(f.clone());
            let listing = checked.listings.iter().find(|l| {
                l.source.as_ref().is_some_and(|(file, span)| {
                    file.path == f.file && f.span.as_ref().is_some_and(|s| span.contains(&s.start))
                })
            });
            let whole_member = f.file == Path::new("federation").join(&member)
                || f.file.to_string_lossy().contains("/(");
            if let Some(l) = listing {
                quarantine.items.insert(l.id.clone());
            } else if whole_member {
                quarantine.members.insert(member);
            } else {
                quarantine.files.insert(f.file.clone());
            }
        }
        let after = (
            quarantine.members.len(),
            quarantine.files.len(),
            quarantine.items.len(),
        );
        if after == before {
            // What was left out is reported, not fatal: members' errors become warnings.
            checked.findings.extend(left_out);
            checked.findings.sort();
            for f in checked.findings.0.iter_mut().filter(|f| f.is_error()) {
                if content::members::member_of_finding(f).is_some() {
                    f.severity = Severity::Warning;
                    f.message = format!("left out of this build: {}", f.message);
                }
            }
            return Ok((checked, quarantine));
        }
    }
}

/// The directory's own checks: references between items resolve, and review dates.
fn check_listings(listings: &[Listing], today: Date) -> Vec<Finding> {
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
        .map(|k| kiosk_excludes(k, &library))
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
    let (values, reports) = build_values(&docs, rendered, &config, &library, &excluded);
    let values = Arc::new(values);
    let icons = Arc::new(icons);
    render::register_functions(&mut tera, &config, &library, values.clone(), icons.clone());
    let globals = Globals {
        config: render::config_value(&config),
        data: template_data(&library),
        lang: config.default_language.clone(),
        assessment: assessment_value(questionnaire.as_ref(), &config, &icons),
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
    files.extend(taxonomy_pages(
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
            bytes: sitemap(&docs).into_bytes(),
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

/// The `assessment` variable: the questionnaire for templates (the paper version), and the
/// same as JSON for the app to read from the page, so that it works from `file://` and under
/// `connect-src 'none'`.
fn assessment_value(
    questionnaire: Option<&assessment::Questionnaire>,
    config: &Config,
    icons: &Icons,
) -> Value {
    let Some(q) = questionnaire else {
        return Value::Null;
    };
    let used = q
        .questions
        .iter()
        .flat_map(|x| std::iter::once(&x.icon).chain(x.options.iter().map(|o| &o.icon)));
    let pictures: BTreeMap<&str, &str> = used
        .filter_map(|name| Some((name.as_str(), icons.get(name)?)))
        .collect();
    let embedded = json!({ "questionnaire": q, "idle_reset_seconds": config.assessment.idle_reset_seconds, "icons": pictures });
    // `<` escaped, so the JSON can never close the <script> element that holds it.
    let embed = serde_json::to_string(&embedded)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    json!({ "questionnaire": q, "embed": embed, "idle_reset_seconds": config.assessment.idle_reset_seconds })
}

/// Data files for templates; the glossary sorted and with the ids its term links use.
fn template_data(library: &Library) -> BTreeMap<String, Value> {
    let mut data: BTreeMap<String, Value> = library.data.clone().into_iter().collect();
    if data.contains_key("glossary") {
        data.insert(
            "glossary".into(),
            json!({ "terms": library.glossary.terms }),
        );
    }
    data
}

/// What a kiosk leaves out: sections it does not show, and stories not cleared for kiosks
/// (an easy-read summary goes with its story).
fn kiosk_excludes(kiosk: &crate::config::Kiosk, library: &Library) -> HashSet<String> {
    let top = |rel: &str| rel.split_once('/').map(|(dir, _)| dir.to_string());
    let mut out = HashSet::new();
    for doc in library.documents() {
        let hidden_section = !kiosk.sections.is_empty()
            && top(&doc.rel_path).is_some_and(|dir| !kiosk.sections.contains(&dir));
        let in_stories =
            doc.kind == Kind::Page && doc.parent.is_some_and(|p| library.sections[p].is_stories);
        let story = doc
            .story()
            .or_else(|| doc.twin.and_then(|t| library.pages[t].story()));
        // Search needs a web server; a kiosk has the A to Z instead.
        let search = doc.meta.template.as_deref() == Some("search.html");
        if search || hidden_section || in_stories && !story.is_some_and(|s| s.kiosk) {
            out.insert(doc.rel_path.clone());
        }
    }
    out
}

fn build_values(
    docs: &[&Document],
    rendered: Vec<(String, Outline, PageReport)>,
    config: &Config,
    library: &Library,
    excluded: &HashSet<String>,
) -> (Values, Vec<PageReport>) {
    let values: Vec<(String, Value, PageReport)> = docs
        .par_iter()
        .zip(rendered.into_par_iter())
        .map(|(doc, (html, outline, report))| {
            // The html moves into the value: the only copy kept of each page's content.
            let out = DocumentOutput {
                html,
                headings: &outline.headings,
                report: &report,
            };
            let value = match doc.kind {
                Kind::Page => render::values::page_value(doc, out, config, library),
                Kind::Section => {
                    let section = library
                        .section_by_path(&doc.rel_path)
                        .expect("every section document is a section");
                    let subsections = section
                        .subsections
                        .iter()
                        .map(|&s| library.sections[s].doc.rel_path.clone())
                        .filter(|p| !excluded.contains(p))
                        .collect();
                    render::values::section_value(doc, out, config, library, subsections)
                }
            };
            (doc.rel_path.clone(), value, report)
        })
        .collect();
    let mut reports = Vec::with_capacity(values.len());
    let mut pages = HashMap::new();
    let mut sections_metadata = HashMap::new();
    for (doc, (path, value, report)) in docs.iter().zip(values) {
        reports.push(report);
        match doc.kind {
            Kind::Page => pages.insert(path, value),
            Kind::Section => sections_metadata.insert(path, value),
        };
    }
    let section_pages = library
        .sections
        .iter()
        .map(|s| {
            (
                s.doc.rel_path.clone(),
                s.pages
                    .iter()
                    .map(|&p| library.pages[p].rel_path.clone())
                    .filter(|p| !excluded.contains(p))
                    .collect(),
            )
        })
        .collect();
    (
        Values {
            pages,
            sections_metadata,
            section_pages,
            excluded: excluded.clone(),
        },
        reports,
    )
}

fn taxonomy_pages(
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
            let mut cx = tera::Context::new();
            cx.insert("config", &globals.config);
            cx.insert("data", &globals.data);
            cx.insert("lang", &globals.lang);
            cx.insert("taxonomy", &tax);
            cx.insert("current_path", &format!("/{path}"));
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

fn sitemap(docs: &[&Document]) -> String {
    let mut urls: Vec<&str> = docs.iter().map(|d| d.permalink.as_str()).collect();
    urls.sort();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for url in urls {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            markdown::escape_html(url)
        ));
    }
    xml.push_str("</urlset>\n");
    xml
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
