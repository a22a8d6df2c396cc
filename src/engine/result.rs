//! The result of a planning run: everything the exporters serialize. Field
//! names are part of the JSON format documented in the README.

use serde::Serialize;

use crate::analysis::multiplicity::Multiplicity;
use crate::analysis::PowerMethod;
use crate::design::Unit;
use crate::scenario::{
    Arm, Assumption, ClusterAnalysis, DesignKind, Goal, HypothesisKind, Outcome, Source, Subject, TestKind,
};

/// A warning about the recommended n, from exact computations.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Warning {
    /// A discrete test's exact power is not monotone in n: it falls below
    /// the target again at `n_per_arm`, above the recommended n.
    PowerDips {
        /// The comparison's label.
        comparison: String,
        /// The first n above the recommendation with power below the target.
        n_per_arm: u32,
        /// The exact power there.
        power: f64,
    },
    /// A one-sided superiority test looks in the direction of benefit, but
    /// the planned effect runs the other way: its power stays below α at
    /// every n.
    AgainstDirection {
        /// The comparison's label.
        comparison: String,
    },
    /// The test's size at the recommended n exceeds its level by more than
    /// 10% (exactly, or by simulation with its 95% interval above that):
    /// it rejects a true null more often than it should.
    Liberal {
        /// The comparison's label.
        comparison: String,
        /// The recommended n.
        n_per_arm: u32,
        /// The rejection rate when the treatment arm equals the reference.
        size: f64,
        /// The level the comparison is tested at.
        level: f64,
        /// How `size` was found: "exact" (enumeration) or "simulated"
        /// (with the scenario's replicates at n).
        method: SizeMethod,
    },
}

/// How a test's size was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SizeMethod {
    /// Summed over every outcome: no Monte Carlo error.
    Exact,
    /// Simulated under the null.
    Simulated,
}

/// The design, as the outputs report it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DesignResult {
    /// "parallel" or "paired".
    pub kind: DesignKind,
    /// Paired designs: the correlation of a subject's measurements.
    pub correlation: Option<f64>,
    /// ANCOVA designs: the correlation of baseline and outcome within an arm.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline_correlation: Option<f64>,
    /// Clustered designs: measurements per cluster (n counts clusters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster_size: Option<u32>,
    /// Clustered designs: the intraclass correlation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icc: Option<f64>,
    /// Clustered designs: the design effect, the variance of a cluster's
    /// mean (as the analysis weighs it) over that of the mean of m
    /// independent measurements: 1 + (m − 1)·ICC for equal sizes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub design_effect: Option<f64>,
    /// Clustered designs: "means" (t tests on the cluster means) or
    /// "mixed" (a random-intercept model).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analysis: Option<ClusterAnalysis>,
    /// Clustered designs with sizes that vary: their coefficient of
    /// variation as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster_size_cv: Option<f64>,
    /// Clustered designs with sizes that vary: the expected size of a
    /// cluster (of the rounded gamma distribution drawn).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_cluster_size: Option<f64>,
    /// Clustered designs: power for the same total of measurements per arm
    /// split into more or fewer clusters ("more fields or more animals?").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tradeoff: Vec<TradeoffRow>,
    /// What `n_per_arm` counts: "subjects-per-arm" (parallel) or
    /// "subjects" (paired: each measured under every condition, so
    /// `n_total` is the same number).
    pub unit: Unit,
}

/// One way to spend a clustered design's measurements: n clusters per arm
/// of m measurements each.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TradeoffRow {
    /// Measurements per cluster.
    pub cluster_size: u32,
    /// Clusters per arm of unit allocation.
    pub clusters_per_arm: u32,
    /// Measurements per arm of unit allocation (expected, when sizes vary;
    /// within 10% of the scenario's row in every row).
    pub measurements_per_arm: f64,
    /// The goal's simulated power (the scenario's replicates, at most
    /// 10,000; no precision control).
    pub power: f64,
    /// Lower end of its 95% Monte Carlo interval.
    pub ci_low: f64,
    /// Upper end of its 95% Monte Carlo interval.
    pub ci_high: f64,
    /// The goal's closed-form power, where there is one.
    pub closed_form: Option<f64>,
    /// Simulated studies behind `power`.
    pub replicates: u64,
    /// True for the scenario's own cluster size.
    pub scenario: bool,
}

impl DesignResult {
    /// True for a paired design.
    pub fn paired(&self) -> bool {
        self.kind == DesignKind::Paired
    }
}

