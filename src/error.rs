//! Error types of the library.
//!
//! A [`ScenarioError`] is a list of [`Problem`]s found in one scenario file;
//! each problem names the file, the line and column where known, the key path
//! (`arms[2].sd`), the offending value and what would be right. The binary maps
//! [`PlanError::Scenario`] and [`PlanError::Input`] to exit status 2 and
//! everything else to 1.

use std::fmt;
use std::path::PathBuf;

/// One thing wrong with a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Key path inside the scenario, e.g. `arms[2].sd`, or a command-line
    /// flag such as `--alpha` when the bad value came from an override.
    pub key: String,
    /// The offending value as written, when there is one.
    pub value: Option<String>,
    /// What is wrong and what would be right.
    pub expected: String,
    /// 1-based line and column in the file, where known.
    pub location: Option<(usize, usize)>,
}

impl Problem {
    /// A problem at `key` with the given value and expectation; its location
    /// is filled in later from the document's spans.
    pub fn new(key: impl Into<String>, value: Option<String>, expected: impl Into<String>) -> Self {
        Problem { key: key.into(), value, expected: expected.into(), location: None }
    }
}

/// Every problem found in one scenario file.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioError {
    /// The scenario file as the user named it.
    pub file: PathBuf,
    /// The problems, in document order where known.
    pub problems: Vec<Problem>,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(f, "{} problem{} in scenario {}", n, if n == 1 { "" } else { "s" }, self.file.display())?;
        for p in &self.problems {
            write!(f, "\n  {}", self.file.display())?;
            if let Some((line, col)) = p.location {
                write!(f, ":{line}:{col}")?;
            }
            write!(f, ": {}", p.key)?;
            if let Some(v) = &p.value {
                write!(f, " = {v}")?;
            }
            write!(f, ": {}", p.expected)?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioError {}

/// Errors returned by the library.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// The scenario file is invalid.
    #[error("{0}")]
    Scenario(#[from] ScenarioError),
    /// Invalid input other than the scenario's content (e.g. an option value).
    #[error("{0}")]
    Input(String),
    /// Reading or writing a file failed.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done ("cannot read", "cannot write").
        action: &'static str,
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Anything else: a bug or an environment failure.
    #[error("internal error: {0}")]
    Internal(String),
}

impl PlanError {
    /// True when the error is the user's input (exit status 2): the
    /// scenario, an option, or a file the user named that cannot be read or
    /// written.
    pub fn is_input_error(&self) -> bool {
        !matches!(self, PlanError::Internal(_))
    }
}
