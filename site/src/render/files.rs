//! Files published as they are, or nearly: data files as JSON, pictures beside pages and from
//! members, `static/`, and the self-assessment's script.

use std::path::Path;

use crate::config::Kiosk;
use crate::content::Library;
use crate::finding::Finding;
use crate::output::OutputFile;

/// `content/*.toml` and `*.json` as `/data/{name}.json`.
pub fn data(library: &Library) -> Vec<OutputFile> {
    library
        .data
        .iter()
        .map(|(name, value)| {
            let json = serde_json::to_string_pretty(value).unwrap_or_default();
            OutputFile::Made {
                path: format!("data/{}.json", name.replace('_', "-")),
                bytes: (json + "\n").into_bytes(),
            }
        })
        .collect()
}

/// Pictures and other files beside the content, the site's and members', that the build carries.
pub fn assets(root: &Path, library: &Library, kiosk: Option<&Kiosk>) -> Vec<OutputFile> {
    let shown = |rel: &str| crate::kiosk::carries_asset(kiosk, rel);
    let own = library
        .assets
        .iter()
        .filter(|a| shown(a))
        .map(|asset| OutputFile::Copied {
            path: asset.clone(),
            from: root.join("content").join(asset),
        });
    let members = library
        .mounted_assets
        .iter()
        .filter(|(a, _)| shown(a))
        .map(|(path, bytes)| OutputFile::Made {
            path: path.clone(),
            bytes: bytes.to_vec(),
        });
    own.chain(members).collect()
}

/// `static/` as it is, except links out of the site, which are refused.
pub fn static_files(root: &Path, errors: &mut Vec<Finding>) -> Vec<OutputFile> {
    let (files, refused) = crate::walk::site_files(root, "static", false);
    errors.extend(refused);
    files
        .into_iter()
        .map(|f| OutputFile::Copied {
            path: f.rel,
            from: f.path,
        })
        .collect()
}
