//! What a build is asked to do: the folders, the mode, the kiosk, the app, the federation.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use jiff::civil::Date;

pub use crate::content::members::Mode;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    pub drafts: bool,
    /// Replaces config.toml's base_url (as `serve` does).
    pub base_url: Option<String>,
    /// The date review dates are checked against; today when `None`.
    pub today: Option<Date>,
    /// Told as pages render, for a progress bar.
    pub progress: Option<Progress>,
    /// The self-assessment app (JavaScript with the wasm inside), written to
    /// `js/assessment.js` when the site has an assessment.
    pub app_script: Option<AppScript>,
    /// Replaces config.toml's `[assessment] idle_reset_seconds`.
    pub idle_reset_seconds: Option<u32>,
    /// Make links relative and name `index.html`, so the site works opened from a folder.
    pub relative_urls: bool,
    /// Build for this kiosk from config.toml's `[[kiosks]]`: its sections, stories and local
    /// services only, no links out, relative links, and its idle reset.
    pub kiosk: Option<String>,
    /// How members' problems are treated (sites with a `federation.toml`).
    pub mode: Mode,
    /// Build members from the cache only.
    pub offline: bool,
    /// The federation cache [default: ROOT/.throughcare-cache].
    pub cache: Option<PathBuf>,
    /// Where the federation report goes [default: beside the output, `federation-report`].
    pub federation_report: Option<PathBuf>,
    /// Keep sample members and listings in a kiosk or strict build.
    pub include_samples: bool,
    /// Leave out the search index and the packs' PDFs, most of a build's time; every page is
    /// the same as in a full build. For `serve`, which shows the change at once and then runs
    /// the full build.
    pub quick: bool,
    /// The longest a fetch of a member's source may take [default: 60 s].
    pub fetch_timeout: Option<Duration>,
}

/// Called from the render threads with (pages rendered, pages in all): the command turns it
/// into a progress bar, so the library needs no terminal.
#[derive(Clone)]
pub struct Progress(pub Arc<dyn Fn(usize, usize) + Send + Sync>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

/// The built self-assessment app, embedded in the `throughcare` binary: the script the page
/// loads, and the wasm inside it (for the size report).
#[derive(Clone, Copy)]
pub struct AppScript {
    pub script: &'static [u8],
    pub wasm: &'static [u8],
}

impl std::fmt::Debug for AppScript {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AppScript({} bytes)", self.script.len())
    }
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions {
            out: root.join("public"),
            root,
            drafts: false,
            app_script: None,
            idle_reset_seconds: None,
            relative_urls: false,
            kiosk: None,
            base_url: None,
            today: None,
            progress: None,
            mode: Mode::Normal,
            offline: false,
            cache: None,
            federation_report: None,
            include_samples: false,
            quick: false,
            fetch_timeout: None,
        }
    }

    /// Sample data (invented services, a partner's placeholder) never reaches a person on a
    /// kiosk, nor a published (strict) site, unless the build or the manifest asks for it.
    pub(super) fn leaves_out_samples(&self, manifest: Option<&federation::Manifest>) -> bool {
        (self.kiosk.is_some() || self.mode == Mode::Strict)
            && !self.include_samples
            && !manifest.is_some_and(|m| m.include_samples)
    }

    pub(super) fn federation_options(&self, today: Date) -> federation::Options {
        let mut o = federation::Options::new(&self.root, today.to_string());
        if let Some(cache) = &self.cache {
            o.cache = cache.clone();
        }
        o.offline = self.offline;
        if let Some(timeout) = self.fetch_timeout {
            o.http.timeout = timeout;
        }
        o
    }

    pub fn report_dir(&self) -> PathBuf {
        self.federation_report.clone().unwrap_or_else(|| {
            self.out
                .parent()
                .unwrap_or(Path::new("."))
                .join("federation-report")
        })
    }
}
