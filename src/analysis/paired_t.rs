//! The paired t test: the within-subject differences between two
//! conditions, tested against a shift with a one-sample t test.
//!
//! With n subjects, D̄ = ȳ_t − ȳ_r, s_D² = s_t² + s_r² − 2·s_tr (the
//! variance of the differences from the conditions' sample covariance
//! matrix, which is exactly the sample variance of the differences), and
//! T = (D̄ − shift)/(s_D/√n) on ν = n − 1 (Student 1908; e.g. Zar,
//! *Biostatistical Analysis*, 5th ed., §9.1).
//!
//! Power: T ~ t_ν(λ) with λ = (δ − shift)/(σ_D/√n), where
//! σ_D² = σ_t² + σ_r² − 2ρσ_tσ_r, i.e. Cohen's d_z = δ/σ_D (Cohen 1988,
//! §2.3.5; the formula of `pwr.t.test(type = "paired")` and G*Power's
//! "Means: difference between two dependent means").

use super::analytic::{t_power, tost_power};
use super::hypothesis::{wrap, Contrast};
use super::{Alternative, Data, Power, PowerMethod, Spec, Test};
use crate::model::Truth;

/// The mean within-subject difference between two conditions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairedDifference {
    /// Index of the treatment condition.
    pub treatment: usize,
    /// Index of the reference condition.
    pub reference: usize,
}

/// Registry constructor.
pub fn build(spec: &Spec) -> Box<dyn Test> {
    wrap(PairedDifference { treatment: spec.arms[0], reference: spec.arms[1] }, spec)
}

impl PairedDifference {
    /// σ_D and √n of the true differences.
    fn sd_and_root_n(&self, truth: &Truth, sizes: &[u32]) -> (f64, f64) {
        let (a, b) = (truth.sds[self.treatment], truth.sds[self.reference]);
        let var = a * a + b * b - 2.0 * truth.correlation * a * b;
        (var.max(0.0).sqrt(), f64::from(sizes[self.treatment]).sqrt())
    }
}

impl Contrast for PairedDifference {
    fn arms(&self) -> (usize, usize) {
        (self.treatment, self.reference)
    }

    #[inline]
    fn statistic(&self, data: &Data, shift: f64) -> (f64, f64) {
        let (num, se2, u) = self.parts(data, shift);
        (num / se2.sqrt(), 1.0 / u)
    }

    #[inline]
    fn parts(&self, data: &Data, shift: f64) -> (f64, f64, f64) {
        let (t, r) = (self.treatment, self.reference);
        let n = f64::from(data.arms[t].n);
        let var = (data.cov(t, t) + data.cov(r, r) - 2.0 * data.cov(t, r)).max(0.0);
        (data.arms[t].mean - data.arms[r].mean - shift, var / n, 1.0 / (n - 1.0))
    }

    fn df_range(&self, sizes: &[u32]) -> (f64, f64) {
        let df = f64::from(sizes[self.treatment]) - 1.0;
        (df, df)
    }

    fn power(&self, truth: &Truth, sizes: &[u32], shift: f64, alternative: Alternative, level: f64) -> Option<Power> {
        let (sd, root_n) = self.sd_and_root_n(truth, sizes);
        let delta = truth.means[self.treatment] - truth.means[self.reference] - shift;
        let df = f64::from(sizes[self.treatment]) - 1.0;
        Power::new(t_power(delta, sd / root_n, df, alternative, level), PowerMethod::NoncentralT)
    }

    fn tost_power(&self, truth: &Truth, sizes: &[u32], margin: f64, level: f64) -> Option<Power> {
        let (sd, root_n) = self.sd_and_root_n(truth, sizes);
        let delta = truth.means[self.treatment] - truth.means[self.reference];
        let df = f64::from(sizes[self.treatment]) - 1.0;
        Power::new(tost_power(delta, sd / root_n, df, margin, level), PowerMethod::NoncentralT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::hypothesis::p_value;
    use crate::analysis::ArmSummary;

    #[test]
    fn the_statistic_is_the_one_sample_t_of_the_differences() {
        // Student's sleep data (R's `sleep`, Cushny & Peebles): extra hours
        // of sleep under drug 2 and drug 1 in the same 10 patients.
        // R 4.2.2: t.test(extra ~ group, data = sleep, paired = TRUE) gives
        // t = -4.0621, df = 9, p-value = 0.002833 (group 1 − group 2).
        let g1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
        let g2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
        let (a, b) = (ArmSummary::from_data(&g1), ArmSummary::from_data(&g2));
        let cov = g1.iter().zip(&g2).map(|(x, y)| (x - a.mean) * (y - b.mean)).sum::<f64>() / 9.0;
        let data = Data { arms: vec![a, b], cov: vec![a.var, cov, cov, b.var], ..Data::default() };
        let (t, df) = PairedDifference { treatment: 0, reference: 1 }.statistic(&data, 0.0);
        assert_eq!(df, 9.0);
        assert!((t + 4.062_127_683_382_037).abs() < 1e-9, "{t}");
        let p = p_value(t, df, Alternative::TwoSided);
        assert!((p - 0.002_832_890_197_384_27).abs() < 1e-12, "{p}");
    }
}
