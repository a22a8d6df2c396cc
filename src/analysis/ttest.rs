//! Two-sample t tests: Student's (pooled variance) and Welch's (unequal
//! variances, Satterthwaite degrees of freedom), against a shifted null
//! (for non-inferiority), and the two one-sided tests (TOST) of equivalence.
//!
//! References: Welch, B. L. (1947) "The generalization of Student's problem
//! when several different population variances are involved", Biometrika 34;
//! Satterthwaite, F. E. (1946) Biometrics Bulletin 2; Schuirmann, D. J.
//! (1987) "A comparison of the two one-sided tests procedure and the power
//! approach for assessing the equivalence of average bioavailability",
//! J. Pharmacokin. Biopharm. 15:657–680. The t tail probability uses the
//! regularized incomplete beta function: P(T > t) = ½·I_{ν/(ν+t²)}(ν/2, ½)
//! for t ≥ 0 (Abramowitz & Stegun 26.7.1).

use crate::stats::central::t_sf;

use super::{Alternative, Analysis, ArmSummary};

/// How the standard error of the difference is estimated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variance {
    /// Pooled over the two arms (Student), ν = n₁ + n₂ − 2.
    Pooled,
    /// Separate variances (Welch), Satterthwaite ν.
    Welch,
}

/// A two-sample t test of H₀: treatment − reference = `shift`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TTest {
    /// Index of the treatment arm.
    pub treatment: usize,
    /// Index of the reference arm.
    pub reference: usize,
    /// Student or Welch.
    pub variance: Variance,
    /// The difference under the null hypothesis (0 for superiority, −margin
    /// for non-inferiority when higher is better).
    pub shift: f64,
    /// Direction of the alternative.
    pub alternative: Alternative,
}

/// The p-value of statistic `t` with `df` degrees of freedom.
pub fn p_value(t: f64, df: f64, alternative: Alternative) -> f64 {
    if !t.is_finite() {
        // Zero variance in both arms: an exact tie gives no evidence;
        // a difference with no noise is infinitely significant.
        return match (t.is_nan(), alternative) {
            (true, _) => 1.0,
            (false, Alternative::TwoSided) => 0.0,
            (false, Alternative::Greater) => f64::from(u8::from(t < 0.0)),
            (false, Alternative::Less) => f64::from(u8::from(t > 0.0)),
        };
    }
    match alternative {
        Alternative::TwoSided => (2.0 * t_sf(t.abs(), df)).min(1.0),
        Alternative::Greater => t_sf(t, df),
        Alternative::Less => t_sf(-t, df),
    }
}

impl TTest {
    /// The t statistic and its degrees of freedom.
    pub fn statistic(&self, arms: &[ArmSummary]) -> (f64, f64) {
        let (a, b) = (arms[self.treatment], arms[self.reference]);
        let (na, nb) = (f64::from(a.n), f64::from(b.n));
        let diff = a.mean - b.mean - self.shift;
        match self.variance {
            Variance::Pooled => {
                let df = na + nb - 2.0;
                let pooled = ((na - 1.0) * a.var + (nb - 1.0) * b.var) / df;
                (diff / (pooled * (1.0 / na + 1.0 / nb)).sqrt(), df)
            }
            Variance::Welch => {
                let (va, vb) = (a.var / na, b.var / nb);
                let se2 = va + vb;
                let df = se2 * se2 / (va * va / (na - 1.0) + vb * vb / (nb - 1.0));
                (diff / se2.sqrt(), df)
            }
        }
    }
}

impl TTest {
    /// `x` (a difference or a t statistic) turned so that large values
    /// favour the alternative: |x| two-sided, x for "greater", −x for "less".
    #[inline]
    pub fn orient(&self, x: f64) -> f64 {
        match self.alternative {
            Alternative::TwoSided => x.abs(),
            Alternative::Greater => x,
            Alternative::Less => -x,
        }
    }

