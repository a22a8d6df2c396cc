//! The lognormal outcome model: a positive, right-skewed outcome (a
//! concentration, a fold change, a tumour volume) whose logarithm is
//! normal. Each arm is given by its geometric mean G and coefficient of
//! variation cv on the original scale; on the log scale its mean is ln G
//! and its SD √ln(1 + cv²) (Johnson, Kotz & Balakrishnan, *Continuous
//! Univariate Distributions*, vol. 1, 2nd ed., §14.3). The data drawn are
//! the logarithms, by the normal model (sufficient statistics where exact):
//! the t tests compare mean logs, that is the ratio of geometric means, and
//! rank tests give the same ranks on either scale.

use super::OutcomeModel;
use crate::scenario::Scenario;

/// Registry constructor: the validated arms already hold ln G (`mean`) and
/// the SD of the logs (`sd`), so the model is the normal one on those.
pub fn build(scenario: &Scenario) -> Box<dyn OutcomeModel> {
    super::normal::build(scenario)
}

/// The SD of the logarithm of a lognormal variable with this coefficient
/// of variation: √ln(1 + cv²).
pub fn sd_of_logs(cv: f64) -> f64 {
    cv.mul_add(cv, 0.0).ln_1p().sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sd_of_logs_matches_r() {
        // R 4.2.2: sqrt(log(1 + 0.5^2)) = 0.472380727077439
        // (tests/references/mann_whitney.R.out, part 6).
        assert!((sd_of_logs(0.5) - 0.472_380_727_077_439).abs() < 1e-15);
    }
}
