//! The precision control: the Monte Carlo error decides n. Near the
//! crossing the search adds replicates until the 95% interval at the
//! recommended n lies above the target and the one at n − 1 below it.
//! References are closed forms (noncentral t, Cohen 1988; the engine's
//! Dunnett critical value, itself checked against Dunnett's tables).

mod common;

use common::{run, TwoArm};
use plan::engine::{DataPath, Mode, PlanResult};
use plan::scenario::{Overrides, Scenario};

fn hair(overrides: &Overrides) -> PlanResult {
    let s = Scenario::from_file("scenarios/hair.toml".as_ref(), overrides).unwrap();
    run(&s, Mode::Search, DataPath::Auto)
}

/// The recommendation's interval lies above the target and n − 1's below.
fn assert_resolved(r: &PlanResult) {
    let rec = r.recommendation.as_ref().unwrap();
    let target = r.settings.target_power;
    assert!(rec.resolved, "not resolved: {rec:?}");
    assert!(rec.ci_low > target, "interval at n = {}: {} to {}", rec.n_per_arm, rec.ci_low, rec.ci_high);
    let below = rec.below.as_ref().unwrap();
    assert_eq!(below.n_per_arm + 1, rec.n_per_arm);
    assert!(below.ci_high < target, "interval at n − 1: {} to {}", below.ci_low, below.ci_high);
    // The curve row at n carries the same replicates as the recommendation.
    let row = r.curve.iter().find(|c| c.variant == "base" && c.n_per_arm == rec.n_per_arm).unwrap();
    assert_eq!(row.replicates, rec.replicates);
}

#[test]
fn hair_default_run_tells_its_n_apart_from_n_minus_1() {
    let r = hair(&Overrides::default());
    assert_resolved(&r);
    let rec = r.recommendation.as_ref().unwrap();
    // Closed form (noncentral t at Dunnett's exact critical value, checked
    // against Dunnett's 1955/1964 tables): exosome vs vehicle has power
    // 0.798 at n = 56 and 0.806 at n = 57, so the answer is 57.
    let exo = r.comparisons.iter().position(|c| c.label == "exosome vs vehicle").unwrap();
    let analytic = |n: u32| {
        r.curve.iter().find(|c| c.n_per_arm == n && c.comparison == "exosome vs vehicle").unwrap().analytic_power
    };
    assert!(analytic(56).unwrap() < 0.8 && analytic(57).unwrap() > 0.8);
    assert_eq!(rec.n_per_arm, 57);
    assert!(r.comparisons[exo].power > 0.8);
    // Replicates were added only where they decide: at 56 and 57.
    let more: Vec<u32> = r.curve.iter().filter(|c| c.replicates > r.replicates).map(|c| c.n_per_arm).collect();
    assert!(more.iter().all(|&n| n == 56 || n == 57), "{more:?}");
}

#[test]
fn few_replicates_no_longer_pick_the_wrong_n() {
    // With 1 or 20 replicates and no precision control the search once
    // recommended 39 and 48 for d = 0.5 (answer 64: Cohen 1988, Table
    // 2.4.1; G*Power 3.1 gives 64, power 0.8015).
    for replicates in [1, 20] {
        let d = TwoArm { delta: 0.5, test: "student", replicates, seed: 7, ..TwoArm::default() };
        let r = run(&d.scenario(), Mode::Search, DataPath::Auto);
        assert_resolved(&r);
        assert_eq!(r.recommendation.as_ref().unwrap().n_per_arm, 64, "replicates {replicates}");
    }
}

