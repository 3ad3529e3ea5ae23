//! Members' sources, fetched and verified once per build.

use std::collections::HashSet;
use std::path::Path;

use jiff::civil::Date;

use super::{BuildError, BuildOptions};
use crate::content;
use crate::finding::{Finding, Findings};

/// Members' sources, fetched and verified once per build (a tolerant build may prepare twice).
pub struct Sources {
    pub resolved: Option<federation::Resolved>,
    /// The manifest and lock's problems, and each member's source problems.
    pub(super) findings: Vec<Finding>,
}

pub(super) fn resolve_sources(opts: &BuildOptions, today: Date) -> Result<Sources, BuildError> {
    sources_from(federation::resolve(&opts.federation_options(today)))
}

/// `publish`: the members as `update` has just locked them, read from the cache it filled
/// (fetching every source a second time would double the wait and the chances to fail). Each
/// came from its source moments ago, unless `update` could not reach it and kept the old
/// copy. What `update` found stands in for the bare `not_locked` of a member it refused.
pub(super) fn updated_sources(
    opts: &BuildOptions,
    today: Date,
    found: Vec<Finding>,
) -> Result<Sources, BuildError> {
    let mut from_cache = opts.federation_options(today);
    from_cache.offline = true;
    let about = |rule: Option<&str>| -> HashSet<String> {
        found
            .iter()
            .filter(|f| rule.is_none_or(|r| f.rule == r))
            .filter_map(|f| f.member_id().map(str::to_string))
            .collect()
    };
    let (named, kept_old) = (about(None), about(Some("federation::unreachable")));
    sources_from(federation::resolve(&from_cache).map(|resolved| {
        resolved.map(|mut r| {
            for m in &mut r.members {
                if !kept_old.contains(&m.locked.id) {
                    m.origin = federation::Origin::Source;
                }
            }
            r.problems.retain(|p| {
                p.rule != "federation::not_locked"
                    || !p.member_id().is_some_and(|m| named.contains(m))
            });
            r.problems.extend(found);
            r
        })
    }))
}

/// One member's content from a folder (`federation check`), in place of the lock.
pub(super) fn member_folder_sources(
    opts: &BuildOptions,
    today: Date,
    id: &str,
    folder: &Path,
) -> Result<Sources, BuildError> {
    sources_from(federation::check_folder(&opts.federation_options(today), id, folder).map(Some))
}

fn sources_from(
    resolved: Result<Option<federation::Resolved>, Vec<Finding>>,
) -> Result<Sources, BuildError> {
    // A member's source files are shown where the build mounts them; a finding in the
    // manifest or lock without a line to show names its member in the message.
    let to_finding = |mut f: Finding| -> Finding {
        let (is_manifest, is_lock) = (
            f.file == Path::new(federation::MANIFEST),
            f.file == Path::new(federation::LOCKFILE),
        );
        if let Some(m) = f.member_id().map(str::to_string) {
            if is_manifest || is_lock {
                if f.line == 0 {
                    f.message = format!("[{m}] {}", f.message);
                }
            } else {
                f.file = content::members::display(&m, &f.file.to_string_lossy());
            }
        }
        f
    };
    match resolved {
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
