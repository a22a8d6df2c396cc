//! Property tests (proptest) comparing fast algorithms with naive ones:
//! isotonic regression against the min–max formula, the Wilson interval's
//! invariants, the tabulated t and F decisions against the p-value rule, and
//! the multiplicity procedures against R's `p.adjust` definitions.
//!
//! Each property runs from a fixed ChaCha seed with no failure persistence,
//! so the cases are the same on every run (no flakes, no files written).

use plan::analysis::cutoff::FCutoff;
use plan::analysis::hypothesis::Contrast;
use plan::analysis::multiplicity::{apply, Multiplicity};
use plan::analysis::{Alternative, ArmSummary, Data, TTest, Test, Variance};
use plan::engine::search::{isotonic, isotonic_weighted};
use plan::engine::PowerEstimate;
use plan::stats::central::{f_sf, t_quantile};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

/// A runner with `cases` cases from a fixed seed, nothing persisted.
fn runner(cases: u32) -> TestRunner {
    let config = Config { cases, failure_persistence: None, rng_algorithm: RngAlgorithm::ChaCha, ..Config::default() };
    TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
}

fn check<S: Strategy>(cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>) {
    if let Err(e) = runner(cases).run(&strategy, test) {
        panic!("{e}");
    }
}

// ------------------------------------------------------------- isotonic

/// The isotonic (non-decreasing least-squares) fit by its min–max formula
/// (Barlow et al. 1972, Thm. 1.4): f_i = max_{j ≤ i} min_{k ≥ i} mean(y_j..y_k).
fn isotonic_naive(y: &[f64]) -> Vec<f64> {
    // The weighted formula below with unit weights.
    isotonic_weighted_naive(&y.iter().map(|&v| (v, 1.0)).collect::<Vec<_>>())
}

#[test]
fn isotonic_is_monotone_keeps_the_sum_and_matches_the_min_max_formula() {
    // Powers on a grid of 1/100 (ties and pools are common) and arbitrary reals.
    let grid = prop::collection::vec((0u32..=100).prop_map(|k| f64::from(k) / 100.0), 1..30);
    let real = prop::collection::vec(-1.0f64..2.0, 1..30);
    check(400, prop_oneof![grid, real], |y| {
        let fit = isotonic(&y);
        prop_assert_eq!(fit.len(), y.len());
        for w in fit.windows(2) {
            prop_assert!(w[0] <= w[1], "not monotone: {:?} -> {:?}", y, fit);
        }
        let (s, t): (f64, f64) = (y.iter().sum(), fit.iter().sum());
        prop_assert!((s - t).abs() <= 1e-12 * y.len() as f64, "sum {} vs {}", s, t);
        for (a, b) in fit.iter().zip(isotonic_naive(&y)) {
            prop_assert!((a - b).abs() <= 1e-12, "{:?}: fast {:?} naive differs at {} vs {}", y, fit, a, b);
        }
        // A sorted input is its own fit.
        let mut sorted = y.clone();
        sorted.sort_by(f64::total_cmp);
        prop_assert_eq!(isotonic(&sorted), sorted);
        Ok(())
    });
}

/// The weighted isotonic fit by the weighted min–max formula:
/// f_i = max_{j ≤ i} min_{k ≥ i} Σ_{j..k} w·y / Σ_{j..k} w.
fn isotonic_weighted_naive(y: &[(f64, f64)]) -> Vec<f64> {
    let mean = |j: usize, k: usize| {
        let (s, w) = y[j..=k].iter().fold((0.0, 0.0), |(s, w), &(v, x)| (s + v * x, w + x));
        s / w
    };
    (0..y.len())
        .map(|i| {
            (0..=i)
                .map(|j| (i..y.len()).map(|k| mean(j, k)).fold(f64::INFINITY, f64::min))
                .fold(f64::NEG_INFINITY, f64::max)
        })
        .collect()
}

#[test]
fn weighted_isotonic_matches_the_weighted_min_max_formula() {
    // Weights as the search uses them: replicate counts, from 1 to 10⁶.
    let point = ((0u32..=100).prop_map(|k| f64::from(k) / 100.0), prop_oneof![Just(1.0), 1.0f64..1e6]);
    check(400, prop::collection::vec(point, 1..25), |y| {
        let fit = isotonic_weighted(&y);
        for w in fit.windows(2) {
            prop_assert!(w[0] <= w[1], "not monotone: {:?} -> {:?}", y, fit);
        }
        // The weighted sum is kept.
        let s: f64 = y.iter().map(|&(v, w)| v * w).sum();
        let t: f64 = y.iter().zip(&fit).map(|(&(_, w), f)| f * w).sum();
        prop_assert!((s - t).abs() <= 1e-9 * s.abs().max(1.0), "weighted sum {} vs {}", s, t);
        for (a, b) in fit.iter().zip(isotonic_weighted_naive(&y)) {
            prop_assert!((a - b).abs() <= 1e-12, "{:?}: fast {:?}, naive {}", y, fit, b);
        }
        // Equal weights give the unweighted fit.
        let values: Vec<f64> = y.iter().map(|p| p.0).collect();
        let equal: Vec<(f64, f64)> = values.iter().map(|&v| (v, 7.0)).collect();
        for (a, b) in isotonic_weighted(&equal).iter().zip(isotonic(&values)) {
            prop_assert!((a - b).abs() <= 1e-12);
        }
        Ok(())
    });
}

