//! A [`Study`] is a scenario compiled for simulation: the outcome model,
//! one test per comparison, the multiplicity procedure over the primary
//! family, and the goal. [`Study::prepare`] computes what depends on n
//! (arm sizes, Dunnett's critical value) once per sample size, and
//! [`Study::decide`] evaluates one simulated study without allocating.
//!
//! Counts layout: one rejection count per comparison, then the number of
//! studies in which *all* primary hypotheses were rejected, then the number
//! in which *any* was ([`Study::all_index`], [`Study::any_index`]).

use std::collections::HashMap;
use std::sync::Mutex;

use crate::analysis::analytic::TwoSampleDesign;
use crate::analysis::multiplicity::{self, Multiplicity};
use crate::analysis::{Alternative, Data, DunnettFamily, Needs, Power, PowerMethod, Rule, Spec, Test, Variance};
use crate::design::Design;
use crate::model::{DrawMode, Layout, OutcomeModel, Sampler, Truth};
use crate::registry;
use crate::scenario::{Goal, Scenario, Sides, TestKind};

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

/// A scenario ready to simulate: its design, outcome model and tests, built
/// from the registry.
#[derive(Debug)]
pub struct Study<'a> {
    scenario: &'a Scenario,
    design: Box<dyn Design>,
    model: Box<dyn OutcomeModel>,
    truth: Truth,
    tests: Vec<Box<dyn Test>>,
    /// Per comparison: its place in the Dunnett family, if it is a member.
    members: Vec<Option<usize>>,
    needs: Needs,
    primaries: Vec<usize>,
    secondaries: Vec<usize>,
    dunnett: Option<DunnettFamily>,
    multiplicity: Multiplicity,
    alpha: f64,
    /// Arms whose parameter each simulated study draws from its prior
    /// (empty unless built by [`Study::with_priors`]).
    priors: Vec<(usize, crate::scenario::prior::Prior)>,
    /// Dunnett's (critical value, ν) by n.
    dunnett_cache: Mutex<HashMap<u32, (f64, f64)>>,
}

impl<'a> Study<'a> {
    /// Compiles a validated scenario.
    pub fn new(scenario: &'a Scenario) -> Study<'a> {
        let design = (registry::design(scenario.design().kind).build)(scenario);
        let model = (registry::outcome(scenario.outcome().distribution).build)(scenario);
        let mut truth = model.truth();
        match design.layout() {
            Layout::Paired { correlation } | Layout::Baseline { correlation } => truth.correlation = correlation,
            // The analysis unit is the cluster mean: closed forms see its
            // SD; the mixed model's sees the clusters.
            Layout::Clustered { size, icc, cv } => {
                use crate::design::clustered::{mean_variance_factor, SizeMoments};
                let sizes = SizeMoments::of(size, cv);
                truth.clusters = Some(crate::model::ClusterTruth { sds: truth.sds.clone(), icc, sizes });
                let f = mean_variance_factor(sizes, icc, crate::scenario::ClusterAnalysis::Means).sqrt();
                for sd in &mut truth.sds {
                    *sd *= f;
                }
            }
            Layout::Independent => {}
        }
        let better = if scenario.outcome().higher_is_better { Alternative::Greater } else { Alternative::Less };
        let superiority = match scenario.analysis().sides {
            Sides::Two => Alternative::TwoSided,
            Sides::One => better,
        };
        let mut treatments = Vec::new();
        let mut reference = 0;
        let mut members = Vec::new();
        let tests: Vec<Box<dyn Test>> = scenario
            .comparisons()
            .iter()
            .map(|c| {
                members.push((c.test == TestKind::Dunnett).then(|| {
                    reference = c.arms[1];
                    treatments.push(c.arms[0]);
                    treatments.len() - 1
                }));
                let spec = Spec {
                    arms: c.arms.clone(),
                    hypothesis: c.hypothesis,
                    better,
                    superiority,
                    outcome: scenario.outcome().distribution,
                };
                (registry::test(c.test).build)(&spec)
            })
            .collect();
        let dunnett =
            (!treatments.is_empty()).then_some(DunnettFamily { reference, treatments, alternative: superiority });
        let needs = tests.iter().map(|t| t.needs()).max().unwrap_or(Needs::Summaries);
        let (primaries, secondaries) =
            (0..scenario.comparisons().len()).partition(|&i| scenario.comparisons()[i].primary);
        Study {
            scenario,
            design,
            model,
            truth,
            tests,
            members,
            needs,
            primaries,
            secondaries,
            dunnett,
            multiplicity: scenario.analysis().multiplicity,
            alpha: scenario.analysis().alpha,
            dunnett_cache: Mutex::new(HashMap::new()),
            priors: Vec::new(),
        }
    }

    /// The same study, but each simulated study first draws the arms'
    /// parameters from their priors (assurance).
    pub fn with_priors(mut self) -> Study<'a> {
        let arms = self.scenario.arms().iter().enumerate();
        self.priors = arms.filter_map(|(i, a)| a.prior.map(|p| (i, p))).collect();
        self
    }

