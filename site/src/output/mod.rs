//! Writing the finished site. Everything goes into a staging folder beside the target, which
//! replaces the target only when complete: a failed build never leaves a half-written site.
//! Pages may go into the staging folder as soon as they are rendered ([`Staging::write_page`]),
//! so that a large site's pages are never all in memory at once.

mod path;

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use path::{clash_key, OutputPath, UnsafePath};

use crate::finding::{Finding, Severity};

const WRITE_THREADS: usize = 16;

/// A file of the finished site.
pub enum OutputFile {
    /// Bytes made by the build, at a site-relative path (`a/b/index.html`).
    Made { path: String, bytes: Vec<u8> },
    /// A file copied as it is.
    Copied { path: String, from: PathBuf },
    /// A page already in the staging folder, written as it was rendered; `kept` is what later
    /// steps read of it (its security policy, for `_headers`).
    Written { path: String, kept: Vec<u8> },
}

impl OutputFile {
    pub fn path(&self) -> &str {
        match self {
            OutputFile::Made { path, .. }
            | OutputFile::Copied { path, .. }
            | OutputFile::Written { path, .. } => path,
        }
    }

    /// Where a finding about this file should point: the copied source, or the output path.
    fn origin(&self, root: &Path) -> PathBuf {
        match self {
            OutputFile::Made { path, .. } | OutputFile::Written { path, .. } => PathBuf::from(path),
            OutputFile::Copied { from, .. } => {
                from.strip_prefix(root).unwrap_or(from).to_path_buf()
            }
        }
    }
}

/// Files copied as they are (`static/`, a page's pictures), checked before anything is
/// rendered, so that their names are reported with the content's other findings.
pub fn refused_names<'a>(files: impl IntoIterator<Item = (&'a str, PathBuf)>) -> Vec<Finding> {
    files
        .into_iter()
        .filter_map(|(path, origin)| {
            let why = OutputPath::from_url(path).err()?;
            Some(Finding::about_file(
                Severity::Error,
                why.rule(),
                origin,
                format!("this file's name cannot be published: {why}"),
                why.help(),
            ))
        })
        .collect()
}

/// A file whose path has been through the gate: the only kind [`write_site`] takes.
pub struct CheckedFile<'a> {
    path: OutputPath,
    file: &'a OutputFile,
}

impl CheckedFile<'_> {
    pub fn path(&self) -> &OutputPath {
        &self.path
    }
}

/// Every output path through the gate, and no two outputs at one place, nor at places that
/// differ only by case or Unicode form (one file on macOS and Windows). Content paths were
/// checked where they were written, with their line; this catches everything else (static
/// files, member files, generated names) and anything added later.
pub fn check_paths<'a>(
    root: &Path,
    files: &'a [OutputFile],
) -> Result<Vec<CheckedFile<'a>>, Vec<Finding>> {
    let mut checked = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    for file in files {
        match OutputPath::from_url(file.path()) {
            Ok(path) => checked.push(CheckedFile { path, file }),
            Err(why) => errors.push(Finding::about_file(
                Severity::Error,
                why.rule(),
                file.origin(root),
                format!("`{}` cannot be written: {why}", file.path()),
                why.help(),
            )),
        }
    }
    let mut seen: HashMap<String, &CheckedFile> = HashMap::with_capacity(checked.len());
    for file in &checked {
        let Some(first) = seen.insert(file.path.clash_key(), file) else {
            continue;
        };
        let (rule, what) = if first.path == file.path {
            (
                "output::collision",
                format!("two things would be written to /{}", file.path),
            )
        } else {
            ("output::case_clash", format!("/{} and /{} differ only by case or accents' form, so they are one file on Windows and macOS", first.path, file.path))
        };
        errors.push(Finding::about_file(
            Severity::Error,
            rule,
            file.file.origin(root),
            what,
            "rename the static file, alias or page so each output path is made once",
        ));
    }
    if errors.is_empty() {
        Ok(checked)
    } else {
        Err(errors)
    }
}

/// Refuse an output folder that would wipe the site's own sources.
pub fn check_out_dir(root: &Path, out: &Path) -> Result<(), String> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let out_abs = absolute(out);
    if root.starts_with(&out_abs) {
        return Err(format!("the output folder {} holds the site's own files; choose a folder inside or beside it, such as public/", out.display()));
    }
    for protected in ["content", "templates", "static"] {
        if out_abs.starts_with(root.join(protected)) {
            return Err(format!(
                "the output folder {} is inside {protected}/; choose another, such as public/",
                out.display()
            ));
        }
    }
    Ok(())
}

fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let base = std::env::current_dir().unwrap_or_default();
    let joined = base.join(path);
    match (
        joined.parent().and_then(|p| p.canonicalize().ok()),
        joined.file_name(),
    ) {
        (Some(parent), Some(name)) => parent.join(name),
        _ => joined,
    }
}

/// Write `files` as the folder `out`, replacing whatever was there only on success.
pub fn write_site(out: &Path, files: &[CheckedFile]) -> io::Result<()> {
    Staging::new(out)?.publish(files)
}

/// Write `files` into the existing site `out`, each beside its old self and renamed over it
/// (a reader never sees half a file), skipping those whose bytes are already there: how
/// `serve` puts a few rebuilt pages into the site it is serving. How many were replaced.
pub fn replace_files(out: &Path, files: &[CheckedFile]) -> io::Result<usize> {
    let mut replaced = 0;
    for file in files {
        let OutputFile::Made { bytes, .. } = file.file else {
            return Err(io::Error::other(format!(
                "{} was not made by this build",
                file.path
            )));
        };
        let target = out.join(file.path.as_str());
        if std::fs::read(&target).ok().as_deref() == Some(bytes.as_slice()) {
            continue;
        }
        let folder = target.parent().unwrap_or(out);
        std::fs::create_dir_all(folder)?;
        let mut part = tempfile::NamedTempFile::new_in(folder)?;
        io::Write::write_all(&mut part, bytes)?;
        part.persist(&target).map_err(|e| e.error)?;
        replaced += 1;
    }
    Ok(replaced)
}

