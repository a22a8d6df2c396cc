//! Assurance: the probability that the study succeeds, averaged over the
//! priors on the arms' parameters (O'Hagan, Stevens & Campbell,
//! "Assurance in clinical trial design", *Pharmaceutical Statistics* 4,
//! 2005; Spiegelhalter, Abrams & Myles 2004, §6.5 "expected power").
//!
//! Each simulated study first draws every prior arm's parameter from its
//! own stream of that replicate ([`PRIOR_STREAMS`] + arm, so the data
//! streams are untouched and a replicate means the same study in every
//! run, thread count and shard), then its data ([`super::runner`]).
//!
//! **Success** is significance in the better direction: in a two-sided
//! scenario the assurance study tests one-sided at α/2 toward
//! `higher_is_better` (the same rejections as the two-sided test, less
//! those in the wrong direction), and so also its non-inferiority and
//! equivalence comparisons (α/2 is the one-sided level regulators pair
//! with a two-sided α). So assurance cannot pass its **ceiling**: the
//! prior probability that every effect the goal needs lies in its
//! alternative (better than no difference, better than the margin, within
//! the equivalence margins), which the largest study only approaches.
//! The ceiling is estimated from [`CEILING_DRAWS`] draws of the priors.

use rand_distr::{Beta, Distribution as _, LogNormal, Normal};
use serde::Serialize;

use super::estimate::PowerEstimate;
use super::rng::{ReplicateKey, SeedKey, StreamRng};
use super::runner::{Progress, Runner};
use super::search::{Searcher, Threshold};
use super::study::Study;
use crate::scenario::prior::Prior;
use crate::scenario::{Goal, Hypothesis, Scenario, Sides};
use crate::stats::normal;

/// The stream index of arm 0's prior draw within a replicate (arm k uses
/// this + k), far above any data stream.
pub const PRIOR_STREAMS: usize = 1 << 15;

/// Draws of the priors behind the ceiling.
pub const CEILING_DRAWS: u64 = 1_000_000;

/// The assurance of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assurance {
    /// The goal's assurance at `n_per_arm`.
    pub value: f64,
    /// Lower end of its 95% Monte Carlo interval.
    pub ci_low: f64,
    /// Upper end.
    pub ci_high: f64,
    /// The n it is computed at: the recommended n, or `--n`.
    pub n_per_arm: u32,
    /// Simulated studies behind `value`.
    pub replicates: u64,
    /// The assurance sought (the scenario's target power).
    pub target: f64,
    /// The most assurance any n can give: the prior probability that the
    /// effects the goal needs lie in their alternatives (goal "each": the
    /// lowest such probability of a primary comparison on its own, as its
    /// assurance is the lowest primary's; "all": that every one does;
    /// "any": that one does).
    pub ceiling: f64,
    /// The smallest n whose assurance reaches `target` (absent when none in
    /// range does, or `target` is above the ceiling).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_n_per_arm: Option<u32>,
    /// True when `target` lies above `ceiling`: no n reaches it.
    pub above_ceiling: bool,
    /// Per comparison, in scenario order.
    pub comparisons: Vec<ComparisonAssurance>,
}

/// One comparison's assurance at the run's n.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparisonAssurance {
    /// Its label.
    pub label: String,
    /// Assurance.
    pub value: f64,
    /// 95% Monte Carlo interval.
    pub ci_low: f64,
    /// Upper end.
    pub ci_high: f64,
    /// The prior probability that its effect lies in its alternative.
    pub ceiling: f64,
}

/// One draw from `prior`.
pub fn draw(prior: &Prior, rng: &mut StreamRng) -> f64 {
    match *prior {
        Prior::Normal { mean, sd } => Normal::new(mean, sd).map_or(mean, |d| d.sample(rng)),
        Prior::Lognormal { log_mean, log_sd } => {
            LogNormal::new(log_mean, log_sd).map_or(log_mean.exp(), |d| d.sample(rng))
        }
        Prior::Beta { a, b } => Beta::new(a, b).map_or(a / (a + b), |d| d.sample(rng)),
        Prior::TruncatedNormal { mean, sd, lower, upper } => {
            // Inversion: u uniform between the bounds' normal probabilities.
            let (pl, pu) = (normal::cdf((lower - mean) / sd), normal::cdf((upper - mean) / sd));
            let u: f64 = rand::RngExt::random(rng);
            let x = mean + sd * normal::quantile(pl + u * (pu - pl));
            x.clamp(lower, upper)
        }
    }
}

