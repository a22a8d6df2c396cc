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
//! Closed form beside the simulation:
//! - normal arms: Noether's (1987, JASA 82:645–647) normal approximation,
//!   power ≈ Φ(|p₁ − ½|·√(12mn/(N + 1)) − z), with
//!   p₁ = P(X_t > X_r) = Φ(δ/√(σ_t² + σ_r²)) and z the critical value of
//!   the level (split over both tails when two-sided);
//! - ordered categories (many ties): the asymptotic normal law of
//!   θ̂ = U/(mn), the estimate of θ = P(X_t > X_r) + ½P(X_t = X_r), with
//!   its variance under the null from the pooled category shares p̄_j,
//!   σ₀² = (1/m + 1/n)(1 − Σp̄_j³)/12 (the tie-corrected variance the test
//!   uses; Zhao, Rahardja & Qu 2008, Stat. Med. 27:462–468), and under the
//!   alternative σ₁² = Var F_r(X_t)/m + Var F_t(X_r)/n with F the
//!   mid-distribution functions F(x) = P(X < x) + ½P(X = x) (Brunner &
//!   Munzel 2000, Biom. J. 42:17–25; Happ, Bathke & Brunner 2019, Stat. Med.
//!   38:363–375): power ≈ Φ((|θ − ½| − zσ₀)/σ₁) (+ the far tail when
//!   two-sided). Zhao et al.'s formula is the special case σ₁ = σ₀.

use std::cell::RefCell;

use super::cutoff::ZCutoff;
use super::{Alternative, Data, Needs, Power, PowerMethod, Rule, Spec, Test};
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
            // Twice the rank sum and the tie term, in integers: a tie
            // group's mid-rank is a half-integer.
            let (mut i, mut j) = (0, 0);
            let (mut rank_sum2, mut ties) = (0u64, 0u64);
            loop {
                let (va, vb) = (a[i], b[j]);
                // The common case, a value below the other arm's with no
                // twin in its own: one rank, no tie.
                if va < vb {
                    if a[i + 1] != va {
                        rank_sum2 += 2 * (i + j + 1) as u64;
                        i += 1;
                        continue;
                    }
                } else if vb < va {
                    if b[j + 1] != vb {
                        j += 1;
                        continue;
                    }
                } else if va == u64::MAX {
                    break;
                }
                // A tie group: the run of the smallest value left, in
                // both arms; ranks i0 + j0 + 1 ..= i + j share their mean.
                let v = va.min(vb);
                let (i0, j0) = (i, j);
                while a[i] == v {
                    i += 1;
                }
                while b[j] == v {
                    j += 1;
                }
                let t = (i - i0 + j - j0) as u64;
                rank_sum2 += (i0 + j0 + 1 + i + j) as u64 * (i - i0) as u64;
                ties += t * t * t - t;
            }
            (rank_sum2 as f64 / 2.0, ties as f64)
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

    /// The z statistic against tabulated normal critical values.
    fn rule(&self, _sizes: &[u32], level: f64) -> Rule {
        let tail = if self.alternative == Alternative::TwoSided { level / 2.0 } else { level };
        Rule::Z(ZCutoff::new(tail))
    }

    #[inline]
    fn decide(&self, rule: &Rule, data: &Data) -> Option<bool> {
        let Rule::Z(cut) = rule else { return None };
        let (_, z) = self.statistic(&data.raw[self.treatment], &data.raw[self.reference])?;
        cut.decide(super::hypothesis::orient(z, self.alternative))
    }

    fn p_value(&self, data: &Data) -> f64 {
        self.p_value_of(&data.raw[self.treatment], &data.raw[self.reference])
    }

    /// Noether's approximation for normal arms; the asymptotic law of
    /// θ̂ with ties for ordered categories.
    fn power(&self, truth: &Truth, sizes: &[u32], level: f64) -> Option<Power> {
        let (t, r) = (self.treatment, self.reference);
        if let (Some(pt), Some(pr)) = (truth.categories.get(t), truth.categories.get(r)) {
            let value = categorical_power(pt, pr, f64::from(sizes[t]), f64::from(sizes[r]), self.alternative, level);
            return Power::new(value, PowerMethod::NormalApproximation);
        }
        let scale = (truth.sds[t].powi(2) + truth.sds[r].powi(2)).sqrt();
        let p1 = normal::cdf((truth.means[t] - truth.means[r]) / scale);
        let (m, n) = (f64::from(sizes[t]), f64::from(sizes[r]));
        // A z test of the standardized shift (p₁ − ½)·√(12mn/(N + 1)).
        let shift = (p1 - 0.5) * (12.0 * m * n / (m + n + 1.0)).sqrt();
        let value = super::analytic::z_power(shift, 1.0, self.alternative, level);
        Power::new(value, PowerMethod::NormalApproximation)
    }

    fn pair(&self) -> Option<(usize, usize)> {
        Some((self.treatment, self.reference))
    }
}

/// The power of the rank-sum test for categorical arms with probabilities
/// `pt` and `pr` (lowest category first) and sizes `m` and `n`, by the
/// asymptotic law of θ̂ (module documentation).
pub fn categorical_power(pt: &[f64], pr: &[f64], m: f64, n: f64, alternative: Alternative, level: f64) -> f64 {
    // Mid-distribution functions at each category, and the moments of
    // F_r(X_t) and F_t(X_r).
    let (mut below_t, mut below_r) = (0.0, 0.0);
    let (mut e_t, mut e2_t, mut e_r, mut e2_r, mut cube) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for (&a, &b) in pt.iter().zip(pr) {
        let (f_r, f_t) = (below_r + 0.5 * b, below_t + 0.5 * a);
        e_t += a * f_r;
        e2_t += a * f_r * f_r;
        e_r += b * f_t;
        e2_r += b * f_t * f_t;
        let pooled = (m * a + n * b) / (m + n);
        cube += pooled * pooled * pooled;
        below_t += a;
        below_r += b;
    }
    let theta = e_t;
    let s0 = ((1.0 / m + 1.0 / n) * (1.0 - cube) / 12.0).sqrt();
    let s1 = ((e2_t - e_t * e_t).max(0.0) / m + (e2_r - e_r * e_r).max(0.0) / n).sqrt();
    if !(s0 > 0.0 && s1 > 0.0) {
        return f64::NAN;
    }
    let shift = theta - 0.5;
    let tail = |d: f64, z: f64| normal::cdf((d - z * s0) / s1);
    match alternative {
        Alternative::TwoSided => {
            let z = normal::quantile(1.0 - level / 2.0);
            tail(shift, z) + tail(-shift, z)
        }
        Alternative::Greater => tail(shift, normal::quantile(1.0 - level)),
        Alternative::Less => tail(-shift, normal::quantile(1.0 - level)),
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
