//! Builds the [`PlanResult`] from the simulations: the recommendation, the
//! per-comparison results, the goal, and the curve rows.

use super::result::{
    AllocationAdvice, ArmSize, ComparisonResult, CurvePoint, CurveRow, DataSource, DesignResult, GoalResult,
    PlanResult, PowerAt, Recommendation, Settings,
};
use super::result::{SizeMethod, Warning};
use super::runner::{Counts, Runner};
use super::search::Threshold;
use super::study::Study;
use super::{Outcome, PowerEstimate};
use crate::scenario::{ClusterAnalysis, Goal, Hypothesis, HypothesisKind, Scenario, TestKind};

/// Totals at n, as the design counts them: (subjects analysed, enrolled,
/// per-arm sizes).
pub(crate) fn totals(study: &Study<'_>, n: u32) -> (u32, u32, Vec<ArmSize>) {
    let design = study.design_of();
    let arms: Vec<ArmSize> = design
        .sizes(n)
        .into_iter()
        .zip(study.scenario().arms())
        .map(|(size, arm)| ArmSize { arm: arm.name.clone(), n: size, enrolled: design.enrolled_of(size) })
        .collect();
    (design.analysed(n), design.enrolled(n), arms)
}

/// The goal's estimate from one simulation ("each": the weakest primary).
pub(crate) fn goal_estimate(study: &Study<'_>, c: &Counts) -> PowerEstimate {
    super::goal_criterion(study).estimate(c)
}

fn goal_meaning(goal: Goal) -> &'static str {
    match goal {
        Goal::Each => "every primary comparison reaches the target power on its own",
        Goal::All => "all primary hypotheses are rejected in the same study",
        Goal::Any => "at least one primary hypothesis is rejected",
    }
}

/// Clustered designs: the variance factor of a cluster's mean as the
/// design's analysis weighs it, and the moments of the cluster sizes.
fn cluster_factor(
    scenario: &Scenario,
    analysis: ClusterAnalysis,
) -> Option<(f64, crate::design::clustered::SizeMoments)> {
    use crate::design::clustered::{mean_variance_factor, SizeMoments};
    let d = scenario.design();
    let (m, icc) = d.cluster_size.zip(d.icc)?;
    let sizes = SizeMoments::of(m, d.cluster_size_cv.unwrap_or(0.0));
    Some((mean_variance_factor(sizes, icc, analysis), sizes))
}

/// The design's own analysis of its clusters (its comparisons' default).
fn design_analysis(scenario: &Scenario) -> ClusterAnalysis {
    scenario.design().cluster_analysis.unwrap_or(ClusterAnalysis::Means)
}

