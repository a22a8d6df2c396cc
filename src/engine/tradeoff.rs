//! "More fields or more animals?": a clustered design's measurements per
//! arm spent on more clusters of fewer measurements, or fewer of more.
//!
//! At the reported n (clusters per arm) and cluster size m, each arm takes
//! T = n·m measurements. For a few cluster sizes m′ around m (1 to T/2; 2 or
//! more for the random-intercept model), n′ = round(T/m′) clusters give
//! about the same measurements, and the goal's power is simulated there
//! with the scenario's seed and replicates, at most 10,000 (common random
//! numbers across rows), beside its closed form. The variance of a cluster's mean,
//! σ²(ICC + (1 − ICC)/m′), falls with m′ only down to its floor ICC·σ², so
//! power rises with the number of clusters when the ICC is not tiny
//! (Donner & Klar 2000, §5.2; Snijders & Bosker, *Multilevel Analysis*,
//! 2nd ed., 2012, §11.2).

use super::assemble::goal_estimate;
use super::result::TradeoffRow;
use super::runner::{NoProgress, Runner};
use super::study::Study;
use crate::scenario::ClusterAnalysis;

/// Cluster sizes the table may show, besides the scenario's own.
const SIZES: &[u32] = &[1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 500, 1000];

/// Rows on each side of the scenario's own cluster size.
const AROUND: usize = 3;

/// Simulated studies per row at most: enough for a table that shows how
/// power moves (±0.01), and it keeps the table cheap beside the search.
const MAX_REPLICATES: u64 = 10_000;

/// The trade-off table at `n` clusters per arm, for a clustered design;
/// empty otherwise.
pub(crate) fn rows(study: &Study<'_>, runner: &Runner, n: u32) -> Vec<TradeoffRow> {
    let scenario = study.scenario();
    let design = scenario.design();
    let Some(m) = design.cluster_size else { return Vec::new() };
    let total = u64::from(n) * u64::from(m);
    let smallest = if design.cluster_analysis == Some(ClusterAnalysis::Mixed) { 2 } else { 1 };
    let mut sizes: Vec<u32> =
        SIZES.iter().copied().chain([m]).filter(|&s| s >= smallest && u64::from(s) * 2 <= total).collect();
    sizes.sort_unstable();
    sizes.dedup();
    let Some(at) = sizes.iter().position(|&s| s == m) else { return Vec::new() };
    let keep = &sizes[at.saturating_sub(AROUND)..(at + AROUND + 1).min(sizes.len())];
    let sim = scenario.simulation();
    keep.iter()
        .map(|&size| {
            let clusters = ((total as f64 / f64::from(size)).round() as u32).max(2);
            let variant = scenario.with_cluster_size(size);
            let s = Study::new(&variant);
            let counts = runner.simulate(&s, clusters, sim.replicates.min(MAX_REPLICATES), sim.seed, &NoProgress);
            let est = goal_estimate(&s, &counts);
            TradeoffRow {
                cluster_size: size,
                clusters_per_arm: clusters,
                measurements_per_arm: clusters * size,
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
