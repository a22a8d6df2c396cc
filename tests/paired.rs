//! Paired designs against independent references: the paired t test's
//! closed form against `pwr.t.test(type = "paired")` (R 4.2.2, pwr 1.3.0:
//! tests/references/paired.R and .R.out), the simulated power against it
//! (4 Monte Carlo SE, fixed seeds), the signed-rank test against a large
//! simulation with R's `wilcox.test(exact = FALSE, correct = TRUE)`
//! (tests/references/wilcoxon_signed.R and .R.out; 4 combined SE), the
//! summary path against the raw path, and the size of both tests under
//! the null.

mod common;

use common::{run, se};
use plan::analysis::PowerMethod;
use plan::engine::{DataPath, Mode, PlanResult};
use plan::scenario::{Overrides, Scenario};

/// A paired scenario: two conditions with means 0 and `delta`, common SD,
/// correlation, comparisons text and `[analysis]` lines.
fn scenario(delta: f64, sd: f64, rho: f64, comparisons: &str, analysis: &str, reps: u64, seed: u64) -> Scenario {
    let t = format!(
        "title = \"paired\"\n[outcome]\nname = \"y\"\nsd = {sd}\n[design]\nkind = \"paired\"\ncorrelation = {rho}\n\
         [[arms]]\nname = \"pre\"\nmean = 0.0\n[[arms]]\nname = \"post\"\nmean = {delta}\n{comparisons}\
         [analysis]\n{analysis}\n[simulation]\nreplicates = {reps}\nseed = {seed}\n"
    );
    Scenario::from_toml(&t, "paired.toml".as_ref(), &Overrides::default()).unwrap_or_else(|e| panic!("{e}\n{t}"))
}

fn test(name: &str, extra: &str) -> String {
    format!("[[comparisons]]\ntreatment = \"post\"\nreference = \"pre\"\ntest = \"{name}\"\n{extra}")
}

fn at(s: &Scenario, n: u32, path: DataPath) -> PlanResult {
    run(s, Mode::AtN(n), path)
}

#[test]
fn paired_t_closed_form_and_simulation_match_pwr() {
    // SD 1 under both conditions and ρ = 0.5 make the SD of the
    // differences 1, so d_z is the difference. pwr.t.test(d, n,
    // type = "paired"): (0.5, 34) 0.80777750127944, (0.3, 90)
    // 0.803794296893329, (0.8, 15) 0.821310538724584, (0.25, 128)
    // 0.801507136372699; one-sided "greater" (0.5, 27) 0.811831551708252.
    let cases = [
        (0.5, 34, 2, 0.80777750127944),
        (0.3, 90, 2, 0.803794296893329),
        (0.8, 15, 2, 0.821310538724584),
        (0.25, 128, 2, 0.801507136372699),
        (0.5, 27, 1, 0.811831551708252),
    ];
    for (i, (dz, n, sides, reference)) in cases.into_iter().enumerate() {
        let s = scenario(dz, 1.0, 0.5, &test("paired-t", ""), &format!("sides = {sides}"), 40_000, 40 + i as u64);
        for path in [DataPath::Auto, DataPath::Raw] {
            let r = at(&s, n, path);
            let c = &r.comparisons[0];
            assert_eq!(c.analytic_method, Some(PowerMethod::NoncentralT));
            assert!((c.analytic_power.unwrap() - reference).abs() < 1e-7, "case {i}: {:?}", c.analytic_power);
            assert!((c.d_z.unwrap() - dz).abs() < 1e-12);
            let tol = 4.0 * se(reference, 40_000);
            assert!((c.power - reference).abs() <= tol, "case {i} {path:?}: {} vs {reference}", c.power);
            // n counts subjects: the total is the same number.
            assert_eq!(r.curve[0].n_total, n);
        }
    }
}

#[test]
fn the_hair_pre_post_example_matches_pwr() {
    // 105.4 → 122.7 hairs/cm², SD 20 under both, ρ = 0.5: SD of the
    // differences 20, d_z = 0.865. pwr.t.test: power 0.558426291894182,
    // 0.683301175097823 and 0.778642946276551 at n = 8, 10, 12; n for 0.8 is
    // 12.55 (so 13), for 0.9 16.09 (so 17).
    let s = scenario(17.3, 20.0, 0.5, &test("paired-t", ""), "", 10_000, 50);
    for (n, reference) in [(8, 0.558426291894182), (10, 0.683301175097823), (12, 0.778642946276551)] {
        let p = at(&s, n, DataPath::Auto).comparisons[0].analytic_power.unwrap();
        assert!((p - reference).abs() < 1e-7, "n = {n}: {p}");
    }
    for (target, want) in [(0.8, 13), (0.9, 17)] {
        let s = scenario(17.3, 20.0, 0.5, &test("paired-t", ""), &format!("target_power = {target}"), 10_000, 51);
        let rec = run(&s, Mode::Search, DataPath::Auto).recommendation.unwrap();
        assert_eq!(rec.n_per_arm, want, "target {target}");
        assert_eq!(rec.n_total, want);
        assert!(rec.resolved);
    }
}

