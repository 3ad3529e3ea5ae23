//! The orchestrator: load, check, render in parallel, write. `check` stops before rendering.

mod options;
mod prepare;
mod rendering;
mod sources;
mod tolerant;

pub use options::{AppScript, BuildOptions, Mode, Progress};
use prepare::{prepare, Checked};
use rendering::{render_documents, render_site, Rendered};
use sources::Sources;
use sources::{member_folder_sources, resolve_sources, updated_sources};
use tolerant::prepare_with_mode;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jiff::civil::Date;

use crate::content::members::Quarantine;
use crate::content::Library;
use crate::finding::{Finding, Findings, Severity};
use crate::lint::PageReport;
use crate::output;

/// A build stopped: errors found in the input, or the output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{} error(s) in the site's sources; nothing was written", .0.errors())]
    Findings(Findings),
    #[error("cannot write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Report(#[from] crate::report::ReportError),
}

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
    /// Sample members and listings left out (kiosk and strict builds): `member id`,
    /// `listing id`.
    pub samples_left_out: Vec<String>,
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

/// `throughcare federation check`: a partner's content, from a folder on its own machine,
/// through every check a build makes of a member (vetting, namespace, kinds, unsafe HTML, the
/// language and easy-read rules, listings, references), with the site at `opts.root` and no
/// other member. Only the findings about the member, their paths in its folder; the site's own
/// are not the partner's to fix. Writes nothing.
pub fn check_member(
    opts: &BuildOptions,
    id: &str,
    folder: &Path,
) -> Result<(Findings, Vec<PageReport>), BuildError> {
    let shown = crate::content::members::display(id, "");
    let in_folder = |file: &Path| file.strip_prefix(&shown).ok().map(|rel| folder.join(rel));
    let to_folder = |mut f: Finding| {
        if let Some(path) = in_folder(&f.file) {
            f.file = path;
        }
        f
    };
    let sources = member_folder_sources(opts, opts.today.unwrap_or_else(today), id, folder)
        .map_err(|e| match e {
            BuildError::Findings(found) => {
                BuildError::Findings(Findings(found.0.into_iter().map(to_folder).collect()))
            }
            other => other,
        })?;
    let checked = prepare(opts, &sources, &Quarantine::default())?;
    let findings = checked
        .findings
        .0
        .into_iter()
        .filter(|f| f.member_id() == Some(id) || in_folder(&f.file).is_some())
        .map(to_folder)
        .collect();
    let reports = checked
        .rendered
        .into_iter()
        .map(|(_, _, r)| r)
        .filter_map(|mut r| {
            // The member's own files, not the section page the site makes for it.
            let file = in_folder(Path::new(&r.file)).filter(|f| f.is_file())?;
            r.file = file.display().to_string();
            Some(r)
        })
        .collect();
    Ok((Findings(findings), reports))
}

/// The whole build, as Zola's `Site::build` reads: load and check, report, render, write.
/// Nothing is written unless every stage succeeded.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary, BuildError> {
    let started = Instant::now();
    check_out_dir(opts)?;
    let sources = resolve_sources(opts, opts.today.unwrap_or_else(today))?;
    build_from(opts, &sources, started)
}

/// `throughcare publish`: update the partners' sources, build (strictly, unless the options
/// say otherwise), and only then does the new site take the old one's place. When anything
/// fails, the last good site stays, `federation.lock` goes back to what that site was built
/// from, and the federation report says which partner broke what (what `update` found
/// included).
pub fn publish(opts: &BuildOptions) -> Result<BuildSummary, BuildError> {
    let started = Instant::now();
    check_out_dir(opts)?;
    let day = opts.today.unwrap_or_else(today);
    let lock_path = opts.root.join(federation::LOCKFILE);
    // The lock the live site was built from, byte for byte, to put back if this fails.
    let live_lock = std::fs::read(&lock_path).ok();
    let sources = if opts.root.join(federation::MANIFEST).is_file() {
        let (_, found) = federation::update(&opts.federation_options(day))
            .map_err(|found| BuildError::Findings(Findings(found)))?;
        updated_sources(opts, day, found)
    } else {
        resolve_sources(opts, day)
    };
    sources
        .and_then(|sources| build_from(opts, &sources, started))
        .inspect_err(|_| restore_lock(&lock_path, live_lock.as_deref()))
}

