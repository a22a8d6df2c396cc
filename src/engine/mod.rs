//! The Monte Carlo engine: random streams ([`rng`]), the compiled study
//! ([`study`]), the parallel runner ([`runner`]), power estimates with Monte
//! Carlo error ([`estimate`]), the sample-size search ([`search`]), and
//! [`run`], which ties them together into a [`PlanResult`] ([`assemble`]
//! builds its parts, [`advice`] adds the allocation advice).

mod advice;
mod assemble;
pub mod estimate;
pub mod result;
pub mod rng;
pub mod runner;
pub mod search;
pub mod study;

pub use estimate::PowerEstimate;
pub use result::{
    AllocationAdvice, AllocationOption, ArmSize, ComparisonResult, CurveRow, GoalResult, PlanResult, Recommendation,
    SensitivityResult, Settings,
};
pub use runner::{Counts, DataPath, NoProgress, Progress, Runner};
pub use search::{Searcher, Threshold};
pub use study::Study;

use std::collections::BTreeMap;

use crate::error::PlanError;
use crate::scenario::{Goal, Scenario};

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

/// The simulations of one planning run and what the search found.
pub(crate) struct Outcome {
    /// Every simulation, by n.
    pub evaluated: BTreeMap<u32, Counts>,
    /// Per comparison: its own threshold (search only).
    pub thresholds: Vec<Option<Threshold>>,
    /// The goal's threshold (search only).
    pub goal: Option<Threshold>,
    /// The n the results are reported at.
    pub at: u32,
}

/// Plans a study: searches for n (or evaluates one n), simulates the power
/// curve, and, when k ≥ 2 primary comparisons share a control, compares the
/// scenario's allocation with the √k:1 allocation.
pub fn run(
    scenario: &Scenario,
    mode: Mode,
    options: RunOptions,
    progress: &dyn Progress,
) -> Result<PlanResult, PlanError> {
    let runner = Runner::new(options.threads, options.data_path)?;
    let study = Study::new(scenario);
    let outcome = simulate(&study, &runner, mode, progress);
    let allocation_advice = match mode {
        Mode::Search => advice::advise(&study, &outcome, &runner, progress),
        Mode::AtN(_) => None,
    };
    let mut result = assemble::result(&study, &runner, &outcome, allocation_advice);
    if let Some(sens) = scenario.sensitivity() {
        let variants = sens.effect.iter().map(|&f| (format!("effect x{f}"), f, 1.0));
        let variants = variants.chain(sens.sd.iter().map(|&f| (format!("SD x{f}"), 1.0, f)));
        for (name, effect, sd) in variants {
            let scaled = scenario.scaled(effect, sd);
            let study = Study::new(&scaled);
            let outcome = simulate(&study, &runner, mode, progress);
            let (recommendation, goal) = assemble::recommendation_and_goal(&study, &outcome);
            result.curve.extend(assemble::curve_rows(&study, &outcome, &name));
            result.sensitivity.push(SensitivityResult {
                variant: name,
                effect_factor: effect,
                sd_factor: sd,
                recommendation,
                goal,
            });
        }
    }
    Ok(result)
}

/// Runs the search (or the single n) and the curve grid.
pub(crate) fn simulate(study: &Study<'_>, runner: &Runner, mode: Mode, progress: &dyn Progress) -> Outcome {
    let scenario = study.scenario();
    let sim = scenario.simulation();
    let (replicates, seed) = (sim.replicates, sim.seed);
    let mut searcher = Searcher::new(sim.n_min, sim.n_max, |n| runner.simulate(study, n, replicates, seed, progress));
    let k = scenario.comparisons().len();
    let target = scenario.analysis().target_power;
    match mode {
        Mode::AtN(n) => {
            searcher.counts(n);
            Outcome { evaluated: searcher.into_evaluated(), thresholds: vec![None; k], goal: None, at: n }
        }
        Mode::Search => {
            let thresholds: Vec<Threshold> = (0..k)
                .map(|i| {
                    let guess = analytic_n(study, i, target, sim.n_min, sim.n_max);
                    searcher.threshold(i, guess, target)
                })
                .collect();
            let goal = goal_threshold(study, &mut searcher, &thresholds, target);
            let at = match goal {
                Threshold::Reached(n) | Threshold::NotReached { n, .. } => n,
            };
            for n in curve_grid(at, sim.n_min, sim.n_max) {
                searcher.counts(n);
            }
            Outcome {
                evaluated: searcher.into_evaluated(),
                thresholds: thresholds.into_iter().map(Some).collect(),
                goal: Some(goal),
                at,
            }
        }
    }
}

/// The goal's threshold. "each": the largest primary threshold (not
/// reached if any primary is not). "all"/"any": its own counter, searched
/// from the primary thresholds.
fn goal_threshold<F: FnMut(u32) -> Counts>(
    study: &Study<'_>,
    searcher: &mut Searcher<F>,
    thresholds: &[Threshold],
    target: f64,
) -> Threshold {
    let primary: Vec<Threshold> = study.primaries().iter().map(|&i| thresholds[i]).collect();
    let n_of = |t: &Threshold| match t {
        Threshold::Reached(n) | Threshold::NotReached { n, .. } => *n,
    };
    match study.scenario().analysis().goal {
        Goal::Each => {
            if primary.iter().all(|t| matches!(t, Threshold::Reached(_))) {
                Threshold::Reached(primary.iter().map(n_of).max().unwrap_or(0))
            } else {
                // Where the weakest primary comparison does best.
                let weakest = |c: &Counts| study.primaries().iter().map(|&i| c.rejections[i]).min().unwrap_or(0);
                let best = searcher.evaluated().values().fold(None::<&Counts>, |b, c| match b {
                    Some(b) if weakest(b) >= weakest(c) => Some(b),
                    _ => Some(c),
                });
                let (n, power) = best.map_or((0, 0.0), |c| (c.n, weakest(c) as f64 / c.replicates as f64));
                Threshold::NotReached { n, power }
            }
        }
        Goal::All => {
            let guess = primary.iter().map(n_of).max().unwrap_or(0);
            searcher.threshold(study.all_index(), guess, target)
        }
        Goal::Any => {
            let guess = primary.iter().map(n_of).min().unwrap_or(0);
            searcher.threshold(study.any_index(), guess, target)
        }
    }
}

/// Smallest n in range whose closed-form power reaches the target (the
/// search's first guess); n_max when none does, and the middle of the range
/// when there is no closed form.
fn analytic_n(study: &Study<'_>, i: usize, target: f64, n_min: u32, n_max: u32) -> u32 {
    // Šidák in place of Dunnett's exact critical value: a guess only.
    let power = |n: u32| study.analytic_power(i, &study.design_for_guess(n));
    if power(n_max).is_none() {
        return n_min + (n_max - n_min) / 8;
    }
    let reaches = |n: u32| power(n).is_some_and(|p| p >= target);
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
