//! The values every template gets, made once: config, data, language, the self-assessment,
//! the packs and the federation.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{json, Value};

use crate::config::Config;
use crate::content::Library;
use crate::icons::Icons;

/// The `assessment` variable: the questionnaire for templates (the paper version), and the
/// same as JSON for the app to read from the page, so that it works from `file://` and under
/// `connect-src 'none'`, with what the app says in the page's language (`lang`) and, in a
/// kiosk build, the language its idle reset returns to.
pub(crate) fn assessment_value(
    questionnaire: Option<&assessment::Questionnaire>,
    lang: &str,
    config: &Config,
    icons: &Icons,
    return_to: Option<&str>,
) -> Value {
    let Some(q) = questionnaire else {
        return Value::Null;
    };
    let used = q
        .questions
        .iter()
        .flat_map(|x| std::iter::once(&x.icon).chain(x.options.iter().map(|o| &o.icon)));
    let mut pictures: BTreeMap<&str, &str> = used
        .filter_map(|name| Some((name.as_str(), icons.get(name)?)))
        .collect();
    // Every picture starts alike (its `<svg>` tag): the app writes that once for all.
    let icon_start = common_start(pictures.values().copied());
    for svg in pictures.values_mut() {
        *svg = &svg[icon_start.len()..];
    }
    let idle_reset_seconds = config.assessment.idle_reset_seconds;
    let (words, missing_words) = match app_words(config, lang) {
        Ok(words) => (words.list().to_vec(), Vec::new()),
        Err(missing) => (Vec::new(), missing),
    };
    let embedded = Embedded {
        questionnaire: q,
        idle_reset_seconds,
        icons: pictures,
        icon_start,
        lang,
        words,
        return_to,
    };
    // Keys sorted (through a JSON value), and `<` escaped, so the JSON can never close the
    // <script> element that holds it.
    let embed = serde_json::to_string(&to_value(embedded))
        .unwrap_or_default()
        .replace('<', "\\u003c");
    to_value(AssessmentValue {
        questionnaire: q,
        embed,
        idle_reset_seconds,
        missing_words,
    })
}

/// The longest start that every text of `texts` shares (empty when there are none).
fn common_start<'a>(mut texts: impl Iterator<Item = &'a str>) -> &'a str {
    let Some(first) = texts.next() else {
        return "";
    };
    texts.fold(first, |common, text| {
        let mut end = common
            .bytes()
            .zip(text.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        while !common.is_char_boundary(end) {
            end -= 1;
        }
        &common[..end]
    })
}

/// What the app says in `lang`: config.toml's `app_*` strings (`assessment::words::KEYS`),
/// `{site}` made the site's title in that language; or the strings it lacks, by their keys.
/// (Config::parse sees that every language has every key the default language has.)
fn app_words(config: &Config, lang: &str) -> Result<assessment::Words, Vec<String>> {
    let language = config.languages.get(lang);
    let table = language.map_or(&config.translations, |l| &l.translations);
    let site = language
        .and_then(|l| l.title.as_deref())
        .or(config.title.as_deref())
        .unwrap_or_default();
    assessment::Words::from_lookup(lang, |key| {
        let text = table.get(&format!("{}{key}", assessment::words::PREFIX))?;
        Some(text.replace("{site}", site))
    })
    .map_err(|missing| {
        missing
            .into_iter()
            .map(|key| format!("{}{key}", assessment::words::PREFIX))
            .collect()
    })
}

/// What the self-assessment app reads from its page.
#[derive(Serialize)]
struct Embedded<'a> {
    questionnaire: &'a assessment::Questionnaire,
    idle_reset_seconds: Option<u32>,
    icons: BTreeMap<&'a str, &'a str>,
    icon_start: &'a str,
    lang: &'a str,
    /// In `assessment::words::KEYS` order.
    words: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    return_to: Option<&'a str>,
}

/// The `assessment` variable: the questionnaire for the paper version, and the app's JSON.
#[derive(Serialize)]
struct AssessmentValue<'a> {
    questionnaire: &'a assessment::Questionnaire,
    embed: String,
    idle_reset_seconds: Option<u32>,
    /// The app's strings config.toml lacks: the page stops the build, naming them.
    missing_words: Vec<String>,
}

