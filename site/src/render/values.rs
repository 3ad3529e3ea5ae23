//! The model as templates see it: Zola's `page` and `section` variables, plus throughcare's
//! fields (easy_read, twin, audience, needs, review_by, story, reading_ease). Built once per
//! document and shared by every template that asks.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use serde_json::{json, Map, Value};

use crate::config::Config;
use crate::content::{Document, Kind, Library};
use crate::lint::PageReport;
use crate::markdown::{Heading, Outline};

/// What rendering a document's Markdown produced, that its template needs.
pub struct DocumentOutput<'a> {
    pub html: String,
    pub headings: &'a [Heading],
    pub report: &'a PageReport,
}

fn toc(headings: &[Heading], permalink: &str) -> Vec<Value> {
    // Nest by level, as Zola does: each heading holds the deeper ones that follow it.
    fn build(items: &[(u8, Value)]) -> Vec<Value> {
        let mut out: Vec<Value> = Vec::new();
        let mut i = 0;
        while i < items.len() {
            let (level, node) = &items[i];
            let mut j = i + 1;
            while j < items.len() && items[j].0 > *level {
                j += 1;
            }
            let mut node = node.clone();
            node["children"] = Value::Array(build(&items[i + 1..j]));
            out.push(node);
            i = j;
        }
        out
    }
    let flat: Vec<(u8, Value)> = headings
        .iter()
        .map(|h| (h.level, json!({"level": h.level, "id": h.id, "title": h.title, "permalink": format!("{permalink}#{}", h.id)})))
        .collect();
    build(&flat)
}

