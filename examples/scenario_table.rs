//! Writes `scenarios/README.md`: every shipped scenario run as shipped
//! (its own replicates, seed and precision control), and its row of the
//! library table (`plan::export::library`).
//!
//!     cargo run --release --example scenario_table > scenarios/README.md

use plan::engine::{run, Mode, NoProgress, RunOptions};
use plan::export::library::{table, Row};
use plan::scenario::{Overrides, Scenario};

fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
    let files = plan::export::library::scenario_files(dir.as_ref()).expect("scenarios/");
    let scenarios: Vec<(String, Scenario)> = files
        .iter()
        .map(|p| {
            let s = Scenario::from_file(p, &Overrides::default()).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.file_name().unwrap().to_string_lossy().into_owned(), s)
        })
        .collect();
    let rows: Vec<Row<'_>> = scenarios
        .iter()
        .map(|(file, s)| {
            eprintln!("running {file}");
            let r = run(s, Mode::Search, RunOptions::default(), &NoProgress).expect("run");
            let n = match &r.recommendation {
                Some(rec) if rec.reached && r.design.paired() => format!("{} subjects", rec.n_per_arm),
                Some(rec) if rec.reached => format!("{} per arm ({} in total)", rec.n_per_arm, rec.n_total),
                Some(rec) => format!("not reached (best {})", rec.n_per_arm),
                None => "–".into(),
            };
            Row { file: file.clone(), scenario: s, n }
        })
        .collect();
    print!("{}", table(&rows));
}
