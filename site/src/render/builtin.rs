//! Templates the generator brings, as Zola does: redirect pages, the sitemap, robots.txt and
//! the federation report. A site overrides one by putting a file of the same name in `templates/`.

use tera::Tera;

/// Every built-in template, by the name a site's own would take to replace it.
pub const TEMPLATES: [(&str, &str); 7] = [
    ("robots.txt", include_str!("../../templates/robots.txt")),
    (
        "internal/alias.html",
        include_str!("../../templates/internal/alias.html"),
    ),
    (
        "internal/sitemap.xml",
        include_str!("../../templates/internal/sitemap.xml"),
    ),
    (
        "internal/report/base.html",
        include_str!("../../templates/internal/report/base.html"),
    ),
    (
        "internal/report/findings.html",
        include_str!("../../templates/internal/report/findings.html"),
    ),
    (
        "internal/report/index.html",
        include_str!("../../templates/internal/report/index.html"),
    ),
    (
        "internal/report/member.html",
        include_str!("../../templates/internal/report/member.html"),
    ),
];

/// Files whose names end so are autoescaped (tera's escaper, the only one the site uses).
pub const AUTOESCAPE: [&str; 3] = [".html", ".htm", ".xml"];

/// The built-in templates alone: for the federation report when the site's own do not load.
pub fn tera() -> Tera {
    let mut tera = Tera::default();
    tera.add_raw_templates(TEMPLATES)
        .expect("built-in templates parse: a unit test checks them");
    tera.autoescape_on(AUTOESCAPE.to_vec());
    tera
}

#[cfg(test)]
mod tests {
    #[test]
    fn built_in_templates_parse() {
        let tera = super::tera();
        assert_eq!(tera.get_template_names().count(), super::TEMPLATES.len());
    }
}
