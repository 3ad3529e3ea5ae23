//! The values every template gets.

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
