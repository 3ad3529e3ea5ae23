//! `federation.lock`: what each member resolved to, written only by `federation update`.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::LOCKFILE;
use finding::Finding;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockedMember {
    pub id: String,
    /// The manifest's source, as `Source::describe` put it when the lock was written.
    pub source: String,
    /// A git commit, a tarball's SHA-256, or `local` for a folder.
    pub revision: String,
    /// `Tree::content_hash` of the vetted files.
    pub content_hash: String,
    /// The day `update` fetched and checked it (YYYY-MM-DD).
    pub checked: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    #[serde(default)]
    pub members: Vec<LockedMember>,
}

const HEADER: &str = "# Written by `throughcare federation update`. Do not edit: builds use exactly these\n# revisions, and a member whose content no longer matches its hash is an error.\n\n";

impl Lock {
    pub fn load(root: &Path) -> Result<Option<Lock>, Finding> {
        let text = match std::fs::read_to_string(root.join(LOCKFILE)) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(Finding::error(
                    "federation::unreadable",
                    None,
                    LOCKFILE,
                    format!("cannot read the lockfile: {e}"),
                    "check the file's permissions",
                ))
            }
        };
        Lock::parse(&text).map(Some)
    }

    /// A lockfile's text, checked.
    pub fn parse(text: &str) -> Result<Lock, Finding> {
        toml::from_str(text).map_err(|e| {
            Finding::error(
                "federation::invalid_lock",
                None,
                LOCKFILE,
                format!("the lockfile is not valid: {}", e.message().trim()),
                "run `throughcare federation update` to write it again",
            )
            .at(e.span().unwrap_or(0..0))
        })
    }

    pub fn to_text(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!("{HEADER}{body}")
    }

    pub fn member(&self, id: &str) -> Option<&LockedMember> {
        self.members.iter().find(|m| m.id == id)
    }
}
