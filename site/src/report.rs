//! The federation report: for each member, what was built, what was left out, and every
//! finding with file, line, rule and fix, as JSON (for tools) and HTML (for the member).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::content::members::{member_of_finding, MemberInfo, Mode, Quarantine};
use crate::finding::{Finding, Findings};
use crate::markdown::escape_html;

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
            match member_of_finding(f) {
                Some(m) => by_member.entry(m).or_default().push(f.clone()),
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
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        let tmp = dir.with_extension("tmp");
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp)?;
        std::fs::write(
            tmp.join("report.json"),
            serde_json::to_string_pretty(self).unwrap_or_default() + "\n",
        )?;
        let mut index = page_head("Federation report");
        index.push_str(&format!(
            "<h1>Federation report</h1>\n<p>Mode: {}. The site was {}.</p>\n<table>\n<thead><tr><th scope=\"col\">Member</th><th scope=\"col\">Status</th><th scope=\"col\">Findings</th><th scope=\"col\">Revision</th></tr></thead>\n<tbody>\n",
            self.mode,
            if self.built { "built" } else { "not built" }
        ));
        for m in &self.members {
            index.push_str(&format!(
                "<tr><td><a href=\"{id}.html\">{name}</a></td><td>{status}</td><td>{n}</td><td><code>{rev}</code></td></tr>\n",
                id = escape_html(&m.id),
                name = escape_html(&m.name),
                status = m.status,
                n = m.findings.len(),
                rev = escape_html(m.revision.as_deref().unwrap_or("not resolved")),
            ));
            let mut page = page_head(&format!("{}: federation report", m.name));
            page.push_str(&format!(
                "<p><a href=\"index.html\">All members</a></p>\n<h1>{}</h1>\n<p>Status: <strong>{}</strong>. Revision <code>{}</code>, checked {}.</p>\n",
                escape_html(&m.name),
                m.status,
                escape_html(m.revision.as_deref().unwrap_or("not resolved")),
                escape_html(m.checked.as_deref().unwrap_or("never")),
            ));
            if !m.left_out.is_empty() {
                page.push_str("<h2>Left out of this build</h2>\n<ul>\n");
                for item in &m.left_out {
                    page.push_str(&format!("<li><code>{}</code></li>\n", escape_html(item)));
                }
                page.push_str("</ul>\n");
            }
            page.push_str(&findings_table(&m.findings));
            page.push_str("</main>\n</body>\n</html>\n");
            std::fs::write(tmp.join(format!("{}.html", m.id)), page)?;
        }
        index.push_str("</tbody>\n</table>\n");
        if !self.site.is_empty() {
            index.push_str("<h2>The site's own findings</h2>\n");
            index.push_str(&findings_table(&self.site));
        }
        index.push_str("</main>\n</body>\n</html>\n");
        std::fs::write(tmp.join("index.html"), index)?;
        let _ = std::fs::remove_dir_all(dir);
        std::fs::rename(&tmp, dir)
    }
}

fn page_head(title: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">\n<title>{}</title>\n</head>\n<body>\n<main>\n",
        escape_html(title)
    )
}

fn findings_table(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "<p>No findings.</p>\n".into();
    }
    let mut out = String::from("<table>\n<thead><tr><th scope=\"col\">File</th><th scope=\"col\">Line</th><th scope=\"col\">Rule</th><th scope=\"col\">What is wrong</th><th scope=\"col\">How to fix it</th></tr></thead>\n<tbody>\n");
    for f in findings {
        out.push_str(&format!(
            "<tr><td><code>{}</code></td><td>{}</td><td><code>{}</code> ({:?})</td><td>{}</td><td>{}</td></tr>\n",
            escape_html(&f.file.display().to_string()),
            if f.line > 0 { f.line.to_string() } else { String::new() },
            f.rule,
            f.severity,
            escape_html(&f.message),
            escape_html(&f.help),
        ));
    }
    out.push_str("</tbody>\n</table>\n");
    out
}
