//! Full-text search with Pagefind's Rust API: every finished page is indexed in memory and the
//! index files join the site's output (no Node, no second pass over the disk).
//! Pagefind needs a web server: folder (`file://`) builds use the A to Z page instead.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::output::OutputFile;

/// Index `pages` (site-relative HTML paths and their bytes) and return Pagefind's files,
/// placed under `pagefind/`.
pub fn index(pages: &[(&str, &[u8])]) -> Result<Vec<OutputFile>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("cannot start the indexer: {e}"))?;
    runtime.block_on(async {
        // Each page's <html lang> puts it in its language's index; the search page loads
        // the index of its own language.
        let options = PagefindServiceConfig::builder().build();
        let mut index = PagefindIndex::new(Some(options))
            .map_err(|e| format!("cannot set up Pagefind: {e}"))?;
        for (path, html) in pages {
            let html = String::from_utf8_lossy(html).into_owned();
            index
                .add_html_file(Some((*path).to_string()), None, html)
                .await
                .map_err(|e| format!("cannot index {path}: {e}"))?;
        }
        let files = index
            .get_files()
            .await
            .map_err(|e| format!("cannot write the search index: {e}"))?;
        Ok(files
            .into_iter()
            .map(|f| OutputFile::Made {
                path: format!(
                    "pagefind/{}",
                    f.filename.to_string_lossy().trim_start_matches('/')
                ),
                bytes: f.contents,
            })
            .collect())
    })
}

/// The Pagefind index of every page made so far, added to `files`, one per language.
/// Pages under `unindexed` (language folders such as `gd/`) are left out.
pub fn add_index(
    files: &mut Vec<OutputFile>,
    unindexed: &[String],
    errors: &mut Vec<crate::finding::Finding>,
) {
    let pages: Vec<(&str, &[u8])> = files
        .iter()
        .filter_map(|f| match f {
            OutputFile::Made { path, bytes }
                if path.ends_with("index.html")
                    && !unindexed.iter().any(|u| path.starts_with(u.as_str())) =>
            {
                Some((path.as_str(), bytes.as_slice()))
            }
            _ => None,
        })
        .collect();
    match index(&pages) {
        Ok(index) => files.extend(index),
        Err(why) => errors.push(crate::finding::Finding::about_file(
            crate::finding::Severity::Error,
            "search::index",
            "public/pagefind",
            why,
            "report this: the search index could not be built",
        )),
    }
}
