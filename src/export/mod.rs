//! Exporters and the one place that writes files.
//!
//! Each exporter is a pure serializer behind [`Exporter`]: it turns a
//! [`PlanResult`] into bytes. Only [`write_all`] touches the file system, and
//! it writes atomically: every output goes to a temporary file in the target
//! directory first, and the files are renamed into place only once all of
//! them have been written, so a failure never leaves a half-written file.

mod csv;
mod json;
mod report;
mod summary;

pub use self::csv::Csv;
pub use self::json::Json;
pub use self::report::{Report, ReportFormat};
pub use self::summary::Summary;

use std::io::Write;
use std::path::{Path, PathBuf};

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

fn io_error<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> PlanError + 'a {
    move |source| PlanError::Io { action, path: path.to_path_buf(), source }
}

/// Writes every (target, bytes) pair: files atomically and all-or-nothing,
/// then standard output in order.
pub fn write_all(outputs: &[(Target, Vec<u8>)]) -> Result<(), PlanError> {
    let mut staged = Vec::new();
    for (target, bytes) in outputs {
        if let Target::File(path) = target {
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            let mut tmp = tempfile::Builder::new()
                .prefix(".plan-")
                .suffix(".tmp")
                .tempfile_in(dir)
                .map_err(io_error("cannot write", path))?;
            tmp.write_all(bytes).map_err(io_error("cannot write", path))?;
            // Temporary files are created private (0600); outputs are
            // ordinary files, readable by others as usual (0644).
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let perms = std::fs::Permissions::from_mode(0o644);
                tmp.as_file().set_permissions(perms).map_err(io_error("cannot write", path))?;
            }
            tmp.as_file().sync_all().map_err(io_error("cannot write", path))?;
            staged.push((tmp, path));
        }
    }
    for (tmp, path) in staged {
        tmp.persist(path).map_err(|e| PlanError::Io { action: "cannot write", path: path.clone(), source: e.error })?;
    }
    let mut out = std::io::stdout().lock();
    for (target, bytes) in outputs {
        if *target == Target::Stdout {
            out.write_all(bytes).map_err(io_error("cannot write", Path::new("<stdout>")))?;
        }
    }
    out.flush().map_err(io_error("cannot write", Path::new("<stdout>")))
}
