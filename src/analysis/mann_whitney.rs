//! The Wilcoxon rank-sum (Mann–Whitney) test of two independent arms, by
//! the normal approximation with the tie correction and a continuity
//! correction, as R's `wilcox.test(x, y, exact = FALSE, correct = TRUE)`.
//!
//! The m + n observations are ranked together with mid-ranks for ties;
//! W = (sum of the treatment arm's ranks) − m(m + 1)/2. Under H₀,
//! E[W] = mn/2 and Var[W] = mn/12 · (N + 1 − Σ(t³ − t)/(N(N − 1))) over tie
//! groups of size t, N = m + n; z = (W − mn/2 − c)/√Var[W] with the
//! continuity correction c = ½·sign(W − mn/2) two-sided, ½ for "greater",
//! −½ for "less" (Mann & Whitney 1947, Ann. Math. Stat. 18:50–60; Hollander,
//! Wolfe & Chicken, *Nonparametric Statistical Methods*, 3rd ed., §4.1).
//!
//! Closed form beside the simulation: Noether's (1987, JASA 82:645–647)
//! normal approximation, power ≈ Φ(|p₁ − ½|·√(12mn/(N + 1)) − z), with
//! p₁ = P(X_t > X_r) = Φ(δ/√(σ_t² + σ_r²)) for normal arms and z the
//! critical value of the level (split over both tails when two-sided).

use std::cell::RefCell;

use super::{Alternative, Data, Needs, Power, PowerMethod, Spec, Test};
use crate::model::Truth;
use crate::stats::normal;

/// The rank-sum test of treatment against reference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankSum {
    /// Index of the treatment arm.
    pub treatment: usize,
    /// Index of the reference arm.
    pub reference: usize,
    /// The alternative.
    pub alternative: Alternative,
}

/// Registry constructor (superiority only, as the registry says).
pub fn build(spec: &Spec) -> Box<dyn Test> {
    Box::new(RankSum { treatment: spec.arms[0], reference: spec.arms[1], alternative: spec.superiority })
}

