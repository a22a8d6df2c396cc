//! Turns parsed arguments into library calls and outputs.

use std::path::{Path, PathBuf};

use plan::engine::{self, DataPath, Mode, RunOptions};
use plan::export::{self, Csv, Exporter, Json, Report, ReportFormat, Summary, Target};
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
        None => run(cli.run),
    }
}

fn check(path: &Path) -> Result<(), PlanError> {
    let scenario = Scenario::from_file(path, &Overrides::default())?;
    println!(
        "{}: valid ({} arms, {} comparisons)",
        path.display(),
        scenario.arms().len(),
        scenario.comparisons().len()
    );
    for a in scenario.assumptions() {
        println!("  [{}] {} ({}): {}", a.status, a.what, a.key, a.source.as_deref().unwrap_or("no source given"));
    }
    Ok(())
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

/// Checks that an output's directory exists, so a run fails before
/// simulating rather than after.
fn check_dir(flag: &str, target: &Target) -> Result<(), PlanError> {
    if let Target::File(p) = target {
        let dir = p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if !dir.is_dir() {
            return Err(PlanError::Input(format!(
                "{flag} {}: the directory {} does not exist; create it or choose another path",
                p.display(),
                dir.display()
            )));
        }
    }
    Ok(())
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
    check_dir(flag, &Target::File(path.clone()))?;
    Ok(Some((path, format)))
}

fn run(args: RunArgs) -> Result<(), PlanError> {
    let Some(path) = args.scenario.clone() else {
        return Err(PlanError::Input("a scenario file is required: plan SCENARIO.toml".into()));
    };
    let csv = args.csv.as_deref().map(Target::parse);
    let json = args.json.as_deref().map(Target::parse);
    if csv == Some(Target::Stdout) && json == Some(Target::Stdout) {
        return Err(PlanError::Input("only one of --csv and --json can be `-` (standard output)".into()));
    }
    for (flag, t) in [("--csv", &csv), ("--json", &json)] {
        if let Some(t) = t {
            check_dir(flag, t)?;
        }
    }
    let plot = file_output("--plot", &args.plot, ".svg or .png", ImageFormat::from_path)?;
    let report = file_output("--report", &args.report, ".md or .html", ReportFormat::from_path)?;

    let overrides = Overrides {
        replicates: args.replicates,
        seed: args.seed,
        alpha: args.alpha,
        target_power: args.target_power,
        sensitivity: args.sensitivity,
    };
    let scenario = Scenario::from_file(&path, &overrides)?;
    let mode = args.n.map_or(Mode::Search, Mode::AtN);
    let options =
        RunOptions { threads: args.threads, data_path: if args.raw_data { DataPath::Raw } else { DataPath::Auto } };
    let bar = Bar::new(!args.quiet);
    let result = engine::run(&scenario, mode, options, &bar);
    bar.finish();
    let result = result?;

    let mut outputs = Vec::new();
    let to_stdout = csv == Some(Target::Stdout) || json == Some(Target::Stdout);
    // The summary would corrupt machine-readable output on stdout.
    if !args.quiet && !to_stdout {
        outputs.push((Target::Stdout, Summary.serialize(&result)?));
    }
    if let Some(t) = csv {
        outputs.push((t, Csv.serialize(&result)?));
    }
    if let Some(t) = json {
        outputs.push((t, Json.serialize(&result)?));
    }
    if let Some((p, format)) = &plot {
        outputs.push((Target::File(p.clone()), plot::power_curve(&result, *format)?));
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
        outputs.push((Target::File(p), exporter.serialize(&result)?));
    }
    export::write_all(&outputs)
}
