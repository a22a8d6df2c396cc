//! Count outcomes (vessels per field, islets, hairs in a phototrichogram,
//! apoptotic cells): Poisson, or negative binomial when subjects vary more
//! than Poisson allows.
//!
//! Each arm has a rate (expected count per unit of exposure); a subject
//! observed for `exposure` units has mean μ = rate · exposure.
//!
//! - Poisson: Y ~ Poisson(μ). Summary path: the arm's total of n counts is
//!   Poisson(nμ) (the sum of independent Poisson variables is Poisson;
//!   Johnson, Kemp & Kotz, *Univariate Discrete Distributions*, 3rd ed.,
//!   §4.8), and the total is the sufficient statistic for μ, so drawing it
//!   directly is exact. `rand_distr`'s Poisson sampler (Knuth's product
//!   method below 12, the PTRS-style rejection method of Hörmann 1993
//!   above) draws it.
//! - Negative binomial with size k: Y | λ ~ Poisson(λ), λ ~ Gamma(k, μ/k),
//!   so E[Y] = μ and Var[Y] = μ + μ²/k (Johnson, Kemp & Kotz §5.3). Every
//!   observation is drawn: the dispersion's estimate needs them all.
//!
//! Exact power (Poisson): the two arms' totals are independent Poisson, so
//! summing their probabilities over the outcomes a test rejects gives the
//! power without Monte Carlo error, as for binary outcomes
//! ([`CountModel::exact_power`]), wherever the totals' range (to 10⁻¹³ in
//! each tail) has at most [`super::binary::EXACT_CELLS`] cells.
//!
//! The truth the closed forms read is on the log scale: an arm's "mean" is
//! ln μ and its "SD" √(1/μ + 1/k), so that the Wald variance of the log rate
//! ratio is SD_t²/n_t + SD_r²/n_r (k = ∞ for Poisson).

use rand_distr::{Distribution, Gamma, Poisson};
use statrs::distribution::{Discrete, DiscreteCDF, Poisson as PoissonPmf};

use super::{DrawMode, Layout, OutcomeModel, Sampler, Truth};
use crate::analysis::{ArmSummary, Data};
use crate::engine::rng::{ReplicateKey, StreamRng};
use crate::scenario::Scenario;

/// Counts with a mean per subject per arm.
#[derive(Debug, Clone, PartialEq)]
pub struct CountModel {
    /// μ per arm: the rate times the exposure.
    mus: Vec<f64>,
    /// The negative binomial's size k; `None`: Poisson.
    dispersion: Option<f64>,
}

/// Registry constructor for Poisson counts: the validated arms hold ln(rate).
pub fn build_poisson(scenario: &Scenario) -> Box<dyn OutcomeModel> {
    Box::new(CountModel { mus: mus(scenario), dispersion: None })
}

/// Registry constructor for negative binomial counts.
pub fn build_negative_binomial(scenario: &Scenario) -> Box<dyn OutcomeModel> {
    Box::new(CountModel { mus: mus(scenario), dispersion: scenario.outcome().dispersion })
}

fn mus(scenario: &Scenario) -> Vec<f64> {
    let exposure = scenario.outcome().exposure.unwrap_or(1.0);
    scenario.arms().iter().map(|a| a.mean.exp() * exposure).collect()
}

/// The SD of one subject on the log scale the closed forms use:
/// √(1/μ + 1/k) (k = ∞: Poisson).
pub fn log_scale_sd(mu: f64, dispersion: Option<f64>) -> f64 {
    (1.0 / mu + dispersion.map_or(0.0, |k| 1.0 / k)).sqrt()
}

impl CountModel {
    /// A model with these means per subject and dispersion (`None`: Poisson).
    pub fn new(mus: Vec<f64>, dispersion: Option<f64>) -> CountModel {
        CountModel { mus, dispersion }
    }
}

/// The summary of counts totalling `total` in `n` subjects, with the
/// variance `var` (Poisson summary path: the model's variance, the mean).
#[inline]
fn summary(total: f64, n: u32, var: Option<f64>) -> ArmSummary {
    let mean = total / f64::from(n);
    ArmSummary { n, mean, var: var.unwrap_or(mean) }
}

struct Arms {
    sizes: Vec<u32>,
    mus: Vec<f64>,
    /// Per arm: Poisson(μ) for each subject (Poisson model).
    each: Vec<Option<Poisson<f64>>>,
    /// Per arm: Poisson(nμ) for the total (Poisson model, summary path).
    totals: Vec<Option<Poisson<f64>>>,
    /// Per arm: Gamma(k, μ/k) for each subject's mean (negative binomial).
    gammas: Vec<Option<Gamma<f64>>>,
    mode: DrawMode,
}

/// One Poisson draw with a mean that changes from draw to draw.
#[inline]
fn poisson(lambda: f64, rng: &mut StreamRng) -> f64 {
    Poisson::new(lambda).map_or(0.0, |p| p.sample(rng))
}

