//! Kiosk builds have no way out: a link to another site, an email address or a phone number
//! becomes its words (and the number or address it names), and a link to a page this kiosk
//! does not carry becomes plain text.

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;

/// Rewrite the links in `html` for a kiosk whose pages are `pages` (site paths, `/a/b/`).
pub fn offline_links(html: &str, pages: &HashSet<String>) -> String {
    static LINK: OnceLock<Regex> = OnceLock::new();
    static TITLE: OnceLock<Regex> = OnceLock::new();
    let link = LINK.get_or_init(|| {
        Regex::new(r#"(?s)<a\b([^>]*)\bhref="([^"]*)"([^>]*)>(.*?)</a>"#).expect("static regex")
    });
    let title = TITLE.get_or_init(|| Regex::new(r#"\btitle="([^"]*)""#).expect("static regex"));
    link.replace_all(html, |caps: &regex::Captures| {
        let href = caps[2].replace("&#x2F;", "/");
        let text = &caps[4];
        let attrs = format!("{}{}", &caps[1], &caps[3]);
        let outside =
            href.starts_with("http:") || href.starts_with("https:") || href.starts_with("//");
        if let Some(number) = href.strip_prefix("tel:") {
            let shown = if text.contains(|c: char| c.is_ascii_digit()) {
                text.to_string()
            } else {
                format!("{text} ({number})")
            };
            return format!("<span class=\"offline-link\">{shown}</span>");
        }
        if let Some(address) = href.strip_prefix("mailto:") {
            return format!("<span class=\"offline-link\">{text} ({address})</span>");
        }
        if outside {
            // The title, when the writer gave one, says how to reach them without the web.
            let how = title
                .captures(&attrs)
                .map(|t| format!(" ({})", &t[1]))
                .unwrap_or_default();
            return format!("<span class=\"offline-link\">{text}{how}</span>");
        }
        if href.starts_with('/') {
            let path = href.split(['#', '?']).next().unwrap_or("/");
            let is_page = path.ends_with('/');
            if is_page && !pages.contains(path) {
                return format!("<span class=\"offline-link\">{text}</span>");
            }
        }
        caps[0].to_string()
    })
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_link_leads_out_of_the_kiosk() {
        let pages: HashSet<String> = ["/".to_string(), "/a/".to_string()].into();
        let html = r#"<a href="https://example.org/" title="0800 000 000">Example</a> <a href="tel:08002540088">0800 254 0088</a> <a href="/a/#x">A</a> <a href="/staff/">Staff</a> <a href="/css/site.css">css</a> <a href="mailto:a@b.org">Email us</a>"#;
        assert_eq!(
            offline_links(html, &pages),
            r#"<span class="offline-link">Example (0800 000 000)</span> <span class="offline-link">0800 254 0088</span> <a href="/a/#x">A</a> <span class="offline-link">Staff</span> <a href="/css/site.css">css</a> <span class="offline-link">Email us (a@b.org)</span>"#
        );
    }
}
