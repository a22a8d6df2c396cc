//! `plan SCENARIO --shard K/N --out FILE` and `plan merge SHARD...`: the
//! command-line side of [`plan::shard`].

use std::path::{Path, PathBuf};

use plan::export::{self, Destination, Target};
use plan::shard::{self as shards, RunSettings, ScenarioText, ShardNumber, MAX_SHARDS};
use plan::PlanError;

use crate::cli::{MergeArgs, OutputArgs, RunArgs};
use crate::commands::{overrides, plan_outputs, threads, write_outputs};
use crate::progress::Bar;

fn input(m: String) -> PlanError {
    PlanError::Input(m)
}

/// Which shard `spec` names: `K/N` (1-based), `slurm` (a Slurm job array's
/// variables: its task's place in the array, and the array's size),
/// `slurm/N` (the task ID as the 0-based shard index, for resubmitting
/// some shards) or `k8s/N` (a Kubernetes Indexed Job's 0-based
/// JOB_COMPLETION_INDEX). `env` looks up environment variables.
pub fn parse_spec(spec: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<ShardNumber, PlanError> {
    let number = |name: &str, v: &str| -> Result<u64, PlanError> {
        v.trim().parse::<u64>().map_err(|_| input(format!("--shard {spec}: {name} = {v:?} is not a whole number")))
    };
    let var = |name: &str, hint: &str| -> Result<u64, PlanError> {
        let v = env(name)
            .ok_or_else(|| input(format!("--shard {spec}: {name} is not set ({hint}, or give --shard K/N)")))?;
        number(name, &v)
    };
    let checked = |k: u64, n: u64| -> Result<ShardNumber, PlanError> {
        if n == 0 || n > u64::from(MAX_SHARDS) {
            return Err(input(format!("--shard {spec}: expected 1 to {MAX_SHARDS} shards, not {n}")));
        }
        if k == 0 || k > n {
            return Err(input(format!(
                "--shard {spec}: shard {k} of {n} does not exist; shards are numbered 1 to {n} (1-based; --shard slurm and k8s/N convert 0-based task indices)"
            )));
        }
        Ok(ShardNumber { index: k as u32, count: n as u32 })
    };
    if spec == "slurm" {
        let hint = "run it in a Slurm job array, sbatch --array=0-15";
        let id = var("SLURM_ARRAY_TASK_ID", hint)?;
        let count = var("SLURM_ARRAY_TASK_COUNT", hint)?;
        let min = env("SLURM_ARRAY_TASK_MIN").map_or(Ok(0), |v| number("SLURM_ARRAY_TASK_MIN", &v))?;
        let step = env("SLURM_ARRAY_TASK_STEP").map_or(Ok(1), |v| number("SLURM_ARRAY_TASK_STEP", &v))?.max(1);
        if id < min || (id - min) % step != 0 {
            return Err(input(format!(
                "--shard slurm: task {id} is not on the array's grid (first {min}, step {step})"
            )));
        }
        return checked((id - min) / step + 1, count);
    }
    let Some((k, n)) = spec.split_once('/') else {
        return Err(input(format!("--shard {spec}: expected K/N (1-based, e.g. 3/16), slurm, slurm/N or k8s/N")));
    };
    let n = number("N", n)?;
    if k == "slurm" {
        // The task ID is the 0-based shard index: for resubmitting some
        // shards of a run (sbatch --array=3,7).
        let id = var("SLURM_ARRAY_TASK_ID", "run it in a Slurm job array")?;
        return checked(id + 1, n);
    }
    if k == "k8s" {
        let index = var("JOB_COMPLETION_INDEX", "run it in a Kubernetes Indexed Job")?;
        return checked(index + 1, n);
    }
    checked(number("K", k)?, n)
}

/// `plan SCENARIO --shard K/N --out FILE`.
pub fn run(args: &RunArgs, path: &Path, command: String) -> Result<(), PlanError> {
    refuse_outputs(&args.outputs)?;
    let shard = parse_spec(args.shard.as_deref().unwrap_or_default(), &|k| std::env::var(k).ok())?;
    let Some(out) = args.out.as_deref() else {
        return Err(input("--shard needs --out FILE.json (or --out DIR/): where to write the shard's counts".into()));
    };
    let out = match Target::parse(out) {
        Target::File(p) if p.is_dir() => Target::File(p.join(format!("shard-{}-of-{}.json", shard.index, shard.count))),
        Target::File(p) if out.ends_with('/') => {
            return Err(input(format!(
                "--out {}: no such directory; create it first (mkdir -p {})",
                p.display(),
                p.display()
            )))
        }
        t => t,
    };
    let dest = export::plan_targets(&[("--out", out.clone())])?;
    let text = plan::scenario::read_text(path)?;
    let file = if path.as_os_str() == "-" { "<stdin>".into() } else { path.display().to_string() };
    let settings = RunSettings { n: args.n, raw_data: args.raw_data, mde: args.mde, overrides: overrides(args, false) };
    let bar = Bar::new(!args.quiet);
    let scenario = ScenarioText { file, sha256: String::new(), text };
    let result = shards::run_shard(scenario, settings, shard, threads(args.threads), command, &bar);
    bar.finish();
    let file = result?;
    let mut bytes = serde_json::to_vec_pretty(&file).map_err(|e| PlanError::Internal(e.to_string()))?;
    bytes.push(b'\n');
    let mut outputs = vec![(dest[0].clone(), bytes)];
    if !args.quiet && dest[0] != Destination::Stdout {
        let shown = match &out {
            Target::File(p) => p.display().to_string(),
            Target::Stdout => "standard output".into(),
        };
        let line = format!(
            "shard {}/{} of {}: {} simulated studies in {} simulations; counts written to {shown}\n",
            shard.index,
            shard.count,
            file.scenario.file,
            file.studies,
            file.slices.len()
        );
        outputs.push((Destination::Stdout, line.into_bytes()));
    }
    export::write_all(&outputs)
}

/// A shard writes only its counts.
fn refuse_outputs(o: &OutputArgs) -> Result<(), PlanError> {
    let given = [
        ("--csv", o.csv.is_some()),
        ("--json", o.json.is_some()),
        ("--plot", o.plot.is_some()),
        ("--report", o.report.is_some()),
        ("--plot-grid", o.plot_grid.is_some()),
        ("--csv-grid", o.csv_grid.is_some()),
    ];
    match given.iter().find(|(_, g)| *g) {
        Some((flag, _)) => Err(input(format!(
            "{flag} with --shard: a shard writes only its counts (--out); give {flag} to plan merge, which writes every output{}",
            if flag.contains("grid") { " (run the shards with --sensitivity for the grid)" } else { "" }
        ))),
        None => Ok(()),
    }
}

/// The shard files named: files as given, and the shard files among a
/// directory's .json files, in name order (other JSON there, such as a
/// merged result, is skipped with a note).
fn shard_files(given: &[PathBuf], quiet: bool) -> Result<Vec<(PathBuf, shards::ShardFile)>, PlanError> {
    let mut files = Vec::new();
    for p in given {
        if !p.is_dir() {
            files.push((p.clone(), shards::read(p)?));
            continue;
        }
        let entries =
            std::fs::read_dir(p).map_err(|source| PlanError::Io { action: "cannot list", path: p.clone(), source })?;
        let mut inside: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|f| f.extension().is_some_and(|x| x == "json") && f.is_file())
            .collect();
        inside.sort();
        let before = files.len();
        for f in inside {
            let bytes =
                std::fs::read(&f).map_err(|source| PlanError::Io { action: "cannot read", path: f.clone(), source })?;
            match shards::classify(&bytes) {
                shards::Found::Shard => files.push((f.clone(), shards::parse(&bytes, &f.display().to_string())?)),
                shards::Found::Other if !quiet => {
                    eprintln!("note: skipped {}: JSON, but not a shard file", f.display())
                }
                shards::Found::Other => {}
            }
        }
        if files.len() == before {
            return Err(input(format!("{}: no shard files (.json) in this directory", p.display())));
        }
    }
    Ok(files)
}

