//! Turns parsed arguments into library calls and outputs.

use std::path::{Path, PathBuf};

use plan::engine::{self, DataPath, Mode, PlanResult, RunOptions};
use plan::export::{self, Csv, Destination, Exporter, GridCsv, Json, Report, ReportFormat, Summary, Target};
use plan::plot::{self, ImageFormat};
use plan::scenario::{Overrides, Scenario};
use plan::PlanError;

use crate::cli::{Cli, Command, OutputArgs, RunArgs};
use crate::progress::Bar;

/// Runs the command the user asked for.
pub fn dispatch(cli: Cli) -> Result<(), PlanError> {
    match cli.command {
        Some(Command::Check { scenario }) => check(&scenario),
        Some(Command::Completions { shell }) => crate::completions::completions(shell),
        Some(Command::Man) => crate::completions::man(),
        Some(Command::Merge(args)) => crate::shard::merge(&args, command_line()),
        Some(Command::Effect(args)) => crate::effect::run(&args),
        Some(Command::New { outcome, arms, design, interactive }) => {
            crate::new::run(crate::new::NewArgs { outcome, arms, design, interactive })
        }
        None => run(cli.run),
    }
}

fn check(path: &Path) -> Result<(), PlanError> {
    use std::fmt::Write as _;
    let scenario = Scenario::from_file(path, &Overrides::default())?;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: valid ({} arms, {} comparison{})",
        path.display(),
        scenario.arms().len(),
        scenario.comparisons().len(),
        if scenario.comparisons().len() == 1 { "" } else { "s" }
    );
    for a in scenario.assumptions() {
        let why = a.source.as_deref().unwrap_or("no source given");
        let _ = writeln!(s, "  [{}] {} ({}): {}", a.label(), a.what, a.key, why);
    }
    export::write_all(&[(Destination::Stdout, s.into_bytes())])
}

