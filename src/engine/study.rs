//! A [`Study`] is a scenario compiled for simulation: the outcome model,
//! one test per comparison, the multiplicity procedure over the primary
//! family, and the goal. [`Study::prepare`] computes what depends on n
//! (arm sizes, Dunnett's critical value) once per sample size, and
//! [`Study::decide`] evaluates one simulated study without allocating.
//!
//! Counts layout: one rejection count per comparison, then the number of
//! studies in which *all* primary hypotheses were rejected, then the number
//! in which *any* was ([`Study::all_index`], [`Study::any_index`]).

use crate::analysis::analytic::{anova_power, TwoSampleDesign};
use std::collections::HashMap;
use std::sync::Mutex;

use crate::analysis::cutoff::{FCutoff, TCutoff};
use crate::analysis::multiplicity::{self, Multiplicity};
use crate::analysis::{Alternative, Analysis, Anova, ArmSummary, DunnettFamily, TTest, Tost, Variance};
use crate::model::NormalModel;
use crate::scenario::{Goal, Hypothesis, Scenario, Sides, TestKind};

/// One comparison's compiled test.
#[derive(Debug, Clone)]
enum Compiled {
    /// A t test against a (possibly shifted) null.
    T(TTest),
    /// Equivalence by TOST.
    Tost(Tost),
    /// One-way ANOVA.
    Anova(Anova),
    /// Member `i` of the Dunnett family.
    Dunnett(usize),
}

/// A comparison's reject rule at one n, when its level is one number:
/// tabulated critical values ([`crate::analysis::cutoff`]) that give the
/// same decisions as the p-value, faster.
#[derive(Debug, Clone)]
enum Rule {
    /// Compare the p-value (step procedures, Dunnett members).
    PValue,
    /// A t statistic oriented so that large values reject.
    T(TCutoff),
    /// Both one-sided statistics of TOST must exceed.
    Tost(TCutoff),
    /// The ANOVA F statistic.
    F(FCutoff),
}

/// What depends on n: arm sizes and critical values.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Per comparison: how it is decided at this n.
    rules: Vec<Rule>,
    /// Size of each arm.
    pub sizes: Vec<u32>,
    /// Dunnett's critical value (NaN without a Dunnett family).
    pub dunnett_c: f64,
    /// Dunnett's pooled degrees of freedom.
    pub dunnett_df: f64,
}

/// Per-worker scratch space for [`Study::decide`].
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    p: Vec<f64>,
    order: Vec<usize>,
    reject: Vec<bool>,
    dunnett_t: Vec<f64>,
}

/// A scenario ready to simulate.
#[derive(Debug)]
pub struct Study<'a> {
    scenario: &'a Scenario,
    model: NormalModel,
    tests: Vec<Compiled>,
    primaries: Vec<usize>,
    secondaries: Vec<usize>,
    dunnett: Option<DunnettFamily>,
    multiplicity: Multiplicity,
    alpha: f64,
    /// Dunnett's (critical value, ν) by n.
    dunnett_cache: Mutex<HashMap<u32, (f64, f64)>>,
}

