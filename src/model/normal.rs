//! The normal outcome model.
//!
//! Raw path: each outcome is μ + σ·Z with Z from the ziggurat sampler of
//! `rand_distr` (Marsaglia & Tsang 2000, "The ziggurat method for generating
//! random variables", J. Stat. Softw. 5(8)).
//!
//! Summary path: for n i.i.d. N(μ, σ²) values the sample mean and sample
//! variance are independent, with mean ~ N(μ, σ²/n) and
//! (n−1)·s²/σ² ~ χ²(n−1) (Cochran's theorem; e.g. Casella & Berger,
//! *Statistical Inference*, 2nd ed., Theorem 5.3.1). Drawing those two
//! numbers is exact in distribution and costs O(1) instead of O(n). The χ²
//! draw is `rand_distr`'s gamma sampler (Marsaglia & Tsang 2000, "A simple
//! method for generating gamma variables", ACM TOMS 26:363–372).

use rand::RngExt;
use rand_distr::{ChiSquared, Distribution, StandardNormal};

use super::OutcomeModel;
use crate::analysis::ArmSummary;
use crate::engine::rng::StreamRng;

/// Normal outcomes with a mean and SD per arm.
#[derive(Debug, Clone, PartialEq)]
pub struct NormalModel {
    means: Vec<f64>,
    sds: Vec<f64>,
}

impl NormalModel {
    /// A model with the given per-arm means and SDs (SDs > 0, both finite;
    /// the scenario layer has checked this).
    pub fn new(means: Vec<f64>, sds: Vec<f64>) -> NormalModel {
        debug_assert_eq!(means.len(), sds.len());
        NormalModel { means, sds }
    }
}

/// One arm's constants at one sample size.
#[derive(Debug, Clone)]
pub struct ArmSampler {
    n: u32,
    mean: f64,
    sd: f64,
    /// σ/√n, the SD of the sample mean.
    se: f64,
    /// χ²(n − 1), or `None` when n < 2.
    chi: Option<ChiSquared<f64>>,
    /// σ²/(n − 1), which turns a χ² draw into a sample variance.
    var_scale: f64,
}

impl OutcomeModel for NormalModel {
    type Prepared = Vec<ArmSampler>;

    fn prepare(&self, sizes: &[u32]) -> Vec<ArmSampler> {
        sizes
            .iter()
            .enumerate()
            .map(|(arm, &n)| {
                let (nf, sd) = (f64::from(n), self.sds[arm]);
                ArmSampler {
                    n,
                    mean: self.means[arm],
                    sd,
                    se: sd / nf.sqrt(),
                    chi: ChiSquared::new(nf - 1.0).ok(),
                    var_scale: sd * sd / (nf - 1.0),
                }
            })
            .collect()
    }

    fn draw(&self, prep: &Vec<ArmSampler>, arm: usize, rng: &mut StreamRng, buf: &mut [f64]) {
        let a = &prep[arm];
        for x in buf.iter_mut() {
            let z: f64 = rng.sample(StandardNormal);
            *x = a.mean + a.sd * z;
        }
    }

    #[inline]
    fn draw_raw_summary(&self, prep: &Vec<ArmSampler>, arm: usize, rng: &mut StreamRng) -> Option<ArmSummary> {
        // The same draws as `draw`, summed as they come: shifted sums (by
        // the first value) for the mean and variance, as in
        // `ArmSummary::from_data`.
        let a = &prep[arm];
        let mut k = 0.0;
        let (mut s1, mut s2) = (0.0, 0.0);
        for i in 0..a.n {
            let z: f64 = rng.sample(StandardNormal);
            let x = a.mean + a.sd * z;
            if i == 0 {
                k = x;
            }
            let d = x - k;
            s1 += d;
            s2 += d * d;
        }
        let nf = f64::from(a.n);
        let var = if a.n > 1 { ((s2 - s1 * s1 / nf) / (nf - 1.0)).max(0.0) } else { 0.0 };
        Some(ArmSummary { n: a.n, mean: k + s1 / nf, var })
    }

    #[inline]
    fn draw_summary(&self, prep: &Vec<ArmSampler>, arm: usize, rng: &mut StreamRng) -> Option<ArmSummary> {
        let a = &prep[arm];
        let z: f64 = rng.sample(StandardNormal);
        let var = a.chi.as_ref()?.sample(rng) * a.var_scale;
        Some(ArmSummary { n: a.n, mean: a.mean + a.se * z, var })
    }

    fn has_summary_path(&self) -> bool {
        true
    }
}
