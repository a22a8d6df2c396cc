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
    /// Turn what a paper reports into an effect size and scenario keys.
    ///
    /// Give one of: `--means A B` with `--sds` or `--ses` and `--n`; `--diff D --ci LO HI --n ...`;
    /// `--t T --n ...`; `--p P --n ...` (an exact p, or "<0.001" for a bound); `--events X1 X2 --n N1 N2`;
    /// `--or`, `--rr` or `--hr` with `--ci`; `--median M` with `--iqr` and/or `--range` and `--n`.
    /// Two group sizes mean two groups; one with `--paired` (or `--one-sample`) one group.
    /// For example: `plan effect --p "<0.001" --n 27 --paired --cite "Shin et al., ref 68"`.
    Effect(Box<EffectArgs>),
    /// Write a new, commented scenario to standard output: every planning value a placeholder
    /// marked `assumed = true`, to replace from the literature.
    ///
    /// For example: `plan new --outcome binary --arms vehicle,cm,exosome,whole-cell --design parallel > study.toml`.
    /// Without `--arms` in a terminal (or with `--interactive`), it asks for what the flags did not give.
    New {
        /// The outcome: normal, lognormal, binary, poisson, negative-binomial, ordinal or time-to-event [default: normal].
        #[arg(long)]
        outcome: Option<String>,
        /// The arms, comma-separated, the control first.
        #[arg(long, value_delimiter = ',')]
        arms: Option<Vec<String>>,
        /// The design: parallel, paired, ancova or clustered [default: parallel].
        #[arg(long)]
        design: Option<String>,
        /// Ask for the values the flags did not give, even when standard input is not a terminal.
        #[arg(long, short = 'i')]
        interactive: bool,
    },
    /// Merge the shard files of a run into its outputs: the CSV and JSON are byte for byte those
    /// of the unsharded run.
    ///
    /// For example: `plan merge shards/*.json --csv hair.csv --json hair.json`. Refuses (exit 2,
    /// nothing written) shards of another scenario, options or split, a repeated shard, and
    /// names the missing ones.
    Merge(Box<MergeArgs>),
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

    #[command(flatten)]
    pub outputs: OutputArgs,

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

    /// Re-run the search over a grid of effect factor × SD factor × dropout (the
    /// scenario's [sensitivity] table; default effect x0.75 and SD x1.25, each with x1).
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

    /// Also report each comparison's minimum detectable effect: how large it must be to reach the
    /// target power at the recommended n, or at `--n` (G*Power's sensitivity analysis).
    #[arg(long)]
    pub mde: bool,

    /// Run only shard K of N (1-based, K = 1…N) and write its counts to --out; `plan merge`
    /// then writes the outputs, byte for byte those of the unsharded run. `slurm` takes K and N
    /// from a Slurm job array (SLURM_ARRAY_TASK_ID, _MIN, _STEP, _COUNT); `slurm/N` takes K from
    /// the task ID as a 0-based index (to resubmit some shards: --array=3,7); `k8s/N` takes K
    /// from a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, 0-based).
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,

    /// With --shard: the shard file to write (.json), or an existing directory to write
    /// shard-K-of-N.json in.
    #[arg(long, value_name = "PATH", requires = "shard")]
    pub out: Option<String>,

    /// Do not print the summary (or the progress bar).
    #[arg(long, short)]
    pub quiet: bool,
}

/// The outputs of a run (or of a merge).
#[derive(Debug, Args)]
pub struct OutputArgs {
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

    /// Write the sensitivity grid as a heatmap, SVG (.svg) or PNG (.png); runs the grid
    /// (as --sensitivity) when the scenario has no [sensitivity] table.
    #[arg(long, value_name = "PATH")]
    pub plot_grid: Option<String>,

    /// Write the sensitivity grid as CSV, one row per cell, to PATH (`-` for standard output);
    /// runs the grid (as --sensitivity) when the scenario has no [sensitivity] table.
    #[arg(long, value_name = "PATH")]
    pub csv_grid: Option<String>,
}

/// Options of `plan merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The shard files (`plan SCENARIO --shard K/N --out FILE`), or directories holding them
    /// (every .json file inside is read).
    #[arg(required = true, value_name = "SHARD")]
    pub shards: Vec<PathBuf>,

    #[command(flatten)]
    pub outputs: OutputArgs,

    /// Worker threads for any simulation the shards did not record; 0 means one per core.
    #[arg(long, value_name = "T", default_value_t = 0)]
    pub threads: usize,

    /// Do not print the summary (or the progress bar).
    #[arg(long, short)]
    pub quiet: bool,
}

