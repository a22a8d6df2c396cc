//! Hypotheses on a difference between two arms, for any test that yields a
//! statistic for H₀: Δ = shift (an estimate minus the shift over its
//! standard error, on ν degrees of freedom or on the normal; or a score
//! statistic whose standard error is computed under that null).
//!
//! - Superiority: H₀: Δ = 0, two-sided or one-sided in the direction of
//!   benefit.
//! - Non-inferiority: H₀: Δ = −margin (oriented by the direction of
//!   benefit), one-sided at α.
//! - Equivalence: two one-sided tests (TOST), H₀₁: Δ ≤ −margin and
//!   H₀₂: Δ ≥ +margin, each at α; the p-value is the larger of the two
//!   (Schuirmann 1987, J. Pharmacokin. Biopharm. 15:657–680).
//!
//! A [`Contrast`] supplies the statistic; [`wrap`] builds the test of the
//! comparison's hypothesis around it.

use super::analytic::{t_power, tost_power};
use super::cutoff::{Rule, TCutoff, ZCutoff};
use super::{binary_table, events, Alternative, Data, Needs, Power, PowerMethod, Spec, Test};
use crate::model::Truth;
use crate::scenario::Hypothesis;
use crate::stats::central::t_sf;
use crate::stats::normal;

/// A difference between two arms with a standard error.
pub trait Contrast: Send + Sync + std::fmt::Debug + 'static {
    /// (treatment, reference).
    fn arms(&self) -> (usize, usize);

    /// What the statistic reads.
    fn needs(&self) -> Needs {
        Needs::Summaries
    }

    /// The statistic for H₀: Δ = `shift` and its degrees of freedom
    /// (`f64::INFINITY`: compared with the normal).
    fn statistic(&self, data: &Data, shift: f64) -> (f64, f64);

    /// The statistic in parts, for decisions without a square root:
    /// (Δ̂ − shift, se², 1/ν), with statistic = (Δ̂ − shift)/√se².
    fn parts(&self, data: &Data, shift: f64) -> (f64, f64, f64) {
        let (t, df) = self.statistic(data, shift);
        (t, 1.0, 1.0 / df)
    }

    /// The range ν takes at these arm sizes (both infinite for a z
    /// statistic): tabulated critical values cover it.
    fn df_range(&self, sizes: &[u32]) -> (f64, f64);

    /// True for a contrast of two binomial arms, whose decisions can be
    /// tabulated over every outcome ([`super::binary_table`]).
    fn binary(&self) -> bool {
        false
    }

    /// Closed-form power of the test of H₀: Δ = `shift` against
    /// `alternative` at `level` (two-sided: level split over both tails).
    fn power(&self, truth: &Truth, sizes: &[u32], shift: f64, alternative: Alternative, level: f64) -> Option<Power>;

    /// Closed-form power of TOST with `margin`, each one-sided test at `level`.
    fn tost_power(&self, truth: &Truth, sizes: &[u32], margin: f64, level: f64) -> Option<Power>;
}

/// A t contrast of a linear model fitted over every arm of the study (the
/// ANCOVA model, the random-intercept model): its estimate's pieces, its
/// residual degrees of freedom, fixed by the arm sizes, and the closed
/// form's difference and standard error. Every such model is a
/// [`Contrast`] with the noncentral t as its closed form.
pub trait ModelContrast: Send + Sync + std::fmt::Debug + 'static {
    /// (treatment, reference).
    fn arms(&self) -> (usize, usize);

    /// What the fit reads.
    fn needs(&self) -> Needs {
        Needs::Summaries
    }

    /// (estimate − shift, its variance, 1/ν) in one study.
    fn pieces(&self, data: &Data, shift: f64) -> (f64, f64, f64);

    /// The residual degrees of freedom at these arm sizes.
    fn df(&self, sizes: &[u32]) -> f64;

    /// (Δ, the closed form's SE) at the truth, where there is a closed form.
    fn closed(&self, truth: &Truth, sizes: &[u32]) -> Option<(f64, f64)>;
}

impl<M: ModelContrast> Contrast for M {
    fn arms(&self) -> (usize, usize) {
        ModelContrast::arms(self)
    }

    fn needs(&self) -> Needs {
        ModelContrast::needs(self)
    }

    fn statistic(&self, data: &Data, shift: f64) -> (f64, f64) {
        let (num, var, u) = self.pieces(data, shift);
        (num / var.sqrt(), 1.0 / u)
    }

