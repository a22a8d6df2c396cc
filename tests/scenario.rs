//! Scenario parsing and validation through the library API.

use plan::scenario::{Overrides, Scenario};

const BASE: &str = r#"
title = "t"
[outcome]
name = "y"
unit = "mm"
sd = 2.0
source = "pilot"
[[arms]]
name = "control"
mean = 10.0
allocation = 2.0
source = "paper A"
[[arms]]
name = "treated"
mean = 12.0
sd = 3.0
assumed = true
source = "guess: half of paper A's effect"
[[arms]]
name = "extra"
mean = 11.0
allocation = 0.5
[[comparisons]]
treatment = "treated"
reference = "control"
[analysis]
dropout = 0.1
"#;

fn parse(text: &str) -> Scenario {
    Scenario::from_toml(text, "t.toml".as_ref(), &Overrides::default()).unwrap()
}

#[test]
fn defaults_and_overrides() {
    let s = parse(BASE);
    assert_eq!(s.analysis().alpha, 0.05);
    assert_eq!(s.analysis().target_power, 0.8);
    assert_eq!(s.simulation().replicates, 10_000);
    assert_eq!((s.simulation().n_min, s.simulation().n_max), (2, 1000));
    assert_eq!(s.comparisons()[0].label, "treated vs control");
    assert_eq!(s.arms()[0].sd, 2.0);
    assert_eq!(s.arms()[1].sd, 3.0);
    let o = Overrides {
        replicates: Some(7),
        seed: Some(3),
        alpha: Some(0.01),
        target_power: Some(0.9),
        sensitivity: false,
        precision: Some(false),
        max_replicates: Some(70),
    };
    let s = Scenario::from_toml(BASE, "t.toml".as_ref(), &o).unwrap();
    assert_eq!((s.simulation().replicates, s.simulation().seed), (7, 3));
    assert_eq!((s.simulation().precision, s.simulation().max_replicates), (false, 70));
    assert_eq!((s.analysis().alpha, s.analysis().target_power), (0.01, 0.9));
}

#[test]
fn arm_sizes_follow_allocation_and_dropout() {
    let s = parse(BASE);
    // round(w·n), at least 2: weights 2, 1, 0.5.
    assert_eq!(s.arm_sizes(10), vec![20, 10, 5]);
    assert_eq!(s.arm_sizes(3), vec![6, 3, 2]);
    assert_eq!(s.arm_sizes(2), vec![4, 2, 2]);
    // ceil(n / 0.9): 9 → 10 exactly (not 11 through rounding error), 10 → 12.
    assert_eq!(s.enrolled(9), 10);
    assert_eq!(s.enrolled(10), 12);
    assert_eq!(s.enrolled(18), 20);
}

#[test]
fn assumption_ledger_lists_guesses_and_unsourced_numbers() {
    let s = parse(BASE);
    let a = s.assumptions();
    let keys: Vec<(&str, &str)> = a.iter().map(|x| (x.key.as_str(), x.status.name())).collect();
    assert_eq!(keys, vec![("arms[1]", "assumed"), ("arms[2]", "unsourced")]);
    assert_eq!(a[0].what, "treated mean = 12 mm, SD = 3 mm");
    assert_eq!(a[0].source.as_deref(), Some("guess: half of paper A's effect"));
}

#[test]
fn all_problems_are_reported_in_document_order() {
    let bad = BASE.replace("sd = 3.0", "sd = 0.0").replace("dropout = 0.1", "dropout = -0.1\nsides = 0");
    let e = Scenario::from_toml(&bad, "t.toml".as_ref(), &Overrides::default()).unwrap_err();
    let keys: Vec<&str> = e.problems.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(keys, vec!["arms[1].sd", "analysis.dropout", "analysis.sides"]);
    let lines: Vec<usize> = e.problems.iter().map(|p| p.location.unwrap().0).collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "{lines:?}");
    let msg = e.to_string();
    assert!(msg.starts_with("3 problems in scenario t.toml"), "{msg}");
    assert!(msg.contains("t.toml:16:6: arms[1].sd = 0: expected a standard deviation > 0"), "{msg}");
}

#[test]
fn missing_tables_and_arms_are_named() {
    let e = Scenario::from_toml("title = \"x\"", "t.toml".as_ref(), &Overrides::default()).unwrap_err();
    assert_eq!(e.problems[0].key, "outcome");
    assert_eq!(e.problems[0].expected, "missing required key");
    let one_arm =
        "title = \"x\"\ncomparisons = []\n[outcome]\nname = \"y\"\nsd = 1.0\n[[arms]]\nname = \"a\"\nmean = 0.0\n";
    let e = Scenario::from_toml(one_arm, "t.toml".as_ref(), &Overrides::default()).unwrap_err();
    let keys: Vec<&str> = e.problems.iter().map(|p| p.key.as_str()).collect();
    assert!(keys.contains(&"arms") && keys.contains(&"comparisons"), "{keys:?}");
    let no_sd = "title = \"x\"\n[outcome]\nname = \"y\"\n[[arms]]\nname = \"a\"\nmean = 0.0\n[[arms]]\nname = \"b\"\nmean = 0.0\nsd = 1.0\n[[comparisons]]\ntreatment = \"a\"\nreference = \"b\"\n";
    let e = Scenario::from_toml(no_sd, "t.toml".as_ref(), &Overrides::default()).unwrap_err();
    assert_eq!(e.problems.len(), 1);
    assert_eq!(e.problems[0].key, "arms[0].sd");
    assert_eq!(e.problems[0].location, Some((4, 1)));
}

#[test]
fn csv_quotes_fields_that_need_it() {
    // RFC 4180: a field with a comma or a quote is quoted, quotes doubled,
    // so spreadsheets read the title back as one cell.
    use plan::export::{Csv, Exporter};
    let text = BASE
        .replace("title = \"t\"", "title = 'Hair \"density\", pilot'")
        .replace("[analysis]", "[simulation]\nreplicates = 200\n[analysis]");
    let s = Scenario::from_toml(&text, "t.toml".as_ref(), &Overrides::default()).unwrap();
    let r = plan::engine::run(&s, plan::engine::Mode::AtN(10), Default::default(), &plan::engine::NoProgress).unwrap();
    let bytes = Csv.serialize(&r).unwrap();
    let line = String::from_utf8(bytes.clone()).unwrap().lines().nth(1).unwrap().to_string();
    assert!(line.starts_with("\"Hair \"\"density\"\", pilot\",base,"), "{line}");
    let mut rdr = csv::Reader::from_reader(bytes.as_slice());
    let row = rdr.records().next().unwrap().unwrap();
    assert_eq!(&row[0], "Hair \"density\", pilot");
    assert_eq!(row.len(), 15);
}
