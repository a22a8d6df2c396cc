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
pub mod prior;
mod raw;
mod types;
mod validate;

pub use types::{
    AnalysisSettings, Arm, Categories, ClusterAnalysis, Comparison, DesignKind, DesignSettings, Distribution, Evidence,
    Goal, Hypothesis, HypothesisKind, Outcome, Overrides, Provenance, Sensitivity, Sides, SimulationSettings, Subject,
    TestKind, TIME_UNITS,
};

use std::path::Path;

use serde::Serialize;

pub use crate::analysis::multiplicity::Multiplicity;
use crate::error::{PlanError, Problem, ScenarioError};

/// Why a number is in the assumption ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Flagged `assumed = true`: a planning assumption.
    Assumed,
    /// Not flagged, but given without a source.
    Unsourced,
}

impl Status {
    /// The word used in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Status::Assumed => "assumed",
            Status::Unsourced => "unsourced",
        }
    }
}

/// One entry of the assumption ledger.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assumption {
    /// Key path of the number, e.g. `arms[2].mean`.
    pub key: String,
    /// What the number is, e.g. "exosome mean = 118 hairs/cm²".
    pub what: String,
    /// Flagged as a planning assumption, or not flagged but unsourced
    /// ("assumed" or "unsourced" in JSON).
    pub status: Status,
    /// The stated basis, if any.
    pub source: Option<String>,
    /// The evidence grade given in the file ("direction", "assumption";
    /// absent when none was given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

impl Assumption {
    /// The ledger's label: the evidence grade when one was given, else
    /// "assumed" or "unsourced".
    pub fn label(&self) -> &'static str {
        match self.evidence {
            Some(e) if self.status == Status::Assumed => e.name(),
            _ => self.status.name(),
        }
    }
}

