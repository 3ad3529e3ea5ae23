//! Markdown to HTML with pulldown-cmark, plus what the later stages need from the text:
//! internal `@/` links resolved, stable heading ids, easy-read pictures, glossary links,
//! untrusted HTML sanitised, and an outline of blocks, headings and images for the lint.
//!
//! Content is never a template: nothing here or later passes page text through tera.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::content::glossary::Glossary;
use crate::finding::{Finding, Severity, SourceFile};
use crate::icons::Icons;
use crate::slug::slugify;

/// Everything rendering needs from the rest of the site.
pub struct MarkdownContext<'a> {
    /// `content/`-relative file path (`after-release/housing.md`) to its permalink.
    pub permalinks: &'a HashMap<String, String>,
    pub glossary: &'a Glossary,
    /// Where the glossary lives, for term links; no links when `None`.
    pub glossary_url: Option<&'a str>,
    pub icons: &'a Icons,
    pub easy_read: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading(u8),
    ListItem,
    TableCell,
}

/// A run of text the reader sees as one unit, with a map back to the source for findings.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
    /// The picture named at the start of the paragraph (`:home:`), with its source span.
    pub picture: Option<(String, Range<usize>)>,
    /// (offset in `text`, offset in the source file) at the start of each text piece.
    marks: Vec<(usize, usize)>,
    pub span: Range<usize>,
}

impl Block {
    /// The source span of `range` within `text`.
    pub fn source_span(&self, range: Range<usize>) -> Range<usize> {
        let map = |pos: usize| {
            let mark = self
                .marks
                .iter()
                .take_while(|(t, _)| *t <= pos)
                .last()
                .copied()
                .unwrap_or((0, self.span.start));
            mark.1 + (pos - mark.0)
        };
        let start = map(range.start);
        let end = map(range.end.max(range.start)).max(start);
        start..end.min(self.span.end.max(start))
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
    #[serde(skip)]
    pub span: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Image {
    pub alt: String,
    pub span: Range<usize>,
}

/// A link to another page's heading, checked once every page has its headings.
#[derive(Debug, Clone)]
pub struct AnchorLink {
    pub target: String,
    pub anchor: String,
    pub span: Range<usize>,
}

#[derive(Debug, Default)]
pub struct Outline {
    pub blocks: Vec<Block>,
    pub headings: Vec<Heading>,
    pub images: Vec<Image>,
    pub anchor_links: Vec<AnchorLink>,
    /// Spans of raw HTML, which is sanitised.
    pub raw_html: Vec<Range<usize>>,
}

pub struct RenderedMarkdown {
    pub html: String,
    pub outline: Outline,
    pub findings: Vec<Finding>,
}

const ICON_START: char = '\u{E000}';
const ICON_END: char = '\u{E001}';

/// An idea: its picture, then its text, side by side.
const IDEA_PICTURE: &str = r#"<div class="idea"><span class="idea__picture">"#;
const IDEA_TEXT: &str = r#"</span><div class="idea__text">"#;
/// A glossary term in the text, linked to its definition.
const TERM_LINK: &str = r#"<a class="term" href=""#;
const TERM_LINK_END: &str = r#"">"#;

/// Where a picture goes, by name, until the HTML is made.
fn picture_placeholder(name: &str) -> String {
    format!("{ICON_START}{name}{ICON_END}")
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Render the body (`body` is its byte range in `file`).
pub fn render(file: &SourceFile, body: Range<usize>, cx: &MarkdownContext) -> RenderedMarkdown {
    let text = &file.text[body.clone()];
    let mut events: Vec<(Event, Range<usize>)> = Vec::new();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let range = range.start + body.start..range.end + body.start;
        // Merge adjacent text so that `:home:` and glossary terms are seen whole.
        if let (Event::Text(next), Some((Event::Text(prev), prev_range))) =
            (&event, events.last_mut())
        {
            if prev_range.end == range.start {
                *prev = CowStr::from(format!("{prev}{next}"));
                prev_range.end = range.end;
                continue;
            }
        }
        events.push((event, range));
    }
    let mut r = Renderer {
        file,
        cx,
        findings: Vec::new(),
        outline: Outline::default(),
        terms_linked: HashSet::new(),
        sanitise: false,
    };
    r.assign_heading_ids(&mut events);
    let events = r.transform(events);
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if r.sanitise {
        html = SANITISER.clean(&html).to_string();
    }
    if html.contains(ICON_START) {
        html = r.insert_pictures(&html);
    }
    RenderedMarkdown {
        html,
        outline: r.outline,
        findings: r.findings,
    }
}

/// Raw HTML in content is untrusted: an allow-list keeps structure and drops scripts, event
/// handlers, styles and `javascript:` URLs.
static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_generic_attributes(["id", "class"]).link_rel(None);
    b
});

