//! The typed values of a validated scenario: outcome, arms, comparisons
//! and their hypotheses, analysis and simulation settings. Built only by
//! [`super::validate`]; see the README for the file format.

use serde::Serialize;

use crate::analysis::multiplicity::Multiplicity;

/// Where a number came from, and whether it is a guess.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provenance {
    /// Free-text source (paper, table, reasoning).
    pub source: Option<String>,
    /// True when the number is a planning assumption, not a reported value.
    pub assumed: bool,
    /// Its evidence grade, when given (`evidence = "reported"`,
    /// `"direction"` or `"assumption"`).
    pub evidence: Option<Evidence>,
}

/// How strong the evidence behind a planning number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Evidence {
    /// A number the source reports.
    Reported,
    /// The source gives only the direction of the effect; the size is a
    /// planning assumption (the `source` says why that size).
    Direction,
    /// A planning assumption with no reported basis.
    Assumption,
}

impl Evidence {
    /// The name used in scenario files and outputs.
    pub fn name(self) -> &'static str {
        match self {
            Evidence::Reported => "reported",
            Evidence::Direction => "direction",
            Evidence::Assumption => "assumption",
        }
    }
}

/// What one unit of a study is called in sentences ("57 mice per arm").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subject {
    /// Singular, e.g. "mouse" (default "participant").
    pub singular: String,
    /// Plural, e.g. "mice" (default: the singular with "s").
    pub plural: String,
}

impl Subject {
    /// The singular for 1, the plural otherwise.
    pub fn count(&self, n: u64) -> &str {
        if n == 1 {
            &self.singular
        } else {
            &self.plural
        }
    }
}

impl Default for Subject {
    fn default() -> Self {
        Subject { singular: "participant".into(), plural: "participants".into() }
    }
}

/// The outcome's distribution family: the key of an outcome model in
/// [`crate::registry`], which holds its name and what it allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Distribution {
    /// Normally distributed outcome (`mean`, `sd` per arm).
    Normal,
    /// An event or not per subject (`p` per arm).
    Binary,
    /// A positive, right-skewed outcome analysed on the log scale
    /// (`geometric_mean` per arm, `cv`).
    Lognormal,
    /// Counts with a `rate` per arm and variance equal to the mean.
    Poisson,
    /// Overdispersed counts: a `rate` per arm, variance μ + μ²/k with the
    /// size k = `[outcome] dispersion`.
    NegativeBinomial,
    /// Ordered categories (a clinical score): `probabilities` per arm over
    /// `[outcome] categories`.
    Ordinal,
    /// Time to an event with staggered entry and censoring: a `median` or
    /// `hazard` per arm.
    TimeToEvent,
}

/// Time units a yearly loss to follow-up converts into, and how many make
/// a year (a year of 365.25 days).
pub const TIME_UNITS: &[(&str, f64)] = &[
    ("days", 365.25),
    ("day", 365.25),
    ("weeks", 365.25 / 7.0),
    ("week", 365.25 / 7.0),
    ("months", 12.0),
    ("month", 12.0),
    ("years", 1.0),
    ("year", 1.0),
];

/// The ordered categories of an ordinal outcome, lowest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Categories {
    /// Numeric scores, strictly increasing (EAE 0 … 5).
    Scores(Vec<f64>),
    /// Labels ("none", "mild", …), scored 0 … K − 1.
    Labels(Vec<String>),
}

impl Categories {
    /// The number of categories.
    pub fn len(&self) -> usize {
        match self {
            Categories::Scores(s) => s.len(),
            Categories::Labels(l) => l.len(),
        }
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The scores: the numbers given, or 0 … K − 1 for labels.
    pub fn scores(&self) -> Vec<f64> {
        match self {
            Categories::Scores(s) => s.clone(),
            Categories::Labels(l) => (0..l.len()).map(|j| j as f64).collect(),
        }
    }

    /// Category `j` as the user named it.
    pub fn label(&self, j: usize) -> String {
        match self {
            Categories::Scores(s) => crate::numfmt::num(s[j], 6),
            Categories::Labels(l) => l[j].clone(),
        }
    }
}

impl Distribution {
    /// The name used in scenario files.
    pub fn name(self) -> &'static str {
        crate::registry::outcome(self).name
    }
}

