//! The commands that are more than one call into the generator: each a thin module of its own,
//! so that the library knows nothing of HTTP servers, benchmarks or terminals.

pub mod bench;
pub mod corpus;
pub mod progress;
pub mod serve;