thread_local! {
    /// The two arms' values of one simulated study, sorted in place, reused.
    static SORTED: RefCell<(Vec<u64>, Vec<u64>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

/// An integer with the order of the doubles (finite ones; −0 as +0), so
/// that sorting and tie detection compare integers.
#[inline]
fn key(x: f64) -> u64 {
    let b = (x + 0.0).to_bits();
    if b >> 63 == 1 {
        !b
    } else {
        b | (1 << 63)
    }
}

impl RankSum {
    /// (W, z) for the treatment values `x` and reference values `y`;
    /// `None` when either arm is empty or every value is tied.
    ///
    /// Each arm is sorted on its own (as order-preserving integer keys) and
    /// the two are merged: a tie group is the run of equal values across
    /// both, whose members share the mean of its ranks.
    pub fn statistic(&self, x: &[f64], y: &[f64]) -> Option<(f64, f64)> {
        if x.is_empty() || y.is_empty() {
            return None;
        }
        let (rank_sum, ties) = SORTED.with(|cell| {
            let (a, b) = &mut *cell.borrow_mut();
            a.clear();
            a.extend(x.iter().map(|&v| key(v)));
            b.clear();
            b.extend(y.iter().map(|&v| key(v)));
            a.sort_unstable();
            b.sort_unstable();
            // A sentinel above every finite key ends each arm.
            a.push(u64::MAX);
            b.push(u64::MAX);
            let (mut i, mut j) = (0, 0);
            let (mut rank_sum, mut ties) = (0.0, 0.0);
            loop {
                // The smallest value left, and how many of it in each arm.
                let v = a[i].min(b[j]);
                if v == u64::MAX {
                    break;
                }
                let (i0, j0) = (i, j);
                while a[i] == v {
                    i += 1;
                }
                while b[j] == v {
                    j += 1;
                }
                let (ta, t) = ((i - i0) as f64, (i - i0 + j - j0) as f64);
                // Ranks i0 + j0 + 1 ..= i + j share their mean.
                let rank = (i0 + j0 + 1 + i + j) as f64 / 2.0;
                rank_sum += rank * ta;
                ties += t * t * t - t;
            }
            (rank_sum, ties)
        });
        let (m, n) = (x.len() as f64, y.len() as f64);
        let nn = m + n;
        let w = rank_sum - m * (m + 1.0) / 2.0;
        let z = w - m * n / 2.0;
        let var = m * n / 12.0 * ((nn + 1.0) - ties / (nn * (nn - 1.0)));
        if var <= 0.0 {
            return None;
        }
        let correction = match self.alternative {
            Alternative::TwoSided => 0.5 * z.signum() * f64::from(u8::from(z != 0.0)),
            Alternative::Greater => 0.5,
            Alternative::Less => -0.5,
        };
        Some((w, (z - correction) / var.sqrt()))
    }

    /// The p-value for treatment values `x` and reference values `y`.
    pub fn p_value_of(&self, x: &[f64], y: &[f64]) -> f64 {
        match self.statistic(x, y) {
            None => 1.0,
            Some((_, z)) => super::hypothesis::p_value(z, f64::INFINITY, self.alternative),
        }
    }
}

impl Test for RankSum {
    fn needs(&self) -> Needs {
        Needs::Raw
    }

    fn p_value(&self, data: &Data) -> f64 {
        self.p_value_of(&data.raw[self.treatment], &data.raw[self.reference])
    }

    /// Noether's approximation for normal arms.
    fn power(&self, truth: &Truth, sizes: &[u32], level: f64) -> Option<Power> {
        let (t, r) = (self.treatment, self.reference);
        let scale = (truth.sds[t].powi(2) + truth.sds[r].powi(2)).sqrt();
        let p1 = normal::cdf((truth.means[t] - truth.means[r]) / scale);
        let (m, n) = (f64::from(sizes[t]), f64::from(sizes[r]));
        let shift = (p1 - 0.5) * (12.0 * m * n / (m + n + 1.0)).sqrt();
        let value = match self.alternative {
            Alternative::TwoSided => {
                let z = normal::quantile(1.0 - level / 2.0);
                normal::cdf(shift - z) + normal::cdf(-shift - z)
            }
            Alternative::Greater => normal::cdf(shift - normal::quantile(1.0 - level)),
            Alternative::Less => normal::cdf(-shift - normal::quantile(1.0 - level)),
        };
        Power::new(value, PowerMethod::NormalApproximation)
    }

    fn pair(&self) -> Option<(usize, usize)> {
        Some((self.treatment, self.reference))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::approx_constant)] // 3.14 is a measurement, not π
    fn matches_r_with_and_without_ties() {
        // R 4.2.2, wilcox.test(x, y, exact = FALSE, correct = TRUE)
        // (tests/references/mann_whitney.R.out): W, two-sided, greater, less.
        type Case<'a> = (&'a [f64], &'a [f64], f64, [f64; 3]);
        let cases: [Case; 3] = [
            (
                &[1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30],
                &[0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29],
                58.0,
                [0.132919458185319, 0.0664597290926594, 0.944204400289713],
            ),
            (
                &[1.0, 2.0, 2.0, 3.0, 3.0, 3.0, 4.0, 5.0],
                &[2.0, 3.0, 4.0, 4.0, 5.0, 5.0, 6.0, 7.0, 7.0],
                13.5,
                [0.0317589571480637, 0.987617277444812, 0.0158794785740319],
            ),
            (
                &[0.8, 1.2, 1.2, 2.5],
                &[0.1, 0.5, 0.8, 0.9, 1.0, 1.2],
                19.5,
                [0.129634580879013, 0.0648172904395064, 0.958367741668225],
            ),
        ];
        for (x, y, w_ref, p_ref) in cases {
            for (alternative, p) in
                [Alternative::TwoSided, Alternative::Greater, Alternative::Less].into_iter().zip(p_ref)
            {
                let t = RankSum { treatment: 0, reference: 1, alternative };
                let (w, _) = t.statistic(x, y).unwrap();
                assert_eq!(w, w_ref);
                let got = t.p_value_of(x, y);
                assert!((got - p).abs() < 1e-12, "{alternative:?}: {got} vs {p}");
            }
        }
    }
}