#[test]
fn turning_the_control_off_or_capping_it_is_reported_as_unresolved() {
    let d = TwoArm { delta: 0.5, test: "student", replicates: 2000, seed: 7, ..TwoArm::default() };
    let off = Overrides { precision: Some(false), ..Overrides::default() };
    let s = Scenario::from_toml(&d.toml(), "t.toml".as_ref(), &off).unwrap();
    let r = run(&s, Mode::Search, DataPath::Auto);
    let rec = r.recommendation.as_ref().unwrap();
    assert!(!rec.resolved);
    assert!(r.curve.iter().all(|c| c.replicates == 2000));
    assert!(!r.settings.precision);
    // A cap equal to the initial block: nothing can be added.
    let capped = Overrides { max_replicates: Some(2000), ..Overrides::default() };
    let s = Scenario::from_toml(&d.toml(), "t.toml".as_ref(), &capped).unwrap();
    let r = run(&s, Mode::Search, DataPath::Auto);
    assert!(!r.recommendation.as_ref().unwrap().resolved);
    assert!(r.curve.iter().all(|c| c.replicates == 2000));
    // A cap below the initial block is refused with the key named.
    let bad = Overrides { max_replicates: Some(10), ..Overrides::default() };
    let e = Scenario::from_toml(&d.toml(), "t.toml".as_ref(), &bad).unwrap_err();
    assert!(e.problems[0].key.starts_with("--max-replicates"), "{:?}", e.problems);
}

#[test]
fn the_curve_is_a_regular_grid_and_search_points_are_labelled() {
    let r = hair(&Overrides { replicates: Some(2000), ..Overrides::default() });
    let rec = r.recommendation.as_ref().unwrap();
    let grid: Vec<u32> = r
        .curve
        .iter()
        .filter(|c| c.point == plan::engine::CurvePoint::Grid && c.comparison == "each")
        .map(|c| c.n_per_arm)
        .collect();
    // n_min, multiples of 5 up to twice the recommended n, and n itself.
    let mut want: Vec<u32> = (1..=(2 * rec.n_per_arm - 1) / 5).map(|k| 5 * k).collect();
    want.extend([2, rec.n_per_arm, 2 * rec.n_per_arm]);
    want.sort_unstable();
    want.dedup();
    assert_eq!(grid, want);
    let search: Vec<u32> = r
        .curve
        .iter()
        .filter(|c| c.point == plan::engine::CurvePoint::Search && c.comparison == "each")
        .map(|c| c.n_per_arm)
        .collect();
    assert!(search.contains(&(rec.n_per_arm - 1)), "n − 1 was searched: {search:?}");
    assert!(search.iter().all(|n| !grid.contains(n)));
}

/// The summary states, in one line, whether n was told apart from n − 1,
/// and the fix when it was not.
#[test]
fn the_summary_says_whether_n_was_told_apart_and_how_to_settle_it() {
    use assert_cmd::Command;
    let summary = |args: &[&str]| {
        let out = Command::cargo_bin("plan").unwrap().args(args).assert().success().get_output().stdout.clone();
        String::from_utf8(out).unwrap()
    };
    let s = summary(&["scenarios/hair.toml", "--replicates", "2000"]);
    assert!(s.contains("Told apart from n − 1 = 56"), "{s}");
    let d = TwoArm { delta: 0.5, test: "student", replicates: 200, seed: 7, ..TwoArm::default() };
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("d.toml");
    std::fs::write(&f, d.toml()).unwrap();
    let f = f.to_str().unwrap();
    let s = summary(&[f, "--no-precision"]);
    assert!(s.contains("UNCERTAIN:") && s.contains("turn the precision control on"), "{s}");
    let s = summary(&[f, "--max-replicates", "400"]);
    assert!(s.contains("UNCERTAIN:") && s.contains("raise simulation.max_replicates (now 400)"), "{s}");
}

/// An arm whose allocation rounds below 2 is held at 2; the best power is
/// the maximum over every n simulated, and the summary warns.
#[test]
fn a_pinned_arm_is_warned_about_and_best_seen_is_the_true_maximum() {
    let d = TwoArm { delta: 0.8, allocation: 0.001, replicates: 2000, ..TwoArm::default() };
    let r = run(&d.scenario(), Mode::Search, DataPath::Auto);
    let rec = r.recommendation.as_ref().unwrap();
    assert!(!rec.reached);
    assert_eq!(r.pinned_arms, vec!["treated".to_string()]);
    let best = r.curve.iter().filter(|c| c.variant == "base").map(|c| c.power).fold(0.0, f64::max);
    assert_eq!(rec.power, best, "best seen must be the maximum over every n evaluated");
    let text = String::from_utf8(plan::export::Exporter::serialize(&plan::export::Summary, &r).unwrap()).unwrap();
    assert!(text.contains("WARNING: arm \"treated\" (allocation 0.001) is held at the minimum of 2"), "{text}");
}
