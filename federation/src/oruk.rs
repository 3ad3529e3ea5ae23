//! Open Referral UK feeds: a directory that publishes the ORUK / HSDS API (`/services`, paged
//! JSON of HSDS services) read page by page into one `hsds.json`, which the generator maps to
//! listings as it does a member's own. Each service is validated against the vendored HSDS 3.0
//! schema; one that fails is left out with a finding. A feed that pages forever, a page too
//! large and JSON that is not JSON are findings, never a hang or a crash. The feed's ids are
//! not used as addresses: each listing's id is made inside the member's namespace.

use std::sync::OnceLock;

use serde_json::Value;

use finding::Finding;

use crate::http::{self, Http};
use crate::source::{FetchError, Fetched};
use crate::tree::Vetting;

/// More pages than any directory of services for one partner needs.
pub const MAX_PAGES: u32 = 200;

/// Every page of the feed at `url`, as the member's `hsds.json`; at most `max_bytes` in all.
pub fn fetch(
    http_rules: &Http,
    member: &str,
    url: &str,
    insecure: bool,
    max_bytes: u64,
) -> Result<Fetched, FetchError> {
    let shown = http::redact(url);
    let refuse = |rule, message, help| FetchError::refused(member, rule, message, help);
    let mut services = Vec::new();
    let mut left = max_bytes;
    for page in 1..=MAX_PAGES {
        let join = if url.contains('?') { '&' } else { '?' };
        let bytes = http::get(
            http_rules,
            member,
            &format!("{url}{join}page={page}"),
            insecure,
            left,
        )?;
        left = left.saturating_sub(bytes.len() as u64);
        let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
            refuse(
                "federation::bad_feed",
                format!("page {page} of `{shown}` is not JSON: {e}"),
                "ask the partner to check their Open Referral UK API's /services output",
            )
        })?;
        // HSDS 3.0 pages (`contents`, `total_pages`, `last_page`) or ORUK 1.0 pages
        // (`content`, `totalPages`, `last`).
        let Some(items) = value
            .get("contents")
            .or_else(|| value.get("content"))
            .and_then(Value::as_array)
        else {
            return Err(refuse(
                "federation::bad_feed",
                format!("page {page} of `{shown}` has no `contents` list of services"),
                "the address should be the feed's /services endpoint",
            ));
        };
        services.extend(items.iter().cloned());
        let total = ["total_pages", "totalPages"]
            .iter()
            .find_map(|k| value.get(*k).and_then(Value::as_u64));
        let last = ["last_page", "last"]
            .iter()
            .find_map(|k| value.get(*k).and_then(Value::as_bool))
            .unwrap_or(false);
        if last || items.is_empty() || total.is_some_and(|t| u64::from(page) >= t) {
            return Ok(to_tree(member, services));
        }
    }
    Err(refuse(
        "federation::feed_too_long",
        format!("`{shown}` did not end within {MAX_PAGES} pages"),
        "check the feed's paging (last_page, total_pages); ask the partner to fix it",
    ))
}

/// The services that pass the HSDS schema, as `hsds.json`; a finding for each that does not.
fn to_tree(member: &str, services: Vec<Value>) -> Fetched {
    let mut problems = Vec::new();
    let schema = validator();
    let mut kept = Vec::new();
    for (i, service) in services.into_iter().enumerate() {
        let why = match schema {
            Ok(v) => v.iter_errors(&service).next().map(|e| {
                let at = e.instance_path().to_string();
                format!(
                    "{e}{}",
                    if at.is_empty() {
                        String::new()
                    } else {
                        format!(" (at {at})")
                    }
                )
            }),
            Err(e) => Some(format!("the vendored HSDS schema cannot be used: {e}")),
        };
        match why {
            None => kept.push(service),
            Some(why) => problems.push(Finding::error(
                "federation::invalid_hsds",
                Some(member),
                "hsds.json",
                format!("service {} of the feed is not valid HSDS 3.0: {why}", i + 1),
                "ask the partner to fix the service in their directory; it is left out until then",
            )),
        }
    }
    let text = serde_json::to_vec_pretty(&Value::Array(kept)).unwrap_or_default();
    let mut vet = Vetting::new(member);
    vet.entry(
        "hsds.json",
        crate::tree::EntryKind::File,
        text.len() as u64,
        || Ok(text.clone()),
    );
    problems.extend(vet.problems);
    Fetched {
        revision: format!("sha256:{}", crate::tree::sha256_hex(&text)),
        tree: vet.tree,
        problems,
    }
}

/// The HSDS 3.0 service schema, from the copy vendored with the source, built once.
fn validator() -> &'static Result<jsonschema::Validator, String> {
    static VALIDATOR: OnceLock<Result<jsonschema::Validator, String>> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let service: Value = serde_json::from_str(SCHEMAS[0].1).map_err(|e| e.to_string())?;
        jsonschema::options()
            .should_validate_formats(true)
            .with_base_uri("https://hsds.invalid/schema/service.json")
            .with_retriever(Vendored)
            .build(&service)
            .map_err(|e| e.to_string())
    })
}

struct Vendored;

impl jsonschema::Retrieve for Vendored {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri.path().as_str().rsplit('/').next().unwrap_or_default();
        let text = SCHEMAS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
            .ok_or_else(|| format!("{name} is not in the vendored HSDS schema"))?;
        Ok(serde_json::from_str(text)?)
    }
}

macro_rules! vendored {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../vendor/hsds-3.0/schema/", $name)))),*]
    };
}

/// The vendored HSDS 3.0 schema files, the service first.
const SCHEMAS: &[(&str, &str)] = vendored![
    "service.json",
    "accessibility.json",
    "address.json",
    "attribute.json",
    "contact.json",
    "cost_option.json",
    "funding.json",
    "language.json",
    "location.json",
    "metadata.json",
    "organization.json",
    "organization_identifier.json",
    "phone.json",
    "program.json",
    "required_document.json",
    "schedule.json",
    "service_area.json",
    "service_at_location.json",
    "taxonomy.json",
    "taxonomy_term.json",
];
