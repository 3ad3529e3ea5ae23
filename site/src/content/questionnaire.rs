//! The self-assessment's questionnaire and services, read with the `assessment` crate and
//! checked like any other content: problems become findings with file and line.

use std::path::Path;

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
    for rel in &library.assessment_files {
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
        .map(Some)
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
