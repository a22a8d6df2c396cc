//! The result of a planning run: everything the exporters serialize. Field
//! names are part of the JSON format documented in the README.

use serde::Serialize;

use crate::scenario::{Arm, Assumption, Outcome};

/// The recommended sample size.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    /// n per arm of unit allocation weight.
    pub n_per_arm: u32,
    /// Analysable participants over all arms.
    pub n_total: u32,
    /// Participants to enroll over all arms, after dropout.
    pub n_enrolled: u32,
    /// Power of the binding criterion at n (for the goal "each": the lowest
    /// per-comparison power).
    pub power: f64,
    /// Lower end of its 95% Monte Carlo interval.
    pub ci_low: f64,
    /// Upper end of its 95% Monte Carlo interval.
    pub ci_high: f64,
    /// True when every comparison reached the target within [n_min, n_max];
    /// when false, n is where the best power was seen.
    pub reached: bool,
    /// Size of each arm at n.
    pub arms: Vec<ArmSize>,
}

/// One arm's size at the recommended n.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArmSize {
    /// Arm name.
    pub arm: String,
    /// Analysable n.
    pub n: u32,
    /// n to enroll after dropout.
    pub enrolled: u32,
}

/// One comparison's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparisonResult {
    /// Label.
    pub label: String,
    /// Treatment arm name.
    pub treatment: String,
    /// Reference arm name.
    pub reference: String,
    /// Test name ("welch" or "student").
    pub test: String,
    /// Raw difference of means, treatment − reference.
    pub difference: f64,
    /// Standardized difference d = difference / √((σ_t² + σ_r²)/2).
    pub d: f64,
    /// The n this comparison alone needs (null with `--n`, or when not
    /// reached: see `reached`).
    pub n_per_arm: Option<u32>,
    /// Whether this comparison reached the target in range (null with `--n`).
    pub reached: Option<bool>,
    /// Simulated power at the reported n.
    pub power: f64,
    /// Its Monte Carlo standard error.
    pub mc_se: f64,
    /// Lower end of its 95% interval.
    pub ci_low: f64,
    /// Upper end of its 95% interval.
    pub ci_high: f64,
    /// Closed-form power at the same n, where one exists.
    pub analytic_power: Option<f64>,
}

/// One row of the power curve: one (n, comparison).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CurveRow {
    /// Scenario title.
    pub scenario: String,
    /// Comparison label.
    pub comparison: String,
    /// n per arm of unit allocation.
    pub n_per_arm: u32,
    /// Analysable total over all arms.
    pub n_total: u32,
    /// Total to enroll after dropout.
    pub n_enrolled: u32,
    /// Simulated power.
    pub power: f64,
    /// Monte Carlo standard error.
    pub mc_se: f64,
    /// Lower end of the 95% Wilson interval.
    pub ci_low: f64,
    /// Upper end of the 95% Wilson interval.
    pub ci_high: f64,
    /// Closed-form power (empty where none).
    pub analytic_power: Option<f64>,
    /// Replicates simulated.
    pub replicates: u64,
    /// Seed.
    pub seed: u64,
}

/// The settings the run used, after overrides.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settings {
    /// Significance level.
    pub alpha: f64,
    /// 1 or 2.
    pub sides: u8,
    /// Target power.
    pub target_power: f64,
    /// Dropout fraction.
    pub dropout: f64,
    /// n range searched.
    pub n_min: u32,
    /// n range searched.
    pub n_max: u32,
    /// "summary" (exact sufficient statistics) or "raw".
    pub data_path: &'static str,
}

/// Everything a planning run produced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanResult {
    /// "plan".
    pub tool: &'static str,
    /// Version of the tool.
    pub version: &'static str,
    /// Scenario title.
    pub title: String,
    /// The outcome.
    pub outcome: Outcome,
    /// The arms, with their means, SDs, allocation and provenance.
    pub arms: Vec<Arm>,
    /// Settings in force.
    pub settings: Settings,
    /// The recommendation (null with `--n`).
    pub recommendation: Option<Recommendation>,
    /// Per-comparison results.
    pub comparisons: Vec<ComparisonResult>,
    /// The power curve, one row per (n, comparison), n ascending.
    pub curve: Vec<CurveRow>,
    /// The assumption ledger.
    pub assumptions: Vec<Assumption>,
    /// Replicates per n.
    pub replicates: u64,
    /// Seed.
    pub seed: u64,
}

impl PlanResult {
    /// The estimate of comparison `label` at `n`, from the curve.
    pub fn curve_at(&self, label: &str, n: u32) -> Option<&CurveRow> {
        self.curve.iter().find(|r| r.comparison == label && r.n_per_arm == n)
    }
}