impl<'a> Study<'a> {
    /// Compiles a validated scenario.
    pub fn new(scenario: &'a Scenario) -> Study<'a> {
        let arms = scenario.arms();
        // Every test here depends on differences of means only, so the
        // model draws means centred on the control's: a large common
        // offset (1e17) then costs no precision in the simulated data.
        let centre = arms[scenario.control()].mean;
        let model =
            NormalModel::new(arms.iter().map(|a| a.mean - centre).collect(), arms.iter().map(|a| a.sd).collect());
        let higher = scenario.outcome().higher_is_better;
        let better = if higher { Alternative::Greater } else { Alternative::Less };
        let superiority = match scenario.analysis().sides {
            Sides::Two => Alternative::TwoSided,
            Sides::One => better,
        };
        let mut dunnett_treatments = Vec::new();
        let mut dunnett_reference = 0;
        let tests = scenario
            .comparisons()
            .iter()
            .map(|c| {
                let variance = if c.test == TestKind::Welch { Variance::Welch } else { Variance::Pooled };
                let (t, r) = (c.arms[0], c.arms[1]);
                match (c.test, c.hypothesis) {
                    (TestKind::Anova, _) => Compiled::Anova(Anova { arms: c.arms.clone() }),
                    (TestKind::Dunnett, _) => {
                        dunnett_reference = r;
                        dunnett_treatments.push(t);
                        Compiled::Dunnett(dunnett_treatments.len() - 1)
                    }
                    (_, Hypothesis::Superiority) => Compiled::T(TTest {
                        treatment: t,
                        reference: r,
                        variance,
                        shift: 0.0,
                        alternative: superiority,
                    }),
                    (_, Hypothesis::NonInferiority { margin }) => Compiled::T(TTest {
                        treatment: t,
                        reference: r,
                        variance,
                        shift: if higher { -margin } else { margin },
                        alternative: better,
                    }),
                    (_, Hypothesis::Equivalence { margin }) => Compiled::Tost(Tost::new(t, r, variance, margin)),
                }
            })
            .collect();
        let dunnett = (!dunnett_treatments.is_empty()).then_some(DunnettFamily {
            reference: dunnett_reference,
            treatments: dunnett_treatments,
            alternative: superiority,
        });
        let (primaries, secondaries) =
            (0..scenario.comparisons().len()).partition(|&i| scenario.comparisons()[i].primary);
        Study {
            scenario,
            model,
            tests,
            primaries,
            secondaries,
            dunnett,
            multiplicity: scenario.analysis().multiplicity,
            alpha: scenario.analysis().alpha,
            dunnett_cache: Mutex::new(HashMap::new()),
        }
    }

    /// The scenario.
    pub fn scenario(&self) -> &'a Scenario {
        self.scenario
    }

    /// The outcome model.
    pub fn model(&self) -> &NormalModel {
        &self.model
    }

    /// Number of counters per simulated study: comparisons, then "all", then "any".
    pub fn counters(&self) -> usize {
        self.tests.len() + 2
    }

    /// Index of the "all primary rejected" counter.
    pub fn all_index(&self) -> usize {
        self.tests.len()
    }

    /// Index of the "any primary rejected" counter.
    pub fn any_index(&self) -> usize {
        self.tests.len() + 1
    }

    /// Indices of the primary comparisons.
    pub fn primaries(&self) -> &[usize] {
        &self.primaries
    }

    /// What depends on n, for simulation: [`Study::design`] plus the fast
    /// reject rules.
    pub fn prepare(&self, n: u32) -> Prepared {
        let mut prep = self.design(n);
        prep.rules = (0..self.tests.len()).map(|i| self.rule(i, &prep)).collect();
        prep
    }

    /// Like [`Study::design`], but with Šidák's bound in place of Dunnett's
    /// exact critical value (slightly larger, so power slightly lower): cheap
    /// enough for the search's first guess, never shown to users.
    pub fn design_for_guess(&self, n: u32) -> Prepared {
        let sizes = self.scenario.arm_sizes(n);
        let (dunnett_c, dunnett_df) = match &self.dunnett {
            Some(f) => {
                let df = f.df(&sizes);
                let k = f.treatments.len() as f64;
                let each = 1.0 - (1.0 - self.alpha).powf(1.0 / k);
                let tail = if f.alternative == Alternative::TwoSided { each / 2.0 } else { each };
                (crate::stats::central::t_quantile(1.0 - tail, df), df)
            }
            None => (f64::NAN, f64::NAN),
        };
        Prepared { rules: Vec::new(), sizes, dunnett_c, dunnett_df }
    }

    /// Arm sizes and Dunnett's critical value at n, without the reject
    /// rules: enough for closed-form power and levels. Dunnett's critical
    /// value (a few milliseconds of quadrature) is computed once per n.
    pub fn design(&self, n: u32) -> Prepared {
        let sizes = self.scenario.arm_sizes(n);
        let (dunnett_c, dunnett_df) = match &self.dunnett {
            Some(f) => {
                let mut cache = self.dunnett_cache.lock().unwrap_or_else(|e| e.into_inner());
                *cache.entry(n).or_insert_with(|| {
                    let df = f.df(&sizes);
                    let two_sided = f.alternative == Alternative::TwoSided;
                    (crate::stats::multivariate_t::critical_value(self.alpha, df, &f.lambdas(&sizes), two_sided), df)
                })
            }
            None => (f64::NAN, f64::NAN),
        };
        Prepared { rules: Vec::new(), sizes, dunnett_c, dunnett_df }
    }

