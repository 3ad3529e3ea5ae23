//! The content model: sections, pages and their easy-read twins, stories, data files and the
//! glossary, loaded from `content/`. It knows nothing about HTML.

pub mod directory;
pub mod front_matter;
pub mod glossary;
pub mod hsds;
pub mod members;
pub mod packs;
pub mod questionnaire;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rayon::prelude::*;

use crate::config::Config;
use crate::finding::{Finding, Findings, InMember, Severity, SourceFile};
use crate::output::{clash_key, OutputPath, UnsafePath};
use crate::slug::slugify;
use front_matter::{FrontMatter, StoryMeta};
use glossary::Glossary;

/// Who a page is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    Person,
    Family,
    Staff,
}

/// What a content file is, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Section,
    Page,
}

/// One `.md` file, parsed and placed.
#[derive(Debug, Clone)]
pub struct Document {
    pub kind: Kind,
    pub file: SourceFile,
    /// Path inside `content/` with `/` separators: `after-release/housing.md`.
    pub rel_path: String,
    pub front: Range<usize>,
    pub body: Range<usize>,
    pub meta: FrontMatter,
    /// Output path, site-relative, with a trailing slash: `/after-release/housing/`.
    pub path: String,
    pub permalink: String,
    pub slug: String,
    pub title: String,
    pub easy_read: bool,
    pub audience: Audience,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub review_by: Option<Date>,
    /// The section this belongs to (for a section: its parent), as an index into `sections`.
    pub parent: Option<usize>,
    /// The other reading level of the same page, as an index into `pages`.
    pub twin: Option<usize>,
    /// Files beside the page in its own folder (`dir/index.md`), content-relative.
    pub assets: Vec<String>,
    /// The federation member that published it; `None` for the site's own content.
    pub member: Option<String>,
    /// Its language's code: the default language's, or `xx` from a `name.xx.md` file.
    pub lang: String,
    /// The content path without the language code (`after-release/housing.md` for
    /// `after-release/housing.pl.md`): what a page and its translations share.
    pub key: String,
}

impl Document {
    pub fn is_story(&self) -> bool {
        self.meta.story.is_some()
    }

    pub fn story(&self) -> Option<&StoryMeta> {
        self.meta.story.as_ref().map(|s| s.get_ref())
    }

    /// The byte range of a front matter key's line, for findings about its value.
    pub fn key_span(&self, key: &str) -> Range<usize> {
        let front = &self.file.text[self.front.clone()];
        let mut pos = self.front.start;
        for line in front.split_inclusive('\n') {
            let t = line.trim_start();
            if t.starts_with(key) && t[key.len()..].trim_start().starts_with(['=', ']'])
                || t == format!("[{key}]").as_str()
            {
                return pos..pos + line.trim_end().len();
            }
            pos += line.len();
        }
        self.front.start..self.front.start
    }
}

#[derive(Debug, Clone)]
pub struct Section {
    pub doc: Document,
    /// Pages directly in this section (not twins), sorted as the section asks.
    pub pages: Vec<usize>,
    pub subsections: Vec<usize>,
    /// `kind = "stories"`.
    pub is_stories: bool,
}

/// Everything the site says, loaded and linked up.
#[derive(Debug)]
pub struct Library {
    pub sections: Vec<Section>,
    pub pages: Vec<Document>,
    /// Documents in more than one language: each version, by kind and key. A document not
    /// here has no translation.
    pub translations: HashMap<(bool, String), Vec<Translation>>,
    /// `content/*.toml` and `content/*.json`, by file stem with `-` as `_`.
    pub data: BTreeMap<String, serde_json::Value>,
    pub glossary: Glossary,
    /// Files copied as they are (content-relative paths).
    pub assets: Vec<String>,
    /// Content-relative `.md` path to permalink, for `@/` links.
    pub permalinks: HashMap<String, String>,
    /// The self-assessment's TOML files (`assessment/*.toml`), content-relative.
    pub assessment_files: Vec<String>,
    /// The printable packs' TOML files (`packs/*.toml`), content-relative.
    pub pack_files: Vec<String>,
    /// Members' files that are not pages (pictures), content-relative, with their bytes.
    pub mounted_assets: Vec<(String, std::sync::Arc<Vec<u8>>)>,
}

/// A federation member's file, already vetted, placed at `content/{member}/...`.
#[derive(Debug, Clone)]
pub struct Mounted {
    /// Where it sits in the content tree: `{member}/visits.md`.
    pub rel: String,
    /// The path shown in findings: `federation/{member}/pages/visits.md`.
    pub display: PathBuf,
    /// The member, and what a finding in the file leaves out: the file, or the whole member
    /// for the pages the site makes from it.
    pub member: InMember,
    pub bytes: std::sync::Arc<Vec<u8>>,
}

impl Section {
    /// The section's folder under content/ (`after-release`; empty for the home page).
    pub fn dir(&self) -> &str {
        self.doc
            .key
            .trim_end_matches("_index.md")
            .trim_end_matches('/')
    }
}