#[test]
fn signed_rank_power_matches_a_large_r_simulation() {
    // R: d ~ N(0.5, 1), two-sided α = 0.05, 200,000 replicates: power
    // 0.54265 (SE 0.00111) at n = 20 and 0.727845 (SE 0.00100) at n = 30.
    let s = scenario(0.5, 1.0, 0.5, &test("wilcoxon", ""), "", 100_000, 60);
    for (n, reference, r_se) in [(20, 0.54265, 0.00111395910494955), (30, 0.727845, 0.000995205144618435)] {
        let c = &at(&s, n, DataPath::Auto).comparisons[0];
        let tol = 4.0 * (se(reference, 100_000).powi(2) + r_se * r_se).sqrt();
        assert!((c.power - reference).abs() <= tol, "n = {n}: {} vs R {reference}", c.power);
        assert_eq!(c.analytic_power, None);
    }
}

#[test]
fn size_of_the_paired_tests_under_the_null() {
    // Paired t: exact in distribution, size α. Signed-rank: R's simulation
    // at n = 20 gives 0.048095 (SE 0.000478). Non-inferiority at the
    // boundary and equivalence at a margin are at most α.
    let s = scenario(0.0, 1.0, 0.3, &test("paired-t", ""), "", 200_000, 70);
    for n in [5, 20] {
        for path in [DataPath::Auto, DataPath::Raw] {
            let c = &at(&s, n, path).comparisons[0];
            assert!((c.power - 0.05).abs() <= 4.0 * se(0.05, 200_000), "n = {n} {path:?}: {}", c.power);
        }
    }
    let s = scenario(0.0, 1.0, 0.5, &test("wilcoxon", ""), "", 200_000, 71);
    let c = &at(&s, 20, DataPath::Auto).comparisons[0];
    let tol = 4.0 * (se(0.048095, 200_000).powi(2) + 0.000478444724994434f64.powi(2)).sqrt();
    assert!((c.power - 0.048095).abs() <= tol, "signed-rank size {}", c.power);
    // Non-inferiority with margin 0.3 at the boundary (true difference −0.3).
    let s = scenario(
        -0.3,
        1.0,
        0.5,
        &test("paired-t", "hypothesis = \"non-inferiority\"\nmargin = 0.3\n"),
        "",
        200_000,
        72,
    );
    let c = &at(&s, 30, DataPath::Auto).comparisons[0];
    assert!((c.power - 0.05).abs() <= 4.0 * se(0.05, 200_000), "NI size {}", c.power);
    // Equivalence at the upper margin: TOST's size is at most α.
    let s = scenario(0.3, 1.0, 0.5, &test("paired-t", "hypothesis = \"equivalence\"\nmargin = 0.3\n"), "", 200_000, 73);
    let c = &at(&s, 30, DataPath::Auto).comparisons[0];
    assert!(c.power <= 0.05 + 4.0 * se(0.05, 200_000), "TOST size {}", c.power);
}

#[test]
fn more_conditions_share_subjects_and_holm_works() {
    // Three conditions (pre, week 6, week 12), ρ = 0.6 between each pair:
    // each paired t against "pre" matches its own closed form without
    // multiplicity, and the summary and raw paths agree.
    let t = "title = \"three\"\n[outcome]\nname = \"y\"\nsd = 1.0\n[design]\nkind = \"paired\"\ncorrelation = 0.6\n\
             [[arms]]\nname = \"pre\"\nmean = 0.0\n[[arms]]\nname = \"w6\"\nmean = 0.3\n[[arms]]\nname = \"w12\"\nmean = 0.5\n\
             [[comparisons]]\ntreatment = \"w6\"\nreference = \"pre\"\n[[comparisons]]\ntreatment = \"w12\"\nreference = \"pre\"\n\
             [simulation]\nreplicates = 40000\nseed = 80\n";
    let s = Scenario::from_toml(t, "three.toml".as_ref(), &Overrides::default()).unwrap();
    let fast = at(&s, 25, DataPath::Auto);
    let raw = at(&s, 25, DataPath::Raw);
    for (a, b) in fast.comparisons.iter().zip(&raw.comparisons) {
        let exact = a.analytic_power.unwrap();
        let tol = 4.0 * se(exact, 40_000);
        assert!((a.power - exact).abs() <= tol, "{}: {} vs {exact}", a.label, a.power);
        assert!((b.power - exact).abs() <= tol, "{} raw: {} vs {exact}", b.label, b.power);
    }
    let holm = t.replace("[simulation]", "[analysis]\nmultiplicity = \"holm\"\n[simulation]");
    let s = Scenario::from_toml(&holm, "three.toml".as_ref(), &Overrides::default()).unwrap();
    let r = at(&s, 25, DataPath::Auto);
    for (h, plain) in r.comparisons.iter().zip(&fast.comparisons) {
        assert!(h.power <= plain.power + 1e-12, "Holm cannot reject more often");
    }
}
