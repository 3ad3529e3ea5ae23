//! The self-assessment's logic, shared by the generator (which checks the questionnaire and
//! prints a paper version) and the browser app (which asks the questions). No I/O, no web.
//! What the app says around the questionnaire's own words comes from config.toml (`words`),
//! so the plan, its dates and its errors are language-free values until the app says them.

pub mod code;
pub mod day;
pub mod embedded;
pub mod model;
pub mod plan;
pub mod release;
pub mod source;
pub mod words;

pub use day::Day;
pub use model::{Answers, Questionnaire};
pub use words::{Key, Words};

#[cfg(test)]
mod tests;
