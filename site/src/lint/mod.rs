//! The content lint: easy-read rules, respectful language, structure, review dates and story
//! consent. Run by `throughcare check` and by every build; errors stop the build.

mod care;
pub mod readability;
mod words;

pub use care::sample_listing_number;

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;
use serde::Serialize;

use crate::config::Config;
use crate::content::{Document, Library};
use crate::finding::{Finding, Severity};
use crate::markdown::{BlockKind, Outline};
use readability::{sentences, words, Readability};

/// Easy-read limits, from the easy-read guidance the site follows.
pub const MAX_WORDS_PER_SENTENCE: usize = 15;
pub const MAX_SENTENCES_PER_PARAGRAPH: usize = 2;
pub const EASY_READ_TARGET: f64 = 80.0;
/// One picture beside more paragraphs than this on a page stops saying any one idea.
pub const MAX_USES_OF_A_PICTURE: usize = 3;
pub const STANDARD_TARGET: f64 = 60.0;

/// What the build report says about one page.
#[derive(Debug, Clone, Serialize)]
pub struct PageReport {
    pub file: String,
    pub path: String,
    pub easy_read: bool,
    pub words: usize,
    pub reading_ease: Option<f64>,
    /// Why `reading_ease` is missing for a page in another language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reading_ease_skipped: Option<&'static str>,
}

/// Check one document against every rule that needs only the document itself.
pub fn check_document(
    doc: &Document,
    outline: &Outline,
    config: &Config,
    glossary: &crate::content::glossary::Glossary,
    stories_section: bool,
    today: Date,
) -> (Vec<Finding>, PageReport) {
    let mut out = Vec::new();
    stigmatising_words(doc, config, &mut out);
    headings(doc, outline, &mut out);
    images(doc, outline, &mut out);
    review(doc, config, today, &mut out);
    if is_english(doc) {
        // The glossary and the list of uncommon words are English.
        jargon(doc, outline, config, glossary, &mut out);
    }
    care::check(doc, outline, config, &mut out);
    if doc.easy_read {
        easy_read(doc, outline, &mut out);
    }
    if stories_section && !(doc.easy_read && doc.twin.is_some()) {
        story(doc, config, &mut out);
    }
    let mut stats = Readability::default();
    for block in &outline.blocks {
        if !matches!(block.kind, BlockKind::Heading(_)) {
            stats.add_text(&block.text);
        }
    }
    // Flesch reading ease is a formula for English: for another language it is not measured
    // (a number from it would only look like one). The sentence and picture rules still apply.
    let english = is_english(doc);
    let reading_ease = stats
        .flesch()
        .filter(|_| english)
        .map(|f| (f * 10.0).round() / 10.0);
    if let Some(score) = reading_ease {
        let (target, rule, help) = if doc.easy_read {
            (
                EASY_READ_TARGET,
                "easy_read::hard_to_read",
                "use shorter sentences and shorter, common words",
            )
        } else {
            (
                STANDARD_TARGET,
                "language::hard_to_read",
                "use shorter sentences and plainer words; easy read has its own twin page",
            )
        };
        if score < target && stats.words >= 40 {
            out.push(doc.file.finding(
                Severity::Warning,
                rule,
                doc.front.start..doc.front.start,
                format!("reading ease is {score:.0}; aim for {target:.0} or more"),
                help,
            ));
        }
    }
    let report = PageReport {
        file: doc.file.path.display().to_string(),
        path: doc.path.clone(),
        easy_read: doc.easy_read,
        words: stats.words,
        reading_ease,
        reading_ease_skipped: (!english).then_some("an English formula: not measured"),
    };
    (out, report)
}

/// Whether a page is in English, which the word lists and formulas here are written for.
pub(crate) fn is_english(doc: &Document) -> bool {
    doc.lang == "en" || doc.lang.starts_with("en-")
}

