//! The ANCOVA design: independent arms, as the parallel design, with the
//! outcome's baseline measured before treatment and adjusted for in the
//! analysis (outcome ~ arm + baseline). Sizes, allocation and dropout are
//! the parallel design's; the outcome model draws each subject's baseline
//! and outcome jointly, with the design's correlation.

use super::parallel::Parallel;
use super::{Design, Layout, Unit};
use crate::scenario::{DesignKind, Scenario};

/// Independent arms with a baseline covariate.
#[derive(Debug, Clone, PartialEq)]
pub struct Ancova {
    /// The arms, as in a parallel design.
    pub arms: Parallel,
    /// Correlation of baseline and outcome within an arm.
    pub correlation: f64,
}

/// Registry constructor.
pub fn build(scenario: &Scenario) -> Box<dyn Design> {
    Box::new(Ancova {
        arms: Parallel {
            weights: scenario.arms().iter().map(|a| a.allocation).collect(),
            dropout: scenario.analysis().dropout,
        },
        correlation: scenario.design().baseline_correlation.unwrap_or(0.0),
    })
}

impl Design for Ancova {
    fn kind(&self) -> DesignKind {
        DesignKind::Ancova
    }

    fn sizes(&self, n: u32) -> Vec<u32> {
        self.arms.sizes(n)
    }

    fn analysed(&self, n: u32) -> u32 {
        self.arms.analysed(n)
    }

    fn enrolled(&self, n: u32) -> u32 {
        self.arms.enrolled(n)
    }

    fn enrolled_of(&self, size: u32) -> u32 {
        self.arms.enrolled_of(size)
    }

    fn layout(&self) -> Layout {
        Layout::Baseline { correlation: self.correlation }
    }

    fn unit(&self) -> Unit {
        Unit::SubjectsPerArm
    }
}
