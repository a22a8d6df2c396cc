//! The `plan` command: a thin shell over the `plan` library.
//!
//! Exit status: 0 on success, 2 on invalid input (command line or scenario),
//! 1 on an internal error.

mod cli;
mod commands;
mod completions;
mod effect;
mod link;
mod new;
mod progress;
mod shard;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    // A panic is a bug: report it as an internal error, not a crash dump.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("error: internal error (please report this bug): {info}");
    }));
    match std::panic::catch_unwind(|| commands::dispatch(cli)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(if e.is_input_error() { 2 } else { 1 })
        }
        Err(_) => ExitCode::from(1),
    }
}
