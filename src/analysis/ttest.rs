//! Two-sample t tests: Student's (pooled variance) and Welch's (unequal
//! variances, Satterthwaite degrees of freedom).
//!
//! References: Welch, B. L. (1947) "The generalization of Student's problem
//! when several different population variances are involved", Biometrika 34;
//! Satterthwaite, F. E. (1946) Biometrics Bulletin 2. The t tail probability
//! uses the regularized incomplete beta function:
//! P(T > t) = ½·I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0 (Abramowitz & Stegun 26.7.1).

use statrs::function::beta::beta_reg;

use super::{Alternative, Analysis, ArmSummary};
use crate::scenario::TestKind;

/// A two-sample t test of treatment − reference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TTest {
    /// Index of the treatment arm.
    pub treatment: usize,
    /// Index of the reference arm.
    pub reference: usize,
    /// Student or Welch.
    pub kind: TestKind,
    /// Direction of the alternative.
    pub alternative: Alternative,
}

/// Upper tail P(T > t) of Student's t with `df` degrees of freedom.
///
/// ```
/// // t_{0.975, 10} = 2.228139 (any t table, e.g. Abramowitz & Stegun Table 26.10)
/// let p = plan::analysis::ttest::t_sf(2.228138851986522, 10.0);
/// assert!((p - 0.025).abs() < 1e-12);
/// ```
pub fn t_sf(t: f64, df: f64) -> f64 {
    if t.is_nan() || df.is_nan() {
        return f64::NAN;
    }
    let x = df / (df + t * t);
    let half_tail = if x.is_finite() { 0.5 * beta_reg(0.5 * df, 0.5, x) } else { 0.0 };
    if t >= 0.0 {
        half_tail
    } else {
        1.0 - half_tail
    }
}

impl TTest {
    /// The t statistic and its degrees of freedom.
    pub fn statistic(&self, arms: &[ArmSummary]) -> (f64, f64) {
        let (a, b) = (arms[self.treatment], arms[self.reference]);
        let (na, nb) = (f64::from(a.n), f64::from(b.n));
        let diff = a.mean - b.mean;
        match self.kind {
            TestKind::Student => {
                let df = na + nb - 2.0;
                let pooled = ((na - 1.0) * a.var + (nb - 1.0) * b.var) / df;
                (diff / (pooled * (1.0 / na + 1.0 / nb)).sqrt(), df)
            }
            TestKind::Welch => {
                let (va, vb) = (a.var / na, b.var / nb);
                let se2 = va + vb;
                let df = se2 * se2 / (va * va / (na - 1.0) + vb * vb / (nb - 1.0));
                (diff / se2.sqrt(), df)
            }
        }
    }
}

impl Analysis for TTest {
    fn p_value(&self, arms: &[ArmSummary]) -> f64 {
        let (t, df) = self.statistic(arms);
        if !t.is_finite() {
            // Zero variance in both arms: an exact tie gives no evidence;
            // a difference with no noise is infinitely significant.
            return match (t.is_nan(), self.alternative) {
                (true, _) => 1.0,
                (false, Alternative::TwoSided) => 0.0,
                (false, Alternative::Greater) => f64::from(u8::from(t < 0.0)),
                (false, Alternative::Less) => f64::from(u8::from(t > 0.0)),
            };
        }
        match self.alternative {
            Alternative::TwoSided => (2.0 * t_sf(t.abs(), df)).min(1.0),
            Alternative::Greater => t_sf(t, df),
            Alternative::Less => t_sf(-t, df),
        }
    }
}