impl Library {
    pub fn section_by_path(&self, rel_path: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.doc.rel_path == rel_path)
    }

    pub fn page_by_path(&self, rel_path: &str) -> Option<&Document> {
        self.pages.iter().find(|p| p.rel_path == rel_path)
    }

    pub fn documents(&self) -> impl Iterator<Item = &Document> {
        self.sections
            .iter()
            .map(|s| &s.doc)
            .chain(self.pages.iter())
    }
}

/// One language's version of a document, as Zola's `TranslatedContent` has it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Translation {
    pub lang: String,
    pub permalink: String,
    pub title: String,
    pub path: String,
}

impl Translation {
    fn of(doc: &Document) -> Translation {
        Translation {
            lang: doc.lang.clone(),
            permalink: doc.permalink.clone(),
            title: doc.title.clone(),
            // Zola's: the content file, for get_page and get_section.
            path: doc.rel_path.clone(),
        }
    }
}

impl Library {
    /// Every language's version of `doc`, itself included, by language code.
    pub fn translations_of(&self, doc: &Document) -> Vec<Translation> {
        self.translations
            .get(&(doc.kind == Kind::Section, doc.key.clone()))
            .cloned()
            .unwrap_or_else(|| vec![Translation::of(doc)])
    }
}

/// Read and parse `content/`. Problems become findings; a file with errors is left out and the
/// rest still load, so one pass reports everything.
pub fn load(
    root: &Path,
    config: &Config,
    include_drafts: bool,
    mounted: &[Mounted],
) -> (Library, Findings) {
    let mut findings = Findings::default();
    let (files, refused) = crate::walk::site_files(root, "content", true);
    findings.extend(refused);
    let files = ContentFiles::sort(files.into_iter().map(|f| f.rel));
    let (mounted_md, mounted_assets): (Vec<&Mounted>, Vec<&Mounted>) =
        mounted.iter().partition(|m| m.rel.ends_with(".md"));
    let mut docs = Vec::new();
    for result in parse_all(root, &files.markdown, &mounted_md, config) {
        match result {
            Ok(doc) if doc.meta.draft && !include_drafts => {}
            Ok(doc) => match members::outside_namespace(&doc) {
                Some(f) => findings.push(f),
                None => docs.push(doc),
            },
            Err(errors) => findings.extend(errors),
        }
    }
    let (glossary, data) = load_data(root, &files.data, &mut findings);
    let mut library = assemble(docs, &mut findings);
    give_bundles_their_assets(&mut library.pages, &files.assets);
    library.glossary = glossary;
    library.data = data;
    library.assets = files.assets;
    library.assessment_files = files.assessment;
    library.pack_files = files.packs;
    library.mounted_assets = mounted_assets
        .into_iter()
        .map(|m| (m.rel.clone(), m.bytes.clone()))
        .collect();
    (library, findings)
}

/// `content/`'s files by what they are, as paths relative to it.
#[derive(Default)]
struct ContentFiles {
    markdown: Vec<String>,
    /// Top-level TOML and JSON: templates' `data`.
    data: Vec<String>,
    assessment: Vec<String>,
    packs: Vec<String>,
    /// Everything else: pictures and other files published as they are.
    assets: Vec<String>,
}

impl ContentFiles {
    fn sort(files: impl Iterator<Item = String>) -> ContentFiles {
        let mut out = ContentFiles::default();
        for rel in files {
            let ext = rel.rsplit_once('.').map_or("", |(_, e)| e);
            match ext {
                "md" => out.markdown.push(rel),
                "toml" | "json" if !rel.contains('/') => out.data.push(rel),
                "toml" if rel.starts_with("assessment/") => out.assessment.push(rel),
                "toml" if rel.starts_with("packs/") => out.packs.push(rel),
                _ => out.assets.push(rel),
            }
        }
        out
    }
}

/// Every Markdown file, the site's and members', parsed in parallel: placing them needs them
/// all.
fn parse_all(
    root: &Path,
    markdown: &[String],
    mounted: &[&Mounted],
    config: &Config,
) -> Vec<Result<Document, Vec<Finding>>> {
    let mut parsed: Vec<Result<Document, Vec<Finding>>> = markdown
        .par_iter()
        .map(|rel| {
            read_source(root, rel)
                .map_err(|f| vec![f])
                .and_then(|file| parse_document(file, rel, config))
        })
        .collect();
    parsed.par_extend(mounted.par_iter().map(|m| {
        decode(m.display.clone(), m.bytes.to_vec())
            .map(|file| file.in_member(m.member.clone()))
            .map_err(|f| vec![f.with_member(m.member.clone())])
            .and_then(|file| parse_document(file, &m.rel, config))
            .map(|mut doc| {
                doc.member = Some(m.member.id.clone());
                doc
            })
    }));
    parsed
}

