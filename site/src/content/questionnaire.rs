//! The self-assessment's questionnaire and services, read with the `assessment` crate and
//! checked like any other content: problems become findings with file and line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assessment::source::{self, Known, SourceText};
use assessment::Questionnaire;

use crate::config::Config;
use crate::finding::{Finding, Severity, SourceFile};
use crate::icons::Icons;

use super::{read_source, Library};

/// `None` when the site has no `content/assessment/`.
pub fn load(
    root: &Path,
    library: &Library,
    config: &Config,
    icons: &Icons,
) -> Result<Option<Questionnaire>, Vec<Finding>> {
    if library.assessment_files.is_empty() {
        return Ok(None);
    }
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for rel in library
        .assessment_files
        .iter()
        .filter(|rel| translation_of(rel, config).is_none())
    {
        match read_source(root, rel) {
            Ok(f) => files.push(f),
            Err(f) => errors.push(f),
        }
    }
    let services = root
        .join("content/services.toml")
        .is_file()
        .then(|| read_source(root, "services.toml"));
    let services = match services {
        Some(Ok(f)) => Some(f),
        Some(Err(f)) => {
            errors.push(f);
            None
        }
        None => None,
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let names: Vec<String> = files.iter().map(|f| f.path.display().to_string()).collect();
    let sources: Vec<SourceText> = files
        .iter()
        .zip(&names)
        .map(|(f, name)| SourceText {
            name,
            text: &f.text,
        })
        .collect();
    let services_name = services
        .as_ref()
        .map(|f| f.path.display().to_string())
        .unwrap_or_default();
    let services_source = services.as_ref().map(|f| SourceText {
        name: &services_name,
        text: &f.text,
    });
    let life_areas: Vec<&str> = config.life_areas.iter().map(|a| a.id.as_str()).collect();
    let icon_exists = |name: &str| icons.get(name).is_some();
    let known = Known {
        life_areas: &life_areas,
        icon_exists: &icon_exists,
    };
    source::load(&sources, services_source.as_ref(), &known)
        .map(|mut q| {
            name_not_sure(&mut q, &config.translations);
            Some(q)
        })
        .map_err(|problems| {
            problems
                .into_iter()
                .map(|p| {
                    let file: &SourceFile = files
                        .iter()
                        .chain(services.iter())
                        .find(|f| f.path.display().to_string() == p.file)
                        .unwrap_or(&files[0]);
                    file.finding(
                        Severity::Error,
                        "assessment::invalid",
                        p.span,
                        p.message,
                        p.help,
                    )
                })
                .collect()
        })
}

/// The council question's last answer, which the loader adds to the list of councils ("I'm
/// not sure"), in the words of the language's `app_council_not_sure`.
fn name_not_sure(q: &mut Questionnaire, translations: &BTreeMap<String, String>) {
    let Some(words) = translations.get("app_council_not_sure") else {
        return;
    };
    let council = q
        .questions
        .iter_mut()
        .filter(|x| x.kind == assessment::model::Kind::Council);
    for option in council.flat_map(|x| x.options.iter_mut()) {
        if option.id == "not-sure" {
            option.text = words.clone();
            option.easy = words.clone();
        }
    }
}

/// `assessment/housing.pl.toml` is the Polish words of `assessment/housing.toml`: the
/// language's code and the English file's path.
fn translation_of(rel: &str, config: &Config) -> Option<(String, String)> {
    let stem = rel.strip_suffix(".toml")?;
    let (base, code) = stem.rsplit_once('.')?;
    config
        .languages
        .contains_key(code)
        .then(|| (code.to_string(), format!("{base}.toml")))
}

/// Keys a translation gives words for; everything else (ids, areas, pictures, needs, steps,
/// conditions) stays in the English file, so one logic serves every language and an answer
/// code made in one opens in any other.
const TEXT_KEYS: &[&str] = &[
    "text",
    "easy",
    "hint",
    "easy_hint",
    "name",
    "short",
    "what",
    "who",
    "how",
    "said",
];

/// The questionnaire in each language that has any `assessment/*.xx.toml`: the English
/// files' logic with the words of `name.xx.toml`. Every English id must have its words there.
/// The services are the English questionnaire's (`english`, already checked and placed).
pub fn load_translations(
    root: &Path,
    library: &Library,
    config: &Config,
    icons: &Icons,
    english: &Questionnaire,
) -> (BTreeMap<String, Questionnaire>, Vec<Finding>) {
    let mut out = BTreeMap::new();
    let mut findings = Vec::new();
    let english_files: Vec<&String> = library
        .assessment_files
        .iter()
        .filter(|rel| translation_of(rel, config).is_none())
        .collect();
    for code in config.languages.keys() {
        let suffix = format!(".{code}.toml");
        if !library
            .assessment_files
            .iter()
            .any(|f| f.ends_with(&suffix))
        {
            continue;
        }
        let mut merged_files = Vec::new();
        let mut ok = true;
        for rel in &english_files {
            let (Ok(source), stem) = (read_source(root, rel), rel.trim_end_matches(".toml")) else {
                ok = false;
                continue;
            };
            let translated_rel = format!("{stem}.{code}.toml");
            let source_table: toml::Table = match toml::from_str(&source.text) {
                Ok(t) => t,
                Err(_) => {
                    ok = false;
                    continue;
                }
            };
            let needs_words = has_words(&toml::Value::Table(source_table.clone()));
            if !library.assessment_files.contains(&translated_rel) {
                if needs_words {
                    findings.push(Finding::about_file(
                        Severity::Error,
                        "assessment::missing_translation",
                        &source.path,
                        format!("the self-assessment in `{code}` has no words for this file"),
                        format!("write content/{translated_rel}: the id and the words ({}) of every entry", TEXT_KEYS.join(", ")),
                    ));
                    ok = false;
                }
                merged_files.push((
                    source.path.clone(),
                    source.path.clone(),
                    source.text.to_string(),
                ));
                continue;
            }
            let translated = match read_source(root, &translated_rel) {
                Ok(f) => f,
                Err(f) => {
                    findings.push(f);
                    ok = false;
                    continue;
                }
            };
            let mut words: toml::Table = match toml::from_str(&translated.text) {
                Ok(t) => t,
                Err(e) => {
                    findings.push(translated.finding(
                        Severity::Error,
                        "assessment::invalid",
                        e.span().unwrap_or(0..0),
                        format!("not valid TOML: {}", e.message()),
                        "fix the TOML at the marked place",
                    ));
                    ok = false;
                    continue;
                }
            };
            let record = words.remove("translation");
            findings.extend(translation_record(&translated, record, &source));
            let mut problems = Vec::new();
            let merged = merge_table(&source_table, &words, "", &mut problems);
            for (message, id) in &problems {
                let at = id
                    .as_deref()
                    .and_then(|id| translated.text.find(&format!("\"{id}\"")))
                    .unwrap_or(0);
                findings.push(translated.finding(
                    Severity::Error,
                    "assessment::translation",
                    at..at,
                    message.clone(),
                    format!(
                        "give every entry of {} its id and only its words ({})",
                        source.path.display(),
                        TEXT_KEYS.join(", ")
                    ),
                ));
            }
            ok &= problems.is_empty();
            match toml::to_string(&merged) {
                Ok(text) => merged_files.push((source.path.clone(), translated.path.clone(), text)),
                Err(_) => ok = false,
            }
        }
        if !ok {
            continue;
        }
        // Read under the English files' names (the loader knows its files by them); a problem
        // is then reported against the translation that gave the words.
        let names: Vec<String> = merged_files
            .iter()
            .map(|(english, _, _)| english.display().to_string())
            .collect();
        let sources: Vec<SourceText> = merged_files
            .iter()
            .zip(&names)
            .map(|((_, _, text), name)| SourceText { name, text })
            .collect();
        let life_areas: Vec<&str> = config.life_areas.iter().map(|a| a.id.as_str()).collect();
        let icon_exists = |name: &str| icons.get(name).is_some();
        let known = Known {
            life_areas: &life_areas,
            icon_exists: &icon_exists,
        };
        match source::load(&sources, None, &known) {
            Ok(mut q) => {
                q.services = english.services.clone();
                if let Some(language) = config.languages.get(code) {
                    name_not_sure(&mut q, &language.translations);
                }
                out.insert(code.clone(), q);
            }
            // Only words differ from the English, which passed: the problem is in them (a
            // short name too long, say); the merged text has no lines of its own to show.
            Err(problems) => findings.extend(problems.into_iter().map(|p| {
                let file = merged_files
                    .iter()
                    .find(|(english, _, _)| english.display().to_string() == p.file)
                    .map_or_else(
                        || PathBuf::from(&p.file),
                        |(_, translated, _)| translated.clone(),
                    );
                Finding::about_file(
                    Severity::Error,
                    "assessment::translation",
                    &file,
                    p.message,
                    p.help,
                )
            })),
        }
    }
    (out, findings)
}

/// Whether a TOML value has any of the words a translation gives.
fn has_words(value: &toml::Value) -> bool {
    match value {
        toml::Value::Table(t) => t
            .iter()
            .any(|(k, v)| TEXT_KEYS.contains(&k.as_str()) && v.is_str() || has_words(v)),
        toml::Value::Array(a) => a.iter().any(has_words),
        _ => false,
    }
}

/// The English table with the translation's words put in. Arrays of tables are matched by
/// `id`; every problem is a message and the id it is about.
fn merge_table(
    english: &toml::Table,
    words: &toml::Table,
    at: &str,
    problems: &mut Vec<(String, Option<String>)>,
) -> toml::Table {
    let mut merged = english.clone();
    for (key, value) in words {
        let known = english.get(key);
        match (known, value) {
            (Some(toml::Value::String(_)), toml::Value::String(_))
                if TEXT_KEYS.contains(&key.as_str()) =>
            {
                merged.insert(key.clone(), value.clone());
            }
            (Some(toml::Value::Array(_)), toml::Value::Array(_)) | (_, _) if key == "id" => {}
            (Some(toml::Value::Array(list)), toml::Value::Array(given)) => {
                let merged_list = merge_list(list, given, &format!("{at}{key}"), problems);
                merged.insert(key.clone(), toml::Value::Array(merged_list));
            }
            _ => problems.push((
                format!(
                    "`{key}`{} is not words a translation gives: it stays in the English file",
                    where_(at)
                ),
                english
                    .get("id")
                    .and_then(|v| v.as_str())
                    .map(str::to_string),
            )),
        }
    }
    // Words the English has and the translation lacks would leave English in the page.
    let id = english.get("id").and_then(|v| v.as_str());
    for (key, value) in english {
        if value.is_str() && TEXT_KEYS.contains(&key.as_str()) && !words.contains_key(key) {
            problems.push((
                format!(
                    "`{}` has no `{key}`{}",
                    id.unwrap_or("the file"),
                    where_(at)
                ),
                id.map(str::to_string),
            ));
        }
        if let toml::Value::Array(list) = value {
            if !words.contains_key(key) && has_words(value) {
                problems.push((
                    format!(
                        "there is no [[{at}{key}]]: every one of its {} entries needs its words",
                        list.len()
                    ),
                    id.map(str::to_string),
                ));
            }
        }
    }
    merged
}

fn where_(at: &str) -> String {
    if at.is_empty() {
        String::new()
    } else {
        format!(" (in [[{at}]])")
    }
}

fn merge_list(
    english: &[toml::Value],
    given: &[toml::Value],
    at: &str,
    problems: &mut Vec<(String, Option<String>)>,
) -> Vec<toml::Value> {
    let id_of = |v: &toml::Value| v.get("id").and_then(|i| i.as_str()).map(str::to_string);
    for g in given {
        if let Some(id) = id_of(g) {
            if !english.iter().any(|e| id_of(e).as_deref() == Some(&id)) {
                problems.push((
                    format!("`{id}` is not an id in [[{at}]] of the English file"),
                    Some(id),
                ));
            }
        }
    }
    english
        .iter()
        .map(|e| {
            let (Some(table), Some(id)) = (e.as_table(), id_of(e)) else {
                return e.clone();
            };
            match given
                .iter()
                .find(|g| id_of(g).as_deref() == Some(&id))
                .and_then(|g| g.as_table())
            {
                Some(words) => {
                    toml::Value::Table(merge_table(table, words, &format!("{at}."), problems))
                }
                None => {
                    if has_words(e) {
                        problems
                            .push((format!("`{id}` (in [[{at}]]) has no words here"), Some(id)));
                    }
                    e.clone()
                }
            }
        })
        .collect()
}

/// A translated questionnaire file's `[translation]`, checked as a translated page's is.
fn translation_record(
    translated: &SourceFile,
    record: Option<toml::Value>,
    source: &SourceFile,
) -> Vec<Finding> {
    let get = |k: &str| {
        record
            .as_ref()
            .and_then(|r| r.get(k))
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let mut out = Vec::new();
    if get("translator").is_none_or(|t| t.trim().is_empty())
        || !matches!(get("status").as_deref(), Some("draft" | "checked"))
    {
        out.push(Finding::about_file(
            Severity::Error,
            "translation::missing_record",
            &translated.path,
            "this translation does not say who translated it and whether it was checked",
            "end the file with [translation]: translator = \"...\", status = \"draft\" (or \"checked\"), source_hash = the English file's `sha256sum`, first 16 digits",
        ));
    }
    let now = crate::lint::source_hash(&source.text);
    if get("source_hash").as_deref() != Some(now.as_str()) {
        out.push(Finding::about_file(
            Severity::Warning,
            "translation::stale",
            &translated.path,
            format!(
                "{} has changed since this translation was made",
                source.path.display()
            ),
            format!(
                "bring {} up to date with it, then set source_hash = \"{now}\"",
                translated.path.display()
            ),
        ));
    }
    out
}