/// The recommended sample size.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    /// n per arm of unit allocation weight.
    pub n_per_arm: u32,
    /// Analysable participants over all arms.
    pub n_total: u32,
    /// Participants to enroll over all arms, after dropout.
    pub n_enrolled: u32,
    /// The goal's power at n (for "each": the lowest primary power).
    pub power: f64,
    /// Lower end of its 95% Monte Carlo interval.
    pub ci_low: f64,
    /// Upper end of its 95% Monte Carlo interval.
    pub ci_high: f64,
    /// True when the goal reached the target within [n_min, n_max]; when
    /// false, n is where the best goal power was seen.
    pub reached: bool,
    /// Size of each arm at n.
    pub arms: Vec<ArmSize>,
    /// Simulated studies behind the power at n.
    pub replicates: u64,
    /// The goal's power at n − 1 (null when n is n_min or the target was
    /// not reached): the neighbour the recommendation must be told apart from.
    pub below: Option<PowerAt>,
    /// True when the 95% interval at n lies above the target and the one at
    /// n − 1 below it: the simulation cannot have picked the wrong n by
    /// chance (at the 95% level). False when the precision control is off or
    /// hit `max_replicates` first.
    pub resolved: bool,
    /// Time-to-event outcomes: the expected number of events the study
    /// observes at n, all arms together (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<f64>,
    /// Clustered designs: the measurements the analysed clusters give at
    /// n, all arms together (expected, when sizes vary; absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measurements: Option<f64>,
}

/// A power estimate at one n.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PowerAt {
    /// n per arm of unit allocation.
    pub n_per_arm: u32,
    /// Simulated power.
    pub power: f64,
    /// Lower end of its 95% interval.
    pub ci_low: f64,
    /// Upper end of its 95% interval.
    pub ci_high: f64,
    /// Simulated studies behind it.
    pub replicates: u64,
}

/// One arm's size at the recommended n.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArmSize {
    /// Arm name.
    pub arm: String,
    /// Analysable n.
    pub n: u32,
    /// n to enroll after dropout.
    pub enrolled: u32,
}

/// One comparison's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparisonResult {
    /// Label.
    pub label: String,
    /// Treatment arm name (null for ANOVA).
    pub treatment: Option<String>,
    /// Reference arm name (null for ANOVA).
    pub reference: Option<String>,
    /// Every arm the comparison involves.
    pub arms: Vec<String>,
    /// The test, by its registry name ("welch", "chisq", "paired-t", …).
    pub test: TestKind,
    /// "superiority", "non-inferiority" or "equivalence" in JSON.
    pub hypothesis: HypothesisKind,
    /// Margin in outcome units (non-inferiority, equivalence).
    pub margin: Option<f64>,
    /// Outcomes compared as ratios (lognormal, counts): the margin as the
    /// user gave it, a ratio: the least favourable ratio tolerated (0.8
    /// when higher is better; equivalence: the lower bound, the upper being
    /// its inverse). `margin` is then its log, |ln ratio|.
    pub margin_ratio: Option<f64>,
    /// Where the margin comes from (its `source`), if given.
    pub margin_source: Option<String>,
    /// Part of the primary family.
    pub primary: bool,
    /// The level this comparison is tested at, after multiplicity, at the
    /// reported n (null for Holm and Hochberg, whose level depends on the
    /// other p-values).
    pub adjusted_alpha: Option<f64>,
    /// Raw difference of means, treatment − reference (null for ANOVA).
    pub difference: Option<f64>,
    /// Standardized difference d = difference / √((σ_t² + σ_r²)/2) (for
    /// ANOVA: Cohen's f).
    pub d: f64,
    /// Paired designs: d_z = difference / SD of the within-subject
    /// differences, the effect size of the paired test.
    pub d_z: Option<f64>,
    /// ANCOVA and clustered designs: the standardized effect the test
    /// works on, d/√(1 − ρ²) after adjusting for baseline, or d on the
    /// cluster means as the comparison's analysis weighs them,
    /// d/√(ICC + (1 − ICC)/m) for equal sizes (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub d_adjusted: Option<f64>,
    /// Binary outcomes: the odds ratio treatment : reference.
    pub odds_ratio: Option<f64>,
    /// Outcomes compared as ratios: the ratio treatment : reference (of
    /// geometric means for lognormal outcomes, of rates for counts);
    /// `difference` and `d` are then on the log scale.
    pub ratio: Option<f64>,
    /// Ordinal outcomes: the probability that a treated subject scores
    /// better than a reference one (higher, or lower when lower is better),
    /// ties counting one half: ½ is no effect.
    pub probability_better: Option<f64>,
    /// With `--mde`: the minimum detectable effect at the reported n (absent
    /// otherwise, and when `mde_unavailable` says why there is none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mde: Option<super::mde::Mde>,
    /// With `--mde`: why this comparison has no minimum detectable effect
    /// ("not-superiority", "no-effect", "not-reached").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mde_unavailable: Option<super::mde::NoMde>,
    /// Time-to-event outcomes: the events the log-rank test needs for the
    /// target power by Schoenfeld's formula, whatever the n (absent
    /// otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events_required: Option<f64>,
    /// The n this comparison alone needs (null with `--n`, or when not
    /// reached: see `reached`).
    pub n_per_arm: Option<u32>,
    /// Whether this comparison reached the target in range (null with `--n`).
    pub reached: Option<bool>,
    /// Simulated power at the reported n, multiplicity included.
    pub power: f64,
    /// Its Monte Carlo standard error.
    pub mc_se: f64,
    /// Lower end of its 95% interval.
    pub ci_low: f64,
    /// Upper end of its 95% interval.
    pub ci_high: f64,
    /// Closed-form power at the same n, where one exists.
    pub analytic_power: Option<f64>,
    /// How `analytic_power` was computed: "noncentral-t", "noncentral-f",
    /// "normal-approximation", or "exact" (enumeration: no Monte Carlo
    /// error, no approximation).
    pub analytic_method: Option<PowerMethod>,
    /// The t test's degrees of freedom at the reported n, when the design
    /// fixes them (Student, paired t, ANCOVA N − k − 1, the mixed model's
    /// clusters − arms, Dunnett's pooled ν; absent for Welch and z tests).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub df: Option<f64>,
}

