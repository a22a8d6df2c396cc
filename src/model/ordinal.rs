//! Ordered categorical outcomes (a clinical score such as the EAE score 0
//! to 5, a wound grade): each subject falls in one of K ordered
//! categories, with its arm's probabilities p₁ … p_K.
//!
//! An arm of n subjects is a multinomial draw, made exactly as K − 1
//! conditional binomials: x₁ ~ Binomial(n, p₁), then x_j ~ Binomial(n −
//! x₁ − … − x_{j−1}, p_j/(p_j + … + p_K)) (Devroye, *Non-Uniform Random
//! Variate Generation*, 1986, §XI.1.2), by `rand_distr`'s BTPE sampler.
//! The category counts are sufficient: the observations handed to a rank
//! test are each category's score repeated by its count, in order (the
//! order of observations within an arm changes no test).
//!
//! Scores are the user's numeric `categories`, or 0 … K − 1 for labels;
//! rank tests see only their order.

use rand_distr::{Binomial, Distribution};

use super::{DrawMode, Layout, OutcomeModel, Sampler, Truth};
use crate::analysis::{ArmSummary, Data};
use crate::engine::rng::ReplicateKey;
use crate::scenario::Scenario;

/// Ordered categories with their scores and each arm's probabilities.
#[derive(Debug, Clone, PartialEq)]
pub struct OrdinalModel {
    scores: Vec<f64>,
    probabilities: Vec<Vec<f64>>,
}

/// Registry constructor.
pub fn build(scenario: &Scenario) -> Box<dyn OutcomeModel> {
    let scores = scenario.outcome().categories.as_ref().map(|c| c.scores()).unwrap_or_default();
    let probabilities = scenario.arms().iter().map(|a| a.probabilities.clone().unwrap_or_default()).collect();
    Box::new(OrdinalModel { scores, probabilities })
}

/// The mean and SD of a score with these category probabilities.
pub fn moments(scores: &[f64], p: &[f64]) -> (f64, f64) {
    let mean = scores.iter().zip(p).map(|(s, p)| s * p).sum::<f64>();
    let var = scores.iter().zip(p).map(|(s, p)| p * (s - mean) * (s - mean)).sum::<f64>();
    (mean, var.sqrt())
}

/// P(a subject of the first arm scores higher than one of the second) +
/// ½ P(they tie): the quantity the Mann–Whitney test estimates.
pub fn probability_higher(first: &[f64], second: &[f64]) -> f64 {
    let mut below = 0.0; // P(second's category < j)
    let mut theta = 0.0;
    for (pa, pb) in first.iter().zip(second) {
        theta += pa * (below + 0.5 * pb);
        below += pb;
    }
    theta
}

impl OrdinalModel {
    /// A model with these scores and per-arm probabilities.
    pub fn new(scores: Vec<f64>, probabilities: Vec<Vec<f64>>) -> OrdinalModel {
        OrdinalModel { scores, probabilities }
    }
}

struct Arms {
    sizes: Vec<u32>,
    scores: Vec<f64>,
    /// Per arm and category: p_j / (p_j + … + p_K), the conditional probability.
    conditional: Vec<Vec<f64>>,
    mode: DrawMode,
}

impl Sampler for Arms {
    fn draw(&self, key: ReplicateKey, data: &mut Data) {
        for (arm, &n) in self.sizes.iter().enumerate() {
            let mut rng = key.arm(arm);
            let keep = self.mode == DrawMode::Raw;
            if keep {
                data.raw[arm].clear();
            }
            let (mut left, mut s1, mut s2) = (u64::from(n), 0.0, 0.0);
            let shift = self.scores[0];
            for (&score, &q) in self.scores.iter().zip(&self.conditional[arm]) {
                if left == 0 {
                    break;
                }
                let x = if q >= 1.0 {
                    left
                } else if q <= 0.0 {
                    0
                } else {
                    Binomial::new(left, q).map_or(0, |b| b.sample(&mut rng))
                };
                left -= x;
                let (xf, d) = (x as f64, score - shift);
                s1 += xf * d;
                s2 += xf * d * d;
                if keep {
                    data.raw[arm].extend(std::iter::repeat_n(score, x as usize));
                }
            }
            let nf = f64::from(n);
            let var = if n > 1 { ((s2 - s1 * s1 / nf) / (nf - 1.0)).max(0.0) } else { 0.0 };
            data.arms[arm] = ArmSummary { n, mean: shift + s1 / nf, var };
        }
    }
}

impl OutcomeModel for OrdinalModel {
    fn sampler(&self, _layout: Layout, sizes: &[u32], mode: DrawMode) -> Box<dyn Sampler> {
        let conditional = self
            .probabilities
            .iter()
            .map(|p| {
                let mut rest: f64 = p.iter().sum();
                p.iter()
                    .map(|&pj| {
                        let q = if rest > 0.0 { (pj / rest).min(1.0) } else { 1.0 };
                        rest -= pj;
                        q
                    })
                    .collect()
            })
            .collect();
        Box::new(Arms { sizes: sizes.to_vec(), scores: self.scores.clone(), conditional, mode })
    }

    fn has_summary_path(&self, layout: Layout) -> bool {
        layout == Layout::Independent
    }

    fn truth(&self) -> Truth {
        let (means, sds) = self.probabilities.iter().map(|p| moments(&self.scores, p)).unzip();
        Truth { means, sds, categories: self.probabilities.clone(), ..Truth::default() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_frequencies_follow_the_probabilities() {
        let p = vec![0.1, 0.2, 0.4, 0.2, 0.1];
        let model = OrdinalModel::new(vec![0.0, 1.0, 2.0, 3.0, 4.0], vec![p.clone()]);
        let s = model.sampler(Layout::Independent, &[100_000], DrawMode::Raw);
        let mut data = Data::new(1);
        s.draw(ReplicateKey::new(3, 0), &mut data);
        assert!(data.raw[0].windows(2).all(|w| w[0] <= w[1]));
        for (j, &pj) in p.iter().enumerate() {
            let share = data.raw[0].iter().filter(|&&v| v == j as f64).count() as f64 / 1e5;
            // 4 binomial SEs.
            assert!((share - pj).abs() < 4.0 * (pj * (1.0 - pj) / 1e5).sqrt(), "{j}: {share}");
        }
        let (mean, sd) = moments(&model.scores, &p);
        assert!((mean - 2.0).abs() < 1e-15 && (sd - 1.2f64.sqrt()).abs() < 1e-15);
    }

    #[test]
    fn probability_higher_counts_ties_as_half() {
        // Two categories: P(A > B) = 0.6·0.5 = 0.3, P(tie) = 0.4·0.5 + 0.6·0.5 = 0.5.
        assert!((probability_higher(&[0.4, 0.6], &[0.5, 0.5]) - 0.55).abs() < 1e-15);
        let p = [0.1, 0.2, 0.4, 0.2, 0.1];
        assert!((probability_higher(&p, &p) - 0.5).abs() < 1e-15);
    }
}
