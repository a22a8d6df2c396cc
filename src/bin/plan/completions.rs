//! Shell completions (`plan completions SHELL`) and the manual page
//! (`plan man`), generated from the clap definition in `cli`, so that they
//! always list the options the binary has. Both print to standard output.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;
use plan::PlanError;

use crate::cli::Cli;

fn stdout_error(source: std::io::Error) -> PlanError {
    PlanError::Io { action: "cannot write", path: "<stdout>".into(), source }
}

/// Prints the completion script for `shell`.
pub fn completions(shell: Shell) -> Result<(), PlanError> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "plan", &mut out);
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&out).and_then(|()| stdout.flush()).map_err(stdout_error)
}

/// Prints the manual page, plan(1), as roff.
pub fn man() -> Result<(), PlanError> {
    let cmd = Cli::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut out).map_err(stdout_error)?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&out).and_then(|()| stdout.flush()).map_err(stdout_error)
}
