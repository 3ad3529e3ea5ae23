//! The glossary: hard words with plain definitions. Its first use on each page links to it.

use std::collections::HashMap;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::finding::{Finding, Severity, SourceFile};
use crate::slug::slugify;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub term: String,
    #[serde(default)]
    pub also: Vec<String>,
    pub definition: String,
    pub easy: String,
    #[serde(default, skip_deserializing)]
    pub id: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFile {
    terms: Vec<Term>,
}

#[derive(Debug)]
pub struct Glossary {
    pub terms: Vec<Term>,
    matcher: Option<Regex>,
    by_form: HashMap<String, usize>,
}

impl Glossary {
    pub fn empty() -> Glossary {
        Glossary {
            terms: Vec::new(),
            matcher: None,
            by_form: HashMap::new(),
        }
    }

    pub fn parse(file: &SourceFile) -> Result<Glossary, Finding> {
        let parsed: GlossaryFile = toml::from_str(&file.text).map_err(|e| {
            file.finding(
                Severity::Error,
                "glossary::invalid",
                e.span().unwrap_or(0..0),
                format!("the glossary is not valid: {}", e.message()),
                "each [[terms]] needs term, definition and easy; `also` is an optional list",
            )
        })?;
        let mut terms = parsed.terms;
        terms.sort_by_key(|t| t.term.to_lowercase());
        for t in &mut terms {
            t.id = slugify(&t.term);
        }
        Ok(Self::from_terms(terms))
    }

    fn from_terms(terms: Vec<Term>) -> Glossary {
        let mut forms: Vec<(String, usize)> = Vec::new();
        for (i, t) in terms.iter().enumerate() {
            forms.push((t.term.clone(), i));
            forms.extend(t.also.iter().map(|a| (a.clone(), i)));
        }
        // Longest first, so "voluntary throughcare" wins over "throughcare".
        forms.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        let alternatives: Vec<String> = forms
            .iter()
            .map(|(form, _)| {
                let escaped = regex::escape(form);
                // Lower-case terms match any case; names (Upside, GP) only as written.
                if form.chars().next().is_some_and(char::is_lowercase) {
                    format!("(?i:{escaped})")
                } else {
                    escaped
                }
            })
            .collect();
        let matcher = (!alternatives.is_empty())
            .then(|| Regex::new(&format!(r"\b(?:{})\b", alternatives.join("|"))))
            .and_then(Result::ok);
        let by_form = forms
            .into_iter()
            .map(|(form, i)| (form.to_lowercase(), i))
            .collect();
        Glossary {
            terms,
            matcher,
            by_form,
        }
    }

    /// Every glossary term in `text`: (byte range, index of the term).
    pub fn find_all<'t>(
        &'t self,
        text: &'t str,
    ) -> impl Iterator<Item = (std::ops::Range<usize>, usize)> + 't {
        self.matcher.iter().flat_map(move |m| {
            m.find_iter(text).filter_map(|found| {
                let i = *self.by_form.get(&found.as_str().to_lowercase())?;
                Some((found.range(), i))
            })
        })
    }

    /// Whether the glossary explains `word`, alone or as part of a longer term
    /// ("statutory" in "statutory supervision").
    pub fn explains(&self, word: &str) -> bool {
        let word = word.to_lowercase();
        self.by_form.keys().any(|form| {
            form.split(|c: char| !c.is_alphanumeric())
                .any(|w| w == word)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary() -> Glossary {
        Glossary::parse(&SourceFile::new(
            "content/glossary.toml",
            "[[terms]]\nterm = \"throughcare\"\ndefinition = \"d\"\neasy = \"e\"\n\n[[terms]]\nterm = \"voluntary throughcare\"\ndefinition = \"d\"\neasy = \"e\"\n\n[[terms]]\nterm = \"GP\"\ndefinition = \"d\"\neasy = \"e\"\n".to_string(),
        ))
        .unwrap()
    }

    #[test]
    fn longest_form_wins_and_names_keep_their_case() {
        let g = glossary();
        let text = "Voluntary throughcare and a gp or a GP.";
        let found: Vec<_> = g
            .find_all(text)
            .map(|(r, i)| (&text[r], g.terms[i].id.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                ("Voluntary throughcare", "voluntary-throughcare"),
                ("GP", "gp")
            ]
        );
    }

    #[test]
    fn a_term_without_easy_wording_is_an_error() {
        let err = Glossary::parse(&SourceFile::new(
            "content/glossary.toml",
            "[[terms]]\nterm = \"remand\"\ndefinition = \"d\"\n".to_string(),
        ))
        .unwrap_err();
        assert_eq!(err.rule, "glossary::invalid");
        assert!(err.message.contains("easy"), "{}", err.message);
    }
}
