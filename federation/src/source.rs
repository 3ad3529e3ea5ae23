//! Reading a member's source at a revision: a folder, a git repository, or a tarball. Every
//! entry goes through `Vetting` before its bytes are read.

use std::io::Read;
use std::path::{Path, PathBuf};

use git2::{ObjectType, Oid, Repository};

use crate::tree::{sha256_hex, EntryKind, Tree, Vetting};
use finding::Finding;

/// Why a source gave nothing.
pub enum FetchError {
    /// It could not be reached (missing folder, repository or file): the cache may stand in.
    Unreachable(String),
    /// It was reached and is wrong: no cache may stand in.
    Invalid(Vec<Finding>),
}

impl FetchError {
    /// The source was reached and refused, by `rule`; found in the manifest's entry for `member`.
    pub fn refused(member: &str, rule: &'static str, message: String, help: &str) -> FetchError {
        FetchError::Invalid(vec![Finding::error(
            rule,
            Some(member),
            crate::MANIFEST,
            message,
            help,
        )])
    }
}

/// A source's vetted files, what revision they are, and what was refused.
pub struct Fetched {
    pub tree: Tree,
    pub revision: String,
    pub problems: Vec<Finding>,
}

/// Paths in the manifest are relative to the site root; `file://` URLs are accepted.
pub fn local_path(root: &Path, location: &str) -> PathBuf {
    let plain = location.strip_prefix("file://").unwrap_or(location);
    root.join(plain)
}

pub fn read_dir(member: &str, dir: &Path) -> Result<Fetched, FetchError> {
    if !dir.is_dir() {
        return Err(FetchError::Unreachable(format!(
            "the folder {} does not exist",
            dir.display()
        )));
    }
    let mut vet = Vetting::new(member);
    let mut walk = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .min_depth(1)
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                vet.problems.push(Finding::error(
                    "federation::unreadable",
                    Some(member),
                    e.path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default(),
                    format!("cannot read: {e}"),
                    "check the folder's permissions",
                ));
                continue;
            }
        };
        let rel: Vec<String> = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let rel = rel.join("/");
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        let ft = meta.file_type();
        let kind = if ft.is_symlink() {
            EntryKind::Link
        } else if ft.is_dir() {
            EntryKind::Dir
        } else if ft.is_file() {
            EntryKind::File
        } else {
            EntryKind::Other
        };
        let before = vet.problems.len();
        let path = entry.path().to_path_buf();
        vet.entry(&rel, kind, meta.len(), || std::fs::read(&path));
        // A refused folder is not walked into, nor git's own.
        if kind == EntryKind::Dir
            && (vet.problems.len() > before || crate::tree::is_repository_furniture(&rel))
        {
            walk.skip_current_dir();
        }
    }
    Ok(Fetched {
        tree: vet.tree,
        revision: "local".into(),
        problems: vet.problems,
    })
}

/// Bring the repository's branches and tags into a bare mirror in the cache, and open it.
/// When the source cannot be reached, the mirror as it stands is returned with the reason.
pub fn git_mirror(url: &str, mirror: &Path) -> (Option<Repository>, Option<String>) {
    let repo = match Repository::open_bare(mirror).or_else(|_| Repository::init_bare(mirror)) {
        Ok(r) => r,
        Err(e) => {
            return (
                None,
                Some(format!("cannot open the cache {}: {e}", mirror.display())),
            )
        }
    };
    let fetched = (|| -> Result<(), git2::Error> {
        let mut remote = repo.remote_anonymous(url)?;
        remote.fetch(
            &["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"],
            None,
            None,
        )
    })();
    match fetched {
        Ok(()) => (Some(repo), None),
        Err(e) => (
            Some(repo),
            Some(format!(
                "cannot fetch {}: {}",
                crate::http::redact(url),
                e.message()
            )),
        ),
    }
}

/// The commit a tag or revision names.
pub fn git_commit(repo: &Repository, tag: Option<&str>, rev: Option<&str>) -> Result<Oid, String> {
    let spec = match (tag, rev) {
        (Some(t), _) => format!("refs/tags/{t}"),
        (None, Some(r)) => r.to_string(),
        (None, None) => return Err("no tag or commit given".into()),
    };
    let object = repo
        .revparse_single(&spec)
        .map_err(|e| format!("`{spec}` is not in the repository: {}", e.message()))?;
    object
        .peel(ObjectType::Commit)
        .map(|c| c.id())
        .map_err(|e| format!("`{spec}` is not a commit: {}", e.message()))
}