/// Assembles the whole result.
pub(crate) fn result(
    study: &Study<'_>,
    runner: &Runner,
    outcome: &Outcome,
    allocation_advice: Option<AllocationAdvice>,
) -> PlanResult {
    let scenario = study.scenario();
    let a = scenario.analysis();
    let sim = scenario.simulation();
    let (recommendation, goal) = recommendation_and_goal(study, outcome);
    PlanResult {
        tool: "plan",
        version: env!("CARGO_PKG_VERSION"),
        title: scenario.title().to_string(),
        subject: scenario.subject().clone(),
        input: scenario.source().clone(),
        outcome: scenario.outcome().clone(),
        design: DesignResult {
            kind: scenario.design().kind,
            correlation: scenario.design().correlation,
            baseline_correlation: scenario.design().baseline_correlation,
            cluster_size: scenario.design().cluster_size,
            icc: scenario.design().icc,
            design_effect: cluster_factor(scenario, design_analysis(scenario)).map(|(f, sizes)| {
                match scenario.design().cluster_size_cv {
                    // Equal sizes: 1 + (m − 1)·ICC as written, without rounding error.
                    None => {
                        crate::design::clustered::design_effect(sizes.mean as u32, scenario.design().icc.unwrap_or(0.0))
                    }
                    Some(_) => f * sizes.mean,
                }
            }),
            analysis: scenario.design().cluster_analysis,
            cluster_size_cv: scenario.design().cluster_size_cv,
            mean_cluster_size: cluster_factor(scenario, design_analysis(scenario))
                .filter(|_| scenario.design().cluster_size_cv.is_some())
                .map(|(_, sizes)| sizes.mean),
            tradeoff: Vec::new(),
            unit: study.design_of().unit(),
        },
        arms: scenario.arms().to_vec(),
        settings: Settings {
            alpha: a.alpha,
            sides: a.sides.count(),
            target_power: a.target_power,
            dropout: a.dropout,
            n_min: sim.n_min,
            n_max: sim.n_max,
            data_path: if runner.uses_summaries(study) { DataSource::Summary } else { DataSource::Raw },
            multiplicity: a.multiplicity,
            goal: a.goal,
            precision: sim.precision,
            max_replicates: sim.max_replicates,
        },
        recommendation,
        comparisons: comparison_results(study, outcome),
        goal,
        allocation_advice,
        curve: curve_rows(study, outcome, "base"),
        sensitivity: Vec::new(),
        grid: None,
        assurance: None,
        assumptions: scenario.assumptions(),
        pinned_arms: scenario
            .arms()
            .iter()
            .filter(|a| (a.allocation * f64::from(outcome.at)).round() < 2.0)
            .map(|a| a.name.clone())
            .collect(),
        replicates: sim.replicates,
        seed: sim.seed,
        warnings: warnings(study, runner, outcome),
    }
}

/// How far above the recommended n the exact power is checked for dips.
const DIP_SCAN: u32 = 10;
/// An exact size above this multiple of the level is worth a warning
/// (sizes just above α, as 0.0501 for 0.05, are not).
const LIBERAL: f64 = 1.1;

/// Checks of the recommended n. Exact, where the model enumerates outcomes
/// (binary, Poisson): the power of a discrete test is not monotone in n,
/// and a test such as the chi-squared can reject a true null more often
/// than α at small n. Simulated, for the asymptotic tests that rank or fit
/// raw data (Mann–Whitney, the negative binomial Wald test, the log-rank
/// test) where a comparison has one level: the size at n from the
/// scenario's replicates, flagged only when its 95% interval lies above
/// 1.1 × the level (so a test of nominal size is flagged with probability
/// about 1e-5).
fn warnings(study: &Study<'_>, runner: &Runner, outcome: &Outcome) -> Vec<Warning> {
    let scenario = study.scenario();
    let mut out = against_direction(scenario);
    let Some(Threshold::Reached(n)) = outcome.goal else { return out };
    let target = scenario.analysis().target_power;
    for &i in study.primaries() {
        let c = &scenario.comparisons()[i];
        // Under Holm or Hochberg a comparison has no single level: α, the
        // largest it can be tested at, is checked instead.
        let single = study.comparison_alpha(i, &study.design(n));
        let level = single.unwrap_or(scenario.analysis().alpha);
        let exact = |s: &Study<'_>, m: u32| s.exact_power_at(i, &s.design(m), level);
        if exact(study, n).is_none() {
            if let (Some(t), Some(r), Hypothesis::Superiority, Some(_)) =
                (c.treatment(), c.reference(), c.hypothesis, single)
            {
                if study.test_needs(i) == crate::analysis::Needs::Raw {
                    let null = scenario.with_null(t, r);
                    let null_study = Study::new(&null);
                    let sim = scenario.simulation();
                    let counts = runner.simulate(&null_study, n, sim.replicates, sim.seed, &super::NoProgress);
                    let est = PowerEstimate::new(counts.rejections[i], counts.replicates);
                    if est.ci_low > level * LIBERAL {
                        out.push(Warning::Liberal {
                            comparison: c.label.clone(),
                            n_per_arm: n,
                            size: est.power,
                            level,
                            method: SizeMethod::Simulated,
                        });
                    }
                }
            }
            continue;
        }
        // A dip is only defined where the comparison has one level.
        if single.is_some() {
            let dip = (n + 1..=n + DIP_SCAN).find_map(|m| exact(study, m).filter(|&p| p < target).map(|p| (m, p)));
            if let Some((m, p)) = dip {
                out.push(Warning::PowerDips { comparison: c.label.clone(), n_per_arm: m, power: p });
            }
        }
        if let (Some(t), Some(r), Hypothesis::Superiority) = (c.treatment(), c.reference(), c.hypothesis) {
            let null = scenario.with_null(t, r);
            let null_study = Study::new(&null);
            if let Some(size) = exact(&null_study, n).filter(|&size| size > level * LIBERAL) {
                out.push(Warning::Liberal {
                    comparison: c.label.clone(),
                    n_per_arm: n,
                    size,
                    level,
                    method: SizeMethod::Exact,
                });
            }
        }
    }
    out
}