/// Data files for templates; the glossary sorted and with the ids its term links use.
pub(crate) fn template_data(library: &Library) -> BTreeMap<String, Value> {
    let mut data: BTreeMap<String, Value> = library.data.clone().into_iter().collect();
    if data.contains_key("glossary") {
        data.insert(
            "glossary".into(),
            json!({ "terms": library.glossary.terms }),
        );
    }
    data
}

/// A value for templates; every type here serialises to JSON.
fn to_value(value: impl Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// The `config` variable: Zola's fields, and throughcare's life areas.
#[derive(Serialize)]
struct ConfigValue<'a> {
    base_url: &'a str,
    title: Option<&'a str>,
    description: Option<&'a str>,
    default_language: &'a str,
    taxonomies: &'a [crate::config::Taxonomy],
    extra: &'a toml::Table,
    life_areas: &'a [crate::config::LifeArea],
}

impl<'a> ConfigValue<'a> {
    fn of(config: &'a Config) -> Self {
        ConfigValue {
            base_url: config.base_url.trim_end_matches('/'),
            title: config.title.as_deref(),
            description: config.description.as_deref(),
            default_language: &config.default_language,
            taxonomies: &config.taxonomies,
            extra: &config.extra,
            life_areas: &config.life_areas,
        }
    }
}

/// A printable pack, as the packs page and each pack's page list it.
#[derive(Serialize)]
pub(crate) struct PackListing<'a> {
    id: &'a str,
    title: &'a str,
    description: &'a str,
    audience: &'a str,
    permalink: String,
    /// Its PDF, when the build makes PDFs.
    pub(crate) pdf: Option<String>,
}

impl<'a> PackListing<'a> {
    pub(crate) fn of(p: &'a crate::content::packs::Pack, config: &Config) -> Self {
        PackListing {
            id: &p.id,
            title: &p.title,
            description: &p.description,
            audience: &p.audience,
            permalink: config.url_for(&format!("packs/{}/", p.id)),
            pdf: cfg!(feature = "pdf")
                .then(|| config.url_for(&format!("packs/{}/{}.pdf", p.id, p.id))),
        }
    }
}

/// The `federation` variable: members by id, and whether to say that services may be missing.
#[derive(Serialize)]
struct Federation<'a> {
    members: BTreeMap<&'a str, MemberValue<'a>>,
    notice: bool,
}

/// What every page says about the member that published it.
#[derive(Serialize)]
struct MemberValue<'a> {
    name: &'a str,
    revision: &'a str,
    checked: &'a str,
    sample: bool,
    from_cache: bool,
}

impl<'a> MemberValue<'a> {
    fn of(m: &'a crate::content::members::MemberInfo) -> Self {
        MemberValue {
            name: &m.name,
            revision: &m.revision,
            checked: &m.checked,
            sample: m.sample,
            from_cache: m.from_cache,
        }
    }
}

/// Variables every template gets.
pub struct Globals {
    pub config: Value,
    /// The languages besides the default one, for their `config` (see `config_in`).
    pub languages: BTreeMap<String, crate::config::Language>,
    pub data: BTreeMap<String, Value>,
    pub lang: String,
    pub assessment: Value,
    /// The `assessment` of each other language that has the self-assessment.
    pub assessments: BTreeMap<String, Value>,
    /// Pagefind search is built (web builds only).
    pub search_index: bool,
    /// A kiosk build: phones there call approved numbers only, and the help box says so.
    pub kiosk: bool,
    /// A build opened from a folder (`--relative` or a kiosk): no font preload, which file://
    /// cannot honour.
    pub folder_build: bool,
    /// The printable packs: id, title, description, print page and PDF URLs.
    pub packs: Value,
    /// Members (by id: name, revision, checked, sample) and whether a notice is due that some
    /// services may be missing. `null` when the site has no federation.
    pub federation: Value,
    /// Which templates read the two large globals, `assessment` and `data`.
    pub reads: Reads,
}

/// Which templates can read the two large globals (the questionnaire with the app's JSON, and
/// every data file), found by name in each template's parsed form and its parents'. A template
/// that includes another, or dumps the whole context, is taken to read both. Copying both
/// into every page's context was most of the time spent rendering the bundled site's pages.
#[derive(Default)]
pub struct Reads(std::collections::HashMap<String, (bool, bool)>);