pub fn read_git(member: &str, repo: &Repository, commit: Oid) -> Result<Fetched, FetchError> {
    let tree = repo
        .find_commit(commit)
        .and_then(|c| c.tree())
        .map_err(|e| FetchError::Unreachable(e.message().to_string()))?;
    let odb = repo
        .odb()
        .map_err(|e| FetchError::Unreachable(e.message().to_string()))?;
    let mut vet = Vetting::new(member);
    walk_git(repo, &odb, &tree, "", &mut vet);
    Ok(Fetched {
        tree: vet.tree,
        revision: commit.to_string(),
        problems: vet.problems,
    })
}

fn walk_git(
    repo: &Repository,
    odb: &git2::Odb,
    tree: &git2::Tree,
    prefix: &str,
    vet: &mut Vetting,
) {
    for entry in tree.iter() {
        let name = String::from_utf8_lossy(entry.name_bytes()).into_owned();
        let path = format!("{prefix}{name}");
        let mode = entry.filemode();
        let kind = match mode {
            0o040000 => EntryKind::Dir,
            0o100644 | 0o100755 => EntryKind::File,
            0o120000 => EntryKind::Link,
            _ => EntryKind::Other,
        };
        let size = if kind == EntryKind::File {
            odb.read_header(entry.id())
                .map(|(s, _)| s as u64)
                .unwrap_or(u64::MAX)
        } else {
            0
        };
        let before = vet.problems.len();
        let id = entry.id();
        vet.entry(&path, kind, size, || {
            repo.find_blob(id)
                .map(|b| b.content().to_vec())
                .map_err(|e| std::io::Error::other(e.message().to_string()))
        });
        if kind == EntryKind::Dir && vet.problems.len() == before {
            if let Ok(sub) = repo.find_tree(entry.id()) {
                walk_git(repo, odb, &sub, &format!("{path}/"), vet);
            }
        }
    }
}

/// A tarball's bytes from this machine, checked against the manifest's SHA-256.
pub fn read_tarball_file(member: &str, path: &Path, sha256: &str) -> Result<Vec<u8>, FetchError> {
    let bytes = std::fs::read(path)
        .map_err(|e| FetchError::Unreachable(format!("cannot read {}: {e}", path.display())))?;
    check_sha256(member, &path.display().to_string(), bytes, sha256)
}

/// A tarball's bytes, checked against the manifest's SHA-256 before anything is unpacked.
pub fn check_sha256(
    member: &str,
    shown: &str,
    bytes: Vec<u8>,
    sha256: &str,
) -> Result<Vec<u8>, FetchError> {
    let actual = sha256_hex(&bytes);
    if !actual.eq_ignore_ascii_case(sha256) {
        return Err(FetchError::Invalid(vec![Finding::error(
            "federation::checksum_mismatch",
            Some(member),
            shown,
            format!("the tarball's SHA-256 is {actual}, not the {sha256} the manifest expects"),
            "if the partner published a new tarball on purpose, put its checksum in federation.toml and run `throughcare federation update`",
        )]));
    }
    Ok(bytes)
}

/// Unpack a gzip tarball in memory. Names are taken raw from the headers, so `..`, absolute
/// paths and links are seen (and refused) rather than quietly rewritten.
pub fn read_tarball(member: &str, bytes: &[u8]) -> Result<Fetched, FetchError> {
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(bytes));
    let mut vet = Vetting::new(member);
    let entries = archive.entries().map_err(|e| {
        FetchError::Invalid(vec![Finding::error(
            "federation::bad_tarball",
            Some(member),
            "",
            format!("the tarball cannot be read: {e}"),
            "publish a .tar.gz made with `tar czf`",
        )])
    })?;
    for entry in entries {
        let mut entry = match entry {
            Ok(e) => e,
            Err(e) => {
                vet.problems.push(Finding::error(
                    "federation::bad_tarball",
                    Some(member),
                    "",
                    format!("the tarball cannot be read: {e}"),
                    "publish a .tar.gz made with `tar czf`",
                ));
                break;
            }
        };
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let kind = match entry.header().entry_type() {
            tar::EntryType::Regular | tar::EntryType::Continuous => EntryKind::File,
            tar::EntryType::Directory => EntryKind::Dir,
            tar::EntryType::Symlink | tar::EntryType::Link => EntryKind::Link,
            // pax headers describe the next entry; the tar crate applies them.
            tar::EntryType::XHeader | tar::EntryType::XGlobalHeader => continue,
            _ => EntryKind::Other,
        };
        let size = entry.size();
        vet.entry(&name, kind, size, || {
            let mut buf = Vec::with_capacity(size as usize);
            entry.read_to_end(&mut buf).map(|_| buf)
        });
    }
    Ok(Fetched {
        tree: vet.tree,
        revision: String::new(),
        problems: vet.problems,
    })
}
