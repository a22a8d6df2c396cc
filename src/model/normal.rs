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
//! numbers is exact in distribution and costs O(1) instead of O(n).

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

impl OutcomeModel for NormalModel {
    fn draw(&self, arm: usize, rng: &mut StreamRng, buf: &mut [f64]) {
        let (mu, sd) = (self.means[arm], self.sds[arm]);
        for x in buf.iter_mut() {
            let z: f64 = rng.sample(StandardNormal);
            *x = mu + sd * z;
        }
    }

    fn draw_summary(&self, arm: usize, n: u32, rng: &mut StreamRng) -> Option<ArmSummary> {
        let (mu, sd) = (self.means[arm], self.sds[arm]);
        let nf = f64::from(n);
        let z: f64 = rng.sample(StandardNormal);
        let mean = mu + sd * z / nf.sqrt();
        let var = match ChiSquared::new(nf - 1.0) {
            Ok(chi) => sd * sd * chi.sample(rng) / (nf - 1.0),
            Err(_) => f64::NAN,
        };
        Some(ArmSummary { n, mean, var })
    }

    fn has_summary_path(&self) -> bool {
        true
    }
}
