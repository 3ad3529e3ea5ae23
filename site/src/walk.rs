//! Walking the site's own folders (`content/`, `static/`, `templates/`) in name order. A
//! symlink is followed only when what it points at is inside the site's root: one that leads
//! elsewhere (`static/key -> ~/.ssh/id_ed25519`) would publish a file of the machine's, so it
//! is refused with a finding, and never read.

use std::path::{Path, PathBuf};

use crate::finding::{Finding, Severity};

/// A file found in a site folder: where it is, and its path inside the folder with `/`.
pub struct SiteFile {
    pub path: PathBuf,
    pub rel: String,
}

/// Every file under `root/folder`, and a finding for each symlink out of `root` or entry that
/// could not be read. `skip_hidden` leaves out names starting with `.` (and what is in them).
pub fn site_files(root: &Path, folder: &str, skip_hidden: bool) -> (Vec<SiteFile>, Vec<Finding>) {
    let dir = root.join(folder);
    let mut findings = Vec::new();
    // A site need not have every folder (a Zola site may have no static/).
    let Ok(real_root) = root.canonicalize() else {
        return (Vec::new(), findings);
    };
    if !dir.exists() && !dir.is_symlink() {
        return (Vec::new(), findings);
    }
    let mut refused = Vec::new();
    let walker = walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if skip_hidden && e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.') {
                return false;
            }
            if e.path_is_symlink() {
                let inside = e
                    .path()
                    .canonicalize()
                    .is_ok_and(|target| target.starts_with(&real_root));
                if !inside {
                    refused.push(e.path().to_path_buf());
                    return false;
                }
            }
            true
        });
    let mut files = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let shown = e.path().map_or_else(|| dir.clone(), Path::to_path_buf);
                findings.push(Finding::about_file(
                    Severity::Error,
                    "files::unreadable",
                    shown.strip_prefix(root).unwrap_or(&shown),
                    format!("cannot read: {e}"),
                    "check the file's permissions, and that no folder links back into itself",
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(&dir) else {
            continue;
        };
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        files.push(SiteFile {
            path: entry.path().to_path_buf(),
            rel,
        });
    }
    for link in refused {
        let target = std::fs::read_link(&link)
            .map(|t| t.display().to_string())
            .unwrap_or_else(|_| "somewhere unreadable".into());
        findings.push(Finding::about_file(
            Severity::Error,
            "files::symlink_outside",
            link.strip_prefix(root).unwrap_or(&link),
            format!("this is a link to {target}, outside the site's folder; it is not followed"),
            "copy the file into the site's folder instead of linking to it",
        ));
    }
    (files, findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_inside_the_site_are_followed_and_links_out_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("static/css")).unwrap();
        std::fs::write(root.join("static/css/site.css"), "body{}").unwrap();
        std::fs::write(tmp.path().join("secret"), "key").unwrap();
        std::os::unix::fs::symlink(
            root.join("static/css/site.css"),
            root.join("static/alias.css"),
        )
        .unwrap();
        std::os::unix::fs::symlink(tmp.path().join("secret"), root.join("static/secret")).unwrap();
        std::os::unix::fs::symlink(tmp.path(), root.join("static/up")).unwrap();
        let (files, findings) = site_files(&root, "static", false);
        let rels: Vec<&str> = files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["alias.css", "css/site.css"]);
        let refused: Vec<String> = findings
            .iter()
            .map(|f| format!("{} {}", f.file.display(), f.rule))
            .collect();
        assert_eq!(
            refused,
            [
                "static/secret files::symlink_outside",
                "static/up files::symlink_outside"
            ]
        );
    }
}
