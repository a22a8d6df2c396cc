//! The Wald test of the log rate ratio of two arms of counts, as a
//! generalized linear model with a log link and the arm as the only factor
//! reports it: R's `glm(y ~ arm, family = poisson)` for Poisson counts,
//! `MASS::glm.nb(y ~ arm)` for negative binomial counts.
//!
//! With the arm as the only factor the fitted means are the arms' sample
//! means ȳ_t and ȳ_r, whatever the dispersion (the score equations of each
//! arm's coefficient involve that arm alone), so the estimate is
//! ln(ȳ_t/ȳ_r) and its Wald variance, from the Fisher information with
//! weights μ/(1 + μ/k), is
//! 1/(n_t ȳ_t) + 1/(n_r ȳ_r) + (1/n_t + 1/n_r)/k (k = ∞ for Poisson;
//! McCullagh & Nelder, *Generalized Linear Models*, 2nd ed., §2.5; Lawless
//! 1987, Can. J. Stat. 15:209–225). z = (ln(ȳ_t/ȳ_r) − shift)/SE against
//! the standard normal. An arm with no events has no finite estimate (the
//! GLM's coefficient runs off to −∞ with a huge SE): the test does not
//! reject.
//!
//! The negative binomial's size k is estimated by maximum likelihood given
//! the fitted means, as `MASS::theta.ml` does: the profile score
//! S(k) = Σᵢ [ψ(yᵢ + k) − ψ(k)] + Σᵢ ln(k/(k + μᵢ)) (the other terms cancel
//! because each arm's fitted mean is its sample mean) is solved by Newton's
//! method in ln k. S tends to 0 from above as k → ∞ exactly when the
//! squared deviations Σ(yᵢ − ȳ_arm)² do not exceed Σyᵢ (no overdispersion
//! beyond Poisson); the likelihood then increases without bound in k and
//! the estimate is k = ∞, the Poisson fit (where `glm.nb` stops at its
//! iteration limit with a large k and a warning; Lloyd-Smith 2007, PLoS ONE
//! 2:e180, on this boundary).
//!
//! Closed form beside the simulation: the normal approximation with the
//! Wald variance at the true means and dispersion,
//! Var = (1/μ_t + 1/k)/n_t + (1/μ_r + 1/k)/n_r, used both under the null
//! and the alternative: Zhu & Lakkis (2014, Stat. Med. 33:376–387) with
//! their variance V₀ = V₁, the one the Wald statistic itself uses.

use std::cell::RefCell;

use super::analytic::{z_power, z_tost_power};
use super::hypothesis::{wrap, Contrast};
use super::{Alternative, Data, Needs, Power, PowerMethod, Spec, Test};
use crate::model::Truth;
use crate::scenario::Distribution;
use crate::stats::special::digamma_run;

/// The log rate ratio of treatment to reference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogRateRatio {
    /// Index of the treatment arm.
    pub treatment: usize,
    /// Index of the reference arm.
    pub reference: usize,
    /// Estimate the negative binomial's size (else Poisson).
    pub overdispersed: bool,
}

/// Registry constructor.
pub fn build(spec: &Spec) -> Box<dyn Test> {
    let overdispersed = spec.outcome == Distribution::NegativeBinomial;
    wrap(LogRateRatio { treatment: spec.arms[0], reference: spec.arms[1], overdispersed }, spec)
}

