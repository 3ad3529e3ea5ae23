//! Relative links, for a site opened from a folder (`file://`) on a kiosk or a USB stick:
//! there `/css/site.css` would mean the root of the disk, and a folder does not open its
//! `index.html` by itself.

use std::sync::OnceLock;

use regex::Regex;

/// Rewrite every site-absolute `href` and `src` in `html`, a page at `page_path` (`/a/b/`),
/// to a path relative to the page, naming `index.html` for folders.
pub fn relative_links(html: &str, page_path: &str) -> String {
    static ATTR: OnceLock<Regex> = OnceLock::new();
    // Tera's autoescaping writes `/` in attributes as `&#x2F;`.
    let attr = ATTR
        .get_or_init(|| Regex::new(r#"\b(href|src)="((?:/|&#x2F;)[^"]*)""#).expect("static regex"));
    let depth = page_path.split('/').filter(|s| !s.is_empty()).count();
    let up = "../".repeat(depth);
    attr.replace_all(html, |caps: &regex::Captures| {
        let name = &caps[1];
        let target = caps[2].replace("&#x2F;", "/");
        if target.starts_with("//") {
            return caps[0].to_string(); // another host, not this site
        }
        let (path, fragment) = match target.find(['#', '?']) {
            Some(i) => target.split_at(i),
            None => (target.as_str(), ""),
        };
        let mut rel = format!("{up}{}", path.trim_start_matches('/'));
        if rel.is_empty() || rel.ends_with('/') {
            rel.push_str("index.html");
        }
        format!("{name}=\"{rel}{fragment}\"")
    })
    .into_owned()
}

/// Every HTML file of a folder build: for a kiosk, links to pages it does not carry become
/// text (`kiosk_pages`); then, for any folder build, links become relative.
pub fn for_folder(
    files: &mut [crate::output::OutputFile],
    kiosk_pages: Option<&std::collections::HashSet<String>>,
) {
    use rayon::prelude::*;
    files.par_iter_mut().for_each(|file| {
        if let crate::output::OutputFile::Made { path, bytes } = file {
            if !path.ends_with(".html") {
                return;
            }
            if let Some(pages) = kiosk_pages {
                *bytes = super::kiosk::offline_links(&String::from_utf8_lossy(bytes), pages)
                    .into_bytes();
            }
            let page = format!("/{}", path.rsplit_once('/').map_or("", |(dir, _)| dir));
            let page = if page.ends_with('/') {
                page
            } else {
                format!("{page}/")
            };
            let html = String::from_utf8_lossy(bytes);
            *bytes = relative_links(&html, &page).into_bytes();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::relative_links;

    #[test]
    fn links_become_relative_and_name_index_html() {
        let html = r##"<a href="/">Home</a><link href="/css/site.css"><a href="/a/b/#top">x</a><script src="/js/app.js"></script><a href="https://x.org/">y</a><a href="#main">z</a>"##;
        assert_eq!(
            relative_links(html, "/a/b/"),
            r##"<a href="../../index.html">Home</a><link href="../../css/site.css"><a href="../../a/b/index.html#top">x</a><script src="../../js/app.js"></script><a href="https://x.org/">y</a><a href="#main">z</a>"##
        );
        assert_eq!(
            relative_links(r#"<a href="/a/">a</a>"#, "/"),
            r#"<a href="a/index.html">a</a>"#
        );
        assert_eq!(
            relative_links(
                r#"<a href="&#x2F;a&#x2F;">a</a><a href="//x.org/">x</a>"#,
                "/b/"
            ),
            r#"<a href="../a/index.html">a</a><a href="//x.org/">x</a>"#
        );
    }
}
