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
use crate::analysis::multiplicity::{self, Multiplicity};
use crate::analysis::{dunnett, Alternative, Analysis, Anova, ArmSummary, DunnettFamily, TTest, Tost, Variance};
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

/// What depends on n: arm sizes and critical values.
#[derive(Debug, Clone)]
pub struct Prepared {
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
#[derive(Debug, Clone)]
pub struct Study<'a> {
    scenario: &'a Scenario,
    model: NormalModel,
    tests: Vec<Compiled>,
    primaries: Vec<usize>,
    dunnett: Option<DunnettFamily>,
    multiplicity: Multiplicity,
    alpha: f64,
}

impl<'a> Study<'a> {
    /// Compiles a validated scenario.
    pub fn new(scenario: &'a Scenario) -> Study<'a> {
        let arms = scenario.arms();
        let model = NormalModel::new(arms.iter().map(|a| a.mean).collect(), arms.iter().map(|a| a.sd).collect());
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
        let primaries = (0..scenario.comparisons().len()).filter(|&i| scenario.comparisons()[i].primary).collect();
        Study {
            scenario,
            model,
            tests,
            primaries,
            dunnett,
            multiplicity: scenario.analysis().multiplicity,
            alpha: scenario.analysis().alpha,
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

    /// What depends on n.
    pub fn prepare(&self, n: u32) -> Prepared {
        let sizes = self.scenario.arm_sizes(n);
        let (dunnett_c, dunnett_df) = match &self.dunnett {
            Some(f) => {
                let df = f.df(&sizes);
                let two_sided = f.alternative == Alternative::TwoSided;
                (dunnett::critical_value(self.alpha, df, &f.lambdas(&sizes), two_sided), df)
            }
            None => (f64::NAN, f64::NAN),
        };
        Prepared { sizes, dunnett_c, dunnett_df }
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
        for (i, test) in self.tests.iter().enumerate() {
            if !self.scenario.comparisons()[i].primary && self.p_value(test, arms) <= self.alpha {
                counts[i] += 1;
            }
        }
        // The primary family.
        if self.multiplicity == Multiplicity::Dunnett {
            let f = self.dunnett.as_ref().expect("validated: Dunnett family exists");
            for (j, &i) in self.primaries.iter().enumerate() {
                s.reject[j] = match self.tests[i] {
                    Compiled::Dunnett(m) => f.rejects(s.dunnett_t[m], prep.dunnett_c),
                    ref t => self.p_value(t, arms) <= self.alpha,
                };
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
                let tail = crate::analysis::ttest::t_sf(prep.dunnett_c, prep.dunnett_df);
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
                let means: Vec<f64> = a.arms.iter().map(|&k| arms[k].mean).collect();
                let ns: Vec<u32> = a.arms.iter().map(|&k| sizes[k]).collect();
                anova_power(&means, sd, &ns, self.comparison_alpha(i, prep)?)
            }
            Compiled::Dunnett(m) => {
                let f = self.dunnett.as_ref()?;
                let (t, r) = (f.treatments[*m], f.reference);
                // Pooled SD over the family under the common-variance model.
                let design = self.design(t, r, 0.0, Variance::Pooled, f.alternative, sizes);
                design.power_at(prep.dunnett_c, prep.dunnett_df)
            }
            Compiled::T(t) => {
                let design = self.design(t.treatment, t.reference, t.shift, t.variance, t.alternative, sizes);
                let alpha = self.comparison_alpha(i, prep)?;
                design.power(alpha)
            }
            Compiled::Tost(t) => {
                let l = &t.lower;
                let design = self.design(l.treatment, l.reference, 0.0, l.variance, Alternative::TwoSided, sizes);
                design.tost_power(-l.shift, self.comparison_alpha(i, prep)?)
            }
        };
        p.is_finite().then_some(p)
    }

    fn design(
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
