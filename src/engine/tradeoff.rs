//! "More fields or more animals?": a clustered design's measurements per
//! arm spent on more clusters of fewer measurements, or fewer of more.
//!
//! At the reported n (clusters per arm) and cluster size m, each arm takes
//! T = n·E[m] measurements (E[m] = m for equal sizes). For a few cluster
//! sizes m′ around m (1 to T/2; 2 or more for the random-intercept model),
//! n′ = round(T/E[m′]) clusters give about the same measurements (rows more
//! than 10% off T are left out), and the goal's power is simulated there
//! with the scenario's seed and replicates, at most 10,000 (common random
//! numbers across rows), beside its closed form; the scenario's own row is
//! the run's estimate at n. The variance of a cluster's mean,
//! σ²(ICC + (1 − ICC)/m′), falls with m′ only down to its floor ICC·σ², so
//! power rises with the number of clusters when the ICC is not tiny
//! (Donner & Klar 2000, §5.2; Snijders & Bosker, *Multilevel Analysis*,
//! 2nd ed., 2012, §11.2).

use super::assemble::goal_estimate;
use super::result::TradeoffRow;
use super::runner::{Counts, NoProgress, Runner};
use super::study::Study;
use crate::design::clustered::SizeMoments;
use crate::scenario::ClusterAnalysis;

/// Cluster sizes the table may show, besides the scenario's own.
const SIZES: &[u32] = &[1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 500, 1000];

/// Rows on each side of the scenario's own cluster size.
const AROUND: usize = 3;

/// Simulated studies per row at most: enough for a table that shows how
/// power moves (±0.01), and it keeps the table cheap beside the search.
const MAX_REPLICATES: u64 = 10_000;

/// Rows whose measurements per arm differ from the scenario's by more than
/// this share are left out: they would compare budgets, not splits.
const BUDGET_TOLERANCE: f64 = 0.1;

/// The trade-off table at `n` clusters per arm, for a clustered design
/// (`counts`: the scenario's own simulation at n, reused for its row);
/// empty otherwise.
pub(crate) fn rows(study: &Study<'_>, runner: &Runner, n: u32, counts: Option<&Counts>) -> Vec<TradeoffRow> {
    let scenario = study.scenario();
    let design = scenario.design();
    let Some(m) = design.cluster_size else { return Vec::new() };
    let cv = design.cluster_size_cv.unwrap_or(0.0);
    let expected = |size: u32| SizeMoments::of(size, cv).mean;
    let budget = f64::from(n) * expected(m);
    let smallest = if design.cluster_analysis == Some(ClusterAnalysis::Mixed) { 2 } else { 1 };
    let mut sizes: Vec<u32> = SIZES
        .iter()
        .copied()
        .filter(|&s| s >= smallest && 2.0 * expected(s) <= budget)
        .filter(|&s| {
            let k = (budget / expected(s)).round().max(2.0);
            (k * expected(s) - budget).abs() <= BUDGET_TOLERANCE * budget
        })
        .chain([m])
        .collect();
    sizes.sort_unstable();
    sizes.dedup();
    let Some(at) = sizes.iter().position(|&s| s == m) else { return Vec::new() };
    let keep = &sizes[at.saturating_sub(AROUND)..(at + AROUND + 1).min(sizes.len())];
    let sim = scenario.simulation();
    keep.iter()
        .map(|&size| {
            let clusters = if size == m { n } else { ((budget / expected(size)).round() as u32).max(2) };
            let variant = scenario.with_cluster_size(size);
            let s = Study::new(&variant);
            let own = counts.filter(|_| size == m).cloned();
            let counts = own.unwrap_or_else(|| {
                runner.simulate(&s, clusters, sim.replicates.min(MAX_REPLICATES), sim.seed, &NoProgress)
            });
            let est = goal_estimate(&s, &counts);
            TradeoffRow {
                cluster_size: size,
                clusters_per_arm: clusters,
                measurements_per_arm: f64::from(clusters) * expected(size),
                power: est.power,
                ci_low: est.ci_low,
                ci_high: est.ci_high,
                closed_form: s.analytic_goal(&s.design(clusters)),
                replicates: counts.replicates,
                scenario: size == m,
            }
        })
        .collect()
}
