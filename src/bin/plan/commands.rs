//! Turns parsed arguments into library calls and outputs.

use std::path::Path;

use plan::engine::{self, DataPath, Mode, RunOptions};
use plan::export::{self, Csv, Exporter, Json, Summary, Target};
use plan::scenario::{Overrides, Scenario};
use plan::PlanError;

use crate::cli::{Cli, Command, RunArgs};
use crate::progress::Bar;

/// Runs the command the user asked for.
pub fn dispatch(cli: Cli) -> Result<(), PlanError> {
    match cli.command {
        Some(Command::Check { scenario }) => check(&scenario),
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

fn run(args: RunArgs) -> Result<(), PlanError> {
    let Some(path) = args.scenario else {
        return Err(PlanError::Input("a scenario file is required: plan SCENARIO.toml".into()));
    };
    let targets: Vec<(Target, Box<dyn Exporter>)> = [
        args.csv.as_deref().map(|p| (Target::parse(p), Box::new(Csv) as Box<dyn Exporter>)),
        args.json.as_deref().map(|p| (Target::parse(p), Box::new(Json) as Box<dyn Exporter>)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let to_stdout = targets.iter().filter(|t| t.0 == Target::Stdout).count();
    if to_stdout > 1 {
        return Err(PlanError::Input("only one of --csv and --json can be `-` (standard output)".into()));
    }
    // Fail before simulating if an output cannot be written where asked.
    for (flag, value) in [("--csv", &args.csv), ("--json", &args.json)] {
        if let Some(Target::File(p)) = value.as_deref().map(Target::parse) {
            let dir = p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
            if !dir.is_dir() {
                return Err(PlanError::Input(format!(
                    "{flag} {}: the directory {} does not exist; create it or choose another path",
                    p.display(),
                    dir.display()
                )));
            }
        }
    }
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
    // The summary would corrupt machine-readable output on stdout.
    if !args.quiet && to_stdout == 0 {
        outputs.push((Target::Stdout, Summary.serialize(&result)?));
    }
    for (target, exporter) in targets {
        outputs.push((target, exporter.serialize(&result)?));
    }
    export::write_all(&outputs)
}
