//! The sensitivity grid (`[sensitivity]` with `effect`, `sd`, `dropout`):
//! each cell's n against the closed form (pwr, `tests/references/grid.R`
//! and `.out`), the dropout axis against hand arithmetic, the outputs
//! (JSON `grid`, `--csv-grid`, `--plot-grid`), determinism, and refusals.

use assert_cmd::Command;
use plan::engine::{self, Mode, NoProgress, RunOptions};
use plan::scenario::{Overrides, Scenario};

fn plan() -> Command {
    Command::cargo_bin("plan").unwrap()
}

const GRID: &str = r#"
title = "grid"
[outcome]
name = "y"
sd = 2.0
[[arms]]
name = "control"
mean = 10.0
[[arms]]
name = "treated"
mean = 11.0
[[comparisons]]
treatment = "treated"
reference = "control"
test = "student"
[analysis]
dropout = 0.1
[sensitivity]
effect = [0.8]
sd = [1.25]
dropout = [0.1, 0.25]
[simulation]
replicates = 10000
seed = 5
"#;

#[test]
fn cells_match_the_closed_form_and_dropout_only_changes_enrolment() {
    let s = Scenario::from_toml(GRID, "grid.toml".as_ref(), &Overrides::default()).unwrap();
    let r = engine::run(&s, Mode::Search, RunOptions::default(), &NoProgress).unwrap();
    let g = r.grid.as_ref().expect("a grid");
    assert_eq!((g.effect.clone(), g.sd.clone(), g.dropout.clone()), (vec![0.8, 1.0], vec![1.0, 1.25], vec![0.1, 0.25]));
    assert_eq!(g.cells.dim(), (2, 2, 2));
    // ceiling(pwr.t.test(d = 0.5 e / s, power = 0.8)$n), tests/references/grid.R.out;
    // the simulation resolves n to within one of it.
    for (i, j, want) in [(0, 0, 100), (0, 1, 155), (1, 0, 64), (1, 1, 100)] {
        for k in 0..2 {
            let c = &g.cells[[i, j, k]];
            assert!(c.n_per_arm.abs_diff(want) <= 1, "cell {i},{j}: n {} vs {want}", c.n_per_arm);
            assert!(c.reached && c.power >= 0.8 && c.ci_low <= c.power && c.power <= c.ci_high);
            assert_eq!(c.n_total, 2 * c.n_per_arm);
            // Enrolment: ceil(n / (1 − dropout)) per arm.
            let per_arm = (f64::from(c.n_per_arm) / (1.0 - c.dropout)).ceil() as u32;
            assert_eq!(c.n_enrolled, 2 * per_arm, "cell {i},{j},{k}");
        }
        assert_eq!(g.cells[[i, j, 0]].n_per_arm, g.cells[[i, j, 1]].n_per_arm);
    }
    // The cell of the scenario as written is its own recommendation.
    let rec = r.recommendation.as_ref().unwrap();
    assert_eq!((g.cells[[1, 0, 0]].n_per_arm, g.cells[[1, 0, 0]].power), (rec.n_per_arm, rec.power));
    // The listed factors are the variants of the first version.
    let names: Vec<&str> = r.sensitivity.iter().map(|v| v.variant.as_str()).collect();
    assert_eq!(names, ["effect x0.8", "SD x1.25"]);
    assert_eq!(r.sensitivity[0].recommendation.as_ref().unwrap().n_per_arm, g.cells[[0, 0, 0]].n_per_arm);
}

#[test]
fn outputs_are_well_formed_and_identical_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grid.toml");
    std::fs::write(&path, GRID.replace("replicates = 10000", "replicates = 2000")).unwrap();
    let p = path.to_str().unwrap();
    let run = |threads: &str, tag: &str| {
        let [json, csv, svg] =
            [format!("{tag}.json"), format!("{tag}.csv"), format!("{tag}.svg")].map(|f| dir.path().join(f));
        plan()
            .args([p, "-q", "--no-precision", "--threads", threads, "--json"])
            .arg(&json)
            .arg("--csv-grid")
            .arg(&csv)
            .arg("--plot-grid")
            .arg(&svg)
            .assert()
            .success();
        [json, csv, svg].map(|f| std::fs::read(f).unwrap())
    };
    let one = run("1", "one");
    assert_eq!(one, run("2", "two"));
    let json: serde_json::Value = serde_json::from_slice(&one[0]).unwrap();
    let cells = json["grid"].as_array().unwrap();
    assert_eq!(cells.len(), 8);
    for key in ["effect", "sd", "dropout", "n_per_arm", "n_total", "n_enrolled", "power", "reached"] {
        assert!(cells.iter().all(|c| !c[key].is_null()), "{key}");
    }
    let mut csv = csv::Reader::from_reader(one[1].as_slice());
    assert_eq!(csv.headers().unwrap().iter().collect::<Vec<_>>(), plan::export::GRID_HEADER);
    assert_eq!(csv.records().count(), 8);
    let svg = String::from_utf8(one[2].clone()).unwrap();
    roxmltree::Document::parse(&svg).expect("the heatmap is XML");
    assert!(svg.contains("dropout 25%") && svg.contains("effect factor"));
}