    /// The fast reject rule of comparison `i` at `prep`.
    fn rule(&self, i: usize, prep: &Prepared) -> Rule {
        let Some(level) = self.comparison_alpha(i, prep) else { return Rule::PValue };
        let sizes = &prep.sizes;
        // ν of a two-sample t test: fixed for Student; Welch's lies between
        // min(n₁, n₂) − 1 and n₁ + n₂ − 2.
        let df_range = |t: &TTest| {
            let (a, b) = (f64::from(sizes[t.treatment]), f64::from(sizes[t.reference]));
            match t.variance {
                Variance::Pooled => (a + b - 2.0, a + b - 2.0),
                Variance::Welch => (a.min(b) - 1.0, a + b - 2.0),
            }
        };
        match &self.tests[i] {
            Compiled::T(t) => {
                let (lo, hi) = df_range(t);
                let tail = if t.alternative == Alternative::TwoSided { level / 2.0 } else { level };
                Rule::T(TCutoff::new(tail, lo, hi))
            }
            Compiled::Tost(t) => {
                let (lo, hi) = df_range(&t.lower);
                Rule::Tost(TCutoff::new(level, lo, hi))
            }
            Compiled::Anova(a) => {
                let n: f64 = a.arms.iter().map(|&k| f64::from(sizes[k])).sum();
                let g = a.arms.len() as f64;
                Rule::F(FCutoff::new(level, g - 1.0, n - g))
            }
            Compiled::Dunnett(_) => Rule::PValue,
        }
    }

    /// Whether comparison `i` rejects at its single level, by its rule.
    #[inline]
    fn rejects(&self, i: usize, prep: &Prepared, arms: &[ArmSummary]) -> bool {
        let by_rule = match (&prep.rules[i], &self.tests[i]) {
            (Rule::T(cut), Compiled::T(t)) => t.decide(cut, arms),
            (Rule::Tost(cut), Compiled::Tost(t)) => {
                t.lower.decide(cut, arms).zip(t.upper.decide(cut, arms)).map(|(a, b)| a && b)
            }
            (Rule::F(cut), Compiled::Anova(a)) => Some(cut.exceeds(a.statistic(arms).0)),
            _ => None,
        };
        by_rule.unwrap_or_else(|| self.p_value(&self.tests[i], arms) <= self.alpha_of(i, prep))
    }

    fn alpha_of(&self, i: usize, prep: &Prepared) -> f64 {
        self.comparison_alpha(i, prep).unwrap_or(self.alpha)
    }

    /// A scratch space sized for this study.
    pub fn scratch(&self) -> Scratch {
        let m = self.primaries.len();
        Scratch {
            p: vec![0.0; m],
            order: vec![0; m],
            reject: vec![false; m],
            dunnett_t: vec![0.0; self.dunnett.as_ref().map_or(0, |f| f.treatments.len())],
        }
    }

    /// Runs every test on one simulated study and adds its rejections to
    /// `counts` (layout in the module docs).
    pub fn decide(&self, prep: &Prepared, arms: &[ArmSummary], s: &mut Scratch, counts: &mut [u64]) {
        if let Some(f) = &self.dunnett {
            f.statistics(arms, &mut s.dunnett_t);
        }
        // Secondary comparisons: each at alpha.
        for &i in &self.secondaries {
            counts[i] += u64::from(self.rejects(i, prep, arms));
        }
        // The primary family: single-step procedures by their rules, step
        // procedures on the p-values.
        if let Some(f) = self.dunnett.as_ref().filter(|_| self.multiplicity == Multiplicity::Dunnett) {
            for (j, &i) in self.primaries.iter().enumerate() {
                s.reject[j] = match self.tests[i] {
                    Compiled::Dunnett(m) => f.rejects(s.dunnett_t[m], prep.dunnett_c),
                    _ => self.rejects(i, prep, arms),
                };
            }
        } else if matches!(self.multiplicity, Multiplicity::None | Multiplicity::Bonferroni) {
            for (j, &i) in self.primaries.iter().enumerate() {
                s.reject[j] = self.rejects(i, prep, arms);
            }
        } else {
            for (j, &i) in self.primaries.iter().enumerate() {
                s.p[j] = self.p_value(&self.tests[i], arms);
            }
            multiplicity::apply(self.multiplicity, &s.p, self.alpha, &mut s.order, &mut s.reject);
        }
        let mut all = true;
        let mut any = false;
        for (j, &i) in self.primaries.iter().enumerate() {
            counts[i] += u64::from(s.reject[j]);
            all &= s.reject[j];
            any |= s.reject[j];
        }
        counts[self.all_index()] += u64::from(all);
        counts[self.any_index()] += u64::from(any);
    }

