//! The command-line definition (clap). Nothing here computes; `commands`
//! turns these values into library calls.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Plan an experiment by simulation: power and sample size for multi-arm
/// studies, with Monte Carlo uncertainty.
///
/// `plan SCENARIO.toml` reads a scenario, searches for the smallest n per
/// arm that reaches the target power, and prints a summary.
#[derive(Debug, Parser)]
#[command(name = "plan", version, args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub run: RunArgs,
}

/// Subcommands besides the main form `plan SCENARIO.toml`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a scenario and print its assumption ledger, without simulating.
    Check {
        /// The scenario file (TOML).
        scenario: PathBuf,
    },
    /// Print a shell completion script to standard output.
    ///
    /// For example: `plan completions bash > ~/.local/share/bash-completion/completions/plan`,
    /// `plan completions zsh > ~/.zfunc/_plan` (with `fpath+=~/.zfunc` before `compinit`),
    /// `plan completions fish > ~/.config/fish/completions/plan.fish`.
    Completions {
        /// The shell: bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page, plan(1), as roff to standard output.
    ///
    /// For example: `plan man > ~/.local/share/man/man1/plan.1`, then `man plan`.
    Man,
}

/// Options of the main form.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The scenario file (TOML); `-` reads it from standard input.
    #[arg(required = true)]
    pub scenario: Option<PathBuf>,

    /// Write the power curve as CSV to PATH (`-` for standard output).
    #[arg(long, value_name = "PATH")]
    pub csv: Option<String>,

    /// Write the whole result as JSON to PATH (`-` for standard output).
    #[arg(long, value_name = "PATH")]
    pub json: Option<String>,

    /// Write the power curve as SVG (.svg) or PNG (.png).
    #[arg(long, value_name = "PATH")]
    pub plot: Option<String>,

    /// Write the sample-size justification report: Markdown (.md) or stand-alone HTML (.html).
    #[arg(long, value_name = "PATH")]
    pub report: Option<String>,

    /// Compute power at this n per arm (of allocation weight 1) instead of searching.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(2..=100_000))]
    pub n: Option<u32>,

    /// Simulated studies per sample size (overrides simulation.replicates).
    #[arg(long, value_name = "R")]
    pub replicates: Option<u64>,

    /// Random seed, a whole number from 0 to 2^63 − 1 (overrides simulation.seed).
    #[arg(long, value_name = "SEED", value_parser = clap::value_parser!(u64).range(0..=i64::MAX as u64))]
    pub seed: Option<u64>,

    /// Worker threads; 0 means one per core. Results do not depend on it.
    #[arg(long, value_name = "T", default_value_t = 0)]
    pub threads: usize,

    /// Target power (overrides analysis.target_power).
    #[arg(long, value_name = "P")]
    pub target_power: Option<f64>,

    /// Significance level (overrides analysis.alpha).
    #[arg(long, value_name = "A")]
    pub alpha: Option<f64>,

    /// Re-run the search with the effects shrunk and the SDs inflated (the
    /// scenario's [sensitivity] factors, default effect x0.75 and SD x1.25).
    #[arg(long)]
    pub sensitivity: bool,

    /// Turn the precision control off: every n gets exactly `replicates`
    /// studies, even where that cannot tell the recommended n from n − 1.
    #[arg(long, conflicts_with = "precision")]
    pub no_precision: bool,

    /// Turn the precision control on (the default; overrides simulation.precision = false).
    #[arg(long)]
    pub precision: bool,

    /// Most simulated studies the precision control gives one n (overrides
    /// simulation.max_replicates; default 1000000).
    #[arg(long, value_name = "R")]
    pub max_replicates: Option<u64>,

    /// Draw every observation instead of the exact sufficient statistics.
    #[arg(long)]
    pub raw_data: bool,

    /// Do not print the summary (or the progress bar).
    #[arg(long, short)]
    pub quiet: bool,
}
