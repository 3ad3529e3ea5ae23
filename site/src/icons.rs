//! The picture set for easy read: every `static/icons/NAME.svg` of the site, inlined where a
//! paragraph starts with `:NAME:`. Inline SVG needs no request and no CSP exception.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

#[derive(Debug, Default)]
pub struct Icons {
    svgs: BTreeMap<String, String>,
}

impl Icons {
    pub fn load(static_dir: &Path) -> std::io::Result<Icons> {
        let dir = static_dir.join("icons");
        let mut svgs = BTreeMap::new();
        if !dir.is_dir() {
            return Ok(Icons { svgs });
        }
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "svg") {
                if let Some(name) = path.file_stem().and_then(|s| s.to_str()) {
                    let svg = std::fs::read_to_string(&path)?;
                    svgs.insert(name.to_string(), compact(&svg));
                }
            }
        }
        Ok(Icons { svgs })
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.svgs.get(name).map(String::as_str)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.svgs.keys().map(String::as_str)
    }

    /// The closest known names, to suggest when a name is misspelt.
    pub fn suggest(&self, name: &str) -> Vec<&str> {
        let mut near: Vec<&str> = self
            .names()
            .filter(|n| {
                n.contains(name) || name.contains(*n) || n.starts_with(&name[..1.min(name.len())])
            })
            .collect();
        near.truncate(5);
        near
    }
}

/// One line, decorative to assistive technology (the words beside it carry the meaning), and
/// without the source's class list.
fn compact(svg: &str) -> String {
    let one_line = svg.split_whitespace().collect::<Vec<_>>().join(" ");
    static CLASS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"\s+class="[^"]*""#).expect("a valid pattern"));
    let svg = CLASS.replace_all(&one_line, "");
    let svg = svg.replace("> <", "><").replace(" >", ">");
    match svg.strip_prefix("<svg") {
        Some(rest) => format!("<svg aria-hidden=\"true\" focusable=\"false\" class=\"icon\"{rest}"),
        None => svg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_is_compacted_and_hidden_from_screen_readers() {
        let svg = "<svg\n  xmlns=\"http://www.w3.org/2000/svg\"\n  class=\"icon icon-tabler\"\n>\n  <path d=\"M0 0\" />\n</svg>\n";
        assert_eq!(
            compact(svg),
            "<svg aria-hidden=\"true\" focusable=\"false\" class=\"icon\" xmlns=\"http://www.w3.org/2000/svg\"><path d=\"M0 0\" /></svg>"
        );
    }
}