fn components(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// Fields shared by pages and sections.
fn common(
    doc: &Document,
    out: DocumentOutput,
    config: &Config,
    library: &Library,
) -> Map<String, Value> {
    let DocumentOutput {
        html,
        headings,
        report,
    } = out;
    let words = report.words;
    let mut ancestors = Vec::new();
    let mut parent = doc.parent;
    while let Some(p) = parent {
        ancestors.push(library.sections[p].doc.rel_path.clone());
        parent = library.sections[p].doc.parent;
    }
    ancestors.reverse();
    let mut m = Map::new();
    m.insert("title".into(), json!(doc.title));
    m.insert("member".into(), json!(doc.member));
    m.insert("description".into(), json!(doc.meta.description));
    m.insert("content".into(), Value::String(html));
    m.insert("permalink".into(), json!(doc.permalink));
    m.insert("path".into(), json!(doc.path));
    m.insert("slug".into(), json!(doc.slug));
    m.insert("components".into(), json!(components(&doc.path)));
    m.insert("relative_path".into(), json!(doc.rel_path));
    m.insert("colocated_path".into(), Value::Null);
    m.insert("draft".into(), json!(doc.meta.draft));
    m.insert("weight".into(), json!(doc.meta.weight));
    m.insert(
        "extra".into(),
        serde_json::to_value(&doc.meta.extra).unwrap_or(Value::Null),
    );
    m.insert("toc".into(), json!(toc(headings, &doc.permalink)));
    m.insert("word_count".into(), json!(words));
    m.insert("reading_time".into(), json!(words.div_ceil(200)));
    m.insert("lang".into(), json!(config.default_language));
    m.insert("translations".into(), json!([]));
    m.insert("ancestors".into(), json!(ancestors));
    m.insert(
        "assets".into(),
        json!(doc
            .assets
            .iter()
            .map(|a| config.url_for(a))
            .collect::<Vec<_>>()),
    );
    m.insert("aliases".into(), json!(doc.meta.aliases));
    // throughcare's own.
    m.insert("easy_read".into(), json!(doc.easy_read));
    m.insert("audience".into(), json!(doc.audience));
    m.insert(
        "needs".into(),
        json!(doc
            .meta
            .needs
            .iter()
            .map(|n| {
                let id = n.get_ref();
                json!({"id": id, "name": config.life_area(id).map_or(id.as_str(), |a| a.name.as_str())})
            })
            .collect::<Vec<_>>()),
    );
    m.insert(
        "review_by".into(),
        json!(doc.review_by.map(|d| d.to_string())),
    );
    m.insert("reading_ease".into(), json!(report.reading_ease));
    m
}

pub fn page_value(
    doc: &Document,
    out: DocumentOutput,
    config: &Config,
    library: &Library,
) -> Value {
    let mut m = common(doc, out, config, library);
    m.insert("date".into(), json!(doc.date.map(|d| d.to_string())));
    m.insert("updated".into(), json!(doc.updated.map(|d| d.to_string())));
    if let Some(d) = doc.date {
        m.insert("year".into(), json!(d.year()));
        m.insert("month".into(), json!(d.month()));
        m.insert("day".into(), json!(d.day()));
    }
    m.insert("authors".into(), json!(doc.meta.authors));
    m.insert("taxonomies".into(), json!(doc.meta.taxonomies));
    m.insert("summary".into(), Value::Null);
    m.insert("lower".into(), Value::Null);
    m.insert("higher".into(), Value::Null);
    let twin = doc.twin.map(|t| &library.pages[t]);
    m.insert(
        "twin".into(),
        twin.map_or(
            Value::Null,
            |t| json!({"title": t.title, "permalink": t.permalink, "easy_read": t.easy_read}),
        ),
    );
    // A story's easy-read summary shares its consent record.
    let story = doc.story().or_else(|| twin.and_then(Document::story));
    m.insert(
        "story".into(),
        story.map_or(Value::Null, |s| {
            json!({
                "composite": s.consent.as_ref().is_some_and(|c| c.get_ref() == "composite"),
                "content_notes": s.content_notes,
                "kiosk": s.kiosk,
            })
        }),
    );
    Value::Object(m)
}

pub fn section_value(
    doc: &Document,
    out: DocumentOutput,
    config: &Config,
    library: &Library,
    subsections: Vec<String>,
) -> Value {
    let mut m = common(doc, out, config, library);
    m.insert("subsections".into(), json!(subsections));
    m.insert("pages".into(), json!([]));
    Value::Object(m)
}

/// Every document's value, by content-relative path: the full values (sections with their
/// pages) and the metadata-only ones (`get_section(..., metadata_only=true)`).
pub struct Values {
    pub pages: HashMap<String, Value>,
    pub sections_metadata: HashMap<String, Value>,
    /// Each section's listed pages, by content-relative path.
    pub section_pages: HashMap<String, Vec<String>>,
    /// Documents this build leaves out (a kiosk's).
    pub excluded: std::collections::HashSet<String>,
}

impl Values {
    /// Every page and section the build shows (not the home page), A to Z by title, with the
    /// fields a list needs: for the A to Z page.
    pub fn all_pages(&self) -> Vec<Value> {
        let mut all: Vec<Value> = self
            .pages
            .iter()
            .chain(self.sections_metadata.iter().filter(|(k, _)| k.as_str() != "_index.md"))
            .filter(|(k, _)| !self.excluded.contains(*k))
            .map(|(_, v)| {
                json!({"title": v["title"], "permalink": v["permalink"], "description": v["description"], "easy_read": v["easy_read"]})
            })
            .collect();
        let key = |v: &Value| {
            (
                v["title"].as_str().unwrap_or("").to_lowercase(),
                v["easy_read"].as_bool().unwrap_or(false),
                v["permalink"].as_str().unwrap_or("").to_string(),
            )
        };
        all.sort_by_key(key);
        all
    }

    /// A section with its pages, put together when asked for: keeping one copy of every page
    /// (not one per section that lists it) halves peak memory on large sites.
    pub fn section(&self, path: &str) -> Option<Value> {
        let mut value = self.sections_metadata.get(path)?.clone();
        let pages = self.section_pages.get(path).into_iter().flatten();
        value["pages"] = Value::Array(pages.filter_map(|p| self.pages.get(p).cloned()).collect());
        Some(value)
    }
}

pub(crate) fn build_values(
    docs: &[&Document],
    rendered: Vec<(String, Outline, PageReport)>,
    config: &Config,
    library: &Library,
    excluded: &HashSet<String>,
) -> (Values, Vec<PageReport>) {
    let values: Vec<(String, Value, PageReport)> = docs
        .par_iter()
        .zip(rendered.into_par_iter())
        .map(|(doc, (html, outline, report))| {
            // The html moves into the value: the only copy kept of each page's content.
            let out = DocumentOutput {
                html,
                headings: &outline.headings,
                report: &report,
            };
            let value = match doc.kind {
                Kind::Page => page_value(doc, out, config, library),
                Kind::Section => {
                    let section = library
                        .section_by_path(&doc.rel_path)
                        .expect("every section document is a section");
                    let subsections = section
                        .subsections
                        .iter()
                        .map(|&s| library.sections[s].doc.rel_path.clone())
                        .filter(|p| !excluded.contains(p))
                        .collect();
                    section_value(doc, out, config, library, subsections)
                }
            };
            (doc.rel_path.clone(), value, report)
        })
        .collect();
    let mut reports = Vec::with_capacity(values.len());
    let mut pages = HashMap::new();
    let mut sections_metadata = HashMap::new();
    for (doc, (path, value, report)) in docs.iter().zip(values) {
        reports.push(report);
        match doc.kind {
            Kind::Page => pages.insert(path, value),
            Kind::Section => sections_metadata.insert(path, value),
        };
    }
    let section_pages = library
        .sections
        .iter()
        .map(|s| {
            (
                s.doc.rel_path.clone(),
                s.pages
                    .iter()
                    .map(|&p| library.pages[p].rel_path.clone())
                    .filter(|p| !excluded.contains(p))
                    .collect(),
            )
        })
        .collect();
    (
        Values {
            pages,
            sections_metadata,
            section_pages,
            excluded: excluded.clone(),
        },
        reports,
    )
}
