//! One-way ANOVA F test across a set of arms, from their summaries.
//!
//! F = [Σ nᵢ(ȳᵢ − ȳ)²/(g − 1)] / [Σ (nᵢ − 1)sᵢ²/(N − g)], with ȳ the
//! grand mean, on (g − 1, N − g) degrees of freedom (Fisher 1925; e.g.
//! Montgomery, *Design and Analysis of Experiments*, §3.3). The upper tail
//! is P(F > f) = I_{ν₂/(ν₂ + ν₁f)}(ν₂/2, ν₁/2) (Abramowitz & Stegun 26.6.2).

use super::analytic::anova_power;
use super::cutoff::{FCutoff, Rule};
use super::{ArmSummary, Data, Power, PowerMethod, Spec, Test};
use crate::model::Truth;
use crate::stats::central::f_sf;

/// A one-way ANOVA on the listed arms.
#[derive(Debug, Clone, PartialEq)]
pub struct Anova {
    /// Indices of the arms compared.
    pub arms: Vec<usize>,
}

impl Anova {
    /// The F statistic and its degrees of freedom.
    pub fn statistic(&self, arms: &[ArmSummary]) -> (f64, f64, f64) {
        let (mut n_tot, mut sum) = (0.0, 0.0);
        for &i in &self.arms {
            let a = arms[i];
            n_tot += f64::from(a.n);
            sum += f64::from(a.n) * a.mean;
        }
        let grand = sum / n_tot;
        let (mut between, mut within) = (0.0, 0.0);
        for &i in &self.arms {
            let a = arms[i];
            between += f64::from(a.n) * (a.mean - grand).powi(2);
            within += (f64::from(a.n) - 1.0) * a.var;
        }
        let g = self.arms.len() as f64;
        let (df1, df2) = (g - 1.0, n_tot - g);
        ((between / df1) / (within / df2), df1, df2)
    }
}

/// Registry constructor.
pub fn build(spec: &Spec) -> Box<dyn Test> {
    Box::new(Anova { arms: spec.arms.clone() })
}

impl Test for Anova {
    fn rule(&self, sizes: &[u32], level: f64) -> Rule {
        let n: f64 = self.arms.iter().map(|&k| f64::from(sizes[k])).sum();
        let g = self.arms.len() as f64;
        Rule::F(FCutoff::new(level, g - 1.0, n - g))
    }

    #[inline]
    fn decide(&self, rule: &Rule, data: &Data) -> Option<bool> {
        match rule {
            Rule::F(cut) => Some(cut.exceeds(self.statistic(&data.arms).0)),
            _ => None,
        }
    }

    fn p_value(&self, data: &Data) -> f64 {
        let (f, df1, df2) = self.statistic(&data.arms);
        if f.is_nan() {
            return 1.0;
        }
        f_sf(f, df1, df2)
    }

    /// The noncentral F, exact when the arms' SDs are equal (none otherwise).
    fn power(&self, truth: &Truth, sizes: &[u32], level: f64) -> Option<Power> {
        let sd = self.arms.iter().map(|&k| truth.sds[k]).fold(0.0, f64::max);
        if !self.arms.iter().all(|&k| truth.sds[k] == sd) {
            return None;
        }
        let means: Vec<f64> = self.arms.iter().map(|&k| truth.means[k] - truth.means[self.arms[0]]).collect();
        let ns: Vec<u32> = self.arms.iter().map(|&k| sizes[k]).collect();
        Power::new(anova_power(&means, sd, &ns, level), PowerMethod::NoncentralF)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f_statistic_matches_a_textbook_example() {
        // Montgomery, Design and Analysis of Experiments (8th ed.), Example
        // 3.1, Table 3.1 (etch rate at four RF power levels, n = 5 each):
        // SS_Treatments = 66,870.55, SS_E = 5,339.20, F₀ = 66.80 on (3, 16) df,
        // P < 0.01.
        let data = [
            [575.0, 542.0, 530.0, 539.0, 570.0],
            [565.0, 593.0, 590.0, 579.0, 610.0],
            [600.0, 651.0, 610.0, 637.0, 629.0],
            [725.0, 700.0, 715.0, 685.0, 710.0],
        ];
        let arms: Vec<ArmSummary> = data.iter().map(|d| ArmSummary::from_data(d)).collect();
        let (f, df1, df2) = Anova { arms: vec![0, 1, 2, 3] }.statistic(&arms);
        assert_eq!((df1, df2), (3.0, 16.0));
        assert!((f - (66870.55 / 3.0) / (5339.20 / 16.0)).abs() < 1e-6, "{f}");
        assert!((f - 66.80).abs() < 0.005, "{f}");
        let p = Anova { arms: vec![0, 1, 2, 3] }.p_value(&Data { arms, ..Data::default() });
        assert!(p < 1e-8, "{p}");
    }
}