/// Files in a page's own folder (`dir/index.md`) are its assets.
fn give_bundles_their_assets(pages: &mut [Document], assets: &[String]) {
    for page in pages {
        if let Some(dir) = page
            .rel_path
            .strip_suffix("index.md")
            .or_else(|| page.rel_path.strip_suffix("index.easy.md"))
        {
            if !dir.is_empty() {
                page.assets = assets
                    .iter()
                    .filter(|a| a.starts_with(dir))
                    .cloned()
                    .collect();
            }
        }
    }
}

fn display_path(rel: &str) -> PathBuf {
    PathBuf::from("content").join(rel)
}

pub fn read_source(root: &Path, rel: &str) -> Result<SourceFile, Finding> {
    let bytes = std::fs::read(root.join("content").join(rel)).map_err(|e| {
        Finding::about_file(
            Severity::Error,
            "content::unreadable",
            display_path(rel),
            format!("cannot read the file: {e}"),
            "check that it exists and can be read",
        )
    })?;
    decode(display_path(rel), bytes)
}

/// Text from bytes, or a finding at the first byte that is not UTF-8.
pub fn decode(display: PathBuf, bytes: Vec<u8>) -> Result<SourceFile, Finding> {
    String::from_utf8(bytes)
        .map(|text| SourceFile::new(display.clone(), text))
        .map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
            let file = SourceFile::new(display, valid);
            let mut f = file.finding(
            Severity::Error,
            "content::invalid_utf8",
            at..at,
            format!("the file is not valid UTF-8 (byte {at})"),
            "save the file as UTF-8 in your editor; the bad byte is just after the marked place",
        );
            f.span = None;
            f
        })
}

