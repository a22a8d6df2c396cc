//! Closed-form power, from the noncentral t and F distributions.
//!
//! With true difference δ (minus the null shift), arm SDs σ₁, σ₂ and sizes
//! n₁, n₂:
//! - Student: ν = n₁ + n₂ − 2 and λ = δ / (σ_p·√(1/n₁ + 1/n₂)), where
//!   σ_p² = ((n₁−1)σ₁² + (n₂−1)σ₂²)/ν. Exact when σ₁ = σ₂ (Cohen 1988,
//!   ch. 2; the formula of G*Power 3 for "Means: difference between two
//!   independent means"); an approximation otherwise.
//! - Welch: λ = δ / √(σ₁²/n₁ + σ₂²/n₂) and ν from the Welch–Satterthwaite
//!   equation with the population variances: the usual approximation (e.g.
//!   R's `MESS::power_welch_t_test`), not exact.
//!
//! Power is P(T > c) + P(T < −c) two-sided with c = t_{1−α/2,ν}, and
//! P(T > t_{1−α,ν}) (or its mirror) one-sided, T ~ t_ν(λ). Non-inferiority
//! is the one-sided case with δ shifted by the margin. Equivalence (TOST)
//! uses P(T₂ < −c) − P(T₁ ≤ c) with c = t_{1−α,ν}, λ₁ = (δ + m)/se and
//! λ₂ = (δ − m)/se: the noncentral-t approximation that ignores the shared
//! variance estimate (Phillips 1990, J. Pharmacokin. Biopharm. 18:137–144),
//! accurate except at very small n. Dunnett's per-comparison power is the
//! noncentral t at the Dunnett critical value with the pooled ν, exact under
//! equal variances. One-way ANOVA uses the noncentral F with
//! λ = Σ nᵢ(μᵢ − μ̄)²/σ² (Cohen 1988, ch. 8).

use statrs::distribution::{ContinuousCDF, FisherSnedecor};

use super::{Alternative, Variance};
use crate::stats::central::t_quantile;
use crate::stats::{noncentral_f, noncentral_t, normal};

/// The design of one two-sample comparison, as the analytic formula sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TwoSampleDesign {
    /// Pooled (Student) or Welch.
    pub variance: Variance,
    /// Direction of the alternative.
    pub alternative: Alternative,
    /// True difference treatment − reference, minus the null shift.
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
    /// Degrees of freedom and the standard error of the difference.
    pub fn df_se(&self) -> (f64, f64) {
        let (n1, n2) = (f64::from(self.n_treatment), f64::from(self.n_reference));
        let (v1, v2) = (self.sd_treatment.powi(2), self.sd_reference.powi(2));
        match self.variance {
            Variance::Pooled => {
                let df = n1 + n2 - 2.0;
                let pooled = ((n1 - 1.0) * v1 + (n2 - 1.0) * v2) / df;
                (df, (pooled * (1.0 / n1 + 1.0 / n2)).sqrt())
            }
            Variance::Welch => {
                let (a, b) = (v1 / n1, v2 / n2);
                let df = (a + b).powi(2) / (a * a / (n1 - 1.0) + b * b / (n2 - 1.0));
                (df, (a + b).sqrt())
            }
        }
    }

    /// Degrees of freedom and noncentrality parameter.
    pub fn df_ncp(&self) -> (f64, f64) {
        let (df, se) = self.df_se();
        (df, self.delta / se)
    }

    /// Power at significance level `alpha`.
    ///
    /// ```
    /// use plan::analysis::{analytic::TwoSampleDesign, Alternative, Variance};
    /// // Cohen (1988) Table 2.4.1: d = 0.5, α = 0.05 two-sided, power 0.80
    /// // needs n = 64 per group; G*Power 3.1 gives power 0.8014596 there.
    /// let d = TwoSampleDesign {
    ///     variance: Variance::Pooled, alternative: Alternative::TwoSided, delta: 0.5,
    ///     sd_treatment: 1.0, sd_reference: 1.0, n_treatment: 64, n_reference: 64,
    /// };
    /// assert!((d.power(0.05) - 0.8014596).abs() < 1e-6);
    /// ```
    pub fn power(&self, alpha: f64) -> f64 {
        let (df, se) = self.df_se();
        t_power(self.delta, se, df, self.alternative, alpha)
    }

    /// Power when the test rejects beyond critical value `c` on `df`
    /// degrees of freedom (Dunnett's c and pooled ν, for example).
    pub fn power_at(&self, c: f64, df: f64) -> f64 {
        let (_, se) = self.df_se();
        t_power_at(self.delta / se, c, df, self.alternative)
    }

    /// Approximate power of the TOST equivalence test with margin `margin`
    /// at level `alpha` (each one-sided test); `delta` is the true difference.
    pub fn tost_power(&self, margin: f64, alpha: f64) -> f64 {
        let (df, se) = self.df_se();
        tost_power(self.delta, se, df, margin, alpha)
    }
}