impl Reads {
    pub fn of(tera: &tera::Tera) -> Reads {
        // What a template names itself: its nodes and its macros' (a macro can read the
        // context when an argument does not shadow a name), as tera prints them.
        let own = |name: &str| {
            let Ok(t) = tera.get_template(name) else {
                return (true, true);
            };
            let parsed = format!("{:?}{:?}", t.ast, t.macros);
            let names = |var: &str| {
                ["Ident(\"", "ident: \""].iter().any(|start| {
                    ["\"", ".", "["]
                        .iter()
                        .any(|end| parsed.contains(&format!("{start}{var}{end}")))
                })
            };
            let everything = parsed.contains("Include(") || parsed.contains("__tera_context");
            (
                everything || names("assessment"),
                everything || names("data"),
            )
        };
        let mut reads = std::collections::HashMap::new();
        for name in tera.get_template_names() {
            let Ok(t) = tera.get_template(name) else {
                continue;
            };
            // The template, its parents, and the macro files any of them imports.
            let mut chain: Vec<&str> = vec![name];
            chain.extend(t.parents.iter().map(String::as_str));
            let mut at = 0;
            while at < chain.len() {
                if let Ok(t) = tera.get_template(chain[at]) {
                    for (file, _) in &t.imported_macro_files {
                        if !chain.contains(&file.as_str()) {
                            chain.push(file);
                        }
                    }
                }
                at += 1;
            }
            let needs = chain
                .iter()
                .map(|n| own(n))
                .fold((false, false), |a, b| (a.0 || b.0, a.1 || b.1));
            reads.insert(name.to_string(), needs);
        }
        Reads(reads)
    }

    /// (`assessment`, `data`) for `template`; both for a template not known.
    fn of_template(&self, template: &str) -> (bool, bool) {
        self.0.get(template).copied().unwrap_or((true, true))
    }
}

/// What the globals are made from.
pub struct GlobalsFrom<'a> {
    pub config: &'a Config,
    pub library: &'a Library,
    pub questionnaire: Option<&'a assessment::Questionnaire>,
    pub translated_questionnaires: &'a BTreeMap<String, assessment::Questionnaire>,
    pub icons: &'a Icons,
    pub packs: &'a [crate::content::packs::Pack],
    /// Members, when the site has a federation, and whether something was left out.
    pub federation: Option<(&'a [crate::content::members::MemberInfo], bool)>,
    pub search_index: bool,
    pub kiosk: bool,
    /// In a kiosk build, the language its idle reset returns to: the kiosk's first.
    pub return_language: Option<&'a str>,
    pub folder_build: bool,
}

impl Globals {
    /// A template context with every global, and where the page is: the one place they are
    /// inserted. Documents add `assessment` (only they show the self-assessment).
    pub fn context(&self, current_path: &str) -> tera::Context {
        self.context_for(None, current_path)
    }

    /// The context for `template`: the large globals only when it can read them.
    pub fn context_for(&self, template: Option<&str>, current_path: &str) -> tera::Context {
        let (assessment, data) = template.map_or((true, true), |t| self.reads.of_template(t));
        let mut cx = tera::Context::new();
        cx.insert("config", &self.config);
        if data {
            cx.insert("data", &self.data);
        }
        if assessment && template.is_some() {
            cx.insert("assessment", &self.assessment);
        }
        cx.insert("lang", &self.lang);
        cx.insert("search_index", &self.search_index);
        cx.insert("kiosk", &self.kiosk);
        cx.insert("folder_build", &self.folder_build);
        cx.insert("packs", &self.packs);
        cx.insert("federation", &self.federation);
        cx.insert("current_path", current_path);
        cx
    }

