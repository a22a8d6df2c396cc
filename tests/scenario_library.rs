//! Every shipped scenario in `scenarios/` still validates and runs: a
//! search with few replicates (no precision control) and every output,
//! so that none rots as the format grows. Their numbers are checked where
//! they are used (hair.toml in many tests) and by the README's examples;
//! here only that each runs end to end and reaches a sensible answer.

use plan::engine::{run, Mode, NoProgress, RunOptions};
use plan::export::{Csv, Exporter, Json, Report, ReportFormat, Summary};
use plan::scenario::{Overrides, Scenario};

#[test]
fn every_shipped_scenario_runs() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
    let files = plan::export::library::scenario_files(dir.as_ref()).unwrap();
    assert!(files.len() >= 13, "{files:?}");
    let overrides = Overrides { replicates: Some(300), precision: Some(false), ..Overrides::default() };
    for path in &files {
        let s = Scenario::from_file(path, &overrides).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            !s.assumptions().is_empty() || s.arms().iter().all(|a| a.provenance.source.is_some()),
            "{}",
            path.display()
        );
        let r = run(&s, Mode::Search, RunOptions::default(), &NoProgress)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let rec = r.recommendation.as_ref().unwrap_or_else(|| panic!("{}: no recommendation", path.display()));
        assert!(rec.reached, "{}: target not reached (best n {})", path.display(), rec.n_per_arm);
        for bytes in [
            Summary.serialize(&r).unwrap(),
            Csv.serialize(&r).unwrap(),
            Json.serialize(&r).unwrap(),
            Report { format: ReportFormat::Markdown, command: "plan".into(), plot_svg: None, plot_file: None }
                .serialize(&r)
                .unwrap(),
        ] {
            assert!(!bytes.is_empty(), "{}", path.display());
        }
    }
}

/// `scenarios/README.md` is the generated table: every column but the n
/// (which needs full runs; `cargo run --release --example scenario_table`)
/// is regenerated from the scenarios and must match the file.
#[test]
fn the_library_table_is_generated_from_the_scenarios() {
    use plan::export::library::{table, Row};
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
    let readme = std::fs::read_to_string(format!("{dir}/README.md")).unwrap();
    let n_of = |file: &str| -> String {
        let row = readme.lines().find(|l| l.starts_with(&format!("| [{file}]"))).unwrap_or_else(|| {
            panic!("scenarios/README.md has no row for {file}: regenerate it (cargo run --release --example scenario_table)")
        });
        row.split(" | ").nth(4).unwrap().to_string()
    };
    let files = plan::export::library::scenario_files(dir.as_ref()).unwrap();
    let scenarios: Vec<(String, Scenario)> = files
        .iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                Scenario::from_file(p, &Overrides::default()).unwrap(),
            )
        })
        .collect();
    let rows: Vec<Row<'_>> = scenarios.iter().map(|(f, s)| Row { file: f.clone(), scenario: s, n: n_of(f) }).collect();
    assert_eq!(
        table(&rows),
        readme,
        "scenarios/README.md is stale: cargo run --release --example scenario_table > scenarios/README.md"
    );
}
