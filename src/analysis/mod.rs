//! Analyses: the statistical tests run on each simulated study.
//!
//! A test implements [`Test`]: it reads one simulated study's [`Data`]
//! (per-arm summaries, a paired design's covariances, raw values when it
//! says it [`Needs`] them) and returns a p-value; it may also give a fast
//! reject rule at a fixed level ([`Rule`], tabulated once per sample size)
//! and its closed-form power. Tests of a difference between two arms
//! implement [`hypothesis::Contrast`] instead (an estimate with its standard
//! error and degrees of freedom, or a score statistic), and
//! [`hypothesis`] turns any contrast into a superiority, non-inferiority or
//! equivalence test. [`crate::registry`] says which test goes with which
//! outcome and design, and builds them.
//!
//! [`analytic`] holds the noncentral t and F power formulas; the Dunnett
//! test is [`dunnett`], the multivariate-t integral behind its critical
//! value [`crate::stats::multivariate_t`].

pub mod analytic;
pub mod ancova;
pub mod anova;
pub mod cutoff;
pub mod dunnett;
pub mod farrington_manning;
pub mod fisher;
pub mod hypothesis;
pub mod logrank;
pub mod mann_whitney;
pub mod mixed;
pub mod multiplicity;
pub mod paired_t;
pub mod ttest;
pub mod wald;
pub mod wilcoxon;

pub use anova::Anova;
pub use cutoff::Rule;
pub use dunnett::DunnettFamily;
pub use ttest::{TTest, Tost, Variance};

use serde::Serialize;

use crate::model::Truth;
use crate::scenario::{Distribution, Hypothesis};

/// What a test reads from a simulated study.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Needs {
    /// Per-arm summaries (and a paired design's covariances): the model
    /// may draw them directly.
    Summaries,
    /// Every observation, in [`Data::raw`] (ranks, for example).
    Raw,
}

/// One simulated study's data, as the tests read it. The engine owns it and
/// reuses it from one simulated study to the next.
#[derive(Debug, Clone, Default)]
pub struct Data {
    /// Per arm (paired design: per condition): size, mean, variance. For a
    /// binary outcome the mean is the proportion of events.
    pub arms: Vec<ArmSummary>,
    /// Paired designs: the sample covariance matrix of the conditions
    /// (row-major, k × k, denominator n − 1); empty otherwise.
    pub cov: Vec<f64>,
    /// Every observation per arm (paired: per condition, subject j at
    /// index j in each), filled only when a test [`Needs::Raw`].
    pub raw: Vec<Vec<f64>>,
    /// Time-to-event outcomes: for each of `raw`'s times, true when it is
    /// an event, false when censored (empty otherwise).
    pub status: Vec<Vec<bool>>,
    /// ANCOVA designs: per arm, the baseline's mean and variance and its
    /// covariance with the outcome (denominator n − 1; empty otherwise).
    pub baseline: Vec<Baseline>,
    /// Clustered designs, when a test needs every cluster: per arm, each
    /// cluster's size, mean and within-cluster sum of squares (empty
    /// otherwise).
    pub clusters: Vec<Vec<Cluster>>,
    /// Fits over every arm that the comparisons of one study share,
    /// computed by the first that needs them; [`Data::new_study`] clears
    /// them when the next study is drawn.
    pub shared: Shared,
}

/// Model fits shared by the comparisons of one simulated study.
#[derive(Debug, Clone, Default)]
pub struct Shared {
    /// The random-intercept model's fit.
    pub mixed: std::cell::Cell<Option<mixed::Fit>>,
}

/// One cluster's sufficient statistics in a clustered design.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Cluster {
    /// Its number of measurements.
    pub size: u32,
    /// Their mean.
    pub mean: f64,
    /// Their sum of squared deviations from that mean.
    pub ss: f64,
}

/// One arm's baseline summary in an ANCOVA design.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Baseline {
    /// Mean of the baseline.
    pub mean: f64,
    /// Its sample variance.
    pub var: f64,
    /// Sample covariance of baseline and outcome.
    pub cov: f64,
}

impl Data {
    /// Empty data for `arms` arms.
    pub fn new(arms: usize) -> Data {
        Data {
            arms: vec![ArmSummary::default(); arms],
            cov: Vec::new(),
            raw: vec![Vec::new(); arms],
            status: vec![Vec::new(); arms],
            baseline: Vec::new(),
            clusters: vec![Vec::new(); arms],
            shared: Shared::default(),
        }
    }

    /// Forgets the fits of the previous study: called before the tests
    /// read a newly drawn study.
    #[inline]
    pub fn new_study(&self) {
        self.shared.mixed.set(None);
    }

    /// The covariance of conditions `i` and `j` (paired designs).
    #[inline]
    pub fn cov(&self, i: usize, j: usize) -> f64 {
        self.cov[i * self.arms.len() + j]
    }
}

