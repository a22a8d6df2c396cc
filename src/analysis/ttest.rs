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

use super::analytic::TwoSampleDesign;
use super::hypothesis::{wrap, Contrast, Directional, Equivalence};
use super::{Alternative, Data, Power, PowerMethod, Spec, Test};
use crate::model::Truth;

/// How the standard error of the difference is estimated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variance {
    /// Pooled over the two arms (Student), ν = n₁ + n₂ − 2.
    Pooled,
    /// Separate variances (Welch), Satterthwaite ν.
    Welch,
}

/// The difference of two independent arms' means, with Student's or
/// Welch's standard error.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TwoSample {
    /// Index of the treatment arm.
    pub treatment: usize,
    /// Index of the reference arm.
    pub reference: usize,
    /// Student or Welch.
    pub variance: Variance,
}

/// A two-sample t test of H₀: treatment − reference = shift.
pub type TTest = Directional<TwoSample>;
/// Equivalence of two independent means by TOST.
pub type Tost = Equivalence<TwoSample>;

impl TTest {
    /// The t test of H₀: treatment − reference = `shift`.
    pub fn new(treatment: usize, reference: usize, variance: Variance, shift: f64, alternative: Alternative) -> TTest {
        Directional { contrast: TwoSample { treatment, reference, variance }, shift, alternative }
    }
}

impl Tost {
    /// TOST of |treatment − reference| < `margin`.
    pub fn two_sample(treatment: usize, reference: usize, variance: Variance, margin: f64) -> Tost {
        let c = TwoSample { treatment, reference, variance };
        Equivalence {
            lower: Directional { contrast: c, shift: -margin, alternative: Alternative::Greater },
            upper: Directional { contrast: c, shift: margin, alternative: Alternative::Less },
            margin,
        }
    }
}

/// Registry constructor: Welch's test of the comparison's hypothesis.
pub fn build_welch(spec: &Spec) -> Box<dyn Test> {
    wrap(TwoSample { treatment: spec.arms[0], reference: spec.arms[1], variance: Variance::Welch }, spec)
}

/// Registry constructor: Student's test of the comparison's hypothesis.
pub fn build_student(spec: &Spec) -> Box<dyn Test> {
    wrap(TwoSample { treatment: spec.arms[0], reference: spec.arms[1], variance: Variance::Pooled }, spec)
}

impl TwoSample {
    fn design(&self, truth: &Truth, sizes: &[u32], delta: f64, alternative: Alternative) -> TwoSampleDesign {
        let (t, r) = (self.treatment, self.reference);
        TwoSampleDesign {
            variance: self.variance,
            alternative,
            delta,
            sd_treatment: truth.sds[t],
            sd_reference: truth.sds[r],
            n_treatment: sizes[t],
            n_reference: sizes[r],
        }
    }
}

impl Contrast for TwoSample {
    fn arms(&self) -> (usize, usize) {
        (self.treatment, self.reference)
    }

    #[inline]
    fn statistic(&self, data: &Data, shift: f64) -> (f64, f64) {
        let (a, b) = (data.arms[self.treatment], data.arms[self.reference]);
        let (na, nb) = (f64::from(a.n), f64::from(b.n));
        let diff = a.mean - b.mean - shift;
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

    #[inline]
    fn parts(&self, data: &Data, shift: f64) -> (f64, f64, f64) {
        let (a, b) = (data.arms[self.treatment], data.arms[self.reference]);
        let (na, nb) = (f64::from(a.n), f64::from(b.n));
        let num = a.mean - b.mean - shift;
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

    fn df_range(&self, sizes: &[u32]) -> (f64, f64) {
        // ν is fixed for Student; Welch's lies between min(n₁, n₂) − 1 and n₁ + n₂ − 2.
        let (a, b) = (f64::from(sizes[self.treatment]), f64::from(sizes[self.reference]));
        match self.variance {
            Variance::Pooled => (a + b - 2.0, a + b - 2.0),
            Variance::Welch => (a.min(b) - 1.0, a + b - 2.0),
        }
    }

    fn power(&self, truth: &Truth, sizes: &[u32], shift: f64, alternative: Alternative, level: f64) -> Option<Power> {
        let delta = truth.means[self.treatment] - truth.means[self.reference] - shift;
        Power::new(self.design(truth, sizes, delta, alternative).power(level), PowerMethod::NoncentralT)
    }

    fn tost_power(&self, truth: &Truth, sizes: &[u32], margin: f64, level: f64) -> Option<Power> {
        let delta = truth.means[self.treatment] - truth.means[self.reference];
        let design = self.design(truth, sizes, delta, Alternative::TwoSided);
        Power::new(design.tost_power(margin, level), PowerMethod::NoncentralT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::analysis::ArmSummary;

    fn arms() -> Data {
        // Welch's example data summarised: n = 10 and 15, means 5.0 and 4.0,
        // variances 1.0 and 4.0.
        let arms = vec![ArmSummary { n: 10, mean: 5.0, var: 1.0 }, ArmSummary { n: 15, mean: 4.0, var: 4.0 }];
        Data { arms, ..Data::default() }
    }

    #[test]
    fn statistics_match_hand_computation() {
        let s = arms();
        let t = TwoSample { treatment: 0, reference: 1, variance: Variance::Welch };
        let (stat, df) = t.statistic(&s, 0.0);
        // se² = 1/10 + 4/15 = 0.3666…; t = 1/√0.3666… = 1.6514;
        // ν = 0.3666…² / (0.01/9 + (4/15)²/14) = 0.134444/0.0061905 = 21.71795.
        assert!((stat - 1.651445647689541).abs() < 1e-12);
        assert!((df - 21.717_948_717_948_72).abs() < 1e-9);
        let p = TwoSample { variance: Variance::Pooled, ..t };
        let (stat, df) = p.statistic(&s, 0.0);
        // pooled var = (9·1 + 14·4)/23 = 2.8261; se = √(2.8261·(1/10 + 1/15)) = 0.68633.
        assert_eq!(df, 23.0);
        assert!((stat - 1.0 / (65.0_f64 / 23.0 * (1.0 / 10.0 + 1.0 / 15.0)).sqrt()).abs() < 1e-12);
    }

    #[test]
    fn shifted_and_tost_p_values() {
        let s = arms();
        let ni = TTest::new(0, 1, Variance::Welch, -1.0, Alternative::Greater);
        // Shifted by the margin, the statistic doubles: t = 2/√0.3666….
        let (stat, _) = ni.contrast.statistic(&s, ni.shift);
        assert!((stat - 2.0 * 1.651445647689541).abs() < 1e-12);
        let tost = Tost::two_sample(0, 1, Variance::Welch, 1.5);
        // Upper test: (1 − 1.5)/se = −0.8257 one-sided "less" p > 0.2, so TOST p is that.
        let p = tost.p_value(&s);
        assert!(p > 0.2 && p < 0.25, "{p}");
        assert_eq!(p, tost.upper.p_value(&s));
    }
}
