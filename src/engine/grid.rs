//! The sensitivity grid: the recommended n (or, with `--n`, the power) in
//! every cell of effect factor × SD factor × dropout (`[sensitivity]`).
//!
//! Each (effect, SD) pair is one sample-size search on the scaled scenario
//! ([`Scenario::scaled`]), run exactly as the scenario's own (with its
//! precision control unless `--no-precision`), so the cell at effect ×1,
//! SD ×1 is the scenario's recommendation itself, reused, not re-run.
//! Dropout does not change power at a given number analysed, only how many
//! must be enrolled, so the dropout axis costs no simulation: each search
//! serves every dropout. The pairs run in parallel on the runner's pool;
//! each is a deterministic function of the scenario and seed (the same
//! replicate streams in every cell: common random numbers), so the grid's
//! bytes do not depend on the thread count.
//!
//! The cells are held as an [`ndarray::Array3`] indexed [effect, SD,
//! dropout] and exported long: one cell per JSON entry and CSV row.
//!
//! The one-dimensional variants of the first version ("effect x0.75",
//! "SD x1.25", with their power curves) are the grid's cells on the axes
//! through the scenario as written.

use ndarray::Array3;
use serde::ser::{Serialize, SerializeSeq, Serializer};

use super::assemble;
use super::result::{CurveRow, SensitivityResult};
use super::runner::{Progress, Runner};
use super::study::Study;
use super::{simulate, Mode, Outcome};
use crate::scenario::{Scenario, Sensitivity};

/// One cell of the grid.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GridCell {
    /// Factor on every arm's difference from the control.
    pub effect: f64,
    /// Factor on every SD (lognormal outcomes: on the CV).
    pub sd: f64,
    /// Dropout fraction.
    pub dropout: f64,
    /// The recommended n per arm of weight 1 (with `--n`: that n); when the
    /// target is not reached, the n of the best power seen.
    pub n_per_arm: u32,
    /// Analysable subjects over all arms at that n.
    pub n_total: u32,
    /// Subjects to enroll over all arms at this dropout.
    pub n_enrolled: u32,
    /// The goal's power at that n.
    pub power: f64,
    /// Lower end of its 95% Monte Carlo interval.
    pub ci_low: f64,
    /// Upper end of its 95% Monte Carlo interval.
    pub ci_high: f64,
    /// True when the goal reaches the target power at `n_per_arm`.
    pub reached: bool,
}

/// The grid: its axes and its cells, indexed [effect, SD, dropout].
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Effect factors, ascending (1 included).
    pub effect: Vec<f64>,
    /// SD factors, ascending (1 included; just 1 for outcomes without an SD).
    pub sd: Vec<f64>,
    /// Dropout fractions, ascending.
    pub dropout: Vec<f64>,
    /// The cells.
    pub cells: Array3<GridCell>,
    /// Replicates per n in every cell.
    pub replicates: u64,
}

impl Grid {
    /// Every cell, effect outermost, dropout innermost.
    pub fn iter(&self) -> impl Iterator<Item = &GridCell> {
        self.cells.iter()
    }
}

/// The JSON's `grid`: a list of cells, effect outermost.
impl Serialize for Grid {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.cells.len()))?;
        for cell in self.iter() {
            seq.serialize_element(cell)?;
        }
        seq.end()
    }
}

/// What one (effect, SD) search gives.
struct Searched {
    n: u32,
    n_total: u32,
    power: f64,
    ci_low: f64,
    ci_high: f64,
    reached: bool,
    variant: Option<(SensitivityResult, Vec<CurveRow>)>,
}