/// One-sided superiority comparisons whose planned effect runs against the
/// direction of benefit (`higher_is_better`): a setting mistake more often
/// than a plan.
fn against_direction(scenario: &Scenario) -> Vec<Warning> {
    if scenario.analysis().sides != crate::scenario::Sides::One {
        return Vec::new();
    }
    let higher = scenario.outcome().higher_is_better;
    let arms = scenario.arms();
    scenario
        .comparisons()
        .iter()
        .filter(|c| c.hypothesis == Hypothesis::Superiority)
        .filter_map(|c| {
            let d = arms[c.treatment()?].mean - arms[c.reference()?].mean;
            let against = if higher { d < 0.0 } else { d > 0.0 };
            against.then(|| Warning::AgainstDirection { comparison: c.label.clone() })
        })
        .collect()
}

/// The recommendation (search only) and the goal's result at the reported n.
pub(crate) fn recommendation_and_goal(study: &Study<'_>, outcome: &Outcome) -> (Option<Recommendation>, GoalResult) {
    let scenario = study.scenario();
    let a = scenario.analysis();
    let at_counts = &outcome.evaluated[&outcome.at];
    let goal_est = goal_estimate(study, at_counts);
    let recommendation = outcome.goal.map(|g| {
        let (n_total, n_enrolled, arms) = totals(study, outcome.at);
        let reached = matches!(g, Threshold::Reached(_));
        let below = outcome.evaluated.get(&outcome.at.wrapping_sub(1)).filter(|_| reached).map(|c| {
            let e = goal_estimate(study, c);
            PowerAt { n_per_arm: c.n, power: e.power, ci_low: e.ci_low, ci_high: e.ci_high, replicates: c.replicates }
        });
        Recommendation {
            n_per_arm: outcome.at,
            n_total,
            n_enrolled,
            power: goal_est.power,
            ci_low: goal_est.ci_low,
            ci_high: goal_est.ci_high,
            reached,
            arms,
            replicates: at_counts.replicates,
            below,
            resolved: outcome.resolved,
            events: study.expected_events(outcome.at),
            measurements: study.expected_measurements(outcome.at),
        }
    });
    let rate = |i: usize| at_counts.rejections[i] as f64 / at_counts.replicates as f64;
    let goal = GoalResult {
        name: a.goal,
        meaning: goal_meaning(a.goal),
        power: goal_est.power,
        ci_low: goal_est.ci_low,
        ci_high: goal_est.ci_high,
        n_per_arm: match outcome.goal {
            Some(Threshold::Reached(n)) => Some(n),
            _ => None,
        },
        power_all: rate(study.all_index()),
        power_any: rate(study.any_index()),
    };
    (recommendation, goal)
}