/// One content file, parsed and checked on its own (placing it among the others comes later).
pub fn parse_document(
    file: SourceFile,
    rel: &str,
    config: &Config,
) -> Result<Document, Vec<Finding>> {
    let split = front_matter::split(&file).map_err(|f| vec![f])?;
    let meta = front_matter::parse(&file, &split.front).map_err(|f| vec![f])?;
    let mut errors = Vec::new();
    let at = |s: Range<usize>| s.start + split.front.start..s.end + split.front.start;
    let dates = Dates::of(&file, &split.front, &meta, &mut errors);
    let audience = audience(&file, &meta, at, &mut errors);
    errors.extend(unknown_names(&file, &split.front, &meta, config));
    let (dir, file_name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let (lang, file_name) = match language_of(file_name, config) {
        Ok(found) => found,
        Err((message, help)) => {
            errors.push(file.finding(Severity::Error, "content::language", 0..0, message, help));
            (config.default_language.clone(), file_name.to_string())
        }
    };
    let key = if dir.is_empty() {
        file_name.clone()
    } else {
        format!("{dir}/{file_name}")
    };
    let kind = if file_name == "_index.md" {
        Kind::Section
    } else {
        Kind::Page
    };
    let easy_read = meta.easy_read.unwrap_or(false) || file_name.ends_with(".easy.md");
    let (mut path, slug) = output_path(&key, kind, &meta);
    if lang != config.default_language {
        path = format!("/{lang}{path}");
    }
    errors.extend(unsafe_paths(&file, &meta, &path, at));
    if !errors.is_empty() {
        return Err(errors);
    }
    let title = meta.title.clone().unwrap_or_default();
    Ok(Document {
        kind,
        permalink: config.url_for(&path),
        path,
        slug,
        title,
        file,
        rel_path: rel.to_string(),
        front: split.front,
        body: split.body,
        easy_read,
        audience,
        date: dates.date,
        updated: dates.updated,
        review_by: dates.review_by,
        meta,
        parent: None,
        twin: None,
        assets: Vec::new(),
        member: None,
        lang,
        key,
    })
}

/// A content file's language and its name without the code. Zola's scheme: `name.xx.md` and
/// `_index.xx.md` are in language `xx`, which config.toml must name; an easy-read twin is
/// `name.easy.md`, and its translation `name.easy.xx.md` (so Zola reads `name.easy` as the
/// page). An error is its message and how to fix it.
fn language_of(file_name: &str, config: &Config) -> Result<(String, String), (String, String)> {
    let default = || (config.default_language.clone(), file_name.to_string());
    let stem = file_name.strip_suffix(".md").unwrap_or(file_name);
    let Some((rest, code)) = stem.rsplit_once('.') else {
        return Ok(default());
    };
    if code == "easy" {
        return match rest.rsplit_once('.') {
            Some((name, lang)) if config.languages.contains_key(lang) => Err((
                format!(
                    "an easy-read translation is named `{name}.easy.{lang}.md`, not `{file_name}`"
                ),
                format!("rename the file to {name}.easy.{lang}.md"),
            )),
            _ => Ok(default()),
        };
    }
    if config.languages.contains_key(code) {
        return Ok((code.to_string(), format!("{rest}.md")));
    }
    let known: Vec<&str> = config.languages.keys().map(String::as_str).collect();
    Err(if code == config.default_language {
        (
            format!("`{file_name}` names the default language, `{code}`, whose files have no code"),
            format!("rename the file to {rest}.md"),
        )
    } else {
        (
            format!("`{file_name}` is in language `{code}`, which config.toml does not name"),
            if known.is_empty() {
                format!("add [languages.{code}] to config.toml, or take `.{code}` out of the file's name")
            } else {
                format!("use one of the site's languages ({}), or add [languages.{code}] to config.toml", known.join(", "))
            },
        )
    })
}

/// A document's dates, each checked (a story's consent date too).
struct Dates {
    date: Option<Date>,
    updated: Option<Date>,
    review_by: Option<Date>,
}

impl Dates {
    fn of(
        file: &SourceFile,
        front: &Range<usize>,
        meta: &FrontMatter,
        errors: &mut Vec<Finding>,
    ) -> Dates {
        let mut date = |field: &str, v: &Option<toml::Spanned<front_matter::DateValue>>| {
            v.as_ref().and_then(|v| {
                front_matter::date_of(file, front, field, v)
                    .map_err(|f| errors.push(f))
                    .ok()
            })
        };
        let dates = Dates {
            date: date("date", &meta.date),
            updated: date("updated", &meta.updated),
            review_by: date("review_by", &meta.review_by),
        };
        let consent = meta
            .story
            .as_ref()
            .and_then(|s| s.get_ref().consent_date.as_ref());
        if let Some(d) = consent {
            if let Err(f) = front_matter::date_of(file, front, "consent_date", d) {
                errors.push(f);
            }
        }
        dates
    }
}

/// Who the page is for: a person (the default), their family, or staff.
fn audience(
    file: &SourceFile,
    meta: &FrontMatter,
    at: impl Fn(Range<usize>) -> Range<usize>,
    errors: &mut Vec<Finding>,
) -> Audience {
    match meta
        .audience
        .as_ref()
        .map(|a| (a.get_ref().as_str(), a.span()))
    {
        None | Some(("person", _)) => Audience::Person,
        Some(("family", _)) => Audience::Family,
        Some(("staff", _)) => Audience::Staff,
        Some((other, span)) => {
            errors.push(file.finding(
                Severity::Error,
                "front_matter::bad_audience",
                at(span),
                format!("`{other}` is not an audience"),
                "use \"person\", \"family\" or \"staff\"",
            ));
            Audience::Person
        }
    }
}

/// Needs, taxonomies and kinds of section that config.toml does not name.
fn unknown_names(
    file: &SourceFile,
    front: &Range<usize>,
    meta: &FrontMatter,
    config: &Config,
) -> Vec<Finding> {
    let at = |s: Range<usize>| s.start + front.start..s.end + front.start;
    let mut errors = Vec::new();
    if !config.life_areas.is_empty() {
        for need in &meta.needs {
            if config.life_area(need.get_ref()).is_none() {
                let ids: Vec<&str> = config.life_areas.iter().map(|a| a.id.as_str()).collect();
                errors.push(file.finding(
                    Severity::Error,
                    "front_matter::unknown_need",
                    at(need.span()),
                    format!("`{}` is not a life area", need.get_ref()),
                    format!("use one of: {}", ids.join(", ")),
                ));
            }
        }
    }
    for name in meta.taxonomies.keys() {
        if !config.taxonomies.iter().any(|t| &t.name == name) {
            errors.push(file.finding(
                Severity::Error,
                "front_matter::unknown_taxonomy",
                front.clone(),
                format!("the taxonomy `{name}` is not in config.toml"),
                format!(
                    "add taxonomies = [{{ name = \"{name}\" }}] to config.toml, or remove it here"
                ),
            ));
        }
    }
    if let Some(kind) = &meta.kind {
        if kind.get_ref() != "stories" {
            errors.push(file.finding(
                Severity::Error,
                "front_matter::bad_kind",
                at(kind.span()),
                format!("`{}` is not a kind of section", kind.get_ref()),
                "the only kind is \"stories\"; leave it out for an ordinary section",
            ));
        }
    }
    errors
}

/// Every place this file would write, through the output-path gate, each refusal pointing at
/// the value that caused it: `path`, `slug` (or the file's own name), `aliases`, taxonomy terms.
fn unsafe_paths(
    file: &SourceFile,
    meta: &FrontMatter,
    path: &str,
    at: impl Fn(Range<usize>) -> Range<usize>,
) -> Vec<Finding> {
    let refuse = |field: &str, value: &str, span: Range<usize>, why: UnsafePath| {
        file.finding(
            Severity::Error,
            why.rule(),
            span,
            format!("`{field} = {value:?}` cannot be used: {why}"),
            why.help(),
        )
    };
    let mut found = Vec::new();
    if let Some(p) = &meta.path {
        if let Err(why) = OutputPath::from_relative(p.get_ref()) {
            found.push(refuse("path", p.get_ref(), at(p.span()), why));
        }
    }
    if let Some(s) = &meta.slug {
        if slugify(s.get_ref()).is_empty() {
            let why = UnsafePath::EmptySegment;
            found.push(refuse("slug", s.get_ref(), at(s.span()), why));
        }
    }
    if found.is_empty() {
        if let Err(why) = OutputPath::from_url(path) {
            found.push(match &meta.slug {
                Some(s) => refuse("slug", s.get_ref(), at(s.span()), why),
                None => file.finding(
                    Severity::Error,
                    why.rule(),
                    0..0,
                    format!("the file's name makes the path {path:?}, which cannot be used: {why}"),
                    "rename the file (or its folder) with letters or digits, or set `slug`",
                ),
            });
        }
    }
    for alias in &meta.aliases {
        if let Err(why) = OutputPath::from_url(alias.get_ref()) {
            found.push(refuse("aliases", alias.get_ref(), at(alias.span()), why));
        }
    }
    for (taxonomy, terms) in &meta.taxonomies {
        for term in terms {
            let url = format!("/{taxonomy}/{}/", slugify(term.get_ref()));
            if let Err(why) = OutputPath::from_url(&url) {
                found.push(refuse(taxonomy, term.get_ref(), at(term.span()), why));
            }
        }
    }
    found
}

/// `a/b.md` -> `/a/b/`; `a/b/index.md` -> `/a/b/`; `a/_index.md` -> `/a/`;
/// `a/b.easy.md` -> `/a/b/easy-read/`. `slug` and `path` in front matter override.
fn output_path(rel: &str, kind: Kind, meta: &FrontMatter) -> (String, String) {
    let mut parts: Vec<&str> = rel.split('/').collect();
    let file = parts.pop().unwrap_or_default();
    let stem = file.trim_end_matches(".md");
    let (stem, easy) = match stem.strip_suffix(".easy") {
        Some(s) => (s, true),
        None => (stem, false),
    };
    let mut segments: Vec<String> = parts.iter().map(|p| slugify(p)).collect();
    if kind == Kind::Page && stem != "index" {
        segments.push(slugify(stem));
    }
    if let (Some(slug), Kind::Page) = (&meta.slug, kind) {
        if let Some(last) = segments.last_mut() {
            *last = slugify(slug.get_ref());
        }
    }
    if let Some(path) = &meta.path {
        segments = path
            .get_ref()
            .trim_matches('/')
            .split('/')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
    } else if easy {
        segments.push("easy-read".to_string());
    }
    let slug = segments.last().cloned().unwrap_or_default();
    let path = if segments.is_empty() {
        "/".to_string()
    } else {
        format!("/{}/", segments.join("/"))
    };
    (path, slug)
}

fn load_data(
    root: &Path,
    files: &[String],
    findings: &mut Findings,
) -> (Glossary, BTreeMap<String, serde_json::Value>) {
    let mut glossary = Glossary::empty();
    let mut data = BTreeMap::new();
    for rel in files {
        let file = match read_source(root, rel) {
            Ok(f) => f,
            Err(f) => {
                findings.push(f);
                continue;
            }
        };
        if rel == "glossary.toml" {
            match Glossary::parse(&file) {
                Ok(g) => glossary = g,
                Err(f) => findings.push(f),
            }
        }
        let value = data_value(&file, rel.ends_with(".toml"));
        match value {
            Ok(v) => {
                let key = rel
                    .trim_end_matches(".toml")
                    .trim_end_matches(".json")
                    .replace('-', "_");
                // Published as /data/{name}.json: the file's name must make a safe path.
                let published = format!("/data/{}.json", key.replace('_', "-"));
                match OutputPath::from_url(&published) {
                    Ok(_) => {
                        data.insert(key, v);
                    }
                    Err(why) => findings.push(Finding::about_file(
                        Severity::Error,
                        why.rule(),
                        &file.path,
                        format!("this data file would be published as {published:?}, which cannot be used: {why}"),
                        "rename the file with letters, digits and hyphens",
                    )),
                }
            }
            Err(f) => findings.push(f),
        }
    }
    (glossary, data)
}

/// A data file's value, from TOML or JSON; a finding at the place it stops being valid.
fn data_value(file: &SourceFile, is_toml: bool) -> Result<serde_json::Value, Finding> {
    if is_toml {
        let value = toml::from_str::<toml::Value>(&file.text).map_err(|e| {
            file.finding(
                Severity::Error,
                "data::invalid",
                e.span().unwrap_or(0..0),
                format!("not valid TOML: {}", e.message()),
                "fix the TOML at the marked place",
            )
        })?;
        return serde_json::to_value(value)
            .map_err(|e| file.about(Severity::Error, "data::invalid", e.to_string(), ""));
    }
    serde_json::from_str(&file.text).map_err(|e| {
        let (line, col) = (e.line(), e.column());
        let offset = file
            .text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum::<usize>()
            + col.saturating_sub(1);
        file.finding(
            Severity::Error,
            "data::invalid",
            offset..offset,
            format!("not valid JSON: {e}"),
            "fix the JSON at the marked place",
        )
    })
}

/// Place documents: sections and their pages, twins, duplicates.
fn assemble(docs: Vec<Document>, findings: &mut Findings) -> Library {
    let (section_docs, mut pages): (Vec<Document>, Vec<Document>) =
        docs.into_iter().partition(|d| d.kind == Kind::Section);
    let mut sections: Vec<Section> = section_docs.into_iter().map(Section::new).collect();
    drop_duplicate_paths(&sections, &mut pages, findings);
    let nearest = SectionFinder::new(&sections);
    nest_sections(&mut sections, &nearest);
    pair_twins(&mut pages);
    place_pages(&mut sections, &mut pages, &nearest);
    sort_sections(&mut sections, &pages);
    let permalinks = sections
        .iter()
        .map(|s| &s.doc)
        .chain(pages.iter())
        .map(|d| (d.rel_path.clone(), d.permalink.clone()))
        .collect();
    let mut versions: HashMap<(bool, String), Vec<Translation>> = HashMap::new();
    for doc in sections.iter().map(|s| &s.doc).chain(pages.iter()) {
        versions
            .entry((doc.kind == Kind::Section, doc.key.clone()))
            .or_default()
            .push(Translation::of(doc));
    }
    versions.retain(|_, v| v.len() > 1);
    for v in versions.values_mut() {
        v.sort_by(|a, b| a.lang.cmp(&b.lang));
    }
    Library {
        sections,
        pages,
        translations: versions,
        data: BTreeMap::new(),
        glossary: Glossary::empty(),
        assets: Vec::new(),
        permalinks,
        assessment_files: Vec::new(),
        pack_files: Vec::new(),
        mounted_assets: Vec::new(),
    }
}

impl Section {
    fn new(doc: Document) -> Section {
        Section {
            is_stories: doc
                .meta
                .kind
                .as_ref()
                .is_some_and(|k| k.get_ref() == "stories"),
            doc,
            pages: Vec::new(),
            subsections: Vec::new(),
        }
    }
}

/// Two files that would write the same URL: the second page is left out, with a finding.
/// Keyed as a case-insensitive file system sees them: `About/` and `about/` are one folder.
fn drop_duplicate_paths(sections: &[Section], pages: &mut Vec<Document>, findings: &mut Findings) {
    let mut seen: BTreeMap<String, (&str, &str)> = BTreeMap::new();
    let mut keep = vec![true; pages.len()];
    for (i, doc) in sections
        .iter()
        .map(|s| &s.doc)
        .chain(pages.iter())
        .enumerate()
    {
        if let Some((first_path, first)) = seen.get(&clash_key(&doc.path)) {
            findings.push(duplicate_path(doc, first_path, first));
            if i >= sections.len() {
                keep[i - sections.len()] = false;
            }
        } else {
            seen.insert(clash_key(&doc.path), (&doc.path, &doc.rel_path));
        }
    }
    let mut k = keep.into_iter();
    pages.retain(|_| k.next().unwrap_or(true));
}

/// `doc` makes the same page as `content/{first}` (at `first_path`), or one that differs only
/// by case or Unicode form.
fn duplicate_path(doc: &Document, first_path: &str, first: &str) -> Finding {
    if first_path == doc.path {
        return doc.file.finding(
            Severity::Error,
            "content::duplicate_path",
            doc.front.start..doc.front.start,
            format!(
                "this file and content/{first} both make the page {}",
                doc.path
            ),
            "rename one of the files, or give one a different `slug` or `path`",
        );
    }
    let span = match &doc.meta.path {
        Some(p) => p.span().start + doc.front.start..p.span().end + doc.front.start,
        None => doc.front.start..doc.front.start,
    };
    doc.file.finding(
        Severity::Error,
        "output::case_clash",
        span,
        format!("this page's path {} and content/{first}'s {first_path} differ only by case or accents' form, so they are one folder on Windows and macOS", doc.path),
        "give one of them a different `path` or `slug`",
    )
}

/// The section that holds a folder in a language: the nearest section folder at or above it
/// with an `_index` in that language.
struct SectionFinder(HashMap<(String, String), usize>);

impl SectionFinder {
    fn new(sections: &[Section]) -> Self {
        SectionFinder(
            sections
                .iter()
                .enumerate()
                .map(|(i, s)| ((s.doc.lang.clone(), dir_of(&s.doc.key).to_string()), i))
                .collect(),
        )
    }

    fn nearest(&self, lang: &str, mut dir: &str) -> Option<usize> {
        loop {
            if let Some(&i) = self.0.get(&(lang.to_string(), dir.to_string())) {
                return Some(i);
            }
            if dir.is_empty() {
                return None;
            }
            dir = dir.rfind('/').map_or("", |i| &dir[..i]);
        }
    }
}

/// Each section's parent: the nearest section folder above its own.
fn nest_sections(sections: &mut [Section], finder: &SectionFinder) {
    for i in 0..sections.len() {
        let dir = dir_of(&sections[i].doc.key).to_string();
        if dir.is_empty() {
            continue;
        }
        let parent_dir = dir.rfind('/').map_or("", |i| &dir[..i]);
        let parent = finder.nearest(&sections[i].doc.lang, parent_dir);
        sections[i].doc.parent = parent;
        if let Some(p) = parent {
            sections[p].subsections.push(i);
        }
    }
}

/// Twins: `x.easy.md` beside `x.md`, and `x.easy.pl.md` beside `x.pl.md`.
fn pair_twins(pages: &mut [Document]) {
    let by_key: HashMap<(&str, &str), usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| ((p.lang.as_str(), p.key.as_str()), i))
        .collect();
    let mut pairs = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        if let Some(standard) = page.key.strip_suffix(".easy.md").map(|s| format!("{s}.md")) {
            if let Some(&j) = by_key.get(&(page.lang.as_str(), standard.as_str())) {
                pairs.push((i, j));
            }
        }
    }
    for (i, j) in pairs {
        pages[i].twin = Some(j);
        pages[j].twin = Some(i);
    }
}

