//! Fisher's exact test of a 2 × 2 table (events and non-events in two
//! independent arms), as R's `fisher.test`.
//!
//! Given the margins, the number of events x in the treatment arm is
//! hypergeometric: P(x) ∝ C(n_t, x)·C(n_r, k − x), with k the total
//! number of events, on max(0, k − n_r) ≤ x ≤ min(k, n_t) (Fisher 1935,
//! *The Design of Experiments*, §2; Agresti, *Categorical Data Analysis*,
//! 3rd ed., §3.5). The two-sided p-value sums the probabilities of the
//! tables no more probable than the one observed, with R's relative
//! tolerance of 10⁻⁷ for ties; one-sided, P(X ≥ x) (more events under
//! treatment: R's `alternative = "greater"`, odds ratio > 1) or P(X ≤ x).
//!
//! The probabilities are computed by the ratio of successive terms from the
//! mode outward, scaled so the mode is 1: no factorials, no overflow, and
//! terms too small to matter underflow to zero.

use std::cell::RefCell;

use super::{Alternative, Data, Spec, Test};

/// R's relative tolerance for "no more probable than" (`fisher.test`).
const RELATIVE_TOLERANCE: f64 = 1e-7;

/// Fisher's exact test of treatment against reference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fisher {
    /// Index of the treatment arm.
    pub treatment: usize,
    /// Index of the reference arm.
    pub reference: usize,
    /// The alternative.
    pub alternative: Alternative,
}

/// Registry constructor (superiority only, as the registry says).
pub fn build(spec: &Spec) -> Box<dyn Test> {
    Box::new(Fisher { treatment: spec.arms[0], reference: spec.arms[1], alternative: spec.superiority })
}

thread_local! {
    /// Hypergeometric weights of one table's support, reused.
    static WEIGHTS: RefCell<Vec<f64>> = const { RefCell::new(Vec::new()) };
}

/// Fisher's p-value for x of m treated and k − x of n reference subjects
/// having the event.
pub fn p_value(x: u32, m: u32, k: u32, n: u32, alternative: Alternative) -> f64 {
    let lo = k.saturating_sub(n);
    let hi = k.min(m);
    if lo == hi {
        return 1.0;
    }
    let (mf, nf, kf) = (f64::from(m), f64::from(n), f64::from(k));
    // The mode of the hypergeometric distribution.
    let mode = (((kf + 1.0) * (mf + 1.0) / (mf + nf + 2.0)).floor() as u32).clamp(lo, hi);
    WEIGHTS.with(|cell| {
        let mut w = cell.borrow_mut();
        w.clear();
        w.resize((hi - lo + 1) as usize, 0.0);
        let at = |i: u32| (i - lo) as usize;
        w[at(mode)] = 1.0;
        for i in mode + 1..=hi {
            let f = f64::from(i);
            w[at(i)] = w[at(i - 1)] * ((mf - f + 1.0) * (kf - f + 1.0)) / (f * (nf - kf + f));
        }
        for i in (lo..mode).rev() {
            let f = f64::from(i);
            w[at(i)] = w[at(i + 1)] * ((f + 1.0) * (nf - kf + f + 1.0)) / ((mf - f) * (kf - f));
        }
        let total: f64 = w.iter().sum();
        let tail = match alternative {
            Alternative::Greater => w[at(x)..].iter().sum::<f64>(),
            Alternative::Less => w[..=at(x)].iter().sum::<f64>(),
            Alternative::TwoSided => {
                let bound = w[at(x)] * (1.0 + RELATIVE_TOLERANCE);
                w.iter().filter(|&&v| v <= bound).sum::<f64>()
            }
        };
        (tail / total).min(1.0)
    })
}

impl Test for Fisher {
    fn p_value(&self, data: &Data) -> f64 {
        let (a, b) = (data.arms[self.treatment], data.arms[self.reference]);
        let (x, y) = (super::events(&a), super::events(&b));
        p_value(x, a.n, x + y, b.n, self.alternative)
    }

    fn pair(&self) -> Option<(usize, usize)> {
        Some((self.treatment, self.reference))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_r_on_small_tables() {
        // Fisher's tea-tasting table: 3 of 4 cups right in each guess.
        // R 4.2.2: fisher.test(matrix(c(3, 1, 1, 3), 2))$p.value = 0.4857143
        // (= 34/70), and alternative = "greater" gives 0.2428571 (= 17/70).
        assert!((p_value(3, 4, 4, 4, Alternative::TwoSided) - 34.0 / 70.0).abs() < 1e-14);
        assert!((p_value(3, 4, 4, 4, Alternative::Greater) - 17.0 / 70.0).abs() < 1e-14);
        assert!((p_value(3, 4, 4, 4, Alternative::Less) - 69.0 / 70.0).abs() < 1e-14);
        // A degenerate table (no events at all) gives no evidence.
        assert_eq!(p_value(0, 10, 0, 10, Alternative::TwoSided), 1.0);
    }
}
