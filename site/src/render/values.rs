//! The model as templates see it: Zola's `page` and `section` variables, plus throughcare's
//! fields (easy_read, twin, audience, needs, review_by, story, reading_ease). Built once per
//! document and shared by every template that asks.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;

use serde::Serialize;
use serde_json::{json, Value};

use crate::config::Config;
use crate::content::{Audience, Document, Kind, Library};
use crate::lint::PageReport;
use crate::markdown::{Heading, Outline};

/// What rendering a document's Markdown produced, that its template needs.
pub struct DocumentOutput<'a> {
    pub html: String,
    pub headings: &'a [Heading],
    pub report: &'a PageReport,
}

/// A heading in a page's table of contents, with the deeper headings that follow it.
#[derive(Serialize)]
struct TocEntry<'a> {
    level: u8,
    id: &'a str,
    title: &'a str,
    permalink: String,
    children: Vec<TocEntry<'a>>,
}

fn toc<'a>(headings: &'a [Heading], permalink: &str) -> Vec<TocEntry<'a>> {
    // Nest by level, as Zola does: each heading holds the deeper ones that follow it.
    let mut out = Vec::new();
    let mut i = 0;
    while i < headings.len() {
        let h = &headings[i];
        let mut j = i + 1;
        while j < headings.len() && headings[j].level > h.level {
            j += 1;
        }
        out.push(TocEntry {
            level: h.level,
            id: &h.id,
            title: &h.title,
            permalink: format!("{permalink}#{}", h.id),
            children: toc(&headings[i + 1..j], permalink),
        });
        i = j;
    }
    out
}

/// A life area a page helps with: its id and its name.
#[derive(Serialize)]
struct Need<'a> {
    id: &'a str,
    name: &'a str,
}

/// Fields shared by pages and sections: Zola's, then throughcare's own.
#[derive(Serialize)]
struct Common<'a> {
    title: &'a str,
    member: Option<&'a str>,
    description: Option<&'a str>,
    content: String,
    permalink: &'a str,
    path: &'a str,
    slug: &'a str,
    components: Vec<&'a str>,
    relative_path: &'a str,
    colocated_path: Option<&'a str>,
    draft: bool,
    weight: Option<i64>,
    extra: &'a toml::Table,
    toc: Vec<TocEntry<'a>>,
    word_count: usize,
    reading_time: usize,
    lang: &'a str,
    translations: Vec<crate::content::Translation>,
    ancestors: Vec<&'a str>,
    assets: Vec<String>,
    aliases: &'a [toml::Spanned<String>],
    easy_read: bool,
    audience: Audience,
    needs: Vec<Need<'a>>,
    review_by: Option<String>,
    reading_ease: Option<f64>,
    translation: Option<TranslationValue<'a>>,
}

/// A translated page's `[translation]`: who made it and whether it is still a draft.
#[derive(Serialize)]
struct TranslationValue<'a> {
    translator: Option<&'a str>,
    status: Option<&'a str>,
}

impl<'a> Common<'a> {
    fn new(
        doc: &'a Document,
        out: DocumentOutput<'a>,
        config: &'a Config,
        library: &'a Library,
    ) -> Self {
        let words = out.report.words;
        let mut ancestors = Vec::new();
        let mut parent = doc.parent;
        while let Some(p) = parent {
            ancestors.push(library.sections[p].doc.rel_path.as_str());
            parent = library.sections[p].doc.parent;
        }
        ancestors.reverse();
        let needs = doc
            .meta
            .needs
            .iter()
            .map(|n| {
                let id = n.get_ref().as_str();
                // A language besides the default names life areas in its own strings.
                let name = config
                    .languages
                    .get(&doc.lang)
                    .and_then(|l| l.translations.get(&format!("area_{id}")))
                    .or_else(|| config.life_area(id).map(|a| &a.name))
                    .map_or(id, String::as_str);
                Need { id, name }
            })
            .collect();
        Common {
            title: &doc.title,
            member: doc.member.as_deref(),
            description: doc.meta.description.as_deref(),
            content: out.html,
            permalink: &doc.permalink,
            path: &doc.path,
            slug: &doc.slug,
            components: doc.path.split('/').filter(|s| !s.is_empty()).collect(),
            relative_path: &doc.rel_path,
            colocated_path: None,
            draft: doc.meta.draft,
            weight: doc.meta.weight,
            extra: &doc.meta.extra,
            toc: toc(out.headings, &doc.permalink),
            word_count: words,
            reading_time: words.div_ceil(200),
            lang: &doc.lang,
            translations: library.translations_of(doc),
            translation: doc.meta.translation.as_ref().map(|t| TranslationValue {
                translator: t.get_ref().translator.as_deref(),
                status: t.get_ref().status.as_ref().map(|s| s.get_ref().as_str()),
            }),
            ancestors,
            assets: doc.assets.iter().map(|a| config.url_for(a)).collect(),
            aliases: &doc.meta.aliases,
            easy_read: doc.easy_read,
            audience: doc.audience,
            needs,
            review_by: doc.review_by.map(|d| d.to_string()),
            reading_ease: out.report.reading_ease,
        }
    }
}

