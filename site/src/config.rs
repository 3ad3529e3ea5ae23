//! `config.toml`: Zola's settings (those a basic site uses) plus throughcare's own.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::finding::{Finding, Severity, SourceFile};

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Taxonomy {
    pub name: String,
    #[serde(default = "yes")]
    pub render: bool,
    #[serde(default)]
    pub feed: bool,
}

fn yes() -> bool {
    true
}

/// A life area: what a page or a story is about, and what the self-assessment asks about.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LifeArea {
    pub id: String,
    pub name: String,
}

/// Which lint rules this site opts into beyond the defaults.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LintConfig {
    /// Every page must set `review_by`.
    #[serde(default)]
    pub require_review_by: bool,
    /// Every page must set `needs`.
    #[serde(default)]
    pub require_needs: bool,
    /// Every page in these sections must have an easy-read twin.
    #[serde(default)]
    pub require_easy_read_twin: Vec<String>,
    /// Hard words that must be in the glossary when a page uses them.
    #[serde(default)]
    pub jargon: Vec<String>,
    /// Phone numbers that may appear in stories (national helplines).
    #[serde(default)]
    pub allowed_phone_numbers: Vec<String>,
    /// Sections for people already out of prison: their pages may not send a person only to
    /// prison staff.
    #[serde(default)]
    pub after_release_sections: Vec<String>,
    /// Stigmatising words in each language besides English (whose list is built in), by
    /// language code: a regular-expression fragment, and what to write instead.
    #[serde(default)]
    pub stigmatising: BTreeMap<String, BTreeMap<String, String>>,
}

/// A kiosk or in-cell tablet: a build of the site for one prison, opened from a folder or a
/// closed network.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Kiosk {
    pub id: String,
    pub name: String,
    pub prison: String,
    /// The council areas it serves: the services it shows are those for these areas (and
    /// national ones).
    pub councils: Vec<String>,
    /// Top-level sections it shows (folder names under content/); all when empty.
    #[serde(default)]
    pub sections: Vec<String>,
    /// Start the self-assessment again after this many idle seconds.
    pub idle_reset_seconds: u32,
    /// The languages it shows, by code (config.toml's); all when empty.
    #[serde(default)]
    pub languages: Vec<String>,
}

/// The self-assessment's settings.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentConfig {
    /// Start again after this many seconds without input, warning 30 seconds before. Off
    /// (`None`) on the public web; kiosks on shared devices turn it on.
    pub idle_reset_seconds: Option<u32>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Config {
    pub base_url: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default = "default_language")]
    pub default_language: String,
    /// Zola's `[languages.xx]`: the languages besides the default one.
    #[serde(default)]
    pub languages: BTreeMap<String, Language>,
    /// Zola's `[translations]`: the default language's strings for templates.
    #[serde(default)]
    pub translations: BTreeMap<String, String>,
    #[serde(default)]
    pub taxonomies: Vec<Taxonomy>,
    #[serde(default)]
    pub extra: toml::Table,
    #[serde(default)]
    pub life_areas: Vec<LifeArea>,
    #[serde(default)]
    pub lint: LintConfig,
    #[serde(default)]
    pub assessment: AssessmentConfig,
    #[serde(default)]
    pub kiosks: Vec<Kiosk>,
    /// Zola's setting: index every page for search (with Pagefind) on web builds.
    #[serde(default)]
    pub build_search_index: bool,
    /// Zola settings this generator reads but does not act on (feeds, sass, search...).
    #[serde(flatten, skip_serializing)]
    pub other: BTreeMap<String, toml::Value>,
}

/// The first string a language's table lacks: every key of `[translations]`, and a name for
/// every life area (`area_<id>`), so that no English is left in a translated page.
fn missing_translation(config: &Config, file: &SourceFile) -> Option<Finding> {
    for (code, language) in &config.languages {
        let needed = config
            .translations
            .keys()
            .cloned()
            .chain(config.life_areas.iter().map(|a| format!("area_{}", a.id)));
        let missing: Vec<String> = needed
            .filter(|k| !language.translations.contains_key(k))
            .collect();
        let Some(first) = missing.first() else {
            continue;
        };
        let table = format!("[languages.{code}.translations]");
        let at = file
            .text
            .find(&table)
            .or_else(|| file.text.find(&format!("[languages.{code}]")))
            .unwrap_or(0);
        let more = match missing.len() {
            1 => String::new(),
            n => format!(" (and {} more: {})", n - 1, missing[1..].join(", ")),
        };
        return Some(file.finding(
            Severity::Error,
            "config::missing_translation",
            at..at + table.len(),
            format!("{table} has no string `{first}`{more}"),
            format!("add {first} = \"...\" to {table}, in that language"),
        ));
    }
    None
}

/// A language besides the default one, as Zola's `[languages.xx]` has it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Language {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub build_search_index: bool,
    /// Its strings for templates, by the same keys as the default language's.
    #[serde(default)]
    pub translations: BTreeMap<String, String>,
    /// Keys that replace `[extra]`'s for this language's pages (the help box's lines).
    #[serde(default)]
    pub extra: toml::Table,
    /// Zola settings read but not acted on (feeds, taxonomies per language).
    #[serde(flatten, skip_serializing)]
    pub other: BTreeMap<String, toml::Value>,
}