/// The folder a build writes into, beside its target. It takes the target's place only in
/// [`Staging::publish`]; dropped without that (a later step failed), it is removed.
pub struct Staging {
    dir: tempfile::TempDir,
    out: PathBuf,
    name: String,
}

impl Staging {
    pub fn new(out: &Path) -> io::Result<Staging> {
        let out = absolute(out);
        let parent = out
            .parent()
            .ok_or_else(|| io::Error::other("the output folder has no parent"))?;
        std::fs::create_dir_all(parent)?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.building-"))
            .tempdir_in(parent)?;
        Ok(Staging { dir, out, name })
    }

    /// A rendered page, through the path gate and into the staging folder now. The gate runs
    /// again over every path before publishing, for collisions.
    pub fn write_page(&self, path: &str, bytes: &[u8]) -> Result<(), Finding> {
        let checked = OutputPath::from_url(path).map_err(|why| {
            Finding::about_file(
                Severity::Error,
                why.rule(),
                path,
                format!("`{path}` cannot be written: {why}"),
                why.help(),
            )
        })?;
        let to = self.dir.path().join(checked.as_str());
        let written = match to.parent() {
            Some(folder) => std::fs::create_dir_all(folder),
            None => Ok(()),
        }
        .and_then(|()| std::fs::write(&to, bytes));
        written.map_err(|e| {
            Finding::about_file(
                Severity::Error,
                "output::write_failed",
                path,
                format!("`{path}` could not be written: {e}"),
                "check there is room on the disk and that the output folder can be written to",
            )
        })
    }

    /// Write the rest of the site (pages already written are skipped), then swap it in: the
    /// old site moves aside, the new one takes its name, the old one goes.
    pub fn publish(self, files: &[CheckedFile]) -> io::Result<()> {
        let staging = self.dir.path();
        let rest: Vec<&CheckedFile> = files
            .iter()
            .filter(|f| !matches!(f.file, OutputFile::Written { .. }))
            .collect();
        let mut dirs: Vec<PathBuf> = rest
            .iter()
            .filter_map(|f| Path::new(f.path.as_str()).parent().map(Path::to_path_buf))
            .collect();
        dirs.sort();
        dirs.dedup();
        // Writing waits on the file system, not the processor: more threads than cores keep
        // more creates in flight (the README's Performance section has the figures).
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(WRITE_THREADS)
            .build()
            .map_err(io::Error::other)?;
        pool.install(|| {
            dirs.par_iter()
                .try_for_each(|dir| std::fs::create_dir_all(staging.join(dir)))?;
            rest.par_iter().try_for_each(|file| {
                let to = staging.join(file.path.as_str());
                match file.file {
                    OutputFile::Made { bytes, .. } => std::fs::write(to, bytes),
                    OutputFile::Copied { from, .. } => std::fs::copy(from, to).map(|_| ()),
                    OutputFile::Written { .. } => Ok(()),
                }
            })
        })?;

        let (out, name) = (&self.out, &self.name);
        let parent = out
            .parent()
            .ok_or_else(|| io::Error::other("the output folder has no parent"))?;
        let staged = self.dir.keep();
        if out.exists() {
            let old = tempfile::Builder::new()
                .prefix(&format!(".{name}.old-"))
                .tempdir_in(parent)?
                .keep();
            std::fs::remove_dir(&old)?;
            std::fs::rename(out, &old)?;
            if let Err(e) = std::fs::rename(&staged, out) {
                let _ = std::fs::rename(&old, out);
                let _ = std::fs::remove_dir_all(&staged);
                return Err(e);
            }
            std::fs::remove_dir_all(&old)?;
        } else if let Err(e) = std::fs::rename(&staged, out) {
            let _ = std::fs::remove_dir_all(&staged);
            return Err(e);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_old_site_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("gone")).unwrap();
        std::fs::write(out.join("gone/index.html"), "old").unwrap();
        let files = vec![OutputFile::Made {
            path: "a/index.html".into(),
            bytes: b"new".to_vec(),
        }];
        let checked = check_paths(dir.path(), &files).ok().unwrap();
        write_site(&out, &checked).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "new"
        );
        assert!(!out.join("gone").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn unsafe_paths_and_clashes_never_reach_the_writer() {
        let made = |path: &str| OutputFile::Made {
            path: path.into(),
            bytes: Vec::new(),
        };
        let files = vec![
            made("../escaped/index.html"),
            made("About/index.html"),
            made("about/index.html"),
            made("caf\u{e9}/index.html"),
            made("Cafe\u{301}/index.html"),
            made("ok/index.html"),
            made("ok/index.html"),
        ];
        let errors = check_paths(Path::new("/site"), &files).err().unwrap();
        let rules: Vec<&str> = errors.iter().map(|f| f.rule).collect();
        assert_eq!(
            rules,
            [
                "output::dot_segment",
                "output::case_clash",
                "output::case_clash",
                "output::collision"
            ]
        );
    }

    #[test]
    fn refuses_to_write_over_the_sources() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        assert!(check_out_dir(dir.path(), dir.path()).is_err());
        assert!(check_out_dir(dir.path(), &dir.path().join("content/x")).is_err());
        assert!(check_out_dir(dir.path(), &dir.path().join("public")).is_ok());
    }
}