impl Sampler for Arms {
    fn draw(&self, key: ReplicateKey, data: &mut Data) {
        for (arm, &n) in self.sizes.iter().enumerate() {
            let mut rng = key.arm(arm);
            if self.mode == DrawMode::Summaries {
                if let Some(total) = &self.totals[arm] {
                    data.arms[arm] = summary(total.sample(&mut rng), n, None);
                    continue;
                }
                if self.mus[arm] == 0.0 {
                    data.arms[arm] = summary(0.0, n, Some(0.0));
                    continue;
                }
            }
            let keep = self.mode == DrawMode::Raw;
            if keep {
                data.raw[arm].clear();
            }
            // Counts are integers: their sums are exact in f64.
            let (mut s1, mut s2) = (0.0, 0.0);
            for _ in 0..n {
                let y = match (&self.gammas[arm], &self.each[arm]) {
                    (Some(g), _) => poisson(g.sample(&mut rng), &mut rng),
                    (None, Some(p)) => p.sample(&mut rng),
                    (None, None) => 0.0,
                };
                s1 += y;
                s2 += y * y;
                if keep {
                    data.raw[arm].push(y);
                }
            }
            let nf = f64::from(n);
            let var = if n > 1 { ((s2 - s1 * s1 / nf) / (nf - 1.0)).max(0.0) } else { 0.0 };
            data.arms[arm] = summary(s1, n, Some(var));
        }
    }
}

impl OutcomeModel for CountModel {
    fn sampler(&self, _layout: Layout, sizes: &[u32], mode: DrawMode) -> Box<dyn Sampler> {
        let poisson_model = self.dispersion.is_none();
        let each = self.mus.iter().map(|&mu| Poisson::new(mu).ok().filter(|_| poisson_model)).collect();
        let totals = sizes
            .iter()
            .zip(&self.mus)
            .map(|(&n, &mu)| Poisson::new(f64::from(n) * mu).ok().filter(|_| poisson_model))
            .collect();
        let gammas = self.mus.iter().map(|&mu| self.dispersion.and_then(|k| Gamma::new(k, mu / k).ok())).collect();
        Box::new(Arms { sizes: sizes.to_vec(), mus: self.mus.clone(), each, totals, gammas, mode })
    }

    fn has_summary_path(&self, layout: Layout) -> bool {
        layout == Layout::Independent && self.dispersion.is_none()
    }

    fn truth(&self) -> Truth {
        Truth {
            means: self.mus.iter().map(|mu| mu.ln()).collect(),
            sds: self.mus.iter().map(|&mu| log_scale_sd(mu, self.dispersion)).collect(),
            ..Truth::default()
        }
    }

    fn exact_power(&self, sizes: &[u32], pair: (usize, usize), rejects: &dyn Fn(&Data) -> bool) -> Option<f64> {
        if self.dispersion.is_some() {
            return None;
        }
        let (t, r) = pair;
        // The totals' ranges, about ±7.5 SD each, must fit the cell budget:
        // checked before statrs is asked for quantiles of a huge mean.
        let width = |arm: usize| 15.0 * (f64::from(sizes[arm]) * self.mus[arm]).sqrt() + 2.0;
        if width(t) * width(r) > 2.0 * super::binary::EXACT_CELLS as f64 {
            return None;
        }
        let pmf = |arm: usize| -> Option<(u64, Vec<f64>)> {
            let lambda = f64::from(sizes[arm]) * self.mus[arm];
            let d = PoissonPmf::new(lambda).ok()?;
            let (lo, hi) = (d.inverse_cdf(1e-13).saturating_sub(1), d.inverse_cdf(1.0 - 1e-13) + 1);
            Some((lo, (lo..=hi).map(|x| d.pmf(x)).collect()))
        };
        let ((lo_t, ft), (lo_r, fr)) = (pmf(t)?, pmf(r)?);
        if (ft.len() as u64) * (fr.len() as u64) > super::binary::EXACT_CELLS {
            return None;
        }
        let mut data = Data::new(sizes.len());
        let mut power = 0.0;
        for (i, &pr) in fr.iter().enumerate() {
            data.arms[r] = summary((lo_r + i as u64) as f64, sizes[r], None);
            let mut row = 0.0;
            for (j, &pt) in ft.iter().enumerate() {
                data.arms[t] = summary((lo_t + j as u64) as f64, sizes[t], None);
                if rejects(&data) {
                    row += pt;
                }
            }
            power += pr * row;
        }
        Some(power.clamp(0.0, 1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::ReplicateKey;

    /// Mean and variance of many draws of one arm: the negative binomial's
    /// variance is μ + μ²/k, the Poisson's μ (Johnson, Kemp & Kotz §5.3).
    #[test]
    fn draws_have_the_model_moments() {
        for (dispersion, mu) in [(None, 4.0), (Some(2.0), 4.0), (Some(0.5), 10.0)] {
            let model = CountModel::new(vec![mu], dispersion);
            let s = model.sampler(Layout::Independent, &[200_000], DrawMode::Raw);
            let mut data = Data::new(1);
            s.draw(ReplicateKey::new(7, 0), &mut data);
            let a = ArmSummary::from_data(&data.raw[0]);
            let var = mu + dispersion.map_or(0.0, |k| mu * mu / k);
            // SE of the mean √(var/n); of the variance about var·√(2/n) and
            // more for heavy tails: 5% is over 6 SE at n = 200 000 for these.
            assert!((a.mean - mu).abs() < 4.0 * (var / 200_000.0).sqrt(), "{dispersion:?}: mean {}", a.mean);
            assert!((a.var / var - 1.0).abs() < 0.05, "{dispersion:?}: var {} vs {var}", a.var);
            assert!(data.raw[0].iter().all(|y| y.fract() == 0.0 && *y >= 0.0));
        }
    }
}
