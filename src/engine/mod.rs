//! The Monte Carlo engine: random streams ([`rng`]), the parallel runner
//! ([`runner`]), power estimates with Monte Carlo error ([`estimate`]), the
//! sample-size search ([`search`]), and [`run`], which ties them together
//! into a [`PlanResult`].

pub mod estimate;
pub mod result;
pub mod rng;
pub mod runner;
pub mod search;
pub mod study;

use std::collections::BTreeMap;

pub use estimate::PowerEstimate;
pub use result::{ArmSize, ComparisonResult, CurveRow, PlanResult, Recommendation, Settings};
pub use runner::{Counts, DataPath, NoProgress, Progress, Runner};
pub use search::{Searcher, Threshold};
pub use study::Study;

use crate::error::PlanError;
use crate::scenario::Scenario;

/// What to compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Search for the smallest n that reaches the target power.
    Search,
    /// Power at this n per unit allocation (`--n`).
    AtN(u32),
}

/// How to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RunOptions {
    /// Worker threads, 0 for one per core. Results do not depend on it.
    pub threads: usize,
    /// Raw data or sufficient statistics.
    pub data_path: DataPath,
}

/// Plans a study: searches for n (or evaluates one n) and simulates the
/// power curve.
pub fn run(
    scenario: &Scenario,
    mode: Mode,
    options: RunOptions,
    progress: &dyn Progress,
) -> Result<PlanResult, PlanError> {
    let study = Study::new(scenario);
    let runner = Runner::new(options.threads, options.data_path)?;
    let sim = scenario.simulation();
    let (replicates, seed) = (sim.replicates, sim.seed);
    let mut searcher = Searcher::new(sim.n_min, sim.n_max, |n| runner.simulate(&study, n, replicates, seed, progress));
    let k = scenario.comparisons().len();
    let target = scenario.analysis().target_power;

    let (recommendation, per_comparison) = match mode {
        Mode::AtN(n) => {
            searcher.counts(n);
            (None, vec![None; k])
        }
        Mode::Search => {
            let thresholds: Vec<Threshold> = (0..k)
                .map(|i| {
                    let guess = analytic_n(&study, i, target, sim.n_min, sim.n_max);
                    searcher.threshold(i, guess, target)
                })
                .collect();
            let rec = recommend(scenario, &mut searcher, &thresholds);
            for n in curve_grid(rec.n_per_arm, sim.n_min, sim.n_max) {
                searcher.counts(n);
            }
            (Some(rec), thresholds.into_iter().map(Some).collect())
        }
    };
    let evaluated = searcher.into_evaluated();
    let at = match (&recommendation, mode) {
        (_, Mode::AtN(n)) => n,
        (Some(r), _) => r.n_per_arm,
        (None, _) => sim.n_min,
    };
    let comparisons = comparison_results(&study, &evaluated, at, &per_comparison);
    Ok(PlanResult {
        tool: "plan",
        version: env!("CARGO_PKG_VERSION"),
        title: scenario.title().to_string(),
        outcome: scenario.outcome().clone(),
        arms: scenario.arms().to_vec(),
        settings: Settings {
            alpha: scenario.analysis().alpha,
            sides: scenario.analysis().sides.count(),
            target_power: target,
            dropout: scenario.analysis().dropout,
            n_min: sim.n_min,
            n_max: sim.n_max,
            data_path: if runner.uses_summaries(&study) { "summary" } else { "raw" },
        },
        recommendation,
        comparisons,
        curve: curve_rows(&study, &evaluated),
        assumptions: scenario.assumptions(),
        replicates,
        seed,
    })
}

