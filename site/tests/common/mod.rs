//! Shared by the integration tests.

use std::path::{Path, PathBuf};

/// Every file below `dir`, sorted.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The vendored HSDS 3.0 schema, with format assertions on. Its files refer to each other by
/// bare file name, served here from the vendored folder and nowhere else.
#[allow(dead_code)] // not every test binary validates HSDS
pub fn hsds_validator() -> jsonschema::Validator {
    struct Vendored(PathBuf);
    impl jsonschema::Retrieve for Vendored {
        fn retrieve(
            &self,
            uri: &jsonschema::Uri<String>,
        ) -> Result<serde_json::Value, Box<dyn std::error::Error + Send + Sync>> {
            let name = uri
                .path()
                .as_str()
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string();
            let text = std::fs::read_to_string(self.0.join(&name))?;
            Ok(serde_json::from_str(&text)?)
        }
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../vendor/hsds-3.0/schema");
    let service: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("service.json")).unwrap()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .with_base_uri("https://hsds.invalid/schema/service.json")
        .with_retriever(Vendored(dir))
        .build(&service)
        .unwrap()
}
