//! The Monte Carlo engine: random streams ([`rng`]), the compiled study
//! ([`study`]), the parallel runner ([`runner`]), power estimates with Monte
//! Carlo error ([`estimate`]), the sample-size search ([`search`]), and
//! [`run`], which ties them together into a [`PlanResult`] ([`assemble`]
//! builds its parts, [`advice`] adds the allocation advice).

mod advice;
mod assemble;
pub mod assurance;
pub mod estimate;
pub mod grid;
pub mod mde;
pub mod result;
pub mod rng;
pub mod runner;
pub mod search;
pub mod shard;
pub mod study;
mod tradeoff;

pub use estimate::PowerEstimate;
pub use result::{
    AllocationAdvice, AllocationOption, ArmSize, Cheaper, ComparisonResult, CurvePoint, CurveRow, DataSource,
    DesignResult, GoalResult, PlanResult, PowerAt, Recommendation, SensitivityResult, Settings, TradeoffRow, Warning,
};
pub use runner::{Counts, DataPath, NoProgress, Progress, Runner};
pub use search::{Criterion, Searcher, Threshold};
pub use shard::{CountSource, MergeStats, ShardSpec};
pub use study::Study;

use std::collections::{BTreeMap, BTreeSet};

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
    /// Also find each comparison's minimum detectable effect at the
    /// reported n (`--mde`, [`mde`]).
    pub mde: bool,
}

/// The simulations of one planning run and what the search found.
pub(crate) struct Outcome {
    /// Every simulation, by n.
    pub evaluated: BTreeMap<u32, Counts>,
    /// The n of the regular power-curve grid (a subset of `evaluated`).
    pub grid: BTreeSet<u32>,
    /// Per comparison: its own threshold (search only).
    pub thresholds: Vec<Option<Threshold>>,
    /// The goal's threshold (search only).
    pub goal: Option<Threshold>,
    /// Whether the precision control told the goal's n apart from n − 1
    /// (search only; false when the target was not reached).
    pub resolved: bool,
    /// The n the results are reported at.
    pub at: u32,
}

/// The goal as a search criterion.
pub(crate) fn goal_criterion(study: &Study<'_>) -> Criterion {
    match study.scenario().analysis().goal {
        Goal::Each => Criterion::Weakest(study.primaries().to_vec()),
        Goal::All => Criterion::Counter(study.all_index()),
        Goal::Any => Criterion::Counter(study.any_index()),
    }
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
    run_with(scenario, mode, options, CountSource::Simulate, progress).map(|(result, _)| result)
}

/// Like [`run`], with the counts taken from `source` ([`shard`]): a shard
/// gets back its recorded slices, a merge its statistics.
pub fn run_with(
    scenario: &Scenario,
    mode: Mode,
    options: RunOptions,
    source: CountSource,
    progress: &dyn Progress,
) -> Result<(PlanResult, CountSource), PlanError> {
    let runner = Runner::with_source(options.threads, options.data_path, source)?;
    let result = plan(scenario, mode, options, &runner, progress);
    Ok((result, runner.into_source()))
}

fn plan(scenario: &Scenario, mode: Mode, options: RunOptions, runner: &Runner, progress: &dyn Progress) -> PlanResult {
    let study = Study::new(scenario);
    let outcome = simulate(&study, runner, mode, progress, true);
    let allocation_advice = match mode {
        Mode::Search => advice::advise(&study, &outcome, runner, progress),
        Mode::AtN(_) => None,
    };
    let mut result = assemble::result(&study, runner, &outcome, allocation_advice);
    result.design.tradeoff = tradeoff::rows(&study, runner, outcome.at, outcome.evaluated.get(&outcome.at));
    if options.mde {
        for (c, m) in result.comparisons.iter_mut().zip(mde::minimum_detectable(scenario, runner, outcome.at)) {
            match m {
                Ok(m) => c.mde = Some(m),
                Err(why) => c.mde_unavailable = Some(why),
            }
        }
    }
    if let Some(sens) = scenario.sensitivity() {
        let (grid, variants, curve) = grid::sensitivity(&study, &outcome, sens, mode, runner, progress);
        result.grid = Some(grid);
        result.sensitivity = variants;
        result.curve.extend(curve);
    }
    if scenario.has_priors() {
        let ns: Vec<u32> = outcome.evaluated.keys().copied().collect();
        let (a, by_n) = assurance::assurance(scenario, runner, outcome.at, outcome.at, &ns, progress);
        let labels: Vec<&str> = scenario.comparisons().iter().map(|c| c.label.as_str()).collect();
        for row in &mut result.curve {
            row.assurance = Some(None);
            if row.variant != "base" {
                continue;
            }
            let Some((_, values)) = by_n.iter().find(|(n, _)| *n == row.n_per_arm) else { continue };
            // Comparisons by label, then the goal's row.
            let i = labels.iter().position(|l| *l == row.comparison).unwrap_or(labels.len());
            row.assurance = Some(values.get(i).copied());
        }
        result.assurance = Some(a);
    }
    result
}

