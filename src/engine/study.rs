//! A [`Study`] is a scenario compiled for simulation: the outcome model, one
//! test per comparison, and the arm sizes for a given n.

use crate::analysis::analytic::TwoSampleDesign;
use crate::analysis::{Alternative, TTest};
use crate::model::NormalModel;
use crate::scenario::{Scenario, Sides};

/// A scenario ready to simulate.
#[derive(Debug, Clone)]
pub struct Study<'a> {
    scenario: &'a Scenario,
    model: NormalModel,
    tests: Vec<TTest>,
}

impl<'a> Study<'a> {
    /// Compiles a validated scenario.
    pub fn new(scenario: &'a Scenario) -> Study<'a> {
        let arms = scenario.arms();
        let model = NormalModel::new(arms.iter().map(|a| a.mean).collect(), arms.iter().map(|a| a.sd).collect());
        let alternative = match (scenario.analysis().sides, scenario.outcome().higher_is_better) {
            (Sides::Two, _) => Alternative::TwoSided,
            (Sides::One, true) => Alternative::Greater,
            (Sides::One, false) => Alternative::Less,
        };
        let tests = scenario
            .comparisons()
            .iter()
            .map(|c| TTest { treatment: c.treatment, reference: c.reference, kind: c.test, alternative })
            .collect();
        Study { scenario, model, tests }
    }

    /// The scenario.
    pub fn scenario(&self) -> &'a Scenario {
        self.scenario
    }

    /// The outcome model.
    pub fn model(&self) -> &NormalModel {
        &self.model
    }

    /// One test per comparison, in scenario order.
    pub fn tests(&self) -> &[TTest] {
        &self.tests
    }

    /// Closed-form power of comparison `i` when an arm of unit allocation
    /// has `n`.
    pub fn analytic_power(&self, i: usize, n: u32) -> Option<f64> {
        let sizes = self.scenario.arm_sizes(n);
        let t = &self.tests[i];
        let arms = self.scenario.arms();
        let (a, b) = (&arms[t.treatment], &arms[t.reference]);
        let p = TwoSampleDesign {
            kind: t.kind,
            alternative: t.alternative,
            delta: a.mean - b.mean,
            sd_treatment: a.sd,
            sd_reference: b.sd,
            n_treatment: sizes[t.treatment],
            n_reference: sizes[t.reference],
        }
        .power(self.scenario.analysis().alpha);
        p.is_finite().then_some(p)
    }
}