/// Power of a t test of a difference `delta` (minus the null shift) with
/// standard error `se` on `df` degrees of freedom, at level `alpha`
/// (two-sided: split over both tails).
pub fn t_power(delta: f64, se: f64, df: f64, alternative: Alternative, alpha: f64) -> f64 {
    let c = match alternative {
        Alternative::TwoSided => t_quantile(1.0 - alpha / 2.0, df),
        _ => t_quantile(1.0 - alpha, df),
    };
    t_power_at(delta / se, c, df, alternative)
}

/// Power of a z test (a statistic compared with the standard normal) of a
/// difference `delta` (minus the null shift) with standard error `se`, at
/// level `alpha` (two-sided: split over both tails).
pub fn z_power(delta: f64, se: f64, alternative: Alternative, alpha: f64) -> f64 {
    let shift = delta / se;
    match alternative {
        Alternative::TwoSided => {
            let z = normal::quantile(1.0 - alpha / 2.0);
            normal::cdf(shift - z) + normal::cdf(-shift - z)
        }
        Alternative::Greater => normal::cdf(shift - normal::quantile(1.0 - alpha)),
        Alternative::Less => normal::cdf(-shift - normal::quantile(1.0 - alpha)),
    }
}

/// Power of two one-sided z tests with `margin`, each at `alpha`: the
/// normal approximation P(−margin + z·se < Δ̂ < margin − z·se).
pub fn z_tost_power(delta: f64, se: f64, margin: f64, alpha: f64) -> f64 {
    let z = normal::quantile(1.0 - alpha);
    (normal::cdf((margin - delta) / se - z) - normal::cdf((-margin - delta) / se + z)).max(0.0)
}

/// Power of a t test with noncentrality `ncp` that rejects beyond `c`.
pub fn t_power_at(ncp: f64, c: f64, df: f64, alternative: Alternative) -> f64 {
    if !(df.is_finite() && df > 0.0 && ncp.is_finite() && c.is_finite()) {
        return f64::NAN;
    }
    match alternative {
        Alternative::TwoSided => noncentral_t::sf(c, df, ncp) + noncentral_t::cdf(-c, df, ncp),
        Alternative::Greater => noncentral_t::sf(c, df, ncp),
        Alternative::Less => noncentral_t::cdf(-c, df, ncp),
    }
}

/// Approximate power of TOST (Phillips 1990) for a true difference
/// `delta` with standard error `se` on `df` degrees of freedom.
pub fn tost_power(delta: f64, se: f64, df: f64, margin: f64, alpha: f64) -> f64 {
    let c = t_quantile(1.0 - alpha, df);
    if !(df.is_finite() && df > 0.0 && se > 0.0 && c.is_finite()) {
        return f64::NAN;
    }
    let (l1, l2) = ((delta + margin) / se, (delta - margin) / se);
    (noncentral_t::cdf(-c, df, l2) - noncentral_t::cdf(c, df, l1)).max(0.0)
}