/// Each page's section (a bundle's `dir/index.md` belongs above `dir`); a section lists its
/// pages, but not the easy-read copy of a page that has a twin.
fn place_pages(sections: &mut [Section], pages: &mut [Document], finder: &SectionFinder) {
    for page in pages.iter_mut() {
        let bundle = page.key.ends_with("/index.md") || page.key.ends_with("/index.easy.md");
        let dir = dir_of(&page.key);
        let section_dir = if bundle {
            dir.rfind('/').map_or("", |i| &dir[..i])
        } else {
            dir
        };
        page.parent = finder.nearest(&page.lang, section_dir);
    }
    for (i, page) in pages.iter().enumerate() {
        let is_twin_copy = page.easy_read && page.twin.is_some();
        if let (Some(p), false) = (page.parent, is_twin_copy) {
            sections[p].pages.push(i);
        }
    }
}

/// Pages in each section by its `sort_by` (Zola's: weight unless told), then path; subsections
/// by weight, then path.
fn sort_sections(sections: &mut [Section], pages: &[Document]) {
    for section in sections.iter_mut() {
        let sort_by = section.doc.meta.sort_by.clone().unwrap_or_default();
        section.pages.sort_by(|&a, &b| {
            let (a, b) = (&pages[a], &pages[b]);
            let by_path = a.rel_path.cmp(&b.rel_path);
            match sort_by.as_str() {
                "date" => b.date.cmp(&a.date).then(by_path),
                "title" => a
                    .title
                    .to_lowercase()
                    .cmp(&b.title.to_lowercase())
                    .then(by_path),
                "none" => by_path,
                _ => a
                    .meta
                    .weight
                    .unwrap_or(i64::MAX)
                    .cmp(&b.meta.weight.unwrap_or(i64::MAX))
                    .then(by_path),
            }
        });
    }
    // Done after, since it reads other sections.
    let keys: Vec<(i64, String)> = sections
        .iter()
        .map(|s| {
            (
                s.doc.meta.weight.unwrap_or(i64::MAX),
                s.doc.rel_path.clone(),
            )
        })
        .collect();
    for section in sections.iter_mut() {
        section.subsections.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    }
}

