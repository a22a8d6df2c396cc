//! Time-to-event outcomes (survival, tumour-free time, time to wound
//! closure) with staggered entry, loss to follow-up and administrative
//! censoring.
//!
//! Each arm has a Weibull event time with a common shape κ (κ = 1:
//! exponential): S(t) = exp(−(λt)^κ), hazard κλ^κ t^(κ−1), median
//! (ln 2)^(1/κ)/λ, the parameterization of rpact's `lambda` and `kappa`.
//! Hazards are proportional across arms, with hazard ratio (λ_t/λ_r)^κ;
//! an arm's "mean" on the analysis scale is κ ln λ, so that differences
//! are log hazard ratios.
//!
//! A study enrols its subjects uniformly over the accrual period A and
//! follows everyone until F after the last entry: a subject entering at
//! u ~ U(0, A) is censored at A + F − u. Loss to follow-up is an
//! independent exponential time with hazard μ. Each subject's event time
//! is T = E^(1/κ)/λ with E ~ Exp(1) (inversion of S), its loss time
//! Exp(1)/μ; the observed time is the least of the three, an event when it
//! is T.
//!
//! The probability that a subject's event is observed (for the expected
//! number of events, and Schoenfeld's formula) is
//! P = ∫ f(t) e^(−μt) w(t) dt with w(t) = P(A + F − u > t) = 1 for t ≤ F
//! and (A + F − t)/A up to A + F; integrated by parts it is
//! 1 − ∫₀^(A+F) S(t) e^(−μt) (μ w(t) − w′(t)) dt, a bounded integrand
//! whatever κ, computed by composite Simpson's rule on [0, F] and
//! [F, A + F] (Collett, *Modelling Survival Data in Medical Research*,
//! 3rd ed., §10.2; for κ = 1 it equals the closed form
//! λ/(λ + μ)·[1 − (e^(−F a) − e^(−(A+F) a))/(A a)], a = λ + μ).

use rand::RngExt;
use rand_distr::{Distribution, Exp1};

use super::{DrawMode, Layout, OutcomeModel, Sampler, Truth};
use crate::analysis::{ArmSummary, Data};
use crate::engine::rng::ReplicateKey;
use crate::scenario::Scenario;

/// Weibull event times with proportional hazards, uniform accrual, fixed
/// follow-up and exponential loss.
#[derive(Debug, Clone, PartialEq)]
pub struct SurvivalModel {
    /// Per arm: the rate λ.
    lambdas: Vec<f64>,
    /// Study timing and loss.
    timing: Timing,
}

/// When subjects enter and leave: the same for every arm.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timing {
    /// The Weibull shape κ (1: exponential).
    pub shape: f64,
    /// Accrual period A (uniform entry).
    pub accrual: f64,
    /// Follow-up F after the last subject enters.
    pub follow_up: f64,
    /// Hazard of loss to follow-up μ, per time unit (0: none).
    pub loss: f64,
}

/// Registry constructor: the validated arms hold κ ln λ.
pub fn build(scenario: &Scenario) -> Box<dyn OutcomeModel> {
    let timing = scenario.outcome().timing().expect("a validated time-to-event outcome has its timing");
    let lambdas = scenario.arms().iter().map(|a| (a.mean / timing.shape).exp()).collect();
    Box::new(SurvivalModel { lambdas, timing })
}

/// The rate λ of a Weibull time with this median and shape.
pub fn rate_of_median(median: f64, shape: f64) -> f64 {
    std::f64::consts::LN_2.powf(1.0 / shape) / median
}

impl Timing {
    /// The probability that a subject with rate λ has an observed event.
    pub fn event_probability(&self, lambda: f64) -> f64 {
        let Timing { shape, accrual: a, follow_up: f, loss: mu } = *self;
        let s = |t: f64| (-(lambda * t).powf(shape) - mu * t).exp();
        // 1 − ∫ S e^(−μt) (μ w − w′): on [0, F] w = 1; on [F, A + F]
        // w = (A + F − t)/A, w′ = −1/A.
        let mut lost = mu * simpson(&s, 0.0, f);
        if a > 0.0 {
            lost += simpson(&|t: f64| s(t) * (mu * (a + f - t) + 1.0) / a, f, a + f);
        } else {
            // Everyone enters at 0 and is censored at F.
            lost += s(f);
        }
        (1.0 - lost).clamp(0.0, 1.0)
    }
}

