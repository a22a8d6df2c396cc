//! Outcome models: how one simulated study's data are drawn.
//!
//! A model ([`OutcomeModel`]) is built from the scenario by the registry.
//! For each sample size it makes a [`Sampler`] for the design's
//! [`Layout`] (independent arms, or every subject measured under every
//! condition) and the arm sizes; the sampler fills one study's [`Data`]
//! from that study's random streams. It draws either exact sufficient
//! statistics directly ([`DrawMode::Summaries`], the fast path, when the
//! family allows it), every observation summarized as it is drawn
//! ([`DrawMode::Observations`], `--raw-data`), or every observation kept
//! for the tests that rank them ([`DrawMode::Raw`]). The engine owns the
//! data and the streams; a sampler allocates nothing per simulated study.

pub mod baseline;
pub mod binary;
pub mod clustered;
pub mod counts;
pub mod lognormal;
pub mod normal;
pub mod ordinal;
pub mod survival;

pub use normal::NormalModel;

use crate::analysis::Data;
use crate::engine::rng::{ReplicateKey, SeedKey};

/// How the units of a study relate, as the design lays them out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Layout {
    /// Independent arms: each subject gives one observation in one arm.
    Independent,
    /// Every subject is measured under every condition; two measurements
    /// of one subject have this correlation.
    Paired {
        /// Correlation between a subject's measurements.
        correlation: f64,
    },
    /// Independent arms; each subject's outcome comes with a baseline
    /// measurement of this correlation with it.
    Baseline {
        /// Correlation of baseline and outcome within an arm.
        correlation: f64,
    },
    /// Independent arms of clusters, each of `size` measurements sharing a
    /// cluster effect: each cluster's mean in [`Data::arms`] and
    /// [`Data::raw`], and (in [`DrawMode::Raw`]) its size, mean and
    /// within-cluster sum of squares in [`Data::clusters`].
    Clustered {
        /// Measurements per cluster (their mean when `cv` > 0).
        size: u32,
        /// Intraclass correlation.
        icc: f64,
        /// Coefficient of variation of the cluster sizes (0: all equal).
        cv: f64,
    },
}

/// What a sampler must produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DrawMode {
    /// Summaries (and a paired design's covariances), drawn directly where
    /// that is exact in distribution.
    Summaries,
    /// Summaries computed from every observation, without keeping them.
    Observations,
    /// Every observation, kept in [`Data::raw`], and the summaries.
    Raw,
}

/// The true parameters, as the closed-form power formulas read them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Truth {
    /// Per arm: the mean (binary: the probability of the event).
    pub means: Vec<f64>,
    /// Per arm: the SD of one observation.
    pub sds: Vec<f64>,
    /// Paired designs: the correlation of a subject's measurements (0 otherwise).
    pub correlation: f64,
    /// Ordered categorical outcomes: per arm, the probability of each
    /// category, lowest first (empty for other outcomes).
    pub categories: Vec<Vec<f64>>,
    /// Time-to-event outcomes: per arm, the probability that a subject's
    /// event is observed before censoring (empty for other outcomes).
    pub event_probability: Vec<f64>,
    /// Clustered designs: the clusters (then `sds` are the SDs of a
    /// cluster's mean).
    pub clusters: Option<ClusterTruth>,
}

/// The truth of a clustered design.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterTruth {
    /// Per arm: the total SD of one measurement.
    pub sds: Vec<f64>,
    /// The intraclass correlation.
    pub icc: f64,
    /// The moments of the cluster sizes.
    pub sizes: crate::design::clustered::SizeMoments,
}

/// Draws one simulated study at one sample size.
pub trait Sampler: Send + Sync {
    /// Fills `data` with the study of replicate `key`.
    fn draw(&self, key: ReplicateKey, data: &mut Data);

    /// Draws the studies of replicates `range` one after another into
    /// `data`, calling `each` on every one. Compiled for each sampler type,
    /// so the draw is inlined into this loop and the engine pays one
    /// dynamic call per chunk of replicates, not per draw.
    fn run(&self, seed: SeedKey, range: std::ops::Range<u64>, data: &mut Data, each: &mut dyn FnMut(&Data)) {
        for rep in range {
            self.draw(seed.replicate(rep), data);
            each(data);
        }
    }
}

/// An outcome model.
pub trait OutcomeModel: Send + Sync + std::fmt::Debug {
    /// A sampler for this layout, arm sizes and mode.
    fn sampler(&self, layout: Layout, sizes: &[u32], mode: DrawMode) -> Box<dyn Sampler>;

    /// True when [`DrawMode::Summaries`] draws sufficient statistics
    /// directly (O(1) per arm) for this layout.
    fn has_summary_path(&self, layout: Layout) -> bool;

    /// The true parameters.
    fn truth(&self) -> Truth;

    /// The expected number of observed events in a study of these arm
    /// sizes (time-to-event outcomes), or `None`.
    fn expected_events(&self, sizes: &[u32]) -> Option<f64> {
        let _ = sizes;
        None
    }

    /// The exact power of a two-arm test, by enumerating every outcome of
    /// arms `pair` at these sizes, when the sample space is finite and
    /// small enough; `rejects` is the test's decision on one outcome.
    fn exact_power(&self, sizes: &[u32], pair: (usize, usize), rejects: &dyn Fn(&Data) -> bool) -> Option<f64> {
        let _ = (sizes, pair, rejects);
        None
    }
}