/// Options of `plan effect`.
#[derive(Debug, Args)]
pub struct EffectArgs {
    /// Two group means, the first minus the second is the difference.
    #[arg(long, num_args = 2, value_names = ["A", "B"], allow_negative_numbers = true)]
    pub means: Option<Vec<f64>>,

    /// The two groups' standard deviations.
    #[arg(long, num_args = 2, value_names = ["S1", "S2"], conflicts_with = "ses", allow_negative_numbers = true)]
    pub sds: Option<Vec<f64>>,

    /// The two groups' standard errors of the mean (SD = SE·√n).
    #[arg(long, num_args = 2, value_names = ["E1", "E2"], allow_negative_numbers = true)]
    pub ses: Option<Vec<f64>>,

    /// Group sizes: two for two groups, one with --paired or --one-sample (or for --median).
    #[arg(long, num_args = 1..=2, value_names = ["N1", "N2"])]
    pub n: Option<Vec<u32>>,

    /// With --means: the correlation of the two measurements of the same subjects (gives d_z).
    #[arg(long, value_name = "R", allow_negative_numbers = true)]
    pub r: Option<f64>,

    /// A difference (first minus second group, or after minus before), with --ci.
    #[arg(long, value_name = "D", allow_negative_numbers = true)]
    pub diff: Option<f64>,

    /// A confidence interval: of --diff, or of --or, --rr or --hr.
    #[arg(long, num_args = 2, value_names = ["LO", "HI"], allow_negative_numbers = true)]
    pub ci: Option<Vec<f64>>,

    /// The confidence level of --ci.
    #[arg(long, value_name = "L", default_value_t = 0.95)]
    pub level: f64,

    /// --ci is a normal (Wald) interval, not a t interval.
    #[arg(long)]
    pub z: bool,

    /// A t statistic.
    #[arg(long, value_name = "T", allow_negative_numbers = true, conflicts_with = "p")]
    pub t: Option<f64>,

    /// A p-value: exact ("0.012") or a bound ("<0.001").
    #[arg(long, value_name = "P")]
    pub p: Option<String>,

    /// The p-value is one-sided.
    #[arg(long)]
    pub one_sided: bool,

    /// One group measured twice (pre/post): the effect is d_z.
    #[arg(long, conflicts_with = "one_sample")]
    pub paired: bool,

    /// One group against a fixed value.
    #[arg(long)]
    pub one_sample: bool,

    /// Events in the two groups (with --n N1 N2).
    #[arg(long, num_args = 2, value_names = ["X1", "X2"])]
    pub events: Option<Vec<u32>>,

    /// An odds ratio (with --ci).
    #[arg(long = "or", value_name = "OR", conflicts_with_all = ["risk_ratio", "hazard_ratio"])]
    pub odds_ratio: Option<f64>,

    /// A risk ratio (with --ci).
    #[arg(long = "rr", value_name = "RR", conflicts_with = "hazard_ratio")]
    pub risk_ratio: Option<f64>,

    /// A hazard ratio (with --ci).
    #[arg(long = "hr", value_name = "HR")]
    pub hazard_ratio: Option<f64>,

    /// A median (with --iqr and/or --range, and --n).
    #[arg(long, value_name = "M", allow_negative_numbers = true)]
    pub median: Option<f64>,

    /// The interquartile range of --median.
    #[arg(long, num_args = 2, value_names = ["Q1", "Q3"], allow_negative_numbers = true)]
    pub iqr: Option<Vec<f64>>,

    /// The range (minimum, maximum) of --median.
    #[arg(long, num_args = 2, value_names = ["MIN", "MAX"], allow_negative_numbers = true)]
    pub range: Option<Vec<f64>>,

    /// Where the numbers come from, for the `source` line ("Shin et al. 2015, Table 2").
    #[arg(long, value_name = "TEXT")]
    pub cite: Option<String>,

    /// Write the result as JSON to PATH (`-` for standard output) instead of the text.
    #[arg(long, value_name = "PATH")]
    pub json: Option<String>,
}

#[cfg(test)]
mod tests {
    /// clap's own consistency checks (argument ids named in conflicts,
    /// value names, ...), which otherwise surface only at run time.
    #[test]
    fn the_command_line_definition_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
