//! The Mann–Whitney (Wilcoxon rank-sum) test against R: its simulated power
//! and size against 200,000 simulations with R's
//! `wilcox.test(exact = FALSE, correct = TRUE)` (tests/references/
//! mann_whitney.R and .R.out; tolerance 4 combined Monte Carlo SE), and
//! Noether's closed form against the same formula evaluated in R.

mod common;

use common::{run, se};
use plan::analysis::PowerMethod;
use plan::engine::{DataPath, Mode};
use plan::scenario::{Overrides, Scenario};

fn scenario(delta: f64, reps: u64, seed: u64) -> Scenario {
    let t = format!(
        "title = \"mw\"\n[outcome]\nname = \"y\"\nsd = 1.0\n[[arms]]\nname = \"control\"\nmean = 0.0\n\
         [[arms]]\nname = \"treated\"\nmean = {delta}\n[[comparisons]]\ntreatment = \"treated\"\n\
         reference = \"control\"\ntest = \"mann-whitney\"\n[simulation]\nreplicates = {reps}\nseed = {seed}\n"
    );
    Scenario::from_toml(&t, "mw.toml".as_ref(), &Overrides::default()).unwrap()
}

#[test]
fn power_matches_r_and_noethers_formula() {
    // R: N(0.5, 1) against N(0, 1), two-sided α = 0.05, 200,000 replicates:
    // 0.32147 (SE 0.00104) at 20 per arm, 0.780215 (SE 0.00093) at 64.
    // Noether's approximation with both rejection tails (R, the last lines
    // of mann_whitney.R.out): 0.32122906140183 and 0.769427142737276.
    let cases =
        [(20, 0.32147, 0.00104433481005854, 0.32122906140183), (64, 0.780215, 0.000925957757608305, 0.769427142737276)];
    for (n, reference, r_se, noether) in cases {
        let s = scenario(0.5, 100_000, 90 + u64::from(n));
        let c = run(&s, Mode::AtN(n), DataPath::Auto).comparisons.remove(0);
        let tol = 4.0 * (se(reference, 100_000).powi(2) + r_se * r_se).sqrt();
        assert!((c.power - reference).abs() <= tol, "n = {n}: {} vs R {reference}", c.power);
        assert_eq!(c.analytic_method, Some(PowerMethod::NormalApproximation));
        assert!((c.analytic_power.unwrap() - noether).abs() < 1e-9, "{:?}", c.analytic_power);
    }
}

#[test]
fn size_under_the_null_matches_r() {
    // R: equal means, 20 per arm, 200,000 replicates: 0.04991 (SE 0.000487).
    let s = scenario(0.0, 200_000, 95);
    let c = run(&s, Mode::AtN(20), DataPath::Auto).comparisons.remove(0);
    let tol = 4.0 * (se(0.04991, 200_000).powi(2) + 0.000486923977125793f64.powi(2)).sqrt();
    assert!((c.power - 0.04991).abs() <= tol, "size {}", c.power);
}
