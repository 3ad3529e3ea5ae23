//! Kiosk builds have no way out: a link to another site, an email address or a phone number
//! becomes its words (and the number or address it names), and a link to a page this kiosk
//! does not carry becomes plain text. Rewritten with an HTML rewriter, so only real `<a>`
//! elements change and everything else keeps its bytes.

use std::cell::Cell;
use std::collections::HashSet;
use std::rc::Rc;

use lol_html::html_content::ContentType;
use lol_html::{element, end_tag, rewrite_str, text, RewriteStrSettings};

/// What a kiosk does with a link.
enum Offline {
    /// A phone number: its words, and the number when the words do not show it.
    Phone(String),
    /// Its words, and what to say after them (the address, or how to reach them offline).
    Words(Option<String>),
}

fn offline(href: &str, title: Option<String>, pages: &HashSet<String>) -> Option<Offline> {
    let href = href.replace("&#x2F;", "/");
    if let Some(number) = href.strip_prefix("tel:") {
        return Some(Offline::Phone(number.to_string()));
    }
    if let Some(address) = href.strip_prefix("mailto:") {
        return Some(Offline::Words(Some(address.to_string())));
    }
    if href.starts_with("http:") || href.starts_with("https:") || href.starts_with("//") {
        // The title, when the writer gave one, says how to reach them without the web.
        return Some(Offline::Words(title));
    }
    let path = href
        .strip_prefix('/')?
        .split(['#', '?'])
        .next()
        .unwrap_or("");
    let path = format!("/{path}");
    (path.ends_with('/') && !pages.contains(&path)).then_some(Offline::Words(None))
}

/// Rewrite the links in `html` for a kiosk whose pages are `pages` (site paths, `/a/b/`).
pub fn offline_links(
    html: &str,
    pages: &HashSet<String>,
) -> Result<String, lol_html::errors::RewritingError> {
    // Whether the phone link being read shows a digit in its words.
    let digits = Rc::new(Cell::new(false));
    let saw = digits.clone();
    let noscript = super::noscript::NoScript::default();
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("a[href]", |el| {
            let href = el.get_attribute("href").unwrap_or_default();
            let Some(how) = offline(&href, el.get_attribute("title"), pages) else {
                return Ok(());
            };
            el.set_tag_name("span")?;
            let names: Vec<String> = el.attributes().iter().map(|a| a.name()).collect();
            for name in names {
                el.remove_attribute(&name);
            }
            el.set_attribute("class", "offline-link")?;
            let after = match how {
                Offline::Words(after) => after,
                Offline::Phone(number) => {
                    digits.set(false);
                    let digits = digits.clone();
                    el.on_end_tag(end_tag!(move |end| {
                        if !digits.get() {
                            end.before(&format!(" ({number})"), ContentType::Html);
                        }
                        Ok(())
                    }))?;
                    None
                }
            };
            if let Some(after) = after {
                el.append(&format!(" ({after})"), ContentType::Html);
            }
            Ok(())
        }))
        .append_element_content_handler(text!("a[href^='tel:']", |t| {
            if t.as_str().contains(|c: char| c.is_ascii_digit()) {
                saw.set(true);
            }
            Ok(())
        }));
    let settings = settings.append_element_content_handler(text!("noscript", |t| {
        noscript.rewrite(t, |inner| offline_links(inner, pages))
    }));
    rewrite_str(html, settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_link_leads_out_of_the_kiosk() {
        let html = r#"<a href="https://example.org/" title="0800 000 000">Example</a> <a href="tel:08002540088">0800 254 0088</a> <a href="/a/#x">A</a> <a href="/staff/">Staff</a> <a href="/css/site.css">css</a> <a href="mailto:a@b.org">Email us</a> <a href="tel:08000">Call</a>"#;
        let pages: HashSet<String> = ["/a/".to_string()].into();
        assert_eq!(
            offline_links(html, &pages).unwrap(),
            r#"<span class="offline-link">Example (0800 000 000)</span> <span class="offline-link">0800 254 0088</span> <a href="/a/#x">A</a> <span class="offline-link">Staff</span> <a href="/css/site.css">css</a> <span class="offline-link">Email us (a@b.org)</span> <span class="offline-link">Call (08000)</span>"#
        );
    }
}