    /// A page in `lang` besides the default reads its own language's values where it has
    /// them: `config` with `[languages.xx]`'s title, description and `extra` (a key there
    /// replaces the same key of `[extra]`), and `data.name` from `name.xx.toml`.
    pub fn in_language(&self, lang: &str, cx: &mut tera::Context) {
        let Some(language) = self.languages.get(lang) else {
            return;
        };
        let mut config = self.config.clone();
        if let Some(title) = &language.title {
            config["title"] = Value::String(title.clone());
        }
        if let Some(description) = &language.description {
            config["description"] = Value::String(description.clone());
        }
        if let Some(extra) = config["extra"].as_object_mut() {
            for (key, value) in &language.extra {
                extra.insert(key.clone(), to_value(value));
            }
        }
        cx.insert("config", &config);
        if cx.contains_key("data") {
            let suffix = format!(".{lang}");
            let mut data = self.data.clone();
            for (key, value) in &self.data {
                if let Some(base) = key.strip_suffix(&suffix) {
                    data.insert(base.to_string(), value.clone());
                }
            }
            cx.insert("data", &data);
        }
        if let (true, Some(assessment)) =
            (cx.contains_key("assessment"), self.assessments.get(lang))
        {
            cx.insert("assessment", assessment);
        }
    }

    pub fn new(from: GlobalsFrom, reads: Reads) -> Globals {
        let config = from.config;
        Globals {
            config: to_value(ConfigValue::of(config)),
            languages: config.languages.clone(),
            data: template_data(from.library),
            lang: config.default_language.clone(),
            assessment: assessment_value(
                from.questionnaire,
                &config.default_language,
                config,
                from.icons,
                from.return_language,
            ),
            assessments: from
                .translated_questionnaires
                .iter()
                .map(|(lang, q)| {
                    let value =
                        assessment_value(Some(q), lang, config, from.icons, from.return_language);
                    (lang.clone(), value)
                })
                .collect(),
            search_index: from.search_index,
            kiosk: from.kiosk,
            folder_build: from.folder_build,
            packs: to_value(
                from.packs
                    .iter()
                    .map(|p| PackListing::of(p, config))
                    .collect::<Vec<_>>(),
            ),
            federation: match from.federation {
                Some((members, notice)) => to_value(Federation {
                    members: members
                        .iter()
                        .map(|m| (m.id.as_str(), MemberValue::of(m)))
                        .collect(),
                    notice,
                }),
                None => Value::Null,
            },
            reads,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Reads;

    #[test]
    fn only_templates_that_can_read_the_large_globals_get_them() {
        let mut tera = tera::Tera::default();
        tera.add_raw_templates([
            ("plain.html", "<p>{{ config.title }}</p>"),
            (
                "app.html",
                "{% block x %}{{ assessment.embed }}{% endblock %}",
            ),
            (
                "child.html",
                "{% extends \"app.html\" %}{% block x %}hi{% endblock %}",
            ),
            (
                "glossary.html",
                "{% for t in data.glossary.terms %}{{ t }}{% endfor %}",
            ),
            (
                "dataset.html",
                "<div data-action=\"x\">{{ page.title }}</div>",
            ),
            ("with-include.html", "{% include \"plain.html\" %}"),
            ("dump.html", "{{ __tera_context }}"),
            (
                "tested.html",
                "{% if data.glossary is defined %}yes{% endif %}",
            ),
            (
                "macros.html",
                "{% macro terms() %}{{ data.glossary }}{% endmacro terms %}",
            ),
            (
                "uses-macro.html",
                "{% import \"macros.html\" as m %}{{ m::terms() }}",
            ),
        ])
        .unwrap();
        let reads = Reads::of(&tera);
        assert_eq!(reads.of_template("plain.html"), (false, false));
        assert_eq!(reads.of_template("app.html"), (true, false));
        assert_eq!(
            reads.of_template("child.html"),
            (true, false),
            "a parent's reads count"
        );
        assert_eq!(reads.of_template("glossary.html"), (false, true));
        assert_eq!(
            reads.of_template("dataset.html"),
            (false, false),
            "an attribute is not a variable"
        );
        assert_eq!(reads.of_template("with-include.html"), (true, true));
        assert_eq!(reads.of_template("dump.html"), (true, true));
        assert_eq!(
            reads.of_template("tested.html"),
            (false, true),
            "an `is` test reads"
        );
        assert_eq!(
            reads.of_template("uses-macro.html"),
            (false, true),
            "a macro reads"
        );
        assert_eq!(reads.of_template("unknown.html"), (true, true));
    }
}
