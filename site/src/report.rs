//! The federation report: for each member, what was built, what was left out, and every
//! finding with file, line, rule and fix, as JSON (for tools) and HTML (for the member).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::{Context, Tera};

use crate::content::members::{MemberInfo, Mode, Quarantine};
use crate::finding::{Finding, Findings};

#[derive(Debug, Serialize)]
pub struct MemberReport {
    pub id: String,
    pub name: String,
    pub revision: Option<String>,
    pub checked: Option<String>,
    /// `built`, `partly built` (items left out), `left out`, or `failed` (strict/normal).
    pub status: &'static str,
    pub left_out: Vec<String>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub mode: &'static str,
    pub built: bool,
    pub members: Vec<MemberReport>,
    /// Findings about the site's own content or the manifest as a whole.
    pub site: Vec<Finding>,
}

impl Report {
    pub fn new(
        mode: Mode,
        manifest: Option<&federation::Manifest>,
        members: &[MemberInfo],
        findings: &Findings,
        quarantine: &Quarantine,
        failed: bool,
    ) -> Report {
        let mut by_member: BTreeMap<String, Vec<Finding>> = BTreeMap::new();
        let mut site = Vec::new();
        for f in &findings.0 {
            match f.member_id() {
                Some(m) => by_member.entry(m.to_string()).or_default().push(f.clone()),
                None => site.push(f.clone()),
            }
        }
        let mut reports = Vec::new();
        for m in manifest.map(|m| m.members.as_slice()).unwrap_or_default() {
            let id = m.id.get_ref().clone();
            let info = members.iter().find(|i| i.id == id);
            let found = by_member.remove(&id).unwrap_or_default();
            let prefix = format!("federation/{id}/");
            let mut left_out: Vec<String> = quarantine
                .files
                .iter()
                .filter_map(|f| f.to_str()?.strip_prefix(&prefix).map(str::to_string))
                .chain(
                    quarantine
                        .items
                        .iter()
                        .filter(|i| i.starts_with(&format!("{id}:")))
                        .cloned(),
                )
                .collect();
            left_out.sort();
            let has_errors = found.iter().any(Finding::is_error);
            let status = if quarantine.members.contains(&id) {
                "left out"
            } else if !left_out.is_empty() {
                "partly built"
            } else if failed && (has_errors || mode == Mode::Strict && !found.is_empty()) {
                "failed"
            } else {
                "built"
            };
            reports.push(MemberReport {
                name: m.name.clone(),
                revision: info.map(|i| i.revision.clone()),
                checked: info.map(|i| i.checked.clone()),
                id,
                status,
                left_out,
                findings: found,
            });
        }
        // Findings for members the manifest no longer names stay visible.
        for (id, found) in by_member {
            site.extend(found.into_iter().map(|mut f| {
                f.message = format!("[{id}] {}", f.message);
                f
            }));
        }
        Report {
            mode: mode.name(),
            built: !failed,
            members: reports,
            site,
        }
    }

    /// `report.json`, `index.html` and one `{member}.html` each, written whole or not at all.
    /// The pages come from `internal/report/*.html`: the site's own if it has them.
    pub fn write(&self, tera: &Tera, dir: &Path) -> Result<(), ReportError> {
        let tmp = dir.with_extension("tmp");
        let io = |source| ReportError::Io {
            path: dir.to_path_buf(),
            source,
        };
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp).map_err(io)?;
        let json = serde_json::to_string_pretty(self).map_err(ReportError::Json)? + "\n";
        std::fs::write(tmp.join("report.json"), json).map_err(io)?;
        let index = render(
            tera,
            "internal/report/index.html",
            &IndexPage { report: self },
        )?;
        std::fs::write(tmp.join("index.html"), index).map_err(io)?;
        for member in &self.members {
            let page = render(tera, "internal/report/member.html", &MemberPage { member })?;
            std::fs::write(tmp.join(format!("{}.html", member.id)), page).map_err(io)?;
        }
        let _ = std::fs::remove_dir_all(dir);
        std::fs::rename(&tmp, dir).map_err(io)
    }
}

/// What `internal/report/index.html` gets.
#[derive(Serialize)]
struct IndexPage<'a> {
    report: &'a Report,
}

/// What `internal/report/member.html` gets.
#[derive(Serialize)]
struct MemberPage<'a> {
    member: &'a MemberReport,
}

fn render(
    tera: &Tera,
    template: &'static str,
    values: &impl Serialize,
) -> Result<String, ReportError> {
    Context::from_serialize(values)
        .and_then(|cx| tera.render(template, &cx))
        .map_err(|e| ReportError::Template {
            template,
            message: crate::render::tera_error_text(&e),
        })
}

/// The report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("cannot write the federation report to {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write the federation report as JSON: {0}")]
    Json(#[source] serde_json::Error),
    #[error("cannot render the federation report with templates/{template}: {message}")]
    Template {
        template: &'static str,
        message: String,
    },
}
