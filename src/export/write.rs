//! The one place that writes outputs.
//!
//! Every output is checked before the simulation runs ([`plan_targets`]),
//! staged, and only then committed, so a failure leaves nothing behind:
//!
//! - a **regular file or a new path** is written to a temporary file in its
//!   directory and renamed into place once every output has been staged
//!   (atomic per file; all-or-nothing across files as far as the file
//!   system allows: every check that can fail runs before the first rename);
//! - a **symbolic link** is followed: the output goes to the link's final
//!   target and the link stays a link;
//! - anything that is **not a regular file** (a character device such as a
//!   null device, a FIFO, a socket, `/proc/self/fd/1`) is written through
//!   directly and never renamed over;
//! - a **directory** is refused before anything is written.
//!
//! Standard output is written last; a reader that closed the pipe early
//! (`plan big.toml | head -1`) ends the run quietly.

use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use super::Target;
use crate::error::PlanError;

/// How an output file will be written, decided before any simulation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Standard output.
    Stdout,
    /// A regular file (or a new one) at this resolved path: staged in its
    /// directory and renamed into place.
    Replace(PathBuf),
    /// A device, FIFO or socket: opened and written through, never renamed.
    Through(PathBuf),
}

fn input(msg: String) -> PlanError {
    PlanError::Input(msg)
}

/// Follows a chain of symbolic links that may end at a path that does not
/// exist yet (a dangling link: the output will create its target).
fn follow_links(path: &Path) -> Result<PathBuf, PlanError> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = std::fs::read_link(&p).map_err(|source| PlanError::Io {
                    action: "cannot follow the link",
                    path: p.clone(),
                    source,
                })?;
                let base = p.parent().map(Path::to_path_buf).unwrap_or_default();
                p = if target.is_absolute() { target } else { base.join(target) };
            }
            _ => return Ok(p),
        }
    }
    Err(input(format!("{}: too many levels of symbolic links", path.display())))
}

/// Decides how the output `flag PATH` will be written, and checks that it
/// can be: its directory exists, and it is not a directory.
pub fn destination(flag: &str, target: &Target) -> Result<Destination, PlanError> {
    let Target::File(path) = target else { return Ok(Destination::Stdout) };
    let shown = path.display();
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Err(input(format!("{flag} {shown}: is a directory; name a file inside it instead"))),
        Ok(m) if m.is_file() => {
            let real = std::fs::canonicalize(path).map_err(|source| PlanError::Io {
                action: "cannot resolve",
                path: path.clone(),
                source,
            })?;
            Ok(Destination::Replace(real))
        }
        // A device, FIFO or socket (including /proc/self/fd/N): the kernel
        // follows the path; write through it.
        Ok(_) => Ok(Destination::Through(path.clone())),
        Err(_) => {
            let real = follow_links(path)?;
            let dir = real.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
            if !dir.is_dir() {
                return Err(input(format!(
                    "{flag} {shown}: the directory {} does not exist; create it or choose another path",
                    dir.display()
                )));
            }
            Ok(Destination::Replace(real))
        }
    }
}

/// Resolves every named output and refuses two outputs that would land on
/// the same file (`--csv x --json x`, or through a link), or two on
/// standard output.
pub fn plan_targets(outputs: &[(&str, Target)]) -> Result<Vec<Destination>, PlanError> {
    let mut out: Vec<Destination> = Vec::with_capacity(outputs.len());
    for (i, (flag, target)) in outputs.iter().enumerate() {
        let d = destination(flag, target)?;
        if let Some(j) = out.iter().position(|e| same(e, &d)) {
            let what = match &d {
                Destination::Stdout => "standard output".to_string(),
                Destination::Replace(p) | Destination::Through(p) => p.display().to_string(),
            };
            return Err(input(format!(
                "{} and {} both write to {what}; give each output its own path",
                outputs[j].0, outputs[i].0
            )));
        }
        out.push(d);
    }
    Ok(out)
}

/// True when two destinations are the same place. Two writes through one
/// device are harmless only for a null device; refuse them all alike.
fn same(a: &Destination, b: &Destination) -> bool {
    match (a, b) {
        (Destination::Stdout, Destination::Stdout) => true,
        (Destination::Replace(x), Destination::Replace(y)) => x == y,
        (Destination::Through(x), Destination::Through(y)) => x == y || same_file(x, y).unwrap_or(false),
        _ => false,
    }
}

#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let (a, b) = (std::fs::metadata(a)?, std::fs::metadata(b)?);
    Ok(a.dev() == b.dev() && a.ino() == b.ino())
}

#[cfg(not(unix))]
fn same_file(_: &Path, _: &Path) -> std::io::Result<bool> {
    Ok(false)
}

fn io_error<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> PlanError + 'a {
    move |source| PlanError::Io { action, path: path.to_path_buf(), source }
}

/// Writes every (destination, bytes) pair: all regular files are staged
/// first, then devices and FIFOs are written through, then the staged files
/// are renamed into place, then standard output is written. A failure
/// before the renames leaves no output behind.
pub fn write_all(outputs: &[(Destination, Vec<u8>)]) -> Result<(), PlanError> {
    let mut staged = Vec::new();
    for (dest, bytes) in outputs {
        if let Destination::Replace(path) = dest {
            staged.push((stage(path, bytes)?, path));
        }
    }
    for (dest, bytes) in outputs {
        if let Destination::Through(path) = dest {
            let mut f: File = OpenOptions::new().write(true).open(path).map_err(io_error("cannot write", path))?;
            f.write_all(bytes).map_err(io_error("cannot write", path))?;
            f.flush().map_err(io_error("cannot write", path))?;
        }
    }
    for (tmp, path) in staged {
        tmp.persist(path).map_err(|e| PlanError::Io { action: "cannot write", path: path.clone(), source: e.error })?;
    }
    let mut out = std::io::stdout().lock();
    let stdout = Path::new("<stdout>");
    for (dest, bytes) in outputs {
        if *dest == Destination::Stdout {
            match out.write_all(bytes) {
                Err(e) if e.kind() == ErrorKind::BrokenPipe => return Ok(()),
                r => r.map_err(io_error("cannot write", stdout))?,
            }
        }
    }
    match out.flush() {
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        r => r.map_err(io_error("cannot write", stdout)),
    }
}

/// Writes `bytes` to a temporary file beside `path`, mode 0644, synced.
fn stage(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile, PlanError> {
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
    // Temporary files are created private (0600); outputs are ordinary
    // files, readable by others as usual (0644).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perms = std::fs::Permissions::from_mode(0o644);
        tmp.as_file().set_permissions(perms).map_err(io_error("cannot write", path))?;
    }
    tmp.as_file().sync_all().map_err(io_error("cannot write", path))?;
    Ok(tmp)
}
