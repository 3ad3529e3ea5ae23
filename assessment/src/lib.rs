//! The self-assessment's logic, shared by the generator (which checks the questionnaire and
//! prints a paper version) and the browser app (which asks the questions). No I/O, no web,
//! and no words of any language of its own: what the app says comes from `words`.

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
