//! The parallel runner: simulates R studies at one sample size and returns
//! integer rejection counts.
//!
//! Replicates are cut into fixed chunks of [`CHUNK`]; rayon spreads the
//! chunks over the threads, each worker reusing one scratch buffer
//! (`map_init`), and the per-chunk counts are summed. Integer sums do not
//! depend on the order of addition, and every replicate draws from its own
//! streams ([`super::rng`]), so the counts are identical for any thread
//! count. Memory is O(arms + largest arm), independent of R.

use rayon::prelude::*;

use super::rng::SeedKey;
use super::study::{self, Study};
use crate::analysis::ArmSummary;
use crate::error::PlanError;
use crate::model::{NormalModel, OutcomeModel};

/// Replicates per unit of parallel work (and per progress tick).
pub const CHUNK: u64 = 2048;

/// How each arm's data are produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DataPath {
    /// Sufficient statistics when the model and every test allow it,
    /// raw data otherwise.
    #[default]
    Auto,
    /// Always draw every observation (`--raw-data`).
    Raw,
}

/// Receives progress while simulating; all methods default to no-ops.
pub trait Progress: Sync {
    /// `replicates` more replicates are done.
    fn advance(&self, replicates: u64) {
        let _ = replicates;
    }
}

/// A progress sink that ignores everything.
pub struct NoProgress;
impl Progress for NoProgress {}

/// Rejection counts at one sample size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    /// n per unit allocation.
    pub n: u32,
    /// Replicates simulated.
    pub replicates: u64,
    /// Rejections per comparison in scenario order, then the number of
    /// studies rejecting all primary hypotheses, then any of them.
    pub rejections: Vec<u64>,
}

/// Runs simulations on a private thread pool.
pub struct Runner {
    pool: rayon::ThreadPool,
    path: DataPath,
}

/// Per-worker scratch space, reused across chunks.
struct Scratch {
    data: Vec<f64>,
    summaries: Vec<ArmSummary>,
    decide: study::Scratch,
}

impl Runner {
    /// A runner with `threads` workers (0: one per core).
    pub fn new(threads: usize, path: DataPath) -> Result<Runner, PlanError> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| PlanError::Internal(format!("cannot start worker threads: {e}")))?;
        Ok(Runner { pool, path })
    }

    /// True when this runner draws summaries for `study`.
    pub fn uses_summaries(&self, study: &Study<'_>) -> bool {
        self.path == DataPath::Auto && study.model().has_summary_path()
    }

    /// Simulates `replicates` studies with n per unit allocation, using
    /// replicate indices `0..replicates` of `seed`. The counts follow the
    /// layout of [`Study::decide`].
    pub fn simulate(&self, study: &Study<'_>, n: u32, replicates: u64, seed: u64, progress: &dyn Progress) -> Counts {
        self.simulate_range(study, n, 0..replicates, seed, progress)
    }

    /// Simulates the studies with replicate indices `range` of `seed` (the
    /// unit of extension and of sharding): the counts of `0..a` plus those
    /// of `a..b` are exactly the counts of `0..b`.
    pub fn simulate_range(
        &self,
        study: &Study<'_>,
        n: u32,
        range: std::ops::Range<u64>,
        seed: u64,
        progress: &dyn Progress,
    ) -> Counts {
        let (first, replicates) = (range.start, range.end.saturating_sub(range.start));
        let prep = study.prepare(n);
        let key = SeedKey::new(seed);
        let model_prep = study.model().prepare(&prep.sizes);
        let counters = study.counters();
        let summaries = self.uses_summaries(study);
        let largest = prep.sizes.iter().copied().max().unwrap_or(0) as usize;
        let chunks = replicates.div_ceil(CHUNK);
        let rejections = self.pool.install(|| {
            (0..chunks)
                .into_par_iter()
                .map_init(
                    || Scratch {
                        data: Vec::with_capacity(if summaries { 0 } else { largest }),
                        summaries: vec![ArmSummary::default(); prep.sizes.len()],
                        decide: study.scratch(),
                    },
                    |scratch, chunk| {
                        let start = first + chunk * CHUNK;
                        let end = (start + CHUNK).min(first + replicates);
                        let mut counts = vec![0u64; counters];
                        for rep in start..end {
                            replicate(study, &model_prep, &prep.sizes, key, rep, summaries, scratch);
                            study.decide(&prep, &scratch.summaries, &mut scratch.decide, &mut counts);
                        }
                        progress.advance(end - start);
                        counts
                    },
                )
                .reduce(
                    || vec![0u64; counters],
                    |mut a, b| {
                        a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                        a
                    },
                )
        });
        Counts { n, replicates, rejections }
    }
}

/// Draws one simulated study into `scratch.summaries`.
#[inline]
fn replicate(
    study: &Study<'_>,
    model_prep: &<NormalModel as OutcomeModel>::Prepared,
    sizes: &[u32],
    seed: SeedKey,
    rep: u64,
    summaries: bool,
    scratch: &mut Scratch,
) {
    let key = seed.replicate(rep);
    let model = study.model();
    for (arm, &size) in sizes.iter().enumerate() {
        let mut rng = key.arm(arm);
        scratch.summaries[arm] = match if summaries {
            model.draw_summary(model_prep, arm, &mut rng)
        } else {
            model.draw_raw_summary(model_prep, arm, &mut rng)
        } {
            Some(s) => s,
            None => {
                let size = size as usize;
                if scratch.data.len() < size {
                    scratch.data.resize(size, 0.0);
                }
                let buf = &mut scratch.data[..size];
                model.draw(model_prep, arm, &mut rng, buf);
                ArmSummary::from_data(buf)
            }
        };
    }
}
