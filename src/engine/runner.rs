//! The parallel runner: simulates R studies at one sample size and returns
//! integer rejection counts.
//!
//! Replicates are cut into fixed chunks of [`CHUNK`] (a shard's own blocks
//! of them, [`super::shard::Pieces`]); rayon spreads the chunks over the
//! threads, each worker reusing one scratch buffer
//! (`map_init`), and the per-chunk counts are summed. Integer sums do not
//! depend on the order of addition, and every replicate draws from its own
//! streams ([`super::rng`]), so the counts are identical for any thread
//! count. Memory is O(arms), or O(arms × largest arm) when a test ranks raw
//! observations, independent of R.

use rayon::prelude::*;

use super::rng::SeedKey;
use super::shard::{CountSource, Pieces};
use super::study::{self, Study};
use crate::analysis::{Data, Needs};
use crate::error::PlanError;
use crate::model::DrawMode;

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
    source: CountSource,
}

/// Per-worker scratch space, reused across chunks.
struct Scratch {
    data: Data,
    decide: study::Scratch,
    /// With priors: the worker's copy of the scenario, its arms' parameters
    /// set to each study's draws.
    scenario: Option<crate::scenario::Scenario>,
}

impl Runner {
    /// A runner with `threads` workers (0: one per core).
    pub fn new(threads: usize, path: DataPath) -> Result<Runner, PlanError> {
        Runner::with_source(threads, path, CountSource::Simulate)
    }

    /// A runner whose counts come from `source`: simulated, one shard's
    /// slices, or merged shards ([`super::shard`]).
    pub fn with_source(threads: usize, path: DataPath, source: CountSource) -> Result<Runner, PlanError> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| PlanError::Internal(format!("cannot start worker threads: {e}")))?;
        Ok(Runner { pool, path, source })
    }

    /// The source of this runner's counts.
    pub fn source(&self) -> &CountSource {
        &self.source
    }

    /// Consumes the runner, returning its count source (a shard's slices).
    pub fn into_source(self) -> CountSource {
        self.source
    }

    /// How this runner draws `study`'s data: every observation kept when a
    /// test ranks them, sufficient statistics when the model allows it and
    /// `--raw-data` is not given, every observation summarized otherwise.
    pub fn draw_mode(&self, study: &Study<'_>) -> DrawMode {
        if study.needs() == Needs::Raw {
            DrawMode::Raw
        } else if self.path == DataPath::Auto && study.has_summary_path() {
            DrawMode::Summaries
        } else {
            DrawMode::Observations
        }
    }

    /// True when this runner draws summaries for `study`.
    pub fn uses_summaries(&self, study: &Study<'_>) -> bool {
        self.draw_mode(study) == DrawMode::Summaries
    }

    /// `f` over `items` on this runner's pool, results in the order of
    /// `items` (independent jobs that each simulate, such as the cells of
    /// the sensitivity grid; their own simulations share the pool).
    pub fn map<T: Sync, R: Send>(&self, items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
        self.pool.install(|| items.par_iter().map(f).collect())
    }

    /// Simulates `replicates` studies with n per unit allocation, using
    /// replicate indices `0..replicates` of `seed`. The counts follow the
    /// layout of [`Study::decide`].
    pub fn simulate(&self, study: &Study<'_>, n: u32, replicates: u64, seed: u64, progress: &dyn Progress) -> Counts {
        self.simulate_range(study, n, 0..replicates, seed, progress)
    }

    /// Simulates the studies with replicate indices `range` of `seed` (the
    /// unit of extension and of sharding): the counts of `0..a` plus those
    /// of `a..b` are exactly the counts of `0..b`. A shard or a merge takes
    /// them from its [`CountSource`].
    pub fn simulate_range(
        &self,
        study: &Study<'_>,
        n: u32,
        range: std::ops::Range<u64>,
        seed: u64,
        progress: &dyn Progress,
    ) -> Counts {
        match self.source {
            CountSource::Simulate => self.compute(study, n, &Pieces::all(range), seed, progress),
            _ => self
                .source
                .answer(study, self.draw_mode(study), n, range, |m, p| self.compute(study, m, p, seed, progress)),
        }
    }

    /// Simulates the replicate indices of `pieces`, in parallel over its
    /// pieces (see [`Runner::simulate_range`]).
    fn compute(&self, study: &Study<'_>, n: u32, pieces: &Pieces, seed: u64, progress: &dyn Progress) -> Counts {
        let prep = study.prepare(n);
        let key = SeedKey::new(seed);
        let mode = self.draw_mode(study);
        let sampler = study.sampler(&prep, mode);
        let counters = study.counters();
        let arms = prep.sizes.len();
        let rejections = self.pool.install(|| {
            (0..pieces.count())
                .into_par_iter()
                .map_init(
                    || Scratch { data: Data::new(arms), decide: study.scratch(), scenario: None },
                    |scratch, piece| {
                        let std::ops::Range { start, end } = pieces.get(piece);
                        let mut counts = vec![0u64; counters];
                        let decide = &mut scratch.decide;
                        if study.priors().is_empty() {
                            sampler.run(key, start..end, &mut scratch.data, &mut |data| {
                                study.decide(&prep, data, decide, &mut counts)
                            });
                        } else {
                            // Each study: its parameters from the priors (own
                            // streams), then its data from a sampler of them.
                            let scenario = scratch.scenario.get_or_insert_with(|| study.scenario().clone());
                            let build = crate::registry::outcome(scenario.outcome().distribution).build;
                            for r in start..end {
                                super::assurance::draw_parameters(study, scenario, key.replicate(r));
                                let sampler = build(scenario).sampler(study.design_of().layout(), &prep.sizes, mode);
                                sampler.run(key, r..r + 1, &mut scratch.data, &mut |data| {
                                    study.decide(&prep, data, decide, &mut counts)
                                });
                            }
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
        Counts { n, replicates: pieces.replicates(), rejections }
    }
}