fn comparison_results(study: &Study<'_>, outcome: &Outcome) -> Vec<ComparisonResult> {
    let scenario = study.scenario();
    let arms = scenario.arms();
    let prep = study.design(outcome.at);
    let counts = &outcome.evaluated[&outcome.at];
    scenario
        .comparisons()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let est = PowerEstimate::new(counts.rejections[i], counts.replicates);
            let (n_per_arm, reached) = match outcome.thresholds[i] {
                None => (None, None),
                Some(Threshold::Reached(n)) => (Some(n), Some(true)),
                Some(Threshold::NotReached { .. }) => (None, Some(false)),
            };
            let (difference, d, d_z) = effect_sizes(scenario, c);
            let pair = c.treatment().zip(c.reference()).map(|(t, r)| (&arms[t], &arms[r]));
            let design = scenario.design();
            let analysis = if c.test == TestKind::Mixed { ClusterAnalysis::Mixed } else { ClusterAnalysis::Means };
            let d_adjusted = match (design.baseline_correlation, cluster_factor(scenario, analysis)) {
                (Some(rho), _) => Some(d / (1.0 - rho * rho).sqrt()),
                (None, Some((f, _))) => Some(d / f.sqrt()),
                _ => None,
            }
            .filter(|_| pair.is_some());
            let odds_ratio = pair.and_then(|(t, r)| {
                let (pt, pr) = (t.p?, r.p?);
                Some(pt / (1.0 - pt) / (pr / (1.0 - pr)))
            });
            let ratio_outcome = crate::registry::outcome(scenario.outcome().distribution).ratio.is_some();
            let ratio = pair.filter(|_| ratio_outcome).map(|(t, r)| (t.mean - r.mean).exp());
            let margin_ratio = c.hypothesis.margin().filter(|_| ratio_outcome).map(|m| {
                let worse = matches!(c.hypothesis, crate::scenario::Hypothesis::Equivalence { .. })
                    || scenario.outcome().higher_is_better;
                if worse {
                    (-m).exp()
                } else {
                    m.exp()
                }
            });
            let probability_better = pair.and_then(|(t, r)| {
                let (pt, pr) = (t.probabilities.as_ref()?, r.probabilities.as_ref()?);
                Some(if scenario.outcome().higher_is_better {
                    crate::model::ordinal::probability_higher(pt, pr)
                } else {
                    crate::model::ordinal::probability_higher(pr, pt)
                })
            });
            let schoenfeld = c.test == TestKind::Logrank && c.hypothesis.kind() != HypothesisKind::Equivalence;
            let events_required = pair.filter(|_| schoenfeld).map(|(t, r)| {
                let shift = match c.hypothesis {
                    crate::scenario::Hypothesis::NonInferiority { margin } => {
                        if scenario.outcome().higher_is_better {
                            -margin
                        } else {
                            margin
                        }
                    }
                    _ => 0.0,
                };
                let share = t.allocation / (t.allocation + r.allocation);
                let two_sided = scenario.analysis().sides == crate::scenario::Sides::Two
                    && c.hypothesis == crate::scenario::Hypothesis::Superiority;
                crate::analysis::logrank::events_required(
                    t.mean - r.mean,
                    shift,
                    share,
                    scenario.analysis().alpha,
                    two_sided,
                    scenario.analysis().target_power,
                )
            });
            let analytic = study.analytic_power(i, &prep);
            ComparisonResult {
                label: c.label.clone(),
                treatment: c.treatment().map(|t| arms[t].name.clone()),
                reference: c.reference().map(|r| arms[r].name.clone()),
                arms: c.arms.iter().map(|&k| arms[k].name.clone()).collect(),
                test: c.test,
                hypothesis: c.hypothesis.kind(),
                margin: c.hypothesis.margin(),
                margin_ratio,
                margin_source: c.hypothesis.margin().and(c.provenance.source.clone()),
                primary: c.primary,
                adjusted_alpha: study.comparison_alpha(i, &prep),
                difference,
                d,
                d_z,
                d_adjusted,
                odds_ratio,
                ratio,
                probability_better,
                events_required,
                n_per_arm,
                reached,
                power: est.power,
                mc_se: est.mc_se,
                ci_low: est.ci_low,
                ci_high: est.ci_high,
                analytic_power: analytic.map(|p| p.value),
                analytic_method: analytic.map(|p| p.method),
                df: study.df(i, &prep),
                mde: None,
                mde_unavailable: None,
            }
        })
        .collect()
}

