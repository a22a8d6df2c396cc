//! Outcome models: how one arm's data are drawn.
//!
//! A model either writes raw outcomes into a caller-owned buffer
//! ([`OutcomeModel::draw`], the general path), or draws the arm's sufficient
//! statistics directly ([`OutcomeModel::draw_summary`], the fast path, when
//! the family allows it exactly). Whatever depends only on the arm sizes is
//! computed once per sample size by [`OutcomeModel::prepare`]. The engine
//! owns the buffers and the random streams; a model allocates nothing per
//! simulated study.

mod normal;

pub use normal::NormalModel;

use crate::analysis::ArmSummary;
use crate::engine::rng::StreamRng;

/// Draws one arm's data in one simulated study.
pub trait OutcomeModel: Sync {
    /// Per-sample-size constants (e.g. samplers for each arm's size).
    type Prepared: Sync;

    /// Computes the constants for these arm sizes.
    fn prepare(&self, sizes: &[u32]) -> Self::Prepared;

    /// Fills `buf` with independent outcomes of arm `arm`.
    fn draw(&self, prep: &Self::Prepared, arm: usize, rng: &mut StreamRng, buf: &mut [f64]);

    /// Draws arm `arm`'s outcomes one by one and returns their summary,
    /// computed in the same pass without storing them (the raw path when
    /// every analysis needs only summaries); `None` when the model cannot.
    fn draw_raw_summary(&self, prep: &Self::Prepared, arm: usize, rng: &mut StreamRng) -> Option<ArmSummary> {
        let _ = (prep, arm, rng);
        None
    }

    /// Draws the summary of arm `arm`'s outcomes without drawing them, when
    /// that is exact in distribution; `None` otherwise.
    fn draw_summary(&self, prep: &Self::Prepared, arm: usize, rng: &mut StreamRng) -> Option<ArmSummary>;

    /// True when [`OutcomeModel::draw_summary`] is available.
    fn has_summary_path(&self) -> bool;
}
