//! Redirect pages for aliases: old addresses that send people to the page.

use std::collections::HashSet;

use crate::content::Document;
use crate::output::OutputFile;

/// A redirect page for each alias of each page that is built.
pub fn files(docs: &[&Document], excluded: &HashSet<String>) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for doc in docs.iter().filter(|d| !excluded.contains(&d.rel_path)) {
        for alias in &doc.meta.aliases {
            let alias = alias.get_ref().trim_start_matches('/');
            let path = if alias.ends_with(".html") {
                alias.to_string()
            } else {
                format!("{}/index.html", alias.trim_end_matches('/'))
            };
            files.push(OutputFile::Made {
                path,
                bytes: page(&doc.permalink).into_bytes(),
            });
        }
    }
    files
}

/// A redirect page for an alias, readable without JavaScript.
pub fn page(target: &str) -> String {
    let target = crate::markdown::escape_html(target);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n<link rel=\"canonical\" href=\"{target}\">\n<title>Moved</title>\n</head>\n<body>\n<main><h1>This page has moved</h1><p><a href=\"{target}\">Go to the new page</a>.</p></main>\n</body>\n</html>\n"
    )
}