/// How units are laid out: the key of a design in [`crate::registry`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DesignKind {
    /// Independent arms, each subject in one arm (today's default).
    Parallel,
    /// Every subject measured under every condition (pre/post,
    /// split-scalp, left and right eye).
    Paired,
    /// Independent arms, the outcome adjusted for its baseline measurement
    /// (analysis of covariance).
    Ancova,
    /// Independent arms of clusters (animals, litters), several
    /// measurements per cluster, analysed on the cluster means.
    Clustered,
}

/// How a clustered design's measurements are analysed (`[design] analysis`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClusterAnalysis {
    /// A t test on the cluster means (the default).
    Means,
    /// The t test of the treatment coefficient in a random-intercept model.
    Mixed,
}

impl ClusterAnalysis {
    /// The name used in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            ClusterAnalysis::Means => "means",
            ClusterAnalysis::Mixed => "mixed",
        }
    }
}

impl DesignKind {
    /// The name used in scenario files.
    pub fn name(self) -> &'static str {
        crate::registry::design(self).name
    }
}

impl Outcome {
    /// Time-to-event outcomes: the timing the model simulates (the loss
    /// as a hazard per time unit).
    pub fn timing(&self) -> Option<crate::model::survival::Timing> {
        let shape = self.shape.unwrap_or(1.0);
        let per_year = self
            .time_unit
            .as_deref()
            .and_then(|u| TIME_UNITS.iter().find(|(name, _)| name.eq_ignore_ascii_case(u.trim())))
            .map_or(1.0, |(_, k)| *k);
        let loss = self.loss.map_or(0.0, |p| -(-p).ln_1p() / per_year);
        Some(crate::model::survival::Timing { shape, accrual: self.accrual?, follow_up: self.follow_up?, loss })
    }
}

/// `[design]` after validation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DesignSettings {
    /// The design.
    pub kind: DesignKind,
    /// Paired designs: the correlation between a subject's measurements
    /// under two conditions (the same for every pair of conditions).
    pub correlation: Option<f64>,
    /// ANCOVA: the correlation of the baseline and the outcome within an arm.
    pub baseline_correlation: Option<f64>,
    /// Clustered: measurements per cluster.
    pub cluster_size: Option<u32>,
    /// Clustered: the intraclass correlation.
    pub icc: Option<f64>,
    /// Clustered: what a cluster is, in sentences ("animal").
    pub cluster_unit: Option<String>,
    /// Clustered: how the clusters are analysed (cluster means, or a
    /// random-intercept model).
    pub cluster_analysis: Option<ClusterAnalysis>,
    /// Clustered: the coefficient of variation of the cluster sizes (0:
    /// every cluster has `cluster_size` measurements).
    pub cluster_size_cv: Option<f64>,
    /// Provenance of the correlation.
    pub provenance: Provenance,
}

impl Default for DesignSettings {
    fn default() -> Self {
        DesignSettings {
            kind: DesignKind::Parallel,
            correlation: None,
            baseline_correlation: None,
            cluster_size: None,
            icc: None,
            cluster_unit: None,
            cluster_analysis: None,
            cluster_size_cv: None,
            provenance: Provenance { source: None, assumed: false, evidence: None },
        }
    }
}