/// Whether two paths name the same existing file (hard and symbolic links
/// included).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    matches!((std::fs::canonicalize(a), std::fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
}

/// `plan merge SHARD... [outputs]`.
pub fn merge(args: &MergeArgs, command: String) -> Result<(), PlanError> {
    let planned = plan_outputs(&args.outputs)?;
    let read = shard_files(&args.shards, args.quiet)?;
    for (flag, dest) in planned.files() {
        if let Some((p, _)) = read.iter().find(|(p, _)| same_file(p, &dest)) {
            return Err(input(format!(
                "{flag} {}: is the shard file {} being merged; write the output elsewhere",
                dest.display(),
                p.display()
            )));
        }
    }
    let bar = Bar::new(!args.quiet);
    let merged = shards::merge(&read, threads(args.threads), &bar);
    bar.finish();
    let (result, stats) = merged?;
    if planned.wants_grid() && result.grid.is_none() {
        return Err(input(
            "--plot-grid/--csv-grid: these shards were run without the sensitivity grid; run them with --sensitivity (or add a [sensitivity] table)".into(),
        ));
    }
    if !args.quiet {
        let total = (stats.from_shards + stats.computed).max(1);
        eprintln!(
            "merged {} shards of {}: {} simulated studies from the shards, {} ({:.1}%) simulated here where the merged search took a path no shard recorded",
            read.len(),
            read[0].1.scenario.file,
            stats.from_shards,
            stats.computed,
            100.0 * stats.computed as f64 / total as f64
        );
    }
    write_outputs(&result, &planned, args.quiet, command)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
    }

    #[test]
    fn shard_numbers_from_flags_and_schedulers() {
        let none = env(&[]);
        assert_eq!(parse_spec("3/16", &none).unwrap(), ShardNumber { index: 3, count: 16 });
        for bad in ["0/16", "17/16", "3/0", "3", "a/b", "3/16/2", "-1/4"] {
            assert!(parse_spec(bad, &none).is_err(), "{bad}");
        }
        // sbatch --array=0-15: task 0 is shard 1.
        let slurm =
            env(&[("SLURM_ARRAY_TASK_ID", "0"), ("SLURM_ARRAY_TASK_COUNT", "16"), ("SLURM_ARRAY_TASK_MIN", "0")]);
        assert_eq!(parse_spec("slurm", &slurm).unwrap(), ShardNumber { index: 1, count: 16 });
        // --array=1-31:2 (16 tasks): task 7 is the 4th.
        let stepped = env(&[
            ("SLURM_ARRAY_TASK_ID", "7"),
            ("SLURM_ARRAY_TASK_COUNT", "16"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_STEP", "2"),
        ]);
        assert_eq!(parse_spec("slurm", &stepped).unwrap(), ShardNumber { index: 4, count: 16 });
        assert!(parse_spec("slurm", &none).unwrap_err().to_string().contains("SLURM_ARRAY_TASK_ID is not set"));
        // Resubmitting shards 4 and 8 of 16: sbatch --array=3,7 (the array's
        // own count is 2), --shard slurm/16.
        let again =
            env(&[("SLURM_ARRAY_TASK_ID", "7"), ("SLURM_ARRAY_TASK_COUNT", "2"), ("SLURM_ARRAY_TASK_MIN", "3")]);
        assert_eq!(parse_spec("slurm/16", &again).unwrap(), ShardNumber { index: 8, count: 16 });
        let k8s = env(&[("JOB_COMPLETION_INDEX", "15")]);
        assert_eq!(parse_spec("k8s/16", &k8s).unwrap(), ShardNumber { index: 16, count: 16 });
        assert!(parse_spec("k8s/15", &k8s).is_err());
    }
}
