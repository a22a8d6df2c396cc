//! Scenarios: what a study looks like and what it must show.
//!
//! A scenario is read in three steps, so that the engine never sees an
//! invalid value:
//! 1. [`raw`]: TOML is deserialized into a serde mirror of the file
//!    (unknown keys, missing keys and wrong types are caught here);
//! 2. [`validate`]: ranges and cross-references are checked and the mirror
//!    becomes the typed [`Scenario`] (every problem is collected, not just the
//!    first);
//! 3. [`locate`]: each problem's key path is mapped back to a line and column.
//!
//! The file format is documented key by key in the README.

mod locate;
mod raw;
mod validate;

use std::path::Path;

use serde::Serialize;

pub use crate::analysis::multiplicity::Multiplicity;
use crate::error::{PlanError, Problem, ScenarioError};

/// Where a number came from, and whether it is a guess.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provenance {
    /// Free-text source (paper, table, reasoning).
    pub source: Option<String>,
    /// True when the number is a planning assumption, not a reported value.
    pub assumed: bool,
}

/// The outcome's distribution family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Distribution {
    /// Normally distributed outcome.
    Normal,
}

impl Distribution {
    /// The name used in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            Distribution::Normal => "normal",
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
    /// Direction of benefit; one-sided tests look this way.
    pub higher_is_better: bool,
    /// Provenance of the common SD.
    pub provenance: Provenance,
}

/// One arm of the study.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Arm {
    /// Unique name.
    pub name: String,
    /// Expected mean outcome.
    pub mean: f64,
    /// Standard deviation used for this arm (its own or the outcome's).
    pub sd: f64,
    /// True when the SD is this arm's own override.
    pub sd_overridden: bool,
    /// Relative allocation weight (an arm of weight w gets round(w·n)).
    pub allocation: f64,
    /// Provenance of the arm's mean (and SD override).
    pub provenance: Provenance,
}

/// The test of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
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
}

impl TestKind {
    /// The name used in scenario files and outputs.
    pub fn name(self) -> &'static str {
        match self {
            TestKind::Student => "student",
            TestKind::Welch => "welch",
            TestKind::Dunnett => "dunnett",
            TestKind::Anova => "anova",
        }
    }

    /// The test with this scenario-file name.
    pub fn from_name(name: &str) -> Option<TestKind> {
        [TestKind::Student, TestKind::Welch, TestKind::Dunnett, TestKind::Anova].into_iter().find(|t| t.name() == name)
    }

    /// Human name of the test.
    pub fn describe(self) -> &'static str {
        match self {
            TestKind::Student => "Student's t test (pooled variance)",
            TestKind::Welch => "Welch's t test",
            TestKind::Dunnett => "Dunnett's many-to-one t test",
            TestKind::Anova => "one-way ANOVA F test",
        }
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

impl Hypothesis {
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
        (self.test != TestKind::Anova).then(|| self.arms[0])
    }

    /// The reference arm of a two-arm comparison.
    pub fn reference(&self) -> Option<usize> {
        (self.test != TestKind::Anova).then(|| self.arms[1])
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
}

/// `[sensitivity]`: the factors of the sensitivity variants.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensitivity {
    /// Factors on every arm's difference from the control (default 0.75).
    pub effect: Vec<f64>,
    /// Factors on every SD (default 1.25).
    pub sd: Vec<f64>,
}

impl Default for Sensitivity {
    fn default() -> Self {
        Sensitivity { effect: vec![0.75], sd: vec![1.25] }
    }
}

/// Values given on the command line that replace the file's.
#[derive(Debug, Clone, Default)]
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
}

/// One entry of the assumption ledger.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assumption {
    /// Key path of the number, e.g. `arms[2].mean`.
    pub key: String,
    /// What the number is, e.g. "exosome mean = 118 hairs/cm²".
    pub what: String,
    /// "assumed" (flagged as a planning assumption) or "unsourced"
    /// (not flagged, but no source was given either).
    pub status: &'static str,
    /// The stated basis, if any.
    pub source: Option<String>,
}

