//! Turns parsed arguments into library calls and outputs.

use std::path::{Path, PathBuf};

use plan::engine::{self, DataPath, Mode, RunOptions};
use plan::export::{self, Csv, Destination, Exporter, GridCsv, Json, Report, ReportFormat, Summary, Target};
use plan::plot::{self, ImageFormat};
use plan::scenario::{Overrides, Scenario};
use plan::PlanError;

use crate::cli::{Cli, Command, RunArgs};
use crate::progress::Bar;

/// Runs the command the user asked for.
pub fn dispatch(cli: Cli) -> Result<(), PlanError> {
    match cli.command {
        Some(Command::Check { scenario }) => check(&scenario),
        Some(Command::Completions { shell }) => crate::completions::completions(shell),
        Some(Command::Man) => crate::completions::man(),
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
fn command_line() -> String {
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
fn threads(requested: usize) -> usize {
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

fn run(args: RunArgs) -> Result<(), PlanError> {
    let Some(path) = args.scenario.clone() else {
        return Err(PlanError::Input("a scenario file is required: plan SCENARIO.toml".into()));
    };
    let csv = args.csv.as_deref().map(Target::parse);
    let json = args.json.as_deref().map(Target::parse);
    let plot = file_output("--plot", &args.plot, ".svg or .png", ImageFormat::from_path)?;
    let report = file_output("--report", &args.report, ".md or .html", ReportFormat::from_path)?;
    let plot_grid = file_output("--plot-grid", &args.plot_grid, ".svg or .png", ImageFormat::from_path)?;
    let csv_grid = args.csv_grid.as_deref().map(Target::parse);
    // Every output is resolved and checked before simulating: a bad path
    // fails now, not after the run, and two outputs cannot share a file.
    let named: Vec<(&str, Target)> = [
        ("--csv", csv.clone()),
        ("--json", json.clone()),
        ("--plot", plot.as_ref().map(|p| Target::File(p.0.clone()))),
        ("--report", report.as_ref().map(|p| Target::File(p.0.clone()))),
        ("--plot-grid", plot_grid.as_ref().map(|p| Target::File(p.0.clone()))),
        ("--csv-grid", csv_grid.clone()),
    ]
    .into_iter()
    .filter_map(|(flag, t)| t.map(|t| (flag, t)))
    .collect();
    let dest = export::plan_targets(&named)?;
    let dest_of = |flag: &str| named.iter().position(|(f, _)| *f == flag).map(|i| dest[i].clone());

    let overrides = Overrides {
        replicates: args.replicates,
        seed: args.seed,
        alpha: args.alpha,
        target_power: args.target_power,
        sensitivity: args.sensitivity || args.plot_grid.is_some() || args.csv_grid.is_some(),
        precision: if args.no_precision { Some(false) } else { args.precision.then_some(true) },
        max_replicates: args.max_replicates,
    };
    let scenario = Scenario::from_file(&path, &overrides)?;
    let mode = args.n.map_or(Mode::Search, Mode::AtN);
    let options = RunOptions {
        threads: threads(args.threads),
        data_path: if args.raw_data { DataPath::Raw } else { DataPath::Auto },
        mde: args.mde,
    };
    let bar = Bar::new(!args.quiet);
    let result = engine::run(&scenario, mode, options, &bar);
    bar.finish();
    let result = result?;

    let mut outputs = Vec::new();
    let to_stdout = dest.contains(&Destination::Stdout);
    // The summary would corrupt machine-readable output on stdout.
    if !args.quiet && !to_stdout {
        outputs.push((Destination::Stdout, Summary.serialize(&result)?));
    }
    if let Some(d) = dest_of("--csv") {
        outputs.push((d, Csv.serialize(&result)?));
    }
    if let Some(d) = dest_of("--json") {
        outputs.push((d, Json.serialize(&result)?));
    }
    if let (Some((_, format)), Some(d)) = (&plot, dest_of("--plot")) {
        outputs.push((d, plot::power_curve(&result, *format)?));
    }
    if let (Some((_, format)), Some(d)) = (&plot_grid, dest_of("--plot-grid")) {
        outputs.push((d, plot::grid_heatmap(&result, *format)?));
    }
    if let Some(d) = dest_of("--csv-grid") {
        outputs.push((d, GridCsv.serialize(&result)?));
    }
    if let Some((p, format)) = report {
        let plot_svg = match format {
            ReportFormat::Html => {
                Some(String::from_utf8_lossy(&plot::power_curve(&result, ImageFormat::Svg)?).into_owned())
            }
            ReportFormat::Markdown => None,
        };
        // Link the plot relative to the report's directory.
        let cwd = std::env::current_dir().unwrap_or_default();
        let plot_file = plot.as_ref().map(|(pp, _)| crate::link::plot_link(pp, &p, &cwd));
        let exporter = Report { format, command: command_line(), plot_svg, plot_file };
        if let Some(d) = dest_of("--report") {
            outputs.push((d, exporter.serialize(&result)?));
        }
    }
    export::write_all(&outputs)
}
