//! Analyses: the statistical tests run on each simulated study.
//!
//! An analysis reads per-arm summaries ([`ArmSummary`]: n, mean, variance)
//! and returns a p-value. Tests that need raw data (rank tests, later) will
//! get their own seam; every test so far is a function of the summaries,
//! which is what lets the engine use the exact sufficient-statistics path.
//!
//! [`analytic`] holds the closed-form power of each test, computed from the
//! noncentral t and F distributions ([`crate::stats`]), used to bracket the
//! sample-size search and shown beside every simulated value. The Dunnett
//! test is [`dunnett`]; the multivariate-t integral behind its critical
//! value is [`crate::stats::multivariate_t`].

pub mod analytic;
pub mod anova;
pub mod cutoff;
pub mod dunnett;
pub mod multiplicity;
pub mod ttest;

pub use anova::Anova;
pub use dunnett::DunnettFamily;
pub use ttest::{TTest, Tost, Variance};

/// Summary statistics of one arm in one simulated study.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ArmSummary {
    /// Sample size.
    pub n: u32,
    /// Sample mean.
    pub mean: f64,
    /// Sample variance (denominator n − 1).
    pub var: f64,
}

impl ArmSummary {
    /// Summary of a slice in one pass, shifted by the first value for
    /// numerical stability (the "shifted data" algorithm; Chan, Golub &
    /// LeVeque 1983, "Algorithms for computing the sample variance").
    ///
    /// ```
    /// use plan::analysis::ArmSummary;
    /// let s = ArmSummary::from_data(&[1.0, 2.0, 3.0, 4.0]);
    /// assert_eq!(s.mean, 2.5);
    /// assert!((s.var - 5.0 / 3.0).abs() < 1e-15);
    /// ```
    pub fn from_data(x: &[f64]) -> ArmSummary {
        let n = x.len();
        let k = x.first().copied().unwrap_or(0.0);
        let (mut s1, mut s2) = (0.0, 0.0);
        for &v in x {
            let d = v - k;
            s1 += d;
            s2 += d * d;
        }
        let nf = n as f64;
        ArmSummary {
            n: n as u32,
            mean: k + s1 / nf,
            var: if n > 1 { ((s2 - s1 * s1 / nf) / (nf - 1.0)).max(0.0) } else { 0.0 },
        }
    }
}

/// The alternative hypothesis of a test on a difference (treatment − reference).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alternative {
    /// Difference ≠ 0.
    TwoSided,
    /// Difference > 0.
    Greater,
    /// Difference < 0.
    Less,
}

/// A test that gives a p-value from the arms' summaries.
pub trait Analysis: Sync {
    /// The p-value of this test in one simulated study. `arms` holds every
    /// arm of the scenario, in scenario order.
    fn p_value(&self, arms: &[ArmSummary]) -> f64;
}
