//! A member's files, vetted: every path is checked before its bytes are read, so a source
//! cannot reach outside itself, smuggle a link, or flood the build.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use finding::Finding;

/// Larger files are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;
/// More files than this in one source are refused.
pub const MAX_FILES: usize = 5_000;
const MAX_DEPTH: usize = 8;

/// What a source says an entry is, before anything is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Dir,
    /// Symbolic or hard link.
    Link,
    /// Devices, submodules, anything else.
    Other,
}

/// A member's checked files: source-relative path (`pages/visits.md`) to bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tree {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Tree {
    /// `sha256:` over the sorted list of paths and each file's own SHA-256, so the hash
    /// changes when any name or byte does, and never depends on how the source stored them.
    pub fn content_hash(&self) -> String {
        let mut all = Sha256::new();
        for (path, bytes) in &self.files {
            all.update(path.as_bytes());
            all.update([0]);
            all.update(hex(&Sha256::digest(bytes)));
            all.update(b"\n");
        }
        format!("sha256:{}", hex(&all.finalize()))
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Collects a source's entries, refusing the unsafe ones with a problem each.
pub struct Vetting<'a> {
    member: &'a str,
    pub tree: Tree,
    pub problems: Vec<Finding>,
}

impl<'a> Vetting<'a> {
    pub fn new(member: &'a str) -> Self {
        Vetting {
            member,
            tree: Tree::default(),
            problems: Vec::new(),
        }
    }

    /// Check one entry from its raw name, kind and size; only if it passes is `read` called.
    pub fn entry(
        &mut self,
        raw_path: &str,
        kind: EntryKind,
        size: u64,
        read: impl FnOnce() -> std::io::Result<Vec<u8>>,
    ) {
        let path = raw_path.strip_prefix("./").unwrap_or(raw_path);
        let path = path.trim_end_matches('/');
        if path.is_empty() || path == "." {
            return;
        }
        let refuse = |rule: &'static str, message: String, help: &str| {
            Finding::error(rule, Some(self.member), path, message, help)
        };
        if path.starts_with('/') || path.starts_with('\\') || path.as_bytes().get(1) == Some(&b':')
        {
            self.problems.push(refuse(
                "federation::absolute_path",
                format!("`{path}` is an absolute path"),
                "a source's files must be named relative to its top folder",
            ));
            return;
        }
        if path.split(['/', '\\']).any(|c| c == ".." || c == ".") {
            self.problems.push(refuse(
                "federation::path_traversal",
                format!("`{path}` climbs out of its folder"),
                "remove `..` from the name; a member can only publish inside its own folder",
            ));
            return;
        }
        if is_repository_furniture(path) {
            return;
        }
        match kind {
            EntryKind::Link => {
                self.problems.push(refuse(
                    "federation::symlink",
                    format!("`{path}` is a link"),
                    "replace the link with the file itself",
                ));
                return;
            }
            EntryKind::Other => {
                self.problems.push(refuse(
                    "federation::odd_file",
                    format!("`{path}` is not an ordinary file or folder"),
                    "a source may hold only ordinary files and folders (no devices or submodules)",
                ));
                return;
            }
            EntryKind::Dir | EntryKind::File => {}
        }
        let parts: Vec<&str> = path.split('/').collect();
        if parts.len() > MAX_DEPTH || !parts.iter().all(|p| plain_name(p)) {
            self.problems.push(refuse(
                "federation::odd_name",
                format!("`{path}` has a name the site does not accept"),
                "use lowercase letters, digits, `-`, `_` and `.` (not first), at most 8 folders deep",
            ));
            return;
        }
        if kind == EntryKind::Dir {
            return;
        }
        if size > MAX_FILE_BYTES {
            self.problems.push(refuse(
                "federation::oversize",
                format!(
                    "`{path}` is {} MB; the limit is {} MB",
                    size.div_ceil(1024 * 1024),
                    MAX_FILE_BYTES / (1024 * 1024)
                ),
                "make the file smaller (compress pictures), or leave it out",
            ));
            return;
        }
        if self.tree.files.len() >= MAX_FILES {
            if self.tree.files.len() == MAX_FILES {
                self.problems.push(refuse(
                    "federation::too_many_files",
                    format!("the source has more than {MAX_FILES} files"),
                    "split the content, or remove files the site does not use",
                ));
            }
            return;
        }
        match read() {
            // A file may have grown since its size was read: check again.
            Ok(bytes) if bytes.len() as u64 > MAX_FILE_BYTES => self.problems.push(refuse(
                "federation::oversize",
                format!(
                    "`{path}` is larger than {} MB",
                    MAX_FILE_BYTES / (1024 * 1024)
                ),
                "make the file smaller, or leave it out",
            )),
            Ok(bytes) => {
                if self.tree.files.insert(path.to_string(), bytes).is_some() {
                    self.problems.push(refuse(
                        "federation::duplicate_file",
                        format!("`{path}` appears twice in the source"),
                        "keep one copy",
                    ));
                }
            }
            Err(e) => self.problems.push(refuse(
                "federation::unreadable",
                format!("cannot read `{path}`: {e}"),
                "check the source",
            )),
        }
    }
}

