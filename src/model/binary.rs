//! The binary outcome model: each subject has the event with its arm's
//! probability p, independently.
//!
//! Summary path: the number of events in an arm of n is Binomial(n, p),
//! drawn directly by `rand_distr`'s BTPE sampler (Kachitvichyanukul &
//! Schmeiser 1988, "Binomial random variate generation", CACM 31:216–222):
//! the count is the sufficient statistic, so this is exact. Raw path: n
//! Bernoulli draws. The arm's summary holds the proportion as its mean and
//! the sample variance x(n − x)/(n(n − 1)).
//!
//! Exact power: with two arms of sizes n_t and n_r, there are
//! (n_t + 1)(n_r + 1) possible outcomes; summing the binomial
//! probabilities of those the test rejects gives the power with no Monte
//! Carlo error ([`BinaryModel::exact_power`], up to [`EXACT_CELLS`]
//! outcomes).

use rand::RngExt;
use rand_distr::{Binomial, Distribution};
use statrs::distribution::{Binomial as BinomialPmf, Discrete};

use super::{DrawMode, Layout, OutcomeModel, Sampler, Truth};
use crate::analysis::{ArmSummary, Data};
use crate::engine::rng::ReplicateKey;
use crate::scenario::Scenario;

/// Most outcomes enumerated for the exact power (about 200 per arm).
pub const EXACT_CELLS: u64 = 40_401;

/// Binary outcomes with a probability per arm.
#[derive(Debug, Clone, PartialEq)]
pub struct BinaryModel {
    ps: Vec<f64>,
}

/// Registry constructor.
pub fn build(scenario: &Scenario) -> Box<dyn OutcomeModel> {
    Box::new(BinaryModel { ps: scenario.arms().iter().map(|a| a.mean).collect() })
}

/// The summary of x events in n.
#[inline]
pub fn summary(x: u64, n: u32) -> ArmSummary {
    let (xf, nf) = (x as f64, f64::from(n));
    let var = if n > 1 { xf * (nf - xf) / (nf * (nf - 1.0)) } else { 0.0 };
    ArmSummary { n, mean: xf / nf, var }
}

struct Arms {
    sizes: Vec<u32>,
    ps: Vec<f64>,
    binomials: Vec<Option<Binomial>>,
    mode: DrawMode,
}

impl Sampler for Arms {
    fn draw(&self, key: ReplicateKey, data: &mut Data) {
        for (arm, (&n, &p)) in self.sizes.iter().zip(&self.ps).enumerate() {
            let mut rng = key.arm(arm);
            let x = match (self.mode, &self.binomials[arm]) {
                (DrawMode::Summaries, Some(b)) => b.sample(&mut rng),
                (mode, _) => {
                    let keep = mode == DrawMode::Raw;
                    if keep {
                        data.raw[arm].clear();
                    }
                    let mut x = 0u64;
                    for _ in 0..n {
                        let event = rng.random::<f64>() < p;
                        x += u64::from(event);
                        if keep {
                            data.raw[arm].push(f64::from(u8::from(event)));
                        }
                    }
                    x
                }
            };
            data.arms[arm] = summary(x, n);
        }
    }
}

impl OutcomeModel for BinaryModel {
    fn sampler(&self, _layout: Layout, sizes: &[u32], mode: DrawMode) -> Box<dyn Sampler> {
        let binomials = sizes.iter().zip(&self.ps).map(|(&n, &p)| Binomial::new(u64::from(n), p).ok()).collect();
        Box::new(Arms { sizes: sizes.to_vec(), ps: self.ps.clone(), binomials, mode })
    }

    fn has_summary_path(&self, layout: Layout) -> bool {
        layout == Layout::Independent
    }

    fn truth(&self) -> Truth {
        Truth {
            means: self.ps.clone(),
            sds: self.ps.iter().map(|p| (p * (1.0 - p)).sqrt()).collect(),
            ..Truth::default()
        }
    }

    fn exact_power(&self, sizes: &[u32], pair: (usize, usize), rejects: &dyn Fn(&Data) -> bool) -> Option<f64> {
        let (t, r) = pair;
        let (nt, nr) = (sizes[t], sizes[r]);
        if (u64::from(nt) + 1) * (u64::from(nr) + 1) > EXACT_CELLS {
            return None;
        }
        let pmf = |n: u32, p: f64| -> Option<Vec<f64>> {
            let b = BinomialPmf::new(p, u64::from(n)).ok()?;
            Some((0..=u64::from(n)).map(|x| b.pmf(x)).collect())
        };
        let (ft, fr) = (pmf(nt, self.ps[t])?, pmf(nr, self.ps[r])?);
        let mut data = Data::new(sizes.len());
        let mut power = 0.0;
        for (xr, &pr) in fr.iter().enumerate() {
            if pr == 0.0 {
                continue;
            }
            data.arms[r] = summary(xr as u64, nr);
            let mut row = 0.0;
            for (xt, &pt) in ft.iter().enumerate() {
                if pt == 0.0 {
                    continue;
                }
                data.arms[t] = summary(xt as u64, nt);
                if rejects(&data) {
                    row += pt;
                }
            }
            power += pr * row;
        }
        Some(power.clamp(0.0, 1.0))
    }
}
