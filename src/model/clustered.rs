//! A normal outcome measured in clusters, drawn one cluster at a time.
//!
//! Cluster i of arm a has m_i measurements y_ij = μ_a + b_i + e_ij with
//! b_i ~ N(0, ICC·σ²) and e_ij ~ N(0, (1 − ICC)·σ²), σ the arm's total SD
//! of one measurement. The cluster's mean and within-cluster sum of squares
//! are sufficient for every analysis here and are drawn directly, exactly
//! in distribution: ȳ_i ~ N(μ_a, ICC·σ² + (1 − ICC)·σ²/m_i) and, independent
//! of it, SS_i ~ (1 − ICC)·σ²·χ²(m_i − 1) (Cochran's theorem within the
//! cluster; Searle, Casella & McCulloch, *Variance Components*, 1992,
//! §3.3). Sizes m_i are the design's (equal, or drawn per cluster as
//! max(1, round(m·G)), G ~ Gamma(1/CV², CV²); see
//! [`crate::design::clustered`]). With equal sizes and only the cluster
//! means wanted, the independent arms' sampler draws the means' summaries
//! directly instead ([`super::normal`]).

use rand::RngExt;
use rand_distr::{Distribution, Gamma, StandardNormal};

use super::normal::Chi;
use super::{DrawMode, Layout, Sampler};
use crate::analysis::{ArmSummary, Cluster, Data};
use crate::engine::rng::{ReplicateKey, StreamRng};

/// The largest size a drawn cluster may have (a cap the gamma tail reaches
/// with probability below 1e-300 for valid settings).
const MAX_DRAWN_SIZE: f64 = 1e8;

/// One arm's constants.
#[derive(Debug, Clone)]
struct Arm {
    /// Clusters in the arm.
    clusters: u32,
    mean: f64,
    /// √ICC·σ, the SD of a cluster effect.
    between_sd: f64,
    /// (1 − ICC)·σ², the variance of a measurement around its cluster's mean.
    within_var: f64,
}

/// Clusters one by one, each arm from its own stream.
pub struct Clusters {
    arms: Vec<Arm>,
    /// The size of every cluster, when sizes are equal.
    size: u32,
    /// χ²(m − 1) for equal sizes.
    chi: Option<Chi>,
    /// G ~ Gamma(1/CV², CV²) when sizes vary.
    gamma: Option<Gamma<f64>>,
    /// Keep every cluster's statistics in `Data::clusters`.
    keep: bool,
}

impl Clusters {
    /// A sampler for arms with `means` and total SDs `sds`, `sizes[a]`
    /// clusters in arm a, laid out as `layout` (clustered).
    pub fn new(means: &[f64], sds: &[f64], sizes: &[u32], layout: Layout, mode: DrawMode) -> Clusters {
        let Layout::Clustered { size, icc, cv } = layout else {
            unreachable!("the clustered sampler is built for a clustered layout")
        };
        let arms = sizes
            .iter()
            .enumerate()
            .map(|(a, &n)| Arm {
                clusters: n,
                mean: means[a],
                between_sd: icc.sqrt() * sds[a],
                within_var: (1.0 - icc) * sds[a] * sds[a],
            })
            .collect();
        Clusters {
            arms,
            size,
            chi: Chi::new(f64::from(size) - 1.0),
            gamma: (cv > 0.0).then(|| Gamma::new(1.0 / (cv * cv), cv * cv).ok()).flatten(),
            keep: mode == DrawMode::Raw,
        }
    }

    /// One cluster of arm `a`.
    #[inline(always)]
    fn cluster(&self, a: &Arm, rng: &mut StreamRng) -> Cluster {
        let size = match &self.gamma {
            Some(g) => (f64::from(self.size) * g.sample(rng)).round().clamp(1.0, MAX_DRAWN_SIZE) as u32,
            None => self.size,
        };
        let m = f64::from(size);
        let (zb, ze): (f64, f64) = (rng.sample(StandardNormal), rng.sample(StandardNormal));
        let mean = a.mean + a.between_sd * zb + (a.within_var / m).sqrt() * ze;
        let ss = if !self.keep || size < 2 {
            0.0
        } else if self.gamma.is_none() {
            self.chi.as_ref().map_or(0.0, |chi| chi.sample(rng)) * a.within_var
        } else {
            Chi::new(m - 1.0).map_or(0.0, |chi| chi.sample(rng)) * a.within_var
        };
        Cluster { size, mean, ss }
    }
}

impl Sampler for Clusters {
    fn draw(&self, key: ReplicateKey, data: &mut Data) {
        // A new study: the fits of the last one no longer hold.
        data.new_study();
        for (i, a) in self.arms.iter().enumerate() {
            let mut rng = key.arm(i);
            let (means, clusters) = (&mut data.raw[i], &mut data.clusters[i]);
            means.clear();
            clusters.clear();
            for _ in 0..a.clusters {
                let c = self.cluster(a, &mut rng);
                means.push(c.mean);
                if self.keep {
                    clusters.push(c);
                }
            }
            data.arms[i] = ArmSummary::from_data(means);
        }
    }
}