/// Power of the one-way ANOVA F test at level `alpha` for arm means, a
/// common SD and arm sizes (exact when the SDs are equal).
///
/// ```
/// // G*Power 3.1, "ANOVA: fixed effects, omnibus, one-way": f = 0.25,
/// // k = 4, α = 0.05 and power 0.80 need total N = 180; at N = 180 the power
/// // is 0.8039869 (SciPy 1.17.1: ncf.sf(f_crit, 3, 176, 11.25)). Any means
/// // whose SD around the grand mean is f·σ = 0.25 give that f.
/// let s = 0.25 / (1.25f64).sqrt();
/// let means = [-1.5 * s, -0.5 * s, 0.5 * s, 1.5 * s];
/// let p = plan::analysis::analytic::anova_power(&means, 1.0, &[45, 45, 45, 45], 0.05);
/// assert!((p - 0.8039869).abs() < 1e-6, "{p}");
/// ```
pub fn anova_power(means: &[f64], sd: f64, sizes: &[u32], alpha: f64) -> f64 {
    let n: f64 = sizes.iter().map(|&x| f64::from(x)).sum();
    let grand: f64 = means.iter().zip(sizes).map(|(m, &k)| m * f64::from(k)).sum::<f64>() / n;
    let ncp: f64 = means.iter().zip(sizes).map(|(m, &k)| f64::from(k) * (m - grand).powi(2)).sum::<f64>() / (sd * sd);
    let (df1, df2) = (means.len() as f64 - 1.0, n - means.len() as f64);
    let crit = match FisherSnedecor::new(df1, df2) {
        Ok(f) => f.inverse_cdf(1.0 - alpha),
        Err(_) => return f64::NAN,
    };
    noncentral_f::sf(crit, df1, df2, ncp)
}

#[cfg(test)]
mod tests {
    //! Closed forms against outside numbers: R 4.2.2 with pwr 1.3-0
    //! (`Rscript tests/references/analytic.R`, output in
    //! tests/references/analytic.R.out) and SciPy 1.17.1
    //! (`python3 tests/references/analytic.py`, output in
    //! tests/references/analytic.py.out).
    use super::*;

    fn design(
        variance: Variance,
        alternative: Alternative,
        delta: f64,
        sds: (f64, f64),
        ns: (u32, u32),
    ) -> TwoSampleDesign {
        TwoSampleDesign {
            variance,
            alternative,
            delta,
            sd_treatment: sds.0,
            sd_reference: sds.1,
            n_treatment: ns.0,
            n_reference: ns.1,
        }
    }

    fn close(got: f64, want: f64, tol: f64, what: &str) {
        assert!((got - want).abs() <= tol, "{what}: got {got}, want {want}");
    }

    #[test]
    fn student_power_matches_pwr() {
        let two = Alternative::TwoSided;
        // pwr.t2n.test(n1 = 30, n2 = 60, d = 0.6)$power = 0.7561390 (unequal n).
        close(design(Variance::Pooled, two, 0.6, (1.0, 1.0), (30, 60)).power(0.05), 0.7561390, 1e-6, "t2n two-sided");
        // ... alternative = "greater": 0.8455913.
        let d = design(Variance::Pooled, Alternative::Greater, 0.6, (1.0, 1.0), (30, 60));
        close(d.power(0.05), 0.8455913, 1e-6, "t2n greater");
        // pwr.t.test(n = 20, d = 0.5, alternative = "greater")$power = 0.4633743;
        // the mirror image (effect −0.5, alternative "less") is the same.
        let d = design(Variance::Pooled, Alternative::Greater, 0.5, (1.0, 1.0), (20, 20));
        close(d.power(0.05), 0.4633743, 1e-6, "one-sided greater");
        let d = design(Variance::Pooled, Alternative::Less, -0.5, (1.0, 1.0), (20, 20));
        close(d.power(0.05), 0.4633743, 1e-6, "one-sided less");
        // pwr.t.test(n = 26, d = 0.8, sig.level = 0.01)$power = 0.5842694;
        // scale-free: δ = 8 with σ = 10 is the same d.
        let d = design(Variance::Pooled, two, 8.0, (10.0, 10.0), (26, 26));
        close(d.power(0.01), 0.5842694, 1e-6, "alpha 0.01");
    }