/// The measured outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// Name, e.g. "hair density".
    pub name: String,
    /// Unit, e.g. "hairs/cm²".
    pub unit: Option<String>,
    /// Distribution family of the outcome.
    pub distribution: Distribution,
    /// Common standard deviation; arms may override it.
    pub sd: Option<f64>,
    /// Lognormal: the common coefficient of variation on the original scale.
    pub cv: Option<f64>,
    /// Counts: the exposure of every subject (time, area or fields
    /// counted), in the units the rates are per (default 1).
    pub exposure: Option<f64>,
    /// Negative binomial counts: the size k (variance = μ + μ²/k).
    pub dispersion: Option<f64>,
    /// Ordinal outcomes: the ordered categories.
    pub categories: Option<Categories>,
    /// Time-to-event outcomes: the unit of every time ("months").
    pub time_unit: Option<String>,
    /// Time-to-event outcomes: the accrual period (uniform entry).
    pub accrual: Option<f64>,
    /// Time-to-event outcomes: follow-up after the last subject enters.
    pub follow_up: Option<f64>,
    /// Time-to-event outcomes: the Weibull shape κ (1: exponential).
    pub shape: Option<f64>,
    /// Time-to-event outcomes: the proportion lost to follow-up within a
    /// year (an exponential loss hazard −ln(1 − loss) per year).
    pub loss: Option<f64>,
    /// Direction of benefit; one-sided tests look this way.
    pub higher_is_better: bool,
    /// Provenance of the common SD.
    pub provenance: Provenance,
}

/// One arm of the study (in a paired design: one condition every subject
/// is measured under).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Arm {
    /// Unique name.
    pub name: String,
    /// Expected mean outcome (binary: the probability of the event).
    pub mean: f64,
    /// Standard deviation used for this arm (its own or the outcome's;
    /// binary: √(p(1 − p)), implied by `p`).
    pub sd: f64,
    /// Binary outcomes: the probability of the event (the same as `mean`).
    pub p: Option<f64>,
    /// Lognormal outcomes: the geometric mean (`mean` is its logarithm,
    /// `sd` the SD of the logs, √ln(1 + cv²)).
    pub geometric_mean: Option<f64>,
    /// Lognormal outcomes: the coefficient of variation used for this arm.
    pub cv: Option<f64>,
    /// Count outcomes: the expected count per unit of exposure (`mean` is
    /// its logarithm, `sd` the Wald SD of one subject on the log scale,
    /// √(1/μ + 1/k)).
    pub rate: Option<f64>,
    /// Ordinal outcomes: the probability of each category (`mean` and `sd`
    /// are the score's).
    pub probabilities: Option<Vec<f64>>,
    /// Time-to-event outcomes: the median time to the event.
    pub median: Option<f64>,
    /// Time-to-event outcomes: the rate λ (exponential hazard; with a
    /// Weibull shape κ, the cumulative hazard is (λt)^κ). `mean` is κ ln λ.
    pub hazard: Option<f64>,
    /// True when the SD is this arm's own override.
    pub sd_overridden: bool,
    /// Relative allocation weight (an arm of weight w gets round(w·n)).
    pub allocation: f64,
    /// A prior on the arm's parameter, for assurance (absent in JSON
    /// without one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prior: Option<super::prior::Prior>,
    /// Provenance of the arm's mean (and SD override).
    pub provenance: Provenance,
}

/// The test of a comparison: the key of a test in [`crate::registry`],
/// which holds its name, description and what it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TestKind {
    /// Student's two-sample t test with pooled variance.
    Student,
    /// Welch's unequal-variance t test (Satterthwaite degrees of freedom).
    Welch,
    /// Dunnett's many-to-one t test: pooled variance over the family's
    /// arms, critical value from the multivariate t (set by
    /// `multiplicity = "dunnett"`).
    Dunnett,
    /// One-way ANOVA F test across the listed arms.
    Anova,
    /// Pearson's chi-squared test of a 2×2 table, no continuity correction.
    Chisq,
    /// Fisher's exact test of a 2×2 table.
    Fisher,
    /// The Farrington–Manning score test on the risk difference.
    FarringtonManning,
    /// The paired t test on the within-subject differences.
    PairedT,
    /// The Wilcoxon signed-rank test on the within-subject differences.
    Wilcoxon,
    /// The Wilcoxon rank-sum (Mann–Whitney) test of two independent arms.
    MannWhitney,
    /// The Wald test of the log rate ratio of two arms of counts.
    Wald,
    /// The log-rank test of two arms' event times.
    Logrank,
    /// The ANCOVA t test of a treatment coefficient (outcome ~ arm + baseline).
    Ancova,
    /// The t test of a treatment coefficient in a random-intercept model
    /// of a clustered design's measurements.
    Mixed,
}

