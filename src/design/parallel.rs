//! The parallel design: independent arms, each subject in one arm. An arm
//! of allocation weight w has round(w·n) subjects, at least 2; each arm
//! enrolls ceil(size / (1 − dropout)). The ANCOVA and clustered designs are
//! parallel arms too, with their own layout of what a unit gives.

use super::{inflate, Design, Layout, Unit};
use crate::scenario::{DesignKind, Scenario};

/// Independent arms with allocation weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Parallel {
    /// Allocation weight of each arm.
    pub weights: Vec<f64>,
    /// Expected fraction lost to follow-up.
    pub dropout: f64,
    /// Which design this is (parallel, ANCOVA, clustered).
    pub kind: DesignKind,
    /// What each unit gives the outcome model.
    pub layout: Layout,
}

impl Parallel {
    /// The scenario's arms laid out as `kind` with `layout`.
    pub fn of(scenario: &Scenario, kind: DesignKind, layout: Layout) -> Parallel {
        Parallel {
            weights: scenario.arms().iter().map(|a| a.allocation).collect(),
            dropout: scenario.analysis().dropout,
            kind,
            layout,
        }
    }
}

/// Registry constructor.
pub fn build(scenario: &Scenario) -> Box<dyn Design> {
    Box::new(Parallel::of(scenario, DesignKind::Parallel, Layout::Independent))
}

impl Design for Parallel {
    fn kind(&self) -> DesignKind {
        self.kind
    }

    fn sizes(&self, n: u32) -> Vec<u32> {
        self.weights.iter().map(|w| ((w * f64::from(n)).round() as u32).max(2)).collect()
    }

    fn analysed(&self, n: u32) -> u32 {
        self.sizes(n).iter().sum()
    }

    fn enrolled(&self, n: u32) -> u32 {
        self.sizes(n).iter().map(|&s| self.enrolled_of(s)).sum()
    }

    fn enrolled_of(&self, size: u32) -> u32 {
        inflate(size, self.dropout)
    }

    fn layout(&self) -> Layout {
        self.layout
    }

    fn unit(&self) -> Unit {
        if self.kind == DesignKind::Clustered {
            Unit::ClustersPerArm
        } else {
            Unit::SubjectsPerArm
        }
    }
}