thread_local! {
    /// Both arms' counts, sorted, reused from one study to the next.
    static COUNTS: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

/// The maximum likelihood estimate of the negative binomial size k for the
/// counts of two arms whose fitted means are their sample means `mt` and
/// `mr` (both > 0); `f64::INFINITY` when the counts are not overdispersed.
pub fn size_ml(t: &[f64], r: &[f64], mt: f64, mr: f64) -> f64 {
    let ss = |x: &[f64], m: f64| x.iter().map(|&y| (y - m) * (y - m)).sum::<f64>();
    let total = mt * t.len() as f64 + mr * r.len() as f64;
    let ss = ss(t, mt) + ss(r, mr);
    if ss <= total {
        return f64::INFINITY;
    }
    let (nt, nr, n) = (t.len() as f64, r.len() as f64, (t.len() + r.len()) as f64);
    COUNTS.with(|cell| {
        let y = &mut *cell.borrow_mut();
        y.clear();
        y.extend(t.iter().chain(r).map(|&v| v as u64));
        y.sort_unstable();
        // S(k) and dS/dk: Σ over runs of equal counts; the observations at
        // or above a value contribute to every term below it.
        let score = |k: f64| -> (f64, f64) {
            let (mut s, mut ds) = (0.0, 0.0);
            let (mut prev, mut i) = (0u64, 0usize);
            while i < y.len() {
                let v = y[i];
                let above = (y.len() - i) as f64;
                let (a, da) = digamma_run(k + prev as f64, v - prev);
                s += above * a;
                ds += above * da;
                while i < y.len() && y[i] == v {
                    i += 1;
                }
                prev = v;
            }
            s -= nt * (mt / k).ln_1p() + nr * (mr / k).ln_1p();
            ds += n / k - nt / (k + mt) - nr / (k + mr);
            (s, ds)
        };
        // Start where MASS::theta.ml starts: n / Σ (y/μ − 1)².
        let dev = t.iter().map(|&v| (v / mt - 1.0).powi(2)).sum::<f64>()
            + r.iter().map(|&v| (v / mr - 1.0).powi(2)).sum::<f64>();
        let mut phi = (n / dev).ln().clamp(-30.0, 30.0);
        for _ in 0..100 {
            let k = phi.exp();
            let (s, ds) = score(k);
            let slope = k * ds;
            let step = if slope < 0.0 { (-s / slope).clamp(-2.0, 2.0) } else { 1.0f64.copysign(s) };
            phi += step;
            // Newton converges quadratically: after a step below 1e-7 the
            // error is of the order of its square, far below what the
            // p-value can feel (and below glm.nb's own tolerance).
            if step.abs() < 1e-7 {
                break;
            }
        }
        phi.exp()
    })
}

impl LogRateRatio {
    /// (estimate, variance) in one study; `None` when an arm has no events.
    fn estimate(&self, data: &Data) -> Option<(f64, f64)> {
        let (t, r) = (&data.arms[self.treatment], &data.arms[self.reference]);
        if !(t.mean > 0.0 && r.mean > 0.0) {
            return None;
        }
        let (nt, nr) = (f64::from(t.n), f64::from(r.n));
        let mut var = 1.0 / (nt * t.mean) + 1.0 / (nr * r.mean);
        if self.overdispersed {
            let k = size_ml(&data.raw[self.treatment], &data.raw[self.reference], t.mean, r.mean);
            var += (1.0 / nt + 1.0 / nr) / k;
        }
        Some(((t.mean / r.mean).ln(), var))
    }

    fn truth_se(&self, truth: &Truth, sizes: &[u32]) -> (f64, f64) {
        let (t, r) = (self.treatment, self.reference);
        let var = truth.sds[t].powi(2) / f64::from(sizes[t]) + truth.sds[r].powi(2) / f64::from(sizes[r]);
        (truth.means[t] - truth.means[r], var.sqrt())
    }
}

impl Contrast for LogRateRatio {
    fn arms(&self) -> (usize, usize) {
        (self.treatment, self.reference)
    }

    fn needs(&self) -> Needs {
        if self.overdispersed {
            Needs::Raw
        } else {
            Needs::Summaries
        }
    }

    fn statistic(&self, data: &Data, shift: f64) -> (f64, f64) {
        match self.estimate(data) {
            Some((est, var)) => ((est - shift) / var.sqrt(), f64::INFINITY),
            None => (f64::NAN, f64::INFINITY),
        }
    }

    fn df_range(&self, _sizes: &[u32]) -> (f64, f64) {
        (f64::INFINITY, f64::INFINITY)
    }

    fn power(&self, truth: &Truth, sizes: &[u32], shift: f64, alternative: Alternative, level: f64) -> Option<Power> {
        let (delta, se) = self.truth_se(truth, sizes);
        Power::new(z_power(delta - shift, se, alternative, level), PowerMethod::NormalApproximation)
    }

    fn tost_power(&self, truth: &Truth, sizes: &[u32], margin: f64, level: f64) -> Option<Power> {
        let (delta, se) = self.truth_se(truth, sizes);
        Power::new(z_tost_power(delta, se, margin, level), PowerMethod::NormalApproximation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use statrs::function::gamma::ln_gamma;

    /// The profile log-likelihood of k, from ln Γ directly.
    fn loglik(y: &[f64], mu: &[f64], k: f64) -> f64 {
        y.iter()
            .zip(mu)
            .map(|(&y, &m)| {
                ln_gamma(y + k) - ln_gamma(k) - ln_gamma(y + 1.0) + k * (k / (k + m)).ln() + y * (m / (k + m)).ln()
            })
            .sum()
    }

    #[test]
    fn size_maximizes_the_likelihood() {
        let r = [0.0, 3.0, 1.0, 7.0, 2.0, 0.0, 5.0, 12.0, 1.0, 4.0];
        let t = [4.0, 9.0, 2.0, 15.0, 6.0, 1.0, 11.0, 20.0, 3.0, 8.0, 0.0, 14.0];
        let (mt, mr) = (t.iter().sum::<f64>() / 12.0, r.iter().sum::<f64>() / 10.0);
        let k = size_ml(&t, &r, mt, mr);
        let y: Vec<f64> = t.iter().chain(&r).copied().collect();
        let mu: Vec<f64> = (0..22).map(|i| if i < 12 { mt } else { mr }).collect();
        eprintln!("k = {k}");
        for f in [0.99, 1.01] {
            assert!(loglik(&y, &mu, k) > loglik(&y, &mu, k * f), "{k}");
        }
    }
}