/// The reject table of a two-arm test on a binary outcome at `level`: the
/// test's own p-value at every outcome (x_t, x_r), or `None` when too large.
pub fn binary_table(test: &dyn Test, sizes: &[u32], pair: (usize, usize), level: f64) -> Option<cutoff::RejectTable> {
    let (t, r) = pair;
    let mut data = Data::new(sizes.len());
    cutoff::RejectTable::build(sizes[t], sizes[r], |xt, xr| {
        data_at(&mut data.arms, t, xt, sizes[t]);
        data_at(&mut data.arms, r, xr, sizes[r]);
        test.p_value(&data) <= level
    })
}

/// Arm `arm` holds x events in n (the binary model's summary).
fn data_at(arms: &mut [ArmSummary], arm: usize, x: u32, n: u32) {
    arms[arm] = crate::model::binary::summary(u64::from(x), n);
}

/// The number of events in a binary arm, from its summary.
#[inline]
pub fn events(a: &ArmSummary) -> u32 {
    (a.mean * f64::from(a.n)).round() as u32
}

/// How a closed-form or exact power was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PowerMethod {
    /// The noncentral t distribution.
    NoncentralT,
    /// The noncentral F distribution.
    NoncentralF,
    /// The normal approximation to the test statistic.
    NormalApproximation,
    /// Exact, by enumerating every possible outcome of the study: no
    /// Monte Carlo error and no approximation.
    Exact,
}

/// A closed-form or exact power.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Power {
    /// The power.
    pub value: f64,
    /// How it was computed.
    pub method: PowerMethod,
}

impl Power {
    /// `value` by `method`, when finite.
    pub fn new(value: f64, method: PowerMethod) -> Option<Power> {
        value.is_finite().then_some(Power { value: value.clamp(0.0, 1.0), method })
    }
}

/// What the registry's constructors need to build one comparison's test.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// Arm indices: `[treatment, reference]`, or the listed arms.
    pub arms: Vec<usize>,
    /// What the comparison sets out to show.
    pub hypothesis: Hypothesis,
    /// The direction of benefit.
    pub better: Alternative,
    /// The alternative of a superiority test: two-sided, or `better`.
    pub superiority: Alternative,
    /// The outcome model the data come from.
    pub outcome: Distribution,
}

/// A test of one comparison.
pub trait Test: Send + Sync + std::fmt::Debug {
    /// What it reads.
    fn needs(&self) -> Needs {
        Needs::Summaries
    }

    /// A fast reject rule at `level` for these arm sizes, computed once per
    /// sample size; [`Rule::PValue`] compares the p-value.
    fn rule(&self, sizes: &[u32], level: f64) -> Rule {
        let _ = (sizes, level);
        Rule::PValue
    }

    /// The decision by `rule`, when it can be made without the p-value.
    fn decide(&self, rule: &Rule, data: &Data) -> Option<bool> {
        let _ = (rule, data);
        None
    }

    /// The p-value in one simulated study.
    fn p_value(&self, data: &Data) -> f64;

    /// Closed-form power at `level` under `truth` with these arm sizes,
    /// where one exists.
    fn power(&self, truth: &Truth, sizes: &[u32], level: f64) -> Option<Power> {
        let _ = (truth, sizes, level);
        None
    }

    /// The two arms of a two-arm test (treatment, reference).
    fn pair(&self) -> Option<(usize, usize)> {
        None
    }

    /// The t statistic's degrees of freedom at these arm sizes, when they
    /// are one number fixed by the design (not Welch's, not a z).
    fn df(&self, sizes: &[u32]) -> Option<f64> {
        let _ = sizes;
        None
    }
}

/// Summary statistics of one arm in one simulated study.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ArmSummary {
    /// Sample size.
    pub n: u32,
    /// Sample mean.
    pub mean: f64,
    /// Sample variance (denominator n − 1).
    pub var: f64,
}

impl ArmSummary {
    /// Summary of a slice in one pass, shifted by the first value for
    /// numerical stability (the "shifted data" algorithm; Chan, Golub &
    /// LeVeque 1983, "Algorithms for computing the sample variance").
    ///
    /// ```
    /// use plan::analysis::ArmSummary;
    /// let s = ArmSummary::from_data(&[1.0, 2.0, 3.0, 4.0]);
    /// assert_eq!(s.mean, 2.5);
    /// assert!((s.var - 5.0 / 3.0).abs() < 1e-15);
    /// ```
    pub fn from_data(x: &[f64]) -> ArmSummary {
        let n = x.len();
        let k = x.first().copied().unwrap_or(0.0);
        let (mut s1, mut s2) = (0.0, 0.0);
        for &v in x {
            let d = v - k;
            s1 += d;
            s2 += d * d;
        }
        let nf = n as f64;
        ArmSummary {
            n: n as u32,
            mean: k + s1 / nf,
            var: if n > 1 { ((s2 - s1 * s1 / nf) / (nf - 1.0)).max(0.0) } else { 0.0 },
        }
    }
}

/// The alternative hypothesis of a test on a difference (treatment − reference).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alternative {
    /// Difference ≠ 0.
    TwoSided,
    /// Difference > 0.
    Greater,
    /// Difference < 0.
    Less,
}
