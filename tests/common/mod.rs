//! Helpers shared by the integration tests.
#![allow(dead_code)]

use plan::engine::{self, DataPath, Mode, NoProgress, PlanResult, RunOptions};
use plan::scenario::{Overrides, Scenario};

/// A two-arm design for calibration tests.
#[derive(Debug, Clone, Copy)]
pub struct TwoArm {
    pub delta: f64,
    pub sd_control: f64,
    pub sd_treated: f64,
    /// Allocation weight of the treated arm (control has 1).
    pub allocation: f64,
    pub test: &'static str,
    pub sides: u8,
    pub alpha: f64,
    pub replicates: u64,
    pub seed: u64,
}

impl Default for TwoArm {
    fn default() -> Self {
        TwoArm {
            delta: 0.0,
            sd_control: 1.0,
            sd_treated: 1.0,
            allocation: 1.0,
            test: "welch",
            sides: 2,
            alpha: 0.05,
            replicates: 10_000,
            seed: 1,
        }
    }
}

impl TwoArm {
    pub fn toml(&self) -> String {
        format!(
            r#"title = "calibration"
[outcome]
name = "y"
sd = 1.0
[[arms]]
name = "control"
mean = 0.0
sd = {sc}
[[arms]]
name = "treated"
mean = {d}
sd = {st}
allocation = {w}
[[comparisons]]
treatment = "treated"
reference = "control"
test = "{test}"
[analysis]
alpha = {alpha}
sides = {sides}
[simulation]
replicates = {r}
seed = {seed}
n_max = 2000
"#,
            sc = self.sd_control,
            d = self.delta,
            st = self.sd_treated,
            w = self.allocation,
            test = self.test,
            alpha = self.alpha,
            sides = self.sides,
            r = self.replicates,
            seed = self.seed,
        )
    }

    pub fn scenario(&self) -> Scenario {
        Scenario::from_toml(&self.toml(), "calibration.toml".as_ref(), &Overrides::default()).expect("valid scenario")
    }
}

pub fn run(s: &Scenario, mode: Mode, path: DataPath) -> PlanResult {
    engine::run(s, mode, RunOptions { threads: 0, data_path: path, mde: false }, &NoProgress).expect("run")
}

/// Monte Carlo standard error of a proportion p over r replicates.
pub fn se(p: f64, r: u64) -> f64 {
    (p * (1.0 - p) / r as f64).sqrt()
}

/// Asserts that a simulated rate from `reps` studies is within 4 Monte
/// Carlo SE of a reference simulated with `reference_reps` (both errors
/// counted; `u64::MAX` for an exact reference).
pub fn within(got: f64, reference: f64, reps: u64, reference_reps: u64, what: &str) {
    let tol = 4.0 * (se(reference, reps).powi(2) + se(reference, reference_reps).powi(2)).sqrt();
    assert!((got - reference).abs() <= tol, "{what}: {got} vs {reference} (tol {tol})");
}
