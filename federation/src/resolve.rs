//! `update` (resolve sources, write the lock) and `resolve` (build from exactly the lock).

use std::path::{Path, PathBuf};

use crate::http::{self, Http};
use crate::lock::{Lock, LockedMember};
use crate::manifest::{Manifest, Member, Source};
use crate::oruk;
use crate::source::{self, FetchError, Fetched};
use crate::tree::Tree;
use crate::{sign, LOCKFILE, MANIFEST};
use finding::Finding;

#[derive(Debug, Clone)]
pub struct Options {
    /// The site root, where `federation.toml` and `federation.lock` are.
    pub root: PathBuf,
    /// Where fetched sources and checked trees are kept between builds.
    pub cache: PathBuf,
    /// Use only the cache: no source is read.
    pub offline: bool,
    /// Today, as YYYY-MM-DD, for the lock's `checked` dates.
    pub today: String,
    /// What to trust and how long to wait when a source is on the network.
    pub http: Http,
}

impl Options {
    pub fn new(root: impl Into<PathBuf>, today: impl Into<String>) -> Options {
        let root = root.into();
        Options {
            cache: root.join(".throughcare-cache"),
            root,
            offline: false,
            today: today.into(),
            http: Http::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Source,
    /// The locked copy from the cache: offline, the source could not be reached, or a feed
    /// (read at `update` only).
    Cache,
}

#[derive(Debug, Clone)]
pub struct ResolvedMember {
    pub member: Member,
    pub locked: LockedMember,
    pub tree: Tree,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Resolved {
    pub manifest: Manifest,
    /// Members whose locked content was found and verified (possibly with refused files,
    /// reported in `problems`).
    pub members: Vec<ResolvedMember>,
    /// Everything found, each naming its member. A member with an error here may be missing
    /// from `members` (its content could not be trusted at all) or present with files refused.
    pub problems: Vec<Finding>,
}

/// Build from the lock. `Ok(None)`: the site has no federation. `Err`: the manifest or lock
/// cannot be used at all.
pub fn resolve(opts: &Options) -> Result<Option<Resolved>, Vec<Finding>> {
    let Some(manifest) = Manifest::load(&opts.root)? else {
        return Ok(None);
    };
    let lock = Lock::load(&opts.root)
        .map_err(|p| vec![p])?
        .unwrap_or_default();
    let mut members = Vec::new();
    let mut problems = Vec::new();
    for member in &manifest.members {
        let id = member.id.get_ref().as_str();
        let Some(locked) = lock.member(id) else {
            problems.push(
                Finding::error(
                    "federation::not_locked",
                    Some(id),
                    MANIFEST,
                    format!("`{id}` is not in {LOCKFILE}"),
                    "run `throughcare federation update` to resolve and lock it",
                )
                .at(member.id.span()),
            );
            continue;
        };
        if locked.source != member.source.get_ref().describe() {
            problems.push(
                Finding::error(
                    "federation::lock_stale",
                    Some(id),
                    MANIFEST,
                    format!(
                        "`{id}`'s source is now `{}` but {LOCKFILE} locked `{}`",
                        member.source.get_ref().describe(),
                        locked.source
                    ),
                    "run `throughcare federation update` to lock the new source",
                )
                .at(member.source.span()),
            );
            continue;
        }
        // A feed changes between updates: builds use the copy `update` locked.
        let is_feed = matches!(member.source.get_ref(), Source::Oruk { .. });
        let fetched = if opts.offline {
            Err(FetchError::Unreachable("--offline".into()))
        } else if is_feed && from_cache(opts, id, &locked.content_hash).is_some() {
            Err(FetchError::Unreachable("a feed is read at update".into()))
        } else {
            fetch(opts, member, Some(locked))
        };
        let (fetched, origin) = match fetched {
            Ok(f) => (f, Origin::Source),
            Err(FetchError::Invalid(found)) => {
                problems.extend(found);
                continue;
            }
            Err(FetchError::Unreachable(why)) => match from_cache(opts, id, &locked.content_hash) {
                Some(f) => {
                    if !opts.offline && !is_feed {
                        problems.push(Finding::warning(
                            "federation::offline_fallback",
                            Some(id),
                            MANIFEST,
                            format!("`{id}`'s source could not be reached ({why}); the cached copy locked on {} is used", locked.checked),
                            "check the source's address, or build with --offline to use the cache on purpose",
                        ));
                    }
                    (f, Origin::Cache)
                }
                None => {
                    problems.push(Finding::error(
                        if opts.offline { "federation::not_cached" } else { "federation::unreachable" },
                        Some(id),
                        MANIFEST,
                        format!("`{id}`'s source could not be reached ({why}) and the cache has no copy of the locked content"),
                        "build once with the source reachable (or run `throughcare federation update`) to fill the cache",
                    ).at(member.source.span()));
                    continue;
                }
            },
        };
        let hash = fetched.tree.content_hash();
        if hash != locked.content_hash
            || (origin == Origin::Source && fetched.revision != locked.revision)
        {
            problems.push(Finding::error(
                "federation::hash_mismatch",
                Some(id),
                LOCKFILE,
                format!(
                    "`{id}`'s content is {hash} at revision {}, but {LOCKFILE} locked {} at {}",
                    fetched.revision, locked.content_hash, locked.revision
                ),
                "the source changed after it was locked: review the change, then run `throughcare federation update`",
            ));
            continue;
        }
        if origin == Origin::Source {
            store_in_cache(opts, id, &fetched.tree, &hash);
        }
        problems.extend(fetched.problems);
        members.push(ResolvedMember {
            member: member.clone(),
            locked: locked.clone(),
            tree: fetched.tree,
            origin,
        });
    }
    let problems = problems.into_iter().map(|f| manifest.place(f)).collect();
    Ok(Some(Resolved {
        manifest,
        members,
        problems,
    }))
}

/// `throughcare federation update`: fetch every member's source as the manifest pins it,
/// check signatures, hash the vetted files, fill the cache and write `federation.lock`.
/// A member that cannot be reached keeps its old lock entry; one that fails its checks loses it.
pub fn update(opts: &Options) -> Result<(Lock, Vec<Finding>), Vec<Finding>> {
    let Some(manifest) = Manifest::load(&opts.root)? else {
        return Err(vec![Finding::error(
            "federation::no_manifest",
            None,
            MANIFEST,
            format!("there is no {MANIFEST} here"),
            "create it (see docs/federation.md), or run the command from the site's folder",
        )]);
    };
    let old = Lock::load(&opts.root).ok().flatten().unwrap_or_default();
    let mut lock = Lock::default();
    let mut problems = Vec::new();
    for member in &manifest.members {
        let id = member.id.get_ref().as_str();
        match fetch(opts, member, None) {
            Ok(fetched) => {
                let hash = fetched.tree.content_hash();
                store_in_cache(opts, id, &fetched.tree, &hash);
                problems.extend(fetched.problems);
                lock.members.push(LockedMember {
                    id: id.to_string(),
                    source: member.source.get_ref().describe(),
                    revision: fetched.revision,
                    content_hash: hash,
                    checked: opts.today.clone(),
                });
            }
            Err(FetchError::Invalid(found)) => problems.extend(found),
            Err(FetchError::Unreachable(why)) => match old.member(id) {
                Some(kept) if kept.source == member.source.get_ref().describe() => {
                    problems.push(Finding::warning("federation::unreachable", Some(id), MANIFEST, format!("`{id}`'s source could not be reached ({why}); its old lock entry is kept"), "check the source's address and run update again"));
                    lock.members.push(kept.clone());
                }
                _ => problems.push(
                    Finding::error(
                        "federation::unreachable",
                        Some(id),
                        MANIFEST,
                        format!("`{id}`'s source could not be reached: {why}"),
                        "check the source's address in federation.toml",
                    )
                    .at(member.source.span()),
                ),
            },
        }
    }
    let path = opts.root.join(LOCKFILE);
    let tmp = opts.root.join(format!(".{LOCKFILE}.tmp"));
    std::fs::write(&tmp, lock.to_text())
        .and_then(|()| std::fs::rename(&tmp, &path))
        .map_err(|e| {
            vec![Finding::error(
                "federation::unwritable",
                None,
                LOCKFILE,
                format!("cannot write the lockfile: {e}"),
                "check the folder's permissions",
            )]
        })?;
    Ok((
        lock,
        problems.into_iter().map(|f| manifest.place(f)).collect(),
    ))
}

/// `throughcare federation check`: one member's content read from a folder on the partner's
/// own machine and vetted exactly as its source would be, without the lock or the other
/// members: the manifest keeps only that member, its source the folder. (A folder carries no
/// signature: those are checked when the site runs `update`.)
pub fn check_folder(opts: &Options, id: &str, dir: &Path) -> Result<Resolved, Vec<Finding>> {
    let Some(mut manifest) = Manifest::load(&opts.root)? else {
        return Err(vec![Finding::error(
            "federation::no_manifest",
            None,
            MANIFEST,
            format!("there is no {MANIFEST} in {}", opts.root.display()),
            "pass --root with a copy of the site that names you as a member",
        )]);
    };
    let Some(mut member) = manifest.member(id).cloned() else {
        let ids: Vec<&str> = manifest
            .members
            .iter()
            .map(|m| m.id.get_ref().as_str())
            .collect();
        return Err(vec![Finding::error(
            "federation::unknown_member",
            None,
            MANIFEST,
            format!("the site has no member `{id}`"),
            if ids.is_empty() {
                "ask the site's editors to add you to federation.toml".to_string()
            } else {
                format!("use one of: {}", ids.join(", "))
            },
        )]);
    };
    let folder = Source::Dir {
        dir: dir.display().to_string(),
    };
    member.source = toml::Spanned::new(member.source.span(), folder);
    manifest.members = vec![member.clone()];
    let fetched = source::read_dir(id, dir).map_err(|e| match e {
        FetchError::Invalid(found) => found,
        FetchError::Unreachable(why) => vec![Finding::error(
            "federation::unreachable",
            Some(id),
            dir.display().to_string(),
            why,
            "pass the folder that holds your pages/ and services.toml",
        )],
    })?;
    let locked = LockedMember {
        id: id.to_string(),
        source: member.source.get_ref().describe(),
        revision: fetched.revision.clone(),
        content_hash: fetched.tree.content_hash(),
        checked: opts.today.clone(),
    };
    let problems = fetched
        .problems
        .into_iter()
        .map(|f| manifest.place(f))
        .collect();
    Ok(Resolved {
        manifest,
        members: vec![ResolvedMember {
            member,
            locked,
            tree: fetched.tree,
            origin: Origin::Source,
        }],
        problems,
    })
}

/// Read a member's source. With `locked`, git reads the locked commit and checks that the
/// manifest's pin still names it.
fn fetch(
    opts: &Options,
    member: &Member,
    locked: Option<&LockedMember>,
) -> Result<Fetched, FetchError> {
    let id = member.id.get_ref().as_str();
    match member.source.get_ref() {
        Source::Dir { dir } => source::read_dir(id, &source::local_path(&opts.root, dir)),
        Source::Git { git, tag, rev } => {
            let mirror = opts.cache.join("git").join(format!("{id}.git"));
            if let Some(parent) = mirror.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            let (repo, unreachable) = if http::is_remote(git) {
                let max = u64::from(member.max_mb) * 1024 * 1024;
                if !git.starts_with("https://") && !member.insecure {
                    return Err(FetchError::refused(
                        id,
                        "federation::insecure_source",
                        format!("`{}` is not an HTTPS address", http::redact(git)),
                        "use the https:// address; plain http:// is accepted only with insecure = true, in test manifests",
                    ));
                }
                http::with_git_rules(&opts.http, id, member.insecure, max, git, |plain| {
                    source::git_mirror(plain, &mirror)
                })?
            } else {
                let local = source::local_path(&opts.root, git);
                source::git_mirror(&local.to_string_lossy(), &mirror)
            };
            let repo = repo
                .ok_or_else(|| FetchError::Unreachable(unreachable.clone().unwrap_or_default()))?;
            let pinned = source::git_commit(&repo, tag.as_deref(), rev.as_deref());
            let commit = match (pinned, locked, &unreachable) {
                // `update` locks what the source says now, never what the mirror last held.
                (Ok(_), None, Some(why)) => return Err(FetchError::Unreachable(why.clone())),
                (Ok(c), None, None) => c,
                (Ok(c), Some(l), None) if c.to_string() != l.revision => {
                    return Err(FetchError::Invalid(vec![Finding::error(
                        "federation::hash_mismatch",
                        Some(id),
                        LOCKFILE,
                        format!("`{id}`'s pin now names commit {c}, but {LOCKFILE} locked {}", l.revision),
                        "a tag was moved: review the new commit, then run `throughcare federation update`",
                    )]))
                }
                (Ok(c), _, _) => c,
                (Err(why), _, _) => return Err(FetchError::Unreachable(unreachable.unwrap_or(why))),
            };
            if !member.signers.is_empty() {
                // A signed tag vouches for the commit it names; without one, the commit must
                // be signed itself.
                let tag_signed = tag
                    .as_deref()
                    .and_then(|t| sign::check_git_tag(id, &repo, t, commit, &member.signers));
                tag_signed
                    .unwrap_or_else(|| sign::check_git(id, &repo, commit, &member.signers))
                    .map_err(|p| FetchError::Invalid(vec![p]))?;
            }
            source::read_git(id, &repo, commit)
        }
        Source::Oruk { oruk } => oruk::fetch(
            &opts.http,
            id,
            oruk,
            member.insecure,
            u64::from(member.max_mb) * 1024 * 1024,
        ),
        Source::Tarball { tarball, sha256 } => {
            let (bytes, sig) = if http::is_remote(tarball) {
                let max = u64::from(member.max_mb) * 1024 * 1024;
                let got = http::get(&opts.http, id, tarball, member.insecure, max)?;
                let bytes = source::check_sha256(id, &http::redact(tarball), got, sha256)?;
                // The signature beside it; none there is `unsigned`, below.
                let sig = if member.signers.is_empty() {
                    None
                } else {
                    let at = match tarball.split_once('?') {
                        Some((path, query)) => format!("{path}.minisig?{query}"),
                        None => format!("{tarball}.minisig"),
                    };
                    match http::get(&opts.http, id, &at, member.insecure, 64 * 1024) {
                        Ok(s) => Some(String::from_utf8_lossy(&s).into_owned()),
                        Err(FetchError::Unreachable(_)) => None,
                        Err(invalid) => return Err(invalid),
                    }
                };
                (bytes, sig)
            } else {
                let path = source::local_path(&opts.root, tarball);
                let bytes = source::read_tarball_file(id, &path, sha256)?;
                let sig_path = PathBuf::from(format!("{}.minisig", path.display()));
                (bytes, std::fs::read_to_string(&sig_path).ok())
            };
            if !member.signers.is_empty() {
                let shown = http::redact(tarball);
                sign::check_minisign(id, &shown, &bytes, sig.as_deref(), &member.signers)
                    .map_err(|p| FetchError::Invalid(vec![p]))?;
            }
            let mut fetched = source::read_tarball(id, &bytes)?;
            fetched.revision = format!("sha256:{}", sha256.to_ascii_lowercase());
            Ok(fetched)
        }
    }
}

/// The locked copy, read back and vetted like any source; `None` if missing or altered.
fn from_cache(opts: &Options, member: &str, hash: &str) -> Option<Fetched> {
    let dir = cached_tree(&opts.cache, member, hash);
    let fetched = source::read_dir(member, &dir).ok()?;
    (fetched.problems.is_empty() && fetched.tree.content_hash() == hash).then_some(fetched)
}

/// Keep a checked tree for offline builds: written beside, then renamed into place. A cache
/// that cannot be written costs only offline builds, so it is not an error.
fn store_in_cache(opts: &Options, member: &str, tree: &Tree, hash: &str) {
    let dir = cached_tree(&opts.cache, member, hash);
    if dir.is_dir() {
        return;
    }
    let tmp = dir.with_extension("tmp");
    let _ = std::fs::remove_dir_all(&tmp);
    let written = (|| -> std::io::Result<()> {
        for (path, bytes) in &tree.files {
            let target = tmp.join(path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(target, bytes)?;
        }
        std::fs::create_dir_all(&tmp)?;
        std::fs::rename(&tmp, &dir)
    })();
    if written.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
}

/// Where a member's checked tree with this content hash is kept.
fn cached_tree(cache: &Path, member: &str, hash: &str) -> PathBuf {
    cache
        .join("trees")
        .join(member)
        .join(hash.trim_start_matches("sha256:"))
}