/// What every repository holds besides content, at its top: git's own folder and files, CI
/// configuration, a README and a licence. Passed over unread, with no finding: they never reach
/// the site, and a partner's repository is not refused for being a repository.
pub(crate) fn is_repository_furniture(path: &str) -> bool {
    let top = path.split('/').next().unwrap_or(path);
    top.starts_with(".git")
        || (!path.contains('/')
            && ["README", "LICENSE", "LICENCE", "COPYING"]
                .iter()
                .any(|name| {
                    top == *name || top.strip_prefix(name).is_some_and(|r| r.starts_with('.'))
                }))
}

fn plain_name(part: &str) -> bool {
    !part.is_empty()
        && part.len() <= 100
        && !part.starts_with(['.', '-'])
        && part
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vet(path: &str, kind: EntryKind, size: u64) -> Vec<&'static str> {
        let mut v = Vetting::new("m");
        let mut read = false;
        v.entry(path, kind, size, || {
            read = true;
            Ok(vec![0; size as usize])
        });
        let rules: Vec<&'static str> = v.problems.iter().map(|p| p.rule).collect();
        assert_eq!(read, rules.is_empty() && kind == EntryKind::File, "{path}");
        rules
    }

    #[test]
    fn unsafe_entries_are_refused_before_they_are_read() {
        assert_eq!(vet("pages/a.md", EntryKind::File, 10), Vec::<&str>::new());
        assert_eq!(
            vet("../etc/passwd", EntryKind::File, 1),
            ["federation::path_traversal"]
        );
        assert_eq!(
            vet("pages/../../x", EntryKind::File, 1),
            ["federation::path_traversal"]
        );
        assert_eq!(
            vet("/etc/passwd", EntryKind::File, 1),
            ["federation::absolute_path"]
        );
        assert_eq!(
            vet("C:/x", EntryKind::File, 1),
            ["federation::absolute_path"]
        );
        assert_eq!(
            vet("pages/link.md", EntryKind::Link, 1),
            ["federation::symlink"]
        );
        assert_eq!(
            vet("pages/Big Name.md", EntryKind::File, 1),
            ["federation::odd_name"]
        );
        assert_eq!(
            vet(".hidden/config", EntryKind::File, 1),
            ["federation::odd_name"]
        );
        assert_eq!(
            vet("pages/README.md", EntryKind::File, 1),
            ["federation::odd_name"]
        );
        assert_eq!(
            vet("pages/big.bin", EntryKind::File, 50 * 1024 * 1024),
            ["federation::oversize"]
        );
    }

    #[test]
    fn a_repositorys_furniture_is_passed_over_unread() {
        for path in [
            ".git",
            ".git/config",
            ".github/workflows/check.yml",
            ".gitlab-ci.yml",
            ".gitignore",
            "README.md",
            "LICENSE",
        ] {
            let mut v = Vetting::new("m");
            v.entry(path, EntryKind::File, 1, || panic!("{path} was read"));
            assert!(v.problems.is_empty() && v.tree.files.is_empty(), "{path}");
        }
    }

    #[test]
    fn the_content_hash_covers_names_and_bytes() {
        let mut a = Tree::default();
        a.files.insert("a.md".into(), b"x".to_vec());
        let mut b = a.clone();
        assert_eq!(a.content_hash(), b.content_hash());
        b.files.insert("a.md".into(), b"y".to_vec());
        assert_ne!(a.content_hash(), b.content_hash());
        let mut c = Tree::default();
        c.files.insert("b.md".into(), b"x".to_vec());
        assert_ne!(a.content_hash(), c.content_hash());
    }
}