/// A comparison's difference (treatment − reference; null for ANOVA), its
/// standardized difference d = difference / √((σ_t² + σ_r²)/2) (Cohen's f
/// for ANOVA), and d_z in paired designs.
pub(crate) fn effect_sizes(scenario: &Scenario, c: &crate::scenario::Comparison) -> (Option<f64>, f64, Option<f64>) {
    let arms = scenario.arms();
    match (c.treatment(), c.reference()) {
        (Some(t), Some(r)) => {
            let (t, r) = (&arms[t], &arms[r]);
            let diff = t.mean - r.mean;
            let d_z = scenario
                .design()
                .correlation
                .map(|rho| diff / (t.sd * t.sd + r.sd * r.sd - 2.0 * rho * t.sd * r.sd).sqrt());
            (Some(diff), diff / ((t.sd * t.sd + r.sd * r.sd) / 2.0).sqrt(), d_z)
        }
        _ => (None, cohens_f(scenario, &c.arms), None),
    }
}

/// Cohen's f for equal allocation: SD of the arm means around their mean,
/// over the root mean square of the arm SDs.
fn cohens_f(scenario: &Scenario, idx: &[usize]) -> f64 {
    let arms = scenario.arms();
    let g = idx.len() as f64;
    // Centred on the first arm, so that large means cannot overflow the sum.
    let centre = arms[idx[0]].mean;
    let mean = idx.iter().map(|&k| arms[k].mean - centre).sum::<f64>() / g;
    let between = idx.iter().map(|&k| (arms[k].mean - centre - mean).powi(2)).sum::<f64>() / g;
    let within = idx.iter().map(|&k| arms[k].sd.powi(2)).sum::<f64>() / g;
    (between / within).sqrt()
}

pub(crate) fn curve_rows(study: &Study<'_>, outcome: &Outcome, variant: &str) -> Vec<CurveRow> {
    let scenario = study.scenario();
    let with_goal = study.primaries().len() > 1 || scenario.comparisons().iter().any(|c| c.test == TestKind::Dunnett);
    let mut rows = Vec::new();
    for (&n, counts) in &outcome.evaluated {
        let prep = study.design(n);
        let (n_total, n_enrolled, _) = totals(study, n);
        let row = |label: String, est: PowerEstimate, analytic: Option<f64>| CurveRow {
            scenario: scenario.title().to_string(),
            variant: variant.to_string(),
            comparison: label,
            n_per_arm: n,
            n_total,
            n_enrolled,
            power: est.power,
            mc_se: est.mc_se,
            ci_low: est.ci_low,
            ci_high: est.ci_high,
            analytic_power: analytic,
            replicates: counts.replicates,
            seed: scenario.simulation().seed,
            version: env!("CARGO_PKG_VERSION"),
            point: if outcome.grid.contains(&n) { CurvePoint::Grid } else { CurvePoint::Search },
            events: study.expected_events(n),
            measurements: study.expected_measurements(n),
            assurance: None,
        };
        for (i, c) in scenario.comparisons().iter().enumerate() {
            let est = PowerEstimate::new(counts.rejections[i], counts.replicates);
            rows.push(row(c.label.clone(), est, study.analytic_power(i, &prep).map(|p| p.value)));
        }
        if with_goal {
            let goal = scenario.analysis().goal;
            rows.push(row(goal.name().to_string(), goal_estimate(study, counts), study.analytic_goal(&prep)));
        }
    }
    rows
}