    #[inline]
    fn parts(&self, data: &Data, shift: f64) -> (f64, f64, f64) {
        self.pieces(data, shift)
    }

    fn df_range(&self, sizes: &[u32]) -> (f64, f64) {
        let df = ModelContrast::df(self, sizes);
        (df, df)
    }

    fn power(&self, truth: &Truth, sizes: &[u32], shift: f64, alternative: Alternative, level: f64) -> Option<Power> {
        let (delta, se) = self.closed(truth, sizes)?;
        let df = ModelContrast::df(self, sizes);
        Power::new(t_power(delta - shift, se, df, alternative, level), PowerMethod::NoncentralT)
    }

    fn tost_power(&self, truth: &Truth, sizes: &[u32], margin: f64, level: f64) -> Option<Power> {
        let (delta, se) = self.closed(truth, sizes)?;
        let df = ModelContrast::df(self, sizes);
        Power::new(tost_power(delta, se, df, margin, level), PowerMethod::NoncentralT)
    }
}

/// The p-value of statistic `t` on `df` degrees of freedom (infinite: the
/// standard normal).
pub fn p_value(t: f64, df: f64, alternative: Alternative) -> f64 {
    if !t.is_finite() {
        // Zero variance in both arms: an exact tie gives no evidence;
        // a difference with no noise is infinitely significant.
        return match (t.is_nan(), alternative) {
            (true, _) => 1.0,
            (false, Alternative::TwoSided) => 0.0,
            (false, Alternative::Greater) => f64::from(u8::from(t < 0.0)),
            (false, Alternative::Less) => f64::from(u8::from(t > 0.0)),
        };
    }
    let sf = |x: f64| if df.is_infinite() { normal::sf(x) } else { t_sf(x, df) };
    match alternative {
        Alternative::TwoSided => (2.0 * sf(t.abs())).min(1.0),
        Alternative::Greater => sf(t),
        Alternative::Less => sf(-t),
    }
}

/// `x` turned so that large values favour `alternative`.
#[inline]
pub fn orient(x: f64, alternative: Alternative) -> f64 {
    match alternative {
        Alternative::TwoSided => x.abs(),
        Alternative::Greater => x,
        Alternative::Less => -x,
    }
}

/// A one-hypothesis test of Δ = `shift` against `alternative`.
#[derive(Debug, Clone)]
pub struct Directional<C> {
    /// The statistic.
    pub contrast: C,
    /// Δ under the null.
    pub shift: f64,
    /// The alternative.
    pub alternative: Alternative,
}

impl<C: Contrast> Directional<C> {
    /// The decision at a tabulated t cutoff: the square-root-free
    /// comparison first, the exact tail near the bound; `None` when the
    /// statistic is not finite.
    #[inline]
    fn by_cutoff(&self, cut: &TCutoff, data: &Data) -> Option<bool> {
        let (num, se2, u) = self.contrast.parts(data, self.shift);
        if let Some(d) = cut.quick(orient(num, self.alternative), se2, u) {
            return Some(d);
        }
        let (t, df) = self.contrast.statistic(data, self.shift);
        let s = orient(t, self.alternative);
        s.is_finite().then(|| cut.exceeds(s, df))
    }
}

/// The tabulated decision of a binary contrast.
#[inline]
fn by_table<C: Contrast>(contrast: &C, rule: &Rule, data: &Data) -> Option<bool> {
    let (t, r) = contrast.arms();
    match rule {
        Rule::Table(table) => Some(table.get(events(&data.arms[t]), events(&data.arms[r]))),
        _ => None,
    }
}

impl<C: Contrast> Test for Directional<C> {
    fn needs(&self) -> Needs {
        self.contrast.needs()
    }

    fn rule(&self, sizes: &[u32], level: f64) -> Rule {
        if self.contrast.binary() {
            return binary_table(self, sizes, self.contrast.arms(), level).map_or(Rule::PValue, Rule::Table);
        }
        let (lo, hi) = self.contrast.df_range(sizes);
        let tail = if self.alternative == Alternative::TwoSided { level / 2.0 } else { level };
        if !hi.is_finite() {
            return Rule::Z(ZCutoff::new(tail));
        }
        Rule::T(TCutoff::new(tail, lo, hi))
    }

    #[inline]
    fn decide(&self, rule: &Rule, data: &Data) -> Option<bool> {
        match rule {
            Rule::T(cut) => self.by_cutoff(cut, data),
            Rule::Z(cut) => {
                let (s, _) = self.contrast.statistic(data, self.shift);
                cut.decide(orient(s, self.alternative))
            }
            _ => by_table(&self.contrast, rule, data),
        }
    }