/// Put back the lock the live site was built from (or none, if it had none).
fn restore_lock(lock_path: &Path, live: Option<&[u8]>) {
    let put_back = match live {
        Some(bytes) => std::fs::write(lock_path, bytes),
        None => match std::fs::remove_file(lock_path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            other => other,
        },
    };
    if let Err(e) = put_back {
        eprintln!(
            "warning: cannot put back {} as the live site had it: {e}",
            lock_path.display()
        );
    }
}

/// Check, report, render and write a build whose sources are resolved.
fn build_from(
    opts: &BuildOptions,
    sources: &Sources,
    started: Instant,
) -> Result<BuildSummary, BuildError> {
    let (mut checked, quarantine) = prepare_with_mode(opts, sources)?;
    let checked_at = Instant::now();
    let failed = match opts.mode {
        Mode::Strict => !checked.findings.0.is_empty(),
        Mode::Normal | Mode::Tolerant => checked.findings.has_errors(),
    };
    report_federation(opts, sources, &checked, &quarantine, failed)?;
    if failed {
        return Err(BuildError::Findings(checked.findings));
    }
    let mut rendered = render_site(opts, &mut checked, sources, &quarantine)?;
    let rendered_at = Instant::now();
    write(opts, &mut rendered)?;
    let mut findings = checked.findings;
    findings.0.retain(|f| !f.is_error());
    Ok(BuildSummary {
        pages: checked.library.pages.len(),
        sections: checked.library.sections.len(),
        files: rendered.files.len(),
        findings,
        reports: rendered.reports,
        pack_pdfs: rendered.pack_pdfs,
        quarantine,
        services: checked.listings.len(),
        samples_left_out: checked.samples_left_out.clone(),
        elapsed: started.elapsed(),
        stages: Stages {
            check: checked_at - started,
            render: rendered_at - checked_at,
            write: rendered_at.elapsed(),
        },
    })
}

/// `serve`, after a save: when only pages changed (files in `changed`), those pages, their
/// other reading level, the sections above them and the A to Z are rendered and written over
/// the served site `opts.out`, file by file; how many files changed. `None` when the change
/// needs a whole build: a section (every page's navigation names it), a removed page or one
/// that is now a draft, anything that is not a page, and folder builds (their links are
/// rewritten once every page is made). Everything is loaded and checked as in [`build`], so a
/// save with an error is reported and changes nothing; the full build that follows makes the
/// rest (search, packs, feeds).
pub fn rebuild_pages(
    opts: &BuildOptions,
    changed: &[PathBuf],
) -> Result<Option<usize>, BuildError> {
    // Folder builds rewrite every page's links once all are made.
    let folder_build = opts.relative_urls || opts.kiosk.is_some();
    let Some(saved) = saved_pages(&opts.root, changed).filter(|_| !folder_build) else {
        return Ok(None);
    };
    let sources = resolve_sources(opts, opts.today.unwrap_or_else(today))?;
    let (mut checked, quarantine) = prepare_with_mode(opts, &sources)?;
    let failed = match opts.mode {
        Mode::Strict => !checked.findings.0.is_empty(),
        Mode::Normal | Mode::Tolerant => checked.findings.has_errors(),
    };
    if failed {
        return Err(BuildError::Findings(checked.findings));
    }
    let Some(only) = touched_by(&checked.library, &saved) else {
        return Ok(None);
    };
    let rendered = render_documents(opts, &mut checked, &sources, &quarantine, &only)?;
    let files = match output::check_paths(&opts.root, &rendered.files) {
        Ok(files) if rendered.errors.is_empty() => files,
        Ok(_) => return Err(BuildError::Findings(Findings(rendered.errors.clone()))),
        Err(refused) => return Err(BuildError::Findings(Findings(refused))),
    };
    output::replace_files(&opts.out, &files)
        .map(Some)
        .map_err(|source| BuildError::Io {
            path: opts.out.clone(),
            source,
        })
}

