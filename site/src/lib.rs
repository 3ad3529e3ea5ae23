//! The throughcare generator. Data flows one way:
//! config -> content (model) -> markdown -> lint -> render (tera) -> output (atomic write).

// A `Finding` is large because it carries everything a person needs to fix the input; it
// travels only on the error path of a batch tool, where its size costs nothing measurable.
#![allow(clippy::result_large_err)]

pub mod config;
pub mod content;
pub use finding;
pub mod icons;
pub mod lint;
pub mod markdown;
pub mod output;
pub mod render;
pub mod slug;
mod walk;

mod build;
mod kiosk;
pub mod report;

pub use build::{
    build, check, check_member, publish, rebuild_pages, AppScript, BuildError, BuildOptions,
    BuildSummary, Mode, Progress, Stages,
};