    /// The statistic in parts, oriented so that large values reject:
    /// (numerator, squared standard error, 1/ν), with t = numerator/√se².
    /// Used by the fast decision rule, which needs no square root.
    #[inline]
    pub fn oriented_parts(&self, arms: &[ArmSummary]) -> (f64, f64, f64) {
        let (a, b) = (arms[self.treatment], arms[self.reference]);
        let (na, nb) = (f64::from(a.n), f64::from(b.n));
        let num = self.orient(a.mean - b.mean - self.shift);
        match self.variance {
            Variance::Pooled => {
                let df = na + nb - 2.0;
                let pooled = ((na - 1.0) * a.var + (nb - 1.0) * b.var) / df;
                (num, pooled * (1.0 / na + 1.0 / nb), 1.0 / df)
            }
            Variance::Welch => {
                let (va, vb) = (a.var / na, b.var / nb);
                let se2 = va + vb;
                let w = va * va / (na - 1.0) + vb * vb / (nb - 1.0);
                (num, se2, w / (se2 * se2))
            }
        }
    }
}

impl Analysis for TTest {
    fn p_value(&self, arms: &[ArmSummary]) -> f64 {
        let (t, df) = self.statistic(arms);
        p_value(t, df, self.alternative)
    }
}

/// Equivalence by two one-sided tests: H₀₁: Δ ≤ −margin and H₀₂: Δ ≥ +margin,
/// each at α; the TOST p-value is the larger of the two.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tost {
    /// Test of H₀₁ (shift −margin, alternative greater).
    pub lower: TTest,
    /// Test of H₀₂ (shift +margin, alternative less).
    pub upper: TTest,
}

impl Tost {
    /// TOST of |treatment − reference| < `margin`.
    pub fn new(treatment: usize, reference: usize, variance: Variance, margin: f64) -> Tost {
        let t = |shift, alternative| TTest { treatment, reference, variance, shift, alternative };
        Tost { lower: t(-margin, Alternative::Greater), upper: t(margin, Alternative::Less) }
    }
}

impl Analysis for Tost {
    fn p_value(&self, arms: &[ArmSummary]) -> f64 {
        self.lower.p_value(arms).max(self.upper.p_value(arms))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arms() -> [ArmSummary; 2] {
        // Welch's example data summarised: n = 10 and 15, means 5.0 and 4.0,
        // variances 1.0 and 4.0.
        [ArmSummary { n: 10, mean: 5.0, var: 1.0 }, ArmSummary { n: 15, mean: 4.0, var: 4.0 }]
    }

    #[test]
    fn statistics_match_hand_computation() {
        let s = arms();
        let t = TTest {
            treatment: 0,
            reference: 1,
            variance: Variance::Welch,
            shift: 0.0,
            alternative: Alternative::TwoSided,
        };
        let (stat, df) = t.statistic(&s);
        // se² = 1/10 + 4/15 = 0.3666…; t = 1/√0.3666… = 1.6514;
        // ν = 0.3666…² / (0.01/9 + (4/15)²/14) = 0.134444/0.0061905 = 21.71795.
        assert!((stat - 1.651445647689541).abs() < 1e-12);
        assert!((df - 21.717_948_717_948_72).abs() < 1e-9);
        let p = TTest { variance: Variance::Pooled, ..t };
        let (stat, df) = p.statistic(&s);
        // pooled var = (9·1 + 14·4)/23 = 2.8261; se = √(2.8261·(1/10 + 1/15)) = 0.68633.
        assert_eq!(df, 23.0);
        assert!((stat - 1.0 / (65.0_f64 / 23.0 * (1.0 / 10.0 + 1.0 / 15.0)).sqrt()).abs() < 1e-12);
    }

    #[test]
    fn shifted_and_tost_p_values() {
        let s = arms();
        let ni = TTest {
            treatment: 0,
            reference: 1,
            variance: Variance::Welch,
            shift: -1.0,
            alternative: Alternative::Greater,
        };
        // Shifted by the margin, the statistic doubles: t = 2/√0.3666….
        let (stat, _) = ni.statistic(&s);
        assert!((stat - 2.0 * 1.651445647689541).abs() < 1e-12);
        let tost = Tost::new(0, 1, Variance::Welch, 1.5);
        // Upper test: (1 − 1.5)/se = −0.8257 one-sided "less" p > 0.2, so TOST p is that.
        let p = tost.p_value(&s);
        assert!(p > 0.2 && p < 0.25, "{p}");
        assert_eq!(p, tost.upper.p_value(&s));
    }
}
