//! The ANCOVA design: independent arms, as the parallel design, with the
//! outcome's baseline measured before treatment and adjusted for in the
//! analysis (outcome ~ arm + baseline). Sizes, allocation and dropout are
//! the parallel design's; the outcome model draws each subject's baseline
//! and outcome jointly, with the design's correlation
//! ([`Layout::Baseline`]).

use super::parallel::Parallel;
use super::{Design, Layout};
use crate::scenario::{DesignKind, Scenario};

/// Registry constructor.
pub fn build(scenario: &Scenario) -> Box<dyn Design> {
    let correlation = scenario.design().baseline_correlation.unwrap_or(0.0);
    Box::new(Parallel::of(scenario, DesignKind::Ancova, Layout::Baseline { correlation }))
}