    fn p_value(&self, data: &Data) -> f64 {
        let (t, df) = self.contrast.statistic(data, self.shift);
        p_value(t, df, self.alternative)
    }

    fn power(&self, truth: &Truth, sizes: &[u32], level: f64) -> Option<Power> {
        self.contrast.power(truth, sizes, self.shift, self.alternative, level)
    }

    fn pair(&self) -> Option<(usize, usize)> {
        Some(self.contrast.arms())
    }

    fn df(&self, sizes: &[u32]) -> Option<f64> {
        fixed_df(&self.contrast, sizes)
    }
}

/// The contrast's degrees of freedom when they are one finite number.
fn fixed_df<C: Contrast>(contrast: &C, sizes: &[u32]) -> Option<f64> {
    let (lo, hi) = contrast.df_range(sizes);
    (lo == hi && lo.is_finite()).then_some(lo)
}

/// Equivalence by two one-sided tests.
#[derive(Debug, Clone)]
pub struct Equivalence<C> {
    /// Test of H₀₁: Δ ≤ −margin (alternative greater).
    pub lower: Directional<C>,
    /// Test of H₀₂: Δ ≥ +margin (alternative less).
    pub upper: Directional<C>,
    /// The margin.
    pub margin: f64,
}

impl<C: Contrast + Clone> Test for Equivalence<C> {
    fn needs(&self) -> Needs {
        self.lower.contrast.needs()
    }

    fn rule(&self, sizes: &[u32], level: f64) -> Rule {
        if self.lower.contrast.binary() {
            return binary_table(self, sizes, self.lower.contrast.arms(), level).map_or(Rule::PValue, Rule::Table);
        }
        let (lo, hi) = self.lower.contrast.df_range(sizes);
        if !hi.is_finite() {
            return Rule::PValue;
        }
        Rule::Tost(TCutoff::new(level, lo, hi))
    }

    #[inline]
    fn decide(&self, rule: &Rule, data: &Data) -> Option<bool> {
        match rule {
            Rule::Tost(cut) => {
                self.lower.by_cutoff(cut, data).zip(self.upper.by_cutoff(cut, data)).map(|(a, b)| a && b)
            }
            _ => by_table(&self.lower.contrast, rule, data),
        }
    }

    fn p_value(&self, data: &Data) -> f64 {
        self.lower.p_value(data).max(self.upper.p_value(data))
    }

    fn power(&self, truth: &Truth, sizes: &[u32], level: f64) -> Option<Power> {
        self.lower.contrast.tost_power(truth, sizes, self.margin, level)
    }

    fn pair(&self) -> Option<(usize, usize)> {
        Some(self.lower.contrast.arms())
    }

    fn df(&self, sizes: &[u32]) -> Option<f64> {
        fixed_df(&self.lower.contrast, sizes)
    }
}

/// The test of `spec`'s hypothesis on `contrast`: margins are oriented by
/// the direction of benefit, as the scenario documents them.
pub fn wrap<C: Contrast + Clone>(contrast: C, spec: &Spec) -> Box<dyn Test> {
    let higher = spec.better == Alternative::Greater;
    match spec.hypothesis {
        Hypothesis::Superiority => Box::new(Directional { contrast, shift: 0.0, alternative: spec.superiority }),
        Hypothesis::NonInferiority { margin } => {
            Box::new(Directional { contrast, shift: if higher { -margin } else { margin }, alternative: spec.better })
        }
        Hypothesis::Equivalence { margin } => Box::new(Equivalence {
            lower: Directional { contrast: contrast.clone(), shift: -margin, alternative: Alternative::Greater },
            upper: Directional { contrast, shift: margin, alternative: Alternative::Less },
            margin,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_p_values_match_the_normal_distribution() {
        // Φ(−1.959964) = 0.025 (Abramowitz & Stegun Table 26.1).
        let p = p_value(1.959_963_984_540_054, f64::INFINITY, Alternative::TwoSided);
        assert!((p - 0.05).abs() < 1e-15, "{p}");
        assert!((p_value(-1.0, f64::INFINITY, Alternative::Less) - 0.158_655_253_931_457_05).abs() < 1e-15);
        assert_eq!(p_value(f64::NAN, 3.0, Alternative::TwoSided), 1.0);
    }
}
