//! Federation: many partners' content sources, made safe to build from.
//!
//! Data flows one way: the manifest (`federation.toml`) names members and their sources;
//! `update` resolves each source and writes `federation.lock`; `resolve` fetches exactly what is
//! locked (or falls back to the cache), checks signatures and hashes, vets every path before a
//! byte is read into the build, and hands the generator one checked [`Tree`] per member.
//! Nothing here knows about pages or HTML.

// A `Finding` carries everything a partner needs to fix their source; it travels only on the
// error path of a batch tool, where its size costs nothing measurable.
#![allow(clippy::result_large_err)]

mod http;
pub mod lock;
pub mod manifest;
mod oruk;

mod resolve;
mod sign;
mod source;
pub mod tree;

pub use finding::{Finding, InMember, LeavesOut, Severity};
pub use http::{redact, Http};
pub use lock::{Lock, LockedMember};
pub use manifest::{Kind, Manifest, Member, Revoked, Source};
pub use resolve::{check_folder, resolve, update, Options, Origin, Resolved, ResolvedMember};
pub use tree::{Tree, MAX_FILES, MAX_FILE_BYTES};

/// The manifest's file name, at the site's root.
pub const MANIFEST: &str = "federation.toml";
/// The lockfile's file name, beside the manifest.
pub const LOCKFILE: &str = "federation.lock";