/// Rules that look across pages: anchors of internal links, and missing easy-read twins.
pub fn check_library(
    library: &Library,
    outlines: &HashMap<String, &Outline>,
    config: &Config,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for doc in library.documents() {
        let Some(outline) = outlines.get(&doc.rel_path) else {
            continue;
        };
        for link in &outline.anchor_links {
            let Some(target) = outlines.get(&link.target) else {
                continue;
            };
            if !target.headings.iter().any(|h| h.id == link.anchor) {
                let ids: Vec<&str> = target.headings.iter().map(|h| h.id.as_str()).collect();
                let help = if ids.is_empty() {
                    "the target page has no headings; link to the page without #".to_string()
                } else {
                    format!("use one of the target's heading ids: {}", ids.join(", "))
                };
                out.push(doc.file.finding(
                    Severity::Error,
                    "links::broken_anchor",
                    link.span.clone(),
                    format!("`{}` has no heading `#{}`", link.target, link.anchor),
                    help,
                ));
            }
        }
    }
    out.extend(translations(library, config));
    let required: HashSet<&str> = config
        .lint
        .require_easy_read_twin
        .iter()
        .map(String::as_str)
        .collect();
    for section in &library.sections {
        let dir = section.dir();
        if !(required.contains(dir)
            || required.contains("*")
            || section.is_stories && !required.is_empty())
        {
            continue;
        }
        for &p in &section.pages {
            let page = &library.pages[p];
            if page.twin.is_none() && !page.easy_read {
                let twin = easy_twin_name(page, config);
                out.push(Finding::about_file(
                    Severity::Error,
                    "easy_read::missing_twin",
                    &page.file.path,
                    format!("this page has no easy-read twin ({twin})"),
                    format!("write content/{twin}: the same information in easy read"),
                ));
            }
        }
    }
    out
}

/// The file an easy-read twin goes in: `name.easy.md`, or `name.easy.xx.md` for a page in
/// language `xx` (the code last, as Zola reads it).
fn easy_twin_name(page: &Document, config: &Config) -> String {
    let stem = page.key.trim_end_matches(".md");
    if page.lang == config.default_language {
        format!("{stem}.easy.md")
    } else {
        format!("{stem}.easy.{}.md", page.lang)
    }
}

/// A translated page says who translated it and whether that was checked, and it is stale
/// when its English source has changed since (the source's hash it recorded). A missing
/// record is a warning, so that a Zola site with languages builds unchanged; `--strict` (how
/// the bundled site is published) stops on it.
fn translations(library: &Library, config: &Config) -> Vec<Finding> {
    let mut out = Vec::new();
    let sources: HashMap<(bool, &str), &Document> = library
        .documents()
        .filter(|d| d.lang == config.default_language)
        .map(|d| ((d.kind == crate::content::Kind::Section, d.key.as_str()), d))
        .collect();
    for doc in library.documents() {
        if doc.lang == config.default_language || doc.member.is_some() {
            continue;
        }
        let whole = doc.front.clone();
        let Some(meta) = &doc.meta.translation else {
            out.push(doc.file.finding(
                Severity::Warning,
                "translation::missing_record",
                whole.start..whole.start,
                "this translation does not say who translated it or whether it was checked",
                "add to the front matter: [translation] with translator = \"...\", status = \"draft\" (or \"checked\") and source_hash = the English file's `sha256sum`, first 16 digits",
            ));
            continue;
        };
        let at = |r: std::ops::Range<usize>| doc.front.start + r.start..doc.front.start + r.end;
        let meta_span = at(meta.span());
        let meta = meta.get_ref();
        if meta
            .translator
            .as_deref()
            .is_none_or(|t| t.trim().is_empty())
        {
            out.push(doc.file.finding(
                Severity::Warning,
                "translation::missing_record",
                meta_span.clone(),
                "[translation] does not say who translated the page",
                "add translator = \"name or organisation\"",
            ));
        }
        match &meta.status {
            Some(status) if matches!(status.get_ref().as_str(), "draft" | "checked") => {}
            Some(status) => out.push(doc.file.finding(
                Severity::Error,
                "translation::status",
                at(status.span()),
                format!("status `{}` is not one the site knows", status.get_ref()),
                "write status = \"draft\" until a qualified translator has checked it, then \"checked\"",
            )),
            None => out.push(doc.file.finding(
                Severity::Warning,
                "translation::status",
                meta_span.clone(),
                "[translation] has no status",
                "add status = \"draft\" until a qualified translator has checked it, then \"checked\"",
            )),
        }
        let kind = doc.kind == crate::content::Kind::Section;
        let Some(source) = sources.get(&(kind, doc.key.as_str())) else {
            out.push(doc.file.finding(
                Severity::Error,
                "translation::no_source",
                meta_span,
                format!("there is no content/{} for this page to translate", doc.key),
                format!(
                    "name the file after the page it translates, or write content/{} first",
                    doc.key
                ),
            ));
            continue;
        };
        let now = source_hash(&source.file.text);
        match &meta.source_hash {
            Some(hash) if hash.get_ref() == &now => {}
            Some(hash) => out.push(doc.file.finding(
                Severity::Warning,
                "translation::stale",
                at(hash.span()),
                format!(
                    "{} has changed since this translation was made",
                    source.file.path.display()
                ),
                format!(
                    "bring {} up to date with it, then set source_hash = \"{now}\"",
                    doc.file.path.display()
                ),
            )),
            None => out.push(doc.file.finding(
                Severity::Warning,
                "translation::stale",
                meta_span,
                format!(
                    "no source_hash: the lint cannot tell when {} changes",
                    source.file.path.display()
                ),
                format!("if this translation matches it now, add source_hash = \"{now}\""),
            )),
        }
    }
    out
}

