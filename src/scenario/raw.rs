//! The serde mirror of the scenario file: exactly the keys a user may write,
//! with `deny_unknown_fields` so a misspelt key is an error rather than a
//! silently ignored default. Numbers that need range checks are read as
//! `Option`s of wide types here and checked in [`super::validate`], so the
//! user gets "must be > 0" rather than a type error.

use serde::Deserialize;

/// Top level of a scenario file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawScenario {
    pub title: String,
    pub subject: Option<String>,
    pub subjects: Option<String>,
    pub outcome: RawOutcome,
    pub design: Option<RawDesign>,
    pub arms: Vec<RawArm>,
    pub comparisons: Vec<RawComparison>,
    #[serde(default)]
    pub analysis: RawAnalysis,
    #[serde(default)]
    pub simulation: RawSimulation,
    pub sensitivity: Option<RawSensitivity>,
}

/// `[sensitivity]`
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSensitivity {
    pub effect: Option<Vec<f64>>,
    pub sd: Option<Vec<f64>>,
    pub dropout: Option<Vec<f64>>,
}

/// `[outcome]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOutcome {
    pub name: String,
    pub unit: Option<String>,
    pub distribution: Option<String>,
    pub sd: Option<f64>,
    pub cv: Option<f64>,
    pub exposure: Option<f64>,
    pub dispersion: Option<f64>,
    pub categories: Option<Vec<RawCategory>>,
    pub time_unit: Option<String>,
    pub accrual: Option<f64>,
    pub follow_up: Option<f64>,
    pub shape: Option<f64>,
    pub loss: Option<f64>,
    pub higher_is_better: Option<bool>,
    pub source: Option<String>,
    pub assumed: Option<bool>,
    pub evidence: Option<String>,
}

/// One of `[outcome] categories`: a numeric score or a label.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum RawCategory {
    Score(f64),
    Label(String),
}

/// `[design]`
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDesign {
    pub kind: Option<String>,
    pub correlation: Option<f64>,
    pub baseline_correlation: Option<f64>,
    pub cluster_size: Option<i64>,
    pub icc: Option<f64>,
    pub unit: Option<String>,
    pub analysis: Option<String>,
    pub cluster_size_cv: Option<f64>,
    pub source: Option<String>,
    pub assumed: Option<bool>,
    pub evidence: Option<String>,
}

/// One `[[arms]]` entry. Which of `mean`, `sd` and `p` apply depends on
/// the outcome's distribution (the registry says; validation checks).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawArm {
    pub name: String,
    pub mean: Option<f64>,
    pub p: Option<f64>,
    pub geometric_mean: Option<f64>,
    pub cv: Option<f64>,
    pub rate: Option<f64>,
    pub probabilities: Option<Vec<f64>>,
    pub median: Option<f64>,
    pub hazard: Option<f64>,
    pub sd: Option<f64>,
    pub allocation: Option<f64>,
    pub prior: Option<RawPrior>,
    pub source: Option<String>,
    pub assumed: Option<bool>,
    pub evidence: Option<String>,
}

/// An arm's `prior = { ... }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPrior {
    pub distribution: Option<String>,
    pub sd: Option<f64>,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    pub ci: Option<Vec<f64>>,
    pub level: Option<f64>,
}

/// One `[[comparisons]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawComparison {
    pub treatment: Option<String>,
    pub reference: Option<String>,
    pub arms: Option<Vec<String>>,
    pub test: Option<String>,
    pub label: Option<String>,
    pub hypothesis: Option<String>,
    pub margin: Option<f64>,
    pub primary: Option<bool>,
    pub source: Option<String>,
    pub assumed: Option<bool>,
    pub evidence: Option<String>,
}

/// `[analysis]`
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAnalysis {
    pub alpha: Option<f64>,
    pub sides: Option<i64>,
    pub target_power: Option<f64>,
    pub dropout: Option<f64>,
    pub multiplicity: Option<String>,
    pub goal: Option<String>,
}

/// `[simulation]`
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSimulation {
    pub replicates: Option<i64>,
    pub seed: Option<i64>,
    pub n_min: Option<i64>,
    pub n_max: Option<i64>,
    pub precision: Option<bool>,
    pub max_replicates: Option<i64>,
}
