//! sitemap.xml.

use crate::content::Document;
use crate::markdown;

pub(crate) fn sitemap(docs: &[&Document]) -> String {
    let mut urls: Vec<&str> = docs.iter().map(|d| d.permalink.as_str()).collect();
    urls.sort();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for url in urls {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            markdown::escape_html(url)
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}