fn default_language() -> String {
    "en".to_string()
}

/// Zola keys that are valid in config.toml but have no effect here; accepted quietly.
const ZOLA_KEYS_IGNORED: &[&str] = &[
    "theme",
    "output_dir",
    "preserve_dotfiles_in_output",
    "compile_sass",
    "minify_html",
    "generate_feeds",
    "generate_feed",
    "feed_filenames",
    "feed_limit",
    "hard_link_static",
    "ignored_content",
    "ignored_static",
    "markdown",
    "link_checker",
    "slugify",
    "search",
    "generate_sitemap",
    "generate_robots_txt",
    "author",
    "exclude_paginated_pages_in_sitemap",
];

impl Config {
    pub fn load(root: &Path) -> Result<(Config, Vec<Finding>), Finding> {
        let path = root.join("config.toml");
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Finding::about_file(
                Severity::Error,
                "config::unreadable",
                "config.toml",
                format!("cannot read config.toml in {}: {e}", root.display()),
                "run the command from a site folder, or pass --root DIR pointing at one",
            )
        })?;
        Self::parse(SourceFile::new("config.toml", text))
    }

    pub fn parse(file: SourceFile) -> Result<(Config, Vec<Finding>), Finding> {
        let mut config: Config = toml::from_str(&file.text).map_err(|e| {
            file.finding(
                Severity::Error,
                "config::invalid",
                e.span().unwrap_or(0..0),
                format!("config.toml is not valid: {}", e.message()),
                "fix the TOML at the marked place; see https://toml.io for the syntax",
            )
        })?;
        let mut warnings = Vec::new();
        for key in config.other.keys() {
            if !ZOLA_KEYS_IGNORED.contains(&key.as_str()) {
                let at = file.text.find(key.as_str()).unwrap_or(0);
                warnings.push(file.finding(
                    Severity::Warning,
                    "config::unknown_key",
                    at..at + key.len(),
                    format!("`{key}` is not a setting throughcare knows"),
                    "check the spelling, or move your own values under [extra]",
                ));
            }
        }
        for taxonomy in &config.taxonomies {
            if let Err(why) = crate::output::OutputPath::from_url(&format!("/{}/", taxonomy.name)) {
                let at = file
                    .text
                    .find(&format!("\"{}\"", taxonomy.name))
                    .unwrap_or(0);
                return Err(file.finding(
                    Severity::Error,
                    why.rule(),
                    at..at + taxonomy.name.len() + 2,
                    format!(
                        "the taxonomy name {:?} makes a path that cannot be used: {why}",
                        taxonomy.name
                    ),
                    "name the taxonomy with letters, digits and hyphens, such as \"tags\"",
                ));
            }
        }
        if let Some(f) = missing_translation(&config, &file) {
            return Err(f);
        }
        for (lang, list) in &config.lint.stigmatising {
            for pattern in list.keys() {
                if let Err(e) = regex::Regex::new(pattern) {
                    let at = file.text.find(pattern.as_str()).unwrap_or(0);
                    return Err(file.finding(
                        Severity::Error,
                        "config::invalid",
                        at..at + pattern.len(),
                        format!("[lint.stigmatising.{lang}] has a pattern that is not a regular expression: {e}"),
                        "write the word, or a regular expression such as \"więź(ień|niowie)\"",
                    ));
                }
            }
        }
        if !config.base_url.ends_with('/') {
            config.base_url.push('/');
        }
        Ok((config, warnings))
    }

    /// The base URL with the trailing slash, for joining to site-relative paths.
    pub fn url_for(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }

    /// Whether `code` is one of the site's languages (the default included).
    pub fn has_language(&self, code: &str) -> bool {
        code == self.default_language || self.languages.contains_key(code)
    }

    pub fn life_area(&self, id: &str) -> Option<&LifeArea> {
        self.life_areas.iter().find(|a| a.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<(Config, Vec<Finding>), Finding> {
        Config::parse(SourceFile::new("config.toml", text.to_string()))
    }

    #[test]
    fn a_zola_config_parses_with_ignored_keys_quietly() {
        let (config, warnings) = parse(
            "base_url = \"https://example.com\"\ntitle = \"T\"\ncompile_sass = false\n[markdown]\nhighlight_code = true\n[extra]\nx = 1\n",
        )
        .unwrap();
        assert_eq!(config.base_url, "https://example.com/");
        assert_eq!(config.url_for("/a/b/"), "https://example.com/a/b/");
        assert!(warnings.is_empty());
    }

    #[test]
    fn unknown_key_is_a_warning_naming_the_line() {
        let (_, warnings) = parse("base_url = \"/\"\ntitel = \"T\"\n").unwrap();
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].line, 2);
        assert_eq!(warnings[0].rule, "config::unknown_key");
    }

    #[test]
    fn missing_base_url_is_an_error() {
        let err = parse("title = \"T\"\n").unwrap_err();
        assert_eq!(err.rule, "config::invalid");
        assert!(err.message.contains("base_url"), "{}", err.message);
    }
}
