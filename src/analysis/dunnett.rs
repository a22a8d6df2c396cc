//! Dunnett's many-to-one comparisons: k treatments against one control with
//! a variance pooled over the family's arms.
//!
//! Tᵢ = (ȳᵢ − ȳ₀)/(s·√(1/nᵢ + 1/n₀)), s² pooled over the control and the k
//! treatments, ν = Σ(nⱼ − 1). Hᵢ is rejected when Tᵢ exceeds the critical
//! value c of the maximum of the k correlated t statistics (Dunnett 1955,
//! JASA 50:1096–1121), computed once per sample size by
//! [`super::dunnett::critical_value`] with λᵢ = √(nᵢ/(nᵢ + n₀)).

use super::{Alternative, ArmSummary};

/// The Dunnett family of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct DunnettFamily {
    /// The control arm.
    pub reference: usize,
    /// The treatment arms, one per member comparison.
    pub treatments: Vec<usize>,
    /// Direction of the alternative.
    pub alternative: Alternative,
}

impl DunnettFamily {
    /// Pooled degrees of freedom for these arm sizes.
    pub fn df(&self, sizes: &[u32]) -> f64 {
        self.arms().map(|a| f64::from(sizes[a]) - 1.0).sum()
    }

    /// λᵢ = √(nᵢ/(nᵢ + n₀)) for these arm sizes.
    pub fn lambdas(&self, sizes: &[u32]) -> Vec<f64> {
        let n0 = f64::from(sizes[self.reference]);
        self.treatments.iter().map(|&t| (f64::from(sizes[t]) / (f64::from(sizes[t]) + n0)).sqrt()).collect()
    }

    fn arms(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(self.reference).chain(self.treatments.iter().copied())
    }

    /// Writes Tᵢ for each treatment into `out`.
    pub fn statistics(&self, arms: &[ArmSummary], out: &mut [f64]) {
        let (mut ss, mut df) = (0.0, 0.0);
        for a in self.arms() {
            let s = arms[a];
            ss += (f64::from(s.n) - 1.0) * s.var;
            df += f64::from(s.n) - 1.0;
        }
        let pooled = ss / df;
        let r = arms[self.reference];
        for (o, &t) in out.iter_mut().zip(&self.treatments) {
            let a = arms[t];
            *o = (a.mean - r.mean) / (pooled * (1.0 / f64::from(a.n) + 1.0 / f64::from(r.n))).sqrt();
        }
    }

    /// Whether statistic `t` rejects at critical value `c`.
    #[inline]
    pub fn rejects(&self, t: f64, c: f64) -> bool {
        match self.alternative {
            Alternative::TwoSided => t.abs() > c,
            Alternative::Greater => t > c,
            Alternative::Less => t < -c,
        }
    }
}
