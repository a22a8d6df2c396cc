//! The paired design: every subject is measured under every condition
//! (pre/post in one group, split-scalp or split-face, left and right eye).
//! n is the number of subjects; each condition has n measurements, and
//! ceil(n / (1 − dropout)) subjects are enrolled. The outcome model draws
//! a subject's measurements jointly, with the design's correlation.

use super::{inflate, Design, Layout, Unit};
use crate::scenario::{DesignKind, Scenario};

/// Every subject under every condition.
#[derive(Debug, Clone, PartialEq)]
pub struct Paired {
    /// Number of conditions.
    pub conditions: usize,
    /// Correlation between a subject's measurements.
    pub correlation: f64,
    /// Expected fraction lost to follow-up.
    pub dropout: f64,
}

/// Registry constructor.
pub fn build(scenario: &Scenario) -> Box<dyn Design> {
    Box::new(Paired {
        conditions: scenario.arms().len(),
        correlation: scenario.design().correlation.unwrap_or(0.0),
        dropout: scenario.analysis().dropout,
    })
}

impl Design for Paired {
    fn kind(&self) -> DesignKind {
        DesignKind::Paired
    }

    fn sizes(&self, n: u32) -> Vec<u32> {
        vec![n.max(2); self.conditions]
    }

    fn analysed(&self, n: u32) -> u32 {
        n.max(2)
    }

    fn enrolled(&self, n: u32) -> u32 {
        inflate(n.max(2), self.dropout)
    }

    fn enrolled_of(&self, size: u32) -> u32 {
        inflate(size, self.dropout)
    }

    fn layout(&self) -> Layout {
        Layout::Paired { correlation: self.correlation }
    }

    fn unit(&self) -> Unit {
        Unit::Subjects
    }
}