    #[test]
    fn welch_uses_the_satterthwaite_df_of_the_population_variances() {
        // σ_t = 2, σ_r = 1, n_t = 20, n_r = 40, δ = 1: ν = (0.2 + 0.025)² /
        // (0.2²/19 + 0.025²/39) = 23.8652087475, λ = 1/√0.225 = 2.1081851068
        // (SciPy script); power from scipy.stats.nct.
        let d = design(Variance::Welch, Alternative::TwoSided, 1.0, (2.0, 1.0), (20, 40));
        let (df, ncp) = d.df_ncp();
        close(df, 23.865_208_747_5, 1e-9, "Welch df");
        close(ncp, 2.108_185_106_8, 1e-9, "Welch ncp");
        close(d.power(0.05), 0.525_168_647_6, 1e-7, "Welch two-sided");
        let g = design(Variance::Welch, Alternative::Greater, 1.0, (2.0, 1.0), (20, 40));
        close(g.power(0.05), 0.656_520_489_6, 1e-7, "Welch greater");
        let l = design(Variance::Welch, Alternative::Less, -1.0, (2.0, 1.0), (20, 40));
        close(l.power(0.05), 0.656_520_489_6, 1e-7, "Welch less");
        // Pooled with unequal SDs: ν = n₁ + n₂ − 2 and σ_p² weighted by n − 1.
        let p = design(Variance::Pooled, Alternative::TwoSided, 1.0, (2.0, 1.0), (20, 40));
        let (df, se) = p.df_se();
        assert_eq!(df, 58.0);
        close(se, ((19.0 * 4.0 + 39.0) / 58.0 * (1.0 / 20.0 + 1.0 / 40.0_f64)).sqrt(), 1e-15, "pooled se");
    }

    #[test]
    fn power_at_a_given_critical_value_matches_r() {
        // Dunnett-style: c = 2.365 on ν = 224, λ = 11.5/(19·√(2/57)) (the
        // hair scenario's exosome arm): R pt(2.365, 224, ncp, lower = FALSE)
        // + pt(−2.365, 224, ncp) = 0.8060671.
        let d = design(Variance::Pooled, Alternative::TwoSided, 11.5, (19.0, 19.0), (57, 57));
        close(d.power_at(2.365, 224.0), 0.8060671, 1e-6, "power_at");
        assert!(d.power_at(f64::NAN, 224.0).is_nan());
    }

    #[test]
    fn tost_power_matches_exact_integration() {
        // Student, σ = 1, n = 50 + 50, margin 0.5, α = 0.05 per side, true
        // δ = 0.1. The noncentral-t formula (Phillips 1990) in SciPy gives
        // 0.5425179439, and exact integration over the pooled SD
        // (scipy.integrate.quad) gives the same to 10 digits: at this n the
        // event the approximation ignores (both one-sided tests failing at
        // once) has negligible probability.
        let d = design(Variance::Pooled, Alternative::TwoSided, 0.1, (1.0, 1.0), (50, 50));
        close(d.tost_power(0.5, 0.05), 0.542_517_943_9, 1e-7, "TOST");
        // Symmetric in the sign of δ.
        let m = design(Variance::Pooled, Alternative::TwoSided, -0.1, (1.0, 1.0), (50, 50));
        close(m.tost_power(0.5, 0.05), 0.542_517_943_9, 1e-7, "TOST mirrored");
    }

    #[test]
    fn anova_power_matches_pwr_and_scipy() {
        // pwr.anova.test(k = 3, n = 20, f = 0.3)$power = 0.5139776; means
        // (−a, 0, a) have f = a·√(2/3) = 0.3.
        let a = 0.3 * 1.5f64.sqrt();
        close(anova_power(&[-a, 0.0, a], 1.0, &[20, 20, 20], 0.05), 0.5139776, 1e-6, "pwr.anova.test");
        // Unequal n: means (0, 0.5, 1), n = (10, 20, 30), σ = 1: λ = Σnᵢ(μᵢ − μ̄)²
        // = 8.3333 with the weighted grand mean; SciPy ncf.sf(f_crit, 2, 57, λ)
        // = 0.7119807492.
        close(anova_power(&[0.0, 0.5, 1.0], 1.0, &[10, 20, 30], 0.05), 0.711_980_749_2, 1e-7, "unequal n");
    }

    #[test]
    fn t_quantile_matches_r() {
        // qt(0.975, 10) = 2.2281389; qt(0.95, 23.5) = 1.7123437.
        close(t_quantile(0.975, 10.0), 2.2281389, 1e-7, "qt 10");
        close(t_quantile(0.95, 23.5), 1.7123437, 1e-7, "qt 23.5");
        assert!(t_quantile(0.95, 0.0).is_nan());
    }
}
