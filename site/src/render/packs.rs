//! A pack's two forms: the print page (HTML, for a browser's print) and the data its PDF is
//! laid out from. Both come from the same pages and services.

use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Value};

use crate::content::packs::Pack;
use crate::icons::Icons;
use crate::markdown::{BlockKind, Outline};

/// The services a pack lists: national ones, and the council's own for a local pack.
pub fn services(pack: &Pack, all: &[assessment::model::Service]) -> Vec<Value> {
    all.iter()
        .filter(|s| {
            s.areas
                .iter()
                .any(|a| a == "all" || Some(a) == pack.council.as_ref())
        })
        .map(|s| json!({"name": s.name, "text": s.easy, "phone": s.phone}))
        .collect()
}

/// The pack as its PDF template reads it (pack.typ), and the pictures it uses.
pub fn pdf_data(
    pack: &Pack,
    site: &str,
    titles: &HashMap<String, String>,
    outlines: &HashMap<String, &Outline>,
    services: &[Value],
    icons: &Icons,
) -> (String, BTreeMap<String, String>) {
    let mut used = BTreeMap::new();
    let pages: Vec<Value> = pack
        .pages
        .iter()
        .filter_map(|p| {
            let outline = outlines.get(p)?;
            let blocks: Vec<Value> = outline
                .blocks
                .iter()
                .filter(|b| !b.text.trim().is_empty())
                .map(|b| {
                    let icon = b
                        .picture
                        .as_ref()
                        .map(|(name, _)| name.clone())
                        .filter(|n| icons.get(n).is_some());
                    if let Some(name) = &icon {
                        used.insert(
                            name.clone(),
                            icons.get(name).unwrap_or_default().to_string(),
                        );
                    }
                    let kind = if matches!(b.kind, BlockKind::Heading(_)) {
                        "heading"
                    } else {
                        "text"
                    };
                    json!({"kind": kind, "text": b.text.trim(), "icon": icon})
                })
                .collect();
            Some(json!({"title": titles.get(p).cloned().unwrap_or_default(), "blocks": blocks}))
        })
        .collect();
    let data = json!({
        "title": pack.title,
        "description": pack.description,
        "site": site,
        "pages": pages,
        "services": services,
        "plan_template": pack.plan_template,
    });
    (data.to_string(), used)
}