// -------------------------------------------------------------- Wilson

#[test]
fn wilson_interval_lies_in_the_unit_interval_and_contains_interior_estimates() {
    let counts = (2u64..=1_000_000_000).prop_flat_map(|r| (1..r, Just(r)));
    let near_edges = (2u64..=1_000_000).prop_flat_map(|r| (prop_oneof![Just(1), Just(r - 1)], Just(r)));
    let edges = (1u64..=1_000_000).prop_flat_map(|r| (prop_oneof![Just(0), Just(r)], Just(r)));
    check(2000, prop_oneof![counts, near_edges, edges], |(x, r)| {
        let e = PowerEstimate::new(x, r);
        let p = x as f64 / r as f64;
        prop_assert_eq!(e.power, p);
        prop_assert!(0.0 <= e.ci_low && e.ci_low <= e.ci_high && e.ci_high <= 1.0, "{:?}", e);
        if 0 < x && x < r {
            prop_assert!(e.ci_low < p && p < e.ci_high, "{}/{}: {:?}", x, r, e);
        }
        prop_assert!((e.mc_se - (p * (1.0 - p) / r as f64).sqrt()).abs() <= 1e-15);
        Ok(())
    });
}

#[test]
// Regression: rounding in centre ∓ half once put ci_low at 5.6e-17 for 0/3
// and ci_high at 1 − 1.1e-16 for 10/10 (fixed by clamping in estimate.rs).
fn wilson_interval_contains_the_estimate_at_zero_and_all_rejections() {
    // Wilson's interval is [0, z²/(R + z²)] at 0 rejections and
    // [R/(R + z²), 1] at R (Newcombe 1998, eq. for method 3 at x = 0, n);
    // so it must contain p = 0 and p = 1 exactly.
    check(2000, (1u64..=1_000_000, any::<bool>()), |(r, all)| {
        let x = if all { r } else { 0 };
        let e = PowerEstimate::new(x, r);
        let p = x as f64 / r as f64;
        prop_assert!(e.ci_low <= p && p <= e.ci_high, "{}/{}: {:?}", x, r, e);
        Ok(())
    });
}

// ------------------------------------------------- fast t and F decisions

/// Two arms and a t test whose statistic is placed at (1 + eps) times the
/// critical value (or anywhere, when eps is None).
fn t_case() -> impl Strategy<Value = (TTest, [ArmSummary; 2], f64)> {
    let arm = (2u32..400, 0.05f64..20.0);
    let variance = prop_oneof![Just(Variance::Pooled), Just(Variance::Welch)];
    let alternative = prop_oneof![Just(Alternative::TwoSided), Just(Alternative::Greater), Just(Alternative::Less)];
    let eps = prop_oneof![
        Just(Some(0.0)),
        (-15i32..-2, any::<bool>()).prop_map(|(e, neg)| Some(if neg { -1.0 } else { 1.0 } * 10f64.powi(e))),
        (-3.0f64..3.0).prop_map(|_| None),
    ];
    let level = prop_oneof![Just(0.05), Just(0.025), Just(0.01), 1e-4f64..0.3];
    (arm.clone(), arm, variance, alternative, -1.0f64..1.0, eps, level, -2.0f64..2.0, any::<bool>()).prop_map(
        |((n1, v1), (n2, v2), variance, alternative, shift, eps, level, free, flip)| {
            let test = TTest::new(0, 1, variance, shift, alternative);
            let mut arms = [ArmSummary { n: n1, mean: 0.0, var: v1 }, ArmSummary { n: n2, mean: 0.0, var: v2 }];
            let (_, df) = test.contrast.statistic(&Data { arms: arms.to_vec(), ..Data::default() }, shift);
            let (a, b) = (f64::from(n1), f64::from(n2));
            let se = match variance {
                Variance::Pooled => (((a - 1.0) * v1 + (b - 1.0) * v2) / (a + b - 2.0) * (1.0 / a + 1.0 / b)).sqrt(),
                Variance::Welch => (v1 / a + v2 / b).sqrt(),
            };
            let tail = if alternative == Alternative::TwoSided { level / 2.0 } else { level };
            let q = t_quantile(1.0 - tail, df);
            // Oriented statistic s = q(1 + eps); t = ±s by the alternative.
            let s = eps.map_or(free * q, |e| q * (1.0 + e));
            let t = match alternative {
                Alternative::Greater => s,
                Alternative::Less => -s,
                Alternative::TwoSided if flip => -s,
                Alternative::TwoSided => s,
            };
            arms[0].mean = shift + t * se;
            (test, arms, level)
        },
    )
}

