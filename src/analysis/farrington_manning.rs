//! The Farrington–Manning score test on the risk difference of two
//! independent binomials, and Pearson's chi-squared test as its special
//! case at a null difference of zero.
//!
//! For H₀: p_t − p_r = s, the statistic is
//! z = (p̂_t − p̂_r − s)/√(p̃_t(1 − p̃_t)/n_t + p̃_r(1 − p̃_r)/n_r), where
//! (p̃_t, p̃_r = p̃_t − s) is the maximum-likelihood estimate under H₀, the
//! root of a cubic in closed form (Farrington & Manning 1990, "Test
//! statistics and sample size formulae for comparative binomial trials
//! with null hypothesis of non-zero risk difference or non-unity relative
//! risk", Stat. Med. 9:1447–1454, eq. 3 and Appendix; the same as
//! Miettinen & Nurminen 1985 without their n/(n − 1) factor). At s = 0 the
//! restricted estimate is the pooled proportion and z² is Pearson's X² of
//! the 2 × 2 table without continuity correction, so `chisq` is this
//! contrast at s = 0 (R: `chisq.test(correct = FALSE)`, two-sided; the
//! one-sided version is the signed root).
//!
//! Closed form beside the simulation: the normal approximation of
//! Farrington & Manning (1990, eq. 4), with the null variance from the
//! restricted estimate at the true proportions; the binary model adds the
//! exact power by enumeration where that is cheap.

use super::hypothesis::{wrap, Contrast};
use super::{Alternative, Data, Power, PowerMethod, Spec, Test};
use crate::model::Truth;
use crate::scenario::Hypothesis;
use crate::stats::normal;

/// The risk difference treatment − reference, with the score test's
/// standard error.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RiskDifference {
    /// Index of the treatment arm.
    pub treatment: usize,
    /// Index of the reference arm.
    pub reference: usize,
}

/// Registry constructor: the Farrington–Manning test of the comparison's
/// hypothesis (margins in probability units).
pub fn build(spec: &Spec) -> Box<dyn Test> {
    wrap(RiskDifference { treatment: spec.arms[0], reference: spec.arms[1] }, spec)
}

/// Registry constructor: Pearson's chi-squared test (superiority only).
pub fn build_chisq(spec: &Spec) -> Box<dyn Test> {
    debug_assert_eq!(spec.hypothesis, Hypothesis::Superiority);
    build(spec)
}

/// The maximum-likelihood (p̃_t, p̃_r) under p_t − p_r = `s`, given the
/// observed (or true) proportions and sizes.
pub fn restricted(p1: f64, n1: f64, p2: f64, n2: f64, s: f64) -> (f64, f64) {
    if s == 0.0 {
        let pooled = (n1 * p1 + n2 * p2) / (n1 + n2);
        return (pooled, pooled);
    }
    let theta = n2 / n1;
    let a = 1.0 + theta;
    let b = -(1.0 + theta + p1 + theta * p2 + s * (theta + 2.0));
    let c = s * s + s * (2.0 * p1 + theta + 1.0) + p1 + theta * p2;
    let d = -p1 * s * (1.0 + s);
    let v = b * b * b / (27.0 * a * a * a) - b * c / (6.0 * a * a) + d / (2.0 * a);
    let u = v.signum() * (b * b / (9.0 * a * a) - c / (3.0 * a)).max(0.0).sqrt();
    let cos_arg = if u == 0.0 { 0.0 } else { (v / (u * u * u)).clamp(-1.0, 1.0) };
    let w = (std::f64::consts::PI + cos_arg.acos()) / 3.0;
    let t1 = (2.0 * u * w.cos() - b / (3.0 * a)).clamp(0.0, 1.0);
    let t2 = (t1 - s).clamp(0.0, 1.0);
    (t1, t2)
}

/// √ of the variance of p̂_t − p̂_r at proportions (p1, p2).
fn se(p1: f64, n1: f64, p2: f64, n2: f64) -> f64 {
    (p1 * (1.0 - p1) / n1 + p2 * (1.0 - p2) / n2).sqrt()
}

impl RiskDifference {
    fn truth(&self, truth: &Truth, sizes: &[u32]) -> (f64, f64, f64, f64) {
        let (t, r) = (self.treatment, self.reference);
        (truth.means[t], f64::from(sizes[t]), truth.means[r], f64::from(sizes[r]))
    }

    /// Φ((δ − s − z·σ₀)/σ₁): the approximate probability that the score
    /// statistic for H₀: Δ = s exceeds z, oriented by `sign` (+1: large
    /// differences, −1: small).
    fn tail(&self, p: (f64, f64, f64, f64), s: f64, z: f64, sign: f64) -> f64 {
        let (p1, n1, p2, n2) = p;
        let (r1, r2) = restricted(p1, n1, p2, n2, s);
        let (s0, s1) = (se(r1, n1, r2, n2), se(p1, n1, p2, n2));
        normal::cdf((sign * (p1 - p2 - s) - z * s0) / s1)
    }
}

impl Contrast for RiskDifference {
    fn arms(&self) -> (usize, usize) {
        (self.treatment, self.reference)
    }

    fn statistic(&self, data: &Data, shift: f64) -> (f64, f64) {
        let (a, b) = (data.arms[self.treatment], data.arms[self.reference]);
        let (n1, n2) = (f64::from(a.n), f64::from(b.n));
        let (r1, r2) = restricted(a.mean, n1, b.mean, n2, shift);
        ((a.mean - b.mean - shift) / se(r1, n1, r2, n2), f64::INFINITY)
    }

