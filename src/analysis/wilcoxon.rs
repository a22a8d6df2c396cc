//! The Wilcoxon signed-rank test on the within-subject differences of a
//! paired design, by the normal approximation with the tie correction and
//! a continuity correction, as R's
//! `wilcox.test(x, y, paired = TRUE, exact = FALSE, correct = TRUE)`.
//!
//! Zero differences are dropped; the n that remain are ranked by |d| with
//! mid-ranks for ties; V is the sum of the ranks of the positive
//! differences. With E[V] = n(n + 1)/4 and
//! Var[V] = n(n + 1)(2n + 1)/24 − Σ(t³ − t)/48 over tie groups of size t,
//! z = (V − E[V] − c)/√Var[V], where the continuity correction c is
//! ½·sign(V − E[V]) two-sided, ½ for "greater" and −½ for "less"
//! (Wilcoxon 1945, Biometrics Bulletin 1:80–83; Hollander, Wolfe & Chicken,
//! *Nonparametric Statistical Methods*, 3rd ed., §3.1).

use std::cell::RefCell;

use super::{Alternative, Data, Needs, Spec, Test};

/// The signed-rank test of treatment − reference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SignedRank {
    /// Index of the treatment condition.
    pub treatment: usize,
    /// Index of the reference condition.
    pub reference: usize,
    /// The alternative.
    pub alternative: Alternative,
}

/// Registry constructor (superiority only, as the registry says).
pub fn build(spec: &Spec) -> Box<dyn Test> {
    Box::new(SignedRank { treatment: spec.arms[0], reference: spec.arms[1], alternative: spec.superiority })
}

thread_local! {
    /// The differences of one simulated study, reused (one buffer per thread).
    static DIFFERENCES: RefCell<Vec<f64>> = const { RefCell::new(Vec::new()) };
}

impl SignedRank {
    /// (V, z) for the differences `d`, which it sorts in place; `None`
    /// when every difference is zero.
    pub fn statistic(&self, d: &mut Vec<f64>) -> Option<(f64, f64)> {
        d.retain(|&x| x != 0.0);
        let n = d.len();
        if n == 0 {
            return None;
        }
        d.sort_unstable_by(|a, b| a.abs().total_cmp(&b.abs()));
        let (mut v, mut ties) = (0.0, 0.0);
        let mut i = 0;
        while i < n {
            let mut j = i + 1;
            while j < n && d[j].abs() == d[i].abs() {
                j += 1;
            }
            // Ranks i+1 ..= j share their mean.
            let rank = (i + 1 + j) as f64 / 2.0;
            let t = (j - i) as f64;
            ties += t * t * t - t;
            v += rank * d[i..j].iter().filter(|&&x| x > 0.0).count() as f64;
            i = j;
        }
        let nf = n as f64;
        let z = v - nf * (nf + 1.0) / 4.0;
        let sigma = (nf * (nf + 1.0) * (2.0 * nf + 1.0) / 24.0 - ties / 48.0).sqrt();
        let correction = match self.alternative {
            Alternative::TwoSided => 0.5 * z.signum() * f64::from(u8::from(z != 0.0)),
            Alternative::Greater => 0.5,
            Alternative::Less => -0.5,
        };
        Some((v, (z - correction) / sigma))
    }

    /// The p-value of z, on the normal.
    fn p_of(&self, z: f64) -> f64 {
        super::hypothesis::p_value(z, f64::INFINITY, self.alternative)
    }

    /// The p-value for differences `d` (reordered in place).
    pub fn p_value_of(&self, d: &mut Vec<f64>) -> f64 {
        self.statistic(d).map_or(1.0, |(_, z)| self.p_of(z))
    }
}

impl Test for SignedRank {
    fn needs(&self) -> Needs {
        Needs::Raw
    }

    fn p_value(&self, data: &Data) -> f64 {
        DIFFERENCES.with(|cell| {
            let mut d = cell.borrow_mut();
            d.clear();
            let (t, r) = (&data.raw[self.treatment], &data.raw[self.reference]);
            d.extend(t.iter().zip(r).map(|(a, b)| a - b));
            self.p_value_of(&mut d)
        })
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
    fn matches_r_on_data_with_ties_and_zeros() {
        // R 4.2.2 (tests/references/wilcoxon_signed.R):
        // wilcox.test(d, exact = FALSE, correct = TRUE) with
        // d = c(1, 2, 2, 3, 0, -1, 4, 4, 4, 5, -2, 6).
        let d = [1.0, 2.0, 2.0, 3.0, 0.0, -1.0, 4.0, 4.0, 4.0, 5.0, -2.0, 6.0];
        let two = SignedRank { treatment: 0, reference: 1, alternative: Alternative::TwoSided };
        let (v, _) = two.statistic(&mut d.to_vec()).unwrap();
        // 11 nonzero differences; |d| ranks: 1,1 → 1.5; 2,2,2 → 4; 3 → 6;
        // 4,4,4 → 8; 5 → 10; 6 → 11. V = 66 − 1.5 − 4 = 60.5.
        assert_eq!(v, 60.5);
        assert!((two.p_value_of(&mut d.to_vec()) - 0.015_894_062_441_607).abs() < 1e-12);
        let greater = SignedRank { alternative: Alternative::Greater, ..two };
        assert!((greater.p_value_of(&mut d.to_vec()) - 0.007_947_031_220_803_48).abs() < 1e-12);
        let less = SignedRank { alternative: Alternative::Less, ..two };
        assert!((less.p_value_of(&mut d.to_vec()) - 0.993_801_683_324_396).abs() < 1e-12);
        // Hollander & Wolfe's depression data, paired x − y: V = 40,
        // p = 0.0440109840129515 two-sided.
        let x = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30];
        let y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
        let data = Data { raw: vec![x.to_vec(), y.to_vec()], ..Data::default() };
        assert!((two.p_value(&data) - 0.044_010_984_012_951_5).abs() < 1e-12);
    }
}