    fn p_value(&self, test: &Compiled, arms: &[ArmSummary]) -> f64 {
        match test {
            Compiled::T(t) => t.p_value(arms),
            Compiled::Tost(t) => t.p_value(arms),
            Compiled::Anova(a) => a.p_value(arms),
            // Dunnett members are decided by the family (validated primary).
            Compiled::Dunnett(_) => 1.0,
        }
    }

    /// The significance level comparison `i` is tested at, when it is one
    /// number: alpha for secondary comparisons and without multiplicity,
    /// alpha/m under Bonferroni, the nominal two-sided (or one-sided) level
    /// of Dunnett's critical value at `prep`; `None` for Holm and Hochberg.
    pub fn comparison_alpha(&self, i: usize, prep: &Prepared) -> Option<f64> {
        if !self.scenario.comparisons()[i].primary {
            return Some(self.alpha);
        }
        match (self.multiplicity, &self.tests[i]) {
            (Multiplicity::Dunnett, Compiled::Dunnett(_)) => {
                let tail = crate::stats::central::t_sf(prep.dunnett_c, prep.dunnett_df);
                let two = self.dunnett.as_ref().is_some_and(|f| f.alternative == Alternative::TwoSided);
                Some(if two { 2.0 * tail } else { tail })
            }
            (m, _) => multiplicity::single_step_alpha(m, self.alpha, self.primaries.len()),
        }
    }

    /// Closed-form power of comparison `i` at n, where one exists (see
    /// [`crate::analysis::analytic`]).
    pub fn analytic_power(&self, i: usize, prep: &Prepared) -> Option<f64> {
        let arms = self.scenario.arms();
        let sizes = &prep.sizes;
        let p = match &self.tests[i] {
            Compiled::Anova(a) => {
                let sd = a.arms.iter().map(|&k| arms[k].sd).fold(0.0, f64::max);
                let equal = a.arms.iter().all(|&k| arms[k].sd == sd);
                if !equal {
                    return None;
                }
                let means: Vec<f64> = a.arms.iter().map(|&k| arms[k].mean - arms[a.arms[0]].mean).collect();
                let ns: Vec<u32> = a.arms.iter().map(|&k| sizes[k]).collect();
                anova_power(&means, sd, &ns, self.comparison_alpha(i, prep)?)
            }
            Compiled::Dunnett(m) => {
                let f = self.dunnett.as_ref()?;
                let (t, r) = (f.treatments[*m], f.reference);
                // Pooled SD over the family under the common-variance model.
                let design = self.two_sample(t, r, 0.0, Variance::Pooled, f.alternative, sizes);
                design.power_at(prep.dunnett_c, prep.dunnett_df)
            }
            Compiled::T(t) => {
                let design = self.two_sample(t.treatment, t.reference, t.shift, t.variance, t.alternative, sizes);
                let alpha = self.comparison_alpha(i, prep)?;
                design.power(alpha)
            }
            Compiled::Tost(t) => {
                let l = &t.lower;
                let design = self.two_sample(l.treatment, l.reference, 0.0, l.variance, Alternative::TwoSided, sizes);
                design.tost_power(-l.shift, self.comparison_alpha(i, prep)?)
            }
        };
        p.is_finite().then_some(p)
    }

    fn two_sample(
        &self,
        t: usize,
        r: usize,
        shift: f64,
        variance: Variance,
        alternative: Alternative,
        sizes: &[u32],
    ) -> TwoSampleDesign {
        let arms = self.scenario.arms();
        TwoSampleDesign {
            variance,
            alternative,
            delta: arms[t].mean - arms[r].mean - shift,
            sd_treatment: arms[t].sd,
            sd_reference: arms[r].sd,
            n_treatment: sizes[t],
            n_reference: sizes[r],
        }
    }

    /// The goal's closed-form power where one exists: for "each", the
    /// smallest primary analytic power.
    pub fn analytic_goal(&self, prep: &Prepared) -> Option<f64> {
        match self.scenario.analysis().goal {
            Goal::Each => self
                .primaries
                .iter()
                .map(|&i| self.analytic_power(i, prep))
                .try_fold(1.0f64, |m, p| p.map(|p| m.min(p))),
            Goal::All | Goal::Any if self.primaries.len() == 1 => self.analytic_power(self.primaries[0], prep),
            _ => None,
        }
    }
}
