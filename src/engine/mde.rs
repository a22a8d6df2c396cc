//! The minimum detectable effect at a given n (G*Power's "sensitivity"
//! analysis): for each superiority comparison, the factor f on every arm's
//! difference from the control ([`Scenario::scaled`]) at which that
//! comparison's simulated power reaches the target, and the effect it
//! stands for in the outcome's units and standardized.
//!
//! Every evaluation uses the same replicate indices of the same seed, so the
//! simulated power is a fixed function of f (common random numbers: for
//! normal outcomes each study's statistic moves monotonically with f) and
//! bisection on it is stable. The Monte Carlo interval is the range of f
//! whose 95% Wilson interval for power contains the target: from the
//! smallest f whose upper bound reaches it to the smallest f whose lower
//! bound does (inverting the interval, as Cohen's tables invert power).
//!
//! Reference for the normal case: `pwr::pwr.t.test(n, power)$d` solves the
//! same equation on the noncentral t (Champely, pwr; Cohen 1988, ch. 2).

use std::collections::HashMap;

use serde::Serialize;

use super::assemble;
use super::estimate::PowerEstimate;
use super::runner::{Counts, NoProgress, Runner};
use super::study::Study;
use crate::scenario::{Hypothesis, Scenario};

/// Largest factor on the planned effects tried before giving up.
pub const MAX_FACTOR: f64 = 16.0;

/// Relative precision of the bisection on the factor.
const TOLERANCE: f64 = 1e-4;

/// A comparison's minimum detectable effect at the run's n.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mde {
    /// The factor on the planned effect (1 = the scenario's own effect).
    pub factor: f64,
    /// The detectable difference, treatment − reference, in the outcome's
    /// units (on the log scale for outcomes compared as ratios; null for
    /// ANOVA).
    pub difference: Option<f64>,
    /// The same as a standardized effect: d as the comparison's `d` (d_z
    /// for paired designs, Cohen's f for ANOVA).
    pub standardized: f64,
    /// Outcomes compared as ratios: the detectable ratio, treatment : reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio: Option<f64>,
    /// Lower end of the 95% Monte Carlo interval on `difference` (on
    /// `standardized` for ANOVA).
    pub ci_low: f64,
    /// Upper end of that interval.
    pub ci_high: f64,
    /// Replicates behind each power evaluated.
    pub replicates: u64,
}

/// Why a comparison has no minimum detectable effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoMde {
    /// Not a superiority comparison: its power does not grow with the effect
    /// in one direction.
    NotSuperiority,
    /// The planned effect is zero (or points away from a one-sided test),
    /// so no factor on it raises the power.
    NoEffect,
    /// Even MAX_FACTOR times the planned effect does not reach the target
    /// (or the outcome bounds it: a probability cannot pass 1).
    NotReached,
}

/// Simulated power of every comparison, by factor, cached.
struct Evaluator<'a> {
    scenario: &'a Scenario,
    runner: &'a Runner,
    n: u32,
    cache: HashMap<u64, Counts>,
}

impl Evaluator<'_> {
    fn counts(&mut self, factor: f64) -> &Counts {
        let (scenario, runner, n) = (self.scenario, self.runner, self.n);
        self.cache.entry(factor.to_bits()).or_insert_with(|| {
            let scaled = scenario.scaled(factor, 1.0);
            let study = Study::new(&scaled);
            let sim = scenario.simulation();
            runner.simulate(&study, n, sim.replicates, sim.seed, &NoProgress)
        })
    }

    fn estimate(&mut self, i: usize, factor: f64) -> PowerEstimate {
        let c = self.counts(factor);
        PowerEstimate::new(c.rejections[i], c.replicates)
    }

    /// The smallest factor in (0, MAX_FACTOR] at which `reaches` holds,
    /// assuming it fails at 0; None when it fails at MAX_FACTOR.
    fn root(&mut self, i: usize, reaches: impl Fn(&PowerEstimate) -> bool) -> Option<f64> {
        let (mut lo, mut hi) = (0.0, 1.0);
        while !reaches(&self.estimate(i, hi)) {
            if hi >= MAX_FACTOR {
                return None;
            }
            lo = hi;
            hi *= 2.0;
        }
        while hi - lo > TOLERANCE * hi {
            let mid = 0.5 * (lo + hi);
            if reaches(&self.estimate(i, mid)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Some(hi)
    }
}

/// The minimum detectable effect of each comparison at `n`, in scenario
/// order.
pub fn minimum_detectable(scenario: &Scenario, runner: &Runner, n: u32) -> Vec<Result<Mde, NoMde>> {
    let target = scenario.analysis().target_power;
    let mut eval = Evaluator { scenario, runner, n, cache: HashMap::new() };
    (0..scenario.comparisons().len())
        .map(|i| {
            let c = &scenario.comparisons()[i];
            if c.hypothesis != Hypothesis::Superiority {
                return Err(NoMde::NotSuperiority);
            }
            let (difference, standardized) = effect_at(scenario, i, 1.0);
            if standardized == 0.0 || difference == Some(0.0) {
                return Err(NoMde::NoEffect);
            }
            let factor = eval.root(i, |e| e.power >= target).ok_or(NoMde::NotReached)?;
            // At f = 0 the power is the level: the interval's ends exist
            // whenever the point does, except a lower bound that never
            // clears the target within range.
            let low = eval.root(i, |e| e.ci_high >= target).unwrap_or(factor);
            let high = eval.root(i, |e| e.ci_low >= target).unwrap_or(MAX_FACTOR);
            let (difference, standardized) = effect_at(scenario, i, factor);
            let scale = |f: f64| {
                let (d, s) = effect_at(scenario, i, f);
                d.unwrap_or(s)
            };
            let ratio_outcome = crate::registry::outcome(scenario.outcome().distribution).ratio.is_some();
            Ok(Mde {
                factor,
                difference,
                standardized,
                ratio: difference.filter(|_| ratio_outcome).map(f64::exp),
                ci_low: scale(low).min(scale(high)),
                ci_high: scale(low).max(scale(high)),
                replicates: scenario.simulation().replicates,
            })
        })
        .collect()
}

/// Comparison `i`'s difference and standardized effect with every effect
/// scaled by `factor`.
fn effect_at(scenario: &Scenario, i: usize, factor: f64) -> (Option<f64>, f64) {
    let scaled = scenario.scaled(factor, 1.0);
    let (difference, d, d_z) = assemble::effect_sizes(&scaled, &scaled.comparisons()[i]);
    (difference, d_z.unwrap_or(d))
}