#[test]
fn the_grid_flags_run_it_without_a_table_and_png_works() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("g.png");
    plan()
        .args(["scenarios/wound-healing.toml", "-q", "--replicates", "1000", "--no-precision", "--plot-grid"])
        .arg(&png)
        .assert()
        .success();
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG\r\n\x1a\n"));
    // With --n the heatmap shows each cell's power, no "not reached".
    let svg = dir.path().join("n.svg");
    plan()
        .args(["scenarios/wound-healing.toml", "-q", "--replicates", "1000", "--n", "20", "--plot-grid"])
        .arg(&svg)
        .assert()
        .success();
    let svg = std::fs::read_to_string(&svg).unwrap();
    assert!(svg.contains("power at n = 20") && !svg.contains("&gt; 1000") && !svg.contains("> 1000"), "{svg}");
    // A binary outcome has no SD axis; the default grid is effect {0.75, 1}.
    let out = plan()
        .args(["scenarios/wound-healing.toml", "-q", "--replicates", "1000", "--no-precision", "--csv-grid", "-"])
        .assert()
        .success();
    let rows = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(rows.lines().count(), 3, "{rows}");
}

#[test]
fn bad_axes_are_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for (bad, says) in [
        ("dropout = [0.1, 1.0]", "sensitivity.dropout[1]"),
        ("dropout = [-0.1]", "a fraction in [0, 1)"),
        ("effect = [0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.1,1.2,1.3,1.4]", "at most 12 values"),
    ] {
        let path = dir.path().join("bad.toml");
        let key = bad.split(' ').next().unwrap();
        let text = GRID
            .lines()
            .filter(|l| !l.starts_with(&format!("{key} =")) || !l.contains('['))
            .collect::<Vec<_>>()
            .join("\n")
            .replace("[sensitivity]", &format!("[sensitivity]\n{bad}"));
        std::fs::write(&path, text).unwrap();
        let out = plan().arg(&path).args(["-q", "--csv-grid", "-"]).assert().code(2);
        let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert!(err.contains(says), "{bad}: {err}");
    }
}

#[test]
fn a_lognormal_grid_scales_the_cv() {
    // Ratio 1.3, CV 0.5 and 0.625 (factor 1.25): ceiling(pwr.t.test(d =
    // log(1.3) / sqrt(log(1 + cv²)), power = 0.8)$n) = 52 and 77
    // (tests/references/grid.R.out); the simulation resolves n within one.
    let toml = r#"
title = "lognormal grid"
[outcome]
name = "y"
distribution = "lognormal"
cv = 0.5
[[arms]]
name = "control"
geometric_mean = 1.0
[[arms]]
name = "treated"
geometric_mean = 1.3
[[comparisons]]
treatment = "treated"
reference = "control"
test = "student"
[sensitivity]
effect = []
sd = [1.25]
[simulation]
replicates = 10000
seed = 8
"#;
    let s = Scenario::from_toml(toml, "g.toml".as_ref(), &Overrides::default()).unwrap();
    let r = engine::run(&s, Mode::Search, RunOptions::default(), &NoProgress).unwrap();
    let g = r.grid.as_ref().unwrap();
    assert_eq!(g.sd, vec![1.0, 1.25]);
    for (j, want) in [(0, 52u32), (1, 77)] {
        let n = g.cells[[0, j, 0]].n_per_arm;
        assert!(n.abs_diff(want) <= 1, "CV factor {}: n {n} vs {want}", g.sd[j]);
    }
    assert_eq!(r.sensitivity[0].variant, "CV x1.25");
}