/// ∫ₐᵇ g by composite Simpson's rule with 4096 panels.
fn simpson(g: &dyn Fn(f64) -> f64, a: f64, b: f64) -> f64 {
    if b <= a {
        return 0.0;
    }
    const PANELS: usize = 4096;
    let h = (b - a) / PANELS as f64;
    let inner: f64 = (1..PANELS).map(|i| g(a + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 }).sum();
    (g(a) + g(b) + inner) * h / 3.0
}

impl SurvivalModel {
    /// A model with these rates and timing.
    pub fn new(lambdas: Vec<f64>, timing: Timing) -> SurvivalModel {
        SurvivalModel { lambdas, timing }
    }
}

struct Arms {
    sizes: Vec<u32>,
    lambdas: Vec<f64>,
    timing: Timing,
}

impl Sampler for Arms {
    fn draw(&self, key: ReplicateKey, data: &mut Data) {
        let Timing { shape, accrual, follow_up, loss } = self.timing;
        let inverse_shape = 1.0 / shape;
        let end = accrual + follow_up;
        for (arm, (&n, &lambda)) in self.sizes.iter().zip(&self.lambdas).enumerate() {
            let mut rng = key.arm(arm);
            let (times, status) = (&mut data.raw[arm], &mut data.status[arm]);
            times.clear();
            status.clear();
            let mut events = 0u32;
            for _ in 0..n {
                let censor = end - accrual * rng.random::<f64>();
                let e: f64 = Exp1.sample(&mut rng);
                let l: f64 = if loss > 0.0 { Exp1.sample(&mut rng) } else { 0.0 };
                let t = if shape == 1.0 { e } else { e.powf(inverse_shape) } / lambda;
                let lost = if loss > 0.0 { l / loss } else { f64::INFINITY };
                let stop = censor.min(lost);
                let event = t <= stop;
                events += u32::from(event);
                times.push(t.min(stop));
                status.push(event);
            }
            data.arms[arm] = ArmSummary { n, mean: f64::from(events) / f64::from(n), var: 0.0 };
        }
    }
}

impl OutcomeModel for SurvivalModel {
    fn sampler(&self, _layout: Layout, sizes: &[u32], _mode: DrawMode) -> Box<dyn Sampler> {
        Box::new(Arms { sizes: sizes.to_vec(), lambdas: self.lambdas.clone(), timing: self.timing })
    }

    fn has_summary_path(&self, _layout: Layout) -> bool {
        false
    }

    fn truth(&self) -> Truth {
        Truth {
            means: self.lambdas.iter().map(|l| self.timing.shape * l.ln()).collect(),
            sds: vec![1.0; self.lambdas.len()],
            event_probability: self.lambdas.iter().map(|&l| self.timing.event_probability(l)).collect(),
            ..Truth::default()
        }
    }

    fn expected_events(&self, sizes: &[u32]) -> Option<f64> {
        Some(sizes.iter().zip(&self.lambdas).map(|(&n, &l)| f64::from(n) * self.timing.event_probability(l)).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MONTHLY_LOSS: f64 = 0.008_780_042_971_485_52; // −ln(0.9)/12

    #[test]
    fn event_probabilities_match_r() {
        // tests/references/survival.R.out part (c): accrual 12, follow-up
        // 12, 10% lost within 12 months; medians 12 and 18.
        let timing = Timing { shape: 1.0, accrual: 12.0, follow_up: 12.0, loss: MONTHLY_LOSS };
        let p = |median: f64, timing: Timing| timing.event_probability(rate_of_median(median, timing.shape));
        assert!((p(12.0, timing) - 0.598997366888297).abs() < 1e-10);
        assert!((p(18.0, timing) - 0.462002794575281).abs() < 1e-10);
        let weibull = Timing { shape: 1.5, ..timing };
        assert!((p(12.0, weibull) - 0.652398193510249).abs() < 1e-9);
        assert!((p(18.0, weibull) - 0.453335026900749).abs() < 1e-9);
    }

    #[test]
    fn draws_censor_where_the_design_says() {
        let timing = Timing { shape: 1.5, accrual: 12.0, follow_up: 12.0, loss: MONTHLY_LOSS };
        let lambda = rate_of_median(12.0, 1.5);
        let model = SurvivalModel::new(vec![lambda], timing);
        let s = model.sampler(Layout::Independent, &[100_000], DrawMode::Raw);
        let mut data = Data::new(1);
        s.draw(ReplicateKey::new(11, 0), &mut data);
        assert!(data.raw[0].iter().all(|&t| t > 0.0 && t <= 24.0));
        let share = data.arms[0].mean;
        let p = timing.event_probability(lambda);
        assert!((share - p).abs() < 4.0 * (p * (1.0 - p) / 1e5).sqrt(), "{share} vs {p}");
    }
}