/// A validated scenario. The only way to build one is [`Scenario::from_toml`]
/// (or [`Scenario::from_file`]), so every value in it has been checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    title: String,
    outcome: Outcome,
    arms: Vec<Arm>,
    comparisons: Vec<Comparison>,
    analysis: AnalysisSettings,
    simulation: SimulationSettings,
    sensitivity: Option<Sensitivity>,
    source: Source,
}

/// The file a scenario was read from, for reproducibility records.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// The path as the user gave it.
    pub file: String,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
}

impl Source {
    fn new(path: &Path, text: &str) -> Source {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(text.as_bytes());
        let sha256 = digest.iter().map(|b| format!("{b:02x}")).collect();
        Source { file: path.display().to_string(), sha256 }
    }
}

impl Scenario {
    /// Reads and validates a scenario file.
    pub fn from_file(path: &Path, overrides: &Overrides) -> Result<Scenario, PlanError> {
        let text = std::fs::read_to_string(path).map_err(|source| PlanError::Io {
            action: "cannot read",
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Scenario::from_toml(&text, path, overrides)?)
    }

    /// Parses and validates scenario text; `path` is used in messages only.
    ///
    /// ```
    /// use plan::scenario::{Overrides, Scenario};
    /// let text = r#"
    /// title = "demo"
    /// [outcome]
    /// name = "y"
    /// sd = 1.0
    /// [[arms]]
    /// name = "control"
    /// mean = 0.0
    /// [[arms]]
    /// name = "treated"
    /// mean = 0.5
    /// [[comparisons]]
    /// treatment = "treated"
    /// reference = "control"
    /// "#;
    /// let s = Scenario::from_toml(text, "demo.toml".as_ref(), &Overrides::default()).unwrap();
    /// assert_eq!(s.arms().len(), 2);
    /// assert_eq!(s.comparisons()[0].label, "treated vs control");
    /// ```
    pub fn from_toml(text: &str, path: &Path, overrides: &Overrides) -> Result<Scenario, ScenarioError> {
        let fail = |problems: Vec<Problem>| ScenarioError {
            file: path.to_path_buf(),
            problems: locate::locate_all(text, problems),
        };
        let raw = raw_from_toml(text).map_err(|p| fail(vec![p]))?;
        let mut scenario = validate::validate(raw, overrides).map_err(fail)?;
        scenario.source = Source::new(path, text);
        Ok(scenario)
    }

    /// Title of the study.
    pub fn title(&self) -> &str {
        &self.title
    }
    /// The outcome.
    pub fn outcome(&self) -> &Outcome {
        &self.outcome
    }
    /// The arms, in file order.
    pub fn arms(&self) -> &[Arm] {
        &self.arms
    }
    /// The comparisons, in file order.
    pub fn comparisons(&self) -> &[Comparison] {
        &self.comparisons
    }
    /// `[analysis]`
    pub fn analysis(&self) -> &AnalysisSettings {
        &self.analysis
    }
    /// `[simulation]`
    pub fn simulation(&self) -> &SimulationSettings {
        &self.simulation
    }
    /// The file the scenario came from, with its SHA-256.
    pub fn source(&self) -> &Source {
        &self.source
    }
    /// The sensitivity variants to run, if any.
    pub fn sensitivity(&self) -> Option<&Sensitivity> {
        self.sensitivity.as_ref()
    }

    /// The arm effects are measured from: the reference of the first
    /// primary two-arm comparison, else the first arm.
    pub fn control(&self) -> usize {
        self.comparisons.iter().filter(|c| c.primary).find_map(|c| c.reference()).unwrap_or(0)
    }

    /// The scenario with every arm's difference from [`Scenario::control`]
    /// multiplied by `effect` and every SD by `sd` (both finite and > 0;
    /// margins are kept), for sensitivity analysis. Without the variants.
    pub fn scaled(&self, effect: f64, sd: f64) -> Scenario {
        let mut s = self.clone();
        s.sensitivity = None;
        if !(effect.is_finite() && effect > 0.0 && sd.is_finite() && sd > 0.0) {
            return s;
        }
        let base = self.arms[self.control()].mean;
        for a in &mut s.arms {
            a.mean = base + effect * (a.mean - base);
            a.sd *= sd;
        }
        s.outcome.sd = s.outcome.sd.map(|x| x * sd);
        s
    }

    /// The same scenario with arm `arm`'s allocation weight set to `weight`
    /// (finite and > 0; anything else leaves the scenario unchanged).
    pub fn with_allocation(&self, arm: usize, weight: f64) -> Scenario {
        let mut s = self.clone();
        if weight.is_finite() && weight > 0.0 {
            if let Some(a) = s.arms.get_mut(arm) {
                a.allocation = weight;
            }
        }
        s
    }

    /// Sample size of each arm when an arm of allocation weight 1 has `n`:
    /// round(w·n), at least 2.
    pub fn arm_sizes(&self, n: u32) -> Vec<u32> {
        self.arms.iter().map(|a| ((a.allocation * f64::from(n)).round() as u32).max(2)).collect()
    }

    /// Number to enroll in an arm of analysable size `n`: ceil(n / (1 − dropout)).
    pub fn enrolled(&self, n: u32) -> u32 {
        let d = self.analysis.dropout;
        if d == 0.0 {
            return n;
        }
        // A tiny relative slack keeps exact ratios (e.g. 9 / 0.9) from
        // rounding up to the next integer through floating-point error.
        let x = f64::from(n) / (1.0 - d);
        (x * (1.0 - 1e-12)).ceil() as u32
    }

    /// The assumption ledger: every number flagged `assumed = true`, and
    /// every number given without a source.
    pub fn assumptions(&self) -> Vec<Assumption> {
        let unit = self.outcome.unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
        let mut out = Vec::new();
        let mut push = |key: String, what: String, p: &Provenance| {
            let status = if p.assumed {
                "assumed"
            } else if p.source.is_none() {
                "unsourced"
            } else {
                return;
            };
            out.push(Assumption { key, what, status, source: p.source.clone() });
        };
        if let Some(sd) = self.outcome.sd {
            push("outcome.sd".into(), format!("common SD = {sd}{unit}"), &self.outcome.provenance);
        }
        for (i, a) in self.arms.iter().enumerate() {
            let mut what = format!("{} mean = {}{unit}", a.name, a.mean);
            if a.sd_overridden {
                what.push_str(&format!(", SD = {}{unit}", a.sd));
            }
            push(format!("arms[{i}]"), what, &a.provenance);
        }
        for (i, c) in self.comparisons.iter().enumerate() {
            if let Some(m) = c.hypothesis.margin() {
                let what = format!("{} {} margin = {m}{unit}", c.label, c.hypothesis.name());
                push(format!("comparisons[{i}].margin"), what, &c.provenance);
            }
        }
        out
    }
}

/// Deserializes the raw mirror, turning serde's error into a [`Problem`]
/// with the key path (from `serde_path_to_error`) and the byte span.
fn raw_from_toml(text: &str) -> Result<raw::RawScenario, Problem> {
    let de = toml::Deserializer::parse(text).map_err(|e| toml_problem(String::new(), &e, text))?;
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        toml_problem(path, e.inner(), text)
    })
}

fn toml_problem(path: String, e: &toml::de::Error, text: &str) -> Problem {
    let message = e.message().trim().to_string();
    let (key, expected) = locate::describe_serde_error(&path, &message);
    Problem { key, value: None, expected, location: e.span().map(|s| locate::line_col(text, s.start)) }
}
