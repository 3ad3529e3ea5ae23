//! Tolerant builds: leave out what members got wrong and prepare again.

use super::{prepare, BuildError, BuildOptions, Checked, Mode, Sources};
use crate::content::members::Quarantine;
use crate::finding::{Finding, LeavesOut, Severity};

/// Prepare; a tolerant build then leaves out what members got wrong and prepares again, until
/// only the site's own findings (or none) remain.
pub(super) fn prepare_with_mode(
    opts: &BuildOptions,
    sources: &Sources,
) -> Result<(Checked, Quarantine), BuildError> {
    let mut quarantine = Quarantine::default();
    if opts.mode == Mode::Tolerant {
        if let Some(r) = &sources.resolved {
            // A source that could not be trusted takes its whole member out.
            for f in r.problems.iter().filter(|f| f.is_error()) {
                if let Some(m) = f.member_id() {
                    quarantine.members.insert(m.to_string());
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
            let Some(member) = &f.member else {
                continue;
            };
            left_out.push(f.clone());
            match &member.leaves_out {
                LeavesOut::Member => quarantine.members.insert(member.id.clone()),
                LeavesOut::File => quarantine.files.insert(f.file.clone()),
                LeavesOut::Item(id) => quarantine.items.insert(id.clone()),
            };
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
                if f.member.is_some() {
                    f.severity = Severity::Warning;
                    f.message = format!("left out of this build: {}", f.message);
                }
            }
            return Ok((checked, quarantine));
        }
    }
}