/// A validated scenario. The only way to build one is [`Scenario::from_toml`]
/// (or [`Scenario::from_file`]), so every value in it has been checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    title: String,
    subject: Subject,
    outcome: Outcome,
    design: DesignSettings,
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
    /// Reads and validates a scenario file (`-` for standard input); see
    /// [`read_text`].
    pub fn from_file(path: &Path, overrides: &Overrides) -> Result<Scenario, PlanError> {
        let text = read_text(path)?;
        let shown = if path.as_os_str() == "-" { Path::new("<stdin>") } else { path };
        Ok(Scenario::from_toml(&text, shown, overrides)?)
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
    /// What a unit of the study is called ("mouse", "participant").
    pub fn subject(&self) -> &Subject {
        &self.subject
    }
    /// The outcome.
    pub fn outcome(&self) -> &Outcome {
        &self.outcome
    }
    /// `[design]` (parallel by default).
    pub fn design(&self) -> &DesignSettings {
        &self.design
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
    /// multiplied by `effect` and every SD (lognormal: CV) by `sd` (both finite and > 0;
    /// margins are kept), for sensitivity analysis. Without the variants.
    pub fn scaled(&self, effect: f64, sd: f64) -> Scenario {
        let mut s = self.clone();
        s.sensitivity = None;
        if !(effect.is_finite() && effect > 0.0 && sd.is_finite() && sd > 0.0) {
            return s;
        }
        let base = self.arms[self.control()].mean;
        let exposure = self.outcome.exposure.unwrap_or(1.0);
        let control = self.arms[self.control()].probabilities.clone();
        let scores = self.outcome.categories.as_ref().map(|c| c.scores());
        for a in &mut s.arms {
            a.mean = base + effect * (a.mean - base);
            if let (Some(p), Some(pc), Some(scores)) = (&mut a.probabilities, &control, &scores) {
                // Ordinal: each category's share moves from the control's
                // by the factor (kept ≥ 0, then renormalized).
                for (x, c) in p.iter_mut().zip(pc) {
                    *x = (c + effect * (*x - c)).max(0.0);
                }
                let total: f64 = p.iter().sum();
                p.iter_mut().for_each(|x| *x /= total);
                (a.mean, a.sd) = crate::model::ordinal::moments(scores, p);
                continue;
            }
            if let Some(rate) = &mut a.rate {
                // Counts: the effect is scaled on the log scale, as the test sees it.
                *rate = a.mean.exp();
                a.sd = crate::model::counts::log_scale_sd(*rate * exposure, self.outcome.dispersion);
                continue;
            }
            if let Some(g) = &mut a.geometric_mean {
                // Lognormal: the spread factor is on the coefficient of variation.
                *g = a.mean.exp();
                if let Some(cv) = &mut a.cv {
                    *cv *= sd;
                    a.sd = crate::model::lognormal::sd_of_logs(*cv);
                }
                continue;
            }
            if let (Some(h), Some(m)) = (&mut a.hazard, &mut a.median) {
                // Time to event: the log hazard ratio is scaled.
                let shape = self.outcome.shape.unwrap_or(1.0);
                *h = (a.mean / shape).exp();
                *m = std::f64::consts::LN_2.powf(1.0 / shape) / *h;
                continue;
            }
            if let Some(p) = &mut a.p {
                // A probability stays one; binary outcomes have no SD factor.
                a.mean = a.mean.clamp(0.0, 1.0);
                *p = a.mean;
                a.sd = (a.mean * (1.0 - a.mean)).sqrt();
            } else {
                a.sd *= sd;
            }
        }
        s.outcome.sd = s.outcome.sd.map(|x| x * sd);
        s.outcome.cv = s.outcome.cv.map(|x| x * sd);
        s
    }

    /// What the sensitivity grid's spread factor multiplies: "SD" (normal
    /// outcomes), "CV" (lognormal); None for outcomes whose spread follows
    /// from their mean.
    pub fn spread_name(&self) -> Option<&'static str> {
        spread_name(self.outcome.distribution)
    }

    /// True when some arm carries a prior (assurance is computed).
    pub fn has_priors(&self) -> bool {
        self.arms.iter().any(|a| a.prior.is_some())
    }

    /// Sets arm `i`'s parameter (its `mean`, `p`, `geometric_mean`, `rate`
    /// or `median`, as its outcome takes) to `value`, and what follows from
    /// it, as validation does: a draw from the arm's prior. Ordinal arms
    /// are left as they are (they take no prior).
    pub fn set_arm_value(&mut self, i: usize, value: f64) {
        let exposure = self.outcome.exposure.unwrap_or(1.0);
        let (dispersion, shape) = (self.outcome.dispersion, self.outcome.shape.unwrap_or(1.0));
        let a = &mut self.arms[i];
        match self.outcome.distribution {
            Distribution::Normal => a.mean = value,
            Distribution::Binary => {
                let p = value.clamp(0.0, 1.0);
                (a.p, a.mean, a.sd) = (Some(p), p, (p * (1.0 - p)).sqrt());
            }
            Distribution::Lognormal => (a.geometric_mean, a.mean) = (Some(value), value.ln()),
            Distribution::Poisson | Distribution::NegativeBinomial => {
                a.rate = Some(value);
                a.mean = value.ln();
                a.sd = crate::model::counts::log_scale_sd(value * exposure, dispersion);
            }
            Distribution::TimeToEvent => {
                let hazard = crate::model::survival::rate_of_median(value, shape);
                (a.median, a.hazard, a.mean) = (Some(value), Some(hazard), shape * hazard.ln());
            }
            Distribution::Ordinal => {}
        }
    }

    /// The same scenario tested one-sided (toward `higher_is_better`) at
    /// `alpha`: assurance's "significant in the better direction". Without
    /// the variants.
    pub fn one_sided_at(&self, alpha: f64) -> Scenario {
        let mut s = self.clone();
        s.sensitivity = None;
        s.analysis.sides = Sides::One;
        s.analysis.alpha = alpha;
        s
    }

    /// The same scenario with another dropout fraction (in [0, 1)), for the
    /// sensitivity grid. Without the variants.
    pub fn with_dropout(&self, dropout: f64) -> Scenario {
        let mut s = self.clone();
        s.sensitivity = None;
        s.analysis.dropout = dropout;
        s
    }

    /// The same scenario with arm `treatment` given arm `reference`'s
    /// parameters (mean, SD, probability): comparison between them under its
    /// superiority null, for exact sizes. Without the variants.
    pub fn with_null(&self, treatment: usize, reference: usize) -> Scenario {
        let mut s = self.clone();
        s.sensitivity = None;
        let r = s.arms[reference].clone();
        let t = &mut s.arms[treatment];
        (t.mean, t.sd, t.p, t.rate, t.geometric_mean, t.cv) = (r.mean, r.sd, r.p, r.rate, r.geometric_mean, r.cv);
        (t.probabilities, t.median, t.hazard) = (r.probabilities, r.median, r.hazard);
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

    /// The same clustered scenario with `size` measurements per cluster
    /// (at least 1), for the design's trade-off table. Without the variants.
    pub fn with_cluster_size(&self, size: u32) -> Scenario {
        let mut s = self.clone();
        s.sensitivity = None;
        if s.design.cluster_size.is_some() {
            s.design.cluster_size = Some(size.max(1));
        }
        s
    }

    /// The design, built from the registry.
    pub fn build_design(&self) -> Box<dyn crate::design::Design> {
        (crate::registry::design(self.design.kind).build)(self)
    }

    /// Sample size of each arm when an arm of allocation weight 1 has `n`
    /// (parallel: round(w·n), at least 2; paired: n under every condition).
    pub fn arm_sizes(&self, n: u32) -> Vec<u32> {
        self.build_design().sizes(n)
    }

    /// Number to enroll in an arm of analysable size `n`: ceil(n / (1 − dropout)).
    pub fn enrolled(&self, n: u32) -> u32 {
        crate::design::inflate(n, self.analysis.dropout)
    }

    /// The assumption ledger: every number flagged `assumed = true`, and
    /// every number given without a source.
    pub fn assumptions(&self) -> Vec<Assumption> {
        let unit = self.outcome.unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
        // SDs and margins are differences: in percentage points for a % outcome.
        let spread = match self.outcome.unit.as_deref() {
            _ if self.outcome.distribution == Distribution::Binary => " (risk difference)".to_string(),
            Some("%") => " percentage points".to_string(),
            _ => unit.clone(),
        };
        let mut out = Vec::new();
        let mut push = |key: String, what: String, p: &Provenance| {
            let status = if p.assumed {
                Status::Assumed
            } else if p.source.is_none() {
                Status::Unsourced
            } else {
                return;
            };
            out.push(Assumption { key, what, status, source: p.source.clone(), evidence: p.evidence });
        };
        if let Some(sd) = self.outcome.sd {
            push("outcome.sd".into(), format!("common SD = {sd}{spread}"), &self.outcome.provenance);
        }
        if let Some(cv) = self.outcome.cv {
            push("outcome.cv".into(), format!("common coefficient of variation = {cv}"), &self.outcome.provenance);
        }
        if let Some(k) = self.outcome.dispersion {
            push("outcome.dispersion".into(), format!("negative binomial size k = {k}"), &self.outcome.provenance);
        }
        // Time to event: the study's timing and loss are planning values too.
        let time_unit = self.outcome.time_unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
        for (key, what, value) in [
            ("accrual", "accrual period", self.outcome.accrual),
            ("follow_up", "follow-up after the last entry", self.outcome.follow_up),
        ] {
            if let Some(v) = value {
                push(format!("outcome.{key}"), format!("{what} = {v}{time_unit}"), &self.outcome.provenance);
            }
        }
        if let Some(loss) = self.outcome.loss {
            push("outcome.loss".into(), format!("loss to follow-up = {loss} within a year"), &self.outcome.provenance);
        }
        if let Some(shape) = self.outcome.shape {
            push("outcome.shape".into(), format!("Weibull shape = {shape}"), &self.outcome.provenance);
        }
        if let Some(icc) = self.design.icc {
            push("design.icc".into(), format!("intraclass correlation = {icc}"), &self.design.provenance);
        }
        if let Some(cv) = self.design.cluster_size_cv {
            push("design.cluster_size_cv".into(), format!("cluster-size CV = {cv}"), &self.design.provenance);
        }
        if let Some(r) = self.design.baseline_correlation {
            push(
                "design.baseline_correlation".into(),
                format!("baseline–outcome correlation = {r}"),
                &self.design.provenance,
            );
        }
        if let Some(r) = self.design.correlation {
            push("design.correlation".into(), format!("within-subject correlation = {r}"), &self.design.provenance);
        }
        for (i, a) in self.arms.iter().enumerate() {
            let mut what = match (a.p, a.geometric_mean, a.rate) {
                (Some(p), _, _) => format!("{} p = {p}", a.name),
                (_, Some(g), _) => format!("{} geometric mean = {g}{unit}", a.name),
                (_, _, Some(rate)) => format!("{} rate = {rate}{unit}", a.name),
                _ if a.median.is_some() => {
                    let unit = self.outcome.time_unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
                    format!("{} median = {}{unit}", a.name, crate::numfmt::num(a.median.unwrap_or_default(), 6))
                }
                _ if a.probabilities.is_some() => {
                    let p: Vec<String> = a.probabilities.iter().flatten().map(|p| p.to_string()).collect();
                    format!("{} probabilities = [{}]", a.name, p.join(", "))
                }
                _ => format!("{} mean = {}{unit}", a.name, a.mean),
            };
            if let (true, Some(cv)) = (a.sd_overridden, a.cv) {
                what.push_str(&format!(", CV = {cv}"));
            } else if a.sd_overridden {
                what.push_str(&format!(", SD = {}{spread}", a.sd));
            }
            push(format!("arms[{i}]"), what, &a.provenance);
        }
        for (i, c) in self.comparisons.iter().enumerate() {
            if let Some(m) = c.hypothesis.margin() {
                let what = match crate::registry::outcome(self.outcome.distribution).ratio {
                    // Ratio margins as the ratio (the test uses its log).
                    Some(name) => {
                        let r = (-m).exp();
                        let r = crate::numfmt::num(r, 4);
                        match c.hypothesis {
                            Hypothesis::Equivalence { .. } => format!(
                                "{} equivalence margin = {name} from {r} to {}",
                                c.label,
                                crate::numfmt::num(m.exp(), 4)
                            ),
                            _ => {
                                let worst =
                                    if self.outcome.higher_is_better { r } else { crate::numfmt::num(m.exp(), 4) };
                                format!("{} non-inferiority margin = {name} {worst}", c.label)
                            }
                        }
                    }
                    None => format!("{} {} margin = {m}{spread}", c.label, c.hypothesis.name()),
                };
                push(format!("comparisons[{i}].margin"), what, &c.provenance);
            }
        }
        // A prior is a statement of belief, always a planning assumption.
        for (i, a) in self.arms.iter().enumerate() {
            if let Some(p) = &a.prior {
                out.push(Assumption {
                    key: format!("arms[{i}].prior"),
                    what: format!("{} prior: {}", a.name, p.describe()),
                    status: Status::Assumed,
                    source: Some("the uncertainty about this arm's value, for the assurance".into()),
                    evidence: Some(Evidence::Assumption),
                });
            }
        }
        out
    }
}

/// Largest scenario file read, in bytes. A scenario is a few kilobytes; this
/// bound keeps `plan /dev/zero` or a wrong file from filling memory.
pub const MAX_SCENARIO_BYTES: u64 = 1 << 20;

/// Reads a scenario's text from `path` (`-`: standard input), without
/// trusting its length: at most [`MAX_SCENARIO_BYTES`] are read, and a
/// longer input, or one that is not UTF-8 text, is refused.
pub fn read_text(path: &Path) -> Result<String, PlanError> {
    use std::io::Read;
    let io = |source| PlanError::Io { action: "cannot read", path: path.to_path_buf(), source };
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin().lock().take(MAX_SCENARIO_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
    } else {
        if std::fs::metadata(path).map_err(io)?.is_dir() {
            return Err(PlanError::Input(format!(
                "cannot read {}: it is a directory; name a scenario file (.toml)",
                path.display()
            )));
        }
        std::fs::File::open(path).map_err(io)?.take(MAX_SCENARIO_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
    }
    if bytes.len() as u64 > MAX_SCENARIO_BYTES {
        return Err(PlanError::Input(format!(
            "cannot read {}: larger than 1 MiB; a scenario is a small TOML file (a few kilobytes)",
            path.display()
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        PlanError::Input(format!(
            "cannot read {}: not UTF-8 text (invalid byte at offset {}); a scenario is a TOML file",
            path.display(),
            e.utf8_error().valid_up_to()
        ))
    })
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

/// What the sensitivity grid's spread factor multiplies for outcome `d`:
/// "SD" (normal), "CV" (lognormal); None otherwise.
pub fn spread_name(d: Distribution) -> Option<&'static str> {
    match d {
        Distribution::Normal => Some("SD"),
        Distribution::Lognormal => Some("CV"),
        _ => None,
    }
}