/// The command line as typed, quoted where a word needs it, for the
/// report's reproducibility block.
pub fn command_line() -> String {
    // The program as "plan", whatever path it was started from.
    let program = std::iter::once("plan".to_string());
    program
        .chain(std::env::args().skip(1))
        .map(|a| {
            if !a.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c)) {
                a
            } else {
                format!("'{}'", a.replace('\'', "'\\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A file-only output whose format comes from its extension.
fn file_output<F>(
    flag: &str,
    value: &Option<String>,
    expected: &str,
    parse: impl Fn(&Path) -> Option<F>,
) -> Result<Option<(PathBuf, F)>, PlanError> {
    let Some(v) = value else { return Ok(None) };
    let path = PathBuf::from(v);
    let format = (v != "-")
        .then(|| parse(&path))
        .flatten()
        .ok_or_else(|| PlanError::Input(format!("{flag} {v}: expected a file name ending in {expected}")))?;
    Ok(Some((path, format)))
}

/// Worker threads to use: `--threads` as given, but no more than
/// [`MAX_THREADS_PER_CORE`] per core (more only costs memory and time; the
/// results do not depend on it), with a note when it is lowered.
pub fn threads(requested: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cap = cores * MAX_THREADS_PER_CORE;
    if requested > cap {
        eprintln!("note: --threads {requested} lowered to {cap} ({MAX_THREADS_PER_CORE} per core on this {cores}-core machine); results do not depend on it");
        cap
    } else {
        requested
    }
}

/// Most worker threads per core that `--threads` may ask for.
const MAX_THREADS_PER_CORE: usize = 4;

/// The outputs asked for, resolved and checked before any simulation: a
/// bad path fails now, not after the run, and two outputs cannot share a
/// file.
pub struct Planned {
    plot: Option<(PathBuf, ImageFormat)>,
    report: Option<(PathBuf, ReportFormat)>,
    plot_grid: Option<(PathBuf, ImageFormat)>,
    named: Vec<(&'static str, Destination)>,
}

impl Planned {
    fn dest(&self, flag: &str) -> Option<Destination> {
        self.named.iter().find(|(f, _)| *f == flag).map(|(_, d)| d.clone())
    }

    /// The outputs that are files, by flag.
    pub fn files(&self) -> Vec<(&'static str, PathBuf)> {
        self.named
            .iter()
            .filter_map(|(f, d)| match d {
                Destination::Replace(p) | Destination::Through(p) => Some((*f, p.clone())),
                Destination::Stdout => None,
            })
            .collect()
    }

    /// Whether an output asks for the sensitivity grid.
    pub fn wants_grid(&self) -> bool {
        self.plot_grid.is_some() || self.dest("--csv-grid").is_some()
    }
}

/// Resolves and checks the outputs of `o`.
pub fn plan_outputs(o: &OutputArgs) -> Result<Planned, PlanError> {
    let plot = file_output("--plot", &o.plot, ".svg or .png", ImageFormat::from_path)?;
    let report = file_output("--report", &o.report, ".md or .html", ReportFormat::from_path)?;
    let plot_grid = file_output("--plot-grid", &o.plot_grid, ".svg or .png", ImageFormat::from_path)?;
    let named: Vec<(&'static str, Target)> = [
        ("--csv", o.csv.as_deref().map(Target::parse)),
        ("--json", o.json.as_deref().map(Target::parse)),
        ("--plot", plot.as_ref().map(|p| Target::File(p.0.clone()))),
        ("--report", report.as_ref().map(|p| Target::File(p.0.clone()))),
        ("--plot-grid", plot_grid.as_ref().map(|p| Target::File(p.0.clone()))),
        ("--csv-grid", o.csv_grid.as_deref().map(Target::parse)),
    ]
    .into_iter()
    .filter_map(|(flag, t)| t.map(|t| (flag, t)))
    .collect();
    let dest = export::plan_targets(&named)?;
    let named = named.into_iter().map(|(f, _)| f).zip(dest).collect();
    Ok(Planned { plot, report, plot_grid, named })
}

/// Renders every planned output of `result` and writes them all (or none).
pub fn write_outputs(result: &PlanResult, p: &Planned, quiet: bool, command: String) -> Result<(), PlanError> {
    let mut outputs = Vec::new();
    let to_stdout = p.named.iter().any(|(_, d)| *d == Destination::Stdout);
    // The summary would corrupt machine-readable output on stdout.
    if !quiet && !to_stdout {
        outputs.push((Destination::Stdout, Summary.serialize(result)?));
    }
    if let Some(d) = p.dest("--csv") {
        outputs.push((d, Csv.serialize(result)?));
    }
    if let Some(d) = p.dest("--json") {
        outputs.push((d, Json.serialize(result)?));
    }
    if let (Some((_, format)), Some(d)) = (&p.plot, p.dest("--plot")) {
        outputs.push((d, plot::power_curve(result, *format)?));
    }
    if let (Some((_, format)), Some(d)) = (&p.plot_grid, p.dest("--plot-grid")) {
        outputs.push((d, plot::grid_heatmap(result, *format)?));
    }
    if let Some(d) = p.dest("--csv-grid") {
        outputs.push((d, GridCsv.serialize(result)?));
    }
    if let Some((path, format)) = &p.report {
        let plot_svg = match format {
            ReportFormat::Html => {
                Some(String::from_utf8_lossy(&plot::power_curve(result, ImageFormat::Svg)?).into_owned())
            }
            ReportFormat::Markdown => None,
        };
        // Link the plot relative to the report's directory.
        let cwd = std::env::current_dir().unwrap_or_default();
        let plot_file = p.plot.as_ref().map(|(pp, _)| crate::link::plot_link(pp, path, &cwd));
        let exporter = Report { format: *format, command, plot_svg, plot_file };
        if let Some(d) = p.dest("--report") {
            outputs.push((d, exporter.serialize(result)?));
        }
    }
    export::write_all(&outputs)
}

/// The command-line overrides of `args`.
pub fn overrides(args: &RunArgs, grid_output: bool) -> Overrides {
    Overrides {
        replicates: args.replicates,
        seed: args.seed,
        alpha: args.alpha,
        target_power: args.target_power,
        sensitivity: args.sensitivity || grid_output,
        precision: if args.no_precision { Some(false) } else { args.precision.then_some(true) },
        max_replicates: args.max_replicates,
    }
}

fn run(args: RunArgs) -> Result<(), PlanError> {
    let Some(path) = args.scenario.clone() else {
        return Err(PlanError::Input("a scenario file is required: plan SCENARIO.toml".into()));
    };
    if args.shard.is_some() {
        return crate::shard::run(&args, &path, command_line());
    }
    let planned = plan_outputs(&args.outputs)?;
    let scenario = Scenario::from_file(&path, &overrides(&args, planned.wants_grid()))?;
    let mode = args.n.map_or(Mode::Search, Mode::AtN);
    let options = RunOptions {
        threads: threads(args.threads),
        data_path: if args.raw_data { DataPath::Raw } else { DataPath::Auto },
        mde: args.mde,
    };
    let bar = Bar::new(!args.quiet);
    let result = engine::run(&scenario, mode, options, &bar);
    bar.finish();
    write_outputs(&result?, &planned, args.quiet, command_line())
}
