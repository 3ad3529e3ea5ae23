//! TOML front matter between `+++` lines: Zola's fields plus throughcare's.

use std::collections::BTreeMap;
use std::ops::Range;
use std::str::FromStr;

use jiff::civil::Date;
use serde::Deserialize;
use toml::Spanned;

use crate::finding::{Finding, Severity, SourceFile};

/// A date as TOML gives it (`2027-05-23`) or as a string (`"2027-05-23"`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum DateValue {
    Toml(toml::value::Datetime),
    Text(String),
}

impl DateValue {
    pub fn to_date(&self) -> Result<Date, String> {
        match self {
            DateValue::Toml(dt) => {
                let d = dt.date.ok_or("a time without a date")?;
                Date::new(d.year as i16, d.month as i8, d.day as i8).map_err(|e| e.to_string())
            }
            DateValue::Text(s) => {
                let day = s.get(..10).unwrap_or(s);
                Date::from_str(day).map_err(|_| format!("`{s}` is not a date"))
            }
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoryMeta {
    pub consent: Option<Spanned<String>>,
    pub consent_date: Option<Spanned<DateValue>>,
    pub anonymised: Option<bool>,
    pub content_notes: Option<Vec<String>>,
    #[serde(default)]
    pub kiosk: bool,
}

/// A translated page's `[translation]`: who translated it, whether a qualified translator has
/// checked it, and the English source's hash when it was made (`sha256sum`, first 16 digits).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranslationMeta {
    pub translator: Option<String>,
    pub status: Option<Spanned<String>>,
    pub source_hash: Option<Spanned<String>>,
}

/// Every key a page or section may set. Unknown keys are an error: a typo must not silently
/// drop a review date.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub date: Option<Spanned<DateValue>>,
    pub updated: Option<Spanned<DateValue>>,
    pub weight: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    pub template: Option<String>,
    /// URL paths that redirect here; each goes through the output-path gate.
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub slug: Option<Spanned<String>>,
    pub path: Option<Spanned<String>>,
    #[serde(default)]
    pub authors: Vec<String>,
    pub in_search_index: Option<bool>,
    pub render: Option<bool>,
    #[serde(default)]
    pub taxonomies: BTreeMap<String, Vec<Spanned<String>>>,
    #[serde(default)]
    pub extra: toml::Table,
    // Section keys (Zola).
    pub sort_by: Option<String>,
    pub page_template: Option<String>,
    pub paginate_by: Option<u32>,
    pub paginate_path: Option<String>,
    pub insert_anchor_links: Option<String>,
    pub transparent: Option<bool>,
    pub redirect_to: Option<String>,
    pub generate_feeds: Option<bool>,
    // throughcare's own.
    pub audience: Option<Spanned<String>>,
    #[serde(default)]
    pub needs: Vec<Spanned<String>>,
    pub review_by: Option<Spanned<DateValue>>,
    pub easy_read: Option<bool>,
    /// On a section: `"stories"` makes its pages stories.
    pub kind: Option<Spanned<String>>,
    pub story: Option<Spanned<StoryMeta>>,
    pub translation: Option<Spanned<TranslationMeta>>,
}

/// Where the parts of a content file are, as byte ranges of the file.
pub struct Split {
    pub front: Range<usize>,
    pub body: Range<usize>,
}

pub fn split(file: &SourceFile) -> Result<Split, Finding> {
    let text = file.text.as_str();
    let start = text.strip_prefix('\u{feff}').map_or(0, |_| 3);
    let head = &text[start..];
    let no_front = |message: &str, help: &str| {
        file.finding(
            Severity::Error,
            "front_matter::missing",
            start..start + head.find('\n').unwrap_or(head.len()),
            message.to_string(),
            help.to_string(),
        )
    };
    if head.starts_with("---") {
        return Err(no_front(
            "YAML front matter (---) is not supported",
            "use TOML front matter between +++ lines, for example:\n+++\ntitle = \"My page\"\n+++",
        ));
    }
    let Some(after_open) = head.strip_prefix("+++") else {
        return Err(no_front(
            "the file does not start with front matter",
            "start the file with a line +++, the TOML settings (title = \"...\"), and another line +++",
        ));
    };
    let after_open = after_open.strip_prefix('\r').unwrap_or(after_open);
    let Some(after_open) = after_open.strip_prefix('\n') else {
        return Err(no_front(
            "the opening +++ must be on a line of its own",
            "put a line break after +++",
        ));
    };
    let front_start = text.len() - after_open.len();
    let mut pos = front_start;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let body_start = (pos + line.len()).min(text.len());
            return Ok(Split {
                front: front_start..pos,
                body: body_start..text.len(),
            });
        }
        pos += line.len();
    }
    Err(no_front(
        "the front matter is never closed",
        "add a line +++ after the last setting",
    ))
}

pub fn parse(file: &SourceFile, front: &Range<usize>) -> Result<FrontMatter, Finding> {
    toml::from_str(&file.text[front.clone()]).map_err(|e| {
        let span = e
            .span()
            .map(|s| s.start + front.start..s.end + front.start)
            .unwrap_or(front.start..front.start);
        let message = e.message().trim().to_string();
        let help = if message.contains("unknown field") {
            "use one of the fields listed in docs/writing-content.md, or put your own under [extra]"
        } else if message.contains("invalid type") {
            "check the value's type: text in quotes, dates as 2027-05-23, lists in [ ]"
        } else {
            "fix the TOML at the marked place"
        };
        file.finding(
            Severity::Error,
            "front_matter::invalid",
            span,
            format!("front matter: {message}"),
            help,
        )
    })
}

/// A date field, checked, or a finding pointing at it.
pub fn date_of(
    file: &SourceFile,
    front: &Range<usize>,
    field: &str,
    value: &Spanned<DateValue>,
) -> Result<Date, Finding> {
    value.get_ref().to_date().map_err(|why| {
        let s = value.span();
        file.finding(
            Severity::Error,
            "front_matter::bad_date",
            s.start + front.start..s.end + front.start,
            format!("`{field}` is not a valid date: {why}"),
            "write the date as YYYY-MM-DD, for example 2027-05-23",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("content/a.md", text.to_string())
    }

    #[test]
    fn splits_front_matter_and_body() {
        let f = file("+++\ntitle = \"A\"\n+++\nBody\n");
        let s = split(&f).unwrap();
        assert_eq!(&f.text[s.front.clone()], "title = \"A\"\n");
        assert_eq!(&f.text[s.body], "Body\n");
        let fm = parse(&f, &s.front).unwrap();
        assert_eq!(fm.title.as_deref(), Some("A"));
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let err = split(&file("+++\ntitle = \"A\"\nBody\n")).err().unwrap();
        assert_eq!(err.rule, "front_matter::missing");
        assert!(err.message.contains("never closed"));
    }

    #[test]
    fn unknown_field_points_at_its_line() {
        let f = file("+++\ntitle = \"A\"\nreveiw_by = 2027-01-01\n+++\n");
        let s = split(&f).unwrap();
        let err = parse(&f, &s.front).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("unknown field"), "{}", err.message);
    }

    #[test]
    fn impossible_date_is_an_error_at_the_value() {
        let f = file("+++\nreview_by = \"2027-02-30\"\n+++\n");
        let s = split(&f).unwrap();
        let fm = parse(&f, &s.front).unwrap();
        let err = date_of(&f, &s.front, "review_by", fm.review_by.as_ref().unwrap()).unwrap_err();
        assert_eq!((err.line, err.column), (2, 13));
        assert_eq!(err.rule, "front_matter::bad_date");
    }
}