impl TestKind {
    /// The name used in scenario files and outputs.
    pub fn name(self) -> &'static str {
        crate::registry::test(self).name
    }

    /// Human name of the test.
    pub fn describe(self) -> &'static str {
        crate::registry::test(self).describe
    }

    /// Short name, for legends.
    pub fn short(self) -> &'static str {
        crate::registry::test(self).short
    }

    /// True for tests of two or more listed arms (`arms = [...]`), false
    /// for a treatment and a reference.
    pub fn many_arms(self) -> bool {
        crate::registry::test(self).many_arms
    }
}

/// The hypothesis a two-arm comparison sets out to show. Margins are in
/// outcome units and oriented by `higher_is_better`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "name", rename_all = "kebab-case")]
pub enum Hypothesis {
    /// The treatment differs from (one-sided: is better than) the reference.
    Superiority,
    /// The treatment is not worse than the reference by `margin` or more:
    /// a one-sided test at alpha.
    NonInferiority {
        /// Non-inferiority margin (> 0).
        margin: f64,
    },
    /// The difference lies within ±`margin`: two one-sided tests (TOST),
    /// each at alpha.
    Equivalence {
        /// Equivalence margin (> 0).
        margin: f64,
    },
}

/// The kind of a [`Hypothesis`], without its margin (what the registry
/// lists, and what results hold).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HypothesisKind {
    /// [`Hypothesis::Superiority`]
    Superiority,
    /// [`Hypothesis::NonInferiority`]
    NonInferiority,
    /// [`Hypothesis::Equivalence`]
    Equivalence,
}

impl HypothesisKind {
    /// The name used in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            HypothesisKind::Superiority => "superiority",
            HypothesisKind::NonInferiority => "non-inferiority",
            HypothesisKind::Equivalence => "equivalence",
        }
    }
}

impl Hypothesis {
    /// Its kind.
    pub fn kind(self) -> HypothesisKind {
        match self {
            Hypothesis::Superiority => HypothesisKind::Superiority,
            Hypothesis::NonInferiority { .. } => HypothesisKind::NonInferiority,
            Hypothesis::Equivalence { .. } => HypothesisKind::Equivalence,
        }
    }

    /// The name used in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            Hypothesis::Superiority => "superiority",
            Hypothesis::NonInferiority { .. } => "non-inferiority",
            Hypothesis::Equivalence { .. } => "equivalence",
        }
    }

    /// The margin, if any.
    pub fn margin(self) -> Option<f64> {
        match self {
            Hypothesis::Superiority => None,
            Hypothesis::NonInferiority { margin } | Hypothesis::Equivalence { margin } => Some(margin),
        }
    }
}

/// What the recommended n must achieve across the primary comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Goal {
    /// Every primary comparison reaches the target power on its own.
    Each,
    /// All primary hypotheses are rejected in the same study.
    All,
    /// At least one primary hypothesis is rejected.
    Any,
}

impl Goal {
    /// The name used in scenario files and as the goal's row label.
    pub fn name(self) -> &'static str {
        match self {
            Goal::Each => "each",
            Goal::All => "all",
            Goal::Any => "any",
        }
    }
}

/// A hypothesis test on two or more arms.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Display label, default "<treatment> vs <reference>".
    pub label: String,
    /// The test.
    pub test: TestKind,
    /// Arm indices: `[treatment, reference]` for two-arm tests, the listed
    /// arms for ANOVA.
    pub arms: Vec<usize>,
    /// What the comparison sets out to show.
    pub hypothesis: Hypothesis,
    /// Part of the primary family (multiplicity and goal apply to it).
    pub primary: bool,
    /// Provenance of the margin.
    pub provenance: Provenance,
}

