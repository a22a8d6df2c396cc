//! Outcome models: how one arm's data are drawn.
//!
//! A model either writes raw outcomes into a caller-owned buffer
//! ([`OutcomeModel::draw`], the general path), or draws the arm's sufficient
//! statistics directly ([`OutcomeModel::draw_summary`], the fast path, when
//! the family allows it exactly). The engine owns the buffers and the random
//! streams; a model allocates nothing.

mod normal;

pub use normal::NormalModel;

use crate::analysis::ArmSummary;
use crate::engine::rng::StreamRng;

/// Draws one arm's data in one simulated study.
pub trait OutcomeModel: Sync {
    /// Fills `buf` with independent outcomes of arm `arm`.
    fn draw(&self, arm: usize, rng: &mut StreamRng, buf: &mut [f64]);

    /// Draws the summary of `n` outcomes of arm `arm` without drawing the
    /// outcomes, when that is exact in distribution; `None` otherwise.
    fn draw_summary(&self, arm: usize, n: u32, rng: &mut StreamRng) -> Option<ArmSummary>;

    /// True when [`OutcomeModel::draw_summary`] is available.
    fn has_summary_path(&self) -> bool;
}
