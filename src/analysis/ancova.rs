//! Analysis of covariance: the t test of a treatment's coefficient in the
//! linear model outcome ~ arm + baseline fitted to every arm of the study,
//! as R's `summary(lm(y ~ group + baseline))` reports it.
//!
//! With per-arm means (x̄_g, ȳ_g) and within-arm sums of squares and
//! products S_xx, S_xy, S_yy pooled over the k arms, the common slope is
//! b = S_xy/S_xx, the residual sum of squares S_yy − S_xy²/S_xx on
//! N − k − 1 degrees of freedom gives s², and the adjusted difference
//! (ȳ_t − ȳ_r) − b(x̄_t − x̄_r) has variance
//! s²(1/n_t + 1/n_r + (x̄_t − x̄_r)²/S_xx) (Snedecor & Cochran, *Statistical
//! Methods*, 8th ed., §18.3; Montgomery, *Design and Analysis of
//! Experiments*, §15.3). These are sufficient statistics, so the summary
//! path draws them directly ([`crate::model::baseline`]).
//!
//! Closed form beside the simulation: the noncentral t with the outcome's
//! variance deflated by the baseline's share, σ²(1 − ρ²), and the degrees
//! of freedom N − k − 1 (one fewer than without the baseline), which
//! ignores the chance imbalance of the baseline means (x̄_t − x̄_r)²/S_xx
//! (of order 1/N; Borm, Fransen & Lemmens 2007, J. Clin. Epidemiol.
//! 60:1234–1238, give the design factor 1 − ρ²).

use super::hypothesis::{wrap, ModelContrast};
use super::{Data, Spec, Test};
use crate::model::Truth;

/// The baseline-adjusted difference of treatment and reference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdjustedDifference {
    /// Index of the treatment arm.
    pub treatment: usize,
    /// Index of the reference arm.
    pub reference: usize,
}

/// Registry constructor.
pub fn build(spec: &Spec) -> Box<dyn Test> {
    wrap(AdjustedDifference { treatment: spec.arms[0], reference: spec.arms[1] }, spec)
}

impl ModelContrast for AdjustedDifference {
    fn arms(&self) -> (usize, usize) {
        (self.treatment, self.reference)
    }

    #[inline]
    fn pieces(&self, data: &Data, shift: f64) -> (f64, f64, f64) {
        let (mut sxx, mut sxy, mut syy, mut total) = (0.0, 0.0, 0.0, 0.0);
        for (a, b) in data.arms.iter().zip(&data.baseline) {
            let d = f64::from(a.n) - 1.0;
            sxx += d * b.var;
            sxy += d * b.cov;
            syy += d * a.var;
            total += f64::from(a.n);
        }
        let df = total - data.arms.len() as f64 - 1.0;
        let slope = sxy / sxx;
        let s2 = (syy - sxy * slope).max(0.0) / df;
        let (t, r) = (self.treatment, self.reference);
        let (at, ar) = (&data.arms[t], &data.arms[r]);
        let gap = data.baseline[t].mean - data.baseline[r].mean;
        let est = (at.mean - ar.mean) - slope * gap;
        let var = s2 * (1.0 / f64::from(at.n) + 1.0 / f64::from(ar.n) + gap * gap / sxx);
        (est - shift, var, 1.0 / df)
    }

    fn df(&self, sizes: &[u32]) -> f64 {
        sizes.iter().map(|&n| f64::from(n)).sum::<f64>() - sizes.len() as f64 - 1.0
    }

    fn closed(&self, truth: &Truth, sizes: &[u32]) -> Option<(f64, f64)> {
        let (t, r) = (self.treatment, self.reference);
        let shrink = 1.0 - truth.correlation * truth.correlation;
        let var = shrink * (truth.sds[t].powi(2) / f64::from(sizes[t]) + truth.sds[r].powi(2) / f64::from(sizes[r]));
        Some((truth.means[t] - truth.means[r], var.sqrt()))
    }
}