/// A source's hash for a translation to record: `sha256sum`'s first 16 hex digits.
pub fn source_hash(text: &str) -> String {
    let mut hex = federation::tree::sha256_hex(text.as_bytes());
    hex.truncate(16);
    hex
}

/// A pattern written in this file: tested, so compiling it cannot fail.
fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a pattern the unit tests compile")
}

/// Any stigmatising word, and each one alone with the word to use instead.
static STIGMATISING: LazyLock<(Regex, Vec<(Regex, &str)>)> = LazyLock::new(|| {
    let words: Vec<&str> = words::STIGMATISING.iter().map(|(w, _)| *w).collect();
    let any = regex(&format!(r"(?i)\b(?:{})\b", words.join("|")));
    let each = words::STIGMATISING
        .iter()
        .map(|(w, instead)| (regex(&format!("^(?:{w})$")), *instead))
        .collect();
    (any, each)
});

fn stigmatising_words(doc: &Document, config: &Config, out: &mut Vec<Finding>) {
    stigmatising_in(&doc.file, out);
    if let Some(list) = config.lint.stigmatising.get(&doc.lang) {
        stigmatising_listed(&doc.file, list, out);
    }
}

/// A language's own list from config.toml's `[lint.stigmatising.xx]`: pattern, and what to
/// write instead. Config::parse has compiled every pattern once already.
fn stigmatising_listed(
    file: &crate::finding::SourceFile,
    list: &std::collections::BTreeMap<String, String>,
    out: &mut Vec<Finding>,
) {
    for (pattern, instead) in list {
        let Ok(word) = Regex::new(&format!(r"(?iu)\b(?:{pattern})\b")) else {
            continue;
        };
        for m in word.find_iter(&file.text) {
            out.push(file.finding(
                Severity::Error,
                "language::stigmatising_word",
                m.range(),
                format!("`{}` labels a person by an offence", m.as_str()),
                format!("write about the person: {instead}"),
            ));
        }
    }
}

/// Respectful language anywhere people read: pages, and members' service listings.
pub fn stigmatising_in(file: &crate::finding::SourceFile, out: &mut Vec<Finding>) {
    let (any, each) = &*STIGMATISING;
    for m in any.find_iter(&file.text) {
        let found = m.as_str().to_lowercase();
        let instead = each
            .iter()
            .find(|(word, _)| word.is_match(&found))
            .map_or("person in prison", |(_, instead)| instead);
        out.push(file.finding(
            Severity::Error,
            "language::stigmatising_word",
            m.range(),
            format!("`{}` labels a person by an offence", m.as_str()),
            format!("write about the person: {instead}"),
        ));
    }
}

/// A listing's easy-read text keeps to easy read's sentence length. `span` is the listing in
/// its file.
pub fn easy_listing(
    file: &crate::finding::SourceFile,
    span: std::ops::Range<usize>,
    easy: &str,
    out: &mut Vec<Finding>,
) {
    for s in sentences(easy) {
        let count = words(&easy[s]).count();
        if count > MAX_WORDS_PER_SENTENCE {
            out.push(file.finding(
                Severity::Error,
                "easy_read::sentence_too_long",
                span.clone(),
                format!("a sentence of `easy` has {count} words; easy read allows {MAX_WORDS_PER_SENTENCE}"),
                "split it into two sentences, or cut words that do not add meaning",
            ));
        }
    }
}

fn headings(doc: &Document, outline: &Outline, out: &mut Vec<Finding>) {
    let mut previous = 1;
    for h in &outline.headings {
        if h.level == 1 {
            out.push(doc.file.finding(
                Severity::Warning,
                "headings::second_h1",
                h.span.clone(),
                "a level-1 heading in the body: the page title is already the h1",
                "start body headings at ## ",
            ));
        } else if h.level > previous + 1 {
            out.push(doc.file.finding(
                Severity::Error,
                "headings::skipped_level",
                h.span.clone(),
                format!("heading level {} follows level {previous}", h.level),
                format!(
                    "use a level {} heading ({}) here",
                    previous + 1,
                    "#".repeat(previous as usize + 1)
                ),
            ));
        }
        previous = h.level;
    }
}

