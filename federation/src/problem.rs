//! What went wrong with a member or its source, in the shape the generator's findings need.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub level: Level,
    /// Stable rule name, `federation::what`.
    pub rule: &'static str,
    /// The member it is about; `None` for the manifest or lock as a whole.
    pub member: Option<String>,
    /// `federation.toml`, `federation.lock`, or a path inside the member's source.
    pub file: String,
    /// Byte range in `file` when the file is the manifest or the lock.
    pub span: Option<Range<usize>>,
    pub message: String,
    pub help: String,
}

impl Problem {
    pub fn error(
        rule: &'static str,
        member: Option<&str>,
        file: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Problem {
        Problem {
            level: Level::Error,
            rule,
            member: member.map(str::to_string),
            file: file.into(),
            span: None,
            message: message.into(),
            help: help.into(),
        }
    }

    pub fn warning(
        rule: &'static str,
        member: Option<&str>,
        file: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Problem {
        Problem {
            level: Level::Warning,
            ..Problem::error(rule, member, file, message, help)
        }
    }

    pub fn at(mut self, span: Range<usize>) -> Problem {
        self.span = Some(span);
        self
    }

    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }
}