impl Comparison {
    /// The treatment arm of a two-arm comparison.
    pub fn treatment(&self) -> Option<usize> {
        (!self.test.many_arms()).then(|| self.arms[0])
    }

    /// The reference arm of a two-arm comparison.
    pub fn reference(&self) -> Option<usize> {
        (!self.test.many_arms()).then(|| self.arms[1])
    }
}

/// One- or two-sided testing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Sides {
    /// One-sided, in the direction of benefit.
    One,
    /// Two-sided.
    Two,
}

impl Sides {
    /// 1 or 2.
    pub fn count(self) -> u8 {
        match self {
            Sides::One => 1,
            Sides::Two => 2,
        }
    }
}

/// `[analysis]` after validation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnalysisSettings {
    /// Significance level, in (0, 1).
    pub alpha: f64,
    /// Sidedness of every test.
    pub sides: Sides,
    /// Power the recommended n must reach, in (0, 1).
    pub target_power: f64,
    /// Expected fraction lost to follow-up, in [0, 1).
    pub dropout: f64,
    /// Multiplicity procedure across the primary comparisons.
    pub multiplicity: Multiplicity,
    /// What the recommended n must achieve.
    pub goal: Goal,
}

/// `[simulation]` after validation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimulationSettings {
    /// Simulated studies per sample size, 1 ..= 10^9.
    pub replicates: u64,
    /// Seed of every random stream.
    pub seed: u64,
    /// Smallest n per unit allocation searched, ≥ 2.
    pub n_min: u32,
    /// Largest n per unit allocation searched.
    pub n_max: u32,
    /// Precision control: near the crossing, add replicates until the
    /// recommended n is told apart from n − 1 (default on).
    pub precision: bool,
    /// Most replicates the precision control gives one n (≥ `replicates`).
    pub max_replicates: u64,
}

/// `[sensitivity]`: the factors of the sensitivity variants.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensitivity {
    /// Factors on every arm's difference from the control (default 0.75).
    pub effect: Vec<f64>,
    /// Factors on every SD (default 1.25).
    pub sd: Vec<f64>,
    /// Dropout fractions of the grid's third axis (empty: the scenario's
    /// own dropout only).
    pub dropout: Vec<f64>,
}

impl Default for Sensitivity {
    fn default() -> Self {
        Sensitivity { effect: vec![0.75], sd: vec![1.25], dropout: Vec::new() }
    }
}

impl Sensitivity {
    /// The grid's effect factors: the ones given and 1 (the scenario as
    /// written), ascending, without repeats.
    pub fn effect_axis(&self) -> Vec<f64> {
        axis(&self.effect, Some(1.0))
    }

    /// The grid's SD factors, as [`Sensitivity::effect_axis`].
    pub fn sd_axis(&self) -> Vec<f64> {
        axis(&self.sd, Some(1.0))
    }

    /// The grid's dropout fractions: the ones given, or `own` alone.
    pub fn dropout_axis(&self, own: f64) -> Vec<f64> {
        if self.dropout.is_empty() {
            vec![own]
        } else {
            axis(&self.dropout, None)
        }
    }
}

/// Sorted, without repeats, with `with` added.
fn axis(values: &[f64], with: Option<f64>) -> Vec<f64> {
    let mut v: Vec<f64> = values.iter().copied().chain(with).collect();
    v.sort_by(f64::total_cmp);
    v.dedup();
    v
}

/// Values given on the command line that replace the file's (saved in
/// shard files, so they read back exactly).
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    /// `--sensitivity`: run the sensitivity variants (the defaults when the
    /// file has no `[sensitivity]` table).
    pub sensitivity: bool,
    /// `--replicates`
    pub replicates: Option<u64>,
    /// `--seed`
    pub seed: Option<u64>,
    /// `--alpha`
    pub alpha: Option<f64>,
    /// `--target-power`
    pub target_power: Option<f64>,
    /// `--no-precision` (Some(false)) or `--precision` (Some(true))
    pub precision: Option<bool>,
    /// `--max-replicates`
    pub max_replicates: Option<u64>,
}