    /// The arms drawn from their priors in each simulated study.
    pub fn priors(&self) -> &[(usize, crate::scenario::prior::Prior)] {
        &self.priors
    }

    /// Comparison `i`'s degrees of freedom at `prep`, when its test has one
    /// fixed number (Dunnett: the family's pooled ν).
    pub fn df(&self, i: usize, prep: &Prepared) -> Option<f64> {
        if self.members[i].is_some() {
            return prep.dunnett_df.is_finite().then_some(prep.dunnett_df);
        }
        self.tests[i].df(&prep.sizes)
    }

    /// What comparison `i`'s test reads.
    pub fn test_needs(&self, i: usize) -> Needs {
        self.tests[i].needs()
    }

    /// The expected number of observed events at `n` (time-to-event
    /// outcomes), or `None`.
    pub fn expected_events(&self, n: u32) -> Option<f64> {
        self.model.expected_events(&self.design.sizes(n))
    }

    /// Clustered designs: the measurements the analysed clusters give at
    /// `n`, all arms together (expected, when sizes vary), or `None`.
    pub fn expected_measurements(&self, n: u32) -> Option<f64> {
        let c = self.truth.clusters.as_ref()?;
        Some(f64::from(self.design.analysed(n)) * c.sizes.mean)
    }

    /// The scenario.
    pub fn scenario(&self) -> &'a Scenario {
        self.scenario
    }

    /// The outcome model.
    pub fn model(&self) -> &dyn OutcomeModel {
        self.model.as_ref()
    }

    /// The design.
    pub fn design_of(&self) -> &dyn Design {
        self.design.as_ref()
    }

    /// What the tests read: raw data when any of them ranks observations.
    pub fn needs(&self) -> Needs {
        self.needs
    }

    /// The sampler of one simulated study at `prep`'s sizes.
    pub fn sampler(&self, prep: &Prepared, mode: DrawMode) -> Box<dyn Sampler> {
        self.model.sampler(self.design.layout(), &prep.sizes, mode)
    }

    /// True when the model draws sufficient statistics directly for this design.
    pub fn has_summary_path(&self) -> bool {
        self.model.has_summary_path(self.design.layout())
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
        let sizes = self.design.sizes(n);
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
        let sizes = self.design.sizes(n);
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
        match self.comparison_alpha(i, prep) {
            Some(level) if self.members[i].is_none() => self.tests[i].rule(&prep.sizes, level),
            _ => Rule::PValue,
        }
    }

    /// Whether comparison `i` rejects at its single level, by its rule.
    #[inline]
    fn rejects(&self, i: usize, prep: &Prepared, data: &Data) -> bool {
        self.tests[i]
            .decide(&prep.rules[i], data)
            .unwrap_or_else(|| self.tests[i].p_value(data) <= self.alpha_of(i, prep))
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
    pub fn decide(&self, prep: &Prepared, data: &Data, s: &mut Scratch, counts: &mut [u64]) {
        data.new_study();
        if let Some(f) = &self.dunnett {
            f.statistics(&data.arms, &mut s.dunnett_t);
        }
        // Secondary comparisons: each at alpha.
        for &i in &self.secondaries {
            counts[i] += u64::from(self.rejects(i, prep, data));
        }
        // The primary family: single-step procedures by their rules, step
        // procedures on the p-values.
        if let Some(f) = self.dunnett.as_ref().filter(|_| self.multiplicity == Multiplicity::Dunnett) {
            for (j, &i) in self.primaries.iter().enumerate() {
                s.reject[j] = match self.members[i] {
                    Some(m) => f.rejects(s.dunnett_t[m], prep.dunnett_c),
                    None => self.rejects(i, prep, data),
                };
            }
        } else if matches!(self.multiplicity, Multiplicity::None | Multiplicity::Bonferroni) {
            for (j, &i) in self.primaries.iter().enumerate() {
                s.reject[j] = self.rejects(i, prep, data);
            }
        } else {
            for (j, &i) in self.primaries.iter().enumerate() {
                // Dunnett members are decided by the family (validated primary).
                s.p[j] = if self.members[i].is_some() { 1.0 } else { self.tests[i].p_value(data) };
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

    /// The significance level comparison `i` is tested at, when it is one
    /// number: alpha for secondary comparisons and without multiplicity,
    /// alpha/m under Bonferroni, the nominal two-sided (or one-sided) level
    /// of Dunnett's critical value at `prep`; `None` for Holm and Hochberg.
    pub fn comparison_alpha(&self, i: usize, prep: &Prepared) -> Option<f64> {
        if !self.scenario.comparisons()[i].primary {
            return Some(self.alpha);
        }
        match (self.multiplicity, self.members[i]) {
            (Multiplicity::Dunnett, Some(_)) => {
                let tail = crate::stats::central::t_sf(prep.dunnett_c, prep.dunnett_df);
                let two = self.dunnett.as_ref().is_some_and(|f| f.alternative == Alternative::TwoSided);
                Some(if two { 2.0 * tail } else { tail })
            }
            (m, _) => multiplicity::single_step_alpha(m, self.alpha, self.primaries.len()),
        }
    }

    /// Closed-form or exact power of comparison `i` at n, where one exists:
    /// the model's exact enumeration first, the test's closed form next.
    pub fn analytic_power(&self, i: usize, prep: &Prepared) -> Option<Power> {
        let sizes = &prep.sizes;
        if let Some(m) = self.members[i] {
            let f = self.dunnett.as_ref()?;
            let (t, r) = (f.treatments[m], f.reference);
            // The noncentral t at Dunnett's critical value and pooled ν,
            // exact under the common-variance model.
            let design = TwoSampleDesign {
                variance: Variance::Pooled,
                alternative: f.alternative,
                delta: self.truth.means[t] - self.truth.means[r],
                sd_treatment: self.truth.sds[t],
                sd_reference: self.truth.sds[r],
                n_treatment: sizes[t],
                n_reference: sizes[r],
            };
            return Power::new(design.power_at(prep.dunnett_c, prep.dunnett_df), PowerMethod::NoncentralT);
        }
        let level = self.comparison_alpha(i, prep)?;
        if let Some(p) = self.exact_power_at(i, prep, level) {
            return Power::new(p, PowerMethod::Exact);
        }
        self.tests[i].power(&self.truth, sizes, level)
    }

    /// A closed-form guess of comparison `i`'s power for the search's first
    /// step: [`Study::analytic_power`], or under Holm and Hochberg (no
    /// single level) the test's closed form at Bonferroni's α/m, a lower
    /// bound on their power. Never shown to users.
    pub fn guess_power(&self, i: usize, prep: &Prepared) -> Option<f64> {
        if let Some(p) = self.analytic_power(i, prep) {
            return Some(p.value);
        }
        if self.comparison_alpha(i, prep).is_some() {
            return None;
        }
        let level = self.alpha / self.primaries.len().max(1) as f64;
        self.tests[i].power(&self.truth, &prep.sizes, level).map(|p| p.value)
    }

    /// The exact power of comparison `i`'s test at `level`, on its own (no
    /// multiplicity), where the model enumerates outcomes.
    pub fn exact_power_at(&self, i: usize, prep: &Prepared, level: f64) -> Option<f64> {
        let test = &self.tests[i];
        // The enumeration runs over the arms' summaries (totals, counts of
        // events): a test that ranks the observations cannot be decided on
        // them (it found Mann–Whitney's power on Poisson counts "exactly"
        // 0, while it is 0.34; registry_properties.rs).
        if test.needs() == crate::analysis::Needs::Raw {
            return None;
        }
        let rejects = |d: &Data| test.p_value(d) <= level;
        self.model.exact_power(&prep.sizes, test.pair()?, &rejects)
    }

    /// The goal's closed-form power where one exists: for "each", the
    /// smallest primary analytic power.
    pub fn analytic_goal(&self, prep: &Prepared) -> Option<f64> {
        match self.scenario.analysis().goal {
            Goal::Each => self
                .primaries
                .iter()
                .map(|&i| self.analytic_power(i, prep).map(|p| p.value))
                .try_fold(1.0f64, |m, p| p.map(|p| m.min(p))),
            Goal::All | Goal::Any if self.primaries.len() == 1 => {
                self.analytic_power(self.primaries[0], prep).map(|p| p.value)
            }
            _ => None,
        }
    }
}