    fn df_range(&self, _sizes: &[u32]) -> (f64, f64) {
        (f64::INFINITY, f64::INFINITY)
    }

    fn binary(&self) -> bool {
        true
    }

    fn power(&self, truth: &Truth, sizes: &[u32], shift: f64, alternative: Alternative, level: f64) -> Option<Power> {
        let p = self.truth(truth, sizes);
        let value = match alternative {
            Alternative::TwoSided => {
                let z = normal::quantile(1.0 - level / 2.0);
                self.tail(p, shift, z, 1.0) + self.tail(p, shift, z, -1.0)
            }
            Alternative::Greater => self.tail(p, shift, normal::quantile(1.0 - level), 1.0),
            Alternative::Less => self.tail(p, shift, normal::quantile(1.0 - level), -1.0),
        };
        Power::new(value, PowerMethod::NormalApproximation)
    }

    fn tost_power(&self, truth: &Truth, sizes: &[u32], margin: f64, level: f64) -> Option<Power> {
        let p = self.truth(truth, sizes);
        let z = normal::quantile(1.0 - level);
        let both = self.tail(p, -margin, z, 1.0) + self.tail(p, margin, z, -1.0) - 1.0;
        Power::new(both.max(0.0), PowerMethod::NormalApproximation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::hypothesis::p_value;
    use crate::analysis::ArmSummary;

    fn table(x1: u32, n1: u32, x2: u32, n2: u32) -> Data {
        let arm = |x: u32, n: u32| ArmSummary { n, mean: f64::from(x) / f64::from(n), var: 0.0 };
        Data { arms: vec![arm(x1, n1), arm(x2, n2)], ..Data::default() }
    }

    #[test]
    fn at_zero_it_is_pearsons_chi_squared() {
        // 3/20 vs 10/20, R 4.2.2 (tests/references/binary_exact.R.out):
        // chisq.test(matrix(c(3,17,10,10),2), correct = FALSE) gives
        // X-squared = 5.58404558404558, p-value = 0.0181248071506895; also
        // 7/12 vs 2/15: 6.075, 0.0137108300781332.
        let rd = RiskDifference { treatment: 0, reference: 1 };
        let (z, df) = rd.statistic(&table(3, 20, 10, 20), 0.0);
        assert!(df.is_infinite());
        assert!((z * z - 5.584_045_584_045_58).abs() < 1e-9, "{}", z * z);
        assert!((p_value(z, df, Alternative::TwoSided) - 0.018_124_807_150_689_5).abs() < 1e-12);
        let (z, _) = rd.statistic(&table(7, 12, 2, 15), 0.0);
        assert!((z * z - 6.075).abs() < 1e-9);
        assert!((p_value(z, df, Alternative::TwoSided) - 0.013_710_830_078_133_2).abs() < 1e-12);
    }

    #[test]
    fn score_statistics_match_rpact() {
        // Farrington–Manning z for H₀: p_t − p_r = −margin, R 4.2.2 with
        // rpact 3.3.4 (tests/references/farrington_manning.R.out: restricted
        // estimates identical to rpact:::.getFarringtonManningValues).
        let rd = RiskDifference { treatment: 0, reference: 1 };
        let cases = [
            ((40, 50, 42, 50, 0.1), 0.776_931_956_731_231, 0.218_599_457_996_276),
            ((30, 50, 35, 50, 0.15), 0.529_862_854_361_317, 0.298_103_511_088_741),
            ((70, 100, 72, 100, 0.1), 1.249_172_818_919_21, 0.105_800_935_652_971),
            ((18, 20, 20, 20, 0.2), 1.118_033_988_749_9, 0.131_776_238_641_486),
        ];
        for ((x1, n1, x2, n2, m), z_ref, p_ref) in cases {
            let (z, df) = rd.statistic(&table(x1, n1, x2, n2), -m);
            assert!((z - z_ref).abs() < 1e-9, "{x1}/{n1} {x2}/{n2}: {z}");
            assert!((p_value(z, df, Alternative::Greater) - p_ref).abs() < 1e-9);
        }
    }

    #[test]
    fn the_restricted_estimate_satisfies_the_null_and_maximizes_the_likelihood() {
        // At the boundary (20/20 events) R gives (0.8, 1) exactly.
        let (r1, r2) = restricted(0.9, 20.0, 1.0, 20.0, -0.2);
        assert!((r1 - 0.8).abs() < 1e-12 && (r2 - 1.0).abs() < 1e-12, "{r1} {r2}");
        for &(x1, n1, x2, n2, s) in
            &[(40u32, 50u32, 42u32, 50u32, -0.1), (30, 50, 35, 50, -0.15), (70, 100, 72, 100, -0.1)]
        {
            let (p1, p2) = (f64::from(x1) / f64::from(n1), f64::from(x2) / f64::from(n2));
            let (r1, r2) = restricted(p1, f64::from(n1), p2, f64::from(n2), s);
            assert!((r1 - r2 - s).abs() < 1e-12);
            let ll = |a: f64| {
                let b = a - s;
                f64::from(x1) * a.ln()
                    + f64::from(n1 - x1) * (1.0 - a).ln()
                    + f64::from(x2) * b.ln()
                    + f64::from(n2 - x2) * (1.0 - b).ln()
            };
            assert!(ll(r1) >= ll(r1 + 1e-6) && ll(r1) >= ll(r1 - 1e-6), "{x1}/{n1} {x2}/{n2} {s}");
        }
    }
}