/// The study goal's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalResult {
    /// The goal ("each", "all" or "any" in JSON).
    pub name: Goal,
    /// What the goal means, in words.
    pub meaning: &'static str,
    /// The goal's power at the reported n ("each": the lowest primary power).
    pub power: f64,
    /// Lower end of its 95% interval.
    pub ci_low: f64,
    /// Upper end of its 95% interval.
    pub ci_high: f64,
    /// The n the goal needs (null with `--n` or when not reached).
    pub n_per_arm: Option<u32>,
    /// Probability that all primary hypotheses are rejected in one study.
    pub power_all: f64,
    /// Probability that at least one is rejected.
    pub power_any: f64,
}

/// One allocation's outcome in the allocation advice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AllocationOption {
    /// Allocation weight of each arm, in scenario order.
    pub weights: Vec<f64>,
    /// n per arm of weight 1 that reaches the goal.
    pub n_per_arm: u32,
    /// Each arm's size at that n.
    pub arms: Vec<ArmSize>,
    /// Analysable total.
    pub n_total: u32,
    /// Total to enroll after dropout.
    pub n_enrolled: u32,
    /// The goal's power there.
    pub power: f64,
    /// Whether the goal was reached in range.
    pub reached: bool,
}

/// The scenario's allocation beside the √k:1 many-to-one allocation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AllocationAdvice {
    /// The shared control arm.
    pub control: String,
    /// Number of primary comparisons sharing it.
    pub k: usize,
    /// The scenario's own allocation.
    pub scenario: AllocationOption,
    /// Control weight √k times the treatments' (Dunnett 1955; Hochberg &
    /// Tamhane 1987, §5.2): the classical optimum for many-to-one tests.
    pub sqrt_k: AllocationOption,
    /// Which needs fewer: "scenario", "sqrt_k", or "equal" (in JSON).
    pub cheaper: Cheaper,
}

/// One row of the power curve: one (n, comparison).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CurveRow {
    /// Scenario title.
    pub scenario: String,
    /// "base" for the scenario as written, or the sensitivity variant
    /// (e.g. "effect x0.75").
    pub variant: String,
    /// Comparison label.
    pub comparison: String,
    /// n per arm of unit allocation.
    pub n_per_arm: u32,
    /// Analysable total over all arms.
    pub n_total: u32,
    /// Total to enroll after dropout.
    pub n_enrolled: u32,
    /// Simulated power.
    pub power: f64,
    /// Monte Carlo standard error.
    pub mc_se: f64,
    /// Lower end of the 95% Wilson interval.
    pub ci_low: f64,
    /// Upper end of the 95% Wilson interval.
    pub ci_high: f64,
    /// Closed-form power (empty where none).
    pub analytic_power: Option<f64>,
    /// Replicates simulated.
    pub replicates: u64,
    /// Seed.
    pub seed: u64,
    /// Version of plan that produced the row.
    pub version: &'static str,
    /// "grid" for a point of the regular power-curve grid (what the
    /// summary and the plot show), "search" for an n the sample-size search
    /// evaluated off the grid.
    pub point: CurvePoint,
    /// Time-to-event outcomes: the expected number of events at this n,
    /// all arms together (the column is absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<f64>,
    /// Clustered designs: the measurements the analysed clusters give at
    /// this n, all arms together (expected, when sizes vary; the column is
    /// absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measurements: Option<f64>,
    /// With priors: the assurance at this n (the scenario as written only;
    /// empty for the sensitivity variants' rows; the column is absent
    /// without priors).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assurance: Option<Option<f64>>,
}