/// Sets `scenario`'s prior arms to replicate `key`'s draws (what the
/// runner calls before drawing each study's data).
pub fn draw_parameters(study: &Study<'_>, scenario: &mut Scenario, key: ReplicateKey) {
    for &(arm, ref prior) in study.priors() {
        let value = draw(prior, &mut key.arm(PRIOR_STREAMS + arm));
        scenario.set_arm_value(arm, value);
    }
}

/// The scenario the assurance is simulated on: two-sided tests at α become
/// one-sided at α/2 in the better direction (success is significance in
/// the better direction).
pub fn success_scenario(scenario: &Scenario) -> Scenario {
    match scenario.analysis().sides {
        Sides::Two => scenario.one_sided_at(scenario.analysis().alpha / 2.0),
        Sides::One => scenario.clone(),
    }
}

/// True when comparison `i`'s true effect in `scenario` lies in its
/// alternative.
fn in_alternative(scenario: &Scenario, i: usize) -> bool {
    let c = &scenario.comparisons()[i];
    let (Some(t), Some(r)) = (c.treatment(), c.reference()) else { return true };
    let arms = scenario.arms();
    let better = if scenario.outcome().higher_is_better { 1.0 } else { -1.0 };
    let gain = better * (arms[t].mean - arms[r].mean);
    match c.hypothesis {
        Hypothesis::Superiority => gain > 0.0,
        Hypothesis::NonInferiority { margin } => gain > -margin,
        Hypothesis::Equivalence { margin } => gain.abs() < margin,
    }
}

/// Prior draws per parallel piece of the ceiling.
const CEILING_PIECE: u64 = 1 << 16;

/// The ceilings: per comparison, and for the goal over the primaries. The
/// draws are cut into pieces run on the runner's threads; each draw has
/// its own stream and the counts are integers, so the result does not
/// depend on the thread count.
fn ceilings(study: &Study<'_>, runner: &Runner) -> (Vec<f64>, f64) {
    let scenario = study.scenario();
    let k = scenario.comparisons().len();
    let key = SeedKey::new(scenario.simulation().seed);
    let pieces: Vec<u64> = (0..CEILING_DRAWS.div_ceil(CEILING_PIECE)).collect();
    let counts = runner.map(&pieces, |&piece| {
        let mut s = scenario.clone();
        let (mut each, mut goal) = (vec![0u64; k], 0u64);
        let mut inside = vec![false; k];
        let end = ((piece + 1) * CEILING_PIECE).min(CEILING_DRAWS);
        for r in piece * CEILING_PIECE..end {
            draw_parameters(study, &mut s, key.replicate(r));
            for (i, x) in inside.iter_mut().enumerate() {
                *x = in_alternative(&s, i);
            }
            for (n, &x) in each.iter_mut().zip(&inside) {
                *n += u64::from(x);
            }
            let mut primaries = study.primaries().iter().map(|&i| inside[i]);
            let ok = match scenario.analysis().goal {
                Goal::All | Goal::Each => primaries.all(|x| x),
                Goal::Any => primaries.any(|x| x),
            };
            goal += u64::from(ok);
        }
        (each, goal)
    });
    let (mut each, mut goal) = (vec![0u64; k], 0u64);
    for (e, g) in counts {
        each.iter_mut().zip(e).for_each(|(a, b)| *a += b);
        goal += g;
    }
    let share = |x: u64| x as f64 / CEILING_DRAWS as f64;
    let each: Vec<f64> = each.into_iter().map(share).collect();
    // "each" is judged on the weakest primary comparison on its own, so its
    // ceiling is the lowest of theirs, not the joint probability.
    let goal = match scenario.analysis().goal {
        Goal::Each => study.primaries().iter().map(|&i| each[i]).fold(1.0, f64::min),
        Goal::All | Goal::Any => share(goal),
    };
    (each, goal)
}