/// What the search of one pair gives, from its study and outcome.
fn searched(study: &Study<'_>, outcome: &Outcome, variant: Option<&String>, (e, s): (f64, f64)) -> Searched {
    let target = study.scenario().analysis().target_power;
    let (recommendation, goal) = assemble::recommendation_and_goal(study, outcome);
    let (n_total, _, _) = assemble::totals(study, outcome.at);
    let reached = recommendation.as_ref().map_or(goal.power >= target, |r| r.reached);
    let variant = variant.map(|name| {
        let curve = assemble::curve_rows(study, outcome, name);
        let result = SensitivityResult {
            variant: name.clone(),
            effect_factor: e,
            sd_factor: s,
            recommendation,
            goal: goal.clone(),
        };
        (result, curve)
    });
    Searched { n: outcome.at, n_total, power: goal.power, ci_low: goal.ci_low, ci_high: goal.ci_high, reached, variant }
}

/// The grid, and the one-dimensional variants with their curve rows.
/// `study` and `outcome` are the run of the scenario as written: its cell
/// (effect ×1, SD ×1) is that run, not a second one.
pub(crate) fn sensitivity(
    study: &Study<'_>,
    outcome: &Outcome,
    sens: &Sensitivity,
    mode: Mode,
    runner: &Runner,
    progress: &dyn Progress,
) -> (Grid, Vec<SensitivityResult>, Vec<CurveRow>) {
    let scenario = study.scenario();
    let spread = scenario.spread_name().unwrap_or("SD");
    let (effects, sds) = (sens.effect_axis(), sens.sd_axis());
    let dropouts = sens.dropout_axis(scenario.analysis().dropout);
    // The variants, in the order the user listed them.
    let variants: Vec<(String, f64, f64)> = sens
        .effect
        .iter()
        .map(|&f| (format!("effect x{f}"), f, 1.0))
        .chain(sens.sd.iter().map(|&f| (format!("{spread} x{f}"), 1.0, f)))
        .collect();
    let pairs: Vec<(f64, f64)> = effects.iter().flat_map(|&e| sds.iter().map(move |&s| (e, s))).collect();
    let variant_of = |e: f64, s: f64| variants.iter().find(|v| v.1 == e && v.2 == s).map(|v| &v.0);
    let searched: Vec<Searched> = runner.map(&pairs, |&(e, s)| {
        if (e, s) == (1.0, 1.0) {
            return searched(study, outcome, variant_of(e, s), (e, s));
        }
        let scaled = scenario.scaled(e, s);
        let cell = Study::new(&scaled);
        let variant = variant_of(e, s);
        let run = simulate(&cell, runner, mode, progress, variant.is_some());
        searched(&cell, &run, variant, (e, s))
    });
    // Enrolment at each dropout: the design's own rounding, per arm.
    let designs: Vec<Scenario> = dropouts.iter().map(|&d| scenario.with_dropout(d)).collect();
    let studies: Vec<Study<'_>> = designs.iter().map(Study::new).collect();
    let cells = Array3::from_shape_fn((effects.len(), sds.len(), dropouts.len()), |(i, j, k)| {
        let x = &searched[i * sds.len() + j];
        let (_, n_enrolled, _) = assemble::totals(&studies[k], x.n);
        GridCell {
            effect: effects[i],
            sd: sds[j],
            dropout: dropouts[k],
            n_per_arm: x.n,
            n_total: x.n_total,
            n_enrolled,
            power: x.power,
            ci_low: x.ci_low,
            ci_high: x.ci_high,
            reached: x.reached,
        }
    });
    let mut found: Vec<Option<(SensitivityResult, Vec<CurveRow>)>> = searched.into_iter().map(|x| x.variant).collect();
    let mut results = Vec::new();
    let mut curve = Vec::new();
    for (_, e, s) in &variants {
        let at = pairs.iter().position(|p| p == &(*e, *s)).expect("every variant is a cell");
        // A factor listed twice names one cell: take it once.
        if let Some((r, c)) = found[at].take() {
            results.push(r);
            curve.extend(c);
        }
    }
    let grid =
        Grid { effect: effects, sd: sds, dropout: dropouts, cells, replicates: scenario.simulation().replicates };
    (grid, results, curve)
}