fn images(doc: &Document, outline: &Outline, out: &mut Vec<Finding>) {
    for image in &outline.images {
        if image.alt.trim().is_empty() {
            out.push(doc.file.finding(
                Severity::Error,
                "images::missing_alt",
                image.span.clone(),
                "this image has no alt text",
                "describe the picture in the brackets: ![a key on a table](key.png)",
            ));
        }
    }
}

fn review(doc: &Document, config: &Config, today: Date, out: &mut Vec<Finding>) {
    match doc.review_by {
        Some(date) if date < today => {
            out.push(doc.file.finding(
                Severity::Warning,
                "review::overdue",
                doc.key_span("review_by"),
                format!("this page was due for review on {date}"),
                "check every fact on the page is still true, then set review_by to a new date",
            ));
        }
        None if config.lint.require_review_by => {
            out.push(doc.file.finding(
                Severity::Error,
                "review::missing",
                doc.front.start..doc.front.start,
                "the page has no review_by date",
                "add review_by = YYYY-MM-DD: the date a person must check it again",
            ));
        }
        _ => {}
    }
    if config.lint.require_needs && doc.meta.needs.is_empty() {
        out.push(doc.file.finding(
            Severity::Error,
            "front_matter::missing_needs",
            doc.front.start..doc.front.start,
            "the page does not say which life areas it is about",
            "add needs = [\"housing\"] (or \"general\"), using the life areas in config.toml",
        ));
    }
}

fn jargon(
    doc: &Document,
    outline: &Outline,
    config: &Config,
    glossary: &crate::content::glossary::Glossary,
    out: &mut Vec<Finding>,
) {
    let severity = if doc.easy_read {
        Severity::Error
    } else {
        Severity::Warning
    };
    if !doc.easy_read && config.lint.jargon.is_empty() {
        return;
    }
    let mut reported = HashSet::new();
    for block in &outline.blocks {
        for word in words(&block.text) {
            // Most words are lower case already: borrowed, not copied.
            let lower: std::borrow::Cow<str> = if word.chars().any(char::is_uppercase) {
                word.to_lowercase().into()
            } else {
                word.into()
            };
            let lower = lower.as_ref();
            if doc.easy_read {
                if let Some((_, plain)) = words::UNCOMMON.iter().find(|(w, _)| *w == lower) {
                    if reported.insert(lower.to_string()) {
                        let at = offset_of(&block.text, word);
                        out.push(doc.file.finding(
                            Severity::Error,
                            "easy_read::uncommon_word",
                            block.source_span(at..at + word.len()),
                            format!("`{word}` is not a common word"),
                            format!("write \"{plain}\" instead"),
                        ));
                    }
                }
            }
            if config
                .lint
                .jargon
                .iter()
                .any(|j| j.eq_ignore_ascii_case(lower))
                && !glossary.explains(lower)
                && reported.insert(lower.to_string())
            {
                let at = offset_of(&block.text, word);
                out.push(doc.file.finding(severity, "language::unexplained_jargon", block.source_span(at..at + word.len()), format!("`{word}` is jargon and is not in the glossary"), "use a plainer word, or add the term to content/glossary.toml so its first use is explained"));
            }
        }
    }
}

fn offset_of(haystack: &str, word: &str) -> usize {
    // `word` is a sub-slice of `haystack` (from `words`).
    (word.as_ptr() as usize)
        .saturating_sub(haystack.as_ptr() as usize)
        .min(haystack.len())
}

fn easy_read(doc: &Document, outline: &Outline, out: &mut Vec<Finding>) {
    let mut uses: HashMap<&str, usize> = HashMap::new();
    for (name, span) in outline.blocks.iter().filter_map(|b| b.picture.as_ref()) {
        let n = uses.entry(name.as_str()).or_default();
        *n += 1;
        if *n == MAX_USES_OF_A_PICTURE + 1 {
            out.push(doc.file.finding(
                Severity::Warning,
                "easy_read::picture_overused",
                span.clone(),
                format!(
                    "`{name}` is beside {} paragraphs already; a picture should say one idea",
                    MAX_USES_OF_A_PICTURE
                ),
                "choose a picture that shows this paragraph's own idea (static/icons/)",
            ));
        }
    }
    for block in &outline.blocks {
        if matches!(block.kind, BlockKind::Heading(_)) {
            continue;
        }
        if block.kind == BlockKind::Paragraph && block.picture.is_none() {
            let first_line = block.span.start
                ..block.span.start
                    + doc.file.text[block.span.clone()]
                        .find('\n')
                        .unwrap_or(block.span.len());
            out.push(doc.file.finding(Severity::Error, "easy_read::missing_picture", first_line, "this paragraph has no picture", "start the paragraph with a picture name, for example  :home: You need somewhere to live."));
        }
        let found = sentences(&block.text);
        for s in &found {
            let count = words(&block.text[s.clone()]).count();
            if count > MAX_WORDS_PER_SENTENCE {
                out.push(doc.file.finding(Severity::Error, "easy_read::sentence_too_long", block.source_span(s.clone()), format!("this sentence has {count} words; easy read allows {MAX_WORDS_PER_SENTENCE}"), "split it into two sentences, or cut words that do not add meaning"));
            }
        }
        if block.kind == BlockKind::Paragraph && found.len() > MAX_SENTENCES_PER_PARAGRAPH {
            out.push(doc.file.finding(
                Severity::Error,
                "easy_read::too_many_ideas",
                block.source_span(found[MAX_SENTENCES_PER_PARAGRAPH].clone()),
                format!(
                    "this paragraph has {} sentences; easy read has one idea per paragraph",
                    found.len()
                ),
                "start a new paragraph, with its own picture, from the marked sentence",
            ));
        }
    }
}

