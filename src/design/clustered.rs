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
//!
//! `analysis = "mixed"` fits a random-intercept model to the measurements
//! instead ([`crate::analysis::mixed`]). Clusters may then vary in size
//! (`cluster_size_cv`, litters of different sizes): each cluster's size is
//! drawn as max(1, round(m·G)) with G ~ Gamma(1/CV², CV²) of mean 1 and
//! coefficient of variation CV, the gamma model of cluster sizes used by
//! van Breukelen, Candel & Berger (2007, Stat. Med. 26:2589–2603, §4).
//! [`SizeMoments`] gives the exact mean and mean reciprocal of that
//! rounded distribution, which the outputs and closed forms use.

use statrs::distribution::{ContinuousCDF, Gamma};

use super::parallel::Parallel;
use super::{Design, Layout};
use crate::scenario::{ClusterAnalysis, DesignKind, Scenario};

/// Registry constructor.
pub fn build(scenario: &Scenario) -> Box<dyn Design> {
    let d = scenario.design();
    let layout = Layout::Clustered {
        size: d.cluster_size.unwrap_or(1),
        icc: d.icc.unwrap_or(0.0),
        cv: d.cluster_size_cv.unwrap_or(0.0),
    };
    Box::new(Parallel::of(scenario, DesignKind::Clustered, layout))
}

/// The moments of the cluster sizes max(1, round(m·G)), G ~ Gamma(1/CV²,
/// CV²) (every cluster has m when CV = 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SizeMoments {
    /// E[size].
    pub mean: f64,
    /// E[1/size], which sets the variance of a cluster's mean.
    pub mean_inverse: f64,
    /// SD(size)/E[size].
    pub cv: f64,
}

/// Sizes are summed one by one up to this: at the largest mean size
/// (10 000) and CV (1, an exponential G) the tail beyond has probability
/// e^(−40) ≈ 4e-18.
const MAX_SUMMED: u32 = 400_000;

impl SizeMoments {
    /// The moments for nominal size `size` and coefficient of variation `cv`.
    pub fn of(size: u32, cv: f64) -> SizeMoments {
        let m = f64::from(size);
        let Some(g) = (cv > 0.0).then(|| Gamma::new(1.0 / (cv * cv), 1.0 / (m * cv * cv)).ok()).flatten() else {
            return SizeMoments { mean: m, mean_inverse: 1.0 / m, cv: 0.0 };
        };
        // statrs' Gamma takes the rate: m·G has shape 1/CV² and rate 1/(m·CV²).
        let (mut s0, mut s1, mut s2, mut sinv) = (0.0, 0.0, 0.0, 0.0);
        let mut below = 0.0;
        let mut k = 1u32;
        loop {
            let upper = g.cdf(f64::from(k) + 0.5);
            let p = upper - below;
            below = upper;
            let kf = f64::from(k);
            s0 += p;
            s1 += p * kf;
            s2 += p * kf * kf;
            sinv += p / kf;
            if 1.0 - upper < 1e-15 || k >= MAX_SUMMED {
                break;
            }
            k += 1;
        }
        let mean = s1 / s0;
        let var = (s2 / s0 - mean * mean).max(0.0);
        SizeMoments { mean, mean_inverse: sinv / s0, cv: var.sqrt() / mean }
    }
}

/// Var(a cluster's mean, as the analysis weighs it)/σ² for a measurement
/// of total SD σ:
/// - cluster means (`means`): ICC + (1 − ICC)·E[1/m], the spread of the
///   cluster means an unweighted t test sees (exact);
/// - random-intercept model (`mixed`): (ICC + (1 − ICC)/m̄)/RE, with the
///   relative efficiency RE of varying sizes ([`relative_efficiency`]; 1
///   for equal sizes, when both are ICC + (1 − ICC)/m).
///
/// The design effect is m̄ times this; d on the cluster means is d over
/// its square root.
pub fn mean_variance_factor(sizes: SizeMoments, icc: f64, analysis: ClusterAnalysis) -> f64 {
    match analysis {
        ClusterAnalysis::Means => icc + (1.0 - icc) * sizes.mean_inverse,
        ClusterAnalysis::Mixed => (icc + (1.0 - icc) / sizes.mean) / relative_efficiency(sizes, icc),
    }
}

/// The relative efficiency of clusters of varying size to clusters all of
/// the mean size m for the random-intercept model's treatment effect,
/// 1 − CV²·λ(1 − λ) with λ = m·ICC/(m·ICC + 1 − ICC) (van Breukelen,
/// Candel & Berger 2007, Stat. Med. 26:2589–2603, eq. 12; a Taylor
/// approximation, accurate to a few per cent for CV ≤ 1).
pub fn relative_efficiency(moments: SizeMoments, icc: f64) -> f64 {
    let lambda = moments.mean * icc / (moments.mean * icc + 1.0 - icc);
    1.0 - moments.cv * moments.cv * lambda * (1.0 - lambda)
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

    #[test]
    fn size_moments_of_equal_sizes() {
        let s = SizeMoments::of(5, 0.0);
        assert_eq!((s.mean, s.mean_inverse, s.cv), (5.0, 0.2, 0.0));
        for analysis in [ClusterAnalysis::Means, ClusterAnalysis::Mixed] {
            assert!((mean_variance_factor(s, 0.1, analysis) - 0.28).abs() < 1e-15);
        }
    }
}