fn dir_of(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Values made of what matters to paths: separators, dots, escapes, drives, controls.
    fn hostile() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("/"),
            Just(".."),
            Just("."),
            Just("%2e"),
            Just("%2f"),
            Just("%"),
            Just("\\"),
            Just("C:"),
            Just("\0"),
            Just("\n"),
            Just("e\u{301}"),
            Just("a"),
            Just("tmp"),
        ];
        prop::collection::vec(
            prop_oneof![
                piece.prop_map(String::from),
                any::<char>().prop_map(String::from)
            ],
            0..10,
        )
        .prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]

        /// Whatever `path`, `slug`, `aliases` and taxonomy terms say, a page that parses writes
        /// only inside the output folder: every place it names passes the gate.
        #[test]
        fn every_output_path_a_page_makes_is_inside_or_an_error(
            path in prop::option::of(hostile()),
            slug in prop::option::of(hostile()),
            alias in hostile(),
            term in hostile(),
        ) {
            let (config, _) = Config::parse(SourceFile::new(
                "config.toml",
                "base_url = \"https://example.org\"\ntaxonomies = [{ name = \"tags\" }]\n".into(),
            ))
            .unwrap();
            let quote = |v: &str| toml::Value::String(v.to_string()).to_string();
            let mut front = String::from("title = \"A\"\n");
            if let Some(p) = &path {
                front.push_str(&format!("path = {}\n", quote(p)));
            }
            if let Some(s) = &slug {
                front.push_str(&format!("slug = {}\n", quote(s)));
            }
            front.push_str(&format!("aliases = [{}]\n[taxonomies]\ntags = [{}]\n", quote(&alias), quote(&term)));
            let text = format!("+++\n{front}+++\nText.\n");
            if let Ok(doc) = parse_document(SourceFile::new("content/a/b.md", text), "a/b.md", &config) {
                let term_url = format!("/tags/{}/", slugify(&term));
                for url in [doc.path.as_str(), alias.as_str(), term_url.as_str()] {
                    let checked = OutputPath::from_url(url);
                    prop_assert!(checked.is_ok(), "{url:?} was let through");
                    let out = Path::new("/srv/public");
                    let joined = out.join(checked.unwrap().as_str());
                    prop_assert!(joined.starts_with(out));
                    prop_assert!(joined.components().all(|c| matches!(c, std::path::Component::Normal(_) | std::path::Component::RootDir)));
                }
            }
        }
    }

    fn meta() -> FrontMatter {
        FrontMatter::default()
    }

    #[test]
    fn output_paths_follow_zola_and_the_easy_read_scheme() {
        assert_eq!(output_path("_index.md", Kind::Section, &meta()).0, "/");
        assert_eq!(output_path("a/_index.md", Kind::Section, &meta()).0, "/a/");
        assert_eq!(output_path("a/b.md", Kind::Page, &meta()).0, "/a/b/");
        assert_eq!(output_path("a/b/index.md", Kind::Page, &meta()).0, "/a/b/");
        assert_eq!(
            output_path("a/b.easy.md", Kind::Page, &meta()).0,
            "/a/b/easy-read/"
        );
        assert_eq!(
            output_path("a/b/index.easy.md", Kind::Page, &meta()).0,
            "/a/b/easy-read/"
        );
        let with_slug = FrontMatter {
            slug: Some(toml::Spanned::new(0..0, "Other Name".into())),
            ..meta()
        };
        assert_eq!(
            output_path("a/b.md", Kind::Page, &with_slug).0,
            "/a/other-name/"
        );
    }

    fn bilingual() -> Config {
        Config::parse(SourceFile::new(
            "config.toml",
            "base_url = \"https://example.org\"\n[languages.pl]\ntitle = \"Po wyjściu\"\n[languages.gd]\n".into(),
        ))
        .unwrap()
        .0
    }

    fn doc(rel: &str, config: &Config) -> Result<Document, Vec<Finding>> {
        let text = "+++\ntitle = \"A\"\n+++\nText.\n".to_string();
        parse_document(SourceFile::new(format!("content/{rel}"), text), rel, config)
    }

    #[test]
    fn a_file_says_its_language_as_zola_reads_it() {
        let config = bilingual();
        for (rel, lang, key, path) in [
            ("a/b.md", "en", "a/b.md", "/a/b/"),
            ("a/b.pl.md", "pl", "a/b.md", "/pl/a/b/"),
            ("a/_index.gd.md", "gd", "a/_index.md", "/gd/a/"),
            ("a/b.easy.md", "en", "a/b.easy.md", "/a/b/easy-read/"),
            ("a/b.easy.pl.md", "pl", "a/b.easy.md", "/pl/a/b/easy-read/"),
            ("_index.pl.md", "pl", "_index.md", "/pl/"),
        ] {
            let d = doc(rel, &config).unwrap();
            assert_eq!(
                (d.lang.as_str(), d.key.as_str(), d.path.as_str()),
                (lang, key, path),
                "{rel}"
            );
        }
        for (rel, says) in [
            ("a/b.fr.md", "which config.toml does not name"),
            ("a/b.en.md", "names the default language"),
            ("a/b.pl.easy.md", "`b.easy.pl.md`"),
        ] {
            let found = doc(rel, &config).unwrap_err();
            assert_eq!(found[0].rule, "content::language", "{rel}");
            assert!(
                found[0].message.contains(says),
                "{rel}: {}",
                found[0].message
            );
        }
    }

    #[test]
    fn translations_have_their_own_sections_and_twins() {
        let config = bilingual();
        let docs = [
            "a/_index.md",
            "a/_index.pl.md",
            "a/b.md",
            "a/b.easy.md",
            "a/b.pl.md",
            "a/b.easy.pl.md",
            "a/c.gd.md",
        ]
        .iter()
        .map(|rel| doc(rel, &config).unwrap())
        .collect();
        let library = assemble(docs, &mut Findings::default());
        let page = |rel: &str| {
            library
                .pages
                .iter()
                .position(|p| p.rel_path == rel)
                .unwrap()
        };
        let section = |rel: &str| library.sections.iter().position(|s| s.doc.rel_path == rel);
        assert_eq!(
            library.pages[page("a/b.pl.md")].parent,
            section("a/_index.pl.md")
        );
        assert_eq!(library.pages[page("a/b.md")].parent, section("a/_index.md"));
        assert_eq!(
            library.pages[page("a/b.pl.md")].twin,
            Some(page("a/b.easy.pl.md"))
        );
        assert_eq!(
            library.pages[page("a/b.md")].twin,
            Some(page("a/b.easy.md"))
        );
        // Gaelic has no section here: the page is in none, not in the English one.
        assert_eq!(library.pages[page("a/c.gd.md")].parent, None);
        let polish = &library.sections[section("a/_index.pl.md").unwrap()];
        assert_eq!(polish.pages, [page("a/b.pl.md")]);
    }
}