/// Smallest n in range whose closed-form power reaches the target (the
/// search's first guess); n_max when none does.
fn analytic_n(study: &Study<'_>, i: usize, target: f64, n_min: u32, n_max: u32) -> u32 {
    let reaches = |n: u32| study.analytic_power(i, n).is_some_and(|p| p >= target);
    if !reaches(n_max) {
        return n_max;
    }
    let (mut lo, mut hi) = (n_min, n_max);
    if reaches(lo) {
        return lo;
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if reaches(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// Totals over all arms at n: (analysable, enrolled, per-arm sizes).
fn totals(scenario: &Scenario, n: u32) -> (u32, u32, Vec<ArmSize>) {
    let arms: Vec<ArmSize> = scenario
        .arm_sizes(n)
        .into_iter()
        .zip(scenario.arms())
        .map(|(size, arm)| ArmSize { arm: arm.name.clone(), n: size, enrolled: scenario.enrolled(size) })
        .collect();
    (arms.iter().map(|a| a.n).sum(), arms.iter().map(|a| a.enrolled).sum(), arms)
}

/// The recommendation for the goal "each comparison reaches the target":
/// the largest per-comparison threshold, and the lowest power there.
fn recommend<F: FnMut(u32) -> Counts>(
    scenario: &Scenario,
    searcher: &mut Searcher<F>,
    thresholds: &[Threshold],
) -> Recommendation {
    let reached = thresholds.iter().all(|t| matches!(t, Threshold::Reached(_)));
    let n = if reached {
        thresholds
            .iter()
            .map(|t| if let Threshold::Reached(n) = t { *n } else { 0 })
            .max()
            .unwrap_or(scenario.simulation().n_min)
    } else {
        // The n where the weakest comparison's power is best.
        let weakest = |c: &Counts| c.rejections.iter().copied().min().unwrap_or(0);
        searcher
            .evaluated()
            .values()
            .fold(None::<&Counts>, |b, c| match b {
                Some(b) if weakest(b) >= weakest(c) => Some(b),
                _ => Some(c),
            })
            .map_or(scenario.simulation().n_max, |c| c.n)
    };
    let counts = searcher.counts(n);
    let weakest = counts.rejections.iter().copied().min().unwrap_or(0);
    let est = PowerEstimate::new(weakest, counts.replicates);
    let (n_total, n_enrolled, arms) = totals(scenario, n);
    Recommendation {
        n_per_arm: n,
        n_total,
        n_enrolled,
        power: est.power,
        ci_low: est.ci_low,
        ci_high: est.ci_high,
        reached,
        arms,
    }
}

/// The n values of the power curve: fractions and multiples of the
/// recommended n, within range.
fn curve_grid(n_rec: u32, n_min: u32, n_max: u32) -> Vec<u32> {
    let mut grid: Vec<u32> = [0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0]
        .iter()
        .map(|f| ((f * f64::from(n_rec)).round() as u32).clamp(n_min, n_max))
        .collect();
    grid.push(n_min);
    grid.sort_unstable();
    grid.dedup();
    grid
}

fn comparison_results(
    study: &Study<'_>,
    evaluated: &BTreeMap<u32, Counts>,
    at: u32,
    thresholds: &[Option<Threshold>],
) -> Vec<ComparisonResult> {
    let scenario = study.scenario();
    let arms = scenario.arms();
    scenario
        .comparisons()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let (t, r) = (&arms[c.treatment], &arms[c.reference]);
            let difference = t.mean - r.mean;
            let est = evaluated.get(&at).map(|x| PowerEstimate::new(x.rejections[i], x.replicates));
            let est = est.unwrap_or_else(|| PowerEstimate::new(0, 1));
            let (n_per_arm, reached) = match thresholds[i] {
                None => (None, None),
                Some(Threshold::Reached(n)) => (Some(n), Some(true)),
                Some(Threshold::NotReached { .. }) => (None, Some(false)),
            };
            ComparisonResult {
                label: c.label.clone(),
                treatment: t.name.clone(),
                reference: r.name.clone(),
                test: format!("{:?}", c.test).to_lowercase(),
                difference,
                d: difference / ((t.sd * t.sd + r.sd * r.sd) / 2.0).sqrt(),
                n_per_arm,
                reached,
                power: est.power,
                mc_se: est.mc_se,
                ci_low: est.ci_low,
                ci_high: est.ci_high,
                analytic_power: study.analytic_power(i, at),
            }
        })
        .collect()
}

fn curve_rows(study: &Study<'_>, evaluated: &BTreeMap<u32, Counts>) -> Vec<CurveRow> {
    let scenario = study.scenario();
    let mut rows = Vec::new();
    for (&n, counts) in evaluated {
        let (n_total, n_enrolled, _) = totals(scenario, n);
        for (i, c) in scenario.comparisons().iter().enumerate() {
            let est = PowerEstimate::new(counts.rejections[i], counts.replicates);
            rows.push(CurveRow {
                scenario: scenario.title().to_string(),
                comparison: c.label.clone(),
                n_per_arm: n,
                n_total,
                n_enrolled,
                power: est.power,
                mc_se: est.mc_se,
                ci_low: est.ci_low,
                ci_high: est.ci_high,
                analytic_power: study.analytic_power(i, n),
                replicates: counts.replicates,
                seed: scenario.simulation().seed,
            });
        }
    }
    rows
}
