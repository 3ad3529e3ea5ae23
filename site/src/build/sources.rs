//! Members' sources, fetched and verified once per build.

use std::path::PathBuf;

use jiff::civil::Date;

use super::{BuildError, BuildOptions};
use crate::content;
use crate::finding::{Finding, Findings, Severity};

/// Members' sources, fetched and verified once per build (a tolerant build may prepare twice).
pub struct Sources {
    pub resolved: Option<federation::Resolved>,
    /// The manifest and lock's problems, and each member's source problems.
    pub(super) findings: Vec<Finding>,
}

pub(super) fn resolve_sources(opts: &BuildOptions, today: Date) -> Result<Sources, BuildError> {
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
