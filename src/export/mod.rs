//! Exporters and the one place that writes files.
//!
//! Each exporter is a pure serializer behind [`Exporter`]: it turns a
//! [`PlanResult`] into bytes. Only `write.rs` touches the file system: it
//! resolves each output before the run ([`plan_targets`]) and writes them
//! all-or-nothing ([`write_all`]).

mod csv;
pub mod effect;
mod json;
pub mod library;
mod report;
mod summary;
pub mod template;
mod words;
mod write;

pub use self::csv::{Csv, GridCsv, GRID_HEADER};
pub use self::json::Json;
pub use self::report::{Report, ReportFormat};
pub use self::summary::Summary;
pub use self::write::{destination, plan_targets, write_all, Destination};

use std::path::PathBuf;

use crate::engine::PlanResult;
use crate::error::PlanError;

/// Serializes a result into one output format.
pub trait Exporter {
    /// The bytes of the output.
    fn serialize(&self, result: &PlanResult) -> Result<Vec<u8>, PlanError>;
}

/// Where an output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Standard output (`-` on the command line).
    Stdout,
    /// A file, written atomically.
    File(PathBuf),
}

impl Target {
    /// `-` is standard output, anything else a file path.
    pub fn parse(s: &str) -> Target {
        if s == "-" {
            Target::Stdout
        } else {
            Target::File(PathBuf::from(s))
        }
    }
}
