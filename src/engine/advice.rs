//! Allocation advice for many-to-one designs. When k ≥ 2 primary
//! comparisons share one control, giving the control √k times the
//! allocation of each treatment minimizes the variance of the k
//! comparisons for a fixed total (Dunnett 1955, JASA 50:1096–1121, §5;
//! Hochberg & Tamhane 1987, *Multiple Comparison Procedures*, §5.2). The
//! scenario is re-planned at that allocation so users can compare the
//! total N of both designs and pick the cheaper one.

use super::assemble::{goal_estimate, totals};
use super::result::{AllocationAdvice, AllocationOption, Cheaper};
use super::runner::{Progress, Runner};
use super::search::Threshold;
use super::study::Study;
use super::{simulate, Mode, Outcome};
use crate::scenario::Scenario;

/// The shared control of the primary two-arm comparisons, with k ≥ 2 and
/// equal treatment allocations; `None` otherwise.
fn shared_control(study: &Study<'_>) -> Option<(usize, usize, f64)> {
    let scenario = study.scenario();
    if study.design_of().unit() == crate::design::Unit::Subjects {
        return None;
    }
    let cmp = scenario.comparisons();
    let prim = study.primaries();
    let control = cmp[*prim.first()?].reference()?;
    let mut treatments = Vec::new();
    for &i in prim {
        if cmp[i].reference()? != control {
            return None;
        }
        treatments.push(cmp[i].treatment()?);
    }
    let w = scenario.arms()[treatments[0]].allocation;
    let equal = treatments.iter().all(|&t| (scenario.arms()[t].allocation - w).abs() < 1e-12);
    (treatments.len() >= 2 && equal).then_some((control, treatments.len(), w))
}

fn option(study: &Study<'_>, outcome: &Outcome) -> AllocationOption {
    let scenario = study.scenario();
    let (n_total, n_enrolled, arms) = totals(study, outcome.at);
    AllocationOption {
        weights: scenario.arms().iter().map(|a| a.allocation).collect(),
        n_per_arm: outcome.at,
        arms,
        n_total,
        n_enrolled,
        power: goal_estimate(study, &outcome.evaluated[&outcome.at]).power,
        reached: matches!(outcome.goal, Some(Threshold::Reached(_))),
    }
}

/// Re-plans at the √k:1 allocation and compares, when it applies and
/// differs from the scenario's own allocation.
pub(crate) fn advise(
    study: &Study<'_>,
    outcome: &Outcome,
    runner: &Runner,
    progress: &dyn Progress,
) -> Option<AllocationAdvice> {
    let (control, k, w) = shared_control(study)?;
    let scenario = study.scenario();
    let w_opt = w * (k as f64).sqrt();
    if (scenario.arms()[control].allocation - w_opt).abs() < 1e-9 {
        return None;
    }
    let alt: Scenario = scenario.with_allocation(control, w_opt);
    let alt_study = Study::new(&alt);
    let alt_outcome = simulate(&alt_study, runner, Mode::Search, progress, false);
    let mine = option(study, outcome);
    let theirs = option(&alt_study, &alt_outcome);
    let cheaper = match (mine.reached, theirs.reached) {
        (true, false) => Cheaper::Scenario,
        (false, true) => Cheaper::SqrtK,
        _ if mine.n_enrolled < theirs.n_enrolled => Cheaper::Scenario,
        _ if mine.n_enrolled > theirs.n_enrolled => Cheaper::SqrtK,
        _ => Cheaper::Equal,
    };
    Some(AllocationAdvice {
        control: scenario.arms()[control].name.clone(),
        k,
        scenario: mine,
        sqrt_k: theirs,
        cheaper,
    })
}