struct Renderer<'a> {
    file: &'a SourceFile,
    cx: &'a MarkdownContext<'a>,
    findings: Vec<Finding>,
    outline: Outline,
    terms_linked: HashSet<usize>,
    sanitise: bool,
}

/// Where the walk through a document's events is.
#[derive(Default)]
struct Walk<'e> {
    out: Vec<Event<'e>>,
    /// How deep we are in elements where glossary links must not go.
    no_terms: usize,
    /// The blocks (paragraphs, headings, items, cells) open here, by index in the outline.
    open_blocks: Vec<usize>,
    /// The image being read, and its alt text so far.
    image: Option<(String, Range<usize>)>,
    /// For each open paragraph: whether it opened an idea too.
    idea_open: Vec<bool>,
}

impl Renderer<'_> {
    fn error(&mut self, rule: &'static str, span: Range<usize>, message: String, help: &str) {
        let f = self
            .file
            .finding(Severity::Error, rule, span, message, help);
        self.findings.push(f);
    }

    /// Give every heading an id: its own `{#id}` if set, else a slug of its text, made unique.
    fn assign_heading_ids(&mut self, events: &mut [(Event, Range<usize>)]) {
        let mut used: HashSet<String> = HashSet::new();
        let mut i = 0;
        while i < events.len() {
            if let (Event::Start(Tag::Heading { level, id, .. }), span) = &events[i] {
                let (level, own_id, span) = (*level, id.clone(), span.clone());
                let mut title = String::new();
                let mut j = i + 1;
                while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
                    if let Event::Text(t) | Event::Code(t) = &events[j].0 {
                        title.push_str(t);
                    }
                    j += 1;
                }
                let base = own_id.map(|s| s.to_string()).unwrap_or_else(|| {
                    let s = slugify(&title);
                    if s.is_empty() {
                        "section".to_string()
                    } else {
                        s
                    }
                });
                let mut unique = base.clone();
                let mut n = 1;
                while !used.insert(unique.clone()) {
                    unique = format!("{base}-{n}");
                    n += 1;
                }
                if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
                    *id = Some(CowStr::from(unique.clone()));
                }
                self.outline.headings.push(Heading {
                    level: heading_number(level),
                    id: unique,
                    title,
                    span,
                });
                i = j;
            }
            i += 1;
        }
    }

    fn transform<'e>(&mut self, events: Vec<(Event<'e>, Range<usize>)>) -> Vec<Event<'e>> {
        let mut walk = Walk {
            out: Vec::with_capacity(events.len() + 8),
            ..Walk::default()
        };
        let mut events = events.into_iter().peekable();
        while let Some((event, span)) = events.next() {
            match event {
                Event::Start(Tag::Paragraph) => {
                    let first = events.next_if(|(e, _)| matches!(e, Event::Text(_)));
                    self.start_paragraph(&mut walk, span, first);
                }
                Event::End(TagEnd::Paragraph) => {
                    walk.open_blocks.pop();
                    walk.out.push(Event::End(TagEnd::Paragraph));
                    if walk.idea_open.pop() == Some(true) {
                        walk.out.push(Event::Html("</div></div>".into()));
                    }
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    walk.no_terms += 1;
                    let dest_url = self.resolve_link(dest_url, span);
                    walk.out.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    walk.no_terms += 1;
                    walk.image = Some((String::new(), span.clone()));
                    let dest_url = if link_type == LinkType::Email {
                        dest_url
                    } else {
                        self.resolve_link(dest_url, span)
                    };
                    walk.out.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
                Event::End(TagEnd::Image) => {
                    walk.no_terms -= 1;
                    if let Some((alt, span)) = walk.image.take() {
                        self.outline.images.push(Image { alt, span });
                    }
                    walk.out.push(event);
                }
                Event::Text(text) => self.text(&mut walk, text, span),
                other => self.other_event(&mut walk, other, span),
            }
        }
        walk.out
    }

    /// A paragraph; one that starts with a picture (`:name:`) is an idea: the picture beside
    /// the text.
    fn start_paragraph<'e>(
        &mut self,
        walk: &mut Walk<'e>,
        span: Range<usize>,
        first: Option<(Event<'e>, Range<usize>)>,
    ) {
        let picture = match &first {
            Some((Event::Text(t), tspan)) => self.picture_at_start(t, tspan.clone()),
            _ => None,
        };
        let block = self.open_block(BlockKind::Paragraph, span, &mut walk.open_blocks);
        match (picture, first) {
            (Some((name, pspan, strip)), Some((Event::Text(t), tspan))) => {
                let rest = t[strip..].to_string();
                self.outline.blocks[block].picture = Some((name.clone(), pspan));
                // The picture goes in by name; the SVG replaces it once the HTML is made.
                walk.out.push(Event::Html(IDEA_PICTURE.into()));
                walk.out
                    .push(Event::Html(picture_placeholder(&name).into()));
                walk.out.push(Event::Html(IDEA_TEXT.into()));
                walk.out.push(Event::Start(Tag::Paragraph));
                walk.idea_open.push(true);
                self.text(walk, rest.into(), tspan.start + strip..tspan.end);
            }
            (_, first) => {
                walk.idea_open.push(false);
                walk.out.push(Event::Start(Tag::Paragraph));
                if let Some((Event::Text(t), tspan)) = first {
                    self.text(walk, t, tspan);
                }
            }
        }
    }

    /// Text: read for the checks, an image's alt text, glossary terms linked.
    fn text<'e>(&mut self, walk: &mut Walk<'e>, text: CowStr<'e>, span: Range<usize>) {
        if let Some((alt, _)) = walk.image.as_mut() {
            alt.push_str(&text);
        }
        self.push_text(
            text,
            span.start,
            walk.no_terms,
            &walk.open_blocks,
            &mut walk.out,
        );
    }

    /// Blocks the checks read (headings, list items, table cells), places where glossary
    /// links must not go, and raw HTML.
    fn other_event<'e>(&mut self, walk: &mut Walk<'e>, event: Event<'e>, span: Range<usize>) {
        match &event {
            Event::Start(Tag::Heading { level, .. }) => {
                let kind = BlockKind::Heading(heading_number(*level));
                self.open_block(kind, span, &mut walk.open_blocks);
                walk.no_terms += 1;
            }
            Event::End(TagEnd::Heading(_)) => {
                walk.open_blocks.pop();
                walk.no_terms -= 1;
            }
            Event::Start(Tag::Item) => {
                self.open_block(BlockKind::ListItem, span, &mut walk.open_blocks);
            }
            Event::Start(Tag::TableCell) => {
                self.open_block(BlockKind::TableCell, span, &mut walk.open_blocks);
            }
            Event::End(TagEnd::Item) | Event::End(TagEnd::TableCell) => {
                walk.open_blocks.pop();
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::CodeBlock) => walk.no_terms -= 1,
            Event::Start(Tag::CodeBlock(_)) => walk.no_terms += 1,
            Event::Code(code) => self.note_text(code, span.start, &walk.open_blocks),
            Event::SoftBreak | Event::HardBreak => {
                self.note_text(" ", span.start, &walk.open_blocks);
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                self.sanitise = true;
                self.outline.raw_html.push(span.clone());
                self.check_raw_images(html, span);
            }
            _ => {}
        }
        walk.out.push(event);
    }

    fn open_block(&mut self, kind: BlockKind, span: Range<usize>, open: &mut Vec<usize>) -> usize {
        self.outline.blocks.push(Block {
            kind,
            text: String::new(),
            picture: None,
            marks: Vec::new(),
            span,
        });
        let i = self.outline.blocks.len() - 1;
        open.push(i);
        i
    }

    fn note_text(&mut self, text: &str, source_start: usize, open: &[usize]) {
        if let Some(&b) = open.last() {
            let block = &mut self.outline.blocks[b];
            block.marks.push((block.text.len(), source_start));
            block.text.push_str(text);
        }
    }

    /// `:name: ` at the start of a paragraph: (name, span of the marker, bytes to strip).
    fn picture_at_start(
        &mut self,
        text: &str,
        span: Range<usize>,
    ) -> Option<(String, Range<usize>, usize)> {
        let rest = text.strip_prefix(':')?;
        let end = rest.find(':')?;
        let name = &rest[..end];
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return None;
        }
        let after = &rest[end + 1..];
        let strip = 2 + end + (after.len() - after.trim_start().len());
        let marker = span.start..span.start + end + 2;
        if self.cx.icons.get(name).is_none() {
            if self.cx.easy_read {
                let near = self.cx.icons.suggest(name);
                let help = if near.is_empty() {
                    "use the name of a file in static/icons/ without .svg".to_string()
                } else {
                    format!(
                        "use the name of a file in static/icons/ without .svg; near names: {}",
                        near.join(", ")
                    )
                };
                self.error(
                    "easy_read::unknown_picture",
                    marker,
                    format!("there is no picture called `{name}`"),
                    &help,
                );
            }
            return None;
        }
        Some((name.to_string(), marker, strip))
    }

    /// Emit text, linking the first use on this page of each glossary term.
    fn push_text<'e>(
        &mut self,
        text: CowStr<'e>,
        source_start: usize,
        no_terms: usize,
        open: &[usize],
        out: &mut Vec<Event<'e>>,
    ) {
        self.note_text(&text, source_start, open);
        let Some(glossary_url) = self.cx.glossary_url.filter(|_| no_terms == 0) else {
            out.push(Event::Text(text));
            return;
        };
        let mut last = 0;
        let mut pieces = Vec::new();
        for (range, term) in self.cx.glossary.find_all(&text) {
            if !self.terms_linked.insert(term) {
                continue;
            }
            pieces.push((range, self.cx.glossary.terms[term].id.clone()));
        }
        if pieces.is_empty() {
            out.push(Event::Text(text));
            return;
        }
        for (range, id) in pieces {
            if range.start > last {
                out.push(Event::Text(CowStr::from(
                    text[last..range.start].to_string(),
                )));
            }
            // The address is the glossary page's and a term's slug; the words are escaped as
            // any text is.
            out.push(Event::InlineHtml(TERM_LINK.into()));
            out.push(Event::InlineHtml(format!("{glossary_url}#{id}").into()));
            out.push(Event::InlineHtml(TERM_LINK_END.into()));
            out.push(Event::Text(text[range.clone()].to_string().into()));
            out.push(Event::InlineHtml("</a>".into()));
            last = range.end;
        }
        if last < text.len() {
            out.push(Event::Text(CowStr::from(text[last..].to_string())));
        }
    }

    /// `@/path.md#anchor` to the target's permalink; other URLs must use a safe scheme.
    fn resolve_link<'e>(&mut self, dest: CowStr<'e>, span: Range<usize>) -> CowStr<'e> {
        if let Some(internal) = dest.strip_prefix("@/") {
            let (path, anchor) = match internal.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (internal, None),
            };
            let Some(permalink) = self.cx.permalinks.get(path) else {
                self.error(
                    "links::broken_internal",
                    span,
                    format!("the link target `@/{path}` does not exist"),
                    "link to a file under content/, for example @/after-release/housing.md; check the spelling and that the page is not a draft",
                );
                return CowStr::from("#");
            };
            return match anchor {
                Some(anchor) => {
                    self.outline.anchor_links.push(AnchorLink {
                        target: path.to_string(),
                        anchor: anchor.to_string(),
                        span,
                    });
                    CowStr::from(format!("{permalink}#{anchor}"))
                }
                None => CowStr::from(permalink.clone()),
            };
        }
        if !is_safe_url(&dest) {
            self.error(
                "links::unsafe_url",
                span,
                format!("the link `{dest}` uses a scheme that is not allowed"),
                "use an https:, mailto: or tel: link, or a link to a page of this site",
            );
            return CowStr::from("#");
        }
        dest
    }

    fn check_raw_images(&mut self, html: &str, span: Range<usize>) {
        static IMG: LazyLock<regex::Regex> =
            LazyLock::new(|| regex::Regex::new(r"(?i)<img\b[^>]*>").expect("a valid pattern"));
        for m in IMG.find_iter(html) {
            let tag = m.as_str().to_ascii_lowercase();
            let alt = tag
                .split_once("alt=")
                .map(|(_, rest)| rest.trim_start_matches(['"', '\'']));
            if alt.is_none_or(|a| a.starts_with(['"', '\''])) {
                self.outline.images.push(Image {
                    alt: String::new(),
                    span: span.clone(),
                });
            } else {
                self.outline.images.push(Image {
                    alt: "raw".into(),
                    span: span.clone(),
                });
            }
        }
    }

    fn insert_pictures(&self, html: &str) -> String {
        let mut out = String::with_capacity(html.len() + 2048);
        let mut rest = html;
        while let Some(start) = rest.find(ICON_START) {
            out.push_str(&rest[..start]);
            let after = &rest[start + ICON_START.len_utf8()..];
            let Some(end) = after.find(ICON_END) else {
                break;
            };
            out.push_str(self.cx.icons.get(&after[..end]).unwrap_or(""));
            rest = &after[end + ICON_END.len_utf8()..];
        }
        out.push_str(rest);
        out
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// Relative URLs, fragments and the schemes a reader's browser handles safely.
pub fn is_safe_url(url: &str) -> bool {
    let url = url.trim();
    let scheme_end = url.find(':');
    let first_delim = url.find(['/', '?', '#']);
    match (scheme_end, first_delim) {
        (Some(colon), Some(delim)) if delim < colon => true,
        (Some(colon), _) => {
            let scheme = url[..colon].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel")
        }
        (None, _) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixture {
        permalinks: HashMap<String, String>,
        glossary: Glossary,
        icons: Icons,
    }

    fn fixture() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("icons")).unwrap();
        std::fs::write(
            dir.path().join("icons/home.svg"),
            "<svg class=\"x\"><path d=\"M1\"/></svg>",
        )
        .unwrap();
        let glossary = Glossary::parse(&SourceFile::new(
            "g.toml",
            "[[terms]]\nterm = \"remand\"\nalso = [\"on remand\"]\ndefinition = \"d\"\neasy = \"e\"\n".to_string(),
        ))
        .unwrap();
        Fixture {
            permalinks: HashMap::from([("a/b.md".to_string(), "/a/b/".to_string())]),
            glossary,
            icons: Icons::load(dir.path()).unwrap(),
        }
    }

    fn md(f: &Fixture, text: &str, easy_read: bool) -> RenderedMarkdown {
        let cx = MarkdownContext {
            permalinks: &f.permalinks,
            glossary: &f.glossary,
            glossary_url: Some("/glossary/"),
            icons: &f.icons,
            easy_read,
        };
        let file = SourceFile::new("x.md", text.to_string());
        render(&file, 0..text.len(), &cx)
    }

    #[test]
    fn internal_links_resolve_with_anchors() {
        let f = fixture();
        let r = md(&f, "See [b](@/a/b.md#top).", false);
        assert!(r.html.contains("href=\"/a/b/#top\""), "{}", r.html);
        assert_eq!(r.outline.anchor_links[0].anchor, "top");
        assert!(r.findings.is_empty());
    }

    #[test]
    fn missing_internal_link_names_its_line() {
        let f = fixture();
        let r = md(&f, "Intro.\n\nSee [c](@/a/c.md).", false);
        assert_eq!(r.findings.len(), 1);
        assert_eq!(r.findings[0].rule, "links::broken_internal");
        assert_eq!((r.findings[0].line, r.findings[0].column), (3, 5));
    }

    #[test]
    fn headings_get_unique_stable_ids() {
        let f = fixture();
        let r = md(
            &f,
            "## On the day\n\n## On the day\n\n## Custom {#mine}\n",
            false,
        );
        assert!(r.html.contains("<h2 id=\"on-the-day\">"));
        assert!(r.html.contains("<h2 id=\"on-the-day-1\">"));
        assert!(r.html.contains("<h2 id=\"mine\">"));
    }

    #[test]
    fn scripts_handlers_and_javascript_urls_never_survive() {
        let f = fixture();
        let r = md(
            &f,
            "<script>alert(1)</script>\n\n<p onclick=\"x()\">hi</p>\n\n[x](javascript:alert(1))\n\n<a href=\"javascript:alert(2)\">y</a>\n",
            false,
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("onclick"), "{}", r.html);
        assert!(!r.html.to_lowercase().contains("javascript:"), "{}", r.html);
        assert_eq!(r.findings[0].rule, "links::unsafe_url");
    }

    #[test]
    fn template_syntax_in_content_stays_text() {
        let f = fixture();
        let r = md(&f, "Hello {{ config.title }} {% if x %}", false);
        assert!(r.html.contains("{{ config.title }}"));
    }

    #[test]
    fn easy_read_paragraph_gets_its_picture() {
        let f = fixture();
        let r = md(
            &f,
            ":home: You need a home.\n\n:nothing: No such picture.\n",
            true,
        );
        assert!(
            r.html
                .contains("<span class=\"idea__picture\"><svg aria-hidden=\"true\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("<p>You need a home.</p>"), "{}", r.html);
        assert_eq!(r.outline.blocks[0].picture.as_ref().unwrap().0, "home");
        assert_eq!(r.findings[0].rule, "easy_read::unknown_picture");
    }

    #[test]
    fn first_use_of_a_term_links_to_the_glossary_once() {
        let f = fixture();
        let r = md(&f, "You are on remand. Remand ends.\n\n## Remand\n", false);
        assert_eq!(r.html.matches("class=\"term\"").count(), 1, "{}", r.html);
        assert!(
            r.html
                .contains("<a class=\"term\" href=\"/glossary/#remand\">on remand</a>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn block_spans_map_back_to_the_source() {
        let f = fixture();
        let text = "Para one.\n\nSecond *para* here.";
        let r = md(&f, text, false);
        let b = &r.outline.blocks[1];
        assert_eq!(b.text, "Second para here.");
        let span = b.source_span(12..17);
        assert_eq!(&text[span], "here.");
    }

    #[test]
    fn safe_urls() {
        assert!(is_safe_url("https://x.org"));
        assert!(is_safe_url("/a/b"));
        assert!(is_safe_url("tel:08002540088"));
        assert!(is_safe_url("a/b?c=d:e"));
        assert!(!is_safe_url("JavaScript:alert(1)"));
        assert!(!is_safe_url("data:text/html,x"));
    }
}