#[test]
fn fast_t_decision_equals_the_p_value_rule() {
    check(3000, t_case(), |(test, arms, level)| {
        // The engine's rule: the test's own tabulated cutoff at these sizes.
        let rule = test.rule(&[arms[0].n, arms[1].n], level);
        let data = Data { arms: arms.to_vec(), ..Data::default() };
        let by_p = test.p_value(&data) <= level;
        prop_assert_eq!(test.decide(&rule, &data), Some(by_p), "{:?} {:?} level {}", test, arms, level);
        Ok(())
    });
}

#[test]
fn fast_f_decision_equals_the_p_value_rule() {
    let case =
        (1u32..8, 2u32..300, prop_oneof![Just(0.05), Just(0.01), 1e-4f64..0.5], -12i32..0, any::<bool>(), 0.0f64..3.0);
    check(3000, case, |(df1, df2, level, e, neg, free)| {
        let (d1, d2) = (f64::from(df1), f64::from(df2));
        let cut = FCutoff::new(level, d1, d2);
        let q = statrs_free_f_quantile(level, d1, d2);
        for f in [q, q * (1.0 + if neg { -1.0 } else { 1.0 } * 10f64.powi(e)), free * q] {
            prop_assert_eq!(cut.exceeds(f), f_sf(f, d1, d2) <= level, "F {} on ({}, {}) level {}", f, d1, d2, level);
        }
        Ok(())
    });
}

/// The F quantile by bisection on [`f_sf`] (no other library needed).
fn statrs_free_f_quantile(level: f64, d1: f64, d2: f64) -> f64 {
    let (mut lo, mut hi) = (0.0, 1.0);
    while f_sf(hi, d1, d2) > level {
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if f_sf(mid, d1, d2) > level {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

// ------------------------------------------------------ multiplicity

/// R's p.adjust (R 4.2.2, src/library/stats/R/p.adjust.R): Holm's adjusted
/// p is the running max over ordered p of (m − j + 1)·p₍ⱼ₎, Hochberg's the
/// running min from the top of (m − j + 1)·p₍ⱼ₎, both capped at 1.
fn p_adjust(p: &[f64], method: Multiplicity) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut adj = vec![0.0; m];
    match method {
        Multiplicity::Holm => {
            let mut run = 0.0f64;
            for (j, &i) in order.iter().enumerate() {
                run = run.max(((m - j) as f64 * p[i]).min(1.0));
                adj[i] = run;
            }
        }
        Multiplicity::Hochberg => {
            let mut run = 1.0f64;
            for (j, &i) in order.iter().enumerate().rev() {
                run = run.min(((m - j) as f64 * p[i]).min(1.0));
                adj[i] = run;
            }
        }
        Multiplicity::Bonferroni => p.iter().zip(adj.iter_mut()).for_each(|(&x, a)| *a = (m as f64 * x).min(1.0)),
        _ => adj.copy_from_slice(p),
    }
    adj
}

#[test]
fn multiplicity_procedures_match_p_adjust_and_nest() {
    let ps = prop::collection::vec(prop_oneof![0.0f64..0.1, 0.0f64..1.0, Just(0.01), Just(0.025)], 1..8);
    check(3000, (ps, prop_oneof![Just(0.05), Just(0.1), 0.001f64..0.2]), |(p, alpha)| {
        let m = p.len();
        let (mut order, mut reject) = (vec![0; m], vec![false; m]);
        let mut decisions = Vec::new();
        for method in [Multiplicity::Bonferroni, Multiplicity::Holm, Multiplicity::Hochberg] {
            apply(method, &p, alpha, &mut order, &mut reject);
            // Away from the exact thresholds (where k·p ≤ α and p ≤ α/k
            // may round differently), the decision is "adjusted p ≤ α".
            let near = p.iter().any(|&x| (1..=m).any(|k| ((k as f64) * x - alpha).abs() < 1e-12));
            if !near {
                let want: Vec<bool> = p_adjust(&p, method).iter().map(|&a| a <= alpha).collect();
                prop_assert_eq!(&reject, &want, "{:?} p {:?} alpha {}", method, p, alpha);
            }
            decisions.push(reject.clone());
        }
        // Bonferroni ⊆ Holm ⊆ Hochberg (Holm 1979; Hochberg 1988).
        for ((&bonferroni, &holm), &hochberg) in decisions[0].iter().zip(&decisions[1]).zip(&decisions[2]) {
            prop_assert!(!bonferroni || holm, "Bonferroni rejects, Holm not: {:?}", p);
            prop_assert!(!holm || hochberg, "Holm rejects, Hochberg not: {:?}", p);
        }
        Ok(())
    });
}
