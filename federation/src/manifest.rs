//! `federation.toml`: who the members are, what each may publish, and where its content is.

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::http::redact;

use finding::{Finding, SourceFile};

use crate::MANIFEST;

/// A finding with a span in the manifest, given its line, column and text to show.
fn place(text: &str, finding: Finding) -> Finding {
    if finding.span.is_some() && finding.file == Path::new(MANIFEST) {
        SourceFile::new(MANIFEST, text.to_string()).place(finding)
    } else {
        finding
    }
}

/// What a member may publish.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Services,
    Pages,
    Stories,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Services => "services",
            Kind::Pages => "pages",
            Kind::Stories => "stories",
        }
    }
}

/// Where a member's content comes from. Paths are relative to the site root; `file://` URLs
/// are accepted for git and tarballs, `https://` for both, and Open Referral UK feeds.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Source {
    Dir {
        dir: String,
    },
    Git {
        git: String,
        #[serde(default)]
        tag: Option<String>,
        #[serde(default)]
        rev: Option<String>,
    },
    Tarball {
        tarball: String,
        sha256: String,
    },
    /// An Open Referral UK (HSDS API) `/services` feed.
    Oruk {
        oruk: String,
    },
}

impl Source {
    /// A one-line description, stored in the lock so a changed source is noticed.
    pub fn describe(&self) -> String {
        match self {
            Source::Dir { dir } => format!("dir {dir}"),
            Source::Git { git, tag, rev } => match (tag, rev) {
                (Some(t), _) => format!("git {} tag {t}", redact(git)),
                (None, Some(r)) => format!("git {} rev {r}", redact(git)),
                (None, None) => format!("git {}", redact(git)),
            },
            Source::Tarball { tarball, sha256 } => {
                format!("tarball {} sha256 {sha256}", redact(tarball))
            }
            Source::Oruk { oruk } => format!("oruk {}", redact(oruk)),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// The member's URL prefix (`/{id}/`) and id namespace (`{id}:service/slug`).
    pub id: Spanned<String>,
    pub name: String,
    /// Public identifiers of the organisation: `GB-SC:SC012345` (charity), and the like.
    #[serde(default)]
    pub organisation_ids: Vec<String>,
    #[serde(default)]
    pub website: Option<String>,
    pub kinds: Spanned<Vec<Kind>>,
    /// Council areas the member serves (names, as in the assessment's list); `all` for Scotland.
    #[serde(default)]
    pub councils: Vec<String>,
    /// Sample data: every page from this member says so until a partner replaces it.
    #[serde(default)]
    pub sample: bool,
    pub source: Spanned<Source>,
    /// OpenSSH public keys (git) or minisign public keys (tarballs). Empty: no signature needed.
    #[serde(default)]
    pub signers: Vec<String>,
    /// The most a source fetched over the network may be, in MB.
    #[serde(default = "default_max_mb")]
    pub max_mb: u32,
    /// Accept plain `http://` (test manifests only; every page of a real site goes over HTTPS).
    #[serde(default)]
    pub insecure: bool,
}

fn default_max_mb() -> u32 {
    50
}

impl Member {
    pub fn may_publish(&self, kind: Kind) -> bool {
        self.kinds.get_ref().contains(&kind)
    }
}

/// An item that must not appear in any build, whatever a source or cache holds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revoked {
    /// `member:service/slug`, `member:page/path` or `member:story/slug`.
    pub id: Spanned<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Days after a listing's review date before kiosk builds leave it out.
    #[serde(default = "default_grace")]
    pub review_grace_days: u32,
    /// Keep sample members and listings in kiosk and `--strict` builds (a demonstration
    /// site); without it they are left out there, and the build says so.
    #[serde(default)]
    pub include_samples: bool,
    #[serde(default)]
    pub members: Vec<Member>,
    #[serde(default)]
    pub revoked: Vec<Revoked>,
    /// The manifest's text, for findings that point into it.
    #[serde(skip)]
    pub text: String,
}

fn default_grace() -> u32 {
    30
}

/// Ids become URL prefixes and namespaces: short, lowercase, no surprises.
pub fn valid_id(id: &str) -> bool {
    (2..=40).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

impl Manifest {
    /// `Ok(None)` when the site has no manifest (no federation).
    pub fn load(root: &Path) -> Result<Option<Manifest>, Vec<Finding>> {
        let path = root.join(MANIFEST);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(vec![Finding::error(
                    "federation::unreadable",
                    None,
                    MANIFEST,
                    format!("cannot read the manifest: {e}"),
                    "check the file's permissions",
                )])
            }
        };
        Manifest::parse(text).map(Some)
    }

