//! Findings: what the checks say about the input, with enough context (file, line, column,
//! the offending text, why, how to fix) for a content editor to act on without help.
//!
//! One type for the generator's checks and federation's: a finding about a partner's content
//! says which member it is about and what a tolerant build leaves out for it, as data.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// The member a finding is about, and what a tolerant build leaves out because of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InMember {
    /// The member's id in `federation.toml`.
    pub id: String,
    pub leaves_out: LeavesOut,
}

/// How much of a member's content a finding takes out of a tolerant build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LeavesOut {
    /// The whole member: its source, its entry in the manifest, or a file made from all of it.
    Member,
    /// The one file the finding is in.
    File,
    /// One item (a service listing), by id.
    Item(String),
}

impl InMember {
    pub fn new(id: impl Into<String>, leaves_out: LeavesOut) -> Self {
        InMember {
            id: id.into(),
            leaves_out,
        }
    }
}

/// A file as read, kept whole so that a finding can show the source around its span.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path shown to people: relative to the site root.
    pub path: PathBuf,
    pub text: Arc<String>,
    /// The member whose content this is; copied into every finding about the file.
    pub member: Option<InMember>,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        SourceFile {
            path: path.into(),
            text: Arc::new(text),
            member: None,
        }
    }

    /// The same file, as a member's content.
    pub fn in_member(mut self, member: InMember) -> Self {
        self.member = Some(member);
        self
    }

    /// A finding about the whole file, with no span to underline.
    pub fn about(
        &self,
        severity: Severity,
        rule: &'static str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Finding {
        let mut f = Finding::about_file(severity, rule, &self.path, message, help);
        f.member = self.member.clone();
        f
    }

    /// Give a finding made elsewhere (with a span into this file) its line, column and text.
    pub fn place(&self, mut finding: Finding) -> Finding {
        if let Some(span) = &finding.span {
            (finding.line, finding.column) = self.line_col(span.start);
            finding.source = Some(self.text.clone());
        }
        finding.file = self.path.clone();
        finding
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..floor_char_boundary(&self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }

    /// A finding that points at `span` (byte offsets into this file).
    pub fn finding(
        &self,
        severity: Severity,
        rule: &'static str,
        span: Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Finding {
        let (line, column) = self.line_col(span.start);
        Finding {
            rule,
            severity,
            file: self.path.clone(),
            line,
            column,
            span: Some(span),
            message: message.into(),
            help: help.into(),
            source: Some(self.text.clone()),
            member: self.member.clone(),
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One thing a check found. Errors stop the build; warnings are reported and the build goes on.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// Stable rule name, `area::what`, for example `easy_read::sentence_too_long`.
    pub rule: &'static str,
    pub severity: Severity,
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    pub message: String,
    pub help: String,
    #[serde(skip)]
    source: Option<Arc<String>>,
    /// The member it is about, when it is about a partner's content.
    pub member: Option<InMember>,
}

impl Finding {
    /// A finding about a whole file (or no file), with no span to underline.
    pub fn about_file(
        severity: Severity,
        rule: &'static str,
        file: impl AsRef<Path>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Finding {
        Finding {
            rule,
            severity,
            file: file.as_ref().to_path_buf(),
            line: 0,
            column: 0,
            span: None,
            message: message.into(),
            help: help.into(),
            source: None,
            member: None,
        }
    }

    /// An error, as federation reports it: about a member (or the manifest as a whole) and a
    /// file; [`Finding::at`] adds a span, and [`SourceFile::place`] its line and column.
    pub fn error(
        rule: &'static str,
        member: Option<&str>,
        file: impl AsRef<Path>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Finding {
        let mut f = Finding::about_file(Severity::Error, rule, file, message, help);
        f.member = member.map(|m| InMember::new(m, LeavesOut::Member));
        f
    }

    /// A warning, as [`Finding::error`].
    pub fn warning(
        rule: &'static str,
        member: Option<&str>,
        file: impl AsRef<Path>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Finding {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(rule, member, file, message, help)
        }
    }

    /// The same finding, pointing at `span` in its file.
    pub fn at(mut self, span: Range<usize>) -> Finding {
        self.span = Some(span);
        self
    }

    /// The same finding, about a member's content.
    pub fn with_member(mut self, member: InMember) -> Finding {
        self.member = Some(member);
        self
    }

    /// The member's id, when the finding is about a member's content.
    pub fn member_id(&self) -> Option<&str> {
        self.member.as_ref().map(|m| m.id.as_str())
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The offending text, when the finding has a span.
    pub fn snippet(&self) -> Option<&str> {
        let (src, span) = (self.source.as_ref()?, self.span.as_ref()?);
        src.get(span.clone())
    }

    /// A miette report with the file's text attached, for rich rendering.
    pub fn to_report(&self) -> miette::Report {
        let named = self.source.clone().map(|text| {
            NamedSource::new(self.file.display().to_string(), text).with_language("markdown")
        });
        let report = miette::Report::new(self.clone());
        match named {
            Some(src) => report.with_source_code(src),
            None => report,
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}:{}: ", self.file.display(), self.line, self.column)?;
        } else if !self.file.as_os_str().is_empty() {
            write!(f, "{}: ", self.file.display())?;
        }
        write!(f, "{} [{}]", self.message, self.rule)
    }
}

impl std::error::Error for Finding {}

impl Diagnostic for Finding {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.help.is_empty()).then(|| Box::new(&self.help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        None // attached by `to_report`, with the file name
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span.clone()?;
        let label = LabeledSpan::new_with_span(Some("here".into()), span);
        Some(Box::new(std::iter::once(label)))
    }
}

/// Findings from every check of one run, in a stable order.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Findings(pub Vec<Finding>);

impl Findings {
    pub fn push(&mut self, finding: Finding) {
        self.0.push(finding);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Finding>) {
        self.0.extend(other);
    }

    pub fn errors(&self) -> usize {
        self.0.iter().filter(|f| f.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.0.len() - self.errors()
    }

    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }

    /// Sort by file, position and rule so that output does not depend on thread timing.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.rule, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.rule, &b.message))
        });
        self.0.dedup_by(|a, b| {
            a.file == b.file && a.line == b.line && a.column == b.column && a.rule == b.rule
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let file = SourceFile::new("a.md", "first\nsé cond\nthird".to_string());
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(6), (2, 1));
        // 'c' after "sé " : 4 bytes in, 3 characters in.
        assert_eq!(file.line_col(10), (2, 4));
    }

    #[test]
    fn display_names_file_line_column_and_rule() {
        let file = SourceFile::new("content/a.md", "one\ntwo inmate".to_string());
        let f = file.finding(
            Severity::Error,
            "language::stigmatising_word",
            8..14,
            "x",
            "y",
        );
        assert_eq!(
            f.to_string(),
            "content/a.md:2:5: x [language::stigmatising_word]"
        );
        assert_eq!(f.snippet(), Some("inmate"));
    }
}
