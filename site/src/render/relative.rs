//! Relative links, for a site opened from a folder (`file://`) on a kiosk or a USB stick:
//! there `/css/site.css` would mean the root of the disk, and a folder does not open its
//! `index.html` by itself.

use lol_html::errors::RewritingError;
use lol_html::{element, rewrite_str, text, RewriteStrSettings};

use super::noscript::NoScript;

/// Where a site-absolute address (`/a/b/#x`) is from a page `up` folders deep (`../../`):
/// `None` for an address that is not one (another host, a fragment, a relative path).
fn relative(target: &str, up: &str) -> Option<String> {
    // Tera's autoescaping writes `/` in attributes as `&#x2F;`.
    let target = target.replace("&#x2F;", "/");
    if !target.starts_with('/') || target.starts_with("//") {
        return None;
    }
    let (path, fragment) = match target.find(['#', '?']) {
        Some(i) => target.split_at(i),
        None => (target.as_str(), ""),
    };
    let mut rel = format!("{up}{}", path.trim_start_matches('/'));
    if rel.is_empty() || rel.ends_with('/') {
        rel.push_str("index.html");
    }
    Some(format!("{rel}{fragment}"))
}

/// Rewrite every site-absolute `href` and `src` in `html`, a page at `page_path` (`/a/b/`),
/// to a path relative to the page, naming `index.html` for folders.
pub fn relative_links(html: &str, page_path: &str) -> Result<String, RewritingError> {
    let depth = page_path.split('/').filter(|s| !s.is_empty()).count();
    let up = "../".repeat(depth);
    let rewrite = |el: &mut lol_html::html_content::Element, name: &str| {
        if let Some(rel) = el.get_attribute(name).and_then(|t| relative(&t, &up)) {
            el.set_attribute(name, &rel)?;
        }
        Ok(())
    };
    let noscript = NoScript::default();
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("[href]", |el| rewrite(el, "href")))
        .append_element_content_handler(element!("[src]", |el| rewrite(el, "src")))
        .append_element_content_handler(text!("noscript", |t| {
            noscript.rewrite(t, |inner| relative_links(inner, page_path))
        }));
    rewrite_str(html, settings)
}

/// Every HTML file of a folder build: for a kiosk, links to pages it does not carry become
/// text (`kiosk_pages`); then, for any folder build, links become relative. A page the
/// rewriter cannot read is a finding.
pub fn for_folder(
    files: &mut [crate::output::OutputFile],
    kiosk_pages: Option<&std::collections::HashSet<String>>,
    errors: &mut Vec<crate::finding::Finding>,
) {
    use rayon::prelude::*;
    let failed: Vec<crate::finding::Finding> = files
        .par_iter_mut()
        .filter_map(|file| {
            let crate::output::OutputFile::Made { path, bytes } = file else {
                return None;
            };
            if !path.ends_with(".html") {
                return None;
            }
            let page = format!("/{}", path.rsplit_once('/').map_or("", |(dir, _)| dir));
            let page = if page.ends_with('/') {
                page
            } else {
                format!("{page}/")
            };
            let html = String::from_utf8_lossy(bytes);
            let rewritten = match kiosk_pages {
                Some(pages) => super::kiosk::offline_links(&html, pages)
                    .and_then(|html| relative_links(&html, &page)),
                None => relative_links(&html, &page),
            };
            match rewritten {
                Ok(html) => {
                    *bytes = html.into_bytes();
                    None
                }
                Err(e) => Some(crate::finding::Finding::about_file(
                    crate::finding::Severity::Error,
                    "output::rewrite",
                    path.as_str(),
                    format!("cannot rewrite this page's links for a folder build: {e}"),
                    "report this: the page the templates made is not HTML the rewriter can read",
                )),
            }
        })
        .collect();
    errors.extend(failed);
}

#[cfg(test)]
mod tests {
    use super::relative_links;

    #[test]
    fn links_become_relative_and_name_index_html() {
        let html = r##"<a href="/">Home</a><link href="/css/site.css"><a href="/a/b/#top">x</a><script src="/js/app.js"></script><a href="https://x.org/">y</a><a href="#main">z</a>"##;
        assert_eq!(
            relative_links(html, "/a/b/").unwrap(),
            r##"<a href="../../index.html">Home</a><link href="../../css/site.css"><a href="../../a/b/index.html#top">x</a><script src="../../js/app.js"></script><a href="https://x.org/">y</a><a href="#main">z</a>"##
        );
        assert_eq!(
            relative_links(r#"<a href="/a/">a</a>"#, "/").unwrap(),
            r#"<a href="a/index.html">a</a>"#
        );
        assert_eq!(
            relative_links(
                r#"<a href="&#x2F;a&#x2F;">a</a><a href="//x.org/">x</a>"#,
                "/b/"
            )
            .unwrap(),
            r#"<a href="../a/index.html">a</a><a href="//x.org/">x</a>"#
        );
    }

    #[test]
    fn links_a_browser_without_javascript_reads_are_rewritten_too() {
        let html = r#"<noscript><p>Use the <a href="/paper/">paper version</a>.</p></noscript><script>let a = '<a href="/x/">';</script>"#;
        assert_eq!(
            relative_links(html, "/a/").unwrap(),
            r#"<noscript><p>Use the <a href="../paper/index.html">paper version</a>.</p></noscript><script>let a = '<a href="/x/">';</script>"#
        );
    }
}