/// The content paths (`after-release/housing.md`) of `changed`, when every one is a page's
/// Markdown file (not a section's `_index.md`) that is still there.
fn saved_pages(root: &Path, changed: &[PathBuf]) -> Option<Vec<String>> {
    let content = root.join("content");
    changed
        .iter()
        .map(|path| {
            let rel = path.strip_prefix(&content).ok()?;
            let name = rel.file_name()?.to_str()?;
            if !name.ends_with(".md") || name.starts_with('_') || !path.is_file() {
                return None;
            }
            let parts: Option<Vec<&str>> =
                rel.components().map(|c| c.as_os_str().to_str()).collect();
            Some(parts?.join("/"))
        })
        .collect::<Option<Vec<String>>>()
        .filter(|pages| !pages.is_empty())
}

/// What shows something of the pages `saved`: each page, its other reading level, the
/// sections above it (their lists) and the A to Z. `None` when one of them is not a page of
/// the library (a draft, or left out).
fn touched_by(library: &Library, saved: &[String]) -> Option<HashSet<String>> {
    let mut touched = HashSet::new();
    for rel in saved {
        let page = library.pages.iter().find(|p| &p.rel_path == rel)?;
        touched.insert(page.rel_path.clone());
        if let Some(twin) = page.twin {
            touched.insert(library.pages[twin].rel_path.clone());
        }
        let mut parent = page.parent;
        while let Some(p) = parent {
            let section = &library.sections[p].doc;
            touched.insert(section.rel_path.clone());
            parent = section.parent;
        }
    }
    touched.extend(
        library
            .documents()
            .filter(|d| d.meta.template.as_deref() == Some("a-z.html"))
            .map(|d| d.rel_path.clone()),
    );
    Some(touched)
}

/// Refuse an output folder that would wipe the site's own sources.
fn check_out_dir(opts: &BuildOptions) -> Result<(), BuildError> {
    output::check_out_dir(&opts.root, &opts.out).map_err(|why| {
        BuildError::Findings(Findings(vec![Finding::about_file(
            Severity::Error,
            "output::unsafe_folder",
            &opts.out,
            why,
            "pass --out with a folder that is not part of the site's sources",
        )]))
    })
}

/// A federated site's report, written whether or not the build goes on.
fn report_federation(
    opts: &BuildOptions,
    sources: &Sources,
    checked: &Checked,
    quarantine: &Quarantine,
    failed: bool,
) -> Result<(), BuildError> {
    let Some(resolved) = &sources.resolved else {
        return Ok(());
    };
    let report = crate::report::Report::new(
        opts.mode,
        Some(&resolved.manifest),
        &checked.members,
        &checked.findings,
        quarantine,
        failed,
    );
    // The site's own templates may be what failed; the report is written all the same.
    let tera = crate::render::load_templates(&opts.root)
        .unwrap_or_else(|_| crate::render::builtin::tera());
    Ok(report.write(&tera, &opts.report_dir())?)
}

/// Every path through the gate, then the atomic write; any refusal stops it, with all the
/// render stage's errors, before the site is swapped in (pages written as they were rendered
/// go with the staging folder).
fn write(opts: &BuildOptions, rendered: &mut Rendered) -> Result<(), BuildError> {
    let mut errors = rendered.errors.clone();
    let checked = match output::check_paths(&opts.root, &rendered.files) {
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
    let io = |source| BuildError::Io {
        path: opts.out.clone(),
        source,
    };
    let staging = match rendered.staging.take() {
        Some(staging) => staging,
        None => output::Staging::new(&opts.out).map_err(io)?,
    };
    staging.publish(&checked).map_err(io)
}