    pub fn parse(text: String) -> Result<Manifest, Vec<Finding>> {
        let mut manifest: Manifest = toml::from_str(&text).map_err(|e| {
            vec![Finding::error(
                "federation::invalid_manifest",
                None,
                MANIFEST,
                format!("the manifest is not valid: {}", e.message().trim()),
                "see docs/federation.md for the fields a member takes",
            )
            .at(e.span().unwrap_or(0..0))]
            .into_iter()
            .map(|f| place(&text, f))
            .collect::<Vec<_>>()
        })?;
        manifest.text = text;
        let mut problems = Vec::new();
        let mut seen = HashSet::new();
        for m in &manifest.members {
            let id = m.id.get_ref();
            if !valid_id(id) {
                problems.push(
                    Finding::error(
                        "federation::bad_member_id",
                        None,
                        MANIFEST,
                        format!("`{id}` cannot be a member id"),
                        "use 2 to 40 lowercase letters, digits and hyphens: it becomes the member's web address",
                    )
                    .at(m.id.span()),
                );
            }
            if !seen.insert(id.clone()) {
                problems.push(
                    Finding::error(
                        "federation::duplicate_member",
                        None,
                        MANIFEST,
                        format!("the member `{id}` is listed twice"),
                        "give each member one [[members]] entry",
                    )
                    .at(m.id.span()),
                );
            }
            if m.kinds.get_ref().is_empty() {
                problems.push(
                    Finding::error(
                        "federation::no_kinds",
                        Some(id),
                        MANIFEST,
                        format!("`{id}` may publish nothing"),
                        "set kinds to some of \"services\", \"pages\", \"stories\"",
                    )
                    .at(m.kinds.span()),
                );
            }
            if let Source::Git { tag, rev, .. } = m.source.get_ref() {
                if tag.is_some() == rev.is_some() {
                    problems.push(
                        Finding::error(
                            "federation::unpinned_git",
                            Some(id),
                            MANIFEST,
                            format!("`{id}`'s git source must be pinned to one tag or one commit"),
                            "give exactly one of tag = \"v1.2\" or rev = \"<commit>\"",
                        )
                        .at(m.source.span()),
                    );
                }
            }
            if let Source::Tarball { sha256, .. } = m.source.get_ref() {
                if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
                    problems.push(
                        Finding::error(
                            "federation::bad_checksum",
                            Some(id),
                            MANIFEST,
                            format!("`{id}`'s tarball checksum is not a SHA-256"),
                            "give the tarball's SHA-256 as 64 hex digits (sha256sum prints it)",
                        )
                        .at(m.source.span()),
                    );
                }
            }
        }
        for r in &manifest.revoked {
            let ok = r.id.get_ref().split_once(':').is_some_and(|(m, item)| {
                seen.contains(m)
                    && ["service/", "page/", "story/"]
                        .iter()
                        .any(|k| item.starts_with(k) && item.len() > k.len())
            });
            if !ok {
                problems.push(
                    Finding::error(
                        "federation::bad_revocation",
                        None,
                        MANIFEST,
                        format!("`{}` is not an item id of a member", r.id.get_ref()),
                        "write member:service/slug, member:page/path or member:story/slug",
                    )
                    .at(r.id.span()),
                );
            }
        }
        if problems.is_empty() {
            Ok(manifest)
        } else {
            Err(problems.into_iter().map(|f| manifest.place(f)).collect())
        }
    }

    /// Give a finding that points into the manifest its line and column.
    pub fn place(&self, finding: Finding) -> Finding {
        place(&self.text, finding)
    }

    pub fn member(&self, id: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.id.get_ref() == id)
    }

    pub fn is_revoked(&self, item_id: &str) -> bool {
        self.revoked.iter().any(|r| r.id.get_ref() == item_id)
    }
}
