//! The clustered design: each arm has n clusters (animals, litters, cages)
//! and every cluster gives m measurements (fields, sections, wells, pups).
//! Measurements of one cluster share a random cluster effect: with the
//! intraclass correlation ICC and a measurement's total SD σ, a cluster's
//! effect has variance ICC·σ² and a measurement's own noise (1 − ICC)·σ².
//! Treating the n·m measurements as independent is the pseudo-replication
//! ARRIVE warns about; the analysis here is on the cluster means
//! (`analysis = "means"`), whose variance is σ²(ICC + (1 − ICC)/m), that is
//! σ²/m times the design effect 1 + (m − 1)·ICC (Kish, *Survey Sampling*,
//! 1965, §5.4; Donner & Klar, *Design and Analysis of Cluster Randomization
//! Trials*, 2000, §2.2). n counts clusters; allocation and dropout (of
//! clusters) are the parallel design's.

use super::parallel::Parallel;
use super::{Design, Layout};
use crate::scenario::{DesignKind, Scenario};

/// Registry constructor.
pub fn build(scenario: &Scenario) -> Box<dyn Design> {
    let d = scenario.design();
    let layout = Layout::Clustered { size: d.cluster_size.unwrap_or(1), icc: d.icc.unwrap_or(0.0) };
    Box::new(Parallel::of(scenario, DesignKind::Clustered, layout))
}

/// The design effect 1 + (m − 1)·ICC.
pub fn design_effect(size: u32, icc: f64) -> f64 {
    1.0 + (f64::from(size) - 1.0) * icc
}

/// The SD of a cluster's mean of `size` measurements of total SD `sd`:
/// σ·√(ICC + (1 − ICC)/m).
pub fn cluster_mean_sd(sd: f64, size: u32, icc: f64) -> f64 {
    sd * (icc + (1.0 - icc) / f64::from(size)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn design_effect_and_cluster_mean_sd() {
        // m = 5, ICC = 0.1: DE = 1.4; Var(mean) = σ²·DE/m = 0.28 σ².
        assert!((design_effect(5, 0.1) - 1.4).abs() < 1e-15);
        assert!((cluster_mean_sd(1.0, 5, 0.1) - 0.28f64.sqrt()).abs() < 1e-15);
    }
}