fn story(doc: &Document, config: &Config, out: &mut Vec<Finding>) {
    let Some(story) = doc.story() else {
        out.push(doc.file.finding(Severity::Error, "story::missing_consent", doc.front.start..doc.front.start, "a story must record consent and anonymity", "add a [story] table with consent, consent_date, anonymised = true and content_notes (see docs/writing-content.md)"));
        return;
    };
    let span = doc.key_span("story");
    let mut missing = Vec::new();
    match story.consent.as_ref().map(|c| c.get_ref().as_str()) {
        Some("given" | "composite") => {}
        Some(other) => out.push(doc.file.finding(
            Severity::Error,
            "story::missing_consent",
            span.clone(),
            format!("consent = \"{other}\" is not a consent record"),
            "use consent = \"given\" (a person's story, with consent_date) or \"composite\"",
        )),
        None => missing.push("consent"),
    }
    if story.consent_date.is_none() {
        missing.push("consent_date");
    }
    if story.content_notes.is_none() {
        missing.push("content_notes");
    }
    if !missing.is_empty() {
        out.push(doc.file.finding(
            Severity::Error,
            "story::missing_consent",
            span.clone(),
            format!("the story's consent record has no {}", missing.join(", ")),
            "add them to the [story] table; the build does not publish a story without them",
        ));
    }
    if story.anonymised != Some(true) {
        out.push(doc.file.finding(
            Severity::Error,
            "story::not_anonymised",
            span,
            "the story is not marked anonymised = true",
            "remove names and other identifying details, then set anonymised = true",
        ));
    }
    identifying_details(doc, config, out);
}

/// In a story: a name with a title, an exact date, a phone number, a long number.
static IDENTIFYING: LazyLock<[Regex; 4]> = LazyLock::new(|| {
    let months =
        "January|February|March|April|May|June|July|August|September|October|November|December";
    [
        regex(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Officer|Governor|Sergeant|Nurse|PC)\.? [A-Z][a-z]+"),
        regex(&format!(
            r"\b\d{{1,2}}(?:st|nd|rd|th)? (?:{months})(?: \d{{4}})?\b|\b(?:{months}) \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b"
        )),
        regex(r"(?:\+44\s?|\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b"),
        regex(r"\b(?:[A-Z]{1,2}\d{4,}[A-Z]{0,2}|\d{5,})\b"),
    ]
});

fn identifying_details(doc: &Document, config: &Config, out: &mut Vec<Finding>) {
    let [title, date, phone, number] = &*IDENTIFYING;
    let checks: [(&Regex, &str, &str); 4] = [
        (title, "a name with a title, which may identify a member of staff", "leave the name out: \"an officer\", \"my nurse\""),
        (date, "an exact date, which may identify the person", "say it more loosely: \"one winter\", \"a few weeks later\""),
        (phone, "a phone number", "leave it out, unless it is a national helpline listed in config.toml [lint] allowed_phone_numbers"),
        (number, "a long number, which may be a prisoner or case number", "leave it out"),
    ];
    let body = &doc.file.text[doc.body.clone()];
    let allowed: Vec<String> = config
        .lint
        .allowed_phone_numbers
        .iter()
        .map(|n| digits(n))
        .collect();
    for (re, what, help) in checks {
        for m in re.find_iter(body) {
            if allowed.contains(&digits(m.as_str())) {
                continue;
            }
            let span = doc.body.start + m.start()..doc.body.start + m.end();
            out.push(doc.file.finding(
                Severity::Warning,
                "story::identifying_detail",
                span,
                format!("`{}` looks like {what}", m.as_str()),
                help,
            ));
        }
    }
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}
