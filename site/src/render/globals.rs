//! The values every template gets, made once: config, data, language, the self-assessment,
//! the packs and the federation.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::config::Config;
use crate::content::Library;
use crate::icons::Icons;

/// The `assessment` variable: the questionnaire for templates (the paper version), and the
/// same as JSON for the app to read from the page, so that it works from `file://` and under
/// `connect-src 'none'`.
pub(crate) fn assessment_value(
    questionnaire: Option<&assessment::Questionnaire>,
    config: &Config,
    icons: &Icons,
) -> Value {
    let Some(q) = questionnaire else {
        return Value::Null;
    };
    let used = q
        .questions
        .iter()
        .flat_map(|x| std::iter::once(&x.icon).chain(x.options.iter().map(|o| &o.icon)));
    let pictures: BTreeMap<&str, &str> = used
        .filter_map(|name| Some((name.as_str(), icons.get(name)?)))
        .collect();
    let embedded = json!({ "questionnaire": q, "idle_reset_seconds": config.assessment.idle_reset_seconds, "icons": pictures });
    // `<` escaped, so the JSON can never close the <script> element that holds it.
    let embed = serde_json::to_string(&embedded)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    json!({ "questionnaire": q, "embed": embed, "idle_reset_seconds": config.assessment.idle_reset_seconds })
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

/// Variables every template gets.
pub struct Globals {
    pub config: Value,
    pub data: BTreeMap<String, Value>,
    pub lang: String,
    pub assessment: Value,
    /// Pagefind search is built (web builds only).
    pub search_index: bool,
    /// The printable packs: id, title, description, print page and PDF URLs.
    pub packs: Value,
    /// Members (by id: name, revision, checked, sample) and whether a notice is due that some
    /// services may be missing. `null` when the site has no federation.
    pub federation: Value,
}

/// What the globals are made from.
pub struct GlobalsFrom<'a> {
    pub config: &'a Config,
    pub library: &'a Library,
    pub questionnaire: Option<&'a assessment::Questionnaire>,
    pub icons: &'a Icons,
    pub packs: &'a [crate::content::packs::Pack],
    /// Members, when the site has a federation, and whether something was left out.
    pub federation: Option<(&'a [crate::content::members::MemberInfo], bool)>,
    pub search_index: bool,
}

impl Globals {
    /// A template context with every global, and where the page is: the one place they are
    /// inserted. Documents add `assessment` (only they show the self-assessment).
    pub fn context(&self, current_path: &str) -> tera::Context {
        let mut cx = tera::Context::new();
        cx.insert("config", &self.config);
        cx.insert("data", &self.data);
        cx.insert("lang", &self.lang);
        cx.insert("search_index", &self.search_index);
        cx.insert("packs", &self.packs);
        cx.insert("federation", &self.federation);
        cx.insert("current_path", current_path);
        cx
    }

    pub fn new(from: GlobalsFrom) -> Globals {
        let config = from.config;
        Globals {
            config: super::config_value(config),
            data: template_data(from.library),
            lang: config.default_language.clone(),
            assessment: assessment_value(from.questionnaire, config, from.icons),
            search_index: from.search_index,
            packs: Value::Array(
                from.packs
                    .iter()
                    .map(|p| {
                        let pdf = cfg!(feature = "pdf").then(|| config.url_for(&format!("packs/{}/{}.pdf", p.id, p.id)));
                        json!({"id": p.id, "title": p.title, "description": p.description, "audience": p.audience, "permalink": config.url_for(&format!("packs/{}/", p.id)), "pdf": pdf})
                    })
                    .collect(),
            ),
            federation: match from.federation {
                Some((members, notice)) => {
                    let by_id: serde_json::Map<String, Value> = members
                        .iter()
                        .map(|m| (m.id.clone(), json!({"name": m.name, "revision": m.revision, "checked": m.checked, "sample": m.sample, "from_cache": m.from_cache})))
                        .collect();
                    json!({"members": by_id, "notice": notice})
                }
                None => Value::Null,
            },
        }
    }
}
