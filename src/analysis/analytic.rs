//! Closed-form power of the two-sample t tests, from the noncentral t
//! distribution.
//!
//! With true difference δ, arm SDs σ₁, σ₂ and sizes n₁, n₂:
//! - Student: ν = n₁ + n₂ − 2 and λ = δ / (σ_p·√(1/n₁ + 1/n₂)), where
//!   σ_p² = ((n₁−1)σ₁² + (n₂−1)σ₂²)/ν. Exact when σ₁ = σ₂ (Cohen 1988,
//!   ch. 2; the same formula G*Power 3 uses for "Means: difference between
//!   two independent means"); an approximation otherwise.
//! - Welch: λ = δ / √(σ₁²/n₁ + σ₂²/n₂) and ν from the Welch–Satterthwaite
//!   equation with the population variances. This is the usual
//!   approximation (e.g. R's `MESS::power_welch_t_test`), not exact.
//!
//! Power is P(T > c) + P(T < −c) two-sided with c = t_{1−α/2,ν}, and
//! P(T > t_{1−α,ν}) (or its mirror) one-sided, T ~ t_ν(λ).

use statrs::distribution::{ContinuousCDF, StudentsT};

use super::{noncentral_t, Alternative};
use crate::scenario::TestKind;

/// The design of one two-sample comparison, as the analytic formula sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TwoSampleDesign {
    /// Student or Welch.
    pub kind: TestKind,
    /// Direction of the alternative.
    pub alternative: Alternative,
    /// True difference, treatment − reference.
    pub delta: f64,
    /// SD of the treatment arm.
    pub sd_treatment: f64,
    /// SD of the reference arm.
    pub sd_reference: f64,
    /// Size of the treatment arm (≥ 2).
    pub n_treatment: u32,
    /// Size of the reference arm (≥ 2).
    pub n_reference: u32,
}

impl TwoSampleDesign {
    /// Degrees of freedom and noncentrality parameter.
    pub fn df_ncp(&self) -> (f64, f64) {
        let (n1, n2) = (f64::from(self.n_treatment), f64::from(self.n_reference));
        let (v1, v2) = (self.sd_treatment.powi(2), self.sd_reference.powi(2));
        match self.kind {
            TestKind::Student => {
                let df = n1 + n2 - 2.0;
                let pooled = ((n1 - 1.0) * v1 + (n2 - 1.0) * v2) / df;
                (df, self.delta / (pooled * (1.0 / n1 + 1.0 / n2)).sqrt())
            }
            TestKind::Welch => {
                let (a, b) = (v1 / n1, v2 / n2);
                let df = (a + b).powi(2) / (a * a / (n1 - 1.0) + b * b / (n2 - 1.0));
                (df, self.delta / (a + b).sqrt())
            }
        }
    }

    /// Power at significance level `alpha`.
    ///
    /// ```
    /// use plan::analysis::{analytic::TwoSampleDesign, Alternative};
    /// use plan::scenario::TestKind;
    /// // Cohen (1988) Table 2.4.1: d = 0.5, α = 0.05 two-sided, power 0.80
    /// // needs n = 64 per group; G*Power 3.1 gives power 0.8014596 there.
    /// let d = TwoSampleDesign {
    ///     kind: TestKind::Student, alternative: Alternative::TwoSided, delta: 0.5,
    ///     sd_treatment: 1.0, sd_reference: 1.0, n_treatment: 64, n_reference: 64,
    /// };
    /// assert!((d.power(0.05) - 0.8014596).abs() < 1e-6);
    /// ```
    pub fn power(&self, alpha: f64) -> f64 {
        let (df, ncp) = self.df_ncp();
        if !(df.is_finite() && ncp.is_finite() && df > 0.0) {
            return f64::NAN;
        }
        let q = |p: f64| match StudentsT::new(0.0, 1.0, df) {
            Ok(t) => t.inverse_cdf(p),
            Err(_) => f64::NAN,
        };
        match self.alternative {
            Alternative::TwoSided => {
                let c = q(1.0 - alpha / 2.0);
                noncentral_t::sf(c, df, ncp) + noncentral_t::cdf(-c, df, ncp)
            }
            Alternative::Greater => noncentral_t::sf(q(1.0 - alpha), df, ncp),
            Alternative::Less => noncentral_t::cdf(-q(1.0 - alpha), df, ncp),
        }
    }
}