/// The assurance at `at`, and the n for the target assurance (searched
/// from `guess` when the target is below the ceiling). Also returns the
/// goal's assurance at each n of `curve` for the curve rows.
pub(crate) fn assurance(
    scenario: &Scenario,
    runner: &Runner,
    at: u32,
    guess: u32,
    curve: &[u32],
    progress: &dyn Progress,
) -> (Assurance, Vec<(u32, Vec<f64>)>) {
    let success = success_scenario(scenario);
    let study = Study::new(&success).with_priors();
    let sim = scenario.simulation();
    let seed = sim.seed;
    let mut searcher =
        Searcher::new(sim.n_min, sim.n_max, sim.replicates, |n, r| runner.simulate_range(&study, n, r, seed, progress));
    let (per_comparison, ceiling) = ceilings(&study, runner);
    let target = scenario.analysis().target_power;
    let crit = super::goal_criterion(&study);
    let above_ceiling = target > ceiling;
    let target_n = if above_ceiling {
        None
    } else {
        match searcher.threshold(&crit, guess.clamp(sim.n_min, sim.n_max), target) {
            Threshold::Reached(n) => Some(n),
            Threshold::NotReached { .. } => None,
        }
    };
    let counts = searcher.counts(at).clone();
    let goal = crit.estimate(&counts);
    let comparisons = scenario
        .comparisons()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let e = PowerEstimate::new(counts.rejections[i], counts.replicates);
            ComparisonAssurance {
                label: c.label.clone(),
                value: e.power,
                ci_low: e.ci_low,
                ci_high: e.ci_high,
                ceiling: per_comparison[i],
            }
        })
        .collect();
    let rows = curve
        .iter()
        .map(|&n| {
            let c = searcher.counts(n).clone();
            let mut values: Vec<f64> =
                (0..scenario.comparisons().len()).map(|i| c.rejections[i] as f64 / c.replicates as f64).collect();
            values.push(crit.estimate(&c).power);
            (n, values)
        })
        .collect();
    let result = Assurance {
        value: goal.power,
        ci_low: goal.ci_low,
        ci_high: goal.ci_high,
        n_per_arm: at,
        replicates: counts.replicates,
        target,
        ceiling,
        target_n_per_arm: target_n,
        above_ceiling,
        comparisons,
    };
    (result, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_follow_their_priors() {
        // Sample moments of 20,000 draws, within 4 SE of the prior's own.
        let key = SeedKey::new(1);
        let mean_sd = |p: &Prior| {
            let x: Vec<f64> = (0..20_000).map(|r| draw(p, &mut key.replicate(r).arm(PRIOR_STREAMS))).collect();
            let m = x.iter().sum::<f64>() / x.len() as f64;
            let v = x.iter().map(|y| (y - m).powi(2)).sum::<f64>() / (x.len() - 1) as f64;
            (m, v.sqrt(), x)
        };
        let (m, s, _) = mean_sd(&Prior::Normal { mean: 10.0, sd: 2.0 });
        assert!((m - 10.0).abs() < 4.0 * 2.0 / 141.4 && (s - 2.0).abs() < 0.06, "{m} {s}");
        // Beta(6, 14): mean 0.3, SD √(0.3·0.7/21) = 0.1.
        let (m, s, _) = mean_sd(&Prior::Beta { a: 6.0, b: 14.0 });
        assert!((m - 0.3).abs() < 4.0 * 0.1 / 141.4 && (s - 0.1).abs() < 0.004, "{m} {s}");
        // Lognormal: the median is e^log_mean.
        let (_, _, mut x) = mean_sd(&Prior::Lognormal { log_mean: 1.5f64.ln(), log_sd: 0.3 });
        x.sort_by(f64::total_cmp);
        assert!((x[10_000] - 1.5).abs() < 0.015, "{}", x[10_000]);
        // Truncated normal N(0, 1) on [0, ∞): the half-normal, mean √(2/π).
        let (m, _, x) = mean_sd(&Prior::TruncatedNormal { mean: 0.0, sd: 1.0, lower: 0.0, upper: f64::INFINITY });
        assert!(x.iter().all(|&v| v >= 0.0) && (m - (2.0 / std::f64::consts::PI).sqrt()).abs() < 0.02, "{m}");
    }
}