/// The plan re-run with the effects shrunk or the SDs inflated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SensitivityResult {
    /// Name, e.g. "effect x0.75" or "SD x1.25".
    pub variant: String,
    /// Factor applied to every arm's difference from the control.
    pub effect_factor: f64,
    /// Factor applied to every SD.
    pub sd_factor: f64,
    /// The recommendation under this variant (null with `--n`).
    pub recommendation: Option<Recommendation>,
    /// The goal under this variant.
    pub goal: GoalResult,
}

/// Which allocation of the advice needs fewer subjects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cheaper {
    /// The scenario's own allocation.
    Scenario,
    /// The √k:1 allocation.
    SqrtK,
    /// Both need the same total.
    Equal,
}

/// Where a curve row comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CurvePoint {
    /// The regular grid of n (shown in the summary and the plot).
    Grid,
    /// An n the search evaluated off the grid.
    Search,
}

/// How the simulated data were drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DataSource {
    /// Each arm's exact sufficient statistics (mean and variance).
    Summary,
    /// Every observation.
    Raw,
}

impl DataSource {
    /// The name used in JSON and in the report's reproducibility block.
    pub fn name(self) -> &'static str {
        match self {
            DataSource::Summary => "summary",
            DataSource::Raw => "raw",
        }
    }
}

/// The settings the run used, after overrides.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settings {
    /// Significance level.
    pub alpha: f64,
    /// 1 or 2.
    pub sides: u8,
    /// Target power.
    pub target_power: f64,
    /// Dropout fraction.
    pub dropout: f64,
    /// n range searched.
    pub n_min: u32,
    /// n range searched.
    pub n_max: u32,
    /// How each arm's data were drawn ("summary" or "raw" in JSON).
    pub data_path: DataSource,
    /// Multiplicity procedure over the primary comparisons.
    pub multiplicity: Multiplicity,
    /// Study goal.
    pub goal: Goal,
    /// Whether the precision control was on.
    pub precision: bool,
    /// Most replicates the precision control may give one n.
    pub max_replicates: u64,
}

/// Everything a planning run produced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanResult {
    /// "plan".
    pub tool: &'static str,
    /// Version of the tool.
    pub version: &'static str,
    /// Scenario title.
    pub title: String,
    /// What a unit of the study is called in sentences.
    pub subject: Subject,
    /// The scenario file and its SHA-256.
    pub input: Source,
    /// The outcome.
    pub outcome: Outcome,
    /// The design.
    pub design: DesignResult,
    /// The arms, with their means, SDs, allocation and provenance.
    pub arms: Vec<Arm>,
    /// Settings in force.
    pub settings: Settings,
    /// The recommendation (null with `--n`).
    pub recommendation: Option<Recommendation>,
    /// Per-comparison results.
    pub comparisons: Vec<ComparisonResult>,
    /// The study goal over the primary comparisons.
    pub goal: GoalResult,
    /// The √k:1 allocation beside the scenario's, when k ≥ 2 primary
    /// comparisons share a control (search only).
    pub allocation_advice: Option<AllocationAdvice>,
    /// The power curve, one row per (variant, n, comparison): the base
    /// scenario first, n ascending.
    pub curve: Vec<CurveRow>,
    /// The sensitivity variants (empty unless requested).
    pub sensitivity: Vec<SensitivityResult>,
    /// With priors on the arms: the assurance (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assurance: Option<super::assurance::Assurance>,
    /// The sensitivity grid, exported as a list of cells (absent unless
    /// requested).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grid: Option<super::grid::Grid>,
    /// The assumption ledger.
    pub assumptions: Vec<Assumption>,
    /// Arms whose size at the reported n is held at the minimum of 2
    /// because round(allocation × n) < 2: their precision does not grow
    /// with n, so power may not either.
    pub pinned_arms: Vec<String>,
    /// What a careful reader must know about the recommended n that the
    /// numbers alone do not say (discrete tests; empty otherwise).
    pub warnings: Vec<Warning>,
    /// Replicates per n (the initial block; the precision control may add
    /// more near the recommended n: see each curve row's `replicates`).
    pub replicates: u64,
    /// Seed.
    pub seed: u64,
}

impl PlanResult {
    /// The estimate of comparison `label` at `n` under `variant` ("base"
    /// for the scenario as written), from the curve.
    pub fn curve_at(&self, variant: &str, label: &str, n: u32) -> Option<&CurveRow> {
        self.curve.iter().find(|r| r.variant == variant && r.comparison == label && r.n_per_arm == n)
    }
}
