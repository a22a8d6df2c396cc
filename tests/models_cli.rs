//! The example scenarios of every outcome model, end to end through the
//! binary: summary, CSV, JSON, plot and report, each checked for what the
//! model must say (the effect in the user's scale, the events of a
//! time-to-event study) and for agreement between the outputs.

use assert_cmd::Command;
use serde_json::Value;

fn plan() -> Command {
    Command::cargo_bin("plan").expect("binary")
}

/// Runs `scenario` with `args` and every output; returns (summary, JSON,
/// CSV, report).
fn run(scenario: &str, args: &[&str]) -> (String, Value, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let (json, csv, svg, md) =
        (dir.path().join("r.json"), dir.path().join("r.csv"), dir.path().join("r.svg"), dir.path().join("r.md"));
    let out = plan()
        .arg(scenario)
        .args(args)
        .args(["--replicates", "2000", "--json"])
        .arg(&json)
        .arg("--csv")
        .arg(&csv)
        .arg("--plot")
        .arg(&svg)
        .arg("--report")
        .arg(&md)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let svg_text = std::fs::read_to_string(&svg).unwrap();
    roxmltree::Document::parse(&svg_text).expect("the plot is XML");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    (String::from_utf8(out).unwrap(), v, std::fs::read_to_string(&csv).unwrap(), std::fs::read_to_string(&md).unwrap())
}

#[test]
fn counts_report_rate_ratios() {
    let (summary, v, csv, report) = run("scenarios/mi-capillaries.toml", &["--n", "40"]);
    assert!(summary.contains("rate ratio 1.3333 (16 vs 12)"), "{summary}");
    // The SD between rats of a count per field: √(60 + 60²/4)/5 at rate 12 over 5 fields.
    assert!(summary.contains(&format!("{:.4}", (60.0f64 + 900.0).sqrt() / 5.0)), "{summary}");
    let c = &v["comparisons"][0];
    assert_eq!(c["test"], "wald");
    assert!((c["ratio"].as_f64().unwrap() - 4.0 / 3.0).abs() < 1e-12);
    assert_eq!(v["outcome"]["dispersion"], 4.0);
    assert!(!csv.lines().next().unwrap().contains("events"));
    assert!(report.contains("| Rate ratio |"), "{report}");
    let (_, _, _, report) = run("scenarios/mi-capillaries.toml", &["--no-precision"]);
    assert!(report.contains("negative binomial with size k = 4"), "{report}");
    let (summary, v, _, _) = run("scenarios/islets-poisson.toml", &["--n", "10"]);
    assert!(summary.contains("rate ratio 1.5 (3 vs 2)"), "{summary}");
    assert_eq!(v["comparisons"][0]["analytic_method"], "exact");
}

#[test]
fn ordinal_reports_the_probability_of_a_better_score() {
    let (summary, v, _, report) = run("scenarios/eae-ordinal.toml", &["--no-precision"]);
    let p = v["comparisons"][0]["probability_better"].as_f64().unwrap();
    assert!(summary.contains(&format!("P(a treated mouse scores lower) = {p:.3}")), "{summary}");
    assert!(report.contains("categories 0, 1, 2, 3, 4, 5"), "{report}");
    assert!(report.contains("| P(better) |"), "{report}");
}

#[test]
fn time_to_event_reports_events_everywhere() {
    let (summary, v, csv, report) = run("scenarios/tumour-safety-survival.toml", &["--n", "30"]);
    let c = &v["comparisons"][0];
    assert!((c["ratio"].as_f64().unwrap() - 2.0).abs() < 1e-12, "{c}");
    // Schoenfeld: 4 (z_0.975 + z_0.8)² / (ln 2)² = 65.35 events.
    let needed = c["events_required"].as_f64().unwrap();
    assert!((needed - 65.345).abs() < 0.01, "{needed}");
    let events = v["curve"][0]["events"].as_f64().unwrap();
    assert!(events > 0.0 && events < 60.0);
    assert!(csv.lines().next().unwrap().ends_with(",events"), "{csv}");
    let row = csv.lines().nth(1).unwrap();
    assert!(row.ends_with(&format!(",{events}")), "{row}");
    let line = format!("the design must observe about 66 events for power 0.8 (Schoenfeld's formula); the design expects {events:.0} events at this n");
    assert!(summary.contains(&line), "{summary}");
    assert!(summary.contains("hazard ratio 2 (3 vs 6)"), "{summary}");
    assert!(report.contains("a lower hazard (later events) is better."), "{report}");
    let (_, v, _, report) = run("scenarios/tumour-safety-survival.toml", &["--no-precision"]);
    let expected = v["recommendation"]["events"].as_f64().unwrap();
    assert!(report.contains(&format!("must observe about 66 events for power 0.8 (Schoenfeld's formula); the design expects {expected:.0} events")), "{report}");
}

#[test]
fn ancova_says_what_the_baseline_buys() {
    let (summary, v, _, report) = run("scenarios/hair-ancova.toml", &["--no-precision"]);
    assert_eq!(v["design"]["kind"], "ancova");
    assert_eq!(v["design"]["baseline_correlation"], 0.7);
    let c = &v["comparisons"][0];
    let d = c["d"].as_f64().unwrap();
    assert!((c["d_adjusted"].as_f64().unwrap() - d / 0.51f64.sqrt()).abs() < 1e-12);
    assert!(report.contains("| d (adjusted) |"), "{report}");
    assert!(summary.contains("baseline–outcome correlation 0.7 (residual variance × 0.51)"), "{summary}");
    assert!(report.contains("adjusts for it (ANCOVA: outcome ~ arm + baseline)"), "{report}");
    assert!(report.contains("baseline–outcome correlation = 0.7"), "{report}");
}

/// Equal arms of allocation weight 2: the headline and the justification
/// give each arm's real size (twice the n of an arm of weight 1), and say
/// what n is.
#[test]
fn equal_weights_other_than_one_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("scenarios/hair-ancova.toml")
        .unwrap()
        .replace("name = \"CM\"\n", "name = \"CM\"\nallocation = 2\n")
        .replace("name = \"vehicle\"\n", "name = \"vehicle\"\nallocation = 2\n");
    let file = dir.path().join("alloc.toml");
    std::fs::write(&file, text).unwrap();
    let md = dir.path().join("r.md");
    let out = plan()
        .arg(&file)
        .args(["--replicates", "2000", "--no-precision", "--report"])
        .arg(&md)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let summary = String::from_utf8(out).unwrap();
    let line = summary.lines().find(|l| l.starts_with("Recommendation:")).unwrap();
    let per_arm: u32 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    assert!(line.contains(&format!("n = {} for an arm of weight 1", per_arm / 2)), "{line}");
    let report = std::fs::read_to_string(&md).unwrap();
    assert!(report.contains(&format!("{per_arm} patients per arm")), "{report}");
}
