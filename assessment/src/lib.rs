//! The self-assessment's logic, shared by the generator (which checks the questionnaire and
//! prints a paper version) and the browser app (which asks the questions). No I/O, no web.

pub mod code;
pub mod day;
pub mod embedded;
pub mod model;
pub mod plan;
pub mod release;
pub mod source;

pub use day::Day;
pub use model::{Answers, Questionnaire};

#[cfg(test)]
mod tests;