/// A page's easy-read or standard twin.
#[derive(Serialize)]
struct Twin<'a> {
    title: &'a str,
    permalink: &'a str,
    easy_read: bool,
}

/// What a story's page shows about it (an easy-read summary shares its story's record).
#[derive(Serialize)]
struct Story<'a> {
    composite: bool,
    content_notes: Option<&'a [String]>,
    kiosk: bool,
}

/// Zola's `page`, as `SerializingPage` makes it, with throughcare's fields.
#[derive(Serialize)]
struct PageValue<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    date: Option<String>,
    updated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<i16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<i8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<i8>,
    authors: &'a [String],
    taxonomies: &'a BTreeMap<String, Vec<toml::Spanned<String>>>,
    summary: Option<&'a str>,
    lower: Option<&'a str>,
    higher: Option<&'a str>,
    twin: Option<Twin<'a>>,
    story: Option<Story<'a>>,
}

/// Zola's `section`; its `pages` are put in when a template asks for the section.
#[derive(Serialize)]
struct SectionValue<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    subsections: Vec<String>,
    pages: [&'a str; 0],
}

fn page_value(doc: &Document, out: DocumentOutput, config: &Config, library: &Library) -> Value {
    let twin = doc.twin.map(|t| &library.pages[t]);
    // A story's easy-read summary shares its consent record.
    let story = doc.story().or_else(|| twin.and_then(Document::story));
    let value = PageValue {
        common: Common::new(doc, out, config, library),
        date: doc.date.map(|d| d.to_string()),
        updated: doc.updated.map(|d| d.to_string()),
        year: doc.date.map(|d| d.year()),
        month: doc.date.map(|d| d.month()),
        day: doc.date.map(|d| d.day()),
        authors: &doc.meta.authors,
        taxonomies: &doc.meta.taxonomies,
        summary: None,
        lower: None,
        higher: None,
        twin: twin.map(|t| Twin {
            title: &t.title,
            permalink: &t.permalink,
            easy_read: t.easy_read,
        }),
        story: story.map(|s| Story {
            composite: s
                .consent
                .as_ref()
                .is_some_and(|c| c.get_ref() == "composite"),
            content_notes: s.content_notes.as_deref(),
            kiosk: s.kiosk,
        }),
    };
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn section_value(
    doc: &Document,
    out: DocumentOutput,
    config: &Config,
    library: &Library,
    subsections: Vec<String>,
) -> Value {
    let value = SectionValue {
        common: Common::new(doc, out, config, library),
        subsections,
        pages: [],
    };
    serde_json::to_value(value).unwrap_or(Value::Null)
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
    /// Every page and section but the home pages, in `lang` when given (unsorted: the A to Z
    /// sorts them in the language's own order).
    pub fn all_pages(&self, lang: Option<&str>) -> Vec<Value> {
        self.pages
            .iter()
            .chain(self.sections_metadata.iter().filter(|(_, v)| {
                v["relative_path"]
                    .as_str()
                    .is_some_and(|p| !p.starts_with("_index.") || p.contains('/'))
            }))
            .filter(|(k, _)| !self.excluded.contains(*k))
            .filter(|(_, v)| lang.is_none_or(|l| v["lang"] == l))
            .map(|(_, v)| {
                json!({"title": v["title"], "permalink": v["permalink"], "description": v["description"], "easy_read": v["easy_read"], "lang": v["lang"]})
            })
            .collect()
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

/// A page's `translations` without the versions this build leaves out (a kiosk's languages
/// and sections): the language switch links only to pages that are there.
fn without(mut value: Value, excluded: &HashSet<String>) -> Value {
    if let Some(Value::Array(versions)) = value.get_mut("translations") {
        versions.retain(|t| {
            t.get("path")
                .and_then(Value::as_str)
                .is_none_or(|p| !excluded.contains(p))
        });
    }
    value
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
            (doc.rel_path.clone(), without(value, excluded), report)
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
