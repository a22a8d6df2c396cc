//! Ordinal outcomes (ordered categories, many ties) compared by the
//! Mann–Whitney test with mid-ranks, the tie-corrected variance and the
//! continuity correction, against R 4.2.2's `wilcox.test(exact = FALSE,
//! correct = TRUE)` in simulations:
//! - power: tests/references/mann_whitney.R(.out), part (4): reference
//!   (0.1, 0.2, 0.4, 0.2, 0.1) and treatment (0.05, 0.1, 0.3, 0.3, 0.25)
//!   over scores 0 … 4, 30 per arm: 0.55318 (MC SE 0.00157, 10⁵ studies);
//! - size: tests/references/ordinal.R(.out): both arms at the reference's
//!   probabilities, 0.04808 at 30 per arm and 0.04242 at 10 per arm (MC SE
//!   0.00068 and 0.00064, 10⁵ studies): conservative, as the continuity
//!   correction makes a test of few distinct values;
//! - θ = P(X_t > X_r) + ½P(X_t = X_r) = 0.65 (ordinal.R, part 2).
//!
//! Fixed seeds; tolerances of 4 combined Monte Carlo SE.

mod common;

use common::{run, se};
use plan::analysis::PowerMethod;
use plan::engine::{DataPath, Mode};
use plan::scenario::{Overrides, Scenario};

const REFERENCE: &str = "[0.1, 0.2, 0.4, 0.2, 0.1]";
const TREATED: &str = "[0.05, 0.1, 0.3, 0.3, 0.25]";

fn scenario(treated: &str, categories: &str, higher: bool, reps: u64, seed: u64) -> Scenario {
    let t = format!(
        "title = \"EAE\"\n[outcome]\nname = \"score\"\ndistribution = \"ordinal\"\ncategories = {categories}\n\
         higher_is_better = {higher}\n[[arms]]\nname = \"pbs\"\nprobabilities = {REFERENCE}\n[[arms]]\nname = \"exo\"\n\
         probabilities = {treated}\n[[comparisons]]\ntreatment = \"exo\"\nreference = \"pbs\"\n\
         [simulation]\nreplicates = {reps}\nseed = {seed}\n"
    );
    Scenario::from_toml(&t, "ord.toml".as_ref(), &Overrides::default()).unwrap()
}

#[test]
fn power_with_ties_matches_wilcox_test() {
    let reps = 100_000;
    // Scores or labels: ranks see only the order.
    for (i, categories) in
        ["[0, 1, 2, 3, 4]", "[\"none\", \"mild\", \"moderate\", \"severe\", \"moribund\"]"].into_iter().enumerate()
    {
        let c = run(&scenario(TREATED, categories, true, reps, 40 + i as u64), Mode::AtN(30), DataPath::Auto)
            .comparisons
            .remove(0);
        let tol = 4.0 * (2.0f64).sqrt() * se(0.55318, reps);
        assert!((c.power - 0.55318).abs() <= tol, "{categories}: {}", c.power);
        assert!((c.probability_better.unwrap() - 0.65).abs() < 1e-12);
        // The asymptotic closed form (Brunner–Munzel variance under the
        // alternative, Zhao et al.'s under the null) is within 0.01 here.
        assert_eq!(c.analytic_method, Some(PowerMethod::NormalApproximation));
        assert!((c.analytic_power.unwrap() - 0.55318).abs() < 0.01, "{:?}", c.analytic_power);
    }
}

#[test]
fn size_with_ties_matches_wilcox_test() {
    let reps = 100_000;
    for (n, reference, seed) in [(30, 0.04808, 50), (10, 0.04242, 51)] {
        let c = run(&scenario(REFERENCE, "[0, 1, 2, 3, 4]", true, reps, seed), Mode::AtN(n), DataPath::Auto)
            .comparisons
            .remove(0);
        let tol = 4.0 * (2.0f64).sqrt() * se(reference, reps);
        assert!((c.power - reference).abs() <= tol, "n = {n}: {}", c.power);
        assert!(c.power <= 0.05 + 4.0 * se(0.05, reps), "n = {n}: {}", c.power);
        assert!((c.probability_better.unwrap() - 0.5).abs() < 1e-12);
    }
}

#[test]
fn lower_is_better_turns_the_effect() {
    // EAE: lower scores are better, so the treated arm's shift upwards is
    // harm: P(a treated subject scores lower) = 1 − 0.65 = 0.35, and the
    // two-sided power is the same.
    let c = run(&scenario(TREATED, "[0, 1, 2, 3, 4]", false, 20_000, 41), Mode::AtN(30), DataPath::Auto)
        .comparisons
        .remove(0);
    assert!((c.probability_better.unwrap() - 0.35).abs() < 1e-12);
    assert!((c.power - 0.55318).abs() <= 4.0 * se(0.55318, 20_000) + 4.0 * se(0.55318, 100_000));
}