/// Runs the search (or the single n) and, when `curve` is set, the regular
/// grid of the power curve.
pub(crate) fn simulate(
    study: &Study<'_>,
    runner: &Runner,
    mode: Mode,
    progress: &dyn Progress,
    curve: bool,
) -> Outcome {
    let scenario = study.scenario();
    let sim = scenario.simulation();
    let seed = sim.seed;
    let mut searcher =
        Searcher::new(sim.n_min, sim.n_max, sim.replicates, |n, r| runner.simulate_range(study, n, r, seed, progress))
            .with_caution(runner.source().caution());
    let k = scenario.comparisons().len();
    let target = scenario.analysis().target_power;
    match mode {
        Mode::AtN(n) => {
            searcher.counts(n);
            Outcome {
                evaluated: searcher.into_evaluated(),
                grid: BTreeSet::from([n]),
                thresholds: vec![None; k],
                goal: None,
                resolved: false,
                at: n,
            }
        }
        Mode::Search => {
            let each = |searcher: &mut Searcher<_>, guess: &dyn Fn(usize) -> u32| -> Vec<Threshold> {
                (0..k).map(|i| searcher.threshold(&Criterion::Counter(i), guess(i), target)).collect()
            };
            let first = each(&mut searcher, &|i| analytic_n(study, i, target, sim.n_min, sim.n_max));
            let n_of = |t: &Threshold| match t {
                Threshold::Reached(n) | Threshold::NotReached { n, .. } => *n,
            };
            let primary = study.primaries().iter().map(|&i| n_of(&first[i]));
            let guess = match scenario.analysis().goal {
                Goal::Any => primary.min(),
                Goal::Each | Goal::All => primary.max(),
            }
            .unwrap_or(sim.n_min);
            let crit = goal_criterion(study);
            let (goal, resolved) = if sim.precision {
                searcher.refine(&crit, guess, target, sim.max_replicates)
            } else {
                (searcher.threshold(&crit, guess, target), false)
            };
            // The comparisons again, on the counts the precision control
            // refined (cached: this costs little).
            let thresholds = each(&mut searcher, &|i| n_of(&first[i]));
            let reached = matches!(goal, Threshold::Reached(_));
            let grid = if curve {
                let upper = if reached { n_of(&goal).saturating_mul(2) } else { sim.n_max };
                curve_grid(n_of(&goal), upper, sim.n_min, sim.n_max)
            } else {
                BTreeSet::new()
            };
            for &n in &grid {
                searcher.counts(n);
            }
            // Not reached: the best power over every n evaluated, grid included.
            let goal = if reached { goal } else { searcher.best(&crit) };
            Outcome {
                evaluated: searcher.into_evaluated(),
                grid,
                thresholds: thresholds.into_iter().map(Some).collect(),
                goal: Some(goal),
                resolved: resolved && reached,
                at: n_of(&goal),
            }
        }
    }
}

/// Smallest n in range whose closed-form power reaches the target (the
/// search's first guess); n_max when none does, and the middle of the range
/// when there is no closed form.
fn analytic_n(study: &Study<'_>, i: usize, target: f64, n_min: u32, n_max: u32) -> u32 {
    // Šidák in place of Dunnett's exact critical value, Bonferroni in place
    // of Holm and Hochberg: a guess only.
    let power = |n: u32| study.guess_power(i, &study.design_for_guess(n));
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

/// The n of the power curve: a regular grid from n_min to `upper` (twice
/// the recommended n, or n_max when the target is not reached) in steps of
/// 1, 2 or 5 × 10^k, about 25 points, plus the reported n itself.
fn curve_grid(at: u32, upper: u32, n_min: u32, n_max: u32) -> BTreeSet<u32> {
    let upper = upper.clamp(n_min, n_max).max(n_min.saturating_add(4).min(n_max));
    let step = nice_step(f64::from(upper - n_min) / 25.0);
    let mut grid = BTreeSet::from([n_min, upper, at.clamp(n_min, n_max)]);
    let mut n = (n_min / step + 1) * step;
    while n < upper {
        grid.insert(n);
        n += step;
    }
    grid
}

/// The smallest of 1, 2, 5, 10, 20, 50, … that is at least `x`.
fn nice_step(x: f64) -> u32 {
    let mut base = 1u32;
    while base < 100_000_000 {
        for m in [1, 2, 5] {
            if f64::from(base * m) >= x {
                return base * m;
            }
        }
        base *= 10;
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_curve_grid_is_regular_and_holds_the_reported_n() {
        assert_eq!(nice_step(0.3), 1);
        assert_eq!(nice_step(4.48), 5);
        assert_eq!(nice_step(5.0), 5);
        assert_eq!(nice_step(39.9), 50);
        let g: Vec<u32> = curve_grid(57, 114, 2, 1000).into_iter().collect();
        let mut want: Vec<u32> = vec![2];
        want.extend((1..=22).map(|k| 5 * k));
        want.push(57);
        want.push(114);
        want.sort_unstable();
        assert_eq!(g, want);
        // Clamped to the range, and never fewer than a few points.
        let g: Vec<u32> = curve_grid(3, 6, 2, 1000).into_iter().collect();
        assert_eq!(g, vec![2, 3, 4, 5, 6]);
        let g: Vec<u32> = curve_grid(90, 180, 2, 100).into_iter().collect();
        assert_eq!((g[0], *g.last().unwrap()), (2, 100));
    }
}
